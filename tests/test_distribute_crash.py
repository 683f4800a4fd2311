"""Crash safety: kill the real command with SIGKILL mid-run, run it again, count the mail."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from recipebook.cli import main

from .distribute_support import Mailbox, make_project, smtp_server, wait_for, write_csv

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
