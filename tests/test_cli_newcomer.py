"""Issue 13: what a newcomer tripped on in the CLI (markup, --db placement, output formats)."""

from __future__ import annotations

import json
from pathlib import Path

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


def _sources_with(tmp_path, settings_toml):
    src = (Path(__file__).resolve().parents[1] / "seeds" / "sources.toml").read_text(
        encoding="utf-8")
    assert "[settings]" not in src
    f = tmp_path / "typo.toml"
    f.write_text(src + "\n[settings]\n" + settings_toml + "\n", encoding="utf-8")
    return f


def test_settings_typo_is_refused_before_anything_starts_with_did_you_mean(tmp_path):
    f = _sources_with(tmp_path, "host_dealy = 2")
    res = run("run", "--sources", str(f), "--db", str(tmp_path / "w.duckdb"))
    assert res.exit_code == 2, res.output
    assert "typo.toml [settings]: unknown setting 'host_dealy' (did you mean 'host_delay'?)" in (
        " ".join(res.output.split()))
    assert "webhook_url" not in res.output and "apprise_urls" not in res.output
    assert not (tmp_path / "w.duckdb").exists()


def test_invalid_cron_from_the_environment_is_named_as_such(tmp_path):
    res = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "w.duckdb")],
                             env={"NEWSTALLY_CRON": "every tuesday"})
    assert res.exit_code == 2, res.output
    assert "NEWSTALLY_CRON 'every tuesday' is not a valid cron expression" in res.output


def test_alerts_say_no_channel_configured_or_where_they_went(tmp_path):
    import duckdb

    path = build_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(path)) as conn:
        first, second = [r[0] for r in conn.execute("SELECT id FROM alerts ORDER BY id").fetchall()]
        conn.execute("UPDATE alerts SET delivered_at = now()")
        conn.execute("INSERT INTO alert_deliveries (alert_id, channel, delivered_at) "
                     "VALUES (?, 'webhook:ab12', now())", [second])
    res = run("alerts", "--db", str(path), "--format", "json")
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r["delivery"] for r in map(json.loads, res.output.splitlines())}
    assert rows == {first: "no channel configured", second: "delivered to webhook"}


def test_run_summary_says_what_was_delivered_where():
    from newstally.cli import delivery_line

    d = {"pending": 2, "delivered": 2, "failed": 0, "events": 2}
    assert delivery_line(d, {}) == ("alerts: 2 new, no channel configured (set "
                                    "NEWSTALLY_WEBHOOK_URL or NEWSTALLY_APPRISE_URLS); "
                                    "2 Prefect event(s)")
    line = delivery_line(d, {"NEWSTALLY_WEBHOOK_URL": "http://127.0.0.1:9/hook/secret-token"})
    assert line.startswith("alerts: 2 of 2 delivered to webhook http://127.0.0.1:9/")
    assert "secret-token" not in line


@pytest.mark.prefect
def test_run_on_a_new_path_says_once_that_a_new_warehouse_is_created(prefect_harness, tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on: the feed fails fast
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    src = tmp_path / "sources.toml"
    src.write_text('[topic]\nname = "t"\nterms = ["Venezuela"]\n\n[[source]]\nname = "closed"\n'
                   f'url = "http://127.0.0.1:{port}/feed.rss"\nkind = "rss"\nlanguage = "en"\n',
                   encoding="utf-8")
    db = tmp_path / "new" / "dir" / "w.duckdb"
    args = ["run", "--sources", str(src), "--db", str(db), "--allow-host", "127.0.0.1"]
    first = run(*args)
    assert first.exit_code == 4, first.output  # its only feed failed: the run is not a success
    assert "every feed failed" in " ".join(first.output.split()), first.output
    said = " ".join(first.output.split())
    assert said.count("creating a new one there") == 1 and str(db) in said
    again = run(*args)
    assert again.exit_code == 4 and "creating a new one" not in again.output


def test_search_shows_the_articles_own_url_not_the_google_news_redirect(tmp_path):
    import duckdb

    path = build_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(path)) as conn:
        aid, own = conn.execute("SELECT id, canonical_url FROM articles WHERE language = 'es' "
                                "AND duplicate_of IS NULL ORDER BY id LIMIT 1").fetchone()
        conn.execute("UPDATE articles SET url = 'https://news.google.com/rss/articles/CBMiXyz' "
                     "WHERE id = ?", [aid])
    res = run("search", "presos politicos", "--db", str(path), "--format", "json")
    assert res.exit_code == 0, res.output
    hits = {h["id"]: h["url"] for h in (json.loads(line) for line in res.output.splitlines()
                                        if line.startswith("{"))}
    assert hits[aid] == own and own.startswith("http") and "news.google" not in own


def _start_demo_serve(tmp_path):
    import os
    import subprocess
    import sys
    import time

    sources = tmp_path / "replay-sources.toml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newstally.cli", "demo", "--serve", "--port", "0",
         "--write", str(sources)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("sources file:"):
            return proc, sources, lines
    proc.kill()
    raise AssertionError("demo --serve printed no sources file:\n" + "".join(lines))


@pytest.mark.prefect
@pytest.mark.slow
def test_demo_serve_gives_a_sources_file_a_scheduled_run_ingests_with_no_flag(
        prefect_harness, tmp_path):
    """`demo --serve` serves the replay until stopped; its sources file carries
    allow_hosts in [settings], so a flow run given no --allow-host still reaches it."""
    import signal

    from flows.ingest import ingest
    from pipeline.sources import load_sources

    proc, sources, _lines = _start_demo_serve(tmp_path)
    try:
        assert "{{BASE}}" not in sources.read_text(encoding="utf-8")
        sf = load_sources(sources)
        assert sf.settings["allow_hosts"] == ["127.0.0.1"]
        db = tmp_path / "w.duckdb"
        summary = ingest(sources=str(sources), db=str(db))  # no allow_hosts parameter
        assert summary["totals"]["feeds_failed"] == 0, summary["feeds"]
        assert summary["totals"]["new_articles"] >= 5
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=20)
    assert rc == 0
    assert "replay server stopped" in proc.stderr.read()


def test_allow_hosts_setting_from_environment_and_file():
    from pipeline.errors import ConfigError
    from pipeline.settings import resolve

    got = resolve(environ={"NEWSTALLY_ALLOW_HOSTS": "feeds.internal, 10.0.0.5:8080"})
    assert got["allow_hosts"] == ("feeds.internal", "10.0.0.5:8080")
    got = resolve(environ={}, file_settings={"allow_hosts": ["Mirror.Local"]})
    assert got["allow_hosts"] == ("mirror.local",)
    assert resolve(environ={})["allow_hosts"] == ()
    with pytest.raises(ConfigError, match=r"allow_hosts.*list of host names"):
        resolve(environ={}, file_settings={"allow_hosts": 5}, file_origin="s.toml")


def test_private_host_refusal_names_the_setting(tmp_path):
    """Without the setting, the loopback feed is refused with a message naming the fix."""
    from pipeline.errors import FetchError
    from pipeline.net import Fetcher

    with Fetcher(allow_hosts=(), timeout=1.0, total_timeout=2.0, host_delay=0.0,
                 max_bytes=1000, max_redirects=1) as f, pytest.raises(FetchError) as exc:
        f.get("http://127.0.0.1:9/feed.xml")
    assert "NEWSTALLY_ALLOW_HOSTS" in str(exc.value)
