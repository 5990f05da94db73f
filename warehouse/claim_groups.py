"""Stored claim keys (migration 007) and claim classes (009): computed for figures that
have none of this version."""

from __future__ import annotations

import logging

import duckdb
import pyarrow as pa

from pipeline.claim_groups import VERSION, stored_key
from pipeline.claims import HeldFigure, classify
from warehouse.db import transaction

log = logging.getLogger(__name__)

#: the HeldFigure fields claim_key reads (the rest are the article's, never read by it)
_COLUMNS = """
    id, article_id, metric, value, qualifier, low, high, unit, attributed_to, as_of,
    period, sentence, span, coalesce(claim_status, 'headline') AS claim_status, claim_reasons
"""


def backfill(conn: duckdb.DuckDBPyConnection, *, chunk: int = 20_000) -> int:
    """Compute ``figures.claim_group`` / ``claim_start`` / ``claim_org`` and
    ``claim_class`` where the group or the class is missing or the group of another
    version (a warehouse from before migration 007 or 009, or pipeline/claims.py
    changed), ``chunk`` figures per transaction. Identical (metric, sentence, span, …)
    rows are read once. Returns the figures updated."""
    done = 0
    while True:
        cur = conn.execute(
            f"SELECT {_COLUMNS} FROM figures "
            "WHERE claim_group IS NULL OR claim_class IS NULL "
            "OR NOT starts_with(claim_group, ?) "
            "ORDER BY id LIMIT ?", [VERSION + ":", chunk])
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
        if not rows:
            break
        seen: dict[tuple[object, ...], tuple[str, str | None, str | None, str]] = {}
        out: list[tuple[str, str | None, str | None, str]] = []
        for r in rows:
            body = r[2:]  # the key reads the figure, never its id or article
            if body not in seen:
                f = HeldFigure(**dict(zip(cols, r, strict=True)), story_id=None,
                               duplicate_of=None, source=None, publisher=None, url=None,
                               title=None, published_at=None, is_seed=False,
                               content_sha256=None)
                seen[body] = (*stored_key(f), classify(f)[0])
            out.append(seen[body])
        tbl = pa.table({"id": [r[0] for r in rows], "grp": [o[0] for o in out],
                        "st": pa.array([o[1] for o in out], pa.string()),
                        "org": pa.array([o[2] for o in out], pa.string()),
                        "cls": pa.array([o[3] for o in out], pa.string())})
        with transaction(conn):
            conn.register("_claim_keys", tbl)
            try:
                conn.execute("UPDATE figures SET claim_group = k.grp, claim_start = k.st, "
                             "claim_org = k.org, claim_class = k.cls FROM _claim_keys k "
                             "WHERE figures.id = k.id")
            finally:
                conn.unregister("_claim_keys")
        done += len(rows)
    if done:
        log.info("warehouse: computed the claim key of %d stored figure(s)", done)
    return done
