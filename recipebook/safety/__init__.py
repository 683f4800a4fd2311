"""The essential-oil safety engine: ``assess(recipe)`` → :class:`~recipebook.model.SafetyFacts`.

Stages: look every ingredient up in the catalogue and convert it (:mod:`.dilution`), run
the rule table R1–R20 (:mod:`.rules`), and merge the generated notes with the author's own
(:mod:`.notes`). docs/safety-rules.md lists every rule, threshold and source.
"""

from __future__ import annotations

from ..model import Recipe, SafetyFacts
from . import catalogue, notes, rules
from .audience import min_age
from .context import AIR_USES, Context
from .dilution import label, measure

__all__ = ["assess"]


def assess(recipe: Recipe) -> SafetyFacts:
    """Dilution, notes for the book and located findings for one recipe."""
    ctx = Context(recipe, measure(recipe, catalogue.load()), catalogue.load())
    outcome = rules.run(ctx)
    batch = ctx.batch
    percent, text = batch.percent, label(batch)
    if recipe.use in AIR_USES and (percent is None or batch.is_neat) and batch.eo_drops > 0:
        percent = None
        text = f"{batch.eo_drops:.0f} drops ({recipe.use})"
    age, _ = min_age(ctx)
    phototoxic = ctx.leave_on and any(
        match.oil.phototoxic
        for line in ctx.oils
        for match in (line.oil, *(alt for _, alt in line.alternatives))
        if match is not None
    )
    return SafetyFacts(
        dilution_percent=round(percent, 3) if percent is not None else None,
        dilution_basis=batch.basis if percent is not None else None,
        dilution_label=text,
        notes=notes.merge(recipe.safety, outcome.notes + notes.general_notes(ctx)),
        findings=tuple(outcome.findings),
        allergens=notes.allergens(ctx),
        phototoxic=phototoxic,
        min_age=age,
    )
