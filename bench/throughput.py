"""Throughput of `newstally run` against a bare trafilatura loop, measured in one run.

Workload: the 181 real pages of ``../shared/bench/article-extraction-benchmark`` (gzip
HTML + ground-truth bodies), served behind one RSS feed by a loopback HTTP server
(``newstally.replay.ReplayServer``, in a process of its own), host delay 0, every page admitted (no pre-filter,
relevance threshold 0). The ingest flow runs through Prefect: against a Prefect server
this script starts once (``prefect server start``, not timed, the way a deployment runs
against a long-lived server), or ``--api URL`` for one already running, or
``--temporary-server`` for Prefect's own temporary server (what a bare `newstally run`
does).

In the same process it measures:

- **bare**: a single-process loop of ``trafilatura.extract(with_metadata=True)`` over the
  same bytes, timed again just before each run;
- **run**: wall time of the flow on an empty warehouse, pages/s, ratio run/bare (the bare
  loop timed just before that run, so both see the same machine load), the
  time of each stage (from the run summary), peak RSS of this process and of each worker;
- **body F1** (word tokens, multiset, as ``bench/extraction_eval.py``) of the stored
  article bodies against the ground truth, and of the bare loop;
- **unchanged re-run**: page requests the second run makes (0 expected) and its time;
- ``--baseline``: the same run with ``workers=1`` (extraction in the fetch threads), on
  its own empty warehouse, for the before/after ratio.

Usage: ``.venv/bin/python bench/throughput.py [--pages N] [--workers N] [--baseline]
[--api URL | --temporary-server] [--json]``
(``NEWSTALLY_EXTRACTION_BENCH`` overrides the benchmark's path).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, ClassVar
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from extraction_eval import f1  # noqa: E402

#: ../shared/bench/… beside the repository, or beside a parent folder (a git worktree)
DEFAULT = next((d / "shared" / "bench" / "article-extraction-benchmark"
                for d in ROOT.parents
                if (d / "shared" / "bench" / "article-extraction-benchmark").is_dir()),
               ROOT.parent / "shared" / "bench" / "article-extraction-benchmark")
SOURCE = "bench"


def load_pages(root: Path, limit: int | None) -> list[tuple[str, bytes, str]]:
    """(id, html bytes, ground-truth body) of the benchmark's pages, sorted by id."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(truth)[:limit]:
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        out.append((key, raw, truth[key].get("articleBody") or ""))
    return out


def write_site(site: Path, pages: list[tuple[str, bytes, str]]) -> Path:
    """The pages under /pages/, one RSS feed listing them all, a sources file; returns it."""
    (site / "pages").mkdir(parents=True)
    now = datetime.now(UTC)
    items = []
    for i, (key, raw, _truth) in enumerate(pages):
        (site / "pages" / f"{key}.html").write_bytes(raw)
        when = format_datetime(now - timedelta(minutes=i), usegmt=True)
        items.append(
            f"<item><title>Benchmark page {i + 1}</title>"
            f"<link>{{{{BASE}}}}/pages/{key}.html</link><guid>{key}</guid>"
            f"<pubDate>{when}</pubDate><description>{escape(key)}</description></item>")
    (site / "feeds").mkdir()
    (site / "feeds" / "bench.rss").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Extraction benchmark</title><link>{{BASE}}/</link>"
        "<description>181 real news pages</description>" + "".join(items)
        + "</channel></rss>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    sources = site / "sources.toml"
    sources.write_text(
        '[topic]\nname = "benchmark"\nterms = ["the"]\n\n'
        f'[[source]]\nname = "{SOURCE}"\nurl = "{{{{BASE}}}}/feeds/bench.rss"\n'
        'kind = "rss"\nlanguage = "en"\nprefilter = false\n', encoding="utf-8")
    return sources


def bare_loop(pages: list[tuple[str, bytes, str]]) -> tuple[float, dict[str, str]]:
    import trafilatura

    t0 = time.perf_counter()
    texts = {key: trafilatura.extract(raw, with_metadata=True) or "" for key, raw, _ in pages}
    return time.perf_counter() - t0, texts


