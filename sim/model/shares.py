"""Exact integer shares: sums by group and splits of yen that add up to the yen split.

Money is integer yen, so every split of an amount over buyers or sellers must add up to the
amount exactly; these are the few ways the model splits, written once.
"""

from __future__ import annotations

import numpy as np

from .kernels import scatter_add

__all__ = ["sum_by", "apportion", "split_by_weight"]


def sum_by(groups: np.ndarray, amount: np.ndarray, n: int) -> np.ndarray:
    """Integer sums of ``amount`` per group ``0..n-1``, exact (bincount where floats are)."""
    out = np.zeros(n, dtype=np.int64)
    scatter_add(out, np.asarray(groups), np.asarray(amount, dtype=np.int64))
    return out


def apportion(total: np.ndarray, amount: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Split each group's ``total`` (given at every row of the group, at most the group's sum
    of ``amount``) over its rows in proportion to ``amount``, exactly in integers: each row
    gets between 0 and its ``amount``, and the rows of a group add up to its total.

    Row k of a group gets floor(total x A_k / A) - floor(total x A_(k-1) / A), A_k being the
    running sum of amounts within the group, computed in Python integers (no overflow)."""
    amount = np.asarray(amount, dtype=np.int64)
    if amount.size == 0:
        return amount.copy()
    whole_of = sum_by(group, amount, int(np.max(group)) + 1)
    if np.array_equal(total, whole_of[group]):  # every group's whole: each row its amount
        return amount.copy()
    order = np.argsort(group, kind="stable")
    g, a = np.asarray(group)[order], amount[order]
    t = np.asarray(total, dtype=np.int64)[order]
    first = np.ones(g.size, dtype=bool)
    first[1:] = g[1:] != g[:-1]
    starts = np.nonzero(first)[0]
    cum = np.cumsum(a)
    running = cum - np.repeat(cum[starts] - a[starts], np.diff(np.r_[starts, g.size]))
    whole = np.repeat(running[np.r_[starts[1:] - 1, g.size - 1]], np.diff(np.r_[starts, g.size]))
    if int(t.max()) * int(running.max()) < 2**63:  # no overflow: the same integers in int64
        ratio = t * running // np.maximum(whole, 1)
    else:  # Python integers, exact at any size
        ratio = t.astype(object) * running.astype(object) // np.maximum(whole, 1).astype(object)
    upto = np.where(t == whole, running, ratio).astype(np.int64)  # all sold: no arithmetic
    got = np.diff(upto, prepend=0)
    got[first] = upto[first]
    out = np.empty_like(got)
    out[order] = got
    return out


def split_by_weight(
    total: np.ndarray, weight: np.ndarray, group: np.ndarray, n_groups: int
) -> np.ndarray:
    """Split each group's ``total`` over its rows in proportion to ``weight`` (floats),
    in integers that add up to the total exactly: the rounding remainder (fewer yen than
    rows) goes to the group's first row of positive weight. Groups of no weight get 0."""
    group = np.asarray(group, dtype=np.intp)
    weight = np.asarray(weight, dtype=np.float64)
    size = np.bincount(group, weights=weight, minlength=n_groups)
    share = np.where(size[group] > 0, weight / np.where(size[group] > 0, size[group], 1), 0)
    out = np.floor(total[group] * share).astype(np.int64)
    rest = np.where(size > 0, total - sum_by(group, out, n_groups), 0)
    heavy = np.nonzero(weight > 0)[0]
    first = np.full(n_groups, weight.size, dtype=np.int64)
    np.minimum.at(first, group[heavy], heavy)
    towns = np.nonzero(rest)[0]
    out[first[towns]] += rest[towns]
    return out
