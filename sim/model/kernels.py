"""Compiled kernels for the few group operations numpy has no fast form for.

Each kernel has a readable numpy twin that defines what it computes (the tests compare the
two on random data); the model calls the kernel. Numba compiles them on first use and caches
the machine code beside this file, so only the first run on a machine pays for compiling.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = [
    "count_where",
    "count_where_numpy",
    "drain",
    "gap_fillers",
    "gap_fillers_numpy",
    "group_order",
    "group_order_numpy",
    "key_sums",
    "key_sums_numpy",
    "pool",
    "pool_numpy",
    "post",
    "post_numpy",
    "scatter_add",
    "scatter_add_numpy",
    "sum_where",
    "sum_where_numpy",
]


def scatter_add_numpy(target: np.ndarray, rows: np.ndarray, amount: np.ndarray) -> None:
    """``target[rows] += amount`` in integers, rows may repeat (each repeat adds)."""
    np.add.at(target, rows, amount)


@numba.njit(cache=True, nogil=True)
def _scatter_add(target, rows, amount):  # pragma: no cover - compiled
    for i in range(rows.size):
        target[rows[i]] += amount[i]


@numba.njit(cache=True, nogil=True)
def _scatter_add_scalar(target, rows, amount):  # pragma: no cover - compiled
    for i in range(rows.size):
        target[rows[i]] += amount


def scatter_add(target: np.ndarray, rows: np.ndarray, amount: np.ndarray | int) -> None:
    """As ``scatter_add_numpy``, in one pass and exact at any size (no float sums)."""
    amount = np.asarray(amount, dtype=np.int64)
    rows = np.asarray(rows)
    if amount.ndim == 0:
        _scatter_add_scalar(target, rows.ravel(), amount[()])
    else:
        _scatter_add(target, rows.ravel(), amount.ravel())


def key_sums_numpy(keys: np.ndarray, amount: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys in increasing order and the sum of ``amount`` over each; keys whose
    sum is zero are left out."""
    uniq, inv = np.unique(keys, return_inverse=True)
    sums = np.zeros(uniq.size, dtype=np.int64)
    np.add.at(sums, inv, amount)
    nonzero = sums != 0
    return uniq[nonzero], sums[nonzero]


@numba.njit(cache=True, nogil=True)
def drain(buffer, touched):  # pragma: no cover - compiled
    """The ``touched`` slots of a sums buffer in increasing order and their sums; the buffer
    is left zeroed again (compiled: called from Python and from other kernels)."""
    uniq = np.sort(touched)
    sums = np.empty(uniq.size, dtype=np.int64)
    for j in range(uniq.size):
        sums[j] = buffer[uniq[j]]
        buffer[uniq[j]] = 0
    return uniq, sums


@numba.njit(cache=True, nogil=True)
def _key_sums(keys, amount, buffer):  # pragma: no cover - compiled
    touched = np.empty(keys.size, dtype=np.int64)
    n = 0
    for i in range(keys.size):
        k = keys[i]
        if buffer[k] == 0 and amount[i] != 0:
            touched[n] = k
            n += 1
        buffer[k] += amount[i]
    return drain(buffer, touched[:n])


