# Every target does its own set-up: a fresh machine needs only Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: install run worker test lint lock messages clean

install: $(STAMP)

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py create_demo_superuser
	$(BIN)/python manage.py refresh_findings
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The task queue's worker with the schedule of the daily jobs (needs REDIS_URL; without it
# `make run` does the same work in-process): webhook deliveries, the consent deadline.
worker: install
	$(BIN)/celery -A registry worker --beat --loglevel=INFO

# One test process per CPU (pytest-xdist), the browser tests in one of them (one Chromium);
# PYTEST_ARGS="-n 0 tests/x.py" runs in one process.
# Compiled test modules are cached even where the environment sets PYTHONDONTWRITEBYTECODE:
# every worker would otherwise compile and rewrite them all again on each run.
test: install
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# Re-resolve the pinned set after editing pyproject.toml.
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes -o requirements.lock

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV)
