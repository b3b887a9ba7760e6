"""Parameters of migration: who moves, where to, and what draws them."""

from __future__ import annotations

from pydantic import field_validator

from .fields import P, Params, Share

__all__ = ["MigrationParams"]

#: The calibration these parameters come from (docs/validation.md, "Calibration").
CALIBRATION = (
    "validation/calibration.yaml (ABC on Hokkaido 2010-2020: of 240 samples the accepted run "
    "closest to the fitted patterns)"
)


def _calibrated(low: float, high: float, note: str = "") -> str:
    """The source of a calibrated parameter: the calibration and the range of its accepted runs."""
    return f"calibrated: {CALIBRATION}; 90% of the 30 accepted: {low:g} to {high:g}{note}"


class MigrationParams(Params):
    """Households compare places and move; Outside is the metropolitan pull."""

    move_rate_by_age: tuple[Share, ...] = P(
        (0.06, 0.03, 0.17, 0.27, 0.17, 0.09, 0.06, 0.03, 0.011),
        unit="per year",
        ja="年齢別移動率",
        desc="Yearly chance of moving home, within the town or beyond it, for ages 0-4, 5-14, "
        "15-19, 20-24, 25-29, 30-34, 35-39, 40-64, 65+ (whoever decides: a household's head "
        "or a young adult leaving home); where to, the own town included, is the destination "
        "choice",
        source="shape: MIC resident-register migration report 2019 (moves between "
        "municipalities, 4.3% a year, 65+ 0.9%); level: calibrated (docs/validation.md)",
    )
    size_study: float = P(
        1.1,
        ge=-2,
        le=3,
        unit="weight of ln(population)",
        ja="人口規模の弾力性（15-19歳）",
        desc="How much larger places draw movers aged 15-19 (study after school): a "
        "destination's weight grows with its population to this power",
        source=_calibrated(0.245, 1.85),
    )
    size_work: float = P(
        0.568,
        ge=-2,
        le=3,
        unit="weight of ln(population)",
        ja="人口規模の弾力性（20-29歳）",
        desc="As size_study, for movers aged 20-29 (first jobs, job changes)",
        source=_calibrated(0.106, 1.56),
    )
    size_family: float = P(
        1.08,
        ge=-2,
        le=3,
        unit="weight of ln(population)",
        ja="人口規模の弾力性（30-44歳）",
        desc="As size_study, for households whose head is 30-44 (families)",
        source=_calibrated(0.0701, 1.47),
    )
    size_older: float = P(
        1.26,
        ge=-2,
        le=3,
        unit="weight of ln(population)",
        ja="人口規模の弾力性（45歳以上）",
        desc="As size_study, for households whose head is 45 or older",
        source=_calibrated(0.337, 1.4),
    )
    local_elasticity: float = P(
        0.684,
        ge=-2,
        le=3,
        unit="weight of ln(population) of the own town",
        ja="自市町村内移動の人口弾力性",
        desc="How much a mover's own town weighs as a destination (a move within it) as it "
        "grows: a larger town keeps more of its movers",
        source=_calibrated(0.645, 0.986),
    )
    home_bonus: float = P(
        1.32,
        ge=0,
        le=10,
        unit="attractiveness (1: the home town weighs e, 2.7 times, what it would otherwise)",
        ja="出身地への愛着",
        desc="What a mover's home town (where they lived at 15) adds to its weight as a "
        "destination, the own town included when they live there: those who left come back, "
        "and those at home stay",
        source=_calibrated(0.161, 2.74),
    )
    distance_decay: float = P(
        2.65,
        ge=0,
        le=5,
        unit="power of (1 + km / distance_scale_km)",
        ja="距離減衰",
        desc="How fast a destination's weight falls with distance: divided by "
        "(1 + km / distance_scale_km) to this power",
        source=_calibrated(1.04, 2.84),
    )
    border_cost: float = P(
        0.3,
        ge=0,
        le=10,
        unit="attractiveness (0.86: a place beyond the border draws 42% of what it would inside)",
        ja="県境の抵抗",
        desc="What crossing the prefecture's border costs a mover, on the scale of the log of "
        "a destination's population",
        source=_calibrated(0.282, 2.84, "; Dzienis (2019) estimates 0.856 between prefectures"),
    )
    distance_scale_km: float = P(
        10.0,
        gt=0,
        le=500,
        unit="km",
        ja="距離の基準",
        desc="Distance below which places count as near each other (the size of a town)",
    )
    candidate_places: int = P(
        200,
        ge=10,
        le=5000,
        unit="places",
        ja="移動先の候補数",
        desc="Places a mover weighs: when the region's towns and outside places are more, "
        "each town's movers weigh their own town, every outside place and the other towns "
        "of highest gravity (size over distance) at the start, up to this many in all",
    )
    mobility: float = P(
        1.59,
        ge=0.1,
        le=5,
        unit="multiplier",
        ja="移動性",
        desc="Multiplies move_rate_by_age: moves of any kind (within the town or beyond) per "
        "move that the age shape gives",
        source=_calibrated(0.847, 1.8),
    )
    return_study: float = P(
        0.633,
        ge=0,
        le=10,
        unit="arrivals per departure",
        ja="転入・転出比（15-19歳）",
        desc="Households arriving from an outside destination with a head aged 15-19, per "
        "household of that age that a town of the national norm sends there (arrivals also "
        "rise with the town's attractiveness)",
        source=_calibrated(0.185, 1.94),
    )
    return_work: float = P(
        0.258,
        ge=0,
        le=10,
        unit="arrivals per departure",
        ja="転入・転出比（20-29歳）",
        desc="As return_study, for heads aged 20-29",
        source=_calibrated(0.0927, 1.74),
    )
    return_family: float = P(
        1.17,
        ge=0,
        le=10,
        unit="arrivals per departure",
        ja="転入・転出比（30-44歳）",
        desc="As return_study, for heads aged 30-44",
        source=_calibrated(0.0892, 2.82),
    )
    return_older: float = P(
        2.07,
        ge=0,
        le=10,
        unit="arrivals per departure",
        ja="転入・転出比（45歳以上）",
        desc="As return_study, for heads aged 45 and over",
        source=_calibrated(0.517, 2.73),
    )
    pull: float = P(
        1.0,
        ge=0,
        le=10,
        unit="strength (1: +0.1 attractiveness gives about 10% more arrivals)",
        ja="流入の感応度",
        desc="How strongly attractiveness draws and keeps movers: the weight of a town as a "
        "destination (its own residents' included) and its arrivals from outside are "
        "multiplied by exp(pull x attractiveness)",
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

    @field_validator("move_rate_by_age")
    @classmethod
    def _nine_groups(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if len(v) != 9:
            raise ValueError("expected 9 yearly rates between 0 and 1")
        return v
