"""Re-run extraction, dedup and figures on the raw HTML the warehouse keeps, fetching nothing.

Which articles: those whose ``extractor_version`` is not the current
``pipeline.process.PIPELINE_VERSION`` (every article with ``all_articles``).

For each, in arrival order (``articles.id``), like the runs that loaded them:

- **extraction** — trafilatura on the stored page (``pages.raw_html_gz``) of the version
  the article's text comes from; dates reconciled again with the feed date. Seed articles
  have no page: their text is kept and only their figures are re-read. An article whose
  page is not stored, or in which the current code finds no text, is left as it is (and
  counted), so that nothing held is lost.
- **dedup** — the text is classified again against the articles that came before it
  (an article may become, or stop being, a copy); its signature is replaced. Articles
  that pointed at it as their original are not re-linked.
- **figures** — read again from the current text and from every older stored version of
  the page (revisions stay comparable); a copy gets none. The article's figures are
  replaced in the same transaction (``LoadBatch.replace_figures_of``).
- **alerts** — an alert whose figure is replaced follows the re-read figure of the same
  article, page version, metric and value; when there is none (the figure is no longer
  read, the article became a copy) it is closed as ``superseded`` and keeps its evidence
  in ``alerts.details``. New figures are compared with the figures of earlier articles,
  as a run would: new contradictions are written as alerts (undelivered: the next run
  delivers them), never twice for a pair.

Writes go through ``warehouse.load.load_batch``, ``batch_size`` articles per transaction,
so the warehouse is held only briefly and an interrupted reprocess resumes where it
stopped (finished articles carry the current version).
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import contradictions, dedup
from pipeline.extract import extract_article, reconcile_dates
from pipeline.figures import extract_figures
from pipeline.models import Figure, Page
from pipeline.process import alert_row, figure_row, part_of_ids

if TYPE_CHECKING:
    from warehouse.load import LoadBatch

log = logging.getLogger(__name__)


def current_version() -> str:
    """The version ``newstally reprocess`` brings articles to."""
    from pipeline.process import PIPELINE_VERSION

    return PIPELINE_VERSION


@dataclass
class ReprocessSummary:
    """What one reprocess did."""

    version: str = ""
    considered: int = 0
    reprocessed: int = 0
    text_changed: int = 0
    became_copy: int = 0
    no_longer_copy: int = 0
    seeds: int = 0
    no_page: list[str] = field(default_factory=list)
    no_text: list[str] = field(default_factory=list)
    figures_before: int = 0
    figures_after: int = 0
    alerts_followed: int = 0
    alerts_superseded: int = 0
    new_alerts: int = 0

    def describe(self) -> str:
        lines = [
            f"reprocessed {self.reprocessed} of {self.considered} article(s) to {self.version}"
            f" ({self.seeds} seed article(s) re-read from their text); nothing was fetched",
            f"text changed: {self.text_changed}; became copies: {self.became_copy}; "
            f"no longer copies: {self.no_longer_copy}",
            f"figures: {self.figures_before} replaced by {self.figures_after}",
            f"alerts: {self.alerts_followed} follow their re-read figures, "
            f"{self.alerts_superseded} superseded, {self.new_alerts} new (delivered by the "
            "next run)",
        ]
        if self.no_page:
            lines.append(f"left as they were, no stored page: {len(self.no_page)} "
                         f"(e.g. {self.no_page[0]})")
        if self.no_text:
            lines.append(f"left as they were, no text found by the current extractor: "
                         f"{len(self.no_text)} (e.g. {self.no_text[0]})")
        return "\n".join(lines)


_ARTICLE_SQL = """
SELECT id, url, canonical_url, source, publisher, title, author, published_at,
       feed_published_at, page_published_at, date_flag, language, text, text_sha256,
       is_seed, duplicate_of, story_id, dedup_score, dedup_method, content_sha256,
       extractor_version
FROM articles ORDER BY id
"""

_HELD_SQL = """
SELECT f.id, f.article_id, a.story_id, a.duplicate_of, a.source, a.publisher, a.url, a.title,
       a.published_at, a.is_seed, f.metric, f.value, f.qualifier, f.low, f.high, f.unit,
       f.attributed_to, f.as_of, f.period, f.sentence, f.span, f.content_sha256
