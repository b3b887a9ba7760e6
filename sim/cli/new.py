"""``dxsim new FILE --from SCENARIO``: a planner's own scenario file, ready to edit.

The file ``extends:`` the chosen scenario (a path from FILE's folder, as the loader reads it),
takes its ``name:`` from FILE's stem (refused when another scenario in that folder, or the
chosen one, has it: both would write ``results/<name>/``), and lists the parameters planners
change most as commented-out lines with the chosen scenario's values, units, ranges and a
line on what each does, so that changing one is removing a ``#``.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import yaml

from ..scenario.loader import ScenarioError, compose_with_lines, load_scenario, read_chain
from ..scenario.reference import parameters, range_label
from ..scenario.schema import Scenario

__all__ = ["new_scenario"]

#: The parameters listed, by block: those a planner changes most (docs/parameters.md).
TOP = {"run": ("years", "seed", "scale"), "demography": ("tfr",)}
TOWN = ("population", "amenity", "it_regime")
POLICY = (
    "reinvestment_share",
    "coinvestment_ratio",
    "disclosure",
    "governance",
    "leadership",
    "vision_since_fy",
    "marketing_yen",
)
PROGRAM = ("start_fy", "end_fy", "budget_yen")
GENERATE = ("population", "municipalities", "seed")
#: Towns written out in full; a region's others are named in a comment (Japan has 1,740).
TOWNS_LISTED = 3
#: The column at which the comment after a value starts.
COMMENT_AT = 44
SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "scenario.schema.json"


def _scalar(value: Any) -> str:
    """A value as YAML writes it (quoted when it would read as something else)."""
    return (
        yaml.safe_dump(value, default_flow_style=True, width=1000)
        .strip()
        .removesuffix("...")
        .strip()
    )


def _relative(target: Path, folder: Path) -> str:
    """``target`` as a path from ``folder``, with forward slashes (absolute across drives)."""
    try:
        return Path(os.path.relpath(target.resolve(), folder.resolve())).as_posix()
    except ValueError:
        return target.resolve().as_posix()


def _chain(source: Path) -> set[Path]:
    """``source`` and every file it extends, resolved."""
    seen: set[Path] = set()
    path = source
    while path.resolve() not in seen:
        seen.add(path.resolve())
        parent = compose_with_lines(path)[0].get("extends")
        if not isinstance(parent, str):
            break
        path = path.parent / parent
    return seen


def _name_of(path: Path) -> str | None:
    """The ``name`` a scenario file resolves to (after ``extends``); None for an experiment
    or a file that cannot be read (``dxsim validate`` says why)."""
    try:
        data, _ = read_chain(path)
    except ScenarioError:
        return None
    if "scenarios" in data:
        return None
    name = data.get("name", Scenario.model_fields["name"].default)
    return name if isinstance(name, str) else None


def _taken(name: str, file: Path, source: Path, source_name: str) -> str | None:
    """Another scenario that is named ``name``: the chosen one, or one in FILE's folder."""
    if source_name == name:
        return str(source)
    folder = file.parent
    if not folder.is_dir():
        return None
    for other in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if other.resolve() != file.resolve() and _name_of(other) == name:
            return str(other)
    return None


def _line(depth: int, key: str, value: Any, info: dict[str, Any] | None) -> str:
    """One commented-out ``key: value`` at ``depth``, with unit, range and meaning."""
    text = f"# {'  ' * depth}{key}: {_scalar(value)}"
    if info is None:
        return text
    meaning = info["description"].split(". ")[0].split("; ")[0].rstrip(".")
    unit = info["unit"].split(" (")[0]  # the unit's worked example is in dxsim params
    wide = info["max"] is not None and info["max"] > 10**15  # a seed: any integer
    span = "" if unit == "0-1" or wide else range_label(info)
    about = ", ".join(x for x in (unit, span) if x)
    return f"{text.ljust(COMMENT_AT)}# {about}: {textwrap.shorten(meaning, 80, placeholder=' ...')}"


