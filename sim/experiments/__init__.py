"""Many runs: experiment designs, batch execution (local or Dask), and their analysis
(outcomes, comparisons, sensitivity, discovery, robustness, patterns, calibration).

Built on outputs, model and scenario; the command line and the dashboard sit above it.
"""