def per_page_work(pages: list[tuple[str, bytes, str]], workers: int) -> tuple[float, float]:
    """Seconds of the flow's per-page work (``process_page``: gzip, decode, extract,
    relevance, figures) over the pages, in this thread and in a pool of ``workers``
    (started beforehand), without fetching: how much the processes alone gain."""
    from pipeline import process
    from pipeline.models import Page

    def items() -> list[tuple[Any, Page]]:
        out = []
        for key, raw, _ in pages:
            url = f"http://bench.invalid/pages/{key}.html"
            out.append((process.Processed(source=SOURCE, entry_url=url, canonical_url=url,
                                          outcome="error"),
                        Page(url=url, final_url=url, status=200, fetched_at=datetime.now(UTC),
                             content_type="text/html", body=raw, encoding=None)))
        return out

    todo = items()
    t0 = time.perf_counter()
    for p, page in todo:
        process.process_page(p, page, topic_terms=("the",), threshold=0.0)
    inline = time.perf_counter() - t0
    pool = process.worker_pool(workers)
    if pool is None:
        return inline, inline
    process.warm_workers(workers)
    for f in [pool.submit(time.sleep, 0.2) for _ in range(workers)]:
        f.result()
    todo = items()
    t0 = time.perf_counter()
    for f in [pool.submit(process.process_page, p, page, topic_terms=("the",), threshold=0.0)
              for p, page in todo]:
        f.result()
    pooled = time.perf_counter() - t0
    process.shutdown_workers()
    return inline, pooled


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`prefect server start` on a free loopback port with its own PREFECT_HOME."""
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    log = (home / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("prefect")), "server", "start",
         "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"prefect server exited early; see {home / 'server.log'}")
        try:
            with urllib.request.urlopen(api + "/health", timeout=2) as r:
                if r.status == 200:
                    return proc, api
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"prefect server did not answer on {api} within 180 s")


class SiteProcess:
    """The ReplayServer of ``site`` in a process of its own, the way a real site is remote:
    its serving (and gzip) costs the flow's process nothing. Page requests are counted
    there and read over a pipe."""

    def __init__(self, site: Path) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve_site, args=(str(site), child), daemon=True)
        self._proc.start()
        self.base_url: str = self._conn.recv()

    def clear_requests(self) -> None:
        self._conn.send("clear")
        self._conn.recv()

    def page_requests(self) -> int:
        self._conn.send("count")
        return int(self._conn.recv())

    def close(self) -> None:
        self._conn.send("stop")
        self._proc.join(timeout=30)


def _serve_site(site: str, conn: Any) -> None:
    sys.path.insert(0, str(ROOT))
    from newstally import replay

    class Site(replay.ReplayServer):
        """The replay server as a web server serves static pages: gzip done once per
        page (``gzip_static``), not on every request at level 9 in the machine's cores
        the run is measured on."""

        gzipped: ClassVar[dict[str, replay.Reply]] = {}

        def static(self, path: str, headers: dict[str, str]) -> replay.Reply:
            plain = not (headers.get("if-none-match") or headers.get("if-modified-since"))
            if not (plain and "gzip" in headers.get("accept-encoding", "")):
                return super().static(path, headers)
            if path not in self.gzipped:
                self.gzipped[path] = super().static(path, headers)
            return self.gzipped[path]

    # headers and body leave in separate writes: without TCP_NODELAY (which web servers
    # set) the body's last segment waits out the client's delayed ACK, 40 ms a page
    replay._Handler.disable_nagle_algorithm = True
    with Site(Path(site)) as server:
        for page in sorted((Path(site) / "pages").iterdir()):
            server.static(f"/pages/{page.name}", {"accept-encoding": "gzip"})
        conn.send(server.base_url)
        while True:
            cmd = conn.recv()
            if cmd == "clear":
                server.clear_requests()
                conn.send("ok")
            elif cmd == "count":
                conn.send(sum(1 for _m, path, _h in server.requests
                              if path.startswith("/pages/")))
            else:
                return


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a live process has used so far (0 when unknown)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def vm_hwm(pid: int) -> int:
    """Peak resident set of a live process, in KiB (0 when unknown)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def one_run(server: Any, sources: Path, db: Path, workers: int) -> tuple[float, dict[str, Any],
                                                                       int]:
    from flows.ingest import ingest  # imported before main() starts its clocks

    server.clear_requests()
    t0 = time.perf_counter()
    summary = ingest(sources=str(sources), db=str(db), allow_hosts=["127.0.0.1"],
                     base_url=server.base_url,
                     overrides={"host_delay": 0.0, "relevance_threshold": 0.0, "retries": 0,
                                "max_entries_per_feed": 100_000, "workers": workers})
    wall = time.perf_counter() - t0
    page_requests = server.page_requests()
    return wall, summary, page_requests


