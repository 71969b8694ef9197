# The one task runner. `make run` builds data/articles/ into output/; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup lint bench clean

run: $(STAMP)
	$(VENV)/bin/geokg build data/articles -o output

test: $(STAMP)
	$(PY) -m pytest -q

setup: $(STAMP)

$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check graph tests benchmarks
	$(VENV)/bin/ruff format --check graph tests benchmarks

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) output .pytest_cache
