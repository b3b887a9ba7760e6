"""The run as a plain function: scenario in, Results out, no UI or command-line import.

The command line, a batch runner, ``mesa.batch_run`` and a dashboard all drive the same model
through this function (or step ``RegionModel`` themselves).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ..model.model import RegionModel
from ..scenario.loader import load_scenario
from ..scenario.options import with_run
from ..scenario.params_region import metro_area
from ..scenario.schema import Scenario
from .results import Results

__all__ = ["run"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run(
    scenario: Scenario | str | Path,
    seed: int | None = None,
    years: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Results:
    """Simulate ``scenario`` (a Scenario or a YAML path) and return its Results.

    ``seed`` and ``years`` override the scenario's ``run`` block (a bad value raises
    ScenarioError, as a bad file does); ``progress(step, total)`` is called after every month.
    """
    given = {name: value for name, value in (("seed", seed), ("years", years)) if value is not None}
    if not isinstance(scenario, Scenario):  # applied while the file is read: its lines kept
        options = [(f"run({name}=...)", f"run.{name}", value) for name, value in given.items()]
        scenario = load_scenario(scenario, options=options)
    else:  # the validated model with its run block changed, checked by the schema
        label = f"run({'=..., '.join(given)}=...)" if given else "run()"
        scenario = with_run(scenario, label, **given)
    started = _now()
    model = RegionModel(scenario)
    total = model.n_steps
    for step in range(1, total + 1):
        model.step()
        if progress is not None:
            progress(step, total)
    names = [m.key for m in model.municipalities]
    return Results(
        scenario=scenario,
        seed=scenario.run.seed,
        kpis=model.kpis.frame(),
        flows=model.ledger.flow_table(names),
        goods=model.ledger.goods_table(),
        migration=model.people.od_frame(
            [*names, *model.p.region.outside], model.p.run.scale, *place_groups(model)
        ),
        started=started,
        finished=_now(),
    )


def place_groups(model) -> tuple[list[str], list[str]]:
    """Each place's prefecture ('' for outside places and towns without one) and area: its
    metropolitan area (``tokyo_area``, ``nagoya_area``, ``osaka_area``), ``other``, or the
    outside place's own key."""
    towns = [m.spec.prefecture for m in model.municipalities]
    outside = list(model.p.region.outside)
    area = [(metro_area(p) or "other") if p else "" for p in towns]
    return [*towns, *[""] * len(outside)], [*area, *outside]
