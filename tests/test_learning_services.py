"""Learning (school, own learning, peers, elderly classes) and public services (online use,
hours, capacity with outages, satisfaction)."""

import numpy as np
import pytest

from sim import RegionModel
from sim.model.it_systems import DAYS_PER_MONTH
from sim.model.policy import PROGRAMS
from sim.scenario.params_policy import Program
from tests.conftest import two_towns

EPS = 1e-6  # literacy and satisfaction are float32


def learn(**learning) -> tuple[RegionModel, np.ndarray, np.ndarray]:
    """One month of learning from a literacy of 0.3 for all; (model, before, years)."""
    model = RegionModel(two_towns(learning=learning))
    r = model.residents
    r.digital_literacy[:] = 0.3
    before = r.digital_literacy.astype(np.float64)
    model.learning.step()
    return model, before, r.age_months // 12


@pytest.mark.parametrize("at_20", [0.85, 0.5])
def test_children_learn_at_school_to_the_level_of_a_20_year_old(at_20):
    model, before, years = learn(literacy_at_20=at_20, peer_rate=0.0)
    gain = model.residents.digital_literacy - before
    school = (years >= 6) & (years < 20)
    assert np.allclose(gain[school], at_20 / (14 * 12), atol=EPS)
    assert np.allclose(gain[years < 6], 0, atol=EPS)


@pytest.mark.parametrize("rate", [0.002, 0.05])
def test_adults_of_20_to_64_learn_by_themselves(rate):
    model, before, years = learn(learning_rate=rate, peer_rate=0.0)
    gain = model.residents.digital_literacy - before
    adult = (years >= 20) & (years < 65)
    assert np.allclose(gain[adult], rate * (1 - 0.3), atol=EPS)
    assert np.allclose(gain[years >= 65], 0, atol=EPS)  # no classes here


def test_peers_teach_only_upward():
    """Adults below their town's mean move peer_rate of the gap up; nobody goes down;
    children learn at school only."""
    model = RegionModel(two_towns(learning={"learning_rate": 0.0, "peer_rate": 0.05}))
    r = model.residents
    rng = np.random.default_rng(0)
    r.digital_literacy[:] = rng.uniform(0, 1, r.n).astype(np.float32)
    before = r.digital_literacy.astype(np.float64)
    town_mean = np.bincount(r.municipality, weights=before) / np.bincount(r.municipality)
    years = r.age_months // 12
    model.learning.step()
    gain = r.digital_literacy - before
    adult = years >= 20
    expected = np.maximum(0.05 * (town_mean[r.municipality] - before), 0)
    assert np.allclose(gain[adult], expected[adult], atol=EPS)
    above = adult & (before > town_mean[r.municipality])
    assert above.sum() > 1000 and np.allclose(gain[above], 0, atol=EPS)
    child = years < 20
    school = np.where(years >= 6, model.p.learning.literacy_at_20 / 168, 0.0)
    assert np.allclose(gain[child], np.minimum(school, 1 - before)[child], atol=EPS)


@pytest.mark.parametrize("rate", [0.02, 0.1])
def test_elderly_classes_teach_the_65_plus_of_towns_with_the_program(rate):
    model = RegionModel(
        two_towns(
            learning={"learning_rate": 0.0, "peer_rate": 0.0},
            policy={"elderly_learning_rate": rate},
        )
    )
    model.policy.intensity[0, PROGRAMS.index(Program.ELDERLY_DIGITAL)] = 1.0
    effect = model.policy.effect(Program.ELDERLY_DIGITAL)
    assert effect[0] > 0.5 and effect[1] == 0
    r = model.residents
    r.digital_literacy[:] = 0.3
    years, town = r.age_months // 12, r.municipality
    model.learning.step()
    gain = r.digital_literacy - 0.3
    old = years >= 65
    assert np.allclose(gain[old & (town == 0)], rate * effect[0] * 0.7, atol=EPS)
    assert np.allclose(gain[old & (town == 1)], 0, atol=EPS)
    assert np.allclose(gain[(years >= 20) & ~old], 0, atol=EPS)


def test_literacy_stays_within_zero_and_one():
    model = RegionModel(two_towns(learning={"learning_rate": 0.1, "peer_rate": 0.1}))
    r = model.residents
    r.digital_literacy[:] = np.where(np.arange(r.n) % 2 == 0, 1.0, 0.0)
    for _ in range(3):
        model.learning.step()
    assert r.digital_literacy.min() >= 0 and r.digital_literacy.max() <= 1


# -- services ------------------------------------------------------------------------------------


