"""Contradictions: compare each new figure with the figures held on the same claim.

A **claim** is what a count is a count *of*: the same metric, the same event or period,
the same definition. ``claim_key`` reads it from the figure and its evidence sentence as
``ClaimKey(metric, scope, subgroup, start, org)``:

- ``metric`` — ``other`` never makes a claim (it is what the extractor could not type);
  neither does a breakdown introduced as part of another count ("two of them", "of that
  total", "de esa cifra", "among them").
- ``scope`` — the event or period counted: ``event`` for killed / injured / arrested in
  the story's own events (the post-election protest death toll is one claim, whoever
  reports it); ``since`` for a count since another start ("political arrests since
  2014"); ``stock`` for people held now (``detained_current``, ``minors_detained``,
  ``disappeared``); for releases ``total`` (a running total: "since 8 January", "so far",
  "in total", "up to <date>"), ``month`` ("during December") or ``wave`` (the releases of
  a day or a batch, placed in time by its date).
- ``subgroup`` — part of the population rather than all of it: security forces, minors,
  women, men, adults, civilians, military, convicted, unconvicted, foreigners,
  journalists, a named prison or place, "overnight".
- ``start`` — the "since" date; ``org`` — who gave the figure, reduced to an
  organisation (Foro Penal, JEP, Clipp, government …).

``claims_match`` says when two keys are one claim: same metric, scope and subgroup, and
compatible starts ("since January" = "since 8 January"); a release total without a start
is matched with the same organisation's totals only (its own tally), so the government's
"626 since December" is never compared with Foro Penal's "143 since 8 January". Counts of
different definitions are different claims, never contradictions.

Within one claim, the intervals implied by the qualifiers are compared (hedged bounds get
a little slack: "more than 2,400" agrees with "2,400"; "about 40" with "41"), and what a
gap means depends on the kind of count (``DESIGN.md``, *Claims and contradictions*):

``disjoint_intervals``
    counts for the same date (or, for two totals since the same stated day, an order that
    cannot be told) whose intervals do not overlap; release waves of the same days from
    different organisations (one organisation's count of a day grows as it verifies).
``cumulative_decrease``
    a running count (a toll, arrests, releases since a date) lower more than
    ``LAG_DAYS`` after a higher one. While an event's toll is growing (``SETTLE_DAYS``
    after its first report) a lower figure within ``RELAY_DAYS`` is a relay of an older
    count, not a contradiction; a later, higher figure is an update.
``settled_toll``
    an event's toll that changes once it has settled (both figures more than
    ``SETTLE_DAYS`` after its first report): "27 dead" in October against "28 dead" a
    year later is a contradiction, not an update.
``same_date_stock``
    two counts of people held on the same date that do not overlap (stocks go up and
    down; counts of other dates are never compared).
``self_revision``
    any of the above where both figures come from the same outlet: kind ``revision``.
``page_revision``
    the same article re-fetched whose figure for a claim changed between two page
    versions (same ``article_id``, different ``content_sha256``): kind ``revision``.

Copies and stories. Figures of copies (``duplicate_of`` set) never alert: the original
spoke for them. Figures of one story (``story_id``) are never compared with each other; a
new figure repeating what its story already said raises nothing; a new figure raises at
most one alert per older story and per older value, none for a value another outlet's
identical figure already contradicted, and at most ``MAX_ALERTS_PER_FIGURE`` (seed
figures first, then the nearest in time). A headline and a paragraph repeating one
number raise one alert.

Reference dates: a figure's ``as_of``, else a day named in its clause ("on Monday",
"yesterday", "este jueves", "before the weekend") resolved against the article's date,
else the article's ``published_at``; None when nothing is known, and then only the
two-totals-since-one-day case can fire.

``find_alerts`` expects ``held`` in observation order (oldest first). Pure functions, no
I/O; claim keys are cached, so comparing each article with the same held figures is cheap
(0.16 s per article against 20,000 held figures on this machine).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

#: A lower running count reported within this many days of a higher one is a relay of an
#: older count (outlets repeat yesterday's figure), not a contradiction.
LAG_DAYS = 1
#: While an event's toll is still growing (``SETTLE_DAYS``), a lower figure within this
#: many days of a higher one is a relay of an older count (outlets and agencies lag).
RELAY_DAYS = 3
#: Release waves are counted as they happen: figures of one wave this close (share of
#: the value, at least ``WAVE_SLACK_MIN``) agree.
WAVE_SLACK = 0.05
WAVE_SLACK_MIN = 2.0
#: Days after an event's first reported toll during which a later, higher toll is an
#: update; after that the toll is settled and figures must agree.
SETTLE_DAYS = 45
#: Release waves (a day's releases) of reference dates this close are the same wave.
WAVE_DAYS = 1
#: Slack on the bounds of hedged qualifiers (share of the value, at least 1).
HEDGE_SLACK = 0.02
#: A new figure raises at most this many alerts (one per older value; seeds first, then
#: the figures nearest in time): past that, more messages tell a reader nothing new.
MAX_ALERTS_PER_FIGURE = 3
#: Half-width of the band of "about N" (share of the value).
ABOUT_BAND = 0.10
#: Lower edge of "nearly N" (share of the value).
NEARLY_FLOOR = 0.90

STOCK_METRICS = frozenset({"detained_current", "minors_detained", "disappeared"})
EVENT_METRICS = frozenset({"killed", "injured", "arrested"})


@dataclass(frozen=True)
class HeldFigure:
    """A figure as stored, with the context of the article that reports it."""

    id: int
    article_id: int
    story_id: int | None
    duplicate_of: int | None
    source: str | None
    publisher: str | None
    url: str | None
    title: str | None
    published_at: datetime | None
    is_seed: bool
    metric: str
    value: int
    qualifier: str
    low: int
    high: int | None
    unit: str | None
    attributed_to: str | None
    as_of: date | None
    period: str | None
    sentence: str
    span: str | None
    content_sha256: str | None


@dataclass(frozen=True)
class AlertCandidate:
    """An alert to write: the pair, the rule that fired, a message and both sides."""

    kind: str  # contradiction | revision
    rule: str
    metric: str
    new_figure_id: int
    old_figure_id: int
    message: str
    details: dict[str, Any] = field(default_factory=dict)


class ClaimKey(NamedTuple):
    """What a figure counts; ``claims_match`` says when two keys are one claim."""

    metric: str
    scope: str  # event | since | stock | total | wave | month | window
    subgroup: frozenset[str]
    start: str | None = None  # "since <start>" (YYYY, MM, MM-DD, YYYY-MM[-DD]); month of a "month" count
    org: str | None = None  # who gave the figure, normalised (foro penal, government …)


# ---------------------------------------------------------------------------------------
# reading the sentence


def _fold(s: str) -> str:
    """Lower case without accents, so that EN/ES patterns stay short."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


