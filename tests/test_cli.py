"""The ``dxsim`` command, run in-process: exit codes, messages, outputs, generated files."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest

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
        (["--years", "0"], "dxsim: --set: run.years: got 0, expected a value from 1 to 200"),
        (["--seed", "-1"], "dxsim: --set: run.seed: got -1, expected a value from 0"),
    ],
    ids=["set-out-of-range", "set-without-equals", "years-0", "seed-negative"],
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
