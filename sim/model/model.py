"""RegionModel: the month, in order, and the fiscal year that opens each April.

Residents and firms are column tables; municipalities and the national government are
``mesa.Agent``s; Outside is an account. Step k simulates the k-th month from the start month
and its row describes the end of that month; step 0 is the starting state, dated the month
before. Each step runs the mechanisms of ``MONTH`` in order, then checks the money, goods and
people identities and records the KPIs.
"""

from __future__ import annotations

import mesa
import numpy as np

from ..scenario.schema import Scenario
from .agents import Firms, Residents, Towns
from .allocator import keep_freed_memory
from .demography import Demography
from .firm_dynamics import FirmDynamics
from .government import Municipality, NationalGovernment
from .it_systems import ITSystems
from .kpis import BY_TOWN, KpiRecorder
from .labour import LabourMarket
from .learning import Learning
from .ledger import Account, Flow, Ledger
from .migration import Migration
from .money import Money
from .people import PeopleLedger
from .policy import Policy
from .region import Neighbours, build_graph, municipality_specs
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
    "it_systems",  # 3b. IT fees, migration projects, subsidies, outages
    "policy",  # 3c. donations, grants, program money, co-investment
    "money",  # 4. wages, taxes, pensions, profits, the town hall's monthly budget
    "services",  # 5. service level, online use, satisfaction
    "learning",  # 6. digital literacy
    "migration",  # 7. households move
    "firm_dynamics",  # 8. firms enter and exit
)


#: Region totals reported to Mesa's DataCollector beside ``by_town`` (every KPI, by town), so that
#: ``mesa.batch_run`` rows carry them as plain numbers.
REPORTED = (
    "population",
    "births",
    "deaths",
    "moves_in",
    "moves_out",
    "employed",
    "unemployed",
    "firms",
    "revenue_yen",
    "fiscal_balance_yen",
    "it_cost_yen",
    "donations_yen",
)


def _region(name: str):
    """A reporter: the region total of one KPI in the step just measured."""

    def report(model: RegionModel) -> int:
        return int(model.kpis.latest[name].sum())

    return report


