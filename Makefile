# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2
WEB_WORKERS ?= 3
# How long a stopping qcluster may take before it is killed (its own bound is LOA_QCLUSTER_STOP_SECONDS).
STOP_SECONDS ?= 20

.PHONY: system-packages messages setup run serve-prod audit test test-unit test-services test-future bench lint check clean

# Debian packages: Chromium for the browser tests, DejaVu fonts for posters, gettext (msgfmt) for
# the Vietnamese catalogue, Pango and Liberation Serif for WeasyPrint's reports (Nghị định 30 asks
# for Times New Roman or a metric twin), poppler-utils (pdftotext) for the tests reading them.
# Installs only what is missing; sudo only when not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
LIBERATION := /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf

system-packages:
	@command -v chromium >/dev/null || ($(APT_INSTALL) chromium)
	@test -f $(DEJAVU) || ($(APT_INSTALL) fonts-dejavu-core)
	@command -v msgfmt >/dev/null || ($(APT_INSTALL) gettext)
	@command -v tesseract >/dev/null || ($(APT_INSTALL) tesseract-ocr)
	@test -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata || ($(APT_INSTALL) tesseract-ocr-vie)
	@command -v pdftoppm >/dev/null || ($(APT_INSTALL) poppler-utils)
	@test -f $(LIBERATION) || ($(APT_INSTALL) fonts-liberation)
	@ldconfig -p | grep -q libpango-1.0 || ($(APT_INSTALL) libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
	@command -v espeak-ng >/dev/null || ($(APT_INSTALL) espeak-ng)

# The project's Vietnamese strings for messages the libraries leave in English (locale/, see
# docs/files-and-logins.md): compiled here, not committed. tests/conftest.py compiles them too
# when pytest runs without make.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

%.mo: %.po | system-packages
	msgfmt --check-format -o $@ $<

messages: $(MESSAGES)

$(INSTALLED): requirements.txt requirements-dev.txt | system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

setup: $(INSTALLED) $(MESSAGES)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_roles
	$(BIN)/python manage.py setup_schedules
	$(BIN)/python manage.py load_demo

# Stops the background processes named in $$PIDS: TERM, then KILL whatever still runs after STOP_SECONDS.
STOP_ALL = for pid in $$PIDS; do kill -TERM $$pid 2>/dev/null; done; \
	for i in $$(seq $(STOP_SECONDS)); do alive=; for pid in $$PIDS; do kill -0 $$pid 2>/dev/null && alive=1; done; \
	[ -n "$$alive" ] || break; sleep 1; done; \
	for pid in $$PIDS; do kill -KILL $$pid 2>/dev/null; done; wait 2>/dev/null

# Serves the site and a django-q2 cluster; Ctrl-C stops both within STOP_SECONDS.
run: setup
	@echo "Loa: http://$(HOST):$(PORT)/admin/  (Ctrl-C để dừng)"
	@$(BIN)/python manage.py qcluster & PIDS=$$!; \
	trap '$(STOP_ALL)' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production shape on one machine (docs/deploy.md): gunicorn with WEB_WORKERS workers, two django-q2
# clusters of which only the first turns schedules into tasks, static files served by WhiteNoise.
# Needs SECRET_KEY, ALLOWED_HOSTS, WAGTAILADMIN_BASE_URL; DATABASE_URL and REDIS_URL for scale-out.
serve-prod: $(INSTALLED) $(MESSAGES)
	@export DJANGO_SETTINGS_MODULE=cms.settings.production; \
	$(BIN)/python manage.py check --deploy --fail-level WARNING && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py collectstatic --noinput -v0 && \
	$(BIN)/python manage.py setup_schedules && { \
	Q_SCHEDULER=1 $(BIN)/python manage.py qcluster & PIDS=$$!; \
	Q_SCHEDULER=0 $(BIN)/python manage.py qcluster & PIDS="$$PIDS $$!"; \
	trap '$(STOP_ALL)' EXIT INT TERM; \
	$(BIN)/gunicorn cms.wsgi:application --workers $(WEB_WORKERS) --bind $(HOST):$(PORT) \
		--timeout 60 --graceful-timeout 15 --access-logfile - ; }

# Unit tests on SQLite, then the PostgreSQL/Redis legs (skipped unless
# DATABASE_URL/REDIS_URL point at real servers; .ci/run sets them).
test: test-unit test-services

test-unit: $(INSTALLED) $(MESSAGES)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not postgres and not redis" $(PYTEST_ARGS)

# The unit and browser tests again with the clock 400 days ahead: no test may depend on today's date.
test-future: $(INSTALLED) $(MESSAGES)
	env -u DATABASE_URL -u REDIS_URL LOA_CLOCK_OFFSET_DAYS=400 \
		$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not postgres and not redis" $(PYTEST_ARGS)

test-services: $(INSTALLED) $(MESSAGES)
	$(BIN)/python -m pytest -m "postgres or redis" $(PYTEST_ARGS)

bench: $(INSTALLED)
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: $(INSTALLED)
	$(BIN)/ruff check .

# Known vulnerabilities in the pinned requirements (pip-audit; needs the package index) and risky
# patterns in the code (bandit, configured in pyproject.toml: justified exceptions are listed there).
audit: $(INSTALLED)
	$(BIN)/bandit -q -c pyproject.toml -r campaigns cms
	$(BIN)/pip-audit --progress-spinner off -r requirements.txt

check: $(INSTALLED) $(MESSAGES)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py makemigrations --check --dry-run
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py check

clean:
	rm -rf $(VENV) db/ .pytest_cache $(MESSAGES)
