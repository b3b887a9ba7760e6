"""The parameter reference and the JSON Schema, both read from the pydantic schema."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel

from .fields import bounds, item_bounds
from .loader import _unwrap
from .schema import Scenario

__all__ = ["parameters", "reference", "json_schema"]


def parameters(model: type[BaseModel] = Scenario, prefix: str = "") -> list[dict[str, Any]]:
    """Every leaf parameter: path, default, unit, range, description, Japanese label, source."""
    out = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        inner, keyed = _unwrap(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            key = {"municipalities": "<key>", "sectors": "<sector>"}.get(name, "<name>")
            if getattr(info.annotation, "__origin__", None) is list:
                key, keyed = "<n>", True  # a list of entries, e.g. it.schedule.<n>.fy
            out += parameters(inner, f"{path}.{key}." if keyed else f"{path}.")
            continue
        extra = info.json_schema_extra or {}
        lo, hi = bounds(info.metadata)
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
                "each": each is not None,
                "description": info.description or "",
                "label_ja": extra.get("label_ja", ""),
                "source": extra.get("source", ""),
            }
        )
    return out


def _fmt(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def reference(path: str = "", markdown: bool = False, lang: str = "en") -> str:
    """The parameters under ``path`` as text (or a Markdown table)."""
    every = parameters()
    rows = [p for p in every if p["path"].startswith(path)] or [
        p for p in every if _matches(path, p["path"])
    ]
    if not rows:
        from .loader import ScenarioError

        raise ScenarioError([f"no parameter under '{path}'{_did_you_mean(path, every)}"])
    if markdown:
        lines = [
            "# Scenario parameters",
            "",
            "Generated from the schema by `dxsim params --markdown`; do not edit by hand.",
            "Source `assumption` marks a modelling assumption rather than a sourced figure.",
            "",
            "| parameter | 日本語 | default | unit | range | meaning | source |",
            "|---|---|---|---|---|---|---|",
        ]
        for p in rows:
            rng = (
                ""
                if p["min"] is None and p["max"] is None
                else f"{_fmt(p['min'])} to {_fmt(p['max'])}" + (" each" if p["each"] else "")
            )
            default = "by sector" if ".sectors." in p["path"] else _fmt(p["default"])
            lines.append(
                f"| `{p['path']}` | {p['label_ja']} | {default} | {p['unit']} | {rng} | "
                f"{p['description']} | {p['source']} |"
            )
        return "\n".join(lines)
    blocks = []
    for p in rows:
        rng = (
            ""
            if p["min"] is None and p["max"] is None
            else f"  range {_fmt(p['min'])} .. {_fmt(p['max'])}" + (" each" if p["each"] else "")
        )
        label = p["label_ja"] if lang == "ja" else p["description"]
        default = "by sector" if ".sectors." in p["path"] else _fmt(p["default"])
        blocks.append(
            f"{p['path']} = {default} [{p['unit']}]{rng}\n    {label}"
            + (f"\n    {p['description']}" if lang == "ja" else "")
            + (f"\n    source: {p['source']}" if p["source"] else "")
        )
    return "\n".join(blocks)


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
    """Drop every ``required`` list: a file that ``extends`` another gets those values there."""
    if isinstance(schema, dict):
        schema.pop("required", None)
        for value in schema.values():
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
    schema.setdefault("properties", {})["extends"] = {
        "type": "string",
        "description": "A scenario file this one builds on (relative path)",
    }
    return schema


def defaults_yaml() -> str:
    """``scenarios/base.yaml``: every default, with its unit and source, and one generic town."""
    import yaml

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
        for name in (
            "agriculture_food",
            "retail_services",
            "construction",
            "manufacturing",
            "it_vendor",
            "tech_startup",
            "town_company",
            "health_care",
        ):
            generic = generic.replace(f".sectors.{name}.", ".sectors.<sector>.")
        note = notes.get(generic)
        if note and ":" in line and not line.rstrip().endswith(":"):
            line = f"{line}  # {note['unit']}; {note['source']}"
        out.append(line)
    return "\n".join(header + out) + "\n"
