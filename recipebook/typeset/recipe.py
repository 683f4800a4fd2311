"""A recipe as flowables: photo, title, summary, meta row, ingredients, method, notes.

Each recipe starts on a new page. The layout is chosen by measuring before layout (see
:func:`recipe_flowables`): the whole recipe on one page when it fits, with the largest
photo that allows it; else title to method on the first page and the notes together on
the next; else one column that continues (labels stay with what follows, a step is never
split, no step or tip is left alone, and the next page's running head says "…, continued").
"""

from __future__ import annotations

import math

from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import Flowable

from ..model import Ingredient, Recipe, SafetyFacts
from .boxes import Box, CellRow, Columns
from .context import Context, paragraph

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
#: The photo's height as a share of the page's full photo height: at most, the least in two
#: columns before trying one column, and the least at all (a narrower strip crops the
#: picture's subject).
MAX_SHARE, PREFERRED_SHARE, MIN_SHARE = 1.24, 0.6, 0.36
_FUZZ = 2.0


def recipe_flowables(
    ctx: Context, recipe: Recipe, facts: SafetyFacts, *, chapter: str
) -> list[Flowable]:
    """The recipe's flowables; the caller starts a new page first.

    1. The whole recipe on its page: two columns (ingredients beside the method) with the
       largest photo that fits, else one column, else a smaller photo.
    2. Else two pages: photo, title, ingredients and method fill the first (the photo
       sized to fill it), the tips, safety box and storage go together on the next.
    3. Else (the method alone is longer than a page) one column that continues, with no
       lone step or tip at the top or the bottom of a page.
    """
    page = ctx.theme.page
    width, room = page.frame_width, page.frame_height - _FUZZ
    full_photo = width * page.photo_ratio
    head = _title_block(ctx, recipe, facts)
    notes = _notes(ctx, recipe, facts)
    ingredients, steps = _ingredients(ctx, recipe), _steps(ctx, recipe)  # shared by both
    columns = [_columns(ctx, ingredients, steps)]
    single = _single_column(ctx, ingredients, steps)

    def share(body: list[Flowable]) -> float:
        """The largest photo share (in steps of 0.04) that keeps ``body`` on the page."""
        rest = [*head, *body]
        free = room - _height(ctx, rest, width) - rest[0].getSpaceBefore()
        return min(MAX_SHARE, math.floor(free / full_photo * 25) / 25)

    def photo(fits: float) -> Flowable:
        return _photo(ctx, recipe, chapter, full_photo * fits)

    in_columns = share([*columns, *notes])
    if in_columns >= PREFERRED_SHARE:
        return [photo(in_columns), *head, *columns, *notes]
    in_one = share([*single, *notes])
    for body, fits, least in (
        (single, in_one, PREFERRED_SHARE + 0.12),
        (columns, in_columns, MIN_SHARE),
        (single, in_one, MIN_SHARE),
    ):
        if fits >= least:
            return [photo(fits), *head, *body, *notes]
    for list_ in (ingredients, steps):
        _no_lone_items(list_)
    closing = _notes_kept_together(ctx, notes)
    first_columns, first_one = share(columns), share(single)
    if max(first_columns, first_one) >= MIN_SHARE:
        body, fits = (columns, first_columns) if first_columns >= first_one else (single, first_one)
        return [photo(fits), *head, *body, *closing]
    return [photo(PREFERRED_SHARE), *head, *single, *closing]


def _height(ctx: Context, story: list[Flowable], width: float) -> float:
    """Height of ``story`` laid out in a frame (space between two flowables is the larger
    of the one's space after and the other's space before, as ReportLab's frames do)."""
    total = 0.0
    after = None
    for flowable in story:
        if isinstance(flowable, KeepTogether):  # its wrap() always says "too big"
            h = _height(ctx, list(flowable._content), width)
        else:
            _, h = flowable.wrapOn(ctx.scratch, width, 1e6)
        if after is not None:
            total += max(after, flowable.getSpaceBefore())
        total += h
        after = flowable.getSpaceAfter()
    return total


def _photo(ctx: Context, recipe: Recipe, chapter: str, height: float) -> Flowable:
    width = ctx.theme.page.frame_width
    return ctx.picture(recipe.image, width, height, chapter=chapter, seed=recipe.slug)


def _title_block(ctx: Context, recipe: Recipe, facts: SafetyFacts) -> list[Flowable]:
    return [
        ctx.para(recipe.title, "recipe_title"),
        ctx.para(recipe.summary, "recipe_summary"),
        _meta_row(ctx, recipe, facts),
    ]


def meta_cells(ctx: Context, recipe: Recipe, facts: SafetyFacts) -> list[tuple[str, str]]:
    """(label, value) pairs of the meta row: time, yield, level, use, dilution."""
    cells: list[tuple[str, str]] = []
    if recipe.time:
        stages = [(n, d) for n, d in recipe.time.items() if n != "total"]
        if "total" in recipe.time and not stages:
            cells.append(("Time", str(recipe.time["total"])))
        else:
            cells.append(("Time", ", ".join(f"{d} {n}" for n, d in stages)))
    if recipe.yield_ is not None:
        cells.append(("Makes", recipe.yield_.display(ctx.units)))
    if recipe.difficulty:
        cells.append(("Level", recipe.difficulty.capitalize()))
    use = USE_LABELS.get(recipe.use, recipe.use)
    if recipe.audience in AUDIENCE_LABELS:
        use = f"{use}, for {AUDIENCE_LABELS[recipe.audience]}"
    cells.append(("Use", use))
    if facts.dilution_label:
        value = facts.dilution_label.replace(" dilution", "")
        cells.append(("Dilution", value.replace(" essential oil by weight", " by weight")))
    return cells


