"""The ledger's state machine: a row is claimed once, and only answers move it on."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from recipebook.distribute.ledger import SCHEMA, Ledger
from recipebook.distribute.send import RateLimiter

ED = "e" * 64


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    ledger = Ledger(tmp_path / "distribution.sqlite3")
    ledger.add_edition(ED, "1", "output/book.pdf", 4)
    ledger.record_stamped(ED, "a@example.com", "A@example.com", "Ann", "a.pdf", "00")
    return ledger


def test_write_ahead_logging_and_full_sync(ledger: Ledger) -> None:
    assert ledger.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ledger.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_row_is_claimed_by_one_run_only(ledger: Ledger, tmp_path: Path) -> None:
    other = Ledger(tmp_path / "distribution.sqlite3")
    first = ledger.claim(ED, "a@example.com", "<1@x>", uncertain=False)
    assert first == "<1@x>"
    assert other.claim(ED, "a@example.com", "<2@x>", uncertain=False) is None
    other.close()


def test_uncertain_rows_are_only_claimed_on_request_and_keep_their_message_id(
    ledger: Ledger,
) -> None:
    assert ledger.claim(ED, "a@example.com", "<1@x>", uncertain=False) == "<1@x>"
    # the run dies here: the row stays 'sending'
    assert ledger.claim(ED, "a@example.com", "<2@x>", uncertain=False) is None
    assert ledger.claim(ED, "a@example.com", "<3@x>", uncertain=True) == "<1@x>"
    ledger.mark_sent(ED, "a@example.com")
    row = ledger.get(ED, "a@example.com")
    assert row is not None and (row.state, row.attempts, row.sent_at is not None) == (
        "sent",
        2,
        True,
    )
    assert ledger.claim(ED, "a@example.com", "<4@x>", uncertain=True) is None


def test_restamping_never_resets_a_state(ledger: Ledger) -> None:
    ledger.claim(ED, "a@example.com", "<1@x>", uncertain=False)
    ledger.mark_sent(ED, "a@example.com")
    ledger.record_stamped(ED, "a@example.com", "A@example.com", "Ann", "a.pdf", "11")
    row = ledger.get(ED, "a@example.com")
    assert row is not None and (row.state, row.sha256) == ("sent", "11")


def test_failed_and_released_rows_can_be_sent_later(ledger: Ledger) -> None:
    ledger.claim(ED, "a@example.com", "<1@x>", uncertain=False)
    ledger.release(ED, "a@example.com", "451 later")
    assert ledger.get(ED, "a@example.com").state == "stamped"  # type: ignore[union-attr]
    ledger.claim(ED, "a@example.com", "<2@x>", uncertain=False)
    ledger.mark_failed(ED, "a@example.com", "550 no")
    assert [d.error for d in ledger.problems(ED)] == ["550 no"]
    assert ledger.claim(ED, "a@example.com", "<3@x>", uncertain=False) == "<1@x>"


def test_answers_only_move_a_claimed_row(ledger: Ledger) -> None:
    ledger.mark_sent(ED, "a@example.com")  # never claimed: nothing happens
    assert ledger.get(ED, "a@example.com").state == "stamped"  # type: ignore[union-attr]


def test_states_are_checked_by_the_database(ledger: Ledger) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        ledger.db.execute("UPDATE deliveries SET state = 'delivered'")


def test_summary_per_edition(ledger: Ledger) -> None:
    ledger.add_edition("f" * 64, "2", "output/book.pdf", 5)
    [first, second] = ledger.summary()
    assert first.counts == {"stamped": 1, "sending": 0, "sent": 0, "failed": 0}
    assert second.label == "2" and sum(second.counts.values()) == 0


def test_rate_limiter_spaces_messages() -> None:
    now = [100.0]
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(120, sleep=sleep, clock=lambda: now[0])
    for _ in range(3):
        limiter.wait()
        now[0] += 0.1  # sending takes a tenth of a second
    assert pauses == pytest.approx([0.4, 0.4])
    RateLimiter(None, sleep=sleep).wait()
    assert len(pauses) == 2


def test_a_claim_stopped_before_the_message_was_complete_is_recovered(ledger: Ledger) -> None:
    ledger.record_stamped(ED, "b@example.com", "b@example.com", "Bo", "b.pdf", "00")
    ledger.claim(ED, "a@example.com", "<1@x>", uncertain=False)  # stopped mid-upload
    ledger.claim(ED, "b@example.com", "<2@x>", uncertain=False)
    ledger.mark_handed(ED, "b@example.com")  # stopped waiting for the answer
    assert ledger.summary()[0].counts == {"stamped": 1, "sending": 1, "sent": 0, "failed": 0}
    assert [d.address for d in ledger.problems(ED)] == ["b@example.com"]
    assert ledger.recover(ED) == 1
    a, b = ledger.get(ED, "a@example.com"), ledger.get(ED, "b@example.com")
    assert a is not None and a.state == "stamped" and "not delivered" in (a.error or "")
    assert b is not None and b.uncertain
    assert ledger.claim(ED, "a@example.com", "<3@x>", uncertain=False) == "<1@x>"


def test_a_ledger_from_before_handed_at_keeps_open_rows_uncertain(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # version 1 of the tables, one row left 'sending'
        db.executescript(re.sub(r"\n *handed_at [^\n]*", "", SCHEMA) + "PRAGMA user_version = 1;")
        db.execute("INSERT INTO editions VALUES (?, '1', 'book.pdf', 4, 'then')", (ED,))
        db.execute(
            "INSERT INTO deliveries (email, edition, address, state, created_at, updated_at, "
            "sending_at) VALUES ('a@example.com', ?, 'a@example.com', 'sending', 't', 't', 't')",
            (ED,),
        )
    with Ledger(path) as ledger:
        assert ledger.recover(ED) == 0
        row = ledger.get(ED, "a@example.com")
        assert row is not None and row.uncertain
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == 2


def test_copies_are_recorded_in_one_transaction_and_keep_states(ledger: Ledger) -> None:
    ledger.claim(ED, "a@example.com", "<1@x>", uncertain=False)
    ledger.mark_sent(ED, "a@example.com")
    changes = ledger.db.total_changes
    ledger.record_stamped_many(
        ED,
        [
            ("a@example.com", "A@example.com", "Ann", "a.pdf", "11"),
            ("b@example.com", "b@example.com", "Bo", "b.pdf", "22"),
        ],
    )
    assert ledger.db.total_changes - changes == 2
    assert ledger.get(ED, "a@example.com").state == "sent"  # type: ignore[union-attr]
    assert ledger.get(ED, "b@example.com").state == "stamped"  # type: ignore[union-attr]
