"""Labour market: separations, local matching before commuting, commuting, remote work."""

import numpy as np
import pytest

from sim import RegionModel
from sim.model.agents import Employer, Labour
from sim.model.policy import PROGRAMS
from sim.scenario.params_policy import Program
from tests.conftest import two_towns
from tests.mechanism_helpers import binomial_ok, chain, money, moved, total, workplace

#: No quits, every opening posted, every seeker searching, no remote work: only the matching
#: is left to chance.
QUIET = {"separation_rate": 0.0, "fill_rate": 1.0, "search_rate": 1.0, "remote_job_rate": 0.0}


def open_jobs(model: RegionModel, town: int, extra: int) -> None:
    """Firms of ``town`` want ``extra`` workers more than they have (0: exactly what they have)."""
    f = model.firms
    model.labour.refresh_employees()
    here = f.municipality == town
    f.expected_demand_yen[here] = (f.employees[here] + extra) * per_worker(model)[here]


def per_worker(model: RegionModel) -> np.ndarray:
    return model.firms.productivity_yen.astype(float) * model.p.run.scale


def lay_off(model: RegionModel, town: int, share: float) -> np.ndarray:
    """A share of the firm workers living in ``town`` lose their jobs; returns their rows."""
    r = model.residents
    rows = np.nonzero((r.employer_type == Employer.FIRM) & (r.municipality == town))[0]
    rows = rows[: int(rows.size * share)]
    model.people.end_jobs(rows)
    return rows


@pytest.mark.parametrize("rate", [0.0, 0.05, 0.2])
def test_separations_follow_the_separation_rate(rate):
    """With no posts, the employed lose their jobs at separation_rate and look for work."""
    labour = {"separation_rate": rate, "fill_rate": 0.0, "remote_job_rate": 0.0}
    model = RegionModel(two_towns(labour=labour))
    r = model.residents
    employed = r.labour == Labour.EMPLOYED
    ids = r.id[employed]
    model.labour.step()
    rows = model.residents.rows_of(ids)
    lost = model.residents.labour[rows] != Labour.EMPLOYED
    assert binomial_ok(int(lost.sum()), ids.size, rate)
    assert (model.residents.labour[rows[lost]] == Labour.UNEMPLOYED).all()
    assert (model.residents.employer_type[rows[lost]] == Employer.NONE).all()
    assert (model.residents.wage_yen[rows[lost]] == 0).all()
    if rate == 0.0:
        assert not lost.any()  # nothing else ends a job in a quiet month


def test_seekers_fill_local_vacancies_before_commuting():
    """Enough openings at home: every local seeker is hired at home, even when all of them
    would search the neighbour; the neighbour's seekers take the openings left."""
    model = RegionModel(two_towns(labour={**QUIET, "commute_search_share": 1.0}))
    lay_off(model, 0, 0.3)
    lay_off(model, 1, 0.1)
    open_jobs(model, 0, 10)
    open_jobs(model, 1, 0)
    r = model.residents
    seekers = np.nonzero(r.labour == Labour.UNEMPLOYED)[0]
    home = r.municipality[seekers]
    assert 10 * int((model.firms.municipality == 0).sum()) > 1.2 * seekers.size
    target = np.ceil(model.firms.expected_demand_yen / per_worker(model) - 1e-9)
    model.labour.step()
    assert (model.firms.employees <= target).all()  # a slot is filled once
    hired = model.residents.labour[seekers] == Labour.EMPLOYED
    work = workplace(model, seekers)
    assert hired[home == 0].all() and (work[home == 0] == 0).all()
    hub = home == 1
    assert hub.sum() > 100 and hired[hub].all() and (work[hub] == 0).all()  # all commute
    # the openings left are the vacancies (migration reads them)
    f = model.firms
    pop = model.people.count() * model.p.run.scale
    for i in (0, 1):
        firm_open = (target - f.employees)[f.municipality == i].sum()
        hall = model.municipalities[i].staff_target(int(pop[i])) // model.p.run.scale
        hall_open = max(hall - int(model.labour.staff()[i]), 0)
        assert model.labour.vacancies[i] == firm_open + hall_open
    assert model.labour.vacancies[0] > 0


@pytest.mark.parametrize("share", [0.0, 0.35, 1.0])
def test_a_share_of_unmatched_seekers_commute(share):
    """No openings at home: of the seekers, about commute_search_share find work next door."""
    model = RegionModel(two_towns(labour={**QUIET, "commute_search_share": share}))
    lay_off(model, 0, 0.5)
    open_jobs(model, 0, 0)
    open_jobs(model, 1, 5)
    r = model.residents
    seekers = np.nonzero((r.labour == Labour.UNEMPLOYED) & (r.municipality == 0))[0]
    assert seekers.size > 300
    model.labour.step()
    work = workplace(model, seekers)
    assert not (work == 0).any()  # nothing to be had at home
    assert binomial_ok(int((work == 1).sum()), seekers.size, share)


