"""The starting state: residents by age and sex, households, firms, jobs and balances.

Each town's persons by sex and age follow its own census pyramid, or the region's reference
pyramid tilted to its broad shares (``sim/model/pyramids.py``); the count in each cell is the whole
part of its expected count, the remainder drawn by fractional parts. Couples are
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
from .ages import ADULT_AGE
from .choice import choose_weighted, rank_in_sorted
from .learning import cohort_literacy
from .ledger import Account, Flow
from .pyramids import allocate, town_weights

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["CoarseScaleWarning", "populate"]

#: The range of starting firm ages (firm age is reported, never used in a decision): a shape
#: constant of the starting state, not behaviour.
FIRM_AGE_MAX_YEARS = 30
#: Below this many simulated persons a town's KPIs move in steps too large to read: the
#: run says so (a reporting threshold; no mechanism reads it).
FEW_AGENTS = 100


class CoarseScaleWarning(UserWarning):
    """``run.scale`` leaves some town with so few simulated persons that its figures are noise."""


def _residents(model: RegionModel) -> None:
    """Each town's persons by sex and age from its pyramid (or the tilted reference)."""
    r, rng, scale = model.residents, model.rng, model.p.run.scale
    p = model.p.demography
    mort = model.demography.mortality
    years = np.arange(p.max_age) + 0.5
    stationary = {s: mort.survival(mort.a[s], years) for s in (Sex.MALE, Sex.FEMALE)}
    for m in model.municipalities:
        s = m.spec
        n = max(1, int(round(s.population / scale)))
        weights = town_weights(
            s.age_pyramid,
            p.reference_pyramid,
            (s.share_0_14, s.share_65_plus),
            p.max_age,
            lambda sex: stationary[Sex(sex)],
        )
        counts = allocate(n, weights, rng)  # (sex, year of age)
        sex, age = np.nonzero(counts)
        k = counts[sex, age]
        sex, age = np.repeat(sex, k), np.repeat(age, k)
        months = age * 12 + rng.integers(0, 12, age.size)
        order = rng.permutation(age.size)  # no order by age within a town
        r.append(n, municipality=m.idx, sex=sex[order], age_months=months[order])
    _say_if_coarse(model)
    r.home_town[:] = r.municipality  # unknown before the start: the town they live in
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


def _split_jobs(jobs: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Each town's jobs over the sectors by largest remainder, so that they add up to its jobs:
    flooring each sector would leave a small town at a coarse scale short of up to one job per
    sector, a bias against small towns in their chance of work (and so in migration)."""
    exact = jobs[:, None] * (share / share.sum())[None, :]
    split = np.floor(exact).astype(np.int64)
    short = jobs - split.sum(1)
    order = np.argsort(-(exact - split), axis=1, kind="stable")  # largest remainders first
    gets = np.arange(share.size)[None, :] < short[:, None]
    np.put_along_axis(split, order, np.take_along_axis(split, order, 1) + gets, 1)
    return split


def _firms(model: RegionModel) -> None:
    """Firms per municipality and sector, sized to employ the labour force."""
    r, f, rng, p = model.residents, model.firms, model.rng, model.p
    in_force = model.labour.in_labour_force()
    force = np.bincount(r.municipality[in_force], minlength=len(model.municipalities))
    staff = (
        np.array([m.staff_target(m.spec.population) for m in model.municipalities]) // p.run.scale
    )
    jobs = np.maximum(
        np.rint(force * (1 - p.firms.initial_unemployment)).astype(np.int64) - staff, 0
    )
    sectors = p.firms.sectors
    split = _split_jobs(jobs, np.array([s.job_share for s in sectors.values()], dtype=float))
    for j, (name, sp) in enumerate(sectors.items()):
        if sp.job_share <= 0:
            continue
        sector_jobs = split[:, j]
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
    adults = np.nonzero(r.age_months >= ADULT_AGE)[0]
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
    model.people.begin_step()  # the people ledger counts the synthesized population
    _households(model)
    _firms(model)
    _balances(model)
    specs = model.municipalities
    population = np.array([m.spec.population for m in specs], dtype=np.float64)
    model.towns.housing_stock[:] = np.ceil(
        population / model.p.run.scale * (1 + model.p.migration.housing_vacancy_share)
    ).astype(np.int64)
