"""IT regimes: the cost curve, the vendor market, the mandate, costs by part, outages, effects."""

import numpy as np
import pytest

from sim import RegionModel, load_scenario, run
from sim.model.it_costs import PARTS, fx_rate, own_cost, standard_year
from sim.model.it_systems import FUNCTIONS, JOINT, KINDS, LEGACY, STANDARD, LateMigrationWarning
from sim.model.kpis import it_per_resident
from sim.model.vendors import Vendor, serve
from sim.outputs.figure_tools import FY2017
from sim.outputs.results import region_table
from sim.scenario.params_it import FY2017_COST_POINTS, ITParams
from sim.scenario.params_market import MarketParams
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


def mandate(capacity: float = 2.0, **kw) -> dict:
    """A mandate from FY2015 with the deadline at the end of FY2015 (step 12), the extended
    deadline at the end of FY2016 (step 24); vendors with ``capacity`` times the engineers."""
    base = {"enabled": True, "start_fy": 2015, "deadline_fy": 2015, "late_deadline_fy": 2016}
    vendors = {k: {"share": 0.5} for k in ("a", "b")}
    return {"mandate": {**base, **kw}, "market": {"vendors": vendors, "capacity": capacity}}


def steps(model: RegionModel, n: int) -> None:
    for _ in range(n):
        model.step()


def test_own_system_cost_per_resident_falls_with_size_like_fy2017():
    p = ITParams()
    (small_n, small_yen, _), (city_n, city_yen, _) = FY2017_COST_POINTS
    sizes = np.array([small_n, city_n])
    small, city = own_cost(p, sizes) / sizes
    assert small == pytest.approx(small_yen, rel=0.02)  # towns under 20k (MIC FY2017)
    assert city == pytest.approx(city_yen, rel=0.02)  # cities of 100k-200k
    sizes = np.array([1_000, 5_000, 20_000, 100_000, 1_000_000])
    assert (np.diff(own_cost(p, sizes) / sizes) < 0).all()
    assert FY2017 == FY2017_COST_POINTS  # the figure's markers sit where the fit is checked


def test_the_standard_costs_what_the_verification_measured_at_its_rate():
    """At the verification's exchange rate, a price index of 1 and no add-ons, the standard
    costs its (B) over (A): 4,588,982,119 / 4,787,264,648 (within the rounding of the
    shares), part by part as the verification's lines."""
    m = MarketParams()
    basis = np.array([100e6])
    parts = standard_year(m, basis, 1.0, np.ones(1), np.zeros(1))
    assert sum(v[0] for v in parts.values()) / basis[0] == pytest.approx(
        4_588_982_119 / 4_787_264_648, abs=0.005
    )
    assert parts["cloud"][0] / basis[0] == pytest.approx(1_022_500_843 / 4_787_264_648, rel=1e-3)
    assert parts["network"][0] / basis[0] == pytest.approx(294_083_938 / 4_787_264_648, rel=0.01)
    # the cloud part follows the dollar; the vendor part follows the price; add-ons the vendor
    dear = standard_year(m, basis, 160 / 139, np.array([1.5]), np.array([0.1]))
    assert dear["cloud"][0] == pytest.approx(parts["cloud"][0] * 160 / 139)
    app = m.vendor_share * m.vendor_ratio * basis[0]
    assert dear["vendor"][0] - parts["vendor"][0] == pytest.approx(0.5 * app)
    assert dear["addon"][0] == pytest.approx(0.1 * 1.5 * app)


def test_the_exchange_rate_path_is_the_federal_reserve_series():
    m = MarketParams()
    assert fx_rate(m, 2018) == pytest.approx(110.40)
    assert fx_rate(m, 2023) == pytest.approx(140.50)
    assert fx_rate(m, 2030) == fx_rate(m, 2024)  # flat after the last year
    assert fx_rate(m, 2010) == fx_rate(m, 2017)


