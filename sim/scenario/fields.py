"""One way to declare a parameter: value, unit, range, meaning, Japanese label, source.

Every parameter of the model is declared with ``P(...)`` so that the JSON Schema, the
parameter reference (``dxsim params``) and error messages all read from one place. Lists of
numbers declare the range of each item in their type (``tuple[Share, ...]``).
"""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "P",
    "Params",
    "ASSUMPTION",
    "ATTRACTIVENESS",
    "Share",
    "Weight",
    "bounds",
    "open_ends",
    "range_text",
    "item_bounds",
    "FixedKeys",
    "unwrap_annotation",
]

#: Marks a default that is a modelling assumption rather than a sourced figure.
ASSUMPTION = "assumption"

#: The unit of attractiveness: a score against the national norm (0) on a log scale. Arrivals
#: scale with exp(pull x a), the chance of leaving with exp(-push x a) and new firms with
#: exp(entry_sensitivity x a); at those strengths' default 1, +0.1 gives about 10% more.
ATTRACTIVENESS = (
    "attractiveness (+0.1: about 10% more arrivals and new firms, 10% fewer departures)"
)

#: One item of a list of shares or yearly rates: from 0 to 1.
Share = Annotated[float, Field(ge=0, le=1)]
#: One item of a list of relative weights (the model normalizes the list): not negative.
Weight = Annotated[float, Field(ge=0, le=10**9)]

#: The message for true/false where a number is expected (YAML reads yes/no/on/off as these).
SWITCH = (
    "a switch (true/false) is not a number: YAML reads yes, no, on, off, true and false as switches"
)


