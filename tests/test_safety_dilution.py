"""Dilution: unit conversions, batch totals with densities, basis (v/v or w/w), labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recipebook.safety import assess
from recipebook.safety.catalogue import load
from recipebook.safety.dilution import fmt_limit, fmt_percent, label, measure

from .safety_support import make_recipe

CAT = load()
CODES = {
    "EO-DILUTION", "EO-MAX-DERMAL", "EO-PHOTOTOXIC", "EO-BATH-DISPERSANT", "EO-AUDIENCE",
    "PRESERVATIVE", "EO-UNKNOWN", "FORMULATION",
}  # fmt: skip


def batch(tmp_path: Path, ingredients: list, **kwargs):
    return measure(make_recipe(tmp_path, ingredients, **kwargs), CAT)


@pytest.mark.parametrize(
    ("line", "ml"),
    [
        ("20 drops lavender essential oil", 1.0),
        ("12 drops lavender essential oil", 0.6),
        ("10-12 drops lavender essential oil", 0.6),  # ranges: the upper end
        ("1 ml lavender essential oil", 1.0),
        ("1/2 tsp lavender essential oil", 4.929 / 2),
        ("1 tbsp lavender essential oil", 14.787),
        ("1 g lavender essential oil", 1 / 0.9),  # by weight, default density 0.9
    ],
)
def test_essential_oil_volume(tmp_path: Path, line: str, ml: float) -> None:
    b = batch(tmp_path, ["1 cup sunflower oil", line])
    assert b.eo_ml == pytest.approx(ml, rel=1e-3)


def test_drop_size_can_be_declared(tmp_path: Path) -> None:
    b = batch(tmp_path, ["30 ml jojoba oil", "30 drops lavender essential oil"], drops_per_ml=30)
    assert b.eo_ml == pytest.approx(1.0)
    assert b.eo_drops == pytest.approx(30)


@pytest.mark.parametrize(
    ("line", "ml"),
    [
        ("1 cup sunflower oil", 236.588),
        ("2 tbsp sunflower oil", 2 * 14.787),
        ("3 tsp sunflower oil", 3 * 4.929),
        ("1 fl oz sunflower oil", 29.574),
        ("60 ml sunflower oil", 60),
        ("0.1 l sunflower oil", 100),
        ("1 oz cocoa butter", 28.35 / (210 / 236.588)),  # weight → volume by density
        ("1 oz beeswax", 28.35 / (227 / 236.588)),
        ("10 g mystery liquid", 10.0),  # unknown: 1 g/ml
    ],
)
def test_carrier_volume(tmp_path: Path, line: str, ml: float) -> None:
    b = batch(tmp_path, [line, "10 drops lavender essential oil"])
    assert b.basis == "v/v"
    assert b.rest == pytest.approx(ml, rel=1e-3)


def test_chart_two_percent(tmp_path: Path) -> None:
    """Facts §1: 12 drops in 30 ml ≈ 2% at 20 drops/ml (the oil counts in the total)."""
    b = batch(tmp_path, ["30 ml sweet almond oil", "12 drops lavender essential oil"])
    assert b.percent == pytest.approx(0.6 / 30.6 * 100)
    assert label(b) == "≈ 2% dilution"


def test_massage_oil_is_by_volume(tmp_path: Path) -> None:
    b = batch(
        tmp_path,
        ["1 fl oz grapeseed oil", "1 fl oz sweet almond oil", "22 drops lavender essential oil"],
    )
    assert b.basis == "v/v"
    assert b.percent == pytest.approx(1.1 / (2 * 29.574 + 1.1) * 100)
    assert label(b) == "≈ 1.8% dilution"


def test_sugar_scrub_is_by_weight(tmp_path: Path) -> None:
    b = batch(
        tmp_path,
        ["1 cup granulated sugar", "1/2 cup sweet almond oil", "12 drops lavender essential oil"],
        use="rinse-off",
    )
    assert b.basis == "w/w"
    sugar, almond, eo = 200.0, 216 / 2, 0.6 * 0.9
    assert b.total == pytest.approx(sugar + almond + eo, rel=1e-3)
    assert b.percent == pytest.approx(eo / (sugar + almond + eo) * 100, rel=1e-3)
    assert label(b) == "≈ 0.2% essential oil by weight"


@pytest.mark.parametrize(("tsp", "percent"), [(1, 0.78), (2, 1.54)])
def test_bath_bomb_example_from_the_facts(tmp_path: Path, tsp: int, percent: float) -> None:
    """Facts §2: 8 oz soda + 4 oz citric + 4 oz salt + 4 oz starch with 1–2 tsp EO ≈ 0.8–1.6%."""
    b = batch(
        tmp_path,
        [
            "8 oz baking soda",
            "4 oz citric acid",
            "4 oz Epsom salt",
            "4 oz cornstarch",
            "1 tsp polysorbate 80",
            f"{tsp} tsp lavender essential oil",
        ],
        use="bath",
        category="bath-bomb",
    )
    assert b.basis == "w/w"
    assert b.percent == pytest.approx(percent, abs=0.02)


def test_bath_oil_is_by_volume(tmp_path: Path) -> None:
    b = batch(
        tmp_path,
        ["1/4 cup sweet almond oil", "24 drops lavender essential oil"],
        use="bath",
        category="essential-oil-blend",
    )
    assert b.basis == "v/v"


def test_optional_extras_are_left_out_but_optional_oils_count(tmp_path: Path) -> None:
    b = batch(
        tmp_path,
        [
            "1 cup granulated sugar",
            "1/2 cup sunflower oil",
            "1/4 cup Epsom salt, optional",
            {"item": "dried rose petals", "amount": 2, "unit": "tbsp", "optional": True},
            {"item": "lavender essential oil", "amount": 10, "unit": "drops", "optional": True},
        ],
        use="rinse-off",
    )
    names = {line.ingredient.item: line for line in b.lines}
    assert not names["Epsom salt"].counted
    assert names["Epsom salt"].why_not == "optional"
    assert not names["dried rose petals"].counted
    assert names["lavender essential oil"].counted
    assert b.eo_ml == pytest.approx(0.5)


def test_pinches_and_counts_are_reported_not_guessed(tmp_path: Path) -> None:
    b = batch(
        tmp_path,
        [
            "30 ml jojoba oil",
            "1 pinch sea salt",
            "2 dried rosebuds",
            "6 drops lavender essential oil",
        ],
    )
    assert b.uncounted == ("a pinch of sea salt", "2 dried rosebuds")
    assert b.rest == pytest.approx(30)


def test_nothing_measurable_but_oil_is_unknown_not_neat(tmp_path: Path) -> None:
    b = batch(tmp_path, ["2 dried rosebuds", "6 drops lavender essential oil"])
    assert b.percent is None
    assert not b.is_neat


@pytest.mark.parametrize("stated", ["one 10 ml roller bottle", {"amount": 10, "unit": "ml"}])
def test_a_carrier_with_no_amount_takes_the_size_from_the_yield(tmp_path: Path, stated) -> None:
    b = batch(
        tmp_path,
        [{"item": "jojoba oil", "note": "to fill"}, "4 drops lavender essential oil"],
        yield_=stated,
    )
    assert b.from_yield
    assert b.percent == pytest.approx(2.0)


def test_only_oil_is_neat(tmp_path: Path) -> None:
    b = batch(tmp_path, ["6 drops lavender essential oil", "4 drops frankincense essential oil"])
    assert b.is_neat
    assert b.percent == 100.0
    assert label(b) == "undiluted"


def test_per_use_add_ins_are_not_part_of_the_batch(tmp_path: Path) -> None:
    b = batch(
        tmp_path,
        [
            "1/4 cup colloidal oatmeal",
            {"item": "honey", "amount": "1/2", "unit": "tsp", "note": "per treatment"},
            "2 drops lavender essential oil",
        ],
        use="face",
    )
    honey = next(line for line in b.lines if line.ingredient.item == "honey")
    assert honey.why_not == "added per use"


def test_oil_written_without_essential_is_still_an_essential_oil(tmp_path: Path) -> None:
    b = batch(tmp_path, ["30 ml jojoba oil", "10 drops peppermint oil"])
    assert [line.name for line in b.oils] == ["peppermint"]
    carrier = batch(tmp_path, ["2 tbsp carrot seed oil", "4 drops lavender essential oil"])
    assert [line.name for line in carrier.oils] == ["lavender"]


def test_share_and_drops_for(tmp_path: Path) -> None:
    b = batch(
        tmp_path,
        ["30 ml jojoba oil", "6 drops lavender essential oil", "6 drops clove essential oil"],
    )
    clove = b.oils[1]
    assert b.share(clove) == pytest.approx(0.3 / 30.6 * 100)
    assert b.drops_for(2.5) == 15  # 2.5% of (30 ml + x) → 0.769 ml → 15 drops
    assert b.drops_for(0.5, clove) == 3


def test_ranges_in_carriers_give_a_low_end(tmp_path: Path) -> None:
    b = batch(tmp_path, ["2-4 tbsp jojoba oil", "30 drops lavender essential oil"])
    assert b.percent == pytest.approx(1.5 / (4 * 14.787 + 1.5) * 100)
    assert b.percent_low == pytest.approx(1.5 / (2 * 14.787 + 1.5) * 100)


@pytest.mark.parametrize(
    ("value", "limit", "text"),
    [
        (2.0, None, "2%"),
        (1.96, None, "2%"),
        (1.96, 2.0, "1.96%"),
        (2.04, 2.0, "2.04%"),
        (5.2, 5.0, "5.2%"),
        (0.332, 0.07, "0.33%"),
        (0.052, None, "0.052%"),
        (12.24, 10.0, "12%"),
    ],
)
def test_fmt_percent(value: float, limit: float | None, text: str) -> None:
    assert fmt_percent(value, limit) == text


def test_fmt_limit() -> None:
    assert [fmt_limit(x) for x in (0.07, 1.25, 2.5, 5.0)] == ["0.07%", "1.25%", "2.5%", "5%"]


LINES = [
    "1 cup granulated sugar", "2 tbsp sweet almond oil", "1 pinch sea salt", "3 dried rosebuds",
    "1/2 cup aloe vera gel", "1 tsp polysorbate 80", "10-12 drops lavender essential oil",
    "2 drops bergamot essential oil", "1 drop zzyzx essential oil", "1 oz shea butter",
    "0.5 ml jojoba oil", "5 drops peppermint oil", "1 tbsp lemon juice", "4 oz baking soda",
    "2 oz citric acid", "3 lemongrass essential oil", "1 ml cassia essential oil",
]  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picked=st.lists(st.sampled_from(LINES), min_size=1, max_size=6, unique=True),
    use=st.sampled_from(["leave-on", "face", "rinse-off", "bath", "diffuser", "inhaler"]),
    audience=st.sampled_from(["adult", "pregnancy", "child", "sensitive"]),
)
def test_any_recipe_is_assessed_without_a_crash(
    tmp_path: Path, picked: list[str], use: str, audience: str
) -> None:
    recipe = make_recipe(tmp_path, picked, use=use, audience=audience)
    found = assess(recipe)
    for finding in found.findings:
        assert finding.code in CODES
        assert finding.line is not None and finding.message
    assert found.dilution_percent is None or 0 <= found.dilution_percent <= 100
