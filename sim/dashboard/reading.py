"""What the flow, map, loop and IT views read from a future's model: nothing re-derived.

Money comes from the model's ledger (``ledger.flow_table``, the table the disclosure report
reads), people and moves from the KPI frame and the migration table (``people.od_frame``,
the table ``migration.parquet`` holds), IT costs and outages from the KPI frame. Each
function reads one future (``Future``) and the KPI frame of the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.it_systems import KINDS
from .future import AWAY, PURPOSES, Future

#: Where a town hall's yen come from (flow kinds of the ledger), in the flow chart's order.
SOURCES = {
    "donations": ("donation",),
    "grants": ("grant", "subsidy", "national_disbursement"),
    "allocation": ("allocation_tax",),
    "own_tax": ("resident_tax", "fixed_asset_tax", "corporate_tax_local"),
    "bonds": ("bond_issue",),
    "funds_drawn": ("fund_withdrawal",),
}
OWN_TAX = SOURCES["own_tax"]
#: The national target for running IT costs: 30% below the level before the standard.
TARGET = 0.7


def _recent(k: pd.DataFrame) -> pd.DataFrame:
    """KPI rows of the last 12 simulated months (none at month 0)."""
    return k[(k.step > k.step.max() - 12) & (k.step > 0)]


def _group(kinds: pd.Series, groups: dict[str, tuple[str, ...]]) -> pd.Series:
    out = pd.Series("other", index=kinds.index)
    for name, members in groups.items():
        out[kinds.isin(members)] = name
    return out


@dataclass
class MoneyFlow:
    """One future's town-hall money over the last 12 months (or fewer at first), in yen:
    ``sources`` by kind; ``uses`` by purpose with what stayed in the region and what left."""

    sources: pd.Series
    uses: pd.DataFrame
    months: int

    @property
    def stayed_share(self) -> float:
        total = float(self.uses.to_numpy().sum())
        return float(self.uses["stayed"].sum()) / total if total > 0 else 0.0


def money_flow(future: Future) -> MoneyFlow:
    """Where the town halls' yen came from and went, from the ledger (as the disclosure
    report reads it: into and out of the general account, the opening balance left out)."""
    model = future.model
    names = [m.key for m in model.municipalities]
    flows = model.ledger.flow_table(names, after_step=max(model.steps - 12, 0))
    flows = flows[flows.step > 0]
    town = future.settings.town
    came = flows[
        (flows.payee_type == "municipality")
        & (flows.payer_type != "municipality")
        & (flows.kind != "opening_balance")
    ]
    went = flows[(flows.payer_type == "municipality") & (flows.payee_type != "municipality")]
    if town is not None:
        came = came[came.payee_municipality == town]
        went = went[went.payer_municipality == town]
    sources = came.groupby(_group(came.kind, SOURCES)).amount_yen.sum().astype(float)
    where = pd.Series(np.where(went.payee_type.isin(AWAY), "left", "stayed"), index=went.index)
    uses = went.groupby([_group(went.kind, PURPOSES), where]).amount_yen.sum().unstack(fill_value=0)
    uses = uses.reindex(columns=["stayed", "left"], fill_value=0).astype(float)
    return MoneyFlow(sources[sources > 0], uses[uses.sum(axis=1) > 0], int(flows.step.nunique()))


@dataclass
class TownMap:
    """The towns of a future (lat, lon, persons now and at the start, Japanese name), the
    outside places (lat, lon) and the moves between all of them in the last 12 months."""

    towns: pd.DataFrame
    outside: pd.DataFrame
    moves: pd.DataFrame
    focus: str | None
    months: int


def town_map(future: Future, k: pd.DataFrame) -> TownMap:
    """Towns at their place with their population and its change since the start; moves
    (persons) from the migration table, the last 12 months, between towns and outside."""
    model = future.model
    specs = {m.key: m.spec for m in model.municipalities}
    first, last = k[k.step == 0], k[k.step == k.step.max()]
    towns = pd.DataFrame(
        {
            "lat": [s.lat for s in specs.values()],
            "lon": [s.lon for s in specs.values()],
            "name_ja": [s.name_ja or key for key, s in specs.items()],
            "start": first.groupby("municipality").population.sum().reindex(list(specs)),
            "now": last.groupby("municipality").population.sum().reindex(list(specs)),
        },
        index=list(specs),
    )
    towns["change"] = 100 * (towns.now / towns.start.clip(lower=1) - 1)
    outside = pd.DataFrame(
        [(p.lat, p.lon, p.name_ja or key) for key, p in model.p.region.outside.items()],
        columns=["lat", "lon", "name_ja"],
        index=list(model.p.region.outside),
    )
    od = model.people.od_frame([*specs, *outside.index], model.p.run.scale)
    od = od[od.step > model.steps - 12]
    moves = od.groupby(["origin", "destination"]).persons.sum().rename("persons").reset_index()
    if future.settings.town is not None:
        town = future.settings.town
        moves = moves[(moves.origin == town) | (moves.destination == town)]
    months = int(min(model.steps, 12))
    return TownMap(towns, outside, moves[moves.persons > 0], future.settings.town, months)


def loop_values(future: Future, k: pd.DataFrame) -> dict[str, float]:
    """This year's values on the investment loop's arrows (last 12 months, the focus town or
    the region): donations and own taxes (M yen, ledger), program spending (M yen), visible
    results and trust (0-1, population-weighted), persons who moved in and families with
    children among them (0-14-year-olds who moved in)."""
    k = future.focus(k)
    recent, last = _recent(k), k[k.step == k.step.max()]
    pop = max(float(last.population.sum()), 1.0)
    model = future.model
    names = [m.key for m in model.municipalities]
    flows = model.ledger.flow_table(names, after_step=max(model.steps - 12, 0))
    own = flows[(flows.step > 0) & flows.kind.isin(OWN_TAX) & (flows.payee_type == "municipality")]
    if future.settings.town is not None:
        own = own[own.payee_municipality == future.settings.town]
    return {
        "months": float(recent.step.nunique()),
        "donations": recent.donations_yen.sum() / 1e6,
        "programs": recent.program_spending_yen.sum() / 1e6,
        "results": float((last.visible_results * last.population).sum() / pop),
        "trust": float((last.trust * last.population).sum() / pop),
        "moved_in": float(recent.moves_in.sum()),
        "children_in": float(recent.moves_in_0_14.sum()),
        "own_tax": own.amount_yen.sum() / 1e6,
    }


def it_history(future: Future, k: pd.DataFrame) -> pd.DataFrame:
    """IT cost per resident and year by part (yen) and outage days, per calendar year
    simulated so far (a year in progress: its months so far at a yearly rate; its outage
    days as counted so far), from the KPI frame."""
    k = future.focus(k)
    k = k[k.step > 0]
    if k.empty:
        return pd.DataFrame(columns=[*KINDS, "outage_days", "months"], dtype=float)
    year = k.date.str[:4].astype(int)
    per_year = k.groupby(year)
    months = per_year.step.nunique()
    pop = k.groupby([year, "step"]).population.sum().groupby(level=0).mean().clip(lower=1)
    rate = 12 / months  # a year in progress at its yearly rate
    out = pd.DataFrame({p: per_year[f"it_cost_{p}_yen"].sum() / pop * rate for p in KINDS})
    out["outage_days"] = k.groupby([year, "step"]).outage_days.sum().groupby(level=0).sum()
    out["months"] = months
    return out


def it_targets(histories: list[pd.DataFrame], same_place: bool) -> list[float | None]:
    """The national target per resident and year for each future: its running cost (all but
    the project) 30% below its first full year on its own or shared systems. A future that
    starts on the standard borrows the other's level when both show the same towns
    (``same_place``); otherwise it has none (None), rather than a made-up level."""
    running = [p for p in KINDS if p != "project"]

    def own(h: pd.DataFrame) -> float | None:
        full = h[(h.months == 12) & ((h.legacy + h.joint) > 0)]
        return TARGET * float(full[running].iloc[0].sum()) if not full.empty else None

    levels = [own(h) for h in histories]
    if same_place:
        levels = [x if x is not None else levels[1 - i] for i, x in enumerate(levels)]
    return levels
