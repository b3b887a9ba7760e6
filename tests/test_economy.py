"""Labour market, trade, money and the town hall's budget."""

import numpy as np
import pytest

from sim import RegionModel
from sim.model.agents import Employer, Labour
from sim.model.kpis import OWN_TAX
from sim.model.ledger import Flow
from tests.conftest import two_towns


@pytest.fixture
def model():
    return RegionModel(two_towns())


def test_start_unemployment_is_near_the_scenario_rate(model):
    r = model.residents
    force = (r.labour == Labour.EMPLOYED) | (r.labour == Labour.UNEMPLOYED)
    rate = (r.labour == Labour.UNEMPLOYED).sum() / force.sum()
    assert 0.0 < rate < 0.08
    assert (r.labour[r.age_months < 180] == Labour.CHILD).all()


def test_participation_follows_age_bands(model):
    lab = model.labour
    p = model.p.labour
    ages = np.array([10, 30, 70, 80]) * 12
    assert lab.participation(ages).tolist() == [
        0.0,
        p.participation_15_64,
        p.participation_65_74,
        p.participation_75_plus,
    ]


def test_employees_and_wages_are_consistent(model):
    model.step()
    r, f = model.residents, model.firms
    at_firm = r.employer_type == Employer.FIRM
    assert (r.labour[at_firm] == Labour.EMPLOYED).all()
    assert f.employees.sum() == at_firm.sum()
    wage = model.sectors.wage_yen[f.sector[r.employer[at_firm]]]
    assert (r.wage_yen[at_firm] == wage * model.p.run.scale).all()
    assert (r.wage_yen[r.labour != Labour.EMPLOYED] == 0).all()


def test_commuters_work_in_a_neighbouring_town():
    model = RegionModel(two_towns(labour={"commute_search_share": 1.0}))
    for _ in range(3):
        model.step()
    r, f = model.residents, model.firms
    at_firm = np.nonzero(r.employer_type == Employer.FIRM)[0]
    work = f.municipality[r.employer[at_firm]]
    live = r.municipality[at_firm]
    assert model.neighbours.within_reach(live, work).all()


def test_sales_never_exceed_capacity(model):
    for _ in range(2):
        model.step()
    f = model.firms
    # employees may have changed after trade (migration, exits): compare with demand instead
    assert (f.sales_yen <= f.demand_yen).all()
    assert (f.sales_yen >= 0).all()


def test_taxes_follow_their_rates(model):
    model.step()
    r = model.residents
    t = model.p.taxes
    wages = r.wage_yen  # wages paid this step, by residents still here
    got = model.ledger.muni_in[Flow.RESIDENT_TAX].sum()
    assert got == pytest.approx((wages * t.resident_tax_rate).sum(), rel=0.03)


def test_allocation_tax_fills_the_gap_and_claws_back_own_growth(model):
    nation = model.nation
    pop = np.array([3000, 6000])
    base = nation.allocation_round(pop, np.array([100_000_000, 100_000_000])).copy()
    richer = nation.allocation_round(pop, np.array([200_000_000, 100_000_000]))
    f = model.p.fiscal
    # each extra yen of own tax costs standard_revenue_share x coverage yen of allocation
    assert base[0] - richer[0] == pytest.approx(
        100_000_000 * f.standard_revenue_share * f.allocation_coverage, abs=2
    )
    assert richer[1] == base[1]
    assert nation.allocation_round(pop, np.array([10**13, 0]))[0] == 0  # no negative grant


def test_budget_draws_funds_then_bonds_then_cuts_services(model):
    m = model.municipalities[0]
    f = model.p.fiscal
    model.ledger.fund[0] = 100_000_000  # (unit test: balances set by hand, no ledger check)
    model.ledger.municipality[0] = 0
    m.plan_budget(3000, own_tax=1, allocation=0)  # a town with almost no revenue
    b = m.budget
    assert b.fund_withdrawal == m.fund_yen
    assert b.bond_issue == 0  # its debt is already above the limit for this revenue
    assert b.services < f.services_per_capita_yen * 3000  # services are cut, not overspent
    model.ledger.debt[0] = 0  # (by hand, as the balances above)
    m.plan_budget(3000, own_tax=1, allocation=0)
    b = m.budget
    assert b.bond_issue > 0
    assert b.bond_issue <= f.debt_limit_years * b.revenue_forecast + 1


