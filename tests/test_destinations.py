"""Where movers go at the scale of a country: candidate places and prefectural borders."""

import numpy as np

from sim.model.destinations import Places
from sim.scenario.params_migration import MigrationParams
from sim.scenario.params_region import OutsidePlace

ABROAD = {"abroad": OutsidePlace(population=1_000_000, lat=35.0, lon=140.0, towns=1)}


def grid(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.uniform(34, 36, n), rng.uniform(135, 139, n), rng.integers(1_000, 500_000, n)


def test_a_region_within_the_limit_weighs_every_place():
    lat, lon, pop = grid(30)
    places = Places(lat, lon, ABROAD, MigrationParams(candidate_places=200), population=pop)
    assert (places.candidates == np.arange(31)[None, :]).all()


def test_candidates_are_the_own_town_every_outside_place_and_the_strongest_others():
    """Each town's movers weigh its own town, abroad, and the K - 2 other towns of highest
    gravity (log size - distance cost), and no other."""
    lat, lon, pop = grid(120)
    p = MigrationParams(candidate_places=20)
    places = Places(lat, lon, ABROAD, p, population=pop)
    full = Places(lat, lon, ABROAD, MigrationParams(candidate_places=500), population=pop)
    assert places.candidates.shape == (120, 20)
    for o in (0, 57, 119):
        row = places.candidates[o]
        assert o in row and 120 in row and (np.diff(row) > 0).all()
        others = np.array([d for d in range(120) if d != o])
        gravity = np.log(pop[others]) - full.distance_cost[o, others]
        assert set(row) - {o, 120} == set(others[np.argsort(-gravity)[:18]])
    # the chosen columns carry the same utilities as in the full choice set
    v = places.utilities(pop.astype(float), np.zeros(120), np.zeros(120))
    w = full.utilities(pop.astype(float), np.zeros(120), np.zeros(120))
    c = places.candidates
    assert np.allclose(v, np.take_along_axis(w, np.broadcast_to(c, w.shape[:2] + c.shape), -1))
    assert (places.place(np.array([5]), places.column[5, c[5]][None, :]) == c[5]).all()


def test_moving_across_a_prefectural_border_costs_border_cost():
    """Two towns alike at the same distance: the one in another prefecture weighs
    exp(-border_cost) as much; towns without prefectures cross no border."""
    lat = np.array([35.0, 35.1, 34.9])
    lon = np.array([139.0, 139.0, 139.0])
    pop = np.array([10_000, 50_000, 50_000])
    p = MigrationParams(border_cost=0.7)
    split = Places(lat, lon, ABROAD, p, prefecture=["東京都", "東京都", "神奈川県"], population=pop)
    same = Places(lat, lon, ABROAD, p, population=pop)
    v = split.utilities(pop.astype(float), np.zeros(3), np.zeros(3))[:, 0, 0]
    u = same.utilities(pop.astype(float), np.zeros(3), np.zeros(3))[:, 0, 0]
    km = split.km[0]
    gap = (v[:, 1] - v[:, 2]) - (u[:, 1] - u[:, 2])  # the border, net of the small km gap
    assert abs(km[1] - km[2]) < 0.5
    assert np.allclose(gap, 0.7)


def test_migration_table_names_prefectures_and_areas():
    """migration.parquet carries each place's prefecture and area, so flows between
    prefectures and into a metropolitan area add up to the moves."""
    from sim import load_scenario, run

    towns = {
        "a": {
            "population": 4000,
            "lat": 35.60,
            "lon": 139.50,
            "prefecture": "東京都",
            "code": "13201",
        },
        "b": {
            "population": 4000,
            "lat": 35.45,
            "lon": 139.50,
            "prefecture": "神奈川県",
            "code": "14203",
        },
        "c": {
            "population": 4000,
            "lat": 36.30,
            "lon": 138.20,
            "prefecture": "長野県",
            "code": "20201",
        },
    }
    data = {"name": "three", "run": {"years": 2, "seed": 2}, "municipalities": towns}
    m = run(load_scenario(data=data)).migration
    assert len(m) > 0
    assert set(m.origin_prefecture.astype(str)) <= {"東京都", "神奈川県", "長野県", ""}
    area = dict(zip(m.origin.astype(str), m.origin_area.astype(str), strict=False))
    assert area.get("a") == "tokyo_area" and area.get("c") == "other"
    outside = m[~m.origin.isin(list(towns))]
    assert (outside.origin_area.astype(str) == outside.origin.astype(str)).all()
    into_tokyo = m[m.destination_area == "tokyo_area"].persons.sum()
    # the towns of Tokyo and Kanagawa, and the default outside place of the same name
    assert into_tokyo == m[m.destination.isin(["a", "b", "tokyo_area"])].persons.sum()
