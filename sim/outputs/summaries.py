"""Measured numbers for the scenario docs, computed from a batch's output folder.

``programs_summary(PAIR_DIR)`` returns the Markdown that ``docs/scenarios/investment_loops.md``
and ``docs/ODD.md`` (section 1, "Pattern results as measured") quote for
``experiments/kamishihoro_programs.yaml``: means over replicates, the range over replicates in
brackets, rates per year over the 20 simulated years (steps 1-240). Analysis only: it reads
``region.parquet`` and never imports the runner.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "programs_summary",
    "programs_table",
    "programs_numbers",
    "centralization_numbers",
    "cost_ratios",
    "ratio_table",
]

SCENARIOS = {
    "kamishihoro": "with programs",
    "kamishihoro_no_programs": "donations, no programs",
    "kamishihoro_baseline": "ordinary town",
}


#: the centralization scenarios in the order of the docs
ORDER = (
    "all_legacy",
    "regional_joint",
    "standard_mandate",
    "standard_deadline_2030",
    "standard_scarce_engineers",
    "standard_weak_yen",
    "standard_rising_fees",
    "standard_joint_procurement",
)
#: The fiscal year whose running costs the comparison starts from (before any migration),
#: and the year after the switch it is compared in (the first after the FY2025 deadline).
BEFORE_FY, AFTER_FY = 2022, 2027
#: Town sizes of the ratio table (persons at the start).
SIZE_EDGES = (5_000, 10_000, 50_000)


def fiscal_years(dates: pd.Series) -> np.ndarray:
    """The fiscal year (April to March) of each ``YYYY-MM`` date."""
    year = dates.str[:4].astype(int)
    return np.where(dates.str[5:7].astype(int) >= 4, year, year - 1)


def _range(values: pd.Series, fmt: str = "{:,.0f}") -> str:
    """Mean (min-max) over replicates; the value alone where all are equal."""
    if values.min() == values.max():
        return fmt.format(values.mean())
    return f"{fmt.format(values.mean())} ({fmt.format(values.min())}-{fmt.format(values.max())})"


def _at(region: pd.DataFrame, name: str, step: int) -> pd.DataFrame:
    return region[(region.scenario == name) & (region.step == step)].set_index("replicate")


def _totals(region: pd.DataFrame, name: str) -> pd.DataFrame:
    """Sums over steps 1-240 per replicate."""
    later = region[(region.scenario == name) & (region.step > 0)]
    return later.groupby("replicate").sum(numeric_only=True)


def programs_table(region: pd.DataFrame) -> str:
    """The with/without-programs table of investment_loops.md (means, ranges in brackets)."""
    names = [n for n in SCENARIOS if (region.scenario == n).any()]
    last = int(region.step.max())
    years = last / 12
    rows: list[tuple[str, list[str]]] = []
    for label, step in (("2015", 0), ("after 5 years", 60), ("after 10 years", 120)):
        cells = [_at(region, n, step).population for n in names]
        rows.append((f"population {label}", [_range(c) for c in cells]))
    rows.append(
        ("population after 20 years", [_range(_at(region, n, last).population) for n in names])
    )
    ends = {n: _at(region, n, last) for n in names}
    tot = {n: _totals(region, n) for n in names}
    rows.append(
        (
            "share aged 65+ after 20 years",
            [f"{(ends[n].pop_65_plus / ends[n].population).mean():.1%}" for n in names],
        )
    )
    rows.append(("births a year", [f"{tot[n].births.mean() / years:.1f}" for n in names]))
    cells = []
    for n in names:
        t = tot[n]
        share = t.moves_in_20_49.sum() / (t.moves_in - t.moves_in_0_14).sum()
        cells.append(f"{t.moves_in.mean() / years:,.0f} ({share:.1%})")
    rows.append(("in-movers a year (of adults, share aged 20-49)", cells))
    rows.append(
        (
            "donations over 20 years",
            [f"{tot[n].donations_yen.mean() / 1e9:.1f} bn yen" for n in names],
        )
    )
    cells = []
    for n in names:
        t = tot[n]
        if t.program_spending_yen.mean() == 0:
            cells.append("0")
        else:
            cells.append(
                f"{t.program_spending_yen.mean() / 1e9:.1f} / {t.grants_yen.mean() / 1e9:.2f} / "
                f"{t.coinvestment_yen.mean() / 1e9:.2f} bn yen"
            )
    rows.append(("program spending / grants / co-investment over 20 years", cells))
    rows.append(
        (
            "return gifts (all bought from the town's firms)",
            [f"{_bn(tot[n].return_gifts_yen.mean())} bn yen" for n in names],
        )
    )
    rows.append(
        (
            "funds / debt after 20 years",
            [
                f"{ends[n].funds_yen.mean() / 1e9:.1f} / {ends[n].debt_yen.mean() / 1e9:.1f} bn yen"
                for n in names
            ],
        )
    )
    rows.append(("trust after 20 years", [f"{ends[n].trust.mean():.2f}" for n in names]))
    lines = ["| | " + " | ".join(SCENARIOS[n] for n in names) + " |"]
    lines.append("|---|" + "---|" * len(names))
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines) + "\n"


def _bn(yen: float) -> str:
    return f"{yen / 1e9:.2f}" if yen < 1e9 else f"{yen / 1e9:.1f}"


def programs_numbers(region: pd.DataFrame) -> str:
    """The other numbers quoted in ODD.md section 1, one bullet per scenario and quantity."""
    last = int(region.step.max())
    years = last / 12
    lines = []
    for n in (s for s in SCENARIOS if (region.scenario == s).any()):
        r = region[region.scenario == n]
        later = r[r.step > 0]
        tot = _totals(region, n)
        p = {s: _at(region, n, s) for s in (0, 120, last)}
        share65 = {s: (p[s].pop_65_plus / p[s].population).mean() for s in p}
        exposure = r[r.step < last]
        young = later.moves_out_20_29.sum() / exposure.pop_20_29.sum()
        other = (later.moves_out - later.moves_out_20_29).sum() / (
            exposure.population - exposure.pop_20_29
        ).sum()
        jan24 = r[r.date.str.startswith("2024-01")].population
        fy = (
            later.assign(fy=fiscal_years(later.date))
            .groupby(["replicate", "fy"])
            .donations_yen.sum()
        )
        fy = fy.groupby("fy").mean() / 1e6
        end = p[last]
        pop = {s: p[s].population.mean() for s in p}
        n_rep = r.replicate.nunique()
        natural, net = (tot.births - tot.deaths).mean(), (tot.moves_in - tot.moves_out).mean()
        shown = (2015, 2016, 2018, 2021, 2022, 2023)
        lines += [
            f"## {n} ({SCENARIOS[n]}), {n_rep} replicates",
            "",
            f"- population change per decade: {pop[120] / pop[0] - 1:+.0%}"
            f" then {pop[last] / pop[120] - 1:+.0%}",
            f"- share aged 65+ at steps 0 / 60 / 120 / {last}: {share65[0]:.1%} / "
            f"{(_at(region, n, 60).pop_65_plus / _at(region, n, 60).population).mean():.1%} / "
            f"{share65[120]:.1%} / {share65[last]:.1%}",
            f"- mean age at step 0 and {last}: {p[0].mean_age.mean():.1f} and "
            f"{end.mean_age.mean():.1f} years",
            f"- natural change over 20 years (per replicate): {natural:+,.0f}"
            f" ({tot.births.mean() / years:.1f} births and"
            f" {tot.deaths.mean() / years:.1f} deaths a year)",
            f"- net migration over 20 years (per replicate): {net:+,.0f}"
            f" ({tot.moves_in.mean() / years:.0f} in,"
            f" {tot.moves_out.mean() / years:.0f} out a year)",
            f"- aged 20-29 move out {young / other:.1f} times as often per person-month as"
            f" other ages; 20-29 out/in over 20 years (per replicate):"
            f" {later.moves_out_20_29.sum() / n_rep:,.0f} /"
            f" {later.moves_in_20_29.sum() / n_rep:,.0f}",
            f"- highest monthly unemployment rate (any replicate):"
            f" {later.unemployment_rate.max():.1%}",
            f"- population in January 2024: {_range(jan24)}",
            "- donations by fiscal year, M yen: "
            + ", ".join(f"FY{y} {v:,.0f}" for y, v in fy.items() if y in shown),
            f"- trust at the end: {end.trust.mean():.3f}",
            f"- funds at the end: {end.funds_yen.mean() / 1e9:.1f} bn yen, of it earmarked"
            f" {end.earmarked_fund_yen.mean() / 1e9:.1f} bn;"
            f" debt {end.debt_yen.mean() / 1e9:.1f} bn",
            "",
        ]
    return "\n".join(lines)


def programs_summary(pair: str | Path) -> str:
    """``programs_summary.md``: the table and the numbers for kamishihoro_programs."""
    region = pd.read_parquet(Path(pair) / "region.parquet")
    return (
        "# Kamishihoro with and without programs\n\nMeans over replicates, range in brackets;"
        " rates per year over the simulated years.\n\n"
        + programs_table(region)
        + "\n"
        + programs_numbers(region)
    )


def centralization_numbers(region: pd.DataFrame, kpis: pd.DataFrame) -> str:
    """The numbers centralization.md quotes besides the totals table: yearly IT spending
    (region, mean over replicates, bn yen per fiscal year), shares leaving the region,
    hours saved, outages (months with every town hit) and the spread of populations."""
    r = region[region.step > 0].assign(fy=lambda d: fiscal_years(d.date))
    names = {n: n.removeprefix("centralization_") for n in r.scenario.unique()}
    per_fy = r.groupby(["scenario", "replicate", "fy"]).it_cost_yen.sum()
    per_fy = per_fy.groupby(["scenario", "fy"]).mean().unstack("fy") / 1e9
    per_fy.index = [names[n] for n in per_fy.index]
    per_fy = per_fy.loc[[n for n in ORDER if n in per_fy.index]]
    lines = ["IT spending of the region by fiscal year, bn yen (mean over replicates):", ""]
    lines.append("| | " + " | ".join(f"FY{y}" for y in per_fy.columns) + " |")
    lines.append("|---|" + "---|" * len(per_fy.columns))
    for name, row in per_fy.iterrows():
        lines.append(f"| {name} | " + " | ".join(f"{v:.2f}" for v in row) + " |")
    totals = r.groupby("scenario")[["it_cost_yen", "it_leaving_region_yen", "resident_hours"]].sum()
    totals.index = [names[n] for n in totals.index]
    lines += ["", "- share of IT spending leaving the region over 20 years: "]
    lines[-1] += ", ".join(
        f"{n} {t.it_leaving_region_yen / t.it_cost_yen:.0%}" for n, t in totals.iterrows()
    )
    legacy_hours = totals.loc["all_legacy", "resident_hours"]
    lines.append(
        "- residents' hours on procedures against all_legacy: "
        + ", ".join(
            f"{n} {t.resident_hours / legacy_hours - 1:+.1%}"
            for n, t in totals.iterrows()
            if n != "all_legacy"
        )
    )
    k = kpis[kpis.step > 0]
    towns = k.municipality.nunique()
    hit = k[k.outage_days > 0].groupby(["scenario", "replicate", "step"]).size()
    months = k.groupby(["scenario", "replicate"]).step.nunique()
    for scenario in sorted(k.scenario.unique()):
        h = hit.loc[scenario] if scenario in hit.index.get_level_values(0) else pd.Series()
        all_hit = (h == towns).groupby(level="replicate").sum() if len(h) else pd.Series([0])
        first = int(all_hit.get(0, 0)) if len(h) else 0
        n_months = months.loc[scenario].mean()
        lines.append(
            f"- {names[scenario]}: months with an outage somewhere"
            f" {(h.groupby(level='replicate').size() / n_months).mean():.1%}"
            f" (mean {h.mean() if len(h) else 0:.1f} towns hit in such a month);"
            f" months with all {towns} towns hit {all_hit.mean():.1f} per run"
            f" ({first} in replicate 0)"
        )
    end = region[region.step == region.step.max()].groupby("scenario").population.mean()
    end.index = [names[n] for n in end.index]
    lines.append(
        f"- population at the end, means: lowest {end.idxmin()} {end.min():,.0f}, highest"
        f" {end.idxmax()} {end.max():,.0f} ({end.max() / end.min() - 1:.1%} apart)"
    )
    return "\n".join(lines) + "\n"


def cost_ratios(
    kpis: pd.DataFrame, after: int = AFTER_FY, factors: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Each town's running IT cost (every part but projects) in FY ``after`` over FY2022, per
    scenario, factor combination and replicate, with its size at the start and its running
    cost's parts."""
    from ..model.it_costs import PARTS

    k = kpis[kpis.step > 0].assign(fy=lambda d: fiscal_years(d.date))
    running = [f"it_cost_{p}_yen" for p in PARTS if p != "project"]
    k = k.assign(running=k[running].sum(axis=1))
    keys = ["scenario", *factors, "replicate", "municipality"]
    years = k[k.fy.isin([BEFORE_FY, after])].groupby([*keys, "fy"])[["running", *running]].sum()
    before = years.xs(BEFORE_FY, level="fy")
    later = years.xs(after, level="fy")
    size = kpis[kpis.step == 0].set_index(keys).population
    out = later[running].div(before["running"], axis=0)
    out.columns = [c.removeprefix("it_cost_").removesuffix("_yen") for c in running]
    out["ratio"] = later["running"] / before["running"]
    out["population"] = size
    if "it_vendor" in kpis:
        out["it_vendor"] = kpis[kpis.step == 0].set_index(keys).it_vendor
    return out.reset_index()


