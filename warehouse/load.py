"""The only code that writes to the warehouse: one short transaction per batch.

A batch is built in memory by the flow with *provisional* ids (negative numbers) for
new articles and figures; ``load_batch`` allocates the real ids from the sequences
inside its transaction and rewrites every reference. Rows are inserted in bulk from
Arrow tables, each guarded by its natural key, so loading the same batch twice adds
nothing, and a process killed mid-load leaves nothing behind (the transaction is rolled
back when DuckDB reopens the file).

Fault injection, for the process-fault tests only (``tests/test_reliability.py``): when
the environment sets ``NEWSTALLY_FAULT_PAUSE_IN_LOAD`` to a number of seconds, or to the
path of a file, ``load_batch`` logs a warning containing :data:`FAULT_PAUSE_MARKER` and
pauses inside its transaction, right after inserting the articles and before their
figures: that many seconds, or while the file exists (10 minutes at most). A test can
then SIGKILL the process with half a batch written, or hold the locks of a run for
exactly as long as it needs. Never set it in production.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from pipeline import contradictions, dedup
from pipeline.claims import HeldFigure, source_label
from warehouse.claim_groups import figure_date
from warehouse.db import transaction

log = logging.getLogger(__name__)

FAULT_PAUSE_ENV = "NEWSTALLY_FAULT_PAUSE_IN_LOAD"
FAULT_PAUSE_MARKER = "fault injection: pausing inside the load transaction"

ARTICLE_COLUMNS = (
    "id", "url", "canonical_url", "source", "publisher", "title", "author", "published_at",
    "feed_published_at", "page_published_at", "date_flag", "language", "text", "text_sha256",
    "relevance", "is_seed", "duplicate_of", "story_id", "dedup_score", "dedup_method",
    "fetched_at", "content_sha256", "extractor_version",
)
FIGURE_COLUMNS = (
    "id", "article_id", "metric", "value", "qualifier", "low", "high", "unit", "attributed_to",
    "given_by", "as_of", "period", "sentence", "span", "span_start", "span_end", "language",
    "content_sha256", "extractor_version", "created_at", "claim_status", "claim_reasons",
    "part_of_figure_id", "claim_group", "claim_start", "claim_org", "claim_class", "claim_date",
)
PAGE_COLUMNS = (
    "canonical_url", "content_sha256", "url", "final_url", "source", "http_status",
    "content_type", "encoding", "etag", "last_modified", "fetched_at", "raw_html_gz",
    "outcome", "reason",
)
POLL_COLUMNS = (
    "run_id", "source", "url", "polled_at", "status", "http_status", "entries", "new_entries",
    "error", "duration_ms",
)
ALERT_COLUMNS = (
    "kind", "metric", "new_figure_id", "old_figure_id", "rule", "message", "details", "created_at",
    "status", "held_reason", "group_key",
)


@dataclass
class LoadBatch:
    """Everything one run (or one part of a run) adds to the warehouse.

    Article rows carry a provisional ``id`` (< 0) unless they update a held article;
    ``duplicate_of``/``story_id`` and figure ``article_id`` may be provisional too;
    figure rows carry a provisional ``id`` referenced by alert rows.
    """

    run_id: str | None = None
    run: dict[str, Any] | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    source_states: list[dict[str, Any]] = field(default_factory=list)
    polls: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    article_updates: list[dict[str, Any]] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    replace_figures_of: list[int] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    #: entries the topic pre-filter skipped (upserted into skipped_entries)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    #: (source, canonical_url) of skipped entries this run took after a retake
    retaken: list[tuple[str, str]] = field(default_factory=list)
    #: one row per page attempt of the run (page_attempts; key canonical_url, attempt)
    attempts: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class LoadResult:
    articles: int = 0
    figures: int = 0
    alerts: int = 0
    #: figures attached to alerts' evidence (an alert's own two and later repeats of a side)
    evidence: int = 0
    #: alerts held for review that a later pair of their disagreement made pushed
    alerts_promoted: int = 0
    pages: int = 0
    polls: int = 0
    article_ids: dict[int, int] = field(default_factory=dict)
    figure_ids: dict[int, int] = field(default_factory=dict)
    #: Alerts whose figure was replaced (``replace_figures_of``) and now point at the
    #: re-read figure that matches it; and those closed as ``superseded`` for want of one.
    alerts_followed: int = 0
    alerts_superseded: int = 0


def _table(rows: Sequence[dict[str, Any]], columns: Iterable[str]) -> pa.Table:
    cols = list(columns)
    return pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows])


def _insert(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    where: str = "",
) -> int:
    if not rows:
        return 0
    name = f"_batch_{table}"
    conn.register(name, _table(rows, columns))
    try:
        before = conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        cols = ", ".join(columns)
        conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name} b {where}")
        after = conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    finally:
        conn.unregister(name)
    return int(after - before)


ATTEMPT_COLUMNS = (
    "canonical_url", "attempt", "url", "source", "run_id", "attempted_at", "outcome", "http_status",
    "error", "next_attempt_at", "title", "summary", "published_at", "guid", "language",
)

SKIPPED_COLUMNS = ("source", "canonical_url", "url", "title", "summary", "published_at",
                   "guid", "language", "reason")


def _upsert_skipped(conn: duckdb.DuckDBPyConnection, rows: Sequence[dict[str, Any]],
                    retaken: Sequence[tuple[str, str]], now: datetime) -> None:
    """Record skipped entries once per (source, URL); a re-sighting bumps times_seen."""
    if rows:
        unique = list({(r["source"], r["canonical_url"]): r for r in rows}.values())
        conn.register("_batch_skipped", _table(unique, SKIPPED_COLUMNS))
        try:
            cols = ", ".join(SKIPPED_COLUMNS)
            conn.execute(
                f"""
                INSERT INTO skipped_entries ({cols}, first_seen_at, last_seen_at)
                SELECT {cols}, ?, ? FROM _batch_skipped
                ON CONFLICT (source, canonical_url) DO UPDATE SET
                    last_seen_at = excluded.last_seen_at, reason = excluded.reason,
                    times_seen = skipped_entries.times_seen + 1
                """, [now, now])
        finally:
            conn.unregister("_batch_skipped")
    for source, url in retaken:
        conn.execute("UPDATE skipped_entries SET taken_at = ?, retake = false "
                     "WHERE source = ? AND canonical_url = ?", [now, source, url])


def _allocate(conn: duckdb.DuckDBPyConnection, sequence: str, n: int) -> list[int]:
    if n == 0:
        return []
    rows = conn.execute(f"SELECT nextval('{sequence}') FROM range(?)", [n]).fetchall()
    return [int(r[0]) for r in rows]


def _fault_pause(articles: int) -> None:
    """Pause inside the transaction when NEWSTALLY_FAULT_PAUSE_IN_LOAD asks (tests only)."""
    value = os.environ.get(FAULT_PAUSE_ENV)
    if not value:
        return
    log.warning("%s (%s=%s; %d article(s) inserted, not committed)",
                FAULT_PAUSE_MARKER, FAULT_PAUSE_ENV, value, articles)
    try:
        time.sleep(float(value))
    except ValueError:  # a file: pause while it exists
        deadline = time.monotonic() + 600
        while os.path.exists(value) and time.monotonic() < deadline:
            time.sleep(0.05)


def load_batch(conn: duckdb.DuckDBPyConnection, batch: LoadBatch) -> LoadResult:
    """Write ``batch`` in one transaction; idempotent by natural keys."""
    res = LoadResult()
    now = datetime.now(UTC)
    with transaction(conn):
        if batch.run:
            conn.execute(
                """
                INSERT INTO runs (id, started_at, finished_at, sources_file, summary)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET finished_at = excluded.finished_at,
                    summary = excluded.summary
                """,
                [batch.run["id"], batch.run["started_at"], batch.run.get("finished_at"),
                 batch.run.get("sources_file"), json.dumps(batch.run.get("summary"), default=str)],
            )
        for s in batch.sources:
            conn.execute(
                """
                INSERT INTO sources (name, url, kind, language, first_seen_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET url = excluded.url, kind = excluded.kind,
                    language = excluded.language
                """,
                [s["name"], s["url"], s["kind"], s["language"], now],
            )
        for st in batch.source_states:
            conn.execute(
                """
                UPDATE sources SET last_polled_at = ?,
                    etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),
                    body_sha256 = coalesce(?, body_sha256)
                WHERE name = ?
                """,
                [st["polled_at"], st.get("etag"), st.get("last_modified"),
                 st.get("body_sha256"), st["name"]],
            )
        res.polls = _insert(conn, "feed_polls", batch.polls, POLL_COLUMNS)
        _upsert_skipped(conn, batch.skipped, batch.retaken, now)
        _insert(conn, "page_attempts", batch.attempts, ATTEMPT_COLUMNS,
                where="WHERE NOT EXISTS (SELECT 1 FROM page_attempts x WHERE "
                      "x.canonical_url = b.canonical_url AND x.attempt = b.attempt)")
        res.pages = _insert(
            conn, "pages", batch.pages, PAGE_COLUMNS,
            where="WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.canonical_url = b.canonical_url "
                  "AND p.content_sha256 = b.content_sha256)",
        )

        # Articles: skip canonical URLs already held (another run may have loaded them).
        held = {
            r[0]: int(r[1])
            for r in conn.execute(
                "SELECT canonical_url, id FROM articles WHERE canonical_url IN "
                "(SELECT unnest(?::VARCHAR[]))",
                [[a["canonical_url"] for a in batch.articles]],
            ).fetchall()
        } if batch.articles else {}
        fresh = [a for a in batch.articles if a["canonical_url"] not in held]
        ids = _allocate(conn, "article_id_seq", len(fresh))
        amap: dict[int, int] = {}
        for a, new_id in zip(fresh, ids, strict=True):
            amap[a["id"]] = new_id
        skipped = {a["id"] for a in batch.articles if a["canonical_url"] in held}

        def real(ref: int | None) -> int | None:
            if ref is None or ref >= 0:
                return ref
            return amap.get(ref)

        rows = []
        for a in fresh:
            row = dict(a)
            row["id"] = amap[a["id"]]
            row["duplicate_of"] = real(a.get("duplicate_of"))
            row["story_id"] = real(a.get("story_id")) or row["id"]
            rows.append(row)
        res.articles = _insert(conn, "articles", rows, ARTICLE_COLUMNS)
        res.article_ids = amap
        _fault_pause(res.articles)

        for u in batch.article_updates:
            sets = ", ".join(f"{k} = ?" for k in u if k != "id")
            conn.execute(f"UPDATE articles SET {sets} WHERE id = ?",
                         [*(v for k, v in u.items() if k != "id"), u["id"]])
            if "published_at" in u:  # the figures' stored dates read it: the next run's
                conn.execute(         # claim-key backfill computes them again
                    "UPDATE figures SET claim_class = NULL, claim_date = NULL "
                    "WHERE article_id = ?", [u["id"]])

        sigs = []
        for s in batch.signatures:
            aid = real(s["article_id"])
            if aid is None or s["article_id"] in skipped:
                continue
            sigs.append({**s, "article_id": aid})
        if sigs:
            conn.execute(
                "DELETE FROM article_signatures WHERE article_id IN (SELECT unnest(?::BIGINT[]))",
                [[s["article_id"] for s in sigs]],
            )
            _insert(conn, "article_signatures", sigs,
                    ("article_id", "scheme", "signature", "title_key", "n_shingles"))
            write_bands(conn, [(s["article_id"], s["scheme"], s["signature"]) for s in sigs])

        replaced: list[tuple[Any, ...]] = []
        if batch.replace_figures_of:
            replaced = conn.execute(
                "SELECT id, article_id, metric, value, span_start, span, content_sha256 "
                "FROM figures WHERE article_id IN (SELECT unnest(?::BIGINT[])) AND id IN "
                "(SELECT new_figure_id FROM alerts UNION SELECT old_figure_id FROM alerts "
                "UNION SELECT figure_id FROM alert_evidence)",
                [batch.replace_figures_of],
            ).fetchall()
            conn.execute(
                "DELETE FROM figures WHERE article_id IN (SELECT unnest(?::BIGINT[]))",
                [batch.replace_figures_of],
            )
        figs = [f for f in batch.figures if f["article_id"] not in skipped]
        fids = _allocate(conn, "figure_id_seq", len(figs))
        fmap: dict[int, int] = {}
        frows = []
        published = {a["id"]: a.get("published_at") for a in batch.articles}
        for f, fid in zip(figs, fids, strict=True):
            fmap[f["id"]] = fid
            frows.append({**f, "id": fid, "article_id": real(f["article_id"]), "created_at": now,
                          "given_by": f.get("given_by") or source_label(f.get("attributed_to")),
                          "claim_status": f.get("claim_status") or "headline",
                          "claim_date": _claim_date(f, published)})
        for r in frows:  # a breakdown points at its total, loaded in the same batch
            ref = r.get("part_of_figure_id")
            r["part_of_figure_id"] = (ref if ref >= 0 else fmap.get(ref)) if ref is not None else None
        res.figures = _insert(
            conn, "figures", frows, FIGURE_COLUMNS,
            where="WHERE NOT EXISTS (SELECT 1 FROM figures f WHERE f.article_id = b.article_id "
                  "AND f.span_start = b.span_start AND f.metric = b.metric "
                  "AND f.extractor_version = b.extractor_version "
                  "AND f.content_sha256 IS NOT DISTINCT FROM b.content_sha256)",
        )
        res.figure_ids = fmap
        if replaced:
            res.alerts_followed, res.alerts_superseded = _carry_alerts(conn, replaced, frows, now)

        def real_fig(ref: int) -> int | None:
            return ref if ref >= 0 else fmap.get(ref)

        # the alerts standing for the batch's disagreements, read once (then kept up to
        # date here), and evidence joining them by side written in one statement: a
        # batch's alerts cost a few queries, not several each
        groups = _standing_alerts(conn, [al.get("group_key") for al in batch.alerts])
        by_side = _SideEvidence(conn, now, [a for a, _ in groups.values()])
        for al in batch.alerts:
            if al.get("pending") is not None:
                # an attach-only candidate left to build: only for an alert of its
                # disagreement (standing, or raised earlier in this batch)
                if not al.get("group_key") or al["group_key"] not in groups:
                    continue
                # its message only if it may stand for an alert held for review
                settled = _settled(al, whole=groups[al["group_key"]][1] == "review")
                if settled is None:
                    continue
                al = settled
            nid, oid = real_fig(al["new_figure_id"]), real_fig(al["old_figure_id"])
            if nid is None or oid is None:
                continue
            evidence = [{**e, "figure_id": real_fig(e["figure_id"]), "article_id": real(e["article_id"])}
                        for e in al.get("evidence") or ()]
            evidence = [e for e in evidence if e["figure_id"] is not None and e["article_id"] is not None]
            status = al.get("status") or "open"
            gk = al.get("group_key")
            group = groups.get(gk) if gk else None
            details = _real_details(al.get("details"), real_fig, real)
            row = {**al, "status": status, "new_figure_id": nid, "old_figure_id": oid,
                   "details": json.dumps(details, default=str), "created_at": now}
            if group is not None:
                alert_id, held_status = group
                if held_status == "review" and status == "open":
                    res.evidence += by_side.flush()  # _promote drops the alert's evidence
                    if _promote(conn, alert_id, row, now):
                        assert gk is not None
                        groups[gk] = (alert_id, "open")
                        res.alerts_promoted += 1
                        by_side.own(alert_id, evidence)  # its evidence now: this pair's
                        continue
                if _may_attach(held_status, status, bool(al.get("attach_only"))):
                    by_side.add(alert_id, evidence)
                continue
            if al.get("attach_only"):
                continue  # evidence of a disagreement no alert stands for
            got = conn.execute(
                f"INSERT INTO alerts ({', '.join(ALERT_COLUMNS)}) SELECT "
                f"{', '.join('?' for _ in ALERT_COLUMNS)} WHERE NOT EXISTS (SELECT 1 FROM alerts x "
                "WHERE (x.new_figure_id = ? AND x.old_figure_id = ?) OR "
                "(x.new_figure_id = ? AND x.old_figure_id = ?)) RETURNING id",
                [row.get(c) for c in ALERT_COLUMNS] + [nid, oid, oid, nid],
            ).fetchall()
            if not got:
                continue
            res.alerts += 1
            if gk:
                groups[gk] = (int(got[0][0]), status)
            if not evidence:  # every alert lists its own two figures
                evidence = [{"side": "new", "side_key": "pair:new", "figure_id": nid,
                             "article_id": None, "value": None, "claim_maker": None},
                            {"side": "old", "side_key": "pair:old", "figure_id": oid,
                             "article_id": None, "value": None, "claim_maker": None}]
            by_side.own(int(got[0][0]), evidence)
        res.evidence += by_side.flush()
    log.info(
        "warehouse: loaded %d article(s), %d figure(s), %d alert(s), %d page(s), %d poll(s)",
        res.articles, res.figures, res.alerts, res.pages, res.polls,
    )
    return res


def _claim_date(f: dict[str, Any], published: dict[int, Any]) -> date | None:
    """``figures.claim_date`` of a new figure row of this batch's article (its class and
    key given with it, as ``pipeline.process.figure_row`` gives them); None otherwise:
    a row without a class is computed by the next run's claim-key backfill, and a date
    left NULL is computed when a run reads the figure."""
    if "claim_date" in f:
        return f["claim_date"]  # type: ignore[no-any-return]
    aid = f["article_id"]
    if f.get("claim_class") is None or aid not in published:
        return None
    return figure_date(HeldFigure(
        id=0, article_id=0, story_id=None, duplicate_of=None, source=None, publisher=None,
        url=None, title=None, published_at=published[aid], is_seed=False,
        metric=f["metric"], value=f["value"], qualifier=f.get("qualifier") or "exact",
        low=f["value"] if f.get("low") is None else f["low"], high=f.get("high"), unit=f.get("unit"),
        attributed_to=f.get("attributed_to"), as_of=f.get("as_of"), period=f.get("period"),
        sentence=f.get("sentence") or "", span=f.get("span") or "", content_sha256=None,
        claim_status=f.get("claim_status") or "headline", claim_reasons=f.get("claim_reasons")))


def _settled(al: dict[str, Any], *, whole: bool) -> dict[str, Any] | None:
    """The row of an attach-only candidate left to build (``contradictions.settle``);
    None when none of its figures may attach."""
    c = contradictions.settle(al["pending"], whole=whole)
    if c is None:
        return None
    return {**al, "kind": c.kind, "rule": c.rule, "metric": c.metric,
            "new_figure_id": c.new_figure_id, "old_figure_id": c.old_figure_id,
            "message": c.message, "details": c.details, "status": c.status,
            "held_reason": c.held_reason, "attach_only": True, "pending": None,
            "evidence": [e.row() for e in c.evidence]}


def _standing_alerts(conn: duckdb.DuckDBPyConnection, group_keys: Iterable[str | None]
                     ) -> dict[str, tuple[int, str]]:
    """The alert already standing for each of these disagreements (the oldest): id, status."""
    keys = sorted({k for k in group_keys if k})
    if not keys:
        return {}
    return {str(k): (int(i), str(st)) for k, i, st in conn.execute(
        "SELECT group_key, min(id), arg_min(status, id) FROM alerts "
        "WHERE group_key IN (SELECT unnest(?::VARCHAR[])) GROUP BY group_key", [keys]).fetchall()}


class _SideEvidence:
    """Evidence of the batch's alerts, written in one statement by ``flush``: joining a
    standing alert by ``side_key`` (``add``: each figure goes to the side of its alert
    with the same ``side_key``), or an alert's own (``own``: on the side given); the
    first one given for an (alert, figure) wins."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, now: datetime,
                 standing: Sequence[int] = ()) -> None:
        self.conn = conn
        self.now = now
        self.sides: dict[int, dict[str, str]] = {}
        self.rows: dict[tuple[int, int], tuple[Any, ...]] = {}
        if standing:  # the sides of the standing alerts, in one query
            for aid, key, side in conn.execute(
                    "SELECT DISTINCT alert_id, side_key, side FROM alert_evidence "
                    "WHERE alert_id IN (SELECT unnest(?::BIGINT[]))",
                    [sorted(set(standing))]).fetchall():
                self.sides.setdefault(int(aid), {})[key] = side
            for aid in standing:
                self.sides.setdefault(int(aid), {})

    def own(self, alert_id: int, evidence: Sequence[dict[str, Any]]) -> None:
        """The evidence of an alert inserted (or promoted, its evidence dropped) in this
        batch, each figure on the side given: the alert's sides are these."""
        sides = self.sides[alert_id] = {}
        for e in evidence:
            sides.setdefault(e["side_key"], e["side"])
            self.rows.setdefault((alert_id, int(e["figure_id"])), (
                alert_id, e["side"], e["side_key"], int(e["figure_id"]), e.get("article_id"),
                e.get("value"), e.get("claim_maker")))

    def add(self, alert_id: int, evidence: Sequence[dict[str, Any]]) -> None:
        sides = self.sides.get(alert_id)
        if sides is None:
            sides = self.sides[alert_id] = dict(self.conn.execute(
                "SELECT DISTINCT side_key, side FROM alert_evidence WHERE alert_id = ?",
                [alert_id]).fetchall())
        for e in evidence:
            side = sides.get(e["side_key"])
            if side is not None:
                self.rows.setdefault((alert_id, int(e["figure_id"])), (
                    alert_id, side, e["side_key"], int(e["figure_id"]), e.get("article_id"),
                    e.get("value"), e.get("claim_maker")))

    def flush(self) -> int:
        """Write the rows added; returns how many were new."""
        if not self.rows:
            return 0
        cols = list(zip(*self.rows.values(), strict=True))
        tbl = pa.table({
            "alert_id": pa.array(cols[0], pa.int64()), "side": pa.array(cols[1], pa.string()),
            "side_key": pa.array(cols[2], pa.string()), "figure_id": pa.array(cols[3], pa.int64()),
            "article_id": pa.array(cols[4], pa.int64()), "value": pa.array(cols[5], pa.int64()),
            "claim_maker": pa.array(cols[6], pa.string())})
        self.rows = {}
        self.conn.register("_side_evidence", tbl)
        try:
            got = self.conn.execute(
                "INSERT INTO alert_evidence SELECT q.alert_id, q.side, q.side_key, f.id, "
                "coalesce(q.article_id, f.article_id), coalesce(q.value, CAST(f.value AS BIGINT)), "
                "coalesce(q.claim_maker, f.given_by), ? FROM _side_evidence q "
                "JOIN figures f ON f.id = q.figure_id ON CONFLICT DO NOTHING RETURNING figure_id",
                [self.now]).fetchall()
        finally:
            self.conn.unregister("_side_evidence")
        return len(got)


