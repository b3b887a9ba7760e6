"""dxsim: an agent-based model of regional digital transformation in Japan."""

from .model import MONTH, RegionModel
from .results import Results
from .run import run
from .scenario import Scenario, ScenarioError, load_scenario

__all__ = ["MONTH", "RegionModel", "Results", "Scenario", "ScenarioError", "load_scenario", "run"]
__version__ = "0.1.0"
