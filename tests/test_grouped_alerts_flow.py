"""One disagreement, pushed once, through real ingest runs (Prefect, DuckDB file, pages
and a webhook on 127.0.0.1): outlets relaying the government's toll against the UN's,
then a later article repeating the UN's figure. Pages are written for this test."""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from dbq import q

from newstally.replay import ReplayServer

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

#: a second paragraph of its own for each page, so that no page reads as a copy of another
FILLER = {
    "ministry": "Officials spoke at a briefing in the capital, where reporters asked about the "
                "hospitals that had treated the injured and about the curfew still in force.",
    "government": "The statement came as parliament debated a new security law, and as "
                  "families of detainees waited outside two police stations for news.",
    "mission": "The experts interviewed more than a hundred witnesses abroad and examined "
               "videos, medical records and photographs before drawing their conclusions.",
    "investigators": "Their new report answers the criticism of officials, who had called the "
                     "earlier findings biased, and lists the cases one by one in an annex.",
}

#: (slug, date, outlet, title, the paragraph with the figure)
PAGES = [
    ("ministry", "2025-06-10", "North Ledger", "Ministry gives its toll of the unrest",
     "The protests after the vote left 31 people dead, the interior ministry said on Tuesday."),
    ("government", "2025-06-20", "Harbour Post", "Government repeats its toll",
     "According to the government, 31 people were killed during the protests that followed "
     "the election."),
    ("mission", "2025-11-20", "Valley Times", "UN mission publishes its findings",
     "The protests left 26 people dead, the UN fact-finding mission said in its report on "
     "Thursday."),
]
LATER = ("investigators", "2025-12-01", "Coast Daily", "UN investigators stand by their count",
         "UN investigators said 26 people were killed during the protests, in a report "
         "published on Monday.")


def _page(slug: str, day: str, outlet: str, title: str, para: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f'</title><meta property="og:site_name" content="{html.escape(outlet)}">'
            f'<meta property="article:published_time" content="{day}"></head><body><article>'
            f"<h1>{html.escape(title)}</h1><p>Venezuela: {html.escape(para)}</p>"
            f"<p>{FILLER[slug]}</p></article></body></html>")


def _write_site(root: Path, pages: list[tuple[str, str, str, str, str]], base: str) -> None:
    (root / "a").mkdir(parents=True, exist_ok=True)
    items = []
    for slug, day, outlet, title, para in pages:
        (root / "a" / f"{slug}.html").write_text(_page(slug, day, outlet, title, para), encoding="utf-8")
        items.append(f"<item><title>{html.escape(title)}</title><link>{base}/a/{slug}.html</link>"
                     f"<guid>{base}/a/{slug}.html</guid></item>")
    (root / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<link>{base}/</link><description>d</description>{''.join(items)}</channel></rss>",
        encoding="utf-8")


class Hook:
    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                outer.bodies.append(json.loads(self.rfile.read(n)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    yield h
    h.server.shutdown()
    h.server.server_close()



def test_repeats_attach_to_the_alert_and_nothing_is_pushed_again(tmp_path, hook, monkeypatch):
    from flows.ingest import ingest

    site = tmp_path / "site"
    site.mkdir()
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("NEWSTALLY_WEBHOOK_URL", hook.url)
    with ReplayServer(site) as server:
        src = tmp_path / "sources.toml"
        src.write_text(
            '[topic]\nname = "test"\nterms = ["Venezuela", "protests"]\n\n[settings]\n'
            "host_delay = 0.0\nretries = 0\nrelevance_threshold = 0.0\nrefetch_days = 0\n\n"
            f'[[source]]\nname = "Wire"\nurl = "{server.base_url}/feed.xml"\nkind = "rss"\n'
            'language = "en"\nprefilter = false\n', encoding="utf-8")

        def run(pages: list[tuple[str, str, str, str, str]]) -> None:
            _write_site(site, pages, server.base_url)
            ingest(sources=str(src), db=str(db), allow_hosts=["127.0.0.1"],
                   overrides={"timeout": 2.0, "total_timeout": 5.0})

        run(PAGES)
        groups = q(db, "SELECT alert_id FROM v_alert_groups WHERE group_key LIKE "
                       "'%Government=exact 31 vs UN=exact 26'")
        assert len(groups) == 1, q(db, "SELECT group_key, status, held_reason FROM alerts")
        (alert_id,) = groups[0]
        pushed = [b for b in hook.bodies if b["id"] == alert_id]
        assert len(pushed) == 1
        assert "Carried by: 2 articles give the earlier figure, 1 article the later one." in \
            pushed[0]["message"]
        n_alerts = q(db, "SELECT count(*) FROM alerts")[0][0]
        n_posts = len(hook.bodies)

        run([*PAGES, LATER])  # a later article repeats the UN's 26

    assert q(db, "SELECT count(*) FROM alerts")[0][0] == n_alerts  # no new alert for it
    assert len(hook.bodies) == n_posts  # nothing pushed again
    (row,) = q(db, f"SELECT new_side_articles, old_side_articles, delivered_at IS NOT NULL "
                   f"FROM v_alert_groups WHERE alert_id = {alert_id}")
    assert sorted(row[:2]) == [2, 2] and row[2]
    assert q(db, f"""SELECT count(*) FROM alert_evidence e JOIN articles a ON a.id = e.article_id
                     WHERE e.alert_id = {alert_id} AND a.canonical_url LIKE '%investigators%'""") == [(1,)]
