"""Investment loops: caps, clawback, conservation with every program, loops that close."""

import numpy as np
import pandas as pd
import pytest

from sim import RegionModel, load_scenario, run
from sim.policy import PROGRAMS, interpolate_series, national_index
from sim.scenario.loader import ScenarioError
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
    r = town(years=2)
    assert yearly(r, "donations_yen").loc[2015] == pytest.approx(1_536_600_000, rel=0.01)


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
    ]
    scenario = load_scenario(KAMISHIHORO, overrides=sets)
    data = scenario.model_dump()
    data["municipalities"]["kamishihoro"]["policy"]["programs"] = ALL_PROGRAMS
    results = run(load_scenario(data=data))
    k = results.region
    assert (k.loc[k.step > 12, [f"program_{p.value}" for p in PROGRAMS]] > 0).all().all()
    assert k.coinvestment_yen.sum() > 0 and k.grants_yen.sum() >= 0
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


def test_raising_reinvestment_raises_program_spending_and_attractiveness():
    """More reinvested money buys more program intensity, which families see; later the
    housing limit and the labour market brake (the town-level attractiveness falls as it
    fills), so the loop is tested in the years before the brakes bind."""
    none, much = town(years=4, reinvestment_share=0.0), town(years=4, reinvestment_share=0.8)
    spent = yearly(much, "program_spending_yen"), yearly(none, "program_spending_yen")
    assert spent[0].loc[2017] > spent[1].loc[2017]
    early = (much.step > 12) & (much.step <= 36)
    assert much.family_attractiveness[early].mean() > none.family_attractiveness[early].mean()


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


def test_programs_funded_by_donations_hold_the_population(kamishihoro_pair):
    """MODEL.md pattern: the town holds its population for years; without programs it shrinks."""

    def mean_at(runs, step):
        return np.mean([r.loc[r.step == step, "population"].iloc[0] for r in runs])

    start = mean_at(kamishihoro_pair["kamishihoro"], 0)
    for step in (60, 120):
        assert mean_at(kamishihoro_pair["kamishihoro"], step) > 0.97 * start
    assert mean_at(kamishihoro_pair["kamishihoro_no_programs"], 120) < 0.9 * start
    assert mean_at(kamishihoro_pair["kamishihoro_no_programs"], 240) < mean_at(
        kamishihoro_pair["kamishihoro"], 240
    )


def test_in_movers_are_mostly_aged_20_to_49(kamishihoro_pair):
    runs = kamishihoro_pair["kamishihoro"]
    prime = sum(r.moves_in_20_49.sum() for r in runs)
    adults = sum((r.moves_in - r.moves_in_0_14).sum() for r in runs)
    assert prime / adults > 0.6
