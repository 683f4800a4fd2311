"""Back of the book: the essential-oil dilution chart and the ingredient index."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from ..model import Book
from ..units import DEFAULT_DROPS_PER_ML
from .boxes import FlowColumns
from .context import Context, paragraph

CARRIER_ML = (5, 10, 15, 30, 60, 120)
CARRIER_US = {5: "1 tsp", 10: "2 tsp", 15: "1 tbsp", 30: "1 fl oz", 60: "2 fl oz", 120: "4 fl oz"}
PERCENTS = (Fraction(1, 2), Fraction(1), Fraction(2), Fraction(5, 2), Fraction(3), Fraction(5))
GUIDANCE = [
    ("0.5–1%", "the face; sensitive or older skin; pregnancy (1% or less); children 2–6 years"),
    ("2%", "everyday massage and body oils for adults"),
    ("2.5%", "a recommended upper level for adults' regular use"),
    ("3–5%", "small areas for a short time only, such as a sore shoulder; never the whole body"),
]


def drops(ml: int, percent: Fraction, per_ml: float = DEFAULT_DROPS_PER_ML) -> str:
    """Drops of essential oil for ``ml`` of carrier at ``percent``: ``7½``, ``12``."""
    value = Fraction(ml) * Fraction(per_ml).limit_denominator() * percent / 100
    whole, rest = divmod(value, 1)
    if rest == 0:
        return str(whole)
    if rest == Fraction(1, 2):
        return f"{whole or ''}½"
    return f"{float(value):.1f}"


def dilution_chart(ctx: Context) -> list[Flowable]:
    theme = ctx.theme
    width = theme.page.frame_width
    story: list[Flowable] = [
        ctx.para(
            "How many drops of essential oil to add to a carrier oil for each strength. The "
            f"chart counts {DEFAULT_DROPS_PER_ML:g} drops to the millilitre, as the recipes in "
            "this book do; droppers vary, so count slowly with the bottle held upright.",
            "body",
        )
    ]
    header = [ctx.para("Carrier", "chart_head")] + [
        ctx.para(f"{_pct(p)}", "chart_head") for p in PERCENTS
    ]
    rows: list[list[Flowable]] = [header]
    for ml in CARRIER_ML:
        rows.append(
            [ctx.markup(f"<b>{ml} ml</b><br/>{CARRIER_US[ml]}", "chart_cell")]
            + [ctx.para(drops(ml, p), "chart_cell") for p in PERCENTS]
        )
    first = width * 0.2
    table = Table(
        rows,
        colWidths=[first] + [(width - first) / len(PERCENTS)] * len(PERCENTS),
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), theme.fonts.body, theme.s(10)),
                ("BACKGROUND", (0, 0), (-1, 0), theme.colours["sage_light"]),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, theme.colours["cream"]]),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), theme.s(6)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), theme.s(6)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, theme.colours["sage"]),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, theme.colours["sage"]),
                ("LINEAFTER", (0, 0), (0, -1), 0.4, theme.colours["sage"]),
            ]
        ),
    )
    table.spaceBefore = theme.s(6)
    table.spaceAfter = theme.s(14)
    story.append(KeepTogether([ctx.label("Drops per carrier volume"), table]))
    level_w = width * 0.16
    guide = Table(
        [
            [ctx.markup(f"<b>{ctx.esc.text(level)}</b>", "body"), ctx.para(use, "body")]
            for level, use in GUIDANCE
        ],
        colWidths=[level_w, width - level_w],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), theme.fonts.body, theme.s(10)),  # not Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), theme.s(8)),
                ("TOPPADDING", (0, 0), (-1, -1), theme.s(3)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), theme.s(1)),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, theme.colours["sage_light"]),
            ]
        ),
    )
    guide.spaceAfter = theme.s(10)
    story.append(KeepTogether([ctx.label("Which strength"), guide]))
    story.append(
        ctx.para(
            "Bath products, scrubs and inhalers follow their own limits, given in each "
            "recipe. These figures are general guidance from aromatherapy references, not "
            "medical advice; follow a physician's advice where it differs.",
            "small",
        )
    )
    return story


def _pct(p: Fraction) -> str:
    return f"{float(p):g}%"


def index_terms(book: Book) -> dict[str, list[str]]:
    """Ingredient (as printed, first letter capital) → keys of the recipes that use it."""
    terms: dict[str, dict[str, str]] = {}
    for recipe in book.recipes:
        for ingredient in recipe.ingredients:
            name = _index_name(ingredient.item)
            if name:
                bucket = terms.setdefault(name.casefold(), {"": name})
                bucket[recipe.slug] = recipe.title
    out: dict[str, list[str]] = {}
    for bucket in terms.values():
        name = bucket.pop("")
        out[name] = sorted(bucket, key=lambda slug: bucket[slug].casefold())
    return dict(sorted(out.items(), key=lambda kv: _sort_key(kv[0])))


#: How an ingredient is prepared, not what it is: indexed after the name, so that "Dried
#: lavender buds" stands under L beside "Lavender essential oil", as "Lavender buds, dried".
PREPARED = ("dried", "fresh", "grated", "ground", "crushed", "chopped", "powdered", "blank")


def _index_name(item: str) -> str:
    name = " ".join(item.split()).strip(" ,.;:")
    first, _, rest = name.partition(" ")
    if first.casefold() in PREPARED and rest:
        name = f"{rest}, {first.casefold()}"
    return name[:1].upper() + name[1:]


def _sort_key(name: str) -> tuple[str, str]:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return (re.sub(r"[^a-z0-9 ]", "", folded), name)


class Deferred(Flowable):
    """Flowables made only when layout reaches this point (when every page is known)."""

    def __init__(self, make: Callable[[float, float], list[Flowable]]) -> None:
        super().__init__()
        self.make = make  # make(width, height left on the page where it begins)
        self._made: list[Flowable] | None = None

    def _content(self, aW: float, aH: float) -> list[Flowable]:
        if self._made is None:
            self._made = self.make(aW, aH)
        return self._made

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (aW, aH + 1)  # never fits whole: the frame asks us to split

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content = self._content(aW, aH)
        if len(content) == 1 and content[0].wrap(aW, aH)[1] > aH:
            return content[0].split(aW, aH)  # (ReportLab will not split it again itself)
        return content

    def draw(self) -> None:  # pragma: no cover - always split first
        pass


#: A last index page holding less than this share of a page is avoided by setting the
#: index a little tighter, when that saves the page.
RUNT_PAGE = 0.2


def ingredient_index(
    ctx: Context,
    book: Book,
    key_of: Mapping[str, str],
    pages: Mapping[str, int],
    width: float,
    first_height: float,
) -> list[Flowable]:
    """Two balanced columns: letter heads and entries with linked page numbers, beginning
    with ``first_height`` points left on the page (``width`` wide)."""
    theme = ctx.theme
    entry, letter = theme.style("index_entry"), theme.style("index_letter")
    index = _index_columns(ctx, book, key_of, pages, entry, letter)
    loads = index.page_loads(width, first_height, theme.page.frame_height)
    if len(loads) > 1 and loads[-1] < RUNT_PAGE * theme.page.frame_height * index.count:
        tight = _index_columns(
            ctx,
            book,
            key_of,
            pages,
            ParagraphStyle("index_entry_tight", parent=entry, leading=entry.leading * 0.93),
            ParagraphStyle(
                "index_letter_tight",
                parent=letter,
                leading=letter.leading * 0.9,
                spaceBefore=letter.spaceBefore * 0.4,
            ),
        )
        if len(tight.page_loads(width, first_height, theme.page.frame_height)) < len(loads):
            index = tight
    return [index]


def _index_columns(
    ctx: Context,
    book: Book,
    key_of: Mapping[str, str],
    pages: Mapping[str, int],
    entry_style: ParagraphStyle,
    letter_style: ParagraphStyle,
) -> FlowColumns:
    terms = index_terms(book)
    link = ctx.theme.colours["accent"].hexval().replace("0x", "#")
    units: list[list[Flowable]] = []
    letter = ""
    for name, slugs in terms.items():
        initial = _sort_key(name)[0][:1].upper() or "#"
        numbers = sorted({pages[key_of[s]] for s in slugs if key_of.get(s) in pages})
        refs = ", ".join(
            f'<a href="#{_key_for(key_of, pages, slugs, first)}" color="{link}">'
            f"{first if first == last else f'{first}–{last}'}</a>"
            for first, last in page_ranges(numbers)
        )
        entry = paragraph(f"{ctx.esc.text(name)}  {refs}", entry_style)
        if initial != letter:
            letter = initial
            head = paragraph(ctx.esc.text(letter, letter_style.fontName), letter_style)
            units.append([head, entry])  # a letter head stays with its first entry
        else:
            units.append([entry])
    return FlowColumns(units, 2, ctx.theme.s(22))


def page_ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """``[3, 4, 5, 9]`` → ``[(3, 5), (9, 9)]``: runs of three or more pages become ranges."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    out: list[tuple[int, int]] = []
    for run in runs:
        if len(run) >= 3:
            out.append((run[0], run[-1]))
        else:
            out.extend((n, n) for n in run)
    return out


def _key_for(key_of: Mapping[str, str], pages: Mapping[str, int], slugs: list[str], n: int) -> str:
    for slug in slugs:
        key = key_of.get(slug)
        if key and pages.get(key) == n:
            return key
    return ""
