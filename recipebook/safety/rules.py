"""Rules R1–R20 (facts §8) as a table: each rule reads a :class:`Context` and returns
located findings and notes. This module holds the total-dilution rules and the table; the
per-oil rules are in :mod:`.per_oil`, the bath and preservation rules in :mod:`.formulation`,
the audience rules in :mod:`.audience`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from ..findings import Finding, Severity
from ..units import DEFAULT_DROPS_PER_ML
from . import audience, formulation, per_oil
from .context import Context, Note, Outcome, drops_text
from .dilution import exceeds, fmt_limit, fmt_percent, measure

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Limit:
    """Total essential oil allowed: above ``warn`` → warning, above ``error`` → error."""

    rule: str
    who: str  # "adult leave-on products"
    warn: float | None
    error: float
    sources: str
    by_audience: bool = False


#: Total dilution limits by use (R1, R2, R20) — leave-on and face products.
USE_LIMITS: dict[str, Limit] = {
    "leave-on": Limit("R1", "adult leave-on products", 2.5, 5.0, "[7][8][10][11]"),
    "face": Limit("R2", "face products", 1.0, 2.5, "[10][11]"),
}
#: Any other product that touches skin (rinse-off, bath): R20's 10% ceiling.
SKIN_CEILING = Limit("R20", "any product used on skin", None, 10.0, "[10][44]")
#: Limits by audience (R3, R4); they apply to leave-on and face products.
AUDIENCE_LIMITS: dict[str, Limit] = {
    "pregnancy": Limit("R4", "pregnancy", 1.0, 2.0, "[10][11][33]", True),
    "sensitive": Limit("R4", "sensitive or elderly skin", 1.0, 2.0, "[10][11]", True),
    "child": Limit("R3", "children aged 2–6 (the youngest of 2–12)", 1.0, 2.0, "[7][9]", True),
    "infant": Limit("R3", "babies from 3 to 24 months", 0.25, 0.5, "[7][84]", True),
    "newborn": Limit("R3", "babies under 3 months", None, 0.0, "[7][84]", True),
}


def limits_for(ctx: Context) -> list[Limit]:
    """The limits that apply to this recipe's total dilution, strictest decides."""
    if ctx.leave_on:
        found = [USE_LIMITS[ctx.use]]
        group = ctx.age_group or ctx.audience
        if group in AUDIENCE_LIMITS:
            found.append(AUDIENCE_LIMITS[group])
        return found
    if ctx.use == "bath" and ctx.solubilised and ctx.batch.basis == "v/v":
        return []  # a liquid premix in a solubiliser is diluted by the bath water (R8, R9)
    return [SKIN_CEILING] if ctx.on_skin else []


def check_total(ctx: Context) -> Outcome:
    """R1–R4, R20: total essential oil for the use and audience."""
    out = Outcome()
    batch, percent = ctx.batch, ctx.batch.percent
    limits = limits_for(ctx)
    if not limits or batch.eo <= 0:
        return out
    if percent is None:
        what = ", ".join(batch.uncounted)
        out.findings.append(
            ctx.at_recipe(
                "EO-DILUTION",
                f"the dilution cannot be worked out: {what} cannot be measured in ml or g — "
                "give every ingredient an amount in ml, g, tsp, tbsp or cups",
                WARNING,
            )
        )
        return out
    if batch.is_neat:
        out.findings.append(
            ctx.at_recipe(
                "EO-DILUTION",
                f"this {ctx.product} is undiluted essential oil, which must never go on skin "
                "— add a carrier oil (at 2%, 12 drops per 30 ml / 1 fl oz); if it is a blend "
                "to dilute at each use, list that carrier too (e.g. '30 ml jojoba oil, per use')",
                ERROR,
            )
        )
        return out
    errors = [lim for lim in limits if exceeds(percent, lim.error)]
    warns = [lim for lim in limits if lim.warn is not None and exceeds(percent, lim.warn)]
    if errors:
        limit = min(errors, key=lambda lim: lim.error)
        out.findings.append(_total_finding(ctx, limit, percent, ERROR))
    elif warns:
        limit = min(warns, key=lambda lim: lim.warn or 0.0)
        out.findings.append(_total_finding(ctx, limit, percent, WARNING))
        if not limit.by_audience:
            out.notes.append(
                Note(
                    "strength",
                    f"This is a strong blend (about {fmt_percent(percent)}): use it on a small "
                    "area for a few days at a time, not every day all over.",
                )
            )
    else:
        out.extend(_low_end(ctx, limits))
    return out


