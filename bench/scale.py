"""Cost of a run against a large warehouse (issue 12): reads by key, not the history.

    .venv/bin/python bench/scale.py [--articles 100000] [--figures-per-article 10]
                                    [--new 50] [--pages 10000] [--workdir DIR]
                                    [--density synthetic|realistic]

1. Builds a synthetic warehouse (Arrow inserts): ``--articles`` articles with MinHash
   signatures and their bands, ``--figures-per-article`` figures each. Signature values
   are random but for a share drawn from a small pool per permutation (what common
   two-word shingles do to articles of one topic), so band look-ups meet chance hits.
   Figure values are drawn from 1-500 per claim (``synthetic``: a new toll conflicts
   with hundreds of held values) or from six values (``realistic``: a toll repeated as
   it grew, so a new figure meets a few sides of the story's disagreements).
2. Read phase: what the run before issue 12 read at start (every held URL, signature and
   figure, as rows) against what a run reads now (``read_state``, then by key for the
   entries at hand: ``held_urls``, ``dedup_rows``, ``held_claim_figures``: the figures of
   the claim groups of their figures). Time and RSS growth.
3. A run over ``--new`` new pages served on 127.0.0.1 (fetch, extract, figures, read for
   dedup, assemble, load), on the big warehouse and on an empty one, three times each:
   the fastest, and the first (a run's own process, as ``newstally run`` is: nothing of
   the warehouse cached from a run before).
4. Peak RSS of a run over ``--pages`` pages (in a child process) on the big warehouse.

The pages are written here (our own sentences); no Prefect: the flow's tasks call the
same functions, and Prefect's own cost is measured by bench/throughput.py.
"""

from __future__ import annotations

import argparse
import http.server
import random
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import dedup
from pipeline.models import Entry
from pipeline.net import Fetcher
from pipeline.process import assemble, fetch_and_process, figure_claim_group
from warehouse.claim_groups import backfill as backfill_claim_keys
from warehouse.db import reader, writer
from warehouse.load import LoadBatch, load_batch
from warehouse.read import dedup_rows, held_claim_figures, held_urls, read_state

METRICS = ("killed", "injured", "arrested", "released", "detained", "other", "other", "other")
#: what the synthetic figures count: ten claims per metric (subgroups, stated starts), so
#: a claim group holds about a tenth of its metric's figures
COUNTED = ("Officials counted {v} people.", "Officials counted {v} police officers.",
           "Officials counted {v} minors.", "Officials counted {v} women.",
           "Officials counted {v} men.", "Officials counted {v} journalists.",
           "Officials counted {v} foreigners.", "Officials counted {v} civilians.",
           "Since 2014 officials counted {v} people.",
           "Officials counted {v} soldiers since 2019.")


def rss_mib(pid: int | str = "self", field: str = "VmRSS") -> float:
    """``field`` of ``/proc/<pid>/status`` in MiB (0 if the process is gone): ``VmRSS``
    now, ``VmHWM`` the peak of this process's own memory. Not ``ru_maxrss``: a child
    started by ``subprocess`` carries its parent's peak in it (Linux keeps the larger
    across exec), so a child's ``ru_maxrss`` is at least the parent's."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def peak_rss_mib() -> float:
    """This process's peak RSS (``VmHWM``), in MiB."""
    return rss_mib(field="VmHWM")


#: ``--density realistic``: the held figures of a claim repeat a few values (a toll
#: reported again and again as it grew), not one of 500 each
REALISTIC_VALUES = np.array([14, 17, 21, 26, 31, 38])


