"""The statistics of the pattern suite: one function per kind of observation.

Each statistic is computed the same way from a model run (its KPI and migration tables) and
from the observed data in ``data/observed/``, so that model and observation are compared like
with like. A statistic returns ``{label: value}``: one entry for a single figure (label ""), or
one per point of a curve (an age group, a size class, a town). ``None`` as the run means: give
the observed values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..model.region import haversine_km

__all__ = ["RunData", "STATISTICS", "KPI_COLUMNS", "observed_towns", "census_date"]

ROOT = Path(__file__).resolve().parents[2]
OBSERVED = ROOT / "data" / "observed"
#: The census counts the population on 1 October: the end of September in a run's dates.
CENSUS_MONTH = 9
#: The KPI columns the statistics read (a batch's tables are read with these only).
KPI_COLUMNS = (
    "step",
    "date",
    "municipality",
    "population",
    "pop_0_14",
    "pop_65_plus",
    "births",
    "deaths",
    "moves_in",
    "moves_out",
    "it_cost_yen",
)


def census_date(year: int) -> str:
    """The run date (end of month) that stands for a census of ``year``."""
    return f"{year}-{CENSUS_MONTH:02d}"


@dataclass
class RunData:
    """One run's tables: KPIs per town and step, and its movers (origin, destination, age)."""

    kpis: pd.DataFrame
    migration: pd.DataFrame


@cache
def observed_towns() -> pd.DataFrame:
    """Hokkaido's municipalities with place, kind, subprefecture, hub and census populations
    (2010, 2015, 2020), indexed by key."""
    towns = pd.read_csv(OBSERVED / "hokkaido_municipalities.csv", dtype={"code": str})
    pop15 = pd.read_csv(OBSERVED / "census2015_hokkaido_population.csv", dtype={"code": str})
    towns = towns.merge(pop15.rename(columns={"population": "pop2015"})[["code", "pop2015"]])
    hubs = towns[towns.hub == 1]
    km = haversine_km(
        towns.lat.to_numpy()[:, None],
        towns.lon.to_numpy()[:, None],
        hubs.lat.to_numpy()[None, :],
        hubs.lon.to_numpy()[None, :],
    )
    km[km < 1e-6] = np.inf  # a hub's own distance does not count
    towns["km_to_hub"] = km.min(axis=1)
    return towns.set_index("key")


@cache
def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(OBSERVED / name, dtype={"code": str})


def _towns(selection: str) -> pd.DataFrame:
    """Towns by a selection: 'all', 'hubs', 'towns_villages', 'subprefecture:NAME',
    'subprefecture_towns:NAME' (its towns and villages), 'key:K1,K2' or 'not_key:K1,K2'."""
    t = observed_towns()
    kind, _, arg = selection.partition(":")
    if kind == "all":
        return t
    if kind == "hubs":
        return t[t.hub == 1]
    if kind == "towns_villages":
        return t[t.kind != "city"]
    if kind == "subprefecture":
        return t[t.subprefecture == arg]
    if kind == "subprefecture_towns":
        return t[(t.subprefecture == arg) & (t.kind != "city")]
    if kind == "key":
        return t.loc[arg.split(",")]
    if kind == "not_key":
        return t.drop(arg.split(","))
    raise ValueError(f"unknown town selection {selection!r}")


def _at(run: RunData, date: str, column: str = "population") -> pd.Series:
    k = run.kpis
    return k.loc[k.date == date].set_index("municipality")[column]


def _spearman(x: pd.Series, y: pd.Series) -> float:
    return float(x.rank().corr(y.rank()))


