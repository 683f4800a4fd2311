"""The order of the stages: validate → Book → typeset → write atomically.

``build_book`` and ``preview_recipe`` are plain functions (no click), usable from tests,
benchmarks and other tools.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .errors import BuildError, ValidationFailed
from .findings import Finding, Severity
from .project import Project
from .validate import validate_project

#: progress(stage, done, total); the stage is "recipes" (one step per recipe set).
Progress = Callable[[str, int, int], None]
T = TypeVar("T")


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long it took."""

    output: Path
    pages: int
    recipes: int
    size: int  # bytes
    seconds: float
    warnings: list[Finding] = field(default_factory=list)


def build_book(
    project: Project,
    *,
    output: Path | None = None,
    page_size: str | None = None,
    units: str | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Validate the project and typeset the whole book into ``output`` (default from book.yaml).

    Raises :class:`ValidationFailed` (nothing written) when the sources have errors, and
    :class:`BuildError` for problems found while typesetting (an unreadable picture).
    """
    started = time.perf_counter()
    report = validate_project(project)
    if report.errors:
        raise ValidationFailed(report.findings)
    book = report.book()
    target = output if output is not None else project.output_pdf(book.config)
    from .typeset.book import typeset_book

    result = _write_atomically(
        target,
        lambda tmp: typeset_book(
            book,
            tmp,
            cache_dir=project.cache_dir,
            images_dir=project.images_dir,
            page_size=page_size,
            units=units,
            progress=progress,
        ),
    )
    warnings = list(book.findings) + _glyph_findings(result.missing_glyphs)
    return BuildResult(
        output=target,
        pages=result.pages,
        recipes=result.recipes,
        size=target.stat().st_size,
        seconds=time.perf_counter() - started,
        warnings=warnings,
    )


def preview_recipe(
    project: Project,
    recipe_file: Path,
    output: Path,
    *,
    page_size: str | None = None,
    units: str | None = None,
) -> BuildResult:
    """Typeset one recipe alone into a PDF at ``output`` (its pages only)."""
    started = time.perf_counter()
    report = validate_project(project, [recipe_file])
    if report.errors:
        raise ValidationFailed(report.findings)
    if not report.recipes:
        raise BuildError(f"{recipe_file}: no recipe could be read from this file")
    book = report.book()
    if not book.recipes:
        raise BuildError(f"{recipe_file}: the recipe's category is not a chapter of book.yaml")
    from .typeset.book import typeset_recipe

    result = _write_atomically(
        output,
        lambda tmp: typeset_recipe(
            book,
            book.recipes[0],
            tmp,
            cache_dir=project.cache_dir,
            images_dir=project.images_dir,
            page_size=page_size,
            units=units,
        ),
    )
    return BuildResult(
        output=output,
        pages=result.pages,
        recipes=1,
        size=output.stat().st_size,
        seconds=time.perf_counter() - started,
        warnings=list(book.findings) + _glyph_findings(result.missing_glyphs),
    )


def _write_atomically(target: Path, write: Callable[[Path], T]) -> T:
    """Write through a temporary file in the same folder, then rename over ``target``."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create the folder {target.parent}: {exc.strerror}") from None
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        result = write(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        raise BuildError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return result


def _glyph_findings(missing: dict[str, tuple[str, str]]) -> list[Finding]:
    return [
        Finding(
            file,
            None,
            None,
            None,
            Severity.WARNING,
            "FONT",
            f"the character '{char}' (U+{ord(char):04X}) in \"{sample}\" is in none of the "
            "book's fonts and prints as an empty box",
            hint="replace it with a plain character or a word",
        )
        for char, (file, sample) in sorted(missing.items())
    ]
