"""Issue 12: a run reads the held figures of its new figures' claim groups (stored with
each figure, migration 007) and raises exactly the alerts a read of every held figure
raises (sentences written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.claim_groups import VERSION, group_of
from pipeline.claims import HeldFigure, claim_key, claims_match
from pipeline.contradictions import AlertCandidate, find_alerts
from pipeline.models import Figure
from pipeline.process import _HeldPool, figure_claim_group, figure_row
from warehouse import claim_groups
from warehouse.db import reader, writer
from warehouse.load import LoadBatch, load_batch
from warehouse.read import held_claim_figures

#: (metric, sentence with {v}, attributed_to): several claims per metric
CLAIMS = [
    ("killed", "Hospital staff said {v} people were killed in the flooding.", "hospital staff"),
    ("killed", "Police said {v} officers were killed during the clashes.", "police"),
    ("injured", "Medics said {v} people were injured in the stampede.", "medics"),
    ("injured", "Medics said {v} children were injured in the stampede.", "medics"),
    ("arrested", "Officials said {v} people were arrested on Sunday.", "officials"),
    ("released", "The rights group said {v} political prisoners had been released since "
                 "January.", "the rights group"),
    ("released", "Lawyers said {v} detainees were released on Friday.", "lawyers"),
    ("detained_current", "The monitors said {v} people remain detained.", "the monitors"),
    ("other", "The council approved {v} new benches for the park.", None),
]
START = datetime(2025, 3, 1, 9, tzinfo=UTC)


def figure(claim: int, value: int) -> Figure:
    metric, sentence, who = CLAIMS[claim]
    text = sentence.format(v=value)
    at = text.index(str(value))
    return Figure(value, "exact", value, value, metric, None, who, None, None, text, at,
                  at + len(str(value)), str(value), language="en")


def article_figures(i: int) -> list[Figure]:
    """Three figures of three claims, values that move from article to article."""
    return [figure((i * 3 + j) % len(CLAIMS), 40 + (i * 7 + j * 5) % 23) for j in range(3)]


def published(i: int) -> datetime:
    return START + timedelta(days=(i * 5) % 45, hours=i % 5)


def build(db: Path, n: int = 60) -> None:
    arts, figs = [], []
    fid = -1
    for i in range(1, n + 1):
        url = f"https://outlet{i % 9}.example/news/{i}"
        arts.append({"id": -i, "url": url, "canonical_url": url, "source": f"feed{i % 4}",
                     "publisher": f"Outlet {i % 9}", "title": f"Report {i}",
                     "published_at": published(i), "fetched_at": published(i),
                     "language": "en", "text": f"Report {i}.", "text_sha256": f"{i:064x}",
                     "is_seed": False, "story_id": -i, "extractor_version": "test"})
        for f in article_figures(i):
            figs.append(figure_row(fid, -i, f, f"sha{i}"))
            fid -= 1
    with writer(db) as conn:
        load_batch(conn, LoadBatch(articles=arts, figures=figs))


def new_articles(first: int, count: int) -> list[list[HeldFigure]]:
    out, fid = [], -1
    for i in range(first, first + count):
        batch = []
        for f in article_figures(i):
            batch.append(HeldFigure(
                id=fid, article_id=-i, story_id=-i, duplicate_of=None, source="feed-new",
                publisher=f"New outlet {i}", url=f"https://new.example/{i}",
                title=f"New report {i}", published_at=published(i), is_seed=False,
                metric=f.metric, value=f.value, qualifier=f.qualifier, low=f.low,
                high=f.high, unit=f.unit, attributed_to=f.attributed_to, as_of=f.as_of,
                period=f.period, sentence=f.sentence, span=f.span,
                content_sha256=f"new{i}"))
            fid -= 1
        out.append(batch)
    return out


def every_held(db: Path) -> list[HeldFigure]:
    """What a run compared with before issue 12: every held figure."""
    with reader(db) as conn:
        cur = conn.execute(
            "SELECT f.id, f.article_id, a.story_id, a.duplicate_of, a.source, a.publisher, "
            "a.url, a.title, a.published_at, a.is_seed, f.metric, f.value, f.qualifier, "
            "f.low, f.high, f.unit, f.attributed_to, f.as_of, f.period, f.sentence, f.span, "
            "f.content_sha256, f.claim_status, f.claim_reasons "
            "FROM figures f JOIN articles a ON a.id = f.article_id ORDER BY f.id")
        cols = [d[0] for d in cur.description]
        return [HeldFigure(**dict(zip(cols, r, strict=True))) for r in cur.fetchall()]


def full_alerts(db: Path, batches: list[list[HeldFigure]]) -> list[AlertCandidate]:
    held = every_held(db)
    out: list[AlertCandidate] = []
    for batch in batches:
        out.extend(find_alerts(batch, held))
        held.extend(batch)
    return out


def by_group_alerts(db: Path, batches: list[list[HeldFigure]]
                    ) -> tuple[list[AlertCandidate], set[int]]:
    """As the flow does: the held figures of the new figures' groups, their stored keys,
    each new article compared with its groups' figures."""
    groups = {group_of(claim_key(f)) for b in batches for f in b}
    with reader(db) as conn:
        rows, keys = held_claim_figures(conn, groups)
    pool = _HeldPool([HeldFigure(**r) for r in rows], keys)
    out: list[AlertCandidate] = []
    for batch in batches:
        out.extend(find_alerts(batch, pool.of_claims(batch), pool.keys))
        pool.extend(batch)
    return out, {int(r["id"]) for r in rows}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    build(path)
    return path


