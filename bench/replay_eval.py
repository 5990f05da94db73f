"""Replay the dev set through real ``newstally run``s and score the alerts it raises.

    .venv/bin/python bench/replay_eval.py              # one run per publication month
    .venv/bin/python bench/replay_eval.py --single     # every article in one run
    .venv/bin/python bench/replay_eval.py --quiet      # counts only, no alert messages

``contradictions_eval.py`` calls the dedup and contradiction rules in-process; this bench
measures what an operator gets. Each dev-eval article becomes an HTML page (its title,
publisher as ``og:site_name``, publication date and text) behind one RSS feed per
publisher, served from a loopback HTTP server started here. The feeds grow month by month:
run *k* lists every article published up to month *k* (undated articles come in a last
run), so the pipeline sees coverage arrive in the order it was published and skips what it
already holds. Every run is a real ``newstally run`` subprocess (its own temporary Prefect
server, or the one in ``PREFECT_API_URL``) on one temporary warehouse that also loads the
seed corpus, as a new installation does.

Scoring, as in ``contradictions_eval.py``, under two countings. Old: an alert matches a
labelled pair of ``pairs.json`` when its two figures are the pair's two figures by
(article, value) and the metric agrees. New (one alert per disagreement, migration 008):
when the pair's two figures are on the two sides of the alert's evidence
(``alert_evidence``), so a pair whose claim was alerted through other articles carrying
the same two sides counts. Alerts with status ``review`` are held back (``v_possible_conflicts``);
the rest are what a channel would receive ("pushed"). Each pushed alert that matches no
labelled pair is printed for a person to read.

The dev set's texts are third-party: they are read from ``../shared/dev-eval`` (or
``NEWSTALLY_DEV_EVAL``) at run time and written only to a temporary folder.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newstally.replay import ReplayServer  # noqa: E402
from warehouse.db import reader  # noqa: E402

TOPIC = ["Venezuela", "venezolano", "venezolana", "Maduro", "presos políticos",
         "political prisoners", "Foro Penal", "excarcelaciones", "detenidos", "protestas"]


def dev_eval_dir() -> Path:
    return Path(os.environ.get("NEWSTALLY_DEV_EVAL") or REPO.parent / "shared" / "dev-eval")


def _slug(text: str) -> str:
    # ASCII only: a feed path with "ó" reaches the replay server percent-encoded and was a 404
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in text.lower())
    return slug.strip("-")[:40] or "outlet"


def _month(a: dict[str, Any]) -> str:
    return (a.get("published") or "")[:7] or "9999-99"  # undated articles come last


def _iso(a: dict[str, Any]) -> str | None:
    p = a.get("published")
    if not p:
        return None
    return p if len(p) >= 10 else f"{p[:7]}-01"


def page(a: dict[str, Any]) -> str:
    paras = [p.strip() for p in a["text"].split("\n") if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    date = _iso(a)
    meta_date = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (f"<!doctype html><html lang=\"{a['language']}\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(a.get('title') or '')}</title>"
            f"<meta property=\"og:site_name\" content=\"{html.escape(a['publisher'])}\">{meta_date}"
            f"</head><body><article><h1>{html.escape(a.get('title') or '')}</h1>\n{body}"
            f"</article></body></html>")


def feed(publisher: str, items: list[dict[str, Any]], base: str) -> str:
    out = []
    for a in items:
        date = _iso(a)
        pub = ""
        if date:
            t = time.strptime(date[:10], "%Y-%m-%d")
            pub = f"<pubDate>{time.strftime('%a, %d %b %Y 12:00:00 +0000', t)}</pubDate>"
        out.append(f"<item><title>{html.escape(a.get('title') or '')}</title>"
                   f"<link>{base}/a/{a['id']}.html</link><guid>{base}/a/{a['id']}.html</guid>{pub}</item>")
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
            f"<title>{html.escape(publisher)}</title><link>{base}/</link>"
            f"<description>dev replay</description>{''.join(out)}</channel></rss>")


def sources_file(publishers: dict[str, str], base: str) -> str:
    lines = ["[topic]", 'name = "Venezuela post-election crackdown (dev replay)"',
             "terms = " + json.dumps(TOPIC, ensure_ascii=False), "",
             "[settings]", "host_delay = 0.0", "retries = 0", "relevance_threshold = 0.0",
             "refetch_days = 0", ""]
    for pub, lang in sorted(publishers.items()):
        lines += ["[[source]]", f"name = {json.dumps(pub, ensure_ascii=False)}",
                  f'url = "{base}/feeds/{_slug(pub)}.xml"', 'kind = "rss"',
                  f'language = "{lang}"', "prefilter = false", ""]
    return "\n".join(lines)


def run(cmd: list[str], env: dict[str, str]) -> tuple[int, float, str]:
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)
    return p.returncode, time.monotonic() - t0, p.stdout + p.stderr


def alerts(db: Path, by_url: dict[str, str]) -> list[dict[str, Any]]:
    with reader(str(db)) as conn:
        cur = conn.execute("""
            SELECT a.id, a.kind, a.metric, a.status, a.held_reason, a.message,
                   fn.value, an.canonical_url, fo.value, ao.canonical_url
            FROM alerts a
            JOIN figures fn ON fn.id = a.new_figure_id JOIN articles an ON an.id = fn.article_id
            JOIN figures fo ON fo.id = a.old_figure_id JOIN articles ao ON ao.id = fo.article_id
            ORDER BY a.id""")
        rows = cur.fetchall()
        ev = conn.execute("""
            SELECT e.alert_id, e.side, e.value, a.canonical_url
            FROM alert_evidence e JOIN articles a ON a.id = e.article_id""").fetchall()
    sides: dict[int, dict[str, set[tuple[str, int]]]] = defaultdict(lambda: {"new": set(), "old": set()})
    for alert_id, side, value, url in ev:
        sides[alert_id][side].add((by_url.get(url, "seed"), int(value)))
    out = []
    for aid, kind, metric, status, held, msg, nv, nu, ov, ou in rows:
        new, old = (by_url.get(nu, "seed"), int(nv)), (by_url.get(ou, "seed"), int(ov))
        out.append({"id": aid, "kind": kind, "metric": metric, "status": status,
                    "held_reason": held, "message": msg, "new": new, "old": old,
                    "new_side": sides[aid]["new"] | {new}, "old_side": sides[aid]["old"] | {old}})
    return out


def score(als: list[dict[str, Any]], pairs: list[dict[str, Any]], *,
          by_evidence: bool = False) -> dict[str, Any]:
    """Old counting (default): a pair matches an alert whose own two figures are the
    pair's. ``by_evidence`` (new counting, one alert per disagreement): a pair matches an
    alert when its two figures (article, value) are on the two sides of its evidence."""
    index: dict[tuple[str, frozenset[tuple[str, int]]], list[str]] = defaultdict(list)
    for p in pairs:
        index[(p["metric"], frozenset({(p["a"]["article"], p["a"]["value"]),
                                       (p["b"]["article"], p["b"]["value"])}))].append(p["pair_id"])
    kind_of = {p["pair_id"]: p for p in pairs}

    def matches(al: dict[str, Any]) -> list[str]:
        if not by_evidence:
            return index.get((al["metric"], frozenset({al["new"], al["old"]})), [])
        n, o = al["new_side"], al["old_side"]
        out = []
        for p in pairs:
            a, b = (p["a"]["article"], p["a"]["value"]), (p["b"]["article"], p["b"]["value"])
            if p["metric"] == al["metric"] and ((a in n and b in o) or (a in o and b in n)):
                out.append(p["pair_id"])
        return out

    res: dict[str, Any] = {"raised": len(als), "pushed": 0, "held": 0, "pushed_hit": set(),
                           "raised_hit": set(), "pushed_wrong": [], "pushed_unlabelled": []}
    for al in als:
        pushed = al["status"] != "review"
        res["pushed" if pushed else "held"] += 1
        pids = matches(al)
        for pid in pids:
            if kind_of[pid]["alert_expected"] and al["kind"] == "contradiction":
                res["raised_hit"].add(pid)
                if pushed:
                    res["pushed_hit"].add(pid)
            elif pushed:
                res["pushed_wrong"].append((pid, al))
        if pushed and not pids:
            res["pushed_unlabelled"].append(al)
    res["contradict"] = sorted(p["pair_id"] for p in pairs if p["alert_expected"])
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--single", action="store_true", help="every article in one run")
    ap.add_argument("--quiet", action="store_true", help="counts only")
    ap.add_argument("--keep", metavar="DIR", help="keep the warehouse and the site in DIR")
    args = ap.parse_args(argv)
    root = dev_eval_dir()
    if not (root / "pairs.json").exists():
        print(f"dev-eval not found at {root} (set NEWSTALLY_DEV_EVAL): nothing to measure")
        return 2
    arts = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "articles").glob("*.json"))]
    pairs = json.loads((root / "pairs.json").read_text(encoding="utf-8"))
    work = Path(args.keep or tempfile.mkdtemp(prefix="newstally-replay-eval-"))
    site = work / "site"
    (site / "a").mkdir(parents=True, exist_ok=True)
    (site / "feeds").mkdir(exist_ok=True)
    db = work / "replay.duckdb"
    for suffix in ("", ".wal", ".robots.json"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    for a in arts:
        (site / "a" / f"{a['id']}.html").write_text(page(a), encoding="utf-8")
    months = ["all"] if args.single else sorted({_month(a) for a in arts})
    exe = str(Path(sys.executable).parent / "newstally")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}  # a loaded machine
    print(f"replay_eval — {len(arts)} dev articles, {len(months)} run(s), warehouse {db}")
    total = 0.0
    with ReplayServer(site) as srv:
        base = srv.base_url
        publishers = {a["publisher"]: a["language"] for a in arts}
        src = work / "sources.toml"
        src.write_text(sources_file(publishers, base), encoding="utf-8")
        for i, m in enumerate(months, start=1):
            shown = [a for a in arts if args.single or _month(a) <= m]
            by_pub: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for a in shown:
                by_pub[a["publisher"]].append(a)
            for pub in publishers:
                (site / "feeds" / f"{_slug(pub)}.xml").write_text(
                    feed(pub, by_pub.get(pub, []), base), encoding="utf-8")
            rc, secs, out = run([exe, "run", "--sources", str(src), "--db", str(db),
                                 "--allow-host", "127.0.0.1"], env)
            total += secs
            label = "undated" if m == "9999-99" else m
            print(f"  run {i:2d}/{len(months)} ({label}): {len(shown)} article(s) listed, exit {rc}, "
                  f"{secs:.1f} s", flush=True)
            if rc not in (0,):
                print(out[-2000:])
                return 1
    by_url = {f"{base}/a/{a['id']}.html": a["id"] for a in arts}
    with reader(str(db)) as conn:
        held = conn.execute("SELECT count(*) FILTER (WHERE NOT is_seed AND duplicate_of IS NULL), "
                            "count(*) FILTER (WHERE duplicate_of IS NOT NULL) FROM articles").fetchall()[0]
        nfig = conn.execute("SELECT count(*) FROM figures").fetchall()[0][0]
    als = alerts(db, by_url)
    print(f"\nheld: {held[0]} article(s), {held[1]} copies; {nfig} figures; {total:.0f} s in runs")
    for label, by_evidence in (("old counting (the alert's own pair)", False),
                               ("new counting (the pair on the two sides of one alert's "
                                "evidence)", True)):
        s = score(als, pairs, by_evidence=by_evidence)
        n = len(s["contradict"])
        print(f"{label}:")
        print(f"  alerts raised: {s['raised']}; pushed to a channel: {s['pushed']}; "
              f"held for review: {s['held']}")
        print(f"  labelled contradictions raised: {len(s['raised_hit'])} / {n}; "
              f"pushed: {len(s['pushed_hit'])} / {n} (recall {len(s['pushed_hit']) / n:.2f})")
        print(f"  missed (not pushed): {sorted(set(s['contradict']) - s['pushed_hit'])}")
        print(f"  pushed on agree/update pairs: {[pid for pid, _ in s['pushed_wrong']] or 'none'}")
        print(f"  pushed on no labelled pair: {len(s['pushed_unlabelled'])}")
    if not args.quiet:
        for al in s["pushed_unlabelled"]:
            print(f"\n--- alert {al['id']} ({al['kind']}, {al['metric']}) "
                  f"{al['new'][0]}:{al['new'][1]} vs {al['old'][0]}:{al['old'][1]}; evidence "
                  f"{sorted(al['new_side'])} vs {sorted(al['old_side'])}")
            print(al["message"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
