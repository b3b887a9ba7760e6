"""Scenario files: the schema, the loader and the region they describe."""

from .loader import load_scenario
from .problems import Problem, ScenarioError, ScenarioNote
from .schema import Scenario

__all__ = ["Problem", "Scenario", "ScenarioError", "ScenarioNote", "load_scenario"]
