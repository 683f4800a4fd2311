"""Acceptance: recipes written the way a hobbyist writes them, well either side of each limit.

Every case is one recipe file in one project, validated once through the CLI
(``recipebook -C project validate --format json``) and listed once (``list --format json``).
A case names the findings it must get — code, severity, the line it points at (a piece of
that line's text) and words its message must contain — and, when ``clean``, that it gets
nothing else (it passes ``validate --strict``). Dilutions are checked against hand
arithmetic: 20 drops per ml, US cup 236.588 ml, tbsp 14.787 ml, tsp 4.929 ml, fl oz
29.574 ml, oz 28.35 g; grams per cup from the facts file; essential oil 0.9 g/ml.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from recipebook.cli import main

CUP, TBSP, TSP, FLOZ = 236.588, 14.787, 4.929, 29.574
DROP = 0.05  # ml, at 20 drops per ml

E, M, P, B = "EO-DILUTION", "EO-MAX-DERMAL", "EO-PHOTOTOXIC", "EO-BATH-DISPERSANT"
A, PR, U, F = "EO-AUDIENCE", "PRESERVATIVE", "EO-UNKNOWN", "FORMULATION"
MO, BL, SC, BB, BS = "massage-oil", "essential-oil-blend", "body-scrub", "bath-bomb", "bath-salt"
ERR, WARN = "error", "warning"

BOOK = """\
title: Acceptance Book
author: Test Author
chapters:
  - {id: body-scrub, title: Body Scrubs}
  - {id: bath-bomb, title: Bath Bombs}
  - {id: bath-salt, title: Bath Salts}
  - {id: massage-oil, title: Massage Oils}
  - {id: essential-oil-blend, title: Essential-Oil Blends}
