"""The ``dxsim`` command, run in-process: exit codes, messages, outputs, generated files."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.cli.main import main
from sim.scenario import load_scenario
from tests.cli_helpers import KAMISHIHORO, ROOT, SCENARIOS, dxsim

OUTPUTS = (
    "kpis.parquet",
    "region.parquet",
    "flows.parquet",
    "goods.parquet",
    "migration.parquet",
    "scenario.yaml",
    "manifest.json",
)
BAD = """\
name: bad
municipalities:
  town:
    population: 1000
demography:
  tfr: 9
"""


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


# -- validate ---------------------------------------------------------------------------------
def test_validate_shipped_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(SCENARIOS.glob("*.yaml"))
    assert {f.name for f in files} >= {"base.yaml", "kamishihoro.yaml", "tokachi.yaml"}
    code, out, err = dxsim(capsys, "validate", *files)
    assert code == 0, err
    assert err == ""
    assert [line.split(": ok: ")[0] for line in out.splitlines()] == [str(f) for f in files]


def test_validate_bad_file(capsys: pytest.CaptureFixture[str], bad_file: Path) -> None:
    code, out, err = dxsim(capsys, "validate", bad_file)
    assert code == 2
    assert out == ""
    assert err.startswith(f"{bad_file.resolve()}:6: demography.tfr: got 9, expected a value")
    assert "children per woman" in err


def test_validate_reports_good_and_bad(capsys: pytest.CaptureFixture[str], bad_file: Path) -> None:
    code, out, err = dxsim(capsys, "validate", KAMISHIHORO, bad_file)
    assert code == 2
    assert out == (
        f"{KAMISHIHORO}: ok: 1 municipality (kamishihoro), 4,765 persons, FY2015-FY2035, "
        "7 programs, 0 IT switches; ages: 1 from its own pyramid (2015)\n"
    )
    assert "demography.tfr: got 9" in err


def test_validate_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nosuch.yaml"
    code, _, err = dxsim(capsys, "validate", missing)
    assert code == 2
    assert err == f"{missing}: file not found\n"


def test_validate_with_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = dxsim(capsys, "validate", KAMISHIHORO, "--set", "run.years=-3")
    assert code == 2
    assert err.startswith("--set: run.years: got -3, expected a value from 1 to 200 in years")
    code, _, err = dxsim(capsys, "validate", KAMISHIHORO, "--set", "run.years")
    assert code == 2
    assert err == "--set run.years: expected PATH=VALUE, e.g. run.years=10\n"


# -- run ---------------------------------------------------------------------------------------
def test_run_bad_file_writes_nothing(
    capsys: pytest.CaptureFixture[str], bad_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    code, out, err = dxsim(capsys, "run", bad_file, "--out", out_dir, "--quiet")
    assert code == 2
    assert out == ""
    assert err.startswith(f"dxsim: {bad_file.resolve()}:6: demography.tfr: got 9, expected ")
    assert not out_dir.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--set", "run.scale=0"], "dxsim: --set: run.scale: got 0, expected a value from 1"),
        (["--set", "nosuch"], "dxsim: --set nosuch: expected PATH=VALUE"),
        (["--years", "0"], "dxsim: --years: run.years: got 0, expected a value from 1 to 200"),
        (["--seed", "-1"], "dxsim: --seed: run.seed: got -1, expected a value from 0"),
        (
            ["--set", "municipalities.kamishihor.population=5000"],
            "dxsim: --set: municipalities.kamishihor: unknown municipality 'kamishihor'; "
            "did you mean 'kamishihoro'?",
        ),
        (
            ["--set", "municipalities.kamishihoro.population=yes"],
            "dxsim: --set: municipalities.kamishihoro.population: got True, expected a number",
        ),
    ],
    ids=[
        "set-out-of-range",
        "set-without-equals",
        "years-0",
        "seed-negative",
        "set-misspelt-town",
        "set-switch-for-number",
    ],
)
def test_run_bad_override_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    out_dir = tmp_path / "out"
    code, _, err = dxsim(capsys, "run", KAMISHIHORO, "--out", out_dir, "--quiet", *args)
    assert code == 2
    assert err.startswith(message), err
    assert not out_dir.exists()


def test_run_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, _, err = dxsim(capsys, "run", tmp_path / "nosuch.yaml", "--out", out_dir)
    assert code == 2
    assert err == f"dxsim: {tmp_path / 'nosuch.yaml'}: file not found\n"
    assert not out_dir.exists()


# -- the output folder is checked before the run ---------------------------------------------------
@pytest.fixture
def no_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a simulation or a batch starts."""
    import sim.experiments.batch
    import sim.outputs.run  # noqa: F401  (imported on first use: the test may run before any other)

    def started(*args, **kwargs):
        raise AssertionError("the run started")

    monkeypatch.setattr(sys.modules["sim.outputs.run"], "run", started)
    monkeypatch.setattr(sim.experiments.batch, "run_batch", started)


