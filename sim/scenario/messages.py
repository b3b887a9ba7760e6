"""Scenario errors in plain words: where a mistake is (file and line), what was given and what
was expected, with examples and suggestions; the loader turns pydantic's errors into these.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, get_args

from pydantic import BaseModel

from .fields import bounds, did_you_mean, item_bounds, open_ends, range_text
from .messages_keys import bad_key_text, labelled_params, misplaced_key, per_town_hint
from .messages_typed import enum_hint, percent_meant, typed_hint
from .params_town_policy import TARGET_INFO
from .schema import Scenario

Origin = tuple[str, int, str | None]  # (file or "--set", line, a scalar's text as written)
Loc = tuple[str, ...]


def where_in_file(loc: Loc, origins: dict[Loc, Origin], source: str) -> str:
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
        model, keyed = unwrap_annotation(info.annotation)
        if keyed and not (isinstance(model, type) and issubclass(model, BaseModel)):
            return owner, info, i + 1 < len(loc)  # a mapping to values: loc may name one
        i += 2 if keyed else 1  # dict[str, Model]: skip the key
    return owner, info, i < len(loc)


def unwrap_annotation(annotation: Any) -> tuple[Any, bool]:
    """The nested model inside ``Model | None``, ``dict[str, Model]`` or ``list[Model]``, and
    whether the next part of a location is a key or an index to skip."""
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is dict and len(args) == 2:
        return args[1], True
    if getattr(annotation, "__origin__", None) is list and len(args) == 1:
        item = args[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item, True  # list[Model]: skip the entry's index
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
    model, _ = unwrap_annotation(info.annotation) if info is not None else (None, False)
    if isinstance(model, type) and issubclass(model, BaseModel):
        for name, field in model.model_fields.items():
            default = field.default
            if isinstance(default, int | float | str) and not isinstance(default, bool):
                return f"{name}: {default}"
    return "key: value"


def path_text(loc: Loc, data: Any = None) -> str:
    """The dotted path of ``loc`` as a planner counts: the entries of a list from 1, an entry
    of ``it.schedule`` with its fiscal year (``it.schedule entry 1 (fy 2023), to``,
    ``demography.fertility_schedule item 4``); plain dots where ``data`` has no list."""
    text, node, sep = "", data, "."
    for i, part in enumerate(loc):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            entry = node[int(part)]
            if isinstance(entry, dict):
                fy = entry.get("fy")
                year = isinstance(fy, int) and not isinstance(fy, bool) and loc[i + 1 :] != ("fy",)
                text += f" entry {int(part) + 1}" + (f" (fy {fy})" if year else "")
                sep = ", "
            else:
                text += f" item {int(part) + 1}"
            node = entry
            continue
        text += (sep if text else "") + part
        sep = "."
        node = node.get(part) if isinstance(node, dict) else None
    return text


def _line(loc: Loc, origins: dict, source: str, message: str, data: Any = None) -> str:
    """``FILE:LINE: path: message`` (the path left out for the whole file)."""
    path = path_text(loc, data)
    return f"{where_in_file(loc, origins, source)}: {path + ': ' if path else ''}{message}"


def describe_error(err: dict, data: dict, origins: dict, source: str) -> list[str]:
    loc = tuple(str(p) for p in err["loc"])
    kind = err["type"]
    if kind == "located":  # a check across fields names the entry inside its model
        return [_line((*loc, *at), origins, source, msg, data) for at, msg in err["ctx"]["items"]]
    given = err.get("input")
    if "[key]" in loc:
        loc = loc[: loc.index("[key]")]
        owner, info, _ = _field_at(loc)
        return [_line(loc, origins, source, bad_key_text(given, loc, info, err), data)]
    shown = _given(given, loc, origins)
    owner, info, item = _field_at(loc)

    def line(message: str) -> list[str]:
        return [_line(loc, origins, source, message, data)]

    if kind == "extra_forbidden":
        town = per_town_hint(owner, loc[-1], data) or misplaced_key(owner, loc)
        if town:
            return line(town)
        names = list(owner.model_fields) if owner else []
        japanese = {
            (f.json_schema_extra or {}).get("label_ja"): name
            for name, f in (owner.model_fields.items() if owner else [])
            if isinstance(f.json_schema_extra, dict)
        }
        if loc[-1] in japanese:  # the label from docs/parameters.md, typed as the key
            key = japanese[loc[-1]]
            value = given if isinstance(given, int | float | str) else "..."
            return line(f"'{loc[-1]}' is the Japanese label of '{key}'; write {key}: {value}")
        hint = did_you_mean(loc[-1], names)
        elsewhere = labelled_params(loc[-1]) if not hint else []
        if elsewhere:  # a label typed in the wrong block
            paths = " or ".join(elsewhere[:3])
            return line(f"'{loc[-1]}' is the Japanese label of {paths}, not a key of this block")
        known = f"; known keys here: {', '.join(names)}." if names and not hint else ""
        return line(f"unknown key '{loc[-1]}'{hint}{known}")
    if kind == "missing":
        return line(f"missing; expected {_expected(info) or 'a value'}")
    msg = err["msg"].removeprefix("Value error, ")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        block = f"expected a block of keys (key: value), e.g. `{_block_example(loc, info)}`"
        if given is None and len(loc) == 2 and loc[0] == "municipalities":
            return line(
                "got nothing, expected the town's block of keys (key: value), e.g. `population: "
                "4765`, indented below it; null leaves out a town only in a file that extends "
                "another (extends:)"
            )
        if given is None:
            return line(f"got nothing, {block}; the keys under it must be indented below it")
        if isinstance(given, list):
            return line(f"got a list (- ...), {block}; leave out the '- '")
        slip = (
            re.fullmatch(r"\s*([A-Za-z_]\w*)\s+(\S.*)", given) if isinstance(given, str) else None
        )
        if slip:
            one = "" if " " in slip.group(2) else f": {slip.group(1)}: {slip.group(2)}"
            return line(f"got {shown}, {block}; each key needs a colon and a space after it{one}")
        return line(f"got {shown}, {block}")
    if kind in ("list_type", "tuple_type") and isinstance(given, dict) and given:
        first = next(iter(given))
        return line(
            "got a block of keys, expected a list: start each entry with '- ', e.g. "
            f"`- {first}: {_given(given[first], (*loc, str(first)), origins)}`"
        )
    if kind in ("list_type", "tuple_type"):
        return line(f"got {shown}, expected a list, one `- ...` item per entry (or [a, b])")
    if kind == "switch_not_number":
        many = isinstance(given, list | tuple | dict)
        expected = _expected(info, item=many, noun="numbers" if many else "a number")
        return line(f"got {shown}, expected {expected} [{msg}]")
    expected, (lo, hi) = _expected(info, item=item), (None, None)
    if item and info is not None:  # an item of a list of shares: the range of each item
        lo, hi = item_bounds(info.annotation) or (None, None)
    if len(loc) >= 2 and loc[-2] == "targets" and loc[-1] in TARGET_INFO:  # a target's own unit
        unit, lo, hi, meaning, _ = TARGET_INFO[loc[-1]]
        expected = f"a value from {_num(lo)} to {_num(hi)} in {unit} ({meaning})"
    written = origins[loc][2] if loc in origins else None
    if kind == "string_type" and isinstance(given, int | float) and not isinstance(given, bool):
        if written and re.fullmatch(r"[0-9]+", written) and written != str(given):
            return line(f"YAML read {written} as a number ({given}); put it in quotes: '{written}'")
        msg += "; YAML read the unquoted value as a number: put it in quotes"
    percent = percent_meant(given, info, lo, hi)
    if percent is not None and expected:
        return line(f"got {shown}, expected {expected}; for {percent:g}% write {percent / 100:g}")
    hint = typed_hint(given, info, loc) if kind in _NUMBER_KINDS else None
    if hint:
        return line(f"got {shown}, {hint}; expected {expected}" if expected else hint)
    optional = info is not None and type(None) in get_args(info.annotation)
    if optional and isinstance(given, str) and given.strip().lower() in ("none", "nil", "nothing"):
        return line(f"got {shown}; for no value write null (or leave the key out)")
    if kind == "int_from_float":
        expected = _expected(info, item=item, noun="a whole number")
    if expected and kind == "string_type" and msg != err["msg"]:
        return line(f"got {shown}, expected {expected}; YAML read it as a number: put it in quotes")
    if expected and kind in _PLAIN_KINDS:  # pydantic's words would only repeat the expected
        return line(f"got {shown}, expected {expected}{enum_hint(given, info)}")
    if expected and kind not in ("value_error", "assertion_error"):
        return line(f"got {shown}, expected {expected} [{msg}]")
    got = f"got {shown}: " if not isinstance(given, dict) else ""
    return line(f"{got}{msg}")


#: Errors of a value that should be a number: the ones a keyboard or calendar slip causes.
_NUMBER_KINDS = {
    "int_parsing",
    "float_parsing",
    "int_type",
    "float_type",
    "int_from_float",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
}
#: Errors that the expected range, type or choices already say in full.
_PLAIN_KINDS = _NUMBER_KINDS | {
    "bool_parsing",
    "bool_type",
    "string_type",
    "enum",
    "literal_error",
    "finite_number",
}


def drop_renamed_missing(errors: list[dict]) -> list[dict]:
    """Drop "missing" for a key the same block has under another name (a near miss such as
    'budget' for 'budget_yen', or its Japanese label): the unknown key's message says it."""
    unknown = [tuple(map(str, e["loc"])) for e in errors if e["type"] == "extra_forbidden"]

    def meant(loc: tuple) -> bool:
        owner, _, _ = _field_at(loc)
        fields = owner.model_fields if owner else {}
        for other in unknown:
            if other[:-1] != loc[:-1]:
                continue
            labels = {
                (f.json_schema_extra or {}).get("label_ja")
                for f in fields.values()
                if isinstance(f.json_schema_extra, dict)
            }
            if f"'{loc[-1]}'" in did_you_mean(other[-1], list(fields)) or (
                other[-1] in labels
                and (fields[loc[-1]].json_schema_extra or {}).get("label_ja") == other[-1]
            ):
                return True
        return False

    return [e for e in errors if e["type"] != "missing" or not meant(tuple(map(str, e["loc"])))]
