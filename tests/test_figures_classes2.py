"""Classes of number reading found on held-out set A (h27), each held in both languages.

Every sentence is written for these tests (no dev-set, held-out or probe text). A case gives
the sentence and every figure it reports as (value, metric, who gives it); sources are
compared leniently, as the probes are scored (``attribution_match`` of ``bench/figures_eval.py``).
Each class has controls: a near sentence whose figure must still be read.
"""

from __future__ import annotations

import pytest
from figure_checks import check

from pipeline.figures import extract_figures
from pipeline.numbers import find_numbers

Case = tuple[str, str, list[tuple[int, str, str | None]]]


# --- a person's age or body measure is no count of people ------------------------------

AGES_AND_MEASURES: list[Case] = [
    ("Police arrested 30 students in Maracay, and one mother said her son is 15.", "en",
     [(30, "arrested", None)]),
    ("\"He is 17 and they keep him with adults,\" his aunt said outside the jail.", "en", []),
    ("Minors make up 52 of the detainees; the youngest is 13.", "en", [(52, "minors_detained", None)]),
    ("The oldest prisoner was 81 when he was taken from his home.", "en", []),
    ("Forty-one are teens under 18, according to the lawyers.", "en", [(41, "minors_detained", "the lawyers")]),
    ("The freed reporter had lost 18 kilos in the cell, his wife said.", "en", []),
    ("La policía arrestó a 30 estudiantes en Maracay; el menor tiene 14.", "es",
     [(30, "arrested", None)]),
    ("El más joven de ellos tiene apenas 15 y sigue en el mismo calabozo que los adultos.", "es", []),
    ("Al salir de prisión, el dirigente había bajado 22 kilos, según su familia.", "es", []),
    ("Entre los presos hay 52 muchachos menores de 18, denunció Provea.", "es",
     [(52, "minors_detained", "Provea")]),
]


@pytest.mark.parametrize(("text", "lang", "want"), AGES_AND_MEASURES)
def test_ages_and_measures(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)


# controls: the same frames where the number counts people
@pytest.mark.parametrize(("text", "lang", "value"), [
    ("Officials said 15 teenagers were arrested in Petare.", "en", 15),
    ("The lawyers said 300 kids remain in the Zona 7 cells.", "en", 300),
    ("Foro Penal dijo que 14 menores siguen presos en Yare.", "es", 14),
])
def test_ages_controls(text: str, lang: str, value: int) -> None:
    got = [f.value for f in extract_figures(text, language=lang) if f.metric != "other"]
    assert value in got, (text, got)


# --- a weekday and its day of the month ------------------------------------------------

WEEKDAY_DAY: list[Case] = [
    ("Provea registró 84 detenciones entre el sábado 9 y el lunes 11 de agosto.", "es",
     [(84, "arrested", "Provea")]),
    ("La lista de presos de la ONG subió a 1.320 al cierre del martes 12, informó Foro Penal.", "es",
     [(1320, "detained_current", "Foro Penal")]),
    ("Foro Penal counted 84 arrests between Saturday 9 and Monday 11 August.", "en",
     [(84, "arrested", "Foro Penal")]),
    ("By Tuesday 12, the group said, 1,320 people were held for political reasons.", "en",
     [(1320, "detained_current", "the group")]),
]


@pytest.mark.parametrize(("text", "lang", "want"), WEEKDAY_DAY)
def test_weekday_day(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)


# controls: a weekday and then a count of people
@pytest.mark.parametrize(("text", "lang", "value"), [
    ("On Friday 15 people were arrested outside the electoral office.", "en", 15),
    ("El viernes 15 personas fueron detenidas frente a la sede del CNE.", "es", 15),
])
def test_weekday_day_controls(text: str, lang: str, value: int) -> None:
    got = [f.value for f in extract_figures(text, language=lang) if f.metric != "other"]
    assert value in got, (text, got)


# --- differences and growth factors ----------------------------------------------------

DIFFERENCES: list[Case] = [
    ("The new list has 35 fewer detainees than the one published in March.", "en", []),
    ("Monday's tally showed 12 more prisoners than the week before.", "en", []),
    ("La lista de esta semana tiene 35 presos menos que la anterior, según Foro Penal.", "es", []),
    ("Antes de los comicios había unos 250 presos políticos, una cifra que luego se multiplicó por cinco.", "es",
     [(250, "detained_current", None)]),
    ("The number of political prisoners, about 250 before the vote, then multiplied by five.", "en",
     [(250, "detained_current", None)]),
]


