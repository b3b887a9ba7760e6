"""Production and trade: who buys what from whom, and what leaks out of the region.

Firms produce to order up to their capacity (employees x productivity). First each firm
updates the demand it expects from last month's orders (all of them, also those placed after
trade by IT, gifts and programs). Buyers, in order: residents (own town, a neighbouring town,
or Outside online), national health and care insurance (local providers or Outside
hospitals), the town hall's procurement (local firms or Outside vendors), and Outside's demand
for exports; they choose firms by market weight (expected demand, up to what the firm can
make). What residents, insurance and the town hall cannot buy from a firm at capacity they buy
from Outside; unmet export demand lapses. Inputs are paid in the money step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .agents import Sector
from .choice import choose_weighted
from .ledger import Account, Flow

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Trade", "net_income"]


def net_income(model: RegionModel) -> np.ndarray:
    """Each resident's monthly income after income and resident tax, plus pension."""
    r, t, scale = model.residents, model.p.taxes, model.p.run.scale
    wage = r.wage_yen.astype(np.float64)
    pension = np.where(r.age_months >= 65 * 12, t.pension_yen * scale, 0)
    return wage * (1 - t.income_tax_rate - t.resident_tax_rate) + pension


class Trade:
    """Reads incomes, capacities, budgets; writes sales through the ledger."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.trade
        self.remaining = np.zeros(0, dtype=np.int64)

    def step(self) -> None:
        model, f = self.model, self.model.firms
        w = self.p.expectation_weight  # last month's orders, all of them, shape expectations
        f.expected_demand_yen[:] = (1 - w) * f.expected_demand_yen + w * f.demand_yen
        f.sales_yen[:] = 0
        f.demand_yen[:] = 0
        scale = model.p.run.scale
        self.remaining = f.employees.astype(np.int64) * f.productivity_yen * scale
        self._residents()
        self._insurance()
        self._procurement()
        self._exports()

    # -- buyers ---------------------------------------------------------------------------------
    def _sell(self, kind: Flow, buyer: Account, buyer_rows, firm_rows, amount) -> np.ndarray:
        """Sell to chosen firms within their remaining capacity; returns what was unmet."""
        demand = np.bincount(firm_rows, weights=amount, minlength=self.remaining.size)
        self.model.firms.demand_yen[:] += demand.astype(np.int64)
        ratio = np.minimum(1.0, self.remaining / np.maximum(demand, 1.0))
        paid = np.floor(amount * ratio[firm_rows]).astype(np.int64)
        self.model.ledger.sale(kind, buyer, buyer_rows, firm_rows, paid)
        self.remaining -= np.bincount(
            firm_rows, weights=paid, minlength=self.remaining.size
        ).astype(np.int64)
        return amount - paid

    def market_weight(self) -> np.ndarray:
        """A firm's pull on buyers: its expected demand, but no more than it can make (one
        worker's worth for a firm still hiring its first): orders it cannot meet do not win it
        customers, so no firm snowballs on unmet orders."""
        f = self.model.firms
        can_make = np.maximum(f.employees, 1.0) * f.productivity_yen * self.model.p.run.scale
        return np.minimum(f.expected_demand_yen, can_make)

    def _size_by_town(self, mask: np.ndarray) -> np.ndarray:
        """Market weight of the firms of ``mask`` in each town: their market size."""
        f = self.model.firms
        return np.bincount(
            f.municipality[mask],
            weights=self.market_weight()[mask],
            minlength=len(self.model.municipalities),
        )

    def _pick_firm(self, mask: np.ndarray, towns: np.ndarray) -> np.ndarray:
        """A firm of ``mask`` in each given town, weighted by its market share (-1: none)."""
        f = self.model.firms
        rows = np.nonzero(mask)[0]
        if rows.size == 0:  # no such firm anywhere: every buyer goes without
            return np.full(towns.size, -1, dtype=np.int64)
        pick = choose_weighted(
            f.municipality[rows].astype(np.int64),
            self.market_weight()[rows],
            towns,
            self.model.rng,
            len(self.model.municipalities),
        )
        return np.where(pick >= 0, rows[np.maximum(pick, 0)], -1)

    def _residents(self) -> None:
        model, r, p = self.model, self.model.residents, self.p
        income = net_income(model)
        savings = np.maximum(r.savings_yen, 0)
        spend = p.consumption_share * income + p.savings_spend_rate * savings
        spend = np.floor(np.minimum(spend, savings + income)).astype(np.int64)
        buyers = np.nonzero(spend > 0)[0]
        spend = spend[buyers]
        local = np.floor(spend * p.local_share).astype(np.int64)
        nearby = np.floor(spend * p.neighbour_share).astype(np.int64)
        leak = spend - local - nearby
        sells = model.sectors.sells_to_residents[model.firms.sector]
        town = r.municipality[buyers].astype(np.int64)
        firm = self._pick_firm(sells, town)
        ok = firm >= 0
        leak[ok] += self._sell(Flow.CONSUMPTION, Account.RESIDENT, buyers[ok], firm[ok], local[ok])
        leak[~ok] += local[~ok]
        nb = model.neighbours
        size = self._size_by_town(sells)
        edge = (
            choose_weighted(nb.sources, size[nb.targets], town, model.rng, nb.degree.size)
            if nb.targets.size
            else np.full(town.size, -1)
        )
        other = np.where(edge >= 0, nb.targets[np.maximum(edge, 0)] if nb.targets.size else -1, -1)
        firm = np.where(other >= 0, self._pick_firm(sells, np.maximum(other, 0)), -1)
        ok = firm >= 0
        leak[ok] += self._sell(Flow.CONSUMPTION, Account.RESIDENT, buyers[ok], firm[ok], nearby[ok])
        leak[~ok] += nearby[~ok]
        model.ledger.transfer(Flow.ONLINE_PURCHASE, Account.RESIDENT, Account.OUTSIDE, leak, buyers)

    def it_vendor_mask(self) -> np.ndarray:
        return self.model.firms.sector == Sector.IT_VENDOR

    def sell_to_town_firms(self, kind: Flow, pool: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The town hall of each town buys ``pool`` yen from its eligible firms; returns unmet."""
        towns = np.arange(pool.size)
        return self._pool_to_firms(kind, Account.MUNICIPALITY, towns, pool, mask)

    def _pool_to_firms(
        self, kind: Flow, payer: Account, payer_of_town, pool: np.ndarray, mask
    ) -> np.ndarray:
        """Split each town's pool over its eligible firms by market share; returns unmet."""
        f = self.model.firms
        rows = np.nonzero(mask)[0]
        size = self._size_by_town(mask)
        share = self.market_weight()[rows] / np.maximum(size[f.municipality[rows]], 1.0)
        orders = np.floor(pool[f.municipality[rows]] * share).astype(np.int64)
        f.demand_yen[rows] += orders
        amount = np.minimum(orders, np.maximum(self.remaining[rows], 0))
        payer_rows = payer_of_town[f.municipality[rows]]
        self.model.ledger.sale(kind, payer, payer_rows, rows, amount)
        self.remaining[rows] -= amount
        return pool - np.bincount(f.municipality[rows], weights=amount, minlength=pool.size).astype(
            np.int64
        )

    def _insurance(self) -> None:
        model, r = self.model, self.model.residents
        n, scale = model.p.nation, model.p.run.scale
        per_person = np.where(r.age_months >= 65 * 12, n.health_65_plus_yen, n.health_under_65_yen)
        spend = np.bincount(
            r.municipality, weights=per_person * scale, minlength=len(model.municipalities)
        ).astype(np.int64)
        local = np.floor(spend * self.p.health_local_share).astype(np.int64)
        mask = model.sectors.sells_to_insurance[model.firms.sector]
        unmet = self._pool_to_firms(
            Flow.HEALTH_INSURANCE, Account.NATION, np.zeros(spend.size, np.int64), local, mask
        )
        model.ledger.transfer(
            Flow.HEALTH_INSURANCE,
            Account.NATION,
            Account.OUTSIDE,
            int((spend - local + unmet).sum()),
        )

    def _procurement(self) -> None:
        model = self.model
        share = model.p.fiscal.procurement_local_share
        monthly = np.array(
            [(m.budget.services + m.budget.investment) // 12 for m in model.municipalities],
            dtype=np.int64,
        )
        local = np.floor(monthly * share).astype(np.int64)
        mask = model.sectors.sells_to_municipality[model.firms.sector]
        towns = np.arange(monthly.size)
        unmet = self._pool_to_firms(Flow.PROCUREMENT, Account.MUNICIPALITY, towns, local, mask)
        model.ledger.transfer(
            Flow.PROCUREMENT, Account.MUNICIPALITY, Account.OUTSIDE, monthly - local + unmet, towns
        )

    def _exports(self) -> None:
        f = self.model.firms
        f.demand_yen[:] += f.export_demand_yen
        amount = np.minimum(f.export_demand_yen, np.maximum(self.remaining, 0))
        rows = np.nonzero(amount > 0)[0]
        self.model.ledger.sale(Flow.EXPORT, Account.OUTSIDE, 0, rows, amount[rows])
        self.remaining[rows] -= amount[rows]
