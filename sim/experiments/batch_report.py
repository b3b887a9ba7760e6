"""One self-contained HTML report of a batch: from the design to the findings.

It runs the analyses the batch allows (outcomes per arm, paired differences, fan charts,
sensitivity indices for a sampled design, PRIM boxes for a threshold, robustness for levers)
with the same functions as the commands, and embeds every figure as a PNG data URI, so the
file can be mailed or archived alone.
"""

from __future__ import annotations

import base64
import html
import tempfile
from pathlib import Path

import pandas as pd

from ..scenario.loader import ScenarioError
from .outcomes import Batch, Outcome, chosen_outcomes, outcome_table

__all__ = ["report"]

CSS = (
    "body{font-family:'Noto Sans CJK JP',sans-serif;max-width:70em;margin:2em auto;"
    "line-height:1.45}table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}"
    "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f3f3f3}"
    "img{max-width:100%}p.note{color:#555;font-size:0.9em}"
)


def _img(paths: list[Path]) -> str:
    png = next(p for p in paths if p.suffix == ".png")
    data = base64.b64encode(png.read_bytes()).decode()
    return f'<img alt="{html.escape(png.stem)}" src="data:image/png;base64,{data}">'


def _table(frame: pd.DataFrame) -> str:
    out = frame.to_html(index=False, float_format=lambda v: f"{v:.4g}", border=0)
    notes = [frame.attrs.get(k) for k in ("header", "footer") if frame.attrs.get(k)]
    head = f'<p class="note">{html.escape(notes[0])}</p>' if frame.attrs.get("header") else ""
    foot = (
        "".join(f'<p class="note">{html.escape(line)}</p>' for line in notes[-1].split("\n"))
        if frame.attrs.get("footer")
        else ""
    )
    return head + out + foot


def _default_baseline(batch: Batch, table: pd.DataFrame) -> str | None:
    if table.scenario.nunique() > 1:
        return str(table.scenario.iloc[0])
    exp = batch.experiment
    for name, factor in {**exp.factors, **exp.levers}.items():
        if len(factor.values) > 1:
            return f"{name}={factor.values[0]}"
    return None


def _design(batch: Batch) -> str:
    m, exp = batch.manifest, batch.experiment
    rows = [
        ("experiment", exp.name),
        ("description", exp.description.strip()),
        ("scenarios", ", ".join(m.get("scenario_files", exp.scenarios))),
        ("runs", f"{m.get('runs')} ({exp.replicates} replicates, seeds {exp.seed} + r)"),
        ("overrides", ", ".join(m.get("overrides", []))),
        ("factors", ", ".join(f"{k}: {f.values}" for k, f in exp.factors.items())),
        ("levers", ", ".join(f"{k}: {f.values}" for k, f in exp.levers.items())),
    ]
    for label, block in (("design", exp.design), ("uncertainties", exp.uncertainties)):
        if block is not None:
            params = ", ".join(f"{k} {list(p.bounds)}" for k, p in block.parameters.items())
            rows.append((label, f"{block.method}, N={block.samples}: {params}"))
    commit = str(m.get("git_commit") or "unknown")[:12]
    rows.append(("made by", f"dxsim {m.get('versions', {}).get('dxsim')}, commit {commit}"))
    rows.append(("finished", str(m.get("finished"))))
    body = "".join(
        f"<tr><th>{html.escape(k)}</th><td style='text-align:left'>{html.escape(str(v))}</td></tr>"
        for k, v in rows
        if v
    )
    return f"<table>{body}</table>"


