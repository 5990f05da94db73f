"""Score ``pipeline.figures.extract_figures`` against the gold figures of the dev set.

    .venv/bin/python bench/figures_eval.py               # readable report
    .venv/bin/python bench/figures_eval.py --json        # machine-readable
    .venv/bin/python bench/figures_eval.py --misses      # list every miss and false positive
    .venv/bin/python bench/figures_eval.py --write-baseline   # update bench/baselines/figures.json
    .venv/bin/python bench/figures_eval.py --folds       # scores per fold of bench/folds.py
    .venv/bin/python bench/figures_eval.py --misses --only-folds 0,2   # errors of folds 0 and 2 only

The dev set is read from ``$NEWSTALLY_DEV_EVAL`` or ``<repo>/../shared/dev-eval``
(``articles/*.json``, schema in its README). Scoring, per the README's convention:

* a predicted figure matches a gold one when ``value`` and ``metric`` are equal, each
  gold figure used at most once (a prediction whose span overlaps the gold span is
  paired first, so that "104" and "at least 104" in one text pair with the right one);
* figures with metric ``other`` are not scored, on either side: a gold ``other`` is not
  a miss and a predicted ``other`` is not a false positive;
* precision, recall and F1 per language;
* qualifier accuracy: share of matches whose qualifier equals the gold one;
* attribution accuracy: share of matches whose source agrees with the gold one, leniently
  (``attribution_match``): both empty; or, after folding case and accents and dropping
  articles and possessives, every word of the prediction appears in one of the gold
  names or every word of a gold name appears in the prediction. A gold value is split
  into names at parentheses, commas, "and"/"y"/"via", so "Foro Penal (Alfredo Romero)"
  accepts "the NGO Foro Penal", "Romero" and "Alfredo Romero, director of Foro Penal";
  words are compared on their first 6 letters ("Venezuela's" ~ "Venezuelan").

Speed is measured over all dev texts (figures per second, MB of text per second).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.figures import EXTRACTOR_VERSION, extract_figures  # noqa: E402
from pipeline.models import Figure  # noqa: E402
from pipeline.numbers import fold  # noqa: E402

BASELINE = REPO / "bench" / "baselines" / "figures.json"
SCORE_KEYS = ("precision", "recall", "f1")
_STOP = frozenset(("the", "a", "an", "of", "el", "la", "los", "las", "lo", "de", "del", "al", "s",
                   "its", "his", "her", "su", "sus", "and", "y"))


def dev_eval_dir() -> Path:
    """Where the dev set lives: ``$NEWSTALLY_DEV_EVAL`` or ``<repo>/../shared/dev-eval``."""
    env = os.environ.get("NEWSTALLY_DEV_EVAL")
    return Path(env) if env else REPO.parent / "shared" / "dev-eval"


def load_articles(root: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "articles").glob("*.json"))]


def _stems(name: str) -> set[str]:
    words = re.findall(r"[^\W\d_]+", fold(name).replace("’", "'"))
    return {w[:6] for w in words if w not in _STOP and len(w) > 1}


def attribution_match(predicted: str | None, gold: str | None) -> bool:
    """Lenient source agreement (see the module docstring)."""
    if not predicted or not gold:
        return not predicted and not gold
    pred = _stems(predicted)
    if not pred:
        return False
    names = [n for n in re.split(r"[(),]|\band\b|\by\b|\bvia\b", gold) if n.strip()]
    for name in names:
        g = _stems(name)
        if g and (pred <= g or g <= pred):
            return True
    return False


def _published(article: dict[str, Any]) -> str | None:
    p = article.get("published")
    return p if isinstance(p, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", p) else None


def _match(preds: list[Figure], golds: list[dict[str, Any]]) -> list[tuple[Figure, dict[str, Any]]]:
    pairs: list[tuple[Figure, dict[str, Any]]] = []
    free_p = list(range(len(preds)))
    free_g = list(range(len(golds)))
    for overlap_only in (True, False):
        for gi in list(free_g):
            g = golds[gi]
            for pi in free_p:
                p = preds[pi]
                if p.value != g["value"] or p.metric != g["metric"]:
                    continue
                if overlap_only and not (p.start < g["span_char_end"] and g["span_char_start"] < p.end):
                    continue
                pairs.append((p, g))
                free_p.remove(pi)
                free_g.remove(gi)
                break
    return pairs


def evaluate(root: Path, *, repeat: int = 3, only: set[str] | None = None) -> dict[str, Any]:
    """Score every article, or only the articles whose id is in ``only``."""
    articles = [a for a in load_articles(root) if only is None or a["id"] in only]
    per_lang: dict[str, dict[str, int]] = {}
    qual_ok = attr_ok = matched = 0
    misses: list[dict[str, Any]] = []
    for a in articles:
        lang = a["language"]
        preds = [f for f in extract_figures(a["text"], language=lang, published=_published(a))
                 if f.metric != "other"]
        golds = [g for g in a["figures"] if g["metric"] != "other"]
        pairs = _match(preds, golds)
        c = per_lang.setdefault(lang, {"tp": 0, "fp": 0, "fn": 0})
        c["tp"] += len(pairs)
        c["fp"] += len(preds) - len(pairs)
        c["fn"] += len(golds) - len(pairs)
        for p, g in pairs:
            matched += 1
            qual_ok += p.qualifier == g["qualifier"]
            attr_ok += attribution_match(p.attributed_to, g["attributed_to"])
            if p.qualifier != g["qualifier"] or not attribution_match(p.attributed_to, g["attributed_to"]):
                misses.append({"id": a["id"], "kind": "mismatch", "value": p.value, "metric": p.metric,
                               "qualifier": [p.qualifier, g["qualifier"]],
                               "attributed_to": [p.attributed_to, g["attributed_to"]]})
        used_p = {id(p) for p, _ in pairs}
        used_g = {id(g) for _, g in pairs}
        for p in preds:
            if id(p) not in used_p:
                misses.append({"id": a["id"], "kind": "false_positive", "value": p.value,
                               "metric": p.metric, "sentence": p.sentence[:160]})
        for g in golds:
            if id(g) not in used_g:
                misses.append({"id": a["id"], "kind": "missed", "value": g["value"],
                               "metric": g["metric"], "sentence": g["sentence"][:160]})
    scores: dict[str, Any] = {"extractor_version": EXTRACTOR_VERSION, "articles": len(articles)}
    for lang, c in sorted(per_lang.items()):
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        scores[lang] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), **c}
    scores["qualifier_accuracy"] = round(qual_ok / matched, 4) if matched else 0.0
    scores["attribution_accuracy"] = round(attr_ok / matched, 4) if matched else 0.0
    scores["matches"] = matched
    # speed
    texts = [a["text"] for a in articles]
    langs = [a["language"] for a in articles]
    n_fig = 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for t, lg in zip(texts, langs, strict=True):
            n_fig += len(extract_figures(t, language=lg))
    dt = max(time.perf_counter() - t0, 1e-9)
    mb = sum(len(t.encode("utf-8")) for t in texts) * repeat / 1e6
    scores["speed"] = {"figures_per_s": round(n_fig / dt, 1), "mb_per_s": round(mb / dt, 3),
                       "seconds": round(dt, 3)}
    scores["misses"] = misses
    return scores


def fold_scores(root: Path) -> list[dict[str, Any]]:
    """One score dict per fold of ``bench/folds.py`` (speed is not measured)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from folds import folds

    return [evaluate(root, repeat=0, only=set(members)) for members in folds(root)]


