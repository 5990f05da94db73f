"""One self-contained HTML report: a chart per metric and the open alerts with evidence.

No JavaScript, no fonts or styles from elsewhere: inline CSS and SVG drawn here, so the
file opens offline and makes no request. Everything taken from articles (titles,
sentences, outlet names, URLs) is HTML-escaped; only http(s) URLs become links.

Charts plot each figure of ``v_figures`` at its reference date, one colour per series
(who gave the figure, whatever its unit). The qualifier is drawn: an open-ended figure ("at
least 28", "more than 130") is a point with an arrow up, an upper bound ("up to",
"fewer than") an arrow down, a hedged one ("about", "nearly") a bar over its interval.
Figures of open alerts are ringed in red and joined by a dashed red line labelled with
the alert id, which the alert list below explains.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

import duckdb

log = logging.getLogger(__name__)

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31")
OTHER = "#b0b0b0"
ALERT = "#d62728"
METRIC_TITLES = {
    "killed": "People killed",
    "injured": "People injured",
    "arrested": "People arrested",
    "detained_current": "People held (political prisoners, detainees)",
    "released": "People released",
    "minors_detained": "Minors detained",
    "disappeared": "People disappeared",
    "other": "Other counts",
}
QUALIFIER_WORDS = {
    "exact": "", "at_least": "at least", "more_than": "more than", "about": "about",
    "nearly": "nearly", "up_to": "up to", "fewer_than": "fewer than",
}

W, H = 1040, 320
ML, MR, MT, MB = 72, 24, 18, 42


def esc(value: Any) -> str:
    """HTML-escape anything (None → empty)."""
    return "" if value is None else html.escape(str(value), quote=True)


def safe_url(url: str | None) -> str | None:
    if url and re.match(r"^https?://[^\s<>\"']+$", url):
        return url
    return None


def mark(sentence: str | None, phrase: str | None) -> str:
    """The escaped sentence with the first occurrence of ``phrase`` in <mark>."""
    text = sentence or ""
    i = text.find(phrase) if phrase else -1
    if i < 0:
        return esc(text)
    j = i + len(phrase or "")
    return f"{esc(text[:i])}<mark>{esc(text[i:j])}</mark>{esc(text[j:])}"


def link(url: str | None, text: str | None = None) -> str:
    u = safe_url(url)
    label = esc(text if text is not None else url)
    if not u:
        return label
    return f'<a href="{esc(u)}" rel="noopener noreferrer">{label}</a>'


@dataclass(frozen=True, slots=True)
class Point:
    figure_id: int
    metric: str
    series: str
    when: date
    value: int
    low: int | None
    high: int | None
    qualifier: str
    as_written: str
    publisher: str | None
    url: str | None


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = conn.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _nice_max(v: float) -> float:
    if v <= 0:
        return 10.0
    exp = 10 ** (len(str(int(v))) - 1)
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * exp >= v:
            return m * exp
    return 10.0 * exp


def _fmt(n: float) -> str:
    return f"{round(n):,}"


def _month_ticks(d0: date, d1: date) -> list[date]:
    span = (d1 - d0).days
    if span <= 45:
        step = max(1, span // 6)
        return [d0 + timedelta(days=i) for i in range(0, span + 1, step)]
    months = (d1.year - d0.year) * 12 + d1.month - d0.month + 1
    # Steps of whole months, then whole years: any span gets at most ~9 ticks (a span of more
    # than 18 years once ran out of steps and raised StopIteration).
    every = next((k for k in (1, 2, 3, 4, 6, 12, 24, 60, 120) if months / k <= 9),
                 12 * (-(-months // (9 * 12))))
    y, m = d0.year, d0.month
    out = []
    while date(y, m, 1) <= d1:
        if date(y, m, 1) >= d0 and (y * 12 + m - 1) % every == 0:
            out.append(date(y, m, 1))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def _trend_segments(points: Sequence[Point]) -> list[tuple[Point, Point]]:
    """Pairs of points to join with a line: a series' headline figure (its largest) per date,
    each to the next one, unless one is more than twice the other. Sources also report
    parts of their count (women, minors, one prison); joining those to the total would draw
    a zig-zag that no source ever reported."""
    best: dict[date, Point] = {}
    for p in points:
        if p.when not in best or p.value > best[p.when].value:
            best[p.when] = p
    seq = [best[d] for d in sorted(best)]
    out = []
    for a, b in pairwise(seq):
        lo, hi = sorted((a.value, b.value))
        if lo > 0 and hi <= 2 * lo:
            out.append((a, b))
    return out


def _place_label(at: tuple[float, float], width: float,
                 placed: list[tuple[float, float, float, float]], *, top: float,
                 bottom: float, right: float) -> tuple[float, float]:
    """Where to write a label next to the point ``at`` without covering another label."""
    x0 = at[0] + 13
    if x0 + width > right:
        x0 = at[0] - 13 - width
    for dy in (-10, 18, -24, 32, -38, 46, -52, 60, -66, 74):
        y0 = min(max(at[1] + dy, top), bottom)
        box = (x0, y0 - 11, x0 + width, y0 + 3)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                   for b in placed):
            placed.append(box)
            return x0, y0
    placed.append((x0, at[1] - 21, x0 + width, at[1] - 7))
    return x0, at[1] - 10


def chart_svg(metric: str, points: Sequence[Point], alerts: Sequence[dict[str, Any]],
              colours: dict[str, str]) -> str:
    """The SVG chart of one metric."""
    d0 = min(p.when for p in points)
    d1 = max(p.when for p in points)
    pad = max(7, (d1 - d0).days // 20)
    d0, d1 = d0 - timedelta(days=pad), d1 + timedelta(days=pad)
    top = max(max(p.value, p.high or 0) for p in points)
    ymax = _nice_max(top * 1.12)
    pw, ph = W - ML - MR, H - MT - MB

    def x(d: date) -> float:
        return ML + pw * (d - d0).days / max(1, (d1 - d0).days)

    def y(v: float) -> float:
        return MT + ph * (1 - v / ymax)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" '
           f'role="img" aria-label="{esc(METRIC_TITLES.get(metric, metric))} over time">',
           f'<rect x="{ML}" y="{MT}" width="{pw}" height="{ph}" fill="#fbfbfd" stroke="#ddd"/>']
    for i in range(6):
        v = ymax * i / 5
        yy = y(v)
        out.append(f'<line x1="{ML}" x2="{ML + pw}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e6e6ea"/>')
        out.append(f'<text x="{ML - 8}" y="{yy + 4:.1f}" text-anchor="end" class="tick">'
                   f'{_fmt(v)}</text>')
    for t in _month_ticks(d0, d1):
        xx = x(t)
        if xx < ML + 20 or xx > ML + pw - 30:
            continue  # a label centred on the frame's edge would be cut off
        label = t.strftime("%b %Y") if (d1 - d0).days > 45 else t.isoformat()
        out.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{MT}" y2="{MT + ph}" stroke="#eee"/>')
        out.append(f'<text x="{xx:.1f}" y="{MT + ph + 18}" text-anchor="middle" class="tick">'
                   f'{esc(label)}</text>')

    by_series: dict[str, list[Point]] = {}
    for p in points:
        by_series.setdefault(p.series, []).append(p)
    for s, pts in by_series.items():
        colour = colours.get(s, OTHER)
        for a, b in _trend_segments(pts):
            out.append(f'<line x1="{x(a.when):.1f}" y1="{y(a.value):.1f}" x2="{x(b.when):.1f}" '
                       f'y2="{y(b.value):.1f}" stroke="{colour}" stroke-width="1.6" '
                       'stroke-opacity="0.7"/>')

    where = {p.figure_id: (x(p.when), y(p.value)) for p in points}
    ringed: set[int] = set()
    labels: dict[int, list[str]] = {}
    for al in alerts:
        a = where.get(al["new_figure_id"])
        b = where.get(al["old_figure_id"])
        if a and b:
            out.append(f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
                       f'stroke="{ALERT}" stroke-width="1.5" stroke-dasharray="5 4"/>')
        for fid in (al["new_figure_id"], al["old_figure_id"]):
            if fid in where and fid not in ringed:
                ringed.add(fid)
                cx, cy = where[fid]
                out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="10" fill="none" '
                           f'stroke="{ALERT}" stroke-width="2"/>')
        anchor = al["new_figure_id"] if a else al["old_figure_id"]
        if anchor in where:
            labels.setdefault(anchor, []).append(str(al["alert_id"]))
    placed: list[tuple[float, float, float, float]] = []
    for fid, ids in sorted(labels.items(), key=lambda kv: where[kv[0]]):
        text = ("alert " if len(ids) == 1 else "alerts ") + ", ".join(sorted(ids, key=int))
        lx, ly = _place_label(where[fid], len(text) * 7.0, placed, top=MT + 12, bottom=MT + ph - 4,
                              right=ML + pw)
        out.append(f'<text x="{lx:.1f}" y="{ly:.1f}" class="alert-label">{esc(text)}</text>')

    for p in sorted(points, key=lambda p: p.figure_id):
        colour = colours.get(p.series, OTHER)
        cx, cy = x(p.when), y(p.value)
        tip = (f"{p.series}: {p.as_written} ({QUALIFIER_WORDS.get(p.qualifier, p.qualifier) or 'exact'})"
               f" on {p.when.isoformat()} — {p.publisher or ''}")
        g = [f'<g><title>{esc(tip)}</title>']
        if p.qualifier in ("at_least", "more_than"):
            g.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{cx:.1f}" y2="{max(MT, cy - 22):.1f}" '
                     f'stroke="{colour}" stroke-width="2"/>'
                     f'<path d="M{cx - 5:.1f},{max(MT, cy - 22) + 6:.1f} L{cx:.1f},'
                     f'{max(MT, cy - 22):.1f} L{cx + 5:.1f},{max(MT, cy - 22) + 6:.1f}" '
                     f'fill="none" stroke="{colour}" stroke-width="2"/>')
        elif p.qualifier in ("up_to", "fewer_than"):
            g.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{cx:.1f}" y2="{min(MT + ph, cy + 22):.1f}" '
                     f'stroke="{colour}" stroke-width="2"/>'
                     f'<path d="M{cx - 5:.1f},{min(MT + ph, cy + 22) - 6:.1f} L{cx:.1f},'
                     f'{min(MT + ph, cy + 22):.1f} L{cx + 5:.1f},{min(MT + ph, cy + 22) - 6:.1f}" '
                     f'fill="none" stroke="{colour}" stroke-width="2"/>')
        elif p.qualifier in ("about", "nearly") and p.low is not None and p.high is not None:
            y0, y1 = y(p.low), y(p.high)
            g.append(f'<line x1="{cx:.1f}" y1="{y0:.1f}" x2="{cx:.1f}" y2="{y1:.1f}" '
                     f'stroke="{colour}" stroke-width="2"/>'
                     f'<line x1="{cx - 5:.1f}" y1="{y0:.1f}" x2="{cx + 5:.1f}" y2="{y0:.1f}" '
                     f'stroke="{colour}" stroke-width="2"/>'
                     f'<line x1="{cx - 5:.1f}" y1="{y1:.1f}" x2="{cx + 5:.1f}" y2="{y1:.1f}" '
                     f'stroke="{colour}" stroke-width="2"/>')
        hollow = p.qualifier != "exact"
        g.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" '
                 f'fill="{"#fff" if hollow else colour}" stroke="{colour}" stroke-width="2"/>')
        g.append("</g>")
        out.append("".join(g))
    out.append("</svg>")
    return "\n".join(out)


CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; color: #1d1d24; margin: 0; background: #f3f3f6; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 34px 0 8px; border-bottom: 2px solid #e3e3ea; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 22px 0 4px; }
.meta { color: #5b5b66; font-size: 13px; margin-bottom: 10px; }
.stats { display: flex; gap: 12px; flex-wrap: wrap; margin: 14px 0; }
.stat { background: #f5f6fa; border-radius: 6px; padding: 8px 14px; }
.stat b { display: block; font-size: 22px; }
.tick { font-size: 12px; fill: #666; }
.alert-label { font-size: 12px; font-weight: 600; fill: #d62728; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; margin: 2px 0 6px; }
.legend span.sw { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
                  margin-right: 5px; vertical-align: -1px; }
.key { font-size: 12.5px; color: #555; margin: 4px 0 10px; }
.alert { border: 1px solid #ecd0d0; border-left: 5px solid #d62728; border-radius: 6px;
         padding: 10px 14px; margin: 12px 0; background: #fffafa; }
.alert h3 { margin: 0 0 6px; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.side { background: #fff; border: 1px solid #eee; border-radius: 5px; padding: 8px 10px; }
.side .said { font-size: 19px; font-weight: 650; }
.side .who { font-size: 13px; color: #555; }
blockquote { margin: 6px 0 0; padding: 4px 10px; border-left: 3px solid #ccc; color: #333;
             font-style: italic; }
details { margin-top: 6px; font-size: 13px; }
pre { white-space: pre-wrap; font-size: 12.5px; background: #f7f7f9; padding: 8px; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f5f6fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: #1a56a8; }
.empty { color: #666; font-style: italic; }
mark { background: #ffe58f; font-style: normal; font-weight: 600; padding: 0 2px; }
"""


