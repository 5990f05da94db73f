"""Ctrl-C, SIGTERM and a lost Prefect API during `newstally run`, on real processes (issue 11).

Each test starts `newstally run` as an operator would (no PREFECT_API_URL: the run starts
its temporary Prefect server), waits until the run is polling a feed that never answers,
then sends a real signal (or kills the temporary server) and checks: the process ends
within seconds, with one line and the documented exit code, no traceback, the warehouse
holds exactly what it held before, and no process of the run is left.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from newstally.replay import ReplayServer, Reply, Request

REPLAY = Path(__file__).parents[1] / "newstally" / "replay"
NEWSTALLY = Path(sys.executable).with_name("newstally")
TABLES = ("runs", "feed_polls", "articles", "figures", "pages", "sources")


def _hang(req: Request) -> Reply:
    return Reply(200, {}, b"", delay=30)


@pytest.fixture(scope="module")
def site() -> Iterator[ReplayServer]:
    with ReplayServer(REPLAY) as server:
        server.route("/hostile/hang.rss", _hang)
        yield server


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prefect-home")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env.update(PREFECT_HOME=str(home), NEWSTALLY_HOST_DELAY="0", NEWSTALLY_TIMEOUT="60",
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
               NEWSTALLY_REFETCH_DAYS="0")
    return env


def _sources(tmp_path: Path, site: ReplayServer, *, hang: bool) -> Path:
    text = (REPLAY / "sources.toml").read_text(encoding="utf-8")
    if hang:
        text += ('\n[[source]]\nname = "Hanging feed"\nurl = "{{BASE}}/hostile/hang.rss"\n'
                 'kind = "rss"\nlanguage = "en"\n')
    p = tmp_path / ("hang.toml" if hang else "good.toml")
    p.write_text(text.replace("{{BASE}}", site.base_url), encoding="utf-8")
    return p


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                for t in TABLES}
    finally:
        con.close()


def _children(pid: int) -> dict[int, str]:
    found = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            state, ppid = (d / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if int(ppid) == pid and state != "Z":
            found[int(d.name)] = cmd
    return found


def _in_session(sid: int) -> dict[int, str]:
    """Live processes of session ``sid`` (a process started with start_new_session)."""
    found = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found[int(d.name)] = cmd
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NEWSTALLY), *args], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=240)


def _interrupted_run(tmp_path: Path, site: ReplayServer, home: Path,
                     act: Any) -> tuple[int, str, float, dict[int, str]]:
    db = tmp_path / "w.duckdb"
    args = ["--db", str(db), "--allow-host", "127.0.0.1"]
    first = _run(["run", "--sources", str(_sources(tmp_path, site, hang=False)), *args],
                 _env(home), tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    before = _counts(db)
    seen = len(site.requests_to("/hostile/hang.rss"))
    err = tmp_path / "run.stderr"
    with err.open("wb") as fh:
        p = subprocess.Popen([str(NEWSTALLY), "run", "--sources",
                              str(_sources(tmp_path, site, hang=True)), *args],
                             env=_env(home), cwd=tmp_path, stdout=subprocess.DEVNULL,
                             stderr=fh, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while len(site.requests_to("/hostile/hang.rss")) == seen:
            assert p.poll() is None, err.read_text()
            assert time.monotonic() < deadline, err.read_text()
            time.sleep(0.1)
        time.sleep(0.5)
        children = _children(p.pid)
        t0 = time.monotonic()
        act(p, children)
        rc = p.wait(timeout=30)
        took = time.monotonic() - t0
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    assert _counts(db) == before  # nothing of the interrupted run was loaded
    return rc, err.read_text(encoding="utf-8", errors="replace"), took, children


def _last_line(text: str) -> str:
    return [line for line in text.splitlines() if line.strip()][-1]


def _no_leftovers(children: dict[int, str]) -> None:
    deadline = time.monotonic() + 10
    while (left := [c for pid, c in children.items() if _alive(pid)]):
        assert time.monotonic() < deadline, left
        time.sleep(0.2)


@pytest.mark.slow
def test_ctrl_c_stops_the_run_at_once_with_one_line_and_exit_130(
        tmp_path: Path, site: ReplayServer, home: Path) -> None:
    rc, err, took, children = _interrupted_run(
        tmp_path, site, home, lambda p, _: os.killpg(p.pid, signal.SIGINT))  # as a terminal
    assert rc == 130, err
    assert took < 5, f"{took:.1f} s\n{err}"
    assert _last_line(err).startswith("Interrupted (Ctrl-C): the run stopped"), err
    assert "Traceback" not in err, err
    _no_leftovers(children)


@pytest.mark.slow
def test_sigterm_stops_the_run_at_once_with_one_line_and_exit_130(
        tmp_path: Path, site: ReplayServer, home: Path) -> None:
    rc, err, took, children = _interrupted_run(
        tmp_path, site, home, lambda p, _: os.kill(p.pid, signal.SIGTERM))
    assert rc == 130, err
    assert took < 5, f"{took:.1f} s\n{err}"
    assert _last_line(err).startswith("Interrupted (SIGTERM): the run stopped"), err
    assert "Traceback" not in err, err
    _no_leftovers(children)


@pytest.mark.slow
def test_a_prefect_api_gone_mid_run_ends_it_with_one_line_and_exit_5(
        tmp_path: Path, site: ReplayServer, home: Path) -> None:
    def kill_server(p: subprocess.Popen[bytes], children: dict[int, str]) -> None:
        servers = [pid for pid, cmd in children.items() if "uvicorn" in cmd]
        assert len(servers) == 1, children
        os.kill(servers[0], signal.SIGKILL)

    rc, err, took, children = _interrupted_run(tmp_path, site, home, kill_server)
    assert rc == 5, err
    assert took < 8, f"{took:.1f} s\n{err}"
    assert "stopped answering in the middle of the run" in _last_line(err), err
    assert "Traceback" not in err, err
    _no_leftovers(children)


@pytest.mark.slow
def test_ctrl_c_during_demo_stops_it_at_once_with_one_line_and_exit_130(
        tmp_path: Path, home: Path) -> None:
    """`newstally demo` runs the flow against its own replay: Ctrl-C (to the process group,
    as a terminal sends it) once the flow run has polled a feed."""
    db = tmp_path / "demo.duckdb"
    err = tmp_path / "demo.stderr"
    with err.open("wb") as fh:
        p = subprocess.Popen([str(NEWSTALLY), "demo", "--db", str(db)], env=_env(home),
                             cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=fh,
                             stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while "Task run 'poll " not in err.read_text(encoding="utf-8", errors="replace"):
            assert p.poll() is None, err.read_text()
            assert time.monotonic() < deadline, err.read_text()
            time.sleep(0.05)
        children = _children(p.pid)
        t0 = time.monotonic()
        os.killpg(p.pid, signal.SIGINT)
        rc = p.wait(timeout=30)
        took = time.monotonic() - t0
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    text = err.read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"Flow run '[^']*' - Finished in state", text), text  # mid-run
    assert rc == 130, text
    assert took < 5, f"{took:.1f} s\n{text}"
    assert _last_line(text).startswith("Interrupted (Ctrl-C): the run stopped"), text
    assert "Traceback" not in text, text
    assert any("uvicorn" in c for c in children.values()), children  # its Prefect server
    _no_leftovers(children)
    deadline = time.monotonic() + 10  # nor any process started later (workers)
    while (left := _in_session(p.pid)):
        assert time.monotonic() < deadline, left
        time.sleep(0.2)
    assert set(_counts(db).values()) == {0}, _counts(db)  # made by the run; nothing loaded


def _small_feed(req: Request) -> Reply:
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{req.path}</title>'
            '<link>http://127.0.0.1/</link><description>empty</description></channel></rss>')
    return Reply(200, {"Content-Type": "application/rss+xml"}, body.encode())


def _prefect_task_runs(home: Path, run_id: str) -> dict[str, str]:
    """Task run name -> state type, as the run's (stopped) Prefect server wrote them."""
    import sqlite3

    con = sqlite3.connect(f"file:{home / 'prefect.db'}?mode=ro", uri=True, timeout=30)
    try:
        return dict(con.execute("SELECT name, state_type FROM task_run WHERE flow_run_id = ?",
                                (run_id,)).fetchall())
    finally:
        con.close()


