"""Amounts, units, short-form ingredients and durations, including property tests."""

from __future__ import annotations

import contextlib
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recipebook.model import format_minutes, slugify
from recipebook.quantities import (
    ParseError,
    parse_amount,
    parse_duration,
    parse_short_form,
    parse_unit,
)
from recipebook.units import UNITS, alias_words


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("2", 2, 2),
        ("1.5", Fraction(3, 2), Fraction(3, 2)),
        ("1/2", Fraction(1, 2), Fraction(1, 2)),
        ("1 1/2", Fraction(3, 2), Fraction(3, 2)),
        ("½", Fraction(1, 2), Fraction(1, 2)),
        ("1½", Fraction(3, 2), Fraction(3, 2)),
        ("10-12", 10, 12),
        ("10–12", 10, 12),
        ("10 to 12", 10, 12),
        ("1/2-1", Fraction(1, 2), 1),
        (".5", Fraction(1, 2), Fraction(1, 2)),
    ],
)
def test_amounts(text: str, low, high) -> None:
    amount = parse_amount(text)
    assert (amount.low, amount.high) == (Fraction(low), Fraction(high))
    assert amount.text == text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1/0", "divides by zero"),
        ("9" * 400, "far too large"),
        ("0", "zero"),
        ("-3", "negative"),
        ("12-10", "goes down"),
        ("lots", "not an amount"),
    ],
)
def test_bad_amounts(text: str, words: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_amount(text)
    assert info.value.code == "AMOUNT"
    assert words in info.value.message


@pytest.mark.parametrize(
    ("line", "display", "item", "note"),
    [
        ("1 cup granulated sugar", "1 cup (237 ml)", "granulated sugar", None),
        ("1/2 cup sweet almond oil, or jojoba", "½ cup (118 ml)", "sweet almond oil", "or jojoba"),
        ("10-12 drops lavender essential oil", "10–12 drops", "lavender essential oil", None),
        ("2 dried rosebuds", "2", "dried rosebuds", None),
        ("1 fl oz jojoba oil", "1 fl oz (30 ml)", "jojoba oil", None),
        ("30 ml jojoba oil", "30 ml (2 tbsp)", "jojoba oil", None),
        ("2 Tablespoons shea butter, melted", "2 tbsp (30 ml)", "shea butter", "melted"),
        ("8 oz baking soda", "8 oz (227 g)", "baking soda", None),
        ("1 pinch of sea salt", "1 pinch", "sea salt", None),
        ("250 g Epsom salt", "250 g (8¾ oz)", "Epsom salt", None),
    ],
)
def test_short_form(line: str, display: str, item: str, note: str | None) -> None:
    parsed = parse_short_form(line)
    assert parsed.quantity is not None
    assert parsed.quantity.display("both") == display
    assert (parsed.item, parsed.note) == (item, note)


def test_units_setting_controls_conversions() -> None:
    cup = parse_short_form("1/2 cup sugar").quantity
    grams = parse_short_form("100 g sugar").quantity
    assert cup.display("us") == "½ cup"
    assert cup.display("metric") == "½ cup (118 ml)"
    assert grams.display("metric") == "100 g"
    assert grams.display("us") == "100 g (3½ oz)"


def test_conversion_constants_match_the_contract() -> None:
    assert UNITS["cup"].factor == 236.588
    assert UNITS["tbsp"].factor == 14.787
    assert UNITS["tsp"].factor == 4.929
    assert UNITS["fl oz"].factor == 29.574
    assert UNITS["oz"].factor == 28.35
    drops = parse_short_form("20 drops lavender essential oil").quantity
    assert drops.millilitres() == 1.0
    assert drops.millilitres(drops_per_ml=40) == 0.5


@pytest.mark.parametrize(
    ("text", "code", "hint"),
    [
        ("2 handfuls rose petals", "UNIT", "known units"),
        ("2 tbps honey", "UNIT", "did you mean 'tbsp'?"),
        ("sugar to taste", "AMOUNT", "long form"),
    ],
)
def test_short_form_errors(text: str, code: str, hint: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_short_form(text)
    assert info.value.code == code
    assert hint in info.value.hint


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("10 min", 10, 10), ("1 h 30 min", 90, 90), ("2 days", 2880, 2880), ("24-48 h", 1440, 2880)],
)
def test_durations(text: str, low: float, high: float) -> None:
    duration = parse_duration(text)
    assert (duration.minutes_low, duration.minutes_high) == (low, high)
    assert str(duration) == text


