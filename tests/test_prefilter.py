"""Issue 11: the topic pre-filter is per source, and what it skips is kept and can be re-taken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_flow import ORACLE, PAGES, REPLAY, q, run_ingest

from newstally.cli import main
from newstally.replay import ReplayServer
from pipeline.errors import ConfigError
from pipeline.models import Entry
from pipeline.select import select_entries
from pipeline.sources import parse_sources

DROPPED = ORACLE["expected"]["dropped_by_prefilter"]


def _entry(url: str, title: str) -> Entry:
    return Entry(source="s", url=url, canonical_url="", title=title, summary=None,
                 published=None, guid=None, language="es")


def test_prefilter_off_takes_entries_whose_title_names_no_term():
    entries = [_entry("https://diario.example/a", "Liberan a tres dirigentes sindicales"),
               _entry("https://diario.example/b", "Maduro habla en cadena nacional")]
    on = select_entries(entries, held=set(), topic_terms=["Maduro"])
    assert [e.url for e in on.new] == ["https://diario.example/b"]
    off = select_entries(entries, held=set(), topic_terms=["Maduro"], prefilter=False)
    assert [e.url for e in off.new] == ["https://diario.example/a", "https://diario.example/b"]


def test_prefilter_defaults_by_kind_and_is_checked():
    text = """
[topic]
name = "t"
terms = ["Maduro"]
[[source]]
name = "GN"
url = "https://news.google.com/rss/search?q=x"
kind = "google_news"
language = "es"
[[source]]
name = "Outlet"
url = "https://diario.example/feed"
kind = "rss"
language = "es"
[[source]]
name = "Local"
url = "https://local.example/feed"
kind = "rss"
language = "es"
prefilter = false
"""
    sf = parse_sources(text, path=Path("s.toml"))
    assert [s.prefilter for s in sf.sources] == [False, True, False]
    with pytest.raises(ConfigError, match="source 'Local': field 'prefilter'"):
        parse_sources(text.replace("prefilter = false", 'prefilter = "no"'), path=Path("s.toml"))


@pytest.mark.prefect
@pytest.mark.slow
def test_skipped_entries_are_kept_and_a_retake_fetches_them(prefect_harness, tmp_path):
    with ReplayServer(REPLAY) as server:
        db = tmp_path / "w.duckdb"
        summary = run_ingest(server, db)
        assert summary["totals"]["prefiltered"] >= len(DROPPED)
        paths = [PAGES[pid]["url_path"] for pid in DROPPED]
        rows = q(db, "SELECT url, reason, times_seen, retake FROM skipped_entries")
        held = [r for r in rows if any(r[0].endswith(p) for p in paths)]
        assert len(held) == len(paths), rows
        assert all("topic terms" in r[1] and r[2] == 1 and not r[3] for r in held)

        res = CliRunner().invoke(main, ["skipped", "--db", str(db), "--format", "csv"])
        assert res.exit_code == 0 and paths[0] in res.output, res.output
        res = CliRunner().invoke(main, ["skipped", "--db", str(db), "--retake", held[0][0]])
        assert res.exit_code == 0 and "1 entry will be fetched" in res.output, res.output
        res = CliRunner().invoke(main, ["skipped", "--db", str(db), "--retake",
                                        "https://nowhere.example/x"])
        assert res.exit_code != 0 and "no skipped entry matches" in res.output

        server.clear_requests()
        run_ingest(server, db)  # feeds unchanged (304): the retake comes from the warehouse
        assert [r for r in server.requests if r[1].startswith(paths[0])]
        outcome = q(db, "SELECT outcome FROM pages WHERE canonical_url LIKE ?", [f"%{paths[0]}"])
        assert outcome and outcome[0][0] == "rejected"  # judged on its text: off topic
        assert q(db, "SELECT taken_at IS NOT NULL, retake FROM skipped_entries WHERE url = ?",
                 [held[0][0]]) == [(True, False)]

        # A source with prefilter = false fetches that entry on the first run.
        text = (REPLAY / "sources.toml").read_text(encoding="utf-8")
        text = text.replace('kind = "atom"', 'kind = "atom"\nprefilter = false')
        sources = tmp_path / "sources.toml"
        sources.write_text(text, encoding="utf-8")
        db2 = tmp_path / "w2.duckdb"
        server.clear_requests()
        run_ingest(server, db2, sources=sources)
        assert [r for r in server.requests if r[1].startswith(paths[0])]
        assert q(db2, "SELECT count(*) FROM skipped_entries WHERE url LIKE ?",
                 [f"%{paths[0]}"]) == [(0,)]
    shutil.rmtree(tmp_path, ignore_errors=True)