class RegionModel(mesa.Model):
    """A region of municipalities exchanging people, goods and money, one month per step."""

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        keep_freed_memory()  # month-sized temporaries reuse the heap (sim/model/allocator.py)
        super().__init__(rng=scenario.run.seed if seed is None else seed)
        self.p = scenario
        specs = municipality_specs(scenario)
        self.graph = build_graph(specs, scenario.region.commute_km)
        self.neighbours = Neighbours(self.graph)
        self.towns = Towns(capacity=len(specs))  # per-town state, one row per municipality
        self.towns.append(len(specs))
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
        self.it_systems = ITSystems(self)
        self.policy = Policy(self)
        self.money = Money(self)
        self.services = Services(self)
        self.learning = Learning(self)
        self.migration = Migration(self)
        self.firm_dynamics = FirmDynamics(self)
        populate(self)
        self.services.measure_online_use()  # the starting state's online use, for step 0
        self.firm_dynamics.remember_start()
        self.migration.start()
        self.people.begin_step()
        self._opening_accounts()
        self.kpis = KpiRecorder(self)
        self.check()
        self.kpis.record()
        # the KPIs' one store: every KPI by town, and region totals for mesa.batch_run
        self.datacollector = mesa.DataCollector(
            model_reporters={BY_TOWN: lambda m: m.kpis.latest}
            | {name: _region(name) for name in REPORTED}
        )
        self.datacollector.collect(self)

    # -- calendar ---------------------------------------------------------------------------------
    def calendar(self, step: int | None = None) -> tuple[int, int]:
        """(year, month) a step simulates; step 0 is the end of the month before the start."""
        step = self.steps if step is None else step
        months = self.p.run.start_month - 2 + step
        return self.p.run.start_year + months // 12, months % 12 + 1

    def step_of(self, year: int, month: int) -> int:
        """The step that simulates a calendar month."""
        return (year - self.p.run.start_year) * 12 + month - self.p.run.start_month + 1

    def fiscal_year_of(self, step: int | None = None) -> int:
        year, month = self.calendar(step)
        return year if month >= FISCAL_YEAR_START else year - 1

    @property
    def n_steps(self) -> int:
        return self.p.run.years * 12

    # -- the month ------------------------------------------------------------------------
    def step(self) -> None:
        self.ledger.begin_step()
        self.people.begin_step()
        if self.calendar()[1] == FISCAL_YEAR_START or self.steps == 1:
            self.people.sort_rows()  # housekeeping: a town's and a household's rows together
            self.fiscal_year()  # each April, and a first budget for the year in progress
        for name in MONTH:
            getattr(self, name).step()
        if self.p.run.check_conservation:
            self.check()
        self.people.close_step(self.steps)
        self.kpis.record()
        self.datacollector.collect(self)
        self.running = self.steps < self.n_steps

    def check(self) -> None:
        """The conservation identities: money sums to zero, goods match sales, people add up."""
        self.ledger.check(self.steps)
        self.people.check(self.steps)

    # -- the year ---------------------------------------------------------------------------------
    def fiscal_year(self) -> None:
        """Allocation tax from last year's own tax, then each town's budget, funds and bonds."""
        pop = self.people.count() * self.p.run.scale
        own_tax = self.kpis.own_tax_last_12_months()
        if self.steps > 1:
            g = self.p.trade.export_growth
            self.firms.export_demand_yen[:] = np.floor(self.firms.export_demand_yen * (1 + g))
        allocation = self.nation.allocation_round(pop, own_tax)
        fy = self.fiscal_year_of()
        self.it_systems.fiscal_year(fy)
        self.policy.fiscal_year(fy, own_tax)
        donations = self.policy.spendable_donations()
        it_cost = self.it_systems.yearly_costs(pop)
        for m in self.municipalities:
            i = m.idx
            m.plan_budget(
                int(pop[i]),
                int(own_tax[i]),
                int(allocation[i]),
                it_cost=int(it_cost[i]),
                program_cost=self.policy.yearly_cost(i),
                donations=int(donations[i]),
                earmarked_draw=int(self.policy.fund_draw[i]),
                earmarked=int(self.policy.earmarked[i]),
            )
            m.open_fiscal_year()

    def own_tax_estimate(self) -> np.ndarray:
        """A year of own tax at today's wages, capital and expected profits (no history yet)."""
        r, f, t = self.residents, self.firms, self.p.taxes
        m, scale = len(self.municipalities), self.p.run.scale
        wages = np.bincount(r.municipality, weights=r.wage_yen, minlength=m)
        adults = np.bincount(r.municipality[r.age_months >= 240], minlength=m)
        capital = np.bincount(f.municipality, weights=f.capital_yen, minlength=m)
        firm_wages = self.labour.firm_wage_bill()
        profit = f.expected_demand_yen * (1 - self.p.trade.input_share) - firm_wages
        profit -= f.capital_yen * t.fixed_asset_tax_rate / 12
        taxable = np.bincount(f.municipality, weights=np.maximum(profit, 0), minlength=m)
        estimate = (
            12 * wages * t.resident_tax_rate
            + adults * t.residential_asset_tax_yen * scale
            + capital * t.fixed_asset_tax_rate
            + 12 * taxable * t.local_corporate_tax_rate
        )
        return np.floor(estimate).astype(np.int64)

    def _opening_accounts(self) -> None:
        """Funds, cash and debt at the start, sized in years of a first revenue estimate."""
        f = self.p.fiscal
        pop = self.people.count() * self.p.run.scale
        own_tax = self.own_tax_estimate()
        allocation = self.nation.allocation_round(pop, own_tax)
        revenue = own_tax + allocation + self.p.nation.disbursement_per_capita_yen * pop
        towns = np.arange(len(self.municipalities))
        funds = np.floor(revenue * f.initial_fund_years).astype(np.int64)
        self.ledger.transfer(Flow.OPENING_BALANCE, Account.OUTSIDE, Account.FUND, funds, 0, towns)
        cash = np.floor(revenue * f.cash_buffer_months / 12).astype(np.int64)
        self.ledger.transfer(
            Flow.OPENING_BALANCE, Account.OUTSIDE, Account.MUNICIPALITY, cash, 0, towns
        )
        self.ledger.open_debt(towns, np.floor(revenue * f.initial_debt_years).astype(np.int64))
