"""Check a held-out set written in the dev-eval format.

    .venv/bin/python bench/heldout/validate.py [bench/heldout/set-a] [--any-length]

Checks every ``articles/*.json`` (id = file name, required fields, language, date formats,
text length 1,200-2,000 characters unless ``--any-length``, each figure's span at its offsets and inside its sentence, value, qualifier
and metric vocabularies, not-annotated spans present in the text), every pair of
``pairs.json`` (articles exist, ``figure_index`` points at a figure with the same value,
metric, qualifier and span, relation / alert_expected / confidence vocabularies, unique
pair ids) and ``duplicates.json`` (members exist, unique group ids). Prints each problem
with the file and field it concerns and exits 1 when there is any.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

QUALIFIERS = {"exact", "at_least", "more_than", "about", "nearly", "up_to", "fewer_than"}
METRICS = {"killed", "injured", "arrested", "detained_current", "released", "minors_detained",
           "disappeared", "other"}
RELATIONS = {"agree", "contradict", "update"}
CONFIDENCE = {"high", "medium", "low"}
ARTICLE_KEYS = ("id", "url", "title", "publisher", "published", "language", "text",
                "text_is_excerpt", "figures", "not_annotated_numbers")
FIGURE_KEYS = ("value", "qualifier", "metric", "unit", "attributed_to", "as_of", "sentence", "span",
               "span_char_start", "span_char_end")
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def check_article(path: Path, a: dict[str, Any], errors: list[str], *, min_chars: int,
                  max_chars: int) -> None:
    where = path.name
    for k in ARTICLE_KEYS:
        if k not in a:
            errors.append(f"{where}: field '{k}' is missing")
    if a.get("id") != path.stem:
        errors.append(f"{where}: id {a.get('id')!r} differs from the file name")
    if a.get("language") not in ("en", "es"):
        errors.append(f"{where}: language {a.get('language')!r} is not en or es")
    pub = a.get("published")
    if pub is not None and not DATE.match(str(pub)):
        errors.append(f"{where}: published {pub!r} is not YYYY-MM-DD, YYYY-MM or null")
    text = a.get("text") or ""
    if not min_chars <= len(text) <= max_chars:
        errors.append(f"{where}: text has {len(text)} characters, outside {min_chars}-{max_chars}")
    for i, f in enumerate(a.get("figures") or []):
        fw = f"{where}: figures[{i}]"
        for k in FIGURE_KEYS:
            if k not in f:
                errors.append(f"{fw}: field '{k}' is missing")
        if not isinstance(f.get("value"), int) or isinstance(f.get("value"), bool):
            errors.append(f"{fw}: value {f.get('value')!r} is not an int")
        if f.get("qualifier") not in QUALIFIERS:
            errors.append(f"{fw}: qualifier {f.get('qualifier')!r} not in {sorted(QUALIFIERS)}")
        if f.get("metric") not in METRICS:
            errors.append(f"{fw}: metric {f.get('metric')!r} not in {sorted(METRICS)}")
        as_of = f.get("as_of")
        if as_of is not None and not DATE.match(str(as_of)):
            errors.append(f"{fw}: as_of {as_of!r} is not YYYY-MM-DD, YYYY-MM or null")
        st, en, span = f.get("span_char_start"), f.get("span_char_end"), f.get("span")
        if not (isinstance(st, int) and isinstance(en, int)) or text[st:en] != span:
            got = text[st:en] if isinstance(st, int) and isinstance(en, int) else None
            errors.append(f"{fw}: text[{st}:{en}] is {got!r}, not the span {span!r}")
        sent = f.get("sentence") or ""
        if sent not in text:
            errors.append(f"{fw}: sentence is not a substring of the text")
        elif isinstance(st, int) and isinstance(en, int):
            s0 = text.find(sent)
            while s0 >= 0 and not (s0 <= st and en <= s0 + len(sent)):
                s0 = text.find(sent, s0 + 1)
            if s0 < 0:
                errors.append(f"{fw}: the span's offsets are not inside its sentence")
    for j, n in enumerate(a.get("not_annotated_numbers") or []):
        if n.get("span") not in text:
            errors.append(f"{where}: not_annotated_numbers[{j}] span {n.get('span')!r} is not in the text")
        if not n.get("reason"):
            errors.append(f"{where}: not_annotated_numbers[{j}] has no reason")


def check_pairs(pairs: list[dict[str, Any]], arts: dict[str, dict[str, Any]], errors: list[str]) -> None:
    seen: set[str] = set()
    for p in pairs:
        pid = p.get("pair_id", "?")
        where = f"pairs.json {pid}"
        if pid in seen:
            errors.append(f"{where}: duplicate pair_id")
        seen.add(pid)
        if p.get("relation") not in RELATIONS:
            errors.append(f"{where}: relation {p.get('relation')!r} not in {sorted(RELATIONS)}")
        if p.get("alert_expected") is not (p.get("relation") == "contradict"):
            errors.append(f"{where}: alert_expected must be true exactly for contradict")
        if p.get("confidence") not in CONFIDENCE:
            errors.append(f"{where}: confidence {p.get('confidence')!r} not in {sorted(CONFIDENCE)}")
        if not p.get("why"):
            errors.append(f"{where}: why is empty")
        for side in ("a", "b"):
            s = p.get(side) or {}
            art = arts.get(s.get("article"))
            if art is None:
                errors.append(f"{where}.{side}: article {s.get('article')!r} does not exist")
                continue
            figs = art["figures"]
            i = s.get("figure_index")
            if not isinstance(i, int) or not 0 <= i < len(figs):
                errors.append(f"{where}.{side}: figure_index {i!r} out of range for {art['id']}")
                continue
            f = figs[i]
            for k in ("value", "qualifier", "span", "attributed_to", "as_of", "sentence"):
                if s.get(k) != f.get(k):
                    errors.append(f"{where}.{side}: {k} {s.get(k)!r} differs from {art['id']} figures[{i}]")
            if f["metric"] != p.get("metric"):
                errors.append(f"{where}.{side}: metric {p.get('metric')!r} differs from the figure's {f['metric']!r}")
        if (p.get("a") or {}).get("article") == (p.get("b") or {}).get("article"):
            errors.append(f"{where}: both sides are in one article")


def check_duplicates(d: dict[str, Any], arts: dict[str, dict[str, Any]], errors: list[str]) -> None:
    ids: set[str] = set()
    for kind, key in (("duplicate_groups", "group_id"), ("rewrite_groups", "group_id"), ("hard_negatives", "id")):
        groups = d.get(kind)
        if not isinstance(groups, list) or not groups:
            errors.append(f"duplicates.json: '{kind}' is missing or empty")
            continue
        for g in groups:
            gid = g.get(key)
            if not gid or gid in ids:
                errors.append(f"duplicates.json {kind}: missing or repeated id {gid!r}")
            ids.add(str(gid))
            members = g.get("members") or []
            if len(members) < 2:
                errors.append(f"duplicates.json {gid}: fewer than two members")
            for m in members:
                if m not in arts:
                    errors.append(f"duplicates.json {gid}: member {m!r} is not an article")


def validate(root: Path, *, min_chars: int = 1200, max_chars: int = 2000) -> list[str]:
    errors: list[str] = []
    if not (root / "articles").is_dir():
        return [f"{root}/articles is not a folder: pass the held-out set's folder"]
    arts: dict[str, dict[str, Any]] = {}
    for path in sorted((root / "articles").glob("*.json")):
        try:
            a = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            errors.append(f"{path.name}: not valid JSON ({e})")
            continue
        check_article(path, a, errors, min_chars=min_chars, max_chars=max_chars)
        arts[path.stem] = a
    for name in ("pairs.json", "duplicates.json"):
        if not (root / name).is_file():
            errors.append(f"{root / name} is missing")
    if (root / "pairs.json").is_file():
        check_pairs(json.loads((root / "pairs.json").read_text(encoding="utf-8")), arts, errors)
    if (root / "duplicates.json").is_file():
        check_duplicates(json.loads((root / "duplicates.json").read_text(encoding="utf-8")), arts, errors)
    return errors


def main(argv: list[str]) -> int:
    any_length = "--any-length" in argv
    args = [a for a in argv if a != "--any-length"]
    root = Path(args[0]) if args else Path(__file__).resolve().parent / "set-a"
    errors = validate(root, min_chars=0, max_chars=10**9) if any_length else validate(root)
    for e in errors:
        print(e)
    n = len(list((root / "articles").glob("*.json"))) if (root / "articles").is_dir() else 0
    print(f"{root}: {n} articles, {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
