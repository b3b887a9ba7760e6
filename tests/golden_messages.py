"""Write or check ``tests/golden/scenario_messages.txt``: what a planner reads for each case of
``tests/golden_cases.py``, so that a change of wording is seen whole, in one diff.

    python tests/golden_messages.py --write   # after a deliberate change of a message

Each case is loaded in a fresh temporary folder (files named relative to it, so messages read
``scenario.yaml:5: ...``); shipped scenarios are shown as ``<repo>/scenarios/...``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.scenario import ScenarioError, load_scenario  # noqa: E402
from sim.scenario.loader import ScenarioNote  # noqa: E402
from tests.golden_cases import ROOT, VALUES, Case  # noqa: E402
from tests.golden_cases_files import FILES  # noqa: E402
from tests.golden_cases_more import NOTES, OVERRIDES, SLIPS  # noqa: E402

CASES = [*VALUES, *SLIPS, *FILES, *OVERRIDES, *NOTES]
GOLDEN = Path(__file__).parent / "golden" / "scenario_messages.txt"


def outcome(case: Case) -> tuple[ScenarioError | None, list[ScenarioNote]]:
    """Load ``case`` in a temporary folder: the error (None if it loads) and the notes."""
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            files = case.files if isinstance(case.files, dict) else {"scenario.yaml": case.files}
            for name, text in files.items():
                path = Path(name)
                if text is None:
                    path.mkdir(parents=True)
                elif isinstance(text, bytes):
                    path.write_bytes(text)
                else:
                    path.write_text(text, encoding="utf-8")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ScenarioNote)
                try:
                    load_scenario(case.load, list(case.overrides), options=list(case.options))
                    error = None
                except ScenarioError as exc:
                    error = exc
            notes = [w.message for w in caught if isinstance(w.message, ScenarioNote)]
            return error, notes  # type: ignore[return-value]
        finally:
            os.chdir(here)


def messages(case: Case) -> list[str]:
    """The lines a planner reads for ``case``: each problem, then each note."""
    error, notes = outcome(case)
    lines = [*(error.problems if error else []), *(f"note: {n}" for n in notes)]
    return [line.replace(str(ROOT), "<repo>") for line in lines]


def render_all() -> str:
    """The golden file's text: each case's name, then what it prints."""
    blocks = [f"## {case.name}\n" + "\n".join(messages(case) or ["(loads)"]) for case in CASES]
    return "\n\n".join(blocks) + "\n"


if __name__ == "__main__":
    text = render_all()
    if "--write" in sys.argv[1:]:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN} ({len(CASES)} cases)")
    else:
        sys.exit(0 if GOLDEN.read_text(encoding="utf-8") == text else 1)
