"""The review desk as a web application (Starlette, served by uvicorn).

Pages: `/` the index for a shift (filters and position in the URL), `/a/<doc id>` an
article. JSON: `GET /api/a/<id>`, `GET /api/a/<id>/changes?after=N` (polled: others' saves,
who else is here), `POST /api/a/<id>/save`, `POST /api/a/<id>/batch`, `POST /api/propagate`,
`GET /api/concordance?q=`, `POST /api/memory`, `POST /api/name`, `GET /api/status`.
Every write needs the page's CSRF token and a JSON body of at most MAX_BODY bytes; every
answer to a bad request is a 4xx with one JSON line saying why, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from pipeline.desk.access import CSRF_HEADER, LOOPBACK, NAME_COOKIE, TOKEN_COOKIE, Access, editor_name
from pipeline.desk.publisher import Publisher, unpublished
from pipeline.desk.state import Conflict, Desk, NotFound, Refused
from pipeline.desk.views import Summary
from pipeline.errors import OutputError

HERE = Path(__file__).parent
MAX_BODY = 64 * 1024  # bytes in a write's body: a segment is a sentence, not a file
PAGE = 100  # articles per index page
SORTS = {
    "id": lambda s: s.id,
    "errors": lambda s: (-s.errors, -s.warnings, s.id),
    "confidence": lambda s: (s.confidence if s.confidence is not None else 2.0, s.id),
    "progress": lambda s: (s.approved / max(s.segments, 1), s.id),
}
STATUSES = ("new", "started", "approved", "rejected")
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def create_app(desk: Desk, access: Access, publisher: Publisher | None = None) -> Starlette:
    """The desk's application over `desk`; `publisher` hears of every stored save."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    def saved() -> None:
        if publisher is not None:
            publisher.notify()

    def page(request: Request, name: str, context: dict[str, Any]) -> Response:
        editor = request.state.editor
        context = {
            **context,
            "editor": editor,
            "csrf": access.csrf(editor),
            "read_only": desk.read_only,
            "tokens": access.tokens,
        }
        return templates.TemplateResponse(request, name, context, headers=HEADERS)

    async def index(request: Request) -> Response:
        query = request.query_params
        every, summaries = await run_in_threadpool(_filtered, desk, query)
        number = max(_int(query.get("page"), 1), 1)
        shown = summaries[(number - 1) * PAGE : number * PAGE]
        totals = {s: sum(x.status == s for x in every) for s in STATUSES}
        codes = sorted({c for s in every for c in s.codes})
        editors = sorted({e for s in every for e in s.editors})
        pages = max(math.ceil(len(summaries) / PAGE), 1)

        def link(**change: Any) -> str:
            return "?" + urlencode({**dict(query), **change})

        return page(
            request,
            "index.html",
            {
                "articles": shown,
                "found": len(summaries),
                "total": len(every),
                "totals": totals,
                "codes": codes,
                "editors": editors,
                "query": query,
                "page": number,
                "pages": pages,
                "link": link,
                "quote": lambda s: quote(s, safe=""),
            },
        )

    async def article_page(request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        summary = desk.summaries.get(doc_id)
        if summary is None:
            raise NotFound(f"no article '{doc_id[:200]}' in this run")
        back = request.query_params.get("back", "")
        return page(request, "article.html", {"doc": summary, "back": back if back.startswith("?") else ""})

    async def article(request: Request) -> Response:
        return _json(await run_in_threadpool(desk.article, request.path_params["doc_id"]))

    async def changes(request: Request) -> Response:
        after = _int(request.query_params.get("after"), 0)
        found = await run_in_threadpool(desk.changes, request.path_params["doc_id"], after, request.state.editor)
        return _json(found)

    async def save(request: Request) -> Response:
        body = await _body(request)
        result = await run_in_threadpool(
            desk.save,
            request.path_params["doc_id"],
            _field(body, "segment"),
            _field(body, "action"),
            request.state.editor,
            body.get("rev"),
            body.get("value"),
            body.get("code"),
        )
        if result.stored:
            saved()
        return _json(
            {
                "segment": result.segment,
                "stored": result.stored,
                "note": result.note,
                "repeats": list(result.repeats),
                "others": list(result.others),
            }
        )

    async def batch(request: Request) -> Response:
        """Approve several segments; each answers for itself (stored, conflict or refused)."""
        body = await _body(request)
        items = body.get("items")
        if not isinstance(items, list) or len(items) > 500:
            raise BadRequest(400, "items must be a list of at most 500 {segment, rev}")
        for item in items:  # all checked before any is saved
            if not isinstance(item, dict):
                raise BadRequest(400, "each item is {segment, rev}")
            _field(item, "segment")
        results = []
        for item in items:
            try:
                done = await run_in_threadpool(
                    desk.save,
                    request.path_params["doc_id"],
                    _field(item, "segment"),
                    "approve",
                    request.state.editor,
                    item.get("rev"),
                )
                results.append({"segment": done.segment, "stored": done.stored})
                if done.stored:
                    saved()
            except Conflict as err:
                results.append({"segment": err.theirs, "conflict": True})
            except (Refused, NotFound) as err:
                results.append({"id": str(item.get("segment"))[:200], "error": str(err)})
        return _json({"results": results})

    async def propagate(request: Request) -> Response:
        body = await _body(request)
        segments = body.get("segments")
        if not isinstance(segments, list):
            raise BadRequest(400, "segments must be a list of segment ids")
        result = await run_in_threadpool(
            desk.propagate, _field(body, "from"), body.get("target"), segments, request.state.editor
        )
        if result["saved"]:
            saved()
        return _json(result)

    async def concordance(request: Request) -> Response:
        text = request.query_params.get("q", "")[:500]
        return _json(await run_in_threadpool(desk.concordance, text))

    async def memory(request: Request) -> Response:
        body = await _body(request)
        target = body.get("target")
        done = await run_in_threadpool(desk.memory_change, body.get("source"), target, request.state.editor)
        return _json({"changed": done})

    async def name(request: Request) -> Response:
        if access.tokens:
            raise BadRequest(400, "this desk knows editors by their tokens; a name cannot be chosen")
        if desk.read_only:
            raise Refused("this desk is read-only")
        body = await _body(request)
        chosen = editor_name(body.get("name"))
        if chosen is None:
            raise BadRequest(422, "a name is 1 to 64 characters with no control characters")
        response = _json({"editor": chosen, "csrf": access.csrf(chosen)})
        response.set_cookie(NAME_COOKIE, quote(chosen), httponly=True, samesite="lax")
        return response

    async def status(request: Request) -> Response:
        def read() -> tuple[int, int]:
            with desk.lock:  # the desk's SQLite connection is one: never used by two threads at once
                return desk.work.last_id(), unpublished(desk.outdir)

        last, left = await run_in_threadpool(read)
        return _json({"editor": request.state.editor, "last": last, "unpublished": left})

    async def login(request: Request) -> Response:
        token = request.query_params.get("token", "")
        if access.by_token(token) is None:
            return _error(401, "this link's token is not valid: ask for a new one (`review --add-editor NAME`)")
        response = RedirectResponse("/", status_code=303)
        # lax: a login link clicked in mail or chat must work; writes are guarded by the CSRF header
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="lax")
        return response

    routes = [
        Route("/", index),
        Route("/login", login),
        Route("/a/{doc_id}", article_page),
        Route("/api/a/{doc_id}", article),
        Route("/api/a/{doc_id}/changes", changes),
        Route("/api/a/{doc_id}/save", save, methods=["POST"]),
        Route("/api/a/{doc_id}/batch", batch, methods=["POST"]),
        Route("/api/propagate", propagate, methods=["POST"]),
        Route("/api/concordance", concordance),
        Route("/api/memory", memory, methods=["POST"]),
        Route("/api/name", name, methods=["POST"]),
        Route("/api/status", status),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]

    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        if not access.tokens and not _local(request.headers.get("host", "")):
            # without tokens only this machine may ask: a page on another site that makes its
            # name resolve to 127.0.0.1 (DNS rebinding) sends its own name as Host
            return _error(421, "this desk answers to 127.0.0.1 and localhost only (add editors to serve others)")
        origin = request.headers.get("origin")
        if (
            request.method not in ("GET", "HEAD")
            and origin
            and origin.split("://", 1)[-1] != request.headers.get("host")
        ):
            return _error(403, "a write from another site's page is refused")
        if path.startswith("/static/") or path == "/login":
            return await call_next(request)
        editor = access.who(request.headers, _cookies(request))
        if editor is None:
            return _error(401, "a token is needed: open the link `efe-pipeline review --add-editor NAME` printed")
        if request.method not in ("GET", "HEAD"):
            if not access.csrf_ok(editor, request.headers.get(CSRF_HEADER)):
                return _error(403, "missing or wrong CSRF token: reload the page")
            if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
                return _error(415, "a write's body is JSON (Content-Type: application/json)")
            length = request.headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
                return _error(413, f"the body is larger than {MAX_BODY:,} bytes")
        request.state.editor = editor
        response = await call_next(request)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if publisher is not None:  # the server is stopping (Ctrl+C, SIGTERM): publish what waits
            await run_in_threadpool(publisher.stop)

    return Starlette(
        lifespan=lifespan,
        routes=routes,
        exception_handlers=_handlers(),
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard)],
    )


