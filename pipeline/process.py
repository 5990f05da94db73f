"""Turn selected entries into load-ready rows: fetch → extract → relevance → figures,
then dedup and contradictions against what the warehouse holds.

Plain Python: the Prefect flow (``flows/ingest.py``) calls these functions from its
tasks, and tests call them directly.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pipeline import contradictions, dedup
from pipeline.claims import classify
from pipeline.errors import FetchError
from pipeline.extract import EXTRACTOR_VERSION, Extracted, extract_article, reconcile_dates
from pipeline.figures import EXTRACTOR_VERSION as FIGURES_VERSION
from pipeline.figures import extract_figures
from pipeline.models import Entry, Figure, Page
from pipeline.net import Fetcher, decode_html
from pipeline.relevance import Relevance, score_relevance
from pipeline.seeds import SeedArticle
from pipeline.select import canonical_url, resolve_aggregator

log = logging.getLogger(__name__)

#: Recorded with every article and figure; `newstally reprocess` replaces older output.
PIPELINE_VERSION = f"{EXTRACTOR_VERSION}+{FIGURES_VERSION}"


@dataclass
class Processed:
    """One entry after fetch, extraction, relevance and figures."""

    source: str
    entry_url: str
    canonical_url: str
    outcome: str  # article | rejected | error | held | transient
    reason: str | None = None
    final_url: str | None = None
    feed_title: str | None = None
    feed_published: datetime | None = None
    feed_language: str | None = None
    fetched_at: datetime | None = None
    http_status: int | None = None
    content_type: str | None = None
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_sha256: str | None = None
    raw_html_gz: bytes | None = None
    extracted: Extracted | None = None
    relevance: Relevance | None = None
    published_at: datetime | None = None
    date_flag: str | None = None
    language: str | None = None
    figures: list[Figure] = field(default_factory=list)
    is_seed: bool = False
    publisher: str | None = None
    # for re-fetches of held articles
    article_id: int | None = None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def analyse_html(
    p: Processed, html: str, *, topic_terms: Sequence[str], threshold: float
) -> Processed:
    """Extract, score and read the figures of one page's HTML (in place)."""
    ex = extract_article(html, url=p.final_url or p.entry_url)
    if ex is None:
        p.outcome, p.reason = "rejected", "no article text found by trafilatura"
        return p
    p.extracted = ex
    rel = score_relevance(ex.text, terms=topic_terms, title=ex.title or p.feed_title)
    p.relevance = rel
    p.published_at, p.date_flag = reconcile_dates(p.feed_published, ex.page_date,
                                                  now=p.fetched_at)
    p.language = ex.language or p.feed_language
    if rel.score < threshold:
        p.outcome = "rejected"
        p.reason = f"off-topic: {rel.reason} (threshold {threshold:.2f})"
        return p
    p.outcome = "article"
    p.figures = extract_figures(
        ex.text, language=p.language, published=p.published_at.date() if p.published_at else None
    )
    return p


def fetch_and_process(
    entries: Sequence[Entry],
    fetcher: Fetcher,
    *,
    topic_terms: Sequence[str],
    threshold: float,
    held: Callable[[str], bool],
    kinds: dict[str, str] | None = None,
    concurrency: int = 4,
) -> list[Processed]:
    """Fetch the pages of ``entries`` and process each; one failure never stops the rest."""
    kinds = kinds or {}
    out: list[Processed] = []
    targets: list[tuple[Processed, str]] = []
    for e in entries:
        p = Processed(
            source=e.source, entry_url=e.url, canonical_url=e.canonical_url, outcome="error",
            feed_title=e.title, feed_published=e.published, feed_language=e.language,
        )
        out.append(p)
        url = e.url
        if kinds.get(e.source) == "google_news" or "news.google.com" in url:
            try:
                url = resolve_aggregator(url, fetcher)
            except FetchError as exc:
                _record_fetch_error(p, exc)
                continue
            p.canonical_url = canonical_url(url)
            if held(p.canonical_url):
                p.outcome, p.reason = "held", "publisher URL already held"
                continue
        targets.append((p, url))
    results = fetcher.fetch_many([u for _, u in targets], concurrency=concurrency)
    for (p, _url), res in zip(targets, results, strict=True):
        if isinstance(res, FetchError):
            _record_fetch_error(p, res)
            continue
        record_page(p, res)
        final_canonical = canonical_url(res.final_url)
        if final_canonical != p.canonical_url and held(final_canonical):
            p.outcome, p.reason = "held", f"redirected to {res.final_url}, already held"
            continue
        try:
            html = decode_html(res)
        except Exception as exc:  # undecodable bytes are recorded, never fatal
            p.outcome, p.reason = "rejected", f"cannot decode the page: {exc}"
            continue
        analyse_html(p, html, topic_terms=topic_terms, threshold=threshold)
    return out


