"""newstally reprocess: stored raw HTML re-extracted with the current code, nothing fetched.

The pages are small articles written for these tests. Their URLs point at a real loopback
HTTP server that counts requests: a reprocess must make none.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from newstally.cli import main
from pipeline import dedup
from pipeline.reprocess import current_version, reprocess
from warehouse.db import reader, writer
from warehouse.load import LoadBatch, load_batch

OLD = "extract-0+figures-0"

EN_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Caracas frees dozens more detainees - Harbor Gazette</title>
<meta property="og:site_name" content="Harbor Gazette">
<meta property="article:published_time" content="2025-01-20T10:00:00Z">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Caracas frees dozens more detainees</h1>
<p>Venezuelan authorities freed 87 detainees over the weekend, the attorney general's office
said on Monday, in the latest round of releases since the disputed vote in July.</p>
<p>Relatives waited outside the Tocorón and Tocuyito prisons for most of Sunday. Lawyers for
several families told the Harbor Gazette that the releases came with conditions, including
regular court appearances and a ban on speaking to the press.</p>
<p>The rights group Foro Penal said it still counted 1,697 political prisoners across the
country as of January 13, a figure it updates every week after checking each case.</p>
</article><footer>© Harbor Gazette. Subscribe for more.</footer></body></html>"""

ES_PAGE = """<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">
<title>Excarcelan a otro grupo de detenidos en Venezuela | Diario del Llano</title>
<meta property="og:site_name" content="Diario del Llano">
<meta property="article:published_time" content="2025-01-21T09:00:00-04:00">
</head><body><div class="menu">Inicio · Política · Deportes</div>
<article><h1>Excarcelan a otro grupo de detenidos en Venezuela</h1>
<p>Las autoridades venezolanas excarcelaron a 64 personas detenidas durante las protestas,
informó este martes el Ministerio Público en un comunicado difundido por la noche.</p>
<p>Familiares de los presos aguardaron durante horas frente a los centros de reclusión. Los
abogados de varias familias señalaron que las medidas cautelares obligan a presentarse ante
los tribunales cada quince días.</p>
</article><div class="comments">Comentario: ¡qué vergüenza!</div></body></html>"""

SEED_TEXT = ("The interior ministry said 42 people were arrested in the capital after the vote, "
             "and opposition lawyers said most of them had not yet seen a judge.")


