"""newstally export: every table and view to Parquet or CSV, from a read-only connection."""

from __future__ import annotations

import csv

import duckdb
import pytest
from analyst_fixtures import build_warehouse
from click.testing import CliRunner

from newstally.cli import main
from pipeline.errors import ConfigError
from warehouse.db import reader
from warehouse.export import export_warehouse, relations


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("export") / "w.duckdb")


def test_parquet_has_every_table_and_view_with_all_rows(db, tmp_path):
    with reader(db) as conn:
        names = relations(conn)
        written = export_warehouse(conn, tmp_path / "out", fmt="parquet")
        counts = {n: conn.execute(f"SELECT count(*) FROM {n}").fetchall()[0][0]
                  for n, _ in names}
    assert {e.name for e in written} == {n for n, _ in names}
    assert {"articles", "figures", "alerts", "pages", "v_figures", "v_open_alerts",
            "v_story_outlets"} <= {e.name for e in written}
    check = duckdb.connect()
    for e in written:
        assert e.path.exists() and e.path.suffix == ".parquet"
        n = check.execute(f"SELECT count(*) FROM read_parquet('{e.path}')").fetchall()[0][0]
        assert n == counts[e.name] == e.rows
    # binary columns survive in Parquet
    cols = [r[0] for r in check.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{tmp_path / 'out' / 'pages.parquet'}')").fetchall()]
    assert "raw_html_gz" in cols


def test_csv_leaves_out_binary_columns_and_says_so(db, tmp_path):
    with reader(db) as conn:
        written = export_warehouse(conn, tmp_path, fmt="csv")
    pages = next(e for e in written if e.name == "pages")
    assert pages.skipped_columns == ("raw_html_gz",)
    with (tmp_path / "v_figures.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 9 and "1.953" in {r["as_written"] for r in rows}


def test_bad_format_and_file_as_directory_are_refused(db, tmp_path):
    (tmp_path / "f").write_text("x")
    with reader(db) as conn:
        with pytest.raises(ConfigError, match="expected parquet or csv"):
            export_warehouse(conn, tmp_path, fmt="xlsx")
        with pytest.raises(ConfigError, match="not a directory"):
            export_warehouse(conn, tmp_path / "f")


def test_cli_export_prints_what_it_wrote_and_leaves_the_warehouse_unchanged(db, tmp_path):
    before = db.stat().st_mtime_ns
    res = CliRunner().invoke(main, ["export", "--format", "csv", str(tmp_path / "x"),
                                    "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "v_open_alerts" in res.output and "raw_html_gz" in res.output
    assert (tmp_path / "x" / "articles.csv").exists()
    assert db.stat().st_mtime_ns == before
