"""Write bench/heldout/set-c/ (articles/*.json, pairs.json, duplicates.json) from the texts below.

Held-out set C, written by helper h26 on 2026-12-08 in the style of real coverage (own wording),
blind: the writer read neither the extractor nor the claim rules and ran no scorer on it.
Offsets are computed here from the texts, so they are exact:

    python bench/heldout/build_set_c.py && python bench/heldout/validate.py bench/heldout/set-c

A figure is written as (span, ctx, value, qualifier, metric, unit, attributed_to, as_of, note):
``ctx`` is a substring of the text that contains ``span`` once and occurs once in the text
(None when ``span`` itself occurs once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from heldout_build import write_set

OUT = Path(__file__).resolve().parent / "set-c"

F = tuple[str, str | None, int, str, str, str, str | None, str | None, str | None]

ARTICLES: list[dict[str, Any]] = []


def art(id_: str, lang: str, published: str | None, publisher: str, slug: str, title: str,
        text: str, figures: list[F], nots: list[tuple[str, str]]) -> None:
    ARTICLES.append({"id": id_, "language": lang, "published": published, "publisher": publisher,
                     "slug": slug, "title": title, "text": text.strip(), "figures": figures,
                     "nots": nots})


SAAB = "Attorney General Tarek William Saab"
FSAAB = "fiscal general Tarek William Saab"
FP = "Foro Penal"

# ---------------------------------------------------------------- English -----------------

# hc01: wire brief, the first official arrest count.
art("hc01", "en", "2024-07-31", "Harbourline Wire", "saab-first-arrest-count",
    "Venezuela prosecutor says over a thousand held after vote protests",
    """
CARACAS, July 31 (Harbourline) - Tarek William Saab, Venezuela's attorney general, announced on Wednesday that 1,062 people had been arrested in two days of unrest after Sunday's presidential vote was called for the incumbent, and added that prosecutors would seek terrorism charges against many of them.
Speaking to reporters at the prosecutor's headquarters on Avenida México, Saab said 77 members of the police and armed forces had been hurt and that one National Guard sergeant had died of a gunshot wound in Aragua state.
He offered no figure for civilian deaths. Foro Penal, a Caracas legal aid group, said it had logged at least a dozen deaths since Monday, most of them from gunfire, across at least six states.
The electoral council has declared Nicolás Maduro re-elected, crediting him with 51.2 percent, but has released no station-level results. Opposition leaders say tally sheets it has posted online show that Edmundo González won comfortably.
Saab, 61, said the detainees would appear before a judge within 48 hours. Lawyers for several families said relatives were being turned away at police stations in Caracas and Valencia, and that no list of names had been posted.
(Reporting by the Caracas newsroom; editing by the Americas desk)
""",
    [("1,062", None, 1062, "exact", "arrested", "people arrested in the post-election unrest", SAAB, "2024-07-31", None),
     ("77", None, 77, "exact", "injured", "police and armed forces members injured", SAAB, "2024-07-31", None),
     ("one", "one National Guard sergeant", 1, "exact", "killed", "National Guard sergeant killed", SAAB, "2024-07-31", "a single death spelled as 'one'"),
     ("at least a dozen", None, 12, "at_least", "killed", "deaths in the protests since 29 July", FP, "2024-07-31", "'a dozen' read as 12")],
    [("two days", "duration"), ("51.2 percent", "vote share"), ("61", "age of the attorney general"),
     ("48 hours", "duration"), ("six states", "count of states, not people"), ("July 31", "dateline date")])

# hc02: long feature with quotes.
art("hc02", "en", "2024-08-24", "The Meridian Review", "mothers-at-the-gate-tocoron",
    "A month at the gate: the mothers who wait outside Tocorón",
    """
TOCORÓN, Aragua - Each morning before sunrise, Carmen Aguilera rides two buses to reach the gate of the prison where she thinks her son is locked up. She has not seen him since the night of July 29, when officers in Maracay grabbed him two blocks from their flat. He is 19.
"One day they say he is inside, the next day they say he isn't," she said, clutching a bag with rice, soap and a letter she has rewritten four times. "Nobody hands me a piece of paper."
Her son is among the 1,503 people Foro Penal had listed as political prisoners by August 21, a tally the group says climbs each time its lawyers finish checking a batch of names. The same list counts 112 detainees under 18, some of whom were moved to adult jails, which Venezuelan law forbids.
The government's account is different. On August 13, the chief prosecutor, Tarek William Saab, put at 2,229 the number of people arrested for what he called acts of violence, and said 25 people had lost their lives in the unrest, a toll he laid at the opposition's door. Later he told state television that "not one" of those held was a political prisoner.
Alfredo Romero, the director of Foro Penal, said the difference between the two numbers did not surprise him. "We only add a case when we have a name, an identity card and a lawyer who has read the file," he said. "So ours is lower, and it keeps going up."
Relatives say visits inside Tocorón, a prison once run by a gang that kept a pool and a small zoo there, last 20 minutes and food is scarce. Human Rights Watch said this week it had verified 11 of the killings, adding that several victims were shot in the head or chest.
Aguilera now runs a WhatsApp group with 43 other mothers. They swap photos of the lists taped to the gate. "When his name is there, we cry," she said. "When it is not, we come back the next day."
""",
    [("1,503", None, 1503, "exact", "detained_current", "political prisoners on Foro Penal's list", FP, "2024-08-21", None),
     ("112", None, 112, "exact", "minors_detained", "detainees under 18 on Foro Penal's list", FP, "2024-08-21", "'The same list' points back to Foro Penal"),
     ("2,229", None, 2229, "exact", "arrested", "people arrested for acts of violence", SAAB, "2024-08-13", "number after the verb phrase 'put at'"),
     ("25", None, 25, "exact", "killed", "deaths in the post-election unrest", SAAB, "2024-08-13", None),
     ("11", None, 11, "exact", "killed", "killings verified by Human Rights Watch", "Human Rights Watch", "2024-08", "verified subset of the protest deaths")],
    [("July 29", "date"), ("two buses", "count of buses"), ("two blocks", "distance"), ("19", "age"),
     ("four times", "count of rewrites"), ("under 18", "age bound inside a figure's unit"),
     ("not one", "quoted denial, not a count"), ("20 minutes", "duration"),
     ("43 other mothers", "members of a chat group, not a figure of the crackdown")])

# hc03: live-blog updates.
art("hc03", "en", "2024-08-14", "Coastline Daily", "live-venezuela-day-17",
    "Live: Venezuela after the vote, day 17 - Maduro gives a higher toll",
    """
