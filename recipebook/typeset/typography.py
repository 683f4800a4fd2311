"""Book typography for author text: curly quotes, en dashes in ranges, kitchen fractions.

Authors type on keyboards: ``Mama's``, ``10-12 drops``, ``1 1/2 cups``. A printed book sets
``Mama’s``, ``10–12 drops``, ``1½ cups``. The rules are deliberately conservative: a quote
is turned only where it is plainly prose (an apostrophe between letters, a quotation mark
after a space and before a word), so markup-like text (``href="x"``) and measurements
(``5'``) keep their straight marks, and recipe text still prints what the author wrote.
"""

from __future__ import annotations

import re

#: Fractions with a glyph of their own in the book's fonts.
FRACTIONS = {
    "1/2": "½",
    "1/3": "⅓",
    "2/3": "⅔",
    "1/4": "¼",
    "3/4": "¾",
    "1/8": "⅛",
    "3/8": "⅜",
    "5/8": "⅝",
    "7/8": "⅞",
}

# "1 1/2" → "1½", "1/2" → "½"; not inside dates (1/2/2026), ratios (24/7) or words
_FRACTION = re.compile(r"(?<![\w/.,])(?:(\d+)[ \u00a0])?([1-7]/[2348])(?![\w/])")
# "10-12", "2.5-3" → en dash; not in dates (2026-01-05) or chains (1-2-3)
_RANGE = re.compile(r"(?<![\w.,/-])(\d+(?:[.,]\d+)?)-(\d+(?:[.,]\d+)?)(?![\w/-]|[.,]\d)")
_LETTER = r"[^\W\d_]"
_APOSTROPHE = re.compile(rf"(?<=[\w])'(?={_LETTER})|(?<={_LETTER})'(?=[\s.,;:!?)\]]|$)")
_OPEN_SINGLE = re.compile(rf"(?:^|(?<=[\s(\[—–]))'(?={_LETTER})")
# a pair of double quotes around prose: "flush toxins" → “flush toxins”; a lone or
# attribute-like quote (href="x", 5" pipe) is left alone
_DOUBLE_PAIR = re.compile(
    r"(?:^|(?<=[\s(\[—–]))\"(?=[\w‘(])([^\"<>=]*?(?:[^\W\d_]|[.,;:!?)’]))\"(?=[\s.,;:!?)\]—–]|$)"
)


def smarten(text: str) -> str:
    """``text`` with typographic quotes, range dashes and fraction glyphs."""
    if "/" in text:
        text = _FRACTION.sub(_fraction, text)
    if "-" in text:
        text = _RANGE.sub(r"\1–\2", text)
    if "'" in text:
        text = _APOSTROPHE.sub("’", text)
        text = _OPEN_SINGLE.sub("‘", text)
    if '"' in text:
        text = _DOUBLE_PAIR.sub(r"“\1”", text)
    return text


def _fraction(match: re.Match[str]) -> str:
    whole, fraction = match.group(1), match.group(2)
    glyph = FRACTIONS.get(fraction)
    if glyph is None:
        return match.group(0)
    return f"{whole}{glyph}" if whole else glyph
