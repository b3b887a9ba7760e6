"""Municipal IT systems: own (legacy), joint, or the national standard on the government cloud,
bought from vendors whose engineers migrations compete for.

Each town runs its 20 core functions in one regime. A switch is a migration project: work in
engineer-months (``it.market.project_years`` of its own system's yearly cost), done by its
vendor's engineers as far as the vendor can spare them (``sim/model/vendors.py``), paid at the
vendor's price of the month and subsidised by the Nation (``subsidy_share``, up to a cap, until
``subsidy_end_fy``). The functions move one after another as the work is done; while some have
moved, the town pays the new regime for them and its old system for the rest, whose fixed part
it pays in full (parallel running). A town's yearly cost, by part (``sim/model/it_costs.py``): its
own system, a joint system's share, or the standard's cloud fees (in dollars, at the year's
rate), vendor work at the price of its contract, network and add-ons; the premium of functions
still on the old system after the mandate's deadline (difficult systems), and the project.
Under the national mandate every town starts its move in ``start_fy``: who is late is not
drawn, it is whoever the vendors' engineers do not reach in time. Outages: an own system fails
alone, a joint system in all its members at once; one cloud incident hits every standard town.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from ..scenario.params_it import Regime
from .agents import town_column
from .it_costs import NATIONAL, PARTS, fx_rate, own_cost, standard_year
from .ledger import Account, Flow
from .vendors import Vendor, serve

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["ITSystems", "REGIMES", "KINDS", "FUNCTIONS", "LateMigrationWarning"]

REGIMES = tuple(Regime)  # codes 0, 1, 2 = legacy, joint, standard
LEGACY, JOINT, STANDARD = range(3)
#: What a town's IT spending is made of (the ``it_cost_<kind>_yen`` KPIs).
KINDS = PARTS
#: The core functions the standard covers (the 20 of the Local Government IT Standardization
#: Act's cabinet order, 2022), moved one after another by a project.
FUNCTIONS = 20
DAYS_PER_MONTH = 30
NONE = -1


class LateMigrationWarning(UserWarning):
    """The mandate's deadline cannot be met: the vendors' engineers fall short."""


class ITSystems:
    """Reads regimes, vendors and schedules; writes IT spending, subsidies, outages, online
    shares. Columns per town: regime, group, vendor, work (engineer-months) and its progress,
    the contract's price and end, the subsidy left; the regime and the know-how are columns
    of ``model.towns`` (``it_regime``, ``it_knowhow``), read each month by services,
    learning and the KPIs."""

    regime = town_column("it_regime", "index into REGIMES of each town's systems now")
    knowhow = town_column("it_knowhow", "the town's own grasp of its systems, 0 to 1")

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = p = model.p.it
        self.market = p.market
        towns = model.municipalities
        m = len(towns)
        self.regime = [REGIMES.index(t.spec.it_regime) for t in towns]
        self.groups: list[str] = sorted({t.spec.it_group for t in towns if t.spec.it_group})
        self.group = np.array(
            [self.groups.index(t.spec.it_group) if t.spec.it_group else NONE for t in towns]
        )
        self.vendors = [
            Vendor(model, i, key, spec) for i, (key, spec) in enumerate(self.market.vendors.items())
        ]
        self.vendor = self._assign_vendors()
        self.queue = model.rng.permutation(m)  # each vendor serves its towns in this order
        self.target = np.full(m, NONE)  # regime a running project moves to
        self.target_group = np.full(m, NONE)
        self.work = np.zeros(m)  # engineer-months of the running project, in all
        self.work_left = np.zeros(m)
        self.horizon = np.full(m, NONE)  # step by which the project aims to be done
        self.planned = np.ones(m)  # months the project was planned over
        self.deadline_step = NONE  # the mandate's last month, once the mandate has started
        self.late_step = NONE  # the extended deadline's last month
        self.contract_price = np.ones(m)
        self.contract_until = np.full(m, NONE)
        self.subsidy_left = np.zeros(m)
        addon = [t.spec.it_addon_share for t in towns]
        self.addon = np.array([self.market.addon_share if a is None else a for a in addon])
        self.online_share = self._regime_online()[self.regime]
        self.outage_days = np.zeros(m)
        self.migrating = np.zeros(m, dtype=bool)
        self.fee_index = 1.0
        self.knowhow = 1.0  # a town starts knowing its own systems
        self.mandate_started = False
        self.spent = {k: np.zeros(m, dtype=np.int64) for k in KINDS}
        self.subsidy = np.zeros(m, dtype=np.int64)
        self.leaving = np.zeros(m, dtype=np.int64)
        self.overdue = np.zeros(m, dtype=bool)
        self.late = self.overdue

    def _assign_vendors(self) -> np.ndarray:
        """Each town's vendor: the one it names, else drawn by the vendors' shares."""
        keys = [v.key for v in self.vendors]
        share = np.array([v.spec.share for v in self.vendors], dtype=float)
        share = share / share.sum() if share.sum() > 0 else np.full(share.size, 1 / share.size)
        drawn = self.model.rng.choice(len(keys), size=len(self.model.municipalities), p=share)
        named = [t.spec.it_vendor for t in self.model.municipalities]
        return np.array([keys.index(n) if n else d for n, d in zip(named, drawn, strict=True)])

    def _regime_online(self) -> np.ndarray:
        p = self.p
        return np.array([p.online_share_legacy, p.online_share_joint, p.online_share_standard])

    # -- progress ----------------------------------------------------------------------------------
    @property
    def moved(self) -> np.ndarray:
        """Share of each town's functions on its project's target (0 without a project)."""
        running = self.work > 0
        done = np.where(running, 1 - self.work_left / np.maximum(self.work, 1e-12), 0.0)
        return np.floor(done * FUNCTIONS + 1e-9) / FUNCTIONS

    def functions_standard(self) -> np.ndarray:
        """Functions on the standard per town (0 to 20) at the end of the month (the month's
        bill counted them as they were at its start)."""
        on = np.where(self.regime == STANDARD, FUNCTIONS, 0)
        moving = (self.target == STANDARD) & (self.regime != STANDARD)
        return np.where(moving, np.round(self.moved * FUNCTIONS), on).astype(np.int64)

    # -- yearly ----------------------------------------------------------------------------------
    def fiscal_year(self, fy: int) -> None:
        """Start the projects scheduled for this fiscal year; move the cloud fee index."""
        p, model = self.p, self.model
        if model.steps > 1:
            self.fee_index *= 1 + p.cloud_fee_growth
            self._knowhow()
        keys = [t.key for t in model.municipalities]
        for change in p.schedule:
            if change.fy == fy:
                towns = np.array([keys.index(k) for k in change.municipalities or keys])
                group = self._group_index(change.group) if change.group else NONE
                end = model.steps + p.project_months - 1
                self.start_projects(towns, REGIMES.index(change.to), group, end)
        mandate = p.mandate
        if mandate.enabled and not self.mandate_started and fy >= mandate.start_fy:
            self._start_mandate(fy)

    def _knowhow(self) -> None:
        """A year of the town's own IT know-how: lost with the functions on the standard (the
        vendor runs them), regained on an own or joint system, and rebuilt by a digital
        division (digital talent) whatever the regime."""
        from ..scenario.params_policy import Program

        p = self.p
        on_standard = self.functions_standard() / FUNCTIONS
        own = 1 - on_standard
        division = self.model.policy.effect(Program.DIGITAL_DIVISION)
        gap = 1 - self.knowhow
        self.knowhow = np.clip(
            self.knowhow * (1 - p.knowhow_loss * on_standard)
            + gap * (p.knowhow_regain * own + p.knowhow_division * division),
            0.0,
            1.0,
        )

    def _start_mandate(self, fy: int) -> None:
        """Every town not on the standard starts moving to it, aiming at the deadline (in
        ``start_fy``, or in the first simulated fiscal year if the mandate started before the
        run). Warns when the vendors' engineers cannot reach all the work by then."""
        model, mandate = self.model, self.p.mandate
        self.mandate_started = True
        self.deadline_step = model.step_of(mandate.deadline_fy + 1, 3)
        self.late_step = model.step_of(mandate.late_deadline_fy + 1, 3)
        towns = np.nonzero((self.regime != STANDARD) & (self.target != STANDARD))[0]
        end = max(self.deadline_step, model.steps)
        self.start_projects(towns, STANDARD, NONE, end)
        market = self.market
        short = [
            v.key
            for v in self.vendors
            if (market.capacity if v.spec.capacity is None else v.spec.capacity) < 1
        ]
        if towns.size and short:
            warnings.warn(
                f"it.mandate: the vendors {', '.join(short)} have engineers for less than the "
                f"work of their customers' migrations by the end of FY{mandate.deadline_fy} "
                "(it.market.capacity below 1): some towns will be late, with "
                "functions still on their own systems after the deadline (KPIs "
                "it_functions_standard, it_overdue)",
                LateMigrationWarning,
                stacklevel=2,
            )

    def _group_index(self, name: str) -> int:
        if name not in self.groups:
            self.groups.append(name)
        return self.groups.index(name)

    def start_projects(self, towns: np.ndarray, regime: int, group: int, end: int) -> None:
        """Begin migration projects of ``towns`` to ``regime``, aiming to be done by step
        ``end`` (no-op for towns already there; a running project is replaced)."""
        towns = towns[(self.regime[towns] != regime) | (self.group[towns] != group)]
        if towns.size == 0:
            return
        model, market = self.model, self.market
        pop = model.people.count()[towns] * model.p.run.scale
        own = own_cost(self.p, pop)
        self.target[towns] = regime
        self.target_group[towns] = group
        self.work[towns] = market.project_years * own / market.engineer_month_yen
        self.work_left[towns] = self.work[towns]
        self.horizon[towns] = end
        self.planned[towns] = max(end - model.steps + 1, 1)
        if regime == STANDARD:
            self.subsidy_left[towns] = market.subsidy_cap_years * own

    # -- the money ---------------------------------------------------------------------------------
    def _shared(self, population: np.ndarray, members: np.ndarray, group: np.ndarray) -> np.ndarray:
        """Yearly cost of each of ``members`` as a member of a shared system of its ``group``:
        the group's fixed cost split by population, its own part and its residents' part."""
        p = self.p
        groups = max(len(self.groups), 1)
        g = np.maximum(group, 0)
        size = np.bincount(g[members], weights=population[members], minlength=groups)
        count = np.bincount(g[members], minlength=groups)
        share = population / np.maximum(size[g], 1)
        cost = p.joint_fixed_yen * np.minimum(share, 1) + p.joint_member_yen
        cost += p.joint_per_resident_yen * population
        return np.where(members & (count[g] > 0), cost, 0.0)

    def _basis(self, population: np.ndarray) -> np.ndarray:
        """What each town's own system costs a year at the size it buys at: its own, or, for a
        group that buys the standard together, what it would pay as a member of a shared
        system of that group."""
        basis = own_cost(self.p, population)
        g = np.where(self.target == STANDARD, self.target_group, self.group)
        on_std = (self.regime == STANDARD) | (self.target == STANDARD)
        pooled = on_std & (g >= 0)
        if pooled.any():
            basis = np.where(pooled, self._shared(population, pooled, g), basis)
        return basis

    def yearly_parts(self, population: np.ndarray) -> dict[str, np.ndarray]:
        """This month's running costs by part, as yearly amounts (yen; no project)."""
        p, market = self.p, self.market
        m = population.size
        moved = self.moved
        to_std = (self.target == STANDARD) & (self.regime != STANDARD)
        f = np.where(self.regime == STANDARD, 1.0, np.where(to_std, moved, 0.0))
        old = np.where(to_std, 1 - f, (self.regime != STANDARD).astype(float))
        own = own_cost(p, population)
        legacy_now = self.regime == LEGACY
        joint_now = self.regime == JOINT
        joint = self._shared(population, joint_now, self.group)
        joint_fixed = joint - p.joint_per_resident_yen * population
        fixed = np.where(legacy_now, p.legacy_fixed_yen, np.where(joint_now, joint_fixed, 0.0))
        variable = np.where(
            legacy_now, p.legacy_per_resident_yen, np.where(joint_now, p.joint_per_resident_yen, 0)
        )
        old_system = (fixed + variable * population) * old  # what is left, at its share
        parallel = np.where(old > 0, fixed * (1 - old), 0.0)  # the fixed part kept in full
        year, _ = self.model.calendar()
        adopters = max(int((self.regime == STANDARD).sum()), 1)
        scale = (adopters / p.cloud_reference_adopters) ** p.cloud_fee_elasticity
        fx_ratio = fx_rate(market, year) / market.cloud_fx_base * self.fee_index * scale
        price = np.where(
            self.regime == STANDARD,
            self.contract_price,
            np.array([v.price for v in self.vendors])[self.vendor],
        )
        std = standard_year(market, self._basis(population), fx_ratio, price, self.addon)
        late = self.overdue * market.late_premium * own * old
        return {
            "legacy": np.where(legacy_now, old_system, 0.0),
            "joint": np.where(joint_now, old_system, 0.0),
            **{k: v * f for k, v in std.items()},
            "parallel": parallel,
            "late": late * np.ones(m),
        }

    def yearly_costs(self, population: np.ndarray) -> np.ndarray:
        """The IT spending each town's budget should expect for a year (yen, whole): running
        costs and twelve months of its project at this month's ask and price, net of the
        subsidy."""
        running = sum(self.yearly_parts(population.astype(float)).values())
        price = np.array([v.price for v in self.vendors])[self.vendor]
        work = np.minimum(self._asked() * 12.0, self.work_left)
        project = work * self.market.engineer_month_yen * price
        subsidy = np.minimum(project * self.p.subsidy_share, self.subsidy_left)
        project = np.where(self.target == STANDARD, project - subsidy, project)
        return (running + project).astype(np.int64)

    # -- monthly ---------------------------------------------------------------------------------
    def _last_step(self) -> np.ndarray:
        """Each project's last planned month: its horizon, or, for a move to the standard once
        the mandate's deadline has passed, the extended deadline."""
        past = (self.deadline_step != NONE) & (self.model.steps > self.deadline_step)
        late = past & (self.target == STANDARD)
        return np.where(late, self.late_step, self.horizon)

    def _months_left(self) -> np.ndarray:
        """Months each project has left to its last planned month (at least this one)."""
        return np.maximum(self._last_step() - self.model.steps + 1, 1)

    def _asked(self) -> np.ndarray:
        """Engineer-months each running project asks for this month: what finishes it by its
        last planned month; past that month, the pace it was planned at (a project cannot
        ask for all its remaining work at once, which would drive its vendor's price without
        bound)."""
        running = self.work_left > 0
        asked = np.where(running, self.work_left / self._months_left(), 0.0)
        overrun = running & (self.model.steps > self._last_step())
        pace = np.minimum(self.work_left, self.work / self.planned)
        return np.where(overrun, pace, asked)

    def _work(self) -> np.ndarray:
        """Each vendor serves its running projects in queue order: engineer-months given."""
        market = self.market
        running = self.work_left > 0
        asked = self._asked()
        given = np.zeros_like(asked)
        for v in self.vendors:  # a few vendors, not towns
            mine = running & (self.vendor == v.idx)
            capacity = market.capacity if v.spec.capacity is None else v.spec.capacity
            v.engineers = capacity * float((self.work / self.planned)[mine].sum())
            v.asked = float(asked[mine].sum())
            order = self.queue[mine[self.queue]]
            given[order] = serve(asked[order], np.arange(order.size), v.engineers)
            v.given = float(given[mine].sum())
            v.reprice(market.price_rate, market.price_response)
        return np.minimum(given, self.work_left)

    def step(self) -> None:
        model, p, ledger = self.model, self.p, self.model.ledger
        towns = np.arange(self.regime.size)
        pop = (model.people.count() * model.p.run.scale).astype(float)
        step = model.steps
        self.overdue = (
            (self.deadline_step != NONE)
            & (step > self.deadline_step)
            & (self.target == STANDARD)
            & (self.work_left > 0)
        )
        self.late = self.overdue
        parts = self.yearly_parts(pop)
        given = self._work()
        price = np.array([v.price for v in self.vendors])[self.vendor]
        project = given * self.market.engineer_month_yen * price
        monthly = {k: np.floor(v / 12).astype(np.int64) for k, v in parts.items()}
        monthly["project"] = np.floor(project).astype(np.int64)
        self.spent = monthly
        self.migrating = self.work_left > 0
        # cloud fees and network leave the region; the rest is the vendor's, partly local
        away = monthly["cloud"] + monthly["network"]
        vendor = sum(monthly[k] for k in KINDS if k not in ("cloud", "network", "project"))
        local = np.floor(vendor * p.local_vendor_share).astype(np.int64)
        local_project = np.floor(monthly["project"] * p.local_vendor_share).astype(np.int64)
        firms = model.trade.it_vendor_mask()
        unmet_project = model.trade.sell_to_town_firms(Flow.IT_PROJECT, local_project, firms)
        unmet_fee = model.trade.sell_to_town_firms(Flow.IT_FEE, local, firms)
        outside_fee = away + vendor - local + unmet_fee
        outside_project = monthly["project"] - local_project + unmet_project
        ledger.transfer(Flow.IT_FEE, Account.MUNICIPALITY, Account.OUTSIDE, outside_fee, towns)
        ledger.transfer(
            Flow.IT_PROJECT, Account.MUNICIPALITY, Account.OUTSIDE, outside_project, towns
        )
        self.leaving = outside_fee + outside_project
        self._subsidise(monthly["project"])
        self._advance(given, price)
        self._outages()
        target = self._regime_online()
        to_std = (self.target == STANDARD) & (self.regime != STANDARD)
        goal = np.where(
            to_std,
            (1 - self.moved) * target[self.regime] + self.moved * target[STANDARD],
            target[self.regime],
        )
        self.online_share += p.online_adjust_rate * (goal - self.online_share)

    def _subsidise(self, project: np.ndarray) -> None:
        """The Nation pays its share of moves to the standard, up to each town's cap and until
        the subsidy's last fiscal year."""
        open_ = self.model.fiscal_year_of() <= self.market.subsidy_end_fy
        due = np.where(self.target == STANDARD, np.floor(project * self.p.subsidy_share), 0)
        due = np.minimum(due, np.floor(self.subsidy_left)) * open_
        due = due.astype(np.int64)
        self.subsidy_left -= due
        self.subsidy = due
        towns = np.arange(due.size)
        self.model.ledger.transfer(
            Flow.SUBSIDY, Account.NATION, Account.MUNICIPALITY, due, 0, towns
        )

    def _advance(self, given: np.ndarray, price: np.ndarray) -> None:
        """The month's work is done; finished projects switch the town at the end of the
        month, and a move to the standard signs its operation contract at this price."""
        running = self.work_left > 0
        self.work_left = np.maximum(self.work_left - given, 0.0)
        self.work_left[self.work_left < 1e-9] = 0.0
        done = running & (self.work_left == 0)
        signs = done & (self.target == STANDARD)
        self.contract_price[signs] = price[signs]
        self.contract_until[signs] = self.model.steps + 12 * self.market.contract_years
        self.regime[done] = self.target[done]
        self.group[done] = self.target_group[done]
        self.target[done] = NONE
        self.target_group[done] = NONE
        self.work[done] = 0.0
        renew = (self.regime == STANDARD) & (self.contract_until == self.model.steps)
        if renew.any():  # a contract ends: signed again at the vendor's price of the month
            self.contract_price[renew] = price[renew]
            self.contract_until[renew] += 12 * self.market.contract_years

    def _outages(self) -> None:
        """Own systems fail alone; a joint system in all its members; the cloud in all."""
        rng, p = self.model.rng, self.p
        own = (self.regime == LEGACY) & (rng.random(self.regime.size) < p.outage_rate_legacy)
        cloud = rng.random() < p.outage_rate_cloud  # one draw: a shared incident
        shared = rng.random(len(self.groups)) < p.outage_rate_legacy  # one draw per group
        joint = (self.regime == JOINT) & np.append(shared, False)[self.group]  # -1: none
        hit = own | joint | (cloud & (self.regime == STANDARD))
        self.outage_days = np.where(hit, p.outage_days, 0.0)

    # -- what services, firms and the KPIs read ----------------------------------------------------
    def capacity_factor(self) -> np.ndarray:
        """Share of procedure capacity left after project disruption and outages."""
        disrupted = np.where(self.migrating, 1 - self.p.disruption, 1.0)
        return disrupted * (1 - self.outage_days / DAYS_PER_MONTH)

    def fit(self) -> np.ndarray:
        """How well the systems fit local practice: 1 on own and joint systems; on the
        standard, add-ons restore what customization lost, as far as the town still knows its
        systems well enough to specify them (know-how)."""
        restored = np.minimum(self.addon / self.market.addon_full_fit_share, 1.0) * self.knowhow
        loss = self.p.customization_loss * (1 - restored)
        return np.where(self.regime == STANDARD, 1 - loss, 1.0)

    def national_share(self) -> np.ndarray:
        """Share of each town's running IT spending set by national specifications and the
        government cloud (cloud fees, the standard's vendor work, network): what the town no
        longer decides itself."""
        running = sum(self.spent[k] for k in KINDS if k != "project")
        national = sum(self.spent[k] for k in NATIONAL)
        return national / np.maximum(running, 1)

    def vendor_price(self) -> np.ndarray:
        return np.array([v.price for v in self.vendors])[self.vendor]

    def vendor_utilization(self) -> np.ndarray:
        return np.array([v.utilization for v in self.vendors])[self.vendor]

    def vendor_keys(self) -> np.ndarray:
        return np.array([v.key for v in self.vendors], dtype=object)[self.vendor]

    def regime_names(self) -> np.ndarray:
        return np.array([r.value for r in REGIMES], dtype=object)[self.regime]
