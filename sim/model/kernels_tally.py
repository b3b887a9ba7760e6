"""Compiled per-town sums and counts of resident columns (KPIs, owners, online use), each with
its numpy twin (tests/test_kernels.py compares the two exactly).

np.bincount with weights converts each column to float64 and adds row by row; the kernel adds
the same float64 values in the same row order, for four columns in one pass.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = [
    "count_below",
    "count_below_numpy",
    "count_from",
    "count_from_numpy",
    "count_rows",
    "count_rows_numpy",
    "kth_rows",
    "kth_rows_numpy",
    "online_use",
    "online_use_numpy",
    "rows_by_town_from",
    "rows_by_town_from_numpy",
    "town_kpis",
    "town_kpis_numpy",
    "town_sum",
    "town_sum_numpy",
]


def town_kpis_numpy(
    town, age_months, labour, remote, online, wage, satisfaction, literacy,
    age_class_of_month, employed, n_towns, n_labour,
):  # fmt: skip
    """The KPIs' tallies of the residents: counts by (town, age class, labour status, remote
    worker, online user), and per town the wages of the ``employed`` (labour code), ages in
    months, satisfaction and digital literacy, each summed in float64 in row order."""
    cls = age_class_of_month[np.minimum(age_months, age_class_of_month.size - 1)]
    n_classes = int(age_class_of_month.max()) + 1
    key = ((town * n_classes + cls) * n_labour + labour) * 4
    key += remote.astype(np.intp) * 2 + online
    counts = np.bincount(key, minlength=n_towns * n_classes * n_labour * 4)
    wages = np.bincount(town, weights=np.where(labour == employed, wage, 0), minlength=n_towns)
    ages = np.bincount(town, weights=age_months, minlength=n_towns)
    content = np.bincount(town, weights=satisfaction, minlength=n_towns)
    lit = np.bincount(town, weights=literacy, minlength=n_towns)
    return counts.reshape(n_towns, n_classes, n_labour, 2, 2), wages, ages, content, lit


@numba.njit(cache=True, nogil=True)
def _town_kpis(
    town, age_months, labour, remote, online, wage, satisfaction, literacy,
    age_class_of_month, employed, n_towns, n_labour,
):  # pragma: no cover - compiled  # fmt: skip
    n_classes = age_class_of_month.max() + 1
    counts = np.zeros(n_towns * n_classes * n_labour * 4, dtype=np.int64)  # flat: one index
    sums = np.zeros((4, n_towns), dtype=np.float64)  # wages, ages, satisfaction, literacy
    last = age_class_of_month.size - 1
    t = town[0] if town.size else 0
    w = a = c = li = 0.0  # the running sums of town t, kept in registers along a run of rows
    for i in range(town.size):
        if town[i] != t:  # the run ends: its sums go back and the next town's are taken up,
            sums[0, t], sums[1, t], sums[2, t], sums[3, t] = w, a, c, li  # in row order still
            t = town[i]
            w, a, c, li = sums[0, t], sums[1, t], sums[2, t], sums[3, t]
        cl = age_class_of_month[min(age_months[i], last)]
        cell = ((t * n_classes + cl) * n_labour + labour[i]) * 4
        counts[cell + np.int64(remote[i]) * 2 + np.int64(online[i])] += 1
        w += np.float64(wage[i]) * (labour[i] == employed)  # x 1 or + 0.0: exact either way
        a += np.float64(age_months[i])
        c += np.float64(satisfaction[i])
        li += np.float64(literacy[i])
    if town.size:
        sums[0, t], sums[1, t], sums[2, t], sums[3, t] = w, a, c, li
    counts = counts.reshape(n_towns, n_classes, n_labour, 2, 2)
    return counts, sums[0].copy(), sums[1].copy(), sums[2].copy(), sums[3].copy()


def town_kpis(
    town, age_months, labour, remote, online, wage, satisfaction, literacy,
    age_class_of_month, employed, n_towns, n_labour,
):  # fmt: skip
    """As ``town_kpis_numpy``, in one pass over the residents."""
    return _town_kpis(
        town, age_months, labour, remote, online, wage, satisfaction, literacy,
        age_class_of_month, int(employed), int(n_towns), int(n_labour),
    )  # fmt: skip


def count_below_numpy(town, value, limit, n_towns) -> np.ndarray:
    """Per town, the rows whose ``value`` is below ``limit`` (e.g. children under 6)."""
    return np.bincount(town[value < limit], minlength=n_towns)


@numba.njit(cache=True, nogil=True)
def _count_side(town, value, limit, n_towns, below):  # pragma: no cover - compiled
    """Per town, the rows whose ``value`` is below ``limit`` (``below``) or at least it."""
    out = np.zeros(n_towns, dtype=np.int64)
    t = town[0] if town.size else 0
    c = 0  # town t's count along a run of its rows, in a register
    for i in range(town.size):
        if town[i] != t:
            out[t] += c
            t, c = town[i], 0
        c += (value[i] < limit) == below
    if town.size:
        out[t] += c
    return out


def count_below(town, value, limit, n_towns) -> np.ndarray:
    """As ``count_below_numpy``, in one pass without a mask."""
    return _count_side(town, value, int(limit), int(n_towns), True)


def count_rows_numpy(town, n_towns) -> np.ndarray:
    """Rows per town."""
    return np.bincount(town, minlength=n_towns).astype(np.int64)


def count_rows(town, n_towns) -> np.ndarray:
    """As ``count_rows_numpy``, with a run's count in a register (rows come in runs of one
    town, put so yearly): the rows whose town index is at least 0, which is every row."""
    return _count_side(town, town, 0, int(n_towns), False)


def count_from_numpy(town, value, limit, n_towns) -> np.ndarray:
    """Per town, the rows whose ``value`` is at least ``limit`` (e.g. adults)."""
    return np.bincount(town[value >= limit], minlength=n_towns)


def count_from(town, value, limit, n_towns) -> np.ndarray:
    """As ``count_from_numpy``, in one pass without a mask."""
    return _count_side(town, value, int(limit), int(n_towns), False)


def rows_by_town_from_numpy(town, value, limit, n_towns):
    """The rows whose ``value`` is at least ``limit`` (e.g. adults), ordered by town and, within
    a town, by row; with each town's first position in that order and its count."""
    rows = np.nonzero(value >= limit)[0]
    order = rows[np.argsort(town[rows], kind="stable")]
    count = np.bincount(town[rows], minlength=n_towns)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    return order, start, count


