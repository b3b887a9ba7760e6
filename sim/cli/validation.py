"""``dxsim patterns`` and ``dxsim calibrate``: the model against observations."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

__all__ = ["patterns", "calibrate"]


def _progress(console, label: str):
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runs"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _command() -> str:
    return "dxsim " + " ".join(shlex.quote(a) for a in sys.argv[1:])


def patterns(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..experiments.pattern_report import console_rows, write_patterns
    from ..experiments.patterns import DEFAULT_FILE, evaluate, load_patterns, run_patterns
    from ..scenario.loader import ScenarioError
    from .main import print_notes

    file = Path(args.file) if args.file else DEFAULT_FILE
    suite = load_patterns(file)
    unknown = [n for n in args.only if n not in suite.patterns]
    if unknown:
        raise ScenarioError(
            [f"--only {n}: no such pattern in {file}; it has {', '.join(suite.patterns)}"
             for n in unknown]
        )  # fmt: skip
    out = Path(args.out)
    console = Console(stderr=True)
    with print_notes(), _progress(console, "patterns") as bar:
        task = bar.add_task("runs", total=None)
        folders = run_patterns(
            suite,
            file.parent,
            out / "runs",
            seeds=args.seeds,
            workers=args.workers,
            scheduler=args.scheduler,
            only=args.only or None,
            scale=args.scale,
            fresh=args.fresh,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    outcomes = evaluate(suite, file.parent, folders, only=args.only or None)
    report = write_patterns(outcomes, out, _command())
    table = Table(title=f"{sum(o.met for o in outcomes)} of {len(outcomes)} patterns met")
    for col in ("pattern", "observed", "model: mean (90% range)", "result"):
        table.add_column(col)
    for row in console_rows(outcomes):
        table.add_row(*row)
    Console().print(table)
    Console().print(f"Report: {report}")
    missed = [o.name for o in outcomes if not o.met and not o.pattern.known_miss]
    return 1 if missed else 0


def calibrate(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..experiments.calibration import load_calibration, run_calibration
    from ..experiments.pattern_report import write_calibration
    from .main import print_notes

    cal, suite = load_calibration(args.file)
    out = Path(args.out)
    console = Console(stderr=True)
    with print_notes(), _progress(console, "calibration") as bar:
        task = bar.add_task("runs", total=None)
        post = run_calibration(
            cal,
            suite,
            Path(args.file).parent / Path(cal.patterns).parent,
            out / "runs",
            workers=args.workers,
            scheduler=args.scheduler,
            fresh=args.fresh,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    files = write_calibration(post, cal, out, _command(), str(args.file))
    print(post.summary.to_string(index=False))
    Console().print(f"Written: {', '.join(str(f) for f in files)}")
    return 0
