"""The ``dxsim`` command: argument parsing and the subcommands, the top layer with the dashboard.

``sim.cli.main`` must start without numpy, pandas or Mesa, so a Ctrl-C pressed while they load is
caught; every heavier import happens inside the subcommand that needs it.
"""

from .main import main

__all__ = ["main"]
