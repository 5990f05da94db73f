"""A run's time is bounded and robots.txt is asked for once per host and TTL (issue 11).

Hostile feeds are served by a real loopback server beside the bundled replay's good feeds:
one that accepts and never answers, one that dribbles its body a byte at a time for ever.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbq import q

from newstally.replay import ReplayServer, Reply, Request
from pipeline.net import Fetcher, RobotsCache

REPLAY = Path(__file__).parents[1] / "newstally" / "replay"
FAST = {"host_delay": 0.0, "refetch_days": 0}



def _dribble(req: Request) -> Reply:
    server = req.server

    def body() -> Iterator[bytes]:
        yield b"<?xml version='1.0'?><rss version='2.0'><channel><title>slow</title>"
        while not server.stopping.wait(0.2):
            yield b" "

    return Reply(200, {"Content-Type": "application/rss+xml"}, body())


def _hang(req: Request) -> Reply:
    return Reply(200, {}, b"", delay=30)


@pytest.fixture
def hostile() -> Iterator[ReplayServer]:
    with ReplayServer(REPLAY) as server:
        server.route("/hostile/dribble.rss", _dribble)
        server.route("/hostile/hang.rss", _hang)
        yield server


def _sources(tmp_path: Path, server: ReplayServer) -> Path:
    text = (REPLAY / "sources.toml").read_text(encoding="utf-8")
    for name, path in (("Dribbling feed", "/hostile/dribble.rss"),
                       ("Hanging feed", "/hostile/hang.rss")):
        text += (f'\n[[source]]\nname = "{name}"\nurl = "{{{{BASE}}}}{path}"\n'
                 'kind = "rss"\nlanguage = "en"\n')
    p = tmp_path / "sources.toml"
    p.write_text(text, encoding="utf-8")
    return p


def _ingest(server: ReplayServer, db: Path, sources: Path, **settings: Any) -> dict[str, Any]:
    from flows.ingest import ingest

    return ingest(sources=str(sources), db=str(db), allow_hosts=["127.0.0.1"],
                  base_url=server.base_url, overrides={**FAST, **settings})


@pytest.mark.prefect
def test_hanging_and_dribbling_feeds_are_cut_at_the_feed_deadline(
        prefect_harness: None, hostile: ReplayServer, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    # without deadlines: 3 tries x 3 s + 2 waits = 10 s for each hostile feed
    t0 = time.monotonic()
    summary = _ingest(hostile, db, _sources(tmp_path, hostile), timeout=3.0,
                      total_timeout=3.0, retries=2, retry_delay=0.5, feed_deadline=4.0,
                      poll_deadline=30.0)
    took = time.monotonic() - t0
    feeds = {f["source"]: f for f in summary["feeds"]}
    for name in ("Dribbling feed", "Hanging feed"):
        assert feeds[name]["status"] == "error", feeds[name]
        assert "the feed deadline of 4 s (retries included)" in feeds[name]["error"], feeds[name]
    assert all(f["status"] == "ok" for n, f in feeds.items()
               if n not in ("Dribbling feed", "Hanging feed")), feeds
    assert took < 9.5, f"run took {took:.1f} s"
    rows = dict(q(db, "SELECT source, error FROM feed_polls WHERE status = 'error'"))
    assert set(rows) == {"Dribbling feed", "Hanging feed"}
    assert all("deadline" in e for e in rows.values()), rows


@pytest.mark.prefect
def test_the_poll_phase_deadline_cuts_feeds_still_polling(
        prefect_harness: None, hostile: ReplayServer, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    t0 = time.monotonic()
    summary = _ingest(hostile, db, _sources(tmp_path, hostile), timeout=30.0,
                      total_timeout=60.0, retries=2, retry_delay=1.0, feed_deadline=60.0,
                      poll_deadline=3.0)
    took = time.monotonic() - t0
    feeds = {f["source"]: f for f in summary["feeds"]}
    for name in ("Dribbling feed", "Hanging feed"):
        assert "the poll-phase deadline of 3 s" in feeds[name]["error"], feeds[name]
    assert feeds["World Desk (EN)"]["status"] == "ok"
    assert took < 8, f"run took {took:.1f} s"


# ------------------------------------------------------------------ robots.txt cache


@pytest.mark.prefect
def test_a_second_run_asks_for_no_robots_txt_until_it_expires(
        prefect_harness: None, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with ReplayServer(REPLAY) as server:
        _ingest(server, db, REPLAY / "sources.toml", robots_ttl=3.0)
        first = len(server.requests_to("/robots.txt"))
        assert first == 1  # one host: asked once, even by polls side by side
        assert Path(f"{db}.robots.json").is_file()
        _ingest(server, db, REPLAY / "sources.toml", robots_ttl=3.0)
        assert len(server.requests_to("/robots.txt")) == first  # none in the second run
        time.sleep(3.2)
        _ingest(server, db, REPLAY / "sources.toml", robots_ttl=3.0)
        assert len(server.requests_to("/robots.txt")) == first + 1  # expired: read again


def test_robots_cache_is_shared_across_fetchers_and_survives_a_broken_file(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (tmp_path / "site" / "page.html").write_text("<p>ok</p>")
    path = tmp_path / "w.duckdb.robots.json"
    path.write_text("{not json", encoding="utf-8")
    with ReplayServer(tmp_path / "site") as server:
        for _ in range(2):  # a new cache object each time, as in a new process
            with Fetcher(allow_hosts=["127.0.0.1"], host_delay=0, timeout=1,
                         robots_cache=RobotsCache(path, ttl=60)) as f:
                assert f.get(server.url("/page.html")).status == 200
        assert len(server.requests_to("/robots.txt")) == 1
        assert "unreadable" in caplog.text
        with Fetcher(allow_hosts=["127.0.0.1"], host_delay=0, timeout=1,
                     robots_cache=RobotsCache(path, ttl=60)) as f:
            from pipeline.errors import RobotsDisallowedError

            with pytest.raises(RobotsDisallowedError):  # the cached rules still apply
                f.get(server.url("/private/x.html"))
        assert len(server.requests_to("/robots.txt")) == 1
