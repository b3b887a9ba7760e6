"""Parameters of firms, sectors and trade."""

from __future__ import annotations

from enum import IntEnum
from typing import Annotated

from pydantic import model_validator

from .fields import FixedKeys, P, Params, did_you_mean, problem_at

__all__ = [
    "Sector",
    "SECTORS",
    "SectorParams",
    "FirmParams",
    "TradeParams",
    "DEFAULT_SECTORS",
    "SECTOR_INFO",
]


class Sector(IntEnum):
    """The sectors of firms; the model's firm columns hold these codes."""

    AGRICULTURE_FOOD = 0
    RETAIL_SERVICES = 1
    CONSTRUCTION = 2
    MANUFACTURING = 3
    IT_VENDOR = 4
    TECH_STARTUP = 5
    TOWN_COMPANY = 6
    HEALTH_CARE = 7  # paid mostly by national health and care insurance


SECTORS: tuple[str, ...] = tuple(s.name.lower() for s in Sector)

#: What each sector stands for, in one line (English, Japanese label).
SECTOR_INFO: dict[str, tuple[str, str]] = {
    "agriculture_food": (
        "Farming and food processing; sells mostly outside the region; return gifts for "
        "hometown-tax donations are bought here",
        "農業・食品",
    ),
    "retail_services": (
        "Shops and personal services residents buy from; return gifts are bought here too",
        "小売・サービス",
    ),
    "construction": ("Builders; the town hall buys from them", "建設"),
    "manufacturing": ("Factories; sell mostly outside the region", "製造業"),
    "it_vendor": (
        "Local IT vendors; paid by the town hall for its systems and projects",
        "地元ITベンダー",
    ),
    "tech_startup": (
        "Tech start-ups; the experiment_field program draws new ones; sell mostly outside",
        "技術系スタートアップ",
    ),
    "town_company": (
        "The town-owned company: none at the start (job_share 0); the town_company program "
        "founds it; sells to residents",
        "まちづくり会社",
    ),
    "health_care": (
        "Hospitals, clinics and care; paid mostly by national health and care insurance",
        "医療・介護",
    ),
}


class SectorParams(Params):
    """One industry: its share of jobs, firm size, wages, productivity and its buyers."""

    job_share: float = P(
        0.1,
        ge=0,
        le=1,
        unit="relative weight (rescaled so that all sectors add up to 1)",
        ja="従業者構成比",
        desc="Weight of this sector in the municipality's private jobs at the start: its share "
        "is its job_share divided by the sum over all 8 sectors (the defaults add up to 1, so "
        "raising one sector lowers the others' shares); also the mix of new firms",
    )
    mean_employees: float = P(
        5.0,
        ge=1,
        le=500,
        unit="persons",
        ja="平均従業者数",
        desc="Mean employees per firm at the start",
    )
    wage_yen: int = P(
        230_000,
        ge=0,
        le=5_000_000,
        unit="yen per month",
        ja="月額賃金",
        desc="Monthly gross wage per employee",
    )
    productivity_yen: int = P(
        500_000,
        ge=1,
        le=50_000_000,
        unit="yen per month",
        ja="労働生産性",
        desc="Monthly sales one worker can produce at full demand",
    )
    export_share: float = P(
        0.0,
        ge=0,
        le=1,
        unit="share",
        ja="域外販売比率",
        desc="Share of starting capacity sold to Outside (exports)",
    )
    sells_to_residents: bool = P(
        False, unit="switch", ja="住民向け販売", desc="Residents buy from this sector"
    )
    sells_to_municipality: bool = P(
        False, unit="switch", ja="自治体向け販売", desc="The town hall procures from this sector"
    )
    sells_to_insurance: bool = P(
        False,
        unit="switch",
        ja="保険診療・介護",
        desc="National health and care insurance pays this sector",
    )
    capital_per_worker_yen: int = P(
        5_000_000,
        ge=0,
        le=1_000_000_000,
        unit="yen per person",
        ja="従業者当たり資本",
        desc="Capital stock per worker",
    )


def _s(**kw) -> SectorParams:
    return SectorParams(**kw)


