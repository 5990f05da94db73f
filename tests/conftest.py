"""Shared fixtures: real loopback HTTP servers (never a monkeypatched client).

- ``replay_server`` (session): serves ``tests/fixtures/site/`` plus the built-in faults
  of :mod:`newstally.replay` on 127.0.0.1; tests filter its shared request log with
  ``replay_server.requests_to(prefix)`` and use their own keys for stateful faults.
- ``bundled_replay_server`` (session): serves the bundled replay of ``newstally demo``.
- ``fetcher``: a :class:`pipeline.net.Fetcher` that may reach 127.0.0.1 only, with
  test-sized timeouts and no politeness delay.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newstally.replay import ReplayServer
from pipeline.net import Fetcher
from pipeline.settings import prefect_defaults

prefect_defaults()  # no telemetry from the test harness's Prefect server either

SITE = Path(__file__).parent / "fixtures" / "site"
BUNDLED = Path(__file__).parents[1] / "newstally" / "replay"


@pytest.fixture(scope="session")
def replay_server() -> Iterator[ReplayServer]:
    with ReplayServer(SITE) as server:
        yield server


@pytest.fixture(scope="session")
def bundled_replay_server() -> Iterator[ReplayServer]:
    with ReplayServer(BUNDLED) as server:
        yield server


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(allow_hosts=["127.0.0.1"], timeout=1.0, total_timeout=2.0,
                 host_delay=0.0, max_bytes=5_000_000, max_redirects=5) as f:
        yield f


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for the whole session (~10 s to start, once)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session", autouse=True)
def _no_worker_processes_left() -> Iterator[None]:
    """End the session's worker pools, fork server and resource tracker with it: a fork
    server outlived the pytest process (its parent) with two idle workers."""
    yield
    from pipeline.process import kill_workers, shutdown_workers

    shutdown_workers()
    kill_workers()
