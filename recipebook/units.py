"""The unit table: names, aliases, and US/metric conversions used for display and safety math."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    VOLUME = "volume"  # base: millilitres
    WEIGHT = "weight"  # base: grams
    DROP = "drop"  # base: drops (volume through drops_per_ml)
    PINCH = "pinch"  # not convertible
    COUNT = "count"  # no unit: "2 dried rosebuds"


class System(StrEnum):
    US = "us"
    METRIC = "metric"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of measure; ``factor`` converts one of it to the base of its kind (ml or g)."""

    id: str
    singular: str
    plural: str
    kind: Kind
    system: System
    factor: float

    def name(self, amount: float) -> str:
        return self.singular if amount <= 1 else self.plural


#: US customary volumes per the contract: cup 236.588 ml, tbsp 14.787 ml, tsp 4.929 ml,
#: fl oz 29.574 ml; avoirdupois oz 28.35 g.
UNITS: dict[str, Unit] = {
    u.id: u
    for u in (
        Unit("drop", "drop", "drops", Kind.DROP, System.NONE, 1.0),
        Unit("ml", "ml", "ml", Kind.VOLUME, System.METRIC, 1.0),
        Unit("l", "l", "l", Kind.VOLUME, System.METRIC, 1000.0),
        Unit("tsp", "tsp", "tsp", Kind.VOLUME, System.US, 4.929),
        Unit("tbsp", "tbsp", "tbsp", Kind.VOLUME, System.US, 14.787),
        Unit("cup", "cup", "cups", Kind.VOLUME, System.US, 236.588),
        Unit("fl oz", "fl oz", "fl oz", Kind.VOLUME, System.US, 29.574),
        Unit("g", "g", "g", Kind.WEIGHT, System.METRIC, 1.0),
        Unit("kg", "kg", "kg", Kind.WEIGHT, System.METRIC, 1000.0),
        Unit("oz", "oz", "oz", Kind.WEIGHT, System.US, 28.35),
        Unit("lb", "lb", "lb", Kind.WEIGHT, System.US, 453.592),
        Unit("pinch", "pinch", "pinches", Kind.PINCH, System.NONE, 1.0),
    )
}

DEFAULT_DROPS_PER_ML = 20.0

_ALIASES: dict[str, str] = {
    "drop": "drop", "drops": "drop", "gtt": "drop", "gtts": "drop",
    "ml": "ml", "mls": "ml", "milliliter": "ml", "milliliters": "ml", "millilitre": "ml",
    "millilitres": "ml", "cc": "ml",
    "l": "l", "lt": "l", "ltr": "l", "ltrs": "l", "liter": "l", "liters": "l", "litre": "l",
    "litres": "l",
    "tsp": "tsp", "tsps": "tsp", "teaspoon": "tsp", "teaspoons": "tsp",
    "tbsp": "tbsp", "tbsps": "tbsp", "tbs": "tbsp", "tbl": "tbsp", "tablespoon": "tbsp",
    "tablespoons": "tbsp", "tablespoonful": "tbsp", "tablespoonfuls": "tbsp",
    "teaspoonful": "tsp", "teaspoonfuls": "tsp",
    "cup": "cup", "cups": "cup", "cupful": "cup", "cupfuls": "cup",
    "fl oz": "fl oz", "floz": "fl oz", "fluid ounce": "fl oz", "fluid ounces": "fl oz",
    "fl ounce": "fl oz", "fl ounces": "fl oz", "fl ozs": "fl oz", "fluid oz": "fl oz",
    "g": "g", "gram": "g", "grams": "g", "gramme": "g", "grammes": "g", "gm": "g", "gms": "g",
    "kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg",
    "oz": "oz", "ozs": "oz", "ounce": "oz", "ounces": "oz",
    "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb",
    "pinch": "pinch", "pinches": "pinch",
}  # fmt: skip

