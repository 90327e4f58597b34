# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: bench bench-pages bench-session bench-progress bench-booklet bench-serve bench-outage bench-pdf bench-hwpx bench-import bench-lighthouse css serve worker run test test-browser lint check-deploy format install migrate demo demo-users check-system clean

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

# One login per role in the demo department, random passwords printed once (README: Roles).
demo-users: demo
	$(PY) manage.py create_demo_users

run: demo
	@echo "관리자 계정 만들기: $(PY) manage.py createsuperuser"
	@echo "역할별 시험 계정: make demo-users"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production configuration (README: 배포): settings config.settings.prod, migrations,
# static files with hashed names, the job queue's worker (manage.py run_huey: a publication's
# files) and gunicorn (config/gunicorn.conf.py), stopped together. DJANGO_SECRET_KEY is
# required; a try-out over plain HTTP on this machine also needs DJANGO_SECURE_SSL_REDIRECT=0.
serve: export DJANGO_SETTINGS_MODULE = config.settings.prod
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { \
		echo "make serve는 운영 설정으로 실행합니다. 환경 변수를 설정하십시오:"; \
		echo "  DJANGO_SECRET_KEY   (필수) 서명 키. 예: export DJANGO_SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
		echo "  DATABASE_URL        postgres://사용자:암호@호스트:5432/이름 (없으면 SQLite)"; \
		echo "  CACHE_URL           redis://127.0.0.1:6379/1 (없으면 프로세스별 메모리)"; \
		echo "  QUEUE_URL           redis://127.0.0.1:6379/2 작업 대기열 (없으면 var/queue.sqlite3)"; \
		echo "  DJANGO_ALLOWED_HOSTS 접속 주소의 호스트 이름 (기본: localhost,127.0.0.1)"; \
		echo "  DJANGO_SECURE_SSL_REDIRECT=0  HTTPS 없이 이 컴퓨터에서 시험할 때"; \
		exit 1; }
	@[ -n "$$DJANGO_SECURE_SSL_REDIRECT" ] || \
		echo "주의: 모든 요청을 https://로 보냅니다. HTTPS 프록시 없이 시험하려면 DJANGO_SECURE_SSL_REDIRECT=0"
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	@mkdir -p var
	$(PY) manage.py requeue_publications
	$(PY) manage.py run_huey & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c config/gunicorn.conf.py

# The job queue's worker alone (README: 작업 대기열), for a server that runs it as a service of
# its own beside gunicorn; the same environment as make serve (QUEUE_URL, DATABASE_URL …).
worker: export DJANGO_SETTINGS_MODULE = config.settings.prod
worker: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make worker는 운영 설정으로 실행합니다. make serve와 같은 환경 변수(DJANGO_SECRET_KEY 등)를 설정하십시오."; exit 1; }
	@mkdir -p var
	$(PY) manage.py requeue_publications
	$(PY) manage.py run_huey

# One test process per core (pytest-xdist), each file kept in one process so its module-scoped
# fixtures (a rendered demo report, a generated county) are built once; the slowest tests are
# listed at the end, so a run that grows slow says where. TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=25 $(PYTEST_ARGS)

# Only the browser tests (Playwright + /usr/bin/chromium); screenshots go to bench/out/screenshots/.
test-browser: install
	$(PY) -m pytest tests/browser $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Django's deployment checklist on the production settings with throwaway secrets: any warning
# fails, so a security setting lost in an edit shows here rather than in production.
check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.prod DJANGO_ALLOWED_HOSTS=example.org \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(PY) manage.py check --deploy --fail-level WARNING

# The public pages' vendor stylesheets in static/build/, made from static/vendor/ (README:
# 스타일시트 빌드). The output is committed, so `make run` needs no build; rerun it after a
# template gains a class or element (tests/ops/test_stylesheets.py fails until then).
css: install
	$(PY) scripts/build_css.py

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Every benchmark, each printing its table (README: Benchmarks). bench-serve needs PostgreSQL and Redis
# on 127.0.0.1 and wrk (Debian package `wrk`, installed by scripts/check-system.sh as root).
bench: bench-pages bench-session bench-progress bench-booklet bench-serve bench-outage bench-pdf bench-hwpx bench-import bench-lighthouse

# Latency and queries of the public pages, in process, on the demo plan and a 30-department
# county (prints a table).
bench-pages: install
	$(PY) bench/pages.py

# The council session's pages with the 30-department county: queries, p50/p99 (prints a table).
bench-session: install
	$(PY) bench/session.py

# 추진실적 with the 30-department county: the team screen (GET, POST of every item), the public
# report page (cold, warm), its PDF, the overdue dashboard; p50/p99 and queries for plans of 3 and
# 30 cards (prints a table).
bench-progress: install
	$(PY) bench/progress.py

# The session booklet of the 30-department county: seconds cold and from stored PDFs, peak
# memory, pages, and PNGs of its cover, 목차 and a department boundary (prints a table).
bench-booklet: install
	$(PY) bench/booklet.py

# Throughput, latency and errors under gunicorn with wrk on loopback; memory per worker.
bench-serve: install
	$(PY) bench/serve.py

# The same load with the cache server (a Redis of its own) stopped halfway: errors and p99.
bench-outage: install
	$(PY) bench/outage.py

# Speed and memory of the PDF report against Chromium (prints a table).
bench-pdf: install
	$(PY) bench/pdf.py

# Speed and memory of the 한글 file (HWPX): export and import beside the PDF, and screenshots of
# the demo's pages drawn by rhwp and by poppler in bench/out/hwpx/ (prints a table).
bench-hwpx: install
	$(PY) bench/hwpx.py

# Lighthouse's mobile scores of the public pages under the production configuration (npm installs
# Lighthouse into bench/node/; Debian's Chromium). Other paths: make bench-lighthouse PAGES="/ /sessions/"
bench-lighthouse: install
	$(PY) bench/lighthouse.py $(PAGES)

# Speed and memory of the admin's spreadsheet import: 10,000 plan items (prints a table).
bench-import: install
	$(PY) bench/import.py
