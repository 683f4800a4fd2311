"""Small drawn things: botanical placeholder art, dividers and letter-spaced labels."""

from __future__ import annotations

import math
import random
import zlib
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable


def draw_leaf(canv: Canvas, x: float, y: float, length: float, angle: float) -> None:
    """A lens-shaped leaf from (x, y) pointing at ``angle`` degrees."""
    width = length * 0.32
    canv.saveState()
    canv.translate(x, y)
    canv.rotate(angle)
    path = canv.beginPath()
    path.moveTo(0, 0)
    path.curveTo(length * 0.28, width, length * 0.72, width * 0.9, length, 0)
    path.curveTo(length * 0.72, -width * 0.9, length * 0.28, -width, 0, 0)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


def draw_sprig(
    canv: Canvas, x: float, y: float, length: float, angle: float, rng: random.Random
) -> None:
    """A gently curved stem with alternate leaves, growing from (x, y) towards ``angle``."""
    bend = rng.uniform(-18, 18)
    steps = 7
    points = []
    for i in range(steps + 1):
        t = i / steps
        a = math.radians(angle + bend * t)
        points.append((x + math.cos(a) * length * t, y + math.sin(a) * length * t))
    canv.saveState()
    canv.setLineWidth(max(0.6, length / 120))
    canv.setLineCap(1)
    path = canv.beginPath()
    path.moveTo(*points[0])
    for px, py in points[1:]:
        path.lineTo(px, py)
    canv.drawPath(path, stroke=1, fill=0)
    for i in range(1, steps + 1):
        t = i / steps
        px, py = points[i]
        direction = angle + bend * t
        size = length * (0.36 - 0.2 * t)
        if i == steps:
            draw_leaf(canv, px, py, size * 1.1, direction)
        else:
            side = 1 if i % 2 else -1
            draw_leaf(canv, px, py, size, direction + side * rng.uniform(38, 55))
    canv.restoreState()


def draw_botanical(
    canv: Canvas,
    x: float,
    y: float,
    width: float,
    height: float,
    background: Color,
    motif: Color,
    seed: str,
) -> None:
    """A calm, generated still life: a tinted panel with sprigs rising from the bottom."""
    rng = random.Random(zlib.crc32(seed.encode("utf-8")))
    canv.saveState()
    clip = canv.beginPath()
    clip.rect(x, y, width, height)
    canv.clipPath(clip, stroke=0, fill=0)
    canv.setFillColor(background)
    canv.rect(x, y, width, height, stroke=0, fill=1)
    canv.setFillColor(motif, alpha=0.16)
    for _ in range(5):
        r = rng.uniform(0.05, 0.16) * min(width, height) * 2
        canv.circle(x + rng.uniform(0, width), y + rng.uniform(0, height), r, stroke=0, fill=1)
    canv.setStrokeColor(motif, alpha=0.85)
    canv.setFillColor(motif, alpha=0.85)
    size = min(height * 0.95, width * 0.5)
    centre = x + width * rng.uniform(0.42, 0.58)
    for offset, angle, scale in ((0, 90, 1.0), (-0.09, 112, 0.78), (0.09, 68, 0.8)):
        draw_sprig(
            canv,
            centre + offset * width,
            y - size * 0.05,
            size * scale,
            angle + rng.uniform(-6, 6),
            rng,
        )
    canv.restoreState()


class Placeholder(Flowable):
    """Generated art standing in for a recipe photo (one look per chapter)."""

    def __init__(
        self, width: float, height: float, background: Color, motif: Color, seed: str
    ) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.background, self.motif, self.seed = background, motif, seed

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        draw_botanical(
            self.canv, 0, 0, self.width, self.height, self.background, self.motif, self.seed
        )


class Photo(Flowable):
    """A photo prepared for exactly this box (cropped to its shape, ~200 dpi), which may
    still be being prepared in the background: ``waiter.ready(path)`` waits for it."""

    def __init__(self, path: Path, width: float, height: float, waiter: object) -> None:
        super().__init__()
        self.path, self.width, self.height, self.waiter = path, width, height, waiter

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        self.waiter.ready(self.path)  # type: ignore[attr-defined]
        self.canv.drawImage(_CachedFile(self.path), 0, 0, self.width, self.height)


class _CachedFile(str):
    """A cached photo's full path that ReportLab names by its file name alone.

    ReportLab names an image after ``str()`` of what it is given; the cache file's name is
    a hash of its content and settings, so the PDF comes out byte-identical wherever the
    book folder is (the full path would differ between two checkouts)."""

    name: str

    def __new__(cls, path: Path) -> _CachedFile:
        text = super().__new__(cls, str(path))
        text.name = path.name
        return text

    def __str__(self) -> str:
        return self.name


class Divider(Flowable):
    """A centred hairline with a small leaf in the middle."""

    def __init__(self, width: float, colour: Color, space: float = 8.0) -> None:
        super().__init__()
        self.width, self.colour, self.space = width, colour, space
        self.height = space * 2

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._avail = aW
        return (aW, self.height)

    def draw(self) -> None:
        canv = self.canv
        mid_x, mid_y = self._avail / 2, self.height / 2
        half = self.width / 2
        canv.saveState()
        canv.setStrokeColor(self.colour)
        canv.setFillColor(self.colour)
        canv.setLineWidth(0.5)
        canv.line(mid_x - half, mid_y, mid_x - 9, mid_y)
        canv.line(mid_x + 9, mid_y, mid_x + half, mid_y)
        draw_leaf(canv, mid_x - 6, mid_y, 6, 20)
        draw_leaf(canv, mid_x + 6, mid_y, 6, 160)
        canv.restoreState()


class Tracked(Flowable):
    """One line of letter-spaced capitals (labels like INGREDIENTS); text is drawn, not
    parsed, so it needs no escaping."""

    def __init__(
        self,
        text: str,
        font: str,
        size: float,
        colour: Color,
        tracking: float,
        *,
        align: str = "left",
        space_before: float = 0.0,
        space_after: float = 0.0,
    ) -> None:
        super().__init__()
        self.text = text.upper()
        self.font, self.size, self.colour, self.tracking = font, size, colour, tracking
        self.align = align
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.height = size * 1.25
        self.keepWithNext = 1  # a label is never left alone at the bottom of a page

    def text_width(self) -> float:
        return stringWidth(self.text, self.font, self.size) + self.tracking * (len(self.text) - 1)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        return (aW, self.height)

    def draw(self) -> None:
        canv = self.canv
        width = self.text_width()
        x = {"left": 0.0, "center": (self.width - width) / 2, "right": self.width - width}[
            self.align
        ]
        text = canv.beginText(x, self.size * 0.25)
        text.setFont(self.font, self.size)
        text.setCharSpace(self.tracking)
        text.setFillColor(self.colour)
        text.textOut(self.text)
        canv.drawText(text)
