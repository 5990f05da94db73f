"""Write bench/heldout/set-a/ (articles/*.json, pairs.json, duplicates.json) from the texts below.

Held-out set A, written by helper h18 on 2026-12-07 in the style of real coverage (own wording).
Offsets are computed here from the texts, so they are exact:

    python bench/heldout/build_set_a.py && python bench/heldout/validate.py bench/heldout/set-a

A figure is written as (span, ctx, value, qualifier, metric, unit, attributed_to, as_of, note):
``ctx`` is a substring of the text that contains ``span`` once and occurs once in the text
(None when ``span`` itself occurs once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from heldout_build import write_set

OUT = Path(__file__).resolve().parent / "set-a"

F = tuple[str, str | None, int, str, str, str, str | None, str | None, str | None]

ARTICLES: list[dict[str, Any]] = []


def art(id_: str, lang: str, published: str | None, publisher: str, slug: str, title: str,
        text: str, figures: list[F], nots: list[tuple[str, str]]) -> None:
    ARTICLES.append({"id": id_, "language": lang, "published": published, "publisher": publisher,
                     "slug": slug, "title": title, "text": text.strip(), "figures": figures,
                     "nots": nots})


# ---------------------------------------------------------------- English -----------------

art("ha01", "en", "2024-08-03", "Northbridge Wire", "maduro-arrest-count",
    "Maduro puts post-vote arrests at 2,229 as rights groups count the dead",
    """
CARACAS, Aug 3 (Northbridge) - Venezuelan security forces have detained 2,229 people since street protests broke out against the official result of Sunday's presidential vote, President Nicolás Maduro told supporters on Friday, calling those held "terrorists" who would face the harshest penalties.
The figure is three times the tally Attorney General Tarek William Saab gave on Tuesday, when he spoke of 749 arrests. Maduro said two prisons, Tocorón in Aragua and Tocuyito in Carabobo, were being refitted to receive the detainees within 15 days.
Rights monitors describe a different picture. Foro Penal, a legal aid group whose lawyers visit police stations across the country, said at least 11 people had been killed in the unrest, most of them by gunfire. The group's head, Alfredo Romero, added that its lawyers had confirmed no fewer than 90 teenagers among those picked up.
"They took my son from the doorway of our building. He is 16 and he was not even marching," said Yelitza Marcano, who waited outside a police post in Petare on Thursday. She said officers told her more than 40 boys from the neighbourhood were inside.
The National Electoral Council declared Maduro the winner with 51.2% of the vote but has yet to publish a breakdown by polling station. The opposition says copies of more than 80% of the tally sheets show its candidate, Edmundo González, won by a wide margin.
Once again the government accused the opposition of plotting a coup. Washington and several Latin American governments have called for the full results to be released.
""",
    [("2,229", "detained 2,229 people", 2229, "exact", "arrested", "people", "President Nicolás Maduro", "2024-08-02", None),
     ("749", None, 749, "exact", "arrested", "arrests", "Attorney General Tarek William Saab", "2024-07-30", "earlier official count, two sentences after the lede"),
     ("at least 11", None, 11, "at_least", "killed", "people", "Foro Penal", None, None),
     ("no fewer than 90", None, 90, "at_least", "minors_detained", "teenagers among those arrested", "Foro Penal (Alfredo Romero)", None, "'no fewer than' mapped to at_least"),
     ("more than 40", None, 40, "more_than", "detained_current", "boys held at a Petare police post", "Yelitza Marcano (relative, citing officers)", None, "bystander's number, one police post"),
     ],
    [("Aug 3", "dateline date"), ("three times", "ratio between two counts"), ("two prisons", "count of prisons"),
     ("15 days", "duration"), ("16", "age"), ("51.2%", "vote share"), ("more than 80%", "share of tally sheets"),
     ("Once again", "adverb, not a number")])

art("ha02", "en", "2024-08-14", "Andean Ledger", "foro-penal-register-1581",
    "Foro Penal register of political prisoners passes 1,500",
    """
The number of people Venezuela holds for political reasons has climbed to 1,581, the highest in the quarter century that Foro Penal has been keeping records, the group said on Tuesday.
The register, updated to Monday, August 12, includes 1,444 people who were picked up after the July 28 election, meaning that the vast majority of the prisoners on the list were jailed in the past two weeks. A week earlier the same list stood at 1,503.
Men make up 1,342 of those held and women 239, the lawyers said. Teenagers account for 114 of the total; the youngest is 14.
The group stresses that it lists only cases it has verified with a lawyer or a relative, so the real figure is likely higher. Government officials have given larger numbers for arrests but have not said how many people remain behind bars.
At the gates of Tocuyito prison, west of Valencia, relatives queue from dawn with bags of food and medicine. "There are more than 300 of our kids in here, and not one has seen a judge," said Marisol Peña, whose 19-year-old nephew was transferred there last week. Foro Penal said it could not confirm how many of its registered prisoners are in Tocuyito.
Several detainees face charges of terrorism and of inciting hatred, offences that carry sentences of up to 30 years, according to defence lawyers. Hearings have been held online, often at night, and families say defendants were assigned public defenders they had never met.
The United Nations human rights office said on Tuesday that it had received reports of dozens of arbitrary arrests and urged the authorities to release those held for peacefully protesting.
""",
    [("1,581", None, 1581, "exact", "detained_current", "political prisoners", "Foro Penal", "2024-08-12", None),
     ("1,444", None, 1444, "exact", "detained_current", "political prisoners arrested after the 28 July election", "Foro Penal", "2024-08-12", "subset of the current register (stock), not an arrest total"),
     ("1,503", None, 1503, "exact", "detained_current", "political prisoners (register a week earlier)", "Foro Penal", "2024-08-05", "earlier value of the register"),
     ("1,342", None, 1342, "exact", "detained_current", "political prisoners who are men", "Foro Penal", "2024-08-12", "breakdown by sex"),
     ("239", None, 239, "exact", "detained_current", "political prisoners who are women", "Foro Penal", "2024-08-12", "breakdown by sex"),
     ("114", None, 114, "exact", "minors_detained", "teenagers among the political prisoners", "Foro Penal", "2024-08-12", None),
     ("more than 300", None, 300, "more_than", "detained_current", "detainees in Tocuyito prison", "Marisol Peña (relative)", None, "quoted bystander, one prison"),
     ],
    [("quarter century", "duration"), ("August 12", "date"), ("July 28", "date"), ("two weeks", "duration"),
     ("14", "age"), ("19-year-old", "age"), ("up to 30 years", "sentence length"),
     ("dozens", "vague quantity of reports")])

art("ha03", "en", "2024-10-16", "Caribbean Monitor", "foro-penal-1905",
    "Political prisoners in Venezuela: 1,905 on Foro Penal's latest list",
    """
