"""Who is asking, and whether they may write.

On 127.0.0.1 with no editors added, the desk trusts the machine: an editor gives their name
(kept in a cookie; `--editor` is the default). Once an editor is added (`review --add-editor
NAME` prints their token), or when the desk listens on any other address, every request
needs a token, and the token says who the editor is. Every write also needs the page's CSRF
token (an HMAC of the editor's name under a secret kept in work.sqlite), sent in a header a
form on another site cannot set.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from pipeline.errors import OutputError, UsageError
from pipeline.output.people import WORK

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
TOKEN_COOKIE = "desk_token"
NAME_COOKIE = "desk_editor"
CSRF_HEADER = "x-csrf-token"
_NAME = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029]{1,64}")


def editor_name(name: object) -> str | None:
    """A usable editor name (1–64 characters, no control characters), or None."""
    if not isinstance(name, str):
        return None
    name = name.strip()
    return name if _NAME.fullmatch(name) else None


class Access:
    """The desk's editors, their tokens and the CSRF secret, in the run's work.sqlite."""

    def __init__(self, outdir: Path, host: str = "127.0.0.1", default_editor: str = "editor") -> None:
        path = os.path.join(os.fspath(outdir), WORK)
        try:
            self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            with self._db:
                self._db.execute("CREATE TABLE IF NOT EXISTS desk_editors (name TEXT PRIMARY KEY, token TEXT NOT NULL)")
                self._db.execute("CREATE TABLE IF NOT EXISTS desk_secret (secret TEXT NOT NULL)")
                if self._db.execute("SELECT COUNT(*) FROM desk_secret").fetchone()[0] == 0:
                    self._db.execute("INSERT INTO desk_secret VALUES (?)", (secrets.token_hex(32),))
            self._secret = self._db.execute("SELECT secret FROM desk_secret").fetchone()[0].encode()
        except sqlite3.Error as err:
            raise OutputError(f"cannot open {path}: {err}") from None
        self.default_editor = editor_name(default_editor) or "editor"
        self.host = host
        self.tokens = host not in LOOPBACK or self.editors() > 0
        if host not in LOOPBACK and self.editors() == 0:
            raise UsageError(
                f"the desk would listen on {host}, where anyone could reach it: add an editor first "
                f"(`efe-pipeline review {outdir} --add-editor NAME` prints their token)"
            )

    def editors(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM desk_editors").fetchone()[0]

    def add_editor(self, name: str) -> str:
        """A new token for `name` (an earlier one stops working)."""
        valid = editor_name(name)
        if valid is None:
            raise UsageError("an editor's name is 1 to 64 characters with no control characters")
        token = secrets.token_urlsafe(24)
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO desk_editors VALUES (?, ?)", (valid, _digest(token)))
        self.tokens = True
        return token

    def by_token(self, token: str | None) -> str | None:
        """The editor a token belongs to."""
        if not token or len(token) > 200:
            return None
        row = self._db.execute("SELECT name FROM desk_editors WHERE token = ?", (_digest(token),)).fetchone()
        return row[0] if row else None

    def who(self, headers: Mapping[str, str], cookies: Mapping[str, str]) -> str | None:
        """The editor making a request, or None when it lacks a valid token."""
        if self.tokens:
            bearer = headers.get("authorization") or ""
            token = bearer[7:] if bearer.lower().startswith("bearer ") else cookies.get(TOKEN_COOKIE)
            return self.by_token(token)
        return editor_name(cookies.get(NAME_COOKIE)) or self.default_editor

    def csrf(self, editor: str) -> str:
        return hmac.new(self._secret, b"csrf:" + editor.encode("utf-8"), hashlib.sha256).hexdigest()

    def csrf_ok(self, editor: str, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(self.csrf(editor), given or "")

    def close(self) -> None:
        self._db.close()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
