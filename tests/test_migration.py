"""Migration: who moves (age), where to (gravity among the own town, the region's towns and the
outside places), who arrives from outside, and the housing that caps moves (ODD 7.8)."""

import numpy as np
import pandas as pd
import pytest

from sim import RegionModel
from sim.model.destinations import STAGES, Places, choose_rows, stage_of
from sim.model.kernels_households import household_heads
from sim.model.migration import GENERATION_MONTHS, MOVE_AGE_BINS
from sim.scenario.params_migration import MigrationParams
from sim.scenario.params_region import OutsidePlace
from sim.scenario.params_town_policy import Program
from tests.conftest import two_towns
from tests.mechanism_helpers import binomial_ok, chain

#: The two towns four times larger (12,000 and 24,000): enough movers in one month.
BIG = {
    "small": {"population": 12000, "share_65_plus": 0.36, "lat": 43.0, "lon": 143.0},
    "hub": {"population": 24000, "share_65_plus": 0.30, "lat": 43.18, "lon": 143.0},
}
DEFAULT_RATES = MigrationParams().move_rate_by_age
#: The own town weighs nothing: every mover leaves it (a move within it is never chosen).
#: The own town weighs nothing, and the schedule is taken as it is (mobility 1).
NOBODY_STAYS = {"local_elasticity": -2.0, "mobility": 1.0}


def deciders(model: RegionModel) -> np.ndarray:
    """Heads, and sons and daughters from leave_home_age to 29 (ODD 7.8)."""
    r = model.residents
    is_head, head_age = household_heads(r.household, r.age_months)
    years = r.age_months // 12
    leave = model.p.households.leave_home_age
    young = (
        ~is_head & (head_age - r.age_months >= GENERATION_MONTHS) & (years >= leave) & (years < 30)
    )
    return is_head | young


def monthly(p_year) -> np.ndarray:
    return 1 - (1 - np.minimum(np.asarray(p_year), 0.99)) ** (1 / 12)


def plenty_of_housing(model: RegionModel) -> None:
    model.towns.housing_stock[:] = 10**7


def departures(model: RegionModel) -> None:
    """One month's departures with this month's destination weights."""
    mig = model.migration
    pop = model.people.count().astype(float) * model.p.run.scale
    v = mig.places.utilities(pop, mig.attractiveness, mig.child_term())
    mig._departures(mig.places.cumulative(v))


def test_household_heads_are_the_oldest_member():
    hh = np.array([0, 0, 0, 1, 1, 2])
    age = np.array([300, 500, 500, 40, 900, 10])
    head, head_age = household_heads(hh, age)
    assert head.tolist() == [False, True, False, False, True, True]  # first of equals
    assert head_age.tolist() == [500, 500, 500, 900, 900, 10]


