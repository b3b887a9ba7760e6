"""Migration: who moves (age, attractiveness), where to, and the housing that caps moves."""

import numpy as np
import pytest

from sim import RegionModel
from sim.migration import GENERATION_MONTHS, IN_AGE_BINS, MOVE_AGE_BINS, household_heads
from sim.scenario.params_migration import MigrationParams
from tests.conftest import two_towns
from tests.mechanism_helpers import binomial_ok, chain

#: The two towns four times larger (12,000 and 24,000): enough movers in one month.
BIG = {
    "small": {"population": 12000, "share_65_plus": 0.36, "lat": 43.0, "lon": 143.0},
    "hub": {"population": 24000, "share_65_plus": 0.30, "lat": 43.18, "lon": 143.0},
}
DEFAULT_RATES = MigrationParams().out_rate_by_age
ALL_TO_OUTSIDE = {"outside_share_young": 1.0, "outside_share_other": 1.0}
ALL_TO_NEIGHBOURS = {"outside_share_young": 0.0, "outside_share_other": 0.0}


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
    for m in model.municipalities:
        m.housing_stock = 10**7


def test_household_heads_are_the_oldest_member():
    hh = np.array([0, 0, 0, 1, 1, 2])
    age = np.array([300, 500, 500, 40, 900, 10])
    head, head_age = household_heads(hh, age)
    assert head.tolist() == [False, True, False, False, True, True]  # first of equals
    assert head_age.tolist() == [500, 500, 500, 900, 900, 10]


@pytest.mark.parametrize(
    "rates",
    [
        tuple(min(4 * x, 0.95) for x in DEFAULT_RATES),  # young adults most mobile
        (0.1, 0.1, 0.05, 0.05, 0.05, 0.1, 0.1, 0.2, 0.6),  # an inverted schedule: the old
    ],
)
def test_moving_propensity_follows_the_age_schedule(rates):
    """Each decider leaves with the monthly chance of its age group; others only follow."""
    mig = {"out_rate_by_age": rates, "push": 0.0, **ALL_TO_OUTSIDE}
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    r = model.residents
    decides = deciders(model)
    group = np.searchsorted(MOVE_AGE_BINS, r.age_months // 12, side="right")
    household, ids = r.household.copy(), r.id.copy()
    is_head = household_heads(r.household, r.age_months)[0]
    model.migration._departures()
    gone = model.residents.rows_of(ids) < 0
    observed = np.zeros(9)
    for g in range(2, 9):  # 15-19 and older: the groups with deciders
        n, k = int((decides & (group == g)).sum()), int((gone & decides & (group == g)).sum())
        observed[g] = k / n
        assert binomial_ok(k, n, monthly(rates[g])), (g, k, n)
    assert observed.argmax() == int(np.argmax(rates[2:])) + 2
    # a non-decider leaves only with its household's head
    heads_gone = set(household[is_head & gone].tolist())
    assert set(household[gone & ~decides].tolist()) <= heads_gone


def test_age_groups_have_the_documented_edges():
    """Only the 20-24 group may move: every decider who leaves is 20 to 24, both ends met."""
    rates = (0.0, 0.0, 0.0, 0.95, 0.0, 0.0, 0.0, 0.0, 0.0)
    mig = {"out_rate_by_age": rates, "push": 0.0, **ALL_TO_OUTSIDE}
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    r = model.residents
    decides, years, ids = deciders(model), r.age_months // 12, r.id.copy()
    model.migration._departures()
    gone = model.residents.rows_of(ids) < 0
    assert sorted(set(years[gone & decides].tolist())) == [20, 21, 22, 23, 24]


def grown_children(model: RegionModel, min_head_years: int = 40) -> np.ndarray:
    """Make children living with a head aged min_head_years+ into sons and daughters of 18-29
    (at least 18 years younger than the head); returns their rows."""
    r = model.residents
    is_head, head_age = household_heads(r.household, r.age_months)
    rows = np.nonzero(~is_head & (r.age_months < 15 * 12) & (head_age >= min_head_years * 12))[0]
    r.age_months[rows] = np.clip(head_age[rows] - 18 * 12, 18 * 12, 30 * 12 - 1)
    return rows


def test_sons_and_daughters_decide_alone():
    """Young members (18-29, a generation below the head) move on their own chance and form
    a household of one; their parents (40+, who do not move here) stay."""
    rates = (0.0, 0.0, 0.95, 0.95, 0.95, 0.0, 0.0, 0.0, 0.0)
    mig = {"out_rate_by_age": rates, "push": 0.0, **ALL_TO_NEIGHBOURS}
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    plenty_of_housing(model)
    young = grown_children(model)
    r = model.residents
    is_head = household_heads(r.household, r.age_months)[0]
    ids, town, household = r.id.copy(), r.municipality.copy(), r.household.copy()
    late_twenties = young[r.age_months[young] >= 25 * 12]
    assert young.size > 500 and late_twenties.size > 200
    model.migration._departures()
    rows = model.residents.rows_of(ids)
    now = model.residents.municipality[rows]
    moved = now != town
    for group in (young, late_twenties):
        assert binomial_ok(int(moved[group].sum()), group.size, monthly(0.95))
    assert not moved[is_head & (r.age_months >= 40 * 12)].any()
    new_household = model.residents.household[rows[young[moved[young]]]]
    assert np.unique(new_household).size == new_household.size  # one each
    assert not np.isin(new_household, household).any()  # new ids
    sizes = np.bincount(model.residents.household)
    assert (sizes[new_household] == 1).all()


def test_sons_and_daughters_stay_behind_when_the_head_moves():
    """A moving head takes the household (spouse, children under 18) but not the young
    members who did not decide to go: they stay, each in a new household of one."""
    rates = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.95, 0.0)  # heads of 40-64 only
    mig = {"out_rate_by_age": rates, "push": 0.0, **ALL_TO_NEIGHBOURS}
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    plenty_of_housing(model)
    young = np.zeros(model.residents.n, dtype=bool)
    young[grown_children(model)] = True
    r = model.residents
    is_head = household_heads(r.household, r.age_months)[0]
    ids, town, household = r.id.copy(), r.municipality.copy(), r.household.copy()
    model.migration._departures()
    rows = model.residents.rows_of(ids)
    now, after = model.residents.municipality[rows], model.residents.household[rows]
    head_moved = set(household[is_head & (now != town)].tolist())
    assert len(head_moved) > 500
    with_mover = np.isin(household, list(head_moved))
    assert (now[with_mover & ~young] != town[with_mover & ~young]).all()  # the family follows
    assert (after[with_mover & ~young] == household[with_mover & ~young]).all()
    left_behind = with_mover & young
    assert left_behind.sum() > 50 and (now[left_behind] == town[left_behind]).all()
    assert np.unique(after[left_behind]).size == left_behind.sum()
    assert not np.isin(after[left_behind], household).any()
    stays = ~with_mover
    assert (now[stays] == town[stays]).all() and (after[stays] == household[stays]).all()


