"""Migration: households leave, choose among the region's towns and the places beyond it, and
households arrive from those places.

A household moves with its head (the oldest member); young adults living with parents decide
on their own and form a household when they leave. The yearly chance of moving depends on age
(MIC 2019) and falls as the town's attractiveness rises above the national norm (zero), which
sums weighted deviations from that norm: job availability, wages, satisfaction with services,
vacant housing, an amenity, a committed plan and broadband. A household with young children
also weighs what a town pays per young child (childcare support) as income, with the wage's
weight. Movers choose a destination by gravity (``sim/model/destinations.py``): every other town
and every outside destination, by size, distance and attractiveness, with age-specific weight
on size. Households arrive from each outside destination in proportion to what a town of the
national norm would send there (``return_ratio_by_age`` per head's age), times its
attractiveness; vacant housing caps arrivals and moves within the region.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..scenario.params_policy import Program
from .agents import Labour
from .ages import ADULT_AGE, PARENT_AGE, WORKING_AGE, YOUNG_CHILD_AGE
from .destinations import KIDS, STAGES, Places, choose_home, stage_of
from .kernels_households import followers, household_heads, household_roles
from .kernels_people import town_status
from .kernels_tally import count_below
from .learning import cohort_literacy
from .ledger import Account, Flow
from .services import NEUTRAL_SATISFACTION

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Migration", "MOVE_AGE_BINS", "HEAD_BINS", "STAY"]

#: A numerical guard: however unattractive a town, no one leaves with certainty in a year.
MAX_MOVE_CHANCE = 0.99
MOVE_AGE_BINS = np.array([5, 15, 20, 25, 30, 35, 40, 65])  # edges of move_rate_by_age groups
GENERATION_MONTHS = 15 * 12  # a household member this much younger than the head is a child
YOUNG_ALONE_UNTIL_YEARS = 30  # sons and daughters decide a move alone below this age
STAY = -1  # destination code of a mover who stays (refused by the housing limit)
#: Ages of arriving heads, each with its move_rate_by_age group and life stage.
#: The move_rate_by_age group of each age in years (ages beyond share the last group).
AGE_BIN_OF_YEAR = np.searchsorted(MOVE_AGE_BINS, np.arange(121), side="right")
HEAD_BINS = ((15, 20), (20, 25), (25, 30), (30, 35), (35, 40), (40, 45), (45, 65), (65, 85))
HEAD_RATE = np.searchsorted(MOVE_AGE_BINS, [lo for lo, _ in HEAD_BINS], side="right")
#: Heads of these ages may arrive as a family (a couple with children).
FAMILY_AGES = (25, 40)
#: Ages of young children, whose support a household weighs (under 6: before school).
YOUNG_CHILD_MONTHS = YOUNG_CHILD_AGE
CHILD_MONTHS = WORKING_AGE


class Migration:
    """Reads residents' labour status, wages, satisfaction, ages and households, the towns'
    ``housing_stock`` and ``amenity`` columns and childcare support; writes moves (and new
    households) through the people ledger."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.migration
        towns = model.municipalities
        lat = np.array([t.spec.lat for t in towns], dtype=np.float64)
        lon = np.array([t.spec.lon for t in towns], dtype=np.float64)
        self.places = Places(
            lat,
            lon,
            model.p.region.outside,
            self.p,
            prefecture=[t.spec.prefecture for t in towns],
            population=[t.spec.population for t in towns],
        )
        self.attractiveness = np.zeros(len(towns))
        self.head_share = np.zeros(len(HEAD_BINS))  # deciders per resident, by head age

    def start(self) -> None:
        """After synthesis: the region's deciders per resident by age, which size the
        arrivals a town of the national norm would have."""
        r = self.model.residents
        is_head, _ = household_heads(r.household, r.age_months)
        years = r.age_months[is_head] // 12
        lo = np.array([a for a, _ in HEAD_BINS])
        hi = np.array([b for _, b in HEAD_BINS])
        in_bin = (years[:, None] >= lo) & (years[:, None] < hi)
        self.head_share = in_bin.sum(0) / max(r.n, 1)
        self.attractiveness = self.compute_attractiveness()

    def compute_attractiveness(self) -> np.ndarray:
        """Each town's attractiveness against the national norm (zero)."""
        model, r, p = self.model, self.model.residents, self.p
        m = len(model.municipalities)
        pop = np.maximum(model.people.count(), 1)
        status, wage, content = town_status(
            r.municipality, r.labour, r.wage_yen, r.satisfaction, m, len(Labour), Labour.EMPLOYED
        )
        n_emp = status[:, Labour.EMPLOYED]
        force = np.maximum(status[:, Labour.UNEMPLOYED] + n_emp, 1)
        # the chance of work, capped at certainty: a labour shortage cannot draw without limit
        reach = np.minimum((n_emp + model.labour.vacancies) / force, 1.0)
        jobs = reach - (1 - model.p.firms.initial_unemployment)
        mean_wage = wage / np.maximum(n_emp, 1) / model.p.run.scale
        wage_term = mean_wage / p.reference_wage_yen - 1
        satisfaction = content / pop
        services = satisfaction - NEUTRAL_SATISFACTION
        stock = model.towns.housing_stock.astype(np.float64)
        vacant = np.maximum(stock - pop, 0) / np.maximum(stock, 1)
        housing = np.minimum(vacant - p.housing_vacancy_share, 0)  # scarcity deters
        amenity = model.towns.amenity
        return (
            p.weight_jobs * jobs
            + p.weight_wage * wage_term
            + p.weight_services * services
            + p.weight_housing * housing
            + amenity
            + model.policy.vision()
            + model.policy.appeal()
        )

    def child_yen(self, young: np.ndarray | None = None) -> np.ndarray:
        """Yen a year each town pays per young child (under 6) through childcare support:
        the program's yearly spending over its young children (``young`` agents per town,
        if already counted)."""
        model, r = self.model, self.model.residents
        m = len(model.municipalities)
        if young is None:
            young = count_below(r.municipality, r.age_months, YOUNG_CHILD_MONTHS, m)
        spend = model.policy.spend[:, model.policy.index(Program.CHILDCARE)]
        return spend / np.maximum(young * model.p.run.scale, 1)

    def child_term(self, child_yen: np.ndarray | None = None) -> np.ndarray:
        """Childcare support per young child as attractiveness: income relative to a year of
        the reference wage, weighed like wages (weight_wage); ``child_yen`` if already known."""
        p = self.p
        child_yen = self.child_yen() if child_yen is None else child_yen
        return p.weight_wage * child_yen / (12 * p.reference_wage_yen)

    def family_child_term(self, child_yen: np.ndarray | None = None) -> np.ndarray:
        """The childcare term for an arriving family: its expected young children."""
        hp = self.model.p.households
        young_per_family = hp.children_per_family * YOUNG_CHILD_MONTHS / CHILD_MONTHS
        return young_per_family * self.child_term(child_yen)

    def step(self) -> None:
        self.attractiveness = self.compute_attractiveness()
        population = self.model.people.count().astype(np.float64) * self.model.p.run.scale
        v = self.places.utilities(population, self.attractiveness, self.child_term())
        self._departures(self.places.cumulative(v))
        self._arrivals(population)

    # -- leaving --------------------------------------------------------------------------------
    def _departures(self, cum: np.ndarray) -> None:
        model, r, rng, p = self.model, self.model.residents, self.model.rng, self.p
        m = len(model.municipalities)
        hh = r.household
        n_hh = int(hh.max(initial=-1)) + 1
        # the head is the oldest member; a son or daughter of the head (a generation younger)
        # aged 18-29 decides alone; a head's household takes its young children along (0, 1, 2
        # or more) and all members but the young who decide alone
        is_head, young, deciders, small, size = household_roles(
            hh, r.age_months,
            model.p.households.leave_home_age * 12, YOUNG_ALONE_UNTIL_YEARS * 12,
            GENERATION_MONTHS, YOUNG_CHILD_MONTHS, n_hh,
        )  # fmt: skip
        town = r.municipality
        # each decider's monthly chance, looked up by age in years (one table per step)
        p_year = np.minimum(np.asarray(p.move_rate_by_age) * p.mobility, MAX_MOVE_CHANCE)
        p_month = (1 - (1 - p_year) ** (1 / 12))[AGE_BIN_OF_YEAR]
        d_years = np.minimum(r.age_months[deciders] // 12, AGE_BIN_OF_YEAR.size - 1)
        units = deciders[rng.random(deciders.size) < p_month[d_years]]
        stage = stage_of(r.age_months[units] // 12)
        kids = np.where(is_head[units], np.minimum(small[hh[units]], KIDS - 1), 0)
        rows = (stage * KIDS + kids) * m + town[units]
        flat = cum.reshape(-1, cum.shape[-1])
        places = self.places
        home = r.home_town[units].astype(np.int64)
        origin = town[units]
        home = np.where(home >= 0, places.column[origin, np.maximum(home, 0)], -1)
        column = choose_home(flat, rows.astype(np.int64), home, p.home_bonus, rng)
        dest = places.place(origin, column)
        # a move within the own town: a young adult leaves home there, a household stays put
        local = dest == town[units]
        r.household[units[local & young[units]]] = self.model.people.new_households(
            int((local & young[units]).sum())
        )
        units, dest = units[~local], dest[~local]
        # heads take their household along (but not the young who decide for themselves)
        head = is_head[units]
        dest = self._housing_limit(dest, np.where(head, size[hh[units]], 1))
        # each household's destination, looked up by household id (no sort of the population)
        dest_of = np.full(int(hh.max(initial=-1)) + 1, STAY, dtype=np.int64)
        dest_of[hh[units[head]]] = dest[head]
        # the members of a household whose head moves away follow, but the young who stay (by
        # choice, or refused by the housing limit) keep a household of their own in the town
        young_goes = np.zeros(r.n, dtype=bool)
        young_goes[units[~head & (dest != STAY)]] = True
        follow, follow_dest, stay_behind = followers(hh, is_head, young, young_goes, dest_of, STAY)
        rows = np.concatenate([units, follow])
        where = np.concatenate([dest, follow_dest])
        go = where != STAY
        own_household = np.concatenate([units[~head & (dest != STAY)], stay_behind])
        r.household[own_household] = self.model.people.new_households(own_household.size)
        rows, where = rows[go], where[go]
        inside = where < m
        moved = rows[inside]
        model.people.relocate(moved, where[inside])
        # the town one grows up in is one's home: the town of the last month begun before 15
        # (a child who moves in the month before turning 15 keeps the home of that month)
        kids = moved[r.age_months[moved] < CHILD_MONTHS - 1]
        r.home_town[kids] = r.municipality[kids]
        model.people.emigrate(rows[~inside], where[~inside] - m)

    def _housing_limit(self, dest: np.ndarray, persons: np.ndarray) -> np.ndarray:
        """Moves within the region need room: beyond the vacant places, households stay."""
        m = len(self.model.municipalities)
        free = np.maximum(self._free_housing(), 0)
        inside = dest < m
        demand = np.bincount(dest[inside], weights=persons[inside], minlength=m)
        accept = np.minimum(1.0, free / np.maximum(demand, 1))
        refused = inside & (self.model.rng.random(dest.size) >= accept[np.minimum(dest, m - 1)])
        return np.where(refused, STAY, dest)

    def _free_housing(self) -> np.ndarray:
        return self.model.towns.housing_stock - self.model.people.count()

    # -- arriving -------------------------------------------------------------------------------
    def expected_arrivals(
        self, population: np.ndarray, child_yen: np.ndarray | None = None
    ) -> np.ndarray:
        """Households a month by (head's age group, town, outside destination), before the
        housing limit: return_ratio times what a town of the national norm would send there,
        times exp(pull x attractiveness); families also weigh childcare support
        (``child_yen``, if already known)."""
        p, places = self.p, self.places
        m = places.n_towns
        zeros = np.zeros(m)
        norm = places.probabilities(places.utilities(population, zeros, zeros)[:, 0])
        to_outside = norm[:, :, -places.n_outside :]  # (stage, town, outside): last columns
        rate = np.asarray(p.move_rate_by_age)[HEAD_RATE] * p.mobility
        stage = stage_of(np.array([lo for lo, _ in HEAD_BINS]))
        ratio = np.array([getattr(p, f"return_{x}") for x in STAGES])[stage]
        per_month = ratio * self.head_share * rate / 12
        agents = population / self.model.p.run.scale
        lam = per_month[:, None, None] * agents[None, :, None] * to_outside[stage]
        single, family = self._family_split()
        pull = np.exp(p.pull * self.attractiveness)[None, :, None]
        fam = np.exp(p.pull * self.family_child_term(child_yen))[None, :, None]
        return lam * pull * (single[:, None, None] + family[:, None, None] * fam)

    def _family_split(self) -> tuple[np.ndarray, np.ndarray]:
        """Shares of arriving heads who come alone or as a couple, and as a family."""
        f = self.model.p.households.family_share
        lo = np.array([a for a, _ in HEAD_BINS])
        eligible = (lo >= FAMILY_AGES[0]) & (lo < FAMILY_AGES[1])
        family = np.where(eligible, f, 0.0)
        return 1 - family, family

    def _arrivals(self, population: np.ndarray) -> None:
        model, r, rng = self.model, self.model.residents, self.model.rng
        hp = model.p.households
        child_yen = self.child_yen()  # once for the month's arrivals
        lam = self.expected_arrivals(population, child_yen)  # (bin, town, outside)
        n_hh = rng.poisson(lam)
        # vacant housing caps arrivals: a town's households beyond its room are not drawn
        room = np.maximum(self._free_housing(), 0) / (1 + hp.family_share * hp.children_per_family)
        wanted = n_hh.sum(axis=(0, 2))
        over = wanted > np.floor(room)
        if over.any():
            keep = np.floor(room[over]).astype(np.int64)
            for town, k in zip(np.nonzero(over)[0], keep, strict=True):  # towns (few), not people
                cells = n_hh[:, town, :].ravel()
                kept = rng.multivariate_hypergeometric(cells, int(k)) if k > 0 else cells * 0
                n_hh[:, town, :] = kept.reshape(n_hh.shape[0], n_hh.shape[2])
        total = int(n_hh.sum())
        if total == 0:
            return
        cells = np.repeat(np.arange(n_hh.size), n_hh.ravel())
        group, town, origin = np.unravel_index(cells, n_hh.shape)
        lo, hi = np.array(HEAD_BINS).T[:, group]
        head_age = rng.integers(lo * 12, hi * 12).astype(np.int32)
        head_sex = (rng.random(total) < 0.5).astype(np.int8)  # heads: men or women alike
        hh_ids = self.model.people.new_households(total)
        single, family = self._family_split()
        fam = np.exp(self.p.pull * self.family_child_term(child_yen))[town]
        p_family = family[group] * fam / (single[group] + family[group] * fam)
        is_family = rng.random(total) < p_family
        n_children = np.where(is_family, rng.poisson(hp.children_per_family, total), 0)
        fam_rows = np.nonzero(is_family)[0]
        spouse_age = np.maximum(
            head_age[fam_rows] + rng.integers(-36, 37, fam_rows.size), ADULT_AGE
        ).astype(np.int32)
        kid_of = np.repeat(np.arange(total), n_children)
        kid_age = rng.integers(
            0, np.minimum(CHILD_MONTHS, np.maximum(head_age[kid_of] - PARENT_AGE, 1))
        ).astype(np.int32)
        ages = np.concatenate([head_age, spouse_age, kid_age])
        girls = rng.random(kid_of.size) < model.p.demography.share_female_at_birth
        sex = np.concatenate([head_sex, 1 - head_sex[fam_rows], girls.astype(np.int8)])
        home = np.concatenate([town, town[fam_rows], town[kid_of]])
        came_from = np.concatenate([origin, origin[fam_rows], origin[kid_of]])
        household = np.concatenate([hh_ids, hh_ids[fam_rows], hh_ids[kid_of]])
        n = ages.size
        draw = rng.random(n).astype(np.float32)
        in_force = draw < model.labour.participation(ages)
        labour = np.where(
            ages < WORKING_AGE, Labour.CHILD, np.where(in_force, Labour.UNEMPLOYED, Labour.INACTIVE)
        )
        rows = r.append(
            n,
            municipality=home,
            home_town=np.where(ages < CHILD_MONTHS, home, -1),
            household=household,
            sex=sex,
            age_months=ages,
            labour=labour,
            labour_draw=draw,
            digital_literacy=cohort_literacy(ages, model.p.learning, rng),
        )
        adults = rows[ages >= ADULT_AGE]
        model.ledger.transfer(
            Flow.MIGRATION_SAVINGS,
            Account.OUTSIDE,
            Account.RESIDENT,
            self.p.savings_in_yen * model.p.run.scale,
            0,
            adults,
        )
        model.people.arrived(rows, came_from)
