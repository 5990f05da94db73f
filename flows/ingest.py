"""The ``ingest`` flow: wires the stages of ``pipeline/`` into Prefect tasks.

Tasks are per feed and per batch of pages, never per article (a task costs milliseconds
of bookkeeping). Retries are declared for transient failures only. Dedup lives in
DuckDB, not in Prefect's cache: every task here has caching off.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run, task_run
from prefect.utilities.annotations import quote

from pipeline import alerts as alert_delivery
from pipeline import dedup
from pipeline.errors import ConfigError, FetchError, NewstallyError, TransientFetchError
from pipeline.models import Entry, Source
from pipeline.net import Fetcher, RobotsCache, decode_html, time_limit
from pipeline.poll import PollResult, poll_feed
from pipeline.process import (
    Processed,
    analyse_html,
    assemble,
    claims_of,
    fetch_and_process,
    kill_workers,
    plan_attempts,
    presign,
    record_page,
    refresh_stale_signatures,
    seed_processed,
    shutdown_workers,
    warm_workers,
    worker_cpu_s,
    worker_pool,
)
from pipeline.seeds import load_seeds
from pipeline.select import select_entries
from pipeline.settings import prefect_defaults, resolve
from pipeline.sources import load_sources
from warehouse.claim_groups import backfill as backfill_claim_keys
from warehouse.db import reader, run_lock, writer
from warehouse.load import LoadBatch, backfill_bands, load_batch, mark_delivered
from warehouse.read import (
    HeldLookup,
    WarehouseState,
    dedup_rows,
    entry_keys,
    held_claim_figures,
    held_urls,
    read_page_retries,
    read_state,
)
from warehouse.report import alert_markdown, summary_rows

log = logging.getLogger(__name__)
prefect_defaults()

#: Called as progress(stage, done, total) while a run advances; the CLI sets it to draw a
#: progress bar in a terminal. Nothing is drawn when it is None (scheduled runs, logs).
Progress = Callable[[str, int, int], None]
_progress: Progress | None = None
POLL_GRACE_S = 10.0  # a poll's result is waited for this long past the poll-phase deadline


_RUN_ID: str | None = None  # the Prefect id of the run in progress in this process


def current_run_id() -> str | None:
    """The id of the ingest run in progress (for the CLI to cancel it when interrupted)."""
    return _RUN_ID


class AllFeedsFailedError(NewstallyError):
    """Every feed of the run failed: the run is not a success (Failed state, exit 4).
    What the run did record (the polls and their errors) is loaded all the same."""

    exit_code = 4

    def __init__(self, message: str, summary: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.summary = summary


def set_progress(callback: Progress | None) -> None:
    global _progress
    _progress = callback


def _report(stage: str, done: int, total: int) -> None:
    if _progress is not None:
        _progress(stage, done, total)


def _fetcher(settings: dict[str, Any], allow_hosts: Sequence[str]) -> Fetcher:
    return Fetcher(
        user_agent=settings["user_agent"],
        allow_hosts=tuple(allow_hosts),
        timeout=settings["timeout"],
        total_timeout=settings["total_timeout"],
        max_bytes=settings["max_bytes"],
        max_redirects=settings["max_redirects"],
        host_delay=settings["host_delay"],
        robots_cache=RobotsCache.at(f"{settings['db']}.robots.json", settings["robots_ttl"]),
    )


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry only transient failures (429, 5xx, timeouts)."""
    try:
        state.result()
    except TransientFetchError:
        return True
    except Exception:
        return False
    return False


@task(name="read-warehouse", cache_policy=NO_CACHE)
def read_warehouse(db: str, settings: dict[str, Any]) -> WarehouseState:
    with writer(db, lock_timeout=settings["lock_timeout"]) as conn:
        backfill_bands(conn)  # creates the file, applies migrations, bands old signatures
        backfill_claim_keys(conn)  # claim keys of figures stored before 007 / claims.py changed
    with reader(db, lock_timeout=settings["lock_timeout"]) as conn:
        return read_state(
            conn,
            refetch_days=settings["refetch_days"],
            refetch_interval_hours=settings["refetch_interval_hours"],
            now=datetime.now(UTC),
            signature_scheme=dedup.SCHEME,
        )


