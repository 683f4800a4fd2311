"""Bath and preservation rules: R7–R13 (dispersants, drops per bath, bath-bomb balance,
water without a preservative, anhydrous shower products and fresh add-ins)."""

from __future__ import annotations

import math
import re

from ..findings import Severity
from ..quantities import ParseError, parse_amount
from ..units import Kind, lookup
from .context import AIR_USES, Context, Note, Outcome, drops_text, names
from .dilution import Line, exceeds, fmt_limit, fmt_percent

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: R9: drops of essential oil in one bath, and for children or sensitive skin.
BATH_DROPS = 15
BATH_DROPS_GENTLE = 5
#: R10: essential oil in a bath bomb, % by weight.
BATH_BOMB_MAX = 3.0
#: R11: baking soda per part of citric acid, by weight.
FIZZ_RATIO = (1.3, 5.0)

_NON_DISPERSING = frozenset({"salt", "sugar", "powder", "grain", "clay", "humectant", "alcohol"})
_PER_BATH = re.compile(r"(\d+)(?:\s*(?:to|or|-|–)\s*(\d+))?\s*(?:\w+\s+)?per bath", re.I)
_BATHS = re.compile(r"(\d+)(?:\s*(?:to|-|–)\s*\d+)?\s+(?:(?!per\b)\w+\s+){0,2}?baths?\b", re.I)
_ITEMS = re.compile(
    r"(\d+)(?:\s*(?:to|-|–)\s*\d+)?\s+(?:\w+\s+){0,2}?"
    r"(?:bath bombs?|bombs?|fizzies|fizzers?|foot soaks?|soaks?|melts?|cubes?)\b",
    re.I,
)


def check_dispersant(ctx: Context) -> Outcome:
    """R7: essential oil in a bath with nothing to disperse it; R8: too little solubiliser."""
    out = Outcome()
    if ctx.use != "bath" or not ctx.oils:
        return out
    others = ctx.batch.others
    dispersants = [ln for ln in others if ln.material and ln.material.disperses and not ln.optional]
    if not dispersants:
        out.findings.append(
            ctx.at_line(ctx.oils[0], "EO-BATH-DISPERSANT", _none_message(ctx), ERROR)
        )
        return out
    fatty = [ln for ln in dispersants if ln.material and ln.material.is_fatty]
    solubilisers = [ln for ln in dispersants if ln not in fatty]
    if solubilisers:
        out.notes.append(
            Note(
                "bath",
                f"Essential oils do not dissolve in water; the {solubilisers[0].ingredient.item} "
                "here carries them into the bath water instead of leaving them floating on top. "
                "Swirl the water well before you step in.",
            )
        )
    elif fatty:
        out.notes.append(
            Note(
                "bath",
                f"Essential oils do not dissolve in water; here they travel in the "
                f"{fatty[0].ingredient.item}, which floats and makes the tub slippery — swirl "
                "the water well and step out carefully.",
            )
        )
    else:
        out.notes.append(
            Note("bath", "Swirl the bath water well so the essential oil spreads evenly.")
        )
    out.extend(_solubiliser_ratio(ctx, dispersants))
    irritants = [ln for ln in ctx.known_oils if ln.oil and ln.oil.oil.bath_irritant]
    if irritants:
        out.notes.append(
            Note(
                "bath-irritant",
                f"{names(irritants).capitalize()} can burn skin in warm bath water; use this "
                "bath only if you know your skin tolerates it.",
            )
        )
    if ctx.is_bath_bomb and any(ln.oil and ln.oil.oil.children == "face" for ln in ctx.known_oils):
        out.notes.append(
            Note(
                "bath-sting",
                "Peppermint and eucalyptus can sting in a bath; they suit shower steamers better.",
            )
        )
    return out


