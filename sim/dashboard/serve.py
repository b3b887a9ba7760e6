"""Start the dashboard's server: `dxsim dashboard` checks its inputs, then hands its process
to ``solara run`` (so that Ctrl-C and SIGTERM reach the server directly).
Solara itself loads in the server process, not here.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from ..outputs.fonts import warn_without_font
from ..scenario.loader import ScenarioError
from .future import EXTRA_ENV

LANG_ENV = "DXSIM_DASHBOARD_LANG"  # read by app.first_language

__all__ = ["check_port", "serve"]


def check_port(host: str, port: int) -> None:
    """The port must be free before the address is printed: a facilitator who opens it must
    not find another server (say, yesterday's dashboard) there."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            s.bind((host, port))
        except OSError as exc:
            raise ScenarioError(
                [
                    f"--port {port}: cannot listen on {host}:{port} ({exc.strerror or exc}); "
                    f"another dashboard may be running there: stop it, or try --port {port + 1}"
                ]
            ) from None


def serve(host: str, port: int, scenarios: list[str], lang: str = "en") -> int:
    """Replace this process by the Solara server of ``sim.dashboard.app`` (never returns),
    the page opening in ``lang``; says once, first, when no Japanese font can be found."""
    warn_without_font()
    env = {
        **os.environ,
        EXTRA_ENV: os.pathsep.join(str(Path(f).resolve()) for f in scenarios),
        LANG_ENV: lang,
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        "SOLARA_THEME_SHOW_BANNER": "False",  # no English badge over a Japanese page
        # a closed tab's session (its two models) is freed after two minutes, not a day
        "SOLARA_KERNEL_CULL_TIMEOUT": os.environ.get("SOLARA_KERNEL_CULL_TIMEOUT", "2m"),
        # one warning per page load about cookies over plain http on a LAN: not news
        "PYTHONWARNINGS": "ignore:Cookies with samesite=none require https",
        # every session plays in threads: glibc's per-thread memory arenas would keep
        # tens of MB per session that Python has freed
        "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2"),
    }
    cmd = [sys.executable, "-m", "solara", "run", "sim.dashboard.app", "--production"]
    cmd += ["--no-check-version"]  # no call to PyPI at start-up (offline workshops)
    cmd += ["--host", host, "--port", str(port)]
    print(f"dxsim dashboard: http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
    os.execve(sys.executable, cmd, env)  # the server takes this process: signals reach it
    return 0  # not reached
