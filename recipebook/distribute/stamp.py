"""Personalise the built book: its bytes unchanged, plus a small incremental update.

Once per run, :func:`prepare_kit` rewrites the book (with pikepdf) into a *base*: the same
pages, outline, links and metadata, plus the stamp fonts and, on every page, an empty
placeholder content stream drawn last (with the page's own drawing wrapped in q/Q so it
cannot leak a transformation into the stamp). Pages of one size share one placeholder;
the title page has its own, for the dedication.

Per copy, :func:`stamp_update` writes a PDF incremental update that replaces only the
placeholders' contents with the subscriber's text. A copy is the base's bytes followed by
that update (about a kilobyte), so stamping costs little more than copying the file, and
every copy is valid for any PDF reader (an incremental update is how readers save edits).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
from pikepdf import Name

from ..errors import DistributionError

#: Marks a placeholder stream in the base (readers ignore unknown stream keys).
SLOT_KEY = "/RecipebookStamp"
#: Font resource names the stamp adds to every page.
FONT_PREFIX = "/RBStamp"
#: The stamp's ink: the theme's muted brown-grey, as PDF rgb.
STAMP_RGB = b"0.435 0.404 0.376 rg"
DEDICATION_RGB = b"0.18 0.17 0.157 rg"
#: Baseline of the line on every page, as a share of the page height (below the folio).
LINE_BASELINE = 0.024
#: Room the two-line dedication wants on a letter-wide page, in points (less on smaller).
DEDICATION_HEIGHT = 46
#: … and the one line ("Prepared for Jane Doe") it shrinks to where there is less.
DEDICATION_LINE = 26
#: Bump when the base's layout changes, so cached bases are rebuilt.
KIT_VERSION = 2


@dataclass(frozen=True, slots=True)
class Glyphs:
    """What one embedded stamp font can draw: char → (font resource, code), widths."""

    codes: dict[str, tuple[str, int]]
    widths: dict[str, float]  # advance in 1/1000 em

    def encode(self, text: str, size: float) -> bytes:
        """Text-showing operators for ``text`` (characters it cannot draw become '?')."""
        parts: list[bytes] = []
        current = None
        run = bytearray()
        for char in self.drawable(text):
            resource, code = self.codes[char]
            if resource != current:
                if run:
                    parts.append(b"<%s> Tj" % run.hex().encode())
                    run = bytearray()
                parts.append(b"%s %.2f Tf" % (resource.encode(), size))
                current = resource
            run.append(code)
        if run:
            parts.append(b"<%s> Tj" % run.hex().encode())
        return b" ".join(parts)

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[c] for c in self.drawable(text)) * size / 1000

    def drawable(self, text: str) -> str:
        """``text`` with each character the font lacks replaced (accents dropped, else '?')."""
        return "".join(self._fallback(char) or "?" for char in text)

    def can_draw(self, text: str) -> bool:
        """Every character of ``text`` drawn, at worst without its accent."""
        return all(self._fallback(char) for char in text)

    def _fallback(self, char: str) -> str:
        if char in self.codes:
            return char
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        return plain if plain and all(c in self.codes for c in plain) else ""

    def missing(self, text: str) -> set[str]:
        return {c for c in text if c not in self.codes}


@dataclass(frozen=True, slots=True)
class Slot:
    """A placeholder content stream in the base, and the visible box of its pages."""

    number: int
    generation: int
    box: tuple[float, float, float, float]
    dedication: bool


@dataclass(frozen=True, slots=True)
class StampKit:
    """The prepared base and everything needed to write a copy's update without parsing."""

    base: Path
    base_size: int
    startxref: int
    size: int
    root: tuple[int, int]
    info: tuple[int, int] | None
    file_id: bytes
    slots: tuple[Slot, ...]
    line: Glyphs
    dedication: Glyphs
    pages: int
    band: tuple[float, float] | None  # blank strip of the title page for the dedication


