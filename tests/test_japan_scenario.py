"""All of Japan (scenarios/japan.yaml, sim/scenario/japan.py): the shipped file is what the
generator makes, and its towns agree with the census, the town-hall list and the age data."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from sim import load_scenario
from sim.scenario import census, japan
from sim.scenario.params_region import DEFAULT_OUTSIDE, METRO_AREAS, PREFECTURES, metro_area
from sim.scenario.schema import MunicipalitySpec, Scenario
from tests.conftest import ROOT, SCENARIOS

DATA = ROOT / "data"
FUTABA = "07546"  # no 2020 count: left out


@cache
def scenario() -> Scenario:
    return load_scenario(SCENARIOS / "japan.yaml")


@cache
def census2020() -> pd.Series:
    table = pd.read_csv(
        DATA / "census2020_municipal_population.csv",
        dtype={"area_code": str},
        encoding="utf-8-sig",
    )
    return table.set_index("area_code").population


@cache
def offices() -> pd.DataFrame:
    return pd.read_csv(DATA / "observed" / "municipal_offices_japan.csv", dtype={"code": str})


def towns() -> pd.DataFrame:
    rows = [
        {"key": k, "code": t.code, "prefecture": t.prefecture, "population": t.population}
        | {"lat": t.lat, "lon": t.lon, "young": t.share_0_14, "old": t.share_65_plus}
        for k, t in scenario().municipalities.items()
    ]
    return pd.DataFrame(rows)


def test_the_shipped_file_is_what_the_generator_makes(tmp_path, monkeypatch):
    """`make scenarios` run again (into a scratch folder) writes scenarios/japan.yaml byte for
    byte: it is up to date with data/ and with the generator."""
    monkeypatch.setattr(census, "ROOT", tmp_path)
    (tmp_path / "scenarios").mkdir()
    japan.main()
    made = (tmp_path / "scenarios" / "japan.yaml").read_text(encoding="utf-8")
    shipped = (SCENARIOS / "japan.yaml").read_text(encoding="utf-8")
    assert made == shipped, "scenarios/japan.yaml is stale: run `make scenarios`"


def test_every_municipality_but_futaba_with_its_2020_census_population():
    """The 1,741 municipalities of the town-hall list less Futaba (no count), each with its
    census population; together Japan's 2020 total (Futaba adds nothing to it)."""
    t = towns()
    assert len(t) == 1740
    assert set(t.code) == set(offices().code) - {FUTABA}
    assert (t.key == "m" + t.code).all()
    assert (t.population.to_numpy() == census2020().loc[t.code].to_numpy()).all()
    assert t.population.sum() == census2020().loc["00000"] == 126_226_568


def test_47_prefectures_each_with_its_census_total():
    """Every town's prefecture is the one of the town-hall list, and each prefecture's towns
    add up to the census's own row for the prefecture."""
    t = towns()
    listed = offices().set_index("code").prefecture_ja
    assert (t.prefecture.to_numpy() == listed.loc[t.code].to_numpy()).all()
    assert sorted(set(t.prefecture), key=PREFECTURES.index) == list(PREFECTURES)
    by_pref = t.groupby(t.code.str[:2]).population.sum()
    assert (by_pref.to_numpy() == census2020().loc[by_pref.index + "000"].to_numpy()).all()


def test_every_town_is_at_its_town_hall():
    t = towns().set_index("code")
    o = offices().set_index("code").loc[t.index]
    assert np.abs(t.lat - o.lat).max() < 1e-5 and np.abs(t.lon - o.lon).max() < 1e-5
    assert t.lat.between(24, 46).all() and t.lon.between(122, 154).all()


def test_abroad_is_the_only_place_beyond():
    outside = scenario().region.outside
    assert list(outside) == ["abroad"]
    assert outside["abroad"].population == japan.ABROAD["population"]
    assert outside["abroad"].beyond_prefecture


def test_estimated_age_shares_recover_hokkaidos_2020_shares():
    """The estimate (2015 census shares moved by the prefecture's change) against the IPSS
    2020 base population of Hokkaido's 179 towns (census_broad_ages_hokkaido.csv, not used by
    the generator): measured mean errors 0.6 points (0-14) and 1.1 points (65+)."""
    ipss = pd.read_csv(
        DATA / "observed" / "census_broad_ages_hokkaido.csv", dtype={"code": str}
    ).query("basis == 'ipss2023_base' and code != '01000'")
    t = towns().set_index("code").loc[ipss.code]
    young = ipss.persons_0_14.to_numpy() / ipss.total.to_numpy()
    old = ipss.persons_65_plus.to_numpy() / ipss.total.to_numpy()
    assert len(t) == 179
    assert np.abs(t.young.to_numpy() - young).mean() < 0.008
    assert np.abs(t.old.to_numpy() - old).mean() < 0.015


def test_the_towns_add_up_to_japans_2020_age_structure():
    """Weighted by population, the towns' shares are Japan's in the 2020 census (over persons
    of known age: 12.1% aged 0-14, 28.7% aged 65+), to 0.3 points."""
    broad = pd.read_csv(DATA / "observed" / "census_broad_ages_japan.csv", dtype={"code": str})
    prefs = broad[(broad.year == 2020) & broad.code.str.endswith("000")]
    known = (prefs.persons_0_14 + prefs.persons_15_64 + prefs.persons_65_plus).sum()
    t = towns()
    w = t.population / t.population.sum()
    assert (w * t.young).sum() == pytest.approx(prefs.persons_0_14.sum() / known, abs=0.003)
    assert (w * t.old).sum() == pytest.approx(prefs.persons_65_plus.sum() / known, abs=0.003)


def test_the_metropolitan_areas_are_the_internal_migration_reports():
    """Tokyo, Nagoya and Osaka areas by prefecture: the Tokyo area has the 212 towns and
    36,938,977 persons of the default outside place (an independent sum of the census)."""
    members = [p for ps in METRO_AREAS.values() for p in ps]
    assert len(members) == len(set(members)) == 11 and set(members) <= set(PREFECTURES)
    t = towns()
    tokyo = t[t.prefecture.map(metro_area) == "tokyo_area"]
    assert len(tokyo) == DEFAULT_OUTSIDE["tokyo_area"]["towns"]
    assert tokyo.population.sum() == DEFAULT_OUTSIDE["tokyo_area"]["population"]
    codes = {f"{PREFECTURES.index(p) + 1:02d}" for p in METRO_AREAS["tokyo_area"]}
    assert codes == set(census.TOKYO_AREA)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"code": "01633", "prefecture": "東京都"},
            "disagrees with code 01633, which is in 北海道",
        ),
        ({"prefecture": "北海"}, "did you mean '北海道'"),
    ],
)
def test_a_wrong_prefecture_is_refused(given, message):
    with pytest.raises(ValueError, match=message):
        MunicipalitySpec(population=100, **given)
