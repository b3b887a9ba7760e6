"""Where a batch's runs are done: in this process, in local worker processes, or on a dask
cluster; and how finished runs are kept so that a stopped batch can resume.

A job is one run, ``(index, scenario file, overrides, factor values, replicate, seed)``. A
worker only computes (``run_job``: the run's KPI and flow tables); this process writes each
finished run to ``OUT/runs/`` at once, as a whole file or not at all, so workers need no
shared file system and a batch stopped at any moment keeps every run it finished.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context, resource_tracker
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..scenario.loader import ScenarioError, load_scenario

__all__ = [
    "BatchInterrupted",
    "TABLES",
    "keep_tables",
    "run_and_keep",
    "run_job",
    "RunStore",
    "code_version",
    "execute",
    "write_set",
]

Job = tuple[int, str, list[str], dict[str, object], int, int]


class BatchInterrupted(Exception):
    """The batch was stopped; the finished runs are kept for a resume."""


#: The tables a batch keeps of each run, in the order ``run_job`` returns them.
TABLES = ("kpis", "flows", "migration", "region")


def run_job(job: Job) -> tuple[int, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One run (a top-level function, as spawn and dask require): its index, KPIs, flows
    aggregated over municipalities, movers by origin, destination and age, and the region's
    KPIs per step (made here, in the worker, rather than by the main process at the end),
    each tagged with scenario, factors, replicate and seed.
    The run's warnings are not printed here but go back with it, as text, in
    ``kpis.attrs["notes"]`` (sim.experiments.batch says each once per batch)."""
    import warnings

    from ..outputs.results import region_table
    from ..outputs.run import run
    from ..scenario.loader import ScenarioNote

    index, file, overrides, combo, replicate, seed = job
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scenario = load_scenario(file, overrides=overrides)
        warnings.simplefilter("ignore", ScenarioNote)  # run() reloads it: said just above
        results = run(scenario, seed=seed)
    tag = {"scenario": scenario.name, **combo, "replicate": replicate, "seed": seed}
    flows = results.flows.groupby(["step", "kind", "payer_type", "payee_type"], as_index=False)[
        "amount_yen"
    ].sum()
    kpis = results.kpis.assign(**tag)
    kpis.attrs["notes"] = list(dict.fromkeys(str(w.message) for w in caught))
    region = region_table(results.kpis).assign(**tag)
    return index, kpis, flows.assign(**tag), results.migration.assign(**tag), region


def keep_tables(folder: Path, index: int, tables) -> None:
    """Write one run's tables into a run store's folder (``RunStore``), from any process: in
    order, the last last, so a run counts as done only once every file exists, whole."""
    for name, table in zip(TABLES, tables, strict=True):
        partial = Path(folder) / f"{index:06d}.{name}.partial"
        table.to_parquet(partial, index=False)
        os.replace(partial, Path(folder) / f"{index:06d}.{name}.parquet")


def run_and_keep(job: Job, folder: Path) -> tuple[int]:
    """A local worker's task: one run, its tables written into the store by the worker
    itself, so that the main process, which shares the cores, only counts it."""
    index, *tables = run_job(job)
    keep_tables(folder, index, tables)
    return (index,)


def code_version() -> dict[str, object]:
    """The code that makes the runs: dxsim's version, git commit and whether tracked files
    differ from it (as in manifest.json)."""
    from ..outputs.provenance import git_commit, git_dirty, package_versions

    return {
        "dxsim": package_versions()["dxsim"],
        "git_commit": git_commit(),
        "git_dirty": git_dirty(),
    }


def _described(code: dict | None) -> str:
    if not code:
        return "a dxsim that did not record its version"
    commit = str(code.get("git_commit") or "unknown")[:12]
    dirty = " with uncommitted changes" if code.get("git_dirty") else ""
    return f"dxsim {code.get('dxsim')}, commit {commit}{dirty}"