14:05 - Welcome back to our live coverage. The attorney general's office figures from yesterday remain the only official ones: 25 dead, 192 injured and 2,229 arrested.
14:40 - On his weekly programme, President Nicolás Maduro has just given a higher death toll. "Twenty-seven Venezuelans lost their lives because of the fascists," he said. We have asked the prosecutor's office which number stands.
15:12 - Interior Minister Diosdado Cabello now says security forces have detained about 1,900 people since the unrest began on July 29, fewer than the prosecutor announced.
15:30 - A reader asks why Carabobo keeps coming up. In Saab's breakdown by state the largest number of arrests, 207, was made there, with Zulia next on 140.
16:02 - Foro Penal has updated its register: 1,406 political prisoners as of this afternoon, 114 of them teenagers. That is 103 more than on Monday.
16:45 - The communication ministry has posted 12 videos that it says show protesters attacking police posts. We have not been able to verify them, and the ministry did not say where they were filmed.
17:20 - Correction: an earlier post gave the wrong number for Cabello, 1,600. The 15:12 entry has been fixed and we apologise for the error.
""",
    [("25", None, 25, "exact", "killed", "deaths in the protests (official)", "attorney general's office", "2024-08-13", None),
     ("192", None, 192, "exact", "injured", "people injured in the protests (official)", "attorney general's office", "2024-08-13", None),
     ("2,229", None, 2229, "exact", "arrested", "people arrested (official)", "attorney general's office", "2024-08-13", None),
     ("Twenty-seven", None, 27, "exact", "killed", "Venezuelans killed in the protests", "President Nicolás Maduro", "2024-08-14", "spelled number inside a quote"),
     ("about 1,900", "about 1,900 people", 1900, "about", "arrested", "people detained since 29 July", "Interior Minister Diosdado Cabello", "2024-08-14", None),
     ("207", None, 207, "exact", "arrested", "arrests in Carabobo state", "Attorney General Tarek William Saab", "2024-08-13", "per-state part of the national count"),
     ("140", None, 140, "exact", "arrested", "arrests in Zulia state", "Attorney General Tarek William Saab", "2024-08-13", "per-state part; number after 'on'"),
     ("1,406", None, 1406, "exact", "detained_current", "political prisoners on Foro Penal's register", FP, "2024-08-14", None),
     ("114", None, 114, "exact", "minors_detained", "teenagers among the political prisoners", FP, "2024-08-14", None)],
    [("14:05", "time of a live-blog entry"),
     ("July 29", "date"), ("103 more", "difference between two registers, not a figure"),
     ("12 videos", "count of videos"), ("1,600", "value retracted in a correction"),
     ("17:20", "time of a live-blog entry")])

# hc04: Q&A explainer.
art("hc04", "en", "2024-11-20", "The Civic Ledger", "explainer-who-counts-prisoners",
    "Explainer: how many political prisoners does Venezuela hold, and who keeps count?",
    """
Who keeps the count?
Mostly Foro Penal, a network of volunteer lawyers. The list it published on November 18 holds 1,963 names, the highest number the group has recorded in a quarter century of work. Military officers make up 168 of them.
Why does the government give other numbers?
Because it denies that the category exists. Prosecutors speak of people charged with terrorism or incitement to hatred under a 2017 law, and insist that nobody in Venezuela is jailed for an opinion.
Are people being released?
Some. Prosecutors under Tarek William Saab say 225 detainees left prison on November 16 and 17 once their files had been reviewed. Foro Penal says that, by Tuesday, its lawyers had been able to confirm 107 of those releases, and that the rest could not be traced to any court order.
Are there children among the detainees?
Yes. The group's latest list counts 69 adolescents, whereas in August there were more than a hundred; since then youth courts have let dozens go on condition that they report every 15 days.
Has anyone died in custody?
Provea, a human rights group, has documented deaths in prison since the election. Saab, for his part, has acknowledged two, and put them down to pre-existing illnesses. Relatives of one of the men, who was held at Rodeo I, say he was denied medicine for weeks.
Where are they held?
In Tocorón and Tocuyito, two prisons the government reopened in August, and in the intelligence service's buildings in Caracas. Lawyers say some defendants face sentences of up to 30 years.
""",
    [("1,963", None, 1963, "exact", "detained_current", "political prisoners on Foro Penal's list", FP, "2024-11-18", "claim-maker is 'the group' of the previous sentence"),
     ("168", None, 168, "exact", "detained_current", "military officers among the political prisoners", FP, "2024-11-18", "subgroup"),
     ("225", None, 225, "exact", "released", "detainees released on 16-17 Nov 2024", SAAB, "2024-11-17", None),
     ("107", None, 107, "exact", "released", "releases of 16-17 Nov confirmed by Foro Penal", FP, "2024-11-19", "verified part of the claimed 225"),
     ("69", None, 69, "exact", "minors_detained", "adolescents on Foro Penal's list", FP, "2024-11-18", "'The group's latest list' is the source"),
     ("more than a hundred", None, 100, "more_than", "minors_detained", "adolescents on the list in August", FP, "2024-08", "earlier value in the same sentence"),
     ("two", "acknowledged two", 2, "exact", "killed", "post-election detainees who died in custody", SAAB, "2024-11-20", "deaths in custody; 'for his part' refers back to Saab")],
    [("November 18", "date"), ("a quarter century", "duration"), ("2017", "year of a law"),
     ("November 16 and 17", "dates"), ("every 15 days", "reporting interval"), ("Rodeo I", "prison name with a numeral"),
     ("up to 30 years", "sentence length"), ("two prisons", "count of prisons")])

# hc05: op-ed.
art("hc05", "en", "2025-01-09", "The Northern Courier", "oped-inauguration-prisoners",
    "Opinion: Before Friday's inauguration, remember who is still behind bars",
    """
On Friday Nicolás Maduro intends to be sworn in for a third six-year term. Foreign ministers will debate whether to send an ambassador. They should first read a list.
The list is kept by Foro Penal, and on Monday it held 1,697 names of people jailed for political reasons. That is fewer than the peak of nearly 2,000 reached in November, but only because some detainees were let out on conditions that allow the state to re-arrest them at will.
The prosecutor himself has boasted of more than 2,400 arrests since the July vote. His office even conceded that 38 people died in the protests, most of them young men from poor districts of Caracas, Valencia and Maracay. Human Rights Watch, which examined videos, death certificates and witness accounts, documented at least 24 killings, and found evidence that security forces or armed pro-government groups were behind most of them.
None of this is secret. The United States has raised the reward for information leading to Maduro's arrest to $25 million. The European Union has sanctioned 15 more officials. Yet the prisons are still full, and families still queue at Tocorón at five in the morning.
Governments that want to help should make a single demand before anything else: the release of every person on that list, starting with the teenagers. Until then, there is nothing to celebrate on Friday.
The author was a diplomat posted to Caracas from 2009 to 2013.
""",
    [("1,697", None, 1697, "exact", "detained_current", "political prisoners on Foro Penal's list", FP, "2025-01-06", "source given as 'The list is kept by'"),
     ("nearly 2,000", None, 2000, "nearly", "detained_current", "peak of Foro Penal's list", FP, "2024-11", None),
     ("more than 2,400", None, 2400, "more_than", "arrested", "arrests since the July 2024 vote", "attorney general Tarek William Saab", None, "'The prosecutor himself'"),
     ("38", None, 38, "exact", "killed", "deaths in the protests", "attorney general's office", None, "the op-ed misreports the official toll (28)"),
     ("at least 24", None, 24, "at_least", "killed", "killings documented by Human Rights Watch", "Human Rights Watch", None, "attribution before the number, long clause between")],
    [("third six-year term", "term count and length"), ("$25 million", "money"), ("15 more officials", "sanctioned officials, not detainees"),
     ("five in the morning", "time"), ("2009 to 2013", "years")])

# hc06: rights-group press release (EN); hc16 rewrites it in Spanish.
art("hc06", "en", "2025-07-15", "Justicia, Encuentro y Perdón (press office)", "jep-release-july-register",
    "PRESS RELEASE - A year after the vote, 912 people remain jailed for political reasons",
    """
