"""The money ledger: one door, integer yen, exact conservation, records by kind."""

import numpy as np
import pytest

from sim import RegionModel
from sim.model.ledger import Account, ConservationError, Flow
from tests.conftest import two_towns


@pytest.fixture
def model():
    return RegionModel(two_towns())


def test_opening_balances_sum_to_zero(model):
    assert model.ledger.total() == 0
    assert model.ledger.outside[0] < 0  # Outside funded every opening balance


def test_transfer_moves_money_and_records_it(model):
    ledger, r = model.ledger, model.residents
    rows = np.array([0, 0, 5])  # repeated payers are summed exactly
    before = r.savings_yen[[0, 5]].copy()
    ledger.transfer(Flow.RESIDENT_TAX, Account.RESIDENT, Account.MUNICIPALITY, [10, 20, 7], rows, 0)
    assert (before - r.savings_yen[[0, 5]]).tolist() == [30, 7]
    assert ledger.muni_in[Flow.RESIDENT_TAX, 0] == 37
    assert ledger.total() == 0


def test_transfer_refuses_floats_and_negative_amounts(model):
    with pytest.raises(TypeError, match="integer yen"):
        model.ledger.transfer(Flow.WAGE, Account.NATION, Account.OUTSIDE, 1.5)
    with pytest.raises(ValueError, match="negative"):
        model.ledger.transfer(Flow.WAGE, Account.NATION, Account.OUTSIDE, -1)


def test_money_created_outside_the_ledger_is_caught(model):
    model.step()
    model.residents.savings_yen[3] += 1  # a bug: money from nowhere
    with pytest.raises(ConservationError, match=r"step 1: money ledger out of balance by 1"):
        model.ledger.check(model.steps)


def test_goods_check_catches_a_sale_booked_as_plain_transfer(model):
    model.step()
    model.ledger.transfer(Flow.CONSUMPTION, Account.RESIDENT, Account.FIRM, 5, 0, 0)
    with pytest.raises(ConservationError, match="goods ledger"):
        model.ledger.check(model.steps)


def test_flow_table_is_tidy_and_sums_to_the_records(model):
    for _ in range(2):
        model.step()
    flows = model.ledger.flow_table([m.key for m in model.municipalities])
    assert list(flows.columns) == [
        "step",
        "kind",
        "payer_type",
        "payer_municipality",
        "payee_type",
        "payee_municipality",
        "amount_yen",
    ]
    assert flows["amount_yen"].dtype == np.int64 and (flows["amount_yen"] > 0).all()
    assert {"wage", "pension", "consumption", "allocation_tax"} <= set(flows["kind"])
    nation = flows[(flows.payer_type == "nation")]
    assert set(nation["payer_municipality"]) == {""}
