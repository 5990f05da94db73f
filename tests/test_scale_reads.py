"""Issue 12: a run reads the warehouse by key (held URLs, band candidates, figures of the
metrics at hand) and still finds what a read of the whole history found."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline import dedup
from pipeline.dedup import DedupIndex
from pipeline.process import figure_row
from tests.test_dedup import FIX, SEED, SEED_FIGURES, fig, read
from warehouse.db import reader, writer
from warehouse.load import LoadBatch, backfill_bands, load_batch
from warehouse.read import dedup_rows, held_figures, held_urls

# our own filler vocabulary: unrelated reports of a town's council, markets and weather
WORDS = ["council", "market", "harbour", "bridge", "rain", "festival", "budget", "school", "library", "river", "road", "bakery", "mayor", "tram", "museum", "orchard", "ferry", "garden", "clinic", "stadium", "choir", "tunnel", "square", "lantern", "the", "a", "of", "in", "on", "and", "to", "for", "with", "was", "were", "will", "new", "old", "north", "south", "early", "late", "many", "residents", "visitors", "traders", "farmers", "pupils", "teachers", "drivers", "nurses", "engineers", "painters", "opened", "closed", "voted", "planned", "repaired", "praised", "delayed", "moved", "painted", "counted", "sold"]


def filler(rng: random.Random, n_words: int = 220) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n_words)) + "."


def article(i: int, text: str, title: str, when: datetime) -> tuple[dict, dict]:
    sig = dedup.signature(text, title)
    url = f"https://news.example.org/a/{i}"
    row = {"id": -i, "url": url + "?utm_source=feed", "canonical_url": url,
           "source": "test-feed", "title": title, "published_at": when, "fetched_at": when,
           "language": "en", "text": text, "text_sha256": dedup.text_sha256(text),
           "is_seed": False, "story_id": -i, "extractor_version": "test"}
    srow = {"article_id": -i, "scheme": sig.scheme, "signature": sig.hashvalues,
            "title_key": sig.title_key, "n_shingles": sig.n_shingles}
    return row, srow


def build(db: Path, n_filler: int = 300) -> dict[str, int]:
    """The seed report held three years ago, then ``n_filler`` unrelated articles."""
    rng = random.Random(7)
    long_ago = datetime(2023, 1, 5, tzinfo=UTC)
    title, body = read(SEED)
    arts, sigs, figs = [], [], []
    a, s = article(1, body, title, long_ago)
    arts.append(a)
    sigs.append(s)
    for n, f in enumerate(SEED_FIGURES):
        figs.append(figure_row(-(n + 1), -1, f, None))
    for i in range(2, n_filler + 2):
        a, s = article(i, filler(rng), f"Town notes {i}", long_ago + timedelta(days=i))
        arts.append(a)
        sigs.append(s)
        figs.append(figure_row(-(1000 + i), -i, fig("other", i), None))
    with writer(db) as conn:
        res = load_batch(conn, LoadBatch(articles=arts, signatures=sigs, figures=figs))
    return {"seed": res.article_ids[-1], "n": len(arts)}


def full_index(db: Path) -> DedupIndex:
    """The index as a run built it before issue 12: every held signature and figure."""
    with reader(db) as conn:
        rows = conn.execute(
            "SELECT s.article_id, s.scheme, s.signature, s.title_key, s.n_shingles, a.story_id, "
            "a.text_sha256 FROM article_signatures s JOIN articles a ON a.id = s.article_id "
            "ORDER BY s.article_id").fetchall()
        keys: dict[int, set[tuple[str, int]]] = {}
        for aid, metric, value in conn.execute(
                "SELECT article_id, metric, value FROM figures").fetchall():
            keys.setdefault(int(aid), set()).add((metric, int(value)))
    return DedupIndex.from_rows(rows, keys)


def by_key_index(db: Path, texts: list[tuple[str, str]]) -> tuple[DedupIndex, int]:
    sigs = [dedup.signature(body, title) for title, body in texts]
    with reader(db) as conn:
        rows, story_figs = dedup_rows(conn, sigs, [dedup.text_sha256(b) for _, b in texts])
    return DedupIndex.from_rows(rows, story_figures=story_figs), len(rows)


QUERIES = [
    (read(FIX / "derived" / "seed-syndicated.dailyledger.txt"), [fig("released", 103)]),
    (read(FIX / "derived" / "seed-edited-figure.txt"), [fig("released", 130)]),
    (read(FIX / "jan2026.tocoron-88.en.txt"), [fig("released", 88)]),
    (read(SEED), SEED_FIGURES),
]


def test_copy_of_an_article_held_for_years_is_found_reading_only_candidates(tmp_path):
    db = tmp_path / "w.duckdb"
    held = build(db)
    index, n_read = by_key_index(db, [q[0] for q in QUERIES])
    assert n_read < 10, f"read {n_read} of {held['n']} signatures: candidates only"
    full = full_index(db)
    for (title, body), figures in QUERIES:
        by_key, _ = index.classify(body, title=title, figures=figures)
        everything, _ = full.classify(body, title=title, figures=figures)
        assert by_key == everything, title
    copy, _ = index.classify(QUERIES[0][0][1], title=QUERIES[0][0][0],
                             figures=QUERIES[0][1])
    assert copy.relation == "copy" and copy.duplicate_of == held["seed"]
    version, _ = index.classify(QUERIES[1][0][1], figures=QUERIES[1][1])
    assert version.relation == "version" and version.story_id == held["seed"]


def test_bands_of_a_warehouse_made_before_migration_005_are_backfilled(tmp_path):
    db = tmp_path / "w.duckdb"
    held = build(db, n_filler=40)
    with writer(db) as conn:  # as an older warehouse: signatures without bands
        conn.execute("DELETE FROM article_bands")
        conn.execute("UPDATE article_signatures SET banded = false")
    (title, body), figures = QUERIES[0]
    index, _n_read = by_key_index(db, [(title, body)])
    assert index.classify(body, title=title, figures=figures)[0].relation == "original"
    with writer(db) as conn:
        assert backfill_bands(conn, chunk=16) == held["n"]
        assert backfill_bands(conn) == 0
        n_bands = conn.execute("SELECT count(*) FROM article_bands").fetchall()[0][0]
    assert n_bands == held["n"] * dedup.PERMUTATIONS
    index, _ = by_key_index(db, [(title, body)])
    decision = index.classify(body, title=title, figures=figures)[0]
    assert decision.relation == "copy" and decision.duplicate_of == held["seed"]


def test_held_urls_and_figures_are_read_by_key(tmp_path):
    db = tmp_path / "w.duckdb"
    build(db, n_filler=20)
    with reader(db) as conn:
        found = held_urls(conn, [
            "https://news.example.org/a/3",  # held
            "https://news.example.org/a/4?utm_source=feed",  # a held entry link, raw
            "https://news.example.org/a/999",  # not held
        ])
        assert found == {"https://news.example.org/a/3", "https://news.example.org/a/4"}
        assert held_urls(conn, []) == set()
        figures = held_figures(conn, {"released", "other"})
        assert {f["metric"] for f in figures} == {"released"}
        assert [f["value"] for f in figures] == [103, 225]
        assert held_figures(conn, set()) == []
