"""The statistics of the pattern suite (sim/experiments/pattern_stats.py): the observed side gives
the figures a reader finds in data/observed, and the model side gives hand-computed values on a
small made-up run."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.experiments import pattern_stats as ps
from sim.experiments.pattern_stats import RunData, census_date
from tests.conftest import ROOT

OBSERVED = ROOT / "data" / "observed"
HUBS_AND_ONE = "key:sapporo,obihiro,kamishihoro"


# -- observed side ----------------------------------------------------------------------------
def test_observed_share_of_hokkaido_towns_that_shrank_2010_2020():
    """173 of Hokkaido's 179 municipalities lost persons from the 2010 to the 2020 census."""
    got = ps.population_change(None, 2010, 2020, "share_shrinking")
    assert got == {"": pytest.approx(173 / 179, abs=1e-12)}


def test_observed_hokkaido_change_2010_2020():
    """Hokkaido: 5,506,419 at the 2010 census, 5,228,885 at the 2020 one (preliminary)."""
    got = ps.population_change(None, 2010, 2020, "total")
    assert got == {"": pytest.approx(5_228_885 / 5_506_419 - 1, abs=1e-12)}


def test_observed_kamishihoro_change_2015_2020():
    """Kamishihoro grew by 5 persons from 4,765 (2015) to 4,770 (2020)."""
    got = ps.population_change(None, 2015, 2020, "total", "key:kamishihoro")
    assert got == {"": pytest.approx(4_770 / 4_765 - 1, abs=1e-12)}


def test_observed_hokkaido_net_migration_of_young_adults_2016_2019():
    """Hokkaido's net migration of Japanese movers with the other prefectures at 15-29 is
    the mean of the rows of 2016-2019 (the README's table: -938.25, -4,445.5, -1,422.5)."""
    n = pd.read_csv(OBSERVED / "hokkaido_net_migration_by_age.csv")
    rows = n[
        (n.area == "hokkaido")
        & (n.counterpart == "other_prefectures")
        & (n.nationality == "japanese")
        & (n.sex == "total")
        & n.year.between(2016, 2019)
    ]
    want = {g: rows[rows.age_group == g].net.mean() for g in ("15-19", "20-24", "25-29")}
    assert all(len(rows[rows.age_group == g]) == 4 for g in want)  # one row a year
    assert want == pytest.approx({"15-19": -938.25, "20-24": -4445.5, "25-29": -1422.5})
    got = ps.net_migration_by_age(
        None, "all", "outside", [2016, 2017, 2018, 2019], [15, 20, 25], "hokkaido"
    )
    assert got == pytest.approx(want, abs=1e-9)


def test_observed_sapporo_gain_from_the_rest_of_hokkaido_2011_2012():
    """Sapporo gained 10,599 (2011) and 11,583 (2012) net from the rest of Hokkaido."""
    s = pd.read_csv(OBSERVED / "sapporo_migration.csv")
    rows = s[
        (s.counterpart == "rest_of_hokkaido")
        & (s.sex == "total")
        & (s.age_group == "all")
        & s.year.isin([2011, 2012])
    ]
    assert sorted(rows.net) == [10_599, 11_583]
    got = ps.net_flow(None, "key:sapporo", "all", [2011, 2012])
    assert got == {"": pytest.approx(rows.net.mean())}
    assert got[""] == pytest.approx(11_091)


# -- model side: a made-up run ----------------------------------------------------------------
START = "2010-09"  # step 0: the 2010 census
STEPS = 121  # to the 2020 census (step 120) and one month more
#: Population at the start and at the 2020 census; linear in between.
POPULATION = {
    "sapporo": (1000, 1100),  # +10%, a hub
    "obihiro": (500, 475),  # -5%, a hub
    "kamishihoro": (200, 140),  # -30%
    "otofuke": (300, 600),  # +100%, in the run but not in HUBS_AND_ONE
}


def moves_in(town: str, step: int, date: str) -> int:
    if step == 0:
        return 1000  # step 0 is the starting state: never counted
    if town == "kamishihoro" and date.startswith("2016"):
        return 1
    if town == "kamishihoro" and date.startswith("2017"):
        return 2
    return 100


def kpis() -> pd.DataFrame:
    dates = pd.period_range(START, periods=STEPS, freq="M").strftime("%Y-%m")
    rows = []
    for step, date in enumerate(dates):
        for town, (a, b) in POPULATION.items():
            pop = a + (b - a) * step / 120
            rows.append(
                {
                    "step": step,
                    "date": date,
                    "municipality": town,
                    "population": pop,
                    "pop_0_14": 0.1 * pop,
                    "pop_65_plus": 0.4 * pop,
                    "births": 1,
                    "deaths": 2,
                    "moves_in": moves_in(town, step, date),
                    "moves_out": 1000 if step == 0 else 7,
                    "it_cost_yen": 1e6,
                }
            )
    return pd.DataFrame(rows)


def step_of(date: str) -> int:
    return (pd.Period(date, freq="M") - pd.Period(START, freq="M")).n


#: (date, origin, destination, age group, persons)
MOVES = [
    ("2016-03", "tokyo_area", "kamishihoro", 20, 10),
    ("2016-03", "kamishihoro", "tokyo_area", 20, 4),
    ("2016-04", "kamishihoro", "sapporo", 20, 7),
    ("2016-05", "obihiro", "kamishihoro", 15, 3),
    ("2016-06", "kamishihoro", "rest_of_japan", 25, 2),
    ("2016-07", "obihiro", "sapporo", 20, 50),
    ("2016-08", "rest_of_hokkaido", "kamishihoro", 25, 6),
    ("2016-09", "tokyo_area", "sapporo", 20, 20),
    ("2017-01", "tokyo_area", "kamishihoro", 20, 2),
    ("2017-12", "sapporo", "otofuke", 30, 5),
    ("2015-12", "kamishihoro", "sapporo", 20, 1000),  # outside the years asked
    ("2015-12", "kamishihoro", "tokyo_area", 20, 1000),
    ("2018-01", "tokyo_area", "kamishihoro", 25, 1000),
]


