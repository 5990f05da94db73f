"""The guarded fetcher against real loopback servers: every HTTP fault of issue 6.

Only loopback addresses are used: 127.0.0.1 is allowed, 127.0.0.2 and ``localhost``
stand for hosts that are not.
"""

from __future__ import annotations

import email.utils
import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpcore
import httpx
import pytest

from newstally.replay import WINDOWS_1252_TEXT, ReplayServer, Reply, Request
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
from pipeline.net import (
    USER_AGENT,
    Fetcher,
    _GuardedBackend,
    decode_html,
    parse_retry_after,
    with_retries,
)


@pytest.fixture
def quick() -> Iterator[Fetcher]:
    """Short limits for the hang and trickle faults."""
    with Fetcher(allow_hosts=["127.0.0.1"], timeout=0.5, total_timeout=1.0,
                 host_delay=0.0) as f:
        yield f


@pytest.fixture
def other_host(tmp_path: Path) -> Iterator[ReplayServer]:
    """A server on 127.0.0.2: loopback, but not in the fetcher's allow list."""
    (tmp_path / "page.html").write_text("<p>you should not see this</p>")
    with ReplayServer(tmp_path, host="127.0.0.2") as server:
        yield server


@pytest.fixture
def other_port(tmp_path: Path) -> Iterator[ReplayServer]:
    """A second server on 127.0.0.1, to be reached as ``localhost:<port>``."""
    (tmp_path / "page.html").write_text("<p>you should not see this either</p>")
    with ReplayServer(tmp_path) as server:
        yield server


def _peak_mb(fn: object) -> tuple[float, BaseException | None]:
    tracemalloc.start()
    err: BaseException | None = None
    try:
        fn()  # type: ignore[operator]
    except BaseException as exc:  # returned to the test
        err = exc
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak, err


# ------------------------------------------------------------------ plain answers


