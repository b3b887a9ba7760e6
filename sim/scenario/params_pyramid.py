"""An age pyramid: persons by sex and 5-year age group, as a census publishes them.

A town's own pyramid (``municipalities.<key>.age_pyramid``) gives the shape of its starting
population; a region's reference pyramid (``demography.reference_pyramid``, its prefecture's or
the nation's) is the fallback for towns without one (``sim/model/pyramids.py``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .fields import P, Params, problem_at

__all__ = ["AgePyramid", "GROUP_YEARS", "Count", "group_labels"]

#: Width of an age group in years: 0-4, 5-9, ... (the census's 5-year groups).
GROUP_YEARS = 5
#: Fewest and most groups a pyramid may have: the last is open-ended (70+ ... 100+).
MIN_GROUPS, MAX_GROUPS = 15, 21

#: Persons in one age group (a census count; 0 allowed).
Count = Annotated[int, Field(ge=0, le=50_000_000)]


def group_labels(n: int) -> list[str]:
    """'0-4', '5-9', ..., and the last open group ('100+' for 21 groups)."""
    labels = [f"{GROUP_YEARS * i}-{GROUP_YEARS * i + GROUP_YEARS - 1}" for i in range(n - 1)]
    return [*labels, f"{GROUP_YEARS * (n - 1)}+"]


class AgePyramid(Params):
    """Persons by sex in 5-year age groups 0-4, 5-9, ...; the last group is open-ended."""

    year: int = P(
        ...,
        ge=1900,
        le=2100,
        unit="year",
        ja="基準年",
        source="setting",
        desc="Year the counts describe (a census year)",
    )
    source: str = P(
        "",
        unit="text",
        ja="出典",
        source="setting",
        desc="Where the counts come from (table, file)",
    )
    male: tuple[Count, ...] = P(
        ...,
        unit="persons per 5-year age group",
        ja="男性人口（5歳階級）",
        source="setting",
        desc="Males aged 0-4, 5-9, ...; the last group is open (e.g. 100+ with 21 groups)",
    )
    female: tuple[Count, ...] = P(
        ...,
        unit="persons per 5-year age group",
        ja="女性人口（5歳階級）",
        source="setting",
        desc="Females in the same groups as male",
    )

    @model_validator(mode="after")
    def _groups(self) -> AgePyramid:
        found = []
        for sex in ("male", "female"):
            n = len(getattr(self, sex))
            if not MIN_GROUPS <= n <= MAX_GROUPS:
                found.append(
                    (
                        (sex,),
                        f"{n} age groups; expected {MIN_GROUPS} to {MAX_GROUPS} (0-4, 5-9, ..., "
                        "the last one open-ended, e.g. 21 groups for 0-4 ... 100+)",
                    )
                )
        if not found and len(self.male) != len(self.female):
            found.append(
                (
                    ("female",),
                    f"{len(self.female)} groups for female but {len(self.male)} for male; "
                    "expected the same groups for both",
                )
            )
        if not found and sum(self.male) + sum(self.female) == 0:
            found.append((("male",), "every group is 0; expected persons by age group"))
        if found:
            raise problem_at(*found)
        return self

    @property
    def total(self) -> int:
        return sum(self.male) + sum(self.female)

    def share(self, lo: int, hi: int | None = None) -> float:
        """Share of persons aged lo to hi-1 years (hi None: lo and over); lo and hi are
        multiples of 5."""
        a = lo // GROUP_YEARS
        b = len(self.male) if hi is None else hi // GROUP_YEARS
        return (sum(self.male[a:b]) + sum(self.female[a:b])) / max(self.total, 1)
