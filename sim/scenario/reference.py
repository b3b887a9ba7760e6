"""The parameter reference and the JSON Schema, both read from the pydantic schema."""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

import yaml
from pydantic import BaseModel

from .fields import bounds, item_bounds, open_ends, range_text, unwrap_annotation
from .params_firms import DEFAULT_SECTORS, SECTOR_INFO, SECTORS, SectorParams
from .params_town_policy import PROGRAM_INFO, TARGET_INFO
from .problems import ScenarioError
from .schema import Scenario

__all__ = ["parameters", "reference", "json_schema"]

#: ``extends:``, read by the loader rather than the schema (sim/scenario/loader.py).
EXTENDS = {
    "path": "extends",
    "default": None,
    "unit": "file path",
    "min": None,
    "max": None,
    "open": (False, False),
    "each": False,
    "description": "A scenario file this one builds on, its path relative to this file's "
    "folder: that file is read first (with what it extends in turn), then this file's values "
    "are merged over it, block by block (a block merges key by key; a number, text or list "
    "replaces the whole value). Under municipalities, a town set to null (`kamishihoro: null` "
    "or `kamishihoro: ~`) is left out of what this file extends (it must be a town there); "
    "anywhere else null is a value as usual. No circles.",
    "label_ja": "継承元シナリオ",
    "source": "setting",
    "kind": "parameter",
}

NOTES = [
    "Values are written as in YAML: `null` (or leaving the key out) for no value, `true` and "
    "`false` for switches.",
    "Source `assumption` marks a modelling assumption rather than a sourced figure.",
    "Attractiveness is a score against the national norm (0) on a log scale: arrivals from "
    "Outside are multiplied by exp(pull x attractiveness), the yearly chance of leaving by "
    "exp(-push x attractiveness) and new firms by exp(entry_sensitivity x attractiveness). At "
    "those strengths' default of 1, +0.1 means about 10% more arrivals and new firms and 10% "
    "fewer departures; -0.1 the reverse.",
    "A relative weight is rescaled so that its group adds up to 1 (`job_share` over the 8 "
    "sectors, `in_age_shares` over its 7 age groups).",
]


def _names(path: str) -> list[dict[str, Any]]:
    """The names a planner types under ``path`` (programs, sectors, targets), as rows."""

    def row(name: str, unit: str, meaning: str, ja: str, **kw: Any) -> dict[str, Any]:
        out = {
            "path": f"{path}.{name}",
            "default": "",
            "unit": unit,
            "min": None,
            "max": None,
            "open": (False, False),
            "each": False,
            "description": meaning,
            "label_ja": ja,
            "source": "",
            "kind": "name",
        }
        return {**out, **kw}

    if path.endswith(".policy.programs"):
        return [row(p.value, "program name", *PROGRAM_INFO[p]) for p in PROGRAM_INFO]
    if path == "firms.sectors":
        return [
            row(name, "sector name", *SECTOR_INFO[name], defaults=_sector_defaults(name))
            for name in SECTORS
        ]
    if path.endswith(".policy.targets"):
        return [
            row(name, unit, meaning, ja, min=lo, max=hi, kind="target", default="no target")
            for name, (unit, lo, hi, meaning, ja) in TARGET_INFO.items()
        ]
    return []


def _sector_defaults(name: str) -> str:
    """'job_share 0.24, mean_employees 8.0, ...': a sector's default of each parameter."""
    sector = DEFAULT_SECTORS[name]
    return ", ".join(f"{k} {_fmt(getattr(sector, k))}" for k in SectorParams.model_fields)


