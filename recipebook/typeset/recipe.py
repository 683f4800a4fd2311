"""A recipe as flowables: photo, title, summary, meta row, ingredients, method, notes.

A recipe that fits on one page is set in two columns (ingredients beside the method) and
stays on that page; if it does not fit even with a smaller photo, it is set in one column
that continues cleanly: labels are kept with what follows, steps are never split, and the
running head of the next page says "…, continued".
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from ..model import Ingredient, Recipe, SafetyFacts
from .context import Context

USE_LABELS = {
    "leave-on": "Leave-on",
    "face": "Face",
    "rinse-off": "Rinse-off",
    "bath": "Bath",
    "diffuser": "Diffuser",
    "inhaler": "Inhaler",
}
AUDIENCE_LABELS = {
    "pregnancy": "pregnancy",
    "child": "children 2–12",
    "sensitive": "sensitive skin",
}
#: Photo heights to try, as a share of the page's normal photo height, before going to
#: the continued (one-column) layout.
_PHOTO_STEPS = (1.0, 0.8, 0.62)
_FUZZ = 2.0


def recipe_flowables(
    ctx: Context, recipe: Recipe, facts: SafetyFacts, *, chapter: str
) -> list[Flowable]:
    """The recipe's flowables; the caller starts a new page first."""
    page = ctx.theme.page
    width = page.frame_width
    for share in _PHOTO_STEPS:
        photo_h = width * page.photo_ratio * share
        story = _compact(ctx, recipe, facts, chapter, photo_h)
        if _height(ctx, story, width) <= page.frame_height - _FUZZ:
            return story
    return _flowing(ctx, recipe, facts, chapter, width * page.photo_ratio * _PHOTO_STEPS[-1])


def _height(ctx: Context, story: list[Flowable], width: float) -> float:
    total = 0.0
    for index, flowable in enumerate(story):
        if isinstance(flowable, KeepTogether):  # its wrap() always says "too big"
            h = _height(ctx, list(flowable._content), width)
        else:
            _, h = flowable.wrapOn(ctx.scratch, width, 10_000)
        total += h + flowable.getSpaceAfter()
        if index:
            total += flowable.getSpaceBefore()
    return total


def _head(
    ctx: Context, recipe: Recipe, facts: SafetyFacts, chapter: str, photo_h: float
) -> list[Flowable]:
    page = ctx.theme.page
    width = page.frame_width
    full = width * page.photo_ratio
    return [
        ctx.picture(
            recipe.image, width, photo_h, chapter=chapter, seed=recipe.slug, image_height=full
        ),
        ctx.para(recipe.title, "recipe_title"),
        ctx.para(recipe.summary, "recipe_summary"),
        *_meta_row(ctx, recipe, facts),
    ]


def _compact(
    ctx: Context, recipe: Recipe, facts: SafetyFacts, chapter: str, photo_h: float
) -> list[Flowable]:
    theme = ctx.theme
    width = theme.page.frame_width
    gap = theme.s(22)
    left_w = width * 0.37
    left = [ctx.label("Ingredients"), *_ingredients(ctx, recipe)]
    right = [ctx.label("Method"), *_steps(ctx, recipe)]
    columns = Table(
        [[left, right]],
        colWidths=[left_w, width - left_w],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), gap / 2),
                ("LEFTPADDING", (1, 0), (1, 0), gap / 2),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("LINEAFTER", (0, 0), (0, 0), 0.4, theme.colours["sage"]),
            ]
        ),
    )
    return [*_head(ctx, recipe, facts, chapter, photo_h), columns, *_notes(ctx, recipe, facts)]


def _flowing(
    ctx: Context, recipe: Recipe, facts: SafetyFacts, chapter: str, photo_h: float
) -> list[Flowable]:
    story = _head(ctx, recipe, facts, chapter, photo_h)
    ingredients = _ingredients(ctx, recipe)
    story.append(ctx.label("Ingredients"))  # labels keep with what follows
    story.extend(ingredients)
    steps = _steps(ctx, recipe)
    story += [ctx.label("Method"), steps[0]]
    story.extend(KeepTogether([step]) for step in steps[1:])  # a step is never split
    story.extend(_notes(ctx, recipe, facts))
    return story


