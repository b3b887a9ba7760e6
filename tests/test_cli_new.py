"""`dxsim new FILE --from SCENARIO`: a planner's own scenario that extends another, named after
its file, with the common parameters commented out; it validates, runs, and never takes a name
(and so a results folder) another scenario has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.scenario import load_scenario
from tests.cli_helpers import KAMISHIHORO, SCENARIOS, dxsim

TOKACHI = SCENARIOS / "tokachi.yaml"


def _same(a, b) -> None:
    """Two scenarios equal but for their name and description."""
    left, right = a.model_dump(), b.model_dump()
    for d in (left, right):
        d.pop("name"), d.pop("description")
    assert left == right


def _uncommented(path: Path) -> str:
    """The file with every commented-out parameter line made live (the '# ' removed)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("description:")) + 1
    return "\n".join(lines[:start] + [line.removeprefix("# ") for line in lines[start:]]) + "\n"


def test_new_writes_a_scenario_that_extends_the_chosen_one(tmp_path, capsys):
    file = tmp_path / "plans" / "my_town.yaml"
    code, out, err = dxsim(capsys, "new", file, "--from", KAMISHIHORO)
    assert (code, err) == (0, "")
    assert out == (
        f"wrote {file}: extends {KAMISHIHORO}, name 'my_town'; "
        f"dxsim run {file} writes results/my_town/\n"
    )
    text = file.read_text(encoding="utf-8")
    extends = re.search(r"^extends: (.*)$", text, re.M).group(1)
    assert not Path(extends).is_absolute() and extends.endswith("scenarios/kamishihoro.yaml")
    assert (file.parent / extends).resolve() == KAMISHIHORO.resolve()
    schema = re.search(r"^# yaml-language-server: \$schema=(.*)$", text, re.M).group(1)
    assert (file.parent / schema).is_file()
    mine = load_scenario(file)
    assert mine.name == "my_town"
    _same(mine, load_scenario(KAMISHIHORO))
    assert dxsim(capsys, "validate", file)[0] == 0
    # each parameter line: value, unit, range and meaning
    assert re.search(
        r"^#       reinvestment_share: 0\.3 +# share of revenue growth, 0 to 1: Each fiscal "
        r"year, .* \.\.\.$",
        text,
        re.M,
    )
    assert re.search(
        r"^#           budget_yen: 19500000 +# yen per year, 0 to 100,000,000,000: Yearly "
        r"public spending on the program \(before reinvestment\)$",
        text,
        re.M,
    )


@pytest.mark.parametrize("source", [KAMISHIHORO, TOKACHI, SCENARIOS / "generated.yaml"])
def test_every_listed_line_uncommented_gives_the_chosen_scenarios_values(tmp_path, source):
    """The commented lines are the scenario's own values, indented as YAML wants them."""
    file = tmp_path / "mine.yaml"
    from sim.cli.new import new_scenario

    new_scenario(file, source)
    live = tmp_path / "live.yaml"
    live.write_text(_uncommented(file), encoding="utf-8")
    assert "\nrun:\n  years: " in live.read_text(encoding="utf-8")
    _same(load_scenario(live), load_scenario(source))


def test_a_changed_value_is_used_and_the_file_runs(tmp_path, capsys):
    file = tmp_path / "my_town.yaml"
    dxsim(capsys, "new", file, "--from", KAMISHIHORO)
    text = file.read_text(encoding="utf-8")
    text = text.replace("# municipalities:\n", "municipalities:\n")
    text = text.replace("#   kamishihoro:\n", "  kamishihoro:\n")
    text = re.sub(r"^#     population: 4765", "    population: 4000", text, flags=re.M)
    file.write_text(text, encoding="utf-8")
    assert load_scenario(file).municipalities["kamishihoro"].population == 4000
    out = tmp_path / "out"
    code, _, err = dxsim(capsys, "run", file, "--years", "1", "--out", out, "--quiet")
    assert code == 0, err
    assert (out / "kpis.parquet").is_file()


