"""Contradictions: compare each new figure with the figures held on the same claim.

A **claim** is what a count is a count *of* (``pipeline.claims``: ``claim_key`` and
``claims_match``); this module compares the figures of one claim.

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
    a toll of the protests (killed, injured: ``TOLL_METRICS``; not deaths in custody, which
    keep growing: ``GROWING_SUBGROUPS``) that differs, in either
    direction, once it has settled (or an undated figure above a settled toll) (both figures more than
    ``SETTLE_DAYS`` after its first report): "27 dead" in October against "28 dead" a
    year later is a contradiction, not an update.
``same_date_stock``
    two counts of people held on the same date that do not overlap (stocks go up and
    down; counts of other dates are never compared).
``same_day_count``
    while an event unfolds, two exact figures of one count that both texts date to the
    same day (an ``as_of`` each) and that differ: a relay cannot explain them. Pushed when
    one named claim-maker gives both (an outlet misreporting its figure); two claim-makers
    (or an outlet's own figure) go to review.
``self_revision``
    any of the above where both figures come from the same claim-maker at two dates (the
    same named ``attributed_to``; the same outlet only when neither names anyone, i.e. the
    article itself makes the claim): kind ``revision``. Two claim-makers in one outlet
    are a contradiction, one claim-maker quoted by two outlets a revision.
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

Order. The claim's first report is its earliest figure held so far; a figure that comes
before it (an older article ingested late, or listed after a newer figure in its
article) re-compares the held pairs it settles (``_resettled``), and verdict texts,
review reasons and message sides name figures by their dates, never by which came
second: the same figures settle the same tolls whatever order they arrive in
(``tests/test_claim_order.py``). Which pairs of one disagreement are raised, and so its
message, still follow observation order (one alert per older story and value).

``find_alerts`` expects ``held`` in observation order (oldest first). Pure functions, no
I/O; claim keys are cached, so comparing each article with the same held figures is cheap
(0.16 s per article against 20,000 held figures on this machine).
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from pipeline.claims import (
    _MONTHS as _MONTH_NUMBERS,
)
from pipeline.claims import (
    _ORG_LABELS,
    EVENT_METRICS,
    STOCK_METRICS,
    ClaimKey,
    HeldFigure,
    _clause,
    _clause_head,
    _day_without_year,
    _fold,
    _locate,
    _resolve_near,
    _same_start,
    _start_parts,
    claim_key,
    claims_match,
    classify,
    dated_in_text,
    reference_date,
    source_label,
    stated_by,
)

__all__ = ["EVENT_METRICS", "STOCK_METRICS", "AlertCandidate", "AlertGroups", "ClaimKey", "Evidence",
           "FigureIndex", "HeldFigure", "claim_key", "claims_match", "find_alerts", "group_key", "interval",
           "reference_date", "settle", "side_key"]

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
#: Tolls of a closed event (the protests' dead and injured): once settled, sources must
#: agree. Arrests are not among them: people are still being arrested after the protests.
TOLL_METRICS = frozenset({"killed", "injured"})
#: Subgroups of a toll that keep growing after the protests (detainees go on dying in
#: custody): a running count, never a settled toll.
GROWING_SUBGROUPS = frozenset({"in-custody"})
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



@dataclass(frozen=True)
class Evidence:
    """One figure carrying one side of an alert's disagreement (``alert_evidence``)."""

    #: ``new`` — the side of the alert's ``new_figure_id``; ``old`` — of ``old_figure_id``
    side: str
    #: who says what: the claim-maker and the interval its qualifier allows ("Government=[28, 28]")
    side_key: str
    figure_id: int
    article_id: int
    value: int
    claim_maker: str | None

    def row(self) -> dict[str, Any]:
        """As ``dataclasses.asdict`` gives it (an ``alert_evidence`` row), without its
        deep copy (a run writes thousands)."""
        return {"side": self.side, "side_key": self.side_key, "figure_id": self.figure_id,
                "article_id": self.article_id, "value": self.value,
                "claim_maker": self.claim_maker}


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
    #: ``open`` — pushed to the channels; ``review`` — held back, with ``held_reason``,
    #: shown by ``v_possible_conflicts`` and ``newstally alerts --review``, never sent
    status: str = "open"
    held_reason: str | None = None
    #: the disagreement (``group_key``): one claim, the same two claim-makers and the same
    #: two values after qualifiers. Later evidence of it attaches to the alert already
    #: raised instead of raising (and pushing) another.
    group_key: str | None = None
    #: every figure seen so far on each side (the two figures of the pair among them)
    evidence: tuple[Evidence, ...] = ()
    #: evidence only: a figure repeating a side of a disagreement, to attach to its alert
    #: (``find_alerts(..., attachments=True)``); never a new alert
    attach_only: bool = False
    #: an ``attach_only`` candidate left to build (``settle``): (kind, rule, new, old,
    #: why) of each figure of the call that repeats a side of its disagreement, in order.
    #: Most never meet an alert of their disagreement, so their message, details and the
    #: test whether they may attach are made only for those that do.
    pending: tuple[tuple[str, str, HeldFigure, HeldFigure, str], ...] = field(
        default=(), compare=False, repr=False)


# ---------------------------------------------------------------------------------------
# intervals


def _pair_dates(a: HeldFigure, b: HeldFigure) -> tuple[date | None, date | None]:
    """Reference dates of two figures; a date given without a year ("up to January 26" in
    an undated article) is placed in the year nearest the other figure's date."""
    da, db = _cached_date(a), _cached_date(b)
    if da is None and db is not None:
        md = _sentence_day(a)
        da = _resolve_near(md, db) if md else None
    elif db is None and da is not None:
        md = _sentence_day(b)
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


#: hedges that put the count strictly below ("nearly 200", "casi 200", "fewer than 200")
#: or strictly above ("more than 200", "más de 200", "over 200") the number written
_STRICT_BELOW = frozenset({"nearly", "fewer_than"})
_STRICT_ABOVE = frozenset({"more_than"})


def _hedged_apart(low: HeldFigure, high: HeldFigure) -> bool:
    """``low`` says "nearly N" (strictly below N) and ``high`` "more than M" (strictly
    above M) with N <= M: the two cannot both be true, whatever the rounding slack
    ("casi 200 heridos" against "más de 200 heridos"). Rounding slack stays for
    every other pair ("more than 2,400" agrees with "2,400", "nearly 200" with "200")."""
    return (low.qualifier in _STRICT_BELOW and high.qualifier in _STRICT_ABOVE
            and low.value <= high.value)


def _below(x: HeldFigure, xi: tuple[float, float], y: HeldFigure, yi: tuple[float, float]) -> bool:
    """Every value figure ``x`` allows is below every value ``y`` allows."""
    return _upper_below(xi, yi) or _hedged_apart(x, y)


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


@functools.lru_cache(maxsize=1 << 18)
def claim_maker(f: HeldFigure) -> str | None:
    """Who makes the claim: the named source (``source_label``), else the outlet whose
    article makes it itself; None when neither is known."""
    named = source_label(stated_by(f))
    if named:
        return named
    outlet = _norm_outlet(f.publisher) or _norm_outlet(f.source)
    return f"outlet:{outlet}" if outlet else None


def _reviser(f: HeldFigure) -> str:
    """Who revised a figure, for the alert text: the named claim-maker ("the government"
    quoted by two outlets is one claim-maker), else the outlet itself."""
    named = source_label(stated_by(f))
    return f"the same claim-maker ({named})" if named else "the same outlet"


