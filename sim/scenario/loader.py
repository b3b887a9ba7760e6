"""Read scenario files: safe YAML with line numbers, ``extends:``, ``--set`` and clear errors.

A planner's mistake must end in a message that names the file, the line, the field's path,
what was given and what was expected, never in a traceback, and before anything runs.
"""

from __future__ import annotations

import datetime
import enum
import os
import re
import warnings
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from .fields import bounds, did_you_mean, item_bounds, open_ends, range_text
from .schema import Scenario

__all__ = ["ScenarioError", "ScenarioNote", "load_scenario", "parse_set"]

Origin = tuple[str, int, str | None]  # (file or "--set", line, a scalar's text as written)
Loc = tuple[str, ...]


class ScenarioNote(UserWarning):
    """A scenario entry that does nothing in this run (e.g. a program after its last year);
    ``dxsim`` prints it as ``dxsim: note: ...``. Silent unless a caller asks for it
    (``warnings.simplefilter("always", ScenarioNote)``), so batch workers and the dashboard,
    which load scenarios many times, print nothing."""


warnings.filterwarnings("ignore", category=ScenarioNote)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, reading numbers such as ``1e6`` as YAML 1.2 (and editors) do."""


# YAML 1.1 reads 1e6 and 1.5e6 as text (it wants a dot and a signed exponent); YAML 1.2,
# the yaml-language-server in editors and JSON read them as numbers.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)

#: A line indented with a full-width space, or a key followed by a full-width colon (both easy
#: to type with a Japanese input method, both invisible in most editors).
_WIDE_SPACE = re.compile(r"^[ ]*\u3000[ \u3000]*[A-Za-z_][A-Za-z0-9_]*[ \u3000]*[:：]")
_WIDE_COLON = re.compile(r"^[ \u3000]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*)[ \u3000]*：")


def _wide_characters(text: str, path: Path) -> list[tuple[int, str]]:
    """Full-width spaces that indent a key and full-width colons after a key, by line."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        if _WIDE_SPACE.match(line):
            found.append(
                (
                    n,
                    f"{path}:{n}: line {n} has a full-width space (U+3000) in its indentation; "
                    "use ordinary spaces",
                )
            )
        key = _WIDE_COLON.match(line)
        if key:
            found.append(
                (
                    n,
                    f"{path}:{n}: line {n} has a full-width colon '：' after '{key.group(1)}'; "
                    "use an ordinary colon ':'",
                )
            )
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


