"""``recipebook distribute`` as a library function: the one place that knows the order.

read the list → find the built book and its edition → ask the ledger who still needs it →
stamp their copies (both cores) → manifest → write .eml files (dry run) or send.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Literal

from ..errors import DistributionError, ValidationFailed
from ..findings import has_errors
from ..model import slugify
from ..project import Project
from .copies import CopyJob, CopyResult, write_copies, write_encrypted, write_plain
from .edition import Edition, locate_book, read_edition, stale_sources
from .ledger import Ledger
from .mailer import PASSWORD_VARIABLE, Mailer
from .manifest import ManifestRow, write_manifest
from .message import Templates, message_bytes, new_message_id, templates_from
from .send import Delivered, Outgoing, connect, deliver
from .stamp import KIT_VERSION, StampKit, characters_missing, names_not_drawn, prepare_kit
from .subscribers import Subscriber, SubscriberList, read_subscribers, read_suppression

Mode = Literal["prepare", "dry-run", "send"]
LEDGER_FILE = "distribution.sqlite3"

MISSING_SECTION = """\
book.yaml has no `distribution:` section, so recipebook does not know who the email is
from or which mail server sends it. Add these lines to book.yaml, with your own details:

distribution:
  from: "Your Name <you@example.com>"
  subject: "Your copy of {title}"
  smtp: {host: smtp.example.com, port: 587, starttls: true, username: you@example.com}