def _same_claim_maker(a: HeldFigure, b: HeldFigure) -> bool:
    """One claim-maker revising its own figure at a later date: the same named
    ``attributed_to`` (as one name: "el Foro Penal" = "Foro Penal"), or, when neither
    article names anyone, the same outlet (the article itself makes the claim). Two
    claim-makers, or an outlet and a source it quotes, are never one source."""
    da, db = _cached_date(a), _cached_date(b)
    if da is None or db is None or da == db:
        return False  # a revision needs a later date
    la, lb = source_label(stated_by(a)), source_label(stated_by(b))
    if la or lb:
        return la is not None and la == lb
    return _same_outlet(a, b)


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
    if _overlap(a, b) and not (_hedged_apart(new, old) or _hedged_apart(old, new)):
        return None
    lo, hi = sorted((max(new.value, 1), max(old.value, 1)))
    if hi / lo > MAX_RATIO:
        return None  # an order of magnitude apart: two populations, not one count disputed
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
        known = dn if dn is not None else do
        k_iv, u_iv = (a, b) if dn is not None else (b, a)
        if (
            scope == "event"
            and kn.metric in TOLL_METRICS
            and not kn.subgroup & GROWING_SUBGROUPS
            and known is not None
            and claim_start is not None
            and known > claim_start + timedelta(days=SETTLE_DAYS)
            and _below(new if dn is not None else old, k_iv, old if dn is not None else new, u_iv)
        ):
            # whatever its date, a figure above a settled toll means the toll fell or
            # changed after it had settled
            return _Verdict(
                "settled_toll",
                f"the toll had settled by {known.isoformat()} (more than {SETTLE_DAYS} days after "
                "its first report); a figure of unknown date above it cannot also be true",
            )
        # the order cannot be told: only two totals since the same stated day conflict
        if (
            kn.start
            and ko.start
            and _start_parts(kn.start)[2] is not None
            and _start_parts(ko.start)[2] is not None
            and _same_start(kn.start, ko.start)
        ):
            # the fuller of the two starts ("2026-01-08" over "01-08"), whichever is new
            since = max(kn.start, ko.start, key=lambda st: (len(st), st))
            return _Verdict(
                "disjoint_intervals",
                f"the same running count since {since} (one date unknown), and the "
                "numbers cannot both be true",
            )
        return None
    settled = (
        scope == "event"
        and kn.metric in TOLL_METRICS
        and not kn.subgroup & GROWING_SUBGROUPS
        and claim_start is not None
        and min(dn, do) > claim_start + timedelta(days=SETTLE_DAYS)
    )
    gap = abs((dn - do).days)
    if scope == "event" and not settled and gap == 0 and _same_day_exact(new, old):
        # one day's count, given to the day by both texts and in exact figures: a relay
        # of an older count cannot explain it ("2,229" and "2,292" of the same briefing)
        return _Verdict(
            SAME_DAY_RULE,
            f"both give the count of {dn.isoformat()} as an exact figure, and the numbers "
            "differ")
    if scope == "event" and not settled and gap <= RELAY_DAYS:
        return None  # while events unfold, outlets relay the count of a few days ago
    if dn == do or (settled and gap <= LAG_DAYS):
        return _Verdict(
            "disjoint_intervals",
            f"the same count on {min(dn, do).isoformat()} and {max(dn, do).isoformat()}, and "
            "the numbers cannot both be true",
        )
    if scope == "total" and not _after_start(kn, ko, dn, do):
        return None  # a total since a date cannot be compared with a figure from before it
    if scope == "total" and not kn.start and not ko.start and gap > TOTAL_GAP_DAYS:
        return None  # running totals with no stated start this far apart count other campaigns
    later = new if dn > do else old
    l_day, e_day = (dn, do) if later is new else (do, dn)
    l_iv, e_iv = (a, b) if later is new else (b, a)
    e_fig = old if later is new else new
    # The words of a verdict name only the pair's own dates, never the claim's first
    # report: which figure came first depends on what has been ingested, and the same
    # articles must give the same message whatever their order. A later, lower figure
    # reads the same whether the toll had settled or not (a source revising itself
    # gets one message, ``_resettled``); only the rule, and so the status, differ.
    fell = _below(later, l_iv, e_fig, e_iv)
    fall = (f"a running count cannot fall, yet the later figure ({l_day.isoformat()}) is "
            f"lower than the earlier one ({e_day.isoformat()})")
    if settled:
        # a closed event: sources that give it other tolls disagree, in either direction
        return _Verdict("settled_toll", fall if fell else (
            f"the toll should have settled by the earlier figure's date ({e_day.isoformat()}), "
            f"more than {SETTLE_DAYS} days after its first report, yet the figures differ"))
    if fell:
        if gap <= LAG_DAYS:
            return None  # a relay of the previous day's count
        return _Verdict("cumulative_decrease", fall)
    return None  # a later, higher running count is an update


#: The rule for two exact figures of one count, both dated to the same day by their own
#: text, that differ while the event unfolds: pushed only when one named claim-maker
#: gives both (an outlet misreporting its figure); two claim-makers go to review.
SAME_DAY_RULE = "same_day_count"


def _same_day_exact(a: HeldFigure, b: HeldFigure) -> bool:
    """Both figures exact and both dated by their own text (an ``as_of`` that is not the
    day a count starts): an article's date alone may be a relay's, not the count's."""
    return (a.qualifier == "exact" and b.qualifier == "exact"
            and a.as_of is not None and b.as_of is not None
            and not _as_of_is_start(a) and not _as_of_is_start(b))


def _start_date(start: str | None, ref: date) -> date | None:
    """The day a "since <start>" count begins: a start without a year ("01-08") is the
    last such day on or before the figure's date; a year or a month alone gives its first day."""
    if not start or start == "event":
        return None
    year, month, day = _start_parts(start)
    if month is None and year is None:
        return None
    if month is None:
        return date(int(year), 1, 1) if year else None
    try:
        if year:
            return date(int(year), int(month), int(day or 1))
        d = date(ref.year, int(month), int(day or 1))
        return d if d <= ref else date(ref.year - 1, int(month), int(day or 1))
    except ValueError:
        return None


def _after_start(kn: ClaimKey, ko: ClaimKey, dn: date, do: date) -> bool:
    """Both figures speak of dates on or after the start of the other's running total."""
    for k, own, other in ((kn, dn, do), (ko, do, dn)):
        s = _start_date(k.start, own)
        if s is not None and other < s:
            return False
    return True


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
def _cached_class(f: HeldFigure) -> tuple[str, tuple[str, ...]]:
    return classify(f)


#: reference dates by the fields ``reference_date`` reads (a figure's hash reads all of
#: its fields, and a run looks a held figure's date up once per new figure of its claim)
_DATES: dict[tuple[Any, ...], date | None] = {}


def _date_key(f: HeldFigure) -> tuple[Any, ...]:
    # the offset too: two times of one instant in two zones are equal, yet their dates
    # (what reference_date reads) may differ
    pub = f.published_at
    return (f.as_of, pub, pub.utcoffset() if pub is not None else None, f.sentence, f.span,
            f.value)


def _cached_date(f: HeldFigure) -> date | None:
    k = _date_key(f)
    try:
        return _DATES[k]
    except KeyError:
        if len(_DATES) >= 1 << 18:
            _DATES.clear()
        d = _DATES[k] = comparison_date(f)
        return d


def comparison_date(f: HeldFigure) -> date | None:
    """The date a comparison reads for ``f`` (``figures.claim_date`` stores it):
    ``reference_date``, except that an ``as_of`` naming the day a count starts is not
    its date (``_as_of_is_start``)."""
    d = reference_date(f)
    if _as_of_is_start(f):
        # the start's weekday ("desde el jueves 8") names the start too, not the date
        d = reference_date(replace(f, as_of=None))
        if d == f.as_of and f.published_at is not None:
            d = f.published_at.date()
    return d


_START_DAY_RE = re.compile(
    r"\b(?:since|desde|a partir del?)\s+(?:el\s+|the\s+)?(?:(?:monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|lunes|martes|miercoles|jueves|viernes|sabado|domingo),?\s+)?"
    r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?([a-z]+)|([a-z]+)\s+(\d{1,2})\b)"
)


def _as_of_is_start(f: HeldFigure) -> bool:
    """The ``as_of`` is the day the count starts, read as its date: "desde el jueves 8 de
    enero ha verificado 41", "41 freed since Thursday, January 8" count up to the article's
    day (or a day its clause names), never on the 8th itself."""
    if f.as_of is None:
        return False
    for m in _START_DAY_RE.finditer(_fold(f.sentence)):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if _MONTH_NUMBERS.get(month) == f.as_of.month and int(day) == f.as_of.day:
            return True
    return False


def _known_date(f: HeldFigure, d: date) -> None:
    """Take ``d`` as ``f``'s reference date (stored with it by the warehouse)."""
    if len(_DATES) >= 1 << 18:
        _DATES.clear()
    _DATES[_date_key(f)] = d


_DAYS: dict[str, tuple[int, int] | None] = {}


def _sentence_day(f: HeldFigure) -> tuple[int, int] | None:
    """``_day_without_year`` (it reads the sentence only), once per sentence."""
    try:
        return _DAYS[f.sentence]
    except KeyError:
        if len(_DAYS) >= 1 << 16:
            _DAYS.clear()
        d = _DAYS[f.sentence] = _day_without_year(f)
        return d


