"""Batches: tidy outputs, common random numbers, the same bytes whatever the workers."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from sim.batch import load_experiment, run_batch
from sim.cli import main
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


def test_batch_output_does_not_depend_on_workers(design, tmp_path):
    experiment, files = design
    one = run_batch(experiment, files, tmp_path / "w1", workers=1, overrides=QUICK)
    two = run_batch(experiment, files, tmp_path / "w2", workers=2, overrides=QUICK)
    for name in ("kpis.parquet", "region.parquet", "flows.parquet"):
        assert _digest(one / name) == _digest(two / name)


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
