"""Batch folders made by hand, with known answers, for the analysis tests (no model run)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiments.experiment import Experiment

#: Monthly dates of a run starting in 2015-09: step s is DATES[s].
DATES = pd.period_range("2015-09", periods=61, freq="M").strftime("%Y-%m").tolist()


def fake_batch(folder: Path, experiment: dict, runs: pd.DataFrame, steps: int = 25) -> Path:
    """A batch folder of ``experiment`` whose region.parquet has, for each row of ``runs``
    (its key columns and ``level``, ``slope``), ``population = level + slope * step`` and
    ``births = 1`` every month."""
    folder.mkdir(parents=True, exist_ok=True)
    exp = Experiment.model_validate({"scenarios": ["x.yaml"], **experiment})
    keys = ["scenario", *exp.columns(), "replicate", "seed"]
    frames = []
    for _, run in runs.iterrows():
        step = np.arange(steps)
        frame = pd.DataFrame({k: run[k] for k in keys}, index=step)
        frame["step"] = step
        frame["date"] = DATES[:steps]
        frame["population"] = run["level"] + run["slope"] * step
        frame["births"] = np.where(step > 0, 1, 0)
        frames.append(frame)
    pd.concat(frames, ignore_index=True).to_parquet(folder / "region.parquet", index=False)
    manifest = {"experiment": exp.model_dump(mode="json"), "runs": len(runs)}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder
