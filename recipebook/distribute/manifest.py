"""manifest.csv: one row per personalised copy, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is run
as a formula by Excel, LibreOffice and Google Sheets — a subscriber called
``=HYPERLINK(…)`` must stay text — so such cells get a leading apostrophe, which
spreadsheets show as plain text.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("email", "name", "file", "sha256", "pages", "edition", "edition_label")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class ManifestRow:
    email: str
    name: str
    file: str  # relative to the project
    sha256: str
    pages: int
    edition: str  # the edition id (short content hash)
    edition_label: str


def safe_cell(value: object) -> str:
    """``value`` as text a spreadsheet will never run as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[object]]) -> None:
    """A CSV (UTF-8 with BOM, so Excel reads accents) with every cell made safe; atomic."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    os.replace(tmp, path)


def write_manifest(path: Path, rows: Iterable[ManifestRow]) -> None:
    ordered = sorted(rows, key=lambda r: r.email.casefold())
    write_csv(
        path,
        FIELDS,
        ((r.email, r.name, r.file, r.sha256, r.pages, r.edition, r.edition_label) for r in ordered),
    )