def test_format_minutes() -> None:
    assert format_minutes(90, 90) == "1 h 30 min"
    assert format_minutes(2880, 2880) == "2 days"
    assert format_minutes(2935, 2935) == "2 days"
    assert format_minutes(1440, 1440) == "1 day"
    assert format_minutes(1470, 2910) == "1–2 days"
    assert format_minutes(36 * 60, 36 * 60) == "36 h"
    assert format_minutes(10, 15) == "10–15 min"


def test_slugs() -> None:
    assert slugify("Lavender & Honey Sugar Scrub") == "lavender-honey-sugar-scrub"
    assert slugify("Crème Brûlée Bath Bomb") == "creme-brulee-bath-bomb"
    assert slugify("Ромашка") == "recipe"
    assert len(slugify("x" * 500)) == 80


# --- properties --------------------------------------------------------------------------

fractions = st.fractions(min_value=Fraction(1, 16), max_value=1000, max_denominator=16)


@given(st.integers(1, 99_999))
def test_integer_round_trip(value: int) -> None:
    amount = parse_amount(str(value))
    assert amount.low == amount.high == value


@given(st.integers(0, 50), st.integers(1, 15), st.integers(2, 16))
def test_mixed_fraction_round_trip(whole: int, numerator: int, denominator: int) -> None:
    text = f"{whole} {numerator}/{denominator}" if whole else f"{numerator}/{denominator}"
    assert parse_amount(text).low == whole + Fraction(numerator, denominator)


@given(st.integers(1, 500), st.integers(0, 500))
def test_range_round_trip(low: int, extra: int) -> None:
    for sep in ("-", "–", " to "):
        amount = parse_amount(f"{low}{sep}{low + extra}")
        assert (amount.low, amount.high) == (low, low + extra)


@given(st.sampled_from(sorted(alias_words())), st.integers(1, 100))
def test_every_unit_alias_parses(alias: str, amount: int) -> None:
    parsed = parse_short_form(f"{amount} {alias} something nice")
    assert parsed.quantity is not None
    assert parsed.quantity.unit is not None
    assert parsed.item == "something nice"
    assert parse_unit(alias.upper()) == parsed.quantity.unit


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_arbitrary_text_never_crashes(text: str) -> None:
    for parse in (parse_amount, parse_short_form, parse_duration):
        with contextlib.suppress(ParseError):
            parse(text)


@given(fractions, st.sampled_from(["cup", "tbsp", "tsp", "ml", "g", "oz", "fl oz", "lb"]))
def test_display_always_keeps_the_authored_amount(value: Fraction, unit: str) -> None:
    whole, rest = divmod(value, 1)
    text = f"{whole} {rest.numerator}/{rest.denominator}" if rest and whole else str(value)
    parsed = parse_short_form(f"{text} {unit} sugar")
    shown = parsed.quantity.display("both")
    assert shown.startswith(parsed.quantity.authored())


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("about 1 1/2 cups", "about 1 1/2 cups (355 ml)"),
        ("makes 2 cups (4 baths)", "makes 2 cups (473 ml; 4 baths)"),
        ("about 250 ml", "about 250 ml (1 cup)"),
        ("2 fl oz (60 ml)", "2 fl oz (60 ml)"),
        ("8 bath bombs", "8 bath bombs"),
        ("one 10 ml roller bottle", "one 10 ml roller bottle"),
    ],
)
def test_text_yields_get_their_conversion(text: str, shown: str) -> None:
    from recipebook.model import Yield

    assert Yield(text=text).display("both") == shown
    assert Yield(text=text).display("us").startswith(text.split(" (")[0])