class _Keys:
    """Claim keys, computed once per figure (and cached across calls: the flow compares
    every new article with the same held figures)."""

    def __init__(self, known: Mapping[int, ClaimKey | None] | None = None) -> None:
        self._keys: dict[int, ClaimKey | None] = {}
        self._known: Mapping[int, ClaimKey | None] = known if known is not None else {}

    def __call__(self, f: HeldFigure) -> ClaimKey | None:
        if f.id in self._known:
            return self._known[f.id]
        if f.id not in self._keys:
            self._keys[f.id] = _cached_key(f)
        return self._keys[f.id]


# ---------------------------------------------------------------------------------------
# the held figures of a claim, indexed

_Entry = tuple[int, HeldFigure]


def _first_two(t: tuple[Any, int, HeldFigure]) -> tuple[Any, int]:
    return t[0], t[1]


class _Bucket:
    """The held figures of one figure metric and one claim key, in observation order,
    with the look-ups ``_alerts_for`` makes: by article, by (story, value), by (value,
    qualifier), by side, by the bounds of their intervals and by reference date (sorted),
    so that a new figure inspects only the figures that can conflict with it."""

    __slots__ = ("by_article", "by_date", "by_side", "by_story", "by_value", "dated", "day",
                 "entries", "hedged", "his", "iv", "key", "los", "min_date", "undated",
                 "undated_day")

    def __init__(self, key: ClaimKey) -> None:
        self.key = key
        self.entries: list[_Entry] = []
        self.min_date: date | None = None
        self.by_article: dict[int, list[_Entry]] = {}
        self.by_story: dict[tuple[int, int], list[_Entry]] = {}
        self.by_value: dict[tuple[int, str], list[_Entry]] = {}
        #: by ``side_key``, built when first asked (``_with_sides``): most buckets never are
        self.by_side: dict[str, list[_Entry]] | None = None
        self.by_date: dict[date, list[_Entry]] = {}
        #: the bounds ``_compare`` tests first, by position
        self.iv: dict[int, tuple[float, float]] = {}
        #: (lower bound, position, figure), (upper bound, …), (reference date, …), sorted
        self.los: list[tuple[float, int, HeldFigure]] = []
        self.his: list[tuple[float, int, HeldFigure]] = []
        self.dated: list[tuple[date, int, HeldFigure]] = []
        #: reference dates by position
        self.day: dict[int, date] = {}
        #: figures with no reference date, with and without a day in their sentence
        self.undated_day: list[_Entry] = []
        self.undated: list[_Entry] = []
        #: "nearly N" / "more than M" figures: ``_hedged_apart`` pairs them whatever
        #: their intervals' rounding slack (few; compared by ``_compare`` as they come)
        self.hedged: list[_Entry] = []

    def add(self, pos: int, g: HeldFigure, d: date | None, *, sort: bool = True) -> None:
        """Index ``g`` (reference date ``d``); without ``sort`` the sorted lists are left
        for :meth:`sort` (a bulk ``FigureIndex.extend``)."""
        e = (pos, g)
        self.entries.append(e)
        self.by_article.setdefault(g.article_id, []).append(e)
        self.by_story.setdefault((_story(g), g.value), []).append(e)
        self.by_value.setdefault((g.value, g.qualifier), []).append(e)
        if self.by_side is not None:
            self.by_side.setdefault(side_key(g), []).append(e)
        lo, hi = self.iv[pos] = _bounds(g, self.key.scope)
        if g.qualifier in _STRICT_BELOW or g.qualifier in _STRICT_ABOVE:
            self.hedged.append(e)
        if sort:
            bisect.insort(self.los, (lo, pos, g))
            bisect.insort(self.his, (hi, pos, g))
        else:
            self.los.append((lo, pos, g))
            self.his.append((hi, pos, g))
        if d is None:
            (self.undated if _sentence_day(g) is None else self.undated_day).append(e)
            return
        self.day[pos] = d
        if self.min_date is None or d < self.min_date:
            self.min_date = d
        self.by_date.setdefault(d, []).append(e)
        if sort:
            bisect.insort(self.dated, (d, pos, g))
        else:
            self.dated.append((d, pos, g))

    def sort(self) -> None:
        """Sort the lists :meth:`add` left unsorted (positions are unique: the figures
        themselves are never compared)."""
        self.los.sort(key=_first_two)
        self.his.sort(key=_first_two)
        self.dated.sort(key=_first_two)

    # look-ups: each a superset of what it names, to be tested with ``_compare``

    def below(self, iv: tuple[float, float]) -> list[_Entry]:
        """Figures every value of which is below every value ``iv`` allows."""
        return [(p, g) for _, p, g in self.his[:bisect.bisect_left(self.his, (iv[0],))]]

    def above(self, iv: tuple[float, float]) -> list[_Entry]:
        """Figures every value of which is above every value ``iv`` allows."""
        return [(p, g) for _, p, g in
                self.los[bisect.bisect_right(self.los, (iv[1], float("inf"))):]]

    def disjoint(self, iv: tuple[float, float]) -> list[_Entry]:
        """Figures whose interval does not overlap ``iv`` (``_compare`` returns None for
        every other one: its first test)."""
        return self.below(iv) + self.above(iv)

    def side(self, sk: str) -> list[_Entry]:
        """The figures of the side ``sk`` (``side_key``)."""
        if self.by_side is None:
            self.by_side = {}
            for e in self.entries:
                self.by_side.setdefault(side_key(e[1]), []).append(e)
        return self.by_side.get(sk, [])

    def keep_disjoint(self, es: Iterable[_Entry], iv: tuple[float, float]) -> list[_Entry]:
        return [e for e in es if not _overlap(self.iv[e[0]], iv)]

    def n_before(self, d: date) -> int:
        return bisect.bisect_left(self.dated, (d,))

    def n_after(self, d: date) -> int:
        """Dated figures after ``d`` (the tail of ``dated``)."""
        return len(self.dated) - bisect.bisect_right(self.dated, (d, 1 << 62))

    def before(self, d: date) -> list[_Entry]:
        return [(p, g) for _, p, g in self.dated[:self.n_before(d)]]

    def after(self, d: date) -> list[_Entry]:
        return [(p, g) for _, p, g in self.dated[len(self.dated) - self.n_after(d):]]

    def n_below(self, iv: tuple[float, float]) -> int:
        return bisect.bisect_left(self.his, (iv[0],))

    def n_above(self, iv: tuple[float, float]) -> int:
        return len(self.los) - bisect.bisect_right(self.los, (iv[1], float("inf")))


def _bounds(f: HeldFigure, scope: str) -> tuple[float, float]:
    """The interval ``_compare`` tests for overlap first (widened for release waves)."""
    iv = interval(f)
    return _widen(iv) if scope == "wave" else iv


def _has_day(start: str | None) -> bool:
    return bool(start) and _start_parts(start or "")[2] is not None


