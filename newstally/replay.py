"""A real loopback HTTP server that replays captured feeds and pages, and plays faults.

Used by the tests and by ``newstally demo``::

    with ReplayServer(Path("newstally/replay")) as server:
        fetch(server.base_url + "/feeds/en-world.rss")
        server.requests  # [(method, path, headers), ...]

``ReplayServer(root, host="127.0.0.1", port=0)`` serves, in this order:

1. **Programmed routes** — ``server.route(path, handler)``; ``path`` is exact, or a
   prefix when it ends with ``*``; ``server.redirect(path, target)`` is the shortcut
   for a redirect. ``handler(request: Request) -> Reply``. A
   :class:`Reply` may carry a streamed body (any iterable of bytes, sent until it ends
   and then the connection is closed) and a ``delay`` before anything is sent.
2. **Built-in fault routes** (all under ``/_fault/``; one table, :data:`FAULTS`):

   ===============================================  =====================================
   ``/_fault/status/<code>[?retry_after=N]``        that status (404, 500, 503 …)
   ``/_fault/retry-after/<seconds>/<key>[?then=P]`` 429 with ``Retry-After: <seconds>``
                                                    the first time per key, then 200 (the
                                                    static file ``P`` when given)
   ``/_fault/retry-after-date/<seconds>/<key>``     same, Retry-After as an HTTP-date
   ``/_fault/redirect/<n>[?then=P]``                a chain of n redirects, then 200 (or
                                                    a last redirect to ``P``)
   ``/_fault/loop/<a|b>``                           a redirects to b, b to a
   ``/_fault/redirect-to?url=U[&status=302]``       one redirect to any URL (another
                                                    host or port)
   ``/_fault/hang``                                 accepts, never answers (bounded: 30 s
                                                    at most, ends when the server stops)
   ``/_fault/trickle``                              200, then one byte every 0.1 s, for
                                                    ever (bounded: 30 s / server stop)
   ``/_fault/slow-headers``                         the status line and headers, 4 bytes
                                                    every 0.05 s (about 10 s in all)
   ``/_fault/large/<mb>[?length=1]``                an HTML body of <mb> MB, generated as
                                                    it is sent (Content-Length if asked)
   ``/_fault/gzip-bomb/<mb>``                       ``Content-Encoding: gzip`` stream of
                                                    zeros inflating to <mb> MB, compressed
                                                    lazily (a few KB on the wire per GB)
   ``/_fault/windows-1252[?declared=header|meta|none]``
                                                    a Spanish page in windows-1252, its
                                                    charset in the header, a meta tag or
                                                    nowhere
   ``/_fault/billion-laughs``                       an RSS feed with nested XML entities
   ``/_fault/garbage``                              random bytes served as a feed
   ``/_fault/bot-wall``                             an HTML "checking your browser" page
   ===============================================  =====================================

3. **Google-News-shaped redirects** — ``/gnews/rss/articles/<id>`` answers 302 to the
   path that ``<root>/gnews-redirects.json`` maps ``<id>`` to (404 when unknown).
4. **Static files under root**, with ``{{BASE}}`` in text files (.rss .atom .xml .html
   .htm .txt .json) replaced by :attr:`base_url`. Each has an ``ETag`` and a
   ``Last-Modified`` and answers ``304`` to a matching ``If-None-Match`` /
   ``If-Modified-Since`` — unless ``server.ignore_conditional(path)`` was called, to
   play servers that ignore conditional GET. A missing file is a 404.

Every request is logged in ``server.requests`` as ``(method, path_with_query,
headers)`` before it is answered; ``server.clear_requests()`` empties the log and
``server.requests_to(prefix)`` filters it. Faults are played by a daemon thread per
connection; every wait in them ends when the server stops.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import json
import random
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["FAULTS", "ReplayServer", "Reply", "Request"]

TEXT_SUFFIXES = {".rss", ".atom", ".xml", ".html", ".htm", ".txt", ".json"}
CONTENT_TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
MAX_WAIT = 30.0  # no fault keeps a connection longer than this


@dataclass
class Request:
    """What a route handler is given."""

    server: ReplayServer
    method: str
    path: str  # without the query
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""  # the request body (POST)

    @property
    def rest(self) -> str:
        """The part of the path after a ``*`` route's prefix (set by the router)."""
        return self.headers.get("x-replay-rest", "")


