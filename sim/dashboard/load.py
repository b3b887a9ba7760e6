"""Measure the dashboard under a room's load: N browser sessions each play both futures to
the end of the scenario at 12 months a frame, all at once, in Debian's chromium.

    .venv/bin/python -m sim.dashboard.load [--sessions 10] [--pauses 8] [--scenario FILE]

It starts ``dxsim dashboard`` on a free port, opens N pages (one browser, N contexts: N
sessions, each with its own two models), presses Play on all, and prints per session the
months per second (months of one future over the wall time from Play to the end) and the
server's memory (resident set, MB) before, at its peak and after. While all N play, session 1
is paused ``--pauses`` times, each at a random moment of a frame: the time from the click on
Pause to the last change of its month counter (when the counter stops advancing), and to
the button saying Play again, both timed in the page; then it plays on. Each page is a
separate Solara session.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
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


#: In the page: the time (``performance.now()``, ms) of every change of the month counter
#: and of the play button's label.
OBSERVE = """() => {
  window.dxChanges = []; window.dxButtons = [];
  const month = () => (document.querySelector('td.dx-date') || {}).textContent;
  const button = () => [...document.querySelectorAll('button')].map(b => b.textContent.trim())
      .find(t => t === 'Play' || t === 'Pause');
  let m = month(), b = button();
  new MutationObserver(() => {
    const now = performance.now(), m2 = month(), b2 = button();
    if (m2 !== m) { m = m2; window.dxChanges.push([now, m2]); }
    if (b2 !== b) { b = b2; window.dxButtons.push([now, b2]); }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
#: Click Pause from inside the page, and say when (ms, as ``OBSERVE`` times changes).
PAUSE = """() => {
  const b = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Pause');
  if (!b) return null;
  const t0 = performance.now(); b.click(); return t0;
}"""
#: After a click at t0: the last change of the month counter, the button's first "Play".
AFTER = """t0 => ({
  month: Math.max(t0, ...window.dxChanges.filter(c => c[0] > t0).map(c => c[0])) - t0,
  button: (window.dxButtons.find(c => c[0] > t0 && c[1] === 'Play') || [NaN])[0] - t0,
  shown: window.dxChanges.length ? window.dxChanges[window.dxChanges.length - 1][1] : null})"""


def pauses(page, times: int, settle_s: float = 3.0) -> list[tuple[float, float]]:
    """Pause ``page`` (playing) ``times`` times at random moments of a frame: seconds from
    the click to the month counter's last change and to the button saying Play again."""
    taken = []
    for _ in range(times):
        changes = page.evaluate("() => window.dxChanges.length")  # two frames: playing
        page.wait_for_function(f"() => window.dxChanges.length >= {changes + 2}", timeout=600_000)
        time.sleep(random.uniform(0.0, 2.0))
        t0 = page.evaluate(PAUSE)
        if t0 is None:  # the end of the scenario
            break
        page.get_by_role("button", name="Play").wait_for(timeout=600_000)
        time.sleep(settle_s)  # a frame landing after the button says Play would show here
        after = page.evaluate(AFTER, t0)
        taken.append((after["month"] / 1000, after["button"] / 1000))
        print(
            f"pause: months stopped after {taken[-1][0]:.2f} s, button after "
            f"{taken[-1][1]:.2f} s, at {after['shown']}",
            flush=True,
        )
        page.get_by_role("button", name="Play").click()
    return taken


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> None:
    """Run the measurement and print one line per session and a summary."""
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--pauses", type=int, default=8, help="times session 1 is paused")
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
            starts = []
            for page in pages:
                page.evaluate(OBSERVE)
                starts.append(page.evaluate("() => performance.now()"))
                page.get_by_role("button", name="Play").click()
            time.sleep(10)  # every session playing
            paused = pauses(pages[0], args.pauses) if args.pauses else []
            ends = []
            for page, began in zip(pages, starts, strict=True):
                page.get_by_text("End of the scenario").wait_for(timeout=1_800_000)
                last = page.evaluate("() => window.dxChanges.at(-1)[0]")  # its last month shown
                ends.append((last - began) / 1000)
            first = pages[0].locator("td.dx-date").first.inner_text()
            months = 12 * 20 if first.endswith("-09") else None
            after = rss_mb(server.pid)
            done.set()
            for i, took in enumerate(ends):
                rate = f"{(months or 240) / took:.2f}"
                note = " (paused now and then)" if i == 0 and paused else ""
                print(f"session {i + 1}: {took:.0f} s to the end, {rate} months/s{note}")
            if paused:
                stops, buttons = zip(*paused, strict=True)
                print(
                    f"pause under {args.sessions} sessions, {len(paused)} times: months stopped "
                    f"after median {statistics.median(stops):.2f} s, max {max(stops):.2f} s; "
                    f"button back median {statistics.median(buttons):.2f} s, "
                    f"max {max(buttons):.2f} s"
                )
            total = max(ends[1:] if paused and len(ends) > 1 else ends)
            print(
                f"{args.sessions} sessions: {(months or 240) / total:.2f} months/s each "
                f"(slowest unpaused), {total:.0f} s; server memory {base:.0f} MB with the "
                f"pages open, "
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