def _total_finding(ctx: Context, limit: Limit, percent: float, severity: Severity):
    batch = ctx.batch
    target = limit.warn if limit.warn is not None else limit.error
    drops = batch.drops_for(target)
    if batch.from_yield:
        unit = "g" if batch.basis == "w/w" else "ml"
        where = f"({drops_text(batch.eo_drops)} in the {batch.total:.3g} {unit} the yield states)"
    else:
        uncounted = f"; not counted: {', '.join(batch.uncounted)}" if batch.uncounted else ""
        where = f"({drops_text(batch.eo_drops)} in {batch.size_text()}{uncounted})"
    basis = " by weight" if batch.basis == "w/w" else ""
    shown = fmt_percent(percent, limit.error if severity is ERROR else limit.warn)
    figure = f"the essential oils add up to {shown}{basis} of this {ctx.product} {where}"
    if limit.error == 0:
        message = (
            f"{figure}; essential oils must not go on the skin of {limit.who} — leave them out"
        )
        return _at_strongest_oil(ctx, message, severity, limit)
    if severity is ERROR:
        told = f"the maximum for {limit.who} is {fmt_limit(limit.error)}"
    else:
        told = (
            f"{fmt_limit(limit.warn or 0)} is the recommended level for {limit.who} "
            f"({fmt_limit(limit.error)} at most, short-term)"
        )
    action = f"use at most {drops_text(drops)} for this batch (≈ {fmt_limit(target)})"
    if drops == 0:
        action = "leave the essential oil out or make a much bigger batch"
    cups = " Cups are taken as US cups (236.6 ml)." if batch.uses_cups() else ""
    return _at_strongest_oil(ctx, f"{figure}; {told} — {action}.{cups}", severity, limit)


def _at_strongest_oil(ctx: Context, message: str, severity: Severity, limit: Limit):
    """A total-dilution finding points at the essential-oil line that adds the most (the
    line to change), else at `use`/`audience`."""
    measured = [line for line in ctx.oils if (line.ml or line.g or 0) > 0]
    if not measured:
        return ctx.at_recipe("EO-DILUTION", message, severity, audience=limit.by_audience)
    strongest = max(measured, key=lambda line: line.ml or line.g or 0.0)
    return ctx.at_line(strongest, "EO-DILUTION", message, severity)


def _low_end(ctx: Context, limits: list[Limit]) -> Outcome:
    """A warning when the least carrier a range allows would cross a limit."""
    out = Outcome()
    low = ctx.batch.percent_low
    if low is None:
        return out
    crossed = [
        lim for lim in limits if exceeds(low, lim.warn if lim.warn is not None else lim.error)
    ]
    if crossed:
        limit = crossed[0]
        level = limit.warn if limit.warn is not None else limit.error
        out.findings.append(
            ctx.at_recipe(
                "EO-DILUTION",
                f"with the smallest amounts the recipe allows, the essential oils would be "
                f"{fmt_percent(low)} of this {ctx.product}, above the {fmt_limit(level)} "
                f"for {limit.who} — give one amount, or fewer drops",
                WARNING,
                audience=limit.by_audience,
            )
        )
    return out


def check_drop_size(ctx: Context) -> Outcome:
    """R19: a declared small drop size that would cross a limit with 20-drops/ml droppers."""
    out = Outcome()
    recipe = ctx.recipe
    if recipe.drops_per_ml <= DEFAULT_DROPS_PER_ML or ctx.batch.percent is None:
        return out
    big = measure(dataclasses.replace(recipe, drops_per_ml=DEFAULT_DROPS_PER_ML), ctx.catalogue)
    worst = big.percent
    for limit in limits_for(ctx):
        level = limit.warn if limit.warn is not None else limit.error
        if worst is None or not exceeds(worst, level) or exceeds(ctx.batch.percent, level):
            continue
        message = (
            f"at {recipe.drops_per_ml:g} drops per ml this is {fmt_percent(ctx.batch.percent)}, "
            f"but droppers give 20 to 40 drops per ml: with 20-drop droppers it is "
            f"{fmt_percent(worst)}, above the {fmt_limit(level)} for {limit.who} — count "
            "the drops your own dropper gives per ml, or use fewer"
        )
        if "drops_per_ml" in recipe.positions:
            pos = recipe.pos("drops_per_ml")
            finding = Finding.at(
                pos, "EO-DILUTION", message, field="drops_per_ml", severity=WARNING
            )
        else:
            finding = ctx.at_recipe("EO-DILUTION", message, WARNING)
        out.findings.append(finding)
        break
    return out


