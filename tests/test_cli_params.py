"""The parameter reference and the JSON Schema: `dxsim params`, `dxsim schema`, generated files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from sim.scenario import load_scenario
from tests.cli_helpers import ROOT, SCENARIOS, dxsim


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
        (
            "migrashun.mobility",
            "no parameter under 'migrashun.mobility'; did you mean 'migration.mobility'?",
        ),
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
        ("demography.reference_pyramid.male", "range 0 .. 50,000,000 each"),
        ("migration.move_rate_by_age", "range 0 .. 1 each"),
        ("municipalities.<key>.age_pyramid.female", "range 0 .. 50,000,000 each"),
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
    conditions = schema["$defs"]["ITChange"].pop("then")  # a switch to joint requires a group
    assert conditions["required"] == ["group"]
    schema["$defs"]["ITChange"].pop("if")
    assert '"required"' not in json.dumps(schema)
    child = {"extends": "kamishihoro.yaml", "municipalities": {"kamishihoro": {"amenity": 1}}}
    jsonschema.Draft202012Validator(schema).validate(child)


def test_schema_gives_the_range_of_list_items(capsys: pytest.CaptureFixture[str]) -> None:
    defs = _schema(capsys)["$defs"]
    demography = defs["DemographyParams"]["properties"]
    migration = defs["MigrationParams"]["properties"]
    assert demography["fertility_schedule"]["items"] == {
        "type": "number",
        "minimum": 0,
        "maximum": 1_000_000_000,
    }
    assert migration["move_rate_by_age"]["items"] == {"type": "number", "minimum": 0, "maximum": 1}
    pyramid = defs["AgePyramid"]["properties"]
    for sex in ("male", "female"):
        assert pyramid[sex]["items"] == {"type": "integer", "minimum": 0, "maximum": 50_000_000}


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


def test_experiment_schema_is_up_to_date_and_every_experiment_passes_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = dxsim(capsys, "schema", "--experiment")
    assert code == 0
    file = ROOT / "schema" / "experiment.schema.json"
    assert file.read_text(encoding="utf-8") == out, "run `make docs`"
    schema = json.loads(out)
    for path in sorted((ROOT / "experiments").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../schema/experiment.schema.json")
        jsonschema.validate(yaml.safe_load(text), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"scenarios": ["a.yaml"], "replicats": 3}, schema)


def test_params_finds_a_parameter_by_its_japanese_label(capsys) -> None:
    from sim.cli.main import main

    assert main(["params", "情報公開度"]) == 0
    assert capsys.readouterr().out.startswith("municipalities.<key>.policy.disclosure = ")
