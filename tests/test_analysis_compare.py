"""Paired differences under common random numbers, on batches made by hand with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_helpers import fake_batch

from sim.cli.main import main
from sim.experiments import compare
from sim.experiments.outcomes import open_batch, outcome_table, parse_outcome
from sim.scenario.loader import ScenarioError

R = 60


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Every replicate shares a large noise (sd 100) across scenarios; 'plus5' is exactly
    the baseline + 5, 'noisy' + 5 with its own noise of sd 1, 'same' + 0 with noise of sd 1."""
    rng = np.random.default_rng(7)
    shared = 1000 + rng.normal(0, 100, R)
    rows = []
    for name, shift, own in (("base", 0, 0), ("plus5", 5, 0), ("noisy", 5, 1), ("same", 0, 1)):
        level = shared + shift + rng.normal(0, own, R) * (own > 0)
        rows += [
            {"scenario": name, "replicate": r, "seed": 1 + r, "level": level[r], "slope": 0}
            for r in range(R)
        ]
    folder = fake_batch(tmp_path_factory.mktemp("c") / "b", {"name": "c"}, pd.DataFrame(rows))
    return open_batch(folder)


def test_a_known_paired_difference_is_found_with_its_interval(batch):
    table = outcome_table(batch, dict([parse_outcome("pop=population")]))
    base = compare.baseline_of(batch, "base", table)
    s = compare.summary(batch, table, base, table.attrs["labels"]).set_index("scenario")
    assert s.loc["plus5", "difference"] == pytest.approx(5)
    assert s.loc["plus5", ["ci_low", "ci_high"]].tolist() == pytest.approx([5, 5])
    assert s.loc["plus5", "sd_paired"] == pytest.approx(0, abs=1e-9)
    assert s.loc["plus5", "sd_unpaired"] > 100  # unpaired, the shared noise would swamp it
    noisy = s.loc["noisy"]
    assert noisy.ci_low < 5 < noisy.ci_high and noisy.ci_high - noisy.ci_low < 1
    same = s.loc["same"]
    assert same.ci_low < 0 < same.ci_high  # no effect: the interval holds 0
    assert (s.pairs == R).all() and "Only" not in s.attrs["footer"]


def test_bootstrap_interval_of_the_mean_covers_it_and_handles_ties():
    low, high = compare.bootstrap_ci(np.array([340, -120, -20, -120, 20, -120.0]))
    assert low < -3.3 < high
    assert compare.bootstrap_ci(np.array([2.0, 2.0, 2.0])) == (2.0, 2.0)
    lows, highs = compare.bootstrap_ci(np.array([[1.0, 0.0], [3.0, 0.0], [2.0, 0.0]]))
    assert lows[1] == highs[1] == 0 and lows[0] < 2 < highs[0]


def test_over_time_every_step_has_the_difference(batch):
    table = outcome_table(batch, dict([parse_outcome("population")]))
    diff = compare.over_time(batch, "population", compare.baseline_of(batch, "base", table), None)
    plus5 = diff[diff.scenario == "plus5"]
    assert len(plus5) == 25 and np.allclose(plus5.difference, 5)
    assert list(plus5.date[:2]) == ["2015-09", "2015-10"]


def test_a_factor_value_as_baseline_pairs_within_the_other_factors(tmp_path):
    exp = {
        "factors": {
            "d": {"path": "a.b", "values": [0.1, 0.9]},
            "c": {"path": "a.c", "values": [0, 1]},
        }
    }
    rows = [
        {
            "scenario": "s",
            "d": d,
            "c": c,
            "replicate": r,
            "seed": 1 + r,
            "level": 100 * r + (3 + 10 * c if d == 0.9 else 0),
            "slope": 0,
        }
        for d in (0.1, 0.9)
        for c in (0, 1)
        for r in range(4)
    ]
    batch = open_batch(fake_batch(tmp_path / "f", exp, pd.DataFrame(rows)))
    table = outcome_table(batch, dict([parse_outcome("population")]))
    base = compare.baseline_of(batch, "d=0.1", table)
    s = compare.summary(batch, table, base, table.attrs["labels"]).set_index(["d", "c"])
    assert s.loc[(0.9, 0), "difference"] == pytest.approx(3)
    assert s.loc[(0.9, 1), "difference"] == pytest.approx(13)
    assert "Only 4 pairs" in s.attrs["footer"]
    with pytest.raises(ScenarioError, match="not in this batch"):
        compare.baseline_of(batch, "d=0.5", table)
    with pytest.raises(ScenarioError, match="'x' is not a factor or lever"):
        compare.baseline_of(batch, "x=1", table)


def test_cli_writes_the_table_and_figures(batch, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "compare",
            str(batch.folder),
            "--baseline",
            "base",
            "--outcome",
            "pop=population",
            "--outcome",
            "births:sum:FY2016",
            "--out",
            str(out),
            "--lang",
            "ja",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.startswith("paired differences from base")
    table = pd.read_csv(out / "compare_base.csv")
    assert set(table.outcome) == {"pop", "births_sum"} and len(table) == 6
    for name in ("compare_base_population", "compare_base_outcomes"):
        assert (out / f"{name}.png").stat().st_size > 1000
        assert (out / f"{name}.svg").read_text().startswith("<?xml")
    assert main(["compare", str(batch.folder), "--baseline", "nobody"]) == 2
    assert "--baseline nobody: not in this batch" in capsys.readouterr().err
