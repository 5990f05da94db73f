"""`newstally serve`: the ingest deployment on a schedule, against a real Prefect server.

Prefect's temporary (ephemeral) server registers a served deployment but never creates
its scheduled runs, so serving needs a real server: the one in ``PREFECT_API_URL``, or
a local one started here on 127.0.0.1 (SQLite in ``PREFECT_HOME``), waited for, and
stopped on exit — on Ctrl-C, SIGTERM, and when serving fails.

Runs never overlap: the deployment has a concurrency limit of 1 (``global_limit``, kept
by the server) and the runner executes one run at a time (``limit``); the ingest flow
also holds a run lock on the database.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from pipeline.errors import ConfigError, NewstallyError

log = logging.getLogger(__name__)

FLOW_NAME = "ingest"
DEPLOYMENT_NAME = "newstally-serve"
# The first start on a fresh PREFECT_HOME creates the SQLite database and runs every
# migration: 8-12 s measured on 2 shared cores (3-4 s afterwards), more when it is busy.
START_TIMEOUT = 180.0
STOP_TIMEOUT = 20.0
_PR_SET_PDEATHSIG = 1


class ServeError(NewstallyError):
    """The Prefect server could not be reached, started, or served against."""


@dataclass(frozen=True)
class LocalServer:
    api: str
    pid: int


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def check_schedule(cron: str | None, interval: float | None) -> str:
    """Validate the schedule before anything starts; return it in words."""
    if interval is not None:
        if interval < 1:
            raise ConfigError(f"--interval must be at least 1 second, not {interval:g}")
        return f"every {interval:g} s"
    if not cron:
        raise ConfigError("no schedule: give --cron EXPR or --interval SECONDS")
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=cron)
    except ValidationError as exc:
        msg = exc.errors()[0].get("msg", str(exc)) if exc.errors() else str(exc)
        raise ConfigError(f"--cron {cron!r} is not a valid cron expression: {msg}") from None
    return f"cron '{cron}' (UTC)"


def _health(api: str, timeout: float = 2.0) -> httpx.Response:
    headers = {}
    if os.environ.get("PREFECT_API_KEY"):
        headers["Authorization"] = f"Bearer {os.environ['PREFECT_API_KEY']}"
    return httpx.get(f"{api.rstrip('/')}/health", timeout=timeout, headers=headers)


def check_remote(api: str) -> None:
    """Fail with a clear message when the server in PREFECT_API_URL does not answer."""
    try:
        _health(api, timeout=5.0)  # any HTTP answer means something is there
    except httpx.HTTPError as exc:
        raise ServeError(
            f"the Prefect server in PREFECT_API_URL ({api}) does not answer "
            f"({type(exc).__name__}: {exc or 'no reply'}). Start it (`prefect server start`), "
            "fix PREFECT_API_URL, or unset it to let `newstally serve` start a local server."
        ) from None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the server gets SIGTERM if `newstally serve` dies without cleaning up."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


SERVE_PID_ENV = "NEWSTALLY_SERVE_PID"


def in_serve_flow_run() -> bool:
    """True in a flow-run process that `newstally serve` started (its parent is serve):
    not in serve itself, nor in a process that merely inherited the variable."""
    pid = os.environ.get(SERVE_PID_ENV, "")
    return pid.isdigit() and int(pid) != os.getpid() and os.getppid() == int(pid)


def die_with_serve() -> None:
    """In a flow-run process started by `newstally serve`: die (SIGKILL) when serve dies.

    Serve puts its pid in ``NEWSTALLY_SERVE_PID``; a flow-run process whose parent is
    that pid watches its parent (a daemon thread, twice a second) and kills itself once
    it has gone, so a serve killed outright takes its run with it (nothing is loaded: the
    load is one transaction) instead of leaving it to finish behind the next run.
    (PR_SET_PDEATHSIG is tied to the parent *thread* that started the process, which
    Prefect's runner does not keep.) Elsewhere (a plain `newstally run`, a worker) this
    does nothing."""
    if not in_serve_flow_run():
        return
    pid = os.environ[SERVE_PID_ENV]
    import threading

    def watch() -> None:
        while os.getppid() == int(pid):
            time.sleep(0.5)
        log.error("newstally serve (pid %s) is gone: this flow run ends with it", pid)
        from pipeline.process import kill_workers

        kill_workers()  # its worker processes and fork server go with it
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="newstally-serve-watch", daemon=True).start()


def _tail(path: Path, n: int = 1500) -> str:
    try:
        return path.read_text(errors="replace")[-n:].strip()
    except OSError:
        return ""


@contextmanager
def local_prefect_server(port: int, *, timeout: float = START_TIMEOUT,
                         echo: Callable[[str], None] = print) -> Iterator[LocalServer]:
    """Start ``prefect server start`` on 127.0.0.1:PORT, yield its API URL and pid, stop it.

    The server runs in its own session (a Ctrl-C in the terminal reaches ``serve``,
    which stops the runner first and the server after); its output goes to
    ``$PREFECT_HOME/newstally-server.log``.
    """
    api = f"http://127.0.0.1:{port}/api"
    try:
        _health(api, timeout=1.0)
    except httpx.HTTPError:
        pass
    else:
        raise ServeError(
            f"127.0.0.1:{port} is already in use; if it is a Prefect server, set "
            f"PREFECT_API_URL={api}; otherwise pass --port with a free port"
        )
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    logfile = home / "newstally-server.log"
    prefect = Path(sys.executable).with_name("prefect")
    cmd = [str(prefect) if prefect.exists() else "prefect", "server", "start",
           "--host", "127.0.0.1", "--port", str(port)]
    fresh = not (home / "prefect.db").exists()
    echo(f"Starting a local Prefect server on 127.0.0.1:{port} (PREFECT_API_URL is unset)")
    echo(f"  home: {home}{' (new: creating its database, this takes a while)' if fresh else ''}")
    echo(f"  log:  {logfile}")
    t0 = time.monotonic()
    with open(logfile, "ab") as out:
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    try:
        deadline = t0 + timeout
        while True:
            if proc.poll() is not None:
                raise ServeError(
                    f"the local Prefect server exited at start-up (code {proc.returncode}); "
                    f"its log ({logfile}) ends with:\n{_tail(logfile)}"
                )
            try:
                if _health(api, timeout=2.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise ServeError(
                    f"the local Prefect server did not answer on {api} within {timeout:.0f} s "
                    f"(log: {logfile}); start one yourself (`prefect server start`) and set "
                    "PREFECT_API_URL"
                )
            time.sleep(0.5)
        echo(f"Prefect server ready in {time.monotonic() - t0:.1f} s — "
             f"UI http://127.0.0.1:{port} — API {api}")
        yield LocalServer(api=api, pid=proc.pid)
    finally:
        stop_process_group(proc, echo=echo)


def recover_local(api: str, *, echo: Callable[[str], None] = print) -> None:
    """Clean up after an earlier `serve` on this local server that did not stop cleanly.

    Only the local server, which nothing else uses: a run it shows as running was cut
    off when that serve died, and would hold the deployment's concurrency slot for ever
    (no new run would start); runs scheduled while serve was stopped would all run back
    to back on restart.
    """
    with httpx.Client(base_url=api, timeout=30.0) as client:
        r = client.get(f"/deployments/name/{FLOW_NAME}/{DEPLOYMENT_NAME}")
        if r.status_code == 404:
            return
        r.raise_for_status()
        dep = r.json()["id"]

        def runs(states: list[str], **flt: Any) -> list[dict[str, Any]]:
            body = {"deployments": {"id": {"any_": [dep]}},
                    "flow_runs": {"state": {"type": {"any_": states}}, **flt}, "limit": 200}
            res = client.post("/flow_runs/filter", json=body)
            res.raise_for_status()
            return list(res.json())

        cut = runs(["RUNNING", "PENDING", "CANCELLING"])
        for run in cut:
            client.post(f"/flow_runs/{run['id']}/set_state", json={"force": True, "state": {
                "type": "CRASHED", "name": "Crashed",
                "message": "newstally serve stopped while this run was in progress"},
            }).raise_for_status()
        if cut:
            echo(f"Marked {len(cut)} run(s) cut off by an earlier serve as Crashed: "
                 f"{', '.join(r['name'] for r in cut)}")
        missed = 0
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        while batch := runs(["SCHEDULED"], expected_start_time={"before_": now}):
            for run in batch:
                client.delete(f"/flow_runs/{run['id']}").raise_for_status()
            missed += len(batch)
        if missed:
            echo(f"Dropped {missed} scheduled run(s) missed while serve was stopped "
                 "(the next scheduled run polls everything)")


def stop_process_group(proc: subprocess.Popen[Any], *, echo: Callable[[str], None] = print,
                       timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM the server's process group, SIGKILL it when it does not stop in time."""
    if proc.poll() is None:
        echo("Stopping the local Prefect server …")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            echo(f"the local Prefect server did not stop within {timeout:.0f} s: killing it")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # whatever it left in its group (it runs in its own session) goes too
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    echo("Local Prefect server stopped.")


def _children(exclude: set[int]) -> list[int]:
    """This process's live child processes (flow runs started by Prefect's runner)."""
    me, found = os.getpid(), []
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: the runner's flow runs are multiprocessing children
        import multiprocessing

        return [p.pid for p in multiprocessing.active_children()
                if p.pid is not None and p.pid not in exclude]
    for d in proc.iterdir():
        if not d.name.isdigit() or int(d.name) in exclude:
            continue
        try:
            state, ppid = (d / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            cmdline = (d / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if int(ppid) == me and state != "Z" and b"resource_tracker" not in cmdline:
            found.append(int(d.name))
    return found


def stop_children(exclude: set[int], *, echo: Callable[[str], None] = print,
                  timeout: float = 10.0) -> None:
    """End the flow runs still running when serving stops (after a second Ctrl-C, or
    when the serve loop failed): SIGTERM, then SIGKILL after ``timeout``."""
    pids = _children(exclude)
    if not pids:
        return
    echo(f"Ending {len(pids)} flow-run process(es) still running: {pids}")
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while (pids := [p for p in pids if p in _children(exclude)]) and \
                time.monotonic() < deadline:
            time.sleep(0.2)
        if not pids:
            return


class _Terminated(KeyboardInterrupt):
    """SIGTERM before (or after) Prefect's runner handles it: unwind like Ctrl-C."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated()


def _sigint_handler(echo: Callable[[str], None]) -> Callable[[int, Any], None]:
    """Ctrl-C stops like SIGTERM: Prefect's runner then cancels the run in progress and
    pauses the schedule (on a plain KeyboardInterrupt it would wait for the run to end).
    A second Ctrl-C interrupts at once."""
    pressed = []

    def on_sigint(signum: int, frame: Any) -> None:
        if pressed:
            raise KeyboardInterrupt
        pressed.append(signum)
        echo("Stopping (Ctrl-C again to interrupt at once) …")
        handler = signal.getsignal(signal.SIGTERM)
        if callable(handler):
            handler(signal.SIGTERM, frame)
        else:
            raise KeyboardInterrupt

    return on_sigint


def serve_ingest(*, cron: str | None, sources: str, db: str, allow_hosts: list[str],
                 interval: float | None = None, port: int = 4200,
                 start_timeout: float = START_TIMEOUT,
                 echo: Callable[[str], None] = print) -> None:
    """Serve the ``ingest`` flow on ``cron`` (or every ``interval`` seconds) until
    interrupted; one run at a time. Stops the local server it started on every exit."""
    schedule = check_schedule(cron, interval)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    previous_int = signal.signal(signal.SIGINT, _sigint_handler(echo))
    try:
        remote = os.environ.get("PREFECT_API_URL")
        if remote:
            echo(f"Using the Prefect server in PREFECT_API_URL: {remote}")
            check_remote(remote)
            _serve(remote, cron, interval, schedule, sources, db, allow_hosts, echo)
            return
        with local_prefect_server(port, timeout=start_timeout, echo=echo) as server:
            _serve(server.api, cron, interval, schedule, sources, db, allow_hosts, echo,
                   server=server)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    echo("newstally serve stopped.")


def _serve(api: str, cron: str | None, interval: float | None, schedule: str, sources: str,
           db: str, allow_hosts: list[str], echo: Callable[[str], None], *,
           server: LocalServer | None = None) -> None:
    # Prefect reads its settings from the environment when it is first imported: set the
    # API URL there (for the flow-run subprocesses) and in a settings context (for this
    # process, in case prefect was imported already).
    saved = {k: os.environ.get(k) for k in ("PREFECT_API_URL", SERVE_PID_ENV)}
    # the processes already running (a caller's own servers and pools) are not serve's
    # flow runs: only the runs it started are ended when it stops
    before = set(_children(set()))
    os.environ["PREFECT_API_URL"] = api
    os.environ[SERVE_PID_ENV] = str(os.getpid())  # flow runs die with serve (die_with_serve)
    try:
        _serve_deployment(api, cron, interval, schedule, sources, db, allow_hosts, echo,
                          server=server, exclude=before)
    finally:
        for k, v in saved.items():  # serve called in-process leaves the environment as it was
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _serve_deployment(api: str, cron: str | None, interval: float | None, schedule: str,
                      sources: str, db: str, allow_hosts: list[str],
                      echo: Callable[[str], None], *, server: LocalServer | None,
                      exclude: set[int]) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.ingest import ingest

    echo(f"Serving deployment '{FLOW_NAME}/{DEPLOYMENT_NAME}': {schedule}, "
         "one run at a time (deployment concurrency limit 1)")
    echo(f"  sources: {sources}")
    echo(f"  database: {db}")
    echo("Stop with Ctrl-C (or SIGTERM): a run in progress is cancelled, the schedule paused"
         f"{' and the local Prefect server stopped' if server else ''}.")
    if server:
        try:
            recover_local(api, echo=echo)
        except httpx.HTTPError as exc:
            echo(f"could not clean up after an earlier serve ({exc}); going on")
    with temporary_settings(updates={PREFECT_API_URL: api}):
        try:
            ingest.serve(
                name=DEPLOYMENT_NAME,
                cron=None if interval is not None else cron,
                interval=interval,
                parameters={"sources": sources, "db": db, "allow_hosts": allow_hosts},
                global_limit=1,
                limit=1,
                description="Poll the feeds, load new articles and figures, raise alerts "
                            "(newstally serve).",
                tags=["newstally"],
            )
        except (KeyboardInterrupt, SystemExit):
            raise
        except NewstallyError:
            raise
        except Exception as exc:
            raise ServeError(f"serving the ingest deployment failed: "
                             f"{type(exc).__name__}: {exc}") from exc
        finally:
            stop_children(exclude | ({server.pid} if server else set()), echo=echo)