def _filtered(desk: Desk, query: Any) -> tuple[list[Summary], list[Summary]]:
    """Every article, and the index's articles after its filters and sort (all in the URL)."""
    text = (query.get("q") or "").strip()
    with desk.lock:
        desk.refresh()
        every = list(desk.summaries.values())
        hits = desk.search(text) if text else None
    found = every if hits is None else [s for s in every if s.id in hits]
    if query.get("status") in STATUSES:
        found = [s for s in found if s.status == query["status"]]
    if query.get("issue"):
        found = [s for s in found if query["issue"] in s.codes]
    if query.get("errors") == "1":
        found = [s for s in found if s.errors]
    if query.get("editor"):
        found = [s for s in found if query["editor"] in s.editors]
    below = _float(query.get("below"))
    if below is not None:
        found = [s for s in found if s.confidence is not None and s.confidence < below]
    return every, sorted(found, key=SORTS.get(query.get("sort") or "id", SORTS["id"]))


async def _body(request: Request) -> dict[str, Any]:
    """The request's JSON object, read up to MAX_BODY bytes."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY:
            raise BadRequest(413, f"the body is larger than {MAX_BODY:,} bytes")
    try:
        body = json.loads(data.decode("utf-8"))
        json.dumps(body, ensure_ascii=False).encode("utf-8")  # "\udfff" is valid JSON, not text
    except UnicodeEncodeError:
        raise BadRequest(400, "the body holds half of a UTF-16 pair (\\ud800–\\udfff): send whole characters") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest(400, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise BadRequest(400, "the body is not a JSON object")
    return body


def _field(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value or len(value) > 1000:
        raise BadRequest(400, f"'{name}' is missing or not text")
    return value


def _local(host: str) -> bool:
    """Whether a Host header names this machine's loopback address."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.strip("[]") in LOOPBACK


