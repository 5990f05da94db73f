"""The builder shared by the held-out sets' scripts (build_set_a.py, build_set_c.py).

Each script holds its texts and labels as tables; this computes the span offsets and sentences
from the text and writes the set in the format of ../shared/dev-eval/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”»]?\s+(?=[\"“«¿¡A-ZÁÉÍÓÚÑ])|\n")


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds [start, end)."""
    s = 0
    for m in _BOUNDARY.finditer(text):
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            return text[s:m.start() + (len(m.group(0).rstrip()) if m.group(0).strip() else 0)].strip()
    return text[s:].strip()


def _finds(hay: str, needle: str) -> list[int]:
    """Starts of ``needle`` in ``hay`` as a whole token ("24" is not found in "2024" or "1,240")."""
    pat = re.compile(r"(?<!\w)(?<!\d[.,])" + re.escape(needle) + r"(?!\w)(?![.,]\d)")
    return [m.start() for m in pat.finditer(hay)]


def locate(text: str, span: str, ctx: str | None) -> int:
    c = ctx or span
    at = _finds(text, c)
    if len(at) != 1:
        raise SystemExit(f"context {c!r} occurs {len(at)} times; make it unique")
    inner = _finds(c, span)
    if len(inner) != 1:
        raise SystemExit(f"span {span!r} not once in context {c!r}")
    return at[0] + inner[0]


def write_set(out: Path, articles: list[dict[str, Any]],
              pairs_spec: list[tuple[str, str, str, int, str, int, str, bool, str, str]],
              duplicates: dict[str, Any], corpus: str) -> None:
    """Write ``out``/articles/*.json, pairs.json and duplicates.json from a builder's tables:
    offsets and sentences computed from each text, every pair's sides looked up by value."""
    (out / "articles").mkdir(parents=True, exist_ok=True)
    by_id: dict[str, dict[str, Any]] = {}
    for a in articles:
        text = a["text"]
        figures = []
        for span, ctx, value, qual, metric, unit, attr, as_of, note in a["figures"]:
            try:
                st = locate(text, span, ctx)
            except SystemExit as e:
                raise SystemExit(f"{a['id']}: {e}") from None
            en = st + len(span)
            f: dict[str, Any] = {"value": value, "qualifier": qual, "metric": metric, "unit": unit,
                                 "attributed_to": attr, "as_of": as_of,
                                 "sentence": sentence_at(text, st, en), "span": span,
                                 "span_char_start": st, "span_char_end": en}
            if note:
                f["note"] = note
            figures.append(f)
        nots = []
        for span, reason in a["nots"]:
            if span not in text:
                raise SystemExit(f"{a['id']}: not-annotated span {span!r} not in text")
            nots.append({"span": span, "reason": reason})
        doc = {"id": a["id"], "url": f"https://example.org/{a['id']}/{a['slug']}", "title": a["title"],
               "publisher": a["publisher"], "published": a["published"],
               "published_source": "written for the held-out set" if a["published"] else None,
               "language": a["language"], "source_corpus": corpus,
               "text_is_excerpt": False, "text": text, "figures": figures,
               "not_annotated_numbers": nots}
        by_id[a["id"]] = doc
        (out / "articles" / f"{a['id']}.json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    pairs = []
    for pid, metric, aa, va, bb, vb, rel, alert, conf, why in pairs_spec:
        sides = {}
        for key, art_id, val in (("a", aa, va), ("b", bb, vb)):
            figs = by_id[art_id]["figures"]
            idx = [i for i, f in enumerate(figs) if f["value"] == val and f["metric"] == metric]
            if len(idx) != 1:
                raise SystemExit(f"{pid}: {art_id} has {len(idx)} figures {val}/{metric}")
            f = figs[idx[0]]
            sides[key] = {"article": art_id, "figure_index": idx[0], "value": val,
                          "qualifier": f["qualifier"], "span": f["span"],
                          "attributed_to": f["attributed_to"], "as_of": f["as_of"],
                          "sentence": f["sentence"]}
        pairs.append({"pair_id": pid, "metric": metric, "a": sides["a"], "b": sides["b"],
                      "relation": rel, "alert_expected": alert, "confidence": conf, "why": why})
    (out / "pairs.json").write_text(json.dumps(pairs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "duplicates.json").write_text(json.dumps(duplicates, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    for a in by_id.values():
        print(a["id"], a["language"], len(a["text"]), "chars", len(a["figures"]), "figures")
    print(len(pairs), "pairs")
