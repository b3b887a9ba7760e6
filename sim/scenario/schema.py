"""The scenario: one pydantic model for everything a run needs.

A scenario file is YAML validated against :class:`Scenario`. Each block maps to one mechanism's
parameters; ``municipalities`` lists the places with their own figures; ``generate`` makes a
synthetic region of a given size instead (for scale tests).
"""

from __future__ import annotations

import hashlib
import json
import re

from pydantic import Field, field_validator, model_validator

from .fields import ATTRACTIVENESS, P, Params, did_you_mean, problem_at
from .params_firms import FirmParams, TradeParams
from .params_it import ITParams, Regime
from .params_migration import MigrationParams
from .params_people import DemographyParams, HouseholdParams, LabourParams, LearningParams
from .params_policy import PolicyParams, TownPolicy
from .params_public import FiscalParams, NationParams, ServiceParams, TaxParams

__all__ = ["Scenario", "RunParams", "RegionParams", "MunicipalitySpec", "GeneratedRegion"]


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


class RegionParams(Params):
    """The region as a whole and its network of municipalities."""

    name: str = P("region", unit="text", ja="地域名", source="setting", desc="Name of the region")
    commute_km: float = P(
        40.0,
        ge=0,
        le=500,
        unit="km",
        ja="通勤圏",
        desc="Municipalities closer than this are neighbours: commuting, "
        "shopping and moves within the region",
    )


class MunicipalitySpec(Params):
    """One municipality and its own figures; unknown figures fall back to the defaults."""

    name_ja: str = P("", unit="text", ja="名称", source="setting", desc="Japanese name")
    code: str = P(
        "",
        unit="5 digits",
        ja="団体コード",
        source="setting",
        desc="Local government code without check digit ('' if none)",
        schema={"pattern": "^([0-9]{5})?$"},
    )
    population: int = P(
        ..., ge=1, le=20_000_000, unit="persons", ja="人口", desc="Population at the start"
    )
    share_0_14: float = P(
        0.112,
        ge=0,
        le=0.5,
        unit="share",
        ja="年少人口割合",
        desc="Share aged 0-14 at the start",
        source="Statistics Bureau 2024 (Japan)",
    )
    share_65_plus: float = P(
        0.293,
        ge=0,
        le=0.8,
        unit="share",
        ja="高齢化率",
        desc="Share aged 65+ at the start",
        source="Statistics Bureau 2024 (Japan)",
    )
    lat: float = P(35.68, ge=20, le=46, unit="degrees", ja="緯度", desc="Latitude of the town hall")
    lon: float = P(
        139.76, ge=122, le=154, unit="degrees", ja="経度", desc="Longitude of the town hall"
    )
    area_km2: float = P(100.0, gt=0, le=3000, unit="km2", ja="面積", desc="Land area")
    it_regime: Regime = P(
        Regime.LEGACY,
        unit="regime",
        ja="基幹システムの形態",
        source="setting",
        desc="IT regime at the start: legacy, joint or standard",
    )
    policy: TownPolicy = Field(default_factory=TownPolicy, description="Programs and governance")
    it_group: str = P(
        "",
        unit="text",
        ja="共同利用グループ",
        source="setting",
        desc="Name of the joint-system group this municipality belongs to",
    )
    it_addon_yen: int | None = P(
        None,
        ge=0,
        le=10**10,
        unit="yen per year",
        ja="独自アドオン費（団体別）",
        source="setting",
        desc="This municipality's yearly spending on local add-ons while on the standard; "
        "leave out for it.addon_yen",
    )
    amenity: float = P(
        0.0,
        ge=-2,
        le=2,
        unit=ATTRACTIVENESS,
        ja="固有の魅力",
        desc="Attractiveness not explained by jobs, wages, services or housing (nature, "
        "climate, reputation); 0 is the national norm",
    )

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if v and not re.fullmatch(r"\d{5}", v):
            raise ValueError("expected a 5-digit local government code such as '01633'")
        return v

    @model_validator(mode="after")
    def _joint_needs_group(self) -> MunicipalitySpec:
        if self.it_regime == Regime.JOINT and not self.it_group:
            raise problem_at(
                (
                    ("it_regime",),
                    "it_regime 'joint' needs an it_group naming the shared system, "
                    "e.g. it_group: tokachi",
                )
            )
        return self

    @model_validator(mode="after")
    def _ages(self) -> MunicipalitySpec:
        young, old = self.share_0_14, self.share_65_plus
        if young + old >= 1:
            at = "share_65_plus" if "share_65_plus" in self.model_fields_set else "share_0_14"
            raise problem_at(
                (
                    (at,),
                    f"share_0_14 {young:g} + share_65_plus {old:g} = {young + old:g}; "
                    "expected below 1 (someone must be aged 15-64)",
                )
            )
        return self


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


