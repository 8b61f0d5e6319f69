# Collegia: `make run` sets up and serves the demo; `make test` sets up and runs the tests;
# `make run-postgres` runs the production mode (PostgreSQL, gunicorn, projection worker) locally.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export COLLEGIA_DATABASE_URL ?= sqlite:///instance/collegia.db

PO_FILES := $(wildcard web/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

# The production mode, locally: the PostgreSQL server on 127.0.0.1:5432 (database created if missing).
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/collegia
POSTGRES_ENV := COLLEGIA_DATABASE_URL=$(POSTGRES_URL) COLLEGIA_PROJECTIONS=worker \
	COLLEGIA_INSTANCE_DIR=instance/postgres COLLEGIA_BIND=127.0.0.1:8000 COLLEGIA_WEB_WORKERS=2 \
	COLLEGIA_BASE_URL=$${COLLEGIA_BASE_URL:-http://127.0.0.1:8000}

.PHONY: install system-libraries browser-tools run run-postgres demo test bench bench-quick screenshots translations extract-messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

install: $(STAMP) $(MO_FILES) system-libraries browser-tools

# axe-core for the responsive and accessibility browser test (tests/web/test_responsive.py),
# installed from npm into .cache/npm once (nothing is fetched when it is already there).
# Without npm: an error in CI (CI=true, the test must run), a warning otherwise (the test skips).
AXE := .cache/npm/node_modules/axe-core/axe.min.js
browser-tools: $(AXE)
$(AXE):
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "error: npm is needed to install axe-core for tests/web/test_responsive.py (Debian: apt-get install npm)" >&2; \
	  if [ "$$CI" = true ]; then exit 1; fi; \
	else \
	  npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@4 || { \
	    echo "error: npm could not install axe-core into .cache/npm" >&2; if [ "$$CI" = true ]; then exit 1; fi; }; \
	fi

# The minutes' PDF (WeasyPrint) needs Pango and a font: installed from Debian when run as root,
# otherwise named so that an administrator can install them.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system-libraries:
	@missing=$$(for p in $(PDF_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	elif [ -n "$$missing" ]; then \
	  echo "warning: the minutes' PDF needs these system packages: $$missing" >&2; \
	fi

translations: $(MO_FILES)

# Refresh the message catalogues after changing user-visible text.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $$(sed 's/^/-k /' web/translations_keywords.txt) --no-location -o web/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i web/translations/messages.pot -d web/translations

run: install
	$(BIN)/collegia init
	$(BIN)/collegia demo
	$(BIN)/collegia run --host 127.0.0.1 --port 5000

# Setup step (tables, schema revision, keys), demo data if the store is empty, then gunicorn
# (2 web workers) and the projection worker, restarted if they stop; Ctrl-C stops both.
run-postgres: install
	$(POSTGRES_ENV) $(BIN)/collegia init --create-database
	$(POSTGRES_ENV) $(BIN)/collegia demo
	$(POSTGRES_ENV) $(BIN)/collegia serve

# The tests on TEST_WORKERS processes (pytest-xdist), each taking whole files (--dist loadfile: a file's
# session fixtures are built once, its tests share them); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 2
test: install
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

# Every performance target of issue #8 next to its anchor, in one table (docs/performance.md).
# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--backends sqlite".
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# CI-sized run: checks that the suite works, not the figures.
bench-quick: install
	$(BIN)/python -m bench --quick $(BENCH_ARGS)

# Regenerate docs/screenshots/ (needs Debian's chromium and chromium-driver).
screenshots: install
	$(BIN)/python -m tools.screenshots

clean:
	rm -rf $(VENV) instance .pytest_cache *.egg-info web/translations/*/LC_MESSAGES/*.mo
