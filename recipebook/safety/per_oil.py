"""Per-oil rules: R5 (each oil's dermal maximum, and peppermint's for children), R6
(phototoxic oils summed against their limits) and R20 (cassia and cinnamon bark on skin)."""

from __future__ import annotations

from ..findings import Severity
from .context import Context, Note, Outcome, drops_text
from .dilution import Line, exceeds, fmt_limit, fmt_percent

ERROR, WARNING = Severity.ERROR, Severity.WARNING
#: Phototoxic oils are summed as shares of their own limits; the total must stay ≤ 1 (R6).
PHOTOTOXIC_TOTAL = 1.0


def check_per_oil(ctx: Context) -> Outcome:
    """R5 (and R3's child maximum): one oil above its own dermal maximum.

    Not for an undiluted product: its shares are of an all-oil batch, and the error that
    it is undiluted (R20) is the one to act on first."""
    out = Outcome()
    if not ctx.leave_on or ctx.batch.percent is None or ctx.batch.is_neat:
        return out
    child = ctx.age_group is not None
    for line, share in _oil_shares(ctx):
        oil = line.oil.oil if line.oil else None
        if oil is None:
            continue
        checks = [
            (oil.dermal_max, ERROR, "its maximum on skin"),
            (oil.dermal_advised, WARNING, "the most commonly advised on skin"),
        ]
        if child:
            checks.insert(0, (oil.child_max, ERROR, "its maximum for young children"))
        for limit, severity, words in checks:
            if limit is None or not exceeds(share, limit):
                continue
            drops = ctx.batch.drops_for(limit, line)
            action = (
                f"use at most {drops_text(drops)} for this batch"
                if drops > 0
                else "leave it out (even one drop is too much for this batch)"
            )
            remark = _remark(line)
            out.findings.append(
                ctx.at_line(
                    line,
                    "EO-MAX-DERMAL",
                    f"{line.name} is {fmt_percent(share, limit)} of this {ctx.product}{remark}; "
                    f"{words} is {fmt_limit(limit)} — {action}",
                    severity,
                )
            )
            break
    return out


def check_phototoxic(ctx: Context) -> Outcome:
    """R6: phototoxic oils in leave-on and face products, summed against their limits."""
    out = Outcome()
    if not ctx.leave_on:
        return out
    photo = [(ln, s) for ln, s in _oil_shares(ctx) if ln.oil and ln.oil.oil.phototoxic]
    if not photo:
        return out
    out.notes.append(
        Note(
            "sun",
            f"Contains {_names(photo)}, which can make skin burn or stain in sunlight: keep "
            "treated skin out of the sun and away from sunbeds and UV lamps for 12–18 hours.",
        )
    )
    if ctx.batch.is_neat:
        return out  # the undiluted-product error (R20) comes first; the sun note stays
    parts = [(ln, s, s / (ln.oil.oil.phototoxic or 1)) for ln, s in photo if ln.oil]
    total = sum(ratio for _, _, ratio in parts)
    if exceeds(total, PHOTOTOXIC_TOTAL):
        line, share, _ = max(parts, key=lambda part: part[2])
        out.findings.append(
            ctx.at_line(line, "EO-PHOTOTOXIC", _photo_message(ctx, parts, total), ERROR)
        )
        return out
    for line, share, _ in parts:
        if line.oil and line.oil.assumed:
            oil = line.oil.oil
            base = oil.name.split(" (")[0]
            limit = fmt_limit(oil.phototoxic or 0)
            out.findings.append(
                ctx.at_line(
                    line,
                    "EO-PHOTOTOXIC",
                    f"'{line.authored}' does not say how it was made, so it is "
                    f"checked as {oil.name}, which is phototoxic above {limit} (here "
                    f"{fmt_percent(share, oil.phototoxic)}) — write '{base} (expressed) "
                    "essential oil' or, if yours is steam-distilled or bergapten-free, say so",
                    WARNING,
                )
            )
    return out


def _photo_message(ctx: Context, parts: list, total: float) -> str:
    batch = ctx.batch
    if len(parts) == 1:
        line, share, _ = parts[0]
        oil = line.oil.oil
        limit = oil.phototoxic or 0
        per_30 = int(limit * 30 * batch.drops_per_ml / 100 + 1e-9)
        drops = batch.drops_for(limit, line)
        swap = f"use {oil.safer} or " if oil.safer else "use "
        return (
            f"{oil.name} is {fmt_percent(share, limit)} of this {ctx.product}{_remark(line)}; "
            f"its phototoxic limit is {fmt_limit(limit)} — {swap}≤ {drops_text(per_30)} per "
            f"30 ml ({drops_text(drops)} for this batch)"
        )
    detail = "; ".join(
        f"{line.name}{_remark(line)} {fmt_percent(share, line.oil.oil.phototoxic)} of its "
        f"{fmt_limit(line.oil.oil.phototoxic or 0)} limit = {ratio:.0%}"
        for line, share, ratio in parts
    )
    return (
        f"together the phototoxic oils use {total:.0%} of their safe limit ({detail}); the "
        "shares must add up to 100% or less — use fewer drops, or a non-phototoxic variant "
        "(bergamot FCF, steam-distilled lemon or lime)"
    )


def check_skin_warning(ctx: Context) -> Outcome:
    """R20: cassia or cinnamon bark anywhere on skin, rinse-off included."""
    out = Outcome()
    if not ctx.on_skin:
        return out
    for line in ctx.known_oils:
        oil = line.oil.oil if line.oil else None
        if oil is None or not oil.skin_warning:
            continue
        share = ctx.batch.share(line)
        if ctx.leave_on and oil.dermal_max is not None and share and exceeds(share, oil.dermal_max):
            continue  # R5 already reports it as an error
        out.findings.append(
            ctx.at_line(
                line,
                "EO-MAX-DERMAL",
                f"{line.name} is one of the strongest skin sensitisers and irritants, even in a "
                f"{ctx.product}; its maximum on skin is {fmt_limit(oil.dermal_max or 0)} — "
                "leave it out, or use it only in a diffuser",
                WARNING,
            )
        )
    return out


def _oil_shares(ctx: Context) -> list[tuple[Line, float]]:
    """Each known oil's % of the batch, lines of the same oil added together."""
    by_name: dict[str, tuple[Line, float]] = {}
    for line in ctx.known_oils:
        share = ctx.batch.share(line)
        if share is None or not line.counted:
            continue
        first, total = by_name.get(line.name, (line, 0.0))
        by_name[line.name] = (first, total + share)
    return list(by_name.values())


def _remark(line: Line) -> str:
    if line.oil and line.oil.assumed:
        return " (no method named, so checked as expressed)"
    if line.oil and line.oil.remark:
        return f" ({line.oil.remark})"
    return ""


def _names(pairs: list[tuple[Line, float]]) -> str:
    unique = list(dict.fromkeys(line.name for line, _ in pairs))
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " and " + unique[-1]
