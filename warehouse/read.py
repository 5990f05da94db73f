"""Read what a run needs from the warehouse, by key: never the whole history.

``read_state`` is the short look at the start (feed states, retakes, signatures to
recompute); ``held_urls`` looks up the entries at hand, ``dedup_rows`` the held
signatures a new text can match (by band), ``held_claim_figures`` the figures of the
claim groups the new figures belong to (``figures.claim_group``: the only held figures
``claims_match`` can pair with them), with their stored claim keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from pipeline import dedup
from pipeline.claim_groups import NO_CLAIM, key_of
from pipeline.claims import ClaimKey
from pipeline.models import Entry
from pipeline.select import canonical_url, decode_google_news_url, is_aggregator_url


@dataclass
class WarehouseState:
    """What the warehouse held when a run started."""

    #: held canonical URLs among the entries at hand (filled by :func:`held_urls`)
    held_urls: set[str] = field(default_factory=set)
    feed_states: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: rows of the signatures to recompute (another scheme, or none stored)
    signature_rows: list[tuple[Any, ...]] = field(default_factory=list)
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
    cur = conn.execute(
        "SELECT source, url, canonical_url, title, summary, published_at, guid, language "
        "FROM skipped_entries WHERE retake AND taken_at IS NULL ORDER BY first_seen_at")
    cols = [d[0] for d in cur.description]
    st.retake = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    for name, etag, lm, sha in conn.execute(
        "SELECT name, etag, last_modified, body_sha256 FROM sources"
    ).fetchall():
        st.feed_states[name] = {"etag": etag, "last_modified": lm, "body_sha256": sha}
    # Only signatures that must be recomputed are read here (another scheme, or none);
    # the near-duplicate index reads held signatures by band (dedup_rows) after fetching.
    # (by scheme only: the length of every stored blob is not read here; dedup_rows
    # skips a candidate whose blob is not a signature of the scheme)
    stale = [r[0] for r in conn.execute(
        "SELECT article_id FROM article_signatures WHERE scheme <> ? ORDER BY article_id",
        [signature_scheme]).fetchall()] if signature_scheme else []
    unsigned = conn.execute(
        "SELECT id FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM article_signatures s WHERE s.article_id = a.id) ORDER BY id"
    ).fetchall()
    wanted = stale + [r[0] for r in unsigned]
    if wanted:
        for row in conn.execute(
            "SELECT id, text, title, story_id, text_sha256 FROM articles "
            "WHERE id IN (SELECT unnest(?::BIGINT[]))", [wanted]
        ).fetchall():
            st.texts[int(row[0])] = row
        # listed as stale signatures, so the index recomputes them
        st.signature_rows = [(int(i), "", None, None, 0, None, "") for i in wanted]
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


def entry_keys(e: Entry) -> list[str]:
    """The URLs under which ``pipeline.select`` checks an entry against held ones."""
    keys = [e.url, e.canonical_url, canonical_url(e.url)]
    if is_aggregator_url(e.url):
        decoded = decode_google_news_url(e.url)
        if decoded:
            keys.append(canonical_url(decoded))
    return [k for k in keys if k]


_URL_CHUNK = 500


def held_urls(conn: duckdb.DuckDBPyConnection, urls: Iterable[str]) -> set[str]:
    """The canonical URLs among ``urls`` (entry links, raw or canonical) that are held.

    Looked up by key (a join with the given URLs): an article or page with that
    canonical URL, or whose entry link, as the feed gave it, has it. Entry links are
    matched raw and canonical, so a link that only differs in dropped tracking
    parameters from a held article's entry link is found through its canonical form.
    """
    raw = sorted({u for u in urls if u})
    if not raw:
        return set()
    canon = {u: canonical_url(u) for u in raw}
    keys = sorted(set(raw) | set(canon.values()))
    found: set[str] = set()
    links: set[str] = set()
    for i in range(0, len(keys), _URL_CHUNK):
        # a list of constants, not a join: articles.canonical_url is looked up in its
        # index instead of scanning the column (0.01 s against 0.1 s at 100k articles)
        chunk = keys[i:i + _URL_CHUNK]
        marks = ", ".join("?" * len(chunk))
        found |= {r[0] for r in conn.execute(
            f"""
            SELECT canonical_url FROM articles WHERE canonical_url IN ({marks})
            UNION SELECT canonical_url FROM pages WHERE canonical_url IN ({marks})
            """, chunk * 2).fetchall()}
        links |= {r[0] for r in conn.execute(
            f"""
            SELECT url FROM articles WHERE NOT is_seed AND url IN ({marks})
            UNION SELECT url FROM pages WHERE url IN ({marks})
            """, chunk * 2).fetchall()}
    found |= {canonical_url(u) for u in links}
    return {c for c in set(canon.values()) | set(raw) if c in found}


class HeldLookup:
    """``url in lookup``: held URLs known at hand, else one look-up by key in ``db``.

    For publisher URLs only known after resolving an aggregator link or a redirect
    (picklable: it keeps the path, not a connection).
    """

    def __init__(self, db: str, known: set[str], *, lock_timeout: float = 60.0) -> None:
        self.db = db
        self.known = set(known)
        self.lock_timeout = lock_timeout

    def __contains__(self, url: object) -> bool:
        if not isinstance(url, str):
            return False
        if url in self.known:
            return True
        if not Path(self.db).exists():  # a Dask worker on another machine: the load's
            return False                # upsert by canonical URL still keeps it once
        from warehouse.db import reader

        with reader(self.db, lock_timeout=self.lock_timeout) as conn:
            return bool(held_urls(conn, [url]))


def dedup_rows(
    conn: duckdb.DuckDBPyConnection,
    sigs: Sequence[dedup.Signature],
    shas: Sequence[str],
) -> tuple[list[tuple[Any, ...]], dict[int, set[tuple[str, int]]]]:
    """The held signatures a run's new texts can match, and their stories' figures.

    Candidates are found by key: held articles sharing at least ``dedup.MIN_HITS`` band
    values (``article_bands``) with one of ``sigs`` (fewer can never be a near-duplicate),
    and articles whose normalised text has one of ``shas``. Returns rows for
    :meth:`pipeline.dedup.DedupIndex.from_rows` (id order) and the (metric, value) pairs
    of every story they belong to, as the full index would hold them.
    """
    p = dedup.PERMUTATIONS
    near = [s for s in sigs if s.scheme == dedup.SCHEME and s.n_shingles >= dedup.MIN_SHINGLES]
    ids: set[int] = set()
    if near:
        values = np.frombuffer(b"".join(s.hashvalues for s in near), dtype="<u8")
        q = pa.table({
            "qid": np.repeat(np.arange(len(near), dtype=np.int32), p),
            "band": np.tile(np.arange(p, dtype=np.uint16), len(near)),
            "hash": values.astype(np.uint32),
        })
        conn.register("_dedup_query", q)
        try:
            # the held rows with one of the query's hash values first (a one-column
            # semi-join while scanning article_bands), then the exact (band, hash) join
            # on those few: 0.13-0.26 s against 0.76-1.28 s for the direct two-column
            # join over 25.6M rows (100k articles)
            ids |= {int(r[0]) for r in conn.execute(
                "WITH c AS MATERIALIZED (SELECT band, hash, article_id FROM article_bands "
                "WHERE hash IN (SELECT hash FROM _dedup_query)) "
                "SELECT DISTINCT article_id FROM (SELECT q.qid, c.article_id "
                "FROM _dedup_query q JOIN c ON c.band = q.band AND c.hash = q.hash "
                "GROUP BY q.qid, c.article_id HAVING count(*) >= ?)", [dedup.MIN_HITS]
            ).fetchall()}
        finally:
            conn.unregister("_dedup_query")
    if shas:
        ids |= {int(r[0]) for r in conn.execute(
            "SELECT id FROM articles WHERE text_sha256 IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(set(shas))]).fetchall()}
    if not ids:
        return [], {}
    good = "s.scheme = ? AND octet_length(s.signature) = ?"
    rows = conn.execute(
        f"""
        SELECT s.article_id, s.scheme, s.signature, s.title_key, s.n_shingles, a.story_id,
               a.text_sha256
        FROM article_signatures s JOIN articles a ON a.id = s.article_id
        WHERE s.article_id IN (SELECT unnest(?::BIGINT[])) AND {good}
        ORDER BY s.article_id
        """, [sorted(ids), dedup.SCHEME, 8 * p]).fetchall()
    stories = sorted({int(r[0] if r[5] is None else r[5]) for r in rows})
    story_figs: dict[int, set[tuple[str, int]]] = {}
    for story, metric, value in conn.execute(
        f"""
        SELECT coalesce(a.story_id, a.id), f.metric, f.value
        FROM figures f JOIN articles a ON a.id = f.article_id
        JOIN article_signatures s ON s.article_id = a.id
        WHERE coalesce(a.story_id, a.id) IN (SELECT unnest(?::BIGINT[])) AND {good}
        """, [stories, dedup.SCHEME, 8 * p]).fetchall():
        story_figs.setdefault(int(story), set()).add((metric, int(value)))
    return rows, story_figs


def held_figures(
    conn: duckdb.DuckDBPyConnection, metrics: Iterable[str], article_ids: Iterable[int] = ()
) -> list[dict[str, Any]]:
    """Held figures a run's new figures are compared with: those of the same metrics
    (a claim is always of one metric; ``other`` never makes a claim), and every figure of
    ``article_ids`` (re-fetched articles: their story is read from them). Id order."""
    ms = sorted(set(metrics) - {"other"})
    aids = sorted({int(a) for a in article_ids})
    if not ms and not aids:
        return []
    cur = conn.execute(
        """
        SELECT f.id, f.article_id, a.story_id, a.duplicate_of, a.source, a.publisher,
               a.url, a.title, a.published_at, a.is_seed, f.metric, f.value, f.qualifier,
               f.low, f.high, f.unit, f.attributed_to, f.as_of, f.period, f.sentence, f.span,
               f.content_sha256, coalesce(f.claim_status, 'headline') AS claim_status,
               f.claim_reasons
        FROM figures f JOIN articles a ON a.id = f.article_id
        WHERE f.metric IN (SELECT unnest(?::VARCHAR[]))
           OR f.article_id IN (SELECT unnest(?::BIGINT[]))
        ORDER BY f.id
        """, [ms, aids])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


_HELD_COLUMNS = """
    f.id, f.article_id, a.story_id, a.duplicate_of, a.source, a.publisher,
    a.url, a.title, timezone('UTC', a.published_at) AS published_at, a.is_seed, f.metric,
    f.value, f.qualifier, f.low, f.high, f.unit, f.attributed_to, f.as_of, f.period,
    f.sentence, f.span, f.content_sha256,
    coalesce(f.claim_status, 'headline') AS claim_status, f.claim_reasons,
    f.claim_date, f.claim_class, f.claim_group, f.claim_start, f.claim_org
