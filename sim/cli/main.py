"""The ``dxsim`` command: run a scenario, validate files, list parameters, export the schema.

Input mistakes end in a short message naming the file, line and field (exit status 2), never
in a traceback, and before anything is written.
"""

from __future__ import annotations

import sys

try:  # the command's first moments: a Ctrl-C here is one line too, as in main()
    import argparse
    import contextlib
    import json
    import os
    import signal
    import warnings
    from pathlib import Path

    from .args import parser, unrecognized
except KeyboardInterrupt:
    print("dxsim: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

__all__ = ["main"]


def load_scenario(*args, **kwargs):
    """sim.scenario.loader.load_scenario, imported when first used: this module imports no
    numpy, pandas or pydantic, so that main() catches a Ctrl-C pressed while they load."""
    from ..scenario.loader import load_scenario as load

    return load(*args, **kwargs)


#: The files ``dxsim batch`` writes (sim.experiments.batch.run_batch).
BATCH_FILES = (
    "kpis.parquet",
    "region.parquet",
    "flows.parquet",
    "migration.parquet",
    "manifest.json",
)


def main(argv: list[str] | None = None) -> int:
    """The ``dxsim`` command. A Ctrl-C at any moment, even while numpy, pandas and Mesa load,
    ends it with one line and exit status 130, not a traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("dxsim: interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    from ..scenario.loader import ScenarioError

    args, extra = parser().parse_known_args(argv)
    try:
        if extra:
            unrecognized(args.command, list(sys.argv[1:] if argv is None else argv), extra)
        if args.command == "run":
            return _run(args)
        if args.command == "batch":
            return _batch(args)
        if args.command == "report":
            if args.report == "batch":
                from .analysis import report_batch

                return report_batch(args)
            return _report(args)
        if args.command in ("sensitivity", "compare", "plot", "discover", "robustness"):
            from . import analysis

            return getattr(analysis, args.command)(args)
        if args.command == "dashboard":
            return _dashboard(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "new":
            from .new import new_scenario

            print(new_scenario(args.file, args.source, force=args.force))
            return 0
        if args.command in ("patterns", "calibrate"):
            from . import validation

            return getattr(validation, args.command)(args)
        if args.command == "params":
            from ..scenario.reference import reference

            if args.yaml:
                from ..scenario.reference import defaults_yaml

                print(defaults_yaml(), end="")
                return 0
            print(reference(args.path, markdown=args.markdown, lang=args.lang))
            return 0
        if args.command == "schema":
            from ..scenario.reference import json_schema

            if args.experiment:
                from ..experiments.experiment import experiment_json_schema

                print(json.dumps(experiment_json_schema(), indent=2, ensure_ascii=False))
                return 0
            print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
            return 0
    except ScenarioError as exc:
        print(f"dxsim: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dxsim: interrupted before anything was written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `dxsim params | head`: the reader has had enough
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 1


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _batch(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from ..experiments.batch import (
        BatchInterrupted,
        check_scheduler,
        check_seed_overrides,
        load_experiment,
        run_batch,
    )
    from ..outputs.results import check_out, output_kind
    from ..scenario.loader import ScenarioError

    seen: set[str] = set()  # each note once per batch, however many runs give it
    with print_notes(seen):
        experiment, files = load_experiment(args.experiment)
    check_seed_overrides(args.set)
    check_scheduler(args.scheduler)  # a wrong address: one line now, not a traceback later
    if args.replicates is not None:
        from ..experiments.experiment import Experiment

        limits = {type(m).__name__: m for m in Experiment.model_fields["replicates"].metadata}
        low, high = limits["Ge"].ge, limits["Le"].le  # those of the file's replicates
        if not low <= args.replicates <= high:
            raise ScenarioError(
                [
                    f"--replicates {args.replicates}: expected {low} to {high:,} runs of each "
                    "scenario (the limit of the experiment file's replicates)"
                ]
            )
        experiment = experiment.model_copy(update={"replicates": args.replicates})
    for file in files:  # overrides from the command line are checked before anything runs
        with print_notes(seen):
            load_scenario(file, overrides=[*experiment.set, *args.set])
    out = Path(args.out) if args.out else Path("results") / experiment.name
    label = f"--out {out}" if args.out else f"output folder {out} (see --out)"
    check_out(out, BATCH_FILES, label)
    if output_kind(out) == "run":
        raise ScenarioError(
            [
                f"{label}: holds the output of a single run (dxsim run: scenario.yaml, "
                "goods.parquet); a batch there would leave a mix of both: choose another "
                "folder, or remove the run's files first"
            ]
        )
    console = Console(stderr=True, quiet=args.quiet)
    with (
        print_notes(seen),
        Progress(  # the runs' notes, once each, after the bar
            TextColumn(experiment.name),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} runs"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar,
    ):
        total = len(files) * len(experiment.combinations()) * experiment.replicates
        task = bar.add_task("batch", total=total)
        previous = signal.signal(signal.SIGTERM, _interrupt)  # a killed batch keeps its runs
        try:
            run_batch(
                experiment,
                files,
                out,
                workers=args.workers,
                overrides=args.set,
                progress=lambda done, total: bar.update(task, completed=done),
                fresh=args.fresh,
                scheduler=args.scheduler,
                lost=(args.lost_workers, args.lost_after),
            )
        except BatchInterrupted as exc:
            print(f"dxsim: {exc}", file=sys.stderr)
            return 130
        except KeyboardInterrupt:  # before the first run, or after the last: earlier kept runs
            kept = len(list((out / "runs").glob("*.migration.parquet")))  # are still there
            if kept >= total:  # the tables were being assembled or written (all or none)
                print(
                    f"dxsim: interrupted while writing the tables: all {total} runs finished "
                    f"and are kept in {out / 'runs'}; only the final write was cut short (the "
                    f"files in {out} are left as they were); run the same command again to "
                    "write them",
                    file=sys.stderr,
                )
                return 130
            note = f"; the {kept} runs kept in {out / 'runs'} are still there" if kept else ""
            print(f"dxsim: interrupted before any new run finished{note}", file=sys.stderr)
            return 130
        finally:
            signal.signal(signal.SIGTERM, previous)
    if not args.quiet:
        Console().print(
            f"{total} runs in {out}/ (kpis.parquet, region.parquet, flows.parquet, "
            "migration.parquet, manifest.json)"
        )
    return 0


def _dashboard(args: argparse.Namespace) -> int:
    from ..dashboard.future import check_files
    from ..dashboard.serve import check_port, serve

    with print_notes():
        check_files(args.scenario)  # a mistake is reported here, not in the room's browser
    check_port(args.host, args.port)
    # returns only if the server cannot start
    return serve(args.host, args.port, args.scenario, args.lang)


def _report(args: argparse.Namespace) -> int:
    from ..outputs.report import disclosure, to_html, to_markdown
    from ..outputs.results import check_out, output_kind
    from ..scenario.loader import ScenarioError

    if output_kind(args.run_dir) == "batch":
        raise ScenarioError(
            [
                f"{args.run_dir}: this is a batch folder (dxsim batch), not a run's; the "
                "disclosure report is of one run: run the scenario with `dxsim run SCENARIO "
                "--seed S` (a batch's replicate r used seed + r) and report on its folder"
            ]
        )
    report = disclosure(args.run_dir, args.municipality, args.year)
    stem = (
        Path(args.out)
        if args.out
        else (Path(args.run_dir) / f"disclosure_{args.municipality}_FY{args.year}")
    )
    md, html = stem.with_suffix(".md"), stem.with_suffix(".html")
    check_out(stem.parent, (md.name, html.name), f"--out {stem}" if args.out else f"{md}")
    stem.parent.mkdir(parents=True, exist_ok=True)  # checked above: it can be made
    md.write_text(to_markdown(report), encoding="utf-8")
    html.write_text(to_html(report), encoding="utf-8")
    print(f"{md}\n{html}")
    return 0


@contextlib.contextmanager
def print_notes(seen: set[str] | None = None):
    """Print the scenario loader's notes (entries that do nothing in this run) and a batch's
    notes from its runs (RunNote) plainly, each once (once per ``seen``, when given)."""
    from ..experiments.experiment import RunNote
    from ..scenario.loader import ScenarioNote

    kinds = (ScenarioNote, RunNote)
    with warnings.catch_warnings(record=True) as caught:
        for kind in kinds:
            warnings.simplefilter("always", kind)
        try:
            yield
        finally:
            seen = set() if seen is None else seen
            for note in caught:
                text = str(note.message)
                if not issubclass(note.category, kinds):
                    warnings.warn_explicit(note.message, note.category, note.filename, note.lineno)
                elif text not in seen:
                    seen.add(text)
                    print(f"dxsim: note: {text}", file=sys.stderr)


def _is_experiment(file: str) -> bool:
    """A file with a top-level ``scenarios:`` key is an experiment (``dxsim batch``)."""
    from ..scenario.loader import compose_with_lines

    data, _ = compose_with_lines(Path(file))
    return "scenarios" in data


def _validate(args: argparse.Namespace) -> int:
    from ..experiments.experiment import load_experiment
    from ..outputs.run_summary import contents
    from ..scenario.loader import ScenarioError

    failed = 0
    named: dict[str, str] = {}  # scenario name -> the first file with it
    for file in args.files:
        try:
            with print_notes():
                if _is_experiment(file):
                    experiment, files = load_experiment(file)
                    for scenario in files:  # the command line's --set on top, as batch does
                        load_scenario(scenario, overrides=[*experiment.set, *args.set])
                    many = "scenario" if len(files) == 1 else "scenarios"
                    print(f"{file}: ok (an experiment of {len(files)} {many})")
                else:
                    scenario = load_scenario(file, overrides=args.set)
                    print(f"{file}: ok: {contents(scenario)}")
                    _same_name(named, scenario.name, file)
        except ScenarioError as exc:
            failed += 1
            print(f"{exc}", file=sys.stderr)
    return 2 if failed else 0


def _same_name(named: dict[str, str], name: str, file: str) -> None:
    """Two scenarios with one name would write one results folder: say so (a note)."""
    if name in named and Path(named[name]).resolve() != Path(file).resolve():
        print(
            f"dxsim: note: {named[name]} and {file} are both named {name!r}: dxsim run writes "
            f"both to results/{name}/, one replacing the other; give each its own name",
            file=sys.stderr,
        )
    named.setdefault(name, file)


def _run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from ..outputs.results import FILES, check_out, output_kind
    from ..outputs.run import run
    from ..outputs.run_summary import check_town, summary
    from ..scenario.loader import ScenarioError

    options = [
        (f"--{name}", f"run.{name}", value)
        for name, value in (("years", args.years), ("seed", args.seed))
        if value is not None
    ]
    with print_notes():
        scenario = load_scenario(args.scenario, overrides=args.set, options=options)
    if args.municipality is not None:
        check_town(args.municipality, scenario)
    out = Path(args.out) if args.out else Path("results") / scenario.name
    label = f"--out {out}" if args.out else f"output folder {out} (see --out)"
    check_out(out, FILES, label)
    if output_kind(out) == "batch":
        raise ScenarioError(
            [
                f"{label}: holds a batch's output (dxsim batch); a run there would leave a mix "
                "of both: choose another folder"
            ]
        )
    console = Console(stderr=True, quiet=args.quiet)
    with Progress(
        TextColumn(f"{scenario.name}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} months"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("run", total=scenario.run.years * 12)
        with warnings.catch_warnings(record=True) as notes:  # the model's notes, said plainly
            warnings.simplefilter("always")
            results = run(scenario, progress=lambda step, total: bar.update(task, completed=step))
    for note in notes:
        print(f"dxsim: note: {note.message}", file=sys.stderr)
    replaced = output_kind(out) == "run"  # said after the run, which kept it until then
    results.write(out)
    if replaced:
        print(f"dxsim: note: {out} held an earlier run; it was replaced", file=sys.stderr)
    if not args.quiet:
        summary(results, Console(), args.municipality)
        Console().print(f"Results in {out}/ (kpis.parquet, flows.parquet, manifest.json, ...)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
