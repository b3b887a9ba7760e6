"""Batches: tidy outputs, common random numbers, the same bytes whatever the workers."""

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from sim.cli.main import main
from sim.experiments.batch import BatchInterrupted, load_experiment, run_batch
from sim.scenario.loader import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
QUICK = ["run.years=1", "run.scale=40"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def design():
    experiment, files = load_experiment(ROOT / "experiments" / "centralization.yaml")
    return experiment.model_copy(update={"replicates": 2}), files[:2]


def test_batch_is_tidy_and_uses_common_seeds(design, tmp_path):
    experiment, files = design
    out = run_batch(experiment, files, tmp_path / "b", workers=1, overrides=QUICK)
    kpis = pd.read_parquet(out / "kpis.parquet")
    assert list(kpis.columns[:3]) == ["scenario", "replicate", "seed"]
    runs = kpis[["scenario", "replicate", "seed"]].drop_duplicates()
    assert len(runs) == 4
    assert sorted(runs.groupby("scenario").seed.apply(tuple).unique()) == [(1, 2)]
    region = pd.read_parquet(out / "region.parquet")
    assert set(region.scenario) == set(kpis.scenario)
    assert (out / "manifest.json").exists() and (out / "flows.parquet").exists()


def test_batch_output_does_not_depend_on_workers_or_back_end(design, tmp_path):
    """In this process, in 2 local processes, on a local dask cluster of 2 workers: the
    same bytes."""
    experiment, files = design
    one = run_batch(experiment, files, tmp_path / "w1", workers=1, overrides=QUICK)
    two = run_batch(experiment, files, tmp_path / "w2", workers=2, overrides=QUICK)
    dask = run_batch(
        experiment, files, tmp_path / "dask", workers=2, overrides=QUICK, scheduler="local"
    )
    for name in ("kpis.parquet", "region.parquet", "flows.parquet"):
        assert _digest(one / name) == _digest(two / name) == _digest(dask / name)
    manifest = json.loads((dask / "manifest.json").read_text())
    assert manifest["scheduler"] == "local" and manifest["resumed_runs"] == 0


def test_bad_experiment_or_override_stops_before_running(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenarios: [nosuch.yaml]\n")
    with pytest.raises(ScenarioError, match="file not found"):
        load_experiment(bad)
    out = tmp_path / "never"
    code = main(
        [
            "batch",
            str(ROOT / "experiments" / "centralization.yaml"),
            "--set",
            "run.years=-1",
            "--out",
            str(out),
        ]
    )
    assert code == 2 and not out.exists()
    assert "Traceback" not in capsys.readouterr().err


def test_an_interrupted_batch_resumes_to_the_same_bytes(design, tmp_path):
    """Stopped after two runs (as by Ctrl-C), the same call finishes the other two only; the
    tables equal those of a batch never stopped."""
    experiment, files = design
    whole = run_batch(experiment, files, tmp_path / "whole", workers=1, overrides=QUICK)

    def stop_after_two(done, total):
        if done == 2:
            raise KeyboardInterrupt

    out = tmp_path / "stopped"
    with pytest.raises(BatchInterrupted, match="2 of 4 runs are kept"):
        run_batch(experiment, files, out, workers=1, overrides=QUICK, progress=stop_after_two)
    assert len(list((out / "runs").glob("*.kpis.parquet"))) == 2
    assert not (out / "kpis.parquet").exists()
    seen = []
    run_batch(
        experiment, files, out, workers=2, overrides=QUICK, progress=lambda d, t: seen.append(d)
    )
    assert seen[0] == 2 and seen[-1] == 4  # two kept, two run
    assert not (out / "runs").exists()  # complete: the part files are gone
    for name in ("kpis.parquet", "flows.parquet", "region.parquet"):
        assert _digest(out / name) == _digest(whole / name)


def test_kept_runs_of_another_design_or_fresh_are_not_reused(design, tmp_path):
    experiment, files = design

    def stop_after_one(done, total):
        if done == 1:
            raise KeyboardInterrupt

    out = tmp_path / "b"
    with pytest.raises(BatchInterrupted):
        run_batch(experiment, files, out, workers=1, overrides=QUICK, progress=stop_after_one)
    seen = []
    other = [*QUICK, "run.scale=20"]  # a different design
    with pytest.raises(BatchInterrupted):
        run_batch(experiment, files, out, workers=1, overrides=other, progress=stop_after_one)
    run_batch(
        experiment, files, out, workers=1, overrides=QUICK, progress=lambda d, t: seen.append(d)
    )
    assert seen[0] == 0  # the kept run belonged to the other design
    with pytest.raises(BatchInterrupted):
        run_batch(experiment, files, out, workers=1, overrides=QUICK, progress=stop_after_one)
    seen.clear()
    run_batch(
        experiment, files, out, fresh=True, overrides=QUICK, progress=lambda d, t: seen.append(d)
    )
    assert seen[0] == 0


def test_a_killed_batch_stops_its_workers_and_keeps_its_runs(tmp_path):
    """SIGTERM to `dxsim batch`: exit 130 with a message, no worker left running, and the
    same command resumes."""
    import os
    import signal
    import subprocess
    import sys
    import time

    exp = tmp_path / "exp.yaml"
    exp.write_text(
        f"name: killed\nscenarios: [{ROOT / 'scenarios' / 'kamishihoro_baseline.yaml'}]\n"
        "replicates: 12\nset: [run.years=3, run.scale=2]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "sim.cli.main", "batch", str(exp), "--workers", "2", "--quiet"]
    proc = subprocess.Popen([*cmd, "--out", str(out)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("runs/*.kpis.parquet"))) < 2:
        time.sleep(0.2)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "runs are kept" in err and "Traceback" not in err
    time.sleep(0.5)
    alive = [c for c in children if Path(f"/proc/{c}").exists() and _not_zombie(c)]
    assert not alive, f"workers left running: {alive}"
    kept = len(list(out.glob("runs/*.kpis.parquet")))
    assert 2 <= kept < 12
    done = subprocess.run([*cmd, "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert pd.read_parquet(out / "kpis.parquet").replicate.nunique() == 12
    assert os.path.exists(out / "manifest.json")


def _not_zombie(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_experiment_mistakes_name_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\n"
        f"scenarios:\n  - {ROOT / 'scenarios' / 'kamishihoro.yaml'}\n  - nosuch.yaml\n"
        "replicats: 3\n"
        "factors:\n  x: {path: run.years, valus: [1]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as err:
        load_experiment(bad)
    message = str(err.value)
    assert f"{bad}:5: replicats: unknown key 'replicats'; did you mean 'replicates'?" in message
    assert f"{bad}:7: factors.x.valus: unknown key 'valus'; did you mean 'values'?" in message
    bad.write_text(bad.read_text().replace("replicats: 3\n", "").replace("valus", "values"))
    with pytest.raises(ScenarioError, match=r"bad.yaml:4: scenarios.1: .*nosuch.yaml: file not"):
        load_experiment(bad)
