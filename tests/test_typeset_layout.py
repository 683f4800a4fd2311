"""Layout decisions on their own: how a recipe is split, the index, the running head."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from reportlab.platypus import KeepTogether

from recipebook.model import Book, Recipe
from recipebook.project import Project
from recipebook.typeset.back import _index_name
from recipebook.typeset.boxes import Box, FlowColumns
from recipebook.typeset.context import Context, paragraph
from recipebook.typeset.escape import Escaper
from recipebook.typeset.recipe import MAX_SHARE, _height, recipe_flowables
from recipebook.typeset.theme import load_theme
from recipebook.validate import validate_project
from tests.typeset_support import build_fixture, make_fixture_book, page_texts

#: Too long for one A5 page with its notes, short enough without them.
TWO_PAGE_RECIPE = """\
title: Two Page Scrub
category: body-scrub
summary: A scrub with a long list of notes, so that its notes go on to a second page.
image: cmyk.jpg
use: rinse-off
yield: about 1 1/2 cups
time: {prep: 10 min}
difficulty: easy
ingredients:
  - 1 cup granulated sugar
  - 1/2 cup sweet almond oil
  - 2 tbsp honey
  - 1 tbsp dried lavender buds
  - 10 drops lavender essential oil
steps:
  - Stir the sugar and the oil together in a clean, dry bowl until glossy.
  - Add the honey and mix until no streaks remain in the sugar.
  - Add the lavender buds and the essential oil and stir for a full minute.
  - Spoon into a clean jar and close the lid.
tips:
  - Use a small handful on damp skin, then rinse with warm water.
  - The oil makes the shower floor slippery, so rinse the tray afterwards.
  - Make it a week ahead so that the scent settles into the sugar.
  - Warm the jar in a bowl of hot water if the honey has set hard.
  - A small wooden scoop keeps wet fingers out of the jar.
safety:
  - Do not use on broken, sunburnt or freshly shaved skin.
  - Scoop with a dry spoon and keep shower water out of the jar.
  - Sweet almond is a nut oil; choose jojoba if you have a nut allergy.
  - Patch test on the inner arm 24 hours before the first use.
  - Honey can attract ants; keep the lid on tight.
  - Stop at once if the skin stings, itches or reddens.
  - Keep the jar out of reach of children, who may take it for something sweet.
  - Not for the face, as the sugar is too coarse for facial skin.
  - Throw the scrub away if it smells sour or looks mouldy.
storage: Airtight jar in a cool, dry cupboard, away from shower spray.
shelf_life: 3 months
tags: [relaxing, winter]
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    root = make_fixture_book(tmp_path_factory.mktemp("layout") / "book")
    (root / "recipes" / "scrubs" / "two-page-scrub.yaml").write_text(TWO_PAGE_RECIPE)
    report = validate_project(Project.open(root))
    assert not report.errors, report.findings
    return report.book()


def _layout(book: Book, slug: str, size: str) -> tuple[Context, list]:
    theme = load_theme(size)
    ctx = Context(theme, Escaper(theme.fonts), "both")
    recipe: Recipe = next(r for r in book.recipes if r.slug == slug)
    return ctx, recipe_flowables(ctx, recipe, book.facts(recipe), chapter=recipe.category)


def test_a_recipe_that_fits_stays_on_one_page(book: Book) -> None:
    _, story = _layout(book, "two-page-scrub", "letter")
    assert not any(isinstance(f, KeepTogether) for f in story)
    assert isinstance(story[-3], Box)  # safety box, storage, tags: all on the page


def test_a_two_page_recipe_puts_all_its_notes_together_on_the_next_page(book: Book) -> None:
    ctx, story = _layout(book, "two-page-scrub", "a5")
    *first_page, notes = story
    assert isinstance(notes, KeepTogether)
    kinds = [type(f).__name__ for f in notes._content]
    assert kinds[0] == "Tracked" and "Box" in kinds  # TIPS … SAFETY … storage, tags
    # title to method fill the first page: its photo grew to take the room the notes left
    page = ctx.theme.page
    used = _height(ctx, first_page, page.frame_width)
    photo_share = first_page[0].height / (page.frame_width * page.photo_ratio)
    assert used <= page.frame_height
    assert photo_share == MAX_SHARE or used > page.frame_height - 0.04 * page.frame_width


def test_a_recipe_longer_than_a_page_leaves_no_step_alone(book: Book) -> None:
    _, story = _layout(book, "long-warming-oil", "letter")
    bullets = [(f, getattr(f, "bulletText", None) or "") for f in story]
    numbered = [f for f, bullet in bullets if bullet.isdigit()]
    assert numbered[0].getKeepWithNext() and numbered[-2].getKeepWithNext()
    assert not numbered[-1].getKeepWithNext()


@pytest.mark.parametrize(
    ("item", "entry"),
    [
        ("Dried lavender buds", "Lavender buds, dried"),
        ("blank aromatherapy inhaler", "Aromatherapy inhaler, blank"),
        ("Ground almonds", "Almonds, ground"),
        ("Granulated sugar", "Granulated sugar"),  # a kind of sugar, not a preparation
        ("lavender essential oil", "Lavender essential oil"),
    ],
)
def test_index_lists_an_ingredient_under_its_name(item: str, entry: str) -> None:
    assert _index_name(item) == entry


def test_flow_columns_report_what_each_page_holds() -> None:
    theme = load_theme("letter")
    style = theme.style("index_entry")
    units = [[paragraph(f"Entry {n}", style)] for n in range(60)]
    flow = FlowColumns(units, 2, 10)
    line = style.leading
    loads = flow.page_loads(400, 20 * line + 1, 40 * line + 1)
    assert [round(load / line) for load in loads] == [40, 20]


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("heads") / "book")


def test_a_page_that_opens_a_section_has_no_running_head(fixture_pdf: Path) -> None:
    for page in page_texts(fixture_pdf):
        lines = page.split("\n")
        if lines[0] in ("Contents", "Dilution Chart", "Ingredient Index"):
            assert lines.count(lines[0]) == 1, page  # the title, not a running head too


def test_the_reader_opens_on_the_bookmarks_and_the_keywords_name_the_chapters(
    fixture_pdf: Path,
) -> None:
    reader = pypdf.PdfReader(fixture_pdf)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert reader.metadata["/Keywords"] == "Body Scrubs, Bath Salts, Massage Oils"