def test_a_run_reads_the_figures_claims_match_can_pair_and_raises_the_same_alerts(
        db: Path) -> None:
    batches = new_articles(1000, 8)
    new = [f for b in batches for f in b]
    full = full_alerts(db, batches)
    alerts, read_ids = by_group_alerts(db, batches)
    assert len(full) >= 5, "the warehouse must hold conflicts for this test to mean anything"
    assert alerts == full
    held = every_held(db)
    new_keys = [k for k in map(claim_key, new) if k is not None]
    pairable = {g.id for g in held
                if (kg := claim_key(g)) is not None and any(claims_match(k, kg) for k in new_keys)}
    same_group = {g.id for g in held
                  if (kg := claim_key(g)) is not None
                  and any((k.metric, k.scope, k.subgroup) == (kg.metric, kg.scope, kg.subgroup)
                          for k in new_keys)}
    assert pairable <= read_ids == same_group  # claims_match needs the group; nothing else
    assert len(read_ids) < len(held)  # other claims and "other" figures are not read


def test_stored_claim_keys_are_those_of_the_held_figures(db: Path) -> None:
    with reader(db) as conn:
        rows, keys = held_claim_figures(conn, {figure_claim_group(figure(c, 1))
                                               for c in range(len(CLAIMS))})
    assert rows and set(keys) == {r["id"] for r in rows}
    for r in rows:  # computed at load from the bare figure, equal to the full figure's
        assert keys[r["id"]] == claim_key(HeldFigure(**r))
    assert all(r["metric"] != "other" for r in rows)


def test_claim_keys_of_another_version_or_none_are_computed_again(db: Path) -> None:
    batches = new_articles(1000, 8)
    full = full_alerts(db, batches)
    with writer(db) as conn:  # as a warehouse from before 007, or claims.py changed
        assert claim_groups.backfill(conn) == 0
        n = conn.execute("SELECT count(*) FROM figures").fetchall()[0][0]
        conn.execute("UPDATE figures SET claim_group = NULL, claim_start = NULL, "
                     "claim_org = NULL WHERE id % 2 = 0")
        conn.execute("UPDATE figures SET claim_group = 'an-older-version:' || metric "
                     "WHERE id % 2 = 1")
    stale, _ = by_group_alerts(db, batches)
    assert stale != full  # unread: the stored groups must be of this version
    with writer(db) as conn:
        assert claim_groups.backfill(conn, chunk=25) == n
        assert claim_groups.backfill(conn) == 0
        assert conn.execute("SELECT count(*) FROM figures WHERE NOT starts_with("
                            "claim_group, ?)", [VERSION + ":"]).fetchall()[0][0] == 0
    assert by_group_alerts(db, batches)[0] == full


def test_held_urls_are_found_past_the_first_chunk_of_keys(db: Path) -> None:
    from warehouse.read import held_urls

    unheld = [f"https://elsewhere.example/story/{i}" for i in range(1200)]
    held = [f"https://outlet{i % 9}.example/news/{i}" for i in (3, 41, 60)]
    with reader(db) as conn:  # raw and canonical keys: more than two chunks of constants
        found = held_urls(conn, unheld + [u + "?utm_source=feed" for u in held])
    assert found == set(held)
