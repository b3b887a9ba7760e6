"""Each compiled kernel computes what its numpy twin says, on random data."""

import numpy as np
import pytest

from sim.kernels import (
    compact,
    compact_numpy,
    household_heads,
    household_heads_numpy,
    key_sums,
    key_sums_numpy,
    learn,
    learn_numpy,
    satisfy,
    satisfy_numpy,
    scatter_add,
    scatter_add_numpy,
    town_tally,
    town_tally_numpy,
)


@pytest.mark.parametrize("seed", range(5))
def test_household_heads_match_the_numpy_twin(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5000))
    household = rng.integers(0, max(n // 3, 1), n)
    age = rng.integers(0, 40, n).astype(np.int32)  # few ages: many ties, the first row wins
    got, want = household_heads(household, age), household_heads_numpy(household, age)
    assert (got[0] == want[0]).all()
    assert (got[1] == want[1]).all()
    assert got[0].sum() == np.unique(household).size  # one head per household


@pytest.mark.parametrize("seed", range(5))
def test_scatter_add_matches_the_numpy_twin(seed):
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, 50, int(rng.integers(0, 2000)))  # many repeats
    amount = rng.integers(0, 10**12, rows.size)
    got, want = np.zeros(50, np.int64), np.zeros(50, np.int64)
    scatter_add(got, rows, amount)
    scatter_add_numpy(want, rows, amount)
    assert (got == want).all()
    scatter_add(got, rows, 7)  # a scalar amount adds to every row named
    scatter_add_numpy(want, rows, 7)
    assert (got == want).all()


@pytest.mark.parametrize("seed", range(5))
def test_key_sums_match_the_numpy_twin_and_leave_the_buffer_clean(seed):
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, 400, int(rng.integers(1, 3000)))
    amount = rng.integers(0, 3, keys.size) * rng.integers(0, 10**9, keys.size)  # zeros too
    buffer = np.zeros(400, np.int64)
    got = key_sums(keys, amount, buffer)
    want = key_sums_numpy(keys, amount)
    assert (got[0] == want[0]).all() and (got[1] == want[1]).all()
    assert not buffer.any()


@pytest.mark.parametrize("seed", range(3))
def test_learning_matches_the_numpy_twin(seed):
    rng = np.random.default_rng(seed)
    n, m = 5000, 7
    args = (
        rng.random(n).astype(np.float32),
        rng.integers(0, 100 * 12, n).astype(np.int32),
        rng.integers(0, m, n),
        rng.random(m),
        rng.random(m) * 0.1,
        rng.random(m),
        0.004,
        0.01,
        0.02,
    )
    got, want = learn(*args), learn_numpy(*args)
    assert got.dtype == want.dtype == np.float32
    assert np.array_equal(got, want)


def test_town_tally_matches_the_numpy_twin():
    from sim.kpis import AGE_CLASS_OF_MONTH

    rng = np.random.default_rng(4)
    n = 20_000
    args = (
        rng.integers(0, 9, n),
        rng.integers(0, 125 * 12, n).astype(np.int32),  # beyond the table's last age too
        rng.integers(0, 4, n).astype(np.int8),
        rng.random(n) < 0.1,
        rng.random(n) < 0.4,
        AGE_CLASS_OF_MONTH,
        9,
        4,
    )
    got, want = town_tally(*args), town_tally_numpy(*args)
    assert got.shape == want.shape and (got == want).all() and got.sum() == n


@pytest.mark.parametrize(
    "dtype", [np.int64, np.int32, np.int16, np.int8, np.float32, np.float64, bool]
)
def test_compaction_matches_the_numpy_twin(dtype):
    rng = np.random.default_rng(5)
    column = rng.integers(0, 100, 1000).astype(dtype)
    index = np.flatnonzero(rng.random(1000) < 0.7)
    got, want = column.copy(), column.copy()
    compact(got, index)
    compact_numpy(want, index)
    assert np.array_equal(got, want)


def test_satisfaction_matches_the_numpy_twin():
    rng = np.random.default_rng(6)
    n, m = 8000, 5
    sat = rng.random(n).astype(np.float32)
    args = (
        rng.integers(0, m, n),
        rng.random(n) < 0.5,
        rng.integers(0, 100 * 12, n).astype(np.int32),
        rng.random(m) * 1.2 - 0.1,  # goals beyond [0, 1] are clipped
        rng.random(m) * 0.1,
        rng.random(m) * 0.1,
        0.1,
        18,
        75,
    )
    got, want = sat.copy(), sat.copy()
    satisfy(got, *args)
    satisfy_numpy(want, *args)
    assert np.array_equal(got, want)
