"""The residents' monthly money (``kernels_money.payroll``) posts what its numpy twin posts."""

import numpy as np
import pytest

from sim.model.agents import Employer
from sim.model.kernels_money import (
    FIRM,
    MUNICIPALITY,
    NONE,
    OUTSIDE,
    PAYROLL_FLOWS,
    payroll,
    payroll_numpy,
)


def test_employer_codes_are_the_models():
    assert (NONE, FIRM, MUNICIPALITY, OUTSIDE) == (
        Employer.NONE,
        Employer.FIRM,
        Employer.MUNICIPALITY,
        Employer.OUTSIDE,
    )


def _accounts(rng, n, m, n_firms):
    town = np.sort(rng.integers(0, m, n))  # mostly in runs of one town, as the model keeps them
    late = n // 5
    town[n - late :] = rng.integers(0, m, late)  # and newcomers at the end
    kind = rng.integers(0, 4, n).astype(np.int8)
    employer = np.where(
        kind == FIRM,
        rng.integers(0, n_firms, n),
        np.where(kind == MUNICIPALITY, rng.integers(0, m, n), -1),
    ).astype(np.int64)
    wage = np.where(kind != NONE, rng.integers(0, 400_000, n), 0).astype(np.int64)
    wage[rng.random(n) < 0.1] = 0  # some workers earn nothing this month
    return {
        "savings": rng.integers(-(10**6), 10**7, n),
        "town": town.astype(np.intp),
        "employer_type": kind,
        "employer": employer,
        "wage": wage,
        "age_months": rng.integers(0, 1200, n).astype(np.int32),
        "firm_cash": rng.integers(0, 10**8, n_firms),
        "firm_town": rng.integers(0, m, n_firms).astype(np.intp),
        "municipality": rng.integers(0, 10**9, m),
        "nation": np.zeros(1, dtype=np.int64),
        "outside": np.zeros(1, dtype=np.int64),
        "wage_book": np.zeros(m, dtype=np.int64),
        "resident_tax_book": np.zeros(m, dtype=np.int64),
        "asset_tax_book": np.zeros(m, dtype=np.int64),
    }


@pytest.mark.parametrize("seed", range(6))
def test_payroll_matches_the_numpy_twin(seed):
    rng = np.random.default_rng(seed)
    n, m, n_firms = int(rng.integers(1, 4000)), int(rng.integers(1, 12)), int(rng.integers(1, 300))
    got = _accounts(rng, n, m, n_firms)
    want = {k: v.copy() for k, v in got.items()}
    rates = dict(
        income_rate=0.05, resident_rate=0.06, pension_yen=123_457, old_age=780, asset_tax_yen=999,
        adult_age=240, width=m + 1,
    )  # fmt: skip
    buffers = [np.zeros((m + 1) ** 2, dtype=np.int64) for _ in range(2)]
    out, counts, bill = payroll(*got.values(), *rates.values(), *buffers)
    out_np, counts_np, bill_np = payroll_numpy(*want.values(), *rates.values())
    for name in got:
        np.testing.assert_array_equal(got[name], want[name], err_msg=name)
    np.testing.assert_array_equal(counts, counts_np)
    np.testing.assert_array_equal(bill, bill_np)
    assert len(out) == len(out_np) == len(PAYROLL_FLOWS)
    for flow, pairs, pairs_np in zip(PAYROLL_FLOWS, out, out_np, strict=True):
        for a, b in zip(pairs, pairs_np, strict=True):
            np.testing.assert_array_equal(a, b, err_msg=flow)
    assert not any(b.any() for b in buffers)  # the scratch buffers are left zeroed


def test_a_negative_wage_moves_nothing():
    rng = np.random.default_rng(1)
    accounts = _accounts(rng, 100, 3, 10)
    accounts["wage"][7] = -5
    before = {k: v.copy() for k, v in accounts.items()}
    buffers = [np.zeros(16, dtype=np.int64) for _ in range(2)]
    with pytest.raises(ValueError, match="negative transfer of -5 yen"):
        payroll(*accounts.values(), 0.05, 0.06, 1, 780, 1, 240, 4, *buffers)
    for name in accounts:
        np.testing.assert_array_equal(accounts[name], before[name], err_msg=name)
