# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2

.PHONY: system-packages messages setup run test test-unit test-services test-future bench lint check clean

# Debian packages: Chromium for the browser tests, DejaVu fonts for posters, gettext (msgfmt) for
# the Vietnamese catalogue, Pango and fonts for WeasyPrint (printed rosters).
# Installs only what is missing; sudo only when not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf

system-packages:
	@command -v chromium >/dev/null || ($(APT_INSTALL) chromium)
	@test -f $(DEJAVU) || ($(APT_INSTALL) fonts-dejavu-core)
	@command -v msgfmt >/dev/null || ($(APT_INSTALL) gettext)
	@# WeasyPrint (printed rosters): Pango and HarfBuzz, DejaVu Serif/Liberation for Vietnamese text
	@ldconfig -p | grep -q libpango-1.0 || ($(APT_INSTALL) libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf || ($(APT_INSTALL) fonts-dejavu-core)
	@test -d /usr/share/fonts/truetype/liberation || ($(APT_INSTALL) fonts-liberation)
	@# poppler-utils: pdftotext for the roster tests; espeak-ng for spoken rosters
	@command -v pdftotext >/dev/null || ($(APT_INSTALL) poppler-utils)

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

# Serves the site and a django-q2 cluster; Ctrl-C stops both.
run: setup
	@echo "Loa: http://$(HOST):$(PORT)/admin/  (Ctrl-C để dừng)"
	@$(BIN)/python manage.py qcluster & QCLUSTER=$$!; \
	trap 'kill $$QCLUSTER 2>/dev/null; wait $$QCLUSTER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

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

check: $(INSTALLED) $(MESSAGES)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py makemigrations --check --dry-run
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python manage.py check

clean:
	rm -rf $(VENV) db/ .pytest_cache $(MESSAGES)