class Scenario(Params):
    """A whole scenario: every parameter of a run."""

    name: str = P(
        "scenario",
        unit="text",
        ja="シナリオ名",
        source="setting",
        desc="Short name of the scenario",
    )
    description: str = P(
        "", unit="text", ja="説明", source="setting", desc="What the scenario represents"
    )
    run: RunParams = Field(default_factory=RunParams, description="Run length, seed, scale")
    region: RegionParams = Field(default_factory=RegionParams, description="The region")
    municipalities: dict[str, MunicipalitySpec] = Field(
        default_factory=dict,
        description="Municipalities by key: a lower-case letter, then lower-case letters, "
        "digits or _",
        json_schema_extra={"propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"}},
    )
    generate: GeneratedRegion | None = Field(
        None, description="Generate a synthetic region instead of listing municipalities"
    )
    demography: DemographyParams = Field(
        default_factory=DemographyParams, description="Births, deaths"
    )
    households: HouseholdParams = Field(default_factory=HouseholdParams, description="Households")
    labour: LabourParams = Field(default_factory=LabourParams, description="Labour market")
    learning: LearningParams = Field(default_factory=LearningParams, description="Digital literacy")
    migration: MigrationParams = Field(default_factory=MigrationParams, description="Migration")
    firms: FirmParams = Field(default_factory=FirmParams, description="Firms and sectors")
    trade: TradeParams = Field(default_factory=TradeParams, description="Production, consumption")
    taxes: TaxParams = Field(default_factory=TaxParams, description="Taxes and pensions")
    fiscal: FiscalParams = Field(default_factory=FiscalParams, description="Municipal budgets")
    nation: NationParams = Field(default_factory=NationParams, description="National government")
    it: ITParams = Field(default_factory=ITParams, description="Municipal IT systems")
    policy: PolicyParams = Field(default_factory=PolicyParams, description="Investment loops")
    services: ServiceParams = Field(default_factory=ServiceParams, description="Public services")

    @field_validator("municipalities")
    @classmethod
    def _keys(cls, v: dict[str, MunicipalitySpec]) -> dict[str, MunicipalitySpec]:
        bad = [key for key in v if not re.fullmatch(r"[a-z][a-z0-9_]*", key)]
        if bad:
            raise problem_at(
                *(
                    (
                        (key,),
                        f"the key '{key}': a municipality key uses lower-case letters, digits "
                        "and _, starting with a letter (the Japanese name goes in name_ja)",
                    )
                    for key in bad
                )
            )
        return v

    @model_validator(mode="after")
    def _schedule_names_known_towns(self) -> Scenario:
        known = list(self.municipalities)
        found = []
        for i, change in enumerate(self.it.schedule):
            for j, key in enumerate(change.municipalities or []):
                if self.municipalities and key not in known:
                    hint = did_you_mean(key, known) or f"; the scenario lists {', '.join(known)}"
                    at = ("it", "schedule", str(i), "municipalities", str(j))
                    found.append((at, f"unknown municipality '{key}'{hint}"))
        if found:
            raise problem_at(*found)
        return self

    @model_validator(mode="after")
    def _has_region(self) -> Scenario:
        if not self.municipalities and self.generate is None:
            raise problem_at(
                ((), "the scenario has no municipalities: list some or set 'generate'")
            )
        if self.municipalities and self.generate is not None:
            raise problem_at(
                (("generate",), "give either 'municipalities' or 'generate', not both")
            )
        return self

    @model_validator(mode="after")
    def _towns_are_placed(self) -> Scenario:
        """With more than one town, distances decide who is a neighbour: no default place."""
        if len(self.municipalities) < 2:
            return self
        found = []
        for key, town in self.municipalities.items():
            missing = [f for f in ("lat", "lon") if f not in town.model_fields_set]
            if missing:
                found.append(
                    (
                        ("municipalities", key),
                        f"{key} has no {' and '.join(missing)}: with more than one "
                        "municipality, give each town hall's lat and lon (distances decide "
                        "neighbours, commuting and moves)",
                    )
                )
        if found:
            raise problem_at(*found)
        return self

    @model_validator(mode="after")
    def _dates_in_the_run(self) -> Scenario:
        """Entries whose years lie wholly before the run would silently do nothing."""
        first = self.run.first_fiscal_year
        found = []
        for key, town in self.municipalities.items():
            for name, spec in town.policy.programs.items():
                if spec.end_fy is not None and spec.end_fy < first:
                    found.append(
                        (
                            ("municipalities", key, "policy", "programs", name.value, "end_fy"),
                            f"the program ends in FY{spec.end_fy}, before the run starts "
                            f"(FY{first}): it would never run",
                        )
                    )
        for i, change in enumerate(self.it.schedule):
            if change.fy < first:
                found.append(
                    (
                        ("it", "schedule", str(i), "fy"),
                        f"{change.fy} is before the run starts (FY{first}); for a switch made "
                        "before the run, set the town's it_regime instead",
                    )
                )
        if found:
            raise problem_at(*found)
        return self

    def digest(self) -> str:
        """SHA-256 of the resolved scenario: the identity of a run's inputs."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()
