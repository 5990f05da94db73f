"""Full-text search over article text, English and Spanish.

With DuckDB's ``fts`` extension (BM25, Snowball stemmers): the articles are copied into
an in-memory database with one index per language (the warehouse stays read-only).
``fts`` is not built into DuckDB: ``INSTALL fts`` downloads it once from
extensions.duckdb.org, which needs the network. When it cannot be loaded, a fallback
searches the text itself: accents folded and case ignored, each query word cut to a
simple EN/ES stem and matched at the start of a word; every word must match, and
articles are ranked by how often they do.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    ["a", "al", "and", "are", "as", "at", "by", "de", "del", "el", "en", "for", "from", "in", "is", "la", "las", "los", "of", "on", "or", "que", "the", "to", "un", "una", "y", "with"]
)
# Longest first: the first suffix that leaves a stem of at least MIN_STEM letters is cut.
_SUFFIXES = {
    "es": ("aciones", "iciones", "amiento", "imiento", "adores", "adoras", "mente",
           "acion", "icion", "ciones", "cion", "ados", "adas", "idos", "idas", "ado", "ada",
           "ido", "ida", "ar", "er", "ir", "es", "os", "as", "a", "o", "e", "s"),
    "en": ("ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "ers", "er",
           "ed", "es", "ly", "s"),
}
MIN_STEM = 5


def fold(text: str) -> str:
    """Lower case without accents, one character for one character (offsets are kept)."""
    return "".join(
        (unicodedata.normalize("NFD", c)[:1] or c).lower()[:1] or c for c in text
    )


def stem(word: str, language: str | None = None) -> str:
    """A crude EN/ES stem of a folded word: enough to match plurals and verb forms."""
    langs = [language] if language in _SUFFIXES else ["es", "en"]
    best = word
    for lang in langs:
        for suf in _SUFFIXES[str(lang)]:
            if word.endswith(suf) and len(word) - len(suf) >= MIN_STEM:
                cand = word[: -len(suf)]
                if len(cand) < len(best):
                    best = cand
                break
    return best


def query_terms(text: str, language: str | None = None) -> list[str]:
    """The stems searched for: folded words of ``text``, stop words dropped."""
    words = [w for w in _WORD.findall(fold(text))]
    kept = [w for w in words if w not in _STOP] or words
    out: list[str] = []
    for w in kept:
        s = stem(w, language) if not w.isdigit() else w
        if s not in out:
            out.append(s)
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    article_id: int
    title: str | None
    url: str
    publisher: str | None
    published: date | None
    language: str | None
    score: float
    snippet: str


@dataclass(slots=True)
class SearchResult:
    mode: str  # fts | fallback
    note: str
    terms: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)


_ARTICLES = """
    SELECT id, title,
           -- the article's own address, not the feed's (Google News) redirect to it
           CASE WHEN canonical_url LIKE 'http%' THEN canonical_url ELSE url END AS url,
           coalesce(publisher, source) AS publisher,
           CAST(timezone('UTC', published_at) AS DATE) AS published, language, text
    FROM articles
    WHERE duplicate_of IS NULL AND (? IS NULL OR language = ?)
