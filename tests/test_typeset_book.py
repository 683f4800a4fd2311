"""The fixture book, built once: golden page text, outline, links, fonts, determinism."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from tests.typeset_support import GOLDEN, build_fixture, page_texts
from tests.update_golden import format_golden

POINTS = {"letter": (612, 792), "a4": (595.28, 841.89), "a5": (419.53, 595.28), "6x9in": (432, 648)}


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("typeset") / "book")


def test_pages_match_the_golden_text(book_pdf: Path) -> None:
    expected = GOLDEN.read_text(encoding="utf-8")
    actual = format_golden(page_texts(book_pdf))
    assert actual == expected, "layout changed: review, then run `python -m tests.update_golden`"


def test_hostile_text_prints_literally(book_pdf: Path) -> None:
    text = " ".join(page_texts(book_pdf)).replace("\n", " ")
    for literal in (
        "Hostile <font size=80>Sugar</font> Scrub & Co",
        '<img src=x> and <a href="javascript:alert(1)">click</a> and &amp; and',
        "a lone < must all print literally",
        "or <b>jojoba</b> oil",
        "Stir the sugar and oil together <br/> in a bowl.",
        "<script>",
        "Scrubs polish the skin. <b>not bold</b> & friends.",
        "Raw HTML is not passed: <font size=80>big</font> & <img src=x> stay literal.",
    ):
        assert literal in text


def test_greek_and_cyrillic_are_set(book_pdf: Path) -> None:
    text = "\n".join(page_texts(book_pdf))
    assert "Ελληνικό Scrub — Русский скраб" in text
    assert "Μέλι και ζάχαρη. Мёд и сахар. Ünïcödé ½ ⅓ ≈ →." in text


def test_outline_lists_chapters_then_their_recipes(book_pdf: Path) -> None:
    reader = pypdf.PdfReader(book_pdf)

    def titles(items: list) -> list:
        out: list = []
        for item in items:
            if isinstance(item, list):
                out.append(titles(item))
            else:
                out.append(item.title)
        return out

    assert titles(reader.outline) == [
        "Contents",
        "The Benefits of Massage",
        "How to Use This Book",
        "Body Scrubs",
        ["Hostile <font size=80>Sugar</font> Scrub & Co", "Ελληνικό Scrub — Русский скраб"],
        "Bath Salts",
        ["No Photo Soak", "Rotated Photo Soak"],
        "Massage Oils",
        ["Long Warming Oil", "Sixteen-Bit Massage Oil"],
        "Dilution Chart",
        "Ingredient Index",
        "About the Author",
    ]


def _link_pages(reader: pypdf.PdfReader, page_index: int) -> list[int]:
    """0-based page numbers that the links on a page lead to, in order."""
    numbers = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    annots = [a.get_object() for a in reader.pages[page_index].get("/Annots", [])]
    return [numbers[a["/Dest"][0].idnum] for a in annots if "/Dest" in a]


def test_contents_links_point_at_the_pages_they_name(book_pdf: Path) -> None:
    reader = pypdf.PdfReader(book_pdf)
    targets = _link_pages(reader, 2)
    # 2 Markdown sections, 3 chapters (the empty one is left out), 6 recipes, 3 back matter
    assert len(targets) == 14
    lines = page_texts(book_pdf)[2].split("\n")
    printed = [int(line) for line in lines if line.isdigit()]
    assert [t + 1 for t in targets] == printed


def test_index_links_lead_to_recipes(book_pdf: Path) -> None:
    reader = pypdf.PdfReader(book_pdf)
    texts = page_texts(book_pdf)
    index_page = next(i for i, t in enumerate(texts) if t.startswith("Ingredient Index"))
    assert "Lavender essential oil" in texts[index_page]
    targets = _link_pages(reader, index_page)
    assert targets
    titles = {
        "Hostile <font size=80>Sugar</font> Scrub & Co",
        "Ελληνικό Scrub — Русский скраб",
        "No Photo Soak",
        "Rotated Photo Soak",
        "Long Warming Oil",
        "Sixteen-Bit Massage Oil",
    }
    for target in targets:  # each number leads to a recipe's first page
        page = texts[target].replace("\n", " ")
        assert any(title in page for title in titles) and ", continued" not in page


def test_every_font_is_embedded(book_pdf: Path) -> None:
    reader = pypdf.PdfReader(book_pdf)
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            seen.add(str(font["/BaseFont"]).split("+")[-1])
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font["/FontDescriptor"]
            ).get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert {"GentiumBookPlus", "NotoSerifDisplay-Regular", "GentiumBookPlus-Bold"} <= seen


def test_metadata(book_pdf: Path) -> None:
    reader = pypdf.PdfReader(book_pdf)
    assert reader.metadata.title == "Fixture Spa & <Bath> Book"
    assert reader.metadata.author == "Test Author"
    assert reader.trailer["/Root"].get("/Lang") == "en"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build_fixture(tmp_path / "book")
    kept = first.read_bytes()
    shutil.rmtree(tmp_path / "book" / "output" / ".cache")  # cold again
    from click.testing import CliRunner

    from recipebook.cli import main

    result = CliRunner().invoke(
        main, ["-q", "-C", str(tmp_path / "book"), "build", "-o", str(first)]
    )
    assert result.exit_code == 0, result.output
    assert first.read_bytes() == kept


def test_the_same_sources_in_another_folder_build_the_same_bytes(tmp_path: Path) -> None:
    first = build_fixture(tmp_path / "book")
    shutil.copytree(tmp_path / "book", tmp_path / "elsewhere" / "copy")
    shutil.rmtree(tmp_path / "elsewhere" / "copy" / "output")
    from click.testing import CliRunner

    from recipebook.cli import main

    second = tmp_path / "second.pdf"
    result = CliRunner().invoke(
        main, ["-q", "-C", str(tmp_path / "elsewhere" / "copy"), "build", "-o", str(second)]
    )
    assert result.exit_code == 0, result.output
    assert second.read_bytes() == first.read_bytes()


def _page_ok(page: pypdfium2.PdfPage, size: tuple[float, float]) -> None:
    width, height = page.get_size()
    assert (round(width, 1), round(height, 1)) == (round(size[0], 1), round(size[1], 1))
    image = page.render(scale=0.5).to_pil().convert("L")
    low, high = image.getextrema()
    assert high - low > 40, "blank page"
    kinds = (
        pypdfium2.raw.FPDF_PAGEOBJ_TEXT,
        pypdfium2.raw.FPDF_PAGEOBJ_IMAGE,
        pypdfium2.raw.FPDF_PAGEOBJ_FORM,
    )
    for obj in page.get_objects(max_depth=1):  # forms' contents are in form space
        if obj.type in kinds:
            left, bottom, right, top = obj.get_bounds()
            assert left >= -0.5 and bottom >= -0.5, (left, bottom)
            assert right <= width + 0.5 and top <= height + 0.5, (right, top)


@pytest.mark.parametrize("size", ["letter", "a4", "a5", "6x9in"])
def test_each_page_size_renders_every_page(tmp_path: Path, size: str) -> None:
    pdf = build_fixture(tmp_path / "book", "--page-size", size, "--units", "metric")
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        assert len(document) >= 15
        for page in document:
            _page_ok(page, POINTS[size])
    finally:
        document.close()