@task(name="read-held", cache_policy=NO_CACHE)
def read_held(db: str, settings: dict[str, Any], urls: list[str]) -> set[str]:
    """The held URLs among the entries at hand, looked up by key."""
    with reader(db, lock_timeout=settings["lock_timeout"]) as conn:
        return held_urls(conn, urls)


@task(name="read-for-dedup", cache_policy=NO_CACHE)
def read_for_dedup(db: str, settings: dict[str, Any], index: dedup.DedupIndex,
                   processed: list[Processed], refetched: list[Processed]
                   ) -> tuple[dedup.DedupIndex, list[dict[str, Any]], dict[int, Any]]:
    """The held signatures the new texts can match (by band) and the held figures of the
    claim groups of the new figures, with their stored claim keys: the index, figures and
    keys ``assemble`` works with."""
    arts = [p for p in processed if p.outcome == "article" and p.extracted is not None]
    presign(index, arts)  # signatures computed with the pages, in the workers
    sigs = [index.presign(p.extracted.text, p.extracted.title or p.feed_title)
            for p in arts if p.extracted is not None]
    shas = [p.text_sha256 or dedup.text_sha256(p.extracted.text)
            for p in arts if p.extracted is not None]
    groups = {c.group for p in [*processed, *refetched] for c in claims_of(p)}
    with reader(db, lock_timeout=settings["lock_timeout"]) as conn:
        rows, story_figs = dedup_rows(conn, sigs, shas)
        figures, keys = held_claim_figures(conn, groups, [p.article_id for p in refetched
                                                          if p.article_id is not None])
    built = dedup.DedupIndex.from_rows(rows, story_figures=story_figs)
    built._presigned = index._presigned
    return built, figures, keys


_FEED_STARTED: dict[str, float] = {}  # task run id -> monotonic time of its first try


@task(name="poll-feed", cache_policy=NO_CACHE, retry_condition_fn=_transient,
      task_run_name="poll {source.name}")
def poll_source(source: Source, feed_state: dict[str, Any], settings: dict[str, Any],
                allow_hosts: Sequence[str], phase_deadline: float | None = None) -> PollResult:
    """Poll one feed. A transient failure raises (Prefect retries it) until the last try,
    whose result is returned and recorded like any other.

    Every try stops at the feed's deadline (``feed_deadline`` after its first try began,
    retries and their waits included) or the poll phase's (``phase_deadline``, a
    ``time.monotonic()`` value), whichever comes first; no retry starts that would end
    past it. The error recorded names the deadline that cut the feed."""
    key = str(task_run.get_id())
    first = _FEED_STARTED.setdefault(key, time.monotonic())
    end = first + settings["feed_deadline"]
    what = f"the feed deadline of {settings['feed_deadline']:g} s (retries included)"
    if phase_deadline is not None and phase_deadline < end:
        end, what = phase_deadline, f"the poll-phase deadline of {settings['poll_deadline']:g} s"
    with _fetcher(settings, allow_hosts) as fetcher, time_limit(end, what):
        result = poll_feed(
            source, fetcher,
            etag=feed_state.get("etag"), last_modified=feed_state.get("last_modified"),
            body_sha256=feed_state.get("body_sha256"),
        )
    if result.transient and task_run.get_run_count() <= settings["retries"]:
        if time.monotonic() + settings["retry_delay"] < end:
            raise TransientFetchError(source.url, result.error or "transient failure")
        result.error = (f"{result.error}; not retried: {what} would pass before the retry"
                        if result.error and what not in result.error else result.error)
    _FEED_STARTED.pop(key, None)
    return result


