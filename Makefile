# Two commands a teacher needs: `make lab` opens the course, `make test` checks all of it.
# Both create .venv on first use and install the pinned versions from requirements.lock,
# so that stored notebook outputs match what the tests compare them with.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
# JupyterLab refuses to run as root (containers, CI) unless told it may.
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
# The course fetches nothing at run time: no news feed, no update check.
OFFLINE_FLAGS := --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

.PHONY: install lab test unit notebooks lint execute bench answer-keys lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "The course needs Python 3.11 or newer (pandas 3 does); this is " + sys.version.split()[0] + ". Install a newer Python, then run e.g. make PYTHON=python3.12 lab")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) --port=$${JUPYTER_PORT:-8888} $(OFFLINE_FLAGS) notebooks/00-start-here.ipynb

test: $(STAMP)
	$(BIN)/ruff check lessons tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python -m pytest tests $(NOTEBOOKS) --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval-sanitize.cfg -q

unit: $(STAMP)
	$(BIN)/python -m pytest tests -q

# Re-run every notebook in place and store its outputs: do this after changing
# the data, a helper in lessons/ or a notebook, then commit the notebooks.
execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.store_widget_state=False \
		--ExecutePreprocessor.record_timing=False $(NOTEBOOKS)

bench: $(STAMP)
	$(BIN)/python benchmarks/time_notebooks.py $(NOTEBOOKS) --repeat $${BENCH_REPEAT:-5}

answer-keys: $(STAMP)
	$(BIN)/python -m lessons.answer_keys teacher/answer-keys

# Refresh the pins: a clean environment with the newest releases, frozen.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[lab,test]"
	{ echo "# Pinned versions for 'make lab' and 'make test' (stored notebook outputs depend on them)."; \
	  echo "# Regenerate with 'make lock' (fresh venv, then pip freeze)."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -v -e '^planet-without-a-visa' -e '^pip=='; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache build *.egg-info