class FigureIndex(Sequence[HeldFigure]):
    """Held figures in observation order (oldest first), indexed by claim.

    ``find_alerts`` takes one as ``held`` and compares a new figure only with the held
    figures that can conflict with it (``_candidates``), looked up by claim key, interval
    and date: its cost grows with those, not with every held figure of its claim. A run
    keeps one index over its held figures (``pipeline.process``) and appends each
    article's figures after comparing them; a plain sequence given to ``find_alerts`` is
    indexed for that call. With ``full_scan`` every held figure of the claim is compared,
    as before the index (tests check that both raise the same alerts). ``classes``: the
    claim class (``claims.classify``'s status) of figures known by id, as the warehouse
    stores them (``figures.claim_class``); the others are classified. ``dates``: their
    reference dates (``figures.claim_date``), likewise.
    """

    def __init__(self, figures: Iterable[HeldFigure] = (),
                 keys: Mapping[int, ClaimKey | None] | None = None, *, offset: int = 0,
                 full_scan: bool = False, classes: Mapping[int, str] | None = None,
                 dates: Mapping[int, date] | None = None) -> None:
        self.full_scan = full_scan
        self.classes: Mapping[int, str] = classes if classes is not None else {}
        self.dates: Mapping[int, date] = dates if dates is not None else {}
        self.figures: list[HeldFigure] = []
        self.by_id: dict[int, HeldFigure] = {}
        self.key = _Keys(keys)
        self.offset = offset
        #: held figures ``_alerts_for`` compared with new ones (``_compare``), for tests
        self.inspected = 0
        self._buckets: dict[tuple[str, ClaimKey], _Bucket] = {}
        self._groups: dict[tuple[str, str, str, frozenset[str]], list[_Bucket]] = {}
        self.extend(figures)

    def __len__(self) -> int:
        return len(self.figures)

    def __getitem__(self, i: Any) -> Any:
        return self.figures[i]

    def __iter__(self) -> Iterator[HeldFigure]:
        return iter(self.figures)

    def append(self, g: HeldFigure) -> None:
        self._add(g, sort=True)

    def _add(self, g: HeldFigure, *, sort: bool) -> _Bucket | None:
        pos = self.offset + len(self.figures)
        self.figures.append(g)
        self.by_id[g.id] = g
        known = self.classes.get(g.id)
        if g.claim_status == "part" or (known or _cached_class(g)[0]) == "part":
            # never in a claim's pool (``_alerts_for``): a breakdown stored as such, or
            # one the claim rules read ("another group of 18")
            return None
        kg = self.key(g)
        if kg is None:
            return None
        b = self._buckets.get((g.metric, kg))
        if b is None:
            b = self._buckets[(g.metric, kg)] = _Bucket(kg)
            self._groups.setdefault((g.metric, kg.metric, kg.scope, kg.subgroup), []).append(b)
        day = self.dates.get(g.id)
        if day is not None:
            _known_date(g, day)  # for the comparisons (``_compare``)
        else:
            day = _cached_date(g)
        b.add(pos, g, day, sort=sort)
        return b

    def extend(self, figures: Iterable[HeldFigure]) -> None:
        touched: dict[int, _Bucket] = {}
        for g in figures:
            b = self._add(g, sort=False)
            if b is not None:
                touched[id(b)] = b
        for b in touched.values():
            b.sort()

    def buckets(self, f: HeldFigure, k: ClaimKey) -> list[_Bucket]:
        """The buckets of ``f``'s claim: its metric, and keys ``claims_match`` pairs."""
        return [b for b in self._groups.get((f.metric, k.metric, k.scope, k.subgroup), ())
                if claims_match(k, b.key)]


def _merged_keyed(lists: Iterable[tuple[_Bucket, Iterable[_Entry]]], f: HeldFigure
                  ) -> list[tuple[int, HeldFigure, ClaimKey]]:
    """Entries of some buckets, with their keys, in observation order, ``f`` left out."""
    out = [(p, g, b.key) for b, es in lists for p, g in es if g.id != f.id]
    out.sort(key=lambda e: e[0])
    return out


def _side_and_time(b: _Bucket, side: str, iv: tuple[float, float], when: str, d: date
                   ) -> list[_Entry]:
    """Dated figures of ``b`` wholly ``side`` ("below"/"above") ``iv`` and ``when``
    ("before"/"after") ``d``: the smaller of the two sets is read, filtered by the other."""
    nv = b.n_below(iv) if side == "below" else b.n_above(iv)
    nd = b.n_after(d) if when == "after" else b.n_before(d)
    if nv <= nd:
        es = b.below(iv) if side == "below" else b.above(iv)
        return [e for e in es if (x := b.day.get(e[0])) is not None
                and (x > d if when == "after" else x < d)]
    es = b.after(d) if when == "after" else b.before(d)
    if side == "below":
        return [e for e in es if b.iv[e[0]][1] < iv[0]]
    return [e for e in es if b.iv[e[0]][0] > iv[1]]


def _candidates(b: _Bucket, f: HeldFigure, k: ClaimKey, claim_start: date | None) -> list[_Entry]:
    """The figures of ``b`` for which ``_compare(f, g, k, b.key, claim_start)`` may not be
    None: a superset, looked up by interval and date (keep in step with ``_compare``).

    Every rule needs disjoint intervals, or two hedges apart ("nearly 300" against
    "more than 300", ``_hedged_apart``: every such figure of the bucket is a candidate).
    Counts of one day (stocks, recent windows, waves) need the same day (or the next, for waves); a month count any day. A running
    count needs the same day, a settled toll, or the later figure below the earlier
    one. With no reference date and no day in the sentence (no date from any pair,
    ``_pair_dates``) only the undated rules: two totals since one stated day, a settled
    toll. A figure with no date but a day in its sentence takes its date from the other
    figure's: for it, and for those, every disjoint figure.
    """
    hedged = [e for e in b.hedged if _hedged_apart(f, e[1]) or _hedged_apart(e[1], f)]
    return _dedup_entries(hedged + _interval_candidates(b, f, k, claim_start))


def _dedup_entries(out: list[_Entry]) -> list[_Entry]:
    seen: set[int] = set()
    uniq = []
    for e in out:
        if e[0] not in seen:
            seen.add(e[0])
            uniq.append(e)
    return uniq


def _interval_candidates(b: _Bucket, f: HeldFigure, k: ClaimKey, claim_start: date | None
                         ) -> list[_Entry]:
    """``_candidates`` among the figures whose interval is disjoint from ``f``'s."""
    iv = _bounds(f, k.scope)
    scope = k.scope
    same_start = bool(k.start and b.key.start and _has_day(k.start) and _has_day(b.key.start))
    settle = (claim_start + timedelta(days=SETTLE_DAYS)
              if scope == "event" and k.metric in TOLL_METRICS and claim_start is not None
              else None)  # a toll settles: after this day any other value conflicts
    dn = _cached_date(f)
    if (dn is None and _sentence_day(f) is not None) or scope == "month":
        return b.disjoint(iv)
    if dn is None:
        if scope in ("stock", "wave", "window"):
            return []
        if same_start:
            return b.disjoint(iv)
        return _side_and_time(b, "below", iv, "after", settle) if settle is not None else []
    out = b.keep_disjoint(b.undated_day, iv)
    if scope in ("stock", "window", "wave"):
        days = (dn - timedelta(days=1), dn, dn + timedelta(days=1)) if scope == "wave" else (dn,)
        for d in days:
            out += b.keep_disjoint(b.by_date.get(d, ()), iv)
        return out
    # a running count: the same day, a settled toll, the later figure below the earlier
    out += b.keep_disjoint(b.by_date.get(dn, ()), iv)
    if same_start:
        out += b.keep_disjoint(b.undated, iv)
    elif settle is not None and dn > settle:
        out += [e for e in b.undated if b.iv[e[0]][0] > iv[1]]
    if settle is not None and dn > settle:
        out += _side_and_time(b, "below", iv, "after", settle)
        out += _side_and_time(b, "above", iv, "after", settle)
    out += _side_and_time(b, "above", iv, "before", dn)
    out += _side_and_time(b, "below", iv, "after", dn)
    return out


class _Pools:
    """A held ``FigureIndex`` and the figures of the current ``find_alerts`` call after it."""

    def __init__(self, held: FigureIndex, key: _Keys) -> None:
        self.held = held
        self.new = FigureIndex(offset=len(held), full_scan=held.full_scan)
        self.new.key = key

    def buckets(self, f: HeldFigure, k: ClaimKey) -> list[_Bucket]:
        return self.held.buckets(f, k) + self.new.buckets(f, k)

    def count(self, n: int) -> None:
        self.held.inspected += n


#: qualifiers a reader takes for one claim ("more than 2,400" / "at least 2,400")
_QUALIFIER_CLASS = {"more_than": "at_least", "fewer_than": "up_to"}


@functools.lru_cache(maxsize=1 << 18)
def side_key(f: HeldFigure) -> str:
    """One side of a disagreement: who says it and what, after its qualifier
    ("Government=exact 28", "outlets=at_least 28"). Who: the named claim-maker
    (``source_label``), else ``outlets`` — articles giving the figure as their own,
    whichever outlet: five outlets repeating an unattributed 28 against the UN's 25 are
    one disagreement, not five."""
    who = source_label(stated_by(f))
    if not who or (who not in _ORG_LABELS.values()
                   and _UNNAMED_RE.match(_fold(stated_by(f) or "").strip())):
        who = "outlets"  # "a statement", "unos testigos", "diversas ONG": nobody named
    return f"{who}={_QUALIFIER_CLASS.get(f.qualifier, f.qualifier)} {f.value}"


#: attributions that name nobody: an indefinite ("a statement", "un comunicado", "several
#: NGOs", "diversas oenegés") or a pronoun ("lo", "it"); a side they give is an outlet's own
_UNNAMED_RE = re.compile(
    r"^(?:a|an|some|several|various|other|un|una|unos|unas|diversa|diversos|diversas|varios|"
    r"varias|otro|otra|otros|otras|algun|alguna|algunos|algunas|lo|it|this|that|esto|eso)\b"
    # a kind of organisation in the plural, none named: "organizaciones no gubernamentales",
    # "las ONG", "rights groups", "NGOs" (h14: two wordings of one side made two alerts)
    r"|^(?:las\s+|los\s+|the\s+)?(?:ongs?|oenegs|oeneges|ngos|organizaciones(?:\s+no\s+gubernamentales)?"
    r"(?:\s+de\s+derechos\s+humanos)?|(?:human\s+)?rights\s+groups|non-?governmental\s+organi[sz]ations"
    r"|activistas|activists)\s*$")