def _fold_report(per_fold: list[dict[str, Any]]) -> str:
    lines = [f"{'fold':<6}{'lang':<6}{'P':>8}{'R':>8}{'F1':>8}{'tp':>5}{'fp':>5}{'fn':>5}{'qual':>8}{'attr':>8}"]
    for n, s in enumerate(per_fold):
        tp = sum(s[lg]["tp"] for lg in ("en", "es") if lg in s)
        fp = sum(s[lg]["fp"] for lg in ("en", "es") if lg in s)
        fn = sum(s[lg]["fn"] for lg in ("en", "es") if lg in s)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        for lg in ("en", "es"):
            if lg in s:
                c = s[lg]
                lines.append(f"{n:<6}{lg:<6}{c['precision']:>8.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}"
                             f"{c['tp']:>5}{c['fp']:>5}{c['fn']:>5}")
        lines.append(f"{n:<6}{'all':<6}{p:>8.3f}{r:>8.3f}{f1:>8.3f}{tp:>5}{fp:>5}{fn:>5}"
                     f"{s['qualifier_accuracy']:>8.3f}{s['attribution_accuracy']:>8.3f}")
    return "\n".join(lines)


def gated(scores: dict[str, Any]) -> dict[str, float]:
    """The numbers the gate test holds: P/R/F1 per language, qualifier and attribution accuracy."""
    out: dict[str, float] = {}
    for lang in ("en", "es"):
        for k in SCORE_KEYS:
            out[f"{lang}.{k}"] = float(scores[lang][k])
    out["qualifier_accuracy"] = float(scores["qualifier_accuracy"])
    out["attribution_accuracy"] = float(scores["attribution_accuracy"])
    return out