and put the mail password in the environment variable RECIPEBOOK_SMTP_PASSWORD
(see docs/distribution.md)."""


@dataclass(frozen=True, slots=True)
class Request:
    """What the author asked for (the command-line options, as values)."""

    subscribers: Path
    mode: Mode = "prepare"
    suppress: Path | None = None
    encrypt: bool = False
    rate: float | None = None  # messages per minute
    resend_uncertain: bool = False
    book: Path | None = None


@dataclass
class Summary:
    """What a run did, and the one line that says so."""

    mode: Mode
    edition: Edition | None = None
    stamped: int = 0
    written: int = 0
    sent: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    uncertain_new: list[tuple[str, str]] = field(default_factory=list)
    uncertain_skipped: list[str] = field(default_factory=list)
    already_sent: int = 0
    invalid: int = 0
    suppressed: int = 0
    unsubscribed: int = 0
    duplicates: int = 0
    interrupted: bool = False
    stopped: str | None = None
    outbox: str | None = None
    copies: str | None = None

    def line(self) -> str:
        if self.mode == "send":
            parts = [f"{self.sent} sent", f"{len(self.failed)} failed"]
        elif self.mode == "dry-run":
            parts = [f"{self.written} written to {self.outbox} (dry run: nothing sent)"]
        else:
            parts = [f"{self.stamped} copies made in {self.copies} (nothing sent)"]
        parts += [f"{self.invalid} skipped (invalid)", f"{self.suppressed} suppressed"]
        if self.unsubscribed:
            parts.append(f"{self.unsubscribed} unsubscribed")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate{'s' if self.duplicates > 1 else ''}")
        if self.already_sent:
            parts.append(f"{self.already_sent} already had this edition")
        uncertain = len(self.uncertain_new) + len(self.uncertain_skipped)
        if uncertain:
            parts.append(f"{uncertain} uncertain (not re-sent; see --status)")
        return ", ".join(parts)


class Reporter:
    """Where a run tells the author what is happening; the CLI shows progress bars."""

    def note(self, text: str) -> None:
        """Something worth knowing."""

    def warn(self, text: str) -> None:
        """Something that may be a mistake."""

    def phase(self, label: str, total: int) -> None:
        """A counted stage begins (making copies, sending)."""

    def step(self, label: str = "") -> None:
        """One item of the current stage is done."""

    def end_phase(self) -> None:
        """The counted stage is over."""


def distribute(project: Project, request: Request, reporter: Reporter | None = None) -> Summary:
    """Make and deliver the personalised copies; see the module docstring for the order."""
    report = reporter or Reporter()
    config, findings = project.load_config()
    if config is None or has_errors(findings):
        raise ValidationFailed(findings, "book.yaml has errors")
    if config.distribution is None:
        raise DistributionError(MISSING_SECTION)
    templates = templates_from(config)
    password = os.environ.get(PASSWORD_VARIABLE)
    smtp = config.distribution.smtp
    if request.mode == "send" and smtp.username and not password:
        raise DistributionError(
            f"book.yaml sets smtp.username ({smtp.username}) but the password is missing: set "
            f"the environment variable {PASSWORD_VARIABLE} in this terminal first, e.g. "
            f"export {PASSWORD_VARIABLE}='…' (Windows: set {PASSWORD_VARIABLE}=…)"
        )
    plain = smtp.username and not (smtp.ssl or smtp.starttls)
    if request.mode == "send" and plain and smtp.host not in ("localhost", "127.0.0.1", "::1"):
        report.warn(
            f"the password goes to {smtp.host} unencrypted: set starttls: true (port 587) "
            "or ssl: true (port 465) in book.yaml's smtp settings"
        )
    book = locate_book(project, config, request.book)
    stale = stale_sources(project, book) if request.book is None else []
    if stale:
        report.warn(
            f"{len(stale)} recipe file(s) changed after the book was built "
            f"(e.g. {stale[0]}); run `recipebook build` first if those changes belong in it"
        )
    edition = read_edition(book, config.edition)
    suppress = read_suppression(request.suppress) if request.suppress else set()
    people = read_subscribers(request.subscribers, suppress)
    _report_list(people, report)
    summary = Summary(
        mode=request.mode,
        edition=edition,
        invalid=len(people.invalid),
        suppressed=len(people.suppressed),
        unsubscribed=len(people.unsubscribed),
        duplicates=len(people.duplicates),
    )
    rate = request.rate or config.distribution.rate
    try:
        with (
            _locked(project.output_dir / ".distribute.lock"),
            Ledger(project.output_dir / LEDGER_FILE) as ledger,
            Mailer(smtp, password) as mailer,
        ):
            kit = _kit(project, book, edition)
            ledger.add_edition(edition.id, edition.label, project.relative(book), kit.pages)
            ledger.recover(edition.id)  # stopped mid-message: certainly not delivered
            todo = _pending(people.subscribers, ledger, edition, request, summary)
            if request.mode == "send" and todo:
                connect(mailer, report.warn)  # a wrong password shows before any copy is made
            batch = _make_copies(
                project, request, todo, templates, kit, edition, ledger, summary, report
            )
            if request.mode == "dry-run":
                outbox = project.output_dir / "outbox" / edition.folder
                summary.outbox = project.relative(outbox)
                summary.written = _dry_run(batch, outbox, report)
            elif request.mode == "send" and batch.todo:
                done = _send(batch, ledger, edition, mailer, rate, request, report)
                by_key = {s.key: s.email for s in batch.todo}
                summary.sent = len(done.sent)
                summary.failed = [(by_key[k], e) for k, e in done.failed]
                summary.uncertain_new = [(by_key[k], e) for k, e in done.uncertain]
                summary.interrupted = done.interrupted
                summary.stopped = done.stopped
    except OSError as exc:  # a full disk, a read-only folder: the author's to fix, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        raise DistributionError(f"{where}{exc.strerror or exc}") from None
    return summary


def _make_copies(
    project: Project,
    request: Request,
    todo: list[Subscriber],
    templates: Templates,
    kit: StampKit,
    edition: Edition,
    ledger: Ledger,
    summary: Summary,
    report: Reporter,
) -> Batch:
    """The copies of everyone who still needs this edition, made and recorded; the manifest."""
    copies_dir = project.output_dir / "copies" / edition.folder
    summary.copies = project.relative(copies_dir)
    names = [s.name for s in todo]
    not_drawn = names_not_drawn(kit, names)
    if not_drawn:
        report.note(
            f"{len(not_drawn)} name(s) use letters the book's font does not have (e.g. "
            f"{not_drawn[0]}): those copies show the email address instead of the name "
            "(the emails show names as written)"
        )
    skipped = set(not_drawn)
    unaccented = characters_missing(kit, [n for n in names if n not in skipped])
    if unaccented:
        shown = "".join(sorted(unaccented))[:20]
        report.note(
            f"the book's font has no letters for {shown!r}; on the copies those are printed "
            "without their accents (the emails show names as written)"
        )
    jobs = {s.key: _job(s, copies_dir) for s in todo}
    results = _stamp(kit, list(jobs.values()), request.encrypt, report)
    ledger.record_stamped_many(
        edition.id,
        (
            (s.key, s.email, s.name, project.relative(r.job.target), r.sha256)
            for s, r in zip(todo, results, strict=True)
        ),
    )
    summary.stamped = len(results)
    _manifest(project, ledger, edition, kit, copies_dir)
    return Batch(todo, jobs, templates, edition.book.name, kit, request.encrypt)


def _report_list(people: SubscriberList, report: Reporter, limit: int = 20) -> None:
    for note in people.notes:
        report.warn(note)
    for skipped in people.invalid[:limit]:
        report.warn(f"skipped {skipped}")
    if len(people.invalid) > limit:
        report.warn(f"… and {len(people.invalid) - limit} more invalid addresses")
    for skipped in people.unsubscribed[:limit]:
        report.note(f"not mailed: {skipped}")
    if len(people.unsubscribed) > limit:
        report.note(f"… and {len(people.unsubscribed) - limit} more marked unsubscribed")
    for skipped in people.duplicates[:limit]:
        report.note(f"listed twice (one copy): {skipped}")
    if len(people.duplicates) > limit:
        report.note(f"… and {len(people.duplicates) - limit} more listed twice")


def _pending(
    people: list[Subscriber], ledger: Ledger, edition: Edition, request: Request, summary: Summary
) -> list[Subscriber]:
    known = ledger.deliveries_for(edition.id, [s.key for s in people])
    todo = []
    for subscriber in people:
        row = known.get(subscriber.key)
        if row is not None and row.state == "sent":
            summary.already_sent += 1
        elif row is not None and row.uncertain and not request.resend_uncertain:
            summary.uncertain_skipped.append(subscriber.email)
        else:
            todo.append(subscriber)
    return todo


def _kit(project: Project, book: Path, edition: Edition) -> StampKit:
    from ..typeset.stamp import ROLES, glyph_carrier

    base = project.cache_dir / "stamp" / f"{edition.short}-v{KIT_VERSION}.pdf"
    carriers = (glyph_carrier(ROLES[0]), glyph_carrier(ROLES[1]))
    return prepare_kit(book, base, dedication_page=0, carriers=carriers)


def _job(subscriber: Subscriber, folder: Path) -> CopyJob:
    tag = hashlib.sha256(subscriber.key.encode()).hexdigest()[:6]
    name = f"{slugify(subscriber.email.replace('@', ' at '), max_length=60)}-{tag}.pdf"
    return CopyJob(subscriber.email, subscriber.name, folder / name, subscriber.password)


def _stamp(kit: StampKit, jobs: list[CopyJob], encrypt: bool, report: Reporter) -> list[CopyResult]:
    if not jobs:
        return []
    report.phase("Making copies", len(jobs))
    try:
        return write_copies(kit, jobs, encrypt=encrypt, progress=lambda r: report.step(r.job.email))
    finally:
        report.end_phase()


def _manifest(
    project: Project, ledger: Ledger, edition: Edition, kit: StampKit, folder: Path
) -> None:
    rows = [
        ManifestRow(d.address, d.name, d.file, d.sha256, kit.pages, edition.short, edition.label)
        for d in ledger.deliveries(edition.id).values()
        if d.file and d.sha256
    ]
    if rows:
        write_manifest(folder / "manifest.csv", rows)


@dataclass(frozen=True, slots=True)
class Batch:
    """This run's copies, ready to go out: who, which file, and the message settings."""

    todo: list[Subscriber]
    jobs: dict[str, CopyJob]
    templates: Templates
    filename: str  # the attachment's name
    kit: StampKit
    encrypt: bool

    def message(self, subscriber: Subscriber, message_id: str, sha256: str | None) -> bytes:
        pdf = _verified_copy(self.kit, self.jobs[subscriber.key], sha256, self.encrypt)
        return message_bytes(self.templates, subscriber, pdf, self.filename, message_id)