"""


def _snippet(text: str, terms: list[str], width: int = 160) -> str:
    folded = fold(text)
    pos = -1
    for t in terms:
        m = re.search(r"\b" + re.escape(t), folded)
        if m and (pos < 0 or m.start() < pos):
            pos = m.start()
    start = max(0, pos - width // 3) if pos >= 0 else 0
    snip = " ".join(text[start : start + width].split())
    return ("…" if start > 0 else "") + snip + ("…" if start + width < len(text) else "")


def _load_fts() -> duckdb.DuckDBPyConnection | str:
    """An in-memory connection with fts loaded, or why it could not be loaded."""
    mem = duckdb.connect(":memory:")
    try:
        mem.execute("LOAD fts")
        return mem
    except duckdb.Error as exc:
        mem.close()
        return " ".join(str(exc).split())[:200]


def install_fts() -> str | None:
    """Try ``INSTALL fts`` (downloads it: needs the network). None on success, else why."""
    mem = duckdb.connect(":memory:")
    try:
        mem.execute("INSTALL fts")
        return None
    except duckdb.Error as exc:
        return " ".join(str(exc).split())[:200]
    finally:
        mem.close()


def search_articles(
    conn: duckdb.DuckDBPyConnection,
    text: str,
    *,
    language: str | None = None,
    limit: int = 20,
    use_fts: bool = True,
) -> SearchResult:
    """Articles (originals, seeds included) matching ``text``, best first."""
    terms = query_terms(text, language)
    if not terms:
        return SearchResult("fallback", "empty query", [], [])
    mem = _load_fts() if use_fts else "disabled"
    if isinstance(mem, duckdb.DuckDBPyConnection):
        try:
            return _search_fts(conn, mem, text, terms, language, limit)
        except duckdb.Error as exc:
            log.warning("search: fts loaded but failed (%s); using the fallback", exc)
            reason = f"fts failed: {exc}"
        finally:
            mem.close()
    else:
        reason = f"fts extension not available ({mem})"
    res = _search_fallback(conn, terms, language, limit)
    res.note = (f"fallback search (accent-folded word-prefix match, simple EN/ES stems): "
                f"{reason}")
    return res


def _search_fallback(conn: duckdb.DuckDBPyConnection, terms: list[str], language: str | None,
                     limit: int) -> SearchResult:
    patterns = [r"\b" + re.escape(t) for t in terms]
    where = " AND ".join(["regexp_matches(strip_accents(lower(coalesce(title, '') || ' ' || text)), ?)"]
                         * len(patterns))
    score = " + ".join(
        ["len(regexp_extract_all(strip_accents(lower(coalesce(title, '') || ' ' || text)), ?))"]
        * len(patterns))
    cur = conn.execute(
        f"SELECT *, {score} AS score FROM ({_ARTICLES}) WHERE {where} "
        f"ORDER BY score DESC, published DESC NULLS LAST, id LIMIT {int(limit)}",
        [*patterns, language, language, *patterns],
    )
    return SearchResult("fallback", "", terms, _hits(cur, terms))


def _hits(cur: duckdb.DuckDBPyConnection, terms: list[str]) -> list[Hit]:
    cols = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        r: dict[str, Any] = dict(zip(cols, row, strict=True))
        out.append(Hit(int(r["id"]), r["title"], r["url"], r["publisher"], r["published"],
                       r["language"], float(r["score"] or 0), _snippet(r["text"], terms)))
    return out


def _search_fts(conn: duckdb.DuckDBPyConnection, mem: duckdb.DuckDBPyConnection, text: str,
                terms: list[str], language: str | None, limit: int) -> SearchResult:
    docs = conn.sql(_ARTICLES, params=[language, language]).to_arrow_table()
    mem.register("_docs", docs)
    results = []
    for lang, stemmer in (("en", "english"), ("es", "spanish")):
        if language and lang != language:
            continue
        table = f"docs_{lang}"
        mem.execute(f"CREATE TABLE {table} AS SELECT * FROM _docs WHERE coalesce(language, 'en') = ?",
                    [lang])
        if not mem.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]:
            continue
        # The Spanish Snowball stemmer expects accents ("excarcelación" → "excarcel", but
        # "excarcelacion" → "excarcelacion"): keep them in the Spanish index.
        stop, strip = ("english", 1) if lang == "en" else ("none", 0)
        mem.execute(f"PRAGMA create_fts_index('{table}', 'id', 'title', 'text', "
                    f"stemmer = '{stemmer}', stopwords = '{stop}', strip_accents = {strip}, "
                    "lower = 1)")
        results.append(
            f"SELECT *, fts_main_{table}.match_bm25(id, $q) AS score FROM {table}")
    if not results:
        return SearchResult("fts", "DuckDB fts extension (BM25, Snowball stemmers)", terms, [])
    cur = mem.execute(
        f"SELECT * FROM ({' UNION ALL '.join(results)}) WHERE score IS NOT NULL "
        f"ORDER BY score DESC LIMIT {int(limit)}", {"q": text})
    return SearchResult("fts", "DuckDB fts extension (BM25, Snowball stemmers)", terms,
                        _hits(cur, terms))
