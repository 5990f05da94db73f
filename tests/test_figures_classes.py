"""Classes of construction found by the third probe set (h20), each held in both languages.

Every sentence is written for these tests (no dev-set or probe text): the facts echo the
story, the wording is ours. A case gives the sentence and every figure it reports as
(value, metric, who gives it); sources are compared leniently, as the probes are scored
(``attribution_match`` of ``bench/figures_eval.py``).
"""

from __future__ import annotations

import pytest
from figure_checks import MATCH, check

from pipeline.figures import extract_figures

Case = tuple[str, str, list[tuple[int, str, str | None]]]


# --- attribution ---------------------------------------------------------------------

# the agent of a passive verb of checking or publishing, with a time phrase before it
PASSIVE_AGENT_AFTER_TIME: list[Case] = [
    ("The count of 640 releases was verified on Friday by Justicia, Encuentro y Perdón.", "en",
     [(640, "released", "Justicia, Encuentro y Perdón")]),
    ("La cifra de 640 excarcelaciones fue verificada ayer por Justicia, Encuentro y Perdón.", "es",
     [(640, "released", "Justicia, Encuentro y Perdón")]),
    ("A toll of 31 deaths was documented last week by Cofavic.", "en", [(31, "killed", "Cofavic")]),
    ("Un saldo de 31 muertes fue documentado la semana pasada por Cofavic.", "es", [(31, "killed", "Cofavic")]),
]

# a verb whose object is the count: "pegged the official arrest count at", "cifró X en"
COUNT_OBJECT_VERB: list[Case] = [
    ("The prosecutor pegged the official arrest count at 2,100.", "en", [(2100, "arrested", "The prosecutor")]),
    ("El ministro cifró las detenciones de la semana en 210.", "es", [(210, "arrested", "El ministro")]),
    ("Cabello situó la cifra de arrestados en 1.950 durante su programa.", "es", [(1950, "arrested", "Cabello")]),
]

# a source revising its own count: the figures before and after are both its own
REVISION_VERB: list[Case] = [
    ("Cofavic lowered its death toll to 22 on Tuesday, from 24.", "en",
     [(22, "killed", "Cofavic"), (24, "killed", "Cofavic")]),
    ("Cofavic redujo el martes a 22 su balance de muertos, frente a los 24 anteriores.", "es",
     [(22, "killed", "Cofavic"), (24, "killed", "Cofavic")]),
    ("The ombudsman updated the official tally to 130 releases.", "en", [(130, "released", "The ombudsman")]),
    ("La Defensoría actualizó su conteo a 130 excarcelaciones.", "es", [(130, "released", "Defensoría")]),
    ("The monitor corrected an initial estimate of 300 arrests in Lara.", "en", [(300, "arrested", "The monitor")]),
    ("El observatorio corrigió una estimación inicial de 300 arrestos en Lara.", "es",
     [(300, "arrested", "El observatorio")]),
]

# told + a listener + where: the teller is the source
TOLD_LISTENER_PLACE: list[Case] = [
    ("At least 60 people were freed, a lawyer told journalists in Maracaibo.", "en",
     [(60, "released", "a lawyer")]),
    ("Unos 60 presos fueron liberados, contó una abogada a reporteros en Maracaibo.", "es",
     [(60, "released", "una abogada")]),
    ("Soldiers detained 19 students at the campus, the rector told a news conference.", "en",
     [(19, "arrested", "the rector")]),
]

# a verb with no subject of its own takes the subject of the finite verb before it
NONFINITE_SUBJECT: list[Case] = [
    ("Provea corrected its figures on Tuesday, saying 19 people had died in custody.", "en",
     [(19, "killed", "Provea")]),
    ("Cofavic actualizó su registro tras verificar que 19 personas murieron bajo custodia.", "es",
     [(19, "killed", "Cofavic")]),
    ("Justicia, Encuentro y Perdón revisó sus datos y precisó que 33 detenidos fueron excarcelados.", "es",
     [(33, "released", "Justicia, Encuentro y Perdón")]),
    ("Provea reviewed its records and said that 33 detainees had been released.", "en",
     [(33, "released", "Provea")]),
]

