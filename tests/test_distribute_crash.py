"""Crash safety: kill the real command with SIGKILL mid-run, run it again, count the mail."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from recipebook.cli import main

from .distribute_support import (
    BOOK_FILE,
    Mailbox,
    make_book_pdf,
    make_project,
    smtp_server,
    stalling_server,
    wait_for,
    write_csv,
)

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

PEOPLE = [f"reader{n}@example.com" for n in range(8)]


def _command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "recipebook", "-C", str(root), "distribute", *args]


def _run(root: Path, *args: str) -> Result:
    """Re-runs happen in this process (faster); only the killed run needs its own."""
    return CliRunner().invoke(main, ["-C", str(root), "distribute", *args], catch_exceptions=False)


def _people(root: Path) -> Path:
    lines = ["email,name", *(f"{e},Reader {n}" for n, e in enumerate(PEOPLE))]
    return write_csv(root / "subscribers.csv", "\n".join(lines) + "\n")


def _kill(process: subprocess.Popen[str]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


def test_killed_while_a_message_is_in_flight(tmp_path: Path) -> None:
    """The 4th message reaches the server but the sender dies before hearing "250"."""
    mailbox = Mailbox(hold_at=3)
    with smtp_server(mailbox) as port:
        root = make_project(tmp_path / "book", port)
        people = _people(root)
        process = subprocess.Popen(_command(root, str(people), "--send"), text=True)
        assert wait_for(mailbox.holding.is_set), "the run never reached the 4th message"
        _kill(process)
        mailbox.release.set()
        assert len(mailbox.messages) == 4  # the 4th arrived; its sender never heard so

        again = _run(root, str(people), "--send")
        assert again.exit_code == 0, again.output
        assert "4 sent, 0 failed" in again.stdout
        assert "1 uncertain (not re-sent" in again.stdout
        assert PEOPLE[3] in again.stderr and "--resend-uncertain" in again.stderr
        counts = {k: len(v) for k, v in mailbox.by_recipient().items()}
        assert counts == dict.fromkeys(PEOPLE, 1)

        status = _run(root, "--status")
        assert "7 sent, 0 failed, 1 uncertain" in status.stdout
        assert f"uncertain: {PEOPLE[3]}" in status.stdout

        third = _run(root, str(people), "--send")
        assert "0 sent" in third.stdout and len(mailbox.messages) == 8


def test_killed_between_messages(tmp_path: Path) -> None:
    """Killed while pausing for --rate: nothing is uncertain, the rest go out once each."""
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        root = make_project(tmp_path / "book", port)
        people = _people(root)
        process = subprocess.Popen(
            _command(root, str(people), "--send", "--rate", "60/min"), text=True
        )
        assert wait_for(lambda: len(mailbox.messages) == 2)
        time.sleep(0.3)  # the run has recorded "sent" and waits a second for the next one
        _kill(process)

        again = _run(root, str(people), "--send")
        assert again.exit_code == 0, again.output
        assert "6 sent, 0 failed" in again.stdout and "uncertain" not in again.stdout
        assert "2 already had this edition" in again.stdout
        counts = {k: len(v) for k, v in mailbox.by_recipient().items()}
        assert counts == dict.fromkeys(PEOPLE, 1)


def _ledger_row(root: Path, email: str) -> tuple[str, str | None]:
    with sqlite3.connect(root / "output" / "distribution.sqlite3") as db:
        state, handed = db.execute(
            "SELECT state, handed_at FROM deliveries WHERE email = ?", (email,)
        ).fetchone()
    return state, handed


def test_stopped_part_way_through_a_message_it_is_sent_again_not_uncertain(
    tmp_path: Path,
) -> None:
    """Ctrl-C or kill -9 while the message is still being uploaded: the server never had
    it whole (its final "." never went out), so it certainly did not arrive."""
    with stalling_server() as (port, stalled):
        root = make_project(tmp_path / "book", port, build=False)
        # a message larger than the sender's socket buffers, so it stalls part-way
        make_book_pdf(root / BOOK_FILE, padding=_send_buffer() // 2 + 300_000)
        people = write_csv(root / "subscribers.csv", f"email\n{PEOPLE[0]}\n")

        process = subprocess.Popen(
            _command(root, str(people), "--send"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert wait_for(stalled.is_set), "the message never started"
        process.send_signal(signal.SIGINT)  # Ctrl-C
        out, err = process.communicate(timeout=20)
        assert process.returncode == 130, out + err
        assert "Interrupted. Run the same command again" in err
        assert "uncertain" not in out + err and "Traceback" not in err
        assert _ledger_row(root, PEOPLE[0]) == ("stamped", None)

        stalled.clear()
        process = subprocess.Popen(_command(root, str(people), "--send"))
        assert wait_for(stalled.is_set), "the message never started"
        assert _ledger_row(root, PEOPLE[0])[0] == "sending"
        _kill(process)
        assert _ledger_row(root, PEOPLE[0]) == ("sending", None)

    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        make_project(root, port, build=False)  # the author fixed the server settings
        again = _run(root, str(people), "--send")
        assert again.exit_code == 0, again.output
        assert "1 sent, 0 failed" in again.stdout and "uncertain" not in again.output
        counts = {k: len(v) for k, v in mailbox.by_recipient().items()}
        assert counts == dict.fromkeys(PEOPLE[:1], 1)
        assert "1 sent, 0 failed, 0 uncertain, 0 waiting" in _run(root, "--status").stdout


def _send_buffer() -> int:
    """The most a socket may buffer for sending here (Linux), or a generous guess."""
    try:
        return int(Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2])
    except (OSError, IndexError, ValueError):
        return 4_194_304
