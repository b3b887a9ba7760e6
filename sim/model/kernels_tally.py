"""Compiled per-town sums of resident columns for the KPIs (``sim/model/kpis.py``), with their
numpy twin (tests/test_kernels.py compares the two exactly).

np.bincount with weights converts each column to float64 and adds row by row; the kernel adds
the same float64 values in the same row order, for four columns in one pass.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["count_below", "count_below_numpy", "town_sums", "town_sums_numpy"]


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