def services_with(online_share, literate_share: float = 0.5, **services) -> RegionModel:
    """A first month run (budgets exist), then literacy set: every other resident above the
    online threshold if literate_share is 0.5."""
    model = RegionModel(two_towns(services=services))
    model.step()
    r = model.residents
    threshold = model.p.learning.online_threshold
    literate = (np.arange(r.n) % 100) < 100 * literate_share
    r.digital_literacy[:] = np.where(literate, threshold + 0.05, threshold - 0.05)
    model.it_systems.online_share[:] = online_share
    return model


def test_online_use_needs_an_adult_literate_resident_and_an_online_offer():
    model = services_with([0.0, 0.4])
    model.services.step()
    r = model.residents
    expected = (
        (r.age_months >= 15 * 12)
        & (r.digital_literacy >= model.p.learning.online_threshold)
        & (r.municipality == 1)
    )
    assert (r.uses_online == expected).all() and expected.sum() > 1000


@pytest.mark.parametrize("share", [0.2, 0.8])
def test_online_share_raises_online_procedures_and_saves_hours(share):
    """p = o x U / N; staff and resident hours per procedure fall as p rises."""
    model = services_with([share, share])
    s, p = model.services, model.p.services
    model.services.step()
    r = model.residents
    pop = np.bincount(r.municipality) * model.p.run.scale
    users = np.bincount(r.municipality[r.uses_online]) * model.p.run.scale
    on = share * users / pop
    assert s.online_procedures == pytest.approx(on)
    staff = on * p.staff_hours_online + (1 - on) * p.staff_hours_in_person
    assert s.staff_hours_per_procedure == pytest.approx(staff)
    resident = pop * p.procedures_per_person / 12
    resident = resident * (on * p.resident_hours_online + (1 - on) * p.resident_hours_in_person)
    assert s.resident_hours == pytest.approx(resident)


def test_more_online_means_fewer_hours_and_more_capacity():
    low, high = services_with([0.2, 0.2]), services_with([0.8, 0.8])
    for model in (low, high):
        model.services.step()
    a, b = low.services, high.services
    assert (b.online_procedures > 3 * a.online_procedures).all()
    assert (b.staff_hours_per_procedure < a.staff_hours_per_procedure).all()
    assert (b.resident_hours < a.resident_hours).all()
    # the same staff serve the same procedures in fewer hours: capacity ratio in inverse
    ratio = b.capacity_ratio / a.capacity_ratio
    assert ratio == pytest.approx(a.staff_hours_per_procedure / b.staff_hours_per_procedure)


def test_outages_cut_the_capacity_ratio_and_the_service_level():
    """Ten times the procedures: capacity falls short, so an outage of d days cuts both the
    capacity ratio and the service level by the factor 1 - d / 30."""
    model = services_with([0.1, 0.1], procedures_per_person=40.0)
    it, s = model.it_systems, model.services
    it.migrating[:] = False
    it.outage_days[:] = 0.0
    s.step()
    ratio, level = s.capacity_ratio.copy(), s.level.copy()
    assert (ratio < 1).all() and (level > 0).all()
    days = model.p.it.outage_days
    it.outage_days[:] = [days, 0.0]
    s.step()
    factor = 1 - days / DAYS_PER_MONTH
    assert s.capacity_ratio == pytest.approx(ratio * [factor, 1.0])
    assert s.level == pytest.approx(level * [factor, 1.0])
    # staff hours, not money, limit the service here: capacity ratio x budget share
    pop = np.bincount(model.residents.municipality) * model.p.run.scale
    aim = model.p.fiscal.services_per_capita_yen * pop
    budget = np.array([m.budget.services for m in model.municipalities])
    assert s.level == pytest.approx(np.minimum(budget / aim, 1.5) * s.capacity_ratio)


@pytest.mark.parametrize("rate", [0.05, 0.5])
def test_satisfaction_moves_part_way_toward_its_goal(rate):
    """s <- s + rate (g - s), with g = clip(0.5 + service_weight (level - 1) + online_bonus x
    uses_online x o + fit_weight (fit - 1)) for everyone (no transport program here)."""
    model = services_with([0.6, 0.6], satisfaction_rate=rate, online_bonus=0.2)
    r, p, s = model.residents, model.p.services, model.services
    rng = np.random.default_rng(1)
    r.satisfaction[:] = rng.uniform(0, 1, r.n).astype(np.float32)
    before = r.satisfaction.astype(np.float64)
    s.step()
    level, fit, o = s.level[r.municipality], model.it_systems.fit()[r.municipality], 0.6
    goal = 0.5 + p.service_weight * (level - 1) + p.online_bonus * r.uses_online * o
    goal = np.clip(goal + p.fit_weight * (fit - 1), 0, 1)
    assert np.allclose(r.satisfaction, before + rate * (goal - before), atol=EPS)
    # the goal differs by the online bonus between users and others of a town
    users = r.uses_online & (r.municipality == 0)
    others = ~r.uses_online & (r.municipality == 0)
    assert goal[users].mean() - goal[others].mean() == pytest.approx(0.2 * o)
