"""Municipal IT systems: legacy, joint or the national standard on the government cloud.

Each town runs its core systems in one regime. Its monthly IT bill goes through the ledger to
whoever earns it: local IT vendors (a share of legacy, joint and project spending) or Outside
(other vendors, and every cloud fee), so the flows show what leaves the region.

- legacy: fixed + per-resident cost (fitted to MIC FY2017: small towns pay several times more
  per resident than cities);
- joint: a group's fixed cost split among its members by population, plus a per-resident cost;
- standard: cloud fixed + per-resident fees, times (adopters / reference)^elasticity and a
  yearly fee index set by the national government.
A switch is a migration project: a one-off cost spread over its months (the Nation pays a
share of moves to the standard from a limited budget) during which procedure capacity is
disrupted. Under the national mandate every town starts its move in ``start_fy`` (or in the
first simulated year, if the mandate started before the run); a share of towns is late: part
of their systems stays on legacy, paid on top of the cloud, until a date drawn up to the
extended deadline. A town whose project is still running after the deadline is late too: it
pays the cloud on top of its own system until its project ends (a warning says so when the
mandate starts). Outages: a legacy system fails on its own, a joint system in all its member
towns at once; one cloud incident hits every standard town in the same month.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from .ledger import Account, Flow
from .scenario.params_it import Regime

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = [
    "ITSystems",
    "REGIMES",
    "KINDS",
    "LateMigrationWarning",
    "legacy_cost_per_resident",
]

REGIMES = tuple(Regime)  # codes 0, 1, 2 = legacy, joint, standard
LEGACY, JOINT, STANDARD = range(3)
#: What a town's IT spending is made of (the ``it_cost_<kind>_yen`` KPIs).
KINDS = ("legacy", "joint", "cloud", "late", "project", "addon")
DAYS_PER_MONTH = 30
NONE = -1


class LateMigrationWarning(UserWarning):
    """The mandate's deadline cannot be met by some towns: they become late migrators."""


def legacy_cost_per_resident(p, population: np.ndarray) -> np.ndarray:
    """Yearly cost per resident of an own system: falls steeply with size."""
    return p.legacy_fixed_yen / np.maximum(population, 1) + p.legacy_per_resident_yen


