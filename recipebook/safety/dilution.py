"""Dilution: how much essential oil a batch holds, by volume (oils) or by weight (dry goods).

Every ingredient line is converted to millilitres and grams with the catalogue's densities.
Essential oils count at the upper end of a range and even when optional (the most a reader
may add); other ingredients count only when they are part of every batch. Quantities that
cannot be converted (a pinch, a count, no amount) are listed in ``Batch.uncounted`` so that messages
can say so instead of guessing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Ingredient, Recipe
from ..units import Kind, lookup, to_base
from .catalogue import METHOD_PATTERNS, UNKNOWN_DENSITY, Catalogue, Material, OilMatch

#: Categories whose products are dry goods, measured by weight (with a dry solid in them).
DRY_CATEGORIES = frozenset({"bath-bomb", "bath-salt", "body-scrub"})
GENERIC_OIL = "other oil"

#: A figure is over a limit only when it is more than 1% (relative) above it. The charts'
#: drop counts assume 30 ml to the ounce, so "6 drops per fl oz = 1%" works out at 1.004%
#: with 29.574 ml and 20 drops per ml (itself the largest drop, facts §1): that is the
#: chart's 1%, not a reason to warn.
TOLERANCE = 0.01

_OPTIONAL = re.compile(r"(?<!not )\boptional\b", re.IGNORECASE)
_PER_USE = re.compile(
    r"\bper (?:treatment|use|application|bath|soak)\b|\bat the sink\b|\bnot (?:to|in) the jar\b",
    re.IGNORECASE,
)
_DRIED = re.compile(r"\bdried\b|\bdry\b", re.IGNORECASE)
#: "essential oil" inside an item: ``bergamot essential oil (bergapten-free)``,
#: ``lavender essential oils``, ``essential oil of your choice``.
_EO_IN_ITEM = re.compile(r"^(?P<before>.*?)\bessential\s+oils?\b(?P<after>.*)$", re.IGNORECASE)
#: ``lavender or Roman chamomile``, ``lavender/chamomile``: a choice of oils.
_CHOICE = re.compile(r"\s+or\s+|\s*/\s*", re.IGNORECASE)
#: ``or bergamot``, ``or use frankincense essential oil`` in a note.
_NOTE_CHOICE = re.compile(r"\bor\s+(?:use\s+|try\s+)?(?P<name>[^,;.]+)", re.IGNORECASE)
#: How a method is written back into a name read from the note.
_METHOD_WORDS = {"expressed": "expressed", "distilled": "steam-distilled", "fcf": "FCF"}


@dataclass(frozen=True, slots=True)
class Line:
    """One ingredient line, converted. ``ml``/``g`` are None when it cannot be converted."""

    ingredient: Ingredient
    is_oil: bool
    oil: OilMatch | None
    material: Material | None
    ml: float | None
    g: float | None
    ml_low: float | None
    g_low: float | None
    counted: bool
    why_not: str | None = None  # why it is not part of the batch total
    authored: str | None = None  # an essential oil's name as the author wrote it
    #: oils offered instead (``lavender or Roman chamomile essential oil``, ``…, or
    #: bergamot``): each is checked as if the reader chose it
    alternatives: tuple[tuple[str, OilMatch], ...] = ()

    @property
    def name(self) -> str:
        if self.oil is not None:
            return self.oil.oil.name
        return self.authored or self.ingredient.item

    @property
    def optional(self) -> bool:
        return is_optional(self.ingredient)

    @property
    def dried(self) -> bool:
        text = f"{self.ingredient.item} {self.ingredient.note or ''}"
        return bool(_DRIED.search(text))

    @property
    def kind(self) -> str | None:
        if self.material is None:
            return None
        if self.material.kind == "fresh" and self.dried:
            return "botanical"
        return self.material.kind


@dataclass(frozen=True, slots=True)
class Batch:
    """The converted recipe: lines, basis (``v/v`` or ``w/w``), totals and the dilution."""

    lines: tuple[Line, ...]
    basis: str
    drops_per_ml: float
    total: float  # ml (v/v) or g (w/w), essential oil included
    total_low: float  # the same with the lower end of every non-oil range
    eo: float  # essential oil, ml or g
    eo_ml: float
    uncounted: tuple[str, ...]
    from_yield: bool = False  # the batch size was taken from the yield (amounts missing)

    @property
    def oils(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.is_oil)

    @property
    def others(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if not line.is_oil)

    @property
    def rest(self) -> float:
        """Everything but the essential oil, ml or g."""
        return self.total - self.eo

    @property
    def eo_drops(self) -> float:
        return self.eo_ml * self.drops_per_ml

    @property
    def percent(self) -> float | None:
        """Total essential oil as % of the batch; None when it cannot be worked out."""
        if self.eo <= 0:
            return None
        if self.rest <= 0:
            return None if self.uncounted_others else 100.0
        return 100.0 * self.eo / self.total

    @property
    def percent_low(self) -> float | None:
        """The % with the least of every ranged non-oil ingredient (None if no range)."""
        if self.eo <= 0 or self.total_low >= self.total or self.total_low <= self.eo:
            return None
        return 100.0 * self.eo / self.total_low

    @property
    def uncounted_others(self) -> bool:
        return bool(self.uncounted)

    @property
    def is_neat(self) -> bool:
        """Essential oil with nothing at all to dilute it."""
        return self.eo > 0 and self.rest <= 0 and not self.uncounted_others

    def amount(self, line: Line) -> float:
        """A line's ml (v/v) or g (w/w); 0 when it cannot be converted."""
        value = line.g if self.basis == "w/w" else line.ml
        return value or 0.0

    def share(self, line: Line) -> float | None:
        """One oil as % of the batch."""
        if self.total <= 0 or self.percent is None:
            return None
        return 100.0 * self.amount(line) / self.total

    def drops_for(self, percent: float, line: Line | None = None) -> int:
        """Whole drops of essential oil (all of it, or of ``line``) that give ``percent``."""
        fraction = percent / 100.0
        if fraction >= 1:
            return 10**6
        others = self.total - (self.eo if line is None else self.amount(line))
        amount = fraction * others / (1 - fraction)
        if self.basis == "w/w":
            density = line.oil.oil.density if line is not None and line.oil else 0.9
            amount /= density
        return math.floor(amount * self.drops_per_ml + 1e-9)

    def size_text(self) -> str:
        """``"about 60 ml"`` / ``"about 515 g"`` for messages."""
        unit = "g" if self.basis == "w/w" else "ml"
        return f"about {self.total:.0f} {unit}" if self.total >= 10 else f"{self.total:.1f} {unit}"

    def uses_cups(self) -> bool:
        return any(
            line.counted
            and line.ingredient.quantity is not None
            and line.ingredient.quantity.unit is not None
            and line.ingredient.quantity.unit.id == "cup"
            for line in self.lines
        )


