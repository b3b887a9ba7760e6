"""Levers against uncertainties: lever sets run in every future; regret and satisficing."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_helpers import fake_batch

from sim.cli.main import main
from sim.experiments.experiment import Experiment
from sim.experiments.outcomes import open_batch, outcome_table, parse_outcome
from sim.experiments.robustness import robustness

EXP = {
    "replicates": 2,
    "levers": {"policy": {"path": "a.b", "values": ["safe", "bold"]}},
    "uncertainties": {"samples": 4, "parameters": {"u": {"path": "a.c", "bounds": [0, 1]}}},
}


def test_every_lever_set_runs_in_the_same_futures():
    exp = Experiment.model_validate({"scenarios": ["x"], **EXP})
    combos = exp.combinations()
    assert exp.columns() == ["policy", "future", "u"]
    assert len(combos) == 8 and [c["future"] for c in combos] == [0, 1, 2, 3] * 2
    assert [c["u"] for c in combos[:4]] == [c["u"] for c in combos[4:]]
    assert exp.overrides(combos[0]) == ["a.b=safe", f"a.c={combos[0]['u']}"]
    with pytest.raises(ValueError, match="one kind of design"):
        Experiment.model_validate(
            {"scenarios": ["x"], **EXP, "factors": {"f": {"path": "q", "values": [1]}}}
        )


@pytest.fixture
def batch(tmp_path):
    """'safe' gives 10 in every future; 'bold' gives 0, 20, 20, 20 (its two replicates
    differ by +-1, which the per-future mean removes)."""
    combos = Experiment.model_validate({"scenarios": ["x"], **EXP}).combinations()
    rows = []
    for c in combos:
        value = 10 if c["policy"] == "safe" else (0 if c["future"] == 0 else 20)
        for r in range(2):
            noise = 0 if c["policy"] == "safe" else (1 if r else -1)
            rows.append(
                {
                    "scenario": "s",
                    **c,
                    "replicate": r,
                    "seed": 1 + r,
                    "level": value + noise,
                    "slope": 0,
                }
            )
    return open_batch(fake_batch(tmp_path / "r", EXP, pd.DataFrame(rows)))


def test_regret_and_satisficing_are_the_known_ones(batch):
    table = outcome_table(batch, dict([parse_outcome("v=population")]))
    result = robustness(batch, table, "v", maximize=True, threshold=5).set_index("policy")
    assert result.loc["safe"].to_dict() == pytest.approx(
        {
            "mean": 10,
            "worst": 10,
            "max_regret": 10,
            "mean_regret": 7.5,
            "p90_regret": 10,
            "best_in": 0.25,
            "satisficing": 1.0,
        }
    )
    assert result.loc[
        "bold", ["mean", "worst", "max_regret", "mean_regret", "satisficing"]
    ].tolist() == pytest.approx([15, 0, 10, 2.5, 0.75])
    low = robustness(batch, table, "v", maximize=False).set_index("policy")
    assert low.loc["safe", "max_regret"] == 10 and low.loc["bold", "max_regret"] == 10
    assert low.loc["bold", "mean_regret"] == pytest.approx(7.5)


def test_cli_writes_the_table(batch, tmp_path, capsys):
    assert (
        main(
            [
                "robustness",
                str(batch.folder),
                "--outcome",
                "v=population",
                "--threshold",
                "5",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("robustness of 2 lever sets over 4 futures (v, higher is better")
    assert "satisficing: share of futures where it is at least 5" in out
    assert len(pd.read_csv(tmp_path / "robustness_v.csv")) == 2
