"""Each compiled kernel computes what its numpy twin says, on random data."""

import numpy as np
import pytest

from sim.model.kernels import (
    group_order,
    group_order_numpy,
    key_sums,
    key_sums_numpy,
    post,
    post_numpy,
    scatter_add,
    scatter_add_numpy,
    sum_where,
    sum_where_numpy,
)
from sim.model.kernels_households import (
    household_heads,
    household_heads_numpy,
    household_roles,
    household_roles_numpy,
)
from sim.model.kernels_people import (
    learn,
    learn_numpy,
    satisfy,
    satisfy_numpy,
    town_status,
    town_status_numpy,
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


@pytest.mark.parametrize("seed", range(4))
def test_posting_matches_the_numpy_twin(seed):
    """Both legs and the record by pair of towns, also with one account on a side (a row
    array of length 1) and a repeated amount."""
    rng = np.random.default_rng(seed)
    n, m = 3000, 6
    towns = rng.integers(0, m, 400)
    one_payer = seed % 2 == 0
    payer_rows = np.zeros(1, np.int64) if one_payer else rng.integers(0, 400, n)
    payer_town = np.full(1, -1) if one_payer else towns
    payee_rows = rng.integers(0, 400, n)
    amount = np.array([7]) if seed == 3 else rng.integers(0, 10**9, n)
    results = []
    for fn in (post, post_numpy):
        payer = np.zeros(1 if one_payer else 400, np.int64)
        payee = np.zeros(400, np.int64)
        buffer = np.zeros((m + 1) ** 2, np.int64)
        payer_book = np.zeros(0 if one_payer else m, np.int64)  # a town hall's book, or none
        payee_book = np.zeros(m, np.int64)
        pm, qm, sums = fn(
            payer, payer_rows, payer_town, payer_book,
            payee, payee_rows, towns, payee_book, amount, m + 1, buffer,
        )  # fmt: skip
        results.append((payer, payee, payer_book, payee_book, pm, qm, sums))
        assert not buffer.any()
    for got, want in zip(*results, strict=True):
        assert np.array_equal(got, want)


def test_sums_where_match_the_numpy_twin():
    rng = np.random.default_rng(7)
    n = 10_000
    rows = rng.integers(0, 300, n)
    amount = rng.integers(0, 10**7, n)
    kind = rng.integers(0, 4, n).astype(np.int8)
    assert np.array_equal(
        sum_where(rows, amount, kind, 1, 300), sum_where_numpy(rows, amount, kind, 1, 300)
    )


def test_household_roles_match_the_numpy_twin():
    rng = np.random.default_rng(8)
    n = 6000
    household = rng.integers(0, 2000, n)
    age = rng.integers(0, 90 * 12, n).astype(np.int32)
    args = (household, age, 18 * 12, 30 * 12, 15 * 12, 6 * 12, 2000)
    got, want = household_roles(*args), household_roles_numpy(*args)
    for g, w in zip(got, want, strict=True):
        assert np.array_equal(g, w)
    assert np.array_equal(got[0], household_heads(household, age)[0])  # the same heads


@pytest.mark.parametrize("runs", [False, True])
def test_town_status_matches_the_numpy_twin(runs):
    rng = np.random.default_rng(9)
    n = 8000
    town = np.repeat(rng.integers(0, 11, n // 40), 40) if runs else rng.integers(0, 11, n)
    args = (
        town,
        rng.integers(0, 4, n).astype(np.int8),
        rng.integers(0, 10**6, n),
        rng.random(n).astype(np.float32),
        11,
        4,
        3,
    )
    for got, want in zip(town_status(*args), town_status_numpy(*args), strict=True):
        assert np.array_equal(got, want)


@pytest.mark.parametrize("n_groups", [1, 19, 1741])
def test_group_order_matches_the_numpy_twin(n_groups):
    group = np.random.default_rng(n_groups).integers(0, n_groups, 5_000)
    assert np.array_equal(group_order(group, n_groups), group_order_numpy(group, n_groups))
    assert group_order(group[:0], n_groups).size == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_spending_matches_the_numpy_twin(seed):
    from sim.model.kernels_trade import spending, spending_numpy

    rng = np.random.default_rng(seed)
    n, towns = 20_000, 7
    wage = np.where(rng.random(n) < 0.4, 0, rng.integers(0, 600_000, n)).astype(np.int64)
    age = rng.integers(0, 100 * 12, n).astype(np.int32)
    savings = rng.integers(-200_000, 5_000_000, n).astype(np.int64)
    town = rng.integers(0, towns, n)
    args = (wage, age, savings, town, 0.83, 140_000.0, 65 * 12, 0.8, 0.01, 0.55, 0.15, towns)
    got, want = spending(*args), spending_numpy(*args)
    for a, b in zip(got, want, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert got[0].size > 0 and got[2].sum() > 0


@pytest.mark.parametrize("runs", [False, True])
def test_town_kpis_match_the_numpy_twin(runs):
    """Counts and float sums alike, to the bit: the kernel adds in row order, as bincount,
    whether the towns come in runs of rows (as residents mostly do) or at random."""
    from sim.model.kernels_tally import town_kpis, town_kpis_numpy
    from sim.model.kpis import AGE_CLASS_OF_MONTH

    rng = np.random.default_rng(4)
    n, towns = 30_000, 9
    town = rng.integers(0, towns, n)
    if runs:  # runs of one town, towns coming back later (as after rows are moved)
        town = np.repeat(rng.integers(0, towns, n // 50), 50)
    args = (
        town,
        rng.integers(0, 125 * 12, n).astype(np.int32),  # beyond the table's last age too
        rng.integers(0, 4, n).astype(np.int8),
        rng.random(n) < 0.1,
        rng.random(n) < 0.4,
        rng.integers(0, 900_000, n).astype(np.int64),
        rng.random(n).astype(np.float32),
        rng.random(n).astype(np.float32),
        AGE_CLASS_OF_MONTH,
        2,
        towns,
        4,
    )
    got, want = town_kpis(*args), town_kpis_numpy(*args)
    assert got[0].shape == want[0].shape and got[0].sum() == n
    for a, b in zip(got, want, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_count_where_matches_the_numpy_twin():
    from sim.model.kernels import count_where, count_where_numpy

    rng = np.random.default_rng(5)
    rows = rng.integers(-1, 50, 10_000)
    kind = rng.integers(0, 4, 10_000).astype(np.int8)
    rows[kind != 1] = np.maximum(rows[kind != 1], 0)  # -1 only where not counted, as employers
    rows[kind == 1] = np.maximum(rows[kind == 1], 0)
    got, want = count_where(rows, kind, 1, 50), count_where_numpy(rows, kind, 1, 50)
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_gap_fillers_match_the_numpy_twin():
    from sim.model.kernels import gap_fillers, gap_fillers_numpy

    rng = np.random.default_rng(6)
    n = 5_000
    for removed in (
        np.unique(rng.integers(0, n, 300)),
        np.unique(rng.integers(n - 400, n, 300)),  # many gaps among the rows that fill them
        np.array([0, 1, 2]),
        np.array([n - 1]),
        np.array([0, n - 1]),
        np.arange(n),
        np.zeros(0, np.int64),
    ):
        shuffled = np.concatenate([removed, removed[: removed.size // 3]])  # repeats
        rng.shuffle(shuffled)  # any order
        gaps, fillers, count = gap_fillers(shuffled, n)
        want_gaps, want_fillers, want_count = gap_fillers_numpy(shuffled, n)
        assert np.array_equal(gaps, want_gaps) and np.array_equal(fillers, want_fillers)
        assert count == want_count == removed.size
        # the rows that stay are exactly the rows not removed, all below the new end
        column = np.arange(n)
        column[gaps] = column[fillers]
        kept = n - removed.size
        assert np.array_equal(np.sort(column[:kept]), np.setdiff1d(np.arange(n), removed))


def test_count_below_matches_the_numpy_twin():
    from sim.model.kernels_tally import count_below, count_below_numpy

    rng = np.random.default_rng(7)
    town, age = rng.integers(0, 12, 20_000), rng.integers(0, 1200, 20_000).astype(np.int32)
    got, want = count_below(town, age, 72, 12), count_below_numpy(town, age, 72, 12)
    assert np.array_equal(got, want) and got.sum() > 0


def test_rows_by_town_from_match_the_numpy_twin():
    from sim.model.kernels_tally import rows_by_town_from, rows_by_town_from_numpy

    rng = np.random.default_rng(9)
    town, age = rng.integers(0, 15, 20_000), rng.integers(0, 1200, 20_000).astype(np.int32)
    town[:50] = 3  # a town with no adult: age 0
    age[town == 14] = 0
    for a, b in zip(
        rows_by_town_from(town, age, 216, 15),
        rows_by_town_from_numpy(town, age, 216, 15),
        strict=True,
    ):
        assert np.array_equal(a, b)


def test_online_use_matches_the_numpy_twin_at_the_threshold():
    from sim.model.kernels_tally import online_use, online_use_numpy

    rng = np.random.default_rng(10)
    n, m = 20_000, 9
    town = rng.integers(0, m, n)
    age = rng.integers(0, 1200, n).astype(np.int32)
    literacy = rng.random(n).astype(np.float32)
    literacy[:500] = np.float32(0.3)  # exactly at a threshold that float32 cannot hold
    literacy[500:1000] = np.nextafter(np.float32(0.3), np.float32(0))
    share = rng.random(m)
    share[2] = 0.0  # a town that offers nothing online
    got, want = np.zeros(n, bool), np.zeros(n, bool)
    counts = online_use(got, town, age, literacy, share, 216, 0.3, m)
    expected = online_use_numpy(want, town, age, literacy, share, 216, 0.3, m)
    assert np.array_equal(got, want) and got[:1000].any() and not got[town == 2].any()
    for a, b in zip(counts, expected, strict=True):
        assert np.array_equal(a, b)


def test_pool_matches_the_numpy_twin():
    from sim.model.kernels import pool, pool_numpy

    rng = np.random.default_rng(11)
    town = rng.integers(0, 8, 3_000)
    rows = rng.integers(0, 3_000, 10_000)  # rows repeat: each payment counts
    amount = rng.integers(0, 10**9, 10_000)
    got_balance, want_balance = np.zeros(3_000, np.int64), np.zeros(3_000, np.int64)
    got = pool(got_balance, rows, town, amount, 8)
    want = pool_numpy(want_balance, rows, town, amount, 8)
    assert np.array_equal(got, want) and np.array_equal(got_balance, want_balance)
    assert got.sum() == amount.sum() == -got_balance.sum()


@pytest.mark.parametrize("runs", [False, True])
def test_town_sum_matches_the_numpy_twin(runs):
    from sim.model.kernels_tally import town_sum, town_sum_numpy

    rng = np.random.default_rng(12)
    n = 10_000
    town = np.repeat(rng.integers(0, 7, n // 25), 25) if runs else rng.integers(0, 7, n)
    values = rng.random(n).astype(np.float32)
    got, want = town_sum(town, values, 7), town_sum_numpy(town, values, 7)
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_labour_status_matches_the_numpy_twin():
    from sim.model.kernels_people import labour_status, labour_status_numpy

    rng = np.random.default_rng(13)
    n = 20_000
    labour = rng.integers(0, 4, n).astype(np.int8)
    draw = rng.random(n).astype(np.float32)
    age = rng.integers(0, 130 * 12, n).astype(np.int32)  # beyond the table too
    by_month = np.where(np.arange(1440) < 180, 0.0, rng.random(1440))
    got_labour, want_labour = labour.copy(), labour.copy()
    got = labour_status(got_labour, draw, age, by_month, 180)
    want = labour_status_numpy(want_labour, draw, age, by_month, 180)
    assert np.array_equal(got, want) and got.size > 0
    assert np.array_equal(got_labour, want_labour) and not np.array_equal(got_labour, labour)


def test_head_rows_match_the_numpy_twin():
    from sim.model.kernels_households import head_rows, head_rows_numpy

    rng = np.random.default_rng(14)
    household = rng.integers(0, 3000, 8000)
    household[household == 7] = 8  # an id no one has: -1
    age = rng.integers(0, 40, 8000).astype(np.int32)  # many ties: the first row wins
    got, want = head_rows(household, age), head_rows_numpy(household, age)
    assert np.array_equal(got, want) and got[7] == -1


def test_heirs_match_the_numpy_twin():
    from sim.model.kernels_households import heirs, heirs_numpy

    rng = np.random.default_rng(15)
    household = rng.integers(0, 2000, 6000)
    dying = np.unique(rng.integers(0, 6000, 700))
    alone = np.nonzero(household == household[dying[0]])[0]  # a household that dies whole
    dying = np.union1d(dying, alone)
    got, want = heirs(household, dying), heirs_numpy(household, dying)
    whole = np.isin(dying, alone)
    assert np.array_equal(got, want) and (got[whole] == -1).all() and (got >= 0).any()
    assert not np.isin(got[got >= 0], dying).any()  # heirs survive


@pytest.mark.parametrize("one_amount", [False, True])
def test_goods_match_the_numpy_twin(one_amount):
    from sim.model.kernels_trade import goods, goods_numpy

    rng = np.random.default_rng(16)
    sector = rng.integers(0, 7, 300).astype(np.int8)
    rows = rng.integers(0, 300, 2000)  # firms repeat
    amount = np.array([12_345]) if one_amount else rng.integers(0, 10**9, 2000)
    got_sales, want_sales = np.zeros(300, np.int64), np.zeros(300, np.int64)
    got = goods(got_sales, sector, rows, amount, 7)
    want = goods_numpy(want_sales, sector, rows, amount, 7)
    assert np.array_equal(got[0], want[0]) and got[1] == want[1]
    assert np.array_equal(got_sales, want_sales) and got_sales.sum() == got[1]


def test_post_refuses_a_negative_amount_before_moving_anything():
    for fn in (post, post_numpy):
        payer, payee = np.zeros(5, np.int64), np.zeros(5, np.int64)
        towns, buffer = np.arange(5), np.zeros(36, np.int64)
        amount = np.array([3, 4, -2, 1])
        pm, qm, sums = fn(
            payer, np.arange(4), towns, np.zeros(0, np.int64),
            payee, np.arange(4), towns, np.zeros(0, np.int64), amount, 6, buffer,
        )  # fmt: skip
        assert pm.size == 0 and sums.tolist() == [-3]  # the third amount, as -(index + 1)
        assert not payer.any() and not payee.any() and not buffer.any()


def test_followers_match_the_numpy_twin():
    from sim.model.kernels_households import followers, followers_numpy

    rng = np.random.default_rng(17)
    n, n_hh = 6000, 2500
    household = rng.integers(0, n_hh, n)
    is_head, young = rng.random(n) < 0.4, rng.random(n) < 0.2
    young &= ~is_head
    young_goes = young & (rng.random(n) < 0.5)
    dest_of = np.where(rng.random(n_hh) < 0.1, rng.integers(0, 30, n_hh), -1)
    got, want = (
        followers(household, is_head, young, young_goes, dest_of, -1),
        followers_numpy(household, is_head, young, young_goes, dest_of, -1),
    )
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(a, b)
    assert got[0].size and got[2].size


def test_firm_orders_match_the_numpy_twin():
    from sim.model.kernels_trade import firm_orders, firm_orders_numpy

    rng = np.random.default_rng(18)
    n, m = 3000, 9
    pool = rng.integers(0, 10**10, m)
    pool[3] = 0
    eligible = rng.random(n) < 0.4
    town = rng.integers(0, m, n)
    town[eligible & (town == 5)] = 4  # a town with no eligible firm: all unmet
    expected = rng.random(n) * 10**8
    employees = rng.integers(0, 50, n).astype(np.int32)
    productivity = rng.integers(10**5, 10**6, n)
    remaining_start = rng.integers(-(10**6), 10**9, n)  # some firms can make nothing more
    results = []
    for fn in (firm_orders, firm_orders_numpy):
        remaining, demand = remaining_start.copy(), np.zeros(n, np.int64)
        out = fn(pool, eligible, town, expected, employees, productivity, 3, remaining, demand)
        results.append((*out, remaining, demand))
    for a, b in zip(*results, strict=True):
        assert np.array_equal(a, b)
    assert results[0][2][5] == pool[5] and results[0][1].sum() > 0


def test_deaths_and_mothers_match_the_numpy_twin():
    from sim.model.kernels_people import deaths_and_mothers, deaths_and_mothers_numpy

    rng = np.random.default_rng(19)
    n = 20_000
    u = rng.random(n)
    sex = rng.integers(0, 2, n).astype(np.int8)
    age = rng.integers(0, 130 * 12, n).astype(np.int32)  # beyond the table too
    q_month = rng.random((2, 1200)) * 0.3
    args = (u, sex, age, q_month, 1, 180, 600)
    for a, b in zip(deaths_and_mothers(*args), deaths_and_mothers_numpy(*args), strict=True):
        assert np.array_equal(a, b) and a.size > 0


def test_kth_rows_match_the_numpy_twin():
    from sim.model.kernels_tally import kth_rows, kth_rows_numpy

    rng = np.random.default_rng(20)
    town, age = rng.integers(0, 6, 5000), rng.integers(0, 1200, 5000).astype(np.int32)
    age[town == 5] = 0  # a town with no adult
    want_town = rng.integers(0, 6, 300)
    want_k = rng.integers(-1, 900, 300)  # repeats, beyond the count, and -1
    want_town[:6], want_k[:6] = np.arange(6), -1  # a -1 in every town, before its other asks
    got = kth_rows(town, age, 216, want_town, want_k, 6)
    assert np.array_equal(got, kth_rows_numpy(town, age, 216, want_town, want_k, 6))
    assert (got[want_town == 5] == -1).all() and (got >= 0).sum() > 100


def test_count_from_matches_the_numpy_twin_and_complements_count_below():
    from sim.model.kernels_tally import count_below, count_from, count_from_numpy

    rng = np.random.default_rng(21)
    town = np.repeat(rng.integers(0, 12, 400), 50)  # runs of a town, as residents come
    age = rng.integers(0, 1200, town.size).astype(np.int32)
    got = count_from(town, age, 216, 12)
    assert np.array_equal(got, count_from_numpy(town, age, 216, 12))
    assert np.array_equal(got + count_below(town, age, 216, 12), np.bincount(town, minlength=12))


@pytest.mark.parametrize("seed", range(4))
def test_closed_jobs_match_the_numpy_twin(seed):
    from sim.model.kernels_people import closed_jobs, closed_jobs_numpy

    rng = np.random.default_rng(seed)
    n, n_firms = int(rng.integers(1, 3000)), int(rng.integers(1, 200))
    kind = rng.integers(0, 4, n).astype(np.int8)  # Employer codes; 1 is a firm
    employer = np.where(kind == 1, rng.integers(0, n_firms, n), rng.integers(-1, 5, n))
    closing = rng.random(n_firms) < 0.2
    new_row = np.where(closing, -1, np.cumsum(~closing) - 1)
    got, want = employer.copy(), employer.copy()
    lost = closed_jobs(kind, got, closing, new_row)
    np.testing.assert_array_equal(lost, closed_jobs_numpy(kind, want, closing, new_row))
    np.testing.assert_array_equal(got, want)
    assert (closing[employer[lost]]).all() and (kind[lost] == 1).all()


@pytest.mark.parametrize("seed", range(4))
def test_by_town_and_household_matches_the_numpy_twin(seed):
    from sim.model.kernels_households import by_town_and_household, by_town_and_household_numpy

    rng = np.random.default_rng(seed)
    n, m, h = int(rng.integers(0, 4000)), int(rng.integers(1, 20)), int(rng.integers(1, 900))
    town, household = rng.integers(0, m, n), rng.integers(0, h, n)  # households may span towns
    got = by_town_and_household(town, household, m, h)
    np.testing.assert_array_equal(got, by_town_and_household_numpy(town, household, m, h))


@pytest.mark.parametrize("seed", range(3))
def test_count_rows_matches_the_numpy_twin(seed):
    from sim.model.kernels_tally import count_rows, count_rows_numpy

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(0, 3000)), int(rng.integers(1, 30))
    town = np.sort(rng.integers(0, m, n))
    town[n - n // 4 :] = rng.integers(0, m, n // 4)  # runs, then newcomers in any order
    np.testing.assert_array_equal(count_rows(town, m), count_rows_numpy(town, m))