def _per_arm(batch: Batch, table: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    from .fan_charts import default_by

    by = default_by(batch)
    g = table.groupby(by, sort=False)[names]
    out = pd.concat(
        {"mean": g.mean(), "q05": g.quantile(0.05), "q95": g.quantile(0.95)}, axis=1
    ).swaplevel(axis=1)
    out.columns = [f"{a} {b}" for a, b in out.columns]
    out = out[[f"{n} {s}" for n in names for s in ("mean", "q05", "q95")]].reset_index()
    out.attrs["footer"] = "mean and 5th-95th percentile over the runs of each arm"
    return out


def report(
    batch: Batch,
    baseline: str | None = None,
    outcomes: list[str] | None = None,
    kpis: list[str] | None = None,
    threshold: float | None = None,
    below: bool = False,
    minimize: bool = False,
    lang: str = "en",
) -> str:
    """The HTML text of the report (sections for what the batch allows)."""
    from . import compare as paired
    from .fan_charts import fan_figure, fan_table

    kpis = kpis or ["population"]
    chosen = chosen_outcomes(batch, outcomes or [])
    if not chosen:
        chosen = {f"{k}_end": Outcome(kpi=k) for k in kpis}
    table = outcome_table(batch, chosen)
    labels = table.attrs["labels"]
    names = list(chosen)
    title = f"dxsim batch report: {batch.experiment.name}"
    parts = [f"<h1>{html.escape(title)}</h1>", "<h2>Design</h2>", _design(batch)]
    parts += ["<h2>Outcomes</h2><ul>"]
    parts += [f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" for k, v in labels.items()]
    parts += ["</ul>", _table(_per_arm(batch, table, names))]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base_text = baseline or _default_baseline(batch, table)
        if base_text:
            base = paired.baseline_of(batch, base_text, table)
            summary = paired.summary(batch, table, base, labels)
            parts += [f"<h2>Paired differences from {html.escape(str(base))}</h2>", _table(summary)]
            diff = paired.over_time(batch, kpis[0], base, None)
            parts += [
                _img(p)
                for p in _pairs(paired.figures(diff, summary, base, kpis[0], folder / "c", lang))
            ]
        parts.append("<h2>Fan charts</h2>")
        for kpi in kpis:
            fans = fan_table(batch, kpi)
            parts.append(_img(fan_figure(fans, kpi, folder / f"fan_{kpi}", lang)))
        parts += _indices(batch, chosen)
        if threshold is not None:
            parts += _boxes(batch, table, names[0], labels[names[0]], threshold, below, folder)
        if batch.experiment.levers:
            from .robustness import robustness

            parts.append("<h2>Robustness of the lever sets</h2>")
            for name in names:
                parts.append(_table(robustness(batch, table, name, maximize=not minimize)))
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def _pairs(paths: list[Path]) -> list[list[Path]]:
    """The figures' files, grouped by figure (PNG and SVG of each)."""
    stems: dict[str, list[Path]] = {}
    for p in paths:
        stems.setdefault(p.stem, []).append(p)
    return list(stems.values())


def _indices(batch: Batch, chosen: dict[str, Outcome]) -> list[str]:
    if batch.experiment.design is None:
        return []
    from .sensitivity import analyze

    parts = ["<h2>Sensitivity indices</h2>"]
    for name, spec in chosen.items():
        try:
            parts.append(_table(analyze(batch.folder, outcome=(name, spec))))
        except ScenarioError as exc:
            parts.append(f'<p class="note">{html.escape(name)}: {html.escape(str(exc))}</p>')
    return parts


def _boxes(batch, table, name, label, threshold, below, folder) -> list[str]:
    from .discover import discover, feature_scores, inputs_of, trajectory_figure

    clean = table.dropna(subset=[name])
    x = inputs_of(batch, clean)
    values = clean[name].to_numpy(float)
    interest = values < threshold if below else values > threshold
    side = "below" if below else "above"
    what = f"{name} ({label}) {side} {threshold:g}"
    parts = [f"<h2>Scenario discovery: {html.escape(what)}</h2>"]
    try:
        found = discover(x, interest)
    except ScenarioError as exc:
        return [*parts, f'<p class="note">{html.escape(str(exc))}</p>']
    found.trajectory.attrs["header"] = f"{found.cases} of {found.runs} runs are of interest"
    parts += [_table(found.trajectory), _table(found.limits)]
    parts.append(_table(feature_scores(x, interest, values)))
    parts.append(_img(trajectory_figure(found, folder / f"prim_{name}", what)))
    return parts
