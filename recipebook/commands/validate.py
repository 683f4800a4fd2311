"""``recipebook validate``: check every recipe and book.yaml, print every finding."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import Options, print_findings
from ..findings import has_errors
from ..validate import validate_project


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
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
    report = validate_project(project, list(paths) if paths else None)
    print_findings(report.findings, fmt)
    failed = has_errors(report.findings, strict=strict)
    if fmt == "text" and not report.findings:
        opts.info(f"All good: {len(report.recipes)} recipes checked, no problems found.")
    elif fmt == "text" and not failed:
        opts.info(f"{len(report.recipes)} recipes checked; warnings only.")
    if failed:
        raise SystemExit(1)
