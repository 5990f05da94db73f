"""The bundled replay (newstally/replay) agrees with its oracle.

These tests check the data, not the pipeline: every page extracts with trafilatura to its
article body (key sentences in, reader comments and page furniture out, the right date and
title), every feed parses with feedparser with the entries the oracle announces, and the
oracle's cross-references (Google News redirects, pairs, cases) point at real pages and
figures. The integration and flow tests rely on all of this.
"""

from __future__ import annotations

import itertools
import json
import re
import tomllib
import unicodedata
from pathlib import Path
from urllib.robotparser import RobotFileParser

import feedparser
import pytest
import trafilatura

REPLAY = Path(__file__).resolve().parent.parent / "newstally" / "replay"
ORACLE = json.loads((REPLAY / "oracle.json").read_text(encoding="utf-8"))
BASE = "http://127.0.0.1:8765"
PAGES = ORACLE["pages"]
FEEDS = ORACLE["feeds"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _served(path: Path) -> bytes:
    """The bytes the replay server sends: {{BASE}} replaced (byte-level, encoding-safe)."""
    return path.read_bytes().replace(b"{{BASE}}", BASE.encode())


_EXTRACTED: dict[str, dict] = {}


def _extract(page: dict) -> dict:
    if page["id"] not in _EXTRACTED:
        raw = _served(REPLAY / page["path"])
        out = trafilatura.extract(
            raw,
            include_comments=False,
            output_format="json",
            with_metadata=True,
            url=BASE + page["url_path"],
        )
        assert out, f"{page['path']}: trafilatura returned nothing"
        _EXTRACTED[page["id"]] = json.loads(out)
    return _EXTRACTED[page["id"]]


def test_layout_is_complete() -> None:
    for name in ("README.md", "sources.toml", "robots.txt", "gnews-redirects.json", "oracle.json"):
        assert (REPLAY / name).is_file(), name
    for feed in FEEDS:
        assert (REPLAY / feed["path"]).is_file(), feed["path"]
    held = {p.relative_to(REPLAY).as_posix() for p in (REPLAY / "sites").rglob("*.html")}
    assert held == {p["path"] for p in PAGES}, "every page is in the oracle and vice versa"
    assert 16 <= len(PAGES) <= 20
    for page in PAGES:
        assert re.fullmatch(r"sites/[a-z0-9-]+/\d{4}/\d{2}/[a-z0-9-]+\.html", page["path"]), page[
            "path"
        ]


@pytest.mark.parametrize("page", PAGES, ids=[p["id"] for p in PAGES])
def test_page_extracts_to_its_article(page: dict) -> None:
    doc = _extract(page)
    text = _norm(doc["text"])
    for fragment in page["key_fragments"]:
        assert _norm(fragment) in text, f"{page['id']}: key fragment missing: {fragment!r}"
    for fragment in page["furniture_fragments"]:
        assert _norm(fragment) not in text, f"{page['id']}: furniture leaked: {fragment!r}"
    for fig in page["figures"]:
        assert _norm(fig["sentence"]) in text, (
            f"{page['id']}: evidence sentence missing: {fig['sentence']!r}"
        )
        assert fig["sentence"] in fig["mentions"]
        for sentence in fig["mentions"]:
            assert _norm(sentence) in text, f"{page['id']}: mention missing: {sentence!r}"
    assert (_norm(page["title"]) in text) == page["text_includes_headline"]
    assert doc["date"] == page["published"], f"{page['id']}: date {doc['date']}"
    assert doc["title"] == page["title"], f"{page['id']}: title {doc['title']!r}"


@pytest.mark.parametrize("page", PAGES, ids=[p["id"] for p in PAGES])
def test_page_markup(page: dict) -> None:
    raw = (REPLAY / page["path"]).read_bytes()
    if page["encoding"] == "windows-1252":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        html = raw.decode("cp1252")
        assert '<meta charset="windows-1252">' in html
        assert b"{{BASE}}" not in raw, "a non-UTF-8 page must not depend on {{BASE}} substitution"
    else:
        html = raw.decode("utf-8")
        assert '<meta charset="utf-8">' in html.lower()
        assert f'<link rel="canonical" href="{{{{BASE}}}}{page["url_path"]}">' in html
    assert ('property="article:published_time"' in html) == page["has_meta_published_time"]
    assert ("<article" in html) == page["has_article_element"]
    assert 'class="comment' in html, "every page carries a reader comments section"
    assert "©" in html


def test_windows_1252_page_decodes_accents() -> None:
    (page,) = [p for p in PAGES if p["encoding"] == "windows-1252"]
    text = _extract(page)["text"]
    for word in ("niños", "detención", "excarcelación", "“Operación Tun Tun”"):
        assert word in text


@pytest.mark.parametrize("feed", FEEDS, ids=[f["path"] for f in FEEDS])
def test_feed_parses_with_the_announced_entries(feed: dict) -> None:
    parsed = feedparser.parse(_served(REPLAY / feed["path"]))
    assert parsed.version, f"{feed['path']}: not recognised as a feed"
    assert not parsed.bozo, f"{feed['path']}: {parsed.get('bozo_exception')}"
    entries = parsed.entries
    assert len(entries) == feed["entries"]
    links = [e.get("link") for e in entries]
    assert sum(1 for link in links if not link) == feed["entries_without_link"]
    assert len({link for link in links if link}) == feed["unique_links"]
    for link in filter(None, links):
        assert link.startswith(BASE + "/"), link


def test_feed_links_reach_the_pages() -> None:
    redirects = json.loads((REPLAY / "gnews-redirects.json").read_text(encoding="utf-8"))
    reached: set[str] = set()
    for feed in FEEDS:
        for entry in feedparser.parse(_served(REPLAY / feed["path"])).entries:
            link = entry.get("link")
            if not link:
                continue
            path = link.removeprefix(BASE)
            if feed["kind"] == "google_news":
                m = re.fullmatch(r"/gnews/rss/articles/([A-Za-z0-9_-]+)\?oc=5", path)
                assert m, link
                path = redirects[m.group(1)]
                assert entry.title.endswith(" - " + entry.source.title)
                assert entry.source.href.startswith(BASE + "/sites/")
            assert (REPLAY / path.lstrip("/")).is_file(), link
            reached.add(path)
    assert reached == {p["url_path"] for p in PAGES}, "every page is reachable from a feed"
    assert set(redirects.values()) <= reached


def test_feed_pages_match_the_oracle() -> None:
    for page in PAGES:
        parsed = feedparser.parse(_served(REPLAY / page["feed"]))
        links = [e.get("link", "").removeprefix(BASE) for e in parsed.entries]
        assert page["feed_link"] in links, page["id"]


def test_title_prefilter_expectations() -> None:
    """Off-topic by title/summary only where the oracle says 'dropped_by_prefilter'."""
    terms = [t.casefold() for t in ORACLE["topic_terms"]]
    for page in PAGES:
        parsed = feedparser.parse(_served(REPLAY / page["feed"]))
        entry = next(
            e for e in parsed.entries if e.get("link", "").removeprefix(BASE) == page["feed_link"]
        )
        blob = f"{entry.title} {entry.get('summary', '')}".casefold()
        passes = any(t in blob for t in terms)
        assert passes == (page["expected_outcome"] != "dropped_by_prefilter"), page["id"]


def test_sources_file_shape() -> None:
    data = tomllib.loads((REPLAY / "sources.toml").read_text(encoding="utf-8"))
    assert data["topic"]["terms"] == ORACLE["topic_terms"]
    by_url = {s["url"]: s for s in data["source"]}
    assert set(by_url) == {"{{BASE}}/" + f["path"] for f in FEEDS}
    for feed in FEEDS:
        src = by_url["{{BASE}}/" + feed["path"]]
        assert (src["kind"], src["language"]) == (feed["kind"], feed["language"])
        assert src["name"] == feed["source"]


def test_sources_file_loads_with_the_project_loader() -> None:
    sources = pytest.importorskip("pipeline.sources")
    loaded = sources.load_sources(REPLAY / "sources.toml", base_url=BASE)
    assert [s.url for s in loaded.sources] == [BASE + "/" + f["path"] for f in FEEDS]


def test_robots_allows_all_but_private() -> None:
    rp = RobotFileParser()
    rp.parse((REPLAY / "robots.txt").read_text(encoding="utf-8").splitlines())
    assert rp.can_fetch("newstally", BASE + PAGES[0]["url_path"])
    assert rp.can_fetch("newstally", BASE + "/feeds/ngo.rss")
    assert not rp.can_fetch("newstally", BASE + "/private/anything.html")


def test_oracle_cross_references() -> None:
    figs = {p["id"]: p["figures"] for p in PAGES}
    figs["seed"] = ORACLE["seed"]["figures"]
    assert (REPLAY.parent.parent / ORACLE["seed"]["path"]).is_file()
    for pair in ORACLE["pairs"]:
        for side in ("a", "b"):
            ref = pair[side]
            assert any(
                f["value"] == ref["value"] and f["metric"] == ref["metric"]
                for f in figs[ref["page"]]
            ), ref
        assert pair["relation"] in {"contradict", "update", "agree", "different_claim"}
        assert pair["alert_expected"] == (pair["relation"] == "contradict")
    for case in ORACLE["cases"].values():
        for pid in case["pages"]:
            assert pid in figs, pid
    ids = set(figs)
    exp = ORACLE["expected"]
    for group in exp["stories"]:
        assert set(group) <= ids
    for c in exp["copies"]:
        assert {c["page"], c["duplicate_of"]} <= ids
    qualifiers = {"exact", "at_least", "more_than", "about", "nearly", "up_to", "fewer_than"}
    metrics = {
        "killed",
        "injured",
        "arrested",
        "detained_current",
        "released",
        "minors_detained",
        "disappeared",
        "other",
    }
    for pid, fs in figs.items():
        for f in fs:
            assert f["qualifier"] in qualifiers and f["metric"] in metrics, (pid, f)
    # off-topic pages report no figures
    for page in PAGES:
        if not page["on_topic"]:
            assert page["figures"] == []


def test_seed_copy_is_the_seed_lightly_edited() -> None:
    """Case 1 only makes sense if the copy really is the seed's text, trimmed and retouched."""
    seed = (REPLAY.parent.parent / ORACLE["seed"]["path"]).read_text(encoding="utf-8")
    (page,) = [p for p in PAGES if "1" in p["cases"]]
    copy = _extract(page)["text"]

    def shingles(t: str) -> set[tuple[str, str]]:
        w = re.findall(r"\w+", t.lower())
        return set(itertools.pairwise(w))

    a, b = shingles(copy), shingles(seed)
    containment = len(a & b) / min(len(a), len(b))
    assert 0.75 <= containment < 1.0
    assert seed.strip().splitlines()[-1][:60] not in copy, "the last paragraph is trimmed"
