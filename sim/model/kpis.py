"""KPIs: one row per step and municipality, all counts in persons, all money in yen.

Recorded at step 0 (the starting state) and after every month. Revenue and expenditure come
from the money ledger's records of the step, so the KPIs, the flows table and the disclosure
report always agree. The column list is the output contract of ``kpis.parquet`` (see
docs/outputs.md): columns may be added, never renamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .agents import Labour
from .ages import TABLE_AGE, YOUNG_CHILD_AGE
from .it_systems import KINDS
from .kernels_tally import town_kpis
from .ledger import Flow
from .people import AGE_GROUPS
from .policy import PROGRAMS

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["KpiRecorder", "REVENUE", "EXPENDITURE", "OWN_TAX", "it_per_resident"]

OWN_TAX = (Flow.RESIDENT_TAX, Flow.CORPORATE_TAX_LOCAL, Flow.FIXED_ASSET_TAX)
#: Revenue lines of the town hall's general account (fund withdrawals are internal, not revenue).
REVENUE = {
    "local_tax": OWN_TAX,
    "allocation_tax": (Flow.ALLOCATION_TAX,),
    "disbursement": (Flow.NATIONAL_DISBURSEMENT,),
    "subsidies": (Flow.GRANT, Flow.SUBSIDY),
    "bonds": (Flow.BOND_ISSUE,),
    "donations": (Flow.DONATION,),
}
EXPENDITURE = {
    "staff": (Flow.WAGE,),
    "procurement": (Flow.PROCUREMENT,),
    "it": (Flow.IT_FEE, Flow.IT_PROJECT),
    "debt_service": (Flow.INTEREST, Flow.BOND_REPAYMENT),
    "gifts": (Flow.RETURN_GIFT, Flow.DONATION_COST),
    "programs": (Flow.PROGRAM, Flow.CHILD_ALLOWANCE),
}


def it_per_resident(totals: Mapping, population) -> dict[str, np.ndarray]:
    """IT spending per resident, annualized, floored to integer yen: in all and by part.

    ``totals`` holds a month's ``it_cost_yen``, ``it_cost_<kind>_yen`` and ``it_subsidy_yen``
    (a town's, or the region's sums); ``it_per_resident_project_net_yen`` is the project net
    of the national subsidy."""
    n = np.maximum(np.asarray(population, dtype=np.int64), 1)

    def per(yen) -> np.ndarray:
        return np.asarray(yen, dtype=np.int64) * 12 // n

    out = {"it_cost_per_resident_yen": per(totals["it_cost_yen"])}
    for kind in KINDS:
        out[f"it_per_resident_{kind}_yen"] = per(totals[f"it_cost_{kind}_yen"])
    net = np.asarray(totals["it_cost_project_yen"]) - np.asarray(totals["it_subsidy_yen"])
    out["it_per_resident_project_net_yen"] = per(net)
    return out


#: Age classes counted in one pass: (AGE_GROUPS entry, aged 20-29?) with their lower bounds.
AGE_CLASSES = (
    ("0_14", False),  # young children (under 6: YOUNG_CHILD_AGE), whom childcare support pays for
    ("0_14", False),
    ("15_64", False),
    ("15_64", True),
    ("15_64", False),
    ("65_plus", False),
)
#: The DataCollector's reporter that holds every KPI by town.
BY_TOWN = "by_town"

#: Index arrays made once: the age classes of each age group and of the 20-29 year olds, and
#: the flow kinds of each revenue and expenditure line.
_CLASSES_OF = {g: np.array([c for c, x in enumerate(AGE_CLASSES) if x[0] == g]) for g in AGE_GROUPS}
_CLASSES_20_29 = np.array([c for c, x in enumerate(AGE_CLASSES) if x[1]])
_CLASSES_ADULT = np.array([c for c, x in enumerate(AGE_CLASSES) if x[0] != "0_14"])
_KINDS_IN = {name: np.array(kinds, dtype=np.intp) for name, kinds in REVENUE.items()}
_KINDS_OUT = {name: np.array(kinds, dtype=np.intp) for name, kinds in EXPENDITURE.items()}
_OWN_TAX = np.array(OWN_TAX, dtype=np.intp)
_PROGRAM_SPENDING = np.array([Flow.PROGRAM, Flow.CHILD_ALLOWANCE], dtype=np.intp)

AGE_CLASS_EDGES = np.array([YOUNG_CHILD_AGE, 15 * 12, 20 * 12, 30 * 12, 65 * 12])
AGE_CLASS_OF_MONTH = np.searchsorted(AGE_CLASS_EDGES, np.arange(TABLE_AGE), side="right")


class KpiRow(dict):
    """One step's KPI arrays, fresh each step and never written after: Mesa's DataCollector
    deep-copies what a reporter returns, and this row is its own copy."""

    def __deepcopy__(self, memo: dict) -> KpiRow:
        return self


class KpiRecorder:
    """Measures the KPI arrays each step; Mesa's DataCollector keeps them (reporter ``by_town``,
    the only store), and ``frame()`` gives the tidy table."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.latest: dict[str, np.ndarray] = {}
        self.own_tax: list[np.ndarray] = []  # the allocation tax's base, read each April

    @property
    def rows(self) -> list[dict[str, np.ndarray]]:
        """One dict of KPI arrays (one value per town) per recorded step, from step 0."""
        return self.model.datacollector.model_vars[BY_TOWN]

    def record(self) -> None:
        """Measure this step's KPIs into ``latest`` (the DataCollector then keeps them)."""
        model, r, f, people = self.model, self.model.residents, self.model.firms, self.model.people
        ledger, scale = model.ledger, model.p.run.scale
        m = len(model.municipalities)
        towns = r.municipality

        # one pass: agents by (town, age class, labour status, remote, online), and sums
        cube, wages, ages, content, literacy = town_kpis(
            towns, r.age_months, r.labour, r.remote_worker, r.uses_online, r.wage_yen,
            r.satisfaction, r.digital_literacy, AGE_CLASS_OF_MONTH, Labour.EMPLOYED, m,
            len(Labour),
        )  # fmt: skip
        cube = cube * scale
        by_age = cube.sum((2, 3, 4))
        by_labour = cube.sum((1, 3, 4))
        pop = by_age.sum(1)
        n_employed = by_labour[:, Labour.EMPLOYED]
        unemployed = by_labour[:, Labour.UNEMPLOYED]
        agents = np.maximum(pop // scale, 1)
        row = KpiRow(
            {
                "step": np.full(m, model.steps, dtype=np.int64),
                "population": pop,
                **{f"pop_{g}": by_age[:, _CLASSES_OF[g]].sum(1) for g in AGE_GROUPS},
                "births": people.births * scale,
                "deaths": people.deaths.sum(0) * scale,
                "moves_in": people.moves_in.sum(0) * scale,
                "moves_out": people.moves_out.sum(0) * scale,
                **{f"moves_in_{g}": people.moves_in[i] * scale for i, g in enumerate(AGE_GROUPS)},
                **{f"moves_out_{g}": people.moves_out[i] * scale for i, g in enumerate(AGE_GROUPS)},
                "pop_20_29": by_age[:, _CLASSES_20_29].sum(1),
                "mean_age": ages / 12 / agents,
                "moves_in_20_29": people.young_in * scale,
                "moves_out_20_29": people.young_out * scale,
                "moves_in_20_49": people.prime_in * scale,
                "moves_out_20_49": people.prime_out * scale,
                "moves_in_from_outside": people.from_outside * scale,
                "moves_out_to_outside": people.to_outside * scale,
                **{
                    f"moves_in_from_{key}": people.from_place[i] * scale
                    for i, key in enumerate(model.p.region.outside)
                },
                **{
                    f"moves_out_to_{key}": people.to_place[i] * scale
                    for i, key in enumerate(model.p.region.outside)
                },
                "labour_force": n_employed + unemployed,
                "employed": n_employed,
                "unemployed": unemployed,
                "unemployment_rate": unemployed / np.maximum(n_employed + unemployed, 1),
                "remote_workers": cube[:, :, :, 1, :].sum((1, 2, 3)),
                "municipal_staff": model.labour.staff().astype(np.int64) * scale,
                "vacancies": model.labour.vacancies * scale,
                "mean_wage_yen": np.floor(wages / np.maximum(n_employed, 1)).astype(np.int64),
                "output_yen": np.bincount(f.municipality, weights=f.sales_yen, minlength=m).astype(
                    np.int64
                ),
                "firms": np.bincount(f.municipality, minlength=m).astype(np.int64) * scale,
                "firm_entries": model.firm_dynamics.entries * scale,
                "firm_exits": model.firm_dynamics.exits * scale,
            }
        )
        revenue = np.zeros(m, dtype=np.int64)
        for name, kinds in _KINDS_IN.items():
            row[f"revenue_{name}_yen"] = ledger.muni_in[kinds].sum(0)
            revenue += row[f"revenue_{name}_yen"]
        other_in = ledger.muni_in.sum(0) - revenue - ledger.muni_in[Flow.FUND_WITHDRAWAL]
        other_in -= ledger.muni_in[Flow.OPENING_BALANCE]
        row["revenue_other_yen"] = other_in
        row["revenue_yen"] = revenue + other_in
        spent = np.zeros(m, dtype=np.int64)
        for name, kinds in _KINDS_OUT.items():
            row[f"expenditure_{name}_yen"] = ledger.muni_out[kinds].sum(0)
            spent += row[f"expenditure_{name}_yen"]
        other_out = ledger.muni_out.sum(0) - spent - ledger.muni_out[Flow.FUND_DEPOSIT]
        row["expenditure_other_yen"] = other_out
        row["expenditure_yen"] = spent + other_out
        row["fiscal_balance_yen"] = row["revenue_yen"] - row["expenditure_yen"]
        row["balance_yen"] = ledger.municipality.copy()
        row["funds_yen"] = ledger.fund.copy()
        row["debt_yen"] = ledger.debt.copy()
        row["allocation_tax_yearly_yen"] = model.nation.allocation_yen.copy()
        row["satisfaction"] = content / agents
        row["digital_literacy"] = literacy / agents
        online = cube[..., 1].sum((2, 3))  # by town and age class
        row["online_service_use"] = online.sum(1) / np.maximum(by_age[:, _CLASSES_ADULT].sum(1), 1)
        row.update(self._it(pop))
        row.update(self._policy(young=by_age[:, 0] // scale))
        row["service_level"] = model.services.level.copy()
        row["attractiveness"] = model.migration.attractiveness.copy()
        self.own_tax.append(ledger.muni_in[_OWN_TAX].sum(0))
        self.latest = row

    def _it(self, pop: np.ndarray) -> dict[str, np.ndarray]:
        """IT regime, spending by part, vendors, online procedures, hours, outages, data."""
        model, it, services = self.model, self.model.it_systems, self.model.services
        m = pop.size
        spent = {f"it_cost_{k}_yen": it.spent[k].copy() for k in KINDS}
        total = sum(spent.values())
        money = {"it_cost_yen": total, **spent, "it_subsidy_yen": it.subsidy.copy()}
        per_resident = it_per_resident(money, pop)
        f = model.firms
        return {
            "it_regime": it.regime_names(),
            "it_vendor": it.vendor_keys(),
            "it_migrating": it.migrating.copy(),
            "it_late": it.late.copy(),
            "it_overdue": it.overdue.copy(),
            "it_functions_standard": it.functions_standard(),
            "it_cost_yen": total,
            **spent,
            "it_cost_per_resident_yen": per_resident.pop("it_cost_per_resident_yen"),
            **per_resident,
            "it_subsidy_yen": it.subsidy.copy(),
            "it_leaving_region_yen": it.leaving.copy(),
            "it_national_share": it.national_share(),
            "it_knowhow": it.knowhow.copy(),
            "vendor_price_index": it.vendor_price(),
            "vendor_utilization": it.vendor_utilization(),
            "it_contract_price_index": it.contract_price.copy(),
            "online_share": it.online_share.copy(),
            "online_procedure_share": services.online_procedures.copy(),
            "resident_hours": services.resident_hours.copy(),
            "staff_hours_per_procedure": services.staff_hours_per_procedure.copy(),
            "procedure_capacity": services.capacity_ratio.copy(),
            "outage_days": it.outage_days.copy(),
            "firms_linked_data": np.bincount(f.municipality[f.linked_data], minlength=m)
            * model.p.run.scale,
        }

    def _policy(self, young: np.ndarray) -> dict[str, np.ndarray]:
        """Donations, grants, programs, trust and culture (``young``: young children per town,
        agents)."""
        policy, ledger = self.model.policy, self.model.ledger
        child_yen = self.model.migration.child_yen(young)
        out = {
            "donations_yen": ledger.muni_in[Flow.DONATION].copy(),
            "return_gifts_yen": ledger.muni_out[Flow.RETURN_GIFT].copy(),
            "donation_costs_yen": ledger.muni_out[Flow.DONATION_COST].copy(),
            "grants_yen": ledger.muni_in[Flow.GRANT].copy(),
            "program_spending_yen": ledger.muni_out[_PROGRAM_SPENDING].sum(0),
            "coinvestment_yen": policy.coinvested.copy(),
            "reinvestment_yearly_yen": policy.reinvested.copy(),
            "family_attractiveness": self.model.migration.attractiveness
            + self.model.migration.family_child_term(child_yen),
            "childcare_yen_per_child": child_yen,
            "trust": policy.trust.copy(),
            "civic_participation": policy.participation(),
            "culture": policy.culture.copy(),
            "fund_balance_yen": ledger.fund.copy(),
            "earmarked_deposits_yen": policy.earmarked_month.copy(),
            "earmarked_draw_yearly_yen": policy.fund_draw.copy(),
            "earmarked_fund_yen": policy.earmarked.copy(),
            "visible_results": policy.results.copy(),
            "firms_digital": np.bincount(
                self.model.firms.municipality[self.model.firms.digital], minlength=policy.trust.size
            )
            * self.model.p.run.scale,
        }
        for i, program in enumerate(PROGRAMS):
            out[f"program_{program.value}"] = policy.intensity[:, i].copy()
        return out

    def own_tax_last_12_months(self) -> np.ndarray:
        """Own tax of the last (up to) 12 months, annualized: the base of the allocation tax."""
        recent = self.own_tax[1:][-12:]  # step 0 has no tax flows
        if not recent:
            return self.model.own_tax_estimate()
        return np.floor(np.sum(recent, axis=0) * 12 / len(recent)).astype(np.int64)

    def frame(self) -> pd.DataFrame:
        """The tidy KPI table: one row per step and municipality."""
        model = self.model
        keys = [x.key for x in model.municipalities]
        cols = {k: np.concatenate([row[k] for row in self.rows]) for k in self.rows[0]}
        steps = cols.pop("step")
        dates = [f"{y:04d}-{mo:02d}" for y, mo in map(model.calendar, range(int(steps.max()) + 1))]
        frame = pd.DataFrame(
            {
                "step": steps,
                "date": np.array(dates)[steps],
                "municipality": np.tile(np.array(keys, dtype=object), len(self.rows)),
                **cols,
            }
        )
        return frame
