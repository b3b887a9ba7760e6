"""Where movers go: a gravity choice among the region's towns and the places beyond it.

A household (or a young adult leaving home) of life stage ``s`` (by the age of whoever
decides: study 15-19, work 20-29, family 30-44, older 45+) that moves from town ``o`` weighs
its own town (a move within it, whose size weighs by ``local_elasticity``), every other town
of the region and every outside destination (``region.outside``: the metropolis, the Tokyo
area, the rest of Japan) by

    V(d) = size_s x ln N(d) + (1 - size_s) x ln n(d)
           - distance_decay x ln(1 + km(o, d) / distance_scale_km) - border_cost x beyond(d)
           + pull x (A(d) + k x child_term(d)) + home_bonus x [d is the mover's home town]

and picks ``d`` with probability exp(V(d)) / sum of exp(V). ``N`` is the population and ``n``
the number of municipalities a place stands for (1 for a town: an outside place of many
municipalities weighs as that many towns of its mean size); ``beyond`` is 1 for a place across
the prefecture's border; ``A`` a town's attractiveness against the national norm (0 beyond the
region), ``k`` the young children the household takes along (0, 1, 2 or more) and
``child_term`` what a town pays per young child beyond the norm, as attractiveness
(``Migration.child_term``). A mover's home town is where they lived at 15 (-1 for those who
came from beyond the region as adults): those who left it come back to it more, and those who
live there leave it less. Choosing the own town is a move within it, so a large town keeps
most of its movers and a small one loses most. Each life stage weighs size by its own
``size_<stage>``, calibrated on the observed migration by age (docs/validation.md): if young
adults weigh it most, a hub draws from its hinterland and loses to the metropolis.
"""

from __future__ import annotations

import numpy as np

from .region import haversine_km

__all__ = ["Places", "stage_of", "STAGE_EDGES", "STAGES", "KIDS", "choose_rows", "choose_home"]

#: Life stages of the person who decides a move (each with its migration.size_<stage>), by
#: age in years: study (below 20), work (20-29), family (30-44), older (45 and over).
STAGES = ("study", "work", "family", "older")
STAGE_EDGES = np.array([20, 30, 45])
#: Households are grouped by the young children they take along: none, one, two or more.
KIDS = 3


def stage_of(years: np.ndarray) -> np.ndarray:
    """Life stage index (0 study, 1 work, 2 family, 3 older) of deciders aged ``years``."""
    return np.searchsorted(STAGE_EDGES, years, side="right")


def choose_rows(cum: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One column per entry of ``rows``, drawn from the row of ``cum`` (rows of cumulative
    probabilities ending in 1) it names: one uniform draw each, vectorized."""
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64)
    width = cum.shape[1]
    flat = (cum + np.arange(cum.shape[0])[:, None]).ravel()
    u = rows + rng.random(rows.size) * (1 - 1e-12)
    pick = np.searchsorted(flat, u, side="right") - rows * width
    return np.minimum(pick, width - 1)


def choose_home(
    cum: np.ndarray, rows: np.ndarray, home: np.ndarray, bonus: float, rng: np.random.Generator
) -> np.ndarray:
    """As ``choose_rows``, with each mover's home column (-1: none) weighing exp(bonus) times
    its weight in the row: the home is drawn with its boosted probability, otherwise a column
    of the row other than the home (redrawn while it lands on the home)."""
    pick = choose_rows(cum, rows, rng)
    has = home >= 0
    if not has.any() or bonus == 0:
        return pick
    p_home = np.zeros(rows.size)
    h = home[has]
    upper = cum[rows[has], h]
    lower = np.where(h > 0, cum[rows[has], np.maximum(h - 1, 0)], 0.0)
    w = upper - lower  # the home's probability in the row
    boosted = w * np.exp(bonus)
    p_home[has] = boosted / (1 - w + boosted)
    go_home = has & (rng.random(rows.size) < p_home)
    pick[go_home] = home[go_home]
    again = has & ~go_home & (pick == home)
    while again.any():  # not home: draw again among the rest of the row
        pick[again] = choose_rows(cum, rows[again], rng)
        again &= pick == home
    return pick


class Places:
    """The region's towns and the outside destinations, with the distances between them.

    Columns ``0..n_towns-1`` are the towns, ``n_towns..`` the outside destinations (in the
    order of ``region.outside``)."""

    def __init__(self, lat: np.ndarray, lon: np.ndarray, outside: dict, p) -> None:
        self.p = p
        self.n_towns = lat.size
        self.outside_keys = list(outside)
        self.outside_population = np.array([x.population for x in outside.values()], float)
        towns = np.array([x.towns for x in outside.values()], float)
        self.members = np.concatenate([np.ones(self.n_towns), towns])
        beyond = np.array([x.beyond_prefecture for x in outside.values()], float)
        self.border = np.concatenate([np.zeros(self.n_towns), beyond]) * p.border_cost
        all_lat = np.concatenate([lat, [x.lat for x in outside.values()]])
        all_lon = np.concatenate([lon, [x.lon for x in outside.values()]])
        self.km = haversine_km(lat[:, None], lon[:, None], all_lat[None, :], all_lon[None, :])
        self.distance_cost = p.distance_decay * np.log1p(self.km / p.distance_scale_km)
        self.distance_cost += self.border[None, :]

    @property
    def n_outside(self) -> int:
        return len(self.outside_keys)

    def utilities(
        self, population: np.ndarray, attractiveness: np.ndarray, child_term: np.ndarray
    ) -> np.ndarray:
        """V by (stage, young children 0/1/2+, origin town, destination); the origin's own
        column is a move within it."""
        p = self.p
        size = np.log(np.maximum(np.concatenate([population, self.outside_population]), 1.0))
        appeal = np.concatenate([attractiveness, np.zeros(self.n_outside)])
        child = np.concatenate([child_term, np.zeros(self.n_outside)])
        alpha = np.array([getattr(p, f"size_{x}") for x in STAGES])[:, None]
        stage = alpha * size[None, :] + (1 - alpha) * np.log(self.members)[None, :]
        # the own town (a move within it) weighs by local_elasticity, whatever the stage
        own_size = p.local_elasticity * size[: self.n_towns]
        kids = np.arange(KIDS)[:, None] * child[None, :]  # (kids, dest)
        v = (
            stage[:, None, None, :]
            + p.pull * (appeal[None, None, None, :] + kids[None, :, None, :])
            - self.distance_cost[None, None, :, :]
        )
        towns = np.arange(self.n_towns)
        v[:, :, towns, towns] += own_size[None, None, :] - stage[:, None, towns]
        return v

    def cumulative(self, v: np.ndarray) -> np.ndarray:
        """Cumulative choice probabilities along the last axis (each row ends in 1)."""
        w = np.exp(v - v.max(axis=-1, keepdims=True))
        cum = np.cumsum(w, axis=-1)
        return cum / cum[..., -1:]

    def probabilities(self, v: np.ndarray) -> np.ndarray:
        w = np.exp(v - v.max(axis=-1, keepdims=True))
        return w / w.sum(axis=-1, keepdims=True)
