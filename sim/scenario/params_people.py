"""Parameters of the people mechanisms: demography, labour, learning, migration, households."""

from __future__ import annotations

from pydantic import Field, field_validator

from .fields import P, Params, Weight
from .params_pyramid import AgePyramid

__all__ = [
    "DemographyParams",
    "HouseholdParams",
    "LabourParams",
    "LearningParams",
]

MHLW_FERTILITY = "MHLW vital statistics 2023 (age-specific fertility, 5-year groups)"

#: Japan's population by sex and 5-year age group 0-4 ... 100+, 2020 census (e-Stat table
#: 0003410380 via kota-tagami/JLSTAT-table; data/observed/census_age_hokkaido.csv, code 00000).
JAPAN_2020 = {
    "year": 2020,
    "source": "2020 census, Japan (e-Stat 0003410380)",
    "male": (
        2311189, 2606651, 2742131, 2880029, 3017869, 3074087, 3297031, 3696855, 4189446,
        4862990, 4277003, 3865303, 3592903, 3910060, 4249286, 3092860, 2196093, 1303473,
        491303, 92110, 9766,
    ),
    "female": (
        2204893, 2482442, 2608386, 2737411, 2913437, 2957877, 3187563, 3614712, 4101631,
        4787303, 4262848, 3902179, 3704287, 4165208, 4762509, 3838068, 3100635, 2366350,
        1287713, 400614, 69757,
    ),
}  # fmt: skip