_NUM_RE = re.compile(r"\d")
_CLAUSE_END_RE = re.compile(r"[.;:!?()\[\]—–]|,\s|\s-\s")
_SPELLED = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|"
    r"thousand|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|"
    r"quince|veinte|treinta|cuarenta|cincuenta|cien|ciento|mil|centenar|decena"
)
_NEXT_NUMBER_RE = re.compile(rf"\d|\b(?:{_SPELLED})\b")

_SUBGROUPS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pat))
    for name, pat in (
        (
            "security_forces",
            r"\b(?:police|policemen|officers?|soldiers?|troops|security forces|armed forces|"
            r"military and police|police and military|guards?|servicemen|sergeants?|"
            r"policias?|policiales|funcionarios|uniformados|fuerzas de seguridad|"
            r"fuerza armada|guardias? nacional|efectivos|agentes)\b",
        ),
        ("security_forces", r"\b(?:militares|military)\b"),
        ("minors", r"\b(?:minors?|children|child|adolescents?|teenagers?|teens|menores|"
                   r"adolescentes|ninos|ninas)\b"),
        ("women", r"\b(?:women|woman|female|mujeres|presas politicas)\b"),
        ("men", r"\b(?:men|male|hombres)\b"),
        ("adults", r"\b(?:adults?|adultos)\b"),
        ("civilians", r"\b(?:civilians?|civiles)\b"),
        ("unconvicted", r"\b(?:sin (?:una )?condena|sin sentencia|no han sido condenad\w*|unconvicted|"
                        r"without (?:a )?(?:conviction|sentence)|awaiting trial|"
                        r"no tienen condena|procesad\w*)\b"),
        ("convicted", r"\b(?:condenad\w*|cumplen condena|tienen condena|convicted|sentenced)\b"),
        ("foreigners", r"\b(?:nationals|foreigners?|citizens|extranjer\w*|espanoles|"
                       r"italian\w*|spanish|american\w*|colombian\w*|estadounidenses|"
                       r"italianos|argentin\w*|peruan\w*|chilen\w*)\b"),
        ("overnight", r"\b(?:overnight|last night|durante la madrugada|en la madrugada|"
                      r"anoche|de madrugada)\b"),
        ("journalists", r"\b(?:journalists?|periodistas|reporters?)\b"),
    )
)
#: Words that end the noun phrase after a number: what follows is not who was counted
#: ("200 injured as security forces clashed", "killed by police", "heridos por militares").
_NOUN_END_RE = re.compile(
    r"\b(?:as|when|while|after|because|during|following|amid|since|by|at the hands|against|"
    r"who|which|that|cuando|mientras|tras|luego|despues|durante|porque|por|a manos|contra|"
    r"en medio|que|quienes)\b"
)
_SUBSET_HEAD_RE = re.compile(
    r"\b(?:of (?:that|the|this) (?:total|figure|number)|of them|of those|of these|of whom|"
    r"of which|among them|among those|including|de esa cifra|de ese total|"
    r"del total|de ellos|de ellas|de esos|de esas|entre ellos|entre ellas|de las cuales|"
    r"de los cuales|de estos|de estas|por edad|desglosad\w*|broken down|"
    r"of the (?=\d)|de (?:los|las) (?=\d))"
)
_SUBSET_TAIL_RE = re.compile(
    r"^\s*(?:of (?:them|those|these|whom|which)\b|de (?:ellos|ellas|esos|esas|estos|estas|"
    r"los cuales|las cuales|quienes)\b|more than (?:on|the previous)|mas que)"
)
#: "del total de 1.916 detenidos": the marker names the number itself, not a part of it.
_TOTAL_ITSELF_RE = re.compile(r"^\s*(?:de|of)?\s*$")
_PRISONS_RE = re.compile(
    r"\b(?:tocoron|rodeo|yare|tocuyito|crisalida|helicoide|ramo verde|tocorito|"
    r"zona 7|boleita|uribana|fenix|inof)\b"
)
# prison names that end in a numeral ("El Rodeo 1", "Yare III") are not counts
_PRISON_NUMERAL_RE = re.compile(r"\b((?:rodeo|yare)\s+(?:\d+|i{1,3}|iv)\b(?:\s+(?:y|and)\s+(?:\d+|i{1,3}|iv)\b)?)")
_PLACE_TAIL_RE = re.compile(
    r"^(?:[^,.;]{0,40}?)\b(?:in|en|de|from|del|at)\s+(?:the\s+|la\s+|el\s+|los\s+|las\s+)?"
    r"(?:state of\s+|estado\s+|city of\s+|ciudad de\s+|prison of\s+|carcel de\s+)?"
    r"([A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)"
)
#: "En la cárcel de San Juan, 20 …", "In Lara state, 30 …", "At the Yare prison": the count
#: is located before the number (original text; the name is capitalised).
_PLACE_HEAD_RE = re.compile(
    r"\b(?:[Ee]n|[Ii]n|[Aa]t|[Dd]esde|[Ff]rom)\s+(?:la\s+|el\s+|the\s+)?(?:(?:c[aá]rcel|penal|prisi[oó]n"
    r"|centro penitenciario|internado judicial|prison|jail|state|estado|city|ciudad|municipio"
    r"|municipality)\s+(?:de\s+|del\s+|of\s+)?([A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){0,2})"
    r"|([A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)\s+"
    r"(?:prison|jail|state|detention))"
)
_NOT_PLACES = frozenset({
    "venezuela", "venezuelan", "foro", "penal", "the", "la", "el", "los", "las",
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lunes", "martes",
    "miercoles", "jueves", "viernes", "sabado", "domingo", "x", "twitter", "reuters",
    "efe", "afp", "maduro", "cnn", "caracas", "libertad", "prision", "prison",
})
_SINCE_RE = re.compile(
    r"\b(?:since|desde|a partir de)\s+(?:el\s+|the\s+|el ano\s+|the year\s+|"
    r"principios de\s+|inicios de\s+|comienzos de\s+|early\s+|the start of\s+|late\s+|"
    r"finales de\s+|mediados de\s+|mid-?\s*)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?)?"
    r"([a-z]+|\d{4})(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?:de\s+|of\s+)?(\d{4}))?"
)
_MONTH_PERIOD_RE = re.compile(
    r"\b(?:during|in|durante|en)\s+(?:el\s+|the\s+)?(?:pasado\s+|last\s+|past\s+)?"
    r"(?:mes de\s+|month of\s+)?([a-z]+)(?:\s+(?:de\s+|of\s+)?(\d{4}))?\b"
)
_TOTAL_RE = re.compile(
    r"\b(?:so far|in total|a total of|totall?ed|total of|until now|to date|up to|up until|"
    r"hasta ahora|hasta la fecha|hasta (?:el|la|los|las)|en total|en lo que va|"
    r"cumulative|acumulad\w*|all told|in all|cifra total|the total|el total|total figure|"
    r"tally|balance)\b"
)
#: A count over a recent window ("in the last week", "durante la última semana", "en los
#: últimos 10 días"): a partial count, comparable only with the same window on the same day.
_WINDOW_RE = re.compile(
    r"\b(?:(?:in|during|over|within|for)\s+the\s+(?:last|past|previous|preceding)"
    r"|(?:en|durante)\s+(?:la|las|el|los)\s+(?:ultim[oa]s?|pasad[oa]s?))\s+"
    r"(?:(\d+|two|three|four|five|six|seven|dos|tres|cuatro|cinco|seis|siete|few|pocas|pocos)\s+)?"
    r"(week|weeks|semana|semanas|days|dias|month|months|mes|meses|fortnight|quincena)\b"
    r"|\b(this week|esta semana|last week|la semana pasada)\b"
)
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
}
#: "since the election" is the story's own event, not another period.
_EVENT_WORDS = frozenset({
    "election", "elections", "elecciones", "comicios", "presidenciales", "vote", "votacion",
    "protests", "protestas", "then", "entonces", "aquel", "aquella", "that", "esa", "ese",
})
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4,
    "sabado": 5, "domingo": 6,
}
_BEFORE_WEEKEND_RE = re.compile(
    r"\b(?:prior to|before|antes del?)\s+(?:this|the|last|el|este)?\s*"
    r"(?:weekend|fin de semana)"
)
_DAY_RE = re.compile(
    r"\b(?:(yesterday|ayer)|(today|hoy|this morning|esta manana|overnight|tonight|"
    r"last night|anoche|madrugada|en la jornada|de dia|in the past (?:few )?hours|"
    r"in recent hours|en las ultimas horas)|(last weekend|past weekend|this weekend|"
    r"fin de semana)|(?:on|this|last|el|este|el pasado|del)\s+"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|"
    r"jueves|viernes|sabado|domingo))\b"
)
_TODAY_RE = re.compile(
    r"\b(?:today|hoy|en lo que va de dia|en la jornada|overnight|en las ultimas horas|"
    r"in the past (?:few )?hours|in recent hours|yesterday|ayer)\b"
)
#: Who gave a figure, reduced to an organisation: figures of one organisation are its
#: own tally (a running total without a start date is matched only within it).
_ORGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pat))
    for name, pat in (
        ("foro penal", r"foro penal|alfredo romero"),
        ("jep", r"\bjep\b|justicia,? encuentro y perdon"),
        ("clipp", r"\bclipp\b|comite por la libertad"),
        ("provea", r"\bprovea\b"),
        ("government", r"govern|gobierno|ministr|authorit|autoridad|regimen|attorney|fiscal|"
                       r"prosecutor|oficial|official|ejecutivo|penitenci|delcy|cabello|saab|"
                       r"caracas|interior|president|presidente"),
    )
)


