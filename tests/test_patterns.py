"""Pattern-oriented tests: the observed patterns (validation/patterns.yaml) that the model
meets, at a coarse scale and two seeds so that a pattern met today cannot silently break; the
known misses, marked as such with their reasons; what rural Hokkaido towns show without
intervention, and that one lever does not give one answer (MODEL.md, "Patterns the model must
be able to reproduce"). The full suite, at its own scale and seeds, is `dxsim patterns`
(docs/validation.md), a report rather than a timed test.
"""

import numpy as np
import pandas as pd
import pytest

from sim import load_scenario, run
from sim.experiments.patterns import DEFAULT_FILE, evaluate, load_patterns, run_patterns
from tests.conftest import SCENARIOS

SEEDS = (1, 2, 3, 4)
#: Patterns the full suite meets (docs/validation.md) that also hold at run.scale 50 and two
#: seeds: the region's aggregates and Kamishihoro. hokkaido_hubs_minus_rest, share_0_14_by_town
#: and kamishihoro_share_0_14 are met by the full suite but not at this scale and seed count
#: (8.6% against 4.7 +- 3 points; mean error 1.9 points; 10.4% against 11.5 +- 1), so they are
#: left to the report. So is sapporo: at scale 50 its growth averages 5.4% over seeds 1-20
#: (sd 0.4; 5.5% after issue 11's faster trade, docs/performance.md) against 3.2 +- 2 points,
#: met by seeds 1-2 only by chance before; the full suite at scale 5 gives 5.1%.
QUICK: tuple[str, ...] = (
    "hokkaido_total",
    "births_by_size",
    "deaths_by_size",
    "moves_out_by_size",
    "kamishihoro_2015_2020",
    "kamishihoro_moves",
)
#: Run at this scale (Kamishihoro's patterns keep their own, 1) with two seeds.
QUICK_SCALE, QUICK_SEEDS = 50, 2


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict:
    suite = load_patterns(DEFAULT_FILE)
    names = [*QUICK, *KNOWN]
    out = tmp_path_factory.mktemp("patterns")
    folders = run_patterns(
        suite, DEFAULT_FILE.parent, out, seeds=QUICK_SEEDS, workers=2, only=names,
        scale=QUICK_SCALE,
    )  # fmt: skip
    return {o.name: o for o in evaluate(suite, DEFAULT_FILE.parent, folders, only=names)}


def _detail(o) -> str:
    return "; ".join(f"{k or 'value'}: observed {v:.4g}, model {o.mean[k]:.4g}"
                     for k, v in list(o.observed.items())[:6])  # fmt: skip


@pytest.mark.parametrize("name", QUICK)
def test_a_pattern_met_today_stays_met(outcomes, name):
    assert outcomes[name].met, _detail(outcomes[name])


#: Patterns the model misses (their known_miss says why); at the quick scale too.
#: Listed here by name, so that a known miss cannot be dropped from the suite or lose its reason
#: without this test failing.
KNOWN: tuple[str, ...] = (
    "hokkaido_shrinking",
    "hokkaido_change_by_size",
    "hokkaido_change_by_remoteness",
    "sapporo_gain_from_hokkaido",
    "tokachi_town_by_town",
    "moves_in_by_size",
    "share_65_by_town",
    "hokkaido_net_migration_by_age",
    "towns_net_migration_by_age",
    "tokachi_towns_net_migration_by_age",
    "kamishihoro_share_65",
    "it_cost_by_size",
)


@pytest.mark.parametrize("name", KNOWN)
def test_a_known_miss_is_still_reported(outcomes, name):
    """A known miss stays in the suite, reported as a miss, with its reason."""
    o = outcomes[name]
    assert o.pattern.known_miss and o.status in ("known miss", "met (listed as a known miss)")


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


@pytest.mark.xfail(
    strict=True,
    reason="known miss (docs/validation.md, towns_net_migration_by_age): with the calibrated "
    "defaults people aged 20-29 leave the town 1.6 times as often as other ages, not 3 times; "
    "young adults move too little to far destinations",
)
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
    # measured: +53% against +5% of program spending (seeds 1-2)
    assert gain[0.9] > 0.2
    assert gain[0.9] > 5 * gain[0.1]
