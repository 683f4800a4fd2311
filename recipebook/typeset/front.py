"""Front of the book: cover, copyright and disclaimer page, contents, chapter openers."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from .. import __version__
from ..config import BookConfig
from .context import Context
from .document import draw_page_ref
from .ornament import Divider, draw_botanical

NUMBER_WORDS = [
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
    "Twenty",
]
PAGE_SIZE_NAMES = {"letter": "US Letter", "a4": "A4", "a5": "A5", "6x9in": "6 × 9 in"}
UNITS_NAMES = {
    "us": "US measures (metric where authored)",
    "metric": "metric measures (US where authored)",
    "both": "US and metric measures",
}


class Cover(Flowable):
    """The whole cover page: photo (or generated art) above, title block below."""

    def __init__(self, ctx: Context, config: BookConfig) -> None:
        super().__init__()
        self.ctx, self.config = ctx, config
        page = ctx.theme.page
        self.width, self.height = page.width, page.height
        self.art_h = round(page.height * 0.56, 1)
        self.picture = ctx.picture(
            config.cover_image, page.width, self.art_h, chapter="", seed="cover"
        )

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        ctx, canv, theme = self.ctx, self.canv, self.ctx.theme
        page = theme.page
        art_h = self.art_h
        canv.setFillColor(theme.colours["cream"])
        canv.rect(0, 0, page.width, page.height, stroke=0, fill=1)
        art_y = page.height - art_h
        picture = self.picture
        picture.wrapOn(canv, page.width, art_h)
        picture.drawOn(canv, 0, art_y)
        canv.setStrokeColor(theme.colours["accent"])
        canv.setLineWidth(0.6)
        canv.line(0, art_y, page.width, art_y)
        width = page.width - 2 * page.margin_x * 1.4
        x = (page.width - width) / 2
        y = art_y - theme.s(44)
        items: list[Flowable] = [ctx.para(self.config.title, "cover_title")]
        if self.config.subtitle:
            items.append(ctx.para(self.config.subtitle, "cover_subtitle"))
        items.append(Divider(theme.s(150), theme.colours["accent"], theme.s(10)))
        items.append(ctx.label(self.config.author, "cover_author"))
        for item in items:
            _, h = item.wrap(width, page.height)
            y -= h + (item.getSpaceBefore() if item is not items[0] else 0)
            item.drawOn(canv, x, y)
            y -= item.getSpaceAfter()
        edition = f"Edition {self.config.edition}"
        canv.setFont(theme.fonts.body_italic, theme.s(10))
        canv.setFillColor(theme.colours["muted"])
        canv.drawCentredString(page.width / 2, page.margin_bottom * 0.8, edition)


def copyright_page(ctx: Context, config: BookConfig, recipe_count: int) -> list[Flowable]:
    """Disclaimer, edition and build details, set low on the page."""
    esc = ctx.esc
    author = esc.text(config.author)
    notes = [
        "This book shares recipes for relaxing at home. It is <b>not medical advice</b>: it "
        "does not diagnose, treat or cure any condition, and it never replaces care from a "
        "physician, massage therapist or other qualified professional.",
        "Essential oils are potent plant extracts. Use them only diluted as each recipe "
        "describes, keep them away from the eyes and out of reach of children and pets, and "
        "never swallow them.",
        "<b>Patch test</b> every new product: rub a little on the inner forearm and wait 24 "
        "hours. Stop using anything that stings, itches or reddens the skin.",
        "<b>Consult a physician</b> before using these recipes if you are pregnant or "
        "nursing, are making them for a child, or are managing a medical condition or taking "
        "medication.",
        "The author and publisher have taken care over every recipe but accept no liability "
        "for any reaction, loss or injury arising from their use.",
    ]
    details = [
        f"<b>{esc.text(config.title)}</b>",
        f"Edition {esc.text(config.edition)}. © {author}. All rights reserved.",
        f"{recipe_count} recipes; {PAGE_SIZE_NAMES[ctx.theme.page.name]} pages; quantities "
        f"in {UNITS_NAMES[ctx.units]}.",
        f"Set in Gentium Book Plus and Noto Serif Display. Typeset with recipebook {__version__}.",
    ]
    story: list[Flowable] = [ctx.para("A note before you begin", "legal_title")]
    story += [ctx.markup(text, "legal") for text in notes]
    story.append(Divider(ctx.theme.s(90), ctx.theme.colours["sage"], ctx.theme.s(10)))
    story += [ctx.markup(text, "legal") for text in details]
    width = ctx.theme.page.frame_width
    used = sum(f.wrap(width, 10_000)[1] + f.getSpaceAfter() for f in story)
    room = ctx.theme.page.frame_height - used - 4
    return [Spacer(0, max(0.0, room)), *story]


@dataclass(frozen=True)
class TocItem:
    key: str
    title: str
    style: str  # toc_chapter | toc_entry


class TocLine(Flowable):
    """One contents line: title (wrapping if long), dot leader, linked page number."""

    def __init__(self, ctx: Context, item: TocItem) -> None:
        super().__init__()
        self.ctx, self.item = ctx, item
        style = ctx.theme.style(item.style)
        self.style = style
        page_size = ctx.theme.style("toc_page").fontSize
        self.number_w = stringWidth("0000", ctx.theme.fonts.body, page_size)
        self.para = Paragraph(ctx.esc.text(item.title, style.fontName), style)
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        _, self.height = self.para.wrap(aW - self.number_w - 12, aH)
        return (aW, self.height)

    def draw(self) -> None:
        canv, theme, style = self.canv, self.ctx.theme, self.style
        para = self.para
        para.drawOn(canv, 0, 0)
        lines = para.blPara.lines
        last = lines[-1]
        extra = last.extraSpace if hasattr(last, "extraSpace") else last[0]
        indent = style.leftIndent + (style.firstLineIndent if len(lines) == 1 else 0)
        text_w = para.width - style.leftIndent - style.rightIndent - extra
        baseline = self.height - style.fontSize - style.leading * (len(lines) - 1)
        start = indent + text_w + style.fontSize * 0.6
        end = self.width - self.number_w * 0.8 - 4
        if end > start:
            canv.saveState()
            canv.setStrokeColor(theme.colours["sage"])
            canv.setLineWidth(0.7)
            canv.setDash(0.6, 3.2)
            canv.setLineCap(1)
            canv.line(start, baseline + 1, end, baseline + 1)
            canv.restoreState()
        size = theme.style("toc_page").fontSize
        chapter = self.item.style == "toc_chapter"
        colour = theme.colours["accent"] if chapter else theme.colours["ink"]
        draw_page_ref(canv, self.item.key, self.width, baseline, size, colour)
        canv.linkRect("", self.item.key, (0, 0, self.width, self.height), relative=1, thickness=0)


def contents(ctx: Context, items: list[TocItem]) -> list[Flowable]:
    story: list[Flowable] = [ctx.para("Contents", "h1")]
    story += [TocLine(ctx, item) for item in items]
    return story


class Panel(Flowable):
    """Full-bleed generated art across the top of an opening page (drawn past the margins)."""

    def __init__(self, ctx: Context, height: float, tint: int, seed: str) -> None:
        super().__init__()
        self.ctx, self.panel_h, self.tint, self.seed = ctx, height, tint, seed

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        return (aW, self.panel_h)

    def draw(self) -> None:
        page = self.ctx.theme.page
        background, motif = self.ctx.theme.tint(self.tint)
        top = self.panel_h + page.margin_top
        draw_botanical(self.canv, -page.margin_x, 0, page.width, top, background, motif, self.seed)


def chapter_opener(
    ctx: Context, number: int, title: str, intro: str | None, recipes: list[TocItem], tint: int
) -> list[Flowable]:
    theme = ctx.theme
    page = theme.page
    word = NUMBER_WORDS[number - 1] if number <= len(NUMBER_WORDS) else str(number)
    story: list[Flowable] = [
        Panel(ctx, page.height * 0.26, tint, seed=title),
        Spacer(0, theme.s(26)),
        ctx.label(f"Chapter {word}", "chapter_number"),
        ctx.para(title, "chapter_title"),
    ]
    if intro:
        story.append(ctx.para(intro, "chapter_intro"))
    if recipes:
        story.append(ctx.label("In this chapter", "label"))
        story += [TocLine(ctx, item) for item in recipes]
    return story


def section_opener(ctx: Context, title: str, tint: int) -> list[Flowable]:
    """The head of a Markdown chapter (introduction, how to use, about)."""
    theme = ctx.theme
    return [
        Panel(ctx, theme.page.height * 0.14, tint, seed=title),
        Spacer(0, theme.s(22)),
        ctx.para(title, "chapter_title"),
    ]
