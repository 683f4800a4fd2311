"""Validate stage: check the whole project at once and assemble the :class:`Book`.

Every file is read and every problem collected before anything fails, so an author sees
all findings in one run.
"""

from __future__ import annotations

import difflib
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .config import BookConfig
from .findings import Finding, SourcePos, sorted_findings
from .images import ImageProblem, check_image, resolve_image
from .loader import load_yaml
from .model import Book, Chapter, Recipe, SafetyFacts
from .project import BOOK_FILE, Project
from .recipes import recipe_from_document
from .safety import assess


@dataclass
class Report:
    """What validation found: the config, the recipes that could be read, all findings."""

    project: Project
    config: BookConfig | None
    recipes: list[Recipe] = field(default_factory=list)
    safety: dict[str, SafetyFacts] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    def book(self) -> Book:
        """The validated book (call only when there are no errors)."""
        assert self.config is not None and not self.errors
        by_category: dict[str, list[Recipe]] = {}
        for recipe in self.recipes:
            by_category.setdefault(recipe.category, []).append(recipe)
        chapters = tuple(
            Chapter(
                id=c.id,
                title=c.title,
                intro=c.intro,
                recipes=tuple(sorted(by_category[c.id], key=lambda r: r.title.casefold())),
            )
            for c in self.config.chapters
            if by_category.get(c.id)
        )
        return Book(
            config=self.config,
            root=self.project.root,
            chapters=chapters,
            safety=MappingProxyType(dict(self.safety)),
            findings=tuple(self.warnings),
        )


def validate_project(project: Project, paths: Iterable[Path] | None = None) -> Report:
    """Check book.yaml and the recipe files (all, or just ``paths``) and collect findings."""
    config, findings = project.load_config()
    report = Report(project=project, config=config, findings=list(findings))
    files = (
        project.recipe_files()
        if paths is None
        else list(dict.fromkeys(Path(os.path.abspath(p)) for p in paths))
    )
    report.files_checked = len(files) + 1
    categories = [c.id for c in config.chapters] if config else []
    for path in files:
        doc = load_yaml(path, project.relative(path))
        report.findings.extend(doc.findings)
        recipe, problems = recipe_from_document(doc, categories)
        report.findings.extend(problems)
        if recipe is not None:
            report.recipes.append(recipe)
    if paths is None and not files:
        report.findings.append(
            Finding.at(
                SourcePos("recipes", None, None),
                "SCHEMA",
                "there are no recipes yet (no .yaml files under recipes/)",
                hint='`recipebook new "My First Scrub" --category <chapter id>` writes one',
            )
        )
    if config is not None:
        report.findings.extend(_check_categories(report.recipes, config))
        report.findings.extend(_check_cover(project, config))
    report.findings.extend(_check_duplicates(report.recipes))
    report.findings.extend(_check_images(project, report.recipes))
    for recipe in report.recipes:
        facts = _assess_safety(recipe)
        report.safety[recipe.slug] = facts
        report.findings.extend(facts.findings)
    report.findings = sorted_findings(report.findings)
    return report


def _assess_safety(recipe: Recipe) -> SafetyFacts:
    """The safety engine's verdict on one recipe (dilution, notes, findings)."""
    return assess(recipe)


def _check_categories(recipes: list[Recipe], config: BookConfig) -> list[Finding]:
    ids = [c.id for c in config.chapters]
    out = []
    for recipe in recipes:
        if recipe.category not in ids:
            close = difflib.get_close_matches(recipe.category, ids, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            hint += f"chapters in {BOOK_FILE}: {', '.join(ids)}"
            out.append(
                Finding.at(
                    recipe.pos("category"),
                    "CATEGORY",
                    f"'{recipe.category}' is not a chapter of {BOOK_FILE}",
                    field="category",
                    hint=hint,
                )
            )
    return out


def _check_duplicates(recipes: list[Recipe]) -> list[Finding]:
    out = []
    by_title: dict[str, Recipe] = {}
    by_slug: dict[str, Recipe] = {}
    for recipe in recipes:
        title = unicodedata.normalize("NFKC", recipe.title).casefold()
        first = by_title.get(title)
        same_slug = by_slug.get(recipe.slug)
        if first is not None:
            message = f"the title '{recipe.title}' is also used by {first.file}"
        elif same_slug is not None:
            message = (
                f"the title '{recipe.title}' makes the same file name ('{recipe.slug}') as "
                f"'{same_slug.title}' in {same_slug.file}"
            )
        else:
            by_title[title] = recipe
            by_slug[recipe.slug] = recipe
            continue
        out.append(
            Finding.at(
                recipe.pos("title"),
                "DUPLICATE",
                message,
                field="title",
                hint="give each recipe its own title",
            )
        )
    return out


def _check_images(project: Project, recipes: list[Recipe]) -> list[Finding]:
    out = []
    for recipe in recipes:
        if recipe.image is None:
            continue
        try:
            check_image(resolve_image(project.images_dir, recipe.image))
        except ImageProblem as problem:
            out.append(
                Finding.at(
                    recipe.pos("image"),
                    "IMAGE",
                    problem.message,
                    field="image",
                    hint=problem.hint,
                )
            )
    return out


def _check_cover(project: Project, config: BookConfig) -> list[Finding]:
    if not config.cover_image:
        return []
    try:
        check_image(resolve_image(project.images_dir, config.cover_image))
    except ImageProblem as problem:
        doc = load_yaml(project.book_file, BOOK_FILE)
        return [
            Finding.at(
                doc.pos(("cover_image",)),
                "IMAGE",
                problem.message,
                field="cover_image",
                hint=problem.hint,
            )
        ]
    return []
