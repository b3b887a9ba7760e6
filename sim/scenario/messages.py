"""pydantic's validation errors as :class:`~sim.scenario.problems.Problem` records: where the
mistake is (file and line), what was given and what the field expects (its range, unit and
meaning, read from the schema); the common slips' own words come from ``slips.SLIPS``.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import replace
from typing import Any, get_args

from pydantic import BaseModel

from .fields import bounds, did_you_mean, item_bounds, open_ends, range_text, unwrap_annotation
from .params_town_policy import TARGET_INFO
from .problems import Loc, Origin, Problem, locate, path_text, where_in_file
from .schema import Scenario
from .slips import PLAIN_KINDS, Seen, first_slip

__all__ = ["describe_error", "drop_renamed_missing", "where_in_file"]


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


def _unknown_name(given: Any, loc: Loc, info: Any, err: dict) -> dict[str, str]:
    """A key of a mapping by name that is not one of its names (a program, a sector)."""
    field = loc[-2] if len(loc) >= 2 else "the block"
    args = get_args(info.annotation) if info is not None else ()
    names = args[0] if len(args) == 2 else None
    if not (isinstance(names, type) and issubclass(names, enum.Enum)):
        return {"message": f"the key {given!r}: {err['msg']}"}
    known = [str(m.value) for m in names]
    noun = field.removesuffix("s") if field.endswith("s") else "key"
    hint = did_you_mean(given, known) or f"; {field} are {', '.join(known)}"
    return {"message": f"unknown {noun} '{given}'", "hint": hint.removeprefix("; ")}


def describe_error(err: dict, data: dict, origins: dict, source: str) -> list[Problem]:
    """The problems one pydantic error stands for (a check across fields may name several)."""
    loc = tuple(str(p) for p in err["loc"])
    kind, given = err["type"], err.get("input")

    def at(where: Loc, **fields: Any) -> Problem:
        file, line = locate(where, origins, source)
        return Problem(file=file, line=line, path=path_text(where, data), **fields)

    if kind == "located":  # a check across fields names the entry inside its model
        return [at((*loc, *where), message=msg) for where, msg in err["ctx"]["items"]]
    if "[key]" in loc:
        loc = loc[: loc.index("[key]")]
        _, info, _ = _field_at(loc)
        seen = Seen("name", kind, loc, given, info=info, data=data)
        return [at(loc, **(first_slip(seen) or _unknown_name(given, loc, info, err)))]
    shown = _given(given, loc, origins)
    owner, info, item = _field_at(loc)
    written = origins[loc][2] if loc in origins else None
    seen = Seen("value", kind, loc, given, shown, written, owner, info, data=data)
    if kind == "extra_forbidden":
        found = first_slip(replace(seen, stage="key"))
        names = list(owner.model_fields) if owner else []
        known = f"known keys here: {', '.join(names)}." if names else ""
        return [at(loc, **(found or {"message": f"unknown key '{loc[-1]}'", "hint": known}))]
    if kind == "missing":
        return [at(loc, message="missing", expected=_expected(info) or "a value")]
    msg = err["msg"].removeprefix("Value error, ")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        block = f"a block of keys (key: value), e.g. `{_block_example(loc, info)}`"
        fields = {
            "given": shown,
            "expected": block,
            **(first_slip(replace(seen, stage="block")) or {}),
        }
        return [at(loc, **fields)]
    if kind in ("list_type", "tuple_type") and isinstance(given, dict) and given:
        first = next(iter(given))
        example = f"- {first}: {_given(given[first], (*loc, str(first)), origins)}"
        expected = f"a list: start each entry with '- ', e.g. `{example}`"
        return [at(loc, given="a block of keys", expected=expected)]
    if kind in ("list_type", "tuple_type"):
        return [at(loc, given=shown, expected="a list, one `- ...` item per entry (or [a, b])")]
    if kind == "switch_not_number":
        many = isinstance(given, list | tuple | dict)
        expected = _expected(info, item=many, noun="numbers" if many else "a number")
        return [at(loc, given=shown, expected=expected, detail=msg)]
    expected, (lo, hi) = _expected(info, item=item), (None, None)
    if item and info is not None:  # an item of a list of shares: the range of each item
        lo, hi = item_bounds(info.annotation) or (None, None)
    if len(loc) >= 2 and loc[-2] == "targets" and loc[-1] in TARGET_INFO:  # a target's own unit
        unit, lo, hi, meaning, _ = TARGET_INFO[loc[-1]]
        expected = f"a value from {_num(lo)} to {_num(hi)} in {unit} ({meaning})"
    slip = first_slip(replace(seen, expected=expected, bounds=(lo, hi)))
    if kind == "int_from_float" and slip is None:
        expected = _expected(info, item=item, noun="a whole number")
    fields: dict[str, Any] = {"given": shown, "expected": expected or None}
    if slip is not None:
        return [at(loc, **{**fields, **slip})]
    if expected and kind in PLAIN_KINDS:  # pydantic's words would only repeat the expected
        return [at(loc, **fields)]
    if expected and kind not in ("value_error", "assertion_error"):
        return [at(loc, **fields, detail=msg)]
    return [at(loc, given=None if isinstance(given, dict) else shown, message=msg)]


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


def note_problem(loc: Loc, note: Problem, data: Any, origins: dict, source: str) -> Problem:
    """A note's record placed at its file, line and path."""
    file, line = locate(loc, origins, source)
    return replace(note, file=file, line=line, path=path_text(loc, data))