def build(db: Path, n: int, per: int, realistic: bool = False) -> float:
    t0 = time.perf_counter()
    rng = np.random.default_rng(12)
    p = dedup.PERMUTATIONS
    pool = rng.integers(0, 2**32, size=(p, 24), dtype=np.uint64)
    chunk = 20_000
    start = datetime(2022, 1, 1, tzinfo=UTC)
    with writer(db) as conn:
        fid = 1
        for s in range(0, n, chunk):
            m = min(chunk, n - s)
            ids = np.arange(s + 1, s + m + 1, dtype=np.int64)
            vals = rng.integers(0, 2**32, size=(m, p), dtype=np.uint64)
            common = rng.random((m, p)) < 0.012
            pick = pool[np.arange(p)[None, :].repeat(m, 0), rng.integers(0, 24, size=(m, p))]
            vals = np.where(common, pick, vals)
            urls = [f"https://outlet{i % 97}.example.net/news/{i}" for i in ids]
            when = [start + timedelta(minutes=int(i)) for i in ids]
            texts = [f"Synthetic report {i} on the council budget and the harbour works."
                     for i in ids]
            arts = pa.table({
                "id": ids, "url": urls, "canonical_url": urls,
                "source": [f"feed{i % 7}" for i in ids], "title": [f"Report {i}" for i in ids],
                "published_at": when, "fetched_at": when, "language": ["en"] * m,
                "text": texts, "text_sha256": [f"{i:064x}" for i in ids],
                "is_seed": [False] * m, "story_id": ids, "extractor_version": ["bench"] * m,
            })
            conn.register("_a", arts)
            conn.execute("INSERT INTO articles (id, url, canonical_url, source, title, "
                         "published_at, fetched_at, language, text, text_sha256, is_seed, "
                         "story_id, extractor_version) SELECT * FROM _a")
            conn.unregister("_a")
            blobs = [row.astype("<u8").tobytes() for row in vals]
            sigs = pa.table({"article_id": ids, "scheme": [dedup.SCHEME] * m,
                             "signature": pa.array(blobs, pa.binary()),
                             "title_key": [f"report {i}" for i in ids],
                             "n_shingles": np.full(m, 300, dtype=np.int32),
                             "banded": [True] * m})
            conn.register("_s", sigs)
            conn.execute("INSERT INTO article_signatures (article_id, scheme, signature, "
                         "title_key, n_shingles, banded) SELECT * FROM _s")
            conn.unregister("_s")
            bands = pa.table({"band": np.tile(np.arange(p, dtype=np.uint16), m),
                              "hash": vals.astype(np.uint32).ravel(),
                              "article_id": np.repeat(ids, p)})
            conn.register("_b", bands)
            conn.execute("INSERT INTO article_bands SELECT band, hash, article_id FROM _b")
            conn.unregister("_b")
            k = m * per
            fids = np.arange(fid, fid + k, dtype=np.int64)
            fid += k
            values = (rng.choice(REALISTIC_VALUES, size=k) if realistic
                      else rng.integers(1, 500, size=k))
            metrics = [METRICS[j] for j in rng.integers(0, len(METRICS), size=k)]
            figs = pa.table({
                "id": fids, "article_id": np.repeat(ids, per), "metric": metrics,
                "value": values, "qualifier": ["exact"] * k, "low": values,
                "sentence": [COUNTED[j].format(v=v) for v, j in
                             zip(values, rng.integers(0, len(COUNTED), size=k), strict=True)],
                "span": [str(v) for v in values], "span_start": np.zeros(k, dtype=np.int32),
                "span_end": np.zeros(k, dtype=np.int32), "extractor_version": ["bench"] * k,
                "created_at": [start] * k,
            })
            conn.register("_f", figs)
            conn.execute("INSERT INTO figures (id, article_id, metric, value, qualifier, low, "
                         "sentence, span, span_start, span_end, extractor_version, created_at) "
                         "SELECT * FROM _f")
            conn.unregister("_f")
        conn.execute(f"SELECT setval('article_id_seq', {n + 1})")
        conn.execute(f"SELECT setval('figure_id_seq', {fid + 1})")
        conn.execute("CHECKPOINT")
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    with writer(db) as conn:  # what the first run after the upgrade to 007 / 009 does
        backfill_claim_keys(conn)
        conn.execute("CHECKPOINT")
    print(f"claim keys, classes and dates of {fid - 1:,} stored figures computed in "
          f"{time.perf_counter() - t0:.1f} s (once, on upgrade)")
    return built


