"""Public services: what the town hall delivers and how satisfied residents are.

The service level of a town is its services budget against the budget's aim for its current
population, times its staffing against the staff target. Residents who can do procedures online
(literate adults, where the town offers them) gain a little. Satisfaction moves part of the way
to its target each month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Services"]


class Services:
    """Reads budgets, staff, literacy; writes service level, online use and satisfaction."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.services
        m = len(model.municipalities)
        self.level = np.ones(m)
        self.online_share = np.array([x.online_share for x in model.municipalities])

    def step(self) -> None:
        model, r, p = self.model, self.model.residents, self.p
        scale = model.p.run.scale
        pop = model.people.count() * scale
        aim = model.p.fiscal.services_per_capita_yen * np.maximum(pop, 1)
        budget = np.array([m.budget.services for m in model.municipalities], dtype=np.float64)
        target = np.array(
            [m.staff_target(int(n)) for m, n in zip(model.municipalities, pop, strict=True)]
        )
        staffing = np.minimum(model.labour.staff() * scale / np.maximum(target, 1), 1.0)
        self.level = np.minimum(budget / aim, 1.5) * staffing
        adult = r.age_months >= 15 * 12
        r.uses_online[:] = (
            adult
            & (r.digital_literacy >= model.p.learning.online_threshold)
            & (self.online_share[r.municipality] > 0)
        )
        goal = 0.5 + p.service_weight * (self.level[r.municipality] - 1.0)
        goal = goal + p.online_bonus * r.uses_online * self.online_share[r.municipality]
        goal = np.clip(goal, 0.0, 1.0)
        r.satisfaction[:] += (p.satisfaction_rate * (goal - r.satisfaction)).astype(np.float32)
