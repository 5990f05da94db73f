"""The guarded HTTP client every network request of the pipeline goes through.

``Fetcher.get(url)`` returns a :class:`pipeline.models.Page` or raises a typed
:class:`pipeline.errors.FetchError`. Guards, in the order they apply to each request:

- **scheme**: only ``http`` and ``https``;
- **address guard, on every hop**: the host is resolved and refused
  (:class:`BlockedHostError`) when any of its addresses is private, loopback,
  link-local, reserved, multicast or otherwise not global, unless the host name or IP
  literal as written in the URL is in ``allow_hosts`` (``"127.0.0.1"`` or
  ``"127.0.0.1:8080"``). The check runs before any connection; redirects are followed
  by hand so that each hop is checked. The default transport checks again at connect
  time and connects to the address it vetted, so DNS rebinding cannot slip past;
- **robots.txt** of each host (cached per Fetcher, and across runs in a
  :class:`RobotsCache` file for ``ttl`` seconds when one is given; a missing file or an
  unreachable one allows everything, the latter with a warning and not cached);
- **politeness**: at least ``host_delay`` seconds between two requests to one host,
  across every Fetcher of the process;
- **redirects**: at most ``max_redirects``, loops refused (:class:`TooManyRedirectsError`);
- **time**: connect/read ``timeout`` per read, ``total_timeout`` for the whole
  download, so a body that trickles forever is cut; inside :func:`time_limit` every
  request of the thread also stops at that block's deadline (a feed's deadline across
  its retries, the poll phase's), and the error names that limit;
- **size**: the body is streamed and decompressed by hand, chunk by chunk, with a
  bounded output size, so neither a 50 MB page nor a gzip bomb is ever held whole
  (:class:`TooLargeError` beyond ``max_bytes`` decoded bytes).

Status mapping: 2xx → Page; 304 → Page with status 304 and an empty body; 408, 429,
5xx, timeouts and connection errors → :class:`TransientFetchError` (with the parsed
``Retry-After``); any other 4xx → :class:`HTTPStatusError`.
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import ipaddress
import json
import logging
import os
import re
import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from pipeline.errors import (
    BlockedHostError,
    FetchError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TooManyRedirectsError,
    TransientFetchError,
)
from pipeline.models import Page

__all__ = [
    "USER_AGENT",
    "Fetcher",
    "RobotsCache",
    "decode_html",
    "parse_retry_after",
    "redact_url",
    "time_limit",
    "with_retries",
]

log = logging.getLogger(__name__)

USER_AGENT = "newstally/0.1 (+https://github.com/newstally/newstally; news figures tracker)"
ROBOTS_MAX_BYTES = 500_000
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_T = TypeVar("_T")


# --------------------------------------------------------------------------- guard


def _host_port(url: httpx.URL) -> tuple[str, int]:
    port = url.port or (443 if url.scheme == "https" else 80)
    return url.host.lower(), port


def _is_allowed_name(host: str, port: int, allow_hosts: frozenset[str]) -> bool:
    host = host.lower().strip("[]")
    return host in allow_hosts or f"{host}:{port}" in allow_hosts


def _bad_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` may not be reached, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr in ("is_loopback", "is_private", "is_link_local", "is_multicast",
                 "is_reserved", "is_unspecified"):
        if getattr(ip, attr):
            return attr[3:].replace("_", "-")
    if not ip.is_global:
        return "not global"
    return None


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve host '{host}': {exc.strerror}") from exc
    addrs: list[str] = []
    for info in infos:
        addr = str(info[4][0]).split("%", 1)[0]
        if addr not in addrs:
            addrs.append(addr)
    return addrs


def _vet(host: str, port: int, allow_hosts: frozenset[str], url: str) -> list[str]:
    """Resolve ``host`` and return its addresses; raise if one is not allowed."""
    if _is_allowed_name(host, port, allow_hosts):
        return [host]
    try:
        addrs = _resolve(host, port)
    except OSError as exc:
        raise FetchError(url, f"{exc}") from exc
    for addr in addrs:
        why = _bad_address(ipaddress.ip_address(addr))
        if why:
            raise BlockedHostError(
                url,
                f"host '{host}' resolves to {addr} ({why} address); refused before "
                f"connecting. If this host is meant to be reached, allow it with "
                f"--allow-host {host} (or NEWSTALLY_ALLOW_HOSTS / allow_hosts in the "
                f"sources file's [settings], for a deployment)",
            )
    return addrs


# Politeness is per process, not per Fetcher: the flow makes a Fetcher per task, and
# tasks running side by side must still space their requests to one host.
_SLOTS_LOCK = threading.Lock()
_NEXT_SLOT: dict[str, float] = {}
_DEADLINE = threading.local()  # the running request's total-time deadline, per thread
_SCOPE = threading.local()  # (deadline, what) of the innermost time_limit block, per thread


@contextmanager
def time_limit(deadline: float, what: str) -> Iterator[None]:
    """Every request this thread makes inside the block stops at ``deadline`` (a
    ``time.monotonic()`` value) — connecting, waiting for headers, reading the body,
    waiting for the host's turn — and its error says ``what`` was reached ("the feed
    deadline of 90 s"). Nested blocks keep the earlier deadline."""
    outer: tuple[float, str] | None = getattr(_SCOPE, "value", None)
    _SCOPE.value = (deadline, what) if outer is None or deadline < outer[0] else outer
    try:
        yield
    finally:
        _SCOPE.value = outer


