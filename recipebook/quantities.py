"""Reading authored quantities: amounts, units, short-form ingredient lines, durations.

Every function returns a value or raises :class:`ParseError` with a message and a hint;
the model stage turns those into located ``AMOUNT``/``UNIT``/``SCHEMA`` findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from . import units as unit_table
from .model import Amount, Duration, Quantity
from .units import Unit

MAX_AMOUNT = Fraction(100_000)
MAX_DIGITS = 7

_VULGAR = {
    "½": Fraction(1, 2), "⅓": Fraction(1, 3), "⅔": Fraction(2, 3), "¼": Fraction(1, 4),
    "¾": Fraction(3, 4), "⅕": Fraction(1, 5), "⅖": Fraction(2, 5), "⅗": Fraction(3, 5),
    "⅘": Fraction(4, 5), "⅙": Fraction(1, 6), "⅚": Fraction(5, 6), "⅛": Fraction(1, 8),
    "⅜": Fraction(3, 8), "⅝": Fraction(5, 8), "⅞": Fraction(7, 8),
}  # fmt: skip
_V = "".join(_VULGAR)
# one number: 1 1/2 | 1½ | 1/2 | ½ | 1.5 | .5 | 12
_NUMBER = rf"(?:\d+\s+\d+\s*/\s*\d+|\d+\s*[{_V}]|\d+\s*/\s*\d+|[{_V}]|\d*\.\d+|\d+)"
_RANGE_SEP = r"(?:\s*[-–—]\s*|\s+to\s+)"
_AMOUNT_RE = re.compile(rf"(?P<low>{_NUMBER})(?:{_RANGE_SEP}(?P<high>{_NUMBER}))?", re.IGNORECASE)
_LEADING_AMOUNT_RE = re.compile(rf"^\s*(?P<amount>{_AMOUNT_RE.pattern})(?=\s|[a-zA-Z]|$)", re.I)


class ParseError(ValueError):
    """An authored value that cannot be read; ``code`` is AMOUNT, UNIT or SCHEMA."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def _number(text: str) -> Fraction:
    text = text.strip()
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        raise ParseError(
            "AMOUNT", f"'{_short(text)}' is far too large a number", "amounts are kitchen sizes"
        )
    try:
        if text[-1] in _VULGAR:
            whole = text[:-1].strip()
            return (Fraction(int(whole)) if whole else Fraction(0)) + _VULGAR[text[-1]]
        if "/" in text:
            head, _, denominator = text.rpartition("/")
            parts = head.split()
            numerator = int(parts[-1])
            whole = int(parts[0]) if len(parts) == 2 else 0
            if int(denominator) == 0:
                raise ParseError(
                    "AMOUNT", f"'{text}' divides by zero", "write a fraction like 1/2 or 3/4"
                )
            return whole + Fraction(numerator, int(denominator))
        return Fraction(text)
    except (ValueError, ZeroDivisionError, IndexError) as exc:
        if isinstance(exc, ParseError):
            raise
        raise ParseError("AMOUNT", f"'{_short(text)}' is not a number", _AMOUNT_HINT) from None


_AMOUNT_HINT = "write an amount like 2, 1.5, 1/2, 1 1/2, ½ or a range like 10-12"


def parse_amount(value: object) -> Amount:
    """``2``, ``1.5``, ``1/2``, ``1 1/2``, ``½``, ``1½``, ``10-12``, ``10–12``, ``10 to 12``."""
    if isinstance(value, bool) or value is None:
        raise ParseError("AMOUNT", f"'{value}' is not an amount", _AMOUNT_HINT)
    if isinstance(value, int | float):
        if isinstance(value, float) and (value != value or value in (float("inf"), -float("inf"))):
            raise ParseError("AMOUNT", f"'{value}' is not an amount", _AMOUNT_HINT)
        text = str(value)
    else:
        text = str(value).strip()
    if sum(c.isdigit() for c in text) > 2 * MAX_DIGITS:
        raise ParseError(
            "AMOUNT", f"'{_short(text, 20)}' is far too large a number", "check the number"
        )
    if len(text) > 40:
        raise ParseError("AMOUNT", f"'{_short(text)}' is not an amount", _AMOUNT_HINT)
    match = _AMOUNT_RE.fullmatch(text)
    if not match:
        if text.startswith("-"):
            raise ParseError("AMOUNT", f"'{text}' is negative", "amounts must be more than zero")
        raise ParseError("AMOUNT", f"'{_short(text)}' is not an amount", _AMOUNT_HINT)
    low = _number(match["low"])
    high = _number(match["high"]) if match["high"] else low
    for number in (low, high):
        if number <= 0:
            raise ParseError("AMOUNT", f"'{text}' is zero", "amounts must be more than zero")
        if number > MAX_AMOUNT:
            raise ParseError("AMOUNT", f"'{_short(text)}' is far too large", "check the number")
    if high < low:
        raise ParseError(
            "AMOUNT", f"the range '{text}' goes down", f"write the smaller number first: {text}"
        )
    return Amount(low, high, text)


