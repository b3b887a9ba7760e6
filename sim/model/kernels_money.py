"""The residents' monthly money in one compiled call: wages, income and resident tax,
pensions and the residential fixed-asset tax.

Seven transfers each selected residents by a condition and posted them; together they read the
resident table seven times. ``payroll`` reads it in three passes (counts, employers, sums by
town) and gives what the seven ``post`` calls gave: the balances moved, the town halls'
books, and each flow's sums by pair of towns. ``payroll_numpy`` is its readable twin (the
tests compare the two on random data).
"""

from __future__ import annotations

import numba
import numpy as np

from .kernels import drain, key_sums_numpy

__all__ = ["PAYROLL_FLOWS", "payroll", "payroll_numpy"]

#: The flows in the order ``payroll`` returns (and the ledger records) them.
PAYROLL_FLOWS = (
    "wage_firm",
    "wage_municipality",
    "wage_outside",
    "income_tax",
    "resident_tax",
    "pension",
    "asset_tax",
)
#: agents.Employer codes (kernels import nothing from the layers above)
NONE, FIRM, MUNICIPALITY, OUTSIDE = 0, 1, 2, 3
NO_TOWN = -1


def _pairs_by_town(by_town: np.ndarray, payer_side: bool, payee_side: bool):
    """A flow between residents' towns and one account (or their own town): its pairs."""
    towns = np.nonzero(by_town)[0].astype(np.int64)
    pm = towns if payer_side else np.full(towns.size, NO_TOWN, dtype=np.int64)
    qm = towns if payee_side else np.full(towns.size, NO_TOWN, dtype=np.int64)
    return pm, qm, by_town[towns]


