"""Investment loops: caps, clawback, conservation with every program, loops that close."""

import copy

import numpy as np
import pandas as pd
import pytest

from sim import RegionModel, load_scenario, run
from sim.model.policy import PROGRAMS, interpolate_series, national_index
from sim.scenario.loader import ScenarioError
from sim.scenario.params_policy import Program, ProgramSpec
from tests.conftest import SCENARIOS

KAMISHIHORO = SCENARIOS / "kamishihoro.yaml"
ALL_PROGRAMS = {p.value: {"start_fy": 2015, "budget_yen": 40_000_000} for p in PROGRAMS}


def town(years: int = 3, seed: int = 4, **policy) -> pd.DataFrame:
    """Kamishihoro with its programs (scale 2), policy values overridden, region table."""
    sets = [f"run.years={years}", "run.scale=2"]
    sets += [f"municipalities.kamishihoro.policy.{k}={v}" for k, v in policy.items()]
    return run(load_scenario(KAMISHIHORO, overrides=sets), seed=seed).region


def yearly(region: pd.DataFrame, column: str) -> pd.Series:
    r = region[region.step > 0]
    fy = [int(d[:4]) - (int(d[5:]) < 4) for d in r.date]
    return r.groupby(fy)[column].sum()


def test_hometown_tax_index_follows_mic_totals():
    assert national_index(2015) == 1.0
    assert national_index(2024) == pytest.approx(1272.8 / 165.3)
    assert interpolate_series({2015: 10, 2018: 40}, 2016) == 20
    assert interpolate_series({2015: 10, 2018: 40}, 2030) == 40


def test_observed_donation_series_is_reproduced_at_the_start():
    """The run starts in October 2015: FY2015's six months at the observed yearly rate (trust
    is at its norm when the first budget expects them)."""
    r = town(years=2)
    months = r[(r.step > 0) & (r.step <= 6)]
    assert months.donations_yen.sum() * 12 / 6 == pytest.approx(1_536_600_000, rel=0.01)


def test_gift_and_cost_caps_hold_every_month():
    r = town(years=2)
    later = r[r.step > 0]
    assert (later.return_gifts_yen <= 0.3 * later.donations_yen + 1).all()
    assert (
        later.return_gifts_yen + later.donation_costs_yen <= 0.5 * later.donations_yen + 2
    ).all()


@pytest.mark.parametrize(
    "policy,message",
    [
        ({"return_gift_share": 0.35}, r"from 0 to 0.3 .*at most 30%"),
        ({"return_gift_share": 0.3, "donation_cost_share": 0.25}, "at most 0.5"),
        ({"targets": {"happiness": 1}}, "unknown target 'happiness'"),
    ],
)
def test_rules_are_enforced_by_the_schema(policy, message):
    data = {"municipalities": {"t": {"population": 1000, "policy": policy}}}
    with pytest.raises(ScenarioError, match=message):
        load_scenario(data=data)


def test_allocation_tax_claws_back_own_revenue_growth():
    """A richer town gets less allocation tax: the brake on reinvestment."""
    model = RegionModel(load_scenario(KAMISHIHORO, overrides=["run.scale=5"]))
    pop = np.array([4765])
    base = model.nation.allocation_round(pop, np.array([700_000_000]))[0]
    richer = model.nation.allocation_round(pop, np.array([900_000_000]))[0]
    f = model.p.fiscal
    assert base - richer == pytest.approx(
        200_000_000 * f.standard_revenue_share * f.allocation_coverage, abs=2
    )


def test_conservation_with_every_program_on():
    """Every step checks money, goods and people; all seven programs, co-investment on."""
    sets = [
        "run.years=3",
        "run.scale=3",
        "municipalities.kamishihoro.policy.coinvestment_ratio=2",
        "municipalities.kamishihoro.policy.reinvestment_share=0.8",
        "policy.grant_base_chance=1",  # every bid wins: the grant flows are exercised
    ]
    scenario = load_scenario(KAMISHIHORO, overrides=sets)
    data = scenario.model_dump()
    data["municipalities"]["kamishihoro"]["policy"]["programs"] = ALL_PROGRAMS
    results = run(load_scenario(data=data))
    k = results.region
    assert (k.loc[k.step > 12, [f"program_{p.value}" for p in PROGRAMS]] > 0).all().all()
    assert k.coinvestment_yen.sum() > 0 and k.grants_yen.sum() > 0
    assert set(results.flows.kind) >= {
        "donation",
        "return_gift",
        "donation_cost",
        "program",
        "child_allowance",
        "investment",
    }