def prepare_kit(
    book: Path, base: Path, dedication_page: int, carriers: tuple[bytes, bytes]
) -> StampKit:
    """Write the stamp base of ``book`` to ``base`` (atomically) and describe it.

    ``carriers`` are two small PDFs (from ``recipebook.typeset.stamp.glyph_carrier``)
    whose fonts draw the line on every page and the dedication.
    """
    try:
        pdf = pikepdf.open(book)
    except (pikepdf.PdfError, OSError) as exc:
        raise DistributionError(
            f"{book.name} is not a readable PDF ({exc}); run `recipebook build` again"
        ) from None
    with pdf:
        if pdf.is_encrypted:
            raise DistributionError(f"{book.name} is encrypted; stamp the unencrypted book")
        if not len(pdf.pages):
            raise DistributionError(f"{book.name} has no pages; run `recipebook build` again")
        try:
            fonts = [_copy_fonts(pdf, carrier, index) for index, carrier in enumerate(carriers)]
            _add_slots(pdf, fonts, min(dedication_page, len(pdf.pages) - 1))
            tmp = base.with_name(f".{base.name}.tmp")
            base.parent.mkdir(parents=True, exist_ok=True)
            pdf.save(
                tmp,
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
                deterministic_id=True,
            )
        except pikepdf.PdfError as exc:
            raise DistributionError(
                f"{book.name} cannot be personalised ({exc}); run `recipebook build` again"
            ) from None
        tmp.replace(base)
    line, dedication = (glyphs for _, glyphs in fonts)
    return _describe(base, line, dedication, blank_band(book, dedication_page))


def blank_band(book: Path, index: int) -> tuple[float, float] | None:
    """A blank horizontal strip in the lower half of page ``index`` (PDF y0, y1).

    The dedication goes there, so it never covers the title, a picture or the footer,
    whatever the layout: the lowest strip with room for at least its one-line form (so
    below the title and the author's name, not squeezed in above the title on a small
    page; it takes two lines where the strip is tall enough), else the tallest. Found by
    rendering the page small and looking for rows of one colour; None if the page has no
    strip of 24 points.
    """
    scale = 0.5
    try:
        document = pypdfium2.PdfDocument(str(book))
        try:
            page = document[min(index, len(document) - 1)]
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            left, bottom, right, top = page.get_cropbox()
        finally:
            document.close()
    except pypdfium2.PdfiumError:
        return None
    width, height = image.size
    low, high = int(height * 0.45), int(height * 0.93)  # leave the footer line its room
    blank = [
        _flat(image.crop((int(width * 0.12), y, int(width * 0.88), y + 1)).getextrema())
        for y in range(low, high)
    ]
    runs: list[tuple[int, int]] = []
    start = None
    for offset, is_blank in enumerate([*blank, False]):
        if is_blank and start is None:
            start = offset
        elif not is_blank and start is not None:
            runs.append((start, offset))
            start = None
    need = max(24, DEDICATION_LINE * min(1.0, (right - left) / 612)) * scale
    roomy = [run for run in runs if run[1] - run[0] >= need]
    best = (
        max(roomy, key=lambda run: run[0])  # the lowest
        if roomy
        else max(runs, key=lambda run: run[1] - run[0], default=(0, 0))
    )
    if (best[1] - best[0]) / scale < 24:
        return None
    y_top = top - (low + best[0]) / scale
    y_bottom = top - (low + best[1]) / scale
    return (max(bottom, y_bottom), y_top)


def _flat(extrema: tuple[int, int]) -> bool:
    return extrema[1] - extrema[0] <= 6


