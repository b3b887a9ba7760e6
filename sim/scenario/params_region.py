"""Run settings, region-wide settings and the generated region of a scenario.

Kept apart from :mod:`sim.scenario.schema` so that the whole-scenario model there stays
short; these blocks are plain parameters with units, ranges and sources like the others.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .fields import P, Params, did_you_mean, problem_at

__all__ = [
    "GeneratedRegion",
    "OutsidePlace",
    "RegionParams",
    "RunParams",
    "DEFAULT_OUTSIDE",
    "PREFECTURES",
    "METRO_AREAS",
    "PREFECTURE",
    "metro_area",
    "prefecture_problem",
]

CENSUS_2020 = (
    "2020 census (data/census2020_municipal_population.csv); place: population-weighted "
    "centre of its municipalities' offices (data/observed/municipal_offices_japan.csv)"
)


#: The 47 prefectures in the order of their codes (JIS X 0401): the name at index i has code
#: i + 1, the first two digits of its municipalities' local government codes.
PREFECTURES = (
    *("北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県"),
    *("群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県"),
    *("山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府"),
    *("兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県"),
    *("香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県"),
    *("鹿児島県", "沖縄県"),
)
#: The three metropolitan areas (3大都市圏) by prefecture, as the Statistics Bureau's Report on
#: Internal Migration in Japan (住民基本台帳人口移動報告) defines them: 東京圏 Saitama, Chiba,
#: Tokyo, Kanagawa; 名古屋圏 Gifu, Aichi, Mie; 大阪圏 Kyoto, Osaka, Hyogo, Nara
#: (https://www.stat.go.jp/data/idou/2009np/kazu/youyaku/index.htm names each area's members).
METRO_AREAS: dict[str, tuple[str, ...]] = {
    "tokyo_area": ("埼玉県", "千葉県", "東京都", "神奈川県"),
    "nagoya_area": ("岐阜県", "愛知県", "三重県"),
    "osaka_area": ("京都府", "大阪府", "兵庫県", "奈良県"),
}

#: A municipality's prefecture (``municipalities.<key>.prefecture``).
PREFECTURE: str = P(
    "",
    unit="text",
    ja="都道府県",
    source="setting",
    desc="Japanese name of its prefecture (one of the 47, e.g. 北海道, 東京都), which must agree "
    "with the first two digits of code; outputs group towns and flows by it and by the "
    "metropolitan areas (METRO_AREAS in sim/scenario/params_region.py); '' if none",
)


def metro_area(prefecture: str) -> str:
    """The key of the metropolitan area a prefecture belongs to ('' outside the three)."""
    return next((k for k, members in METRO_AREAS.items() if prefecture in members), "")


def prefecture_problem(prefecture: str, code: str) -> str:
    """Why a municipality's prefecture is wrong ('' if it is right): not one of the 47, or
    not the prefecture its local government code names."""
    if not prefecture:
        return ""
    if prefecture not in PREFECTURES:
        hint = did_you_mean(prefecture, PREFECTURES)
        return f"{prefecture!r} is not one of the 47 prefectures{hint}"
    if code and PREFECTURES.index(prefecture) + 1 != int(code[:2]):
        named = PREFECTURES[int(code[:2]) - 1] if 1 <= int(code[:2]) <= 47 else "no prefecture"
        return f"prefecture {prefecture} disagrees with code {code}, which is in {named}"
    return ""


class RunParams(Params):
    """How long, from when, at what resolution, with which seed."""

    start_year: int = P(
        2015,
        ge=1950,
        le=2100,
        unit="year",
        ja="開始年",
        source="setting",
        desc="Calendar year in which the run starts",
    )
    start_month: int = P(
        4,
        ge=1,
        le=12,
        unit="month",
        ja="開始月",
        source="setting",
        desc="Calendar month in which the run starts (the fiscal year starts in April)",
    )
    years: int = P(
        20, ge=1, le=200, unit="years", ja="期間", source="setting", desc="Years to simulate"
    )
    seed: int = P(
        0,
        ge=0,
        le=2**63 - 1,
        unit="integer",
        ja="乱数シード",
        source="setting",
        desc="Seed of the model's random generator",
    )
    scale: int = P(
        1,
        ge=1,
        le=10_000,
        unit="persons per simulated person",
        ja="縮尺",
        source="setting",
        desc="How many real persons each simulated person stands for (and firms likewise); "
        "1 simulates everyone, 10 one person in ten",
    )
    check_conservation: bool = P(
        True,
        unit="switch",
        ja="保存則の検査",
        source="setting",
        desc="Check every month that no money, goods or persons appear or vanish "
        "(a slower run that stops at the first inconsistency)",
    )

    @property
    def first_fiscal_year(self) -> int:
        """The fiscal year (April to March) of the run's first month."""
        return self.start_year if self.start_month >= 4 else self.start_year - 1

    @property
    def last_fiscal_year(self) -> int:
        """The fiscal year of the run's last month."""
        months = self.start_year * 12 + self.start_month - 1 + self.years * 12 - 1
        year, month = divmod(months, 12)
        return year if month + 1 >= 4 else year - 1


