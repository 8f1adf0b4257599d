# Two commands do all the set-up on a fresh clone (see README.md):
#   make run    install, then extract corpus/texts into outputs/
#   make test   install with the test extras, then run the tests
# PYTHON picks the interpreter; each one gets its own virtual environment.

PYTHON ?= python3
VENV ?= .venv
PIP := $(VENV)/bin/python -m pip
CONSTRAINTS := .ci/constraints.txt
STAMP := $(VENV)/.installed

.PHONY: run test install notebooks readme constraints clean

$(STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c $(CONSTRAINTS) -e '.[test,notebooks]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/ru-entities extract corpus/texts --meta corpus/meta.csv --out outputs

test: $(STAMP)
	$(VENV)/bin/python -m pytest

constraints: $(STAMP)
	{ echo "# One tested set of versions for CI and the README commands (pip install -c)."; \
	  echo "# Regenerate with: make constraints"; \
	  $(PIP) freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)

clean:
	rm -rf $(VENV) .venv-* outputs/*.parquet outputs/*.csv outputs/run.json
