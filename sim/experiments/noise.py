"""How much of a sensitivity analysis is the seed's: the replicates' variance beside the indices.

A run's KPI is the parameters' effect plus the model's own randomness. With replicates per
sample point, the variance within points (between seeds) estimates that randomness, and an
index no larger than what seed noise alone would give is flagged as within noise:

- Sobol': noise independent between runs adds its share ``s`` of the analysed variance to
  every total index (the Saltelli/Jansen estimator sees it as an interaction with everything),
  so ST is within noise when ``ST - ST_conf <= s``; S1 when ``S1 - S1_conf <= 0``.
- Morris: an elementary effect of noise alone is a difference of two means of R runs over the
  step ``delta = levels / (2 (levels - 1))``; its expected absolute value
  ``sqrt(2 var / R) sqrt(2 / pi) / delta`` is the floor of mu*.
- Latin hypercube: the rank correlation's p value (scipy) of 0.05 or more.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["SeedNoise", "flag", "seed_noise"]


class SeedNoise:
    """The seed's variance in a batch: within points (between replicates) and its shares."""

    def __init__(self, runs: pd.DataFrame) -> None:
        """``runs``: one row per run with ``sample`` and ``value``."""
        counts = runs.groupby("sample")["value"].count()
        self.replicates = int(counts.min())
        self.within = float(runs.groupby("sample")["value"].var(ddof=1).mean())
        total = float(runs["value"].var(ddof=1))
        means = float(runs.groupby("sample")["value"].mean().var(ddof=1))
        known = self.replicates > 1 and np.isfinite(self.within)
        #: share of a single run's variance that is the seed's
        self.run_share = min(self.within / total, 1.0) if known and total > 0 else math.nan
        #: share of the analysed variance (of the replicate means) that is the seed's
        self.mean_share = (
            min(self.within / self.replicates / means, 1.0) if known and means > 0 else math.nan
        )

    @property
    def known(self) -> bool:
        return self.replicates > 1 and math.isfinite(self.mean_share)

    def describe(self) -> str:
        if not self.known:
            return (
                f"seed noise unknown: {self.replicates} replicate per point; rerun the batch "
                "with --replicates 2 or more to see how much of the variance is the seed's"
            )
        return (
            f"seeds: {_share(self.run_share)} of a single run's variance, "
            f"{_share(self.mean_share)} of the variance of the means of {self.replicates} "
            "replicates analysed"
        )


def _share(x: float) -> str:
    return "under 1%" if 0 < x < 0.005 else f"{x:.0%}"


def seed_noise(runs: pd.DataFrame) -> SeedNoise:
    """The seed's share of the variance of ``runs`` (``sample``, ``value``)."""
    return SeedNoise(runs)


def flag(table: pd.DataFrame, method: str, noise: SeedNoise, levels: int = 4) -> pd.Series:
    """Whether each index of ``table`` (one scenario's rows) is within seed noise; all False
    when the noise is unknown (one replicate), since nothing can then be said."""
    if method == "latin":
        return table["p_value"] >= 0.05
    if not noise.known:
        return pd.Series(False, index=table.index)
    if method == "sobol":
        total = table["ST"] - table["ST_conf"] <= noise.mean_share
        first = table["S1"] - table["S1_conf"] <= 0
        return total | first
    delta = levels / (2 * (levels - 1))
    floor = math.sqrt(2 * noise.within / noise.replicates) * math.sqrt(2 / math.pi) / delta
    return table["mu_star"] - table["mu_star_conf"] <= floor


def warnings_of(table: pd.DataFrame, method: str, noise: SeedNoise) -> list[str]:
    """Sentences for what the indices cannot tell: noise, too wide intervals, sums over 1."""
    out = [noise.describe()]
    if "within_noise" in table and table["within_noise"].any():
        names = sorted(set(table.loc[table["within_noise"], "parameter"]))
        out.append(
            "warning: within seed noise (no effect can be told from the seed's): "
            + ", ".join(names)
        )
    if method == "sobol":
        for scenario, t in table.groupby("scenario", sort=False):
            if t["ST"].sum() > 1.5:
                out.append(
                    f"warning: {scenario}: the total indices sum to {t['ST'].sum():.2f}: strong "
                    "interactions, or seed noise (it adds its share to every total index)"
                    + ("" if noise.known else "; with 1 replicate the two cannot be told apart")
                )
            if t["S1"].sum() > 1.1 or (t["ST_conf"] > 0.5).any():
                out.append(
                    f"warning: {scenario}: S1 sum {t['S1'].sum():.2f}, widest ST interval "
                    f"+-{t['ST_conf'].max():.2f}: the estimates are unreliable (too few samples "
                    "for this much noise); add samples or replicates, or choose an outcome over "
                    "a longer window"
                )
    return out
