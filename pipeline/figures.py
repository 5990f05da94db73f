"""Figures: every count a news text reports, with qualifier, metric, unit, source and date.

``extract_figures(text, *, language=None, published=None)`` reads English or Spanish
news text the way an analyst would:

1. find number phrases (``pipeline.numbers``: digits, spelled numbers, mixed forms);
2. drop what is not a count: dates, times, years, ages, durations, percentages, money,
   article/page numbers, names such as "El Rodeo 1", vague words ("dozens", "cientos"),
   projections ("could rise above 80") and deltas ("29 more than on Tuesday");
3. read the qualifier just before the number ("at least", "más de", "unos" …) and turn
   it into an interval; a range ("between 800 and 1,200") gives two figures, its bounds;
4. pick the metric from cue words around the number, nearest clause first, with a
   fixed precedence (an explicit "other" cue such as "under review" > released >
   killed > injured > disappeared > held now > arrested); a number with no cue inherits
   from the figure it breaks down ("Del total, 505 son civiles");
5. find who gives it ("according to X", "X said", "según X", "informó X", a quote and
   its speaker), resolving "the NGO" / "la ONG" to the organisation last named;
6. resolve the date the count refers to ("al 23/12/2024", "on Monday", "este domingo",
   "as of January 19", "this week") against the article's date.

The rules are lexicons and a little grammar, not memorised sentences. Word lists live in
``pipeline.figure_lexicon``, number parsing in ``pipeline.numbers``, date resolution in
``pipeline.figure_dates``. Dev-set scores: ``bench/baselines/figures.json``
(``bench/figures_eval.py``); the gate is ``tests/test_figures_gate.py``.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from pipeline.figure_dates import sentence_dates
from pipeline.figure_lexicon import (
    ACCORDING,
    ADULTS_AFTER,
    AGE_AFTER,
    AGE_BEFORE,
    AGE_LIMIT_BEFORE,
    AGENT_VERB,
    AGES_LIST_BEFORE,
    AMONG_THE_SET,
    APPOSITIVE,
    AUTHORITY,
    AUX_TAIL,
    BAD_SUBJECT,
    BARE_GROUP,
    BARE_ROLE,
    CASES_AFTER,
    CASES_EXAMINED,
    CONCESSIVE,
    COUNTED_BARE,
    CUE_ORDER,
    CUE_RE,
    DATELINE,
    DAY_RANGE_BEFORE,
    DELTA_AFTER,
    DEMANDED,
    DOC_GENERIC_OWNER,
    DOC_LEAD,
    DOC_NOUN,
    DOC_OWNER,
    DOC_POSSESSOR,
    EN_STOP,
    ES_STOP,
    EVENT_NOUN,
    EXPECTED_AFTER,
    EXPECTED_BEFORE,
    FRAGMENT_SOURCE,
    FRAME_BEFORE,
    GENERIC_SOURCE,
    GOV_WORDS,
    INCLUDE_VERB,
    INSTITUTION,
    KNOWN_ORGS,
    LEAD_JUNK,
    MASKS,
    MONTH_BEFORE,
    MONTHS,
    NONFINITE_BEFORE,
    NONFINITE_VERB,
    NOT_AFTER,
    NOT_BEFORE,
    NUMBER_OF,
    OF_THE_SET,
    OF_TOTAL_AFTER,
    ONE_OK_AFTER,
    OPENING_RELEASE,
    ORG_ALIASES,
    ORG_PRONOUN,
    OWN_ROLE,
    PARTICIPLE_VERB,
    PARTITIVE_AFTER,
    PARTITIVE_BEFORE,
    PARTITIVE_START,
    PARTS_BETWEEN,
    PARTS_OF_BEFORE,
    PERSON_NOUN,
    PERSON_ROLE,
    PLACED_AT,
    POSSESSIVE_SOURCE,
    PRONOUN,
    PRONOUN_TAIL,
    QUAL_AFTER,
    QUAL_POTENTIAL,
    QUAL_RES,
    QUOTES,
    REGISTER_LISTS,
    RELATIVE_PIECE,
    RELEASE_DEMANDED,
    REVIEW_BEFORE,
    ROLE_AFTER,
    SET_FRAME_START,
    SET_OPEN_BEFORE,
    SOFT_BOUNDARY,
    SOURCE_TAIL,
    SPECULATIVE,
    STILL_RE,
    STOCK_AFTER,
    STOCK_BEFORE,
    STRONG_BOUNDARY,
    SUBJECT_ASIDE,
    TEMPORAL_ASIDE,
    THING_AFTER,
    TIME_LEAD,
    TIME_PIECE,
    TOLD,
    TOLD_WHOM,
    UNIT_RES,
    VERB_RE,
    WE_MARK,
    WE_ORG,
    WEEKDAY_DAY_AFTER,
    WEEKDAY_DAY_BEFORE,
    WEEKDAY_RE,
    WEEKDAYS,
)
from pipeline.models import Figure
from pipeline.numbers import NumberMention, find_numbers, fold

__all__ = ["EXTRACTOR_VERSION", "detect_language", "extract_figures"]

EXTRACTOR_VERSION = "figures-5"

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------
# language

def stopword_counts(text: str) -> tuple[int, int]:
    """How many common English and Spanish stopwords the first 5,000 characters hold."""
    words = re.findall(r"[^\W\d_]+", fold(text[:5000]))
    return sum(w in EN_STOP for w in words), sum(w in ES_STOP for w in words)


def detect_language(text: str) -> str:
    """``"en"`` or ``"es"``, by counting common stopwords (cheap, good enough for news)."""
    en, es = stopword_counts(text)
    return "es" if es > en else "en"


# --------------------------------------------------------------------------------------
# sentences


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    para: int
    index: int


_ABBREV = re.compile(
    r"(?:\b(?:[A-Za-z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Sr|Sra|Srta|St|Gen|Lt|Col|Gov|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nro|Núm|Art|etc|vs|Ud|Uds)\.)$"
)
_SENT_END = re.compile(r"[.!?…]+[\"'”»’)]*\s+(?=[\"'“«¿¡(]?[A-ZÁÉÍÓÚÑ0-9])")


def _inside_quote(text: str, start: int, pos: int, line_end: int) -> bool:
    """True when ``pos`` is inside a quotation that closes later on the same line."""
    seg = text[start:pos]
    for open_q, close_q in (("“", "”"), ("«", "»")):
        if seg.count(open_q) > seg.count(close_q) and close_q in text[pos:line_end]:
            return True
    return seg.count('"') % 2 == 1 and '"' in text[pos:line_end]


def _split_sentences(text: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    pos = 0
    para = 0
    for line in text.split("\n"):
        lstart, lend = pos, pos + len(line)
        pos = lend + 1
        if not line.strip():
            continue
        s = lstart
        for m in _SENT_END.finditer(text, lstart, lend):
            head = text[max(lstart, m.start() - 12) : m.start() + 1]
            if _ABBREV.search(head) or _inside_quote(text, s, m.start(), lend):
                continue
            out.append(_Sentence(s, m.end(), para, len(out)))
            s = m.end()
        if s < lend:
            out.append(_Sentence(s, lend, para, len(out)))
        para += 1
    return out


# --------------------------------------------------------------------------------------
# working state


@dataclass(slots=True)
class _Cand:
    m: NumberMention
    sent: _Sentence
    qualifier: str = "exact"
    low: int = 0
    high: int | None = None
    start: int = 0
    end: int = 0
    metric: str | None = None
    inherited: bool = False
    partitive: bool = False
    part: bool = False  # a part of the count before it in the sentence or of a named set
    part_of: _Cand | None = None  # the count it is a part of, when one was read
    part_reason: str | None = None
    set_ref: bool = False  # the M of "N of the M detained": the set named, not the claim made
    attributed_to: str | None = None
    as_of: date | None = None


@dataclass(slots=True)
class _Doc:
    text: str
    folded: str
    language: str
    published: date | None
    sentences: list[_Sentence]
    orgs: list[tuple[int, str]] = field(default_factory=list)
    done: list[_Cand] = field(default_factory=list)
    sent_sources: dict[int, str] = field(default_factory=dict)


def _as_date(value: date | datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        log.warning("figures: published date %r is not ISO (YYYY-MM-DD); dates left unresolved", value)
        return None


# --------------------------------------------------------------------------------------
# 1–2. candidates


def _is_count(doc: _Doc, sent: _Sentence, m: NumberMention, masks: list[tuple[int, int]]) -> bool:
    """False for numbers that are not head counts (dates, ages, money, names …)."""
    if m.vague or m.decimal or m.ordinal or m.value <= 0:
        return False
    if any(s < m.end and m.start < e for s, e in masks):
        return False
    f = doc.folded
    after = f[m.end : m.end + 40]
    before = f[max(sent.start, m.start - 60) : m.start]
    if m.kind == "digits" and "," not in m.text and "." not in m.text and 1900 <= m.value <= 2100:
        return False  # a year
    month = MONTH_BEFORE.search(before)
    # (not "seguían recluidos en enero 310 hombres": a count of people after a month)
    if month and (m.value <= 31 or 1000 <= m.value <= 2100 or not re.search(r"\d\s+(?:de\s+)?$", before[: month.start()])) \
            and not (m.value > 31 and not 1000 <= m.value <= 2100 and _unit(doc, m.end) is not None
                     and re.match(r"\s*[^\W\d_]", after)):
        return False  # "28 de octubre", "octubre 2024"; not "hasta el 3 de marzo 412 personas"
    if NOT_AFTER.match(after) or AGE_AFTER.match(after) or NOT_BEFORE.search(before) \
            or AGE_BEFORE.search(before):
        return False
    if m.value <= 31 and WEEKDAY_DAY_BEFORE.search(before) and WEEKDAY_DAY_AFTER.match(after):
        return False  # "el viernes 15 y el domingo 17", "on Monday 18,": a day of the month
    if m.value <= 31 and DAY_RANGE_BEFORE.search(before):
        return False  # "between December 10 and 14": a day
    if AGES_LIST_BEFORE.search(before):
        return False
    if SPECULATIVE.search(before):
        return False
    if EXPECTED_AFTER.match(after) or EXPECTED_BEFORE.search(before):
        return False  # "two more are expected to be freed", "espera la salida de otros dos"
    # "people who were under 18 when they were arrested": an age limit, not a count
    if m.value <= 21 and AGE_LIMIT_BEFORE.search(before) and not re.match(
        r"\s*(?:[^\W\d_]+\s+)?(?:people|persons|prisoners|detainees|protesters|personas|presos|detenidos"
        r"|manifestantes)\b", after
    ):
        return False
    # "(28)" after a weekday is a day of the month
    if m.value <= 31 and before.endswith("(") and re.search(
        r"(?:" + WEEKDAY_RE + r")(?:'s|’s)?\s*(?:[^\W\d_]+\s*){0,2}\($", before
    ):
        return False
    raw_before = doc.text[max(sent.start, m.start - 30) : m.start]
    # "the 104-page report", "a 12-member panel": a compound adjective, not a head count
    if m.kind == "digits" and re.match(r"-[^\W\d_]", doc.text[m.end : m.end + 2]):
        return False
    # "Alexis José Ocho", "Calle Cuatro": a spelled number inside a capitalised name
    if m.kind == "words" and doc.text[m.start : m.start + 1].isupper() and re.search(
        r"[A-ZÁÉÍÓÚÑ][^\W\d_]+ $", raw_before
    ):
        return False
    # "El Rodeo 1", "Yare 3", "Leo 14": a number glued to a capitalised name
    nm = re.search(r"([A-ZÁÉÍÓÚÑ][\w]+)\s$", raw_before)
    if nm and m.kind == "digits" and m.value < 100 and fold(nm.group(1)) not in MONTHS \
            and fold(nm.group(1)) not in WEEKDAYS and nm.start() > 0 and _unit(doc, m.end) is None:
        return False
    # "Maduro, 62, said …": an age in apposition to a name
    if m.kind == "digits" and m.value < 110 and re.search(r"[A-ZÁÉÍÓÚÑ][\w]+,\s$", raw_before) \
            and re.match(r"\s*,", after) and not re.search(r"\b(?:en|in|at)\s+[A-ZÁÉÍÓÚÑ][\w]+,\s$", raw_before):
        # (not "en Lara, 96, y en Carabobo, 78": a place, then its count)
        return False
    if m.kind == "words" and fold(m.text) in ("one", "uno", "una"):
        if re.match(r"\s*(?:of|de)\s+(?:them|those|whom|ellos|ellas|los detenidos|the detainees)"
                    r"\s+(?:[^\W\d_]+\s+)?(?:was|is|has|had|remains|died|fue|es|ha|habia|sigue|permanece"
                    r"|murio|fallecio|esta)\b", doc.folded[m.end : m.end + 60]):
            return True  # "one of them was released": a part of the count before
        if re.match(r"\s*(?:menos|less|fewer|of\b|de\b)", after):
            return False
        return bool(ONE_OK_AFTER.match(after)) or bool(
            re.search(r"\b(?:for|para|y|and)\s*$", before) and re.match(r"\s*(?:,|and\b|y\b|\.|;)", after)
        )
    return True


def _interval(value: int, qualifier: str) -> tuple[int, int | None]:
    """The interval a qualifier implies (``high`` None = open-ended)."""
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return value + 1, None
    if qualifier == "about":
        band = max(1, round(value * 0.1))
        return max(0, value - band), value + band
    if qualifier == "nearly":
        return max(0, math.floor(value * 0.9)), value
    if qualifier == "up_to":
        return 0, value
    if qualifier == "fewer_than":
        return 0, max(0, value - 1)
    return value, value


def _qualifier(doc: _Doc, sent: _Sentence, m: NumberMention) -> tuple[str, int]:
    """Qualifier before (or after) the number, and where its phrase starts."""
    before = doc.folded[max(sent.start, m.start - 40) : m.start]
    for rx, q in QUAL_RES:
        hit = rx.search(before)
        if hit:
            if q == "more_than" and hit.group(1) == "sobre":
                continue
            return q, m.start - (len(before) - hit.start(1))
    if QUAL_AFTER.match(doc.folded, m.end):
        return "at_least", m.start
    if QUAL_POTENTIAL.search(before):
        return "up_to", m.start
    return "exact", m.start


# --------------------------------------------------------------------------------------
# 4. metric


def _cues(doc: _Doc, lo: int, hi: int, sent: _Sentence) -> list[tuple[int, str]]:
    """(position, class) of the metric cue words in folded[lo:hi].

    A cue inside a capitalised name ("Comité por la Libertad de Presos Políticos") is
    not a cue, unless the whole line is in title case (a headline).
    """
    out: list[tuple[int, str]] = []
    seg = doc.folded[lo:hi]
    sent_text = doc.text[sent.start : sent.end]
    words = re.findall(r"[^\W\d_]{4,}", sent_text)
    title_case = bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6
    for m in CUE_RE.finditer(seg):
        pos = lo + m.start()
        ch = doc.text[pos]
        if ch.isupper() and not title_case and pos > sent.start + 2:
            prev = doc.text[max(sent.start, pos - 3) : pos]
            if not re.search(r"[\"“«:(]\s*$", prev):
                continue
        kind = m.lastgroup
        if kind == "released" and doc.folded.startswith("releas", pos) and re.search(
            r"\b(?:" + DOC_NOUN + r"|data|video|figures|datos)s?"
            r"\s+(?:(?:it|they|that|which|que|the group|the ngo|la ong)\s+)?(?:(?:was|were|has been|had|have|fue|fueron)\s+)?$",
            doc.folded[max(lo, pos - 40) : pos]
        ):
            continue
        if kind == "released" and DEMANDED.search(doc.folded, max(lo, pos - 40), pos):
            continue  # "exigió la liberación de 40 presos": a goal, not a release
        if kind:
            out.append((pos, kind))
    return out


def _pick(doc: _Doc, cues: list[tuple[int, str]], lo: int, hi: int) -> str | None:
    kinds = {k for _, k in cues}
    for k in CUE_ORDER:
        if k in kinds:
            if k == "detainee":
                held = STILL_RE.search(doc.folded, lo, hi) or RELEASE_DEMANDED.search(doc.folded, lo, hi)
                return "detained_current" if held else "arrested"
            return "killed" if k == "victim" else k
    return None


def _bounds(doc: _Doc, sent: _Sentence, start: int, end: int, prev_end: int, next_start: int,
            soft: bool) -> tuple[int, int]:
    rx = SOFT_BOUNDARY if soft else STRONG_BOUNDARY
    lo = max(sent.start, prev_end)
    hi = min(sent.end, next_start)
    for b in rx.finditer(doc.folded, lo, start):
        lo = b.end()
    b2 = rx.search(doc.folded, end, hi)
    if b2:
        hi = b2.start()
    return lo, hi


def _owned_cues(doc: _Doc, sent: _Sentence, cands: list[_Cand]) -> list[list[tuple[int, str]]]:
    """Give each cue word of the sentence to one candidate number.

    A cue between numbers A and B goes to A when a comma or "and"/"y" separates it from
    B ("30 people dead and about 150 injured"), to B when one separates it from A
    ("… 600 son hombres y, entre los reclusos, la mayoría civiles (505)"), else to the nearer one.
    """
    owned: list[list[tuple[int, str]]] = [[] for _ in cands]
    if not cands:
        return owned
    f = doc.folded
    sep = re.compile(r"[,;]|\band\b|\by\b|\bthat\b|\bque\b")
    for pos, kind in _cues(doc, sent.start, sent.end, sent):
        before = [i for i, c in enumerate(cands) if c.end <= pos]
        after = [i for i, c in enumerate(cands) if c.start > pos]
        if not before or not after:
            targets = [before[-1]] if before else [after[0]]
        else:
            a, b = before[-1], after[0]
            to_b = len(sep.findall(f, pos, cands[b].start))
            from_a = len(sep.findall(f, cands[a].end, pos))
            if to_b > from_a:
                targets = [a]
            elif from_a > to_b:
                targets = [b]
            else:
                targets = [a] if pos - cands[a].end <= cands[b].start - pos else [b]
        if before and targets == [before[-1]]:
            targets = _sharing(f, cands, before[-1], pos, kind) + targets
        for t in targets:
            # the two bounds of a range share their cues
            for i, c in enumerate(cands):
                if c.start == cands[t].start:
                    owned[i].append((pos, kind))
    _part_of_set(doc, cands, owned)
    return owned


#: "120 men and", "1.727 civiles y", "40,": a count's noun (a word or two, no verb) and a conjunction
_JOIN = re.compile(
    r"\s*(?!(?:[^\W\d_]+\s+)?(?:were|was|are|is|fueron|fue|son|es|han|ha|have|has|had|estan|siguen|remain)\b)"
    r"(?:[^\W\d_]+\s+)?(?:[^\W\d_]+)?\s*(?:,|\band\b|\by\b|\be\b|\bor\b|\bo\b)\s*$"
)
_PERSON_WORD = re.compile(
    r"\b(?:people|persons|personas|men|women|hombres|mujeres|civilians|civiles|soldiers|militares|military"
    r"|officers|oficiales|police|policias|adults|adultos|adolescentes|adolescents|minors|menores|teenagers"
    r"|children|ninos|ninas|students|estudiantes|protesters|manifestantes|prisoners|presos|presas|detainees"
    r"|detenid[oa]s|journalists|periodistas|activists|activistas|foreigners|extranjer[oa]s|nationals"
    r"|citizens|ciudadan[oa]s|jovenes|youths|opponents|opositores|workers|trabajadores|leaders|dirigentes"
    r"|inmates|reclus[oa]s|indigenas|indigenous|teachers|profesor(?:es|as)|doctors|medicos|nurses|enfermer[oa]s"
    # agent nouns: "workers", "protesters", "trabajadores", "periodistas", "estudiantes", "docentes"
    r"|[a-z]{3,}(?:ers|ors|ores|oras|istas|antes|entes))\b"
)
_INSERT_OPEN = re.compile(
    r"\s*(?:[^\W\d_]+\s+){0,2}?(?:[^\W\d_]+)?\s*(?:,\s*(?:among them|including|among whom|entre (?:ellos|ellas)"
    r"|incluid[oa]s|incluyendo)|[—–(]\s*(?:[^\W\d_]+\s+){0,5}?)\s*$"
)


def _sharing(f: str, cands: list[_Cand], b: int, pos: int, kind: str) -> list[int]:
    """Earlier numbers that share a cue after number ``b``: "120 men and 30 women were
    detained" (coordinated counts: the verb is both counts'), "More than 2,000 people, among
    them at least 100 minors, were detained" and "1,800 people — a figure that includes 70
    foreigners — remain" (the count before an inserted part takes the verb after the insert).
    Not the noun of ``b`` itself ("120 civiles y 30 presos") and not a minors noun."""
    if kind in ("minors", "other") or not re.search(r"[^\W\d_]+[^\w]+\w", f[cands[b].end : pos + 1]):
        return []
    tail = f[cands[b].end : pos]
    if re.search(r"[;:]|\d", tail):
        return []
    out: list[int] = []
    j = b
    while j > 0:
        a = j - 1
        if cands[a].start == cands[j].start:  # the bounds of a range share their cues already
            j = a
            continue
        between = f[cands[a].end : cands[j].start]
        qual = re.sub(r"(?:at least|more than|over|some|about|nearly|almost|al menos|mas de|unos|unas|casi"
                      r"|cerca de|alrededor de)\s*$", "", between)
        if j == b and _INSERT_OPEN.fullmatch(qual) and re.search(r"[,—–)]", tail):
            out.insert(0, a)
            break
        if _JOIN.fullmatch(qual) and (re.fullmatch(r"\s*(?:,|and|y|e|or|o)\s*", qual) or _PERSON_WORD.search(qual)) \
                and not CUE_RE.search(f, cands[a].end, cands[j].start):
            out.insert(0, a)
            j = a
            continue
        break
    return out


def _part_of_set(doc: _Doc, cands: list[_Cand], owned: list[list[tuple[int, str]]]) -> None:
    """Share cues in "N de los M detenidos … salieron", "three of the detainees died".

    The set's own noun ("detenidos", "detainees") says what M counts; the verb of the
    clause ("salieron", "died") says what happened to the N: it goes to N. Without an M
    ("three of the detainees died") the cue precedence decides.
    """
    f = doc.folded
    for i, a in enumerate(cands):
        among = AMONG_THE_SET.match(f, a.end)
        nxt = next((j for j in range(i + 1, len(cands)) if cands[j].start != a.start), None)
        if among and nxt is not None and cands[nxt].start == among.end():
            b = cands[nxt]
            a.part = True
            a.part_reason = f"a group among the {b.m.text} (\"{doc.text[a.start : b.end].strip()}\")"
            owned[i] = sorted(owned[i] + [p for p in owned[nxt] if p[0] >= b.end][:1])
            continue
        m = OF_THE_SET.match(f, a.end)
        if not m:
            continue
        a.part = True  # "Tres de los detenidos", "93 of the 2,400": a subset of a set
        a.part_reason = f"a subset of a set (\"{doc.text[a.start : m.end()].strip()} …\")"
        nxt = next((j for j in range(i + 1, len(cands)) if cands[j].start != a.start), None)
        if nxt is not None and a.end <= cands[nxt].start <= m.end() <= cands[nxt].m.start:
            b = cands[nxt]
            b.set_ref = True
            mine = sorted(p for p in owned[nxt] if p[0] >= b.end)
            keep = [p for p in mine[:1] if p[0] - b.end <= 25]
            moved = [p for p in mine if p not in keep]
            owned[nxt] = [p for p in owned[nxt] if p not in moved]
            owned[i] = sorted(owned[i] + moved)
            if keep and not any(p >= a.end for p, _ in owned[i]) and not re.search(
                    r"\b(?:sobre|about|on|regarding|con|with|de|of|en|in|para|for|a|to)\s+(?:(?:mas de|more than"
                    r"|over|casi|nearly|almost|al menos|at least|unos|unas|some)\s+)?$", f[max(0, a.start - 30) : a.start]):
                # "16 of the 25 deaths were caused by …", "casi 1.000 de los 1.800 presos no
                # han visto a un abogado": no verb of its own, the part counts what the set counts
                owned[i] = sorted(owned[i] + keep)


def _metric(doc: _Doc, c: _Cand, owned: list[tuple[int, str]], prev_in_sent: _Cand | None) -> None:
    """Set ``c.metric`` (and ``c.inherited``) from the cues the number owns."""
    f = doc.folded
    m = c.m
    sent = c.sent
    if DELTA_AFTER.match(f, m.end) or THING_AFTER.match(f, m.end) or (
        CASES_AFTER.match(f, m.end) and REVIEW_BEFORE.search(f, sent.start, c.start)
    ) or CASES_EXAMINED.match(f, m.end):
        c.metric = "other"
        return
    lo_s, hi_s = _bounds(doc, sent, c.start, c.end, sent.start, sent.end, soft=True)
    lo_w, hi_w = _bounds(doc, sent, c.start, c.end, sent.start, sent.end, soft=False)
    # "despite December's releases", "pese a las excarcelaciones": an aside about other people
    aside = [(a.start(), a.end()) for rx in (CONCESSIVE, TEMPORAL_ASIDE)
             for a in rx.finditer(f, sent.start, sent.end) if not a.start() <= c.start < a.end()]
    owned = [(p, k) for p, k in owned if not any(a <= p < b for a, b in aside)]
    # "Of the 2,000 detainees announced in August, fewer than half are still in custody": the
    # number names the set; the main clause after the comma tells about some of them
    if SET_OPEN_BEFORE.search(f[sent.start : c.start]):
        comma = f.find(",", c.end, sent.end)
        if comma >= 0:
            owned = [(p, k) for p, k in owned if p < comma]
    # «… 15 de nosotros …», relató Carlos, un estudiante que luego fue liberado: after the
    # quote and its speech verb, the words describe the speaker, not the quoted count
    for q in QUOTES.finditer(doc.text, sent.start, sent.end):
        if q.start() < c.start < q.end():
            verb = VERB_RE.search(f, q.end(), sent.end)
            if verb and len(re.findall(r"[^\W\d_]+", f[q.end() : verb.start()])) <= 6:
                owned = [(p, k) for p, k in owned if p < verb.start()]
    near = [(p, k) for p, k in owned if lo_s <= p < hi_s]
    wide = [(p, k) for p, k in owned if lo_w <= p < hi_w and k != "other"]
    # the number's own noun ("… and over 1,300 arbitrary arrests") over the cues of the
    # items listed before it ("Shootings at marches, deaths behind bars and …")
    own = [(p, k) for p, k in near if k not in ("other", "minors") and c.end <= p
           and len(re.findall(r"[^\W\d_]+", f[c.end : p])) <= 1]
    # … and the items after a comma that closes its noun phrase ("1,500 arbitrary arrests,
    # killings and disappearances", "1.500 detenciones arbitrarias, asesinatos y …")
    own_end = max((p for p, _ in own if EVENT_NOUN.match(f, p)), default=len(f))
    pool = [(p, k) for p, k in wide
            if (p >= c.start and not (p > own_end and re.search(r"[,;]", f[own_end:p])))
            or (p < c.start and not re.search(r",|\band\b|\by\b", f[p : c.start]))] \
        if own else wide
    metric = "other" if any(k == "other" for _, k in near) else _pick(doc, pool, lo_s, hi_s)
    # "put the number of detainees in the country at 2,310": the noun says what is counted
    num_of = NUMBER_OF.search(f, sent.start, c.start) or PLACED_AT.search(f, sent.start, c.start)
    if num_of and metric != "other":
        cue = CUE_RE.search(f, num_of.start("noun"), num_of.end())
        if cue and cue.lastgroup not in ("minors", "other", "victim"):
            metric = _pick(doc, [(cue.start(), cue.lastgroup or "")], lo_s, hi_s)
    stock = False  # a count of people still held, read from a verb of remaining
    if metric in (None, "released", "arrested") and (
            STOCK_BEFORE.search(f, sent.start, c.start) or STOCK_AFTER.match(f, m.end)) \
            and not any(k == "released" for _, k in own):
        metric = "detained_current"  # "continúan presos más de 1.500 adultos"
        stock = True
    kinds = {k for _, k in wide}
    weak = metric == "arrested" and "arrested" not in kinds
    role = ROLE_AFTER.match(f, m.end)
    if role:
        # "los más de 400 abogados voluntarios que defienden a los presos": helpers, not
        # people the metrics count, unless the clause says what happened to them
        # ("40 lawyers were arrested", "12 activistas detenidos")
        tail = re.match(r"\s*(?:(?:were|was|have|has|had|been|being|are|fueron|han|habian|sido|estan"
                        r"|siguen|permanecen|quedaron|resultaron|remain|remains|remained|still|continue"
                        r"|continuan)\s+){0,3}[^\W\d_]+(?:\s+(?:out|free|(?:into|in)\s+\w+))?",
                        f[role.end() : role.end() + 60])
        # … or the verb before them says it ("arrested 86 activists", "detuvo a 86 activistas")
        verb_before = re.search(r"(?:^|\s)(\w+)\s+(?:a\s+|al menos a\s+|at least\s+|some\s+|unos\s+|unas\s+)?$",
                                f[max(sent.start, c.start - 40) : c.start])
        told = CUE_RE.search(f, m.end, role.end()) or (
            verb_before is not None and CUE_RE.match(verb_before.group(1)) is not None) or (
            tail and CUE_RE.search(tail.group()) and not re.search(r"\s(?:the|los|las|a)\s", tail.group()))
        if not told:
            c.metric = "other"
            return
    before_sent = [d for d in doc.done if d.sent.index < sent.index]
    # the count a breakdown refers to: the last typed one ("62 menos que …" is a delta)
    # (the set a subset was taken from, "de las 2.400 arrestadas", is no claim to refer to)
    antecedent = next((d for d in reversed(before_sent)
                       if d.metric not in (None, "other") and not d.set_ref),
                      before_sent[-1] if before_sent else None)
    if PARTITIVE_AFTER.match(f, m.end) and prev_in_sent is not None and not prev_in_sent.set_ref \
            and prev_in_sent.metric not in (None, "other"):
        antecedent = prev_in_sent  # "1,963 political prisoners, 1,810 of them civilians": "them" is the 1,963
    partitive = bool(PARTITIVE_START.search(f[sent.start : c.start])) or bool(PARTITIVE_AFTER.match(f, m.end)) \
        or bool(SET_FRAME_START.search(f[sent.start : c.start])) \
        or bool(PARTITIVE_BEFORE.search(f, sent.start, c.start)) or bool(OF_TOTAL_AFTER.match(f, m.end)) \
        or bool(PARTS_OF_BEFORE.search(f, sent.start, c.start))
    c.partitive = partitive
    if partitive:
        c.part_of = antecedent if antecedent is not None and antecedent.metric not in (None, "other") else None
        c.part_reason = "a breakdown of a count given before it (\"of them\", \"del total\", \"include\")"
    if partitive and antecedent and metric in (None, "arrested") \
            and antecedent.metric not in (None, "other"):
        metric = _adult(antecedent.metric)
        c.inherited = True
    elif metric is None or weak:
        same = next((d for d in reversed(doc.done)
                     if d.m.value == m.value and d.metric not in (None, "other")), None)
        if same is not None:
            metric = same.metric
            c.inherited = True
    if metric is None and REGISTER_LISTS.search(f, sent.start, c.start) and PERSON_NOUN.match(f, m.end):
        metric = "detained_current"  # "The NGO's register lists 1,877 people"
    if metric is None:
        if prev_in_sent is not None and prev_in_sent.metric not in (None, "other"):
            metric = _adult(prev_in_sent.metric)
            c.inherited = True
            if prev_in_sent.part or prev_in_sent.partitive:  # "… 1,700 civilians and 200 military"
                c.part = True
                c.part_of, c.part_reason = prev_in_sent.part_of, prev_in_sent.part_reason
        elif antecedent is not None and antecedent.metric not in (None, "other") \
                and antecedent.sent.index >= sent.index - 2 and (
                    PERSON_NOUN.match(f, m.end) or _counted_bare(f, sent, c)):
            metric = _adult(antecedent.metric)
            c.inherited = True
    near_kinds = {k for _, k in near}
    event_cue = bool(near_kinds & {"released", "killed", "injured", "disappeared", "other"})
    # "640 detenidos, de los cuales 590 son varones y 50 mujeres": parts of the count before;
    # "Entre los detenidos figuran 48 adolescentes, 9 periodistas …": parts of a named set
    typed_prev = prev_in_sent is not None and prev_in_sent.metric not in (None, "other")
    frame = None
    for fr in FRAME_BEFORE.finditer(f, sent.start, c.start):
        frame = fr
    if frame is not None and STRONG_BOUNDARY.search(f, frame.end(), c.start):
        frame = None
    if event_cue:
        pass
    elif prev_in_sent is not None and typed_prev and (
        PARTS_BETWEEN.search(f, prev_in_sent.end, c.start)
        or re.search(r",\s*(?:con|with)\s+(?:[^\W\d_]+\s+){0,2}$", f[prev_in_sent.end : c.start])
    ):
        metric = prev_in_sent.metric
        c.inherited = c.part = True
        c.part_of = prev_in_sent
        c.part_reason = f"a part of the {prev_in_sent.m.text} before it in the sentence"
    elif frame is not None:
        cue = CUE_RE.match(f, frame.start("noun"))
        kind = cue.lastgroup if cue else None
        if kind == "detainee":
            kind = "detained_current" if STILL_RE.search(f, sent.start, sent.end) else "arrested"
        if kind and kind != "minors":
            metric = kind
            c.inherited = c.part = True
            c.part_reason = f"one group among \"{doc.text[frame.start() : frame.end()]}\""
    elif prev_in_sent is not None and typed_prev and prev_in_sent.part and not near_kinds - {"minors"}:
        metric = _adult(prev_in_sent.metric)  # the next item of a list of parts
        c.inherited = c.part = True
        c.part_of = prev_in_sent.part_of
        c.part_reason = prev_in_sent.part_reason
    # "otras tres fallecieron", "another 12 were freed", "12 more": an addition, not a total
    if re.search(r"\b(?:otros|otras|another|other)\s+$", f[sent.start : c.start]) or re.match(
        r"\s+more\b(?!\s+than)", f[m.end : m.end + 12]
    ):
        c.part = True
        c.part_reason = "an addition to a count (\"another\", \"otras\", \"more\"), not a total"
    # "60 people, including journalists and minors": the minors are some of them, not all
    subset = PARTS_BETWEEN.search(f, c.end, hi_w) or INCLUDE_VERB.search(f, c.end, hi_w)
    minors = any(k == "minors" and not (subset and p >= subset.start())
                 and (not stock or (k, p) in [(k2, p2) for p2, k2 in near if c.end <= p2 <= c.end + 20])
                 for p, k in wide) \
        and not ADULTS_AFTER.match(f, m.end)  # "más de 1.800 adultos": the grown-ups of a count
    if metric in (None, "arrested", "detained_current") and minors:
        metric = "minors_detained"
    opening = OPENING_RELEASE.match(f, sent.start, c.start)
    if opening and metric in ("arrested", "detained_current") and not re.search(
            r"\d|[,;]", f[opening.end() : c.start]):
        metric = "released"  # "Once freed, the 41 former detainees must appear …"
    c.metric = metric or "other"


def _counted_bare(f: str, sent: _Sentence, c: _Cand) -> bool:
    """"counted 1,905 in late November", "contabilizaba 1.905.": a counting verb's bare number
    (no noun after it, only a time, place or the end of the clause)."""
    return bool(COUNTED_BARE.search(f, sent.start, c.start)) and bool(
        re.match(r"\s*(?:[.,;:)]|$|(?:in|en|a|at|hasta|by|as of|on|el|la|para|for|until)\b)", f[c.end : c.end + 10]))


def _adult(metric: str | None) -> str | None:
    return "detained_current" if metric == "minors_detained" else metric


def _unit(doc: _Doc, end: int) -> str | None:
    for rx, unit in UNIT_RES:
        if rx.match(doc.folded, end):
            return unit
    return None


# --------------------------------------------------------------------------------------
# 5. attribution


def _clean_source(raw: str) -> str | None:
    s = DATELINE.sub("", raw.strip())
    s = SOURCE_TAIL.sub("", s)
    # "a report it released": the pronoun (resolved later to the organisation named before)
    s = re.sub(r"^(?:a|an|the|its|their)\s+(?:new\s+|latest\s+)?(?:report|statement|list|study|tally)\s+"
               r"(it|they)\s+(?:released|published|issued|put out|posted)$", r"\1", s.strip())
    poss = DOC_POSSESSOR.match(s.strip())
    if poss:
        s = poss.group("owner")  # "the watchdog's report" → "the watchdog"
    s = s.strip()
    owner = DOC_OWNER.match(fold(s))
    if owner and re.match(r"(?:(?:el|la|los|las|the)\s+)?[A-ZÀ-Ý@]", s[owner.end() :]):
        s = s[owner.end() :]  # "un reporte divulgado el viernes por la ONG" → "la ONG"
    s = re.sub(r"\([^)]*\)?", " ", s)
    # "a spokesperson for the Observatory", "un vocero del Observatorio": the organisation speaks
    s = re.sub(r"^(?:a|an|the|un|una|el|la)\s+(?:spokes(?:person|man|woman)|vocer[oa]|portavoz"
               r"|representative|representante)\s+(?:for|of|de|del)\s+(?=(?:the\s+|la\s+|el\s+)?[A-ZÁÉÍÓÚÑ])",
               "", s.strip())
    for _ in range(2):
        s = TIME_LEAD.sub("", LEAD_JUNK.sub("", s).strip()).strip()
    s = re.sub(r"\s+", " ", s)
    # "CARACAS, Jan 12 (Wire) - The ministry": the dash a wire dateline leaves before its subject
    s = re.sub(r"^[-–—]+\s*", "", s)
    if ":" in s:
        s = s[s.rfind(":") + 1 :].strip()  # "el número sigue alto: la ONG": the name after the colon
    said = re.match(r"(.+?)\s+(?:said|says|reported|stated|announced|dijo|dice|informó|señaló|indicó)\b.*\s"
                    r"(?:it|they|ella|ellos)$", s)
    if said:
        s = said.group(1)  # "A UN panel said on Monday it": the subject of the speech verb
    if not s or len(s) < 2 or len(s.split()) > 15 or re.search(r"\d", s):
        return None
    if re.fullmatch(r"(?:en|in) (?:el|ella|it|(?:el|este|ese|dicho|the|that|this) (?:informe|reporte|documento"
                    r"|balance|boletin|report|document|bulletin))(?: se)?", fold(s)):
        return "it"  # "En él se cifra en …", "In it, …": the document just named, so its author
    if BAD_SUBJECT.match(fold(s)) and not PRONOUN.match(fold(s)) and not ORG_PRONOUN.match(fold(s)):
        return None
    if re.search(r"\b(?:was|were|is|are|fue|fueron|es|son|been|que|that|has|have|had)\b", fold(s)):
        return None
    if re.search(r"\b(?:and|y|or|o|of|de|del|with|con|for|para|by|por)$", fold(s)):
        return None  # "files reviewed and": a fragment cut at a conjunction names nobody
    if s in ("un", "una", "lo", "la", "el"):  # an article left of a frame (not "UN")
        return None  # "un", "lo": no name
    if VERB_RE.match(fold(s)) or RELATIVE_PIECE.match(fold(s)):
        return None  # "said its lawyers had …", "whose lawyers …": not a subject
    if s.islower() and len(s.split()) == 1 and re.search(r"(?:ed|ado|ada|ido|ida)$", s):
        return None  # "freed": a participle left of a headline's frame
    return s


def _is_generic(source: str) -> bool:
    words = re.findall(r"[^\W\d_]+", re.sub(r"[\w.]+-based\b", "based", fold(source)))
    return all(w in GENERIC_SOURCE for w in words)


def _np_after(text: str, start: int, end: int) -> str | None:
    """The noun phrase that starts at ``start``: up to a comma, a clause word or a period."""
    seg = text[start:end]
    doc_owner = DOC_OWNER.match(fold(seg[:120]))
    if doc_owner and re.match(r"(?:(?:el|la|los|las|the)\s+)?[A-ZÀ-Ý@]", seg[doc_owner.end() :]):
        seg = seg[doc_owner.end() :]  # "el desglose que ofreció el Foro Penal" → "el Foro Penal"
    seg = re.sub(r"^(?:detalla|indica|informa|informó|reporta|precisa|señala|explica|dijo|afirma"
                 r"|publicó|registra|revela)\s+", "", seg)
    cut = re.search(r"[,.;:(\"“”«»—–]|\d|\s(?:show|shows|showed|muestran|muestra|indican|revelan|says?|said"
                    r"|that|which|who|whose|que|quien|quienes|cuyo|cuya|in a|on|en la red"
                    r"|en su|en un|en una|published|publicad\w*|a traves|a través|through|via|to|a la|al|ante|for"
                    r"|para|has|have|had|ha|han|is|was|were|es|fue|son|said|dijo|en|in)\s", seg)
    if cut:
        name = _APPOSED_NAME.match(seg, cut.start())
        role = fold(seg[: cut.start()]).strip()
        if name and _ROLE_WORD.search(role) and re.match(r"(?:the|el|la|los|las)\s", role) \
                and not re.search(r"['’]s\b", role):
            # "según el ministro del Interior, Diosdado Cabello": the role, then who holds it
            cleaned = _clean_source(seg[: cut.start()])
            return f"{cleaned}, {name.group(1)}" if cleaned else _clean_source(name.group(1))
        seg = seg[: cut.start()]
    return _clean_source(seg)


# a Spanish subjunctive or infinitive among the speech verbs ("anunciara", "afirmar")
_SUBORDINATE_FORM = re.compile(r"^(?:[a-z]+(?:ara|era|ar|er|ir))$")
_CONTRAST_LEAD = re.compile(r"\s*(?:[Aa] diferencia de(?:l| la| los| las)?|[Uu]nlike|[Cc]ontrary to|[Aa]l contrario de(?:l)?"
                            r"|[Ff]rente a|[Ii]n contrast to|[Aa]s opposed to)\s+[^,.;]{2,60},\s*")
_ORG_HEAD = re.compile(r"\b(?:organi[sz]ations?|organizacion(?:es)?|group|grupo|ngo|ong|agrupacion|watchdog"
                       r"|monitor|observatorio|colectivo|coalition|coalicion)\b")
# a person's name as sources are written ("Alfredo Romero", "Gonzalo Himiob"), not a KNOWN_ORGS hit
_PERSON_NAME = re.compile(r"(?!(?:Foro|Human|Amnest|Amnist|Justicia|Comit|Observatorio|Laboratorio|Vente|Cofavic|Provea))"
                          r"[A-ZÁÉÍÓÚÑ][a-záéíóúñ’'-]+(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ’'-]+){1,3}")
_DISCOURSE = re.compile(
    r"en cambio|por su parte|sin embargo|no obstante|a su vez|por otro lado|por el contrario|en contraste"
    r"|ademas|asimismo|however|meanwhile|for (?:its|their|his|her) part|in turn|on the other hand|instead"
    r"|in contrast|by contrast|also|too|though|for example|por ejemplo"
)
_LEAD_NAME = re.compile(r"\s*((?:[A-ZÁÉÍÓÚÑ][\w’'-]+(?:,?\s+(?:(?:de|del|y|e|and|of|for)\s+)?(?=[A-ZÁÉÍÓÚÑ]))?)+)"
                        r"\s+[a-záéíóúñ]")
_APPOSED_NAME = re.compile(r",\s*((?:[A-ZÁÉÍÓÚÑ][\w’'-]+\s?){2,4})\s*(?:[.;]|,\s|$)")
_ROLE_WORD = re.compile(r"\b(?:minist|director|president|fiscal|attorney|vocer|portavoz|spokes|abogad|lawyer"
                        r"|jef[ea]|head|coordinador|secretari|defensor|comisionad|commissioner|lider|leader"
                        r"|gobernador|governor|alcald|mayor|rector|comandante|commander|canciller|ombudsman"
                        r"|diputad|lawmaker|legislator|senador|senator|chief|founder|fundador)")


_DATA_NOUN = r"(?:numbers|figures|data|statistics|count|tally|cifras|datos|numeros|estadisticas|registros)"


def _data_owner(source: str) -> str:
    """"Government numbers" → "Government", "cifras del Ejecutivo" → "Ejecutivo": the owner of
    the data is the source (kept as written when what remains is not a name or an office)."""
    f = fold(source)
    m = re.match(r"(.+?)\s+(?:official\s+)?" + _DATA_NOUN + r"$", f)
    if m and (GOV_WORDS.search(m.group(1)) or KNOWN_ORGS.search(source)) \
            and not re.fullmatch(r"(?:the\s+)?(?:official|oficial|oficiales|state|estado)", m.group(1)):
        return source[: m.end(1)]
    m = re.match(_DATA_NOUN + r"(?:\s+oficiales)?\s+(?:del|de la|de los|de las|de|of the|of|from the|from)\s+", f)
    if m and (GOV_WORDS.search(f[m.end() :]) or KNOWN_ORGS.search(source[m.end() :])):
        return source[m.end() :]
    return source


def _subject_before(text: str, lo: int, verb_start: int) -> str | None:
    """The subject of a speech verb: the comma-separated piece just before it."""
    seg = text[lo:verb_start]
    q = max(seg.rfind("”"), seg.rfind('"'), seg.rfind("»"))
    if q >= 0:
        seg = seg[q + 1 :]
    seg = re.sub(r"\([^)]*\)", " ", seg)
    # "… no coincide con la del Foro Penal, que contabiliza …": the relative clause's antecedent
    rel = re.search(r",\s*(?:que|which|who|quien|quienes)\s*$", seg)
    if rel:
        name = re.search(r"([A-ZÁÉÍÓÚÑ][\w’'-]*(?:\s+(?:(?:de|del|de la|de los|por la|of|for|of the|y|and)\s+)?"
                         r"[A-ZÁÉÍÓÚÑ][\w’'-]*)*)\s*$", seg[: rel.start()])
        if name and not re.search(r"\d", seg[name.start() : rel.start()]):
            return _clean_source(name.group(1))
    # ", which has some 400 volunteers," is an aside: its numbers do not cut the subject
    seg = re.sub(r",\s*(?:which|who|whose|que|quien|quienes|cuyo|cuya|cuyos|cuyas)\b[^,]*,", ",", seg)
    digits = list(re.finditer(r"\d[\d:.,-]*", seg))
    if digits:
        seg = seg[digits[-1].end() :]
    tail = AUX_TAIL.search(fold(seg))
    if tail:
        seg = seg[: tail.start()]
    pieces = [p.strip() for p in seg.split(",")]
    def aside(piece: str) -> bool:
        """"whose lawyers work for free": a relative clause, not the subject ("which X said" is);
        "through its minister", "divulgado el miércoles", "based in Caracas": a circumstance."""
        if SUBJECT_ASIDE.match(fold(piece)) and piece[:1].islower():
            return True
        if _DISCOURSE.fullmatch(fold(piece).strip()):
            return True  # "Provea, en cambio, registra …"
        rel = RELATIVE_PIECE.match(fold(piece))
        rest = piece[rel.end() :].strip() if rel else ""
        return bool(rel) and not (rest[:1].isupper() and len(rest.split()) <= 5)

    while pieces and (not pieces[-1] or (len(pieces) > 1 and aside(pieces[-1]))):
        pieces.pop()
    if not pieces:
        return None
    last = pieces[-1]
    # "The UN office said it had documented …": the subject of the first speech verb
    first_verb = VERB_RE.search(fold(last))
    if first_verb and first_verb.start() > 0 and re.match(
        r"\s+(?:that\s+|que\s+)?(?:it|they|he|she|ella|ellos|ellas)\b", fold(last)[first_verb.end() :]
    ):
        last = last[: first_verb.start()].strip()
    # "It has been reported that X says": the subject follows a complementizer after a verb
    for comp in reversed(list(re.finditer(r"\b(?:that|que)\b", fold(last)))):
        word = re.findall(r"[^\W\d_]+", fold(last[: comp.start()]))
        subordinate = re.search(r"\b(?:despues de|antes de|luego de|a pesar de|tras|hasta)\s*$",
                                fold(last[: comp.start()]))
        if subordinate or (word and (VERB_RE.fullmatch(word[-1]) or re.search(r"(?:ed|ado|ido)$", word[-1]))):
            # "un aviso que vino después de que la Fiscalía dijera": the subordinate's subject
            last = last[comp.end() :].strip()
            break
    def appositive(piece: str) -> bool:
        low = fold(piece)
        named = bool(re.match(r"(?:the|el|la)\b", low) and re.search(r"\s[A-ZÁÉÍÓÚÑ]", piece))
        stripped = LEAD_JUNK.sub("", piece).strip()
        if stripped[:1].isupper() and not re.match(r"(?:a|an|un|una)\b", low):
            return False  # "…, which Foro Penal said": a name, not an appositive
        if re.match(r"(?:the|a|an|el|la|los|las|un|una)\b", low) and re.search(
            r"\b(?:that|which|who|whose|que|quien|quienes|cuyo|cuya)\b", low
        ):
            return True  # "Foro Penal, the group that keeps the count, said": a description
        return (bool(APPOSITIVE.match(low)) and not named) or _is_generic(stripped)

    pieces[-1] = last
    def name_like(piece: str) -> bool:
        words = [w for w in re.findall(r"[^\W\d_]+", LEAD_JUNK.sub("", piece).strip())
                 if fold(w) not in ("the", "el", "la", "los", "las", "de", "del", "of", "y", "and", "por", "for")]
        return bool(words) and all(w[0].isupper() for w in words)

    idx = len(pieces) - 1
    while idx > 0 and appositive(pieces[idx]) and not TIME_PIECE.match(fold(pieces[idx - 1])) \
            and (name_like(pieces[idx - 1]) or appositive(pieces[idx - 1]) or _is_generic(pieces[idx - 1])):
        idx -= 1
    head = LEAD_JUNK.sub("", LEAD_JUNK.sub("", pieces[idx]).strip()).strip()
    if idx == len(pieces) - 2:
        role = LEAD_JUNK.sub("", pieces[-1]).strip()
        if len(role.split()) <= 4 and re.match(r"(?:the|el|la)\b", fold(role)) and not _is_generic(role):
            return _clean_source(f"{head}, {role}")
    if idx < len(pieces) - 1:
        return _clean_source(head) or _clean_source(LEAD_JUNK.sub("", pieces[-1]).strip())
    return _clean_source(head)


def _clause_owner(doc: _Doc, lo: int, hi: int) -> str | None:
    """The owner of a document or count that opens the clause ``text[lo:hi]``: "Foro Penal's
    count, updated on Saturday, stood at", "el conteo de Foro Penal, actualizado el sábado, se
    situaba en"."""
    seg = doc.text[lo:hi]
    lead = len(seg) - len(seg.lstrip(" ;,:—–"))
    first = re.split(r"[,(]", seg[lead:], maxsplit=1)[0].strip()
    poss = DOC_POSSESSOR.match(first)
    if poss and re.match(r"\s*(?:the\s+)?[A-ZÁÉÍÓÚÑ]", poss.group("owner")):
        return _clean_source(poss.group("owner"))
    owner = DOC_OWNER.match(fold(first))
    if owner and re.match(r"(?:(?:el|la|los|las|the)\s+)?[A-ZÀ-Ý]", first[owner.end() :]):
        return _clean_source(first[owner.end() :])
    return None


