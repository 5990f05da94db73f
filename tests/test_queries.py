"""The example analyst queries: each explains itself, runs, and answers on a populated
warehouse (and runs without error on an empty one)."""

from __future__ import annotations

from datetime import date

import pytest
from analyst_fixtures import build_warehouse

from pipeline.errors import ConfigError
from warehouse.db import reader, writer
from warehouse.examples import QUERIES_DIR, example_queries, find_query

QUERIES = example_queries()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("queries") / "w.duckdb")


def test_at_least_eight_queries_each_with_a_question_and_an_explanation():
    assert len(QUERIES) >= 8
    for q in QUERIES:
        assert q.sql.startswith("-- Question: ")
        assert q.question.endswith("?"), q.name
        assert len(q.explanation) > 60, f"{q.name}: explain the answer in comment lines"
    assert sorted(p.name for p in QUERIES_DIR.glob("*.sql")) == [q.name + ".sql" for q in QUERIES]


@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_query_returns_rows_on_a_populated_warehouse(db, q):
    with reader(db) as conn:
        rows = conn.execute(q.sql).fetchall()
    assert rows, f"{q.name} returned no rows"


@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_query_runs_on_an_empty_warehouse(tmp_path, q):
    with writer(tmp_path / "empty.duckdb") as conn:
        conn.execute(q.sql).fetchall()


def test_answers(db):
    def run(name):
        with reader(db) as conn:
            return conn.execute(find_query(name).sql).fetchall()

    weekly = run("foro_penal_weekly")
    assert [(r[0], r[2], r[4]) for r in weekly] == [
        (date(2024, 10, 28), 1953, None), (date(2024, 11, 25), 1905, -48),
        (date(2024, 12, 9), 1849, -56)]
    assert [r[0] for r in run("releases_december_2024")] == ["Government", "Caribe Ledger"]
    assert [(r[0], r[1]) for r in run("death_toll_by_source")] == [("Government", "24"),
                                                                   ("rights groups", "at least 28")]
    assert run("disputed_figures")[0][3:5] == ("at least 28", "Atlantic Courier")
    failures = run("feed_failures_24h")
    assert failures[0][:3] == ("ngo", 1, 1)  # the poll 30 h before is not counted
    assert run("dates_to_check")[0][2] == "Nearly 200"
    assert run("copies")[0][1] == "Andes Post"


def test_find_query_by_number_or_name_and_a_clear_error():
    assert find_query("2").name == find_query("02_disputed_figures").name == \
        find_query("disputed_figures.sql").name
    with pytest.raises(ConfigError, match="no such query; expected one of 01_"):
        find_query("nope")


def test_readme_lists_every_query_with_its_question():
    readme = (QUERIES_DIR.parents[1] / "README.md").read_text(encoding="utf-8")
    for q in QUERIES:
        assert f"| `{q.name}` | {q.question} |" in readme, q.name