def _coarse_start(start: str | None) -> str:
    if not start or start == "event":
        return start or ""
    year, month, _day = _start_parts(start)
    return month or year or start


def group_key(f: HeldFigure, k: ClaimKey, g: HeldFigure, kind: str) -> str:
    """The disagreement two figures of one claim are evidence of: the claim (metric,
    scope, subgroup, start; a stock's date), and the two sides (``side_key``), in either
    order. One disagreement is one alert whatever the number of articles repeating it."""
    claim = [k.metric, k.scope, ",".join(sorted(k.subgroup))]
    if k.scope != "total":  # an organisation's tally matches whatever its start
        claim.append(_coarse_start(k.start))
    if k.scope == "stock":
        d = _cached_date(f)
        claim.append(d.isoformat() if d else "")
    return f"{kind}|" + "|".join(claim) + "|" + " vs ".join(sorted((side_key(f), side_key(g))))


def _evidence(side: str, f: HeldFigure) -> Evidence:
    return Evidence(side, side_key(f), f.id, f.article_id, f.value, claim_maker(f))


def _merge(cand: AlertCandidate, more: Iterable[Evidence], by_id: Mapping[int, HeldFigure]
           ) -> AlertCandidate:
    """``cand`` with ``more`` evidence on its sides (matched by ``side_key``), its
    message counting the articles again."""
    side_of = {e.side_key: e.side for e in cand.evidence}
    have = {e.figure_id for e in cand.evidence}
    add = []
    for e in more:
        side = side_of.get(e.side_key)
        if side is None or e.figure_id in have:
            continue
        have.add(e.figure_id)
        add.append(replace(e, side=side))
    if not add:
        return cand
    return _counted(replace(cand, evidence=cand.evidence + tuple(add)), by_id)


def _counted(cand: AlertCandidate, by_id: Mapping[int, HeldFigure]) -> AlertCandidate:
    new, old = by_id.get(cand.new_figure_id), by_id.get(cand.old_figure_id)
    if new is None or old is None:
        return cand
    n = {s: len({e.article_id for e in cand.evidence if e.side == s}) for s in ("new", "old")}
    details = {**cand.details, "articles": n}
    message = _message(cand.kind, cand.rule, new, old, str(cand.details.get("why", "")), n)
    return replace(cand, message=message, details=details)


def _fits(h: HeldFigure, other: HeldFigure, rule: str, status: str,
          classes: Mapping[int, str] | None = None) -> bool:
    """Evidence ``h`` may join an alert of ``status``: any figure of the side joins an
    alert held for review; a pushed alert takes only figures that would be pushed too."""
    return status == "review" or not review_reasons(h, other, rule, classes)


def find_alerts(
    new: Sequence[HeldFigure], held: Sequence[HeldFigure],
    keys: Mapping[int, ClaimKey | None] | None = None, *, attachments: bool = False,
) -> list[AlertCandidate]:
    """Alerts raised by ``new`` figures against ``held`` ones (and earlier ones of ``new``).

    ``held`` is in observation order, oldest first; ``keys`` are claim keys already known
    by figure id (as the warehouse stores them), the others are computed. Each (new, old) pair is returned at
    most once; a new figure raises at most one alert per older story, and a value already
    contradicted by another outlet's identical figure is not raised again.

    One alert per disagreement (``group_key``): a candidate of a disagreement already
    raised in this call adds its figures to that alert's ``evidence`` instead. Each alert
    carries as evidence every figure of ``held`` and ``new`` on each of its sides.
    With ``attachments``, the figures of ``new`` that repeat a side of a disagreement
    raised before this call come back as ``attach_only`` candidates (one per
    disagreement), for the warehouse to attach to the alert it holds.
    """
    key = _Keys(keys)
    # the held figures, indexed by claim (a run passes its own index: nothing is copied),
    # and this call's figures after them
    pool = _Pools(held if isinstance(held, FigureIndex) else FigureIndex(held, keys), key)
    out: list[AlertCandidate] = []
    groups: dict[str, int] = {}
    extra: dict[str, AlertCandidate] = {}
    raised: set[tuple[int, int]] = set()
    by_id: ChainMap[int, HeldFigure] = ChainMap(pool.new.by_id, pool.held.by_id)
    # one alert per (article, claim, value) and older story: a headline and a paragraph
    # repeating the same number are one observation
    said: set[tuple[int, ClaimKey, int, int]] = set()
    for f in new:
        k = key(f)
        if k is not None and f.duplicate_of is None:
            res = _alerts_for(f, k, pool, key)
            for cand in res.alerts:
                pair = (cand.new_figure_id, cand.old_figure_id)
                old = by_id[cand.old_figure_id]
                # f's own alerts, or pairs of held figures f settles (``_resettled``)
                nf = f if cand.new_figure_id == f.id else by_id[cand.new_figure_id]
                kf = k if nf is f else (key(nf) or k)
                once = (nf.article_id, kf, nf.value, _story(old))
                if pair in raised or once in said:
                    continue
                raised.add(pair)
                said.add(once)
                reasons = review_reasons(nf, old, cand.rule, pool.held.classes)
                if reasons:
                    cand = replace(cand, status="review", held_reason="; ".join(reasons))
                if cand.rule == "page_revision":
                    out.append(cand)
                    continue
                cand = _counted(_with_sides(cand, nf, kf, old, res), by_id | {f.id: f})
                gk = cand.group_key
                assert gk is not None
                if gk in groups:
                    i = groups[gk]
                    if out[i].status == "review" and cand.status == "open":
                        out[i] = cand  # the disagreement now holds: the pushed pair speaks for it
                    elif may_attach(out[i].status, cand):
                        out[i] = _merge(out[i], cand.evidence, by_id | {f.id: f})
                    continue
                groups[gk] = len(out)
                out.append(cand)
            seen: set[str] = set()  # disagreements this figure was already weighed for
            for g, verdict in res.conflicts:
                kind = "revision" if _same_claim_maker(f, g) else "contradiction"
                gk = group_key(f, k, g, kind)
                if gk in seen:
                    continue
                ev = (_evidence("new", f), _evidence("old", g))
                if gk in groups:
                    # the other side's figures are already there (``_with_sides`` took the
                    # pool): only this figure may join, if it would stand with that side
                    seen.add(gk)
                    i = groups[gk]
                    al = out[i]
                    side = next((e.side for e in al.evidence if e.side_key == ev[0].side_key), None)
                    other = by_id.get(al.old_figure_id if side == "new" else al.new_figure_id)
                    if side is not None and other is not None and _fits(
                            f, other, al.rule, al.status, pool.held.classes):
                        out[i] = _merge(al, ev[:1], by_id | {f.id: f})
                elif attachments:
                    # left to build (``settle``): the first of these figures that may
                    # attach becomes a whole alert, so that it can stand for a
                    # disagreement held for review until now (``AlertGroups``,
                    # ``warehouse.load``)
                    rule = "self_revision" if kind == "revision" else verdict.rule
                    item = (kind, rule, f, g, verdict.why)
                    have = extra.get(gk)
                    extra[gk] = (replace(have, pending=(*have.pending, item)) if have else
                                 AlertCandidate(kind, rule, f.metric, f.id, g.id, "",
                                                group_key=gk, attach_only=True,
                                                pending=(item,)))
        pool.new.append(f)
    return out + [c for gk, c in extra.items() if gk not in groups]


def settle(cand: AlertCandidate, *, whole: bool = True) -> AlertCandidate | None:
    """An ``attach_only`` candidate whole (message, details, evidence), made from the
    first of its figures that may attach (that would be pushed: no ``review_reasons``);
    None when none may. A candidate built already comes back as it is. Not ``whole``:
    its pair and evidence only (enough to attach to a pushed alert), no message."""
    if not cand.pending:
        return cand
    for kind, rule, f, g, why in cand.pending:
        if review_reasons(f, g, rule):
            continue
        ev = (_evidence("new", f), _evidence("old", g))
        if not whole:
            return replace(cand, kind=kind, rule=rule, new_figure_id=f.id,
                           old_figure_id=g.id, evidence=ev, pending=())
        made = (_make(kind, rule, f, g, f"{_reviser(f)} changed its own figure: {why}")
                if kind == "revision" else _make(kind, rule, f, g, why))
        return replace(made, group_key=cand.group_key, attach_only=True, evidence=ev)
    return None


