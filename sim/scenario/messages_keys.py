"""Messages about keys: a key at the wrong level or in the wrong block, a Japanese label
typed as a key or a name, a key of a mapping that is not allowed (a year, a program name).
The rest of the scenario messages are in ``messages.py``.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from typing import Annotated, Any, get_args, get_origin

from .fields import bounds, did_you_mean
from .messages_typed import year_meant
from .schema import Scenario

Loc = tuple[str, ...]


def _year(value: float) -> str:
    """A year as written: 1950, not 1,950."""
    return f"{int(value)}"


#: Per-town choices a planner may write under the model-wide blocks, and where they go.
def per_town_hint(owner: Any, key: str, data: dict) -> str | None:
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


def misplaced_key(owner: Any, loc: Loc) -> str | None:
    """Where a key written at the wrong level of a town goes: a town's key inside its policy,
    a policy inside the town, a top-level block inside a town."""
    from .params_policy import TownPolicy
    from .schema import MunicipalitySpec

    key, town = loc[-1], ".".join(loc[:2])
    if owner is TownPolicy and key in MunicipalitySpec.model_fields:
        return f"{key} is set for the town, not in its policy: {town}.{key} (beside policy:)"
    if owner is MunicipalitySpec and key in TownPolicy.model_fields:
        return f"{key} is part of the town's policy: {town}.policy.{key} (under policy:)"
    if owner in (MunicipalitySpec, TownPolicy) and key in Scenario.model_fields:
        return f"'{key}' is a block of its own: write `{key}:` at the left margin, not in a town"
    return None


def bad_key_text(given: Any, loc: Loc, info: Any, err: dict) -> str:
    """A key of a mapping that is not allowed: a year, a program name."""
    field = loc[-2] if len(loc) >= 2 else "the block"
    args = get_args(info.annotation) if info is not None else ()
    key_type = args[0] if len(args) == 2 else None
    metadata = []
    for m in get_args(key_type)[1:] if get_origin(key_type) is Annotated else []:
        metadata += [m, *getattr(m, "metadata", [])]
    lo, hi = bounds(metadata)
    if lo is not None and hi is not None:
        digits = re.findall(r"[0-9]{4}", unicodedata.normalize("NFKC", str(given)))
        meant = year_meant(given, fiscal=True)
        year = meant[0] if meant else int(digits[0]) if digits else None
        example = year if year is not None and lo <= year <= hi else "2016"
        shown = f"'{given}'" if isinstance(given, str) else str(given)
        return (
            f"the year {shown} (a key of {field}): expected a fiscal year from {_year(lo)} to "
            f"{_year(hi)}, e.g. {example}"
        )
    if isinstance(key_type, type) and issubclass(key_type, enum.Enum):
        names = [m.value for m in key_type]
        noun = field.removesuffix("s") if field.endswith("s") else "key"
        label = _japanese_names(key_type).get(str(given))
        if label:  # a program's Japanese label from docs/parameters.md, typed as its name
            return f"'{given}' is the Japanese label of the {noun} '{label}'; write {label}:"
        hint = did_you_mean(given, names) or f"; {field} are {', '.join(names)}"
        return f"unknown {noun} '{given}'{hint}"
    return f"the key {given!r}: {err['msg']}"


def _japanese_names(names: type[enum.Enum]) -> dict[str, str]:
    """The Japanese label of each name of a set of names (programs), as in the reference."""
    from .params_town_policy import PROGRAM_INFO, Program

    return {ja: p.value for p, (_, ja) in PROGRAM_INFO.items()} if names is Program else {}


def labelled_params(label: str) -> list[str]:
    """The parameters whose Japanese label is ``label`` (docs/parameters.md), by path."""
    from .reference import parameters

    return [p["path"] for p in parameters() if p["label_ja"] == label and p["kind"] != "name"]
