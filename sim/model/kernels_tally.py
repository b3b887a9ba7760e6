"""Compiled per-town sums of resident columns for the KPIs (``sim/model/kpis.py``), with their
numpy twin (tests/test_kernels.py compares the two exactly).

np.bincount with weights converts each column to float64 and adds row by row; the kernel adds
the same float64 values in the same row order, for four columns in one pass.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = [
    "count_below",
    "count_below_numpy",
    "rows_by_town_from",
    "rows_by_town_from_numpy",
    "town_sums",
    "town_sums_numpy",
]


def town_sums_numpy(town, labour, employed, wage, age_months, satisfaction, literacy, n_towns):
    """Per town: wages of the ``employed`` (labour code), ages in months, satisfaction and
    digital literacy, each summed in float64."""
    wages = np.bincount(town, weights=np.where(labour == employed, wage, 0), minlength=n_towns)
    ages = np.bincount(town, weights=age_months, minlength=n_towns)
    content = np.bincount(town, weights=satisfaction, minlength=n_towns)
    lit = np.bincount(town, weights=literacy, minlength=n_towns)
    return wages, ages, content, lit


@numba.njit(cache=True, nogil=True)
def _town_sums(
    town, labour, employed, wage, age_months, satisfaction, literacy, n_towns
):  # pragma: no cover - compiled
    wages = np.zeros(n_towns, dtype=np.float64)
    ages = np.zeros(n_towns, dtype=np.float64)
    content = np.zeros(n_towns, dtype=np.float64)
    lit = np.zeros(n_towns, dtype=np.float64)
    for i in range(town.size):
        t = town[i]
        wages[t] += np.float64(wage[i]) if labour[i] == employed else 0.0
        ages[t] += np.float64(age_months[i])
        content[t] += np.float64(satisfaction[i])
        lit[t] += np.float64(literacy[i])
    return wages, ages, content, lit


def town_sums(town, labour, employed, wage, age_months, satisfaction, literacy, n_towns):
    """As ``town_sums_numpy``, in one pass over the residents."""
    return _town_sums(
        town, labour, int(employed), wage, age_months, satisfaction, literacy, int(n_towns)
    )


def count_below_numpy(town, value, limit, n_towns) -> np.ndarray:
    """Per town, the rows whose ``value`` is below ``limit`` (e.g. children under 6)."""
    return np.bincount(town[value < limit], minlength=n_towns)


@numba.njit(cache=True, nogil=True)
def _count_below(town, value, limit, n_towns):  # pragma: no cover - compiled
    out = np.zeros(n_towns, dtype=np.int64)
    for i in range(town.size):
        if value[i] < limit:
            out[town[i]] += 1
    return out


def count_below(town, value, limit, n_towns) -> np.ndarray:
    """As ``count_below_numpy``, in one pass without a mask."""
    return _count_below(town, value, int(limit), int(n_towns))


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
    count = np.zeros(n_towns, dtype=np.int64)
    for i in range(town.size):
        if value[i] >= limit:
            count[town[i]] += 1
    start = np.zeros(n_towns, dtype=np.int64)
    for t in range(1, n_towns):
        start[t] = start[t - 1] + count[t - 1]
    fill = start.copy()
    order = np.empty(count.sum(), dtype=np.int64)
    for i in range(town.size):
        if value[i] >= limit:
            t = town[i]
            order[fill[t]] = i
            fill[t] += 1
    return order, start, count


def rows_by_town_from(town, value, limit, n_towns):
    """As ``rows_by_town_from_numpy``, by counting in two passes (no mask, no sort)."""
    return _rows_by_town_from(town, value, int(limit), int(n_towns))