def _report(scores: dict[str, Any], show_misses: bool) -> str:
    lines = [f"figures eval — extractor {scores['extractor_version']}, {scores['articles']} articles", ""]
    lines.append(f"{'lang':<6}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for lang in ("en", "es"):
        s = scores.get(lang)
        if s:
            lines.append(f"{lang:<6}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
                         f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    lines.append("")
    lines.append(f"qualifier accuracy   {scores['qualifier_accuracy']:.3f}  (over {scores['matches']} matches)")
    lines.append(f"attribution accuracy {scores['attribution_accuracy']:.3f}")
    sp = scores["speed"]
    lines.append(f"speed                {sp['figures_per_s']:.0f} figures/s, {sp['mb_per_s']:.2f} MB/s")
    if show_misses:
        lines.append("")
        for m in scores["misses"]:
            lines.append(json.dumps(m, ensure_ascii=False))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--misses", action="store_true", help="list misses, false positives and mismatches")
    ap.add_argument("--write-baseline", action="store_true", help=f"write the gated scores to {BASELINE}")
    ap.add_argument("--folds", action="store_true", help="print P/R/F1, qualifier and attribution per fold")
    ap.add_argument("--only-folds", metavar="0,2", help="score (and list misses of) these folds only")
    args = ap.parse_args(argv)
    root = dev_eval_dir()
    if not (root / "articles").is_dir():
        print(f"figures eval: no dev set at {root}/articles; set NEWSTALLY_DEV_EVAL or clone "
              "../shared next to the repo", file=sys.stderr)
        return 2
    if args.folds:
        print(_fold_report(fold_scores(root)))
        return 0
    only: set[str] | None = None
    if args.only_folds:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from folds import folds

        try:
            wanted = {int(x) for x in args.only_folds.split(",") if x.strip()}
        except ValueError:
            print(f"figures eval: --only-folds takes fold numbers like 0,2, not {args.only_folds!r}",
                  file=sys.stderr)
            return 2
        all_folds = folds(root)
        only = {i for n in sorted(wanted) if 0 <= n < len(all_folds) for i in all_folds[n]}
        if args.write_baseline:
            print("figures eval: --write-baseline needs the full set, not --only-folds", file=sys.stderr)
            return 2
    scores = evaluate(root, only=only)
    if args.json:
        out = {k: v for k, v in scores.items() if args.misses or k != "misses"}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(_report(scores, args.misses))
    if args.write_baseline:
        BASELINE.parent.mkdir(parents=True, exist_ok=True)
        data = {"extractor_version": scores["extractor_version"], "scores": gated(scores),
                "speed_at_write": scores["speed"]}
        BASELINE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
