"""The safety catalogue: its size and sources, and name look-ups for oils and ingredients."""

from __future__ import annotations

import re

import pytest

from recipebook.safety.catalogue import US_CUP_ML, build, load, split_oil_name

CAT = load()
SOURCE = re.compile(r"^(\[\d{1,2}b?\])+$")


def test_sizes() -> None:
    assert len(CAT.oils) >= 40
    assert len(CAT.materials) >= 20
    assert sum(1 for m in CAT.materials if m.kind in ("carrier", "butter")) >= 10


def test_every_entry_cites_the_facts_file() -> None:
    for entry in (*CAT.oils, *CAT.materials):
        assert SOURCE.match(entry.sources), f"{entry.name}: sources {entry.sources!r}"
        for ref in re.findall(r"\d+", entry.sources):
            assert 1 <= int(ref) <= 91, entry.name


def test_oil_fields_have_known_values() -> None:
    for oil in CAT.oils:
        assert oil.pregnancy in (None, "avoid", "caution"), oil.name
        assert oil.children in (None, "never", "face"), oil.name
        assert oil.method in (None, "expressed", "distilled", "fcf"), oil.name
        for limit in (oil.phototoxic, oil.dermal_max, oil.dermal_advised, oil.child_max):
            assert limit is None or 0 <= limit <= 10, oil.name
        assert 0.8 <= oil.density <= 1.2


@pytest.mark.parametrize(
    ("authored", "expected", "assumed"),
    [
        ("bergamot", "bergamot (expressed)", True),
        ("Bergamot (bergapten-free)", "bergamot FCF (bergapten-free)", False),
        ("bergamot FCF", "bergamot FCF (bergapten-free)", False),
        ("bergaptene-free bergamot", "bergamot FCF (bergapten-free)", False),
        ("Bergamot (cold-pressed)", "bergamot (expressed)", False),
        ("lemon", "lemon (expressed)", True),
        ("lemon (steam-distilled)", "lemon (steam-distilled)", False),
        ("Lemon, distilled", "lemon (steam-distilled)", False),
        ("cold pressed lime", "lime (expressed)", False),
        ("lime (steam distilled)", "lime (steam-distilled)", False),
        ("grapefruit", "grapefruit (expressed)", True),
        ("bitter orange", "bitter orange (expressed)", True),
        ("sweet orange", "sweet orange", False),
        ("Sweet Orange (cold-pressed)", "sweet orange", False),
        ("wild orange", "sweet orange", False),
        ("mandarin", "mandarin", False),
        ("red mandarin", "mandarin", False),
        ("mandarin leaf", "mandarin leaf (petitgrain mandarin)", False),
        ("petitgrain mandarin", "mandarin leaf (petitgrain mandarin)", False),
        ("petitgrain", "petitgrain", False),
        ("cinnamon bark", "cinnamon bark", False),
        ("cinnamon", "cinnamon bark", False),
        ("cinnamon leaf", "cinnamon leaf", False),
        ("eucalyptus", "eucalyptus globulus", False),
        ("Eucalyptus radiata", "eucalyptus radiata", False),
        ("lemon eucalyptus", "lemon eucalyptus", False),
        ("organic lavender", "lavender", False),
        ("Lavender (Lavandula angustifolia)", "lavender", False),
        ("spike lavender", "spike lavender", False),
        ("Lavandula stoechas", "Spanish lavender (Lavandula stoechas)", False),
        ("Ylang-Ylang", "ylang ylang", False),
        ("peppermint", "peppermint", False),
        ("cornmint", "cornmint", False),
        ("spearmint", "spearmint", False),
        ("rosemary", "rosemary (ct. cineole)", False),
        ("rosemary ct. camphor", "rosemary (ct. camphor)", False),
        ("Roman chamomile", "Roman chamomile", False),
        ("german chamomile", "German chamomile", False),
        ("rose geranium", "rose geranium", False),
        ("clary sage", "clary sage", False),
        ("sage", "sage (Salvia officinalis)", False),
        ("clove bud", "clove bud", False),
        ("may chang", "may chang (Litsea cubeba)", False),
        ("holy basil", "holy basil (tulsi)", False),
        ("basil", "basil (ct. estragole)", False),
        ("basil ct. linalool", "basil (ct. linalool)", False),
        ("sweet birch", "sweet birch", False),
        ("wintergreen", "wintergreen", False),
        ("tea tree", "tea tree", False),
        ("Frankincense", "frankincense", False),
        ("rose otto", "rose otto", False),
        ("rose absolute", "rose absolute", False),
        ("angelica root", "angelica root", False),
        ("angelica seed", "angelica seed", False),
        ("sweet marjoram", "sweet marjoram", False),
        ("pennyroyal", "pennyroyal", False),
    ],
)
def test_oil_names(authored: str, expected: str, assumed: bool) -> None:
    match = CAT.oil(authored)
    assert match is not None, authored
    assert match.oil.name == expected
    assert match.assumed is assumed


