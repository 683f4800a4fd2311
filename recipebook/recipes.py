"""Model stage: turn a loaded, schema-checked recipe file into a :class:`Recipe`."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from .findings import Finding, SourcePos
from .loader import Document, YamlPath, field_name
from .model import DEFAULT_USE_BY_CATEGORY, Duration, Ingredient, Quantity, Recipe, Yield, slugify
from .quantities import ParseError, parse_amount, parse_duration, parse_short_form, parse_unit
from .schema import IngredientLong, RecipeFile, TimeSpec, YieldSpec, validation_findings
from .units import DEFAULT_DROPS_PER_ML


def recipe_from_document(
    doc: Document, categories: Collection[str] = ()
) -> tuple[Recipe | None, list[Finding]]:
    """Check ``doc`` against the schema and read its quantities; every problem is a finding.

    ``categories`` are the chapter ids of book.yaml: a recipe in an unknown category is
    not also asked for a ``use`` (the CATEGORY finding says what to fix).
    """
    start = SourcePos(doc.file, 1, 1)
    if doc.data is None:
        if doc.findings:
            return None, []
        return None, [
            Finding.at(
                start,
                "SCHEMA",
                "the file is empty",
                hint="a recipe needs at least title, category, summary, ingredients and steps "
                "(`recipebook new` writes a template)",
            )
        ]
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        return None, [
            Finding.at(
                doc.pos(()),
                "SCHEMA",
                f"a recipe file must be a mapping of keys (title: …, category: …), not {kind}",
                hint="start the file with `title: Your Recipe`",
            )
        ]
    try:
        spec = RecipeFile.model_validate(doc.data)
    except ValidationError as exc:
        return None, validation_findings(exc, doc, RecipeFile)
    return _ModelBuilder(doc, spec, categories).build()


class _ModelBuilder:
    def __init__(self, doc: Document, spec: RecipeFile, categories: Collection[str]) -> None:
        self.categories = categories
        self.doc = doc
        self.spec = spec
        self.findings: list[Finding] = []

    def fail(self, path: YamlPath, exc: ParseError) -> None:
        self.findings.append(
            Finding.at(
                self.doc.pos(path),
                exc.code,
                exc.message,
                field=field_name(path),
                hint=exc.hint,
            )
        )

    def build(self) -> tuple[Recipe | None, list[Finding]]:
        spec, doc = self.spec, self.doc
        ingredients = tuple(
            ing
            for index, entry in enumerate(spec.ingredients)
            if (ing := self._ingredient(index, entry)) is not None
        )
        time = self._time(spec.time)
        yield_ = self._yield(spec.yield_)
        use = spec.use or DEFAULT_USE_BY_CATEGORY.get(spec.category)
        if use is None and self.categories and spec.category not in self.categories:
            use = "leave-on"  # reported as CATEGORY by the validator; assume the strictest
        if use is None:
            self.findings.append(
                Finding.at(
                    doc.pos(()),
                    "SCHEMA",
                    f"missing required key 'use' (a '{spec.category}' recipe must say how it "
                    "meets the skin)",
                    field="use",
                    hint="add `use: leave-on`, face, rinse-off, bath, diffuser or inhaler",
                )
            )
        if self.findings:
            return None, self.findings
        positions = {
            field_name(path): pos for path, pos in doc.values.items() if len(path) <= 2 and path
        }
        recipe = Recipe(
            title=" ".join(spec.title.split()),
            slug=slugify(spec.title),
            category=spec.category,
            summary=" ".join(spec.summary.split()),
            source=doc.path,
            file=doc.file,
            use=use or "leave-on",
            audience=spec.audience,
            ingredients=ingredients,
            steps=tuple(spec.steps),
            image=spec.image,
            yield_=yield_,
            time=MappingProxyType(time),
            difficulty=spec.difficulty,
            tips=tuple(spec.tips),
            safety=tuple(spec.safety),
            storage=spec.storage,
            shelf_life=spec.shelf_life,
            tags=tuple(spec.tags),
            drops_per_ml=spec.drops_per_ml or DEFAULT_DROPS_PER_ML,
            positions=MappingProxyType(positions),
        )
        return recipe, []

    def _ingredient(self, index: int, entry: str | IngredientLong) -> Ingredient | None:
        path: YamlPath = ("ingredients", index)
        pos, name = self.doc.pos(path), field_name(path)
        if isinstance(entry, str):
            try:
                short = parse_short_form(entry)
            except ParseError as exc:
                self.fail(path, exc)
                return None
            return Ingredient(short.item, short.quantity, short.note, False, pos, name, entry)
        quantity = None
        try:
            unit = parse_unit(entry.unit)
        except ParseError as exc:
            self.fail((*path, "unit"), exc)
            return None
        if entry.amount is not None:
            try:
                quantity = Quantity(parse_amount(entry.amount), unit)
            except ParseError as exc:
                self.fail((*path, "amount"), exc)
                return None
        elif unit is not None:
            self.fail(
                (*path, "unit"),
                ParseError("AMOUNT", f"a unit ('{entry.unit}') but no amount", "add `amount:`"),
            )
            return None
        text = " ".join(p for p in (quantity.authored() if quantity else "", entry.item) if p) + (
            f", {entry.note}" if entry.note else ""
        )
        return Ingredient(entry.item, quantity, entry.note, entry.optional, pos, name, text)

    def _time(self, spec: TimeSpec | str | int | None) -> dict[str, Duration]:
        if spec is None:
            return {}
        items: dict[str, Any] = (
            {"total": spec}
            if not isinstance(spec, TimeSpec)
            else {k: v for k, v in spec.model_dump().items() if v is not None}
        )
        out = {}
        for key, value in items.items():
            path: YamlPath = ("time",) if not isinstance(spec, TimeSpec) else ("time", key)
            try:
                out[key] = parse_duration(value)
            except ParseError as exc:
                self.fail(path, exc)
        return out

    def _yield(self, spec: str | YieldSpec | None) -> Yield | None:
        if spec is None:
            return None
        if isinstance(spec, str):
            return Yield(text=" ".join(spec.split()))
        try:
            unit = parse_unit(spec.unit)
        except ParseError as exc:
            self.fail(("yield", "unit"), exc)
            return None
        try:
            return Yield(quantity=Quantity(parse_amount(spec.amount), unit))
        except ParseError as exc:
            self.fail(("yield", "amount"), exc)
            return None


def relative_name(path: Path, root: Path) -> str:
    """``recipes/scrubs/x.yaml`` — the name findings print, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