def stored_f1(db: Path, pages: list[tuple[str, bytes, str]], base: str) -> float:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = dict(con.execute("SELECT url, text FROM articles WHERE source = ?",
                                [SOURCE]).fetchall())
    finally:
        con.close()
    scores = [f1(rows.get(f"{base}/pages/{key}.html") or "", truth)[2]
              for key, _raw, truth in pages]
    return sum(scores) / len(scores)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages")
    ap.add_argument("--workers", type=int, default=None,
                    help="NEWSTALLY_WORKERS for the run (default: the setting's default)")
    ap.add_argument("--baseline", action="store_true",
                    help="also run with workers=1 (extraction in the fetch threads)")
    ap.add_argument("--api", default=None, help="a running Prefect server's API URL")
    ap.add_argument("--temporary-server", action="store_true",
                    help="let Prefect start its temporary server (as a bare `newstally run`)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = ap.parse_args()
    root = Path(os.environ.get("NEWSTALLY_EXTRACTION_BENCH", DEFAULT))
    if not (root / "ground-truth.json").exists():
        print(f"benchmark not found at {root}: it lives in ../shared/bench/ beside the repo "
              "(set NEWSTALLY_EXTRACTION_BENCH to its path)", file=sys.stderr)
        return 2
    pages = load_pages(root, args.pages)
    tmp = Path(tempfile.mkdtemp(prefix="newstally-throughput-"))
    sources = write_site(tmp / "site", pages)
    server_proc = None
    if args.api:
        os.environ["PREFECT_API_URL"] = args.api
        prefect_mode = f"running server {args.api}"
    elif args.temporary_server:
        os.environ.pop("PREFECT_API_URL", None)
        prefect_mode = "Prefect's temporary server (started by the run)"
    else:
        (tmp / "prefect").mkdir()
        t_srv = time.perf_counter()
        server_proc, api = start_server(tmp / "prefect")
        os.environ["PREFECT_API_URL"] = api
        prefect_mode = (f"prefect server start on {api} "
                        f"(started in {time.perf_counter() - t_srv:.1f} s, not timed)")
    os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"

    import flows.ingest  # noqa: F401 - Prefect's import is not part of a run's time
    from pipeline import process
    from pipeline.settings import resolve

    workers = args.workers if args.workers is not None else resolve()["workers"]
    server = SiteProcess(tmp / "site")
    try:
        bare1, bare_texts = bare_loop(pages)
        results: dict[str, Any] = {}
        runs = [("workers=1 (baseline)", 1)] if args.baseline else []
        runs.append((f"workers={workers}", workers))
        for label, n in runs:
            db = tmp / f"w{n}.duckdb"
            c0 = time.process_time()
            beside, _ = bare_loop(pages)  # the baseline of this run, just before it
            bare_cpu = time.process_time() - c0
            c0 = time.process_time()
            wall, summary, reqs = one_run(server, sources, db, n)
            run_cpu = time.process_time() - c0
            worker_pids = [pid for pool in process._POOLS.values()
                           for pid in pool._processes]  # type: ignore[attr-defined]
            worker_kib = [vm_hwm(pid) for pid in worker_pids]
            worker_cpu = sum(cpu_s(pid) for pid in worker_pids)
            re_wall, re_summary, re_reqs = one_run(server, sources, db, n)
            results[label] = {
                "workers": n, "wall_s": wall, "bare_s": beside, "summary": summary,
                "page_requests": reqs,
                "f1": stored_f1(db, pages, server.base_url),
                "worker_peak_rss_mib": [round(k / 1024) for k in worker_kib],
                "bare_cpu_s": bare_cpu, "run_cpu_s": run_cpu, "worker_cpu_s": worker_cpu,
                "rerun_wall_s": re_wall, "rerun_flow_s": re_summary["duration_s"],
                "rerun_page_requests": re_reqs, "rerun_stages_s": re_summary.get("stages_s"),
            }
            process.shutdown_workers()
    finally:
        server.close()
        if server_proc is not None:
            server_proc.terminate()
            server_proc.wait(timeout=30)
    bare = bare1
    inline_s, pooled_s = per_page_work(pages, max(2, workers))
    bare_f1 = sum(f1(bare_texts[k], t)[2] for k, _r, t in pages) / len(pages)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(pages)

    print(f"\n{n} pages, {os.cpu_count()} core(s); Prefect: {prefect_mode}")
    print(f"bare trafilatura.extract(with_metadata=True) loop: {bare:.2f} s "
          f"(first pass), {n / bare:.1f} pages/s, "
          f"body F1 {bare_f1:.3f}\n")
    head = ("run", "wall s", "flow body s", "pages/s", "bare s", "ratio", "body F1", "articles", "page req",
            "re-run s", "re-run flow s", "re-run page req", "worker peak MiB")
    rows = []
    for label, r in results.items():
        t = r["summary"]["totals"]
        rows.append((label, f"{r['wall_s']:.2f}", f"{r['summary']['duration_s']:.2f}",
                     f"{n / r['wall_s']:.1f}",
                     f"{r['bare_s']:.2f}", f"{r['wall_s'] / r['bare_s']:.2f}", f"{r['f1']:.3f}",
                     str(t["new_articles"] + t["duplicates"]), str(r["page_requests"]),
                     f"{r['rerun_wall_s']:.2f}", f"{r['rerun_flow_s']:.2f}",
                     str(r["rerun_page_requests"]),
                     "/".join(map(str, r["worker_peak_rss_mib"])) or "-"))
    _table(head, rows)
    print("\nCPU seconds (less sensitive to a shared machine's load than wall time): the bare "
          "loop's, the run's in this process (flow, fetching, Prefect) and in its workers")
    _table(("run", "bare CPU s", "run CPU s (flow)", "run CPU s (workers)", "CPU ratio"),
           [(label, f"{r['bare_cpu_s']:.2f}", f"{r['run_cpu_s']:.2f}",
             f"{r['worker_cpu_s']:.2f}",
             f"{(r['run_cpu_s'] + r['worker_cpu_s']) / r['bare_cpu_s']:.2f}")
            for label, r in results.items()])
    print(f"\nper-page work without fetching (gzip, decode, extract, relevance, figures): "
          f"{inline_s:.2f} s in one thread, {pooled_s:.2f} s in {max(2, workers)} worker "
          f"processes ({inline_s / pooled_s:.2f}x)")
    print(f"\npeak RSS of this process (server thread, flow, bare loop): {peak_mib:.0f} MiB")
    print("\ntime per stage, seconds (run on an empty warehouse | unchanged re-run):")
    stage_names = list(next(iter(results.values()))["summary"].get("stages_s", {}))
    srows = []
    for label, r in results.items():
        first, again = r["summary"].get("stages_s", {}), r["rerun_stages_s"] or {}
        srows.append((label, *(f"{first.get(s, 0):.2f} | {again.get(s, 0):.2f}"
                               for s in stage_names)))
    _table(("run", *stage_names), srows)
    print("\nCPU seconds per stage, run on an empty warehouse (this process | its workers and "
          "fork server; stages_cpu_s of the run summary):")
    crows = []
    for label, r in results.items():
        cpu = r["summary"].get("stages_cpu_s", {})
        crows.append((label, *(f"{cpu.get(s, [0, 0])[0]:.2f} | {cpu.get(s, [0, 0])[1]:.2f}"
                               for s in stage_names)))
    _table(("run", *stage_names), crows)
    if args.json:
        print(json.dumps({"pages": n, "bare_s": bare, "bare_f1": bare_f1, "prefect": prefect_mode,
                          "peak_rss_mib": peak_mib, "per_page_inline_s": inline_s,
                          "per_page_pool_s": pooled_s, "runs": results}, default=str, indent=2))
    return 0


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")


if __name__ == "__main__":
    sys.exit(main())