def _subject_after(text: str, verb_end: int, hi: int) -> str | None:
    """The subject of an inverted frame: ``…", said X`` / ``…, informó el Ministerio``."""
    seg = text[verb_end:hi]
    seg = re.sub(r"^\s*(?:(?:on|en|in)\s+(?:la red social\s+|the social network\s+|a post on\s+|su cuenta de\s+)?X\b"
                 r"|(?:on|este|esta|this|el|last)\s+(?:this\s+|este\s+|esta\s+)?(?:" + WEEKDAY_RE + r")(?:\s*\(\d+\))?"
                 r"|en (?:un|su) (?:comunicado|mensaje))\s*", "", seg, flags=re.IGNORECASE)
    # "dijo a AP una vecina", "declaró a la prensa el fiscal": the listener, then the speaker
    seg = re.sub(r"^\s*a\s+(?:(?:la|el|los|las)\s+)?(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}|prensa|periodistas"
                 r"|reporteros|medios)\s+(?=[^\W\d_])", " ", seg)
    m = re.match(r"\s*([^,.;:()]+)(,\s*(?:[A-ZÁÉÍÓÚÑ][\w]+(?:\s+[A-ZÁÉÍÓÚÑ][\w]+)+|director[^,.;:()]*"
                 r"|head[^,.;:()]*|presidente?[^,.;:()]*))?", seg)
    if not m:
        return None
    # "said a lawyer who was later arrested", "dijo un abogado que fue detenido": the speaker
    # without the relative clause that describes them
    head = re.split(r"\s(?:who|whom|whose|which|que|quien|quienes|cuyo|cuya)\s", m.group(1), maxsplit=1)[0]
    return _clean_source(head + (m.group(2) or "" if head == m.group(1) else ""))


