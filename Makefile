# The README's commands. Everything installs into .venv from pyproject.toml.
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# Tests run on every core; pass PYTEST_ARGS= to run them in one process.
PYTEST_ARGS ?= -n auto

# Web processes and threads for `make serve` (gunicorn also reads WEB_CONCURRENCY).
WEB_CONCURRENCY ?= 3
WEB_THREADS ?= 4
GUNICORN := $(BIN)/gunicorn factcheck.wsgi:application --bind $(HOST):$(PORT) \
	--workers $(WEB_CONCURRENCY) --worker-class gthread --threads $(WEB_THREADS) \
	--max-requests 2000 --max-requests-jitter 200 --graceful-timeout 20 \
	--access-logfile - --no-control-socket

.PHONY: install run serve test lint format bench bench-detection eval-detection loadtest

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Local demo: DEBUG on so runserver serves static files over plain http. A task
# worker runs beside the server for background jobs and stops with it. It does
# not reload on code changes (a reloader's child would outlive the kill below):
# restart `make run` after editing a task.
run: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py createcachetable
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py import_articles seeds/
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py setup_demo_accounts
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: gunicorn and a task worker, every setting from the environment
# (README, "Running in production"). Refuses to start on any `check --deploy`
# warning. With several web hosts, run migrate once per release instead.
serve: install
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(GUNICORN)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The whole benchmark on a synthetic archive (flags: BENCH_ARGS, see
# benchmarks/__main__.py; e.g. BENCH_ARGS="--claims 1000000"). SQLite by
# default, PostgreSQL when DATABASE_URL says so; writes bench-results.json.
bench: install
	$(BIN)/python -m benchmarks --json bench-results.json $(BENCH_ARGS)

bench-detection: install
	$(BIN)/python -m benchmarks.detection $(BENCH_ARGS)

# Detection scored on the annotated corpus of real reports, per story, per kind
# and per half (dev, heldout, seed). EVAL_ARGS e.g. "--corpus DIR --json eval.json".
eval-detection: install
	$(BIN)/python -m benchmarks.detection_eval $(EVAL_ARGS)

# Load test on loopback: gunicorn on a scratch database, concurrent clients,
# requests per second and latency per page. LOADTEST_ARGS=--help for options.
loadtest: install
	$(BIN)/python -m benchmarks.loadtest $(LOADTEST_ARGS)
