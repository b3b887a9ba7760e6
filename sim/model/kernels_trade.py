"""Compiled kernels of trade (``sim/model/trade.py``, the goods ledger), with their numpy twins.

The twin is the definition; the kernel computes the same float64 expressions in the same order
in one pass over the residents, instead of a dozen temporary arrays (tests/test_kernels.py
compares the two exactly).
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["firm_orders", "firm_orders_numpy", "goods", "goods_numpy", "spending", "spending_numpy"]


def spending_numpy(
    wage, age_months, savings_yen, town, after_tax, pension, old_age, consume, from_savings,
    local_share, neighbour_share, n_towns,
):  # fmt: skip
    """Net income (wage x ``after_tax``, plus ``pension`` from ``old_age`` months) and this
    month's spending: ``consume`` x income + ``from_savings`` x savings, at most both, floored
    to yen. Returns the rows that spend, their spending, and per town the yen meant for the
    town's own firms and for its neighbours' (each resident's share floored)."""
    income = wage.astype(np.float64) * after_tax + np.where(age_months >= old_age, pension, 0)
    savings = np.maximum(savings_yen, 0)
    spend = consume * income + from_savings * savings
    spend = np.floor(np.minimum(spend, savings + income)).astype(np.int64)
    buyers = np.nonzero(spend > 0)[0]
    spend = spend[buyers]
    t = town[buyers]
    local = np.zeros(n_towns, np.int64)
    np.add.at(local, t, np.floor(spend * local_share).astype(np.int64))
    nearby = np.zeros(n_towns, np.int64)
    np.add.at(nearby, t, np.floor(spend * neighbour_share).astype(np.int64))
    return buyers, spend, local, nearby


@numba.njit(cache=True, nogil=True)
def _spending(
    wage, age_months, savings_yen, town, after_tax, pension, old_age, consume, from_savings,
    local_share, neighbour_share, n_towns,
):  # pragma: no cover - compiled  # fmt: skip
    n = wage.size
    buyers = np.empty(n, dtype=np.int64)
    spend = np.empty(n, dtype=np.int64)
    local = np.zeros(n_towns, dtype=np.int64)
    nearby = np.zeros(n_towns, dtype=np.int64)
    k = 0
    t = town[0] if n else 0
    lo = ne = 0  # town t's sums along a run of its rows, in registers (integers: exact)
    for i in range(n):  # without branches: who spends nothing adds nothing
        if town[i] != t:
            local[t] += lo
            nearby[t] += ne
            t, lo, ne = town[i], 0, 0
        income = np.float64(wage[i]) * after_tax + (pension if age_months[i] >= old_age else 0.0)
        savings = max(savings_yen[i], 0)
        s = consume * income + from_savings * np.float64(savings)
        s = np.int64(np.floor(min(s, np.float64(savings) + income)))
        buyers[k] = i
        spend[k] = s
        k += s > 0
        lo += np.int64(np.floor(np.float64(s) * local_share))
        ne += np.int64(np.floor(np.float64(s) * neighbour_share))
    if n:
        local[t] += lo
        nearby[t] += ne
    return buyers[:k].copy(), spend[:k].copy(), local, nearby


def spending(
    wage, age_months, savings_yen, town, after_tax, pension, old_age, consume, from_savings,
    local_share, neighbour_share, n_towns,
):  # fmt: skip
    """As ``spending_numpy``, in one pass over the residents."""
    return _spending(
        wage, age_months, savings_yen, town, float(after_tax), float(pension), int(old_age),
        float(consume), float(from_savings), float(local_share), float(neighbour_share),
        int(n_towns),
    )  # fmt: skip


def goods_numpy(sales, sector, rows, amount, n_sectors):
    """Goods sold: ``amount`` added to the firms' ``sales`` at ``rows`` (rows and amounts of
    one length, or one repeated); returns the value by the firms' sector and in all."""
    n = max(rows.size, amount.size)
    r, a = np.broadcast_to(rows, n), np.broadcast_to(amount, n)
    np.add.at(sales, r, a)
    by_sector = np.zeros(n_sectors, dtype=np.int64)
    np.add.at(by_sector, sector[r].astype(np.int64), a)
    return by_sector, int(a.sum())


@numba.njit(cache=True, nogil=True)
def _goods(sales, sector, rows, amount, n_sectors):  # pragma: no cover - compiled
    by_sector = np.zeros(n_sectors, dtype=np.int64)
    total = 0
    for i in range(max(rows.size, amount.size)):
        f = rows[i if rows.size > 1 else 0]
        a = amount[i if amount.size > 1 else 0]
        sales[f] += a
        by_sector[sector[f]] += a
        total += a
    return by_sector, total


def goods(sales, sector, rows, amount, n_sectors) -> tuple[np.ndarray, int]:
    """As ``goods_numpy``, in one pass."""
    return _goods(sales, sector, rows, amount, int(n_sectors))


def firm_orders_numpy(
    pool, eligible, town, expected, employees, productivity, scale, remaining, demand
):
    """Each town's ``pool`` (yen) split over its ``eligible`` firms by market weight: expected
    demand, at most what the firm can make (one worker's worth for a firm still hiring).
    Orders are added to ``demand``; what a firm can still make (``remaining``) is sold and
    taken off it. Returns the firms' rows, the yen sold to each and what each town could not
    buy."""
    rows = np.nonzero(eligible)[0]
    t = town[rows]
    can_make = np.maximum(employees, 1.0) * productivity * scale
    weight = np.minimum(expected, can_make)[rows]
    size = np.bincount(t, weights=weight, minlength=pool.size)
    share = weight / np.maximum(size[t], 1.0)
    orders = np.floor(pool[t] * share).astype(np.int64)
    demand[rows] += orders
    amount = np.minimum(orders, np.maximum(remaining[rows], 0))
    remaining[rows] -= amount
    unmet = pool - np.bincount(t, weights=amount, minlength=pool.size).astype(np.int64)
    return rows, amount, unmet


@numba.njit(cache=True, nogil=True)
def _firm_orders(
    pool, eligible, town, expected, employees, productivity, scale, remaining, demand
):  # pragma: no cover - compiled
    n_towns = pool.size
    rows = np.nonzero(eligible)[0]
    weight = np.empty(rows.size, dtype=np.float64)
    size = np.zeros(n_towns, dtype=np.float64)
    for j in range(rows.size):  # market sizes, summed in row order as bincount does
        i = rows[j]
        can_make = max(np.float64(employees[i]), 1.0) * np.float64(productivity[i]) * scale
        weight[j] = min(expected[i], can_make)
        size[town[i]] += weight[j]
    amount = np.empty(rows.size, dtype=np.int64)
    unmet = pool.copy()
    for j in range(rows.size):
        i = rows[j]
        t = town[i]
        orders = np.int64(np.floor(pool[t] * (weight[j] / max(size[t], 1.0))))
        demand[i] += orders
        sold = min(orders, max(remaining[i], 0))
        remaining[i] -= sold
        amount[j] = sold
        unmet[t] -= sold
    return rows, amount, unmet


def firm_orders(pool, eligible, town, expected, employees, productivity, scale, remaining, demand):
    """As ``firm_orders_numpy``, in two passes over the eligible firms."""
    return _firm_orders(
        np.asarray(pool, np.int64), eligible, town, expected, employees, productivity,
        float(scale), remaining, demand,
    )  # fmt: skip
