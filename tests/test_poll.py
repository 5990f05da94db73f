"""Polling feeds over real loopback HTTP: formats, conditional GET, and hostile feeds.

``poll_feed`` never raises for one bad feed; each failure is a PollResult with
status "error" and a message that names the feed and what to do.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstally.replay import ReplayServer
from pipeline.models import Source
from pipeline.net import Fetcher
from pipeline.poll import PollResult, poll_feed

SITE = Path(__file__).parent / "fixtures" / "site"


def _source(server: ReplayServer, path: str, *, kind: str = "rss", language: str = "en",
            name: str | None = None) -> Source:
    return Source(name=name or f"test {path}", url=server.url(path), kind=kind,
                  language=language)


@pytest.fixture
def quick() -> Iterator[Fetcher]:
    with Fetcher(allow_hosts=["127.0.0.1"], timeout=0.5, total_timeout=1.0,
                 host_delay=0.0) as f:
        yield f


# ------------------------------------------------------------------ formats


def test_rss20(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/feeds/world.rss"), fetcher)
    assert res.status == "ok" and res.http_status == 200 and res.error is None
    assert res.feed_version == "rss20"
    assert res.etag and res.last_modified and res.body_sha256
    titles = [e.title for e in res.entries]
    assert titles[0] == "Venezuela lets dozens of detainees go home"
    first = res.entries[0]
    assert first.published == datetime(2024, 12, 14, 10, 0, tzinfo=UTC)
    assert first.guid == "harbour-1001" and first.language == "en"
    assert first.source == "test /feeds/world.rss"
    assert first.canonical_url == replay_server.url("/pages/harbour.detainees-released.html")
    assert first.summary and "<p>" not in first.summary
    assert res.duration_ms >= 0


def test_duplicate_guid_and_same_link_twice_give_one_entry(replay_server: ReplayServer,
                                                          fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/feeds/world.rss"), fetcher)
    page = replay_server.url("/pages/harbour.detainees-released.html")
    assert [e.canonical_url for e in res.entries].count(page) == 1
    assert sum("duplicate GUID harbour-1001" in s for s in res.skipped) == 1
    assert sum("duplicate link" in s for s in res.skipped) == 1


def test_entry_without_link_is_skipped_with_reason(replay_server: ReplayServer,
                                                   fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/feeds/world.rss"), fetcher)
    assert all("Maduro's government" not in (e.title or "") for e in res.entries)
    assert any("Maduro's government" in s and "no http(s) link" in s for s in res.skipped)


def test_entry_without_date_is_kept(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/feeds/world.rss"), fetcher)
    undated = [e for e in res.entries if e.url.endswith("/pages/harbour.undated.html")]
    assert len(undated) == 1 and undated[0].published is None


def test_markup_in_titles_is_plain_text(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/feeds/world.rss"), fetcher)
    undated = next(e for e in res.entries if e.url.endswith("/pages/harbour.undated.html"))
    assert undated.title and "Venezuela: rights groups count the detained" in undated.title
    assert "<" not in undated.title and ">" not in undated.title


def test_atom(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/feeds/latam.atom", kind="atom", language="es"),
                    fetcher)
    assert res.status == "ok" and res.feed_version == "atom10"
    first = res.entries[0]
    assert first.title == "Excarcelan a presos políticos en Venezuela"
    assert first.published == datetime(2024, 11, 20, 2, 15, tzinfo=UTC)  # -04:00 → UTC
    assert first.guid == "urn:test:llanero:2001" and first.language == "es"
    # no <published>: the <updated> date is used
    assert res.entries[1].published == datetime(2024, 11, 18, 10, 0, tzinfo=UTC)


def test_google_news_shaped(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/feeds/gnews.rss", kind="google_news"), fetcher)
    assert res.status == "ok" and len(res.entries) == 2
    e = res.entries[0]
    assert e.title == "Venezuela lets dozens of detainees go home"  # " - Outlet" removed
    assert e.publisher == "Harbour Gazette"
    assert e.publisher_url == replay_server.url("/")
    assert "/gnews/rss/articles/CBMi" in e.url
    assert res.entries[1].publisher == "Diario Llanero"


# ------------------------------------------------------------------ conditional GET


def test_conditional_get_304(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    src = _source(replay_server, "/feeds/latam.atom", kind="atom")
    first = poll_feed(src, fetcher)
    again = poll_feed(src, fetcher, etag=first.etag, last_modified=first.last_modified,
                      body_sha256=first.body_sha256)
    assert again.status == "not_modified" and again.http_status == 304
    assert again.entries == [] and again.error is None
    assert (again.etag, again.last_modified, again.body_sha256) == (
        first.etag, first.last_modified, first.body_sha256)
    _m, _p, headers = replay_server.requests_to("/feeds/latam.atom")[-1]
    assert headers["if-none-match"] == first.etag
    assert headers["if-modified-since"] == first.last_modified
    by_date = poll_feed(src, fetcher, last_modified=first.last_modified)
    assert by_date.status == "not_modified"


def test_server_ignoring_conditional_get_is_caught_by_hash(fetcher: Fetcher) -> None:
    with ReplayServer(SITE) as server:
        server.ignore_conditional("/feeds/world.rss")
        src = _source(server, "/feeds/world.rss")
        first = poll_feed(src, fetcher)
        again = poll_feed(src, fetcher, etag=first.etag, last_modified=first.last_modified,
                          body_sha256=first.body_sha256)
    assert again.http_status == 200  # the server sent the whole body again
    assert again.status == "unchanged" and again.entries == []
    assert again.body_sha256 == first.body_sha256


def test_changed_body_is_ok_again(tmp_path: Path, fetcher: Fetcher) -> None:
    (tmp_path / "feed.rss").write_bytes((SITE / "feeds" / "world.rss").read_bytes())
    with ReplayServer(tmp_path) as server:
        server.ignore_conditional("/feed.rss")
        src = _source(server, "/feed.rss")
        first = poll_feed(src, fetcher)
        text = (tmp_path / "feed.rss").read_text().replace("Fishing season", "Harvest")
        (tmp_path / "feed.rss").write_text(text)
        again = poll_feed(src, fetcher, body_sha256=first.body_sha256)
    assert again.status == "ok" and again.body_sha256 != first.body_sha256


# ------------------------------------------------------------------ failures, recorded


@pytest.mark.parametrize(("path", "status", "transient"), [
    ("/_fault/status/404", 404, False),
    ("/_fault/status/500", 500, True),
    ("/_fault/status/503", 503, True),
])
def test_http_errors_are_recorded(replay_server: ReplayServer, fetcher: Fetcher, path: str,
                                  status: int, transient: bool) -> None:
    res = poll_feed(_source(replay_server, path, name="Broken Desk"), fetcher,
                    etag='"old"', body_sha256="abc")
    assert res.status == "error" and res.http_status == status
    assert res.transient is transient
    assert res.error and "feed 'Broken Desk'" in res.error and str(status) in res.error
    assert res.etag == '"old"' and res.body_sha256 == "abc"  # state kept for next time


def test_404_message_says_what_to_do(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/feeds/gone.rss"), fetcher)
    assert res.error and "check the feed URL in the sources file" in res.error


def test_timeout_is_recorded(replay_server: ReplayServer, quick: Fetcher) -> None:
    t0 = time.monotonic()
    res = poll_feed(_source(replay_server, "/_fault/hang", name="Silent"), quick)
    assert time.monotonic() - t0 < 1.5
    assert res.status == "error" and res.transient and res.http_status is None
    assert res.error and "Silent" in res.error and "timed out" in res.error


def test_429_then_success_with_attempts(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    path = "/_fault/retry-after/1/poll-429?then=/feeds/latam.atom"
    t0 = time.monotonic()
    res = poll_feed(_source(replay_server, path, kind="atom"), fetcher, attempts=2, max_wait=3)
    assert time.monotonic() - t0 >= 0.95
    assert res.status == "ok" and len(res.entries) == 2
    assert len(replay_server.requests_to("/_fault/retry-after/1/poll-429")) == 2


def test_garbage_is_an_error(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/_fault/garbage", name="Noise"), fetcher)
    assert res.status == "error" and res.http_status == 200
    assert res.error and "feed 'Noise'" in res.error and "not RSS or Atom" in res.error
    assert res.body_sha256 is None  # not remembered: the next poll parses again


def test_html_bot_wall_is_an_error(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    res = poll_feed(_source(replay_server, "/_fault/bot-wall", name="Walled"), fetcher)
    assert res.status == "error" and res.entries == []
    assert res.error and "HTML page" in res.error and "open the URL in a browser" in res.error


def test_blocked_feed_host_is_refused_and_recorded(fetcher: Fetcher, tmp_path: Path) -> None:
    (tmp_path / "feed.rss").write_bytes((SITE / "feeds" / "world.rss").read_bytes())
    with ReplayServer(tmp_path, host="127.0.0.2") as other:
        res = poll_feed(_source(other, "/feed.rss", name="Inside"), fetcher)
        assert other.requests == []
    assert res.status == "error" and res.error and "--allow-host" in res.error


def test_billion_laughs_no_memory_blow_up(replay_server: ReplayServer,
                                          fetcher: Fetcher) -> None:
    tracemalloc.start()
    t0 = time.monotonic()
    res = poll_feed(_source(replay_server, "/_fault/billion-laughs"), fetcher)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    assert time.monotonic() - t0 < 5
    assert peak < 50, f"peak {peak:.1f} MB"  # 10^9 'lol's expanded would be GBs
    for e in res.entries:  # whatever is kept is small, never the expansion
        assert len(e.title or "") < 1000 and len(e.summary or "") < 1000


def test_one_bad_feed_never_stops_the_others(replay_server: ReplayServer,
                                             quick: Fetcher) -> None:
    paths = ["/_fault/status/500", "/_fault/hang", "/_fault/garbage", "/feeds/world.rss",
             "/_fault/bot-wall", "/feeds/latam.atom"]
    results: list[PollResult] = [poll_feed(_source(replay_server, p), quick) for p in paths]
    assert [r.status for r in results] == ["error", "error", "error", "ok", "error", "ok"]
    assert all(r.error for r in results if r.status == "error")
