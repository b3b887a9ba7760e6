"""Results of a run: tidy tables a researcher loads in pandas, and the files they go to.

``kpis`` has one row per step and municipality; ``region`` sums it over municipalities (rates
and means recomputed, weighted by population); ``flows`` has money per step and kind with payer
and payee; ``goods`` the value sold per step, buyer and sector; ``migration`` the movers per
step by origin, destination (a town or an outside destination) and 5-year age group.
``write(out)`` saves them as Parquet with the resolved scenario and a manifest.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..model.kpis import it_per_resident
from ..scenario.schema import Scenario
from .provenance import git_commit, git_dirty, package_versions

__all__ = ["FILES", "Results", "check_out", "output_kind", "region_table"]

#: KPI columns that are ratios or means: averaged by population, not summed.
MEANS = (
    "mean_age",
    "trust",
    "visible_results",
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
    "it_national_share",
    "vendor_price_index",
    "vendor_utilization",
    "it_contract_price_index",
)


#: The files ``Results.write`` puts in its folder.
FILES = (
    "kpis.parquet",
    "region.parquet",
    "flows.parquet",
    "goods.parquet",
    "migration.parquet",
    "scenario.yaml",
    "manifest.json",
)


def region_table(kpis: pd.DataFrame) -> pd.DataFrame:
    """The region as a whole per step: counts and money summed, rates recomputed."""
    means = [
        *MEANS,
        *(c for c in kpis.columns if c.startswith("program_") and c != "program_spending_yen"),
    ]
    skip = (*means, "step", "date", "municipality", "it_regime", "it_vendor")
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


def check_out(out: str | Path, files: tuple[str, ...] = (), label: str | None = None) -> Path:
    """Check before a run that the folder ``out`` can be made and written; leave nothing.

    Raises ScenarioError (message prefixed with ``label``, default ``--out OUT``) when ``out``
    or a folder on its way is a file, when one of ``files`` in it is a folder, or when it
    cannot be written.
    """
    from ..scenario.loader import ScenarioError

    out = Path(out)
    label = label or f"--out {out}"
    for folder in (*reversed(out.parents), out):
        if folder.exists() and not folder.is_dir():
            named = folder == out and label.endswith(str(out))
            what = "got a file" if named else f"{folder} is a file"
            raise ScenarioError([f"{label}: {what}, expected a folder"])
    for name in files:
        if (out / name).is_dir():
            raise ScenarioError([f"{label}: {out / name} is a folder, where a file is written"])
    made = [f for f in (*reversed(out.parents), out) if not f.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".dxsim-check-"):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ScenarioError([f"{label}: cannot write to {out} ({reason})"]) from None
    finally:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
    return out


def output_kind(folder: str | Path) -> str | None:
    """What a folder holds: "batch" (``dxsim batch``: its manifest names an experiment, or a
    stopped batch kept runs in ``runs/``), "run" (``dxsim run``: a run's manifest,
    ``scenario.yaml`` or ``goods.parquet``), or None (neither)."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    manifest = manifest if isinstance(manifest, dict) else {}
    if "experiment" in manifest or (folder / "runs" / "design.sha256").is_file():
        return "batch"
    if "scenario" in manifest or any(
        (folder / n).is_file() for n in ("goods.parquet", "scenario.yaml")
    ):
        return "run"
    return None


@dataclass
class Results:
    """Everything a run produced."""

    scenario: Scenario
    seed: int
    kpis: pd.DataFrame
    flows: pd.DataFrame
    goods: pd.DataFrame
    migration: pd.DataFrame
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
            "versions": package_versions(),
            "git_commit": git_commit(),
            "git_dirty": git_dirty(),
            "started": self.started,
            "finished": self.finished,
            "files": list(FILES),
        }

    def write(self, out: str | Path) -> Path:
        """Write the tables as Parquet, the resolved scenario and manifest.json to ``out``."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        self.kpis.to_parquet(out / "kpis.parquet", index=False)
        self.region.to_parquet(out / "region.parquet", index=False)
        self.flows.to_parquet(out / "flows.parquet", index=False)
        self.goods.to_parquet(out / "goods.parquet", index=False)
        self.migration.to_parquet(out / "migration.parquet", index=False)
        resolved = self.scenario.model_dump(mode="json")
        resolved["run"]["seed"] = self.seed
        (out / "scenario.yaml").write_text(
            yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        (out / "manifest.json").write_text(
            json.dumps(self.manifest(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return out