#: Words that measure something but are not units this tool knows; in a short-form
#: ingredient they are reported as UNIT errors instead of being read as part of the item.
MEASURE_WORDS = frozenset(
    [
        "handful",
        "handfuls",
        "dash",
        "dashes",
        "smidgen",
        "smidgens",
        "splash",
        "splashes",
        "dollop",
        "dollops",
        "scoop",
        "scoops",
        "pint",
        "pints",
        "pt",
        "quart",
        "quarts",
        "qt",
        "gallon",
        "gallons",
        "gal",
        "mg",
        "milligram",
        "milligrams",
        "cl",
        "dl",
        "stick",
        "sticks",
        "knob",
        "knobs",
        "drizzle",
        "shot",
        "shots",
        "jigger",
    ]
)

#: Short forms that cooks use but that are easy to misread; reported as UNIT errors that
#: name the unit to write instead (``1 T sugar`` is not one "T sugar").
AMBIGUOUS = {"t": "tbsp' or 'tsp", "c": "cup", "gr": "g", "tb": "tbsp", "dr": "drop", "fl": "fl oz"}


def normalise(text: str) -> str:
    """Lower-case, drop dots, fold white space: ``"Fl. Oz."`` → ``"fl oz"``."""
    return re.sub(r"\s+", " ", text.replace(".", " ").strip().lower()).strip()


def lookup(text: str) -> Unit | None:
    """The unit that ``text`` names (case-insensitive, singular/plural, dots allowed)."""
    unit_id = _ALIASES.get(normalise(text))
    return UNITS[unit_id] if unit_id else None


def known_units_text() -> str:
    return ", ".join(u.id for u in UNITS.values())


def suggest(text: str) -> str | None:
    """The closest known unit name, for a "did you mean" hint."""
    if normalise(text) in AMBIGUOUS:
        return AMBIGUOUS[normalise(text)]
    match = difflib.get_close_matches(normalise(text), list(_ALIASES), n=1, cutoff=0.75)
    return UNITS[_ALIASES[match[0]]].id if match else None


def alias_words() -> frozenset[str]:
    return frozenset(_ALIASES)


def to_base(amount: float, unit: Unit) -> float | None:
    """Millilitres or grams for a volume/weight amount; None for drops, pinches, counts."""
    if unit.kind in (Kind.VOLUME, Kind.WEIGHT):
        return amount * unit.factor
    return None


_NICE_FRACTIONS = (
    (0.0, ""), (0.125, "⅛"), (0.25, "¼"), (1 / 3, "⅓"), (0.5, "½"), (2 / 3, "⅔"), (0.75, "¾"),
    (1.0, ""),
)  # fmt: skip


def nice_number(value: float) -> str:
    """A kitchen-friendly number: whole, or whole plus ⅛ ¼ ⅓ ½ ⅔ ¾ (nearest)."""
    whole = int(value)
    rest = value - whole
    frac, glyph = min(_NICE_FRACTIONS, key=lambda item: abs(item[0] - rest))
    if frac == 1.0:
        whole, glyph = whole + 1, ""
    if whole == 0 and not glyph:
        return "⅛"
    return f"{whole or ''}{glyph}" if glyph else str(whole)


def metric_text(amount: float, kind: Kind) -> str:
    """``118 ml``, ``1.5 l``, ``4.9 ml``, ``567 g``, ``1.2 kg``."""
    small, big = ("ml", "l") if kind is Kind.VOLUME else ("g", "kg")
    if amount >= 1000:
        return f"{amount / 1000:.2f}".rstrip("0").rstrip(".") + f" {big}"
    if amount >= 10:
        return f"{round(amount)} {small}"
    return f"{amount:.1f}".rstrip("0").rstrip(".") + f" {small}"


def us_text(amount: float, kind: Kind) -> str:
    """``½ cup``, ``1 tbsp``, ``2 tsp``, ``4 oz``, ``1¼ lb`` from millilitres or grams."""
    if kind is Kind.WEIGHT:
        unit = UNITS["lb"] if amount >= UNITS["lb"].factor else UNITS["oz"]
    elif amount >= UNITS["cup"].factor / 4 - 0.5:
        unit = UNITS["cup"]
    elif amount >= UNITS["tbsp"].factor - 0.5:
        unit = UNITS["tbsp"]
    else:
        unit = UNITS["tsp"]
    value = amount / unit.factor
    shown = nice_number(value)
    return f"{shown} {unit.singular if shown in ('1', '⅛') or value < 1 else unit.plural}"
