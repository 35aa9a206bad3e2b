# Two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Quiet: setuptools' notes on editable installs are for packagers, not for someone
# trying the project (the wheel build is checked for warnings by the tests).
# Pinned to constraints.txt: the versions the suite last passed with.
PIP := PYTHONWARNINGS=ignore $(PY) -m pip install --quiet --disable-pip-version-check \
	-c constraints.txt
# Everything: the tests, the linters, the docs and the benchmarks.
STAMP := $(VENV)/.installed
# Only what running needs: tidecord and the examples' dependencies.
RUN_STAMP := $(VENV)/.installed-run

.PHONY: run test lint chaos docs bench sandbox clean

$(PY):
	@echo "tidecord: creating $(VENV)"
	@$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml constraints.txt | $(PY)
	@if [ ! $(STAMP) -nt pyproject.toml ] || [ ! $(STAMP) -nt constraints.txt ]; then \
		echo "tidecord: installing tidecord and the examples' dependencies (first run only)"; \
		$(PIP) -e '.[examples]'; \
	fi
	@touch $(RUN_STAMP)

$(STAMP): pyproject.toml constraints.txt | $(PY)
	$(PIP) -e '.[test,bench]'
	touch $(STAMP)

## make run: the idea bot on the sandbox, with the chat page (no token needed)
# `set -m` runs the bot as the terminal's foreground job: Ctrl-C reaches the bot
# alone, which stops cleanly, so make exits 0 instead of dying of the SIGINT too.
# (The trailing `exit` keeps bash from exec'ing the bot, which would undo that.)
run: $(RUN_STAMP)
	@bash -c 'set -m; $(VENV)/bin/tidecord run examples/idea_bot.py; exit $$?'

## make test: everything the tests need, the linters, then every test (docs included)
# Two workers a core (each taking whole files as it goes: --dist loadfile, in
# pyproject.toml): most tests wait on sockets, subprocesses, timers and Discord's own
# pauses (an identify every 5 s) rather than compute. On two cores, three workers
# took 500 s with the CPU about half idle; four, 386 s with it a third idle; six, 331 s
# with it busy, which leaves the tests that time things (rate limits, loop health)
# none to spare. TEST_WORKERS=N overrides. The cluster tests run after, alone: they
# time identify windows and lease takeovers across several worker processes against a
# sandbox in the test's own process, and a second test worker on the same cores delays
# the sandbox's own reading of those moments.
# (At most eight: each worker may start its own sandbox, bots and browser.)
TEST_WORKERS ?= $(shell n=$$(( $$(nproc 2>/dev/null || echo 2) * 2 )); echo $$(( n > 8 ? 8 : n )))
test: $(STAMP) lint
	$(PY) -m pytest -q -n $(TEST_WORKERS) --ignore=tests/cluster
	$(PY) -m pytest -q tests/cluster

## make chaos: the chaos and fuzz suite alone (reconnect storms, fuzz, REST faults,
## attacks on the sandbox); `make test` runs it too. TIDECORD_CHAOS_SEED=N reruns a seed.
chaos: $(STAMP)
	$(PY) -m pytest -q tests/chaos

## make lint: ruff (with the ASYNC rules) everywhere, mypy --strict on the library
lint: $(STAMP)
	$(VENV)/bin/ruff check tidecord tests examples benchmarks docs
	$(VENV)/bin/mypy

## make docs: the documentation site in docs/_build/html (warnings are errors)
docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -q -b html docs docs/_build/html
	@echo "tidecord: docs built: docs/_build/html/index.html"

## make bench: tidecord, discord.py and hikari side by side against one sandbox
bench: $(STAMP)
	$(PY) -m benchmarks

sandbox: $(RUN_STAMP)
	$(VENV)/bin/tidecord sandbox

clean:
	rm -rf $(VENV) build dist *.egg-info artifacts docs/_build
