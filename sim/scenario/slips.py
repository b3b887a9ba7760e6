"""The common slips of scenario files, in one table: what each looks like and what to write.

A planner's mistakes are mostly the same few: a key renamed or misspelt, a key at the wrong
level or in the wrong block, a Japanese label typed as a key or a name, a year as an era or a
date, a number with full-width digits, commas, 億 or its unit, a share in percent, a regime in
Japanese, money written in millions. Each is one :class:`Slip` of :data:`SLIPS`: the errors it
reads (pydantic's error types, or ``note`` for a valid value that looks like a slip) and a check
that returns the fields it adds to the :class:`~sim.scenario.problems.Problem` (``message``,
``reading``, ``hint``, ``expected``) or None. The first slip that matches an error says it.

To add a rule: write its check (one small function of a :class:`Seen`) and add a ``Slip`` to
``SLIPS`` before the rules it should win over; add a case to ``tests/golden_cases.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel

from .fields import bounds, did_you_mean
from .messages_typed import enum_hint, percent_meant, typed_hint, year_meant
from .params_policy import PolicyParams, TownPolicy
from .params_town_policy import PROGRAM_INFO, Program
from .reference import parameters
from .schema import MunicipalitySpec, RegionParams, Scenario

__all__ = ["NUMBER_KINDS", "PLAIN_KINDS", "SLIPS", "SMALL_YEN", "Seen", "Slip", "first_slip"]

Fields = dict[str, str]


@dataclass(frozen=True)
class Seen:
    """What a slip's check may read about one error (or one amount, for a note)."""

    stage: str  # "key", "name", "block", "value" or "note" (see SLIPS)
    kind: str = ""  # pydantic's error type
    loc: tuple[str, ...] = ()
    given: Any = None
    shown: str = ""  # the value as written (2015-04-01, not datetime.date(2015, 4, 1))
    written: str | None = None  # the scalar's text in the file, if any
    owner: type[BaseModel] | None = None  # the model that owns the field
    info: Any = None  # the field's FieldInfo
    expected: str = ""  # what the field takes, in words
    bounds: tuple[Any, Any] = (None, None)  # the range a share's value must be in
    data: dict = field(default_factory=dict)  # the whole scenario as read
    unit: str = ""


@dataclass(frozen=True)
class Slip:
    """One common slip: its name, where it is checked (``stage``), the error types it reads
    (none: any), an example of what a planner types, and its check."""

    name: str
    stage: str
    kinds: frozenset[str]
    example: str
    check: Callable[[Seen], Fields | None]


def first_slip(seen: Seen) -> Fields | None:
    """The fields of the first slip of :data:`SLIPS` that matches ``seen``, or None."""
    for slip in SLIPS:
        if slip.stage == seen.stage and (not slip.kinds or seen.kind in slip.kinds):
            found = slip.check(seen)
            if found is not None:
                return found
    return None


# -- keys ----------------------------------------------------------------------------------------
def _per_town(s: Seen) -> Fields | None:
    """A town's choice written in a model-wide block: ``policy.disclosure``."""
    key = s.loc[-1]
    if s.owner is PolicyParams and key in TownPolicy.model_fields:
        where: tuple[str, ...] = ("policy", key)
    elif s.owner in (RegionParams, Scenario) and key in MunicipalitySpec.model_fields:
        where = (key,)
    else:
        return None
    towns = s.data.get("municipalities")
    town = next(iter(towns), None) if isinstance(towns, dict) and towns else None
    path = ".".join(("municipalities", town or "<key>", *where))
    return {"message": f"{key} is set per town: {path}"}


def _wrong_level(s: Seen) -> Fields | None:
    """A town's key inside its policy, a policy key beside it, a top-level block in a town."""
    key, town = s.loc[-1], ".".join(s.loc[:2])
    if s.owner is TownPolicy and key in MunicipalitySpec.model_fields:
        text = f"{key} is set for the town, not in its policy: {town}.{key} (beside policy:)"
    elif s.owner is MunicipalitySpec and key in TownPolicy.model_fields:
        text = f"{key} is part of the town's policy: {town}.policy.{key} (under policy:)"
    elif s.owner in (MunicipalitySpec, TownPolicy) and key in Scenario.model_fields:
        text = f"'{key}' is a block of its own: write `{key}:` at the left margin, not in a town"
    else:
        return None
    return {"message": text}


def _labels(owner: type[BaseModel] | None) -> dict[str, str]:
    """The keys of ``owner`` by their Japanese label (docs/parameters.md)."""
    fields = owner.model_fields.items() if owner else []
    return {
        (f.json_schema_extra or {}).get("label_ja"): name
        for name, f in fields
        if isinstance(f.json_schema_extra, dict)
    }