def test_a_vendor_serves_its_queue_until_its_engineers_run_out():
    asked = np.array([5.0, 3.0, 4.0, 2.0])
    given = serve(asked, np.array([2, 0, 3, 1]), engineers=10.0)
    assert given.tolist() == [5.0, 0.0, 4.0, 1.0]  # 2 (4), 0 (5), 3 (1 of 2), 1 (none)
    assert serve(asked, np.arange(4), engineers=100.0).tolist() == asked.tolist()


def test_a_busy_vendor_raises_its_price_and_an_idle_one_comes_back():
    v = Vendor.__new__(Vendor)
    v.engineers, v.price = 10.0, 1.0
    v.asked = 20.0  # asked for twice its engineers
    for _ in range(60):
        v.reprice(0.2, 0.5)
    assert v.price == pytest.approx(1.5, abs=1e-3)  # 1 + 0.5 x (2 - 1)
    v.asked = 5.0
    for _ in range(60):
        v.reprice(0.2, 0.5)
    assert v.price == pytest.approx(1.0, abs=1e-3)


def test_with_enough_engineers_every_town_moves_by_the_deadline():
    model = RegionModel(region(6, it=mandate(capacity=1.0)))
    steps(model, 12)
    it = model.it_systems
    assert (it.regime == STANDARD).all() and (it.work_left == 0).all()
    assert (it.functions_standard() == FUNCTIONS).all()
    assert not model.kpis.rows[-1]["it_overdue"].any()


def test_scarce_engineers_leave_the_last_towns_of_the_queue_late():
    """With engineers for half the work, about half of it is left at the deadline, in the
    towns at the end of the vendors' queues; they are overdue and pay a premium for what is
    left, and finish by the extended deadline."""
    with pytest.warns(LateMigrationWarning, match="less than the work"):
        model = RegionModel(region(8, it=mandate(capacity=0.5)))
        steps(model, 12)
    it = model.it_systems
    left = it.work_left.sum() / sum(
        it.market.project_years * own_cost(it.p, [s.population]) / it.market.engineer_month_yen
        for s in model.p.municipalities.values()
    )
    assert 0.4 < left[0] < 0.6
    late = it.work_left > 0
    assert late.any() and not late.all()
    for v in it.vendors:  # within a vendor, the late ones come after the served ones
        mine = it.queue[(it.vendor == v.idx)[it.queue]]
        flags = late[mine]
        assert (np.diff(flags.astype(int)) >= 0).all()
    steps(model, 1)
    row = model.kpis.rows[-1]
    assert (row["it_overdue"] == late).all() and (row["it_cost_late_yen"][late] > 0).all()
    # the premium's basis is the own system's cost at the population of its year: bounded
    # by the cost at the largest population recorded so far
    largest = np.max([x["population"] for x in model.kpis.rows], axis=0)
    own = own_cost(model.p.it, largest)
    assert (row["it_cost_late_yen"][~late] == 0).all()
    assert (row["it_cost_late_yen"][late] < it.market.late_premium * own[late] / 12).all()
    steps(model, 12)  # to the extended deadline: at half the engineers, not all done
    it = model.it_systems
    assert it.work_left.sum() < 0.5 * left[0] * it.work.sum() + 1e-9 or (it.regime == 2).any()
    steps(model, 36)
    assert (model.it_systems.regime == STANDARD).all()  # done in the end


def test_prices_follow_utilization_in_a_run():
    """Scarce engineers: projects fall behind, ask for more, and the vendors' prices rise."""
    with pytest.warns(LateMigrationWarning):
        model = RegionModel(region(6, it=mandate(capacity=0.5)))
        steps(model, 11)
    prices = np.array([v.price for v in model.it_systems.vendors])
    assert (prices > 1.05).all()
    assert all(v.utilization > 1 for v in model.it_systems.vendors)
    enough = RegionModel(region(6, it=mandate(capacity=3.0)))
    steps(enough, 11)
    assert all(v.price == pytest.approx(1.0) for v in enough.it_systems.vendors)


