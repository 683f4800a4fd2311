"""What every layout function needs for one build: theme, escaper, units and photos."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from ..errors import BuildError
from ..images import ImageProblem, resolve_image
from .escape import Escaper
from .imaging import ImageJob, PhotoPreparer
from .ornament import Photo, Placeholder, Tracked
from .theme import Theme
from .typography import smarten


class BookParagraph(Paragraph):
    """A Paragraph that remembers its line breaks for a width: recipes are measured before
    layout, and containers wrap their children again when drawing."""

    _wrapped_for: float | None = None

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if self._wrapped_for == aW and "blPara" in self.__dict__:
            return (self.width, self.height)
        size = super().wrap(aW, aH)
        self._wrapped_for = aW
        return size


class WholeParagraph(BookParagraph):
    """A paragraph that is not split across pages (a step, an ingredient, a note), unless
    it is taller than a whole page."""

    def split(self, aW: float, aH: float) -> list:
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return super().split(aW, aH)  # already at the top of a page: it must split
        return []


_FRAG_TEMPLATES: dict[int, tuple[ParagraphStyle, ParaFrag]] = {}


def paragraph(
    markup: str, style: ParagraphStyle, bullet: str | None = None, *, whole: bool = False
) -> Paragraph:
    """A paragraph of ``markup``. Plain text (no tags, no entities) skips ReportLab's
    markup parser, which costs more than the layout of most paragraphs."""
    kind = WholeParagraph if whole else BookParagraph
    if "<" in markup or "&" in markup or not markup.strip():
        return kind(markup, style, bulletText=bullet)
    cached = _FRAG_TEMPLATES.get(id(style))
    if cached is None or cached[0] is not style:
        frag = ParaParser().parse("x", style)[1][0]
        cached = _FRAG_TEMPLATES[id(style)] = (style, frag)
    frag = cached[1].clone(text=" ".join(markup.split()))
    return kind(markup, style, bulletText=bullet, frags=[frag])


@dataclass(frozen=True)
class Context:
    theme: Theme
    esc: Escaper
    units: str  # us | metric | both
    images: frozenset[str] = frozenset()  # names of pictures that exist (validated)
    chapter_index: Mapping[str, int] = field(default_factory=dict)  # chapter id → 0, 1, …
    #: a canvas that is never saved, for measuring flowables before layout
    scratch: Canvas = field(default_factory=lambda: Canvas(io.BytesIO()))
    images_dir: Path | None = None
    #: prepares each photo at the size the layout asks for, in the background
    preparer: PhotoPreparer | None = None

    def para(
        self, text: str, style: str, *, bullet: str | None = None, whole: bool = False
    ) -> Paragraph:
        """A paragraph of plain (author) text, escaped; ``whole``: never split."""
        st = self.theme.style(style)
        return paragraph(self.esc.text(text, st.fontName), st, bullet, whole=whole)

    def markup(self, markup: str, style: str) -> Paragraph:
        """A paragraph of markup built by the typesetter (its text parts already escaped)."""
        return paragraph(markup, self.theme.style(style))

    def label(self, text: str, style: str = "label", *, align: str | None = None) -> Tracked:
        st = self.theme.style(style)
        return Tracked(
            smarten(text),
            st.fontName,
            st.fontSize,
            st.textColor,
            self.theme.tracking.get(style, 0.0),
            align=align or {0: "left", 1: "center", 2: "right"}.get(st.alignment, "left"),
            space_before=st.spaceBefore,
            space_after=st.spaceAfter,
        )

    def picture(
        self,
        image: str | None,
        width: float,
        height: float,
        *,
        chapter: str,
        seed: str,
    ) -> Flowable:
        """Photo ``image`` prepared for this size, or art in the chapter's colours."""
        if image and image in self.images and self.preparer and self.images_dir:
            try:
                source = resolve_image(self.images_dir, image)
            except ImageProblem as problem:
                raise BuildError(f"images/{image}: {problem.message}") from None
            job = ImageJob(source, round(width, 1), round(height, 1), f"images/{image}")
            return Photo(self.preparer.request(job), job.width, job.height, self.preparer)
        background, motif = self.theme.tint(self.chapter_index.get(chapter, 0))
        return Placeholder(width, height, background, motif, seed)
