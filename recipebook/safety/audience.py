"""Audience rules: R14 (menthol and cineole near children), R15 (wintergreen and birch),
R16 (pregnancy), R17 (pets and diffusers), and the "not for children under N" age."""

from __future__ import annotations

from ..findings import Severity
from .context import Context, Note, Outcome, names
from .dilution import Line, exceeds, fmt_limit, fmt_percent

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: Age (years) a recipe with oils that must never reach children is printed as "not under".
NEVER_FOR_CHILDREN_AGE = 16
#: T&Y maximum total dilution by age (facts §2): (above this %, not for children under N).
AGE_BY_DILUTION = ((3.0, 15), (2.0, 6), (0.5, 2))
_NEAR_FACE = (
    r"\b(?:chest|face|facial|nose|nasal|inhal\w*|breath\w*|steam(?![- ]?distill)\w*"
    r"|vapou?r\w*)\b"
)


def _oil_lines(ctx: Context, predicate) -> list[Line]:
    return [ln for ln in ctx.known_oils if ln.oil and predicate(ln.oil.oil)]


def check_children(ctx: Context) -> Outcome:
    """R14: peppermint, cornmint, ≥ 40% cineole oils; R15: wintergreen and birch, children."""
    out = Outcome()
    group = ctx.age_group
    never = _oil_lines(ctx, lambda oil: oil.children == "never")
    face = _oil_lines(ctx, lambda oil: oil.children == "face")
    if group is not None:
        for line in never:
            out.findings.append(
                ctx.at_line(
                    line,
                    "EO-AUDIENCE",
                    f"{line.name} must never be used for children: it is almost pure methyl "
                    "salicylate (aspirin's relative, linked to Reye's syndrome) and a teaspoon "
                    "swallowed can kill a young child — leave it out of this recipe",
                    ERROR,
                )
            )
        near_face = ctx.use in ("face", "diffuser", "inhaler") or ctx.mentions(_NEAR_FACE)
        for line in face:
            oil = line.oil.oil if line.oil else None
            age = max(oil.face_age if oil else 6, 6)
            face_too = f", nor on or near the face of a child under {age}" if age > 6 else ""
            why = (
                f"{line.name} can slow a young child's breathing: it must not be used for "
                f"children under 6{face_too}, nor be breathed in by them"
            )
            if group != "child" or near_face:
                out.findings.append(
                    ctx.at_line(
                        line,
                        "EO-AUDIENCE",
                        f"{why} — leave it out of this {ctx.product} for children",
                        ERROR,
                    )
                )
            else:
                out.findings.append(
                    ctx.at_line(
                        line,
                        "EO-AUDIENCE",
                        f"{why} — leave it out, or say the recipe is for children over {age} "
                        "and keep it away from their face",
                        WARNING,
                    )
                )
    age, reasons = min_age(ctx)
    if age is not None and group is None:
        if age >= NEVER_FOR_CHILDREN_AGE:
            text = f"Not for children: {reasons}."
        else:
            text = f"Not for children under {age}: {reasons}."
        out.notes.append(Note("children", text))
    return out


def min_age(ctx: Context) -> tuple[int | None, str]:
    """The youngest age (years) this recipe suits, and why (None: no age rule applied)."""
    ages: list[tuple[int, str]] = []
    never = _oil_lines(ctx, lambda oil: oil.children == "never")
    if never:
        ages.append(
            (
                NEVER_FOR_CHILDREN_AGE,
                f"{names(never)} is dangerous to children, and a teaspoon swallowed can kill "
                "a young child — keep the bottle out of reach",
            )
        )
    face = _oil_lines(ctx, lambda oil: oil.children == "face")
    if face:
        face_ages = {ln.oil.oil.face_age for ln in face if ln.oil}
        far = (
            "; keep eucalyptus away from the face of children under 10"
            if max(face_ages) >= 10
            else ""
        )
        ages.append(
            (
                6,
                f"{names(face)} can cause breathing problems in young children; never use it "
                f"on or near a child's face{far}",
            )
        )
    percent = ctx.batch.percent
    if ctx.leave_on and percent is not None and percent < 100:
        for above, age in AGE_BY_DILUTION:
            if exceeds(percent, above):
                ages.append(
                    (
                        age,
                        f"at {fmt_percent(percent, above)} essential oil it is stronger than the "
                        f"{fmt_limit(above)} maximum for that age",
                    )
                )
                break
    if not ages:
        return None, ""
    top = max(age for age, _ in ages)
    return top, "; ".join(dict.fromkeys(reason for _, reason in ages))


