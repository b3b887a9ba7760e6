"""The identities hold exactly at every step: over seeds, parameter draws and every scenario."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import RegionModel, load_scenario, run
from tests.conftest import SCENARIOS, two_towns


def _identity_holds(kpis: pd.DataFrame) -> None:
    """population = previous + births - deaths + moves_in - moves_out, per town and step."""
    k = kpis.sort_values(["municipality", "step"])
    prev = k.groupby("municipality")["population"].shift()
    later = k["step"] > 0
    expected = prev + k["births"] - k["deaths"] + k["moves_in"] - k["moves_out"]
    assert (k.loc[later, "population"] == expected[later]).all()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    tfr=st.floats(0.5, 3.0),
    out_scale=st.floats(0.2, 3.0),
    in_rate=st.floats(0.0, 2.0),
    local_share=st.floats(0.0, 0.8),
    exit_rate=st.floats(0.0, 0.5),
    fund_share=st.floats(0.0, 1.0),
    scale=st.sampled_from([1, 3]),
)
def test_conservation_over_seeds_and_parameters(
    seed, tfr, out_scale, in_rate, local_share, exit_rate, fund_share, scale
):
    rates = [
        min(1.0, r * out_scale) for r in (0.05, 0.025, 0.14, 0.22, 0.14, 0.075, 0.05, 0.025, 0.009)
    ]
    scenario = two_towns(
        run={"years": 1, "seed": seed, "scale": scale},
        demography={"tfr": tfr},
        migration={"move_rate_by_age": rates, "return_family": in_rate, "return_work": in_rate},
        trade={"local_share": local_share, "neighbour_share": (1 - local_share) / 2},
        firms={"exit_rate": exit_rate},
        fiscal={"fund_share": fund_share},
    )
    model = RegionModel(scenario)  # checks every step; a violation raises ConservationError
    for _ in range(8):
        model.step()
    assert model.ledger.total() == 0
    _identity_holds(model.kpis.frame())


@pytest.mark.parametrize("name", ["kamishihoro", "tokachi", "generated", "base"])
def test_every_shipped_scenario_conserves(name):
    overrides = ["run.years=1"]
    if name in ("tokachi", "generated"):
        overrides.append("run.scale=20")
    if name == "generated":
        overrides.append("generate.population=60000")
    results = run(load_scenario(SCENARIOS / f"{name}.yaml", overrides=overrides))
    _identity_holds(results.kpis)
    # money: what municipalities received by kind equals the flows table
    flows = results.flows
    got = flows[(flows.payee_type == "municipality") & (flows.kind == "resident_tax")]
    assert got["amount_yen"].sum() == results.kpis["revenue_local_tax_yen"].sum() - (
        flows[
            (flows.payee_type == "municipality")
            & flows.kind.isin(["corporate_tax_local", "fixed_asset_tax"])
        ]["amount_yen"].sum()
    )


def test_scale_reports_persons_not_agents():
    one = RegionModel(two_towns(run={"seed": 1, "scale": 1}))
    five = RegionModel(two_towns(run={"seed": 1, "scale": 5}))
    assert five.residents.n == pytest.approx(one.residents.n / 5, rel=0.01)
    pop1 = one.kpis.frame()["population"].to_numpy()
    pop5 = five.kpis.frame()["population"].to_numpy()
    assert np.allclose(pop5, pop1, rtol=0.01) and (pop5 % 5 == 0).all()
    assert pop5.tolist() == [3000, 6000]


PROGRAM_NAMES = (
    "childcare_support",
    "elderly_digital",
    "on_demand_transport",
    "digital_infrastructure",
    "experiment_field",
    "digital_division",
    "town_company",
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    budgets=st.lists(st.integers(0, 300_000_000), min_size=7, max_size=7),
    reinvestment=st.floats(0.0, 1.0),
    disclosure=st.floats(0.0, 1.0),
    coinvestment=st.floats(0.0, 5.0),
    fund_draw=st.floats(0.0, 1.0),
    gift=st.floats(0.0, 0.3),
    donations=st.integers(0, 3_000_000_000),
    regime=st.sampled_from(["legacy", "joint", "standard"]),
)
def test_conservation_with_random_policies_and_it_regimes(
    seed, budgets, reinvestment, disclosure, coinvestment, fund_draw, gift, donations, regime
):
    """Every program with a random budget, random loop settings, donations and IT regime:
    money, goods and people add up at every step, across a fiscal year."""
    policy = {
        "programs": {
            name: {"start_fy": 2015, "budget_yen": b}
            for name, b in zip(PROGRAM_NAMES, budgets, strict=True)
            if b > 0
        },
        "reinvestment_share": reinvestment,
        "disclosure": disclosure,
        "coinvestment_ratio": coinvestment,
        "fund_draw_share": fund_draw,
        "return_gift_share": gift,
        "donations_yen": {2015: donations, 2016: donations // 2},
    }
    it = {"it_regime": regime} | ({"it_group": "g"} if regime == "joint" else {})
    scenario = two_towns(run={"years": 2, "seed": seed, "scale": 3})
    data = scenario.model_dump()
    data["municipalities"]["small"].update(policy=policy, **it)
    model = RegionModel(load_scenario(data=data))
    for _ in range(14):  # through an April: a second budget, grant round and draw
        model.step()
    assert model.ledger.total() == 0
    assert model.policy.earmarked[0] <= max(model.ledger.fund[0], 0)
    _identity_holds(model.kpis.frame())


def test_debt_moves_only_with_bond_issues_and_repayments():
    """Municipal debt is a ledger stock: a month's change is its bond issues minus its
    repayments, and a change made past the ledger is caught by the check."""
    from sim.model.ledger import ConservationError, Flow

    model = RegionModel(two_towns(run={"years": 2}))
    for _ in range(14):  # past April: a budget with repayments (and maybe an issue)
        before = model.ledger.debt.copy()
        model.step()
        issued = model.ledger.muni_in[Flow.BOND_ISSUE]
        repaid = model.ledger.muni_out[Flow.BOND_REPAYMENT]
        assert (model.ledger.debt == before + issued - repaid).all()
    assert model.ledger.muni_out[Flow.BOND_REPAYMENT].sum() > 0
    model.ledger.begin_step()
    model.ledger.debt[0] += 1  # borrowed past the ledger
    with pytest.raises(ConservationError, match="debt"):
        model.ledger.check(model.steps)


def test_each_year_the_residents_are_ordered_by_town_and_household():
    """The yearly sort moves rows, never people: the same ids with the same attributes, in
    order of town and household afterwards; households are numbered anew from 0 in the order
    of their ids (the same households, the same order), and the identities still hold."""
    model = RegionModel(two_towns(run={"years": 2}))
    for _ in range(12):
        model.step()
    r = model.residents
    before = {int(i): (int(t), int(h), int(a)) for i, t, h, a in zip(
        r.id, r.municipality, r.household, r.age_months, strict=True
    )}  # fmt: skip
    model.people.sort_rows()
    key = r.municipality.astype(np.int64) * (int(r.household.max()) + 1) + r.household
    assert (np.diff(key) >= 0).all()
    after = {int(i): (int(t), int(h), int(a)) for i, t, h, a in zip(
        r.id, r.municipality, r.household, r.age_months, strict=True
    )}  # fmt: skip
    assert after.keys() == before.keys()
    assert all(after[i][0::2] == before[i][0::2] for i in before)  # town and age
    renumber = {before[i][1]: after[i][1] for i in before}  # old household id -> new one
    assert len(renumber) == len(set(renumber.values()))  # the same households
    old_ids = sorted(renumber)
    assert [renumber[h] for h in old_ids] == list(range(len(old_ids)))  # 0.., in id order
    assert model.people.new_households(2).tolist() == [len(old_ids), len(old_ids) + 1]
    model.step()  # and the month's checks (money, goods, people) pass on the sorted table