def _scope() -> tuple[float, str] | None:
    value: tuple[float, str] | None = getattr(_SCOPE, "value", None)
    return value


class _DeadlineStream(httpcore.NetworkStream):
    """Bounds every read and write by the running request's deadline, so that neither
    headers nor a body can trickle past ``total_timeout`` (httpx I/O runs on the
    calling thread, which set the deadline)."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    @staticmethod
    def _bound(timeout: float | None) -> float | None:
        deadline: float | None = getattr(_DEADLINE, "value", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("total time limit reached")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._bound(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._bound(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname,
                                                      self._bound(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves, vets and connects to the vetted address: the guard at connect time."""

    def __init__(self, allow_hosts: frozenset[str]) -> None:
        self._allow = allow_hosts
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if _is_allowed_name(host, port, self._allow):
            return _DeadlineStream(self._backend.connect_tcp(
                host, port, timeout, local_address, socket_options))
        try:
            addrs = _vet(host, port, self._allow, f"{host}:{port}")
        except FetchError as exc:
            raise httpcore.ConnectError(exc.reason) from exc
        last: Exception | None = None
        for addr in addrs:
            try:
                return _DeadlineStream(self._backend.connect_tcp(
                    addr, port, timeout, local_address, socket_options))
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise httpcore.ConnectError(f"cannot connect to {host}:{port}: {last}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not allowed")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _guarded_transport(allow_hosts: frozenset[str]) -> httpx.BaseTransport:
    transport = httpx.HTTPTransport(retries=0)
    pool = getattr(transport, "_pool", None)
    if pool is not None and hasattr(pool, "_network_backend"):
        pool._network_backend = _GuardedBackend(allow_hosts)
    return transport


# ------------------------------------------------------------------ small helpers

_USERINFO = re.compile(r"(?<=//)[^/@\s]+@")


def redact_url(text: str) -> str:
    """``text`` with the ``user:password@`` part of any URL in it masked."""
    return _USERINFO.sub("***@", text)


def _redacted(exc: FetchError) -> FetchError:
    if not _USERINFO.search(str(exc)):
        return exc
    exc.url = redact_url(exc.url)
    exc.reason = redact_url(exc.reason)
    exc.args = (redact_url(str(exc)),)
    return exc



