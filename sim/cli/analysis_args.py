"""The grammar of the analysis commands (compare, plot, discover, robustness, report batch).

Kept beside ``cli_args.py`` (which calls ``add_analysis``) so that each stays short; imports
only argparse, so that ``dxsim --help`` stays fast.
"""

from __future__ import annotations

import argparse

__all__ = ["add_analysis", "add_report_batch"]

OUTCOME_HELP = (
    "an outcome, [NAME=]KPI[@TOWN][:HOW[:WHEN]]: HOW at (WHEN YYYY-MM, start or end), sum or "
    "mean (WHEN FY2020 or FY2016-FY2025), change or relchange (WHEN FROM..TO); e.g. "
    "population:relchange, it_cost_yen:sum:FY2030, births@kamishihoro:mean:FY2016-FY2025 "
    "(repeatable; default: the experiment's outcomes:)"
)


def _batch_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("batch_dir", metavar="BATCH_DIR", help="a dxsim batch output folder")


def _outcome(p: argparse.ArgumentParser, required: bool = False) -> None:
    p.add_argument(
        "--outcome",
        action="append",
        default=[],
        metavar="SPEC",
        required=required,
        help=OUTCOME_HELP,
    )


def _lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("en", "ja"), default="en", help="label language")


def add_analysis(sub: argparse._SubParsersAction) -> None:
    """The analysis commands, added to dxsim's subcommands."""
    com = sub.add_parser(
        "compare",
        help="paired differences of every scenario against a baseline (common random numbers)",
        description="Difference of every arm (scenario, or factor/lever value) from the "
        "baseline, replicate by replicate (same seed), with 95% bootstrap intervals: per "
        "outcome (table and dot plot) and over time for each --kpi (table and figure). Writes "
        "compare_<baseline>.csv, compare_<baseline>_<kpi>.csv and their figures (PNG, SVG) "
        "to --out.",
    )
    _batch_dir(com)
    com.add_argument(
        "--baseline",
        required=True,
        metavar="SCENARIO",
        help="the scenario name to compare with, or COLUMN=VALUE for a factor or lever "
        "(e.g. disclosure=0.1: pairs share the other factors and the replicate)",
    )
    _outcome(com)
    com.add_argument(
        "--kpi",
        action="append",
        default=[],
        help="a KPI whose difference is shown over time (repeatable; default population)",
    )
    com.add_argument("--municipality", metavar="KEY", help="a town's KPI over time")
    com.add_argument("--out", help="output folder (default BATCH_DIR)")
    _lang(com)
    plo = sub.add_parser(
        "plot",
        help="fan charts of a KPI: median and 50/90%% bands over replicates, per scenario",
        description="Median and 50% and 90% bands over the runs of each arm, over time, as "
        "PNG and SVG (and the quantiles as CSV): fan_<kpi>[_<town>] in --out.",
    )
    _batch_dir(plo)
    plo.add_argument("--kpi", required=True, help="a column of region.parquet (or kpis.parquet)")
    plo.add_argument("--municipality", metavar="KEY", help="a town's KPI instead of the region's")
    plo.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COLUMN",
        help="the arms: key columns (repeatable; default scenario and every factor or lever; "
        "the others are pooled)",
    )
    plo.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="only the runs with this value (repeatable)",
    )
    plo.add_argument("--out", help="output folder (default BATCH_DIR)")
    _lang(plo)
    dis = sub.add_parser(
        "discover",
        help="scenario discovery: the inputs that lead to an outcome past a threshold (PRIM)",
        description="Marks the runs whose outcome is above --threshold (or below, --below), "
        "runs PRIM (ema-workbench) on the varied inputs and prints the peeling trajectory "
        "(coverage, density), the chosen box's limits and extra-trees feature scores; writes "
        "discover_<outcome>_{trajectory,box,features}.csv and the trajectory figure.",
    )
    _batch_dir(dis)
    _outcome(dis, required=True)
    dis.add_argument("--threshold", type=float, required=True, help="the outcome's threshold")
    dis.add_argument(
        "--below", action="store_true", help="runs below the threshold are of interest"
    )
    dis.add_argument(
        "--density",
        type=float,
        default=0.8,
        help="the chosen box: the widest whose density reaches this (default 0.8)",
    )
    dis.add_argument("--out", help="output folder (default BATCH_DIR)")
    rob = sub.add_parser(
        "robustness",
        help="robustness of lever sets across futures: regret and satisficing",
        description="For an experiment with levers: and uncertainties:, each lever set's "
        "mean, worst case, regret against the best lever set in each future and (with "
        "--threshold) the share of futures where it is good enough; writes "
        "robustness_<outcome>.csv.",
    )
    _batch_dir(rob)
    _outcome(rob, required=True)
    rob.add_argument("--minimize", action="store_true", help="lower is better (default higher)")
    rob.add_argument("--threshold", type=float, help="good enough at (or beyond) this value")
    rob.add_argument("--out", help="output folder (default BATCH_DIR)")


def add_report_batch(rep_sub: argparse._SubParsersAction) -> None:
    """``dxsim report batch``: one self-contained HTML report of a batch."""
    bat = rep_sub.add_parser(
        "batch",
        help="one self-contained HTML report of a batch: design, outcomes, differences, fans, "
        "indices, boxes, robustness",
        description="Writes BATCH_DIR/report.html (or --out): the experiment, its outcomes per "
        "arm, paired differences from --baseline, fan charts of each --kpi, sensitivity "
        "indices (sampled designs), PRIM boxes (with --threshold) and robustness (levers); "
        "figures embedded, no other file needed.",
    )
    _batch_dir(bat)
    bat.add_argument(
        "--baseline", help="scenario (or COLUMN=VALUE) to compare with (default the first scenario)"
    )
    _outcome(bat)
    bat.add_argument(
        "--kpi", action="append", default=[], help="KPIs for fan charts (default population)"
    )
    bat.add_argument("--threshold", type=float, help="discover boxes for the first outcome past it")
    bat.add_argument("--below", action="store_true", help="with --threshold: below is of interest")
    bat.add_argument("--minimize", action="store_true", help="robustness: lower is better")
    bat.add_argument("--out", help="the HTML file (default BATCH_DIR/report.html)")
    _lang(bat)
