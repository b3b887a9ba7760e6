"""Batches: every scenario of an experiment times its replicates, in parallel, reproducibly.

An experiment file (``experiments/*.yaml``) names scenario files and how many replicates to run.
Replicate r of every scenario uses seed ``seed + r`` (common random numbers, so that scenarios are
compared on the same random histories). Runs go to local worker processes (spawn, as Mesa requires)
or to a dask cluster (``sim.experiments.batch_exec``); results are gathered in a fixed order, so the
output files are the same whatever the workers. Outputs are tidy: one table of KPIs for all runs
with ``scenario``, factor, ``replicate`` and ``seed`` columns."""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from ..scenario.loader import ScenarioError, load_scenario
from .batch_exec import BatchInterrupted, RunStore, execute, write_set
from .batch_tables import stack
from .experiment import (
    Experiment,
    RunNote,
    check_seed_overrides,
    experiment_json_schema,
    load_experiment,
)

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

#: What the batch does when its dask cluster has no worker: ("wait" or "stop", seconds).
LOST_DEFAULT = ("wait", 120.0)


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


def _say_notes(notes: Iterable[list[str]]) -> None:
    """The notes the runs brought back (``run_job``: kpis.attrs["notes"]), each said once as
    a RunNote; the tables keep no trace of them."""
    seen: dict[str, None] = {}
    for run in notes:
        for note in run:
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
    lost: tuple[str, float] = ("wait", 120.0),
) -> Path:
    """Run every scenario x replicate and write ``kpis.parquet``, ``flows.parquet``,
    ``region.parquet`` and ``manifest.json`` to ``out``.

    Each finished run is kept in ``out/runs/`` until the batch is complete, so that a batch
    stopped by Ctrl-C (or SIGTERM, or a crash) resumes where it stopped when the same command
    is run again (``fresh=True`` starts over). Runs are done here (``workers`` 1), in local
    worker processes (``workers`` > 1) or on a dask cluster (``scheduler``: its address, or
    "local" for a local cluster of ``workers`` processes). Runs are assembled in job order: the
    files are the same whatever the workers, the back end and however often the batch was
    resumed. On a dask cluster left without workers for ``lost[1]`` seconds the batch
    says so and waits (``lost[0]`` "wait") or stops ("stop"), keeping its runs.
    """
    started = datetime.now(UTC).isoformat(timespec="seconds")
    check_seed_overrides(overrides or [])
    check_scheduler(scheduler)
    sets = [*experiment.set, *(overrides or [])]
    out = Path(out)
    design = {
        "experiment": experiment.design_dump(),
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
    execute(jobs, store, len(jobs), workers, scheduler, progress, lost)
    front = ["scenario", *experiment.columns(), "replicate", "seed"]
    _say_notes(store.notes(i) for i in range(len(jobs)))

    def table(name: str):
        def frames():
            for i in range(len(jobs)):
                frame = store.load(i, name)
                yield frame[front + [c for c in frame.columns if c not in front]]

        return frames

    def columns(name: str):
        def schemas():  # the files' own schemas: the data need not be read twice
            return (store.schema(i, name) for i in range(len(jobs)))

        return schemas

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    from ..outputs.provenance import git_commit, git_dirty, package_versions

    digests = {
        str(f): load_scenario(f, overrides=sets).digest() for f in files
    }  # each replicate's run.seed is replaced by seed + replicate
    manifest = {
        "experiment": experiment.model_dump(mode="json"),
        "scenario_files": [str(f) for f in files],
        "scenario_sha256": digests,
        "seeds": "replicate r uses experiment.seed + r (run.seed in scenarios is not used)",
        "versions": package_versions(),
        "git_commit": git_commit(),
        "git_dirty": git_dirty(),
        "overrides": sets,
        "runs": len(jobs),
        "resumed_runs": resumed,
        "workers": workers,
        "scheduler": scheduler,
        "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    text = json.dumps(manifest, indent=2) + "\n"
    write_set(  # all five or none replace the folder's earlier ones; the manifest last
        out,
        {
            "kpis.parquet": lambda path: stack(table("kpis"), path, front, columns("kpis")),
            "region.parquet": lambda path: stack(table("region"), path, front, columns("region")),
            "flows.parquet": lambda path: stack(table("flows"), path, front, columns("flows")),
            "migration.parquet": lambda path: stack(
                table("migration"), path, front, columns("migration")
            ),
            "manifest.json": lambda path: path.write_text(text, encoding="utf-8"),
        },
        then=store.remove,  # complete: the tables hold every run
    )
    return out
