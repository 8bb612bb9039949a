"""Config: the document key, the run key and the manifest are built from the dataclasses, so no
option is forgotten."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pipeline.cli import localize, segment, translate
from pipeline.config import NOT_IN_MANIFEST, EngineConfig, LocalizeConfig, QAConfig, RunConfig, default, options
from pipeline.engines import ENGINES, EngineChoice, choose_engine
from pipeline.engines.pseudo import PseudoEngine
from pipeline.errors import EngineError
from pipeline.job import run_key
from pipeline.stages.carry import options_digest

BASE = RunConfig(inputs=(Path("corpus"),), outdir=Path("out"), engine=EngineConfig("pseudo"))
CHOICE = EngineChoice(PseudoEngine())


def _key(config: RunConfig) -> str:
    return options_digest(config)


@pytest.mark.parametrize(
    "changed",
    [
        {"localize": LocalizeConfig(quotes="curly")},
        {"localize": LocalizeConfig(usa="EE. UU.")},
        {"qa": QAConfig(max_length_ratio=3.0)},
        {"engine": EngineConfig("pseudo", beams=2)},
        {"engine": EngineConfig("pseudo", model="other/model")},
        {"max_sentence_chars": 200},
        {"name_guard": False},
    ],
)
def test_an_option_that_changes_the_output_changes_every_document_key(changed):
    assert _key(dataclasses.replace(BASE, **changed)) != _key(BASE)


@pytest.mark.parametrize("changed", [{"chunk_segments": 64}, {"shard": (1, 2)}])
def test_how_a_run_is_cut_up_names_another_transaction_but_keeps_document_keys(changed):
    other = dataclasses.replace(BASE, **changed)
    assert _key(other) == _key(BASE) and run_key(other, CHOICE) != run_key(BASE, CHOICE)


@pytest.mark.parametrize(
    "changed",
    [
        {"strict": True},
        {"outdir": Path("elsewhere")},
        {"inputs": (Path("elsewhere"),)},
        {"engine": EngineConfig("pseudo", threads=2, allow_download=False, cache_dir=Path("/tmp/c"))},
    ],
)
def test_an_option_that_cannot_change_the_output_keeps_both_keys(changed):
    other = dataclasses.replace(BASE, **changed)
    assert _key(other) == _key(BASE) and run_key(other, CHOICE) == run_key(BASE, CHOICE)


def test_options_are_every_field_but_the_excluded_ones():
    listed = options(BASE, NOT_IN_MANIFEST)
    assert set(listed) == {f.name for f in dataclasses.fields(RunConfig)} - NOT_IN_MANIFEST
    assert set(listed["engine"]) == {f.name for f in dataclasses.fields(EngineConfig)} - {"cache_dir"}
    assert listed["localize"] == dataclasses.asdict(LocalizeConfig()) and listed["qa"] == dataclasses.asdict(QAConfig())
    assert listed["shard"] == [1, 1] and json.loads(json.dumps(listed)) == listed


@pytest.mark.parametrize(
    "command, option, config, field",
    [
        (translate, "engine", EngineConfig, "name"),
        (translate, "beams", EngineConfig, "beams"),
        (translate, "max_length", EngineConfig, "max_length"),
        (translate, "batch_tokens", EngineConfig, "batch_tokens"),
        (translate, "allow_download", EngineConfig, "allow_download"),
        (translate, "max_sentence_chars", RunConfig, "max_sentence_chars"),
        (segment, "max_sentence_chars", RunConfig, "max_sentence_chars"),
        (localize, "usa", LocalizeConfig, "usa"),
    ],
)
def test_cli_defaults_are_the_dataclass_defaults(command, option, config, field):
    assert {p.name: p.default for p in command.params}[option] == default(config, field)


def test_engine_names_come_from_one_table(run):
    assert "auto|marian|ctranslate2|apertium|pseudo" in run("translate", "--help").output.replace(", ", "|")
    with pytest.raises(EngineError, match="choose one of " + ", ".join(ENGINES)):
        choose_engine(EngineConfig("nonesuch"))
