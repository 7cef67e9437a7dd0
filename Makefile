# The two commands of README.md: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/idesluss
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format migrate demo worker messages check-translations serve-production clean bench-ideas audit audit-update

$(PY):
	@python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

## make run: set up, migrate the embedded SQLite database, add demo data if empty, serve.
run: install
	@export DEBUG=$${DEBUG:-true}; \
	$(BIN)/idesluss migrate --no-input -v 0 && \
	$(BIN)/idesluss seed_demo --if-empty && \
	{ $(BIN)/idesluss db_worker --queue-name '*' --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  echo ""; echo "Idésluss is served on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"; \
	  $(BIN)/idesluss runserver --noreload $(HOST):$(PORT); }

## make test: lint, migrations check, translations, the dependency audit (docs/security.md),
## the whole suite on PostgreSQL and on SQLite.
test: install
	scripts/ensure-test-tools
	scripts/ensure-postgres
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/idesluss makemigrations --check --dry-run
	$(PY) scripts/check_translations.py
	$(PY) scripts/audit_dependencies.py --age-warns
	@echo "== Test suite on PostgreSQL =="
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q
	@echo "== Test suite on SQLite =="
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Extract new strings into the Swedish catalogue and compile it.
messages: install
	cd idesluss && DEBUG=true ../$(BIN)/idesluss makemessages -l sv --no-location --no-obsolete \
	  --ignore 'static/*' && DEBUG=true ../$(BIN)/idesluss compilemessages -l sv

check-translations: install
	$(PY) scripts/check_translations.py

## The dependency audit against docs/security/advisories.json (offline), and its update (online).
audit: install
	$(PY) scripts/audit_dependencies.py

audit-update: install
	$(PY) scripts/audit_dependencies.py --update

worker: install
	DEBUG=$${DEBUG:-true} $(BIN)/idesluss db_worker --queue-name '*'

## Production-style: gunicorn with WhiteNoise (needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL).
serve-production: install
	$(BIN)/idesluss collectstatic --no-input -v 0
	$(BIN)/idesluss migrate --no-input
	$(BIN)/gunicorn -c idesluss/config/gunicorn.py idesluss.config.wsgi

## make bench-ideas: seed a PostgreSQL bench database with 100,000 ideas (once), time the idea pages.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/idesluss_bench
BENCH_IDEAS ?= 100000
bench-ideas: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench.seed_ideas --create-database --if-empty --ideas $(BENCH_IDEAS)
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=true $(BIN)/idesluss migrate --no-input -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench.ideas_bench

clean:
	rm -rf $(VENV) var/static var/test.sqlite3*

## make bench: the load benchmark (gunicorn + PostgreSQL + wrk) on every page; BENCH_SCALE=region
## for the targets' scale, BENCH_ARGS="--quick" / "--soak 600" / "--only list". See docs/performance.md.
BENCH_SCALE ?= municipality
BENCH_ARGS ?=
.PHONY: bench
bench: install
	bench/run --scale $(BENCH_SCALE) $(BENCH_ARGS)
