"""Options given to a validated scenario (``sim.run(scenario, seed=..., years=...)``).

A Scenario object is already checked; an option changes one field of its ``run`` block. That
block alone is validated again by its schema, and the new scenario shares every other
validated block with the old one: nothing is dumped and read back. The checks across blocks
that involve ``run`` read only its start (``start_year``, ``start_month``), which options do
not change; the notes that depend on the run's length are given again.
"""

from __future__ import annotations

import warnings
from typing import Any

from pydantic import ValidationError

from .messages import describe_error, note_problem
from .notes import does_nothing
from .problems import ScenarioError, ScenarioNote
from .schema import Scenario

__all__ = ["RUN_OPTIONS", "with_run"]

#: The fields of the run block that an option may change.
RUN_OPTIONS = ("seed", "years")


def with_run(scenario: Scenario, label: str, **values: Any) -> Scenario:
    """``scenario`` with ``run.<name> = value`` for each of ``values`` (None: unchanged),
    checked as the schema checks them; a bad value raises ScenarioError naming ``label``
    (e.g. ``run(years=...)``)."""
    changes = {k: v for k, v in values.items() if v is not None}
    unknown = sorted(set(changes) - set(RUN_OPTIONS))
    if unknown:
        raise TypeError(f"run options are {', '.join(RUN_OPTIONS)}, not {', '.join(unknown)}")
    if not changes:
        return scenario
    block = scenario.run.model_dump() | changes
    try:
        run = type(scenario.run).model_validate(block)
    except ValidationError as exc:
        data = {"run": block}
        origins = {("run", name): (label, 0, None) for name in changes}
        problems = [
            p
            for e in exc.errors(include_url=False)
            for p in describe_error({**e, "loc": ("run", *e["loc"])}, data, origins, label)
        ]
        raise ScenarioError(problems) from None
    changed = scenario.model_copy(update={"run": run})
    if "years" in changes:
        for loc, note in does_nothing(changed):
            record = note_problem(loc, note, {}, {}, label)
            warnings.warn(ScenarioNote(record), stacklevel=3)
    return changed
