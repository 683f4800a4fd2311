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
        whole = text.split(".")[0]
        if "." in text and sum(c.isdigit() for c in whole) <= MAX_DIGITS:
            raise ParseError(
                "AMOUNT",
                f"'{_short(text)}' has too many digits after the point",
                "amounts are kitchen sizes: round it, e.g. 0.25",
            )
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
    text = text.translate(_SLASHES)
    if sum(c.isdigit() for c in text) > 2 * MAX_DIGITS:
        raise ParseError(
            "AMOUNT", f"'{_short(text, 20)}' is far too large a number", "check the number"
        )
    if len(text) > 40:
        raise ParseError("AMOUNT", f"'{_short(text)}' is not an amount", _AMOUNT_HINT)
    match = _AMOUNT_RE.fullmatch(text)
    if not match:
        raise _not_an_amount(text)
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


_SLASHES = str.maketrans({"⁄": "/", "∕": "/"})  # fraction slash, division slash


def _not_an_amount(text: str) -> ParseError:
    """Why ``text`` (the start of an amount) cannot be read, as precisely as we can say."""
    if re.match(r"-\s*[\d.½⅓⅔¼¾⅛]", text):
        return ParseError(
            "AMOUNT", f"'{_short(text)}' is negative", "amounts must be more than zero"
        )
    if text.startswith("+"):
        return ParseError("AMOUNT", f"'{_short(text)}' has a '+'", "write the amount without it")
    comma = re.match(r"\d+,\d+", text)
    if comma:
        return ParseError(
            "AMOUNT",
            f"'{comma.group()}' has a comma",
            f"write decimals with a point ({comma.group().replace(',', '.')}) and no thousands "
            "separators",
        )
    if re.match(r"\d+(?:\.\d+)?\s*(?:-|–|—|to\b)\s*$", text, re.IGNORECASE):
        return ParseError(
            "AMOUNT", f"the range '{_short(text)}' has no upper end", "write both ends, e.g. 10-12"
        )
    leading = _LEADING_AMOUNT_RE.match(text)
    if leading:
        unit, rest = _unit_prefix(text[leading.end() :].strip())
        if unit is not None and not rest:
            return ParseError(
                "AMOUNT",
                f"'{_short(text)}' has a unit",
                f"give the unit its own line: `amount: {leading['amount'].strip()}` and "
                f"`unit: {unit.id}`",
            )
    return ParseError("AMOUNT", f"'{_short(text)}' is not an amount", _AMOUNT_HINT)


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
    text = " ".join(line.translate(_SLASHES).split())
    match = _LEADING_AMOUNT_RE.match(text)
    article = re.match(r"^(a|an)\s+", text, re.IGNORECASE)
    if match:
        rest = text[match.end() :]
        _check_glued(match["amount"], rest)
        amount = parse_amount(match["amount"])
        rest = rest.strip()
        _check_open_range(text, match["amount"], rest)
    elif article and _unit_prefix(text[article.end() :])[0] is not None:
        amount = Amount(Fraction(1), Fraction(1), article.group(1))
        rest = text[article.end() :]
    else:
        first = text.split(" ", 1)[0]
        if re.match(rf"[-+./]?[\d{_V}]", first):
            raise _not_an_amount(first)
        raise ParseError(
            "AMOUNT",
            f"'{_short(text)}' does not start with an amount",
            'write "<amount> <unit> <item>", e.g. "1 tbsp honey", or use the long form '
            "with `item:` alone for an ingredient without an amount",
        )
    unit, rest = _unit_prefix(rest)
    if unit is None:
        _check_not_a_unit(rest)
    if rest.startswith(","):
        raise ParseError(
            "SCHEMA",
            f"'{_short(text)}' names no ingredient before the comma",
            'write "<amount> <unit> <item>[, <note>]", e.g. "10 ml jojoba oil, cold-pressed"',
        )
    _check_second_amount(text, rest)
    rest = re.sub(r"^of(\s+|$)", "", rest, flags=re.IGNORECASE)
    item, _, note = rest.partition(",")
    item, note = item.strip(), note.strip() or None
    if not item:
        raise ParseError(
            "SCHEMA",
            f"'{_short(text)}' names no ingredient after the amount",
            'write "<amount> <unit> <item>", e.g. "1 tbsp honey"',
        )
    return ShortForm(Quantity(amount, unit), item, note)


def _check_glued(amount: str, rest: str) -> None:
    """``10ml`` is an amount and a unit; ``1e3`` and ``1x`` are not amounts at all."""
    if not rest or rest[0].isspace():
        return
    glued = rest.split(" ", 1)[0]
    if _unit_prefix(glued.rstrip(","))[0] is None:
        raise ParseError(
            "AMOUNT",
            f"'{_short(amount + glued, 30)}' is not an amount",
            _AMOUNT_HINT + "; leave a space between the amount and the unit",
        )


def _check_open_range(text: str, amount: str, rest: str) -> None:
    """``10 to cup sugar``, ``10 - drops …``: a range without its upper end."""
    if re.match(r"(?:to|-|–|—)(?:\s|$)", rest, re.IGNORECASE):
        raise ParseError(
            "AMOUNT",
            f"the range in '{_short(text)}' has no upper end",
            f"write both ends, e.g. {amount}-{amount}0 … or just {amount}",
        )


