"""Parameters of the economy: firms and sectors, trade, taxes, municipal and national finance."""

from __future__ import annotations

from pydantic import model_validator

from ..agents import SECTORS
from .fields import P, Params

__all__ = [
    "SectorParams",
    "FirmParams",
    "TradeParams",
    "TaxParams",
    "FiscalParams",
    "NationParams",
    "ServiceParams",
    "DEFAULT_SECTORS",
]


class SectorParams(Params):
    """One industry: its share of jobs, firm size, wages, productivity and its buyers."""

    job_share: float = P(
        0.1,
        ge=0,
        le=1,
        unit="share",
        ja="従業者構成比",
        desc="Share of the municipality's private jobs in this sector at the start",
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
        sells_to_municipality=True,
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
        unit="per unit of attractiveness",
        ja="開業の感応度",
        desc="How much more attractive towns see more new firms (exponent)",
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
    sectors: dict[str, SectorParams] = P(
        DEFAULT_SECTORS, unit="by sector", ja="業種", desc="Sector parameters, by sector name"
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
        unknown = sorted(set(self.sectors) - set(SECTORS))
        if unknown:
            raise ValueError(f"unknown sector {unknown[0]!r}; sectors are {', '.join(SECTORS)}")
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
        desc="Weight of this month's sales in expected sales",
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
        if self.local_share + self.neighbour_share > 1:
            raise ValueError("local_share + neighbour_share must not exceed 1")
        return self


class TaxParams(Params):
    """Taxes and social transfers (effective rates on gross amounts)."""

    income_tax_rate: float = P(
        0.05,
        ge=0,
        le=0.6,
        unit="share of wage",
        ja="所得税実効税率",
        desc="National income tax as a share of gross wages",
    )
    resident_tax_rate: float = P(
        0.06,
        ge=0,
        le=0.3,
        unit="share of wage",
        ja="住民税実効税率",
        desc="Municipal resident tax as a share of gross wages (10% of taxable income)",
    )
    corporate_tax_rate: float = P(
        0.23,
        ge=0,
        le=0.6,
        unit="share of profit",
        ja="法人税率",
        desc="National corporate tax on profit",
        source="National Tax Agency (23.2%)",
    )
    local_corporate_tax_rate: float = P(
        0.07,
        ge=0,
        le=0.3,
        unit="share of profit",
        ja="法人住民税率",
        desc="Municipal corporate inhabitant tax on profit",
    )
    fixed_asset_tax_rate: float = P(
        0.014,
        ge=0,
        le=0.1,
        unit="per year of capital",
        ja="固定資産税率",
        desc="Fixed-asset tax on firms' capital",
        source="standard rate 1.4% (Local Tax Act)",
    )
    residential_asset_tax_yen: int = P(
        30_000,
        ge=0,
        le=1_000_000,
        unit="yen per person per year",
        ja="住宅固定資産税",
        desc="Fixed-asset tax on housing per resident",
    )
    pension_yen: int = P(
        110_000,
        ge=0,
        le=1_000_000,
        unit="yen per month",
        ja="年金月額",
        desc="Public pension per person aged 65 and over",
    )


class FiscalParams(Params):
    """The municipality's budget: staff, services, investment, funds and bonds."""

    need_fixed_yen: int = P(
        1_200_000_000,
        ge=0,
        le=10**12,
        unit="yen per year",
        ja="基準財政需要（固定分）",
        desc="Standard fiscal need of any municipality, whatever its size",
    )
    need_per_capita_yen: int = P(
        160_000,
        ge=0,
        le=10_000_000,
        unit="yen per person per year",
        ja="基準財政需要（人口比例分）",
        desc="Standard fiscal need per resident",
    )
    standard_revenue_share: float = P(
        0.75,
        ge=0,
        le=1,
        unit="share",
        ja="基準財政収入算入率",
        desc="Share of own tax counted as standard revenue (the clawback of own growth)",
        source="Local Allocation Tax Act",
    )
    allocation_coverage: float = P(
        0.95,
        ge=0,
        le=1,
        unit="share",
        ja="交付税の充足率",
        desc="Share of the fiscal gap the allocation tax fills",
    )
    staff_fixed: float = P(
        35.0,
        ge=0,
        le=10_000,
        unit="persons",
        ja="職員数（固定分）",
        desc="Staff any municipality needs, whatever its size",
    )
    staff_per_1000: float = P(
        7.0,
        ge=0,
        le=100,
        unit="persons per 1,000",
        ja="人口千人当たり職員",
        desc="Further staff per 1,000 residents",
    )
    staff_wage_yen: int = P(
        330_000,
        ge=0,
        le=5_000_000,
        unit="yen per month",
        ja="職員給与",
        desc="Monthly cost of one staff member",
    )
    services_per_capita_yen: int = P(
        250_000,
        ge=0,
        le=10_000_000,
        unit="yen per person per year",
        ja="住民一人当たり行政サービス費",
        desc="Spending on services the budget aims for",
    )
    procurement_local_share: float = P(
        0.5,
        ge=0,
        le=1,
        unit="share",
        ja="地元調達率",
        desc="Share of procurement bought from local firms",
    )
    fund_share: float = P(
        0.5,
        ge=0,
        le=1,
        unit="share of surplus",
        ja="基金積立割合",
        desc="Share of a budget surplus saved in funds (the rest invested)",
    )
    fund_target_years: float = P(
        0.4,
        ge=0,
        le=10,
        unit="years of revenue",
        ja="基金の目標残高",
        desc="Funds a town aims to hold; surplus beyond it is invested, not saved",
    )
    investment_bond_share: float = P(
        0.4,
        ge=0,
        le=0.95,
        unit="share",
        ja="投資の地方債充当率",
        desc="Share of public investment financed by bonds (within the debt limit)",
    )
    initial_fund_years: float = P(
        0.5,
        ge=0,
        le=10,
        unit="years of revenue",
        ja="初期基金残高",
        desc="Funds at the start, in years of revenue",
    )
    initial_debt_years: float = P(
        1.0,
        ge=0,
        le=10,
        unit="years of revenue",
        ja="初期地方債残高",
        desc="Debt at the start, in years of revenue",
    )
    bond_rate: float = P(
        0.005,
        ge=0,
        le=0.2,
        unit="per year",
        ja="地方債利率",
        desc="Interest rate on municipal bonds",
    )
    bond_years: int = P(
        10,
        ge=1,
        le=40,
        unit="years",
        ja="償還年数",
        desc="Years over which a bond is repaid in equal parts",
    )
    debt_limit_years: float = P(
        1.8,
        ge=0,
        le=20,
        unit="years of revenue",
        ja="起債上限",
        desc="Debt may not exceed this many years of revenue",
    )


class NationParams(Params):
    """The national government's side."""

    disbursement_per_capita_yen: int = P(
        120_000,
        ge=0,
        le=10_000_000,
        unit="yen per person per year",
        ja="国庫支出金",
        desc="Earmarked national transfers to municipalities per resident",
        source="MIC local fiscal plan FY2022 (16.4% of local revenue), scaled",
    )
    health_65_plus_yen: int = P(
        85_000,
        ge=0,
        le=2_000_000,
        unit="yen per person per month",
        ja="高齢者医療介護費",
        desc="Insured health and long-term care spending per person aged 65+",
        source="MHLW national medical and LTC expenditure, rounded",
    )
    health_under_65_yen: int = P(
        16_000,
        ge=0,
        le=2_000_000,
        unit="yen per person per month",
        ja="医療費（65歳未満）",
        desc="Insured health spending per person under 65",
        source="MHLW national medical expenditure, rounded",
    )


class ServiceParams(Params):
    """Public services and satisfaction."""

    online_share: float = P(
        0.1,
        ge=0,
        le=1,
        unit="share",
        ja="オンライン手続き比率",
        desc="Share of procedures a municipality offers online (default)",
    )
    satisfaction_rate: float = P(
        0.05,
        ge=0,
        le=1,
        unit="per month",
        ja="満足度の調整速度",
        desc="Monthly share of the gap to target satisfaction closed",
    )
    service_weight: float = P(
        0.4,
        ge=0,
        le=5,
        unit="per relative service level",
        ja="サービス水準の重み",
        desc="Effect of services per resident (vs the aim) on satisfaction",
    )
    online_bonus: float = P(
        0.05,
        ge=0,
        le=1,
        unit="0-1",
        ja="オンライン利用の満足度効果",
        desc="Satisfaction gained by residents who can do procedures online",
    )
