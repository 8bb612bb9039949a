"""The same MarianMT model run by CTranslate2: int8 on CPU, float16 on GPU.

The model is converted once and cached under `EngineConfig.cache_dir`, keyed by the
model's revision (hub commit or weights hash) and the CTranslate2 version, so a new
model or a new converter gives a new conversion. The cache sits outside the model
folder because that folder may be read-only (a shared Hugging Face cache). Tokenizer,
batching, long-input handling and protection are MarianEngine's, unchanged.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pipeline.engines.marian import Loaded, MarianEngine
from pipeline.errors import EngineError
from pipeline.models import ModelLocation


def ctranslate2_available() -> bool:
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


class CTranslate2Engine(MarianEngine):
    """MarianEngine with CTranslate2 as the runtime."""

    name = "ctranslate2"

    def _runtime_versions(self, device: str) -> str:
        return f"ctranslate2={version('ctranslate2')} compute_type={self._compute_type(device)}"

    @staticmethod
    def _compute_type(device: str) -> str:
        return "float16" if device == "cuda" else "int8"

    def _load_model(self, location: ModelLocation, device: str) -> Any:
        try:
            import ctranslate2
        except ImportError:
            raise EngineError(
                "CTranslate2 is not installed: pip install 'efe-pipeline[fast]', or use --engine marian"
            ) from None
        converted = self.converted_path(location)
        return ctranslate2.Translator(
            str(converted),
            device=device,
            compute_type=self._compute_type(device),
            intra_threads=self.config.threads,
        )

    def prepare(self) -> None:
        """As MarianEngine's, and convert the model once, before any copy of the engine needs it."""
        super().prepare()
        self.converted_path(self._location)  # type: ignore[arg-type]

    def converted_path(self, location: ModelLocation) -> Path:
        """The CTranslate2 conversion of `location`, made on first use."""
        cache = Path(self.config.cache_dir) / "ctranslate2"
        target = cache / f"{_safe(location.model)}-{location.revision}-ct2_{version('ctranslate2')}"
        if (target / "model.bin").is_file():
            return target
        from ctranslate2.converters import TransformersConverter  # imports transformers and torch: seconds

        cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".converting-", dir=cache))
        try:
            TransformersConverter(str(location.path)).convert(str(staging / "model"), force=True)
            staging.joinpath("model").rename(target)
        except OSError:
            if not (target / "model.bin").is_file():  # another process may have won the race
                raise
        except Exception as err:
            raise EngineError(f"converting {location.path} to CTranslate2 failed: {err}") from err
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return target

    def _generate(self, loaded: Loaded, batch: list[list[int]]) -> list[tuple[str, float]]:
        tokens = [loaded.tokenizer.convert_ids_to_tokens(ids) for ids in batch]
        results = loaded.model.translate_batch(
            tokens,
            beam_size=self.config.beams,
            max_decoding_length=self._max_new_tokens(batch),
            max_batch_size=0,
            return_scores=True,
        )
        ids = [loaded.tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]
        texts = loaded.tokenizer.batch_decode(ids, skip_special_tokens=True)
        # CTranslate2's score is already the mean log-probability per target token, end of sentence
        # included (its length_penalty of 1 divides the sum by the length): the same measure as
        # MarianEngine's, so a confidence means the same whichever runtime made it
        return [(text, r.scores[0]) for text, r in zip(texts, results)]


def _safe(model: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "--" for c in model.strip("/"))[-80:]
