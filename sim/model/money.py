"""Money: wages, taxes, pensions, firms' profits and dividends, and the town hall's accounts.

Everything here is a call to ``ledger.transfer``: wages from employers, income tax to the
Nation and resident tax to the town of residence, pensions from the Nation, fixed-asset and
corporate taxes from firms, firms' inputs bought from Outside on all of the month's sales,
dividends to owners (a resident of the firm's town, or Outside), and each month's part of the
town hall's yearly budget: allocation tax and disbursements in, fund deposits, interest and
bond repayment out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .ages import ADULT_AGE, OLD_AGE
from .kernels_tally import count_from, kth_rows, rows_by_town_from
from .ledger import Account, Flow

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Money"]

#: Firms paid out in one call up to which their owners are looked up one by one (a pass that
#: stops early) rather than by listing every town's adults: an algorithm's switch, the same
#: owners either way.
FEW_OWNERS = 1000


def _floor(x) -> np.ndarray:
    return np.floor(x).astype(np.int64)


class Money:
    """Reads residents' wages and ages, firms' sales, capital and cash, and the towns'
    ``budget_disbursement``, ``budget_interest``, ``budget_repayment`` and
    ``budget_fund_deposit`` columns; writes every balance (and the debt) through the ledger."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.profit_yen = np.zeros(0, dtype=np.int64)
        self.firm_wages = np.zeros(0, dtype=np.int64)  # this month's wage bill by firm row

    def step(self) -> None:
        self._residents()
        self._firms()
        self._town_halls()

    def _residents(self) -> None:
        """Wages from each worker's employer (a firm, the town hall, or Outside for remote
        work); on every wage, income tax to the Nation and resident tax to the town of
        residence; a pension from the Nation from 65; the residential fixed-asset tax from 20.
        One pass over the residents (``Ledger.payroll``), recorded as seven transfers."""
        t, scale = self.model.p.taxes, self.model.p.run.scale
        self.firm_wages = self.model.ledger.payroll(
            income_tax_rate=t.income_tax_rate,
            resident_tax_rate=t.resident_tax_rate,
            pension_yen=t.pension_yen * scale,
            pension_age=OLD_AGE,
            asset_tax_yen=t.residential_asset_tax_yen * scale // 12,
            adult_age=ADULT_AGE,
        )

    def _firms(self) -> None:
        model, f, ledger = self.model, self.model.firms, self.model.ledger
        t, trade = model.p.taxes, model.p.trade
        rows = np.arange(f.n)
        wages = self.firm_wages.astype(np.float64)  # as labour.firm_wage_bill(): exact sums
        inputs = np.floor(f.sales_yen * trade.input_share).astype(np.int64)
        ledger.transfer(Flow.INPUTS, Account.FIRM, Account.OUTSIDE, inputs, rows)
        asset_tax = _floor(f.capital_yen * t.fixed_asset_tax_rate / 12)
        profit = _floor(f.sales_yen - wages - inputs) - asset_tax
        taxable = np.maximum(profit, 0)
        home = f.municipality.astype(np.int64)
        ledger.transfer(
            Flow.FIXED_ASSET_TAX, Account.FIRM, Account.MUNICIPALITY, asset_tax, rows, home
        )
        ledger.transfer(
            Flow.CORPORATE_TAX_NATIONAL,
            Account.FIRM,
            Account.NATION,
            _floor(taxable * t.corporate_tax_rate),
            rows,
        )
        ledger.transfer(
            Flow.CORPORATE_TAX_LOCAL,
            Account.FIRM,
            Account.MUNICIPALITY,
            _floor(taxable * t.local_corporate_tax_rate),
            rows,
            home,
        )
        self.profit_yen = profit
        f.months_in_loss[:] = np.where(profit < 0, f.months_in_loss + 1, 0)
        buffer = _floor((wages + inputs) * trade.cash_buffer_months)
        payout = np.maximum(f.cash_yen - buffer, 0)
        self.pay_owners(Flow.DIVIDEND, rows, payout)

    def pay_owners(self, kind: Flow, firm_rows: np.ndarray, amount: np.ndarray) -> None:
        """Money from firms to their owners: an adult of the firm's town, or Outside."""
        model, f, r, ledger = self.model, self.model.firms, self.model.residents, self.model.ledger
        # an adult of the firm's town, each alike: one draw per firm among its town's adults
        # (the k-th adult of the town in row order); many firms (dividends) list every town's
        # adults once, a few (closures) look theirs up in one pass that stops when all are met
        m, few = len(model.municipalities), firm_rows.size <= FEW_OWNERS
        g = f.municipality[firm_rows].astype(np.int64)
        if few:
            count = count_from(r.municipality, r.age_months, ADULT_AGE, m)
        else:
            adults, start, count = rows_by_town_from(r.municipality, r.age_months, ADULT_AGE, m)
        k = np.minimum((model.rng.random(g.size) * count[g]).astype(np.int64), count[g] - 1)
        if few:
            owner = kth_rows(r.municipality, r.age_months, ADULT_AGE, g, k, m)
        else:
            owner = adults[np.minimum(start[g] + k, max(adults.size - 1, 0))]
        owner = np.where(count[g] > 0, owner, -1)
        local = f.local_owner[firm_rows] & (owner >= 0)
        ledger.transfer(
            kind,
            Account.FIRM,
            Account.RESIDENT,
            amount[local],
            firm_rows[local],
            owner[local],
        )
        ledger.transfer(kind, Account.FIRM, Account.OUTSIDE, amount[~local], firm_rows[~local])

    def _town_halls(self) -> None:
        model, ledger = self.model, self.model.ledger
        towns = np.arange(len(model.municipalities))
        t = model.towns  # this fiscal year's budget, executed a twelfth a month
        allocation = model.nation.allocation_yen // 12
        ledger.transfer(
            Flow.ALLOCATION_TAX, Account.NATION, Account.MUNICIPALITY, allocation, 0, towns
        )
        disbursement = t.budget_disbursement // 12
        ledger.transfer(
            Flow.NATIONAL_DISBURSEMENT, Account.NATION, Account.MUNICIPALITY, disbursement, 0, towns
        )
        interest = t.budget_interest // 12
        repayment = t.budget_repayment // 12
        ledger.transfer(Flow.INTEREST, Account.MUNICIPALITY, Account.OUTSIDE, interest, towns)
        ledger.transfer(
            Flow.BOND_REPAYMENT, Account.MUNICIPALITY, Account.OUTSIDE, repayment, towns
        )
        deposit = t.budget_fund_deposit // 12
        ledger.transfer(
            Flow.FUND_DEPOSIT, Account.MUNICIPALITY, Account.FUND, deposit, towns, towns
        )
