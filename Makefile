# Two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint chaos bench sandbox clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

## make run: the idea bot on the sandbox, with the chat page (no token needed)
run: $(STAMP)
	$(VENV)/bin/tidecord run examples/idea_bot.py

## make test: everything the tests need, the linters, then every test
test: $(STAMP) lint
	$(PY) -m pytest -q

## make chaos: the chaos and fuzz suite alone (reconnect storms, fuzz, REST faults,
## attacks on the sandbox); `make test` runs it too. TIDECORD_CHAOS_SEED=N reruns a seed.
chaos: $(STAMP)
	$(PY) -m pytest -q tests/chaos

## make lint: ruff (with the ASYNC rules) everywhere, mypy --strict on the library
lint: $(STAMP)
	$(VENV)/bin/ruff check tidecord tests examples benchmarks
	$(VENV)/bin/mypy

## make bench: tidecord, discord.py and hikari side by side against one sandbox
bench: $(STAMP)
	$(PY) -m benchmarks

sandbox: $(STAMP)
	$(VENV)/bin/tidecord sandbox

clean:
	rm -rf $(VENV) build *.egg-info artifacts