def parameters(model: type[BaseModel] = Scenario, prefix: str = "") -> list[dict[str, Any]]:
    """Every leaf parameter: path, default, unit, range, description, Japanese label, source;
    after a block keyed by fixed names (programs, sectors, targets), a row for each name."""
    out = [EXTENDS] if model is Scenario and not prefix else []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        inner, keyed = unwrap_annotation(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            key = {"municipalities": "<key>", "sectors": "<sector>"}.get(name, "<name>")
            if getattr(info.annotation, "__origin__", None) is list:
                key, keyed = "<n>", True  # a list of entries, e.g. it.schedule.<n>.fy
            out += parameters(inner, f"{path}.{key}." if keyed else f"{path}.")
            out += _names(path)
            continue
        extra = info.json_schema_extra or {}
        lo, hi = bounds(info.metadata)
        ends = open_ends(info.metadata)
        each = item_bounds(info.annotation)  # a list of numbers: the range of each item
        if each is not None:
            lo, hi = each
        default = (
            "(required)" if info.is_required() else info.get_default(call_default_factory=True)
        )
        out.append(
            {
                "path": path,
                "default": default,
                "unit": extra.get("unit", ""),
                "min": lo,
                "max": hi,
                "open": ends,
                "each": each is not None,
                "description": info.description or "",
                "label_ja": extra.get("label_ja", ""),
                "source": extra.get("source", ""),
                "kind": "parameter",
            }
        )
        out += _names(path)
    return out


def _fmt(value: Any) -> str:
    """A value as a planner writes it in YAML: null, true, false, 20,000,000."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and abs(value) >= 10_000:
        return f"{value:,}"
    if isinstance(value, tuple):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def range_label(p: dict[str, Any], to: str = " to ") -> str:
    text = range_text(p["min"], p["max"], *p["open"], fmt=_fmt, to=to)
    return f"{text} each" if text and p["each"] else text


def _default(p: dict[str, Any], given: str = "") -> str:
    """The default shown: a sector's own when ``given`` names one, 'by sector' otherwise."""
    if ".sectors." in p["path"] and p["kind"] == "parameter":
        parts, generic = given.split("."), p["path"].split(".")
        if len(parts) >= 3 and parts[2] in DEFAULT_SECTORS:
            return _fmt(getattr(DEFAULT_SECTORS[parts[2]], generic[-1]))
        return "by sector: see firms.sectors.<name>"
    return _fmt(p["default"])


def _select(path: str, every: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows ``path`` names: a beginning of their path, the path with real keys
    (``municipalities.town.code``), or a part of it (``programs``, ``sectors``, ``targets``)."""
    if not path:
        return every
    rows = [p for p in every if p["path"] == path or p["path"].startswith(path + ".")]
    rows = rows or [p for p in every if _matches(path, p["path"])]
    return rows or [p for p in every if f".{path}." in f".{p['path']}."]


def reference(path: str = "", markdown: bool = False, lang: str = "en") -> str:
    """The parameters under ``path`` as text (or a Markdown table)."""
    every = parameters()
    rows = _select(path, every) or [p for p in every if p["path"].startswith(path)]
    rows = rows or [p for p in every if path and p.get("label_ja") == path]  # 情報公開度
    rows = rows or [p for p in every if path and _plain(path) in _plain(p.get("label_ja", ""))]
    if not rows:
        raise ScenarioError([f"no parameter under '{path}'{_did_you_mean(path, every)}"])
    if markdown:
        lines = [
            "# Scenario parameters",
            "",
            "Generated from the schema by `dxsim params --markdown`; do not edit by hand.",
            "",
            *(f"- {n}" for n in NOTES),
            "",
            "| parameter | 日本語 | default | unit | range | meaning | source |",
            "|---|---|---|---|---|---|---|",
        ]
        for p in rows:
            lines.append(
                f"| `{p['path']}` | {p['label_ja']} | {_default(p, path)} | {p['unit']} | "
                f"{range_label(p)} | {p['description']} | {p['source']} |"
            )
        sectors = [p for p in rows if "defaults" in p]
        if sectors:
            names = list(SectorParams.model_fields)
            lines += [
                "",
                "## Sector defaults",
                "",
                "Each sector's default of each `firms.sectors.<sector>` parameter (as in "
                "`scenarios/base.yaml`).",
                "",
                "| sector | " + " | ".join(names) + " |",
                "|---|" + "---|" * len(names),
            ]
            for p in sectors:
                sector = DEFAULT_SECTORS[p["path"].rsplit(".", 1)[1]]
                values = " | ".join(_fmt(getattr(sector, n)) for n in names)
                lines.append(f"| `{p['path'].rsplit('.', 1)[1]}` | {values} |")
        return "\n".join(lines)
    blocks = []
    for p in rows:
        rng = range_label(p, to=" .. ")
        label = p["label_ja"] if lang == "ja" else p["description"]
        more = (f"\n    {p['description']}" if lang == "ja" else "") + (
            f"\n    source: {p['source']}" if p["source"] else ""
        )
        if p["kind"] == "name":
            blocks.append(
                f"{p['path']}  [{p['unit']}]\n    {label}{more}"
                + (f"\n    defaults: {p['defaults']}" if "defaults" in p else "")
            )
            continue
        blocks.append(
            f"{p['path']} = {_default(p, path)} [{p['unit']}]"
            + (f"  range {rng}" if rng else "")
            + f"\n    {label}{more}"
        )
    return "\n".join(blocks)


def _plain(text: str) -> str:
    """``text`` compared as typed: full-width and half-width letters and digits alike."""
    return unicodedata.normalize("NFKC", text).casefold()


def _matches(path: str, generic: str) -> bool:
    """Whether ``path`` names ``generic`` with real keys, e.g. ``municipalities.town.code``
    for ``municipalities.<key>.code`` (the last part of ``path`` may be a beginning)."""
    given, parts = path.split("."), generic.split(".")
    if len(given) > len(parts):
        return False
    for i, (g, p) in enumerate(zip(given, parts, strict=False)):
        last = i == len(given) - 1
        if not (p.startswith("<") or g == p or (last and p.startswith(g))):
            return False
    return True


def _did_you_mean(path: str, every: list[dict[str, Any]]) -> str:
    """ "; did you mean 'x'?" for the known path closest to ``path`` at its depth, or ""."""
    depth = path.count(".") + 1
    known = {".".join(p["path"].split(".")[:depth]) for p in every}
    close = difflib.get_close_matches(path, sorted(known), n=1, cutoff=0.6)
    if not close and "." in path:  # a mistake in the block: compare the last part alone
        head, last = path.rsplit(".", 1)
        under = sorted({k.rsplit(".", 1)[1] for k in known if k.startswith(head + ".")})
        close = [f"{head}.{c}" for c in difflib.get_close_matches(last, under, n=1, cutoff=0.6)]
    return f"; did you mean '{close[0]}'?" if close else ""


def _optional(schema: Any) -> None:
    """Drop every ``required`` list: a file that ``extends`` another gets those values there
    (but not in a condition, e.g. "a switch to joint requires a group")."""
    if isinstance(schema, dict):
        schema.pop("required", None)
        for key, value in schema.items():
            if key not in ("if", "then"):
                _optional(value)
    elif isinstance(schema, list):
        for value in schema:
            _optional(value)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files, for editors.

    Nothing is required in it: a file may take any value from the file it ``extends`` (the
    loader checks that the merged scenario is complete). Lists of numbers give the range of
    each item.
    """
    schema = Scenario.model_json_schema()
    _optional(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dxsim scenario"
    towns = schema.get("properties", {}).get("municipalities", {})
    if "additionalProperties" in towns:  # `town: null` leaves out a town of what it extends
        towns["additionalProperties"] = {"anyOf": [towns["additionalProperties"], {"type": "null"}]}
    schema.setdefault("properties", {})["extends"] = {
        "type": "string",
        "description": EXTENDS["description"],
        "label_ja": EXTENDS["label_ja"],
    }
    return schema


def defaults_yaml() -> str:
    """``scenarios/base.yaml``: every default, with its unit and source, and one generic town."""
    header = [
        "# yaml-language-server: $schema=../schema/scenario.schema.json",
        "# base.yaml: every parameter at its default (generated by `dxsim params --yaml`).",
        "# One generic town of 10,000 persons so that the file runs by itself. Values whose",
        "# source says 'assumption' are modelling assumptions (docs/ODD.md, input data).",
    ]
    data = Scenario(
        name="base",
        description="Schema defaults, one generic town",
        municipalities={"town": {"population": 10_000}},
    ).model_dump(mode="json")
    data.pop("generate")
    notes = {p["path"]: p for p in parameters()}
    lines = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).splitlines()
    out, stack = [], []
    for line in lines:
        indent = (len(line) - len(line.lstrip())) // 2
        key = line.strip().split(":", 1)[0]
        stack = stack[:indent] + [key]
        path = ".".join(stack)
        generic = path.replace(".town.", ".<key>.")
        for name in SECTORS:
            generic = generic.replace(f".sectors.{name}.", ".sectors.<sector>.")
        note = notes.get(generic)
        if note and ":" in line and not line.rstrip().endswith(":"):
            line = f"{line}  # {note['unit']}; {note['source']}"
        out.append(line)
    return "\n".join(header + out) + "\n"
