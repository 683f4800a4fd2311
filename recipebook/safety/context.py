"""What every safety rule gets to look at, and what a rule hands back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..findings import Finding, Severity, SourcePos
from ..model import Recipe
from .catalogue import Catalogue
from .dilution import Batch, Line

SKIN_USES = frozenset({"leave-on", "face", "rinse-off", "bath"})
LEAVE_ON_USES = frozenset({"leave-on", "face"})
AIR_USES = frozenset({"diffuser", "inhaler"})

PRODUCT_WORDS = {
    "leave-on": "leave-on product",
    "face": "face product",
    "rinse-off": "rinse-off product",
    "bath": "bath product",
    "diffuser": "diffuser blend",
    "inhaler": "inhaler blend",
}

# Age groups below the contract's `child` (2–12 years), read from tags (facts §2, T&Y).
_NEWBORN_TAGS = frozenset({"newborn", "premature", "preemie", "under-3-months"})
_INFANT_TAGS = frozenset({"baby", "babies", "infant", "infants", "toddler", "toddlers"})
# The contract's audiences, read from tags when `audience` is left at adult (facts R4:
# "tagged elderly, sensitive or pregnant").
_AUDIENCE_TAGS = {
    "pregnancy": frozenset({"pregnancy", "pregnant", "prenatal", "maternity", "expecting"}),
    "child": frozenset({"child", "children", "kids", "kid", "for kids", "for children"}),
    "sensitive": frozenset({"sensitive", "sensitive skin", "elderly", "seniors", "senior"}),
}

_SINGLE_USE = re.compile(
    r"\b(?:use (?:it |them )?(?:at once|immediately|right away|straight away|the same day)|"
    r"same day|single[- ]use|one use|mix (?:it )?fresh|fresh for each use|make (?:it )?fresh|"
    r"do not store|don't store|not for storing|discard (?:any )?leftovers?|"
    r"throw (?:away )?(?:any )?leftovers?(?: away)?)\b",
    re.IGNORECASE,
)
_ONE_PORTION = re.compile(
    r"^\s*(?:about )?(?:1|one|a single) (?:small |large )?(?:bath|foot soak|soak|treatment|"
    r"use|application|session|mask|portion|diffuser session)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Note:
    """A safety note for the book; ``topic`` keeps one note per subject."""

    topic: str
    text: str


@dataclass
class Outcome:
    """What one rule found: located findings and notes for the book."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def extend(self, other: Outcome) -> None:
        self.findings.extend(other.findings)
        self.notes.extend(other.notes)


@dataclass(frozen=True)
class Context:
    """A recipe with its measured batch: what every rule reads."""

    recipe: Recipe
    batch: Batch
    catalogue: Catalogue

    @property
    def use(self) -> str:
        return self.recipe.use

    @property
    def product(self) -> str:
        return PRODUCT_WORDS.get(self.use, "product")

    @property
    def on_skin(self) -> bool:
        return self.use in SKIN_USES

    @property
    def leave_on(self) -> bool:
        return self.use in LEAVE_ON_USES

    @property
    def oils(self) -> tuple[Line, ...]:
        return self.batch.oils

    @property
    def known_oils(self) -> tuple[Line, ...]:
        return tuple(line for line in self.batch.oils if line.oil is not None)

    @property
    def audience(self) -> str:
        """The recipe's `audience`; when that is adult, one its tags name (``pregnancy``,
        ``kids``, ``elderly``…), the stricter first."""
        if self.recipe.audience != "adult":
            return self.recipe.audience
        tags = {t.strip().lower() for t in self.recipe.tags}
        for audience, words in _AUDIENCE_TAGS.items():
            if tags & words:
                return audience
        return "adult"

    @property
    def age_group(self) -> str | None:
        """``newborn`` / ``infant`` (from tags) or ``child`` (the audience), else None."""
        tags = {t.strip().lower() for t in self.recipe.tags}
        if tags & _NEWBORN_TAGS:
            return "newborn"
        if tags & _INFANT_TAGS:
            return "infant"
        return "child" if self.audience == "child" else None

    @property
    def solubilised(self) -> bool:
        """A solubiliser (polysorbate, Solubol…) carries the essential oil into water."""
        return any(
            line.material is not None and line.material.kind == "solubiliser" and not line.optional
            for line in self.batch.others
        )

    @property
    def is_bath_bomb(self) -> bool:
        kinds = {line.material.name for line in self.batch.others if line.material}
        return self.recipe.category == "bath-bomb" or {"baking soda", "citric acid"} <= kinds

    @property
    def single_use(self) -> bool:
        """Made for one use (``shelf_life: use the same day``, ``yield: 1 bath``…)."""
        recipe = self.recipe
        texts = [recipe.shelf_life or "", recipe.storage or "", recipe.summary, *recipe.steps]
        if any(_SINGLE_USE.search(text) for text in (*texts, *recipe.tips)):
            return True
        yield_text = recipe.yield_.text if recipe.yield_ and recipe.yield_.text else ""
        return bool(_ONE_PORTION.search(yield_text))

    def mentions(self, pattern: str) -> bool:
        """Whether the title, summary, tags or steps match ``pattern`` (a regex)."""
        recipe = self.recipe
        text = " ".join((recipe.title, recipe.summary, " ".join(recipe.tags), *recipe.steps))
        return bool(re.search(pattern, text, re.IGNORECASE))

    def author_says(self, pattern: str) -> bool:
        """Whether the author's safety notes, tips, storage or shelf life match ``pattern``."""
        recipe = self.recipe
        text = " ".join(
            (*recipe.safety, *recipe.tips, recipe.storage or "", recipe.shelf_life or "")
        )
        return bool(re.search(pattern, text, re.IGNORECASE))

    # --- where findings point ----------------------------------------------------------
    def use_pos(self) -> tuple[SourcePos, str]:
        if "use" in self.recipe.positions:
            return self.recipe.pos("use"), "use"
        return self.recipe.pos("category"), "category"

    def audience_pos(self) -> tuple[SourcePos, str]:
        if "audience" in self.recipe.positions:
            return self.recipe.pos("audience"), "audience"
        from_tags = self.age_group in ("newborn", "infant") or self.audience != "adult"
        if from_tags and "tags" in self.recipe.positions:
            return self.recipe.pos("tags"), "tags"
        return self.use_pos()

    def at_recipe(
        self,
        code: str,
        message: str,
        severity: Severity,
        *,
        audience: bool = False,
        hint: str | None = None,
    ) -> Finding:
        pos, name = self.audience_pos() if audience else self.use_pos()
        return Finding.at(pos, code, message, field=name, severity=severity, hint=hint)

    def at_line(
        self, line: Line, code: str, message: str, severity: Severity, *, hint: str | None = None
    ) -> Finding:
        ing = line.ingredient
        return Finding.at(ing.pos, code, message, field=ing.field, severity=severity, hint=hint)


def names(lines: list[Line] | tuple[Line, ...]) -> str:
    """``lavender``, ``lavender and clove bud``, ``a, b and c`` (each name once)."""
    unique = list(dict.fromkeys(line.name for line in lines))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def drops_text(count: float) -> str:
    """``1 drop``, ``12 drops``, ``0.5 drops`` (whole drops from 1 up)."""
    number = f"{round(count)}" if count >= 1 else f"{count:.1g}"
    return f"{number} drop" if number == "1" else f"{number} drops"
