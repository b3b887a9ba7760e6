"""Demography: mortality matches life expectancy, fertility matches the TFR, ageing works."""

import numpy as np
import pytest

from sim import RegionModel
from sim.model.agents import Sex
from sim.model.demography import Mortality, fertility_by_age
from sim.scenario.params_people import DemographyParams
from tests.conftest import two_towns


@pytest.mark.parametrize("e_male,e_female", [(81.09, 87.14), (70.0, 75.0)])
def test_mortality_is_solved_to_life_expectancy(e_male, e_female):
    m = Mortality(DemographyParams(life_expectancy_male=e_male, life_expectancy_female=e_female))
    assert m.life_expectancy(m.a[Sex.MALE]) == pytest.approx(e_male, abs=0.01)
    assert m.life_expectancy(m.a[Sex.FEMALE]) == pytest.approx(e_female, abs=0.01)
    # death probabilities rise with age and reach 1 at the maximum age
    q = m.p_death(np.zeros(3, np.int8), np.array([40, 70, 90]) * 12)
    assert q[0] < q[1] < q[2] < 1
    assert m.p_death(np.array([1]), np.array([110 * 12]))[0] == 1.0


def test_monthly_life_table_reproduces_life_expectancy():
    """The monthly probabilities the model uses (not only the formula) give e0."""
    m = Mortality(DemographyParams())
    for sex, e0 in ((Sex.MALE, 81.09), (Sex.FEMALE, 87.14)):
        alive = np.cumprod(1 - m.q_month[sex])
        assert alive.sum() / 12 + 0.5 / 12 == pytest.approx(e0, abs=0.15)


def test_fertility_schedule_sums_to_tfr():
    p = DemographyParams(tfr=1.2)
    asfr = fertility_by_age(p)
    assert asfr.sum() == pytest.approx(1.2)
    assert asfr[:15].sum() == 0 and asfr[50:].sum() == 0
    assert asfr.argmax() in range(30, 35)  # peak at 30-34 (MHLW 2023)


def test_births_and_deaths_match_their_rates_in_a_run():
    """One simulated year: births per woman 15-49 near ASFR, deaths near the life table."""
    model = RegionModel(two_towns(run={"years": 1, "seed": 5}))
    r = model.residents
    women = (r.sex == Sex.FEMALE) & (r.age_months >= 180) & (r.age_months < 600)
    asfr = fertility_by_age(model.p.demography)
    expected_births = asfr[r.age_months[women] // 12].sum()
    expected_deaths = (
        1 - (1 - model.demography.mortality.p_death(r.sex, r.age_months)) ** 12
    ).sum()
    for _ in range(12):
        model.step()
    births = sum(row["births"].sum() for row in model.kpis.rows[1:])
    deaths = sum(row["deaths"].sum() for row in model.kpis.rows[1:])
    assert abs(births - expected_births) < 4 * np.sqrt(expected_births) + 2
    assert abs(deaths - expected_deaths) < 4 * np.sqrt(expected_deaths) + 2


def test_everyone_ages_one_month_per_step():
    model = RegionModel(two_towns())
    ids, ages = model.residents.id.copy(), model.residents.age_months.copy()
    model.step()
    rows = model.residents.rows_of(ids)
    alive = rows >= 0
    assert (model.residents.age_months[rows[alive]] == ages[alive] + 1).all()
