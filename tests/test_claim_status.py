"""Claim status and push-only-what-holds (issue 10).

Sentences are written for these tests. A figure is a headline claim, a part of another
figure (with ``part_of``), a subgroup, or uncertain; a conflict is pushed to a channel only
between two headline claims that nothing suggests count different things, the rest is
stored with status ``review`` and shown by ``v_possible_conflicts`` / ``alerts --review``.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from flows.ingest import alert_delivery_rows
from newstally.cli import main
from pipeline.claims import HeldFigure, classify
from pipeline.contradictions import find_alerts, review_reasons
from pipeline.figures import extract_figures
from pipeline.process import _bare_held, figure_row, part_of_ids
from warehouse.db import reader, writer
from warehouse.load import LoadBatch, load_batch

NOW = datetime(2025, 1, 2, 12, tzinfo=UTC)


def _status(text: str, lang: str) -> list[tuple[int, str, int | None]]:
    return [(f.value, classify(_bare_held(f))[0], f.part_of)
            for f in extract_figures(text, language=lang) if f.metric != "other"]


@pytest.mark.parametrize(("text", "lang", "want"), [
    ("The monitor tallies 1,900 inmates it considers political prisoners, of whom 1,650 are men and 250 women.", "en",
     [(1900, "headline", None), (1650, "part", 0), (250, "part", 0)]),
    ("La organización registra 1.900 reclusos por motivos políticos, de los cuales 1.650 son varones y 250 mujeres.",
     "es", [(1900, "headline", None), (1650, "part", 0), (250, "part", 0)]),
    ("The monitor tallies 1,900 inmates it considers political prisoners. Those held include 1,700 civilians and 200 "
     "military personnel.", "en", [(1900, "headline", None), (1700, "part", 0), (200, "part", 0)]),
    ("Entre los detenidos figuran 97 adolescentes, 12 indígenas y 140 mujeres.", "es",
     [(97, "part", None), (12, "part", None), (140, "part", None)]),
    ("Three of the detainees died in custody, the group said.", "en", [(3, "part", None)]),
    ("Otras tres mujeres fallecieron bajo custodia, denunció la ONG.", "es", [(3, "part", None)]),
    ("Police arrested 1,300 people after the vote, the prosecutor said.", "en",
     [(1300, "headline", None)]),
    ("La policía detuvo a 1.300 personas tras la votación, dijo el fiscal.", "es",
     [(1300, "headline", None)]),
])
def test_claim_status_from_the_text(text: str, lang: str, want: list) -> None:
    assert _status(text, lang) == want


@pytest.mark.parametrize(("text", "lang", "group"), [
    ("Security forces arrested 120 minors during the protests.", "en", "minors"),
    ("Las fuerzas de seguridad detuvieron a 120 menores durante las protestas.", "es", "minors"),
    ("So far this year 14 media workers have been detained, the union said.", "en", "journalists"),
    ("Este año ya fueron arrestados 14 comunicadores, según el gremio de prensa.", "es", "journalists"),
    ("Police arrested 40 people during the campaign, the group said.", "en", "pre-election"),
    ("La policía detuvo a 40 personas antes de las elecciones, dijo la ONG.", "es", "pre-election"),
    ("Security forces arrested 86 opposition activists in the months before the vote.", "en",
     "pre-election"),
    ("Las fuerzas de seguridad arrestaron a 86 activistas opositores en los meses previos a la "
     "votación.", "es", "pre-election"),
    ("Five people have died in custody since the election, the group said.", "en", "in-custody"),
    ("Desde la elección fallecieron cinco reclusos bajo custodia, dijo la ONG.", "es", "in-custody"),
    ("At least 30 women are among the political prisoners, the group said.", "en", "women"),
    ("Solo en el penal de Tocorón hay 400 detenidos desde la votación.", "es", "place:tocoron"),
    ("Eight foreign nationals were freed on Thursday as part of a prisoner exchange.", "en",
     "foreigners"),
    ("Ocho extranjeros fueron liberados el jueves como parte de un canje de prisioneros.", "es",
     "foreigners"),
])
def test_subgroups_and_scopes_are_not_headline_claims(text: str, lang: str, group: str) -> None:
    (f,) = [f for f in extract_figures(text, language=lang) if f.metric != "other"]
    status, why = classify(_bare_held(f))
    assert status == "subgroup" and group in why[0], (status, why)


def _fig(fid: int, article: int, value: int, sentence: str, *, who: str | None,
         published: str, status: str = "headline", metric: str = "released") -> HeldFigure:
    return HeldFigure(
        id=fid, article_id=article, story_id=article, duplicate_of=None, source=f"feed{article}",
        publisher=f"outlet{article}.example", url=f"https://outlet{article}.example/a",
        title="t", published_at=datetime.fromisoformat(published).replace(tzinfo=UTC),
        is_seed=False, metric=metric, value=value, qualifier="exact", low=value, high=value,
        unit=None, attributed_to=who, as_of=None, period=None, sentence=sentence, span=str(value),
        content_sha256=None, claim_status=status,
        claim_reasons="a part of the 900 before it in the sentence" if status == "part" else None,
    )


OLD = "Foro Penal said 138 inmates had been freed since January 9."
NEW = "Foro Penal said on Monday that 151 inmates had been freed since January 9."


def test_two_headline_claims_of_one_claim_maker_are_pushed() -> None:
    old = _fig(1, 1, 138, OLD, who="Foro Penal", published="2026-01-12")
    new = _fig(2, 2, 120, NEW.replace("151", "120"), who="Foro Penal", published="2026-01-14")
    (a,) = find_alerts([new], [old])
    assert a.status == "open" and a.held_reason is None


def test_a_part_a_tenfold_gap_or_two_tallies_are_held_for_review() -> None:
    old = _fig(1, 1, 138, OLD, who="Foro Penal", published="2026-01-12")
    part = _fig(2, 2, 120, NEW.replace("151", "120"), who="Foro Penal", published="2026-01-14",
                status="part")
    # a breakdown is one join from its total, never its rival: no alert at all (as for the
    # breakdowns claim_key reads itself, "two of them")
    assert find_alerts([part], [old]) == []
    assert any("figure is a part claim" in r
               for r in review_reasons(part, old, "cumulative_decrease"))
    tiny = _fig(3, 3, 9, NEW.replace("151", "9"), who="Foro Penal", published="2026-01-14")
    # an order of magnitude apart: two populations, not one count disputed — not even
    # raised for review (h14)
    assert find_alerts([tiny], [old]) == []
    other = _fig(4, 4, 120, "The government said 120 inmates had been freed since January 9.",
                 who="the government", published="2026-01-14")
    assert any("two claim-makers" in r for r in review_reasons(other, old, "cumulative_decrease"))
    assert review_reasons(_fig(5, 5, 120, NEW, who="Foro Penal", published="2026-01-14"), old,
                          "cumulative_decrease") == []


def _batch(status: str, reason: str | None) -> LoadBatch:
    text = "Foro Penal counted 900 political prisoners, of whom 800 are men, on 23 December."
    figs = [f for f in extract_figures(text, language="en", published=date(2024, 12, 24))]
    fids = [-1 - i for i in range(len(figs))]
    rows = [{**figure_row(fid, -1, f, None, part_of_ids(f, fids))} for f, fid in zip(figs, fids, strict=True)]
    return LoadBatch(
        run={"id": "r1", "started_at": NOW, "finished_at": NOW, "summary": {"ok": True}},
        sources=[{"name": "s", "url": "http://x/feed", "kind": "rss", "language": "en"}],
        articles=[{"id": -1, "url": "http://x/a", "canonical_url": "http://x/a", "text": text,
                   "text_sha256": "t", "is_seed": False, "story_id": -1, "published_at": NOW}],
        figures=rows,
        alerts=[{"kind": "contradiction", "metric": "detained_current", "new_figure_id": fids[1],
                 "old_figure_id": fids[0], "rule": "same_date_stock", "message": "m",
                 "details": {"why": "test"}, "status": status, "held_reason": reason}],
    )


def test_review_conflicts_are_stored_listed_and_never_delivered(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    with writer(db) as conn:
        load_batch(conn, _batch("review", "the newer figure is a part claim"))
    with reader(db) as conn:
        figs = conn.execute("SELECT id, value, claim_status, part_of_figure_id, claim_reasons "
                            "FROM figures ORDER BY value DESC").fetchall()
        (total, part) = figs
        assert total[2] == "headline" and total[3] is None
        assert part[2] == "part" and part[3] == total[0] and "900" in part[4]
        review = conn.execute("SELECT held_reason, new_claim_status FROM v_possible_conflicts").fetchall()
        assert review == [("the newer figure is a part claim", "part")]
        assert conn.execute("SELECT count(*) FROM v_open_alerts").fetchall() == [(0,)]
        # the views show headline claims; the breakdown is one join away in figures
        assert conn.execute("SELECT value FROM v_figures").fetchall() == [(900,)]
        assert alert_delivery_rows(conn) == []
    out = CliRunner().invoke(main, ["alerts", "--review", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    (row,) = [json.loads(line) for line in out.output.splitlines() if line.strip()]
    assert row["held_reason"] == "the newer figure is a part claim"


def test_pushed_conflicts_are_delivered(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    with writer(db) as conn:
        load_batch(conn, _batch("open", None))
    with reader(db) as conn:
        assert len(alert_delivery_rows(conn)) == 1
        assert conn.execute("SELECT count(*) FROM v_possible_conflicts").fetchall() == [(0,)]


def test_alert_text_orders_sides_by_their_dates_and_says_why_it_is_one_claim() -> None:
    later = _fig(1, 1, 151, NEW, who="Foro Penal", published="2026-01-20")
    earlier = _fig(2, 2, 200, OLD.replace("138", "200"), who="Foro Penal", published="2026-01-12")
    (a,) = find_alerts([earlier], [later])  # ingested in the other order
    msg = a.message
    # "on Monday" in the later sentence is the 19th, the date it refers to
    assert msg.index("EARLIER, 2026-01-12: \"200\"") < msg.index("LATER, 2026-01-19: \"151\"")
    assert "Same claim: both count people released as a running total since 9 January" in msg
    assert "intervals" not in msg and "[151, 151]" not in msg


@pytest.mark.parametrize(("text", "lang"), [
    ("The rights group counted no fewer than 31 dead: 26 in the street protests and five in "
     "state custody.", "en"),
    ("La ONG contó no menos de 31 fallecidos: 26 durante las marchas y cinco "
     "detenidos que murieron bajo custodia del Estado.", "es"),
])
def test_deaths_in_custody_are_their_own_count_beside_the_protest_toll(text: str, lang: str) -> None:
    from pipeline.claims import claim_key

    keys = {f.value: claim_key(_bare_held(f)) for f in extract_figures(text, language=lang)}
    assert "incl-custody" in keys[31].subgroup  # the total counts both
    assert keys[26].subgroup == frozenset()  # the protest toll itself
    assert keys[5].subgroup == frozenset({"in-custody"})  # "del Estado" is no place


def test_a_revision_quoted_by_two_outlets_names_the_claim_maker_not_an_outlet() -> None:
    old = _fig(1, 1, 2400, "Officials put the arrests made since the vote at 2,400.",
               who="the government", published="2024-10-25", metric="arrested")
    new = _fig(2, 2, 2000, "On Friday officials put the arrests made since the vote "
               "at 2,000.", who="the government", published="2024-12-13", metric="arrested")
    (a,) = find_alerts([new], [old])
    assert a.kind == "revision", a
    assert "the same claim-maker (" in a.message and "the same outlet" not in a.message, a.message