_FIGURES_SQL = """
SELECT figure_id, metric, unit, given_by, publisher,
       reference_date, value, low, high, qualifier, as_written, canonical_url AS url
FROM v_figures WHERE reference_date IS NOT NULL
ORDER BY metric, reference_date, figure_id
"""


def build_report(conn: duckdb.DuckDBPyConnection, *, title: str = "newstally report",
                 source_label: str | None = None, now: datetime | None = None) -> str:
    """The report as one HTML document (a string)."""
    now = now or datetime.now(UTC)
    figs = _rows(conn, _FIGURES_SQL)
    alerts = _rows(conn, "SELECT * FROM v_open_alerts ORDER BY created_at DESC, alert_id DESC")
    counts = conn.execute(
        """
        SELECT (SELECT count(*) FROM articles WHERE duplicate_of IS NULL),
               (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),
               (SELECT count(*) FROM v_figures),
               (SELECT count(*) FROM alerts WHERE status = 'open'),
               (SELECT count(*) FROM alerts WHERE status <> 'open'),
               (SELECT count(DISTINCT coalesce(publisher, source)) FROM articles)
        """
    ).fetchall()[0]
    latest = _rows(conn, "SELECT metric, unit, given_by, as_written, value, qualifier, "
                         "reference_date, publisher, url FROM v_latest_figures "
                         "ORDER BY metric, reference_date DESC, given_by")

    points: dict[str, list[Point]] = {}
    for f in figs:
        series = f["given_by"] or "unknown"  # one colour per claim-maker, whatever the unit
        points.setdefault(f["metric"], []).append(Point(
            int(f["figure_id"]), f["metric"], series, f["reference_date"], int(f["value"]),
            f["low"], f["high"], f["qualifier"], f["as_written"] or str(f["value"]),
            f["publisher"], f["url"]))

    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{esc(title)}</h1>",
        f'<div class="meta">Generated {esc(now.strftime("%Y-%m-%d %H:%M UTC"))}'
        + (f" from {esc(source_label)}" if source_label else "")
        + ". Figures are what articles reported, each with its evidence; copies of an article"
        " are counted once.</div>",
        '<div class="stats">'
        + "".join(f'<div class="stat"><b>{_fmt(v)}</b>{esc(k)}</div>' for k, v in (
            ("articles", counts[0]), ("copies", counts[1]), ("figures", counts[2]),
            ("open alerts", counts[3]), ("outlets", counts[5])))
        + "</div>",
    ]

    parts.append("<h2>Figures over time</h2>")
    parts.append(
        '<p class="key">Each point is a figure at the date it refers to (else its publication '
        "date), coloured by who gave it. ● exact; ○↑ open-ended (at least, more than); ○↓ an "
        "upper bound (up to, fewer than); ○ with a bar: about / nearly, over its interval. "
        f'<span style="color:{ALERT}">Red rings and a dashed line</span> mark the two figures '
        "of an open alert (listed below). A line joins a source's successive headline figures "
        "(not those more than twice apart: parts of a count). Hover a point for its "
        "details.</p>")
    if not points:
        parts.append('<p class="empty">No figures yet: run <code>newstally run</code> or '
                     "<code>newstally demo</code>.</p>")
    order = list(METRIC_TITLES)
    for metric in sorted(points, key=lambda m: (order.index(m) if m in order else 99, m)):
        pts = points[metric]
        counts_by_series: dict[str, int] = {}
        for p in pts:
            counts_by_series[p.series] = counts_by_series.get(p.series, 0) + 1
        ranked = sorted(counts_by_series, key=lambda s: (-counts_by_series[s], s))
        colours = {s: PALETTE[i] for i, s in enumerate(ranked[: len(PALETTE)])}
        m_alerts = [a for a in alerts if a["metric"] == metric]
        parts.append(f"<h3>{esc(METRIC_TITLES.get(metric, metric))} "
                     f'<small class="meta">({len(pts)} figure(s), {len(m_alerts)} open '
                     "alert(s))</small></h3>")
        parts.append(chart_svg(metric, pts, m_alerts, colours))
        legend = "".join(
            f'<span><span class="sw" style="background:{colours[s]}"></span>{esc(s)}'
            f'<small class="meta">, {counts_by_series[s]} figure(s)</small></span>'
            for s in ranked[: len(PALETTE)])
        if len(ranked) > len(PALETTE):
            legend += (f'<span><span class="sw" style="background:{OTHER}"></span>'
                       f"{len(ranked) - len(PALETTE)} other source(s)</span>")
        parts.append(f'<div class="legend">{legend}</div>')

    parts.append(f"<h2>Open alerts ({len(alerts)})</h2>")
    if counts[4]:
        parts.append(f'<p class="meta">{counts[4]} other alert(s) were acknowledged, disputed '
                     "or superseded; <code>newstally alerts</code> lists them all.</p>")
    if not alerts:
        parts.append('<p class="empty">No open alerts.</p>')
    for a in alerts:
        parts.append(_alert_html(a))

    parts.append("<h2>Latest figure per claim and source</h2>")
    if latest:
        parts.append("<table><tr><th>metric</th><th>unit</th><th>given by</th><th>figure</th>"
                     "<th>date</th><th>reported by</th></tr>")
        for r in latest:
            parts.append(
                f"<tr><td>{esc(r['metric'])}</td><td>{esc(r['unit'])}</td>"
                f"<td>{esc(r['given_by'])}</td><td class=\"num\">{esc(r['as_written'])}</td>"
                f"<td>{esc(r['reference_date'])}</td>"
                f"<td>{link(r['url'], r['publisher'] or r['url'])}</td></tr>")
        parts.append("</table>")
    else:
        parts.append('<p class="empty">No figures yet.</p>')
    parts.append("</main></body></html>")
    log.info("report: %d figure(s), %d open alert(s), %d chart(s)", len(figs), len(alerts),
             len(points))
    return "\n".join(parts)


