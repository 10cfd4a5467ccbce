# The project's vocabulary: run, test, lint, bench, backup.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format migrate data bench backup browsers clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput

data: migrate
	DEBUG=1 $(PY) manage.py load_reference_data

run: data
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(PY) bench/run.py

backup: $(STAMP)
	mkdir -p backups
	$(PY) manage.py dumpdata --natural-foreign --natural-primary \
		--exclude contenttypes --exclude auth.permission --exclude sessions \
		--exclude admin.logentry --indent 1 -o backups/militarydiplo-$$(date -u +%Y%m%dT%H%M%SZ).json.gz
	@ls -1t backups | head -1

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
