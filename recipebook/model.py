"""The content model: plain, typed, immutable values that every later stage reads."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from .findings import Finding, SourcePos
from .units import DEFAULT_DROPS_PER_ML, Kind, Unit, metric_text, nice_number, to_base, us_text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .config import BookConfig

USES = ("leave-on", "face", "rinse-off", "bath", "diffuser", "inhaler")
AUDIENCES = ("adult", "pregnancy", "child", "sensitive")
DIFFICULTIES = ("easy", "medium", "advanced")
#: Time stages that describe using the product, not making it (left out of the total).
USING_STAGES = frozenset({"soak", "run"})
#: The `use` a recipe gets when it does not say one, by category (the contract).
DEFAULT_USE_BY_CATEGORY = {
    "body-scrub": "rinse-off",
    "bath-bomb": "bath",
    "bath-salt": "bath",
    "massage-oil": "leave-on",
}


@dataclass(frozen=True, slots=True)
class Amount:
    """An authored amount: a single value, or a range ``low``–``high`` (safety uses ``high``)."""

    low: Fraction
    high: Fraction
    text: str

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def pretty(self) -> str:
        """``½``, ``1½``, ``1.5``, ``10–12`` — as authored, with kitchen fraction glyphs."""
        if "." in self.text:
            return self.text.replace(" to ", "–").replace("-", "–")
        parts = [self.low] if not self.is_range else [self.low, self.high]
        return "–".join(_pretty_fraction(p) for p in parts)


def _pretty_fraction(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    glyphs = {
        Fraction(1, 2): "½", Fraction(1, 3): "⅓", Fraction(2, 3): "⅔", Fraction(1, 4): "¼",
        Fraction(3, 4): "¾", Fraction(1, 8): "⅛", Fraction(3, 8): "⅜", Fraction(5, 8): "⅝",
        Fraction(7, 8): "⅞", Fraction(1, 5): "⅕", Fraction(1, 6): "⅙",
    }  # fmt: skip
    whole, rest = divmod(value, 1)
    glyph = glyphs.get(Fraction(rest))
    if glyph is None:
        return f"{float(value):g}"
    return f"{int(whole) or ''}{glyph}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount with an optional unit (None = a count, e.g. ``2 dried rosebuds``)."""

    amount: Amount
    unit: Unit | None

    @property
    def kind(self) -> Kind:
        return self.unit.kind if self.unit else Kind.COUNT

    def upper(self) -> float:
        return float(self.amount.high)

    def base_amount(self, *, upper: bool = True) -> float | None:
        """Millilitres (volume) or grams (weight) of the upper (or lower) amount; else None."""
        if self.unit is None:
            return None
        value = float(self.amount.high if upper else self.amount.low)
        return to_base(value, self.unit)

    def millilitres(self, drops_per_ml: float = DEFAULT_DROPS_PER_ML) -> float | None:
        """Volume of the upper amount in ml, drops included; None for weights and counts."""
        if self.unit is None:
            return None
        if self.unit.kind is Kind.DROP:
            return self.upper() / drops_per_ml
        if self.unit.kind is Kind.VOLUME:
            return self.base_amount()
        return None

    def authored(self) -> str:
        """The quantity as the author wrote it, with fraction glyphs: ``½ cup``."""
        amount = self.amount.pretty()
        if self.unit is None:
            return amount
        return f"{amount} {self.unit.name(float(self.amount.high))}"

    def conversion(self, units: str) -> str | None:
        """The other system's figure for display (``118 ml`` for ``½ cup``), or None.

        ``units`` is the book's setting: ``us`` and ``metric`` convert only amounts authored
        in the other system; ``both`` converts every convertible amount.
        """
        if self.unit is None or self.unit.kind not in (Kind.VOLUME, Kind.WEIGHT):
            return None
        system = str(self.unit.system)
        if units != "both" and system == units:
            return None
        low, high = to_base(float(self.amount.low), self.unit), self.base_amount()
        assert low is not None and high is not None
        render = metric_text if system == "us" else us_text
        if self.amount.is_range:
            a, b = render(low, self.unit.kind), render(high, self.unit.kind)
            a_num, _, a_unit = a.partition(" ")
            b_num, _, b_unit = b.partition(" ")
            return f"{a_num}–{b_num} {b_unit}" if a_unit == b_unit else f"{a}–{b}"
        return render(high, self.unit.kind)

    def display(self, units: str = "both") -> str:
        """``½ cup (118 ml)`` — the authored quantity always, plus a conversion if asked."""
        extra = self.conversion(units)
        return f"{self.authored()} ({extra})" if extra else self.authored()


@dataclass(frozen=True, slots=True)
class Duration:
    """A span of time as authored (``1 h 30 min``, ``24-48 h``), with its length in minutes."""

    minutes_low: float
    minutes_high: float
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Ingredient:
    """One ingredient line. ``quantity`` is None for an item without an amount."""

    item: str
    quantity: Quantity | None
    note: str | None
    optional: bool
    pos: SourcePos
    field: str  # e.g. "ingredients[3]"
    text: str  # the authored line (short form) or a rebuilt one (long form)

    @property
    def is_essential_oil(self) -> bool:
        return self.item.lower().rstrip().endswith("essential oil")

    @property
    def oil_name(self) -> str | None:
        """``bergamot (bergapten-free)`` for ``bergamot (bergapten-free) essential oil``."""
        if not self.is_essential_oil:
            return None
        return self.item.strip()[: -len("essential oil")].strip() or None


