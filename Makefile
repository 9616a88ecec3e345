# Developer shortcuts. `make dev` once, then `make check` before each commit.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: dev test lint typecheck check bench

dev:
	python3 -m venv $(VENV)
	$(PY) -m pip install -e '.[dev]'

test:
	$(PY) -m pytest

lint:
	$(VENV)/bin/ruff check scanner rules tests benchmarks

# mypy checks the packages by their import names through links in .typecheck/
typecheck:
	mkdir -p .typecheck
	ln -sfn ../scanner .typecheck/kling_posture
	ln -sfn ../rules .typecheck/kling_posture_rules
	$(VENV)/bin/mypy -p kling_posture -p kling_posture_rules

check: lint typecheck test

bench:
	$(PY) benchmarks/corpus_speed.py
