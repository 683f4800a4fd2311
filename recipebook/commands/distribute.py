"""``recipebook distribute``: personalised copies of the built book, by email."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from ..cli import Options
from ..distribute.run import Reporter, Request, distribute, status_lines

#: Failures listed one by one; the rest are counted (``--status`` lists them all).
SHOWN = 20


class _RateType(click.ParamType):
    name = "N/min"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, float):
            return value
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/\s*(min|minute|h|hour))?\s*", str(value))
        if not match or float(match.group(1)) <= 0:
            self.fail(f"{value!r} is not a rate; write it like 30/min or 600/h", param, ctx)
        per = float(match.group(1))
        return per / 60 if match.group(2) in ("h", "hour") else per


class _ClickReporter(Reporter):
    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.bar: Any = None

    def note(self, text: str) -> None:
        self._clear_bar()
        self.opts.info(text)

    def warn(self, text: str) -> None:
        if self.opts.verbosity >= 0:
            self._clear_bar()
            click.echo(click.style(text, fg="yellow"), err=True)

    def _clear_bar(self) -> None:
        """A line printed while a bar is drawn starts on a clean line (the bar redraws)."""
        if self.bar is not None and not getattr(self.bar, "is_hidden", True):
            click.echo("\r\x1b[K", nl=False, err=True)

    def phase(self, label: str, total: int) -> None:
        if self.opts.verbosity < 0:
            return
        self.bar = click.progressbar(
            length=total, label=label, file=sys.stderr, show_pos=True, show_eta=True
        )
        self.bar.__enter__()

    def step(self, label: str = "") -> None:
        if self.bar is not None:
            self.bar.update(1)

    def end_phase(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command("distribute")
@click.argument(
    "subscribers", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Write each email as an .eml file under output/outbox/ instead of sending.",
)
@click.option(
    "--send",
    is_flag=True,
    help="Send the emails through the SMTP server in book.yaml.",
)
@click.option(
    "--suppress",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of addresses never to mail (any CSV or one per line).",
)
@click.option("--encrypt", is_flag=True, help="AES-256 copies: printing allowed, editing not.")
@click.option("--rate", type=_RateType(), help="At most N messages per minute, e.g. 30/min.")
@click.option(
    "--resend-uncertain", is_flag=True, help="Also resend messages whose delivery was interrupted."
)
@click.option(
    "--status",
    "show_status",
    is_flag=True,
    help="Show who has received which edition, and what failed.",
)
@click.option(
    "--book",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Distribute this PDF instead of the built book.",
)
@click.pass_obj
def command(
    opts: Options,
    subscribers: Path | None,
    dry_run: bool,
    send: bool,
    suppress: Path | None,
    encrypt: bool,
    rate: float | None,
    resend_uncertain: bool,
    show_status: bool,
    book: Path | None,
) -> None:
    """Send every subscriber in SUBSCRIBERS (a CSV) a personalised copy of the book.

    Each copy carries the subscriber's name on every page. A ledger in output/
    remembers who received which edition, so the command can be stopped and run again
    at any time: nobody is mailed twice. Without --dry-run or --send it only makes the
    copies.

    \b
    Examples:
      recipebook distribute subscribers.csv --dry-run    look at output/outbox/ first
      recipebook distribute subscribers.csv --send
      recipebook distribute --status
    """
    project = opts.project()
    if show_status:
        for line in status_lines(project):
            click.echo(line)
        return
    if dry_run and send:
        raise click.UsageError("choose one: --dry-run (write .eml files) or --send")
    if subscribers is None:
        raise click.UsageError(
            "name the subscriber list, e.g. `recipebook distribute subscribers.csv --dry-run`"
        )
    request = Request(
        subscribers=subscribers,
        mode="send" if send else "dry-run" if dry_run else "prepare",
        suppress=suppress,
        encrypt=encrypt,
        rate=rate,
        resend_uncertain=resend_uncertain,
        book=book,
    )
    reporter = _ClickReporter(opts)
    try:
        summary = distribute(project, request, reporter)
    except KeyboardInterrupt:  # while reading, making copies or writing .eml files
        reporter.end_phase()
        click.echo(
            "\nInterrupted before anything was sent in this run. Run the same command again "
            "to continue: nobody is mailed twice.",
            err=True,
        )
        raise SystemExit(130) from None
    if summary.edition is not None:
        opts.debug(f"edition {summary.edition}")
    for address, error in summary.failed[:SHOWN]:
        click.echo(click.style(f"failed: {address}: {error}", fg="red"), err=True)
    if len(summary.failed) > SHOWN:
        more = len(summary.failed) - SHOWN
        click.echo(
            click.style(f"… and {more} more failed: see recipebook distribute --status", fg="red"),
            err=True,
        )
    for address, error in summary.uncertain_new:
        click.echo(click.style(f"uncertain: {address}: {error}", fg="yellow"), err=True)
    if summary.uncertain_skipped:
        click.echo(
            click.style(
                f"{len(summary.uncertain_skipped)} message(s) may or may not have arrived (a "
                "run was interrupted while sending them) and were not sent again: "
                + ", ".join(summary.uncertain_skipped[:5])
                + ("…" if len(summary.uncertain_skipped) > 5 else "")
                + ". Ask them, or add --resend-uncertain.",
                fg="yellow",
            ),
            err=True,
        )
    if summary.stopped:
        click.echo(click.style(summary.stopped, fg="red"), err=True)
    click.echo(summary.line())
    if summary.interrupted:
        click.echo(
            "Interrupted. Run the same command again to continue: nobody is mailed twice.", err=True
        )
        raise SystemExit(130)
    if summary.failed or summary.stopped or summary.uncertain_new:
        raise SystemExit(1)
