"""The ``dxsim`` command line's grammar: commands, arguments and their help texts.

Kept apart from ``cli.py`` (what each command does) so that a reader finds every option, and
what ``dxsim --help`` says about it, in one place. Imports only argparse.
"""

from __future__ import annotations

import argparse

from .analysis_args import add_analysis, add_report_batch

__all__ = ["parser"]


def port(text: str) -> int:
    """A TCP port number, refused by argparse in one line when out of range."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"got {text!r}, expected a port number 1-65535") from None
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"got {number}, expected a port number 1-65535")
    return number


def parser() -> argparse.ArgumentParser:
    """Every dxsim command, its arguments and their help (what `dxsim --help` shows)."""
    parser = argparse.ArgumentParser(
        prog="dxsim",
        description="Agent-based simulation of regional digital transformation in Japan.",
        epilog="Documentation: docs/ (ODD.md, architecture.md, parameters.md, outputs.md, "
        "batch.md, analysis.md, reports.md, dashboard.md, validation.md, performance.md). Exit "
        "status 2 means the input had a mistake; nothing was run or written. Environment: "
        "DXSIM_MALLOC=default leaves the C allocator's thresholds alone (docs/performance.md).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser(
        "run",
        help="run a scenario and write its results",
        description="Run SCENARIO and write kpis.parquet, region.parquet, "
        "flows.parquet, goods.parquet, migration.parquet, scenario.yaml and manifest.json "
        "to --out.",
    )
    run.add_argument("scenario", help="scenario YAML file")
    run.add_argument("--years", type=int, help="years to simulate (overrides run.years)")
    run.add_argument("--seed", type=int, help="random seed (overrides run.seed)")
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override any value, e.g. --set municipalities.kamishihoro.population=5000"
        " (repeatable)",
    )
    run.add_argument(
        "--municipality",
        metavar="KEY",
        help="print the summary for this municipality instead of the whole region",
    )
    run.add_argument("--out", help="output folder (default: results/<scenario name>)")
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    bat = sub.add_parser(
        "batch",
        help="run an experiment: scenarios x (factor grid or sampled design) x replicates, "
        "in parallel, locally or on a dask cluster",
        description="Run every scenario of EXPERIMENT for each replicate (seeds "
        "seed, seed+1, ...) and write kpis.parquet, region.parquet, "
        "flows.parquet, migration.parquet and manifest.json with scenario, replicate and seed "
        "columns. Output does not depend on --workers.",
    )
    bat.add_argument("experiment", help="experiment YAML file (experiments/)")
    bat.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    bat.add_argument("--replicates", type=int, help="override the experiment's replicates")
    bat.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a scenario value in every run (repeatable)",
    )
    bat.add_argument("--out", help="output folder (default: results/<experiment name>)")
    bat.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar and no closing summary (notes are still printed, each once)",
    )
    bat.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a dask.distributed cluster: its scheduler's address (tcp://host:8786), or "
        "'local' for a local dask cluster of --workers processes; workers need dxsim installed "
        "and the scenario files on the same paths",
    )
    bat.add_argument(
        "--lost-workers",
        choices=("wait", "stop"),
        default="wait",
        help="with --scheduler, when the cluster has had no worker for --lost-after seconds: "
        "say so and keep waiting (wait, the default) or stop, keeping the finished runs",
    )
    bat.add_argument(
        "--lost-after",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="how long a dask cluster may have no worker before --lost-workers acts (120)",
    )
    bat.add_argument(
        "--fresh",
        action="store_true",
        help="discard the finished runs an interrupted batch left in OUT/runs and start over "
        "(by default the same command resumes where it stopped)",
    )
    sen = sub.add_parser(
        "sensitivity",
        help="sensitivity indices of a KPI from a batch with a sampling design (SALib)",
        description="For a batch whose experiment samples its parameters (design: sobol, "
        "morris or latin), the indices of one KPI, its mean over the replicates at one step: "
        "Sobol' S1 and ST, Morris mu* and sigma, or Spearman rank correlations. Prints a "
        "table and writes BATCH_DIR/sensitivity_<kpi>[_<municipality>][_step<N>].csv. With "
        "replicates per point, it reports the seed's share of the variance and marks the "
        "indices within that noise (within_noise).",
    )
    sen.add_argument("batch_dir", metavar="BATCH_DIR", help="a dxsim batch output folder")
    sen.add_argument("--kpi", help="a column of region.parquet (or kpis.parquet)")
    sen.add_argument("--step", type=int, help="the step (default: the last)")
    sen.add_argument("--municipality", help="a municipality's KPI instead of the region's")
    sen.add_argument(
        "--outcome",
        metavar="SPEC",
        help="instead of --kpi and --step: an outcome over a window, [NAME=]KPI[@TOWN][:HOW"
        "[:WHEN]] (e.g. births:sum:FY2016; see dxsim compare --help)",
    )
    das = sub.add_parser(
        "dashboard",
        help="the workshop dashboard: two futures side by side, in Japanese or English",
        description="Start the Solara dashboard and print its address: pick a scenario for "
        "each of two futures, move the sliders, press Play, and see where the money goes. "
        "Every browser session gets its own models. Works without internet.",
    )
    das.add_argument("--host", default="127.0.0.1", help="address to listen on (default local)")
    das.add_argument("--port", type=port, default=8765, help="port, 1-65535 (default 8765)")
    das.add_argument(
        "--scenario",
        action="extend",
        nargs="+",
        default=[],
        metavar="FILE",
        help="scenario files of your own to offer in the picker (one or more, or repeat the "
        "option); the first two "
        "open as futures A and B (one file: on both sides, to compare settings). Checked "
        "before the server starts, like dxsim validate",
    )
    das.add_argument(
        "--lang",
        choices=("ja", "en"),
        default="en",
        help="the language the page opens in (default en; the page's button switches it)",
    )
    pat = sub.add_parser(
        "patterns",
        help="run the observed-pattern suite and compare the model with each observation",
        description="Run every scenario the patterns of FILE need (as batches: common random "
        "numbers, resumable, local workers or dask), compare each pattern's observation with "
        "the model's mean and 90% range over seeds, print the table and write "
        "OUT/patterns.md with one figure per pattern. Exit status 1 if a pattern not listed "
        "as a known miss is missed.",
    )
    pat.add_argument(
        "file", nargs="?", default=None, metavar="FILE", help="default validation/patterns.yaml"
    )
    pat.add_argument("--seeds", type=int, help="runs per scenario (default: the file's)")
    pat.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    pat.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="this pattern (repeatable)"
    )
    pat.add_argument("--scale", type=int, help="run.scale (default: the file's)")
    pat.add_argument("--scheduler", metavar="ADDRESS", help="a dask scheduler, or 'local'")
    pat.add_argument("--out", default="results/patterns", help="output folder")
    pat.add_argument("--fresh", action="store_true", help="discard kept runs and start over")
    cal = sub.add_parser(
        "calibrate",
        help="calibrate parameters against patterns (approximate Bayesian computation)",
        description="Sample the priors of CALIBRATION (a Latin hypercube), run the scenarios "
        "of its patterns at every point as batches, accept the points closest to the fitted "
        "patterns, adjust them by local-linear regression, and write OUT/calibration.md, "
        "posterior.csv, posterior.png, samples.parquet and calibrated.yaml (a scenario "
        "fragment of the posterior medians for extends:), with the held-back patterns as a "
        "check.",
    )
    cal.add_argument("file", metavar="CALIBRATION", help="a calibration YAML file")
    cal.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    cal.add_argument("--scheduler", metavar="ADDRESS", help="a dask scheduler, or 'local'")
    cal.add_argument("--out", default="results/calibration", help="output folder")
    cal.add_argument("--fresh", action="store_true", help="discard kept runs and start over")
    add_analysis(sub)
    rep = sub.add_parser("report", help="reports from a run's or a batch's output folder")
    rep_sub = rep.add_subparsers(dest="report", required=True, metavar="REPORT")
    add_report_batch(rep_sub)
    dis = rep_sub.add_parser(
        "disclosure",
        help="a municipality's yearly disclosure (Markdown and HTML)",
        description="Where each yen of a fiscal year came from and went, what the donations "
        "paid for, funds and debt, and results against the scenario's targets; written as "
        "Markdown and HTML next to the run (or to --out).",
    )
    dis.add_argument("run_dir", metavar="RUN_DIR", help="a dxsim run output folder")
    dis.add_argument("--municipality", required=True, help="municipality key")
    dis.add_argument("--year", type=int, required=True, help="fiscal year (April to March)")
    dis.add_argument("--out", help="output file stem (default RUN_DIR/disclosure_<key>_FY<year>)")
    new = sub.add_parser(
        "new",
        help="start a scenario of your own that builds on (extends) another",
        description="Write FILE, a scenario that extends SCENARIO (its values are SCENARIO's "
        "unless FILE changes them) and is named after FILE (my_town.yaml: name my_town, "
        "results in results/my_town/). The parameters planners change most are listed in it "
        "as lines commented out with '#', with SCENARIO's values, their units, ranges and "
        "meaning: remove the '# ' to change one. A name another scenario in FILE's folder "
        "already has is refused, as both would write the same results folder.",
    )
    new.add_argument("file", metavar="FILE", help="the new scenario file, e.g. my_town.yaml")
    new.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="SCENARIO",
        help="the scenario it builds on, e.g. scenarios/kamishihoro.yaml",
    )
    new.add_argument("--force", action="store_true", help="replace FILE if it exists")
    val = sub.add_parser(
        "validate",
        help="check scenario and experiment files without running them",
        description="Check each FILE as `dxsim run` (a scenario) or `dxsim batch` (an "
        "experiment: a file with a scenarios: list) would, without running or writing "
        "anything. Prints 'FILE: ok' or each mistake with its file and line; exit status 2 if "
        "any file has a mistake. Notes (e.g. a program that starts after the run ends) do "
        "not fail the check.",
    )
    val.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="scenario or experiment YAML files (e.g. scenarios/*.yaml experiments/*.yaml)",
    )
    val.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="check with this value overridden, as `dxsim run --set` would, e.g. "
        "--set run.years=10 (repeatable; for an experiment, applied to every run)",
    )
    par = sub.add_parser("params", help="the parameter reference (unit, range, default, meaning)")
    par.add_argument(
        "path",
        nargs="?",
        default="",
        help="a block or parameter (e.g. demography) or a Japanese label",
    )
    par.add_argument("--markdown", action="store_true", help="Markdown for docs/parameters.md")
    par.add_argument("--lang", choices=("en", "ja"), default="en", help="label language")
    par.add_argument(
        "--yaml",
        action="store_true",
        help="every default as a runnable scenario (scenarios/base.yaml)",
    )
    sch = sub.add_parser(
        "schema",
        help="print the JSON Schema of scenario files (or, --experiment, of experiment files)",
    )
    sch.add_argument(
        "--experiment",
        action="store_true",
        help="the JSON Schema of experiment files instead (schema/experiment.schema.json)",
    )
    return parser


def unrecognized(command: str, argv: list[str], extra: list[str]) -> None:
    """Words argparse could not place: a `--set PATH VALUE` written with a space gets its
    own hint; anything else one line naming the command's help."""
    from ..scenario.loader import ScenarioError  # imported when needed: --help stays fast

    for i, word in enumerate(argv[:-2]):
        path, value = argv[i + 1], argv[i + 2]
        if word == "--set" and "=" not in path and value == extra[0]:
            raise ScenarioError(
                [
                    f"--set {path} {value}: expected PATH=VALUE in one word, "
                    f"e.g. --set {path}={value}"
                ]
            )
    raise ScenarioError([f"{command}: unexpected {' '.join(extra)!r} (see dxsim {command} --help)"])
