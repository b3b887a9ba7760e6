"""The workshop dashboard (Solara): two futures of a region side by side, in Japanese or English.

``sim.dashboard.future`` holds one future (a model, its settings and what the charts read),
``sim.dashboard.text`` the labels in both languages, ``sim.dashboard.app`` the page. Start it
with ``dxsim dashboard``.
"""
