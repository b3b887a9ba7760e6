"""The ``dxsim`` command, run in-process: exit codes, messages, outputs, generated files."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml

from sim.cli import main
from sim.scenario import load_scenario

ROOT = Path(__file__).parents[1]
SCENARIOS = ROOT / "scenarios"
KAMISHIHORO = SCENARIOS / "kamishihoro.yaml"
OUTPUTS = (
    "kpis.parquet",
    "region.parquet",
    "flows.parquet",
    "goods.parquet",
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


def dxsim(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``dxsim ARGV`` in-process: exit status, stdout, stderr."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse: --help, usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


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
    assert out.splitlines() == [f"{f}: ok" for f in files]


def test_validate_bad_file(capsys: pytest.CaptureFixture[str], bad_file: Path) -> None:
    code, out, err = dxsim(capsys, "validate", bad_file)
    assert code == 2
    assert out == ""
    assert err.startswith(f"{bad_file.resolve()}:6: demography.tfr: got 9, expected a value")
    assert "children per woman" in err


def test_validate_reports_good_and_bad(capsys: pytest.CaptureFixture[str], bad_file: Path) -> None:
    code, out, err = dxsim(capsys, "validate", KAMISHIHORO, bad_file)
    assert code == 2
    assert out == f"{KAMISHIHORO}: ok\n"
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
    import sim.batch

    def started(*args, **kwargs):
        raise AssertionError("the run started")

    monkeypatch.setattr(sys.modules["sim.run"], "run", started)
    monkeypatch.setattr(sim.batch, "run_batch", started)


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
    import sim.results

    def fake_git(status: str, code: int = 0):
        def run(args, **kwargs):
            return subprocess.CompletedProcess(args, code, stdout=status, stderr="")

        return run

    monkeypatch.setattr(sim.results.subprocess, "run", fake_git(" M sim/model.py\n"))
    assert sim.results._git_dirty() is True
    monkeypatch.setattr(sim.results.subprocess, "run", fake_git(""))
    assert sim.results._git_dirty() is False
    monkeypatch.setattr(sim.results.subprocess, "run", fake_git("", code=128))  # not a repository
    assert sim.results._git_dirty() is None


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


# -- params and schema ---------------------------------------------------------------------------
def test_params_one_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "params", "demography.tfr")
    assert code == 0
    first = out.splitlines()[0]
    assert first == "demography.tfr = 1.06 [children per woman]  range 0.1 .. 4.0"
    assert "Total fertility rate" in out
    assert "source: " in out


def test_params_block(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "params", "demography")
    assert code == 0
    assert "demography.tfr = " in out and "demography.max_age = " in out
    assert "labour." not in out


def test_params_japanese_labels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "params", "demography.tfr", "--lang", "ja")
    assert code == 0
    assert "合計特殊出生率" in out


def test_params_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = dxsim(capsys, "params", "nosuch")
    assert code == 2
    assert out == ""
    assert "no parameter under 'nosuch'" in err


@pytest.mark.parametrize(
    "path, message",
    [
        ("demograhpy", "no parameter under 'demograhpy'; did you mean 'demography'?"),
        ("demography.tfrr", "no parameter under 'demography.tfrr'; did you mean 'demography.tfr'?"),
        ("migrashun.in_rate", "no parameter under 'migrashun.in_rate'; did you mean "),
    ],
)
def test_params_misspelt(capsys: pytest.CaptureFixture[str], path: str, message: str) -> None:
    code, out, err = dxsim(capsys, "params", path)
    assert code == 2
    assert out == ""
    assert err.startswith(f"dxsim: {message}"), err


def test_params_with_a_real_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "params", "municipalities.kamishihoro.population")
    assert code == 0
    assert out.startswith("municipalities.<key>.population = (required) [persons]  range 1 ..")


@pytest.mark.parametrize(
    "path, rng",
    [
        ("demography.fertility_schedule", "range 0 .. 1,000,000,000 each"),
        ("demography.initial_age_profile", "range 0 .. 1,000,000,000 each"),
        ("migration.out_rate_by_age", "range 0 .. 1 each"),
        ("migration.in_age_shares", "range 0 .. 1 each"),
    ],
)
def test_params_lists_show_the_range_of_each_item(
    capsys: pytest.CaptureFixture[str], path: str, rng: str
) -> None:
    code, out, _ = dxsim(capsys, "params", path)
    assert code == 0
    assert out.splitlines()[0].endswith(rng), out
    code, out, _ = dxsim(capsys, "params", "--markdown")
    row = next(line for line in out.splitlines() if line.startswith(f"| `{path}` |"))
    assert f" | {rng.removeprefix('range ').replace(' .. ', ' to ')} | " in row, row


def test_params_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "params", "--markdown")
    assert code == 0
    assert out.startswith("# Scenario parameters")
    assert "| `demography.tfr` |" in out


def test_params_yaml_is_a_runnable_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = dxsim(capsys, "params", "--yaml")
    assert code == 0
    path = tmp_path / "base.yaml"
    path.write_text(out, encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.name == "base"
    assert scenario.municipalities["town"].population == 10_000


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert "properties" in schema
    for key in ("name", "run", "municipalities", "generate", "demography", "extends"):
        assert key in schema["properties"], key
    assert schema["$schema"].startswith("https://json-schema.org/")


def _schema(capsys: pytest.CaptureFixture[str]) -> dict:
    code, out, _ = dxsim(capsys, "schema")
    assert code == 0
    return json.loads(out)


def test_schema_requires_nothing_extends_can_give(capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema(capsys)
    assert '"required"' not in json.dumps(schema)
    child = {"extends": "kamishihoro.yaml", "municipalities": {"kamishihoro": {"amenity": 1}}}
    jsonschema.Draft202012Validator(schema).validate(child)


def test_schema_gives_the_range_of_list_items(capsys: pytest.CaptureFixture[str]) -> None:
    defs = _schema(capsys)["$defs"]
    demography = defs["DemographyParams"]["properties"]
    migration = defs["MigrationParams"]["properties"]
    for prop in (demography["fertility_schedule"], demography["initial_age_profile"]):
        assert prop["items"] == {"type": "number", "minimum": 0, "maximum": 1_000_000_000}
    for prop in (migration["out_rate_by_age"], migration["in_age_shares"]):
        assert prop["items"] == {"type": "number", "minimum": 0, "maximum": 1}


def _as_json(data: object) -> object:
    """A YAML document as an editor's JSON Schema check sees it (keys are strings)."""
    return json.loads(json.dumps(data, default=str))


SHIPPED = sorted(SCENARIOS.glob("**/*.yaml"))


@pytest.mark.parametrize("file", SHIPPED, ids=[str(f.relative_to(SCENARIOS)) for f in SHIPPED])
def test_shipped_scenario_passes_its_json_schema(file: Path) -> None:
    # the schema file the scenario names for editors (schema/scenario.schema.json, which
    # test_generated_file_is_up_to_date keeps equal to `dxsim schema`)
    text = file.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), first
    schema = json.loads((file.parent / first.split("$schema=", 1)[1]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(_as_json(yaml.safe_load(text)))
    ]
    assert errors == [], errors


def test_json_schema_still_catches_mistakes(capsys: pytest.CaptureFixture[str]) -> None:
    validator = jsonschema.Draft202012Validator(_schema(capsys))
    for bad in (
        {"demografy": {}},
        {"demography": {"tfr": 9}},
        {"demography": {"fertility_schedule": [1, -1]}},
        {"municipalities": {"town": {"populaton": 5}}},
    ):
        assert list(validator.iter_errors(bad)), bad


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


# -- generated files stay in sync with the schema -----------------------------------------------
@pytest.mark.parametrize(
    "argv, file",
    [
        (["params", "--markdown"], ROOT / "docs" / "parameters.md"),
        (["schema"], ROOT / "schema" / "scenario.schema.json"),
        (["params", "--yaml"], SCENARIOS / "base.yaml"),
    ],
    ids=["parameters.md", "scenario.schema.json", "base.yaml"],
)
def test_generated_file_is_up_to_date(
    capsys: pytest.CaptureFixture[str], argv: list[str], file: Path
) -> None:
    code, out, _ = dxsim(capsys, *argv)
    assert code == 0
    assert file.read_text(encoding="utf-8") == out, (
        f"{file.relative_to(ROOT)} is out of date: run `make docs`"
    )


# -- make finds a Python >= 3.12 ----------------------------------------------------------------
MAKE = shutil.which("make")


def _fake_python(path: Path, ok: bool) -> None:
    """A stand-in for a Python that passes (>= 3.12) or fails the Makefile's version check."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/bash\nexit {0 if ok else 1}\n", encoding="utf-8")
    path.chmod(0o755)


def _make(tmp_path: Path, pythons: dict[str, bool], *args: str) -> subprocess.CompletedProcess:
    """Run the Makefile in an empty folder with only the fake Pythons on PATH (no pyenv shims,
    no system Python) and PYENV_ROOT at tmp_path/pyenv."""
    fake, tools, work = tmp_path / "bin", tmp_path / "tools", tmp_path / "work"
    fake.mkdir(exist_ok=True)
    tools.mkdir(exist_ok=True)
    work.mkdir(exist_ok=True)
    for tool in ("ls", "sort"):
        if not (tools / tool).exists():
            (tools / tool).symlink_to(shutil.which(tool))
    for name, ok in pythons.items():
        _fake_python(fake / name, ok)
    for name in ("pyproject.toml", "constraints.txt"):
        if not (work / name).exists():
            (work / name).touch()
            os.utime(work / name, (1_000_000_000, 1_000_000_000))  # older than any .venv
    env = {
        "PATH": f"{fake}{os.pathsep}{tools}",
        "HOME": str(tmp_path),
        "PYENV_ROOT": str(tmp_path / "pyenv"),
    }
    return subprocess.run(
        [MAKE, "-s", "-f", str(ROOT / "Makefile"), *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _found(tmp_path: Path, pythons: dict[str, bool]) -> tuple[str, str]:
    """The Makefile's choice of Python, and whether it would make .venv again."""
    show = "show: ; @echo '$(PYTHON_FOUND)|$(VENV_STALE)'"
    out = _make(tmp_path, pythons, "--eval", show, "show")
    assert out.returncode == 0, out.stderr
    found, stale = out.stdout.strip().split("|")
    return found, stale


@pytest.mark.skipif(MAKE is None, reason="needs make")
@pytest.mark.parametrize(
    "pythons, expected",
    [
        ({"python3.14": True, "python3.13": True, "python3": True}, "python3.14"),
        ({"python3.13": False, "python3.12": True, "python3": True}, "python3.12"),
        ({"python3": True}, "python3"),
    ],
    ids=["3.14-first", "broken-3.13-skipped", "plain-python3"],
)
def test_make_finds_python_on_path(tmp_path: Path, pythons: dict, expected: str) -> None:
    assert _found(tmp_path, pythons) == (expected, "")


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_make_falls_back_to_the_highest_pyenv_version(tmp_path: Path) -> None:
    versions = tmp_path / "pyenv" / "versions"
    for version, ok in (("3.9.18", False), ("3.11.7", False), ("3.12.9", True), ("3.13.2", True)):
        _fake_python(versions / version / "bin" / "python3", ok)
    found, _ = _found(tmp_path, {"python3": False})  # an old python3 is passed over
    assert found == str(versions / "3.13.2" / "bin" / "python3")


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_make_says_what_to_do_without_python(tmp_path: Path) -> None:
    out = _make(tmp_path, {"python3": False}, "run")
    assert out.returncode != 0
    assert "dxsim needs Python >= 3.12 (Mesa 3.5 requires it) and none was found." in out.stdout
    assert "Install one (e.g. 'pyenv install 3.12'" in out.stdout


@pytest.mark.skipif(MAKE is None, reason="needs make")
@pytest.mark.parametrize("venv_ok", [False, True], ids=["old-venv", "good-venv"])
def test_make_remakes_a_venv_with_an_old_python(tmp_path: Path, venv_ok: bool) -> None:
    _fake_python(tmp_path / "work" / ".venv" / "bin" / "python", venv_ok)
    (tmp_path / "work" / ".venv" / "bin" / "dxsim").touch()  # newer than pyproject.toml
    assert _found(tmp_path, {"python3.12": True}) == ("python3.12", "" if venv_ok else "yes")
    out = _make(tmp_path, {"python3.12": True}, "-n", "run")
    assert out.returncode == 0, out.stderr
    assert ("rm -rf .venv" in out.stdout) is not venv_ok, out.stdout
    assert ("python3.12 -m venv .venv" in out.stdout) is not venv_ok, out.stdout
    assert ".venv/bin/dxsim run scenarios/kamishihoro.yaml" in out.stdout


def test_run_says_plainly_when_a_mandate_cannot_be_met(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A migration project longer than the mandate allows: a note, not a Python warning."""
    slow = tmp_path / "slow.yaml"
    slow.write_text(
        f"extends: {ROOT / 'scenarios' / 'kamishihoro.yaml'}\n"
        "run: {scale: 5}\n"
        "it:\n  project_months: 60\n"
        "  mandate: {enabled: true, start_fy: 2023, deadline_fy: 2025, late_share: 0}\n",
        encoding="utf-8",
    )
    code, _, err = dxsim(capsys, "run", slow, "--years", "9", "--quiet", "--out", tmp_path / "o")
    assert code == 0
    assert err.startswith("dxsim: note: it.mandate: 1 of 1 municipalities cannot finish")
    assert "kamishihoro" in err and "Warning" not in err
