"""How well pipeline.dedup tells copies from new reports, and how fast it is.

    .venv/bin/python bench/dedup_eval.py [--per-level N] [--size 100000] [--skip-speed]

1. Real groups: the labelled pairs of ``duplicates.json`` in the dev-eval folder
   (``<repo>/../shared/dev-eval``, or ``$NEWSTALLY_DEV_EVAL``), scored with their gold
   figures; skipped, with a note, when the folder is absent.
2. Generated set (bench/dedup_data.py): edited copies of our own texts and the seed at
   each edit level, versions with one count changed, and hard negatives (other reports of
   the same event, and copies of them). Precision and recall of "is a copy".
3. Speed and memory with 100k held signatures (random signatures: the scan does not
   depend on their content).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dedup_data import REPO, Base, Generator, borrowed_paragraph, load_bases, numbers
from pipeline import dedup
from pipeline.models import Figure


def fig(metric: str, value: int) -> Figure:
    return Figure(value, "exact", value, value, metric, None, None, None, None, "", 0, 0, "")


def proxy_figures(text: str) -> list[Figure]:
    """Stand-in for the figure extractor: every number written with digits is a figure.

    Stricter than the real extractor (dates count too), so no softer than real use.
    """
    return [fig("other", n) for n in sorted(numbers(text))]


def jaccard(a: dedup.Signature, b: dedup.Signature) -> float:
    va = np.frombuffer(a.hashvalues, "<u8")
    vb = np.frombuffer(b.hashvalues, "<u8")
    return float(np.mean(va == vb))


def true_containment(a: str, b: str) -> float:
    sa = dedup._shingles(dedup.normalise_text(a))
    sb = dedup._shingles(dedup.normalise_text(b))
    return len(sa & sb) / max(1, min(len(sa), len(sb)))


# -- 1. real groups ----------------------------------------------------------------


def dev_eval_dir() -> Path:
    env = os.environ.get("NEWSTALLY_DEV_EVAL")
    return Path(env) if env else REPO.parent / "shared" / "dev-eval"


def real_groups(folder: Path) -> None:
    print(f"== 1. Real groups ({folder / 'duplicates.json'})")
    if not (folder / "duplicates.json").is_file():
        print(f"   {folder} not found: skipped (set NEWSTALLY_DEV_EVAL to the dev-eval folder)\n")
        return
    arts = {}
    for p in sorted((folder / "articles").glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        arts[d["id"]] = d
    groups = json.loads((folder / "duplicates.json").read_text(encoding="utf-8"))
    label: dict[frozenset[str], str] = {}
    for g in groups["duplicate_groups"]:
        for a, b in itertools.combinations(g["members"], 2):
            label[frozenset((a, b))] = f"copy {g['group_id']}"
    for g in groups["rewrite_groups"]:
        for a, b in itertools.combinations(g["members"], 2):
            label.setdefault(frozenset((a, b)), f"rewrite {g['group_id']}")
    for g in groups["hard_negatives"]:
        for a, b in itertools.combinations(g["members"], 2):
            label.setdefault(frozenset((a, b)), f"negative {g['id']}")

    def order(x: str) -> tuple[str, str]:
        return (arts[x]["published"] or "9999", x)

    figs = {k: [fig(f["metric"], int(f["value"])) for f in d["figures"]] for k, d in arts.items()}
    sigs = {k: dedup.signature(d["text"], d["title"]) for k, d in arts.items()}
    print(
        "   Each pair: the earlier article held alone, the later one classified with its gold\n"
        "   figures. C = containment of 2-word shingles (true / MinHash estimate)."
    )
    print(f"   {'pair':9} {'label':13} {'C true':>6} {'C est':>6} {'title':>5}  decision")
    other = Counter()
    other_max = (0.0, "")
    for a, b in itertools.combinations(sorted(arts), 2):
        first, second = sorted((a, b), key=order)
        idx = dedup.DedupIndex()
        idx.add(
            1,
            sigs[first],
            story_id=1,
            text_sha256=dedup.text_sha256(arts[first]["text"]),
            figures=figs[first],
        )
        dec, sig = idx.classify(
            arts[second]["text"], title=arts[second]["title"], figures=figs[second]
        )
        est = float(idx.containments(sig)[0])
        lab = label.get(frozenset((a, b)))
        if lab is None:
            other[dec.relation] += 1
            if est > other_max[0]:
                other_max = (est, f"{first}/{second}")
            continue
        tc = true_containment(arts[first]["text"], arts[second]["text"])
        same_t = "same" if sigs[first].title_key == sigs[second].title_key else ""
        print(f"   {first}/{second:5} {lab:13} {tc:6.2f} {est:6.2f} {same_t:>5}  {dec.relation}")
    print(
        f"   other pairs (unlabelled, {sum(other.values())}): {dict(other)}; "
        f"highest estimate {other_max[0]:.2f} ({other_max[1]})"
    )
    # the pipeline's view: every article in date order against all before it
    idx = dedup.DedupIndex()
    stories: dict[str, int] = {}
    lines = []
    for n, k in enumerate(sorted(arts, key=order), start=1):
        d = arts[k]
        dec, sig = idx.classify(d["text"], title=d["title"], figures=figs[k])
        story = dec.story_id if dec.story_id is not None else n
        stories[k] = story
        idx.add(n, sig, story_id=story, text_sha256=dedup.text_sha256(d["text"]), figures=figs[k])
        if dec.relation != "original":
            by = next(
                x
                for x, i in zip(sorted(arts, key=order), itertools.count(1))
                if i == dec.matched_article_id
            )
            lines.append(f"{k} {dec.relation} of {by} (C={dec.score:.2f})")
    print(f"   Ingested in date order: {'; '.join(lines) or 'all originals'}")
    print()


# -- 2. generated set --------------------------------------------------------------


def ingest(bases: list[Base]) -> tuple[dedup.DedupIndex, dict[str, int], list[str]]:
    """Index the bases one by one as the pipeline would; returns base key -> story id."""
    idx = dedup.DedupIndex()
    story_of: dict[str, int] = {}
    notes = []
    for n, b in enumerate(bases, start=1):
        dec, sig = idx.classify(b.text, title=b.title, figures=proxy_figures(b.text))
        story = dec.story_id if dec.story_id is not None else n
        if dec.relation != "original":
            notes.append(f"{b.key}: {dec.relation} (C={dec.score})")
        story_of[b.key] = story
        idx.add(
            n,
            sig,
            story_id=story,
            text_sha256=dedup.text_sha256(b.text),
            figures=proxy_figures(b.text),
        )
    return idx, story_of, notes


BINS = (
    (0.0, 0.05),
    (0.05, 0.10),
    (0.10, 0.15),
    (0.15, 0.20),
    (0.20, 0.25),
    (0.25, 0.30),
    (0.30, 0.40),
    (0.40, 0.50),
    (0.50, 1.01),
)


def _bin(x: float) -> tuple[float, float]:
    return next(b for b in BINS if b[0] <= x < b[1])


def generated(per_level: int) -> dict[str, object]:
    bases = load_bases()
    gen = Generator(bases)
    print(f"== 2. Generated set: {len(bases)} base texts (seed + tests/fixtures/dedup)")
    full, story_of, notes = ingest(bases)
    print(f"   bases ingested in order: {'; '.join(notes) or 'all originals'}")
    position = {k: i for i, k in enumerate(story_of)}
    stories = {b.story for b in bases}
    # hard-negative indexes: everything but the base's own story
    without = {s: ingest([b for b in bases if b.story != s])[0] for s in stories}
    print(
        "   Copies: another outlet's headline, credit line and boilerplate (often), lead\n"
        "   rewritten (60%), last paragraphs cut (up to half), then words changed in runs of\n"
        "   1-3 (scattered) or 4-12 (clustered). Binned by the share of body words actually\n"
        "   changed (word diff to the kept original). Each copy is also a hard negative:\n"
        "   checked against every other base report but its own."
    )
    results: dict[str, list[dict[str, object]]] = {}
    worst_neg = 0.0
    low_copy = 1.0
    js: list[float] = []
    for style in ("scattered", "clustered"):
        cells: dict[tuple[float, float], Counter[str]] = defaultdict(Counter)
        conts: dict[tuple[float, float], list[float]] = defaultdict(list)
        for level in (0.0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.45, 0.55):
            for b in bases:
                for _ in range(per_level):
                    d = gen.copy(b, level, style)
                    figs = proxy_figures(d.text)
                    dec, sig = full.classify(d.text, title=d.title, figures=figs)
                    target = story_of[b.key]
                    cell = cells[_bin(d.changed)]
                    cont = float(full.containments(sig)[position[b.key]])
                    conts[_bin(d.changed)].append(cont)
                    if d.changed < 0.30:
                        low_copy = min(low_copy, cont)
                        js.append(jaccard(sig, dedup.signature(b.text)))
                    cell["n"] += 1
                    if dec.relation == "copy" and dec.story_id == target:
                        cell["tp"] += 1
                    elif dec.relation == "copy":
                        cell["wrong"] += 1
                    elif dec.relation == "version" and dec.story_id == target:
                        cell["version"] += 1
                    else:
                        cell["missed"] += 1
                    neg = without[b.story]
                    ndec, nsig = neg.classify(d.text, title=d.title, figures=figs)
                    worst_neg = max(worst_neg, float(neg.containments(nsig).max()))
                    if ndec.relation == "copy":
                        cell["neg_merged"] += 1
                    elif ndec.relation == "version":
                        cell["neg_linked"] += 1
        print(f"   -- {style} edits")
        print(
            f"   {'changed':>9} {'copies':>6} {'caught':>6} {'version':>7} {'missed':>6} "
            f"{'recall':>6} | {'neg merged':>10} {'linked':>6} {'precision':>9} | "
            "C est min/med"
        )
        rows = []
        for lo_hi in BINS:
            c = cells.get(lo_hi)
            if not c:
                continue
            merged = c["wrong"] + c["neg_merged"]
            precision = c["tp"] / (c["tp"] + merged) if c["tp"] + merged else 1.0
            recall = c["tp"] / c["n"]
            cs = conts[lo_hi]
            rows.append({"changed": lo_hi, **c, "precision": precision, "recall": recall})
            print(
                f"   {lo_hi[0]:>4.0%}-{lo_hi[1]:<4.0%} {c['n']:>6} {c['tp']:>6} {c['version']:>7} "
                f"{c['missed'] + c['wrong']:>6} {recall:>6.1%} | {c['neg_merged']:>10} "
                f"{c['neg_linked']:>6} {precision:>9.1%} | {min(cs):.2f}/{statistics.median(cs):.2f}"
            )
        results[style] = rows
    print(
        f"   highest containment of a hard negative against any held text: {worst_neg:.2f}; "
        f"lowest of a copy with <30% changed: {low_copy:.2f}"
    )
    pair_c = [
        (true_containment(a.text, b.text), a.key, b.key)
        for a, b in itertools.combinations(bases, 2)
        if a.story != b.story
    ]
    top = max(pair_c)
    print(f"   most similar pair of distinct base reports: C={top[0]:.2f} ({top[1]} / {top[2]})")
    bc: Counter[str] = Counter()
    worst_b = 0.0
    for a, b in itertools.permutations(bases, 2):
        if a.story == b.story or a.language != b.language:
            continue
        d = borrowed_paragraph(a, b, gen.rng)
        neg = without[b.story]
        dec, sig = neg.classify(d.text, title=d.title, figures=proxy_figures(d.text))
        worst_b = max(
            worst_b,
            float(neg.containments(sig)[position[a.key] - (position[a.key] > position[b.key])]),
        )
        bc[dec.relation] += 1
    print(
        f"   a report with one paragraph borrowed from another report ({sum(bc.values())} pairs): "
        f"{dict(bc)}; highest containment {worst_b:.2f} (expected: no copy)"
    )
    vc: Counter[str] = Counter()
    for b in bases:
        for _ in range(4):
            v = gen.version(b)
            if v is None:
                continue
            dec, _sig = full.classify(v.text, title=v.title, figures=proxy_figures(v.text))
            ok = dec.relation == "version" and dec.story_id == story_of[b.key]
            vc["version" if ok else dec.relation] += 1
    print(f"   versions (one count changed, <=10% words): {dict(vc)} (expected: all version)")
    ja = np.array(js)
    for bands, rows_ in ((64, 2), (32, 4), (16, 8)):
        p = 1 - (1 - ja**rows_) ** bands
        print(
            f"   LSH banding {bands}x{rows_} would find {p.mean():.1%} of the copies with <30% "
            f"changed on average (worst copy {p.min():.1%}; their Jaccard min {ja.min():.2f})"
        )
    print()
    return {"styles": results, "versions": dict(vc)}


# -- 3. speed and memory -----------------------------------------------------------


def speed(size: int) -> None:
    print(f"== 3. Speed and memory at {size:,} held signatures")
    rng = np.random.default_rng(3)
    seed_text = load_bases()[0].text
    t0 = time.perf_counter()
    for _ in range(200):
        dedup.signature(seed_text)
    print(f"   signature of the seed article: {(time.perf_counter() - t0) / 200 * 1e3:.2f} ms")
    values = rng.integers(0, 2**32, size=(size, dedup.PERMUTATIONS), dtype=np.uint64)
    rows = [
        (
            i + 1,
            dedup.SCHEME,
            values[i].astype("<u8").tobytes(),
            f"title {i}",
            300,
            None,
            f"{i:064x}",
        )
        for i in range(size)
    ]
    rows[0] = (1, "minhash-v0:w3:p64:seed9", b"\0" * 512, None, 300, None, "0" * 64)
    t0 = time.perf_counter()
    idx = dedup.DedupIndex.from_rows(rows)
    build = time.perf_counter() - t0
    del idx
    tracemalloc.start()
    idx = dedup.DedupIndex.from_rows(rows)
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"   rebuild from {size:,} rows: {build:.2f} s; index memory {current / 2**20:.0f} MiB "
        f"(signature matrix {idx._sig.nbytes / 2**20:.0f} MiB; row strings are the caller's); "
        f"stale rows {idx.stale_ids}"
    )
    times = []
    for _ in range(30):
        t0 = time.perf_counter()
        idx.classify(seed_text, title="Venezuela frees prisoners after the election")
        times.append(time.perf_counter() - t0)
    print(
        f"   check one article against {len(idx):,}: median {statistics.median(times) * 1e3:.1f} ms, "
        f"max {max(times) * 1e3:.1f} ms (signature included)"
    )
    sig = dedup.signature(seed_text)
    t0 = time.perf_counter()
    for i in range(1000):
        idx.add(size + 10 + i, sig, story_id=size + 10 + i, text_sha256=f"x{i}")
    print(f"   add: {(time.perf_counter() - t0):.3f} ms per article (1000 adds)")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--per-level", type=int, default=8, help="copies per base per edit level")
    ap.add_argument("--size", type=int, default=100_000, help="held signatures for the speed run")
    ap.add_argument("--skip-speed", action="store_true")
    args = ap.parse_args()
    print(
        f"pipeline.dedup {dedup.SCHEME}: containment >= {dedup.CONTAINMENT_THRESHOLD} "
        f"(>= {dedup.TITLE_CONTAINMENT_THRESHOLD} with the same title key)\n"
    )
    real_groups(dev_eval_dir())
    generated(args.per_level)
    if not args.skip_speed:
        speed(args.size)


if __name__ == "__main__":
    main()