FOR IMMEDIATE RELEASE
Caracas, 15 July 2025. Justicia, Encuentro y Perdón (JEP) today publishes its register of people detained for political reasons in Venezuela. As of 14 July 2025, the register lists 912 detainees, 87 of them women and 4 of them adolescents.
Almost a year after the presidential election of 28 July 2024, the State continues to hold hundreds of citizens without trial. JEP has confirmed that seven detainees have died in State custody since August 2024; in none of these cases has an independent autopsy been allowed.
The whereabouts of at least 46 detainees remain unknown to their families and lawyers. The organisation regards these cases as enforced disappearances under Article 45 of the Constitution and under international law.
The figures in this release come from JEP's own case files and do not include people released under precautionary measures. For comparison, Foro Penal's count the same week stood at 853.
JEP calls on the authorities to:
1. Publish the full list of detainees and the place where each one is held.
2. Allow families and private lawyers to visit within 72 hours of an arrest.
3. Release all adolescents immediately.
The full 64-page report is available on our website.
Press contact: prensa@jep.example.org | +58 212 555 0142
""",
    [("912", "912 detainees", 912, "exact", "detained_current", "people detained for political reasons on JEP's register", "Justicia, Encuentro y Perdón", "2025-07-14", None),
     ("87", None, 87, "exact", "detained_current", "women among the detainees", "Justicia, Encuentro y Perdón", "2025-07-14", "subgroup"),
     ("4", "4 of them adolescents", 4, "exact", "minors_detained", "adolescents among the detainees", "Justicia, Encuentro y Perdón", "2025-07-14", None),
     ("seven", None, 7, "exact", "killed", "detainees who died in State custody since Aug 2024", "Justicia, Encuentro y Perdón", "2025-07-14", "deaths in custody, spelled number"),
     ("at least 46", None, 46, "at_least", "disappeared", "detainees whose whereabouts are unknown", "Justicia, Encuentro y Perdón", "2025-07-14", None),
     ("853", None, 853, "exact", "detained_current", "political prisoners on Foro Penal's count", FP, "2025-07", "rival register quoted in the release")],
    [("15 July 2025", "date"), ("28 July 2024", "date"), ("Article 45", "article number"),
     ("1.", "list numbering"), ("72 hours", "duration"), ("64-page", "page count"),
     ("+58 212 555 0142", "telephone number")])

# hc07: radio transcript, January 2026 releases (numbers spoken and spelled out).
art("hc07", "en", "2026-01-13", "Radio Andes International", "americas-hour-releases-transcript",
    "Transcript: The Americas Hour - Venezuela's releases, five days on",
    """
HOST: Good evening, this is The Americas Hour. Five days after Jorge Rodríguez, the speaker of the National Assembly, promised what he called a significant number of releases, how many people have actually walked out? Our correspondent Lucía Ferrer is in Caracas. Lucía.
FERRER: Thank you. The government's figure, read out this afternoon by the prison ministry, is a hundred and eighty-seven people released since Thursday. That figure was up to Monday night.
HOST: And the human rights groups?
FERRER: Much lower. Foro Penal says its lawyers have confirmed fifty-six releases. On Saturday the count stood at eighteen. Gonzalo Himiob, one of the group's directors, told me they only count someone once a lawyer or a relative has seen them outside the prison gate.
HOST: How many are still inside?
FERRER: By Foro Penal's reckoning, more than eight hundred political prisoners. Families have been sleeping outside Rodeo One, east of the city, since Friday, because that is where several foreigners are held.
HOST: Delcy Rodríguez is now acting president after the events of January the third. Has she said anything?
FERRER: She spoke for about ninety minutes on state television last night and called the releases a gesture of peace, but she gave no number.
HOST: Lucía Ferrer in Caracas, thank you. After the break, the oil market.
[END OF SEGMENT 2]
""",
    [("a hundred and eighty-seven", None, 187, "exact", "released", "people released since 8 Jan 2026 (government)", "prison ministry", "2026-01-12", "spelled compound number"),
     ("fifty-six", None, 56, "exact", "released", "releases confirmed by Foro Penal", FP, "2026-01-13", "spelled number"),
     ("eighteen", None, 18, "exact", "released", "releases confirmed by Foro Penal by Saturday", FP, "2026-01-10", "earlier value of the same count"),
     ("more than eight hundred", None, 800, "more_than", "detained_current", "political prisoners still held", FP, "2026-01-13", "spelled number; 'By Foro Penal's reckoning'")],
    [("Five days", "duration"), ("January the third", "date"),
     ("ninety minutes", "duration"), ("Rodeo One", "prison name with a spelled numeral"),
     ("SEGMENT 2", "transcript segment number"), ("Thursday", "weekday")])

# hc08: regional paper (Florida), February 2026.
art("hc08", "en", "2026-02-12", "The Gulf Coast Chronicle", "doral-families-amnesty-law",
    "Doral families cautious as Caracas touts amnesty and prisoner releases",
    """
DORAL - At a bakery on NW 41st Street, where the radio is always tuned to a Venezuelan station, the talk on Wednesday was about one number.
Diosdado Cabello, Venezuela's interior minister, said on state television that 1,210 prisoners had been freed since January 8, and that the amnesty law approved by the National Assembly would "empty the cells" within weeks. Nobody at the counter believed him.
"My brother is still in El Helicoide. If they had freed twelve hundred people, he would be home," said Yamileth Carrasco, 52, who left Barquisimeto in 2017 and now works as a home health aide.
Foro Penal, the Venezuelan group that tracks detainees case by case, said its register still held 702 political prisoners on February 9. According to the group, more than 100 of those still behind bars are military officers, and many have been held for years, well before the 2024 election.
The amnesty law runs to 14 articles and covers offences committed since 1999, but it excludes anyone accused of homicide or drug trafficking, which lawyers say leaves room for the courts to keep many detainees inside.
Some 30 percent of Doral's residents were born in Venezuela, according to census estimates, and local groups have sent about $40,000 in medicines to prisoners' families since the summer.
Carrasco said she will believe it when her brother calls. "Numbers on television do not open doors," she said.
""",
    [("1,210", None, 1210, "exact", "released", "prisoners freed since 8 Jan 2026", "Interior Minister Diosdado Cabello", "2026-02-11", None),
     ("702", None, 702, "exact", "detained_current", "political prisoners on Foro Penal's register", FP, "2026-02-09", None),
     ("more than 100", None, 100, "more_than", "detained_current", "military officers still held", FP, "2026-02-09", "'According to the group' before the number")],
    [("NW 41st Street", "street address"), ("January 8", "date"), ("twelve hundred", "quoted bystander echoing Cabello's claim, not a figure"),
     ("52", "age"), ("2017", "year"), ("14 articles", "count of articles of a law"), ("1999", "year"),
     ("30 percent", "percentage of residents"), ("$40,000", "money"), ("February 9", "date")])

# ---------------------------------------------------------------- Spanish -----------------

# hc09: ES wire brief of the same briefing as hc01 (misreports the arrest count).
art("hc09", "es", "2024-07-31", "Agencia Austral de Noticias", "saab-detenidos-protestas",
    "Fiscalía venezolana cifra en 1.620 los detenidos tras dos días de protestas",
    """
