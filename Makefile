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
# The course fetches nothing at run time: no news feed, no update check, an extension manager
# that does not search PyPI; lab/overrides.json (copied into the venv) turns off the news pop-up.
OFFLINE_FLAGS := --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	--LabApp.extension_manager=readonly
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

# A .venv made by a Python older than 3.11, or without pip, cannot be repaired by installing into
# it: remove it, so that the rule below makes a new one, rather than fail later with pip's errors.
ifneq ($(wildcard $(VENV)),)
ifneq ($(shell $(BIN)/python -c 'import sys, pip; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1 && echo ok),ok)
$(info $(VENV) was made by a Python older than 3.11, or has no pip: removing it to make it again.)
$(shell rm -rf $(VENV))
endif
endif

.PHONY: install lab test unit notebooks lint execute bench answer-keys worksheets site browser-test lock clean \
	classroom-install classroom-bench classroom-test

$(STAMP): requirements.lock pyproject.toml lab/overrides.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "The course needs Python 3.11 or newer (pandas 3 does); this is " + sys.version.split()[0] + ". Install a newer Python, then run e.g. make PYTHON=python3.12 lab")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	mkdir -p $(LAB_SETTINGS) && cp lab/overrides.json $(LAB_SETTINGS)/overrides.json
	touch $(STAMP)

install: $(STAMP)

# Served from the repository's root, so that data/README.md and data/sources.csv, which the lessons
# send students to, are in the file browser; opens at the start lesson. JUPYTER_IP=0.0.0.0 for
# `docker run -p` (the default listens on this machine only).
LAB_ARGS = $(ROOT_FLAG) --ip=$${JUPYTER_IP:-127.0.0.1} --port=$${JUPYTER_PORT:-8888} $(OFFLINE_FLAGS) \
	--ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/ruff check lessons tests benchmarks tools classroom
	$(BIN)/mypy
	$(MAKE) --no-print-directory site
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

# Every lesson in JupyterLab in headless Chromium (Debian's, installed here as root if missing;
# Playwright never downloads a browser). A few minutes; not part of `make test`. If no browser
# can be had, the test says so loudly and is skipped.
PLAYWRIGHT := playwright==1.65.2
browser-test: $(STAMP) site
	@[ -x /usr/bin/chromium ] || [ "$$(id -u)" != "0" ] || { export DEBIAN_FRONTEND=noninteractive; \
		timeout 600 apt-get install -y -q chromium >/dev/null 2>&1 \
		|| { timeout 300 apt-get update -q >/dev/null 2>&1 && timeout 600 apt-get install -y -q chromium >/dev/null 2>&1; }; } \
		|| echo "*** could not install chromium: the browser test will be skipped ***"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$(PLAYWRIGHT)" \
		|| echo "*** could not install Playwright: the browser test will be skipped ***"
	PWV_BROWSER_TEST=1 $(BIN)/python -m pytest tests/test_browser.py -v -rs

# A class on JupyterHub (classroom/README.md): a real hub on this machine, on 127.0.0.1 only.
# jupyterhub and its pins go into .venv with requirements.lock as constraints (so no stored output
# moves; they are not in the lock), configurable-http-proxy into classroom/node_modules from its
# package-lock.json. Neither target is part of `make test`.
CLASSROOM_STAMP := $(VENV)/.classroom-installed
$(CLASSROOM_STAMP): $(STAMP) classroom/requirements.txt classroom/package-lock.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r classroom/requirements.txt -c requirements.lock
	cd classroom && npm ci --no-audit --no-fund --loglevel=error
	touch $(CLASSROOM_STAMP)

classroom-install: $(CLASSROOM_STAMP)

# 30 students: all at once, arriving over 60 s, and with their servers started first, beside one
# student alone (about 7 minutes on 2 cores).
# CLASS_SIZE=10 for a smaller class; the table also goes to classroom/results/bench.json.
classroom-bench: $(CLASSROOM_STAMP)
	$(BIN)/python -m classroom.bench --students $${CLASS_SIZE:-30} --json classroom/results/bench.json

# The fault cases on a small hub (a killed kernel, a hub restart, one lesson open twice).
classroom-test: $(CLASSROOM_STAMP)
	PWV_CLASSROOM_TEST=1 $(BIN)/python -m pytest tests/test_classroom.py -v -rs

# Printable PDFs for when the computers fail: worksheets/<lesson>.pdf for students and
# worksheets/<lesson>-answers.pdf for the teacher, made from the stored notebooks and the banks.
worksheets: $(STAMP)
	$(BIN)/python -m lessons.worksheets worksheets

# The course website, offline: the stored notebooks (quizzes made interactive in plain JavaScript), the
# teacher's guide, the data dictionary and the glossary, built by Jupyter Book 1 in its own venv
# (its myst-parser needs older packages than the lessons' lock), then checked page by page.
# Open build/site/_build/html/index.html.
SITE_VENV  := .venv-site
SITE_STAMP := $(SITE_VENV)/.installed
$(SITE_STAMP): site/requirements.txt
	test -x $(SITE_VENV)/bin/python || $(PYTHON) -m venv $(SITE_VENV)
	$(SITE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r site/requirements.txt
	touch $(SITE_STAMP)

# -W -n: a link to a page that is not there, or any other warning, fails the build.
site: $(STAMP) $(SITE_STAMP)
	$(BIN)/python -m lessons.site source build/site-src
	rm -rf build/site
	$(SITE_VENV)/bin/jupyter-book build --quiet -W -n --keep-going --path-output build/site build/site-src
	$(BIN)/python -m lessons.site check build/site/_build/html

# Refresh the pins: a clean environment with the newest releases, frozen.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	# soupsieve 3 and later need Python 3.11.5 (Debian 12 has 3.11.2): keep the lock on 3.11.0.
	.lock-venv/bin/python -m pip install --quiet ".[lab,test]" "soupsieve<3"
	{ echo "# Pinned versions for 'make lab' and 'make test' (stored notebook outputs depend on them)."; \
	  echo "# Regenerate with 'make lock' (fresh venv, then pip freeze)."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -v -e '^planet-without-a-visa' -e '^pip=='; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(SITE_VENV) .pytest_cache .mypy_cache build *.egg-info