def test_a_method_the_catalogue_lacks_is_checked_as_the_stricter_form() -> None:
    match = CAT.oil("grapefruit (steam-distilled)")
    assert match is not None and match.oil.name == "grapefruit (expressed)"
    assert match.remark and "checked as grapefruit (expressed)" in match.remark


@pytest.mark.parametrize("name", ["moonflower", "", "lemonade", "essential"])
def test_unknown_oils(name: str) -> None:
    assert CAT.oil(name) is None


def test_suggestion_for_a_typo() -> None:
    assert CAT.suggest_oil("lavendr") == "lavender"


def test_split_oil_name() -> None:
    assert split_oil_name("Lemon (Cold-Pressed)") == ("lemon", "expressed")
    assert split_oil_name("bergamot FCF") == ("bergamot", "fcf")
    assert split_oil_name("Rosemary C.T. camphor") == ("rosemary ct camphor", None)
    assert split_oil_name("pure organic lavender oil") == ("lavender", None)


@pytest.mark.parametrize(
    ("item", "name", "kind"),
    [
        ("granulated sugar", "granulated sugar", "sugar"),
        ("brown sugar", "brown sugar", "sugar"),
        ("Epsom salt", "Epsom salt", "salt"),
        ("Epsom salts", "Epsom salt", "salt"),
        ("fine sea salt", "sea salt", "salt"),
        ("pink Himalayan salt", "sea salt", "salt"),
        ("sweet almond oil", "sweet almond oil", "carrier"),
        ("fractionated coconut oil", "fractionated coconut oil", "carrier"),
        ("melted coconut oil", "coconut oil", "carrier"),
        ("polysorbate 80", "polysorbate 80", "solubiliser"),
        ("Polysorbate 20", "polysorbate 20", "solubiliser"),
        ("Solubol", "Solubol", "solubiliser"),
        ("dried lavender buds", "dried botanicals", "botanical"),
        ("kaolin clay", "kaolin clay", "clay"),
        ("colloidal oatmeal", "colloidal oatmeal", "grain"),
        ("vitamin E oil", "vitamin E", "antioxidant"),
        ("rosemary extract", "rosemary extract", "antioxidant"),
        ("raw honey", "honey", "humectant"),
        ("vegetable glycerin", "glycerin", "humectant"),
        ("isopropyl alcohol (99%)", "alcohol", "alcohol"),
        ("shea butter", "shea butter", "butter"),
        ("cocoa butter", "cocoa butter", "butter"),
        ("beeswax", "beeswax", "wax"),
        ("baking soda", "baking soda", "powder"),
        ("citric acid", "citric acid", "powder"),
        ("cornstarch", "cornstarch", "powder"),
        ("witch hazel", "witch hazel", "water"),
        ("distilled water", "water", "water"),
        ("rose hydrosol", "water", "water"),
        ("aloe vera gel", "aloe vera gel", "water"),
        ("whole milk", "milk", "water"),
        ("plain yogurt", "yogurt", "water"),
        ("mashed banana", "fresh fruit", "water"),
        ("milk powder", "milk powder", "powder"),
        ("grated lemon zest", "fresh add-in", "fresh"),
        ("phenoxyethanol", "broad-spectrum preservative", "preservative"),
        ("coffee grounds", "coffee grounds", "grain"),
        ("used coffee grounds", "fresh add-in", "fresh"),
        ("jojoba oil", "jojoba oil", "carrier"),
        ("hemp seed oil", "other vegetable oil", "carrier"),
        ("castile soap", "emulsifier or surfactant", "emulsifier"),
    ],
)
def test_material_names(item: str, name: str, kind: str) -> None:
    material = CAT.material(item)
    assert material is not None, item
    assert (material.name, material.kind) == (name, kind)