@task(name="fetch-pages", cache_policy=NO_CACHE, task_run_name="fetch pages {batch_no}")
def fetch_pages(batch_no: int, entries: list[Entry], settings: dict[str, Any],
                allow_hosts: Sequence[str], topic_terms: Sequence[str], held: HeldLookup,
                kinds: dict[str, str]) -> list[Processed]:
    with _fetcher(settings, allow_hosts) as fetcher:
        return fetch_and_process(
            entries, fetcher, topic_terms=topic_terms,
            threshold=settings["relevance_threshold"], held=held.__contains__, kinds=kinds,
            concurrency=settings["fetch_concurrency"], pool=worker_pool(settings["workers"]),
        )


@contextmanager
def _page_runner(address: str | None) -> Iterator[Any]:
    """The Dask task runner of ``address`` (entered), or None: this flow's own runner."""
    if not address:
        yield None
        return
    from prefect_dask import DaskTaskRunner

    try:
        runner = DaskTaskRunner(address=address).__enter__()
        runner.client  # noqa: B018 - connects now, so a wrong address fails here, named
    except Exception as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {address!r} (NEWSTALLY_DASK_ADDRESS / "
            f"--dask / dask_address): {exc}; start one (dask scheduler) or unset it"
        ) from exc
    try:
        yield runner
    finally:
        runner.__exit__(None, None, None)


@task(name="re-fetch-recent", cache_policy=NO_CACHE)
def refetch_recent(rows: list[dict[str, Any]], settings: dict[str, Any],
                   allow_hosts: Sequence[str], topic_terms: Sequence[str]) -> list[Processed]:
    """Re-fetch recent articles (conditional GET) to catch figures changed in place."""
    out = []
    with _fetcher(settings, allow_hosts) as fetcher:
        for r in rows:
            out.append(_refetch_one(fetcher, r, topic_terms))
    return out


def _refetch_one(fetcher: Fetcher, r: dict[str, Any], topic_terms: Sequence[str]) -> Processed:
    """One conditional re-fetch; outcome "unchanged" unless the page really changed."""
    headers = {}
    if r.get("etag"):
        headers["If-None-Match"] = r["etag"]
    if r.get("last_modified"):
        headers["If-Modified-Since"] = r["last_modified"]
    p = Processed(source=r["source"], entry_url=r["url"], canonical_url=r["canonical_url"],
                  outcome="unchanged", feed_published=r["feed_published_at"],
                  feed_language=r["language"], feed_title=r["title"], article_id=r["id"])
    try:
        page = fetcher.get(r["url"], headers=headers)
    except FetchError as exc:
        log.info("re-fetch %s: %s", r["url"], exc)
        return p
    if page.status == 304 or not page.body:
        return p
    record_page(p, page)
    if p.content_sha256 == r["content_sha256"]:
        return p
    analyse_html(p, decode_html(page), topic_terms=topic_terms, threshold=0.0)
    return p


@task(name="load-warehouse", cache_policy=NO_CACHE)
def load(db: str, batch: LoadBatch, settings: dict[str, Any]) -> dict[str, int]:
    with writer(db, lock_timeout=settings["lock_timeout"]) as conn:
        res = load_batch(conn, batch)
    return {"articles": res.articles, "figures": res.figures, "alerts": res.alerts,
            "pages": res.pages}