def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` in seconds from now (delta-seconds or an HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def with_retries(
    fn: Callable[[], _T],
    *,
    attempts: int = 3,
    max_wait: float = 30.0,
    base_delay: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> _T:
    """Call ``fn``; retry it on :class:`TransientFetchError` only, up to ``attempts`` calls.

    Waits ``Retry-After`` when the server sent one, else ``base_delay`` doubled each
    time, never more than ``max_wait``. A server asking to wait longer than
    ``max_wait`` is not hammered earlier: the error is raised at once.
    """
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except TransientFetchError as exc:
            if attempt >= attempts:
                raise
            if exc.retry_after is not None:
                if exc.retry_after > max_wait:
                    log.warning("%s: server asks to retry after %.0f s (> %.0f s); giving up",
                                exc.url, exc.retry_after, max_wait)
                    raise
                wait = exc.retry_after
            else:
                wait = min(max_wait, base_delay * 2 ** (attempt - 1))
            scope = _scope()
            if scope is not None and time.monotonic() + wait >= scope[0]:
                exc.reason += f"; not retried: {scope[1]} would pass while waiting"
                exc.args = (f"{exc.url}: {exc.reason}",)
                raise
            log.info("%s: %s; retry %d/%d in %.2f s", exc.url, exc.reason, attempt,
                     attempts - 1, wait)
            sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: these labels mean windows-1252 on the web.
_AS_CP1252 = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1",
              "l1", "windows-1252", "cp1252", "iso_8859-1"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(page: Page) -> str:
    """The text of a page: BOM, then the header charset, then ``<meta charset>`` / the
    XML declaration, then UTF-8, falling back to windows-1252 (never raises).

    ISO-8859-1 and ASCII labels are read as windows-1252, as browsers do; a body so
    labelled that is valid UTF-8 (with non-ASCII bytes) is read as UTF-8."""
    body = page.body
    for bom, bom_codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                           (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(bom_codec, errors="replace")
    head = body[:4096]
    declared: list[str | None] = [_codec(page.encoding)]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(head)
        if m:
            declared.append(_codec(m.group(1).decode("ascii", "replace")))
    for enc in declared:
        if enc is None:
            continue
        if enc == "cp1252" and not body.isascii():
            # Valid multi-byte UTF-8 is almost never meant as windows-1252: it is a
            # UTF-8 page that declares latin-1 by mistake (common on old CMSes).
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError:
                pass
        try:
            return body.decode(enc)
        except (UnicodeDecodeError, LookupError):
            log.info("%s: body is not valid %s as declared; trying others", page.final_url, enc)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([^;\"'\s]+)", content_type, re.I)
    return m.group(1) if m else None


class _Decoder:
    """Incremental Content-Encoding decoder with a bounded output per call."""

    def __init__(self, encoding: str, url: str) -> None:
        self.url = url
        enc = encoding.lower().strip()
        if enc in ("", "identity"):
            self._z: Any = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
            self._deflate_sniff = True
        else:
            raise FetchError(url, f"unsupported Content-Encoding '{encoding}' "
                                  "(we ask for gzip or deflate only)")
        self._encoding = enc

    def feed(self, data: bytes, limit: int) -> Iterator[bytes]:
        """Decoded bytes of ``data``; every yielded piece is at most ``limit`` bytes."""
        if self._z is None:
            yield data
            return
        while data:
            try:
                out = self._z.decompress(data, limit)
            except zlib.error as exc:
                if self._encoding == "deflate" and getattr(self, "_deflate_sniff", False):
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
                    self._deflate_sniff = False
                    continue
                raise FetchError(self.url, f"corrupt {self._encoding} body: {exc}") from exc
            self._deflate_sniff = False
            if out:
                yield out
            data = self._z.unconsumed_tail
            if self._z.eof:
                rest = self._z.unused_data
                if rest and self._encoding in ("gzip", "x-gzip"):  # multi-member gzip
                    self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    data = rest
                elif not data:
                    break


# ------------------------------------------------------------------ robots cache


class RobotsCache:
    """robots.txt of each origin kept in a JSON file for ``ttl`` seconds, across runs.

    The file (``<warehouse>.robots.json`` for the flow) maps an origin
    (``https://host:port``) to when its robots.txt was read and its text (null when the
    host has none: a 4xx, which allows everything). Only definite answers are kept: an
    unreachable or 5xx robots.txt is asked for again next time. Every Fetcher of a process
    naming the same file shares one object; a write re-reads the file and replaces it
    atomically, so runs side by side lose nothing but a cache entry. A file that is not
    readable JSON is set aside with a warning and rebuilt.
    """

    _shared: ClassVar[dict[tuple[str, float], RobotsCache]] = {}
    _shared_lock = threading.Lock()

    def __init__(self, path: Path | str, ttl: float) -> None:
        self.path = Path(path)
        self.ttl = float(ttl)
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._hosts: dict[str, dict[str, Any]] = self._read()

    def origin_lock(self, origin: str) -> threading.Lock:
        """Held while one Fetcher reads ``origin``'s robots.txt, so that Fetchers side by
        side in the process ask for it once."""
        with self._lock:
            return self._origin_locks.setdefault(origin, threading.Lock())

    @classmethod
    def at(cls, path: Path | str, ttl: float) -> RobotsCache:
        """The process's cache object for ``path`` (made on first use)."""
        key = (str(Path(path).resolve()), float(ttl))
        with cls._shared_lock:
            if key not in cls._shared:
                cls._shared[key] = cls(path, ttl)
            return cls._shared[key]

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            hosts = data["hosts"]
            if not isinstance(hosts, dict):
                raise TypeError("hosts is not an object")
            return {k: v for k, v in hosts.items() if isinstance(v, dict)}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("robots.txt cache %s is unreadable (%s); starting it again", self.path,
                        exc)
            return {}

    def get(self, origin: str) -> tuple[bool, str | None]:
        """(found, text): text None means the host has no robots.txt (allow all)."""
        with self._lock:
            entry = self._hosts.get(origin)
            if entry is None:
                entry = self._read().get(origin)  # another run may have read it meanwhile
                if entry is not None:
                    self._hosts[origin] = entry
        if entry is None:
            return False, None
        fetched = entry.get("fetched_at")
        if not isinstance(fetched, int | float) or not 0 <= time.time() - fetched < self.ttl:
            return False, None
        text = entry.get("text")
        return True, text if isinstance(text, str) else None

    def put(self, origin: str, text: str | None) -> None:
        entry = {"fetched_at": time.time(), "text": text}
        with self._lock:
            self._hosts[origin] = entry
            hosts = self._read()
            hosts[origin] = entry
            now = time.time()
            hosts = {k: v for k, v in hosts.items()  # drop long-expired hosts
                     if isinstance(v.get("fetched_at"), int | float)
                     and now - v["fetched_at"] < 10 * self.ttl}
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_text(json.dumps({"version": 1, "ttl_s": self.ttl, "hosts": hosts},
                                          ensure_ascii=False, indent=1), encoding="utf-8")
                os.replace(tmp, self.path)
            except OSError as exc:
                log.warning("could not write the robots.txt cache %s: %s", self.path, exc)
                with contextlib.suppress(OSError):
                    tmp.unlink()


# ------------------------------------------------------------------------ fetcher


class Fetcher:
    """A guarded, polite HTTP client (see the module docstring). Thread-safe.

    Use as a context manager, or call :meth:`close`, to release its connections.
    """

    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        allow_hosts: Collection[str] = (),
        timeout: float = 15.0,
        total_timeout: float = 60.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        host_delay: float = 1.0,
        transport: httpx.BaseTransport | None = None,
        robots_cache: RobotsCache | None = None,
    ) -> None:
        self.user_agent = user_agent
        self.allow_hosts = frozenset(h.lower().strip().strip("[]") for h in allow_hosts)
        self.timeout = timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.host_delay = host_delay
        self.robots_cache = robots_cache
        self._client = httpx.Client(
            transport=transport or _guarded_transport(self.allow_hosts),
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._lock = threading.Lock()
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public -------------------------------------------------------------------

    def get(self, url: str, *, headers: Mapping[str, str] | None = None,
            robots: bool = True) -> Page:
        """GET ``url`` through every guard; see the module docstring for the errors.

        Credentials written in a URL (``user:pass@``) never appear in an error."""
        deadline = self._deadline()
        try:
            return self._get(url, headers=dict(headers or {}), robots=robots,
                             deadline=deadline, max_bytes=self.max_bytes)
        except FetchError as exc:
            raise _redacted(exc) from exc.__cause__

    def redirect_location(self, url: str, *, headers: Mapping[str, str] | None = None,
                          robots: bool = True) -> str | None:
        """One guarded request to ``url``: the absolute target of its redirect, or None
        when it answers 2xx/304 (the body is not read). Errors as for :meth:`get`."""
        deadline = self._deadline()
        outer = getattr(_DEADLINE, "value", None)
        _DEADLINE.value = deadline
        try:
            parsed = self._check_hop(url, url, robots=robots, deadline=deadline)
            _page, location = self._one_request(url, parsed, dict(headers or {}), deadline,
                                                self.max_bytes, read_body=False)
        except FetchError as exc:
            raise _redacted(exc) from exc.__cause__
        finally:
            _DEADLINE.value = outer
        return urljoin(url, location) if location is not None else None

    def post_form(self, url: str, data: str, *, headers: Mapping[str, str] | None = None,
                  robots: bool = True) -> Page:
        """POST ``data`` (already form-encoded) to ``url``: one hop, every guard of
        :meth:`get` (address, robots.txt, timeouts, size cap); a redirect is an error."""
        deadline = self._deadline()
        outer = getattr(_DEADLINE, "value", None)
        _DEADLINE.value = deadline
        hdrs = {"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
                **dict(headers or {})}
        try:
            parsed = self._check_hop(url, url, robots=robots, deadline=deadline)
            page, location = self._one_request(url, parsed, hdrs, deadline, self.max_bytes,
                                               method="POST", content=data.encode("utf-8"))
            if page is None:
                raise HTTPStatusError(url, 302, f"POST answered with a redirect to {location}")
        except FetchError as exc:
            raise _redacted(exc) from exc.__cause__
        finally:
            _DEADLINE.value = outer
        return page

    def fetch_many(self, urls: Iterable[str], *, concurrency: int = 4,
                   headers: Mapping[str, str] | None = None) -> list[Page | FetchError]:
        """GET every URL, at most ``concurrency`` at once; results in the order of
        ``urls``. A failure is returned as its FetchError and never stops the others."""
        todo = list(urls)

        def one(u: str) -> Page | FetchError:
            try:
                return self.get(u, headers=headers)
            except FetchError as exc:
                log.info("%s: %s", redact_url(u), exc.reason)
                return exc
            except Exception as exc:  # a bug or an unexpected library error: keep going
                log.exception("%s: unexpected error while fetching", redact_url(u))
                return FetchError(redact_url(u), f"unexpected error: {exc!r}")

        if not todo:
            return []
        with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(todo))),
                                thread_name_prefix="newstally-fetch") as pool:
            return list(pool.map(one, todo))

    # -- internals ----------------------------------------------------------------

    def _deadline(self) -> float:
        """When a request started now must end: ``total_timeout`` from now, or the
        deadline of the enclosing :func:`time_limit` block when that is earlier."""
        deadline = time.monotonic() + self.total_timeout
        scope = _scope()
        return deadline if scope is None else min(deadline, scope[0])

    def _limit(self, deadline: float) -> str:
        """The limit that ``deadline`` stands for, in words."""
        scope = _scope()
        if scope is not None and scope[0] <= deadline:
            return scope[1]
        return f"the total time limit of {self.total_timeout:g} s"

    def _get(self, url: str, *, headers: dict[str, str], robots: bool, deadline: float,
             max_bytes: int) -> Page:
        outer = getattr(_DEADLINE, "value", None)
        _DEADLINE.value = deadline if outer is None else min(outer, deadline)
        try:
            return self._follow(url, headers=headers, robots=robots, deadline=deadline,
                                max_bytes=max_bytes)
        finally:
            _DEADLINE.value = outer

    def _follow(self, url: str, *, headers: dict[str, str], robots: bool, deadline: float,
                max_bytes: int) -> Page:
        requested = url
        seen: set[str] = set()
        current = url
        for hop in range(self.max_redirects + 1):
            key = current.split("#", 1)[0]
            if key in seen:
                raise TooManyRedirectsError(requested, f"redirect loop: {key} was already "
                                                       f"visited (after {hop} redirects)")
            seen.add(key)
            parsed = self._check_hop(requested, current, robots=robots, deadline=deadline)
            resp_page, location = self._one_request(requested, parsed, headers, deadline,
                                                    max_bytes)
            if location is None:
                assert resp_page is not None
                if hop:
                    log.debug("%s: reached %s after %d redirect(s)", requested, current, hop)
                return resp_page
            nxt = urljoin(current, location)
            log.debug("%s: hop %d redirects to %s", requested, hop + 1, nxt)
            if urlsplit(nxt).netloc.lower() != urlsplit(current).netloc.lower():
                headers = {k: v for k, v in headers.items()
                           if k.lower() not in ("authorization", "cookie")}
            current = nxt
        raise TooManyRedirectsError(
            requested, f"more than {self.max_redirects} redirects (last: {current})")

    def _check_hop(self, requested: str, current: str, *, robots: bool,
                   deadline: float) -> httpx.URL:
        """Scheme, address guard and robots.txt of one hop, before any connection to it."""
        try:
            parsed = httpx.URL(current)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchError(current, f"not a valid URL: {exc}") from exc
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise FetchError(current, f"scheme '{parsed.scheme}' is not allowed; "
                                      "only http and https URLs are fetched")
        host, port = _host_port(parsed)
        _vet(host, port, self.allow_hosts, current)
        if robots and not self._robots_allow(parsed, deadline):
            raise RobotsDisallowedError(current, f"robots.txt of {host} disallows "
                                                 f"'{self.user_agent}' here; skipped")
        return parsed

    def _wait_turn(self, host: str, deadline: float, url: str) -> None:
        if self.host_delay <= 0:
            return
        with _SLOTS_LOCK:
            now = time.monotonic()
            slot = max(now, _NEXT_SLOT.get(host, 0.0))
            if slot > deadline:
                # refused without taking the slot: a request never sent must not push
                # back every later request to the host (one feed's retries used to
                # starve the others of a whole run)
                raise TransientFetchError(url, f"would wait {slot - now:.1f} s for host "
                                               f"{host} beyond {self._limit(deadline)}")
            _NEXT_SLOT[host] = slot + self.host_delay
        wait = slot - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _timeout(self, deadline: float, url: str) -> httpx.Timeout:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TransientFetchError(url, f"{self._limit(deadline)} reached")
        t = min(self.timeout, left)
        return httpx.Timeout(t, connect=t, read=t, write=t, pool=t)

    def _one_request(self, requested: str, url: httpx.URL, headers: dict[str, str],
                     deadline: float, max_bytes: int, *, read_body: bool = True,
                     method: str = "GET", content: bytes | None = None,
                     ) -> tuple[Page | None, str | None]:
        """One hop: (Page, None) for a final answer, (None, Location) for a redirect."""
        shown = str(url)
        host, port = _host_port(url)
        self._wait_turn(f"{host}:{port}", deadline, shown)
        request = self._client.build_request(method, url, headers=headers, content=content,
                                             timeout=self._timeout(deadline, shown))
        try:
            resp = self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise TransientFetchError(shown, self._timeout_reason(exc, deadline)) from exc
        except httpx.TransportError as exc:
            cause: BaseException | None = exc
            while cause is not None:  # the connect-time guard's refusal, kept typed
                if isinstance(cause, BlockedHostError):
                    raise BlockedHostError(shown, cause.reason) from exc
                cause = cause.__cause__
            raise TransientFetchError(shown, f"connection failed: {exc}") from exc
        try:
            status = resp.status_code
            if status in _REDIRECTS:
                location = resp.headers.get("location")
                if not location:
                    raise HTTPStatusError(shown, status,
                                          f"HTTP {status} redirect without a Location header")
                return None, location
            if status == 304:
                return self._page(requested, shown, resp, b""), None
            if status == 429 or status == 408 or status >= 500:
                retry_after = parse_retry_after(resp.headers.get("retry-after"))
                hint = f", Retry-After {retry_after:g} s" if retry_after is not None else ""
                raise TransientFetchError(shown, f"HTTP {status}{hint} (temporary)",
                                          status=status, retry_after=retry_after)
            if status >= 400 or status < 200 or status >= 300:
                raise HTTPStatusError(shown, status, f"HTTP {status} "
                                      f"{resp.reason_phrase or ''}".rstrip()
                                      + "; not retried (check the URL)")
            body = self._read_body(resp, shown, deadline, max_bytes) if read_body else b""
            return self._page(requested, shown, resp, body), None
        finally:
            resp.close()

    def _read_body(self, resp: httpx.Response, url: str, deadline: float,
                   max_bytes: int) -> bytes:
        declared = resp.headers.get("content-length", "")
        enc = resp.headers.get("content-encoding", "")
        if declared.isdigit() and not enc and int(declared) > max_bytes:
            raise TooLargeError(url, f"Content-Length {declared} bytes is over the "
                                     f"{max_bytes}-byte cap; not downloaded")
        if resp.is_stream_consumed:  # an injected transport that built it in memory
            if len(resp.content) > max_bytes:
                raise TooLargeError(url, f"body is over the {max_bytes}-byte cap")
            return resp.content
        decoder = _Decoder(enc, url)
        parts: list[bytes] = []
        size = 0
        try:
            for raw in resp.iter_raw():
                for piece in decoder.feed(raw, max_bytes - size + 1):
                    size += len(piece)
                    if size > max_bytes:
                        what = " after decompression" if decoder._z is not None else ""
                        raise TooLargeError(url, f"body is over the {max_bytes}-byte cap"
                                                 f"{what}; download stopped")
                    parts.append(piece)
                if time.monotonic() > deadline:
                    raise TransientFetchError(
                        url, f"body still arriving at {self._limit(deadline)} "
                             f"({size} bytes so far); stopped")
        except httpx.TimeoutException as exc:
            raise TransientFetchError(url, f"{self._timeout_reason(exc, deadline)} after "
                                           f"{size} bytes of body") from exc
        except httpx.TransportError as exc:
            raise TransientFetchError(url, f"connection lost after {size} bytes: {exc}") from exc
        return b"".join(parts)

    def _timeout_reason(self, exc: httpx.TimeoutException, deadline: float) -> str:
        if time.monotonic() >= deadline - 0.01:
            return f"{self._limit(deadline)} reached"
        return f"timed out ({type(exc).__name__}, limit {self.timeout:g} s)"

    @staticmethod
    def _page(requested: str, final: str, resp: httpx.Response, body: bytes) -> Page:
        ctype = resp.headers.get("content-type")
        return Page(
            url=requested,
            final_url=final,
            status=resp.status_code,
            fetched_at=datetime.now(UTC),
            content_type=ctype,
            body=body,
            encoding=_charset(ctype),
            etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"),
            headers={k.lower(): v for k, v in resp.headers.items()},
        )

    # -- robots.txt ---------------------------------------------------------------

    def _robots_allow(self, url: httpx.URL, deadline: float) -> bool:
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._cached_robots(origin, deadline)
            parser = self._robots[origin]
        return parser is None or parser.can_fetch(self.user_agent, str(url))

    def _cached_robots(self, origin: str, deadline: float
                       ) -> urllib.robotparser.RobotFileParser | None:
        if self.robots_cache is None:
            return self._parser_or_none(origin, self._load_robots(origin, deadline)[1])
        with self.robots_cache.origin_lock(origin):
            found, text = self.robots_cache.get(origin)
            if found:
                log.debug("%s/robots.txt: from the cache %s", origin, self.robots_cache.path)
                return self._parser_or_none(origin, text)
            definite, text = self._load_robots(origin, deadline)
            if definite:
                self.robots_cache.put(origin, text)
        return self._parser_or_none(origin, text)

    @classmethod
    def _parser_or_none(cls, origin: str, text: str | None
                        ) -> urllib.robotparser.RobotFileParser | None:
        return None if text is None else cls._parser(origin, text)

    @staticmethod
    def _parser(origin: str, text: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        parser.parse(text.splitlines())
        return parser

    def _load_robots(self, origin: str, deadline: float) -> tuple[bool, str | None]:
        """(definite, text) of ``origin``'s robots.txt; text None allows everything,
        definite False when it could not be read (not to be cached)."""
        robots_url = origin + "/robots.txt"
        try:
            page = self._get(robots_url, headers={}, robots=False, deadline=deadline,
                             max_bytes=ROBOTS_MAX_BYTES)
        except HTTPStatusError as exc:  # 4xx: no rules (RFC 9309 §2.3.1.3)
            log.debug("%s: HTTP %s, crawling allowed", robots_url, exc.status)
            return True, None
        except BlockedHostError:
            raise
        except FetchError as exc:
            log.warning("%s: unavailable (%s); crawling allowed this run", robots_url,
                        exc.reason)
            return False, None
        return True, decode_html(page)
