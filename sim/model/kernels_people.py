"""Compiled kernels over the residents: learning, satisfaction, labour status, town status.

As ``sim/model/kernels.py`` (sums, postings, removal): each kernel has a readable numpy twin that
defines what it computes, compared with it on random data in tests/test_kernels.py.
"""

from __future__ import annotations

import numba
import numpy as np

from .agents import Employer, Labour

CHILD, INACTIVE, UNEMPLOYED = int(Labour.CHILD), int(Labour.INACTIVE), int(Labour.UNEMPLOYED)
AT_FIRM = int(Employer.FIRM)

__all__ = [
    "closed_jobs",
    "closed_jobs_numpy",
    "deaths_and_mothers",
    "deaths_and_mothers_numpy",
    "labour_status",
    "labour_status_numpy",
    "learn",
    "learn_numpy",
    "satisfy",
    "satisfy_numpy",
    "town_status",
    "town_status_numpy",
]


#: Ages (years) of the learning rules: school from 6 to 19, own learning 20-64, classes 65+.
SCHOOL_YEARS, ADULT_YEARS, OLD_YEARS = 6, 20, 65


def learn_numpy(
    literacy, age_months, town, town_mean, peer_rate, classes, school, own_rate, class_rate
) -> np.ndarray:
    """One month of digital literacy (float64 arithmetic, float32 result): school adds
    ``school`` a month from 6 to 19; adults gain ``own_rate`` x (1 - lit) (20-64) or
    ``class_rate`` x classes[town] x (1 - lit) (65+), and move towards their town's mean at
    ``peer_rate[town]`` when below it; the result is clipped to [0, 1]."""
    lit = literacy.astype(np.float64)
    years = age_months // 12
    gap = 1 - lit
    add = np.where((years >= SCHOOL_YEARS) & (years < ADULT_YEARS), school, 0.0)
    add += np.where((years >= ADULT_YEARS) & (years < OLD_YEARS), own_rate * gap, 0.0)
    add += np.where(years >= OLD_YEARS, class_rate * classes[town] * gap, 0.0)
    peer = np.maximum(peer_rate[town] * (town_mean[town] - lit), 0.0)
    add += np.where(years >= ADULT_YEARS, peer, 0.0)
    return np.clip(lit + add, 0, 1).astype(np.float32)


@numba.njit(cache=True, nogil=True)
def _learn(
    literacy, age_months, town, town_mean, peer_rate, classes, school, own_rate, class_rate
):  # pragma: no cover - compiled
    out = np.empty(literacy.size, dtype=np.float32)
    for i in range(literacy.size):
        # without branches (ages come at random): a rule that does not apply adds x 0.0,
        # which is +0.0 for the non-negative terms here, so the sums are those of the rules
        lit = np.float64(literacy[i])
        years = age_months[i] // 12
        t = town[i]
        gap = 1 - lit
        adult = years >= ADULT_YEARS
        add = school * ((years >= SCHOOL_YEARS) & (years < ADULT_YEARS))
        add += own_rate * gap * (adult & (years < OLD_YEARS))
        add += class_rate * classes[t] * gap * (years >= OLD_YEARS)
        add += max(peer_rate[t] * (town_mean[t] - lit), 0.0) * adult
        out[i] = min(max(lit + add, 0.0), 1.0)
    return out


def learn(
    literacy, age_months, town, town_mean, peer_rate, classes, school, own_rate, class_rate
) -> np.ndarray:
    """As ``learn_numpy``, in one pass over the residents."""
    return _learn(
        literacy,
        age_months,
        town,
        np.asarray(town_mean, np.float64),
        np.asarray(peer_rate, np.float64),
        np.asarray(classes, np.float64),
        float(school),
        float(own_rate),
        float(class_rate),
    )


def satisfy_numpy(
    satisfaction,
    town,
    uses_online,
    age_months,
    base,
    online_bonus,
    transport,
    rate,
    car_from,
    car_until,
) -> None:
    """One month of satisfaction, in place: it moves at ``rate`` towards a goal of the town's
    ``base`` + ``online_bonus`` for online users + ``transport`` for those without a car
    (under ``car_from`` or from ``car_until`` years), clipped to [0, 1]."""
    years = age_months // 12
    no_car = (years >= car_until) | (years < car_from)
    goal = base[town] + online_bonus[town] * uses_online + transport[town] * no_car
    goal = np.clip(goal, 0.0, 1.0)
    satisfaction += (rate * (goal - satisfaction)).astype(np.float32)