class RunStore:
    """The finished runs of a batch folder (``OUT/runs/``), for one design and one version of
    the code only.

    ``runs/design.sha256`` is the design's digest (experiment, scenario files, overrides) and
    ``runs/code.json`` the code that made the runs (``code_version``). Kept runs of another
    design are discarded; kept runs of the same design made by another code version are
    refused (a ScenarioError naming both versions: resuming would mix two models in one
    table), unless ``fresh``, which discards them.
    """

    def __init__(
        self, out: Path, design: dict, fresh: bool = False, code: dict | None = None
    ) -> None:
        self.folder = Path(out) / "runs"
        code = code_version() if code is None else code
        digest = hashlib.sha256(json.dumps(design, sort_keys=True).encode()).hexdigest()
        stamp, made_by = self.folder / "design.sha256", self.folder / "code.json"
        stale = not stamp.exists() or stamp.read_text() != digest
        kept = len(list(self.folder.glob(f"*.{TABLES[-1]}.parquet"))) if self.folder.exists() else 0
        if kept and not fresh and not stale:
            try:
                before = json.loads(made_by.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                before = None  # kept by a dxsim older than code.json
            if before != code:
                raise ScenarioError(
                    [
                        f"{self.folder}: its {kept} kept runs were made by "
                        f"{_described(before)}; this is {_described(code)}. Resuming would "
                        "mix runs of two versions of the model in one table: run the same "
                        "command with --fresh to discard them and start over (or finish them "
                        "with the version that made them)"
                    ]
                )
        if self.folder.exists() and (fresh or stale):
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest)
        made_by.write_text(json.dumps(code, sort_keys=True) + "\n", encoding="utf-8")

    def _path(self, index: int, name: str) -> Path:
        return self.folder / f"{index:06d}.{name}.parquet"

    def done(self, index: int) -> bool:
        return all(self._path(index, n).exists() for n in TABLES)

    def keep(self, index: int, *tables: pd.DataFrame) -> None:
        keep_tables(self.folder, index, tables)

    def load(self, index: int, name: str) -> pd.DataFrame:
        """One kept table of one run."""
        return pd.read_parquet(self._path(index, name))

    def schema(self, index: int, name: str) -> pa.Schema:
        """The columns of one kept table of one run, read from its file's metadata alone."""
        return pq.read_schema(self._path(index, name))

    def notes(self, index: int) -> list[str]:
        """The notes of one run (``kpis.attrs["notes"]``), read from its file's metadata alone:
        a batch of hundreds of large runs need not load them all to say its notes."""
        meta = pq.read_schema(self._path(index, "kpis")).metadata or {}
        attrs = json.loads(meta.get(b"PANDAS_ATTRS", b"{}"))  # pandas' own key, or pyarrow's:
        attrs = attrs or json.loads(meta.get(b"pandas", b"{}")).get("attributes") or {}
        return [str(n) for n in attrs.get("notes") or ()]

    def remove(self) -> None:
        shutil.rmtree(self.folder)


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to this process, which stops them and keeps the finished runs.
    They start with SIGINT blocked (``_held_signals``, inherited), so that a Ctrl-C while
    they import waits; ignoring it here discards it, and unblocking is then harmless."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def _held_signals(block: bool = False, replay: bool = False) -> Iterator[list[int]]:
    """SIGINT and SIGTERM received meanwhile are noted (in the yielded list) instead of
    interrupting; on leaving, the earlier handlers are back and, with ``replay``, the noted
    signals are raised again, so none is lost. ``block`` also blocks SIGINT in this thread:
    processes started meanwhile inherit the block (and ignore SIGINT once they can, see
    ``_ignore_interrupt``), so that a Ctrl-C in the terminal while they start neither kills
    them nor is lost here. Outside the main thread, nothing is held."""
    got: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield got
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, frame: got.append(signum)) for s in signals}
    if block:
        # multiprocessing starts its resource tracker with SIGINT blocked and then unblocks
        # it, which would undo this block: start it first
        resource_tracker.ensure_running()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield got
    finally:
        if block:  # a Ctrl-C held by the block arrives now, and is noted
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        for s, handler in previous.items():
            signal.signal(s, handler)
        if replay:
            for s in dict.fromkeys(got):
                signal.raise_signal(s)  # as if it came now: KeyboardInterrupt, as a rule


@contextlib.contextmanager
def quiet_children() -> Iterator[None]:
    """Start dask's worker processes with Ctrl-C ignored (the disposition is inherited), so
    that a Ctrl-C in the terminal reaches this process only, which stops them without
    tracebacks. (dask starts them from its own threads, which a signal mask of this thread
    does not reach; local worker processes use ``_held_signals``, which loses no Ctrl-C.)"""
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


def _processes(jobs: list[Job], workers: int, keep_in: Path | None = None) -> Iterator[tuple]:
    """Run the jobs on local worker processes; with ``keep_in``, each worker writes its runs
    into that store itself and sends back only the index."""
    pool = None
    task = run_job if keep_in is None else functools.partial(run_and_keep, folder=keep_in)
    try:
        # a Ctrl-C or SIGTERM while the workers start is held, then raised (not lost)
        with _held_signals(block=True, replay=True):
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=get_context("spawn"), initializer=_ignore_interrupt
            )
            futures = [pool.submit(task, job) for job in jobs]  # starts the workers
        for future in as_completed(futures):
            yield future.result()
    finally:
        if pool is not None:
            _stop(pool)