def test_default_schedule_has_young_adults_most_mobile():
    assert int(np.argmax(DEFAULT_RATES)) == 3  # 20-24
    assert min(DEFAULT_RATES[3], DEFAULT_RATES[4]) > max(DEFAULT_RATES[6:])


def test_attractive_towns_lose_fewer_residents():
    """p = rate x exp(-push x A): the same deciders leave e^-1 as often at A = +0.5 than -0.5."""
    rates = (0.2,) * 9
    mig = {"out_rate_by_age": rates, "push": 1.0, **ALL_TO_OUTSIDE}
    model = RegionModel(two_towns(municipalities=BIG, migration=mig))
    r = model.residents
    decides, town, ids = deciders(model), r.municipality.copy(), r.id.copy()
    attractiveness = np.array([0.5, -0.5])
    model.migration.attractiveness[:] = attractiveness
    model.migration._departures()
    gone = model.residents.rows_of(ids) < 0
    share = []
    for i in (0, 1):
        n, k = int((decides & (town == i)).sum()), int((gone & decides & (town == i)).sum())
        assert binomial_ok(k, n, monthly(0.2 * np.exp(-attractiveness[i]))), (i, k, n)
        share.append(k / n)
    assert share[0] < 0.5 * share[1]


@pytest.mark.parametrize(
    "pull,a_small,far_population",
    [(0.0, 1.0, 3000), (1.0, 1.0, 3000), (2.0, 0.5, 3000), (0.0, 0.0, 6000)],
)
def test_movers_choose_neighbours_by_attractiveness_and_size(pull, a_small, far_population):
    """From the hub, small is chosen over far with odds exp(pull x A) x population."""
    hub = {"population": 24000, "share_65_plus": 0.30, "lat": 43.18, "lon": 143.0}
    far = {"population": far_population, "share_65_plus": 0.36, "lat": 43.5, "lon": 143.0}
    mig = {"out_rate_by_age": (0.6,) * 9, "push": 0.0, "pull": pull, **ALL_TO_NEIGHBOURS}
    model = RegionModel(chain(municipalities={"hub": hub, "far": far}, migration=mig))
    plenty_of_housing(model)
    model.migration.attractiveness[:] = [a_small, 0.0, 0.0]
    r = model.residents
    from_hub = r.id[r.municipality == 1]
    pop = model.people.count().astype(float)
    model.migration._departures()
    now = model.residents.municipality[model.residents.rows_of(from_hub)]
    to_small, to_far = int((now == 0).sum()), int((now == 2).sum())
    weight_small = np.exp(pull * a_small) * pop[0]
    expected = weight_small / (weight_small + pop[2])
    assert to_small + to_far > 1500
    assert to_small / (to_small + to_far) == pytest.approx(expected, abs=0.06)


