"""Labour market: participation, separations, vacancies from expected demand, search, hires.

Each resident carries a fixed uniform draw; they are in the labour force while it is below the
participation rate of their age band, so entry at 15 and retirement at 65 and 75 happen without
extra state. Firms want the workers their expected sales need; the town hall wants its staff
target. Each month a share of the unemployed (search_rate) meets employers: these seekers
match vacancies at random, first in their own town, then in a neighbouring one
(commuting); digitally literate seekers may find remote work for an Outside employer, more
often where the town has invested in broadband and 5G.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..scenario.params_policy import Program
from .agents import Employer, Labour
from .ages import LATE_OLD_AGE, OLD_AGE, TABLE_AGE, WORKING_AGE
from .choice import choose_weighted, match, random_rank
from .kernels import count_where, scatter_add, sum_where
from .kernels_people import labour_status

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["LabourMarket"]

#: Ages in months up to 120 years: rules by age are looked up, not recomputed per resident.
AGE_TABLE = np.arange(TABLE_AGE)


class LabourMarket:
    """Reads ages, literacy, firms' expected sales; writes labour status, employer, wage."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.labour
        self.vacancies = np.zeros(len(model.municipalities), dtype=np.int64)  # open after matching
        # each town hall's staff (agents), kept current as jobs begin (_hire) and end
        # (PeopleLedger.end_jobs), as firms' employee counts are: no recount to read it
        self.hall_staff = np.zeros(len(model.municipalities), dtype=np.int64)

    def participation_by_month(self) -> np.ndarray:
        """The chance of being in the labour force at each month of age (a table, made
        again only when the parameters change)."""
        p = self.p
        rates = (p.participation_15_64, p.participation_65_74, p.participation_75_plus)
        if getattr(self, "_rates", None) != rates:
            self._rates = rates
            self._by_month = np.select(
                [AGE_TABLE < WORKING_AGE, AGE_TABLE < OLD_AGE, AGE_TABLE < LATE_OLD_AGE],
                [0.0, rates[0], rates[1]],
                rates[2],
            )
        return self._by_month

    def participation(self, age_months: np.ndarray) -> np.ndarray:
        """The chance of being in the labour force at each age."""
        return self.participation_by_month()[np.minimum(age_months, AGE_TABLE.size - 1)]

    def in_labour_force(self) -> np.ndarray:
        r = self.model.residents
        return r.labour_draw < self.participation(r.age_months)

    def refresh_employees(self) -> None:
        """Each firm's employees and each town hall's staff counted again from the residents
        (the running counts equal these; tests compare them)."""
        r, f = self.model.residents, self.model.firms
        f.employees[:] = count_where(r.employer, r.employer_type, Employer.FIRM, f.n)
        self.hall_staff[:] = self.count_staff()

    def firm_wage_bill(self) -> np.ndarray:
        """Each firm's monthly wage bill (yen, per firm row), from its employees' wages."""
        r, f = self.model.residents, self.model.firms
        return sum_where(r.employer, r.wage_yen, r.employer_type, Employer.FIRM, f.n)

    def staff(self) -> np.ndarray:
        """Each town hall's staff (agents), from the running count."""
        return self.hall_staff.copy()

    def count_staff(self) -> np.ndarray:
        """Each town hall's staff counted from the residents."""
        r = self.model.residents
        towns = len(self.model.municipalities)
        return count_where(r.employer, r.employer_type, Employer.MUNICIPALITY, towns)

    def _status(self) -> None:
        """Entry into and exit from the labour force as people age."""
        r, people = self.model.residents, self.model.people
        by_month = self.participation_by_month()
        # joiners become unemployed, children of working age outside the force inactive
        leaving = labour_status(r.labour, r.labour_draw, r.age_months, by_month, WORKING_AGE)
        people.end_jobs(leaving)
        r.labour[leaving] = Labour.INACTIVE

    def _targets(self) -> tuple[np.ndarray, np.ndarray]:
        """Workers each firm and each town hall wants (in agents)."""
        model, f = self.model, self.model.firms
        per_agent = f.productivity_yen.astype(np.float64) * model.p.run.scale
        firm_target = np.ceil(f.expected_demand_yen / per_agent - 1e-9).astype(np.int64)
        pop = model.people.count() * model.p.run.scale
        hall_target = (
            np.array(
                [m.staff_target(int(pop[m.idx])) for m in model.municipalities], dtype=np.int64
            )
            // model.p.run.scale
        )
        return firm_target, hall_target

    def _layoffs(self, firm_target: np.ndarray, hall_target: np.ndarray) -> np.ndarray:
        """Employers above their target let the surplus go (a random choice of workers);
        returns the town halls' staff after the layoffs."""
        r = self.model.residents
        staff = self.staff()
        for kind, target, now in zip(
            (Employer.FIRM, Employer.MUNICIPALITY),
            (firm_target, hall_target),
            (self.model.firms.employees, staff),
            strict=True,
        ):
            over = now > target  # only the workers of employers above target are ranked
            rows = np.nonzero(r.employer_type == kind)[0]
            rows = rows[over[r.employer[rows]]]
            rank = random_rank(r.employer[rows], self.model.rng)
            going = rows[rank >= target[r.employer[rows]]]
            self.model.people.end_jobs(going)
        return self.staff()

    def step(self, fill_rate: float | None = None, search_rate: float | None = None) -> None:
        model, r, rng, f = self.model, self.model.residents, self.model.rng, self.model.firms
        self._status()
        employed = np.nonzero(r.labour == Labour.EMPLOYED)[0]  # draws for them alone
        model.people.end_jobs(employed[rng.random(employed.size) < self.p.separation_rate])
        firm_target, hall_target = self._targets()
        staff = self._layoffs(firm_target, hall_target)
        # firms' employee counts are current: every job that ends goes through end_jobs
        fill = self.p.fill_rate if fill_rate is None else fill_rate
        open_firm = np.maximum(firm_target - f.employees, 0)
        open_hall = np.maximum(hall_target - staff, 0)
        n_firm = rng.binomial(open_firm, fill)
        n_hall = rng.binomial(open_hall, fill)
        slot_employer = np.concatenate(
            [np.repeat(np.arange(f.n), n_firm), np.repeat(np.arange(hall_target.size), n_hall)]
        )
        slot_kind = np.concatenate(
            [np.full(n_firm.sum(), Employer.FIRM), np.full(n_hall.sum(), Employer.MUNICIPALITY)]
        ).astype(np.int8)
        slot_muni = np.where(
            slot_kind == Employer.FIRM,
            f.municipality[np.minimum(slot_employer, max(f.n - 1, 0))] if f.n else 0,
            slot_employer,
        ).astype(np.int64)
        free = np.ones(slot_employer.size, dtype=bool)
        search = self.p.search_rate if search_rate is None else search_rate
        unemployed = np.nonzero(r.labour == Labour.UNEMPLOYED)[0]
        seekers = unemployed[rng.random(unemployed.size) < search]  # who meets an employer
        # local search, then a neighbouring town for a share of those still looking
        s_idx, v_idx = match(r.municipality[seekers].astype(np.int64), slot_muni, rng)
        self._hire(seekers[s_idx], slot_kind[v_idx], slot_employer[v_idx])
        free[v_idx] = False
        unmatched = np.ones(seekers.size, dtype=bool)
        unmatched[s_idx] = False
        still = seekers[unmatched]
        still = still[rng.random(still.size) < self.p.commute_search_share]
        nb = model.neighbours
        if still.size and nb.targets.size:
            edge = choose_weighted(
                nb.sources,
                np.ones(nb.targets.size),
                r.municipality[still].astype(np.int64),
                rng,
                nb.degree.size,
            )
            ok = edge >= 0
            still, dest = still[ok], nb.targets[edge[ok]]
            open_slots = np.nonzero(free)[0]
            s_idx, v_idx = match(dest, slot_muni[open_slots], rng)
            v = open_slots[v_idx]
            self._hire(still[s_idx], slot_kind[v], slot_employer[v])
            free[v] = False
        self.vacancies = np.bincount(slot_muni[free], minlength=len(model.municipalities))
        self._remote()

    def _remote(self) -> None:
        r, rng = self.model.residents, self.model.rng
        able = (r.labour == Labour.UNEMPLOYED) & (r.digital_literacy >= self.p.remote_min_literacy)
        able = np.nonzero(able)[0]  # draws for them alone
        model = self.model
        infra = model.policy.effect(Program.INFRASTRUCTURE)
        rate = self.p.remote_job_rate * (
            1 + model.p.policy.infrastructure_remote_boost * infra[r.municipality[able]]
        )
        rows = able[rng.random(able.size) < rate]
        r.labour[rows] = Labour.EMPLOYED
        r.employer_type[rows] = Employer.OUTSIDE
        r.employer[rows] = -1
        r.remote_worker[rows] = True
        r.wage_yen[rows] = self.p.remote_wage_yen * self.model.p.run.scale

    def _hire(self, rows: np.ndarray, kind: np.ndarray, employer: np.ndarray) -> None:
        model, r = self.model, self.model.residents
        r.labour[rows] = Labour.EMPLOYED
        r.employer_type[rows] = kind
        r.employer[rows] = employer
        scatter_add(model.firms.employees, employer[kind == Employer.FIRM], 1)
        scatter_add(self.hall_staff, employer[kind == Employer.MUNICIPALITY], 1)
        sector_wage = (
            model.sectors.wage_yen[model.firms.sector[np.where(kind == Employer.FIRM, employer, 0)]]
            if model.firms.n
            else 0
        )
        wage = np.where(kind == Employer.FIRM, sector_wage, model.p.fiscal.staff_wage_yen)
        r.wage_yen[rows] = wage * model.p.run.scale

    def hire_initial(self, in_force: np.ndarray) -> None:
        """Start: everyone of working age in or out of the force; jobs filled to target."""
        r = self.model.residents
        adult = r.age_months >= WORKING_AGE
        r.labour[:] = np.where(
            adult, np.where(in_force, Labour.UNEMPLOYED, Labour.INACTIVE), Labour.CHILD
        )
        self.step(fill_rate=1.0, search_rate=1.0)
