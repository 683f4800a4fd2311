"""Light container flowables: side-by-side columns, a tinted box, a row of labelled cells.

ReportLab's Table could draw all three, but it measures every cell several times; these
measure each child once per width, which matters at a thousand recipes.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.platypus.flowables import Flowable


def _stack_height(canv: object, items: Sequence[Flowable], width: float) -> float:
    total = 0.0
    for index, item in enumerate(items):
        _, h = item.wrapOn(canv, width, 1e6)
        total += h + (item.getSpaceBefore() if index else 0.0)
        if index < len(items) - 1:
            total += item.getSpaceAfter()
    return total


def _draw_stack(
    canv: object, items: Sequence[Flowable], x: float, top: float, width: float
) -> None:
    y = top
    for index, item in enumerate(items):
        if index:
            y -= item.getSpaceBefore()
        _, h = item.wrapOn(canv, width, 1e6)
        y -= h
        item.drawOn(canv, x, y)
        y -= item.getSpaceAfter()


class Columns(Flowable):
    """Two stacks of flowables side by side with a hairline between them (never split)."""

    def __init__(
        self,
        left: list[Flowable],
        right: list[Flowable],
        left_share: float,
        gap: float,
        rule: Color | None = None,
    ) -> None:
        super().__init__()
        self.left, self.right = left, right
        self.left_share, self.gap, self.rule = left_share, gap, rule
        self._key: float | None = None

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if self._key != aW:
            self.width = aW
            self.left_w = aW * self.left_share - self.gap / 2
            self.right_w = aW - self.left_w - self.gap
            self.height = max(
                _stack_height(self.canv if hasattr(self, "canv") else None, self.left, self.left_w),
                _stack_height(None, self.right, self.right_w),
            )
            self._key = aW
        return (self.width, self.height)

    def draw(self) -> None:
        canv = self.canv
        _draw_stack(canv, self.left, 0, self.height, self.left_w)
        _draw_stack(canv, self.right, self.left_w + self.gap, self.height, self.right_w)
        if self.rule is not None:
            x = self.left_w + self.gap / 2
            canv.saveState()
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(0.4)
            canv.line(x, 0, x, self.height)
            canv.restoreState()


class Box(Flowable):
    """A tinted box with a coloured rule on its left; splits between its children."""

    def __init__(
        self,
        items: list[Flowable],
        background: Color,
        rule: Color,
        padding: float,
        *,
        rule_width: float = 2.2,
        continued: bool = False,
    ) -> None:
        super().__init__()
        self.items, self.background, self.rule = items, background, rule
        self.padding, self.rule_width, self.continued = padding, rule_width, continued
        self._key: float | None = None

    def _inner(self, width: float) -> float:
        return width - 2 * self.padding - self.rule_width

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if self._key != aW:
            self.width = aW
            self.height = _stack_height(None, self.items, self._inner(aW)) + 2 * self.padding
            self._key = aW
        return (self.width, self.height)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        inner = self._inner(aW)
        used = 2 * self.padding
        for index, item in enumerate(self.items):
            _, h = item.wrapOn(None, inner, 1e6)
            used += h + (item.getSpaceBefore() if index else 0) + item.getSpaceAfter()
            if used > aH:
                if index < 2:  # never leave a title (or nothing) behind
                    return []
                first = Box(
                    self.items[:index],
                    self.background,
                    self.rule,
                    self.padding,
                    rule_width=self.rule_width,
                    continued=self.continued,
                )
                rest = Box(
                    self.items[index:],
                    self.background,
                    self.rule,
                    self.padding,
                    rule_width=self.rule_width,
                    continued=True,
                )
                return [first, rest]
        return [self]

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.background)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setFillColor(self.rule)
        canv.rect(0, 0, self.rule_width, self.height, stroke=0, fill=1)
        canv.restoreState()
        x = self.rule_width + self.padding
        _draw_stack(canv, self.items, x, self.height - self.padding, self._inner(self.width))


class CellRow(Flowable):
    """A tinted row of cells, each a stack of flowables (the recipe's time, yield, use…)."""

    def __init__(
        self,
        cells: list[list[Flowable]],
        weights: list[float],
        background: Color,
        divider: Color,
        padding: float,
    ) -> None:
        super().__init__()
        self.cells, self.weights = cells, weights
        self.background, self.divider, self.padding = background, divider, padding
        self._key: float | None = None

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if self._key != aW:
            total = sum(self.weights)
            self.widths = [aW * w / total for w in self.weights]
            self.width = aW
            inner = [w - 2 * self.padding * 0.6 for w in self.widths]
            self.height = (
                max(_stack_height(None, c, w) for c, w in zip(self.cells, inner, strict=True))
                + 2 * self.padding
            )
            self._key = aW
        return (self.width, self.height)

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.background)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setStrokeColor(self.divider)
        canv.setLineWidth(0.8)
        x = 0.0
        for index, width in enumerate(self.widths):
            if index:
                canv.line(x, self.padding * 0.6, x, self.height - self.padding * 0.6)
            x += width
        canv.restoreState()
        x = 0.0
        pad = self.padding * 0.6
        for cell, width in zip(self.cells, self.widths, strict=True):
            _draw_stack(canv, cell, x + pad, self.height - self.padding, width - 2 * pad)
            x += width