@pytest.mark.slow
def test_two_runs_in_a_row_print_no_traceback_and_prefect_records_every_task(
        tmp_path: Path, site: ReplayServer, home: Path) -> None:
    """Stopped at the end of a run, the temporary server's task-run recorder was still
    writing a backlog (one transaction per event): its cancelled writes printed
    ``Error flushing`` / CancelledError tracebacks and task runs stayed Pending or Running
    (or missing) in Prefect. 150 more feeds beside the replay's make that backlog."""
    site.route("/many/*", _small_feed)
    src = _sources(tmp_path, site, hang=False)
    names = [f"Small feed {i}" for i in range(150)]
    src.write_text(src.read_text(encoding="utf-8") + "".join(
        f'\n[[source]]\nname = "{n}"\nurl = "{site.base_url}/many/{i}.rss"\nkind = "rss"\n'
        'language = "en"\n' for i, n in enumerate(names)), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    for attempt in range(2):
        res = _run(["run", "--sources", str(src), "--db", str(db), "--allow-host",
                    "127.0.0.1"], _env(home), tmp_path)
        out = res.stdout + res.stderr
        assert res.returncode == 0, out
        assert "Traceback" not in out and "CancelledError" not in out, out
        con = duckdb.connect(str(db), read_only=True)
        try:
            run_id = con.execute("SELECT id FROM runs ORDER BY started_at DESC LIMIT 1"
                                 ).fetchone()[0]  # type: ignore[index]
        finally:
            con.close()
        tasks = _prefect_task_runs(home, run_id)
        polls = {n: tasks.get(f"poll {n}") for n in names}
        assert all(state == "COMPLETED" for state in polls.values()), (attempt, {
            n: st for n, st in polls.items() if st != "COMPLETED"})
        assert set(tasks.values()) == {"COMPLETED"}, (attempt, tasks)


@pytest.mark.slow
def test_a_run_in_which_every_feed_failed_exits_4(tmp_path: Path, home: Path) -> None:
    import socket

    with socket.socket() as s:  # nobody listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    src = tmp_path / "dead.toml"
    src.write_text('[topic]\nname = "t"\nterms = ["Venezuela"]\n\n[[source]]\nname = "closed"\n'
                   f'url = "http://127.0.0.1:{port}/feed.rss"\nkind = "rss"\nlanguage = "en"\n',
                   encoding="utf-8")
    db = tmp_path / "w.duckdb"
    env = {**_env(home), "NEWSTALLY_RETRIES": "0"}
    res = _run(["run", "--sources", str(src), "--db", str(db), "--allow-host", "127.0.0.1"],
               env, tmp_path)
    assert res.returncode == 4, res.stdout + res.stderr
    assert "every feed failed (1 of 1)" in " ".join(res.stderr.split()), res.stderr
    assert "Traceback" not in res.stderr, res.stderr
    assert "closed" in res.stdout  # the summary is printed
    con = duckdb.connect(str(db), read_only=True)
    try:  # what the run saw is recorded all the same
        assert con.execute("SELECT status FROM feed_polls").fetchall() == [("error",)]
    finally:
        con.close()
