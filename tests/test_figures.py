"""The docs' figures are made by the project's own code from batch outputs."""

from pathlib import Path

import pytest

from sim.experiments.batch import load_experiment, run_batch
from sim.outputs.figures import centralization, investment_loops

ROOT = Path(__file__).resolve().parents[1]


def _batch(name: str, out: Path, sets: list[str], replicates: int = 1) -> Path:
    experiment, files = load_experiment(ROOT / "experiments" / f"{name}.yaml")
    experiment = experiment.model_copy(update={"replicates": replicates})
    return run_batch(experiment, files, out, workers=1, overrides=sets)


@pytest.mark.slow
def test_centralization_figures(tmp_path):
    results = _batch("centralization", tmp_path / "c", ["run.years=8", "run.scale=40"])
    made = centralization(results, tmp_path / "fig")
    assert {p.name for p in made} >= {
        "cost_curve.png",
        "it_spending.png",
        "outages.png",
        "summary.md",
    }
    summary = (tmp_path / "fig" / "summary.md").read_text()
    assert all(s in summary for s in ("all_legacy", "regional_joint", "standard_rising_fees"))
    assert "By vendor" in summary
    # the running cost's parts add up to the ratio (a column of the same name cannot hide one)
    import numpy as np
    import pandas as pd

    from sim.model.it_costs import PARTS
    from sim.outputs.summaries import cost_ratios

    ratios = cost_ratios(pd.read_parquet(results / "kpis.parquet"))
    parts = [p for p in PARTS if p != "project"]
    assert np.allclose(ratios[parts].sum(axis=1), ratios.ratio)
    assert all(p.stat().st_size > 1000 for p in made)


@pytest.mark.slow
def test_investment_loop_figures(tmp_path):
    pair = _batch("kamishihoro_programs", tmp_path / "p", ["run.years=2", "run.scale=4"])
    loops = _batch("investment_loops", tmp_path / "l", ["run.years=2", "run.scale=8"])
    made = investment_loops(pair, loops, tmp_path / "fig")
    assert {p.name for p in made} >= {
        "population.png",
        "donations.png",
        "in_movers.png",
        "loops_grid.png",
        "loops_summary.md",
    }
    rows = (tmp_path / "fig" / "loops_summary.md").read_text().splitlines()
    assert len(rows) == 2 + 18  # header + 3 x 3 x 2 combinations


@pytest.mark.slow
def test_market_sensitivity_table_and_figure(tmp_path):
    """The vendor-market grid's table: one row per combination, the mandate's running cost
    after the switch rising with the price response when engineers are scarce."""
    from sim.outputs.figures_centralization import market_sensitivity

    experiment, files = load_experiment(ROOT / "experiments" / "centralization_sensitivity.yaml")
    factors = {k: v for k, v in experiment.factors.items() if k in ("price_response", "capacity")}
    factors["price_response"] = factors["price_response"].model_copy(update={"values": [0.0, 1.0]})
    factors["capacity"] = factors["capacity"].model_copy(update={"values": [0.7, 1.2]})
    experiment = experiment.model_copy(update={"replicates": 1, "factors": factors})
    results = run_batch(experiment, files, tmp_path / "s", workers=1, overrides=["run.scale=200"])
    summary, figure = market_sensitivity(results, tmp_path / "fig")
    rows = [r for r in summary.read_text().splitlines()[2:] if r]
    assert len(rows) == 4
    mean = {tuple(r.split(" | ")[:2]): float(r.split(" | ")[2].split()[0]) for r in rows}
    assert mean[("| 1", "0.7")] > mean[("| 0", "0.7")]
    assert figure.stat().st_size > 1000