def read_everything(conn: Any) -> int:
    """What ``read_state`` read before issue 12 (same queries, kept here to compare)."""
    urls = {r[0] for r in conn.execute(
        "SELECT canonical_url FROM articles UNION SELECT canonical_url FROM pages").fetchall()}
    urls |= {r[0] for r in conn.execute(
        "SELECT url FROM articles WHERE NOT is_seed UNION SELECT url FROM pages").fetchall()}
    sigs = conn.execute(
        "SELECT s.article_id, s.scheme, s.signature, s.title_key, s.n_shingles, a.story_id, "
        "a.text_sha256 FROM article_signatures s JOIN articles a ON a.id = s.article_id "
        "ORDER BY s.article_id").fetchall()
    keys: dict[int, set[tuple[str, int]]] = {}
    for aid, metric, value in conn.execute(
            "SELECT article_id, metric, value FROM figures").fetchall():
        keys.setdefault(int(aid), set()).add((metric, int(value)))
    cur = conn.execute(
        "SELECT f.id, f.article_id, a.story_id, a.duplicate_of, a.source, a.publisher, a.url, "
        "a.title, a.published_at, a.is_seed, f.metric, f.value, f.qualifier, f.low, f.high, "
        "f.unit, f.attributed_to, f.as_of, f.period, f.sentence, f.span, f.content_sha256, "
        "coalesce(f.claim_status, 'headline'), f.claim_reasons FROM figures f "
        "JOIN articles a ON a.id = f.article_id ORDER BY f.id")
    cols = [d[0] for d in cur.description]
    figs = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    index = dedup.DedupIndex.from_rows(sigs, keys)
    return len(urls) + len(index) + len(figs)


# -- pages on loopback -----------------------------------------------------------------

TOWNS = ("Arenal", "Brisa", "Colina", "Duna", "Estero", "Fragua", "Granja", "Huerta")


def page_html(i: int) -> bytes:
    rng = random.Random(i)
    town = rng.choice(TOWNS)
    paras = [
        f"Residents of {town} gathered on Tuesday after the storm that crossed the valley "
        f"overnight, and volunteers carried water and blankets to the school hall {i}.",
        f"Officials said {rng.randint(3, 40)} people were killed and {rng.randint(10, 90)} "
        f"were injured when the river broke its banks near the old mill.",
        f"Police arrested {rng.randint(2, 30)} people accused of looting shops on the main "
        "square, according to a statement read by the mayor in the evening.",
        "Engineers inspected the bridge and the northern road, which stayed closed to "
        f"traffic while crews cleared mud and fallen trees from report number {i}.",
        "Farmers said their orchards and greenhouses were badly damaged, and the regional "
        "council promised an emergency fund before the end of the month.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<html><head><title>Storm in {town}: report {i}</title></head><body><article>"
            f"<h1>Storm in {town}: report {i}</h1>{body}</article></body></html>").encode()


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        tail = self.path.rsplit("/", 1)[-1]
        if not tail.isdigit():  # robots.txt: none
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        i = int(tail)
        data = page_html(i)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


