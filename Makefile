# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: bench-pdf bench-import run test test-browser lint format install migrate demo check-system clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 이상이 필요합니다 (PYTHON=$(PYTHON))."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) check-system

# WeasyPrint needs Pango (and HarfBuzz's subsetter for fast CJK fonts); the browser tests need
# Debian's Chromium and a CJK font. As root on Debian we install what is missing; otherwise we
# say which packages to install.
check-system:
	@bash scripts/check-system.sh

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "관리자 계정 만들기: $(PY) manage.py createsuperuser"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Only the browser tests (Playwright + /usr/bin/chromium); screenshots go to bench/out/screenshots/.
test-browser: install
	$(PY) -m pytest tests/browser $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Speed and memory of the PDF report against Chromium (prints a table).
bench-pdf: install
	$(PY) bench/pdf.py

# Speed and memory of the admin's spreadsheet import: 10,000 plan items (prints a table).
bench-import: install
	$(PY) bench/import.py
