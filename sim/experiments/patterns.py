"""The pattern suite: observed patterns the model must reproduce at once, with one parameter set.

A pattern file (``validation/patterns.yaml``) names, for each pattern, what was observed (the
figure, its unit, period and area, its source and data file), the scenario and years that
reproduce it, the statistic computed from a run (``sim/experiments/pattern_stats.py``), and a
tolerance with its reason. ``run_patterns`` runs every scenario the patterns need as a batch (common
random numbers, resumable, local workers or dask) and ``evaluate`` compares the mean over
seeds with the observation: a pattern is met when every point of it is within tolerance. A
pattern the model is known to miss says why (``known_miss``); it is reported as a miss, never
dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import Field, ValidationError, model_validator

from ..scenario.fields import P, Params
from ..scenario.loader import ScenarioError, compose_with_lines
from ..scenario.messages import where_in_file
from .pattern_stats import KPI_COLUMNS, STATISTICS, RunData

__all__ = [
    "Pattern",
    "PatternFile",
    "Outcome",
    "load_patterns",
    "run_patterns",
    "evaluate",
    "DEFAULT_FILE",
    "run_key",
]

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "validation" / "patterns.yaml"
#: The spread reported beside the mean over seeds: the 5th and 95th percentiles.
BAND = (5, 95)


class Tolerance(Params):
    """How far the model's mean over seeds may be from the observation, and why."""

    abs: float | None = P(
        None, ge=0, unit="the pattern's unit", ja="許容差", source="setting", desc="Per point"
    )
    rel: float | None = P(
        None,
        ge=0,
        unit="share of the observed value",
        ja="相対許容差",
        source="setting",
        desc="Per point, relative to the observed value",
    )
    mae: float | None = P(
        None,
        ge=0,
        unit="the pattern's unit",
        ja="平均絶対誤差",
        source="setting",
        desc="Mean absolute error over the points (for patterns of many points)",
    )
    reason: str = P(
        ..., unit="text", ja="理由", source="setting", desc="Why this tolerance (set beforehand)"
    )

    @model_validator(mode="after")
    def _one(self) -> Tolerance:
        if sum(x is not None for x in (self.abs, self.rel, self.mae)) != 1:
            raise ValueError("give one of abs, rel or mae")
        return self


class Pattern(Params):
    """One observed pattern and how the model's runs are compared with it."""

    what: str = P(..., unit="text", ja="内容", source="setting", desc="What was observed")
    unit: str = P(..., unit="text", ja="単位", source="setting", desc="Unit of the figure")
    period: str = P(..., unit="text", ja="期間", source="setting", desc="When")
    area: str = P(..., unit="text", ja="地域", source="setting", desc="Where")
    source: str = P(..., unit="text", ja="出典", source="setting", desc="Publication, table")
    data: list[str] = Field(default_factory=list, description="Files in data/observed/")
    scenario: str = P(
        ..., unit="path", ja="シナリオ", source="setting", desc="Relative to the pattern file"
    )
    years: int = P(..., ge=1, le=100, unit="years", ja="年数", source="setting", desc="Run length")
    scale: int | None = P(
        None,
        ge=1,
        le=10_000,
        unit="persons per agent",
        ja="縮尺",
        source="setting",
        desc="run.scale of this pattern's runs (default: the file's, or the command's)",
    )
    statistic: str = P(..., unit="name", ja="統計量", source="setting", desc="sim/pattern_stats")
    options: dict[str, Any] = Field(default_factory=dict, description="The statistic's options")
    observed: dict[str, float] | None = Field(
        None, description="Observed values, where no data file gives them"
    )
    tolerance: Tolerance
    mechanisms: str = P(
        "", unit="text", ja="関わる仕組み", source="setting", desc="What in the model makes it"
    )
    known_miss: str = P(
        "",
        unit="text",
        ja="既知の不一致",
        source="setting",
        desc="Why the model misses it today (reported as a miss, never dropped)",
    )

    @model_validator(mode="after")
    def _known_statistic(self) -> Pattern:
        if self.statistic not in STATISTICS:
            raise ValueError(
                f"unknown statistic {self.statistic!r}; expected one of {', '.join(STATISTICS)}"
            )
        return self


class PatternFile(Params):
    """A pattern suite: the patterns and the resolution their runs use."""

    scale: int = P(
        20, ge=1, le=10_000, unit="persons per agent", ja="縮尺", source="setting", desc="run.scale"
    )
    seeds: int = P(5, ge=1, le=1000, unit="runs", ja="乱数数", source="setting", desc="Seeds")
    set: list[str] = Field(default_factory=list, description="PATH=VALUE for every run")
    patterns: dict[str, Pattern]


def read_validated(model: type[Params], path: Path) -> tuple[Any, dict]:
    """A YAML file read as ``model``, with its lines; mistakes at their line, as for scenarios
    (pattern and calibration files)."""
    data, origins = compose_with_lines(path)
    try:
        return model.model_validate(data), origins
    except ValidationError as exc:
        raise ScenarioError(
            [
                f"{where_in_file(tuple(map(str, e['loc'])), origins, str(path))}: "
                f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
                for e in exc.errors()
            ]
        ) from None


def load_patterns(path: str | Path = DEFAULT_FILE) -> PatternFile:
    """Read and check a pattern file (mistakes at their line, as for scenarios)."""
    path = Path(path)
    suite, origins = read_validated(PatternFile, path)
    for name, p in suite.patterns.items():
        if not (path.parent / p.scenario).is_file():
            where = where_in_file(("patterns", name, "scenario"), origins, str(path))
            raise ScenarioError([f"{where}: patterns.{name}.scenario: {p.scenario}: not found"])
    return suite


