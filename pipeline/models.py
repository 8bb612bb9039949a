"""Find, download and describe MarianMT models: local folders or the Hugging Face cache.

huggingface_hub loads on first use, like torch: importing its API costs 23 MB and 0.2 s,
which every run would pay, even a pseudo or Apertium one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ModelNotFoundError
from pipeline.output.checksums import file_sha256

# What a Marian checkpoint needs; the weights are picked separately (one format only).
_NEEDED = ("config.json", "source.spm", "target.spm", "vocab.json")
_OPTIONAL = ("tokenizer_config.json", "generation_config.json", "special_tokens_map.json", "target_vocab.json")
_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_HUB_ID = re.compile(r"^[\w.-]+(/[\w.-]+)?$")


@dataclass(frozen=True)
class ModelLocation:
    """Where a model's files are, and how they were found."""

    model: str  # what the user asked for
    path: Path
    origin: str  # "local" | "cache" | "download"
    revision: str  # hub commit, or a hash of the local weights

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())


def cache_dir() -> Path:
    """The Hugging Face hub cache this process uses (HF_HOME / HF_HUB_CACHE aware)."""
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def find_model(model: str) -> ModelLocation | None:
    """The model as a local folder or in the hub cache, without using the network."""
    path = Path(model).expanduser()
    if path.is_dir():
        _check_complete(model, path)
        return ModelLocation(model, path, "local", _weights_hash(path))
    if not _HUB_ID.match(model):
        return None
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        snapshot = Path(snapshot_download(model, local_files_only=True))
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    if _missing(snapshot):
        return None
    return ModelLocation(model, snapshot, "cache", snapshot.name[:12])


def pull_model(model: str) -> ModelLocation:
    """Download a hub model's files into the standard cache (tokenizer, config, one weights file)."""
    if Path(model).expanduser().is_dir():
        return find_model(model)  # type: ignore[return-value]
    if not _HUB_ID.match(model):
        raise ModelNotFoundError(_not_found(model, "it is not a folder and not a valid hub model id"))
    from huggingface_hub import HfApi, snapshot_download

    try:
        # model_info fails at once offline; list_repo_files retries for ~25 s first.
        files = {sibling.rfilename for sibling in HfApi().model_info(model).siblings or ()}
        weights = next((w for w in _WEIGHTS if w in files), None)
        if weights is None:
            raise ModelNotFoundError(f"model '{model}' on the hub has no PyTorch weights ({' or '.join(_WEIGHTS)})")
        wanted = [f for f in (*_NEEDED, *_OPTIONAL) if f in files] + [weights]
        snapshot = Path(snapshot_download(model, allow_patterns=wanted))
    except ModelNotFoundError:
        raise
    except Exception as err:  # network, authentication, missing repository: all end the same way
        raise ModelNotFoundError(
            _not_found(model, f"downloading it failed ({type(err).__name__}: {_first_line(err)})")
        ) from None
    return ModelLocation(model, snapshot, "download", snapshot.name[:12])


def resolve_model(model: str, allow_download: bool) -> ModelLocation:
    """A local folder, a cached hub model, or (when allowed) a fresh download."""
    found = find_model(model)
    if found is not None:
        return found
    if not allow_download:
        raise ModelNotFoundError(_not_found(model, "downloads are turned off"))
    return pull_model(model)


def _check_complete(model: str, path: Path) -> None:
    missing = _missing(path)
    if missing:
        raise ModelNotFoundError(
            f"model folder {path} is incomplete: missing {', '.join(missing)}. "
            "A MarianMT folder needs config.json, source.spm, target.spm, vocab.json and the weights."
        )


def _missing(path: Path) -> list[str]:
    missing = [name for name in _NEEDED if not (path / name).is_file()]
    if not any((path / w).is_file() for w in _WEIGHTS):
        missing.append(" or ".join(_WEIGHTS))
    return missing


def _weights_hash(path: Path) -> str:
    return file_sha256(next(path / w for w in _WEIGHTS if (path / w).is_file()))[:12]


def _not_found(model: str, why: str) -> str:
    return (
        f"model '{model}' is not available: it is not a local folder, it is not in the "
        f"Hugging Face cache ({cache_dir()}), and {why}. "
        f"Run `efe-pipeline model pull {model}` on a machine with network access "
        "(or copy the cache folder here), or pass --model PATH with a local MarianMT folder."
    )


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else ""
