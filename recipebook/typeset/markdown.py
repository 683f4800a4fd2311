"""Markdown chapters (intro, front matter, about) as flowables, via markdown-it-py.

Headings, paragraphs, emphasis, bullet and numbered lists (nested), block quotes (set as a
tinted box), links (http, https and mailto only; anything else prints as plain text),
rules and code. All text is escaped; no raw HTML is passed through.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from reportlab.platypus import CondPageBreak, Paragraph
from reportlab.platypus.flowables import Flowable

from .boxes import Box
from .context import Context, paragraph
from .ornament import Divider

_PARSER = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
    ["replacements", "smartquotes"]
)
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_HEADING_STYLES = {1: "h1", 2: "h2", 3: "h3"}


@dataclass(frozen=True)
class MarkdownChapter:
    title: str | None  # the first level-1 heading, if the text starts with one
    flowables: list[Flowable]


def parse_markdown(ctx: Context, text: str) -> MarkdownChapter:
    """Markdown ``text`` as flowables; a leading ``# Title`` becomes the chapter title."""
    root = SyntaxTreeNode(_PARSER.parse(text))
    children = list(root.children)
    title = None
    if children and children[0].type == "heading" and children[0].tag == "h1":
        title = _plain(children.pop(0))
    renderer = _Renderer(ctx)
    flowables: list[Flowable] = []
    for node in children:
        flowables.extend(renderer.block(node, "body", depth=0))
    rooms = {id(f.heading): f for f in flowables if isinstance(f, HeadingRoom)}
    for index, flowable in enumerate(flowables):
        if isinstance(flowable, HeadingRoom):  # what follows: sub-headings, then text
            following = [f for f in flowables[index + 2 :] if not isinstance(f, HeadingRoom)]
            count = next((i for i, f in enumerate(following) if id(f) not in rooms), len(following))
            flowable.following = following[: count + 1]
    return MarkdownChapter(title, flowables)


class HeadingRoom(CondPageBreak):
    """Placed before a heading: a new page unless the heading and the first lines of what
    follows it fit on this one (measured, so a one-line heading needs less than two)."""

    def __init__(self, heading: Flowable, leading: float, lines: int = 3) -> None:
        super().__init__(0)
        self.heading, self.leading, self.lines = heading, leading, lines
        #: sub-headings right after this one (kept with it whole), then the first text
        self.following: list[Flowable] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        previous = self.heading
        need = previous.getSpaceBefore() + previous.wrap(availWidth, availHeight)[1]
        for index, flowable in enumerate(self.following):
            _, height = flowable.wrap(availWidth, availHeight)
            if index == len(self.following) - 1:  # the text: its first few lines
                leading = getattr(getattr(flowable, "style", None), "leading", self.leading)
                height = min(height, leading * self.lines)
            need += max(previous.getSpaceAfter(), flowable.getSpaceBefore()) + height
            previous = flowable
        self.height = need
        return super().wrap(availWidth, availHeight)


def _plain(node: SyntaxTreeNode) -> str:
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain(child) for child in node.children)


