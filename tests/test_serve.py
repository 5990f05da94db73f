"""`newstally serve` for real: a local Prefect server, a served deployment, a scheduled run.

The slow test starts `newstally serve` as an operator would (PREFECT_API_URL unset, a fresh
PREFECT_HOME), waits through the Prefect API until a *scheduled* run of the served
deployment has completed, checks the warehouse it wrote, then stops serve with SIGINT and
makes sure the local Prefect server and every process it started are gone. It restarts
serve on the same home, checks the schedule is active again, and stops it with SIGTERM.
Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from newstally.replay import ReplayServer
from newstally.serve import DEPLOYMENT_NAME, FLOW_NAME

REPO = Path(__file__).resolve().parent.parent
REPLAY = REPO / "newstally" / "replay"
NEWSTALLY = Path(sys.executable).with_name("newstally")
INTERVAL = 5  # seconds between scheduled runs
RUN_TIMEOUT = 180.0  # server start on a fresh home + the first scheduled run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _procs_with_home(home: Path) -> dict[int, str]:
    """Processes (of any parent) whose environment has PREFECT_HOME=home: pid -> cmdline."""
    marker = f"PREFECT_HOME={home}".encode()
    found = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == os.getpid():
            continue
        try:
            if marker in (d / "environ").read_bytes().split(b"\0"):
                found[int(d.name)] = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
    return found


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(x.decode(errors="replace").split("=", 1) for x in raw if b"=" in x)


def _zombie_or_gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except OSError:
        return True


class Serve:
    """`newstally serve` as a subprocess, its output in a file."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
        self.log = log
        self._out = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([str(NEWSTALLY), "serve", *args], env=env, cwd=cwd,
                                     stdin=subprocess.DEVNULL, stdout=self._out,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            pytest.fail(f"newstally serve exited ({self.proc.returncode}):\n{self.output()}")

    def stop(self, sig: int, timeout: float = 60.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            pytest.fail(f"newstally serve did not stop within {timeout} s:\n{self.output()}")
        finally:
            self._out.close()
        return rc

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._out.close()


@pytest.fixture
def replay_sources(tmp_path: Path) -> Iterator[Path]:
    with ReplayServer(REPLAY) as server:
        text = (REPLAY / "sources.toml").read_text(encoding="utf-8")
        path = tmp_path / "sources.toml"
        path.write_text(text.replace("{{BASE}}", server.base_url), encoding="utf-8")
        yield path


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PREFECT_") and k not in ("DO_NOT_TRACK",)}
    env.update(PREFECT_HOME=str(home), NEWSTALLY_HOST_DELAY="0", COLUMNS="200")
    return env


def _post(client: httpx.Client, path: str, body: dict[str, Any]) -> Any:
    r = client.post(path, json=body)
    r.raise_for_status()
    return r.json()


def _deployment(client: httpx.Client) -> dict[str, Any] | None:
    found = _post(client, "/deployments/filter",
                  {"deployments": {"name": {"any_": [DEPLOYMENT_NAME]}}})
    return found[0] if found else None


def _wait(cond: Any, timeout: float, what: str, serve: Serve) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        serve.check_alive()
        try:
            value = cond()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}:\n{serve.output()}")


def _gone(port: int, home: Path, out: str, timeout: float = 20.0) -> None:
    """The local server's port is closed and no process of this PREFECT_HOME is left."""
    deadline = time.monotonic() + timeout
    while (left := {p: c for p, c in _procs_with_home(home).items() if not _zombie_or_gone(p)}
           ) or _port_open(port):
        if time.monotonic() > deadline:
            pytest.fail(f"left behind: processes {left}, port {port} "
                        f"{'open' if _port_open(port) else 'closed'}\n{out}")
        time.sleep(0.2)


def _stopped_cleanly(serve: Serve, sig: int, port: int, home: Path) -> str:
    rc = serve.stop(sig)
    out = serve.output()
    assert rc == 0, out
    assert "Traceback" not in out, out
    assert "Local Prefect server stopped." in out, out
    assert not _port_open(port), "the local Prefect server still listens after serve exited"
    _gone(port, home, out, timeout=10)
    return out


def _runs(client: httpx.Client, dep_id: str) -> list[dict[str, Any]]:
    return list(_post(client, "/flow_runs/filter", {"deployments": {"id": {"any_": [dep_id]}}}))


def _completed_after(client: httpx.Client, dep_id: str, after: str,
                     serve: Serve) -> dict[str, Any] | None:
    """A scheduled run created after ``after`` that completed; fail on a failed one."""
    runs = [r for r in _runs(client, dep_id) if r["created"] > after]
    bad = [r for r in runs if r["state_type"] == "FAILED"]
    if bad:
        pytest.fail(f"a served run failed: {bad[0]['state']}\n{serve.output()}")
    done = [r for r in runs if r["state_type"] == "COMPLETED" and r["auto_scheduled"]]
    return done[0] if done else None


@pytest.mark.slow
def test_serve_runs_scheduled_flows_on_a_local_server(tmp_path: Path,
                                                      replay_sources: Path) -> None:
    home = tmp_path / "prefect-home"  # fresh: the server creates its database
    db = tmp_path / "w.duckdb"
    port = _free_port()
    args = ["--interval", str(INTERVAL), "--port", str(port), "--sources", str(replay_sources),
            "--db", str(db), "--allow-host", "127.0.0.1"]
    api = f"http://127.0.0.1:{port}/api"
    client = httpx.Client(base_url=api, timeout=10)

    # 1. fresh home, run from another directory than the repository ---------------------
    t0 = time.monotonic()
    serve = Serve(args, _env(home), cwd=tmp_path, log=tmp_path / "serve-1.log")
    try:
        _wait(lambda: client.get("/health").status_code == 200, RUN_TIMEOUT,
              "the local Prefect server", serve)
        t_ready = time.monotonic() - t0

        # the child server: telemetry off, and it does not point at another server
        servers = [p for p, c in _procs_with_home(home).items() if "server start" in c]
        assert len(servers) == 1, _procs_with_home(home)
        server_env = _environ(servers[0])
        assert server_env.get("PREFECT_SERVER_ANALYTICS_ENABLED") == "false"
        assert server_env.get("DO_NOT_TRACK") == "1"
        assert "PREFECT_API_URL" not in server_env

        dep = _wait(lambda: _deployment(client), 60, "the served deployment", serve)
        # runs never overlap: concurrency limit 1 on the deployment, kept by the server
        # (Prefect 3 keeps it as a global concurrency limit; `concurrency_limit` is the
        # deprecated field and stays null)
        assert dep["global_concurrency_limit"]["limit"] == 1, dep
        assert dep["global_concurrency_limit"]["active"] is True, dep
        assert dep["paused"] is False, dep
        assert [s["schedule"].get("interval") for s in dep["schedules"]] == [INTERVAL], dep
        assert all(s["active"] for s in dep["schedules"]), dep
        assert dep["parameters"] == {"sources": str(replay_sources), "db": str(db),
                                     "allow_hosts": ["127.0.0.1"]}

        run = _wait(lambda: _completed_after(client, dep["id"], "", serve),
                    RUN_TIMEOUT - (time.monotonic() - t0), "a completed scheduled run", serve)
        t_run = time.monotonic() - t0
        assert run["parameters"]["db"] == str(db)
        out = serve.output()
        assert f"UI http://127.0.0.1:{port}" in out, out
        assert f"'{FLOW_NAME}/{DEPLOYMENT_NAME}'" in out and f"every {INTERVAL} s" in out, out
        assert "Stop with Ctrl-C" in out, out

        # 2. serve dies (SIGKILL) in the middle of the next run ----------------------------
        cut = _wait(lambda: next((r for r in _runs(client, dep["id"])
                                  if r["state_type"] == "RUNNING"), None),
                    3 * INTERVAL, "the next scheduled run", serve)
    except BaseException:
        serve.kill()
        raise
    serve.kill()
    # the server goes with it (parent-death signal), nothing is left behind
    _gone(port, home, serve.output())

    # 3. restart on the same home: the cut-off run is marked Crashed, which frees the
    #    deployment's concurrency slot, so scheduled runs run again; stop with SIGINT ------
    t1 = time.monotonic()
    serve = Serve(args, _env(home), cwd=REPO, log=tmp_path / "serve-2.log")
    try:
        restarted = _wait(lambda: (d := _deployment(client)) and d["updated"] > dep["updated"]
                          and not d["paused"] and all(s["active"] for s in d["schedules"])
                          and d, 90, "the deployment served again", serve)
        t_restart = time.monotonic() - t1
        again = _wait(lambda: _completed_after(client, dep["id"], restarted["updated"], serve),
                      6 * INTERVAL, "a scheduled run after the restart", serve)
        stale = [r for r in _runs(client, dep["id"]) if r["id"] == cut["id"]]
        assert stale and stale[0]["state_type"] == "CRASHED", stale
        assert again["id"] != cut["id"]
    except BaseException:
        serve.kill()
        raise
    out = _stopped_cleanly(serve, signal.SIGINT, port, home)
    assert "Marked 1 run(s) cut off by an earlier serve as Crashed" in out, out

    con = duckdb.connect(str(db), read_only=True)
    try:
        (n,) = con.execute("SELECT count(*) FROM articles WHERE NOT is_seed").fetchone()
    finally:
        con.close()
    assert n > 0, out

    # 4. once more, stopped with SIGTERM ---------------------------------------------------
    serve = Serve(args, _env(home), cwd=REPO, log=tmp_path / "serve-3.log")
    try:
        _wait(lambda: (d := _deployment(client)) and d["updated"] > restarted["updated"]
              and not d["paused"], 90, "the deployment served a third time", serve)
    except BaseException:
        serve.kill()
        raise
    _stopped_cleanly(serve, signal.SIGTERM, port, home)
    client.close()
    print(f"\nserver ready on a fresh home after {t_ready:.1f} s; first scheduled run "
          f"completed after {t_run:.1f} s; restart served again after {t_restart:.1f} s")


def test_serve_with_an_unreachable_api_url_says_so(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text((REPLAY / "sources.toml").read_text(encoding="utf-8")
                       .replace("{{BASE}}", "http://127.0.0.1:9"), encoding="utf-8")
    port = _free_port()  # nothing listens there
    env = _env(tmp_path / "home")
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
    res = subprocess.run([str(NEWSTALLY), "serve", "--sources", str(sources),
                          "--db", str(tmp_path / "w.duckdb")],
                         env=env, capture_output=True, text=True, timeout=60)
    assert res.returncode == 1, res
    assert f"PREFECT_API_URL (http://127.0.0.1:{port}/api) does not answer" in res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.slow
def test_serve_stops_its_local_server_when_serving_fails(
        tmp_path: Path, replay_sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.ingest import ingest
    from newstally import serve as serve_mod

    for k in [k for k in os.environ if k.startswith("PREFECT_API_")]:
        monkeypatch.delenv(k)
    home = tmp_path / "prefect-home"
    monkeypatch.setenv("PREFECT_HOME", str(home))
    port = _free_port()
    seen = []

    def broken_serve(**kw: Any) -> None:
        seen.append(kw)
        assert httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200
        raise RuntimeError("the runner broke")

    monkeypatch.setattr(ingest, "serve", broken_serve)
    lines: list[str] = []
    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    # a process of the caller's own (here: like the test session's Prefect server) is no
    # flow run of serve's and must outlive it
    own = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        with pytest.raises(serve_mod.ServeError, match="RuntimeError: the runner broke"):
            serve_mod.serve_ingest(cron="* * * * *", sources=str(replay_sources),
                                   db=str(tmp_path / "w.duckdb"), allow_hosts=[], port=port,
                                   echo=lines.append)
        assert own.poll() is None, "serve ended a process it did not start"
    finally:
        own.kill()
        own.wait()
    assert "PREFECT_API_URL" not in os.environ and serve_mod.SERVE_PID_ENV not in os.environ
    assert seen and seen[0]["global_limit"] == 1 and seen[0]["limit"] == 1
    assert seen[0]["cron"] == "* * * * *" and seen[0]["interval"] is None
    assert "Local Prefect server stopped." in lines, lines
    _gone(port, home, "\n".join(lines), timeout=10)
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == handlers


@pytest.mark.slow
def test_a_flow_run_dies_with_serve_killed_outright(tmp_path: Path) -> None:
    """SIGKILL to `newstally serve` alone (not its group): its flow-run process goes too
    (it watches its parent), before it could finish and load; the local server goes too."""
    from newstally.replay import Reply

    home = tmp_path / "prefect-home"
    db = tmp_path / "w.duckdb"
    port = _free_port()
    with ReplayServer(REPLAY) as site:
        site.route("/hostile/hang.rss", lambda r: Reply(200, {}, b"", delay=30))
        text = (REPLAY / "sources.toml").read_text(encoding="utf-8") + (
            '\n[[source]]\nname = "Hanging feed"\nurl = "{{BASE}}/hostile/hang.rss"\n'
            'kind = "rss"\nlanguage = "en"\n')
        sources = tmp_path / "sources.toml"
        sources.write_text(text.replace("{{BASE}}", site.base_url), encoding="utf-8")
        env = {**_env(home), "NEWSTALLY_TIMEOUT": "60", "NEWSTALLY_RETRIES": "0"}
        serve = Serve(["--interval", str(INTERVAL), "--port", str(port), "--sources", str(sources),
                       "--db", str(db), "--allow-host", "127.0.0.1"], env, cwd=tmp_path,
                      log=tmp_path / "serve.log")
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}/api", timeout=10)
        try:
            _wait(lambda: client.get("/health").status_code == 200, RUN_TIMEOUT,
                  "the local Prefect server", serve)
            _wait(lambda: site.requests_to("/hostile/hang.rss"), RUN_TIMEOUT,
                  "a scheduled run polling the hanging feed", serve)
            runs = [p for p, c in _procs_with_home(home).items()
                    if p != serve.proc.pid and "server start" not in c
                    and not _zombie_or_gone(p)]
            assert runs, _procs_with_home(home)
        except BaseException:
            serve.kill()
            raise
        os.kill(serve.proc.pid, signal.SIGKILL)  # serve alone, as the OOM killer would
        serve.proc.wait()
        serve._out.close()
        deadline = time.monotonic() + 10
        while [p for p in runs if not _zombie_or_gone(p)]:
            assert time.monotonic() < deadline, f"flow-run process(es) {runs} outlived serve"
            time.sleep(0.2)
        _gone(port, home, serve.output())
        client.close()
    if db.exists():
        con = duckdb.connect(str(db), read_only=True)
        try:
            assert con.execute("SELECT count(*) FROM runs").fetchone() == (0,)
        finally:
            con.close()