@numba.njit(cache=True, nogil=True)
def _satisfy(
    satisfaction,
    town,
    uses_online,
    age_months,
    base,
    online_bonus,
    transport,
    rate,
    car_from,
    car_until,
):  # pragma: no cover - compiled
    for i in range(satisfaction.size):
        t = town[i]
        years = age_months[i] // 12
        # without branches: a term that does not apply adds x 0.0 (a signed zero, which
        # leaves the goal as it was but for the sign of a zero, lost in the step below)
        goal = base[t] + online_bonus[t] * uses_online[i]
        goal += transport[t] * ((years >= car_until) | (years < car_from))
        goal = min(max(goal, 0.0), 1.0)
        step = np.float32(rate * (goal - np.float64(satisfaction[i])))
        satisfaction[i] = satisfaction[i] + step


def satisfy(
    satisfaction,
    town,
    uses_online,
    age_months,
    base,
    online_bonus,
    transport,
    rate,
    car_from,
    car_until,
) -> None:
    """As ``satisfy_numpy``, in one pass over the residents."""
    _satisfy(
        satisfaction,
        town,
        uses_online,
        age_months,
        np.asarray(base, np.float64),
        np.asarray(online_bonus, np.float64),
        np.asarray(transport, np.float64),
        float(rate),
        int(car_from),
        int(car_until),
    )


def town_status_numpy(town, labour, wage, satisfaction, n_towns, n_labour, employed):
    """Residents by (town, labour status), and per town the sum of the ``employed``'s wages
    and of everyone's satisfaction (float64, in row order): the inputs of attractiveness."""
    status = np.bincount(town * n_labour + labour, minlength=n_towns * n_labour)
    wages = np.bincount(town, weights=np.where(labour == employed, wage, 0), minlength=n_towns)
    content = np.bincount(town, weights=satisfaction, minlength=n_towns)
    return status.reshape(n_towns, n_labour), wages, content


@numba.njit(cache=True, nogil=True)
def _town_status(
    town, labour, wage, satisfaction, n_towns, n_labour, employed
):  # pragma: no cover - compiled
    # counts kept in 8 copies taken in turn, so that rows of one town and status in a row do
    # not wait on each other's increments; summed at the end (integers: exact)
    status = np.zeros((8, n_towns, n_labour), dtype=np.int64)
    wages = np.zeros(n_towns, dtype=np.float64)
    content = np.zeros(n_towns, dtype=np.float64)
    t = town[0] if town.size else 0
    w = c = 0.0  # town t's running sums, in registers along a run of its rows (row order kept)
    for i in range(town.size):
        if town[i] != t:
            wages[t], content[t] = w, c
            t = town[i]
            w, c = wages[t], content[t]
        status[i & 7, t, labour[i]] += 1
        w += np.float64(wage[i]) * (labour[i] == employed)  # x 1 or + 0.0: exact either way
        c += np.float64(satisfaction[i])
    if town.size:
        wages[t], content[t] = w, c
    return status.sum(0), wages, content


def town_status(town, labour, wage, satisfaction, n_towns, n_labour, employed):
    """As ``town_status_numpy``, in one pass over the residents."""
    return _town_status(
        town, labour, wage, satisfaction, int(n_towns), int(n_labour), int(employed)
    )


def labour_status_numpy(labour, labour_draw, age_months, by_month, working_age):
    """Entry into and exit from the labour force as people age: one is in the force while
    one's draw is below the participation of one's month of age (``by_month``). Sets those
    who join to unemployed and children of working age outside the force to inactive;
    returns the rows in the force who leave it (the caller ends their jobs and sets them
    inactive)."""
    force = labour_draw < by_month[np.minimum(age_months, by_month.size - 1)]
    leaving = np.nonzero(~force & (labour >= UNEMPLOYED))[0]
    labour[force & (labour <= INACTIVE)] = UNEMPLOYED
    labour[~force & (labour == CHILD) & (age_months >= working_age)] = INACTIVE
    return leaving


