"""Parameters of public finance: taxes, municipal budgets, the Nation, public services."""

from __future__ import annotations

from .fields import P, Params

__all__ = ["TaxParams", "FiscalParams", "NationParams", "ServiceParams"]


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
        unit="share of capital per year",
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
        desc="Fixed-asset tax on housing per resident aged 20+",
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
        ja="剰余金の基金積立割合",
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
    cash_buffer_months: float = P(
        1.0,
        ge=0,
        le=12,
        unit="months of revenue",
        ja="運転資金",
        desc="Cash the general account keeps from year to year for the months before "
        "revenue arrives; also its balance at the start",
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
        desc="Each year 1/bond_years of the outstanding debt is repaid",
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

    procedures_per_person: float = P(
        4.0,
        ge=0,
        le=100,
        unit="procedures per person per year",
        ja="一人当たり手続件数",
        desc="Administrative procedures a resident needs in a year",
    )
    staff_hours_in_person: float = P(
        1.0,
        ge=0,
        le=20,
        unit="staff hours per procedure",
        ja="窓口手続の職員時間",
        desc="Staff time for a procedure at the counter",
    )
    staff_hours_online: float = P(
        0.3,
        ge=0,
        le=20,
        unit="staff hours per procedure",
        ja="オンライン手続の職員時間",
        desc="Staff time for a procedure done online",
    )
    resident_hours_in_person: float = P(
        1.5,
        ge=0,
        le=20,
        unit="hours per procedure",
        ja="窓口手続の住民時間",
        desc="A resident's time for a procedure at the counter (travel, wait)",
    )
    resident_hours_online: float = P(
        0.25,
        ge=0,
        le=20,
        unit="hours per procedure",
        ja="オンライン手続の住民時間",
        desc="A resident's time for a procedure done online",
    )
    staff_hours_per_month: float = P(
        140.0,
        ge=1,
        le=300,
        unit="hours",
        ja="職員の月間勤務時間",
        desc="Working hours of one staff member in a month",
    )
    procedure_time_share: float = P(
        0.3,
        ge=0.01,
        le=1,
        unit="share",
        ja="手続業務の時間割合",
        desc="Share of staff time available for procedures",
    )
    fit_weight: float = P(
        0.3,
        ge=0,
        le=5,
        unit="per unit of fit",
        ja="業務適合の重み",
        desc="Effect of the systems' fit to local practice on satisfaction",
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
