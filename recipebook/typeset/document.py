"""The document: page templates, page furniture, bookmarks and forward page references.

The book is laid out in a single pass. Every place that must print the page number of
something further on (the contents, a chapter's recipe list) draws a named PDF form that
is filled in when that something is placed (:class:`Marker`, handled in
:meth:`BookDocTemplate.afterFlowable`), so the contents never needs a second layout pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.flowables import Flowable

from .escape import Escaper
from .theme import Theme
from .typography import smarten

#: Page number forms are drawn at this size and scaled where they are used.
FORM_SIZE = 10.0


@dataclass(frozen=True, slots=True)
class Entry:
    """Something with a page: a section, a chapter or a recipe."""

    key: str  # PDF destination name and form suffix
    title: str
    level: int  # outline level: 0 section/chapter, 1 recipe
    head: str | None = None  # running head from here on (None: keep the current one)
    recipe: bool = False


class Marker(Flowable):
    """Zero-size flowable placed where an :class:`Entry` begins (top of its first page)."""

    _ZEROSIZE = 1

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass


def page_ref_name(key: str) -> str:
    return f"pn-{key}"


def draw_page_ref(canv: Canvas, key: str, x: float, y: float, size: float, colour: Color) -> None:
    """Draw the (possibly not yet known) page number of ``key`` right-aligned at x, y."""
    canv.saveState()
    canv.setFillColor(colour)
    canv.translate(x, y)
    canv.scale(size / FORM_SIZE, size / FORM_SIZE)
    canv.doForm(page_ref_name(key))
    canv.restoreState()


@dataclass
class _PageState:
    head: str = ""
    recipe: str | None = None
    recipe_page: int = 0
    opening_page: int = 0  # where the last section or chapter began (no running head there)
    pages: dict[str, int] = field(default_factory=dict)


class BookDocTemplate(BaseDocTemplate):
    """A BaseDocTemplate with the book's page templates and its cross-references."""

    def __init__(
        self,
        filename: str,
        theme: Theme,
        escaper: Escaper,
        *,
        book_title: str,
        on_marker: Callable[[Entry, int], None] | None = None,
        first_template: str = "cover",
        **kw: object,
    ) -> None:
        self.theme = theme
        self.escaper = escaper
        self.book_title = smarten(book_title)
        self.on_marker = on_marker
        self.state = _PageState()
        page = theme.page
        super().__init__(
            filename,
            pagesize=page.size,
            leftMargin=page.margin_x,
            rightMargin=page.margin_x,
            topMargin=page.margin_top,
            bottomMargin=page.margin_bottom,
            invariant=1,
            initialFontName=theme.fonts.body,  # so no page names the unembedded Helvetica
            **kw,
        )
        templates = self._templates()
        templates.sort(key=lambda t: t.id != first_template)
        self.addPageTemplates(templates)

    # -- page templates -------------------------------------------------------------------

    def _templates(self) -> list[PageTemplate]:
        page = self.theme.page
        full = Frame(0, 0, page.width, page.height, 0, 0, 0, 0, id="full")

        def body_frame(name: str, top_drop: float = 0.0) -> Frame:
            return Frame(
                page.margin_x,
                page.margin_bottom,
                page.frame_width,
                page.frame_height - top_drop,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=name,
            )

        return [
            PageTemplate("cover", [full], pagesize=page.size),
            PageTemplate("bare", [body_frame("bare")]),
            PageTemplate("plain", [body_frame("plain")], onPageEnd=self._folio_only),
            PageTemplate("front", [body_frame("front")], onPageEnd=self._furniture),
            PageTemplate("opener", [body_frame("opener")], onPageEnd=self._folio_only),
            PageTemplate("body", [body_frame("body")], onPageEnd=self._furniture),
        ]

    def beforeDocument(self) -> None:
        self.canv.showOutline()  # readers open the book with its bookmarks showing

    def _folio_only(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        page = self.theme.page
        furniture = self.theme.furniture
        y = page.margin_bottom - furniture["foot_offset"]
        canv.saveState()
        canv.setFillColor(self.theme.colours["muted"])
        canv.setFont(self.theme.fonts.body, furniture["folio_size"])
        canv.drawCentredString(page.width / 2, y, str(canv.getPageNumber()))
        canv.restoreState()

    def _furniture(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Running head (section, or "Recipe, continued") and footer (title, folio). A page
        that opens a section (Contents, Dilution Chart…) has its title in large type
        already, so it has no running head."""
        theme, page, furniture = self.theme, self.theme.page, self.theme.furniture
        number = canv.getPageNumber()
        state = self.state
        head = "" if state.opening_page == number else state.head
        if state.recipe and state.recipe_page != number:
            head = f"{state.recipe}, continued"
        canv.saveState()
        colours = theme.colours
        head_y = page.height - page.margin_top + furniture["head_offset"]
        if head:
            canv.setFont(theme.font(furniture["head_font"]), furniture["head_size"])
            canv.setFillColor(colours["muted"])
            canv.drawCentredString(page.width / 2, head_y, self.escaper.check(head))
            canv.setStrokeColor(colours["sage"])
            canv.setLineWidth(0.4)
            rule_y = head_y - theme.s(7)
            canv.line(page.margin_x, rule_y, page.width - page.margin_x, rule_y)
        foot_y = page.margin_bottom - furniture["foot_offset"]
        recto = number % 2 == 1
        outer = page.width - page.margin_x if recto else page.margin_x
        inner = page.margin_x if recto else page.width - page.margin_x
        canv.setFillColor(colours["accent"])
        canv.setFont(theme.fonts.body, furniture["folio_size"])
        draw = canv.drawRightString if recto else canv.drawString
        draw(outer, foot_y, str(number))
        canv.setFillColor(colours["muted"])
        canv.setFont(theme.fonts.body_italic, furniture["foot_size"])
        title = _fit_text(
            self.book_title, theme.fonts.body_italic, furniture["foot_size"], page.frame_width * 0.7
        )
        (canv.drawString if recto else canv.drawRightString)(
            inner, foot_y, self.escaper.check(title)
        )
        canv.restoreState()

    # -- cross-references -----------------------------------------------------------------

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Marker):
            return
        entry = flowable.entry
        canv = self.canv
        number = canv.getPageNumber()
        state = self.state
        title = smarten(entry.title)
        if entry.head is not None:
            state.head = smarten(entry.head)
        if entry.recipe:
            state.recipe, state.recipe_page = title, number
        else:
            state.recipe = None
        if entry.level == 0:
            state.opening_page = number
        elif entry.recipe:
            state.opening_page = 0  # a recipe page has its running head
        state.pages[entry.key] = number
        canv.bookmarkPage(entry.key)
        canv.addOutlineEntry(title, entry.key, level=entry.level, closed=entry.level == 0)
        self._define_page_ref(entry.key, number)
        if self.on_marker:
            self.on_marker(entry, number)

    def _define_page_ref(self, key: str, number: int) -> None:
        canv = self.canv
        text = str(number)
        width = stringWidth(text, self.theme.fonts.body, FORM_SIZE)
        canv.beginForm(page_ref_name(key), -4 * FORM_SIZE, -FORM_SIZE, FORM_SIZE, 2 * FORM_SIZE)
        canv.setFont(self.theme.fonts.body, FORM_SIZE)
        canv.drawString(-width, 0, text)
        canv.endForm()


def _fit_text(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