def may_attach(alert_status: str, cand: AlertCandidate) -> bool:
    """Whether ``cand``'s evidence joins an alert of ``alert_status`` of its disagreement:
    always into an alert held for review; into a pushed one only from a candidate that
    would be pushed itself (precision first: held-back figures never back a pushed alert)."""
    return alert_status == "review" or cand.status == "open"


class AlertGroups:
    """Alerts over many ``find_alerts`` calls, one per disagreement, as the warehouse
    keeps them (``warehouse.load``): a candidate of a disagreement already held adds
    its evidence to that alert; ``attach_only`` candidates never make an alert."""

    def __init__(self) -> None:
        self.alerts: list[AlertCandidate] = []
        self._index: dict[str, int] = {}

    def add(self, cands: Iterable[AlertCandidate], by_id: dict[int, HeldFigure]
            ) -> list[AlertCandidate]:
        """Take the candidates of one call; returns the alerts they raise (new ones)."""
        raised = []
        for c in cands:
            gk = c.group_key
            if c.pending:
                got = settle(c) if gk is not None and gk in self._index else None
                if got is None:
                    continue  # evidence of no alert held, or none of it may attach
                c = got
            if gk is not None and gk in self._index:
                i = self._index[gk]
                if self.alerts[i].status == "review" and c.status == "open":
                    # the disagreement now holds: pushed with this pair, its held-back
                    # evidence dropped (precision first)
                    c = _counted(replace(c, attach_only=False), by_id)
                    self.alerts[i] = c
                    raised.append(c)
                elif may_attach(self.alerts[i].status, c):
                    self.alerts[i] = _merge(self.alerts[i], c.evidence, by_id)
                continue
            if c.attach_only:
                continue
            if gk is not None:
                self._index[gk] = len(self.alerts)
            self.alerts.append(c)
            raised.append(c)
        return raised


@dataclass
class _Found:
    """What one new figure finds: the alerts it raises, every older figure it conflicts
    with (raised or not), the figures of its claim and the claim's first date."""

    alerts: list[AlertCandidate] = field(default_factory=list)
    conflicts: list[tuple[HeldFigure, _Verdict]] = field(default_factory=list)
    #: the buckets of its claim (``FigureIndex``)
    buckets: list[_Bucket] = field(default_factory=list)
    #: the held index's known claim classes (``FigureIndex.classes``)
    classes: Mapping[int, str] = field(default_factory=dict)
    claim_start: date | None = None


def _with_sides(cand: AlertCandidate, f: HeldFigure, k: ClaimKey, old: HeldFigure,
                res: _Found) -> AlertCandidate:
    """``cand`` with its ``group_key`` and the evidence held so far on each side: the
    figures of the claim with the same claim-maker and value as ``f`` (or ``old``) that
    conflict with the other side, outside the other side's story."""
    kf, ko = side_key(f), side_key(old)
    ev = [_evidence("new", f), _evidence("old", old)]
    key_old = _cached_key(old)
    sides = [(b, es) for b in res.buckets for es in
             (b.side(kf), b.side(ko) if ko != kf else [])]
    for _, h, kh in _merged_keyed(sides, f):
        if h.duplicate_of is not None or h.id in (f.id, old.id):
            continue
        sk = side_key(h)
        if sk == kf and _story(h) != _story(old) and key_old is not None \
                and _compare(h, old, kh, key_old, res.claim_start) is not None \
                and _fits(h, old, cand.rule, cand.status, res.classes):
            ev.append(_evidence("new", h))
        elif sk == ko and _story(h) != _story(f) \
                and _compare(f, h, k, kh, res.claim_start) is not None \
                and _fits(h, f, cand.rule, cand.status, res.classes):
            ev.append(_evidence("old", h))
    return replace(cand, group_key=group_key(f, k, old, cand.kind), evidence=tuple(ev))


#: a pair whose values differ by more than this factor counts two populations, not one
MAX_RATIO = 10.0
#: rules that compare two tallies over time: only one claim-maker's own tally can fall
_TALLY_RULES = frozenset({"cumulative_decrease"})
#: a count its claim-maker says is still incomplete ("for now we can account for N, lists
#: are still coming in", "todavía estamos recibiendo datos", "preliminary"):
#: a provisional count, not a rival of another claim-maker's figure. A *verified* count
#: ("the group could confirm only N") is a claim of its own: claimed against verified
#: is a contradiction a reader wants to see.
_PROVISIONAL_RE = re.compile(
    r"\b(?:por ahora|for now|so far we|todavia (?:no|se|estan|estamos)|aun (?:no|se|estan|estamos)"
    r"|still (?:checking|receiving|counting|verifying|coming)|keep coming|keeps coming"
    r"|sigue(?:n)? llegando|preliminar\w*|preliminary|provisional\w*)\b"
)
#: running totals with no stated start further apart than this count other campaigns
#: (never compared, ``_compare``)
TOTAL_GAP_DAYS = SETTLE_DAYS

_MONTH_WORDS = (r"(?:january|february|march|april|may|june|july|august|september|october"
                r"|november|december|enero|febrero|marzo|abril|mayo|junio|julio|agosto"
                r"|septiembre|setiembre|octubre|noviembre|diciembre)")
#: the text says the count was given at an earlier time than the article, without a day
#: the rules can place: "who in mid-August counted 25", "quien a mediados de agosto
#: contabilizó 25", "the 1,905 it recorded in October", "las 1.905 que registraba",
#: "had put the toll at", "había informado de" (pluperfect), "at the time", "en su momento"
_RECALLED_RE = re.compile(
    rf"\b(?:(?:a|en) (?:mediados|principios|comienzos|inicios|finales|fines) de {_MONTH_WORDS}"
    rf"|(?:in |by )?(?:mid|early|late)[- ]{_MONTH_WORDS}"
    rf"|(?:at the (?:start|beginning|end|middle) of|back in) {_MONTH_WORDS}"
    r"|que (?:registraba|contabilizaba|reportaba|cifraba|tenia registrad\w*)"
    r"|(?:it|they|she|he) (?:recorded|counted|registered|reported) (?:back )?in " + _MONTH_WORDS +
    r"|at the time|en su momento|en aquel momento|por entonces|previously|anteriormente"
    r"|earlier (?:this|that|in the) (?:month|year|week))\b"
)

#: the pluperfect of a count ("had put the toll at", "había informado de"): an earlier
#: count, unless it is reported speech ("said it had documented 24", "dijo que había
#: contabilizado 24": the wire's tense for a current count, ``_REPORTED_RE`` before it)
_PLUPERFECT_RE = re.compile(
    r"\b(?:(?:habia|habian) (?:informado|contabilizado|dado|reportado|registrado|cifrado|contado"
    r"|documentado|senalado|dicho|hablado|anunciado)"
    r"|had (?:counted|reported|given|put|said|recorded|registered|documented|tallied|cited"
    r"|announced|spoken of))\b"
)
_REPORTED_RE = re.compile(
    r"\b(?:said|says|told|reported|announced|stated|added|confirmed|claimed|insisted|noted"
    r"|dijo|dice|afirmo|afirma|informo|informa|aseguro|asegura|senalo|senala|indico|indica"
    r"|explico|preciso|anuncio|declaro|denuncio|confirmo|sostuvo|agrego|anadio)\b"
)


def _recalled(f: HeldFigure) -> bool:
    """A figure its text gives as a count of an earlier time it names only vaguely
    ("quien a mediados de agosto contabilizó 25", "the 1,905 it had recorded"), with no
    ``as_of`` and no day the rules can place: its article's date is not its date, so the
    rules that read an order or a gap between dates cannot judge it."""
    if f.as_of is not None or f.published_at is None:
        return False
    if _cached_date(f) != f.published_at.date():
        return False  # a day named in its clause placed it ("el miércoles", "on Tuesday")
    head, _, tail = _locate(f)
    near = _fold(_clause_head(head, words=14) + " " + _clause(tail))
    if _RECALLED_RE.search(near):
        return True
    m = _PLUPERFECT_RE.search(near)
    return bool(m and not _REPORTED_RE.search(near[: m.start()]))


_PROVISIONAL: dict[tuple[str, str | None, int], bool] = {}


