"""Sensitivity designs and their analysis, with SALib: which parameters move a KPI, and how much.

An experiment may sample its parameters instead of listing values (``design:``): Sobol'
(Saltelli) samples for variance-based indices, Morris trajectories for elementary effects,
or a Latin hypercube for a space-filling sample. Each sample point is one combination of the
batch (a ``sample`` column and one column per parameter), run for every scenario and
replicate like any other. ``analyze`` reads a finished batch folder and returns the indices
of one KPI: its mean over the replicates at one step, per scenario.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from ..scenario.fields import P, Params
from ..scenario.loader import ScenarioError

if TYPE_CHECKING:
    from .outcomes import Outcome

__all__ = ["Design", "Sampled", "Uncertainties", "analyze"]


class Sampled(Params):
    """One parameter sampled uniformly between bounds."""

    path: str = P(
        ...,
        unit="dotted path",
        ja="パラメータ",
        source="setting",
        desc="The scenario value to sample, e.g. municipalities.kamishihoro.policy.disclosure",
    )
    bounds: tuple[float, float] = Field(..., description="Lowest and highest value (uniform)")
    integer: bool = P(
        False, unit="switch", ja="整数", source="setting", desc="Round samples to integers"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Sampled:
        if not self.bounds[0] < self.bounds[1]:
            raise ValueError(f"bounds {list(self.bounds)}: the first must be below the second")
        return self


class Design(Params):
    """A sampling design over parameters (SALib)."""

    method: Literal["sobol", "morris", "latin"] = P(
        "sobol",
        unit="name",
        ja="手法",
        source="setting",
        desc="sobol (Saltelli samples, Sobol' indices), morris (elementary effects) or latin "
        "(Latin hypercube, rank correlations)",
    )
    samples: int = P(
        64,
        ge=2,
        le=1_000_000,
        unit="base samples",
        ja="サンプル数",
        source="setting",
        desc="N: sobol runs N x (D + 2) points (a power of 2, 64 or more: fewer give "
        "unreliable indices), morris N x (D + 1) (N trajectories), latin N points; D parameters",
    )
    levels: int = P(
        4, ge=2, le=100, unit="levels", ja="水準数", source="setting", desc="Morris grid levels"
    )
    seed: int = P(
        1, ge=0, le=2**31, unit="integer", ja="乱数シード", source="setting", desc="Sampler seed"
    )
    parameters: dict[str, Sampled] = Field(..., min_length=1, description="Sampled parameters")

    @model_validator(mode="after")
    def _sobol_size(self) -> Design:
        n = self.samples
        if self.method == "sobol" and (n < 64 or n & (n - 1)):
            raise ValueError(
                f"samples {n}: Sobol' designs need a power of 2 of at least 64 (64, 128, 256...); "
                "fewer or others give unreliable indices"
            )
        return self

    def problem(self) -> dict:
        names = list(self.parameters)
        return {
            "num_vars": len(names),
            "names": names,
            "bounds": [list(self.parameters[n].bounds) for n in names],
        }

    def matrix(self) -> np.ndarray:
        """The sample points, one row per point (before rounding integer parameters)."""
        from SALib.sample import latin, morris, sobol

        problem = self.problem()
        if self.method == "sobol":
            return sobol.sample(problem, self.samples, calc_second_order=False, seed=self.seed)
        if self.method == "morris":
            return morris.sample(problem, self.samples, num_levels=self.levels, seed=self.seed)
        return latin.sample(problem, self.samples, seed=self.seed)

    def points(self) -> list[dict[str, object]]:
        """Each point as a combination: its ``sample`` number and one value per parameter."""
        out = []
        for i, row in enumerate(self.matrix()):
            point: dict[str, object] = {"sample": i}
            for name, value in zip(self.parameters, row, strict=True):
                spec = self.parameters[name]
                point[name] = int(round(value)) if spec.integer else float(value)
            out.append(point)
        return out


class Uncertainties(Design):
    """Uncertain parameters sampled into futures (a Latin hypercube by default); every lever
    set of the experiment is run in every future."""

    method: Literal["sobol", "morris", "latin"] = P(
        "latin",
        unit="name",
        ja="手法",
        source="setting",
        desc="latin (default: a Latin hypercube of futures), sobol or morris",
    )
    samples: int = P(
        16,
        ge=2,
        le=1_000_000,
        unit="futures",
        ja="サンプル数",
        source="setting",
        desc="N: latin makes N futures (sobol N x (D + 2), morris N x (D + 1))",
    )


#: What within_noise means, per method (sim.experiments.noise).
NOISE = {
    "sobol": "true where ST - ST_conf is at most the seed's share of the variance analysed, "
    "or S1 - S1_conf at most 0 (an effect that cannot be told from seed noise).",
    "morris": "true where mu_star - mu_star_conf is at most the mean absolute elementary "
    "effect that seed noise alone would give.",
    "latin": "true where the rank correlation's p value (p_value) is 0.05 or more.",
}

#: docs/outputs.md, where every KPI's unit is written (present in a source checkout).
OUTPUTS_DOC = Path(__file__).resolve().parents[2] / "docs" / "outputs.md"

#: What the columns of each method's table mean (printed under the table).
COLUMNS = {
    "sobol": "S1: first-order Sobol' index, the share of the KPI's variance due to the parameter "
    "alone; ST: total index, with its interactions; S1_conf, ST_conf: 95% confidence "
    "half-widths (SALib's bootstrap). A small negative S1 is sampling noise: read it as 0.",
    "morris": "mu, mu_star: mean and mean absolute elementary effect, the KPI's change {unit} "
    "over the parameter's whole range (bounds); mu_star_conf: 95% confidence half-width of "
    "mu_star; sigma: spread of the effects {unit} (large: interactions or a non-linear effect).",
    "latin": "spearman: rank correlation of the parameter with the KPI over the sample points, "
    "from -1 to 1 (0: no monotonic effect).",
}


@cache
def _units() -> dict[str, str]:
    """Each KPI's unit from the kpis.parquet table of docs/outputs.md (empty without it)."""
    try:
        text = OUTPUTS_DOC.read_text(encoding="utf-8")
    except OSError:
        return {}
    section = text.split("## `kpis.parquet`", 1)[-1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| [a-z0-9]+ \| ([^|]+?) \|", section, re.MULTILINE)
    return {name: unit for name, unit in rows if unit}


def kpi_unit(kpi: str) -> str:
    """The KPI's unit as docs/outputs.md gives it ("in the KPI's unit" when unknown)."""
    unit = _units().get(kpi)
    return f"in {unit}" if unit else "in the KPI's unit"


def outcome_unit(outcome: Outcome) -> str:
    """An outcome's unit: its KPI's, a month's flow summed over months in the flow's unit,
    a relative change as a fraction."""
    if outcome.how == "relchange":
        return "as a fraction (0.1 = +10%)"
    unit = kpi_unit(outcome.kpi)
    return unit.removesuffix(" per month") if outcome.how == "sum" else unit


def _aggregation(kpi: str, municipality: str | None) -> str:
    """How the value of a run was made (sim.outputs.results.region_table for the region)."""
    from ..outputs.results import MEANS

    if municipality:
        return f"municipality {municipality}"
    if kpi in MEANS or (kpi.startswith("program_") and kpi != "program_spending_yen"):
        if kpi in ("unemployment_rate", "mean_wage_yen"):
            return "region, recomputed from its totals"
        return "region, population-weighted mean of its municipalities"
    if "per_resident" in kpi:
        return "region, recomputed from its totals"
    return "region total (sum over municipalities)"


def _runs_at_step(
    batch_dir: Path, design: Design, kpi: str, step: int | None, municipality: str | None
) -> tuple[pd.DataFrame, str, int]:
    """The KPI of every run at one step (default the last): scenario, sample, replicate,
    value; and what was taken, for the header."""
    table = "kpis" if municipality else "region"
    data = pd.read_parquet(batch_dir / f"{table}.parquet")
    design_columns = {"scenario", "sample", "replicate", "seed", "step", "date", *design.parameters}
    numeric = [
        c
        for c in data.columns
        if c not in design_columns and pd.api.types.is_numeric_dtype(data[c])
    ]
    if kpi not in numeric:
        import difflib

        close = difflib.get_close_matches(kpi, numeric, n=3, cutoff=0.6)
        close += [c for c in numeric if kpi in c and c not in close][: 5 - len(close)]
        why = (
            "a column that identifies the runs (not a KPI)"
            if kpi in design_columns
            else "not a numeric column"
            if kpi in data.columns
            else "not a column"
        )
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ScenarioError([f"--kpi {kpi}: {why} of {table}.parquet{hint}"])
    if municipality:
        if municipality not in set(data.municipality):
            towns = ", ".join(sorted(set(data.municipality)))
            raise ScenarioError([f"--municipality {municipality}: not in this batch ({towns})"])
        data = data[data.municipality == municipality]
    step = int(data.step.max()) if step is None else step
    if step not in set(data.step):
        raise ScenarioError([f"--step {step}: the batch has steps 0-{int(data.step.max())}"])
    at = data[data.step == step]
    unit = kpi_unit(kpi)
    what = (
        f"{kpi} ({unit.removeprefix('in ')}) at step {step} ({at['date'].iloc[0]}): "
        f"{_aggregation(kpi, municipality)}"
    )
    runs = at[["scenario", "sample", "replicate", kpi]].rename(columns={kpi: "value"})
    return runs, what, step


def analyze(
    batch_dir: str | Path,
    kpi: str | None = None,
    step: int | None = None,
    municipality: str | None = None,
    outcome: str | tuple[str, Outcome] | None = None,
) -> pd.DataFrame:
    """Indices of ``kpi`` (its mean over replicates at ``step``, default the last), or of an
    ``outcome`` (``KPI[@TOWN]:HOW[:WHEN]``, sim.experiments.outcomes), for each scenario of a batch
    run with a ``design``: sobol gives S1 and ST with 95% intervals, morris mu* and sigma, latin
    Spearman rank correlations; with replicates, the seed's share of the variance and which indices
    are within that noise (sim.experiments.noise)."""
    from SALib.analyze import morris as morris_analysis
    from SALib.analyze import sobol as sobol_analysis

    from .noise import flag, seed_noise, warnings_of
    from .outcomes import open_batch, outcome_values, resolve

    batch = open_batch(batch_dir)
    batch_dir = batch.folder
    if not batch.manifest["experiment"].get("design"):
        raise ScenarioError([f"{batch_dir}: this batch has no sampling design (design:)"])
    design = Design.model_validate(batch.manifest["experiment"]["design"])
    if outcome is not None:
        name, spec = resolve(batch, outcome) if isinstance(outcome, str) else outcome
        values = outcome_values(batch, spec).rename("value").reset_index()
        runs = values[["scenario", "sample", "replicate", "value"]]
        what, unit = f"{name}: {spec.label()}", outcome_unit(spec)
        label = f"--outcome {outcome}" if isinstance(outcome, str) else f"outcome {name}"
    elif kpi is None:
        raise ScenarioError(["give --kpi COLUMN or --outcome KPI[:HOW[:WHEN]]"])
    else:
        runs, what, step = _runs_at_step(batch_dir, design, kpi, step, municipality)
        unit, label = kpi_unit(kpi), f"--kpi {kpi}"
    problem = design.problem()
    x = design.matrix()
    rows = []
    notes: list[str] = []
    for scenario, group in runs.groupby("scenario", sort=False):
        y = group.groupby("sample")["value"].mean().reindex(range(len(x))).to_numpy(float)
        if np.isnan(y).any():
            raise ScenarioError([f"{batch_dir}: sample points missing for {scenario}"])
        if np.ptp(y) == 0:
            at = f" at step {step}" if outcome is None else ""
            raise ScenarioError(
                [
                    f"{label}: the same value ({y[0]:g}){at} in every sample of "
                    f"{scenario}: no parameter moves it here, and no index can be computed "
                    "(a later step, a finer run.scale or another KPI may vary)"
                ]
            )
        noise = seed_noise(group)
        if design.method == "sobol":
            res = sobol_analysis.analyze(
                problem, y, calc_second_order=False, seed=design.seed, print_to_console=False
            )
            cols = {k: res[k] for k in ("S1", "S1_conf", "ST", "ST_conf")}
        elif design.method == "morris":
            res = morris_analysis.analyze(problem, x, y, num_levels=design.levels, seed=design.seed)
            cols = {k: np.asarray(res[k]) for k in ("mu", "mu_star", "mu_star_conf", "sigma")}
        else:
            from scipy.stats import spearmanr

            tests = [spearmanr(x[:, i], y) for i in range(len(problem["names"]))]
            cols = {
                "spearman": [t.statistic for t in tests],
                "p_value": [t.pvalue for t in tests],
            }
        part = pd.DataFrame(
            {
                "scenario": scenario,
                "parameter": problem["names"],
                **{k: np.asarray(v, dtype=float) for k, v in cols.items()},
            }
        )
        if noise.known or design.method == "latin":
            part["within_noise"] = flag(part, design.method, noise, design.levels)
        part["seed_share"] = noise.mean_share
        rows.append(part)
        notes += [n for n in warnings_of(part, design.method, noise) if n not in notes]
    table = pd.concat(rows, ignore_index=True)
    seed_share = table.pop("seed_share")
    replicates = int(runs.groupby(["scenario", "sample"]).replicate.nunique().min())
    size = f"N={design.samples}" + (
        f", {design.levels} levels" if design.method == "morris" else ""
    )
    table.attrs["header"] = (
        f"{what}, mean of {replicates} "
        f"replicate{'s' if replicates != 1 else ''} per point; {len(x)} sample points; "
        f"{design.method} ({size}, {len(problem['names'])} parameters)"
    )
    footer = COLUMNS[design.method].format(unit=unit)
    if "within_noise" in table:
        footer += " within_noise: " + NOISE[design.method]
    table.attrs["footer"] = "\n".join([footer, *notes])
    table.attrs["seed_share"] = float(seed_share.mean())
    return table