def run_pages(db: Path, base: str, first: int, count: int,
              reads_only: bool = False) -> dict[str, float]:
    """One run's work over ``count`` new pages; time per phase (s)."""
    t0 = time.perf_counter()
    entries = [Entry(source="bench", url=f"{base}/p/{i}", canonical_url=f"{base}/p/{i}",
                     title=f"Storm report {i}", summary=None, published=None, guid=None,
                     language="en") for i in range(first, first + count)]
    with writer(db) as conn:  # as read_warehouse: nothing to backfill in steady state
        backfill_claim_keys(conn)
    with reader(db) as conn:
        st = read_state(conn, signature_scheme=dedup.SCHEME)
        held = held_urls(conn, [e.url for e in entries])
    t_read = time.perf_counter() - t0
    out: list[Any] = []
    with Fetcher(user_agent="newstally-bench", allow_hosts=("127.0.0.1",), host_delay=0.0) as f:
        for k in range(0, len(entries), 200):
            out.extend(fetch_and_process(entries[k:k + 200], f, topic_terms=["storm"],
                                         threshold=0.0, held=held.__contains__,
                                         concurrency=8))
    t_fetch = time.perf_counter() - t0 - t_read
    index = dedup.DedupIndex()
    arts = [p for p in out if p.outcome == "article" and p.extracted is not None]
    sigs = [index.presign(p.extracted.text, p.extracted.title or p.feed_title) for p in arts]
    t1 = time.perf_counter()
    with reader(db) as conn:
        rows, story_figs = dedup_rows(conn, sigs, [p.text_sha256 or dedup.text_sha256(
            p.extracted.text) for p in arts])  # the worker's hash, as the flow passes it
        figs, keys = held_claim_figures(
            conn, {figure_claim_group(f) for p in arts for f in p.figures})
    built = dedup.DedupIndex.from_rows(rows, story_figures=story_figs)
    built._presigned = index._presigned
    t_dedup_read = time.perf_counter() - t1
    if reads_only:
        return {"read": t_read, "dedup+figure reads": t_dedup_read,
                "held figures": float(len(figs)), "candidates": float(len(rows))}
    asm = assemble(out, index=built, held_figures=figs, held_keys=keys)
    t_asm = time.perf_counter() - t1 - t_dedup_read
    peak_asm = peak_rss_mib()
    with writer(db) as conn:
        load_batch(conn, LoadBatch(pages=asm.pages, articles=asm.articles,
                                   signatures=asm.signatures, figures=asm.figures,
                                   alerts=asm.alerts))
    total = time.perf_counter() - t0
    del st
    return {"total": total, "read": t_read, "fetch+extract": t_fetch,
            "dedup+figure reads": t_dedup_read, "assemble": t_asm,
            "load": total - t_read - t_fetch - t_dedup_read - t_asm,
            "held figures": float(len(figs)), "candidates": float(len(rows)),
            "articles": float(len(asm.articles)), "alert rows": float(len(asm.alerts)),
            "peak RSS after assemble (MiB)": peak_asm}


def serve() -> tuple[http.server.ThreadingHTTPServer, str]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def child(db: str, pages: int) -> None:
    srv, base = serve()
    r = run_pages(Path(db), base, 10_000_000, pages)
    srv.shutdown()
    peak = peak_rss_mib()  # before it exits: the child's own peak
    print(f"{peak:.0f} {r['total']:.1f} {r['articles']:.0f}")
    print(", ".join(f"{k} {v:.2f}" for k, v in r.items()), file=sys.stderr)


def _table(rows: list[tuple[str, str, str]]) -> None:
    w = max(len(r[0]) for r in rows)
    print(f"{'measure':{w}}  {'before (full read)':>20}  after (by key)")
    for a, b, c in rows:
        print(f"{a:{w}}  {b:>20}  {c}")