def _promote(conn: duckdb.DuckDBPyConnection, alert_id: int, row: dict[str, Any],
             now: datetime) -> bool:
    """A disagreement held for review now has a pair that holds: the alert takes that
    pair and is pushed (once); the held-back evidence is dropped (precision first)."""
    # another alert on this pair; the alert's own pair may be promoted (a late first report
    # settles a toll: the pair held as a fall between two tallies is now a settled toll)
    clash = conn.execute(
        "SELECT count(*) FROM alerts WHERE id <> ? AND ((new_figure_id = ? AND old_figure_id = ?) "
        "OR (new_figure_id = ? AND old_figure_id = ?))",
        [alert_id, row["new_figure_id"], row["old_figure_id"], row["old_figure_id"],
         row["new_figure_id"]],
    ).fetchall()[0][0]
    if clash:
        return False
    conn.execute(
        "UPDATE alerts SET status = 'open', status_at = ?, status_note = 'pushed: a later pair of '"
        " || 'this disagreement holds (held for review before: ' || coalesce(held_reason, '') || ')', "
        "held_reason = NULL, kind = ?, rule = ?, new_figure_id = ?, old_figure_id = ?, message = ?, "
        "details = ? WHERE id = ?",
        [now, row["kind"], row.get("rule"), row["new_figure_id"], row["old_figure_id"],
         row["message"], row["details"], alert_id])
    conn.execute("DELETE FROM alert_evidence WHERE alert_id = ?", [alert_id])
    return True


