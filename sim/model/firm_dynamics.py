"""Firm entry and exit.

Firms close after a run of loss-making months, or by a small base hazard (not a town
company, which closes only on losses); their workers become
unemployed, their cash goes to their owners and overdrafts are written off by Outside creditors.
New firms open in proportion to a town's firms, its attractiveness and the room in its market
(residents per firm against the start: a shrinking town sees fewer), in a sector drawn by the
sectors' job shares, with start-up money from Outside investors and the sales of
``entrant_size_share`` (half) of the sector's mean size expected; a town's experiment field
draws tech start-ups besides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..scenario.params_policy import Program
from .agents import Sector
from .kernels_people import closed_jobs
from .ledger import Account, Flow

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["FirmDynamics"]


class FirmDynamics:
    """Reads losses, attractiveness; writes the firm table (and ends jobs of closing firms)."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.firms
        self.entries = np.zeros(len(model.municipalities), dtype=np.int64)
        self.exits = np.zeros(len(model.municipalities), dtype=np.int64)
        self.residents_per_firm_start = np.ones(len(model.municipalities))

    def remember_start(self) -> None:
        """Keep each town's residents per firm at the start: the yardstick of market room."""
        self.residents_per_firm_start = self._residents_per_firm()

    def _residents_per_firm(self) -> np.ndarray:
        m = len(self.model.municipalities)
        residents = self.model.people.count()  # kept current by the people ledger
        firms = np.bincount(self.model.firms.municipality, minlength=m)
        return residents / np.maximum(firms, 1)

    def step(self) -> None:
        self.model.firms.age_months[:] += 1
        self._exits()
        self._entries()

    def _exits(self) -> None:
        model, f, r, rng = self.model, self.model.firms, self.model.residents, self.model.rng
        public = f.sector == Sector.TOWN_COMPANY  # closes only on losses, not by chance
        closing = (f.months_in_loss >= self.p.loss_months_to_exit) | (
            ~public & (rng.random(f.n) < self.p.exit_rate / 12)
        )
        rows = np.nonzero(closing)[0]
        self.exits = np.bincount(f.municipality[rows], minlength=self.exits.size)
        if rows.size == 0:
            return
        cash = f.cash_yen[rows]
        model.money.pay_owners(Flow.FIRM_CLOSURE, rows, np.maximum(cash, 0))
        model.ledger.transfer(
            Flow.WRITE_OFF, Account.OUTSIDE, Account.FIRM, np.maximum(-cash, 0), 0, rows
        )
        # the closing firms' workers lose their jobs (counted off at the old rows), the other
        # firms' workers follow their firm to its row after the closed ones leave
        new_row = f.new_rows(~closing)
        model.people.end_jobs(closed_jobs(r.employer_type, r.employer, closing, new_row))
        f.keep(~closing)

    def _entries(self) -> None:
        model, f, rng, scale = self.model, self.model.firms, self.model.rng, self.model.p.run.scale
        m = len(model.municipalities)
        n_firms = np.bincount(f.municipality, minlength=m)
        room = self._residents_per_firm() / np.maximum(self.residents_per_firm_start, 1e-9)
        lam = (
            self.p.entry_rate
            / 12
            * np.maximum(n_firms, 1)
            * np.exp(self.p.entry_sensitivity * model.migration.attractiveness)
            * room**self.p.entry_market_elasticity
        )
        count = rng.poisson(lam)
        field = model.policy.effect(Program.EXPERIMENT_FIELD)
        startups = rng.poisson(model.p.policy.startups_per_year / 12 * field / scale)
        self.entries = count + startups
        total = int(count.sum()) + int(startups.sum())
        if total == 0:
            return
        table = model.sectors
        share = table.job_share / table.job_share.sum()
        sector = np.concatenate(
            [
                rng.choice(share.size, size=int(count.sum()), p=share),
                np.full(int(startups.sum()), int(Sector.TECH_STARTUP)),
            ]
        )
        size = table.mean_employees[sector] * self.p.entrant_size_share
        expected = size * table.productivity_yen[sector] * scale
        rows = f.append(
            total,
            municipality=np.concatenate(
                [np.repeat(np.arange(m), count), np.repeat(np.arange(m), startups)]
            ),
            sector=sector,
            productivity_yen=table.productivity_yen[sector],
            expected_demand_yen=expected,
            demand_yen=np.floor(expected).astype(np.int64),
            export_demand_yen=np.floor(expected * table.export_share[sector]).astype(np.int64),
            capital_yen=np.floor(size * table.capital_per_worker_yen[sector] * scale).astype(
                np.int64
            ),
            local_owner=rng.random(total) < self.p.local_owner_share,
            digital=rng.random(total) < model.p.policy.firm_digital_share_start,
        )
        start_up = np.floor(
            size * table.wage_yen[sector] * scale * model.p.trade.cash_buffer_months
        ).astype(np.int64)
        model.ledger.transfer(Flow.INVESTMENT, Account.OUTSIDE, Account.FIRM, start_up, 0, rows)
