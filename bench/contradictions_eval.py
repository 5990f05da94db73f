"""Replay the dev-eval articles through dedup and the contradiction rules; score the alerts.

    python bench/contradictions_eval.py            # figures from pipeline.figures
    python bench/contradictions_eval.py --gold     # the hand-made gold figures instead
    python bench/contradictions_eval.py --quiet    # scores only, no alert messages
    python bench/contradictions_eval.py --check    # exit 1 below the targets
    python bench/contradictions_eval.py --folds    # one replay per fold (bench/folds.py)

Targets: precision >= 0.95 and recall >= 0.9 of contradiction alerts (``TARGETS``).

What it does, in the order the pipeline would:

1. The seed corpus first (``seeds/corpus/*.txt``: title line, date line, body;
   publisher and date from ``seeds/corpus/manifest.toml`` when present, else ANI and
   2024-12-13). Its figures are the first observations. In ``--gold`` mode the seed's
   figures are the ones written out in ``SEED_GOLD`` below (the dev set has no gold for
   it); otherwise they come from the extractor like every other text.
2. Then every dev-eval article, oldest first by its ``published`` date; a month-only date
   (``2024-07``) counts as the first of that month; articles without a date go last, in
   id order, with ``published_at`` None: their figures have no reference date unless they
   carry an ``as_of`` (the rules then compare them only where order does not matter).
3. Each article goes through ``pipeline.dedup`` (copies store no figures; versions share
   the story id) and then ``find_alerts`` against everything held so far.

``--folds`` replays each fold of ``bench/folds.py`` on its own (the seed, then the fold's
articles; labelled pairs never cross folds) and prints one row per fold: contradict pairs
pushed, alerts raised, pushed, held for review, pushed on agree/update pairs and pushed on
no labelled pair.

Scoring. An alert is mapped to a pair of ``pairs.json`` when its two figures are the
pair's two figures, by (article, value, metric). Precision = contradiction alerts on
``contradict`` pairs / contradiction alerts on any labelled pair; recall = ``contradict``
pairs with a contradiction alert / ``contradict`` pairs. ``agree`` and ``update`` pairs
must raise nothing (any alert on them is listed). Alerts on no labelled pair are counted
and printed for a human to read.

The dev set is read from ``<repo>/../shared/dev-eval`` (override with
``NEWSTALLY_DEV_EVAL``); the benchmark says so and exits 2 when it is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import contradictions, dedup  # noqa: E402
from pipeline.contradictions import AlertCandidate, HeldFigure  # noqa: E402
from pipeline.models import Figure  # noqa: E402

#: Figures of the seed text, for --gold runs (the seed is the project's own corpus).
#: (span as written, value, qualifier, metric, unit, attributed_to, as_of)
SEED_GOLD: list[tuple[str, int, str, str, str, str | None, str | None]] = [
    ("103", 103, "exact", "released", "people", "Venezuelan government", None),
    ("225", 225, "exact", "released", "prisoners", "attorney general's office", "2024-11-26"),
    ("At least 28", 28, "at_least", "killed", "people", None, None),
    ("nearly 200", 200, "nearly", "injured", "people", None, None),
    ("about 2,000", 2000, "about", "arrested", "people", "government", None),
]


#: (precision, recall) floors for --check.
TARGETS = (0.95, 0.90)


@dataclass
class Article:
    id: str
    url: str
    title: str
    publisher: str
    published: datetime | None
    language: str
    text: str
    gold: list[dict[str, Any]]
    is_seed: bool = False


def dev_eval_dir() -> Path:
    env = os.environ.get("NEWSTALLY_DEV_EVAL")
    return Path(env) if env else REPO.parent / "shared" / "dev-eval"


def parse_date(s: str | None) -> datetime | None:
    if not s:
        return None
    parts = [int(p) for p in s.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return datetime(parts[0], parts[1], parts[2], tzinfo=UTC)


def load_seed() -> list[Article]:
    corpus = REPO / "seeds" / "corpus"
    meta: dict[str, dict[str, Any]] = {}
    manifest = corpus / "manifest.toml"
    if manifest.exists():
        for s in tomllib.loads(manifest.read_text(encoding="utf-8")).get("seed", []):
            meta[s["file"]] = s
    out = []
    for path in sorted(corpus.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").strip().splitlines()
        title, body = lines[0].strip(), "\n".join(lines[2:]).strip()
        m = meta.get(path.name, {})
        published = m.get("published", "2024-12-13")
        out.append(Article(
            id=f"seed:{path.stem}", url=m.get("url", f"seed:{path.stem}"), title=title,
            publisher=m.get("publisher", "ANI"),
            published=parse_date(str(published)), language=m.get("language", "en"),
            text=body, gold=[], is_seed=True,
        ))
    return out


def load_articles(root: Path) -> list[Article]:
    arts = []
    for p in sorted((root / "articles").glob("*.json")):
        a = json.loads(p.read_text(encoding="utf-8"))
        arts.append(Article(
            id=a["id"], url=a["url"], title=a.get("title") or "", publisher=a["publisher"],
            published=parse_date(a.get("published")), language=a["language"],
            text=a["text"], gold=a["figures"],
        ))
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(arts, key=lambda x: (x.published is None, x.published or far, x.id))


def _interval(value: int, qualifier: str) -> tuple[int, int | None]:
    if qualifier in ("at_least", "more_than"):
        return value, None
    if qualifier in ("up_to", "fewer_than"):
        return 0, value
    if qualifier == "nearly":
        return int(value * 0.9), value
    if qualifier == "about":
        return int(value * 0.9), int(value * 1.1)
    return value, value


def gold_figures(a: Article) -> list[Figure]:
    figs = []
    if a.is_seed:
        for span, value, qual, metric, unit, attr, as_of in SEED_GOLD:
            start = a.text.find(span)
            end = start + len(span)
            sentence = _sentence(a.text, start)
            low, high = _interval(value, qual)
            figs.append(Figure(value, qual, low, high, metric, unit, attr,
                               date.fromisoformat(as_of) if as_of else None, None, sentence,
                               start, end, span, a.language))
        return figs
    for g in a.gold:
        low, high = _interval(g["value"], g["qualifier"])
        figs.append(Figure(
            g["value"], g["qualifier"], low, high, g["metric"], g.get("unit"),
            g.get("attributed_to"),
            date.fromisoformat(g["as_of"]) if g.get("as_of") and len(g["as_of"]) == 10
            else None,
            None, g["sentence"], g["span_char_start"], g["span_char_end"], g["span"],
            a.language,
        ))
    return figs


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos) + 2, text.rfind("\n", 0, pos) + 1, 0)
    end_candidates = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    return text[start:end].strip()


def extractor_figures(a: Article) -> list[Figure]:
    from pipeline.figures import extract_figures

    return list(extract_figures(a.text, language=a.language,
                                published=a.published.date() if a.published else None))


@dataclass
class Replay:
    alerts: list[AlertCandidate]
    figures: dict[int, tuple[str, HeldFigure]]  # figure id -> (article id, figure)
    copies: list[tuple[str, str]]
    versions: list[tuple[str, str]]


def replay(articles: Sequence[Article], *, gold: bool) -> Replay:
    index = dedup.DedupIndex()
    held: list[HeldFigure] = []
    groups = contradictions.AlertGroups()  # one alert per disagreement, as the warehouse
    by_id: dict[int, HeldFigure] = {}
    figmap: dict[int, tuple[str, HeldFigure]] = {}
    names: dict[int, str] = {}
    copies: list[tuple[str, str]] = []
    versions: list[tuple[str, str]] = []
    next_fig = 1
    for aid, a in enumerate(articles, start=1):
        names[aid] = a.id
        figs = gold_figures(a) if gold else extractor_figures(a)
        decision, sig = index.classify(a.text, title=a.title, figures=figs)
        story = decision.story_id if decision.story_id is not None else aid
        index.add(aid, sig, story_id=story, text_sha256=dedup.text_sha256(a.text), figures=figs)
        if decision.relation == "copy":
            copies.append((a.id, names.get(decision.duplicate_of or 0, "?")))
            continue
        if decision.relation == "version":
            versions.append((a.id, names.get(decision.matched_article_id or 0, "?")))
        new = []
        for f in figs:
            h = HeldFigure(
                id=next_fig, article_id=aid, story_id=story, duplicate_of=None,
                source="seed" if a.is_seed else a.publisher, publisher=a.publisher, url=a.url,
                title=a.title, published_at=a.published, is_seed=a.is_seed, metric=f.metric,
                value=f.value, qualifier=f.qualifier, low=f.low, high=f.high, unit=f.unit,
                attributed_to=f.attributed_to, as_of=f.as_of, period=f.period,
                sentence=f.sentence, span=f.span, content_sha256=None,
                claim_status=f.claim_status, claim_reasons="; ".join(f.claim_reasons) or None,
            )
            figmap[next_fig] = (a.id, h)
            next_fig += 1
            new.append(h)
        by_id.update((h.id, h) for h in new)
        groups.add(contradictions.find_alerts(new, held, attachments=True), by_id)
        held.extend(new)
    return Replay(groups.alerts, figmap, copies, versions)


def evidence_sides(rep: Replay, al: AlertCandidate) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """(article, value) of every figure on the new and on the old side of an alert."""
    sides: dict[str, set[tuple[str, int]]] = {"new": set(), "old": set()}
    for fid, s in ((al.new_figure_id, "new"), (al.old_figure_id, "old")):
        art, h = rep.figures[fid]
        sides[s].add((art, h.value))
    for e in al.evidence:
        if e.figure_id in rep.figures:
            sides[e.side].add((rep.figures[e.figure_id][0], e.value))
    return sides["new"], sides["old"]


def score(rep: Replay, pairs: list[dict[str, Any]], *, pushed_only: bool = False,
          by_evidence: bool = False) -> dict[str, Any]:
    """Scores over every alert raised, or (``pushed_only``) over the alerts pushed to a
    channel (status open), leaving out those held for review.

    Old counting (default): a pair is alerted when an alert's own two figures are the
    pair's two figures. ``by_evidence`` (new counting, one alert per disagreement): when
    the pair's two figures (article, value) are on the two sides of one alert's evidence.
    """
    alerts = [a for a in rep.alerts if a.status == "open"] if pushed_only else rep.alerts

    def side(fid: int) -> tuple[str, int]:
        art, h = rep.figures[fid]
        return art, h.value

    def matches(al: AlertCandidate) -> list[dict[str, Any]]:
        if not by_evidence:
            return pair_index.get((al.metric, frozenset({side(al.new_figure_id),
                                                          side(al.old_figure_id)})), [])
        n, o = evidence_sides(rep, al)
        out = []
        for p in pairs:
            a, b = (p["a"]["article"], p["a"]["value"]), (p["b"]["article"], p["b"]["value"])
            if p["metric"] == al.metric and ((a in n and b in o) or (a in o and b in n)):
                out.append(p)
        return out

    pair_index: dict[tuple[str, frozenset[tuple[str, int]]], list[dict[str, Any]]] = {}
    for p in pairs:
        k = (p["metric"], frozenset({(p["a"]["article"], p["a"]["value"]),
                                     (p["b"]["article"], p["b"]["value"])}))
        pair_index.setdefault(k, []).append(p)
    hit: dict[str, list[AlertCandidate]] = {}
    unmatched: list[AlertCandidate] = []
    for al in alerts:
        ps = matches(al)
        if not ps:
            unmatched.append(al)
            continue
        for p in ps:
            hit.setdefault(p["pair_id"], []).append(al)
    tp = fp = 0
    wrong: list[tuple[str, AlertCandidate]] = []
    found = 0
    missed = []
    contradict = [p for p in pairs if p["alert_expected"]]
    for p in pairs:
        als = hit.get(p["pair_id"], [])
        con = [a for a in als if a.kind == "contradiction"]
        if p["alert_expected"]:
            tp += len(con) > 0
            found += len(con) > 0
            if not con:
                missed.append(p["pair_id"] + (" (a revision alert instead)" if als else ""))
        else:
            fp += len(con) > 0
            wrong.extend((p["pair_id"], a) for a in als)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = found / len(contradict) if contradict else 1.0
    return {
        "precision": precision, "recall": recall, "tp": tp, "fp": fp,
        "contradict_pairs": len(contradict), "missed": missed, "wrong": wrong,
        "unmatched": unmatched, "hit": hit,
    }


def _fold_rows(root: Path, pairs: list[dict[str, Any]], articles: list[Article], *,
               gold: bool) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from folds import assign

    fold_of = assign(root)
    print("contradict-pushed, pushed-agree/update and pushed-unlabelled: old counting (the "
          "alert's own pair) / new counting (the pair on the two sides of its evidence)")
    print("fold  contradict-pushed  raised  pushed  held  pushed-agree/update  pushed-unlabelled")
    for n in sorted(set(fold_of.values())):
        arts = [a for a in articles if a.is_seed or fold_of.get(a.id) == n]
        ps = [p for p in pairs if fold_of.get(p["a"]["article"]) == n]
        rep = replay(arts, gold=gold)
        sp = score(rep, ps, pushed_only=True)
        se = score(rep, ps, pushed_only=True, by_evidence=True)
        pushed = sum(a.status == "open" for a in rep.alerts)
        hits = f"{sp['tp']}/{se['tp']} of {sp['contradict_pairs']}"
        print(f"{n:<5} {hits:<17} {len(rep.alerts):>7}  "
              f"{pushed:>6}  {len(rep.alerts) - pushed:>4}  "
              f"{str(len(sp['wrong'])) + '/' + str(len(se['wrong'])):>19}  "
              f"{str(len(sp['unmatched'])) + '/' + str(len(se['unmatched'])):>17}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", action="store_true", help="use the gold figures, not the extractor")
    ap.add_argument("--quiet", action="store_true", help="print scores only")
    ap.add_argument("--check", action="store_true",
                    help=f"exit 1 when precision < {TARGETS[0]} or recall < {TARGETS[1]}")
    ap.add_argument("--folds", action="store_true", help="one replay and one row per fold")
    args = ap.parse_args(argv)
    root = dev_eval_dir()
    if not (root / "pairs.json").exists():
        print(f"dev-eval not found at {root} (set NEWSTALLY_DEV_EVAL): nothing to measure")
        return 2
    if not args.gold:
        try:
            import pipeline.figures  # noqa: F401
        except ImportError as exc:
            print(f"pipeline.figures cannot be imported ({exc}); run with --gold")
            return 2
    pairs = json.loads((root / "pairs.json").read_text(encoding="utf-8"))
    articles = load_seed() + load_articles(root)
    if args.folds:
        return _fold_rows(root, pairs, articles, gold=args.gold)
    rep = replay(articles, gold=args.gold)
    s = score(rep, pairs)
    mode = "gold figures" if args.gold else "pipeline.figures.extract_figures"
    kinds: dict[str, int] = {}
    for a in rep.alerts:
        kinds[f"{a.kind}/{a.rule}"] = kinds.get(f"{a.kind}/{a.rule}", 0) + 1
    print(f"contradictions_eval — {mode}; dev-eval at {root}")
    print(f"articles: {len(articles)} (seed first); copies: {rep.copies}; "
          f"versions: {rep.versions}")
    print(f"alerts raised by a full replay: {len(rep.alerts)}  {kinds}")
    print(f"contradiction alerts on labelled pairs: precision {s['precision']:.3f} "
          f"({s['tp']} / {s['tp'] + s['fp']}), recall {s['recall']:.3f} "
          f"({s['tp']} / {s['contradict_pairs']})")
    print(f"missed contradict pairs: {s['missed'] or 'none'}")
    print(f"alerts on agree/update pairs: {[pid for pid, _ in s['wrong']] or 'none'}")
    print(f"alerts on no labelled pair: {len(s['unmatched'])}")
    sp = score(rep, pairs, pushed_only=True)
    pushed = [a for a in rep.alerts if a.status == "open"]
    print(f"pushed to a channel: {len(pushed)}; held for review: {len(rep.alerts) - len(pushed)}")
    print(f"pushed contradictions on labelled pairs: precision {sp['precision']:.3f} "
          f"({sp['tp']} / {sp['tp'] + sp['fp']}), recall {sp['recall']:.3f} "
          f"({sp['tp']} / {sp['contradict_pairs']}); pushed on agree/update pairs: "
          f"{[pid for pid, _ in sp['wrong']] or 'none'}; pushed on no labelled pair: {len(sp['unmatched'])}")
    se = score(rep, pairs, pushed_only=True, by_evidence=True)
    print(f"new counting (a pair counts when its two articles are on the two sides of one "
          f"pushed alert's evidence): precision {se['precision']:.3f} "
          f"({se['tp']} / {se['tp'] + se['fp']}), recall {se['recall']:.3f} "
          f"({se['tp']} / {se['contradict_pairs']}); missed {se['missed'] or 'none'}; pushed on "
          f"agree/update pairs: {[pid for pid, _ in se['wrong']] or 'none'}; pushed on no "
          f"labelled pair: {len(se['unmatched'])}")
    if not args.quiet:
        pair_of = {id(a): pid for pid, als in s["hit"].items() for a in als}
        se_all = score(rep, pairs, by_evidence=True)
        by_ev: dict[int, list[str]] = {}
        for pid, als in se_all["hit"].items():
            for a in als:
                by_ev.setdefault(id(a), []).append(pid)
        for i, a in enumerate(rep.alerts, start=1):
            na, nh = rep.figures[a.new_figure_id]
            oa, oh = rep.figures[a.old_figure_id]
            label = pair_of.get(id(a), "unlabelled")
            ev_label = ",".join(sorted(by_ev.get(id(a), []))) or "unlabelled"
            n_side, o_side = evidence_sides(rep, a)
            print(f"\n--- alert {i} [{label}; new counting: {ev_label}] {na}:{nh.value} vs "
                  f"{oa}:{oh.value} [{a.status}] evidence new {sorted(n_side)} old {sorted(o_side)}")
            if a.held_reason:
                print(f"held for review: {a.held_reason}")
            print(a.message)
    if args.check and (s["precision"] < TARGETS[0] or s["recall"] < TARGETS[1]):
        print(f"below the targets (precision >= {TARGETS[0]}, recall >= {TARGETS[1]})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
