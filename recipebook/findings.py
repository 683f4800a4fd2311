"""Findings: one located problem in a source file, and how they are printed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class SourcePos:
    """A place in a source file: ``file`` relative to the project, 1-based line/column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where it is, which field, how bad, a stable code, and what to do."""

    file: str
    line: int | None
    column: int | None
    field: str | None
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    @classmethod
    def at(
        cls,
        pos: SourcePos,
        code: str,
        message: str,
        *,
        field: str | None = None,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
    ) -> Finding:
        return cls(pos.file, pos.line, pos.column, field, severity, code, message, hint)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        return str(SourcePos(self.file, self.line, self.column))

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)

    def to_json(self) -> dict:
        data = asdict(self)
        data["severity"] = str(self.severity)
        if data["hint"] is None:
            del data["hint"]
        return data

    def format_text(self) -> str:
        field = f" {self.field}:" if self.field else ""
        line = f"{self.location}: {self.severity} {self.code}{field} {self.message}"
        if self.hint:
            line += f"\n    hint: {self.hint}"
        return line


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in file/line order, without exact duplicates."""
    return sorted(set(findings), key=Finding.sort_key)


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    return any(f.is_error or strict for f in findings)


def format_json(findings: Iterable[Finding]) -> str:
    return json.dumps([f.to_json() for f in findings], indent=2, ensure_ascii=False)


def summary_line(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    files = len({f.file for f in findings})

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"
