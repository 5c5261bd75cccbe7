# Two commands that work on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: build test install install-test golden clean

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
	apt-get update -qq && apt-get install -y -qq chromium

test: install-test $(CHROMIUM)
	$(PY) -m pytest

# Rebuild the golden fixture's expected output after an intended change.
golden: install
	$(PY) -m tests.golden regenerate

clean:
	rm -rf site .site.* .cache
