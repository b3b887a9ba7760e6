"""Two faults of batches: stale temporary tables after a kill, and a dask cluster without
workers that a batch waited for silently."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sim.experiments.batch import BatchInterrupted, Experiment, run_batch
from sim.experiments.batch_dask import run_on_dask
from sim.experiments.batch_exec import write_set

ROOT = Path(__file__).resolve().parents[1]
KAMISHIHORO = ROOT / "scenarios" / "kamishihoro.yaml"


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporary_tables_of_a_killed_write_are_removed(tmp_path):
    dead = tmp_path / f".kpis.parquet.{_dead_pid()}.partial"
    dead.write_bytes(b"x" * 1000)  # as a SIGKILL during the final write leaves them
    alive = tmp_path / f".kpis.parquet.{os.getppid()}.partial"  # another batch, writing now
    alive.write_bytes(b"y")
    other = tmp_path / ".notes.txt.partial"
    other.write_bytes(b"z")
    write_set(tmp_path, {"kpis.parquet": lambda p: p.write_bytes(b"new")})
    assert (tmp_path / "kpis.parquet").read_bytes() == b"new"
    assert not dead.exists() and alive.exists() and other.exists()


def test_a_sigkill_while_writing_leaves_nothing_a_later_batch_keeps(tmp_path):
    """A writer killed (SIGKILL) between writing and renaming; the next write cleans up."""
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from sim.experiments.batch_exec import write_set\n"
        "def kill(path):\n"
        "    path.write_bytes(b'x' * 4096)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "write_set(Path(sys.argv[1]), {'kpis.parquet': kill})\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, check=False)
    assert done.returncode == -9
    assert len(list(tmp_path.glob(".kpis.parquet.*.partial"))) == 1
    write_set(tmp_path, {"kpis.parquet": lambda p: p.write_bytes(b"new")})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kpis.parquet"]


@pytest.fixture
def empty_cluster():
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=0, processes=False, dashboard_address=None)
    yield cluster
    cluster.close()


def _experiment() -> Experiment:
    return Experiment.model_validate(
        {
            "name": "lost",
            "scenarios": [str(KAMISHIHORO)],
            "replicates": 1,
            "set": ["run.years=1", "run.scale=50"],
        }
    )


def test_a_cluster_without_workers_stops_the_batch_when_asked(empty_cluster, tmp_path):
    start = time.monotonic()
    with pytest.raises(BatchInterrupted, match="has had no worker for 1 s: 0 of 1 runs are kept"):
        run_batch(
            _experiment(),
            [KAMISHIHORO],
            tmp_path / "b",
            scheduler=empty_cluster.scheduler_address,
            lost=("stop", 1.0),
        )
    assert time.monotonic() - start < 30


def test_a_cluster_without_workers_is_said_and_waited_for(empty_cluster):
    job = (0, str(KAMISHIHORO), ["run.years=1", "run.scale=50"], {}, 0, 1)
    said: list[str] = []
    results: list[tuple] = []
    runs = run_on_dask([job], 1, empty_cluster.scheduler_address, ("wait", 0.5), said.append)
    worker = threading.Thread(target=lambda: results.extend(runs))
    worker.start()
    deadline = time.monotonic() + 30
    while not said and time.monotonic() < deadline:
        time.sleep(0.1)
    assert said and "has had no worker for 0.5 s; 1 runs wait for one" in said[0]
    assert not results  # still waiting
    empty_cluster.scale(1)
    worker.join(timeout=60)
    assert len(results) == 1 and results[0][0] == 0
    assert said[-1] == "the dask cluster has workers again; the batch goes on"