@dataclass
class Outcome:
    """A pattern's result: the observation, the model's mean and band over seeds per point."""

    name: str
    pattern: Pattern
    observed: dict[str, float]
    mean: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]
    per_seed: list[dict[str, float]] = field(default_factory=list)

    @property
    def error(self) -> float:
        """Mean absolute difference of the model's means from the observation."""
        return float(np.mean([abs(self.mean[k] - v) for k, v in self.observed.items()]))

    @property
    def met(self) -> bool:
        t = self.pattern.tolerance
        if t.mae is not None:
            return self.error <= t.mae
        ok = []
        for k, obs in self.observed.items():
            limit = t.abs if t.abs is not None else t.rel * abs(obs)
            ok.append(abs(self.mean[k] - obs) <= limit)
        return all(ok)

    @property
    def status(self) -> str:
        if self.met:
            return "met (listed as a known miss)" if self.pattern.known_miss else "met"
        return "known miss" if self.pattern.known_miss else "MISSED"


def run_key(p: Pattern, base: Path) -> tuple[str, int, int | None]:
    """The runs a pattern needs: (scenario file, years, its own scale or None)."""
    return (str((base / p.scenario).resolve()), p.years, p.scale)


def runs_needed(files: dict[str, Pattern], base: Path) -> dict[tuple, list[str]]:
    """Patterns by the runs they need."""
    groups: dict[tuple, list[str]] = {}
    for name, p in files.items():
        groups.setdefault(run_key(p, base), []).append(name)
    return groups


def run_folder(out: Path, key: tuple) -> Path:
    scenario, years, scale = key
    return out / (f"{Path(scenario).stem}-{years}y" + (f"-x{scale}" if scale else ""))


def batch_is_done(folder: Path, experiment, files: list[Path], sets: list[str]) -> bool:
    """Whether ``folder`` holds a finished batch of this experiment (same design, scenarios
    and code): then it is read, not run again."""
    import json

    from ..scenario.loader import load_scenario
    from .batch_exec import code_version

    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    code = code_version()
    return (
        manifest.get("experiment") == experiment.model_dump(mode="json")
        and manifest.get("overrides") == sets
        and list(manifest.get("scenario_sha256", {}).values())
        == [load_scenario(f, overrides=sets).digest() for f in files]
        and manifest.get("git_commit") == code["git_commit"]
        and not manifest.get("git_dirty")
        and not code["git_dirty"]
    )


def run_unless_done(experiment, scenario: str, folder: Path, fresh: bool, **options) -> None:
    """Run ``experiment`` on ``scenario`` into ``folder`` (``options`` as ``run_batch`` takes
    them), unless the folder holds this batch finished already and ``fresh`` is false."""
    from .batch import run_batch

    files = [Path(scenario)]
    if fresh or not batch_is_done(folder, experiment, files, experiment.set):
        run_batch(experiment, files, folder, fresh=fresh, **options)


def run_patterns(
    suite: PatternFile,
    base: Path,
    out: Path,
    seeds: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    only: list[str] | None = None,
    scale: int | None = None,
    progress=None,
    fresh: bool = False,
) -> dict[tuple, Path]:
    """Run the batches the (selected) patterns need; returns each batch's folder."""
    from .experiment import Experiment

    chosen = {k: v for k, v in suite.patterns.items() if not only or k in only}
    folders = {}
    for i, (key, _names) in enumerate(sorted(runs_needed(chosen, base).items(), key=str)):
        scenario, years, own = key
        experiment = Experiment(
            name=f"patterns-{i}",
            scenarios=[scenario],
            replicates=seeds or suite.seeds,
            seed=1,
            set=[*suite.set, f"run.years={years}", f"run.scale={own or scale or suite.scale}"],
        )
        folder = run_folder(out, key)
        run_unless_done(
            experiment, scenario, folder, fresh,
            workers=workers, scheduler=scheduler, progress=progress,
        )  # fmt: skip
        folders[key] = folder
    return folders


def read_runs(folder: Path) -> list[RunData]:
    """A batch's runs, in the order of (sample, if any, and) replicate: the KPI columns the
    statistics read, and the movers."""
    import pyarrow.parquet as pq

    names = pq.read_schema(folder / "kpis.parquet").names
    keys = [c for c in ("sample", "replicate") if c in names]
    kpis = pd.read_parquet(folder / "kpis.parquet", columns=[*keys, *KPI_COLUMNS])
    migration = pd.read_parquet(folder / "migration.parquet")
    moves = dict(tuple(migration.groupby(keys)))
    return [RunData(k, moves.get(key, migration.iloc[:0])) for key, k in kpis.groupby(keys)]


def evaluate(
    suite: PatternFile, base: Path, folders: dict[tuple, Path], only=None
) -> list[Outcome]:
    """Each (selected) pattern's observation against the mean and band of its runs."""
    outcomes = []
    cache: dict[Path, list[RunData]] = {}
    for name, p in suite.patterns.items():
        if only and name not in only:
            continue
        folder = folders[run_key(p, base)]
        if folder not in cache:
            cache[folder] = read_runs(folder)
        runs = cache[folder]
        stat = STATISTICS[p.statistic]
        observed = p.observed if p.observed is not None else stat(None, **p.options)
        per_seed = [stat(run, **p.options) for run in runs]
        labels = list(observed)
        values = np.array([[s.get(k, np.nan) for k in labels] for s in per_seed], dtype=float)
        mean = dict(zip(labels, np.nanmean(values, axis=0), strict=True))
        low = dict(zip(labels, np.nanpercentile(values, BAND[0], axis=0), strict=True))
        high = dict(zip(labels, np.nanpercentile(values, BAND[1], axis=0), strict=True))
        outcomes.append(Outcome(name, p, observed, mean, low, high, per_seed))
    return outcomes