def test_raising_disclosure_raises_trust_and_donations():
    """Common random numbers: the same seed, only disclosure differs."""
    low, high = town(years=6, disclosure=0.1), town(years=6, disclosure=0.9)
    assert high.trust.iloc[-1] > low.trust.iloc[-1] + 0.2
    assert yearly(high, "donations_yen").loc[2020] > 1.3 * yearly(low, "donations_yen").loc[2020]


def fork(model: RegionModel, months: int, **policy) -> RegionModel:
    """A copy of ``model`` (its random generator too) whose town policy differs, stepped on:
    two futures from one state, common random numbers."""
    other = copy.deepcopy(model)
    other.policy.town[0] = other.policy.town[0].model_copy(update=policy)
    for _ in range(months):
        other.step()
    return other


@pytest.fixture(scope="module")
def fy2019_end():
    """Kamishihoro (scale 2) stepped from October 2015 to the end of FY2019 (March 2020), one
    state per seed; disclosure 0.9, so that trust has lifted its donations and its revenue has
    grown (there is something to reinvest)."""
    models = []
    sets = ["run.scale=2", "municipalities.kamishihoro.policy.disclosure=0.9"]
    for seed in (1, 2, 3):
        model = RegionModel(load_scenario(KAMISHIHORO, overrides=sets), seed=seed)
        for _ in range(54):
            model.step()
        assert model.calendar() == (2020, 3)
        models.append(model)
    return models


def test_raising_reinvestment_raises_program_spending_and_attractiveness(fy2019_end):
    """From one state, the April budget of FY2020 with reinvestment 0.8 instead of 0: more
    program money, and in that first month (before movers answer and the housing and labour
    brakes bind) a more attractive town, to every household, and more childcare support per
    young child, which families weigh as income."""
    for model in fy2019_end:
        none, much = fork(model, 1, reinvestment_share=0.0), fork(model, 1, reinvestment_share=0.8)
        assert much.policy.reinvested[0] > 0 == none.policy.reinvested[0]
        assert much.policy.spend[0].sum() > none.policy.spend[0].sum()
        gain = much.migration.attractiveness[0] - none.migration.attractiveness[0]
        assert gain > 0.001
        assert much.migration.family_child_term()[0] > none.migration.family_child_term()[0]


def test_reinvestment_is_a_share_of_spendable_revenue_growth(fy2019_end):
    """Growth of own tax plus the donations left after gifts, costs and funds, not the gross."""
    model = fork(fy2019_end[0], 0, reinvestment_share=0.5)
    own = model.kpis.own_tax_last_12_months()  # what the April budget will read
    model.step()
    policy = model.policy
    growth = own[0] + policy.spendable_donations()[0] - policy.own_revenue_base[0]
    assert policy.reinvested[0] == pytest.approx(0.5 * max(growth, 0), abs=2)


def test_earmarked_fund_pays_for_programs_and_is_kept_from_other_gaps(fy2019_end):
    model = fork(fy2019_end[0], 1)
    policy, b = model.policy, model.municipalities[0].budget
    draw = policy.fund_draw[0]
    net_cost = policy.spend[0].sum() - policy.grant_yen[0]
    assert 0 < draw <= net_cost
    assert b.fund_withdrawal >= draw
    assert model.ledger.fund[0] >= policy.earmarked[0]  # the kept part is still in the fund
    none = fork(fy2019_end[0], 1, fund_draw_share=0.0)
    assert none.policy.fund_draw[0] == 0
    assert none.policy.earmarked[0] > policy.earmarked[0]
    # a shortfall draws only the free part of the fund, never the earmarked part
    town = model.municipalities[0]
    fund = town.fund_yen
    town.plan_budget(5000, 0, 0, program_cost=10**10, earmarked_draw=0, earmarked=fund - 1000)
    assert town.budget.fund_withdrawal == 1000