def record_page(p: Processed, page: Page) -> None:
    """Keep a fetched page's response facts and its raw body (gzip) on ``p``."""
    p.final_url = page.final_url
    p.fetched_at = page.fetched_at
    p.http_status = page.status
    p.content_type = page.content_type
    p.encoding = page.encoding
    p.etag = page.etag
    p.last_modified = page.last_modified
    p.content_sha256 = _sha256(page.body)
    p.raw_html_gz = gzip.compress(page.body, compresslevel=6)


def _record_fetch_error(p: Processed, exc: FetchError) -> None:
    p.reason = str(exc)
    p.fetched_at = datetime.now(UTC)
    p.http_status = getattr(exc, "status", None)
    # Transient failures are not recorded as pages, so the next run tries again.
    p.outcome = "transient" if exc.transient else "error"


def seed_processed(seeds: Iterable[SeedArticle]) -> list[Processed]:
    """The seed corpus as processed articles (their text is already clean)."""
    out = []
    for s in seeds:
        text_bytes = s.text.encode("utf-8")
        p = Processed(
            source="seed", entry_url=s.url, canonical_url=s.url, outcome="article",
            final_url=s.url, feed_title=s.title, feed_published=s.published,
            feed_language=s.language, fetched_at=s.published, content_sha256=_sha256(text_bytes),
            extracted=Extracted(text=s.text, title=s.title, author=None,
                                page_date=s.published.date(), sitename=s.publisher,
                                language=s.language),
            published_at=s.published, language=s.language, is_seed=True, publisher=s.publisher,
        )
        p.figures = extract_figures(s.text, language=s.language, published=s.published.date())
        out.append(p)
    return out


# --------------------------------------------------------------------------- assembly


@dataclass
class Assembly:
    """Rows for ``warehouse.load.LoadBatch`` plus counts for the summary."""

    pages: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    article_updates: list[dict[str, Any]] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    per_source: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _count(a: Assembly, source: str, key: str) -> None:
    d = a.per_source.setdefault(
        source, {"new_articles": 0, "duplicates": 0, "rejected": 0, "errors": 0, "figures": 0,
                 "revisions": 0})
    d[key] = d.get(key, 0) + 1


def _sort_key(p: Processed) -> tuple[int, datetime]:
    when = p.published_at or p.fetched_at or datetime.max.replace(tzinfo=UTC)
    return (0 if p.is_seed else 1, when)


