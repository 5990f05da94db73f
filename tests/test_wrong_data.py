"""Wrong data from real-world feeds (issue 11), over real loopback HTTP.

Absurd feed dates, UTF-16/32 feeds under a text/xml header, CDF and JSON Feed, GUIDs
that are no URL, and percent-encoded twins of one URL. The UTF-16 and GUID cases follow
feedparser's own test corpus (BSD licence, kurtmckee/feedparser ``tests/``); the feeds
here are written for these tests.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstally.replay import ReplayServer, Reply, Request
from pipeline.models import Entry, Source
from pipeline.net import Fetcher
from pipeline.poll import poll_feed
from pipeline.process import fetch_and_process

RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0"><channel><title>Harbour Courier</title><link>{base}/</link>
<description>news</description>
{items}
</channel></rss>
"""


def _item(title: str, *, link: str | None = None, guid: str | None = None,
          permalink: str | None = None) -> str:
    parts = [f"<title>{title}</title>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if guid:
        attr = f' isPermaLink="{permalink}"' if permalink else ""
        parts.append(f"<guid{attr}>{guid}</guid>")
    return "<item>" + "".join(parts) + "</item>"


def _serve(server: ReplayServer, path: str, body: bytes, ctype: str | None) -> Source:
    headers = {"Content-Type": ctype} if ctype else {}

    def handler(_req: Request) -> Reply:
        return Reply(200, dict(headers), body)

    server.route(path, handler)
    return Source(name=f"test {path}", url=server.url(path), kind="rss", language="en")


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("feed_date", [
    datetime(1970, 1, 1, tzinfo=UTC),  # the Unix epoch
    datetime(99, 6, 1, tzinfo=UTC),  # a two-digit year read literally
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),  # "never expires"
])
def test_absurd_feed_date_loses_to_the_page_date_and_anchors_no_figure(
        replay_server: ReplayServer, fetcher: Fetcher, feed_date: datetime) -> None:
    url = replay_server.url("/pages/harbour.dated-release.html")
    entry = Entry(source="Harbour", url=url, canonical_url=url, title="Detainees walk out",
                  summary=None, published=feed_date, guid=None, language="en")
    [p] = fetch_and_process([entry], fetcher, topic_terms=["political prisoners"],
                            threshold=0.0, held=lambda _u: False)
    assert p.outcome == "article", p.reason
    assert p.published_at == datetime(2024, 12, 14, tzinfo=UTC)
    assert p.date_flag and f"feed date {feed_date.date().isoformat()}" in p.date_flag
    assert "not trusted" in p.date_flag and "the page date is used" in p.date_flag
    # "Yesterday" is read against the page's date, not 1969 or 9999
    released = [f for f in p.figures if f.metric == "released"]
    assert released and released[0].as_of is not None
    assert released[0].as_of.isoformat() == "2024-12-13"


