"""Scenario discovery: PRIM must find a planted box; feature scores rank an idle input last."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_helpers import fake_batch

from sim.cli.main import main
from sim.experiments.discover import discover, feature_scores
from sim.scenario.loader import ScenarioError


def planted(n: int = 600, seed: int = 3):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(size=(n, 3)), columns=["a", "b", "idle"])
    inside = (x.a > 0.6) & (x.b < 0.3)
    return x, inside.to_numpy()


def test_prim_finds_the_planted_box():
    x, y = planted()
    found = discover(x, y, density=0.9)
    limits = found.limits.set_index("input")
    assert set(limits.index) == {"a", "b"}  # the idle input is not restricted
    assert limits.loc["a", "low"] == pytest.approx(0.6, abs=0.05)
    assert limits.loc["b", "high"] == pytest.approx(0.3, abs=0.05)
    chosen = found.trajectory[found.trajectory.chosen].iloc[0]
    assert chosen.density >= 0.9 and chosen.coverage > 0.9
    assert found.trajectory.coverage.iloc[0] == 1 and found.cases == int(y.sum())
    assert (limits.qp < 0.001).all()


def test_feature_scores_rank_the_idle_input_last():
    x, y = planted()
    scores = feature_scores(x, y, x.a.to_numpy() + (x.b < 0.3))
    assert scores.input.iloc[-1] == "idle"
    assert scores.set_index("input").outcome.idxmin() == "idle"
    assert scores.interest.sum() == pytest.approx(1)


def test_nothing_or_everything_of_interest_is_refused():
    x, y = planted(50)
    with pytest.raises(ScenarioError, match="no run passes the threshold"):
        discover(x, np.zeros(50, bool))
    with pytest.raises(ScenarioError, match="every run passes"):
        discover(x, np.ones(50, bool))


def test_cli_on_a_sampled_batch(tmp_path, capsys):
    """A Latin design over two parameters; population falls where p1 > 0.5 (p2 is idle)."""
    exp = {
        "design": {
            "method": "latin",
            "samples": 80,
            "parameters": {
                "p1": {"path": "a.b", "bounds": [0, 1]},
                "p2": {"path": "a.c", "bounds": [0, 1]},
            },
        }
    }
    from sim.experiments.experiment import Experiment

    points = Experiment.model_validate({"scenarios": ["x"], **exp}).combinations()
    rows = [
        {
            "scenario": "s",
            **p,
            "replicate": 0,
            "seed": 1,
            "level": 100,
            "slope": -1 if p["p1"] > 0.5 else 0,
        }
        for p in points
    ]
    folder = fake_batch(tmp_path / "b", exp, pd.DataFrame(rows))
    code = main(
        [
            "discover",
            str(folder),
            "--outcome",
            "loss=population:relchange",
            "--threshold",
            "-0.1",
            "--below",
            "--density",
            "1",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "below -0.1: 40 of 80 runs" in out
    box = pd.read_csv(tmp_path / "o" / "discover_loss_box.csv")
    assert box.input.tolist() == ["p1"] and box.low[0] == pytest.approx(0.5, abs=0.02)
    assert (tmp_path / "o" / "discover_loss_trajectory.svg").exists()
    features = pd.read_csv(tmp_path / "o" / "discover_loss_features.csv")
    assert features.input.tolist() == ["p1", "p2"]