# the owner of the count that opens a clause beats a speech verb of an earlier clause
CLAUSE_OWNER: list[Case] = [
    ("Officials announced 300 releases; Provea's tally, published a day later, stood at 180.", "en",
     [(300, "released", "Officials"), (180, "released", "Provea")]),
    ("El Gobierno anunció 300 excarcelaciones; el registro de Provea, publicado un día después, se situaba en 180.",
     "es", [(300, "released", "Gobierno"), (180, "released", "Provea")]),
]

# "according to the governor, Sergio Garrido": the role and who holds it
ROLE_THEN_NAME: list[Case] = [
    ("Al menos 48 personas fueron arrestadas en Barinas, según el gobernador del estado, Sergio Garrido.", "es",
     [(48, "arrested", "Sergio Garrido")]),
    ("At least 48 people were arrested in Barinas, according to the state governor, Sergio Garrido.", "en",
     [(48, "arrested", "Sergio Garrido")]),
]

# a closing speech frame at the sentence end, past a "while" clause
FRAME_PAST_WHILE: list[Case] = [
    ("Los agentes arrestaron a 22 estudiantes mientras la marcha avanzaba, denunció la federación estudiantil.",
     "es", [(22, "arrested", "la federación estudiantil")]),
    ("Police arrested 22 students while the march was moving, the student federation said.", "en",
     [(22, "arrested", "the student federation")]),
]

# an anaphor after the number ("según esa cartera", "the ministry said") and the named
# office before it in the same sentence; a known organisation in a relative clause
ANAPHOR_AND_NAMES: list[Case] = [
    ("Los 890 reclusos registrados constan en la base de datos del Ministerio del Interior, según esa cartera.",
     "es", [(890, "detained_current", "Ministerio del Interior")]),
    ("The study, which Amnesty International released in London, documents nine deaths in custody.", "en",
     [(9, "killed", "Amnesty International")]),
    ("El estudio, que Amnistía Internacional presentó en Londres, documenta nueve muertes bajo custodia.", "es",
     [(9, "killed", "Amnistía Internacional")]),
    ("Provea released its quarterly bulletin on Monday. It lists 212 arbitrary arrests.", "en",
     [(212, "arrested", "Provea")]),
    ("Provea publicó el lunes su boletín trimestral. En él registra 212 detenciones arbitrarias.", "es",
     [(212, "arrested", "Provea")]),
]

# a wire dateline with the agency in brackets and a dash: the subject after the dash speaks
WIRE_DATELINE = [
    ("MARACAIBO, March 3 (Coastline) - The regional prosecutor's office said on Tuesday it had freed 58 people "
     "held since the protests.", "en", [(58, "released", "The regional prosecutor's office")]),
    ("VALENCIA, 9 mar (Prensa Llanera) - La gobernación informó este lunes que fueron excarcelados 37 presos "
     "de la cárcel de Tocuyito.", "es", [(37, "released", "La gobernación")]),
]

ATTRIBUTION = (WIRE_DATELINE + PASSIVE_AGENT_AFTER_TIME + COUNT_OBJECT_VERB + REVISION_VERB + TOLD_LISTENER_PLACE
               + NONFINITE_SUBJECT + CLAUSE_OWNER + ROLE_THEN_NAME + FRAME_PAST_WHILE + ANAPHOR_AND_NAMES)


@pytest.mark.parametrize(("text", "lang", "want"), ATTRIBUTION, ids=[f"{c[1]}-{i}" for i, c in enumerate(ATTRIBUTION)])
def test_attribution_class(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)


