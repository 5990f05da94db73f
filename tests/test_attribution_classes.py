"""Attribution classes (issue 10, class 6): who gives a figure when the sentence names it only by
a pronoun, a bare role, a document or not at all.

Every sentence is written for these tests (no dev-set or held-out text). A case is the text, its
language, the value of one figure, the source it must get (compared leniently, as the benchmark
scores it: ``attribution_match`` of ``bench/figures_eval.py``; None: no source) and, for the
controls, a source it must NOT get (the one a careless carry would hand it).
"""

from __future__ import annotations

import pytest
from figure_checks import MATCH

from pipeline.figures import extract_figures

Case = tuple[str, str, int, str | None, str | None]


FRAGMENTS = {"he", "she", "it", "they", "el", "ella", "ellos", "la experta", "el fiscal", "the lawyers",
             "el desglose", "el documento", "its report", "su informe", "it also", "still"}


def check(case: Case) -> None:
    text, lang, value, who, not_who = case
    got = [f for f in extract_figures(text, language=lang) if f.value == value]
    assert got, (text, "no figure", value)
    f = got[-1]
    assert MATCH(f.attributed_to, who), (text, value, f.attributed_to, "want", who)
    if not_who is not None:
        assert not MATCH(f.attributed_to, not_who), (text, value, f.attributed_to, "must not be", not_who)
    assert (f.attributed_to or "").strip().lower() not in FRAGMENTS, (text, f.attributed_to)


# 1. a pronoun or a bare role stands for the person named before
PRONOUN_EN: list[Case] = [
    ("Prosecutor General Lidia Varela told reporters on Monday that the count was rising. She said 310 people had been arrested "
     "since the vote.", "en", 310, "Lidia Varela", None),
    ("Interior Minister Hector Salcedo addressed the assembly on Tuesday. He said 450 protesters were "
     "arrested in the capital.", "en", 450, "Hector Salcedo", None),
    ("Ramon Ibarra, the director of Foro Penal, spoke at a press conference. He added that 1,204 people "
     "remain behind bars for political reasons.", "en", 1204, "Ramon Ibarra", None),
    ("Attorney General Tarek William Saab appeared on state television. The prosecutor said 96 people were "
     "arrested over the weekend.", "en", 96, "Saab", None),
    ("Ombudsman Clara Mejia met the families on Friday. The ombudsman said 38 detainees had been freed.",
     "en", 38, "Clara Mejia", None),
    ("Elena Dorado, a lawyer with Foro Penal, visited the jail in Tocuyito. She told us 212 inmates there "
     "are political prisoners.", "en", 212, "Elena Dorado", None),
    ("Lawyer Mateo Quiroga represents several families. He said at least 57 people were arrested in the "
     "raids.", "en", 57, "Mateo Quiroga", None),
    ("Minister Paula Renteria took questions in Caracas. She said 140 people were released on Sunday.",
     "en", 140, "Paula Renteria", None),
    # controls: a new speaker in between takes over
    ("Prosecutor General Lidia Varela spoke on Monday. Opposition leader Tomas Arrieta said "
     "1,900 people were arrested.", "en", 1900, "Tomas Arrieta", "Lidia Varela"),
    ("Interior Minister Hector Salcedo gave his figures. Foro Penal said 880 people remain imprisoned.",
     "en", 880, "Foro Penal", "Hector Salcedo"),
]
PRONOUN_ES: list[Case] = [
    ("La fiscal general Lidia Varela habló con periodistas el lunes. Ella dijo que 310 personas fueron "
     "detenidas desde la votación.", "es", 310, "Lidia Varela", None),
    ("El ministro Héctor Salcedo compareció ante la asamblea. Él afirmó que 450 manifestantes fueron "
     "detenidos en la capital.", "es", 450, "Héctor Salcedo", None),
    ("La experta Marina Oquendo presentó el informe de la misión. La experta señaló que 2.100 personas "
     "fueron detenidas en tres semanas.", "es", 2100, "Marina Oquendo", None),
    ("Tarek William Saab, el fiscal, habló anoche por televisión. El fiscal indicó que 96 personas "
     "fueron detenidas el fin de semana.", "es", 96, "Saab", None),
    ("La defensora Clara Mejía se reunió con las familias. La defensora informó que 38 detenidos fueron "
     "liberados.", "es", 38, "Clara Mejía", None),
    ("El abogado Mateo Quiroga representa a varias familias. El abogado aseguró que al menos 57 personas "
     "fueron detenidas en los allanamientos.", "es", 57, "Mateo Quiroga", None),
    ("La ministra Paula Rentería respondió preguntas en Caracas. Ella añadió que 140 personas fueron "
     "excarceladas el domingo.", "es", 140, "Paula Rentería", None),
    ("Ramón Ibarra, director del Foro Penal, dio una rueda de prensa. Él precisó que 1.204 personas siguen "
     "presas por razones políticas.", "es", 1204, "Ramón Ibarra", None),
    # controls
    ("La fiscal general Lidia Varela habló el lunes. El dirigente opositor Tomás Arrieta afirmó que "
     "1.900 personas fueron detenidas.", "es", 1900, "Tomás Arrieta", "Lidia Varela"),
    ("El ministro Héctor Salcedo dio sus cifras. El Foro Penal dijo que 880 personas siguen presas.",
     "es", 880, "Foro Penal", "Héctor Salcedo"),
]

