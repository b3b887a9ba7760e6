"""Outcomes: one number per run, made from a KPI over a window, and the batch folder they read.

A KPI at one step is a noisy and often arbitrary summary of a run (births in one month, say).
An outcome states the window: a fiscal year's sum, a mean over fiscal years, the value at a
date, or the change between two dates, for the region or one town. Experiments name their
outcomes (``outcomes:``) and every analysis command takes them (``--outcome``), written
``[NAME=]KPI[@TOWN][:HOW[:WHEN]]`` (docs/analysis.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import model_validator

from ..scenario.fields import P, Params
from ..scenario.loader import ScenarioError

__all__ = ["Batch", "Outcome", "open_batch", "outcome_table", "parse_outcome", "resolve"]

HOWS = ("at", "sum", "mean", "change", "relchange")
_FY = re.compile(r"^FY(\d{4})(?:-FY(\d{4}))?$")
_DATE = re.compile(r"^(start|end|\d{4}-\d{2})$")


class Outcome(Params):
    """A KPI summarised over a window of each run: what the analysis commands compare."""

    kpi: str = P(..., unit="column", ja="指標", source="setting", desc="A KPI column")
    how: Literal["at", "sum", "mean", "change", "relchange"] = P(
        "at",
        unit="name",
        ja="集計",
        source="setting",
        desc="at: value at a date; sum or mean over fiscal years; change (absolute) or "
        "relchange (relative, 0.1 = +10%) between two dates",
    )
    when: str = P(
        "",
        unit="window",
        ja="期間",
        source="setting",
        desc="at: YYYY-MM, start or end (default end); sum, mean: FY2020 or FY2016-FY2025 "
        "(default every step after the start); change: FROM..TO, each YYYY-MM, start or end "
        "(default start..end)",
    )
    municipality: str | None = P(
        None, unit="key", ja="市町村", source="setting", desc="A town's KPI; none: the region's"
    )

    @model_validator(mode="after")
    def _window(self) -> Outcome:
        w = self.when
        if self.how == "at" and w and not _DATE.match(w):
            raise ValueError(f"when {w!r}: expected YYYY-MM, start or end for how: at")
        if self.how in ("sum", "mean") and w and not _FY.match(w):
            raise ValueError(f"when {w!r}: expected FY2020 or FY2016-FY2025 for how: {self.how}")
        if self.how in ("change", "relchange") and w:
            ends = w.split("..")
            if len(ends) != 2 or not all(_DATE.match(e) for e in ends):
                raise ValueError(f"when {w!r}: expected FROM..TO (YYYY-MM, start or end)")
        return self

    def label(self) -> str:
        """What the outcome is, in words, for table headers and figure titles."""
        where = f"{self.municipality}" if self.municipality else "region"
        w = self.when
        if self.how == "at":
            return f"{self.kpi} ({where}) at {w or 'end'}"
        if self.how in ("sum", "mean"):
            return f"{self.how} of {self.kpi} ({where}) over {w or 'the whole run'}"
        rel = "relative change" if self.how == "relchange" else "change"
        return f"{rel} of {self.kpi} ({where}) {(w or 'start..end').replace('..', ' to ')}"


def parse_outcome(text: str) -> tuple[str, Outcome]:
    """``[NAME=]KPI[@TOWN][:HOW[:WHEN]]`` from the command line, as (name, Outcome)."""
    name, _, spec = text.rpartition("=") if "=" in text else ("", "", text)
    parts = spec.split(":", 2)
    kpi, _, town = parts[0].partition("@")
    how = parts[1] if len(parts) > 1 else "at"
    if how not in HOWS:
        raise ScenarioError([f"--outcome {text}: {how!r} is not one of {', '.join(HOWS)}"])
    try:
        outcome = Outcome(
            kpi=kpi, how=how, when=parts[2] if len(parts) > 2 else "", municipality=town or None
        )
    except ValueError as exc:
        msg = str(exc).split("\n")[-2].strip() if "\n" in str(exc) else str(exc)
        raise ScenarioError([f"--outcome {text}: {msg.removeprefix('Value error, ')}"]) from None
    default = kpi + (f"_{town}" if town else "") + (f"_{how}" if how != "at" else "")
    return name or default, outcome


@dataclass
class Batch:
    """A finished batch folder: its manifest, experiment and the columns that name a run."""

    folder: Path
    manifest: dict
    keys: list[str]  # scenario, factor or sample columns, replicate, seed
    inputs: list[str]  # the varied inputs: factors, sampled parameters, levers, uncertainties
    _cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def experiment(self):
        from .experiment import Experiment

        return Experiment.model_validate(self.manifest["experiment"])

    @property
    def arms(self) -> list[str]:
        """The columns that tell apart what is compared (all keys but replicate and seed)."""
        return [k for k in self.keys if k not in ("replicate", "seed")]

    def outcomes(self) -> dict[str, Outcome]:
        """The outcomes the experiment file names (``outcomes:``)."""
        return dict(self.experiment.outcomes)

    def series(self, kpi: str, municipality: str | None = None) -> pd.DataFrame:
        """One KPI of every run and step: the key columns, ``step``, ``date`` and ``value``."""
        name = "kpis" if municipality else "region"
        path = self.folder / f"{name}.parquet"
        import pyarrow.parquet as pq

        columns = pq.read_schema(path).names
        skip = {*self.keys, "step", "date", "municipality", "sample"}
        numeric = [c for c in columns if c not in skip]
        if kpi not in columns or kpi in skip:
            import difflib

            close = difflib.get_close_matches(kpi, numeric, n=3, cutoff=0.6)
            close += [c for c in numeric if kpi in c and c not in close][: 5 - len(close)]
            why = "a column that identifies the runs (not a KPI)" if kpi in skip else "not a column"
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ScenarioError([f"{kpi}: {why} of {name}.parquet{hint}"])
        wanted = [*self.keys, "step", "date", kpi] + (["municipality"] if municipality else [])
        data = pd.read_parquet(path, columns=wanted)
        if not pd.api.types.is_numeric_dtype(data[kpi]):
            raise ScenarioError([f"{kpi}: not a numeric column of {name}.parquet"])
        if municipality:
            if municipality not in set(data.municipality):
                towns = ", ".join(sorted(set(data.municipality)))
                raise ScenarioError([f"@{municipality}: not a town of this batch ({towns})"])
            data = data[data.municipality == municipality].drop(columns="municipality")
        return data.rename(columns={kpi: "value"}).reset_index(drop=True)


def open_batch(folder: str | Path) -> Batch:
    """A batch folder (the --out of dxsim batch), or a ScenarioError saying what it is."""
    folder = Path(folder)
    if folder.is_file():
        raise ScenarioError(
            [f"{folder}: is a file, expected a batch folder (the --out of dxsim batch)"]
        )
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError([f"{folder}: not a dxsim batch folder (no manifest.json)"]) from None
    if "experiment" not in manifest:
        raise ScenarioError([f"{folder}: a single run's folder (dxsim run), not a batch's"])
    from .experiment import Experiment

    experiment = Experiment.model_validate(manifest["experiment"])
    inputs = [c for c in experiment.columns() if c not in ("sample", "future")]
    keys = ["scenario", *experiment.columns(), "replicate", "seed"]
    return Batch(folder, manifest, keys, inputs)


def _step_at(dates: pd.Series, steps: pd.Series, when: str, first: int) -> int:
    if when == "start":
        return first
    if when == "end":
        return int(steps.max())
    hit = steps[dates == when]
    if hit.empty:
        raise ScenarioError([f"date {when}: not in the batch ({dates.min()} to {dates.max()})"])
    return int(hit.iloc[0])


def outcome_values(batch: Batch, outcome: Outcome) -> pd.Series:
    """The outcome of every run, indexed by the run's key columns."""
    data = batch.series(outcome.kpi, outcome.municipality)
    steps = data[["step", "date"]].drop_duplicates().sort_values("step")
    first = int(steps.step.min())
    runs = data.groupby(batch.keys, sort=False)
    if outcome.how == "at":
        step = _step_at(steps.date, steps.step, outcome.when or "end", first)
        return data[data.step == step].set_index(batch.keys)["value"].astype(float)
    if outcome.how in ("change", "relchange"):
        a, b = (outcome.when or "start..end").split("..")
        s0 = _step_at(steps.date, steps.step, a, first)
        s1 = _step_at(steps.date, steps.step, b, first)
        v0 = data[data.step == s0].set_index(batch.keys)["value"].astype(float)
        v1 = data[data.step == s1].set_index(batch.keys)["value"].astype(float)
        if outcome.how == "change":
            return v1 - v0
        return (v1 - v0) / v0.where(v0 != 0)
    from ..outputs.summaries import fiscal_years

    later = data[data.step > first].assign(fy=lambda d: fiscal_years(d.date))
    if outcome.when:
        m = _FY.match(outcome.when)
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        have = sorted(set(later.fy))
        if lo < have[0] or hi > have[-1]:
            raise ScenarioError(
                [
                    f"{outcome.when}: the batch covers FY{have[0]}-FY{have[-1]} "
                    "(months after the start)"
                ]
            )
        later = later[later.fy.between(lo, hi)]
    runs = later.groupby(batch.keys, sort=False)["value"]
    return (runs.sum() if outcome.how == "sum" else runs.mean()).astype(float)


