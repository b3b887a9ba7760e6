"""The Makefile finds a Python >= 3.12 by itself, and says what to do when there is none."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli_helpers import ROOT

# -- make finds a Python >= 3.12 ----------------------------------------------------------------
MAKE = shutil.which("make")


def _fake_python(path: Path, ok: bool) -> None:
    """A stand-in for a Python that passes (>= 3.12) or fails the Makefile's version check."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/bash\nexit {0 if ok else 1}\n", encoding="utf-8")
    path.chmod(0o755)


def _make(tmp_path: Path, pythons: dict[str, bool], *args: str) -> subprocess.CompletedProcess:
    """Run the Makefile in an empty folder with only the fake Pythons on PATH (no pyenv shims,
    no system Python) and PYENV_ROOT at tmp_path/pyenv."""
    fake, tools, work = tmp_path / "bin", tmp_path / "tools", tmp_path / "work"
    fake.mkdir(exist_ok=True)
    tools.mkdir(exist_ok=True)
    work.mkdir(exist_ok=True)
    for tool in ("ls", "sort"):
        if not (tools / tool).exists():
            (tools / tool).symlink_to(shutil.which(tool))
    for name, ok in pythons.items():
        _fake_python(fake / name, ok)
    for name in ("pyproject.toml", "constraints.txt"):
        if not (work / name).exists():
            (work / name).touch()
            os.utime(work / name, (1_000_000_000, 1_000_000_000))  # older than any .venv
    env = {
        "PATH": f"{fake}{os.pathsep}{tools}",
        "HOME": str(tmp_path),
        "PYENV_ROOT": str(tmp_path / "pyenv"),
    }
    return subprocess.run(
        [MAKE, "-s", "-f", str(ROOT / "Makefile"), *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _found(tmp_path: Path, pythons: dict[str, bool]) -> tuple[str, str]:
    """The Makefile's choice of Python, and whether it would make .venv again."""
    show = "show: ; @echo '$(PYTHON_FOUND)|$(VENV_STALE)'"
    out = _make(tmp_path, pythons, "--eval", show, "show")
    assert out.returncode == 0, out.stderr
    found, stale = out.stdout.strip().split("|")
    return found, stale


@pytest.mark.skipif(MAKE is None, reason="needs make")
@pytest.mark.parametrize(
    "pythons, expected",
    [
        ({"python3.14": True, "python3.13": True, "python3": True}, "python3.14"),
        ({"python3.13": False, "python3.12": True, "python3": True}, "python3.12"),
        ({"python3": True}, "python3"),
    ],
    ids=["3.14-first", "broken-3.13-skipped", "plain-python3"],
)
def test_make_finds_python_on_path(tmp_path: Path, pythons: dict, expected: str) -> None:
    assert _found(tmp_path, pythons) == (expected, "")


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_make_falls_back_to_the_highest_pyenv_version(tmp_path: Path) -> None:
    versions = tmp_path / "pyenv" / "versions"
    for version, ok in (("3.9.18", False), ("3.11.7", False), ("3.12.9", True), ("3.13.2", True)):
        _fake_python(versions / version / "bin" / "python3", ok)
    found, _ = _found(tmp_path, {"python3": False})  # an old python3 is passed over
    assert found == str(versions / "3.13.2" / "bin" / "python3")


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_make_says_what_to_do_without_python(tmp_path: Path) -> None:
    out = _make(tmp_path, {"python3": False}, "run")
    assert out.returncode != 0
    assert "dxsim needs Python >= 3.12 (Mesa 3.5 requires it) and none was found." in out.stdout
    assert "Install one (e.g. 'pyenv install 3.12'" in out.stdout


@pytest.mark.skipif(MAKE is None, reason="needs make")
@pytest.mark.parametrize("venv_ok", [False, True], ids=["old-venv", "good-venv"])
def test_make_remakes_a_venv_with_an_old_python(tmp_path: Path, venv_ok: bool) -> None:
    _fake_python(tmp_path / "work" / ".venv" / "bin" / "python", venv_ok)
    (tmp_path / "work" / ".venv" / "bin" / "dxsim").touch()  # newer than pyproject.toml
    assert _found(tmp_path, {"python3.12": True}) == ("python3.12", "" if venv_ok else "yes")
    out = _make(tmp_path, {"python3.12": True}, "-n", "run")
    assert out.returncode == 0, out.stderr
    assert ("rm -rf .venv" in out.stdout) is not venv_ok, out.stdout
    assert ("python3.12 -m venv .venv" in out.stdout) is not venv_ok, out.stdout
    assert ".venv/bin/dxsim run scenarios/kamishihoro.yaml" in out.stdout
