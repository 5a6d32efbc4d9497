# Two set-up commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo test test-only lint bench fonts browser clean

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
	$(BIN)/gongkai demo --logins
	$(BIN)/gongkai runserver $(HOST):$(PORT)

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
