"""The column tables and the vectorized choices that every mechanism relies on."""

import numpy as np
import pytest

from sim.model.agents import Residents
from sim.model.choice import choose_weighted, match, random_rank


def test_columns_grow_keep_ids_and_refuse_rebinding():
    r = Residents(capacity=16)
    rows = r.append(40, age_months=np.arange(40))
    assert r.n == 40 and rows.tolist() == list(range(40))
    assert r.id.tolist() == list(range(40))
    foreseen = r.new_rows(r.age_months % 2 == 0)  # without keeping: the table is unchanged
    assert r.n == 40
    new_row = r.keep(r.age_months % 2 == 0)
    assert new_row.tolist() == foreseen.tolist()
    assert r.n == 20 and r.id.tolist() == list(range(0, 40, 2))
    assert new_row[3] == -1 and new_row[4] == 2
    r.append(1)
    assert r.id[-1] == 40  # ids are never reused
    assert r.rows_of(np.array([4, 5, 40])).tolist() == [2, -1, 20]
    r.drop(np.array([20, 0, 20]))  # any order, repeats allowed: rows 0 and 20 go
    # the last row that stays (id 38) fills the gap at row 0; the others keep their rows
    assert r.n == 19 and r.id.tolist() == [38, *range(2, 38, 2)]
    assert r.age_months.tolist() == [38, *range(2, 38, 2)]
    assert r.rows_of(np.array([38, 2, 0, 40])).tolist() == [0, 1, -1, -1]
    with pytest.raises(IndexError):
        r.drop(np.array([19]))
    with pytest.raises(AttributeError, match="in place"):
        r.age_months = np.zeros(3)
    r.age_months[:] += 1  # writing in place is fine
    assert r.age_months[0] == 39


def test_append_rejects_unknown_column():
    with pytest.raises(KeyError):
        Residents().append(1, nonsense=3)


def test_choose_weighted_respects_groups_and_weights():
    rng = np.random.default_rng(0)
    group = np.array([0, 0, 1, 1, 2])
    weight = np.array([1.0, 3.0, 0.0, 2.0, 0.0])
    chooser = np.repeat([0, 1, 2], 20_000)
    pick = choose_weighted(group, weight, chooser, rng, 3)
    first = pick[:20_000]
    assert set(first) <= {0, 1}
    assert abs((first == 1).mean() - 0.75) < 0.02
    assert (pick[20_000:40_000] == 3).all()  # the only item with weight in group 1
    assert (pick[40_000:] == -1).all()  # group 2 has no weight


def test_random_rank_is_a_permutation_within_each_group():
    rng = np.random.default_rng(1)
    groups = rng.integers(0, 5, 1000)
    rank = random_rank(groups, rng)
    for g in range(5):
        assert sorted(rank[groups == g]) == list(range((groups == g).sum()))


def test_match_pairs_within_groups_up_to_the_smaller_side():
    rng = np.random.default_rng(2)
    seekers = np.array([0, 0, 0, 1, 2, 2])
    slots = np.array([0, 1, 1, 2, 2, 2, 3])
    s, v = match(seekers, slots, rng)
    assert (seekers[s] == slots[v]).all()
    assert len(set(v)) == len(v) and len(set(s)) == len(s)
    assert np.bincount(seekers[s], minlength=4).tolist() == [1, 1, 2, 0]
    empty = match(np.zeros(0, np.int64), slots, rng)
    assert empty[0].size == 0


def test_copies_of_a_table_write_into_their_own_columns():
    import copy
    import pickle

    r = Residents(capacity=16)
    r.append(20, age_months=np.arange(20))
    for twin in (copy.deepcopy(r), pickle.loads(pickle.dumps(r))):
        twin.age_months[:] += 1  # written through the view ...
        twin.append(1)  # ... and kept when the views are made again
        assert twin.age_months[:3].tolist() == [1, 2, 3] and twin.n == 21
    assert r.age_months[:3].tolist() == [0, 1, 2] and r.n == 20
    with pytest.raises(AttributeError, match="append, keep and drop"):
        r.n = 3


def test_reorder_permutes_every_column_and_refuses_a_wrong_length():
    r = Residents(capacity=16)
    r.append(5, age_months=np.array([50, 40, 30, 20, 10]), municipality=[1, 0, 1, 0, 2])
    r.reorder(np.array([1, 3, 0, 2, 4]))
    assert r.id.tolist() == [1, 3, 0, 2, 4] and r.age_months.tolist() == [40, 20, 50, 30, 10]
    assert r.municipality.tolist() == [0, 0, 1, 1, 2]
    with pytest.raises(ValueError, match="expected"):
        r.reorder(np.array([0, 1]))
