"""Atomic writes: a file appears complete under its name, or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from typing import IO

from pipeline.errors import OutputError


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], binary: bool = False) -> Iterator[IO]:
    """Write to a temporary file beside `path`; rename it over `path` only on success.

    Works on plain strings (no pathlib objects), because pathlib interns every path
    part: with one file per document, that memory would grow with the corpus.
    """
    path = os.fspath(path)
    directory, name = os.path.split(path)
    tmp = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
    try:
        os.makedirs(directory or ".", exist_ok=True)
        # "x": honours the umask and never clobbers
        handle = open(tmp, "xb") if binary else open(tmp, "x", encoding="utf-8", newline="")
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with handle as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    with atomic_open(path) as fh:
        fh.write(text)
