"""Read scenario files: safe YAML with line numbers, ``extends:``, ``--set`` and clear errors.

A planner's mistake must end in a message that names the file, the line, the field's path,
what was given and what was expected, never in a traceback, and before anything runs.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .fields import bounds, item_bounds, open_ends, range_text
from .schema import Scenario

__all__ = ["ScenarioError", "load_scenario", "parse_set"]

Origin = tuple[str, int]  # (file or "--set", line)
Loc = tuple[str, ...]


class ScenarioError(Exception):
    """One or more problems in scenario input; ``str()`` is the message for the user."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


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


def _compose(path: Path, shown: Path | None = None) -> tuple[Any, dict[Loc, Origin]]:
    """Load YAML safely, recording the line of every key; duplicate keys are errors.

    ``path`` is read; ``shown`` is how messages name it (default: ``_shown(path)``).
    """
    real, path = path, shown if shown is not None else _shown(path)
    try:
        text = real.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([f"{path}: file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([f"{path}: cannot read the file ({exc})"]) from None
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise ScenarioError([f"{path}:{line}: not valid YAML: {exc.problem or exc}"]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([f"{path}: not valid YAML: {exc}"]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError([f"{path}:1: expected a mapping of keys to values at the top"])
    origins: dict[Loc, Origin] = {}
    problems: list[str] = []

    def walk(n: yaml.Node, loc: Loc) -> None:
        origins[loc] = (str(path), n.start_mark.line + 1)
        if isinstance(n, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in n.value:
                key = str(key_node.value)
                if key in seen:
                    where = ".".join((*loc, key))
                    problems.append(
                        f"{path}:{key_node.start_mark.line + 1}: {where}: key given twice"
                    )
                seen.add(key)
                walk(value_node, (*loc, key))
                origins[(*loc, key)] = (str(path), key_node.start_mark.line + 1)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, (*loc, str(i)))

    walk(node, ()) if node is not None else None
    if problems:
        raise ScenarioError(problems)
    return data, origins


def _merge(base: dict, over: dict, base_o: dict, over_o: dict, loc: Loc = ()) -> dict:
    """Deep-merge ``over`` into ``base`` (mappings merge, everything else replaces)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, base_o, over_o, (*loc, key))
        else:
            out[key] = value
            for sub in [k for k in base_o if k[: len(loc) + 1] == (*loc, key)]:
                del base_o[sub]
    base_o.update({k: v for k, v in over_o.items() if k[: len(loc)] == loc})
    return out


def _read(
    path: Path, chain: tuple[tuple[Path, Path], ...] = (), shown: Path | None = None
) -> tuple[dict, dict[Loc, Origin]]:
    """Read ``path`` and the files it ``extends``; ``chain``: (resolved, shown) of children."""
    shown = shown if shown is not None else _shown(path)
    data, origins = _compose(path, shown)
    parent = data.pop("extends", None)
    if parent is None:
        return data, origins
    line = origins.get(("extends",), (str(shown), 0))[1]
    where = f"{shown}:{line}: extends"
    if not isinstance(parent, str) or not parent.strip():
        raise ScenarioError([f"{where}: expected a file name, got {parent!r}"])
    parent_path = path.parent / parent
    parent_shown = _shown(parent_path if Path(parent).is_absolute() else shown.parent / parent)
    if parent_path.is_dir():
        raise ScenarioError([f"{where}: {parent_shown} is a folder; expected a scenario file"])
    if not parent_path.exists():
        raise ScenarioError([f"{where}: file {parent_shown} not found"])
    chain = (*chain, (path.resolve(), shown))
    if parent_path.resolve() in [real for real, _ in chain]:
        cycle = " -> ".join(str(s) for s in [*(s for _, s in chain), parent_shown])
        raise ScenarioError([f"{where}: goes round in a circle: {cycle}"])
    base, base_origins = _read(parent_path, chain, parent_shown)
    merged = _merge(base, data, base_origins, origins)
    return merged, base_origins


def parse_set(assignments: list[str]) -> list[tuple[Loc, Any]]:
    """Parse ``PATH=VALUE`` strings; VALUE is read as YAML (numbers, booleans, lists)."""
    out = []
    for text in assignments:
        if "=" not in text:
            raise ScenarioError([f"--set {text}: expected PATH=VALUE, e.g. run.years=10"])
        path, raw = text.split("=", 1)
        loc = tuple(p for p in path.strip().split(".") if p)
        if not loc:
            raise ScenarioError([f"--set {text}: the path before '=' is empty"])
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
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
                origins[loc[: i + 1]] = (label, 0)
            if not isinstance(child, dict):
                where = ".".join(loc[: i + 1])
                raise ScenarioError([f"{label} {'.'.join(loc)}: {where} is not a mapping"])
            node = child
        node[loc[-1]] = value
        origins[loc] = (label, 0)


def _known_municipality(data: dict, loc: Loc, label: str) -> None:
    if len(loc) < 2 or loc[0] != "municipalities":
        return
    towns = data.get("municipalities")
    towns = towns if isinstance(towns, dict) else {}
    if loc[1] in towns:
        return
    close = difflib.get_close_matches(loc[1], [str(k) for k in towns], n=1, cutoff=0.6)
    if close:
        hint = f"; did you mean '{close[0]}'?"
    elif towns:
        hint = f"; the scenario lists {', '.join(str(k) for k in towns)}."
    else:
        hint = "; the scenario lists no municipalities."
    raise ScenarioError(
        [
            f"{label}: {'.'.join(loc[:2])}: unknown municipality '{loc[1]}'{hint} "
            f"({label} changes only the municipalities a scenario lists: add new ones in a "
            "scenario file)"
        ]
    )


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
        data, origins = _read(Path(path))
        source = str(_shown(Path(path)))
    else:
        data, origins, source = dict(data or {}), {}, "<scenario>"
        data.pop("extends", None)
    _apply_set(data, origins, parse_set(overrides or []))
    for label, dotted, value in options or []:
        _apply_set(data, origins, [(tuple(dotted.split(".")), value)], label)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(
            [_describe(e, data, origins, source) for e in exc.errors(include_url=False)]
        ) from None


# -- messages --------------------------------------------------------------------------------
def _where(loc: Loc, origins: dict[Loc, Origin], source: str) -> str:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in origins:
            file, line = origins[loc[:cut]]
            return file if line == 0 else f"{file}:{line}"
    return source


def _field_at(loc: Loc) -> tuple[type[BaseModel] | None, Any, bool]:
    """The model that owns the field at ``loc``, its FieldInfo (or None), and whether ``loc``
    goes on into the field's items (``demography.fertility_schedule.3``)."""
    model: Any = Scenario
    owner: type[BaseModel] | None = None
    info = None
    i = 0
    while i < len(loc) and isinstance(model, type) and issubclass(model, BaseModel):
        owner, info = model, model.model_fields.get(loc[i])
        if info is None:
            return owner, None, False
        model, keyed = _unwrap(info.annotation)
        if keyed and not (isinstance(model, type) and issubclass(model, BaseModel)):
            return owner, info, i + 1 < len(loc)  # a mapping to values: loc may name one
        i += 2 if keyed else 1  # dict[str, Model]: skip the key
    return owner, info, i < len(loc)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The nested model inside ``Model | None`` or ``dict[str, Model]``, and if it is keyed."""
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is dict and len(args) == 2:
        return args[1], True
    for a in args:
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a, False
    return annotation, False


def _num(value: float) -> str:
    """A bound exactly as in the schema: 20,000,000 rather than 2e+07."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _expected(info: Any, item: bool = False, noun: str = "a value") -> str:
    """What the field takes: range, unit and meaning (of each item when ``item``)."""
    if info is None:
        return ""
    extra = info.json_schema_extra or {}
    lo, hi = bounds(info.metadata)
    each = item_bounds(info.annotation)
    if item and each is not None:
        lo, hi = each
    text = []
    ends = (False, False) if item and each is not None else open_ends(info.metadata)
    if lo is not None and hi is not None:  # "from 0 to 1", "more than 0 and at most 3,000"
        text.append(f"{noun} {'' if any(ends) else 'from '}{range_text(lo, hi, *ends, fmt=_num)}")
    elif lo is not None:
        text.append(f"{noun} of at least {_num(lo)}")
    elif hi is not None:
        text.append(f"{noun} of at most {_num(hi)}")
    elif noun != "a value":
        text.append(noun)
    if extra.get("unit"):
        text.append(f"in {extra['unit']}")
    if item and each is not None and not text[0].startswith("numbers"):
        text.append("for each item")
    if info.description:
        text.append(f"({info.description})")
    return " ".join(text)


def _describe(err: dict, data: dict, origins: dict, source: str) -> str:
    loc = tuple(str(p) for p in err["loc"])
    where = _where(loc, origins, source)
    path = ".".join(loc) or "(top)"
    kind = err["type"]
    given = err.get("input")
    owner, info, item = _field_at(loc)
    if kind == "extra_forbidden":
        names = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(loc[-1], names, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        known = f"; known keys here: {', '.join(names)}." if names and not close else ""
        return f"{where}: {path}: unknown key '{loc[-1]}'{hint}{known}"
    if kind == "missing":
        return f"{where}: {path}: missing; expected {_expected(info) or 'a value'}"
    msg = err["msg"].removeprefix("Value error, ")
    if kind == "switch_not_number":
        many = isinstance(given, list | tuple | dict)
        expected = _expected(info, item=many, noun="numbers" if many else "a number")
        return f"{where}: {path}: got {given!r}, expected {expected} [{msg}]"
    expected = _expected(info, item=item)
    if kind == "string_type" and isinstance(given, int | float) and not isinstance(given, bool):
        msg += "; YAML read the unquoted value as a number: put it in quotes"
    if expected and kind not in ("value_error", "assertion_error"):
        return f"{where}: {path}: got {given!r}, expected {expected} [{msg}]"
    got = f"got {given!r}: " if not isinstance(given, dict) else ""
    return f"{where}: {path}: {got}{msg}"