def _meta_row(ctx: Context, recipe: Recipe, facts: SafetyFacts) -> Flowable:
    theme = ctx.theme
    cells = meta_cells(ctx, recipe, facts)
    weights = [1.0 + min(len(value), 40) / 22 for _, value in cells]
    row = CellRow(
        [[ctx.label(label, "meta_label"), ctx.para(value, "meta_value")] for label, value in cells],
        weights,
        theme.colours["sage_light"],
        theme.colours["cream"],
        theme.s(7),
    )
    row.spaceAfter = theme.s(12)
    return row


def ingredient_markup(ctx: Context, ingredient: Ingredient) -> str:
    """``<b>½ cup (118 ml)</b> sweet almond oil, <i>or jojoba</i>`` (escaped)."""
    esc, fonts = ctx.esc, ctx.theme.fonts
    parts = []
    if ingredient.quantity is not None:
        qty = ingredient.quantity.display(ctx.units)
        parts.append(f"<b>{esc.text(qty, fonts.body_bold)}</b> ")
    parts.append(esc.text(ingredient.item))
    if ingredient.note:
        parts.append(f", <i>{esc.text(ingredient.note, fonts.body_italic)}</i>")
    if ingredient.optional:
        muted = ctx.theme.colours["muted"].hexval().replace("0x", "#")
        parts.append(f' <font color="{muted}"><i>(optional)</i></font>')
    return "".join(parts)


def _ingredients(ctx: Context, recipe: Recipe) -> list[Flowable]:
    style = ctx.theme.style("ingredient")
    return [
        paragraph(ingredient_markup(ctx, i), style, "•", whole=True) for i in recipe.ingredients
    ]


def _steps(ctx: Context, recipe: Recipe) -> list[Flowable]:
    return [
        ctx.para(step, "step", bullet=str(n), whole=True) for n, step in enumerate(recipe.steps, 1)
    ]


def _columns(ctx: Context, ingredients: list[Flowable], steps: list[Flowable]) -> Flowable:
    theme = ctx.theme
    left = [ctx.label("Ingredients"), *ingredients]
    right = [ctx.label("Method"), *steps]
    return Columns(left, right, 0.38, theme.s(24), theme.colours["sage"])


def _single_column(
    ctx: Context, ingredients: list[Flowable], steps: list[Flowable]
) -> list[Flowable]:
    method = ctx.label("Method")
    method.spaceBefore = ctx.theme.s(8)
    return [ctx.label("Ingredients"), *ingredients, method, *steps]


def _notes(ctx: Context, recipe: Recipe, facts: SafetyFacts) -> list[Flowable]:
    theme = ctx.theme
    story: list[Flowable] = []
    if recipe.tips:
        tips = ctx.label("Tips")
        tips.spaceBefore = theme.s(12)
        story.append(tips)
        story.extend(ctx.para(tip, "tip", bullet="–", whole=True) for tip in recipe.tips)
    notes = facts.notes or recipe.safety
    if notes:
        story.append(_safety_box(ctx, notes))
    keeping = []
    if recipe.storage:
        keeping.append(f"<b>Storage</b> {ctx.esc.text(recipe.storage)}")
    if recipe.shelf_life:
        keeping.append(f"<b>Keeps</b> {ctx.esc.text(recipe.shelf_life)}")
    if keeping:  # (a run of no-break spaces: ReportLab collapses ordinary ones)
        story.append(ctx.markup("\u00a0\u00a0\u00a0\u00a0 ".join(keeping), "storage"))
    if recipe.tags:
        story.append(ctx.para("  ·  ".join(recipe.tags), "tags"))
    return story


def _notes_kept_together(ctx: Context, notes: list[Flowable]) -> list[Flowable]:
    """In a recipe on two pages: the tips, safety box and storage together (on the next
    page), or when they are too long for that, at least the safety box and what follows
    it; a lone tip never starts or ends a page."""
    frame = ctx.theme.page.frame_height
    if notes and _height(ctx, notes, ctx.theme.page.frame_width) < 0.6 * frame:
        return [KeepTogether(notes)]
    start = next((i for i, f in enumerate(notes) if isinstance(f, Box)), len(notes))
    _no_lone_items(notes[1:start])
    closing = notes[start:]
    if closing and _height(ctx, closing, ctx.theme.page.frame_width) < 0.4 * frame:
        return [*notes[:start], KeepTogether(closing)]
    return notes


def _no_lone_items(items: list[Flowable]) -> None:
    """Keep the first two and the last two items of a list together, so that a page
    break never leaves one item (a step, a tip) alone above or below it."""
    if len(items) < 2:
        return
    items[0].keepWithNext = 1  # (its label is kept with it already)
    items[-2].keepWithNext = 1


def _safety_box(ctx: Context, notes: tuple[str, ...]) -> Flowable:
    theme = ctx.theme
    items: list[Flowable] = [ctx.label("Safety", "safety_title")]
    items += [ctx.para(note, "safety", bullet="•", whole=True) for note in notes]
    box = Box(items, theme.colours["safety_bg"], theme.colours["safety_rule"], theme.s(9))
    box.spaceBefore = theme.s(12)
    box.spaceAfter = theme.s(9)
    return box
