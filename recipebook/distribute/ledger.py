"""The ledger: who was sent which edition, kept in SQLite so no crash can lose it.

One row per subscriber × edition, in one of four states::

    stamped ──claim──▶ sending ──250──▶ sent
       ▲                  │ ├──5xx──▶ failed ──(next run)──▶ sending …
       └──4xx, refused────┘ └──connection lost after the message was handed over──▶ (stays
                                 sending: *uncertain*, not re-sent unless --resend-uncertain)

A row is marked ``sending`` — durably, before a single byte of the message goes out — by a
conditional update, so two runs can never both claim it. Only a definite answer from the
server moves it on. The message's last line (the ``.`` that tells the server it is
complete) goes out only after ``handed_at`` is committed: a run that dies while ``sending``
with no ``handed_at`` certainly delivered nothing (a server cannot accept half a message),
and the next run releases the row (:meth:`Ledger.recover`) and sends it. One that dies
after ``handed_at`` leaves the message *uncertain*: it may or may not have arrived, and the
tool says so instead of guessing. The Message-ID is chosen at the first claim and kept, so
a deliberate resend carries the same ID (mail programs show such duplicates once).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import DistributionError

SCHEMA = """
CREATE TABLE IF NOT EXISTS editions (
    edition    TEXT PRIMARY KEY,          -- sha256 of the book file
    label      TEXT NOT NULL,             -- `edition:` in book.yaml
    book       TEXT NOT NULL,             -- the book file, relative to the project
    pages      INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
    email      TEXT NOT NULL,             -- case-folded address: one copy per person
    edition    TEXT NOT NULL REFERENCES editions(edition),
    address    TEXT NOT NULL,             -- the address as written
    name       TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL CHECK (state IN ('stamped', 'sending', 'sent', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    file       TEXT,
    sha256     TEXT,
    message_id TEXT,
    error      TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sending_at TEXT,
    sent_at    TEXT,
    handed_at  TEXT,                      -- the whole message was with the server
    PRIMARY KEY (email, edition)
);
CREATE INDEX IF NOT EXISTS deliveries_state ON deliveries (edition, state);
"""
STATES = ("stamped", "sending", "sent", "failed")
COLUMNS = (
    "email, edition, address, name, state, attempts, file, sha256, message_id, error, "
    "updated_at, sent_at, handed_at"
)
VERSION = 2  # PRAGMA user_version; 2 added deliveries.handed_at


@dataclass(frozen=True, slots=True)
class Delivery:
    email: str
    edition: str
    address: str
    name: str
    state: str
    attempts: int
    file: str | None
    sha256: str | None
    message_id: str | None
    error: str | None
    updated_at: str
    sent_at: str | None
    handed_at: str | None = None

    @property
    def uncertain(self) -> bool:
        """Claimed and handed over, with no answer recorded: it may have arrived."""
        return self.state == "sending" and self.handed_at is not None

    @property
    def interrupted(self) -> bool:
        """Claimed, but the run stopped before the message was complete: not delivered."""
        return self.state == "sending" and self.handed_at is None


@dataclass(frozen=True, slots=True)
class EditionSummary:
    edition: str
    label: str
    book: str
    created_at: str
    counts: dict[str, int]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """``output/distribution.sqlite3``. Every change is its own committed transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            raise DistributionError(f"cannot open the ledger {path.name}: {exc}") from None

    def _migrate(self) -> None:
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(deliveries)")}
        if "handed_at" not in columns:
            with self._write() as db:
                db.execute("ALTER TABLE deliveries ADD COLUMN handed_at TEXT")
                # a ledger from before this column cannot tell: its open rows stay uncertain
                db.execute(
                    "UPDATE deliveries SET handed_at = COALESCE(sending_at, updated_at) "
                    "WHERE state = 'sending'"
                )
        if self.db.execute("PRAGMA user_version").fetchone()[0] < VERSION:
            self.db.execute(f"PRAGMA user_version = {VERSION}")

    @classmethod
    def existing(cls, path: Path) -> Ledger | None:
        return cls(path) if path.is_file() else None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- editions --------------------------------------------------------------------
    def add_edition(self, edition: str, label: str, book: str, pages: int) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO editions VALUES (?, ?, ?, ?, ?) ON CONFLICT (edition) DO UPDATE "
                "SET label = excluded.label, book = excluded.book, pages = excluded.pages",
                (edition, label, book, pages, now()),
            )

    # -- reading ---------------------------------------------------------------------
    def deliveries(self, edition: str) -> dict[str, Delivery]:
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM deliveries WHERE edition = ?",
            (edition,),
        )
        return {row[0]: Delivery(*row) for row in rows}

    def get(self, edition: str, email: str) -> Delivery | None:
        return self.deliveries_for(edition, [email]).get(email)

    def deliveries_for(self, edition: str, emails: list[str]) -> dict[str, Delivery]:
        found: dict[str, Delivery] = {}
        for start in range(0, len(emails), 500):
            chunk = emails[start : start + 500]
            rows = self.db.execute(
                f"SELECT {COLUMNS} FROM deliveries "
                f"WHERE edition = ? AND email IN ({','.join('?' * len(chunk))})",
                (edition, *chunk),
            )
            found.update((row[0], Delivery(*row)) for row in rows)
        return found

    def summary(self) -> list[EditionSummary]:
        editions = self.db.execute(
            "SELECT edition, label, book, created_at FROM editions ORDER BY created_at, rowid"
        ).fetchall()
        result = []
        for edition, label, book, created in editions:
            counts = dict.fromkeys(STATES, 0)
            counts.update(
                self.db.execute(
                    # a claim that never handed its message over is waiting, not uncertain
                    "SELECT CASE WHEN state = 'sending' AND handed_at IS NULL THEN 'stamped' "
                    "ELSE state END AS shown, COUNT(*) FROM deliveries WHERE edition = ? "
                    "GROUP BY shown",
                    (edition,),
                ).fetchall()
            )
            result.append(EditionSummary(edition, label, book, created, counts))
        return result

    def problems(self, edition: str) -> list[Delivery]:
        """Failed and uncertain deliveries of ``edition``, for --status."""
        return [d for d in self.deliveries(edition).values() if d.state == "failed" or d.uncertain]

    # -- state changes ---------------------------------------------------------------
    def record_stamped(
        self, edition: str, email: str, address: str, name: str, file: str, sha256: str
    ) -> None:
        """A copy exists; a new row starts as 'stamped', an existing one keeps its state."""
        self.record_stamped_many(edition, [(email, address, name, file, sha256)])

    def record_stamped_many(
        self, edition: str, copies: Iterable[tuple[str, str, str, str, str]]
    ) -> None:
        """:meth:`record_stamped` for many copies (email, address, name, file, sha256) in
        one transaction: one disk sync, not one per subscriber. Losing it to a crash
        loses nothing: the next run makes those copies again."""
        stamp = now()
        with self._write() as db:
            db.executemany(
                "INSERT INTO deliveries (email, edition, address, name, state, file, sha256, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, 'stamped', ?, ?, ?, ?) "
                "ON CONFLICT (email, edition) DO UPDATE SET address = excluded.address, "
                "name = excluded.name, file = excluded.file, sha256 = excluded.sha256, "
                "updated_at = excluded.updated_at",
                [(e, edition, a, n, f, s, stamp, stamp) for e, a, n, f, s in copies],
            )

    def claim(self, edition: str, email: str, message_id: str, *, uncertain: bool) -> str | None:
        """Mark the row 'sending' (committed) if it may be sent; return its Message-ID.

        None when it may not be sent (already sent, or claimed by another run). With
        ``uncertain``, a row left 'sending' by an interrupted run may be claimed again.
        """
        allowed = ("stamped", "failed", "sending") if uncertain else ("stamped", "failed")
        stamp = now()
        with self._write() as db:
            changed = db.execute(
                "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, "
                "message_id = COALESCE(message_id, ?), sending_at = ?, updated_at = ?, "
                "handed_at = NULL "
                f"WHERE edition = ? AND email = ? AND state IN ({','.join('?' * len(allowed))})",
                (message_id, stamp, stamp, edition, email, *allowed),
            ).rowcount
            if changed != 1:
                return None
            row = db.execute(
                "SELECT message_id FROM deliveries WHERE edition = ? AND email = ?",
                (edition, email),
            ).fetchone()
        return str(row[0])

    def recover(self, edition: str) -> int:
        """Release the rows a stopped run left 'sending' before their message was complete.

        Call it only while holding the run lock (no other run can be sending). Those
        messages certainly did not arrive: they go out with this run. Returns how many.
        """
        stamp = now()
        with self._write() as db:
            return db.execute(
                "UPDATE deliveries SET state = 'stamped', updated_at = ?, error = "
                "'not delivered: the run stopped before the message was complete' "
                "WHERE edition = ? AND state = 'sending' AND handed_at IS NULL",
                (stamp, edition),
            ).rowcount

    def mark_handed(self, edition: str, email: str) -> None:
        """The whole message but its last line is with the server (committed before that
        line is sent): from here on, a lost answer leaves the delivery uncertain."""
        stamp = now()
        with self._write() as db:
            db.execute(
                "UPDATE deliveries SET handed_at = ?, updated_at = ? "
                "WHERE edition = ? AND email = ? AND state = 'sending'",
                (stamp, stamp, edition, email),
            )

    def mark_sent(self, edition: str, email: str) -> None:
        self._finish(edition, email, "sent", None, sent=True)

    def mark_failed(self, edition: str, email: str, error: str) -> None:
        """A permanent failure (or temporary ones until the retries ran out)."""
        self._finish(edition, email, "failed", error)

    def release(self, edition: str, email: str, error: str) -> None:
        """Not delivered, certainly (refused with 4xx, or the connection failed earlier)."""
        self._finish(edition, email, "stamped", error)

    def mark_uncertain(self, edition: str, email: str, error: str) -> None:
        """Handed over but no answer: stays 'sending', with what happened."""
        self._finish(edition, email, "sending", error, handed=True)

    def _finish(
        self,
        edition: str,
        email: str,
        state: str,
        error: str | None,
        *,
        sent: bool = False,
        handed: bool = False,
    ) -> None:
        stamp = now()
        with self._write() as db:
            db.execute(
                "UPDATE deliveries SET state = ?, error = ?, updated_at = ?, "
                "sent_at = CASE WHEN ? THEN ? ELSE sent_at END, "
                "handed_at = CASE WHEN ? THEN COALESCE(handed_at, ?) ELSE handed_at END "
                "WHERE edition = ? AND email = ? AND state = 'sending'",
                (state, error, stamp, sent, stamp, handed, stamp, edition, email),
            )