def test_the_subsidy_pays_up_to_its_cap_and_not_after_its_last_year():
    it = mandate(capacity=1.0)
    it["market"].update(subsidy_cap_years=0.5, subsidy_end_fy=2015)
    model = RegionModel(region(3, it=it))
    steps(model, 12)
    rows = model.kpis.rows[1:]
    paid = sum(r["it_subsidy_yen"] for r in rows)
    project = sum(r["it_cost_project_yen"] for r in rows)
    cap = 0.5 * own_cost(model.p.it, [s.population for s in model.p.municipalities.values()])
    assert (paid <= np.ceil(cap)).all() and (paid >= np.floor(cap) - 12).all()
    assert (project > paid).all()  # the town pays what the cap leaves
    late = RegionModel(region(3, it=mandate(capacity=1.0, start_fy=2016, deadline_fy=2016)))
    late.p.it.market.__dict__["subsidy_end_fy"] = 2015  # frozen model: set for the test
    steps(late, 24)
    assert sum(r["it_subsidy_yen"].sum() for r in late.kpis.rows) == 0


def test_parallel_running_lasts_while_functions_are_split():
    """While some functions have moved, the own system's fixed part is paid in full (its
    share for the moved functions is the parallel part); it ends with the project."""
    model = RegionModel(region(2, it=mandate(capacity=1.0)))
    seen = []
    for _ in range(14):
        moved = model.it_systems.functions_standard()  # at the month's start: its bill
        model.step()
        row = model.kpis.rows[-1]
        parallel = row["it_cost_parallel_yen"]
        split = (moved > 0) & (moved < FUNCTIONS)
        assert (parallel[split] > 0).all() and (parallel[~split] == 0).all()
        fixed = model.p.it.legacy_fixed_yen / 12
        assert np.allclose(parallel[split], np.floor(fixed * moved[split] / FUNCTIONS), atol=1)
        seen.append(split.any())
    assert any(seen) and not seen[-1]
    assert (model.kpis.rows[-1]["it_cost_legacy_yen"] == 0).all()


def test_joint_procurement_pools_the_fixed_costs():
    """A small town buying the standard with larger ones pays less per resident than alone."""
    towns = {i: {"it_regime": "standard"} for i in range(3)}
    alone = RegionModel(region(3, towns=towns))
    grouped = {i: {"it_regime": "standard", "it_group": "g"} for i in range(3)}
    together = RegionModel(region(3, towns=grouped))
    steps(alone, 1)
    steps(together, 1)
    a, b = alone.kpis.rows[-1], together.kpis.rows[-1]
    assert b["it_cost_cloud_yen"][0] < a["it_cost_cloud_yen"][0]  # t0 is the smallest
    assert b["it_cost_cloud_yen"].sum() < a["it_cost_cloud_yen"].sum()  # one fixed part


def test_joint_group_splits_the_fixed_cost_by_population():
    sched = {"schedule": [{"fy": 2015, "to": "joint", "group": "north"}], "project_months": 2}
    model = RegionModel(region(3, it=sched))
    steps(model, 4)
    it, p = model.it_systems, model.p.it
    assert (it.regime == JOINT).all()
    row = model.kpis.rows[-1]
    pop = row["population"] - row["moves_in"] + row["moves_out"]
    expected = p.joint_fixed_yen * pop / pop.sum() + p.joint_member_yen
    expected = (expected + p.joint_per_resident_yen * pop) / 12
    assert np.allclose(row["it_cost_joint_yen"], np.floor(expected), atol=2)


def test_a_shared_system_of_five_small_towns_saves_thirty_percent():
    """joint_member_yen's calibration: five towns of 5,000 persons, own against shared."""
    p = ITParams()
    own = 5 * own_cost(p, 5_000)
    shared = p.joint_fixed_yen + 5 * p.joint_member_yen + p.joint_per_resident_yen * 25_000
    assert shared / own == pytest.approx(0.70, abs=0.005)


def test_national_share_and_costs_by_part_add_up():
    model = RegionModel(region(3, towns={0: {"it_regime": "standard"}}))
    steps(model, 2)
    row = model.kpis.rows[-1]
    assert (row["it_cost_yen"] == sum(row[f"it_cost_{k}_yen"] for k in KINDS)).all()
    assert row["it_national_share"][0] > 0.8  # the standard's parts are set nationally
    assert (row["it_national_share"][1:] == 0).all()  # an own system is the town's
    assert set(KINDS) == set(PARTS)


