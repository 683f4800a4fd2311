"""Recipe text is data: escape it before it reaches ReportLab's Paragraph markup.

ReportLab's Paragraph parses a small XML-like markup (``<font>``, ``<img>``, ``<a>``…);
once it even evaluated parts of it (CVE-2023-33733). Every author-written string passes
through :meth:`Escaper.text`, so ``<font size=80>`` or ``&amp;`` print literally. While
escaping, straight quotes, hyphenated number ranges and slash fractions become their book
forms (:mod:`.typography`), a character the current font lacks is set in a bundled font that
has it, and one that no bundled font has is remembered, so the build can report it instead
of printing a box.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _xml_escape

from .fonts import FontSet
from .typography import smarten

_ENTITIES = {'"': "&quot;"}


class Escaper:
    """Turns plain text into safe Paragraph markup for one build, noting missing glyphs."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.source = "book.yaml"  # the file whose text is being set (for messages)
        self.missing: dict[str, tuple[str, str]] = {}  # character → (file, text it was in)

    def text(self, value: str, font: str | None = None, *, smart: bool = True) -> str:
        """``value`` as Paragraph markup that prints ``value`` in ``font``: every character
        literally, with book typography (``’``, ``10–12``, ``½``) unless ``smart`` is False
        (web addresses, code)."""
        font = font or self.fonts.body
        value = " ".join(value.split()) if "\n" in value or "\t" in value else value
        if smart:
            value = smarten(value)
        if value.isascii():
            return _xml_escape(value, _ENTITIES)
        out: list[str] = []
        run: list[str] = []
        run_font = font

        def flush() -> None:
            if not run:
                return
            chunk = _xml_escape("".join(run), _ENTITIES)
            out.append(chunk if run_font == font else f'<font face="{run_font}">{chunk}</font>')
            run.clear()

        for char in value:
            if char.isascii():
                wanted = font
            else:
                found = self.fonts.font_for(font, char)
                if found is None:
                    self.missing.setdefault(char, (self.source, value[:60]))
                    found = font
                wanted = found
            if wanted != run_font:
                flush()
                run_font = wanted
            run.append(char)
        flush()
        return "".join(out)

    def check(self, value: str, font: str | None = None) -> str:
        """``value`` unchanged (for canvas drawing), remembering characters no font has."""
        for char in self.fonts.missing(value, font or self.fonts.body):
            self.missing.setdefault(char, (self.source, value[:60]))
        return value
