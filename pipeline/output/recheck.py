"""Re-check a finished output folder (after editors changed it) and rewrite its qa.json."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.formats.jsonl import read_segments
from pipeline.output.files import SEGMENTS
from pipeline.output.manifest import write_qa
from pipeline.records import Issue
from pipeline.stages.qa import QASummary, recheck


def recheck_folder(outdir: Path, on_issue: Callable[[str, Issue], None] | None = None) -> QASummary:
    """Re-run the checks on an output folder's segments.jsonl and rewrite its qa.json."""
    if not (outdir / SEGMENTS).is_file():
        raise OutputError(f"{outdir} has no {SEGMENTS}: not an output folder of `efe-pipeline translate`")
    summary = QASummary()
    for seg in read_segments(outdir / SEGMENTS):
        checked = recheck(seg)
        summary.add([checked])
        for issue in checked.issues:
            if on_issue:
                on_issue(seg.id, issue)
    write_qa(outdir, summary)
    return summary
