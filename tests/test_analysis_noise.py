"""Sensitivity that knows the noise: a parameter with no effect must come out as seed noise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_helpers import fake_batch

from sim.cli.main import main
from sim.experiments.experiment import Experiment
from sim.experiments.sensitivity import analyze

PARAMS = {"x1": {"path": "a.b", "bounds": [0, 1]}, "idle": {"path": "a.c", "bounds": [0, 1]}}


def noisy_batch(folder, method: str, samples: int, replicates: int, sd: float = 3.0):
    """KPI = 10 x1 + seed noise of ``sd``; ``idle`` does nothing."""
    exp = {
        "replicates": replicates,
        "design": {"method": method, "samples": samples, "parameters": PARAMS},
    }
    points = Experiment.model_validate({"scenarios": ["x"], **exp}).combinations()
    rng = np.random.default_rng(11)
    rows = [
        {
            "scenario": "s",
            **p,
            "replicate": r,
            "seed": 1 + r,
            "level": 10 * p["x1"] + rng.normal(0, sd),
            "slope": 0,
        }
        for p in points
        for r in range(replicates)
    ]
    return fake_batch(folder, exp, pd.DataFrame(rows), steps=3)


@pytest.mark.parametrize("method,samples", [("sobol", 64), ("morris", 30), ("latin", 60)])
def test_an_idle_parameter_is_within_noise_and_an_active_one_is_not(tmp_path, method, samples):
    table = analyze(noisy_batch(tmp_path / method, method, samples, 4), "population")
    flags = table.set_index("parameter").within_noise
    assert not flags["x1"] and flags["idle"]
    footer = table.attrs["footer"]
    assert "within_noise:" in footer
    if method != "latin":
        assert "warning: within seed noise (no effect can be told from the seed's): idle" in footer
        share = table.attrs["seed_share"]  # noise var 9 / 4 runs against 100/12 + 2.25
        assert 0.1 < share < 0.35
        assert "of the variance of the means of 4 replicates analysed" in footer


def test_one_replicate_says_the_noise_is_unknown(tmp_path, capsys):
    folder = noisy_batch(tmp_path / "one", "sobol", 64, 1, sd=30.0)
    table = analyze(folder, "population")
    assert "within_noise" not in table.columns
    assert "seed noise unknown: 1 replicate per point" in table.attrs["footer"]
    assert "the total indices sum to" in table.attrs["footer"]  # noise everywhere: ST ~ 1 each
    assert main(["sensitivity", str(folder), "--outcome", "end=population:at:end"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("end: population (region) at end, mean of 1 replicate per point")
    assert (folder / "sensitivity_end.csv").exists()
