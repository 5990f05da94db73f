"""As-of dates and periods of the figures in one sentence (English and Spanish).

"al 23/12/2024", "as of January 19", "on November 26", "este domingo", "hoy", "this
week", "since January 8" — resolved against the article's publication date.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from pipeline.figure_lexicon import (
    ASOF_MARK,
    DATE_D_DE_M,
    DATE_DMY,
    DATE_M_D,
    MONTHS,
    SINCE,
    THIS_WEEK,
    TODAY,
    WEEKDAY,
    WEEKDAY_RE,
    WEEKDAYS,
    YESTERDAY,
)

__all__ = ["sentence_dates"]


def _mkdate(y: int | None, mo: int, d: int, published: date | None) -> date | None:
    if y is None:
        if published is None:
            return None
        y = published.year
        try:
            cand = date(y, mo, d)
        except ValueError:
            return None
        if cand > published + timedelta(days=7):
            y -= 1
    elif y < 100:
        y += 2000
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _weekday_date(wd: int, published: date | None, strictly_before: bool) -> date | None:
    if published is None:
        return None
    delta = (published.weekday() - wd) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return published - timedelta(days=delta)


_WEEKDAY_SPAN = re.compile(
    r"\b(?:from|between|del|desde el|entre el)\s+(" + WEEKDAY_RE + r")\s+(?:to|and|through|until|al|y el|hasta el)\s+("
    + WEEKDAY_RE + r")\b"
)


def _weekday_span(seg: str, pub: date | None) -> tuple[date, str] | None:
    """"from Tuesday to Thursday" / "del martes al jueves": the last such span before ``pub``."""
    m = _WEEKDAY_SPAN.search(seg)
    end = _weekday_date(WEEKDAYS[m.group(2)], pub, False) if m else None
    if m is None or end is None:
        return None
    start = end - timedelta(days=(WEEKDAYS[m.group(2)] - WEEKDAYS[m.group(1)]) % 7)
    return end, f"{start.isoformat()}/{end.isoformat()}"


#: a date in a clause about another event ("after the arrest of X on 3 January")
_OTHER_EVENT = re.compile(r"\b(?:tras|after|following|despues de|antes de|before|luego de)\b")
_MONTH_ONLY = re.compile(
    r"\b(?:(?:a|hacia|at|by|around)\s+(?:(finales|fines|principios|inicios|comienzos|mediados)\s+de(?:l mes de)?"
    r"|the\s+(end|start|beginning|middle)\s+of)|(en|in|during|durante)(?:\s+el mes de|\s+the month of)?"
    r"|(late|early|mid-?))\s*(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b(?:\s+(?:de\s+|of\s+)?(\d{4}))?"
)


_BEGAN = re.compile(
    r"\b(?:began|begun|started|start|starting|since|from|iniciaron|inicio|iniciaron|comenzaron|comenzo"
    r"|empezaron|empezo|arrancaron|arranco|desde|a partir)\b(?:\s+\w+){0,2}\s*$"
)


def _month_only(seg: str, pub: date | None, *, edges_only: bool = False) -> date | None:
    """"a finales de noviembre", "in November", "early December": a month with no day.

    The end of the month ("a principios de" → the 10th, "a mediados de" / "mid" → the
    15th), in the year that puts it on or before the article's date; a month named after
    "since"/"desde" is a period start and not read here.
    """
    for m in _MONTH_ONLY.finditer(seg):
        if re.search(r"\d\s*(?:de\s+)?$", seg[max(0, m.start() - 4) : m.start() + 1]):
            continue
        if SINCE.search(seg[max(0, m.start() - 25) : m.start()]) or _BEGAN.search(seg[max(0, m.start() - 40) : m.start()]):
            continue  # "began in November", "se iniciaron en noviembre": a period start
        edge = m.group(1) or m.group(2) or m.group(4) or ""
        if edges_only and not edge:
            continue
        mo = MONTHS[m.group(5)]
        year = int(m.group(6)) if m.group(6) else (pub.year if pub else None)
        if year is None:
            return None
        if edge in ("principios", "inicios", "comienzos", "start", "beginning", "early"):
            day = 10
        elif edge in ("mediados", "middle", "mid", "mid-"):
            day = 15
        else:
            day = monthrange(year, mo)[1]
        d = date(year, mo, day)
        if pub is not None and not m.group(6) and d > pub:
            d = date(year - 1, mo, min(day, monthrange(year - 1, mo)[1]))
        if pub is not None and d > pub:
            d = pub
        return d
    return None


def sentence_dates(seg: str, pub: date | None) -> tuple[date | None, str | None]:
    """The date the counts of one sentence refer to, and a period if it gives one.

    ``seg`` is the folded sentence (``pipeline.numbers.fold``); ``pub`` the article's date,
    against which weekdays, "today", "this week" and dates without a year are resolved.
    Explicit "as of / al / hasta / con corte al DATE" wins over "on DATE"; "since DATE"
    and "desde DATE" give a period ``DATE/<pub>`` (``DATE/..`` without ``pub``).
    """
    span = _weekday_span(seg, pub)
    if span:
        return span
    strong: date | None = None
    plain: date | None = None
    period: str | None = None
    found: list[tuple[int, date]] = []
    for m in DATE_DMY.finditer(seg):
        dd = _mkdate(int(m.group(3)), int(m.group(2)), int(m.group(1)), pub)
        if dd:
            found.append((m.start(), dd))
    for m in DATE_D_DE_M.finditer(seg):
        dd = _mkdate(int(m.group(3)) if m.group(3) else None, MONTHS[m.group(2)], int(m.group(1)), pub)
        if dd:
            found.append((m.start(), dd))
    for m in DATE_M_D.finditer(seg):
        dd = _mkdate(int(m.group(3)) if m.group(3) else None, MONTHS[m.group(1)], int(m.group(2)), pub)
        if dd:
            found.append((m.start(), dd))
    for pos, dd in sorted(found):
        head = seg[max(0, pos - 25) : pos]
        if SINCE.search(head):
            period = period or f"{dd.isoformat()}/{pub.isoformat() if pub else '..'}"
            continue
        clause = re.split(r"[,;:()]", seg[max(0, pos - 80) : pos])[-1]
        if _OTHER_EVENT.search(clause):
            continue  # "tras la captura de X el 3 de enero": the date of another event
        if re.search(r"(?:as of|as at|up to|until|al|hasta el|hasta|con corte al|corte al|a fecha de)\s*(?:pasado\s+)?$", head):
            strong = strong or dd
        elif ASOF_MARK.search(head) and not re.search(
            r"\b(?:del|of the|de las|de los|de|of)\s*(?:este\s+|esta\s+|pasado\s+|this\s+)?$", head
        ):
            plain = plain or dd
    if strong or plain:
        return strong or plain, period
    month_only = _month_only(seg, pub, edges_only=True)
    if month_only:
        return month_only, period  # "a finales de noviembre": before a weekday named elsewhere
    weekdays = list(WEEKDAY.finditer(seg))
    weekdays.sort(key=lambda m: not re.search(
        r"(?:said|says|reported|announced|confirmed|dijo|informo|indico|senalo|afirmo|confirmo|publico)"
        r"\s+(?:on\s+|este\s+|el\s+)?$", seg[max(0, m.start() - 20) : m.start()]))
    for m in weekdays:
        head = seg[max(0, m.start() - 20) : m.start()]
        if SINCE.search(head) or re.match(r"['’]s\b", seg[m.end() :]) or re.search(r"\b(?:than|que el|que la)\b", head):
            continue  # "since Monday", "Sunday's vote", "29 more than on Tuesday"
        before = bool(re.search(r"(?:last|pasado|el pasado)\s*$", head))
        wd = _weekday_date(WEEKDAYS[m.group(1)], pub, before)
        if wd:
            return wd, period
    month_only = _month_only(seg, pub)
    if month_only:
        return month_only, period  # "en noviembre", "in November"
    if TODAY.search(seg) and pub:
        return pub, period
    if YESTERDAY.search(seg) and pub:
        return pub - timedelta(days=1), period
    if THIS_WEEK.search(seg) and pub:
        monday = pub - timedelta(days=pub.weekday())
        return pub, period or f"{monday.isoformat()}/{pub.isoformat()}"
    return None, period