def P(
    default: Any,
    *,
    unit: str,
    desc: str,
    ja: str,
    ge: float | None = None,
    le: float | None = None,
    source: str = ASSUMPTION,
    schema: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """A scenario parameter: default, unit, inclusive range, description, Japanese label.

    ``schema`` adds JSON Schema keywords for editors only (e.g. a ``pattern`` or fixed
    property names), where a validator checks the same thing with a clearer message.
    """
    extra = {"unit": unit, "label_ja": ja, "source": source, **(schema or {})}
    return Field(default, ge=ge, le=le, description=desc, json_schema_extra=extra, **kwargs)


def bounds(metadata: list[Any]) -> tuple[float | None, float | None]:
    """The (lower, upper) bound in pydantic metadata (``ge``/``gt``, ``le``/``lt``)."""
    lo = hi = None
    for m in metadata:
        for attr in ("ge", "gt"):
            if getattr(m, attr, None) is not None:
                lo = getattr(m, attr)
        for attr in ("le", "lt"):
            if getattr(m, attr, None) is not None:
                hi = getattr(m, attr)
    return lo, hi


class FixedKeys:
    """For editors: a mapping whose keys are these names only, each listed (for completion).

    ``Annotated[dict[str, X], FixedKeys(names)]``: the JSON Schema lists every name with the
    schema of ``X`` and allows no other key; validation itself is left to the model, whose
    check names the unknown key in a clearer message.
    """

    def __init__(self, names: Any) -> None:
        self.names = tuple(names)

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler(core_schema)
        value = schema.get("additionalProperties", {})
        schema["properties"] = {name: dict(value) for name in self.names}
        schema["additionalProperties"] = False
        return schema


def open_ends(metadata: list[Any]) -> tuple[bool, bool]:
    """Whether the lower and the upper bound exclude their value (``gt``/``lt``)."""
    return (
        any(getattr(m, "gt", None) is not None for m in metadata),
        any(getattr(m, "lt", None) is not None for m in metadata),
    )


def range_text(
    lo: Any, hi: Any, lo_open: bool = False, hi_open: bool = False, fmt: Any = str, to: str = " to "
) -> str:
    """A range in words: '0 to 1', 'more than 0 and at most 3,000', 'at least 1' ('' if none);
    ``fmt`` writes one bound, ``to`` joins two inclusive ones."""
    low = None if lo is None else f"{'more than' if lo_open else 'at least'} {fmt(lo)}"
    high = None if hi is None else f"{'less than' if hi_open else 'at most'} {fmt(hi)}"
    if low and high:
        return f"{fmt(lo)}{to}{fmt(hi)}" if not (lo_open or hi_open) else f"{low} and {high}"
    return low or high or ""


def _items(annotation: Any) -> Any:
    """The item type of ``tuple[X, ...]`` or ``list[X]`` (None for anything else)."""
    if get_origin(annotation) in (tuple, list):
        args = [a for a in get_args(annotation) if a is not Ellipsis]
        return args[0] if len(args) == 1 else None
    return None


def item_bounds(annotation: Any) -> tuple[float | None, float | None] | None:
    """The range of each item of a list of numbers (or of each value of a mapping to numbers,
    e.g. ``dict[int, Annotated[int, Field(ge=0)]]``), or None if ``annotation`` is neither."""
    item = _items(annotation)
    if get_origin(annotation) is dict and len(get_args(annotation)) == 2:
        item = get_args(annotation)[1]
    if item is None or get_origin(item) is not Annotated:
        return None
    metadata = []
    for m in get_args(item)[1:]:
        metadata += [m, *getattr(m, "metadata", [])]
    return bounds(metadata)


def _numeric(annotation: Any) -> bool:
    """True for int and float (also in ``Annotated`` or ``X | None``), never for bool."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _numeric(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return bool(args) and all(_numeric(a) for a in args)
    return annotation in (int, float)


def _switch_in(value: Any, annotation: Any) -> str | None:
    """Where true/false stands for a number in ``value``: '' (the value), 'item N', or None."""
    if isinstance(value, bool):
        return "" if _numeric(annotation) else None
    item = _items(annotation)
    if item is not None and isinstance(value, list | tuple) and _numeric(item):
        for i, v in enumerate(value):
            if isinstance(v, bool):
                return f"item {i + 1}"  # counted from 1, as a planner counts
    if get_origin(annotation) is dict and isinstance(value, dict):
        args = get_args(annotation)
        if len(args) == 2 and _numeric(args[1]):
            for k, v in value.items():
                if isinstance(v, bool):
                    return f"the value of {k!r}"
    return None


class Params(BaseModel):
    """Base for every parameter block: strict, immutable, unknown keys are errors.

    pydantic would read true/false as 1/0 in a number field; here it is an error instead, so
    that ``population: yes`` or ``--set demography.tfr=on`` is not taken for a number.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_switch_for_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None or not isinstance(value, bool | list | tuple | dict):
            return value
        field = cls.model_fields.get(info.field_name)
        where = _switch_in(value, field.annotation) if field is not None else None
        if where is None:
            return value
        if where:
            raise PydanticCustomError(
                "switch_not_number",
                "{where} is a switch (true/false), not a number",
                {"where": where},
            )
        raise PydanticCustomError("switch_not_number", SWITCH)


def problem_at(*problems: tuple[tuple[Any, ...] | str, str]) -> PydanticCustomError:
    """A check across fields that names where in the model each problem is.

    ``raise problem_at((("programs", "childcare_support", "end_fy"), "2018 is before ..."))``:
    each item is (path inside the model, message); the loader appends the path to the model's
    own location, so the message points at the line of that entry, not at the block. Several
    items are reported as several problems.
    """
    items = [
        ((at,) if isinstance(at, str) else tuple(str(p) for p in at), message)
        for at, message in problems
    ]
    return PydanticCustomError("located", "{message}", {"message": items[0][1], "items": items})


def did_you_mean(name: str, names: Any) -> str:
    """'; did you mean 'x'?' for a near miss among ``names`` (IT for it, too), or ''."""
    same = [str(n) for n in names if str(n).lower() == str(name).lower() and str(n) != name]
    close = same or difflib.get_close_matches(str(name), [str(n) for n in names], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


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
