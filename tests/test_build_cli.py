"""`recipebook build` through the CLI: summary line, atomic writes, errors without a PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from recipebook.cli import main
from tests.typeset_support import make_fixture_book


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return make_fixture_book(tmp_path / "book")


def build(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), "build", *args])


def test_build_writes_the_book_and_prints_one_summary_line(book: Path) -> None:
    result = build(book)
    assert result.exit_code == 0, result.output
    assert re.search(
        r"Built 6 recipes, \d+ pages, \d+\.\d MB in \d+\.\d s → output/fixture-spa-bath-book\.pdf",
        result.stdout,
    )
    pdf = book / "output" / "fixture-spa-bath-book.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not list((book / "output").glob(".*.tmp"))


def test_build_options_override_book_yaml(book: Path) -> None:
    result = build(book, "-o", str(book / "a5.pdf"), "--page-size", "a5", "--units", "metric")
    assert result.exit_code == 0, result.output
    assert (book / "a5.pdf").is_file()


def test_validation_errors_write_nothing_and_keep_the_old_book(book: Path) -> None:
    assert build(book).exit_code == 0
    pdf = book / "output" / "fixture-spa-bath-book.pdf"
    before = pdf.read_bytes()
    recipe = book / "recipes" / "soaks" / "no-photo-soak.yaml"
    recipe.write_text(recipe.read_text().replace("category: bath-salt", "category: nope"))
    result = build(book)
    assert result.exit_code == 1
    assert "CATEGORY" in result.output and "no-photo-soak.yaml" in result.output
    assert pdf.read_bytes() == before
    assert not list((book / "output").glob(".*.tmp"))


def test_unreadable_picture_names_the_file_without_a_traceback(book: Path) -> None:
    # passes validation (a valid header) but cannot be decoded
    data = (book / "images" / "cmyk.jpg").read_bytes()
    (book / "images" / "cmyk.jpg").write_bytes(data[: len(data) // 3])
    result = build(book)
    assert result.exit_code == 1
    assert "images/cmyk.jpg" in result.output
    assert "Traceback" not in result.output
    assert not (book / "output" / "fixture-spa-bath-book.pdf").exists()


def test_glyphs_no_font_has_are_reported(book: Path) -> None:
    recipe = book / "recipes" / "soaks" / "no-photo-soak.yaml"
    recipe.write_text(recipe.read_text().replace("Pour into the bath.", "Pour into the bath 🛁."))
    result = build(book)
    assert result.exit_code == 0, result.output
    assert "warning FONT" in result.output and "U+1F6C1" in result.output
    assert "no-photo-soak.yaml" in result.output


def test_a_step_longer_than_a_page_still_builds(book: Path) -> None:
    recipe = book / "recipes" / "soaks" / "no-photo-soak.yaml"
    long_step = " ".join(["Stir slowly and breathe."] * 195)  # ~4,900 characters: > a page
    recipe.write_text(recipe.read_text().replace("Pour into the bath.", long_step))
    result = build(book)
    assert result.exit_code == 0, result.output