@task(name="deliver-alerts", cache_policy=NO_CACHE)
def deliver_alerts(db: str, settings: dict[str, Any]) -> dict[str, Any]:
    """Deliver every undelivered alert; failures stay pending for the next run.

    Each alert is also emitted once, when first seen, as a Prefect event
    (``newstally.figure.contradiction`` / ``.revision``) for Prefect automations.
    """
    channels = alert_delivery.channels_from_prefect_secrets(alert_delivery.channels_from_env())
    with reader(db, lock_timeout=settings["lock_timeout"]) as conn:
        rows = alert_delivery_rows(conn)
        done: dict[int, set[str]] = {}
        for aid, channel in conn.execute(
            "SELECT alert_id, channel FROM alert_deliveries WHERE alert_id IN "
            "(SELECT id FROM alerts WHERE delivered_at IS NULL AND status <> 'review')"
        ).fetchall():
            done.setdefault(aid, set()).add(channel)
    if not rows:
        return {"pending": 0, "delivered": 0, "failed": 0, "events": 0, "errors": []}
    events = 0
    for row in rows:
        if row["delivery_attempts"] == 0:
            try:
                alert_delivery.emit_prefect_event(row)
                events += 1
            except Exception as exc:  # an event is a notification, never a reason to fail
                log.warning("alert %s: %s", row["id"], exc)
    sent: dict[int, list[str]] = {}
    delivered, failed = alert_delivery.deliver_pending(rows, channels, done=done, sent=sent)
    with writer(db, lock_timeout=settings["lock_timeout"]) as conn:
        mark_delivered(conn, delivered, failed, sent)
    if failed:  # in the run's Prefect log too (messages name channels redacted)
        get_run_logger().warning(
            "%d of %d alert(s) not delivered; they stay pending and are sent again on the "
            "next run: %s", len(failed), len(rows), "; ".join(sorted(set(failed.values()))[:3]))
    return {"pending": len(rows), "delivered": len(delivered), "failed": len(failed),
            "events": events, "errors": sorted(set(failed.values()))[:5]}


def alert_delivery_rows(conn: Any) -> list[dict[str, Any]]:
    cur = conn.execute(
        "SELECT id, kind, metric, rule, message, details, created_at, new_figure_id, "
        "old_figure_id, delivery_attempts FROM alerts WHERE delivered_at IS NULL "
        "AND status <> 'review' ORDER BY id")  # held for review: never sent to a channel
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _chunks(items: Sequence[Entry], n: int) -> list[list[Entry]]:
    return [list(items[i:i + n]) for i in range(0, len(items), max(1, n))]


@flow(name="ingest", log_prints=False)
def ingest(
    sources: str | None = None,
    db: str | None = None,
    allow_hosts: list[str] | None = None,
    base_url: str | None = None,
    overrides: dict[str, Any] | None = None,
    dask_address: str | None = None,
) -> dict[str, Any]:
    """One ingestion run: poll every feed, fetch new pages, load articles, figures, alerts.

    ``base_url`` replaces ``{{BASE}}`` in the sources file (the demo's replay server).
    ``dask_address`` (else NEWSTALLY_DASK_ADDRESS) sends the fetch-pages tasks to that
    Dask scheduler; the warehouse is read and loaded in this process only.
    Returns the run summary (also published as a Prefect table artifact).
    """
    from newstally.interrupt import rearm
    from newstally.serve import die_with_serve

    die_with_serve()  # a run started by `newstally serve` ends when serve dies
    rearm()  # `newstally run`: Ctrl-C / SIGTERM end the process at once, with one line
    logger = get_run_logger()
    started = datetime.now(UTC)
    t0 = time.monotonic()
    stages: dict[str, float] = {}
    stages_cpu: dict[str, list[float]] = {}
    mark = _stage_clock(stages, stages_cpu)
    allow_hosts = list(allow_hosts or [])
    sources_path = sources or resolve()["sources"]
    sf = load_sources(sources_path, base_url=base_url)
    settings = resolve({**(overrides or {}), "db": db, "sources": sources_path},
                       file_settings=sf.settings)
    db_path = settings["db"]
    # --allow-host / the deployment parameter add to NEWSTALLY_ALLOW_HOSTS / [settings]
    allow_hosts = list(dict.fromkeys([*settings["allow_hosts"], *allow_hosts]))
    run_id = str(flow_run.get_id() or f"local-{started.isoformat()}")
    global _RUN_ID
    _RUN_ID = run_id
    dask = dask_address or settings["dask_address"]
    if not dask:
        warm_workers(settings["workers"])  # workers import trafilatura while feeds are polled

    with run_lock(db_path, timeout=settings["lock_timeout"]):
        mark("start")  # sources, settings, the worker pool started, the run lock taken
        state = read_warehouse(db_path, settings)
        mark("read")
        retries = read_retries(db_path, settings)
        # 1. poll every feed (one task each; a failure never stops the others)
        poll = poll_source.with_options(retries=settings["retries"],
                                        retry_delay_seconds=settings["retry_delay"])
        phase_end = time.monotonic() + settings["poll_deadline"]
        futures = [
            poll.submit(s, state.feed_states.get(s.name, {}), settings, allow_hosts, phase_end)
            for s in sf.sources
        ]
        polls: list[tuple[Source, PollResult | None, str | None]] = []
        _report("polling feeds", 0, len(futures))
        for i, (s, fut) in enumerate(zip(sf.sources, futures, strict=True), start=1):
            # every try stops at phase_end by itself; the grace covers a poll stuck where
            # no timeout reaches (a DNS lookup), which is then recorded and left behind
            wait = max(0.0, phase_end - time.monotonic()) + POLL_GRACE_S
            try:
                polls.append((s, fut.result(timeout=wait), None))
            except TimeoutError:
                polls.append((s, None, f"feed '{s.name}' ({s.url}): still polling "
                                       f"{POLL_GRACE_S:g} s after the poll-phase deadline of "
                                       f"{settings['poll_deadline']:g} s; cut, tried again "
                                       "on the next run"))
            except Exception as exc:  # after retries: record, go on
                polls.append((s, None, f"feed '{s.name}' ({s.url}): {exc}"))
            _report("polling feeds", i, len(futures))

        mark("poll")
        # 2. select: canonical URLs, held URLs skipped without a request, topic pre-filter
        selected: list[Entry] = []
        taken: set[str] = set()
        poll_rows, states, per_feed = [], [], {}
        skipped: list[dict[str, Any]] = []
        retaken = _retake_entries(state.retake, {s.name for s in sf.sources})
        state.held_urls = read_held(db_path, settings, [
            u for e in [*(e for _, e in retaken),
                        *(e for _, r, _ in polls if r is not None for e in r.entries)]
            for u in entry_keys(e)])
        selected.extend(e for _, e in retaken if e.canonical_url not in state.held_urls)
        taken.update(e.canonical_url for _, e in retaken)
        # pages that failed transiently on an earlier run: those due are retried even when
        # their feed is unchanged; the others wait their turn even if a feed lists them
        prior, due, waiting = _pending_retries(retries, {s.name for s in sf.sources},
                                               started, taken)
        selected.extend(due)
        taken.update(e.canonical_url for e in due)
        taken.update(waiting)
        for s, res, err in polls:
            new_entries: list[Entry] = []
            n_skipped = len(skipped)
            if res is not None and res.status == "ok":
                sel = select_entries(
                    res.entries, held=state.held_urls | taken,
                    topic_terms=sf.topic.terms, source_terms=s.terms, prefilter=s.prefilter,
                )
                new_entries = sel.new[: settings["max_entries_per_feed"]]
                for e in new_entries:
                    taken.add(e.canonical_url)
                selected.extend(new_entries)
                skipped.extend(_skipped_row(e, sel.reasons[e.url]) for e in sel.skipped_offtopic)
            poll_rows.append({
                "run_id": run_id, "source": s.name, "url": s.url,
                "polled_at": started, "status": res.status if res else "error",
                "http_status": res.http_status if res else None,
                "entries": len(res.entries) if res else 0, "new_entries": len(new_entries),
                "error": (res.error if res else err), "duration_ms": res.duration_ms if res else None,
                "prefiltered": len(skipped) - n_skipped,
            })
            if res is not None and res.status == "ok":  # kept with why they are no page
                skipped.extend(_skipped_row(e, why) for e, why in res.pageless)
            if res is not None and res.status in ("ok", "unchanged", "not_modified"):
                states.append({"name": s.name, "polled_at": started, "etag": res.etag,
                               "last_modified": res.last_modified,
                               "body_sha256": res.body_sha256})
            else:
                states.append({"name": s.name, "polled_at": started})
            per_feed[s.name] = poll_rows[-1]
        logger.info("polled %d feed(s); %d new entries selected", len(polls), len(selected))

        mark("select")
        _warm_imports()  # while this process mostly waits for its workers
        # 3. fetch, extract, score, read figures: one task per batch of pages
        kinds = {s.name: s.kind for s in sf.sources}
        processed: list[Processed] = []
        if not state.seed_loaded:
            processed.extend(seed_processed(load_seeds()))
        batches = _chunks(selected, settings["batch_size"])
        with _page_runner(dask if batches else None) as runner:
            held = HeldLookup(db_path, state.held_urls, lock_timeout=settings["lock_timeout"])
            if runner is None:
                page_futures = [
                    fetch_pages.submit(i + 1, b, settings, allow_hosts, sf.topic.terms,
                                       held, kinds)
                    for i, b in enumerate(batches)
                ]
            else:  # on the cluster: its workers are the parallelism, each processes in-thread
                remote = {**settings, "workers": 1}
                page_futures = [
                    runner.submit(fetch_pages, parameters={
                        "batch_no": i + 1, "entries": b, "settings": remote,
                        "allow_hosts": allow_hosts, "topic_terms": sf.topic.terms,
                        "held": held, "kinds": kinds})
                    for i, b in enumerate(batches)
                ]
            done = 0
            _report("fetching pages", 0, len(selected))
            for fut, b in zip(page_futures, batches, strict=True):
                processed.extend(fut.result())
                done += len(b)
                _report("fetching pages", done, len(selected))
        mark("fetch_extract")
        refetched = (
            refetch_recent(state.refetch, settings, allow_hosts, sf.topic.terms)
            if state.refetch else []
        )

        mark("refetch")
        # 4. dedup, figures, contradictions — in memory, then one write
        # quote(): Prefect would otherwise walk every page, text and figure of the inputs
        # looking for futures (seconds for a few hundred pages); these hold none
        index, figures, keys = read_for_dedup(db_path, settings, quote(dedup.DedupIndex()),
                                              quote(processed),
                                              quote([p for p in refetched if p.outcome == "article"]))
        stale_ids = [int(r[0]) for r in state.signature_rows]
        stale = refresh_stale_signatures(index, state.stale_texts(stale_ids)) \
            if stale_ids else []
        attempts = plan_attempts(processed, prior=prior, retries=settings["page_retries"],
                                 backoff_hours=settings["page_retry_backoff"], run_id=run_id,
                                 now=started)
        asm = assemble(processed, index=index, held_figures=figures, held_keys=keys,
                       refetched=[p for p in refetched if p.outcome == "article"])
        for p in refetched:
            if p.outcome != "article":
                asm.article_updates.append({"id": p.article_id, "last_checked_at": started})
        summary = _summary(sf.sources, per_feed, asm, started)
        batch = LoadBatch(
            run_id=run_id,
            run={"id": run_id, "started_at": started, "finished_at": datetime.now(UTC),
                 "sources_file": str(sources_path), "summary": summary},
            sources=[asdict(s) for s in sf.sources], source_states=states, polls=poll_rows,
            pages=asm.pages, articles=asm.articles, article_updates=asm.article_updates,
            signatures=stale + asm.signatures, figures=asm.figures, alerts=asm.alerts,
            skipped=skipped, retaken=[(src, e.canonical_url) for src, e in retaken],
            attempts=attempts,
        )
        mark("assemble")
        _report("loading the warehouse", 0, 1)
        loaded = load(db_path, quote(batch), settings)
        _report("loading the warehouse", 1, 1)
        summary["totals"].update({"articles_loaded": loaded["articles"],
                                  "figures_loaded": loaded["figures"],
                                  "alerts_raised": loaded["alerts"]})
        mark("load")
        delivery = deliver_alerts(db_path, settings)
        summary["delivery"] = delivery
        mark("deliver")
        summary["stages_s"] = stages
        summary["stages_cpu_s"] = stages_cpu

    from newstally.serve import in_serve_flow_run

    if os.environ.get("PREFECT__FLOW_RUN_ID") or in_serve_flow_run():
        # a process started for this one flow run (serve's runner, a work-pool worker):
        # stop the workers and multiprocessing's fork server now; they hold the run's
        # output pipes, so the runner saw the run as still going and, at capacity,
        # skipped the next scheduled runs
        shutdown_workers()
        kill_workers()
    summary["duration_s"] = round(time.monotonic() - t0, 2)
    _publish(summary, db_path, settings)
    failed = summary["totals"]["feeds_failed"]
    if sf.sources and failed == len(sf.sources):
        raise AllFeedsFailedError(
            f"every feed failed ({failed} of {failed}); nothing new could be read. The errors "
            "are in the summary and in feed_polls (`newstally sql \"SELECT source, error FROM "
            "feed_polls WHERE status = 'error'\"`): check the network and the feed URLs",
            summary)
    return summary