@numba.njit(cache=True, nogil=True)
def _rows_by_town_from(town, value, limit, n_towns):  # pragma: no cover - compiled
    count = _count_side(town, value, limit, n_towns, False)
    start = np.zeros(n_towns, dtype=np.int64)
    for t in range(1, n_towns):
        start[t] = start[t - 1] + count[t - 1]
    fill = start.copy()
    total = count.sum()
    order = np.empty(total + 1, dtype=np.int64)  # the last slot takes the rows left out
    t = town[0] if town.size else 0
    at = fill[t] if town.size else 0  # town t's next position, in a register along its run
    for i in range(town.size):  # without branches: a row left out is written to the last slot
        if town[i] != t:
            fill[t] = at
            t = town[i]
            at = fill[t]
        ok = np.int64(value[i] >= limit)
        order[ok * at + (1 - ok) * total] = i
        at += ok
    return order[:total].copy(), start, count


def rows_by_town_from(town, value, limit, n_towns):
    """As ``rows_by_town_from_numpy``, by counting in two passes (no mask, no sort)."""
    return _rows_by_town_from(town, value, int(limit), int(n_towns))


def online_use_numpy(uses, town, age_months, literacy, online_share, adult, threshold, n_towns):
    """Who can do procedures online, written into ``uses``: of age ``adult`` (months) or more,
    of literacy at ``threshold`` or more (compared in the column's float32, as numpy does), in
    a town whose online share is positive. Returns residents and those able, per town."""
    uses[:] = (age_months >= adult) & (literacy >= threshold) & (online_share[town] > 0)
    return np.bincount(town, minlength=n_towns), np.bincount(town[uses], minlength=n_towns)