FROM figures f JOIN articles a ON a.id = f.article_id
ORDER BY f.id
"""


def _dicts(cur: Any) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _as_figure(h: dict[str, Any]) -> Figure:
    return Figure(value=int(h["value"]), qualifier=h["qualifier"], low=int(h["low"] or 0),
                  high=h["high"], metric=h["metric"], unit=h["unit"],
                  attributed_to=h["attributed_to"], as_of=h["as_of"], period=h["period"],
                  sentence=h["sentence"], start=0, end=0, span=h["span"] or "")


def _held(fid: int, a: dict[str, Any], f: Figure, sha: str | None) -> contradictions.HeldFigure:
    return contradictions.HeldFigure(
        id=fid, article_id=int(a["id"]), story_id=a["story_id"], duplicate_of=a["duplicate_of"],
        source=a["source"], publisher=a["publisher"], url=a["url"], title=a["title"],
        published_at=a["published_at"], is_seed=bool(a["is_seed"]), metric=f.metric,
        value=f.value, qualifier=f.qualifier, low=f.low, high=f.high, unit=f.unit,
        attributed_to=f.attributed_to, as_of=f.as_of, period=f.period, sentence=f.sentence,
        span=f.span, content_sha256=sha, claim_status=f.claim_status,
        claim_reasons="; ".join(f.claim_reasons) or None,
    )


def _published(a: dict[str, Any]) -> date | None:
    p = a.get("published_at")
    return p.date() if isinstance(p, datetime) else None


def _html(page: dict[str, Any]) -> str:
    from pipeline.net import decode_html

    body = gzip.decompress(page["raw_html_gz"])
    return decode_html(Page(
        url=page["url"], final_url=page["final_url"] or page["url"],
        status=int(page["http_status"] or 200), fetched_at=page["fetched_at"],
        content_type=page["content_type"], body=body, encoding=page["encoding"]))


def _midnight(d: date | None) -> datetime | None:
    return datetime(d.year, d.month, d.day, tzinfo=UTC) if d else None


class _Pass:
    """The ordered pass over every article: dedup index and held figures grow as in a run."""

    def __init__(self, held_rows: Sequence[dict[str, Any]], sig_rows: Iterable[tuple[Any, ...]],
                 targets: set[int]) -> None:
        self.index = dedup.DedupIndex()
        self.targets = targets
        self.pool: list[contradictions.HeldFigure] = []
        self.held_by_article: dict[int, list[dict[str, Any]]] = {}
        for h in held_rows:
            self.held_by_article.setdefault(int(h["article_id"]), []).append(h)
        self.sigs = {int(r[0]): r for r in sig_rows}
        self.next_figure = -1

    def add_untouched(self, a: dict[str, Any]) -> None:
        """An article kept as it is: into the index and the pool, from what is stored."""
        aid = int(a["id"])
        held = self.held_by_article.get(aid, [])
        r = self.sigs.get(aid)
        story = int(a["story_id"]) if a["story_id"] is not None else aid
        if r is not None and r[1] == dedup.SCHEME and r[2] is not None:
            sig = dedup.Signature(r[1], bytes(r[2]), int(r[4] or 0), r[3])
        else:
            sig = dedup.signature(a["text"], a["title"])
        self.index.add(aid, sig, story_id=story, text_sha256=a["text_sha256"],
                       figures=[_as_figure(h) for h in held])
        self.pool.extend(contradictions.HeldFigure(**h) for h in held)


def reprocess(
    db_path: Path | str,
    *,
    all_articles: bool = False,
    batch_size: int = 200,
    lock_timeout: float = 60.0,
    on_progress: Callable[[int, int], None] | None = None,
) -> ReprocessSummary:
    """Reprocess the articles of the warehouse at ``db_path``; see the module docstring.

    The caller holds the run lock (``warehouse.db.run_lock``) so that no ingestion run
    writes meanwhile.
    """
    from warehouse.db import reader, writer
    from warehouse.load import LoadBatch, load_batch

    version = current_version()
    summary = ReprocessSummary(version=version)
    with reader(db_path, lock_timeout=lock_timeout) as conn:
        articles = _dicts(conn.execute(_ARTICLE_SQL))
        held_rows = _dicts(conn.execute(_HELD_SQL))
        sig_rows = conn.execute(
            "SELECT article_id, scheme, signature, title_key, n_shingles FROM article_signatures"
        ).fetchall()
    targets = [a for a in articles if all_articles or a["extractor_version"] != version]
    target_ids = {int(a["id"]) for a in targets}
    summary.considered = len(targets)
    log.info("reprocess %s: %d of %d article(s) to bring to %s", db_path, len(targets),
             len(articles), version)
    state = _Pass(held_rows, sig_rows, target_ids)
    done = 0
    if on_progress:
        on_progress(0, len(targets))

    pos = 0
    while pos < len(articles):
        # the next chunk: untouched articles up to and including batch_size targets
        chunk: list[dict[str, Any]] = []
        n = 0
        while pos < len(articles) and n < batch_size:
            a = articles[pos]
            pos += 1
            chunk.append(a)
            n += int(a["id"]) in target_ids
        urls = [a["canonical_url"] for a in chunk
                if int(a["id"]) in target_ids and not a["is_seed"]]
        pages: dict[str, list[dict[str, Any]]] = {}
        if urls:
            with reader(db_path, lock_timeout=lock_timeout) as conn:
                for p in _dicts(conn.execute(
                    "SELECT canonical_url, content_sha256, url, final_url, http_status, "
                    "content_type, encoding, fetched_at, raw_html_gz FROM pages "
                    "WHERE canonical_url IN (SELECT unnest(?::VARCHAR[])) "
                    "AND raw_html_gz IS NOT NULL AND outcome IN ('article', 'duplicate') "
                    "ORDER BY fetched_at", [urls])):
                    pages.setdefault(p["canonical_url"], []).append(p)
        batch = LoadBatch()
        for a in chunk:
            if int(a["id"]) not in target_ids:
                state.add_untouched(a)
                continue
            _one(a, pages.get(a["canonical_url"], []), state, batch, summary, version)
            done += 1
            if on_progress:
                on_progress(done, len(targets))
        if batch.article_updates:
            with writer(db_path, lock_timeout=lock_timeout) as conn:
                res = load_batch(conn, batch)
            summary.figures_after += res.figures
            summary.alerts_followed += res.alerts_followed
            summary.alerts_superseded += res.alerts_superseded
            summary.new_alerts += res.alerts
            # later batches compare with these figures under their real ids
            state.pool = [replace(h, id=res.figure_ids[h.id]) if h.id in res.figure_ids else h
                          for h in state.pool]
    log.info("reprocess %s: %s", db_path, summary.describe().replace("\n", "; "))
    return summary


def _one(a: dict[str, Any], pages: list[dict[str, Any]], state: _Pass, batch: LoadBatch,
         summary: ReprocessSummary, version: str) -> None:
    """Reprocess one target article into ``batch`` (a LoadBatch) and the pass state."""
    aid = int(a["id"])
    old_figures = state.held_by_article.get(aid, [])
    new: dict[str, Any] = {"id": aid, "extractor_version": version}
    versions: list[tuple[str | None, list[Figure]]] = []
    text, title = a["text"], a["title"]
    if a["is_seed"]:
        summary.seeds += 1
        language = a["language"]
        figs = extract_figures(text, language=language, published=_published(a))
        versions.append((a["content_sha256"], figs))
    else:
        current = next((p for p in pages if p["content_sha256"] == a["content_sha256"]),
                       pages[-1] if pages else None)
        if current is None:
            log.warning("reprocess %s: no stored page; left as it is", a["canonical_url"])
            summary.no_page.append(a["canonical_url"])
            state.add_untouched(a)
            return
        ex = extract_article(_html(current), url=current["final_url"] or current["url"])
        if ex is None:
            log.warning("reprocess %s: the current extractor finds no text; left as it is",
                        a["canonical_url"])
            summary.no_text.append(a["canonical_url"])
            state.add_untouched(a)
            return
        published, flag = reconcile_dates(a["feed_published_at"], ex.page_date)
        language = ex.language or a["language"]
        text, title = ex.text, ex.title or a["title"]
        new.update({
            "text": text, "text_sha256": dedup.text_sha256(text), "title": title,
            "author": ex.author, "publisher": a["publisher"] or ex.sitename,
            "page_published_at": _midnight(ex.page_date), "published_at": published,
            "date_flag": flag, "language": language,
        })
        if new["text_sha256"] != a["text_sha256"]:
            summary.text_changed += 1
        when = published.date() if published else None
        # older versions of the page first, the current one last (observation order)
        for p in pages:
            if p is current:
                continue
            old_ex = extract_article(_html(p), url=p["final_url"] or p["url"])
            if old_ex is not None:
                versions.append((p["content_sha256"], extract_figures(
                    old_ex.text, language=language, published=when)))
        versions.append((current["content_sha256"],
                         extract_figures(text, language=language, published=when)))
        a = {**a, **new}

    figs = versions[-1][1]
    if a["is_seed"]:
        decision, sig = dedup.ORIGINAL, dedup.signature(text, title)
    else:
        decision, sig = state.index.classify(text, title=title, figures=figs)
    is_copy = decision.relation == "copy"
    story = decision.story_id if decision.story_id is not None else aid
    was_copy = a["duplicate_of"] is not None
    summary.became_copy += is_copy and not was_copy
    summary.no_longer_copy += was_copy and not is_copy
    if not a["is_seed"]:
        new.update({
            "duplicate_of": decision.duplicate_of if is_copy else None, "story_id": story,
            "dedup_score": decision.score if decision.relation != "original" else None,
            "dedup_method": decision.method if is_copy else None,
        })
        a = {**a, **new}
    batch.article_updates.append(new)
    batch.signatures.append({"article_id": aid, "scheme": sig.scheme, "signature": sig.hashvalues,
                             "title_key": sig.title_key, "n_shingles": sig.n_shingles})
    batch.replace_figures_of.append(aid)
    summary.figures_before += len(old_figures)
    state.index.add(aid, sig, story_id=story, text_sha256=dedup.text_sha256(text), figures=figs)
    summary.reprocessed += 1
    if is_copy:
        return
    for sha, vfigs in versions:
        new_held = []
        fids = list(range(state.next_figure, state.next_figure - len(vfigs), -1))
        state.next_figure -= len(vfigs)
        for f, fid in zip(vfigs, fids, strict=True):
            batch.figures.append(figure_row(fid, aid, f, sha, part_of_ids(f, fids)))
            new_held.append(_held(fid, a, f, sha))
        for cand in contradictions.find_alerts(new_held, state.pool, attachments=True):
            batch.alerts.append(alert_row(cand))
        state.pool.extend(new_held)
