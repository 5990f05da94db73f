"""Issue 13: other DuckDB clients open the warehouse; a lock names the program holding it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

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
