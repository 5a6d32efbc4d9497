# Two set-up commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo demo-reset worker beat test test-only lint bench fonts browser clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) fonts

# WeasyPrint needs a CJK font to set Chinese text; install Debian's Noto CJK when none is present.
fonts:
	@bash scripts/ensure-cjk-font.sh

demo: install
	$(BIN)/gongkai migrate --no-input
	$(BIN)/gongkai demo
	$(BIN)/gongkai demo --logins --address http://$(HOST):$(PORT)
	$(BIN)/gongkai collectstatic --no-input -v0
	@bash scripts/ensure-cjk-font.sh --check
	$(BIN)/gongkai serve --host $(HOST) --port $(PORT)

# Delete the demo's data (database, uploaded files, collected static files); `make demo` starts afresh.
demo-reset:
	rm -f gongkai.sqlite3 gongkai.sqlite3-wal gongkai.sqlite3-shm
	rm -rf media staticfiles

# With GONGKAI_BROKER_URL set: the background worker and the scheduler (see README, Running in production).
worker: install
	$(BIN)/celery -A gongkai.celery worker --loglevel INFO

beat: install
	$(BIN)/celery -A gongkai.celery beat --loglevel INFO -s celerybeat-schedule

test: install lint test-only

test-only:
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
