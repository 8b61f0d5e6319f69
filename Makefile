# Collegia: `make run` sets up and serves the demo; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export COLLEGIA_DATABASE_URL ?= sqlite:///instance/collegia.db

.PHONY: install run demo test test-postgres bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/collegia init
	$(BIN)/collegia demo
	$(BIN)/collegia run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/pytest -q

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache *.egg-info
