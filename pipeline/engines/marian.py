"""MarianMT through Hugging Face transformers: batched, lazy, never truncating."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.config import EngineConfig
from pipeline.engines.longtext import split_to_fit
from pipeline.errors import EngineError
from pipeline.models import ModelLocation, resolve_model


@dataclass(frozen=True)
class _Loaded:
    location: ModelLocation
    tokenizer: Any
    model: Any
    device: str
    max_source_tokens: int


class MarianEngine:
    """Engine protocol over a MarianMT checkpoint (hub id or local folder).

    The model loads on the first call, once. Inputs are sorted by length and packed
    into batches under a token budget, then put back in input order. An input longer
    than the model's positions is cut at safe points and its pieces translated apart.
    """

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self._loaded: _Loaded | None = None

    def translate_batch(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        loaded = self._load()
        pieces: list[tuple[int, list[int]]] = []  # (index of the input, token ids)
        for index, text in enumerate(texts):
            for piece in split_to_fit(text, lambda t: len(self._ids(loaded, t)) <= loaded.max_source_tokens):
                pieces.append((index, self._ids(loaded, piece)))
        order = sorted(range(len(pieces)), key=lambda i: -len(pieces[i][1]))
        outputs: list[str] = [""] * len(pieces)
        for batch in self._batches(order, pieces):
            for i, text in zip(batch, self._generate(loaded, [pieces[i][1] for i in batch])):
                outputs[i] = text
        joined: list[list[str]] = [[] for _ in texts]
        for (index, _), text in zip(pieces, outputs):
            joined[index].append(text)
        return [" ".join(parts) for parts in joined]

    def signature(self) -> str:
        import torch
        import transformers

        loaded = self._load()
        c = self.config
        return (
            f"marian model={loaded.location.model}@{loaded.location.revision} beams={c.beams} "
            f"max_length={c.max_length} device={loaded.device} "
            f"transformers={transformers.__version__} torch={torch.__version__.split('+')[0]}"
        )

    def _load(self) -> _Loaded:
        if self._loaded is None:
            location = resolve_model(self.config.model, self.config.allow_download)
            device = _pick_device(self.config.device)
            try:
                from transformers import MarianMTModel, MarianTokenizer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                hf_logging.set_verbosity_error()
                tokenizer = MarianTokenizer.from_pretrained(location.path)
                model = MarianMTModel.from_pretrained(location.path).to(device).eval()
            except Exception as err:
                raise EngineError(f"could not load the MarianMT model in {location.path}: {err}") from err
            # One position is left for the end-of-sentence token the tokenizer appends.
            limit = min(model.config.max_position_embeddings, tokenizer.model_max_length)
            self._loaded = _Loaded(location, tokenizer, model, device, limit)
        return self._loaded

    @staticmethod
    def _ids(loaded: _Loaded, text: str) -> list[int]:
        return loaded.tokenizer(text, truncation=False)["input_ids"]

    def _batches(self, order: list[int], pieces: list[tuple[int, list[int]]]) -> list[list[int]]:
        """Consecutive runs of `order` whose padded size stays under the token budget."""
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            longest = len(pieces[current[0]][1]) if current else len(pieces[i][1])
            if current and (len(current) + 1) * longest > self.config.batch_tokens:
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def _generate(self, loaded: _Loaded, batch: list[list[int]]) -> list[str]:
        import torch

        c = self.config
        padded = loaded.tokenizer.pad({"input_ids": batch}, return_tensors="pt").to(loaded.device)
        # A translation needs at most about twice the source tokens; the cap keeps a
        # repetition loop in one sentence from holding up its whole batch.
        longest = max(len(ids) for ids in batch)
        max_new = min(c.max_length, 2 * longest + 16)
        try:
            with torch.inference_mode():
                generated = loaded.model.generate(
                    **padded, num_beams=c.beams, max_new_tokens=max_new, do_sample=False
                )
        except RuntimeError as err:
            raise EngineError(f"MarianMT generation failed on {loaded.device}: {err}") from err
        return loaded.tokenizer.batch_decode(generated, skip_special_tokens=True)


def _pick_device(requested: str) -> str:
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise EngineError("--device cuda was asked for, but torch sees no CUDA device; use --device cpu or auto")
    return requested
