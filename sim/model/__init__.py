"""The model: RegionModel, its monthly mechanisms, the columns and the two ledgers.

It imports nothing of dxsim but the scenario layer below it (``sim.scenario``), so the model can
be read, run and tested without the layers built on it (outputs, experiments, command line,
dashboard). Its public face is ``sim.RegionModel``; the step order is ``RegionModel.step``.
"""