def _stop(pool: ProcessPoolExecutor, grace: float = 5.0) -> None:
    """Stop the pool's workers now, and never wait long: SIGTERM, SIGKILL after ``grace``
    seconds or at once on another Ctrl-C or SIGTERM (held meanwhile), no orphan left. The
    pool is not waited for: its manager thread may be reading a result that a worker stopped
    in the middle of sending, which is ended by closing this process's end of the pipe."""
    with _held_signals() as again:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        manager = getattr(pool, "_executor_manager_thread", None)
        results = getattr(pool, "_result_queue", None)
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(OSError, ValueError):
                process.terminate()
        deadline = time.monotonic() + grace
        while not again and time.monotonic() < deadline and any(p.is_alive() for p in processes):
            time.sleep(0.05)
        for process in processes:
            with contextlib.suppress(OSError, ValueError):
                if process.is_alive():
                    process.kill()
        for process in processes:
            process.join(timeout=5)
        writer = getattr(results, "_writer", None)
        if manager is not None and manager.is_alive() and writer is not None:
            with contextlib.suppress(OSError):
                writer.close()  # the workers are gone: a read stuck mid-result ends (EOF)
        if manager is not None:
            manager.join(timeout=5)


def execute(
    jobs: list[Job],
    store: RunStore,
    total: int,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    lost: tuple[str, float] = ("wait", 120.0),
) -> None:
    """Run the jobs not yet done and keep each as it finishes; raise BatchInterrupted (the
    finished runs kept) on Ctrl-C, SIGTERM (turned into KeyboardInterrupt by the CLI) or a
    lost worker. A Ctrl-C while local workers start is not lost, and the workers are stopped
    within seconds (at once on a second Ctrl-C)."""
    from .batch_dask import WorkersLost, run_on_dask

    todo = [job for job in jobs if not store.done(job[0])]
    done = total - len(todo)
    if progress:
        progress(done, total)
    if scheduler:
        finished = run_on_dask(todo, workers, scheduler, lost)
    elif workers > 1:
        finished = _processes(todo, workers, keep_in=store.folder)
    else:
        finished = _serial(todo)
    try:
        for index, *tables in finished:
            if tables:  # a local worker has kept its run already
                store.keep(index, *tables)
            done += 1
            if progress:
                progress(done, total)
    except (KeyboardInterrupt, BrokenProcessPool, WorkersLost) as exc:
        finished.close()  # stops the workers
        reason = (
            "a worker was lost"
            if isinstance(exc, BrokenProcessPool)
            else str(exc)
            if isinstance(exc, WorkersLost)
            else "stopped"
        )
        raise BatchInterrupted(
            f"{reason}: {done} of {total} runs are kept in {store.folder}; run the same "
            "command again to resume (--fresh starts over)"
        ) from None


def write_set(
    out: Path,
    writers: dict[str, Callable[[Path], None]],
    then: Callable[[], None] | None = None,
) -> None:
    """Write the files ``writers`` names into ``out`` as one set: each writer writes to a
    temporary name in ``out``, then all are renamed in their order (put the manifest last)
    and ``then`` is called, with Ctrl-C and SIGTERM held. Stopped before the renames, ``out``
    keeps its earlier files and no temporary one: the old set or the new, never a mix."""
    out = Path(out)
    _remove_stale(out, writers)
    temporary = {name: out / f".{name}.{os.getpid()}.partial" for name in writers}
    try:
        for name, write in writers.items():
            write(temporary[name])
        with _held_signals():  # a signal now is noted and dropped: the set is complete
            for name, path in temporary.items():
                os.replace(path, out / name)
            if then is not None:
                then()
    finally:
        for path in temporary.values():
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def _remove_stale(out: Path, names: Iterable[str]) -> None:
    """Remove the temporary files of an earlier write_set that was killed (SIGKILL, power
    loss) before it could remove them: ``.NAME.PID.partial`` whose process is gone."""
    for name in names:
        for path in out.glob(f".{name}.*.partial"):
            pid = path.name.removeprefix(f".{name}.").removesuffix(".partial")
            if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
                continue
            with contextlib.suppress(OSError):
                path.unlink()


def _alive(pid: int) -> bool:
    """Whether a process of that id exists (then its files are left to it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
