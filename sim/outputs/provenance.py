"""Where outputs come from: the package versions and the git commit of the code that made them.

Apart from ``results`` so that a batch's main process can stamp its folder and manifest
without importing the model (and Mesa): its workers import those, and the main process then
only waits for them.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path

__all__ = ["git_commit", "git_dirty", "package_versions"]


def _git(*args: str) -> subprocess.CompletedProcess | None:
    """``git ARGS`` in the package's folder (None when git or the repository is missing)."""
    try:
        here = Path(__file__).resolve().parent
        out = subprocess.run(["git", *args], cwd=here, capture_output=True, text=True, timeout=5)
        return out if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def git_commit() -> str | None:
    out = _git("rev-parse", "HEAD")
    return (out.stdout.strip() or None) if out else None


def git_dirty() -> bool | None:
    """True when tracked files differ from the commit (the run's code is not that commit's)."""
    out = _git("status", "--porcelain", "--untracked-files=no")
    return bool(out.stdout.strip()) if out else None


def package_versions() -> dict[str, str]:
    names = ("dxsim", "mesa", "numpy", "pandas", "networkx", "pydantic", "PyYAML", "pyarrow")
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out
