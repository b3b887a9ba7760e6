"""IT regimes: the cost curve, projects, the mandate, late migrators, outages, effects."""

import numpy as np
import pytest

from sim import RegionModel, load_scenario, run
from sim.it_systems import JOINT, LEGACY, STANDARD, legacy_cost_per_resident
from sim.scenario.params_it import ITParams
from tests.conftest import SCENARIOS


def region(n: int = 3, **blocks):
    """n towns of 2,000-8,000 persons within commuting range, from April 2015."""
    towns = {
        f"t{i}": {"population": 2000 + 3000 * (i % 3), "lat": 43.0 + 0.05 * i, "lon": 143.0}
        for i in range(n)
    }
    data = {"run": {"years": 3, "seed": 2, "scale": 2}, "municipalities": towns}
    data.update(blocks)
    return load_scenario(data=data)


def billed_population(row) -> np.ndarray:
    """Population when the month's IT bill was made: after demography, before migration."""
    return row["population"] - row["moves_in"] + row["moves_out"]


def mandate(**kw):
    base = {"enabled": True, "start_fy": 2015, "deadline_fy": 2016, "late_deadline_fy": 2017}
    return {"mandate": {**base, **kw}, "project_months": 6}


def test_legacy_cost_per_resident_falls_with_size_like_fy2017():
    p = ITParams()
    small, city = legacy_cost_per_resident(p, np.array([8_000, 150_000]))
    assert small == pytest.approx(11_724, rel=0.02)  # towns under 20k (MIC FY2017)
    assert city == pytest.approx(3_096, rel=0.02)  # cities of 100k-200k
    sizes = np.array([1_000, 5_000, 20_000, 100_000, 1_000_000])
    assert (np.diff(legacy_cost_per_resident(p, sizes)) < 0).all()


def test_cost_curve_in_a_run_of_a_generated_region():
    scenario = load_scenario(
        SCENARIOS / "generated.yaml",
        overrides=[
            "run.years=1",
            "run.scale=20",
            "generate.population=400000",
            "generate.size_spread=1.5",
        ],
    )
    k = run(scenario).kpis
    k = k[k.step == 12]
    small = k[k.population < 20_000]
    large = k[k.population >= 100_000]
    assert len(small) and len(large)
    ratio = small.it_cost_per_resident_yen.mean() / large.it_cost_per_resident_yen.mean()
    assert ratio > 2.5  # small towns pay several times more per resident
    rank = k[["population", "it_cost_per_resident_yen"]].rank().corr().iloc[0, 1]
    assert rank < -0.9


def test_mandate_moves_one_town_to_the_standard():
    model = RegionModel(region(1, it=mandate(late_share=0.0)))
    assert model.it_systems.regime.tolist() == [LEGACY]
    for _ in range(12):
        model.step()
    it = model.it_systems
    assert it.regime.tolist() == [STANDARD]  # 6-month project from April 2015
    assert (
        model.kpis.rows[1]["it_migrating"].all() and not model.kpis.rows[-1]["it_migrating"].any()
    )


def test_mandate_moves_many_towns_by_the_deadline():
    model = RegionModel(region(12, it=mandate(late_share=0.0)))
    for _ in range(24):
        model.step()
    assert (model.it_systems.regime == STANDARD).all()
    subsidy = sum(row["it_subsidy_yen"].sum() for row in model.kpis.rows)
    assert (
        0
        < subsidy
        <= model.p.it.subsidy_per_resident_yen
        * sum(s.population for s in model.p.municipalities.values())
    )


def test_late_migrators_pay_for_both_systems():
    model = RegionModel(region(6, it=mandate(late_share=1.0, late_system_share=0.3)))
    for _ in range(8):  # projects done after 6 months
        model.step()
    it, p = model.it_systems, model.p.it
    assert (it.regime == STANDARD).all() and (it.late_until >= model.steps).all()
    row = model.kpis.rows[-1]
    pop = billed_population(row)
    legacy_monthly = (p.legacy_fixed_yen + p.legacy_per_resident_yen * pop) / 12
    assert np.allclose(row["it_cost_late_yen"], np.floor(legacy_monthly * 0.3), atol=1)
    assert (row["it_cost_cloud_yen"] > 0).all() and row["it_late"].all()
    for _ in range(30):  # past the extended deadline (end of FY2017)
        model.step()
    assert (model.kpis.rows[-1]["it_cost_late_yen"] == 0).all()


def test_a_cloud_incident_hits_every_standard_town_at_once():
    it = mandate(late_share=0.0)
    it.update(outage_rate_cloud=0.3, outage_rate_legacy=0.0)
    model = RegionModel(region(8, it=it))
    hits = []
    for _ in range(30):
        model.step()
        if (model.it_systems.regime == STANDARD).all():
            hits.append(model.kpis.rows[-1]["outage_days"] > 0)
    hits = np.array(hits)
    assert hits.any()
    assert ((hits.sum(1) == 0) | (hits.sum(1) == 8)).all()  # all or none, every month


def test_legacy_outages_are_independent():
    model = RegionModel(region(12, it={"outage_rate_legacy": 0.5}))
    patterns = set()
    for _ in range(6):
        model.step()
        patterns.add(tuple(model.kpis.rows[-1]["outage_days"] > 0))
    assert any(0 < sum(p) < 12 for p in patterns)


def test_joint_group_splits_the_fixed_cost_by_population():
    sched = {"schedule": [{"fy": 2015, "to": "joint", "group": "north"}], "project_months": 2}
    model = RegionModel(region(3, it=sched))
    for _ in range(4):
        model.step()
    it, p = model.it_systems, model.p.it
    assert (it.regime == JOINT).all()
    row = model.kpis.rows[-1]
    pop = billed_population(row)
    expected = (p.joint_fixed_yen * pop / pop.sum() + p.joint_per_resident_yen * pop) / 12
    assert np.allclose(row["it_cost_joint_yen"], np.floor(expected), atol=1)


def test_standard_raises_online_share_and_links_firm_data():
    it = mandate(late_share=0.0)
    it.update(linkage_adoption_rate=0.2)
    model = RegionModel(region(2, it=it))
    productivity = model.firms.productivity_yen.sum()
    for _ in range(24):
        model.step()
    row = model.kpis.rows[-1]
    assert (row["online_share"] > 0.4).all()
    assert row["firms_linked_data"].sum() > 0
    assert model.firms.productivity_yen.sum() > productivity * 0.5  # firms exist and gained
    hours0 = model.kpis.rows[1]["resident_hours"] / model.kpis.rows[1]["population"]
    hours = row["resident_hours"] / row["population"]
    assert (hours < hours0).all()


def test_budget_counts_it_costs_before_services(small_scenario):
    model = RegionModel(small_scenario)
    model.step()
    b = model.municipalities[0].budget
    assert b.it == model.it_systems.yearly_cost(0, int(model.kpis.rows[0]["population"][0]))
    assert b.it > 0


@pytest.mark.parametrize(
    "name",
    ["all_legacy", "regional_joint", "standard_mandate", "standard_late", "standard_rising_fees"],
)
def test_centralization_scenarios_conserve_through_transitions(name):
    """Every step is checked (money, goods, people): a violation raises."""
    scenario = load_scenario(
        SCENARIOS / "centralization" / f"{name}.yaml",
        overrides=["run.years=7", "run.scale=25"],
    )
    results = run(scenario)
    later = results.kpis[results.kpis.step > 0]
    assert later["it_cost_yen"].gt(0).all()