@dataclass(frozen=True, slots=True)
class Yield:
    text: str | None = None
    quantity: Quantity | None = None

    def display(self, units: str = "both") -> str:
        if self.quantity is not None:
            return self.quantity.display(units)
        from .quantities import convert_in_text  # parsing builds on this module

        return convert_in_text(self.text or "", units)


@dataclass(frozen=True, slots=True)
class SafetyFacts:
    """What the safety engine computed for one recipe, for the book and for `list`.

    ``dilution_percent`` is total essential oil as % of the batch (upper ends of ranges),
    ``dilution_basis`` is ``"v/v"`` or ``"w/w"``; ``notes`` are the book's safety notes
    (the author's own first, then computed ones, without duplicates).
    ``allergens`` names the nut-derived ingredients (``"sweet almond oil (tree nut)"``)
    for an allergen label; ``phototoxic`` is True when a leave-on or face product holds a
    phototoxic oil (sun/UV warning); ``min_age`` is the youngest age in years the recipe
    suits (None: no age rule applied; 16 means "not for children").
    """

    dilution_percent: float | None = None
    dilution_basis: str | None = None
    dilution_label: str | None = None
    notes: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    allergens: tuple[str, ...] = ()
    phototoxic: bool = False
    min_age: int | None = None


@dataclass(frozen=True, slots=True)
class Recipe:
    title: str
    slug: str
    category: str
    summary: str
    source: Path  # absolute path of the recipe file
    file: str  # path relative to the project, as printed in findings
    use: str
    audience: str
    ingredients: tuple[Ingredient, ...]
    steps: tuple[str, ...]
    image: str | None = None
    yield_: Yield | None = None
    time: Mapping[str, Duration] = field(default_factory=lambda: MappingProxyType({}))
    difficulty: str | None = None
    tips: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()
    storage: str | None = None
    shelf_life: str | None = None
    tags: tuple[str, ...] = ()
    drops_per_ml: float = DEFAULT_DROPS_PER_ML
    positions: Mapping[str, SourcePos] = field(default_factory=lambda: MappingProxyType({}))

    def pos(self, field_name: str) -> SourcePos:
        """Where ``field_name`` (e.g. ``"title"``, ``"use"``) is in the file; else the file."""
        return self.positions.get(field_name) or SourcePos(self.file, 1, 1)

    @property
    def essential_oils(self) -> tuple[Ingredient, ...]:
        return tuple(i for i in self.ingredients if i.is_essential_oil)

    @property
    def total_time(self) -> Duration | None:
        if not self.time:
            return None
        if "total" in self.time:
            return self.time["total"]
        making = [d for stage, d in self.time.items() if stage not in USING_STAGES]
        if not making:
            return None
        low = sum(d.minutes_low for d in making)
        high = sum(d.minutes_high for d in making)
        return Duration(low, high, format_minutes(low, high))


@dataclass(frozen=True, slots=True)
class Chapter:
    id: str
    title: str
    intro: str | None
    recipes: tuple[Recipe, ...]


@dataclass(frozen=True, slots=True)
class Book:
    """Everything the typesetter needs: config, chapters in order, per-recipe safety facts."""

    config: BookConfig
    root: Path
    chapters: tuple[Chapter, ...]
    safety: Mapping[str, SafetyFacts]  # by recipe slug
    findings: tuple[Finding, ...] = ()  # the warnings that remained (errors stop the build)

    @property
    def recipes(self) -> tuple[Recipe, ...]:
        return tuple(r for c in self.chapters for r in c.recipes)

    def facts(self, recipe: Recipe) -> SafetyFacts:
        return self.safety.get(recipe.slug, SafetyFacts())


def slugify(text: str, *, max_length: int = 80) -> str:
    """A file-name and anchor-safe slug: ``Lavender & Honey Scrub`` → ``lavender-honey-scrub``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "recipe"


def format_minutes(low: float, high: float) -> str:
    """``1 h 30 min``, ``2 days``, ``24–48 h``."""

    def one(minutes: float) -> tuple[str, str]:
        if minutes >= 24 * 60:  # long waits (drying, curing) read best in days or hours
            days, rest = divmod(minutes / 60, 24)
            if rest <= 2:
                return str(int(days)), "day" if days == 1 else "days"
            return str(round(minutes / 60)), "h"
        if minutes >= 60 and minutes % 60 == 0:
            return str(int(minutes // 60)), "h"
        if minutes > 60:
            return f"{int(minutes // 60)} h {round(minutes % 60)}", "min"
        return f"{nice_number(minutes) if minutes < 1 else round(minutes)}", "min"

    a_num, a_unit = one(low)
    if low == high:
        return f"{a_num} {a_unit}"
    b_num, b_unit = one(high)
    if a_unit.rstrip("s") == b_unit.rstrip("s") and " " not in a_num:
        return f"{a_num}–{b_num} {b_unit}"
    return f"{a_num} {a_unit} – {b_num} {b_unit}"
