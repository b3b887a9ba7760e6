"""Figures and tables for the scenario docs, made from a batch's output folder.

Usage: python -m sim.figures centralization RESULTS_DIR [OUT_DIR]

Reads ``region.parquet`` and ``kpis.parquet`` written by ``dxsim batch`` and writes PNG
figures and ``summary.md`` (a Markdown table of 20-year totals, mean and range over
replicates) to OUT_DIR. Needs matplotlib (``pip install 'dxsim[plots]'``). Analysis only: it
never imports the runner.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["centralization", "fiscal_years"]

ORDER = (
    "all_legacy",
    "regional_joint",
    "standard_mandate",
    "standard_late",
    "standard_rising_fees",
)
FY2017 = ((10_000, 11_724, "towns < 20k"), (150_000, 3_096, "cities 100-200k"))


def fiscal_years(dates: pd.Series) -> np.ndarray:
    year = dates.str[:4].astype(int)
    return np.where(dates.str[5:7].astype(int) >= 4, year, year - 1)


def _short(name: str) -> str:
    return name.removeprefix("centralization_")


def _yearly(region: pd.DataFrame, column: str, how: str = "sum") -> pd.DataFrame:
    r = region[region.step > 0].assign(fy=lambda d: fiscal_years(d.date))
    per_run = r.groupby(["scenario", "replicate", "fy"])[column].agg(how).reset_index()
    return per_run.groupby(["scenario", "fy"])[column].agg(["mean", "min", "max"]).reset_index()


def _lines(ax, table: pd.DataFrame, scale: float = 1.0) -> None:
    from matplotlib.ticker import MaxNLocator

    for name in sorted(table.scenario.unique(), key=lambda s: ORDER.index(_short(s))):
        t = table[table.scenario == name]
        ax.plot(t.fy, t["mean"] / scale, label=_short(name))
        ax.fill_between(t.fy, t["min"] / scale, t["max"] / scale, alpha=0.15)
    ax.set_xlabel("fiscal year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)


def centralization(results: str | Path, out: str | Path) -> list[Path]:
    """The centralization comparison: cost curve, spending, leakage, online, outages."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results, out = Path(results), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    region = pd.read_parquet(results / "region.parquet")
    kpis = pd.read_parquet(results / "kpis.parquet")
    made = []

    # 1. the legacy cost curve, first simulated year, against the FY2017 figures
    legacy = kpis[(kpis.scenario.str.endswith("all_legacy")) & (kpis.step.between(1, 12))]
    per_town = legacy.groupby(["replicate", "municipality"]).agg(
        pop=("population", "mean"), cost=("it_cost_yen", "sum")
    )
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(
        per_town["pop"], per_town.cost / per_town["pop"], s=12, label="Tokachi towns (model)"
    )
    for pop, yen, label in FY2017:
        ax.scatter([pop], [yen], marker="x", s=60, color="black")
        ax.annotate(f"FY2017 {label}", (pop, yen), textcoords="offset points", xytext=(5, 5))
    ax.set_xscale("log")
    ax.set_xlabel("population (persons)")
    ax.set_ylabel("IT cost per resident (yen per year)")
    ax.set_title("Legacy systems: cost per resident falls with size")
    ax.grid(alpha=0.3)
    ax.legend()
    made.append(_save(fig, out / "cost_curve.png"))

    panels = (
        ("it_cost_yen", "sum", 1e6, "IT spending, region (M yen / year)", "it_spending.png"),
        (
            "it_leaving_region_yen",
            "sum",
            1e6,
            "IT money leaving the region (M yen / year)",
            "it_leaving.png",
        ),
        ("online_procedure_share", "mean", 0.01, "procedures done online (%)", "online.png"),
        (
            "resident_hours",
            "sum",
            1e3,
            "residents' hours on procedures (thousand / year)",
            "resident_hours.png",
        ),
        ("outage_days", "sum", 1.0, "outage days (population-weighted, per year)", "outages.png"),
    )
    for column, how, scale, label, name in panels:
        fig, ax = plt.subplots(figsize=(6.5, 4))
        _lines(ax, _yearly(region, column, how), scale)
        ax.set_ylabel(label)
        ax.legend(fontsize=8)
        made.append(_save(fig, out / name))
    made.append(_outages(kpis, out / "outages.png"))
    (out / "summary.md").write_text(_summary(region), encoding="utf-8")
    made.append(out / "summary.md")
    return made


