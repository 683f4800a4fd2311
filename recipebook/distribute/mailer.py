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
import re
import smtplib
import socket
import ssl
import time
from dataclasses import dataclass

from ..config import SmtpConfig
from ..errors import DistributionError

PASSWORD_VARIABLE = "RECIPEBOOK_SMTP_PASSWORD"
#: Check an idle connection with NOOP before reusing it.
IDLE_CHECK_SECONDS = 20.0


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
            raise Unreachable(f"the host name {s.host!r} is not known; check smtp.host") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise Unreachable(str(exc) or type(exc).__name__) from None
        self.smtp = smtp
        self._last_used = time.monotonic()

    def send(self, sender: str, recipient: str, data: bytes, *, smtputf8: bool = False) -> Result:
        """One attempt to deliver ``data``; the connection must be open (see :meth:`connect`)."""
        smtp = self.smtp
        assert smtp is not None, "connect() first"
        self.handed_over = False
        self._last_used = time.monotonic()
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
            self.handed_over = True
            smtp.send(_dot_stuffed(data))
        except (OSError, smtplib.SMTPException) as exc:
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


def _refused(code: int, text: bytes | str, stage: str) -> Result:
    detail = f"{_reply(code, text)} (at {stage})"
    if 400 <= code < 500 or code < 0:
        return Result(Outcome.TEMPORARY, detail)
    return Result(Outcome.PERMANENT, detail)


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return f"{code} {' '.join(text.split())}".strip()


def _dot_stuffed(data: bytes) -> bytes:
    """The message as DATA wants it: CRLF line ends, leading dots doubled, ending in CRLF.CRLF."""
    data = re.sub(rb"\r\n|\r|\n", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"
