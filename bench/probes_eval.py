"""Score the extractor on the fresh probe set of h15 (own sentences, labelled before any run).

    .venv/bin/python bench/probes_eval.py            # table per class and language
    .venv/bin/python bench/probes_eval.py --misses   # every sentence whose figures differ
    .venv/bin/python bench/probes_eval.py --json
    .venv/bin/python bench/probes_eval.py --set 2   # the second set, written after the fixes
    .venv/bin/python bench/probes_eval.py --set 3   # the third set (h20), every figure with source and qualifier
    .venv/bin/python bench/probes_eval.py --set 4   # the fourth (h20), written after the fixes of set 3

Reads ``tests/fixtures/figures_probes_{en,es}.json`` and ``figures_probes_paragraphs.json``
(no dev-set text, so it runs on a clone). Scoring follows ``bench/figures_eval.py``: a
predicted figure matches a labelled one when value and metric are equal (each used once;
``other`` not scored); qualifier accuracy is over the matches whose qualifier the probe
labels (``qualifiers``); attribution accuracy over the matches of probes that label a
source, with the lenient ``attribution_match`` of ``figures_eval``; paragraphs add the
claim status (``headline`` / ``part``) of each match.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from figures_eval import attribution_match  # noqa: E402

from pipeline.figures import extract_figures  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"


def _f1(c: Counter[str]) -> float:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _match(got: list[tuple[int, str]], want: list[tuple[int, str]]) -> list[tuple[int, int]]:
    pairs, free = [], list(range(len(got)))
    for wi, w in enumerate(want):
        for gi in free:
            if got[gi] == w:
                pairs.append((gi, wi))
                free.remove(gi)
                break
    return pairs


def evaluate(name: str = "figures_probes") -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {}
    misses: list[dict[str, Any]] = []
    for lang in ("en", "es"):
        for case in json.loads((FIXTURES / f"{name}_{lang}.json").read_text(encoding="utf-8")):
            figs = [f for f in extract_figures(case["text"], language=lang) if f.metric != "other"]
            want = [x for x in case["figures"] if x[1] != "other"]
            pairs = _match([(f.value, f.metric) for f in figs], [(x[0], x[1]) for x in want])
            for key in (f"{lang}/{case['class']}", f"{lang}/all", "all/all"):
                c = counts.setdefault(key, Counter())
                c["tp"] += len(pairs)
                c["fp"] += len(figs) - len(pairs)
                c["fn"] += len(want) - len(pairs)
                c["cases"] += 1
                quals = dict((v, q) for v, q in case.get("qualifiers", []))
                bad = False
                for gi, wi in pairs:
                    if want[wi][0] in quals:
                        c["q_n"] += 1
                        ok = figs[gi].qualifier == quals[want[wi][0]]
                        c["q_ok"] += ok
                        bad |= not ok
                    if len(want[wi]) == 3:
                        c["a_n"] += 1
                        ok = attribution_match(figs[gi].attributed_to, want[wi][2])
                        c["a_ok"] += ok
                        bad |= not ok
                bad |= len(pairs) != len(want) or len(pairs) != len(figs)
                c["pass"] += not bad
            if bad:
                misses.append({"lang": lang, "class": case["class"], "text": case["text"], "want": want,
                               "got": [(f.value, f.metric, f.qualifier, f.attributed_to) for f in figs]})
    para = Counter[str]()
    para_file = FIXTURES / f"{name}_paragraphs.json"
    for case in json.loads(para_file.read_text(encoding="utf-8")) if para_file.is_file() else []:
        figs = [f for f in extract_figures(case["text"], language=case["language"], published=case["published"])
                if f.metric != "other"]
        want = case["figures"]
        pairs = _match([(f.value, f.metric) for f in figs], [(x[0], x[1]) for x in want])
        para["tp"] += len(pairs)
        para["fp"] += len(figs) - len(pairs)
        para["fn"] += len(want) - len(pairs)
        status_ok = sum(figs[g].claim_status == want[w][2] for g, w in pairs)
        para["s_ok"] += status_ok
        if len(pairs) != len(want) or len(pairs) != len(figs) or status_ok != len(pairs):
            misses.append({"lang": case["language"], "class": "paragraph", "text": case["text"], "want": want,
                           "got": [(f.value, f.metric, f.claim_status) for f in figs]})
    rows = {k: {"cases": c["cases"], "pass": c["pass"], "f1": round(_f1(c), 3),
                "tp": c["tp"], "fp": c["fp"], "fn": c["fn"],
                "qualifier": f"{c['q_ok']}/{c['q_n']}", "attribution": f"{c['a_ok']}/{c['a_n']}"}
            for k, c in sorted(counts.items())}
    rows["paragraphs"] = {"f1": round(_f1(para), 3), "tp": para["tp"], "fp": para["fp"], "fn": para["fn"],
                          "status": f"{para['s_ok']}/{para['tp']}"}
    return {"scores": rows, "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--set", default="1", choices=("1", "2", "3", "4"),
                    help="1: the first probe set; 2: the second; 3: the third; 4: the fourth (h20, after its fixes)")
    args = ap.parse_args()
    res = evaluate("figures_probes" if args.set == "1" else f"figures_probes{args.set}")
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return
    print(f"{'lang/class':24} {'cases':>5} {'pass':>5} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'qual':>7} {'attr':>7}")
    for k, r in res["scores"].items():
        if k == "paragraphs":
            print(f"{k:24} {'':>5} {'':>5} {r['f1']:6.3f} {r['tp']:4} {r['fp']:4} {r['fn']:4} status {r['status']}")
        else:
            print(f"{k:24} {r['cases']:5} {r['pass']:5} {r['f1']:6.3f} {r['tp']:4} {r['fp']:4} {r['fn']:4} "
                  f"{r['qualifier']:>7} {r['attribution']:>7}")
    if args.misses:
        for m in res["misses"]:
            print(f"\n[{m['lang']} {m['class']}] {m['text']}\n  want {m['want']}\n  got  {m['got']}")


if __name__ == "__main__":
    main()
