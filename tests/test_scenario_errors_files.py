"""Problems with the scenario file itself and ``extends``.

YAML syntax, duplicate keys, unreadable or missing files, ``extends`` chains, several problems
reported at once. Command-line overrides and valid scenarios are in
``test_scenario_errors_overrides.py``; field values (ranges, types, keys, municipalities,
cross-field checks) in ``test_scenario_errors_values.py``; the shared helpers in
``scenario_error_helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario import load_scenario
from tests.scenario_error_helpers import KAMISHIHORO, TOWN, at, problem, problems, write


# -- several problems at once -------------------------------------------------------------------
def test_several_problems_are_all_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        name: several
        municipalities:
          town:
            populaton: 1000
        demography:
          tfr: 9
        run:
          years: many
        trade:
          local_share: 2
        """,
    )
    found = problems(path)
    assert len(found) == 4, found  # the misspelt key is one message, not also "missing"
    expected = {
        f"{at(path, 4)}: municipalities.town.populaton: unknown key 'populaton'; "
        "did you mean 'population'?",
        f"{at(path, 6)}: demography.tfr: got 9,",
        f"{at(path, 8)}: run.years: got 'many',",
        f"{at(path, 10)}: trade.local_share: got 2,",
    }
    for start in expected:
        assert any(p.startswith(start) for p in found), (start, found)


# -- problems with the file itself -------------------------------------------------------------
def test_duplicate_key(tmp_path: Path) -> None:
    path = write(tmp_path, "name: a\nname: b\n" + TOWN)
    assert problem(path) == f"{at(path, 2)}: name: key given twice"


def test_duplicate_nested_key(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "    population: 2000\n")
    assert problem(path) == f"{at(path, 4)}: municipalities.town.population: key given twice"


def test_yaml_syntax_error_reports_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\nrun:\n  years: 5: 6\n" + TOWN)
    assert problem(path) == (
        f"{at(path, 3)}: not valid YAML: the text after 'years:' contains ': ' (after '5'), "
        'which YAML reads as another key; put the whole text in quotes: years: "5: 6"'
    )


def test_yaml_bad_indentation_reports_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "run:\n  years: 5\n   seed: 1\n")
    message = problem(path)
    assert message.startswith(f"{at(path, 6)}: not valid YAML: "), message


