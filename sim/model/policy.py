"""Investment loops: donations, grants, programs, reinvestment, co-investment, trust, culture.

Once a fiscal year each town: puts a share of its own-revenue growth back into its programs
(reinvestment); bids for national grants (the chance rises with a committed vision and clear
governance; a win pays grant_rate_min to grant_rate_max of the digital programs, more for a
better plan, up to a cap per resident, within the
round's budget for the region); expects hometown-tax donations (its observed series, or the
national average per resident growing with the national total, times trust, appeal and
marketing effects); updates trust (disclosure, governance and visible results) and culture
(led from the top it changes fast, ordered it barely moves). Civic participation follows
trust, and residents co-produce the programs. Each month the donations arrive from Outside;
return gifts (at most 30%) are bought from local firms, other costs (all costs at most 50%) go
to Outside, a share of the rest is earmarked into funds; program money goes to households
(childcare), local firms or Outside; private partners co-invest in proportion to trust.
Programs act through ``effect`` (diminishing returns on spending against a reference) read by
demography, labour, learning, services, migration and firms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..scenario.params_policy import HOMETOWN_TAX_INDEX, Program
from .agents import Sector, town_column
from .ages import YOUNG_CHILD_AGE
from .kernels_households import head_rows
from .ledger import Account, Flow

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Policy", "PROGRAMS", "national_index", "interpolate_series"]

PROGRAMS = tuple(Program)
MAX_INTENSITY = 2.0
MARKETING_UNIT_YEN = 10_000_000  # marketing effect per doubling above 10 M yen (see param doc)
PROCUREMENT_PROGRAMS = (
    Program.ELDERLY_DIGITAL,
    Program.TRANSPORT,
    Program.INFRASTRUCTURE,
    Program.EXPERIMENT_FIELD,
    Program.DIGITAL_DIVISION,
)
COINVESTED = (Program.INFRASTRUCTURE, Program.EXPERIMENT_FIELD, Program.TOWN_COMPANY)


def diminishing(x: np.ndarray | float) -> np.ndarray | float:
    """2x / (1 + x): 0 without a program, 1 at the reference spending, 4/3 at the cap."""
    return 2 * x / (1 + x)


def interpolate_series(series: dict[int, float], year: int) -> float:
    """Linear between the given years, flat before the first and after the last."""
    years = sorted(series)
    return float(np.interp(year, years, [series[y] for y in years]))


def national_index(fy: int) -> float:
    """National hometown-tax total relative to FY2015 (MIC)."""
    return interpolate_series(HOMETOWN_TAX_INDEX, fy)


class Policy:
    """Reads budgets, revenue, attractiveness; writes donations, grants, program money, trust.
    Trust, culture, visible results and the earmarked fund are columns of ``model.towns``;
    program spending and intensity (town x program) stay here."""

    trust = town_column("trust", "residents' and donors' trust in the town hall, 0 to 1")
    culture = town_column("culture", "the town hall's digital culture, 0 to 1")
    results = town_column("visible_results", "visible results of programs, 0 to 1")
    earmarked = town_column("earmarked_yen", "the part of the fund kept for programs")
    fund_draw = town_column("fund_draw_yen", "drawn from the earmarked fund this fiscal year")

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.policy
        towns = model.municipalities
        m = len(towns)
        self.town = [t.spec.policy for t in towns]
        self.trust = self.p.trust_norm  # every town starts at the national norm
        self.culture = self.p.culture_start
        self.spend = np.zeros((m, len(PROGRAMS)))  # yen per year this FY, public
        self.intensity = np.zeros((m, len(PROGRAMS)))
        self.grant_yen = np.zeros(m, dtype=np.int64)  # per year, this FY
        self.donations_year = np.zeros(m, dtype=np.int64)
        self.reinvested = np.zeros(m, dtype=np.int64)
        self.coinvested = np.zeros(m, dtype=np.int64)  # this month
        self.appeal0: np.ndarray | None = None
        self.own_revenue_base: np.ndarray | None = None
        self.earmarked_month = np.zeros(m, dtype=np.int64)  # deposited into it this month
        self.gifts = self.costs = self.donations_month = np.zeros(m, dtype=np.int64)

    @staticmethod
    def index(program: Program) -> int:
        """The column of ``program`` in ``spend`` and ``intensity``."""
        return PROGRAMS.index(program)

    def level(self, program: Program) -> np.ndarray:
        """Intensity of one program in every town (0: none, 1: full, up to 2)."""
        return self.intensity[:, PROGRAMS.index(program)]

    def participation(self) -> np.ndarray:
        """Share of adults taking part in the town's activities: it follows trust, and the key
        persons a test field draws connect more people."""
        return self._derived()["participation"].copy()

    def field_effect(self) -> np.ndarray:
        return diminishing(self.level(Program.EXPERIMENT_FIELD))

    def effect(self, program: Program) -> np.ndarray:
        """How much of a program's full effect a town gets: 2x / (1 + x) for intensity x (1 at
        the reference spending, diminishing returns beyond), times residents' co-production:
        participation above its norm makes programs work better, below it worse."""
        derived = self._derived()
        if program not in derived:
            coproduction = 1 + self.p.coproduction_effect * (
                derived["participation"] / self.p.participation_norm - 1
            )
            derived[program] = diminishing(self.level(program)) * np.maximum(coproduction, 0)
        return derived[program].copy()

    def _derived(self) -> dict:
        """Participation and the programs' effects follow trust and intensity, which change
        once a year: computed again only when either has changed (mechanisms ask each month,
        several times)."""
        key = (self.trust.tobytes(), self.intensity.tobytes())
        if getattr(self, "_derived_key", None) != key:
            p = self.p
            connectors = p.connector_participation * self.field_effect()
            share = np.clip(p.participation_norm * self.trust / p.trust_norm + connectors, 0, 1)
            self._derived_key, self._derived_values = key, {"participation": share}
        return self._derived_values

    def appeal(self) -> np.ndarray:
        """Attractiveness to every household from the programs (broadband and 5G)."""
        return self.p.infrastructure_attractiveness * self.effect(Program.INFRASTRUCTURE)

    def vision_credibility(self) -> np.ndarray:
        """0-1: how long a town has kept to its plan, against vision_years (0 without one)."""
        fy = self.model.fiscal_year_of()
        years = np.array(
            [fy - x.vision_since_fy + 1 if x.vision_since_fy else 0 for x in self.town],
            dtype=np.float64,
        )
        return np.clip(years / self.p.vision_years, 0, 1)

    def vision(self) -> np.ndarray:
        """Attractiveness of a plan committed to over the years (0 until it is made)."""
        return self.p.vision_weight * self.vision_credibility()

    # -- the fiscal year -------------------------------------------------------------------------
    def fiscal_year(self, fy: int, own_tax: np.ndarray) -> None:
        """Programs, reinvestment, grants, expected donations, trust and culture for the year."""
        model = self.model
        pop = model.people.count() * model.p.run.scale
        if self.appeal0 is None:  # attractiveness at the start (computed at initialization)
            self.appeal0 = model.migration.attractiveness.copy()
        self._donations(fy, pop)
        # revenue the town can spend: own tax and the donations left after gifts, costs, funds
        own_revenue = own_tax + self.spendable_donations()
        if self.own_revenue_base is None:
            self.own_revenue_base = own_revenue.copy()
        growth = np.maximum(own_revenue - self.own_revenue_base, 0)
        share = np.array([x.reinvestment_share for x in self.town])
        base = np.zeros_like(self.spend)  # each program's own budget this year (a loop over towns)
        for i, town in enumerate(self.town):
            for name, spec in town.programs.items():
                base[i, PROGRAMS.index(name)] = spec.budget_in(fy)
        running = base.sum(axis=1)
        # reinvestment goes into the programs running this year, in proportion to their budgets;
        # a town with none running this year reinvests nothing (and reports nothing)
        self.reinvested = np.floor(growth * share * (running > 0)).astype(np.int64)
        self.spend = base + self.reinvested[:, None] * base / np.maximum(running, 1)[:, None]
        self._intensity(pop)
        self._found_companies()
        self._grant_round(pop)
        self._draw_earmarked()
        self._trust_and_culture()

    def _intensity(self, pop: np.ndarray) -> None:
        r, p = self.model.residents, self.p
        m = pop.size
        young = np.bincount(r.municipality[r.age_months < YOUNG_CHILD_AGE], minlength=m)
        young = young * self.model.p.run.scale
        ref = np.full((m, len(PROGRAMS)), float(p.program_reference_yen))
        ref[:, PROGRAMS.index(Program.CHILDCARE)] = p.childcare_reference_yen * np.maximum(young, 1)
        self.intensity = np.minimum(self.spend / ref, MAX_INTENSITY)

    def _found_companies(self) -> None:
        """A town company program founds the company (sized to its yearly budget) when it
        starts, and again if the company has closed."""
        model, f = self.model, self.model.firms
        table, scale = model.sectors, model.p.run.scale
        sector = int(Sector.TOWN_COMPANY)
        has = np.bincount(f.municipality[f.sector == sector], minlength=self.trust.size) > 0
        found = np.nonzero((self.level(Program.TOWN_COMPANY) > 0) & ~has)[0]
        if found.size == 0:
            return
        demand = self.spend[found, PROGRAMS.index(Program.TOWN_COMPANY)] / 12
        workers = demand / (table.productivity_yen[sector] * scale)
        f.append(
            found.size,
            municipality=found,
            sector=sector,
            productivity_yen=table.productivity_yen[sector],
            expected_demand_yen=demand,
            demand_yen=np.floor(demand).astype(np.int64),
            capital_yen=np.floor(workers * table.capital_per_worker_yen[sector] * scale),
            local_owner=True,
        )

    def plan_quality(self) -> np.ndarray:
        """0-1: the mean of a committed vision (full after vision_years) and governance."""
        governance = np.array([x.governance for x in self.town])
        return (self.vision_credibility() + governance) / 2

    def _grant_round(self, pop: np.ndarray) -> None:
        """Towns with digital programs bid; a better plan wins more often and gets a higher
        subsidy rate (grant_rate_min to grant_rate_max of the eligible cost; the town pays the
        rest). Childcare is the town's own business and not eligible."""
        p, rng = self.p, self.model.rng
        quality = self.plan_quality()
        eligible = self.spend.sum(1) - self.spend[:, PROGRAMS.index(Program.CHILDCARE)]
        bids = eligible > 0
        wins = bids & (
            rng.random(pop.size) < p.grant_base_chance + p.grant_quality_effect * quality
        )
        rate = p.grant_rate_min + (p.grant_rate_max - p.grant_rate_min) * quality
        asked = np.minimum(eligible * rate, p.grant_cap_per_capita_yen * pop)
        asked = np.where(wins, asked, 0.0)
        if asked.sum() > p.grant_budget_yen:  # the round's budget runs out: shared pro rata
            asked *= p.grant_budget_yen / asked.sum()
        self.grant_yen = np.floor(asked).astype(np.int64)

    def _donations(self, fy: int, pop: np.ndarray) -> None:
        p = self.p
        appeal = self.model.migration.attractiveness - self.appeal0
        base = np.array(
            [
                interpolate_series(x.donations_yen, fy)
                if x.donations_yen
                else p.donations_per_capita_yen * n * national_index(fy)
                for x, n in zip(self.town, pop, strict=True)
            ]
        )
        marketing = np.array([x.marketing_yen for x in self.town])
        observed = np.array([bool(x.donations_yen) for x in self.town])
        trust = p.donation_trust_effect * (self.trust - p.trust_norm)
        # an observed series already contains the town's own appeal and marketing: only
        # trust moves it; other towns' donations also follow appeal and marketing
        boost = np.exp(p.donation_appeal_effect * appeal) * (
            1 + p.marketing_effect * np.log2(1 + marketing / MARKETING_UNIT_YEN)
        )
        factor = np.exp(trust) * np.where(observed, 1.0, boost)
        self.donations_year = np.floor(base * factor).astype(np.int64)

    def _draw_earmarked(self) -> None:
        """This year's draw on the earmarked fund: a share of it, at most the programs' net
        cost (the fund exists to pay for them)."""
        shares = np.array([x.fund_draw_share for x in self.town])
        fund = np.minimum(self.earmarked, np.maximum(self.model.ledger.fund, 0))
        net_cost = np.maximum(self.spend.sum(1) - self.grant_yen, 0)
        self.fund_draw = np.minimum(np.floor(fund * shares), net_cost).astype(np.int64)
        self.earmarked = fund - self.fund_draw

    def visible_results(self) -> np.ndarray:
        """0-1: what the programs achieve (their spending-weighted effect, co-production
        included), against the most a program can do at the usual participation."""
        spend = self.spend
        effects = np.stack([self.effect(x) for x in PROGRAMS], axis=1)
        weighted = (spend * effects).sum(1) / np.maximum(spend.sum(1), 1e-9)
        most = diminishing(MAX_INTENSITY)
        return np.clip(weighted / most, 0, 1)

    def _trust_and_culture(self) -> None:
        p = self.p
        self.results = self.visible_results()
        disclosure = np.array([x.disclosure for x in self.town])
        governance = np.array([x.governance for x in self.town])
        target = (
            p.trust_base
            + p.trust_disclosure * disclosure
            + p.trust_governance * governance
            + p.trust_results * disclosure * self.results
        )
        self.trust += p.trust_rate * (np.clip(target, 0, 1) - self.trust)
        leadership = np.array([x.leadership for x in self.town])
        ordered = self.level(Program.DIGITAL_DIVISION) > 0
        pressure = np.maximum(leadership, np.where(ordered, p.culture_order_pressure, 0.0))
        self.culture += p.culture_rate * pressure * (1 - self.culture)

    def culture_gain(self) -> np.ndarray:
        """0-1: how far each town hall's culture has moved from the start towards 1."""
        start = self.p.culture_start
        return np.clip((self.culture - start) / max(1 - start, 1e-9), 0, 1)

    def spendable_donations(self) -> np.ndarray:
        """The year's donations left for the budget after gifts, costs and earmarked funds."""
        gift = np.array([x.return_gift_share for x in self.town])
        cost = np.array([x.donation_cost_share for x in self.town])
        fund = np.array([x.donation_fund_share for x in self.town])
        return np.floor(self.donations_year * (1 - gift - cost) * (1 - fund)).astype(np.int64)

    def yearly_cost(self, town: int) -> int:
        """Net program cost a budget should plan for (programs minus grant)."""
        return int(self.spend[town].sum() - self.grant_yen[town])

    # -- the month -------------------------------------------------------------------------------
    def step(self) -> None:
        ledger = self.model.ledger
        towns = np.arange(self.trust.size)
        ledger.transfer(
            Flow.GRANT, Account.NATION, Account.MUNICIPALITY, self.grant_yen // 12, 0, towns
        )
        self._donations_month(towns)
        self._programs_month(towns)

    def _donations_month(self, towns: np.ndarray) -> None:
        model, ledger = self.model, self.model.ledger
        donations = self.donations_year // 12
        gift_share = np.array([x.return_gift_share for x in self.town])
        cost_share = np.array([x.donation_cost_share for x in self.town])
        fund_share = np.array([x.donation_fund_share for x in self.town])
        gifts = np.floor(donations * gift_share).astype(np.int64)
        costs = np.floor(donations * cost_share).astype(np.int64)
        ledger.transfer(Flow.DONATION, Account.OUTSIDE, Account.MUNICIPALITY, donations, 0, towns)
        makers = (model.firms.sector == Sector.AGRICULTURE_FOOD) | (
            model.firms.sector == Sector.RETAIL_SERVICES
        )
        # gifts are local products: what the town's makers cannot supply is not given
        unmet = model.trade.sell_to_town_firms(Flow.RETURN_GIFT, gifts, makers)
        ledger.transfer(Flow.DONATION_COST, Account.MUNICIPALITY, Account.OUTSIDE, costs, towns)
        earmarked = np.floor((donations - gifts - costs) * fund_share).astype(np.int64)
        ledger.transfer(
            Flow.FUND_DEPOSIT, Account.MUNICIPALITY, Account.FUND, earmarked, towns, towns
        )
        self.earmarked += earmarked
        self.earmarked_month = earmarked
        self.gifts, self.costs, self.donations_month = gifts - unmet, costs, donations

    def _programs_month(self, towns: np.ndarray) -> None:
        model, ledger = self.model, self.model.ledger
        monthly = np.floor(self.spend / 12).astype(np.int64)
        # childcare: an allowance to the households of children under 6, equal per child
        pool = monthly[:, PROGRAMS.index(Program.CHILDCARE)]
        if pool.any():
            self._child_allowances(pool)
        # services and works bought locally where possible
        buy = sum(monthly[:, PROGRAMS.index(x)] for x in PROCUREMENT_PROGRAMS)
        local = np.floor(buy * model.p.fiscal.procurement_local_share).astype(np.int64)
        mask = model.sectors.sells_to_municipality[model.firms.sector]
        unmet = model.trade.sell_to_town_firms(Flow.PROGRAM, local, mask)
        company = model.firms.sector == Sector.TOWN_COMPANY
        pool = monthly[:, PROGRAMS.index(Program.TOWN_COMPANY)]
        unmet += model.trade.sell_to_town_firms(Flow.PROGRAM, pool, company)
        ledger.transfer(
            Flow.PROGRAM, Account.MUNICIPALITY, Account.OUTSIDE, buy - local + unmet, towns
        )
        # private partners match the co-invested programs in proportion to trust
        ratio = np.array([x.coinvestment_ratio for x in self.town])
        public = sum(monthly[:, PROGRAMS.index(x)] for x in COINVESTED)
        private = np.floor(public * ratio * self.trust).astype(np.int64)
        self.coinvested = private
        self._invest(private)

    def _child_allowances(self, pool: np.ndarray) -> None:
        """Each town's monthly childcare pool, equal per child under 6, to the household head."""
        r, ledger = self.model.residents, self.model.ledger
        towns = np.arange(pool.size)
        child = np.nonzero(r.age_months < YOUNG_CHILD_AGE)[0]
        n_child = np.bincount(r.municipality[child], minlength=towns.size)
        each = pool // np.maximum(n_child, 1)
        head_of = head_rows(r.household, r.age_months)[r.household[child]]  # by household id
        ledger.transfer(
            Flow.CHILD_ALLOWANCE,
            Account.MUNICIPALITY,
            Account.RESIDENT,
            each[r.municipality[child]],
            r.municipality[child],
            head_of,
        )

    def _invest(self, private: np.ndarray) -> None:
        """Private co-investment goes into the town's company, else its largest local firm."""
        f, ledger = self.model.firms, self.model.ledger
        for town in np.nonzero(private > 0)[0]:  # a loop over towns (few), not firms
            rows = np.nonzero(f.municipality == town)[0]
            if rows.size == 0:
                ledger.transfer(
                    Flow.INVESTMENT,
                    Account.OUTSIDE,
                    Account.MUNICIPALITY,
                    int(private[town]),
                    0,
                    int(town),
                )
                continue
            company = rows[f.sector[rows] == Sector.TOWN_COMPANY]
            target = company[0] if company.size else rows[np.argmax(f.expected_demand_yen[rows])]
            ledger.transfer(
                Flow.INVESTMENT, Account.OUTSIDE, Account.FIRM, int(private[town]), 0, int(target)
            )
            f.capital_yen[target] += private[town]