# -- statistics ---------------------------------------------------------------------------------
def population_change(
    run: RunData | None, start: int, end: int, summary: str, towns: str = "all"
) -> dict[str, float]:
    """Relative change of population from census ``start`` to census ``end``, summarized:
    'total' (of the towns together), 'share_shrinking', 'rank_size' (Spearman with the log of
    the start population), 'rank_remoteness' (with km to the nearest hub), 'hubs_minus_rest'
    (mean change of the hubs minus that of the other towns) or 'per_town' (one point each)."""
    t = _towns(towns)
    if run is None:
        before, after = t[f"pop{start}"].astype(float), t[f"pop{end}"].astype(float)
    else:
        before = _at(run, census_date(start)).reindex(t.index).astype(float)
        after = _at(run, census_date(end)).reindex(t.index).astype(float)
    change = (after / before - 1).dropna()  # towns of the selection that are in the run
    before, after, t = before[change.index], after[change.index], t.loc[change.index]
    if summary == "total":
        return {"": float(after.sum() / before.sum() - 1)}
    if summary == "share_shrinking":
        return {"": float((change < 0).mean())}
    if summary == "rank_size":
        return {"": _spearman(np.log(before), change)}
    if summary == "rank_remoteness":
        return {"": _spearman(t.km_to_hub, change)}
    if summary == "hubs_minus_rest":
        hub = t.hub == 1
        return {"": float(change[hub].mean() - change[~hub].mean())}
    if summary == "per_town":
        return {str(k): float(v) for k, v in change.items()}
    raise ValueError(f"unknown summary {summary!r}")


