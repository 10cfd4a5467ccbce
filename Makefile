# The project's vocabulary: run, test, lint, bench, backup.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: venv run test lint format migrate data bench bench-test cluster-test backup restore clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# What the site needs to run (make run): requirements.txt, again whenever it changes.
$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# Tests and tooling as well (make test, lint, CI): again whenever either file changes.
# requirements-dev.txt includes requirements.txt, so the site's stamp is current too.
$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP) $(DEV_STAMP)

venv: $(DEV_STAMP)

migrate: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput

data: migrate
	DEBUG=1 $(PY) manage.py load_reference_data

run: data
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# One xdist worker a core, each with its own test database and cache keys (tests/settings.py);
# a module's tests stay on one worker, so data a module loads once is loaded once.
# PYTHONDONTWRITEBYTECODE is emptied for the run: with it set, every worker and every
# subprocess a test starts compiles the project (and pytest rewrites the tests) afresh.
test: $(DEV_STAMP)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n auto --dist loadfile

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(PY) bench/run.py

# The scale-out topology on loopback (proxy, two servers, primary + replica, pgbouncer,
# Redis), checked for coherence and faults, then stopped: scripts/cluster_test.py.
cluster-test: $(STAMP)
	$(PY) scripts/cluster_test.py

# The bench's own tests (its synthetic data, its yardstick), outside the product's suite.
bench-test: $(DEV_STAMP)
	$(PY) -m pytest bench/tests --ds=bench.settings

# Every record, its history and the accounts; primary keys kept, since history rows and
# slug redirects refer to records by id. Content types and permissions are rebuilt by
# migrate and named by natural key; sessions and sign-in attempts are not worth keeping.
BACKUP_EXCLUDE := --exclude contenttypes --exclude auth.permission --exclude sessions \
	--exclude admin.logentry --exclude axes

backup: $(STAMP)
	mkdir -p backups
	$(PY) manage.py dumpdata --natural-foreign $(BACKUP_EXCLUDE) \
		--indent 1 -o backups/militarydiplo-$$(date -u +%Y%m%dT%H%M%SZ).json.gz
	@ls -1t backups | head -1

# `make restore FILE=backups/militarydiplo-....json.gz`: the database becomes exactly the
# backup (flush empties it first, so ids match; loaddata loads in one transaction).
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/militarydiplo-....json.gz"; exit 2; }
	@test -f "$(FILE)" || { echo "no such file: $(FILE)"; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py flush --noinput
	$(PY) manage.py loaddata "$(FILE)"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