def _locate(f: HeldFigure) -> tuple[str, str, str]:
    """The sentence split around the number phrase: (head, span, tail), as written."""
    s = f.sentence
    i = s.find(f.span) if f.span else -1
    if i < 0:
        digits = str(f.value)
        i = s.find(digits)
        if i < 0:
            return s, "", ""
        return s[:i], digits, s[i + len(digits):]
    return s[:i], f.span or "", s[i + len(f.span or ""):]


def _clause(text: str) -> str:
    m = _CLAUSE_END_RE.search(text)
    return text[: m.start()] if m else text


def _clause_tail(tail: str, words: int = 8) -> str:
    """The words right after the number, up to the clause end or the next number."""
    t = _clause(tail)
    n = _NEXT_NUMBER_RE.search(_PRISON_NUMERAL_RE.sub(lambda m: "x" * len(m.group(0)), _fold(t)))
    if n:
        t = t[: n.start()]
    return " ".join(t.split()[:words])


def _after_last_number(head: str) -> str:
    """The part of ``head`` after its last number (numerals of prison names ignored)."""
    folded = _PRISON_NUMERAL_RE.sub(lambda m: "x" * len(m.group(0)), _fold(head))
    ends = [m.end() for m in _NEXT_NUMBER_RE.finditer(folded)]
    return head[ends[-1]:] if ends else head