def _out_cases(tmp_path: Path) -> list[tuple[Path, str]]:
    """(--out, message after "dxsim: --out OUT: ") for folders a run cannot write to."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "taken" / "kpis.parquet").mkdir(parents=True)
    cases = [
        (tmp_path / "file", "got a file, expected a folder"),
        (tmp_path / "file" / "sub", f"{tmp_path / 'file'} is a file, expected a folder"),
        (
            tmp_path / "taken",
            f"{tmp_path / 'taken' / 'kpis.parquet'} is a folder, where a file is written",
        ),
    ]
    if Path("/proc/self").is_dir():  # cannot be written, even by root
        cases.append((Path("/proc/dxsim-test/out"), "cannot write to /proc/dxsim-test/out ("))
    return cases


def test_run_out_that_cannot_be_written_stops_before_the_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_run: None
) -> None:
    for out, message in _out_cases(tmp_path):
        code, stdout, err = dxsim(capsys, "run", KAMISHIHORO, "--quiet", "--out", out)
        assert code == 2, (out, err)
        assert stdout == ""
        assert err.startswith(f"dxsim: --out {out}: {message}"), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "taken"]
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["kpis.parquet"]


def test_run_default_out_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_run: None,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("results").write_text("not a folder", encoding="utf-8")
    code, _, err = dxsim(capsys, "run", KAMISHIHORO, "--quiet")
    assert code == 2
    assert err == (
        "dxsim: output folder results/kamishihoro (see --out): results is a file, "
        "expected a folder\n"
    )


def test_run_out_check_leaves_nothing_behind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_run: None
) -> None:
    # the folders made to check that --out can be written are removed again
    with pytest.raises(AssertionError, match="the run started"):
        main(["run", str(KAMISHIHORO), "--quiet", "--out", str(tmp_path / "a" / "b")])
    assert list(tmp_path.iterdir()) == []


def test_batch_out_that_cannot_be_written_stops_before_the_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_run: None
) -> None:
    experiment = ROOT / "experiments" / "kamishihoro_programs.yaml"
    for out, message in _out_cases(tmp_path):
        code, _, err = dxsim(capsys, "batch", experiment, "--quiet", "--out", out)
        assert code == 2, (out, err)
        assert err.startswith(f"dxsim: --out {out}: {message}"), err


def test_report_out_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, one_year: tuple[int, str, str, Path]
) -> None:
    run_dir = one_year[3]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    stem = tmp_path / "file" / "report"
    argv = ["report", "disclosure", run_dir, "--municipality", "kamishihoro", "--year", "2015"]
    code, _, err = dxsim(capsys, *argv, "--out", stem)
    assert code == 2
    assert err == f"dxsim: --out {stem}: {tmp_path / 'file'} is a file, expected a folder\n"
    (tmp_path / "taken.md").mkdir()
    code, _, err = dxsim(capsys, *argv, "--out", tmp_path / "taken")
    assert code == 2
    assert err == (
        f"dxsim: --out {tmp_path / 'taken'}: {tmp_path / 'taken.md'} is a folder, where a file "
        "is written\n"
    )
    assert not (tmp_path / "taken.html").exists()


@pytest.fixture(scope="module")
def one_year(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    """One simulated year of Kamishihoro at 5 persons per agent, run once for this module."""
    out_dir = tmp_path_factory.mktemp("run") / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(
            [
                "run",
                str(KAMISHIHORO),
                "--years",
                "1",
                "--quiet",
                "--set",
                "run.scale=5",
                "--out",
                str(out_dir),
            ]
        )
    return code, stdout.getvalue(), stderr.getvalue(), out_dir


def test_run_writes_every_output(one_year: tuple[int, str, str, Path]) -> None:
    code, out, err, out_dir = one_year
    assert code == 0, err
    assert "Traceback" not in out + err
    assert out == ""  # --quiet
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(OUTPUTS)
    for name in OUTPUTS:
        assert (out_dir / name).stat().st_size > 0, name
    kpis = pd.read_parquet(out_dir / "kpis.parquet")
    region = pd.read_parquet(out_dir / "region.parquet")
    assert len(kpis) > 0 and len(region) > 0


def test_run_manifest(one_year: tuple[int, str, str, Path]) -> None:
    _, _, _, out_dir = one_year
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    for key in ("scenario_sha256", "seed", "versions", "started", "finished"):
        assert key in manifest, key
    assert manifest["seed"] == 1  # kamishihoro.yaml's run.seed
    assert isinstance(manifest["versions"], dict) and manifest["versions"]
    assert manifest["started"] <= manifest["finished"]
    expected = load_scenario(KAMISHIHORO, overrides=["run.years=1", "run.scale=5"])
    assert manifest["scenario_sha256"] == expected.digest()
    assert manifest["git_dirty"] == _git_dirty_now()
    assert list(manifest).index("git_dirty") == list(manifest).index("git_commit") + 1


def _git_dirty_now() -> bool | None:
    """Whether tracked files of this work tree differ from HEAD (None outside git)."""
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except OSError:
        return None
    return bool(out.stdout.strip()) if out.returncode == 0 else None


def test_git_dirty_follows_the_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sim.outputs.provenance

    def fake_git(status: str, code: int = 0):
        def run(args, **kwargs):
            return subprocess.CompletedProcess(args, code, stdout=status, stderr="")

        return run

    monkeypatch.setattr(
        sim.outputs.provenance.subprocess, "run", fake_git(" M sim/model/model.py\n")
    )
    assert sim.outputs.provenance.git_dirty() is True
    monkeypatch.setattr(sim.outputs.provenance.subprocess, "run", fake_git(""))
    assert sim.outputs.provenance.git_dirty() is False
    monkeypatch.setattr(
        sim.outputs.provenance.subprocess, "run", fake_git("", code=128)
    )  # not a repository
    assert sim.outputs.provenance.git_dirty() is None


def test_batch_manifest_has_git_dirty(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    experiment = tmp_path / "one.yaml"
    experiment.write_text(
        f"name: one\nscenarios: [{KAMISHIHORO}]\nreplicates: 1\nset: [run.years=1, run.scale=10]\n",
        encoding="utf-8",
    )
    code, _, err = dxsim(capsys, "batch", experiment, "--quiet", "--out", tmp_path / "out")
    assert code == 0, err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["git_dirty"] == _git_dirty_now()


def test_run_written_scenario_reloads_to_the_same_digest(
    one_year: tuple[int, str, str, Path],
) -> None:
    _, _, _, out_dir = one_year
    written = load_scenario(out_dir / "scenario.yaml")
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert written.run.seed == manifest["seed"]
    assert (written.run.years, written.run.scale) == (1, 5)
    assert written.digest() == manifest["scenario_sha256"]


def test_run_seed_option_is_recorded(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, _, err = dxsim(
        capsys,
        "run",
        KAMISHIHORO,
        "--years",
        "1",
        "--seed",
        "7",
        "--quiet",
        "--set",
        "run.scale=5",
        "--set",
        "municipalities.kamishihoro.population=2000",
        "--out",
        out_dir,
    )
    assert code == 0, err
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    written = load_scenario(out_dir / "scenario.yaml")
    assert manifest["seed"] == written.run.seed == 7
    assert written.municipalities["kamishihoro"].population == 2000
    assert written.digest() == manifest["scenario_sha256"]


# -- help -------------------------------------------------------------------------------------
def test_main_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "--help")
    assert code == 0
    for command in ("run", "validate", "params", "schema"):
        assert f"    {command} " in out, command


def test_run_help_lists_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "run", "--help")
    assert code == 0
    for option in ("--years", "--seed", "--set", "--out", "--quiet"):
        assert option in out, option


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = dxsim(capsys)
    assert code == 2
    assert "usage: dxsim" in err


def test_run_says_plainly_when_a_mandate_cannot_be_met(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Vendors with engineers for half the work by the deadline: a note, not a Python
    warning."""
    slow = tmp_path / "slow.yaml"
    slow.write_text(
        f"extends: {ROOT / 'scenarios' / 'kamishihoro.yaml'}\n"
        "run: {scale: 5}\n"
        "it:\n  market: {capacity: 0.5}\n"
        "  mandate: {enabled: true, start_fy: 2023, deadline_fy: 2025}\n",
        encoding="utf-8",
    )
    code, _, err = dxsim(capsys, "run", slow, "--years", "9", "--quiet", "--out", tmp_path / "o")
    assert code == 0
    assert err.startswith("dxsim: note: it.mandate: the vendors ")
    assert "some towns will be late" in err and "Warning" not in err