class DemographyParams(Params):
    """Ageing, births and deaths."""

    tfr: float = P(
        1.06,
        ge=0.1,
        le=4.0,
        unit="children per woman",
        ja="合計特殊出生率",
        desc="Total fertility rate; scales the age schedule of births",
        source="MHLW 2023 (Hokkaido 1.06; Japan 1.20)",
    )
    fertility_schedule: tuple[Weight, ...] = P(
        (0.0082, 0.0834, 0.3246, 0.4544, 0.2651, 0.0635, 0.0021),
        unit="relative weight",
        ja="年齢別出生率の形",
        desc="Shape of fertility by mother's age 15-19, 20-24, ..., 45-49 (normalized, times tfr)",
        source=MHLW_FERTILITY,
    )
    life_expectancy_male: float = P(
        81.09,
        ge=40,
        le=100,
        unit="years",
        ja="平均寿命（男）",
        desc="Male life expectancy at birth; mortality is solved to match it",
        source="MHLW abridged life table 2023",
    )
    life_expectancy_female: float = P(
        87.14,
        ge=40,
        le=100,
        unit="years",
        ja="平均寿命（女）",
        desc="Female life expectancy at birth; mortality is solved to match it",
        source="MHLW abridged life table 2023",
    )
    gompertz_slope: float = P(
        0.1,
        ge=0.05,
        le=0.15,
        unit="per year",
        ja="死亡率の年齢勾配",
        desc="How fast adult mortality rises with age: the age-related death risk grows by "
        "this rate each year of age (0.1: about 10.5% a year, doubling every 7 years)",
    )
    background_mortality: float = P(
        0.0003,
        ge=0.0,
        le=0.01,
        unit="per year",
        ja="年齢によらない死亡率",
        desc="Yearly death risk that does not depend on age (accidents, infections)",
    )
    share_female_at_birth: float = P(
        0.487,
        ge=0.4,
        le=0.6,
        unit="share",
        ja="出生時女児割合",
        desc="Share of girls among births (about 105 boys per 100 girls)",
        source="MHLW vital statistics",
    )
    reference_pyramid: AgePyramid = Field(
        default_factory=lambda: AgePyramid(**JAPAN_2020),
        description="The region's reference population by sex and 5-year age group (its "
        "prefecture's, or the nation's): the starting ages of towns without their own "
        "age_pyramid, tilted to their broad shares; default Japan, 2020 census",
    )
    max_age: int = P(
        110, ge=90, le=125, unit="years", ja="最高年齢", desc="Nobody lives past this age"
    )

    @field_validator("fertility_schedule")
    @classmethod
    def _seven_groups(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if len(v) != 7 or sum(v) <= 0:
            raise ValueError(
                "expected 7 non-negative weights for ages 15-19 ... 45-49 with a positive sum"
            )
        return v


class HouseholdParams(Params):
    """How the initial population and arriving families are grouped into households."""

    married_share: float = P(
        0.6,
        ge=0,
        le=1,
        unit="share",
        ja="有配偶割合",
        desc="Share of adults aged 25+ living as a couple at the start",
    )
    family_share: float = P(
        0.45,
        ge=0,
        le=1,
        unit="share",
        ja="家族での転入割合",
        desc="Share of in-moving households aged 25-49 that arrive as a couple with children",
    )
    children_per_family: float = P(
        1.4,
        ge=0,
        le=5,
        unit="children",
        ja="転入家族の子ども数",
        desc="Mean number of children aged 0-14 in an in-moving family",
    )
    savings_per_adult_yen: int = P(
        5_000_000,
        ge=0,
        le=1_000_000_000,
        unit="yen per person",
        ja="成人一人当たり貯蓄",
        desc="Savings of each adult (20+) at the start",
    )
    leave_home_age: int = P(
        18,
        ge=15,
        le=30,
        unit="years",
        ja="独立年齢",
        desc="From this age a person living with parents moves on their own",
    )


class LabourParams(Params):
    """Participation, search, hires and separations, commuting and remote work."""

    participation_15_64: float = P(
        0.81,
        ge=0,
        le=1,
        unit="share",
        ja="労働力率（15-64歳）",
        desc="Share of people aged 15-64 in the labour force",
        source="Labour Force Survey 2023, rounded",
    )
    participation_65_74: float = P(
        0.44,
        ge=0,
        le=1,
        unit="share",
        ja="労働力率（65-74歳）",
        desc="Share of people aged 65-74 in the labour force",
        source="Labour Force Survey 2023, rounded",
    )
    participation_75_plus: float = P(
        0.12,
        ge=0,
        le=1,
        unit="share",
        ja="労働力率（75歳以上）",
        desc="Share of people aged 75 and over in the labour force",
        source="Labour Force Survey 2023, rounded",
    )
    separation_rate: float = P(
        0.012,
        ge=0,
        le=0.2,
        unit="per month",
        ja="離職率（月）",
        desc="Chance that a job ends in a month (about 14% a year)",
        source="MHLW Survey on Employment Trends (about 15% a year), rounded",
    )
    fill_rate: float = P(
        0.6,
        ge=0,
        le=1,
        unit="share per month",
        ja="欠員充足率",
        desc="Share of open vacancies a firm can fill in a month if seekers are there",
    )
    search_rate: float = P(
        0.45,
        ge=0,
        le=1,
        unit="per month",
        ja="求職の成功率",
        desc="Chance an unemployed resident meets an employer in a month when vacancies are "
        "there (frictional unemployment)",
        source="calibrated: separation_rate / (separation_rate + search_rate) is the 2.6% "
        "unemployment of the Labour Force Survey 2023",
    )
    commute_search_share: float = P(
        0.35,
        ge=0,
        le=1,
        unit="share",
        ja="通勤圏での求職割合",
        desc="Share of seekers still without a job who look in neighbouring municipalities",
    )
    remote_job_rate: float = P(
        0.002,
        ge=0,
        le=0.1,
        unit="per month",
        ja="リモート就業率",
        desc="Chance a digitally literate seeker finds remote work for an Outside employer",
    )
    remote_min_literacy: float = P(
        0.6,
        ge=0,
        le=1,
        unit="0-1",
        ja="リモート就業の必要リテラシー",
        desc="Digital literacy needed to work remotely",
    )
    remote_wage_yen: int = P(
        300_000,
        ge=0,
        le=2_000_000,
        unit="yen per month",
        ja="リモート賃金",
        desc="Monthly wage paid by an Outside employer to a remote worker",
    )


class LearningParams(Params):
    """Digital literacy and the use of online services."""

    literacy_at_20: float = P(
        0.85,
        ge=0,
        le=1,
        unit="0-1",
        ja="20歳のデジタルリテラシー",
        desc="Mean digital literacy of a 20-year-old at the start (cohort effect)",
    )
    literacy_at_80: float = P(
        0.2,
        ge=0,
        le=1,
        unit="0-1",
        ja="80歳のデジタルリテラシー",
        desc="Mean digital literacy of an 80-year-old at the start (linear in between)",
    )
    literacy_spread: float = P(
        0.1,
        ge=0,
        le=0.5,
        unit="0-1",
        ja="リテラシーのばらつき",
        desc="Standard deviation of literacy around the cohort mean",
    )
    learning_rate: float = P(
        0.002,
        ge=0,
        le=0.1,
        unit="per month",
        ja="自然な習得率",
        desc="Monthly share of the gap to full literacy closed by adults aged 20-64",
    )
    peer_rate: float = P(
        0.004,
        ge=0,
        le=0.1,
        unit="per month",
        ja="周囲からの習得率",
        desc="Monthly share of the gap to the town's mean literacy closed through peers",
    )
    online_threshold: float = P(
        0.5,
        ge=0,
        le=1,
        unit="0-1",
        ja="オンライン利用の閾値",
        desc="Literacy from which an adult uses online services when the town offers them",
    )
