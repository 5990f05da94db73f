"""Score an article's full text against the topic.

Two kinds of evidence must both be present: an *anchor* (the place or the people of the
story: the topic terms of the sources file, e.g. Venezuela, Maduro) and the *theme*
(the vocabulary of a crackdown, in English and Spanish: arrests, prisoners, releases,
deaths in protests). A baseball story from Caracas has anchors and no theme; a story
about arrests in another country has theme and no anchor. The score is the geometric
mean of the two, each saturating, so both are needed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: Stems of the crackdown vocabulary (accent-folded, lower case); a word matches when it
#: starts with a stem.
THEME_STEMS: tuple[str, ...] = (
    # English
    "arrest", "detain", "detention", "prisoner", "imprison", "jail", "released", "release of",
    "crackdown", "repression", "protest", "demonstrat", "killed", "death toll", "injur",
    "political prisoner", "human rights", "disappear", "tortur", "opposition", "election",
    "precautionary measure", "amnesty",
    # Spanish
    "detenid", "detencion", "arrest", "preso", "presos politicos", "encarcel", "carcel",
    "excarcel", "liberad", "liberacion", "represion", "protesta", "manifestacion", "muert",
    "fallecid", "asesinad", "herid", "desaparici", "desaparecid", "tortura", "oposicion",
    "eleccion", "electoral", "comicios", "medidas cautelares", "derechos humanos",
    "foro penal",
)

DEFAULT_ANCHORS: tuple[str, ...] = ("venezuel", "maduro", "caracas", "foro penal", "chavis")


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Detención' → 'detencion'."""
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def _stem(term: str) -> str:
    t = fold(term).strip()
    # "venezolano" / "venezuela" → "venez"-like stems: keep words long enough to be specific
    if " " not in t and len(t) > 6:
        t = t[: max(6, len(t) - 2)]
    return t


def _count(folded: str, stems: Iterable[str]) -> tuple[int, set[str]]:
    hits = 0
    distinct: set[str] = set()
    for stem in stems:
        # a substring search first: most stems are absent from a text, and the regex
        # scan of each (some 60 per text) was 0.16x of a bare trafilatura loop's CPU
        if stem not in folded:
            continue
        n = len(re.findall(r"\b" + re.escape(stem), folded))
        if n:
            hits += n
            distinct.add(stem)
    return hits, distinct


@dataclass(frozen=True, slots=True)
class Relevance:
    score: float
    anchors: int
    theme_terms: tuple[str, ...]
    reason: str


def score_relevance(text: str, *, terms: Iterable[str] = (), title: str | None = None) -> Relevance:
    """Return a 0..1 relevance score of ``text`` (and ``title``) with the reason."""
    folded = fold(f"{title or ''}\n{text}")
    anchor_stems = {_stem(t) for t in terms} | set(DEFAULT_ANCHORS)
    theme_stems = set(THEME_STEMS) - anchor_stems
    anchors, _ = _count(folded, anchor_stems)
    _, theme = _count(folded, theme_stems)
    a = min(1.0, anchors / 2)
    b = min(1.0, len(theme) / 4)
    score = round(math.sqrt(a * b), 3)
    reason = (
        f"relevance {score:.2f}: {anchors} mention(s) of the story's place/people, "
        f"{len(theme)} distinct crackdown term(s)"
        + (f" ({', '.join(sorted(theme)[:6])})" if theme else "")
    )
    return Relevance(score=score, anchors=anchors, theme_terms=tuple(sorted(theme)), reason=reason)