def test_commuters_reach_only_neighbours_chosen_uniformly():
    """small - hub - far with openings only in far: small's seekers (far is not their
    neighbour) stay unemployed; half the hub's seekers pick far of its two neighbours."""
    far = {"population": 6000, "lat": 43.5, "lon": 143.0}  # larger: the choice is not by size
    model = RegionModel(
        chain(municipalities={"far": far}, labour={**QUIET, "commute_search_share": 1.0})
    )
    for town, share in ((0, 0.3), (1, 0.3)):
        lay_off(model, town, share)
    for town, extra in ((0, 0), (1, 0), (2, 10)):
        open_jobs(model, town, extra)
    r = model.residents
    seekers = np.nonzero(r.labour == Labour.UNEMPLOYED)[0]
    home = r.municipality[seekers]
    local = int((home == 2).sum())
    assert 10 * int((model.firms.municipality == 2).sum()) > local + (home == 1).sum()
    model.labour.step()
    work = workplace(model, seekers)
    assert (work[home == 0] == -1).all()
    hub = home == 1
    assert binomial_ok(int((work[hub] == 2).sum()), int(hub.sum()), 0.5)
    assert (work[hub] != 1).all() and (work[hub] != 0).all()
    assert (work[home == 2] == 2).all()


def remote_setup(boost: float) -> tuple[RegionModel, np.ndarray]:
    """Everyone in the labour force is a seeker; no local posts; infrastructure in town 0;
    two persons per agent."""
    labour = {"separation_rate": 0.0, "fill_rate": 0.0, "remote_job_rate": 0.1}
    scenario = two_towns(
        run={"scale": 2}, labour=labour, policy={"infrastructure_remote_boost": boost}
    )
    model = RegionModel(scenario)
    r = model.residents
    model.people.end_jobs(np.nonzero(r.labour == Labour.EMPLOYED)[0])
    model.policy.intensity[0, PROGRAMS.index(Program.INFRASTRUCTURE)] = 1.0
    seekers = np.nonzero(r.labour == Labour.UNEMPLOYED)[0]
    threshold = model.p.labour.remote_min_literacy
    r.digital_literacy[seekers] = np.where(seekers % 2 == 0, threshold + 0.01, threshold - 0.01)
    return model, seekers


@pytest.mark.parametrize("boost", [0.0, 2.0])
def test_remote_work_needs_literacy_and_grows_with_infrastructure(boost):
    """Literate seekers get remote work at remote_job_rate x (1 + boost x effect); the
    rest never; the employer is Outside, at remote_wage_yen."""
    model, seekers = remote_setup(boost)
    effect = model.policy.effect(Program.INFRASTRUCTURE)
    assert effect[0] > 0.5 and effect[1] == 0
    r = model.residents
    able = r.digital_literacy[seekers] >= model.p.labour.remote_min_literacy
    town = r.municipality[seekers]
    model.labour.step()
    remote = r.labour[seekers] == Labour.EMPLOYED
    assert not remote[~able].any()
    rate = model.p.labour.remote_job_rate * (1 + boost * effect)
    for i in (0, 1):
        group = able & (town == i)
        assert group.sum() > 250
        assert binomial_ok(int(remote[group].sum()), int(group.sum()), rate[i]), (i, boost)
    rows = seekers[remote]
    assert (r.employer_type[rows] == Employer.OUTSIDE).all() and r.remote_worker[rows].all()
    assert (r.employer[rows] == -1).all()
    assert (r.wage_yen[rows] == model.p.labour.remote_wage_yen * model.p.run.scale).all()


def test_remote_wages_are_paid_by_outside():
    model, seekers = remote_setup(0.0)
    model.labour.step()
    r = model.residents
    remote = r.employer_type == Employer.OUTSIDE
    assert remote.sum() > 50
    before = money(model)
    model.money.step()
    paid = moved(before, money(model))
    assert total(paid, "wage", payer_type="outside") == int(r.wage_yen[remote].sum())


@pytest.mark.parametrize("search", [0.2, 0.45, 1.0])
def test_only_a_share_of_the_unemployed_meet_employers_each_month(search):
    """Openings for everyone: the unemployed find work at search_rate a month, so frictional
    unemployment settles near separation / (separation + search)."""
    labour = {**QUIET, "search_rate": search, "commute_search_share": 0.0}
    model = RegionModel(two_towns(labour=labour))
    rows = lay_off(model, 0, 0.3)
    open_jobs(model, 0, rows.size + 50)
    ids = model.residents.id[rows]
    model.labour.step()
    found = model.residents.labour[model.residents.rows_of(ids)] == Labour.EMPLOYED
    assert binomial_ok(int(found.sum()), ids.size, search)


def test_firms_employee_counts_stay_current_between_refreshes():
    """The labour market trusts each firm's count and each town hall's staff (kept by _hire
    for every job that begins and by end_jobs for every job that ends, by deaths, moves,
    closures, quits, layoffs) instead of recounting: the counts equal a recount whenever it
    reads them, and at the end of every month."""
    from sim.model.kernels import count_where

    model = RegionModel(two_towns(firms={"exit_rate": 0.3}, labour={"separation_rate": 0.05}))
    r, f = model.residents, model.firms
    seen = []

    def counted() -> np.ndarray:
        return count_where(r.employer, r.employer_type, Employer.FIRM, f.n)

    layoffs = model.labour._layoffs

    def checked_layoffs(*args):
        seen.append(np.array_equal(f.employees, counted()))  # before the layoffs
        staff = layoffs(*args)
        seen.append(np.array_equal(f.employees, counted()))  # when openings are posted
        assert np.array_equal(staff, model.labour.count_staff())
        return staff

    model.labour._layoffs = checked_layoffs
    for _ in range(14):
        model.step()
        seen.append(np.array_equal(f.employees, counted()))
        seen.append(np.array_equal(model.labour.staff(), model.labour.count_staff()))
        assert model.labour.staff().sum() > 0
    assert len(seen) == 56 and all(seen)
