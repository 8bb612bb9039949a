"""Running the desk: open the run, publish what an earlier desk left unpublished, serve it
with uvicorn until stopped, then publish what is waiting."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import uvicorn

from pipeline.desk.access import Access
from pipeline.desk.app import create_app
from pipeline.desk.publisher import Publisher, publish, unpublished
from pipeline.desk.state import Desk
from pipeline.errors import PipelineError

ANY = ("0.0.0.0", "::", "")  # listen on every address: others reach it by this machine's name


def address(host: str, port: int) -> str:
    """The URL others open: this machine's name when the desk listens on every address."""
    name = socket.getfqdn() if host in ANY else host
    return f"http://{f'[{name}]' if ':' in name else name}:{port}"


def _can_listen(host: str, port: int) -> None:
    """Refuse at once, in one line, an address that is taken or not this machine's."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            raise PipelineError(
                f"cannot listen on {host}:{port} ({err.strerror}): choose another --port, or stop what uses it"
            ) from None


def serve(
    outdir: Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    editor: str = "editor",
    tm: Path | None = None,
    read_only: bool = False,
    delay: float = 1.0,
    say: Callable[[str], None] = print,
) -> None:
    """Serve `outdir` to editors until the process is stopped: Ctrl+C ends it with status 0,
    SIGTERM with 143 (as the signal says), both after publishing every save."""
    _can_listen(host, port)
    desk = Desk(outdir, tm, read_only)
    access = Access(outdir, host, editor)
    left = unpublished(outdir)
    if left:
        say(f"{left} saves of an earlier desk were not in the files yet: publishing them")
        publish(outdir)
    publisher = Publisher(outdir, delay, say)
    publisher.start()
    app = create_app(desk, access, publisher)
    who = "editors with a token" if access.tokens else f"this machine (default editor: {access.default_editor})"
    say(f"review desk for {outdir}: {address(host, port)}/ — open to {who}; Ctrl+C stops it")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        say("review desk stopped; every save is in the run's files")  # Ctrl+C (SIGTERM ends the process)
    finally:
        publisher.stop()
        desk.close()
        access.close()
