"""Turn selected entries into load-ready rows: fetch → extract → relevance → figures,
then dedup and contradictions against what the warehouse holds.

Plain Python: the Prefect flow (``flows/ingest.py``) calls these functions from its
tasks, and tests call them directly.
"""

from __future__ import annotations

import atexit
import gzip
import hashlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pipeline import contradictions, dedup
from pipeline.claim_groups import stored_key
from pipeline.claims import classify
from pipeline.errors import (
    BlockedHostError,
    FetchError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TooManyRedirectsError,
)
from pipeline.extract import EXTRACTOR_VERSION, Extracted, extract_article, reconcile_dates
from pipeline.figures import EXTRACTOR_VERSION as FIGURES_VERSION
from pipeline.figures import extract_figures
from pipeline.models import Entry, Figure, Page
from pipeline.net import Fetcher, decode_html, redact_url
from pipeline.relevance import Relevance, score_relevance
from pipeline.seeds import SeedArticle
from pipeline.select import canonical_url, resolve_aggregator

log = logging.getLogger(__name__)

#: Recorded with every article and figure; `newstally reprocess` replaces older output.
PIPELINE_VERSION = f"{EXTRACTOR_VERSION}+{FIGURES_VERSION}"


@dataclass(frozen=True, slots=True)
class FigureClaim:
    """What ``claims.classify`` and ``claim_groups.stored_key`` say of one new figure, and
    its claim key: the same for a figure whatever article holds it (they read only the
    figure's own fields), so computed once, where the page is processed."""

    status: str
    reasons: tuple[str, ...]
    group: str
    start: str | None
    org: str | None
    key: contradictions.ClaimKey | None


def figure_claim(f: Figure) -> FigureClaim:
    bare = _bare_held(f)
    status, reasons = classify(bare)
    group, start, org = stored_key(bare)
    return FigureClaim(status, tuple(reasons), group, start, org, contradictions.claim_key(bare))


def claims_of(p: Processed) -> list[FigureClaim]:
    """The claim facts of ``p``'s figures: those computed with its page, else now."""
    if len(p.figure_claims) == len(p.figures):
        return p.figure_claims
    return [figure_claim(f) for f in p.figures]


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
    feed_summary: str | None = None
    feed_guid: str | None = None
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
    #: the claim facts of each of ``figures`` (same order), computed with the page in its
    #: worker process so the run's process, which needs them serially, does not
    figure_claims: list[FigureClaim] = field(default_factory=list)
    #: the text's MinHash signature and normalised-text hash, computed where the page was
    #: processed (a worker process), so the run's process does not hash every text again
    signature: dedup.Signature | None = None
    text_sha256: str | None = None
    is_seed: bool = False
    publisher: str | None = None
    # for re-fetches of held articles
    article_id: int | None = None
    #: the canonical URL of the feed entry itself (before an aggregator was resolved):
    #: the key of its ``page_attempts`` rows and of the ``held`` check
    entry_canonical: str | None = None
    #: for a failed fetch: "transient" (worth retrying on a later run) or "permanent"
    failure: str | None = None
    retry_after: float | None = None


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
    p.figure_claims = [figure_claim(f) for f in p.figures]
    p.signature = dedup.signature(ex.text, ex.title or p.feed_title)
    p.text_sha256 = dedup.text_sha256(ex.text)
    return p


def presign(index: dedup.DedupIndex, processed: Iterable[Processed]) -> None:
    """Hand ``index`` the signatures computed with the pages (see :func:`analyse_html`),
    so that :meth:`~pipeline.dedup.DedupIndex.presign` and ``classify`` reuse them."""
    for p in processed:
        if p.outcome == "article" and p.extracted is not None and p.signature is not None:
            key = (p.extracted.text, p.extracted.title or p.feed_title)
            index._presigned.setdefault(key, p.signature)


