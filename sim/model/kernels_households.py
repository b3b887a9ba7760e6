"""Compiled kernels over households: heads, who decides a move, heirs.

A household is the residents sharing a household id; its head is its oldest member (the first
row among equals). Tables are indexed by household id, so nothing sorts the population. Each
kernel has a readable numpy twin that defines what it computes, compared with it on random data
in tests/test_kernels.py.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = [
    "by_town_and_household",
    "by_town_and_household_numpy",
    "followers",
    "followers_numpy",
    "head_rows",
    "head_rows_numpy",
    "heirs",
    "heirs_numpy",
    "household_heads",
    "household_heads_numpy",
    "household_roles",
    "household_roles_numpy",
]


def household_heads_numpy(
    household: np.ndarray, age_months: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The oldest member of each household is its head (the first row among equals).

    Returns (is_head per row, the head's age in months per row).
    """
    rows = np.arange(household.size)
    oldest = np.full(int(household.max(initial=-1)) + 1, -1, dtype=np.int64)
    np.maximum.at(oldest, household, age_months)
    candidate = age_months == oldest[household]
    first = np.full(oldest.size, household.size, dtype=np.int64)
    np.minimum.at(first, household[candidate], rows[candidate])
    return rows == first[household], oldest[household]


@numba.njit(cache=True, nogil=True)
def _head_table(household, age_months, n_households):  # pragma: no cover - compiled
    """Each household's head (its oldest member, the first row of equal age) and the head's
    age; written without branches, which chance would mispredict at every other row."""
    head_row = np.full(n_households, -1, dtype=np.int64)
    head_age = np.full(n_households, -1, dtype=np.int64)
    for i in range(household.size):
        h = household[i]
        a = np.int64(age_months[i])
        older = a > head_age[h]
        head_row[h] = i if older else head_row[h]
        head_age[h] = a if older else head_age[h]
    return head_row, head_age


@numba.njit(cache=True, nogil=True)
def _head_rows(household, age_months, n_households):  # pragma: no cover - compiled
    return _head_table(household, age_months, n_households)[0]


@numba.njit(cache=True, nogil=True)
def _heads(household, age_months, n_households):  # pragma: no cover - compiled
    head_row = _head_rows(household, age_months, n_households)
    is_head = np.zeros(household.size, dtype=np.bool_)
    head_age = np.empty(household.size, dtype=np.int64)
    for i in range(household.size):
        j = head_row[household[i]]
        is_head[i] = j == i
        head_age[i] = age_months[j]
    return is_head, head_age