def _clause_head(head: str, words: int = 6) -> str:
    """The words right before the number, back to the clause start or the last number."""
    parts = _CLAUSE_END_RE.split(_after_last_number(head))
    return " ".join(parts[-1].split()[-words:]) if parts else ""


def _subgroups(f: HeldFigure, head: str, tail: str) -> frozenset[str] | None:
    """The part of the population counted; None when the figure is a breakdown."""
    near_tail = _clause_tail(tail)
    sentence_part = re.split(r"[;:]", _fold(head))[-1]
    markers = list(_SUBSET_HEAD_RE.finditer(sentence_part))
    if markers and not _TOTAL_ITSELF_RE.match(sentence_part[markers[-1].end():]):
        return None
    if _SUBSET_TAIL_RE.search(_fold(tail)):
        return None
    noun = _NOUN_END_RE.split(_fold(near_tail), maxsplit=1)[0]
    text = " ".join(x for x in (_fold(f.unit or ""), noun) if x)
    groups = {name for name, rx in _SUBGROUPS if rx.search(text)}
    if "overnight" not in groups and re.search(
        r"\b(?:overnight|madrugada|last night|anoche)\b", _fold(head)
    ):
        groups.add("overnight")
    where = _fold(_after_last_number(head) + " " + _clause(tail))
    prison = _PRISONS_RE.search(where)
    if prison:
        groups.add("place:" + prison.group(0))
    m = _PLACE_TAIL_RE.match(near_tail)
    if m and _fold(m.group(1)) not in _NOT_PLACES and not prison:
        groups.add("place:" + _fold(m.group(1)))
    if not any(g.startswith("place:") for g in groups):
        for p in _PLACE_HEAD_RE.finditer(_after_last_number(head)):
            name = _fold(p.group(1) or p.group(2))
            if name not in _NOT_PLACES:
                groups.add("place:" + name)
                break
    return frozenset(groups)


def _start_of(m: re.Match[str]) -> str | None:
    day_before, word, day_after, year = m.groups()
    if word.isdigit():
        return word
    if word in _EVENT_WORDS:
        return "event"
    month = _MONTHS.get(word)
    if month is None:
        return None
    day = day_before or day_after
    return f"{year + '-' if year else ''}{month:02d}" + (f"-{int(day):02d}" if day else "")


def _since(f: HeldFigure, head: str, tail: str) -> str | None:
    """The start of the period counted when the figure says "since <date>"."""
    if f.period and re.search(r"\b(?:since|desde|a partir)\b", _fold(f.sentence)):
        # the extractor's period ("2026-01-08/2026-01-25") when the text says "since";
        # a bounded window ("over 72 hours, Dec 10-12") is not a running count
        start = f.period.split("/")[0].strip()
        if start:
            return start
    m = _SINCE_RE.search(_fold(_clause(tail)))
    if m:
        return _start_of(m)
    # "desde el año 2014, 17.571 detenciones", "since May 3, 190": a since-phrase before
    # the number, with no other number after it nor before it in its clause (the
    # phrase of "626 since December, and 300 …" belongs to 626)
    folded = _fold(head)
    found = list(_SINCE_RE.finditer(folded))
    if not found:
        return None
    m = found[-1]
    clause_start = max((c.end() for c in _CLAUSE_END_RE.finditer(folded, 0, m.start())),
                       default=0)
    if _NEXT_NUMBER_RE.search(folded[m.end():]) or _NEXT_NUMBER_RE.search(
        folded[clause_start:m.start()]
    ):
        return None
    return _start_of(m)


