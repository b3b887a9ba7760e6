"""The two futures of the dashboard: scenarios, the settings a facilitator moved, their models.

Nothing here knows Solara: the page builds one ``Pair`` per browser session, steps it, and
draws what ``Pair.snapshot`` returns. Settings become ``--set`` overrides, so every slider is
checked by the scenario schema like any other input. Both futures step under one lock and
are read under it, so the page never shows one future a month ahead of the other.
"""

from __future__ import annotations

import functools
import math
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..model.model import RegionModel
from ..scenario.loader import ScenarioError, compose_with_lines, load_scenario
from ..scenario.schema import Scenario

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
    "centralization/standard_scarce_engineers.yaml",
    "centralization/standard_weak_yen.yaml",
)
#: Scenario files a facilitator added (``dxsim dashboard --scenario FILE``): absolute paths,
#: separated by ``os.pathsep``, offered first in the picker.
EXTRA_ENV = "DXSIM_DASHBOARD_SCENARIOS"
#: At most this many simulated persons per future (``run.scale`` is raised for bigger
#: scenarios), so that a month of both futures takes well under a second: Tokachi runs at 20.
DASHBOARD_AGENTS = 17_000
#: What the town halls' spending is for (flow kinds of ``flows.parquet``), in chart order.
PURPOSES = {
    "procurement": ("procurement",),
    "staff": ("wage",),
    "programs": ("program", "child_allowance"),
    "it": ("it_fee", "it_project"),
    "gifts": ("return_gift", "donation_cost"),
    "debt": ("bond_repayment", "interest"),
    "funds": ("fund_deposit",),
}
#: Payees beyond the region: money that leaves it.
AWAY = ("outside", "nation")


def extra_choices() -> tuple[str, ...]:
    """The facilitator's own scenario files, as the dashboard command passed them."""
    paths = (Path(p).resolve() for p in os.environ.get(EXTRA_ENV, "").split(os.pathsep) if p)
    shipped = {(SCENARIOS / c).resolve(): c for c in CHOICES}  # a shipped one keeps its name
    return tuple(dict.fromkeys(shipped.get(p, str(p)) for p in paths))


def choices() -> tuple[str, ...]:
    """What the scenario picker offers: the facilitator's files first, then the shipped ones,
    each that could be read (``readable``)."""
    return readable(_offered())[0]


def problems() -> list[str]:
    """Why a facilitator's file is not offered (it could not be read by this server)."""
    return readable(_offered())[1]


def _offered() -> tuple[str, ...]:
    """The facilitator's files, then the shipped scenarios, each once."""
    return tuple(dict.fromkeys(extra_choices() + CHOICES))


