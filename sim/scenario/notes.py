"""Notes on scenario entries that do nothing in a run (``dxsim: note: ...``): said, never
refused, because a longer run or another town may need them."""

from __future__ import annotations

from .messages import Loc
from .schema import Scenario

__all__ = ["does_nothing"]


def does_nothing(scenario: Scenario) -> list[tuple[Loc, str]]:
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
    return found


def _switches_that_change_nothing(scenario: Scenario) -> list[tuple[Loc, str]]:
    """Scheduled switches that the model skips or overrides, in the order they happen."""
    towns = list(scenario.municipalities)
    regime = {k: t.it_regime for k, t in scenario.municipalities.items()}
    seen: dict[tuple[str, int], int] = {}
    found = []
    order = sorted(enumerate(scenario.it.schedule), key=lambda e: (e[1].fy, e[0]))
    for i, change in order:
        loc = ("it", "schedule", str(i))
        for key in change.municipalities or towns:
            if (key, change.fy) in seen:
                found.append(
                    (
                        loc,
                        f"{key} is also switched in FY{change.fy} by entry "
                        f"{seen[key, change.fy] + 1}; the later entry wins",
                    )
                )
            elif regime.get(key) == change.to and change.to.value != "joint":
                found.append(
                    (
                        loc,
                        f"{key} is already on {change.to.value} by then; this switch does "
                        "nothing for it",
                    )
                )
            seen[key, change.fy] = i
            regime[key] = change.to
    return found