Foro Penal counted 1,905 political prisoners in Venezuela as of October 14, a figure that has barely moved in a month even as the government insists that the courts are reviewing cases.
Of those on the list, 1,773 were arrested in the wave of detentions that followed the presidential election, according to the breakdown the organisation posted on its website. The rest were jailed before the vote, some of them years ago.
By sex, the tally is 1,665 men and 240 women. By status, 1,748 are civilians and 157 members of the armed forces. Sixty-seven are adolescents under 18, down from more than a hundred in late August after juvenile courts freed dozens of teenagers on probation.
Foro Penal has logged 17,936 politically motivated arrests since 2014. The register this week showed 21 fewer prisoners than the previous one.
Since August three post-election detainees have died behind bars, according to Clippve, a committee of prisoners' families, whose members say the men went without medical care. The prison ministry rejected the accusation and said all inmates receive treatment.
Gonzalo Himiob, a Foro Penal director, said the lawyers of the group had been barred from at least four hearings this month. "They once let us in; now the court door stays shut," he said.
Most of the post-election prisoners are held in Tocorón, Tocuyito and Yare III, facilities that rights groups describe as overcrowded.
""",
    [("1,905", None, 1905, "exact", "detained_current", "political prisoners", "Foro Penal", "2024-10-14", None),
     ("1,773", None, 1773, "exact", "detained_current", "political prisoners arrested after the election", "Foro Penal", "2024-10-14", "subset of the register; 'were arrested' describes when, the count is of people held"),
     ("1,665", None, 1665, "exact", "detained_current", "political prisoners who are men", "Foro Penal", "2024-10-14", "breakdown by sex"),
     ("240", None, 240, "exact", "detained_current", "political prisoners who are women", "Foro Penal", "2024-10-14", "breakdown by sex"),
     ("1,748", None, 1748, "exact", "detained_current", "civilian political prisoners", "Foro Penal", "2024-10-14", "breakdown"),
     ("157", None, 157, "exact", "detained_current", "military political prisoners", "Foro Penal", "2024-10-14", "breakdown"),
     ("Sixty-seven", None, 67, "exact", "minors_detained", "adolescents among the political prisoners", "Foro Penal", "2024-10-14", None),
     ("more than a hundred", None, 100, "more_than", "minors_detained", "adolescents held (late August)", "Foro Penal", None, "earlier value"),
     ("17,936", None, 17936, "exact", "arrested", "politically motivated arrests since 2014", "Foro Penal", None, None),
     ("21 fewer", None, 21, "exact", "other", "net change on the previous register", "Foro Penal", None, "change since the previous register, not a total"),
     ("three", "three post-election detainees", 3, "exact", "killed", "post-election detainees who died in state custody", "Clippve", None, "deaths in custody, not protest deaths"),
     ],
    [("October 14", "date"), ("under 18", "age limit"), ("dozens", "vague quantity"), ("2014", "year"),
     ("at least four hearings", "count of hearings"), ("once", "adverb, not a number"), ("Yare III", "prison name")])

art("ha04", "en", "2024-11-18", "Meridian Newswire", "weekend-releases",
    "Venezuela frees prisoners over the weekend; lawyers verify fewer than announced",
    """
Venezuelan prosecutors said on Sunday that 225 people arrested during the post-election unrest had walked free over the weekend, part of a review of cases ordered by President Nicolás Maduro after the prison population swelled.
Rights lawyers were more cautious. By Sunday evening Foro Penal had confirmed 110 of the releases, its vice president Gonzalo Himiob said, adding that the group expected the number to grow as families reported back from the prisons. Roughly 40 of those confirmed came out of Tocorón and 29 from Tocuyito, he said.
"It is welcome, but nobody should have been there in the first place," Himiob told reporters. The releases are conditional: those freed must report to a court every 30 days and are barred from speaking to the media about their cases.
Among them was a 17-year-old from Barquisimeto who spent 108 days in a cell for filming a protest on his phone, his mother said. Police had deleted the two videos he recorded, she added.
Official figures put the toll of the protests at 28 dead and nearly 200 injured, while more than 2,400 people were arrested, the attorney general's office said. The opposition and rights groups say most of those held were rounded up in poor neighbourhoods in the days after the vote.
Attorney General Tarek William Saab has said the review is a government initiative and accused non-governmental organisations of claiming credit for it.
""",
    [("225", None, 225, "exact", "released", "people released over the weekend", "prosecutors (attorney general's office)", "2024-11-17", None),
     ("110", None, 110, "exact", "released", "releases confirmed by Sunday evening", "Foro Penal (Gonzalo Himiob)", "2024-11-17", None),
     ("Roughly 40", None, 40, "about", "released", "releases from Tocorón", "Foro Penal (Gonzalo Himiob)", "2024-11-17", "breakdown by prison of the 110"),
     ("29", None, 29, "exact", "released", "releases from Tocuyito", "Foro Penal (Gonzalo Himiob)", "2024-11-17", "breakdown by prison of the 110"),
     ("28", "at 28 dead", 28, "exact", "killed", "people", "attorney general's office (official figures)", None, None),
     ("nearly 200", None, 200, "nearly", "injured", "people", "attorney general's office (official figures)", None, None),
     ("more than 2,400", None, 2400, "more_than", "arrested", "people", "attorney general's office (official figures)", None, None),
     ],
    [("every 30 days", "interval"), ("17-year-old", "age"), ("108 days", "duration"), ("two videos", "count of videos")])

art("ha05", "en", "2025-04-22", "Latitude Review", "hrw-24-killings",
    "Rights report tallies 24 killings in Venezuela's post-election crackdown",
    """
