"""Issue 14: everything a room needs fits one projector screen, in both languages.

In Debian's chromium at 1366x768 (a projector, the browser in full screen) both futures'
controls, a region's town and IT pickers included, and the "Now" table end above the bottom
of the screen, for one town (Kamishihoro) and for a region (Tokachi, 19 towns), with the
controls' labels at 12 pixels or more; at 1920x1080 too. Pixels, not timing: a layout that
fits fits on any machine.
"""

from __future__ import annotations

import pytest

from tests.dashboard_helpers import CHROMIUM, served_page

#: How far down the page the controls and the table reach (pixels from the page's top),
#: and the smallest label as drawn (its font size times every zoom above it).
MEASURE = """() => {
  const top = document.querySelector('h2').getBoundingClientRect().top - 8;
  const low = s => Math.max(...[...document.querySelectorAll(s)].map(
      e => Math.round(e.getBoundingClientRect().bottom - top)));
  const drawn = e => { let size = parseFloat(getComputedStyle(e).fontSize);
    for (let n = e; n; n = n.parentElement) size *= parseFloat(getComputedStyle(n).zoom || 1);
    return size; };
  return {controls: low('.dx-card'), it: low('.dx-help-regime'), table: low('.dx-table'),
          cards: document.querySelectorAll('.dx-card').length,
          towns: document.querySelectorAll('.dx-town').length,
          label: Math.min(...[...document.querySelectorAll('.dx-label')].map(drawn))};
}"""
TOP = "() => { scrollTo(0, 0); document.querySelectorAll('*').forEach(e => e.scrollTop = 0); }"


def _measure(page, width: int, height: int) -> dict:
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(1_000)  # the layout settles after the media queries change
    page.evaluate(TOP)
    return page.evaluate(MEASURE)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
@pytest.mark.parametrize(
    "args, towns",
    [((), 0), (("--scenario", "scenarios/centralization/all_legacy.yaml"), 2)],
    ids=["one_town", "tokachi"],
)
def test_in_chromium_both_futures_fit_a_projector_in_both_languages(args, towns):
    with served_page(*args) as page:
        page.get_by_text("Step 1 month").click(timeout=60_000)
        page.locator("td.dx-date").first.wait_for(timeout=30_000)
        shown = {}
        for lang, switch, wait in (("en", "日本語", "1か月進める"), ("ja", "English", "")):
            for width, height in ((1366, 768), (1920, 1080)):
                got = _measure(page, width, height)
                shown[lang, width] = got
                assert got["cards"] == 2 and got["towns"] == towns, got
                assert got["controls"] <= height, (lang, width, got)  # B's IT picker on screen
                assert got["it"] <= got["controls"] <= height, (lang, width, got)
                assert got["table"] <= height, (lang, width, got)
                assert got["label"] >= 12, (lang, width, got)  # readable from the back
            if wait:
                page.get_by_role("button", name=switch).click()
                page.get_by_text(wait).wait_for(timeout=30_000)
        print(shown)  # the figures docs/dashboard.md quotes (pytest -s)