def _cookies(request: Request) -> dict[str, str]:
    return {k: unquote(v) for k, v in request.cookies.items()}


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and len(value) < 12 else default


def _float(value: str | None) -> float | None:
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=HEADERS)


def _error(status: int, message: str, **more: Any) -> JSONResponse:
    return _json({"error": message, **more}, status)


def _handlers() -> dict[Any, Callable[..., Any]]:
    async def bad(_request: Request, err: BadRequest) -> Response:
        return _error(err.status, str(err))

    async def refused(_request: Request, err: Refused) -> Response:
        return _error(422, str(err))

    async def conflict(_request: Request, err: Conflict) -> Response:
        return _error(409, str(err), theirs=err.theirs)

    async def missing(_request: Request, err: NotFound) -> Response:
        return _error(404, str(err))

    async def broken(_request: Request, err: OutputError) -> Response:
        return _error(503, str(err))

    async def http(_request: Request, err: HTTPException) -> Response:
        return _error(err.status_code, str(err.detail or "request refused"))

    async def crash(_request: Request, _err: Exception) -> Response:
        return _error(500, "the desk failed on this request; the server's log says why")

    return {
        BadRequest: bad,
        Refused: refused,
        Conflict: conflict,
        NotFound: missing,
        OutputError: broken,
        HTTPException: http,
        Exception: crash,
    }
