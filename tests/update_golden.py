"""Regenerate the golden per-page text of the fixture book: ``python -m tests.update_golden``.

Run it after an intended change to the layout or the fixture book, then review the diff of
``tests/golden/fixture-book.txt`` before committing it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.typeset_support import GOLDEN, build_fixture, page_texts


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        pdf = build_fixture(Path(folder) / "book")
        GOLDEN.write_text(format_golden(page_texts(pdf)), encoding="utf-8")
    print(f"wrote {GOLDEN}")


def format_golden(pages: list[str]) -> str:
    return "".join(f"=== page {n} ===\n{text}\n" for n, text in enumerate(pages, 1))


if __name__ == "__main__":
    main()
