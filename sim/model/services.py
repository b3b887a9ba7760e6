"""Public services: procedures, the hours they take, and residents' satisfaction.

Residents need ``procedures_per_person`` procedures a year. A procedure is done online when the
town offers it online (its IT regime's online share) and the resident can (literate adults);
otherwise at the counter. Online procedures take fewer staff and resident hours. The town
hall's procedure capacity is its staff's hours for procedures, reduced by migration projects
and outages; the service level is the services budget against its aim times the share of
procedure demand that capacity covers. Satisfaction moves part of the way each month to a goal
set by the service level, online access and how well the systems fit local practice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..scenario.params_policy import Program
from .ages import WORKING_AGE
from .kernels_people import satisfy
from .kernels_tally import online_use

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Services", "NEUTRAL_SATISFACTION"]

#: The middle of the 0-1 satisfaction scale: services exactly at their aim, nothing else
#: above or below the norm. Attractiveness counts satisfaction against it.
#: Age (years) from which residents may drive: below it, transport programs count for them.
DRIVING_FROM_YEARS = 18
NEUTRAL_SATISFACTION = 0.5


class Services:
    """Reads the towns' ``budget_services`` and IT columns, staff, literacy, ages; writes the
    service level, hours, residents' ``uses_online`` and ``satisfaction``."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.services
        m = len(model.municipalities)
        self.level = np.ones(m)
        self.online_procedures = np.zeros(m)  # share of procedures actually done online
        self.resident_hours = np.zeros(m)  # persons x hours spent on procedures this month
        self.staff_hours_per_procedure = np.zeros(m)
        self.capacity_ratio = np.ones(m)

    def measure_online_use(self) -> np.ndarray:
        """Who can do procedures online, the share done online and staff hours per procedure,
        from literacy and the IT regime alone (no money, no draws): the starting state's values
        too. Returns the population per town (persons)."""
        model, r, p = self.model, self.model.residents, self.p
        online_share, scale = model.it_systems.online_share, model.p.run.scale
        m = len(model.municipalities)
        pop, able = online_use(
            r.uses_online, r.municipality, r.age_months, r.digital_literacy,
            online_share, WORKING_AGE, model.p.learning.online_threshold, m,
        )  # fmt: skip
        pop, able = pop * scale, able * scale
        self.online_procedures = online_share * able / np.maximum(pop, 1)
        on = self.online_procedures
        self.staff_hours_per_procedure = (
            on * p.staff_hours_online + (1 - on) * p.staff_hours_in_person
        )
        return pop

    def step(self) -> None:
        model, r, p = self.model, self.model.residents, self.p
        it, scale = model.it_systems, model.p.run.scale
        online_share = it.online_share
        pop = self.measure_online_use()
        procedures = pop * p.procedures_per_person / 12
        on = self.online_procedures
        self.resident_hours = procedures * (
            on * p.resident_hours_online + (1 - on) * p.resident_hours_in_person
        )
        supply = model.labour.staff() * scale * p.staff_hours_per_month * p.procedure_time_share
        policy = model.policy
        talent = policy.effect(Program.DIGITAL_DIVISION) * policy.culture
        ways = model.p.policy.culture_capacity * policy.culture_gain()
        supply = (
            supply * it.capacity_factor() * (1 + model.p.policy.division_capacity * talent + ways)
        )
        demand = procedures * self.staff_hours_per_procedure
        self.capacity_ratio = supply / np.maximum(demand, 1e-9)
        aim = model.p.fiscal.services_per_capita_yen * np.maximum(pop, 1)
        budget = model.towns.budget_services.astype(np.float64)
        self.level = np.minimum(budget / aim, 1.5) * np.minimum(self.capacity_ratio, 1.0)
        # the goal's parts per town (one pass over the residents in ``satisfy``)
        base = NEUTRAL_SATISFACTION + p.service_weight * (self.level - 1.0)
        base = base + p.fit_weight * (it.fit() - 1.0)
        satisfy(
            r.satisfaction,
            r.municipality,
            r.uses_online,
            r.age_months,
            base,
            p.online_bonus * online_share,
            model.p.policy.transport_satisfaction * policy.effect(Program.TRANSPORT),
            p.satisfaction_rate,
            DRIVING_FROM_YEARS,
            model.p.policy.driving_age_limit,
        )
