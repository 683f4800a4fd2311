"""Stamped copies: every page shows the subscriber, the book's structure survives."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2
import pytest
from PIL import ImageChops

from recipebook.distribute.copies import CopyJob, write_copies
from recipebook.distribute.stamp import (
    StampKit,
    line_text,
    parse_to_unicode,
    prepare_kit,
    shown_name,
    stamp_update,
)
from recipebook.typeset.stamp import ROLES, glyph_carrier

from .distribute_support import make_book_pdf

NAMES = ["Jane Doe", "Zoë Ἀλέξανδρος Дмитрий", "Wei 张", "O'Brien & <Sons> (Ltd) \\"]


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> StampKit:
    folder = tmp_path_factory.mktemp("stamp")
    book = make_book_pdf(folder / "book.pdf", pages=4)
    carriers = (glyph_carrier(ROLES[0]), glyph_carrier(ROLES[1]))
    return prepare_kit(book, folder / "base.pdf", dedication_page=0, carriers=carriers)


def _copy(kit: StampKit, name: str, email: str) -> bytes:
    return kit.base.read_bytes() + stamp_update(kit, name, email)


@pytest.mark.parametrize("name", NAMES)
def test_every_page_shows_the_stamp_and_the_title_page_the_dedication(
    kit: StampKit, name: str
) -> None:
    data = _copy(kit, name, "reader@example.com")
    reader = pypdf.PdfReader(io.BytesIO(data))
    shown = shown_name(kit, name)
    line = line_text(shown, "reader@example.com")
    for page in reader.pages:
        text = page.extract_text()
        assert line in text
        assert "?" not in text.replace(name, "")
    assert "This copy was prepared for" in reader.pages[0].extract_text()
    assert "This copy was prepared for" not in reader.pages[1].extract_text()
    # pdfium (Chrome's PDF engine) reads the same text
    document = pypdfium2.PdfDocument(data)
    assert line in document[2].get_textpage().get_text_range()


def test_unicode_names_are_drawn_exactly_and_missing_letters_degrade(kit: StampKit) -> None:
    assert kit.line.drawable("Zoë Ἀλέξανδρος Дмитрий") == "Zoë Ἀλέξανδρος Дмитрий"
    assert kit.line.drawable("Wei 张") == "Wei ?"
    assert kit.line.drawable("Nguyễn") in ("Nguyễn", "Nguyen")
    assert shown_name(kit, "Nguyễn") == "Nguyễn"  # drawn, at worst without the accent
    assert shown_name(kit, "Wei 张") == shown_name(kit, "李雷") == ""


def test_a_name_the_font_cannot_draw_gives_way_to_the_address(kit: StampKit) -> None:
    """Not "This copy was prepared for ? ?": the copy names the address instead."""
    document = pypdfium2.PdfDocument(_copy(kit, "李雷", "lilei@example.com"))
    cover = document[0].get_textpage().get_text_range()
    assert "This copy was prepared for" in cover and "lilei@example.com" in cover
    assert "?" not in cover
    inside = document[2].get_textpage().get_text_range()
    assert "Prepared for lilei@example.com" in inside and "?" not in inside


def test_outline_links_and_metadata_survive(kit: StampKit, tmp_path: Path) -> None:
    data = _copy(kit, "Jane Doe", "jane@example.com")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert not pdf.check_pdf_syntax()
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root] == [f"Chapter {n}" for n in range(1, 5)]
        assert str(pdf.docinfo["/Title"]) == "Test Spa Book"
        assert str(pdf.docinfo["/Author"]) == "Test Author"
        links = [a for page in pdf.pages for a in page.get("/Annots", [])]
        assert len(links) == 3
    original = pypdf.PdfReader(kit.base)
    copy = pypdf.PdfReader(io.BytesIO(data))
    assert len(copy.pages) == len(original.pages) == kit.pages == 4
    assert copy.metadata.title == "Test Spa Book"


def test_a_copy_renders_and_the_stamp_is_visible(kit: StampKit) -> None:
    plain = pypdfium2.PdfDocument(kit.base.read_bytes())
    stamped = pypdfium2.PdfDocument(_copy(kit, "Jane Doe", "jane@example.com"))
    before = plain[1].render(scale=1).to_pil().convert("L")
    after = stamped[1].render(scale=1).to_pil().convert("L")
    height = before.size[1]
    bottom = (0, height - 30, before.size[0], height)
    assert before.crop(bottom).getextrema()[0] == 255  # blank before
    assert after.crop(bottom).getextrema()[0] < 160  # ink after
    top = (0, 0, before.size[0], height - 60)
    assert ImageChops.difference(before.crop(top), after.crop(top)).getbbox() is None


def test_names_cannot_inject_pdf_operators(kit: StampKit) -> None:
    update = stamp_update(kit, ") Tj /Evil 1 Tf (x", "a@example.com")
    assert b"Evil" not in update
    assert b"(" not in update.split(b"stream", 1)[1].split(b"endstream")[0]


def test_copies_are_reproducible_and_hashed_correctly(kit: StampKit, tmp_path: Path) -> None:
    jobs = [CopyJob(f"user{n}@example.com", f"User {n}", tmp_path / f"c{n}.pdf") for n in range(6)]
    first = write_copies(kit, jobs, workers=2)
    for result in first:
        data = result.job.target.read_bytes()
        assert hashlib.sha256(data).hexdigest() == result.sha256
        assert result.size == len(data)
    again = write_copies(kit, jobs[:1], workers=1)
    assert again[0].sha256 == first[0].sha256
    assert len({r.sha256 for r in first}) == 6
    assert not list(tmp_path.glob(".*.tmp"))


def test_encrypted_copies_open_with_print_allowed_and_editing_forbidden(
    kit: StampKit, tmp_path: Path
) -> None:
    jobs = [
        CopyJob("open@example.com", "Open Reader", tmp_path / "open.pdf"),
        CopyJob("locked@example.com", "Locked Reader", tmp_path / "locked.pdf", "s3cret"),
    ]
    results = write_copies(kit, jobs, encrypt=True, workers=2)
    with pikepdf.open(results[0].job.target) as pdf:
        assert pdf.is_encrypted
        assert pdf.encryption.R == 6
        assert pdf.encryption.stream_method.name == "aesv3" and pdf.encryption.bits == 256
        allow = pdf.allow
        assert allow.print_highres and allow.print_lowres
        assert not allow.modify_other and not allow.modify_assembly and not allow.modify_form
    document = pypdfium2.PdfDocument(results[0].job.target)
    assert "Prepared for Open Reader" in document[1].get_textpage().get_text_range()
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(results[1].job.target)
    with pikepdf.open(results[1].job.target, password="s3cret") as pdf:
        assert len(pdf.pages) == 4


def test_to_unicode_parser_reads_bfchar_and_bfrange() -> None:
    cmap = b"""2 beginbfchar
