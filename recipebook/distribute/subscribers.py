"""Read the mailing list: the CSV files that mailing-list services export.

Understands a plain ``email,name`` list, Mailchimp (``Email Address``, ``First Name``,
``Last Name``), Kit/ConvertKit (``email``, ``first_name``) and most others: columns are
recognised by name, the delimiter (``,`` ``;`` tab) and a byte-order mark are detected.
Addresses are trimmed and compared case-insensitively (one copy per person); invalid ones
are reported with their row number and skipped; rows marked unsubscribed are skipped.
Names are data: control characters (line breaks, tabs, escapes) become spaces here, before
they can reach an email header, a PDF or a terminal.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from ..errors import DistributionError

#: Header aliases (compared lower-case, without spaces, dashes or underscores).
COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("email", "emailaddress", "mail", "subscriberemail"),
    "name": ("name", "fullname", "subscribername", "displayname"),
    "first": ("firstname", "first", "fname", "givenname", "forename"),
    "last": ("lastname", "last", "lname", "surname", "familyname"),
    "status": ("status", "subscriberstatus", "memberstatus", "subscriptionstatus"),
    "unsubscribed": (
        "unsubscribed",
        "unsubscribe",
        "unsub",
        "unsubtime",
        "cleantime",
        "optedout",
        "optout",
    ),
    "password": ("password", "pdfpassword", "userpassword"),
}
#: Status values that mean "do not mail" (Mailchimp, Kit, Substack, Buttondown, …).
STATUS_SKIP = frozenset(
    [
        "unsubscribed",
        "cancelled",
        "canceled",
        "cleaned",
        "bounced",
        "complained",
        "inactive",
        "spam",
        "spamreport",
        "blocked",
        "removed",
        "deleted",
        "optedout",
        "pending",
        "unconfirmed",
    ]
)
STATUS_OK = frozenset(
    ["subscribed", "active", "confirmed", "yes", "true", "1", "member", "paid", "free", "ok"]
)
FALSY = frozenset(("", "0", "no", "n", "false", "f", "none", "null", "-"))
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class Subscriber:
    """One person to send a copy to."""

    email: str  # as validated (domain lower-cased); what the copy and the email show
    name: str
    first_name: str
    row: int  # the spreadsheet row it came from (the header is row 1)
    password: str | None = None

    @property
    def key(self) -> str:
        """The address compared case-insensitively: one copy per key."""
        return self.email.casefold()

    @property
    def smtputf8(self) -> bool:
        return not self.email.isascii()


@dataclass(frozen=True, slots=True)
class Skipped:
    row: int
    value: str
    reason: str

    def __str__(self) -> str:
        return (
            f"row {self.row}: {self.value!r}: {self.reason}"
            if self.value
            else f"row {self.row}: {self.reason}"
        )


@dataclass
class SubscriberList:
    """What the CSV held: who to mail, and every row left out (and why)."""

    subscribers: list[Subscriber] = field(default_factory=list)
    invalid: list[Skipped] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)
    unsubscribed: list[Skipped] = field(default_factory=list)
    suppressed: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_subscribers(path: Path, suppress: set[str] | None = None) -> SubscriberList:
    """Read ``path``; addresses in ``suppress`` (case-folded) are left out and counted."""
    text, notes = _decode(path)
    rows = _rows(text)
    result = SubscriberList(notes=notes)
    if not rows:
        raise DistributionError(f"{path.name} is empty: it should list one subscriber per row")
    columns, start = _columns(rows[0], path)
    seen: set[str] = set()
    for index, cells in enumerate(rows[start:], start=start + 1):
        record = {key: cells[i].strip() if i < len(cells) else "" for key, i in columns.items()}
        raw = record.get("email", "")
        if not any(c.strip() for c in cells):
            continue
        skip = _unsubscribed(record)
        if skip:
            result.unsubscribed.append(Skipped(index, raw, skip))
            continue
        try:
            email = validate_email(raw, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            reason = "no email address" if not raw else str(exc)
            result.invalid.append(Skipped(index, clean_text(raw), reason))
            continue
        key = email.casefold()
        if suppress and key in suppress:
            result.suppressed.append(Skipped(index, email, "on the suppression list"))
            continue
        if key in seen:
            result.duplicates.append(Skipped(index, email, "listed before"))
            continue
        seen.add(key)
        name, first = _names(record)
        password = record.get("password") or None
        result.subscribers.append(Subscriber(email, name, first, index, password))
    return result


def read_suppression(path: Path) -> set[str]:
    """Every address in ``path`` (any CSV or a plain list), case-folded."""
    text, _ = _decode(path)
    found: set[str] = set()
    for cells in _rows(text):
        for cell in cells:
            cell = cell.strip()
            if "@" not in cell or cell.startswith("#"):
                continue
            try:
                found.add(validate_email(cell, check_deliverability=False).normalized.casefold())
            except EmailNotValidError:
                found.add(cell.casefold())
    return found


def clean_text(value: str, limit: int = MAX_NAME) -> str:
    """``value`` with control and format characters as spaces, runs of spaces collapsed."""
    chars = (" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in value)
    text = " ".join("".join(chars).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _names(record: dict[str, str]) -> tuple[str, str]:
    first = clean_text(record.get("first", ""))
    last = clean_text(record.get("last", ""))
    name = clean_text(record.get("name", "")) or clean_text(f"{first} {last}")
    if not first and name:
        first = name.split()[0]
    return name, first


def _unsubscribed(record: dict[str, str]) -> str | None:
    status = re.sub(r"[\s_-]", "", record.get("status", "").lower())
    if status and status not in STATUS_OK:
        shown = clean_text(record["status"], 30)
        return f"status is {shown!r}" if status in STATUS_SKIP else f"unknown status {shown!r}"
    flag = record.get("unsubscribed", "").strip().lower()
    if flag not in FALSY:
        return "marked unsubscribed"
    return None


def _decode(path: Path) -> tuple[str, list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DistributionError(f"cannot read {path}: {exc.strerror or exc}") from None
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        note = f"{path.name} is not UTF-8; read it as Windows-1252 (check names with accents)"
        return data.decode("cp1252", errors="replace"), [note]


def _rows(text: str) -> list[list[str]]:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    delimiter = max(",;\t", key=unquoted.count) if any(d in unquoted for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [row for row in reader]
    except csv.Error as exc:
        raise DistributionError(f"the subscriber list is not a readable CSV: {exc}") from None


def _columns(header: list[str], path: Path) -> tuple[dict[str, int], int]:
    """Column index by role, and the index of the first data row (0 without a header)."""
    first = header[0].strip() if header else ""
    if "@" in first and len(header) <= 3:
        return {"email": 0, "name": 1} if len(header) > 1 else {"email": 0}, 0
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        norm = re.sub(r"[\s_\-.]", "", title.strip().lower())
        for role, aliases in COLUMNS.items():
            if role not in found and (norm in aliases or (role == "email" and "email" in norm)):
                found[role] = index
                break
    if "email" not in found:
        shown = ", ".join(repr(h.strip()) for h in header[:8])
        raise DistributionError(
            f"{path.name}: no email column. The first row should name the columns, "
            f"e.g. `email,name` (found {shown})"
        )
    return found, 1