def _meta_row(ctx: Context, recipe: Recipe, facts: SafetyFacts) -> list[Flowable]:
    cells: list[tuple[str, str]] = []
    if recipe.time:
        if len(recipe.time) == 1:
            (name, duration), *_ = recipe.time.items()
            cells.append(("Time", f"{duration} {name}" if name != "total" else str(duration)))
        else:
            total = recipe.total_time
            parts = ", ".join(f"{d} {n}" for n, d in recipe.time.items() if n != "total")
            cells.append(("Time", parts or str(total)))
    if recipe.yield_ is not None:
        cells.append(("Makes", recipe.yield_.display(ctx.units)))
    if recipe.difficulty:
        cells.append(("Level", recipe.difficulty.capitalize()))
    use = USE_LABELS.get(recipe.use, recipe.use)
    if recipe.audience in AUDIENCE_LABELS:
        use = f"{use}, for {AUDIENCE_LABELS[recipe.audience]}"
    cells.append(("Use", use))
    if facts.dilution_label:
        cells.append(("Dilution", facts.dilution_label.replace(" dilution", "")))
    theme = ctx.theme
    width = theme.page.frame_width
    weights = [1.5 if label in ("Makes", "Time") else 1.0 for label, _ in cells]
    col_widths = [width * w / sum(weights) for w in weights]
    row = [
        [ctx.label(label, "meta_label"), ctx.para(value, "meta_value")] for label, value in cells
    ]
    pad = theme.s(7)
    table = Table(
        [row],
        colWidths=col_widths,
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), theme.colours["sage_light"]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (-1, -1), theme.s(4)),
                ("RIGHTPADDING", (0, 0), (-1, -1), theme.s(4)),
                ("LINEAFTER", (0, 0), (-2, -1), 0.5, theme.colours["cream"]),
            ]
        ),
    )
    table.spaceAfter = theme.s(8)
    return [table]


def ingredient_markup(ctx: Context, ingredient: Ingredient) -> str:
    """``<b>½ cup (118 ml)</b> sweet almond oil, <i>or jojoba</i>`` (escaped)."""
    esc = ctx.esc
    parts = []
    if ingredient.quantity is not None:
        qty = ingredient.quantity.display(ctx.units)
        parts.append(f"<b>{esc.text(qty, ctx.theme.fonts.body_bold)}</b> ")
    parts.append(esc.text(ingredient.item))
    if ingredient.note:
        parts.append(f", <i>{esc.text(ingredient.note, ctx.theme.fonts.body_italic)}</i>")
    if ingredient.optional:
        muted = ctx.theme.colours["muted"].hexval().replace("0x", "#")
        parts.append(f' <font color="{muted}"><i>(optional)</i></font>')
    return "".join(parts)


def _ingredients(ctx: Context, recipe: Recipe) -> list[Flowable]:
    style = ctx.theme.style("ingredient")
    return [Paragraph(ingredient_markup(ctx, i), style, bulletText="•") for i in recipe.ingredients]


def _steps(ctx: Context, recipe: Recipe) -> list[Flowable]:
    return [ctx.para(step, "step", bullet=str(n)) for n, step in enumerate(recipe.steps, 1)]


def _notes(ctx: Context, recipe: Recipe, facts: SafetyFacts) -> list[Flowable]:
    theme = ctx.theme
    story: list[Flowable] = []
    if recipe.tips:
        tips = [ctx.para(tip, "tip", bullet="–") for tip in recipe.tips]
        story.append(Spacer(0, theme.s(4)))
        story.append(ctx.label("Tips"))
        story.extend(tips)
    notes = facts.notes or recipe.safety
    if notes:
        story.append(_safety_box(ctx, notes))
    keeping = []
    if recipe.storage:
        keeping.append(f"<b>Storage</b>  {ctx.esc.text(recipe.storage)}")
    if recipe.shelf_life:
        keeping.append(f"<b>Keeps</b>  {ctx.esc.text(recipe.shelf_life)}")
    if keeping:
        story.append(Spacer(0, theme.s(6)))
        story.append(ctx.markup("     ".join(keeping), "storage"))
    if recipe.tags:
        story.append(Spacer(0, theme.s(3)))
        story.append(ctx.para("  ·  ".join(recipe.tags), "tags"))
    return story


def _safety_box(ctx: Context, notes: tuple[str, ...]) -> Flowable:
    theme = ctx.theme
    rows = [[ctx.label("Safety", "safety_title")]]
    rows += [[ctx.para(note, "safety", bullet="•")] for note in notes]
    pad = theme.s(9)
    table = Table(
        rows,
        colWidths=[theme.page.frame_width],
        repeatRows=1,
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), theme.colours["safety_bg"]),
                ("LINEBEFORE", (0, 0), (0, -1), 2.2, theme.colours["safety_rule"]),
                ("LEFTPADDING", (0, 0), (-1, -1), pad + 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), pad),
                ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
            ]
        ),
    )
    table.spaceBefore = theme.s(10)
    return table
