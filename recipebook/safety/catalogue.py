"""The safety catalogue: load ``catalogue.yaml`` and look oils and ingredients up by name."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

US_CUP_ML = 236.588
#: Essential-oil density when the catalogue has none (facts §1: 0.85–1.14, "about 0.9").
DEFAULT_OIL_DENSITY = 0.9
#: Density assumed for an ingredient the catalogue does not know (documented).
UNKNOWN_DENSITY = 1.0

METHODS = ("expressed", "distilled", "fcf")
DRY_KINDS = frozenset({"salt", "sugar", "powder", "clay", "grain", "botanical"})
FATTY_KINDS = frozenset({"carrier", "butter"})

# Processing words, in the order they are looked for: longest spellings first.
METHOD_PATTERNS = (
    (r"\b(?:fcf|fc free|furocoumarin[- ]free|bergapt[a-z]*[- ]free)\b", "fcf"),
    (r"\b(?:(?:steam|hydro)[- ]?distill?ed|distill?ed|rectified)\b", "distilled"),
    (r"\b(?:cold[- ]?pressed|expressed|pressed)\b", "expressed"),
)
_NOISE = frozenset(
    {
        "essential", "essentials", "oil", "oils", "eo", "pure", "organic", "wild", "wildcrafted",
        "natural", "certified", "therapeutic", "grade", "premium", "undiluted", "true", "100",
        "100%",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Oil:
    """One essential oil (or one processing variant of it) and what is known about it."""

    name: str
    aliases: tuple[str, ...]
    method: str | None = None
    default: bool = False
    method_matters: bool = False
    safer: str | None = None
    phototoxic: float | None = None
    dermal_max: float | None = None
    dermal_advised: float | None = None
    child_max: float | None = None
    pregnancy: str | None = None  # "avoid" | "caution"
    children: str | None = None  # "never" | "face"
    face_age: int = 6
    epilepsy: bool = False
    cats: bool = False
    oxidises: bool = False
    sensitiser: bool = False
    bath_irritant: bool = False
    anticoagulant: bool = False
    skin_warning: bool = False
    density: float = DEFAULT_OIL_DENSITY
    sources: str = ""
    note: str | None = None


@dataclass(frozen=True, slots=True)
class OilMatch:
    """The catalogue entry an authored oil name resolved to.

    ``assumed`` is set when the author named no processing method and the entry's method
    matters (citrus: checked as expressed, rule R6); ``remark`` explains any other guess.
    """

    oil: Oil
    assumed: bool = False
    remark: str | None = None


@dataclass(frozen=True, slots=True)
class Material:
    """A non-essential-oil ingredient: what it does in a formula, and its density."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    density: float  # g/ml
    nut: str | None = None
    ratio: float | None = None  # solubiliser parts per part of essential oil
    sources: str = ""
    note: str | None = None
    density_note: str | None = None

    @property
    def is_dry(self) -> bool:
        return self.kind in DRY_KINDS

    @property
    def is_fatty(self) -> bool:
        return self.kind in FATTY_KINDS

    @property
    def disperses(self) -> bool:
        return self.is_fatty or self.kind in ("solubiliser", "emulsifier")


