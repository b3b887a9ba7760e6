"""docs/analysis.md: its dxsim command lines parse and the figures it shows exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from test_doc_examples import PLACEHOLDER, _options, _subparser, blocks

from sim.cli.args import parser

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "analysis.md"
TEXT = DOC.read_text(encoding="utf-8")
LINES = [
    line.strip()
    for b in blocks(TEXT, "docs/analysis.md")
    if b.lang in ("", "sh")
    for line in b.code.splitlines()
    if re.match(r"dxsim [a-z]", line.strip())
]


def test_the_doc_shows_every_analysis_command():
    used = {line.split()[1] for line in LINES}
    assert {"compare", "plot", "discover", "sensitivity", "robustness", "report"} <= used


@pytest.mark.parametrize("line", LINES)
def test_command_line_parses(line):
    tokens = shlex.split(line, comments=True)[1:]
    sub, rest = _subparser(tokens)
    if any("[" in t for t in tokens) or any(PLACEHOLDER.match(t) for t in rest):
        named = {t.strip("[]()").rstrip(".") for t in rest if t.strip("[(").startswith("--")}
        assert named <= _options(sub), sorted(named - _options(sub))
        return
    parser().parse_args(tokens)


def test_every_figure_shown_exists():
    figures = re.findall(r"\]\((figures/analysis/[^)]+)\)", TEXT)
    assert len(figures) >= 6
    for figure in figures:
        assert (DOC.parent / figure).is_file(), figure
