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
from .ages import OLD_AGE
from .kernels_tally import count_below
from .kernels_trade import firm_orders, spending
from .ledger import Account, Flow
from .shares import apportion, split_by_weight, sum_by

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Trade"]


class Trade:
    """Reads residents' wages, ages and savings, firms' capacity and expected demand, and the
    towns' ``budget_services`` and ``budget_investment`` columns; writes firms' demand and
    sales, and every payment through the ledger (residents' through their town's purse)."""

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

    def _residents(self) -> None:
        """Each resident pays this month's spending once into the town's purse; the purse
        buys from the town's firms (``local_share``), from the neighbouring towns' firms
        (``neighbour_share``, split over the neighbours by their market size) and online from
        Outside (the rest, and whatever firms at capacity cannot sell)."""
        model, r, p = self.model, self.model.residents, self.p
        n_towns = len(model.municipalities)
        taxes = model.p.taxes
        buyers, spend, local, nearby = spending(
            r.wage_yen,
            r.age_months,
            r.savings_yen,
            r.municipality,
            1 - taxes.income_tax_rate - taxes.resident_tax_rate,
            taxes.pension_yen * model.p.run.scale,
            OLD_AGE,
            p.consumption_share,
            p.savings_spend_rate,
            p.local_share,
            p.neighbour_share,
            n_towns,
        )
        model.ledger.pool(Account.RESIDENT, buyers, spend)
        online = model.ledger.clearing - local - nearby
        sells = model.sectors.sells_to_residents[model.firms.sector]
        size = self._size_by_town(sells)
        towns = np.arange(n_towns)
        unmet = self._pool_orders(towns, towns, local, sells)
        nb = model.neighbours
        edge = split_by_weight(nearby, size[nb.targets], nb.sources, n_towns)
        unmet += nearby - sum_by(nb.sources, edge, n_towns)  # towns with no neighbour to buy in
        unmet += self._pool_orders(nb.sources, nb.targets, edge, sells)
        model.ledger.pay_from_pool(
            Flow.ONLINE_PURCHASE,
            Account.RESIDENT,
            towns,
            np.full(n_towns, -1),
            online + unmet,
            Account.OUTSIDE,
            np.zeros(n_towns, np.int64),
            online + unmet,
        )

    def _pool_orders(
        self,
        buyer_town: np.ndarray,
        seller_town: np.ndarray,
        amount: np.ndarray,
        mask: np.ndarray,
    ) -> np.ndarray:
        """Residents' purses buy ``amount[k]`` from the firms of ``mask`` in ``seller_town[k]``,
        split over them by market share; returns what each buyer town could not buy."""
        model, f = self.model, self.model.firms
        n_towns = len(model.municipalities)
        if not amount.any():  # nothing to buy (no neighbours, say): no orders
            return np.zeros(n_towns, dtype=np.int64)
        demand = sum_by(seller_town, amount, n_towns)  # what each seller town is asked
        rows = np.nonzero(mask)[0]
        firm_town = f.municipality[rows]
        orders = split_by_weight(demand, self.market_weight()[rows], firm_town, n_towns)
        f.demand_yen[rows] += orders
        paid = np.minimum(orders, np.maximum(self.remaining[rows], 0))
        self.remaining[rows] -= paid
        sold = sum_by(firm_town, paid, n_towns)  # by seller town
        from_each = apportion(sold[seller_town], amount, seller_town)
        model.ledger.pay_from_pool(
            Flow.CONSUMPTION,
            Account.RESIDENT,
            buyer_town,
            seller_town,
            from_each,
            Account.FIRM,
            rows,
            paid,
        )
        return sum_by(buyer_town, amount - from_each, n_towns)

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
        if not pool.any():  # nothing to buy this month (no project, no program): no orders
            return np.zeros(pool.size, dtype=np.int64)
        f = self.model.firms
        rows, amount, unmet = firm_orders(  # orders by market weight (market_weight)
            pool, mask, f.municipality, f.expected_demand_yen, f.employees,
            f.productivity_yen, self.model.p.run.scale, self.remaining, f.demand_yen,
        )  # fmt: skip
        self.model.ledger.sale(kind, payer, payer_of_town[f.municipality[rows]], rows, amount)
        return unmet

    def _insurance(self) -> None:
        model, r = self.model, self.model.residents
        n, scale = model.p.nation, model.p.run.scale
        everyone = model.people.count()
        old = everyone - count_below(r.municipality, r.age_months, OLD_AGE, everyone.size)
        spend = (old * n.health_65_plus_yen + (everyone - old) * n.health_under_65_yen) * scale
        spend = np.asarray(spend, dtype=np.int64)
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
        monthly = (model.towns.budget_services + model.towns.budget_investment) // 12
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
