"""The claim index of ``find_alerts`` (``FigureIndex``): the same alerts as comparing
every held figure of a claim, at a cost that does not grow with the claim's history.

Texts written for these tests."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from pipeline.contradictions import AlertCandidate, FigureIndex, HeldFigure, find_alerts

#: sentences of several kinds of count (event tolls, a stock, release waves and totals,
#: a recent window), a few naming a day or a date without a year
TEMPLATES = (
    ("Police said {v} people were killed in the clashes.", "killed"),
    ("Medics said {v} people were injured on Monday.", "injured"),
    ("At least {v} people remain in detention, the lawyers said.", "detained_current"),
    ("Foro Penal said {v} prisoners were released on Sunday.", "released"),
    ("Since January 8, {v} people have been released, Foro Penal said.", "released"),
    ("In total {v} people have been released, the government said.", "released"),
    ("In the last week, {v} people were released.", "released"),
    ("Up to January 26, {v} people were killed in the protests.", "killed"),
    ("Officials said {v} people were arrested yesterday.", "arrested"),
)
SOURCES = (None, None, "Foro Penal", "the government", "a statement", "the UN office")
QUALIFIERS = ("exact", "exact", "exact", "at_least", "about", "more_than", "nearly", "fewer_than")


def figure(i: int, rng: random.Random, *, day0: date) -> HeldFigure:
    text, metric = TEMPLATES[rng.randrange(len(TEMPLATES))]
    value = rng.choice((rng.randint(20, 30), rng.randint(5, 200)))
    q = rng.choice(QUALIFIERS)
    article = rng.randint(1, 400)
    published = (None if rng.random() < 0.15 else datetime.combine(
        day0 + timedelta(days=rng.randint(0, 90)), datetime.min.time(), tzinfo=UTC))
    return HeldFigure(
        id=i, article_id=article, story_id=article if rng.random() < 0.8 else article // 2,
        duplicate_of=None if rng.random() < 0.95 else article + 1,
        source=f"feed{article % 5}", publisher=f"outlet{article % 7}.example",
        url=f"https://outlet{article % 7}.example/{article}", title=f"Report {article}",
        published_at=published, is_seed=rng.random() < 0.03, metric=metric, value=value,
        qualifier=q, low=value, high=None if q in ("at_least", "more_than") else value,
        unit=None, attributed_to=rng.choice(SOURCES),
        as_of=(day0 + timedelta(days=rng.randint(0, 90))) if rng.random() < 0.1 else None,
        period=None, sentence=text.format(v=value), span=str(value),
        content_sha256=f"sha{article}-{rng.randint(0, 1)}",
        claim_status="part" if rng.random() < 0.03 else "headline",
    )


def replay(batches: list[list[HeldFigure]], *, full_scan: bool
           ) -> tuple[list[AlertCandidate], int]:
    held = FigureIndex(full_scan=full_scan)
    out: list[AlertCandidate] = []
    for batch in batches:
        out.extend(find_alerts(batch, held, attachments=True))
        held.extend(batch)
    return out, held.inspected


def test_index_raises_what_comparing_every_figure_raises() -> None:
    rng = random.Random(7)
    figs = [figure(i, rng, day0=date(2025, 1, 2)) for i in range(1, 1601)]
    batches = [figs[i:i + rng.randint(1, 6)] for i in range(0, len(figs), 4)]
    batches = [b for b in batches if b]
    indexed, inspected = replay(batches, full_scan=False)
    full, every = replay(batches, full_scan=True)
    assert len(full) > 50  # the data raise alerts of several rules
    assert len({c.rule for c in full}) >= 4
    assert indexed == full
    assert inspected < every / 3


def _toll(i: int, value: int, day: date | None, source: str | None = None) -> HeldFigure:
    return HeldFigure(
        id=i, article_id=i, story_id=i, duplicate_of=None, source=f"feed{i}",
        publisher=f"outlet{i}.example", url=f"https://outlet{i}.example/a", title=f"Toll {i}",
        published_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC) if day else None,
        is_seed=False, metric="killed", value=value, qualifier="exact", low=value, high=value,
        unit=None, attributed_to=source, as_of=None, period=None,
        sentence=f"Police said {value} people were killed in the clashes.", span=str(value),
        content_sha256=None)


def test_a_new_figure_inspects_a_bounded_number_of_its_claims_20000_figures() -> None:
    """A toll reported 20,000 times as it grew (10 to 50 over 40 days), and three
    figures that disagree: a new figure is compared with those that can conflict with
    it, not with the 20,000."""
    day0 = date(2025, 1, 1)
    held = [_toll(i, 10 + i * 40 // 20_000, day0 + timedelta(days=i * 40 // 20_000))
            for i in range(1, 20_001)]
    held += [_toll(20_001, 90, day0 + timedelta(days=5), "the UN office"),
             _toll(20_002, 95, day0 + timedelta(days=9)),
             _toll(20_003, 3, day0 + timedelta(days=39), "a statement")]
    cases = [
        _toll(30_001, 50, day0 + timedelta(days=40)),  # the latest count again
        _toll(30_002, 52, day0 + timedelta(days=41)),  # an update
        _toll(30_003, 44, None),  # no date: nothing can conflict before the toll settles
    ]
    index, full = FigureIndex(held), FigureIndex(held, full_scan=True)
    for new in cases:  # (find_alerts leaves the index it is given as it was)
        index.inspected = full.inspected = 0
        got = find_alerts([new], index)
        assert got == find_alerts([new], full)
        assert full.inspected >= 20_000  # the counter counts what _compare sees
        assert index.inspected <= 5, (new, index.inspected)
        if new.id == 30_001:  # the disagreeing figures are inspected, and raise alerts
            assert {a.old_figure_id for a in got} >= {20_001, 20_002}
