"""Experiment files (``experiments/*.yaml``): which scenarios, replicates, factors and designs.

Loaded with the same care as scenarios: every mistake is reported at its file and line with
what was expected, and nothing runs until the whole experiment and each of its scenarios
validate. ``sim.experiments.batch`` runs what this module loads.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from ..scenario.fields import P, Params
from ..scenario.loader import ScenarioError, compose_with_lines, load_scenario
from ..scenario.messages import where_in_file
from .outcomes import Outcome
from .sensitivity import Design, Sampled, Uncertainties

__all__ = [
    "Experiment",
    "Factor",
    "RunNote",
    "SEED_RULE",
    "check_seed_overrides",
    "experiment_json_schema",
    "load_experiment",
]


#: Why a batch refuses a value for run.seed (factor, ``set:`` or ``--set``).
SEED_RULE = "run.seed is set per replicate in a batch (seed + r); use the experiment's `seed:`"


class RunNote(UserWarning):
    """A note of the model from a batch's runs (e.g. CoarseScaleWarning's coarse
    ``run.scale``), given once per batch rather than once per run."""


class Factor(Params):
    """One parameter varied over a list of values (every combination of factors is run)."""

    path: str = P(
        ...,
        unit="dotted path",
        ja="パラメータ",
        source="setting",
        desc="The scenario value to vary, e.g. municipalities.kamishihoro.policy.disclosure",
    )
    values: list[float | int | str | bool] = Field(..., min_length=1, description="Its values")


class Experiment(Params):
    """A batch design: scenarios x factor combinations x replicates."""

    name: str = P("experiment", unit="text", ja="実験名", source="setting", desc="Name")
    description: str = P("", unit="text", ja="説明", source="setting", desc="What it compares")
    scenarios: list[str] = Field(..., min_length=1, description="Scenario files (relative paths)")
    replicates: int = P(
        10,
        ge=1,
        le=100_000,
        unit="runs",
        ja="反復数",
        source="setting",
        desc="Runs of each scenario, seeds seed, seed+1, ...",
    )
    seed: int = P(
        1,
        ge=0,
        le=2**62,
        unit="integer",
        ja="乱数シード",
        source="setting",
        desc="Seed of the first replicate",
    )
    set: list[str] = Field(default_factory=list, description="PATH=VALUE overrides for every run")
    factors: dict[str, Factor] = Field(
        default_factory=dict, description="Parameters varied in a full factorial design"
    )
    design: Design | None = Field(
        None, description="Parameters sampled for sensitivity analysis (SALib), instead of factors"
    )
    levers: dict[str, Factor] = Field(
        default_factory=dict,
        description="Policy levers: every combination of their values is a lever set (XLRM's L)",
    )
    uncertainties: Uncertainties | None = Field(
        None,
        description="Uncertain parameters sampled into futures, each run with every lever set "
        "(XLRM's X)",
    )
    outcomes: dict[str, Outcome] = Field(
        default_factory=dict,
        description="Named outcomes (a KPI over a window) that the analysis commands use",
    )

    @model_validator(mode="after")
    def _one_design(self) -> Experiment:
        if self.factors and self.design is not None:
            raise ValueError("give factors (a grid) or design (a sample), not both")
        if (self.levers or self.uncertainties) and (self.factors or self.design):
            raise ValueError(
                "give levers and uncertainties, or factors, or design: one kind of design"
            )
        both = set(self.levers) & set(self.uncertainties.parameters if self.uncertainties else ())
        if both:
            raise ValueError(f"{', '.join(sorted(both))}: both a lever and an uncertainty")
        return self

    def lever_sets(self) -> list[dict[str, object]]:
        """Every combination of lever values (one empty set without levers)."""
        combos: list[dict[str, object]] = [{}]
        for name, factor in self.levers.items():
            combos = [{**c, name: v} for c in combos for v in factor.values]
        return combos

    def combinations(self) -> list[dict[str, object]]:
        """Every combination of factor values, every sample point of the design, or every
        lever set in every future (one empty combination without any)."""
        if self.design is not None:
            return self.design.points()
        if self.levers or self.uncertainties:
            futures = [{"future": 0}]
            if self.uncertainties is not None:
                futures = [{"future": p.pop("sample"), **p} for p in self.uncertainties.points()]
            return [{**lever, **f} for lever in self.lever_sets() for f in futures]
        combos: list[dict[str, object]] = [{}]
        for name, factor in self.factors.items():
            combos = [{**c, name: v} for c in combos for v in factor.values]
        return combos

    def columns(self) -> list[str]:
        """The columns that tell the combinations apart in the output tables."""
        if self.design is not None:
            return ["sample", *self.design.parameters]
        if self.levers or self.uncertainties:
            sampled = list(self.uncertainties.parameters) if self.uncertainties else []
            return [*self.levers, "future", *sampled]
        return list(self.factors)

    def _paths(self) -> dict:
        if self.design is not None:
            return self.design.parameters
        sampled = self.uncertainties.parameters if self.uncertainties else {}
        return {**self.factors, **self.levers, **sampled}

    def overrides(self, combo: dict[str, object]) -> list[str]:
        paths = self._paths()
        return [f"{paths[n].path}={v}" for n, v in combo.items() if n not in ("sample", "future")]

    def design_dump(self) -> dict:
        """The experiment as it decides the runs: its fields without ``outcomes`` (they only
        read the runs) and without the empty lever and uncertainty fields, so that adding an
        outcome, or a dxsim that knows these fields, keeps a stopped batch's runs."""
        data = self.model_dump(mode="json", exclude={"outcomes"})
        for name in ("levers", "uncertainties"):
            if not data.get(name):
                data.pop(name, None)
        return data


