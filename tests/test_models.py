import shutil

import pytest
from huggingface_hub import HfApi, constants

from pipeline.errors import ModelNotFoundError
from pipeline.models import find_model, pull_model, resolve_model

SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    """An empty Hugging Face cache; the hub itself behaves as if unreachable."""

    cache = tmp_path / "hub"
    cache.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))

    def offline(self, *args, **kwargs):
        raise ConnectionError("Name or service not known")

    monkeypatch.setattr(HfApi, "model_info", offline)
    return cache


def _cache_model(cache, tiny_marian, repo="acme/opus-tiny"):
    root = cache / f"models--{repo.replace('/', '--')}"
    (root / "refs").mkdir(parents=True)
    (root / "refs" / "main").write_text(SHA)
    shutil.copytree(tiny_marian, root / "snapshots" / SHA)
    return repo


def test_local_folder(tiny_marian):
    found = find_model(str(tiny_marian))
    assert found.origin == "local" and found.path == tiny_marian and len(found.revision) == 12


def test_incomplete_local_folder_says_what_is_missing(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(
        ModelNotFoundError,
        match=r"missing source\.spm, target\.spm, vocab\.json, model\.safetensors or pytorch_model\.bin",
    ):
        find_model(str(tmp_path))


def test_model_in_the_hub_cache_is_found_offline(hub_cache, tiny_marian):
    repo = _cache_model(hub_cache, tiny_marian)
    found = resolve_model(repo, allow_download=False)
    assert found.origin == "cache" and found.revision == SHA[:12]
    assert found.path == hub_cache / "models--acme--opus-tiny" / "snapshots" / SHA


@pytest.mark.parametrize("allow_download, why", [(False, "downloads are turned off"), (True, "downloading it failed")])
def test_missing_model_message_says_which_where_and_how_to_fix(hub_cache, allow_download, why):
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model("Helsinki-NLP/opus-mt-en-es", allow_download)
    message = str(info.value)
    assert "'Helsinki-NLP/opus-mt-en-es'" in message and str(hub_cache) in message and why in message
    assert "efe-pipeline model pull Helsinki-NLP/opus-mt-en-es" in message


def test_pull_of_a_local_folder_is_a_no_op(tiny_marian):
    assert pull_model(str(tiny_marian)).origin == "local"


def test_cli_model_info(run, hub_cache, tiny_marian):
    repo = _cache_model(hub_cache, tiny_marian)
    result = run("model", "info", repo)
    assert result.exit_code == 0, result.output
    assert f"snapshots/{SHA}" in result.output and "MB" in result.output and "cache" in result.output


@pytest.mark.parametrize("command", [["model", "info"], ["model", "pull"]])
def test_cli_model_missing_is_one_clear_line(run, hub_cache, command):
    result = run(*command)
    assert result.exit_code == 1
    assert result.output.startswith("error: model 'Helsinki-NLP/opus-mt-en-es'")
    assert "efe-pipeline model pull" in result.output and "Traceback" not in result.output
