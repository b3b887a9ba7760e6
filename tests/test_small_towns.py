"""Tiny towns and coarse scales: every value the schema allows runs, or is refused up front."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import sim
from sim import RegionModel, load_scenario
from sim.model.synthesis import CoarseScaleWarning
from sim.scenario.loader import ScenarioError
from tests.conftest import two_towns


def _quiet_run(scenario, years: int = 2) -> sim.Results:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CoarseScaleWarning)
        return sim.run(scenario, years=years)


def test_a_town_of_a_few_dozen_runs_and_keeps_the_books():
    """With too few workers for a firm of every kind, purchases with no seller leak out."""
    scenario = two_towns(
        municipalities={
            "small": {"population": 30, "lat": 43.2, "lon": 143.3},
            "hub": {"population": 40, "lat": 43.3, "lon": 143.1},
        },
        run={"check_conservation": True},
    )
    k = _quiet_run(scenario).kpis
    last = k[k.step == k.step.max()]
    assert set(last.municipality) == {"small", "hub"}
    first = k[k.step == 0].set_index("municipality").population
    assert first.to_dict() == {"small": 30, "hub": 40}


def test_a_region_without_workers_runs():
    """No one in the labour force: no firm, no wage, yet the ledgers balance."""
    scenario = two_towns(
        labour={"participation_15_64": 0, "participation_65_74": 0, "participation_75_plus": 0},
        run={"check_conservation": True},
    )
    k = _quiet_run(scenario).kpis
    assert k.employed.max() == 0
    assert k.population.iloc[-1] > 0


def test_a_coarse_scale_is_named_in_a_note():
    scenario = two_towns(run={"scale": 100})  # 3,000 persons -> 30 agents; 6,000 -> 60
    with pytest.warns(CoarseScaleWarning, match=r"2 municipalities have fewer than 100") as seen:
        RegionModel(scenario, seed=1)
    assert "small 3,000 persons -> 30 x 100" in str(seen[0].message)
    assert "a smaller run.scale" in str(seen[0].message)


def test_a_fine_scale_says_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error", CoarseScaleWarning)
        RegionModel(two_towns(), seed=1)


def test_a_generated_region_of_thousands_of_tiny_towns_runs():
    scenario = load_scenario(
        data={"name": "g", "generate": {"population": 5000, "municipalities": 1741}}
    )
    k = _quiet_run(scenario, years=1).kpis
    assert k.municipality.nunique() == 1741


def test_a_generated_region_needs_a_person_per_town():
    with pytest.raises(ScenarioError, match="population 5 is smaller than municipalities 20"):
        load_scenario(data={"name": "g", "generate": {"population": 5, "municipalities": 20}})


@pytest.mark.parametrize("jobs", [[0, 1, 7, 13, 250], [3, 3, 3]])
def test_jobs_split_over_sectors_add_up_to_each_towns_jobs(jobs):
    """Largest remainder: every town gets all its jobs, each sector within one of its share,
    and a sector without a share none."""
    from sim.model.synthesis import _split_jobs

    share = np.array([0.3, 0.0, 0.25, 0.2, 0.1, 0.1, 0.05])
    jobs = np.array(jobs)
    split = _split_jobs(jobs, share)
    assert (split.sum(1) == jobs).all()
    exact = jobs[:, None] * share / share.sum()
    assert (np.abs(split - exact) < 1).all()
    assert (split[:, 1] == 0).all()


def test_a_small_towns_chance_of_work_does_not_depend_on_the_scale():
    """At the start a town of 1,500 has the same chance of work (employed per person in the
    labour force) at run.scale 1 as at 50: rounding per sector once cost it a sixth of its
    jobs at a coarse scale, and so its movers."""
    from sim.model.agents import Labour

    reach = []
    for scale in (1, 50):
        scenario = two_towns(
            municipalities={
                "small": {"population": 1500, "lat": 43.2, "lon": 143.3},
                "hub": {"population": 60000, "lat": 43.3, "lon": 143.1},
            },
            run={"scale": scale},
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CoarseScaleWarning)
            m = RegionModel(scenario, seed=1)
        r = m.residents
        small = r.municipality == 0
        force = (small & (r.labour >= Labour.UNEMPLOYED)).sum()
        reach.append((small & (r.labour == Labour.EMPLOYED)).sum() / force)
    assert abs(reach[0] - reach[1]) < 0.03, reach
