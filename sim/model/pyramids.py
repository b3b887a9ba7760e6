"""Starting age pyramids: each town's own census pyramid, or a documented fallback.

A town with ``age_pyramid`` starts from it: its persons by sex and 5-year group, spread evenly
over the years of each group; the open last group (e.g. 100+) is spread over the years up to
``max_age`` in the shape of the stationary population of the mortality schedule. A town with
only its broad shares (0-14, 65+) starts from the region's reference pyramid (its prefecture's,
``demography.reference_pyramid``), tilted towards older or younger ages until its 65+ share
matches (weights times exp(theta x age / 10), theta solved by bisection) and then scaled within
the three broad groups to the town's shares exactly. An older town has fewer people aged 20-39
within its 15-64 than the reference, as towns that lose their young adults do; how well this
fallback recovers real pyramids is measured in docs/validation.md.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..scenario.params_pyramid import GROUP_YEARS, AgePyramid

__all__ = ["expand", "tilted", "town_weights", "allocate", "pyramid_origin", "CHILD", "ELDER"]

#: The broad age groups of a town's shares: children below 15, the elderly from 65.
CHILD, ELDER = 15, 65
#: Bisection bracket and steps for the tilt (theta per 10 years of age).
TILT_BRACKET, TILT_STEPS = 5.0, 60


def expand(groups: tuple[int, ...] | np.ndarray, max_age: int, survival: np.ndarray) -> np.ndarray:
    """Weights per year of age 0..max_age-1 from 5-year group counts: even within a group;
    the open last group in the shape of ``survival`` (per year of age) from its lower bound;
    whoever would be older than max_age - 1 counts at that age (the total is kept)."""
    groups = np.asarray(groups, dtype=np.float64)
    closed = groups.size - 1
    years = np.repeat(groups[:closed] / GROUP_YEARS, GROUP_YEARS)
    out = np.zeros(max_age)
    top = min(years.size, max_age)
    out[:top] = years[:top]
    out[max_age - 1] += years[top:].sum()  # closed groups past max_age: the last year
    tail = survival[top:max_age]
    if top < max_age and tail.sum() > 0:
        out[top:] += groups[-1] * tail / tail.sum()
    else:  # an open group that starts at or past max_age: its persons go to the last year
        out[max_age - 1] += groups[-1]
    return out


def _broad(w: np.ndarray) -> np.ndarray:
    """Shares of (0-14, 15-64, 65+) of weights by (sex, year of age)."""
    total = max(w.sum(), 1e-300)
    return np.array([w[:, :CHILD].sum(), w[:, CHILD:ELDER].sum(), w[:, ELDER:].sum()]) / total


def tilted(reference: np.ndarray, share_0_14: float, share_65_plus: float) -> np.ndarray:
    """The reference (sex x year of age) tilted until its 65+ share is ``share_65_plus``,
    then scaled within 0-14, 15-64 and 65+ to the town's shares exactly."""
    ages = np.arange(reference.shape[1]) / 10.0
    lo, hi = -TILT_BRACKET, TILT_BRACKET
    for _ in range(TILT_STEPS):
        mid = (lo + hi) / 2
        if _broad(reference * np.exp(mid * ages))[2] < share_65_plus:
            lo = mid
        else:
            hi = mid
    w = reference * np.exp((lo + hi) / 2 * ages)
    have = _broad(w)
    want = np.array([share_0_14, 1 - share_0_14 - share_65_plus, share_65_plus])
    factor = np.where(have > 0, want / np.maximum(have, 1e-300), 0.0)
    w = w / w.sum()
    w[:, :CHILD] *= factor[0]
    w[:, CHILD:ELDER] *= factor[1]
    w[:, ELDER:] *= factor[2]
    return w


def town_weights(
    pyramid: AgePyramid | None,
    reference: AgePyramid,
    shares: tuple[float, float],
    max_age: int,
    survival: Callable[[int], np.ndarray],
) -> np.ndarray:
    """Weights by (sex, year of age) of a town's starting population, summing to 1.

    ``survival(sex)`` is the stationary population by year of age for a sex (0 male, 1
    female), which shapes the open last age group."""
    source = pyramid if pyramid is not None else reference
    w = np.vstack(
        [
            expand(source.male, max_age, survival(0)),
            expand(source.female, max_age, survival(1)),
        ]
    )
    if pyramid is None:
        w = tilted(w, *shares)
    return w / w.sum()


def allocate(n: int, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``n`` persons over the cells of ``weights`` (summing to 1): the whole part of each
    cell's expected count, then the remainder to cells drawn by their fractional parts (so a
    town's pyramid is reproduced as closely as its count allows, not sampled)."""
    expected = weights.ravel() * n
    counts = np.floor(expected).astype(np.int64)
    left = n - int(counts.sum())
    if left > 0:
        frac = expected - counts
        cells = rng.choice(frac.size, size=left, replace=False, p=frac / frac.sum())
        counts[cells] += 1
    return counts.reshape(weights.shape)


def pyramid_origin(pyramid: AgePyramid | None, reference: AgePyramid) -> str:
    """In words, where a town's starting ages come from (for ``dxsim validate``)."""
    if pyramid is not None:
        return f"its own pyramid ({pyramid.year}{', ' + pyramid.source if pyramid.source else ''})"
    return (
        f"the reference pyramid ({reference.year}"
        f"{', ' + reference.source if reference.source else ''}) tilted to its shares"
    )
