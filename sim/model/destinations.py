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
    probabilities ending in 1) it names: one uniform draw each, vectorized over the chosen
    rows only."""
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64)
    width = cum.shape[1]
    u = rng.random(rows.size) * (1 - 1e-12)
    pick = (cum[rows] <= u[:, None]).sum(axis=1)
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

    Places ``0..n_towns-1`` are the towns, ``n_towns..`` the outside destinations (in the
    order of ``region.outside``). Movers of town ``o`` weigh the places ``candidates[o]``:
    all of them in a region of up to ``candidate_places`` places, else the own town, every
    outside place and the other towns of highest gravity (log size - distance cost at the
    start), so that a country of 1,741 towns costs no more a month than a prefecture.
    Arrays by destination (utilities, probabilities) run along these candidate columns.
    """

    def __init__(
        self, lat: np.ndarray, lon: np.ndarray, outside: dict, p, prefecture=None, population=None
    ) -> None:
        self.p = p
        self.n_towns = n = lat.size
        self.outside_keys = list(outside)
        self.outside_population = np.array([x.population for x in outside.values()], float)
        towns = np.array([x.towns for x in outside.values()], float)
        self.members = np.concatenate([np.ones(n), towns])
        beyond = np.array([x.beyond_prefecture for x in outside.values()], float)
        all_lat = np.concatenate([lat, [x.lat for x in outside.values()]])
        all_lon = np.concatenate([lon, [x.lon for x in outside.values()]])
        n_places = all_lat.size
        self.candidates = self._candidates(all_lat, all_lon, population)
        c = self.candidates
        km = haversine_km(lat[:, None], lon[:, None], all_lat[c], all_lon[c])
        border = np.concatenate([np.zeros(n), beyond])[c]
        if prefecture is not None:  # towns of another prefecture lie beyond the border too
            pref = np.asarray(prefecture)
            origin = np.broadcast_to(np.arange(n)[:, None], c.shape)
            town = c < n
            border[town] = pref[c[town]] != pref[origin[town]]
        self.km = km
        self.distance_cost = p.distance_decay * np.log1p(km / p.distance_scale_km)
        self.distance_cost += border * p.border_cost
        # where each place sits in each town's candidate row (-1: not weighed by its movers)
        self.column = np.full((n, n_places), -1, dtype=np.int64)
        self.column[np.arange(n)[:, None], c] = np.arange(c.shape[1])[None, :]
        self.own_column = self.column[np.arange(n), np.arange(n)]

    def _candidates(self, lat, lon, population) -> np.ndarray:
        """(towns, K) place indices each town's movers weigh, in increasing order."""
        n, n_places = self.n_towns, lat.size
        k = self.p.candidate_places
        if n_places <= k:
            return np.broadcast_to(np.arange(n_places), (n, n_places)).copy()
        pop = np.concatenate([np.asarray(population, float), self.outside_population])
        n_outside = n_places - n
        keep = max(k - n_outside - 1, 0)  # other towns beside the own and the outside places
        rows = []
        for o in range(n):  # towns, not people: once at the start
            km = haversine_km(lat[o], lon[o], lat[:n], lon[:n])
            gravity = np.log(np.maximum(pop[:n], 1.0)) - self.p.distance_decay * np.log1p(
                km / self.p.distance_scale_km
            )
            gravity[o] = -np.inf
            best = np.argsort(-gravity, kind="stable")[:keep]
            rows.append(np.sort(np.concatenate([[o], best, np.arange(n, n_places)])))
        return np.array(rows, dtype=np.int64)

    @property
    def n_outside(self) -> int:
        return len(self.outside_keys)

    def utilities(
        self, population: np.ndarray, attractiveness: np.ndarray, child_term: np.ndarray
    ) -> np.ndarray:
        """V by (stage, young children 0/1/2+, origin town, candidate column); the origin's
        own column is a move within it."""
        p, c = self.p, self.candidates
        size = np.log(np.maximum(np.concatenate([population, self.outside_population]), 1.0))
        appeal = np.concatenate([attractiveness, np.zeros(self.n_outside)])[c]
        child = np.concatenate([child_term, np.zeros(self.n_outside)])[c]
        alpha = np.array([getattr(p, f"size_{x}") for x in STAGES])[:, None, None]
        stage = alpha * size[c][None] + (1 - alpha) * np.log(self.members)[c][None]
        # the own town (a move within it) weighs by local_elasticity, whatever the stage
        towns = np.arange(self.n_towns)
        own = self.own_column
        stage[:, towns, own] = p.local_elasticity * size[: self.n_towns][None, :]
        kids = np.arange(KIDS)[:, None, None] * child[None]  # (kids, town, column)
        return (
            stage[:, None]
            + p.pull * (appeal[None, None] + kids[None])
            - self.distance_cost[None, None]
        )

    def place(self, origin: np.ndarray, column: np.ndarray) -> np.ndarray:
        """The place index of candidate ``column`` of town ``origin``."""
        return self.candidates[origin, column]

    def cumulative(self, v: np.ndarray) -> np.ndarray:
        """Cumulative choice probabilities along the last axis (each row ends in 1)."""
        w = np.exp(v - v.max(axis=-1, keepdims=True))
        cum = np.cumsum(w, axis=-1)
        return cum / cum[..., -1:]

    def probabilities(self, v: np.ndarray) -> np.ndarray:
        w = np.exp(v - v.max(axis=-1, keepdims=True))
        return w / w.sum(axis=-1, keepdims=True)
