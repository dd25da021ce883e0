# Two commands on a fresh machine with python3 (>= 3.11) and make:
#   make demo   install into .venv and open the app on a demo vault (passphrase: demo)
#   make test   install into .venv and run the whole test suite (kill tests short)
#   make torture  the kill tests (crash, passphrase change) at full strength
#   make floors   the oldest versions pyproject.toml allows, in a fresh venv: a smoke test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Run by `make floors` on the declared minimum of every runtime dependency: the store, the
# domain, the guards on Textual's private parts and one whole flow through the screens.
SMOKE  := tests/store/test_vault.py tests/domain/test_clients.py tests/test_textual_internals.py \
          tests/screens/test_flow.py::test_create_add_filter_open_back_and_reopen

.PHONY: demo run test torture quick lint floors screenshots clean

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
	$(BIN)/ruff format --check .
	$(BIN)/mypy hrtui

# A venv in a temporary folder gets the project (built as a wheel, as a user would get it)
# with every runtime dependency pinned to its floor (scripts/min_constraints.py), and runs
# SMOKE against that installed copy, not the source tree. Fails if any of it fails. (build/
# goes first: setuptools would put a module deleted since the last build into the wheel.)
floors:
	@set -eu; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; rm -rf build; \
	$(PYTHON) scripts/min_constraints.py -o "$$tmp/floors.txt"; \
	echo "floors:"; grep -v '^#' "$$tmp/floors.txt" | sed 's/^/  /'; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip; \
	"$$tmp/venv/bin/python" -m pip install --quiet -c "$$tmp/floors.txt" '.[dev]'; \
	"$$tmp/venv/bin/python" -m pip check; \
	"$$tmp/venv/bin/pytest" -p no:cacheprovider -n 0 $(SMOKE)

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info