def test_ok_page_carries_response_facts(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    page = fetcher.get(replay_server.url("/pages/harbour.detainees-released.html"))
    assert page.status == 200
    assert b"Venezuela lets dozens of detainees go home" in page.body
    assert page.etag and page.last_modified
    assert page.encoding == "utf-8"
    assert page.final_url == page.url
    _method, _path, headers = replay_server.requests_to(
        "/pages/harbour.detainees-released.html")[-1]
    assert headers["user-agent"] == USER_AGENT


def test_304_returns_empty_page(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    url = replay_server.url("/pages/llanero.excarcelados.html")
    first = fetcher.get(url)
    again = fetcher.get(url, headers={"If-None-Match": first.etag or ""})
    assert again.status == 304 and again.body == b""
    by_date = fetcher.get(url, headers={"If-Modified-Since": first.last_modified or ""})
    assert by_date.status == 304


def test_gzip_page_is_decoded(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    page = fetcher.get(replay_server.url("/feeds/world.rss"))  # > 1 KB: served gzipped
    assert page.headers.get("content-encoding") == "gzip"
    assert page.body.startswith(b"<?xml")


# ------------------------------------------------------------------ status codes


def test_404_is_final(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    with pytest.raises(HTTPStatusError) as exc:
        fetcher.get(replay_server.url("/_fault/status/404"))
    assert exc.value.status == 404 and not exc.value.transient
    assert "404" in str(exc.value) and "/_fault/status/404" in str(exc.value)


@pytest.mark.parametrize("code", [500, 503])
def test_5xx_is_transient(replay_server: ReplayServer, fetcher: Fetcher, code: int) -> None:
    with pytest.raises(TransientFetchError) as exc:
        fetcher.get(replay_server.url(f"/_fault/status/{code}?retry_after=7"))
    assert exc.value.status == code and exc.value.transient
    assert exc.value.retry_after == 7


def test_429_retry_after_honoured_then_success(replay_server: ReplayServer,
                                               fetcher: Fetcher) -> None:
    path = "/_fault/retry-after/1/net-honoured"
    t0 = time.monotonic()
    page = with_retries(lambda: fetcher.get(replay_server.url(path)), attempts=3, max_wait=5)
    waited = time.monotonic() - t0
    assert page.status == 200 and b"second try" in page.body
    assert waited >= 0.95  # Retry-After: 1 was honoured
    assert len(replay_server.requests_to(path)) == 2


def test_429_retry_after_as_http_date(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    waits: list[float] = []
    path = "/_fault/retry-after-date/2/net-date"
    page = with_retries(lambda: fetcher.get(replay_server.url(path)), attempts=2,
                        max_wait=5, sleep=waits.append)
    assert page.status == 200
    assert len(waits) == 1 and 0.0 <= waits[0] <= 2.0


def test_retry_after_longer_than_cap_is_not_hammered(replay_server: ReplayServer,
                                                     fetcher: Fetcher) -> None:
    path = "/_fault/retry-after/3600/net-too-long"
    with pytest.raises(TransientFetchError) as exc:
        with_retries(lambda: fetcher.get(replay_server.url(path)), attempts=3, max_wait=2,
                     sleep=lambda s: pytest.fail("must not wait"))
    assert exc.value.retry_after == 3600
    assert len(replay_server.requests_to(path)) == 1


def test_final_errors_are_not_retried(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    calls: list[int] = []

    def once() -> Page:
        calls.append(1)
        return fetcher.get(replay_server.url("/_fault/status/404"))

    with pytest.raises(HTTPStatusError):
        with_retries(once, attempts=3, sleep=lambda s: None)
    assert len(calls) == 1


def test_parse_retry_after() -> None:
    now = time.time()
    assert parse_retry_after("120") == 120
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= (parse_retry_after(date, now=now) or 0) <= 31
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


# ------------------------------------------------------------------ time limits


def test_no_answer_times_out(replay_server: ReplayServer, quick: Fetcher) -> None:
    t0 = time.monotonic()
    with pytest.raises(TransientFetchError, match="timed out"):
        quick.get(replay_server.url("/_fault/hang"))
    assert time.monotonic() - t0 < 1.5


def test_trickling_body_hits_total_time_limit(replay_server: ReplayServer,
                                              quick: Fetcher) -> None:
    t0 = time.monotonic()
    with pytest.raises(TransientFetchError, match="total time limit"):
        quick.get(replay_server.url("/_fault/trickle"))
    assert time.monotonic() - t0 < 1.6  # total_timeout 1.0, though every read is on time


# ------------------------------------------------------------------ redirects


def test_redirect_chain_within_cap(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    page = fetcher.get(replay_server.url("/_fault/redirect/5"))
    assert page.status == 200
    assert page.url.endswith("/_fault/redirect/5")
    assert page.final_url.endswith("/_fault/redirect/0")


def test_more_redirects_than_cap(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    before = len(replay_server.requests_to("/_fault/redirect/"))
    with pytest.raises(TooManyRedirectsError, match="more than 5 redirects"):
        fetcher.get(replay_server.url("/_fault/redirect/6"))
    # 6 → 5 → … → 1 requested (the first request and 5 redirects), /redirect/0 never
    assert len(replay_server.requests_to("/_fault/redirect/")) - before == 6


def test_redirect_loop(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    before = len(replay_server.requests_to("/_fault/loop/"))
    with pytest.raises(TooManyRedirectsError, match="redirect loop"):
        fetcher.get(replay_server.url("/_fault/loop/a"))
    assert len(replay_server.requests_to("/_fault/loop/")) - before == 2  # a, b, stop


def test_redirect_into_robots_disallowed_path(replay_server: ReplayServer,
                                              fetcher: Fetcher) -> None:
    with pytest.raises(RobotsDisallowedError):
        fetcher.get(replay_server.url("/_fault/redirect-to?url=/private/staff-only.html"))
    assert replay_server.requests_to("/private/") == []


# ------------------------------------------------------------------ address guard


def test_redirect_to_another_loopback_host_is_refused(
    replay_server: ReplayServer, fetcher: Fetcher, other_host: ReplayServer
) -> None:
    target = other_host.url("/page.html")
    with pytest.raises(BlockedHostError) as exc:
        fetcher.get(replay_server.url(f"/_fault/redirect-to?url={target}"))
    assert "127.0.0.2" in str(exc.value) and "--allow-host" in str(exc.value)
    assert other_host.requests == []  # refused before any connection
    # the control: the same server answers a fetcher allowed to reach it
    with Fetcher(allow_hosts=["127.0.0.2"], host_delay=0, timeout=1) as allowed:
        assert allowed.get(target, robots=False).status == 200
    assert len(other_host.requests) == 1


def test_redirect_to_localhost_other_port_is_refused(
    replay_server: ReplayServer, fetcher: Fetcher, other_port: ReplayServer
) -> None:
    target = f"http://localhost:{other_port.port}/page.html"
    with pytest.raises(BlockedHostError, match="localhost"):
        fetcher.get(replay_server.url(f"/_fault/redirect-to?url={target}&status=301"))
    assert other_port.requests == []


def test_direct_request_to_blocked_host(fetcher: Fetcher, other_host: ReplayServer) -> None:
    with pytest.raises(BlockedHostError):
        fetcher.get(other_host.url("/page.html"))
    with pytest.raises(BlockedHostError):
        fetcher.redirect_location(other_host.url("/page.html"))
    assert other_host.requests == []


def test_allow_host_with_port_is_that_port_only(replay_server: ReplayServer,
                                                other_port: ReplayServer) -> None:
    with Fetcher(allow_hosts=[f"127.0.0.1:{replay_server.port}"], host_delay=0,
                 timeout=1) as f:
        assert f.get(replay_server.url("/pages/harbour.fishing-season.html")).status == 200
        with pytest.raises(BlockedHostError):
            f.get(other_port.url("/page.html"))
    assert other_port.requests == []


def test_guard_at_connect_time(other_host: ReplayServer) -> None:
    """A custom transport skips nothing: the default one re-checks when connecting."""
    backend = _GuardedBackend(frozenset())
    with pytest.raises(httpcore.ConnectError, match="loopback"):
        backend.connect_tcp("127.0.0.2", other_host.port, timeout=1)
    assert other_host.requests == []


def test_only_http_and_https(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="scheme 'file'"):
        fetcher.get("file:///etc/passwd")


# ------------------------------------------------------------------ size caps


def test_50mb_page_is_capped_while_streaming(replay_server: ReplayServer,
                                             fetcher: Fetcher) -> None:
    t0 = time.monotonic()
    peak, err = _peak_mb(lambda: fetcher.get(replay_server.url("/_fault/large/50")))
    assert isinstance(err, TooLargeError)
    assert "5000000-byte cap" in str(err)
    assert peak < 20, f"peak {peak:.1f} MB"  # never the 50 MB whole
    assert time.monotonic() - t0 < 5


def test_declared_oversize_body_is_not_downloaded(replay_server: ReplayServer,
                                                  fetcher: Fetcher) -> None:
    with pytest.raises(TooLargeError, match="Content-Length 50000000"):
        fetcher.get(replay_server.url("/_fault/large/50?length=1"))


def test_gzip_bomb_is_capped_after_decompression(replay_server: ReplayServer,
                                                 fetcher: Fetcher) -> None:
    t0 = time.monotonic()
    peak, err = _peak_mb(lambda: fetcher.get(replay_server.url("/_fault/gzip-bomb/4096")))
    assert isinstance(err, TooLargeError)
    assert "after decompression" in str(err)
    assert peak < 30, f"peak {peak:.1f} MB"
    assert time.monotonic() - t0 < 5


def test_small_gzip_and_raw_deflate_bodies(replay_server: ReplayServer,
                                           fetcher: Fetcher) -> None:
    text = b"<p>Foro Penal</p>" * 100
    raw = zlib.compressobj(wbits=-15)
    replay_server.route("/t/deflate-raw", lambda r: Reply(
        200, {"Content-Encoding": "deflate"}, raw.compress(text) + raw.flush()))
    replay_server.route("/t/gzip-two-members", lambda r: Reply(
        200, {"Content-Encoding": "gzip"}, gzip.compress(text) + gzip.compress(text)))
    replay_server.route("/t/brotli", lambda r: Reply(200, {"Content-Encoding": "br"}, b"x"))
    try:
        assert fetcher.get(replay_server.url("/t/deflate-raw")).body == text
        assert fetcher.get(replay_server.url("/t/gzip-two-members")).body == text * 2
        with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
            fetcher.get(replay_server.url("/t/brotli"))
    finally:
        for p in ("/t/deflate-raw", "/t/gzip-two-members", "/t/brotli"):
            replay_server.unroute(p)


# ------------------------------------------------------------------ robots.txt


def test_robots_disallow_and_cache(replay_server: ReplayServer) -> None:
    with Fetcher(allow_hosts=["127.0.0.1"], host_delay=0, timeout=1) as f:
        before = len(replay_server.requests_to("/robots.txt"))
        with pytest.raises(RobotsDisallowedError, match=r"robots\.txt"):
            f.get(replay_server.url("/private/staff-only.html"))
        f.get(replay_server.url("/pages/harbour.fishing-season.html"))
        assert len(replay_server.requests_to("/robots.txt")) - before == 1  # cached
        assert f.get(replay_server.url("/private/staff-only.html"), robots=False).status == 200


@pytest.mark.parametrize("robots_status", [404, 500])
def test_missing_or_broken_robots_allows(tmp_path: Path, robots_status: int,
                                         caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "page.html").write_text("<p>ok</p>")
    with ReplayServer(tmp_path) as server, Fetcher(allow_hosts=["127.0.0.1"], host_delay=0,
                                                   timeout=1) as f:
        server.route("/robots.txt", lambda r: Reply(robots_status, {}, b"no"))
        assert f.get(server.url("/page.html")).status == 200
    if robots_status >= 500:
        assert any("robots.txt" in r.getMessage() and "allowed" in r.getMessage()
                   for r in caplog.records)


def test_robots_timeout_allows(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>ok</p>")
    with ReplayServer(tmp_path) as server, Fetcher(allow_hosts=["127.0.0.1"], host_delay=0,
                                                   timeout=0.3, total_timeout=2) as f:
        server.route("/robots.txt", lambda r: Reply(200, {}, b"", delay=30))
        assert f.get(server.url("/page.html")).status == 200


# ------------------------------------------------------------------ politeness, batches


def test_fetch_many_keeps_order_and_survives_failures(replay_server: ReplayServer,
                                                      quick: Fetcher) -> None:
    urls = [
        replay_server.url("/pages/harbour.detainees-released.html"),
        replay_server.url("/_fault/status/404"),
        replay_server.url("/_fault/hang"),
        replay_server.url("/_fault/status/503"),
        replay_server.url("/pages/llanero.excarcelados.html"),
        "http://127.0.0.2:9/never",
    ]
    results = quick.fetch_many(urls, concurrency=4)
    assert [type(r).__name__ for r in results] == [
        "Page", "HTTPStatusError", "TransientFetchError", "TransientFetchError", "Page",
        "BlockedHostError",
    ]
    assert isinstance(results[4], Page) and b"presos pol" in results[4].body


def test_per_host_delay(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"p{i}.html").write_text(f"<p>{i}</p>")
    stamps: list[float] = []
    with ReplayServer(tmp_path) as server, Fetcher(allow_hosts=["127.0.0.1"], host_delay=0.2,
                                                   timeout=1) as f:
        def stamp(req: Request) -> Reply:
            stamps.append(time.monotonic())
            return server.static(req.path, req.headers)

        server.route("/p*", stamp)
        results = f.fetch_many([server.url(f"/p{i}.html") for i in range(3)], concurrency=3)
    assert all(isinstance(r, Page) for r in results)
    gaps = [b - a for a, b in zip(sorted(stamps), sorted(stamps)[1:], strict=False)]
    assert len(stamps) == 3 and min(gaps) >= 0.18, gaps


# ------------------------------------------------------------------ decoding


@pytest.mark.parametrize("declared", ["header", "meta", "none"])
def test_windows_1252_accents(replay_server: ReplayServer, fetcher: Fetcher,
                              declared: str) -> None:
    page = fetcher.get(replay_server.url(f"/_fault/windows-1252?declared={declared}"))
    text = decode_html(page)
    assert WINDOWS_1252_TEXT in text
    for word in ("contabilizó", "Muñoz", "«Seguimos esperando»", "€", "¡qué año!"):
        assert word in text


def test_decode_html_prefers_valid_declarations() -> None:
    def page(body: bytes, ctype: str | None) -> Page:
        from datetime import UTC, datetime
        enc = ctype.split("charset=")[-1] if ctype and "charset=" in ctype else None
        return Page("u", "u", 200, datetime.now(UTC), ctype, body, enc)

    assert decode_html(page("Caña".encode(), "text/html; charset=utf-8")) == "Caña"
    # header says ISO-8859-1 (which browsers read as windows-1252): the € survives
    assert decode_html(page("Año 2 €".encode("cp1252"), "text/html; charset=ISO-8859-1")) \
        == "Año 2 €"
    # a wrong declaration falls through to UTF-8
    assert decode_html(page("Acción".encode(), "text/html; charset=ascii")).endswith("ción")
    assert decode_html(page(b"\xef\xbb\xbfpresos", None)) == "presos"


def test_redirect_without_location(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    replay_server.route("/t/bare-302", lambda r: Reply(302, {}, b""))
    try:
        with pytest.raises(HTTPStatusError, match="without a Location"):
            fetcher.get(replay_server.url("/t/bare-302"))
    finally:
        replay_server.unroute("/t/bare-302")


def test_injected_transport_is_used() -> None:
    """The edge-case hook: an injected transport (here httpx.MockTransport) replaces
    the network; the address guard still runs before it."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>x</p>")

    with Fetcher(allow_hosts=["127.0.0.1"], transport=httpx.MockTransport(answer),
                 host_delay=0) as f:
        assert f.get("http://127.0.0.1:1/x", robots=False).body == b"<p>x</p>"
        with pytest.raises(BlockedHostError):
            f.get("http://127.0.0.2:1/x", robots=False)
    assert seen == ["http://127.0.0.1:1/x"]


def test_credentials_in_urls_never_reach_errors(replay_server: ReplayServer,
                                                fetcher: Fetcher) -> None:
    url = replay_server.url("/_fault/status/404").replace("//", "//reader:s3cret@")
    with pytest.raises(HTTPStatusError) as exc:
        fetcher.get(url)
    assert "s3cret" not in str(exc.value) and "s3cret" not in exc.value.url
    assert "***@" in str(exc.value)
    [result] = fetcher.fetch_many([url])
    assert isinstance(result, FetchError) and "s3cret" not in str(result)


def test_replay_server_stops_while_a_request_hangs(tmp_path: Path) -> None:
    server = ReplayServer(tmp_path).start()
    outcome: list[str] = []

    def client() -> None:
        with Fetcher(allow_hosts=["127.0.0.1"], host_delay=0, timeout=10,
                     total_timeout=10) as f:
            try:
                f.get(server.url("/_fault/hang"), robots=False)
            except FetchError as exc:
                outcome.append(type(exc).__name__)

    t = threading.Thread(target=client, daemon=True)
    t.start()
    deadline = time.monotonic() + 2
    while not server.requests_to("/_fault/hang") and time.monotonic() < deadline:
        time.sleep(0.01)
    t0 = time.monotonic()
    server.stop()
    t.join(timeout=3)
    assert time.monotonic() - t0 < 3
    assert outcome == ["TransientFetchError"]  # the hanging answer ended with the server


def test_headers_that_trickle_hit_total_time_limit(replay_server: ReplayServer,
                                                   quick: Fetcher) -> None:
    t0 = time.monotonic()
    with pytest.raises(TransientFetchError, match="total time limit"):
        quick.get(replay_server.url("/_fault/slow-headers"))
    assert time.monotonic() - t0 < 1.6  # each 4 bytes arrive in time; the whole does not


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "127.1", "[::1]", "0.0.0.0"])
def test_other_spellings_of_loopback_are_refused(fetcher: Fetcher, host: str) -> None:
    """Only the allowed spelling (127.0.0.1) passes; the guard resolves the others."""
    with pytest.raises(BlockedHostError):
        fetcher.get(f"http://{host}:9/")


def test_redirect_to_another_scheme_is_refused(replay_server: ReplayServer,
                                               fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="scheme 'file'"):
        fetcher.get(replay_server.url("/_fault/redirect-to?url=file:///etc/passwd"))


def test_per_host_delay_holds_across_fetchers(tmp_path: Path) -> None:
    """The flow makes one Fetcher per task; two tasks still space their requests."""
    (tmp_path / "p.html").write_text("<p>x</p>")
    stamps: list[float] = []
    with ReplayServer(tmp_path) as server:
        def stamp(req: Request) -> Reply:
            stamps.append(time.monotonic())
            return server.static("/p.html", req.headers)

        server.route("/p*", stamp)
        fetchers = [Fetcher(allow_hosts=["127.0.0.1"], host_delay=0.2, timeout=1)
                    for _ in range(2)]
        threads = [threading.Thread(target=f.get, args=(server.url(f"/p{i}"),),
                                    kwargs={"robots": False}) for i, f in enumerate(fetchers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for f in fetchers:
            f.close()
    assert len(stamps) == 2 and abs(stamps[1] - stamps[0]) >= 0.18


def test_post_form_goes_through_the_same_guards(replay_server, fetcher):
    from pipeline.errors import BlockedHostError as Blocked

    port = replay_server.base_url.rsplit(":", 1)[1]
    with pytest.raises(Blocked):
        fetcher.post_form(f"http://127.0.0.2:{port}/anything", "a=1")
    with pytest.raises(HTTPStatusError, match="405"):
        fetcher.post_form(replay_server.url("/feeds/en.rss"), "a=1")