def _copy_fonts(
    pdf: pikepdf.Pdf, carrier: bytes, index: int
) -> tuple[dict[str, pikepdf.Object], Glyphs]:
    """Copy the carrier's subset fonts into ``pdf``; return them by resource name + glyphs."""
    resources: dict[str, pikepdf.Object] = {}
    codes: dict[str, tuple[str, int]] = {}
    widths: dict[str, float] = {}
    with pikepdf.open(io.BytesIO(carrier)) as source:
        found = source.pages[0].resources.get("/Font", pikepdf.Dictionary())
        subsets = sorted((str(k), v) for k, v in found.items() if "/ToUnicode" in v)
        for number, (_, font) in enumerate(subsets):
            name = f"{FONT_PREFIX}{index}x{number}"
            resources[name] = pdf.copy_foreign(font)
            first = int(font.get("/FirstChar", 0))
            font_widths = [float(w) for w in font.get("/Widths", [])]
            for char, code in parse_to_unicode(font.ToUnicode.read_bytes()).items():
                if (
                    char in codes
                    or not char.isprintable()
                    or not 0 <= code - first < len(font_widths)
                ):
                    continue
                codes[char] = (name, code)
                widths[char] = font_widths[code - first]
    if "?" not in codes:
        raise DistributionError("the stamp font cannot draw '?'; the bundled fonts look damaged")
    return resources, Glyphs(codes, widths)


def _add_slots(
    pdf: pikepdf.Pdf, fonts: list[tuple[dict[str, pikepdf.Object], Glyphs]], title: int
) -> None:
    opening = pdf.make_stream(b"q\n")
    slots: dict[tuple[tuple[float, ...], bool], pikepdf.Stream] = {}
    for index, page in enumerate(pdf.pages):
        box = tuple(round(float(v), 3) for v in page.cropbox)
        key = (box, index == title)
        if key not in slots:
            slot = pdf.make_stream(b"Q\n")
            slot[SLOT_KEY] = pikepdf.String(
                ("dedication " if index == title else "line ") + " ".join(f"{v:g}" for v in box)
            )
            slots[key] = slot
        page.contents_add(opening, prepend=True)
        page.contents_add(slots[key], prepend=False)
        for resources, _ in fonts:
            for name, font in resources.items():
                page.add_resource(font, Name.Font, Name(name), replace_existing=True)


def _describe(
    base: Path, line: Glyphs, dedication: Glyphs, band: tuple[float, float] | None
) -> StampKit:
    data = base.read_bytes()
    found = re.findall(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-1024:])
    startxref = int(found[-1]) if found else -1
    if data[startxref : startxref + 4] != b"xref":
        raise DistributionError("internal: the stamp base has no classic cross-reference table")
    with pikepdf.open(base) as pdf:
        trailer = pdf.trailer
        slots: dict[tuple[int, int], Slot] = {}
        for page in pdf.pages:
            contents = page.obj.Contents
            last = contents[len(contents) - 1] if isinstance(contents, pikepdf.Array) else contents
            kind, *box = str(last[SLOT_KEY]).split()
            slots.setdefault(
                last.objgen,
                Slot(*last.objgen, tuple(float(v) for v in box), kind == "dedication"),  # type: ignore[arg-type]
            )
        ids = list(trailer.get("/ID", []))
        return StampKit(
            base=base,
            base_size=len(data),
            startxref=startxref,
            size=int(trailer.Size),
            root=trailer.Root.objgen,
            info=trailer.Info.objgen if "/Info" in trailer else None,
            file_id=bytes(ids[0]) if ids else hashlib.md5(data[:4096]).digest(),
            slots=tuple(slots.values()),
            line=line,
            dedication=dedication,
            pages=len(pdf.pages),
            band=band,
        )


def line_text(name: str, email: str) -> str:
    """The discreet line on every page."""
    return f"Prepared for {name} · {email}" if name else f"Prepared for {email}"


def shown_name(kit: StampKit, name: str) -> str:
    """The name as the copy shows it: empty (so the email address stands alone) when the
    stamp fonts cannot draw it, rather than a row of question marks."""
    return name if kit.line.can_draw(name) and kit.dedication.can_draw(name) else ""


