"""One way to declare a parameter: value, unit, range, meaning, Japanese label, source.

Every parameter of the model is declared with ``P(...)`` so that the JSON Schema, the
parameter reference (``dxsim params``) and error messages all read from one place.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["P", "Params", "ASSUMPTION"]

#: Marks a default that is a modelling assumption rather than a sourced figure.
ASSUMPTION = "assumption"


def P(
    default: Any,
    *,
    unit: str,
    desc: str,
    ja: str,
    ge: float | None = None,
    le: float | None = None,
    source: str = ASSUMPTION,
    **kwargs: Any,
) -> Any:
    """A scenario parameter: default, unit, inclusive range, description, Japanese label."""
    extra = {"unit": unit, "label_ja": ja, "source": source}
    return Field(default, ge=ge, le=le, description=desc, json_schema_extra=extra, **kwargs)


class Params(BaseModel):
    """Base for every parameter block: strict, immutable, unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
