"""Read scenario files: safe YAML with line numbers, ``extends:``, ``--set`` and clear errors.

A planner's mistake must end in a message that names the file, the line, the field's path,
what was given and what was expected, never in a traceback, and before anything runs: each
is a ``Problem`` record (``problems.py``), raised together as one ``ScenarioError``.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .fields import did_you_mean
from .messages import describe_error, drop_renamed_missing, note_problem
from .messages_yaml import yaml_problem
from .notes import does_nothing, small_money
from .problems import Loc, Origin, Problem, ScenarioError, ScenarioNote, path_text
from .safe_yaml import MERGE, YamlLimit, check_size, compose
from .safe_yaml import Loader as _Loader
from .schema import Scenario

__all__ = [
    "ScenarioError",
    "ScenarioNote",
    "compose_with_lines",
    "load_scenario",
    "parse_set",
    "read_chain",
]

warnings.filterwarnings("ignore", category=ScenarioNote)


#: A line indented with a full-width space, a key followed by a full-width colon, a key's
#: colon followed by a full-width space (all easy to type with a Japanese input method, all
#: invisible in most editors).
_WIDE_SPACE = re.compile(r"^[ ]*\u3000[ \u3000]*[A-Za-z_][A-Za-z0-9_]*[ \u3000]*[:：]")
_WIDE_COLON = re.compile(r"^[ \u3000]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*)[ \u3000]*：")
_WIDE_AFTER = re.compile(r"^[ \u3000]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*):\u3000")


def _wide_characters(text: str, path: Path) -> list[Problem]:
    """Full-width spaces that indent a key or follow its colon, full-width colons after a key,
    by line."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        if _WIDE_SPACE.match(line):
            what = "a full-width space (U+3000) in its indentation; use ordinary spaces"
            found.append(Problem(f"line {n} has {what}", str(path), n))
        key = _WIDE_COLON.match(line)
        if key:
            what = f"a full-width colon '：' after '{key.group(1)}'; use an ordinary colon ':'"
            found.append(Problem(f"line {n} has {what}", str(path), n))
        key = _WIDE_AFTER.match(line)
        if key:
            what = f"a full-width space (U+3000) after '{key.group(1)}:'; use an ordinary space"
            found.append(Problem(f"line {n} has {what}", str(path), n))
    return found


def _text_lines(text: str) -> set[int]:
    """The lines inside quoted and block (| and >) scalars, where anything goes: read from
    YAML's tokens up to the first syntax error, if any."""
    lines: set[int] = set()
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.ScalarToken) and token.style is not None:
                end = token.end_mark.line + (1 if token.end_mark.column > 0 else 0)
                lines.update(range(token.start_mark.line + 1, end + 1))
    except yaml.YAMLError:
        pass
    return lines


def _not_utf8(raw: bytes, exc: UnicodeDecodeError, path: Path) -> Problem:
    """Where the first byte that is not UTF-8 is, and what the file probably is."""
    line = raw[: exc.start].count(b"\n") + 1
    try:
        raw.decode("cp932")
        looks = " (it looks like Shift-JIS)"
    except UnicodeDecodeError:
        looks = ""
    return Problem(
        f"the file is not UTF-8 text{looks}",
        str(path),
        line,
        hint="save the file as UTF-8 (in most editors: Save with Encoding, UTF-8)",
    )


def _shown(path: Path) -> Path:
    """The path as a user reads it: as given, or relative to the working folder when inside it.

    A parent named by ``extends`` is shown joined to its child's shown folder (so
    ``scenarios/centralization/../tokachi.yaml`` reads ``scenarios/tokachi.yaml``).
    """
    path = Path(os.path.normpath(path))
    if path.is_absolute():
        try:
            return path.resolve().relative_to(Path.cwd().resolve())
        except (OSError, ValueError):
            return path
    return path