def _body(scenario: Scenario) -> list[str]:
    """The commented-out parameters, with the chosen scenario's values."""
    info = {p["path"]: p for p in parameters()}
    data = scenario.model_dump(mode="json")
    out: list[str] = []
    for block, keys in TOP.items():
        out.append(f"# {block}:")
        out += [_line(1, k, data[block][k], info.get(f"{block}.{k}")) for k in keys]
    if scenario.generate is not None:
        out.append("# generate:")
        g = data["generate"]
        out += [_line(1, k, g[k], info.get(f"generate.{k}")) for k in GENERATE]
        return out
    towns = list(data["municipalities"])
    if not towns:
        return out
    out.append("# municipalities:")
    town_path = "municipalities.<key>."
    for key in towns[:TOWNS_LISTED]:
        town = data["municipalities"][key]
        out.append(f"#   {key}:")
        out += [_line(2, k, town[k], info.get(town_path + k)) for k in TOWN]
        out.append("#     policy:")
        policy = town["policy"]
        out += [_line(3, k, policy[k], info.get(f"{town_path}policy.{k}")) for k in POLICY]
        programs = policy["programs"]
        if programs:
            out.append("#       programs:")
        for name, spec in programs.items():
            out.append(f"#         {name}:")
            prefix = f"{town_path}policy.programs.<name>."
            out += [_line(5, k, spec[k], info.get(prefix + k)) for k in PROGRAM]
        others = [p for p in _program_names() if p not in programs]
        if others:
            out.append(f"#       # not in it (dxsim params programs): {', '.join(others)}")
    if len(towns) > TOWNS_LISTED:
        rest = towns[TOWNS_LISTED:]
        shown = ", ".join(rest[:8]) + (f" and {len(rest) - 8} more" if len(rest) > 8 else "")
        out.append(f"#   # the other towns, written the same way: {shown}")
    return out


def _program_names() -> list[str]:
    from ..scenario.params_town_policy import Program

    return [p.value for p in Program]


def new_scenario(file: str | Path, source: str | Path, force: bool = False) -> str:
    """Write FILE as a scenario that extends SOURCE; returns what to tell the planner.
    Raises ScenarioError (nothing written) for a FILE that exists (unless ``force``), a
    name another scenario has, or a SOURCE that is not a valid scenario."""
    file, source = Path(file), Path(source)
    if file.suffix not in (".yaml", ".yml"):
        raise ScenarioError([f"{file}: expected a file name ending in .yaml"])
    if file.is_dir():
        raise ScenarioError([f"{file}: is a folder; expected the new scenario's file name"])
    if file.exists() and not force:
        raise ScenarioError(
            [f"{file}: already exists; choose another name, or --force to replace it"]
        )
    if source.is_file() and "scenarios" in compose_with_lines(source)[0]:
        raise ScenarioError([f"--from {source}: is an experiment file; expected a scenario"])
    scenario = load_scenario(source)  # a mistake in it is said first, with its line
    if file.exists() and file.resolve() in _chain(source):
        raise ScenarioError(
            [f"{file}: --from {source} extends it: replacing it would make a circle"]
        )
    name = file.stem
    other = _taken(name, file, source, scenario.name)
    if other is not None:
        raise ScenarioError(
            [
                f"{file}: its scenario would be named {name!r}, as {other} is: both would "
                f"write results/{name}/ (dxsim run's output folder), one replacing the other; "
                "choose another file name"
            ]
        )
    file.parent.mkdir(parents=True, exist_ok=True)
    head = []
    if SCHEMA.is_file():
        head.append(f"# yaml-language-server: $schema={_relative(SCHEMA, file.parent)}")
    head += [
        f"# {file.name}: a scenario of your own, built on {source.name} (written by dxsim new).",
        f"# Every value not written here is that of {source.name}. To change one, remove the",
        "# '# ' before its line and before the block names above it, and edit the value (the",
        f"# value shown is {source.name}'s). `dxsim params PATH` says more of any parameter;",
        f"# `dxsim validate {file.name}` checks this file, `dxsim run {file.name}` runs it.",
        f"extends: {_scalar(_relative(source, file.parent))}",
        f"name: {_scalar(name)}",
        f"description: {_scalar(f'{scenario.name} ({source.name}) with my changes')}",
    ]
    file.write_text("\n".join([*head, *_body(scenario)]) + "\n", encoding="utf-8")
    try:
        load_scenario(file)
    except ScenarioError:
        file.unlink()
        raise
    return f"wrote {file}: extends {source}, name {name!r}; dxsim run {file} writes results/{name}/"
