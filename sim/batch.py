"""Batches: every scenario of an experiment times its replicates, in parallel, reproducibly.

An experiment file (``experiments/*.yaml``) names scenario files and how many replicates to
run. Replicate r of every scenario uses seed ``seed + r`` (common random numbers, so that
scenarios are compared on the same random histories). Runs go to local worker processes
(spawn, as Mesa requires) or to a dask cluster (``sim.batch_exec``); results are gathered in
a fixed order, so the output files are the same whatever the workers. Outputs are tidy: one
table of KPIs for all runs with ``scenario``, factor, ``replicate`` and ``seed`` columns.
"""

from __future__ import annotations

import difflib
import json
import os
import warnings
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from pydantic import Field, ValidationError, model_validator

from .batch_exec import BatchInterrupted, RunStore, execute, write_set
from .scenario.fields import P, Params
from .scenario.loader import ScenarioError, _compose, load_scenario
from .scenario.messages import _where
from .sensitivity import Design, Sampled

__all__ = [
    "BatchInterrupted",
    "Experiment",
    "RunNote",
    "check_scheduler",
    "check_seed_overrides",
    "experiment_json_schema",
    "load_experiment",
    "run_batch",
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

    @model_validator(mode="after")
    def _one_design(self) -> Experiment:
        if self.factors and self.design is not None:
            raise ValueError("give factors (a grid) or design (a sample), not both")
        return self

    def combinations(self) -> list[dict[str, object]]:
        """Every combination of factor values, or every sample point of the design (one empty
        combination without either)."""
        if self.design is not None:
            return self.design.points()
        combos: list[dict[str, object]] = [{}]
        for name, factor in self.factors.items():
            combos = [{**c, name: v} for c in combos for v in factor.values]
        return combos

    def columns(self) -> list[str]:
        """The columns that tell the combinations apart in the output tables."""
        if self.design is not None:
            return ["sample", *self.design.parameters]
        return list(self.factors)

    def overrides(self, combo: dict[str, object]) -> list[str]:
        paths = self.design.parameters if self.design is not None else self.factors
        return [f"{paths[n].path}={v}" for n, v in combo.items() if n != "sample"]


def experiment_json_schema() -> dict:
    """The JSON Schema of experiment files, for editors (schema/experiment.schema.json)."""
    schema = Experiment.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dxsim experiment"
    return schema


def _experiment_problem(err: dict, origins: dict, source: str) -> str:
    """One validation error of an experiment file: file, line, field, what was expected."""
    loc = tuple(str(p) for p in err["loc"])
    where = _where(loc, origins, source)
    field = f"{'.'.join(loc)}: " if loc else ""  # nothing for the whole file
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        names = {n for m in (Experiment, Factor, Design, Sampled) for n in m.model_fields}
        close = difflib.get_close_matches(loc[-1], sorted(names), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"{where}: {field}unknown key '{loc[-1]}'{hint}"
    shown = err.get("input")
    given = "" if err["type"] == "missing" or isinstance(shown, dict) else f"got {shown!r}: "
    return f"{where}: {field}{given}{msg}"


def _checks(experiment: Experiment) -> list[tuple[str, dict, tuple[str, ...]]]:
    """What to load before a batch starts: every factor combination, or each sampled
    parameter alone at its two bounds, with a label and a location."""
    if experiment.design is None:
        return [
            (", ".join(f"{k}={v}" for k, v in c.items()) or "the scenario", c, ("factors",))
            for c in experiment.combinations()
        ]
    params = experiment.design.parameters
    return [
        (f"design.parameters.{n} at {b}", {n: b}, ("design", "parameters", n, "bounds"))
        for n, p in params.items()
        for b in p.bounds
    ]


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
    if experiment.design is not None:
        found += [
            (("design", "parameters", n, "path"), f"design.parameters.{n}.path: {p.path}")
            for n, p in experiment.design.parameters.items()
            if _is_seed(p.path)
        ]
    return [f"{_where(loc, origins, source)}: {what}: {SEED_RULE}" for loc, what in found]


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
                where = _where(("scenarios", str(index)), origins, source)
                return [f"{where}: scenarios.{index}: {p}" for p in failed.problems]
            where = _where(("set", str(k - 1)), origins, source)
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
    data, origins = _compose(path)
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
            where = _where(("scenarios", str(i)), origins, str(path))
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
                where = _where(at, origins, str(path))
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


def check_scheduler(address: str | None, timeout: float = 5.0) -> None:
    """A dask scheduler's address must name a port that answers: a ScenarioError of one line
    at once, rather than dask's traceback (at once, or after its 30-second timeout)."""
    if not address or address == "local":
        return
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port

    label = f"--scheduler {address}"
    try:
        scheme, location = parse_address(address, strict=False)
        if scheme not in ("tcp", "tls"):
            return  # other protocols (ucx, inproc): left to dask
        host, port = parse_host_port(location)
    except ValueError as exc:
        raise ScenarioError(
            [f"{label}: {exc}; expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786, or local"]
        ) from None
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise ScenarioError(
            [
                f"{label}: no dask scheduler answers at {host}:{port} ({reason}); start one "
                "with `dask scheduler`, or check the address"
            ]
        ) from None


def _say_notes(kpis: Iterable[pd.DataFrame]) -> None:
    """The notes the runs brought back (``run_job``: kpis.attrs["notes"]), each said once as
    a RunNote; the tables keep no trace of them."""
    seen: dict[str, None] = {}
    for table in kpis:
        for note in table.attrs.pop("notes", None) or ():
            seen.setdefault(str(note))
    for note in seen:
        warnings.warn(note, RunNote, stacklevel=3)


def run_batch(
    experiment: Experiment,
    files: list[Path],
    out: str | Path,
    workers: int = 1,
    overrides: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    fresh: bool = False,
    scheduler: str | None = None,
) -> Path:
    """Run every scenario x replicate and write ``kpis.parquet``, ``flows.parquet``,
    ``region.parquet`` and ``manifest.json`` to ``out``.

    Each finished run is kept in ``out/runs/`` until the batch is complete, so that a batch
    stopped by Ctrl-C (or SIGTERM, or a crash) resumes where it stopped when the same command
    is run again (``fresh=True`` starts over). Runs are done here (``workers`` 1), in local
    worker processes (``workers`` > 1) or on a dask cluster (``scheduler``: its address, or
    "local" for a local cluster of ``workers`` processes). Runs are assembled in job order: the
    files are the same whatever the workers, the back end and however often the batch was
    resumed.
    """
    from .results import region_table

    started = datetime.now(UTC).isoformat(timespec="seconds")
    check_seed_overrides(overrides or [])
    check_scheduler(scheduler)
    sets = [*experiment.set, *(overrides or [])]
    out = Path(out)
    design = {
        "experiment": experiment.model_dump(mode="json"),
        "files": [str(f) for f in files],
        "scenarios": [load_scenario(f, overrides=sets).digest() for f in files],
        "overrides": sets,
    }
    store = RunStore(out, design, fresh=fresh)
    runs = [
        (f, c, r)
        for f in files
        for c in experiment.combinations()
        for r in range(experiment.replicates)
    ]
    jobs = [  # absolute paths: a dask worker may have started in another folder
        (i, os.path.abspath(f), [*sets, *experiment.overrides(c)], c, r, experiment.seed + r)
        for i, (f, c, r) in enumerate(runs)
    ]
    resumed = sum(store.done(i) for i in range(len(jobs)))
    execute(jobs, store, len(jobs), workers, scheduler, progress)
    results = [store.load(i) for i in range(len(jobs))]
    _say_notes(k for k, _ in results)
    kpis = pd.concat([k for k, _ in results], ignore_index=True)
    flows = pd.concat([f for _, f in results], ignore_index=True)
    front = ["scenario", *experiment.columns(), "replicate", "seed"]
    kpis = kpis[front + [c for c in kpis.columns if c not in front]]
    region = pd.concat(
        [
            region_table(g.drop(columns=front)).assign(**dict(zip(front, key, strict=True)))
            for key, g in kpis.groupby(front, sort=False)
        ],
        ignore_index=True,
    )
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    region = region[front + [c for c in region.columns if c not in front]]
    flows = flows[front + [c for c in flows.columns if c not in front]]
    from .results import _git_commit, _git_dirty, _versions

    digests = {
        str(f): load_scenario(f, overrides=sets).digest() for f in files
    }  # each replicate's run.seed is replaced by seed + replicate
    manifest = {
        "experiment": experiment.model_dump(mode="json"),
        "scenario_files": [str(f) for f in files],
        "scenario_sha256": digests,
        "seeds": "replicate r uses experiment.seed + r (run.seed in scenarios is not used)",
        "versions": _versions(),
        "git_commit": _git_commit(),
        "git_dirty": _git_dirty(),
        "overrides": sets,
        "runs": len(jobs),
        "resumed_runs": resumed,
        "workers": workers,
        "scheduler": scheduler,
        "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    text = json.dumps(manifest, indent=2) + "\n"
    write_set(  # all four or none replace the folder's earlier ones; the manifest last
        out,
        {
            "kpis.parquet": lambda path: kpis.to_parquet(path, index=False),
            "region.parquet": lambda path: region.to_parquet(path, index=False),
            "flows.parquet": lambda path: flows.to_parquet(path, index=False),
            "manifest.json": lambda path: path.write_text(text, encoding="utf-8"),
        },
        then=store.remove,  # complete: the tables hold every run
    )
    return out
