"""The ledger's vocabulary: account types, kinds of flow, and the error a broken identity raises."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["Account", "Flow", "SALE_FLOWS", "ConservationError"]


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
