"""``recipebook build``: typeset the whole book into a PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import Options, print_findings
from ..pipeline import build_book

PAGE_SIZES = ("letter", "a4", "a5", "6x9in")


class _Bar:
    """One click progress bar on stderr: photos first, then recipes."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.stage = ""
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        if stage != self.stage:
            self.close()
            label = {"images": "Preparing photos", "recipes": "Setting recipes"}.get(stage, stage)
            self.bar = click.progressbar(length=total, label=label.ljust(17), file=sys.stderr)
            self.bar.__enter__()
            self.stage, self.done = stage, 0
        assert self.bar is not None
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command("build")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PDF (default: `output:` in book.yaml).",
)
@click.option(
    "--page-size",
    type=click.Choice(PAGE_SIZES),
    help="Override book.yaml's page size for this build.",
)
@click.option(
    "--units",
    type=click.Choice(["us", "metric", "both"]),
    help="Override book.yaml's units: us, metric, or both (authored + conversion).",
)
@click.pass_obj
def command(opts: Options, output: Path | None, page_size: str | None, units: str | None) -> None:
    """Typeset the book into a PDF (validates first; nothing is written on errors).

    \b
    Examples:
      recipebook build
      recipebook build --page-size a5 --units metric -o output/a5-metric.pdf
    """
    project = opts.project()
    bar = _Bar(enabled=opts.verbosity >= 0)
    try:
        result = build_book(
            project,
            output=output.resolve() if output else None,
            page_size=page_size,
            units=units,
            progress=bar,
        )
    finally:
        bar.close()
    if result.warnings and opts.verbosity >= 0:
        print_findings(result.warnings, "text")
    where = project.relative(result.output)
    click.echo(
        f"Built {result.recipes} recipes, {result.pages} pages, "
        f"{result.size / 1e6:.1f} MB in {result.seconds:.1f} s → {where}"
    )
