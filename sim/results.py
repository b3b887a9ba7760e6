"""Results of a run: tidy tables a researcher loads in pandas, and the files they go to.

``kpis`` has one row per step and municipality; ``region`` sums it over municipalities (rates
and means recomputed, weighted by population); ``flows`` has money per step and kind with payer
and payee; ``goods`` the value sold per step, buyer and sector. ``write(out)`` saves them as
Parquet with the resolved scenario and a manifest.
"""

from __future__ import annotations

import json
import platform
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .kpis import it_per_resident
from .scenario.schema import Scenario

__all__ = ["Results", "region_table"]

#: KPI columns that are ratios or means: averaged by population, not summed.
MEANS = (
    "mean_age",
    "trust",
    "civic_participation",
    "culture",
    "family_attractiveness",
    "online_procedure_share",
    "staff_hours_per_procedure",
    "procedure_capacity",
    "outage_days",
    "unemployment_rate",
    "mean_wage_yen",
    "satisfaction",
    "digital_literacy",
    "online_service_use",
    "online_share",
    "service_level",
    "attractiveness",
)


def region_table(kpis: pd.DataFrame) -> pd.DataFrame:
    """The region as a whole per step: counts and money summed, rates recomputed."""
    means = [
        *MEANS,
        *(c for c in kpis.columns if c.startswith("program_") and c != "program_spending_yen"),
    ]
    skip = (*means, "step", "date", "municipality", "it_regime")
    sums = [c for c in kpis.columns if c not in skip]
    out = kpis.groupby(["step", "date"], as_index=False)[sums].sum()
    if "it_regime" in kpis:  # how many towns run each regime
        counts = pd.crosstab(kpis["step"], kpis["it_regime"])
        for regime in ("legacy", "joint", "standard"):
            col = counts[regime] if regime in counts else 0
            out[f"towns_{regime}"] = np.asarray(col if np.ndim(col) else [0] * len(out))
        for col, values in it_per_resident(out, out["population"]).items():
            out[col] = values  # region totals over region population, not summed
    weights = kpis["population"].clip(lower=1)
    for col in means:
        if col in kpis:
            weighted = (kpis[col] * weights).groupby(kpis["step"]).sum() / weights.groupby(
                kpis["step"]
            ).sum()
            out[col] = weighted.to_numpy()
    out["unemployment_rate"] = out["unemployed"] / out["labour_force"].clip(lower=1)
    out["mean_wage_yen"] = (
        (
            (kpis["mean_wage_yen"] * kpis["employed"]).groupby(kpis["step"]).sum()
            / out.set_index("step")["employed"].clip(lower=1)
        )
        .to_numpy()
        .astype("int64")
    )
    return out


def _git_commit() -> str | None:
    try:
        here = Path(__file__).resolve().parent
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
        return out.stdout.strip() or None if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def _versions() -> dict[str, str]:
    names = ("dxsim", "mesa", "numpy", "pandas", "networkx", "pydantic", "PyYAML", "pyarrow")
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@dataclass
class Results:
    """Everything a run produced."""

    scenario: Scenario
    seed: int
    kpis: pd.DataFrame
    flows: pd.DataFrame
    goods: pd.DataFrame
    started: str
    finished: str
    extra: dict = field(default_factory=dict)

    @property
    def region(self) -> pd.DataFrame:
        return region_table(self.kpis)

    def manifest(self) -> dict:
        return {
            "scenario": self.scenario.name,
            "scenario_sha256": self.scenario.digest(),
            "seed": self.seed,
            "years": self.scenario.run.years,
            "scale": self.scenario.run.scale,
            "steps": int(self.kpis["step"].max()),
            "versions": _versions(),
            "git_commit": _git_commit(),
            "started": self.started,
            "finished": self.finished,
            "files": [
                "kpis.parquet",
                "region.parquet",
                "flows.parquet",
                "goods.parquet",
                "scenario.yaml",
                "manifest.json",
            ],
        }

    def write(self, out: str | Path) -> Path:
        """Write the tables as Parquet, the resolved scenario and manifest.json to ``out``."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        self.kpis.to_parquet(out / "kpis.parquet", index=False)
        self.region.to_parquet(out / "region.parquet", index=False)
        self.flows.to_parquet(out / "flows.parquet", index=False)
        self.goods.to_parquet(out / "goods.parquet", index=False)
        resolved = self.scenario.model_dump(mode="json")
        resolved["run"]["seed"] = self.seed
        (out / "scenario.yaml").write_text(
            yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        (out / "manifest.json").write_text(
            json.dumps(self.manifest(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return out
