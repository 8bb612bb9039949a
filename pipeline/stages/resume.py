"""The resume stage: documents an interrupted run already finished are not translated again."""

from __future__ import annotations

import dataclasses

from pipeline.output.folder import Staging
from pipeline.records import Document


@dataclasses.dataclass
class ResumeStage:
    """Gives a document the segments an interrupted run already translated and stored."""

    folder: Staging  # any process may read it
    enabled: bool = True
    name: str = "resume"
    resumed: int = 0

    def __call__(self, doc: Document) -> Document:
        stored = self.folder.stored(doc.id) if self.enabled else None
        if stored is None:
            return doc
        self.resumed += 1
        return dataclasses.replace(doc, segments=stored, resumed=True)