Human Rights Watch has documented 24 killings during the protests that followed Venezuela's July 2024 presidential election, including two teenagers, and says evidence points to security forces or pro-government armed groups in most of them.
The New York-based organisation said in a report released on Tuesday that it had verified videos, photographs and autopsy records for the cases, and interviewed more than 100 witnesses, relatives and lawyers. It reviewed 56 videos in all.
The government's own figure is higher. Officials have long said that 28 people died in the unrest, a number they attribute largely to violence by opposition supporters. Neither tally has been broken down by the authorities.
The report also looks at the aftermath. Foro Penal, which tracks detentions, said 897 people remained jailed for political reasons on April 7, down from close to 2,000 at the end of last year after successive waves of releases. Prosecutors have said more than 1,900 detainees have been freed since November.
Six people detained after the vote have died in custody, according to a count kept by relatives' groups that Human Rights Watch cites. The most recent, a 52-year-old trade unionist, died in March after collapsing in his cell at El Rodeo I.
"The families are asking for something simple: a name, a charge, a lawyer of their choosing," said Juanita Goebertus, the group's Americas director. The government did not respond to a request for comment.
""",
    [("24", None, 24, "exact", "killed", "killings during the post-election protests", "Human Rights Watch", None, None),
     ("two", "including two teenagers", 2, "exact", "killed", "teenagers among the dead", "Human Rights Watch", None, "subgroup of the 24"),
     ("28", None, 28, "exact", "killed", "people", "government officials", None, None),
     ("897", None, 897, "exact", "detained_current", "people jailed for political reasons", "Foro Penal", "2025-04-07", None),
     ("close to 2,000", None, 2000, "nearly", "detained_current", "people jailed for political reasons (end of 2024)", "Foro Penal", None, "earlier value"),
     ("more than 1,900", None, 1900, "more_than", "released", "detainees freed since November 2024", "prosecutors", None, None),
     ("Six", None, 6, "exact", "killed", "post-election detainees who died in custody", "relatives' groups (cited by Human Rights Watch)", None, "deaths in custody; passive-style attribution 'a count kept by'"),
     ],
    [("July 2024", "date"), ("more than 100 witnesses", "count of interviewees"), ("56 videos", "count of videos"),
     ("April 7", "date"), ("52-year-old", "age"), ("El Rodeo I", "prison name")])

art("ha06", "en", None, "Harbor Post (wire rewrite)", "us-venezuela-swap",
    "Americans freed as Venezuela and US swap prisoners",
    """
Ten Americans and US permanent residents held in Venezuela were flown home on Friday in an exchange that also returned 252 Venezuelan migrants whom the United States had deported to a mega-prison in El Salvador, officials in Washington said.
As part of the deal, Caracas agreed to free 80 Venezuelans whom the US government considers political prisoners, Secretary of State Marco Rubio said. Rights groups said they could confirm only a few dozen of those releases by Saturday morning.
The migrants had spent four months in the Terrorism Confinement Center, known as CECOT, after being expelled under an 18th-century wartime law. Their relatives gathered at the Maiquetía airport outside Caracas to greet the two planes.
Foro Penal said it still counted more than 850 political prisoners in the country as of Monday, July 14, before the exchange was announced. The group's director said that list included 16 foreigners or dual nationals.
Among the Americans freed was a former Marine who had been held since September 2024, whose family said he had lost 20 kilos in detention. Another, detained while crossing from Colombia, had been accused of plotting to kill Maduro, a charge his lawyers called absurd.
Venezuelan officials presented the migrants' return as a victory, saying the exchange was reached "once again through dialogue". The White House thanked El Salvador's president, Nayib Bukele, for his help.
""",
    [("Ten", None, 10, "exact", "released", "Americans and US permanent residents", "officials in Washington", None, "foreign citizens freed in the exchange"),
     ("252", None, 252, "exact", "other", "Venezuelan migrants returned from El Salvador", "officials in Washington", None, "migrants in an exchange, not prisoners of the story"),
     ("80", None, 80, "exact", "released", "Venezuelan political prisoners to be freed under the deal", "Secretary of State Marco Rubio", None, "announced release batch"),
     ("more than 850", None, 850, "more_than", "detained_current", "political prisoners", "Foro Penal", "2025-07-14", None),
     ("16", None, 16, "exact", "detained_current", "foreigners or dual nationals among the political prisoners", "Foro Penal (director)", "2025-07-14", "subgroup of the register"),
     ],
    [("a few dozen", "vague quantity"), ("four months", "duration"), ("18th-century", "century"),
     ("two planes", "count of aircraft"), ("July 14", "date"), ("September 2024", "date"),
     ("20 kilos", "weight"), ("once again", "adverb, not a number")])

art("ha07", "en", "2026-01-13", "Northbridge Wire", "116-freed-41-verified",
    "Venezuela says 116 prisoners freed; monitors count 41",
    """
CARACAS, Jan 12 (Northbridge) - Venezuela's prison ministry said on Monday it had released 116 people in recent days, the largest batch since the interim authorities promised to empty the cells of political detainees after Nicolás Maduro was taken into US custody.
The ministry did not publish names. Foro Penal, whose lawyers track each case, said its lawyers had confirmed that 41 political prisoners walked out since Thursday, January 8, including 24 people who left El Rodeo I and La Crisálida overnight.
"Every name we confirm is a family that can breathe again, but the numbers the ministry gives do not match what we see at the gates," said Alfredo Romero, the group's president. He said at least 806 people were still behind bars for political reasons.
Among those freed were five Spaniards and an Italian-Venezuelan journalist, their governments said. Spain's foreign minister said two more Spanish nationals were expected to be released this week.
Relatives have camped outside El Helicoide, the intelligence service headquarters in Caracas, since the weekend. Some hold photographs; others write the names of the missing on cardboard.
Delcy Rodríguez, who leads the interim government, has said the releases show a "new moment" for the country. Opposition leader María Corina Machado said once the lists are complete the world would see how many people the state had held.
""",
    [("116", "released 116 people", 116, "exact", "released", "people", "Ministry of Penitentiary Services (prison ministry)", None, None),
     ("41", None, 41, "exact", "released", "political prisoners whose release was verified since 8 January", "Foro Penal", "2026-01-12", None),
     ("24", None, 24, "exact", "released", "people freed overnight (El Rodeo I and La Crisálida)", "Foro Penal", "2026-01-12", "part of the 41"),
     ("at least 806", None, 806, "at_least", "detained_current", "political prisoners", "Foro Penal (Alfredo Romero)", "2026-01-12", "attribution by pronoun ('He said')"),
     ("five", "five Spaniards", 5, "exact", "released", "Spanish citizens", "their governments", None, "foreign citizens among those freed"),
     ],
    [("Jan 12", "dateline date"), ("January 8", "date"), ("El Rodeo I", "prison name"),
     ("two more Spanish nationals", "expected future releases"), ("once", "conjunction, not a number")])

art("ha08", "en", None, "Andean Ledger", "amnesty-bill-journalists",
    "Amnesty bill advances as journalists remain jailed",
    """