def test_sane_feed_date_still_wins(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    url = replay_server.url("/pages/harbour.dated-release.html")
    when = datetime(2024, 12, 14, 9, tzinfo=UTC)
    entry = Entry(source="Harbour", url=url, canonical_url=url, title="Detainees walk out",
                  summary=None, published=when, guid=None, language="en")
    [p] = fetch_and_process([entry], fetcher, topic_terms=["political prisoners"],
                            threshold=0.0, held=lambda _u: False)
    assert p.published_at == when and p.date_flag is None


# --------------------------------------------------------------- encodings


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_feeds_under_a_text_xml_header_are_read(
        replay_server: ReplayServer, fetcher: Fetcher, codec: str) -> None:
    enc = codec[:6].upper()
    text = RSS.format(enc=enc, base=replay_server.base_url, items=_item(
        "Excarcelados en Caracas", link=replay_server.url("/pages/llanero.excarcelados.html")))
    bom = "\ufeff".encode(codec)
    src = _serve(replay_server, f"/wd/{codec}.rss", bom + text.encode(codec), "text/xml")
    try:
        res = poll_feed(src, fetcher)
    finally:
        replay_server.unroute(src.url.replace(replay_server.base_url, ""))
    assert res.status == "ok", res.error
    assert [e.title for e in res.entries] == ["Excarcelados en Caracas"]


def test_bytes_that_are_no_xml_in_any_encoding_say_so(replay_server: ReplayServer,
                                                       fetcher: Fetcher) -> None:
    src = _serve(replay_server, "/wd/noise.rss", bytes(range(1, 200)) * 5, "text/xml")
    try:
        res = poll_feed(src, fetcher)
    finally:
        replay_server.unroute("/wd/noise.rss")
    assert res.status == "error" and "not XML at all, in any encoding" in (res.error or "")
    assert src.name in (res.error or "")


def test_cdf_channel_without_items_is_named(replay_server: ReplayServer,
                                            fetcher: Fetcher) -> None:
    body = (b'<?xml version="1.0"?><CHANNEL HREF="http://example.com/">'
            b"<TITLE>A channel</TITLE><ABSTRACT>nothing in it</ABSTRACT></CHANNEL>")
    src = _serve(replay_server, "/wd/channel.cdf", body, "application/xml")
    try:
        res = poll_feed(src, fetcher)
    finally:
        replay_server.unroute("/wd/channel.cdf")
    assert res.status == "error" and "CDF channel" in (res.error or "")
    assert "no items" in (res.error or "") and "RSS or Atom" in (res.error or "")


def test_json_feed_items_are_entries(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    page = replay_server.url("/pages/llanero.excarcelados.html")
    body = json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Llanero",
        "items": [
            {"id": "1", "url": page, "title": "Excarcelados", "date_published":
             "2024-12-14T10:00:00-04:00", "content_text": "Salieron de prisión."},
            {"id": "2", "title": "Sin enlace", "content_text": "No es una página."},
        ]}).encode()
    src = _serve(replay_server, "/wd/feed.json", body, "application/feed+json")
    try:
        res = poll_feed(src, fetcher)
    finally:
        replay_server.unroute("/wd/feed.json")
    assert res.status == "ok" and res.feed_version == "json11", res.error
    assert [e.url for e in res.entries] == [page]
    assert res.entries[0].published == datetime(2024, 12, 14, 14, tzinfo=UTC)
    assert [why for _, why in res.pageless] == [
        "no http(s) link, and its guid '2' is not a web address; not a page, so not fetched"]


def test_json_that_is_no_json_feed_is_named(replay_server: ReplayServer,
                                            fetcher: Fetcher) -> None:
    src = _serve(replay_server, "/wd/data.json", b'{"rows": [1, 2]}', "application/json")
    try:
        res = poll_feed(src, fetcher)
    finally:
        replay_server.unroute("/wd/data.json")
    assert res.status == "error" and "JSON but not a JSON Feed" in (res.error or "")


# ------------------------------------------------------------------- guids


def test_guid_that_is_no_url_is_not_a_page(replay_server: ReplayServer,
                                           fetcher: Fetcher) -> None:
    page = replay_server.url("/pages/harbour.fishing-season.html")
    items = "".join([
        _item("Numbered", guid="12345"),
        _item("Tagged", guid="tag:harbour.example,2024:1"),
        _item("Permalink guid", guid=page),
        _item("Not a permalink but a URL", guid=page + "?p=2", permalink="false"),
        _item("Linked", link=page + "?p=3", guid="tag:harbour.example,2024:3"),
    ])
    body = RSS.format(enc="utf-8", base=replay_server.base_url, items=items).encode()
    src = _serve(replay_server, "/wd/guids.rss", body, "application/rss+xml")
    replay_server.clear_requests()
    try:
        res = poll_feed(src, fetcher)
    finally:
        replay_server.unroute("/wd/guids.rss")
    assert res.status == "ok", res.error
    assert [e.title for e in res.entries] == ["Permalink guid", "Not a permalink but a URL",
                                              "Linked"]
    assert all(e.url.startswith(page) for e in res.entries)
    reasons = {e.url: why for e, why in res.pageless}
    assert set(reasons) == {"12345", "tag:harbour.example,2024:1"}
    assert "guid '12345' is not a web address" in reasons["12345"]
    # nothing was resolved against the feed URL
    assert not replay_server.requests_to("/wd/12345")


# --------------------------------------------------------- percent-encoding