@pytest.mark.parametrize(
    "rates",
    [
        tuple(min(3 * x, 0.95) for x in DEFAULT_RATES),  # young adults most mobile
        (0.1, 0.1, 0.05, 0.05, 0.05, 0.1, 0.1, 0.2, 0.6),  # an inverted schedule: the old
    ],
)
def test_moving_propensity_follows_the_age_schedule(rates):
    """Each decider moves with the monthly chance of its age group (times mobility); with the
    own town weighing nothing every move leaves it; others only follow their head."""
    mig = {"move_rate_by_age": rates, **NOBODY_STAYS}
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    plenty_of_housing(model)
    r = model.residents
    decides = deciders(model)
    group = np.searchsorted(MOVE_AGE_BINS, r.age_months // 12, side="right")
    household, ids, town = r.household.copy(), r.id.copy(), r.municipality.copy()
    is_head = household_heads(r.household, r.age_months)[0]
    departures(model)
    rows = model.residents.rows_of(ids)
    gone = (rows < 0) | (model.residents.municipality[np.maximum(rows, 0)] != town)
    observed = np.zeros(9)
    for g in range(2, 9):  # 15-19 and older: the groups with deciders
        n, k = int((decides & (group == g)).sum()), int((gone & decides & (group == g)).sum())
        observed[g] = k / n
        assert binomial_ok(k, n, monthly(rates[g])), (g, k, n)
    assert observed.argmax() == int(np.argmax(rates[2:])) + 2
    heads_gone = set(household[is_head & gone].tolist())
    assert set(household[gone & ~decides].tolist()) <= heads_gone


def test_mobility_multiplies_the_schedule():
    rates = (0.0, 0.0, 0.0, 0.2, 0.0, 0.0, 0.0, 0.0, 0.0)
    left = []
    for mobility in (1.0, 2.0):
        mig = {**NOBODY_STAYS, "move_rate_by_age": rates, "mobility": mobility}
        model = RegionModel(two_towns(municipalities=BIG, migration=mig), seed=5)
        plenty_of_housing(model)
        decides = deciders(model) & (model.residents.age_months // 12 >= 20)
        decides &= model.residents.age_months // 12 < 25
        n, before = int(decides.sum()), model.residents.n
        departures(model)
        k = int(model.people.moves_out.sum() + model.people.to_place.sum())
        left.append((k, n))
        assert before == model.residents.n + int(model.people.to_place.sum())
    (k1, n1), (k2, n2) = left
    assert binomial_ok(k1, n1, monthly(0.2), sigmas=6) or k1 < k2
    assert k2 / n2 > 1.6 * k1 / n1


def test_age_groups_have_the_documented_edges():
    """Only the 20-24 group may move: every decider who leaves is 20 to 24, both ends met."""
    rates = (0.0, 0.0, 0.0, 0.95, 0.0, 0.0, 0.0, 0.0, 0.0)
    mig = {"move_rate_by_age": rates, **NOBODY_STAYS}
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    plenty_of_housing(model)
    r = model.residents
    decides, years, ids, town = deciders(model), r.age_months // 12, r.id.copy(), r.municipality
    town = town.copy()
    departures(model)
    rows = model.residents.rows_of(ids)
    gone = (rows < 0) | (model.residents.municipality[np.maximum(rows, 0)] != town)
    assert sorted(set(years[gone & decides].tolist())) == [20, 21, 22, 23, 24]


def grown_children(model: RegionModel, min_head_years: int = 40) -> np.ndarray:
    """Make children living with a head aged min_head_years+ into sons and daughters of 18-29
    (at least 18 years younger than the head); returns their rows."""
    r = model.residents
    is_head, head_age = household_heads(r.household, r.age_months)
    rows = np.nonzero(~is_head & (r.age_months < 15 * 12) & (head_age >= min_head_years * 12))[0]
    r.age_months[rows] = np.clip(head_age[rows] - 18 * 12, 18 * 12, 30 * 12 - 1)
    return rows


def test_young_who_move_within_their_town_leave_home_there():
    """A son or daughter who moves and chooses the own town (a move within it) forms a
    household of one there; the parents stay as they were."""
    rates = (0.0, 0.0, 0.95, 0.95, 0.95, 0.0, 0.0, 0.0, 0.0)
    mig = {"move_rate_by_age": rates, "local_elasticity": 3.0, "mobility": 1.0}  # own town wins
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    plenty_of_housing(model)
    young = grown_children(model)
    r = model.residents
    ids, town, household = r.id.copy(), r.municipality.copy(), r.household.copy()
    departures(model)
    rows = model.residents.rows_of(ids)
    assert (rows >= 0).all() and (model.residents.municipality[rows] == town).all()
    after = model.residents.household[rows]
    left_home = young[after[young] != household[young]]
    assert binomial_ok(left_home.size, young.size, monthly(0.95))
    assert np.unique(after[left_home]).size == left_home.size  # one each, new ids
    assert not np.isin(after[left_home], household).any()


def test_sons_and_daughters_decide_alone():
    """Young members (18-29, a generation below the head) move on their own chance and form
    a household of one; their parents (40+, who do not move here) stay."""
    rates = (0.0, 0.0, 0.95, 0.95, 0.95, 0.0, 0.0, 0.0, 0.0)
    mig = {"move_rate_by_age": rates, **NOBODY_STAYS}
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    plenty_of_housing(model)
    young = grown_children(model)
    r = model.residents
    is_head = household_heads(r.household, r.age_months)[0]
    ids, town, household = r.id.copy(), r.municipality.copy(), r.household.copy()
    parents = is_head & (r.age_months >= 40 * 12)
    departures(model)
    rows = model.residents.rows_of(ids)
    moved = (rows < 0) | (model.residents.municipality[np.maximum(rows, 0)] != town)
    assert binomial_ok(int(moved[young].sum()), young.size, monthly(0.95))
    still = rows >= 0
    assert not moved[parents].any()
    in_region = young[moved[young] & still[young]]
    new_household = model.residents.household[rows[in_region]]
    assert np.unique(new_household).size == new_household.size
    assert not np.isin(new_household, household).any()


def test_sons_and_daughters_stay_behind_when_the_head_moves():
    """A moving head takes the household (spouse, children under 18) but not the young
    members who did not decide to go: they stay, each in a new household of one."""
    rates = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.95, 0.0)  # heads of 40-64 only
    mig = {"move_rate_by_age": rates, **NOBODY_STAYS}
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    plenty_of_housing(model)
    young = np.zeros(model.residents.n, dtype=bool)
    young[grown_children(model)] = True
    r = model.residents
    is_head = household_heads(r.household, r.age_months)[0]
    ids, town, household = r.id.copy(), r.municipality.copy(), r.household.copy()
    departures(model)
    rows = model.residents.rows_of(ids)
    here = rows >= 0
    now = np.where(here, model.residents.municipality[np.maximum(rows, 0)], -1)
    after = np.where(here, model.residents.household[np.maximum(rows, 0)], -1)
    head_moved = set(household[is_head & (now != town)].tolist())
    assert len(head_moved) > 500
    with_mover = np.isin(household, list(head_moved))
    follow = with_mover & ~young
    assert (now[follow] != town[follow]).all()  # the family follows (or leaves the region)
    left_behind = with_mover & young
    assert left_behind.sum() > 50 and (now[left_behind] == town[left_behind]).all()
    assert np.unique(after[left_behind]).size == left_behind.sum()
    assert not np.isin(after[left_behind], household).any()
    stays = ~with_mover & ~young
    assert (now[stays] == town[stays]).all() and (after[stays] == household[stays]).all()


def test_default_schedule_has_young_adults_most_mobile():
    assert int(np.argmax(DEFAULT_RATES)) == 3  # 20-24
    assert min(DEFAULT_RATES[3], DEFAULT_RATES[4]) > max(DEFAULT_RATES[6:])


def _places(**p) -> Places:
    """Three towns in a row 20 km apart and one outside place, with these parameters."""
    params = MigrationParams(**p)
    lat = np.array([43.0, 43.18, 43.36])
    lon = np.full(3, 143.0)
    outside = {"tokyo": OutsidePlace(population=30_000_000, lat=35.7, lon=139.7, towns=100)}
    return Places(lat, lon, outside, params)


def test_utilities_follow_size_distance_border_and_attractiveness():
    """V = size x ln N + (1 - size) ln n - decay ln(1 + km/scale) - border + pull A: checked
    term by term against hand-computed values from town 0."""
    places = _places(size_study=1.0, size_work=0.5, distance_decay=2.0, border_cost=1.0)
    pop = np.array([10_000.0, 40_000.0, 10_000.0])
    v = places.utilities(pop, np.array([0.0, 0.0, 0.3]), np.zeros(3))
    km = places.km[0]
    cost = 2.0 * np.log1p(km / 10.0)
    study, work = v[STAGES.index("study"), 0, 0], v[STAGES.index("work"), 0, 0]
    assert study[1] == pytest.approx(np.log(40_000) - cost[1])
    assert study[2] == pytest.approx(np.log(10_000) - cost[2] + 0.3)
    assert study[3] == pytest.approx(np.log(30e6) - cost[3] - 1.0)  # towns=100: (1-1) ln n
    assert work[3] == pytest.approx(0.5 * np.log(30e6) + 0.5 * np.log(100) - cost[3] - 1.0)
    local = MigrationParams().local_elasticity
    assert study[0] == pytest.approx(local * np.log(10_000))  # a move within: no distance
    # larger and nearer draws more; the border and distance cost the far metropolis
    assert study[1] > study[2] - 0.3


def test_children_make_childcare_weigh_in_the_choice():
    places = _places()
    child = np.array([0.0, 0.2, 0.0])
    v = places.utilities(np.full(3, 10_000.0), np.zeros(3), child)
    p = MigrationParams().pull
    for kids in (0, 1, 2):
        assert v[0, kids, 0, 1] - v[0, 0, 0, 1] == pytest.approx(p * kids * 0.2)
        assert v[0, kids, 0, 2] == v[0, 0, 0, 2]


def test_a_larger_town_keeps_more_of_its_movers():
    """The own town's weight grows with its size (local_elasticity): the share of movers who
    stay within it is larger in a larger town."""
    places = _places(local_elasticity=1.0)
    pop = np.array([5_000.0, 200_000.0, 5_000.0])
    prob = places.probabilities(places.utilities(pop, np.zeros(3), np.zeros(3)))
    stay = np.array([prob[:, 0, i, i] for i in range(3)]).T  # (stage, town)
    assert (stay[:, 1] > stay[:, 0]).all()
    assert ((1 - stay[:, 1]) < 0.2 * (1 - stay[:, 0])).all()  # it loses a fifth as many


def test_choose_rows_draws_each_row_by_its_probabilities():
    rng = np.random.default_rng(7)
    prob = np.array([[0.1, 0.6, 0.3], [0.5, 0.0, 0.5]])
    cum = np.cumsum(prob, axis=1)
    rows = np.repeat([0, 1], 20_000)
    pick = choose_rows(cum, rows, rng)
    for r in (0, 1):
        counts = np.bincount(pick[rows == r], minlength=3) / 20_000
        assert counts == pytest.approx(prob[r], abs=0.015)
    assert (pick[rows == 1] != 1).all()  # a zero-probability column is never drawn


def test_stages_have_the_documented_edges():
    assert stage_of(np.array([15, 19, 20, 29, 30, 44, 45, 90])).tolist() == [
        0, 0, 1, 1, 2, 2, 3, 3
    ]  # fmt: skip


def test_movers_go_where_the_choice_says():
    """From the hub of a chain, the destinations of movers match the choice probabilities
    (towns, the own town excluded from what is recorded, and the outside places)."""
    # the plain row's choice; a hub that keeps few of its movers, so that many are counted
    mig = {"move_rate_by_age": (0.6,) * 9, "home_bonus": 0.0, "local_elasticity": 0.3}
    hub = {"population": 24000, "share_65_plus": 0.30, "lat": 43.18, "lon": 143.0}
    model = RegionModel(chain(municipalities={"hub": hub}, migration=mig))
    plenty_of_housing(model)
    r = model.residents
    heads = household_heads(r.household, r.age_months)[0]
    older = heads & (r.municipality == 1) & (r.age_months >= 45 * 12)
    ids = r.id[older]
    pop = model.people.count().astype(float)
    v = model.migration.places.utilities(pop, model.migration.attractiveness, np.zeros(3))
    prob = model.migration.places.probabilities(v)[STAGES.index("older"), 0, 1]
    departures(model)
    rows = model.residents.rows_of(ids)
    gone_out = int((rows < 0).sum())
    now = model.residents.municipality[rows[rows >= 0]]
    moved = {0: int((now == 0).sum()), 2: int((now == 2).sum()), "out": gone_out}
    total = sum(moved.values())
    assert total > 300
    leaving = prob.copy()
    leaving[1] = 0
    leaving /= leaving.sum()
    assert moved[0] / total == pytest.approx(leaving[0], abs=0.04)
    assert moved[2] / total == pytest.approx(leaving[2], abs=0.04)
    assert moved["out"] / total == pytest.approx(leaving[3:].sum(), abs=0.04)


def test_housing_limit_caps_moves_into_a_full_town():
    """Units heading to a town with F vacant places are accepted with chance F / demand:
    on average F persons get in; the refused stay home with their whole household."""
    free, got, wanted = 100, [], []
    mig = {"move_rate_by_age": (0.6,) * 9, **NOBODY_STAYS, "border_cost": 10.0}
    for seed in range(5):
        for limited in (True, False):
            model = RegionModel(two_towns(municipalities=BIG, migration=mig), seed=seed)
            plenty_of_housing(model)
            if limited:
                model.towns.housing_stock[0] = int(model.people.count()[0]) + free
            r = model.residents
            household, town, ids = r.household.copy(), r.municipality.copy(), r.id.copy()
            is_head = household_heads(r.household, r.age_months)[0]
            decides = deciders(model)
            departures(model)
            arrived = int(model.people.moves_in[:, 0].sum())
            (got if limited else wanted).append(arrived)
            if limited:
                rows = model.residents.rows_of(ids)
                now = np.where(rows >= 0, model.residents.municipality[np.maximum(rows, 0)], -1)
                stayed = set(household[is_head & (town == 1) & (now == 1)].tolist())
                follower = ~decides & (town == 1) & np.isin(household, list(stayed))
                assert (now[follower] == 1).all()
    assert min(wanted) > 10 * free
    assert np.mean(got) == pytest.approx(free, abs=0.3 * free)
    assert max(got) < 2 * free


def test_households_never_span_two_towns_after_moves():
    """small - hub - far, with sons and daughters in the hub and far full: a young decider
    refused by far's housing limit stays in the hub while the head may move. Every household
    still lives in one municipality."""
    hub = {"population": 24000, "share_65_plus": 0.30, "lat": 43.18, "lon": 143.0}
    rates = (0.0, 0.0, 0.95, 0.95, 0.95, 0.0, 0.0, 0.95, 0.0)
    mig = {"move_rate_by_age": rates, **NOBODY_STAYS}
    model = RegionModel(chain(municipalities={"hub": hub}, migration=mig))
    plenty_of_housing(model)
    assert grown_children(model).size > 1000
    model.towns.housing_stock[2] = int(model.people.count()[2]) + 5
    departures(model)
    r = model.residents
    pairs = np.unique(np.stack([r.household, r.municipality]), axis=1)
    split = np.nonzero(np.bincount(pairs[0]) > 1)[0]
    assert split.size == 0, f"{split.size} households live in two municipalities"


def arrivals(model: RegionModel) -> tuple[np.ndarray, np.ndarray]:
    """Call the arrivals; return (households, persons) that arrived in each town."""
    n0 = model.residents.n
    pop = model.people.count().astype(float) * model.p.run.scale
    model.migration._arrivals(pop)
    r = model.residents
    town, household = r.municipality[n0:], r.household[n0:]
    m = len(model.municipalities)
    heads = np.unique(np.stack([household, town]), axis=1)[1]
    return np.bincount(heads, minlength=m), np.bincount(town, minlength=m)


def test_arrivals_follow_attractiveness_and_the_return_ratios():
    """Households from outside ~ Poisson(expected): the town one unit more attractive draws
    e times as many (per departure it would send at the norm); doubling every return ratio
    doubles the expectation."""
    model = RegionModel(two_towns(municipalities=BIG))
    plenty_of_housing(model)
    model.migration.attractiveness[:] = [1.0, 0.0]
    pop = model.people.count().astype(float)
    lam = model.migration.expected_arrivals(pop)
    model.migration.attractiveness[:] = [0.0, 0.0]
    norm = model.migration.expected_arrivals(pop)
    ratio = lam.sum(axis=(0, 2)) / norm.sum(axis=(0, 2))
    assert ratio == pytest.approx([np.e, 1.0], rel=1e-9)
    returns = {f"return_{s}": 2 * getattr(model.p.migration, f"return_{s}") for s in STAGES}
    doubled = RegionModel(two_towns(municipalities=BIG, migration=returns))
    doubled.migration.attractiveness[:] = [0.0, 0.0]
    assert doubled.migration.expected_arrivals(pop).sum() == pytest.approx(2 * norm.sum())
    model.migration.attractiveness[:] = [1.0, 0.0]
    households, _ = arrivals(model)
    expected = lam.sum(axis=(0, 2))
    for i in (0, 1):
        assert abs(households[i] - expected[i]) < 4 * np.sqrt(expected[i]) + 2


def test_childcare_support_draws_families():
    """Support per young child raises the expected family arrivals by exp(pull x term) and
    leaves singles and couples unchanged."""
    model = RegionModel(two_towns(municipalities=BIG))
    pop = model.people.count().astype(float)
    before = model.migration.expected_arrivals(pop).sum(axis=(0, 2))
    column = model.policy.index(Program.CHILDCARE)
    model.policy.spend[0, column] = 300_000_000.0
    term = model.migration.family_child_term()
    assert term[0] > 0 and term[1] == 0
    after = model.migration.expected_arrivals(pop).sum(axis=(0, 2))
    assert after[1] == pytest.approx(before[1])
    assert after[0] > before[0]
    single, family = model.migration._family_split()
    assert (family > 0).any() and (single + family == pytest.approx(1.0))


def test_vacant_housing_caps_arrivals():
    """No town receives more persons than its vacant places."""
    model = RegionModel(two_towns(municipalities=BIG))
    plenty_of_housing(model)
    free = 30
    model.towns.housing_stock[0] = int(model.people.count()[0]) + free
    model.migration.attractiveness[:] = [4.0, 0.0]  # expected households in the hundreds
    _, persons = arrivals(model)
    assert persons[0] <= free
    assert persons[1] > 0


def test_the_move_table_adds_up_to_the_counts():
    """Every move is in the origin-destination table, and its totals are the KPIs' moves."""
    model = RegionModel(two_towns(municipalities=BIG, run={"years": 1}))
    for _ in range(3):
        model.step()
    from sim.outputs.results import Results  # noqa: F401  (the table is what results write)

    names = [m.key for m in model.municipalities] + list(model.p.region.outside)
    od = model.people.od_frame(names, model.p.run.scale)
    k = model.kpis.frame()
    later = k[k.step > 0]
    into = od[od.destination.isin(["small", "hub"])].groupby("destination").persons.sum()
    out = od[od.origin.isin(["small", "hub"])].groupby("origin").persons.sum()
    assert into.to_dict() == later.groupby("municipality").moves_in.sum().to_dict()
    assert out.to_dict() == later.groupby("municipality").moves_out.sum().to_dict()
    to_tokyo = od[od.destination == "tokyo_area"].persons.sum()
    assert to_tokyo == later.moves_out_to_tokyo_area.sum()


@pytest.fixture(scope="module")
def hub_moves() -> pd.DataFrame:
    """A hub of 150,000 with six rural towns of 4,000 about 60 km around it, a metropolis of two
    million 200 km away and the Tokyo area beyond the border; three years, calibrated
    defaults: who moved where."""
    from sim import load_scenario, run

    towns = {"hub": {"population": 150_000, "lat": 43.0, "lon": 143.0}}
    for i, (dlat, dlon) in enumerate([(0.55, 0), (-0.55, 0), (0, 0.75), (0, -0.75), (0.4, 0.5),
                                      (-0.4, -0.5)]):  # fmt: skip
        towns[f"t{i}"] = {"population": 4_000, "lat": 43.0 + dlat, "lon": 143.0 + dlon}
    outside = {
        "metropolis": {"population": 2_000_000, "lat": 43.0, "lon": 140.55, "towns": 1},
        "tokyo": {"population": 37_000_000, "lat": 35.7, "lon": 139.7, "towns": 212,
                  "beyond_prefecture": True},
    }  # fmt: skip
    data = {"run": {"years": 3, "scale": 10}, "municipalities": towns,
            "region": {"outside": outside}}  # fmt: skip
    return run(load_scenario(data=data), seed=1).migration


def _flow(moves: pd.DataFrame, origins: set, destinations: set) -> int:
    pick = moves.origin.isin(origins) & moves.destination.isin(destinations)
    return int(moves[pick].persons.sum())


def test_the_hub_gains_from_its_hinterland(hub_moves):
    """People concentrate: the hub receives more from the rural towns of its hinterland than
    it sends them (the gravity choice with its calibrated size weights, ODD 7.8). Towns within
    25 km, suburbs, gain from the hub instead (docs/validation.md)."""
    rest = {f"t{i}" for i in range(6)}
    assert _flow(hub_moves, rest, {"hub"}) > _flow(hub_moves, {"hub"}, rest)


@pytest.mark.xfail(
    strict=True,
    reason="known miss (docs/validation.md, hokkaido_net_migration_by_age): with the calibrated "
    "defaults the places beyond the region send about as many people as they draw, young "
    "adults included; one distance decay for all ages, steep enough for the moves within "
    "Hokkaido, leaves too few going to the Tokyo area",
)
def test_the_hub_loses_to_the_metropolis(hub_moves):
    """The hub sends the metropolis and the Tokyo area more than it receives from them."""
    beyond = {"metropolis", "tokyo"}
    assert _flow(hub_moves, {"hub"}, beyond) > _flow(hub_moves, beyond, {"hub"})
