"""The run-level JSON files: manifest.json (what a folder holds and how it was made) and qa.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pipeline
from pipeline.errors import OutputError
from pipeline.output.atomic import write_text
from pipeline.output.files import MANIFEST, QA_FILE, listing
from pipeline.stages.qa import QASummary


def header() -> dict[str, Any]:
    """The first keys of every manifest: which tool made it, and when."""
    return {
        "tool": "efe-pipeline",
        "version": pipeline.__version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def write_manifest(outdir: Path, manifest: dict[str, Any], articles: int, xliff: tuple[str, ...] = ("2.0",)) -> None:
    """Write manifest.json (atomically), with the list of files the folder holds."""
    write_text(outdir / MANIFEST, _dumps({**manifest, "outputs": listing(articles, xliff)}))


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a finished run; a folder without one is not finished."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise OutputError(
            f"{folder} has no {MANIFEST}: it is not a finished run (finish it by running the same command again)"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise OutputError(f"{path} is not valid JSON ({err.msg}, line {err.lineno})") from None


def write_qa(outdir: Path, summary: QASummary) -> None:
    """Write qa.json (atomically): the run's QA counts."""
    write_text(outdir / QA_FILE, _dumps(summary.to_dict()))


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
