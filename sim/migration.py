"""Migration: households compare places and move, within the region or to and from Outside.

A household moves with its head (the oldest member); young adults living with parents decide
on their own and form a household when they leave. The yearly chance of moving depends on age
(young adults most mobile; MIC 2019) and falls as the town's attractiveness rises above the
national norm, which is Outside's (zero). Attractiveness sums weighted deviations from that
norm: job availability, wages, satisfaction with services, vacant housing, and an amenity.
Movers go to Outside (the metropolitan pull, stronger for the young) or to a neighbour chosen
by attractiveness and size. Households arrive from Outside in proportion to the population and
attractiveness; vacant housing caps arrivals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .agents import Labour
from .choice import choose_weighted
from .learning import cohort_literacy
from .ledger import Account, Flow
from .scenario.params_policy import Program
from .services import NEUTRAL_SATISFACTION

#: A numerical guard: however unattractive a town, no one leaves with certainty in a year.
MAX_MOVE_CHANCE = 0.99

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Migration", "household_heads", "MOVE_AGE_BINS", "IN_AGE_BINS"]

MOVE_AGE_BINS = np.array([5, 15, 20, 25, 30, 35, 40, 65])  # edges of out_rate_by_age groups
GENERATION_MONTHS = 15 * 12  # a household member this much younger than the head is a child
OUTSIDE, STAY = -1, -2  # destination codes besides municipality indices
IN_AGE_BINS = ((15, 20), (20, 25), (25, 30), (30, 35), (35, 40), (40, 65), (65, 85))


def household_heads(household: np.ndarray, age_months: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


class Migration:
    """Reads jobs, wages, satisfaction, housing; writes moves through the people ledger."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.migration
        self.attractiveness = np.zeros(len(model.municipalities))
        self.next_household = -1  # set after synthesis: above every household id in use

    def compute_attractiveness(self) -> np.ndarray:
        """Each town's attractiveness against the national norm (Outside's, zero)."""
        model, r, p = self.model, self.model.residents, self.p
        m = len(model.municipalities)
        pop = np.maximum(model.people.count(), 1)
        force = np.maximum(
            np.bincount(r.municipality[r.labour >= Labour.UNEMPLOYED], minlength=m), 1
        )
        employed = r.labour == Labour.EMPLOYED
        n_emp = np.bincount(r.municipality[employed], minlength=m)
        # the chance of work, capped at certainty: a labour shortage cannot draw without limit
        reach = np.minimum((n_emp + model.labour.vacancies) / force, 1.0)
        jobs = reach - (1 - model.p.firms.initial_unemployment)
        wage = np.bincount(r.municipality[employed], weights=r.wage_yen[employed], minlength=m)
        mean_wage = wage / np.maximum(n_emp, 1) / model.p.run.scale
        wage_term = mean_wage / p.reference_wage_yen - 1
        satisfaction = np.bincount(r.municipality, weights=r.satisfaction, minlength=m) / pop
        services = satisfaction - NEUTRAL_SATISFACTION
        stock = np.array([x.housing_stock for x in model.municipalities], dtype=np.float64)
        vacant = np.maximum(stock - pop, 0) / np.maximum(stock, 1)
        housing = np.minimum(
            vacant - p.housing_vacancy_share, 0
        )  # scarcity deters; plenty doesn't draw
        amenity = np.array([x.amenity for x in model.municipalities])
        return (
            p.weight_jobs * jobs
            + p.weight_wage * wage_term
            + p.weight_services * services
            + p.weight_housing * housing
            + amenity
            + model.policy.vision()
            + model.policy.appeal()
        )

    def step(self) -> None:
        self.attractiveness = self.compute_attractiveness()
        self._departures()
        self._arrivals()

    # -- leaving --------------------------------------------------------------------------------
    def _departures(self) -> None:
        model, r, rng, p = self.model, self.model.residents, self.model.rng, self.p
        hh = r.household
        is_head, head_age = household_heads(hh, r.age_months)
        years = r.age_months // 12
        # a son or daughter of the head (a generation younger) aged 18-29 decides alone
        generation = (head_age - r.age_months) >= GENERATION_MONTHS
        young = ~is_head & generation & (years >= model.p.households.leave_home_age) & (years < 30)
        decider = is_head | young
        family_age = (years >= 20) & (years < 50)
        a = self.attractiveness[r.municipality]
        a = a + np.where(family_age, model.policy.family_appeal()[r.municipality], 0.0)
        rate = np.asarray(p.out_rate_by_age)[np.searchsorted(MOVE_AGE_BINS, years, side="right")]
        p_year = np.minimum(rate * np.exp(-p.push * a), MAX_MOVE_CHANCE)
        moving = decider & (rng.random(r.n) < 1 - (1 - p_year) ** (1 / 12))
        units = np.nonzero(moving)[0]
        # destination: Outside, or a neighbour by attractiveness and size
        share_out = np.where(
            (years[units] >= 15) & (years[units] < 30), p.outside_share_young, p.outside_share_other
        )
        dest = np.full(units.size, OUTSIDE, dtype=np.int64)
        nb = model.neighbours
        inside = rng.random(units.size) >= share_out
        if nb.targets.size and inside.any():
            pop = model.people.count().astype(np.float64)
            weight = np.exp(p.pull * self.attractiveness[nb.targets]) * pop[nb.targets]
            edge = choose_weighted(
                nb.sources,
                weight,
                r.municipality[units[inside]].astype(np.int64),
                rng,
                nb.degree.size,
            )
            dest[np.nonzero(inside)[0]] = np.where(
                edge >= 0, nb.targets[np.maximum(edge, 0)], OUTSIDE
            )
        # heads take their household along (but not the young who decide for themselves)
        head = is_head[units]
        size = np.bincount(hh[~young], minlength=int(hh.max(initial=-1)) + 1)
        dest = self._housing_limit(dest, np.where(head, size[hh[units]], 1))
        sorted_at = np.argsort(hh[units[head]])
        sorted_hh = hh[units[head]][sorted_at]
        member = ~is_head & np.isin(hh, sorted_hh)
        followers = np.nonzero(member & ~young)[0]
        follow_dest = dest[head][sorted_at][np.searchsorted(sorted_hh, hh[followers])]
        head_goes = np.zeros(r.n, dtype=bool)
        head_goes[units[head & (dest != STAY)]] = True
        going_hh = hh[head_goes]
        # the young who stay (by choice, or refused by the housing limit) while their head
        # moves away keep a household of their own in the town
        young_goes = np.zeros(r.n, dtype=bool)
        young_goes[units[~head & (dest != STAY)]] = True
        stay_behind = np.nonzero(member & young & ~young_goes & np.isin(hh, going_hh))[0]
        rows = np.concatenate([units, followers])
        where = np.concatenate([dest, follow_dest])
        go = where != STAY
        own_household = np.concatenate([units[~head & (dest != STAY)], stay_behind])
        r.household[own_household] = self._new_households(own_household.size)
        rows, where = rows[go], where[go]
        model.people.relocate(rows[where >= 0], where[where >= 0])
        model.people.leave(rows[where == OUTSIDE], death=False)

    def _housing_limit(self, dest: np.ndarray, persons: np.ndarray) -> np.ndarray:
        """Moves within the region need room: beyond the vacant places, households stay."""
        m = len(self.model.municipalities)
        free = np.maximum(self._free_housing(), 0)
        inside = dest >= 0
        demand = np.bincount(dest[inside], weights=persons[inside], minlength=m)
        accept = np.minimum(1.0, free / np.maximum(demand, 1))
        refused = inside & (self.model.rng.random(dest.size) >= accept[np.maximum(dest, 0)])
        return np.where(refused, STAY, dest)

    def _free_housing(self) -> np.ndarray:
        stock = np.array([x.housing_stock for x in self.model.municipalities], dtype=np.int64)
        return stock - self.model.people.count()

    def _new_households(self, n: int) -> np.ndarray:
        if self.next_household < 0:
            self.next_household = int(self.model.residents.household.max(initial=-1)) + 1
        ids = np.arange(self.next_household, self.next_household + n, dtype=np.int64)
        self.next_household += n
        return ids

    def family_share(self) -> np.ndarray:
        """Share of arriving households aged 25-49 that are families, per town (childcare
        support draws more of them)."""
        support = self.model.policy.effect(Program.CHILDCARE)
        return np.minimum(self.model.p.households.family_share * (1 + support), 1.0)

    def household_size(self) -> np.ndarray:
        """Expected persons per arriving household, per town."""
        shares = np.asarray(self.p.in_age_shares) / sum(self.p.in_age_shares)
        lo, hi = np.array(IN_AGE_BINS).T
        years_25_49 = np.clip(np.minimum(hi, 50) - np.maximum(lo, 25), 0, None) / (hi - lo)
        p_family = self.family_share() * float((shares * years_25_49).sum())
        return 1.0 + p_family * (1.0 + self.model.p.households.children_per_family)

    # -- arriving -------------------------------------------------------------------------------
    def _arrivals(self) -> None:
        model, r, rng, p, hp = (
            self.model,
            self.model.residents,
            self.model.rng,
            self.p,
            self.model.p.households,
        )
        pop = model.people.count()
        # at the national norm, arrivals from Outside match the departures that go there
        to_outside = np.where(
            model.neighbours.degree > 0, (p.outside_share_young + p.outside_share_other) / 2, 1.0
        )
        lam = p.in_rate * to_outside * pop / 12 * np.exp(p.pull * self.attractiveness)
        family = model.policy.family_appeal()
        lam = lam * np.exp(p.pull * family) / self.household_size()
        n_hh = rng.poisson(lam)
        room = np.maximum(self._free_housing(), 0) / self.household_size()
        n_hh = np.minimum(n_hh, np.floor(room).astype(np.int64))
        total = int(n_hh.sum())
        if total == 0:
            return
        town = np.repeat(np.arange(pop.size), n_hh)
        shares = np.asarray(p.in_age_shares) / sum(p.in_age_shares)
        group = rng.choice(len(IN_AGE_BINS), size=total, p=shares)
        lo, hi = np.array(IN_AGE_BINS).T[:, group]
        head_age = (rng.integers(lo * 12, hi * 12)).astype(np.int32)
        head_sex = (rng.random(total) < 0.5).astype(np.int8)  # heads: men or women alike
        hh_ids = self._new_households(total)
        family_share = self.family_share()[town]
        family = (head_age >= 25 * 12) & (head_age < 50 * 12) & (rng.random(total) < family_share)
        n_children = np.where(family, rng.poisson(hp.children_per_family, total), 0)
        fam = np.nonzero(family)[0]
        spouse_age = np.maximum(head_age[fam] + rng.integers(-36, 37, fam.size), 20 * 12).astype(
            np.int32
        )
        kid_of = np.repeat(np.arange(total), n_children)
        kid_age = rng.integers(
            0, np.minimum(15 * 12, np.maximum(head_age[kid_of] - 18 * 12, 1))
        ).astype(np.int32)
        ages = np.concatenate([head_age, spouse_age, kid_age])
        sex = np.concatenate(
            [
                head_sex,
                1 - head_sex[fam],
                (rng.random(kid_of.size) < model.p.demography.share_female_at_birth).astype(
                    np.int8
                ),
            ]
        )
        home = np.concatenate([town, town[fam], town[kid_of]])
        household = np.concatenate([hh_ids, hh_ids[fam], hh_ids[kid_of]])
        n = ages.size
        draw = rng.random(n).astype(np.float32)
        in_force = draw < model.labour.participation(ages)
        labour = np.where(
            ages < 15 * 12, Labour.CHILD, np.where(in_force, Labour.UNEMPLOYED, Labour.INACTIVE)
        )
        rows = r.append(
            n,
            municipality=home,
            household=household,
            sex=sex,
            age_months=ages,
            labour=labour,
            labour_draw=draw,
            digital_literacy=cohort_literacy(ages, model.p.learning, rng),
        )
        adults = rows[ages >= 20 * 12]
        model.ledger.transfer(
            Flow.MIGRATION_SAVINGS,
            Account.OUTSIDE,
            Account.RESIDENT,
            p.savings_in_yen * model.p.run.scale,
            0,
            adults,
        )
        model.people.arrived(rows)
