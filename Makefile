# Two commands on a fresh machine with python3 (>= 3.11) and make:
#   make demo   install into .venv and open the app on a demo vault (passphrase: demo)
#   make test   install into .venv and run the whole test suite (kill tests short)
#   make torture  the kill tests (crash, passphrase change) at full strength
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo run test torture quick lint screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/hrtui demo

run: $(STAMP)
	$(BIN)/hrtui

test: $(STAMP)
	$(BIN)/python -m pytest

quick: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

torture: $(STAMP)
	$(BIN)/python -m pytest -m torture --full-torture

lint: $(STAMP)
	$(BIN)/ruff check .

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info