class _Renderer:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.theme = ctx.theme

    def block(self, node: SyntaxTreeNode, style: str, depth: int) -> list[Flowable]:
        kind = node.type
        if kind == "heading":
            level = min(int(node.tag[1:]), 3)
            name = _HEADING_STYLES[max(level, 2)]
            heading = self._paragraph(node.children[0] if node.children else None, name)
            return [HeadingRoom(heading, self.theme.style("body").leading), heading]
        if kind == "paragraph":
            return [self._paragraph(node.children[0] if node.children else None, style)]
        if kind in ("bullet_list", "ordered_list"):
            items = self._list(node, depth)
            if depth == 0 and items:
                # the list ends with a paragraph's space, and never with one item alone
                body = self.theme.style("body").spaceAfter
                items[-1].spaceAfter = max(items[-1].getSpaceAfter(), body)
                if len(items) > 1:
                    items[-2].keepWithNext = 1
            return items
        if kind == "blockquote":
            return [self._quote(node, depth)]
        if kind == "hr":
            return [Divider(self.theme.s(120), self.theme.colours["sage"], self.theme.s(8))]
        if kind in ("fence", "code_block"):
            return [self.ctx.para(node.content.rstrip(), "small")]
        return [f for child in node.children for f in self.block(child, style, depth)]

    def _paragraph(
        self, inline: SyntaxTreeNode | None, style: str, bullet: str | None = None
    ) -> Paragraph:
        st = self.theme.style(style)
        markup = self._inline(inline, st.fontName) if inline is not None else ""
        return paragraph(markup, st, bullet)

    def _list(self, node: SyntaxTreeNode, depth: int) -> list[Flowable]:
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1) or 1) if ordered else 1
        style_name = "numbered" if ordered else "bullet"
        base = self.theme.style(style_name)
        from reportlab.lib.styles import ParagraphStyle

        style = ParagraphStyle(
            f"{style_name}{depth}",
            parent=base,
            leftIndent=base.leftIndent * (depth + 1),
            bulletIndent=base.bulletIndent + base.leftIndent * depth,
        )
        self.theme.styles.setdefault(style.name, style)
        out: list[Flowable] = []
        for number, item in enumerate(node.children, start):
            bullet = f"{number}." if ordered else ("•" if depth % 2 == 0 else "–")
            first = True
            for child in item.children:
                if child.type == "paragraph" and first:
                    inline = child.children[0] if child.children else None
                    out.append(self._paragraph(inline, style.name, bullet))
                    first = False
                elif child.type in ("bullet_list", "ordered_list"):
                    out.extend(self._list(child, depth + 1))
                else:
                    out.extend(self.block(child, style.name, depth + 1))
        return out

    def _quote(self, node: SyntaxTreeNode, depth: int) -> Flowable:
        inner: list[Flowable] = []
        for child in node.children:
            inner.extend(self.block(child, "quote", depth))
        theme = self.theme
        box = Box(inner, theme.colours["cream"], theme.colours["sage"], theme.s(10), rule_width=2)
        box.spaceBefore = theme.s(6)
        box.spaceAfter = theme.s(10)
        return box

    def _inline(self, node: SyntaxTreeNode, font: str) -> str:
        fonts = self.theme.fonts
        italic = font in (fonts.body_italic, fonts.body_bold_italic, fonts.heading_italic)
        bold = font in (fonts.body_bold, fonts.body_bold_italic)
        heading = font in (fonts.heading, fonts.heading_italic)
        return self._render(node, italic=italic, bold=bold, heading=heading)

    def _font(self, *, italic: bool, bold: bool, heading: bool) -> str:
        fonts = self.theme.fonts
        if heading and not bold:
            return fonts.heading_italic if italic else fonts.heading
        if bold:
            return fonts.body_bold_italic if italic else fonts.body_bold
        return fonts.body_italic if italic else fonts.body

    def _render(self, node: SyntaxTreeNode, *, italic: bool, bold: bool, heading: bool) -> str:
        kind = node.type
        if kind in ("text", "code_inline"):
            return self.ctx.esc.text(
                node.content,
                self._font(italic=italic, bold=bold, heading=heading),
                smart=kind == "text",
            )
        if kind == "softbreak":
            return " "
        if kind == "hardbreak":
            return "<br/>"
        if kind == "em":
            inner = self._children(node, italic=True, bold=bold, heading=heading)
            return f"<i>{inner}</i>"
        if kind == "strong":
            inner = self._children(node, italic=italic, bold=True, heading=heading)
            return f"<b>{inner}</b>"
        if kind == "link":
            inner = self._children(node, italic=italic, bold=bold, heading=heading)
            href = str(node.attrs.get("href", ""))
            if not href.lower().startswith(_SAFE_SCHEMES):
                return inner
            colour = self.theme.colours["link"].hexval().replace("0x", "#")
            safe = xml_escape(href, {'"': "%22"})  # an attribute: no font runs, no smartening
            return f'<a href="{safe}" color="{colour}"><u>{inner}</u></a>'
        if kind == "image":
            return self.ctx.esc.text(str(node.attrs.get("alt", "")) or "")
        return self._children(node, italic=italic, bold=bold, heading=heading)

    def _children(self, node: SyntaxTreeNode, **state: bool) -> str:
        return "".join(self._render(child, **state) for child in node.children)
