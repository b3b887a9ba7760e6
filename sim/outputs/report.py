"""The municipality's yearly disclosure, from a run's ledger: where each yen came from and
went, what the donations paid for, and results against targets.

``disclosure(run_dir, municipality, fy)`` reads ``flows.parquet``, ``kpis.parquet`` and
``scenario.yaml`` of a ``dxsim run`` output folder and returns the report as sections of
tables; ``to_markdown`` and ``to_html`` render the same sections, so the two files never
disagree. Analysis only: it never imports the model.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ..scenario.loader import ScenarioError
from ..scenario.safe_yaml import YamlLimit, check_size, compose

__all__ = ["Report", "disclosure", "to_markdown", "to_html"]

#: Flow kinds (``flows.parquet``) as a resident reads them, with the Japanese budget term.
KINDS = {
    "donation": "Hometown-tax donations (ふるさと納税)",
    "allocation_tax": "Local allocation tax (地方交付税)",
    "national_disbursement": "National treasury disbursements (国庫支出金)",
    "bond_issue": "Municipal bonds issued (地方債)",
    "resident_tax": "Resident tax (個人住民税)",
    "fixed_asset_tax": "Fixed-asset tax (固定資産税)",
    "corporate_tax_local": "Corporate resident tax (法人住民税)",
    "fund_withdrawal": "Drawn from the town's funds (基金繰入金)",
    "grant": "National grants for programs (国の交付金)",
    "subsidy": "National subsidy for the IT migration (標準化補助金)",
    "procurement": "Goods, services and works (物件費・普通建設事業費)",
    "wage": "Staff wages (人件費)",
    "child_allowance": "Childcare support to households (子育て支援給付)",
    "program": "Programs (施策事業)",
    "it_fee": "IT system fees (情報システム運用経費)",
    "it_project": "IT migration project (システム移行経費)",
    "return_gift": "Return gifts (返礼品)",
    "donation_cost": "Donation costs: portals, shipping, administration (寄附の経費)",
    "bond_repayment": "Bond repayment (公債費・元金)",
    "interest": "Bond interest (公債費・利子)",
    "fund_deposit": "Saved in the town's funds (基金積立金)",
}


def kind_label(kind: str) -> str:
    """A flow kind in words, with its code for kinds not listed (a new kind stays visible)."""
    return KINDS.get(kind, kind)


PLACES = {
    "resident": "households",
    "firm": "firms",
    "outside": "Outside (rest of Japan)",
    "nation": "national government",
    "fund": "own funds",
    "municipality": "town hall",
}


@dataclass
class Report:
    title: str
    sections: list[tuple[str, list[list[str]], str]] = field(default_factory=list)


def _yen(x: float) -> str:
    return f"{round(x / 1e6, 1) + 0.0:,.1f}"  # + 0.0: no "-0.0" for a few yen of rounding


def _fy_steps(kpis: pd.DataFrame, fy: int) -> pd.Series:
    year = kpis["date"].str[:4].astype(int)
    month = kpis["date"].str[5:7].astype(int)
    return (kpis["step"] > 0) & (((year == fy) & (month >= 4)) | ((year == fy + 1) & (month < 4)))


def disclosure(run_dir: str | Path, municipality: str, fy: int) -> Report:
    run_dir = Path(run_dir)
    try:
        kpis = pd.read_parquet(run_dir / "kpis.parquet")
        flows = pd.read_parquet(run_dir / "flows.parquet")
        raw = (run_dir / "scenario.yaml").read_bytes()
        check_size(raw)
        scenario = compose(raw.decode("utf-8"))[1]  # the one safe reader (alias limits)
    except (FileNotFoundError, OSError, YamlLimit, yaml.YAMLError, UnicodeDecodeError):
        missing = [
            n
            for n in ("kpis.parquet", "flows.parquet", "scenario.yaml")
            if not (run_dir / n).is_file()
        ]
        what = f"{', '.join(missing)} missing" if missing else "its files cannot be read"
        raise ScenarioError([f"{run_dir}: not a dxsim run folder ({what})"]) from None
    towns = sorted(kpis["municipality"].unique())
    if municipality not in towns:
        raise ScenarioError(
            [f"--municipality {municipality}: not in this run; towns are {', '.join(towns)}"]
        )
    k = kpis[kpis["municipality"] == municipality]
    in_year = _fy_steps(k, fy)
    if not in_year.any():
        years = sorted({int(d[:4]) - (int(d[5:7]) < 4) for d in k.loc[k.step > 0, "date"]})
        raise ScenarioError([f"--year {fy}: the run covers fiscal years {years[0]}-{years[-1]}"])
    steps = set(k.loc[in_year, "step"])
    complete = len(steps) == 12
    spec = (
        scenario["municipalities"].get(municipality, {}) if scenario.get("municipalities") else {}
    )
    name = spec.get("name_ja") or municipality
    report = Report(
        f"{name} ({municipality}): disclosure for FY{fy}"
        + ("" if complete else f" ({len(steps)} months simulated)")
    )
    f = flows[flows["step"].isin(steps)]
    came = f[
        (f.payee_type == "municipality")
        & (f.payee_municipality == municipality)
        & (f.kind != "opening_balance")
    ]
    went = f[(f.payer_type == "municipality") & (f.payer_municipality == municipality)]
    total_in, total_out = came.amount_yen.sum(), went.amount_yen.sum()
    rows = [
        [kind_label(kind), _yen(v), f"{v / max(total_in, 1):.1%}"]
        for kind, v in came.groupby("kind").amount_yen.sum().sort_values(ascending=False).items()
    ]
    rows.append(["total", _yen(total_in), "100%"])
    report.sections.append(
        (
            "Where the money came from (M yen)",
            [["source", "M yen", "share"], *rows],
            "Money into the general account: taxes, transfers, bonds, donations, and what "
            "was drawn from the town's own funds.",
        )
    )
    went = went.assign(
        to=[
            "firms in this town"
            if (t == "firm" and m == municipality)
            else "firms elsewhere in the region"
            if t == "firm"
            else PLACES.get(t, t)
            for t, m in zip(went.payee_type, went.payee_municipality, strict=True)
        ]
    )
    table = went.pivot_table(
        index="kind", columns="to", values="amount_yen", aggfunc="sum", fill_value=0
    )
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]  # largest first
    header = ["purpose", *table.columns, "total"]
    rows = [
        [kind_label(kind), *(_yen(v) for v in r), _yen(r.sum())] for kind, r in table.iterrows()
    ]
    rows.append(["total", *(_yen(v) for v in table.sum()), _yen(table.to_numpy().sum())])
    stayed = went[went.to.isin(["firms in this town", "households", "town hall"])].amount_yen.sum()
    saved = went[went.kind == "fund_deposit"].amount_yen.sum()
    spent = total_out - saved
    note = (
        f"Out of the general account {_yen(total_out)} M yen: {_yen(saved)} M put into the "
        f"town's own funds and {_yen(spent)} M spent, {stayed / max(spent, 1):.0%} of it with "
        "the town's own firms and households (staff wages and allowances, wherever staff "
        f"live). In minus out, {_yen(total_in - total_out)} M, is the change of cash in the "
        "general account."
    )
    report.sections.append(("Where it went (M yen)", [header, *rows], note))
    report.sections.append(_donations(k[in_year], f, municipality))
    report.sections.append(_programs(k[in_year]))
    report.sections.append(_stocks(k, in_year))
    report.sections.append(_results(k, in_year, spec.get("policy", {}).get("targets", {})))
    return report


def _donations(k: pd.DataFrame, f: pd.DataFrame, town: str) -> tuple[str, list[list[str]], str]:
    received = k["donations_yen"].sum()
    gifts = k["return_gifts_yen"].sum()
    costs = k["donation_costs_yen"].sum()
    local = f[
        (f.kind == "return_gift") & (f.payee_type == "firm") & (f.payer_municipality == town)
    ].amount_yen.sum()
    earmarked = k["earmarked_deposits_yen"].sum() if "earmarked_deposits_yen" in k else 0
    left = received - gifts - costs
    rows = [
        ["donations received", _yen(received), "100%"],
        ["return gifts", _yen(gifts), f"{gifts / max(received, 1):.1%}"],
        [
            "  of which bought from firms of the town",
            _yen(local),
            f"{local / max(received, 1):.1%}",
        ],
        [
            "other costs (portals, shipping, administration)",
            _yen(costs),
            f"{costs / max(received, 1):.1%}",
        ],
        ["left for the town", _yen(left), f"{left / max(received, 1):.1%}"],
        [
            "  of which earmarked into the fund for programs",
            _yen(earmarked),
            f"{earmarked / max(received, 1):.1%}",
        ],
        [
            "  of which to the general budget",
            _yen(left - earmarked),
            f"{(left - earmarked) / max(received, 1):.1%}",
        ],
    ]
    caps = gifts <= 0.3 * received + 1 and gifts + costs <= 0.5 * received + 1
    local_only = local == gifts
    if caps and local_only:
        note = (
            "Within the rules: return gifts at most 30%, all costs at most 50% (MIC 2019), "
            "every gift bought from the town's own firms."
        )
    else:
        broken = [] if caps else ["gifts above 30% or costs above 50%"]
        broken += [] if local_only else ["gifts not bought from the town's own firms"]
        note = f"OUTSIDE THE RULES: {'; '.join(broken)}."
    return ("Hometown-tax donations (M yen)", [["", "M yen", "share"], *rows], note)


def _programs(k: pd.DataFrame) -> tuple[str, list[list[str]], str]:
    """What the programs cost and how they were paid: grants, the earmarked fund, the rest."""
    spent = k["program_spending_yen"].sum()
    grants = k["grants_yen"].sum()
    draw = k["earmarked_draw_yearly_yen"].iloc[-1] if "earmarked_draw_yearly_yen" in k else 0
    draw = draw * len(k) // 12  # the months of the year simulated (all 12 but at a run's end)
    rest = spent - grants - draw
    rows = [
        ["program spending", _yen(spent), "100%"],
        ["  paid by national grants", _yen(grants), f"{grants / max(spent, 1):.1%}"],
        [
            "  paid from the donations' earmarked fund",
            _yen(draw),
            f"{draw / max(spent, 1):.1%}",
        ],
        [
            "  paid from the general budget (donations, taxes)",
            _yen(rest),
            f"{round(rest / max(spent, 1), 3) + 0.0:.1%}",
        ],
    ]
    levels = [
        [c.removeprefix("program_").replace("_", " "), f"{k[c].iloc[-1]:.2f}"]
        for c in k.columns
        if c.startswith("program_") and c != "program_spending_yen" and k[c].iloc[-1] > 0
    ]
    note = (
        "Intensity of each program at the end of the year (1: the reference spending): "
        + ", ".join(f"{name} {level}" for name, level in levels)
        + "."
        if levels
        else "No programs ran this year."
    )
    return (
        "What the programs cost and how they were paid (M yen)",
        [["", "M yen", "share"], *rows],
        note,
    )


def _stocks(k: pd.DataFrame, in_year: pd.Series) -> tuple[str, list[list[str]], str]:
    before = k[k.step == k.loc[in_year, "step"].min() - 1].iloc[0]
    after = k[in_year].iloc[-1]
    rows = [
        [label, _yen(before[col]), _yen(after[col]), _yen(after[col] - before[col])]
        for label, col in (
            ("funds", "funds_yen"),
            ("debt", "debt_yen"),
            ("cash in the general account", "balance_yen"),
        )
    ]
    return ("Funds and debt (M yen)", [["", "start", "end", "change"], *rows], "")


LOWER_IS_BETTER = ("deaths", "moves_out_20_49", "share_65_plus")
RESULTS = (
    ("population", "population", "last"),
    ("births", "births", "sum"),
    ("deaths", "deaths", "sum"),
    ("in-movers aged 20-49", "moves_in_20_49", "sum"),
    ("out-movers aged 20-49", "moves_out_20_49", "sum"),
    ("share aged 65+", "share_65_plus", "last"),
    ("procedures done online", "online_procedure_share", "last"),
    ("satisfaction (0-1)", "satisfaction", "last"),
    ("trust (0-1)", "trust", "last"),
)


def _results(
    k: pd.DataFrame, in_year: pd.Series, targets: dict
) -> tuple[str, list[list[str]], str]:
    k = k.assign(share_65_plus=k.pop_65_plus / k.population.clip(lower=1))
    year = k[in_year]
    first = k[(k.step > 0) & (k.step <= 12)]
    rows = []
    for label, col, how in RESULTS:
        value = year[col].sum() if how == "sum" else year[col].iloc[-1]
        start = first[col].sum() if how == "sum" else k[k.step == 0][col].iloc[0]
        target = targets.get(col)
        fmt = (
            "{:.1%}"
            if col in ("share_65_plus", "online_procedure_share")
            else ("{:.3f}" if col in ("satisfaction", "trust") else "{:,.0f}")
        )
        met = ""
        if target is not None:
            hit = value <= target if col in LOWER_IS_BETTER else value >= target
            met = "met" if hit else "not met"
        rows.append(
            [
                label,
                fmt.format(start),
                fmt.format(value),
                "" if target is None else fmt.format(target),
                met,
            ]
        )
    return (
        "Results against targets",
        [["", "start of the run", "this year", "target", ""], *rows],
        "Targets come from the scenario (policy.targets). Events (births, deaths, movers) are "
        "yearly sums, their start being the first simulated year; stocks are end-of-year "
        "values, their start the starting state. Deaths, out-movers and the 65+ share meet "
        "their target at or below it.",
    )


def to_markdown(report: Report) -> str:
    out = [f"# {report.title}", ""]
    for title, table, note in report.sections:
        out += [f"## {title}", "", "| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
        out += ["| " + " | ".join(row) + " |" for row in table[1:]]
        out += ["", note, ""] if note else [""]
    return "\n".join(out)


def to_html(report: Report) -> str:
    esc = html.escape
    parts = [
        '<!doctype html><html lang="ja"><meta charset="utf-8">',
        f"<title>{esc(report.title)}</title>",
        "<style>body{font-family:'Noto Sans CJK JP',sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2em .6em;"
        "text-align:right}td:first-child,th:first-child{text-align:left}</style>",
        f"<h1>{esc(report.title)}</h1>",
    ]
    for title, table, note in report.sections:
        parts.append(
            f"<h2>{esc(title)}</h2><table><tr>"
            + "".join(f"<th>{esc(c)}</th>" for c in table[0])
            + "</tr>"
        )
        parts += [
            "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in table[1:]
        ]
        parts.append("</table>" + (f"<p>{esc(note)}</p>" if note else ""))
    return "\n".join(parts) + "\n</html>\n"