# 2. members and bare organisation nouns: the organisation named before
GROUP_EN: list[Case] = [
    ("Foro Penal has tracked arrests since 2014. The lawyers said 1,322 people remain in custody.",
     "en", 1322, "Foro Penal", None),
    ("Provea published new figures on Thursday. The group said 415 people were arrested in October.",
     "en", 415, "Provea", None),
    ("Foro Penal held a briefing in Caracas. The organisation said 1,050 people are political prisoners.",
     "en", 1050, "Foro Penal", None),
    ("Provea keeps its own register. Its activists said 77 people were arrested in Lara state.",
     "en", 77, "Provea", None),
]
GROUP_ES: list[Case] = [
    ("El Foro Penal lleva registros desde 2014. Los abogados dijeron que 1.322 personas siguen detenidas.",
     "es", 1322, "Foro Penal", None),
    ("Provea publicó nuevas cifras el jueves. La ONG afirmó que 415 personas fueron detenidas en octubre.",
     "es", 415, "Provea", None),
    ("El Foro Penal ofreció una rueda de prensa. La organización indicó que 1.050 personas son presos "
     "políticos.", "es", 1050, "Foro Penal", None),
    ("Provea mantiene su propio registro. Los activistas contaron 77 detenidos en el estado Lara.",
     "es", 77, "Provea", None),
]

# 3. a document as the source: its owner
DOC_EN: list[Case] = [
    ("Foro Penal updated its figures on Friday. The breakdown the organisation posted lists 1,630 political "
     "prisoners.", "en", 1630, "Foro Penal", None),
    ("Provea released its annual findings. Its report counts 512 arrests in the first quarter.",
     "en", 512, "Provea", None),
    ("Foro Penal tracks every case. The register shows 1,777 political prisoners.", "en", 1777, "Foro Penal", None),
    ("Provea sent its numbers to the UN. The document lists 340 people arrested in November.",
     "en", 340, "Provea", None),
    ("Foro Penal put out a statement on Sunday. The list it published names 1,420 political prisoners.",
     "en", 1420, "Foro Penal", None),
    ("Justicia, Encuentro y Perdón compiled the cases. The latest tally stands at 290 political prisoners.",
     "en", 290, "Justicia, Encuentro y Perdón", None),
    ("Provea reviewed the court files. Its study found 133 people arrested without a warrant.",
     "en", 133, "Provea", None),
    ("Foro Penal briefed diplomats on Monday. The summary the group shared counts 1,515 political prisoners.",
     "en", 1515, "Foro Penal", None),
]
DOC_ES: list[Case] = [
    ("El Foro Penal actualizó sus cifras el viernes. El desglose contabiliza 1.630 presos políticos.",
     "es", 1630, "Foro Penal", None),
    ("Provea divulgó su balance anual. Su informe registra 512 detenciones en el primer trimestre.",
     "es", 512, "Provea", None),
    ("El Foro Penal sigue cada caso. La lista de presos políticos de la organización llegó a 1.777 personas.",
     "es", 1777, "Foro Penal", None),
    ("Provea envió sus datos a la ONU. El documento recoge 340 detenidos en noviembre.",
     "es", 340, "Provea", None),
    ("El Foro Penal emitió un comunicado el domingo. El listado que publicó la ONG incluye 1.420 presos "
     "políticos.", "es", 1420, "Foro Penal", None),
    ("Justicia, Encuentro y Perdón recopiló los casos. El último conteo suma 290 presos políticos.",
     "es", 290, "Justicia, Encuentro y Perdón", None),
    ("Provea revisó los expedientes judiciales. Su estudio halló 133 personas detenidas sin orden judicial.",
     "es", 133, "Provea", None),
    ("El Foro Penal informó a diplomáticos el lunes. El resumen de la organización cuenta 1.515 presos "
     "políticos.", "es", 1515, "Foro Penal", None),
]