@numba.njit(cache=True, nogil=True)
def _online_use(
    uses, town, age_months, literacy, online_share, adult, threshold, n_towns
):  # pragma: no cover - compiled
    everyone = np.zeros(n_towns, dtype=np.int64)
    able = np.zeros(n_towns, dtype=np.int64)
    t = town[0] if town.size else 0
    e = a = 0  # town t's counts along a run of its rows, in registers
    for i in range(town.size):
        if town[i] != t:
            everyone[t] += e
            able[t] += a
            t, e, a = town[i], 0, 0
        u = (age_months[i] >= adult) & (literacy[i] >= threshold) & (online_share[t] > 0)
        uses[i] = u
        e += 1
        a += u
    if town.size:
        everyone[t] += e
        able[t] += a
    return everyone, able


def online_use(uses, town, age_months, literacy, online_share, adult, threshold, n_towns):
    """As ``online_use_numpy``, in one pass over the residents."""
    return _online_use(
        uses,
        town,
        age_months,
        literacy,
        online_share,
        int(adult),
        literacy.dtype.type(threshold),
        int(n_towns),
    )


def town_sum_numpy(town, values, n_towns):
    """Per town, the sum of ``values`` in float64 in row order (numpy's weighted bincount)."""
    return np.bincount(town, weights=values, minlength=n_towns)


@numba.njit(cache=True, nogil=True)
def _town_sum(town, values, n_towns):  # pragma: no cover - compiled
    out = np.zeros(n_towns, dtype=np.float64)
    t = town[0] if town.size else 0
    s = 0.0  # town t's running sum, in a register along a run of its rows (row order kept)
    for i in range(town.size):
        if town[i] != t:
            out[t] = s
            t = town[i]
            s = out[t]
        s += np.float64(values[i])
    if town.size:
        out[t] = s
    return out


def town_sum(town, values, n_towns) -> np.ndarray:
    """As ``town_sum_numpy``, in one pass without a float64 copy of the column."""
    return _town_sum(town, values, int(n_towns))


def kth_rows_numpy(town, value, limit, want_town, want_k, n_towns):
    """For each request (town t, k), the k-th row (from 0, in row order) among the rows of
    town t whose ``value`` is at least ``limit``: ``rows_by_town_from``'s order at
    start[t] + k, or -1 where there is no such row."""
    order, start, count = rows_by_town_from_numpy(town, value, limit, n_towns)
    ok = (want_k >= 0) & (want_k < count[want_town])
    return np.where(ok, order[np.minimum(start[want_town] + want_k, max(order.size - 1, 0))], -1)


@numba.njit(cache=True, nogil=True)
def _kth_rows(town, value, limit, want_town, want_k, n_towns):  # pragma: no cover - compiled
    out = np.full(want_town.size, -1, dtype=np.int64)
    # requests by (town, k); those of a negative k are never met (and must not wait first in
    # their town's line, blocking the others)
    asked = np.nonzero(want_k >= 0)[0]
    m = asked.size
    if m == 0:
        return out
    order = asked[np.argsort(want_town[asked] * (want_k.max() + 1) + want_k[asked])]
    ptr = np.full(n_towns, m, dtype=np.int64)  # each town's next request in that order
    for j in range(m - 1, -1, -1):
        ptr[want_town[order[j]]] = j
    seen = np.zeros(n_towns, dtype=np.int64)
    left = m
    # rows come in runs of one town (kept so yearly): the run's count and its next wanted k
    # are kept in registers, and a row branches only when it is a wanted one
    run, c, want = -1, 0, -1
    for i in range(town.size):  # stops once every request is met
        t = town[i]
        if t != run:
            if run >= 0:
                seen[run] = c
            run, c = t, seen[t]
            j = ptr[t]
            want = want_k[order[j]] if j < m and want_town[order[j]] == t else -1
        counted = np.int64(value[i] >= limit)
        if counted & np.int64(c == want):
            j = ptr[t]
            while j < m and want_town[order[j]] == t and want_k[order[j]] == c:
                out[order[j]] = i
                j += 1
                left -= 1
            ptr[t] = j
            want = want_k[order[j]] if j < m and want_town[order[j]] == t else -1
            if left == 0:
                break
        c += counted
    return out


def kth_rows(town, value, limit, want_town, want_k, n_towns) -> np.ndarray:
    """As ``kth_rows_numpy``, in one pass that stops when every request is met (for a few
    requests; ``rows_by_town_from`` lists every town's rows for many)."""
    return _kth_rows(
        town, value, int(limit), np.asarray(want_town, np.int64), np.asarray(want_k, np.int64),
        int(n_towns),
    )  # fmt: skip
