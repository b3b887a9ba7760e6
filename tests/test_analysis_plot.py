"""Fan charts: quantiles over replicates per arm, figures in PNG and SVG, English or Japanese."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_helpers import fake_batch

from sim.cli.main import main
from sim.experiments.fan_charts import fan_table
from sim.experiments.outcomes import open_batch
from sim.scenario.loader import ScenarioError


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Replicate r of scenario 'a' has population 100 + r (r = 0..100); 'b' 50 + r."""
    rows = [
        {"scenario": s, "replicate": r, "seed": 1 + r, "level": base + r, "slope": 0}
        for s, base in (("a", 100), ("b", 50))
        for r in range(101)
    ]
    return open_batch(fake_batch(tmp_path_factory.mktemp("p") / "b", {}, pd.DataFrame(rows)))


def test_quantiles_over_replicates_are_the_known_ones(batch):
    table = fan_table(batch, "population")
    a = table[(table.scenario == "a") & (table.step == 3)].iloc[0]
    assert a.runs == 101
    assert [a.q05, a.q25, a["median"], a.q75, a.q95] == pytest.approx([105, 125, 150, 175, 195])
    b = fan_table(batch, "population", where=["scenario=b"])
    assert set(b.scenario) == {"b"} and b["median"].iloc[0] == 100
    with pytest.raises(ScenarioError, match="--where scenario=c: no run has it"):
        fan_table(batch, "population", where=["scenario=c"])


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_cli_writes_png_svg_and_csv(batch, tmp_path, lang, capsys):
    out = tmp_path / lang
    assert (
        main(["plot", str(batch.folder), "--kpi", "population", "--out", str(out), "--lang", lang])
        == 0
    )
    assert (out / "fan_population.png").stat().st_size > 1000
    svg = (out / "fan_population.svg").read_text()
    assert "<svg" in svg
    assert len(pd.read_csv(out / "fan_population.csv")) == 2 * 25
    assert main(["plot", str(batch.folder), "--kpi", "popul"]) == 2
    assert "did you mean population" in capsys.readouterr().err
