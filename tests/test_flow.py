"""The ingest flow, through Prefect, against the bundled replay served on 127.0.0.1.

The replay's ``oracle.json`` says what each page is (on/off topic, copies, versions,
contradictions); these tests hold the warehouse rows to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbq import q

from newstally.replay import ReplayServer

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

REPLAY = Path(__file__).parents[1] / "newstally" / "replay"
ORACLE = json.loads((REPLAY / "oracle.json").read_text(encoding="utf-8"))
PAGES = {p["id"]: p for p in ORACLE["pages"]}
FAST = {"host_delay": 0.0, "timeout": 2.0, "total_timeout": 5.0, "retries": 0,
        "refetch_days": 0}


def run_ingest(server: ReplayServer, db: Path, sources: Path | None = None,
               **overrides: Any) -> dict[str, Any]:
    from flows.ingest import ingest

    return ingest(sources=str(sources or REPLAY / "sources.toml"), db=str(db),
                  allow_hosts=["127.0.0.1"], base_url=server.base_url,
                  overrides={**FAST, **overrides})



def counts(db: Path) -> dict[str, int]:
    tables = ("articles", "figures", "alerts", "pages", "article_signatures", "sources")
    return {t: q(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}


@pytest.fixture(scope="module")
def server() -> Iterator[ReplayServer]:
    with ReplayServer(REPLAY) as s:
        yield s


@pytest.fixture(scope="module")
def first_run(server: ReplayServer, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("flow") / "w.duckdb"
    server.clear_requests()
    summary = run_ingest(server, db)
    requests = list(server.requests)
    return db, summary, requests


def article_by_path(db: Path, path: str) -> tuple[Any, ...] | None:
    rows = q(db, "SELECT id, duplicate_of, story_id, text, title, publisher, language, "
                 "published_at FROM articles WHERE canonical_url LIKE ?", [f"%{path}"])
    return rows[0] if rows else None


def test_first_run_ingests_every_on_topic_page(first_run):
    db, summary, _ = first_run
    assert summary["totals"]["feeds_failed"] == 0
    for page in ORACLE["pages"]:
        row = article_by_path(db, page["url_path"])
        if page["expected_outcome"] in ("article", "copy", "version", "duplicate"):
            assert row is not None, page["id"]
            for fragment in page["key_fragments"]:
                assert fragment in row[3], (page["id"], fragment)
            for fragment in page["furniture_fragments"]:
                assert fragment not in row[3], (page["id"], fragment)
    polls = q(db, "SELECT source, status, http_status, entries FROM feed_polls ORDER BY source")
    assert [p[1] for p in polls] == ["ok"] * 4 and all(p[2] == 200 for p in polls)


def test_seed_is_loaded_and_its_copy_points_at_it(first_run):
    db, _, _ = first_run
    seed = q(db, "SELECT id, published_at, publisher FROM articles WHERE is_seed")
    assert len(seed) == 1
    assert str(seed[0][1].date()) == "2024-12-13" and "ANI" in seed[0][2]
    copy = next(c for c in ORACLE["expected"]["copies"] if c["duplicate_of"] == "seed")
    row = article_by_path(db, PAGES[copy["page"]]["url_path"])
    assert row is not None and row[1] == seed[0][0] and row[2] == seed[0][0]
    # a copy's figures are not stored again
    assert q(db, "SELECT count(*) FROM figures WHERE article_id = ?", [row[0]]) == [(0,)]


def test_versions_share_a_story_and_keep_their_figures(first_run):
    db, _, _ = first_run
    v = ORACLE["expected"]["versions"][0]
    later = article_by_path(db, PAGES[v["page"]]["url_path"])
    early = article_by_path(db, PAGES[v["version_of"]]["url_path"])
    assert later[1] is None and early[1] is None  # neither is a duplicate
    assert later[2] == early[2]  # one story
    assert q(db, "SELECT count(*) FROM figures WHERE article_id = ?", [later[0]])[0][0] > 0


def test_off_topic_pages_are_rejected_with_a_reason_or_never_fetched(first_run):
    db, _, requests = first_run
    for pid in ORACLE["expected"]["rejected_offtopic"]:
        path = PAGES[pid]["url_path"]
        assert article_by_path(db, path) is None
        rows = q(db, "SELECT outcome, reason FROM pages WHERE canonical_url LIKE ?", [f"%{path}"])
        assert rows and rows[0][0] == "rejected" and rows[0][1].startswith("off-topic")
        # no figures for an off-topic page
    for pid in ORACLE["expected"]["dropped_by_prefilter"]:
        path = PAGES[pid]["url_path"]
        assert not [r for r in requests if r[1].startswith(path)], pid


def test_google_news_links_are_resolved_to_the_publisher(first_run):
    db, _, _ = first_run
    rows = q(db, "SELECT url, canonical_url FROM articles WHERE source LIKE 'Google News%'")
    assert rows
    for url, canonical in rows:
        assert "/gnews/rss/articles/" in url
        assert "/sites/" in canonical and "gnews" not in canonical


def test_windows_1252_page_is_stored_with_its_accents(first_run):
    db, _, _ = first_run
    page = next(p for p in ORACLE["pages"] if p["encoding"] != "utf-8")
    row = article_by_path(db, page["url_path"])
    assert row is not None
    for fragment in page["key_fragments"]:
        assert fragment in row[3]
    assert "Ã" not in row[3]


def test_feed_date_page_date_and_fetch_time_are_kept_apart(first_run):
    db, _, _ = first_run
    rows = q(db, "SELECT feed_published_at, page_published_at, fetched_at, published_at "
                 "FROM articles WHERE NOT is_seed")
    assert rows and all(r[2] is not None for r in rows)
    assert any(r[0] is not None and r[1] is not None for r in rows)


def test_duplicate_feed_entries_make_one_article(first_run):
    db, _, _ = first_run
    dup = q(db, "SELECT canonical_url, count(*) FROM articles GROUP BY 1 HAVING count(*) > 1")
    assert dup == []


def test_contradiction_with_the_seed_is_alerted(first_run):
    db, _, _ = first_run
    rows = q(db, """
        SELECT n.value, o.value, oa.is_seed, x.kind, x.message
        FROM alerts x JOIN figures n ON n.id = x.new_figure_id
        JOIN figures o ON o.id = x.old_figure_id JOIN articles oa ON oa.id = o.article_id
        WHERE x.metric = 'killed'
    """)
    hit = [r for r in rows if {r[0], r[1]} == {24, 28}]
    assert hit and hit[0][2] and hit[0][3] == "contradiction"
    assert "At least 28" in hit[0][4] and "24" in hit[0][4]


def test_raw_html_is_kept_compressed(first_run):
    import gzip

    db, _, _ = first_run
    (raw,) = q(db, "SELECT raw_html_gz FROM pages WHERE outcome = 'article' LIMIT 1")[0]
    assert gzip.decompress(raw).lstrip().lower().startswith((b"<!doctype", b"<html"))


def test_summary_artifact_is_published(first_run):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["ingest-summary"])))
        md = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["ingest-alerts"])))
    # other tests' runs share the Prefect test server: find this run's artifacts, not the last
    assert any(a.type == "table" and "World Desk (EN)" in str(a.data) for a in arts), arts
    # new alerts as markdown, with links to both articles
    assert any(a.type == "markdown" and "At least 28" in a.data and "](http://127.0.0.1:" in a.data
               for a in md), md


def test_second_run_over_unchanged_feeds_fetches_no_page_and_adds_no_row(first_run, server):
    db, _, _ = first_run
    before = counts(db)
    server.clear_requests()
    summary = run_ingest(server, db)
    paths = [r[1] for r in server.requests]
    assert not [p for p in paths if p.startswith(("/sites/", "/gnews/"))], paths
    assert counts(db) == before
    statuses = {f["status"] for f in summary["feeds"]}
    assert statuses <= {"not_modified", "unchanged"}
    assert summary["totals"]["new_articles"] == 0


def test_failing_feeds_never_stop_the_others(server, replay_server, tmp_path):
    """A feed answering 500, one that never answers, one serving garbage."""
    text = (REPLAY / "sources.toml").read_text(encoding="utf-8")
    broken = replay_server.base_url
    for name, path in (("Broken 500", "/_fault/status/500"), ("Hangs", "/_fault/hang"),
                       ("Garbage", "/_fault/garbage"), ("Bot wall", "/_fault/bot-wall")):
        text += (f'\n[[source]]\nname = "{name}"\nurl = "{broken}{path}"\n'
                 'kind = "rss"\nlanguage = "en"\n')
    sources = tmp_path / "sources.toml"
    sources.write_text(text, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    summary = run_ingest(server, db, sources=sources, timeout=1.0, total_timeout=2.0)
    assert summary["totals"]["feeds_failed"] == 4
    assert summary["totals"]["new_articles"] >= 10
    polls = dict(q(db, "SELECT source, error FROM feed_polls WHERE status = 'error'"))
    assert set(polls) == {"Broken 500", "Hangs", "Garbage", "Bot wall"}
    assert "500" in polls["Broken 500"]
    assert "time" in polls["Hangs"].lower()
    assert "not RSS or Atom" in polls["Garbage"] and "not RSS or Atom" in polls["Bot wall"]
    ok = q(db, "SELECT count(*) FROM feed_polls WHERE status = 'ok'")[0][0]
    assert ok == 4


def test_a_figure_changed_in_place_is_a_revision(tmp_path):
    """Recent articles are re-fetched; a changed figure on the same URL is a revision."""
    import shutil

    root = tmp_path / "replay"
    shutil.copytree(REPLAY, root)
    page = PAGES[ORACLE["expected"]["versions"][0]["page"]]
    path = root / page["path"]
    html = path.read_text(encoding="utf-8")
    fig = next(f for f in page["figures"] if f["metric"] == "released")
    span = fig["span"]
    assert span in html
    db = tmp_path / "w.duckdb"
    with ReplayServer(root) as srv:
        run_ingest(srv, db, refetch_days=3, refetch_interval_hours=0)
        before = counts(db)
        changed = span.replace(str(fig["value"]), str(fig["value"] + 15))
        path.write_text(html.replace(span, changed), encoding="utf-8")
        srv.clear_requests()
        summary = run_ingest(srv, db, refetch_days=3, refetch_interval_hours=0)
        fetched = [r for r in srv.requests if r[1].startswith("/sites/")]
    assert fetched, "recent articles were not re-fetched"
    assert summary["totals"]["revisions"] == 1
    after = counts(db)
    assert after["articles"] == before["articles"]
    assert after["pages"] == before["pages"] + 1
    rows = q(db, """
        SELECT x.kind, x.rule, n.value, o.value, n.article_id = o.article_id
        FROM alerts x JOIN figures n ON n.id = x.new_figure_id
        JOIN figures o ON o.id = x.old_figure_id WHERE x.kind = 'revision'
    """)
    revised = [r for r in rows if r[1] == "page_revision"]
    assert revised and all(r[4] for r in revised), rows  # same article, two page versions
    assert fig["value"] + 15 in {r[2] for r in revised}, rows
    text = article_by_path(db, page["url_path"])[3]
    assert changed in text


def test_signatures_of_an_older_scheme_are_recomputed(first_run, server, tmp_path):
    """A dedup scheme change must not blind the index: stale signatures are rebuilt."""
    import shutil

    from pipeline import dedup

    db0, _, _ = first_run
    db = tmp_path / "w.duckdb"
    shutil.copy(db0, db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE article_signatures SET scheme = 'minhash-v0:old'")
    con.close()
    run_ingest(server, db)
    assert q(db, "SELECT DISTINCT scheme FROM article_signatures") == [(dedup.SCHEME,)]


def test_alerts_are_emitted_as_prefect_events(first_run):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.events.worker import EventsWorker

    db, summary, _ = first_run
    pushed = q(db, "SELECT id FROM alerts WHERE status <> 'review'")
    # an event for every alert pushed to a channel; those held for review send none
    assert summary["delivery"]["events"] == len(pushed) > 0
    EventsWorker.drain_all()
    ids = {f"newstally.alert.{i}" for (i,) in pushed}

    async def events() -> set[str]:
        async with get_client() as client:
            for _ in range(40):
                resp = await client.request(
                    "POST", "/events/filter",
                    json={"filter": {"event": {"prefix": ["newstally.figure."]},
                                     "resource": {"id": sorted(ids)}}, "limit": 50})
                found = {e["resource"]["prefect.resource.id"] for e in resp.json()["events"]}
                if ids <= found:
                    return found
                await asyncio.sleep(0.25)
        return found

    assert ids <= asyncio.run(events())


def test_copies_do_not_count_twice_in_the_views(first_run):
    db, _, _ = first_run
    copies = q(db, "SELECT id FROM articles WHERE duplicate_of IS NOT NULL")
    assert copies
    in_view = q(db, "SELECT count(*) FROM v_figures WHERE article_id IN "
                    "(SELECT id FROM articles WHERE duplicate_of IS NOT NULL)")
    assert in_view == [(0,)]
    outlets = q(db, "SELECT max(n_outlets) FROM v_story_outlets")[0][0]
    assert outlets >= 2


def test_changed_feed_does_not_resolve_held_aggregator_links_again(first_run, server, tmp_path):
    """A feed that changes (new body) re-lists old Google News links: no request for them."""
    import shutil

    db0, _, _ = first_run
    db = tmp_path / "w.duckdb"
    shutil.copy(db0, db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE sources SET etag = NULL, last_modified = NULL, body_sha256 = NULL")
    con.close()
    server.clear_requests()
    summary = run_ingest(server, db)
    assert {f["status"] for f in summary["feeds"]} == {"ok"}
    paths = [r[1] for r in server.requests]
    assert not [p for p in paths if p.startswith(("/sites/", "/gnews/"))], paths