def exceeds(value: float, limit: float) -> bool:
    """Whether a computed figure is over ``limit`` (beyond the :data:`TOLERANCE`)."""
    return value > limit * (1 + TOLERANCE) + 1e-9


def is_optional(ingredient: Ingredient) -> bool:
    """``optional: true``, or "optional" in the note or the item (``jojoba oil (optional)``)."""
    text = f"{ingredient.item} {ingredient.note or ''}"
    return ingredient.optional or bool(_OPTIONAL.search(text))


def _convert(
    ingredient: Ingredient, density: float, drops_per_ml: float, *, upper: bool
) -> tuple[float | None, float | None, str | None]:
    """(ml, g, why-not) for one quantity."""
    quantity = ingredient.quantity
    if quantity is None:
        return None, None, "no amount"
    if quantity.kind is Kind.PINCH:
        return None, None, "a pinch"
    if quantity.kind is Kind.COUNT:
        return None, None, "a count"
    value = float(quantity.amount.high if upper else quantity.amount.low)
    unit = quantity.unit
    assert unit is not None
    if quantity.kind is Kind.DROP:
        ml = value / drops_per_ml
        return ml, ml * density, None
    if quantity.kind is Kind.VOLUME:
        ml = value * unit.factor
        return ml, ml * density, None
    g = value * unit.factor
    return g / density, g, None


