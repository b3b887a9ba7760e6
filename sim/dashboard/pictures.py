"""The dashboard's larger views, A beside B: money as a flow, the map, the loop, IT over time.

Each is a matplotlib figure of the page's width; the flow, the map and the loop are sent as
SVG with their text kept as text (so the browser draws it in the page's fonts, a test can read
it, and a projector shows it sharp). The numbers come from ``reading`` (ledger, KPI frame,
migration table); nothing is computed here but positions.
"""

from __future__ import annotations

import io
import re

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from ..model.it_systems import KINDS
from .charts import COLORS, FONT
from .reading import MoneyFlow, TownMap, it_targets
from .text import t
from .units import YenFormatter, yen

SIZE = (12, 3.6)  # inches: the width of the line charts, so the page keeps its layout


def svg(fig: Figure) -> str:
    """The figure as inline SVG that fills its box, text kept as text."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', text, count=1
    )


def _band(ax, x0, lo0, hi0, x1, lo1, hi1, **style) -> None:
    """A smooth band from [lo0, hi0] at x0 to [lo1, hi1] at x1."""
    xs = np.linspace(x0, x1, 24)
    s = (1 - np.cos(np.pi * (xs - x0) / (x1 - x0))) / 2
    ax.fill_between(xs, lo0 + (lo1 - lo0) * s, hi0 + (hi1 - hi0) * s, linewidth=0, **style)


def _stack(values: list[float], total: float, gap: float) -> list[tuple[float, float]]:
    """(bottom, top) of each value stacked from the top down on a column of height 1."""
    spans, top = [], 1.0
    for v in values:
        h = v / total * (1 - gap * max(len(values) - 1, 0))
        spans.append((top - h, top))
        top -= h + gap
    return spans


class _Labels:
    """Label heights down a column, each at least a line below the one above it."""

    LINE = 0.075

    def __init__(self) -> None:
        self.last = 2.0

    def at(self, y: float) -> float:
        self.last = min(y, self.last - self.LINE)
        return self.last


def flow(flows: list[MoneyFlow], names: list[str], lang: str) -> Figure:
    """Where each future's town-hall yen came from (left) and went (right), the last 12
    months; solid uses stayed in the region, hatched ones left it."""
    fig = Figure(figsize=SIZE, layout="constrained")
    axes = fig.subplots(1, 2)
    for side, (ax, f) in enumerate(zip(axes, flows, strict=True)):
        ax.set_axis_off()
        ax.set_xlim(-0.75, 1.75)
        ax.set_ylim(-0.3, 1.12)
        color = COLORS[side]
        total_in, total_out = float(f.sources.sum()), float(f.uses.to_numpy().sum())
        if total_in <= 0 and total_out <= 0:
            ax.text(0.5, 0.5, t("no_money_yet", lang), ha="center", fontsize=FONT - 1)
            ax.set_title(f"{'AB'[side]}: {names[side]}", fontsize=FONT - 1)
            continue
        scale = max(total_in, total_out)
        gap = 0.025
        src = _stack(list(f.sources.to_numpy()), scale, gap)
        room = _Labels()
        for (lo, hi), (kind, v) in zip(src, f.sources.items(), strict=True):
            ax.fill_between([0, 0.06], lo, hi, color="#555")
            _band(ax, 0.06, lo, hi, 0.44, lo, hi, color=color, alpha=0.25)
            label = f"{t('src_' + kind, lang)} {yen(v, lang)}"
            ax.text(-0.02, room.at(hi), label, ha="right", va="top", fontsize=FONT - 4)
        ax.fill_between([0.44, 0.56], 1 - total_in / scale, 1, color=color)
        ax.text(0.5, 1.02, t("town_hall", lang), ha="center", va="bottom", fontsize=FONT - 3)
        order = f.uses.sum(axis=1).sort_values(ascending=False).index  # largest first
        parts = [(p, w, f.uses.loc[p, w]) for p in order for w in ("stayed", "left")]
        parts = [x for x in parts if x[2] > 0]
        spans = _stack([v for *_, v in parts], scale, gap / 2)
        top, room = 1.0, _Labels()
        for (lo, hi), (purpose, where, _v) in zip(spans, parts, strict=True):
            h = hi - lo
            style = (
                {"color": color, "alpha": 0.8}
                if where == "stayed"
                else {"facecolor": "white", "edgecolor": color, "hatch": "///", "alpha": 0.6}
            )
            _band(ax, 0.56, top - h, top, 0.94, lo, hi, **style)
            ax.fill_between([0.94, 1.0], lo, hi, color="#555" if where == "stayed" else "#bbb")
            top -= h
            if where == "stayed" or f.uses.loc[purpose, "stayed"] <= 0:
                value = float(f.uses.loc[purpose].sum())
                label = f"{t('purpose_' + purpose, lang)} {yen(value, lang)}"
                ax.text(1.02, room.at(hi), label, ha="left", va="top", fontsize=FONT - 4)
        head = t("flow_head", lang).format(
            name=f"{'AB'[side]}: {names[side]}",
            into=yen(total_in, lang),
            out=yen(total_out, lang),
            stayed=f"{f.stayed_share:.0%}",
        )
        ax.set_title(head, fontsize=FONT - 2)
    months = min(f.months for f in flows)
    key = t("flow_key", lang) + (
        "" if months >= 12 else " " + t("flow_first", lang).format(n=months)
    )
    fig.suptitle(key, fontsize=FONT - 2)
    return fig


def _xy(lat, lon, lat0: float):
    """Degrees to a flat map near ``lat0`` (east-west shrunk by cos(latitude))."""
    return np.asarray(lon) * np.cos(np.radians(lat0)), np.asarray(lat)


def town_map(maps: list[TownMap], names: list[str], lang: str) -> Figure:
    """Towns at their place, sized by population, coloured by its change since the start;
    arrows for the largest moves of the last 12 months between towns and to outside places
    (drawn at the map's edge in their direction, with the persons moved in and out)."""
    fig = Figure(figsize=SIZE, layout="constrained")
    axes = fig.subplots(1, 2)
    limit = max([1.0, *(float(np.nanmax(np.abs(m.towns.change))) for m in maps)])
    cmap = matplotlib.colormaps["RdBu"]
    for side, (ax, m) in enumerate(zip(axes, maps, strict=True)):
        towns = m.towns
        lat0 = float(towns.lat.mean())
        x, y = _xy(towns.lat, towns.lon, lat0)
        cx, cy = float(np.mean(x)), float(np.mean(y))
        radius = max(0.35, float(np.hypot(x - cx, y - cy).max()) * 1.25)
        where = {key: (xi, yi) for key, xi, yi in zip(towns.index, x, y, strict=True)}
        ox, oy = _xy(m.outside.lat, m.outside.lon, lat0)
        for key, px, py in zip(m.outside.index, ox, oy, strict=True):
            d = np.hypot(px - cx, py - cy) or 1.0
            where[key] = (cx + (px - cx) / d * radius, cy + (py - cy) / d * radius)
            name = m.outside.name_ja[key] if lang == "ja" else key.replace("_", " ")
            ax.text(
                *where[key],
                name,
                ha="center",
                va="center",
                fontsize=FONT - 4,
                bbox={"boxstyle": "round", "fc": "#eee", "ec": "#999"},
            )
        moves = m.moves.sort_values("persons", ascending=False).head(12)
        top = max(float(moves.persons.max()) if len(moves) else 1.0, 1.0)
        for o, d, n in moves[["origin", "destination", "persons"]].itertuples(index=False):
            arrow = FancyArrowPatch(
                where[o],
                where[d],
                connectionstyle="arc3,rad=0.15",
                arrowstyle="-|>",
                mutation_scale=10,
                linewidth=0.6 + 4 * n / top,
                color="#444",
                alpha=0.55,
                shrinkA=6,
                shrinkB=6,
            )
            ax.add_patch(arrow)
            mx, my = (np.array(where[o]) + np.array(where[d])) / 2
            ax.text(mx, my, f"{int(n):,}", fontsize=FONT - 5, color="#222", ha="center")
        size = 30 + 900 * towns.now / max(float(towns.now.max()), 1.0)
        edge = ["black" if k == m.focus else "#666" for k in towns.index]
        ax.scatter(
            x,
            y,
            s=size,
            c=towns.change,
            cmap=cmap,
            vmin=-limit,
            vmax=limit,
            edgecolors=edge,
            linewidths=[2.5 if k == m.focus else 0.6 for k in towns.index],
            zorder=3,
        )
        biggest = towns.now.sort_values(ascending=False).index[:6]
        shown = {*biggest, *([m.focus] if m.focus else [])}
        for key in shown:
            name = towns.name_ja[key] if lang == "ja" else key.replace("_", " ").title()
            ax.text(*where[key], f" {name} {towns.change[key]:+.1f}%", fontsize=FONT - 4, zorder=4)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.margins(0.12)
        ax.set_title(f"{'AB'[side]}: {names[side]}", fontsize=FONT - 2)
    sm = matplotlib.cm.ScalarMappable(cmap=cmap, norm=matplotlib.colors.Normalize(-limit, limit))
    fig.colorbar(sm, ax=axes, shrink=0.8, label=t("map_change", lang))
    fig.suptitle(t("map_key", lang).format(n=min(m.months for m in maps)), fontsize=FONT - 2)
    return fig


#: The loop's boxes (x, y on a unit square) and its arrows (from, to, the value they carry).
NODES = {
    "programs": (0.45, 0.9),
    "results": (0.45, 0.5),
    "trust": (0.45, 0.1),
    "donations": (0.1, 0.5),
    "own_tax": (0.85, 0.7),
    "families": (0.85, 0.3),
}
ARROWS = (
    ("donations", "programs", "donations"),
    ("programs", "results", "programs"),
    ("results", "trust", "results"),
    ("trust", "donations", "trust"),
    ("trust", "families", "trust"),
    ("families", "own_tax", "moved_in"),
    ("own_tax", "programs", "own_tax"),
)


def loop_label(key: str, values: dict[str, float], lang: str) -> str:
    """The value an arrow carries, in the room's units (a dash before the first month)."""
    if values["months"] == 0 and key not in ("results", "trust"):
        return "–"
    if key in ("donations", "programs", "own_tax"):
        return yen(values[key] * 1e6, lang)
    if key == "moved_in":
        return t("loop_moved", lang).format(n=int(values["moved_in"]), c=int(values["children_in"]))
    return f"{values[key]:.2f}"


def loop(values: list[dict[str, float]], names: list[str], lang: str) -> Figure:
    """The investment loop, once per future, with this year's values on its arrows."""
    fig = Figure(figsize=SIZE, layout="constrained")
    axes = fig.subplots(1, 2)
    for side, (ax, v) in enumerate(zip(axes, values, strict=True)):
        ax.set_axis_off()
        ax.set_xlim(-0.08, 1.08)
        ax.set_ylim(-0.05, 1.05)
        for key, (x, y) in NODES.items():
            ax.text(
                x,
                y,
                t("loop_" + key, lang),
                ha="center",
                va="center",
                fontsize=FONT - 3,
                bbox={"boxstyle": "round", "fc": "white", "ec": COLORS[side]},
                zorder=3,
            )
        for a, b, what in ARROWS:
            (x0, y0), (x1, y1) = NODES[a], NODES[b]
            ax.add_patch(
                FancyArrowPatch(
                    (x0, y0),
                    (x1, y1),
                    arrowstyle="-|>",
                    mutation_scale=12,
                    color=COLORS[side],
                    shrinkA=22,
                    shrinkB=22,
                    connectionstyle=f"arc3,rad={0 if a in ('programs', 'results') else -0.25}",
                )
            )
            bend = 0 if a in ("programs", "results") else 0.25
            ax.text(
                (x0 + x1) / 2 - bend * (y1 - y0) / 2,
                (y0 + y1) / 2 + bend * (x1 - x0) / 2,
                f"+ {loop_label(what, v, lang)}",
                ha="center",
                va="center",
                fontsize=FONT - 4,
                color="#222",
                bbox={"fc": "#fff8", "ec": "none", "pad": 1},
                zorder=4,
            )
        for x, y in ((0.27, 0.5), (0.63, 0.32)):  # two reinforcing loops: programs, trust
            ax.text(x, y, "R", ha="center", va="center", fontsize=FONT + 6, color="#999")
        ax.set_title(f"{'AB'[side]}: {names[side]}", fontsize=FONT - 2)
    fig.suptitle(t("loop_key", lang), fontsize=FONT - 2)
    return fig


def it_history(histories, names: list[str], lang: str, same_place: bool = False) -> Figure:
    """IT cost per resident and year by part, A beside B on one scale, the national target
    (running cost 30% below the first full year on the town's own or shared systems) as a
    line where there is such a year, outage days on the right axis. A year in progress is
    shown at its yearly rate (its months so far times 12 over their number)."""
    fig = Figure(figsize=SIZE, layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    colors = dict(zip(KINDS, matplotlib.colormaps["tab10"].colors, strict=False))
    targets = it_targets(histories, same_place)
    for side, (ax, h) in enumerate(zip(axes, histories, strict=True)):
        ax.set_title(f"{'AB'[side]}: {names[side]}", fontsize=FONT - 2)
        if h.empty:
            ax.text(0.5, 0.5, t("no_money_yet", lang), transform=ax.transAxes, ha="center")
            continue
        bottom = np.zeros(len(h))
        for part in KINDS:
            if (h[part] > 0).any():
                label = t(f"part_{part}", lang)
                ax.bar(h.index, h[part], bottom=bottom, color=colors[part], label=label)
                bottom += h[part].to_numpy()
        target = targets[side]
        if target is not None:
            ax.axhline(
                target, color="black", linestyle="--", linewidth=1.5, label=t("it_target", lang)
            )
        outages = ax.twinx()
        outages.plot(h.index, h.outage_days, "o-", color="#d62728", linewidth=1.5)
        outages.set_ylim(0, max(5.0, 1.3 * float(h.outage_days.max())))
        outages.set_ylabel(t("it_outages", lang), color="#d62728", fontsize=FONT - 4)
        outages.tick_params(labelsize=FONT - 4, colors="#d62728")
        ax.yaxis.set_major_formatter(YenFormatter(lang))
        ax.tick_params(labelsize=FONT - 4)
        ax.grid(alpha=0.3, axis="y")
        ax.legend(fontsize=FONT - 6, loc="upper left", ncol=2, framealpha=0.7)
    fig.suptitle(t("it_history", lang), fontsize=FONT - 2)
    return fig