def parse_unit(text: str | None) -> Unit | None:
    """A known unit, or None for a count; an unknown name is a UNIT error."""
    if text is None or not str(text).strip():
        return None
    unit = unit_table.lookup(str(text))
    if unit is None:
        raise _unknown_unit(str(text))
    return unit


def _unknown_unit(text: str) -> ParseError:
    close = unit_table.suggest(text)
    hint = (f"did you mean '{close}'? " if close else "") + (
        f"known units: {unit_table.known_units_text()}; leave the unit out for a count"
    )
    return ParseError("UNIT", f"unknown unit '{_short(text, 30)}'", hint)


@dataclass(frozen=True, slots=True)
class ShortForm:
    quantity: Quantity | None
    item: str
    note: str | None


def parse_short_form(line: str) -> ShortForm:
    """``"1/2 cup sweet almond oil, or jojoba"`` → quantity, item, note."""
    text = " ".join(line.split())
    match = _LEADING_AMOUNT_RE.match(text)
    article = re.match(r"^(a|an)\s+", text, re.IGNORECASE)
    if match:
        amount = parse_amount(match["amount"])
        rest = text[match.end() :].strip()
    elif article and _unit_prefix(text[article.end() :])[0] is not None:
        amount = Amount(Fraction(1), Fraction(1), article.group(1))
        rest = text[article.end() :]
    else:
        raise ParseError(
            "AMOUNT",
            f"'{_short(text)}' does not start with an amount",
            'write "<amount> <unit> <item>", e.g. "1 tbsp honey", or use the long form '
            "with `item:` alone for an ingredient without an amount",
        )
    unit, rest = _unit_prefix(rest)
    if unit is None:
        first = rest.split(" ", 1)[0].lower().rstrip(".,")
        if first in unit_table.MEASURE_WORDS or (
            unit_table.suggest(first) and len(first) > 1 and first not in _COUNT_WORDS
        ):
            raise _unknown_unit(first)
    rest = re.sub(r"^of\s+", "", rest, flags=re.IGNORECASE)
    item, _, note = rest.partition(",")
    item, note = item.strip(), note.strip() or None
    if not item:
        raise ParseError(
            "SCHEMA",
            f"'{_short(text)}' names no ingredient after the amount",
            'write "<amount> <unit> <item>", e.g. "1 tbsp honey"',
        )
    return ShortForm(Quantity(amount, unit), item, note)


# Words that look like units to the fuzzy matcher but are common count nouns.
_COUNT_WORDS = frozenset(
    ["cubs", "cap", "caps", "up", "lg", "large", "small", "medium", "whole", "big"]
)


def _unit_prefix(text: str) -> tuple[Unit | None, str]:
    """The unit at the start of ``text`` (two words tried first: ``fl oz``) and the rest."""
    words = text.split(" ")
    for n in (3, 2, 1):
        if len(words) >= n:
            unit = unit_table.lookup(" ".join(words[:n]))
            if unit is not None:
                return unit, " ".join(words[n:])
    return None, text


_DURATION_UNITS = {
    "s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440, "week": 10080, "weeks": 10080,
}  # fmt: skip
_DURATION_PART = re.compile(rf"({_NUMBER}(?:{_RANGE_SEP}{_NUMBER})?)\s*([a-z]+)\.?", re.I)


def parse_duration(value: object) -> Duration:
    """``10 min``, ``1 h 30 min``, ``24-48 h``, ``2 days``, ``overnight``; a bare number is min."""
    if isinstance(value, bool):
        raise ParseError("SCHEMA", f"'{value}' is not a duration", _DURATION_HINT)
    if isinstance(value, int | float):
        amount = parse_amount(value)
        return Duration(float(amount.low), float(amount.high), f"{value} min")
    text = " ".join(str(value).split())
    if text.lower() == "overnight":
        return Duration(480, 720, "overnight")
    pos, low, high = 0, 0.0, 0.0
    for match in _DURATION_PART.finditer(text):
        if text[pos : match.start()].strip(" ,+and"):
            break
        factor = _DURATION_UNITS.get(match[2].lower())
        if factor is None:
            raise ParseError(
                "SCHEMA", f"unknown time unit '{match[2]}' in '{text}'", _DURATION_HINT
            )
        amount = parse_amount(match[1])
        low += float(amount.low) * factor
        high += float(amount.high) * factor
        pos = match.end()
    if pos == 0 or text[pos:].strip():
        raise ParseError("SCHEMA", f"'{_short(text)}' is not a duration", _DURATION_HINT)
    return Duration(low, high, text)


_DURATION_HINT = 'write a duration like "10 min", "1 h 30 min", "24-48 h" or "2 days"'


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
