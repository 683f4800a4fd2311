"""The book's bundled fonts: registered once with ReportLab, embedded in every PDF.

Text is set in Gentium Book Plus (SIL, OFL): a book face with lining figures — so
"1 tbsp" never reads as "I tbsp" — and full Latin, Greek and Cyrillic, fractions (⅓, ⅛)
and ≈, →, ≤. Headings are set in Noto Serif Display (Google, OFL): a high-contrast
display serif with the same coverage. Both licences are in ``fonts/``.

Other stages use :func:`register_fonts` and the names on :class:`FontSet`; a character
that a font lacks is set in another bundled font that has it (:meth:`FontSet.font_for`),
and one that no bundled font has is reported (:meth:`FontSet.missing`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "fonts"

#: ReportLab font name → file in ``fonts/``.
FILES = {
    "GentiumBookPlus": "GentiumBookPlus-Regular.ttf",
    "GentiumBookPlus-Italic": "GentiumBookPlus-Italic.ttf",
    "GentiumBookPlus-Bold": "GentiumBookPlus-Bold.ttf",
    "GentiumBookPlus-BoldItalic": "GentiumBookPlus-BoldItalic.ttf",
    "NotoSerifDisplay": "NotoSerifDisplay-Regular.ttf",
    "NotoSerifDisplay-Italic": "NotoSerifDisplay-Italic.ttf",
}

#: Characters that never need a glyph (controls, line breaks).
_INVISIBLE = frozenset("\n\r\t\u00ad\u200b\u200c\u200d\ufeff")


@dataclass(frozen=True, slots=True)
class FontSet:
    """Registered, embedded TrueType font names for each role in the book."""

    body: str
    body_italic: str
    body_bold: str
    body_bold_italic: str
    heading: str
    heading_italic: str

    @property
    def all(self) -> tuple[str, ...]:
        return (
            self.body,
            self.body_italic,
            self.body_bold,
            self.body_bold_italic,
            self.heading,
            self.heading_italic,
        )

    def has_glyph(self, font: str, char: str) -> bool:
        """Whether ``font`` (one of this set's names) draws ``char``."""
        return char in _INVISIBLE or ord(char) in _charmap(font)

    def font_for(self, font: str, char: str) -> str | None:
        """The font that should draw ``char`` when the text is in ``font``.

        ``font`` itself when it has the glyph, else the first other bundled font of a
        similar style that has it, else None (no bundled font has it).
        """
        if self.has_glyph(font, char):
            return font
        for other in self._fallbacks(font):
            if self.has_glyph(other, char):
                return other
        return None

    def missing(self, text: str, font: str | None = None) -> set[str]:
        """Characters of ``text`` that no bundled font can draw (they would be boxes)."""
        font = font or self.body
        return {c for c in set(text) if self.font_for(font, c) is None}

    def _fallbacks(self, font: str) -> tuple[str, ...]:
        italic = "Italic" in font
        bold = "Bold" in font
        same_style = [
            f for f in self.all if f != font and ("Italic" in f) == italic and ("Bold" in f) == bold
        ]
        rest = [f for f in self.all if f != font and f not in same_style]
        return (*same_style, *rest)


@functools.cache
def _charmap(font: str) -> frozenset[int]:
    face = pdfmetrics.getFont(font).face  # type: ignore[attr-defined]
    return frozenset(face.charToGlyph)


@functools.cache
def register_fonts() -> FontSet:
    """Register the bundled fonts with ReportLab (once per process) and name their roles."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in FILES.items():
        if name not in registered:  # (getFont() would search the disk for Type 1 fonts)
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        "GentiumBookPlus",
        normal="GentiumBookPlus",
        italic="GentiumBookPlus-Italic",
        bold="GentiumBookPlus-Bold",
        boldItalic="GentiumBookPlus-BoldItalic",
    )
    pdfmetrics.registerFontFamily(
        "NotoSerifDisplay",
        normal="NotoSerifDisplay",
        italic="NotoSerifDisplay-Italic",
        bold="GentiumBookPlus-Bold",
        boldItalic="GentiumBookPlus-BoldItalic",
    )
    return FontSet(
        body="GentiumBookPlus",
        body_italic="GentiumBookPlus-Italic",
        body_bold="GentiumBookPlus-Bold",
        body_bold_italic="GentiumBookPlus-BoldItalic",
        heading="NotoSerifDisplay",
        heading_italic="NotoSerifDisplay-Italic",
    )
