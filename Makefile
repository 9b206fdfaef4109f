# The two commands of the README: `make run` (set up and start the MediaSift app) and
# `make test` (set up and run every check). Both create .venv on first use.
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

.PHONY: run cli test lint venv clean package package-test

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "MediaSift needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/mediasift-gui

cli: $(STAMP)
	$(BIN)/mediasift $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

package: $(STAMP)
	@$(BIN)/python -c 'import PyInstaller' 2>/dev/null || \
		$(BIN)/python -m pip install --quiet '$(PYINSTALLER)'
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/mediasift.spec
	@du -sh dist/MediaSift

package-test: package
	MEDIASIFT_BUNDLE=dist/MediaSift $(BIN)/python -m pytest tests/packaging

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