def fetch_and_process(
    entries: Sequence[Entry],
    fetcher: Fetcher,
    *,
    topic_terms: Sequence[str],
    threshold: float,
    held: Callable[[str], bool],
    kinds: dict[str, str] | None = None,
    concurrency: int = 4,
    pool: Executor | None = None,
) -> list[Processed]:
    """Fetch the pages of ``entries`` and process each; one failure never stops the rest.

    Up to ``concurrency`` pages are fetched at once; each page is handed to ``pool`` (see
    :func:`worker_pool`) as soon as it arrives, so extraction on the other cores overlaps
    the fetching. Without a pool the fetching thread processes its own page.
    """
    kinds = kinds or {}
    out: list[Processed] = []
    targets: list[tuple[int, str]] = []
    for e in entries:
        p = Processed(
            source=e.source, entry_url=e.url, canonical_url=e.canonical_url, outcome="error",
            feed_title=e.title, feed_published=e.published, feed_language=e.language,
            entry_canonical=e.canonical_url, feed_summary=e.summary, feed_guid=e.guid,
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
        targets.append((len(out) - 1, url))

    def one(i: int, url: str) -> Processed:
        p = out[i]
        try:
            page = fetcher.get(url)
        except FetchError as exc:
            log.info("%s: %s", redact_url(url), exc.reason)
            _record_fetch_error(p, exc)
            return p
        except Exception as exc:  # a bug or an unexpected library error: keep going
            log.exception("%s: unexpected error while fetching", redact_url(url))
            _record_fetch_error(p, FetchError(redact_url(url), f"unexpected error: {exc!r}"))
            return p
        final_canonical = canonical_url(page.final_url)
        if final_canonical != p.canonical_url and held(final_canonical):
            record_page(p, page)
            p.outcome, p.reason = "held", f"redirected to {page.final_url}, already held"
            return p
        if pool is None:
            return process_page(p, page, topic_terms=topic_terms, threshold=threshold)
        return _in_worker(pool, p, page, topic_terms=topic_terms, threshold=threshold)

    if targets:
        with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(targets))),
                                thread_name_prefix="newstally-fetch") as threads:
            futures = [threads.submit(one, i, url) for i, url in targets]
            for (i, _url), fut in zip(targets, futures, strict=True):
                out[i] = fut.result()
    return out


def process_page(p: Processed, page: Page, *, topic_terms: Sequence[str],
                 threshold: float) -> Processed:
    """Everything CPU-bound about one fetched page: keep its body, decode, extract, score,
    read its figures. Runs in a worker process (or the calling thread); returns ``p``."""
    record_page(p, page)
    try:
        html = decode_html(page)
    except Exception as exc:  # undecodable bytes are recorded, never fatal
        p.outcome, p.reason = "rejected", f"cannot decode the page: {exc}"
        return p
    return analyse_html(p, html, topic_terms=topic_terms, threshold=threshold)


def _in_worker(pool: Executor, p: Processed, page: Page, *, topic_terms: Sequence[str],
               threshold: float) -> Processed:
    """:func:`process_page` in ``pool``; a failure there is recorded on ``p``, naming the URL."""
    url = redact_url(page.final_url or p.entry_url)
    try:
        return pool.submit(process_page, p, page, topic_terms=tuple(topic_terms),
                           threshold=threshold).result()
    except BrokenProcessPool as exc:  # a worker died (killed, out of memory): try next run
        _discard_pool(pool)
        p.fetched_at = page.fetched_at
        p.outcome = "transient"
        p.reason = (f"{url}: the worker process processing this page stopped ({exc}); "
                    "the page is tried again on the next run")
    except Exception as exc:  # a bug in extraction: recorded, the other pages go on
        p.fetched_at = page.fetched_at
        p.outcome = "error"
        p.reason = f"{url}: processing the page failed in a worker process: {exc!r}"
    log.error("%s", p.reason)
    return p


# --------------------------------------------------------------------------- workers

_POOLS: dict[int, ProcessPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def _ignore_interrupts(owner: int | None = None) -> None:
    """A worker leaves Ctrl-C to the run's process (it shares the terminal's process group):
    the run stops with one line, and its workers end with it, printing nothing.

    It also watches ``owner``, the process whose pool it serves: a run killed outright
    (SIGKILL, out of memory) runs no exit handler, and its workers, whose queues they hold
    open themselves, would wait for work for ever — and keep the fork server alive."""
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if owner is None:
        return

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass  # alive, another user's (a reused pid): keep serving

    threading.Thread(target=watch, name="newstally-owner-watch", daemon=True).start()


def worker_pool(workers: int) -> Executor | None:
    """The process pool of ``workers`` processes shared by every batch of a run (and kept
    for the next run of a long-lived process); None for 0 or 1: process in-thread.

    Workers start from a clean interpreter (forkserver, else spawn), never by forking a
    process that runs Prefect's threads.
    """
    if workers <= 1:
        return None
    with _POOLS_LOCK:
        pool = _POOLS.get(workers)
        if pool is None:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods
                                              else "spawn")
            if ctx.get_start_method() == "forkserver":
                ctx.set_forkserver_preload(["pipeline.quiet_sigint", "pipeline.process"])
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                       initializer=_ignore_interrupts, initargs=(os.getpid(),))
            if not _POOLS:
                atexit.register(_kill_workers_at_exit)  # or the workers outlive it
            _POOLS[workers] = pool
        return pool