def _resolve(doc: _Doc, source: str, pos: int) -> str | None:
    """Replace "the NGO", "la ONG", "el informe", "he" by the one last named before ``pos``.

    An indefinite source ("a human rights group") names nobody in particular and stays.
    """
    f = fold(source)
    if PRONOUN_TAIL.search(f) and (PRONOUN.match(PRONOUN_TAIL.sub("", f)) or ORG_PRONOUN.match(PRONOUN_TAIL.sub("", f))):
        source = source[: len(PRONOUN_TAIL.sub("", f))]  # "It also", "He then": the pronoun
        f = fold(source)
    if PRONOUN_TAIL.fullmatch(" " + f):
        return None  # "still", "also": an adverb left of a frame names nobody
    if BARE_ROLE.match(f) or PRONOUN.match(f):
        # "He said", "La experta", "El fiscal": the person who spoke last before; a role
        # nobody was named for before ("The prosecutor pegged …") stays the role, a
        # pronoun names nobody
        speaker = _last_speaker(doc, pos)
        if speaker is None and not PRONOUN.match(f):
            return _clean_source(source)
        return speaker
    if BARE_GROUP.match(f):
        # "the lawyers", "los activistas": their organisation speaks, when one was named
        # before; else the group as written (not "the organisation" of nobody)
        if not any(opos < pos and not _is_generic(name) and not GOV_WORDS.search(fold(name))
                   and not _PERSON_NAME.fullmatch(name.strip()) for opos, name in doc.orgs):
            return _clean_source(source)
        source = "the organisation"
        f = fold(source)
    doc_lead = DOC_LEAD.match(f)
    if doc_lead and not re.search(r"[A-ZÁÉÍÓÚÑ]", source[1:]) and (
            not doc_lead.group("rest").strip() or DOC_GENERIC_OWNER.match(doc_lead.group("rest"))):
        # "el desglose", "its report", "the breakdown the organisation posted": the owner is
        # the organisation named before (of the kind the owner noun says, when it says one)
        named = [name for opos, name in doc.orgs if opos < pos and not _is_generic(name)]
        if _ORG_HEAD.search(doc_lead.group("rest")):
            named = [n for n in named if not GOV_WORDS.search(fold(n)) and not _PERSON_NAME.fullmatch(n.strip())]
        return named[-1] if named else None
    poss = re.match(r"(?:his|her)\s+([a-z]+)$", f)
    if poss:
        # "Her allies said …": the person who opens the previous sentence of the paragraph
        owner = _previous_subject(doc, pos)
        if owner:
            return f"{owner.split()[-1]}'s {source.split()[-1]}"
    if OWN_ROLE.match(f):
        named = [name for opos, name in doc.orgs if opos < pos and not _is_generic(name)
                 and not GOV_WORDS.search(fold(name))]
        return named[-1] if named else source
    if PRONOUN.match(f):
        people = [(p.start(), p.group(1).strip()) for p in PERSON_ROLE.finditer(doc.text, 0, pos)]
        return people[-1][1] if people else source
    if ORG_PRONOUN.match(f):
        source = "the organisation"
        f = fold(source)
    if not _is_generic(source) or re.match(r"(?:a|an|un|una|unos|unas|some|several|varias|diversas)\b", f):
        return source
    want_gov = bool(GOV_WORDS.search(re.sub(r"[\w.]+-based\b", "", f)))
    if not want_gov and _ORG_HEAD.search(f):
        # "the organization said": an organisation, not the person quoted last ("Alfredo
        # Romero, the NGO's president"), when one was named before
        for opos, name in reversed(doc.orgs):
            if opos < pos and not GOV_WORDS.search(fold(name)) and not _is_generic(name) \
                    and not _PERSON_NAME.fullmatch(name.strip()):
                return name
    for opos, name in reversed(doc.orgs):
        if opos >= pos:
            continue
        if bool(GOV_WORDS.search(fold(name))) == want_gov and not _is_generic(name):
            return name
    if not want_gov:
        # a headline's "rights group says": the organisation the body names first
        for opos, name in doc.orgs:
            if opos > pos and not GOV_WORDS.search(fold(name)) and not _is_generic(name):
                return name
    if all(w in FRAGMENT_SOURCE for w in re.findall(r"[^\W\d_]+", f)):
        return None  # "the report", "La información": nobody named makes the claim
    return source