Caracas, 31 jul (AAN).- El fiscal general de Venezuela, Tarek William Saab, cifró este miércoles en 1.620 los detenidos durante las protestas desatadas por el resultado oficial de los comicios del domingo, y adelantó que la mayoría será acusada de terrorismo.
En rueda de prensa, el funcionario informó además de setenta y siete efectivos policiales y militares heridos, así como de la muerte de un sargento de la Guardia Nacional Bolivariana en el estado Aragua.
La ONG Foro Penal, que brinda asistencia jurídica gratuita a los detenidos, contabiliza por su parte una docena de fallecidos desde el lunes, en su mayoría por impactos de bala. Según la organización, hay víctimas en seis estados del país.
El CNE declaró vencedor a Nicolás Maduro, a quien atribuye un 51,2 % de los sufragios, sin divulgar hasta ahora las actas mesa por mesa. La coalición opositora asegura que sus propias actas muestran que ganó Edmundo González Urrutia.
Saab advirtió que los detenidos serán presentados ante tribunales en un lapso de 48 horas y acusó a dirigentes de la oposición de financiar los disturbios, sin presentar pruebas. Organizaciones de abogados denunciaron que las familias no reciben información en los comandos policiales.
""",
    [("1.620", "en 1.620 los detenidos durante", 1620, "exact", "arrested", "detenidos durante las manifestaciones", FSAAB, "2024-07-31", "the agency misreports Saab's 1,062 (hc01)"),
     ("setenta y siete", None, 77, "exact", "injured", "efectivos policiales y militares heridos", FSAAB, "2024-07-31", "spelled number; 'el funcionario' refers back to Saab"),
     ("un sargento", None, 1, "exact", "killed", "sargento de la GNB fallecido", FSAAB, "2024-07-31", "a single death: 'la muerte de un sargento'"),
     ("una docena", None, 12, "about", "killed", "fallecidos en las protestas desde el 29 de julio", FP, "2024-07-31", "'una docena' read as 12")],
    [("31 jul", "fecha"), ("seis estados", "número de estados"), ("51,2 %", "porcentaje de votos"), ("48 horas", "plazo")])

# hc10: regional paper (Lara), per-state counts and a misread national figure.
art("hc10", "es", "2024-08-20", "El Vigía de Lara", "lara-detenidos-barquisimeto",
    "En Lara suman 96 detenidos por las protestas; madres piden noticias en Uribana",
    """
BARQUISIMETO.- Desde la madrugada del lunes, una veintena de madres hace guardia frente a la sede del Comando de Zona 12 de la Guardia Nacional, en la avenida Libertador, a la espera de una lista que no llega.
Según la Fiscalía regional, en el estado Lara fueron detenidas 96 personas por su presunta participación en los disturbios del 29 y el 30 de julio. A nivel nacional, Tarek William Saab, titular del Ministerio Público, había informado el 13 de agosto de 2.229 arrestos.
Foro Penal, en cambio, tiene registrados en la entidad 71 presos políticos, la mayoría jóvenes de los barrios del oeste de la ciudad. En su balance nacional del 14 de agosto, la misma organización contabilizaba 141 adolescentes privados de libertad en todo el país.
Dos personas murieron en Barquisimeto durante las protestas, de acuerdo con los registros del hospital Antonio María Pineda. Una de ellas, un estudiante de 17 años, recibió un disparo en la carrera 19 con calle 27.
"Nos dicen que los trasladaron a la cárcel de Uribana, pero allá nadie nos confirma nada", contó Mirla Sequera, de 48 años, que lleva seis días durmiendo en un banco de la plaza.
El gobernador del estado sostuvo que "no hay un solo preso político en Lara" y atribuyó las detenciones a "violentos pagados por intereses extranjeros". Los abogados de Foro Penal presentaron 23 solicitudes de habeas corpus ante los tribunales del estado, ninguna de las cuales ha sido respondida.
""",
    [("96", None, 96, "exact", "arrested", "personas detenidas en el estado Lara", "Fiscalía regional de Lara", "2024-08-20", "per-state count; passive 'fueron detenidas'"),
     ("2.229", None, 2229, "exact", "arrested", "arrestos a nivel nacional", FSAAB, "2024-08-13", None),
     ("71", None, 71, "exact", "detained_current", "presos políticos en el estado Lara", FP, "2024-08-20", "per-state register"),
     ("141", None, 141, "exact", "minors_detained", "adolescentes privados de libertad en todo el país", FP, "2024-08-14", "'la misma organización'; the paper misreads Foro Penal's 114 (hc03)"),
     ("Dos personas", None, 2, "exact", "killed", "muertos en Barquisimeto durante las protestas", "registros del hospital Antonio María Pineda", "2024-08-20", "local count, attribution after the number")],
    [("una veintena de madres", "madres en vigilia, no es una cifra de la represión"), ("Comando de Zona 12", "nombre de una unidad con número"),
     ("29 y el 30 de julio", "fechas"), ("13 de agosto", "fecha"), ("17 años", "edad"), ("carrera 19 con calle 27", "dirección"),
     ("48 años", "edad"), ("seis días", "duración"), ("un solo preso", "negación citada"), ("23 solicitudes", "número de recursos judiciales")])

# hc11: Q&A explainer (ES), late November 2024.
art("hc11", "es", "2024-11-25", "Cuadernos de Actualidad", "preguntas-excarcelaciones-noviembre",
    "Cinco preguntas para entender las excarcelaciones de noviembre en Venezuela",
    """
