"""The dashboard's pictures: three lines over time and where the money went, for a room.

Large type, calendar years on fixed axes (the whole scenario period from the first frame, so
lines grow across a still canvas), future B dashed so that it shows where it lies on A, the
legend outside the plots, and money in units people say (thousand yen, or 万円 in Japanese).
Figures are drawn as PNG and scaled to the page width by the browser.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
from matplotlib import rc_context, rcParams  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from ..outputs.fonts import use_cjk_font  # noqa: E402
from .future import PURPOSES, Snapshot  # noqa: E402
from .text import t  # noqa: E402
from .units import YenFormatter, yen  # noqa: E402

COLORS = ("#1f77b4", "#d62728")
STYLES = ("-", "--")
FONT = 13  # points: readable from the back of a room
DPI = 110


use_cjk_font()
#: The fonts the charts draw with, a Japanese one first, whatever else in the process changed
#: matplotlib's settings since (an analysis figure; seaborn's defaults, loaded with
#: ema-workbench): ``with charts.fonts():`` around drawing.
FONTS = {"font.family": ["sans-serif"], "font.sans-serif": list(rcParams["font.sans-serif"])}


def fonts():
    """A context in which the charts find their Japanese glyphs."""
    return rc_context(FONTS)


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _span(snap: Snapshot) -> tuple[float, float]:
    return min(y[0] for y in snap.years), max(y[1] for y in snap.years)


def lines(snap: Snapshot, names: list[str], lang: str) -> Figure:
    """Population (start = 100), procedures done online (%), fiscal balance per resident."""
    fig = Figure(figsize=(12, 3.3), layout="constrained")
    axes = fig.subplots(1, 3)
    lo, hi = _span(snap)
    for side, s in enumerate(snap.series):
        for ax, col in zip(axes, ("population", "online", "balance"), strict=True):
            ax.plot(
                s.year,
                s[col],
                color=COLORS[side],
                linestyle=STYLES[side],
                linewidth=2.2,
                label=f"{'AB'[side]}: {names[side]}",
            )
            ax.plot(s.year.iloc[-1:], s[col].iloc[-1:], "o", color=COLORS[side])  # now
    pops = [v for s in snap.series for v in s.population]
    axes[0].set_ylim(min(90, min(pops) - 2), max(110, max(pops) + 2))
    top = max([v for s in snap.series for v in s.online] + [0])
    axes[1].set_ylim(0, max(10, 1.15 * top))
    axes[2].yaxis.set_major_formatter(YenFormatter(lang))
    if not all(s.balance.isna().all() for s in snap.series):
        axes[2].axhline(0, color="#888", linewidth=1)
    else:
        axes[2].text(
            0.5,
            0.5,
            t("after_a_year", lang),
            transform=axes[2].transAxes,
            ha="center",
            va="center",
            fontsize=FONT - 1,
            color="#666",
        )
        axes[2].set_yticks([])
    for ax, col in zip(axes, ("population", "online", "balance"), strict=True):
        ax.set_title(t(col, lang), fontsize=FONT)
        ax.set_xlim(lo, hi)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))
        ax.tick_params(labelsize=FONT - 2)
        ax.grid(alpha=0.3)
    fig.legend(
        *axes[0].get_legend_handles_labels(),
        loc="outside lower center",
        ncol=2,
        fontsize=FONT - 1,
        frameon=False,
    )
    return fig


def money(snap: Snapshot, names: list[str], lang: str) -> Figure:
    """What the town halls spent it on, per resident: solid stayed in the region, pale left."""
    fig = Figure(figsize=(6.8, 3.6), layout="constrained")
    ax = fig.subplots()
    order = [p for p in [*PURPOSES, "other"] if any(p in m.index for m in snap.money)]
    height = 0.38
    for side, table in enumerate(snap.money):
        table = table.reindex(order, fill_value=0.0)
        ys = [i + (side - 0.5) * height for i in range(len(order))]
        stayed, left = table["stayed"].to_numpy(), table["left"].to_numpy()
        ax.barh(ys, stayed, height, color=COLORS[side], label=f"{'AB'[side]}: {names[side]}")
        ax.barh(ys, left, height, left=stayed, color=COLORS[side], alpha=0.3, hatch="//")
        for y, total in zip(ys, stayed + left, strict=True):
            ax.text(total, y, " " + yen(total, lang), va="center", fontsize=FONT - 3)
    if not order:
        ax.text(
            0.5,
            0.5,
            t("no_money_yet", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=FONT - 1,
            color="#666",
        )
    ax.set_yticks(range(len(order)), [t(f"purpose_{p}", lang) for p in order], fontsize=FONT - 1)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.xaxis.set_major_formatter(YenFormatter(lang))
    ax.tick_params(axis="x", labelsize=FONT - 3)
    ax.margins(x=0.18)
    ax.grid(alpha=0.3, axis="x")
    months = int(min(h["months"] for h in snap.headline))
    first = 0 < months < 12
    plural = "" if months == 1 else "s"
    title = t("money_first", lang).format(n=months, s=plural) if first else t("money", lang)
    ax.set_title(title, fontsize=FONT)
    if not order:
        ax.set_xticks([])
    if order:
        ax.legend(
            fontsize=FONT - 3,
            loc="lower right",
            title=t("money_key", lang),
            title_fontsize=FONT - 3,
        )
    return fig
