"""Stopping the temporary Prefect server of `newstally run` / `demo` once it has recorded the run.

Without ``PREFECT_API_URL``, Prefect starts a server in a subprocess for the run and sends
it SIGTERM at interpreter exit. The run's task states reach that server as events, which
its ``task_run_recorder`` service writes to its database; stopped while it still had
events to write, the service's writes were cancelled and it printed ``Error flushing …``
/ ``CancelledError`` tracebacks on the terminal (the server shares it), and the task runs
it had not written stayed Pending or Running in the Prefect UI (on the feedparser corpus:
750 of 2114 task runs written when the server stopped).

Two things end that:

- :func:`pipeline.settings.prefect_defaults` has the recorder write its events in batches
  (``PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE``, one transaction per event by
  default), so it keeps up with a run of thousands of tasks;
- :func:`stopped_once_recorded`, around the run, then sends what the client still holds
  (its event and log workers), waits until the server's task runs stop changing for
  longer than the recorder's flush interval, and stops the server and waits for it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

__all__ = ["running", "stop_when_recorded", "stopped_once_recorded"]

SETTLE_LIMIT_S = 20.0  # never wait longer than this for the recorder
_OPEN = ["SCHEDULED", "PENDING", "RUNNING", "PAUSED", "CANCELLING"]


def running() -> Any:
    """The temporary Prefect server this process started and that still runs, or None."""
    from newstally.interrupt import _ephemeral

    return _ephemeral()


def _recorded(api: str, run_id: str, client: httpx.Client) -> tuple[int, int]:
    """(task runs of the run, those not yet in a final state) as the server holds them."""
    run = {"flow_runs": {"id": {"any_": [run_id]}}}
    total = client.post(f"{api}/task_runs/count", json=run)
    still_open = client.post(f"{api}/task_runs/count", json={
        **run, "task_runs": {"state": {"type": {"any_": _OPEN}}}})
    total.raise_for_status()
    still_open.raise_for_status()
    return int(total.json()), int(still_open.json())


def _flush_interval() -> float:
    """The recorder writes a partial batch this often (1 s from prefect_defaults): task runs
    that did not change for longer than that are all it will write."""
    raw = os.environ.get("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL", "5")
    try:
        return max(1.0, float(int(float(raw))))  # Prefect sleeps int(interval) seconds
    except ValueError:
        return 5.0


def _drain_client(timeout: float) -> None:
    """Send the events and logs the client still holds (Prefect does it at exit, too late)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (EventsWorker, APILogWorker):
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=timeout, at_exit=False)


def _settle(api: str, run_id: str, limit: float) -> None:
    deadline = time.monotonic() + limit
    with httpx.Client(timeout=5.0) as client:
        seen: tuple[int, int] | None = None
        while time.monotonic() < deadline:
            now = _recorded(api, run_id, client)
            if now == seen:
                return  # nothing written for a whole flush interval: the recorder is idle
            seen = now
            time.sleep(_flush_interval() + 0.25)


def stop_when_recorded(server: Any, run_id: str | None, *, limit: float = SETTLE_LIMIT_S) -> float:
    """Stop ``server`` (a running temporary server) once it has written the run's task runs.

    Best effort and bounded: the run is over and loaded when this is called, so a server
    that does not answer, or Ctrl-C / SIGTERM meanwhile, only makes the server stop at
    once. Returns the seconds spent."""
    t0 = time.monotonic()
    previous = signal.getsignal(signal.SIGTERM)
    in_main = True
    try:
        signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM: stop now, too
    except ValueError:  # not the main thread (the CLI called from a test's thread)
        in_main = False
    try:
        _drain_client(timeout=min(10.0, limit))
        if run_id:
            with contextlib.suppress(httpx.HTTPError, ValueError):
                _settle(str(server.api_url).rstrip("/"), run_id,
                        limit - (time.monotonic() - t0))
    except KeyboardInterrupt:
        pass
    finally:
        proc = server.server_process
        try:
            server.stop()  # SIGTERM, waits up to 5 s for it to exit, then SIGKILL
        except KeyboardInterrupt:
            if proc is not None:  # stop() forgets it even when interrupted
                proc.kill()
                proc.wait()
            server.stop()
        finally:
            if in_main and previous is not None:
                signal.signal(signal.SIGTERM, previous)
    return time.monotonic() - t0


@contextmanager
def stopped_once_recorded() -> Iterator[None]:
    """Around a run: the temporary server the run started is stopped as the block ends,
    once it has written the run. A server already running (the tests' harness) is left."""
    had_server = running() is not None
    try:
        yield
    finally:
        server = None if had_server else running()
        if server is not None:
            from flows.ingest import current_run_id

            stop_when_recorded(server, current_run_id())