def _phases(runs: dict[str, dict[str, float]], first: dict[str, dict[str, float]]) -> None:
    for name, r in runs.items():
        print(f"\nphases of the fastest run over the new pages, {name} warehouse (s): "
              + ", ".join(f"{k} {v:.2f}" for k, v in r.items()))
    for name, r in first.items():  # a run's own process: nothing cached from a run before
        print(f"phases of the first run, {name} warehouse (s): "
              + ", ".join(f"{k} {v:.2f}" for k, v in r.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--figures-per-article", type=int, default=10)
    ap.add_argument("--new", type=int, default=50)
    ap.add_argument("--pages", type=int, default=10_000,
                    help="pages of the peak-RSS run (0: no such run)")
    ap.add_argument("--workdir", default="/tmp/newstally-scale")
    ap.add_argument("--density", choices=("synthetic", "realistic"), default="synthetic",
                    help="realistic: each claim's held figures repeat a few values, so a new "
                         "figure conflicts with a few sides, not hundreds")
    ap.add_argument("--read-only", action="store_true",
                    help="measure the build and the read phase only (1. and 2.)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    work = Path(args.workdir)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    big = work / "big.duckdb"
    built = build(big, args.articles, args.figures_per_article, args.density == "realistic")
    size = big.stat().st_size / 2**20
    print(f"synthetic warehouse ({args.density} density): {args.articles:,} articles, "
          f"{args.articles * args.figures_per_article:,} figures, built in {built:.1f} s, "
          f"{size:.0f} MiB\n")
    # 2. read phase
    srv, base = serve()
    rows: list[tuple[str, str, str]] = []
    r0 = rss_mib()
    t0 = time.perf_counter()
    with reader(big) as conn:
        read_everything(conn)
    before_t, before_m = time.perf_counter() - t0, rss_mib() - r0
    probe = work / "probe.duckdb"
    shutil.copy(big, probe)
    r0 = rss_mib()
    t0 = time.perf_counter()
    phases = run_pages(probe, base, 0, args.new, reads_only=True)
    after_m = rss_mib() - r0
    reads = phases["read"] + phases["dedup+figure reads"]
    rows.append(("read phase (s)", f"{before_t:.2f}", f"{reads:.2f}  (target <= 1)"))
    rows.append(("RSS growth of the read (MiB)", f"{before_m:+.0f}",
                 f"{after_m:+.0f}  (fetching {args.new} pages included)"))
    rows.append(("rows read for dedup / figures", f"{args.articles:,} / "
                 f"{args.articles * args.figures_per_article:,}",
                 f"{phases['candidates']:.0f} / {phases['held figures']:.0f}"))
    if args.read_only:
        _table(rows)
        return
    # 3. 50 new pages, big vs empty warehouse
    empty = work / "empty.duckdb"
    with writer(empty):
        pass
    runs, first = {}, {}
    for name, db in (("empty", empty), ("big", big)):
        times = [run_pages(db, base, 1000 * (k + 1), args.new) for k in range(3)]
        runs[name] = min(times, key=lambda r: r["total"])
        first[name] = times[0]
    ratio = runs["big"]["total"] / runs["empty"]["total"]
    rows.append((f"run over {args.new} new pages (s)", f"empty {runs['empty']['total']:.2f}",
                 f"{args.articles:,} articles {runs['big']['total']:.2f}  (+{(ratio - 1) * 100:.0f} %, target <= +20 %)"))
    ratio = first["big"]["total"] / first["empty"]["total"]
    rows.append(("  first of the three runs (s)", f"empty {first['empty']['total']:.2f}",
                 f"{args.articles:,} articles {first['big']['total']:.2f}  (+{(ratio - 1) * 100:.0f} %)"))
    srv.shutdown()
    if args.pages <= 0:
        _table(rows)
        _phases(runs, first)
        return
    # 4. peak RSS of a --pages run, in a child process
    _table(rows)
    _phases(runs, first)
    print(flush=True)
    out_file, err_file = work / "child.out", work / "child.err"
    with out_file.open("w") as o, err_file.open("w") as e:  # files: no pipe to fill
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(big), str(args.pages)],
                                stdout=o, stderr=e)
        sampled = 0.0  # the child's RSS as ps sees it, every 0.2 s: a check on its VmHWM
        while proc.poll() is None:
            sampled = max(sampled, rss_mib(proc.pid))
            time.sleep(0.2)
    stdout, stderr = out_file.read_text(), err_file.read_text()
    if proc.returncode != 0:
        sys.exit(f"scale.py: the {args.pages:,}-page child run failed ({proc.returncode}):\n{stderr}")
    out = stdout.split()
    print(f"phases of the {args.pages:,}-page run: {stderr.strip().splitlines()[-1]}")
    rows.append((f"peak RSS, run over {args.pages:,} pages", "",
                 f"{float(out[0]):.0f} MiB (child's VmHWM; largest VmRSS sampled {sampled:.0f}) "
                 f"in {float(out[1]):.0f} s, {out[2]} articles (target <= 1024)"))
    _table(rows[-1:])



if __name__ == "__main__":
    main()
