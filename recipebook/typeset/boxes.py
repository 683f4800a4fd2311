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


class FlowColumns(Flowable):
    """Units (each a short stack kept whole, like a letter head and its first entry) set in
    ``count`` columns: full columns page by page, balanced on the last page."""

    def __init__(self, units: list[list[Flowable]], count: int, gap: float) -> None:
        super().__init__()
        self.units, self.count, self.gap = units, count, gap
        self._heights: list[float] = []
        self._width = 0.0

    def _measure(self, aW: float) -> float:
        column = (aW - self.gap * (self.count - 1)) / self.count
        if column != self._width:
            self._width = column
            self._heights = [_stack_height(None, unit, column) for unit in self.units]
        return column

    def _fill(self, height: float) -> list[list[int]]:
        """Unit indexes per column when each column may be ``height`` tall."""
        columns: list[list[int]] = [[]]
        used = 0.0
        for index, h in enumerate(self._heights):
            if columns[-1]:  # the space between this unit and the one above it
                before = self.units[index - 1][-1].getSpaceAfter()
                h += before + self.units[index][0].getSpaceBefore()
            if used + h > height + 1e-6:
                if len(columns) == self.count or not columns[-1]:
                    break
                columns.append([])
                used, h = 0.0, self._heights[index]
                if h > height + 1e-6:
                    break
            columns[-1].append(index)
            used += h
        return columns

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._measure(aW)
        self.width = aW
        placed = sum(len(c) for c in self._fill(aH))
        if placed < len(self.units) or not self.units:
            self.height, self._layout = aH, self._fill(aH)
            return (aW, aH + 1)  # too tall for this page: the frame will split us
        low, high = max(self._heights, default=0.0), aH
        for _ in range(30):  # the shortest height at which everything fits
            mid = (low + high) / 2
            if sum(len(c) for c in self._fill(mid)) == len(self.units):
                high = mid
            else:
                low = mid
        self.height, self._layout = high, self._fill(high)
        return (aW, self.height)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        column = self._measure(aW)
        if self.units and self._heights[0] > aH:  # one unit taller than the page: cut it
            parts = self._cut(self.units[0], column, aH)
            if not parts:
                return []
            units = [parts[0], parts[1], *self.units[1:]]
            return FlowColumns(units, self.count, self.gap).split(aW, aH)
        layout = self._fill(aH)
        placed = sum(len(c) for c in layout)
        if placed == 0:
            return []
        if placed == len(self.units):
            return [self]
        first = FlowColumns(self.units[:placed], self.count, self.gap)
        rest = FlowColumns(self.units[placed:], self.count, self.gap)
        return [first, rest]

    def page_loads(self, aW: float, first: float, rest: float) -> list[float]:
        """The height of the units set on each page (all its columns together), when the
        first page has ``first`` points of height left and each next page ``rest``."""
        loads: list[float] = []
        current, height = self, first
        while current.units:
            parts = current.split(aW, height)
            if not parts:
                if height == rest:  # not even a fresh page holds it (cannot happen)
                    break
                loads.append(0.0)
                height = rest
                continue
            placed = parts[0]
            placed._measure(aW)
            loads.append(sum(placed._heights))
            if len(parts) == 1:
                break
            current, height = parts[1], rest
        return loads

    @staticmethod
    def _cut(
        unit: list[Flowable], width: float, height: float
    ) -> tuple[list[Flowable], list[Flowable]] | None:
        """Split a unit's last paragraph so that its first part fits ``height``."""
        *head, last = unit
        room = height - _stack_height(None, head, width) - (last.getSpaceBefore() if head else 0)
        pieces = last.split(width, room) if room > 0 else []
        if len(pieces) < 2:
            return None
        return ([*head, pieces[0]], list(pieces[1:]))

    def draw(self) -> None:
        x = 0.0
        for column in self._layout:
            items = [f for index in column for f in self.units[index]]
            _draw_stack(self.canv, items, x, self.height, self._width)
            x += self._width + self.gap
