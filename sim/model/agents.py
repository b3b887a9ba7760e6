"""Residents and firms as columns, and the enums that name their states.

Each resident row stands for ``scale`` persons and each firm row for ``scale`` firms with the
same employees, so that money and counts stay consistent: a firm row with k employee rows is
``scale`` firms of k persons each.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from ..scenario.params_firms import SECTORS, Sector
from .columns import Columns, column

__all__ = [
    "Sex",
    "Labour",
    "Employer",
    "Sector",
    "SECTORS",
    "Residents",
    "Firms",
    "Towns",
    "town_column",
]


class Sex(IntEnum):
    MALE = 0
    FEMALE = 1


class Labour(IntEnum):
    """Labour-market status of a resident."""

    CHILD = 0  # under the working age
    INACTIVE = 1  # not in the labour force (students, home, retired)
    UNEMPLOYED = 2  # in the labour force, looking for work
    EMPLOYED = 3  # working for a firm, the town hall, or remotely for Outside


class Employer(IntEnum):
    """Who pays a worker's wage."""

    NONE = 0
    FIRM = 1
    MUNICIPALITY = 2
    OUTSIDE = 3  # remote work for an employer elsewhere in Japan


class Residents(Columns):
    """One row per resident agent (``scale`` persons)."""

    municipality = column(np.intp, -1)  # intp: an index, used by bincount as is
    home_town = column(np.int32, -1)  # where one lived at 15 (-1: not in the region)
    household = column(np.int64, -1)
    sex = column(np.int8, Sex.MALE)
    age_months = column(np.int32, 0)
    labour = column(np.int8, Labour.CHILD)
    labour_draw = column(np.float32, 0.0)  # in the labour force while below p(age)
    employer_type = column(np.int8, Employer.NONE)
    employer = column(np.int64, -1)  # firm row when employer_type is FIRM, else municipality
    wage_yen = column(np.int64, 0)  # monthly gross wage per agent (persons x per-person wage)
    savings_yen = column(np.int64, 0)  # money balance of the agent, moved only by the ledger
    digital_literacy = column(np.float32, 0.0)  # 0..1
    uses_online = column(np.bool_, False)
    satisfaction = column(np.float32, 0.5)  # 0..1
    remote_worker = column(np.bool_, False)


class Firms(Columns):
    """One row per firm agent (``scale`` identical firms)."""

    municipality = column(np.intp, -1)
    sector = column(np.int8, Sector.RETAIL_SERVICES)
    employees = column(np.int32, 0)  # employee agents, refreshed by the labour market
    productivity_yen = column(np.int64, 0)  # monthly output value per worker (per person)
    export_demand_yen = column(np.int64, 0)  # monthly demand from Outside per firm agent
    expected_demand_yen = column(np.float64, 0.0)  # smoothed past demand, drives hiring
    demand_yen = column(np.int64, 0)  # this month's orders, met or not
    sales_yen = column(np.int64, 0)  # this month's sales (orders met within capacity)
    capital_yen = column(np.int64, 0)  # book value of capital (taxed as fixed assets)
    cash_yen = column(np.int64, 0)  # money balance, moved only by the ledger
    linked_data = column(np.bool_, False)  # uses linked public-private data (standard towns)
    digital = column(np.bool_, False)  # uses digital tools (cloud, e-commerce, cashless)
    age_months = column(np.int32, 0)
    months_in_loss = column(np.int16, 0)
    local_owner = column(np.bool_, True)


#: The fields of a fiscal year's budget plan, yen per year (``Budget`` in government.py).
BUDGET_FIELDS = (
    "revenue_forecast",
    "disbursement",
    "staff",
    "it",
    "programs",
    "services",
    "investment",
    "interest",
    "repayment",
    "fund_deposit",
    "fund_withdrawal",
    "bond_issue",
)


class Towns(Columns):
    """One row per municipality (row = its index): the state mechanisms read every month.

    Written by the yearly decisions of ``Municipality`` agents (budget) and by the mechanisms
    that own a column (IT systems: ``it_regime``, ``it_knowhow``; policy: ``trust``,
    ``culture``, ``visible_results``, ``earmarked_yen``, ``fund_draw_yen``); money stocks
    (balance, funds, debt) live in the ledger.
    """

    housing_stock = column(np.int64, 0)  # agents (persons / scale) the housing can hold
    amenity = column(np.float64, 0.0)  # attractiveness of nature, climate, culture
    it_regime = column(np.int64, 0)  # index into it_systems.REGIMES
    it_knowhow = column(np.float64, 1.0)  # the town's own grasp of its systems, 0 to 1
    trust = column(np.float64, 0.0)  # residents' and donors' trust in the town hall, 0 to 1
    culture = column(np.float64, 0.0)  # digital culture of the town hall, 0 to 1
    visible_results = column(np.float64, 0.0)  # of programs, 0 to 1
    earmarked_yen = column(np.int64, 0)  # the part of the fund kept for programs
    fund_draw_yen = column(np.int64, 0)  # drawn from it this fiscal year
    budget_revenue_forecast = column(np.int64, 0)
    budget_disbursement = column(np.int64, 0)
    budget_staff = column(np.int64, 0)
    budget_it = column(np.int64, 0)
    budget_programs = column(np.int64, 0)
    budget_services = column(np.int64, 0)
    budget_investment = column(np.int64, 0)
    budget_interest = column(np.int64, 0)
    budget_repayment = column(np.int64, 0)
    budget_fund_deposit = column(np.int64, 0)
    budget_fund_withdrawal = column(np.int64, 0)
    budget_bond_issue = column(np.int64, 0)


def town_column(name: str, doc: str = "") -> property:
    """A mechanism's attribute that is the column ``name`` of ``model.towns``: read as the
    column itself, and assigned in place (``x = ...`` and ``x += ...`` write the column)."""

    def get(self) -> np.ndarray:
        return getattr(self.model.towns, name)

    def put(self, value) -> None:
        getattr(self.model.towns, name)[:] = value

    return property(get, put, doc=doc or f"model.towns.{name}")