def compose_with_lines(path: Path, shown: Path | None = None) -> tuple[Any, dict[Loc, Origin]]:
    """Load YAML safely, recording the line of every key; duplicate keys are errors.

    ``path`` is read; ``shown`` is how messages name it (default: ``_shown(path)``).
    """
    real, path = path, shown if shown is not None else _shown(path)
    try:
        raw = real.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Problem("file not found", str(path))]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem("is a folder, expected a scenario file", str(path))]) from None
    except OSError as exc:
        why = f"cannot read the file ({exc.strerror or exc})"
        raise ScenarioError([Problem(why, str(path))]) from None
    try:
        check_size(raw)
        text = raw.decode("utf-8")
    except YamlLimit as exc:
        raise ScenarioError([Problem(exc.message, str(path))]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError([_not_utf8(raw, exc, path)]) from None
    text_lines = _text_lines(text)
    wide = [p for p in _wide_characters(text, path) if p.line not in text_lines]
    try:
        node, data = compose(text)
    except YamlLimit as exc:
        raise ScenarioError([Problem(exc.message, str(path), exc.line)]) from None
    except yaml.MarkedYAMLError as exc:
        line, problem = yaml_problem(text.splitlines(), exc)
        found = wide or [Problem(f"not valid YAML: {problem}", str(path), line)]  # the cause
        raise ScenarioError(found) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(f"not valid YAML: {exc}", str(path))]) from None
    if wide:
        raise ScenarioError(wide)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(
            [Problem("expected a mapping of keys to values at the top", str(path), 1)]
        )
    origins: dict[Loc, Origin] = {}
    problems: list[Problem] = []

    def walk(n: yaml.Node, loc: Loc) -> None:
        written = n.value if isinstance(n, yaml.ScalarNode) and n.style is None else None
        origins[loc] = (str(path), n.start_mark.line + 1, written)
        if isinstance(n, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in sorted(n.value, key=lambda p: p[0].tag != MERGE):
                if key_node.tag == MERGE:  # first, as keys written beside it override it
                    here = origins[loc]
                    many = isinstance(value_node, yaml.SequenceNode)
                    for merged in value_node.value if many else [value_node]:
                        walk(merged, loc)
                    origins[loc] = here
                    continue
                key = str(key_node.value)
                if key in seen:
                    where = path_text((*loc, key), data)
                    line = key_node.start_mark.line + 1
                    problems.append(Problem("key given twice", str(path), line, where))
                seen.add(key)
                walk(value_node, (*loc, key))
                written = origins[(*loc, key)][2]
                origins[(*loc, key)] = (str(path), key_node.start_mark.line + 1, written)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, (*loc, str(i)))

    walk(node, ()) if node is not None else None
    if problems:
        raise ScenarioError(list(dict.fromkeys(problems)))  # a merged mapping is walked again
    return data, origins


def _merge(base: dict, over: dict, base_o: dict, over_o: dict, loc: Loc = ()) -> dict:
    """Deep-merge ``over`` into ``base`` (mappings merge, everything else replaces; a
    municipality set to null is removed)."""
    out = dict(base)
    for key, value in over.items():
        if loc == ("municipalities",) and value is None and key in out:
            # `town: null` in a file that extends another leaves that town out
            del out[key]
            for sub in [k for k in base_o if k[:2] == (*loc, key)]:
                del base_o[sub]
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, base_o, over_o, (*loc, key))
        else:
            out[key] = value
            for sub in [k for k in base_o if k[: len(loc) + 1] == (*loc, key)]:
                del base_o[sub]
    base_o.update({k: v for k, v in over_o.items() if k[: len(loc)] == loc})
    return out


def read_chain(
    path: Path, chain: tuple[tuple[Path, Path], ...] = (), shown: Path | None = None
) -> tuple[dict, dict[Loc, Origin]]:
    """Read ``path`` and the files it ``extends``; ``chain``: (resolved, shown) of children."""
    shown = shown if shown is not None else _shown(path)
    data, origins = compose_with_lines(path, shown)
    parent = data.pop("extends", None)
    if parent is None:
        return data, origins
    line = origins.get(("extends",), (str(shown), 0))[1]

    def problem(message: str) -> ScenarioError:
        return ScenarioError([Problem(message, str(shown), line or None, "extends")])

    if not isinstance(parent, str) or not parent.strip():
        raise problem(f"expected a file name, got {parent!r}")
    parent_path = path.parent / parent
    parent_shown = _shown(parent_path if Path(parent).is_absolute() else shown.parent / parent)
    if parent_path.is_dir():
        raise problem(f"{parent_shown} is a folder; expected a scenario file")
    if not parent_path.exists():
        relative = (
            "" if Path(parent).is_absolute() else " (extends is read from this file's folder)"
        )
        raise problem(f"file {parent_shown} not found{relative}")
    chain = (*chain, (path.resolve(), shown))
    if parent_path.resolve() in [real for real, _ in chain]:
        cycle = " -> ".join(str(s) for s in [*(s for _, s in chain), parent_shown])
        raise problem(f"goes round in a circle: {cycle}")
    base, base_origins = read_chain(parent_path, chain, parent_shown)
    _left_out(data, origins, base, shown, parent_shown)
    merged = _merge(base, data, base_origins, origins)
    return merged, base_origins


