"""Parameters of migration: who moves, where to, and what draws them."""

from __future__ import annotations

from pydantic import field_validator

from .fields import P, Params, Share

__all__ = ["MigrationParams"]


class MigrationParams(Params):
    """Households compare places and move; Outside is the metropolitan pull."""

    out_rate_by_age: tuple[Share, ...] = P(
        (0.05, 0.025, 0.14, 0.22, 0.14, 0.075, 0.05, 0.025, 0.009),
        unit="per year",
        ja="年齢別転出率",
        desc="Yearly chance of moving out of the municipality for ages "
        "0-4, 5-14, 15-19, 20-24, 25-29, 30-34, 35-39, 40-64, 65+",
        source="MIC resident-register migration report 2019 (4.3% a year; 65+ 0.9%); young "
        "adults raised to rural Hokkaido levels (assumption)",
    )
    outside_share_young: float = P(
        0.7,
        ge=0,
        le=1,
        unit="share",
        ja="若者の域外転出割合",
        desc="Share of movers aged 15-29 who go to Outside rather than a neighbour",
    )
    outside_share_other: float = P(
        0.5,
        ge=0,
        le=1,
        unit="share",
        ja="その他の域外転出割合",
        desc="Share of other movers who go to Outside rather than a neighbour",
    )
    in_rate: float = P(
        0.035,
        ge=0,
        le=0.5,
        unit="persons per resident per year",
        ja="域外からの転入率",
        desc="Persons arriving from Outside per resident a year at the national norm of "
        "attractiveness, times the share of departures that go to Outside (1 for a town "
        "without neighbours); drawn as households of the expected size",
        source="MIC resident-register migration report 2019 (4-5% move a year), rounded",
    )
    in_age_shares: tuple[Share, ...] = P(
        (0.08, 0.19, 0.2, 0.14, 0.09, 0.2, 0.1),
        unit="relative weight (rescaled so that the 7 add up to 1)",
        ja="転入世帯主の年齢構成",
        desc="Age of in-moving household heads: 15-19, 20-24, 25-29, 30-34, 35-39, 40-64, 65+; "
        "each group's share is its weight divided by the sum of the 7",
        source="shape from MIC resident-register migration report 2019",
    )
    push: float = P(
        1.0,
        ge=0,
        le=10,
        unit="strength (1: +0.1 attractiveness gives about 10% fewer departures)",
        ja="流出の感応度",
        desc="How strongly attractiveness keeps residents: the yearly chance of leaving is "
        "multiplied by exp(-push x attractiveness); 0 makes departures ignore it",
    )
    pull: float = P(
        1.0,
        ge=0,
        le=10,
        unit="strength (1: +0.1 attractiveness gives about 10% more arrivals)",
        ja="流入の感応度",
        desc="How strongly attractiveness draws arrivals: arrivals from Outside and the "
        "choice of a neighbouring town are multiplied by exp(pull x attractiveness)",
    )
    weight_jobs: float = P(
        2.0,
        ge=0,
        le=20,
        unit="attractiveness per unit of job chance (2: a chance 0.05 below the norm costs 0.1)",
        ja="雇用の重み",
        desc="Weight of the local chance of work in attractiveness: employed persons and "
        "vacancies per person in the labour force (at most 1), against the norm "
        "1 - initial_unemployment",
    )
    weight_wage: float = P(
        1.0,
        ge=0,
        le=20,
        unit="attractiveness per unit of relative wage (1: a wage 10% above the norm adds 0.1)",
        ja="賃金の重み",
        desc="Weight of the mean wage relative to reference_wage_yen in attractiveness",
    )
    weight_services: float = P(
        1.0,
        ge=0,
        le=20,
        unit="attractiveness per unit of satisfaction (1: 0.1 above the neutral 0.5 adds 0.1)",
        ja="行政サービスの重み",
        desc="Weight of residents' mean satisfaction with services (0-1, neutral 0.5) in "
        "attractiveness",
    )
    weight_housing: float = P(
        1.0,
        ge=0,
        le=20,
        unit="attractiveness per unit of vacancy share (1: 0.1 below the norm costs 0.1)",
        ja="住宅の重み",
        desc="Weight of housing scarcity (vacancy below the starting share) in attractiveness",
    )
    reference_wage_yen: int = P(
        250_000,
        ge=1,
        le=5_000_000,
        unit="yen per month",
        ja="基準賃金",
        desc="The national norm a town's mean wage is compared with",
    )
    savings_in_yen: int = P(
        1_500_000,
        ge=0,
        le=100_000_000,
        unit="yen per person",
        ja="転入者の持参資金",
        desc="Savings a person brings when arriving from Outside",
    )
    housing_vacancy_share: float = P(
        0.12,
        ge=0,
        le=1,
        unit="share",
        ja="空き家率",
        desc="Housing stock beyond the starting population (caps arrivals)",
        source="MIC Housing and Land Survey 2018 (13.6% nationally), rounded",
    )

    @field_validator("out_rate_by_age")
    @classmethod
    def _nine_groups(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if len(v) != 9:
            raise ValueError("expected 9 yearly rates between 0 and 1")
        return v

    @field_validator("in_age_shares")
    @classmethod
    def _seven_shares(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if len(v) != 7 or sum(v) <= 0:
            raise ValueError("expected 7 shares from 0 to 1 with a positive sum")
        return v