"""


def vv(eo_ml: float, rest_ml: float) -> float:
    """% by volume, the oil counted in the batch."""
    return 100 * eo_ml / (eo_ml + rest_ml)


def ww(eo_ml: float, rest_g: float) -> float:
    """% by weight, essential oil at 0.9 g/ml."""
    return 100 * eo_ml * 0.9 / (eo_ml * 0.9 + rest_g)


def per_cup(grams: float) -> float:
    return grams / CUP


#: An expected finding: code, severity (None: none with this code), a piece of the text of
#: the line it points at (None: any line), words its message contains.
Expect = tuple[str, str | None, str | None, tuple[str, ...]]


@dataclass(frozen=True)
class Case:
    category: str
    ingredients: list[str | dict[str, str]]
    expect: tuple[Expect, ...] = ()
    clean: bool = False  # nothing but the expected findings
    percent: float | None = None  # `list` dilution_percent
    fields: dict[str, str] = field(default_factory=dict)  # use, audience, yield, tags…
    steps: tuple[str, ...] = ("Mix everything together in a clean bowl.",)


def c(
    category: str,
    ingredients: list[str | dict[str, str]],
    *expect: Expect,
    clean: bool = False,
    percent: float | None = None,
    steps: tuple[str, ...] | list[str] = (),
    **f: str,
) -> Case:
    """A case; keyword arguments become recipe fields (``yield_`` → ``yield``)."""
    return Case(
        category,
        ingredients,
        tuple(expect),
        clean,
        percent,
        {k.rstrip("_"): v for k, v in f.items()},
        tuple(steps) or ("Mix everything together in a clean bowl.",),
    )


def x(code: str, severity: str | None, where: str | None = None, *words: str) -> Expect:
    """An expected finding; ``severity`` None: no finding with this code."""
    return (code, severity, where, words)


LAV = "lavender essential oil"
CASES: dict[str, Case] = {
    # --- R1 adult leave-on: > 2.5% warn, > 5% error ------------------------------------
    "R1 6 drops per fl oz (1%)": c(
        MO, ["1 fl oz sweet almond oil", f"6 drops {LAV}"], clean=True, percent=vv(0.3, FLOZ)
    ),
    "R1 12 drops in 2 tbsp (2%)": c(
        MO,
        ["2 tbsp jojoba oil", f"6 drops {LAV}", "4 drops sweet marjoram essential oil",
         "2 drops frankincense essential oil"],
        clean=True, percent=vv(0.6, 2 * TBSP),
    ),
    "R1 24 drops in 30 ml (3.8%)": c(
        MO,
        ["30 ml fractionated coconut oil", f"12 drops {LAV}",
         "8 drops black pepper essential oil", "4 drops ginger essential oil"],
        x(E, WARN, "12 drops lavender", "3.8%", "2.5%", "15 drops"), percent=vv(1.2, 30),
    ),
    "R1 36 drops in 30 ml (5.7%)": c(
        MO, ["30 ml grapeseed oil", f"20 drops {LAV}", "16 drops rosemary essential oil"],
        x(E, ERR, "20 drops lavender", "5.7%", "5%"), percent=vv(1.8, 30),
    ),
    "R1 range counts its upper end": c(
        MO, ["1/4 cup sunflower oil", f"25-35 drops {LAV}"],
        x(E, WARN, None, "2.9%", "US cups"), percent=vv(1.75, CUP / 4),
    ),
    "R1 range within": c(
        MO, ["1/4 cup sunflower oil", f"10 to 12 drops {LAV}"], clean=True,
        percent=vv(0.6, CUP / 4),
    ),
    "R1 oil in tsp and glyphs": c(
        MO, ["¼ cup jojoba oil", f"1½ tsp {LAV}"], x(E, ERR, None, "11%", "5%"),
        percent=vv(1.5 * TSP, CUP / 4),
    ),
    "R1 long form, use written": c(
        MO,
        [{"item": "sweet almond oil", "amount": "2", "unit": "fl oz"},
         {"item": LAV, "amount": "40", "unit": "drops"}],
        x(E, WARN, "lavender", "3.3%"), use="leave-on", percent=vv(2.0, 2 * FLOZ),
    ),
    "R1 20% keeps its zero": c(
        BL, ["8 ml sweet almond oil", f"2 ml {LAV}"], x(E, ERR, "2 ml lavender", "20%", "5%"),
        use="leave-on", percent=20.0,
    ),
    "R1 cups": c(MO, ["1 cup sunflower oil", f"40 drops {LAV}"], clean=True, percent=vv(2, CUP)),
    "R1 balm by weight of butters": c(
        MO, ["2 oz shea butter", "2 oz cocoa butter", "2 oz beeswax", f"40 drops {LAV}"],
        clean=True,
    ),
    "R1 whipped butter": c(
        MO, ["1/2 cup shea butter", "1/4 cup coconut oil", f"30 drops {LAV}"], clean=True,
        percent=vv(1.5, 0.75 * CUP),
    ),
    "R1 oil by weight": c(
        MO, ["100 g shea butter", f"2 g {LAV}"], clean=True,
        percent=vv(2 / 0.9, 100 / per_cup(210)),
    ),
    # --- R20 undiluted and over 10% ------------------------------------------------------
    "R20 neat roller": c(
        BL, [f"10 drops {LAV}", "10 drops tea tree essential oil"],
        x(E, ERR, "use:", "undiluted", "carrier"), use="leave-on", clean=True,
    ),
    "R20 neat ml blend: the undiluted error alone": c(
        BL, [f"5 ml {LAV}", "5 ml peppermint essential oil"],
        x(E, ERR, "use:", "undiluted"), x(M, None), use="leave-on", clean=True,
    ),
    "R20 scrub over 10%": c(
        SC, ["1/2 cup granulated sugar", "1/4 cup sunflower oil", f"2 tbsp {LAV}"],
        x(E, ERR, "2 tbsp lavender", "10%"),
    ),
    "R20 rinse-off 20%": c(
        BL, ["8 ml liquid castile soap", f"2 ml {LAV}"], x(E, ERR, "2 ml lavender", "20%", "10%"),
        use="rinse-off",
    ),
    "R20 carrier added per use is counted": c(
        BL, [f"2 drops {LAV}", "1 tsp jojoba oil, per use"], use="leave-on", clean=True,
        percent=vv(0.1, TSP),
    ),
    # --- R2 face: > 1% warn, > 2.5% error --------------------------------------------------
    "R2 face 0.5%": c(
        BL, ["30 ml jojoba oil", "3 drops frankincense essential oil"], use="face",
        clean=True, percent=vv(0.15, 30),
    ),
    "R2 face 6 drops per fl oz is the charts' 1%": c(
        BL, ["1 fl oz jojoba oil", f"6 drops {LAV}"], use="face", clean=True
    ),
    "R2 face 1.5%": c(
        BL, ["30 ml jojoba oil", "5 drops frankincense essential oil", f"4 drops {LAV}"],
        x(E, WARN, "5 drops frankincense", "1.5%", "1%"), use="face",
    ),
    "R2 face 3.1%": c(
        BL, ["30 ml rosehip oil", "10 drops frankincense essential oil", f"9 drops {LAV}"],
        x(E, ERR, "10 drops frankincense", "3.1%", "2.5%"), use="face",
    ),
    # --- R4 pregnancy and sensitive: > 1% warn, > 2% error ----------------------------------
    **{
        f"R4 {who} {label}": c(
            MO, ["2 fl oz sunflower oil", f"{drops} drops {LAV}"],
            *((x(E, sev, "drops lavender", *words),) if sev else ()),
            audience=who, clean=True, percent=vv(drops * DROP, 2 * FLOZ),
        )
        for who in ("pregnancy", "sensitive")
        for label, drops, sev, words in (
            ("0.5%", 6, None, ()),
            ("1.5%", 18, WARN, ("1.5%", "1%")),
            ("2.9%", 36, ERR, ("3%", "2%")),
        )
    },
    "R4 audience from a pregnancy tag": c(
        MO, ["2 fl oz sunflower oil", f"36 drops {LAV}"],
        x(E, ERR, "36 drops lavender", "pregnancy"),
        tags="[pregnancy, massage]",
    ),
    "R4 sensitive face": c(
        BL, ["30 ml jojoba oil", f"9 drops {LAV}"], x(E, WARN, None, "1.5%"),
        use="face", audience="sensitive",
    ),
    # --- R3 children: audience child (2–12) uses the 2–6 figures, 1% / 2% -----------------
    "R3 child 0.5%": c(
        MO, ["2 tbsp sunflower oil", f"3 drops {LAV}"], audience="child", clean=True
    ),
    "R3 child 1 drop per tsp is the charts' 1%": c(
        MO, ["4 tsp sunflower oil", f"4 drops {LAV}"], audience="child", clean=True
    ),
    "R3 child 1.5%": c(
        MO, ["2 tbsp sunflower oil", f"9 drops {LAV}"],
        x(E, WARN, "9 drops lavender", "1.5%", "1%"),
        audience="child",
    ),
    "R3 child 3%": c(
        MO, ["2 tbsp sunflower oil", f"18 drops {LAV}"], x(E, ERR, "18 drops lavender", "3%", "2%"),
        audience="child",
    ),
    "R3 baby tag 3 drops per fl oz warns, does not stop the book": c(
        MO, ["1 fl oz sunflower oil", f"3 drops {LAV}"], x(E, WARN, "3 drops lavender", "0.25%"),
        tags="[baby, bedtime]", clean=True,
    ),
    "R3 newborn tag any oil": c(
        MO, ["2 tbsp sunflower oil", f"1 drop {LAV}"], x(E, ERR, "1 drop lavender"),
        tags="[newborn]",
    ),
    # --- R6 phototoxic oils (leave-on and face only) --------------------------------------
    "R6 bergamot expressed 1 drop per 30 ml": c(
        BL, ["30 ml jojoba oil", "1 drop bergamot (expressed) essential oil", f"5 drops {LAV}"],
        use="leave-on", clean=True,
    ),
    "R6 bergamot expressed 4 drops per 30 ml": c(
        BL, ["30 ml jojoba oil", "4 drops bergamot (expressed) essential oil", f"4 drops {LAV}"],
        x(P, ERR, "bergamot", "0.66%", "0.4%", "FCF", "2 drops per 30 ml"), use="leave-on",
    ),
    "R6 cold-pressed bergamot in a face oil": c(
        BL, ["1 fl oz jojoba oil", "4 drops cold-pressed bergamot essential oil"],
        x(P, ERR, "bergamot", "0.4%"), use="face",
    ),
    "R6 bergamot with no method, under its limit: warned": c(
        BL, ["30 ml jojoba oil", "1 drop bergamot essential oil", f"5 drops {LAV}"],
        x(P, WARN, "bergamot", "expressed"), use="leave-on", clean=True,
    ),
    "R6 bergamot with no method, over": c(
        BL, ["30 ml jojoba oil", "4 drops bergamot essential oil"], x(P, ERR, "bergamot", "0.4%"),
        use="leave-on",
    ),
    "R6 bergamot FCF": c(
        BL, ["30 ml jojoba oil", "8 drops bergamot FCF essential oil"], use="leave-on",
        clean=True,
    ),
    "R6 bergaptene-free": c(
        BL, ["30 ml jojoba oil", "8 drops bergamot (bergaptene-free) essential oil"],
        use="leave-on", clean=True,
    ),
    "R6 bergapten-free after the words essential oil": c(
        BL, ["30 ml jojoba oil", "8 drops bergamot essential oil (bergapten-free)"],
        use="leave-on", clean=True, percent=vv(0.4, 30),
    ),
    "R6 rinse-off scrub exempt": c(
        SC, ["1 cup granulated sugar", "1/2 cup sunflower oil", "20 drops bergamot essential oil"],
        clean=True,
    ),
    "R6 bath bomb exempt": c(
        BB,
        ["1 cup baking soda", "1/2 cup citric acid", "1/2 cup cornstarch",
         "2 tbsp coconut oil, melted", "10 drops lime essential oil",
         "10 drops bergamot essential oil"],
        yield_="6 bath bombs", clean=True,
    ),
    "R6 three citrus, each under, together over": c(
        BL,
        ["30 ml jojoba oil", "2 drops bergamot (expressed) essential oil",
         "2 drops lime (expressed) essential oil", "4 drops lemon (expressed) essential oil"],
        x(P, ERR, "bergamot", "bergamot", "lime", "lemon", "100%"), use="leave-on",
    ),
    "R6 lemon with no method, under": c(
        MO, ["1 fl oz sweet almond oil", "3 drops lemon essential oil", f"6 drops {LAV}"],
        x(P, WARN, "lemon", "steam-distilled"), clean=True,
    ),
    "R6 lemon with no method, over": c(
        MO, ["1 fl oz sweet almond oil", "16 drops lemon essential oil"], x(P, ERR, "lemon", "2%")
    ),
    "R6 lemon steam-distilled": c(
        MO, ["1 fl oz sweet almond oil", "12 drops lemon (steam-distilled) essential oil"],
        clean=True,
    ),
    "R6 method in the note": c(
        MO, ["1 fl oz sweet almond oil", "12 drops lemon essential oil, steam distilled"],
        clean=True,
    ),
    "R6 method in a long-form note": c(
        MO, ["30 ml jojoba oil",
             {"item": "lemon essential oil", "amount": "12", "unit": "drops", "note": "distilled"}],
        clean=True,
    ),
    "R6 lime cold pressed over": c(
        MO, ["1 fl oz sweet almond oil", "6 drops lime (cold pressed) essential oil"],
        x(P, ERR, "lime", "0.7%"),
    ),
    "R6 distilled lime": c(
        MO, ["1 fl oz sweet almond oil", "10 drops distilled lime essential oil"], clean=True
    ),
    "R6 grapefruit under": c(
        MO, ["60 ml sunflower oil", "20 drops grapefruit (expressed) essential oil"], clean=True
    ),
    "R6 bitter orange over": c(
        MO, ["30 ml sunflower oil", "10 drops bitter orange (expressed) essential oil"],
        x(P, ERR, "bitter orange", "1.25%"),
    ),
    "R6 sweet orange, orange, tangerine, mandarin": c(
        MO,
        ["60 ml sunflower oil", "6 drops sweet orange essential oil",
         "6 drops orange essential oil", "6 drops tangerine essential oil",
         "6 drops mandarin essential oil"],
        clean=True,
    ),
    "R6 cumin": c(MO, ["30 ml sunflower oil", "3 drops cumin essential oil"], x(P, ERR, "cumin")),
    "R6 angelica seed is not phototoxic": c(
        MO, ["30 ml sunflower oil", "6 drops angelica seed essential oil"], clean=True
    ),
    "R6 an alternative in the note is checked too": c(
        MO, ["30 ml jojoba oil", "6 drops sweet orange essential oil, or bergamot"],
        x(P, ERR, "sweet orange", "if bergamot is used instead", "0.4%"),
    ),
    "R6 an alternative with words after it": c(
        MO, ["30 ml jojoba oil", "6 drops lemon (steam-distilled) essential oil, or lime for a "
             "sharper scent"],
        x(P, ERR, "lemon", "if lime is used instead", "0.7%"),
    ),
    # --- R5 per-oil maxima, R20 cassia and cinnamon bark -----------------------------------
    "R5 cinnamon bark leave-on": c(
        MO,
        ["30 ml sunflower oil", "1 drop cinnamon bark essential oil",
         "8 drops sweet orange essential oil"],
        x(M, ERR, "cinnamon", "0.16%", "0.07%", "leave it out"),
    ),
    "R5 cinnamon with no part named is the bark": c(
        MO, ["30 ml sunflower oil", "1 drop cinnamon essential oil"], x(M, ERR, "cinnamon")
    ),
    "R5 cassia leave-on": c(
        MO, ["60 ml sunflower oil", "1 drop cassia essential oil"], x(M, ERR, "cassia", "0.05%")
    ),
    "R5 clove under": c(
        MO,
        ["30 ml sunflower oil", "2 drops clove bud essential oil",
         "8 drops sweet orange essential oil"],
        clean=True,
    ),
    "R5 clove over": c(
        MO, ["30 ml sunflower oil", "6 drops clove bud essential oil"],
        x(M, ERR, "clove", "0.99%", "0.5%", "3 drops"),
    ),
    "R5 ylang ylang over": c(
        MO, ["30 ml sunflower oil", "8 drops ylang ylang essential oil"],
        x(M, ERR, "ylang", "0.8%"),
    ),
    "R5 lemongrass over": c(
        MO, ["30 ml sunflower oil", "8 drops lemongrass essential oil"],
        x(M, ERR, "lemongrass", "0.7%"),
    ),
    "R5 cinnamon leaf over the advised 1%": c(
        MO, ["30 ml sunflower oil", "9 drops cinnamon leaf essential oil"],
        x(M, WARN, "cinnamon leaf", "1%"),
    ),
    "R5 peppermint 2% adult": c(
        MO, ["30 ml sunflower oil", "12 drops peppermint essential oil"], clean=True
    ),
    "R5 peppermint oil without 'essential'": c(
        MO, ["30 ml sunflower oil", "40 drops peppermint oil"],
        x(E, ERR, None, "6.2%"), x(M, ERR, "peppermint", "6.2%", "5.4%"),
    ),
    "R20 cinnamon bark in a scrub": c(
        SC,
        ["1 cup brown sugar", "1/2 cup coconut oil, melted", "3 drops cinnamon bark essential oil",
         "10 drops sweet orange essential oil"],
        x(M, WARN, "cinnamon", "sensitiser"), clean=True,
    ),
    "R20 cassia in bath salts": c(
        BS, ["2 cups Epsom salt", "2 tbsp sunflower oil", "2 drops cassia essential oil"],
        x(M, WARN, "cassia"), yield_="4 baths", clean=True,
    ),
    "R20 clove in a scrub": c(
        SC,
        ["1 cup brown sugar", "1/2 cup coconut oil, melted", "4 drops clove essential oil",
         "8 drops sweet orange essential oil"],
        clean=True,
    ),
    # --- R14 R15 children ------------------------------------------------------------------
    "R14 child chest rub with eucalyptus": c(
        BL, ["2 tbsp coconut oil", "3 drops eucalyptus essential oil"],
        x(A, ERR, "eucalyptus", "under 6"), use="leave-on", audience="child",
        steps=["Rub a little on the chest at bedtime."],
    ),
    "R14 child face oil with peppermint": c(
        BL, ["30 ml jojoba oil", "1 drop peppermint essential oil"], x(A, ERR, "peppermint"),
        use="face", audience="child",
    ),
    "R14 child diffuser with peppermint": c(
        BL, ["3 drops peppermint essential oil", f"2 drops {LAV}"], x(A, ERR, "peppermint"),
        use="diffuser", audience="child",
    ),
    "R14 child inhaler with rosemary": c(
        BL, ["5 drops rosemary essential oil"], x(A, ERR, "rosemary"), use="inhaler",
        audience="child",
    ),
    "R14 child diffuser with lavender and frankincense": c(
        BL, [f"3 drops {LAV}", "2 drops frankincense essential oil"], use="diffuser",
        audience="child", clean=True,
    ),
    "R14 kids tag": c(
        BL, ["3 drops eucalyptus radiata essential oil"], x(A, ERR, "eucalyptus"),
        use="diffuser", tags="[kids, winter]",
    ),
    "R3 child peppermint on the legs over 0.5%": c(
        MO, ["30 ml sunflower oil", "4 drops peppermint essential oil"],
        x(A, WARN, "peppermint"), x(M, ERR, "peppermint", "0.5%"), audience="child",
        steps=["Massage into tired legs."],
    ),
    "R14 'steam-distilled' in the steps is not steam near the face": c(
        MO, ["30 ml sunflower oil", "2 drops eucalyptus radiata essential oil",
             "2 drops lemon (steam-distilled) essential oil"],
        x(A, WARN, "eucalyptus", "over 10"), audience="child",
        steps=["Add the steam-distilled lemon and the eucalyptus to the oil.",
               "Massage into the legs and feet."],
        clean=True,
    ),
    "R3 child tummy rub": c(
        MO, ["2 tbsp sunflower oil", f"2 drops {LAV}", "1 drop Roman chamomile essential oil"],
        audience="child", clean=True,
    ),
    "R15 child wintergreen": c(
        MO, ["2 tbsp sunflower oil", "2 drops wintergreen essential oil"],
        x(A, ERR, "wintergreen", "never"), audience="child",
    ),
    "R15 child birch": c(
        MO, ["2 tbsp sunflower oil", "2 drops birch essential oil"], x(A, ERR, "birch"),
        audience="child",
    ),
    "R15 adult wintergreen": c(
        MO, ["30 ml sunflower oil", "3 drops wintergreen essential oil", f"6 drops {LAV}"],
        x(A, WARN, "wintergreen", "warfarin", "aspirin"), clean=True,
    ),
    "R15 adult wintergreen over its maximum": c(
        MO, ["30 ml sunflower oil", "18 drops wintergreen essential oil"],
        x(M, ERR, "wintergreen", "2.5%"), x(A, WARN, "wintergreen"),
    ),
    # --- R16 pregnancy avoid-list ------------------------------------------------------------
    "R16 clary sage is not on the list": c(
        MO, ["2 fl oz sunflower oil", "3 drops clary sage essential oil", f"3 drops {LAV}"],
        audience="pregnancy", clean=True,
    ),
    "R16 peppermint and rosemary are not on the list": c(
        MO,
        ["2 fl oz sunflower oil", "2 drops peppermint essential oil",
         "2 drops rosemary essential oil", "2 drops mandarin essential oil"],
        audience="pregnancy", clean=True,
    ),
    **{
        f"R16 pregnancy {oil}": c(
            MO, ["2 fl oz sunflower oil", f"1 drop {oil} essential oil"],
            x(A, ERR, oil.split()[-1], "pregnancy"), audience="pregnancy",
        )
        for oil in ("sage", "wintergreen", "basil", "camphor", "pennyroyal", "Lavandula stoechas",
                    "hyssop", "tarragon", "aniseed", "birch")
    },
    "R16 pregnancy bath salts": c(
        BS, ["2 cups Epsom salt", "2 tbsp sweet almond oil", f"6 drops {LAV}"],
        audience="pregnancy", yield_="about 2 cups (4 baths)", clean=True,
    ),
    # --- R7 R8 bath dispersants ----------------------------------------------------------------
    "R7 salts only": c(
        BS, ["2 cups Epsom salt", "1/2 cup sea salt", f"15 drops {LAV}"],
        x(B, ERR, "lavender", "carrier oil", "polysorbate"),
    ),
    "R7 salts with a carrier": c(
        BS, ["2 cups Epsom salt", "1/2 cup sea salt", "1 tbsp sweet almond oil", f"20 drops {LAV}"],
        yield_="about 2 1/2 cups (5 baths)", clean=True,
        percent=ww(1.0, 2.5 * 227 + TBSP * per_cup(216)),
    ),
    **{
        f"R7 {fake} does not disperse": c(
            BL, [f"2 tbsp {fake}", f"8 drops {LAV}"], x(B, ERR, "lavender", "not disperse"),
            use="bath", yield_="1 bath",
        )
        for fake in ("whole milk", "vegetable glycerin", "vodka", "witch hazel", "baking soda",
                     "powdered milk", "Epsom salt", "cornstarch")
    },
    "R7 an optional carrier does not count": c(
        BS, ["2 cups Epsom salt", "1 tbsp jojoba oil (optional)", f"15 drops {LAV}"],
        x(B, ERR, "lavender", "optional"),
    ),
    "R7 long-form optional carrier": c(
        BS,
        ["2 cups Epsom salt", {"item": "jojoba oil", "amount": "1", "unit": "tbsp",
                               "optional": "true"}, f"15 drops {LAV}"],
        x(B, ERR, "lavender"),
    ),
    "R7 polysorbate 20": c(
        BS, ["2 cups Epsom salt", "1 tsp polysorbate 20", f"20 drops {LAV}"], clean=True
    ),
    "R7 polysorbate-80": c(
        BS, ["2 cups Epsom salt", "1 tsp polysorbate-80", f"20 drops {LAV}"], clean=True
    ),
    "R8 polysorbate below 1:1": c(
        BS, ["2 cups Epsom salt", "1/4 tsp polysorbate 80", f"40 drops {LAV}"],
        x(B, WARN, "polysorbate", "1.2 ml", "2.0 ml"),
    ),
    "R8 Solubol 4:1": c(
        BL, ["2 tsp Solubol", f"10 drops {LAV}"], use="bath", yield_="1 bath", clean=True
    ),
    "R8 Solubol below 4:1": c(
        BL, ["1/4 tsp Solubol", f"10 drops {LAV}"], x(B, WARN, "solubol", "4 part"),
        use="bath", yield_="1 bath",
    ),
    "R8 a 1:1 polysorbate premix is not over R20's 10%": c(
        BL, ["1 tsp polysorbate 20", f"20 drops {LAV}"], use="bath", yield_="4 baths",
        clean=True,
    ),
    "R20 still applies to salts with a solubiliser": c(
        BS, ["1/4 cup Epsom salt", "1 tbsp polysorbate 80", f"1 tbsp {LAV}"],
        x(E, ERR, "1 tbsp lavender", "10%"),
    ),
    # --- R9 drops per bath -------------------------------------------------------------------
    "R9 one bath, 20 drops": c(
        BL, ["1 tbsp sweet almond oil", f"20 drops {LAV}"], x(E, WARN, "use:", "20 drops", "15"),
        use="bath", yield_="enough for 1 bath",
    ),
    "R9 one bath, 15 drops in a tablespoon": c(
        BL, ["1 tbsp sweet almond oil", f"15 drops {LAV}"], use="bath", yield_="1 bath",
        clean=True,
    ),
    "R9 all of it into the bath": c(
        BL, ["1 tbsp sweet almond oil", f"20 drops {LAV}"], x(E, WARN, "use:", "15"),
        use="bath", steps=["Mix the oils.", "Pour all of it into a full bath and swirl."],
    ),
    "R9 half a cup per bath": c(
        BS,
        ["2 cups Epsom salt", "1/2 cup sea salt", "1 tbsp sweet almond oil", f"80 drops {LAV}"],
        x(E, WARN, "category", "16 drops", "1/2 cup per bath"), yield_="about 2 1/2 cups",
        steps=["Mix.", "Use 1/2 cup per bath."],
    ),
    "R9 a cup to a warm bath": c(
        BS, ["2 cups Epsom salt", "2 tbsp sunflower oil", f"40 drops {LAV}"],
        x(E, WARN, "category", "19 drops"), yield_="about 2 cups",
        steps=["Mix well and keep in a jar.", "Add 1 cup to a warm bath."],
    ),
    "R9 sensitive, 8 drops": c(
        BL, ["1 tbsp sunflower oil", f"8 drops {LAV}"], x(E, WARN, "audience:", "5 drops"),
        use="bath", audience="sensitive", yield_="1 bath",
    ),
    "R9 sensitive, 4 drops": c(
        BL, ["1 tbsp sunflower oil", f"4 drops {LAV}"], use="bath", audience="sensitive",
        yield_="1 bath", clean=True,
    ),
    "R9 child, 8 drops": c(
        BL, ["1 tbsp sunflower oil", f"8 drops {LAV}"], x(E, WARN, "audience:", "5 drops"),
        use="bath", audience="child", yield_="1 bath",
    ),
    "R9 jar of 4 baths, 80 drops": c(
        BS, ["2 cups Epsom salt", "2 tbsp sunflower oil", f"80 drops {LAV}"],
        x(E, WARN, "category", "20 drops", "60 drops"), yield_="2 cups (4 baths)",
    ),
    # --- R10 R11 bath bombs -------------------------------------------------------------------
    "R10 bath bomb 0.4%": c(
        BB,
        ["1 cup baking soda", "1/2 cup citric acid", "1/2 cup cornstarch",
         "2 tbsp coconut oil, melted", f"1/2 tsp {LAV}"],
        yield_="4 bath bombs", clean=True,
        percent=ww(TSP / 2, 240 + 120 + 64 + 2 * TBSP * per_cup(218)),
    ),
    "R10 bath bomb 3.8%": c(
        BB,
        ["1 cup baking soda", "1/2 cup citric acid", "1/2 cup cornstarch",
         "2 tbsp coconut oil, melted", f"4 tsp {LAV}"],
        x(E, WARN, "category", "3.8%", "by weight", "3%"), yield_="8 bath bombs",
        percent=ww(4 * TSP, 240 + 120 + 64 + 2 * TBSP * per_cup(218)),
    ),
    "R10 the facts file's 567 g bath bomb": c(
        BB,
        ["8 oz baking soda", "4 oz citric acid", "4 oz Epsom salt", "4 oz cornstarch",
         "2 tbsp sunflower oil", "2 tsp polysorbate 80", f"1-2 tsp {LAV}"],
        yield_="14 small bath bombs", clean=True,
        percent=ww(2 * TSP, 20 * 28.35 + 2 * TBSP * 0.92 + 2 * TSP * 1.07),
    ),
    "R10 bath bomb in grams": c(
        BB,
        ["200 g baking soda", "100 g citric acid", "50 g cornstarch", "30 g cocoa butter, melted",
         f"25 drops {LAV}"],
        yield_="4 bath bombs", clean=True, percent=ww(1.25, 380),
    ),
    "R7 bath bomb with only a witch hazel spritz": c(
        BB,
        ["1 cup baking soda", "1/2 cup citric acid", "1/2 cup cornstarch", "1 tsp witch hazel",
         f"30 drops {LAV}"],
        x(B, ERR, "lavender", "witch hazel"), x(PR, None), yield_="4 bath bombs",
    ),
    "R11 soda : citric 1 : 1": c(
        BB, ["1 cup baking soda", "1 cup citric acid", "2 tbsp coconut oil, melted",
             f"20 drops {LAV}"],
        x(F, WARN, "citric", "1.0 : 1"), yield_="4 bath bombs", clean=True,
    ),
    "R11 soda : citric 8 : 1": c(
        BB, ["2 cups baking soda", "1/4 cup citric acid", "3 tbsp sunflower oil",
             f"30 drops {LAV}"],
        x(F, WARN, "citric", "8.0 : 1"), yield_="8 bath bombs", clean=True,
    ),
    "R11 soda : citric 3 : 1": c(
        BB, ["300 g baking soda", "100 g citric acid", "3 tbsp sunflower oil", f"30 drops {LAV}"],
        yield_="6 bath bombs", clean=True,
    ),
    # --- R12 R13 preservation -----------------------------------------------------------------
    "R12 aloe lotion with vitamin E": c(
        BL, ["1/2 cup aloe vera gel", "2 tbsp jojoba oil", "1 tsp vitamin E oil", f"8 drops {LAV}"],
        x(PR, ERR, "aloe", "vitamin E", "antioxidant"), use="leave-on", clean=True,
    ),
    "R12 aloe lotion preserved": c(
        BL, ["1/2 cup aloe vera gel", "2 tbsp jojoba oil", "1/2 tsp Optiphen Plus",
             f"8 drops {LAV}"],
        use="leave-on", clean=True,
    ),
    "R12 'preservative' is a preservative": c(
        BL, ["1/2 cup aloe vera gel", "1/4 tsp preservative", f"6 drops {LAV}"],
        use="leave-on", clean=True,
    ),
    "R12 'natural preservative (vitamin E)' is not": c(
        BL, ["1/2 cup aloe vera gel", "1/2 tsp natural preservative (vitamin E)", f"6 drops {LAV}"],
        x(PR, ERR, "aloe", "antioxidant"), use="leave-on",
    ),
    "R12 preservative-free aloe": c(
        BL, ["1/2 cup preservative-free aloe vera gel", f"6 drops {LAV}"], x(PR, ERR, "aloe"),
        use="leave-on",
    ),
    "R12 witch hazel toner": c(
        BL, ["1/2 cup witch hazel", "2 tbsp rose water", f"3 drops {LAV}"],
        x(PR, ERR, "witch hazel"), use="face",
    ),
    "R12 hydrosol mist": c(
        BL, ["1/2 cup rose hydrosol", "2 drops geranium essential oil"],
        x(PR, ERR, "hydrosol"), use="face",
    ),
    "R12 massage oil with rose water": c(
        MO, ["1/4 cup sweet almond oil", "1 tbsp rose water", f"6 drops {LAV}"],
        x(PR, ERR, "rose water"),
    ),
    "R12 strawberry scrub kept in a jar": c(
        SC, ["1/2 cup granulated sugar", "4 strawberries, mashed", "2 tbsp coconut oil"],
        x(PR, ERR, "strawberries"), shelf_life="2 weeks",
    ),
    "R12 strawberry scrub used at once": c(
        SC, ["1/2 cup granulated sugar", "4 strawberries, mashed", "2 tbsp coconut oil"],
        shelf_life="use at once", clean=True,
    ),
    "R12 yogurt mask for one treatment": c(
        BL, ["2 tbsp plain yogurt", "1 tsp honey", f"1 drop {LAV}"], use="rinse-off",
        yield_="1 mask", clean=True,
    ),
    "R12 diffuser water needs none": c(
        BL, ["100 ml water", f"5 drops {LAV}"], use="diffuser", clean=True
    ),
    "R13 zest scrub": c(
        SC, ["1 cup granulated sugar", "1/2 cup coconut oil", "1 tbsp lemon zest",
             "10 drops sweet orange essential oil"],
        x(PR, WARN, "zest", "fridge", "week"),
    ),
    "R13 zest scrub kept in the fridge for a week": c(
        SC, ["1 cup granulated sugar", "1/2 cup coconut oil", "1 tbsp lemon zest",
             "10 drops sweet orange essential oil"],
        storage="In the fridge", shelf_life="1 week", clean=True,
    ),
    "R13 ordinary sugar scrub": c(
        SC, ["1 cup granulated sugar", "1/2 cup sweet almond oil", "1 tbsp raw honey",
             f"12 drops {LAV}"],
        clean=True, percent=ww(0.6, 200 + CUP / 2 * per_cup(216) + TBSP * per_cup(340)),
    ),
    "R13 coffee scrub": c(
        SC, ["1/2 cup ground coffee", "1/2 cup brown sugar", "1/3 cup coconut oil, melted",
             "10 drops sweet orange essential oil"],
        clean=True,
    ),
    # --- R17 diffusers and cats ------------------------------------------------------------------
    "R17 lavender and cedarwood": c(
        BL, [f"3 drops {LAV}", "2 drops cedarwood essential oil"], use="diffuser", clean=True
    ),
    "R17 tea tree and eucalyptus": c(
        BL, ["3 drops tea tree essential oil", "2 drops eucalyptus essential oil"],
        x(A, WARN, "tea tree", "cats"), use="diffuser",
    ),
    "R17 peppermint and orange": c(
        BL, ["2 drops peppermint essential oil", "3 drops sweet orange essential oil"],
        x(A, WARN, "peppermint", "cats"), use="diffuser",
    ),
    "R17 inhaler": c(
        BL, [f"8 drops {LAV}", "7 drops frankincense essential oil"], use="inhaler", clean=True
    ),
    # --- R18 nuts, §7 bitter almond ---------------------------------------------------------
    "R18 macadamia carrier is a note, not a warning": c(
        MO, ["30 ml macadamia oil", f"6 drops {LAV}"], clean=True
    ),
    "§7 bitter almond oil as a carrier": c(
        MO, ["30 ml bitter almond oil", f"6 drops {LAV}"],
        x(F, ERR, "bitter almond", "sweet almond"),
    ),
    # --- EO-UNKNOWN -----------------------------------------------------------------------
    "unknown oil": c(
        MO, ["30 ml sunflower oil", "4 drops davana essential oil", f"4 drops {LAV}"],
        x(U, WARN, "davana", "catalogue"), clean=True,
    ),
    "misspelt oil": c(
        MO, ["30 ml sunflower oil", "6 drops lavendar essential oil"], x(U, WARN, "lavendar"),
        clean=True,
    ),
    "oil of your choice": c(
        MO, ["30 ml sunflower oil", "6 drops essential oil of your choice"],
        x(U, WARN, "your choice", "name"), clean=True, percent=vv(0.3, 30),
    ),
    "botanical name in brackets": c(
        MO, ["30 ml sunflower oil", "6 drops Lavender (Lavandula angustifolia) essential oil"],
        clean=True,
    ),
    "'(optional)' after the oil still counts": c(
        MO, ["30 ml jojoba oil", f"40 drops {LAV} (optional)"], x(E, ERR, None, "6.2%"),
        percent=vv(2, 30),
    ),
    "capitals": c(
        MO, ["30 ml Sunflower Oil", "6 drops Lavender Essential Oil"], clean=True,
        percent=vv(0.3, 30),
    ),
    # --- R19 declared drop size ----------------------------------------------------------
    "R19 30 drops per ml near a limit": c(
        MO, ["30 ml sunflower oil", f"18 drops {LAV}"], x(E, WARN, "drops_per_ml", "20"),
        drops_per_ml="30",
    ),
}  # fmt: skip


def recipe_text(number: int, case: Case) -> str:
    lines = [f"title: Recipe {number:03d}", f"category: {case.category}",
             "summary: A recipe for the acceptance tests."]  # fmt: skip
    lines += [f"{key}: {value}" for key, value in case.fields.items()]
    lines.append("ingredients:")
    for ingredient in case.ingredients:
        if isinstance(ingredient, str):
            lines.append(f"  - {ingredient}")
        else:
            first, *rest = ingredient.items()
            lines.append(f"  - {first[0]}: {first[1]}")
            lines += [f"    {key}: {value}" for key, value in rest]
    lines.append("steps:")
    lines += [f"  - {step}" for step in case.steps]
    return "\n".join(lines) + "\n"


@dataclass
class Run:
    texts: dict[str, list[str]]
    findings: dict[str, list[dict]]
    rows: dict[str, dict]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("acceptance")
    (root / "recipes").mkdir()
    (root / "book.yaml").write_text(BOOK, encoding="utf-8")
    texts: dict[str, list[str]] = {}
    for number, (name, case) in enumerate(CASES.items()):
        file = f"recipes/{number:03d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.yaml"
        text = recipe_text(number, case)
        (root / file).write_text(text, encoding="utf-8")
        texts[name] = [file, *text.splitlines()]
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(root), "validate", "--format", "json"])
    assert result.exit_code == 1, result.output
    findings: dict[str, list[dict]] = {}
    for finding in json.loads(result.stdout):
        findings.setdefault(finding["file"], []).append(finding)
    listed = runner.invoke(main, ["-C", str(root), "list", "--format", "json"])
    rows = {row["file"]: row for row in json.loads(listed.stdout)}
    return Run(texts, findings, rows)


def _problems(
    finding: dict, lines: list[str], where: str | None, words: tuple[str, ...]
) -> list[str]:
    found: list[str] = []
    if where is not None:
        line = finding["line"]
        text = lines[line] if line and line < len(lines) else ""
        if where.lower() not in text.lower():
            found.append(f"points at line {line} {text!r}, not at {where!r}")
    found += [f"message lacks {w!r}" for w in words if w.lower() not in finding["message"].lower()]
    return found


@pytest.mark.parametrize("name", list(CASES))
def test_acceptance(run: Run, name: str) -> None:
    case = CASES[name]
    file, *lines = run.texts[name]
    lines.insert(0, "")  # 1-based
    mine = run.findings.get(file, [])
    for code, severity, where, words in case.expect:
        same = [f for f in mine if f["code"] == code]
        if severity is None:
            assert same == [], f"{code} not expected: {same}"
            continue
        candidates = [f for f in same if f["severity"] == severity]
        assert candidates, f"no {code} {severity}: {[(f['code'], f['severity']) for f in mine]}"
        best = min((_problems(f, lines, where, words) for f in candidates), key=len)
        assert not best, (best, [f["message"] for f in candidates])
    wanted = {(code, severity) for code, severity, _, _ in case.expect}
    others = [f for f in mine if (f["code"], f["severity"]) not in wanted]
    if case.clean:
        assert others == [], "; ".join(
            f"{f['code']} {f['severity']}: {f['message']}" for f in others
        )
    else:  # no error the case did not ask for (warnings may come with it)
        errors = [f for f in others if f["severity"] == ERR]
        assert errors == [], "; ".join(f"{f['code']}: {f['message']}" for f in errors)
    if case.percent is not None:
        row = run.rows[file]
        assert row["dilution_percent"] == pytest.approx(case.percent, abs=0.006), row


def test_a_safe_recipe_passes_validate_strict(tmp_path: Path) -> None:
    root = tmp_path / "book"
    (root / "recipes").mkdir(parents=True)
    (root / "book.yaml").write_text(BOOK, encoding="utf-8")
    for number, name in enumerate(("R1 12 drops in 2 tbsp (2%)", "R13 ordinary sugar scrub")):
        (root / "recipes" / f"r{number}.yaml").write_text(
            recipe_text(number, CASES[name]), encoding="utf-8"
        )
    result = CliRunner().invoke(main, ["-C", str(root), "validate", "--strict"])
    assert result.exit_code == 0, result.output
