# EFE English → Spanish pipeline. Set up with `make setup`, then `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
# torch 2.13.0 is the CPU build this team's machines hold on disk; pyproject.toml only
# asks for torch>=2.4, so users may bring their own build.
TORCH  ?= torch==2.13.0

# `make translate` options: ENGINE=marian|pseudo, MODEL=hub id or folder, OUT=folder, ARGS=more options
ENGINE ?= marian
MODEL  ?= Helsinki-NLP/opus-mt-en-es
OUT    ?= out
ARGS   ?=

.PHONY: setup test translate bench bench-segmentation clean

setup: $(BIN)/efe-pipeline

$(BIN)/efe-pipeline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "$(TORCH)"
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

test: setup
	$(BIN)/python -m pytest

translate: setup
	$(BIN)/efe-pipeline translate corpus/ -o $(OUT) --engine $(ENGINE) --model $(MODEL) $(ARGS)

bench: bench-segmentation

bench-segmentation: setup
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/segmentation.py

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info
