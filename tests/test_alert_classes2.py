"""More classes behind missed alerts (issue 10, h29), on sentences written for these
tests in English and Spanish: two exact reports of one day's count (an outlet misreporting
a claim-maker's number) while the event is still unfolding."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from pipeline.claims import HeldFigure
from tests.test_alert_classes import fig, replay

# one briefing, written up by two outlets: the second transposes two digits
SAME_DAY = [
    ("en",
     ("The attorney general told reporters that 1,415 people had been arrested over the "
      "unrest as of Monday.", "1,415", 1415),
     ("According to the attorney general, 1,451 people were detained in the unrest up to "
      "Monday.", "1,451", 1451)),
    ("es",
     ("El fiscal general informó que 1.415 personas fueron detenidas por los disturbios "
      "hasta el lunes.", "1.415", 1415),
     ("Según el fiscal general, hasta el lunes había 1.451 detenidos por los disturbios.",
      "1.451", 1451)),
]


def _pair(a: tuple[str, str, int], b: tuple[str, str, int], *, who_a: str, who_b: str,
          as_of_b: date | None = date(2025, 3, 3), qualifier_b: str = "exact"
          ) -> tuple[HeldFigure, HeldFigure]:
    x = replace(fig(*a, "arrested", article=1, published="2025-03-04", who=who_a),
                as_of=date(2025, 3, 3))
    y = replace(fig(*b, "arrested", article=2, published="2025-03-04", who=who_b,
                    qualifier=qualifier_b), as_of=as_of_b)
    return x, y


@pytest.mark.parametrize(("lang", "a", "b"), SAME_DAY)
def test_two_exact_reports_of_one_day_by_one_claim_maker_are_pushed(lang: str, a, b) -> None:
    x, y = _pair(a, b, who_a="Tarek William Saab", who_b="fiscal general Tarek William Saab")
    alerts = replay([[x], [y]])
    got = [(al.kind, al.rule, al.status) for al in alerts]
    assert got == [("contradiction", "same_day_count", "open")], (lang, got)
    assert "2025-03-03" in alerts[0].message


@pytest.mark.parametrize(("lang", "a", "b"), SAME_DAY)
def test_two_claim_makers_on_one_day_are_held_not_pushed(lang: str, a, b) -> None:
    x, y = _pair(a, b, who_a="Tarek William Saab", who_b="Foro Penal")
    alerts = replay([[x], [y]])
    assert [(al.rule, al.status) for al in alerts] == [("same_day_count", "review")], lang
    assert "two claim-makers" in (alerts[0].held_reason or "")


@pytest.mark.parametrize(("lang", "a", "b"), SAME_DAY)
def test_an_outlets_own_figure_on_the_same_day_is_held(lang: str, a, b) -> None:
    x, y = _pair(a, b, who_a="Tarek William Saab", who_b=None)
    assert [al.status for al in replay([[x], [y]])] == ["review"], lang


@pytest.mark.parametrize(("lang", "a", "b"), SAME_DAY)
def test_a_figure_dated_only_by_its_article_is_a_relay(lang: str, a, b) -> None:
    # no day in its own text: it may relay an older count, as before
    x, y = _pair(a, b, who_a="Tarek William Saab", who_b="Tarek William Saab", as_of_b=None)
    assert replay([[x], [y]]) == [], lang


@pytest.mark.parametrize(("lang", "a", "b"), SAME_DAY)
def test_a_hedged_figure_of_the_same_day_is_no_alert(lang: str, a, b) -> None:
    hedged = (("About 1,500 people had been arrested as of Monday, the attorney general said.",
               "About 1,500", 1500) if lang == "en" else
              ("Unas 1.500 personas estaban detenidas hasta el lunes, según el fiscal general.",
               "Unas 1.500", 1500))
    x, y = _pair(a, hedged, who_a="Tarek William Saab", who_b="Tarek William Saab",
                 qualifier_b="about")
    assert replay([[x], [y]]) == [], lang
