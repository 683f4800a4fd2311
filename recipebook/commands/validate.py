"""``recipebook validate``: check every recipe and book.yaml, print every finding."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import Options, print_findings
from ..findings import Finding, SourcePos, has_errors, sorted_findings
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
    files, problems = _recipe_files(project, paths) if paths else (None, [])
    report = validate_project(project, files)
    findings = sorted_findings([*report.findings, *problems])
    print_findings(findings, fmt)
    failed = has_errors(findings, strict=strict)
    if fmt == "text" and not findings:
        opts.info(f"All good: {len(report.recipes)} recipes checked, no problems found.")
    elif fmt == "text" and not failed:
        opts.info(f"{len(report.recipes)} recipes checked; warnings only.")
    elif fmt == "text" and not any(f.is_error for f in findings):
        opts.info("--strict: the warnings count as failures.")
    if failed:
        raise SystemExit(1)


def _recipe_files(project: Project, paths: tuple[Path, ...]) -> tuple[list[Path], list[Finding]]:
    """The recipe files that PATHS name (files or folders, relative to the current folder or
    to the book folder), and a finding for each path that names no recipe file. book.yaml is
    checked anyway; files outside the book are checked against its chapters."""
    files: list[Path] = []
    problems: list[Finding] = []
    for given in paths:
        path = given
        if not path.exists() and not path.is_absolute():
            path = project.root / given
        where = SourcePos(given.as_posix())
        if not path.exists():
            problems.append(
                Finding.at(where, "YAML", "no such file or folder", hint="check the path")
            )
        elif path.is_dir():
            files += _yaml_files_in(path)
        elif path.resolve() == project.book_file:
            continue  # always checked
        elif path.suffix.lower() not in RECIPE_SUFFIXES:
            problems.append(
                Finding.at(
                    where,
                    "YAML",
                    "this is not a recipe file: recipe files end in .yaml or .yml",
                    hint="name recipe files, or a folder that holds them",
                )
            )
        else:
            files.append(path)
    return files, problems


def _yaml_files_in(folder: Path) -> list[Path]:
    """The .yaml and .yml files under ``folder`` (not hidden ones), in a stable order."""
    found = (
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in RECIPE_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    return sorted(found, key=lambda p: p.as_posix())
