"""SMTP: one connection reused for many messages, and an honest account of each attempt.

Every attempt ends in one of four outcomes. SENT: the server answered 250 to the message.
TEMPORARY: refused with a 4xx code, or the connection failed *before* the end of the
message was handed over, so it certainly was not accepted — safe to retry. PERMANENT:
refused with a 5xx code. UNCERTAIN: the whole message was handed over and then the answer
never came (connection lost, timeout) — it may have been accepted, so it must not be
retried blindly.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..config import SmtpConfig
from ..errors import DistributionError

PASSWORD_VARIABLE = "RECIPEBOOK_SMTP_PASSWORD"
#: Check an idle connection with NOOP before reusing it.
IDLE_CHECK_SECONDS = 20.0
#: The line that ends a message in DATA: only when it arrives may the server accept it.
END_OF_DATA = b".\r\n"


class Outcome(enum.Enum):
    SENT = "sent"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    detail: str


class Unreachable(Exception):
    """The server could not be reached or dropped the connection while we set it up."""


class Mailer:
    """An SMTP client for one run: connect lazily, reuse, reconnect after trouble."""

    def __init__(self, settings: SmtpConfig, password: str | None) -> None:
        self.settings = settings
        self.password = password
        self.smtp: smtplib.SMTP | None = None
        self.handed_over = False  # True while the server holds a message we have no answer for
        self._last_used = 0.0

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()
            self._drop()

    def connect(self) -> None:
        """Open, secure and log in; Unreachable for network trouble, DistributionError else."""
        if self.smtp is not None:
            if time.monotonic() - self._last_used < IDLE_CHECK_SECONDS:
                return
            try:
                if self.smtp.noop()[0] == 250:
                    return
            except (OSError, smtplib.SMTPException):
                pass
            self._drop()
        s = self.settings
        context = ssl.create_default_context()
        try:
            if s.ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            smtp.ehlo()
            if s.starttls:
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.username:
                smtp.login(s.username, self.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise DistributionError(
                f"the mail server {self.where} refused the login for {s.username!r} "
                f"({_reply(exc.smtp_code, exc.smtp_error)}). Check smtp.username in book.yaml "
                f"and the password in {PASSWORD_VARIABLE}; some providers (Gmail, Outlook, "
                "iCloud) need an app password instead of your usual one"
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            if s.starttls and "STARTTLS" in str(exc).upper():
                raise DistributionError(
                    f"the mail server {self.where} does not offer STARTTLS; check smtp.port "
                    "(587 uses starttls: true, 465 uses ssl: true)"
                ) from None
            raise DistributionError(
                f"the mail server {self.where} does not accept a login here ({exc}); "
                "most servers want starttls: true (port 587) or ssl: true (port 465) first"
            ) from None
        except ssl.SSLError as exc:
            raise DistributionError(
                f"the secure connection to {self.where} failed ({exc.reason or exc}). "
                "Port 465 uses ssl: true; ports 587 and 25 use starttls: true and ssl: false"
            ) from None
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:
                raise Unreachable(_reply(exc.smtp_code, exc.smtp_error)) from None
            raise DistributionError(
                f"the mail server {self.where} refused to talk to us "
                f"({_reply(exc.smtp_code, exc.smtp_error)})"
            ) from None
        except socket.gaierror:
            raise Unreachable(f"the host name {s.host!r} is not known") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise Unreachable(self._why(exc)) from None
        self.smtp = smtp
        self._last_used = time.monotonic()

    def _why(self, exc: BaseException) -> str:
        """A network failure in words (not "[Errno 111] Connection refused")."""
        s = self.settings
        if isinstance(exc, ConnectionRefusedError):
            why = f"nothing answers on port {s.port}"
        elif isinstance(exc, TimeoutError):
            why = f"no answer within {s.timeout:g} seconds"
        elif isinstance(exc, (ConnectionResetError, smtplib.SMTPServerDisconnected)):
            why = "the server closed the connection"
        elif isinstance(exc, OSError) and exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            why = "no route to the server: is this computer online?"
        else:
            why = str(exc) or type(exc).__name__
        if s.port == 465 and not s.ssl:
            why += "; port 465 needs ssl: true in book.yaml"
        return why

    def send(
        self,
        sender: str,
        recipient: str,
        data: bytes,
        *,
        smtputf8: bool = False,
        before_end: Callable[[], None] | None = None,
    ) -> Result:
        """One attempt to deliver ``data``; the connection must be open (see :meth:`connect`).

        The message goes out without its final line (``.``), which alone tells the server
        it is complete: until then a server cannot accept it, so an interruption is
        certainly not a delivery. ``before_end`` runs just before that line is sent (the
        ledger records "handed over" there); only after it is a lost answer *uncertain*.
        """
        smtp = self.smtp
        assert smtp is not None, "connect() first"
        self.handed_over = False
        self._last_used = time.monotonic()
        try:
            return self._send(smtp, sender, recipient, data, smtputf8, before_end)
        except BaseException:  # Ctrl-C mid-message: the connection is unusable, and a polite
            self._drop()  # QUIT would wait for a server still reading the message
            raise

    def _send(
        self,
        smtp: smtplib.SMTP,
        sender: str,
        recipient: str,
        data: bytes,
        smtputf8: bool,
        before_end: Callable[[], None] | None,
    ) -> Result:
        try:
            options: list[str] = []
            limit = _size_limit(smtp)
            if limit and len(data) > limit:
                return Result(
                    Outcome.PERMANENT,
                    f"the email is {len(data) / 1e6:.1f} MB with the book attached; the mail "
                    f"server accepts at most {limit / 1e6:.1f} MB",
                )
            if smtputf8:
                if not smtp.has_extn("smtputf8"):
                    return Result(
                        Outcome.PERMANENT,
                        "the mail server cannot deliver to international addresses (no SMTPUTF8)",
                    )
                options = ["SMTPUTF8", "BODY=8BITMIME"]
            for command, expected in (("MAIL", (250,)), ("RCPT", (250, 251)), ("DATA", (354,))):
                if command == "MAIL":
                    code, text = smtp.mail(sender, options)
                elif command == "RCPT":
                    code, text = smtp.rcpt(recipient)
                else:
                    code, text = smtp.docmd("DATA")
                if code not in expected:
                    self._reset()
                    return _refused(code, text, command)
            smtp.send(_dot_stuffed(data))
            if before_end is not None:
                before_end()
            self.handed_over = True
            smtp.send(END_OF_DATA)
        except (OSError, smtplib.SMTPException) as exc:
            if self.handed_over:  # the last line may have reached the server
                self._drop()
                return Result(
                    Outcome.UNCERTAIN,
                    f"connection lost while the message was completed, before the server "
                    f"confirmed it: {exc or type(exc).__name__}",
                )
            self._drop()
            self.handed_over = False
            return Result(Outcome.TEMPORARY, f"connection lost before the message was sent: {exc}")
        try:
            code, text = smtp.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            return Result(
                Outcome.UNCERTAIN,
                f"connection lost after the message was handed over, before the server "
                f"confirmed it: {exc or type(exc).__name__}",
            )
        self.handed_over = False
        if code == 250:
            return Result(Outcome.SENT, _reply(code, text))
        self._reset()
        return _refused(code, text, "end of message")

    def _reset(self) -> None:
        if self.smtp is None:
            return
        try:
            self.smtp.rset()
        except (OSError, smtplib.SMTPException):
            self._drop()

    def _drop(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError):
                self.smtp.close()
        self.smtp = None


def _size_limit(smtp: smtplib.SMTP) -> int:
    """The largest message the server accepts (its SIZE extension), 0 when it does not say."""
    value = smtp.esmtp_features.get("size", "").strip()
    return int(value) if value.isdigit() else 0


#: What the server was answering, in words (SMTP's MAIL, RCPT and DATA commands).
STAGES = {
    "MAIL": "refused the sender",
    "RCPT": "refused the recipient",
    "DATA": "refused the message",
    "end of message": "refused the message",
}


def _refused(code: int, text: bytes | str, stage: str) -> Result:
    detail = f"{_reply(code, text)} ({STAGES.get(stage, stage)})"
    if 400 <= code < 500 or code < 0:
        return Result(Outcome.TEMPORARY, detail)
    return Result(Outcome.PERMANENT, detail)


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return f"{code} {' '.join(text.split())}".strip()


def _dot_stuffed(data: bytes) -> bytes:
    """The message as DATA wants it: CRLF line ends, leading dots doubled, ending in CRLF
    (the closing ``.`` line, :data:`END_OF_DATA`, is sent on its own)."""
    data = re.sub(rb"\r\n|\r|\n", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data
