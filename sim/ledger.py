"""The money ledger: integer yen, double entry, one door for every transfer.

Residents, firms, municipalities (general account and funds), the national government and
Outside share one account space. ``transfer`` writes both legs of one or many flows at once and
records them by kind, payer and payee municipality, so the step's money table (and the
disclosure report, and the Sankey diagram) come from the same records as the balances. The
opening balances are booked against Outside, so the sum of all balances is zero at every step:
``check`` verifies it exactly (the Nation and Outside may be negative: debt, trade deficit).
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

import numpy as np

from .agents import SECTORS

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Account", "Flow", "Ledger", "ConservationError", "SALE_FLOWS"]


class ConservationError(RuntimeError):
    """A ledger identity failed: names the step, the ledger and the amount."""

    def __init__(self, step: int, ledger: str, amount: int, detail: str = "") -> None:
        self.step, self.ledger, self.amount = step, ledger, amount
        msg = f"step {step}: {ledger} ledger out of balance by {amount:,}"
        super().__init__(msg + (f" ({detail})" if detail else ""))


class Account(IntEnum):
    OUTSIDE = 0
    NATION = 1
    MUNICIPALITY = 2  # a municipality's general account
    FUND = 3  # a municipality's funds (kikin), drawn by later budgets
    RESIDENT = 4
    FIRM = 5


class Flow(IntEnum):
    """Kinds of money transfer."""

    OPENING_BALANCE = 0
    WAGE = 1
    PENSION = 2
    CONSUMPTION = 3  # residents buying from firms in the region
    ONLINE_PURCHASE = 4  # residents buying from Outside (leakage)
    EXPORT = 5  # Outside buying from firms
    INPUTS = 6  # firms buying intermediate goods from Outside
    PROCUREMENT = 7  # municipality buying services and works
    INVESTMENT = 8  # capital put into firms
    RESIDENT_TAX = 9
    INCOME_TAX = 10
    CORPORATE_TAX_LOCAL = 11
    CORPORATE_TAX_NATIONAL = 12
    FIXED_ASSET_TAX = 13
    ALLOCATION_TAX = 14
    BOND_ISSUE = 15
    BOND_REPAYMENT = 16
    INTEREST = 17
    FUND_DEPOSIT = 18
    FUND_WITHDRAWAL = 19
    MIGRATION_SAVINGS = 20  # savings carried across the region's border by movers
    BEQUEST = 21
    DIVIDEND = 22  # firm profits paid to owners
    FIRM_CLOSURE = 23  # a closing firm's cash to its owners, or debts written off
    NATIONAL_DISBURSEMENT = 24  # other earmarked national transfers to municipalities
    IT_FEE = 25
    GRANT = 26
    DONATION = 27
    RETURN_GIFT = 28
    SUBSIDY = 29
    HEALTH_INSURANCE = 30  # national insurance paying health and care providers
    WRITE_OFF = 31  # overdrafts of people and firms who leave, forgiven by Outside creditors
    IT_PROJECT = 32  # one-off spending on a migration of municipal systems
    PROGRAM = 33  # a town's spending on its programs (services and works bought)
    CHILD_ALLOWANCE = 34  # childcare support paid to households with young children
    DONATION_COST = 35  # portal fees, shipping and administration of donations


#: Flows that are purchases of goods or services: each is also a goods-ledger entry.
SALE_FLOWS = (
    Flow.CONSUMPTION,
    Flow.EXPORT,
    Flow.PROCUREMENT,
    Flow.RETURN_GIFT,
    Flow.HEALTH_INSURANCE,
    Flow.IT_FEE,
    Flow.IT_PROJECT,
    Flow.PROGRAM,
)


DENSE_KEYS = 1 << 16  # up to 255 municipalities, flows are summed in a dense table


def _add(target: np.ndarray, rows: np.ndarray, amount: np.ndarray) -> None:
    """``target[rows] += amount``, exact in integers, also when rows repeat."""
    if rows.size > 1 and (rows[1:] > rows[:-1]).all():  # strictly increasing: no repeats
        target[rows] += amount
    elif rows.size > 64 and target.size <= 4 * rows.size:
        exact = np.abs(amount).sum() < 2**53  # float64 sums of integers are exact below 2**53
        if exact:
            target += np.rint(np.bincount(rows, weights=amount, minlength=target.size)).astype(
                np.int64
            )[: target.size]
        else:
            np.add.at(target, rows, amount)
    else:
        np.add.at(target, rows, amount)


class Ledger:
    """Balances of every account and the record of every transfer."""

    def __init__(self, model: RegionModel, n_municipalities: int) -> None:
        self.model = model
        m = n_municipalities
        self.outside = np.zeros(1, dtype=np.int64)
        self.nation = np.zeros(1, dtype=np.int64)
        self.municipality = np.zeros(m, dtype=np.int64)
        self.fund = np.zeros(m, dtype=np.int64)
        self.muni_in = np.zeros((len(Flow), m), dtype=np.int64)  # this step, by kind
        self.muni_out = np.zeros((len(Flow), m), dtype=np.int64)
        self.goods_value = np.zeros(1, dtype=np.int64)  # this step's goods-ledger value
        self._records: list[tuple[int, int, int, int, np.ndarray, np.ndarray, np.ndarray]] = []
        self._goods: list[tuple[int, int, int, np.ndarray, np.ndarray]] = []

    # -- accounts -------------------------------------------------------------------------
    def balances(self, account: Account) -> np.ndarray:
        """The live balance array of an account type (views into the agent columns)."""
        match account:
            case Account.RESIDENT:
                return self.model.residents.savings_yen
            case Account.FIRM:
                return self.model.firms.cash_yen
            case Account.MUNICIPALITY:
                return self.municipality
            case Account.FUND:
                return self.fund
            case Account.NATION:
                return self.nation
            case Account.OUTSIDE:
                return self.outside
        raise ValueError(account)

    def home(self, account: Account, rows: np.ndarray) -> np.ndarray:
        """Municipality index of each account (-1 for the Nation and Outside)."""
        match account:
            case Account.RESIDENT:
                return self.model.residents.municipality[rows].astype(np.int64)
            case Account.FIRM:
                return self.model.firms.municipality[rows].astype(np.int64)
            case Account.MUNICIPALITY | Account.FUND:
                return np.asarray(rows, dtype=np.int64)
        return np.full(np.shape(rows), -1, dtype=np.int64)

    def total(self) -> int:
        return int(sum(int(self.balances(a).sum()) for a in Account))

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

        Rows and amounts broadcast against each other; amounts must be non-negative integers
        (a flow the other way is a transfer of the other kind or direction).
        """
        amount = np.asarray(amount_yen)
        if amount.dtype.kind not in "iu":
            raise TypeError(f"{kind.name}: money must be integer yen, got {amount.dtype}")
        amount = amount.astype(np.int64, copy=False)
        payer_rows = np.asarray(payer_rows, dtype=np.int64)
        payee_rows = np.asarray(payee_rows, dtype=np.int64)
        amount, payer_rows, payee_rows = np.broadcast_arrays(amount, payer_rows, payee_rows)
        if amount.size == 0:
            return
        if (amount < 0).any():
            raise ValueError(f"{kind.name}: negative transfer of {int(amount.min()):,} yen")
        amount, payer_rows, payee_rows = amount.ravel(), payer_rows.ravel(), payee_rows.ravel()
        _add(self.balances(payer), payer_rows, -amount)
        _add(self.balances(payee), payee_rows, amount)
        self._record(kind, payer, payee, payer_rows, payee_rows, amount)

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
        amount, firm_rows = np.broadcast_arrays(
            np.asarray(amount_yen, dtype=np.int64), np.asarray(firm_rows, dtype=np.int64)
        )
        if amount.size == 0:
            return
        firms = self.model.firms
        _add(firms.sales_yen, firm_rows.ravel(), amount.ravel())
        self.goods_value[0] += int(amount.sum())
        by_sector = np.zeros(len(SECTORS), dtype=np.int64)
        _add(by_sector, firms.sector[firm_rows.ravel()].astype(np.int64), amount.ravel())
        self._goods.append((self.model.steps, int(kind), int(buyer), by_sector))

    def _record(self, kind, payer, payee, payer_rows, payee_rows, amount) -> None:
        m = self.municipality.size
        pm = self.home(payer, payer_rows)
        qm = self.home(payee, payee_rows)
        if payee == Account.MUNICIPALITY:
            np.add.at(self.muni_in[kind], qm, amount)
        if payer == Account.MUNICIPALITY:
            np.add.at(self.muni_out[kind], pm, amount)
        key = (pm + 1) * (m + 1) + (qm + 1)
        if (m + 1) ** 2 <= DENSE_KEYS:
            sums = np.zeros((m + 1) ** 2, dtype=np.int64)
            _add(sums, key, amount)
            uniq = np.nonzero(sums)[0]
            sums = sums[uniq]
        else:
            uniq, inv = np.unique(key, return_inverse=True)
            sums = np.zeros(uniq.size, dtype=np.int64)
            np.add.at(sums, inv, amount)
        step = self.model.steps
        self._records.append(
            (step, int(kind), int(payer), int(payee), uniq // (m + 1) - 1, uniq % (m + 1) - 1, sums)
        )

    # -- per step -----------------------------------------------------------------------------
    def begin_step(self) -> None:
        self.muni_in[:] = 0
        self.muni_out[:] = 0
        self.goods_value[0] = 0

    def check(self, step: int) -> None:
        """The sum of all balances is zero, and every sale is also a goods entry."""
        total = self.total()
        if total != 0:
            raise ConservationError(step, "money", total, "sum of all balances should be 0")
        sold = sum(
            int(r[6].sum())
            for r in self._records_of_step(step)
            if r[1] in SALE_FLOWS and r[3] == Account.FIRM
        )
        if sold != int(self.goods_value[0]):
            raise ConservationError(
                step, "goods", sold - int(self.goods_value[0]), "sales paid vs goods recorded"
            )

    def _records_of_step(self, step: int):
        for record in reversed(self._records):
            if record[0] != step:
                break
            yield record

    # -- output --------------------------------------------------------------------------------
    def flow_table(self, names: list[str], after_step: int = -1):
        """Money per step and kind, in the tidy shape of ``flows.parquet`` (only the steps
        after ``after_step``: a dashboard reads the last months without the whole history)."""
        import pandas as pd

        cols = {"step": [], "kind": [], "payer_type": [], "payer_m": [], "payee_type": []}
        cols |= {"payee_m": [], "amount_yen": []}
        first = len(self._records)  # records are kept in step order: find the first to show
        while first > 0 and self._records[first - 1][0] > after_step:
            first -= 1
        for step, kind, payer, payee, pm, qm, sums in self._records[first:]:
            n = sums.size
            cols["step"].append(np.full(n, step, dtype=np.int64))
            cols["kind"].append(np.full(n, kind, dtype=np.int64))
            cols["payer_type"].append(np.full(n, payer, dtype=np.int64))
            cols["payee_type"].append(np.full(n, payee, dtype=np.int64))
            cols["payer_m"].append(pm)
            cols["payee_m"].append(qm)
            cols["amount_yen"].append(sums)
        df = pd.DataFrame(
            {k: np.concatenate(v) if v else np.zeros(0, np.int64) for k, v in cols.items()}
        )
        keys = ["step", "kind", "payer_type", "payer_m", "payee_type", "payee_m"]
        df = df.groupby(keys, sort=True, as_index=False)["amount_yen"].sum()
        df = df[df["amount_yen"] != 0]
        label = np.array(["", *names], dtype=object)
        return pd.DataFrame(
            {
                "step": df["step"].to_numpy(),
                "kind": [Flow(k).name.lower() for k in df["kind"]],
                "payer_type": [Account(a).name.lower() for a in df["payer_type"]],
                "payer_municipality": label[df["payer_m"].to_numpy() + 1],
                "payee_type": [Account(a).name.lower() for a in df["payee_type"]],
                "payee_municipality": label[df["payee_m"].to_numpy() + 1],
                "amount_yen": df["amount_yen"].to_numpy(dtype=np.int64),
            }
        )

    def goods_table(self):
        """Goods sold per step, kind of buyer and sector (value in yen)."""
        import pandas as pd

        if not self._goods:
            return pd.DataFrame(columns=["step", "kind", "buyer_type", "sector", "value_yen"])
        n = len(SECTORS)
        parts = [
            pd.DataFrame(
                {"step": s, "kind": k, "buyer_type": b, "sector": np.arange(n), "value_yen": v}
            )
            for s, k, b, v in self._goods
        ]
        df = pd.concat(parts).groupby(["step", "kind", "buyer_type", "sector"], as_index=False)
        df = df["value_yen"].sum()
        df = df[df["value_yen"] != 0].reset_index(drop=True)
        df["kind"] = [Flow(k).name.lower() for k in df["kind"]]
        df["buyer_type"] = [Account(a).name.lower() for a in df["buyer_type"]]
        df["sector"] = [SECTORS[s] for s in df["sector"]]
        return df