def household_heads(household: np.ndarray, age_months: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """As ``household_heads_numpy``, in one pass over the rows."""
    n = int(household.max(initial=-1)) + 1
    return _heads(np.asarray(household, np.int64), np.asarray(age_months), n)


def head_rows_numpy(household: np.ndarray, age_months: np.ndarray) -> np.ndarray:
    """Each household id's head row (``household_heads``), -1 for ids no one has."""
    is_head, _ = household_heads_numpy(household, age_months)
    head_row = np.full(int(household.max(initial=-1)) + 1, -1, dtype=np.int64)
    head_row[household[is_head]] = np.nonzero(is_head)[0]
    return head_row


def head_rows(household: np.ndarray, age_months: np.ndarray) -> np.ndarray:
    """As ``head_rows_numpy``, in one pass: a table by household id, no sort of the rows."""
    n = int(household.max(initial=-1)) + 1
    return _head_rows(np.asarray(household, np.int64), np.asarray(age_months), n)


def household_roles_numpy(
    household, age_months, leave_from, young_until, generation, child_under, n_households
):
    """Who decides a move: heads (``household_heads``), and the young who decide alone (not
    the head, a generation younger than the head, aged ``leave_from`` to ``young_until``
    months); per household, its young children (under ``child_under`` months) and the members
    who move with the head (all but the young). Returns (is_head, young, decider rows,
    children per household, followers per household)."""
    is_head, head_age = household_heads_numpy(household, age_months)
    young = ~is_head & ((head_age - age_months) >= generation)
    young &= (age_months >= leave_from) & (age_months < young_until)
    deciders = np.nonzero(is_head | young)[0]
    small = np.bincount(household[age_months < child_under], minlength=n_households)
    size = np.bincount(household[~young], minlength=n_households)
    return is_head, young, deciders, small, size


@numba.njit(cache=True, nogil=True)
def _household_roles(
    household, age_months, leave_from, young_until, generation, child_under, n_households
):  # pragma: no cover - compiled
    head_row, head_age = _head_table(household, age_months, n_households)
    n = household.size
    is_head = np.empty(n, dtype=np.bool_)
    young = np.empty(n, dtype=np.bool_)
    deciders = np.empty(n, dtype=np.int64)
    small = np.zeros(n_households, dtype=np.int64)
    size = np.zeros(n_households, dtype=np.int64)
    d = 0
    for i in range(n):  # without branches: head or not, young or not come at random
        h = household[i]
        head = head_row[h] == i
        a = np.int64(age_months[i])
        y = (not head) & (head_age[h] - a >= generation) & (a >= leave_from) & (a < young_until)
        is_head[i] = head
        young[i] = y
        deciders[d] = i
        d += head | y
        small[h] += a < child_under
        size[h] += not y
    return is_head, young, deciders[:d].copy(), small, size


def household_roles(
    household, age_months, leave_from, young_until, generation, child_under, n_households
):
    """As ``household_roles_numpy``, in two passes over the residents (heads, then roles)."""
    return _household_roles(
        np.asarray(household, np.int64),
        age_months,
        int(leave_from),
        int(young_until),
        int(generation),
        int(child_under),
        int(n_households),
    )


def heirs_numpy(household: np.ndarray, dying: np.ndarray) -> np.ndarray:
    """For each row of ``dying`` (unique rows), the first row of its household that does not
    die (the heir), or -1 where the whole household dies."""
    n_households = int(household.max(initial=-1)) + 1
    bereaved = np.zeros(n_households, dtype=bool)
    bereaved[household[dying]] = True
    gone = np.zeros(household.size, dtype=bool)
    gone[dying] = True
    survivors = np.nonzero(bereaved[household] & ~gone)[0]
    first_hh, first = np.unique(household[survivors], return_index=True)
    heir_of = np.full(n_households, -1, dtype=np.int64)
    heir_of[first_hh] = survivors[first]
    return heir_of[household[dying]]


@numba.njit(cache=True, nogil=True)
def _heirs(household, dying, n_households):  # pragma: no cover - compiled
    heir_of = np.full(n_households, -2, dtype=np.int64)  # -2: not bereaved
    gone = np.zeros(household.size, dtype=np.bool_)
    for k in range(dying.size):
        heir_of[household[dying[k]]] = -1  # bereaved, no heir found yet
        gone[dying[k]] = True
    for i in range(household.size):  # the first survivor of a bereaved household inherits
        h = household[i]
        if heir_of[h] == -1 and not gone[i]:
            heir_of[h] = i
    out = np.empty(dying.size, dtype=np.int64)
    for k in range(dying.size):
        out[k] = heir_of[household[dying[k]]]
    return out


def heirs(household: np.ndarray, dying: np.ndarray) -> np.ndarray:
    """As ``heirs_numpy``, in one pass over the residents and no sort."""
    n = int(household.max(initial=-1)) + 1
    return _heirs(np.asarray(household, np.int64), np.asarray(dying, np.int64), n)


def followers_numpy(household, is_head, young, young_goes, dest_of, stay):
    """Members of households whose head moves (``dest_of`` by household id, ``stay`` where
    the head stays): those who follow the head (all but the young who decide alone) with
    the head's destination, and the young who stay behind (those not in ``young_goes``)."""
    hh_dest = dest_of[household]
    member = ~is_head & (hh_dest != stay)
    follow = np.nonzero(member & ~young)[0]
    behind = np.nonzero(member & young & ~young_goes)[0]
    return follow, hh_dest[follow], behind


@numba.njit(cache=True, nogil=True)
def _followers(household, is_head, young, young_goes, dest_of, stay):  # pragma: no cover
    n = household.size
    follow = np.empty(n, dtype=np.int64)
    where = np.empty(n, dtype=np.int64)
    behind = np.empty(n, dtype=np.int64)
    a = b = 0
    for i in range(n):  # few households move in a month: the branch is almost never taken
        d = dest_of[household[i]]
        if d != stay and not is_head[i]:
            if not young[i]:
                follow[a] = i
                where[a] = d
                a += 1
            elif not young_goes[i]:
                behind[b] = i
                b += 1
    return follow[:a].copy(), where[:a].copy(), behind[:b].copy()


def followers(household, is_head, young, young_goes, dest_of, stay):
    """As ``followers_numpy``, in one pass over the residents."""
    return _followers(
        np.asarray(household, np.int64), is_head, young, young_goes, dest_of, int(stay)
    )


def by_town_and_household_numpy(town, household, n_towns, n_households) -> np.ndarray:
    """The rows in order of town, then household id, then row (a stable sort)."""
    key = town.astype(np.int64) * n_households + household
    return np.argsort(key, kind="stable")


@numba.njit(cache=True, nogil=True)
def _counting_order(key, n_keys, rows):  # pragma: no cover - compiled
    """``rows`` in a stable order of ``key[rows]`` (0 .. n_keys - 1): a counting sort."""
    start = np.zeros(n_keys + 1, dtype=np.int64)
    for i in range(rows.size):
        start[key[rows[i]] + 1] += 1
    for k in range(n_keys):
        start[k + 1] += start[k]
    out = np.empty(rows.size, dtype=np.int64)
    for i in range(rows.size):
        k = key[rows[i]]
        out[start[k]] = rows[i]
        start[k] += 1
    return out


def by_town_and_household(town, household, n_towns, n_households) -> np.ndarray:
    """As ``by_town_and_household_numpy``, by two counting sorts (household, then town: each
    stable, so the second keeps the first's order within a town) instead of a comparison
    sort of the whole table."""
    rows = np.arange(town.size, dtype=np.int64)
    by_household = _counting_order(np.asarray(household, np.int64), int(n_households), rows)
    return _counting_order(np.asarray(town, np.int64), int(n_towns), by_household)
