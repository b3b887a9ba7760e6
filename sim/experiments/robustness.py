"""Robustness of policies: how each lever set does across the uncertain futures (XLRM).

An experiment with ``levers:`` and ``uncertainties:`` runs every lever set in every future
(a sample of the uncertainties), with common random numbers. Per lever set this module gives
the outcome's mean and worst case over futures, its regret (how far it falls short of the best
lever set in the same future: Savage's minimax regret) and, given a threshold, the share of
futures in which it is good enough (satisficing, Simon; Starr's domain criterion). Outcomes
are first averaged over the replicates of each future, so regret is not seed noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scenario.loader import ScenarioError
from .outcomes import Batch

__all__ = ["robustness"]


def robustness(
    batch: Batch,
    table: pd.DataFrame,
    outcome: str,
    maximize: bool = True,
    threshold: float | None = None,
) -> pd.DataFrame:
    """One row per lever set: mean, worst, regret (max, mean, 90th percentile) and, with
    ``threshold``, the satisficing share; sorted by maximum regret (most robust first)."""
    levers = list(batch.experiment.levers)
    if not levers:
        raise ScenarioError(
            [f"{batch.folder}: the experiment has no levers: (robustness compares lever sets)"]
        )
    futures = [c for c in ("scenario", "future") if c in table.columns]
    per_future = table.groupby([*levers, *futures], sort=False)[outcome].agg(["mean", "count"])
    value = per_future["mean"].unstack(levers)  # futures x lever sets
    if value.isna().any().any():
        raise ScenarioError([f"{batch.folder}: some lever sets miss some futures"])
    best = value.max(axis=1) if maximize else value.min(axis=1)
    regret = (best.to_numpy()[:, None] - value) if maximize else (value - best.to_numpy()[:, None])
    rows = []
    for lever_set in value.columns:
        v, r = value[lever_set], regret[lever_set]
        key = lever_set if isinstance(lever_set, tuple) else (lever_set,)
        row = dict(zip(levers, key, strict=True))
        row |= {
            "mean": float(v.mean()),
            "worst": float(v.min() if maximize else v.max()),
            "max_regret": float(r.max()),
            "mean_regret": float(r.mean()),
            "p90_regret": float(np.quantile(r, 0.9)),
            "best_in": float((r <= 0).mean()),
        }
        if threshold is not None:
            row["satisficing"] = float((v >= threshold if maximize else v <= threshold).mean())
        rows.append(row)
    out = pd.DataFrame(rows).sort_values(["max_regret", "mean_regret"], kind="stable")
    replicates = int(per_future["count"].min())
    goal = "higher" if maximize else "lower"
    out.attrs["header"] = (
        f"robustness of {len(value.columns)} lever sets over {len(value)} futures "
        f"({outcome}, {goal} is better; each future's value the mean of {replicates} "
        f"replicate{'s' if replicates != 1 else ''})"
    )
    out.attrs["footer"] = (
        "mean, worst: over futures; regret: the best lever set's value in the same future "
        "minus this one's (0 where it is the best), max_regret (minimax regret: sorted by it), "
        "mean_regret, p90_regret; best_in: share of futures where it is the best"
        + (
            f"; satisficing: share of futures where it is {'at least' if maximize else 'at most'}"
            f" {threshold:g}"
            if threshold is not None
            else ""
        )
        + "."
    )
    return out.reset_index(drop=True)
