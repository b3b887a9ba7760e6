"""Municipalities and the national government: few agents, rich in decisions.

A municipality plans its budget once a fiscal year (April): staff, services, investment, debt
service, funds and bonds. The national government computes each municipality's local
allocation tax (a share of the gap between a standard fiscal need and standard revenue, so that
own tax growth is partly clawed back) and pays pensions and earmarked disbursements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from ..scenario.schema import MunicipalitySpec
from .agents import BUDGET_FIELDS
from .ledger import Account, Flow

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Municipality", "NationalGovernment", "Budget"]


@dataclass
class Budget:
    """One fiscal year's plan, in yen per year; executed month by month."""

    revenue_forecast: int = 0
    disbursement: int = 0
    staff: int = 0
    it: int = 0
    programs: int = 0
    services: int = 0
    investment: int = 0
    interest: int = 0
    repayment: int = 0
    fund_deposit: int = 0
    fund_withdrawal: int = 0
    bond_issue: int = 0


class Municipality(mesa.Agent):
    """A town hall: budget accounts, funds, debt, staff, services."""

    def __init__(self, model: RegionModel, idx: int, key: str, spec: MunicipalitySpec) -> None:
        super().__init__(model)
        self.idx, self.key, self.spec = idx, key, spec
        self.name_ja = spec.name_ja
        model.towns.amenity[idx] = spec.amenity

    # the town's row of model.towns, read here as attributes --------------------------------
    @property
    def budget(self) -> Budget:
        """This fiscal year's plan (a copy: write it back with ``budget = ...``)."""
        t = self.model.towns
        return Budget(**{k: int(getattr(t, f"budget_{k}")[self.idx]) for k in BUDGET_FIELDS})

    @budget.setter
    def budget(self, b: Budget) -> None:
        t = self.model.towns
        for k in BUDGET_FIELDS:
            getattr(t, f"budget_{k}")[self.idx] = getattr(b, k)

    @property
    def amenity(self) -> float:
        return float(self.model.towns.amenity[self.idx])

    @property
    def housing_stock(self) -> int:
        """Agents (persons / scale) the town's housing can hold."""
        return int(self.model.towns.housing_stock[self.idx])

    @property
    def debt_yen(self) -> int:
        """Bonds outstanding: the ledger's debt stock, moved only by issues and repayments."""
        return int(self.model.ledger.debt[self.idx])

    @property
    def balance_yen(self) -> int:
        return int(self.model.ledger.municipality[self.idx])

    @property
    def it_regime(self) -> str:
        return self.model.it_systems.regime_names()[self.idx]

    @property
    def fund_yen(self) -> int:
        return int(self.model.ledger.fund[self.idx])

    def staff_target(self, population: int) -> int:
        """Staff persons the town hall aims for at this population."""
        f = self.model.p.fiscal
        return int(round(f.staff_fixed + f.staff_per_1000 * population / 1000))

    def plan_budget(
        self,
        population: int,
        own_tax: int,
        allocation: int,
        it_cost: int = 0,
        program_cost: int = 0,
        donations: int = 0,
        earmarked_draw: int = 0,
        earmarked: int = 0,
    ) -> None:
        """Allocate the year's expected revenue and cash on hand (called each April).

        Revenue counts the donations left after gifts, costs and earmarked funds, and this
        year's draw on the earmarked fund (``earmarked_draw``; ``earmarked`` is what stays kept
        for programs, out of reach of other shortfalls). Staff, IT
        (fees and projects, net of subsidy), programs (net of grants) and debt service come
        first; services
        get what they aim for if it is there; a surplus fills funds to their target and is
        invested (partly with bonds); a shortfall draws funds, then bonds, then cuts services.
        """
        f, n = self.model.p.fiscal, self.model.p.nation
        disbursement = n.disbursement_per_capita_yen * population
        forecast = own_tax + allocation + disbursement + donations
        b = Budget(revenue_forecast=forecast, disbursement=disbursement)
        b.fund_withdrawal = earmarked_draw
        b.staff = self.staff_target(population) * f.staff_wage_yen * 12
        b.it = it_cost
        b.programs = program_cost
        b.interest = int(self.debt_yen * f.bond_rate)
        b.repayment = min(self.debt_yen, int(np.ceil(self.debt_yen / f.bond_years)))
        working_cash = int(forecast * f.cash_buffer_months / 12)  # kept, not spent
        available = forecast + earmarked_draw + self.balance_yen - working_cash
        available -= b.staff + b.it + b.programs
        available -= b.interest + b.repayment
        aim = f.services_per_capita_yen * population
        room = max(0, int(f.debt_limit_years * forecast) - self.debt_yen + b.repayment)
        if available >= aim:
            b.services = aim
            surplus = available - aim
            free_fund = self.fund_yen - earmarked_draw - earmarked
            to_target = max(0, int(f.fund_target_years * forecast) - free_fund)
            b.fund_deposit = min(int(surplus * f.fund_share), to_target)
            own_investment = surplus - b.fund_deposit
            share = f.investment_bond_share
            b.bond_issue = min(room, int(own_investment * share / (1 - share)))
            b.investment = own_investment + b.bond_issue
        else:
            gap = aim - available
            free_fund = max(self.fund_yen - earmarked_draw - earmarked, 0)
            general = min(gap, free_fund)
            b.fund_withdrawal += general
            gap -= general
            b.bond_issue = min(gap, room)
            gap -= b.bond_issue
            b.services = max(0, aim - gap)
        self.budget = b

    def open_fiscal_year(self) -> None:
        """Book the year's fund withdrawal and bond issue (deposits follow month by month)."""
        ledger, b, i = self.model.ledger, self.budget, self.idx
        ledger.transfer(
            Flow.FUND_WITHDRAWAL, Account.FUND, Account.MUNICIPALITY, b.fund_withdrawal, i, i
        )
        ledger.transfer(Flow.BOND_ISSUE, Account.OUTSIDE, Account.MUNICIPALITY, b.bond_issue, 0, i)


class NationalGovernment(mesa.Agent):
    """Tax receipts, pensions, the allocation-tax pool and earmarked disbursements."""

    def __init__(self, model: RegionModel) -> None:
        super().__init__(model)
        self.allocation_yen = np.zeros(len(model.municipalities), dtype=np.int64)  # per year

    @property
    def debt_yen(self) -> int:
        """Bonds outstanding: the ledger's debt stock, moved only by issues and repayments."""
        return int(self.model.ledger.debt[self.idx])

    @property
    def balance_yen(self) -> int:
        return int(self.model.ledger.nation[0])

    def allocation_round(self, population: np.ndarray, own_tax: np.ndarray) -> np.ndarray:
        """Yearly local allocation tax: a share of max(0, need - standard revenue)."""
        f = self.model.p.fiscal
        need = f.need_fixed_yen + f.need_per_capita_yen * population.astype(np.int64)
        standard_revenue = np.floor(f.standard_revenue_share * own_tax).astype(np.int64)
        gap = np.maximum(need - standard_revenue, 0)
        self.allocation_yen = np.floor(f.allocation_coverage * gap).astype(np.int64)
        return self.allocation_yen