def payroll_numpy(
    savings, town, employer_type, employer, wage, age_months,
    firm_cash, firm_town, municipality, nation, outside,
    wage_book, resident_tax_book, asset_tax_book,
    income_rate, resident_rate, pension_yen, old_age, asset_tax_yen, adult_age, width,
):  # fmt: skip
    """Post the seven flows; returns each flow's (payer towns, payee towns, sums), how many
    rows it had (a flow of no rows is not recorded) and each firm's wage bill."""
    town = town.astype(np.int64)
    out, counts = [], []
    for kind, pay, pay_town in (
        (FIRM, firm_cash, firm_town),
        (MUNICIPALITY, municipality, np.arange(municipality.size)),
    ):
        rows = np.nonzero(employer_type == kind)[0]
        payer = employer[rows]
        np.add.at(pay, payer, -wage[rows])
        np.add.at(savings, rows, wage[rows])
        if kind == FIRM:
            bill = np.zeros(firm_cash.size, dtype=np.int64)
            np.add.at(bill, payer, wage[rows])
        if kind == MUNICIPALITY:
            np.add.at(wage_book, payer, wage[rows])
        keys, sums = key_sums_numpy((pay_town[payer] + 1) * width + town[rows] + 1, wage[rows])
        out.append((keys // width - 1, keys % width - 1, sums))
        counts.append(rows.size)
    rows = np.nonzero(employer_type == OUTSIDE)[0]
    outside[0] -= wage[rows].sum()
    np.add.at(savings, rows, wage[rows])
    out.append(_pairs_by_town(np.bincount(town[rows], wage[rows], width - 1).astype(np.int64),
                              False, True))  # fmt: skip
    counts.append(rows.size)
    earners = np.nonzero(wage > 0)[0]
    for rate, book in ((income_rate, None), (resident_rate, resident_tax_book)):
        tax = np.floor(wage[earners] * rate).astype(np.int64)
        np.add.at(savings, earners, -tax)
        by_town = np.zeros(width - 1, dtype=np.int64)
        np.add.at(by_town, town[earners], tax)
        if book is None:
            nation[0] += tax.sum()
        else:
            municipality += by_town
            book += by_town
        out.append(_pairs_by_town(by_town, True, book is not None))
        counts.append(earners.size)
    for age, amount, to_resident in (
        (old_age, pension_yen, True),
        (adult_age, asset_tax_yen, False),
    ):
        rows = np.nonzero(age_months >= age)[0]
        by_town = np.bincount(town[rows], minlength=width - 1).astype(np.int64) * amount
        np.add.at(savings, rows, amount if to_resident else -amount)
        if to_resident:
            nation[0] -= by_town.sum()
        else:
            municipality += by_town
            asset_tax_book += by_town
        out.append(_pairs_by_town(by_town, not to_resident, True))
        counts.append(rows.size)
    return out, np.array(counts, dtype=np.int64), bill


@numba.njit(cache=True, nogil=True)
def _tally(wage, age_months, old_age, adult_age):  # pragma: no cover - compiled
    """Earners, pensioners and adults (whether each flow has rows), and the lowest wage."""
    earners = old = adults = 0
    lowest = 0
    for i in range(wage.size):
        i = np.uint64(i)
        earners += wage[i] > 0
        old += age_months[i] >= old_age
        adults += age_months[i] >= adult_age
        lowest = min(lowest, wage[i])
    return earners, old, adults, lowest


@numba.njit(cache=True, nogil=True)
def _by_town(savings, town, employer_type, wage, age_months, income_rate, resident_rate,
             pension_yen, old_age, asset_tax_yen, adult_age, m):  # pragma: no cover  # fmt: skip
    """The taxes, pensions and asset tax by town, and each row's change of savings. Which
    flows a row takes part in is chance (employment, age), so each row computes every flow,
    as 0 where it takes no part (a wage of 0 pays no tax), in runs of one town's rows."""
    by_town = np.zeros((4, m), dtype=np.int64)  # income tax, resident tax, pension, asset tax
    n, i = np.uint64(town.size), np.uint64(0)
    one = np.uint64(1)
    while i < n:
        t, j = town[i], i + one
        while j < n and town[j] == t:
            j += one
        s1 = s2 = s3 = s4 = 0
        for k in range(i, j):  # unsigned rows: no check for negative ones, so it vectorizes
            k = np.uint64(k)
            w, age = wage[k], age_months[k]
            income = np.int64(w * income_rate)  # w >= 0: truncation is the floor
            local = np.int64(w * resident_rate)
            pension = pension_yen if age >= old_age else 0
            asset = asset_tax_yen if age >= adult_age else 0
            paid = w if employer_type[k] != NONE else 0
            savings[k] += paid - income - local + pension - asset
            s1 += income
            s2 += local
            s3 += pension
            s4 += asset
        by_town[0, t] += s1
        by_town[1, t] += s2
        by_town[2, t] += s3
        by_town[3, t] += s4
        i = j
    return by_town


@numba.njit(cache=True, nogil=True)
def _employers(town, employer_type, employer, wage, n_firms, firm_town, width,
               firm_pairs, town_pairs):  # pragma: no cover - compiled  # fmt: skip
    """The wages paid by each firm (its bill), each town hall and Outside (by the worker's
    town), and by pair of towns; how many rows each kind of employer has."""
    bill = np.zeros(n_firms, dtype=np.int64)
    hall = np.zeros(width - 1, dtype=np.int64)
    outside = np.zeros(width - 1, dtype=np.int64)
    kinds = np.zeros(3, dtype=np.int64)
    firm_touched = np.empty(town.size, dtype=np.int64)
    town_touched = np.empty(town.size, dtype=np.int64)
    nf = nt = 0
    # the firm and town-hall branches are alike but written out: a shared inlined helper
    # made this loop 40% slower (2.2 -> 3.1 ms at Tokachi)
    for i in range(town.size):
        kind = employer_type[i]
        if kind == FIRM:
            e, w = employer[i], wage[i]
            bill[e] += w
            key = (firm_town[e] + 1) * width + town[i] + 1
            if w != 0 and firm_pairs[key] == 0:
                firm_touched[nf] = key
                nf += 1
            firm_pairs[key] += w
            kinds[0] += 1
        elif kind == MUNICIPALITY:
            e, w = employer[i], wage[i]
            hall[e] += w
            key = (e + 1) * width + town[i] + 1
            if w != 0 and town_pairs[key] == 0:
                town_touched[nt] = key
                nt += 1
            town_pairs[key] += w
            kinds[1] += 1
        elif kind == OUTSIDE:
            outside[town[i]] += wage[i]
            kinds[2] += 1
    return bill, hall, outside, kinds, firm_touched[:nf], town_touched[:nt]


@numba.njit(cache=True, nogil=True)
def _payroll(
    savings, town, employer_type, employer, wage, age_months,
    firm_cash, firm_town, municipality, nation, outside,
    wage_book, resident_tax_book, asset_tax_book,
    income_rate, resident_rate, pension_yen, old_age, asset_tax_yen, adult_age, width,
    firm_pairs, town_pairs,
):  # pragma: no cover - compiled  # fmt: skip
    """The three passes and the postings in one compiled call (one load from the cache, one
    dispatch a month); ``bad`` is the first negative wage's row, or -1 (nothing moved)."""
    earners, old, adults, lowest = _tally(wage, age_months, old_age, adult_age)
    counts = np.zeros(7, dtype=np.int64)
    if lowest < 0:
        bad = np.argmax(wage < 0)
        empty = np.zeros(0, dtype=np.int64)
        return bad, counts, counts[:0], np.zeros((5, 0), np.int64), empty, empty, empty, empty
    bill, hall, paid_from_outside, kinds, firm_touched, town_touched = _employers(
        town, employer_type, employer, wage, firm_cash.size, firm_town, width,
        firm_pairs, town_pairs,
    )  # fmt: skip
    taxes = _by_town(
        savings, town, employer_type, wage, age_months, income_rate, resident_rate,
        pension_yen, old_age, asset_tax_yen, adult_age, width - 1,
    )  # fmt: skip
    for j in range(bill.size):
        firm_cash[j] -= bill[j]
    by_town = np.zeros((5, width - 1), dtype=np.int64)
    for t in range(width - 1):
        municipality[t] += taxes[1, t] + taxes[3, t] - hall[t]
        wage_book[t] += hall[t]
        outside[0] -= paid_from_outside[t]
        nation[0] += taxes[0, t] - taxes[2, t]
        resident_tax_book[t] += taxes[1, t]
        asset_tax_book[t] += taxes[3, t]
        by_town[0, t] = paid_from_outside[t]
        for q in range(4):
            by_town[q + 1, t] = taxes[q, t]
    counts[:3] = kinds
    counts[3] = counts[4] = earners
    counts[5], counts[6] = old, adults
    firm_keys, firm_sums = drain(firm_pairs, firm_touched)
    town_keys, town_sums = drain(town_pairs, town_touched)
    return -1, counts, bill, by_town, firm_keys, firm_sums, town_keys, town_sums


def payroll(
    savings, town, employer_type, employer, wage, age_months,
    firm_cash, firm_town, municipality, nation, outside,
    wage_book, resident_tax_book, asset_tax_book,
    income_rate, resident_rate, pension_yen, old_age, asset_tax_yen, adult_age, width,
    firm_pairs, town_pairs,
):  # fmt: skip
    """As ``payroll_numpy`` in three passes over the residents, with two zeroed buffers of one
    slot per pair of towns (left zeroed again); also returns each firm's wage bill. A
    negative wage moves nothing and raises."""
    width = int(width)
    bad, counts, bill, by_town, firm_keys, firm_sums, town_keys, town_sums = _payroll(
        savings, town, employer_type, employer, wage, age_months,
        firm_cash, firm_town, municipality, nation, outside,
        wage_book, resident_tax_book, asset_tax_book,
        float(income_rate), float(resident_rate), int(pension_yen), int(old_age),
        int(asset_tax_yen), int(adult_age), width, firm_pairs, town_pairs,
    )  # fmt: skip
    if bad >= 0:
        raise ValueError(f"WAGE: negative transfer of {int(wage[bad]):,} yen")
    out = [
        (keys // width - 1, keys % width - 1, sums)
        for keys, sums in ((firm_keys, firm_sums), (town_keys, town_sums))
    ]
    sides = ((False, True), (True, False), (True, True), (False, True), (True, True))
    for row, (payer_side, payee_side) in zip(by_town, sides, strict=True):
        out.append(_pairs_by_town(row, payer_side, payee_side))
    return out, counts, bill