def _month_period(head: str, tail: str) -> str | None:
    """"during December 2025" / "durante el pasado mes de diciembre": the month counted,
    said in the number's clause (after it, else before it)."""
    head_clause = _CLAUSE_END_RE.split(head)[-1]
    for text in (_clause(tail), head_clause):
        found = None
        for m in _MONTH_PERIOD_RE.finditer(_fold(text)):
            month = _MONTHS.get(m.group(1))
            if month:
                found = f"{m.group(2) + '-' if m.group(2) else ''}{month:02d}"
        if found:
            return found
    return None


def _org(f: HeldFigure) -> str | None:
    if not f.attributed_to:
        return None
    a = _fold(f.attributed_to)
    for name, rx in _ORGS:
        if rx.search(a):
            return name
    return a.strip() or None


def claim_key(f: HeldFigure) -> ClaimKey | None:
    """What ``f`` counts: (metric, scope, subgroup, start, org), or None if no claim.

    None for ``metric == "other"`` and for breakdowns ("two of them were minors").
    Scopes: ``event`` (a toll of the story's events: killed, injured, arrested),
    ``since`` (a count since another start, e.g. political arrests since 2014),
    ``stock`` (people held now), and for releases ``total`` (a running total, with its
    start when given), ``month`` (the releases of a named month) or ``wave`` (the
    releases of a day or batch). ``claims_match`` decides when two keys are one claim.
    """
    if f.metric == "other":
        return None
    head, _, tail = _locate(f)
    groups = _subgroups(f, head, tail)
    if groups is None:
        return None
    since = _since(f, head, tail)
    org = _org(f)
    if f.metric in STOCK_METRICS:
        return ClaimKey(f.metric, "stock", groups, since if since != "event" else None, org)
    if f.metric == "released":
        near = _fold(_clause_head(head, words=14) + " " + _clause(tail))
        window = _WINDOW_RE.search(_fold(f.sentence))
        if window:
            size = window.group(3) or f"{window.group(1) or '1'} {window.group(2)}"
            return ClaimKey(f.metric, "window", groups, size, org)
        if since and len(since) == 4 and since.isdigit():
            return ClaimKey(f.metric, "since", groups, since, org)
        if since == "event":
            return ClaimKey(f.metric, "total", groups, "event", org)
        if since:
            return ClaimKey(f.metric, "total", groups, since, org)
        month = _month_period(head, tail)
        if month:
            return ClaimKey(f.metric, "month", groups, month, org)
        if _TODAY_RE.search(near):
            return ClaimKey(f.metric, "wave", groups, None, org)
        if _TOTAL_RE.search(_fold(f.sentence)):
            return ClaimKey(f.metric, "total", groups, None, org)
        return ClaimKey(f.metric, "wave", groups, None, org)
    if since and since != "event":
        return ClaimKey(f.metric, "since", groups, since, org)
    return ClaimKey(f.metric, "event", groups, None, org)


def _start_parts(s: str) -> tuple[str | None, str | None, str | None]:
    parts = s.split("-")
    year = parts.pop(0) if parts and len(parts[0]) == 4 else None
    month = parts[0] if parts else None
    day = parts[1] if len(parts) > 1 else None
    return year, month, day


def _same_start(a: str, b: str) -> bool:
    """"since January" and "since 8 January" (and "since 2026-01-08") name one start."""
    if a == b:
        return True
    ya, ma, da = _start_parts(a)
    yb, mb, db = _start_parts(b)
    if ya and yb and ya != yb:
        return False
    if (ma is None) != (mb is None):
        return False
    return ma == mb and (da is None or db is None or da == db)


def claims_match(a: ClaimKey, b: ClaimKey) -> bool:
    """Whether two keys are one claim.

    Same metric, scope and subgroup, and compatible starts: equal, or one more precise
    than the other ("since January" / "since 8 January"). A release total without a
    start matches the totals of the same organisation whatever their start (an
    organisation's tally), never another organisation's.
    """
    if a.metric != b.metric or a.scope != b.scope or a.subgroup != b.subgroup:
        return False
    if a.start == b.start:
        return True
    if a.start is None or b.start is None:
        dated = (a.start or b.start) != "event"  # "since the election" is another tally
        return dated and a.scope == "total" and a.org is not None and a.org == b.org
    return _same_start(a.start, b.start)


# ---------------------------------------------------------------------------------------
# dates and intervals


def _published(f: HeldFigure) -> date | None:
    return f.published_at.date() if f.published_at else None


def reference_date(f: HeldFigure) -> date | None:
    """The date the figure speaks of: as_of, else a day named in its clause ("on
    Monday", "yesterday", "este jueves", "last weekend") resolved against the article's
    date, else the article's date; None when none is known."""
    if f.as_of:
        return f.as_of
    pub = _published(f)
    if pub is None:
        return None
    head, _, tail = _locate(f)
    near = _fold(_clause_head(head, words=14) + " " + _clause(tail))
    if _BEFORE_WEEKEND_RE.search(near):
        # the Friday before the article's weekend
        return pub - timedelta(days=(pub.weekday() - 4) % 7 or 7)
    m = _DAY_RE.search(near) or _DAY_RE.search(_fold(f.sentence))
    if m:
        if m.group(1):
            return pub - timedelta(days=1)
        if m.group(2):
            return pub
        if m.group(3):
            # the last Sunday before the article (its own day if it is a Sunday)
            return pub - timedelta(days=(pub.weekday() + 1) % 7)
        back = (pub.weekday() - _WEEKDAYS[m.group(4)]) % 7
        return pub - timedelta(days=back)
    return pub