def experiment_json_schema() -> dict:
    """The JSON Schema of experiment files, for editors (schema/experiment.schema.json)."""
    schema = Experiment.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dxsim experiment"
    return schema


def _experiment_problem(err: dict, origins: dict, source: str) -> str:
    """One validation error of an experiment file: file, line, field, what was expected."""
    loc = tuple(str(p) for p in err["loc"])
    where = where_in_file(loc, origins, source)
    field = f"{'.'.join(loc)}: " if loc else ""  # nothing for the whole file
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        models = (Experiment, Factor, Design, Sampled, Outcome)
        names = {n for m in models for n in m.model_fields}
        close = difflib.get_close_matches(loc[-1], sorted(names), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"{where}: {field}unknown key '{loc[-1]}'{hint}"
    shown = err.get("input")
    given = "" if err["type"] == "missing" or isinstance(shown, dict) else f"got {shown!r}: "
    return f"{where}: {field}{given}{msg}"


def _checks(experiment: Experiment) -> list[tuple[str, dict, tuple[str, ...]]]:
    """What to load before a batch starts: every factor combination, or each sampled
    parameter alone at its two bounds, with a label and a location."""
    sampled = experiment.design or experiment.uncertainties
    if sampled is None:
        return [
            (", ".join(f"{k}={v}" for k, v in c.items()) or "the scenario", c, ("factors",))
            for c in experiment.combinations()
        ]
    block = "design" if experiment.design is not None else "uncertainties"
    checks = [
        (f"{block}.parameters.{n} at {b}", {n: b}, (block, "parameters", n, "bounds"))
        for n, p in sampled.parameters.items()
        for b in p.bounds
    ]
    checks += [
        (", ".join(f"{k}={v}" for k, v in c.items()), c, ("levers",))
        for c in experiment.lever_sets()
        if c
    ]
    return checks


def _is_seed(assignment: str) -> bool:
    """Whether ``PATH=VALUE`` (or a bare PATH) sets run.seed."""
    path = assignment.split("=", 1)[0]
    return tuple(p for p in path.strip().split(".") if p) == ("run", "seed")


def check_seed_overrides(overrides: Iterable[str], label: str = "--set") -> None:
    """Refuse overrides of run.seed: in a batch, replicate r runs with seed + r."""
    for text in overrides:
        if "=" in text and _is_seed(text):
            raise ScenarioError([f"{label} {text}: {SEED_RULE}"])


def _seed_problems(experiment: Experiment, origins: dict, source: str) -> list[str]:
    """The experiment's entries that would set run.seed (ignored in a batch: an error)."""
    found = [
        (("set", str(i)), f"set.{i}: {text}")
        for i, text in enumerate(experiment.set)
        if "=" in text and _is_seed(text)
    ]
    found += [
        (("factors", n, "path"), f"factors.{n}.path: {f.path}")
        for n, f in experiment.factors.items()
        if _is_seed(f.path)
    ]
    found += [
        (("levers", n, "path"), f"levers.{n}.path: {f.path}")
        for n, f in experiment.levers.items()
        if _is_seed(f.path)
    ]
    for block in ("design", "uncertainties"):
        sampled = getattr(experiment, block)
        if sampled is not None:
            found += [
                ((block, "parameters", n, "path"), f"{block}.parameters.{n}.path: {p.path}")
                for n, p in sampled.parameters.items()
                if _is_seed(p.path)
            ]
    return [f"{where_in_file(loc, origins, source)}: {what}: {SEED_RULE}" for loc, what in found]


def _set_problems(
    file: Path, index: int, experiment: Experiment, exc: ScenarioError, origins: dict, source: str
) -> list[str]:
    """A scenario that fails with the experiment's ``set:``: the problems at the line of the
    first entry that makes it fail (or at the scenario's own line when it fails alone)."""
    for k in range(len(experiment.set) + 1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                load_scenario(file, overrides=experiment.set[:k])
        except ScenarioError as failed:
            if k == 0:
                where = where_in_file(("scenarios", str(index)), origins, source)
                return [f"{where}: scenarios.{index}: {p}" for p in failed.problems]
            where = where_in_file(("set", str(k - 1)), origins, source)
            label = f"set.{k - 1}"
            return [
                f"{where}: {label}: {p.removeprefix('--set: ').removeprefix('--set ')}"
                for p in failed.problems
            ]
    return exc.problems


def load_experiment(path: str | Path) -> tuple[Experiment, list[Path]]:
    """Read an experiment file; returns it and its scenario paths (all validated, and every
    scenario loaded with every combination, so that a mistake stops the batch before it
    starts). Problems name the file and line, as for scenarios."""
    path = Path(path)
    data, origins = compose_with_lines(path)
    try:
        experiment = Experiment.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(
            [_experiment_problem(e, origins, str(path)) for e in exc.errors()]
        ) from None
    seeded = _seed_problems(experiment, origins, str(path))
    if seeded:
        raise ScenarioError(seeded)
    files = [path.parent / s for s in experiment.scenarios]
    names: dict[str, Path] = {}
    for i, file in enumerate(files):  # fail before any run starts
        if not file.is_file():
            where = where_in_file(("scenarios", str(i)), origins, str(path))
            what = "is a folder, expected a scenario file" if file.is_dir() else "file not found"
            raise ScenarioError([f"{where}: scenarios.{i}: {file}: {what}"])
        try:  # the experiment's set: alone first, so that a mistake points at its entry
            name = load_scenario(file, overrides=experiment.set).name
        except ScenarioError as exc:
            raise ScenarioError(
                _set_problems(file, i, experiment, exc, origins, str(path))
            ) from None
        for label, combo, at in _checks(experiment):
            try:
                load_scenario(file, overrides=[*experiment.set, *experiment.overrides(combo)])
            except ScenarioError as exc:
                where = where_in_file(at, origins, str(path))
                raise ScenarioError(
                    [f"{where}: {label}: {p.replace('--set: ', '')}" for p in exc.problems]
                ) from None
        if name in names:
            raise ScenarioError(
                [
                    f"{path}: scenarios {names[name]} and {file} share the name {name!r}; "
                    "runs are told apart by name, so give each scenario its own"
                ]
            )
        names[name] = file
    return experiment, files
