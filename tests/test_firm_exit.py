"""Firm exit: loss months, the base hazard, town companies, workers, cash and write-offs."""

import numpy as np
import pytest

from sim import RegionModel
from sim.model.agents import Employer, Labour, Sector
from sim.model.ledger import Account, Flow
from tests.conftest import two_towns
from tests.mechanism_helpers import binomial_ok, money, moved, total

NO_ENTRY = {"entry_rate": 0.0}


def model_with(**firms) -> RegionModel:
    return RegionModel(two_towns(firms={**NO_ENTRY, **firms}))


def add_town_companies(model: RegionModel, n: int) -> np.ndarray:
    """n town companies (no workers) in the first town; returns their rows."""
    table = model.sectors
    sector = int(Sector.TOWN_COMPANY)
    return model.firms.append(
        n,
        municipality=0,
        sector=sector,
        productivity_yen=table.productivity_yen[sector],
        expected_demand_yen=1_000_000.0,
        local_owner=True,
    )


@pytest.mark.parametrize("limit", [6, 18])
def test_firms_close_after_loss_months_to_exit(limit):
    """Without the random hazard, exactly the firms with months_in_loss >= limit close."""
    model = model_with(exit_rate=0.0, loss_months_to_exit=limit)
    f = model.firms
    f.months_in_loss[:] = np.arange(f.n) % 30
    ids, losing = f.id.copy(), f.months_in_loss >= limit
    model.firm_dynamics.step()
    gone = model.firms.rows_of(ids) < 0
    assert (gone == losing).all()
    assert model.firm_dynamics.exits.sum() == losing.sum()


def test_a_run_of_loss_months_ends_in_closure():
    """The money step counts consecutive loss months (reset by a profit); the firms whose
    run reaches loss_months_to_exit close in the same month."""
    model = model_with(exit_rate=0.0, loss_months_to_exit=6)
    f = model.firms
    wages = model.labour.firm_wage_bill()
    losing = (np.arange(f.n) % 3 == 0) & (wages > 0)  # costs and no sales: a loss
    f.sales_yen[:] = np.where(losing, 0, 10 * wages.astype(np.int64) + 10_000_000)
    f.months_in_loss[:] = 5
    ids = f.id.copy()
    model.money.step()
    assert (f.months_in_loss[losing] == 6).all() and (f.months_in_loss[~losing] == 0).all()
    model.firm_dynamics.step()
    assert ((model.firms.rows_of(ids) < 0) == losing).all()


@pytest.mark.parametrize("rate", [0.3, 1.0])
def test_base_hazard_closes_firms_at_exit_rate_but_not_town_companies(rate):
    """Profitable firms close with chance exit_rate / 12 a month; a town company only on
    losses."""
    model = model_with(exit_rate=rate, loss_months_to_exit=18)
    companies = add_town_companies(model, 300)
    f = model.firms
    f.months_in_loss[:] = 0
    f.months_in_loss[companies[:5]] = 18
    ids, sector = f.id.copy(), f.sector.copy()
    closed = np.zeros(f.n, dtype=int)
    for _ in range(6):  # six months of exposure
        alive = model.firms.rows_of(ids) >= 0
        model.firm_dynamics.step()
        closed += alive & (model.firms.rows_of(ids) < 0)
    company = sector == Sector.TOWN_COMPANY
    assert closed[company].sum() == 5 and closed[company][:5].all()
    firms = int((~company).sum())
    survive = (1 - rate / 12) ** 6
    assert binomial_ok(int(closed[~company].sum()), firms, 1 - survive)


def test_workers_of_closing_firms_become_unemployed():
    """Their jobs end (no wage, no employer); everyone else keeps the same employer."""
    model = model_with(exit_rate=0.0, loss_months_to_exit=1)
    f, r = model.firms, model.residents
    f.months_in_loss[:] = np.arange(f.n) % 2  # every other firm closes
    at_firm = r.employer_type == Employer.FIRM
    employer_id = np.where(at_firm, f.id[np.maximum(r.employer, 0)], -1)
    closing_ids = f.id[f.months_in_loss >= 1]
    laid_off = at_firm & np.isin(employer_id, closing_ids)
    keep = at_firm & ~laid_off
    wage = r.wage_yen.copy()
    assert laid_off.sum() > 500 and keep.sum() > 500
    model.firm_dynamics.step()
    assert (r.labour[laid_off] == Labour.UNEMPLOYED).all()
    assert (r.employer_type[laid_off] == Employer.NONE).all()
    assert (r.employer[laid_off] == -1).all() and (r.wage_yen[laid_off] == 0).all()
    f = model.firms
    assert (f.id[r.employer[keep]] == employer_id[keep]).all()
    assert (r.wage_yen[keep] == wage[keep]).all()
    at_firm = r.employer_type == Employer.FIRM
    assert (f.employees == np.bincount(r.employer[at_firm], minlength=f.n)).all()


def test_cash_goes_to_owners_and_overdrafts_are_written_off():
    """A closing firm's positive cash goes to a resident of its town (local owner) or to
    Outside; negative cash is forgiven by Outside. Money is conserved."""
    model = model_with(exit_rate=0.0, loss_months_to_exit=1)
    f, ledger = model.firms, model.ledger
    rows = np.concatenate([np.nonzero(f.municipality == i)[0][:20] for i in (0, 1)])
    rows = rows[np.argsort(np.arange(rows.size) % 20, kind="stable")]  # the towns alternate
    overdrawn, local, outside = rows[:10], rows[10:26], rows[26:]
    # balances moved through the ledger, so the sum of all accounts stays zero
    extra = 2_000_000 + 10_000 * np.arange(rows.size)
    ledger.transfer(Flow.INVESTMENT, Account.OUTSIDE, Account.FIRM, extra, 0, rows)
    debt = f.cash_yen[overdrawn] + 500_000
    ledger.transfer(Flow.INPUTS, Account.FIRM, Account.OUTSIDE, debt, overdrawn)
    f.local_owner[local] = True
    f.local_owner[outside] = False
    f.local_owner[overdrawn] = True
    f.months_in_loss[:] = 0
    f.months_in_loss[rows] = 1
    cash, town_of = f.cash_yen.copy(), f.municipality.copy()
    assert (cash[overdrawn] == -500_000).all() and (cash[rows[10:]] > 0).all()
    before = money(model)
    model.firm_dynamics.step()
    paid = moved(before, money(model))
    assert ledger.total() == 0
    to_residents = total(paid, "firm_closure", payer_type="firm", payee_type="resident")
    assert to_residents == cash[local].sum()
    for i, town in enumerate(("small", "hub")):  # the owner lives in the firm's town
        here = local[town_of[local] == i]
        assert here.size >= 5
        got = total(paid, "firm_closure", payee_type="resident", payee_municipality=town)
        assert got == cash[here].sum()
    assert total(paid, "firm_closure", payer_type="firm", payee_type="outside") == (
        cash[outside].sum()
    )
    write_off = total(paid, "write_off", payer_type="outside", payee_type="firm")
    assert write_off == 500_000 * overdrawn.size