def ratio_table(ratios: pd.DataFrame) -> str:
    """The running-cost ratio (FY2027 over FY2022) by scenario and town size: mean over
    towns and replicates, and the lowest and highest town (means over replicates)."""
    r = ratios.assign(scenario=ratios.scenario.str.removeprefix("centralization_"))
    edges = [0, *SIZE_EDGES, np.inf]
    labels = [f"<{SIZE_EDGES[0]:,}"]
    labels += [f"{a:,}-{b:,}" for a, b in zip(SIZE_EDGES[:-1], SIZE_EDGES[1:], strict=True)]
    labels += [f"{SIZE_EDGES[-1]:,}+"]
    r["size"] = pd.cut(r.population, edges, labels=labels, right=False)
    by_town = r.groupby(["scenario", "municipality", "size"], observed=True).ratio.mean()
    lines = [
        "| scenario | all towns: mean (lowest-highest) | "
        + " | ".join(f"{x} persons" for x in labels)
        + " |",
        "|---|---|" + "---|" * len(labels),
    ]
    for name in [n for n in ORDER if n in set(r.scenario)]:
        t = by_town.loc[name]
        cells = [f"{t.mean():.2f} ({t.min():.2f}-{t.max():.2f})"]
        for label in labels:
            part = t[t.index.get_level_values("size") == label]
            cells.append(f"{part.mean():.2f} ({len(part)})" if len(part) else "-")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if "it_vendor" in r:
        vendors = sorted(r.it_vendor.dropna().unique())
        by_vendor = r.groupby(["scenario", "it_vendor"]).ratio.agg(["mean", "size"])
        lines += ["", "By vendor (mean over the towns each vendor serves in each replicate, "
                  "and how many town-runs):", ""]  # fmt: skip
        lines.append("| scenario | " + " | ".join(vendors) + " |")
        lines.append("|---|" + "---|" * len(vendors))
        for name in [n for n in ORDER if n in set(r.scenario)]:
            cells = []
            for v in vendors:
                row = by_vendor.loc[(name, v)] if (name, v) in by_vendor.index else None
                cells.append("-" if row is None else f"{row['mean']:.2f} ({int(row['size'])})")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