def check_pregnancy_and_medicines(ctx: Context) -> Outcome:
    """R16: oils to avoid in pregnancy; R15: wintergreen/birch and blood thinners; epilepsy."""
    out = Outcome()
    avoid = _oil_lines(ctx, lambda oil: oil.pregnancy == "avoid")
    caution = _oil_lines(ctx, lambda oil: oil.pregnancy == "caution")
    if ctx.audience == "pregnancy":
        for line in avoid:
            out.findings.append(
                ctx.at_line(
                    line,
                    "EO-AUDIENCE",
                    f"{line.name} is on the list of oils to avoid in pregnancy and while "
                    "breastfeeding — leave it out of this pregnancy recipe",
                    ERROR,
                )
            )
        for line in caution:
            out.findings.append(
                ctx.at_line(
                    line,
                    "EO-AUDIENCE",
                    f"several references advise avoiding {line.name} in pregnancy — leave it "
                    "out of this pregnancy recipe, or have a midwife check it",
                    WARNING,
                )
            )
        if ctx.oils:
            out.notes.append(
                Note(
                    "pregnancy",
                    "Many aromatherapists advise no essential oils in the first three months of "
                    "pregnancy; check with your midwife or doctor first.",
                )
            )
    elif avoid:
        out.notes.append(
            Note(
                "pregnancy",
                f"Not for use in pregnancy or while breastfeeding: it contains {names(avoid)}.",
            )
        )
    elif caution:
        out.notes.append(
            Note(
                "pregnancy",
                f"Ask a midwife or doctor before using this in pregnancy: it contains "
                f"{names(caution)}.",
            )
        )
    thinners = _oil_lines(ctx, lambda oil: oil.anticoagulant)
    if thinners and ctx.age_group is None and ctx.audience != "pregnancy":
        for line in thinners:
            out.findings.append(
                ctx.at_line(
                    line,
                    "EO-AUDIENCE",
                    f"{line.name} is almost pure methyl salicylate: it can cause bleeding in "
                    "people taking blood thinners such as warfarin and reactions in people "
                    "allergic to aspirin — the book prints a warning; consider a gentler oil",
                    WARNING,
                )
            )
    if thinners:
        out.notes.append(
            Note(
                "medicines",
                f"Not for anyone taking blood thinners (such as warfarin) or allergic to "
                f"aspirin: {names(thinners)} acts like aspirin.",
            )
        )
    epilepsy = _oil_lines(ctx, lambda oil: oil.epilepsy)
    if epilepsy:
        out.notes.append(
            Note("epilepsy", f"Avoid if you have epilepsy: it contains {names(epilepsy)}.")
        )
    return out


def check_pets(ctx: Context) -> Outcome:
    """R17: cat-toxic oils in diffuser or room blends; the diffuser timing note."""
    out = Outcome()
    room = ctx.use == "diffuser" or ctx.mentions(r"\broom (?:spray|mist)\b")
    if not room or not ctx.oils:
        return out
    cats = _oil_lines(ctx, lambda oil: oil.cats)
    for line in cats:
        out.findings.append(
            ctx.at_line(
                line,
                "EO-AUDIENCE",
                f"{line.name} is toxic to cats, and diffused oil settles on their fur, which they "
                "lick — the book prints a pet warning; leave it out if the blend is for a home "
                "with cats",
                WARNING,
            )
        )
    if cats:
        out.notes.append(
            Note(
                "cats",
                f"{names(cats).capitalize()} {'is' if len(cats) == 1 else 'are'} toxic to cats: "
                "do not diffuse this blend where a cat lives.",
            )
        )
    if ctx.use == "diffuser":
        out.notes.append(
            Note(
                "diffuser-timing",
                "Diffuse for 30–60 minutes, then switch off for 30–60 minutes; a faint scent "
                "is enough.",
            )
        )
    out.notes.append(
        Note(
            "pets",
            "Pets: leave a door open so they can walk away, and never diffuse in a closed room "
            "with a pet for more than 30 minutes.",
        )
    )
    return out
