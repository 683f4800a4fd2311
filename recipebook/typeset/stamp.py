"""Glyphs for the personalisation stamp: the book's fonts, subset once, for `distribute`.

`recipebook distribute` writes a subscriber's name on every page of an already-built book.
Rather than typesetting each copy, it appends a few text operators to the book's bytes
(see ``recipebook.distribute.stamp``). Those operators need embedded fonts that can draw
any name, so this module asks ReportLab for a tiny PDF that draws a fixed repertoire of
characters (Latin, Greek, Cyrillic, common punctuation) in one font role; ReportLab embeds
the subset with its widths and a ToUnicode map, and the stamper copies those font objects
into the book once per run.

The repertoire is fixed, not taken from the subscriber list, so one copy never reveals
which letters other subscribers' names contain, and the same subscriber always gets the
same bytes.
"""

from __future__ import annotations

import functools
import io

from reportlab.pdfgen.canvas import Canvas

from .fonts import register_fonts

#: Unicode ranges the stamp can draw (when the font has the glyph).
REPERTOIRE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 supplement, Latin extended-A
    (0x0218, 0x021B),  # Romanian comma-below letters
    (0x0370, 0x03FF),  # Greek
    (0x1F00, 0x1FFF),  # Greek extended (polytonic)
    (0x0400, 0x04FF),  # Cyrillic
    (0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis, middle dot's neighbours
)

#: Font roles (names on ``FontSet``) the stamp uses: the line on every page, the dedication.
ROLES = ("body", "body_italic")


def repertoire(font: str) -> str:
    """Every character of :data:`REPERTOIRE_RANGES` that ``font`` can draw."""
    fonts = register_fonts()
    return "".join(
        chr(code)
        for low, high in REPERTOIRE_RANGES
        for code in range(low, high + 1)
        if fonts.has_glyph(font, chr(code))
    )


@functools.cache
def glyph_carrier(role: str) -> bytes:
    """A one-page PDF that draws the whole repertoire in the font of ``role``.

    Its fonts (ReportLab subsets of up to 256 characters each, with /Widths and a
    /ToUnicode map) are what the stamper copies into the book.
    """
    font = getattr(register_fonts(), role)
    text = repertoire(font)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True, pageCompression=1)
    canvas.setFont(font, 8)
    for row, start in enumerate(range(0, len(text), 64)):
        canvas.drawString(10, 800 - 10 * row, text[start : start + 64])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
