# dxsim: two commands on a fresh machine: `make run` and `make test`.
# Finds a Python >= 3.12 by itself: python3.14, python3.13, python3.12, python3 (if >= 3.12),
# then pyenv's installed versions (highest first). A .venv with an older Python is remade.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
SCENARIO ?= scenarios/kamishihoro.yaml
YEARS ?= 20
OUT ?= results/$(notdir $(basename $(SCENARIO)))
PYENV_VERSIONS := $${PYENV_ROOT:-$$HOME/.pyenv}/versions
IS_312 := -c 'import sys; sys.exit(sys.version_info < (3, 12))'

PYTHON_FOUND := $(shell for c in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $(PYENV_VERSIONS)/3.*/bin/python3 2>/dev/null | sort -rV); do \
	  if command -v $$c >/dev/null 2>&1 && $$c $(IS_312) 2>/dev/null; \
	  then echo $$c; break; fi; done)

# "yes" when .venv exists but its Python is missing or older than 3.12: it is made again.
VENV_STALE := $(shell if [ -d $(VENV) ] && ! $(BIN)/python $(IS_312) 2>/dev/null; \
	then echo yes; fi)

.PHONY: run test warm lint format bench architecture docs clean python centralization investment_loops dashboard scenarios patterns FORCE

python:
	@if [ -z "$(PYTHON_FOUND)" ]; then \
	  echo "dxsim needs Python >= 3.12 (Mesa 3.5 requires it) and none was found."; \
	  echo "Looked for python3.14, python3.13, python3.12, python3 and pyenv versions under $(PYENV_VERSIONS)."; \
	  echo "Install one (e.g. 'pyenv install 3.12' or your distribution's python3.12) and run make again."; \
	  exit 1; fi

$(BIN)/dxsim: pyproject.toml constraints.txt $(if $(VENV_STALE),FORCE) | python
ifneq ($(VENV_STALE),)
	@echo "$(VENV) has no Python >= 3.12 ($$($(BIN)/python --version 2>&1 || echo none)): making it again with $(PYTHON_FOUND)"
	rm -rf $(VENV)
endif
	@test -x $(BIN)/python || $(PYTHON_FOUND) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $@

run: $(BIN)/dxsim
	$(BIN)/dxsim run $(SCENARIO) --years $(YEARS) --out $(OUT)

# The workshop dashboard on http://127.0.0.1:8765/ (PORT=... to change it).
dashboard: $(BIN)/dxsim
	$(BIN)/dxsim dashboard --port $(or $(PORT),8765)

# numba compiles the model's kernels on their first use and caches them beside sim/kernels*.py;
# one short run compiles them all once, before the test workers and batch workers would each
# compile them at the same time
warm: $(BIN)/dxsim
	$(BIN)/python -m sim.model.warm

test: $(BIN)/dxsim warm
	$(BIN)/ruff check sim tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n 2 -q

lint: $(BIN)/dxsim
	$(BIN)/ruff check sim tests benchmarks
	$(BIN)/ruff format --check sim tests benchmarks

format: $(BIN)/dxsim
	$(BIN)/ruff format sim tests benchmarks
	$(BIN)/ruff check --fix sim tests benchmarks

# docs/architecture.md's import graph and module tables, drawn from the code
architecture: $(BIN)/dxsim
	$(BIN)/python docs/import_graph.py --write

docs: $(BIN)/dxsim
	$(BIN)/dxsim params --markdown > docs/parameters.md
	$(BIN)/dxsim schema > schema/scenario.schema.json
	$(BIN)/dxsim schema --experiment > schema/experiment.schema.json
	$(BIN)/dxsim params --yaml > scenarios/base.yaml

# Scenarios built from the census files in data/ (hokkaido, tokachi, kamishihoro_baseline; japan).
scenarios: $(BIN)/dxsim
	$(BIN)/python -m sim.scenario.census
	$(BIN)/python -m sim.scenario.japan

# The observed-pattern suite (docs/validation.md): every pattern, 5 seeds.
# Its report (patterns.md and a figure per pattern) is copied to docs/figures/validation/patterns;
# the exit status is dxsim's (1 when a pattern that is not a known miss is missed).
patterns: $(BIN)/dxsim
	$(BIN)/dxsim patterns --workers 2 --out results/patterns; status=$$?; \
	  mkdir -p docs/figures/validation/patterns && \
	  cp -r results/patterns/patterns.md results/patterns/figures docs/figures/validation/patterns/; \
	  exit $$status

# The centralization experiment (8 scenarios) and the vendor-market grid, with their figures.
centralization: $(BIN)/dxsim
	$(BIN)/dxsim batch experiments/centralization.yaml --workers 2 --fresh --out results/centralization
	$(BIN)/python -m sim.outputs.figures centralization results/centralization docs/scenarios/figures/centralization
	$(BIN)/dxsim batch experiments/centralization_sensitivity.yaml --workers 2 --fresh --out results/centralization_sensitivity
	$(BIN)/python -m sim.outputs.figures centralization_sensitivity results/centralization_sensitivity docs/scenarios/figures/centralization

# Kamishihoro with and without programs, and the investment-loop design, with their figures.
investment_loops: $(BIN)/dxsim
	$(BIN)/dxsim batch experiments/kamishihoro_programs.yaml --workers 2 --fresh --out results/kamishihoro_programs
	$(BIN)/dxsim batch experiments/investment_loops.yaml --workers 2 --fresh --out results/investment_loops
	$(BIN)/python -m sim.outputs.figures investment_loops results/kamishihoro_programs results/investment_loops docs/scenarios/figures/investment_loops

bench: $(BIN)/dxsim
	$(BIN)/python benchmarks/bench_run.py
	$(BIN)/python benchmarks/bench_scale.py

clean:
	rm -rf $(VENV) results .pytest_cache

FORCE:
