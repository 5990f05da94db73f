"""The analyst views: given rows (loaded with load_batch) → expected rows, and empty."""

from __future__ import annotations

from datetime import date

import pytest
from analyst_fixtures import build_warehouse

from warehouse.db import reader, writer

VIEWS = ("v_figures", "v_latest_figures", "v_figure_timeline", "v_open_alerts",
         "v_story_outlets")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("views") / "w.duckdb")


def _q(db, sql, params=()):
    with reader(db) as conn:
        return conn.execute(sql, list(params)).fetchall()


def test_views_exist_and_are_empty_on_an_empty_warehouse(tmp_path):
    with writer(tmp_path / "empty.duckdb") as conn:
        for v in VIEWS:
            assert conn.execute(f"SELECT count(*) FROM {v}").fetchall() == [(0,)]


def test_every_view_and_view_column_is_documented(tmp_path):
    with writer(tmp_path / "w.duckdb") as conn:
        views = dict(conn.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
        cols = conn.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE table_name LIKE 'v\\_%' ESCAPE '\\'").fetchall()
    assert set(VIEWS) <= set(views)
    assert all(views[v] for v in VIEWS)
    assert cols and [c for c in cols if not c[2]] == []


def test_v_figures_keeps_current_versions_of_originals_only(db):
    rows = _q(db, "SELECT publisher, metric, value, as_written, reference_date FROM v_figures "
                  "ORDER BY figure_id")
    assert ("Northbridge", "arrested", 2200, "2,200", date(2024, 8, 15)) not in rows  # old page
    assert ("Northbridge", "arrested", 2229, "2,229", date(2024, 8, 15)) in rows
    assert not [r for r in rows if r[0] == "Andes Post" and r[2] == 103]  # the copy has none
    assert ("Seed Wire", "killed", 24, "24", date(2024, 8, 2)) in rows  # seeds are kept
    # as_of wins over the publication date
    assert ("Cronica Latina", "detained_current", 1953, "1.953", date(2024, 10, 28)) in rows
    assert len(rows) == 9


def test_v_latest_figures_one_row_per_claim_and_source(db):
    rows = _q(db, "SELECT metric, unit, given_by, value, publisher, n_reports, "
                  "first_reference_date FROM v_latest_figures ORDER BY metric, given_by")
    assert ("detained_current", "political prisoners", "Foro Penal", 1849, "Foro Penal", 3,
            date(2024, 10, 28)) in rows
    # two sources, two rows: no merging of the government's and rights groups' tolls
    # (the attributed "government" is named as one source across wordings: Government)
    assert [r[2:4] for r in rows if r[0] == "killed"] == [("Government", 24),
                                                           ("rights groups", 28)]
    # different definitions (unit) are different claims
    assert {(r[1], r[3]) for r in rows if r[0] == "released"} == {("prisoners", 103),
                                                                  ("detainees", 130)}
    assert len(rows) == 7


def test_v_figure_timeline_has_previous_value_and_change(db):
    rows = _q(db, "SELECT reference_date, value, previous_value, change, days_since_previous "
                  "FROM v_figure_timeline WHERE metric = 'detained_current' "
                  "ORDER BY reference_date")
    assert rows == [
        (date(2024, 10, 28), 1953, None, None, None),
        (date(2024, 11, 25), 1905, 1953, -48, 28),
        (date(2024, 12, 9), 1849, 1905, -56, 14),
    ]


def test_v_open_alerts_has_both_sides(db):
    rows = _q(db, "SELECT kind, metric, rule, new_as_written, new_source, new_published_date, "
                  "old_as_written, old_source, old_published_date, new_sentence, old_url "
                  "FROM v_open_alerts")
    assert rows == [(
        "contradiction", "killed", "disjoint_intervals", "at least 28", "Atlantic Courier",
        date(2024, 8, 10), "24", "Seed Wire", date(2024, 8, 2),
        "Rights groups say at least 28 people were killed in the protests.",
        "https://seedwire.example/seed-protest-toll",
    )]  # the acknowledged revision alert is not open


def test_v_story_outlets_counts_copies_as_outlets_of_one_story(db):
    rows = _q(db, "SELECT first_publisher, n_articles, n_outlets, n_copies, publishers "
                  "FROM v_story_outlets ORDER BY n_outlets DESC, story_id")
    assert rows[0] == ("Caribe Ledger", 2, 2, 1, "Andes Post, Caribe Ledger")
    assert len(rows) == 9  # the copy joins its original's story