def _left_out(data: dict, origins: dict, base: dict, shown: Path, parent: Path) -> None:
    """A town set to null must be one that the extended scenario has (a misspelt key would
    leave out nothing, silently)."""
    towns, known = data.get("municipalities"), base.get("municipalities")
    known = known if isinstance(known, dict) else {}
    if not isinstance(towns, dict):
        return
    problems = []
    for key in [k for k, v in towns.items() if v is None and k not in known]:
        line = origins.get(("municipalities", key), (str(shown), 0))[1]
        hint = did_you_mean(key, known) or (
            f"; it has {', '.join(map(str, known))}" if known else "; it has no towns"
        )
        why = (
            "null leaves out a town of the scenario this file extends, but "
            f"{parent} (with what it extends) has no town '{key}'"
        )
        where = f"municipalities.{key}"
        problems.append(Problem(why, str(shown), line or None, where, hint=hint.lstrip("; ")))
    if problems:
        raise ScenarioError(problems)


def parse_set(assignments: list[str]) -> list[tuple[Loc, Any]]:
    """Parse ``PATH=VALUE`` strings; VALUE is read as YAML (numbers, booleans, lists)."""
    out = []
    for text in assignments:
        if "=" not in text:
            raise ScenarioError(
                [Problem("expected PATH=VALUE, e.g. run.years=10", f"--set {text}")]
            )
        path, raw = text.split("=", 1)
        loc = tuple(p for p in path.strip().split(".") if p)
        if not loc:
            raise ScenarioError([Problem("the path before '=' is empty", f"--set {text}")])
        try:
            value = yaml.load(raw, Loader=_Loader) if raw.strip() else ""
        except YamlLimit as exc:
            raise ScenarioError([Problem(exc.message, f"--set {path.strip()}")]) from None
        except yaml.YAMLError:
            value = raw
        out.append((loc, value))
    return out


def _apply_set(
    data: dict, origins: dict, sets: list[tuple[Loc, Any]], label: str = "--set"
) -> None:
    """Put each value at its path, creating blocks on the way; ``label`` names the origin.

    A municipality must already be in the scenario: a misspelt key would otherwise add a
    new town silently (towns are added in a scenario file).
    """
    for loc, value in sets:
        _known_municipality(data, loc, label)
        node = data
        for i, key in enumerate(loc[:-1]):
            child = node.get(key)
            if child is None:
                child = node[key] = {}
                origins[loc[: i + 1]] = (label, 0, None)
            if not isinstance(child, dict):
                where = ".".join(loc[: i + 1])
                here = f"{label} {'.'.join(loc)}"
                raise ScenarioError([Problem(f"{where} is not a mapping", here)])
            node = child
        node[loc[-1]] = value
        origins[loc] = (label, 0, None)


def _known_municipality(data: dict, loc: Loc, label: str) -> None:
    if len(loc) < 2 or loc[0] != "municipalities":
        return
    towns = data.get("municipalities")
    towns = towns if isinstance(towns, dict) else {}
    if loc[1] in towns:
        return
    hint = did_you_mean(loc[1], towns)
    if hint:
        hint += " "
    elif towns:
        hint = f"; the scenario lists {', '.join(str(k) for k in towns)}. "
    else:
        hint = "; the scenario lists no municipalities. "
    why = f"unknown municipality '{loc[1]}'"
    also = (
        f"({label} changes only the municipalities a scenario lists: add new ones in a "
        "scenario file)"
    )
    path = ".".join(loc[:2])
    raise ScenarioError([Problem(why, label, None, path, hint=f"{hint[2:]}{also}")])


def load_scenario(
    path: str | Path | None = None,
    overrides: list[str] | None = None,
    data: dict | None = None,
    options: list[tuple[str, str, Any]] | None = None,
) -> Scenario:
    """Load and validate a scenario file (or a dict), with ``--set`` style overrides.

    ``options`` are further overrides ``(label, dotted path, value)`` applied after
    ``overrides``, whose errors name ``label`` (e.g. ``("--years", "run.years", 10)``).
    """
    if path is not None:
        data, origins = read_chain(Path(path))
        source = str(_shown(Path(path)))
    else:
        data, origins, source = dict(data or {}), {}, "<scenario>"
        data.pop("extends", None)
    _apply_set(data, origins, parse_set(overrides or []))
    for label, dotted, value in options or []:
        _apply_set(data, origins, [(tuple(dotted.split(".")), value)], label)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = drop_renamed_missing(exc.errors(include_url=False))
        raise ScenarioError(
            [p for e in errors for p in describe_error(e, data, origins, source)]
        ) from None
    for loc, note in [*does_nothing(scenario), *small_money(scenario)]:
        record = note_problem(loc, note, data, origins, source)
        warnings.warn(ScenarioNote(record), stacklevel=2)
    return scenario