def essential_oil_name(ingredient: Ingredient) -> str | None:
    """The oil an essential-oil line names, as written, or None for any other line.

    Besides the contract's ``<name> essential oil``, an item with words after "essential
    oil" is one too (``bergamot essential oil (bergapten-free)``, ``… (optional)``,
    ``lavender essential oils``): ignoring it would leave the oil out of every check. A
    processing method written only in the note (``lemon essential oil, steam-distilled``)
    is added to the name, so the right variant is checked.
    """
    item = ingredient.item.strip()
    if ingredient.is_essential_oil:
        name = ingredient.oil_name or ""
    else:
        match = _EO_IN_ITEM.match(item)
        if match is None:
            return None
        before, after = match["before"].strip(), match["after"].strip()
        name = f"{before} {after}".strip() if before else item
    note = re.split(r"\bor\b", ingredient.note or "", maxsplit=1, flags=re.IGNORECASE)[0]
    if note and not any(re.search(p, name, re.IGNORECASE) for p, _ in METHOD_PATTERNS):
        for pattern, method in METHOD_PATTERNS:
            if re.search(pattern, note, re.IGNORECASE):
                return f"{name} ({_METHOD_WORDS[method]})".strip()
    return name


def read_line(ingredient: Ingredient, catalogue: Catalogue, drops_per_ml: float) -> Line:
    """Resolve and convert one ingredient line."""
    oil: OilMatch | None = None
    material: Material | None = None
    authored = essential_oil_name(ingredient)
    is_oil = authored is not None
    alternatives: tuple[tuple[str, OilMatch], ...] = ()
    if authored is not None:
        oil = catalogue.oil(authored)
        if oil is None and _CHOICE.search(authored):
            authored, *others = (part.strip() for part in _CHOICE.split(authored))
            oil = catalogue.oil(authored)
            alternatives = _resolve(others, catalogue)
        others = [m["name"] for m in _NOTE_CHOICE.finditer(ingredient.note or "")]
        alternatives += _resolve(others, catalogue)
    else:
        material = catalogue.material(ingredient.item)
        in_drops = ingredient.quantity is not None and ingredient.quantity.kind is Kind.DROP
        if in_drops and (material is None or material.name == GENERIC_OIL):
            oil = catalogue.oil_by_item(ingredient.item)
            if oil is not None:
                is_oil, material, authored = True, None, ingredient.item
    if is_oil:
        density = oil.oil.density if oil else 0.9
    else:
        density = material.density if material else UNKNOWN_DENSITY
    ml, g, why_not = _convert(ingredient, density, drops_per_ml, upper=True)
    ml_low, g_low, _ = _convert(ingredient, density, drops_per_ml, upper=False)
    counted = why_not is None
    if counted and not is_oil:
        if is_optional(ingredient):
            counted, why_not = False, "optional"
        elif _PER_USE.search(ingredient.note or "") and not (material and material.is_fatty):
            # water added at the sink is not in the jar; a carrier mixed in per use still
            # dilutes the oil on the skin, so it counts
            counted, why_not = False, "added per use"
    return Line(
        ingredient, is_oil, oil, material, ml, g, ml_low, g_low, counted, why_not, authored,
        alternatives,
    )  # fmt: skip


def _resolve(names: list[str], catalogue: Catalogue) -> tuple[tuple[str, OilMatch], ...]:
    """The named alternatives that are oils the catalogue knows (``jojoba`` is not one); the
    longest run of first words that names one (``lime for a sharper scent`` → lime)."""
    found: list[tuple[str, OilMatch]] = []
    for text in names:
        text = re.sub(r"\s*\bessential oils?\b\s*", " ", text, flags=re.IGNORECASE)
        words = text.split()
        for end in range(min(len(words), 6), 0, -1):
            name = " ".join(words[:end])
            match = catalogue.oil(name)
            if match is not None:
                found.append((name, match))
                break
    return tuple(found)