def assemble(
    processed: Sequence[Processed],
    *,
    index: dedup.DedupIndex,
    held_figures: Sequence[dict[str, Any]],
    refetched: Sequence[Processed] = (),
) -> Assembly:
    """Dedup, store figures and raise alerts, article by article, oldest first."""
    asm = Assembly()
    held = [contradictions.HeldFigure(**f) for f in held_figures]
    next_article = -1
    next_figure = -1
    seen_canonical: set[str] = set()

    for p in sorted(processed, key=_sort_key):
        if p.outcome == "held":
            continue
        if p.outcome in ("error", "transient"):
            _count(asm, p.source, "errors")
            asm.errors.append(f"{p.source}: {p.reason}")
            if p.outcome == "error":
                asm.pages.append(_page_row(p, "error", p.reason, sha=f"error:{p.canonical_url}"))
            continue
        if p.canonical_url in seen_canonical:
            continue
        seen_canonical.add(p.canonical_url)
        if p.outcome == "rejected":
            _count(asm, p.source, "rejected")
            if p.content_sha256:
                asm.pages.append(_page_row(p, "rejected", p.reason))
            continue
        assert p.extracted is not None
        text = p.extracted.text
        title = p.extracted.title or p.feed_title
        decision, sig = index.classify(text, title=title, figures=p.figures)
        aid = next_article
        next_article -= 1
        story = decision.story_id if decision.story_id is not None else aid
        is_copy = decision.relation == "copy"
        if not p.is_seed:
            asm.pages.append(_page_row(p, "duplicate" if is_copy else "article", None))
        asm.articles.append({
            "id": aid, "url": p.entry_url, "canonical_url": p.canonical_url, "source": p.source,
            "publisher": p.publisher or p.extracted.sitename, "title": title,
            "author": p.extracted.author, "published_at": p.published_at,
            "feed_published_at": p.feed_published,
            "page_published_at": _midnight(p.extracted.page_date),
            "date_flag": p.date_flag, "language": p.language, "text": text,
            "text_sha256": dedup.text_sha256(text),
            "relevance": p.relevance.score if p.relevance else None, "is_seed": p.is_seed,
            "duplicate_of": decision.duplicate_of if is_copy else None, "story_id": story,
            "dedup_score": decision.score if decision.relation != "original" else None,
            "dedup_method": decision.method if is_copy else None,
            "fetched_at": p.fetched_at, "content_sha256": p.content_sha256,
            "extractor_version": PIPELINE_VERSION,
        })
        asm.signatures.append({
            "article_id": aid, "scheme": sig.scheme, "signature": sig.hashvalues,
            "title_key": sig.title_key, "n_shingles": sig.n_shingles,
        })
        index.add(aid, sig, story_id=story, text_sha256=dedup.text_sha256(text),
                  figures=p.figures)
        if is_copy:
            _count(asm, p.source, "duplicates")
            continue
        _count(asm, p.source, "new_articles")
        new_held: list[contradictions.HeldFigure] = []
        fids = list(range(next_figure, next_figure - len(p.figures), -1))
        next_figure -= len(p.figures)
        for f, fid in zip(p.figures, fids, strict=True):
            asm.figures.append(figure_row(fid, aid, f, p.content_sha256, part_of_ids(f, fids)))
            new_held.append(_held(fid, aid, story, p, f))
            _count(asm, p.source, "figures")
        for cand in contradictions.find_alerts(new_held, held):
            asm.alerts.append(_alert_row(cand))
        held.extend(new_held)

    for p in refetched:
        _revision(asm, p, held, next_figure)
        next_figure -= len(p.figures)
    return asm


def _revision(asm: Assembly, p: Processed, held: list[contradictions.HeldFigure],
              next_figure: int) -> None:
    """A held article whose page changed: new figures, compared as a revision."""
    assert p.article_id is not None
    now = datetime.now(UTC)
    if p.outcome != "article" or p.extracted is None:
        asm.article_updates.append({"id": p.article_id, "last_checked_at": now})
        return
    text = p.extracted.text
    asm.pages.append(_page_row(p, "article", "re-fetched: page changed"))
    asm.article_updates.append({
        "id": p.article_id, "text": text, "text_sha256": dedup.text_sha256(text),
        "content_sha256": p.content_sha256, "fetched_at": p.fetched_at, "last_checked_at": now,
        "title": p.extracted.title or p.feed_title, "extractor_version": PIPELINE_VERSION,
    })
    _count(asm, p.source, "revisions")
    sig = dedup.signature(text, p.extracted.title or p.feed_title)
    asm.signatures.append({
        "article_id": p.article_id, "scheme": sig.scheme, "signature": sig.hashvalues,
        "title_key": sig.title_key, "n_shingles": sig.n_shingles,
    })
    story = next((h.story_id for h in held if h.article_id == p.article_id and h.story_id),
                 p.article_id)
    new_held = []
    for i, f in enumerate(p.figures):
        fid = next_figure - i
        asm.figures.append(figure_row(fid, p.article_id, f, p.content_sha256))
        new_held.append(_held(fid, p.article_id, story, p, f))
    for cand in contradictions.find_alerts(new_held, held):
        asm.alerts.append(_alert_row(cand))
    held.extend(new_held)


