"""The fetch-pages tasks on a real Dask cluster (prefect-dask's DaskTaskRunner): a
``distributed.LocalCluster`` on 127.0.0.1 with a worker process of its own, the bundled
replay on loopback, the flow through Prefect. The warehouse is written by the flow's
process only, and holds what a run without Dask stores.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbq import q

from newstally.replay import ReplayServer
from pipeline.errors import ConfigError

pytestmark = [pytest.mark.prefect, pytest.mark.slow]

distributed = pytest.importorskip("distributed")

REPLAY = Path(__file__).parents[1] / "newstally" / "replay"
FAST = {"host_delay": 0.0, "timeout": 5.0, "total_timeout": 10.0, "retries": 0,
        "refetch_days": 0, "workers": 1}
ARTICLES = ("SELECT canonical_url, title, text, relevance, language, published_at "
            "FROM articles ORDER BY canonical_url")
FIGURES = ("SELECT a.canonical_url, f.metric, f.value, f.qualifier, f.sentence FROM figures f "
           "JOIN articles a ON a.id = f.article_id ORDER BY ALL")



@pytest.fixture(scope="module")
def server() -> Iterator[ReplayServer]:
    with ReplayServer(REPLAY) as s:
        yield s


@pytest.fixture()
def cluster(prefect_harness: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from prefect.settings import get_current_settings

    # the worker process reports its task runs to the session's Prefect API
    monkeypatch.setenv("PREFECT_API_URL", str(get_current_settings().api.url))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as c:
        yield c


def run(server: ReplayServer, db: Path, **kw: Any) -> dict[str, Any]:
    from flows.ingest import ingest

    return ingest(sources=str(REPLAY / "sources.toml"), db=str(db), allow_hosts=["127.0.0.1"],
                  base_url=server.base_url, overrides=FAST, **kw)


def test_a_run_on_a_local_cluster_stores_what_a_local_run_stores(
        server: ReplayServer, cluster: Any, tmp_path: Path) -> None:
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    with distributed.Client(address) as client, \
            distributed.get_task_stream(client) as stream:
        on_dask = run(server, tmp_path / "dask.duckdb", dask_address=address)
    assert stream.data, "no task ran on the Dask cluster"
    local = run(server, tmp_path / "local.duckdb")
    assert on_dask["totals"]["new_articles"] == local["totals"]["new_articles"] > 0
    assert q(tmp_path / "dask.duckdb", ARTICLES) == q(tmp_path / "local.duckdb", ARTICLES)
    assert q(tmp_path / "dask.duckdb", FIGURES) == q(tmp_path / "local.duckdb", FIGURES)


def test_an_unreachable_scheduler_is_named(server: ReplayServer, prefect_harness: None,
                                           tmp_path: Path) -> None:
    import dask

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}), \
            pytest.raises(ConfigError, match=f"Dask scheduler at '{address}'"):
        run(server, tmp_path / "w.duckdb", dask_address=address)
