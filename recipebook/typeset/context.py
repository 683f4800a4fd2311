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

PhotoKey = tuple[str, float, float]


class WholeParagraph(Paragraph):
    """A paragraph that is never split across pages (a step, an ingredient, a note)."""

    def split(self, aW: float, aH: float) -> list:
        return []


@dataclass(frozen=True)
class Context:
    theme: Theme
    esc: Escaper
    units: str  # us | metric | both
    images: frozenset[str] = frozenset()  # names of pictures that exist (validated)
    chapter_index: Mapping[str, int] = field(default_factory=dict)  # chapter id → 0, 1, …
    #: a canvas that is never saved, for measuring flowables before layout
    scratch: Canvas = field(default_factory=lambda: Canvas(io.BytesIO()))
    #: pictures the layout asked for, (name, width, height) → print-ready JPEG; filled in
    #: (by preparing them) after the story is made and before it is laid out
    photos: dict[PhotoKey, Path | None] = field(default_factory=dict)

    def para(
        self, text: str, style: str, *, bullet: str | None = None, whole: bool = False
    ) -> Paragraph:
        """A paragraph of plain (author) text, escaped; ``whole``: never split."""
        st = self.theme.style(style)
        kind = WholeParagraph if whole else Paragraph
        return kind(self.esc.text(text, st.fontName), st, bulletText=bullet)

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
    ) -> Flowable:
        """Photo ``image`` at this size (prepared later), or art in the chapter's colours."""
        if image and image in self.images:
            key = (image, round(width, 1), round(height, 1))
            self.photos.setdefault(key, None)
            return Photo(self.photos, key)
        background, motif = self.theme.tint(self.chapter_index.get(chapter, 0))
        return Placeholder(width, height, background, motif, seed)