def _check_not_a_unit(rest: str) -> None:
    """Words that are units in disguise: ``2 handfuls``, ``1 T``, ``2 heaping tbsp``."""
    words = rest.split(" ")
    first = words[0].lower().rstrip(".,")
    if (
        first in unit_table.MEASURE_WORDS
        or first in unit_table.AMBIGUOUS
        or (unit_table.suggest(first) and len(first) > 1 and first not in _COUNT_WORDS)
    ):
        raise _unknown_unit(words[0].rstrip(","))
    if first in _MODIFIERS and len(words) > 1:
        unit, _ = _unit_prefix(" ".join(words[1:]))
        if unit is not None:
            raise ParseError(
                "UNIT",
                f"the unit must come right after the amount, not after '{words[0]}'",
                f'write e.g. "2 {unit.id} sugar, {words[0]}" (the note goes after a comma)',
            )


def _check_second_amount(text: str, rest: str) -> None:
    """``1 cup 2 tbsp sugar``, ``2 1 cup sugar``, ``2 x 5 ml oil``: one amount per line."""
    times = re.match(r"^[x×]\s*(?=\d)", rest, re.IGNORECASE)
    second = _LEADING_AMOUNT_RE.match(rest[times.end() :] if times else rest)
    if second is None:
        return
    after = (rest[times.end() :] if times else rest)[second.end() :].strip()
    if times or _unit_prefix(after)[0] is not None:
        raise ParseError(
            "AMOUNT",
            f"'{_short(text)}' has two amounts",
            "write the total (e.g. 1 cup 2 tbsp → 1⅛ cup) or use the long form "
            "(item: 4 oz tin, amount: 1)",
        )


#: Words put between an amount and its unit ("2 heaping tbsp sugar").
_MODIFIERS = frozenset(
    ["heaping", "heaped", "level", "scant", "rounded", "generous", "good", "full", "large", "small"]
)


# Words that look like units to the fuzzy matcher but are common count nouns.
_COUNT_WORDS = frozenset(
    ["cubs", "cap", "caps", "up", "lg", "large", "small", "medium", "whole", "big"]
)


def _unit_prefix(text: str) -> tuple[Unit | None, str]:
    """The unit at the start of ``text`` (two words tried first: ``fl oz``) and the rest.

    A comma right after the unit (``10 ml, jojoba``) stays at the start of the rest.
    """
    words = text.split(" ")
    for n in (3, 2, 1):
        if len(words) >= n:
            head = " ".join(words[:n])
            comma = head.endswith(",")
            unit = unit_table.lookup(head.rstrip(","))
            if unit is not None:
                return unit, ("," if comma else "") + " ".join(words[n:])
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
        raise ParseError("SCHEMA", f"'{str(value).lower()}' is not a duration", _DURATION_HINT)
    if isinstance(value, int | float):
        amount = parse_amount(value)
        return Duration(float(amount.low), float(amount.high), f"{value} min")
    text = " ".join(str(value).split())
    if text.lower() == "overnight":
        return Duration(480, 720, "overnight")
    clock = re.fullmatch(r"(\d{1,3}):([0-5]\d)", text)
    if clock:  # 1:30 = one hour and a half
        minutes = int(clock[1]) * 60 + int(clock[2])
        if minutes == 0:
            raise ParseError("AMOUNT", f"'{text}' is zero", "durations must be more than zero")
        return Duration(minutes, minutes, text)
    pos, low, high = 0, 0.0, 0.0
    for match in _DURATION_PART.finditer(text):
        if text[pos : match.start()].strip(" ,+and"):
            break
        factor = _DURATION_UNITS.get(match[2].lower())
        if factor is None:
            raise ParseError(
                "SCHEMA",
                f"unknown time unit '{_short(match[2], 20)}' in '{_short(text)}'",
                _DURATION_HINT,
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


_HAS_MEASURE = re.compile(r"\d\s*(?:ml|l|g|kg|oz|fl oz|cups?|tbsp|tsp|lbs?)\b", re.I)
_YIELD_LEAD = re.compile(
    r"^(?P<lead>(?:about|approx\.?|approximately|roughly|around|makes)\s+)?", re.I
)


def convert_in_text(text: str, units: str) -> str:
    """A free-text yield with its leading quantity converted for display:
    ``about 1 1/2 cups`` → ``about 1 1/2 cups (355 ml)``; other text is returned as is."""
    lead = _YIELD_LEAD.match(text)
    start = lead.end() if lead else 0
    match = _LEADING_AMOUNT_RE.match(text[start:])
    if not match:
        return text
    try:
        amount = parse_amount(match["amount"].strip())
    except ParseError:
        return text
    rest = text[start + match.end() :].lstrip()
    unit, after = _unit_prefix(rest)
    if unit is None:
        return text
    extra = Quantity(amount, unit).conversion(units)
    if extra is None or _HAS_MEASURE.search(after):
        return text  # nothing to convert, or the author already gave the other figure
    head = text[: len(text) - len(after)].rstrip()
    after = after.strip()
    if after.startswith("(") and after.endswith(")"):
        return f"{head} ({extra}; {after[1:]}"
    return f"{head} ({extra}) {after}".rstrip()
