"""Batch inputs and messages: paths sent to workers, scheduler addresses, run.seed, output
folders of the other kind, notes said once, Ctrl-C while dxsim loads, docs examples."""

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import sim.experiments.batch
from sim.cli.main import main
from sim.experiments.batch import load_experiment, run_batch
from sim.experiments.batch_exec import run_job
from sim.scenario.loader import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "kamishihoro_baseline.yaml"
SEED_RULE = "run.seed is set per replicate in a batch (seed + r); use the experiment's `seed:`"


def _experiment(folder: Path, body: str, name: str = "exp.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_scenario_paths_reach_the_workers_absolute(tmp_path, monkeypatch):
    """An experiment read through a relative path sends absolute scenario paths, which a
    worker started in another folder (a dask worker) finds."""
    (tmp_path / "exp").mkdir()
    scenario = os.path.relpath(BASELINE, tmp_path / "exp")
    _experiment(
        tmp_path / "exp",
        f"name: rel\nscenarios: [{scenario}]\nreplicates: 1\nset: [run.years=1, run.scale=40]\n",
    )
    monkeypatch.chdir(tmp_path)
    experiment, files = load_experiment("exp/exp.yaml")
    assert not files[0].is_absolute()
    sent = []

    class Stop(Exception):
        pass

    def capture(jobs, *args, **kwargs):
        sent.extend(jobs)
        raise Stop

    monkeypatch.setattr(sim.experiments.batch, "execute", capture)
    with pytest.raises(Stop):
        run_batch(experiment, files, tmp_path / "out")
    assert len(sent) == 1 and Path(sent[0][1]).is_absolute()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # where a dask worker may have started
    index, kpis, flows, migration, region = run_job(sent[0])
    assert index == 0 and set(kpis["scenario"]) == {"kamishihoro_baseline"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "address,message",
    [
        ("not-an-address", "missing port number in address 'not-an-address'; expected tcp://"),
        ("tcp://127.0.0.1:{port}", "no dask scheduler answers at 127.0.0.1:{port}"),
    ],
)
def test_a_bad_scheduler_address_is_one_line(address, message, tmp_path, capsys):
    port = _free_port()  # closed again: nobody listens there
    exp = _experiment(tmp_path, f"scenarios: [{BASELINE}]\nset: [run.years=1]\n")
    out = tmp_path / "out"
    address = address.format(port=port)
    code = main(["batch", str(exp), "--scheduler", address, "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.startswith(f"dxsim: --scheduler {address}: {message.format(port=port)}")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_run_seed_is_refused_in_a_batch(tmp_path, capsys):
    factor = _experiment(
        tmp_path,
        f"""\
        scenarios: [{BASELINE}]
        set: [run.years=1]
        factors:
          seedf: {{path: run.seed, values: [5, 6]}}
        """,
        "factor.yaml",
    )
    with pytest.raises(ScenarioError) as err:
        load_experiment(factor)
    assert str(err.value) == f"{factor}:4: factors.seedf.path: run.seed: {SEED_RULE}"
    sets = _experiment(
        tmp_path, f"scenarios: [{BASELINE}]\nset:\n  - run.years=1\n  - run.seed=3\n", "set.yaml"
    )
    with pytest.raises(ScenarioError) as err:
        load_experiment(sets)
    assert str(err.value) == f"{sets}:4: set.1: run.seed=3: {SEED_RULE}"
    good = _experiment(tmp_path, f"scenarios: [{BASELINE}]\nset: [run.years=1]\n", "good.yaml")
    out = tmp_path / "out"
    assert main(["batch", str(good), "--set", "run.seed=99", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"dxsim: --set run.seed=99: {SEED_RULE}\n"
    experiment, files = load_experiment(good)
    with pytest.raises(ScenarioError, match=re.escape(SEED_RULE)):
        run_batch(experiment, files, out, overrides=["run.seed = 4"])
    assert not out.exists()


def test_a_bad_set_entry_or_a_folder_is_named_at_its_line(tmp_path):
    bad = _experiment(
        tmp_path,
        f"name: sb\nscenarios: [{BASELINE}]\nreplicates: 1\nset:\n  - run.years=1\n"
        "  - run.yeras=2\n",
    )
    with pytest.raises(ScenarioError) as err:
        load_experiment(bad)
    assert str(err.value).startswith(f"{bad}:6: set.1: run.yeras: unknown key 'yeras'")
    folder = _experiment(tmp_path, f"scenarios:\n  - {BASELINE}\n  - {ROOT / 'scenarios'}\n")
    with pytest.raises(ScenarioError) as err:
        load_experiment(folder)
    assert str(err.value) == (
        f"{folder}:3: scenarios.1: {ROOT / 'scenarios'}: is a folder, expected a scenario file"
    )


def test_run_and_batch_folders_are_not_mixed(tmp_path, capsys):
    exp = _experiment(tmp_path, f"scenarios: [{BASELINE}]\nset: [run.years=1]\n")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "scenario.yaml").write_text("name: x\n")
    assert main(["batch", str(exp), "--out", str(run_dir)]) == 2
    err = capsys.readouterr().err
    assert f"dxsim: --out {run_dir}: holds the output of a single run" in err
    assert sorted(p.name for p in run_dir.iterdir()) == ["scenario.yaml"]
    batch_dir = tmp_path / "batch"
    batch_dir.mkdir()
    (batch_dir / "manifest.json").write_text(json.dumps({"experiment": {"name": "x"}}))
    assert main(["run", str(BASELINE), "--years", "1", "--out", str(batch_dir)]) == 2
    assert f"dxsim: --out {batch_dir}: holds a batch's output" in capsys.readouterr().err
    code = main(
        ["report", "disclosure", str(batch_dir), "--municipality", "kamishihoro", "--year", "2016"]
    )
    err = capsys.readouterr().err
    assert code == 2 and f"{batch_dir}: this is a batch folder" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("workers", [1, 2])
def test_notes_are_said_once_per_batch_even_when_quiet(workers, tmp_path, capfd):
    """A coarse run.scale (a warning of the model in every run) and programs after the end of
    the run (notes of the scenario): each once, as `dxsim: note:`, with --quiet too."""
    exp = _experiment(
        tmp_path,
        f"scenarios: [{ROOT / 'scenarios' / 'kamishihoro.yaml'}]\nreplicates: 3\n"
        "set: [run.years=1, run.scale=60]\n",
    )
    out = tmp_path / "out"
    code = main(["batch", str(exp), "--workers", str(workers), "--quiet", "--out", str(out)])
    err = capfd.readouterr().err
    assert code == 0, err
    assert err.count("dxsim: note: at run.scale=60, 1 municipality has fewer than") == 1
    assert err.count("programs.town_company.start_fy: 2017 is after the end of the run") == 1
    assert "Warning" not in err and "warnings.warn" not in err
    lines = err.strip().splitlines()
    assert all(line.startswith("dxsim: note: ") for line in lines)
    assert len(lines) == len(set(lines))
    assert pd.read_parquet(out / "kpis.parquet").attrs == {}  # notes leave no trace


def test_sensitivity_on_a_file_says_so(tmp_path, capsys):
    table = tmp_path / "kpis.parquet"
    table.write_bytes(b"")
    assert main(["sensitivity", str(table), "--kpi", "population"]) == 2
    err = capsys.readouterr().err
    assert err == f"dxsim: {table}: is a file, expected a batch folder (the --out of dxsim batch)\n"


@pytest.mark.parametrize("module", ["argparse", "pydantic"])
def test_ctrl_c_while_dxsim_loads_is_one_line(module, tmp_path):
    """A Ctrl-C while dxsim's first modules (argparse) or numpy, pandas and pydantic load
    (here: importing the module raises it)."""
    fake = tmp_path / "fake" / module
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise KeyboardInterrupt\n")
    env = {**os.environ, "PYTHONPATH": f"{fake.parent}{os.pathsep}{ROOT}"}
    code = "import sys; from sim.cli.main import main; sys.exit(main(['validate', 'x.yaml']))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 130 and done.stderr == "dxsim: interrupted\n"


def test_the_it_example_of_outputs_md_has_no_step_zero_year(tmp_path):
    """docs/outputs.md, IT regimes: the fiscal-year table starts with the first simulated year,
    not an all-zero year of the starting state."""
    from sim.outputs.run import run

    text = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    block = text.split("IT regimes, from a run of", 1)[1].split("```python\n", 1)[1]
    block = block.split("```", 1)[0]
    scenario = ROOT / "scenarios" / "centralization" / "standard_mandate.yaml"
    from sim.scenario.loader import load_scenario

    results = run(load_scenario(scenario, overrides=["run.years=1", "run.scale=20"]))
    results.write(tmp_path / "sl")
    block = block.replace("results/centralization_standard_mandate", str(tmp_path / "sl"))
    space: dict = {"pd": pd, "print": lambda *a, **k: None}
    exec(block, space)
    spent = space["spent"]
    assert (spent["step"] > 0).all() and spent["fiscal_year"].min() == 2020
    assert spent[spent["fiscal_year"] == 2020]["it_cost_yen"].sum() > 0