# capitalised words that open a sentence or name a place or a body, not a person
_NOT_NAME_WORDS = frozenset(
    ["the", "el", "la", "los", "las", "in", "en", "on", "by", "at", "al", "a", "del", "de", "solo", "only", "another", "otra", "otro", "this", "that", "este", "esta", "ese", "esa", "when", "cuando", "after", "tras", "since", "desde", "during", "durante", "with", "con", "for", "para", "por", "of", "from", "most", "la", "mayoria", "un", "una", "an", "ministry", "ministerio", "office", "oficina", "mission", "mision", "un", "onu", "united", "nations", "naciones", "unidas", "council", "consejo", "court", "tribunal", "national", "nacional", "assembly", "asamblea", "police", "policia", "guard", "guardia", "venezuela", "caracas", "zulia", "lara", "carabobo", "bolivar", "valencia", "spain", "espana", "state", "estado"]
)


def _last_speaker(doc: _Doc, pos: int) -> str | None:
    """The person a pronoun or a bare role stands for: the last named person before ``pos``
    (a role with a name, "Attorney General Tarek William Saab", or a source that is a name),
    else the last named source; None when nobody was named (never the pronoun itself)."""
    people = [(p.start(), p.group(1).strip()) for p in PERSON_ROLE.finditer(doc.text, 0, pos)]
    # a person's name written out before ("Lidia Varela spoke on Monday. She said …")
    people += [(p.start(), p.group()) for p in _PERSON_NAME.finditer(doc.text, 0, pos)
               if not (set(fold(p.group()).split()) & _NOT_NAME_WORDS) and not KNOWN_ORGS.search(p.group())
               and not INSTITUTION.search(p.group()) and not GOV_WORDS.search(fold(p.group()))]
    people += [(opos, name) for opos, name in doc.orgs if opos < pos and not _is_generic(name)
               and (_PERSON_NAME.match(name) or _ROLE_WORD.search(fold(name)))
               and not KNOWN_ORGS.fullmatch(name.strip()) and not INSTITUTION.fullmatch(name.strip())
               and not PRONOUN.match(fold(name)) and not BARE_ROLE.match(fold(name))]
    if people:
        return max(people)[1]
    named = [name for opos, name in doc.orgs if opos < pos and not _is_generic(name)]
    return named[-1] if named else None