def _provisional(g: HeldFigure) -> bool:
    """Whether the clause of ``g``'s number says the count is still incomplete
    (``_PROVISIONAL_RE``), once per (sentence, span, value): the evidence of an alert
    with thousands of figures on a side is checked figure by figure."""
    k = (g.sentence, g.span, g.value)
    got = _PROVISIONAL.get(k)
    if got is None:
        if len(_PROVISIONAL) >= 1 << 16:
            _PROVISIONAL.clear()
        head, _, tail = _locate(g)
        near = _fold(_clause_head(head, words=10) + " " + _clause(tail))
        got = _PROVISIONAL[k] = bool(_PROVISIONAL_RE.search(near))
    return got


def review_reasons(new: HeldFigure, old: HeldFigure, rule: str,
                   classes: Mapping[int, str] | None = None) -> list[str]:
    """Why a conflict is held for review instead of pushed (empty: push it).

    Precision first: an alert goes to a person only when both figures are confident
    headline claims of one claim and nothing suggests they count different things.
    ``classes``: claim classes known by figure id (``FigureIndex.classes``): a known
    headline is not classified again (a headline has no reasons).
    """
    out: list[str] = []
    named = _by_date(new, old)
    for side, g in named:
        known = classes.get(g.id) if classes else None
        status, why = ("headline", ()) if known == "headline" else _cached_class(g)
        if status != "headline":
            out.append(f"{side} is a {status} claim ({'; '.join(why)})")
    a, b = source_label(stated_by(new)), source_label(stated_by(old))
    if rule in _TALLY_RULES and a != b:
        # an outlet's own figure is a tally of its own too (h14: "the outlet's 2,000"
        # against a group's later, verified 1,503 is two definitions, not a fall)
        x, y = (source_label(stated_by(g)) for _, g in named)  # in date order, not ingestion
        out.append(f"two claim-makers ({x or 'an outlet'}, {y or 'an outlet'}) keep different "
                   "tallies; a fall between them is not a source lowering its count")
    if rule == SAME_DAY_RULE and (a is None or a != b):
        x, y = (source_label(stated_by(g)) for _, g in named)
        out.append(f"two claim-makers ({x or 'an outlet'}, {y or 'an outlet'}) give the same "
                   "day's count: an early and a later tally of one day, or a misreport, "
                   "cannot be told apart")
    if rule in _TALLY_RULES | {"self_revision"} and new.metric not in TOLL_METRICS:
        dn, do = _cached_date(new), _cached_date(old)
        if dn is not None and do is not None and dn != do:
            later, earlier = (new, old) if dn > do else (old, new)
            if _below(later, interval(later), earlier, interval(earlier)) and not dated_in_text(later):
                out.append("the later, lower figure gives no date of its own (only its article's): "
                           "it may repeat an older count, not lower it")
    for g in (new, old):
        if _recalled(g):
            out.append(f"\"{g.span or g.value}\" is an earlier count its article recalls without "
                       "a date (\"in mid-August\", \"had counted\"): the article's date is not its own")
            break
    if not (a or b) and (rule != "settled_toll" or _same_outlet(new, old)):
        # two outlets that each give a closed event's toll as their own and disagree are
        # two claim-makers (h14); other counts outlets repeat as background stay held
        out.append("neither figure names a claim-maker beyond the outlet")
    if a != b:
        for side, g in named:
            if _provisional(g):
                out.append(f"{side} is a provisional count its claim-maker says is "
                           "still incomplete, not a rival of the other count")
                break
    return out


def _canonical(g: HeldFigure) -> tuple[Any, ...]:
    """An order of two figures that does not depend on when they were ingested: reference
    date (undated last), then what the figure is and where it was read."""
    d = _cached_date(g)
    return (d is None, d or date.min, g.url or "", g.value, g.qualifier, g.sentence)


def _by_date(a: HeldFigure, b: HeldFigure) -> tuple[tuple[str, HeldFigure], tuple[str, HeldFigure]]:
    """The two figures named for a reader by the dates they refer to ("later", "earlier"),
    never by the order they were ingested in; "one" and "the other" (``_canonical`` order)
    when their dates are the same or unknown."""
    da, db = _pair_dates(a, b)
    if da is not None and db is not None and da != db:
        return ((("the later figure", a), ("the earlier figure", b)) if da > db
                else (("the later figure", b), ("the earlier figure", a)))
    first, second = sorted((a, b), key=_canonical)
    return ("one figure", first), ("the other figure", second)


def _alerts_for(
    f: HeldFigure, k: ClaimKey, pool: _Pools, keys: _Keys
) -> _Found:
    """What ``f`` finds among the figures of its claim (the held figures of its metric,
    not breakdowns, whose key ``claims_match`` pairs with ``k``), looked up in the
    claim's buckets: by article, story, value and side, and, for the comparisons, only
    the figures that can conflict with ``f`` (``_candidates``), in observation order."""
    res = _Found()
    if f.claim_status == "part" or _cached_class(f)[0] == "part":
        return res  # a breakdown ("three of the dead") is one join from its total, never its rival
    buckets = res.buckets = pool.buckets(f, k)
    res.classes = pool.held.classes
    # page revision: the same URL re-fetched, its figure for this claim changed
    versions = [(g, kg) for _, g, kg in _merged_keyed(
        [(b, b.by_article.get(f.article_id, ())) for b in buckets], f) if _page_changed(f, g)]
    if versions:
        last_sha = versions[-1][0].content_sha256
        last = [g for g, _ in versions if g.content_sha256 == last_sha]
        if all(g.value != f.value or g.qualifier != f.qualifier for g in last):
            res.alerts.append(_make("revision", "page_revision", f, last[0],
                                    "the same page, fetched again, now gives another figure"))
        return res
    my_story = _story(f)
    dates = [b.min_date for b in buckets if b.min_date is not None]
    own = _cached_date(f)
    before = min(dates) if dates else None
    if own is not None:
        dates.append(own)
    claim_start = res.claim_start = min(dates) if dates else None
    if before is not None and claim_start is not None and claim_start < before:
        # f is the claim's earliest figure so far: pairs already held may settle now
        res.alerts.extend(_resettled(f, buckets, before, claim_start))
    reprint = any(
        g.article_id != f.article_id and g.id != f.id
        for b in buckets for _, g in b.by_story.get((my_story, f.value), ())
    )  # the story already said this: a reprint is not a new observation, raises nothing
    same: list[list[tuple[int, HeldFigure, ClaimKey]]] = []

    def same_value() -> list[tuple[int, HeldFigure, ClaimKey]]:
        """The figures of the claim with ``f``'s value and qualifier (read when first
        needed: a value repeated thousands of times is rarely asked for)."""
        if not same:
            same.append(_merged_keyed([(b, b.by_value.get((f.value, f.qualifier), ()))
                                       for b in buckets], f))
        return same[0]

    # the figures that can conflict with f; every other one agrees with it (``_compare``)
    same_claim = _merged_keyed([(b, b.entries if pool.held.full_scan else
                                 _candidates(b, f, k, claim_start)) for b in buckets], f)
    pool.count(len(same_claim))
    done_stories: set[int] = set()
    done_values: set[tuple[int, str]] = set()
    found: list[tuple[HeldFigure, _Verdict]] = []
    # besides the alerts, one older figure per side this one conflicts with, raised or not:
    # a figure repeating a side of a disagreement is evidence of it
    conflict_sides: dict[str, tuple[HeldFigure, _Verdict]] = {}
    for i, g, kg in same_claim:
        s = _story(g)
        if s == my_story or g.article_id == f.article_id or g.duplicate_of is not None:
            continue
        want_alert = not reprint and s not in done_stories and (g.value, g.qualifier) not in done_values
        sk = side_key(g)
        if not want_alert and sk in conflict_sides:
            continue
        verdict = _compare(f, g, k, kg, claim_start)
        if verdict is None:
            continue
        conflict_sides.setdefault(sk, (g, verdict))
        if not want_alert or _already_raised(f, g, kg, i, same_value(), claim_start):
            continue
        done_stories.add(s)
        done_values.add((g.value, g.qualifier))
        found.append((g, verdict))
    res.conflicts = list(conflict_sides.values())
    if len(found) > MAX_ALERTS_PER_FIGURE:
        log.info("figure %s (%s): %d older figures conflict; alerting on the %d nearest",
                 f.id, f.url, len(found), MAX_ALERTS_PER_FIGURE)

        def rank(item: tuple[HeldFigure, _Verdict]) -> tuple[bool, int]:
            d = _cached_date(item[0])
            return (not item[0].is_seed, abs((d - own).days) if d and own else 1 << 30)

        found = sorted(found, key=rank)[:MAX_ALERTS_PER_FIGURE]
    for g, verdict in found:
        if _same_claim_maker(f, g):
            res.alerts.append(_make("revision", "self_revision", f, g,
                                    f"{_reviser(f)} changed its own figure: {verdict.why}"))
        else:
            res.alerts.append(_make("contradiction", verdict.rule, f, g, verdict.why))
    return res