@pytest.mark.parametrize(("raw", "encoded"), [
    ("/noticias/artículo con espacios.html",
     "/noticias/art%C3%ADculo%20con%20espacios.html"),
    ("/news/café society report.html", "/news/caf%c3%a9%20society%20report.html"),
])
def test_percent_encoded_twins_in_one_feed_are_one_entry(
        replay_server: ReplayServer, fetcher: Fetcher, raw: str, encoded: str) -> None:
    items = "".join([
        _item("Raw spelling", link=replay_server.url(raw), guid="a-1", permalink="false"),
        _item("Encoded spelling", link=replay_server.url(encoded), guid="a-2",
              permalink="false"),
    ])
    body = RSS.format(enc="utf-8", base=replay_server.base_url, items=items).encode()
    src = _serve(replay_server, "/wd/twins.rss", body, "application/rss+xml")
    try:
        res = poll_feed(src, fetcher)
    finally:
        replay_server.unroute("/wd/twins.rss")
    assert [e.title for e in res.entries] == ["Raw spelling"]
    assert any("duplicate link" in s for s in res.skipped)


@pytest.mark.parametrize("path", [
    "/noticias/artículo sobre la liberación.html",
    "/news/café owners résumé day.html",
])
def test_nfc_and_nfd_spellings_and_their_encodings_in_one_feed_are_one_entry(
        replay_server: ReplayServer, fetcher: Fetcher, path: str) -> None:
    from urllib.parse import quote

    from pipeline.select import canonical_url

    nfc, nfd = unicodedata.normalize("NFC", path), unicodedata.normalize("NFD", path)
    assert nfc != nfd
    spellings = [nfc, nfd, quote(nfc), quote(nfd)]  # í as one code point, or i + U+0301
    assert len({canonical_url(replay_server.url(p)) for p in spellings}) == 1
    items = "".join(_item(f"Spelling {i}", link=replay_server.url(p), guid=f"s-{i}",
                          permalink="false") for i, p in enumerate(spellings))
    body = RSS.format(enc="utf-8", base=replay_server.base_url, items=items).encode()
    src = _serve(replay_server, "/wd/forms.rss", body, "application/rss+xml")
    try:
        res = poll_feed(src, fetcher)
    finally:
        replay_server.unroute("/wd/forms.rss")
    assert res.status == "ok", res.error
    assert [e.title for e in res.entries] == ["Spelling 0"]
    assert sum("duplicate link" in s for s in res.skipped) == 3, res.skipped


@pytest.mark.prefect
def test_pageless_entries_are_kept_in_skipped_entries_and_never_fetched(
        prefect_harness: None, tmp_path: Path) -> None:
    from tests.test_flow import q, run_ingest

    site = tmp_path / "site"
    (site / "feeds").mkdir(parents=True)
    items = "".join([_item("Harbour numbered note", guid="12345"),
                     _item("Harbour tagged note", guid="tag:harbour.example,2024:9")])
    (site / "feeds" / "notes.rss").write_text(
        RSS.format(enc="utf-8", base="{{BASE}}", items=items), encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text('[topic]\nname = "t"\nterms = ["Harbour"]\n\n[[source]]\n'
                       'name = "Notes"\nurl = "{{BASE}}/feeds/notes.rss"\nkind = "rss"\n'
                       'language = "en"\n', encoding="utf-8")
    db = tmp_path / "w.duckdb"
    with ReplayServer(site) as server:
        run_ingest(server, db, sources=sources)
        assert not server.requests_to("/feeds/12345")
        run_ingest(server, db, sources=sources)  # seen again: counted, still not fetched
        assert [r[1] for r in server.requests if not r[1].startswith(("/feeds/notes",
                                                                      "/robots"))] == []
    rows = q(db, "SELECT url, reason, times_seen FROM skipped_entries ORDER BY url")
    assert [r[0] for r in rows] == ["12345", "tag:harbour.example,2024:9"]
    assert all("is not a web address" in r[1] for r in rows)
    assert q(db, "SELECT count(*) FROM pages") == [(0,)]


def test_absurd_page_date_and_both_absurd() -> None:
    from datetime import date

    from pipeline.extract import reconcile_dates

    now = datetime(2024, 12, 15, tzinfo=UTC)
    feed = datetime(2024, 12, 14, 9, tzinfo=UTC)
    when, flag = reconcile_dates(feed, date(1970, 1, 1), now=now)
    assert when == feed and flag == "page date 1970-01-01 is before 1994-01-01; not trusted"
    when, flag = reconcile_dates(datetime(9999, 12, 31, tzinfo=UTC), date(2024, 12, 20),
                                 now=now)
    assert when is None and flag is not None
    assert "feed date 9999-12-31 is after 2024-12-16" in flag
    assert "page date 2024-12-20 is after" in flag and flag.endswith("no publication date")
