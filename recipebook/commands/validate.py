"""``recipebook validate``: check every recipe and book.yaml, print every finding."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import Options, print_findings
from ..findings import has_errors
from ..project import RECIPE_SUFFIXES, Project
from ..validate import validate_project


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json prints the findings as a JSON array (see the README).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.pass_obj
def command(opts: Options, paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check the recipes (all, or just PATHS) and book.yaml.

    Prints each problem as file:line:col with a stable code and a hint, and exits 1 if
    there are errors (or warnings, with --strict).

    \b
    Examples:
      recipebook validate
      recipebook validate recipes/body-scrubs/lavender-honey.yaml
      recipebook validate --format json --strict
    """
    project = opts.project()
    report = validate_project(project, _recipe_files(project, paths) if paths else None)
    print_findings(report.findings, fmt)
    failed = has_errors(report.findings, strict=strict)
    if fmt == "text" and not report.findings:
        opts.info(f"All good: {len(report.recipes)} recipes checked, no problems found.")
    elif fmt == "text" and not failed:
        opts.info(f"{len(report.recipes)} recipes checked; warnings only.")
    elif fmt == "text" and not report.errors:
        opts.info("--strict: the warnings count as failures.")
    if failed:
        raise SystemExit(1)


def _recipe_files(project: Project, paths: tuple[Path, ...]) -> list[Path]:
    """The recipe files that PATHS name: files or folders inside the project, relative to
    the current folder or to the project; book.yaml is checked anyway."""
    files: list[Path] = []
    for given in paths:
        path = given
        if not path.exists() and not path.is_absolute():
            path = project.root / given
        if not path.exists():
            raise click.BadParameter(f"{given}: no such file or folder", param_hint="PATHS")
        if not project.contains(path):
            raise click.BadParameter(
                f"{given} is not inside the book folder {project.root.name}/ "
                "(use -C FOLDER to check another book)",
                param_hint="PATHS",
            )
        if path.is_dir():
            files += [p for p in project.recipe_files() if p.is_relative_to(path.resolve())]
        elif path.resolve() == project.book_file:
            continue  # always checked
        elif path.suffix.lower() not in RECIPE_SUFFIXES:
            raise click.BadParameter(
                f"{given} is not a recipe file (recipes end in .yaml or .yml)",
                param_hint="PATHS",
            )
        else:
            files.append(path)
    return files