Venezuela's National Assembly gave initial approval on Thursday to an amnesty bill that its sponsors say could benefit hundreds of people prosecuted for political reasons since 1999, as the interior minister claimed that 1,075 prisoners had already been set free since January 8.
Rights groups dispute the government's arithmetic. Foro Penal says it has verified far fewer releases and that 644 people remained imprisoned for political reasons as of February 9. Of them, 562 are men and 82 women, according to the group.
Press freedom advocates said journalists were still among those held. The National Union of Press Workers (SNTP) counts nine media workers in prison, the lowest figure since the 2024 election, when 14 were detained in the space of two months. Two of the nine are women.
"An amnesty that does not name who is covered is a promise, not a law," said a lawyer for one of the detained reporters, who asked not to be named for fear of reprisals.
The bill, backed by the ruling party's majority, still needs a second debate. Interior Minister Diosdado Cabello said the list of beneficiaries would be drawn up by a commission of the Assembly and the courts.
In the capital, around a hundred relatives marched to the Supreme Court on Friday carrying pictures of prisoners. Organisers said 3,000 signatures had been gathered for a petition demanding that military detainees also be included.
""",
    [("1,075", None, 1075, "exact", "released", "prisoners freed since 8 January 2026", "Interior Minister Diosdado Cabello", None, "the minister is named four sentences later"),
     ("644", None, 644, "exact", "detained_current", "people imprisoned for political reasons", "Foro Penal", "2026-02-09", None),
     ("562", None, 562, "exact", "detained_current", "political prisoners who are men", "Foro Penal", "2026-02-09", "breakdown by sex"),
     ("82", None, 82, "exact", "detained_current", "political prisoners who are women", "Foro Penal", "2026-02-09", "breakdown by sex"),
     ("nine", "counts nine media workers", 9, "exact", "detained_current", "media workers in prison", "National Union of Press Workers (SNTP)", None, None),
     ("14", None, 14, "exact", "arrested", "journalists detained in the two months after the 2024 election", "National Union of Press Workers (SNTP)", None, None),
     ("Two", "Two of the nine", 2, "exact", "detained_current", "jailed media workers who are women", "National Union of Press Workers (SNTP)", None, "breakdown of the nine"),
     ],
    [("hundreds", "vague quantity"), ("1999", "year"), ("January 8", "date"), ("February 9", "date"),
     ("2024", "year"), ("two months", "duration"), ("second debate", "ordinal"),
     ("around a hundred relatives", "count of marchers"), ("3,000 signatures", "count of signatures")])

# ---------------------------------------------------------------- Spanish -----------------

HA09 = """
Caracas, 3 ago (Meridiana).- El presidente Nicolás Maduro aseguró este viernes que dos mil 229 personas han sido detenidas desde el 28 de julio por los disturbios que siguieron a los comicios presidenciales, y anunció que serán enviadas a cárceles de máxima seguridad.
"Van para Tocorón y Tocuyito", dijo el mandatario ante una concentración de simpatizantes en el centro de la capital. Las dos prisiones, añadió, estarán listas en quince días.
El fiscal general, Tarek William Saab, había informado el miércoles de más de mil aprehendidos y acusó a los manifestantes de atacar sedes del partido de gobierno, módulos policiales y centros de salud.
Por su parte, la ONG Foro Penal contabiliza once fallecidos en las protestas, la mayoría por heridas de bala, y al menos 90 adolescentes entre los arrestados. Su director, Alfredo Romero, pidió a las autoridades informar dónde están los detenidos, pues muchas familias desconocen su paradero.
"Se lo llevaron de la casa y nadie nos dice nada", relató a esta agencia una vecina de Catia, que prefirió no identificarse. Según ella, en la comisaría de su parroquia hay decenas de muchachos.
El Consejo Nacional Electoral proclamó a Maduro con el 51,2 % de los votos, mientras la oposición afirma que las actas en su poder dan como ganador a Edmundo González Urrutia con cerca de dos tercios de los sufragios.
Washington, Bruselas y una docena de gobiernos de la región reclaman que se divulguen los resultados mesa por mesa.
"""

HA09_FIGS: list[F] = [
    ("dos mil 229", None, 2229, "exact", "arrested", "personas detenidas desde el 28 de julio", "presidente Nicolás Maduro", "2024-08-02", "spelled thousands; the date after it is not the count"),
    ("más de mil", None, 1000, "more_than", "arrested", "aprehendidos", "fiscal general Tarek William Saab", "2024-07-31", None),
    ("once", "once fallecidos", 11, "exact", "killed", "fallecidos en las protestas", "Foro Penal", None, "Spanish 'once' = eleven"),
    ("al menos 90", None, 90, "at_least", "minors_detained", "adolescentes entre los arrestados", "Foro Penal", None, None),
]

HA09_NOTS = [("3 ago", "dateline date"), ("28 de julio", "date"), ("dos prisiones", "count of prisons"),
             ("quince días", "duration"), ("decenas de muchachos", "vague quantity (bystander)"),
             ("51,2 %", "vote share"), ("dos tercios", "share of votes")]

art("ha09", "es", "2024-08-03", "Agencia Meridiana", "maduro-dos-mil-229",
    "Maduro eleva a dos mil 229 los detenidos por las protestas", HA09, HA09_FIGS,
    [*HA09_NOTS, ("una docena de gobiernos", "count of governments")])

HA10 = (HA09.replace("Caracas, 3 ago (Meridiana).- El presidente", "El presidente venezolano")
        .replace("relató a esta agencia una vecina", "relató a la agencia Meridiana una vecina")
        .replace(" en el centro de la capital", " en el centro de Caracas")
        .replace("\nWashington, Bruselas y una docena de gobiernos de la región reclaman que se divulguen los resultados mesa por mesa.\n", "\n"))
art("ha10", "es", "2024-08-04", "Diario del Llano (con Meridiana)", "maduro-detenidos-tocoron",
    "Maduro: dos mil 229 detenidos irán a Tocorón y Tocuyito", HA10, HA09_FIGS,
    [n for n in HA09_NOTS if n[0] != "3 ago"])

art("ha11", "es", "2024-10-15", "El Observador Andino", "balance-foro-penal-1905",
    "Casi dos mil presos políticos: el nuevo balance de Foro Penal",
    """