#: Sector defaults: assumptions after the Economic Census and the Basic Survey on Wage Structure,
#: chosen so that local demand roughly employs the non-exporting sectors at the start.
DEFAULT_SECTORS: dict[str, SectorParams] = {
    "agriculture_food": _s(
        job_share=0.24,
        mean_employees=8,
        wage_yen=230_000,
        productivity_yen=560_000,
        export_share=0.9,
        capital_per_worker_yen=15_000_000,
    ),
    "retail_services": _s(
        job_share=0.30,
        mean_employees=6,
        wage_yen=210_000,
        productivity_yen=400_000,
        export_share=0.05,
        sells_to_residents=True,
        capital_per_worker_yen=3_000_000,
    ),
    "construction": _s(
        job_share=0.09,
        mean_employees=8,
        wage_yen=290_000,
        productivity_yen=560_000,
        export_share=0.3,
        sells_to_municipality=True,
        capital_per_worker_yen=4_000_000,
    ),
    "manufacturing": _s(
        job_share=0.19,
        mean_employees=20,
        wage_yen=260_000,
        productivity_yen=520_000,
        export_share=0.9,
        capital_per_worker_yen=10_000_000,
    ),
    "it_vendor": _s(
        job_share=0.03,
        mean_employees=6,
        wage_yen=330_000,
        productivity_yen=650_000,
        export_share=0.3,
        sells_to_municipality=True,
        capital_per_worker_yen=2_000_000,
    ),
    "tech_startup": _s(
        job_share=0.01,
        mean_employees=3,
        wage_yen=350_000,
        productivity_yen=700_000,
        export_share=0.8,
        capital_per_worker_yen=2_000_000,
    ),
    "town_company": _s(
        job_share=0.0,
        mean_employees=8,
        wage_yen=230_000,
        productivity_yen=420_000,
        export_share=0.3,
        sells_to_residents=True,
        sells_to_municipality=False,  # the town buys from it through its program budget
        capital_per_worker_yen=5_000_000,
    ),
    "health_care": _s(
        job_share=0.14,
        mean_employees=15,
        wage_yen=250_000,
        productivity_yen=450_000,
        sells_to_insurance=True,
        capital_per_worker_yen=5_000_000,
    ),
}


class FirmParams(Params):
    """Firm numbers, entry and exit."""

    initial_unemployment: float = P(
        0.026,
        ge=0,
        le=0.5,
        unit="share",
        ja="初期失業率",
        desc="Unemployment at the start; firms are sized to employ the rest of the labour force",
        source="Labour Force Survey 2023 (2.6%)",
    )
    entry_rate: float = P(
        0.04,
        ge=0,
        le=1,
        unit="per firm per year",
        ja="開業率",
        desc="New firms a year per existing firm, at average attractiveness",
        source="MHLW/SME White Paper opening rate (about 4%)",
    )
    exit_rate: float = P(
        0.03,
        ge=0,
        le=1,
        unit="per firm per year",
        ja="廃業率",
        desc="Base chance a firm closes in a year",
        source="SME White Paper closure rate (about 3.5%), rounded",
    )
    entry_sensitivity: float = P(
        1.0,
        ge=0,
        le=10,
        unit="strength (1: +0.1 attractiveness gives about 10% more new firms)",
        ja="開業の感応度",
        desc="How strongly attractiveness draws new firms: entries are multiplied by "
        "exp(entry_sensitivity x attractiveness)",
    )
    entry_market_elasticity: float = P(
        2.0,
        ge=0,
        le=10,
        unit="power (2: a market 10% smaller gives about 19% fewer new firms)",
        ja="開業の市場弾力性",
        desc="Entry scales with (residents per firm now / at the start) to this power: "
        "shrinking markets see fewer new firms",
    )
    entrant_size_share: float = P(
        0.5,
        ge=0.05,
        le=2,
        unit="share of the sector's mean size",
        ja="新規開業の規模",
        desc="A new firm expects the sales of this share of its sector's mean employees",
    )
    loss_months_to_exit: int = P(
        18,
        ge=1,
        le=120,
        unit="months",
        ja="撤退までの赤字月数",
        desc="A firm closes after this many months in a row of losses",
    )
    local_owner_share: float = P(
        0.85,
        ge=0,
        le=1,
        unit="share",
        ja="地元資本比率",
        desc="Share of firms owned by residents (dividends stay local)",
    )
    sectors: Annotated[dict[str, SectorParams], FixedKeys(SECTORS)] = P(
        DEFAULT_SECTORS,
        unit="by sector",
        ja="業種",
        desc="Sector parameters, by sector name (a scenario names only the sectors and "
        "parameters it changes)",
    )

    @model_validator(mode="before")
    @classmethod
    def _merge_sector_defaults(cls, data: object) -> object:
        """A scenario names only the sectors and fields it changes; the rest keep defaults."""
        if isinstance(data, dict) and isinstance(data.get("sectors"), dict):
            merged = {k: v.model_dump() for k, v in DEFAULT_SECTORS.items()}
            for name, given in data["sectors"].items():
                if name in merged and isinstance(given, dict):
                    merged[name] = {**merged[name], **given}
                else:
                    merged[name] = given
            data = {**data, "sectors": merged}
        return data

    @model_validator(mode="after")
    def _known_sectors(self) -> FirmParams:
        unknown = [name for name in self.sectors if name not in SECTORS]
        if unknown:
            raise problem_at(
                *(
                    (
                        ("sectors", name),
                        f"unknown sector '{name}'"
                        + (did_you_mean(name, SECTORS) or f"; sectors are {', '.join(SECTORS)}"),
                    )
                    for name in unknown
                )
            )
        if sum(s.job_share for s in self.sectors.values()) <= 0:
            raise ValueError("job_share of all sectors adds up to 0")
        return self