def measure(recipe: Recipe, catalogue: Catalogue) -> Batch:
    """Convert every line of ``recipe`` and decide the basis of its dilution."""
    lines = tuple(read_line(i, catalogue, recipe.drops_per_ml) for i in recipe.ingredients)
    counted = [line for line in lines if line.counted]
    others = [line for line in counted if not line.is_oil]
    weight = sum(line.g or 0.0 for line in others)
    dry = sum(line.g or 0.0 for line in others if line.kind in _DRY)
    share = dry / weight if weight else 0.0
    basis = "w/w" if share > 0.5 or (recipe.category in DRY_CATEGORIES and share > 0) else "v/v"
    key, low_key = ("g", "g_low") if basis == "w/w" else ("ml", "ml_low")
    eo = sum(getattr(line, key) or 0.0 for line in counted if line.is_oil)
    rest = sum(getattr(line, key) or 0.0 for line in others)
    rest_low = sum(getattr(line, low_key) or 0.0 for line in others)
    uncounted = tuple(
        _describe(line)
        for line in lines
        if line.why_not in _UNCONVERTIBLE and not line.is_oil and not line.optional
    )
    size = _yield_size(recipe, basis) if rest <= 0 < eo and uncounted else None
    if size is not None and size > eo:
        rest = rest_low = size - eo
    return Batch(
        lines=lines,
        basis=basis,
        drops_per_ml=recipe.drops_per_ml,
        total=eo + rest,
        total_low=eo + rest_low,
        eo=eo,
        eo_ml=sum(line.ml or 0.0 for line in counted if line.is_oil),
        uncounted=uncounted,
        from_yield=size is not None and size > eo,
    )


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(ml|millilit(?:er|re)s?|fl\.?\s*oz|g|grams?)\b", re.I)


def _yield_size(recipe: Recipe, basis: str) -> float | None:
    """The batch size the yield states (``10 ml roller bottle``, ``{amount: 60, unit: ml}``),
    in ml (v/v) or g (w/w); None when it states none of that kind."""
    if recipe.yield_ is None:
        return None
    wanted = Kind.WEIGHT if basis == "w/w" else Kind.VOLUME
    quantity = recipe.yield_.quantity
    if quantity is not None:
        return quantity.base_amount() if quantity.kind is wanted else None
    for number, unit_text in _SIZE.findall(recipe.yield_.text or ""):
        unit = lookup(unit_text)
        if unit is not None and unit.kind is wanted:
            return to_base(float(number), unit)
    return None


_DRY = frozenset({"salt", "sugar", "powder", "clay", "grain", "botanical"})
_UNCONVERTIBLE = ("a pinch", "a count", "no amount")


def _describe(line: Line) -> str:
    quantity = line.ingredient.quantity
    if quantity is None:
        return f"{line.ingredient.item} (no amount)"
    if quantity.kind is Kind.PINCH:
        return f"a pinch of {line.ingredient.item}"
    amount = quantity.authored() if quantity is not None else ""
    return f"{amount} {line.ingredient.item}".strip()


def fmt_percent(value: float, limit: float | None = None) -> str:
    """A computed figure: ``6%``, ``2.4%``, ``0.33%``, ``0.052%`` — never printed equal to
    ``limit`` unless it is equal (so 2.04% over a 2% limit does not read "2%")."""
    decimals = 0 if value >= 10 else 1 if value >= 1 else 2 if value >= 0.1 else 3
    for extra in range(4):
        text = _trim(f"{value:.{decimals + extra}f}")
        if limit is None or abs(value - limit) < 1e-12 or float(text) != limit:
            return f"{text}%"
    return f"{_trim(f'{value:.{decimals + 4}f}')}%"


def _trim(number: str) -> str:
    """``"2.50"`` → ``"2.5"``, ``"3.0"`` → ``"3"``; whole numbers keep their zeros (``"20"``)."""
    return number.rstrip("0").rstrip(".") if "." in number else number


def fmt_limit(value: float) -> str:
    """A limit from the tables, exactly as written: ``0.07%``, ``1.25%``, ``2.5%``."""
    return f"{value:g}%"


def label(batch: Batch) -> str | None:
    """The book's dilution label: ``≈ 2% dilution`` or ``≈ 0.8% essential oil by weight``."""
    percent = batch.percent
    if percent is None:
        return None
    if percent >= 100:
        return "undiluted"
    rounded = round(percent, 1) if percent >= 0.1 else round(percent, 2)
    text = fmt_limit(rounded) if rounded > 0 else "< 0.01%"
    if batch.basis == "w/w":
        return f"≈ {text} essential oil by weight"
    return f"≈ {text} dilution"
