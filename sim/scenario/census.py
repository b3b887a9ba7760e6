"""Scenarios of Hokkaido towns built from the census files in ``data/`` (``make scenarios``).

``python -m sim.scenario.census`` writes ``scenarios/hokkaido.yaml`` (the 179 municipalities
from the 2010 census), ``scenarios/tokachi.yaml`` (Tokachi's 19 from the 2020 census) and the
town block of Kamishihoro from the 2015 census (``scenarios/kamishihoro_baseline.yaml``), so
that every figure in them can be traced to a file and a table:

- populations: the census of the start year (2010, 2015: data/observed; 2020:
  data/census2020_municipal_population.csv, preliminary counts);
- age pyramids: the census by sex and 5-year group (2010, 2015); for 2020, which was not
  found by municipality, an estimate: the town's 2015 pyramid aged five years (each cohort one
  group on; the newborn group kept at its 2015 size) and scaled within 0-14, 15-64 and 65+ to
  its 2020 broad groups (IPSS 2023 base population);
- places: town-hall coordinates (data/observed/hokkaido_municipalities.csv); destinations
  beyond the region as population-weighted centres of their municipalities (2020 census);
- fertility: each town's total fertility rate from its births in the two years before the
  start (resident register) over what its women by age would bear at a rate of 1 (the MHLW
  age schedule), shrunk towards its subprefecture's rate (``PRIOR_BIRTHS``) as MHLW's
  Bayesian municipal estimates are.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .params_people import DemographyParams

__all__ = ["Census", "main"]

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
OBSERVED = DATA / "observed"
TOKYO_AREA = ("11", "12", "13", "14")  # Saitama, Chiba, Tokyo, Kanagawa
#: Weight of a subprefecture's fertility in a town's estimate, in births (an assumption: a
#: town with 20 births a year is half its own rate, half its subprefecture's).
PRIOR_BIRTHS = 20.0


def _centre(lat: np.ndarray, lon: np.ndarray, weight: np.ndarray) -> tuple[float, float]:
    """Population-weighted centre on the sphere (degrees, rounded to 0.001)."""
    la, lo = np.radians(lat), np.radians(lon)
    w = weight / weight.sum()
    x = (w * np.cos(la) * np.cos(lo)).sum()
    y = (w * np.cos(la) * np.sin(lo)).sum()
    z = (w * np.sin(la)).sum()
    return round(float(np.degrees(np.arctan2(z, np.hypot(x, y)))), 3), round(
        float(np.degrees(np.arctan2(y, x))), 3
    )


class Census:
    """The census files, read once."""

    def __init__(self) -> None:
        read = {"dtype": {"code": str}}
        self.towns = pd.read_csv(OBSERVED / "hokkaido_municipalities.csv", **read)
        self.ages = pd.read_csv(OBSERVED / "census_age_hokkaido.csv", **read)
        self.broad = pd.read_csv(OBSERVED / "census_broad_ages_hokkaido.csv", **read)
        self.vital = pd.read_csv(OBSERVED / "hokkaido_vital.csv", **read)
        pop15 = pd.read_csv(OBSERVED / "census2015_hokkaido_population.csv", **read)
        self.towns = self.towns.merge(
            pop15.rename(columns={"population": "pop2015"})[["code", "pop2015"]]
        )
        offices = pd.read_csv(OBSERVED / "municipal_offices_japan.csv", **read)
        c20 = pd.read_csv(
            DATA / "census2020_municipal_population.csv",
            dtype={"area_code": str},
            encoding="utf-8-sig",
        )
        self.japan = offices.merge(c20, left_on="code", right_on="area_code")
        self.japan["population"] = self.japan.population.fillna(0)  # Futaba: no count

    def prefecture(self, code: str) -> str:
        """The Japanese name of a municipality's prefecture
        (data/observed/municipal_offices_japan.csv)."""
        return str(self.japan.loc[self.japan.code == code, "prefecture_ja"].iloc[0])

    def population(self, code: str, year: int) -> int:
        return int(self.towns.loc[self.towns.code == code, f"pop{year}"].iloc[0])

    def pyramid(self, code: str, year: int) -> dict:
        """Persons by sex and 5-year group (last group open) from the census, or for 2020 the
        estimate described in the module docstring."""
        if year == 2020:
            return self._aged_2020(code)
        a = self.ages[(self.ages.code == code) & (self.ages.year == year) & (self.ages.age >= 0)]
        out = {"year": year, "source": f"{year} census (data/observed/census_age_hokkaido.csv)"}
        for sex in ("male", "female"):
            out[sex] = a[a.sex == sex].sort_values("age").persons.astype(int).tolist()
        return out

    def _aged_2020(self, code: str) -> dict:
        base = self.pyramid(code, 2015)
        b = self.broad[(self.broad.code == code) & (self.broad.year == 2020)].iloc[0]
        want = np.array([b.persons_0_14, b.persons_15_64, b.persons_65_plus], dtype=float)
        aged = {}
        for sex in ("male", "female"):
            g = np.array(base[sex], dtype=float)
            # one group on: the open last group keeps its own survivors and those who join it
            shifted = np.concatenate([[g[0]], g[:-2], [g[-2] + g[-1]]])
            aged[sex] = shifted
        both = aged["male"] + aged["female"]
        have = np.array([both[:3].sum(), both[3:13].sum(), both[13:].sum()])
        factor = want / np.maximum(have, 1)
        for sex in aged:
            scaled = aged[sex].copy()
            scaled[:3] *= factor[0]
            scaled[3:13] *= factor[1]
            scaled[13:] *= factor[2]
            aged[sex] = np.round(scaled).astype(int).tolist()
        return {
            "year": 2020,
            "source": "estimate: the 2015 census pyramid aged five years, scaled to the 2020 "
            "broad groups (IPSS 2023 base)",
            **aged,
        }

    def tfr(self, codes: list[str], year: int) -> dict[str, float]:
        """Each town's fertility from its births in the two years before ``year`` (see the
        module docstring), rounded to 0.01."""
        d = DemographyParams()
        w = np.asarray(d.fertility_schedule) / sum(d.fertility_schedule)  # ages 15-19 .. 45-49
        v = self.vital[self.vital.basis.str.startswith("resident_register")]
        years = (year - 2, year - 1) if year > 2010 else (2009, 2010)
        births, expected = {}, {}
        for code in codes:
            women = np.array(self.pyramid(code, year)["female"][3:10], dtype=float)
            expected[code] = float((women * w / 5).sum())  # births a year at a rate of 1
            rows = v[(v.code == code) & v.year.isin(years)]
            births[code] = float(rows.births.mean())
        towns = self.towns.set_index("code")
        out = {}
        for code in codes:
            sub = towns.loc[code, "subprefecture"]
            peers = [c for c in codes if towns.loc[c, "subprefecture"] == sub]
            prior = sum(births[c] for c in peers) / max(sum(expected[c] for c in peers), 1e-9)
            rate = (PRIOR_BIRTHS + births[code]) / (PRIOR_BIRTHS / prior + expected[code])
            out[code] = round(rate, 2)
        return out

    def outside(self, groups: dict[str, tuple[str, list[str]]]) -> dict[str, dict]:
        """Outside destinations, each a group of municipalities (codes), as
        {key: {name_ja, population, lat, lon}} from the 2020 census."""
        out = {}
        for key, (name_ja, codes) in groups.items():
            x = self.japan[self.japan.code.isin(codes)]
            lat, lon = _centre(x.lat.to_numpy(), x.lon.to_numpy(), x.population.to_numpy())
            out[key] = {
                "name_ja": name_ja,
                "population": int(x.population.sum()),
                "lat": lat,
                "lon": lon,
                "towns": len(x),
                "beyond_prefecture": not all(c.startswith("01") for c in x.code),
            }
        return out

    def prefecture_codes(self, prefectures: tuple[str, ...]) -> list[str]:
        """Municipal codes of the given prefectures (first two digits)."""
        return self.japan.code[self.japan.code.str[:2].isin(prefectures)].tolist()


def _outside_groups(c: Census, region: list[str]) -> dict[str, tuple[str, list[str]]]:
    """Beyond a region of Hokkaido towns: Sapporo (unless in it), the rest of the region's
    subprefectures (for a part of one), the rest of Hokkaido, the Tokyo area, the rest of
    Japan."""
    hokkaido = c.towns.code.tolist()
    inside = set(region)
    groups: dict[str, tuple[str, list[str]]] = {}
    subs = set(c.towns.loc[c.towns.code.isin(region), "subprefecture"])
    same_sub = c.towns.loc[c.towns.subprefecture.isin(subs), "code"].tolist()
    rest_sub = [x for x in same_sub if x not in inside and x != "01100"]
    if rest_sub and len(subs) == 1:
        sub = next(iter(subs))
        sub_ja = c.towns.loc[c.towns.subprefecture == sub, "subprefecture_ja"].iloc[0]
        short = sub_ja.removesuffix("振興局").removesuffix("総合")
        groups[f"rest_of_{sub.lower()}"] = (f"{short}の他の市町村", rest_sub)
    if "01100" not in inside:
        groups["sapporo"] = ("札幌市", ["01100"])
    taken = inside | {"01100"} | {x for _, (_, codes) in groups.items() for x in codes}
    rest_hok = [x for x in hokkaido if x not in taken]
    if rest_hok:
        groups["rest_of_hokkaido"] = ("北海道の他の市町村", rest_hok)
    groups["tokyo_area"] = ("東京圏", c.prefecture_codes(TOKYO_AREA))
    others = [x for x in c.japan.code if x[:2] not in (*TOKYO_AREA, "01")]
    groups["rest_of_japan"] = ("その他の国内", others)
    return groups


def _flow(values: list[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def town_yaml(c: Census, code: str, year: int, tfr: float | None, indent: str = "  ") -> str:
    """The YAML block of one town (key, names, population, pyramid, place, fertility)."""
    t = c.towns.set_index("code").loc[code]
    p = c.pyramid(code, year)
    lines = [
        f"{indent}{t.key}:",
        f"{indent}  name_ja: {t.name_ja}",
        f'{indent}  code: "{code}"',
        f"{indent}  prefecture: {c.prefecture(code)}",
        f"{indent}  population: {c.population(code, year)}  # {year} census",
        f"{indent}  lat: {t.lat:.5f}  # town hall (data/observed/hokkaido_municipalities.csv)",
        f"{indent}  lon: {t.lon:.5f}  # town hall",
    ]
    if tfr is not None:
        lines.append(f"{indent}  tfr: {tfr}  # from its births (sim/scenario/census.py)")
    lines += [
        f"{indent}  age_pyramid:  # census by sex and 5-year age group",
        f"{indent}    year: {p['year']}",
        f'{indent}    source: "{p["source"]}"',
        f"{indent}    male: {_flow(p['male'])}",
        f"{indent}    female: {_flow(p['female'])}",
    ]
    return "\n".join(lines) + "\n"


def outside_yaml(places: dict[str, dict], indent: str = "  ") -> str:
    lines = [f"{indent}outside:  # 2020 census; centre weighted by population (census.py)"]
    for key, x in places.items():
        lines += [
            f"{indent}  {key}:  # its municipalities in the 2020 census",
            f"{indent}    name_ja: {x['name_ja']}",
            f"{indent}    population: {x['population']}",
            f"{indent}    lat: {x['lat']}",
            f"{indent}    lon: {x['lon']}",
            f"{indent}    towns: {x['towns']}",
            f"{indent}    beyond_prefecture: {str(x['beyond_prefecture']).lower()}",
        ]
    return "\n".join(lines) + "\n"


def region_yaml(c: Census, codes: list[str], year: int, head: str, body: str) -> str:
    """A scenario file: ``head`` (comments and top keys), the outside destinations, the towns
    of ``codes`` at census ``year``, and ``body`` (more keys) between region and towns."""
    tfr = c.tfr(codes, year)
    text = head + "region:\n" + body + outside_yaml(c.outside(_outside_groups(c, codes)))
    text += "municipalities:\n"
    for code in codes:
        text += town_yaml(c, code, year, tfr[code])
    return text


HOKKAIDO_HEAD = """\
# yaml-language-server: $schema=../schema/scenario.schema.json
# Hokkaido (北海道): its 179 municipalities from the 2010 census, to compare 2010->2020 with
# the 2020 census town by town (docs/validation.md). Generated by `make scenarios`
# (python -m sim.scenario.census) from data/observed/: every town's population and age
# pyramid by sex (2010 census), its town hall's place and its fertility from its births in
# FY2009-2010; Sapporo and the 14 subprefecture hubs are towns like the others.
name: hokkaido
description: >
  Hokkaido's 179 municipalities from the 2010 census (5,506,419 persons), from October 2010
  (the census day) for ten years; movers choose among them, the Tokyo area and the rest of
  Japan. Baseline economy, no programs, own IT systems.