def test_unknown_material_is_none() -> None:
    assert CAT.material("blank aromatherapy inhaler") is None


@pytest.mark.parametrize(
    ("item", "nut"),
    [
        ("sweet almond oil", "tree nut"),
        ("shea butter", "tree nut"),
        ("argan oil", "tree nut"),
        ("macadamia oil", "tree nut"),
        ("ground almonds", "tree nut"),
        ("coconut oil", None),
        ("jojoba oil", None),
        ("apricot kernel oil", None),
        ("sunflower oil", None),
    ],
)
def test_nut_flags(item: str, nut: str | None) -> None:
    material = CAT.material(item)
    assert material is not None
    assert material.nut == nut


@pytest.mark.parametrize(
    ("item", "grams_per_cup"),
    [
        ("granulated sugar", 200),
        ("brown sugar", 220),
        ("Epsom salt", 227),
        ("fine sea salt", 227),
        ("baking soda", 240),
        ("citric acid", 240),
        ("cornstarch", 128),
        ("coconut oil", 218),
        ("sweet almond oil", 216),
        ("jojoba oil", 204),
        ("honey", 340),
        ("cocoa butter", 210),
        ("beeswax", 227),
        ("rolled oats", 85),
        ("coffee grounds", 71),
    ],
)
def test_densities_from_the_facts_file(item: str, grams_per_cup: float) -> None:
    material = CAT.material(item)
    assert material is not None
    assert material.density * US_CUP_ML == pytest.approx(grams_per_cup)


def test_solubiliser_ratios() -> None:
    ratios = {m.name: m.ratio for m in CAT.materials if m.kind == "solubiliser"}
    assert ratios["polysorbate 20"] == ratios["polysorbate 80"] == 1
    assert ratios["Solubol"] == 4
    assert ratios["natural solubiliser"] == 5


def test_what_disperses_in_a_bath() -> None:
    yes = ["sunflower oil", "shea butter", "polysorbate 80", "Solubol", "castile soap"]
    no = ["Epsom salt", "sea salt", "baking soda", "whole milk", "cornstarch", "glycerin",
          "vodka", "witch hazel", "honey"]  # fmt: skip
    for item in yes:
        assert CAT.material(item).disperses, item  # type: ignore[union-attr]
    for item in no:
        assert not CAT.material(item).disperses, item  # type: ignore[union-attr]


def test_vitamin_e_and_rosemary_extract_are_not_preservatives() -> None:
    for item in ("vitamin E oil", "tocopherol", "rosemary extract", "ROE"):
        assert CAT.material(item).kind == "antioxidant", item  # type: ignore[union-attr]


def test_build_from_data_first_alias_wins() -> None:
    data = {
        "oils": [
            {"name": "a", "aliases": ["same"], "sources": "[1]"},
            {"name": "b", "aliases": ["same"], "sources": "[1]"},
        ],
        "materials": [{"name": "m", "aliases": ["thing"], "kind": "other", "sources": "[1]"}],
    }
    small = build(data)
    assert small.oil("same").oil.name == "a"  # type: ignore[union-attr]
    assert small.material("a thing").density == 1.0  # type: ignore[union-attr]
