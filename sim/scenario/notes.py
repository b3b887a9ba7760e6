"""Notes on scenario entries that do nothing in a run, or that look like a slip
(``dxsim: note: ...``): said, never refused, because a longer run or another town may need
them, and a tiny amount may be meant."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .problems import Loc, Problem
from .schema import Scenario
from .slips import SMALL_YEN, Seen, first_slip

__all__ = ["SMALL_YEN", "does_nothing", "small_money"]

Notes = list[tuple[Loc, Problem]]

#: Units of amounts a whole town, group or region spends or receives in a year (program
#: budgets, marketing, donations, grants, fixed IT fees, fiscal need); not per person, per
#: month or per child, where a few hundred yen can be right.
_YEARLY_YEN = re.compile(r"^yen per (fiscal year|year|group per year|member per year)\b")


def small_money(scenario: Scenario) -> Notes:
    """Yearly yen amounts of a town, group or region that look written in millions or
    thousands of yen (the rule ``money-in-millions`` of ``slips.SLIPS``), each with what it
    would be if so."""
    found: Notes = []
    _walk(scenario, (), found)
    return found


def _walk(value: Any, loc: Loc, found: Notes) -> None:
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            unit = (info.json_schema_extra or {}).get("unit", "")
            if isinstance(unit, str) and _YEARLY_YEN.match(unit):
                amounts = item.items() if isinstance(item, dict) else [(None, item)]
                for key, amount in amounts:
                    at = (*loc, name) if key is None else (*loc, name, str(key))
                    _small(amount, at, unit.split(",")[0], found)
            else:
                _walk(item, (*loc, name), found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, (*loc, key.value if isinstance(key, Enum) else str(key)), found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, (*loc, str(i)), found)


def _small(amount: Any, loc: Loc, unit: str, found: Notes) -> None:
    slip = first_slip(Seen("note", loc=loc, given=amount, unit=unit))
    if slip is not None:
        found.append((loc, Problem(**slip)))


def does_nothing(scenario: Scenario) -> Notes:
    """Entries that do nothing in this run, each with its location and why: programs and
    switches after the run's last fiscal year (a longer run may reach them, so these are
    notes, not errors), a plan committed after the run, a second switch of a town in the same
    year (the later wins), a switch to the regime a town already has."""
    last = scenario.run.last_fiscal_year
    run = f"the run ends in FY{last} (run.years {scenario.run.years})"
    found = []
    for key, town in scenario.municipalities.items():
        for name, spec in town.policy.programs.items():
            if spec.start_fy > last:
                loc = ("municipalities", key, "policy", "programs", name.value, "start_fy")
                found.append(
                    (
                        loc,
                        f"{spec.start_fy} is after the end of the run: {run}; this "
                        "program does not run",
                    )
                )
    for i, change in enumerate(scenario.it.schedule):
        if change.fy > last:
            found.append(
                (
                    ("it", "schedule", str(i), "fy"),
                    f"{change.fy} is after the end of the run: {run}; this switch does not happen",
                )
            )
    if scenario.generate is None:
        found += _switches_that_change_nothing(scenario)
    for key, town in scenario.municipalities.items():
        since = town.policy.vision_since_fy
        if since is not None and since > last:
            loc = ("municipalities", key, "policy", "vision_since_fy")
            found.append((loc, f"{since} is after the end of the run: {run}; no plan in this run"))
    return [(loc, Problem(message=text)) for loc, text in found]


def _switches_that_change_nothing(scenario: Scenario) -> list[tuple[Loc, str]]:
    """Scheduled switches that the model skips, overrides or restarts, in the order they
    happen (as ``ITSystems.start_projects`` does: a switch to the regime and group a town is
    on does nothing; one to where it is already moving starts that project over)."""
    months = scenario.it.project_months
    # per town: (regime, group) it is on, (regime, group, fy, entry) of a running project
    on = {k: (t.it_regime.value, t.it_group) for k, t in scenario.municipalities.items()}
    moving: dict[str, tuple[str, str, int, int]] = {}
    seen: dict[tuple[str, int], int] = {}
    found = []
    order = sorted(enumerate(scenario.it.schedule), key=lambda e: (e[1].fy, e[0]))
    for i, change in order:
        loc, fy = ("it", "schedule", str(i)), change.fy
        to = (change.to.value, change.group if change.to.value == "joint" else "")
        for key in change.municipalities or list(on):
            if key not in on:
                continue
            if key in moving and (fy - moving[key][2]) * 12 >= months:  # the project is done
                on[key] = moving.pop(key)[:2]
            where = f"{to[0]}" + (f" (group {to[1]})" if to[1] else "")
            if on[key][:1] == to[:1] and (to[0] != "joint" or on[key][1] == to[1]):
                found.append(
                    (loc, f"{key} is already on {where} by then; this switch does nothing for it")
                )
                continue
            if (key, fy) in seen:
                found.append(
                    (
                        loc,
                        f"{key} is also switched in FY{fy} by entry "
                        f"{seen[key, fy] + 1}; the later entry wins",
                    )
                )
            elif key in moving and moving[key][:2] == to:
                found.append(
                    (
                        loc,
                        f"{key} is already moving to {where} (entry "
                        f"{moving[key][3] + 1}, FY{moving[key][2]}; it.project_months "
                        f"{months}); this switch starts its project over, paid again",
                    )
                )
            seen[key, fy] = i
            moving[key] = (*to, fy, i)
    return found
