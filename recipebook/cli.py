"""The click command group: global options, error handling, and the list of commands.

Each command lives in ``recipebook/commands/<name>.py``; this module only wires them up.
"""

from __future__ import annotations

import dataclasses
import importlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import click

from . import __version__
from .errors import RecipebookError, ValidationFailed
from .findings import Finding, format_json, summary_line
from .project import Project


@dataclass
class Options:
    """Global options, passed to every command as ``ctx.obj``."""

    project_dir: Path
    verbosity: int  # -1 quiet, 0 normal, 1+ verbose

    def project(self) -> Project:
        try:
            return Project.open(self.project_dir)
        except RecipebookError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # a folder that is read-only, a path through a file, a full disk
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            click.echo(message, err=True)

    def debug(self, message: str) -> None:
        if self.verbosity >= 1:
            click.echo(message, err=True)


class _Group(click.Group):
    """Loads commands lazily, and turns every RecipebookError into a one-line message."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        return importlib.import_module(f"{__package__}.commands.{module}").command

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            print_findings(exc.findings, "text")
            raise click.ClickException(str(exc)) from None
        except RecipebookError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # a folder that is read-only, a path through a file, a full disk
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The book project folder (the one with book.yaml).",
)
@click.option("-v", "--verbose", count=True, help="Say more about what is happening.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and results.")
@click.version_option(__version__, prog_name="recipebook")
@click.pass_context
def main(ctx: click.Context, project_dir: Path, verbose: int, quiet: bool) -> None:
    """Build a safe, beautifully typeset spa recipe book from YAML recipes.

    \b
    Start here:
      recipebook validate        check every recipe (file:line:col for each problem)
      recipebook build           typeset the book into output/
      recipebook new TITLE -c ID write a new recipe from a template
    """
    ctx.obj = Options(project_dir=project_dir, verbosity=-1 if quiet else verbose)


def print_findings(findings: list[Finding], fmt: str) -> None:
    """Print findings as text (to stderr, with a summary) or as the contract's JSON."""
    if fmt == "json":
        click.echo(format_json(findings))
        return
    for finding in findings:
        color = "red" if finding.is_error else "yellow"
        text = _one_line(finding).format_text()
        head, _, hint = text.partition("\n")
        click.echo(click.style(head, fg=color), err=True)
        if hint:
            click.echo(hint, err=True)
    if findings:
        click.echo(summary_line(findings), err=True)


def _one_line(finding: Finding) -> Finding:
    """The finding with line breaks and control characters in its texts escaped (``\\n``),
    so that each finding prints as one `file:line:col: …` line and one hint line."""

    def escape(text: str | None) -> str | None:
        if text is None:
            return None
        return "".join(
            c.encode("unicode_escape").decode() if unicodedata.category(c) in _BREAKS else c
            for c in text
        )

    return dataclasses.replace(
        finding,
        file=escape(finding.file) or "",
        field=escape(finding.field),
        message=escape(finding.message) or "",
        hint=escape(finding.hint),
    )


_BREAKS = frozenset({"Cc", "Zl", "Zp"})


#: Command name → module under recipebook/commands. Modules are imported only when their
#: command runs (or help lists it), so `validate` does not pay for PDF and email libraries.
COMMANDS = {
    "validate": "validate",
    "build": "build",
    "preview": "preview",
    "distribute": "distribute",
    "list": "listing",
    "new": "new",
    "schema": "schema",
    "init": "init",
}
