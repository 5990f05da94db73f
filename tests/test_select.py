"""Canonical URLs, aggregator resolution and entry selection."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstally.replay import ReplayServer, Reply
from pipeline.errors import FetchError, HTTPStatusError
from pipeline.models import Entry, Source
from pipeline.net import Fetcher
from pipeline.poll import poll_feed
from pipeline.select import (
    canonical_url,
    decode_google_news_url,
    is_aggregator_url,
    resolve_aggregator,
    select_entries,
    topic_matcher,
)

TOPIC = ["Venezuela", "venezolano", "Maduro", "presos políticos", "Foro Penal"]


def _gnews_id(url: str) -> str:
    raw = url.encode()
    return base64.urlsafe_b64encode(b"\x08\x13\x22" + bytes([len(raw)]) + raw
                                    + b"\xd2\x01\x00").decode().rstrip("=")


def _entry(url: str, title: str = "Venezuela frees detainees", summary: str = "",
           source: str = "t") -> Entry:
    return Entry(source=source, url=url, canonical_url=url, title=title, summary=summary,
                 published=datetime(2024, 12, 14, tzinfo=UTC), guid=None, language="en")


class _NoRequests:
    """A fetcher stand-in for paths that must not make any request."""

    def redirect_location(self, url: str, *, robots: bool = True) -> str | None:
        raise AssertionError(f"unexpected request to {url}")


# ------------------------------------------------------------------ canonical URLs


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTPS://WWW.Example.COM/World/Story", "https://example.com/World/Story"),
    ("https://m.example.com/world/story/", "https://example.com/world/story"),
    ("https://amp.example.com/world/story", "https://example.com/world/story"),
    ("https://example.com/world/story/amp", "https://example.com/world/story"),
    ("https://example.com/world/story/amp/", "https://example.com/world/story"),
    ("https://example.com/amp/world/story", "https://example.com/world/story"),
    ("https://example.com/world/story.amp.html", "https://example.com/world/story.html"),
    ("https://example.com/story?outputType=amp", "https://example.com/story"),
    ("https://example.com/story#comments", "https://example.com/story"),
    ("https://example.com/story?utm_source=rss&utm_medium=feed&utm_campaign=x",
     "https://example.com/story"),
    ("https://example.com/story?fbclid=1&gclid=2&ocid=3&cmpid=4&ref=home&oc=5",
     "https://example.com/story"),
    ("https://example.com/story?id=7&page=2", "https://example.com/story?id=7&page=2"),
    ("https://example.com/story?page=2&id=7&utm_term=z", "https://example.com/story?id=7&page=2"),
    ("http://example.com:80/story", "http://example.com/story"),
    ("https://example.com:443/story", "https://example.com/story"),
    ("http://127.0.0.1:8080/story", "http://127.0.0.1:8080/story"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/", "https://example.com/"),
    ("https://user:secret@example.com/story", "https://example.com/story"),
    ("https://m.com/story", "https://m.com/story"),  # a bare domain keeps its name
    ("https://www.elpitazo.net/politica/presos-politicos/?utm_source=tw#top",
     "https://elpitazo.net/politica/presos-politicos"),
])
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent() -> None:
    for url in ("https://www.example.com/a/amp/?b=2&a=1#x", "http://m.example.org/"):
        once = canonical_url(url)
        assert canonical_url(once) == once


# ------------------------------------------------------------------ aggregators


def test_decode_google_news_id() -> None:
    publisher = "https://www.harbourgazette.example/2024/12/venezuela-detainees?x=1"
    url = f"https://news.google.com/rss/articles/{_gnews_id(publisher)}?oc=5&hl=en-US"
    assert is_aggregator_url(url)
    assert decode_google_news_url(url) == publisher
    assert resolve_aggregator(url, _NoRequests()) == publisher  # no request made


def test_opaque_google_news_id_is_not_decoded() -> None:
    token = base64.urlsafe_b64encode(b"\x08\x13\x22\x10AU_yqLOpaqueToken").decode()
    assert decode_google_news_url(f"https://news.google.com/rss/articles/{token}") is None


def test_non_aggregator_urls_pass_through() -> None:
    url = "https://example.com/rss/story.html"
    assert not is_aggregator_url(url)
    assert resolve_aggregator(url, _NoRequests()) == url


def test_resolve_by_following_redirects(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    res = poll_feed(Source("GN", replay_server.url("/feeds/gnews.rss"), "google_news", "en"),
                    fetcher)
    page = "/pages/harbour.detainees-released.html"
    before = len(replay_server.requests_to(page))
    resolved = [resolve_aggregator(e.url, fetcher) for e in res.entries]
    assert resolved == [replay_server.url(page),
                        replay_server.url("/pages/llanero.excarcelados.html")]
    assert len(replay_server.requests_to(page)) == before  # the publisher page is not fetched


def test_resolve_unknown_article_id(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    with pytest.raises(HTTPStatusError):
        resolve_aggregator(replay_server.url("/gnews/rss/articles/CBMiUnknownArticleId000"),
                           fetcher)


def test_aggregator_that_does_not_redirect(replay_server: ReplayServer,
                                           fetcher: Fetcher) -> None:
    replay_server.route("/js/rss/articles/*", lambda r: Reply(200, {}, b"<script>go()</script>"))
    try:
        with pytest.raises(FetchError, match="gave no publisher URL"):
            resolve_aggregator(replay_server.url("/js/rss/articles/CBMiNeedsJavascript0000"),
                               fetcher)
    finally:
        replay_server.unroute("/js/rss/articles/*")


# ------------------------------------------------------------------ topic terms


@pytest.mark.parametrize("text", [
    "Venezuela frees detainees", "VENEZUELAN troops deployed", "Venezuelans abroad vote",
    "los venezolanos en el exterior", "Las venezolanas detenidas", "Nicolás Maduro habló",
    "Maduro's inauguration", "presos políticos", "PRESOS POLITICOS", "un preso político",
    "Foro Penal", "según el foro penal", "Venezuela's opposition",
])
def test_on_topic(text: str) -> None:
    assert topic_matcher(TOPIC)(text)


@pytest.mark.parametrize("text", [
    "Fishing season opens early", "Cosecha récord de café", "el presidente de Colombia",
    "presión política en Perú", "la madurez del mercado", "Venice floods again",
])
def test_off_topic(text: str) -> None:
    assert not topic_matcher(TOPIC)(text)


def test_no_terms_means_everything_is_on_topic() -> None:
    assert topic_matcher([])("anything at all")


# ------------------------------------------------------------------ select_entries


def test_select_skips_held_offtopic_and_duplicates() -> None:
    entries = [
        _entry("https://www.example.com/a?utm_source=rss"),
        _entry("https://example.com/a#top", title="Venezuela, again"),  # same canonical URL
        _entry("https://example.com/held"),
        _entry("https://example.com/fish", title="Fishing season opens", summary="Boats"),
        _entry("https://example.com/es", title="Liberan a detenidos",
               summary="<p>Los <b>venezolanos</b> celebran</p>"),
    ]
    sel = select_entries(entries, held={"https://example.com/held"}, topic_terms=TOPIC)
    assert [e.canonical_url for e in sel.new] == ["https://example.com/a",
                                                  "https://example.com/es"]
    assert [e.url for e in sel.skipped_held] == ["https://example.com/held"]
    assert [e.url for e in sel.skipped_offtopic] == ["https://example.com/fish"]
    assert [e.url for e in sel.skipped_duplicate] == ["https://example.com/a#top"]
    assert sel.reasons["https://example.com/held"].startswith("already held")
    assert "topic" in sel.reasons["https://example.com/fish"]


def test_select_held_as_callable_and_source_terms() -> None:
    asked: list[str] = []

    def held(url: str) -> bool:
        asked.append(url)
        return False

    entries = [_entry("https://example.com/x", title="Caracas court hearing", summary="")]
    assert select_entries(entries, held=held, topic_terms=TOPIC).new == []
    sel = select_entries(entries, held=held, topic_terms=TOPIC, source_terms=["Caracas"])
    assert len(sel.new) == 1 and asked == ["https://example.com/x"] * 2


def test_google_news_entry_held_under_publisher_url_costs_no_request() -> None:
    publisher = "https://www.harbourgazette.example/2024/12/venezuela-detainees"
    gn = f"https://news.google.com/rss/articles/{_gnews_id(publisher)}?oc=5"
    sel = select_entries([_entry(gn)], held={canonical_url(publisher)}, topic_terms=TOPIC)
    assert sel.new == [] and len(sel.skipped_held) == 1
    assert sel.skipped_held[0].canonical_url == canonical_url(publisher)


def test_select_on_polled_feeds(replay_server: ReplayServer, fetcher: Fetcher) -> None:
    rss = poll_feed(Source("W", replay_server.url("/feeds/world.rss"), "rss", "en"), fetcher)
    atom = poll_feed(Source("L", replay_server.url("/feeds/latam.atom"), "atom", "es"), fetcher)
    sel = select_entries([*rss.entries, *atom.entries], held=set(), topic_terms=TOPIC)
    assert [e.canonical_url.rsplit("/", 1)[-1] for e in sel.new] == [
        "harbour.detainees-released.html", "harbour.undated.html", "llanero.excarcelados.html"]
    assert {e.title for e in sel.skipped_offtopic} == {"Fishing season opens early",
                                                       "Cosecha récord de café en los Andes"}


def test_programmed_redirect_route(tmp_path: Path, fetcher: Fetcher) -> None:
    root = tmp_path
    (root / "story.html").write_text("<p>Foro Penal</p>")
    with ReplayServer(root) as server:
        server.redirect("/gn/rss/articles/CBMiProgrammedRedirect00", "/story.html")
        assert resolve_aggregator(server.url("/gn/rss/articles/CBMiProgrammedRedirect00"),
                                  fetcher) == server.url("/story.html")


# --- Google News ids of the opaque kind: resolved through the aggregator's endpoints ---
# The two routes below play Google News's side of the exchange on loopback: the article
# page that carries a signature and a timestamp, and the batchexecute endpoint that
# trades them (with the id) for the publisher's URL. They check what they are sent.

OPAQUE_ID = "CBMiVkFVX3lxTE9wYXF1ZS10b2tlbi1mb3ItdGVzdHMtb25seQ"


def _google_side(replay_server, publisher_url, *, signature=True):
    import json as _json
    from urllib.parse import parse_qs as _qs

    from newstally.replay import Reply

    seen = []

    def article(req):
        attrs = ('data-n-a-sg="AVNXsig123" data-n-a-ts="1733000000"' if signature else "")
        html = f'<html><body><c-wiz><div jscontroller="x" {attrs}></div></c-wiz></body></html>'
        return Reply(200, {"Content-Type": "text/html; charset=utf-8"}, html.encode())

    def batch(req):
        form = _qs(req.body.decode())
        outer = _json.loads(form["f.req"][0])
        inner = _json.loads(outer[0][0][1])
        seen.append(inner)
        assert outer[0][0][0] == "Fbv4je" and inner[0] == "garturlreq"
        assert inner[2:] == [OPAQUE_ID, 1733000000, "AVNXsig123"]
        payload = _json.dumps(["garturlres", publisher_url, 1])
        body = ")]}'\n\n" + _json.dumps([["wrb.fr", "Fbv4je", payload, None, None, None,
                                          "generic"], ["di", 42]]) + "\n"
        return Reply(200, {"Content-Type": "application/json"}, body.encode())

    replay_server.route(f"/rss/articles/{OPAQUE_ID}", article)
    replay_server.route("/_/DotsSplashUi/data/batchexecute", batch)
    return seen


def test_opaque_google_news_id_is_resolved_through_batchexecute(replay_server, fetcher):
    publisher = "https://elpitazo.example/2025/01/excarcelaciones/"
    seen = _google_side(replay_server, publisher)
    try:
        url = replay_server.url(f"/rss/articles/{OPAQUE_ID}?oc=5")
        assert resolve_aggregator(url, fetcher) == publisher
        assert len(seen) == 1
        # the publisher page itself is not requested while resolving
        assert not replay_server.requests_to("/2025/01/excarcelaciones")
    finally:
        replay_server.unroute(f"/rss/articles/{OPAQUE_ID}")
        replay_server.unroute("/_/DotsSplashUi/data/batchexecute")


def test_opaque_id_without_signature_is_a_clear_error(replay_server, fetcher):
    _google_side(replay_server, "https://x.example/", signature=False)
    try:
        url = replay_server.url(f"/rss/articles/{OPAQUE_ID}")
        with pytest.raises(FetchError, match="add the publisher's own feed"):
            resolve_aggregator(url, fetcher)
    finally:
        replay_server.unroute(f"/rss/articles/{OPAQUE_ID}")
        replay_server.unroute("/_/DotsSplashUi/data/batchexecute")


@pytest.mark.parametrize(("raw", "encoded"), [
    ("https://example.com/noticias/artículo con espacios.html",
     "https://example.com/noticias/art%c3%adculo%20con%20espacios.html"),
    ("https://example.com/a%7Eb/c", "https://example.com/a~b/c"),
])
def test_percent_encoding_twins_are_one_canonical_url(raw: str, encoded: str) -> None:
    assert canonical_url(raw) == canonical_url(encoded)
    assert canonical_url(canonical_url(raw)) == canonical_url(raw)


def test_escaped_slash_is_not_a_slash() -> None:
    assert canonical_url("https://example.com/a%2fb") != canonical_url("https://example.com/a/b")
