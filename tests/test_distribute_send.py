"""`recipebook distribute --send` against a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from email.headerregistry import Address
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner, Result

from recipebook.cli import main

from .distribute_support import (
    BOOK_FILE,
    Mailbox,
    attachment,
    make_book_pdf,
    make_project,
    page_text,
    smtp_server,
    write_csv,
)

PEOPLE = [
    ("jane@example.com", "Jane Doe"),
    ("zoe@example.com", "Zoë Ἀλέξανδρος"),
    ("dmitri@example.com", "Дмитрий Иванов"),
    ("ann@example.com", "Ann"),
    ("bob@example.com", ""),
]


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def port(mailbox: Mailbox) -> Iterator[int]:
    with smtp_server(mailbox) as port:
        yield port


@pytest.fixture
def book(tmp_path: Path, port: int) -> Path:
    return make_project(tmp_path / "book", port)


def subscribers(folder: Path, people: list[tuple[str, str]] = PEOPLE) -> Path:
    lines = ["email,name", *(f'{email},"{name}"' for email, name in people)]
    return write_csv(folder / "subscribers.csv", "\n".join(lines) + "\n")


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), "distribute", *args], catch_exceptions=False)


def states(root: Path) -> dict[str, str]:
    with sqlite3.connect(root / "output" / "distribution.sqlite3") as db:
        return dict(db.execute("SELECT email, state FROM deliveries"))


def test_each_subscriber_receives_one_message_with_their_own_stamped_copy(
    book: Path, mailbox: Mailbox
) -> None:
    result = cli(book, str(subscribers(book)), "--send")
    assert result.exit_code == 0, result.output
    assert "5 sent, 0 failed, 0 skipped (invalid), 0 suppressed" in result.stdout
    received = mailbox.by_recipient()
    assert sorted(received) == sorted(email for email, _ in PEOPLE)
    message_ids = set()
    for email, name in PEOPLE:
        [delivered] = received[email]
        message = delivered.message
        assert message["To"].addresses[0].addr_spec == email
        assert message["From"] == "Spa Recipes <hello@example.com>"
        # without a name: no "Your copy of Test Spa Book, there"
        expected = (
            f"Your copy of Test Spa Book, {name.split()[0]}"
            if name
            else ("Your copy of Test Spa Book")
        )
        assert message["Subject"] == expected
        assert message["List-Unsubscribe"] == "<mailto:hello@example.com?subject=unsubscribe>"
        message_ids.add(message["Message-ID"])
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "Test Spa Book" in text and "Test Spa Book" in html
        assert text.startswith(f"Hello {name.split()[0] if name else 'there'},")
        pdf = attachment(message)
        expected = f"Prepared for {name} · {email}" if name else f"Prepared for {email}"
        assert expected in page_text(pdf, 1)
        assert expected in page_text(pdf, 3)
    assert len(message_ids) == 5
    assert set(states(book).values()) == {"sent"}
    manifest = (next((book / "output" / "copies").iterdir()) / "manifest.csv").read_text(
        "utf-8-sig"
    )
    assert manifest.count("\n") == 6

    again = cli(book, str(subscribers(book)), "--send")
    assert again.exit_code == 0
    assert "0 sent, 0 failed" in again.stdout and "5 already had this edition" in again.stdout
    assert len(mailbox.messages) == 5


def test_temporary_failures_are_retried(book: Path, mailbox: Mailbox) -> None:
    mailbox.rcpt_replies["jane@example.com"] = ["451 4.7.1 Greylisted, try again later"] * 2
    mailbox.data_replies["ann@example.com"] = ["452 4.3.1 Insufficient system storage"]
    result = cli(book, str(subscribers(book)), "--send")
    assert result.exit_code == 0, result.output
    assert "5 sent, 0 failed" in result.stdout
    assert {k: len(v) for k, v in mailbox.by_recipient().items()} == dict.fromkeys(
        (email for email, _ in PEOPLE), 1
    )
    with sqlite3.connect(book / "output" / "distribution.sqlite3") as db:
        attempts = dict(db.execute("SELECT email, attempts FROM deliveries"))
    assert attempts["jane@example.com"] == 3 and attempts["ann@example.com"] == 2


def test_a_permanent_failure_is_recorded_and_reported(book: Path, mailbox: Mailbox) -> None:
    mailbox.always_refuse["dmitri@example.com"] = "550 5.1.1 No such user here"
    result = cli(book, str(subscribers(book)), "--send")
    assert result.exit_code == 1
    assert "4 sent, 1 failed" in result.stdout
    assert "failed: dmitri@example.com: 550 5.1.1 No such user here" in result.output
    assert states(book)["dmitri@example.com"] == "failed"
    assert "dmitri@example.com" not in mailbox.by_recipient()
    status = cli(book, "--status")
    assert "4 sent, 1 failed, 0 uncertain" in status.stdout
    assert "failed: dmitri@example.com (1 attempt): 550 5.1.1 No such user here" in status.stdout

    # A re-run tries the failed one again (it was never delivered) and nobody else.
    del mailbox.always_refuse["dmitri@example.com"]
    again = cli(book, str(subscribers(book)), "--send")
    assert "1 sent, 0 failed" in again.stdout
    assert {k: len(v) for k, v in mailbox.by_recipient().items()} == dict.fromkeys(
        (email for email, _ in PEOPLE), 1
    )


def test_a_new_edition_is_sent_to_everyone_again(book: Path, mailbox: Mailbox) -> None:
    people = subscribers(book)
    assert cli(book, str(people), "--send").exit_code == 0
    make_book_pdf(book / BOOK_FILE, pages=6, marker="(revised)")
    result = cli(book, str(people), "--send")
    assert "5 sent, 0 failed" in result.stdout, result.output
    for email, _ in PEOPLE:
        first, second = mailbox.by_recipient()[email]
        assert "(revised)" not in page_text(attachment(first.message), 2)
        assert "(revised)" in page_text(attachment(second.message), 2)
    status = cli(book, "--status").stdout
    assert status.count("5 sent, 0 failed") == 2
    old, new = status.splitlines()
    assert "the book in output/ now" in new and "the book in output/ now" not in old
    assert "T" not in old.split("since ")[1].split(":")[0]  # a date for people, not ISO


def test_suppressed_unsubscribed_and_invalid_addresses_never_receive_mail(
    book: Path, mailbox: Mailbox
) -> None:
    people = write_csv(
        book / "list.csv",
        "Email Address;First Name;Status\n"
        "ok@example.com;Okay;subscribed\n"
        "bad@@example.com;Bad;subscribed\n"
        "alsobad;Worse;subscribed\n"
        "gone@example.com;Gone;unsubscribed\n"
        "never@example.com;Never;subscribed\n"
        "OK@example.com;Twice;subscribed\n",
    )
    never = write_csv(book / "never.txt", "Never@Example.com\n")
    result = cli(book, str(people), "--send", "--suppress", str(never))
    assert result.exit_code == 0, result.output
    assert (
        "1 sent, 0 failed, 2 skipped (invalid), 1 suppressed, 1 unsubscribed, 1 duplicate"
        in result.stdout
    )
    assert "row 3" in result.output and "row 4" in result.output
    assert list(mailbox.by_recipient()) == ["ok@example.com"]


def test_names_cannot_inject_headers(book: Path, mailbox: Mailbox) -> None:
    people = write_csv(
        book / "list.csv",
        "email,name\n"
        'eve@example.com,"Eve\r\nBcc: attacker@example.com"\n'
        'mallory@example.com,"Mallory\nSubject: pwned\r\n\r\nbody"\n'
        'quote@example.com,"O\'Hara, ""Q"" <x@evil.example>"\n',
    )
    result = cli(book, str(people), "--send")
    assert result.exit_code == 0, result.output
    received = mailbox.by_recipient()
    assert sorted(received) == ["eve@example.com", "mallory@example.com", "quote@example.com"]
    for email, [delivered] in received.items():
        assert delivered.rcpt_tos == [email]
        message = delivered.message
        headers = [line for line in delivered.data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")]
        names = [h.split(b":", 1)[0].lower() for h in headers if not h[:1].isspace()]
        assert b"bcc" not in names
        assert names.count(b"subject") == 1 and names.count(b"to") == 1
        assert [a.addr_spec for a in message["To"].addresses] == [email]
        assert "pwned" not in message["Subject"]
    assert received["eve@example.com"][0].message["To"].addresses[0].display_name == (
        "Eve Bcc: attacker@example.com"
    )


def test_a_dropped_connection_after_the_message_is_uncertain_and_not_resent(
    book: Path, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = mailbox.handle_DATA

    async def drop_once(server, session, envelope):  # type: ignore[no-untyped-def]
        if envelope.rcpt_tos == ["ann@example.com"] and not getattr(drop_once, "done", False):
            drop_once.done = True  # type: ignore[attr-defined]
            server.transport.close()
            return "250 never seen"
        return await original(server, session, envelope)

    monkeypatch.setattr(mailbox, "handle_DATA", drop_once)
    people = subscribers(book)
    result = cli(book, str(people), "--send")
    assert result.exit_code == 1
    assert "4 sent, 0 failed" in result.stdout and "1 uncertain" in result.stdout
    assert "uncertain: ann@example.com" in result.output
    assert states(book)["ann@example.com"] == "sending"

    again = cli(book, str(people), "--send")
    assert "0 sent" in again.stdout and "1 uncertain (not re-sent" in again.stdout
    assert "ann@example.com" in again.output and "--resend-uncertain" in again.output
    assert "ann@example.com" not in mailbox.by_recipient()

    resend = cli(book, str(people), "--send", "--resend-uncertain")
    assert "1 sent, 0 failed" in resend.stdout
    assert len(mailbox.by_recipient()["ann@example.com"]) == 1
    assert states(book)["ann@example.com"] == "sent"


def test_a_server_that_goes_away_stops_the_run_and_a_rerun_finishes_it(tmp_path: Path) -> None:
    mailbox = Mailbox(stop_after=2)
    with smtp_server(mailbox) as port:
        root = make_project(tmp_path / "book", port)
        people = subscribers(root)
        result = cli(root, str(people), "--send")
        assert result.exit_code == 1
        assert "stopped: could not reach the mail server" in result.output
        assert "Traceback" not in result.output
    before = states(root)
    assert sorted(before.values())[-1] == "stamped"  # the rest wait, safely
    assert sum(v in ("sent", "sending") for v in before.values()) == 2
    with smtp_server(mailbox, port=port):
        again = cli(root, str(people), "--send")
    assert again.exit_code == 0, again.output
    # Both delivered messages arrived (the second, perhaps unconfirmed, is not re-sent).
    counts = {k: len(v) for k, v in mailbox.by_recipient().items()}
    assert counts == dict.fromkeys((email for email, _ in PEOPLE), 1)


def test_a_server_size_limit_fails_clearly_and_stops_after_five(tmp_path: Path) -> None:
    mailbox = Mailbox()
    people = [(f"r{n}@example.com", f"R {n}") for n in range(7)]
    with smtp_server(mailbox, data_size_limit=100_000) as port:
        root = make_project(tmp_path / "book", port)
        result = cli(root, str(subscribers(root, people)), "--send")
    assert result.exit_code == 1 and not mailbox.messages
    assert "0 sent, 5 failed" in result.stdout
    assert "the mail server accepts at most 0.1 MB" in result.output
    assert "stopped: the last 5 messages were all refused" in result.output
    assert sorted(states(root).values()) == ["failed"] * 5 + ["stamped"] * 2


def test_dry_run_writes_eml_files_and_sends_nothing(book: Path, mailbox: Mailbox) -> None:
    result = cli(book, str(subscribers(book)), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "5 written to output/outbox/" in result.stdout and "nothing sent" in result.stdout
    outbox = next((book / "output" / "outbox").iterdir())
    emls = sorted(outbox.glob("*.eml"))
    assert len(emls) == 5 and not mailbox.messages
    from email import message_from_bytes, policy

    message = message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    assert "Prepared for" in page_text(attachment(message), 0)  # type: ignore[arg-type]
    assert set(states(book).values()) == {"stamped"}
    assert "5 sent" in cli(book, str(subscribers(book)), "--send").stdout


def test_login_and_a_refused_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mailbox = Mailbox()

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = auth_data.login == b"author@example.com" and auth_data.password == b"right"
        return AuthResult(success=ok, handled=False)

    with smtp_server(mailbox, authenticator=authenticator, auth_require_tls=False) as port:
        distribution = (
            "distribution:\n"
            '  from: "Spa Recipes <hello@example.com>"\n'
            "  smtp: {{host: 127.0.0.1, port: {port}, username: author@example.com, "
            "retries: 2, retry_delay: 0.01}}\n"
        )
        root = make_project(tmp_path / "book", port, distribution=distribution)
        people = subscribers(root, PEOPLE[:2])

        monkeypatch.delenv("RECIPEBOOK_SMTP_PASSWORD", raising=False)
        missing = cli(root, str(people), "--send")
        assert missing.exit_code == 1 and "RECIPEBOOK_SMTP_PASSWORD" in missing.output

        monkeypatch.setenv("RECIPEBOOK_SMTP_PASSWORD", "wrong")
        refused = cli(root, str(people), "--send")
        assert refused.exit_code == 1
        assert "refused the login for 'author@example.com'" in refused.output
        assert "Traceback" not in refused.output
        assert not mailbox.messages and not states(root)  # checked before any copy was made

        monkeypatch.setenv("RECIPEBOOK_SMTP_PASSWORD", "right")
        assert "2 sent" in cli(root, str(people), "--send").stdout
        assert len(mailbox.messages) == 2


def test_an_unreachable_server_is_a_clear_error_and_nothing_is_lost(tmp_path: Path) -> None:
    from .distribute_support import free_port

    port = free_port()
    root = make_project(tmp_path / "book", port)
    result = cli(root, str(subscribers(root)), "--send")
    assert result.exit_code == 1
    assert f"could not reach the mail server 127.0.0.1:{port} (nothing answers on port" in (
        result.output
    )
    # each wait is announced (with the defaults it would otherwise be silent for minutes)
    assert "trying again in 0.05 s (attempt 2 of 3)" in result.output
    assert "Errno" not in result.output and "Traceback" not in result.output
    assert not states(root)


def test_a_server_that_keeps_saying_later_stops_the_run(book: Path, mailbox: Mailbox) -> None:
    """Not hours of "gave up after 3 attempts" for every subscriber of a long list."""
    for email, _ in PEOPLE:
        mailbox.rcpt_replies[email] = ["450 4.7.1 Too many messages, slow down"] * 3
    result = cli(book, str(subscribers(book)), "--send")
    assert result.exit_code == 1
    assert "0 sent, 3 failed" in result.stdout
    assert (
        "jane@example.com: 450 4.7.1 Too many messages, slow down (refused the recipient); "
        "trying again in 0.05 s (attempt 2 of 3)"
    ) in result.output
    assert "stopped: the mail server kept answering “try again later” to the last 3" in (
        result.output
    )
    assert sorted(states(book).values()) == ["failed"] * 3 + ["stamped"] * 2
    mailbox.rcpt_replies.clear()
    again = cli(book, str(subscribers(book)), "--send")
    assert "5 sent, 0 failed" in again.stdout, again.output
    assert {k: len(v) for k, v in mailbox.by_recipient().items()} == dict.fromkeys(
        (email for email, _ in PEOPLE), 1
    )


def test_a_long_list_of_failures_is_cut_short(
    book: Path, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("recipebook.commands.distribute.SHOWN", 2)
    for email, _ in PEOPLE[:4]:
        mailbox.always_refuse[email] = f"550 5.1.1 <{email}>: no such user"
    result = cli(book, str(subscribers(book)), "--send")
    assert "1 sent, 4 failed" in result.stdout
    assert result.output.count("\nfailed: ") == 2
    assert "… and 2 more failed: see recipebook distribute --status" in result.output
    status = cli(book, "--status").stdout
    assert status.count("(refused the recipient)") == 4


def test_ctrl_c_while_making_copies(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("recipebook.distribute.run.write_copies", interrupted)
    result = CliRunner().invoke(
        main, ["-C", str(book), "distribute", str(subscribers(book)), "--send"]
    )
    assert result.exit_code == 130
    assert "Interrupted before anything was sent in this run. Run the same command again" in (
        result.output
    )
    assert "Aborted" not in result.output and "Traceback" not in result.output


def test_a_password_sent_without_encryption_is_warned_about(tmp_path: Path) -> None:
    distribution = (
        "distribution:\n"
        '  from: "Spa Recipes <hello@example.com>"\n'
        "  smtp: {{host: smtp.invalid, port: {port}, username: me@example.com, retries: 1}}\n"
    )
    root = make_project(tmp_path / "book", 587, distribution=distribution)
    result = CliRunner().invoke(
        main,
        ["-C", str(root), "distribute", str(subscribers(root)), "--send"],
        env={"RECIPEBOOK_SMTP_PASSWORD": "secret"},
    )
    assert "the password goes to smtp.invalid unencrypted: set starttls: true" in result.output
    assert "the host name 'smtp.invalid' is not known)" in result.output


def test_author_mistakes_are_explained(tmp_path: Path) -> None:
    unbuilt = make_project(tmp_path / "unbuilt", build=False)
    result = cli(unbuilt, str(subscribers(unbuilt)), "--dry-run")
    assert result.exit_code == 1 and "run `recipebook build` first" in result.output

    bare = make_project(tmp_path / "bare", distribution=None)
    result = cli(bare, str(subscribers(bare)), "--dry-run")
    assert result.exit_code == 1
    assert "distribution:" in result.output and "RECIPEBOOK_SMTP_PASSWORD" in result.output

    typo = make_project(
        tmp_path / "typo",
        distribution='distribution:\n  from: "x <a@example.com>"\n  subject: "Hi {{firstname}}"\n',
    )
    result = cli(typo, str(subscribers(typo)), "--dry-run")
    assert result.exit_code == 1 and "{firstname}, which is not known" in result.output

    assert "name the subscriber list" in cli(bare).output
    assert "Nothing has been distributed yet" in cli(bare, "--status").stdout
    bad_rate = cli(bare, str(subscribers(bare)), "--rate", "fast")
    assert bad_rate.exit_code == 2 and "30/min" in bad_rate.output
    both = cli(bare, str(subscribers(bare)), "--dry-run", "--send")
    assert both.exit_code == 2 and "choose one" in both.output


def test_encrypted_copies_are_sent_locked(book: Path, mailbox: Mailbox) -> None:
    people = write_csv(
        book / "list.csv",
        "email,name,password\nopen@example.com,Open,\nlocked@example.com,Locked,s3cret\n",
    )
    result = cli(book, str(people), "--send", "--encrypt")
    assert "2 sent, 0 failed" in result.stdout, result.output
    received = mailbox.by_recipient()
    opened = pikepdf.open(io.BytesIO(attachment(received["open@example.com"][0].message)))
    assert opened.is_encrypted and opened.encryption.bits == 256
    assert opened.allow.print_highres and not opened.allow.modify_other
    locked = attachment(received["locked@example.com"][0].message)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(locked))
    document = pypdfium2.PdfDocument(locked, password="s3cret")
    assert "Prepared for Locked" in document[1].get_textpage().get_text_range()


def test_international_addresses_are_sent_not_a_traceback(tmp_path: Path) -> None:
    """zoë@… needs a server with SMTPUTF8; ann@exämple.com goes out as punycode."""
    people = [
        ("zoë@example.com", "Zoë Ἀλέξανδρος"),
        ("ann@exämple.com", "Ann"),
        ("jane@example.com", "Jane"),
    ]
    mailbox = Mailbox()
    with smtp_server(mailbox, enable_SMTPUTF8=True) as port:
        root = make_project(tmp_path / "utf8", port)
        result = cli(root, str(subscribers(root, people)), "--send")
    assert result.exit_code == 0, result.output
    assert "3 sent, 0 failed" in result.stdout
    received = mailbox.by_recipient()
    assert sorted(received) == ["ann@xn--exmple-cua.com", "jane@example.com", "zoë@example.com"]
    zoe = received["zoë@example.com"][0].message
    assert [a.addr_spec for a in zoe["To"].addresses] == ["zoë@example.com"]
    assert zoe["To"].addresses[0].display_name == "Zoë Ἀλέξανδρος"
    assert "Prepared for Zoë Ἀλέξανδρος · zoë@example.com" in page_text(attachment(zoe), 1)
    ann = received["ann@xn--exmple-cua.com"][0].message
    assert ann["To"] == "Ann <ann@xn--exmple-cua.com>"

    # A server without SMTPUTF8 refuses only the one address it cannot take.
    plain = Mailbox()
    with smtp_server(plain, enable_SMTPUTF8=False) as port:
        root = make_project(tmp_path / "ascii", port)
        result = cli(root, str(subscribers(root, people)), "--send")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "2 sent, 1 failed" in result.stdout
    assert "failed: zoë@example.com: the mail server cannot deliver to international" in (
        result.output
    )
    assert sorted(plain.by_recipient()) == ["ann@xn--exmple-cua.com", "jane@example.com"]


def test_the_default_email_reads_well_as_text_and_html(tmp_path: Path) -> None:
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        distribution = (
            "distribution:\n"
            '  from: "Spa Recipes <hello@example.com>"\n'
            '  unsubscribe: "https://example.com/unsub?e={{email}}"\n'
            "  smtp: {{host: 127.0.0.1, port: {port}, retries: 2, retry_delay: 0.01}}\n"
        )
        root = make_project(tmp_path / "book", port, distribution=distribution)
        result = cli(root, str(subscribers(root, PEOPLE[:1])), "--send")
    assert result.exit_code == 0, result.output
    message = mailbox.messages[0].message
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content()
    assert text.startswith("Hello Jane,\n\nhere is your own copy of Test Spa Book (1 edition).")
    # one paragraph per line: no hard line break in the middle of a sentence
    assert "It is attached to this email as a PDF: save it, open it on any device" in text
    assert "<br>" not in html
    assert "It is attached to this email as a PDF: save it, open it on any device" in html
    unsubscribe = "https://example.com/unsub?e=jane%40example.com"
    assert f"unsubscribe here: {unsubscribe}" in text
    assert f'<a href="{unsubscribe}">{unsubscribe}</a>' in html
    assert 'reply with "unsubscribe"' not in text
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"


def test_an_authors_wrapped_body_flows_in_html_and_short_lines_keep_their_breaks(
    tmp_path: Path,
) -> None:
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        distribution = (
            "distribution:\n"
            '  from: "Spa Recipes <hello@example.com>"\n'
            "  body: |\n"
            "    Hello {{first_name}},\n"
            "\n"
            "    the new edition of {{title}} is here, with twelve new recipes for the\n"
            "    cold months and a chapter on foot soaks.\n"
            "\n"
            "    Warmly,\n"
            "    {{author}}\n"
            "  smtp: {{host: 127.0.0.1, port: {port}, retries: 2, retry_delay: 0.01}}\n"
        )
        root = make_project(tmp_path / "book", port, distribution=distribution)
        assert cli(root, str(subscribers(root, PEOPLE[:1])), "--send").exit_code == 0
    html = mailbox.messages[0].message.get_body(("html",)).get_content()
    assert "twelve new recipes for the cold months and a chapter" in html
    assert "<p>Warmly,<br>\nTest Author</p>" in html.replace("\r\n", "\n")


@pytest.mark.parametrize("email", ["jane@example.com", "zoë@example.com"])
def test_the_fast_message_writer_gives_what_the_email_package_would(email: str) -> None:
    from email import message_from_bytes, policy

    from recipebook.distribute.message import DEFAULT_BODY, Templates, build_message
    from recipebook.distribute.message import message_bytes as fast
    from recipebook.distribute.subscribers import Subscriber

    templates = Templates(
        Address("Spa", "hello", "example.com"),
        "Hi {first_name}",
        DEFAULT_BODY.replace("{unsubscribe_sentence}", "Bye."),
        None,
        None,
        "mailto:hello@example.com",
        "Book",
        "Me",
        "1",
    )
    person = Subscriber(email, "Zoë Doe", "Zoë", 2)
    pdf = bytes(range(256)) * 4001  # not a multiple of a base64 line
    slow = build_message(templates, person, pdf, "book.pdf", "<1@x>").as_bytes()
    quick = fast(templates, person, pdf, "book.pdf", "<1@x>")
    assert len(quick) == len(slow) and b"\n" not in quick.replace(b"\r\n", b"")
    slow_msg = message_from_bytes(slow, policy=policy.default)
    quick_msg = message_from_bytes(quick, policy=policy.default)
    assert next(quick_msg.iter_attachments()).get_content() == pdf
    assert slow_msg.get_body(("plain",)).get_content() == (
        quick_msg.get_body(("plain",)).get_content()
    )