def _not_utf8(raw: bytes, exc: UnicodeDecodeError, path: Path) -> str:
    """Where the first byte that is not UTF-8 is, and what the file probably is."""
    line = raw[: exc.start].count(b"\n") + 1
    try:
        raw.decode("cp932")
        looks = " (it looks like Shift-JIS)"
    except UnicodeDecodeError:
        looks = ""
    return (
        f"{path}:{line}: the file is not UTF-8 text{looks}; save the file as UTF-8 "
        "(in most editors: Save with Encoding, UTF-8)"
    )


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
        raw = real.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([f"{path}: file not found"]) from None
    except IsADirectoryError:
        raise ScenarioError([f"{path}: is a folder, expected a scenario file"]) from None
    except OSError as exc:
        raise ScenarioError([f"{path}: cannot read the file ({exc.strerror or exc})"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError([_not_utf8(raw, exc, path)]) from None
    text_lines = _text_lines(text)
    wide = [m for n, m in _wide_characters(text, path) if n not in text_lines]
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = str(exc.problem or exc)
        if "'\\t'" in problem:
            problem = "a tab; tabs cannot indent YAML, use spaces"
        found = wide or [f"{path}:{line}: not valid YAML: {problem}"]  # the cause, if found
        raise ScenarioError(found) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([f"{path}: not valid YAML: {exc}"]) from None
    if wide:
        raise ScenarioError(wide)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError([f"{path}:1: expected a mapping of keys to values at the top"])
    origins: dict[Loc, Origin] = {}
    problems: list[str] = []

    def walk(n: yaml.Node, loc: Loc) -> None:
        written = n.value if isinstance(n, yaml.ScalarNode) and n.style is None else None
        origins[loc] = (str(path), n.start_mark.line + 1, written)
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
                written = origins[(*loc, key)][2]
                origins[(*loc, key)] = (str(path), key_node.start_mark.line + 1, written)
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
            value = yaml.load(raw, Loader=_Loader) if raw.strip() else ""
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
                raise ScenarioError([f"{label} {'.'.join(loc)}: {where} is not a mapping"])
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
        pass
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
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(
            [p for e in exc.errors(include_url=False) for p in _describe(e, data, origins, source)]
        ) from None
    for loc, note in _after_the_run(scenario):
        where = _where(loc, origins, source)
        warnings.warn(f"{where}: {'.'.join(loc)}: {note}", ScenarioNote, stacklevel=2)
    return scenario


def _after_the_run(scenario: Scenario) -> list[tuple[Loc, str]]:
    """Entries that start after the run's last fiscal year: they do nothing in this run (a
    longer run, e.g. --years, may reach them, so this is a note rather than an error)."""
    last = scenario.run.last_fiscal_year
    run = f"the run ends in FY{last} (run.years {scenario.run.years})"
    found = []
    for key, town in scenario.municipalities.items():
        for name, spec in town.policy.programs.items():
            if spec.start_fy > last:
                loc = ("municipalities", key, "policy", "programs", name.value, "start_fy")
                found.append(
                    (
                        loc,
                        f"{spec.start_fy} is after the end of the run: {run}; this "
                        "program does not run",
                    )
                )
    for i, change in enumerate(scenario.it.schedule):
        if change.fy > last:
            found.append(
                (
                    ("it", "schedule", str(i), "fy"),
                    f"{change.fy} is after the end of the run: {run}; this switch does not happen",
                )
            )
    return found


# -- messages --------------------------------------------------------------------------------
def _where(loc: Loc, origins: dict[Loc, Origin], source: str) -> str:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in origins:
            file, line = origins[loc[:cut]][:2]
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


def _year(value: float) -> str:
    """A year as written: 1950, not 1,950."""
    return f"{int(value)}"


#: What a field without a range takes, by its unit, in words.
_NOUNS = {
    "text": "text",
    "5 digits": "5 digits in quotes, e.g. '01633'",
    "switch": "a switch (true or false)",
    "regime": "a regime: legacy, joint or standard",
}


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
    unit = extra.get("unit")
    num = _year if unit in ("year", "fiscal year") else _num
    ends = (False, False) if item and each is not None else open_ends(info.metadata)
    if lo is not None and hi is not None:  # "from 0 to 1", "more than 0 and at most 3,000"
        text.append(f"{noun} {'' if any(ends) else 'from '}{range_text(lo, hi, *ends, fmt=num)}")
    elif lo is not None:
        text.append(f"{noun} of at least {num(lo)}")
    elif hi is not None:
        text.append(f"{noun} of at most {num(hi)}")
    elif noun != "a value":
        text.append(noun)
    elif unit in _NOUNS:
        text.append(_NOUNS[unit])
        unit = None
    elif unit:
        text.append("a value")
    if unit:
        text.append(f"in {unit}")
    if item and each is not None and not text[0].startswith("numbers"):
        text.append("for each item")
    if info.description:
        text.append(f"({info.description})")
    return " ".join(text)


def _given(value: Any, loc: Loc, origins: dict[Loc, Origin]) -> str:
    """The value as the planner wrote it: 2015-04-01 rather than datetime.date(2015, 4, 1)."""
    written = origins[loc][2] if loc in origins else None
    if written is not None and isinstance(value, int | float | datetime.date):
        if not isinstance(value, bool):
            return written
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value)


#: An example for blocks of keys that have no fixed keys, by field name.
_BLOCK_EXAMPLES = {
    "municipalities": "kamishihoro: {population: 4765, lat: 43.23, lon: 143.3}",
    "programs": "childcare_support: {start_fy: 2016, budget_yen: 60000000}",
    "donations_yen": "2016: 2000000000",
    "budget_from_fy": "2019: 150000000",
    "targets": "population: 4800",
    "sectors": "retail_services: {job_share: 0.3}",
}


def _block_example(loc: Loc, info: Any) -> str:
    """A one-line example of the block at ``loc``: its first key with its default."""
    if loc and loc[-1] in _BLOCK_EXAMPLES:
        return _BLOCK_EXAMPLES[loc[-1]]
    model, _ = _unwrap(info.annotation) if info is not None else (None, False)
    if isinstance(model, type) and issubclass(model, BaseModel):
        for name, field in model.model_fields.items():
            default = field.default
            if isinstance(default, int | float | str) and not isinstance(default, bool):
                return f"{name}: {default}"
    return "key: value"


#: Per-town choices a planner may write under the model-wide blocks, and where they go.
def _per_town(owner: Any, key: str, data: dict) -> str | None:
    from .params_policy import PolicyParams, TownPolicy
    from .schema import MunicipalitySpec, RegionParams

    if owner is PolicyParams and key in TownPolicy.model_fields:
        where = ("policy", key)
    elif owner in (RegionParams, Scenario) and key in MunicipalitySpec.model_fields:
        where = (key,)
    else:
        return None
    towns = data.get("municipalities")
    town = next(iter(towns), None) if isinstance(towns, dict) and towns else None
    path = ".".join(("municipalities", town or "<key>", *where))
    return f"{key} is set per town: {path}"


def _bad_key(given: Any, loc: Loc, info: Any, err: dict) -> str:
    """A key of a mapping that is not allowed: a year, a program name."""
    field = loc[-2] if len(loc) >= 2 else "the block"
    args = get_args(info.annotation) if info is not None else ()
    key_type = args[0] if len(args) == 2 else None
    metadata = []
    for m in get_args(key_type)[1:] if get_origin(key_type) is Annotated else []:
        metadata += [m, *getattr(m, "metadata", [])]
    lo, hi = bounds(metadata)
    if lo is not None and hi is not None:
        digits = re.findall(r"\d{4}", str(given))
        example = digits[0] if digits and lo <= int(digits[0]) <= hi else "2016"
        shown = f"'{given}'" if isinstance(given, str) else str(given)
        return (
            f"the year {shown} (a key of {field}): expected a fiscal year from {_year(lo)} to "
            f"{_year(hi)}, e.g. {example}"
        )
    if isinstance(key_type, type) and issubclass(key_type, enum.Enum):
        names = [m.value for m in key_type]
        noun = field.removesuffix("s") if field.endswith("s") else "key"
        hint = did_you_mean(given, names) or f"; {field} are {', '.join(names)}"
        return f"unknown {noun} '{given}'{hint}"
    return f"the key {given!r}: {err['msg']}"


def _line(loc: Loc, origins: dict, source: str, message: str) -> str:
    """``FILE:LINE: path: message`` (the path left out for the whole file)."""
    path = ".".join(loc)
    return f"{_where(loc, origins, source)}: {path + ': ' if path else ''}{message}"


def _describe(err: dict, data: dict, origins: dict, source: str) -> list[str]:
    loc = tuple(str(p) for p in err["loc"])
    kind = err["type"]
    if kind == "located":  # a check across fields names the entry inside its model
        return [_line((*loc, *at), origins, source, msg) for at, msg in err["ctx"]["items"]]
    given = err.get("input")
    if "[key]" in loc:
        loc = loc[: loc.index("[key]")]
        owner, info, _ = _field_at(loc)
        return [_line(loc, origins, source, _bad_key(given, loc, info, err))]
    shown = _given(given, loc, origins)
    owner, info, item = _field_at(loc)

    def line(message: str) -> list[str]:
        return [_line(loc, origins, source, message)]

    if kind == "extra_forbidden":
        town = _per_town(owner, loc[-1], data)
        if town:
            return line(town)
        names = list(owner.model_fields) if owner else []
        hint = did_you_mean(loc[-1], names)
        known = f"; known keys here: {', '.join(names)}." if names and not hint else ""
        return line(f"unknown key '{loc[-1]}'{hint}{known}")
    if kind == "missing":
        return line(f"missing; expected {_expected(info) or 'a value'}")
    msg = err["msg"].removeprefix("Value error, ")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        block = f"expected a block of keys (key: value), e.g. `{_block_example(loc, info)}`"
        if given is None:
            return line(f"got nothing, {block}; the keys under it must be indented below it")
        if isinstance(given, list):
            return line(f"got a list (- ...), {block}; leave out the '- '")
        if isinstance(given, str) and re.fullmatch(r"\s*[A-Za-z_]\w*\s+\S.*", given):
            return line(f"got {shown}, {block}; each key needs a colon and a space after it")
        return line(f"got {shown}, {block}")
    if kind in ("list_type", "tuple_type"):
        return line(f"got {shown}, expected a list, one `- ...` item per entry (or [a, b])")
    if kind == "switch_not_number":
        many = isinstance(given, list | tuple | dict)
        expected = _expected(info, item=many, noun="numbers" if many else "a number")
        return line(f"got {shown}, expected {expected} [{msg}]")
    expected = _expected(info, item=item)
    written = origins[loc][2] if loc in origins else None
    if kind == "string_type" and isinstance(given, int | float) and not isinstance(given, bool):
        if written and re.fullmatch(r"[0-9]+", written) and written != str(given):
            return line(f"YAML read {written} as a number ({given}); put it in quotes: '{written}'")
        msg += "; YAML read the unquoted value as a number: put it in quotes"
    optional = info is not None and type(None) in get_args(info.annotation)
    if optional and isinstance(given, str) and given.strip().lower() in ("none", "nil", "nothing"):
        return line(f"got {shown}; for no value write null (or leave the key out)")
    if expected and kind not in ("value_error", "assertion_error"):
        return line(f"got {shown}, expected {expected} [{msg}]")
    got = f"got {shown}: " if not isinstance(given, dict) else ""
    return line(f"{got}{msg}")
