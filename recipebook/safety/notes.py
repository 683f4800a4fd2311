"""The book's safety notes: general notes (R18 nut allergens, patch test, oxidised oils) and
the merge of the author's own notes with the generated ones, one note per subject."""

from __future__ import annotations

import re

from .context import Context, Note, names

#: A generated note is left out when one of the author's notes already covers its subject.
TOPICS: dict[str, str] = {
    "children": r"\bunder \d+\b|\bfor adults\b|adults? only|child(?:ren)?'?s? face"
    r"|not for (?:use (?:on|with) )?(?:babies|young children|children|kids)"
    r"|face of (?:a |an |young )?(?:child|infant|bab)",
    "pregnancy": r"pregnan|trimester|breastfeed|midwife",
    "medicines": r"warfarin|blood[- ]thinn|aspirin|anticoag",
    "sun": r"\bsun|\buv\b|sunbed|tanning",
    "nut": r"\bnuts?\b|nut[- ]free|tree[- ]nut",
    "patch": r"patch[- ]?test",
    "water-out": r"dry (?:spoon|scoop)|water out|keep (?:all |shower )?water",
    "fresh": r"refrigerat|fridge",
    "diffuser-timing": r"\b30\s*(?:[–-]|to)\s*60\b|on and off|switch (?:it )?off|intermittent",
    "pets": r"\bpets?\b|animals?",
    "cats": r"\bcats?\b",
    "epilepsy": r"epilep|seizure",
    "bath": r"slipp|swirl|dispers",
    "strength": r"short[- ]term|small area",
    "oxidation": r"oxidi[sz]|cool(?:,)? (?:and )?dark|cold(?:,)? (?:and )?dark",
}
#: The order generated notes are printed in (others follow in rule order).
ORDER = (
    "children", "pregnancy", "medicines", "sun", "nut", "strength", "patch", "epilepsy",
    "bath", "bath-irritant", "bath-sting", "water-out", "fresh", "preservative",
    "diffuser-timing", "cats", "pets", "oxidation",
)  # fmt: skip


def general_notes(ctx: Context) -> list[Note]:
    """Notes that no finding goes with: nut allergens, patch test, oxidised oils."""
    notes: list[Note] = []
    nuts = allergens(ctx)
    if nuts:
        notes.append(
            Note(
                "nut",
                f"Nut allergy: this recipe uses {_join(nuts)}. If you are allergic to nuts, use "
                "a nut-free carrier such as sunflower or jojoba oil, or skip this recipe.",
            )
        )
    sensitisers = [ln for ln in ctx.known_oils if ln.oil and ln.oil.oil.sensitiser]
    if ctx.oils and ctx.on_skin and (ctx.leave_on or sensitisers or ctx.audience != "adult"):
        extra = (
            f" {names(sensitisers).capitalize()} can irritate or sensitise skin."
            if sensitisers
            else ""
        )
        notes.append(
            Note(
                "patch",
                "Patch test first: rub a little on the inside of your forearm and wait 24 hours; "
                f"do not use it if the skin turns red, itches or swells.{extra}",
            )
        )
    old = [ln for ln in ctx.known_oils if ln.oil and ln.oil.oil.oxidises]
    if old and ctx.leave_on:
        notes.append(
            Note(
                "oxidation",
                f"Use fresh essential oils stored cool and dark: old, oxidised {names(old)} oil "
                "can cause skin allergies.",
            )
        )
    return notes


def allergens(ctx: Context) -> tuple[str, ...]:
    """Nut-derived ingredients, named as the author wrote them (facts §7, rule R18)."""
    found: list[str] = []
    for line in ctx.batch.others:
        material = line.material
        if material is not None and material.nut:
            found.append(f"{line.ingredient.item} ({material.nut})")
        note = line.ingredient.note or ""
        if re.search(r"\bor\b", note):
            alternative = ctx.catalogue.material(note.split(" or ", 1)[-1])
            if alternative is not None and alternative.nut:
                found.append(f"{alternative.name} ({alternative.nut}) if you choose it")
    return tuple(dict.fromkeys(found))


def merge(author: tuple[str, ...], generated: list[Note]) -> tuple[str, ...]:
    """The author's notes first, then generated ones whose subject they do not cover."""
    out = list(dict.fromkeys(a.strip() for a in author if a.strip()))
    rank = {topic: index for index, topic in enumerate(ORDER)}
    ordered = sorted(
        enumerate(generated), key=lambda pair: (rank.get(pair[1].topic, len(ORDER)), pair[0])
    )
    seen: set[str] = set()
    for _, note in ordered:
        if note.topic in seen:
            continue
        seen.add(note.topic)
        pattern = TOPICS.get(note.topic)
        if pattern and any(re.search(pattern, a, re.IGNORECASE) for a in author):
            continue
        if any(note.text.casefold() == a.casefold() for a in out):
            continue
        out.append(note.text)
    return tuple(out)


def _join(items: tuple[str, ...]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