def kill_workers(*, helpers: bool = True) -> None:
    """Kill this process's worker pools and multiprocessing's helper processes (the fork
    server, the resource tracker) at once: for a process that is about to ``os._exit``
    (Ctrl-C, SIGTERM), whose workers would otherwise wait on their queue for ever.
    ``helpers=False`` leaves the helpers, which end by themselves with this process."""
    import contextlib
    import signal
    from multiprocessing import forkserver, resource_tracker

    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        for proc in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                proc.kill()
    if not helpers:
        return
    for helper in (getattr(forkserver, "_forkserver", None),
                   getattr(resource_tracker, "_resource_tracker", None)):
        pid = getattr(helper, "_forkserver_pid", None) or getattr(helper, "_pid", None)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _kill_workers_at_exit() -> None:
    """At a normal exit, the workers are killed but the resource tracker is left: killed
    too, it was started again by the pools' semaphores as they were freed just after, and
    the new one printed a KeyError traceback for each semaphore it had never seen."""
    kill_workers(helpers=False)


def warm_workers(workers: int) -> None:
    """Start the worker processes now, in a thread of their own (they import trafilatura
    while the warehouse is read and the feeds are polled).

    Starting the first worker waits for the fork server to import this module (about a
    second of CPU): done in the calling thread it delayed every run's start by as much.
    A page submitted meanwhile waits for the pool like any other."""
    pool = worker_pool(workers)
    if pool is None:
        return

    def start() -> None:
        try:
            for _ in range(workers):
                pool.submit(os.getpid)
        except RuntimeError:  # the pool was shut down meanwhile (the run ended)
            pass

    threading.Thread(target=start, name="newstally-warm-workers", daemon=True).start()


def worker_cpu_s() -> float:
    """CPU seconds (user + system) used so far by this process's worker processes and the
    fork server that starts them (its imports), from ``/proc``; 0 where there is none.
    A worker that has exited no longer counts: compare readings taken while the pool lives."""
    from multiprocessing import forkserver

    with _POOLS_LOCK:
        pids = [pid for pool in _POOLS.values() for pid in getattr(pool, "_processes", {})]
    server = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    return sum(_proc_cpu_s(pid) for pid in [*pids, *([server] if server else [])])