def _none_message(ctx: Context) -> str:
    present = [ln for ln in ctx.batch.others if ln.kind in _NON_DISPERSING or ln.kind == "water"]
    verb = "does" if len({ln.name for ln in present}) == 1 else "do"
    why = f"{names(present)} {verb} not disperse it, so " if present else ""
    optional = [ln for ln in ctx.batch.others if ln.material and ln.material.disperses]
    also = f" (the {names(optional)} is optional, so it cannot be counted on)" if optional else ""
    return (
        f"nothing in this bath product disperses the essential oil{also}: {why}the drops float "
        "on the water and reach the skin undiluted — mix the oil into a carrier oil first "
        "(about 1 tbsp of sunflower or sweet almond oil) or add a solubiliser such as "
        "polysorbate 80 (as much as the essential oil)"
    )


def _solubiliser_ratio(ctx: Context, dispersants: list[Line]) -> Outcome:
    out = Outcome()
    solubilisers = [ln for ln in dispersants if ln.material and ln.material.ratio]
    if not solubilisers or ctx.batch.eo_ml <= 0:
        return out
    capacity = sum((ln.ml or 0.0) / (ln.material.ratio or 1) for ln in solubilisers if ln.material)
    if capacity >= ctx.batch.eo_ml - 1e-9:
        return out
    first = solubilisers[0]
    ratio = first.material.ratio if first.material else 1
    need = ctx.batch.eo_ml * (ratio or 1)
    out.findings.append(
        ctx.at_line(
            first,
            "EO-BATH-DISPERSANT",
            f"{first.ingredient.item} ({(first.ml or 0):.1f} ml) is too little for "
            f"{ctx.batch.eo_ml:.1f} ml of essential oil: it needs {ratio:g} part for each part "
            f"of essential oil — use at least {need:.1f} ml ({need / 4.929:.1f} tsp)",
            WARNING,
        )
    )
    return out


def bath_count(ctx: Context) -> int | None:
    """How many baths a batch makes, from the yield (``4 bath bombs``, ``(4 baths)``), or 1
    when the title, summary or yield says it is for one bath; None when nothing says."""
    recipe = ctx.recipe
    quantity = recipe.yield_.quantity if recipe.yield_ else None
    if quantity is not None:
        return (int(quantity.amount.low) or None) if quantity.unit is None else None
    text = recipe.yield_.text if recipe.yield_ and recipe.yield_.text else ""
    count = _count(text)
    if count is not None:
        return count
    return 1 if _ONE_BATH.search(f"{recipe.title} {recipe.summary} {text}") else None


