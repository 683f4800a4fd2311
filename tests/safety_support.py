"""Helpers for the safety tests: build a recipe from a few fields, assess it."""

from __future__ import annotations

from pathlib import Path

import yaml

from recipebook.findings import Finding
from recipebook.loader import load_yaml
from recipebook.model import Recipe, SafetyFacts
from recipebook.recipes import recipe_from_document
from recipebook.safety import assess

DEFAULT_CATEGORY = {
    "leave-on": "massage-oil",
    "face": "essential-oil-blend",
    "rinse-off": "body-scrub",
    "bath": "bath-salt",
    "diffuser": "essential-oil-blend",
    "inhaler": "essential-oil-blend",
}


def make_recipe(
    folder: Path,
    ingredients: list,
    *,
    use: str = "leave-on",
    audience: str | None = None,
    category: str | None = None,
    name: str = "r.yaml",
    **extra,
) -> Recipe:
    """A recipe read through the real loader (so positions are real) from a few fields."""
    data = {
        "title": extra.pop("title", "Test Recipe"),
        "category": category or DEFAULT_CATEGORY[use],
        "summary": "A recipe for a test.",
        "use": use,
    }
    if audience:
        data["audience"] = audience
    data.update({k.replace("yield_", "yield"): v for k, v in extra.items()})
    data["ingredients"] = ingredients
    data["steps"] = ["Mix."]
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    recipe, problems = recipe_from_document(load_yaml(path, name))
    assert recipe is not None, problems
    return recipe


def facts(folder: Path, ingredients: list, **kwargs) -> SafetyFacts:
    return assess(make_recipe(folder, ingredients, **kwargs))


def codes(found: SafetyFacts | tuple[Finding, ...]) -> set[tuple[str, str]]:
    """``{(code, severity)}`` of the findings."""
    items = found.findings if isinstance(found, SafetyFacts) else found
    return {(f.code, str(f.severity)) for f in items}


def only(found: SafetyFacts, code: str) -> list[Finding]:
    return [f for f in found.findings if f.code == code]
