"""The book project on disk: where book.yaml, recipes, images and output are."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .config import BookConfig
from .errors import ProjectError
from .findings import Finding, SourcePos
from .loader import load_yaml
from .model import slugify
from .schema import validation_findings

BOOK_FILE = "book.yaml"
RECIPE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Project:
    """A book project folder (the one holding ``book.yaml``)."""

    root: Path

    @classmethod
    def open(cls, folder: Path) -> Project:
        root = folder.expanduser().resolve()
        if not root.is_dir():
            raise ProjectError(f"{folder}: no such folder")
        if not (root / BOOK_FILE).is_file():
            raise ProjectError(
                f"{folder}: no {BOOK_FILE} here, so this is not a book project. "
                "Run the command inside your book folder, use `recipebook -C FOLDER …`, "
                "or start a new one with `recipebook init FOLDER`."
            )
        return cls(root)

    @property
    def book_file(self) -> Path:
        return self.root / BOOK_FILE

    @property
    def recipes_dir(self) -> Path:
        return self.root / "recipes"

    @property
    def images_dir(self) -> Path:
        return self.root / "images"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def cache_dir(self) -> Path:
        return self.output_dir / ".cache"

    def relative(self, path: Path) -> str:
        """``recipes/x.yaml`` for a path inside the project (a link is named where it is,
        not where it points); a path outside it relative to the current folder."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except (OSError, RuntimeError, ValueError):
            pass
        try:
            return Path(os.path.relpath(absolute)).as_posix()
        except ValueError:  # another drive on Windows
            return absolute.as_posix()

    def recipe_files(self) -> list[Path]:
        """Every ``recipes/**/*.yaml`` and ``*.yml``, in a stable (sorted) order."""
        if not self.recipes_dir.is_dir():
            return []
        found = [
            p
            for p in self.recipes_dir.rglob("*")
            if p.suffix.lower() in RECIPE_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(self.root).parts)
        ]
        return sorted(found, key=lambda p: p.relative_to(self.root).as_posix())

    def output_pdf(self, config: BookConfig) -> Path:
        """Where `build` writes the book: ``output:`` from book.yaml or output/<title>.pdf."""
        if config.output:
            return self.root / config.output
        return self.output_dir / f"{slugify(config.title)}.pdf"

    def load_config(self) -> tuple[BookConfig | None, list[Finding]]:
        """Read and check ``book.yaml``; every problem is a finding."""
        doc = load_yaml(self.book_file, BOOK_FILE)
        if not doc.ok:
            return None, doc.findings
        if not isinstance(doc.data, dict):
            empty = "book.yaml is empty; it" if doc.data is None else "book.yaml"
            return None, [
                Finding.at(
                    SourcePos(BOOK_FILE, 1, 1),
                    "SCHEMA",
                    f"{empty} must be a mapping of keys (title: …, author: …, chapters: …)",
                    hint="`recipebook init NEW_FOLDER` writes a complete example",
                )
            ]
        try:
            config = BookConfig.model_validate(doc.data)
        except ValidationError as exc:
            return None, doc.findings + validation_findings(exc, doc, BookConfig)
        findings = list(doc.findings)
        seen: dict[str, int] = {}
        for index, chapter in enumerate(config.chapters):
            if chapter.id in seen:
                findings.append(
                    Finding.at(
                        doc.pos(("chapters", index, "id")),
                        "DUPLICATE",
                        f"chapter id '{chapter.id}' is used twice (first as chapter "
                        f"{seen[chapter.id] + 1})",
                        field=f"chapters[{index}].id",
                        hint="give each chapter its own id",
                    )
                )
            seen.setdefault(chapter.id, index)
        for key in ("intro", "about"):
            value = getattr(config, key)
            problem = self._file_problem(value) if value else None
            if problem:
                findings.append(_file_finding(doc.pos((key,)), key, problem))
        for index, value in enumerate(config.front_matter):
            problem = self._file_problem(value)
            if problem:
                field = f"front_matter[{index}]"
                findings.append(_file_finding(doc.pos(("front_matter", index)), field, problem))
        return config, findings

    def _file_problem(self, value: str) -> str | None:
        """Why the Markdown file ``value`` named in book.yaml cannot be used, if it cannot."""
        shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value)
        if shown != value:
            return f"'{shown[:80]}' contains an invisible character"
        if len(value) > 255:
            return f"the file name is {len(value)} characters long; file names are shorter"
        path = Path(value.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (len(value) > 1 and value[1] == ":"):
            return f"'{value}' is outside the book folder"
        try:
            if (self.root / path).is_dir():
                return f"'{value}' is a folder, not a file"
            if not (self.root / path).is_file():
                return f"the file '{value}' does not exist"
        except OSError:
            return f"the file '{value}' cannot be read"
        return None


def _file_finding(pos: SourcePos, key: str, problem: str) -> Finding:
    return Finding.at(
        pos,
        "SCHEMA",
        problem,
        field=key,
        hint="paths in book.yaml are relative to the book folder, e.g. recipes/intro.md",
    )
