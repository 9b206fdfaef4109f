# The two commands of the README: `make run` (set up and start the MediaSift app) and
# `make test` (set up and run every check). Both first check the system packages they need
# (.ci/system_packages.py: installed with apt-get as root or with `sudo -n`, else the exact
# command to run is printed), then create .venv on first use. `make test-fast` is the inner
# loop: lint and the tests, without the bundle build and the tests marked slow.
# `make cli ARGS="search 'a dog'"` runs the command line instead.
# `make package` builds the double-click app into dist/MediaSift/ (PyInstaller, one folder
# holding mediasift-gui and mediasift); `make package-test` builds it, then runs its smoke
# tests (tests/packaging) against that build. See packaging/README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ARGS ?= status
PYINSTALLER ?= pyinstaller>=6.11

.PHONY: run cli test test-fast lint venv clean package package-test system-run system-test \
	translations translations-update

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "MediaSift needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) translations

# The window's translations (resources/translations/*.ts, Qt Linguist files kept in git)
# compiled to the .qm files the app loads (not in git); rebuilt when a .ts changes. Without
# them the app speaks English. `make translations-update` adds the window's new strings to
# the .ts files (and drops vanished ones), to be translated there (Qt Linguist or an editor);
# tests/desktop/test_translation.py fails while any is unfinished.
TS_FILES := $(wildcard resources/translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
LUPDATE := $(BIN)/pyside6-lupdate -extensions py desktop -locations none -no-obsolete

translations: $(QM_FILES)

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations-update: $(STAMP)
	$(LUPDATE) -target-language zh_CN -ts resources/translations/mediasift_zh_CN.ts
	$(LUPDATE) -pluralonly -source-language en -target-language en \
		-ts resources/translations/mediasift_en.ts

# The system packages (Qt's libraries; the tests' tools): before the venv, so that a missing
# one stops everything at once instead of failing at import time minutes later.
system-run system-test: system-%:
	@$(PYTHON) .ci/system_packages.py $* --python $(PYTHON) --venv $(VENV)

run: system-run $(STAMP) translations
	$(BIN)/mediasift-gui

cli: $(STAMP)
	$(BIN)/mediasift $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Tests run side by side (pytest-xdist), one worker more than the machine has cores, at most
# 5: many tests wait on a subprocess, a timer or the engine, and a spare worker keeps every
# core busy meanwhile (2 cores: 2 workers took 17 min at 182-195 % CPU, 3 workers 14.7 min).
# The few marked `alone` time the window's event loop or a wall clock, so they run
# afterwards with nothing else running.
WORKERS := $(shell python3 -c 'import os; print(min(5, (os.cpu_count() or 1) + 1))')
PARALLEL = -n $(WORKERS) --dist worksteal --durations=20

test: system-test lint translations
	@status=0; \
	$(BIN)/python -m pytest $(PARALLEL) -m "not alone" || status=$$?; \
	$(BIN)/python -m pytest -m alone || status=$$?; \
	exit $$status

test-fast: system-test lint translations
	$(BIN)/python -m pytest $(PARALLEL) -m "not slow and not alone" --ignore=tests/packaging/test_bundle.py

package: $(STAMP) translations
	@$(BIN)/python -c 'import PyInstaller' 2>/dev/null || \
		$(BIN)/python -m pip install --quiet '$(PYINSTALLER)'
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/mediasift.spec
	@du -sh dist/MediaSift

package-test: package
	MEDIASIFT_BUNDLE=dist/MediaSift $(BIN)/python -m pytest tests/packaging

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