def _may_attach(held_status: str, status: str, attach_only: bool) -> bool:
    """Precision first: a held-back pair never adds evidence to a pushed alert
    (``pipeline.contradictions.may_attach``)."""
    return held_status == "review" or attach_only or status == "open"


def _real_details(details: Any, real_fig: Any, real_article: Any) -> Any:
    """Rewrite provisional figure/article ids inside an alert's details."""
    if not isinstance(details, dict):
        return details
    out = dict(details)
    for side in ("new", "old"):
        s = out.get(side)
        if isinstance(s, dict):
            s = dict(s)
            if isinstance(s.get("figure_id"), int):
                s["figure_id"] = real_fig(s["figure_id"])
            if isinstance(s.get("article_id"), int):
                s["article_id"] = real_article(s["article_id"])
            out[side] = s
    return out


def _carry_alerts(conn: duckdb.DuckDBPyConnection, replaced: Sequence[tuple[Any, ...]],
                  new_rows: Sequence[dict[str, Any]], now: datetime) -> tuple[int, int]:
    """Point alerts at the re-read figures that replace theirs; close the others.

    Alerts reference figures by id, and ``replace_figures_of`` gives an article's figures
    new ids. A replaced figure is the same observation as a new one of the same article,
    page version, metric and value (the closest in place when there are several); its
    alerts follow it. An alert with a side that has no such match (the figure is no longer
    read, or the article became a copy) is closed with status ``superseded``: its message
    and ``details`` keep the evidence as delivered. Returns (followed, superseded).
    """
    by_key: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for f in new_rows:
        key = (f["article_id"], f.get("content_sha256"), f["metric"], int(f["value"]))
        by_key.setdefault(key, []).append(f)
    mapping: dict[int, int] = {}
    for fid, aid, metric, value, start, span, sha in replaced:
        cands = by_key.get((aid, sha, metric, int(value)), [])
        if not cands:
            continue
        best = min(cands, key=lambda f: (f.get("span") != span,
                                         abs((f.get("span_start") or 0) - (start or 0))))
        mapping[int(fid)] = int(best["id"])
    gone = {int(r[0]) for r in replaced} - set(mapping)
    followed = superseded = 0
    rows = conn.execute(
        "SELECT id, new_figure_id, old_figure_id, status FROM alerts WHERE new_figure_id IN "
        "(SELECT unnest(?::BIGINT[])) OR old_figure_id IN (SELECT unnest(?::BIGINT[])) ORDER BY id",
        [[int(r[0]) for r in replaced]] * 2,
    ).fetchall()
    for alert_id, new_id, old_id, status in rows:
        if new_id in gone or old_id in gone:
            which = new_id if new_id in gone else old_id
            conn.execute(
                "UPDATE alerts SET status = 'superseded', status_at = ?, status_note = ? "
                "WHERE id = ?",
                [now, f"figure {which} was replaced by newstally reprocess and no re-read "
                      f"figure matches it (previous status: {status}); details keep the "
                      "evidence", alert_id])
            superseded += 1
            continue
        nn, oo = mapping.get(new_id, new_id), mapping.get(old_id, old_id)
        clash = conn.execute(
            "SELECT count(*) FROM alerts WHERE id <> ? AND ((new_figure_id = ? AND "
            "old_figure_id = ?) OR (new_figure_id = ? AND old_figure_id = ?))",
            [alert_id, nn, oo, oo, nn]).fetchall()[0][0]
        if clash or nn == oo:
            conn.execute(
                "UPDATE alerts SET status = 'superseded', status_at = ?, status_note = ? "
                "WHERE id = ?",
                [now, "its figures were re-read by newstally reprocess into a pair another "
                      "alert already holds", alert_id])
            superseded += 1
            continue
        conn.execute("UPDATE alerts SET new_figure_id = ?, old_figure_id = ? WHERE id = ?",
                     [nn, oo, alert_id])
        followed += 1
    # the evidence follows its re-read figures too (a figure with no match keeps its id:
    # alert_evidence.article_id still names the article)
    for before, after in mapping.items():
        conn.execute(
            "UPDATE alert_evidence SET figure_id = ? WHERE figure_id = ? AND alert_id NOT IN "
            "(SELECT alert_id FROM alert_evidence WHERE figure_id = ?)", [after, before, after])
    if followed or superseded:
        log.info("warehouse: %d alert(s) follow their re-read figures, %d superseded",
                 followed, superseded)
    return followed, superseded


