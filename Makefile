# EFE English → Spanish pipeline. Set up with `make setup`, then `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
# torch: pyproject.toml asks for torch>=2.4, so users may bring their own build. `make setup`
# installs TORCH from TORCH_INDEX, PyTorch's CPU-only wheels (torch 2.13.0+cpu: 192 MB, no CUDA
# libraries), unless pip already finds a torch wheel of its own in PIP_FIND_LINKS (this team's
# machines keep that CPU wheel there). TORCH_INDEX= (empty) takes PyPI's build: on Linux the CUDA
# one, 29 files and 2.7 GB (torch 527 MB, NVIDIA libraries the rest; bench/setup_downloads.py
# measures it). Changing TORCH reinstalls it; TORCH= (empty) keeps the torch already in .venv.
TORCH       ?= torch==2.13.0
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
LOCAL_TORCH := $(firstword $(foreach d,$(subst file://,,$(PIP_FIND_LINKS)),$(wildcard $(d)/torch-*.whl)))
TORCH_FROM  := $(if $(LOCAL_TORCH),,$(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)))
TORCH_STAMP := $(VENV)/.torch-$(subst <,_,$(subst >,_,$(subst =,_,$(TORCH))))

# `make translate` options: ENGINE=auto|marian|ctranslate2|apertium|pseudo, MODEL=hub id or folder, OUT=folder, ARGS=more options
ENGINE ?= auto
MODEL  ?= Helsinki-NLP/opus-mt-en-es
OUT    ?= out
ARGS   ?=

.PHONY: setup system-packages test lint translate ci ci-gate bench bench-segmentation bench-speed bench-memory bench-terminology bench-qa bench-scaling bench-review bench-names bench-ray bench-incremental bench-review-load bench-ray-dispatch bench-interop review clean

setup: $(BIN)/efe-pipeline system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(TORCH_STAMP): | $(BIN)/python
	$(if $(TORCH),$(BIN)/pip install --quiet $(TORCH_FROM) "$(TORCH)",@echo "TORCH is empty: keeping the torch in $(VENV)")
	@rm -f $(VENV)/.torch-* && touch $@

$(BIN)/efe-pipeline: pyproject.toml $(TORCH_STAMP) | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,fast,ray]"
	@touch $@

# Debian packages: apertium-eng-spa (the offline fallback engine), chromium and
# chromium-driver (the review-page tests drive the pages in it through WebDriver).
# Installed when this is Debian and we are root.
SYSTEM_PACKAGES = apertium-eng-spa chromium chromium-driver
system-packages:
	@if apertium -l 2>/dev/null | grep -qw eng-spa && command -v chromium >/dev/null && command -v chromedriver >/dev/null; then \
	  echo "system packages: installed ($(SYSTEM_PACKAGES))"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null && echo "system packages: installed now ($(SYSTEM_PACKAGES))"; \
	else \
	  echo "$(SYSTEM_PACKAGES) are not installed and cannot be installed here (needs Debian/Ubuntu and root):"; \
	  echo "  sudo apt-get install $(SYSTEM_PACKAGES)"; \
	fi

test: setup
	$(BIN)/python -m pytest

# The review desk's scripts: ESLint (rules in eslint.config.mjs), through npx from Node.js.
ESLINT ?= eslint@9.39.5
lint: setup
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench
	@command -v npx >/dev/null || { echo "make lint needs Node.js (npx) for ESLint: sudo apt-get install nodejs npm"; exit 1; }
	npx --yes $(ESLINT) --config eslint.config.mjs pipeline/desk/static

GLOSSARIES ?= $(sort $(wildcard glossaries/*.tsv glossaries/*.tbx))
translate: setup
	$(BIN)/efe-pipeline translate corpus/ -o $(OUT) --engine $(ENGINE) --model $(MODEL) \
	  $(foreach g,$(GLOSSARIES),--glossary $(g)) $(ARGS)

# The review desk over the last `make translate` output (OUT), on http://127.0.0.1:8765/.
# ARGS for more options (--tm memory.sqlite, --port N, --read-only).
review: setup
	$(BIN)/efe-pipeline review $(OUT) $(ARGS)

# The gate for a glossary or corpus commit (under a minute, no test suite: .ci/run runs that):
# lint, every shipped glossary checked, corpus/ translated with a fixed offline engine (never
# the network's choice), and QA failing on any error.
CI_ENGINE ?= apertium
CI_CORPUS ?= corpus/
CI_OUT    ?= .ci-out
ci: lint ci-gate

ci-gate: setup
	$(BIN)/efe-pipeline glossary check $(GLOSSARIES)
	$(BIN)/efe-pipeline translate $(CI_CORPUS) -o $(CI_OUT) --engine $(CI_ENGINE) -q \
	  $(foreach g,$(GLOSSARIES),--glossary $(g))
	$(BIN)/efe-pipeline qa $(CI_OUT) --fail-on error

bench: bench-segmentation bench-terminology bench-qa bench-names bench-speed bench-memory bench-scaling bench-review bench-ray bench-ray-dispatch bench-incremental bench-review-load

bench-qa: setup
	$(BIN)/python bench/qa.py

# The names guard on and off: names kept, BLEU and chrF on NTREX-128 and newstest2013 (Apertium).
bench-names: setup
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/names.py

# Local vs --ray (1 and 2 translators): wall time, fixed overhead, the driver's peak memory.
bench-ray: setup
	$(BIN)/python bench/ray.py

# --ray dispatch: 2 translators, one chunk much slower than the rest; wall time.
bench-ray-dispatch: setup
	$(BIN)/python bench/ray_dispatch.py

# Reruns over an archive (2,000 articles): +1% new, one glossary entry changed, nothing changed;
# each one's wall time against the full run's.
bench-incremental: setup
	$(BIN)/python bench/incremental.py

bench-terminology: setup
	$(BIN)/python bench/terminology.py

bench-memory: setup
	$(BIN)/python bench/memory.py

bench-scaling: setup
	$(BIN)/python bench/scaling.py

bench-review: setup
	$(BIN)/python bench/review.py

# The review desk under load: 20 editors, 2,000 saves over 200 articles of a 2,000-article run;
# lost updates (must be 0), save latency p50/p95 against one editor alone, publish times.
bench-review-load: setup
	$(BIN)/python bench/review_load.py

# OmegaT 3.6 (Debian's, installed when missing and root) on our files: exact matches it takes
# from corpus.tmx (default segmentation and with a dateline rule), segments it reads from our
# XLIFF 2.0 and 1.2, and its TMX back through `tm import` and `translate --tm`.
bench-interop: setup
	$(BIN)/python bench/interop.py

bench-speed: setup
	$(BIN)/python bench/speed.py

bench-segmentation: setup
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/segmentation.py

clean:
	rm -rf $(OUT) $(CI_OUT) .pytest_cache build *.egg-info