def test_a_cloud_incident_hits_every_standard_town_at_once():
    it = {"outage_rate_cloud": 0.3, "outage_rate_legacy": 0.0}
    model = RegionModel(region(8, towns={i: {"it_regime": "standard"} for i in range(8)}, it=it))
    hits = []
    for _ in range(20):
        model.step()
        hits.append(model.kpis.rows[-1]["outage_days"] > 0)
    hits = np.array(hits)
    assert hits.any()
    assert ((hits.sum(1) == 0) | (hits.sum(1) == 8)).all()  # all or none, every month


def test_a_joint_system_fails_in_all_its_members_at_once():
    """Towns 0-3 share system a, 4-7 system b; 8-11 have their own."""
    towns = {i: {"it_regime": "joint", "it_group": "a" if i < 4 else "b"} for i in range(8)}
    it = {"outage_rate_legacy": 0.3, "outage_rate_cloud": 0.0, "outage_days": 2.0}
    model = RegionModel(region(12, towns=towns, it=it))
    hits = []
    for _ in range(40):
        model.step()
        days = model.kpis.rows[-1]["outage_days"]
        assert set(days) <= {0.0, 2.0}
        hits.append(days > 0)
    hits = np.array(hits)
    a, b, own = hits[:, :4].sum(1), hits[:, 4:8].sum(1), hits[:, 8:].sum(1)
    assert np.isin(a, [0, 4]).all() and np.isin(b, [0, 4]).all()  # all members or none
    assert a.any() and b.any() and ((a > 0) != (b > 0)).any()  # groups fail independently
    assert ((own > 0) & (own < 4)).any()  # own systems fail alone


def test_standard_raises_online_share_and_links_firm_data():
    it = mandate(capacity=1.0)
    it.update(linkage_adoption_rate=0.2)
    model = RegionModel(region(2, it=it))
    productivity = model.firms.productivity_yen.sum()
    steps(model, 24)
    row = model.kpis.rows[-1]
    assert (row["online_share"] > 0.4).all()
    assert row["firms_linked_data"].sum() > 0
    assert model.firms.productivity_yen.sum() > productivity * 0.5
    hours0 = model.kpis.rows[1]["resident_hours"] / model.kpis.rows[1]["population"]
    hours = row["resident_hours"] / row["population"]
    assert (hours < hours0).all()


def test_addons_cost_money_and_restore_fit_town_by_town():
    """t0 buys full fit, t1 the region-wide half, t2 nothing; t3 is on legacy."""
    towns = {
        0: {"it_regime": "standard", "it_addon_share": 0.2},
        1: {"it_regime": "standard"},
        2: {"it_regime": "standard", "it_addon_share": 0.0},
        3: {"it_addon_share": 0.2},
    }
    it = {"market": {"addon_share": 0.1, "addon_full_fit_share": 0.2}, "customization_loss": 0.1}
    model = RegionModel(region(4, towns=towns, it=it))
    model.step()
    row = model.kpis.rows[-1]
    basis = own_cost(model.p.it, row["population"] - row["moves_in"] + row["moves_out"])
    per = row["it_cost_addon_yen"] / basis
    assert per[0] == pytest.approx(2 * per[1], rel=0.01)
    assert row["it_cost_addon_yen"][2] == 0 and row["it_cost_addon_yen"][3] == 0
    assert np.allclose(model.it_systems.fit(), [1.0, 0.95, 0.9, 1.0])


def test_budget_counts_it_costs_before_services(small_scenario):
    model = RegionModel(small_scenario)
    model.step()
    b = model.municipalities[0].budget
    assert b.it == model.it_systems.yearly_costs(model.kpis.rows[0]["population"])[0]
    assert b.it > 0


CENTRALIZATION = sorted(p.stem for p in (SCENARIOS / "centralization").glob("*.yaml"))


