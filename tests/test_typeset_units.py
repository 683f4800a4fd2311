"""Fonts, escaping and picture preparation, each on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image
from reportlab.platypus import Paragraph

from recipebook.errors import BuildError
from recipebook.typeset.escape import Escaper
from recipebook.typeset.fonts import FILES, FONT_DIR, register_fonts
from recipebook.typeset.imaging import ImageJob, load_for_print, prepare_images, to_rgb
from recipebook.typeset.theme import PAGE_SIZES, load_theme
from recipebook.typeset.typography import smarten
from tests.typeset_support import make_images

LATIN1 = [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x100)]
LATIN_EXT_A = [chr(c) for c in range(0x100, 0x180) if c != 0x149]  # ŉ is deprecated
GREEK = [chr(c) for c in range(0x391, 0x3CA) if c != 0x3A2]
CYRILLIC = [chr(c) for c in range(0x410, 0x450)]
TYPOGRAPHY = list("–—‘’“”•…½¼¾⅓⅔⅛×°≈→")


def test_register_fonts_is_idempotent_and_names_every_role() -> None:
    fonts = register_fonts()
    assert register_fonts() is fonts
    for role in ("body", "body_italic", "body_bold", "body_bold_italic", "heading"):
        assert isinstance(getattr(fonts, role), str)


@pytest.mark.parametrize("name", sorted(FILES))
def test_bundled_fonts_cover_latin_greek_cyrillic(name: str) -> None:
    cmap = TTFont(FONT_DIR / FILES[name], lazy=True).getBestCmap()
    wanted = LATIN1 + LATIN_EXT_A + GREEK + CYRILLIC
    assert [c for c in wanted if ord(c) not in cmap] == []
    assert (FONT_DIR / "OFL-GentiumBookPlus.txt").is_file()
    assert (FONT_DIR / "OFL-NotoSerifDisplay.txt").is_file()


def test_missing_glyphs_fall_back_or_are_reported() -> None:
    fonts = register_fonts()
    assert fonts.font_for(fonts.heading, "≈") == fonts.body  # the display face lacks it
    esc = Escaper(fonts)
    markup = esc.text("≈ 2%", fonts.heading)
    assert f'<font face="{fonts.body}">≈</font>' in markup
    esc.source = "recipes/x.yaml"
    esc.text("relax 🛁 now")
    assert esc.missing == {"🛁": ("recipes/x.yaml", "relax 🛁 now")}
    assert all(fonts.font_for(fonts.body, c) for c in TYPOGRAPHY)


@pytest.mark.parametrize(
    "hostile",
    [
        "<font size=80>big</font>",
        '<img src="x"/>',
        '<a href="javascript:alert(1)">click</a>',
        '&amp; & &lt; < > "quoted"',
        "<para><b>bold?</b></para>",
        "<br/><bullet>x</bullet>",
        '<font face="Helvetica" color="red">x</font>',
    ],
)
@pytest.mark.parametrize("smart", [False, True])
def test_escaped_text_prints_literally(hostile: str, smart: bool) -> None:
    fonts = register_fonts()
    markup = Escaper(fonts).text(hostile, smart=smart)
    style = load_theme("letter").style("body")
    para = Paragraph(markup, style)
    # what ReportLab's parser made of it: every character, only prose quotes curled
    expected = smarten(hostile) if smart else hostile
    assert para.getPlainText() == expected
    assert expected.replace("“", '"').replace("”", '"') == hostile
    assert all(frag.fontName == fonts.body for frag in para.frags)  # no markup took effect
    assert not any(getattr(frag, "link", None) for frag in para.frags)


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Mama's Back and Belly Oil", "Mama’s Back and Belly Oil"),
        ("for adults' regular use", "for adults’ regular use"),
        ('what we call "medical massage".', "what we call “medical massage”."),
        ("such as 10-12 drops, or 2.5-3%", "such as 10–12 drops, or 2.5–3%"),
        ("about 1 1/2 cups; add 1/2 tsp; 3/4 cup", "about 1½ cups; add ½ tsp; ¾ cup"),
        # left alone: dates, chains, chemistry, ratios, measurements, attribute quotes
        ("2026-01-05, 1-2-3, 1,8-cineole", "2026-01-05, 1-2-3, 1,8-cineole"),
        ("24/7, 1/2/2026, 5/7", "24/7, 1/2/2026, 5/7"),
        ("a 5' board, a 3\" pipe", "a 5' board, a 3\" pipe"),
        ('<a href="x">', '<a href="x">'),
    ],
)
def test_book_typography(typed: str, printed: str) -> None:
    assert smarten(typed) == printed


def test_every_page_size_has_a_theme() -> None:
    for size in PAGE_SIZES:
        theme = load_theme(size)
        assert theme.page.frame_width > 0 and theme.style("body").fontSize > 6


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pictures")
    make_images(folder)
    return folder


@pytest.mark.parametrize(
    "name", ["cmyk.jpg", "palette.png", "rgba.png", "gray16.png", "exif-rotated.jpg"]
)
def test_every_image_mode_becomes_rgb_or_grey(pictures: Path, name: str) -> None:
    image = load_for_print(pictures / name, (300, 200))
    assert image.mode in ("RGB", "L")
    assert image.size[0] / image.size[1] == pytest.approx(1.5, abs=0.02)


def test_sixteen_bit_grey_is_scaled_not_clipped(pictures: Path) -> None:
    image = to_rgb(Image.open(pictures / "gray16.png"))
    low, high = image.getextrema()
    assert low < 10 and high > 245
    assert 100 < image.getpixel((10, 150)) < 160  # the middle of the gradient is mid-grey


def test_cmyk_colours_survive(pictures: Path) -> None:
    image = to_rgb(Image.open(pictures / "cmyk.jpg"))
    r, g, b = image.getpixel((5, 5))
    assert r > g and b > g  # the fixture's lilac, not inverted


def test_exif_orientation_is_applied(pictures: Path) -> None:
    image = load_for_print(pictures / "exif-rotated.jpg", (200, 300))
    top = image.getpixel((image.width // 2, image.height // 6))
    bottom = image.getpixel((image.width // 2, image.height * 5 // 6))
    assert top[0] > 150 and top[2] < 100  # red on top once upright
    assert bottom[2] > 150


def test_prepared_images_are_cached_by_content(pictures: Path, tmp_path: Path) -> None:
    job = ImageJob(pictures / "rgba.png", 144, 96, "images/rgba.png")
    first = prepare_images([job], tmp_path)[job]
    stamp = first.stat().st_mtime_ns
    again = prepare_images([job], tmp_path)[job]
    assert again == first and again.stat().st_mtime_ns == stamp
    with Image.open(first) as image:
        assert image.format == "JPEG" and image.size == (400, 267)  # 200 dpi


def test_unreadable_picture_is_a_clear_build_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    job = ImageJob(broken, 100, 100, "images/broken.jpg")
    with pytest.raises(BuildError, match=r"images/broken\.jpg"):
        prepare_images([job], tmp_path / "cache")


def test_index_page_runs_become_ranges() -> None:
    from recipebook.typeset.back import page_ranges

    assert page_ranges([3, 4, 5, 9, 10, 12, 13, 14, 15]) == [(3, 5), (9, 9), (10, 10), (12, 15)]


def test_an_index_entry_taller_than_a_page_is_split(tmp_path: Path) -> None:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from recipebook.typeset.boxes import FlowColumns
    from recipebook.typeset.context import paragraph

    style = load_theme("letter").style("index_entry")
    huge = paragraph("Lavender " + ", ".join(str(n) for n in range(1, 3000, 2)), style)
    units = [[paragraph(f"Entry {n}", style)] for n in range(40)]
    doc = BaseDocTemplate(str(tmp_path / "x.pdf"), pagesize=(400, 300))
    doc.addPageTemplates([PageTemplate("p", [Frame(20, 20, 360, 260)])])
    doc.build([FlowColumns([*units[:5], [huge], *units[5:]], 2, 10)])
    assert doc.page >= 3
