"""Pattern-oriented tests: the model reproduces what rural Hokkaido towns show without
intervention, and that one lever does not give one answer (MODEL.md, "Patterns the model must
be able to reproduce"; sources in docs/ODD.md).

A rural town of a few thousand persons, averaged over several seeds so that the pattern, not
one random history, is tested. (The donation-funded town is in test_policy.py, the IT cost
curve in test_it_systems.py.)
"""

import numpy as np
import pandas as pd
import pytest

from sim import load_scenario, run
from tests.conftest import SCENARIOS

SEEDS = (1, 2, 3, 4)


@pytest.fixture(scope="module")
def town() -> pd.DataFrame:
    """Kamishihoro without its programs, 20 years, four seeds."""
    frames = []
    for seed in SEEDS:
        k = run(load_scenario(SCENARIOS / "kamishihoro_baseline.yaml"), seed=seed).region
        k["seed"] = seed
        frames.append(k)
    return pd.concat(frames)


def _at(k: pd.DataFrame, step: int, col: str) -> float:
    return k.loc[k.step == step, col].mean()


def test_town_shrinks_each_decade(town):
    start, ten, twenty = (_at(town, s, "population") for s in (0, 120, 240))
    assert twenty < ten < start
    assert 0.6 * start < twenty  # shrinking, not collapsing


def test_town_ages_each_decade(town):
    share = [_at(town, s, "pop_65_plus") / _at(town, s, "population") for s in (0, 120, 240)]
    age = [_at(town, s, "mean_age") for s in (0, 120, 240)]
    assert age[0] < age[1] < age[2]
    assert share[0] < share[2]


def test_natural_decrease_exceeds_net_migration(town):
    later = town[town.step > 0]
    natural = (later.births - later.deaths).sum() / len(SEEDS)
    net_migration = (later.moves_in - later.moves_out).sum() / len(SEEDS)
    assert natural < 0
    assert abs(natural) > abs(net_migration)


def test_young_adults_leave_more_than_other_ages(town):
    later = town[town.step > 0]
    pop = town[town.step < 240]  # exposure: population at the start of each month
    young_rate = later.moves_out_20_29.sum() / pop.pop_20_29.sum()
    other_rate = (later.moves_out - later.moves_out_20_29).sum() / (
        pop.population - pop.pop_20_29
    ).sum()
    assert young_rate > 3 * other_rate
    # and they leave on net: more young adults leave than arrive
    assert later.moves_out_20_29.sum() > later.moves_in_20_29.sum()


def test_deaths_and_births_are_in_a_plausible_range(town):
    """Crude rates per 1,000 in the first year: deaths 10-25 (aged town), births 3-9."""
    first = town[(town.step > 0) & (town.step <= 12)]
    pop = _at(town, 0, "population")
    deaths = first.deaths.sum() / len(SEEDS) / pop * 1000
    births = first.births.sum() / len(SEEDS) / pop * 1000
    assert 10 < deaths < 25 and 3 < births < 9
    assert np.isfinite(deaths)


def _loop(disclosure: float, reinvestment: float, seed: int) -> pd.DataFrame:
    sets = [
        "run.years=12",
        "run.scale=2",
        f"municipalities.kamishihoro.policy.disclosure={disclosure}",
        f"municipalities.kamishihoro.policy.reinvestment_share={reinvestment}",
    ]
    return run(load_scenario(SCENARIOS / "kamishihoro.yaml", overrides=sets), seed=seed).region


def test_the_same_lever_helps_one_town_and_barely_moves_another():
    """MODEL.md: heterogeneity, not one answer. Reinvesting 60% of revenue growth buys a
    trusted town (disclosure 0.9, donations rising with trust) a third more programs; a
    distrusted town (disclosure 0.1) has almost no growth to reinvest, so the same lever
    barely changes its programs. Two seeds, common random numbers, 12 years. (What those
    programs do to the population in 12 years is within seed noise at scale 2: seeds 1-6 gave
    -86 to +192 persons, so it is not asserted.)"""
    gain = {}
    for disclosure in (0.1, 0.9):
        spend = []
        for seed in (1, 2):
            none, much = _loop(disclosure, 0.0, seed), _loop(disclosure, 0.6, seed)
            base = none.program_spending_yen.sum()
            spend.append(much.program_spending_yen.sum() / base - 1)
        gain[disclosure] = np.mean(spend)
    assert gain[0.9] > 0.2 and gain[0.1] < 0.05  # programs: +30% against +2%
    assert gain[0.9] > 5 * gain[0.1]