def _alert_html(a: dict[str, Any]) -> str:
    def side(prefix: str, label: str) -> str:
        who = a[f"{prefix}_source"] or "unknown outlet"
        att = a[f"{prefix}_attributed_to"]
        return (
            f'<div class="side"><div class="who">{esc(label)}</div>'
            f'<div class="said">{esc(a[f"{prefix}_as_written"])}</div>'
            f'<div class="who">{link(a[f"{prefix}_url"], who)}'
            + (f", citing {esc(att)}" if att else "")
            + f', {esc(a[f"{prefix}_published_date"] or "undated")}</div>'
            f'<blockquote>{mark(a[f"{prefix}_sentence"], a[f"{prefix}_as_written"])}'
            "</blockquote></div>"
        )

    return (
        f'<div class="alert" id="alert-{esc(a["alert_id"])}">'
        f'<h3>Alert {esc(a["alert_id"])}: {esc(a["kind"])} on '
        f'{esc(str(a["metric"]).replace("_", " "))} <small class="meta">rule '
        f'{esc(a["rule"])}, raised {esc(str(a["created_at"])[:16])}</small></h3>'
        f'<div class="sides">{side("new", "newer figure")}{side("old", "older figure")}</div>'
        f"<details><summary>Message as delivered</summary><pre>{esc(a['message'])}</pre>"
        "</details></div>"
    )
