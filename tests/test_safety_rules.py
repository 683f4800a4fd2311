"""Rules R1–R20, table-driven: each rule just below and just above its threshold.

A case is ``(ingredients, options, code, severity)``; ``severity`` None means "no finding
with this code". Drops are 0.05 ml (20 per ml), and the oil counts in the batch total.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from recipebook.cli import main
from recipebook.model import SafetyFacts

from .safety_support import facts, only

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
J30 = "30 ml jojoba oil"  # leave-on base: n drops → n·0.05 / (30 + n·0.05)
S60 = "60 ml sunflower oil"
FIGURES = {"EO-DILUTION", "EO-MAX-DERMAL", "EO-PHOTOTOXIC", "EO-BATH-DISPERSANT", "FORMULATION"}


def lav(n: int) -> str:
    return f"{n} drops lavender essential oil"


CASES: dict[str, tuple[list, dict, str, str | None]] = {
    # R1 leave-on adult: > 2.5% warn, > 5% error
    "R1 2.3% ok": ([J30, lav(14)], {}, "EO-DILUTION", None),
    "R1 2.8% warn": ([J30, lav(17)], {}, "EO-DILUTION", "warning"),
    "R1 4.8% warn": ([J30, lav(30)], {}, "EO-DILUTION", "warning"),
    "R1 5.2% error": ([J30, lav(33)], {}, "EO-DILUTION", "error"),
    # R2 face: > 1% warn, > 2.5% error
    "R2 0.8% ok": ([J30, lav(5)], {"use": "face"}, "EO-DILUTION", None),
    "R2 1.2% warn": ([J30, lav(7)], {"use": "face"}, "EO-DILUTION", "warning"),
    "R2 2.4% warn": ([J30, lav(15)], {"use": "face"}, "EO-DILUTION", "warning"),
    "R2 2.8% error": ([J30, lav(17)], {"use": "face"}, "EO-DILUTION", "error"),
    # R3 children (2–12: the 2–6 figures, 1% / 2%); babies by tag (0.25% / 0.5%; none < 3 months)
    "R3 child 0.8% ok": ([J30, lav(5)], {"audience": "child"}, "EO-DILUTION", None),
    "R3 child 1.2% warn": ([J30, lav(7)], {"audience": "child"}, "EO-DILUTION", "warning"),
    "R3 child 2.1% error": ([J30, lav(13)], {"audience": "child"}, "EO-DILUTION", "error"),
    "R3 baby 0.17% ok": ([J30, lav(1)], {"tags": ["baby"]}, "EO-DILUTION", None),
    "R3 baby 0.33% warn": ([J30, lav(2)], {"tags": ["baby"]}, "EO-DILUTION", "warning"),
    "R3 baby 0.66% error": ([J30, lav(4)], {"tags": ["baby"]}, "EO-DILUTION", "error"),
    "R3 newborn any error": ([J30, lav(1)], {"tags": ["newborn"]}, "EO-DILUTION", "error"),
    # R4 pregnancy and sensitive: > 1% warn, > 2% error
    "R4 pregnancy 0.8% ok": ([J30, lav(5)], {"audience": "pregnancy"}, "EO-DILUTION", None),
    "R4 pregnancy 1.2% warn": (
        [J30, lav(7)], {"audience": "pregnancy"}, "EO-DILUTION", "warning"),
    "R4 pregnancy 2.1% error": (
        [J30, lav(13)], {"audience": "pregnancy"}, "EO-DILUTION", "error"),
    "R4 sensitive 0.8% ok": ([J30, lav(5)], {"audience": "sensitive"}, "EO-DILUTION", None),
    "R4 sensitive 1.2% warn": (
        [J30, lav(7)], {"audience": "sensitive"}, "EO-DILUTION", "warning"),
    "R4 sensitive 2.1% error": (
        [J30, lav(13)], {"audience": "sensitive"}, "EO-DILUTION", "error"),
    # R5 per-oil dermal maximum (leave-on)
    "R5 ylang 0.66% ok": ([J30, "4 drops ylang ylang essential oil"], {}, "EO-MAX-DERMAL", None),
    "R5 ylang 0.99% error": (
        [J30, "6 drops ylang ylang essential oil"], {}, "EO-MAX-DERMAL", "error"),
    "R5 clove 0.33% ok": ([J30, "2 drops clove bud essential oil"], {}, "EO-MAX-DERMAL", None),
    "R5 clove 0.66% error": (
        [J30, "4 drops clove bud essential oil"], {}, "EO-MAX-DERMAL", "error"),
    "R5 lemongrass 0.66% ok": (
        [J30, "4 drops lemongrass essential oil"], {}, "EO-MAX-DERMAL", None),
    "R5 lemongrass 0.82% error": (
        [J30, "5 drops lemongrass essential oil"], {}, "EO-MAX-DERMAL", "error"),
    "R5 oregano 1.1%+ error": (
        [J30, "8 drops oregano essential oil"], {}, "EO-MAX-DERMAL", "error"),
    "R5 rinse-off not checked": (
        ["1 cup granulated sugar", "1/2 cup sunflower oil", "20 drops clove bud essential oil"],
        {"use": "rinse-off"}, "EO-MAX-DERMAL", None),
    "R5 child peppermint 0.33% ok": (
        [J30, "2 drops peppermint essential oil"], {"audience": "child"}, "EO-MAX-DERMAL", None),
    "R5 child peppermint 0.66% error": (
        [J30, "4 drops peppermint essential oil"], {"audience": "child"}, "EO-MAX-DERMAL",
        "error"),
    # R6 phototoxic oils in leave-on/face products
    "R6 bergamot 0.33% ok": (
        [S60, "4 drops bergamot (expressed) essential oil"], {}, "EO-PHOTOTOXIC", None),
    "R6 bergamot 0.5% error": (
        [S60, "6 drops bergamot (expressed) essential oil"], {}, "EO-PHOTOTOXIC", "error"),
    "R6 bergamot FCF 1.6% ok": (
        [S60, "20 drops bergamot FCF essential oil"], {}, "EO-PHOTOTOXIC", None),
    "R6 lime 0.66% ok": ([S60, "8 drops lime (cold-pressed) essential oil"], {},
                         "EO-PHOTOTOXIC", None),
    "R6 lime 0.82% error": ([S60, "10 drops lime (cold-pressed) essential oil"], {},
                            "EO-PHOTOTOXIC", "error"),
    "R6 distilled lime 1.6% ok": ([S60, "20 drops lime (steam-distilled) essential oil"], {},
                                  "EO-PHOTOTOXIC", None),
    "R6 lemon 1.8% ok": ([S60, "22 drops lemon (expressed) essential oil"], {},
                         "EO-PHOTOTOXIC", None),
    "R6 lemon 2.1% error": ([S60, "26 drops lemon (expressed) essential oil"], {},
                            "EO-PHOTOTOXIC", "error"),
    "R6 grapefruit 3.6% ok": ([S60, "45 drops grapefruit (expressed) essential oil"], {},
                              "EO-PHOTOTOXIC", None),
    "R6 grapefruit 4.4% error": ([S60, "55 drops grapefruit (expressed) essential oil"], {},
                                 "EO-PHOTOTOXIC", "error"),
    "R6 mandarin leaf 0.25% error": ([S60, "3 drops mandarin leaf essential oil"], {},
                                     "EO-PHOTOTOXIC", "error"),
    "R6 face counts as leave-on": ([J30, "4 drops bergamot (expressed) essential oil"],
                                   {"use": "face"}, "EO-PHOTOTOXIC", "error"),
    "R6 lemon + bergamot 0.91 ok": (
        [S60, "12 drops lemon (expressed) essential oil",
         "2 drops bergamot (expressed) essential oil"], {}, "EO-PHOTOTOXIC", None),
    "R6 lemon + bergamot + lime 1.14 error": (
        [S60, "12 drops lemon (expressed) essential oil",
         "2 drops bergamot (expressed) essential oil", "2 drops lime (expressed) essential oil"],
        {}, "EO-PHOTOTOXIC", "error"),
    "R6 no method named: warn": ([S60, "4 drops lemon essential oil"], {},
                                 "EO-PHOTOTOXIC", "warning"),
    "R6 rinse-off exempt": (
        ["1 cup granulated sugar", "1/2 cup sunflower oil", "30 drops bergamot essential oil"],
        {"use": "rinse-off"}, "EO-PHOTOTOXIC", None),
    "R6 bath exempt": (
        ["2 cups Epsom salt", "2 tbsp sunflower oil", "10 drops bergamot essential oil"],
        {"use": "bath"}, "EO-PHOTOTOXIC", None),
    # R7 bath product with nothing to disperse the oil
    "R7 salt only error": (["2 cups Epsom salt", lav(20)], {"use": "bath"},
                           "EO-BATH-DISPERSANT", "error"),
    "R7 milk and soda error": (
        ["2 cups Epsom salt", "1/2 cup baking soda", "1/2 cup whole milk", lav(10)],
        {"use": "bath", "shelf_life": "use at once"}, "EO-BATH-DISPERSANT", "error"),
    "R7 optional carrier error": (
        ["2 cups Epsom salt", "1 tbsp sunflower oil, optional", lav(20)], {"use": "bath"},
        "EO-BATH-DISPERSANT", "error"),
    "R7 carrier ok": (["2 cups Epsom salt", "1 tbsp sunflower oil", lav(20)], {"use": "bath"},
                      "EO-BATH-DISPERSANT", None),
    "R7 no oil no problem": (["2 cups Epsom salt"], {"use": "bath"}, "EO-BATH-DISPERSANT", None),
    # R8 solubiliser ratio
    "R8 polysorbate 1:1 ok": (["2 cups Epsom salt", "1/2 tsp polysorbate 80", lav(40)],
                              {"use": "bath"}, "EO-BATH-DISPERSANT", None),
    "R8 polysorbate 0.6:1 warn": (["2 cups Epsom salt", "1/4 tsp polysorbate 80", lav(40)],
                                  {"use": "bath"}, "EO-BATH-DISPERSANT", "warning"),
    "R8 Solubol 4:1 ok": (["2 cups Epsom salt", "2 tsp Solubol", lav(30)], {"use": "bath"},
                          "EO-BATH-DISPERSANT", None),
    "R8 Solubol 3.3:1 warn": (["2 cups Epsom salt", "1 tsp Solubol", lav(30)],
                              {"use": "bath"}, "EO-BATH-DISPERSANT", "warning"),
    # R9 drops per bath (15; 5 for children or sensitive skin)
    "R9 15 per bath ok": (["2 cups Epsom salt", "2 tbsp sunflower oil", lav(60)],
                          {"use": "bath", "yield_": "about 2 cups (4 baths)"}, "EO-DILUTION",
                          None),
    "R9 16 per bath warn": (["2 cups Epsom salt", "2 tbsp sunflower oil", lav(64)],
                            {"use": "bath", "yield_": "about 2 cups (4 baths)"}, "EO-DILUTION",
                            "warning"),
    "R9 sensitive 5 ok": (["2 cups Epsom salt", "2 tbsp sunflower oil", lav(20)],
                          {"use": "bath", "audience": "sensitive", "yield_": "4 baths"},
                          "EO-DILUTION", None),
    "R9 sensitive 6 warn": (["2 cups Epsom salt", "2 tbsp sunflower oil", lav(24)],
                            {"use": "bath", "audience": "sensitive", "yield_": "4 baths"},
                            "EO-DILUTION", "warning"),
    "R9 bombs, one per bath": (
        ["1 cup baking soda", "1/2 cup citric acid", "2 tbsp sunflower oil", lav(64)],
        {"use": "bath", "category": "bath-bomb", "yield_": "4 large bath bombs"},
        "EO-DILUTION", "warning"),
    # R10 bath bomb EO by weight > 3%
    "R10 bomb 2.2% ok": (
        ["1 cup baking soda", "1/2 cup citric acid", "2 tbsp sunflower oil",
         "2 tsp lavender essential oil"], {"use": "bath", "category": "bath-bomb"},
        "EO-DILUTION", None),
    "R10 bomb 3.3% warn": (
        ["1 cup baking soda", "1/2 cup citric acid", "2 tbsp sunflower oil",
         "3 tsp lavender essential oil"], {"use": "bath", "category": "bath-bomb"},
        "EO-DILUTION", "warning"),
    # R11 baking soda : citric acid by weight, 1.3 to 5
    "R11 2:1 ok": (["1 cup baking soda", "1/2 cup citric acid", "2 tbsp sunflower oil"],
                   {"use": "bath", "category": "bath-bomb"}, "FORMULATION", None),
    "R11 1:1 warn": (["1 cup baking soda", "1 cup citric acid", "2 tbsp sunflower oil"],
                     {"use": "bath", "category": "bath-bomb"}, "FORMULATION", "warning"),
    "R11 8:1 warn": (["1 cup baking soda", "2 tbsp citric acid", "2 tbsp sunflower oil"],
                     {"use": "bath", "category": "bath-bomb"}, "FORMULATION", "warning"),
    # R12 water without a preservative
    "R12 aloe error": (["1/2 cup aloe vera gel", lav(6)], {}, "PRESERVATIVE", "error"),
    "R12 vitamin E is no preservative": (
        ["1/2 cup aloe vera gel", "1/4 tsp vitamin E oil", lav(6)], {}, "PRESERVATIVE", "error"),
    "R12 rosemary extract is no preservative": (
        ["1/2 cup aloe vera gel", "1/4 tsp rosemary extract", lav(6)], {}, "PRESERVATIVE",
        "error"),
    "R12 preserved ok": (["1/2 cup aloe vera gel", "1/2 tsp phenoxyethanol", lav(6)], {},
                         "PRESERVATIVE", None),
    "R12 single use ok": (["1/2 cup aloe vera gel", lav(6)], {"shelf_life": "use at once"},
                          "PRESERVATIVE", None),
    "R12 scrub with juice error": (
        ["1 cup granulated sugar", "1/2 cup olive oil", "2 tbsp lemon juice", lav(6)],
        {"use": "rinse-off"}, "PRESERVATIVE", "error"),
    "R12 witch hazel spritz in a bath bomb ok": (
        ["1 cup baking soda", "1/2 cup citric acid", "1 tbsp witch hazel", "2 tbsp sunflower oil"],
        {"use": "bath", "category": "bath-bomb"}, "PRESERVATIVE", None),
    # R13 anhydrous shower products: a note; fresh add-ins: a warning
    "R13 anhydrous scrub: note only": (
        ["1 cup granulated sugar", "1/2 cup olive oil", lav(6)], {"use": "rinse-off"},
        "PRESERVATIVE", None),
    "R13 fresh zest warn": (
        ["1 cup granulated sugar", "1/2 cup olive oil", "1 tsp grated lemon zest", lav(6)],
        {"use": "rinse-off"}, "PRESERVATIVE", "warning"),
    "R13 dried zest ok": (
        ["1 cup granulated sugar", "1/2 cup olive oil", "1 tsp grated lemon zest, dried", lav(6)],
        {"use": "rinse-off"}, "PRESERVATIVE", None),
    "R13 fresh zest kept cold ok": (
        ["1 cup granulated sugar", "1/2 cup olive oil", "1 tsp grated lemon zest", lav(6)],
        {"use": "rinse-off", "storage": "In the fridge.", "shelf_life": "1 week"},
        "PRESERVATIVE", None),
    # R14 peppermint, cornmint, ≥ 40% cineole oils and children
    "R14 child face peppermint error": (
        [J30, "1 drop peppermint essential oil"], {"use": "face", "audience": "child"},
        "EO-AUDIENCE", "error"),
    "R14 child diffuser eucalyptus error": (
        ["2 drops eucalyptus essential oil"], {"use": "diffuser", "audience": "child"},
        "EO-AUDIENCE", "error"),
    "R14 child chest rub rosemary error": (
        [J30, "2 drops rosemary essential oil"], {"audience": "child", "title": "Chest Rub"},
        "EO-AUDIENCE", "error"),
    "R14 child body oil peppermint warn": (
        [J30, "1 drop peppermint essential oil"], {"audience": "child", "title": "Foot Oil"},
        "EO-AUDIENCE", "warning"),
    "R14 child lavender ok": ([J30, lav(3)], {"audience": "child"}, "EO-AUDIENCE", None),
    "R14 adult peppermint ok": ([J30, "2 drops peppermint essential oil"], {}, "EO-AUDIENCE",
                                None),
    # R15 wintergreen and sweet birch
    "R15 child wintergreen error": (
        [S60, "2 drops wintergreen essential oil"], {"audience": "child"}, "EO-AUDIENCE",
        "error"),
    "R15 pregnancy birch error": (
        [S60, "2 drops sweet birch essential oil"], {"audience": "pregnancy"}, "EO-AUDIENCE",
        "error"),
    "R15 adult wintergreen warn": (
        [S60, "2 drops wintergreen essential oil"], {}, "EO-AUDIENCE", "warning"),
    # R16 pregnancy avoid list (error) and wider caution list (warning)
    "R16 sage error": ([S60, "2 drops sage essential oil"], {"audience": "pregnancy"},
                       "EO-AUDIENCE", "error"),
    "R16 Lavandula stoechas error": (
        [S60, "2 drops Lavandula stoechas essential oil"], {"audience": "pregnancy"},
        "EO-AUDIENCE", "error"),
    "R16 jasmine warn": ([S60, "2 drops jasmine essential oil"], {"audience": "pregnancy"},
                         "EO-AUDIENCE", "warning"),
    "R16 lavender ok": ([S60, lav(4)], {"audience": "pregnancy"}, "EO-AUDIENCE", None),
    "R16 adult sage ok": ([S60, "2 drops sage essential oil"], {}, "EO-AUDIENCE", None),
    # R17 cat-toxic oils in a diffuser
    "R17 tea tree diffuser warn": (["3 drops tea tree essential oil"], {"use": "diffuser"},
                                   "EO-AUDIENCE", "warning"),
    "R17 lavender diffuser ok": ([lav(3)], {"use": "diffuser"}, "EO-AUDIENCE", None),
    "R17 tea tree on skin: no pet finding": (
        [J30, "3 drops tea tree essential oil"], {}, "EO-AUDIENCE", None),
    # R18 nut carriers: a label and a note, never a finding
    "R18 almond no finding": (["60 ml sweet almond oil", lav(6)], {}, "ALLERGEN", None),
    # R19 drop size declared smaller than 20 per ml
    "R19 30/ml crosses a limit at 20/ml": (
        [J30, lav(20)], {"drops_per_ml": 30}, "EO-DILUTION", "warning"),
    "R19 default drop size ok": ([J30, lav(14)], {}, "EO-DILUTION", None),
    # R20 any skin product: > 10% or neat → error; cassia/cinnamon bark anywhere → warning
    "R20 scrub 8% ok": (["100 g granulated sugar", "10 ml lavender essential oil"],
                        {"use": "rinse-off"}, "EO-DILUTION", None),
    "R20 scrub 11% error": (["100 g granulated sugar", "14 ml lavender essential oil"],
                            {"use": "rinse-off"}, "EO-DILUTION", "error"),
    "R20 neat error": ([lav(10), "5 drops frankincense essential oil"], {}, "EO-DILUTION",
                       "error"),
    "R20 cassia in a scrub warn": (
        ["1 cup granulated sugar", "1/2 cup olive oil", "2 drops cassia essential oil"],
        {"use": "rinse-off"}, "EO-MAX-DERMAL", "warning"),
    "R20 cinnamon bark 0.05% leave-on warn": (
        ["100 ml sunflower oil", "1 drop cinnamon bark essential oil"], {}, "EO-MAX-DERMAL",
        "warning"),
    "R20 cinnamon bark 0.08% leave-on error": (
        [S60, "1 drop cinnamon bark essential oil"], {}, "EO-MAX-DERMAL", "error"),
    "R20 diffuser neat ok": ([lav(5)], {"use": "diffuser"}, "EO-DILUTION", None),
    # EO-UNKNOWN
    "unknown oil warn": ([J30, "4 drops moonflower essential oil"], {}, "EO-UNKNOWN", "warning"),
    "known oil ok": ([J30, lav(4)], {}, "EO-UNKNOWN", None),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_rule(tmp_path: Path, case: str) -> None:
    ingredients, options, code, severity = CASES[case]
    found = facts(tmp_path, ingredients, **options)
    mine = only(found, code)
    if severity is None:
        assert mine == [], [f.message for f in found.findings]
    else:
        assert mine, f"no {code}: {[(f.code, f.message) for f in found.findings]}"
        worst = "error" if any(f.is_error for f in mine) else "warning"
        assert worst == severity, [f.message for f in mine]
        for finding in mine:
            assert finding.line is not None and finding.field
            if code in FIGURES:
                assert re.search(r"\d", finding.message), "messages give the figure"


def test_findings_point_at_the_ingredient_at_fault(tmp_path: Path) -> None:
    found = facts(tmp_path, [S60, lav(4), "6 drops bergamot (expressed) essential oil"])
    (finding,) = only(found, "EO-PHOTOTOXIC")
    assert finding.field == "ingredients[2]"
    assert finding.line == 8  # title, category, summary, use, ingredients:, then the lines


def test_total_dilution_points_at_the_strongest_oil(tmp_path: Path) -> None:
    adult = facts(tmp_path, [J30, lav(40)])
    assert only(adult, "EO-DILUTION")[0].field == "ingredients[1]"
    blend = facts(tmp_path, [J30, "4 drops peppermint essential oil", lav(30)], audience="child")
    assert only(blend, "EO-DILUTION")[0].field == "ingredients[2]"


def test_undiluted_findings_point_at_use(tmp_path: Path) -> None:
    neat = facts(tmp_path, [lav(10), "10 drops tea tree essential oil"])
    assert only(neat, "EO-DILUTION")[0].field == "use"


def test_dilution_message_says_figure_limit_and_what_to_do(tmp_path: Path) -> None:
    (finding,) = only(facts(tmp_path, [J30, lav(33)]), "EO-DILUTION")
    assert "5.2% of this leave-on product (33 drops in about 32 ml)" in finding.message
    assert "the maximum for adult leave-on products is 5%" in finding.message
    assert "use at most 15 drops for this batch (≈ 2.5%)" in finding.message


def test_phototoxic_message_example_from_the_issue(tmp_path: Path) -> None:
    (finding,) = only(
        facts(tmp_path, ["30 ml jojoba oil", "7 drops bergamot (expressed) essential oil"]),
        "EO-PHOTOTOXIC",
    )
    assert finding.message == (
        "bergamot (expressed) is 1.2% of this leave-on product; its phototoxic limit is 0.4% "
        "— use bergamot FCF (bergapten-free) or ≤ 2 drops per 30 ml (2 drops for this batch)"
    )


def test_combined_phototoxic_message_lists_each_share(tmp_path: Path) -> None:
    found = facts(
        tmp_path,
        [
            S60,
            "12 drops lemon (expressed) essential oil",
            "2 drops bergamot (expressed) essential oil",
            "2 drops lime (expressed) essential oil",
        ],
    )
    (finding,) = only(found, "EO-PHOTOTOXIC")
    assert finding.field == "ingredients[1]"  # the largest share
    assert "together the phototoxic oils use 114% of their safe limit" in finding.message
    for name in ("lemon (expressed)", "bergamot (expressed)", "lime (expressed)"):
        assert name in finding.message


def test_unknown_oil_names_itself_and_suggests(tmp_path: Path) -> None:
    (finding,) = only(facts(tmp_path, [J30, "4 drops lavendr essential oil"]), "EO-UNKNOWN")
    assert "'lavendr' is not in the safety catalogue" in finding.message
    assert finding.hint == "did you mean 'lavender essential oil'?"


def test_unconvertible_oil_amount_is_said(tmp_path: Path) -> None:
    found = facts(tmp_path, [J30, "3 lavender essential oil"])
    (finding,) = only(found, "EO-DILUTION")
    assert "is given as a count, with no unit" in finding.message


def _notes(found: SafetyFacts) -> str:
    return "\n".join(found.notes)


def test_notes_author_first_then_generated_without_duplicates(tmp_path: Path) -> None:
    found = facts(
        tmp_path,
        ["60 ml sweet almond oil", "4 drops bergamot (expressed) essential oil"],
        safety=["Patch test on your inner arm first.", "Do not use on broken skin."],
    )
    assert found.notes[:2] == ("Patch test on your inner arm first.", "Do not use on broken skin.")
    text = _notes(found)
    assert text.lower().count("patch test") == 1  # the author's covers it
    assert "12–18 hours" in text
    assert "sweet almond oil (tree nut)" in text
    assert len(set(found.notes)) == len(found.notes)
    assert found.phototoxic
    assert found.allergens == ("sweet almond oil (tree nut)",)


def test_coconut_is_not_labelled_a_nut(tmp_path: Path) -> None:
    found = facts(tmp_path, ["60 ml coconut oil", lav(6)])
    assert found.allergens == ()


def test_alternative_nut_oil_in_a_note_is_labelled(tmp_path: Path) -> None:
    found = facts(tmp_path, ["60 ml sunflower oil, or sweet almond oil", lav(6)])
    assert found.allergens == ("sweet almond oil (tree nut) if you choose it",)


def test_children_note_and_min_age(tmp_path: Path) -> None:
    found = facts(tmp_path, [J30, "2 drops peppermint essential oil", lav(8)])
    assert "Not for children under 6" in _notes(found)
    assert found.min_age == 6
    strong = facts(tmp_path, [J30, lav(20)])
    assert strong.min_age == 15
    wintergreen = facts(tmp_path, [S60, "2 drops wintergreen essential oil"])
    assert wintergreen.min_age == 16
    assert "Not for children:" in _notes(wintergreen)


def test_diffuser_notes_and_label(tmp_path: Path) -> None:
    found = facts(tmp_path, [lav(3), "1 drop cedarwood essential oil"], use="diffuser")
    text = _notes(found)
    assert "30–60 minutes" in text and "Pets" in text
    assert found.dilution_label == "4 drops (diffuser)"
    assert found.dilution_percent is None
    assert found.findings == ()


def test_pregnancy_note(tmp_path: Path) -> None:
    found = facts(tmp_path, [S60, lav(4)], audience="pregnancy")
    assert "first three months" in _notes(found)
    sage = facts(tmp_path, [S60, "1 drop sage essential oil"])
    assert "Not for use in pregnancy" in _notes(sage)


def test_labels(tmp_path: Path) -> None:
    assert facts(tmp_path, [J30, lav(12)]).dilution_label == "≈ 2% dilution"
    bomb = facts(
        tmp_path,
        [
            "8 oz baking soda",
            "4 oz citric acid",
            "4 oz Epsom salt",
            "4 oz cornstarch",
            "1 tsp polysorbate 80",
            "1 tsp lavender essential oil",
        ],
        use="bath",
        category="bath-bomb",
    )
    assert bomb.dilution_label == "≈ 0.8% essential oil by weight"
    assert bomb.dilution_basis == "w/w"
    assert facts(tmp_path, ["1 cup granulated sugar"], use="rinse-off").dilution_label is None


def test_rules_reference_page_lists_every_rule_and_code() -> None:
    page = (ROOT / "docs" / "safety-rules.md").read_text(encoding="utf-8")
    for number in range(1, 21):
        assert re.search(rf"\bR{number}\b", page), f"R{number}"
    for code in ("EO-DILUTION", "EO-MAX-DERMAL", "EO-PHOTOTOXIC", "EO-BATH-DISPERSANT",
                 "EO-AUDIENCE", "PRESERVATIVE", "EO-UNKNOWN", "FORMULATION"):  # fmt: skip
        assert code in page


# --- through the CLI, on a small project of fixture recipes ---------------------------------
EXPECT = re.compile(
    r"# expect: (?:none|(?P<code>\S+) (?P<severity>\S+) (?P<line>\d+) \| (?P<text>.+))"
)
SAFETY = sorted((FIXTURES / "safety").glob("*.yaml"))


@pytest.fixture
def safety_project(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    (root / "recipes").mkdir(parents=True)
    (root / "images").mkdir()
    shutil.copy(FIXTURES / "base" / "book.yaml", root / "book.yaml")
    for path in SAFETY:
        shutil.copy(path, root / "recipes" / path.name)
    return root


def test_validate_json_flags_each_unsafe_fixture(safety_project: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(safety_project), "validate", "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)
    for path in SAFETY:
        expect = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
        assert expect, path.name
        mine = [f for f in findings if f["file"] == f"recipes/{path.name}"]
        if expect["code"] is None:
            assert mine == [], (path.name, mine)
            continue
        matching = [f for f in mine if f["code"] == expect["code"]]
        assert matching, (path.name, mine)
        finding = matching[0]
        assert finding["severity"] == expect["severity"]
        assert finding["line"] == int(expect["line"])
        assert expect["text"] in finding["message"], finding["message"]


def test_list_shows_the_dilution(safety_project: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(safety_project), "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["file"]: row for row in json.loads(result.stdout)}
    safe = rows["recipes/safe-massage-oil.yaml"]
    assert safe["dilution"] == "≈ 2% dilution"
    assert safe["dilution_percent"] == pytest.approx(1.961, abs=0.01)


@pytest.mark.parametrize(
    ("yield_text", "title", "baths"),
    [
        ("about 2 cups (4 baths)", "Soak", 4),
        ("about 2 1/2 cups (4 to 5 baths)", "Soak", 4),
        ("8 small fizzies (use 1 or 2 per bath)", "Fizzies", 4),
        ("4 large bath bombs (2.5 in / 6.5 cm moulds)", "Bombs", 4),
        ("4 to 5 large bath bombs", "Bombs", 4),
        ("1 foot soak", "Foot Soak", 1),
        ("1 bath", "Soak", 1),
        ("about 1/2 cup", "Single Bath Soak", 1),
        ("about 2 cups", "Soak", None),
    ],
)
def test_bath_count_from_the_yield(
    tmp_path: Path, yield_text: str, title: str, baths: int | None
) -> None:
    from recipebook.safety.catalogue import load
    from recipebook.safety.context import Context
    from recipebook.safety.dilution import measure
    from recipebook.safety.formulation import bath_count

    from .safety_support import make_recipe

    recipe = make_recipe(
        tmp_path, ["2 cups Epsom salt", lav(10)], use="bath", title=title, yield_=yield_text
    )
    assert bath_count(Context(recipe, measure(recipe, load()), load())) == baths
