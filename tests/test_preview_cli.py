"""`recipebook preview`: one recipe alone, as PNG or PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from recipebook.cli import main
from tests.typeset_support import make_fixture_book


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fixture_book(tmp_path_factory.mktemp("preview") / "book")


def preview(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), "preview", *args])


def test_preview_png(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "rotated.png"
    result = preview(book, str(book / "recipes/soaks/rotated-soak.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.size == (1224, 1584)  # letter at 144 dpi
        assert image.convert("L").getextrema()[0] < 100


def test_preview_pdf_of_a_long_recipe_has_all_its_pages(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    result = preview(book, str(book / "recipes/oils/long-warming-oil.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    import pypdfium2

    assert len(pypdfium2.PdfDocument(str(out))) >= 2


def test_preview_page_out_of_range_is_a_message(book: Path, tmp_path: Path) -> None:
    recipe = str(book / "recipes/soaks/no-photo-soak.yaml")
    result = preview(book, recipe, "-o", str(tmp_path / "x.png"), "--page", "3")
    assert result.exit_code == 1
    assert "there is no page 3" in result.output


def test_preview_second_page(book: Path, tmp_path: Path) -> None:
    recipe = str(book / "recipes/oils/long-warming-oil.yaml")
    result = preview(book, recipe, "-o", str(tmp_path / "p2.png"), "--page", "2")
    assert result.exit_code == 0, result.output
    assert "page 2 of" in result.output


def test_preview_rejects_other_suffixes(book: Path, tmp_path: Path) -> None:
    recipe = str(book / "recipes/soaks/no-photo-soak.yaml")
    result = preview(book, recipe, "-o", str(tmp_path / "x.jpg"))
    assert result.exit_code == 2
    assert ".png or .pdf" in result.output
