"""Extraction in worker processes (NEWSTALLY_WORKERS) stores exactly what in-thread
extraction stores; a failure in a worker is recorded against its URL, never fatal.

Real parts only: the bundled replay served on 127.0.0.1, the ingest flow through Prefect,
real worker processes (forkserver), real DuckDB files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dbq import q

from newstally.replay import ReplayServer
from pipeline import process
from pipeline.models import Entry
from pipeline.net import Fetcher
from pipeline.settings import resolve

REPLAY = Path(__file__).parents[1] / "newstally" / "replay"
FAST = {"host_delay": 0.0, "timeout": 5.0, "total_timeout": 10.0, "retries": 0,
        "refetch_days": 0}

ARTICLES = ("SELECT canonical_url, url, source, publisher, title, author, published_at, "
            "page_published_at, date_flag, language, text, text_sha256, relevance, is_seed, "
            "dedup_method, content_sha256, extractor_version FROM articles ORDER BY canonical_url")
FIGURES = ("SELECT a.canonical_url, f.metric, f.value, f.qualifier, f.low, f.high, f.unit, "
           "f.attributed_to, f.given_by, f.as_of, f.period, f.sentence, f.span_start, "
           "f.span_end, f.language FROM figures f JOIN articles a ON a.id = f.article_id "
           "ORDER BY ALL")
PAGES = ("SELECT canonical_url, content_sha256, url, final_url, http_status, outcome, reason, "
         "octet_length(raw_html_gz) FROM pages ORDER BY canonical_url, content_sha256")
ALERTS = "SELECT kind, metric, rule, message FROM alerts ORDER BY ALL"



@pytest.fixture(scope="module")
def server() -> Iterator[ReplayServer]:
    with ReplayServer(REPLAY) as s:
        yield s


@pytest.fixture(scope="module")
def runs(server: ReplayServer, prefect_harness: None,
         tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    from flows.ingest import ingest

    out = {}
    for workers in (1, 2):
        db = tmp_path_factory.mktemp(f"workers{workers}") / "w.duckdb"
        ingest(sources=str(REPLAY / "sources.toml"), db=str(db), allow_hosts=["127.0.0.1"],
               base_url=server.base_url, overrides={**FAST, "workers": workers})
        out[workers] = db
    yield out
    process.shutdown_workers()


@pytest.mark.prefect
@pytest.mark.parametrize("sql", [ARTICLES, FIGURES, PAGES, ALERTS],
                         ids=["articles", "figures", "pages", "alerts"])
def test_two_workers_store_what_one_thread_stores(runs: dict[int, Path], sql: str) -> None:
    one, two = q(runs[1], sql), q(runs[2], sql)
    assert one, "the replay run stored nothing to compare"
    assert two == one


@pytest.mark.prefect
def test_the_run_used_real_worker_processes(runs: dict[int, Path]) -> None:
    pool = process._POOLS.get(2)
    assert pool is not None, "workers=2 did not start a process pool"
    pids = set(pool._processes)  # type: ignore[attr-defined]
    assert len(pids) == 2
    assert os.getpid() not in pids
    # real figures came out of them (the replay has figures on most articles)
    assert q(runs[2], "SELECT count(*) FROM figures")[0][0] > 10


def test_workers_setting_defaults_to_the_cores_and_reads_the_environment() -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert resolve(environ={})["workers"] == cores
    assert resolve(environ={"NEWSTALLY_WORKERS": "0"})["workers"] == 0
    assert process.worker_pool(0) is None
    assert process.worker_pool(1) is None


def _refuse_to_start() -> None:
    raise RuntimeError("this worker refuses to start")


def test_a_failed_worker_names_the_url_and_the_other_pages_go_on(
        server: ReplayServer) -> None:
    """A pool whose worker processes die at start: each page is recorded as transient
    (tried again on the next run) with its URL in the reason; nothing raises."""
    import multiprocessing

    urls = [server.url("/sites/worlddesk/2026/01/venezuela-begins-freeing-political-prisoners.html"),
            server.url("/sites/missing-page.html")]
    entries = [Entry(source="t", url=u, canonical_url=u, title=None, summary=None,
                     published=datetime(2026, 1, 5, tzinfo=UTC), guid=u, language="en")
               for u in urls]
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_refuse_to_start)
    try:
        with Fetcher(allow_hosts=("127.0.0.1",), host_delay=0.0, timeout=5.0) as fetcher:
            out = process.fetch_and_process(entries, fetcher, topic_terms=("Venezuela",),
                                            threshold=0.0, held=lambda _u: False, pool=pool)
    finally:
        pool.shutdown(wait=True)
    fetched, missing = out
    assert fetched.outcome == "transient"
    assert urls[0] in (fetched.reason or "")
    assert "worker process" in (fetched.reason or "")
    # a 404 is transient too (a page often answers 404 before it goes live): tried again
    assert missing.outcome == "transient" and "404" in (missing.reason or "")


@pytest.mark.skipif(sys.platform == "win32", reason="forkserver is POSIX-only")
def test_in_thread_and_pool_give_the_same_processed_page(server: ReplayServer) -> None:
    url = server.url("/sites/worlddesk/2026/01/venezuela-begins-freeing-political-prisoners.html")
    entry = Entry(source="t", url=url, canonical_url=url, title=None, summary=None,
                  published=datetime(2026, 1, 5, tzinfo=UTC), guid=url, language="en")
    results = []
    for pool in (None, process.worker_pool(2)):
        with Fetcher(allow_hosts=("127.0.0.1",), host_delay=0.0, timeout=5.0) as fetcher:
            (p,) = process.fetch_and_process([entry], fetcher, topic_terms=("Venezuela",),
                                             threshold=0.0, held=lambda _u: False, pool=pool)
        results.append(p)
    one, two = results
    assert one.outcome == "article", one.reason
    assert (two.outcome, two.extracted, two.relevance, two.figures, two.content_sha256) == (
        one.outcome, one.extracted, one.relevance, one.figures, one.content_sha256)


@pytest.mark.skipif(sys.platform == "win32", reason="forkserver is POSIX-only")
def test_the_worker_signs_the_text_and_the_index_uses_its_signature(
        server: ReplayServer) -> None:
    """The MinHash signature and text hash come back from the worker with the page (the
    run's process does not hash every text again) and are those of the stored text."""
    from pipeline import dedup

    url = server.url("/sites/worlddesk/2026/01/venezuela-begins-freeing-political-prisoners.html")
    entry = Entry(source="t", url=url, canonical_url=url, title=None, summary=None,
                  published=datetime(2026, 1, 5, tzinfo=UTC), guid=url, language="en")
    with Fetcher(allow_hosts=("127.0.0.1",), host_delay=0.0, timeout=5.0) as fetcher:
        (p,) = process.fetch_and_process([entry], fetcher, topic_terms=("Venezuela",),
                                         threshold=0.0, held=lambda _u: False,
                                         pool=process.worker_pool(2))
    assert p.outcome == "article" and p.extracted is not None, p.reason
    title = p.extracted.title or p.feed_title
    assert p.signature == dedup.signature(p.extracted.text, title)
    assert p.text_sha256 == dedup.text_sha256(p.extracted.text)
    index = dedup.DedupIndex()
    process.presign(index, [p])
    assert index.presign(p.extracted.text, title) is p.signature
    decision, sig = index.classify(p.extracted.text, title=title, figures=p.figures)
    assert sig is p.signature and decision.relation == "original"
