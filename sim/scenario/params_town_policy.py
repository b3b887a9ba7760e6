"""What one municipality decides: programs, reinvestment, co-investment, disclosure, targets.

``TownPolicy`` is the ``policy:`` block of a municipality: which programs from when and at
what budget, how much it reinvests, co-invests, discloses and markets, its leadership, its
observed hometown-tax donations and the targets its disclosure reports against.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from .fields import P, Params, did_you_mean, problem_at

__all__ = ["Program", "ProgramSpec", "TownPolicy", "TARGETS", "TARGET_INFO", "PROGRAM_INFO"]

FiscalYear = Annotated[int, Field(ge=1950, le=2100)]
#: For editors: the keys of a mapping by fiscal year are years 1950-2100 written as digits.
YEAR_KEYS = {"propertyNames": {"pattern": "^(19[5-9][0-9]|20[0-9][0-9]|2100)$"}}
Yen = Annotated[int, Field(ge=0, le=10**13)]

#: KPIs a town can set yearly targets for (reported in its disclosure): name -> (unit, lowest,
#: highest, meaning, Japanese label). Counts are per fiscal year, the rest at its end.
TARGET_INFO: dict[str, tuple[str, float, float, str, str]] = {
    "population": ("persons", 0, 200_000_000, "Residents at the end of the year", "人口"),
    "births": ("persons per year", 0, 10_000_000, "Births in the year", "出生数"),
    "deaths": (
        "persons per year",
        0,
        10_000_000,
        "Deaths in the year; met at or below the target",
        "死亡数",
    ),
    "moves_in_20_49": (
        "persons per year",
        0,
        10_000_000,
        "In-movers aged 20-49 in the year",
        "20〜49歳の転入者数",
    ),
    "moves_out_20_49": (
        "persons per year",
        0,
        10_000_000,
        "Out-movers aged 20-49 in the year; met at or below the target",
        "20〜49歳の転出者数",
    ),
    "share_65_plus": (
        "share of residents",
        0,
        1,
        "Share of residents aged 65+ at the end of the year; met at or below the target",
        "高齢化率",
    ),
    "online_procedure_share": (
        "share of procedures",
        0,
        1,
        "Share of procedures done online",
        "オンライン手続きの割合",
    ),
    "satisfaction": ("score 0-1", 0, 1, "Residents' mean satisfaction with services", "住民満足度"),
    "trust": ("score 0-1", 0, 1, "Residents' trust in the town hall", "行政への信頼"),
}
TARGETS = tuple(TARGET_INFO)


class Program(StrEnum):
    """The programs a town can run (each a YAML switch with its cost)."""

    CHILDCARE = "childcare_support"  # free fees, child allowances
    ELDERLY_DIGITAL = "elderly_digital"  # tablets and classes for the elderly
    TRANSPORT = "on_demand_transport"  # on-demand and autonomous buses
    INFRASTRUCTURE = "digital_infrastructure"  # broadband and 5G
    EXPERIMENT_FIELD = "experiment_field"  # a test field offered to firms
    DIGITAL_DIVISION = "digital_division"  # a digital promotion division
    TOWN_COMPANY = "town_company"  # a town-owned company with private partners


#: What each program does, in one line (English, Japanese label); docs/ODD.md 7.13 in full.
PROGRAM_INFO: dict[Program, tuple[str, str]] = {
    Program.CHILDCARE: (
        "Free childcare fees and child allowances: higher fertility, more families aged 20-49 "
        "stay and arrive",
        "子育て支援",
    ),
    Program.ELDERLY_DIGITAL: (
        "Tablets and classes for the elderly: residents 65+ learn digital skills faster",
        "高齢者のデジタル活用支援",
    ),
    Program.TRANSPORT: (
        "On-demand and autonomous buses: residents without a car (under 18, or at "
        "driving_age_limit and over) are more satisfied",
        "オンデマンド交通",
    ),
    Program.INFRASTRUCTURE: (
        "Broadband and 5G: more remote jobs, faster digital adoption by firms, a little "
        "attractiveness",
        "通信基盤（光回線・5G）整備",
    ),
    Program.EXPERIMENT_FIELD: (
        "A test field offered to firms: draws tech start-ups and key persons who connect people",
        "実証フィールド",
    ),
    Program.DIGITAL_DIVISION: (
        "A digital promotion division in the town hall: more procedures handled as its culture "
        "changes, and a push to change it",
        "デジタル推進課",
    ),
    Program.TOWN_COMPANY: (
        "A town-owned company with private partners: the town founds it and buys from it, and "
        "it draws private co-investment",
        "まちづくり会社",
    ),
}


class ProgramSpec(Params):
    """One program of one town: when and at what yearly budget."""

    start_fy: int = P(
        ...,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="開始年度",
        source="setting",
        desc="First fiscal year of the program",
    )
    end_fy: int | None = P(
        None,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="終了年度",
        source="setting",
        desc="Last fiscal year (null or left out: runs to the end of the run)",
    )
    budget_yen: int = P(
        ...,
        ge=0,
        le=10**11,
        unit="yen per year",
        ja="年間予算",
        desc="Yearly public spending on the program (before reinvestment)",
    )
    budget_from_fy: dict[FiscalYear, Yen] = P(
        {},
        unit="yen per year, by fiscal year",
        ja="年度別予算",
        source="setting",
        desc="Budget changes: from each listed fiscal year on, this yearly budget replaces "
        "budget_yen (e.g. a step up when a service becomes free)",
        schema=YEAR_KEYS,
    )

    def budget_in(self, fy: int) -> int:
        """The yearly budget in fiscal year ``fy`` (0 outside the program's years)."""
        if fy < self.start_fy or (self.end_fy is not None and fy > self.end_fy):
            return 0
        changes = [y for y in self.budget_from_fy if y <= fy]
        return self.budget_from_fy[max(changes)] if changes else self.budget_yen


class TownPolicy(Params):
    """What one municipality does with its money and how it governs."""

    programs: dict[Program, ProgramSpec] = Field(default_factory=dict, description="Programs")
    reinvestment_share: float = P(
        0.0,
        ge=0,
        le=1,
        unit="share of revenue growth",
        ja="再投資率",
        desc="Each fiscal year, this share of the growth of the town's own revenue (its own "
        "taxes plus the donations left after gifts, costs and funds) above that revenue in the "
        "first simulated fiscal year is added to its programs' budgets, in proportion to them",
    )
    coinvestment_ratio: float = P(
        0.0,
        ge=0,
        le=10,
        unit="private yen per public yen",
        ja="官民共同投資比率",
        desc="Private money matched to public program spending, at full trust",
    )
    disclosure: float = P(
        0.3,
        ge=0,
        le=1,
        unit="0-1",
        ja="情報公開度",
        desc="How fully the town discloses each year what it did with the money",
    )
    governance: float = P(
        0.5,
        ge=0,
        le=1,
        unit="0-1",
        ja="ガバナンス",
        desc="Clarity of governance (plans, evaluation, accountability)",
    )
    vision_since_fy: int | None = P(
        None,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="ビジョン策定年度",
        source="setting",
        desc="Fiscal year since which the town commits to a plan (null or left out: no plan)",
    )
    leadership: float = P(
        0.3,
        ge=0,
        le=1,
        unit="0-1",
        ja="リーダーシップ",
        desc="Top-down leadership of change in the town hall",
    )
    marketing_yen: int = P(
        0,
        ge=0,
        le=10**10,
        unit="yen per year",
        ja="ふるさと納税の広報費",
        desc="Yearly spending on promoting hometown-tax donations",
    )
    donations_yen: dict[FiscalYear, Yen] = P(
        {},
        unit="yen per fiscal year",
        ja="寄附額の実績",
        source="setting",
        desc="Observed donations by fiscal year: the base the model varies around "
        "(linear in between, flat after the last year)",
        schema=YEAR_KEYS,
    )
    return_gift_share: float = P(
        0.3,
        ge=0,
        le=0.3,
        unit="share of donations",
        ja="返礼品の割合",
        desc="Return gifts bought from local firms (at most 30%)",
        source="MIC 2019 rules",
    )
    donation_cost_share: float = P(
        0.2,
        ge=0,
        le=0.5,
        unit="share of donations",
        ja="返礼品以外の経費",
        desc="Portal fees, shipping, administration (all costs with gifts at most 50%)",
        source="MIC 2019 rules",
    )
    donation_fund_share: float = P(
        0.5,
        ge=0,
        le=1,
        unit="share of net donations",
        ja="寄附金の基金積立割合",
        desc="Share of donations after costs earmarked into funds",
    )
    fund_draw_share: float = P(
        0.2,
        ge=0,
        le=1,
        unit="share per year",
        ja="基金の取崩し割合",
        desc="Share of the earmarked fund drawn each fiscal year to pay for the programs "
        "(never more than their net cost)",
    )

    targets: dict[str, float] = P(
        {},
        unit="by target (each in its KPI's own unit)",
        ja="目標値",
        source="setting",
        desc="Yearly targets reported in the disclosure, by KPI name (targets.<name> below)",
        schema={
            "properties": {
                name: {"type": "number", "minimum": lo, "maximum": hi, "description": meaning}
                for name, (_, lo, hi, meaning, _) in TARGET_INFO.items()
            },
            "additionalProperties": False,
        },
    )

    @field_validator("targets")
    @classmethod
    def _targets_in_their_units(cls, targets: dict[str, float]) -> dict[str, float]:
        """Each target within its KPI's range: a share as 0.36, not 36; no negative counts;
        each reported at the target's own line."""
        found = []
        for name, value in targets.items():
            if name not in TARGET_INFO:
                continue  # unknown names: the model check below names them
            unit, lo, hi, meaning, _ = TARGET_INFO[name]
            if not lo <= value <= hi:
                pct = hi == 1 and 1 < value <= 100
                hint = f"; for {value:g}% write {value / 100:g}" if pct else ""
                found.append(
                    (
                        (name,),
                        f"got {value:g}, expected a value from {lo:,} to {hi:,} in {unit} "
                        f"({meaning}){hint}",
                    )
                )
        if found:
            raise problem_at(*found)
        return targets

    @model_validator(mode="after")
    def _caps(self) -> TownPolicy:
        """Checks across fields, each reported at the entry that is wrong (all at once)."""
        found: list[tuple[tuple[str, ...], str]] = []
        gifts, costs = self.return_gift_share, self.donation_cost_share
        if gifts + costs > 0.5:
            at = "donation_cost_share" if "donation_cost_share" in self.model_fields_set else ""
            found.append(
                (
                    (at or "return_gift_share",),
                    f"return_gift_share {gifts:g} + donation_cost_share {costs:g} = "
                    f"{gifts + costs:g}; expected at most 0.5 (MIC 2019 rules: all costs of "
                    "hometown-tax donations at most 50%)",
                )
            )
        japanese = {info[4]: key for key, info in TARGET_INFO.items()}
        for name in [t for t in self.targets if t not in TARGETS]:
            if name in japanese:  # the label from docs/parameters.md, typed as the name
                key, value = japanese[name], self.targets[name]
                found.append(
                    (
                        ("targets", name),
                        f"'{name}' is the Japanese label of the target '{key}'; write "
                        f"{key}: {value:g}",
                    )
                )
                continue
            hint = did_you_mean(name, TARGETS) or f"; targets are {', '.join(TARGETS)}"
            found.append((("targets", name), f"unknown target '{name}'{hint}"))
        for name, spec in self.programs.items():
            where = ("programs", name.value)
            start, end = spec.start_fy, spec.end_fy
            if end is not None and end < start:
                found.append(((*where, "end_fy"), f"end_fy {end} is before start_fy {start}"))
                continue
            for year in spec.budget_from_fy:
                if year < start:
                    found.append(
                        (
                            (*where, "budget_from_fy", str(year)),
                            f"the year {year} is before start_fy {start}; a budget for the "
                            "program's first year goes in budget_yen",
                        )
                    )
                elif end is not None and year > end:
                    found.append(
                        (
                            (*where, "budget_from_fy", str(year)),
                            f"the year {year} is after end_fy {end}: the program has ended by then",
                        )
                    )
        if found:
            raise problem_at(*found)
        return self