_WARMED = threading.Event()


def _warm_imports() -> None:
    """Import, in a thread of its own, what DuckDB imports the first time an Arrow table is
    registered (pandas: 0.5-0.8 s of CPU): done by the run's dedup read it held up the
    serial end of a process's first run; here it overlaps the fetching (the read and
    the poll hold the GIL as much as an import does)."""
    if _WARMED.is_set():
        return
    _WARMED.set()

    def warm() -> None:
        try:
            import duckdb
            import pyarrow as pa

            with duckdb.connect() as conn:
                conn.register("_warm", pa.table({"x": [0]}))
        except Exception as exc:  # a warm-up only: the run does the same import itself
            log.debug("warming DuckDB's imports failed: %s", exc)

    threading.Thread(target=warm, name="newstally-warm-imports", daemon=True).start()


def _stage_clock(stages: dict[str, float],
                 cpu: dict[str, list[float]] | None = None) -> Callable[[str], None]:
    """mark(name) records the seconds since the previous mark under ``name``, and in
    ``cpu`` the CPU seconds of this process and of its worker processes meanwhile
    (``[process, workers]``: where a stage spends CPU, and whether it used both cores)."""
    last = [time.monotonic(), time.process_time(), worker_cpu_s()]

    def mark(name: str) -> None:
        now, proc, workers = time.monotonic(), time.process_time(), worker_cpu_s()
        stages[name] = round(now - last[0], 3)
        if cpu is not None:
            cpu[name] = [round(proc - last[1], 3), round(workers - last[2], 3)]
        last[:] = [now, proc, workers]
    return mark


