"""One future of the dashboard: a scenario, the settings a facilitator moved, and its model.

A ``Future`` knows nothing about Solara: the page builds one per side and per browser
session, steps it, and draws what ``series`` and ``money`` return. Settings become ``--set``
overrides, so every slider is checked by the scenario schema like any other input.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..model import RegionModel
from ..scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
#: What the scenario picker offers: the shipped scenarios a workshop compares.
CHOICES = (
    "kamishihoro.yaml",
    "kamishihoro_no_programs.yaml",
    "kamishihoro_baseline.yaml",
    "centralization/all_legacy.yaml",
    "centralization/regional_joint.yaml",
    "centralization/standard_mandate.yaml",
    "centralization/standard_late.yaml",
)
#: Persons per agent for the big regions, so that a month takes well under a second.
DASHBOARD_SCALE = {"centralization": 20}


@dataclass(frozen=True)
class Settings:
    """What a facilitator can change; None keeps the scenario's value."""

    scenario: str = "kamishihoro.yaml"
    disclosure: float | None = None
    reinvestment: float | None = None
    childcare_myen: int | None = None
    regime: str | None = None
    seed: int = 1

    def overrides(self, towns: list[str]) -> list[str]:
        """The settings as ``--set`` overrides for every town of the scenario."""
        sets = []
        for town in towns:
            pre = f"municipalities.{town}"
            if self.disclosure is not None:
                sets.append(f"{pre}.policy.disclosure={self.disclosure}")
            if self.reinvestment is not None:
                sets.append(f"{pre}.policy.reinvestment_share={self.reinvestment}")
            if self.childcare_myen is not None:
                sets += [
                    f"{pre}.policy.programs.childcare_support.start_fy=1950",
                    f"{pre}.policy.programs.childcare_support.budget_yen="
                    f"{self.childcare_myen * 1_000_000}",
                    f"{pre}.policy.programs.childcare_support.budget_from_fy={{}}",
                ]
            if self.regime is not None:
                sets.append(f"{pre}.it_regime={self.regime}")
                if self.regime == "joint":
                    sets.append(f"{pre}.it_group=region")
        if self.regime is not None:
            sets += ["it.schedule=[]", "it.mandate.enabled=false"]
        return sets


@dataclass
class Future:
    """A model built from ``settings``, stepped by the page."""

    settings: Settings
    model: RegionModel = field(init=False)
    lock: threading.RLock = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        path = SCENARIOS / self.settings.scenario
        base = load_scenario(path)
        sets = self.settings.overrides(list(base.municipalities))
        group = self.settings.scenario.split("/")[0]
        if group in DASHBOARD_SCALE:
            sets.append(f"run.scale={DASHBOARD_SCALE[group]}")
        self.model = RegionModel(load_scenario(path, overrides=sets), seed=self.settings.seed)
        self.lock = threading.RLock()  # the page reads while its play thread steps

    @property
    def done(self) -> bool:
        return not self.model.running

    @property
    def month(self) -> str:
        year, month = self.model.calendar()
        return f"{year}-{month:02d}"

    def step(self, months: int = 1) -> None:
        for _ in range(months):
            with self.lock:  # a month is stepped whole before anyone reads the model
                if self.done:
                    return
                self.model.step()

    def series(self) -> pd.DataFrame:
        """Region values per month, comparable between a town and a region: population against
        its start (100), online share (%), and the town halls' fiscal balance over the last 12
        months per resident (yen; bonds and fund draws come in April)."""
        with self.lock:
            k = self.model.kpis.frame()
        g = k.groupby("step")
        pop = g["population"].sum()
        online = (k.online_procedure_share * k.population).groupby(k.step).sum() / pop.clip(1)
        balance = g["fiscal_balance_yen"].sum().rolling(12, min_periods=1).sum()
        return pd.DataFrame(
            {
                "date": g["date"].first(),
                "population": 100 * pop / pop.iloc[0],
                "online": 100 * online,
                "balance": balance / pop.clip(1),
            }
        )

    def money(self) -> pd.Series:
        """Where the town halls' money went in the last 12 months, by payee (yen per resident)."""
        model = self.model
        with self.lock:
            flows = model.ledger.flow_table([m.key for m in model.municipalities])
            steps, residents = model.steps, int(model.people.count().sum()) * model.p.run.scale
        last = flows[(flows.step > steps - 12) & (flows.payer_type == "municipality")]
        last = last[~last.kind.isin(["opening_balance"])]
        inside = set(last.payer_municipality)
        payee = last.payee_type.where(
            (last.payee_type != "municipality") | ~last.payee_municipality.isin(inside),
            "municipality",
        )
        payee = payee.where(
            (last.payee_type != "municipality")
            | (last.payee_municipality != last.payer_municipality),
            "self",
        )
        money = last.groupby(payee).amount_yen.sum() / max(residents, 1)
        return money.drop("self", errors="ignore").sort_values(ascending=False)
