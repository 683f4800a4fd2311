"""What every layout function needs for one build: theme, escaper, units and photos."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from .escape import Escaper
from .ornament import Photo, Placeholder, Tracked
from .theme import Theme


@dataclass(frozen=True)
class Context:
    theme: Theme
    esc: Escaper
    units: str  # us | metric | both
    photos: Mapping[str, Path] = field(default_factory=dict)  # image name → print-ready JPEG
    chapter_index: Mapping[str, int] = field(default_factory=dict)  # chapter id → 0, 1, …
    #: a canvas that is never saved, for measuring flowables before layout
    scratch: Canvas = field(default_factory=lambda: Canvas(io.BytesIO()))

    def para(self, text: str, style: str, *, bullet: str | None = None) -> Paragraph:
        """A paragraph of plain (author) text, escaped."""
        st = self.theme.style(style)
        return Paragraph(self.esc.text(text, st.fontName), st, bulletText=bullet)

    def markup(self, markup: str, style: str) -> Paragraph:
        """A paragraph of markup built by the typesetter (its text parts already escaped)."""
        return Paragraph(markup, self.theme.style(style))

    def label(self, text: str, style: str = "label", *, align: str | None = None) -> Tracked:
        st = self.theme.style(style)
        return Tracked(
            text,
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
        image_height: float | None = None,
    ) -> Flowable:
        """The prepared photo ``image``, or generated art in the chapter's colours."""
        if image and image in self.photos:
            return Photo(str(self.photos[image]), width, height, image_height)
        background, motif = self.theme.tint(self.chapter_index.get(chapter, 0))
        return Placeholder(width, height, background, motif, seed)
