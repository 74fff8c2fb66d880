# The two commands of the quick start: `make run` and `make test`.
# Both install what is missing first (a virtualenv in .venv, pinned by requirements.lock).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lock clean bench

$(STAMP): requirements.lock requirements-test.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/dps run

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench.one_hop $(BENCH_ARGS)

# Re-pin after changing pyproject.toml's dependencies.
lock:
	scripts/lock.sh

clean:
	rm -rf $(VENV) var