"""
# (published_at is read as UTC wall time: converting a time zone per row is slow)


class HeldKeys(dict[int, ClaimKey | None]):
    """Stored claim keys by figure id; ``classes``: the stored claim class of each figure
    that has one (``figures.claim_class``, what ``claims.classify`` gives it) and
    ``dates`` its stored reference date (``figures.claim_date``), so that
    ``contradictions.FigureIndex`` does not read every held figure's sentence again."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: dict[int, str] = {}
        self.dates: dict[int, date] = {}


def held_claim_figures(
    conn: duckdb.DuckDBPyConnection, groups: Iterable[str], article_ids: Iterable[int] = ()
) -> tuple[list[dict[str, Any]], HeldKeys]:
    """The held figures a run's new figures can be compared with, and their claim keys.

    Those of the claim ``groups`` (``pipeline.claim_groups``) of the new figures, the only
    ones ``claims_match`` can pair with them, and every figure of ``article_ids``
    (re-fetched articles: their story is read from them). Rows as
    ``contradictions.HeldFigure`` fields, id order; keys as stored by the current claim
    reading (``warehouse.claim_groups.backfill`` must have run), by figure id, with
    their stored claim classes (:class:`HeldKeys`).
    """
    gs = sorted(set(groups) - {NO_CLAIM})
    aids = sorted({int(a) for a in article_ids})
    if not gs and not aids:
        return [], HeldKeys()
    conn.register("_claim_groups", pa.table({"g": pa.array(gs, pa.string())}))
    conn.register("_claim_articles", pa.table({"a": pa.array(aids, pa.int64())}))
    try:
        cur = conn.execute(
            f"""
            SELECT {_HELD_COLUMNS}
            FROM figures f JOIN articles a ON a.id = f.article_id
            WHERE f.claim_group IN (SELECT g FROM _claim_groups)
               OR f.article_id IN (SELECT a FROM _claim_articles)
            ORDER BY f.id
            """)
        cols = [d[0] for d in cur.description][:-5]
        rows = cur.fetchall()
    finally:
        conn.unregister("_claim_groups")
        conn.unregister("_claim_articles")
    out = []
    keys = HeldKeys()
    for r in rows:
        d = dict(zip(cols, r[:-5], strict=True))
        if d["published_at"] is not None:
            d["published_at"] = d["published_at"].replace(tzinfo=UTC)
        out.append(d)
        fid = int(r[0])
        keys[fid] = key_of(r[-3], r[-2], r[-1])
        if r[-4] is not None:  # a class and a date stored together (backfill, load)
            keys.classes[fid] = r[-4]
            if r[-5] is not None:
                keys.dates[fid] = r[-5]
    return out, keys


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
