"""Serve feedparser's test corpus from loopback, run ``newstally run``, compare per feed.

    .venv/bin/python bench/feedparser_corpus.py [--corpus DIR] [--as header|none|html]
        [--limit N] [--keep DIR]

Every file of the corpus (``../shared/fixtures/feedparser-tests``, feedparser's own
``tests/`` data, BSD licence) is one source in a generated sources file, served by a
real 127.0.0.1 server with the content type its ``Header:`` lines name (``--as header``,
the default; files without one get none), or all as text/html or with none. One
``newstally run`` (a subprocess, through Prefect, host delay 0) polls them all; then each
feed's ``feed_polls`` row (status, entries) is compared with what ``feedparser.parse``
reads from the same bytes and headers. Prints feeds agreeing / disagreeing (with
reasons), tracebacks seen in the run's output and page requests the run made.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import duckdb
import feedparser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newstally.replay import ReplayServer, Reply, Request  # noqa: E402

CORPUS = next((p for p in (d / "shared" / "fixtures" / "feedparser-tests"
                            for d in ROOT.parents) if p.is_dir()),
              ROOT.parent / "shared" / "fixtures" / "feedparser-tests")
HEADER = re.compile(rb"^Header:\s+([^:]+):(.*)$", re.MULTILINE)


def content_type(body: bytes, mode: str) -> str | None:
    if mode == "html":
        return "text/html"
    if mode == "none":
        return None
    for name, value in HEADER.findall(body[:4096]):
        if name.strip().lower() == b"content-type":
            return value.strip().decode("latin-1")
    return None


def feedparser_reading(body: bytes, ctype: str | None, url: str) -> tuple[str, int]:
    """What feedparser makes of the bytes: ok/error and the entries that are pages."""
    headers = {"content-location": url}
    if ctype:
        headers["content-type"] = ctype
    d = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if not d.get("version") and not d.entries:
        return "error", 0
    return "ok", len(d.entries)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--as", dest="mode", choices=["header", "none", "html"], default="header")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--keep", type=Path, help="keep the sources file and warehouse here")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no feedparser corpus there; pass --corpus DIR", file=sys.stderr)
        return 2
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix in (".xml", ".json"))
    if args.limit:
        files = files[: args.limit]
    work = args.keep or Path(tempfile.mkdtemp(prefix="fpcorpus-"))
    work.mkdir(parents=True, exist_ok=True)
    empty = work / "site"
    empty.mkdir(exist_ok=True)
    bodies = {f"/c/{p.relative_to(args.corpus).as_posix()}": p.read_bytes() for p in files}

    with ReplayServer(empty) as server:
        def serve(req: Request) -> Reply:
            body = bodies.get(req.path)
            if body is None:
                return Reply(404, {"Content-Type": "text/plain"}, b"not in the corpus\n")
            ctype = content_type(body, args.mode)
            return Reply(200, {"Content-Type": ctype} if ctype else {}, body)

        server.route("/c/*", serve)
        lines = ['[topic]', 'name = "feedparser corpus"', 'terms = ["example", "feed"]', '',
                 '[settings]', 'host_delay = 0.0', 'retries = 0', 'timeout = 5.0',
                 'total_timeout = 10.0', '']
        for path in bodies:
            lines += ['[[source]]', f'name = {json.dumps(path[3:])}',
                      f'url = {json.dumps(server.base_url + path)}', 'kind = "rss"',
                      'language = "en"', '']
        sources = work / "sources.toml"
        sources.write_text("\n".join(lines), encoding="utf-8")
        db = work / "corpus.duckdb"
        db.unlink(missing_ok=True)
        t0 = time.monotonic()
        proc = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "newstally"), "run", "--sources", str(sources),
             "--db", str(db), "--allow-host", "127.0.0.1", "--json"],
            capture_output=True, text=True, env={"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180", **os.environ,
                 "NO_COLOR": "1"}, check=False)
        took = time.monotonic() - t0
        page_requests = [r for r in server.requests
                         if not r[1].startswith("/c/") and not r[1].startswith("/robots.txt")]

    (work / "run.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    chunks = (proc.stdout + proc.stderr).split("Traceback (most recent call last)")[1:]
    tracebacks = len(chunks)
    # Prefect's own server flushing its task-run recorder as the temporary server stops
    recorder = sum("task_run_recorder.py" in c[:3000] for c in chunks)
    if not db.exists():
        print(f"the run wrote no warehouse (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
              f"\n{proc.stdout[-1000:]}", file=sys.stderr)
        return 1
    con = duckdb.connect(str(db), read_only=True)
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT source, status, entries, error FROM feed_polls").fetchall()}
    skipped = Counter(r[0] for r in con.execute(
        "SELECT source FROM skipped_entries WHERE reason LIKE 'no http(s) link%'").fetchall())
    con.close()

    agree, disagree = 0, Counter()
    examples: dict[str, list[str]] = {}
    for path, body in bodies.items():
        name = path[3:]
        fp_status, fp_entries = feedparser_reading(body, content_type(body, args.mode),
                                                   server.base_url + path)
        status, entries, error = rows.get(name, ("missing", 0, None))
        ours = entries + skipped.get(name, 0)  # entries that are pages + those that are not
        if status == "ok" and fp_status == "ok" and ours >= fp_entries:
            agree += 1
            continue
        if status == "error" and fp_status == "error":
            agree += 1
            continue
        if status == "ok" and fp_status == "error":
            why = "read by newstally, refused by feedparser" + (
                " (JSON Feed: feedparser 6.0 has no JSON support)" if name.endswith(".json")
                else " (bytes re-read without the header's charset)")
        elif status == "error" and fp_status == "ok":
            why = "refused by newstally, read by feedparser: " + re.sub(
                r"feed '[^']*' \([^)]*\): ", "", (error or "")[:90])
        else:
            why = f"fewer entries than feedparser ({ours} < {fp_entries})"
        key = why.split(":")[0] if why.startswith("refused") else why
        disagree[key] += 1
        examples.setdefault(key, []).append(name)
    print(f"feeds: {len(bodies)} (served as {args.mode}), run took {took:.0f} s, "
          f"exit {proc.returncode}")
    print(f"agreeing with feedparser: {agree}")
    print(f"disagreeing: {sum(disagree.values())}")
    for why, n in disagree.most_common():
        print(f"  {n:5d}  {why}   e.g. {', '.join(examples[why][:3])}")
    print(f"tracebacks in the run's output: {tracebacks}, of which {recorder} from Prefect's "
          f"task_run_recorder as its temporary server stops (the output: {work / 'run.log'})")
    print(f"page requests: {len(page_requests)}")
    return 0 if tracebacks == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