def mark_delivered(conn: duckdb.DuckDBPyConnection, delivered: Sequence[int],
                   failed: dict[int, str], sent: dict[int, list[str]] | None = None) -> None:
    """Record delivery outcomes: which channels took which alert (``sent``), and
    ``delivered_at`` only once every channel accepted."""
    now = datetime.now(UTC)
    with transaction(conn):
        for aid, keys in (sent or {}).items():
            for key in keys:
                conn.execute("INSERT INTO alert_deliveries VALUES (?, ?, ?) "
                             "ON CONFLICT DO NOTHING", [aid, key, now])
        for aid in delivered:
            conn.execute(
                "UPDATE alerts SET delivered_at = ?, delivery_attempts = delivery_attempts + 1, "
                "delivery_error = NULL WHERE id = ?", [now, aid])
        for aid, err in failed.items():
            conn.execute(
                "UPDATE alerts SET delivery_attempts = delivery_attempts + 1, delivery_error = ? "
                "WHERE id = ?", [err, aid])


def set_alert_status(conn: duckdb.DuckDBPyConnection, alert_id: int, status: str,
                     note: str | None) -> bool:
    with transaction(conn):
        rows = conn.execute(
            "UPDATE alerts SET status = ?, status_note = ?, status_at = ? WHERE id = ? RETURNING id",
            [status, note, datetime.now(UTC), alert_id],
        ).fetchall()
    return bool(rows)


