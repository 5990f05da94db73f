"""Claims: what a figure counts, read from the figure and its evidence sentence.

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
  "in total", "up to <date>"), ``month`` ("during December"), ``window`` (a partial
  count over a recent span: "in the last week", "durante la última semana"; compared only
  with the same window ending the same day) or ``wave`` (the releases of a day or a
  batch, placed in time by its date).
- ``subgroup`` — part of the population rather than all of it: security forces, minors,
  women, men, adults, civilians, military, convicted, unconvicted, foreigners,
  journalists, a named prison or place (after the number, or before it: "En la cárcel
  de X, …", "In Lara state, …"), "overnight".
- ``start`` — the "since" date; ``org`` — who gave the figure, reduced to an
  organisation (Foro Penal, JEP, Clipp, government …).

``claims_match`` says when two keys are one claim: same metric, scope and subgroup, and
compatible starts ("since January" = "since 8 January"); a release total without a start
is matched with the same organisation's totals only (its own tally), so the government's
"626 since December" is never compared with Foro Penal's "143 since 8 January". Counts of
different definitions are different claims, never contradictions.

Reference dates (``reference_date``): a figure's ``as_of``, else a day named in its clause
("on Monday", "yesterday", "este jueves", "before the weekend") resolved against the
article's date, else the article's ``published_at``; None when nothing is known.

``pipeline.contradictions`` compares the figures of one claim. Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

__all__ = ["EVENT_METRICS", "STOCK_METRICS", "ClaimKey", "HeldFigure", "claim_key", "claims_match",
           "classify", "dated_in_text", "reference_date", "stated_by"]

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
    claim_status: str = "headline"  # as the extractor read it: headline or part
    claim_reasons: str | None = None


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
        ("journalists", r"\b(?:journalists?|periodistas|reporters?|reporteros|comunicadores|"
                        r"trabajadores de (?:la )?prensa|press workers|media workers)\b"),
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
#: "De los presos políticos registrados, 1.681 …", "Of the prisoners counted, 1,600 …": a
#: part of the count named just before, introduced at the start of the sentence.
_SUBSET_LEAD_RE = re.compile(
    r"^\W*(?:de|del|of|among|entre)\s+(?:los|las|el|the|those|these|all|todos los|todas las)\b[^,;:]{0,80},\s*$"
)
_SUBSET_TAIL_RE = re.compile(
    r"^\s*(?:of (?:them|those|these|whom|which)\b|de (?:ellos|ellas|esos|esas|estos|estas|"
    r"los cuales|las cuales|quienes)\b|more than (?:on|the previous)|mas que)"
)
#: "Cinco de los fallecidos …", "five of the dead were …": some of the very people the
#: metric counts (the dead of a toll), a part of it. "100 of the detainees walked out" is
#: no part of the releases: it counts them.
_OF_THE_COUNTED = {
    "killed": r"dead|killed|victims|muertos|fallecidos|victimas",
    "injured": r"injured|wounded|heridos|lesionados",
    "released": r"released|freed|excarcelados|liberados",
    "arrested": r"arrested|detained|detainees|arrestados|detenidos",
}
#: Arrests of one definition ("for alleged links to violent acts", "acusados de
#: terrorismo", "charged with"): a count of that definition, not the crackdown's arrests.
_CHARGED_RE = re.compile(
    r"\b(?:por (?:sus )?presunt[oa]s? (?:vinculos|nexos|relacion|participacion)|acusad[oa]s? de|imputad[oa]s?"
    r"|charged with|accused of|for (?:their )?alleged (?:links|ties|involvement|participation|role)"
    r"|on charges of|por (?:el delito|los delitos) de)\b"
)
#: A toll followed by a colon and its breakdown that names deaths in custody: the figure
#: counts protest deaths and deaths in custody together (another definition).
_CUSTODY_BREAKDOWN_RE = re.compile(r"^[^.:;]{0,80}:[^.]{0,160}\b(?:custodi\w*|custody|detenci[o]n|detention|prison|carcel)\b")
#: "otro grupo de 18", "another group of 40", "a first batch of 20": one group of
#: the releases (of a day or of a count), not the count itself.
_GROUP_HEAD_RE = re.compile(
    r"\b(?:(?:un|otro|el|nuevo|un nuevo|primer|segundo|tercer|ultimo|un ultimo|el ultimo)\s+"
    r"(?:grupo|lote|contingente)\s+(?:de|con)"
    r"|(?:a|another|a new|a further|a final|a last|the last|the first|a first|a second)\s+"
    r"(?:group|batch|contingent)\s+of)\s*$"
)
#: "de esas 31 liberaciones", "of those 31 releases": a number the article already gave,
#: named again by a demonstrative — not a new claim (its first mention speaks for it).
_REMENTION_RE = re.compile(r"\b(?:esas|esos|estas|estos|aquellas|aquellos|those|these)\s*$")
#: "42 detenciones adicionales", "42 more arrests", "40 additional releases", "otras 42
#: detenciones": an addition to a count given elsewhere, not the count.
_ADDITION_TAIL_RE = re.compile(
    r"^\s*(?:[a-z]+\s+){0,2}?(?:adicionales|additional|more|mas)\b(?!\s+(?:de|than|que)\b)")
_ADDITION_HEAD_RE = re.compile(
    r"\b(?:(?:otr[oa]s|another|a further|an additional|additional|further)\s*)$")
#: "en Zulia, con 130 casos", "y después en Lara, con 90", "Zulia with 80": a
#: count of one named place in a list by place, not the national count.
_NAMED_WITH_RE = re.compile(
    r"\b([A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+){0,2})(?:\s*\([^)]*\))?,?\s+(?:con|with)\s*$")
#: "del total de 1.402 detenidos": the marker names the number itself, not a part of it.
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
    "estado", "state",  # "bajo custodia del Estado": the state that holds them, not a place
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lunes", "martes",
    "miercoles", "jueves", "viernes", "sabado", "domingo", "x", "twitter", "reuters",
    "efe", "afp", "maduro", "cnn", "caracas", "libertad", "prision", "prison",
})
_SINCE_RE = re.compile(
    r"\b(?:since|desde|a partir de)\s+(?:el ano\s+|the year\s+|el\s+|the\s+|"
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
        # the UN's investigators and rights office, however named (its chair by name)
        ("un", r"\bonu\b|naciones unidas|united nations|\bu\.?n\.? (?:mission|fact|investigat|"
               r"expert|human rights|rights)|fact.finding|\bmision\b|high commissioner|"
               r"alto comisionado|\bacnudh\b|\bohchr\b|valinas"),
        ("government", r"govern|gobierno|ministr|authorit|autoridad|regimen|attorney|fiscal|"
                       r"prosecutor|oficial|official|ejecutivo|penitenci|delcy|cabello|saab|"
                       r"caracas|interior|president|presidente"),
    )
)


def _locate(f: HeldFigure) -> tuple[str, str, str]:
    """The sentence split around the number phrase: (head, span, tail), as written."""
    s = f.sentence
    i = -1
    if f.span:
        # the span as a word ("dos", not the "dos" of "fallecidos"), else anywhere
        m = re.search(r"(?<!\w)" + re.escape(f.span) + r"(?!\w)", s)
        i = m.start() if m else s.find(f.span)
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
    if _SUBSET_TAIL_RE.search(_fold(tail)) or _SUBSET_LEAD_RE.match(_fold(head)):
        return None
    noun = _NOUN_END_RE.split(_fold(near_tail), maxsplit=1)[0]
    text = " ".join(x for x in (_fold(f.unit or ""), noun) if x)
    groups = {name for name, rx in _SUBGROUPS if rx.search(text)}
    if re.search(r",\s*(?:con|with)\s*$", head):
        # "Los militares suman el segundo bloque, con 160": the group is
        # named before the number
        before = _CLAUSE_END_RE.split(head[: head.rfind(",")])[-1]
        groups |= {name for name, rx in _SUBGROUPS if rx.search(_fold(before))}
    if _CHARGED_RE.search(_fold(re.split(r"[.;:]", tail)[0][:80])):
        groups.add("charged")  # "N presos por presuntos vínculos con saqueos": one definition
    if f.metric == "killed" and _CUSTODY_BREAKDOWN_RE.match(_fold(tail)):
        groups.add("incl-custody")  # "33 dead: 27 in the streets and six in detention"
    elif f.metric == "killed" and re.search(
            r"\b(?:in (?:state |police |military )?(?:custody|detention|prison|jail)|bajo custodia"
            r"|en (?:prision|la carcel|detencion|centros de detencion|custodia)|while (?:detained|imprisoned|in custody)"
            r"|mientras (?:estaban?|permanecian?) (?:detenid|pres)\w*"
            r"|en (?:manos|poder) del estado|in (?:the )?(?:hands|custody) of the state|in state hands)\b",
            # its own clause, up to the next item ("25 during the protests and five in custody"),
            # past an aside between dashes or brackets ("Tres –de 36 y 44 años– murieron …")
            re.split(r"\d|\b(?:y|and|e)\b|[,;:]",
                     _fold(_clause(re.sub(r"[–—][^–—]*[–—]|\([^)]*\)", " ", tail))))[0]):
        groups.add("in-custody")  # "five have died in custody": not the toll of the protests
    if "overnight" not in groups and re.search(
        r"\b(?:overnight|madrugada|last night|anoche)\b", _fold(head)
    ):
        groups.add("overnight")
    # "arrested during the campaign", "antes de la votación": not the post-election count
    if re.search(r"\b(?:during the (?:election |electoral )?campaign|before the (?:vote|election|polls)"
                 r"|durante la campana|antes de (?:las elecciones|la eleccion|la votacion|los comicios)|pre-?election"
                 r"|previos? a (?:las elecciones|la eleccion|la votacion|los comicios)"
                 r"|in the (?:weeks|months|days) (?:before|leading up to) the (?:vote|election|polls)"
                 r"|preelectoral)\b", _fold(_clause(tail) + " " + _clause_head(head, words=8))):
        groups.add("pre-election")
    where = _fold(_after_last_number(head) + " " + _clause(tail))
    prison = _PRISONS_RE.search(where)
    if prison:
        groups.add("place:" + prison.group(0))
    m = _PLACE_TAIL_RE.match(near_tail)
    if m and _fold(m.group(1)) not in _NOT_PLACES and not prison:
        groups.add("place:" + _fold(m.group(1)))
    named = _NAMED_WITH_RE.search(head)
    if named and not groups and not any(rx.search(_fold(named.group(1))) for _, rx in _ORGS):
        name = _fold(named.group(1))
        if name.split()[0] not in _NOT_PLACES - {"caracas"}:
            groups.add("place:" + name)
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
    # "desde 2015, 9.310 arrestos", "since May 3, 190": a since-phrase before
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


#: "between 2014 and today", "entre el 3 de febrero y el 30 de junio de 2025", "between
#: July 22 and August 22": a bounded period, counted from its first day.
_BETWEEN_RE = re.compile(
    r"\b(?:between|entre)\s+(?:el\s+|the\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?)?"
    r"([a-z]+|\d{4})(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?:de\s+|of\s+)?(\d{4}))?"
    r"\s+(?:and|y)\s+"
)


def _between(f: HeldFigure) -> str | None:
    m = _BETWEEN_RE.search(_fold(f.sentence))
    return _start_of(m) if m else None


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


#: what ties a sentence to a source named before it: a reporting verb (English, or a
#: Spanish one with its subject left out: "Subraya que …"), a pronoun or a noun standing
#: for the source ("the NGO", "la organización", "he"), a breakdown or a demonstrative
#: ("of that total", "estas personas"), "according to" / "según"
_TIED_TO_SOURCE_RE = re.compile(
    r"\b(?:said|says|say|told|added|adds|reported|reports|stated|states|noted|notes|counted|counts|"
    r"maintained|insisted|insists|claimed|claims|confirmed|confirms|recorded|registered|estimated|"
    r"put|puts|placed|places|situ\w*|elev\w*|"
    r"according|warned|explained|underlined|stressed|pointed out|"
    r"dijo|dice|dicen|afirm\w*|senal\w*|indic\w*|agreg\w*|anad\w*|subray\w*|inform\w*|"
    r"report\w*|denunci\w*|registr\w*|contabiliz\w*|sostuv\w*|sostien\w*|precis\w*|asegur\w*|"
    r"explic\w*|destac\w*|resalt\w*|recalc\w*|advirt\w*|confirm\w*|cifr\w*|segun|de acuerdo|"
    r"ngo|ong|group|grupo|organi[sz]ation|organizacion|"
    r"watchdog|report|informe|reporte|balance|count|recuento|registro|tally|list|lista|bulletin|"
    r"boletin|mission|mision|commission|comision|committee|comite|ministry|ministerio|cartera|"
    r"office|oficina|figures|cifras|data|datos|statement|comunicado|"
    r"these|those|estas|estos|esas|esos|ellas|ellos|total|of them|among|entre|por sexo|por edad|"
    r"by sex|by age)\b"
)


def stated_by(f: HeldFigure) -> str | None:
    """Who the text says gives the figure: ``attributed_to``, unless it was carried over
    from another sentence that the figure's own sentence does not tie itself to ("The
    prison staff denied any death. The protests, which left 27 dead, …": the 27 is the
    outlet's own background, not the staff's). A source named in the sentence itself is
    kept as it is."""
    who = f.attributed_to
    if not who or not who.strip():
        return None
    sentence = _fold(f.sentence)
    if (_fold(who).strip() in sentence or _TIED_TO_SOURCE_RE.search(sentence)
            or any(rx.search(sentence) for _, rx in _ORGS)):
        return who  # tied to it, or naming a source itself ("officials put the toll at …")
    return None


_ORG_LABELS = {"foro penal": "Foro Penal", "jep": "JEP", "clipp": "CLIPP",
               "provea": "Provea", "un": "UN", "government": "Government"}
_LEADING_ARTICLE = re.compile(r"^(?:the|el|la|los|las)\s+", re.IGNORECASE)


def source_label(attributed_to: str | None) -> str | None:
    """Who gave a figure, as one name across languages and wordings.

    "el Gobierno", "Government numbers", "Attorney General Tarek William Saab" →
    "Government"; "the legal aid group Foro Penal", "Alfredo Romero" → "Foro Penal";
    other sources as written, without a leading article. None when no source.
    """
    if not attributed_to or not attributed_to.strip():
        return None
    a = _fold(attributed_to)
    for name, rx in _ORGS:
        if rx.search(a):
            return _ORG_LABELS[name]
    return _LEADING_ARTICLE.sub("", attributed_to.strip()) or None


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
    since = _since(f, head, tail) or _between(f)
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


#: the text says the count is current when it is given ("now", "so far", "to date", "ya",
#: "hasta ahora"), or names its day ("on Monday", "este jueves", "as of 18 August")
_CURRENT_RE = re.compile(
    r"\b(?:now|currently|so far|to date|as of|as at|up to|until|ahora|actualmente|ya|"
    r"hasta ahora|hasta la fecha|a la fecha|con corte|en lo que va)\b"
)


def dated_in_text(f: HeldFigure) -> bool:
    """Whether the figure's own text dates it (an ``as_of``, a day named in its clause, or
    a word saying the count is current), rather than only its article's date: an article
    may repeat an older count as background without saying so."""
    if f.as_of:
        return True
    head, _, tail = _locate(f)
    near = _fold(_clause_head(head, words=14) + " " + _clause(tail))
    sentence = _fold(f.sentence)
    return bool(_BEFORE_WEEKEND_RE.search(near) or _DAY_RE.search(near) or _DAY_RE.search(sentence)
                or _CURRENT_RE.search(sentence) or _ASOF_RE.search(sentence))


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


def classify(f: HeldFigure) -> tuple[str, tuple[str, ...]]:
    """A figure's claim status and the reasons read from its text.

    ``headline`` — a count in its own right (the toll, the register, the total);
    ``part`` — a breakdown of another count (by sex, adults/minors, civilians/military,
    "of them", "Entre los arrestados figuran …"); ``subgroup`` — a count of part of the
    population or of one place (minors, security forces, journalists, one prison or
    state); ``uncertain`` — the extractor could not type what is counted. Only two
    headline figures make an alert that is pushed to a channel.
    """
    if f.claim_status == "part":
        return "part", tuple(r for r in (f.claim_reasons or "").split("; ") if r) or (
            "a breakdown of another count",)
    if f.metric == "other":
        return "uncertain", ("what is counted could not be typed",)
    head, _, tail = _locate(f)
    if _GROUP_HEAD_RE.search(_fold(_clause_head(head, words=6))):
        return "part", ("one group (\"un grupo de\", \"a group of\") of a larger count",)
    if _REMENTION_RE.search(_fold(head)):
        return "part", ("a number already given, named again (\"those 31\", \"de esas 31\")",)
    if _ADDITION_TAIL_RE.match(_fold(_clause(tail))) or _ADDITION_HEAD_RE.search(_fold(_clause_head(head, words=4))):
        return "part", ("an addition to a count (\"42 more\", \"42 detenciones adicionales\"), not a total",)
    k = claim_key(f)
    if k is None:
        return "part", ("introduced as part of another count (\"two of them\", \"de esa cifra\")",)
    if k.subgroup:
        return "subgroup", (f"counts only: {', '.join(sorted(k.subgroup))}",)
    counted = _OF_THE_COUNTED.get(f.metric)
    if counted and re.match(rf"^\s*(?:of the|de (?:los|las)) (?:{counted})\b", _fold(tail)):
        return "part", ("some of the people the count counts (\"five of the dead\", "
                        "\"cinco de los fallecidos\")",)
    return "headline", ()
