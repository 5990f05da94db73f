"""Issue 13, walked again as a newcomer: every warehouse command prints values as written,
takes --db after itself and the same output formats; `sql` reaches no other file by any
path; the lock names the program; what a newcomer's commands leave behind is ignored by git."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import click
import duckdb
import pytest
from analyst_fixtures import build_warehouse
from click.testing import CliRunner

from newstally.cli import main

ROOT = Path(__file__).resolve().parents[1]
NEWSTALLY = Path(sys.executable).with_name("newstally")
MARKUP = "shot by [security forces] and [bold]x[/bold] [/red]"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_warehouse(tmp_path_factory.mktemp("walk") / "w.duckdb")
    with duckdb.connect(str(path)) as conn:
        fid = conn.execute("SELECT min(id) FROM figures WHERE metric = 'killed'").fetchone()[0]
        conn.execute("UPDATE figures SET sentence = ? WHERE id = ?",
                     [f"At least 28 people were {MARKUP}.", fid])
        conn.execute("UPDATE alerts SET message = message || ? ", [f" {MARKUP}"])
        conn.execute("UPDATE articles SET text = text || ? WHERE language = 'es'",
                     [f" presos {MARKUP}"])
    return path


def run(*args: str, **env: str):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "400", **env})


def _leaves(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _leaves(cmd, (*prefix, name))
        yield (*prefix, name), cmd


def test_tables_print_brackets_as_written_on_every_command(db):
    (alert_id,) = duckdb.connect(str(db), read_only=True).execute(
        "SELECT min(id) FROM alerts").fetchone()
    for args in (["figures", "--metric", "killed"], ["alerts", "show", str(alert_id)],
                 ["search", "presos"], ["sql", f"SELECT '{MARKUP}' AS s"]):
        res = run(*args, "--db", str(db))
        assert res.exit_code == 0, (args, res.output)
        flat = " ".join(res.output.replace("│", " ").split())
        for piece in ("[security forces]", "[bold]x[/bold]", "[/red]"):
            assert piece in flat or piece.replace(" ", "") in flat.replace(" ", ""), (args, flat)


def test_every_command_that_reads_the_warehouse_takes_db_after_itself():
    without = {("extract-figures",), ("settings",), ("queries",)}  # they open no warehouse
    for path, cmd in _leaves(main):
        if isinstance(cmd, click.Group):
            continue
        names = {p.name for p in cmd.params if isinstance(p, click.Option)}
        assert ("db" in names) != (path in without), (path, names)
        for p in cmd.params:  # --help says what json gives
            if isinstance(p, click.Option) and "json-array" in getattr(p.type, "choices", ()):
                assert "JSON lines" in (p.help or ""), (path, p.help)


@pytest.mark.parametrize("args", [
    ["alerts", "show", "{id}"], ["alerts", "ack", "{id}"], ["alerts", "dispute", "{id}"],
    ["alerts", "--status", "open"], ["figures"], ["retries"], ["skipped"], ["query", "1"],
    ["search", "presos"], ["report", "--out", "{tmp}/r.html"], ["sql", "SELECT 1"],
])
def test_db_goes_last(db, tmp_path, args):
    (alert_id,) = duckdb.connect(str(db), read_only=True).execute(
        "SELECT max(id) FROM alerts").fetchone()
    mine = tmp_path / "w.duckdb"
    mine.write_bytes(db.read_bytes())
    args = [a.format(id=alert_id, tmp=tmp_path) for a in args]
    res = run(*args, "--db", str(mine))
    assert res.exit_code == 0, (args, res.output)
    assert "No such option" not in res.output


FORMATTED = [["figures"], ["alerts"], ["search", "presos"], ["query", "1"], ["retries"],
             ["skipped"], ["sql", "SELECT 1 AS a UNION ALL SELECT 2"]]


@pytest.mark.parametrize("args", FORMATTED, ids=lambda a: a[0])
def test_every_output_format_on_every_command(db, args):
    csv = run(*args, "--db", str(db), "--format", "csv")
    assert csv.exit_code == 0, csv.output
    assert "\r" not in csv.output and csv.output.endswith("\n")
    lines = run(*args, "--db", str(db), "--format", "json")
    assert lines.exit_code == 0, lines.output
    rows = [json.loads(line) for line in lines.stdout.splitlines() if line.strip()]
    array = run(*args, "--db", str(db), "--format", "json-array")
    assert array.exit_code == 0, array.output
    assert json.loads(array.stdout) == rows  # the same rows: JSON lines, or one array


@pytest.mark.parametrize("query", [
    "SELECT * FROM read_text('{secret}')",
    "SELECT * FROM '{secret}'",
    "SELECT * FROM read_csv('{secret}')",
    "SELECT * FROM glob('{dir}/*')",
    "ATTACH '{dir}/other.duckdb' AS other",
    "COPY (SELECT 1 AS a) TO '{dir}/out.csv'",
    "EXPORT DATABASE '{dir}/dump'",
    "INSTALL fts",
    "LOAD fts",
    "SET enable_external_access = true",
])
def test_sql_reaches_no_other_file_by_any_path(db, tmp_path, query):
    secret = tmp_path / "secret.csv"
    secret.write_text("a,b\n1,2\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    res = run("sql", "--db", str(db), query.format(secret=secret, dir=tmp_path))
    assert res.exit_code != 0, res.output
    assert "SQL refused" in res.output or "SQL error" in res.output, res.output
    assert "1,2" not in res.output and "secret.csv" not in res.output.split("Error")[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("args", [["sql", "SELECT 1"], ["figures"], ["search", "presos"]],
                         ids=lambda a: a[0])
def test_lock_names_harlequin_and_prints_the_path_as_written(tmp_path, args):
    """A program started as `harlequin` (by its script's name, under a python interpreter)
    holds the file; the message names it, prints the bracketed path whole, waits once."""
    folder = tmp_path / "[bold]team"
    folder.mkdir()
    db = build_warehouse(folder / "w.duckdb")
    holder = tmp_path / "harlequin"
    ready = tmp_path / "ready"
    holder.write_text("import duckdb, sys, time, pathlib\n"
                      "c = duckdb.connect(sys.argv[2])\n"
                      "pathlib.Path(sys.argv[3]).touch()\n"
                      "time.sleep(60)\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(holder), "-r", str(db), str(ready)])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ready.exists()
        res = subprocess.run([str(NEWSTALLY), *args, "--db", str(db)], capture_output=True,
                             text=True, timeout=120, cwd=ROOT,
                             env=dict(os.environ, NEWSTALLY_LOCK_TIMEOUT="2", COLUMNS="400"))
    finally:
        proc.kill()
        proc.wait()
    err = " ".join(res.stderr.split())
    assert res.returncode == 3, res.stderr
    assert f"locked by process {proc.pid} (harlequin)" in err, err
    assert err.count("[bold]team") == 2, err  # in the waiting line and in the error
    assert err.count("Waiting") == 1, res.stderr


@pytest.mark.parametrize("path", [
    "exports/v_figures.parquet", "warehouse/demo.duckdb", "warehouse/newstally.duckdb",
    "warehouse/demo.duckdb.robots.json", "warehouse/newstally.duckdb.run.lock",
    "warehouse/replay-sources.toml", "report.html",
])
def test_what_the_readme_commands_write_is_ignored_by_git(path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    res = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
    assert res.returncode == 0, f"{path} would show in `git status`"