run:
  start_year: 2010
  start_month: 10         # the census counts 1 October: step 0 is the end of September
  years: 10
  seed: 1
  scale: 20               # a simulated person for 20: about 275,000 agents
"""

TOKACHI_HEAD = """\
# yaml-language-server: $schema=../schema/scenario.schema.json
# Tokachi subprefecture (十勝), Hokkaido: its 19 municipalities from the 2020 census.
# Generated by `make scenarios` (python -m sim.scenario.census) from data/: populations from
# the 2020 census (preliminary counts, 332,918 persons), age pyramids estimated for 2020
# (each town's 2015 census pyramid aged five years and scaled to its 2020 broad age groups:
# the 2020 census by 5-year group was not found by municipality), town halls' places,
# fertility from each town's births in 2018-2019. Beyond the region: Sapporo, the rest of
# Hokkaido, the Tokyo area and the rest of Japan.
name: tokachi
description: >
  The 19 municipalities of Tokachi from the 2020 census, neighbours within 40 km commuting
  and shopping range, Obihiro as the hub. Baseline economy, no programs.
run:
  start_year: 2020
  start_month: 10         # the census counts 1 October
  years: 20
  seed: 1
"""

REGION_BODY = """\
  commute_km: 40          # assumption: about an hour by car
"""


KAMISHIHORO_HEAD = """\
# yaml-language-server: $schema=../schema/scenario.schema.json
# Kamishihoro (上士幌町) as an ordinary rural town: the same town from the 2015 census, with
# the national-average hometown-tax donations and no programs. The base of
# kamishihoro_no_programs.yaml (its observed donations, no programs) and kamishihoro.yaml
# (donations and programs), and the rural town of the pattern tests. Generated by `make
# scenarios` (python -m sim.scenario.census): population and age pyramid from the 2015
# census, fertility from its births in 2013-2014, and the places beyond it (the rest of
# Tokachi with Obihiro, Sapporo, the rest of Hokkaido, the Tokyo area, the rest of Japan).
name: kamishihoro_baseline
description: >
  Kamishihoro as one town from the 2015 census (4,765 persons): commuting and shopping beyond
  the town go through Outside; movers choose among the rest of Tokachi, Sapporo, the rest of
  Hokkaido, the Tokyo area and the rest of Japan. Baseline economy, no programs, donations at
  the national average per resident: an ordinary rural town.
run:
  start_year: 2015
  start_month: 10         # the census counts 1 October
  years: 20
  seed: 1
"""


def tokachi_codes(c: Census) -> list[str]:
    return c.towns.loc[c.towns.subprefecture == "Tokachi", "code"].tolist()


def main() -> None:
    c = Census()
    scenarios = ROOT / "scenarios"
    hokkaido = region_yaml(
        c, c.towns.code.tolist(), 2010, HOKKAIDO_HEAD, "  name: Hokkaido\n" + REGION_BODY
    )
    (scenarios / "hokkaido.yaml").write_text(hokkaido, encoding="utf-8")
    tokachi = region_yaml(
        c, tokachi_codes(c), 2020, TOKACHI_HEAD, "  name: Tokachi\n" + REGION_BODY
    )
    (scenarios / "tokachi.yaml").write_text(tokachi, encoding="utf-8")
    town = region_yaml(c, ["01633"], 2015, KAMISHIHORO_HEAD, "  name: Kamishihoro\n")
    (scenarios / "kamishihoro_baseline.yaml").write_text(town, encoding="utf-8")
    print("wrote scenarios/hokkaido.yaml, tokachi.yaml and kamishihoro_baseline.yaml")


if __name__ == "__main__":
    main()