¿Cuántas personas salieron de prisión?
La Fiscalía asegura que fueron 225, todas excarceladas durante el fin de semana del 16 y 17 de noviembre tras una revisión de sus expedientes. Foro Penal solo ha podido verificar unas 110 de esas salidas, y pide al Ministerio Público que publique los nombres.
¿Quedan libres del todo?
No. Casi todos recibieron medidas cautelares: presentarse ante un tribunal cada 30 días y no salir del país. Sus causas por terrorismo siguen abiertas.
¿Cuántos presos políticos hay ahora?
La lista de Foro Penal, puesta al día el 25 de noviembre, suma 1.949. La cifra baja poco porque, al mismo tiempo que salían unos, entraban otros: la ONG contabilizó nuevas detenciones en Zulia y Táchira la semana pasada. Entre los presos hay 64 adolescentes.
¿Por qué las cifras oficiales cambian tanto?
Porque nadie las publica de forma completa. En agosto, Saab habló de 2.229 arrestos; en una entrevista de septiembre, en cambio, se refirió a "unos 1.800 detenidos" por las protestas, sin explicar la diferencia. Consultado por esta revista, su despacho no respondió.
¿Qué dice el Gobierno?
Que nadie está preso en el país por sus ideas, sino por "delitos comunes". Maduro pidió el 8 de noviembre a los jueces "rectificar" en los casos de detenidos que no cometieron actos violentos, y anunció que los penales de Tocorón y Tocuyito seguirán recibiendo a los acusados.
""",
    [("225", None, 225, "exact", "released", "excarcelados el 16-17 nov 2024", "Fiscalía (Ministerio Público)", "2024-11-17", None),
     ("unas 110", None, 110, "about", "released", "excarcelaciones verificadas por Foro Penal", FP, "2024-11-25", "rounded verified count (107 in hc04)"),
     ("1.949", None, 1949, "exact", "detained_current", "presos políticos en el registro de Foro Penal", FP, "2024-11-25", "figure after the question, attribution before it"),
     ("64", None, 64, "exact", "minors_detained", "adolescentes entre los presos políticos", FP, "2024-11-25", None),
     ("2.229", None, 2229, "exact", "arrested", "arrestos por las protestas (agosto)", FSAAB, "2024-08-13", None),
     ("unos 1.800", None, 1800, "about", "arrested", "detenidos por las protestas (septiembre)", FSAAB, "2024-09", "same source, lower cumulative count; number in quotes")],
    [("16 y 17 de noviembre", "fechas"), ("cada 30 días", "plazo"), ("25 de noviembre", "fecha"),
     ("8 de noviembre", "fecha")])

# hc12: Provea press release (ES); hc14 republishes it.
PROVEA_TEXT = """
COMUNICADO | Caracas, 10 de diciembre de 2024
En el Día de los Derechos Humanos, a 76 años de la Declaración Universal de 1948, el Programa Venezolano de Educación-Acción en Derechos Humanos (Provea) denuncia que tres presos de la ola de arrestos poselectoral murieron cuando se hallaban recluidos por el Estado. Los tres fallecimientos ocurrieron entre octubre y mediados de noviembre; dos de ellos en el Rodeo I y uno en Tocuyito.
Provea ha documentado 24 asesinatos ocurridos durante la represión de las protestas que siguieron al 28 de julio. La Fiscalía, por su parte, reconoce 28 muertes, pero atribuye la mayoría a "grupos opositores", versión que las investigaciones de esta organización no sostienen.
Nuestro registro contabiliza además más de 200 personas heridas por la acción de cuerpos de seguridad y de grupos armados progubernamentales, buena parte de ellas por armas de fuego.
Al menos 15 personas permanecen en situación de desaparición forzada: sus familiares desconocen dónde están recluidas y las autoridades se niegan a informarlo, en violación del artículo 44 de la Constitución.
Provea exige:
- La liberación plena de todas las personas detenidas por razones políticas.
- Autopsias independientes en los casos de muerte bajo custodia.
- Información inmediata sobre el paradero de cada persona detenida.
Contacto de prensa: comunicaciones@provea.example.org
"""

PROVEA_FIGS: list[F] = [
    ("tres presos", None, 3, "exact", "killed", "detenidos poselectorales fallecidos bajo custodia", "Provea", "2024-12-10", "deaths in custody; spelled number"),
    ("24", None, 24, "exact", "killed", "asesinatos durante la represión de las protestas", "Provea", "2024-12-10", None),
    ("28", "reconoce 28 muertes", 28, "exact", "killed", "muertes en las protestas (cifra oficial)", "Fiscalía (Ministerio Público)", "2024-12-10", "'por su parte'"),
    ("más de 200", None, 200, "more_than", "injured", "personas heridas por cuerpos de seguridad y grupos armados", "Provea", "2024-12-10", "'Nuestro registro' is the source"),
    ("Al menos 15", None, 15, "at_least", "disappeared", "personas en situación de desaparición forzada", "Provea", "2024-12-10", None),
]
PROVEA_NOTS = [("10 de diciembre de 2024", "fecha"), ("76 años", "aniversario"), ("1948", "año"),
               ("Rodeo I", "nombre de prisión con número"), ("28 de julio", "fecha"),
               ("artículo 44", "número de artículo"), ("dos de ellos", "desglose por prisión de las tres muertes"),
               ("uno en Tocuyito", "desglose por prisión")]

art("hc12", "es", "2024-12-10", "Provea (comunicados)", "comunicado-muertes-bajo-custodia",
    "Provea denuncia tres muertes bajo custodia y 15 desapariciones forzadas",
    PROVEA_TEXT, PROVEA_FIGS, PROVEA_NOTS)

# hc13: live blog (ES), January 2026.
art("hc13", "es", "2026-01-10", "El Observador Caribeño", "minuto-a-minuto-excarcelaciones",
    "Minuto a minuto: comienzan las excarcelaciones anunciadas por Jorge Rodríguez",
    """
09:15 | Buenos días. Seguimos el segundo día de excarcelaciones tras el anuncio que hizo el jueves Jorge Rodríguez, quien dirige el Parlamento, de poner en libertad a "un número importante" de reclusos.
10:02 | Según el último registro de Foro Penal, con fecha del 5 de enero, en Venezuela había 863 presos políticos antes del anuncio.
11:30 | Foro Penal confirma 18 excarcelaciones hasta esta hora. Entre ellas, cinco españoles que estaban en el Rodeo I.
12:48 | El Ministerio de Servicio Penitenciario difunde un comunicado: habla de "más de 100" personas excarceladas desde el jueves, sin dar nombres.
13:20 | El Comité por la Libertad de los Presos Políticos (Clippve) eleva su propio conteo a una veintena de liberaciones verificadas.
14:05 | Decenas de familiares esperan frente a El Helicoide. Una mujer de 67 años muestra una foto de su hijo, detenido desde agosto de 2024. Dice que nadie le ha dado una explicación y que seguirá esperando hasta que lo vea salir por la puerta.
16:40 | Delcy Rodríguez, presidenta encargada desde el 3 de enero, dice en cadena nacional que el proceso "apenas comienza" y que habrá más liberaciones la próxima semana.
18:10 | Cerramos por hoy la cobertura. Mañana, a las 9:00, seguimos.
""",
    [("863", None, 863, "exact", "detained_current", "presos políticos antes del anuncio", FP, "2026-01-05", None),
     ("18", "confirma 18", 18, "exact", "released", "excarcelaciones confirmadas por Foro Penal", FP, "2026-01-10", None),
     ("cinco", "cinco españoles", 5, "exact", "released", "españoles excarcelados del Rodeo I", FP, "2026-01-10", "subgroup of the 18; 'Entre ellas'"),
     ("más de 100", None, 100, "more_than", "released", "personas excarceladas desde el 8 de enero", "Ministerio de Servicio Penitenciario", "2026-01-10", "number in quotes"),
     ("una veintena", None, 20, "about", "released", "liberaciones verificadas por el Clippve", "Comité por la Libertad de los Presos Políticos", "2026-01-10", None)],
    [("09:15", "hora de la entrada"), ("segundo día", "ordinal"), ("5 de enero", "fecha"), ("Rodeo I", "nombre de prisión con número"),
     ("Decenas de familiares", "familiares que esperan, no es una cifra de la represión"), ("67 años", "edad"),
     ("agosto de 2024", "fecha"), ("3 de enero", "fecha"), ("9:00", "hora")])

# hc14: undated republication of hc12 with light edits.
art("hc14", "es", None, "Red Solidaria Informa", "provea-tres-muertes-custodia",
    "Provea: tres detenidos poselectorales murieron bajo custodia",
    "Caracas.- " + PROVEA_TEXT.split("\n", 2)[2].replace("denuncia que tres", "denunció que tres")
    .replace("Contacto de prensa: comunicaciones@provea.example.org\n", "")
    + "Difundido por Red Solidaria Informa con autorización de Provea.\n",
    PROVEA_FIGS, [n for n in PROVEA_NOTS if n[0] != "10 de diciembre de 2024"])

# hc15: long feature with quotes (ES), February 2026.
art("hc15", "es", "2026-02-14", "Revista Horizonte Sur", "cronica-liberaciones-cifras-que-no-cuadran",
    "Las cifras que no cuadran: crónica de un mes de liberaciones",
    """
