"""Shared by the command-line tests: run ``dxsim`` in-process and check it never tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli.main import main

ROOT = Path(__file__).parents[1]
SCENARIOS = ROOT / "scenarios"
KAMISHIHORO = SCENARIOS / "kamishihoro.yaml"


def dxsim(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``dxsim ARGV`` in-process: exit status, stdout, stderr."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse: --help, usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
