"""dxsim: an agent-based model of regional digital transformation in Japan."""

from __future__ import annotations

import importlib

__all__ = ["MONTH", "RegionModel", "Results", "Scenario", "ScenarioError", "load_scenario", "run"]
__version__ = "0.1.0"

#: Where each public name lives. They are imported on first use, so that ``import sim.cli``
#: (the ``dxsim`` command) starts without numpy, pandas or Mesa (nor typing) and can catch a
#: Ctrl-C pressed while they load.
_LAZY = {
    "MONTH": ".model.model",
    "RegionModel": ".model.model",
    "Results": ".outputs.results",
    "run": ".outputs.run",
    "Scenario": ".scenario",
    "ScenarioError": ".scenario",
    "load_scenario": ".scenario",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
