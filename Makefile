# Set-up and test entry points; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LINT := tools/cypher-lint

.PHONY: demo setup test lint-tools clean

demo: setup ## install, load the sample articles into ./graph.db, print counts
	$(BIN)/graph-builder load data/samples
	$(BIN)/graph-builder stats

setup: $(BIN)/graph-builder

$(BIN)/graph-builder: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

lint-tools: $(LINT)/node_modules/.package-lock.json

$(LINT)/node_modules/.package-lock.json: $(LINT)/package-lock.json
	npm ci --prefix $(LINT) --no-audit --no-fund

test: setup lint-tools ## run the whole test suite
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) graph.db graph.db.wal $(LINT)/node_modules