# controls: the same words where they do not name a source
@pytest.mark.parametrize(("text", "lang", "who"), [
    # "told" with its object's clause: the teller of a later clause is no closing frame
    ("Police detained 14 people, and the mayor told residents to stay home.", "en", None),
    # a coordinated verb with its own subject keeps it
    ("Provea counted 40 arrests and Cofavic said that 12 people had died.", "en", "Cofavic"),
    # a revision verb on a thing is no claim frame ("bajó la cifra" but not "bajo custodia")
    ("Cinco presos murieron bajo custodia en Tocorón.", "es", None),
])
def test_attribution_controls(text: str, lang: str, who: str | None) -> None:
    last = [f for f in extract_figures(text, language=lang) if f.metric != "other"][-1]
    assert MATCH(last.attributed_to, who), (text, last.attributed_to)


# --- attribution, from the dev folds' errors (own sentences) --------------------------

# verbs of warning and emphasis, present plurals, a subordinate's subjunctive
MORE_SPEECH_VERBS: list[Case] = [
    ("La ONG alertó que siguen presos 210 estudiantes.", "es", [(210, "detained_current", "La ONG")]),
    ("The NGO stressed that 210 students remain in jail.", "en", [(210, "detained_current", "The NGO")]),
    ("La noticia se conoció horas después de que la Defensoría informara que 75 presos fueron excarcelados.", "es",
     [(75, "released", "Defensoría")]),
    ("Provea reiterated that 75 inmates had walked free.", "en", [(75, "released", "Provea")]),
]

# a discourse marker between the subject and its verb is an aside
# … but a subordinate's subjunctive after the number is no closing frame: its own clause
# has its own subject and object
MORE_SPEECH_VERBS += [
    ("Provea confirmó este martes más de 60 excarcelaciones, después de que el fiscal, Tarek William Saab, "
     "anunciara el domingo que revisaría los expedientes.", "es", [(60, "released", "Provea")]),
    ("Provea confirmed more than 60 releases on Tuesday, after the prosecutor, Tarek William Saab, "
     "announced on Sunday a review of the cases.", "en", [(60, "released", "Provea")]),
]

DISCOURSE_ASIDE: list[Case] = [
    ("Provea, en cambio, contabiliza 310 arrestos.", "es", [(310, "arrested", "Provea")]),
    ("Provea, for its part, counts 310 arrests.", "en", [(310, "arrested", "Provea")]),
]

# figures posted on a medium by someone; a report's chart; what the report documents
DOCUMENT_OWNER: list[Case] = [
    ("Women make up 71 of the prisoners, according to a breakdown posted on X by Gonzalo Himiob.",
     "en", [(71, "detained_current", "Gonzalo Himiob")]),
    ("Según datos publicados en X por Gonzalo Himiob, 71 de los presos son mujeres.", "es",
     [(71, "detained_current", "Gonzalo Himiob")]),
    ("Cofavic presented its annual report on Monday. More than 300 arbitrary arrests are listed in its report.",
     "en", [(300, "arrested", "Cofavic")]),
    ("Cofavic presentó el lunes su informe anual. Más de 300 detenciones arbitrarias aparecen registradas en su informe.",
     "es", [(300, "arrested", "Cofavic")]),
    ("Provea released its monthly figures. According to the report's chart, 1,150 political prisoners await trial.",
     "en", [(1150, "detained_current", "Provea")]),
    ("Provea publicó sus cifras mensuales. Según el gráfico del informe, 1.150 presos políticos esperan juicio.",
     "es", [(1150, "detained_current", "Provea")]),
]

# a headline that opens with the organisation and a colon
HEADLINE_COLON: list[Case] = [
    ("Provea: 45 arrests in Lara over the weekend", "en", [(45, "arrested", "Provea")]),
    ("Provea: 45 detenciones en Lara durante el fin de semana", "es", [(45, "arrested", "Provea")]),
]