@pytest.fixture(scope="module")
def run() -> RunData:
    migration = pd.DataFrame(
        [(step_of(d), o, t, a, n) for d, o, t, a, n in MOVES],
        columns=["step", "origin", "destination", "age_group", "persons"],
    )
    return RunData(kpis(), migration)


def test_the_made_up_run_is_what_it_says(run):
    """The run's dates are as the statistics read them: step 0 at the 2010 census, the 2020
    census 120 months on."""
    k = run.kpis
    assert k.loc[k.step == 0, "date"].unique().tolist() == [census_date(2010)] == ["2010-09"]
    assert k.loc[k.step == 120, "date"].unique().tolist() == [census_date(2020)]
    assert set(run.migration.step) <= set(k.step)


def test_population_change_of_the_selected_towns(run):
    """Change from the start to the 2020 census over the towns selected only (otofuke, in the
    run, is left out): total, share shrinking, hubs minus the rest, per town."""
    change = {"sapporo": 0.10, "obihiro": -0.05, "kamishihoro": -0.30}
    got = {
        s: ps.population_change(run, 2010, 2020, s, HUBS_AND_ONE)[""]
        for s in ("total", "share_shrinking", "hubs_minus_rest")
    }
    assert got == pytest.approx(
        {
            "total": (1100 + 475 + 140) / (1000 + 500 + 200) - 1,
            "share_shrinking": 2 / 3,
            "hubs_minus_rest": (0.10 - 0.05) / 2 - (-0.30),
        },
        abs=1e-12,
    )
    per_town = ps.population_change(run, 2010, 2020, "per_town", HUBS_AND_ONE)
    assert per_town == pytest.approx(change, abs=1e-12)


def test_population_change_of_one_town(run):
    """One town selected: its own change from the 2010 census (the run's start) to 2020."""
    got = ps.population_change(run, 2010, 2020, "total", "key:kamishihoro")
    assert got == {"": pytest.approx(-0.30, abs=1e-12)}


def test_population_change_from_a_census_after_the_runs_start(run):
    """2015 to 2020 on a run that starts in 2010 compares the populations at the 2015 and the
    2020 census dates (170 -> 140), as the observed side does."""
    got = ps.population_change(run, 2015, 2020, "total", "key:kamishihoro")
    assert got == {"": pytest.approx(140 / 170 - 1, abs=1e-12)}


def test_net_migration_with_outside_places_only(run):
    """Counterpart 'outside': only moves with places that are not towns of the run count
    (not those with Sapporo or Obihiro, towns of the run); a mean over the years asked."""
    got = ps.net_migration_by_age(run, "key:kamishihoro", "outside", [2016, 2017], [15, 20, 25])
    # 20-24: +10 -4 (2016) +2 (2017); 25-29: -2 +6 (rest_of_hokkaido is no town of the run)
    assert got == pytest.approx({"15-19": 0.0, "20-24": 4.0, "25-29": 2.0}, abs=1e-12)


def test_net_migration_with_every_place_beyond_the_area(run):
    """Counterpart 'all': moves with every place outside the area count, towns of the run
    too; moves within the area (Obihiro <-> Kamishihoro below) do not."""
    one = ps.net_migration_by_age(run, "key:kamishihoro", "all", [2016, 2017], [15, 20, 25])
    # 15-19: +3 from Obihiro; 20-24: +10 -4 -7 (to Sapporo) +2
    assert one == pytest.approx({"15-19": 1.5, "20-24": 0.5, "25-29": 2.0}, abs=1e-12)
    two = ps.net_migration_by_age(
        run, "key:kamishihoro,obihiro", "all", [2016, 2017], [15, 20, 25, 30]
    )
    # 20-24: +10 -4 -7 -50 (Obihiro to Sapporo) +2; Obihiro -> Kamishihoro stays inside
    assert two == pytest.approx(
        {"15-19": 0.0, "20-24": -24.5, "25-29": 2.0, "30-34": 0.0}, abs=1e-12
    )


def test_net_flow_into_sapporo_from_the_rest_of_hokkaido(run):
    """Sapporo's net gain a year from the other Hokkaido towns: +7 +50 (2016) -5 (2017);
    the Tokyo area's movers are not from Hokkaido, 2015's are outside the years asked."""
    assert ps.net_flow(run, "key:sapporo", "all", [2016, 2017]) == {"": pytest.approx(26.0)}
    assert ps.net_flow(run, "key:sapporo", "key:obihiro", [2016]) == {"": pytest.approx(50.0)}
    assert ps.net_flow(run, "key:sapporo", "all", [2015]) == {"": pytest.approx(1000.0)}


def test_town_moves_are_a_mean_over_calendar_years(run):
    """A town's movers in and out a year, from its monthly KPIs in the calendar years asked
    (step 0, the starting state, not among them)."""
    got = ps.town_moves(run, "kamishihoro", [2016, 2017])
    assert got == pytest.approx({"in": (12 * 1 + 12 * 2) / 2, "out": 12 * 7})
    # 2010: October to December only (steps 1-3); step 0 (September) is the start
    assert ps.town_moves(run, "kamishihoro", [2010]) == pytest.approx({"in": 300, "out": 21})
