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