def key_sums(
    keys: np.ndarray, amount: np.ndarray, buffer: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """As ``key_sums_numpy`` (amounts non-negative), in one pass over the rows with a zeroed
    ``buffer`` of one slot per possible key (left zeroed again): no sort of the rows."""
    uniq, sums = _key_sums(
        np.asarray(keys, np.int64).ravel(), np.asarray(amount, np.int64).ravel(), buffer
    )
    nonzero = sums != 0
    return uniq[nonzero], sums[nonzero]


def gap_fillers_numpy(rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Removing ``rows`` (any order, repeats allowed, below ``n``) from a table of ``n`` rows:
    the gaps below the new end and, in order, the last rows that stay, which move into them
    (``column[gaps] = column[fillers]``); and how many rows go."""
    removed = np.unique(rows)
    end = n - removed.size
    tail = np.ones(n - end, dtype=bool)
    tail[removed[removed >= end] - end] = False
    return removed[removed < end], end + np.flatnonzero(tail), removed.size


@numba.njit(cache=True, nogil=True)
def _gap_fillers(rows, n):  # pragma: no cover - compiled
    removed = np.unique(rows)
    end = n - removed.size
    j = 0  # the first removed row at or beyond the new end: those rows do not move
    while j < removed.size and removed[j] < end:
        j += 1
    gaps = removed[:j].copy()
    fillers = np.empty(j, dtype=np.int64)
    src = end
    for k in range(j):
        while j < removed.size and removed[j] == src:
            src += 1
            j += 1
        fillers[k] = src
        src += 1
    return gaps, fillers, removed.size


def gap_fillers(rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, int]:
    """As ``gap_fillers_numpy``, sorting only the rows removed."""
    return _gap_fillers(np.asarray(rows, dtype=np.int64), int(n))


def group_order_numpy(group: np.ndarray, n_groups: int) -> np.ndarray:
    """The stable order that sorts rows by group (groups 0 .. n_groups - 1)."""
    return np.argsort(np.asarray(group), kind="stable")


@numba.njit(cache=True, nogil=True)
def _group_order(group, n_groups):  # pragma: no cover - compiled
    start = np.zeros(n_groups + 1, dtype=np.int64)
    g = group[0] if group.size else 0
    c = 0  # group g's count along a run of its rows, in a register
    for i in range(group.size):
        if group[i] != g:
            start[g + 1] += c
            g, c = group[i], 0
        c += 1
    if group.size:
        start[g + 1] += c
    for k in range(n_groups):
        start[k + 1] += start[k]
    order = np.empty(group.size, dtype=np.int64)
    g = group[0] if group.size else 0
    at = start[g]  # group g's next position, in a register along its run
    for i in range(group.size):
        if group[i] != g:
            start[g] = at
            g = group[i]
            at = start[g]
        order[at] = i
        at += 1
    return order


def group_order(group: np.ndarray, n_groups: int) -> np.ndarray:
    """As ``group_order_numpy``, by counting (two passes, no comparison sort)."""
    return _group_order(np.asarray(group), int(n_groups))


def post_numpy(
    payer_balance,
    payer_rows,
    payer_town,
    payer_book,
    payee_balance,
    payee_rows,
    payee_town,
    payee_book,
    amount,
    width,
    buffer,
):
    """Move ``amount`` from payer rows to payee rows (arrays of length n, or 1 to repeat), add
    it by town to the payer's and payee's books (arrays by town; empty for none), and sum it
    by pair of towns: returns (payer towns, payee towns, sums) of the pairs with a non-zero
    sum, ordered by (payer town, payee town). Towns of -1 mean no town; ``width`` is the
    number of towns + 1 and ``buffer`` (width**2 zeros) is scratch for the compiled twin.
    A negative amount moves nothing: the towns come back empty and the sums as one value,
    -(its index + 1)."""
    negative = np.nonzero(amount < 0)[0]
    if negative.size:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.full(1, negative[0], dtype=np.int64) * -1 - 1
    n = max(payer_rows.size, payee_rows.size, amount.size)
    pr = np.broadcast_to(payer_rows, n)
    qr = np.broadcast_to(payee_rows, n)
    a = np.broadcast_to(amount, n)
    np.add.at(payer_balance, pr, -a)
    np.add.at(payee_balance, qr, a)
    if payer_book.size:
        np.add.at(payer_book, payer_town[pr], a)
    if payee_book.size:
        np.add.at(payee_book, payee_town[qr], a)
    key = (payer_town[pr] + 1) * width + (payee_town[qr] + 1)
    keys, sums = key_sums_numpy(key, a)
    return keys // width - 1, keys % width - 1, sums


@numba.njit(cache=True, nogil=True)
def _post_rows(
    payer_balance, payer_rows, payer_town, payer_book,
    payee_balance, payee_rows, payee_town, payee_book,
    amount, width, buffer, n, sp, sq, sa,
):  # pragma: no cover - compiled  # fmt: skip
    """The posting loop; ``sp``, ``sq``, ``sa`` are 1 for arrays of n rows and 0 for one value
    repeated (given as constants by ``_post``, so each common shape gets its own loop)."""
    touched = np.empty(n, dtype=np.int64)
    t = 0
    key, run = -1, 0  # the pair of towns of the rows in a row, and their sum so far
    for i in range(n + 1):
        if i < n:
            p, q, a = payer_rows[i * sp], payee_rows[i * sq], amount[i * sa]
            payer_balance[p] -= a
            payee_balance[q] += a
            k = (payer_town[p] + 1) * width + (payee_town[q] + 1)
        else:
            k = -2  # past the last row: the last run ends
        if k != key:  # a run of one pair ends: its sum goes to the pair's slot and books
            if run != 0:
                if buffer[key] == 0:  # amounts are non-negative: a touched slot stays > 0
                    touched[t] = key
                    t += 1
                buffer[key] += run
                if payer_book.size:
                    payer_book[key // width - 1] += run
                if payee_book.size:
                    payee_book[key % width - 1] += run
            key, run = k, 0
        if i < n:
            run += a
    return touched[:t]


@numba.njit(cache=True, nogil=True)
def _post(
    payer_balance,
    payer_rows,
    payer_town,
    payer_book,
    payee_balance,
    payee_rows,
    payee_town,
    payee_book,
    amount,
    width,
    buffer,
):  # pragma: no cover - compiled
    for i in range(amount.size):  # a negative amount moves nothing
        if amount[i] < 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.full(1, -i - 1, dtype=np.int64)
    n = max(payer_rows.size, payee_rows.size, amount.size)
    sp = 1 if payer_rows.size > 1 else 0
    sq = 1 if payee_rows.size > 1 else 0
    sa = 1 if amount.size > 1 else 0
    if sp == 1 and sq == 1 and sa == 1:  # row to row (wages, bequests)
        touched = _post_rows(
            payer_balance, payer_rows, payer_town, payer_book,
            payee_balance, payee_rows, payee_town, payee_book, amount, width, buffer, n, 1, 1, 1,
        )  # fmt: skip
    elif sp == 0 and sq == 1 and sa == 0:  # one account pays each row alike (pensions)
        touched = _post_rows(
            payer_balance, payer_rows, payer_town, payer_book,
            payee_balance, payee_rows, payee_town, payee_book, amount, width, buffer, n, 0, 1, 0,
        )  # fmt: skip
    elif sp == 0 and sq == 1 and sa == 1:  # one account pays each row its amount
        touched = _post_rows(
            payer_balance, payer_rows, payer_town, payer_book,
            payee_balance, payee_rows, payee_town, payee_book, amount, width, buffer, n, 0, 1, 1,
        )  # fmt: skip
    elif sp == 1 and sq == 1 and sa == 0:  # each row pays a row alike (a tax to its town)
        touched = _post_rows(
            payer_balance, payer_rows, payer_town, payer_book,
            payee_balance, payee_rows, payee_town, payee_book, amount, width, buffer, n, 1, 1, 0,
        )  # fmt: skip
    elif sp == 1 and sq == 0 and sa == 1:  # each row pays one account (taxes to the Nation)
        touched = _post_rows(
            payer_balance, payer_rows, payer_town, payer_book,
            payee_balance, payee_rows, payee_town, payee_book, amount, width, buffer, n, 1, 0, 1,
        )  # fmt: skip
    else:
        touched = _post_rows(
            payer_balance, payer_rows, payer_town, payer_book,
            payee_balance, payee_rows, payee_town, payee_book, amount, width, buffer, n, sp, sq, sa,
        )  # fmt: skip
    keys, sums = drain(buffer, touched)
    return keys // width - 1, keys % width - 1, sums


def post(
    payer_balance,
    payer_rows,
    payer_town,
    payer_book,
    payee_balance,
    payee_rows,
    payee_town,
    payee_book,
    amount,
    width,
    buffer,
):
    """As ``post_numpy`` (amounts non-negative), in one pass over the rows, leaving the
    buffer zeroed again."""
    return _post(
        payer_balance,
        payer_rows,
        payer_town,
        payer_book,
        payee_balance,
        payee_rows,
        payee_town,
        payee_book,
        amount,
        width,
        buffer,
    )


def pool_numpy(balance, rows, town, amount, n_towns):
    """Take ``amount`` out of ``balance[rows]`` (rows may repeat) and return its sums by the
    rows' ``town`` (int64): buyers paying into their towns' purses."""
    np.add.at(balance, rows, -amount)
    out = np.zeros(n_towns, dtype=np.int64)
    np.add.at(out, town[rows], amount)
    return out


@numba.njit(cache=True, nogil=True)
def _pool(balance, rows, town, amount, n_towns):  # pragma: no cover - compiled
    out = np.zeros(n_towns, dtype=np.int64)
    t, run = -1, 0  # the town of the rows in a row, and their sum so far
    for k in range(rows.size):
        i = rows[k]
        balance[i] -= amount[k]
        if town[i] != t:
            if t >= 0:
                out[t] += run
            t, run = town[i], 0
        run += amount[k]
    if t >= 0:
        out[t] += run
    return out


def pool(balance, rows, town, amount, n_towns) -> np.ndarray:
    """As ``pool_numpy``, in one pass over the rows."""
    return _pool(balance, rows, town, amount, int(n_towns))


def sum_where_numpy(rows, amount, kind, wanted, n):
    """Sums of ``amount`` by ``rows`` over the entries whose ``kind`` is ``wanted`` (float64,
    as numpy's weighted bincount gives): e.g. each firm's wage bill from its employees."""
    chosen = kind == wanted
    return np.bincount(rows[chosen], weights=amount[chosen], minlength=n)[:n]


@numba.njit(cache=True, nogil=True)
def _sum_where(rows, amount, kind, wanted, n):  # pragma: no cover - compiled
    out = np.zeros(n + 1, dtype=np.float64)  # slot 0 takes the other rows' 0.0 (exact)
    for i in range(rows.size):  # without branches: chosen rows come at random
        ok = kind[i] == wanted
        out[(rows[i] + 1) * ok] += np.float64(amount[i]) * ok
    return out[1:].copy()


def sum_where(rows, amount, kind, wanted, n) -> np.ndarray:
    """As ``sum_where_numpy``, in one pass without copies of the chosen entries."""
    return _sum_where(rows, amount, kind, int(wanted), int(n))


def count_where_numpy(rows, kind, wanted, n) -> np.ndarray:
    """How many entries of ``rows`` (0 .. n - 1) have ``kind`` equal to ``wanted``: e.g. each
    firm's employees (int64)."""
    return np.bincount(rows[kind == wanted], minlength=n)[:n].astype(np.int64)


@numba.njit(cache=True, nogil=True)
def _count_where(rows, kind, wanted, n):  # pragma: no cover - compiled
    out = np.zeros(n + 1, dtype=np.int64)  # slot 0 counts the other rows
    for i in range(rows.size):  # without branches: chosen rows come at random
        out[(rows[i] + 1) * (kind[i] == wanted)] += 1
    return out[1:].copy()


def count_where(rows, kind, wanted, n) -> np.ndarray:
    """As ``count_where_numpy``, in one pass."""
    return _count_where(rows, kind, int(wanted), int(n))