def _size_class(population: pd.Series, edges: list[int]) -> pd.Series:
    labels = [f"<{edges[0]:,}"]
    labels += [f"{a:,}-{b:,}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    labels += [f"{edges[-1]:,}+"]
    return pd.Series(
        np.array(labels, dtype=object)[np.searchsorted(edges, population, side="right")],
        index=population.index,
    )


def _calendar(run: RunData, years: list[int]) -> pd.DataFrame:
    k = run.kpis
    return k[k.date.str[:4].astype(int).isin(years) & (k.step > 0)]


def rate_by_size(
    run: RunData | None, event: str, years: list[int], edges: list[int], towns: str = "all"
) -> dict[str, float]:
    """Events a year per 1,000 residents (births, deaths, moves_in, moves_out) in calendar
    ``years``, by size class of the towns at the 2010 census (``edges`` in persons)."""
    t = _towns(towns)
    size = _size_class(t.pop2010, edges)
    if run is None:
        v = _csv("hokkaido_vital.csv")
        v = v[(v.basis == "resident_register_total") & v.year.isin(years)]
        column = {"moves_in": "in_domestic", "moves_out": "out_domestic"}.get(event, event)
        towns_code = t.code.to_dict()
        per_town = v.groupby("code")[column].mean()
        count = pd.Series({k: per_town.get(c, np.nan) for k, c in towns_code.items()})
        exposure = t.pop2015.astype(float)
    else:
        k = _calendar(run, years)
        count = k.groupby("municipality")[event].sum().reindex(t.index) / len(years)
        exposure = k.groupby("municipality")["population"].mean().reindex(t.index)
    out = (count.groupby(size).sum() / exposure.groupby(size).sum() * 1000).to_dict()
    return {str(k): float(v) for k, v in out.items()}


def age_share(
    run: RunData | None, group: str, year: int, summary: str, towns: str = "all"
) -> dict[str, float]:
    """Share of ``group`` ('0_14' or '65_plus') at census ``year``: 'per_town', or
    'by_size' (mean over towns in each size class of 2010)."""
    t = _towns(towns)
    if run is None:
        b = _csv("census_broad_ages_hokkaido.csv")
        b = b[b.year == year].drop_duplicates("code").set_index("code")
        total = b[["persons_0_14", "persons_15_64", "persons_65_plus"]].sum(axis=1)
        share = (b[f"persons_{group}"] / total).reindex(t.code)
        share.index = t.index
    else:
        share = _at(run, census_date(year), f"pop_{group}") / _at(run, census_date(year))
        share = share.reindex(t.index)
    if summary == "per_town":
        return {str(k): float(v) for k, v in share.items()}
    if summary == "by_size":
        size = _size_class(t.pop2010, [5_000, 20_000, 100_000])
        return {str(k): float(v) for k, v in share.groupby(size).mean().items()}
    raise ValueError(f"unknown summary {summary!r}")


#: The age groups of the observed net migration, as in the migration table (lower bounds).
def _age_label(lo: int) -> str:
    return "90+" if lo >= 90 else f"{lo}-{lo + 4}"


def net_migration_by_age(
    run: RunData | None,
    area: str,
    counterpart: str,
    years: list[int],
    ages: list[int],
    observed_area: str = "",
) -> dict[str, float]:
    """Net migration a year (in minus out) of the towns of ``area`` by 5-year age group
    (lower bounds ``ages``) in calendar ``years``: with the outside destinations only
    (``counterpart`` 'outside') or with every place not in the area ('all')."""
    if run is None:
        n = _csv("hokkaido_net_migration_by_age.csv")
        who = "outside" if counterpart == "outside" else "all"
        cp = {"outside": "other_prefectures", "all": "all_other_municipalities"}[who]
        n = n[
            (n.area == observed_area)
            & (n.counterpart == cp)
            & (n.sex == "total")
            & (n.nationality == "japanese")
            & n.year.isin(years)
            & n.age_lower.isin(ages)
            & (n.age_group != "all")
        ]
        return {_age_label(int(a)): float(v) for a, v in n.groupby("age_lower").net.mean().items()}
    keys = set(_towns(area).index)
    m = run.migration
    m = m[m.step > 0]
    dates = run.kpis.drop_duplicates("step").set_index("step").date
    year = dates.reindex(m.step).str[:4].astype(int).to_numpy()
    m = m[np.isin(year, years)]
    towns = set(run.kpis.municipality)
    other = (lambda d: ~d.isin(towns)) if counterpart == "outside" else (lambda d: ~d.isin(keys))
    into = m[m.destination.isin(keys) & other(m.origin)].groupby("age_group").persons.sum()
    out = m[m.origin.isin(keys) & other(m.destination)].groupby("age_group").persons.sum()
    net = into.sub(out, fill_value=0) / len(years)
    return {_age_label(a): float(net.get(a, 0.0)) for a in ages}


def net_flow(run: RunData | None, into: str, source: str, years: list[int]) -> dict[str, float]:
    """Net movers a year into the towns ``into`` from the towns ``source`` (observed: Sapporo
    with the rest of Hokkaido, the city's figures)."""
    if run is None:
        s = _csv("sapporo_migration.csv")
        s = s[
            (s.counterpart == "rest_of_hokkaido")
            & (s.sex == "total")
            & (s.age_group == "all")
            & s.year.isin(years)
        ]
        return {"": float(s.net.mean())}
    a, b = set(_towns(into).index), set(_towns(source).index) - set(_towns(into).index)
    m = run.migration
    dates = run.kpis.drop_duplicates("step").set_index("step").date
    year = dates.reindex(m.step).str[:4].astype(int).to_numpy()
    m = m[np.isin(year, years) & (m.step > 0).to_numpy()]
    gain = m[m.destination.isin(a) & m.origin.isin(b)].persons.sum()
    loss = m[m.origin.isin(a) & m.destination.isin(b)].persons.sum()
    return {"": float((gain - loss) / len(years))}


def town_moves(run: RunData | None, town: str, years: list[int]) -> dict[str, float]:
    """A town's movers in and out a year (resident register: moves within Japan)."""
    if run is None:
        code = observed_towns().loc[town, "code"]
        v = _csv("hokkaido_vital.csv")
        v = v[(v.code == code) & (v.basis == "resident_register_total") & v.year.isin(years)]
        return {"in": float(v.in_domestic.mean()), "out": float(v.out_domestic.mean())}
    k = _calendar(run, years)
    k = k[k.municipality == town]
    n = len(years)
    return {"in": float(k.moves_in.sum() / n), "out": float(k.moves_out.sum() / n)}


def it_cost_per_resident(
    run: RunData | None, fiscal_year: int, classes: dict[str, list[int]]
) -> dict[str, float]:
    """IT spending per resident in a fiscal year (yen), by size class of the towns: each
    class is [lowest, highest) population; observed figures are given in the pattern."""
    if run is None:
        raise ValueError("it_cost_per_resident: give the observed values in the pattern")
    k = run.kpis[run.kpis.step > 0]
    month = k.date.str[5:].astype(int)
    fy = k.date.str[:4].astype(int) - (month < 4)
    k = k[fy == fiscal_year]
    cost = k.groupby("municipality").it_cost_yen.sum()
    pop = k.groupby("municipality").population.mean()
    out = {}
    for label, (lo, hi) in classes.items():
        sel = (pop >= lo) & (pop < hi)
        out[label] = float(cost[sel].sum() / max(pop[sel].sum(), 1))
    return out


STATISTICS: dict[str, Callable[..., dict[str, float]]] = {
    "population_change": population_change,
    "rate_by_size": rate_by_size,
    "age_share": age_share,
    "net_migration_by_age": net_migration_by_age,
    "net_flow": net_flow,
    "town_moves": town_moves,
    "it_cost_per_resident": it_cost_per_resident,
}
