"""A batch's runs on a dask.distributed cluster, and what it does when the cluster has no worker.

Split from ``sim.experiments.batch_exec`` (local processes, kept runs, writing the tables): a dask
cluster can lose every worker, and a batch then waited silently forever; here it says so
after a while and keeps waiting or stops, as the user chose (``--lost-workers``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

from .batch_exec import Job, quiet_children, run_job

__all__ = ["WorkersLost"]


class WorkersLost(Exception):
    """The dask cluster has had no worker for longer than the batch was told to wait."""


def _say(text: str) -> None:
    import sys

    print(f"dxsim: {text}", file=sys.stderr, flush=True)


def run_on_dask(
    jobs: list[Job],
    workers: int,
    scheduler: str,
    lost: tuple[str, float] = ("wait", 120.0),
    say: Callable[[str], None] = _say,
) -> Iterator[tuple]:
    """On a dask.distributed cluster (``scheduler`` its address), or on a local one of
    ``workers`` processes (``scheduler`` "local"). Workers need dxsim installed, not the
    files of this machine beyond the scenarios, which travel as paths: keep them on a path
    the workers see, or run from a shared folder. A cluster with no worker for ``lost[1]``
    seconds is said once; then the batch keeps waiting (``lost[0]`` "wait": workers may
    come back) or stops with WorkersLost ("stop"), rather than waiting silently forever."""
    from distributed import Client, LocalCluster, wait

    cluster = None
    if scheduler == "local":
        with quiet_children():
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
    action, patience = lost
    poll = max(min(patience / 4, 2.0), 0.05)
    pending, alone_since, said = set(futures), None, False
    try:
        while pending:
            try:
                done, pending = wait(pending, timeout=poll, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for future in done:
                yield future.result()
            if done or client.nthreads():
                if said:
                    say("the dask cluster has workers again; the batch goes on")
                alone_since, said = None, False
                continue
            alone_since = alone_since or time.monotonic()
            if not said and time.monotonic() - alone_since >= patience:
                where = "the local cluster" if cluster is not None else scheduler
                if action == "stop":
                    raise WorkersLost(
                        f"the dask cluster at {where} has had no worker for {patience:g} s"
                    )
                say(
                    f"the dask cluster at {where} has had no worker for {patience:g} s; "
                    f"{len(pending)} runs wait for one (start workers, or press Ctrl-C to stop "
                    "and keep the finished runs; --lost-workers stop stops by itself)"
                )
                said = True
    finally:
        client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()