_ASOF_RE = re.compile(
    r"\b(?:up to|as of|as at|until|through|hasta el|con corte al|a fecha del?|al corte del?)"
    r"\s+(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?([a-z]+)|([a-z]+)\s+(\d{1,2})\b)"
)


def _day_without_year(f: HeldFigure) -> tuple[int, int] | None:
    """(month, day) of an "as of January 26" / "hasta el 2 de febrero" in the sentence."""
    for m in _ASOF_RE.finditer(_fold(f.sentence)):
        day, month_word = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month = _MONTHS.get(month_word)
        if month and 1 <= int(day) <= 31:
            return month, int(day)
    return None


def _resolve_near(md: tuple[int, int], near: date) -> date | None:
    """The date of (month, day) nearest to ``near`` (the year the text left out)."""
    best: date | None = None
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            d = date(year, *md)
        except ValueError:
            continue
        if best is None or abs((d - near).days) < abs((best - near).days):
            best = d
    return best


def _pair_dates(a: HeldFigure, b: HeldFigure) -> tuple[date | None, date | None]:
    """Reference dates of two figures; a date given without a year ("up to January 26" in
    an undated article) is placed in the year nearest the other figure's date."""
    da, db = _cached_date(a), _cached_date(b)
    if da is None and db is not None:
        md = _day_without_year(a)
        da = _resolve_near(md, db) if md else None
    elif db is None and da is not None:
        md = _day_without_year(b)
        db = _resolve_near(md, da) if md else None
    return da, db


def interval(f: HeldFigure) -> tuple[float, float]:
    """The interval the figure allows, from its qualifier, widened by the stored
    ``low``/``high``; hedged bounds get ``HEDGE_SLACK`` (journalists round)."""
    v = float(f.value)
    slack = max(1.0, HEDGE_SLACK * v)
    inf = float("inf")
    q = f.qualifier
    if q == "exact":
        lo, hi = v, v
    elif q in ("at_least", "more_than"):
        lo, hi = v - slack, inf
    elif q == "about":
        lo, hi = v * (1 - ABOUT_BAND) - slack, v * (1 + ABOUT_BAND) + slack
    elif q == "nearly":
        lo, hi = v * NEARLY_FLOOR - slack, v + slack
    elif q in ("up_to", "fewer_than"):
        lo, hi = 0.0, v + slack
    else:
        lo, hi = float(f.low), float(f.high) if f.high is not None else inf
    if f.low is not None:
        lo = min(lo, float(f.low))
    if f.high is not None:
        hi = max(hi, float(f.high))
    elif q not in ("exact", "about", "nearly", "up_to", "fewer_than"):
        hi = inf
    return lo, hi