Casi dos mil personas permanecen presas en Venezuela por razones políticas, según el último recuento de Foro Penal, que las cifró en 1.905 hasta el lunes 14 de octubre.
Del total, 1.773 cayeron presas a partir del 29 de julio, el día siguiente a la votación presidencial. El registro distingue 1.665 hombres y 240 mujeres, así como 1.748 civiles y 157 militares, según el desglose publicado por la organización en sus redes sociales. La lista incluye a sesenta y siete adolescentes de entre 14 y 17 años.
El abogado Gonzalo Himiob explicó que el registro solo suma los casos confirmados por los equipos de la ONG y que cada semana llegan nuevas denuncias desde el interior del país. Desde 2014, Foro Penal ha documentado 17.936 detenciones por razones políticas.
La organización Provea denunció por su parte que dos detenidos tras los comicios han fallecido mientras estaban en manos del Estado, y exigió una investigación independiente. El Ministerio para el Servicio Penitenciario no respondió a las acusaciones.
En la cárcel de Tocuyito, en Carabobo, los familiares aseguran que las visitas se limitan a quince minutos cada dos semanas. "Mi hijo tiene 22 años y ha perdido once kilos", contó una madre que espera afuera desde la madrugada.
La Fiscalía sostiene que los procesos se llevan con apego a la ley y que los jueces revisan las medidas de forma periódica.
""",
    [("Casi dos mil", None, 2000, "nearly", "detained_current", "presos políticos", "Foro Penal", "2024-10-14", "rounded form of the 1.905 in the same sentence"),
     ("1.905", None, 1905, "exact", "detained_current", "personas presas por razones políticas", "Foro Penal", "2024-10-14", None),
     ("1.773", None, 1773, "exact", "detained_current", "presos políticos detenidos desde el 29 de julio", "Foro Penal", "2024-10-14", "subset of the register (stock)"),
     ("1.665", None, 1665, "exact", "detained_current", "presos políticos hombres", "Foro Penal", "2024-10-14", "breakdown by sex"),
     ("240", None, 240, "exact", "detained_current", "presas políticas mujeres", "Foro Penal", "2024-10-14", "breakdown by sex"),
     ("1.748", None, 1748, "exact", "detained_current", "presos políticos civiles", "Foro Penal", "2024-10-14", "breakdown"),
     ("157", None, 157, "exact", "detained_current", "presos políticos militares", "Foro Penal", "2024-10-14", "breakdown"),
     ("sesenta y siete", None, 67, "exact", "minors_detained", "adolescentes presos", "Foro Penal", "2024-10-14", None),
     ("17.936", None, 17936, "exact", "arrested", "detenciones políticas desde 2014", "Foro Penal", None, None),
     ("dos", "que dos detenidos", 2, "exact", "killed", "detenidos poselectorales muertos bajo custodia", "Provea", None, "deaths in custody"),
     ],
    [("14 de octubre", "date"), ("29 de julio", "date"), ("entre 14 y 17 años", "ages"), ("2014", "year"),
     ("quince minutos", "duration"), ("dos semanas", "interval"), ("22 años", "age"),
     ("once kilos", "weight; Spanish 'once' = eleven, not a count of people")])

art("ha12", "es", "2024-11-19", "Radio Cordillera", "foro-penal-131-excarcelaciones",
    "Foro Penal confirma 131 excarcelaciones; la Fiscalía habla de 225",
    """
La ONG Foro Penal confirmó 131 excarcelaciones de presos políticos entre el viernes 15 y el domingo 17 de noviembre, una cifra que se queda lejos de las 225 liberaciones que la Fiscalía dio por concretadas durante el fin de semana.
Con esas salidas, la lista de presos políticos de la organización bajó a 1.874 personas al cierre del lunes 18, frente a las 1.905 que registraba a mediados de octubre. Entre quienes permanecen encarcelados hay 58 adolescentes, detalló Alfredo Romero, director de la ONG.
De los excarcelados verificados, la mayoría estaba recluida en Tocorón, Tocuyito y Yare III. Los beneficiados deben presentarse ante un tribunal cada treinta días y tienen prohibido salir del país.
El fiscal general, Tarek William Saab, quien a mediados de agosto contabilizó 25 fallecidos en las protestas, afirmó que la revisión de casos continuará y que no responde a "presiones de ninguna ONG".
Familiares de detenidos, que duermen desde hace semanas frente a las cárceles, recibieron la noticia con cautela. "A mi esposo le dijeron que salía el sábado y todavía no sale", lamentó una mujer de 41 años frente al penal de Tocorón, en Aragua.
El equipo de María Corina Machado tildó las excarcelaciones de "insuficientes" y recordó que cientos de personas siguen sin acceso a abogados privados.
""",
    [("131", None, 131, "exact", "released", "excarcelaciones verificadas (15-17 de noviembre)", "Foro Penal", "2024-11-17", None),
     ("225", None, 225, "exact", "released", "liberaciones del fin de semana", "Fiscalía", "2024-11-17", None),
     ("1.874", None, 1874, "exact", "detained_current", "presos políticos", "Foro Penal", "2024-11-18", None),
     ("1.905", None, 1905, "exact", "detained_current", "presos políticos (mediados de octubre)", "Foro Penal", None, "earlier value"),
     ("58", None, 58, "exact", "minors_detained", "adolescentes presos", "Foro Penal (Alfredo Romero)", "2024-11-18", "attribution after the figure"),
     ("25", None, 25, "exact", "killed", "fallecidos en las protestas (mediados de agosto)", "fiscal general Tarek William Saab", None, "earlier official toll, in a relative clause"),
     ],
    [("viernes 15", "date"), ("domingo 17 de noviembre", "date"), ("lunes 18", "date"), ("Yare III", "prison name"),
     ("cada treinta días", "interval"), ("41 años", "age"), ("cientos", "vague quantity")])

art("ha13", "es", "2024-12-21", "Agencia Meridiana", "fiscalia-1052-excarcelados",
    "La Fiscalía suma 1.052 excarcelados; Foro Penal verifica poco más de 300",
    """