def _previous_subject(doc: _Doc, pos: int) -> str | None:
    """The name (two to four capitalised words) opening the sentence before the one at ``pos``,
    in the same paragraph."""
    idx = next((s.index for s in doc.sentences if s.start <= pos < s.end), None)
    if not idx:
        return None
    cur, prev = doc.sentences[idx], doc.sentences[idx - 1]
    if prev.para != cur.para:
        return None
    m = re.match(r"\s*((?:[A-ZÁÉÍÓÚÑ][\w’'-]+\s+){1,3}[A-ZÁÉÍÓÚÑ][\w’'-]+)\b(?!\s+[A-ZÁÉÍÓÚÑ])",
                 doc.text[prev.start : prev.end])
    if not m or _is_generic(m.group(1)) or GOV_WORDS.search(fold(m.group(1))):
        return None
    return m.group(1)


def _verbs(doc: _Doc, lo: int, hi: int) -> list[re.Match[str]]:
    """Speech verbs in folded[lo:hi], outside quotations and not after "según"."""
    quoted = [(m.start(), m.end()) for m in QUOTES.finditer(doc.text, lo, hi)]
    out = []
    for m in VERB_RE.finditer(doc.folded, lo, hi):
        if any(a < m.start() < b for a, b in quoted):
            continue
        if re.search(r"(?:segun|according to|de acuerdo con)\s*$", doc.folded[max(lo, m.start() - 20) : m.start()]):
            continue
        if not re.search(r"[^\W\d_]", doc.text[lo : m.start()]):
            continue  # a sentence that opens with the verb has no subject before it
        if re.search(r"(?:ed|ado|ada|ados|adas|ido|idos)$", m.group()) and re.search(
            r"\b(?:ever|most|highest|largest|lowest|figures?|numbers?|cases|data|count|toll|cifras?|numeros?"
            r"|casos|datos|mas alta|mas alto)\s+(?:ever\s+|jamas\s+|nunca\s+)?$",
            doc.folded[max(lo, m.start() - 25) : m.start()],
        ):
            continue  # "the highest figure recorded", "figures shared": a participle, not a speaker
        out.append(m)
    return out


