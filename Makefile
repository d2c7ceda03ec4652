# Bastion: the two commands of the quick start, and the pieces they are made of.
# `make demo` and `make test` each create .venv as needed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CLAUDE_DIR := tests/e2e/claude
CLAUDE_BIN := $(CLAUDE_DIR)/node_modules/.bin/claude
# The other agents' pinned clients (tests/e2e/<agent>/package-lock.json; docs/agents.md).
GEMINI_BIN  := tests/e2e/gemini/node_modules/.bin/gemini
CODEX_BIN   := tests/e2e/codex/node_modules/.bin/codex
COPILOT_BIN := tests/e2e/copilot/node_modules/.bin/copilot
AGENT_BINS  := $(GEMINI_BIN) $(CODEX_BIN) $(COPILOT_BIN)

.PHONY: demo test lint typecheck unit e2e claude agents bench bench-quality bench-latency clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# setuptools' distutils-precedence.pth runs at every interpreter start-up, so it would
	@# slow every hook call; nothing at run time needs it (builds bring their own).
	$(PY) -m pip uninstall --quiet --yes setuptools
	touch $(STAMP)

$(CLAUDE_BIN): $(CLAUDE_DIR)/package.json $(CLAUDE_DIR)/package-lock.json
	npm ci --prefix $(CLAUDE_DIR) --no-audit --no-fund --loglevel=error
	touch $(CLAUDE_BIN)

# Every other pinned client: tests/e2e/<agent>/node_modules/.bin/<agent>, from its lock.
$(GEMINI_BIN): tests/e2e/gemini/package.json tests/e2e/gemini/package-lock.json
$(CODEX_BIN): tests/e2e/codex/package.json tests/e2e/codex/package-lock.json
$(COPILOT_BIN): tests/e2e/copilot/package.json tests/e2e/copilot/package-lock.json
$(AGENT_BINS):
	npm ci --prefix $(patsubst %/node_modules/.bin/,%,$(dir $@)) --no-audit --no-fund --loglevel=error
	touch $@

## demo: set up and replay the classic incident through the real engine
demo: $(STAMP)
	$(VENV)/bin/bastion demo

## test: style, types, unit tests and end-to-end tests with the real Claude Code client
test: lint typecheck unit e2e

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src

typecheck: $(STAMP)
	$(VENV)/bin/mypy src/bastion

unit: $(STAMP)
	$(VENV)/bin/pytest -q -m "not e2e" tests

e2e: $(STAMP) $(CLAUDE_BIN) $(AGENT_BINS)
	BASTION_CLAUDE_BIN=$(abspath $(CLAUDE_BIN)) BASTION_GEMINI_BIN=$(abspath $(GEMINI_BIN)) \
	BASTION_CODEX_BIN=$(abspath $(CODEX_BIN)) BASTION_COPILOT_BIN=$(abspath $(COPILOT_BIN)) \
	$(VENV)/bin/pytest -q -m e2e tests

claude: $(CLAUDE_BIN)

## agents: the pinned Gemini CLI, Codex and Copilot CLI clients for the e2e tests
agents: $(AGENT_BINS)

## bench: quality on the replay corpora and hook latency (figures in bench/results/)
## The corpora are not in the repository: `make bench DATA=/path/to/corpora` or
## BASTION_BENCH_DATA=/path/to/corpora (docs/benchmarks.md says what they are).
DATA ?= $(BASTION_BENCH_DATA)
bench: bench-quality bench-latency

bench-quality: $(STAMP)
	BASTION_BENCH_DATA="$(DATA)" $(PY) bench/quality.py

bench-latency: $(STAMP)
	BASTION_BENCH_DATA="$(DATA)" $(PY) bench/latency.py

clean:
	rm -rf $(VENV) $(CLAUDE_DIR)/node_modules $(foreach b,$(AGENT_BINS),$(firstword $(subst /.bin/, ,$(b)))) .pytest_cache .mypy_cache .ruff_cache
