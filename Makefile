# Xinfang — two commands: `make run` (set up and serve the demo) and `make test` (lint + the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages clean prod-check bench

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) scripts/test.py

prod-check: install
	$(PY) scripts/prod_check.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	cd $(CURDIR) && $(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=var && $(PY) manage.py compilemessages -l en --ignore=.venv

# The benchmark suite (docs/performance.md): BENCH_PETITIONS (default 100000) or BENCH_DATABASE_URL.
bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var staticfiles