@task(name="read-page-retries", cache_policy=NO_CACHE)
def read_retries(db: str, settings: dict[str, Any]) -> list[dict[str, Any]]:
    with reader(db, lock_timeout=settings["lock_timeout"]) as conn:
        return read_page_retries(conn)


def _pending_retries(rows: list[dict[str, Any]], sources: set[str], now: datetime,
                     taken: set[str]) -> tuple[dict[str, int], list[Entry], set[str]]:
    """(attempts so far by canonical URL, entries due for a retry, URLs still waiting)."""
    prior: dict[str, int] = {}
    due: list[Entry] = []
    waiting: set[str] = set()
    for r in rows:
        prior[r["canonical_url"]] = int(r["attempts"])
        if r["canonical_url"] in taken:
            continue
        if r["source"] in sources and (r["next_attempt_at"] is None
                                       or r["next_attempt_at"] <= now):
            due.append(Entry(source=r["source"], url=r["url"],
                             canonical_url=r["canonical_url"], title=r["title"],
                             summary=r["summary"], published=r["published_at"],
                             guid=r["guid"], language=r["language"]))
        else:
            waiting.add(r["canonical_url"])
    if due:
        log.info("retrying %d page(s) that failed transiently on an earlier run", len(due))
    return prior, due, waiting


