"""Extraction quality and page throughput on 181 real news pages.

Workload: ``../shared/bench/article-extraction-benchmark`` (Scrapinghub's benchmark, MIT):
gzip HTML pages with their ground-truth article bodies. Measured in one run, so the
ratios hold on a noisy machine:

- body F1 (word tokens, as the benchmark's authors score it) of newstally's extraction
  (``pipeline.extract.extract_article``: comments off, metadata on) and of bare
  ``trafilatura.extract`` with its defaults;
- pages per second of each, and of the per-page work the ingest flow does after the
  fetch (decode, extract, relevance, figures, dedup signature), with the ratio of each
  to bare trafilatura.

Usage: ``.venv/bin/python bench/extraction_eval.py [--limit N] [--json]``
(``NEWSTALLY_EXTRACTION_BENCH`` overrides the benchmark's path).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT.parent / "shared" / "bench" / "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def f1(predicted: str, truth: str) -> tuple[float, float, float]:
    """Precision, recall, F1 of word tokens (multiset overlap)."""
    p, t = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(truth.lower()))
    if not p or not t:
        return (0.0, 0.0, 0.0) if p or t else (1.0, 1.0, 1.0)
    common = sum((p & t).values())
    if common == 0:
        return 0.0, 0.0, 0.0
    prec, rec = common / sum(p.values()), common / sum(t.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    root = Path(os.environ.get("NEWSTALLY_EXTRACTION_BENCH", DEFAULT))
    if not (root / "ground-truth.json").exists():
        print(f"benchmark not found at {root}: it lives in ../shared/bench/ beside the repo "
              "(set NEWSTALLY_EXTRACTION_BENCH to its path)", file=sys.stderr)
        return 2

    import trafilatura

    from pipeline import dedup
    from pipeline.extract import extract_article
    from pipeline.figures import extract_figures
    from pipeline.relevance import score_relevance

    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[: args.limit]:
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, raw.decode("utf-8", errors="replace"), truth[key]))
    mb = sum(len(h.encode()) for _, h, _ in pages) / 1e6

    def bare(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url) or ""

    def ours(html: str, url: str) -> str:
        ex = extract_article(html, url=url)
        return ex.text if ex else ""

    def whole(html: str, url: str) -> str:
        """What one fetched page costs the flow after the fetch."""
        ex = extract_article(html, url=url)
        if ex is None:
            return ""
        score_relevance(ex.text, terms=("Venezuela", "Maduro"), title=ex.title)
        extract_figures(ex.text, language=ex.language)
        dedup.signature(ex.text, ex.title)
        return ex.text

    results = {}
    for name, fn in (("bare trafilatura", bare), ("newstally extract", ours),
                     ("newstally per-page work", whole)):
        scores = []
        t0 = time.perf_counter()
        outs = [fn(html, gt.get("url", "")) for _, html, gt in pages]
        elapsed = time.perf_counter() - t0
        for out, (_, _, gt) in zip(outs, pages, strict=True):
            scores.append(f1(out, gt.get("articleBody", "")))
        n = len(scores)
        results[name] = {
            "precision": round(sum(s[0] for s in scores) / n, 4),
            "recall": round(sum(s[1] for s in scores) / n, 4),
            "f1": round(sum(s[2] for s in scores) / n, 4),
            "seconds": round(elapsed, 3),
            "pages_per_s": round(n / elapsed, 1),
            "mb_per_s": round(mb / elapsed, 2),
        }
    base = results["bare trafilatura"]["seconds"]
    for r in results.values():
        r["time_ratio_vs_bare"] = round(r["seconds"] / base, 2)
    report = {"pages": len(pages), "html_mb": round(mb, 1), "results": results}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{len(pages)} pages, {mb:.1f} MB of HTML (one run; ratios are what to compare)")
    print(f"{'':26} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>8} {'MB/s':>6} {'time ×bare':>10}")
    for name, r in results.items():
        print(f"{name:26} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
              f"{r['pages_per_s']:8.1f} {r['mb_per_s']:6.2f} {r['time_ratio_vs_bare']:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
