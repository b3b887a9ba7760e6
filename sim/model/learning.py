"""Learning and adoption: residents' digital literacy, firms' linked data and digital tools.

Literacy grows by itself for adults aged 20-64, through peers (towards the town's mean, faster
where a test field's key persons connect people) and, for people 65+, through a town's
tablets-and-classes program.
Firms in towns on the national standard start using linked public-private data at a monthly
rate, which raises their productivity once (interoperability, MODEL.md). Firms adopt digital
tools at a monthly rate, faster with broadband and 5G, which also raises their productivity
once (those digital at the start are at their sector's calibrated productivity already).

Starting literacy follows the cohort: high for those who grew up with computers, lower for the
old (a linear profile from age 20 to 80 with a spread). Children learn at school up to the
level of a 20-year-old by age 20.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..scenario.params_people import LearningParams
from ..scenario.params_policy import Program
from .it_systems import STANDARD
from .kernels_people import learn
from .kernels_tally import town_sum

if TYPE_CHECKING:
    from .model import RegionModel

__all__ = ["Learning", "cohort_literacy"]


def cohort_literacy(
    age_months: np.ndarray, p: LearningParams, rng: np.random.Generator
) -> np.ndarray:
    """Literacy of people of these ages who have not been in the model before."""
    years = np.asarray(age_months) / 12
    mean = p.literacy_at_20 + (p.literacy_at_80 - p.literacy_at_20) * (years - 20) / 60
    mean = np.where(years < 20, p.literacy_at_20 * np.clip((years - 6) / 14, 0, 1), mean)
    noise = rng.normal(0, p.literacy_spread, np.size(years)) * (years >= 6)
    return np.clip(mean + noise, 0, 1).astype(np.float32)


class Learning:
    """Reads residents' age and town, the towns' programs and ``it_regime``; writes residents'
    ``digital_literacy`` and firms' ``linked_data``, ``digital`` and productivity."""

    def __init__(self, model: RegionModel) -> None:
        self.model = model
        self.p = model.p.learning

    def step(self) -> None:
        model, r, p = self.model, self.model.residents, self.p
        m = len(model.municipalities)
        n = np.maximum(model.people.count(), 1)
        town_mean = town_sum(r.municipality, r.digital_literacy, m) / n
        connectors = 1 + model.p.policy.connector_peer_boost * model.policy.field_effect()
        r.digital_literacy[:] = learn(
            r.digital_literacy,
            r.age_months,
            r.municipality,
            town_mean,
            p.peer_rate * connectors,  # key persons connect people
            model.policy.effect(Program.ELDERLY_DIGITAL),
            p.literacy_at_20 / (14 * 12),  # children reach the 20-year-old level by 20
            p.learning_rate,
            model.p.policy.elderly_learning_rate,
        )
        self._linked_data()
        self._digital_tools()

    def _digital_tools(self) -> None:
        """Firms adopt digital tools at a monthly rate, faster with broadband and 5G; each
        adopter's productivity rises once."""
        model, f, p = self.model, self.model.firms, self.model.p.policy
        infra = model.policy.effect(Program.INFRASTRUCTURE)[f.municipality]
        rate = p.firm_digital_rate * (1 + p.infrastructure_adoption_boost * infra)
        self._adopt(f.digital, True, rate, p.firm_digital_gain)

    def _linked_data(self) -> None:
        model, f, it = self.model, self.model.firms, self.model.p.it
        standard = model.it_systems.regime[f.municipality] == STANDARD
        self._adopt(f.linked_data, standard, it.linkage_adoption_rate, it.linkage_productivity_gain)

    def _adopt(self, uses: np.ndarray, eligible, rate, gain: float) -> None:
        """Eligible firms not yet using a thing start at ``rate`` a month (one draw per firm);
        each starter's productivity rises once by ``gain``."""
        f = self.model.firms
        start = eligible & ~uses & (self.model.rng.random(f.n) < rate)
        uses[start] = True
        f.productivity_yen[start] += np.floor(f.productivity_yen[start] * gain).astype(np.int64)