# "the organization said" after a person of it was quoted: the organisation
ORG_ANAPHOR_SKIPS_PERSON: list[Case] = [
    ("Foro Penal published new figures. Women make up 95 of the prisoners, according to a breakdown posted on X "
     "by Gonzalo Himiob, its vice-president. The list also counts 40 foreign prisoners, the organization said.", "en",
     [(95, "detained_current", "Gonzalo Himiob"), (40, "detained_current", "Foro Penal")]),
    ("Foro Penal publicó nuevas cifras. Según datos publicados en X por Gonzalo Himiob, su vicepresidente, "
     "95 de los presos son mujeres. La lista también incluye a 40 extranjeros presos, indicó la organización.", "es",
     [(95, "detained_current", "Gonzalo Himiob"), (40, "detained_current", "Foro Penal")]),
]

DEV_CLASSES = MORE_SPEECH_VERBS + DISCOURSE_ASIDE + DOCUMENT_OWNER + HEADLINE_COLON + ORG_ANAPHOR_SKIPS_PERSON


@pytest.mark.parametrize(("text", "lang", "want"), DEV_CLASSES, ids=[f"{c[1]}-{i}" for i, c in enumerate(DEV_CLASSES)])
def test_attribution_class_from_dev_errors(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)


# --- metric classes --------------------------------------------------------------------

METRIC_CLASSES: list[Case] = [
    # objects and papers named after an event are things ("arrest warrants", "órdenes de
    # aprehensión", phones seized from detainees), and the people next to them stay counted
    ("Judges signed 140 arrest warrants in one week.", "en", []),
    ("Los jueces firmaron 140 órdenes de aprehensión en una semana.", "es", []),
    ("Agents confiscated 70 phones and 12 laptops from the detained students.", "en", []),
    ("Los agentes decomisaron 70 teléfonos y 12 computadoras a los estudiantes detenidos.", "es", []),
    ("Police detained 70 students and seized their phones.", "en", [(70, "arrested", None)]),
    ("La policía detuvo a 70 estudiantes y les quitó los teléfonos.", "es", [(70, "arrested", None)]),
    # a bare "toll" is a death toll, unless it is a toll of arrests
    ("The toll climbed to 19 overnight.", "en", [(19, "killed", None)]),
    ("The toll of 900 arrests was announced on Friday.", "en", [(900, "arrested", None)]),
    # a month, then a count of people (not a day or a year)
    ("Todavía en marzo 215 detenidos seguían en Tocorón.", "es", [(215, "detained_current", None)]),
    ("In March 215 detainees were still held at Tocorón.", "en", [(215, "detained_current", None)]),
    # Spanish release verbs after "comunicado que" are releases ("released" may be publishing in English)
    ("El ministerio dijo en un comunicado que liberó a 64 presos.", "es", [(64, "released", "El ministerio")]),
    ("The ministry said in a statement released on Friday that 64 people were arrested.", "en",
     [(64, "arrested", "The ministry")]),
    # a member of a set of arrests is counted as arrested; "siguen entre los presos" is held
    ("Nueve periodistas están entre los arrestados en Caracas.", "es", [(9, "arrested", None)]),
    ("Nine journalists are among those arrested in Caracas.", "en", [(9, "arrested", None)]),
    ("Nueve periodistas siguen entre los presos de Tocorón.", "es", [(9, "detained_current", None)]),
    # a release that opens the sentence says what happened to the people counted
    ("Once freed, the 25 students must report to a court every week.", "en", [(25, "released", None)]),
    ("Una vez excarcelados, los 25 estudiantes deberán presentarse cada semana ante un tribunal.", "es",
     [(25, "released", None)]),
    ("Once again, police detained 25 students in Mérida.", "en", [(25, "arrested", None)]),
    # a witness telling of a detention: "they took 30 of us" (the former xfail's class)
    ("\"Soldiers took 30 of us to a military base,\" a student told reporters.", "en",
     [(30, "arrested", "a student")]),
    ("«Se llevaron a 30 de nosotros a una base militar», contó un estudiante.", "es",
     [(30, "arrested", "un estudiante")]),
    ("The soldiers took 30 photos of us at the checkpoint.", "en", []),
    # a register that lists people, then its parts (the former xfails' class); a list whose
    # people have a cue of their own keeps it
    ("The watchdog's register lists 2,050 people: 1,860 men and 190 women.", "en",
     [(2050, "detained_current", None), (1860, "detained_current", None), (190, "detained_current", None)]),
    ("El registro del observatorio incluye a 2.050 personas: 1.860 hombres y 190 mujeres.", "es",
     [(2050, "detained_current", None), (1860, "detained_current", None), (190, "detained_current", None)]),
    ("The register also lists 80 people released on Sunday.", "en", [(80, "released", None)]),
    ("El registro también incluye a 80 personas excarceladas el domingo.", "es", [(80, "released", None)]),
]