def test_yaml_unclosed_bracket(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography:\n  fertility_schedule: [1, 2\n")
    message = problem(path)
    assert message == (
        f"{at(path, 5)}: not valid YAML: a '[' opened on this line is never closed; end it "
        "with ']': fertility_schedule: [1, 2]"
    )


def test_top_level_list(tmp_path: Path) -> None:
    path = write(tmp_path, "- name: x\n- population: 1000\n")
    assert problem(path) == f"{at(path, 1)}: expected a mapping of keys to values at the top"


def test_top_level_scalar(tmp_path: Path) -> None:
    path = write(tmp_path, "just some words\n")
    assert problem(path) == f"{at(path, 1)}: expected a mapping of keys to values at the top"


@pytest.mark.parametrize(
    "text", ["", "# only a comment\n", "---\n"], ids=["empty", "comment", "doc"]
)
def test_empty_file_has_no_municipalities(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    message = problem(path)
    assert message.startswith(f"{path.resolve()}"), message
    assert message.endswith(": the scenario has no municipalities: list some or set 'generate'"), (
        message
    )
    assert "(top)" not in message, message


def test_file_not_found(tmp_path: Path) -> None:
    path = tmp_path / "nosuch.yaml"
    assert problem(path) == f"{path}: file not found"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    message = problem(tmp_path)
    assert message == f"{tmp_path}: is a folder, expected a scenario file", message


def test_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Kamishihoro\ndescription: caf\xe9\n".encode("latin-1"))
    assert problem(path) == (
        f"{at(path, 2)}: the file is not UTF-8 text; save the file as UTF-8 "
        "(in most editors: Save with Encoding, UTF-8)"
    )


def test_shift_jis_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "sjis.yaml"
    path.write_bytes("name: x\n# comment\nname_ja: 上士幌町\n".encode("shift_jis"))
    assert problem(path) == (
        f"{at(path, 3)}: the file is not UTF-8 text (it looks like Shift-JIS); save the file "
        "as UTF-8 (in most editors: Save with Encoding, UTF-8)"
    )


# -- extends ------------------------------------------------------------------------------------
def test_extends_missing_file(tmp_path: Path) -> None:
    path = write(tmp_path, "# child\nextends: nosuch.yaml\nname: c\n")
    assert problem(path) == (
        f"{at(path, 2)}: extends: file {tmp_path.resolve() / 'nosuch.yaml'} not found "
        "(extends is read from this file's folder)"
    )


def test_extends_a_folder_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    path = write(tmp_path, "# child\nname: c\nextends: base\n" + TOWN)
    assert problem(path) == f"{at(path, 3)}: extends: {tmp_path / 'base'} is a folder; " + (
        "expected a scenario file"
    )
    path = write(tmp_path, "extends: .\n", "dot.yaml")
    assert problem(path) == f"{at(path, 1)}: extends: {tmp_path} is a folder; " + (
        "expected a scenario file"
    )


@pytest.mark.parametrize("value", ["''", "' '"])
def test_extends_empty(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, f"extends: {value}\n" + TOWN)
    message = problem(path)
    assert message.startswith(f"{at(path, 1)}: extends: expected a file name, got "), message


def test_paths_are_shown_as_given_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every message, extends or not, names files the same way: relative, as the user gave them
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    write(tmp_path, TOWN + "run:\n  years: 0\n", "parent.yaml")
    write(tmp_path / "sub", "extends: ../parent.yaml\n", "child.yaml")
    write(tmp_path / "sub", "extends: nosuch.yaml\n", "orphan.yaml")
    write(tmp_path, "extends: b.yaml\n", "a.yaml")
    write(tmp_path, "extends: sub/../a.yaml\n", "b.yaml")
    assert problem("sub/child.yaml").startswith("parent.yaml:5: run.years: got 0, expected")
    assert problem(tmp_path / "sub" / "child.yaml").startswith("parent.yaml:5: run.years: got 0")
    assert (
        problem("sub/orphan.yaml") == "sub/orphan.yaml:1: extends: file sub/nosuch.yaml not "
        "found (extends is read from this file's folder)"
    )
    assert (
        problem("./a.yaml")
        == "b.yaml:1: extends: goes round in a circle: a.yaml -> b.yaml -> a.yaml"
    )


def test_extends_cycle(tmp_path: Path) -> None:
    a = write(tmp_path, "name: a\nextends: b.yaml\n" + TOWN, "a.yaml")
    b = write(tmp_path, "name: b\n\nextends: a.yaml\n", "b.yaml")
    a, b = a.resolve(), b.resolve()
    assert problem(a) == f"{b}:3: extends: goes round in a circle: {a} -> {b} -> {a}"


def test_extends_itself(tmp_path: Path) -> None:
    path = write(tmp_path, "name: a\nextends: scenario.yaml\n" + TOWN).resolve()
    assert problem(path) == f"{path}:2: extends: goes round in a circle: {path} -> {path}"


@pytest.mark.parametrize("value", ["[base.yaml]", "3", "{file: base.yaml}"])
def test_extends_not_a_string(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, f"name: c\nextends: {value}\n" + TOWN)
    message = problem(path)
    assert message.startswith(f"{at(path, 2)}: extends: expected a file name, got "), message


def test_error_in_parent_is_reported_at_the_parents_line(tmp_path: Path) -> None:
    parent = write(tmp_path, TOWN + "demography:\n  max_age: 100\n  tfr: 9\n", "parent.yaml")
    child = write(tmp_path, "# child\nextends: parent.yaml\nname: child\n", "child.yaml")
    message = problem(child)
    assert message.startswith(f"{at(parent, 6)}: demography.tfr: got 9, expected "), message


def test_error_in_grandparent_is_reported_there(tmp_path: Path) -> None:
    grand = write(tmp_path, TOWN + "run:\n  years: 0\n", "grand.yaml")
    write(tmp_path, "extends: grand.yaml\nname: parent\n", "parent.yaml")
    sub = tmp_path / "sub"
    sub.mkdir()
    child = write(sub, "extends: ../parent.yaml\nname: child\n", "child.yaml")
    message = problem(child)
    assert message.startswith(f"{at(grand, 5)}: run.years: got 0, expected "), message


def test_value_overridden_by_child_is_reported_at_the_childs_line(tmp_path: Path) -> None:
    write(tmp_path, TOWN + "demography:\n  tfr: 1.5\n", "parent.yaml")
    child = write(
        tmp_path, "extends: parent.yaml\nname: child\ndemography:\n  tfr: 7\n", "child.yaml"
    )
    message = problem(child)
    assert message.startswith(f"{at(child, 4)}: demography.tfr: got 7, expected "), message


def test_child_replacing_a_block_with_a_scalar_is_reported_at_the_child(tmp_path: Path) -> None:
    write(tmp_path, TOWN + "demography:\n  tfr: 1.5\n", "parent.yaml")
    child = write(tmp_path, "extends: parent.yaml\ndemography: 2\n", "child.yaml")
    message = problem(child)
    assert message.startswith(f"{at(child, 2)}: demography: got 2"), message


def test_errors_in_parent_and_child_are_reported_together(tmp_path: Path) -> None:
    parent = write(tmp_path, TOWN + "run:\n  years: 0\n", "parent.yaml")
    child = write(tmp_path, "extends: parent.yaml\ndemography:\n  tfr: 9\n", "child.yaml")
    found = problems(child)
    assert len(found) == 2, found
    assert any(p.startswith(f"{at(parent, 5)}: run.years: got 0") for p in found), found
    assert any(p.startswith(f"{at(child, 3)}: demography.tfr: got 9") for p in found), found


def test_valid_extends_merges_parent_and_child(tmp_path: Path) -> None:
    write(
        tmp_path,
        """\
        name: parent
        run:
          years: 5
          seed: 3
        municipalities:
          town:
            population: 1000
            share_65_plus: 0.4
        demography:
          tfr: 1.5
          max_age: 100
        """,
        "parent.yaml",
    )
    child = write(
        tmp_path,
        """\
        extends: parent.yaml
        name: child
        run:
          years: 2
        municipalities:
          town:
            population: 2000
            lat: 43.2
            lon: 143.3
          village:
            population: 300
            lat: 43.3
            lon: 143.1
        demography:
          tfr: 1.3
        """,
        "child.yaml",
    )
    scenario = load_scenario(child)
    assert scenario.name == "child"
    assert (scenario.run.years, scenario.run.seed) == (2, 3)
    assert scenario.municipalities["town"].population == 2000
    assert scenario.municipalities["town"].share_65_plus == 0.4
    assert scenario.municipalities["village"].population == 300
    assert (scenario.demography.tfr, scenario.demography.max_age) == (1.3, 100)
    assert "extends" not in scenario.model_dump()


def test_extends_of_a_shipped_scenario(tmp_path: Path) -> None:
    child = write(tmp_path, f"extends: {KAMISHIHORO}\nname: variant\ndemography:\n  tfr: 1.5\n")
    base, variant = load_scenario(KAMISHIHORO), load_scenario(child)
    assert variant.name == "variant" and variant.demography.tfr == 1.5
    assert variant.municipalities == base.municipalities
    assert variant.digest() != base.digest()
