"""Shared fixtures: a tiny MarianMT checkpoint built on disk, and paths to shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.testing.marian import build_marian

ROOT = Path(__file__).resolve().parent.parent
# The shared data sits beside the project (EFE_SHARED overrides, e.g. for a clone elsewhere).
SHARED = Path(os.environ.get("EFE_SHARED", ROOT.parent / "shared"))
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder {SHARED} is missing: it sits beside the project, or set EFE_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    """A MarianMT folder loaded through the same code path as a hub model."""
    parallel = shared / "data" / "parallel" / "wmt-newstest2013"
    english = (parallel / "wmt-newstest2013.en").read_text(encoding="utf-8").splitlines()[:1500]
    spanish = (parallel / "wmt-newstest2013.es").read_text(encoding="utf-8").splitlines()[:1500]
    return build_marian(tmp_path_factory.mktemp("tiny-marian"), english, spanish)


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Conversions and downloads go to a temporary cache, never the user's."""
    cache = tmp_path_factory.getbasetemp() / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache
