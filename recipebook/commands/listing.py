"""``recipebook list``: a table (or JSON) of the recipes with their safety figures."""

from __future__ import annotations

import json

import click

from ..cli import Options
from ..validate import validate_project


@click.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_obj
def command(opts: Options, fmt: str) -> None:
    """List the recipes: title, chapter, use, time, dilution and file.

    \b
    Examples:
      recipebook list
      recipebook list --format json
    """
    project = opts.project()
    report = validate_project(project)
    chapters = {c.id: c.title for c in report.config.chapters} if report.config else {}
    rows = []
    for recipe in sorted(report.recipes, key=lambda r: (r.category, r.title.casefold())):
        facts = report.safety.get(recipe.slug)
        total = recipe.total_time
        rows.append(
            {
                "title": recipe.title,
                "chapter": chapters.get(recipe.category, recipe.category),
                "category": recipe.category,
                "use": recipe.use,
                "audience": recipe.audience,
                "time": str(total) if total else None,
                "dilution": facts.dilution_label if facts else None,
                "dilution_percent": facts.dilution_percent if facts else None,
                "file": recipe.file,
            }
        )
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        columns = [("title", 34), ("chapter", 20), ("use", 9), ("time", 14), ("dilution", 32)]
        click.echo("  ".join(name.upper().ljust(width) for name, width in columns) + "  FILE")
        for row in rows:
            cells = [_fit(row[name] or "—", width) for name, width in columns]
            click.echo("  ".join(cells) + "  " + row["file"])
        click.echo(f"{len(rows)} recipes", err=True)
    if report.errors:
        opts.info(f"{len(report.errors)} errors left some files out; run `recipebook validate`")


def _fit(text: str, width: int) -> str:
    text = str(text)
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