def _dry_run(batch: Batch, outbox: Path, report: Reporter) -> int:
    outbox.mkdir(parents=True, exist_ok=True)
    report.phase("Writing .eml files", len(batch.todo))
    try:
        for subscriber in batch.todo:
            job = batch.jobs[subscriber.key]
            data = batch.message(subscriber, new_message_id(batch.templates), None)
            target = outbox / job.target.with_suffix(".eml").name
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
            report.step(subscriber.email)
    finally:
        report.end_phase()
    return len(batch.todo)


def _send(
    batch: Batch,
    ledger: Ledger,
    edition: Edition,
    mailer: Mailer,
    rate: float | None,
    request: Request,
    report: Reporter,
) -> Delivered:
    stamped = ledger.deliveries_for(edition.id, [s.key for s in batch.todo])

    def outgoing(subscriber: Subscriber) -> Outgoing:
        sha256 = stamped[subscriber.key].sha256
        return Outgoing(
            subscriber.key,
            subscriber.envelope,
            subscriber.smtputf8,
            lambda message_id: batch.message(subscriber, message_id, sha256),
        )

    report.phase("Sending", len(batch.todo))
    try:
        return deliver(
            [outgoing(s) for s in batch.todo],
            ledger=ledger,
            edition=edition.id,
            mailer=mailer,
            sender=batch.templates.sender.addr_spec,
            rate=rate,
            resend_uncertain=request.resend_uncertain,
            new_message_id=lambda: new_message_id(batch.templates),
            on_done=lambda key, result: report.step(key),
            on_retry=report.warn,
        )
    finally:
        report.end_phase()