@pytest.mark.parametrize(("text", "lang", "want"), METRIC_CLASSES, ids=[f"{c[1]}-{i}" for i, c in enumerate(METRIC_CLASSES)])
def test_metric_class(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    got = [f for f in extract_figures(text, language=lang) if f.metric != "other"]
    assert sorted((f.value, f.metric) for f in got) == sorted((v, m) for v, m, _ in want), \
        (text, [(f.value, f.metric) for f in got])
    for v, _m, who in want:
        if who is not None:
            assert any(f.value == v and MATCH(f.attributed_to, who) for f in got), (text, who)


# --- classes from probe set 4 (read after its blind score) ------------------------------

SET4_CLASSES: list[Case] = [
    # legal filings for the detainees are things
    ("Defence lawyers lodged 85 amparo appeals for the detained students.", "en", []),
    ("Los defensores interpusieron 85 recursos de amparo por los estudiantes detenidos.", "es", []),
    # an age limit after a copula is no count
    ("Twelve of the 40 people arrested were under 21.", "en", [(12, "arrested", None), (40, "arrested", None)]),
    ("Doce de los 40 arrestados tenían menos de 21 años.", "es", [(12, "arrested", None), (40, "arrested", None)]),
    # "by the count of X", "según el recuento de X"
    ("About 1,700 people remain behind bars, by the count of Provea.", "en", [(1700, "detained_current", "Provea")]),
    ("Unas 1.700 personas siguen tras las rejas, según el recuento de Provea.", "es",
     [(1700, "detained_current", "Provea")]),
    # a participle of disclosure and its agent
    ("The figure, revealed by Provea at a news conference, was 310 arrests.", "en", [(310, "arrested", "Provea")]),
    ("La cifra, revelada por Provea en una rueda de prensa, fue de 310 detenciones.", "es",
     [(310, "arrested", "Provea")]),
    # a revision with its direction, and an infinitive of saying after "después de"
    ("Cofavic corrigió a la baja su balance a 21 muertos.", "es", [(21, "killed", "Cofavic")]),
    ("Cofavic revised its toll downward to 21 dead.", "en", [(21, "killed", "Cofavic")]),
    ("Cofavic rectificó su cifra después de afirmar durante meses que habían muerto 23.", "es",
     [(23, "killed", "Cofavic")]),
    ("Cofavic changed its figure after saying for months that 23 had died.", "en", [(23, "killed", "Cofavic")]),
    # a listener of several words
    ("Troops detained 31 people, residents told the El Pitazo news site.", "en", [(31, "arrested", "residents")]),
    ("Militares detuvieron a 31 personas, contaron vecinos al portal El Pitazo.", "es", [(31, "arrested", "vecinos")]),
    # the subject of a relative clause on the number's noun
    ("Los 40 arrestos que registra Provea se concentran en Lara.", "es", [(40, "arrested", "Provea")]),
    ("The 40 arrests that Provea recorded were concentrated in Lara.", "en", [(40, "arrested", "Provea")]),
    # "inmates" are people held, as "reclusos" are; a part of them stays a count of people held
    # even when its clause says when they were arrested (the convention of
    # test_figures.py::test_partitive_subset_of_a_stock_stays_a_stock)
    ("Some 300 inmates remain at Tocuyito, the prison ministry said.", "en",
     [(300, "detained_current", "the prison ministry")]),
    ("Unos 300 reclusos permanecen en Tocuyito, dijo el ministerio penitenciario.", "es",
     [(300, "detained_current", "el ministerio penitenciario")]),
    ("Thirty of the inmates at Yare had been detained in Valencia, their lawyer said.", "en",
     [(30, "detained_current", "their lawyer")]),
    ("Treinta de los reclusos de Yare habían sido detenidos en Valencia, dijo su abogada.", "es",
     [(30, "detained_current", "su abogada")]),
]


@pytest.mark.parametrize(("text", "lang", "want"), SET4_CLASSES, ids=[f"{c[1]}-{i}" for i, c in enumerate(SET4_CLASSES)])
def test_set4_class(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    if all(w for _, _, w in want):
        check(text, lang, want)
    else:  # metric-only cases (no source, or no figure at all)
        test_metric_class(text, lang, want)


# machine-translated names of the story's organisations name the organisation
TRANSLATED_NAMES: list[Case] = [
    ("The Penal Forum counted 1,650 political prisoners on Monday.", "en", [(1650, "detained_current", "Foro Penal")]),
    ("Justice, Encounter and Forgiveness said 40 detainees had been freed.", "en",
     [(40, "released", "Justicia, Encuentro y Perdón")]),
    ("The criminal forum said it counts 1,650 political prisoners. Another 30 were freed on Friday, "
     "the organization said.", "en", [(1650, "detained_current", "Foro Penal"), (30, "released", "Foro Penal")]),
    ("El Foro Penal contabilizó 1.650 presos políticos el lunes.", "es", [(1650, "detained_current", "Foro Penal")]),
    ("El Comité de Familiares de Detenidos del Zulia dijo que 40 detenidos fueron excarcelados.", "es",
     [(40, "released", "Comité de Familiares de Detenidos del Zulia")]),
]


@pytest.mark.parametrize(("text", "lang", "want"), TRANSLATED_NAMES, ids=[f"{c[1]}-{i}" for i, c in enumerate(TRANSLATED_NAMES)])
def test_translated_organisation_names(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    got = [f for f in extract_figures(text, language=lang) if f.metric != "other"]
    check(text, lang, want)
    # the name as the organisation goes by, not the translation
    assert all("forum" not in (f.attributed_to or "").lower() for f in got)


# "Unlike X, Y …" between a total and "of them": the parts are Y's; "cuenta N" counts
CONTRAST_THEN_PARTS: list[Case] = [
    ("El número de Cofavic difiere del de Provea, que contabiliza 875 personas detenidas. A diferencia de "
     "Provea, Cofavic distingue el origen de los presos. Unos 300 de ellos son estudiantes.", "es",
     [(875, "detained_current", "Provea"), (300, "detained_current", "Cofavic")]),
    ("Cofavic's number differs from that of Provea, which counts 875 people detained. Unlike Provea, Cofavic "
     "breaks down where the prisoners come from. Some 300 of them are students.", "en",
     [(875, "arrested", "Provea"), (300, "arrested", "Cofavic")]),
    # control: a sentence between that sets nobody against the source keeps the total's source
    ("Provea counts 875 people detained. It says the figure grows every week. Some 300 of them are students.", "en",
     [(875, "arrested", "Provea"), (300, "arrested", "Provea")]),
    ("Cofavic cuenta 900 presos políticos.", "es", [(900, "detained_current", "Cofavic")]),
]


@pytest.mark.parametrize(("text", "lang", "want"), CONTRAST_THEN_PARTS,
                         ids=[f"{c[1]}-{i}" for i, c in enumerate(CONTRAST_THEN_PARTS)])
def test_contrast_then_parts(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    check(text, lang, want)
