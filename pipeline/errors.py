"""Errors the pipeline raises, and the exit codes the CLI maps them to.

Problems in the *content* (a number that changed, a term not applied) are not
exceptions: they are QA issues on the segment. Exceptions are for problems that stop
a document or the whole run.
"""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Process exit codes, documented in README.md; CI jobs branch on them."""

    OK = 0
    FAILED = 1  # the run could not complete (engine, model, output or strict-mode input error)
    USAGE = 2  # bad command line (click's own code)
    INPUTS_SKIPPED = 3  # the run completed, but some input files or lines were skipped
    QA_FAILED = 4  # `qa --fail-on LEVEL` found issues at that level or worse


LONGEST = 2000  # characters of a message a person reads; the rest is cut (a 9 MB id is not news)


def shown(message: object) -> str:
    """A message as the CLI prints it: whole when short, its start and end when not."""
    text = str(message)
    if len(text) <= LONGEST:
        return text
    return f"{text[: LONGEST - 300]} … [{len(text) - LONGEST + 100:,} characters cut] … {text[-200:]}"


class PipelineError(Exception):
    """Base class: the CLI prints the message without a traceback and exits `exit_code`."""

    exit_code = ExitCode.FAILED


class UsageError(PipelineError):
    """A command line that cannot work (a missing input, an output folder inside the inputs)."""

    exit_code = ExitCode.USAGE


class IngestError(PipelineError):
    """An input file or line that cannot be read as a document."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple:
        """Picklable (a Ray worker sends it to the driver) with its own arguments."""
        return type(self), (self.path, self.reason, self.line)


class InputPathError(IngestError):
    """An input named on the command line that is missing or of an unsupported type."""

    exit_code = ExitCode.USAGE


class InputChangedError(PipelineError):
    """An input file changed while the run read it: its output would not match its checksum."""


class GlossaryError(PipelineError):
    """A glossary that cannot be used; the message lists every problem with file:line."""


class EngineError(PipelineError):
    """The translation engine could not be set up or failed."""


class ModelNotFoundError(EngineError):
    """A model that is neither a local directory nor downloadable."""


class OutputError(PipelineError):
    """An output file could not be written."""


class StageError(PipelineError):
    """An unexpected failure inside a stage, labelled with the stage and document."""

    def __init__(self, stage: str, doc_ids: list[str], cause: BaseException) -> None:
        self.stage = stage
        self.doc_ids = doc_ids
        self.cause = cause
        docs = ", ".join(doc_ids[:3]) + (" …" if len(doc_ids) > 3 else "")
        super().__init__(f"stage '{stage}' failed on document {docs}: {type(cause).__name__}: {cause}")

    def __reduce__(self) -> tuple:
        return type(self), (self.stage, self.doc_ids, self.cause)
