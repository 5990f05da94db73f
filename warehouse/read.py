"""Read what a run needs from the warehouse (one short read-only look at the start)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import duckdb

from pipeline.select import canonical_url


@dataclass
class WarehouseState:
    """What the warehouse held when a run started."""

    held_urls: set[str] = field(default_factory=set)
    feed_states: dict[str, dict[str, Any]] = field(default_factory=dict)
    signature_rows: list[tuple[Any, ...]] = field(default_factory=list)
    figure_keys: dict[int, set[tuple[str, int]]] = field(default_factory=dict)
    held_figures: list[dict[str, Any]] = field(default_factory=list)
    seed_loaded: bool = False
    refetch: list[dict[str, Any]] = field(default_factory=list)
    texts: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    #: skipped entries an operator asked to take again (``newstally skipped --retake``)
    retake: list[dict[str, Any]] = field(default_factory=list)

    def stale_texts(self, ids: list[int]) -> list[tuple[Any, ...]]:
        """(id, text, title, story_id, text_sha256) of articles whose signature is stale."""
        return [self.texts[i] for i in ids if i in self.texts]


def read_state(
    conn: duckdb.DuckDBPyConnection,
    *,
    refetch_days: int = 0,
    refetch_interval_hours: float = 12.0,
    now: datetime | None = None,
    signature_scheme: str = "",
) -> WarehouseState:
    st = WarehouseState()
    st.held_urls = {r[0] for r in conn.execute(
        "SELECT canonical_url FROM articles UNION SELECT canonical_url FROM pages").fetchall()}
    # Entry links as the feeds gave them (e.g. Google News links that were resolved to
    # the publisher): held too, so they are skipped without resolving them again.
    st.held_urls |= {canonical_url(r[0]) for r in conn.execute(
        "SELECT url FROM articles WHERE NOT is_seed UNION SELECT url FROM pages").fetchall()}
    cur = conn.execute(
        "SELECT source, url, canonical_url, title, summary, published_at, guid, language "
        "FROM skipped_entries WHERE retake AND taken_at IS NULL ORDER BY first_seen_at")
    cols = [d[0] for d in cur.description]
    st.retake = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    for name, etag, lm, sha in conn.execute(
        "SELECT name, etag, last_modified, body_sha256 FROM sources"
    ).fetchall():
        st.feed_states[name] = {"etag": etag, "last_modified": lm, "body_sha256": sha}
    st.signature_rows = conn.execute(
        """
        SELECT s.article_id, s.scheme, s.signature, s.title_key, s.n_shingles, a.story_id,
               a.text_sha256
        FROM article_signatures s JOIN articles a ON a.id = s.article_id
        ORDER BY s.article_id
        """
    ).fetchall()
    stale = [r[0] for r in st.signature_rows if r[1] != signature_scheme]
    unsigned = conn.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_signatures)"
    ).fetchall()
    wanted = stale + [r[0] for r in unsigned]
    if wanted:
        for row in conn.execute(
            "SELECT id, text, title, story_id, text_sha256 FROM articles "
            "WHERE id IN (SELECT unnest(?::BIGINT[]))", [wanted]
        ).fetchall():
            st.texts[int(row[0])] = row
        # unsigned articles are listed as stale signatures, so the index recomputes them
        st.signature_rows += [(i, "", None, None, 0, None, "") for i in
                              (r[0] for r in unsigned)]
    for aid, metric, value in conn.execute(
        "SELECT article_id, metric, value FROM figures"
    ).fetchall():
        st.figure_keys.setdefault(int(aid), set()).add((metric, int(value)))
    cur = conn.execute(
        """
        SELECT f.id, f.article_id, a.story_id, a.duplicate_of, a.source, a.publisher,
               a.url, a.title, a.published_at, a.is_seed, f.metric, f.value, f.qualifier,
               f.low, f.high, f.unit, f.attributed_to, f.as_of, f.period, f.sentence, f.span,
               f.content_sha256, coalesce(f.claim_status, 'headline') AS claim_status,
               f.claim_reasons
        FROM figures f JOIN articles a ON a.id = f.article_id
        ORDER BY f.id
        """
    )
    cols = [d[0] for d in cur.description]
    st.held_figures = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    st.seed_loaded = bool(conn.execute(
        "SELECT count(*) FROM articles WHERE is_seed").fetchall()[0][0])
    if refetch_days > 0 and now is not None:
        cur = conn.execute(
            """
            SELECT a.id, a.url, a.canonical_url, a.source, a.content_sha256, a.published_at,
                   a.feed_published_at, a.language, a.title, a.story_id, a.duplicate_of,
                   p.etag, p.last_modified, p.fetched_at AS last_fetched_at
            FROM articles a
            JOIN (SELECT canonical_url, arg_max(etag, fetched_at) AS etag,
                         arg_max(last_modified, fetched_at) AS last_modified,
                         max(fetched_at) AS fetched_at
                  FROM pages GROUP BY canonical_url) p ON p.canonical_url = a.canonical_url
            WHERE NOT a.is_seed AND a.fetched_at >= ? AND p.fetched_at <= ?
            ORDER BY a.id
            """,
            [now - timedelta(days=refetch_days), now - timedelta(hours=refetch_interval_hours)],
        )
        cols = [d[0] for d in cur.description]
        st.refetch = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    return st


def read_page_retries(conn: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Entries whose last page attempt failed transiently and that no page or article
    holds since: one row each (the last attempt, with ``attempts`` made so far), oldest
    ``next_attempt_at`` first. The flow retries those due; ``newstally retries`` lists them.
    """
    cur = conn.execute(
        """
        SELECT a.canonical_url, a.url, a.source, a.attempt AS attempts, a.attempted_at, a.http_status,
               a.error, a.next_attempt_at, a.title, a.summary, a.published_at, a.guid,
               a.language
        FROM page_attempts a
        WHERE a.outcome = 'transient'
          AND a.attempt = (SELECT max(b.attempt) FROM page_attempts b
                           WHERE b.canonical_url = a.canonical_url)
          AND a.canonical_url NOT IN (SELECT canonical_url FROM pages)
          AND a.canonical_url NOT IN (SELECT canonical_url FROM articles)
        ORDER BY a.next_attempt_at, a.canonical_url
        """)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