def _skipped_row(e: Entry, reason: str) -> dict[str, Any]:
    return {"source": e.source, "canonical_url": e.canonical_url, "url": e.url,
            "title": e.title, "summary": e.summary, "published_at": e.published,
            "guid": e.guid, "language": e.language, "reason": reason}


def _retake_entries(rows: list[dict[str, Any]], sources: set[str]) -> list[tuple[str, Entry]]:
    """Skipped entries an operator asked to take again, as entries of their own feed (a
    feed still in the sources file); the caller fetches those not held meanwhile."""
    out: list[tuple[str, Entry]] = []
    for r in rows:
        if r["source"] not in sources or not str(r["url"]).startswith(("http://", "https://")):
            continue  # a feed gone from the sources file, or an entry that is no page
        e = Entry(source=r["source"], url=r["url"], canonical_url=r["canonical_url"],
                  title=r["title"], summary=r["summary"], published=r["published_at"],
                  guid=r["guid"], language=r["language"])
        out.append((r["source"], e))
    return out


def _summary(sources: Sequence[Source], per_feed: dict[str, dict[str, Any]], asm: Any,
             started: datetime) -> dict[str, Any]:
    feeds = []
    for s in sources:
        poll = per_feed[s.name]
        counts = asm.per_source.get(s.name, {})
        feeds.append({
            "source": s.name, "status": poll["status"], "http": poll["http_status"],
            "entries": poll["entries"], "new_entries": poll["new_entries"],
            "prefiltered": poll.get("prefiltered", 0),
            "new_articles": counts.get("new_articles", 0),
            "duplicates": counts.get("duplicates", 0), "rejected": counts.get("rejected", 0),
            "figures": counts.get("figures", 0), "page_errors": counts.get("errors", 0),
            "error": poll["error"],
        })
    seed = asm.per_source.get("seed", {})
    totals = {
        "feeds": len(feeds), "feeds_failed": sum(1 for f in feeds if f["status"] == "error"),
        "new_entries": sum(f["new_entries"] for f in feeds),
        "prefiltered": sum(f["prefiltered"] for f in feeds),
        "new_articles": sum(f["new_articles"] for f in feeds),
        "duplicates": sum(f["duplicates"] for f in feeds),
        "rejected": sum(f["rejected"] for f in feeds),
        "page_errors": sum(f["page_errors"] for f in feeds),
        "figures": sum(c.get("figures", 0) for c in asm.per_source.values()),
        "alerts": len(asm.alerts),
        "revisions": sum(c.get("revisions", 0) for c in asm.per_source.values()),
        "seed_articles": seed.get("new_articles", 0) + seed.get("duplicates", 0),
    }
    return {"started_at": started.isoformat(), "feeds": feeds, "totals": totals,
            "page_error_reasons": asm.errors[:20]}


def _publish(summary: dict[str, Any], db_path: str, settings: dict[str, Any]) -> None:
    """The run summary as a table artifact, new alerts as a markdown artifact."""
    try:
        create_table_artifact(
            key="ingest-summary", table=summary_rows(summary),
            description=(
                f"newstally run: {summary['totals']['new_articles']} new article(s), "
                f"{summary['totals']['duplicates']} duplicate(s), "
                f"{summary['totals']['figures']} figure(s), "
                f"{summary['totals']['alerts']} alert(s) in {summary['duration_s']} s"
            ),
        )
        if summary["totals"].get("alerts_raised"):
            with reader(db_path, lock_timeout=settings["lock_timeout"]) as conn:
                md = alert_markdown(conn, since=summary["started_at"])
            create_markdown_artifact(key="ingest-alerts", markdown=md,
                                     description="Alerts raised by this run")
    except Exception as exc:  # artifacts are a report, never a reason to fail a run
        log.warning("could not publish the run's artifacts: %s", exc)


if __name__ == "__main__":
    ingest()