Rosa Elena Pacheco aprendió a desconfiar de las cifras el día en que vio en la televisión que su hijo estaba libre. "Lo nombraron en una lista, y yo corrí a la puerta del penal. Él seguía adentro", cuenta en la sala de su casa en Catia, con la foto del muchacho, de 23 años, sobre la mesa.
Desde que Jorge Rodríguez anunció, el 8 de enero, las primeras excarcelaciones, el Gobierno ha ofrecido números que cambian según quién hable. El jueves 12 de febrero, Delcy Rodríguez, que ejerce la presidencia de forma interina, aseguró que 897 personas habían recuperado la libertad desde aquel día. La víspera, el ministro del Interior había dado otra cifra, muy superior.
Las organizaciones cuentan de otra manera. Foro Penal, que solo suma un caso cuando un abogado lo comprueba, había verificado hasta el 9 de febrero 431 excarcelaciones. En esa misma fecha su registro seguía mostrando 702 presos políticos, de los cuales poco más de 180 son militares y cerca de 60 son mujeres.
"No discutimos que haya salidas; discutimos que se inflen", dice Alfredo Romero, que dirige la organización. "Cada nombre que damos por libre lo hemos visto fuera."
Justicia, Encuentro y Perdón estima que entre 40 y 50 detenidos siguen sin paradero conocido. Martha Tineo, su coordinadora, lo resume así: "Una madre que no sabe dónde está su hijo no puede celebrar ninguna amnistía".
La Ley de Amnistía, de 14 artículos, fue aprobada el 5 de febrero en primera discusión, y sus críticos advierten que deja fuera a cientos de militares. Pacheco, mientras tanto, volvió a la puerta del penal el martes. Esta vez la lista no traía el nombre de su hijo.
""",
    [("897", None, 897, "exact", "released", "personas liberadas desde el 8 de enero (Gobierno)", "presidenta encargada Delcy Rodríguez", "2026-02-12", None),
     ("431", None, 431, "exact", "released", "excarcelaciones verificadas por Foro Penal desde el 8 de enero", FP, "2026-02-09", "number after the date phrase"),
     ("702", None, 702, "exact", "detained_current", "presos políticos en el registro de Foro Penal", FP, "2026-02-09", "'su registro'"),
     ("poco más de 180", None, 180, "more_than", "detained_current", "militares entre los presos políticos", FP, "2026-02-09", "subgroup"),
     ("cerca de 60", None, 60, "about", "detained_current", "mujeres entre los presos políticos", FP, "2026-02-09", "subgroup"),
     ("entre 40 y 50", None, 40, "at_least", "disappeared", "detenidos sin paradero conocido", "Justicia, Encuentro y Perdón", "2026-02-14", "range 40-50, annotated by its lower bound")],
    [("23 años", "edad"), ("8 de enero", "fecha"), ("jueves 12 de febrero", "fecha con día de la semana"),
     ("9 de febrero", "fecha"), ("14 artículos", "número de artículos de una ley"), ("5 de febrero", "fecha"),
     ("cientos de militares", "expresión vaga sobre el alcance de la ley, no una cifra")])

# hc16: ES write-up of the JEP release of hc06 (rewrite; misreads the disappeared count).
art("hc16", "es", "2025-07-16", "Diario Cordillera", "jep-912-detenidos-registro",
    "JEP: 912 personas siguen presas por motivos políticos a un año de las elecciones",
    """
