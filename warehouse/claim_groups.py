"""Stored claim keys (migration 007), claim classes and reference dates (009): computed
for figures that have none of this version."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, date, datetime

import duckdb
import pyarrow as pa

from pipeline.claim_groups import VERSION, stored_key
from pipeline.claims import HeldFigure, classify
from pipeline.contradictions import comparison_date
from warehouse.db import transaction

log = logging.getLogger(__name__)

#: the HeldFigure fields claim_key reads (the rest are the article's, never read by it);
#: the article's date last (reference_date reads it, as a run reads it: UTC)
_COLUMNS = """
    f.id, f.article_id, f.metric, f.value, f.qualifier, f.low, f.high, f.unit,
    f.attributed_to, f.as_of, f.period, f.sentence, f.span,
    coalesce(f.claim_status, 'headline') AS claim_status, f.claim_reasons,
    timezone('UTC', a.published_at) AS published_at
"""


def figure_date(f: HeldFigure) -> date | None:
    """``figures.claim_date``: ``contradictions.comparison_date`` of the figure with its
    article's date read in UTC, as ``warehouse.read.held_claim_figures`` gives it."""
    pub = f.published_at
    if pub is not None:
        pub = pub.astimezone(UTC) if pub.tzinfo is not None else pub.replace(tzinfo=UTC)
    return comparison_date(replace(f, published_at=pub))


def backfill(conn: duckdb.DuckDBPyConnection, *, chunk: int = 20_000) -> int:
    """Compute ``figures.claim_group`` / ``claim_start`` / ``claim_org``, ``claim_class``
    and ``claim_date`` where the group or the class is missing or the group of another
    version (a warehouse from before migration 007 or 009, or pipeline/claims.py
    changed), ``chunk`` figures per transaction. The key and class of identical
    (metric, sentence, span, …) rows are read once. Returns the figures updated."""
    done = 0
    while True:
        cur = conn.execute(
            f"SELECT {_COLUMNS} FROM figures f LEFT JOIN articles a ON a.id = f.article_id "
            "WHERE f.claim_group IS NULL OR f.claim_class IS NULL "
            "OR NOT starts_with(f.claim_group, ?) "
            "ORDER BY f.id LIMIT ?", [VERSION + ":", chunk])
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
        if not rows:
            break
        seen: dict[tuple[object, ...], tuple[str, str | None, str | None, str]] = {}
        out: list[tuple[str, str | None, str | None, str]] = []
        dates: list[date | None] = []
        for r in rows:
            d = dict(zip(cols, r, strict=True))
            pub: datetime | None = d.pop("published_at")
            f = HeldFigure(**d, story_id=None, duplicate_of=None, source=None, publisher=None,
                           url=None, title=None, published_at=None, is_seed=False,
                           content_sha256=None)
            body = r[2:-1]  # the key reads the figure, never its id or article
            if body not in seen:
                seen[body] = (*stored_key(f), classify(f)[0])
            out.append(seen[body])
            dates.append(figure_date(replace(f, published_at=pub)))
        tbl = pa.table({"id": [r[0] for r in rows], "grp": [o[0] for o in out],
                        "st": pa.array([o[1] for o in out], pa.string()),
                        "org": pa.array([o[2] for o in out], pa.string()),
                        "cls": pa.array([o[3] for o in out], pa.string()),
                        "day": pa.array(dates, pa.date32())})
        with transaction(conn):
            conn.register("_claim_keys", tbl)
            try:
                conn.execute("UPDATE figures SET claim_group = k.grp, claim_start = k.st, "
                             "claim_org = k.org, claim_class = k.cls, claim_date = k.day "
                             "FROM _claim_keys k WHERE figures.id = k.id")
            finally:
                conn.unregister("_claim_keys")
        done += len(rows)
    if done:
        log.info("warehouse: computed the claim key of %d stored figure(s)", done)
    return done
