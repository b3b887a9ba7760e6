"""The people ledger: every birth, death and move goes through here, and is counted.

Mechanisms request; this ledger resolves: it settles the money of those who leave (bequests to
a surviving household member or to Outside, savings carried out by emigrants), ends their jobs,
removes their rows (the last rows fill the gaps) and records births, deaths and moves by
municipality and age group. ``check`` recounts the population from the columns and compares it with
``previous + births - deaths + moves_in - moves_out`` for every municipality, exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .agents import Employer, Labour
from .kernels import scatter_add
from .kernels_households import by_town_and_household, heirs
from .kernels_tally import count_rows
from .ledger import Account, ConservationError, Flow

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["PeopleLedger", "age_group", "AGE_GROUPS", "MOVE_GROUPS"]

AGE_GROUPS = ("0_14", "15_64", "65_plus")
#: Movers are recorded by 5-year age group 0-4, 5-9, ..., 80-84 and 85+ (the lower bounds).
MOVE_GROUPS = tuple(range(0, 90, 5))


def age_group(age_months: np.ndarray) -> np.ndarray:
    """0 for ages 0-14, 1 for 15-64, 2 for 65 and over."""
    years = np.asarray(age_months) // 12
    return (years >= 15).astype(np.int64) + (years >= 65).astype(np.int64)


def _place_columns(what: str, values, names, origin, dest) -> dict:
    """``origin_<what>`` and ``destination_<what>`` as categoricals ('' where unknown)."""
    import pandas as pd

    values = list(values) if values is not None else [""] * len(names)
    kinds = sorted(set(values))
    code = np.array([kinds.index(v) for v in values], dtype=np.int64)
    return {
        f"origin_{what}": pd.Categorical.from_codes(code[origin], kinds),
        f"destination_{what}": pd.Categorical.from_codes(code[dest], kinds),
    }


class PeopleLedger:
    """Counts of births, deaths and moves (in agents; KPIs multiply by ``scale``)."""

    def __init__(self, model: RegionModel, n_municipalities: int) -> None:
        self.model = model
        self.m = n_municipalities
        self.next_household = -1  # above every household id in use (set on first need)
        self.verified = False  # the running count was checked against a recount since a change
        self.births = np.zeros(n_municipalities, dtype=np.int64)
        self.deaths = np.zeros((3, n_municipalities), dtype=np.int64)
        self.moves_in = np.zeros((3, n_municipalities), dtype=np.int64)
        self.moves_out = np.zeros((3, n_municipalities), dtype=np.int64)
        self.young_in = np.zeros(n_municipalities, dtype=np.int64)  # movers aged 20-29
        self.young_out = np.zeros(n_municipalities, dtype=np.int64)
        self.prime_in = np.zeros(n_municipalities, dtype=np.int64)  # movers aged 20-49
        self.prime_out = np.zeros(n_municipalities, dtype=np.int64)
        k = len(model.p.region.outside)
        self.from_place = np.zeros((k, n_municipalities), dtype=np.int64)  # by destination
        self.to_place = np.zeros((k, n_municipalities), dtype=np.int64)
        self.moves: list[np.ndarray] = []  # this step's moves, coded (see _code)
        self.od: list[tuple[int, np.ndarray, np.ndarray]] = []  # (step, codes, counts)
        # agents per town, kept current by every request below (recounted each step)
        self.population = self.recount()
        self.previous = self.count()

    @property
    def from_outside(self) -> np.ndarray:
        return self.from_place.sum(0)

    @property
    def to_outside(self) -> np.ndarray:
        return self.to_place.sum(0)

    def recount(self) -> np.ndarray:
        """Agents per town counted from the resident table."""
        return count_rows(self.model.residents.municipality, self.m)

    def count(self) -> np.ndarray:
        """Agents per town now (a copy of the running count: no pass over the residents)."""
        return self.population.copy()

    def sort_rows(self) -> None:
        """Put residents in order of town and household (housekeeping, no meaning: rows
        carry none, 7.12). Removals fill gaps with the last rows and newcomers are appended,
        so a town's and a household's rows drift apart; mechanisms that read them together
        (heads, town sums, postings) run about a third faster on sorted rows."""
        r = self.model.residents
        # households numbered anew 0 .. H-1 in the order of their ids: ids keep their order
        # (and so every draw its row), but tables by household id stop growing with the
        # households that ever were
        in_use = np.zeros(int(r.household.max(initial=-1)) + 1, dtype=np.int64)
        in_use[r.household] = 1
        r.household[:] = (np.cumsum(in_use) - 1)[r.household]
        self.next_household = int(in_use.sum())
        r.reorder(by_town_and_household(r.municipality, r.household, self.m, self.next_household))

    def new_households(self, n: int) -> np.ndarray:
        """Ids for ``n`` new households, above every id in use."""
        if self.next_household < 0:
            self.next_household = int(self.model.residents.household.max(initial=-1)) + 1
        ids = np.arange(self.next_household, self.next_household + n, dtype=np.int64)
        self.next_household += n
        return ids

    def begin_step(self) -> None:
        if not self.verified:  # also counts rows written outside the requests (synthesis)
            self.population = self.recount()
        self.verified = False
        self.previous = self.count()
        for arr in (self.births, self.deaths, self.moves_in, self.moves_out):
            arr[...] = 0
        for arr in (
            self.young_in,
            self.young_out,
            self.prime_in,
            self.prime_out,
            self.from_place,
            self.to_place,
        ):
            arr[...] = 0
        self.moves = []

    # -- moves between places (towns 0..m-1, outside destinations m..) -------------------------
    def _places(self) -> int:
        return self.m + self.from_place.shape[0]

    def _code(self, origin: np.ndarray, dest: np.ndarray, rows: np.ndarray) -> None:
        """Note this step's moves as one integer each: (origin, destination, age group)."""
        group = np.minimum(self.model.residents.age_months[rows] // 60, len(MOVE_GROUPS) - 1)
        places = self._places()
        self.moves.append((origin * places + dest) * len(MOVE_GROUPS) + group)

    def close_step(self, step: int) -> None:
        """Keep this step's moves as counts per (origin, destination, age group)."""
        if self.moves:
            codes, counts = np.unique(np.concatenate(self.moves), return_counts=True)
            self.od.append((step, codes, counts))

    def od_frame(
        self,
        names: list[str],
        scale: int,
        prefecture: list[str] | None = None,
        area: list[str] | None = None,
    ):
        """The tidy table of moves: step, origin, destination, age group, persons; with each
        place's prefecture and area (a metropolitan area, ``other``, or the outside place),
        so that flows between prefectures and into the metropolises are one groupby away."""
        import pandas as pd

        places = self._places()
        steps = [np.full(c.size, s, dtype=np.int64) for s, c, _ in self.od]
        codes = np.concatenate([c for _, c, _ in self.od]) if self.od else np.zeros(0, int)
        counts = np.concatenate([n for _, _, n in self.od]) if self.od else np.zeros(0, int)
        pair, group = np.divmod(codes, len(MOVE_GROUPS))
        origin, dest = np.divmod(pair, places)
        label = np.array(names, dtype=object)
        return pd.DataFrame(
            {
                "step": np.concatenate(steps) if steps else np.zeros(0, np.int64),
                "origin": label[origin],
                "destination": label[dest],
                "age_group": np.asarray(MOVE_GROUPS)[group],
                "persons": counts.astype(np.int64) * scale,
                **_place_columns("prefecture", prefecture, names, origin, dest),
                **_place_columns("area", area, names, origin, dest),
            }
        )

    def _tally(self, table: np.ndarray, rows: np.ndarray, where: np.ndarray) -> None:
        r = self.model.residents
        np.add.at(table, (age_group(r.age_months[rows]), where), 1)
        if table is self.moves_in or table is self.moves_out:
            inward = table is self.moves_in
            years = r.age_months[rows] // 12
            young = (years >= 20) & (years < 30)
            prime = (years >= 20) & (years < 50)
            np.add.at(self.young_in if inward else self.young_out, where[young], 1)
            np.add.at(self.prime_in if inward else self.prime_out, where[prime], 1)

    # -- requests resolved ------------------------------------------------------------------
    def _add(self, towns: np.ndarray, sign: int) -> None:
        self.population += sign * np.bincount(towns, minlength=self.m)

    def born(self, rows: np.ndarray) -> None:
        town = self.model.residents.municipality[rows]
        self.births += np.bincount(town, minlength=self.m)
        self._add(town, +1)

    def arrived(self, rows: np.ndarray, came_from: np.ndarray) -> None:
        """Rows just appended for people arriving from outside destination ``came_from``
        (savings already booked)."""
        town = self.model.residents.municipality[rows].astype(np.int64)
        self._tally(self.moves_in, rows, town)
        np.add.at(self.from_place, (came_from, town), 1)
        self._add(town, +1)
        self._code(self.m + came_from, town, rows)

    def relocate(self, rows: np.ndarray, dest: np.ndarray) -> None:
        """Moves between municipalities of the region; jobs out of reach end."""
        model, r = self.model, self.model.residents
        if rows.size == 0:
            return
        origin = r.municipality[rows].astype(np.int64)
        self._tally(self.moves_out, rows, origin)
        self._tally(self.moves_in, rows, dest)
        self._code(origin, dest, rows)
        r.municipality[rows] = dest
        self._add(origin, -1)
        self._add(dest, +1)
        et = r.employer_type[rows]
        at_firm = et == Employer.FIRM
        firm_home = dest.copy()  # the employer column holds a town index for town-hall staff
        firm_home[at_firm] = model.firms.municipality[r.employer[rows][at_firm]]
        lose = (at_firm & ~model.neighbours.within_reach(dest, firm_home)) | (
            et == Employer.MUNICIPALITY
        )
        self.end_jobs(rows[lose])

    def emigrate(self, rows: np.ndarray, place: np.ndarray) -> None:
        """People who move to outside destination ``place`` (an index of region.outside)."""
        if rows.size == 0:
            return
        home = self.model.residents.municipality[rows].astype(np.int64)
        np.add.at(self.to_place, (place, home), 1)
        self._code(home, self.m + place, rows)
        self.leave(rows, death=False)

    def leave(self, rows: np.ndarray, death: bool) -> None:
        """People who die or emigrate (``emigrate`` says where): settle their money, then
        remove them."""
        _model, r, ledger = self.model, self.model.residents, self.model.ledger
        if rows.size == 0:
            return
        self.end_jobs(rows)
        home = r.municipality[rows].astype(np.int64)
        self._add(home, -1)
        if death:
            self._tally(self.deaths, rows, home)
            self._bequeath(rows)
        else:
            self._tally(self.moves_out, rows, home)
            savings = np.maximum(r.savings_yen[rows], 0)
            ledger.transfer(
                Flow.MIGRATION_SAVINGS, Account.RESIDENT, Account.OUTSIDE, savings, rows
            )
        debt = np.maximum(-r.savings_yen[rows], 0)  # overdrafts are written off by Outside
        ledger.transfer(Flow.WRITE_OFF, Account.OUTSIDE, Account.RESIDENT, debt, 0, rows)
        r.drop(rows)  # residents are found by id, never by a stored row

    def _bequeath(self, rows: np.ndarray) -> None:
        """Savings go to a surviving member of the household, else to heirs in Outside."""
        r, ledger = self.model.residents, self.model.ledger
        heir = heirs(r.household, rows)  # the first surviving member of the household
        amount = np.maximum(r.savings_yen[rows], 0)
        local = heir >= 0
        ledger.transfer(
            Flow.BEQUEST,
            Account.RESIDENT,
            Account.RESIDENT,
            amount[local],
            rows[local],
            heir[local],
        )
        ledger.transfer(
            Flow.BEQUEST, Account.RESIDENT, Account.OUTSIDE, amount[~local], rows[~local]
        )

    def end_jobs(self, rows: np.ndarray) -> None:
        """Jobs end (quit, laid off, moved away, left the labour force): keeps counts current."""
        if rows.size == 0:
            return
        r, f = self.model.residents, self.model.firms
        kind = r.employer_type[rows]
        scatter_add(f.employees, r.employer[rows[kind == Employer.FIRM]], -1)
        scatter_add(
            self.model.labour.hall_staff, r.employer[rows[kind == Employer.MUNICIPALITY]], -1
        )
        r.employer_type[rows] = Employer.NONE
        r.employer[rows] = -1
        r.wage_yen[rows] = 0
        r.remote_worker[rows] = False
        r.labour[rows] = np.where(
            r.labour[rows] == Labour.EMPLOYED, Labour.UNEMPLOYED, r.labour[rows]
        )

    # -- identity --------------------------------------------------------------------------------
    def check(self, step: int) -> None:
        now = self.recount()
        self.verified = bool((now == self.population).all())  # the next step need not recount
        if not self.verified:
            i = int(np.nonzero(now != self.population)[0][0])
            raise ConservationError(
                step,
                "people",
                int(now[i] - self.population[i]),
                f"running count of {self.model.municipalities[i].key}",
            )
        expected = (
            self.previous
            + self.births
            - self.deaths.sum(0)
            + self.moves_in.sum(0)
            - self.moves_out.sum(0)
        )
        bad = np.nonzero(now != expected)[0]
        if bad.size:
            i = int(bad[0])
            name = self.model.municipalities[i].key
            raise ConservationError(
                step, "people", int(now[i] - expected[i]), f"municipality {name}"
            )