@dataclass
class Reply:
    """What a route handler returns. A non-bytes ``body`` is streamed, then the
    connection is closed (no Content-Length unless given in ``headers``)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""
    delay: float = 0.0  # seconds before the status line (bounded by MAX_WAIT)
    raw: bool = False  # ``body`` is the whole response, status line and headers included


Handler = Callable[[Request], Reply]


# ------------------------------------------------------------------ fault helpers


def _html(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"</head><body><h1>{title}</h1>{body}</body></html>").encode()


def _status(req: Request) -> Reply:
    code = int(req.rest.strip("/") or "500")
    headers = {"Content-Type": "text/html; charset=utf-8"}
    if "retry_after" in req.query:
        headers["Retry-After"] = req.query["retry_after"]
    return Reply(code, headers, _html(f"Status {code}", "<p>replayed fault</p>"))


def _retry_after(req: Request, *, as_date: bool) -> Reply:
    seconds, _, key = req.rest.strip("/").partition("/")
    counter = req.server.counter(f"retry-after:{key}")
    if counter == 1:
        value = (email.utils.formatdate(time.time() + int(seconds), usegmt=True)
                 if as_date else seconds)
        return Reply(429, {"Retry-After": value, "Content-Type": "text/plain"},
                     b"Too Many Requests\n")
    if "then" in req.query:
        return req.server.static(req.query["then"], req.headers)
    return Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                 _html("After waiting", "<p>served on the second try</p>"))


def _redirect(req: Request) -> Reply:
    n = int(req.rest.strip("/") or "0")
    query = f"?then={req.query['then']}" if "then" in req.query else ""
    if n > 0:
        return Reply(302, {"Location": f"/_fault/redirect/{n - 1}{query}"})
    if "then" in req.query:
        return Reply(302, {"Location": req.query["then"]})
    return Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                 _html("End of the chain", "<p>no more redirects</p>"))


def _loop(req: Request) -> Reply:
    other = "b" if req.rest.strip("/") == "a" else "a"
    return Reply(302, {"Location": f"/_fault/loop/{other}"})


def _redirect_to(req: Request) -> Reply:
    return Reply(int(req.query.get("status", "302")), {"Location": req.query["url"]})


def _hang(req: Request) -> Reply:
    return Reply(200, {"Content-Type": "text/plain"}, b"too late\n", delay=MAX_WAIT)


def _trickle(req: Request) -> Reply:
    server = req.server

    def drip() -> Iterator[bytes]:
        yield b"<html><body>"
        end = time.monotonic() + MAX_WAIT
        while time.monotonic() < end and not server.stopping.wait(0.1):
            yield b"."

    return Reply(200, {"Content-Type": "text/html; charset=utf-8"}, drip())


def _slow_headers(req: Request) -> Reply:
    server = req.server
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            + b"".join(b"X-Padding-%d: slow\r\n" % i for i in range(200)) + b"\r\n")

    def drip() -> Iterator[bytes]:
        end = time.monotonic() + MAX_WAIT
        for i in range(0, len(head), 4):
            if time.monotonic() > end or server.stopping.wait(0.05):
                return
            yield head[i:i + 4]
        yield b"<p>finally</p>"

    return Reply(body=drip(), raw=True)


def _large(req: Request) -> Reply:
    total = int(float(req.rest.strip("/") or "50") * 1_000_000)
    line = b"<p>" + b"filler paragraph of a very long page " * 26 + b"</p>\n"

    def gen() -> Iterator[bytes]:
        sent = 0
        head = b"<!DOCTYPE html><html><head><title>Huge</title></head><body>\n"
        yield head
        sent += len(head)
        block = line * (65_536 // len(line) + 1)
        while sent < total:
            piece = block[: total - sent]
            sent += len(piece)
            yield piece

    headers = {"Content-Type": "text/html; charset=utf-8"}
    if req.query.get("length"):
        headers["Content-Length"] = str(total)
    return Reply(200, headers, gen())


def _gzip_bomb(req: Request) -> Reply:
    total = int(float(req.rest.strip("/") or "4096") * 1_000_000)

    def gen() -> Iterator[bytes]:
        comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        zeros = bytes(1_000_000)
        made = 0
        while made < total:
            out = comp.compress(zeros[: min(len(zeros), total - made)])
            made += min(len(zeros), total - made)
            if out:
                yield out
        yield comp.flush()

    return Reply(200, {"Content-Type": "text/html; charset=utf-8",
                       "Content-Encoding": "gzip"}, gen())


WINDOWS_1252_TEXT = (
    "Excarcelaciones en Caracas: la ONG contabilizó más liberaciones este miércoles. "
    "Según los abogados, los detenidos — jóvenes en su mayoría — recibieron medidas "
    "cautelares; la niña y el señor Muñoz volvieron a casa. «Seguimos esperando», "
    "dijo una madre en Tocorón. Precio del pan: 2 € … ¡qué año!"
)


def _windows_1252(req: Request) -> Reply:
    declared = req.query.get("declared", "header")
    meta = '<meta charset="windows-1252">' if declared == "meta" else ""
    page = (f"<!DOCTYPE html><html><head>{meta}<title>Excarcelación en Venezuela</title>"
            f"</head><body><article><p>{WINDOWS_1252_TEXT}</p></article></body></html>")
    ctype = "text/html; charset=windows-1252" if declared == "header" else "text/html"
    return Reply(200, {"Content-Type": ctype}, page.encode("cp1252"))


def _billion_laughs(req: Request) -> Reply:
    entities = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = f"&lol{i - 1};" if i > 1 else "&lol;"
        entities.append(f'<!ENTITY lol{i} "{prev * 10}">')
    doc = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n  ' + "\n  ".join(entities) + "\n]>\n"
        '<rss version="2.0"><channel><title>Laughs &lol9;</title>'
        "<link>http://example.invalid/</link><description>&lol9;</description>"
        "<item><title>Venezuela &lol9;</title><link>{base}/pages/laugh.html</link>"
        "<description>&lol9;</description></item></channel></rss>\n"
    ).replace("{base}", req.server.base_url)
    return Reply(200, {"Content-Type": "application/rss+xml"}, doc.encode())


def _garbage(req: Request) -> Reply:
    rng = random.Random(1849)
    return Reply(200, {"Content-Type": "application/rss+xml"}, rng.randbytes(20_000))


def _bot_wall(req: Request) -> Reply:
    body = (
        "<!DOCTYPE html><html><head><title>Just a moment...</title>"
        '<meta http-equiv="refresh" content="5"></head><body>'
        "<h1>Checking your browser before accessing the site.</h1>"
        "<p>This process is automatic. Enable JavaScript and cookies to continue.</p>"
        "<noscript>Please turn JavaScript on and reload the page.</noscript>"
        "<script>window.location.reload()</script></body></html>"
    )
    return Reply(200, {"Content-Type": "text/html; charset=UTF-8"}, body.encode())


FAULTS: dict[str, Handler] = {
    "status": _status,
    "retry-after": lambda r: _retry_after(r, as_date=False),
    "retry-after-date": lambda r: _retry_after(r, as_date=True),
    "redirect": _redirect,
    "loop": _loop,
    "redirect-to": _redirect_to,
    "hang": _hang,
    "trickle": _trickle,
    "slow-headers": _slow_headers,
    "large": _large,
    "gzip-bomb": _gzip_bomb,
    "windows-1252": _windows_1252,
    "billion-laughs": _billion_laughs,
    "garbage": _garbage,
    "bot-wall": _bot_wall,
}
"""The built-in faults, by the first path segment after ``/_fault/``."""


# ------------------------------------------------------------------------ server


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the request log is ``ReplayServer.requests``

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        """POSTs reach programmed routes only (static files answer 405)."""
        self._serve(head=False)

    def _serve(self, *, head: bool) -> None:
        replay = self.server.replay
        headers = {k.lower(): v for k, v in self.headers.items()}
        replay._log(self.command, self.path, headers)
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(headers.get("content-length") or 0)
        body = self.rfile.read(min(length, 1_000_000)) if length > 0 else b""
        req = Request(replay, self.command, parts.path, query, headers, body)
        try:
            reply = replay.dispatch(req)
        except Exception as exc:  # a broken handler is a 500, not a dead server
            reply = Reply(500, {"Content-Type": "text/plain"}, f"replay error: {exc}\n".encode())
        self._send(reply, head=head)

    def _send(self, reply: Reply, *, head: bool) -> None:
        stopping = self.server.replay.stopping
        if reply.delay and stopping.wait(min(reply.delay, MAX_WAIT)):
            self.close_connection = True
            return
        if reply.delay:
            self.close_connection = True
            return  # "never answers": the client has given up long ago
        body = reply.body
        if reply.raw:
            self.close_connection = True
            try:
                for chunk in [body] if isinstance(body, bytes | bytearray) else body:
                    if stopping.is_set():
                        break
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                pass
            return
        streamed = not isinstance(body, bytes | bytearray)
        try:
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            if streamed:
                self.send_header("Connection", "close")
                self.close_connection = True
            elif "Content-Length" not in reply.headers and isinstance(body, bytes | bytearray):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if head:
                return
            if isinstance(body, bytes | bytearray):
                self.wfile.write(body)
                return
            for chunk in body:
                if stopping.is_set():
                    break
                self.wfile.write(chunk)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            self.close_connection = True  # the client stopped reading: expected in faults


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    replay: ReplayServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # client disconnects are part of the faults played


class ReplayServer:
    """Serves ``root`` on a loopback address; see the module docstring."""

    def __init__(self, root: Path | str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root).resolve()
        self.host = host
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self._routes: dict[str, Handler] = {}
        self._ignore_conditional: set[str] = set()
        self._counters: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.replay = self
        self.port = int(self._httpd.server_address[1])
        self._thread: threading.Thread | None = None
        gnews = self.root / "gnews-redirects.json"
        self.gnews_redirects: dict[str, str] = (
            json.loads(gnews.read_text(encoding="utf-8")) if gnews.is_file() else {}
        )

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # -- lifecycle ----------------------------------------------------------------

    def start(self) -> ReplayServer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever,
                                            kwargs={"poll_interval": 0.05},
                                            name=f"replay-{self.port}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- programming --------------------------------------------------------------

    def route(self, path: str, handler: Handler) -> None:
        """Answer ``path`` (a prefix when it ends with ``*``) with ``handler``."""
        self._routes[path] = handler

    def redirect(self, path: str, target: str, status: int = 302) -> None:
        """Answer ``path`` with a redirect to ``target`` (a path on this server or a URL)."""
        location = self.url(target) if target.startswith("/") else target
        self.route(path, lambda _req: Reply(status, {"Location": location}))

    def unroute(self, path: str) -> None:
        self._routes.pop(path, None)

    def ignore_conditional(self, path: str, ignore: bool = True) -> None:
        """Make the static file at ``path`` ignore If-None-Match / If-Modified-Since."""
        (self._ignore_conditional.add if ignore else self._ignore_conditional.discard)(path)

    def counter(self, key: str) -> int:
        """How many times ``key`` was counted, this call included (for stateful faults)."""
        with self._lock:
            self._counters[key] = self._counters.get(key, 0) + 1
            return self._counters[key]

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def requests_to(self, prefix: str) -> list[tuple[str, str, dict[str, str]]]:
        with self._lock:
            return [r for r in self.requests if r[1].startswith(prefix)]

    def _log(self, method: str, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append((method, path, headers))

    # -- answering ----------------------------------------------------------------

    def dispatch(self, req: Request) -> Reply:
        if req.path in self._routes:
            return self._routes[req.path](req)
        for pattern, handler in sorted(self._routes.items(), key=lambda kv: -len(kv[0])):
            if pattern.endswith("*") and req.path.startswith(pattern[:-1]):
                req.headers["x-replay-rest"] = req.path[len(pattern) - 1:]
                return handler(req)
        if req.method == "POST":
            return Reply(405, {"Content-Type": "text/plain"}, b"POST is for routes only\n")
        if req.path.startswith("/_fault/"):
            name, _, rest = req.path[len("/_fault/"):].partition("/")
            if name in FAULTS:
                req.headers["x-replay-rest"] = rest
                return FAULTS[name](req)
            return Reply(404, {"Content-Type": "text/plain"},
                         f"unknown fault '{name}'; known: {', '.join(FAULTS)}\n".encode())
        if req.path.startswith("/gnews/rss/articles/"):
            target = self.gnews_redirects.get(req.path.rsplit("/", 1)[-1])
            if target is None:
                return Reply(404, {"Content-Type": "text/plain"}, b"unknown article id\n")
            return Reply(302, {"Location": self.url(target)})
        return self.static(req.path, req.headers)

    def static(self, path: str, headers: dict[str, str]) -> Reply:
        """A file under root, with ``{{BASE}}`` replaced and conditional GET."""
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.root) or not file.is_file():
            return Reply(404, {"Content-Type": "text/plain"}, f"not found: {path}\n".encode())
        body = file.read_bytes()
        if file.suffix in TEXT_SUFFIXES:
            body = body.replace(b"{{BASE}}", self.base_url.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        mtime = int(file.stat().st_mtime)
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        out = {"Content-Type": CONTENT_TYPES.get(file.suffix, "application/octet-stream"),
               "ETag": etag, "Last-Modified": last_modified}
        if path not in self._ignore_conditional and _not_modified(headers, etag, mtime):
            return Reply(304, {"ETag": etag, "Last-Modified": last_modified})
        if "gzip" in headers.get("accept-encoding", "") and len(body) > 1024:
            body = gzip.compress(body, mtime=0)
            out["Content-Encoding"] = "gzip"
        return Reply(200, out, body)


def _not_modified(headers: dict[str, str], etag: str, mtime: int) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:
        return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = headers.get("if-modified-since")
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return mtime <= since
    return False