Justicia, Encuentro y Perdón (JEP) dio a conocer este martes en Caracas su más reciente recuento de presos por motivos políticos: al 14 de julio, 912 personas seguían encarceladas. De ellas, 87 son mujeres y cuatro son adolescentes, precisó la ONG en un comunicado.
El informe, de 64 páginas, sostiene que siete detenidos han muerto en cárceles del Estado a partir de agosto de 2024, sin que se autorizara nunca una autopsia independiente. Las familias de al menos 64 detenidos desconocen su paradero, lo que la organización califica de desaparición forzada.
JEP aclaró que sus cifras proceden de sus propios expedientes y no incluyen a quienes recibieron medidas cautelares. Foro Penal, que lleva un registro paralelo, reportó esa misma semana 853 presos políticos.
Entre sus exigencias, la ONG pidió a las autoridades publicar la lista completa de detenidos con su lugar de reclusión, permitir las visitas de familiares y abogados privados en las primeras 72 horas tras cada arresto y poner en libertad de inmediato a los menores de edad.
Hasta el cierre de esta edición, ni el Ministerio Público ni el Ministerio de Servicio Penitenciario habían respondido al informe. Saab, por su parte, repite desde hace meses que Venezuela "no tiene presos políticos".
""",
    [("912", "912 personas", 912, "exact", "detained_current", "personas encarceladas por motivos políticos", "Justicia, Encuentro y Perdón", "2025-07-14", None),
     ("87", None, 87, "exact", "detained_current", "mujeres entre los detenidos", "Justicia, Encuentro y Perdón", "2025-07-14", "subgroup; attribution after ('precisó la ONG')"),
     ("cuatro", "cuatro son adolescentes", 4, "exact", "minors_detained", "adolescentes entre los detenidos", "Justicia, Encuentro y Perdón", "2025-07-14", None),
     ("siete", None, 7, "exact", "killed", "detenidos muertos bajo custodia desde agosto de 2024", "Justicia, Encuentro y Perdón", "2025-07-14", "'El informe' is the source"),
     ("al menos 64", None, 64, "at_least", "disappeared", "detenidos cuyo paradero se desconoce", "Justicia, Encuentro y Perdón", "2025-07-14", "the paper misreads JEP's 46 (hc06)"),
     ("853", None, 853, "exact", "detained_current", "presos políticos según Foro Penal", FP, "2025-07", None)],
    [("14 de julio", "fecha"), ("64 páginas", "número de páginas del informe"), ("agosto de 2024", "fecha"),
     ("72 horas", "plazo")])

# ---------------------------------------------------------------- pairs -------------------

PAIRS: list[tuple[str, str, str, int, str, int, str, bool, str, str]] = [
    # (pair_id, metric, article a, value a, article b, value b, relation, alert, confidence, why)
    ("HC-C1", "arrested", "hc01", 1062, "hc09", 1620, "contradict", True, "high",
     "Saab's arrest count at his 31 July 2024 briefing: 1,062 in an EN wire, 1.620 in an ES agency story of the same briefing. An outlet misreporting the source (transposed digits)."),
    ("HC-C2", "killed", "hc02", 25, "hc03", 27, "contradict", True, "high",
     "Official death toll of the protests, mid-August 2024: the attorney general says 25 (13 Aug), Maduro says twenty-seven (14 Aug). Two official sources disagreeing on one closed toll, one day apart, with no new deaths reported."),
    ("HC-C3", "arrested", "hc02", 2229, "hc03", 1900, "contradict", True, "medium",
     "People arrested since 29 July 2024: Saab 2,229 (13 Aug), Interior Minister Cabello about 1,900 (14 Aug). Two official sources; a cumulative count cannot fall a day later."),
    ("HC-C4", "arrested", "hc02", 2229, "hc11", 1800, "contradict", True, "medium",
     "Saab's cumulative count of protest arrests: 2,229 in August, 'unos 1.800' in a September interview. The same source revising a cumulative count downward without explanation."),
    ("HC-C5", "minors_detained", "hc03", 114, "hc10", 141, "contradict", True, "high",
     "Adolescents on Foro Penal's national register of 14 Aug 2024: 114 in the live blog, 141 in a regional paper citing the same bulletin. Misreport."),
    ("HC-C6", "released", "hc11", 225, "hc04", 107, "contradict", True, "medium",
     "Releases of 16-17 Nov 2024: the prosecutor's office claims 225; Foro Penal could confirm 107. Claimed vs verified for the same releases (dev-eval convention: alert)."),
    ("HC-C7", "killed", "hc04", 2, "hc12", 3, "contradict", True, "medium",
     "Post-election detainees who died in custody by late November 2024: Saab acknowledges two (20 Nov), Provea documents three, all of them between October and mid-November. Same claim, rival claim-makers."),
    ("HC-C8", "killed", "hc05", 38, "hc12", 28, "contradict", True, "high",
     "Official toll of the 2024 protests: the prosecutor's office recognises 28; an op-ed says the office 'conceded' 38. An outlet misreporting the source."),
    ("HC-C9", "released", "hc08", 1210, "hc15", 897, "contradict", True, "high",
     "Releases since 8 Jan 2026: Interior Minister Cabello says 1,210 (11 Feb), acting president Delcy Rodríguez says 897 the next day. Two official sources; a cumulative count cannot fall."),
    ("HC-C10", "released", "hc08", 1210, "hc15", 431, "contradict", True, "medium",
     "Releases since 8 Jan 2026: Cabello claims 1,210 (11 Feb), Foro Penal had verified 431 (9 Feb). Claimed vs verified, same period."),
    ("HC-C11", "released", "hc13", 100, "hc07", 18, "contradict", True, "medium",
     "Releases since 8 Jan 2026 as of Saturday 10 Jan: the prison ministry says more than 100, Foro Penal had confirmed eighteen. Claimed vs verified on the same day."),
    ("HC-C12", "injured", "hc03", 192, "hc12", 200, "contradict", True, "medium",
     "People injured in the 2024 protests: 192 in the attorney general's official figures, more than 200 in Provea's register. Rival claim-makers, incompatible values for one event."),
    ("HC-C13", "disappeared", "hc06", 46, "hc16", 64, "contradict", True, "high",
     "Detainees whose whereabouts were unknown on 14 July 2025 according to JEP: at least 46 in the group's release, at least 64 in a Spanish write-up of it. Misreport inside a rewrite."),
    ("HC-A1", "injured", "hc01", 77, "hc09", 77, "agree", False, "high",
     "Security force members injured (Saab, 31 July 2024): 77 and 'setenta y siete'."),
    ("HC-A2", "killed", "hc01", 12, "hc09", 12, "agree", False, "high",
     "Foro Penal's early death count: 'at least a dozen' and 'una docena'."),
    ("HC-A3", "killed", "hc01", 1, "hc09", 1, "agree", False, "high",
     "The National Guard sergeant killed in Aragua, in both reports of the 31 July briefing."),
    ("HC-A4", "arrested", "hc02", 2229, "hc03", 2229, "agree", False, "high",
     "Saab's 13 Aug 2024 arrest count in two outlets."),
    ("HC-A5", "killed", "hc02", 25, "hc03", 25, "agree", False, "high",
     "Official toll of 13 Aug 2024 (25) in two outlets."),
    ("HC-A6", "arrested", "hc03", 2229, "hc10", 2229, "agree", False, "high",
     "The national arrest count of 13 Aug 2024, recalled by a regional paper."),
    ("HC-A7", "arrested", "hc10", 2229, "hc11", 2229, "agree", False, "high",
     "Saab's August count in a regional paper and in a November explainer."),
    ("HC-A8", "arrested", "hc10", 96, "hc02", 2229, "agree", False, "high",
     "Per-state count: 96 arrests in Lara are part of the national 2,229. Different scope, no alert."),
    ("HC-A9", "arrested", "hc03", 207, "hc11", 2229, "agree", False, "high",
     "Per-state count: 207 arrests in Carabobo, part of the national 2,229."),
    ("HC-A10", "released", "hc04", 225, "hc11", 225, "agree", False, "high",
     "The prosecutor's 225 releases of 16-17 Nov 2024 in EN and ES explainers."),
    ("HC-A11", "released", "hc04", 107, "hc11", 110, "agree", False, "high",
     "Foro Penal-verified releases of the November weekend: 107 and 'unas 110'. Rounding."),
    ("HC-A12", "killed", "hc05", 24, "hc12", 24, "agree", False, "medium",
     "Protest killings documented by Human Rights Watch (at least 24) and by Provea (24). Compatible."),
    ("HC-A13", "killed", "hc12", 3, "hc14", 3, "agree", False, "high", "Republished copy (HC-D1): deaths in custody."),
    ("HC-A14", "killed", "hc12", 24, "hc14", 24, "agree", False, "high", "Republished copy (HC-D1): Provea's 24 killings."),
    ("HC-A15", "killed", "hc12", 28, "hc14", 28, "agree", False, "high", "Republished copy (HC-D1): the official 28."),
    ("HC-A16", "injured", "hc12", 200, "hc14", 200, "agree", False, "high", "Republished copy (HC-D1): more than 200 injured."),
    ("HC-A17", "disappeared", "hc12", 15, "hc14", 15, "agree", False, "high", "Republished copy (HC-D1): at least 15 disappeared."),
    ("HC-A18", "detained_current", "hc06", 912, "hc16", 912, "agree", False, "high", "JEP register of 14 July 2025 in the release and its ES rewrite (HC-R1)."),
    ("HC-A19", "detained_current", "hc06", 87, "hc16", 87, "agree", False, "high", "Women on JEP's register, release and rewrite."),
    ("HC-A20", "minors_detained", "hc06", 4, "hc16", 4, "agree", False, "high", "Adolescents on JEP's register: 4 and 'cuatro'."),
    ("HC-A21", "killed", "hc06", 7, "hc16", 7, "agree", False, "high", "JEP: seven deaths in custody since Aug 2024, release and rewrite."),
    ("HC-A22", "detained_current", "hc06", 853, "hc16", 853, "agree", False, "high", "Foro Penal's count quoted by JEP (853), release and rewrite."),
    ("HC-A23", "released", "hc13", 18, "hc07", 18, "agree", False, "high", "Foro Penal-confirmed releases by Saturday 10 Jan 2026: 18 and 'eighteen'."),
    ("HC-A24", "released", "hc13", 20, "hc07", 18, "agree", False, "medium",
     "Verified releases on 10 Jan 2026: Clippve 'una veintena', Foro Penal eighteen. Two NGO counts compatible after rounding."),
    ("HC-A25", "detained_current", "hc08", 702, "hc15", 702, "agree", False, "high", "Foro Penal register of 9 Feb 2026 in EN and ES reports."),
    ("HC-A26", "detained_current", "hc08", 100, "hc15", 180, "agree", False, "high",
     "Military officers on Foro Penal's 9 Feb 2026 register: 'more than 100' and 'poco más de 180'. Compatible bounds of one subgroup."),
    ("HC-A27", "detained_current", "hc15", 702, "hc08", 100, "agree", False, "high",
     "Total register (702) vs its military subgroup (more than 100). Subgroup, no alert."),
    ("HC-A28", "killed", "hc02", 11, "hc03", 25, "agree", False, "low",
     "Human Rights Watch 'verified 11 of the killings' (explicitly a subset) vs the official toll of 25. A verified subset, not a rival total."),
    ("HC-A29", "killed", "hc12", 3, "hc06", 7, "agree", False, "medium",
     "Deaths in custody: three by mid-November 2024 (Provea), seven by July 2025 (JEP). Different periods of a growing count."),
    ("HC-A30", "minors_detained", "hc04", 100, "hc02", 112, "agree", False, "high",
     "Adolescents held in August 2024: 'more than a hundred' (recalled in November) and 112 on 21 Aug."),
    ("HC-U1", "arrested", "hc01", 1062, "hc02", 2229, "update", False, "high", "Saab's cumulative arrest count: 1,062 (31 Jul) then 2,229 (13 Aug 2024)."),
    ("HC-U2", "detained_current", "hc03", 1406, "hc02", 1503, "update", False, "high", "Foro Penal register: 1,406 (14 Aug) then 1,503 (21 Aug 2024)."),
    ("HC-U3", "minors_detained", "hc03", 114, "hc02", 112, "update", False, "high", "Teenagers on Foro Penal's register: 114 (14 Aug) then 112 (21 Aug 2024). A stock can fall."),
    ("HC-U4", "detained_current", "hc02", 1503, "hc04", 1963, "update", False, "high", "Foro Penal register: 1,503 (21 Aug) then 1,963 (18 Nov 2024)."),
    ("HC-U5", "detained_current", "hc04", 1963, "hc11", 1949, "update", False, "high", "Foro Penal register: 1,963 (18 Nov) then 1.949 (25 Nov 2024) after releases and new arrests."),
    ("HC-U6", "minors_detained", "hc04", 69, "hc11", 64, "update", False, "high", "Adolescents on Foro Penal's register: 69 (18 Nov) then 64 (25 Nov 2024)."),
    ("HC-U7", "killed", "hc02", 25, "hc12", 28, "update", False, "medium", "Official toll: 25 (Saab, 13 Aug) then 28 recognised by the prosecutor's office (Dec 2024)."),
    ("HC-U8", "arrested", "hc02", 2229, "hc05", 2400, "update", False, "medium", "Saab's arrest count: 2,229 (13 Aug 2024) then 'more than 2,400' (recalled Jan 2025)."),
    ("HC-U9", "detained_current", "hc05", 1697, "hc06", 853, "update", False, "high", "Foro Penal register: 1,697 (6 Jan 2025) then 853 (July 2025)."),
    ("HC-U10", "detained_current", "hc13", 863, "hc07", 800, "update", False, "high", "Foro Penal register: 863 (5 Jan 2026) then 'more than eight hundred' (13 Jan)."),
    ("HC-U11", "released", "hc13", 18, "hc07", 56, "update", False, "high", "Foro Penal-confirmed releases: 18 (10 Jan) then fifty-six (13 Jan 2026)."),
    ("HC-U12", "released", "hc13", 100, "hc07", 187, "update", False, "high", "Prison ministry: 'más de 100' (10 Jan) then a hundred and eighty-seven (12 Jan 2026)."),
    ("HC-U13", "detained_current", "hc07", 800, "hc08", 702, "update", False, "high", "Foro Penal register: more than 800 (13 Jan) then 702 (9 Feb 2026)."),
    ("HC-U14", "released", "hc07", 56, "hc15", 431, "update", False, "high", "Foro Penal-verified releases since 8 Jan 2026: fifty-six (13 Jan) then 431 (9 Feb)."),
    ("HC-U15", "disappeared", "hc06", 46, "hc15", 40, "update", False, "medium", "JEP's count of detainees with unknown whereabouts: at least 46 (July 2025) then 'entre 40 y 50' (Feb 2026)."),
]

DUPLICATES = {
    "description": "Held-out set C (written by h26, 2026-12-08). Same structure as dev-eval duplicates.json.",
    "duplicate_groups": [
        {"group_id": "HC-D1", "kind": "republication_light_edits", "members": ["hc12", "hc14"],
         "source": "Provea press release, 10 Dec 2024 (three deaths in custody, 24 killings, official 28, more than 200 injured, at least 15 disappeared)",
         "why": "hc14 is an undated aggregator copy of hc12: header line replaced by 'Caracas.-', 'denuncia' changed to 'denunció', press contact dropped and a credit line added. Same figures."},
    ],
    "rewrite_groups": [
        {"group_id": "HC-R1", "members": ["hc06", "hc16"],
         "why": "JEP's EN press release of 15 July 2025 and a Spanish paper's write-up of it the next day: same register (912 / 87 / 4 / seven / 853), different wording; the disappeared count drifts from 46 to 64 (HC-C13)."},
    ],
    "hard_negatives": [
        {"id": "HC-H1", "members": ["hc01", "hc09"], "event": "Saab's briefing of 31 July 2024",
         "why": "Two independent wire reports of the same press conference in EN and ES, written separately, with different arrest figures (1,062 vs 1.620)."},
        {"id": "HC-H2", "members": ["hc02", "hc03"], "event": "Official and Foro Penal counts of mid-August 2024",
         "why": "A feature and a live blog sharing Saab's 25 / 2,229; different stories and different Foro Penal registers."},
        {"id": "HC-H3", "members": ["hc08", "hc15"], "event": "Releases and the amnesty law, February 2026",
         "why": "Independent reports sharing Foro Penal's 702 register; different claim-makers (Cabello vs Delcy Rodríguez) and different stories."},
        {"id": "HC-H4", "members": ["hc07", "hc13"], "event": "January 2026 releases",
         "why": "A radio transcript and a live blog three days apart with different counts (18 vs fifty-six, 'más de 100' vs 187)."},
    ],
}

# ---------------------------------------------------------------- build -------------------

def build() -> None:
    write_set(OUT, ARTICLES, PAIRS, DUPLICATES, "heldout-set-c (written by h26)")


if __name__ == "__main__":
    build()