def _proc_cpu_s(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def shutdown_workers() -> None:
    """Stop every worker pool (tests; a long-lived process keeps its pool)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


def _discard_pool(pool: Executor) -> None:
    with _POOLS_LOCK:
        for n, p in list(_POOLS.items()):
            if p is pool:
                del _POOLS[n]


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
    # level 4: on the 181 benchmark pages half the CPU of level 6 for 5 % more bytes
    p.raw_html_gz = gzip.compress(page.body, compresslevel=4)


#: HTTP statuses of a page that may still come right: 404 is what many sites answer for
#: an article listed in the feed before its page goes live (retried a bounded number of
#: times like any transient failure); 408, 425, 429 and 5xx are the server's trouble.
TRANSIENT_PAGE_STATUSES = frozenset({404, 408, 425, 429})


def failure_kind(exc: FetchError) -> str:
    """``"transient"`` when a later run may well succeed (DNS failure, timeout, a lost
    connection, 5xx, 429, 404), else ``"permanent"`` (410 and other 4xx, a body over the
    size cap, a redirect loop, the address guard, robots.txt, a URL that is not http)."""
    if isinstance(exc, (BlockedHostError, RobotsDisallowedError, TooLargeError,
                        TooManyRedirectsError)):
        return "permanent"
    if exc.transient:
        return "transient"
    status = getattr(exc, "status", None)
    if isinstance(exc, HTTPStatusError):
        return "transient" if status in TRANSIENT_PAGE_STATUSES or (
            status is not None and status >= 500) else "permanent"
    cause = exc.__cause__
    if isinstance(cause, OSError) or "cannot resolve host" in exc.reason:
        return "transient"  # DNS failure: the name may resolve again
    return "permanent"


def _record_fetch_error(p: Processed, exc: FetchError) -> None:
    p.reason = str(exc)
    p.fetched_at = datetime.now(UTC)
    p.http_status = getattr(exc, "status", None)
    p.failure = failure_kind(exc)
    p.retry_after = getattr(exc, "retry_after", None)
    # Transient failures are not recorded as pages (so they are not held): the flow
    # schedules a retry in page_attempts, or turns them into errors once retries are spent.
    p.outcome = "transient" if p.failure == "transient" else "error"


def plan_attempts(
    processed: Sequence[Processed],
    *,
    prior: Mapping[str, int],
    retries: int,
    backoff_hours: float,
    run_id: str | None,
    now: datetime,
) -> list[dict[str, Any]]:
    """One ``page_attempts`` row per fetched entry; a transient failure whose retries are
    spent becomes an ``error`` (stored as a page, so held and never asked again).

    ``prior`` maps an entry's canonical URL to the attempts already recorded. The first
    retry is due on the next run; each later one waits ``backoff_hours`` × 4^(n-2), at
    most :data:`MAX_RETRY_WAIT` (and never less than a page's Retry-After).
    """
    rows = []
    for p in processed:
        if p.is_seed or p.article_id is not None:
            continue
        key = p.entry_canonical or p.canonical_url
        attempt = prior.get(key, 0) + 1
        next_at: datetime | None = None
        outcome = {"held": "held", "error": "permanent", "transient": "transient"}.get(
            p.outcome, "fetched")
        if p.outcome == "transient":
            if attempt > retries:
                outcome = "gave_up"
                p.outcome = "error"
                p.reason = f"{p.reason} (gave up after {attempt} attempt(s))"
            else:
                wait = 0.0 if attempt == 1 else backoff_hours * 3600 * 4 ** (attempt - 2)
                wait = min(wait, MAX_RETRY_WAIT.total_seconds())
                wait = max(wait, p.retry_after or 0.0)
                next_at = now + timedelta(seconds=wait)
        rows.append({
            "canonical_url": key, "attempt": attempt, "url": p.entry_url,
            "source": p.source, "run_id": run_id, "attempted_at": p.fetched_at or now,
            "outcome": outcome, "http_status": p.http_status,
            "error": p.reason if outcome in ("transient", "permanent", "gave_up") else None,
            "next_attempt_at": next_at, "title": p.feed_title, "summary": p.feed_summary,
            "published_at": p.feed_published, "guid": p.feed_guid, "language": p.feed_language,
        })
    return rows


#: The longest wait between two attempts at a page that keeps failing.
MAX_RETRY_WAIT = timedelta(hours=24)


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
    held_keys: Mapping[int, contradictions.ClaimKey | None] | None = None,
) -> Assembly:
    """Dedup, store figures and raise alerts, article by article, oldest first.

    ``held_keys``: the claim keys of ``held_figures`` by id, as the warehouse stores them
    (``warehouse.read.held_claim_figures``); the keys of the others are computed."""
    asm = Assembly()
    held = _HeldPool([contradictions.HeldFigure(**f) for f in held_figures], held_keys)
    next_article = -1
    next_figure = -1
    seen_canonical: set[str] = set()

    for p in sorted(processed, key=_sort_key):
        if p.outcome == "held":
            asm.pages.append(_link_row(p, p.reason))
            continue
        if p.outcome in ("error", "transient"):
            _count(asm, p.source, "errors")
            asm.errors.append(f"{p.source}: {p.reason}")
            if p.outcome == "error":
                asm.pages.append(_page_row(p, "error", p.reason, sha=f"error:{p.canonical_url}"))
            continue
        if p.canonical_url in seen_canonical:
            if (p.entry_canonical or p.canonical_url) != p.canonical_url:  # else held by it
                asm.pages.append(_link_row(p, f"same article as another entry of this run "
                                              f"({p.canonical_url})"))
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
        sha = p.text_sha256 or dedup.text_sha256(text)
        decision, sig = index.classify(text, title=title, figures=p.figures, sha=sha)
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
            "text_sha256": sha,
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
        index.add(aid, sig, story_id=story, text_sha256=sha, figures=p.figures)
        if is_copy:
            _count(asm, p.source, "duplicates")
            continue
        _count(asm, p.source, "new_articles")
        new_held: list[contradictions.HeldFigure] = []
        fids = list(range(next_figure, next_figure - len(p.figures), -1))
        next_figure -= len(p.figures)
        for f, fid, c in zip(p.figures, fids, claims_of(p), strict=True):
            asm.figures.append(figure_row(fid, aid, f, p.content_sha256, part_of_ids(f, fids),
                                          claim=c))
            held.keys[fid] = c.key
            new_held.append(_held(fid, aid, story, p, f))
            _count(asm, p.source, "figures")
        for cand in contradictions.find_alerts(new_held, held.of_claims(new_held), held.keys,
                                                 attachments=True):
            asm.alerts.append(alert_row(cand))
        held.extend(new_held)

    for p in refetched:
        _revision(asm, p, held, next_figure)
        next_figure -= len(p.figures)
    return asm


class _HeldPool:
    """The figures a run compares new ones with, oldest first, indexed by claim.

    One ``contradictions.FigureIndex`` over the run's held figures, to which each
    article's figures are appended after comparing them: a new figure is compared with
    the held figures of its claim that can conflict with it, looked up by key, not with
    every held figure; nothing is copied per article.
    """

    def __init__(self, figures: Sequence[contradictions.HeldFigure],
                 keys: Mapping[int, contradictions.ClaimKey | None] | None) -> None:
        self.keys: dict[int, contradictions.ClaimKey | None] = dict(keys or {})
        self.index = contradictions.FigureIndex(keys=self.keys,  # (warehouse.read.HeldKeys)
                                                classes=getattr(keys, "classes", None),
                                                dates=getattr(keys, "dates", None))
        self.all = self.index.figures
        self.extend(figures)

    def extend(self, figures: Iterable[contradictions.HeldFigure]) -> None:
        figures = list(figures)
        for f in figures:
            if f.id not in self.keys:  # the index's key: cached, find_alerts computed it
                self.keys[f.id] = self.index.key(f)
        self.index.extend(figures)

    def of_claims(self, new: Iterable[contradictions.HeldFigure]
                  ) -> contradictions.FigureIndex:
        """The held figures to compare ``new`` with: the index (``find_alerts`` looks
        up the figures of ``new``'s claims in it)."""
        return self.index


def _revision(asm: Assembly, p: Processed, held: _HeldPool,
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
    story = next((h.story_id for h in held.all if h.article_id == p.article_id and h.story_id),
                 p.article_id)
    new_held = []
    for i, f in enumerate(p.figures):
        fid = next_figure - i
        asm.figures.append(figure_row(fid, p.article_id, f, p.content_sha256))
        new_held.append(_held(fid, p.article_id, story, p, f))
    for cand in contradictions.find_alerts(new_held, held.of_claims(new_held), held.keys,
                                             attachments=True):
        asm.alerts.append(alert_row(cand))
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


def _link_row(p: Processed, reason: str | None) -> dict[str, Any]:
    """A ``duplicate`` page row for an entry link that led to an article held already (a
    redirect, an aggregator link, a second link to one page): it holds the link, so no
    later run asks for it again. Its body is not kept (the article's page is)."""
    key = p.entry_canonical or canonical_url(p.entry_url)
    row = _page_row(p, "duplicate", reason,
                    sha=p.content_sha256 or f"held:{p.canonical_url}")
    row.update(canonical_url=key, raw_html_gz=None,
               final_url=p.final_url or (p.canonical_url if p.canonical_url != key else None))
    return row


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


def figure_claim_group(f: Figure) -> str:
    """The claim group (``pipeline.claim_groups``) of a new figure: the held figures it
    can be compared with are those of this group."""
    return stored_key(_bare_held(f))[0]


def figure_row(fid: int, aid: int, f: Figure, content_sha: str | None,
               part_of: int | None = None, claim: FigureClaim | None = None) -> dict[str, Any]:
    """A ``figures`` row for ``warehouse.load`` (provisional ids allowed); ``claim``: the
    figure's claim facts if known (:func:`figure_claim`)."""
    if claim is not None:
        status, reasons = claim.status, claim.reasons
        group, start, org = claim.group, claim.start, claim.org
    else:
        bare = _bare_held(f)
        status, reasons = classify(bare)
        group, start, org = stored_key(bare)
    return {
        "claim_status": status, "claim_reasons": "; ".join(reasons) or None,
        "claim_group": group, "claim_start": start, "claim_org": org,
        "claim_class": status,  # what classify gives the stored figure (its status)
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


def alert_row(c: contradictions.AlertCandidate) -> dict[str, Any]:
    return {
        "kind": c.kind, "metric": c.metric, "new_figure_id": c.new_figure_id,
        "old_figure_id": c.old_figure_id, "rule": c.rule, "message": c.message,
        "details": c.details, "status": c.status, "held_reason": c.held_reason,
        "group_key": c.group_key, "attach_only": c.attach_only,
        "pending": c if c.pending else None,  # built by warehouse.load if an alert needs it
        "evidence": [e.row() for e in c.evidence],
    }