def test_return_gifts_are_bought_only_from_the_towns_own_firms():
    r = run(load_scenario(KAMISHIHORO, overrides=["run.years=2", "run.scale=2"]), seed=2)
    gifts = r.flows[r.flows.kind == "return_gift"]
    assert (gifts.payee_type == "firm").all()
    assert (gifts.payee_municipality == gifts.payer_municipality).all()
    k = r.region[r.region.step > 0]
    assert k.return_gifts_yen.sum() == gifts.amount_yen.sum()
    assert (k.return_gifts_yen <= 0.3 * k.donations_yen + 1).all()


def high_cap_town(governance: float, vision: bool) -> RegionModel:
    """Kamishihoro in FY2017 (its test field runs), every bid wins, the cap never binds."""
    sets = [
        "run.scale=5",
        "policy.grant_cap_per_capita_yen=1000000",
        "policy.grant_base_chance=1",
        f"municipalities.kamishihoro.policy.governance={governance}",
    ]
    if not vision:
        sets.append("municipalities.kamishihoro.policy.vision_since_fy=null")
    model = RegionModel(load_scenario(KAMISHIHORO, overrides=sets), seed=1)
    for _ in range(25):  # to the budget of FY2017
        model.step()
    return model


def test_grant_rate_rises_with_plan_quality_within_one_half_and_three_quarters():
    poor, good = high_cap_town(0.0, vision=False), high_cap_town(1.0, vision=True)
    for model, rate in ((poor, 0.5), (good, 0.5 + 0.25 * (1 + 3 / 5) / 2)):
        policy = model.policy
        eligible = policy.spend[0].sum() - policy.spend[0][PROGRAMS.index(Program.CHILDCARE)]
        assert eligible > 0
        assert policy.grant_yen[0] == pytest.approx(rate * eligible, rel=1e-6)
    assert good.policy.grant_yen[0] > poor.policy.grant_yen[0]
    assert good.policy.plan_quality()[0] > poor.policy.plan_quality()[0]


def test_a_committed_vision_and_governance_win_grant_rounds_more_often():
    wins = {}
    for quality in ("poor", "good"):
        sets = ["run.scale=10", "run.years=6"]
        if quality == "poor":
            sets += [
                "municipalities.kamishihoro.policy.governance=0",
                "municipalities.kamishihoro.policy.vision_since_fy=null",
            ]
        counts = []
        for seed in range(1, 13):  # 12 seeds x 4 bidding years (experiment field from 2017)
            region = run(load_scenario(KAMISHIHORO, overrides=sets), seed=seed).region
            counts.append((yearly(region, "grants_yen") > 0).sum())
        wins[quality] = sum(counts)
    # win chance 0.3 + 0.5 x plan quality: about 0.35 against 0.55 of 48 bids, so the
    # expected gap is about 10 wins (sd about 3.4); 6 seeds were too few to tell them apart
    assert wins["good"] > wins["poor"] + 4


def test_visible_results_follow_program_effect_and_raise_trust(fy2019_end):
    model = fy2019_end[0]
    more = fork(model, 1, reinvestment_share=1.0)
    less = fork(model, 1, reinvestment_share=0.0)
    assert 0 < less.policy.results[0] < more.policy.results[0] <= 1
    assert more.policy.trust[0] > less.policy.trust[0]
    p = model.p.policy
    # a town without programs converges to the target without results
    region = town(years=6, programs={}, disclosure=0.8, governance=0.5)
    target = p.trust_base + p.trust_disclosure * 0.8 + p.trust_governance * 0.5
    assert abs(region.trust.iloc[-1] - target) < abs(region.trust.iloc[0] - target)


def test_culture_led_from_the_top_changes_faster_than_an_order(fy2019_end):
    """A digital division from FY2020 under a leader, and the same division merely ordered."""
    model = fy2019_end[0]
    division = ProgramSpec(start_fy=2020, budget_yen=40_000_000)
    programs = {**model.policy.town[0].programs, Program.DIGITAL_DIVISION: division}
    led = fork(model, 13, leadership=0.9, programs=programs)
    ordered = fork(model, 13, leadership=0.0, programs=programs)
    nothing = fork(model, 13, leadership=0.0)
    before = model.policy.culture[0]
    assert led.policy.culture[0] > ordered.policy.culture[0] > nothing.policy.culture[0] == before
    # pressure 0.1 against 0.9: about a ninth of the change
    assert ordered.policy.culture[0] - before < 0.2 * (led.policy.culture[0] - before)
    # culture is ways of working: it raises the town hall's procedure capacity
    assert led.services.capacity_ratio[0] > ordered.services.capacity_ratio[0]