def test_budget_surplus_goes_to_funds_and_investment(model):
    m = model.municipalities[0]
    f = model.p.fiscal
    model.ledger.fund[0] = 0  # (unit test: balances set by hand, no ledger check)
    m.plan_budget(3000, own_tax=5_000_000_000, allocation=0)
    b = m.budget
    assert b.services == f.services_per_capita_yen * 3000
    assert 0 < b.fund_deposit <= f.fund_target_years * b.revenue_forecast
    own_investment = b.investment - b.bond_issue
    assert b.bond_issue == pytest.approx(
        own_investment * f.investment_bond_share / (1 - f.investment_bond_share), abs=1
    )


def test_own_tax_record_feeds_the_next_allocation(model):
    for _ in range(12):
        model.step()
    own = model.kpis.own_tax_last_12_months()
    monthly = sum(model.ledger.muni_in[list(OWN_TAX)].sum(0) for _ in range(1))
    assert (own > 0).all() and (monthly > 0).all()


def test_budget_is_revisited_every_april():
    """A January start: a first budget at step 1, then one each April (steps 4 and 16)."""
    model = RegionModel(two_towns(run={"years": 2, "start_month": 1}))
    assert model.municipalities[0].budget.revenue_forecast == 0  # step 0: no budget yet
    plans = []
    for _ in range(16):
        model.step()
        plans.append(model.municipalities[0].budget.revenue_forecast)
    assert model.calendar(1) == (2015, 1) and model.calendar(0) == (2014, 12)
    aprils = [i for i in range(16) if model.calendar(i + 1)[1] == 4]
    assert aprils == [3, 15]
    assert plans[0] > 0 and plans[3] != plans[2] and plans[15] != plans[14]
    assert len(set(plans[3:15])) == 1


def test_firm_entry_follows_the_room_in_the_market():
    """Half the residents per firm, a quarter of the entry (elasticity 2); none at elasticity 0."""
    rates = {}
    for elasticity in (0.0, 2.0):
        model = RegionModel(two_towns(firms={"entry_market_elasticity": elasticity}))
        dyn = model.firm_dynamics
        dyn.residents_per_firm_start = dyn.residents_per_firm_start * np.array([2.0, 1.0])
        model.migration.attractiveness[:] = 0.0
        counts = np.zeros(2)
        for _ in range(400):
            dyn._entries()
            counts += dyn.entries
            model.firms.keep(np.arange(model.firms.n) < model.firms.n - int(dyn.entries.sum()))
        rates[elasticity] = counts
    (small, hub), (small0, hub0) = rates[2.0], rates[0.0]
    assert 0.35 < small0 / hub0 < 0.65  # the hub has about twice the small town's firms
    assert 0.15 < (small / hub) / (small0 / hub0) < 0.35  # (1/2) ** 2


def test_debt_costs_interest_and_is_repaid_over_the_bond_term():
    """A town with debt plans floor(debt x bond_rate) of interest and ceil(debt / bond_years)
    of repayment a year, pays a twelfth each month to Outside, and its debt falls by the
    repayment at the next budget; a new issue is capped by the debt limit."""
    model = RegionModel(two_towns(run={"years": 2}))
    town, f = model.municipalities[0], model.p.fiscal
    for _ in range(11):  # into the first fiscal year's months
        model.step()
    model.ledger.debt[town.idx] = 3_000_000_000  # by hand, between two months
    town.plan_budget(3000, own_tax=10**9, allocation=10**9)
    b = town.budget
    assert b.interest == int(3_000_000_000 * f.bond_rate)
    assert b.repayment == -(-3_000_000_000 // f.bond_years)
    room = int(f.debt_limit_years * b.revenue_forecast) - town.debt_yen + b.repayment
    assert b.bond_issue <= max(room, 0)
    town.open_fiscal_year()
    debt = town.debt_yen
    model.step()
    flows = model.ledger.flow_table([m.key for m in model.municipalities])
    month = flows[(flows.step == model.steps) & (flows.payer_municipality == town.key)]
    paid = month.groupby("kind").amount_yen.sum()
    assert paid["interest"] == b.interest // 12
    assert paid["bond_repayment"] == b.repayment // 12
    assert town.debt_yen == debt - b.repayment // 12  # each month's repayment lowers it
