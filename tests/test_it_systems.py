"""IT regimes: the cost curve, projects, the mandate, late migrators, outages, effects."""

import numpy as np
import pytest

from sim import RegionModel, load_scenario, run
from sim.figures import FY2017
from sim.it_systems import (
    JOINT,
    KINDS,
    LEGACY,
    STANDARD,
    LateMigrationWarning,
    legacy_cost_per_resident,
)
from sim.kpis import it_per_resident
from sim.results import region_table
from sim.scenario.params_it import FY2017_COST_POINTS, ITParams
from tests.conftest import SCENARIOS


def region(n: int = 3, towns: dict[int, dict] | None = None, **blocks):
    """n towns of 2,000-8,000 persons within commuting range, from April 2015.

    ``towns`` adds fields to some towns by index (e.g. ``{0: {"it_regime": "standard"}}``)."""
    towns = {
        f"t{i}": {
            "population": 2000 + 3000 * (i % 3),
            "lat": 43.0 + 0.05 * i,
            "lon": 143.0,
            **(towns or {}).get(i, {}),
        }
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
    (small_n, small_yen, _), (city_n, city_yen, _) = FY2017_COST_POINTS
    assert (small_n, city_n) == (8_000, 150_000)  # the sizes docs/scenarios/ names
    small, city = legacy_cost_per_resident(p, np.array([small_n, city_n]))
    assert small == pytest.approx(small_yen, rel=0.02)  # towns under 20k (MIC FY2017)
    assert city == pytest.approx(city_yen, rel=0.02)  # cities of 100k-200k
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


def test_the_cost_curve_figure_marks_the_fitted_sizes():
    assert FY2017 == FY2017_COST_POINTS  # the figure's markers sit where the fit is checked


def cloud_monthly(p, pop, adopters=1, index=1.0):
    scale = (max(adopters, 1) / p.cloud_reference_adopters) ** p.cloud_fee_elasticity * index
    return np.floor((p.cloud_fixed_yen + p.cloud_per_resident_yen * pop) * scale / 12)


def test_a_project_that_overruns_the_deadline_makes_the_town_late():
    """Mandate in FY2015, deadline end of FY2015 (step 12), 18-month projects (steps 1-18)."""
    it = {
        "mandate": {
            "enabled": True,
            "start_fy": 2015,
            "deadline_fy": 2015,
            "late_deadline_fy": 2016,
            "late_share": 0.0,
        },
        "project_months": 18,
    }
    model = RegionModel(region(3, it=it))
    with pytest.warns(LateMigrationWarning, match="3 of 3 municipalities cannot finish"):
        model.step()
    for _ in range(21):
        model.step()
    p, rows = model.p.it, model.kpis.rows
    for step in range(1, 13):  # on time so far: own system and project only
        assert not rows[step]["it_late"].any() and not rows[step]["it_overdue"].any()
        assert (rows[step]["it_cost_late_yen"] == 0).all()
    for step in range(13, 19):  # past the deadline, still migrating: both systems
        row = rows[step]
        assert row["it_late"].all() and row["it_overdue"].all() and row["it_migrating"].all()
        assert (row["it_cost_legacy_yen"] > 0).all() and (row["it_cost_cloud_yen"] == 0).all()
        cloud = cloud_monthly(p, billed_population(row))
        assert np.allclose(row["it_cost_late_yen"], cloud, atol=1)
        assert (row["it_leaving_region_yen"] >= row["it_cost_late_yen"]).all()  # cloud leaves
    assert (model.it_systems.regime == STANDARD).all()
    for step in range(19, 23):  # moved, not drawn late: the cloud only
        row = rows[step]
        assert not row["it_late"].any() and (row["it_cost_late_yen"] == 0).all()
        assert (row["it_cost_cloud_yen"] > 0).all() and (row["it_cost_legacy_yen"] == 0).all()


def test_a_mandate_that_started_before_the_run_starts_in_its_first_year():
    """A run from April 2015 of a mandate from FY2013, deadline FY2014: every town is late."""
    it = mandate(start_fy=2013, deadline_fy=2014, late_deadline_fy=2016, late_share=0.0)
    model = RegionModel(region(2, it=it))
    with pytest.warns(LateMigrationWarning, match="before the run: projects start in FY2015"):
        model.step()
    assert (model.it_systems.target == STANDARD).all()
    assert model.kpis.rows[1]["it_overdue"].all() and model.kpis.rows[1]["it_late"].all()
    for _ in range(7):
        model.step()
    assert (model.it_systems.regime == STANDARD).all()  # not left on legacy for ever
    assert not model.kpis.rows[-1]["it_late"].any()


def test_a_mandate_met_in_time_does_not_warn(recwarn):
    model = RegionModel(region(2, it=mandate(late_share=0.0)))
    model.step()
    assert not [w for w in recwarn if issubclass(w.category, LateMigrationWarning)]
    assert not model.kpis.rows[-1]["it_overdue"].any()


def test_a_joint_system_fails_in_all_its_members_at_once():
    """Towns 0-3 share system a, 4-7 system b; 8-11 have their own."""
    towns = {i: {"it_regime": "joint", "it_group": "a" if i < 4 else "b"} for i in range(8)}
    it = {"outage_rate_legacy": 0.3, "outage_rate_cloud": 0.0, "outage_days": 2.0}
    model = RegionModel(region(12, towns=towns, it=it))
    hits = []
    for _ in range(40):
        model.step()
        days = model.kpis.rows[-1]["outage_days"]
        assert set(days) <= {0.0, 2.0}  # the same outage for joint and own systems
        hits.append(days > 0)
    hits = np.array(hits)
    a, b, own = hits[:, :4].sum(1), hits[:, 4:8].sum(1), hits[:, 8:].sum(1)
    assert np.isin(a, [0, 4]).all() and np.isin(b, [0, 4]).all()  # all members or none
    assert a.any() and b.any() and ((a > 0) != (b > 0)).any()  # groups fail independently
    assert ((own > 0) & (own < 4)).any()  # own systems fail alone


def test_cloud_fees_fall_or_rise_with_the_number_of_adopters():
    def cloud_cost(standard: int, elasticity: float) -> tuple[np.ndarray, np.ndarray]:
        towns = {i: {"it_regime": "standard"} for i in range(standard)}
        it = {"cloud_fee_elasticity": elasticity, "cloud_reference_adopters": 2}
        model = RegionModel(region(4, towns=towns, it=it))
        model.step()
        row = model.kpis.rows[-1]
        expected = cloud_monthly(model.p.it, billed_population(row), adopters=standard)
        assert np.allclose(row["it_cost_cloud_yen"][:standard], expected[:standard], atol=1)
        return row["it_cost_cloud_yen"][0], billed_population(row)[0]

    few, pop_few = cloud_cost(2, -0.5)  # at the reference: the listed fees
    many, pop_many = cloud_cost(4, -0.5)
    dearer, _ = cloud_cost(4, 0.5)
    assert pop_few == pop_many
    assert many == pytest.approx(few * 2**-0.5, abs=1)  # twice the adopters, fees / sqrt 2
    assert dearer == pytest.approx(few * 2**0.5, abs=1)


def test_cloud_fees_grow_each_april_after_the_first_budget():
    towns = {i: {"it_regime": "standard"} for i in range(2)}
    model = RegionModel(region(2, towns=towns, it={"cloud_fee_growth": 0.1}))
    for _ in range(25):
        model.step()
    p, rows = model.p.it, model.kpis.rows
    for step, index in ((1, 1.0), (12, 1.0), (13, 1.1), (24, 1.1), (25, 1.21)):
        expected = cloud_monthly(p, billed_population(rows[step]), adopters=2, index=index)
        assert np.allclose(rows[step]["it_cost_cloud_yen"], expected, atol=1), step


def test_addons_cost_money_and_restore_fit_town_by_town():
    """t0 buys full fit, t1 the region-wide half, t2 nothing; t3 is on legacy."""
    towns = {
        0: {"it_regime": "standard", "it_addon_yen": 20_000_000},
        1: {"it_regime": "standard"},
        2: {"it_regime": "standard", "it_addon_yen": 0},
        3: {"it_addon_yen": 20_000_000},
    }
    it = {"addon_yen": 10_000_000, "addon_full_fit_yen": 20_000_000, "customization_loss": 0.1}
    model = RegionModel(region(4, towns=towns, it=it))
    model.step()
    row = model.kpis.rows[-1]
    assert row["it_cost_addon_yen"].tolist() == [20_000_000 // 12, 10_000_000 // 12, 0, 0]
    assert np.allclose(model.it_systems.fit(), [1.0, 0.95, 0.9, 1.0])
    assert (row["it_cost_yen"] == sum(row[f"it_cost_{k}_yen"] for k in KINDS)).all()
    plain = RegionModel(region(4, towns={i: {"it_regime": "standard"} for i in range(3)}))
    plain.step()  # add-ons are on top of the cloud, which they do not change
    assert (plain.kpis.rows[-1]["it_cost_cloud_yen"][:3] == row["it_cost_cloud_yen"][:3]).all()


def test_it_cost_per_resident_by_kind_in_integer_yen():
    results = run(region(3, it=mandate(late_share=1.0)), years=2)
    k = results.kpis
    pop = k["population"].clip(lower=1)
    columns = ["it_cost_per_resident_yen", *(f"it_per_resident_{x}_yen" for x in KINDS)]
    columns.append("it_per_resident_project_net_yen")
    assert all(k[c].dtype == np.int64 for c in columns)
    assert (k.it_cost_per_resident_yen == k.it_cost_yen * 12 // pop).all()
    for kind in KINDS:
        assert (k[f"it_per_resident_{kind}_yen"] == k[f"it_cost_{kind}_yen"] * 12 // pop).all()
    net = (k.it_cost_project_yen - k.it_subsidy_yen) * 12 // pop
    assert (k.it_per_resident_project_net_yen == net).all()
    assert k.it_per_resident_project_net_yen.gt(0).any()
    assert (k.it_per_resident_project_net_yen < k.it_per_resident_project_yen).any()
    assert k.it_per_resident_late_yen.gt(0).any() and k.it_per_resident_cloud_yen.gt(0).any()
    # the region: its totals over its population, not a sum of the towns' ratios
    whole = region_table(k)
    total = whole.population.clip(lower=1)
    assert all(whole[c].dtype == np.int64 for c in columns)
    assert (whole.it_cost_per_resident_yen == whole.it_cost_yen * 12 // total).all()
    expected = it_per_resident(whole, whole.population)
    for column in columns:
        assert (whole[column] == expected[column]).all()
    assert (whole.it_per_resident_cloud_yen == whole.it_cost_cloud_yen * 12 // total).all()
    summed = k.groupby("step").it_cost_per_resident_yen.sum().to_numpy()
    assert (whole.it_cost_per_resident_yen.to_numpy()[1:] < summed[1:]).all()
    assert whole.it_overdue.dtype.kind in "iu"  # a count of towns
