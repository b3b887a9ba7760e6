"""Scenario files: the schema, the loader and the region they describe."""

from .loader import ScenarioError, load_scenario
from .schema import Scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario"]
