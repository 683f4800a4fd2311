"""``recipebook new``: write a commented recipe template into the right chapter folder."""

from __future__ import annotations

import difflib
import json
from collections import Counter
from importlib import resources

import click
import yaml

from ..cli import Options
from ..composer import plain_value
from ..model import DEFAULT_USE_BY_CATEGORY, slugify
from ..schema import MAX_TITLE
from ..validate import validate_project


@click.command("new")
@click.argument("title")
@click.option("-c", "--category", required=True, help="A chapter id from book.yaml.")
@click.pass_obj
def command(opts: Options, title: str, category: str) -> None:
    """Write a new recipe file from a commented template and print its path.

    The file goes to recipes/<chapter folder>/<slug>.yaml (the folder that already holds
    that chapter's recipes, else recipes/<category>/). An existing file is never overwritten.

    \b
    Example:
      recipebook new "Rose Petal Bath Salt" --category bath-salt
    """
    project = opts.project()
    config, _ = project.load_config()
    if config is None:
        raise click.ClickException("book.yaml has errors; run `recipebook validate` first")
    ids = [c.id for c in config.chapters]
    if category not in ids:
        close = difflib.get_close_matches(category, ids, n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise click.ClickException(
            f"'{category}' is not a chapter of book.yaml.{hint} Chapters: {', '.join(ids)}"
        )
    title = " ".join(title.split())
    if not title:
        raise click.ClickException("the title must not be empty")
    if len(title) > MAX_TITLE:
        raise click.ClickException(
            f"the title is {len(title)} characters long; at most {MAX_TITLE} are allowed"
        )
    slug = slugify(title)
    report = validate_project(project)
    folders = Counter(r.source.parent for r in report.recipes if r.category == category)
    folder = folders.most_common(1)[0][0] if folders else project.recipes_dir / category
    path = folder / f"{slug}.yaml"
    if path.exists():
        raise click.ClickException(
            f"{project.relative(path)} already exists; not overwriting it (the file name is "
            "made from the title: choose another title)"
        )
    use = DEFAULT_USE_BY_CATEGORY.get(category)
    use_line = (
        f"# use: {use}               # leave-on | face | rinse-off | bath | diffuser | inhaler"
        if use
        else "use: leave-on               # leave-on | face | rinse-off | bath | diffuser | inhaler"
    )
    template = resources.files("recipebook").joinpath("templates/recipe.yaml").read_text("utf-8")
    text = template.format(
        title=_yaml_text(title),
        category=category,
        slug=slug,
        use_line=use_line,
        path=project.relative(path),
    )
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    click.echo(project.relative(path))


def _yaml_text(text: str) -> str:
    """A YAML scalar for ``text``: plain when YAML reads it back as the same text, else
    double-quoted and escaped (``yes``, ``123``, ``# x``, ``&x``, ``a: b`` need quotes)."""
    try:
        plain = yaml.safe_load(f"title: {text}") == {"title": text}
    except yaml.YAMLError:
        plain = False
    if plain and plain_value(text) == text and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)