class TradeParams(Params):
    """Production, consumption and leakage."""

    consumption_share: float = P(
        0.75,
        ge=0,
        le=1.5,
        unit="share of income",
        ja="消費性向",
        desc="Share of monthly net income (wages, pensions) spent",
        source="Family Income and Expenditure Survey, rounded",
    )
    savings_spend_rate: float = P(
        0.002,
        ge=0,
        le=0.1,
        unit="per month",
        ja="貯蓄取り崩し率",
        desc="Share of savings spent each month on top of income",
    )
    local_share: float = P(
        0.5,
        ge=0,
        le=1,
        unit="share",
        ja="地元購買率",
        desc="Share of consumption bought from firms in one's own town",
    )
    neighbour_share: float = P(
        0.2,
        ge=0,
        le=1,
        unit="share",
        ja="近隣購買率",
        desc="Share bought in neighbouring towns; the rest leaks to "
        "Outside (online, metropolitan shops)",
    )
    input_share: float = P(
        0.35,
        ge=0,
        le=0.95,
        unit="share of sales",
        ja="域外中間投入比率",
        desc="Share of sales spent on inputs bought from Outside",
    )
    health_local_share: float = P(
        0.7,
        ge=0,
        le=1,
        unit="share",
        ja="医療介護の地元受診率",
        desc="Share of residents' insured health and care spending "
        "paid to providers in their own town (rest: Outside)",
    )
    cash_buffer_months: float = P(
        3.0,
        ge=0,
        le=36,
        unit="months of costs",
        ja="手元資金",
        desc="Cash a firm keeps; profit above it is paid out",
    )
    expectation_weight: float = P(
        0.2,
        ge=0.01,
        le=1,
        unit="share",
        ja="需要予測の更新率",
        desc="Weight of this month's orders (met or not) in expected demand",
    )
    export_growth: float = P(
        0.0,
        ge=-0.2,
        le=0.2,
        unit="per year",
        ja="域外需要の伸び",
        desc="Yearly growth of demand from Outside for exports",
    )

    @model_validator(mode="after")
    def _shares(self) -> TradeParams:
        local, near = self.local_share, self.neighbour_share
        if local + near > 1:
            at = "neighbour_share" if "neighbour_share" in self.model_fields_set else "local_share"
            raise problem_at(
                (
                    (at,),
                    f"local_share {local:g} + neighbour_share {near:g} = {local + near:g}; "
                    "expected at most 1",
                )
            )
        return self
