"""Vendors of municipal core systems: engineers that migration projects compete for, and a
price that follows how busy they are.

Each vendor (a ``mesa.Agent``) runs the systems of its customer towns. Its engineers for
migrations are ``capacity`` times those that would finish its running projects if each
project's work were spread evenly over its planned months. Each month its projects ask for the
engineers that finish their remaining work by their horizon (the deadline; after it, the
extended deadline); it serves them in its queue order (drawn at the start) until its engineers
run out. Its price index moves a share ``price_rate`` of the way towards
``1 + price_response x max(asked / engineers - 1, 0)``: busier than it can serve, it charges
more, for migration work and for the operation contracts signed meanwhile (a town signs at the
price of the month its last function moves, for ``contract_years``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Vendor", "serve"]


def serve(asked: np.ndarray, order: np.ndarray, engineers: float) -> np.ndarray:
    """Engineer-months given to each project: in ``order``, each its ask, until the vendor's
    ``engineers`` run out (the last served gets what is left)."""
    given = np.zeros_like(asked, dtype=float)
    queue = asked[order]
    before = np.concatenate([[0.0], np.cumsum(queue)[:-1]])
    given[order] = np.clip(engineers - before, 0.0, queue)
    return given


class Vendor(mesa.Agent):
    """A vendor: its customers, engineers, queue and price index."""

    def __init__(self, model: RegionModel, idx: int, key: str, spec) -> None:
        super().__init__(model)
        self.idx, self.key, self.spec = idx, key, spec
        self.engineers = 0.0  # engineer-months a month it puts on its customers' migrations
        self.price = 1.0
        self.asked = 0.0  # engineer-months its projects asked for this month
        self.given = 0.0  # and got

    @property
    def utilization(self) -> float:
        """Engineers asked for over engineers it has (1 when exactly busy; 0 with none)."""
        return self.asked / self.engineers if self.engineers > 0 else 0.0

    def reprice(self, rate: float, response: float) -> None:
        target = 1.0 + response * max(self.utilization - 1.0, 0.0)
        self.price += rate * (target - self.price)