Caracas, 21 dic (Meridiana).- El Ministerio Público informó este sábado que 1.052 personas detenidas durante las protestas poselectorales han recuperado la libertad desde noviembre, tras la revisión de sus expedientes ordenada por el Ejecutivo.
La ONG Foro Penal ofrece un número muy inferior: según su director, Alfredo Romero, la organización ha podido verificar poco más de 300 excarcelaciones en ese mismo período. "No dudamos de que haya más, pero no tenemos los nombres", dijo.
Las manifestaciones que estallaron tras el anuncio de los resultados del 28 de julio se saldaron, según cifras oficiales, con 28 fallecidos, casi 200 lesionados y más de 2.400 personas arrestadas. La oposición atribuye buena parte de las muertes a los cuerpos de seguridad y a grupos armados afines al gobierno.
Entre los liberados de esta semana figuran al menos una veintena de adolescentes, de acuerdo con organizaciones de derechos humanos, que piden que los menores que siguen presos sean juzgados por tribunales especializados.
Las excarcelaciones se producen a pocas semanas del 10 de enero, fecha en la que Maduro prevé asumir un nuevo período presidencial, el tercero consecutivo. Edmundo González Urrutia, exiliado en España desde septiembre, insiste en que volverá al país para asumir la presidencia.
Foro Penal mantiene en su registro a más de 1.700 presos políticos.
""",
    [("1.052", None, 1052, "exact", "released", "detenidos excarcelados desde noviembre", "Ministerio Público", "2024-12-21", None),
     ("poco más de 300", None, 300, "more_than", "released", "excarcelaciones verificadas desde noviembre", "Foro Penal (Alfredo Romero)", "2024-12-21", None),
     ("28", "con 28 fallecidos", 28, "exact", "killed", "fallecidos", "cifras oficiales", None, None),
     ("casi 200", None, 200, "nearly", "injured", "lesionados", "cifras oficiales", None, None),
     ("más de 2.400", None, 2400, "more_than", "arrested", "personas arrestadas", "cifras oficiales", None, None),
     ("al menos una veintena", None, 20, "at_least", "released", "adolescentes excarcelados esta semana", "organizaciones de derechos humanos", None, "'una veintena' = about twenty"),
     ("más de 1.700", None, 1700, "more_than", "detained_current", "presos políticos", "Foro Penal", None, None),
     ],
    [("21 dic", "dateline date"), ("28 de julio", "date"), ("10 de enero", "date"), ("el tercero", "ordinal")])

art("ha14", "es", "2025-09-16", "Diario Continental", "mision-onu-25-muertos",
    "Misión de la ONU: 25 muertos y posibles crímenes de lesa humanidad tras las elecciones",
    """
Los investigadores a los que la ONU encargó examinar la crisis venezolana atribuyeron a la represión posterior a los comicios de julio de 2024 un saldo de 25 muertos en las protestas, y advirtieron que varios de esos hechos podrían constituir crímenes de lesa humanidad.
En su informe, presentado este martes ante el Consejo de Derechos Humanos en Ginebra, los expertos señalan que en la mayoría de los casos hay indicios de la participación de fuerzas de seguridad o de colectivos armados. Diecisiete de esas muertes fueron examinadas en profundidad.
El documento recoge además 198 detenciones de niños, niñas y adolescentes en las semanas posteriores a los comicios, y cuatro muertes de personas bajo custodia del Estado.
"Las cárceles venezolanas se convirtieron en un instrumento para castigar la disidencia", afirmó la presidenta de la misión, Marta Valiñas, en rueda de prensa. La experta añadió que al menos 2.200 personas fueron privadas arbitrariamente de libertad desde el 28 de julio hasta el 31 de diciembre de 2024.
Según el informe, la represión no se detuvo con el fin de las protestas: en los primeros ocho meses de 2025 hubo nuevas detenciones de dirigentes políticos, defensores de derechos humanos y periodistas, aunque la misión no ofrece un total para ese período.
El gobierno venezolano rechazó el informe y lo calificó de "panfleto", mientras que el canciller dijo que la misión carece de legitimidad.
""",
    [("25", None, 25, "exact", "killed", "muertos en las protestas", "los investigadores de la ONU", None, None),
     ("Diecisiete", None, 17, "exact", "other", "muertes examinadas en profundidad", "los investigadores de la ONU", None, "count of cases examined"),
     ("198", None, 198, "exact", "minors_detained", "detenciones de niños, niñas y adolescentes", "los investigadores de la ONU", None, "arrests of minors (flow)"),
     ("cuatro", None, 4, "exact", "killed", "muertes bajo custodia del Estado", "los investigadores de la ONU", None, "deaths in custody"),
     ("al menos 2.200", None, 2200, "at_least", "arrested", "personas privadas arbitrariamente de libertad (28 de julio - 31 de diciembre de 2024)", "Marta Valiñas (Misión de la ONU)", "2024-12-31", "attribution by 'La experta' back to the named chair"),
     ],
    [("julio de 2024", "date"), ("28 de julio", "date"), ("31 de diciembre de 2024", "date"),
     ("ocho meses", "duration"), ("2025", "year")])

art("ha15", "es", "2026-01-13", "Noticias del Caribe", "gobierno-116-foro-penal-41",
    "Gobierno reporta 116 excarcelaciones; Foro Penal solo ha verificado 41",
    """
El Ministerio del Servicio Penitenciario de Venezuela afirmó el lunes que 116 personas privadas de libertad fueron excarceladas en los últimos días, en lo que describió como un gesto de reconciliación del gobierno encargado que dirige Delcy Rodríguez.
La cifra no coincide con la de las organizaciones independientes. Foro Penal precisó que desde el jueves 8 de enero ha verificado 41 excarcelaciones de presos políticos, 24 de ellas durante la madrugada del lunes en los centros de reclusión El Rodeo I y La Crisálida (Miranda).
"Los números del ministerio no se corresponden con lo que vemos en las puertas de las cárceles", insistió Alfredo Romero, quien preside la organización y estima que al menos 806 personas continúan detenidas por razones políticas.
Entre los excarcelados hay cinco ciudadanos españoles, según confirmó el gobierno de España, que espera la salida de otros dos en los próximos días.
Las liberaciones arrancaron tras la captura de Nicolás Maduro a manos de fuerzas estadounidenses el 3 de enero; el exmandatario fue llevado a Nueva York, donde responde por cargos de narcotráfico.
Frente a la sede del Sebin en El Helicoide, decenas de familiares mantienen una vigilia desde el fin de semana con fotos de sus seres queridos. Una de ellas, Carmen, de 63 años, dijo que su hijo lleva once meses sin recibir visitas.
""",
    [("116", None, 116, "exact", "released", "personas excarceladas", "Ministerio del Servicio Penitenciario", None, None),
     ("41", None, 41, "exact", "released", "excarcelaciones verificadas desde el 8 de enero", "Foro Penal", "2026-01-12", None),
     ("24", None, 24, "exact", "released", "excarcelaciones de la madrugada (El Rodeo I y La Crisálida)", "Foro Penal", "2026-01-12", "part of the 41"),
     ("al menos 806", None, 806, "at_least", "detained_current", "personas detenidas por razones políticas", "Foro Penal (Alfredo Romero)", "2026-01-12", None),
     ("cinco", None, 5, "exact", "released", "ciudadanos españoles", "gobierno de España", None, "foreign citizens among those freed"),
     ],
    [("8 de enero", "date"), ("El Rodeo I", "prison name"), ("otros dos", "expected future releases"),
     ("3 de enero", "date"), ("decenas", "vague quantity"), ("63 años", "age"),
     ("once meses", "duration; Spanish 'once' = eleven")])

art("ha16", "es", "2026-02-10", "El Observador Andino", "foro-penal-644",
    "Foro Penal: quedan 644 presos políticos tras un mes de excarcelaciones",
    """