def check_unknown(ctx: Context) -> Outcome:
    """EO-UNKNOWN: an essential oil the catalogue does not know."""
    out = Outcome()
    for line in ctx.oils:
        if line.oil is not None:
            continue
        name = line.authored or line.ingredient.item
        unnamed = name.lower().startswith("essential oil")  # "essential oil of your choice"
        close = None if unnamed else ctx.catalogue.suggest_oil(name)
        hint = f"did you mean '{close} essential oil'?" if close else None
        if unnamed:
            message = (
                f"'{name}' does not name an oil, so its limits cannot be checked — name one "
                "(e.g. 'lavender essential oil'), or give a choice of oils the book has checked"
            )
        else:
            message = (
                f"'{name}' is not in the safety catalogue, so its limits cannot be checked — "
                "check the spelling, or look up its safe maximum before publishing"
            )
        out.findings.append(ctx.at_line(line, "EO-UNKNOWN", message, WARNING, hint=hint))
        oil = name if unnamed else f"{name} oil"
        out.notes.append(
            Note(f"unknown:{name}", f"The safety of {oil} has not been checked by this book.")
        )
    return out


def check_amounts(ctx: Context) -> Outcome:
    """An essential oil with no usable amount in a skin product (said, not guessed)."""
    out = Outcome()
    if not ctx.on_skin:
        return out
    for line in ctx.oils:
        if line.why_not is None:
            continue
        out.findings.append(
            ctx.at_line(
                line,
                "EO-DILUTION",
                f"{line.name} {_WHY_NOT.get(line.why_not, line.why_not)}, so the dilution "
                "cannot be checked — "
                f"give it in drops (e.g. '6 drops {line.ingredient.item}')",
                WARNING,
            )
        )
    return out


_WHY_NOT = {
    "no amount": "has no amount",
    "a pinch": "is given as a pinch",
    "a count": "is given as a count, with no unit",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the rule table: the facts-file rule numbers it covers, and its check."""

    rules: str
    code: str
    check: Callable[[Context], Outcome]


RULES: tuple[Rule, ...] = (
    Rule("EO-UNKNOWN", "EO-UNKNOWN", check_unknown),
    Rule("amounts", "EO-DILUTION", check_amounts),
    Rule("R1 R2 R3 R4 R20", "EO-DILUTION", check_total),
    Rule("R19", "EO-DILUTION", check_drop_size),
    Rule("R3 R5", "EO-MAX-DERMAL", per_oil.check_per_oil),
    Rule("R6", "EO-PHOTOTOXIC", per_oil.check_phototoxic),
    Rule("R20", "EO-MAX-DERMAL", per_oil.check_skin_warning),
    Rule("R7 R8", "EO-BATH-DISPERSANT", formulation.check_dispersant),
    Rule("R9 R10", "EO-DILUTION", formulation.check_bath_amounts),
    Rule("R11", "FORMULATION", formulation.check_fizz_ratio),
    Rule("§7", "FORMULATION", formulation.check_carriers),
    Rule("R12 R13", "PRESERVATIVE", formulation.check_preservative),
    Rule("R14 R15", "EO-AUDIENCE", audience.check_children),
    Rule("R15 R16", "EO-AUDIENCE", audience.check_pregnancy_and_medicines),
    Rule("R17", "EO-AUDIENCE", audience.check_pets),
)


#: The rules that depend on which oil a line is: run again for each alternative oil.
PER_OIL_RULES: tuple[Callable[[Context], Outcome], ...] = (
    per_oil.check_per_oil,
    per_oil.check_phototoxic,
    per_oil.check_skin_warning,
    audience.check_children,
    audience.check_pregnancy_and_medicines,
    audience.check_pets,
)


def run(ctx: Context) -> Outcome:
    """Every rule of the table, in order; then the oils offered as alternatives."""
    out = Outcome()
    for rule in RULES:
        out.extend(rule.check(ctx))
    out.extend(check_alternatives(ctx, out))
    return out


def check_alternatives(ctx: Context, base: Outcome) -> Outcome:
    """``6 drops sweet orange essential oil, or bergamot``: a reader may choose bergamot, so
    it is checked in the same amount; what it adds is reported on the same line."""
    out = Outcome()
    seen = {(f.code, f.field, f.severity) for f in base.findings}
    lines = ctx.batch.lines
    for index, line in enumerate(lines):
        for name, match in line.alternatives:
            swapped = dataclasses.replace(line, oil=match, authored=name, alternatives=())
            chosen = (*lines[:index], swapped, *lines[index + 1 :])
            variant = dataclasses.replace(ctx, batch=dataclasses.replace(ctx.batch, lines=chosen))
            for check in PER_OIL_RULES:
                found = check(variant)
                out.notes.extend(found.notes)
                for finding in found.findings:
                    key = (finding.code, finding.field, finding.severity)
                    if key in seen:
                        continue
                    seen.add(key)
                    message = f"if {name} is used instead, as the recipe allows: {finding.message}"
                    out.findings.append(dataclasses.replace(finding, message=message))
    return out