def _label_here(s: Seen) -> Fields | None:
    """The Japanese label of a key of this block, typed as the key: ``人口: 1000``."""
    key = _labels(s.owner).get(s.loc[-1])
    if key is None:
        return None
    value = s.given if isinstance(s.given, int | float | str) else "..."
    return {
        "message": f"'{s.loc[-1]}' is the Japanese label of '{key}'",
        "hint": f"write {key}: {value}",
    }


def _renamed(s: Seen) -> Fields | None:
    """A key renamed or misspelt (``budget`` for ``budget_yen``, ``IT`` for ``it``)."""
    hint = did_you_mean(s.loc[-1], list(s.owner.model_fields) if s.owner else [])
    if not hint:
        return None
    return {"message": f"unknown key '{s.loc[-1]}'", "hint": hint.removeprefix("; ")}


def _label_elsewhere(s: Seen) -> Fields | None:
    """A Japanese label typed in a block where its parameter is not."""
    paths = [p["path"] for p in parameters() if p["label_ja"] == s.loc[-1] and p["kind"] != "name"]
    if not paths:
        return None
    where = " or ".join(paths[:3])
    return {"message": f"'{s.loc[-1]}' is the Japanese label of {where}, not a key of this block"}


def _year_key(s: Seen) -> Fields | None:
    """A key of a mapping by fiscal year written as FY2016, 令和2 or ２０２４."""
    lo, hi = _key_bounds(s.info)
    if lo is None or hi is None:
        return None
    digits = re.findall(r"[0-9]{4}", unicodedata.normalize("NFKC", str(s.given)))
    meant = year_meant(s.given, fiscal=True)
    year = meant[0] if meant else int(digits[0]) if digits else None
    example = year if year is not None and lo <= year <= hi else "2016"
    shown = f"'{s.given}'" if isinstance(s.given, str) else str(s.given)
    field = s.loc[-2] if len(s.loc) >= 2 else "the block"
    return {
        "message": f"the year {shown} (a key of {field}): expected a fiscal year from {int(lo)} "
        f"to {int(hi)}, e.g. {example}"
    }


def _key_bounds(info: Any) -> tuple[Any, Any]:
    """The range of the keys of a mapping field (``dict[Annotated[int, ...], ...]``)."""
    args = get_args(info.annotation) if info is not None else ()
    key_type = args[0] if len(args) == 2 else None
    metadata: list[Any] = []
    for m in get_args(key_type)[1:] if get_origin(key_type) is Annotated else []:
        metadata += [m, *getattr(m, "metadata", [])]
    return bounds(metadata)


def _program_label(s: Seen) -> Fields | None:
    """A program's Japanese label typed as its name: ``子育て支援:``."""
    names = {ja: p.value for p, (_, ja) in PROGRAM_INFO.items()}
    args = get_args(s.info.annotation) if s.info is not None else ()
    if not args or args[0] is not Program or str(s.given) not in names:
        return None
    name = names[str(s.given)]
    return {
        "message": f"'{s.given}' is the Japanese label of the program '{name}'",
        "hint": f"write {name}:",
    }


# -- blocks and lists ----------------------------------------------------------------------------
def _null_town(s: Seen) -> Fields | None:
    """``town: null`` in a file that extends nothing."""
    if s.given is not None or len(s.loc) != 2 or s.loc[0] != "municipalities":
        return None
    return {
        "given": "nothing",
        "expected": "the town's block of keys (key: value), e.g. `population: 4765`, indented "
        "below it",
        "hint": "null leaves out a town only in a file that extends another (extends:)",
    }


def _unindented(s: Seen) -> Fields | None:
    """A block's key with nothing under it: its keys were not indented."""
    if s.given is not None:
        return None
    return {"given": "nothing", "hint": "the keys under it must be indented below it"}


def _list_for_block(s: Seen) -> Fields | None:
    if not isinstance(s.given, list):
        return None
    return {"given": "a list (- ...)", "hint": "leave out the '- '"}


def _missing_colon(s: Seen) -> Fields | None:
    """``tfr 1.3`` under a block: a key without its colon, read as the block's text."""
    slip = (
        re.fullmatch(r"\s*([A-Za-z_]\w*)\s+(\S.*)", s.given) if isinstance(s.given, str) else None
    )
    if not slip:
        return None
    one = "" if " " in slip.group(2) else f": {slip.group(1)}: {slip.group(2)}"
    return {"hint": f"each key needs a colon and a space after it{one}"}


# -- values --------------------------------------------------------------------------------------
def _code_as_number(s: Seen) -> Fields | None:
    """A code such as 01633, unquoted: YAML reads it as a number (octal 923)."""
    if isinstance(s.given, bool) or not isinstance(s.given, int | float):
        return None
    if not (s.written and re.fullmatch(r"[0-9]+", s.written) and s.written != str(s.given)):
        return None
    return {
        "given": None,
        "expected": None,
        "message": f"YAML read {s.written} as a number ({s.given}); put it in quotes: "
        f"'{s.written}'",
    }


