# kaohe — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.8
STAMP  := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

help:
	@echo "make run    install, migrate, load the demo if empty, serve on http://127.0.0.1:8000"
	@echo "make test   install what the tests need, then ruff and the whole pytest suite"
	@echo "make test-postgres  the suite (browser tests aside) on a throwaway PostgreSQL server"
	@echo "make bench  benchmarks (BENCH lines)"
	@echo "make fmt    format and autofix with ruff"

# The virtual environment lives in the checkout; uv (pinned, installed into it by pip)
# syncs it exactly to uv.lock, so a second run with an unchanged lock does nothing.
$(STAMP): uv.lock pyproject.toml scripts/find-python
	@py=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); echo "creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || exit 1; fi
	@$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --locked --quiet --all-extras
	@touch $@

install: $(STAMP)

run: $(STAMP)
	@$(BIN)/kaohe migrate --no-input -v 0
	@$(BIN)/kaohe demo --if-empty
	@$(BIN)/kaohe runserver 127.0.0.1:8000

# The tests need Debian's chromium (browser tests) and gettext (translation checks);
# install what is missing when we may (root with apt), else say exactly what to install.
system-deps:
	@need=""; [ -x $(CHROMIUM) ] || need="$$need chromium"; command -v msgfmt >/dev/null || need="$$need gettext"; \
	if [ -n "$$need" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Debian packages for the tests:$$need"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null) || exit 1; \
		else echo "The tests need these Debian packages: sudo apt-get install$$need" >&2; exit 1; fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider $(PYTEST_ARGS)

# Production runs on PostgreSQL: the same suite against a private, temporary server
# (scripts/with-postgres installs Debian's postgresql when missing and run as root).
test-postgres: $(STAMP)
	scripts/with-postgres $(BIN)/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider --ignore=tests/browser $(PYTEST_ARGS)

fmt: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

bench: $(STAMP)
	$(BIN)/python -m kaohe.bench

lock:
	$(BIN)/uv lock

messages: $(STAMP)
	cd src/kaohe && ../../$(BIN)/kaohe makemessages -l zh_Hans --no-obsolete && ../../$(BIN)/kaohe compilemessages

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

.PHONY: help install run system-deps lint test test-postgres fmt bench lock messages clean
