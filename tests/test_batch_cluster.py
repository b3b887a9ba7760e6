"""A batch on a dask cluster started as a cluster user would (docs/batch.md): a `dask
scheduler` process, `dask worker` processes started in another folder, and `dxsim batch
--scheduler tcp://...`. The tables must be the same bytes as from the local process pool."""

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
QUICK = ["--set", "run.years=1", "--set", "run.scale=40", "--replicates", "2"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s")


@pytest.mark.skipif(shutil.which("dask", path=str(BIN)) is None, reason="needs dask's CLI")
def test_batch_on_a_started_dask_cluster_gives_the_local_bytes(tmp_path):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__LOGGING__DISTRIBUTED": "error"}
    elsewhere = tmp_path / "worker_home"  # workers start in another folder
    elsewhere.mkdir()
    processes = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port)]
            + ["--no-dashboard"],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        _wait_for_port(port, 60)
        processes.append(
            subprocess.Popen(
                [str(BIN / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1"]
                + ["--no-dashboard"],
                cwd=elsewhere,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        experiment = "experiments/centralization.yaml"  # relative to the project folder
        batch = [str(BIN / "dxsim"), "batch", experiment, *QUICK]
        on_cluster = subprocess.run(
            [*batch, "--scheduler", address, "--out", str(tmp_path / "cluster")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert on_cluster.returncode == 0, on_cluster.stderr
        local = subprocess.run(
            [*batch, "--workers", "2", "--out", str(tmp_path / "local")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert local.returncode == 0, local.stderr
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    manifest = json.loads((tmp_path / "cluster" / "manifest.json").read_text())
    assert manifest["scheduler"] == address
    for name in ("kpis.parquet", "region.parquet", "flows.parquet"):
        assert _digest(tmp_path / "cluster" / name) == _digest(tmp_path / "local" / name), name
