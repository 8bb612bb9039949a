"""One run at a time in an output folder: an exclusive lock held for the run's life.

The lock is `flock` on OUTDIR/.lock: the kernel releases it when the process ends, even
on SIGKILL, so a crashed run never leaves a folder locked. While it is held, no other
run or merge can write the folder, so cleaning up what earlier runs left is safe.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from pathlib import Path

from pipeline.errors import OutputError

LOCK = ".lock"


class FolderLock:
    """Held from construction until `release` (or the process's end)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._fd: int | None = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise OutputError(f"cannot write to output folder {self.folder}: {err.strerror or err}") from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self._fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            self.release()
            raise OutputError(
                f"{self.folder} is in use by another run ({holder}); wait for it to finish or choose another "
                "output folder"
            ) from None
        started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