class OutsidePlace(Params):
    """A destination beyond the region (the metropolis, the Tokyo area, the rest of Japan;
    abroad for all of Japan): residents move there and people come from there, through
    Outside."""

    name_ja: str = P("", unit="text", ja="行き先の名称", source="setting", desc="Japanese name")
    population: int = P(
        ...,
        ge=1,
        le=200_000_000,
        unit="persons",
        ja="行き先の人口",
        desc="Its population: its weight as a destination, like a town's",
        source=CENSUS_2020,
    )
    lat: float = P(
        ..., ge=20, le=46, unit="degrees", ja="行き先の緯度", desc="Latitude of its centre"
    )
    lon: float = P(
        ..., ge=122, le=154, unit="degrees", ja="行き先の経度", desc="Longitude of its centre"
    )
    towns: int = P(
        1,
        ge=1,
        le=1741,
        unit="municipalities",
        ja="市区町村数",
        desc="How many municipalities it stands for: as a destination it weighs as that many "
        "towns of its mean size",
        source=CENSUS_2020,
    )
    beyond_prefecture: bool = P(
        True,
        unit="switch",
        ja="県外",
        source="setting",
        desc="Whether moving there crosses the prefecture's border (migration.border_cost)",
    )


#: Outside destinations of a scenario that names none: the Tokyo area (Saitama, Chiba, Tokyo,
#: Kanagawa) and the rest of Japan, from the 2020 census (``CENSUS_2020``).
DEFAULT_OUTSIDE = {
    "tokyo_area": {
        "name_ja": "東京圏",
        "population": 36_938_977,
        "lat": 35.669,
        "lon": 139.681,
        "towns": 212,
    },
    "rest_of_japan": {
        "name_ja": "その他の国内",
        "population": 89_287_591,
        "lat": 35.577,
        "lon": 135.975,
        "towns": 1529,
    },
}


class RegionParams(Params):
    """The region as a whole and its network of municipalities."""

    name: str = P("region", unit="text", ja="地域名", source="setting", desc="Name of the region")
    commute_km: float = P(
        40.0,
        ge=0,
        le=500,
        unit="km",
        ja="通勤圏",
        desc="Municipalities closer than this are neighbours: commuting and shopping",
    )
    outside: dict[str, OutsidePlace] = Field(
        default_factory=lambda: {k: OutsidePlace(**v) for k, v in DEFAULT_OUTSIDE.items()},
        description="Destinations beyond the region by key (the prefecture's metropolis, the "
        "Tokyo area, the rest of Japan; abroad when the region is all of Japan): movers choose "
        "among them and the region's towns; "
        "default: the Tokyo area and the rest of Japan (2020 census)",
        json_schema_extra={"propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"}},
    )


class GeneratedRegion(Params):
    """A synthetic region of a given size, for scale tests."""

    population: int = P(
        300_000,
        ge=1,
        le=200_000_000,
        unit="persons",
        ja="総人口",
        source="setting",
        desc="Total population, split over the municipalities",
    )
    municipalities: int = P(
        20,
        ge=1,
        le=1741,
        unit="count",
        ja="自治体数",
        source="setting",
        desc="Number of municipalities",
    )
    size_spread: float = P(
        1.0,
        ge=0,
        le=3,
        unit="spread on a log scale",
        ja="人口規模のばらつき",
        source="setting",
        desc="Spread of municipality sizes: 0 makes all equal; at 1 about two towns in three "
        "are within 2.7 times the median size, larger or smaller (log-normal)",
    )
    extent_km: float = P(
        150.0,
        gt=0,
        le=3000,
        unit="km",
        ja="地域の広さ",
        source="setting",
        desc="Side of the square the municipalities are placed in",
    )
    seed: int = P(
        0,
        ge=0,
        le=2**32 - 1,
        unit="integer",
        ja="配置シード",
        source="setting",
        desc="Seed for sizes and places (separate from the run's seed)",
    )

    @model_validator(mode="after")
    def _a_person_per_town(self) -> GeneratedRegion:
        if self.population < self.municipalities:
            raise problem_at(
                (
                    ("population",),
                    f"population {self.population:,} is smaller than municipalities "
                    f"{self.municipalities:,}: every municipality needs at least one person",
                )
            )
        return self