def _band_table(rows: Sequence[tuple[int, str, bytes]]) -> pa.Table | None:
    """article_bands rows of the signatures of the current scheme among ``rows``."""
    want = dedup.PERMUTATIONS * 8
    good = [(int(a), b) for a, sc, b in rows
            if sc == dedup.SCHEME and b is not None and len(b) == want]
    if not good:
        return None
    ids = np.array([a for a, _ in good], dtype=np.int64)
    matrix = np.frombuffer(b"".join(b for _, b in good), dtype="<u8")
    n, p = len(good), dedup.PERMUTATIONS
    return pa.table({
        "band": np.tile(np.arange(p, dtype=np.uint16), n),
        "hash": matrix.astype(np.uint32),
        "article_id": np.repeat(ids, p),
    })


def write_bands(conn: duckdb.DuckDBPyConnection, rows: Sequence[tuple[int, str, bytes]]) -> int:
    """Replace the article_bands rows of ``rows`` (article_id, scheme, signature blob).

    Signatures of another scheme get no bands (they are recomputed, then written here).
    """
    if not rows:
        return 0
    ids = [int(r[0]) for r in rows]
    conn.execute("DELETE FROM article_bands WHERE article_id IN (SELECT unnest(?::BIGINT[]))",
                 [ids])
    tbl = _band_table(rows)
    if tbl is not None:
        conn.register("_batch_bands", tbl)
        try:
            conn.execute("INSERT INTO article_bands SELECT band, hash, article_id FROM _batch_bands")
        finally:
            conn.unregister("_batch_bands")
    conn.execute("UPDATE article_signatures SET banded = true "
                 "WHERE article_id IN (SELECT unnest(?::BIGINT[]))", [ids])
    return 0 if tbl is None else tbl.num_rows


def backfill_bands(conn: duckdb.DuckDBPyConnection, *, chunk: int = 20_000) -> int:
    """Band the stored signatures that have no bands yet (a warehouse made before
    migration 005), ``chunk`` signatures per transaction. Returns the signatures banded."""
    done = 0
    while True:
        rows = conn.execute(
            "SELECT article_id, scheme, signature FROM article_signatures "
            "WHERE NOT coalesce(banded, false) AND scheme = ? ORDER BY article_id LIMIT ?",
            [dedup.SCHEME, chunk]).fetchall()
        if not rows:
            break
        with transaction(conn):
            write_bands(conn, rows)
        done += len(rows)
    if done:
        log.info("warehouse: banded %d stored signature(s) for the near-duplicate index", done)
    return done
