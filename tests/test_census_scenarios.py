"""The scenarios built from the census (sim/scenario/census.py): the shipped files are what the
generator makes from the data today, and their towns agree with the census."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from sim import load_scenario
from sim.scenario import census
from sim.scenario.params_people import DemographyParams
from sim.scenario.schema import Scenario
from tests.conftest import ROOT, SCENARIOS

OBSERVED = ROOT / "data" / "observed"
GENERATED = ("hokkaido.yaml", "tokachi.yaml", "kamishihoro_baseline.yaml")
#: Hokkaido's bounding box (degrees), with a little room around its coasts.
LAT, LON = (41.3, 45.6), (139.3, 145.9)


@cache
def scenario(name: str) -> Scenario:
    return load_scenario(SCENARIOS / name)


@pytest.fixture
def hokkaido() -> Scenario:
    return scenario("hokkaido.yaml")


@pytest.fixture
def tokachi() -> Scenario:
    return scenario("tokachi.yaml")


def test_the_shipped_scenarios_are_what_the_generator_makes(tmp_path, monkeypatch):
    """`make scenarios` run again (into a scratch folder) writes the shipped files byte for
    byte: they are up to date with data/ and with the generator."""
    monkeypatch.setattr(census, "ROOT", tmp_path)
    (tmp_path / "scenarios").mkdir()
    census.main()
    assert sorted(p.name for p in (tmp_path / "scenarios").iterdir()) == sorted(GENERATED)
    for name in GENERATED:
        made = (tmp_path / "scenarios" / name).read_text(encoding="utf-8")
        shipped = (SCENARIOS / name).read_text(encoding="utf-8")
        assert made == shipped, f"scenarios/{name} is stale: run `make scenarios`"


def test_hokkaido_has_its_179_towns_of_the_2010_census(hokkaido):
    """All of Hokkaido at the 2010 census: 179 municipalities, 5,506,419 persons."""
    towns = hokkaido.municipalities
    assert len(towns) == 179
    assert sum(t.population for t in towns.values()) == 5_506_419


def test_hokkaido_pyramids_account_for_each_towns_population(hokkaido):
    """A town's pyramid counts its persons of known age: at most its census total (which
    includes those of unknown age) and within 3% of it (the largest unknown share is 1.9%)."""
    for key, town in hokkaido.municipalities.items():
        total = town.age_pyramid.total
        assert total <= town.population, key
        assert total >= 0.97 * town.population, key
        assert town.age_pyramid.year == 2010, key


def test_hokkaido_towns_are_in_hokkaido(hokkaido):
    """Every town hall lies inside Hokkaido's bounding box (no swapped or mistyped places)."""
    for key, town in hokkaido.municipalities.items():
        assert LAT[0] < town.lat < LAT[1], key
        assert LON[0] < town.lon < LON[1], key


def test_tokachi_has_its_19_towns_and_the_places_beyond(tokachi):
    """Tokachi at the 2020 census, with Sapporo, the rest of Hokkaido (both in the
    prefecture), the Tokyo area and the rest of Japan (beyond it) as destinations."""
    assert len(tokachi.municipalities) == 19
    assert sum(t.population for t in tokachi.municipalities.values()) == 332_918
    outside = tokachi.region.outside
    assert list(outside) == ["sapporo", "rest_of_hokkaido", "tokyo_area", "rest_of_japan"]
    beyond = {key: place.beyond_prefecture for key, place in outside.items()}
    assert beyond == {
        "sapporo": False,
        "rest_of_hokkaido": False,
        "tokyo_area": True,
        "rest_of_japan": True,
    }


@pytest.mark.parametrize("name", GENERATED)
def test_every_towns_fertility_is_plausible(name):
    """Town fertility rates estimated from births stay within 0.7-2.5: a town of a few
    hundred persons and a handful of births must not get an extreme rate."""
    towns = scenario(name).municipalities
    rates = [t.tfr for t in towns.values()]
    assert all(0.7 <= r <= 2.5 for r in rates), rates


# -- fertility, computed again from the data files ------------------------------------------
@pytest.fixture(scope="module")
def data():
    read = {"dtype": {"code": str}}
    return (
        pd.read_csv(OBSERVED / "census_age_hokkaido.csv", **read),
        pd.read_csv(OBSERVED / "hokkaido_vital.csv", **read),
        pd.read_csv(OBSERVED / "hokkaido_municipalities.csv", **read).set_index("code"),
    )


def births_at_rate_one(ages: pd.DataFrame, code: str, year: int) -> float:
    """Births a year a town's women aged 15-49 would have at a total fertility rate of 1."""
    schedule = np.asarray(DemographyParams().fertility_schedule)
    women = ages[(ages.code == code) & (ages.year == year) & (ages.sex == "female")]
    women = women[women.age.between(15, 45)].sort_values("age")
    return float((women.persons.to_numpy() * schedule / schedule.sum() / 5).sum())


def births(vital: pd.DataFrame, code: str, years: list[int]) -> float:
    v = vital[vital.basis.str.startswith("resident_register")]
    return float(v[(v.code == code) & v.year.isin(years)].births.mean())


@pytest.mark.parametrize("key", ["kamishihoro", "horokanai", "tomari", "shibecha", "sapporo"])
def test_town_fertility_is_shrunk_from_its_own_rate_towards_its_subprefectures(hokkaido, data, key):
    """hokkaido.yaml (2010): a town's rate lies between its raw rate (births in FY2009-2010
    over births at a rate of 1) and its subprefecture's; small towns are pulled well away
    from their own noisy rate, Sapporo (a third of all births) hardly at all."""
    ages, vital, towns = data
    code = towns.index[towns.key == key][0]
    peers = towns.index[towns.subprefecture == towns.loc[code, "subprefecture"]]
    raw = births(vital, code, [2009, 2010]) / births_at_rate_one(ages, code, 2010)
    prior = sum(births(vital, c, [2009, 2010]) for c in peers) / sum(
        births_at_rate_one(ages, c, 2010) for c in peers
    )
    tfr = hokkaido.municipalities[key].tfr
    assert min(raw, prior) - 0.005 <= tfr <= max(raw, prior) + 0.005  # rounded to 0.01
    if key == "sapporo":
        assert tfr == pytest.approx(raw, abs=0.005)
    else:
        assert abs(raw - prior) > 0.25  # a case where shrinking shows
        assert min(abs(tfr - raw), abs(tfr - prior)) > 0.05


def test_a_town_alone_has_its_own_rate(data):
    """kamishihoro_baseline.yaml is one town: its own subprefecture's rate is its own, so
    its fertility is its births in 2013-2014 over births at a rate of 1 (2015 census)."""
    ages, vital, _ = data
    raw = births(vital, "01633", [2013, 2014]) / births_at_rate_one(ages, "01633", 2015)
    town = scenario("kamishihoro_baseline.yaml").municipalities["kamishihoro"]
    assert town.tfr == pytest.approx(raw, abs=0.005)
