"""RegionModel: the month, in order, and the fiscal year that opens each April.

Residents and firms are column tables; municipalities and the national government are
``mesa.Agent``s; Outside is an account. Step 0 is the starting state (dated the start month);
step k simulates the k-th month after it. Each step runs the mechanisms of ``MONTH`` in order,
then checks the money, goods and people identities and records the KPIs.
"""

from __future__ import annotations

import mesa
import numpy as np

from .agents import Firms, Residents
from .demography import Demography
from .firm_dynamics import FirmDynamics
from .government import Municipality, NationalGovernment
from .kpis import KpiRecorder
from .labour import LabourMarket
from .learning import Learning
from .ledger import Account, Flow, Ledger
from .migration import Migration
from .money import Money
from .people import PeopleLedger
from .region import Neighbours, build_graph, municipality_specs
from .scenario.schema import Scenario
from .sectors import SectorTable
from .services import Services
from .synthesis import populate
from .trade import Trade

__all__ = ["RegionModel"]

FISCAL_YEAR_START = 4  # April (Local Autonomy Act); a calendar fact, not a parameter

#: The month, in order (MODEL.md): each name is a mechanism with a ``step()``.
MONTH = (
    "demography",  # 1. ageing, births, deaths
    "labour",  # 2. vacancies, search, hires, separations, commuting, remote work
    "trade",  # 3. production, consumption, leakage, exports, procurement
    "money",  # 4. wages, taxes, pensions, profits, the town hall's monthly budget
    "services",  # 5. service level, online use, satisfaction
    "learning",  # 6. digital literacy
    "migration",  # 7. households move
    "firm_dynamics",  # 8. firms enter and exit
)


class RegionModel(mesa.Model):
    """A region of municipalities exchanging people, goods and money, one month per step."""

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        super().__init__(rng=scenario.run.seed if seed is None else seed)
        self.p = scenario
        specs = municipality_specs(scenario)
        self.graph = build_graph(specs, scenario.region.commute_km)
        self.neighbours = Neighbours(self.graph)
        self.municipalities = [
            Municipality(self, i, key, spec) for i, (key, spec) in enumerate(specs.items())
        ]
        self.nation = NationalGovernment(self)
        n_agents = sum(s.population for s in specs.values()) // scenario.run.scale
        self.residents = Residents(capacity=int(n_agents * 1.2) + 16)
        self.firms = Firms(capacity=n_agents // 10 + 16)
        self.sectors = SectorTable(scenario.firms.sectors)
        self.ledger = Ledger(self, len(specs))
        self.people = PeopleLedger(self, len(specs))
        self.demography = Demography(self)
        self.labour = LabourMarket(self)
        self.trade = Trade(self)
        self.money = Money(self)
        self.services = Services(self)
        self.learning = Learning(self)
        self.migration = Migration(self)
        self.firm_dynamics = FirmDynamics(self)
        populate(self)
        self.people.begin_step()
        self.fiscal_year(opening=True)
        self.kpis = KpiRecorder(self)
        self.check()
        self.kpis.record()

    # -- calendar ---------------------------------------------------------------------------------
    def calendar(self, step: int | None = None) -> tuple[int, int]:
        """(year, month) of a step."""
        step = self.steps if step is None else step
        months = self.p.run.start_month - 1 + step
        return self.p.run.start_year + months // 12, months % 12 + 1

    @property
    def n_steps(self) -> int:
        return self.p.run.years * 12

    # -- the month ------------------------------------------------------------------------
    def step(self) -> None:
        self.ledger.begin_step()
        self.people.begin_step()
        if self.calendar()[1] == FISCAL_YEAR_START:
            self.fiscal_year()
        for name in MONTH:
            getattr(self, name).step()
        if self.p.run.check_conservation:
            self.check()
        self.kpis.record()

    def check(self) -> None:
        """The conservation identities: money sums to zero, goods match sales, people add up."""
        self.ledger.check(self.steps)
        self.people.check(self.steps)

    # -- the year ---------------------------------------------------------------------------------
    def fiscal_year(self, opening: bool = False) -> None:
        """Allocation tax, budgets, funds and bonds; at the start also the opening balances."""
        pop = self.people.count() * self.p.run.scale
        if opening:
            own_tax = self.own_tax_estimate()
        else:
            own_tax = self.kpis.own_tax_last_12_months()
            g = self.p.trade.export_growth
            self.firms.export_demand_yen[:] = np.floor(self.firms.export_demand_yen * (1 + g))
        allocation = self.nation.allocation_round(pop, own_tax)
        for m in self.municipalities:
            if opening:
                self._opening_accounts(
                    m, int(pop[m.idx]), int(own_tax[m.idx]), int(allocation[m.idx])
                )
            m.plan_budget(int(pop[m.idx]), int(own_tax[m.idx]), int(allocation[m.idx]))
            m.open_fiscal_year()

    def own_tax_estimate(self) -> np.ndarray:
        """A year of resident and fixed-asset tax at today's wages and capital (step 0 only)."""
        r, f, t = self.residents, self.firms, self.p.taxes
        m, scale = len(self.municipalities), self.p.run.scale
        wages = np.bincount(r.municipality, weights=r.wage_yen, minlength=m)
        adults = np.bincount(r.municipality[r.age_months >= 240], minlength=m)
        capital = np.bincount(f.municipality, weights=f.capital_yen, minlength=m)
        estimate = (
            12 * wages * t.resident_tax_rate
            + adults * t.residential_asset_tax_yen * scale
            + capital * t.fixed_asset_tax_rate
        )
        return np.floor(estimate).astype(np.int64)

    def _opening_accounts(self, m: Municipality, pop: int, own_tax: int, allocation: int) -> None:
        f = self.p.fiscal
        revenue = own_tax + allocation + self.p.nation.disbursement_per_capita_yen * pop
        self.ledger.transfer(
            Flow.OPENING_BALANCE,
            Account.OUTSIDE,
            Account.FUND,
            int(revenue * f.initial_fund_years),
            0,
            m.idx,
        )
        self.ledger.transfer(
            Flow.OPENING_BALANCE, Account.OUTSIDE, Account.MUNICIPALITY, revenue // 12, 0, m.idx
        )
        m.debt_yen = int(revenue * f.initial_debt_years)
