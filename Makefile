# Glas: `make run` and `make test` set everything up from a fresh clone with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PIP_VERSION := 26.3
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast bench lint check format setup install migrate messages demo clean lighthouse

run: setup demo
	@echo ""
	@echo "  Glas runs on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Demo logins (password glas-demo-2026): admin (superuser), editor, translator,"
	@echo "  moderator, juror, coordinator. Jurors (juror, juror2, juror3) sign in on the site:"
	@echo "  http://$(HOST):$(PORT)/en/login/ leads to their jury pages."
	@echo ""
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# The suite on every core, each test file in one worker process (pytest-xdist): pytest-django
# gives each worker a test database of its own, and tests/conftest.py puts the session's page
# tree back in a worker whenever a committing test has flushed it.
test: setup
	$(VENV)/bin/pytest -n auto --dist loadfile

test-fast: setup
	$(VENV)/bin/pytest -n auto --dist loadfile -m "not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# What CI checks before the tests: lint, no model change without its migration, the types.
check: lint
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

setup: install messages migrate

$(PY):
	$(shell command -v $(PYTHON) || command -v python3) -m venv $(VENV)

# Reinstall only when a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt build-constraints.txt | $(PY)
	$(PIP) install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(PIP) install --quiet --disable-pip-version-check --build-constraint build-constraints.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Compile translations (.mo files are built here, never committed) with polib, so that
# no system gettext is needed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
messages: $(MO_FILES)

locale/%.mo: locale/%.po | $(STAMP)
	$(PY) -c "import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

migrate: install
	DEBUG=true $(PY) manage.py migrate --no-input --verbosity 0

demo: setup
	DEBUG=true $(PY) manage.py load_demo_content
	DEBUG=true $(PY) manage.py load_demo_consultations
	DEBUG=true $(PY) manage.py load_demo_essays
	DEBUG=true $(PY) manage.py configure_site --url http://$(HOST):$(PORT) --verbosity 0

# The load tool is installed only here, so that `make test` stays lean.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): requirements-bench.txt | $(STAMP)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $(BENCH_STAMP)

bench: setup $(BENCH_STAMP)
	$(PY) tests/bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache

# Lighthouse mobile performance scores of the Macedonian pages into bench/results.json
# ("lighthouse"). Lighthouse itself comes from the committed lock file (npm ci), with the system
# Chromium; the site runs under gunicorn with the demo data (tests/bench/lighthouse/run.py).
LIGHTHOUSE_DIR := tests/bench/lighthouse
$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package-lock.json
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund
	touch $@

lighthouse: setup $(LIGHTHOUSE_DIR)/node_modules/.installed
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) $(LIGHTHOUSE_DIR)/run.py