def _attribution(doc: _Doc, c: _Cand, prev_end: int, next_start: int) -> str | None:
    """Who gives the figure, from its own sentence (None when the sentence does not say)."""
    sent = c.sent
    text, f = doc.text, doc.folded
    lo_w, hi_w = _bounds(doc, sent, c.start, c.end, sent.start, sent.end, soft=False)
    accs: list[tuple[int, str]] = []
    for m in ACCORDING.finditer(f, sent.start, sent.end):
        np_ = _np_after(text, m.end(), sent.end)
        if np_:
            accs.append((m.start(), np_))
    verbs = _verbs(doc, sent.start, sent.end)

    def inverted(v: re.Match[str]) -> str | None:
        before = text[sent.start : v.start()].rstrip()
        if before and before[-1] in ",\"”»":
            return _subject_after(text, v.end(), sent.end)
        return None

    choices: list[str | None] = []
    named = [(p, src) for p, src in accs if not _is_generic(src)]
    # 1. "according to X" right after the number, before the next one
    # — unless a closing speech frame comes first: "N …, the opposition said, citing figures
    # from lawyers" is the opposition's claim, the lawyers its data
    choices += [src for p, src in named if c.end <= p < next_start
                and not any(c.end <= v.start() < p for v in verbs)]
    # 2. "según X" before the number, with no other number or speech verb in between
    choices += [src for p, src in reversed(named) if prev_end <= p < c.start
                and not any(p < v.start() < c.start for v in verbs)]
    # 3. a closing frame after the number: ', said X.' / ', X said.' / ', informó X.'
    # (not a subjunctive or an infinitive: "…, después de que el fiscal anunciara …" is a
    # subordinate with its own subject, not a frame)
    for v in verbs:
        if _SUBORDINATE_FORM.search(v.group()):
            continue
        if c.end <= v.start() and re.search(r"\b(?:after|before|when|since|because|once|despues de que"
                                            r"|antes de que|luego de que|cuando|porque|tras que)\b",
                                            f[c.end : v.start()]) \
                and len(re.findall(r"[^\W\d_]+", f[v.end() : sent.end])) >= 4 \
                and not re.fullmatch(r"said|says|added|wrote|told|noted|explained|dijo|afirmo|informo|senalo"
                                     r"|indico|preciso|explico|agrego|anadio|aseguro|sostuvo|relato|conto", v.group()):
            continue  # "…, after the prosecutor announced on Sunday a review of the cases"
        if c.end <= v.start() < hi_w and not re.match(r"\s*(?:\w+\s+){0,3}?(?:que|that)\b", f[v.end() : sent.end]) \
                and not re.search(r"\b(?:que|quien|who|which)\s*$", f[c.end : v.start()]):
            frame = text[c.end : v.start()]
            quote = max(frame.rfind('"'), frame.rfind("”"), frame.rfind("»"))
            comma = frame.find(",")
            if quote >= 0 or comma >= 0:
                lo = c.end + (quote if quote >= 0 else comma) + 1
                tail = f[c.end + max(quote, frame.rfind(",")) + 1 : v.start()]
                if re.match(r"\W*(?:cuando|when|where|donde|after|tras|si|if|because|porque|como|as"
                            r"|with|con|and|y|plus|including|incluidos|incluidas)\b", tail):
                    continue  # "…, with a dozen files reviewed and documented": a circumstance
                inv = inverted(v)
                if inv is None and not re.match(
                    r"\s*(?:$|[.,;:]|(?:on|in|at|to|en|a|this|este|esta|earlier|later|yesterday|ayer|hoy|today"
                    r"|during|durante|el (?:" + WEEKDAY_RE + r"))\b)", f[v.end() : sent.end]
                ) and not (TOLD.match(v.group()) and TOLD_WHOM.match(text, v.end(), sent.end)):
                    continue  # "…, la ONG confirma la mitad": the verb has its own object
                choices.append(inv or _subject_before(text, lo, v.start()))
    # 4. the nearest speech verb before the number ("X said that …", "X informó que …")
    before_verbs = sorted((v for v in verbs if v.end() <= c.start), key=lambda v: -v.start())

    def nonfinite(v: re.Match[str]) -> bool:
        """"saying 1,581 …", "tras confirmar que 12 …", "… y dijo que …": no subject of its own."""
        if PARTICIPLE_VERB.match(f, v.start()):
            return True
        lead = NONFINITE_BEFORE.search(f, sent.start, v.start())
        if not lead:
            return False
        coordinated = re.search(r"(?:y|e|and)(?:\s+\w+)?\s*$", lead.group())
        return bool(coordinated) or bool(NONFINITE_VERB.search(v.group()))

    clause_owner = _clause_owner(doc, lo_w, c.start) if any(v.start() < lo_w for v in before_verbs) else None
    for i, v in enumerate(before_verbs):
        if clause_owner and v.start() < lo_w:
            choices.append(clause_owner)  # "…; Foro Penal's count, updated on Saturday, stood at 24"
            clause_owner = None
        if nonfinite(v):
            main = next((u for u in before_verbs[i + 1 :] if not nonfinite(u)), None)
            if main is not None:
                choices.append(_subject_before(text, sent.start, main.start()))
                continue
            # "Provea revisó sus datos y precisó que …": the name that opens the sentence
            lead = _LEAD_NAME.match(text, sent.start, v.start())
            if lead:
                choices.append(_clean_source(lead.group(1)))
                continue
        lo = lo_w if v.start() >= lo_w else sent.start
        quoted = re.search(r"[\"”»]\s*,?\s*$", text[sent.start : v.start()])
        src = (inverted(v) if quoted else None) or _subject_before(text, lo, v.start())
        if src is None and PARTICIPLE_VERB.match(f, v.start()):
            # "Saab dismissed the idea …, saying 48 …": the participle's subject opens the sentence
            lead = re.match(r"\s*((?:[A-ZÁÉÍÓÚÑ][\w’'-]+\s+){1,4})[a-z]", text[sent.start : v.start()])
            src = _clean_source(lead.group(1)) if lead else None
        choices.append(src)
    # 4b. the subject of a relative clause on the number's noun: "Los 25 asesinatos que
    # contabiliza la misión de la ONU", "the 25 killings that the UN mission counted"
    rel = re.match(r"\s+(?:[^\W\d_]+\s+){0,2}?(?:que|that|which)\s+", f[c.end : sent.end])
    if rel:
        at = c.end + rel.end()
        v_in = next((v for v in verbs if v.start() >= at), None)
        if v_in is not None and v_in.start() == at:
            # "que contabiliza la misión de la ONU se reparten …": the subject ends where the
            # main clause's verb (or a number) starts
            stop = re.search(r"\s(?:se|ha|han|fue|fueron|es|son|[a-záéíóúñ]+(?:an|en|aron|ieron|ó))\b|\d",
                             text[v_in.end() : sent.end])
            end = v_in.end() + stop.start() if stop else sent.end
            choices.append(_subject_after(text, v_in.end(), end))  # "que contabiliza X"
        elif v_in is not None and 0 < v_in.start() - at <= 50 and not re.search(r"[,;\d]", f[at : v_in.start()]):
            choices.append(_clean_source(text[at : v_in.start()]))  # "that the UN mission counted"
    # 5. any "according to" in the number's clause
    choices += [src for p, src in accs if lo_w <= p < hi_w]
    # 5b. a closing frame that ends the sentence, past a "mientras"/"while" clause:
    # "La policía detuvo a 34 personas … mientras …, informaron periodistas locales."
    last = [v for v in verbs if v.start() >= hi_w > c.end and not _SUBORDINATE_FORM.search(v.group())]
    if last:
        v = last[-1]
        tail = text[v.end() : sent.end]
        if text[sent.start : v.start()].rstrip().endswith(",") and re.fullmatch(
            r"\s*[^,;:()\d]{2,60}?[.!]?\s*", tail
        ):
            choices.append(_subject_after(text, v.end(), sent.end))
        elif re.fullmatch(r"\s*[.!]?\s*", tail):
            # "…, the student federation said."
            comma = text.rfind(",", hi_w, v.start())
            if comma >= 0 and not re.search(r"\d", text[comma : v.start()]):
                choices.append(_subject_before(text, comma + 1, v.start()))
    # 6a. "Foro Penal: 100 excarcelaciones …" — a name that opens a headline before a colon
    head = re.match(r"\s*([A-ZÁÉÍÓÚÑ][\w’'.-]*(?:\s+(?:de\s+|del\s+|y\s+|of\s+)?[A-ZÁÉÍÓÚÑ][\w’'.-]*){0,4})\s*:\s",
                    text[sent.start : c.start])
    if head and (KNOWN_ORGS.fullmatch(head.group(1)) or INSTITUTION.fullmatch(head.group(1))):
        choices.append(head.group(1))
    # 6. "— NGO" closing a headline
    dash = re.search(r"\s[—–-]\s*([A-Z][\w ]{1,40})\s*$", text[sent.start : sent.end])
    if dash:
        choices.append(dash.group(1))
    # 7. "the government's earlier statement that N …": the owner of the report
    for pm in POSSESSIVE_SOURCE.finditer(text, lo_w, c.start):
        owner = pm.group(1).split()[-4:]
        dets = [i for i, w in enumerate(owner) if fold(w) in ("the", "el", "la", "los", "las")]
        choices.append(_clean_source(" ".join(owner[dets[-1]:] if dets else owner[-2:])))
    # 8. an authority acting on the people counted ("la Fiscalía había otorgado medidas a 225")
    for v in sorted((v for v in AGENT_VERB.finditer(f, lo_w, c.start)), key=lambda v: -v.start()):
        src = _subject_before(text, lo_w, v.start())
        if src and (AUTHORITY.search(fold(src)) or KNOWN_ORGS.search(src)):
            choices.append(src)
            break
    for src in choices:
        if src:
            # an anaphor after the number ("…del Ministerio de Justicia, según esa cartera")
            # refers to what the sentence named before the anaphor, not before the number
            at = text.find(src, c.end, sent.end)
            resolved = _resolve(doc, src, at if at >= 0 else c.start)
            if resolved is None:
                return None  # a fragment ("the report") names nobody
            out = resolved
            if re.match(r"(?:su|sus|its|their|his|her)\b", fold(out)) and (
                _is_generic(out) or OWN_ROLE.match(fold(out)) or re.search(
                    r"\b(?:version|account|relato|opinion|view|words|palabras|perspective|narrative|narrativa"
                    r"|juicio|parecer|criterio)", fold(out))
            ):
                continue  # "según su versión", "its director" with no organisation named: nobody
            for alias, name in ORG_ALIASES:
                hit = alias.search(out)
                if hit and _is_generic(out[: hit.start()] + out[hit.end() :]):
                    out = name  # "The criminal forum" (a machine translation) → Foro Penal
                elif any(fold(h.group()).endswith(fold(out)) for h in alias.finditer(text, sent.start, sent.end)):
                    out = name  # "Justice, Encounter and Forgiveness said": a comma inside the name
            org = KNOWN_ORGS.search(out)
            if org and _is_generic(out[: org.start()] + out[org.end() :]):
                out = org.group()  # "el balance más reciente de la ONG Foro Penal" → Foro Penal
            out = _data_owner(out)
            return out
    return None