def _outages(kpis: pd.DataFrame, path: Path) -> Path:
    """Towns hit by an outage each month: scattered (legacy) vs all at once (standard).

    Shows the first replicate of the standard scenario with a cloud incident (every standard
    town hit in one month), and the same replicate of the legacy scenario.
    """
    import matplotlib.pyplot as plt

    standard = kpis[kpis.scenario.str.endswith("standard_mandate") & (kpis.step > 0)]
    towns = standard.municipality.nunique()
    hits = standard[standard.outage_days > 0].groupby(["replicate", "step"]).size()
    shared = hits[hits == towns].reset_index().replicate
    replicate = int(shared.min()) if len(shared) else 0
    fig, axes = plt.subplots(2, 1, figsize=(6.5, 4.5), sharex=True)
    for ax, name in zip(axes, ("all_legacy", "standard_mandate"), strict=True):
        k = kpis[kpis.scenario.str.endswith(name) & (kpis.replicate == replicate)]
        k = k[k.step > 0]
        hit = (
            k.assign(hit=k.outage_days > 0)
            .groupby("step")
            .agg(date=("date", "first"), towns=("hit", "sum"))
        )
        ax.bar(pd.to_datetime(hit.date), hit.towns, width=25)
        ax.set_ylabel("towns hit")
        ax.set_title(name, fontsize=9)
        ax.grid(alpha=0.3)
    axes[-1].set_xlabel(f"month (replicate {replicate})")
    return _save(fig, path)


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


def _summary(region: pd.DataFrame) -> str:
    """20-year totals per scenario: mean (min-max) over replicates."""
    last = region.step.max()
    later = region[region.step > 0]
    per_run = later.groupby(["scenario", "replicate"]).agg(
        it_cost=("it_cost_yen", "sum"),
        leaving=("it_leaving_region_yen", "sum"),
        subsidy=("it_subsidy_yen", "sum"),
        hours=("resident_hours", "sum"),
    )
    end = region[region.step == last].set_index(["scenario", "replicate"])
    per_run["online"] = end.online_procedure_share * 100
    per_run["linked"] = end.firms_linked_data
    per_run["population"] = end.population
    per_run["satisfaction"] = end.satisfaction
    cols = {
        "it_cost": ("IT spending, bn yen", 1e9, "{:.1f}"),
        "leaving": ("of which left the region, bn yen", 1e9, "{:.1f}"),
        "subsidy": ("national subsidy, bn yen", 1e9, "{:.2f}"),
        "hours": ("residents' hours on procedures, M", 1e6, "{:.1f}"),
        "online": ("online share at the end, %", 1, "{:.0f}"),
        "linked": ("firms using linked data at the end", 1, "{:,.0f}"),
        "population": ("population at the end", 1, "{:,.0f}"),
        "satisfaction": ("satisfaction at the end (0-1)", 1, "{:.3f}"),
    }
    names = sorted(per_run.index.get_level_values(0).unique(), key=lambda s: ORDER.index(_short(s)))
    lines = ["| | " + " | ".join(_short(n) for n in names) + " |", "|---|" + "---|" * len(names)]
    for key, (label, scale, fmt) in cols.items():
        cells = []
        for n in names:
            v = per_run.loc[n, key] / scale
            cells.append(f"{fmt.format(v.mean())} ({fmt.format(v.min())}-{fmt.format(v.max())})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "centralization":
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    target = sys.argv[3] if len(sys.argv) > 3 else "docs/scenarios/figures/centralization"
    for path in centralization(sys.argv[2], target):
        print(path)