@functools.lru_cache(maxsize=8)
def readable(offered: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """The offered scenarios this server could read, and the problems of the others. Each is
    read once (``scenario_of``), so a file edited or broken during a workshop changes
    nothing on the page until the dashboard is started again."""
    ok, problems = [], []
    for choice in offered:
        try:
            scenario_of(choice)
            ok.append(choice)
        except ScenarioError as exc:
            problems.extend(exc.problems)
    return tuple(ok), problems


@functools.lru_cache(maxsize=64)
def scenario_of(choice: str) -> Scenario:
    """The scenario as this server first read it (the sliders' overrides go on top of it)."""
    return load_scenario(scenario_path(choice))


def scenario_path(choice: str) -> Path:
    """A choice is a shipped scenario (relative to ``scenarios/``) or an absolute path."""
    path = Path(choice)
    return path if path.is_absolute() else SCENARIOS / choice


@functools.lru_cache(maxsize=64)
def scenario_name(choice: str) -> str:
    """A file's label in the picker: its scenario's ``name`` and the file name."""
    return f"{scenario_of(choice).name} ({Path(choice).name})"


def check_files(files: list[str]) -> None:
    """The facilitator's files must be scenarios that list their towns (the sliders act on
    them): every problem of every file in one ScenarioError, before the server starts."""
    problems = []
    for file in files:
        try:
            if Path(file).is_file() and "scenarios" in compose_with_lines(Path(file))[0]:
                raise ScenarioError([f"{file}: is an experiment file; expected a scenario"])
            if load_scenario(file).generate is not None:
                raise ScenarioError(
                    [
                        f"{file}: generates its region (generate:); the dashboard shows "
                        "scenarios that list their municipalities"
                    ]
                )
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise ScenarioError(problems)


def dashboard_scale(scenario) -> int:
    """Persons per agent for the dashboard: the scenario's own, or more for a big region."""
    if scenario.generate is not None:
        persons = scenario.generate.population
    else:
        persons = sum(m.population for m in scenario.municipalities.values())
    return max(scenario.run.scale, math.ceil(persons / DASHBOARD_AGENTS))


@dataclass(frozen=True)
class Settings:
    """What a facilitator can change; None keeps the scenario's value."""

    scenario: str = "kamishihoro.yaml"
    disclosure: float | None = None
    reinvestment: float | None = None
    childcare_myen: int | None = None
    regime: str | None = None
    seed: int = 1
    #: One town of a region that the controls move and the charts show; None: all towns.
    town: str | None = None

    def overrides(self, towns: list[str]) -> list[str]:
        """The settings as ``--set`` overrides for the focus town, or every town."""
        sets = []
        for town in [self.town] if self.town in towns else towns:
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
    """A model built from ``settings``; stepped and read through its ``Pair``."""

    settings: Settings
    model: RegionModel = field(init=False)

    def __post_init__(self) -> None:
        base = scenario_of(self.settings.scenario)
        sets = self.settings.overrides(list(base.municipalities))
        sets.append(f"run.scale={dashboard_scale(base)}")
        scenario = load_scenario(data=base.model_dump(), overrides=sets)
        self.model = RegionModel(scenario, seed=self.settings.seed)

    @property
    def done(self) -> bool:
        return not self.model.running

    @property
    def month(self) -> tuple[int, int]:
        """(year, month) of the last simulated month (the month before the start at first)."""
        return self.model.calendar()

    @property
    def years(self) -> tuple[float, float]:
        """First and last calendar year (as decimals) this future will show."""
        run = self.model.p.run
        start = run.start_year + (run.start_month - 2) / 12
        return start, start + run.years

    def step(self) -> None:
        if not self.done:
            self.model.step()

    def focus(self, k: pd.DataFrame) -> pd.DataFrame:
        """The KPI rows of the focus town, or all rows (the region)."""
        town = self.settings.town
        return k[k.municipality == town] if town is not None else k

    def series(self, k: pd.DataFrame) -> pd.DataFrame:
        """Region values per month, comparable between a town and a region: population against
        its start (100), procedures done online (%), and the town halls' fiscal balance over
        the last 12 months per resident (yen; none before 12 months have passed), from the
        KPI frame ``k`` (of the focus town, when there is one)."""
        k = self.focus(k)
        g = k.groupby("step")
        pop = g["population"].sum()
        online = (k.online_procedure_share * k.population).groupby(k.step).sum() / pop.clip(1)
        flows = g["fiscal_balance_yen"].sum()
        balance = flows.iloc[1:].rolling(12, min_periods=12).sum().reindex(flows.index)
        date = g["date"].first()
        return pd.DataFrame(
            {
                "date": date,
                "year": [int(d[:4]) + (int(d[5:]) - 1) / 12 for d in date],
                "population": 100 * pop / pop.iloc[0],
                "persons": pop,
                "online": 100 * online,
                "balance": balance / pop.clip(1),
            }
        )

    def headline(self, k: pd.DataFrame) -> dict[str, float]:
        """The numbers a room asks for: now, and against the start."""
        k = self.focus(k)
        first, last = k[k.step == 0], k[k.step == k.step.max()]
        recent = k[k.step > k.step.max() - 12]
        recent = recent[recent.step > 0]
        pop, pop0 = last.population.sum(), first.population.sum()
        return {
            "persons": float(pop),
            "change": 100 * (pop / max(pop0, 1) - 1),
            "old": 100 * last.pop_65_plus.sum() / max(pop, 1),
            "online": 100 * (last.online_procedure_share * last.population).sum() / max(pop, 1),
            "donations": recent.donations_yen.sum() / 1e6,
            "trust": float((last.trust * last.population).sum() / max(pop, 1)),
            "months": float(recent.step.nunique()),
        }

    def money(self) -> pd.DataFrame:
        """What the town halls spent in the last 12 months (or since the start), by purpose,
        split into what stayed in the region and what left it, in yen per resident."""
        model = self.model
        steps = model.steps
        names = [m.key for m in model.municipalities]
        flows = model.ledger.flow_table(names, after_step=max(steps - 12, 0))
        spent = flows[(flows.payer_type == "municipality") & (flows.payee_type != "municipality")]
        town = self.settings.town
        if town is not None:
            spent = spent[spent.payer_municipality == town]
        if spent.empty:
            return pd.DataFrame(columns=["stayed", "left"], dtype=float)
        purpose = pd.Series("other", index=spent.index)
        for name, kinds in PURPOSES.items():
            purpose[spent.kind.isin(kinds)] = name
        where = np.where(spent.payee_type.isin(AWAY), "left", "stayed")
        counts = model.people.count()
        alive = counts[names.index(town)] if town is not None else counts.sum()
        residents = max(int(alive) * model.p.run.scale, 1)
        table = spent.groupby([purpose, where]).amount_yen.sum().unstack(fill_value=0) / residents
        return table.reindex(columns=["stayed", "left"], fill_value=0.0)


@dataclass
class Snapshot:
    """Both futures read at one moment: what the page draws."""

    series: list[pd.DataFrame]
    money: list[pd.DataFrame]
    headline: list[dict[str, float]]
    months: list[tuple[int, int]]
    years: list[tuple[float, float]]
    done: bool


@dataclass
class Pair:
    """Future A and future B, stepped together a month at a time under one lock."""

    a: Settings
    b: Settings
    futures: list[Future] = field(init=False)
    lock: threading.RLock = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.futures = [Future(self.a), Future(self.b)]
        self.lock = threading.RLock()  # the page reads while its play thread steps

    @property
    def done(self) -> bool:
        return all(f.done for f in self.futures)

    def step(self, months: int = 1, stop: threading.Event | None = None) -> None:
        """Step both futures ``months`` months, or fewer if ``stop`` is set meanwhile (Pause
        waits for at most one month, not a whole frame)."""
        for _ in range(months):
            if stop is not None and stop.is_set():
                break
            with self.lock:  # both futures step a whole month before anyone reads them
                for future in self.futures:
                    future.step()

    def snapshot(self, charts: bool = True) -> Snapshot:
        """Both futures now; ``charts=False``: only the months and the headline numbers (no
        series, no money: what the page shows at once, before its charts are drawn)."""
        with self.lock:
            fs = self.futures
            frames = [f.model.kpis.frame() for f in fs]  # built once, read twice
            return Snapshot(
                series=[f.series(k) for f, k in zip(fs, frames, strict=True)] if charts else [],
                money=[f.money() for f in fs] if charts else [],
                headline=[f.headline(k) for f, k in zip(fs, frames, strict=True)],
                months=[f.month for f in fs],
                years=[f.years for f in fs],
                done=self.done,
            )
