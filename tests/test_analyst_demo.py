"""The analyst side on the demo database: the bundled replay ingested through Prefect, then
every view, example query, export, search, the report and reprocess on what it loaded."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newstally.cli import main
from newstally.demo import run_demo
from pipeline.reprocess import reprocess
from warehouse.db import reader
from warehouse.examples import example_queries

pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

VIEWS = ("v_figures", "v_latest_figures", "v_figure_timeline", "v_open_alerts",
         "v_story_outlets")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, prefect_harness):
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    run_demo(db, echo=lambda _m: None)
    return db


def test_every_view_has_rows(demo_db):
    with reader(demo_db) as conn:
        for v in VIEWS:
            assert conn.execute(f"SELECT count(*) FROM {v}").fetchall()[0][0] > 0, v


@pytest.mark.parametrize("q", example_queries(), ids=[q.name for q in example_queries()])
def test_every_example_query_answers(demo_db, q):
    res = CliRunner().invoke(main, ["query", q.name, "--db", str(demo_db), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert res.output.strip(), f"{q.name} returned no rows on the demo database"


def test_export_search_and_report(demo_db, tmp_path):
    r = CliRunner()
    assert r.invoke(main, ["export", str(tmp_path / "x"), "--db", str(demo_db)]).exit_code == 0
    assert (tmp_path / "x" / "v_open_alerts.parquet").exists()
    res = r.invoke(main, ["search", "Foro Penal", "--db", str(demo_db), "--format", "json"])
    assert res.exit_code == 0 and res.output.count('"id"') >= 3
    out = tmp_path / "report.html"
    assert r.invoke(main, ["report", "--out", str(out), "--db", str(demo_db)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") >= 4 and 'class="alert"' in html


def test_reprocess_all_with_the_same_code_changes_nothing(demo_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())

    def snapshot():
        with reader(db) as conn:
            return (
                conn.execute("SELECT a.canonical_url, f.metric, f.value, f.span FROM figures f "
                             "JOIN articles a ON a.id = f.article_id ORDER BY ALL").fetchall(),
                conn.execute("SELECT canonical_url, duplicate_of IS NULL, text_sha256 "
                             "FROM articles ORDER BY ALL").fetchall(),
                conn.execute("SELECT count(*) FROM v_open_alerts").fetchall(),
            )

    before = snapshot()
    summary = reprocess(db, all_articles=True)
    assert summary.reprocessed == len(before[1]) and summary.text_changed == 0
    assert summary.alerts_superseded == 0 and summary.new_alerts == 0
    assert snapshot() == before