def test_housing_limit_caps_moves_into_a_full_town():
    """Units heading to a town with F vacant places are accepted with chance F / demand:
    on average F persons get in; the refused stay home with their whole household."""
    free, got, wanted = 100, [], []
    mig = {"out_rate_by_age": (0.6,) * 9, "push": 0.0, **ALL_TO_NEIGHBOURS}
    for seed in range(5):
        for limited in (True, False):
            model = RegionModel(two_towns(municipalities=BIG, migration=mig), seed=seed)
            plenty_of_housing(model)
            if limited:
                model.municipalities[0].housing_stock = int(model.people.count()[0]) + free
            r = model.residents
            household, town, ids = r.household.copy(), r.municipality.copy(), r.id.copy()
            is_head = household_heads(r.household, r.age_months)[0]
            decides = deciders(model)
            model.migration._departures()
            arrived = int(model.people.moves_in[:, 0].sum())
            (got if limited else wanted).append(arrived)
            if limited:
                now = model.residents.municipality[model.residents.rows_of(ids)]
                stayed = set(household[is_head & (town == 1) & (now == 1)].tolist())
                follower = ~decides & (town == 1) & np.isin(household, list(stayed))
                assert (now[follower] == 1).all()
    assert min(wanted) > 10 * free
    assert np.mean(got) == pytest.approx(free, abs=0.3 * free)
    assert max(got) < 2 * free


def test_households_never_span_two_towns_after_moves():
    """small - hub - far, with sons and daughters in the hub and far full: a young decider
    refused by far's housing limit stays in the hub while the head may move to small. Every
    household should still live in one municipality (the refused one gets a household of
    its own, as those who did not decide to move do)."""
    hub = {"population": 24000, "share_65_plus": 0.30, "lat": 43.18, "lon": 143.0}
    rates = (0.0, 0.0, 0.95, 0.95, 0.95, 0.0, 0.0, 0.95, 0.0)  # the young and their parents
    mig = {"out_rate_by_age": rates, "push": 0.0, **ALL_TO_NEIGHBOURS}
    model = RegionModel(chain(municipalities={"hub": hub}, migration=mig))
    plenty_of_housing(model)
    assert grown_children(model).size > 1000
    model.municipalities[2].housing_stock = int(model.people.count()[2]) + 5
    model.migration._departures()
    r = model.residents
    pairs = np.unique(np.stack([r.household, r.municipality]), axis=1)
    split = np.nonzero(np.bincount(pairs[0]) > 1)[0]
    assert split.size == 0, f"{split.size} households live in two municipalities"


def expected_household_size(model: RegionModel) -> float:
    """1 + p_f (1 + children): p_f the family share of heads aged 25-49 (ODD 7.8)."""
    shares = np.asarray(model.p.migration.in_age_shares, dtype=float)
    shares = shares / shares.sum()
    inside = [max(0, min(hi, 50) - max(lo, 25)) / (hi - lo) for lo, hi in IN_AGE_BINS]
    hp = model.p.households
    p_family = hp.family_share * float((shares * np.array(inside)).sum())
    return 1 + p_family * (1 + hp.children_per_family)


def arrivals(model: RegionModel) -> tuple[np.ndarray, np.ndarray]:
    """Call the arrivals; return (households, persons) that arrived in each town."""
    n0 = model.residents.n
    model.migration._arrivals()
    r = model.residents
    town, household = r.municipality[n0:], r.household[n0:]
    m = len(model.municipalities)
    heads = np.unique(np.stack([household, town]), axis=1)[1]
    return np.bincount(heads, minlength=m), np.bincount(town, minlength=m)


def test_arrivals_from_outside_follow_attractiveness():
    """Households ~ Poisson(in_rate x o x n / 12 x exp(pull x A) / h), o the mean share of
    departures to Outside: the town one unit more attractive draws e times as many."""
    model = RegionModel(two_towns(municipalities=BIG, migration={"in_rate": 0.5}))
    plenty_of_housing(model)
    p = model.p.migration
    attractiveness = np.array([1.0, 0.0])
    model.migration.attractiveness[:] = attractiveness
    pop = model.people.count().astype(float)
    h = expected_household_size(model)
    assert model.migration.household_size() == pytest.approx(h)
    households, persons = arrivals(model)
    outside = (p.outside_share_young + p.outside_share_other) / 2
    lam = p.in_rate * outside * pop / 12 * np.exp(p.pull * attractiveness) / h
    for i in (0, 1):
        assert abs(households[i] - lam[i]) < 4 * np.sqrt(lam[i]), (i, households[i], lam[i])
    per_capita = households / pop
    assert per_capita[0] / per_capita[1] == pytest.approx(np.e, rel=0.2)
    assert persons.sum() / households.sum() == pytest.approx(h, rel=0.1)


def test_vacant_housing_caps_arrivals():
    """At most floor(free / h) households arrive, however strong the draw."""
    model = RegionModel(two_towns(municipalities=BIG, migration={"in_rate": 0.5}))
    plenty_of_housing(model)
    free = 30
    model.municipalities[0].housing_stock = int(model.people.count()[0]) + free
    model.migration.attractiveness[:] = [3.0, 0.0]  # Poisson mean in the thousands
    h = model.migration.household_size()[0]
    households, _ = arrivals(model)
    assert households[0] == int(np.floor(free / h))
    assert households[1] > 100  # the other town is not held back
