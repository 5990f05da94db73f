"""Issue 12: attach-only alert candidates are built only when an alert of their
disagreement stands (``contradictions.settle``, ``warehouse.load``), and held figures
come with their stored claim class and date (migration 009): the warehouse ends with
the same alerts, messages and evidence as when every candidate is built at once, and
the stored class and date are those the figures' text gives (sentences written for
these tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from pipeline.claim_groups import group_of
from pipeline.claims import HeldFigure, claim_key, classify, reference_date
from pipeline.contradictions import comparison_date, find_alerts, settle
from pipeline.models import Figure
from pipeline.process import _HeldPool, alert_row, figure_row
from warehouse import claim_groups
from warehouse.db import reader, writer
from warehouse.load import LoadBatch, load_batch
from warehouse.read import held_claim_figures

#: (sentence, value, who, published): a toll, then two claim-makers that disagree, each
#: repeated, a provisional count held for review, and outlets' own figures
STORY = [
    ("Paramedics counted 12 dead after the first night of unrest.", 12, "paramedics", "2025-03-02"),
    ("The unrest left 40 dead, the interior ministry said on Tuesday.", 40, "the interior ministry", "2025-05-20"),
    ("For now the observers can confirm 33 deaths; reports are still arriving.", 33, "the observers", "2025-05-25"),
    ("Officials repeated that 40 people died in the unrest.", 40, "the interior ministry", "2025-06-01"),
    ("The observers documented 33 killings during the unrest.", 33, "the observers", "2025-06-12"),
    ("The government gives 40 killed as the toll of the unrest.", 40, "the government", "2025-06-20"),
    ("The observers stood by their count of 33 people killed.", 33, "the observers", "2025-07-02"),
    ("At least 35 died during the unrest, by the paper's own tally.", 35, None, "2025-07-10"),
    ("The unrest killed 38 people yesterday and last week.", 38, None, "2025-07-15"),
    ("Some 35 people died in the unrest, reporters were told.", 35, None, "2025-07-19"),
    ("The observers now count 36 people killed during the unrest.", 36, "the observers", "2025-08-03"),
    ("The interior ministry said on Monday that 40 people were killed.", 40, "the interior ministry", "2025-08-30"),
]


def figure(sentence: str, value: int, who: str | None) -> Figure:
    at = sentence.index(str(value))
    q = "at_least" if sentence.startswith("At least") else "exact"
    return Figure(value, q, value, None if q == "at_least" else value, "killed", None, who,
                  None, None, sentence, at, at + len(str(value)), str(value), language="en")


def one_run(conn: Any, i: int, *, lazy: bool) -> None:
    """Article ``i`` of the story as the flow handles it: its claim groups' held figures
    read from the warehouse, compared, and the alert rows loaded with provisional ids."""
    sentence, value, who, day = STORY[i]
    f = figure(sentence, value, who)
    published = datetime.fromisoformat(day).replace(hour=22, tzinfo=timezone(timedelta(hours=-4)))
    url = f"https://outlet{i}.example/unrest"
    new = HeldFigure(
        id=-1, article_id=-1, story_id=-1, duplicate_of=None, source=f"feed{i}",
        publisher=f"Outlet {i}", url=url, title=f"Unrest report {i}", published_at=published,
        is_seed=False, metric=f.metric, value=f.value, qualifier=f.qualifier, low=f.low,
        high=f.high, unit=f.unit, attributed_to=f.attributed_to, as_of=f.as_of,
        period=f.period, sentence=f.sentence, span=f.span, content_sha256=f"page{i}")
    rows, keys = held_claim_figures(conn, {group_of(claim_key(new))})
    pool = _HeldPool([HeldFigure(**r) for r in rows], keys)
    cands = find_alerts([new], pool.of_claims([new]), pool.keys, attachments=True)
    if not lazy:  # every candidate whole, as before: built when found
        cands = [s for c in cands if (s := settle(c)) is not None]
    load_batch(conn, LoadBatch(
        articles=[{"id": -1, "url": url, "canonical_url": url, "source": f"feed{i}",
                   "publisher": f"Outlet {i}", "title": f"Unrest report {i}",
                   "published_at": published, "fetched_at": published, "language": "en",
                   "text": sentence, "text_sha256": f"{i:064x}", "is_seed": False,
                   "story_id": -1, "content_sha256": f"page{i}", "extractor_version": "test"}],
        figures=[figure_row(-1, -1, f, f"page{i}")],
        alerts=[alert_row(c) for c in cands]))


def dump(db: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with reader(db) as conn:
        alerts = conn.execute(
            "SELECT id, kind, rule, metric, new_figure_id, old_figure_id, message, details, "
            "status, held_reason, group_key, status_note FROM alerts ORDER BY id").fetchall()
        evidence = conn.execute(
            "SELECT alert_id, side, side_key, figure_id, article_id, value, claim_maker "
            "FROM alert_evidence ORDER BY alert_id, figure_id").fetchall()
    return alerts, evidence


def test_attach_only_candidates_built_on_demand_leave_the_same_alerts(tmp_path: Path) -> None:
    dbs = {lazy: tmp_path / f"{lazy}.duckdb" for lazy in (True, False)}
    for lazy, db in dbs.items():
        for i in range(len(STORY)):
            with writer(db) as conn:
                one_run(conn, i, lazy=lazy)
    lazy_alerts, lazy_evidence = dump(dbs[True])
    eager_alerts, eager_evidence = dump(dbs[False])
    assert len(eager_alerts) >= 2 and len(eager_evidence) > 2 * len(eager_alerts)
    assert {a[8] for a in eager_alerts} >= {"open"}
    assert lazy_alerts == eager_alerts
    assert lazy_evidence == eager_evidence


def test_pending_candidates_are_settled_with_their_first_figure_that_may_attach() -> None:
    def held(i: int, fid: int, article: int) -> HeldFigure:
        sentence, value, who, day = STORY[i]
        f = figure(sentence, value, who)
        return HeldFigure(
            id=fid, article_id=article, story_id=article, duplicate_of=None, source=None,
            publisher=f"Outlet {article}", url=f"https://outlet{article}.example/a",
            title=None, published_at=datetime.fromisoformat(day).replace(tzinfo=UTC),
            is_seed=False, metric="killed", value=value, qualifier=f.qualifier, low=f.low,
            high=f.high, unit=None, attributed_to=who, as_of=None, period=None,
            sentence=sentence, span=str(value), content_sha256=None)
    figs = [held(i, i + 1, i + 1) for i in range(len(STORY))]
    cands = find_alerts(figs[7:], figs[:7], attachments=True)
    pending = [c for c in cands if c.pending]
    assert pending, "the later figures repeat sides of disagreements raised before"
    for c in pending:
        assert c.attach_only and c.message == "" and not c.evidence
        got = settle(c)
        if got is None:
            continue
        assert got.attach_only and got.message and got.group_key == c.group_key
        assert {e.figure_id for e in got.evidence} == {got.new_figure_id, got.old_figure_id}


def test_stored_claim_classes_and_dates_are_those_of_the_held_figures(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    for i in range(len(STORY)):
        with writer(db) as conn:
            one_run(conn, i, lazy=True)

    def check() -> int:
        with reader(db) as conn:
            rows, keys = held_claim_figures(conn, {group_of(claim_key(HeldFigure(
                id=0, article_id=0, story_id=None, duplicate_of=None, source=None,
                publisher=None, url=None, title=None, published_at=None, is_seed=False,
                metric="killed", value=40, qualifier="exact", low=40, high=40, unit=None,
                attributed_to=None, as_of=None, period=None, sentence=STORY[1][0], span="40",
                content_sha256=None)))})
        assert rows
        for r in rows:
            g = HeldFigure(**r)
            assert keys.classes[g.id] == classify(g)[0]
            assert keys.dates.get(g.id) == comparison_date(g), g.sentence
        return len(keys.dates)

    # 22:00 at UTC-4 is the next day in UTC: the stored date is the one a run reads
    assert check() == len(STORY)
    with writer(db) as conn:  # a warehouse from before migration 009
        conn.execute("UPDATE figures SET claim_class = NULL, claim_date = NULL")
        assert claim_groups.backfill(conn, chunk=5) == len(STORY)
    assert check() == len(STORY)
    with writer(db) as conn:  # an article's date changes: its figures' dates follow
        load_batch(conn, LoadBatch(article_updates=[
            {"id": 1, "published_at": datetime(2025, 9, 1, 3, tzinfo=UTC)}]))
        assert conn.execute("SELECT count(*) FROM figures WHERE claim_class IS NULL"
                            ).fetchall() == [(1,)]
        assert claim_groups.backfill(conn) == 1
    assert check() == len(STORY)


@pytest.mark.parametrize("unknown", ["class", "date"])
def test_held_figures_without_stored_class_or_date_are_read_from_their_text(
        tmp_path: Path, unknown: str) -> None:
    dbs = {k: tmp_path / f"{k}.duckdb" for k in ("stored", "unknown")}
    for k, db in dbs.items():
        for i in range(len(STORY)):
            with writer(db) as conn:
                if k == "unknown" and i:
                    conn.execute(f"UPDATE figures SET claim_{unknown} = NULL")
                one_run(conn, i, lazy=True)
    assert dump(dbs["stored"]) == dump(dbs["unknown"])


def test_stored_date_of_a_count_since_a_day_is_the_comparison_date() -> None:
    """An ``as_of`` naming the day a count starts is not its date (main's start-of-count
    rule): ``figures.claim_date`` stores the date the comparisons read, not the bare
    ``reference_date``, or a held figure's stored date would differ from a new one's."""
    sentence = "Since Thursday, January 8, the monitors have confirmed 41 prisoner releases."
    g = HeldFigure(
        id=1, article_id=1, story_id=None, duplicate_of=None, source=None, publisher=None,
        url=None, title=None, published_at=datetime(2026, 1, 14, 9, tzinfo=UTC),
        is_seed=False, metric="released", value=41, qualifier="exact", low=41, high=41,
        unit=None, attributed_to="the monitors", as_of=datetime(2026, 1, 8).date(),
        period=None, sentence=sentence, span="41", content_sha256=None)
    assert reference_date(g) == g.as_of  # what the bare rule gives
    assert comparison_date(g) != g.as_of
    assert claim_groups.figure_date(g) == comparison_date(g)