def _widen(iv: tuple[float, float]) -> tuple[float, float]:
    lo, hi = iv
    return (
        lo - max(WAVE_SLACK_MIN, WAVE_SLACK * lo),
        hi + max(WAVE_SLACK_MIN, WAVE_SLACK * hi) if hi != float("inf") else hi,
    )


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _upper_below(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Every value ``a`` allows is below every value ``b`` allows."""
    return a[1] < b[0]


# ---------------------------------------------------------------------------------------
# comparing


def _story(f: HeldFigure) -> int:
    if f.story_id is not None:
        return f.story_id
    if f.duplicate_of is not None:
        return f.duplicate_of
    return f.article_id


def _norm_outlet(s: str | None) -> str | None:
    if not s:
        return None
    s = _fold(s).split("(")[0].strip()
    s = re.sub(r"^(?:https?://)?(?:www\.|wp\.|amp\.|m\.)?", "", s)
    return s or None


def _same_outlet(a: HeldFigure, b: HeldFigure) -> bool:
    pa, pb = _norm_outlet(a.publisher), _norm_outlet(b.publisher)
    if pa and pb:
        return pa == pb
    sa, sb = _norm_outlet(a.source), _norm_outlet(b.source)
    return bool(sa and sb and sa == sb and sa != "seed")


@dataclass(frozen=True)
class _Verdict:
    rule: str
    why: str


def _compare(
    new: HeldFigure, old: HeldFigure, kn: ClaimKey, ko: ClaimKey, claim_start: date | None
) -> _Verdict | None:
    """The rule that fires for two figures of one claim, or None when they agree."""
    a, b = interval(new), interval(old)
    scope = kn.scope
    if scope == "wave":
        a, b = _widen(a), _widen(b)
    if _overlap(a, b):
        return None
    dn, do = _pair_dates(new, old)
    if scope == "stock":
        if dn is None or do is None or dn != do:
            return None  # stocks move: only counts for the same date can contradict
        return _Verdict("same_date_stock", f"both count people held on {dn.isoformat()}")
    if scope == "wave":
        if dn is None or do is None or abs((dn - do).days) > WAVE_DAYS:
            return None  # releases of other days are other waves
        if kn.org is not None and kn.org == ko.org:
            return None  # one organisation's count of a day grows as it verifies
        return _Verdict(
            "disjoint_intervals",
            "both count the releases of the same days, and the numbers cannot both be true",
        )
    if scope == "month":
        return _Verdict("disjoint_intervals", "both count the releases of the same month")
    if scope == "window":
        if dn is None or do is None or dn != do:
            return None  # "in the last week" of other days counts other releases
        return _Verdict("disjoint_intervals",
                        f"both count the releases of the same recent window ending {dn.isoformat()}")
    # cumulative: a toll, arrests, a running total of releases
    if dn is None or do is None:
        # the order cannot be told: only two totals since the same stated day conflict
        if (
            kn.start
            and ko.start
            and _start_parts(kn.start)[2] is not None
            and _start_parts(ko.start)[2] is not None
            and _same_start(kn.start, ko.start)
        ):
            return _Verdict(
                "disjoint_intervals",
                f"the same running count since {kn.start} (one date unknown), and the "
                "numbers cannot both be true",
            )
        return None
    settled = (
        scope == "event"
        and claim_start is not None
        and min(dn, do) > claim_start + timedelta(days=SETTLE_DAYS)
    )
    gap = abs((dn - do).days)
    if scope == "event" and not settled and gap <= RELAY_DAYS:
        return None  # while events unfold, outlets relay the count of a few days ago
    if dn == do or (settled and gap <= LAG_DAYS):
        return _Verdict(
            "disjoint_intervals",
            f"the same count on {dn.isoformat()} and {do.isoformat()}, and the numbers "
            "cannot both be true",
        )
    later = new if dn > do else old
    l_day, e_day = (dn, do) if later is new else (do, dn)
    l_iv, e_iv = (a, b) if later is new else (b, a)
    if _upper_below(l_iv, e_iv):
        if gap <= LAG_DAYS:
            return None  # a relay of the previous day's count
        return _Verdict(
            "cumulative_decrease",
            f"a running count cannot fall, yet the later figure ({l_day.isoformat()}) is "
            f"lower than the earlier one ({e_day.isoformat()})",
        )
    if settled and claim_start is not None:
        return _Verdict(
            "settled_toll",
            f"the toll of events first reported on {claim_start.isoformat()} should be "
            f"settled by {e_day.isoformat()}, yet the figures differ",
        )
    return None  # a later, higher running count is an update


def _date(f: HeldFigure) -> str:
    d = _cached_date(f)
    return d.isoformat() if d else "date unknown"


def _page_changed(new: HeldFigure, old: HeldFigure) -> bool:
    return (
        new.article_id == old.article_id
        and new.content_sha256 is not None
        and old.content_sha256 is not None
        and new.content_sha256 != old.content_sha256
    )


@functools.lru_cache(maxsize=1 << 18)
def _cached_key(f: HeldFigure) -> ClaimKey | None:
    return claim_key(f)


@functools.lru_cache(maxsize=1 << 18)
def _cached_date(f: HeldFigure) -> date | None:
    return reference_date(f)


class _Keys:
    """Claim keys, computed once per figure (and cached across calls: the flow compares
    every new article with the same held figures)."""

    def __init__(self) -> None:
        self._keys: dict[int, ClaimKey | None] = {}

    def __call__(self, f: HeldFigure) -> ClaimKey | None:
        if f.id not in self._keys:
            self._keys[f.id] = _cached_key(f)
        return self._keys[f.id]


def find_alerts(new: Sequence[HeldFigure], held: Sequence[HeldFigure]) -> list[AlertCandidate]:
    """Alerts raised by ``new`` figures against ``held`` ones (and earlier ones of ``new``).

    ``held`` is in observation order, oldest first. Each (new, old) pair is returned at
    most once; a new figure raises at most one alert per older story, and a value already
    contradicted by another outlet's identical figure is not raised again.
    """
    keys = _Keys()
    pool: list[HeldFigure] = list(held)
    out: list[AlertCandidate] = []
    raised: set[tuple[int, int]] = set()
    by_id = {g.id: g for g in held}
    # one alert per (article, claim, value) and older story: a headline and a paragraph
    # repeating the same number are one observation
    said: set[tuple[int, ClaimKey, int, int]] = set()
    for f in new:
        k = keys(f)
        if k is not None and f.duplicate_of is None:
            for cand in _alerts_for(f, k, pool, keys):
                pair = (cand.new_figure_id, cand.old_figure_id)
                old = by_id[cand.old_figure_id]
                once = (f.article_id, k, f.value, _story(old))
                if pair not in raised and once not in said:
                    raised.add(pair)
                    said.add(once)
                    out.append(cand)
        pool.append(f)
        by_id[f.id] = f
    return out


def _alerts_for(
    f: HeldFigure, k: ClaimKey, pool: Sequence[HeldFigure], keys: _Keys
) -> Iterable[AlertCandidate]:
    same_claim: list[tuple[int, HeldFigure, ClaimKey]] = []
    for i, g in enumerate(pool):
        if g.metric != f.metric or g.id == f.id:
            continue
        kg = keys(g)
        if kg is not None and claims_match(k, kg):
            same_claim.append((i, g, kg))
    # page revision: the same URL re-fetched, its figure for this claim changed
    versions = [(g, kg) for _, g, kg in same_claim if _page_changed(f, g)]
    if versions:
        last_sha = versions[-1][0].content_sha256
        last = [g for g, _ in versions if g.content_sha256 == last_sha]
        if all(g.value != f.value or g.qualifier != f.qualifier for g in last):
            yield _make("revision", "page_revision", f, last[0],
                        "the same page, fetched again, now gives another figure")
        return
    my_story = _story(f)
    if any(
        _story(g) == my_story and g.article_id != f.article_id and g.value == f.value
        for _, g, _ in same_claim
    ):
        return  # the story already said this: a reprint is not a new observation
    dates = [d for d in (_cached_date(g) for _, g, _ in same_claim) if d is not None]
    own = _cached_date(f)
    if own is not None:
        dates.append(own)
    claim_start = min(dates) if dates else None
    same_value = [t for t in same_claim if t[1].value == f.value and t[1].qualifier == f.qualifier]
    done_stories: set[int] = set()
    done_values: set[tuple[int, str]] = set()
    found: list[tuple[HeldFigure, _Verdict]] = []
    for i, g, kg in same_claim:
        s = _story(g)
        if s == my_story or g.article_id == f.article_id or g.duplicate_of is not None:
            continue
        if s in done_stories or (g.value, g.qualifier) in done_values:
            continue
        verdict = _compare(f, g, k, kg, claim_start)
        if verdict is None:
            continue
        if _already_raised(f, g, kg, i, same_value, claim_start):
            continue
        done_stories.add(s)
        done_values.add((g.value, g.qualifier))
        found.append((g, verdict))
    if len(found) > MAX_ALERTS_PER_FIGURE:
        log.info("figure %s (%s): %d older figures conflict; alerting on the %d nearest",
                 f.id, f.url, len(found), MAX_ALERTS_PER_FIGURE)

        def rank(item: tuple[HeldFigure, _Verdict]) -> tuple[bool, int]:
            d = _cached_date(item[0])
            return (not item[0].is_seed, abs((d - own).days) if d and own else 1 << 30)

        found = sorted(found, key=rank)[:MAX_ALERTS_PER_FIGURE]
    for g, verdict in found:
        if _same_outlet(f, g):
            yield _make("revision", "self_revision", f, g,
                        f"the same outlet changed its own figure: {verdict.why}")
        else:
            yield _make("contradiction", verdict.rule, f, g, verdict.why)


def _already_raised(
    f: HeldFigure,
    g: HeldFigure,
    kg: ClaimKey,
    g_pos: int,
    same_value: Sequence[tuple[int, HeldFigure, ClaimKey]],
    claim_start: date | None,
) -> bool:
    """Another outlet's identical figure already conflicted with ``g`` (either way).

    ``same_value`` holds the figures of the claim with ``f``'s value and qualifier.
    """
    for i, h, kh in same_value:
        if (
            i != g_pos
            and _story(h) != _story(g)
            and _story(h) != _story(f)
            and h.duplicate_of is None
            and _compare(h, g, kh, kg, claim_start) is not None
        ):
            return True
    return False


# ---------------------------------------------------------------------------------------
# messages

_RULE_WORDS = {
    "disjoint_intervals": "the two figures cannot both be true",
    "cumulative_decrease": "a running count went down",
    "settled_toll": "a settled toll changed",
    "same_date_stock": "two counts of people held on the same date disagree",
    "self_revision": "a source changed its own figure",
    "page_revision": "a page changed its figure between two fetches",
}


def _fmt_iv(iv: tuple[float, float]) -> str:
    lo, hi = iv
    return f"[{max(0, round(lo))}, {'∞' if hi == float('inf') else round(hi)}]"


def _side(f: HeldFigure) -> dict[str, Any]:
    return {
        "figure_id": f.id,
        "article_id": f.article_id,
        "value": f.value,
        "qualifier": f.qualifier,
        "as_written": f.span or str(f.value),
        "interval": list(_fmt_iv(interval(f)).strip("[]").split(", ")),
        "unit": f.unit,
        "attributed_to": f.attributed_to,
        "sentence": f.sentence,
        "url": f.url,
        "title": f.title,
        "source": f.source,
        "publisher": f.publisher,
        "published": f.published_at.date().isoformat() if f.published_at else None,
        "as_of": f.as_of.isoformat() if f.as_of else None,
        "reference_date": _date(f),
        "is_seed": f.is_seed,
    }


def _who(f: HeldFigure) -> str:
    outlet = f.publisher or f.source or "unknown outlet"
    said = f" citing {f.attributed_to}" if f.attributed_to else ""
    return f"{outlet}{said}"


def _make(kind: str, rule: str, new: HeldFigure, old: HeldFigure, why: str) -> AlertCandidate:
    metric = new.metric.replace("_", " ")
    words = _RULE_WORDS.get(rule, rule)
    message = (
        f"{kind.upper()} ({metric}): {words}.\n"
        f"NEW: \"{new.span or new.value}\" — {_who(new)}, {_date(new)}\n"
        f"  «{new.sentence.strip()}»\n  {new.url or 'no URL'}\n"
        f"OLD: \"{old.span or old.value}\" — {_who(old)}, {_date(old)}"
        f"{' (seed corpus)' if old.is_seed else ''}\n"
        f"  «{old.sentence.strip()}»\n  {old.url or 'no URL'}\n"
        f"Why: {why} (rule {rule}; intervals {_fmt_iv(interval(new))} vs "
        f"{_fmt_iv(interval(old))})."
    )
    details = {"rule": rule, "why": why, "new": _side(new), "old": _side(old)}
    log.info("alert %s/%s on %s: figure %s (%s) vs %s (%s)", kind, rule, new.metric,
             new.id, new.url, old.id, old.url)
    return AlertCandidate(kind, rule, new.metric, new.id, old.id, message, details)