def refresh_stale_signatures(
    index: dedup.DedupIndex, rows: Iterable[tuple[int, str, str | None, int | None, str]]
) -> list[dict[str, Any]]:
    """Recompute signatures stored under another hashing scheme, from the held texts.

    ``rows`` are (article_id, text, title, story_id, text_sha256) of ``index.stale_ids``;
    the returned rows replace the stale ones at load.
    """
    out = []
    for aid, text, title, story, sha in rows:
        sig = dedup.signature(text, title)
        index.add(aid, sig, story_id=story or aid, text_sha256=sha)
        out.append({"article_id": aid, "scheme": sig.scheme, "signature": sig.hashvalues,
                    "title_key": sig.title_key, "n_shingles": sig.n_shingles})
    if out:
        log.info("dedup: recomputed %d signature(s) of an older scheme", len(out))
    return out


def _midnight(d: date | None) -> datetime | None:
    return datetime(d.year, d.month, d.day, tzinfo=UTC) if d else None


def _page_row(p: Processed, outcome: str, reason: str | None, sha: str | None = None) -> dict[str, Any]:
    return {
        "canonical_url": p.canonical_url, "content_sha256": sha or p.content_sha256,
        "url": p.entry_url, "final_url": p.final_url, "source": p.source,
        "http_status": p.http_status, "content_type": p.content_type, "encoding": p.encoding,
        "etag": p.etag, "last_modified": p.last_modified,
        "fetched_at": p.fetched_at or datetime.now(UTC), "raw_html_gz": p.raw_html_gz,
        "outcome": outcome, "reason": reason,
    }


def part_of_ids(f: Figure, fids: Sequence[int]) -> int | None:
    """The (provisional) id of the figure ``f`` is a part of, among its article's ``fids``."""
    return fids[f.part_of] if f.part_of is not None and 0 <= f.part_of < len(fids) else None


def _bare_held(f: Figure) -> contradictions.HeldFigure:
    """``f`` as a held figure without article context (enough for ``claims.classify``)."""
    return contradictions.HeldFigure(
        id=0, article_id=0, story_id=None, duplicate_of=None, source=None, publisher=None,
        url=None, title=None, published_at=None, is_seed=False, metric=f.metric, value=f.value,
        qualifier=f.qualifier, low=f.low, high=f.high, unit=f.unit, attributed_to=f.attributed_to,
        as_of=f.as_of, period=f.period, sentence=f.sentence, span=f.span, content_sha256=None,
        claim_status=f.claim_status, claim_reasons="; ".join(f.claim_reasons) or None,
    )


def figure_row(fid: int, aid: int, f: Figure, content_sha: str | None,
               part_of: int | None = None) -> dict[str, Any]:
    """A ``figures`` row for ``warehouse.load`` (provisional ids allowed)."""
    status, reasons = classify(_bare_held(f))
    return {
        "claim_status": status, "claim_reasons": "; ".join(reasons) or None,
        "part_of_figure_id": part_of,
        "id": fid, "article_id": aid, "metric": f.metric, "value": f.value,
        "qualifier": f.qualifier, "low": f.low, "high": f.high, "unit": f.unit,
        "attributed_to": f.attributed_to, "as_of": f.as_of, "period": f.period,
        "sentence": f.sentence, "span": f.span, "span_start": f.start, "span_end": f.end,
        "language": f.language, "content_sha256": content_sha,
        "extractor_version": FIGURES_VERSION,
    }


def _held(fid: int, aid: int, story: int, p: Processed, f: Figure) -> contradictions.HeldFigure:
    return contradictions.HeldFigure(
        id=fid, article_id=aid, story_id=story, duplicate_of=None, source=p.source,
        publisher=p.publisher or (p.extracted.sitename if p.extracted else None),
        url=p.final_url or p.entry_url, title=(p.extracted.title if p.extracted else None)
        or p.feed_title, published_at=p.published_at, is_seed=p.is_seed, metric=f.metric,
        value=f.value, qualifier=f.qualifier, low=f.low, high=f.high, unit=f.unit,
        attributed_to=f.attributed_to, as_of=f.as_of, period=f.period, sentence=f.sentence,
        span=f.span, content_sha256=p.content_sha256, claim_status=f.claim_status,
        claim_reasons="; ".join(f.claim_reasons) or None,
    )


def _alert_row(c: contradictions.AlertCandidate) -> dict[str, Any]:
    return {
        "kind": c.kind, "metric": c.metric, "new_figure_id": c.new_figure_id,
        "old_figure_id": c.old_figure_id, "rule": c.rule, "message": c.message,
        "details": c.details, "status": c.status, "held_reason": c.held_reason,
    }
