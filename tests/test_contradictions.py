"""Sequences of figures in, alerts out (texts written for these tests)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest

from pipeline.contradictions import (
    AlertCandidate,
    HeldFigure,
    claim_key,
    claims_match,
    find_alerts,
    interval,
    reference_date,
)

_ids = itertools.count(1)


def fig(
    sentence: str,
    span: str,
    value: int,
    metric: str,
    *,
    qualifier: str = "exact",
    article: int,
    published: str | None,
    attributed_to: str | None = None,
    as_of: str | None = None,
    publisher: str | None = None,
    story: int | None = None,
    duplicate_of: int | None = None,
    is_seed: bool = False,
    unit: str | None = None,
    sha: str | None = None,
    period: str | None = None,
) -> HeldFigure:
    low: int = value
    high: int | None = value
    if qualifier in ("at_least", "more_than"):
        high = None
    return HeldFigure(
        id=next(_ids), article_id=article, story_id=story if story is not None else article,
        duplicate_of=duplicate_of, source="seed" if is_seed else f"feed-{article}",
        publisher=publisher or f"outlet{article}.example", url=f"https://outlet{article}.example/a",
        title=f"Article {article}",
        published_at=datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None,
        is_seed=is_seed, metric=metric, value=value, qualifier=qualifier, low=low, high=high,
        unit=unit, attributed_to=attributed_to,
        as_of=date.fromisoformat(as_of) if as_of else None, period=period, sentence=sentence,
        span=span, content_sha256=sha,
    )


def replay(batches: Sequence[Sequence[HeldFigure]]) -> list[AlertCandidate]:
    """Feed articles one after the other, as the pipeline does."""
    held: list[HeldFigure] = []
    out: list[AlertCandidate] = []
    for batch in batches:
        out.extend(find_alerts(batch, held))
        held.extend(batch)
    return out


SEED_TOLL = (
    "Rights monitors counted at least 28 people killed and nearly 200 hurt as troops broke "
    "up the marches across the country."
)


def seed_killed() -> HeldFigure:
    return fig(SEED_TOLL, "at least 28", 28, "killed", qualifier="at_least", article=1,
               published="2024-12-13", is_seed=True, publisher="Seed Wire")


# --- contradictions ------------------------------------------------------------------


def test_lower_toll_after_the_seed_is_a_contradiction_with_the_evidence() -> None:
    new = fig("Officials now put the toll of the post-election unrest at 24 killed.", "24", 24,
              "killed", article=2, published="2025-01-20", attributed_to="the interior ministry")
    alerts = replay([[seed_killed()], [new]])
    assert len(alerts) == 1
    a = alerts[0]
    assert (a.kind, a.metric, a.new_figure_id) == ("contradiction", "killed", new.id)
    assert a.rule in ("cumulative_decrease", "settled_toll")
    for text in ('"24"', '"at least 28"', SEED_TOLL, new.sentence, "https://outlet1.example/a",
                 "https://outlet2.example/a", "2024-12-13", "2025-01-20", "seed corpus",
                 "the interior ministry"):
        assert text in a.message
    assert a.details["new"]["value"] == 24 and a.details["old"]["value"] == 28
    assert a.details["old"]["qualifier"] == "at_least"
    assert a.details["old"]["interval"][1] == "∞"
    assert a.details["new"]["sentence"] == new.sentence
    assert a.details["rule"] == a.rule


def test_settled_toll_that_rises_much_later_is_a_contradiction() -> None:
    early = fig("The protests of that summer left 31 dead, the cabinet said.", "31", 31,
                "killed", article=2, published="2024-11-02", attributed_to="cabinet")
    first = fig("At least 5 people died on the first night of marches.", "At least 5", 5,
                "killed", qualifier="at_least", article=3, published="2024-07-30")
    late = fig("A year on, the marches are remembered for their 33 dead.", "33", 33, "killed",
               article=4, published="2025-10-01")
    alerts = replay([[first], [early], [late]])
    assert [(a.rule, a.new_figure_id, a.old_figure_id) for a in alerts] == [
        ("settled_toll", late.id, early.id)
    ]


def test_same_day_release_counts_that_cannot_both_hold() -> None:
    gov = fig("The prisons ministry said on Monday that 150 inmates had walked free.", "150",
              150, "released", article=2, published="2026-03-09",
              attributed_to="prisons ministry")
    ngo = fig("A monitoring group insists only 52 people have actually left the jails.", "52",
              52, "released", article=3, published="2026-03-09", attributed_to="Foro Penal")
    alerts = replay([[gov], [ngo]])
    assert [(a.kind, a.rule) for a in alerts] == [("contradiction", "disjoint_intervals")]


def test_running_total_since_a_date_that_falls_is_a_revision_of_its_claim_maker() -> None:
    # one named claim-maker (Foro Penal, quoted by two outlets) lowering its own running
    # total at a later date revises itself: kind revision, not a contradiction
    a = fig("By then the group had confirmed 310 releases since 8 March.", "310", 310,
            "released", article=2, published="2026-04-01", attributed_to="Foro Penal")
    b = fig("The group has confirmed 280 releases since March 8, it said on its site.", "280",
            280, "released", article=3, published="2026-04-10", attributed_to="Foro Penal")
    alerts = replay([[a], [b]])
    assert [(x.kind, x.rule, x.new_figure_id, x.old_figure_id) for x in alerts] == [
        ("revision", "self_revision", b.id, a.id)
    ]
    assert "cannot fall" in alerts[0].message


def test_two_stock_counts_for_the_same_date() -> None:
    a = fig("The group listed 1.900 political prisoners in its weekly report.", "1.900", 1900,
            "detained_current", article=2, published="2024-10-04", as_of="2024-10-01",
            attributed_to="Foro Penal")
    b = fig("The tally stood at 1,700 political prisoners on 1 October.", "1,700", 1700,
            "detained_current", article=3, published="2024-10-05", as_of="2024-10-01",
            attributed_to="a lawyers' network")
    alerts = replay([[a], [b]])
    assert [x.rule for x in alerts] == ["same_date_stock"]


def test_unknown_order_of_two_counts_since_the_same_day() -> None:
    a = fig("It had verified 210 releases since 3 May, the statement said.", "210", 210,
            "released", article=2, published="2026-05-20", attributed_to="Foro Penal")
    b = fig("The group put the releases since May 3 at 190.", "190", 190, "released",
            article=3, published=None, attributed_to="Foro Penal")
    alerts = replay([[a], [b]])
    assert [x.rule for x in alerts] == ["disjoint_intervals"]


# --- revisions -----------------------------------------------------------------------


def test_same_outlet_lowering_its_own_settled_toll_is_a_revision() -> None:
    first = fig("The unrest after the vote cost 30 lives, our count shows.", "30", 30,
                "killed", article=2, published="2024-09-20", publisher="Daily Example")
    second = fig("The unrest after the vote cost 26 lives, our count now shows.", "26", 26,
                 "killed", article=3, published="2024-11-30", publisher="Daily Example")
    alerts = replay([[first], [second]])
    assert [(a.kind, a.rule) for a in alerts] == [("revision", "self_revision")]
    assert "same outlet" in alerts[0].message


def test_page_whose_figure_changed_between_fetches_is_a_revision() -> None:
    v1 = fig("Guards released 64 detainees from the northern prison.", "64", 64, "released",
             article=5, published="2026-02-10", sha="aaa")
    v2 = fig("Guards released 46 detainees from the northern prison.", "46", 46, "released",
             article=5, published="2026-02-10", sha="bbb")
    alerts = replay([[v1], [v2]])
    assert [(a.kind, a.rule, a.new_figure_id, a.old_figure_id) for a in alerts] == [
        ("revision", "page_revision", v2.id, v1.id)
    ]


def test_page_fetched_again_with_the_same_figure_raises_nothing() -> None:
    v1 = fig("Guards released 64 detainees from the northern prison.", "64", 64, "released",
             article=5, published="2026-02-10", sha="aaa")
    v2 = fig("Guards freed 64 detainees from the northern prison, the report said.", "64", 64,
             "released", article=5, published="2026-02-10", sha="ccc")
    assert replay([[v1], [v2]]) == []


# --- no alert ------------------------------------------------------------------------


def test_compatible_qualifiers_do_not_alert() -> None:
    new = fig("Thirty deaths have been tied to the crackdown, 30 in all.", "30", 30, "killed",
              article=2, published="2025-01-10")
    assert replay([[seed_killed()], [new]]) == []
    more = fig("Officials say over 2,400 were taken into custody.", "over 2,400", 2400,
               "arrested", qualifier="more_than", article=3, published="2026-01-02")
    exact = fig("The crackdown saw 2.400 arrests, officials say.", "2.400", 2400, "arrested",
                article=4, published="2026-01-03")
    about = fig("Roughly 40 releases were confirmed by lawyers.", "Roughly 40", 40, "released",
                qualifier="about", article=5, published="2026-01-12", attributed_to="lawyers")
    close = fig("Lawyers have confirmed 41 releases.", "41", 41, "released", article=6,
                published="2026-01-12", attributed_to="Foro Penal")
    assert replay([[more], [exact], [about], [close]]) == []


def test_rising_toll_while_events_unfold_is_an_update() -> None:
    day1 = fig("At least 6 people have died in the marches, monitors say.", "At least 6", 6,
               "killed", qualifier="at_least", article=2, published="2024-07-30")
    day2 = fig("At least 11 people have died in the marches, monitors say.", "At least 11", 11,
               "killed", qualifier="at_least", article=3, published="2024-07-31")
    hurt1 = fig("The prosecutor said 40 demonstrators were hurt.", "40", 40, "injured",
                article=4, published="2024-07-30")
    hurt2 = fig("The prosecutor said 65 demonstrators were hurt.", "65", 65, "injured",
                article=5, published="2024-07-31")
    stale = fig("So far 40 demonstrators were hurt, the agency relayed.", "40", 40, "injured",
                article=6, published="2024-08-01")
    assert replay([[day1], [day2], [hurt1], [hurt2], [stale]]) == []


def test_stock_that_moves_between_dates_is_not_a_contradiction() -> None:
    a = fig("The group counted 1,900 political prisoners.", "1,900", 1900, "detained_current",
            article=2, published="2024-10-02", as_of="2024-10-01")
    b = fig("The group counted 1,850 political prisoners.", "1,850", 1850, "detained_current",
            article=3, published="2024-10-21", as_of="2024-10-20")
    c = fig("The group counted 1,990 political prisoners.", "1,990", 1990, "detained_current",
            article=4, published="2024-11-04", as_of="2024-11-03")
    assert replay([[a], [b], [c]]) == []


def test_other_definitions_are_other_claims() -> None:
    prisoners = fig("The group lists 1,849 political prisoners in its latest tally.", "1,849",
                    1849, "detained_current", article=2, published="2024-12-23",
                    as_of="2024-12-23", attributed_to="Foro Penal")
    arrests = fig("The government says more than 2,400 were arrested.", "more than 2,400",
                  2400, "arrested", qualifier="more_than", article=3, published="2024-12-23",
                  attributed_to="government")
    police = fig("The minister said 48 police officers were hurt in the clashes.", "48", 48,
                 "injured", article=4, published="2024-12-24")
    everyone = fig("Medics said about 200 people were hurt in the clashes.", "about 200", 200,
                   "injured", qualifier="about", article=5, published="2024-12-24")
    assert replay([[prisoners], [arrests], [police], [everyone]]) == []


def test_release_waves_of_other_dates_are_other_claims() -> None:
    batch = fig("The 103 inmates were let go over three days, from Tuesday to Thursday.",
                "103", 103, "released", article=2, published="2024-12-13",
                attributed_to="government")
    measures = fig("Court orders freed 225 detainees on 26 November under conditions.", "225",
                   225, "released", article=3, published="2024-11-27", as_of="2024-11-26",
                   attributed_to="prosecutor")
    assert replay([[measures], [batch]]) == []


def test_one_organisations_count_of_a_day_grows_as_it_verifies() -> None:
    early = fig("Foro Penal first reported at least 60 releases today.", "at least 60", 60,
                "released", qualifier="at_least", article=2, published="2026-01-25",
                attributed_to="Foro Penal")
    exact = fig("The group had reported 60 releases today by midday.", "60", 60, "released",
                article=3, published="2026-01-25", attributed_to="Foro Penal")
    later = fig("Foro Penal now says 85 prisoners left jail today.", "85", 85, "released",
                article=4, published="2026-01-25", attributed_to="Foro Penal")
    assert replay([[early], [exact], [later]]) == []


def test_breakdowns_and_other_metric_make_no_claim() -> None:
    part = fig("Of that total, 9 were teenagers.", "9", 9, "killed", article=2,
               published="2024-08-01")
    part_es = fig("De esa cifra, 120 son mujeres.", "120", 120, "detained_current", article=3,
                  published="2024-08-01")
    delta = fig("That is 19 more than last week.", "19", 19, "other", article=4,
                published="2024-08-01")
    assert claim_key(part) is None
    assert claim_key(part_es) is None
    assert claim_key(delta) is None
    assert replay([[seed_killed()], [part], [part_es], [delta]]) == []


# --- copies and stories --------------------------------------------------------------


def test_copies_and_own_story_never_alert() -> None:
    original = fig("Officials counted 27 dead in the unrest.", "27", 27, "killed", article=2,
                   published="2024-10-20")
    copy = fig("Officials counted 26 dead in the unrest.", "26", 26, "killed", article=3,
               published="2024-12-01", story=2, duplicate_of=2)
    version = fig("Officials counted 25 dead in the unrest, an update says.", "25", 25,
                  "killed", article=4, published="2024-12-02", story=2)
    assert replay([[original], [copy], [version]]) == []


def test_a_story_reprinted_by_many_outlets_is_one_source() -> None:
    reprints = [
        fig("The ministry said 150 inmates had walked free on Monday.", "150", 150, "released",
            article=10 + i, published="2026-03-09", story=10, attributed_to="ministry")
        for i in range(3)
    ]
    ngo = fig("The monitors insist only 52 inmates left prison on Monday.", "52", 52,
              "released", article=20, published="2026-03-09", attributed_to="Foro Penal")
    alerts = replay([[r] for r in reprints] + [[ngo]])
    assert len(alerts) == 1
    assert alerts[0].old_figure_id == reprints[0].id


def test_a_figure_repeated_in_one_article_alerts_once() -> None:
    headline = fig("Only 52 inmates freed, monitors say", "52", 52, "released", article=20,
                   published="2026-03-09", attributed_to="Foro Penal")
    body = fig("The monitors insist only 52 inmates left prison on Monday.", "52", 52,
               "released", article=20, published="2026-03-09", attributed_to="Foro Penal")
    gov = fig("The ministry said 150 inmates had walked free on Monday.", "150", 150,
              "released", article=10, published="2026-03-09", attributed_to="ministry")
    alerts = replay([[gov], [headline, body]])
    assert len(alerts) == 1


def test_the_same_pair_is_never_returned_twice() -> None:
    gov = fig("The ministry said 150 inmates had walked free on Monday.", "150", 150,
              "released", article=10, published="2026-03-09", attributed_to="ministry")
    ngo = fig("The monitors insist only 52 inmates left prison on Monday.", "52", 52,
              "released", article=20, published="2026-03-09", attributed_to="Foro Penal")
    alerts = find_alerts([ngo, ngo], [gov])
    assert len({(a.new_figure_id, a.old_figure_id) for a in alerts}) == len(alerts) == 1


# --- the pieces ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "span", "metric", "expect"),
    [
        ("The group has logged 17.000 political arrests since 2014.", "17.000", "arrested",
         ("since", frozenset(), "2014")),
        ("The minister said 48 police officers were hurt.", "48", "injured",
         ("event", frozenset({"security_forces"}), None)),
        ("Unos 30 militares resultaron heridos en Maracay.", "30", "injured",
         ("event", frozenset({"security_forces", "place:maracay"}), None)),
        ("Nearly 150 were hurt as soldiers charged the crowd.", "Nearly 150", "injured",
         ("event", frozenset(), None)),
        ("Medics say 9 marchers were shot dead by police.", "9", "killed",
         ("event", frozenset(), None)),
        ("Unas 90 personas salieron de la cárcel de Tocorón.", "90", "released",
         ("wave", frozenset({"place:tocoron"}), None)),
        ("The group has confirmed 143 releases since January 8.", "143", "released",
         ("total", frozenset(), "01-08")),
        ("Durante el mes de diciembre se concretaron unas 180 excarcelaciones.", "unas 180",
         "released", ("month", frozenset(), "12")),
        ("Se calcula que 60 adolescentes siguen presos.", "60", "minors_detained",
         ("stock", frozenset({"minors"}), None)),
    ],
)
def test_claim_key(sentence: str, span: str, metric: str, expect: tuple[Any, ...]) -> None:
    k = claim_key(fig(sentence, span, 1, metric, article=1, published="2026-01-10"))
    assert k is not None
    assert (k.scope, k.subgroup, k.start) == expect


def test_claims_match_starts_and_organisations() -> None:
    def key(sentence: str, attributed: str | None) -> Any:
        return claim_key(fig(sentence, "300", 300, "released", article=1,
                             published="2026-02-01", attributed_to=attributed))

    since_jan = key("It counts 300 releases since early January.", "Foro Penal")
    since_8 = key("It counts 300 releases since 8 January.", "Foro Penal")
    since_dec = key("It counts 300 releases since December.", "government")
    tally = key("Up to 26 January it had confirmed 300 releases in total.", "Foro Penal")
    other_tally = key("Up to 26 January it had confirmed 300 releases in total.", "government")
    assert claims_match(since_jan, since_8)
    assert not claims_match(since_jan, since_dec)
    assert claims_match(tally, since_8)
    assert not claims_match(other_tally, since_8)


def test_intervals_and_reference_dates() -> None:
    at_least = fig("At least 28 died.", "At least 28", 28, "killed", qualifier="at_least",
                   article=1, published="2024-12-13")
    lo, hi = interval(at_least)
    assert lo <= 28 and hi == float("inf")
    nearly = fig("Nearly 200 were hurt.", "Nearly 200", 200, "injured", qualifier="nearly",
                 article=1, published="2024-12-13")
    assert interval(nearly)[0] < 190 and interval(nearly)[1] >= 200
    monday = fig("The ministry said on Monday that 116 had left.", "116", 116, "released",
                 article=1, published="2026-01-14")
    assert reference_date(monday) == date(2026, 1, 12)
    yesterday = fig("Ayer salieron 30 presos.", "30", 30, "released", article=1,
                    published="2026-01-14")
    assert reference_date(yesterday) == date(2026, 1, 13)


def test_a_date_without_a_year_in_an_undated_article_is_placed_near_the_other() -> None:
    later = fig("This morning the group recorded 350 releases since early March.", "350", 350,
                "released", article=2, published="2026-04-04", as_of="2026-04-04",
                attributed_to="Foro Penal")
    undated = fig("As of March 27, the group had confirmed 910 releases in total.", "910", 910,
                  "released", article=3, published=None, attributed_to="Foro Penal")
    alerts = replay([[later], [undated]])
    assert [a.rule for a in alerts] == ["cumulative_decrease"]
    assert "2026-03-27" in alerts[0].message


def test_seed_then_a_lower_toll_through_the_extractor() -> None:
    """The issue's example end to end: the seed's figures are the first observations."""
    figures = pytest.importorskip("pipeline.figures")
    from pathlib import Path

    seed_file = sorted((Path(__file__).parents[1] / "seeds" / "corpus").glob("*.txt"))[0]
    seed_text = "\n".join(seed_file.read_text(encoding="utf-8").splitlines()[2:])
    new_text = (
        "Caracas, January 20 (Example Wire) - The interior ministry said on Monday that 24 "
        "people were killed in the post-election protests, fewer than rights groups count."
    )
    batches = []
    for aid, (text, day, is_seed) in enumerate(
        [(seed_text, date(2024, 12, 13), True), (new_text, date(2025, 1, 20), False)], start=1
    ):
        batches.append([
            HeldFigure(
                id=aid * 100 + i, article_id=aid, story_id=aid, duplicate_of=None,
                source="seed" if is_seed else "wire", publisher=f"outlet{aid}",
                url=f"https://outlet{aid}.example/a", title=None,
                published_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
                is_seed=is_seed, metric=f.metric, value=f.value, qualifier=f.qualifier,
                low=f.low, high=f.high, unit=f.unit, attributed_to=f.attributed_to,
                as_of=f.as_of, period=f.period, sentence=f.sentence, span=f.span,
                content_sha256=None,
            )
            for i, f in enumerate(figures.extract_figures(text, language="en", published=day))
        ])
    alerts = replay(batches)
    killed = [a for a in alerts if a.metric == "killed"]
    assert len(killed) == 1 and killed[0].kind == "contradiction"
    assert killed[0].details["old"]["is_seed"] and killed[0].details["new"]["value"] == 24
    assert [a for a in alerts if a.metric != "killed"] == []


@pytest.mark.parametrize(
    ("sentence", "span", "metric", "breakdown"),
    [
        ("Three of them were teenagers, the group said.", "Three", "killed", True),
        ("Del total, 300 son mujeres.", "300", "detained_current", True),
        ("Of the 1,200 held, 150 are soldiers.", "150", "detained_current", True),
        ("Del total de 1.700 presos, la mayoría son civiles.", "1.700", "detained_current",
         False),
        ("More than a hundred of the detainees walked out on Saturday.", "More than a hundred",
         "released", False),
    ],
)
def test_breakdowns(sentence: str, span: str, metric: str, breakdown: bool) -> None:
    key = claim_key(fig(sentence, span, 1, metric, article=1, published="2024-10-01"))
    assert (key is None) is breakdown


def test_two_of_the_dead_were_minors_is_a_subgroup() -> None:
    key = claim_key(fig("Two of the dead were minors, monitors said.", "Two", 2, "killed",
                        article=1, published="2024-08-01"))
    assert key is not None and key.subgroup == frozenset({"minors"})


# --- figures-2 regressions: partial counts and breakdowns are not the national count ----


def test_releases_in_a_recent_window_are_not_the_running_count() -> None:
    national = fig("The prosecutor's office said 310 detainees were granted conditional release on "
                   "March 3.", "310", 310, "released", article=2, published="2025-03-04",
                   as_of="2025-03-03", attributed_to="the prosecutor's office", publisher="Wire A")
    week = fig("Durante la última semana la ONG verificó la excarcelación de 45 personas.", "45", 45,
               "released", article=3, published="2025-03-04", as_of="2025-03-03",
               attributed_to="Foro Penal", publisher="Wire A")
    assert claim_key(week) is not None and claim_key(week).scope == "window"  # type: ignore[union-attr]
    assert replay([[national], [week]]) == []


def test_same_window_same_day_can_still_contradict() -> None:
    a = fig("In the past week 45 prisoners were released, the group said.", "45", 45, "released",
            article=2, published="2025-03-04", attributed_to="Foro Penal")
    b = fig("In the past week 130 prisoners were released, the ministry said.", "130", 130,
            "released", article=3, published="2025-03-04", attributed_to="the ministry")
    assert [x.rule for x in replay([[a], [b]])] == ["disjoint_intervals"]


def test_a_count_at_one_prison_is_not_the_national_count() -> None:
    national = fig("Officials said 310 detainees walked free across the country.", "310", 310,
                   "released", article=2, published="2025-03-04")
    prison = fig("En la cárcel de Tocorón salieron entre 15 y 20 liberados el sábado.", "entre 15 y 20",
                 15, "released", qualifier="at_least", article=3, published="2025-03-04")
    assert replay([[national], [prison]]) == []


def test_soldiers_among_the_dead_are_a_subgroup_of_the_toll() -> None:
    total = fig("The cabinet said 30 people died in the unrest, among them three soldiers.", "30", 30,
                "killed", article=2, published="2025-03-04", attributed_to="the cabinet")
    part = fig("The cabinet said 30 people died in the unrest, among them three soldiers.", "three",
               3, "killed", article=2, published="2025-03-04", attributed_to="the cabinet")
    later = fig("Officials repeated that three soldiers died in the unrest.", "three", 3, "killed",
                article=3, published="2025-03-20")
    assert replay([[total, part], [later]]) == []


def test_minors_held_fall_between_balances_without_alert() -> None:
    a = fig("Entre los presos políticos hay 60 adolescentes.", "60", 60, "minors_detained",
            article=2, published="2024-10-25", as_of="2024-10-21", attributed_to="Foro Penal")
    b = fig("Seguimos contabilizando 31 adolescentes privados de libertad.", "31", 31,
            "minors_detained", article=3, published="2024-12-24", attributed_to="Foro Penal")
    assert replay([[a], [b]]) == []


def test_a_place_named_before_the_number_scopes_the_count() -> None:
    national = fig("Officials said 310 detainees walked free across the country on Sunday.", "310", 310,
                   "released", article=2, published="2025-03-04")
    for k, (sentence, span, value) in enumerate((
        ("En la cárcel de San Juan salieron entre 15 y 20 presos el domingo.", "entre 15 y 20", 15),
        ("In Lara state, 30 detainees walked free on Sunday.", "30", 30),
        ("At the Yare prison, 30 detainees walked free on Sunday.", "30", 30),
    )):
        part = fig(sentence, span, value, "released", article=10 + k, published="2025-03-04")
        key = claim_key(part)
        assert key is not None and any(g.startswith("place:") for g in key.subgroup), sentence
        assert replay([[national], [part]]) == [], sentence
    whole = fig("In Venezuela, 30 detainees walked free on Sunday.", "30", 30, "released", article=20,
                published="2025-03-04")
    assert claim_key(whole).subgroup == frozenset()  # type: ignore[union-attr]


def test_a_part_named_at_the_start_of_the_sentence_is_a_breakdown() -> None:
    for sentence, span, value in (
        ("De los presos políticos registrados, 1.500 están detenidos por hechos poselectorales.", "1.500", 1500),
        ("Of the political prisoners on the list, 1,500 were arrested after the vote.", "1,500", 1500),
    ):
        f = fig(sentence, span, value, "detained_current", article=1, published="2025-01-01")
        assert claim_key(f) is None, sentence
    whole = fig("De acuerdo con la ONG, 1.800 personas siguen presas.", "1.800", 1800, "detained_current",
                article=1, published="2025-01-01")
    assert claim_key(whole) is not None


def test_a_spelled_number_inside_a_word_is_not_the_span() -> None:
    f = fig("Entre los fallecidos hay dos militares.", "dos", 2, "killed", article=1, published="2025-01-01")
    key = claim_key(f)
    assert key is not None and key.subgroup == frozenset({"security_forces"})


def test_source_label_names_one_source_across_languages_and_wordings() -> None:
    from pipeline.claims import source_label

    for said in ("el Gobierno", "the government", "Government numbers",
                 "Attorney General Tarek William Saab", "el Ministerio Penitenciario"):
        assert source_label(said) == "Government", said
    for said in ("the legal aid group Foro Penal", "Foro Penal", "Alfredo Romero"):
        assert source_label(said) == "Foro Penal", said
    assert source_label("the Inter-American Commission") == "Inter-American Commission"
    assert source_label(None) is None and source_label("  ") is None


def test_a_day_without_a_year_dates_the_side_in_the_message() -> None:
    # "up to March 3" in an undated article is placed by the other figure's date: the
    # message's EARLIER/LATER lines give the dates the rule compared, not "date unknown"
    early = fig("Up to March 3, the group had confirmed the release of 600 prisoners.", "600", 600,
                "released", article=1, published=None, attributed_to="Foro Penal")
    late = fig("This morning the group counted 250 prisoners released since early February.", "250",
               250, "released", article=2, published="2026-03-12", attributed_to="Foro Penal")
    (a,) = replay([[early], [late]])
    assert a.rule == "cumulative_decrease"
    assert 'EARLIER, 2026-03-03: "600"' in a.message and 'LATER, 2026-03-12: "250"' in a.message
