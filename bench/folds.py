"""Folds of the dev set for cross-validation, split by article.

    .venv/bin/python bench/folds.py            # list the folds
    .venv/bin/python bench/folds.py --json     # {article_id: fold}

Articles that belong together stay in one fold: the members of a duplicate group, a
rewrite group or a hard-negative group, and the two articles of every labelled pair in
``pairs.json``. These are joined with union-find into components. The components are then
dealt into ``K`` folds, the largest first, each to the fold with the fewest articles so
far (ties go to the fold with fewer articles of the component's main language, then to
the lowest fold number). The result is the same on every run, and it depends only on the
dev set's files.

How to use the folds (issue 10's rule): develop on some folds, score the others *before*
reading their errors, and report the held-out folds' scores beside the total. The
benchmarks ``figures_eval.py --folds`` and ``contradictions_eval.py --folds`` print one
row per fold.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

K = 4


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def components(root: Path) -> list[list[str]]:
    """Groups of article ids that must stay in one fold, each sorted, largest first."""
    ids = sorted(p.stem for p in (root / "articles").glob("*.json"))
    parent = {i: i for i in ids}
    groups: list[list[str]] = []
    dup_path = root / "duplicates.json"
    if dup_path.exists():
        dup = json.loads(dup_path.read_text(encoding="utf-8"))
        for key in ("duplicate_groups", "rewrite_groups", "hard_negatives"):
            groups += [list(g.get("members", [])) for g in dup.get(key, [])]
    pairs_path = root / "pairs.json"
    if pairs_path.exists():
        groups += [[p["a"]["article"], p["b"]["article"]] for p in json.loads(pairs_path.read_text(encoding="utf-8"))]
    for members in groups:
        members = [m for m in members if m in parent]
        for other in members[1:]:
            _union(parent, members[0], other)
    comps: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        comps[_find(parent, i)].append(i)
    return sorted((sorted(c) for c in comps.values()), key=lambda c: (-len(c), c[0]))


def assign(root: Path, k: int = K) -> dict[str, int]:
    """``{article_id: fold}`` with folds numbered 0..k-1."""
    lang: dict[str, str] = {}
    for p in (root / "articles").glob("*.json"):
        lang[p.stem] = json.loads(p.read_text(encoding="utf-8")).get("language", "en")
    sizes = [0] * k
    by_lang: list[dict[str, int]] = [defaultdict(int) for _ in range(k)]
    fold_of: dict[str, int] = {}
    for comp in components(root):
        main = max(("en", "es"), key=lambda lg: sum(lang.get(i) == lg for i in comp))
        f = min(range(k), key=lambda j: (sizes[j], by_lang[j][main], j))
        for i in comp:
            fold_of[i] = f
            by_lang[f][lang.get(i, "en")] += 1
        sizes[f] += len(comp)
    return fold_of


def folds(root: Path, k: int = K) -> list[list[str]]:
    """The article ids of each fold."""
    out: list[list[str]] = [[] for _ in range(k)]
    for i, f in sorted(assign(root, k).items()):
        out[f].append(i)
    return out


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from figures_eval import dev_eval_dir

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-k", type=int, default=K)
    args = ap.parse_args(argv)
    root = dev_eval_dir()
    if not (root / "articles").is_dir():
        print(f"dev set not found at {root} (set NEWSTALLY_DEV_EVAL)", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(assign(root, args.k), sort_keys=True))
        return 0
    info: dict[str, Any] = {}
    for p in (root / "articles").glob("*.json"):
        info[p.stem] = json.loads(p.read_text(encoding="utf-8")).get("language")
    for n, members in enumerate(folds(root, args.k)):
        en = sum(info[m] == "en" for m in members)
        print(f"fold {n}: {len(members)} articles ({en} en, {len(members) - en} es): {' '.join(members)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
