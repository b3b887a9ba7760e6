"""Demography: ageing, births from age-specific fertility, deaths from age-specific mortality.

Mortality is Gompertz-Makeham, mu(x) = c + a exp(b x) a year, with ``a`` solved for each sex
so that life expectancy at birth matches the scenario (MHLW 2023: men 81.09, women 87.14).
Fertility follows the MHLW 2023 age schedule scaled to the scenario's total fertility rate
(or the town's own), raised where a town pays childcare support: by the support per young
child as a share of what a young child costs a household, times an elasticity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..scenario.params_people import DemographyParams
from .agents import Labour, Sex
from .kernels_people import deaths_and_mothers

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Mortality", "fertility_by_age", "Demography"]

MONTHS = 12
#: Ages of the fertility schedule's seven 5-year groups: 15 to 49 (a demographic convention).
FERTILE_YEARS = (15, 50)


class Mortality:
    """Monthly death probabilities by sex and age, calibrated to life expectancy."""

    def __init__(self, p: DemographyParams) -> None:
        self.p = p
        self.ages = np.arange(p.max_age + 1, dtype=np.float64)
        self.a = {
            Sex.MALE: self.solve(p.life_expectancy_male),
            Sex.FEMALE: self.solve(p.life_expectancy_female),
        }
        # monthly probabilities indexed by [sex, age in months]
        months = np.arange((p.max_age + 1) * MONTHS) / MONTHS
        self.q_month = np.vstack([self._q(self.a[s], months) for s in (Sex.MALE, Sex.FEMALE)])
        self.q_month[:, -MONTHS:] = 1.0  # nobody outlives max_age

    def _q(self, a: float, age_years: np.ndarray) -> np.ndarray:
        hazard = self.p.background_mortality + a * np.exp(self.p.gompertz_slope * age_years)
        return 1.0 - np.exp(-hazard / MONTHS)

    def survival(self, a: float, x: np.ndarray) -> np.ndarray:
        b, c = self.p.gompertz_slope, self.p.background_mortality
        return np.exp(-c * x - a / b * np.expm1(b * x))

    def life_expectancy(self, a: float) -> float:
        x = np.linspace(0, self.p.max_age, self.p.max_age * 20 + 1)
        return float(np.trapezoid(self.survival(a, x), x))

    def solve(self, e0: float) -> float:
        """The Gompertz level ``a`` giving life expectancy ``e0`` (bisection in log a)."""
        lo, hi = -30.0, 0.0
        for _ in range(80):
            mid = (lo + hi) / 2
            if self.life_expectancy(np.exp(mid)) > e0:
                lo = mid
            else:
                hi = mid
        return float(np.exp((lo + hi) / 2))

    def p_death(self, sex: np.ndarray, age_months: np.ndarray) -> np.ndarray:
        width = self.q_month.shape[1]
        index = sex.astype(np.intp) * width + np.minimum(age_months, width - 1)
        return self.q_month.ravel()[index]


def fertility_by_age(p: DemographyParams) -> np.ndarray:
    """Yearly births per woman at each age 0..max_age (zero outside 15-49)."""
    w = np.asarray(p.fertility_schedule, dtype=np.float64)
    per_year = p.tfr * w / w.sum() / 5.0
    asfr = np.zeros(p.max_age + 1)
    asfr[FERTILE_YEARS[0] : FERTILE_YEARS[1]] = np.repeat(per_year, 5)
    return asfr


class Demography:
    """Ageing, births and deaths. Reads residents' age, sex and town, childcare support;
    writes ages, and births and deaths through the people ledger."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.demography
        self.mortality = Mortality(self.p)
        self.p_birth_month = fertility_by_age(self.p) / MONTHS
        # a town's own rate, where it has one, scales the scenario's schedule
        own = [t.spec.tfr or self.p.tfr for t in model.municipalities]
        self.town_factor = np.array(own) / self.p.tfr

    def step(self) -> None:
        model, r, rng = self.model, self.model.residents, self.model.rng
        r.age_months[:] += 1
        # who dies (one uniform each: p_death), and the women of the ages the schedule gives
        # births to, alive at the month's end
        dying, women = deaths_and_mothers(
            rng.random(r.n), r.sex, r.age_months, self.mortality.q_month,
            Sex.FEMALE, FERTILE_YEARS[0] * MONTHS, FERTILE_YEARS[1] * MONTHS,
        )  # fmt: skip
        pp = model.p.policy
        support = model.migration.child_yen() / pp.child_cost_yen  # per young child, per year
        boost = (1 + pp.fertility_cost_elasticity * support) * self.town_factor
        age = r.age_months
        p_birth = self.p_birth_month[age[women] // MONTHS] * boost[r.municipality[women]]
        mothers = women[rng.random(women.size) < p_birth]
        if mothers.size:
            self.give_birth(mothers)
        model.people.leave(dying, death=True)

    def give_birth(self, mothers: np.ndarray) -> None:
        """Each mother has one child in her household and town (counts scale with her row)."""
        model, r, rng = self.model, self.model.residents, self.model.rng
        n = mothers.size
        sex = np.where(rng.random(n) < self.p.share_female_at_birth, Sex.FEMALE, Sex.MALE)
        rows = r.append(
            n,
            municipality=r.municipality[mothers],
            home_town=r.municipality[mothers],
            household=r.household[mothers],
            sex=sex,
            age_months=0,
            labour=Labour.CHILD,
            labour_draw=rng.random(n).astype(np.float32),
            satisfaction=r.satisfaction[mothers],
        )
        model.people.born(rows)