def _count(text: str) -> int | None:
    per_bath = 1
    match = _PER_BATH.search(text)
    if match:
        per_bath = int(match.group(2) or match.group(1)) or 1
        text = text[: match.start()] + text[match.end() :]
    baths = _BATHS.search(text)
    if baths:
        return int(baths.group(1)) or None
    items = _ITEMS.search(text)
    if items:
        return max(int(items.group(1)) // per_bath, 1)
    return None


_ONE_BATH = re.compile(
    r"\b(?:one|a single|1) (?:bath|soak|foot soak)\b|\bsingle[- ](?:bath|soak|serve|use)\b", re.I
)
_NUMBER = r"(?:\d+\s+\d+/\d+|\d*[½⅓⅔¼¾⅛]|\d+/\d+|\d*\.\d+|\d+)"
#: ``Use 1/2 cup per bath``, ``add 2 tbsp of the salts to each bath``.
_AMOUNT_PER_BATH = re.compile(
    rf"(?P<amount>{_NUMBER}(?:\s*(?:-|–|to)\s*{_NUMBER})?)\s*(?P<unit>[a-z][a-z. ]*?)\s+"
    r"(?:[a-z]+\s+){0,5}?(?:per|for each|for one|each|(?:for|in|into|to|under) "
    r"(?:a|the|your|each)(?: (?:warm|hot|running|full|filling|relaxing|comfortably warm))?)"
    r"\s+(?:bath|soak|tub|foot soak)\b(?:\s+water)?"
    r"(?!\s*(?:salts?|bombs?|oils?|fizz\w*|melts?|products?|mix\w*|blends?|jars?)\b)",
    re.I,
)
#: ``Pour all of it into the bath``, ``tip the whole mixture into a warm bath``.
_ALL_IN_ONE_BATH = re.compile(
    r"\b(?:all of (?:it|them|the \w+)|the whole (?:\w+ )?(?:mix\w*|blend|batch|bowl|jar|"
    r"bottle|amount|thing)|the entire (?:\w+ )?\w+)\b[^.;]*?\b(?:bath|tub)\b"
    r"(?!\s*(?:salts?|bombs?|oils?|fizz\w*|melts?|soaks?|products?|mix\w*|blends?|jars?)\b)",
    re.I,
)


def bath_share(ctx: Context) -> tuple[float, str] | None:
    """The share of the batch one bath takes, and how the recipe says so: from the number
    of baths (:func:`bath_count`), a per-bath amount (``use 1/2 cup per bath``) or a step
    that puts the whole batch in one bath. None when nothing says."""
    baths = bath_count(ctx)
    if baths:
        return 1 / baths, "for the one bath" if baths == 1 else f"shared by {baths} baths"
    recipe = ctx.recipe
    texts = [recipe.yield_.text if recipe.yield_ and recipe.yield_.text else ""]
    texts += [*recipe.steps, *recipe.tips, recipe.storage or "", recipe.summary]
    total = sum(line.ml or 0.0 for line in ctx.batch.lines if line.counted)
    for text in texts:
        for match in _AMOUNT_PER_BATH.finditer(text):
            unit = lookup(match["unit"])
            if unit is None or unit.kind not in (Kind.VOLUME, Kind.WEIGHT) or total <= 0:
                continue
            try:
                amount = float(parse_amount(match["amount"]).high) * unit.factor
            except ParseError:
                continue
            if unit.kind is Kind.WEIGHT:
                weight = sum(line.g or 0.0 for line in ctx.batch.lines if line.counted)
                share = amount / weight if weight > 0 else 0.0
            else:
                share = amount / total
            if share > 0:
                return min(share, 1.0), f"with {match['amount']} {match['unit']} per bath"
    if any(_ALL_IN_ONE_BATH.search(step) for step in recipe.steps):
        return 1.0, "for the one bath"
    return None


def check_bath_amounts(ctx: Context) -> Outcome:
    """R9: drops per bath; R10: essential oil in a bath bomb by weight."""
    out = Outcome()
    if ctx.use != "bath" or ctx.batch.eo <= 0:
        return out
    gentle = ctx.audience in ("child", "sensitive") or ctx.age_group is not None
    most = BATH_DROPS_GENTLE if gentle else BATH_DROPS
    portion = bath_share(ctx)
    if portion:
        share, spread = portion
        each = ctx.batch.eo_drops * share
        if each > most + 1e-9:
            who = "for children or sensitive skin " if gentle else ""
            out.findings.append(
                ctx.at_recipe(
                    "EO-DILUTION",
                    f"each bath gets about {drops_text(each)} of essential oil "
                    f"({drops_text(ctx.batch.eo_drops)} {spread}); more than "
                    f"{most} drops in one bath {who}is not advised — use at most "
                    f"{math.floor(most / share + 1e-9)} drops for this batch",
                    WARNING,
                    audience=gentle,
                )
            )
    percent = ctx.batch.percent
    bomb = ctx.is_bath_bomb and ctx.batch.basis == "w/w"
    if bomb and percent and exceeds(percent, BATH_BOMB_MAX):
        drops = ctx.batch.drops_for(BATH_BOMB_MAX)
        out.findings.append(
            ctx.at_recipe(
                "EO-DILUTION",
                f"the essential oils are {fmt_percent(percent, BATH_BOMB_MAX)} of this bath "
                f"bomb mix by weight; bath bombs should hold at most "
                f"{fmt_limit(BATH_BOMB_MAX)} — use at most {drops_text(drops)} for this batch",
                WARNING,
            )
        )
    return out


#: Facts §7: a fragrance material that must never be used as a carrier oil [88].
NOT_A_CARRIER = "bitter almond oil"


def check_carriers(ctx: Context) -> Outcome:
    """Bitter almond oil measured out like a carrier (not in drops) in a skin product."""
    out = Outcome()
    if not ctx.on_skin:
        return out
    for line in ctx.batch.others:
        quantity = line.ingredient.quantity
        if line.material is None or line.material.name != NOT_A_CARRIER:
            continue
        if quantity is not None and quantity.kind is Kind.DROP:
            continue
        out.findings.append(
            ctx.at_line(
                line,
                "FORMULATION",
                "bitter almond oil is a fragrance material, not a carrier oil, and must not be "
                "used as one — use sweet almond oil (or a nut-free carrier such as sunflower "
                "or jojoba)",
                ERROR,
            )
        )
    return out


def check_fizz_ratio(ctx: Context) -> Outcome:
    """R11: baking soda to citric acid, by weight."""
    out = Outcome()
    if not ctx.is_bath_bomb:
        return out
    soda = _weight(ctx, "baking soda")
    citric_lines = [
        ln for ln in ctx.batch.others if ln.material and ln.material.name == "citric acid"
    ]
    citric = _weight(ctx, "citric acid")
    if not soda or not citric or not citric_lines:
        return out
    ratio = soda / citric
    low, high = FIZZ_RATIO
    if low <= ratio <= high:
        return out
    if ratio < low:
        action = f"use at most {soda / low:.0f} g citric acid, or more baking soda"
        effect = "the spare acid can sting and the bombs crumble"
    else:
        action = f"use at least {soda / high:.0f} g citric acid"
        effect = "they will barely fizz"
    out.findings.append(
        ctx.at_line(
            citric_lines[0],
            "FORMULATION",
            f"baking soda to citric acid is {ratio:.1f} : 1 by weight ({soda:.0f} g : "
            f"{citric:.0f} g); bath bombs need {low:g} to {high:g} parts soda per part of acid "
            f"(2 : 1 is usual), otherwise {effect} — {action}",
            WARNING,
        )
    )
    return out


def _weight(ctx: Context, name: str) -> float:
    return sum(
        ln.g or 0.0
        for ln in ctx.batch.others
        if ln.material and ln.material.name == name and ln.counted
    )


def check_preservative(ctx: Context) -> Outcome:
    """R12: water without a preservative; R13: anhydrous shower products, fresh add-ins."""
    out = Outcome()
    recipe = ctx.recipe
    if ctx.use in AIR_USES or ctx.is_bath_bomb:
        return out
    others = ctx.batch.others
    preserved = any(ln.kind == "preservative" and not ln.optional for ln in others)
    water = [ln for ln in others if ln.kind == "water" and ln.why_not != "added per use"]
    fresh = [ln for ln in others if ln.kind == "fresh" and ln.why_not != "added per use"]
    if preserved or ctx.single_use:
        return out
    if water:
        antioxidants = [ln for ln in others if ln.kind == "antioxidant"]
        several = len({ln.name for ln in antioxidants}) > 1
        aside = (
            f" ({names(antioxidants)} {'are antioxidants' if several else 'is an antioxidant'}"
            ", not a preservative)"
            if antioxidants
            else ""
        )
        brings = "bring" if len({ln.name for ln in water}) > 1 else "brings"
        out.findings.append(
            ctx.at_line(
                water[0],
                "PRESERVATIVE",
                f"{names(water)} {brings} water into this {ctx.product}, and water lets mould and "
                f"bacteria grow within days; there is no preservative{aside} — add a "
                "broad-spectrum cosmetic preservative at its maker's rate, or make one portion "
                "at a time and write 'use at once' under shelf_life",
                ERROR,
            )
        )
        return out
    if ctx.use == "rinse-off" or recipe.category == "body-scrub":
        out.notes.append(
            Note(
                "water-out",
                "Scoop with a clean, dry spoon and keep water out of the jar: water lets mould "
                "and bacteria grow.",
            )
        )
    if fresh and not (ctx.author_says(r"fridge|refrigerat") and ctx.author_says(r"week|days")):
        out.findings.append(
            ctx.at_line(
                fresh[0],
                "PRESERVATIVE",
                f"fresh {names(fresh)} spoils in a jar kept at room temperature — keep this "
                f"{ctx.product} in the fridge and use it within a week (say so under storage "
                "and shelf_life), or dry it first",
                WARNING,
            )
        )
        out.notes.append(
            Note(
                "fresh",
                f"Contains fresh {names(fresh)}: keep it in the fridge and use within a week.",
            )
        )
    return out