def stamp_update(kit: StampKit, name: str, email: str) -> bytes:
    """The incremental update that personalises the base for one subscriber."""
    name = shown_name(kit, name)
    bodies = {
        (slot.number, slot.generation): _slot_content(kit, slot, name, email) for slot in kit.slots
    }
    out = bytearray(b"\n")
    offsets: dict[tuple[int, int], int] = {}
    for objgen, body in sorted(bodies.items()):
        offsets[objgen] = kit.base_size + len(out)
        out += b"%d %d obj\n<< /Length %d >>\nstream\n" % (*objgen, len(body))
        out += body + b"\nendstream\nendobj\n"
    xref = kit.base_size + len(out)
    out += b"xref\n"
    for (number, generation), offset in sorted(offsets.items()):
        out += b"%d 1\n%010d %05d n\r\n" % (number, offset, generation)
    new_id = hashlib.md5(kit.file_id + email.encode()).hexdigest().encode()
    out += b"trailer\n<< /Size %d /Root %d %d R " % (kit.size, *kit.root)
    if kit.info:
        out += b"/Info %d %d R " % kit.info
    out += b"/ID [<%s> <%s>] /Prev %d >>\n" % (kit.file_id.hex().encode(), new_id, kit.startxref)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _slot_content(kit: StampKit, slot: Slot, name: str, email: str) -> bytes:
    x0, y0, x1, y1 = slot.box
    width, height = x1 - x0, y1 - y0
    parts = [b"Q"]
    text = line_text(name, email)
    size = _fit(kit.line, text, max(5.0, min(6.5, height / 120)), width - 72)
    parts.append(_centred(kit.line, text, size, x0, width, y0 + height * LINE_BASELINE, STAMP_RGB))
    if slot.dedication:
        parts.append(_dedication(kit, name or email, x0, y0, width, height))
    return b"\n".join(parts) + b"\n"


def _dedication(
    kit: StampKit, name: str, x0: float, y0: float, width: float, height: float
) -> bytes:
    """'This copy was prepared for / Name' in the title page's blank strip (or one line)."""
    scale = min(1.0, width / 612)
    low, high = kit.band or (y0 + height * 0.12, y0 + height * 0.22)
    middle = (low + high) / 2
    glyphs = kit.dedication
    if high - low < DEDICATION_HEIGHT * scale:
        text = f"Prepared for {name}"
        size = _fit(glyphs, text, 11 * scale, width - 72)
        return _centred(glyphs, text, size, x0, width, middle - size * 0.3, STAMP_RGB)
    lead = _centred(
        glyphs, "This copy was prepared for", 9 * scale, x0, width, middle + 5 * scale, STAMP_RGB
    )
    size = _fit(glyphs, name, 14 * scale, width - 72)
    own = _centred(glyphs, name, size, x0, width, middle - 12 * scale, DEDICATION_RGB)
    return lead + b"\n" + own


def _fit(glyphs: Glyphs, text: str, size: float, room: float) -> float:
    while glyphs.width(text, size) > room and size > 5:
        size -= 0.25
    return size


def _centred(
    glyphs: Glyphs, text: str, size: float, x0: float, width: float, y: float, colour: bytes
) -> bytes:
    x = x0 + max(0.0, (width - glyphs.width(text, size)) / 2)
    return b"q %s BT 1 0 0 1 %.2f %.2f Tm %s ET Q" % (colour, x, y, glyphs.encode(text, size))


def parse_to_unicode(data: bytes) -> dict[str, int]:
    """char → code from a ToUnicode CMap (bfchar and bfrange entries)."""
    found: dict[str, int] = {}

    def text(hexdigits: bytes) -> str:
        raw = bytes.fromhex(hexdigits.decode())
        return raw.decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found.setdefault(text(uni), int(code, 16))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first, last, base = int(low, 16), int(high, 16), ord(text(start)[:1] or "\0")
            for offset in range(last - first + 1):
                found.setdefault(chr(base + offset), first + offset)
    return {char: code for char, code in found.items() if len(char) == 1}


def characters_missing(kit: StampKit, texts: Iterable[str]) -> set[str]:
    """Characters of ``texts`` the stamp fonts cannot draw exactly."""
    return {c for t in texts for c in kit.line.missing(t) | kit.dedication.missing(t)}


def names_not_drawn(kit: StampKit, names: Iterable[str]) -> list[str]:
    """The names a copy shows as the email address alone (see :func:`shown_name`)."""
    return [name for name in names if name and not shown_name(kit, name)]
