"""The warehouse: migrations, refusing foreign files, lock handling, idempotent loads."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime

import duckdb
import pytest

from pipeline.errors import NotAWarehouseError, WarehouseError, WarehouseLockedError
from warehouse.db import migrations, open_db, pending, reader, run_lock, writer
from warehouse.load import LoadBatch, load_batch

NOW = datetime(2025, 1, 2, 12, tzinfo=UTC)


def test_migrations_apply_once_and_pending_writes_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer(db) as conn:
        assert pending(conn) == []
        applied = conn.execute("SELECT version FROM schema_migrations").fetchall()
        assert [v for (v,) in applied] == [v for v, _, _ in migrations()]
    mtime = db.stat().st_mtime_ns
    with reader(db) as conn:
        assert pending(conn) == []
    assert db.stat().st_mtime_ns == mtime


def test_every_table_and_column_has_a_comment(tmp_path):
    with writer(tmp_path / "w.duckdb") as conn:
        missing = conn.execute(
            """
            SELECT table_name || '.' || column_name FROM duckdb_columns()
            WHERE schema_name = 'main' AND NOT internal AND database_name = current_database()
              AND (comment IS NULL OR comment = '')
            """
        ).fetchall()
        assert missing == []
        tables = conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND NOT internal AND (comment IS NULL OR comment = '')"
        ).fetchall()
        assert tables == []


def test_design_tables_and_columns_exist(tmp_path):
    with writer(tmp_path / "w.duckdb") as conn:
        cols = {
            (t, c) for t, c in conn.execute(
                "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name='main'"
            ).fetchall()
        }
    wanted = {
        "articles": ["id", "url", "canonical_url", "title", "published_at", "language", "text",
                     "is_seed", "duplicate_of", "fetched_at"],
        "figures": ["id", "article_id", "metric", "value", "qualifier", "low", "high", "unit",
                    "attributed_to", "as_of", "sentence"],
        "alerts": ["id", "kind", "metric", "new_figure_id", "old_figure_id", "message",
                   "created_at", "delivered_at"],
        "feed_polls": ["status", "http_status", "entries", "new_entries", "error", "duration_ms"],
        "sources": ["name", "url", "kind", "language"],
    }
    for table, columns in wanted.items():
        for c in columns:
            assert (table, c) in cols, f"{table}.{c}"


def test_corrupt_file_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_bytes(b"these are my notes, not a database\n" * 100)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(NotAWarehouseError, match=r"not a DuckDB database.*untouched"):
        open_db(db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_foreign_duckdb_file_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "other.duckdb"
    c = duckdb.connect(str(db))
    c.execute("CREATE TABLE invoices (id INTEGER)")
    c.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(NotAWarehouseError, match="not a newstally warehouse"):
        open_db(db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_read_only_open_of_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(WarehouseError, match="run `newstally run`"):
        open_db(tmp_path / "none.duckdb", read_only=True)


HOLDER = textwrap.dedent(
    """
    import sys, time, duckdb
    c = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    c.close()
    """
)


def _hold(db, seconds):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_lock_held_by_another_process_names_it(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer(db):
        pass
    proc = _hold(db, 5)
    try:
        with pytest.raises(WarehouseLockedError) as exc:
            open_db(db, read_only=True, lock_timeout=0.3)
        assert f"PID {proc.pid}" in str(exc.value) or f"process {proc.pid}" in str(exc.value)
        assert "wait for the run to finish" in str(exc.value)
    finally:
        proc.kill()
        proc.wait()


def test_open_waits_for_a_short_lock(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer(db):
        pass
    proc = _hold(db, 1.0)
    waited = []
    t0 = time.monotonic()
    with reader(db, lock_timeout=20, on_wait=waited.append) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchall() == [(0,)]
    proc.wait()
    assert waited and time.monotonic() - t0 >= 0.5


def test_run_lock_excludes_a_second_run(tmp_path):
    db = tmp_path / "w.duckdb"
    with run_lock(db, timeout=1):
        code = (
            "import sys; from warehouse.db import run_lock\n"
            "from pipeline.errors import WarehouseLockedError\n"
            "try:\n"
            "    with run_lock(sys.argv[1], timeout=0.3): print('got it')\n"
            "except WarehouseLockedError as e: print('refused:', e)\n"
        )
        out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True,
                             text=True, check=True).stdout
        assert out.startswith("refused:") and "another newstally run is in progress" in out
    with run_lock(db, timeout=1):
        pass


def _batch():
    text = "Foro Penal counted 1,849 political prisoners in Venezuela on 23 December."
    return LoadBatch(
        run={"id": "r1", "started_at": NOW, "finished_at": NOW, "summary": {"ok": True}},
        sources=[{"name": "s", "url": "http://x/feed", "kind": "rss", "language": "en"}],
        polls=[{"run_id": "r1", "source": "s", "url": "http://x/feed", "polled_at": NOW,
                "status": "ok", "http_status": 200, "entries": 1, "new_entries": 1}],
        pages=[{"canonical_url": "http://x/a", "content_sha256": "abc", "url": "http://x/a",
                "fetched_at": NOW, "raw_html_gz": b"\x1f\x8b", "outcome": "article"}],
        articles=[{"id": -1, "url": "http://x/a", "canonical_url": "http://x/a", "text": text,
                   "text_sha256": "t", "is_seed": False, "story_id": -1, "published_at": NOW}],
        signatures=[{"article_id": -1, "scheme": "s1", "signature": b"\0" * 8, "n_shingles": 3}],
        figures=[{"id": -1, "article_id": -1, "metric": "detained_current", "value": 1849,
                  "qualifier": "exact", "low": 1849, "high": 1849, "sentence": text,
                  "span_start": 19, "span_end": 24, "extractor_version": "v1"},
                 {"id": -2, "article_id": -1, "metric": "detained_current", "value": 1800,
                  "qualifier": "exact", "low": 1800, "high": 1800, "sentence": text,
                  "span_start": 30, "span_end": 34, "extractor_version": "v1"}],
        alerts=[{"kind": "contradiction", "metric": "detained_current", "new_figure_id": -2,
                 "old_figure_id": -1, "rule": "same_date_stock", "message": "m",
                 "details": {"why": "test"}}],
    )


def _counts(conn):
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            for t in ("articles", "figures", "alerts", "pages", "article_signatures")}


def test_load_maps_provisional_ids_and_is_idempotent(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer(db) as conn:
        res = load_batch(conn, _batch())
        assert (res.articles, res.figures, res.alerts) == (1, 2, 1)
        aid = conn.execute("SELECT id, story_id FROM articles").fetchall()[0]
        assert aid[0] > 0 and aid[1] == aid[0]
        fig_ids = {r[0] for r in conn.execute("SELECT id FROM figures").fetchall()}
        new_id, old_id = conn.execute("SELECT new_figure_id, old_figure_id FROM alerts").fetchall()[0]
        assert {new_id, old_id} == fig_ids
        first = _counts(conn)
        res2 = load_batch(conn, _batch())
        assert (res2.articles, res2.figures, res2.alerts, res2.pages) == (0, 0, 0, 0)
        assert _counts(conn) == first


def test_failed_load_leaves_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    bad = _batch()
    bad.figures[1]["metric"] = None  # NOT NULL violation after articles were inserted
    with writer(db) as conn:
        with pytest.raises(duckdb.Error):
            load_batch(conn, bad)
        assert _counts(conn) == {"articles": 0, "figures": 0, "alerts": 0, "pages": 0,
                                 "article_signatures": 0}
