# recipebook tasks. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/recipebook: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

.PHONY: install
install: $(BIN)/recipebook ## Create .venv and install recipebook with test and dev tools

.PHONY: book
book: $(BIN)/recipebook ## Build the book into output/
	$(BIN)/recipebook build

.PHONY: validate
validate: $(BIN)/recipebook ## Check every recipe (strict: warnings fail too)
	$(BIN)/recipebook validate --strict

.PHONY: test
test: $(BIN)/recipebook ## Run the test suite
	$(BIN)/python -m pytest

.PHONY: lint
lint: $(BIN)/recipebook ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: $(BIN)/recipebook ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: golden
golden: $(BIN)/recipebook ## Regenerate the golden page texts of the fixture book
	$(BIN)/python -m tests.update_golden

.PHONY: bench
bench: $(BIN)/recipebook ## Run the benchmarks (prints figures; not part of the tests)
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_distribute.py

.PHONY: artwork
artwork: $(BIN)/recipebook ## Regenerate the illustrations in images/
	$(BIN)/python tools/artwork.py

.PHONY: clean
clean: ## Remove build results (keeps the distribution ledger)
	rm -rf output/*.pdf output/.cache output/outbox