<01> <0041>
<02> <D835DC00>
endbfchar
1 beginbfrange
<10> <12> <0430>
endbfrange"""
    found = parse_to_unicode(cmap)
    assert found["A"] == 1
    assert (found["а"], found["б"], found["в"]) == (0x10, 0x11, 0x12)
    assert found["\U0001d400"] == 2  # a surrogate pair is one character


def test_a_broken_book_is_a_clear_error(tmp_path: Path) -> None:
    from recipebook.errors import DistributionError

    broken = tmp_path / "book.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(DistributionError, match="run `recipebook build` again"):
        prepare_kit(broken, tmp_path / "base.pdf", 0, (b"", b""))


def test_the_dedication_goes_below_the_author_on_a_small_page(tmp_path: Path) -> None:
    """On an A5 title page the tallest blank strip is the one between the picture and the
    title; the dedication still belongs below the author's name (one line if need be)."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen.canvas import Canvas

    from recipebook.typeset.fonts import register_fonts

    fonts = register_fonts()
    book = tmp_path / "a5.pdf"
    canvas = Canvas(str(book), pagesize=A5, invariant=True)
    width, height = A5
    canvas.setFillGray(0.4)
    canvas.rect(0, height * 0.62, width, height * 0.38, stroke=0, fill=1)  # the picture
    canvas.setFillGray(0)
    canvas.setFont(fonts.heading, 24)
    canvas.drawCentredString(width / 2, 250, "The Title")  # 46 pt of blank above it
    canvas.setFont(fonts.body, 9)
    canvas.drawCentredString(width / 2, 200, "THE AUTHOR")
    canvas.drawCentredString(width / 2, 166, "Edition 2026")
    for line in range(5):  # a colophon: no room for a dedication between these lines
        canvas.drawCentredString(width / 2, 140 - 22 * line, f"Colophon line {line}")
    canvas.showPage()
    canvas.drawString(72, 300, "Page two")
    canvas.showPage()
    canvas.save()
    carriers = (glyph_carrier(ROLES[0]), glyph_carrier(ROLES[1]))
    kit = prepare_kit(book, tmp_path / "base.pdf", dedication_page=0, carriers=carriers)
    document = pypdfium2.PdfDocument(_copy(kit, "Jane Doe", "jane@example.com"))
    text = document[0].get_textpage()
    search = text.search("Jane Doe")
    tops = []
    while (found := search.get_next()) is not None:
        tops.append(text.get_charbox(found[0])[3])
    # the line at the foot, and the dedication between the author and the edition
    assert len(tops) == 2 and min(tops) < 30 and 166 < max(tops) < 200, tops
