"""dxsim: an agent-based model of regional digital transformation in Japan."""

from __future__ import annotations

import importlib
import sys
import types

__all__ = ["MONTH", "RegionModel", "Results", "Scenario", "ScenarioError", "load_scenario", "run"]
__version__ = "0.1.0"

#: Where each public name lives. They are imported on first use, so that ``import sim.cli``
#: (the ``dxsim`` command) starts without numpy, pandas or Mesa (nor typing) and can catch a
#: Ctrl-C pressed while they load.
_LAZY = {
    "MONTH": ".model",
    "RegionModel": ".model",
    "Results": ".results",
    "run": ".run",
    "Scenario": ".scenario",
    "ScenarioError": ".scenario",
    "load_scenario": ".scenario",
}


class _Package(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name in _LAZY:
            value = getattr(importlib.import_module(_LAZY[name], __name__), name)
            setattr(self, name, value)
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __setattr__(self, name: str, value: object) -> None:
        # importing the submodule sim.run must not hide the function sim.run
        if name == "run" and isinstance(value, types.ModuleType):
            value = value.run
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
