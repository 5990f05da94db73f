"""Issue 13: other DuckDB clients open the warehouse; a lock names the program holding it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from analyst_fixtures import build_warehouse

ROOT = Path(__file__).resolve().parents[1]
NEWSTALLY = Path(sys.executable).with_name("newstally")


def test_duckdb_python_client_opens_the_warehouse_read_only_in_another_process(tmp_path):
    db = build_warehouse(tmp_path / "w.duckdb")
    code = ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('SELECT count(*) FROM figures').fetchone()[0])")
    res = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert int(res.stdout) > 0


CLIENT = """
import sys, duckdb
c = duckdb.connect(sys.argv[1], read_only=True)
q = "SELECT (SELECT count(*) FROM figures), (SELECT count(*) FROM alerts), (SELECT count(*) FROM runs)"
print(duckdb.__version__, *c.execute(q).fetchone(), flush=True)
sys.stdin.readline()  # hold the connection while newstally reads the same file
print(*c.execute(q).fetchone(), flush=True)
try:
    c.execute("CREATE TABLE x (i INTEGER)")
except duckdb.Error as exc:
    print("refused:", type(exc).__name__, flush=True)
"""


@pytest.mark.prefect
def test_the_duckdb_client_reads_a_warehouse_the_pipeline_wrote_while_newstally_reads_it(
        prefect_harness, bundled_replay_server, tmp_path):
    """README, Analysts: a client built on DuckDB >= 2.0 (here the Python package, in its own
    process) opens the file an ingestion run wrote, read-only, beside newstally's own
    read-only commands, and cannot write to it."""
    from flows.ingest import ingest

    db = tmp_path / "w.duckdb"
    summary = ingest(sources=str(ROOT / "newstally" / "replay" / "sources.toml"), db=str(db),
                     allow_hosts=["127.0.0.1"], base_url=bundled_replay_server.base_url,
                     overrides={"host_delay": 0.0, "timeout": 2.0, "total_timeout": 5.0,
                                "retries": 0, "refetch_days": 0})
    assert summary["totals"]["figures"] > 0 and summary["totals"]["alerts"] > 0, summary
    client = subprocess.Popen([sys.executable, "-c", CLIENT, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert client.stdout is not None and client.stdin is not None
        version, figures, alerts, runs = client.stdout.readline().split()
        assert tuple(int(x) for x in version.split(".")[:2]) >= (2, 0), version
        assert (int(figures), int(runs)) > (0, 0) and int(alerts) == summary["totals"]["alerts"]
        # while the client holds its connection, newstally's read-only commands work
        env = dict(os.environ, NEWSTALLY_LOCK_TIMEOUT="5")
        res = subprocess.run([str(NEWSTALLY), "sql", "--db", str(db), "--format", "csv",
                              "SELECT count(*) AS n FROM figures"],
                             capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
        assert res.returncode == 0, res.stderr
        assert res.stdout.split() == ["n", figures], res.stdout
        client.stdin.write("\n")
        client.stdin.flush()
        assert client.stdout.readline().split() == [figures, alerts, runs]
        assert client.stdout.readline().startswith("refused:")  # read-only for the client too
        assert client.wait(timeout=60) == 0, client.stderr.read() if client.stderr else ""
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()


def test_lock_message_names_the_holding_script_and_waits_with_one_line(tmp_path):
    db = build_warehouse(tmp_path / "w.duckdb")
    script = tmp_path / "holder_notebook.py"
    ready = tmp_path / "ready"
    script.write_text(
        "import duckdb, sys, time, pathlib\n"
        "c = duckdb.connect(sys.argv[1])\n"
        "pathlib.Path(sys.argv[2]).touch()\n"
        "time.sleep(60)\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, str(script), str(db), str(ready)])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ready.exists()
        env = dict(os.environ, NEWSTALLY_LOCK_TIMEOUT="3", COLUMNS="300")
        res = subprocess.run([str(NEWSTALLY), "sql", "--db", str(db), "SELECT 1"],
                             capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    finally:
        holder.kill()
        holder.wait()
    err = " ".join(res.stderr.split())
    assert res.returncode == 3, res.stderr
    assert f"locked by process {holder.pid} (python script holder_notebook.py)" in err, err
    assert err.count("Waiting") == 1, res.stderr