def _percent(s: Seen) -> Fields | None:
    """A share written in percent: 28 or '28%' for 0.28."""
    pct = percent_meant(s.given, s.info, *s.bounds)
    if pct is None or not s.expected:
        return None
    return {"hint": f"for {pct:g}% write {pct / 100:g}"}


def _typed(s: Seen) -> Fields | None:
    """A number or year as a Japanese keyboard, calendar or office writes it."""
    reading = typed_hint(s.given, s.info, s.loc)
    return None if reading is None else {"reading": reading}


def _none_for_null(s: Seen) -> Fields | None:
    """``none`` for no value, where YAML's word is null."""
    optional = s.info is not None and type(None) in get_args(s.info.annotation)
    if not (optional and isinstance(s.given, str)):
        return None
    if s.given.strip().lower() not in ("none", "nil", "nothing"):
        return None
    return {"expected": None, "hint": "for no value write null (or leave the key out)"}


def _number_for_text(s: Seen) -> Fields | None:
    """A text field given a number: YAML read the unquoted value as one."""
    if not isinstance(s.given, int | float) or isinstance(s.given, bool) or not s.expected:
        return None
    return {"hint": "YAML read it as a number: put it in quotes"}


def _choice(s: Seen) -> Fields | None:
    """A regime in Japanese (標準準拠) or a near miss of a choice (standart)."""
    hint = enum_hint(s.given, s.info)
    return {"hint": hint.removeprefix("; ")} if hint and s.expected else None


# -- notes ---------------------------------------------------------------------------------------
def _in_millions(s: Seen) -> Fields | None:
    """A yearly amount of a town, group or region below 10,000 yen: written in millions (or
    thousands) of yen, most likely (``budget_yen: 80`` for 80 M yen)."""
    amount = s.given
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        return None
    if not 0 < amount < SMALL_YEN:
        return None
    return {
        "message": f"{amount:,} {s.unit} is very little for this amount",
        "hint": f"if it was meant in millions of yen, write {round(amount * 10**6)} "
        f"({amount:,} million yen); in thousands, {round(amount * 10**3)}",
    }


#: A positive yearly amount below this is almost surely written in millions or thousands of
#: yen: the smallest such figure in a real town's budget (a village's program, a member's fee)
#: is hundreds of thousands of yen.
SMALL_YEN = 10_000

#: Errors of a value that should be a number: the ones a keyboard or calendar slip causes.
NUMBER_KINDS = frozenset(
    {
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
)
#: Errors that the expected range, type or choices already say in full.
PLAIN_KINDS = NUMBER_KINDS | {
    "bool_parsing",
    "bool_type",
    "string_type",
    "enum",
    "literal_error",
    "finite_number",
}
_ANY: frozenset[str] = frozenset()
_TEXT = frozenset({"string_type"})

#: The slips, first match first within a stage: (name, stage, the error types read (none: any),
#: an example of the slip, check). Stages: "key" (a key the block does not have), "name" (a
#: key of a mapping that is not allowed), "block" (a value where a block of keys belongs),
#: "value" (a value out of range or of the wrong type), "note" (a valid value that looks
#: like a slip).
SLIPS: tuple[Slip, ...] = (
    Slip("set-per-town", "key", _ANY, "policy: {disclosure: 0.8}", _per_town),
    Slip("wrong-level", "key", _ANY, "town: {disclosure: 0.6}", _wrong_level),
    Slip("japanese-label-as-key", "key", _ANY, "人口: 1000", _label_here),
    Slip("renamed-key", "key", _ANY, "budget: 1 (for budget_yen)", _renamed),
    Slip("japanese-label-elsewhere", "key", _ANY, "policy: {人口: 5}", _label_elsewhere),
    Slip("year-key", "name", _ANY, "donations_yen: {FY2016: 1}", _year_key),
    Slip("japanese-program-name", "name", _ANY, "programs: {子育て支援: ...}", _program_label),
    Slip("null-town", "block", _ANY, "municipalities: {town: null}", _null_town),
    Slip("unindented-block", "block", _ANY, "policy: (keys not indented)", _unindented),
    Slip("list-for-a-block", "block", _ANY, "programs: [childcare_support]", _list_for_block),
    Slip("missing-colon", "block", _ANY, "demography: {tfr 1.3}", _missing_colon),
    Slip("code-read-as-number", "value", _TEXT, "code: 01633", _code_as_number),
    Slip("share-in-percent", "value", _ANY, "share_65_plus: 28", _percent),
    Slip("japanese-number-or-year", "value", NUMBER_KINDS, "start_fy: 令和5", _typed),
    Slip("none-for-null", "value", _ANY, "it_addon_share: none", _none_for_null),
    Slip("number-for-text", "value", _TEXT, "name: 2024", _number_for_text),
    Slip("choice-in-japanese", "value", PLAIN_KINDS, "it_regime: 標準準拠", _choice),
    Slip("money-in-millions", "note", _ANY, "budget_yen: 80 (for 80 M yen)", _in_millions),
)