@numba.njit(cache=True, nogil=True)
def _labour_status(labour, labour_draw, age_months, by_month, working_age):  # pragma: no cover
    leaving = np.empty(labour.size, dtype=np.int64)
    k = 0
    last = by_month.size - 1
    for i in range(labour.size):  # without branches: who changes comes at random
        force = np.float64(labour_draw[i]) < by_month[min(age_months[i], last)]
        status = np.int64(labour[i])
        leaves = (not force) & (status >= UNEMPLOYED)
        joins = force & (status <= INACTIVE)
        grows = (not force) & (status == CHILD) & (age_months[i] >= working_age)
        leaving[k] = i
        k += leaves
        status = UNEMPLOYED if joins else status
        labour[i] = INACTIVE if grows else status
    return leaving[:k].copy()


def labour_status(labour, labour_draw, age_months, by_month, working_age) -> np.ndarray:
    """As ``labour_status_numpy``, in one pass over the residents."""
    return _labour_status(labour, labour_draw, age_months, by_month, int(working_age))


def deaths_and_mothers_numpy(u, sex, age_months, q_month, female, fertile_from, fertile_until):
    """Who dies this month (the uniform ``u`` below the monthly chance of one's sex and month
    of age, ``q_month`` by sex x month of age, the last month for older ages), and the women
    of fertile age (months ``fertile_from`` to ``fertile_until``) who do not: two row lists."""
    width = q_month.shape[1]
    dies = u < q_month.ravel()[sex.astype(np.intp) * width + np.minimum(age_months, width - 1)]
    women = (sex == female) & (age_months >= fertile_from) & (age_months < fertile_until)
    return np.nonzero(dies)[0], np.nonzero(women & ~dies)[0]


@numba.njit(cache=True, nogil=True)
def _deaths_and_mothers(
    u, sex, age_months, q_month, female, fertile_from, fertile_until
):  # pragma: no cover - compiled
    n = u.size
    width = q_month.shape[1]
    dying = np.empty(n, dtype=np.int64)
    women = np.empty(n, dtype=np.int64)
    d = w = 0
    for i in range(n):  # without branches: deaths and women of fertile age come at random
        a = age_months[i]
        dies = u[i] < q_month[sex[i], min(a, width - 1)]
        dying[d] = i
        d += dies
        women[w] = i
        w += (sex[i] == female) & (a >= fertile_from) & (a < fertile_until) & (not dies)
    return dying[:d].copy(), women[:w].copy()


def deaths_and_mothers(u, sex, age_months, q_month, female, fertile_from, fertile_until):
    """As ``deaths_and_mothers_numpy``, in one pass over the residents."""
    return _deaths_and_mothers(
        u, sex, age_months, q_month, int(female), int(fertile_from), int(fertile_until)
    )


def closed_jobs_numpy(employer_type, employer, closing, new_row) -> np.ndarray:
    """The rows of the workers whose firm closes (``closing`` by firm row), in row order; the
    other firms' workers get their firm's ``new_row`` as employer (in place)."""
    at_firm = np.nonzero(employer_type == AT_FIRM)[0]
    closes = closing[employer[at_firm]]
    stay = at_firm[~closes]
    employer[stay] = new_row[employer[stay]]
    return at_firm[closes]


@numba.njit(cache=True, nogil=True)
def _closed_jobs(employer_type, employer, closing, new_row):  # pragma: no cover - compiled
    lost = np.empty(employer.size + 1, dtype=np.int64)
    n = 0
    for i in range(employer.size):  # without branches: a firm's workers are scattered
        at_firm = np.int64(employer_type[i] == AT_FIRM)
        e = employer[i] * at_firm  # the firm's row, or 0 (read, not used)
        closes = at_firm & np.int64(closing[e])
        stays = at_firm - closes
        employer[i] = new_row[e] * stays + employer[i] * (1 - stays)
        lost[n] = i  # written always, kept only if the job is lost
        n += closes
    return lost[:n].copy()


def closed_jobs(employer_type, employer, closing, new_row) -> np.ndarray:
    """As ``closed_jobs_numpy``, in one pass over the residents."""
    return _closed_jobs(employer_type, employer, closing, new_row)