def test_an_existing_file_is_kept_unless_force(tmp_path, capsys):
    file = tmp_path / "my_town.yaml"
    file.write_text("name: mine\n", encoding="utf-8")
    code, out, err = dxsim(capsys, "new", file, "--from", KAMISHIHORO)
    assert (code, out) == (2, "")
    assert err == f"dxsim: {file}: already exists; choose another name, or --force to replace it\n"
    assert file.read_text(encoding="utf-8") == "name: mine\n"
    assert dxsim(capsys, "new", file, "--from", KAMISHIHORO, "--force")[0] == 0
    assert load_scenario(file).name == "my_town"


def test_a_name_another_scenario_in_the_folder_has_is_refused(tmp_path, capsys):
    other = tmp_path / "other.yaml"
    other.write_text(f"extends: {KAMISHIHORO}\nname: my_town\n", encoding="utf-8")
    file = tmp_path / "my_town.yaml"
    code, _, err = dxsim(capsys, "new", file, "--from", KAMISHIHORO)
    assert code == 2
    assert err == (
        f"dxsim: {file}: its scenario would be named 'my_town', as {other} is: both would "
        "write results/my_town/ (dxsim run's output folder), one replacing the other; "
        "choose another file name\n"
    )
    assert not file.exists()


def test_the_chosen_scenarios_own_name_is_refused(tmp_path, capsys):
    file = tmp_path / "kamishihoro.yaml"
    code, _, err = dxsim(capsys, "new", file, "--from", KAMISHIHORO)
    assert code == 2
    assert f"its scenario would be named 'kamishihoro', as {KAMISHIHORO} is" in err
    assert not file.exists()


def test_a_name_inherited_through_extends_counts(tmp_path, capsys):
    """A file without name: has its parent's, and so would share its results folder."""
    (tmp_path / "child.yaml").write_text(f"extends: {KAMISHIHORO}\n", encoding="utf-8")
    code, _, err = dxsim(capsys, "new", tmp_path / "kamishihoro.yaml", "--from", TOKACHI)
    assert code == 2
    assert f"as {tmp_path / 'child.yaml'} is" in err


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        ("mine.txt", KAMISHIHORO, "{file}: expected a file name ending in .yaml"),
        (
            "mine.yaml",
            SCENARIOS.parent / "experiments" / "centralization.yaml",
            "--from {source}: is an experiment file; expected a scenario",
        ),
        ("mine.yaml", Path("nowhere.yaml"), "nowhere.yaml: file not found"),
    ],
)
def test_refusals(tmp_path, capsys, name, source, expected):
    file = tmp_path / name
    code, _, err = dxsim(capsys, "new", file, "--from", source)
    assert code == 2
    assert err == f"dxsim: {expected.format(file=file, source=source)}\n"
    assert not file.exists()


def test_replacing_a_file_the_source_extends_is_refused(tmp_path, capsys):
    base = tmp_path / "base.yaml"
    base.write_text(f"extends: {KAMISHIHORO}\nname: base\n", encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("extends: base.yaml\nname: child\n", encoding="utf-8")
    code, _, err = dxsim(capsys, "new", base, "--from", child, "--force")
    assert code == 2
    assert err == f"dxsim: {base}: --from {child} extends it: replacing it would make a circle\n"
    assert base.read_text(encoding="utf-8") == f"extends: {KAMISHIHORO}\nname: base\n"


def test_help_lists_new(capsys):
    code, out, _ = dxsim(capsys, "--help")
    assert code == 0
    assert re.search(r"^    new +start a scenario of your own", out, re.M)
    code, out, _ = dxsim(capsys, "new", "--help")
    assert code == 0 and "--from SCENARIO" in out and "--force" in out


def test_validate_says_when_two_scenarios_share_a_name(tmp_path, capsys):
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    for f in (a, b):
        f.write_text(f"extends: {KAMISHIHORO}\nname: same\n", encoding="utf-8")
    code, _, err = dxsim(capsys, "validate", a, b)
    assert code == 0
    assert err == (
        f"dxsim: note: {a} and {b} are both named 'same': dxsim run writes both to "
        "results/same/, one replacing the other; give each its own name\n"
    )