La lista de Foro Penal de personas presas por motivos políticos bajó a 644 al 9 de febrero, informó este martes la ONG, que atribuyó la caída a las excarcelaciones que se iniciaron el 8 de enero, tras la captura de Nicolás Maduro.
De acuerdo con el balance de la organización, la lista está compuesta por 562 hombres y 82 mujeres, mientras que 461 son civiles y 183 pertenecen a la Fuerza Armada. No quedan adolescentes en el registro.
Desde el 8 de enero, la ONG ha verificado 426 excarcelaciones, menos de la mitad de las que reivindica el gobierno encargado. Gonzalo Himiob, vicepresidente de Foro Penal, pidió que la ley de amnistía que discute la Asamblea Nacional incluya a los militares, que representan casi tres de cada diez presos políticos.
En el penal de Rodeo I, donde permanecen decenas de extranjeros y militares, los familiares denuncian que las visitas siguen suspendidas. "Nos prometieron que salía en enero; ya es febrero y seguimos esperando", dijo la hermana de un sargento detenido en 2019.
El diputado Jorge Rodríguez, presidente de la Asamblea, aseguró que la norma será aprobada "en cuestión de días" y que beneficiará a miles de personas procesadas desde 1999.
Foro Penal recordó que, antes de las elecciones de 2024, el país tenía alrededor de 300 presos políticos, una cifra que se multiplicó por seis en los meses posteriores.
""",
    [("644", None, 644, "exact", "detained_current", "presos políticos", "Foro Penal", "2026-02-09", None),
     ("562", None, 562, "exact", "detained_current", "presos políticos hombres", "Foro Penal", "2026-02-09", "breakdown by sex"),
     ("82", None, 82, "exact", "detained_current", "presas políticas mujeres", "Foro Penal", "2026-02-09", "breakdown by sex"),
     ("461", None, 461, "exact", "detained_current", "presos políticos civiles", "Foro Penal", "2026-02-09", "breakdown"),
     ("183", None, 183, "exact", "detained_current", "presos políticos militares", "Foro Penal", "2026-02-09", "breakdown"),
     ("426", None, 426, "exact", "released", "excarcelaciones verificadas desde el 8 de enero", "Foro Penal", "2026-02-09", None),
     ("alrededor de 300", None, 300, "about", "detained_current", "presos políticos antes de las elecciones de 2024", "Foro Penal", None, "scope: before the July 2024 vote"),
     ],
    [("9 de febrero", "date"), ("el 8 de enero, tras", "date"), ("Desde el 8 de enero", "date"),
     ("menos de la mitad", "proportion"), ("casi tres de cada diez", "proportion"), ("Rodeo I", "prison name"),
     ("decenas", "vague quantity"), ("2019", "year"), ("miles", "vague quantity"), ("1999", "year"),
     ("de 2024", "year"), ("por seis", "multiplier")])


# ---------------------------------------------------------------- pairs -------------------

PAIRS: list[tuple[str, str, str, int, str, int, str, bool, str, str]] = [
    # (pair_id, metric, article a, value a, article b, value b, relation, alert, confidence, why)
    ("HA-C1", "killed", "ha05", 24, "ha13", 28, "contradict", True, "medium",
     "Deaths in the 2024 post-election protests: Human Rights Watch documented 24 (April 2025); official figures give 28 (Dec 2024). Two closed tolls of one event that cannot both be exact."),
    ("HA-C2", "killed", "ha14", 25, "ha13", 28, "contradict", True, "medium",
     "Deaths during the 2024 protests: the UN Fact-Finding Mission says 25 (Sept 2025); official figures 28 (Dec 2024). Same event, incompatible exact tolls."),
    ("HA-C3", "killed", "ha14", 25, "ha04", 28, "contradict", True, "medium",
     "UN Fact-Finding Mission 25 deaths vs the attorney general's office 28 dead in the post-election protests (Nov 2024)."),
    ("HA-C4", "killed", "ha05", 24, "ha04", 28, "contradict", True, "medium",
     "Human Rights Watch 24 killings vs the attorney general's office 28 dead, same protest wave."),
    ("HA-C5", "released", "ha07", 116, "ha15", 41, "contradict", True, "high",
     "Releases of January 2026 up to 12 January: the prison ministry says 116 freed, Foro Penal has verified 41 since 8 January; the ES report itself says the figures do not coincide. Claimed vs verified count of the same batch."),
    ("HA-C6", "killed", "ha03", 3, "ha11", 2, "contradict", True, "medium",
     "Post-election detainees who died in state custody, as of mid-October 2024: three per Clippve, two per Provea. Same claim, exact values differ."),
    ("HA-C7", "released", "ha04", 225, "ha12", 131, "contradict", True, "medium",
     "Releases of the weekend of 15-17 Nov 2024: prosecutors say 225 walked free, Foro Penal confirmed 131 over the same days. Claimed vs verified, as in the dev-eval convention."),
    ("HA-C8", "released", "ha08", 1075, "ha16", 426, "contradict", True, "medium",
     "Releases since 8 January 2026 (early Feb 2026): Interior Minister Cabello claims 1,075, Foro Penal has verified 426. Same period, incompatible counts."),
    ("HA-A1", "arrested", "ha01", 2229, "ha09", 2229, "agree", False, "high",
     "Maduro's count of people detained since the vote (2 Aug 2024), in an EN wire and an ES agency story ('dos mil 229')."),
    ("HA-A2", "arrested", "ha09", 2229, "ha10", 2229, "agree", False, "high",
     "Same agency story republished (duplicate group HA-D1)."),
    ("HA-A3", "killed", "ha01", 11, "ha09", 11, "agree", False, "high",
     "Foro Penal protest death toll in early August 2024: 'at least 11' (EN) and 'once fallecidos' (ES)."),
    ("HA-A4", "minors_detained", "ha01", 90, "ha09", 90, "agree", False, "high",
     "Foro Penal: at least 90 teenagers among the arrested (2-3 Aug 2024), EN and ES."),
    ("HA-A5", "detained_current", "ha03", 1905, "ha11", 1905, "agree", False, "high",
     "Foro Penal register of 14 Oct 2024: 1,905 political prisoners in two independent reports."),
    ("HA-A6", "detained_current", "ha03", 1773, "ha11", 1773, "agree", False, "high",
     "Foro Penal 14 Oct 2024: 1,773 of the prisoners were arrested after the election (subset), in both reports."),
    ("HA-A7", "detained_current", "ha03", 157, "ha11", 157, "agree", False, "high",
     "Foro Penal 14 Oct 2024: 157 military prisoners in both reports."),
    ("HA-A8", "released", "ha04", 225, "ha12", 225, "agree", False, "high",
     "Prosecutors' count of the 15-17 Nov 2024 weekend releases: 225 in EN and ES reports."),
    ("HA-A9", "killed", "ha04", 28, "ha13", 28, "agree", False, "high",
     "Official toll of the protests: 28 dead (Nov and Dec 2024)."),
    ("HA-A10", "arrested", "ha04", 2400, "ha13", 2400, "agree", False, "high",
     "Official arrest total: more than 2,400 in both."),
    ("HA-A11", "released", "ha07", 116, "ha15", 116, "agree", False, "high",
     "Prison ministry: 116 freed by 12 Jan 2026 (rewrite group HA-R1)."),
    ("HA-A12", "released", "ha07", 41, "ha15", 41, "agree", False, "high",
     "Foro Penal: 41 verified releases since 8 Jan 2026 in both."),
    ("HA-A13", "detained_current", "ha07", 806, "ha15", 806, "agree", False, "high",
     "Foro Penal (Romero): at least 806 still held, 12 Jan 2026."),
    ("HA-A14", "detained_current", "ha08", 644, "ha16", 644, "agree", False, "high",
     "Foro Penal register of 9 Feb 2026: 644 political prisoners in EN and ES reports."),
    ("HA-A15", "detained_current", "ha11", 1905, "ha12", 1905, "agree", False, "high",
     "Foro Penal mid-October 2024 count (1,905), reported at the time and recalled a month later."),
    ("HA-U1", "arrested", "ha01", 749, "ha09", 1000, "update", False, "high",
     "Attorney General Saab's arrest count: 749 on 30 July 2024, more than a thousand on 31 July."),
    ("HA-U2", "detained_current", "ha02", 1581, "ha03", 1905, "update", False, "high",
     "Foro Penal register: 1,581 (12 Aug 2024) then 1,905 (14 Oct 2024)."),
    ("HA-U3", "detained_current", "ha11", 1905, "ha12", 1874, "update", False, "high",
     "Foro Penal register: 1,905 (14 Oct 2024) then 1,874 (18 Nov 2024) after the weekend releases."),
    ("HA-U4", "minors_detained", "ha02", 114, "ha11", 67, "update", False, "high",
     "Teenagers on Foro Penal's register: 114 (12 Aug 2024) then 67 (14 Oct 2024) after juvenile courts freed dozens."),
    ("HA-U5", "killed", "ha12", 25, "ha13", 28, "update", False, "medium",
     "Official death toll: Saab's 25 (mid-August 2024) then 28 in official figures (Dec 2024). The same official source revising its toll."),
    ("HA-U6", "released", "ha04", 110, "ha12", 131, "update", False, "medium",
     "Foro Penal-confirmed releases of the 15-17 Nov 2024 weekend: 110 by Sunday evening, 131 in the count published on Monday-Tuesday."),
    ("HA-U7", "detained_current", "ha07", 806, "ha16", 644, "update", False, "high",
     "Foro Penal register: at least 806 (12 Jan 2026) then 644 (9 Feb 2026)."),
    ("HA-U8", "detained_current", "ha05", 897, "ha06", 850, "update", False, "high",
     "Foro Penal register: 897 (7 Apr 2025) then more than 850 (14 Jul 2025)."),
    ("HA-U9", "detained_current", "ha12", 1874, "ha13", 1700, "update", False, "medium",
     "Foro Penal register: 1,874 (18 Nov 2024) then 'más de 1.700' (21 Dec 2024) after the December releases."),
    ("HA-U10", "arrested", "ha01", 2229, "ha13", 2400, "update", False, "medium",
     "Official arrest tally: 2,229 given by Maduro (2 Aug 2024) then more than 2,400 in official figures (Dec 2024). A rising official count."),
    ("HA-U11", "minors_detained", "ha11", 67, "ha12", 58, "update", False, "high",
     "Adolescents on Foro Penal's register: 67 (14 Oct 2024) then 58 (18 Nov 2024)."),
]

DUPLICATES = {
    "description": "Held-out set A (written by h18, 2026-12-07). Same structure as dev-eval duplicates.json.",
    "duplicate_groups": [
        {"group_id": "HA-D1", "kind": "light_edit_republication", "members": ["ha09", "ha10"],
         "source": "Agencia Meridiana, 3 Aug 2024 (Maduro: dos mil 229 detenidos)",
         "why": "ha10 republishes the agency text with the dateline removed, 'la capital' -> 'Caracas', 'esta agencia' -> 'la agencia Meridiana' and the last paragraph dropped. Same figures."},
    ],
    "rewrite_groups": [
        {"group_id": "HA-R1", "members": ["ha07", "ha15"],
         "why": "The same 12 Jan 2026 report (ministry 116, Foro Penal 41 with 24 overnight, at least 806 held, five Spaniards) written up in English and paraphrased in Spanish by another outlet."},
    ],
    "hard_negatives": [
        {"id": "HA-H1", "members": ["ha11", "ha12"], "event": "Foro Penal registers of Oct and Nov 2024",
         "why": "Two Spanish reports built on the same kind of Foro Penal bulletin, a month apart, with different figures (1.905 / 1.874; 67 / 58 adolescents)."},
        {"id": "HA-H2", "members": ["ha04", "ha12"], "event": "Releases of 15-17 Nov 2024",
         "why": "Independent reports of the same weekend with different Foro Penal counts (110 vs 131)."},
        {"id": "HA-H3", "members": ["ha08", "ha16"], "event": "Foro Penal register of 9 Feb 2026 and the amnesty bill",
         "why": "Independent reports sharing the 644 / 562 / 82 figures; different stories."},
        {"id": "HA-H4", "members": ["ha09", "ha13"], "event": "Agencia Meridiana stories of Aug and Dec 2024",
         "why": "Same agency and dateline format, different events and figures."},
    ],
}

# ---------------------------------------------------------------- build -------------------

def build() -> None:
    write_set(OUT, ARTICLES, PAIRS, DUPLICATES, "heldout-set-a (written by h18)")


if __name__ == "__main__":
    build()