def _verified_copy(kit: StampKit, job: CopyJob, sha256: str | None, encrypt: bool) -> bytes:
    """The copy's bytes; re-made if the file went missing or changed since it was made."""
    try:
        data = job.target.read_bytes()
        if sha256 is None or hashlib.sha256(data).hexdigest() == sha256:
            return data
    except OSError:
        pass
    try:
        (write_encrypted if encrypt else write_plain)(kit, job)
        return job.target.read_bytes()
    except OSError as exc:
        raise DistributionError(
            f"cannot write the copy {job.target.name}: {exc.strerror or exc}"
        ) from None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One distribute at a time per book (where the OS supports file locks)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            _lock(handle)
        except OSError:
            raise DistributionError(
                "another `recipebook distribute` is running for this book; wait for it to finish"
            ) from None
        yield  # the lock ends when the file is closed (or the process dies)


def _lock(handle: IO[str]) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def status_lines(project: Project) -> list[str]:
    """``distribute --status``: the ledger, edition by edition, with what needs attention."""
    path = project.output_dir / LEDGER_FILE
    ledger = Ledger.existing(path)
    if ledger is None:
        return ["Nothing has been distributed yet (no ledger in output/)."]
    current = _current_edition(project)
    lines = []
    with ledger:
        for ed in ledger.summary():
            c = ed.counts
            now = " — the book in output/ now" if ed.edition == current else ""
            lines.append(
                f"Edition {ed.label} ({ed.edition[:12]}, {ed.book}, since "
                f"{_when(ed.created_at)}{now}): {c['sent']} sent, {c['failed']} failed, "
                f"{c['sending']} uncertain, {c['stamped']} waiting"
            )
            for d in sorted(ledger.problems(ed.edition), key=lambda d: d.address.casefold()):
                kind = "failed" if d.state == "failed" else "uncertain"
                why = d.error or "no answer recorded: the run stopped while sending"
                tries = f"{d.attempts} attempt{'' if d.attempts == 1 else 's'}"
                lines.append(f"  {kind}: {d.address} ({tries}): {why}")
    return lines


def _current_edition(project: Project) -> str | None:
    """The edition id of the built book, if there is one (to mark it in --status)."""
    config, _ = project.load_config()
    book = project.output_pdf(config) if config is not None else None
    if book is None or not book.is_file():
        return None
    try:
        return read_edition(book, "").id
    except DistributionError:
        return None


def _when(stamp: str) -> str:
    """A ledger time (UTC, ISO) as this computer's local time, e.g. 27 Nov 2026 16:00."""
    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %Y %H:%M}"
