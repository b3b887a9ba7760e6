"""Remake docs/figures/dashboard_{en,ja}.png: the dashboard at 1366x768 (a projector) after
five years of play, in English and in Japanese, in Debian's chromium; and
dashboard_{flow,it,loop}.png, views of the upper part (in Japanese for the flow and the loop,
English for IT). With ``--region``, for a dashboard showing Tokachi (19 towns):
dashboard_region_{en,ja}.png, the same page with a region's town pickers, and
dashboard_map.png, the map view.

    .venv/bin/dxsim dashboard --port 8765 &       # then:
    .venv/bin/python docs/figures/dashboard_screenshots.py 8765
    .venv/bin/dxsim dashboard --port 8766 --scenario scenarios/centralization/all_legacy.yaml &
    .venv/bin/python docs/figures/dashboard_screenshots.py 8766 --region

It also prints how far down the page the controls, charts and headline reach (pixels), so a
layout change can be checked against the 768 pixels of the screen.
"""

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PORT = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 8765
REGION = "--region" in sys.argv[1:]
#: Seconds for a frame's charts to be drawn after its numbers (they come a moment later).
SETTLE = 3
#: Back to the top of the page, whichever element scrolled (Solara's page scrolls inside).
TOP = (
    "() => { window.scrollTo(0, 0); document.querySelectorAll('*').forEach(e => e.scrollTop = 0); }"
)
BOTTOMS = """() => {
  const top = document.querySelector('h2').getBoundingClientRect().top - 8;
  const low = s => Math.max(...[...document.querySelectorAll(s)].map(
      e => Math.round(e.getBoundingClientRect().bottom - top)));
  return {controls: low('.dx-card'), charts: low('.dx-view img, .dx-view svg'),
          headline: low('.dx-table')};
}"""


def main() -> None:
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        browser = p.chromium.launch_persistent_context(
            profile,
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            viewport={"width": 1366, "height": 768},
        )
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{PORT}/", timeout=60_000)
        page.get_by_role("button", name="12", exact=True).click(timeout=60_000)
        start = int(page.locator("td.dx-date").first.inner_text()[:4])
        page.get_by_role("button", name="Play").click()
        page.wait_for_function(  # five years of play
            "y => parseInt(document.querySelector('td.dx-date').innerText) >= y",
            arg=start + 5,
            timeout=300_000,
        )
        page.get_by_role("button", name="Pause").click()
        page.get_by_role("button", name="Play").wait_for()
        time.sleep(SETTLE)
        page.evaluate(TOP)
        stem = "dashboard_region" if REGION else "dashboard"
        print("en", page.evaluate(BOTTOMS))
        page.screenshot(path=str(HERE / f"{stem}_en.png"))
        page.get_by_role("button", name="日本語").click()
        page.get_by_text("1か月進める").wait_for(timeout=30_000)
        time.sleep(SETTLE)
        page.evaluate(TOP)
        print("ja", page.evaluate(BOTTOMS))
        page.screenshot(path=str(HERE / f"{stem}_ja.png"))
        japanese = () if REGION else (("お金の流れ", "flow"), ("循環", "loop"))
        for view, name in japanese:
            page.get_by_role("button", name=view, exact=True).click()
            time.sleep(SETTLE)
            page.evaluate(TOP)
            page.screenshot(path=str(HERE / f"dashboard_{name}.png"))
        page.get_by_role("button", name="English").click()
        page.get_by_text("Step 1 month").wait_for(timeout=30_000)
        for view, name in (("Map", "map"),) if REGION else (("IT costs", "it"),):
            page.get_by_role("button", name=view, exact=True).click()
            time.sleep(SETTLE)
            page.evaluate(TOP)
            page.screenshot(path=str(HERE / f"dashboard_{name}.png"))
        browser.close()


if __name__ == "__main__":
    main()