# --------------------------------------------------------------------------------------
# the entry point


def extract_figures(
    text: str,
    *,
    language: str | None = None,
    published: date | datetime | str | None = None,
) -> list[Figure]:
    """Every count ``text`` reports, in text order.

    ``language`` is "en" or "es" (None: detected from stopwords). ``published`` (a
    date, datetime or ISO string) resolves relative dates such as "on Monday"; without
    it those figures get ``as_of=None``.
    """
    lang = language or detect_language(text)
    if lang not in ("en", "es"):
        log.warning("figures: language %r is not en or es; reading the text as English", lang)
        lang = "en"
    doc = _Doc(text, fold(text), lang, _as_date(published), _split_sentences(text))
    doc.orgs = [(m.start(), m.group()) for m in KNOWN_ORGS.finditer(text)]
    # "el registro del Ministerio de Justicia, según esa cartera": a named office is what a
    # later "the ministry" / "esa cartera" refers to
    doc.orgs += [(m.start(), m.group().strip()) for m in INSTITUTION.finditer(text)
                 if not any(p <= m.start() < p + len(n) for p, n in doc.orgs)]
    doc.orgs += [(m.start(), name) for alias, name in ORG_ALIASES for m in alias.finditer(text)]
    doc.orgs.sort()
    masks = [m.span() for m in MASKS.finditer(text)]
    we = WE_ORG.search(text)
    we_org = _clean_source(we.group(1)) if we else None
    mentions = find_numbers(text, doc.folded, language=lang)
    figures: list[Figure] = []
    index: dict[int, int] = {}  # id(candidate) → its position in ``figures``
    mi = 0
    for sent in doc.sentences:
        ms: list[NumberMention] = []
        while mi < len(mentions) and mentions[mi].start < sent.end:
            if mentions[mi].start >= sent.start:
                ms.append(mentions[mi])
            mi += 1
        counts = [m for m in ms if _is_count(doc, sent, m, masks)]
        if not counts:
            continue
        cands = _build(doc, sent, counts)
        as_of, period = sentence_dates(doc.folded[sent.start : sent.end], doc.published)
        sentence = text[sent.start : sent.end].strip()
        prev: _Cand | None = None
        owned = _owned_cues(doc, sent, cands)
        totals = _summed_parts(doc, sent, cands)
        for k, c in enumerate(cands):
            if k and cands[k - 1].start == c.start:  # the upper bound of a range
                c.metric = cands[k - 1].metric
                c.inherited = cands[k - 1].inherited
                c.attributed_to = cands[k - 1].attributed_to
                c.part, c.partitive = cands[k - 1].part, cands[k - 1].partitive
                c.part_of, c.part_reason = cands[k - 1].part_of, cands[k - 1].part_reason
            else:
                _metric(doc, c, owned[k], prev)
                total = totals.get(id(c))
                if total is not None:
                    _part_of_sum(c, total)
                prev_end = cands[k - 1].end if k else sent.start
                nxt = [d.start for d in cands[k + 1 :] if d.start != c.start]
                c.attributed_to = _attribution(doc, c, prev_end, nxt[0] if nxt else sent.end)
                if c.attributed_to is None and we_org and WE_MARK.search(doc.folded, sent.start, sent.end):
                    c.attributed_to = we_org  # "hemos documentado": the organisation writing
                if c.attributed_to is None:
                    c.attributed_to = _document_subject(doc, c)
                if c.attributed_to is None:
                    c.attributed_to = _carry_source(doc, c)
            if c.attributed_to and not _is_generic(c.attributed_to):
                doc.orgs.append((c.start, c.attributed_to))
                doc.orgs.sort()
            fig_as_of = as_of
            if fig_as_of is None and (c.inherited or c.partitive) and doc.done:
                fig_as_of = doc.done[-1].as_of
            c.as_of = fig_as_of
            doc.done.append(c)
            prev = c
            index[id(c)] = len(figures)
            parent = index.get(id(c.part_of)) if c.part_of is not None else None
            figures.append(Figure(
                value=c.m.value, qualifier=c.qualifier, low=c.low, high=c.high,
                metric=c.metric or "other", unit=_unit(doc, c.m.end),
                attributed_to=c.attributed_to, as_of=fig_as_of, period=period,
                sentence=sentence, start=c.start, end=c.end, span=text[c.start : c.end],
                language=lang,
                claim_status="part" if (c.part or c.partitive) else "headline",
                part_of=parent,
                claim_reasons=(c.part_reason,) if (c.part or c.partitive) and c.part_reason else (),
            ))
        sources = [c.attributed_to for c in cands if c.attributed_to]
        if sources:
            doc.sent_sources[sent.index] = sources[-1]
    log.debug("figures: %d figures from %d characters (%s)", len(figures), len(text), lang)
    return figures


