"""Stopping a batch: no Ctrl-C lost, no hang, the tables written as a set, kept runs of one
code version only, --replicates within the file's limit."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

import sim.experiments.batch
import sim.experiments.batch_exec
from sim.cli.main import main
from sim.experiments.batch import load_experiment, run_batch
from sim.experiments.batch_exec import TABLES as TABLES_KEPT
from sim.experiments.batch_exec import BatchInterrupted, RunStore, execute
from sim.scenario.loader import ScenarioError


@pytest.fixture(autouse=True)
def ctrl_c_as_in_a_terminal():
    """These tests send Ctrl-C (SIGINT). A process started with SIGINT ignored (a background
    job of a shell without job control, nohup) keeps it ignored, and Ctrl-C would then never
    arrive: give it Python's usual handler for the test, and put back what was there."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


ROOT = Path(__file__).resolve().parents[1]
QUICK = ["run.years=1", "run.scale=40"]
TABLES = (
    "kpis.parquet",
    "region.parquet",
    "flows.parquet",
    "migration.parquet",
    "manifest.json",
)


def _digests(out: Path) -> dict[str, str]:
    return {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in TABLES}


@pytest.fixture(scope="module")
def design():
    experiment, files = load_experiment(ROOT / "experiments" / "centralization.yaml")
    return experiment.model_copy(update={"replicates": 2}), files[:2]


def _experiment_file(tmp_path: Path, files: list[Path], replicates: int) -> Path:
    exp = tmp_path / "exp.yaml"
    names = ", ".join(str(f) for f in files)
    exp.write_text(
        f"name: stop\nscenarios: [{names}]\nreplicates: {replicates}\nset: [{', '.join(QUICK)}]\n",
        encoding="utf-8",
    )
    return exp


def test_a_ctrl_c_while_the_workers_start_stops_the_batch(design, tmp_path, monkeypatch):
    """SIGINT sent to this process while the pool is created and the jobs submitted is held
    until they are, then stops the batch (it used to be ignored, and the batch ran on)."""
    assert threading.current_thread() is threading.main_thread()
    experiment, files = design
    jobs = [(i, str(files[0]), QUICK, {}, i, 1 + i) for i in range(4)]
    sent = []

    class Pool(sim.experiments.batch_exec.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):
            if not sent:
                sent.append(True)
                os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C in the middle of the start
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(sim.experiments.batch_exec, "ProcessPoolExecutor", Pool)
    store = RunStore(tmp_path / "out", {"jobs": jobs})
    with pytest.raises(BatchInterrupted, match="stopped: 0 of 4 runs are kept"):
        execute(jobs, store, len(jobs), workers=2)
    assert sent
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


FAKE_JOB = '''
import os, signal, struct, sys, time

def cut_short(job):
    """Send the start of a result and never the rest, ignoring SIGTERM: as a worker stopped
    in the middle of sending its result, and a stubborn one."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    frame = sys._getframe(1)
    while "result_queue" not in frame.f_locals:
        frame = frame.f_back
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 1 << 20) + b"x")
    with open(job[1] + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.replace(job[1] + ".tmp", job[1])
    time.sleep(3600)
'''

STOPPER = """
import os, signal, sys, threading, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal (see below)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakejob
import sim.experiments.batch_exec as be
be.run_job = fakejob.cut_short
marker = sys.argv[1]

def ctrl_c():
    while not os.path.exists(marker):
        time.sleep(0.05)
    signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

if __name__ == "__main__":
    threading.Thread(target=ctrl_c, daemon=True).start()
    try:
        next(be._processes([(0, marker, [], {}, 0, 1)], 2))
    except KeyboardInterrupt:
        print("stopped", flush=True)
"""


