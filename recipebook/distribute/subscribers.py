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
    "email": (
        "email",
        "emailaddress",
        "mail",
        "subscriberemail",
        "courriel",
        "correo",
        "correoelectrónico",
        "correoelectronico",
    ),
    "name": ("name", "fullname", "subscribername", "displayname"),
    "first": (
        "firstname",
        "first",
        "fname",
        "givenname",
        "forename",
        "vorname",
        "prénom",
        "prenom",
        "nombre",
        "nome",
    ),
    "last": (
        "lastname",
        "last",
        "lname",
        "surname",
        "familyname",
        "nachname",
        "nom",
        "apellido",
        "apellidos",
        "cognome",
    ),
    # Kit (ConvertKit) calls it "state"
    "status": ("status", "state", "subscriberstatus", "memberstatus", "subscriptionstatus"),
    "unsubscribed": (
        "unsubscribed",
        "unsubscribe",
        "unsub",
        "unsubtime",
        "cleantime",
        "optedout",
        "optout",
        "emaildisabled",  # Substack
    ),
    # a consent column: an explicit "no" means the person never agreed to be mailed
    "consent": (
        "acceptsemailmarketing",  # Shopify
        "acceptsmarketing",
        "emailmarketingconsent",
        "marketingconsent",
        "emailoptin",
        "optin",
        "optedin",
        "subscribed",
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
        "archived",
        "transactional",
    ]
)
STATUS_OK = frozenset(
    [
        "subscribed",
        "active",
        "confirmed",
        "cold",  # Kit: still subscribed, just not opening lately
        "yes",
        "true",
        "1",
        "member",
        "paid",
        "free",
        "ok",
    ]
)
FALSY = frozenset(("", "0", "no", "n", "false", "f", "none", "null", "-"))
#: Values of a consent column that mean "did not agree" (an empty cell is not a refusal).
REFUSED = frozenset(("0", "no", "n", "false", "f", "not subscribed", "unsubscribed", "declined"))
MAX_NAME = 80
#: How .xlsx/.ods/.numbers (zip) and .xls (OLE) files begin: a workbook, not a CSV.
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_LONE_ADDRESS = re.compile(r'\s*"?[^\s@",;]+@[^\s@",;]+\.[^\s@",;]+"?\s*')


@dataclass(frozen=True, slots=True)
class Subscriber:
    """One person to send a copy to."""

    email: str  # as validated (domain lower-cased); what the copy and the email show
    name: str
    first_name: str
    row: int  # the spreadsheet row it came from (the header is row 1)
    password: str | None = None
    ascii_email: str | None = None  # the same address in ASCII (IDNA domain), when one exists

    @property
    def key(self) -> str:
        """The address compared case-insensitively: one copy per key."""
        return self.email.casefold()

    @property
    def envelope(self) -> str:
        """The address as the mail server is given it (ASCII whenever it can be)."""
        return self.ascii_email or self.email

    @property
    def smtputf8(self) -> bool:
        """Only a non-ASCII local part (``zoë@…``) needs a server with SMTPUTF8."""
        return not self.envelope.isascii()


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
    rows = _rows(text, path)
    result = SubscriberList(notes=notes)
    # blank lines above the first row (some exports start with one) are not the header
    top = next((i for i, cells in enumerate(rows) if any(c.strip() for c in cells)), None)
    if top is None:
        raise DistributionError(f"{path.name} is empty: it should list one subscriber per row")
    columns, start = _columns(rows[top], path)
    start += top
    seen: dict[str, int] = {}
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
            valid = validate_email(raw, check_deliverability=False)
        except EmailNotValidError as exc:
            reason = "no email address" if not raw else str(exc)
            result.invalid.append(Skipped(index, clean_text(raw), reason))
            continue
        email = valid.normalized
        ascii_email = valid.ascii_email if valid.ascii_email != email else None
        key = email.casefold()
        if suppress and key in suppress:
            result.suppressed.append(Skipped(index, email, "on the suppression list"))
            continue
        if key in seen:
            result.duplicates.append(Skipped(index, email, f"the same address as row {seen[key]}"))
            continue
        seen[key] = index
        name, first = _names(record)
        password = record.get("password") or None
        result.subscribers.append(Subscriber(email, name, first, index, password, ascii_email))
    return result


def read_suppression(path: Path) -> set[str]:
    """Every address in ``path`` (any CSV or a plain list), case-folded."""
    text, _ = _decode(path)
    found: set[str] = set()
    for cells in _rows(text, path):
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
    if record.get("consent", "").strip().lower() in REFUSED:
        return "did not agree to receive email"
    return None


def _decode(path: Path) -> tuple[str, list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DistributionError(f"cannot read {path}: {exc.strerror or exc}") from None
    if data.startswith(WORKBOOK_SIGNATURES):
        raise DistributionError(
            f"{path.name} is a spreadsheet workbook, not a CSV file. Open it in your spreadsheet "
            "program and save a copy as CSV (in Excel: File › Save As › “CSV UTF-8”), then "
            "give recipebook that .csv file"
        )
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


def _rows(text: str, path: Path) -> list[list[str]]:
    text = text.lstrip("\ufeff")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    delimiter = max(",;\t", key=unquoted.count) if any(d in unquoted for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    line = 0  # the file's line where the current row begins
    try:
        for row in reader:
            _check_unclosed_quote(row, delimiter, len(rows) + 1, line + 1, path)
            rows.append(row)
            line = reader.line_num
    except csv.Error as exc:
        raise DistributionError(f"{path.name} is not a readable CSV: {exc}") from None
    return rows


def _check_unclosed_quote(
    cells: list[str], delimiter: str, row: int, line: int, path: Path
) -> None:
    """A quote mark that is never closed swallows every later row into one cell.

    A cell may hold a line break (a postal address, a note), but one whose later lines look
    like rows of the list (an address and the delimiter, or an address alone) is the rest of
    the list read as text: stop, rather than lose those people.
    """
    for cell in cells:
        later = cell.splitlines()[1:]
        if any(
            ("@" in line and delimiter in line) or _LONE_ADDRESS.fullmatch(line) for line in later
        ):
            raise DistributionError(
                f'{path.name}, row {row} (line {line} of the file): a quote mark (") opens '
                "there and is never closed, so the rows after it would be read as part of one "
                "cell and those people would get nothing. Remove that quote mark, or close it, "
                "and run the command again"
            )


def _columns(header: list[str], path: Path) -> tuple[dict[str, int], int]:
    """Column index by role, and the index of the first data row (0 without a header)."""
    first = header[0].strip() if header else ""
    if "@" in first and len(header) <= 3:
        return {"email": 0, "name": 1} if len(header) > 1 else {"email": 0}, 0
    found: dict[str, int] = {}
    names = [re.sub(r"[\s_\-.]", "", title.strip().lower()) for title in header]
    for index, norm in enumerate(names):
        for role, aliases in COLUMNS.items():
            if role not in found and norm in aliases:
                found[role] = index
                break
    if "email" not in found:  # e.g. "Subscriber E-mail": the first other column naming one
        taken = set(found.values())
        guess = next((i for i, n in enumerate(names) if "email" in n and i not in taken), None)
        if guess is not None:
            found["email"] = guess
    if "email" not in found:
        shown = ", ".join(repr(h.strip()) for h in header[:8])
        raise DistributionError(
            f"{path.name}: no email column. The first row should name the columns, "
            f"e.g. `email,name` (found {shown})"
        )
    return found, 1
