"""A small warehouse built through warehouse.load.load_batch, for the analyst tests.

The rows are invented for the tests (outlets, wording and numbers), in the shape the
pipeline writes: a seed article, originals in English and Spanish, a copy, a page that
was revised, a flagged page date, two alerts (one open, one acknowledged), polls of
three feeds (one failing).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from warehouse.db import writer
from warehouse.load import LoadBatch, load_batch

V = "extract-1+figures-1"
FV = "figures-1"


def _sha(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


def _article(aid: int, slug: str, publisher: str, published: str, language: str, text: str,
             **extra: Any) -> dict[str, Any]:
    url = f"https://{publisher.lower().replace(' ', '')}.example/{slug}"
    row = {
        "id": aid, "url": url, "canonical_url": url, "source": extra.pop("source", "en-world"),
        "publisher": publisher, "title": extra.pop("title", slug.replace("-", " ").capitalize()),
        "author": None, "published_at": datetime.fromisoformat(published).replace(tzinfo=UTC),
        "feed_published_at": datetime.fromisoformat(published).replace(tzinfo=UTC),
        "page_published_at": None, "date_flag": None, "language": language, "text": text,
        "text_sha256": _sha(text), "relevance": 0.9, "is_seed": False, "duplicate_of": None,
        "story_id": None, "dedup_score": None, "dedup_method": None,
        "fetched_at": datetime(2025, 1, 5, tzinfo=UTC), "content_sha256": _sha("page:" + slug),
        "extractor_version": V,
    }
    row.update(extra)
    return row


def _figure(fid: int, aid: int, metric: str, value: int, qualifier: str, sentence: str,
            span: str, *, low: int | None = None, high: int | str | None = "same",
            unit: str | None = "people", attributed_to: str | None = None,
            as_of: date | None = None, content_sha256: str | None = None,
            language: str = "en") -> dict[str, Any]:
    start = sentence.find(span)
    return {
        "id": fid, "article_id": aid, "metric": metric, "value": value, "qualifier": qualifier,
        "low": value if low is None else low, "high": value if high == "same" else high,
        "unit": unit, "attributed_to": attributed_to, "as_of": as_of, "period": None,
        "sentence": sentence, "span": span, "span_start": max(start, 0),
        "span_end": max(start, 0) + len(span), "language": language,
        "content_sha256": content_sha256, "extractor_version": FV,
    }


def build_warehouse(path: Path) -> Path:
    """Write the test warehouse to ``path`` and return it."""
    now = datetime.now(UTC)
    seed_text = "The government said 24 people were killed in the protests after the vote."
    arts = [
        _article(-1, "seed-protest-toll", "Seed Wire", "2024-08-02", "en", seed_text,
                 source="seed", is_seed=True, content_sha256=_sha(seed_text)),
        _article(-2, "protest-toll-rises", "Atlantic Courier", "2024-08-10", "en",
                 "Rights groups say at least 28 people were killed in the protests."),
        _article(-3, "foro-penal-1953-presos", "Cronica Latina", "2024-10-29", "es",
                 "Foro Penal contabiliza 1.953 presos políticos al 28 de octubre.",
                 source="es-latam"),
        _article(-4, "balance-25-11", "Foro Penal", "2024-11-26", "es",
                 "Foro Penal registra 1.905 presos políticos al 25 de noviembre.",
                 source="ngo"),
        _article(-5, "balance-09-12", "Foro Penal", "2024-12-10", "es",
                 "Foro Penal registra 1.849 presos políticos al 9 de diciembre.",
                 source="ngo"),
        _article(-6, "venezuela-releases-103", "Caribe Ledger", "2024-12-13", "en",
                 "Authorities released 103 prisoners detained since the election.",
                 title="Venezuela releases 103 prisoners"),
        _article(-7, "venezuela-releases-103-copy", "Andes Post", "2024-12-14", "en",
                 "Authorities released 103 prisoners detained since the election, it said.",
                 duplicate_of=-6, story_id=-6, dedup_score=0.93, dedup_method="near_duplicate",
                 title="Venezuela releases 103 prisoners"),
        _article(-8, "more-releases", "Andes Post", "2024-12-20", "en",
                 "More than 130 detainees were released this week, the ministry said."),
        # a page that changed: its figures of the first version must not show in v_figures
        _article(-9, "arrests-update", "Northbridge", "2024-08-15", "en",
                 "Officials said 2,229 people were arrested after the vote.",
                 content_sha256=_sha("page:arrests-update:v2")),
        _article(-10, "old-page-date", "World Desk", "2024-09-01", "en",
                 "Nearly 200 minors were detained, the rights group said.",
                 page_published_at=datetime(2023, 1, 1, tzinfo=UTC),
                 date_flag="page date 2023-01-01 is 609 days from the feed date 2024-09-01; "
                           "the feed date is used"),
    ]
    figs = [
        _figure(-101, -1, "killed", 24, "exact", seed_text, "24", content_sha256=_sha(seed_text),
                attributed_to="government"),
        _figure(-102, -2, "killed", 28, "at_least", arts[1]["text"], "at least 28", high=None,
                content_sha256=arts[1]["content_sha256"], attributed_to="rights groups"),
        _figure(-103, -3, "detained_current", 1953, "exact", arts[2]["text"], "1.953",
                unit="political prisoners", attributed_to="Foro Penal",
                as_of=date(2024, 10, 28), content_sha256=arts[2]["content_sha256"], language="es"),
        _figure(-104, -4, "detained_current", 1905, "exact", arts[3]["text"], "1.905",
                unit="political prisoners", attributed_to="Foro Penal",
                as_of=date(2024, 11, 25), content_sha256=arts[3]["content_sha256"], language="es"),
        _figure(-105, -5, "detained_current", 1849, "exact", arts[4]["text"], "1.849",
                unit="political prisoners", attributed_to="Foro Penal",
                as_of=date(2024, 12, 9), content_sha256=arts[4]["content_sha256"], language="es"),
        _figure(-106, -6, "released", 103, "exact", arts[5]["text"], "103", unit="prisoners",
                content_sha256=arts[5]["content_sha256"]),
        _figure(-108, -8, "released", 130, "more_than", arts[7]["text"], "More than 130",
                low=131, high=None, unit="detainees", attributed_to="ministry",
                content_sha256=arts[7]["content_sha256"]),
        _figure(-109, -9, "arrested", 2200, "exact", "Officials said 2,200 people were arrested.",
                "2,200", content_sha256=_sha("page:arrests-update:v1"),
                attributed_to="officials"),
        _figure(-110, -9, "arrested", 2229, "exact", arts[8]["text"], "2,229",
                content_sha256=arts[8]["content_sha256"], attributed_to="officials"),
        _figure(-111, -10, "minors_detained", 200, "nearly", arts[9]["text"], "Nearly 200",
                low=180, high=199, unit="minors", attributed_to="rights group",
                content_sha256=arts[9]["content_sha256"]),
    ]
    alerts = [
        {"kind": "contradiction", "metric": "killed", "new_figure_id": -102,
         "old_figure_id": -101, "rule": "disjoint_intervals",
         "message": "CONTRADICTION (killed): at least 28 vs 24",
         "details": {"rule": "disjoint_intervals"}},
        {"kind": "revision", "metric": "arrested", "new_figure_id": -110, "old_figure_id": -109,
         "rule": "page_revision", "message": "REVISION (arrested): 2,229 vs 2,200",
         "details": {"rule": "page_revision"}},
    ]
    polls = [
        {"run_id": "run-1", "source": s, "url": f"https://{s}.example/feed", "polled_at": now
         - timedelta(hours=h), "status": st, "http_status": code, "entries": n,
         "new_entries": n, "error": err, "duration_ms": 12.0}
        for s, h, st, code, n, err in [
            ("en-world", 2, "ok", 200, 5, None),
            ("es-latam", 2, "ok", 200, 3, None),
            ("ngo", 2, "error", 503, 0, "feed 'ngo': HTTP 503; retried on the next run"),
            ("ngo", 30, "ok", 200, 2, None),
        ]
    ]
    sources = [
        {"name": "en-world", "url": "https://en-world.example/feed", "kind": "rss",
         "language": "en"},
        {"name": "es-latam", "url": "https://es-latam.example/feed", "kind": "atom",
         "language": "es"},
        {"name": "ngo", "url": "https://ngo.example/feed", "kind": "rss", "language": "es"},
    ]
    batch = LoadBatch(
        run_id="run-1",
        run={"id": "run-1", "started_at": now - timedelta(hours=2), "finished_at": now,
             "sources_file": "sources.toml", "summary": {"feeds": 3}},
        sources=sources, polls=polls, articles=arts, figures=figs, alerts=alerts,
        pages=[{"canonical_url": a["canonical_url"], "content_sha256": a["content_sha256"],
                "url": a["url"], "final_url": a["url"], "source": a["source"],
                "http_status": 200, "content_type": "text/html", "encoding": "utf-8",
                "etag": None, "last_modified": None, "fetched_at": a["fetched_at"],
                "raw_html_gz": None, "outcome": "duplicate" if a["duplicate_of"] else "article",
                "reason": None} for a in arts if not a["is_seed"]],
    )
    with writer(path) as conn:
        load_batch(conn, batch)
        conn.execute("UPDATE alerts SET status = 'acknowledged' WHERE kind = 'revision'")
    return path