@dataclass(frozen=True, slots=True)
class Catalogue:
    oils: tuple[Oil, ...]
    materials: tuple[Material, ...]
    _oil_index: dict[tuple[str, str | None], Oil]
    _material_index: dict[str, Material]

    def oil(self, name: str) -> OilMatch | None:
        """The oil an authored name (``"Bergamot (bergapten-free)"``) means, or None.

        A name with a botanical name in brackets (``"Lavender (Lavandula angustifolia)"``)
        is tried whole, then without the brackets, then by what is inside them.
        """
        base, method = split_oil_name(name)
        bases = [base, split_oil_name(re.sub(r"\([^)]*\)", " ", name))[0]]
        bases += [split_oil_name(inner)[0] for inner in re.findall(r"\(([^)]*)\)", name)]
        for candidate in dict.fromkeys(b for b in bases if b):
            match = self._match(candidate, method)
            if match is not None:
                return match
        return None

    def _match(self, base: str, method: str | None) -> OilMatch | None:
        if method is not None:
            exact = self._oil_index.get((base, method))
            if exact is not None:
                return OilMatch(exact)
        entry = self._oil_index.get((base, None))
        if entry is None:
            return None
        if method is not None and entry.method not in (None, method):
            remark = f"no {method} form is in the catalogue, so it is checked as {entry.name}"
            return OilMatch(entry, remark=remark)
        return OilMatch(entry, assumed=method is None and entry.method_matters)

    def suggest_oil(self, name: str) -> str | None:
        """The closest known oil name, for a "did you mean" hint."""
        base, _ = split_oil_name(name)
        names = sorted({key for key, _method in self._oil_index})
        close = difflib.get_close_matches(base, names, n=1, cutoff=0.7)
        return close[0] if close else None

    def material(self, item: str) -> Material | None:
        """The ingredient an authored item names: the longest known name found in it."""
        text = f" {normalise_item(item)} "
        text = re.sub(r" (?:preservative free|(?:no|without) preservatives?) ", " ", text)
        best: tuple[int, Material] | None = None
        antioxidant: Material | None = None
        for alias, material in self._material_index.items():
            if f" {alias} " not in text:
                continue
            if material.kind == "antioxidant":
                antioxidant = material
            if best is None or len(alias) > best[0]:
                best = (len(alias), material)
        if best and best[1].kind == "preservative" and antioxidant is not None:
            return antioxidant  # "natural preservative (vitamin E)" is still vitamin E
        return best[1] if best else None

    def oil_by_item(self, item: str) -> OilMatch | None:
        """An essential oil written without "essential" (``"peppermint oil"``), or None.

        Only used for an amount in drops that names no specific known ingredient, so
        ``"almond oil"`` stays a carrier while ``"10 drops peppermint oil"`` is checked as the
        essential oil it is.
        """
        text = normalise_item(item)
        if not text.endswith(" oil"):
            return None
        return self.oil(text)


def normalise_item(text: str) -> str:
    """``"Pink Himalayan salt (fine)"`` → ``"pink himalayan salt fine"``, plurals folded."""
    text = _ascii(text).lower()
    text = re.sub(r"[^a-z0-9%]+", " ", text)
    return " ".join(_singular(word) for word in text.split())


def split_oil_name(name: str) -> tuple[str, str | None]:
    """``"Lemon (cold-pressed)"`` → ``("lemon", "expressed")``; noise and "oil" dropped."""
    text = _ascii(name).lower()
    method = None
    for pattern, found in METHOD_PATTERNS:
        if re.search(pattern, text):
            method = method or found
            text = re.sub(pattern, " ", text)
    text = re.sub(r"\bc\.?\s*t\.?(?=\s|$)|\bchemotype\b", " ct ", text)
    text = re.sub(r"[^a-z0-9%]+", " ", text)
    words = [w for w in text.split() if w not in _NOISE]
    return " ".join(words), method


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _oil(entry: dict) -> Oil:
    fields = {k: v for k, v in entry.items() if k in Oil.__dataclass_fields__}
    fields["aliases"] = tuple(entry.get("aliases", ()))
    return Oil(**fields)


def _material(entry: dict) -> Material:
    if "g_per_cup" in entry:
        density = float(entry["g_per_cup"]) / US_CUP_ML
    else:
        density = float(entry.get("g_per_ml", UNKNOWN_DENSITY))
    return Material(
        name=entry["name"],
        aliases=tuple(entry.get("aliases", ())),
        kind=entry["kind"],
        density=density,
        nut=entry.get("nut"),
        ratio=entry.get("ratio"),
        sources=entry.get("sources", ""),
        note=entry.get("note"),
        density_note=entry.get("density_note"),
    )


def build(data: dict) -> Catalogue:
    """A catalogue from the parsed YAML (``{"oils": [...], "materials": [...]}``)."""
    oils = tuple(_oil(entry) for entry in data["oils"])
    materials = tuple(_material(entry) for entry in data["materials"])
    oil_index: dict[tuple[str, str | None], Oil] = {}
    for oil in oils:
        for alias in (*oil.aliases, oil.name):
            base, _ = split_oil_name(alias)
            if oil.method is not None:
                oil_index.setdefault((base, oil.method), oil)
            if oil.method is None or oil.default:
                oil_index.setdefault((base, None), oil)
    material_index: dict[str, Material] = {}
    for material in materials:
        for alias in (*material.aliases, material.name):
            material_index.setdefault(normalise_item(alias), material)
    return Catalogue(oils, materials, oil_index, material_index)


@cache
def load() -> Catalogue:
    """The packaged catalogue (read once)."""
    text = resources.files(__package__).joinpath("catalogue.yaml").read_text(encoding="utf-8")
    # libyaml's safe loader when present: the catalogue is large and read on every run
    return build(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
