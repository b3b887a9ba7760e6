"""Exact integer splits (sim/model/shares.py) against their definitions, row by row."""

import numpy as np
import pytest

from sim.model.shares import apportion, split_by_weight, sum_by


def apportion_by_definition(total, amount, group):
    """Row k of a group gets floor(T A_k / A) - floor(T A_(k-1) / A), in Python integers."""
    out = [0] * len(amount)
    running: dict[int, int] = {}
    whole: dict[int, int] = {}
    for g, a in zip(group.tolist(), amount.tolist(), strict=True):
        whole[g] = whole.get(g, 0) + a
    rows = zip(group.tolist(), amount.tolist(), total.tolist(), strict=True)
    for k, (g, a, t) in enumerate(rows):
        before = running.get(g, 0)
        running[g] = before + a
        out[k] = t * running[g] // max(whole[g], 1) - t * before // max(whole[g], 1)
    return np.array(out, dtype=np.int64)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("largest", [10**6, 10**12])  # int64 arithmetic, or Python integers
def test_apportion_follows_its_definition(seed, largest):
    rng = np.random.default_rng(seed)
    n, m = 500, 7
    group = rng.integers(0, m, n)
    amount = rng.integers(0, largest, n)  # 10**12: totals x running sums overflow int64
    whole = sum_by(group, amount, m)
    share = rng.random(m) if seed else np.ones(m)  # seed 0: every group sold whole
    total = np.floor(whole * share).astype(np.int64)
    got = apportion(total[group], amount, group)
    assert np.array_equal(got, apportion_by_definition(total[group], amount, group))
    assert np.array_equal(sum_by(group, got, m), total)  # the groups add up exactly
    assert ((got >= 0) & (got <= amount)).all()


def test_split_by_weight_adds_up_and_follows_the_weights():
    rng = np.random.default_rng(9)
    group = rng.integers(0, 5, 300)
    weight = rng.random(300) * (rng.random(300) > 0.2)
    total = rng.integers(0, 10**9, 5)
    total[4] = 7  # fewer yen than rows: the remainder goes to the first row of weight
    out = split_by_weight(total, weight, group, 5)
    has_weight = np.bincount(group, weights=weight, minlength=5) > 0
    assert np.array_equal(sum_by(group, out, 5), np.where(has_weight, total, 0))
    assert (out[weight == 0] == 0).all()
    size = np.bincount(group, weights=weight, minlength=5)
    expected = np.floor(total[group] * weight / size[group]).astype(np.int64)
    first = [np.nonzero((group == g) & (weight > 0))[0][0] for g in range(5)]
    rest = np.setdiff1d(np.arange(300), first)
    assert np.array_equal(out[rest], expected[rest])  # the remainder only at the first row
    assert (out[first] - expected[first] < np.bincount(group, minlength=5)).all()
