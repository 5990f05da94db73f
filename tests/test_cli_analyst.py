"""The analyst commands through the CLI (click's CliRunner), and the search fallback."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from analyst_fixtures import build_warehouse
from click.testing import CliRunner

from newstally.analyst import COMMANDS
from newstally.cli import main
from warehouse.db import reader
from warehouse.search import fold, query_terms, search_articles

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("cli") / "w.duckdb")


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_every_analyst_command_has_help_and_a_readme_entry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    analysts = readme.split("## Analysts", 1)[1].split("\n## ", 1)[0]
    for cmd in COMMANDS:
        res = run(cmd.name, "--help")
        assert res.exit_code == 0 and "Usage:" in res.output, cmd.name
        assert cmd.help and len(cmd.help) > 30
        assert f"newstally {cmd.name}" in analysts, f"README Analysts: document {cmd.name}"
        assert cmd.name in main.commands


def test_queries_lists_every_question():
    res = run("queries")
    assert res.exit_code == 0
    assert "01_foro_penal_weekly" in res.output and "disputed" in res.output


def test_query_by_number_as_json(db):
    res = run("query", "1", "--db", str(db), "--format", "json")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [r["political_prisoners"] for r in rows] == [1953, 1905, 1849]
    assert rows[1]["change_from_previous"] == -48


def test_query_table_shows_the_question_and_show_sql_prints_the_file(db):
    res = run("query", "death_toll_by_source", "--db", str(db))
    assert res.exit_code == 0
    assert "What death toll" in res.output and "2 row(s)" in res.output
    res = run("query", "2", "--show-sql")
    assert res.output.startswith("-- Question: Which figures are disputed")


def test_query_errors_name_the_fix(db, tmp_path):
    res = run("query", "nope", "--db", str(db))
    assert res.exit_code == 2 and "newstally queries" in res.output
    res = run("query", "1", "--db", str(tmp_path / "missing.duckdb"))
    assert res.exit_code == 1 and "no warehouse here yet" in res.output


def test_query_is_read_only(db):
    before = db.stat().st_mtime_ns
    assert run("query", "5", "--db", str(db)).exit_code == 0
    assert db.stat().st_mtime_ns == before


def test_search_says_which_mode_once_and_finds_accented_spanish(db):
    res = CliRunner().invoke(main, ["search", "presos politicos", "--db", str(db),
                                    "--format", "json"])
    assert res.exit_code == 0, res.output
    assert res.output.count("search mode:") == 1
    hits = [json.loads(line) for line in res.output.splitlines() if line.startswith("{")]
    assert {h["publisher"] for h in hits} == {"Cronica Latina", "Foro Penal"}
    assert all("políticos" in h["snippet"] for h in hits)


def test_search_language_filter_and_stems(db):
    with reader(db) as conn:
        en = search_articles(conn, "prisoner releases", language="en")
        es = search_articles(conn, "prisoner releases", language="es")
        none = search_articles(conn, "earthquake")
    assert [h.publisher for h in en.hits] == ["Caribe Ledger"]  # "released 103 prisoners"
    assert es.hits == [] and none.hits == []
    fts_available = _fts_loads()
    assert en.mode == ("fts" if fts_available else "fallback")
    if not fts_available:
        assert "fts extension not available" in en.note


def test_query_terms_fold_accents_drop_stop_words_and_stem():
    assert query_terms("Presos políticos de Venezuela") == ["preso", "politic", "venezuel"]
    assert query_terms("the prisoners were released", "en") == ["prison", "were", "releas"]
    assert query_terms("excarcelaciones") == ["excarcel"]
    assert fold("Excarcelación ÑANDÚ") == "excarcelacion nandu"
    assert len(fold("Ñandú políticos")) == len("Ñandú políticos")


def _fts_loads() -> bool:
    try:
        duckdb.connect().execute("LOAD fts")
        return True
    except duckdb.Error:
        return False


@pytest.mark.skipif(not _fts_loads(), reason="DuckDB's fts extension cannot be loaded here "
                    "(INSTALL fts needs the network); the fallback is tested instead")
def test_fts_mode_ranks_with_bm25(db):
    with reader(db) as conn:
        res = search_articles(conn, "presos políticos", language="es")
    assert res.mode == "fts"
    assert {h.publisher for h in res.hits} == {"Cronica Latina", "Foro Penal"}