class _Counter(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # pragma: no cover - must never be called
        type(self).requests.append(self.path)
        body = b"<html><body>served</body></html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def origin() -> Iterator[tuple[str, list[str]]]:
    """A real loopback server the page URLs point at, counting the requests it gets."""
    _Counter.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Counter.requests
    finally:
        server.shutdown()
        server.server_close()


def _sha(b: bytes | str) -> str:
    return hashlib.sha256(b.encode() if isinstance(b, str) else b).hexdigest()


def _page(url: str, html: str, source: str) -> dict[str, Any]:
    body = html.encode("utf-8")
    return {"canonical_url": url, "content_sha256": _sha(body), "url": url, "final_url": url,
            "source": source, "http_status": 200, "content_type": "text/html; charset=utf-8",
            "encoding": "utf-8", "etag": None, "last_modified": None,
            "fetched_at": datetime(2025, 1, 22, tzinfo=UTC),
            "raw_html_gz": gzip.compress(body), "outcome": "article", "reason": None}


def _article(aid: int, page: dict[str, Any], publisher: str, published: str, language: str,
             text: str) -> dict[str, Any]:
    when = datetime.fromisoformat(published).replace(tzinfo=UTC)
    return {"id": aid, "url": page["url"], "canonical_url": page["canonical_url"],
            "source": page["source"], "publisher": publisher, "title": "old title",
            "author": None, "published_at": when, "feed_published_at": when,
            "page_published_at": None, "date_flag": None, "language": language, "text": text,
            "text_sha256": dedup.text_sha256(text), "relevance": 0.8, "is_seed": False,
            "duplicate_of": None, "story_id": None, "dedup_score": None, "dedup_method": None,
            "fetched_at": page["fetched_at"], "content_sha256": page["content_sha256"],
            "extractor_version": OLD}


def _fig(fid: int, aid: int, metric: str, value: int, sentence: str, sha: str,
         start: int = 0) -> dict[str, Any]:
    return {"id": fid, "article_id": aid, "metric": metric, "value": value, "qualifier": "exact",
            "low": value, "high": value, "unit": "people", "attributed_to": None, "as_of": None,
            "period": None, "sentence": sentence, "span": str(value), "span_start": start,
            "span_end": start + len(str(value)), "language": "en", "content_sha256": sha,
            "extractor_version": "figures-0"}


def build(db: Path, base: str, *, mirror: bool = False, lost_page: bool = False) -> None:
    """A warehouse loaded by an older extractor: stale text, a wrong figure, two alerts."""
    en = _page(f"{base}/harbor/caracas-frees-detainees.html", EN_PAGE, "test-en")
    es = _page(f"{base}/llano/excarcelan-detenidos.html", ES_PAGE, "test-es")
    pages = [en, es]
    arts = [
        {**_article(-1, {**en, "url": "seed:test", "canonical_url": "seed:test",
                         "source": "seed", "content_sha256": _sha(SEED_TEXT)},
                    "Seed Wire", "2024-08-05", "en", SEED_TEXT), "is_seed": True},
        # the old extractor kept the navigation and the footer in the text
        _article(-2, en, "Harbor Gazette", "2025-01-20", "en",
                 "Home | World. Venezuelan authorities freed 87 detainees over the weekend. "
                 "© Harbor Gazette. Subscribe for more."),
        _article(-3, es, "Diario del Llano", "2025-01-21", "es",
                 "Inicio · Política. Las autoridades venezolanas excarcelaron a 64 personas. "
                 "Comentario: ¡qué vergüenza!"),
    ]
    figs = [
        _fig(-10, -1, "arrested", 42, SEED_TEXT, _sha(SEED_TEXT), SEED_TEXT.find("42")),
        _fig(-11, -2, "released", 87, "Venezuelan authorities freed 87 detainees.",
             en["content_sha256"]),
        # a number the old extractor misread from the page furniture
        _fig(-12, -2, "killed", 999, "© Harbor Gazette. Subscribe for more.",
             en["content_sha256"]),
        _fig(-13, -3, "released", 64, "Las autoridades venezolanas excarcelaron a 64 personas.",
             es["content_sha256"]),
    ]
    if mirror:
        # another outlet's page with the very same article: the current dedup sees a copy
        m = _page(f"{base}/mirror/caracas-frees-detainees.html", EN_PAGE, "test-en")
        pages.append(m)
        arts.append(_article(-4, m, "Mirror Daily", "2025-01-22", "en", "Mirror Daily text."))
        figs.append(_fig(-14, -4, "released", 87, "Mirror: freed 87 detainees.",
                         m["content_sha256"]))
    if lost_page:
        arts.append(_article(-5, {**es, "url": f"{base}/gone.html",
                                  "canonical_url": f"{base}/gone.html"},
                             "Gone Times", "2025-01-23", "en", "A page whose HTML was not kept."))
    alerts = [
        {"kind": "contradiction", "metric": "released", "new_figure_id": -13,
         "old_figure_id": -11, "rule": "disjoint_intervals", "message": "64 vs 87",
         "details": {"new": {"as_written": "64"}, "old": {"as_written": "87"}}},
        {"kind": "contradiction", "metric": "killed", "new_figure_id": -12,
         "old_figure_id": -10, "rule": "disjoint_intervals", "message": "999 vs 42",
         "details": {"new": {"as_written": "999", "sentence": "© Harbor Gazette."},
                     "old": {"as_written": "42"}}},
    ]
    with writer(db) as conn:
        load_batch(conn, LoadBatch(pages=pages, articles=arts, figures=figs, alerts=alerts))


def _figures(db: Path) -> dict[str, set[tuple[str, int]]]:
    with reader(db) as conn:
        rows = conn.execute(
            "SELECT a.publisher, f.metric, f.value FROM figures f JOIN articles a "
            "ON a.id = f.article_id").fetchall()
    out: dict[str, set[tuple[str, int]]] = {}
    for pub, metric, value in rows:
        out.setdefault(pub, set()).add((metric, value))
    return out


def test_reprocess_recomputes_text_and_figures_without_fetching(tmp_path, origin):
    base, requests = origin
    db = tmp_path / "w.duckdb"
    build(db, base)
    seen: list[tuple[int, int]] = []

    summary = reprocess(db, on_progress=lambda d, t: seen.append((d, t)))

    assert requests == []
    assert summary.considered == summary.reprocessed == 3
    assert summary.seeds == 1
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    figs = _figures(db)
    assert ("killed", 999) not in figs["Harbor Gazette"]
    assert {("released", 87), ("detained_current", 1697)} <= figs["Harbor Gazette"]
    assert ("released", 64) in figs["Diario del Llano"]
    assert figs["Seed Wire"] == {("arrested", 42)}
    with reader(db) as conn:
        arts = conn.execute(
            "SELECT publisher, text, title, extractor_version, text_sha256, page_published_at "
            "FROM articles ORDER BY id").fetchall()
        sigs = conn.execute("SELECT DISTINCT scheme FROM article_signatures").fetchall()
        versions = conn.execute("SELECT DISTINCT extractor_version FROM figures").fetchall()
    assert {a[3] for a in arts} == {current_version()}
    harbor = next(a for a in arts if a[0] == "Harbor Gazette")
    assert "Subscribe" not in harbor[1] and "Home |" not in harbor[1]
    assert "1,697 political prisoners" in harbor[1]
    assert harbor[2] == "Caracas frees dozens more detainees"
    assert harbor[4] == dedup.text_sha256(harbor[1])
    assert harbor[5] is not None and harbor[5].date().isoformat() == "2025-01-20"
    assert next(a for a in arts if a[0] == "Diario del Llano")[1].count("qué vergüenza") == 0
    assert sigs == [(dedup.SCHEME,)]
    from pipeline.figures import EXTRACTOR_VERSION

    assert versions == [(EXTRACTOR_VERSION,)]


def test_alerts_follow_re_read_figures_or_are_superseded(tmp_path, origin):
    base, requests = origin
    db = tmp_path / "w.duckdb"
    build(db, base)
    summary = reprocess(db)
    assert requests == []
    assert summary.alerts_followed == 1 and summary.alerts_superseded == 1
    with reader(db) as conn:
        rows = conn.execute(
            """
            SELECT x.metric, x.status, x.status_note, n.value, o.value
            FROM alerts x LEFT JOIN figures n ON n.id = x.new_figure_id
            LEFT JOIN figures o ON o.id = x.old_figure_id ORDER BY x.id
            """).fetchall()
        open_alerts = conn.execute(
            "SELECT metric, new_as_written, old_as_written FROM v_open_alerts").fetchall()
        # the evidence of the alert that followed points at the re-read figures (h9)
        evidence = conn.execute(
            "SELECT e.side, f.value FROM alert_evidence e JOIN alerts x ON x.id = e.alert_id "
            "LEFT JOIN figures f ON f.id = e.figure_id WHERE x.status = 'open' ORDER BY e.side"
        ).fetchall()
    assert evidence == [("new", 64), ("old", 87)]
    released, killed = rows[0], rows[1]
    assert released[:2] == ("released", "open") and (released[3], released[4]) == (64, 87)
    assert killed[1] == "superseded" and "reprocess" in killed[2]
    assert killed[3] is None  # the misread figure is gone; details keep the evidence
    assert open_alerts == [("released", "64", "87")]


def test_second_reprocess_does_nothing_and_all_redoes_everything(tmp_path, origin):
    base, requests = origin
    db = tmp_path / "w.duckdb"
    build(db, base)
    reprocess(db)
    before = _figures(db)
    with reader(db) as conn:
        ids = conn.execute("SELECT id FROM figures ORDER BY id").fetchall()
    again = reprocess(db)
    assert again.considered == 0 and again.reprocessed == 0
    with reader(db) as conn:
        assert conn.execute("SELECT id FROM figures ORDER BY id").fetchall() == ids
    everything = reprocess(db, all_articles=True)
    assert everything.reprocessed == 3
    assert everything.alerts_followed == 1 and everything.new_alerts == 0
    assert _figures(db) == before
    assert requests == []


def test_an_article_whose_page_is_a_copy_loses_its_figures(tmp_path, origin):
    base, requests = origin
    db = tmp_path / "w.duckdb"
    build(db, base, mirror=True, lost_page=True)
    summary = reprocess(db)
    assert requests == []
    assert summary.became_copy == 1
    assert len(summary.no_page) == 1 and summary.no_page[0].endswith("/gone.html")
    with reader(db) as conn:
        mirror = conn.execute(
            "SELECT a.duplicate_of, o.publisher, a.dedup_method, a.story_id = o.story_id, "
            "(SELECT count(*) FROM figures f WHERE f.article_id = a.id) "
            "FROM articles a JOIN articles o ON o.id = a.duplicate_of "
            "WHERE a.publisher = 'Mirror Daily'").fetchall()
        gone = conn.execute("SELECT extractor_version, text FROM articles "
                            "WHERE publisher = 'Gone Times'").fetchall()
        outlets = conn.execute("SELECT n_outlets, n_copies FROM v_story_outlets "
                               "WHERE first_publisher = 'Harbor Gazette'").fetchall()
    assert mirror and mirror[0][1:] == ("Harbor Gazette", "exact_text", True, 0)
    assert gone == [(OLD, "A page whose HTML was not kept.")]
    assert outlets == [(2, 1)]


def test_cli_reprocess_prints_a_summary_and_no_progress_bar_when_not_a_tty(tmp_path, origin):
    base, requests = origin
    db = tmp_path / "w.duckdb"
    build(db, base)
    res = CliRunner().invoke(main, ["reprocess", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "reprocessed 3 of 3 article(s)" in res.output
    assert "nothing was fetched" in res.output
    assert "1 follow their re-read figures, 1 superseded" in res.output
    assert "━" not in res.output and "\r" not in res.output
    assert requests == []
    res = CliRunner().invoke(main, ["reprocess", "--db", str(db)])
    assert "reprocessed 0 of 0 article(s)" in res.output
