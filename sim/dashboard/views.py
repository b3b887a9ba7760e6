"""The upper view the facilitator picks (over time, money flow, IT, map, loop), drawn from
both futures read at one moment (under the pair's lock), and the sentence under the IT view.
Only the view on the page is drawn, so a frame costs one large picture, not five."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..model.it_systems import KINDS
from . import charts, pictures, reading
from .future import Pair
from .text import t
from .units import yen

VIEWS = ("lines", "flow", "it", "map", "loop")


@dataclass
class View:
    """What the upper part of the page shows: a PNG or an SVG, and a sentence under it."""

    png: bytes | None = None
    svg: str = ""
    note: str = ""


def _percent(change: float) -> str:
    return "0.0%" if round(change, 1) == 0 else f"{change:+.1f}%"


def why_b(histories: list[pd.DataFrame], frames: list[pd.DataFrame], pair: Pair, lang: str) -> str:
    """One sentence on how B's IT and its pull on movers differ from A's, with the numbers:
    IT cost per resident (last full or current year), outage days, attractiveness (what the
    migration choice reads), and the population change since the start."""
    if any(h.empty for h in histories):
        return ""
    cost = [h.iloc[-1][list(KINDS)] for h in histories]  # already at a yearly rate
    gap = (cost[1] - cost[0]).abs().idxmax()
    pull, change = [], []
    for f, k in zip(pair.futures, frames, strict=True):
        k = f.focus(k)
        last, first = k[k.step == k.step.max()], k[k.step == 0]
        pop = max(float(last.population.sum()), 1.0)
        pull.append(float((last.attractiveness * last.population).sum() / pop))
        change.append(100 * (pop / max(float(first.population.sum()), 1.0) - 1))
    return t("why_b", lang).format(
        a=yen(float(cost[0].sum()), lang),
        b=yen(float(cost[1].sum()), lang),
        part=t(f"part_{gap}", lang),
        oa=int(histories[0].outage_days.sum()),
        ob=int(histories[1].outage_days.sum()),
        ta=pull[0],
        tb=pull[1],
        pa=_percent(change[0]),
        pb=_percent(change[1]),
    )


def draw(pair: Pair, view: str, names: list[str], lang: str, snap=None) -> View:
    """The view ``view`` of both futures now (``snap``: the page's snapshot, for the lines).
    Both futures are read at one moment, under the pair's lock; the drawing comes after it, so
    that stepping never waits for a picture."""
    if view == "lines":
        return View(png=charts.png(charts.lines(snap or pair.snapshot(), names, lang)))
    with pair.lock:
        fs = pair.futures
        if view == "flow":
            flows = [reading.money_flow(f) for f in fs]
        else:
            frames = [f.model.kpis.frame() for f in fs]
        if view == "map":
            maps = [reading.town_map(f, k) for f, k in zip(fs, frames, strict=True)]
        elif view == "loop":
            values = [reading.loop_values(f, k) for f, k in zip(fs, frames, strict=True)]
        elif view == "it":
            histories = [reading.it_history(f, k) for f, k in zip(fs, frames, strict=True)]
            same = fs[0].settings.scenario == fs[1].settings.scenario and (
                fs[0].settings.town == fs[1].settings.town
            )
            note = why_b(histories, frames, pair, lang)
    if view == "flow":
        return View(svg=pictures.svg(pictures.flow(flows, names, lang)))
    if view == "map":
        return View(svg=pictures.svg(pictures.town_map(maps, names, lang)))
    if view == "loop":
        return View(svg=pictures.svg(pictures.loop(values, names, lang)))
    fig = pictures.it_history(histories, names, lang, same_place=same)
    return View(png=charts.png(fig), note=note)
