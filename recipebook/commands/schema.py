"""``recipebook schema``: the JSON Schema of a recipe file, for editor autocompletion."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..schema import recipe_json_schema


@click.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
def command(output: Path | None) -> None:
    """Print the JSON Schema of a recipe file.

    Save it and point your editor at it (VS Code with the YAML extension) by putting this
    line at the top of a recipe file:

    \b
      # yaml-language-server: $schema=../../recipe.schema.json

    \b
    Example:
      recipebook schema -o recipe.schema.json
    """
    text = json.dumps(recipe_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {output}", err=True)
