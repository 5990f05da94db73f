"""Body F1 and speed of trafilatura's options on the 181 benchmark pages, in one run.

Each variant is the call ``pipeline.extract.extract_article`` makes (``bare_extraction``,
comments and tables off, metadata on, on the decoded HTML) with one set of options
changed; the pipeline's options are picked from this table (F1 first, then speed).
Variants are timed in turns (``--rounds``), so a busy machine slows each alike.

Usage: ``.venv/bin/python bench/trafilatura_options.py [--pages N] [--rounds R] [--json]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from extraction_eval import f1  # noqa: E402
from throughput import DEFAULT, load_pages  # noqa: E402

BASE: dict[str, Any] = {"include_comments": False, "include_tables": False,
                        "with_metadata": True}
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "fast": {"fast": True},
    "favor_precision": {"favor_precision": True},
    "favor_recall": {"favor_recall": True},
    "fast + favor_precision": {"fast": True, "favor_precision": True},
    "fast + favor_recall": {"fast": True, "favor_recall": True},
    "include_tables": {"include_tables": True},
    "fast + include_tables": {"fast": True, "include_tables": True},
    "fast + favor_recall + include_tables": {"fast": True, "favor_recall": True,
                                             "include_tables": True},
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages")
    ap.add_argument("--rounds", type=int, default=2, help="timed passes of each variant")
    ap.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = ap.parse_args()
    if not (DEFAULT / "ground-truth.json").exists():
        print(f"benchmark not found at {DEFAULT}", file=sys.stderr)
        return 2
    import trafilatura

    from pipeline.models import Page
    from pipeline.net import decode_html

    pages = []
    for key, raw, truth in load_pages(DEFAULT, args.pages):
        page = Page(url=f"http://bench/{key}", final_url=f"http://bench/{key}", status=200,
                    fetched_at=None, content_type="text/html", body=raw,  # type: ignore[arg-type]
                    encoding=None)
        pages.append((page.url, decode_html(page), truth))
    times: dict[str, list[float]] = {v: [] for v in VARIANTS}
    scores: dict[str, float] = {}
    for _ in range(max(1, args.rounds)):
        for name, opts in VARIANTS.items():
            t0 = time.perf_counter()
            texts = []
            for url, html, _truth in pages:
                doc = trafilatura.bare_extraction(html, url=url, **{**BASE, **opts})
                texts.append((doc.text or "") if doc is not None else "")
            times[name].append(time.perf_counter() - t0)
            scores[name] = sum(f1(t, truth)[2] for t, (_u, _h, truth)
                               in zip(texts, pages, strict=True)) / len(pages)
    default_s = min(times["default"])
    print(f"\n{len(pages)} pages, trafilatura {trafilatura.__version__}, "
          f"best of {args.rounds} round(s)\n")
    print("| options | body F1 | seconds | pages/s | speed vs default |")
    print("|---|---|---|---|---|")
    for name in VARIANTS:
        s = min(times[name])
        print(f"| {name} | {scores[name]:.3f} | {s:.2f} | {len(pages) / s:.1f} | "
              f"{default_s / s:.2f}x |")
    if args.json:
        print(json.dumps({"f1": scores, "seconds": {k: min(v) for k, v in times.items()}},
                         indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