def _summed_parts(doc: _Doc, sent: _Sentence, cands: list[_Cand]) -> dict[int, _Cand]:
    """Numbers of this sentence that add up to a count of the two sentences before it.

    "quedan 980 personas encarceladas … 120 son mujeres y 860 son hombres": a run
    of two or more numbers whose sum is exactly an earlier count is a breakdown of it,
    whatever cue words its own clauses carry. Returns id(part) → the total.
    """
    earlier = [d for d in doc.done if sent.index - 2 <= d.sent.index < sent.index
               and d.metric not in (None, "other") and d.m.value >= 20]
    nums = [c for k, c in enumerate(cands) if not (k and cands[k - 1].start == c.start)]
    out: dict[int, _Cand] = {}
    if len(nums) < 2 or not earlier:
        return out
    # (not a count of this same sentence: "30 dead: 25 in the protests and five in custody"
    # splits a toll by definition, and its parts are tolls of their own)
    for i in range(len(nums)):
        run = 0
        for j in range(i, len(nums)):
            run += nums[j].m.value
            if j == i:
                continue
            total = next((d for d in reversed(earlier) if d.m.value == run), None)
            if total is not None:
                for c in nums[i : j + 1]:
                    out.setdefault(id(c), total)
    return out


def _part_of_sum(c: _Cand, total: _Cand) -> None:
    if total.metric in (None, "other"):
        return
    c.part = True
    c.part_of = total
    c.part_reason = f"a part of the {total.m.text} before it (the parts add up to it)"
    # the total says what is counted; a clause's own ambiguous cue ("detenidos": arrested
    # or held) or a cue inherited from elsewhere does not
    if c.metric != total.metric and c.metric != "minors_detained" \
            and (c.inherited or c.metric in (None, "arrested", "detained_current")):
        c.metric = _adult(total.metric)
        c.inherited = True


def _carry_source(doc: _Doc, c: _Cand) -> str | None:
    """A source for a figure whose sentence names none.

    A breakdown inherits its total's source; otherwise the previous sentence of the
    same paragraph lends its source, or the last count of people held close by.
    """
    if (c.inherited or c.partitive) and doc.done and doc.done[-1].attributed_to:
        # "… Provea, que contabiliza 875 detenidos. A diferencia de Provea, JEP distingue … 551 de
        # ellos …": a sentence between that sets another organisation against the total's source
        # makes "ellos" that organisation's count
        between = c.sent.index - 1
        if doc.done[-1].sent.index < between:
            mid = doc.sentences[between]
            contrast = _CONTRAST_LEAD.match(doc.text, mid.start, mid.end)
            if contrast:
                lead = _LEAD_NAME.match(doc.text, contrast.end(), mid.end)
                name = _clean_source(lead.group(1)) if lead else None
                if name and fold(name) != fold(doc.done[-1].attributed_to):
                    return name
        return doc.done[-1].attributed_to
    # a run of sentences that continue one source's statement keeps it: walk back through the
    # paragraph, stopping at a sentence whose figures the outlet gives on its own (background)
    for prev in range(c.sent.index - 1, max(-1, c.sent.index - 4), -1):
        if doc.sentences[prev].para != c.sent.para:
            break
        src = doc.sent_sources.get(prev) or _sentence_source(doc, doc.sentences[prev])
        if src:
            return src
        if any(d.sent.index == prev for d in doc.done):
            break  # "The country has 25 prisons." between: the outlet's own background
    for d in reversed(doc.done):
        if d.sent.index < c.sent.index - 3:
            break
        if d.metric == c.metric and c.metric in ("detained_current", "minors_detained") and d.attributed_to:
            return d.attributed_to
    return None


def _document_subject(doc: _Doc, c: _Cand) -> str | None:
    """A document that opens the sentence and holds the count: "The register shows 1,777",
    "El último conteo suma 290", "Su estudio halló 133": its owner, the organisation named
    before (not an official count: "el balance oficial" is the state's)."""
    prefix = doc.text[c.sent.start : c.start]
    lead = DOC_LEAD.match(fold(prefix).strip())
    if not lead or re.search(r"[A-ZÁÉÍÓÚÑ]", re.sub(r"\b(?:ONG|NGO)\b", "", prefix.strip()[1:])) or re.search(r"\d", prefix) \
            or GOV_WORDS.search(fold(prefix)) or len(prefix.split()) > 12:
        return None
    head = fold(prefix).strip()[: lead.start("rest")]
    org = " de la organización" if _ORG_HEAD.search(lead.group("rest")) else ""
    return _resolve(doc, head + org, c.start)


def _sentence_source(doc: _Doc, sent: _Sentence) -> str | None:
    """The source a sentence without figures names ("The killings, the NGO said, …")."""
    probe = _Cand(NumberMention(0, sent.end, sent.end, "", "digits"), sent, start=sent.end, end=sent.end)
    return _attribution(doc, probe, sent.start, sent.end)


def _build(doc: _Doc, sent: _Sentence, counts: list[NumberMention]) -> list[_Cand]:
    """Candidates with qualifier and interval; a range gives its two bounds."""
    out: list[_Cand] = []
    f = doc.folded
    skip = False
    for k, m in enumerate(counts):
        if skip:
            skip = False
            continue
        if k + 1 < len(counts):
            nxt = counts[k + 1]
            between = f[m.end : nxt.start]
            head = f[max(sent.start, m.start - 12) : m.start]
            if re.fullmatch(r"\s*(?:and|y|to|a|-|–)\s*", between) and (
                re.search(r"(?:between|entre|from|de)\s*$", head) or between.strip() in ("-", "–")
            ) and nxt.value > m.value:
                hs = m.start - (len(head) - re.search(r"(?:between|entre|from|de)?\s*$", head).start())  # type: ignore[union-attr]
                for v, q in ((m, "at_least"), (nxt, "up_to")):
                    out.append(_Cand(v, sent, q, m.value, nxt.value, hs, nxt.end))
                skip = True
                continue
        q, qs = _qualifier(doc, sent, m)
        low, high = _interval(m.value, q)
        out.append(_Cand(m, sent, q, low, high, qs, m.end))
    return out
