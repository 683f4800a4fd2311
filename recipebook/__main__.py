"""``python -m recipebook`` and the ``recipebook`` console script."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
