"""Run summaries and alert digests, for the terminal and for Prefect artifacts.

Article text is untrusted: everything taken from it is escaped for Markdown here.
"""

from __future__ import annotations

import json
import re
from typing import Any

import duckdb

#: Characters that start inline Markdown anywhere in a line. Others (``( ) . ! # + -``) are
#: markup only at a line's start or after ``]``, and a backslash before them shows as a
#: literal backslash in some renderers (the Prefect UI's among them): leave them alone.
_MD_INLINE = re.compile(r"([\\`*_\[\]~|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")


def md_escape(text: str | None) -> str:
    """Text from articles made inert in Markdown: inline markup escaped, HTML as entities,
    one line, and no list, heading or quote marker at its start."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = " ".join(text.split())
    text = _MD_INLINE.sub(r"\\\1", text).replace("\\](", "\\]\\(")  # no "](" link target
    m = _MD_LINE_START.match(text)
    if m is None:
        return text
    if m.group(2)[0].isdigit():  # "3. x" is a list item; "3\. x" is text
        return text[:m.end()] + "\\" + text[m.end():]
    return text[:m.start(2)] + "\\" + text[m.start(2):]


def _sides_by_date(d: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The two figures of an alert, earlier first, labelled by the dates they refer to."""
    new, old = d.get("new") or {}, d.get("old") or {}
    dn = str(new.get("reference_date") or new.get("published") or "")
    do = str(old.get("reference_date") or old.get("published") or "")
    if dn and do and dn != do:
        first, second = (old, new) if do < dn else (new, old)
        return [("earlier", first), ("later", second)]
    return [("new figure", new), ("held figure", old)]


def _safe_url(url: str | None) -> str | None:
    if url and re.match(r"^https?://[^\s<>()]+$", url):
        return url
    return None


def _short(text: str | None, limit: int = 120) -> str:
    """An error for the summary table, without the feed's name and URL (the row says
    which feed) and cut at ``limit``; feed_polls.error keeps it whole."""
    if not text:
        return ""
    text = re.sub(r"^feed '[^']*' \([^)]*\): ", "", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per feed, plus a total row: the table artifact and the CLI table."""
    rows = []
    for f in summary["feeds"]:
        rows.append({
            "feed": f["source"], "status": f["status"], "http": f["http"] or "",
            "entries": f["entries"], "new entries": f["new_entries"],
            "new articles": f["new_articles"], "duplicates": f["duplicates"],
            "rejected": f["rejected"], "figures": f["figures"],
            "errors": _short(f["error"]) if f["status"] == "error"
            else (f"{f['page_errors']} page(s)" if f["page_errors"] else ""),
        })
    t = summary["totals"]
    rows.append({
        "feed": "TOTAL", "status": f"{t['feeds'] - t['feeds_failed']}/{t['feeds']} ok", "http": "",
        "entries": sum(f["entries"] for f in summary["feeds"]), "new entries": t["new_entries"],
        "new articles": t["new_articles"], "duplicates": t["duplicates"],
        "rejected": t["rejected"], "figures": t["figures"],
        "errors": f"alerts: {t['alerts']}",
    })
    return rows


def alert_markdown(conn: duckdb.DuckDBPyConnection, *, since: str | None = None,
                   limit: int = 50) -> str:
    """New alerts as Markdown, with both sentences and links to both articles."""
    params: list[Any] = []
    where = ""
    if since:
        where = "WHERE created_at >= ?::TIMESTAMPTZ"
        params.append(since)
    rows = conn.execute(
        f"SELECT id, kind, metric, rule, details FROM alerts {where} ORDER BY id LIMIT {int(limit)}",
        params,
    ).fetchall()
    if not rows:
        return "No new alerts."
    out = [f"# {len(rows)} new alert(s)\n"]
    for aid, kind, metric, rule, details in rows:
        d = json.loads(details) if isinstance(details, str) else (details or {})
        out.append(f"## Alert {aid}: {md_escape(kind)} on *{md_escape(metric)}* "
                   f"({md_escape(rule)})\n")
        for label, s in _sides_by_date(d):
            url = _safe_url(s.get("url"))
            # the outlet that published the article (a feed's name says less: "Google News")
            raw = " ".join(str(s.get("publisher") or s.get("source") or "article").split())
            name = md_escape(raw)
            # The classic Prefect UI shows a link's text as written, escapes included
            # ("World \*Desk\*"): a name that needs escaping stays plain text, linked after.
            if url and name == raw:
                link = f"[{name}]({url})"
            elif url:
                link = f"{name} ([article]({url}))"
            else:
                link = name
            when = md_escape(str(s.get("reference_date") or s.get("published") or "date unknown"))
            out.append(f"- **{label}** ({when}): "
                       f"**{md_escape(str(s.get('as_written') or s.get('value')))}**, {link}")
            if s.get("sentence"):
                out.append(f"  > {md_escape(s.get('sentence'))}")
        out.append("")
    return "\n".join(out)