@pytest.mark.parametrize("name", CENTRALIZATION)
def test_centralization_scenarios_conserve_through_transitions(name):
    """Every step is checked (money, goods, people): a violation raises."""
    scenario = load_scenario(
        SCENARIOS / "centralization" / f"{name}.yaml",
        overrides=["run.years=7", "run.scale=25"],
    )
    with pytest.warns() if "standard" in name else _nothing():
        results = run(scenario)
    later = results.kpis[results.kpis.step > 0]
    assert later["it_cost_yen"].gt(0).all()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_it_cost_per_resident_by_part_in_integer_yen():
    with pytest.warns(LateMigrationWarning):
        results = run(region(3, it=mandate(capacity=0.6)), years=2)
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
    assert k.it_per_resident_late_yen.gt(0).any() and k.it_per_resident_cloud_yen.gt(0).any()
    whole = region_table(k)
    total = whole.population.clip(lower=1)
    assert (whole.it_cost_per_resident_yen == whole.it_cost_yen * 12 // total).all()
    expected = it_per_resident(whole, whole.population)
    for column in columns:
        assert (whole[column] == expected[column]).all()
    assert whole.it_overdue.dtype.kind in "iu"  # a count of towns
    assert LEGACY == 0


def test_knowhow_fades_on_the_standard_and_stays_on_own_systems():
    """Each April a town on the standard loses knowhow_loss of its know-how; a town on its
    own system keeps all of it; add-ons then restore only as much fit as the town still
    knows how to specify."""
    towns = {0: {"it_regime": "standard", "it_addon_share": 0.2}, 1: {}}
    it = {"knowhow_loss": 0.2, "knowhow_regain": 0.1, "knowhow_division": 0.0}
    it |= {"market": {"addon_full_fit_share": 0.2}, "customization_loss": 0.1}
    model = RegionModel(region(2, towns=towns, it=it))
    steps(model, 25)  # two Aprils after the first: steps 13 and 25
    know = model.it_systems.knowhow
    assert know[0] == pytest.approx(0.8**2) and know[1] == 1.0
    assert model.it_systems.fit()[0] == pytest.approx(1 - 0.1 * (1 - 0.8**2))
    assert model.kpis.rows[-1]["it_knowhow"][0] == pytest.approx(0.64)


def test_knowhow_comes_back_on_an_own_system_and_with_a_digital_division():
    """Back on its own system, the gap closes by knowhow_regain a year; a digital division at
    its reference spending closes knowhow_division of it more, even on the standard."""
    from sim.scenario.params_policy import Program

    it = {"knowhow_loss": 0.0, "knowhow_regain": 0.1, "knowhow_division": 0.3}
    model = RegionModel(region(2, towns={0: {"it_regime": "standard"}}, it=it))
    model.it_systems.knowhow[:] = 0.5
    model.policy.effect = lambda program: np.array(  # a division in town 0 only
        [1.0, 0.0] if program == Program.DIGITAL_DIVISION else [0.0, 0.0]
    )
    model.it_systems._knowhow()
    assert model.it_systems.knowhow == pytest.approx([0.5 + 0.5 * 0.3, 0.5 + 0.5 * 0.1])


def test_a_project_past_its_last_month_goes_on_at_its_planned_pace():
    """With no extension after the deadline, the projects left ask for the pace they were
    planned at, not for all their work at once: past the deadline the vendor's price falls
    back towards its response to being asked for 1 / capacity of its engineers (it rose as the
    deadline neared), and the work still ends."""
    it = mandate(capacity=0.5, late_deadline_fy=2015)
    model = RegionModel(region(3, it=it))
    steps(model, 14)  # two months past the deadline (step 12)
    systems = model.it_systems
    assert (systems.work_left > 0).any()
    peak = max(v.price for v in systems.vendors)
    bound = 1 + model.p.it.market.price_response * (1 / 0.5 - 1)
    prices = []
    for _ in range(30):
        model.step()
        prices.append(max(v.price for v in systems.vendors))
    assert max(prices) <= peak + 1e-9
    assert prices[-1] <= bound + 1e-9
    assert (systems.work_left == 0).all()