def _resettled(f: HeldFigure, buckets: Sequence[_Bucket], before: date, start: date
               ) -> list[AlertCandidate]:
    """Alerts on pairs of held figures that ``f``, the earliest figure of their claim so
    far, settles: a toll is settled for a pair when both its figures come more than
    ``SETTLE_DAYS`` after the claim's first report, so a first report that arrives late
    (an older article ingested after newer ones, or listed after them in one article)
    settles the pairs whose earlier figure falls between ``start`` and ``before`` (the
    claim's first date until now) plus ``SETTLE_DAYS``. Each such pair is compared again
    with the new start, and raised when its verdict changes: the alerts are then the ones
    the same figures raise in date order. The newer side is the figure observed later."""
    if f.metric not in TOLL_METRICS:
        return []
    lo, hi = start + timedelta(days=SETTLE_DAYS), before + timedelta(days=SETTLE_DAYS)
    pairs: dict[tuple[int, int], tuple[HeldFigure, ClaimKey, HeldFigure, ClaimKey]] = {}
    for b in buckets:
        if b.key.scope != "event":
            continue
        first = bisect.bisect_right(b.dated, (lo, 1 << 62))
        last = bisect.bisect_right(b.dated, (hi, 1 << 62))
        for _, px, x in b.dated[first:last]:
            for b2 in buckets:
                for py, y in _candidates(b2, x, b.key, start):
                    if py == px or (min(px, py), max(px, py)) in pairs:
                        continue
                    n, kn, o, ko = (x, b.key, y, b2.key) if px > py else (y, b2.key, x, b.key)
                    pairs[(min(px, py), max(px, py))] = (n, kn, o, ko)
    out = []
    for _, (n, kn, o, ko) in sorted(pairs.items()):
        if _story(n) == _story(o) or n.article_id == o.article_id \
                or n.duplicate_of is not None or o.duplicate_of is not None:
            continue
        now, then = _compare(n, o, kn, ko, start), _compare(n, o, kn, ko, before)
        if now is None or (then is not None and then.rule == now.rule):
            continue
        if _same_claim_maker(n, o):
            out.append(_make("revision", "self_revision", n, o,
                             f"{_reviser(n)} changed its own figure: {now.why}"))
        else:
            out.append(_make("contradiction", now.rule, n, o, now.why))
    return out


def _already_raised(
    f: HeldFigure,
    g: HeldFigure,
    kg: ClaimKey,
    g_pos: int,
    same_value: Sequence[tuple[int, HeldFigure, ClaimKey]],
    claim_start: date | None,
) -> bool:
    """Another outlet's identical figure, from the same claim-maker, already conflicted
    with ``g`` (either way): the same claim-maker repeated is not a new conflict, another
    claim-maker giving the same number is.

    ``same_value`` holds the figures of the claim with ``f``'s value and qualifier.
    """
    who = claim_maker(f)
    for i, h, kh in same_value:
        if (
            i != g_pos
            and claim_maker(h) == who
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
    "same_day_count": "two reports of one day's count disagree",
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
    who = stated_by(f)
    if not who:
        return outlet
    # the claim-maker the rules compare, when the words do not name it ("citing
    # Ejecutivo (Government)", "citing el fiscal general Tarek William Saab (Government)")
    label = source_label(who)
    named = f" ({label})" if label and _fold(label) not in _fold(who) else ""
    return f"{outlet} citing {who}{named}"


_METRIC_WORDS = {
    "killed": "people killed", "injured": "people injured", "arrested": "people arrested",
    "detained_current": "people held", "released": "people released",
    "minors_detained": "minors held", "disappeared": "people disappeared",
}


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _start_words(start: str | None) -> str:
    """"01-08" → "8 January", "2024-07" → "July 2024"; other starts as they are."""
    if not start:
        return ""
    m = re.fullmatch(r"(?:(\d{4})-)?(\d{2})(?:-(\d{2}))?", start)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return start
    month = _MONTHS[int(m.group(2)) - 1]
    day = f"{int(m.group(3))} " if m.group(3) else ""
    return f"{day}{month}{' ' + m.group(1) if m.group(1) else ''}"


def same_claim_sentence(f: HeldFigure, other: HeldFigure | None = None) -> str:
    """One sentence saying why two figures of ``f``'s claim are the same claim; the
    organisation counting is named only when both figures come from it."""
    k = _cached_key(f)
    what = _METRIC_WORDS.get(f.metric, f.metric.replace("_", " "))
    if k is None:
        return f"Both count {what}."
    scope = {
        "event": "in the post-election crackdown, the story's own events",
        "stock": "at one date (a stock that may rise and fall)",
        "total": "as a running total" + (f" since {_start_words(k.start)}" if k.start and k.start != "event" else ""),
        "since": f"since {_start_words(k.start)}",
        "wave": "in one day's or one batch's releases",
        "month": f"during {_start_words(k.start)}",
        "window": f"over the same {k.start}",
    }.get(k.scope, k.scope)
    one_source = other is None or source_label(stated_by(other)) == source_label(stated_by(f))
    who = f", as counted by {source_label(stated_by(f))}" if k.scope in ("total", "wave") and \
        stated_by(f) and one_source else ""
    return f"Same claim: both count {what} {scope}{who}, with no subgroup or breakdown."


def _as_said(f: HeldFigure) -> str:
    return f"\"{(f.span or str(f.value)).strip()}\""


def _side_text(label: str, f: HeldFigure, when: date | None = None) -> str:
    seed = f' (seed corpus: "{f.title}"; no original link stored)' if f.is_seed else ""
    link = "" if f.is_seed and (f.url or "").startswith("seed:") else f"\n  {f.url or 'no URL'}"
    day = when.isoformat() if when is not None else _date(f)
    return (f"{label}, {day}: {_as_said(f)} — {_who(f)}{seed}\n"
            f"  «{f.sentence.strip()}»{link}")


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


def _message(kind: str, rule: str, new: HeldFigure, old: HeldFigure, why: str,
             articles: dict[str, int] | None = None) -> str:
    """The alert as a reader receives it; ``articles`` counts the articles carrying the
    side of the new and of the old figure (``{"new": 3, "old": 1}``)."""
    metric = new.metric.replace("_", " ")
    words = _RULE_WORDS.get(rule, rule)
    # sides in the order of the dates the figures refer to, not of ingestion
    # a day without a year ("up to January 26") placed by the other figure's date, as the
    # rules compared them: the header then says the date the "Why" line names
    dn, do = _pair_dates(new, old)
    # same or unknown dates: an order of what the figures are, not of their ingestion
    new_first = (dn < do if dn is not None and do is not None and dn != do
                 else _canonical(new) < _canonical(old))
    first, second = (new, old) if new_first else (old, new)
    d_first, d_second = (dn, do) if new_first else (do, dn)
    carried = ""
    if articles:
        n_first, n_second = ((articles["new"], articles["old"]) if new_first
                             else (articles["old"], articles["new"]))
        carried = (f"Carried by: {_articles(n_first)} {'gives' if n_first == 1 else 'give'} the earlier figure, "
                   f"{_articles(n_second)} the later one.\n")
    return (
        f"{kind.upper()} ({metric}): {words}.\n"
        f"{_side_text('EARLIER', first, d_first)}\n"
        f"{_side_text('LATER', second, d_second)}\n"
        f"{carried}"
        f"{same_claim_sentence(first, second)}\n"
        f"Why: {why} (rule {rule})."
    )


def _make(kind: str, rule: str, new: HeldFigure, old: HeldFigure, why: str) -> AlertCandidate:
    message = _message(kind, rule, new, old, why)
    details = {"rule": rule, "why": why, "new": _side(new), "old": _side(old)}
    log.info("alert %s/%s on %s: figure %s (%s) vs %s (%s)", kind, rule, new.metric,
             new.id, new.url, old.id, old.url)
    return AlertCandidate(kind, rule, new.metric, new.id, old.id, message, details)
