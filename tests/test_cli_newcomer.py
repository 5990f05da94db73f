"""Issue 13: what a newcomer tripped on in the CLI (markup, --db placement, output formats)."""

from __future__ import annotations

import json

import pytest
from analyst_fixtures import build_warehouse
from click.testing import CliRunner

from newstally.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("newcomer") / "w.duckdb")


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_table_values_are_data_not_rich_markup(db):
    res = run("sql", "--db", str(db), "SELECT '[/red] oops' AS a, 'shot by [security forces]' AS b")
    assert res.exit_code == 0, res.output
    assert "[/red] oops" in res.output
    assert "[security forces]" in res.output


def test_db_is_accepted_after_alerts_subcommands(db):
    res = run("alerts", "show", "999999", "--db", str(db))
    assert "No such option" not in res.output
    assert res.exit_code != 0 and "alert 999999: no such alert" in res.output


def test_csv_ends_lines_with_lf_and_json_array_is_one_array(db):
    res = run("sql", "--db", str(db), "--format", "csv", "SELECT 1 AS a UNION ALL SELECT 2")
    assert res.exit_code == 0, res.output
    assert "\r" not in res.output and res.output.splitlines()[0] == "a"
    res = run("sql", "--db", str(db), "--format", "json-array",
              "SELECT 1 AS a UNION ALL SELECT 2 ORDER BY a")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == [{"a": 1}, {"a": 2}]


def test_sql_cannot_read_or_write_other_files(db, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a,b\n1,2\n", encoding="utf-8")
    res = run("sql", "--db", str(db), f"SELECT * FROM read_csv('{secret}')")
    assert res.exit_code != 0 and "SQL refused" in res.output and "--allow-export" in res.output
    target = tmp_path / "x.csv"
    res = run("sql", "--db", str(db), f"COPY (SELECT 1 AS a) TO '{target}'")
    assert res.exit_code != 0 and "SQL refused" in res.output
    assert not target.exists()


def test_sql_allow_export_lets_copy_write_under_that_directory_only(db, tmp_path):
    out = tmp_path / "out"
    res = run("sql", "--db", str(db), "--allow-export", str(out),
              f"COPY (SELECT 1 AS a) TO '{out / 'a.csv'}'")
    assert res.exit_code == 0, res.output
    assert (out / "a.csv").read_text(encoding="utf-8").splitlines() == ["a", "1"]
    res = run("sql", "--db", str(db), "--allow-export", str(out),
              f"COPY (SELECT 1 AS a) TO '{tmp_path / 'b.csv'}'")
    assert res.exit_code != 0 and not (tmp_path / "b.csv").exists()