class ITSystems:
    """Reads regimes and schedules; writes IT spending, subsidies, outages and online shares."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = p = model.p.it
        towns = model.municipalities
        m = len(towns)
        self.regime = np.array([REGIMES.index(t.spec.it_regime) for t in towns], dtype=np.int64)
        self.groups: list[str] = sorted({t.spec.it_group for t in towns if t.spec.it_group})
        self.group = np.array(
            [self.groups.index(t.spec.it_group) if t.spec.it_group else NONE for t in towns]
        )
        self.target = np.full(m, NONE)  # regime a running project moves to
        self.target_group = np.full(m, NONE)
        self.project_left = np.zeros(m, dtype=np.int64)  # months of the project still to run
        self.project_monthly_yen = np.zeros(m, dtype=np.int64)
        self.late_until = np.full(m, NONE)  # step until which late systems run on legacy
        self.deadline_step = NONE  # the mandate's last month, once the mandate has started
        self.late = np.zeros(m, dtype=bool)  # paid for a second system this month: late
        self.overdue = np.zeros(m, dtype=bool)  # still migrating after the deadline
        addon = [t.spec.it_addon_yen for t in towns]
        self.addon_yen = np.array([p.addon_yen if a is None else a for a in addon], dtype=np.int64)
        self.online_share = self._regime_online()[self.regime]
        self.outage_days = np.zeros(m)
        self.migrating = np.zeros(m, dtype=bool)
        self.fee_index = 1.0
        self.mandate_started = False
        pop = sum(t.spec.population for t in towns)
        self.subsidy_left = int(p.subsidy_per_resident_yen * pop)
        self.spent = {k: np.zeros(m, dtype=np.int64) for k in KINDS}
        self.subsidy = np.zeros(m, dtype=np.int64)
        self.leaving = np.zeros(m, dtype=np.int64)

    def _regime_online(self) -> np.ndarray:
        p = self.p
        return np.array([p.online_share_legacy, p.online_share_joint, p.online_share_standard])

    # -- yearly ----------------------------------------------------------------------------------
    def fiscal_year(self, fy: int) -> None:
        """Start the projects scheduled for this fiscal year; move the cloud fee index."""
        p, model = self.p, self.model
        if model.steps > 1:
            self.fee_index *= 1 + p.cloud_fee_growth
        keys = [t.key for t in model.municipalities]
        for change in p.schedule:
            if change.fy == fy:
                towns = [keys.index(k) for k in change.municipalities or keys]
                group = self._group_index(change.group) if change.group else NONE
                self.start_projects(np.array(towns), REGIMES.index(change.to), group)
        mandate = p.mandate
        if mandate.enabled and not self.mandate_started and fy >= mandate.start_fy:
            self._start_mandate(fy)

    def _start_mandate(self, fy: int) -> None:
        """Every town not on the standard starts moving to it; some are drawn late.

        In ``start_fy``, or in the first simulated fiscal year if the mandate started before
        the run. Warns if some towns' projects cannot end by the deadline."""
        model, mandate = self.model, self.p.mandate
        self.mandate_started = True
        towns = np.nonzero((self.regime != STANDARD) & (self.target != STANDARD))[0]
        self.start_projects(towns, STANDARD, NONE)
        late = towns[model.rng.random(towns.size) < mandate.late_share]
        first = model.step_of(mandate.deadline_fy + 1, 3)  # the last month of the FY
        last = model.step_of(mandate.late_deadline_fy + 1, 3)
        self.late_until[late] = model.rng.integers(first, last + 1, late.size)
        self.deadline_step = first
        moving = self.target == STANDARD
        ends = model.steps + self.project_left - 1  # each project's last month
        overdue = np.nonzero(moving & (ends > first))[0]
        if overdue.size:
            keys = [model.municipalities[i].key for i in overdue]
            year, month = model.calendar(int(ends[overdue].max()))
            started = f"FY{mandate.start_fy}" + (
                f" (before the run: projects start in FY{fy})" if fy > mandate.start_fy else ""
            )
            warnings.warn(
                f"it.mandate: {overdue.size} of {self.regime.size} municipalities cannot "
                f"finish the move to the standard by the end of FY{mandate.deadline_fy} "
                f"(mandate from {started}, it.project_months={self.p.project_months}, last "
                f"project ends {year}-{month:02d}): {', '.join(keys[:10])}"
                f"{', ...' if len(keys) > 10 else ''}. They become late migrators: after the "
                "deadline they pay the cloud on top of their own system until their "
                "project ends (KPIs it_late, it_overdue).",
                LateMigrationWarning,
                stacklevel=2,
            )

    def _group_index(self, name: str) -> int:
        if name not in self.groups:
            self.groups.append(name)
        return self.groups.index(name)

    def start_projects(self, towns: np.ndarray, regime: int, group: int) -> None:
        """Begin migration projects of ``towns`` to ``regime`` (no-op for towns already there)."""
        p = self.p
        towns = towns[(self.regime[towns] != regime) | (self.group[towns] != group)]
        if towns.size == 0:
            return
        pop = self.model.people.count()[towns] * self.model.p.run.scale
        cost = p.project_fixed_yen + p.project_per_resident_yen * pop
        self.target[towns] = regime
        self.target_group[towns] = group
        self.project_left[towns] = p.project_months
        self.project_monthly_yen[towns] = cost // p.project_months

    def yearly_cost(self, town: int, population: int) -> int:
        """The IT spending a budget should expect for a year (fees, projects, net of subsidy)."""
        fees = self._fees(np.array([population]), np.array([town]))
        project = self.project_monthly_yen[town] * min(12, self.project_left[town])
        if self.target[town] == STANDARD:
            project = int(project * (1 - self.p.subsidy_share))
        return int(sum(f.sum() for f in fees.values()) * 12 + project)

    # -- monthly ---------------------------------------------------------------------------------
    def _fees(self, population: np.ndarray, towns: np.ndarray) -> dict[str, np.ndarray]:
        """Monthly fees by kind for ``towns`` of the given populations (yen, floats)."""
        p = self.p
        regime = self.regime[towns]
        legacy = (p.legacy_fixed_yen + p.legacy_per_resident_yen * population) / 12
        all_pop = self.model.people.count() * self.model.p.run.scale
        group_pop = np.bincount(
            np.maximum(self.group, 0),
            weights=all_pop * (self.group >= 0) * (self.regime == JOINT),
            minlength=max(len(self.groups), 1),
        )
        share = population / np.maximum(group_pop[np.maximum(self.group[towns], 0)], 1)
        joint = (
            p.joint_fixed_yen * np.minimum(share, 1) + p.joint_per_resident_yen * population
        ) / 12
        adopters = max(int((self.regime == STANDARD).sum()), 1)
        scale = (adopters / p.cloud_reference_adopters) ** p.cloud_fee_elasticity * self.fee_index
        cloud = (p.cloud_fixed_yen + p.cloud_per_resident_yen * population) * scale / 12
        late = self._late_systems()[towns]
        return {
            "legacy": np.where(regime == LEGACY, legacy, 0.0),
            "joint": np.where(regime == JOINT, joint, 0.0),
            "cloud": np.where(regime == STANDARD, cloud, 0.0),
            "late_legacy": np.where(late, legacy * self.p.mandate.late_system_share, 0.0),
            "late_cloud": np.where(self._overdue()[towns], cloud, 0.0),
            "addon": np.where(regime == STANDARD, self.addon_yen[towns] / 12, 0.0),
        }

    def _late_systems(self) -> np.ndarray:
        """Towns on the standard with late systems still on legacy this month."""
        return (self.late_until >= self.model.steps) & (self.regime == STANDARD)

    def _overdue(self) -> np.ndarray:
        """Towns whose move to the standard runs past the mandate's deadline this month."""
        past = self.deadline_step != NONE and self.model.steps > self.deadline_step
        return past & (self.target == STANDARD) & (self.project_left > 0)

    def step(self) -> None:
        model, p, ledger = self.model, self.p, self.model.ledger
        towns = np.arange(self.regime.size)
        pop = model.people.count() * model.p.run.scale
        fees = {k: np.floor(v).astype(np.int64) for k, v in self._fees(pop, towns).items()}
        running = self.project_left > 0
        self.migrating = running  # this month is a project month (paid and disrupted)
        self.overdue = self._overdue()
        self.late = self._late_systems() | self.overdue
        project = np.where(running, self.project_monthly_yen, 0)
        for kind in ("legacy", "joint", "cloud", "addon"):
            self.spent[kind] = fees[kind]
        self.spent["late"] = fees["late_legacy"] + fees["late_cloud"]
        self.spent["project"] = project
        # cloud fees leave the region; the rest is shared with local IT vendors
        local_base = fees["legacy"] + fees["joint"] + fees["late_legacy"] + fees["addon"]
        local = np.floor(local_base * p.local_vendor_share).astype(np.int64)
        local_project = np.floor(project * p.local_vendor_share).astype(np.int64)
        vendors = model.trade.it_vendor_mask()
        unmet_project = model.trade.sell_to_town_firms(Flow.IT_PROJECT, local_project, vendors)
        unmet_fee = model.trade.sell_to_town_firms(Flow.IT_FEE, local, vendors)
        outside_fee = fees["cloud"] + fees["late_cloud"] + local_base - local + unmet_fee
        outside_project = project - local_project + unmet_project
        ledger.transfer(Flow.IT_FEE, Account.MUNICIPALITY, Account.OUTSIDE, outside_fee, towns)
        ledger.transfer(
            Flow.IT_PROJECT, Account.MUNICIPALITY, Account.OUTSIDE, outside_project, towns
        )
        self.leaving = outside_fee + outside_project
        self._subsidise(project)
        self._advance_projects(running)
        self._outages()
        target = self._regime_online()[self.regime]
        self.online_share += p.online_adjust_rate * (target - self.online_share)

    def _subsidise(self, project: np.ndarray) -> None:
        """The Nation pays its share of moves to the standard while its budget lasts."""
        due = np.where(self.target == STANDARD, np.floor(project * self.p.subsidy_share), 0)
        due = due.astype(np.int64)
        if due.sum() > self.subsidy_left:  # the budget runs out: shared pro rata
            due = np.floor(due * (self.subsidy_left / due.sum())).astype(np.int64)
        self.subsidy_left -= int(due.sum())
        self.subsidy = due
        towns = np.arange(due.size)
        self.model.ledger.transfer(
            Flow.SUBSIDY, Account.NATION, Account.MUNICIPALITY, due, 0, towns
        )

    def _advance_projects(self, running: np.ndarray) -> None:
        self.project_left[running] -= 1
        done = running & (self.project_left == 0)
        self.regime[done] = self.target[done]
        self.group[done] = self.target_group[done]
        self.target[done] = NONE
        self.target_group[done] = NONE
        self.project_monthly_yen[done] = 0

    def _outages(self) -> None:
        """Own systems fail alone; a joint system in all its members; the cloud in all."""
        rng, p = self.model.rng, self.p
        own = (self.regime == LEGACY) & (rng.random(self.regime.size) < p.outage_rate_legacy)
        cloud = rng.random() < p.outage_rate_cloud  # one draw: a shared incident
        shared = rng.random(len(self.groups)) < p.outage_rate_legacy  # one draw per group
        joint = (self.regime == JOINT) & np.append(shared, False)[self.group]  # -1: none
        hit = own | joint | (cloud & (self.regime == STANDARD))
        self.outage_days = np.where(hit, p.outage_days, 0.0)

    # -- what services need ----------------------------------------------------------------------
    def capacity_factor(self) -> np.ndarray:
        """Share of procedure capacity left after project disruption and outages."""
        disrupted = np.where(self.migrating, 1 - self.p.disruption, 1.0)
        return disrupted * (1 - self.outage_days / DAYS_PER_MONTH)

    def fit(self) -> np.ndarray:
        """How well the systems fit local practice: 1 on own and joint systems."""
        p = self.p
        restored = np.minimum(self.addon_yen / p.addon_full_fit_yen, 1.0)
        loss = p.customization_loss * (1 - restored)
        return np.where(self.regime == STANDARD, 1 - loss, 1.0)

    def regime_names(self) -> np.ndarray:
        return np.array([r.value for r in REGIMES], dtype=object)[self.regime]
