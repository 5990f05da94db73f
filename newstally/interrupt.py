"""Stopping `newstally run` / `demo` at once: Ctrl-C, SIGTERM, a Prefect API that went away.

Unwinding through Prefect after Ctrl-C makes it report the run's end to its API — which,
for the temporary server, got the same Ctrl-C and is gone — and it retries for minutes,
printing tracebacks. So :func:`interruptible` ends the process itself, with one line:

- **Ctrl-C or SIGTERM**: exit 130;
- **the Prefect API stops answering** (its temporary server died, or the server in
  ``PREFECT_API_URL`` went away): exit 5.

The warehouse is left as it was before the run: a run loads in one DuckDB transaction,
and a transaction that did not commit is rolled back when the file is next opened. The
run lock (``flock``) goes with the process. The temporary Prefect server started for the
run is stopped; the run's Prefect state is set Cancelled when the API still answers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

__all__ = ["API_LOST_EXIT", "INTERRUPT_EXIT", "interruptible", "rearm"]

INTERRUPT_EXIT = 130
API_LOST_EXIT = 5
API_MISSES = 3  # health checks failed in a row (one a second) before giving up on the API

_ending = threading.Lock()
_active = threading.Event()  # an interruptible() block is running in this process


def _ephemeral() -> Any:
    """The temporary Prefect server this process started, or None."""
    try:
        from prefect.server.api.server import SubprocessASGIServer
    except Exception:  # pragma: no cover - prefect without its server
        return None
    for server in list(SubprocessASGIServer._instances.values()):
        if getattr(server, "running", False) and getattr(server, "server_process", None):
            return server
    return None


def _api_url() -> str | None:
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if url:
        return str(url)
    server = _ephemeral()
    return str(server.api_url) if server is not None else None


def _cancel_run(api: str | None) -> None:
    """Best effort, 2 s at most: mark the run Cancelled so the UI does not show it running."""
    try:
        from flows.ingest import current_run_id

        run_id = current_run_id()
    except Exception:
        return
    if not api or not run_id:
        return
    with contextlib.suppress(Exception):
        httpx.post(f"{api.rstrip('/')}/flow_runs/{run_id}/set_state", timeout=2.0, json={
            "force": True, "state": {"type": "CANCELLED", "name": "Cancelled",
                                     "message": "newstally run was interrupted"}})


def _end(message: str, code: int, *, api_alive: bool) -> None:
    """Say ``message`` on one line, stop the temporary server and leave with ``code``."""
    if not _ending.acquire(blocking=False):
        return
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    os.write(2, ("\n" + message + "\n").encode("utf-8", "replace"))
    if api_alive:
        _cancel_run(_api_url())
    server = _ephemeral()
    if server is not None:
        with contextlib.suppress(Exception):
            server.server_process.kill()
    with contextlib.suppress(Exception):
        from pipeline.process import kill_workers

        kill_workers()  # the worker processes would wait on their queue for ever
    os._exit(code)


def _on_signal(signum: int, frame: Any) -> None:
    what = "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name
    _end(f"Interrupted ({what}): the run stopped; the warehouse is left as it was before it "
         "(nothing of this run was loaded).", INTERRUPT_EXIT,
         api_alive=signum != signal.SIGINT)  # Ctrl-C in a terminal reached the server too


def _watch(stop: threading.Event) -> None:
    misses, answered = 0, False  # watched only once it has answered (a server starting)
    while not stop.wait(1.0):
        try:
            api = _api_url()
        except Exception:
            api = None
        if api is None:
            continue
        server = _ephemeral()
        dead = answered and server is not None and server.server_process.poll() is not None
        if not dead:
            try:
                httpx.get(f"{api.rstrip('/')}/health", timeout=2.0)
                misses, answered = 0, True
                continue
            except httpx.HTTPError:
                misses += answered
        if stop.is_set():
            return
        if dead or misses >= API_MISSES:
            _end(f"The Prefect API ({api}) stopped answering in the middle of the run: the "
                 "run stopped; the warehouse is left as it was before it (nothing of this run "
                 "was loaded). Run again; for `newstally serve` or PREFECT_API_URL, check "
                 "that the Prefect server is up.", API_LOST_EXIT, api_alive=False)
            return


def rearm() -> None:
    """Called as the flow starts: Prefect's flow engine installs its own SIGTERM handler
    for the run, which would unwind through the engine; put ours back over it (Prefect
    restores ours when the run ends)."""
    if _active.is_set() and threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, _on_signal)


@contextmanager
def interruptible() -> Iterator[None]:
    """Within the block, Ctrl-C / SIGTERM / a lost Prefect API end the process (above)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals can only be handled in the main thread (tests calling the CLI)
        return
    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(stop,), name="newstally-api-watch",
                               daemon=True)
    watcher.start()
    _active.set()
    try:
        yield
    finally:
        _active.clear()
        stop.set()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        time.sleep(0)  # let a watcher tick that is already ending see ``stop``
