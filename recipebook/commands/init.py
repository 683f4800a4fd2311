"""``recipebook init``: start a new, minimal book project that validates and builds."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import click


@click.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def command(folder: Path) -> None:
    """Create a new book project in FOLDER (which must be new or empty).

    \b
    Example:
      recipebook init my-book && cd my-book && recipebook validate
    """
    if folder.exists() and any(folder.iterdir()):
        raise click.ClickException(f"{folder} is not empty; choose a new folder")
    source = resources.files("recipebook").joinpath("templates/project")
    written = _copy(source, folder)
    (folder / "images").mkdir(exist_ok=True)
    (folder / "output").mkdir(exist_ok=True)
    for path in written:
        click.echo(f"  created {path.relative_to(folder).as_posix()}")
    click.echo(f"New book project in {folder}. Next: cd {folder} && recipebook validate")


def _copy(source: Traversable, target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(("__", ".")):
            continue
        if entry.is_dir():
            written += _copy(entry, target / entry.name)
        else:
            destination = target / entry.name
            destination.write_bytes(entry.read_bytes())
            written.append(destination)
    return written
