# Two commands do everything on a fresh machine:
#   make report   set up .venv if needed, run every notebook headless on seeds/, write figures/ and the HTML report
#   make test     set up .venv if needed, run the whole test suite (what CI runs)
#   make test-fast  the same without the slow tests (notebooks, report, browser, dask cluster)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export MPLCONFIGDIR := $(CURDIR)/.mplconfig
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: report test test-fast bench lint clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

report: $(STAMP)
	$(PY) -m analysis report seeds --out build/report --figures-dir figures

test: $(STAMP)
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

bench: $(STAMP)
	$(PY) scripts/bench.py

lint: $(STAMP)
	$(VENV)/bin/ruff check analysis tests scripts

clean:
	rm -rf build .mplconfig .pytest_cache
