"""The money ledger: integer yen, double entry, one door for every transfer.

Residents, firms, municipalities (general account and funds), the national government and
Outside share one account space. ``transfer`` writes both legs of one or many flows at once
(``payroll`` the residents' seven monthly flows in one go, recorded as seven transfers) and
records them by kind, payer and payee municipality, so the step's money table (and the
disclosure report, and the Sankey diagram) come from the same records as the balances. The
opening balances are booked against Outside, so the sum of all balances is zero at every step:
``check`` verifies it exactly (the Nation and Outside may be negative: debt, trade deficit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .agents import SECTORS
from .kernels import key_sums, pool, post, scatter_add
from .kernels_money import payroll
from .kernels_trade import goods
from .ledger_kinds import SALE_FLOWS, Account, ConservationError, Flow
from .ledger_tables import flow_table, goods_table
from .shares import sum_by

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Account", "Flow", "Ledger", "ConservationError", "SALE_FLOWS"]


NO_TOWN = np.full(1, -1, dtype=np.intp)
ONE_ROW = np.zeros(1, dtype=np.int64)  # the one account of the Nation or Outside
NO_BOOK = np.zeros(0, dtype=np.int64)  # no town hall's book to keep for this side
RESIDENT, FIRM, MUNICIPALITY = Account.RESIDENT, Account.FIRM, Account.MUNICIPALITY
FUND, NATION, OUTSIDE = Account.FUND, Account.NATION, Account.OUTSIDE
#: The transfers ``payroll`` stands for, in the order of ``kernels_money.PAYROLL_FLOWS``.
PAYROLL = (
    (Flow.WAGE, FIRM, RESIDENT),
    (Flow.WAGE, MUNICIPALITY, RESIDENT),
    (Flow.WAGE, OUTSIDE, RESIDENT),
    (Flow.INCOME_TAX, RESIDENT, NATION),
    (Flow.RESIDENT_TAX, RESIDENT, MUNICIPALITY),
    (Flow.PENSION, NATION, RESIDENT),
    (Flow.FIXED_ASSET_TAX, RESIDENT, MUNICIPALITY),
)


def _add(target: np.ndarray, rows: np.ndarray, amount: np.ndarray) -> None:
    """``target[rows] += amount``, exact in integers, also when rows repeat."""
    if target.size == 1:  # the Nation, Outside: one account, every row is 0
        target[0] += int(amount.sum()) if amount.ndim else int(amount) * rows.size
        return
    scatter_add(target, rows, amount)


class Ledger:
    """Balances of every account and the record of every transfer."""

    def __init__(self, model: RegionModel, n_municipalities: int) -> None:
        self.model = model
        m = n_municipalities
        self.outside = np.zeros(1, dtype=np.int64)
        self.nation = np.zeros(1, dtype=np.int64)
        self.municipality = np.zeros(m, dtype=np.int64)
        self.fund = np.zeros(m, dtype=np.int64)
        # each town's purse of pooled purchases, between ``pool`` and ``pay_from_pool``: the
        # buyers of a town pay once into it, and it pays firms and Outside; empty at every check
        self.clearing = np.zeros(m, dtype=np.int64)
        # each town's bonds outstanding (owed to Outside's bond holders): a stock that moves
        # only with the BOND_ISSUE and BOND_REPAYMENT flows, checked against them each step
        self.debt = np.zeros(m, dtype=np.int64)
        self.debt_before = np.zeros(m, dtype=np.int64)
        self.debt_opened = np.zeros(m, dtype=np.int64)
        self._pair_buffer = np.zeros((m + 1) ** 2, dtype=np.int64)  # key_sums' scratch
        self._second_buffer = np.zeros(0, dtype=np.int64)  # payroll's, made on first use
        self._town_index = np.arange(m, dtype=np.intp)  # a municipality's row is its town
        self.muni_in = np.zeros((len(Flow), m), dtype=np.int64)  # this step, by kind
        self.muni_out = np.zeros((len(Flow), m), dtype=np.int64)
        self.goods_value = np.zeros(1, dtype=np.int64)  # this step's goods-ledger value
        self.sold_value = np.zeros(1, dtype=np.int64)  # this step's sales paid to firms
        self._records: list[tuple[int, int, int, int, np.ndarray, np.ndarray, np.ndarray]] = []
        # the accounts the ledger holds itself (residents' and firms' are their columns)
        self._own = {MUNICIPALITY: self.municipality, FUND: self.fund}
        self._own |= {NATION: self.nation, OUTSIDE: self.outside}
        self._goods: list[tuple[int, int, int, np.ndarray, np.ndarray]] = []

    # -- accounts -------------------------------------------------------------------------
    def balances(self, account: Account) -> np.ndarray:
        """The live balance array of an account type (views into the agent columns)."""
        if account == RESIDENT:  # (plain comparisons: asked twice in every transfer)
            return self.model.residents.savings_yen
        if account == FIRM:
            return self.model.firms.cash_yen
        own = self._own.get(account)
        if own is None:
            raise ValueError(account)
        return own

    def total(self) -> int:
        return int(sum(int(self.balances(a).sum()) for a in Account)) + int(self.clearing.sum())

    # -- the one door -----------------------------------------------------------------------
    def transfer(
        self,
        kind: Flow,
        payer: Account,
        payee: Account,
        amount_yen: np.ndarray | int,
        payer_rows: np.ndarray | int = 0,
        payee_rows: np.ndarray | int = 0,
    ) -> None:
        """Move ``amount_yen`` from payer to payee accounts; vectorized over rows.

        Rows and amounts are flat arrays of one length, or single values repeated; amounts must
        be non-negative integers (a flow the other way is a transfer of the other kind or
        direction).
        """
        amount = np.asarray(amount_yen)
        if amount.dtype.kind not in "iu":
            raise TypeError(f"{kind.name}: money must be integer yen, got {amount.dtype}")
        amount = amount.astype(np.int64, copy=False).ravel()
        pr, qr = self._rows(payer, payer_rows), self._rows(payee, payee_rows)
        n = max(amount.size, pr.size, qr.size)
        if amount.size == 0 or pr.size == 0 or qr.size == 0:
            return
        if amount.size not in (1, n) or pr.size not in (1, n) or qr.size not in (1, n):
            raise ValueError(
                f"{kind.name}: {amount.size} amounts, {pr.size} payers and {qr.size} payees "
                "do not pair up (each must be one or the same number)"
            )
        # one compiled pass: both legs, the town hall's books, the sums by pair of towns
        pm, qm, sums = post(
            self.balances(payer), pr, self._towns(payer),
            self.muni_out[kind] if payer == Account.MUNICIPALITY else NO_BOOK,
            self.balances(payee), qr, self._towns(payee),
            self.muni_in[kind] if payee == Account.MUNICIPALITY else NO_BOOK,
            amount, self.municipality.size + 1, self._pair_buffer,
        )  # fmt: skip
        if pm.size == 0 and sums.size == 1:  # the kernel found a negative amount, moved nothing
            bad = int(amount[-int(sums[0]) - 1])
            raise ValueError(f"{kind.name}: negative transfer of {bad:,} yen")
        if kind == Flow.BOND_ISSUE and payee == Account.MUNICIPALITY:
            _add(self.debt, qm, sums)
        if kind == Flow.BOND_REPAYMENT and payer == Account.MUNICIPALITY:
            _add(self.debt, pm, -sums)
        self._append(kind, payer, payee, pm, qm, sums)

    def payroll(
        self,
        income_tax_rate: float,
        resident_tax_rate: float,
        pension_yen: int,
        pension_age: int,
        asset_tax_yen: int,
        adult_age: int,
    ) -> np.ndarray:
        """The residents' month in one compiled call (``kernels_money.payroll``), recorded as
        the seven transfers it stands for: wages from firms, town halls and Outside employers,
        income tax to the Nation and resident tax to the town of residence on every wage, a
        pension from the Nation from ``pension_age``, the residential fixed-asset tax from
        ``adult_age``. Returns each firm's wage bill (yen paid to its workers)."""
        r, f, m = self.model.residents, self.model.firms, self.municipality.size
        if self._second_buffer.size == 0:
            self._second_buffer = np.zeros_like(self._pair_buffer)
        out, counts, bill = payroll(
            r.savings_yen, r.municipality, r.employer_type, r.employer, r.wage_yen, r.age_months,
            f.cash_yen, f.municipality, self.municipality, self.nation, self.outside,
            self.muni_out[Flow.WAGE], self.muni_in[Flow.RESIDENT_TAX],
            self.muni_in[Flow.FIXED_ASSET_TAX], income_tax_rate, resident_tax_rate, pension_yen,
            pension_age, asset_tax_yen, adult_age, m + 1, self._pair_buffer, self._second_buffer,
        )  # fmt: skip
        for (kind, payer, payee), pairs, count in zip(PAYROLL, out, counts, strict=True):
            if count:  # as ``transfer``: a flow of no rows leaves no record
                self._append(kind, payer, payee, *pairs)
        return bill

    def _towns(self, account: Account) -> np.ndarray:
        """Each row's town for an account type (one -1 for the Nation and Outside)."""
        if account == RESIDENT:
            return self.model.residents.municipality
        if account == FIRM:
            return self.model.firms.municipality
        if account == MUNICIPALITY or account == FUND:
            return self._town_index
        return NO_TOWN

    @staticmethod
    def _rows(account: Account, rows: np.ndarray | int) -> np.ndarray:
        """The rows of a transfer's side as a flat array (row 0 for the Nation and Outside)."""
        if account == NATION or account == OUTSIDE:
            return ONE_ROW
        return np.asarray(rows, dtype=np.int64).ravel()

    # -- pooled purchases: many buyers, one posting per town and seller ----------------------
    def pool(self, payer: Account, rows: np.ndarray, amount_yen: np.ndarray) -> np.ndarray:
        """Each payer pays ``amount_yen`` into its town's purse; returns the purse per town.

        Buyers who spend alike (a town's residents) pay once here, and ``pay_from_pool`` then
        pays sellers per town and seller, so the cost does not grow with buyers x sellers.
        """
        amount = np.asarray(amount_yen, dtype=np.int64)
        if (amount < 0).any():
            raise ValueError(f"negative payment of {int(amount.min()):,} yen into a pool")
        rows = np.asarray(rows, dtype=np.int64).ravel()
        if payer in (Account.NATION, Account.OUTSIDE):
            raise ValueError(f"{payer.name} has no town to pool by")
        towns = self._towns(payer)
        pooled = pool(self.balances(payer), rows, towns, amount.ravel(), self.clearing.size)
        self.clearing += pooled
        return pooled

    def pay_from_pool(
        self,
        kind: Flow,
        buyer: Account,
        from_town: np.ndarray,
        to_town: np.ndarray,
        amount_yen: np.ndarray,
        payee: Account,
        payee_rows: np.ndarray,
        payee_amount_yen: np.ndarray,
    ) -> None:
        """Pay out of town purses: ``amount_yen[k]`` from the purse of ``from_town[k]`` to
        ``to_town[k]`` (recorded as paid by ``buyer`` accounts of that town), received as
        ``payee_amount_yen`` by the payee rows; both sides must add up to the same yen."""
        amount = np.asarray(amount_yen, dtype=np.int64)
        received = np.asarray(payee_amount_yen, dtype=np.int64)
        payee_rows = np.asarray(payee_rows, dtype=np.int64)
        if int(amount.sum()) != int(received.sum()):
            raise ValueError(
                f"{kind.name}: {int(amount.sum()):,} yen paid out of pools but "
                f"{int(received.sum()):,} received"
            )
        if (amount < 0).any() or (received < 0).any():
            raise ValueError(f"{kind.name}: negative payment out of a pool")
        from_town = np.asarray(from_town, dtype=np.int64)
        _add(self.clearing, from_town, -amount)
        _add(self.balances(payee), payee_rows, received)
        self._record(kind, buyer, payee, from_town, np.asarray(to_town, np.int64), amount)
        if kind in SALE_FLOWS and payee == Account.FIRM:
            self._goods_entry(kind, buyer, payee_rows, received)

    def sale(
        self,
        kind: Flow,
        buyer: Account,
        buyer_rows: np.ndarray | int,
        firm_rows: np.ndarray | int,
        amount_yen: np.ndarray | int,
    ) -> None:
        """A purchase from firms: the money transfer and the goods-ledger entry together."""
        if kind not in SALE_FLOWS:
            raise ValueError(f"{kind.name} is not a sale")
        self.transfer(kind, buyer, Account.FIRM, amount_yen, buyer_rows, firm_rows)
        self._goods_entry(kind, buyer, firm_rows, amount_yen)

    def _goods_entry(self, kind: Flow, buyer: Account, firm_rows, amount) -> None:
        rows = np.asarray(firm_rows, dtype=np.int64).ravel()
        amount = np.asarray(amount, dtype=np.int64).ravel()
        if rows.size == 0 or amount.size == 0:
            return
        firms = self.model.firms
        by_sector, total = goods(firms.sales_yen, firms.sector, rows, amount, len(SECTORS))
        self.goods_value[0] += total
        self._goods.append((self.model.steps, int(kind), int(buyer), by_sector))

    def _append(self, kind, payer, payee, pm, qm, sums) -> None:
        """Keep one transfer's sums by pair of towns; sales to firms also count toward the
        step's sales paid, which the check compares with the goods recorded."""
        self._records.append((self.model.steps, int(kind), int(payer), int(payee), pm, qm, sums))
        if payee == Account.FIRM and kind in SALE_FLOWS:
            self.sold_value[0] += int(sums.sum())

    def _record(self, kind, payer, payee, pm, qm, amount) -> None:
        """Sum one transfer's legs by (payer town, payee town); -1 is no town."""
        m = self.municipality.size
        if payee == Account.MUNICIPALITY:
            _add(self.muni_in[kind], qm, amount)
            if kind == Flow.BOND_ISSUE:
                _add(self.debt, qm, amount)
        if payer == Account.MUNICIPALITY:
            _add(self.muni_out[kind], pm, amount)
            if kind == Flow.BOND_REPAYMENT:
                _add(self.debt, pm, -amount)
        if amount.size > 1 and (pm.size == 1 or qm.size == 1):  # one side is one account
            by_payee = pm.size == 1
            sums = sum_by((qm if by_payee else pm) + 1, amount, m + 1)
            towns = np.nonzero(sums)[0]
            one = np.full(towns.size, int((pm if by_payee else qm)[0]))
            pair = (one, towns - 1) if by_payee else (towns - 1, one)
            self._append(kind, payer, payee, *pair, sums[towns])
            return
        key = (pm + 1) * (m + 1) + (qm + 1)
        uniq, sums = key_sums(key, amount, self._pair_buffer)
        self._append(kind, payer, payee, uniq // (m + 1) - 1, uniq % (m + 1) - 1, sums)

    # -- per step -----------------------------------------------------------------------------
    def open_debt(self, towns: np.ndarray, amount_yen: np.ndarray) -> None:
        """Bonds outstanding at the start (issued before the model's time)."""
        amount = np.asarray(amount_yen, dtype=np.int64)
        _add(self.debt, np.asarray(towns), amount)
        _add(self.debt_opened, np.asarray(towns), amount)

    def begin_step(self) -> None:
        self.debt_before[:] = self.debt
        self.debt_opened[:] = 0
        self.muni_in[:] = 0
        self.muni_out[:] = 0
        self.goods_value[0] = 0
        self.sold_value[0] = 0

    def check(self, step: int) -> None:
        """The sum of all balances is zero, and every sale is also a goods entry."""
        total = self.total()
        if self.clearing.any():
            raise ConservationError(
                step, "money", int(self.clearing.sum()), "town purses not emptied"
            )
        if total != 0:
            raise ConservationError(step, "money", total, "sum of all balances should be 0")
        moved = self.muni_in[Flow.BOND_ISSUE] - self.muni_out[Flow.BOND_REPAYMENT]
        gap = self.debt - (self.debt_before + self.debt_opened + moved)
        if gap.any() or (self.debt < 0).any():
            i = int(np.nonzero(gap.astype(bool) | (self.debt < 0))[0][0])
            raise ConservationError(
                step, "debt", int(gap[i]), f"town {i}: bonds outstanding vs issues - repayments"
            )
        sold = int(self.sold_value[0])
        if sold != int(self.goods_value[0]):
            raise ConservationError(
                step, "goods", sold - int(self.goods_value[0]), "sales paid vs goods recorded"
            )

    # -- output --------------------------------------------------------------------------------
    def flow_table(self, names: list[str], after_step: int = -1):
        """Money per step and kind, in the tidy shape of ``flows.parquet`` (only the steps
        after ``after_step``: a dashboard reads the last months without the whole history)."""
        return flow_table(self._records, names, after_step)

    def goods_table(self):
        """Goods sold per step, kind of buyer and sector (value in yen)."""
        return goods_table(self._goods)
