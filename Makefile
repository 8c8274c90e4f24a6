# The two commands a newcomer runs: `make demo` and `make test`. Both install what they need.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := espeak-ng festival festvox-ru sox libsox-fmt-all libportaudio2 chromium ffmpeg
DEMO_DB ?= sqlite:///var/demo/sapa.db

.PHONY: demo test test-asterisk install system-deps lint typecheck bench clean messages

demo: install  ## Build the demo (SQLite, demo data, survey calls, scoring, reports) and serve it
	SAPA_DATABASE_URL=$${SAPA_DATABASE_URL:-$(DEMO_DB)} $(BIN)/sapa demo $(DEMO_ARGS)

test: install  ## ruff + mypy + the import layers (import-linter) + the whole pytest suite
	$(BIN)/ruff check .
	$(BIN)/mypy sapa storage ivr asr dialogue scoring qa reports web
	$(BIN)/lint-imports
	@test -x "$${SAPA_ASTERISK_PREFIX:-$$HOME/.cache/sapa/asterisk-20.20.1/prefix}/sbin/asterisk" || \
	  echo "!!! no built Asterisk: the real-PBX tests (tests/asterisk) will be SKIPPED; run make test-asterisk !!!"
	$(BIN)/pytest $(PYTEST_ARGS)

test-asterisk: install  ## Build Asterisk 20 once (.ci/asterisk-build, cached) and run the real-PBX tests
	.ci/asterisk-build >/dev/null
	SAPA_REQUIRE_ASTERISK=1 $(BIN)/pytest tests/asterisk -m asterisk $(PYTEST_ARGS)

install: system-deps $(VENV)/.installed

system-deps:
	bash .ci/apt-install $(APT_PACKAGES)

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy sapa storage ivr asr dialogue scoring qa reports web
	$(BIN)/lint-imports

bench: install
	for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

messages: install  ## Re-extract the web UI's and the reports' strings (web/locale, reports/locale) and merge them into ru, kk, en
	$(BIN)/pybabel extract -F web/babel.cfg -k N_ -o web/locale/messages.pot --no-location --sort-output --project Sapa .
	$(BIN)/pybabel update -i web/locale/messages.pot -d web/locale --width 110
	$(BIN)/pybabel extract -F reports/babel.cfg -k N_ -o reports/locale/reports.pot --no-location --sort-output .
	$(BIN)/pybabel update --no-fuzzy-matching -D reports -i reports/locale/reports.pot -d reports/locale --width 110

clean:
	rm -rf var/demo .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