@pytest.mark.parametrize(("text", "lang", "want"), DIFFERENCES)
def test_differences(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("The register lists more than 35 detainees in Tocuyito.", "en", 35),
    ("Foro Penal registra más de 35 presos en Tocuyito.", "es", 35),
])
def test_differences_controls(text: str, lang: str, value: int) -> None:
    got = [f.value for f in extract_figures(text, language=lang) if f.metric != "other"]
    assert value in got, (text, got)


# --- "remained" / "seguían": a stock of people held ------------------------------------

REMAINED: list[Case] = [
    ("Foro Penal said 712 people remained jailed for political reasons at the end of May.", "en",
     [(712, "detained_current", "Foro Penal")]),
    ("After the releases, 530 prisoners still remained behind bars, Provea said.", "en",
     [(530, "detained_current", "Provea")]),
    ("Según Foro Penal, 712 personas seguían encarceladas por motivos políticos a finales de mayo.", "es",
     [(712, "detained_current", "Foro Penal")]),
    ("Tras las excarcelaciones, 530 presos permanecían en El Helicoide, dijo Provea.", "es",
     [(530, "detained_current", "Provea")]),
]


@pytest.mark.parametrize(("text", "lang", "want"), REMAINED)
def test_remained_is_stock(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)


# control: "remained missing" is no count of people held
def test_remained_missing_is_not_held() -> None:
    got = [(f.value, f.metric) for f in extract_figures(
        "Provea said 40 people remained missing after the raids.", language="en")]
    assert (40, "detained_current") not in got, got


# --- collective numerals: "una veintena", "una decena" ---------------------------------

@pytest.mark.parametrize(("text", "value", "span"), [
    ("Fueron liberados una veintena de estudiantes.", 20, "una veintena"),
    ("Al menos una decena de periodistas siguen presos.", 10, "una decena"),
    ("Detuvieron a una treintena de manifestantes.", 30, "una treintena"),
    ("Quedan dos decenas de presos en la sede.", 20, "dos decenas"),
])
def test_collective_numerals(text: str, value: int, span: str) -> None:
    nums = [n for n in find_numbers(text, language="es") if not n.vague]
    assert [(n.value, n.text) for n in nums] == [(value, span)], nums


COLLECTIVE: list[Case] = [
    ("Provea confirmó la excarcelación de una veintena de adolescentes.", "es", [(20, "released", "Provea")]),
    ("Al menos una decena de periodistas siguen presos, según el SNTP.", "es",
     [(10, "detained_current", "SNTP")]),
]


@pytest.mark.parametrize(("text", "lang", "want"), COLLECTIVE)
def test_collective_figures(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)


def test_collective_keeps_qualifier() -> None:
    got = [(f.value, f.qualifier) for f in extract_figures(
        "Al menos una decena de periodistas siguen presos, según el SNTP.", language="es")]
    assert got == [(10, "at_least")], got


# control: a plural on its own stays vague
def test_decenas_stays_vague() -> None:
    nums = find_numbers("Decenas de familiares esperaban afuera.", language="es")
    assert [n.vague for n in nums] == [True], nums


# --- counts of relatives and signatures are not people of the story ---------------------

BYSTANDERS: list[Case] = [
    ("Some 200 relatives gathered outside Tocorón as 45 prisoners were freed.", "en",
     [(45, "released", None)]),
    ("A petition gathered 8,000 signatures while 90 students remain in jail.", "en",
     [(90, "detained_current", None)]),
    ("Unas 200 madres de detenidos marcharon hasta la Fiscalía.", "es", []),
    ("Los organizadores reunieron 8.000 firmas para pedir la libertad de los presos.", "es", []),
]


@pytest.mark.parametrize(("text", "lang", "want"), BYSTANDERS)
def test_bystanders(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)


# control: the relatives' own count of the detained is still read
def test_bystanders_control() -> None:
    got = [(f.value, f.metric) for f in extract_figures(
        "Los familiares aseguran que 60 jóvenes siguen detenidos en Yare.", language="es")]
    assert (60, "detained_current") in got, got


# --- a release still to come is no count of releases -----------------------------------

EXPECTED: list[Case] = [
    ("Officials said 40 prisoners will be released on Monday.", "en", []),
    ("The ministry said 25 detainees are due to be freed before Christmas.", "en", []),
    ("La cancillería espera la salida de otros tres ciudadanos.", "es", []),
    ("Según el ministro, 25 detenidos serán liberados antes de Navidad.", "es", []),
]


@pytest.mark.parametrize(("text", "lang", "want"), EXPECTED)
def test_expected_releases(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("Officials said 40 prisoners were released on Monday.", "en", 40),
    ("Según el ministro, 25 detenidos fueron liberados antes de Navidad.", "es", 25),
])
def test_expected_releases_controls(text: str, lang: str, value: int) -> None:
    got = [f.value for f in extract_figures(text, language=lang) if f.metric == "released"]
    assert value in got, (text, got)
