# Two commands do all the set-up on a fresh clone (see README.md):
#   make run    install, extract corpus/texts into outputs/, score corpus/ into outputs/evaluation/
#   make test   install with the test extras, then run the tests
# PYTHON picks the interpreter; each one gets its own virtual environment.

PYTHON ?= python3
VENV ?= .venv
PIP := $(VENV)/bin/python -m pip
CONSTRAINTS := .ci/constraints.txt
# make run needs only the package; make test adds the test, notebook, Dask and xlsx extras
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
LAB_STAMP := $(VENV)/.installed-lab

.PHONY: run test install browser notebooks lab constraints clean

$(RUN_STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c $(CONSTRAINTS) -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(PIP) install --quiet -c $(CONSTRAINTS) -e '.[test,notebooks,dask,xlsx]'
	touch $(STAMP)

install: $(STAMP)

run: $(RUN_STAMP)
	$(VENV)/bin/ru-entities extract corpus/texts --meta corpus/meta.csv --out outputs
	$(VENV)/bin/ru-entities evaluate corpus --format brat --out outputs/evaluation

notebooks: $(STAMP) run
	$(VENV)/bin/python notebooks/run.py

# JupyterLab on the notebooks, for looking at outputs/ interactively
# (runs make run first when there is no output yet; Jupyter wants --allow-root as root)
$(LAB_STAMP): $(RUN_STAMP)
	$(PIP) install --quiet -c $(CONSTRAINTS) -e '.[lab]'
	touch $(LAB_STAMP)

lab: $(LAB_STAMP)
	@test -f outputs/mentions.parquet || $(MAKE) run
	$(VENV)/bin/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

test: $(STAMP) browser
	$(VENV)/bin/python -m pytest

# The report test drives a real headless browser, Debian's chromium: installed
# here when missing and we may (root with apt-get); otherwise that test skips
# (and fails under CI=true).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  echo "installing chromium for the report test" && \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || true

constraints: $(STAMP)
	{ echo "# One tested set of versions for CI and the README commands (pip install -c)."; \
	  echo "# Regenerate with: make constraints"; \
	  $(PIP) freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)

clean:
	rm -rf $(VENV) .venv-* outputs/*.parquet outputs/*.csv outputs/run.json
