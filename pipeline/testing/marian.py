"""MarianMT checkpoints with random weights, built on disk for tests and benchmarks.

A folder has everything `MarianTokenizer`/`MarianMTModel.from_pretrained` read from an
opus-mt folder: sentencepiece `source.spm` and `target.spm` trained on the given
English/Spanish text, a joint `vocab.json`, config and weights. `OPUS_MT_EN_ES` gives
the real model's shapes (the speed yardstick); the defaults give a tiny one for tests.
The model hub is never needed.
"""

from __future__ import annotations

import json
from pathlib import Path

import sentencepiece as spm

# The shapes of Helsinki-NLP/opus-mt-en-es (77.9M parameters, tied embeddings).
OPUS_MT_EN_ES = dict(vocab_total=65_001, d_model=512, layers=6, heads=8, ffn=2048, spm_vocab=6000, max_positions=512)


def build_marian(
    folder: Path,
    english: list[str],
    spanish: list[str],
    *,
    spm_vocab: int = 400,
    vocab_total: int = 0,
    d_model: int = 32,
    layers: int = 2,
    heads: int = 2,
    ffn: int = 64,
    max_positions: int = 512,
    seed: int = 0,
    init_std: float = 0.02,
) -> Path:
    """Write a MarianMT folder; `vocab_total` pads vocab.json to the real model's size and
    `init_std` sets the spread of the random weights."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in (("source", english), ("target", spanish)):
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_prefix=str(folder / name),
            vocab_size=spm_vocab,
            character_coverage=1.0,
            bos_id=-1,
            eos_id=0,
            unk_id=1,
            pad_id=-1,
            minloglevel=2,
        )
        (folder / f"{name}.model").rename(folder / f"{name}.spm")
        (folder / f"{name}.vocab").unlink()
    vocab = {"</s>": 0, "<unk>": 1}
    for name in ("source", "target"):
        processor = spm.SentencePieceProcessor(model_file=str(folder / f"{name}.spm"))
        for i in range(processor.get_piece_size()):
            vocab.setdefault(processor.id_to_piece(i), len(vocab))
    for filler in range(len(vocab), vocab_total - 1):
        vocab[f"<unused{filler}>"] = filler
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=max_positions,
        pad_token_id=vocab["<pad>"],
        eos_token_id=0,
        decoder_start_token_id=vocab["<pad>"],
        forced_eos_token_id=0,
        init_std=init_std,
    )
    torch.manual_seed(seed)
    MarianMTModel(config).save_pretrained(folder)
    tokenizer = MarianTokenizer(
        source_spm=str(folder / "source.spm"), target_spm=str(folder / "target.spm"), vocab=str(folder / "vocab.json")
    )
    tokenizer.save_pretrained(folder)
    return folder
