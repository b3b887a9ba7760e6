"""Where a batch's runs are done: in this process, in local worker processes, or on a dask
cluster; and how finished runs are kept so that a stopped batch can resume.

A job is one run, ``(index, scenario file, overrides, factor values, replicate, seed)``. A
worker only computes (``run_job``: the run's KPI and flow tables); this process writes each
finished run to ``OUT/runs/`` at once, as a whole file or not at all, so workers need no
shared file system and a batch stopped at any moment keeps every run it finished.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

from .scenario.loader import load_scenario

__all__ = ["BatchInterrupted", "run_job", "RunStore", "execute"]

Job = tuple[int, str, list[str], dict[str, object], int, int]


class BatchInterrupted(Exception):
    """The batch was stopped; the finished runs are kept for a resume."""


def run_job(job: Job) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """One run (a top-level function, as spawn and dask require): its index, KPIs and flows
    aggregated over municipalities, each tagged with scenario, factors, replicate and seed."""
    from .run import run

    index, file, overrides, combo, replicate, seed = job
    scenario = load_scenario(file, overrides=overrides)
    results = run(scenario, seed=seed)
    tag = {"scenario": scenario.name, **combo, "replicate": replicate, "seed": seed}
    flows = results.flows.groupby(["step", "kind", "payer_type", "payee_type"], as_index=False)[
        "amount_yen"
    ].sum()
    return index, results.kpis.assign(**tag), flows.assign(**tag)


class RunStore:
    """The finished runs of a batch folder (``OUT/runs/``), for one design only."""

    def __init__(self, out: Path, design: dict, fresh: bool = False) -> None:
        self.folder = Path(out) / "runs"
        digest = hashlib.sha256(json.dumps(design, sort_keys=True).encode()).hexdigest()
        stamp = self.folder / "design.sha256"
        stale = not stamp.exists() or stamp.read_text() != digest
        if self.folder.exists() and (fresh or stale):
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest)

    def _path(self, index: int, name: str) -> Path:
        return self.folder / f"{index:06d}.{name}.parquet"

    def done(self, index: int) -> bool:
        return all(self._path(index, n).exists() for n in ("kpis", "flows"))

    def keep(self, index: int, kpis: pd.DataFrame, flows: pd.DataFrame) -> None:
        # flows last: a run counts as done only once both files exist, each whole
        for name, table in (("kpis", kpis), ("flows", flows)):
            partial = self.folder / f"{index:06d}.{name}.partial"
            table.to_parquet(partial, index=False)
            os.replace(partial, self._path(index, name))

    def load(self, index: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        return pd.read_parquet(self._path(index, "kpis")), pd.read_parquet(
            self._path(index, "flows")
        )

    def remove(self) -> None:
        shutil.rmtree(self.folder)


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to this process, which stops them and keeps the finished runs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _quiet_children() -> Iterator[None]:
    """Start worker processes with Ctrl-C ignored (the disposition is inherited), so that a
    Ctrl-C in the terminal reaches this process only, which stops them without tracebacks."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _serial(jobs: list[Job]) -> Iterator[tuple]:
    for job in jobs:
        yield run_job(job)


def _processes(jobs: list[Job], workers: int) -> Iterator[tuple]:
    with _quiet_children():
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("spawn"), initializer=_ignore_interrupt
        )
        futures = [pool.submit(run_job, job) for job in jobs]  # starts the workers
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()  # no orphan keeps running a cancelled batch
        pool.shutdown(wait=True, cancel_futures=True)


def _dask(jobs: list[Job], workers: int, scheduler: str) -> Iterator[tuple]:
    """On a dask.distributed cluster (``scheduler`` its address), or on a local one of
    ``workers`` processes (``scheduler`` "local"). Workers need dxsim installed, not the
    files of this machine beyond the scenarios, which travel as paths: keep them on a path
    the workers see, or run from a shared folder."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler == "local":
        with _quiet_children():
            cluster = LocalCluster(
                n_workers=max(workers, 1),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,  # cancelled tasks at a stop are no news
            )
    client = Client(cluster if cluster is not None else scheduler)
    futures = client.map(run_job, jobs, pure=False)
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()


def execute(
    jobs: list[Job],
    store: RunStore,
    total: int,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Run the jobs not yet done and keep each as it finishes; raise BatchInterrupted (the
    finished runs kept) on Ctrl-C, SIGTERM (turned into KeyboardInterrupt by the CLI) or a
    lost worker."""
    todo = [job for job in jobs if not store.done(job[0])]
    done = total - len(todo)
    if progress:
        progress(done, total)
    if scheduler:
        finished = _dask(todo, workers, scheduler)
    elif workers > 1:
        finished = _processes(todo, workers)
    else:
        finished = _serial(todo)
    try:
        for index, kpis, flows in finished:
            store.keep(index, kpis, flows)
            done += 1
            if progress:
                progress(done, total)
    except (KeyboardInterrupt, BrokenProcessPool) as exc:
        finished.close()  # stops the workers
        reason = "a worker was lost" if isinstance(exc, BrokenProcessPool) else "stopped"
        raise BatchInterrupted(
            f"{reason}: {done} of {total} runs are kept in {store.folder}; run the same "
            "command again to resume (--fresh starts over)"
        ) from None