# 4. carrying the claim-maker through a paragraph, and where it must stop
CARRY_EN: list[Case] = [
    ("Foro Penal said on Tuesday that the count rose again in the west. In Zulia alone, 140 people remain "
     "in jail for political reasons.", "en", 140, "Foro Penal", None),
    ("Provea said on Monday that arrests peaked in the first week. The pace slowed after that. By the end "
     "of the month, 612 people had been arrested.", "en", 612, "Provea", None),
    ("Ramon Ibarra of Foro Penal said most cases are in Caracas. The west is no better. Lara holds 85 "
     "political prisoners.", "en", 85, "Ibarra", None),
    ("Provea said the crackdown went on for weeks. Most of those held are young men. About 300 were "
     "arrested in Carabobo.", "en", 300, "Provea", None),
    # controls: a new speaker, the outlet's background, a bystander's quote
    ("Provea said on Monday that the figures were preliminary. The Interior Ministry said 900 people were "
     "arrested.", "en", 900, "Interior Ministry", "Provea"),
    ("Foro Penal said on Monday that the count was stable.\n\nA similar wave in 2017 ended with 46 people "
     "killed.", "en", 46, None, "Foro Penal"),
    ("Provea said on Monday that the figures were preliminary. \"They took 30 boys from my street,\" said "
     "Ana Lugo, a mother waiting outside the jail.", "en", 30, "Ana Lugo", "Provea"),
    ("Foro Penal said the count was stable.\n\nOn Sunday, 1,100 people marched in Valencia, police said.",
     "en", 1100, "police", "Foro Penal"),
]
CARRY_ES: list[Case] = [
    ("El Foro Penal dijo el martes que la cifra volvió a subir en el occidente. Solo en Zulia, 140 personas "
     "siguen presas por motivos políticos.", "es", 140, "Foro Penal", None),
    ("Provea afirmó el lunes que las detenciones alcanzaron su pico en la primera semana. El ritmo bajó "
     "después. Al cierre del mes, 612 personas habían sido detenidas.", "es", 612, "Provea", None),
    ("Ramón Ibarra, del Foro Penal, dijo que la mayoría de los casos está en Caracas. El occidente no está "
     "mejor. Lara tiene 85 presos políticos.", "es", 85, "Ibarra", None),
    ("Provea dijo que la represión duró semanas. La mayoría de los retenidos son hombres jóvenes. Unas 300 "
     "personas fueron detenidas en Carabobo.", "es", 300, "Provea", None),
    # controls
    ("Provea dijo el lunes que las cifras eran preliminares. El Ministerio de Interior dijo que 900 personas "
     "fueron detenidas.", "es", 900, "Ministerio de Interior", "Provea"),
    ("El Foro Penal dijo el lunes que la cifra era estable.\n\nUna ola parecida en 2017 terminó con 46 "
     "personas muertas.", "es", 46, None, "Foro Penal"),
    ("Provea dijo el lunes que las cifras eran preliminares. \"Se llevaron a 30 muchachos de mi calle\", "
     "dijo Ana Lugo, una madre que esperaba frente a la cárcel.", "es", 30, "Ana Lugo", "Provea"),
    ("El Foro Penal dijo que la cifra era estable.\n\nEl domingo, 1.100 personas marcharon en Valencia, "
     "según la policía.", "es", 1100, "policía", "Foro Penal"),
]

# 5. fragments ("It also", "still", a clause) become the resolved name or nothing
FRAGMENT_EN: list[Case] = [
    ("Foro Penal presented its report on Monday. It also said 115 minors were arrested.",
     "en", 115, "Foro Penal", None),
    ("Provea briefed the press on Friday. It then reported 260 arrests in Bolivar state.",
     "en", 260, "Provea", None),
]
FRAGMENT_ES: list[Case] = [
    ("El Foro Penal presentó su informe el lunes. El número de presos sigue alto: la ONG contabiliza 1.480 "
     "presos políticos.", "es", 1480, "Foro Penal", None),
    ("Provea habló el viernes. Además, la ONG registró 260 detenciones en el estado Bolívar.",
     "es", 260, "Provea", None),
]


@pytest.mark.parametrize("case", PRONOUN_EN + PRONOUN_ES, ids=lambda c: f"{c[1]}-{c[2]}")
def test_pronoun_and_bare_role_resolve_to_the_named_person(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", GROUP_EN + GROUP_ES, ids=lambda c: f"{c[1]}-{c[2]}")
def test_members_and_bare_org_nouns_resolve_to_the_organisation(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", DOC_EN + DOC_ES, ids=lambda c: f"{c[1]}-{c[2]}")
def test_document_source_resolves_to_its_owner(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", CARRY_EN + CARRY_ES, ids=lambda c: f"{c[1]}-{c[2]}")
def test_claim_maker_carries_through_a_paragraph_and_stops(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", FRAGMENT_EN + FRAGMENT_ES, ids=lambda c: f"{c[1]}-{c[2]}")
def test_fragment_source_becomes_the_name_or_nothing(case: Case) -> None:
    check(case)


def test_a_pronoun_with_nobody_named_before_gives_no_source() -> None:
    for text, lang in (("He said 70 people were arrested.", "en"), ("Ella dijo que 70 personas fueron detenidas.", "es")):
        figs = [f for f in extract_figures(text, language=lang) if f.value == 70]
        assert figs and all(f.attributed_to is None for f in figs), [(f.value, f.attributed_to) for f in figs]
