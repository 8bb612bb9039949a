"""Helpers for tests and benchmarks, never used by a run: MarianMT checkpoints built on
disk (marian) and scoring sentence splitters on gold sets (segment_eval)."""
