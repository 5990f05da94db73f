"""`newstally serve`: the ingest deployment on a schedule, against a real Prefect server.

Prefect's temporary (ephemeral) server registers a served deployment but never creates
its scheduled runs, so serving needs a real server: the one in ``PREFECT_API_URL``, or
a local one started here on 127.0.0.1 (SQLite), waited for, and stopped on exit.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from pipeline.errors import NewstallyError

log = logging.getLogger(__name__)

DEPLOYMENT_NAME = "ingest-every-30-min"


@contextmanager
def local_prefect_server(port: int, *, timeout: float = 90.0,
                         echo: Callable[[str], None] = print) -> Iterator[str]:
    """Start ``prefect server start`` on 127.0.0.1:PORT, yield its API URL, stop it."""
    api = f"http://127.0.0.1:{port}/api"
    try:
        httpx.get(f"{api}/health", timeout=1.0)
        raise NewstallyError(
            f"127.0.0.1:{port} is already in use; set PREFECT_API_URL={api} if it is a Prefect "
            "server, or pass --port with a free port"
        )
    except httpx.HTTPError:
        pass
    env = dict(os.environ)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    env["PREFECT_UI_ENABLED"] = env.get("PREFECT_UI_ENABLED", "true")
    prefect = Path(sys.executable).with_name("prefect")
    cmd = [str(prefect) if prefect.exists() else "prefect", "server", "start",
           "--host", "127.0.0.1", "--port", str(port)]
    echo(f"starting a local Prefect server: {' '.join(cmd)}")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                err = (proc.stderr.read().decode(errors="replace") if proc.stderr else "")[-800:]
                raise NewstallyError(f"the local Prefect server exited at start-up: {err}")
            try:
                if httpx.get(f"{api}/health", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise NewstallyError(
                    f"the local Prefect server did not answer on {api} within {timeout:.0f} s; "
                    "start one yourself (`prefect server start`) and set PREFECT_API_URL"
                )
            time.sleep(0.5)
        echo(f"Prefect server ready at http://127.0.0.1:{port} (UI) — API {api}")
        yield api
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        echo("local Prefect server stopped")


def serve_ingest(*, cron: str, sources: str, db: str, allow_hosts: list[str], port: int = 4200,
                 echo: Callable[[str], None] = print) -> None:
    """Serve the ``ingest`` flow with ``cron`` until interrupted; one run at a time."""
    if os.environ.get("PREFECT_API_URL"):
        echo(f"using the Prefect server at {os.environ['PREFECT_API_URL']}")
        _serve(cron, sources, db, allow_hosts)
        return
    with local_prefect_server(port, echo=echo) as api:
        os.environ["PREFECT_API_URL"] = api
        _serve(cron, sources, db, allow_hosts)


def _serve(cron: str, sources: str, db: str, allow_hosts: list[str]) -> None:
    from flows.ingest import ingest

    ingest.serve(
        name=DEPLOYMENT_NAME,
        cron=cron,
        parameters={"sources": sources, "db": db, "allow_hosts": allow_hosts},
        global_limit=1,
        limit=1,
        description="Poll the feeds, load new articles and figures, raise alerts.",
        tags=["newstally"],
    )
