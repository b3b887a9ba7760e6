"""Outputs of one run: ``run()``, the Results tables and files, figures and the disclosure report.

Built on the model and the scenario layers; knows nothing of batches, analysis or the command line.
"""
