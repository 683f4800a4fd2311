"""The theme: ``theme.yaml`` turned into page geometry, colours and ReportLab styles."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .fonts import FontSet, register_fonts

THEME_FILE = Path(__file__).with_name("theme.yaml")
PAGE_SIZES = ("letter", "a4", "a5", "6x9in")

_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
_SCALED = (
    "size",
    "leading",
    "space_before",
    "space_after",
    "indent",
    "right_indent",
    "first_indent",
    "bullet_indent",
    "bullet_size",
)


@dataclass(frozen=True, slots=True)
class Page:
    """Geometry of one page size, in points."""

    name: str
    width: float
    height: float
    margin_x: float
    margin_top: float
    margin_bottom: float
    scale: float
    photo_ratio: float  # photo height / text width on a recipe page

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin_x

    @property
    def frame_height(self) -> float:
        return self.height - self.margin_top - self.margin_bottom


@dataclass(frozen=True)
class Theme:
    """Everything about the look of one build: page, fonts, colours, styles."""

    page: Page
    fonts: FontSet
    colours: dict[str, Color]
    styles: dict[str, ParagraphStyle]
    tracking: dict[str, float]  # letter spacing of single-line labels, by style name
    furniture: dict[str, Any]
    tints: tuple[tuple[Color, Color], ...]  # (background, motif) per chapter, in turn

    def tint(self, index: int) -> tuple[Color, Color]:
        return self.tints[index % len(self.tints)]

    def style(self, name: str) -> ParagraphStyle:
        return self.styles[name]

    def font(self, role: str) -> str:
        return getattr(self.fonts, role)

    def s(self, value: float) -> float:
        """A length scaled for this page size."""
        return value * self.page.scale


@functools.cache
def _data() -> dict[str, Any]:
    with THEME_FILE.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_theme(page_size: str = "letter") -> Theme:
    """The theme for ``page_size`` (one of :data:`PAGE_SIZES`)."""
    data = _data()
    fonts = register_fonts()
    page = Page(name=page_size, **data["pages"][page_size])
    colours = {name: HexColor(value) for name, value in data["colours"].items()}
    raw: dict[str, dict[str, Any]] = data["styles"]
    styles: dict[str, ParagraphStyle] = {}
    tracking: dict[str, float] = {}

    def resolve(name: str) -> dict[str, Any]:
        spec = dict(raw[name])
        parent = spec.pop("parent", None)
        return {**resolve(parent), **spec} if parent else spec

    for name in raw:
        spec = resolve(name)
        for key in _SCALED:
            if key in spec:
                spec[key] = spec[key] * page.scale
        styles[name] = _paragraph_style(name, spec, fonts, colours)
        tracking[name] = spec.get("tracking", 0.0) * page.scale
    furniture = {
        k: (v * page.scale if isinstance(v, int | float) else v)
        for k, v in data["furniture"].items()
    }
    tints = tuple((HexColor(a), HexColor(b)) for a, b in data["chapter_tints"])
    return Theme(page, fonts, colours, styles, tracking, furniture, tints)


def _paragraph_style(
    name: str, spec: dict[str, Any], fonts: FontSet, colours: dict[str, Color]
) -> ParagraphStyle:
    size = spec.get("size", 10.5)
    font = getattr(fonts, spec.get("font", "body"))
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=spec.get("leading", size * 1.35),
        textColor=colours[spec.get("colour", "ink")],
        alignment=_ALIGN[spec.get("align", "left")],
        spaceBefore=spec.get("space_before", 0),
        spaceAfter=spec.get("space_after", 0),
        leftIndent=spec.get("indent", 0),
        rightIndent=spec.get("right_indent", 0),
        firstLineIndent=spec.get("first_indent", 0),
        bulletFontName=getattr(fonts, spec.get("bullet_font", spec.get("font", "body"))),
        bulletFontSize=spec.get("bullet_size", size),
        bulletIndent=spec.get("bullet_indent", 0),
        bulletColor=colours[spec.get("bullet_colour", spec.get("colour", "ink"))],
        keepWithNext=int(spec.get("keep_with_next", False)),
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
    )
