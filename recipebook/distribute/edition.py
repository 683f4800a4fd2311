"""Which book is being sent: the built PDF and its edition (a hash of its content)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..config import BookConfig
from ..errors import DistributionError
from ..model import slugify
from ..project import Project


@dataclass(frozen=True, slots=True)
class Edition:
    """A built book: the ledger records deliveries per edition, so a new build goes out again."""

    id: str  # sha256 of the book file (builds are reproducible: same sources, same bytes)
    label: str  # `edition:` from book.yaml, for people
    book: Path

    @property
    def short(self) -> str:
        return self.id[:12]

    @property
    def folder(self) -> str:
        """Folder name for this edition's copies and outbox, e.g. ``2026-3f2a9c1b7d4e``."""
        return f"{slugify(self.label, max_length=30)}-{self.short}"

    def __str__(self) -> str:
        return f"{self.label} ({self.short})"


def locate_book(project: Project, config: BookConfig, override: Path | None = None) -> Path:
    """The built book (``--book`` or where `build` writes it), or a clear error."""
    book = override if override is not None else project.output_pdf(config)
    if not book.is_file():
        shown = project.relative(book)
        if override is not None:
            raise DistributionError(f"{shown}: no such file (check --book)")
        raise DistributionError(
            f"the book has not been built yet ({shown} does not exist); "
            "run `recipebook build` first"
        )
    return book


def read_edition(book: Path, label: str) -> Edition:
    digest = hashlib.sha256()
    try:
        with book.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise DistributionError(f"cannot read {book.name}: {exc.strerror or exc}") from None
    return Edition(digest.hexdigest(), label, book)


def stale_sources(project: Project, book: Path) -> list[str]:
    """Recipes changed after the book was built (the author may have forgotten to build).

    book.yaml is left out: setting up `distribution:` after building is the usual order.
    """
    built = book.stat().st_mtime
    sources = list(project.recipe_files())
    if project.recipes_dir.is_dir():
        sources += sorted(project.recipes_dir.rglob("*.md"))
    return [project.relative(p) for p in sources if p.stat().st_mtime > built + 1]
