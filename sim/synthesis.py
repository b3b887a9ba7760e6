"""The starting state: residents by age and sex, households, firms, jobs and balances.

Ages within the scenario's three broad groups follow the stationary population of the
mortality schedule; the sex of older residents follows the two sexes' survival. Couples are
paired by age rank within a municipality; children join a woman aged 25-54 of their town.
Firms are sized so that the labour force is employed at the scenario's starting unemployment
rate; exporters' demand from Outside is what they can produce at the start. Opening balances
are booked against Outside, so all balances sum to zero.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from .agents import SECTORS, Sex
from .choice import choose_weighted, rank_in_sorted
from .learning import cohort_literacy
from .ledger import Account, Flow

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["CoarseScaleWarning", "populate"]

#: Shape constants of the starting population, not behaviour (no mechanism reads them): how
#: fast the open last band of the age profile thins out beyond 100 (per year), and the range
#: of starting firm ages (firm age is reported, never used in a decision).
CENTENARIAN_DECAY = 0.3
FIRM_AGE_MAX_YEARS = 30
#: Below this many simulated persons a town's KPIs move in steps too large to read: the
#: run says so (a reporting threshold; no mechanism reads it).
FEW_AGENTS = 100


class CoarseScaleWarning(UserWarning):
    """``run.scale`` leaves some town with so few simulated persons that its figures are noise."""


def _ages(model: RegionModel, n0: int, n1: int, n2: int) -> np.ndarray:
    """Ages in months for n0 children (0-14), n1 adults (15-64) and n2 elderly (65+)."""
    p, rng = model.p.demography, model.rng
    years = np.arange(p.max_age)
    weight = np.repeat(np.asarray(p.initial_age_profile) / 5, 5)[: years.size]
    weight = np.pad(weight, (0, years.size - weight.size), constant_values=weight[-1])
    # centenarians thin out (1/e in about 3 years): the age profile's last band is open-ended
    weight[100:] *= np.exp(-CENTENARIAN_DECAY * (years[100:] - 100))
    out = []
    for n, lo, hi in ((n0, 0, 15), (n1, 15, 65), (n2, 65, years.size)):
        w = weight[lo:hi] / weight[lo:hi].sum()
        out.append(rng.choice(years[lo:hi], size=n, p=w) * 12 + rng.integers(0, 12, n))
    return np.concatenate(out).astype(np.int32)


def _residents(model: RegionModel) -> None:
    r, rng, scale = model.residents, model.rng, model.p.run.scale
    mort = model.demography.mortality
    for m in model.municipalities:
        s = m.spec
        n = max(1, int(round(s.population / scale)))
        n0 = int(round(n * s.share_0_14))
        n2 = int(round(n * s.share_65_plus))
        ages = _ages(model, n0, n - n0 - n2, n2)
        sm = mort.survival(mort.a[Sex.MALE], ages / 12)
        sf = mort.survival(mort.a[Sex.FEMALE], ages / 12)
        sex = np.where(rng.random(n) < sf / (sm + sf), Sex.FEMALE, Sex.MALE)
        r.append(n, municipality=m.idx, sex=sex, age_months=ages)
    _say_if_coarse(model)
    r.household[:] = r.id
    r.labour_draw[:] = rng.random(r.n)
    r.digital_literacy[:] = cohort_literacy(r.age_months, model.p.learning, rng)


def _say_if_coarse(model: RegionModel) -> None:
    """Name the towns that ``run.scale`` leaves with fewer than FEW_AGENTS simulated persons."""
    scale = model.p.run.scale
    agents = np.bincount(model.residents.municipality, minlength=len(model.municipalities))
    few = [m for m in model.municipalities if agents[m.idx] < FEW_AGENTS]
    if not few:
        return
    shown = ", ".join(
        f"{m.key} {m.spec.population:,} persons -> {agents[m.idx]} x {scale:,}" for m in few[:5]
    )
    more = f" and {len(few) - 5} more" if len(few) > 5 else ""
    towns = "1 municipality has" if len(few) == 1 else f"{len(few)} municipalities have"
    advice = (
        f"their figures move in steps of {scale:,} persons and are mostly noise; a smaller "
        "run.scale gives readable results"
        if scale > 1
        else "figures of towns this small are mostly noise"
    )
    warnings.warn(
        f"at run.scale={scale:,}, {towns} fewer than {FEW_AGENTS} simulated persons "
        f"({shown}{more}): {advice}.",
        CoarseScaleWarning,
        stacklevel=2,
    )


def _households(model: RegionModel) -> None:
    r, rng, hp = model.residents, model.rng, model.p.households
    years = r.age_months // 12
    women = np.nonzero(
        (r.sex == Sex.FEMALE) & (years >= 25) & (rng.random(r.n) < hp.married_share)
    )[0]
    men = np.nonzero((r.sex == Sex.MALE) & (years >= 25) & (rng.random(r.n) < hp.married_share))[0]
    # pair by age rank within a municipality: the i-th youngest woman with the i-th youngest man
    w_order = women[np.lexsort((r.age_months[women], r.municipality[women]))]
    m_order = men[np.lexsort((r.age_months[men], r.municipality[men]))]
    w_rank = rank_in_sorted(r.municipality[w_order])
    m_rank = rank_in_sorted(r.municipality[m_order])
    width = max(w_order.size, m_order.size, 1)
    w_key = r.municipality[w_order].astype(np.int64) * width + w_rank
    m_key = r.municipality[m_order].astype(np.int64) * width + m_rank
    common, wi, mi = np.intersect1d(w_key, m_key, return_indices=True)
    r.household[m_order[mi]] = r.household[w_order[wi]]
    # children join a woman aged 25-54 of their town
    children = np.nonzero(years < hp.leave_home_age)[0]
    mothers = np.nonzero((r.sex == Sex.FEMALE) & (years >= 25) & (years < 55))[0]
    pick = choose_weighted(
        r.municipality[mothers].astype(np.int64),
        np.ones(mothers.size),
        r.municipality[children].astype(np.int64),
        rng,
        len(model.municipalities),
    )
    has = pick >= 0
    r.household[children[has]] = r.household[mothers[pick[has]]]


def _firms(model: RegionModel) -> None:
    """Firms per municipality and sector, sized to employ the labour force."""
    r, f, rng, p = model.residents, model.firms, model.rng, model.p
    in_force = model.labour.in_labour_force()
    force = np.bincount(r.municipality[in_force], minlength=len(model.municipalities))
    staff = (
        np.array([m.staff_target(m.spec.population) for m in model.municipalities]) // p.run.scale
    )
    jobs = np.maximum(
        np.floor(force * (1 - p.firms.initial_unemployment)).astype(np.int64) - staff, 0
    )
    sectors = p.firms.sectors
    total_share = sum(s.job_share for s in sectors.values())
    for name, sp in sectors.items():
        if sp.job_share <= 0:
            continue
        sector_jobs = np.floor(jobs * sp.job_share / total_share).astype(np.int64)
        n_firms = np.maximum(np.round(sector_jobs / sp.mean_employees), (sector_jobs > 0))
        n_firms = n_firms.astype(np.int64)
        muni = np.repeat(np.arange(len(model.municipalities)), n_firms)
        rows = f.append(
            muni.size,
            municipality=muni,
            sector=SECTORS.index(name),
            productivity_yen=sp.productivity_yen,
            local_owner=rng.random(muni.size) < p.firms.local_owner_share,
            digital=rng.random(muni.size) < p.policy.firm_digital_share_start,
            age_months=rng.integers(0, FIRM_AGE_MAX_YEARS * 12, muni.size),  # descriptive only
        )
        # split each town's sector jobs over its firms at random (multinomial by town)
        target = np.zeros(rows.size, dtype=np.int64)
        start = 0
        for i, k in enumerate(n_firms):
            if k:
                target[start : start + k] = rng.multinomial(sector_jobs[i], np.full(k, 1 / k))
            start += k
        f.expected_demand_yen[rows] = target * sp.productivity_yen * p.run.scale
    model.labour.hire_initial(in_force)
    scale = p.run.scale
    for name, sp in sectors.items():
        rows = np.nonzero(f.sector == SECTORS.index(name))[0]
        capacity = f.employees[rows].astype(np.int64) * sp.productivity_yen * scale
        f.export_demand_yen[rows] = np.floor(capacity * sp.export_share).astype(np.int64)
        f.capital_yen[rows] = f.employees[rows].astype(np.int64) * sp.capital_per_worker_yen * scale
        f.expected_demand_yen[rows] = capacity
        f.demand_yen[rows] = capacity


def _balances(model: RegionModel) -> None:
    r, f, ledger, p = model.residents, model.firms, model.ledger, model.p
    adults = np.nonzero(r.age_months >= 20 * 12)[0]
    ledger.transfer(
        Flow.OPENING_BALANCE,
        Account.OUTSIDE,
        Account.RESIDENT,
        p.households.savings_per_adult_yen * p.run.scale,
        0,
        adults,
    )
    wage_bill = model.labour.firm_wage_bill()
    cash = np.floor(wage_bill * p.trade.cash_buffer_months).astype(np.int64)
    ledger.transfer(Flow.OPENING_BALANCE, Account.OUTSIDE, Account.FIRM, cash, 0, np.arange(f.n))


def populate(model: RegionModel) -> None:
    """Build residents, households, firms, jobs and opening balances."""
    _residents(model)
    _households(model)
    _firms(model)
    _balances(model)
    for m in model.municipalities:
        m.housing_stock = int(
            np.ceil(
                m.spec.population
                / model.p.run.scale
                * (1 + model.p.migration.housing_vacancy_share)
            )
        )
