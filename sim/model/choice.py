"""Vectorized random choices within groups: the arithmetic behind matching and moving.

Every mechanism that pairs many things at once (seekers with vacancies, shoppers with shops,
movers with destinations) reduces to two operations on flat arrays, written once here.
"""

from __future__ import annotations

import numpy as np

from . import kernels

__all__ = [
    "choose_weighted",
    "group_order",
    "random_rank",
    "rank_in_sorted",
    "match",
]


def choose_weighted(
    item_group: np.ndarray,
    weights: np.ndarray,
    chooser_group: np.ndarray,
    rng: np.random.Generator,
    n_groups: int,
) -> np.ndarray:
    """For each chooser, an item of its group drawn with probability proportional to weight.

    Returns item indices, or -1 where the chooser's group has no weight at all.
    """
    order = group_order(item_group, n_groups)
    w = np.asarray(weights, dtype=np.float64)[order]
    cum = np.cumsum(w)
    total = np.bincount(item_group, weights=weights, minlength=n_groups)
    end = np.bincount(item_group, minlength=n_groups).cumsum()
    start_cum = np.concatenate(([0.0], cum))[end - np.bincount(item_group, minlength=n_groups)]
    g = np.asarray(chooser_group, dtype=np.int64)
    target = start_cum[g] + rng.random(g.size) * total[g]
    pos = np.searchsorted(cum, target, side="right")
    last = end[g] - 1
    pos = np.minimum(pos, np.maximum(last, 0))  # guard against rounding at the group's end
    chosen = np.where(total[g] > 0, order[pos] if order.size else -1, -1)
    return chosen.astype(np.int64)


def group_order(group: np.ndarray, n_groups: int) -> np.ndarray:
    """The stable order that sorts rows by group (a counting sort: towns are few)."""
    return kernels.group_order(group, n_groups)


def random_rank(groups: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random order within each group: 0 for the first, 1 for the second, ..."""
    groups = np.asarray(groups, dtype=np.int64)
    # one float sort: the integer part orders the groups, the fraction shuffles within them
    order = np.argsort(groups + rng.random(groups.size))
    rank = np.empty(groups.size, dtype=np.int64)
    rank[order] = rank_in_sorted(groups[order])
    return rank


def rank_in_sorted(sorted_groups: np.ndarray) -> np.ndarray:
    """Position of each element within its run of equal groups (the groups already sorted)."""
    n = sorted_groups.size
    starts = np.ones(n, dtype=bool)
    starts[1:] = sorted_groups[1:] != sorted_groups[:-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    return np.arange(n) - first


def match(
    seeker_group: np.ndarray, slot_group: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pair seekers with slots of the same group at random, as many as both allow.

    Returns (seeker indices, slot indices) of the pairs.
    """
    seeker_group = np.asarray(seeker_group, dtype=np.int64)
    slot_group = np.asarray(slot_group, dtype=np.int64)
    if seeker_group.size == 0 or slot_group.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    width = max(seeker_group.size, slot_group.size)
    s_key = seeker_group * width + random_rank(seeker_group, rng)
    v_key = slot_group * width + random_rank(slot_group, rng)
    v_order = np.argsort(v_key)
    v_sorted = v_key[v_order]
    pos = np.minimum(np.searchsorted(v_sorted, s_key), v_sorted.size - 1)
    hit = v_sorted[pos] == s_key
    return np.nonzero(hit)[0], v_order[pos[hit]]
