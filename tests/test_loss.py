"""Issue 11, "articles lost or fetched again": real flow runs through Prefect against a
generated site served by a real loopback ReplayServer; requests are counted on the server.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import loss_site as ls
import pytest
from test_flow import q, run_ingest

from newstally.replay import ReplayServer, Reply, Request

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def _changing_feed(root: Path, name: str):
    """A feed whose body changes on every request (a new lastBuildDate), as many real
    feeds do: every run parses it again and meets every entry again."""
    def handler(req: Request) -> Reply:
        body = (root / "feeds" / name).read_text(encoding="utf-8")
        body = body.replace("{{BASE}}", req.server.base_url).replace(
            "<channel>", f"<channel><lastBuildDate>{time.time_ns()}</lastBuildDate>", 1)
        return Reply(200, {"Content-Type": "application/rss+xml"}, body.encode())
    return handler


def _pages(server: ReplayServer) -> list[str]:
    return [r[1] for r in server.requests
            if r[1].startswith(("/sites/", "/redir/", "/gn/", "/flaky/"))]


def test_copies_and_rejected_pages_are_held_so_a_rerun_asks_for_nothing(tmp_path):
    """A link redirecting to a held article, two aggregator links to one article, an
    aggregator link to a held article, an exact copy, an off-topic page: after one run,
    a run over the same (re-generated) feeds makes no page request."""
    root = tmp_path / "site"
    ls.write_articles(root, [1, 2])
    (root / "sites/gazette/copy1.html").write_text(ls.article_html(1, slug="a1"),
                                                   encoding="utf-8")
    (root / "sites/gazette/baseball.html").write_text(
        "<html><head><title>Caracas wins the pennant</title></head><body><article>"
        + "<p>The Caracas team won the final game of the season in front of a full stadium "
          "of cheering fans who sang until the lights went out.</p>" * 4
        + "</article></body></html>", encoding="utf-8")
    a1 = "{{BASE}}/sites/gazette/a1.html"
    ls.write_feed(root, "one.rss", [ls.item(a1, title="Venezuela arrests one")])
    gn = ["CBMi" + c * 22 for c in "ABC"]
    ls.write_feed(root, "two.rss", [
        ls.item("{{BASE}}/redir/a1", title="Venezuela arrests, via a redirect"),
        ls.item("{{BASE}}/sites/gazette/copy1.html", title="Venezuela arrests, a copy"),
        ls.item("{{BASE}}/sites/gazette/baseball.html", title="Venezuela baseball"),
        *(ls.item(f"{{{{BASE}}}}/gn/rss/articles/{g}", title=f"Venezuela arrests {g[4]}")
          for g in gn),
    ])
    one = ls.source_block("One", "{{BASE}}/live/one.rss")
    db = tmp_path / "w.duckdb"
    with ReplayServer(root) as srv:
        srv.route("/live/one.rss", _changing_feed(root, "one.rss"))
        srv.route("/live/two.rss", _changing_feed(root, "two.rss"))
        srv.redirect("/redir/a1", "/sites/gazette/a1.html")
        srv.redirect(f"/gn/rss/articles/{gn[0]}", "/sites/gazette/a1.html")  # held
        srv.redirect(f"/gn/rss/articles/{gn[1]}", "/sites/gazette/a2.html")
        srv.redirect(f"/gn/rss/articles/{gn[2]}", "/sites/gazette/a2.html")  # same as B
        run_ingest(srv, db, sources=ls.write_sources(tmp_path / "one.toml", [one]))
        both = ls.write_sources(tmp_path / "both.toml", [
            one, ls.source_block("Two", "{{BASE}}/live/two.rss", kind="google_news")])
        first = run_ingest(srv, db, sources=both)
        assert first["totals"]["new_articles"] == 1  # a2; the rest is held, copied, rejected
        outcomes = dict(q(db, "SELECT url, outcome FROM pages"))
        assert outcomes[srv.url("/redir/a1")] == "duplicate"
        assert outcomes[srv.url(f"/gn/rss/articles/{gn[0]}")] == "duplicate"
        assert outcomes[srv.url(f"/gn/rss/articles/{gn[2]}")] == "duplicate"
        assert outcomes[srv.url("/sites/gazette/baseball.html")] == "rejected"
        srv.clear_requests()
        again = run_ingest(srv, db, sources=both)
        assert {f["status"] for f in again["feeds"]} == {"ok"}  # feeds read again
        assert _pages(srv) == []  # and no page asked for twice
        assert again["totals"]["new_articles"] == 0
    held = q(db, "SELECT outcome, count(*) FROM page_attempts GROUP BY 1 ORDER BY 1")
    assert held == [("fetched", 5), ("held", 2)], held  # first runs only


def _flaky(fail: dict[str, int]):
    """/flaky/<how>/<n>: fails ``fail[key]`` times as <how> says, then serves article n."""
    def handler(req: Request) -> Reply:
        how, _, n = req.rest.strip("/").partition("/")
        key = f"{how}/{n}"
        if req.server.counter(key) <= fail.get(key, 0):
            if how == "hang":
                return Reply(200, {"Content-Type": "text/html"}, b"late", delay=3.0)
            return Reply(int(how), {"Content-Type": "text/html"}, b"<p>not now</p>")
        return Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                     ls.article_html(int(n), slug=f"flaky-{n}").encode())
    return handler


def test_transient_page_failures_are_retried_on_later_runs_with_back_off(tmp_path):
    """A 503, a 404 before the page goes live, a timeout, a DNS failure: retried on the
    next runs although the feed is unchanged (304), each attempt recorded, and given up
    after page_retries; a 410 is permanent and never asked again."""
    root = tmp_path / "site"
    items = [ls.item("{{BASE}}/flaky/" + k, title=f"Venezuela arrests {k}")
             for k in ("503/1", "404/2", "hang/3", "410/4", "503/5")]
    items.append(ls.item("http://no-such-host.invalid/story.html",
                         title="Venezuela arrests on a host that does not resolve"))
    ls.write_feed(root, "flaky.rss", items)
    src = ls.write_sources(tmp_path / "s.toml", [
        ls.source_block("Flaky", "{{BASE}}/feeds/flaky.rss")])
    db = tmp_path / "w.duckdb"
    # 503/1 and 404/2 fail once, hang/3 twice, 410/4 always; 503/5 always (gives up)
    fail = {"503/1": 1, "404/2": 1, "hang/3": 2, "410/4": 99, "503/5": 99}
    opts = {"page_retries": 2, "page_retry_backoff": 0.0, "timeout": 1.0,
            "total_timeout": 2.0}
    with ReplayServer(root) as srv:
        srv.route("/flaky/*", _flaky(fail))
        first = run_ingest(srv, db, sources=src, **opts)
        assert first["totals"]["new_articles"] == 0
        assert q(db, "SELECT count(*) FROM articles WHERE NOT is_seed") == [(0,)]
        rows = dict(q(db, "SELECT url, outcome FROM page_attempts"))
        assert rows[srv.url("/flaky/410/4")] == "permanent"
        assert {rows[srv.url(f"/flaky/{k}")] for k in ("503/1", "404/2", "hang/3", "503/5")} \
            == {"transient"}
        assert rows["http://no-such-host.invalid/story.html"] == "transient"

        srv.clear_requests()
        second = run_ingest(srv, db, sources=src, **opts)
        assert second["feeds"][0]["status"] == "not_modified"
        asked = _pages(srv)
        assert "/flaky/410/4" not in asked and len(asked) == 4, asked
        got = {u for (u,) in q(db, "SELECT url FROM articles WHERE NOT is_seed")}
        assert got == {srv.url("/flaky/503/1"), srv.url("/flaky/404/2")}

        srv.clear_requests()
        run_ingest(srv, db, sources=src, **opts)
        assert sorted(_pages(srv)) == ["/flaky/503/5", "/flaky/hang/3"]  # third attempts
        got = {u for (u,) in q(db, "SELECT url FROM articles WHERE NOT is_seed")}
        assert srv.url("/flaky/hang/3") in got

        srv.clear_requests()
        run_ingest(srv, db, sources=src, **opts)
        assert _pages(srv) == []  # 503/5 and the DNS failure gave up after 3 attempts
    last = dict(q(db, "SELECT url, max_by(outcome, attempt) FROM page_attempts GROUP BY 1"))
    assert last[srv.url("/flaky/503/5")] == "gave_up"
    assert last["http://no-such-host.invalid/story.html"] == "gave_up"
    assert q(db, "SELECT attempt, http_status FROM page_attempts WHERE url LIKE '%503/5' "
                 "ORDER BY attempt") == [(1, 503), (2, 503), (3, 503)]
    err = q(db, "SELECT outcome, reason FROM pages WHERE url LIKE '%503/5'")
    assert err and err[0][0] == "error" and "gave up after 3 attempt(s)" in err[0][1]


def test_back_off_holds_a_failed_page_until_its_next_attempt(tmp_path):
    """With a back-off, the second retry waits: a run before next_attempt_at does not ask
    for the page even when its feed lists it again; `read_page_retries` shows it pending."""
    from warehouse.db import reader
    from warehouse.read import read_page_retries

    root = tmp_path / "site"
    ls.write_feed(root, "f.rss", [ls.item("{{BASE}}/flaky/503/7", title="Venezuela arrests")])
    src = ls.write_sources(tmp_path / "s.toml", [
        ls.source_block("F", "{{BASE}}/live/f.rss")])
    db = tmp_path / "w.duckdb"
    with ReplayServer(root) as srv:
        srv.route("/flaky/*", _flaky({"503/7": 99}))
        srv.route("/live/f.rss", _changing_feed(root, "f.rss"))
        opts = {"page_retry_backoff": 2.0}
        run_ingest(srv, db, sources=src, **opts)
        run_ingest(srv, db, sources=src, **opts)  # first retry: due at once
        srv.clear_requests()
        run_ingest(srv, db, sources=src, **opts)  # second retry waits 2 h
        assert _pages(srv) == []
    with reader(db) as conn:
        (row,) = read_page_retries(conn)
    assert row["url"] == srv.url("/flaky/503/7") and row["attempts"] == 2
    wait = row["next_attempt_at"] - datetime.now(UTC)
    assert timedelta(hours=1.9) < wait <= timedelta(hours=2), wait

    from click.testing import CliRunner

    from newstally.cli import main

    res = CliRunner().invoke(main, ["retries", "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    (listed,) = [json.loads(line) for line in res.output.splitlines() if line.strip()]
    assert listed["url"] == srv.url("/flaky/503/7") and listed["attempts"] == 2
    assert listed["http_status"] == 503 and "503" in listed["error"]


HOSTILE = [
    ("Malformed", "/feeds/malformed.rss"), ("Broken 500", "/_fault/status/500"),
    ("Bot wall", "/_fault/bot-wall"), ("Empty", "/feeds/empty.rss"),
    ("Huge", "/_fault/large/8"), ("Garbage", "/_fault/garbage"),
    ("Laughs", "/_fault/billion-laughs"), ("Missing", "/feeds/missing.rss"),
    ("Hangs", "/_fault/hang"), ("Trickles", "/_fault/trickle"),
    ("Bomb", "/_fault/gzip-bomb/64"),
]


def test_duplicate_guids_and_links_give_one_article_beside_hostile_feeds(tmp_path):
    """One feed repeats a GUID and a link (also with a tracking parameter); eleven hostile
    feeds share its host. It gives exactly one article per page; a 429 feed with
    Retry-After 1 s is retried in the same run and its entry taken."""
    root = tmp_path / "site"
    ls.write_articles(root, [1, 2, 9])
    a1 = "{{BASE}}/sites/gazette/a1.html"
    ls.write_feed(root, "dups.rss", [
        ls.item(a1, title="Venezuela arrests one", guid="g-1"),
        ls.item(a1, title="Venezuela arrests one, again", guid="g-1"),
        ls.item(a1 + "?utm_source=feed", title="Venezuela arrests one, tracked", guid="g-2"),
        ls.item("{{BASE}}/sites/gazette/a2.html", title="Venezuela arrests two", guid="g-3"),
        ls.item("{{BASE}}/sites/gazette/a2.html", title="Venezuela arrests two", guid="g-3"),
    ])
    ls.write_feed(root, "f429.rss", [ls.item("{{BASE}}/sites/gazette/a9.html",
                                             title="Venezuela arrests nine")])
    (root / "feeds/malformed.rss").write_text(
        "<rss><channel><item><title>Venezuela</title><link>{{BASE}}/x</lin", encoding="utf-8")
    (root / "feeds/empty.rss").write_text("", encoding="utf-8")
    blocks = [ls.source_block("Dups", "{{BASE}}/feeds/dups.rss"),
              ls.source_block("Busy", "{{BASE}}/_fault/retry-after/1/busy?then=feeds/f429.rss")]
    blocks += [ls.source_block(n, "{{BASE}}" + p) for n, p in HOSTILE]
    src = ls.write_sources(tmp_path / "s.toml", blocks)
    db = tmp_path / "w.duckdb"
    with ReplayServer(root) as srv:
        summary = run_ingest(srv, db, sources=src, retries=1, retry_delay=1.0,
                             host_delay=0.05, timeout=1.0, total_timeout=3.0)
        feeds = {f["source"]: f for f in summary["feeds"]}
        assert feeds["Dups"]["status"] == "ok" and feeds["Dups"]["new_entries"] == 2
        assert feeds["Busy"]["status"] == "ok", feeds["Busy"]
        assert len(srv.requests_to("/_fault/retry-after/1/busy")) == 2
    rows = q(db, "SELECT canonical_url, count(*) FROM articles WHERE NOT is_seed GROUP BY 1")
    assert sorted(u.rsplit("/", 1)[-1] for u, _ in rows) == ["a1.html", "a2.html", "a9.html"]
    assert all(n == 1 for _, n in rows)
    bad = {s for s, f in feeds.items() if f["status"] == "error"}
    assert bad >= {"Broken 500", "Bot wall", "Garbage", "Missing", "Hangs", "Empty"}, bad


def test_a_refused_politeness_slot_does_not_push_back_later_requests(replay_server):
    """A request refused because its turn at the host would come after its deadline must
    not keep that turn: otherwise each retry of a hostile feed pushed every later request
    to the host further back, until a whole run's polls failed (the feed with duplicate
    GUIDs "gave none")."""
    from pipeline.errors import TransientFetchError
    from pipeline.net import Fetcher

    url = replay_server.url("/feeds/world.rss")
    with Fetcher(allow_hosts=["127.0.0.1"], host_delay=1.0, total_timeout=0.3,
                 timeout=0.3) as f:
        f.get(url, robots=False)
        for _ in range(5):  # each would wait ~1 s, beyond its 0.3 s deadline
            with pytest.raises(TransientFetchError, match="would wait"):
                f.get(url, robots=False)
        time.sleep(1.0)
        t0 = time.monotonic()
        f.get(url, robots=False)  # its turn is now, not 5 s from now
        assert time.monotonic() - t0 < 0.3


def test_the_run_lock_holds_a_warehouse_under_any_of_its_names(tmp_path):
    """Two runs on one file through a symlink used to take two different run locks (both
    fetched every page); the lock is now taken beside the real file."""
    from pipeline.errors import WarehouseLockedError
    from warehouse.db import run_lock

    real = tmp_path / "w.duckdb"
    real.touch()
    link = tmp_path / "link.duckdb"
    link.symlink_to(real)
    with (run_lock(link, timeout=1), pytest.raises(WarehouseLockedError),
          run_lock(real, timeout=0.2)):
        pass