def test_a_test_field_draws_key_persons_who_connect_people(fy2019_end):
    model = fy2019_end[0]
    assert model.policy.field_effect()[0] > 0
    p = model.p.policy
    expected = p.participation_norm * model.policy.trust[0] / p.trust_norm
    expected += p.connector_participation * model.policy.field_effect()[0]
    assert model.policy.participation()[0] == pytest.approx(expected)


def test_coinvestment_follows_trust_and_the_ratio():
    a = town(years=3, coinvestment_ratio=0.0)
    b = town(years=3, coinvestment_ratio=1.0)
    assert a.coinvestment_yen.sum() == 0 and b.coinvestment_yen.sum() > 0


@pytest.fixture(scope="module")
def kamishihoro_pair():
    """20 years with and without programs, three seeds each (region tables)."""
    out = {}
    for name in ("kamishihoro", "kamishihoro_no_programs"):
        out[name] = [
            run(load_scenario(SCENARIOS / f"{name}.yaml"), seed=s).region for s in (1, 2, 3)
        ]
    return out


def test_programs_funded_by_donations_raise_the_population(kamishihoro_pair):
    """The programs' direction: with them the town keeps more people than without, at 10 and
    20 years. Whether it holds its population, as observed, is a pattern of the validation
    suite (validation/patterns.yaml), not a test: the model may miss it."""

    def mean_at(runs, step):
        return np.mean([r.loc[r.step == step, "population"].iloc[0] for r in runs])

    for step in (120, 240):
        with_programs = mean_at(kamishihoro_pair["kamishihoro"], step)
        assert with_programs > mean_at(kamishihoro_pair["kamishihoro_no_programs"], step)


def _prime_and_share(runs) -> tuple[int, float]:
    """Adult in-movers aged 20-49: how many, and their share of adult in-movers."""
    prime = sum(r.moves_in_20_49.sum() for r in runs)
    adults = sum((r.moves_in - r.moves_in_0_14).sum() for r in runs)
    return prime, prime / adults


def test_programs_draw_more_in_movers_aged_20_to_49(kamishihoro_pair):
    """Childcare support counts as income to arriving families: with the programs more adults
    aged 20-49 move in than without."""
    with_programs = _prime_and_share(kamishihoro_pair["kamishihoro"])
    without = _prime_and_share(kamishihoro_pair["kamishihoro_no_programs"])
    assert with_programs[0] > without[0]


@pytest.mark.xfail(
    strict=True,
    reason="known miss (docs/validation.md): about half of Kamishihoro's adult in-movers are "
    "aged 20-49 in the model (51%, seeds 1-3); the town reported 84% of in-moving household "
    "heads aged 20-49 in 2016 and 80% of in-movers aged 20-49 in 2017",
)
def test_in_movers_are_mostly_aged_20_to_49(kamishihoro_pair):
    """Most adult in-movers are 20-49, as the town observed (MODEL.md)."""
    assert _prime_and_share(kamishihoro_pair["kamishihoro"])[1] > 0.6


def test_reinvestment_goes_only_into_programs_that_run():
    """Growth is reinvested into the year's running programs; a town whose programs have not
    started reinvests nothing and reports nothing."""
    running = town(years=3, reinvestment_share=0.8)
    assert running.loc[running.step > 12, "reinvestment_yearly_yen"].max() > 0
    sets = [
        "run.years=3",
        "run.scale=2",
        "municipalities.kamishihoro.policy.reinvestment_share=0.8",
    ]
    data = load_scenario(KAMISHIHORO, overrides=sets).model_dump()
    later = {p.value: {"start_fy": 2030, "budget_yen": 40_000_000} for p in PROGRAMS}
    data["municipalities"]["kamishihoro"]["policy"]["programs"] = later
    waiting = run(load_scenario(data=data), seed=4).region
    assert (waiting.reinvestment_yearly_yen == 0).all()
    assert (waiting[[f"program_{p.value}" for p in PROGRAMS]] == 0).all().all()