def outcome_table(batch: Batch, outcomes: dict[str, Outcome]) -> pd.DataFrame:
    """One row per run (its key columns) and one column per outcome."""
    if not outcomes:
        raise ScenarioError(
            ["no outcome: give --outcome KPI[:HOW[:WHEN]] or name outcomes: in the experiment"]
        )
    columns = {name: outcome_values(batch, o) for name, o in outcomes.items()}
    table = pd.DataFrame(columns).reset_index()
    table.attrs["labels"] = {name: o.label() for name, o in outcomes.items()}
    return table


def resolve(batch: Batch, text: str) -> tuple[str, Outcome]:
    """An outcome the experiment names (``outcomes:``), or one written as --outcome SPEC."""
    named = batch.outcomes()
    return (text, named[text]) if text in named else parse_outcome(text)


def chosen_outcomes(batch: Batch, given: list[str]) -> dict[str, Outcome]:
    """The outcomes of --outcome (names of the experiment's or specs), or else all the
    experiment's ``outcomes:``."""
    if given:
        return dict(resolve(batch, text) for text in given)
    return batch.outcomes()


def finite(values: pd.Series | np.ndarray) -> np.ndarray:
    """The values as floats, without NaN (a relchange from zero)."""
    v = np.asarray(values, dtype=float)
    return v[np.isfinite(v)]
