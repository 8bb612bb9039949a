"""Re-check a finished output folder with the run's own QA config, and publish it again,
so segments.jsonl, the XLIFF notes, the review pages and qa.json all agree."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from pipeline.output.store import RunFolder, ordinals, qa_config, republish, require_store
from pipeline.records import Document, Issue
from pipeline.stages.qa import QAStage, QASummary


def recheck_folder(outdir: Path, on_issue: Callable[[str, Issue], None] | None = None) -> QASummary:
    """Re-run every check (article-level ones too) on each document of `outdir` as people
    left it, publish the folder again and return the new summary; `on_issue` hears each issue."""
    outdir = Path(outdir)
    with RunFolder(outdir) as folder:  # the lock first: a run still writing the folder is named
        require_store(outdir)
        qa = qa_config(folder.manifest())
        name = "qa-" + hashlib.sha256(json.dumps(dataclasses.asdict(qa), sort_keys=True).encode()).hexdigest()[:16]

        def heard(doc: Document) -> None:
            for seg in doc.segments:
                for issue in seg.issues:
                    on_issue(seg.id, issue)  # type: ignore[misc]

        done = republish(folder, name, qa, ordinals(outdir), change=QAStage(qa), seen=heard if on_issue else None)
    return done.qa