def test_a_stop_never_waits_for_a_result_cut_short(tmp_path):
    """A worker stopped while sending its result left the pool's reader waiting forever for
    the rest, and the stop with it (the batch hung until a second Ctrl-C). Now the stop ends,
    and kills a worker that does not end on SIGTERM."""
    (tmp_path / "fakejob.py").write_text(FAKE_JOB, encoding="utf-8")
    script = tmp_path / "stopper.py"
    script.write_text(STOPPER, encoding="utf-8")
    marker = tmp_path / "worker.pid"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:  # a hang, not slowness, fails this: the stop takes seconds
        done = subprocess.run(
            [sys.executable, str(script), str(marker)],
            capture_output=True,
            text=True,
            timeout=240,
            env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the stop hung waiting for the rest of a worker's result")
    finally:
        if marker.exists():  # no worker of a hung attempt left behind
            pid = int(marker.read_text())
            try:
                os.kill(pid, signal.SIGKILL)
                alive = True
            except ProcessLookupError:
                alive = False
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"
    assert not alive, "the worker was left running"


def test_an_interrupted_final_write_leaves_the_earlier_set(design, tmp_path, monkeypatch, capsys):
    """Ctrl-C while the tables are written: the folder keeps the earlier batch's five files,
    no part of the new ones, all runs kept; the message says so; the same command writes
    them."""
    experiment, files = design
    exp = _experiment_file(tmp_path, files, replicates=1)
    out = tmp_path / "out"
    cmd = ["batch", str(exp), "--out", str(out), "--quiet"]
    assert main(cmd) == 0
    before = _digests(out)
    real = sim.experiments.batch.stack

    def cut(frames, path, front, schemas=None):
        if "region.parquet" in str(path):  # the second of the tables
            raise KeyboardInterrupt
        return real(frames, path, front, schemas)

    monkeypatch.setattr(sim.experiments.batch, "stack", cut)
    capsys.readouterr()
    assert main([*cmd, "--replicates", "2"]) == 130
    err = capsys.readouterr().err
    assert "all 4 runs finished" in err and "run the same command again" in err, err
    assert _digests(out) == before  # the earlier set, whole
    assert sorted(p.name for p in out.iterdir()) == sorted([*TABLES, "runs"])  # no part file
    assert len(list((out / "runs").glob("*.flows.parquet"))) == 4
    monkeypatch.setattr(sim.experiments.batch, "stack", real)
    assert main([*cmd, "--replicates", "2"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["runs"] == 4 and manifest["resumed_runs"] == 4
    assert pd.read_parquet(out / "kpis.parquet").replicate.nunique() == 2
    assert not (out / "runs").exists()


def test_kept_runs_of_another_code_version_are_refused(design, tmp_path, monkeypatch):
    """Kept runs made by another commit (or dirty state, or dxsim version) are not mixed into
    the tables: the batch refuses, naming both versions, until --fresh."""
    experiment, files = design

    def stop_after_one(done, total):
        if done == 1:
            raise KeyboardInterrupt

    out = tmp_path / "b"
    with pytest.raises(BatchInterrupted):
        run_batch(experiment, files, out, overrides=QUICK, progress=stop_after_one)
    made_by = json.loads((out / "runs" / "code.json").read_text())
    assert made_by == sim.experiments.batch_exec.code_version()
    other = {**made_by, "git_commit": "0123456789abcdef", "git_dirty": False}
    monkeypatch.setattr(sim.experiments.batch_exec, "code_version", lambda: other)
    with pytest.raises(
        ScenarioError, match="made by dxsim .*; this is dxsim .*commit 0123456789ab"
    ):
        run_batch(experiment, files, out, overrides=QUICK)
    assert len(list((out / "runs").glob("*.flows.parquet"))) == 1  # untouched
    seen = []
    run_batch(
        experiment, files, out, overrides=QUICK, fresh=True, progress=lambda d, t: seen.append(d)
    )
    assert seen[0] == 0 and json.loads((out / "manifest.json").read_text())["resumed_runs"] == 0


def test_kept_runs_without_a_code_stamp_are_refused(tmp_path):
    """Runs kept by a dxsim that did not record its version (runs/code.json) are refused too;
    another design's are discarded, as before."""
    store = RunStore(tmp_path, {"d": 1})
    store.keep(0, *(pd.DataFrame({name: [1]}) for name in TABLES_KEPT))
    (store.folder / "code.json").unlink()
    with pytest.raises(ScenarioError, match="did not record its version.*--fresh"):
        RunStore(tmp_path, {"d": 1})
    assert store.done(0)
    assert not RunStore(tmp_path, {"d": 2}).done(0)  # another design: discarded


def test_replicates_on_the_command_line_has_the_file_s_limit(tmp_path, monkeypatch, capsys):
    def never(*args, **kwargs):
        raise AssertionError("the batch started")

    monkeypatch.setattr(sim.experiments.batch, "run_batch", never)
    exp = ROOT / "experiments" / "centralization.yaml"
    for bad in ("0", "100001"):
        out = tmp_path / bad
        assert main(["batch", str(exp), "--replicates", bad, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"--replicates {bad}: expected 1 to 100,000" in err and "Traceback" not in err
        assert not out.exists()


def test_workers_start_with_ctrl_c_held_and_then_ignore_it(tmp_path):
    """A Ctrl-C in the terminal reaches the workers too: while they start (import dxsim) it
    must wait, not kill them with a traceback; once started they ignore it."""
    import multiprocessing
    import shutil

    status = tmp_path / "status"
    with sim.experiments.batch_exec._held_signals(block=True):
        child = multiprocessing.get_context("spawn").Process(
            target=shutil.copyfile, args=("/proc/self/status", status)
        )
        child.start()
    child.join(timeout=120)
    assert child.exitcode == 0
    blocked = int(status.read_text().split("SigBlk:")[1].split()[0], 16)
    assert blocked & (1 << (signal.SIGINT - 1)), "SIGINT not blocked in a starting worker"
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
