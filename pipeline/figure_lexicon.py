"""Lexicons and small grammars of the figure extractor (English and Spanish).

Everything here is data: word lists and regular expressions over *folded* text
(``pipeline.numbers.fold``: lower case, accents stripped, same length as the original)
unless a comment says it runs on the original text. ``pipeline.figures`` holds the logic.
Add a word here when real coverage uses one the extractor misses, then add a sentence
test for it in ``tests/test_figures.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def words(s: str) -> frozenset[str]:
    return frozenset(s.split())


EN_STOP = words(
    "the of and to in a is that for on was with said as at by from have has had were "
    "their they this which who be been are after"
)
ES_STOP = words(
    "el la de que y en los las del se por un una con para al es su lo como mas pero "
    "sus fue han ha este esta desde"
)


# --------------------------------------------------------------------------------------
# lexicons (folded: lower case, no accents)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12, "enero": 1, "febrero": 2, "marzo": 3,
    "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8, "septiembre": 9,
    "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3,
    "viernes": 4, "sabado": 5, "domingo": 6,
}
WEEKDAY_RE = "|".join(WEEKDAYS)
# "el viernes 15 y el domingo 17", "lunes 18,", "on Friday 15 November": a weekday then a day of
# the month, told by what follows the number (punctuation, another day, a month), not a noun
WEEKDAY_DAY_BEFORE = re.compile(r"\b(?:" + WEEKDAY_RE + r")\s+$")
WEEKDAY_DAY_AFTER = re.compile(
    r"\s*(?:[,.;:)]|$|(?:y|and|al|a|to|through|-|–)\s+(?:el\s+)?(?:(?:" + WEEKDAY_RE + r")\b|\d)"
    r"|(?:de\s+|of\s+)?(?:" + MONTH_RE + r")\b)"
)

# spans that are never counts (run on the original text)
MASKS = re.compile(
    r"\b\d{4}-\d{1,2}(?:-\d{1,2})?(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\b\d{1,2}\.\d{2}\s*(?=\(?\s*(?:hora|h\b|hrs|am\b|pm\b|a\.\s?m|p\.\s?m|gmt|utc))"
    # wire-story furniture: "UPDATE 2-Venezuela …", "CORRECTED 1-…", "ACTUALIZACIÓN 3: …"
    r"|\b(?:update|corrected|refile|rpt|wrapup|actualizaci[oó]n)\s*\d{1,2}(?=\s*[-–—:])"
    # "24/7", "1/3"; phone numbers "0800-123-4567", "+58 212 555 1234"
    r"|\b\d{1,2}/\d{1,2}\b|\b\d{2,4}(?:-\d{2,4}){2,}\b|\+\d{1,3}(?:[\s.-]?\d{2,4}){2,}"
    # gallery and player furniture: "Photo 1 of 12", "Foto 3 de 8", "Slide 2/9"
    r"|\b(?:photos?|fotos?|images?|im[aá]gen(?:es)?|slides?|pictures?|videos?|gallery|galer[ií]a)\s+\d+\s*(?:of|de|/)\s*\d+\b",
    re.IGNORECASE,
)

NOT_AFTER = re.compile(
    r"\s*(?:"
    r"%|por\s?ciento|percent\b|per\s?cent\b|pct\b|percentage"
    # "the first two days", "los dos primeros días", "las tres últimas semanas": a duration
    r"|-?\s*(?:(?:first|last|next|past|previous|following|primer[oa]s|ultim[oa]s|siguientes|proxim[oa]s"
    r"|pasad[oa]s)\s+)?(?:years?|yrs?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)"
    r"|nights?|evenings?|mornings?|afternoons?|weekends?|rounds?|terms?|shifts?|sessions?|mins?|hrs?"
    r"|(?:minute|min|minutos?)\s+(?:read|de lectura)"
    r"|anos?|meses|mes|semanas?|dias?|horas?|minutos?|segundos?|decadas?|siglos?|noches?|tardes?"
    r"|mananas|madrugadas?|jornadas?|fines de semana|rondas?|mandatos?|turnos?|sesiones)\b"
    # the first day of a date range: "entre el 10 y el 12 de diciembre", "from 10 to 12 December"
    r"|\s*(?:y|a|al|and|to|through|-|–)\s*(?:el\s+)?\d{1,2}\s+(?:de\s+)?(?:" + MONTH_RE + r")\b"
    r"|(?:de\s+)?(?:us\s?)?(?:dollars|dolares|euros|bolivares)|usd\b|\$|pesos\b"
    r"|votes|votos|ballots|papeletas|seats|escanos|points|puntos|times\b|veces\b|pages?\b|paginas?\b"
    r"|a\.\s?m\.|p\.\s?m\.|am\b|pm\b|o'clock|de la (?:manana|tarde|noche)\b|km\b|kilomet\w*|metros\b|meters\b"
    # a body measure: "lost 20 kilos", "bajó 15 kilogramos", "weighs 50 pounds"
    r"|kilos?\b|kilogram\w*|kgs?\b|pounds\b|lbs?\b|libras\b|gramos\b|grams\b|centimet\w*|cm\b|inches\b|pulgadas\b"
    r"|millones de (?:dolares|bolivares|euros)|million (?:dollars|euros)"
    r"|(?:" + MONTH_RE + r")\b|de\s+(?:" + MONTH_RE + r")\b"
    # a ratio: "1 in 5 detainees", "uno de cada cinco"
    r"|(?:in|out of|de cada)\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dos|tres|cuatro|cinco"
    r"|seis|siete|ocho|nueve|diez)\b"
    r")"
)
AGE_BEFORE = re.compile(
    r"\b(?:aged|ages|edades de|de edad|age|ages? (?:of|range|ranging))\s+(?:between\s+|entre\s+|from\s+|de\s+)?\d+\s*"
    r"(?:and|y|to|a|-|–)\s*$"
    r"|\b(?:aged|ages|edades de|de edad|age|edad|ranging in age)\s+(?:between|entre|from|de|of)\s*$"
)
# "who were under 18", "personas menores de 18": an age limit (no unit after the number)
AGE_LIMIT_BEFORE = re.compile(
    r"\b(?:were|was|are|is|be|been|being|people|persons|children|those|anyone|all|eran|son|sean|minors"
    r"|teenagers|teens|youths|adolescents|juveniles|kids|boys|girls|youngsters|adolescentes|menores|detainees"
    r"|chicos|chicas|muchachos|muchachas|ninas|detenidos|presos|prisoners"
    r"|fueran|era|personas|ninos|jovenes|quienes|who)\s+(?:aged\s+)?(?:under|over|below|above"
    r"|menores de|mayores de|de menos de|de mas de)\s*$"
)
AGE_AFTER = re.compile(
    r"\s*(?:,\s*\d{1,3}\s*)*,?\s*(?:(?:and|y|e|or|o|to|a|-|–)\s*\d+\s*)?(?:years?[\s-]old|anos|year-old)"
)
NOT_BEFORE = re.compile(
    r"(?:\$|us\$|usd|€|£|bs\.?|aged|de edad|edades? de|age of|ages of|edad de|article|articulo|art\."
    r"|page|pagina|pag\.|p\.|no\.|nro\.|numero|number|chapter|capitulo|resolution|resolucion"
    r"|decree|decreto|law|ley|section|seccion|edicion|edition|#|@|/|every|cada|"
    r"(?:" + WEEKDAY_RE + r")(?:'s|’s)?\s*(?:\w+\s*)?\("
    r"|\b(?:\d+|one|uno|una)\s+(?:in|out of|de cada)"
    # "sixteen of the dead were under 30": an age limit, not a count
    r"|\b(?:were|are|was|is|all)\s+(?:under|over|below|above|older than|younger than)"
    # a person's age: "he is 16", "she was just 15", "the youngest is 14", "el menor tiene 13"
    r"|\b(?:he|she)(?:\s+(?:is|was|turned|had just turned)|'s|’s)(?:\s+(?:only|just|barely))?"
    r"|\b(?:his|her|their|my|our|su|mi)\s+(?:son|daughter|nephew|niece|brother|sister|grandson|granddaughter"
    r"|hijo|hija|sobrino|sobrina|hermano|hermana|nieto|nieta)\s+(?:is|was|turned|tiene|tenia|cumplio)"
    r"(?:\s+(?:only|just|barely|solo|apenas))?"
    r"|\b(?:youngest|oldest|eldest)(?:\s+(?:of them|detainee|prisoner|one|boy|girl))?\s+(?:is|was|turned)"
    r"(?:\s+(?:only|just|barely))?"
    r"|\b(?:el|la)\s+(?:menor|mas joven|mas pequen[oa]|mayor de ellos|mayor de ellas)(?:\s+de\s+(?:ellos|ellas|todos))?"
    r"\s+(?:tiene|tenia|cumplio|es de)(?:\s+(?:solo|apenas))?"
    # a growth factor: "se multiplicó por seis", "multiplied by six"
    r"|\bmultipli\w*\s+(?:por|by))\s*$"
)
SPECULATIVE = re.compile(
    r"\b(?:could|might|may|would|will|podria|podrian|puede|pueden|podra|podran)\s+"
    r"(?:\w+\s+){0,2}(?:rise|exceed|surpass|top|reach|climb|grow|increase|go up|superar|llegar"
    r"|alcanzar|aumentar|subir|crecer|elevarse)\w*\s+(?:above|to|beyond|past|over|a|de|hasta"
    r"|los|las|mas de)?\s*$"
)
# a release still to come ("two more are expected to be freed", "serán excarcelados otros 30",
# "espera la salida de otros dos"): no count of anything that happened
EXPECTED_AFTER = re.compile(
    r"\s*(?:[^\W\d_]+\s+){0,4}?(?:(?:are|were|is|was)\s+(?:expected|due|set|scheduled|slated|likely|to be)"
    r"(?:\s+to\s+be)?|will\s+(?:also\s+)?be|would\s+be|seran|serian|podrian ser|deberian ser|van a ser|iban a ser)"
    r"\s+(?:(?:freed|released|let go|set free|excarcelad[oa]s|liberad[oa]s|puest[oa]s en libertad)\b)"
)
EXPECTED_BEFORE = re.compile(
    r"\b(?:esper\w*|prev\w*|expect\w*|anticipat\w*|aguard\w*)\s+(?:la\s+|the\s+)?"
    r"(?:salida|liberacion|excarcelacion|release|freeing)\s+(?:de|of)\s+(?:otros|otras|unos|unas|los|las|another|other)?\s*$"
)
DELTA_AFTER = re.compile(  # not "640 of the more than 2,000 arrested": a part of a set
    r"\s*(?!(?:of|de)\s+(?:the|los|las)\s)(?:[^\W\d_]+\s+){0,2}?(?:more|fewer|less|mas|menos)\s+"
    r"(?:[^\W\d_]+\s+){0,2}?(?:than|que)\b"
)
ONE_OK_AFTER = re.compile(
    r"\s*(?:mas|more)\b|\s+(?:[^\W\d_]+\s+)?(?:member|person|officer|soldier|sergeant|detainee|"
    r"prisoner|protester|minor|child|man\b|woman|persona|detenid|pres[oa]s?\b|manifestante|menor\b|"
    r"policias?\b|hombres?\b|mujer(?:es)?\b|joven\b|adolescente|fallecid|muert)"
    # "un militar", "una civil" — but not "una base militar": in Spanish the adjective follows
    # another noun, and that noun is what "una" counts
    r"|\s+(?:militar(?:es)?|civil)\b"
)

QUALIFIERS: Sequence[tuple[str, str]] = (
    (r"at least|no fewer than|no less than|a minimum of|al menos|por lo menos|cuando menos|como minimo"
     r"|no menos de|minimo de|un minimo de", "at_least"),
    (r"(?<!no )more than|over|above|upwards? of|in excess of|(?<!no )mas de|superior a|por encima de|sobre", "more_than"),
    (r"nearly|almost|close to|just under|casi|poco menos de|cerca de", "nearly"),
    (r"about|around|some|roughly|approximately|approx\.?|an estimated|estimated|circa|unos|unas"
     r"|alrededor de|aproximadamente|aprox\.?|en torno a|del orden de|cerca de unos"
     r"|rondaba(?:n)? (?:los|las)|ronda(?:n)? (?:los|las)|rondaba(?:n)?|rondan?|hovered around|hovers around", "about"),
    (r"up to|as many as|as much as|no more than|at most|at the most|at the very most|hasta|un maximo de"
     r"|no mas de|maximo de|como maximo|a lo sumo|como mucho"
     # "no supera los 27", "does not exceed 27": a ceiling
     r"|no supera(?:n|ba|ban)?(?: (?:los|las))?|no excede(?:n)?(?: (?:los|las))?|(?:does|do|did) not exceed", "up_to"),
    (r"fewer than|less than|under|below|menos de|por debajo de", "fewer_than"),
    (r"exactly|only|just|a total of|un total de|exactamente|apenas|solo|solamente|unicamente", "exact"),
)
QUAL_RES = [
    (re.compile(r"(?:^|[^\w])(" + pat + r")\s*[\"'“”«»]?\s*$"), q) for pat, q in QUALIFIERS
]
# "la cifra potencial a 87", "potentially 300": an upper bound still being checked
QUAL_POTENTIAL = re.compile(r"\b(?:potencial(?:es)?|potential(?:ly)?)\b(?:\s+[^\W\d_]+){0,2}\s*$")
QUAL_AFTER = re.compile(r"(?:\s*[^\W\d_]+){0,2}?\s*(?:\bor more\b|\bo mas\b(?!\s+de)|-plus\b|\+)")

# metric cue words, by class; matched as word prefixes in the folded sentence
CUES: dict[str, str] = {
    "other": r"under review|(?:being|be|been) reviewed|reviewed for|review(?:ing)? (?:the )?cases|en revision"
             r"|revisar\w* (?:los casos|las medidas)|revision de (?:los casos|las medidas)|medidas restrictivas|restrictive measures|restring\w* su libertad"
             r"|regimen de presentacion|reporting obligations|house arrest|arresto domiciliario"
             r"|(?:measures|medidas) (?:that|which|que) (?:restrict|restringen|limitan|limit)"
             r"|restrict\w* (?:their|his|her) (?:freedom|liberty)",
    "released": r"releas|freed\b|libera\b|liberan\b|sets? free|frees?\b(?!\s+(?:of charge|and fair|press|speech|elections?|legal|trade|zone|market))|freeing|let (?:go|out)|walked (?:free|out)|set free|excarcel|liberad"
                r"|liberacion|liberaciones|liberar|libero\b|liberaron|en libertad|recuper\w* (?:la |su )?libertad"
                r"|medidas? (?:de libertad|cautelares|alternativas)|precautionary measures|salid\w* de (?:prision|la carcel|prisiones)"
                r"|salieron de|salidas? de|sal\w* de (?:prision|la carcel|prisiones|las carceles|el penal)|sac\w* de (?:prision|la carcel)|excarcelad|discharged|paroled|pardoned|indultad|amnistiad",
    "killed": r"kill|dead\b|deaths?\b|died|death toll|murder"
              # "the toll rose to 27": in this story a bare toll is a death toll (not "a toll
              # of arrests")
              r"|(?<!arrest )(?<!detention )tolls?\b(?!\s+of\s+(?:(?:[\d.,]+|more|than|over|some|about|nearly|at|least)\s+)*"
              r"(?:arrests|detentions|detenciones|arrestos|releases|detainees|prisoners))|lost (?:his|her|their) li(?:fe|ves)|fatalit|lives\b"
              r"|muert|fallec|asesinad|asesinato|murieron|murio|perdi\w* la vida|homicid|victimas? mortales"
              r"|mataron\b|mato\b|matado|matar\b|matan\b|ultimad"
              r"|slain|ejecucion",
    # "victims" of what the clause says ("nine of those victims have not been found"); alone: killed
    "victim": r"victims?\b|victimas?\b",
    # (not "murieron por heridas de bala": the cause of a death)
    "injured": r"injur|wounded|hurt\b|(?:(?<!por )(?<!de )herid|herid(?!as? (?:de bala|de arma|por arma)))"
               r"|lesionad|lesiones|lesion\b",
    "disappeared": r"disappear|desaparec|desaparicion|missing\b|whereabouts|paradero|abducted|kidnapped|secuestrad",
    "detained_current": r"(?:remains?|remained|still|siguen|sigue|permanecen|permanece|are|were|is|are now|estan)\s+(?:in|en|bajo|tras)\s+"
                        r"(?:jail|prison|custody|detention|prision|la carcel|custodia|las rejas)"
                        r"|political prisoners?|presos? politic|presas? politic|prisoners?\b|presos?\b|presas\b"
                        r"|behind bars|tras las rejas|jailed|imprisoned|incarcerated|locked up|encerrad[oa]s\b"
                        r"|privad[oa]s? (?:arbitrariamente )?(?:de (?:la |su )?)?libertad"
                        r"|deprived of (?:their |his |her )?(?:liberty|freedom)|encarcelad|recluid|reclusos?\b|inmates?\b"
                        r"|condenad|condena\b|sentenced|convicted|in custody|en prision|remain(?:s|ed)? (?:detained|jailed)"
                        r"|(?:received|receive|got|serving) (?:a |their |his |her )?(?:prison )?sentences?"
                        r"|recibi\w* (?:una )?condena|cumpl\w* (?:una )?condena",
    # people detained: held now if the clause says so ("still", "remain", "political"), else arrested
    "detainee": r"detainees?\b|detenid[oa]s?\b|arrestad[oa]s\b|apresad|held\b",
    "minors": r"minors?\b|menores\b|menor de edad|adolescent|teenage|teens?\b|children|ninos\b|ninas\b"
              # "107 are under 18"; not "people who were under 18 when they were arrested"
              r"|(?<!who )(?<!that )(?:are|were) (?:all )?under(?: the age of)? 18\b|under-18s\b|aged under 18"
              r"|juveniles?|underage|kids\b",
    "arrested": r"taken into custody|taken away by|rounded up|went to (?:prison|jail)|(?:sent|taken) to (?:prison|jail)|enviad\w* a (?:prision|la carcel)"
                r"|ingresad\w* (?:a|en) (?:prision|la carcel)|fueron a (?:prision|la carcel)|arrest|detained\b|detention|detenciones|detencion|aprehendid|aprehensiones|capturad"
                r"|capturas|captured|taken into custody|into custody|rounded up|detuvieron|detuvo"
                r"|aprehend\w*|apprehend\w*|se (?:los |las |lo |la |nos )?llevaron(?: detenid\w*| pres\w*)?\b"
                r"|(?:took|taken|were taken|fueron llevad[oa]s) (?:away|off)\b"
                # "they took 15 of us", "took dozens of them away": a witness telling of a detention
                r"|(?:took|take|taking)(?=\s+(?:(?:\w+|\d[\d,.]*)\s+){1,2}of\s+(?:us|them)\b)|captur(?:aron|o|an|aba|aban)\b|apres(?:aron|o)\b"
                # "fueron privadas de libertad", "were deprived of their liberty": an event (an
                # arrest), unlike "siguen privadas de libertad" (held now)
                r"|(?:fueron|fue|han sido|ha sido|habian sido|habia sido|were|was|have been|has been|had been)"
                r"\s+(?:(?:arbitrariamente|arbitrarily|ilegalmente|illegally)\s+)?(?:privad[oa]s?|deprived)"
                r"\s+(?:arbitrariamente\s+)?(?:de|of)\s+(?:la |su |their |his |her )?(?:libertad|liberty|freedom)",
}
# people who help, report or watch: not a count of victims unless a cue says so
ROLE_AFTER = re.compile(
    r"\s*(?:[^\W\d_]+\s+)?(?:abogad[oa]s|lawyers|attorneys|activistas|activists|voluntari[oa]s"
    r"|volunteers|volunteer lawyers|observadores|observers|diplomats|diplomaticos|doctors|medicos|fiscales|jueces"
    r"|judges|staff|employees|empleados|trabajadores de la ong)\b"
)
# counted things that are not people: "150 votes", "12 videos", "five states"
THING_AFTER = re.compile(
    r"\s*(?:[^\W\d_]+\s+)?(?:votes?|votos|videos?|countries|paises|states|estados|actas|tally sheets|cities"
    r"|ciudades|municipalities|municipios|prisons|carceles|centros|provinces|provincias|cases? files|expedientes"
    r"|tweets|posts|hospitals|hospitales|schools|escuelas|buses|vehicles|vehiculos"
    r"|causas|homes|houses|viviendas|casas|properties|propiedades|inmuebles|comercios|shops"
    r"|photos|photographs|fotos|fotografias|images|imagenes|recordings|grabaciones|complaints|denuncias"
    r"|migrants|migrantes|deportees|deportados|refugees|refugiados|families|familias"
    # objects seized or issued, and papers named after an event ("300 arrest warrants",
    # "300 órdenes de captura", "400 mobile phones"): the cue word is a modifier of the thing
    r"|arrest warrants|warrants|release orders|death certificates|ordenes(?: de (?:captura|aprehension|detencion"
    r"|arresto|excarcelacion|liberacion))?|boletas|actas de defuncion|phones|telefonos|celulares|cellphones"
    r"|motorcycles|motos|motocicletas|weapons|armas|firearms|computers|computadoras|laptops|cameras|camaras"
    r"|flags|banderas|statues|estatuas|rounds|cartuchos|bullets|balas|tear gas canisters|bombas lacrimogenas"
    # legal filings made for the detainees ("320 habeas corpus petitions", "320 recursos de amparo")
    r"|habeas corpus|petitions|peticiones|recursos|appeals|apelaciones|amparos|lawsuits|demandas|motions"
    # the people around the story, not in it ("a hundred relatives marched", "una veintena de madres
    # de detenidos"), and names collected ("3,000 signatures", "5.000 firmas")
    r"|relatives|family members|mothers|fathers|parents|wives|husbands|familiares|parientes|madres|padres"
    r"|esposas|signatures|firmas|signatories|firmantes)\b"
)
CUE_ORDER = ("other", "released", "killed", "injured", "disappeared", "detained_current",
              "detainee", "arrested", "victim")
CUE_RE = re.compile("|".join(f"(?P<{k}>\\b(?:{v}))" for k, v in CUES.items()))
STILL_RE = re.compile(
    r"\b(?:still|remain|siguen|sigue|permanec|todavia|aun\b|continue|behind bars|tras las rejas"
    r"|por (?:motivos|razones) politic|for political reasons|presos? politic|political prisoner"
    r"|hay\b|tiene\b|mantiene\b|holds?\b|holding\b|quedan\b|queda\b|there are\b|there were still\b"
    r"|stood at|stands at|se ubica|se situa|register\b|registers\b|registro de|registros\b|(?:el|su|un) registro\b|roll\b|tally of|conteo de|(?:are|were|is) being held"
    r"|(?:are|is) (?:still )?held\b|estan (?:presos|detenidos|encarcelados|recluidos)|contabiliz|as of\b"
    # "siguen entre los presos" (held); not "están entre los arrestados", "are among those
    # arrested": a member of a set of arrests
    r"|(?:estan|se encuentran|siguen|are|remain) (?:entre|among)(?!\s+(?:los|las|the|those)\s+(?:[^\W\d_]+\s+)?"
    r"(?:arrestad|apresad|capturad|arrested|rounded|detained\b|taken\b))"
    r"|(?:people|persons|prisoners|detainees|protesters|those|others) (?:still )?held\b)"
)
STRONG_BOUNDARY = re.compile(
    r";|\bas well as\b|\basi como\b|\bdespite\b|\bin spite of\b|\ba pesar de\b|\bpese a\b|\bmientras que\b|\bmientras\b|\bwhile\b|\bwhereas\b|\bbut\b|\bpero\b|\baunque\b"
    r"|\balthough\b|\bthough\b|\ben tanto que\b|\bsin embargo\b|\bhowever\b|\bno obstante\b"
)
SOFT_BOUNDARY = re.compile(r"[,:;()\[\]—–]|\s-\s")
PARTITIVE_START = re.compile(
    r"(?:^|[;:]\s*)\W*(?:[^\W\d_]+[\s,]+){0,5}?(?:del total|de esa cifra|de ese total|de esta cifra|de ellos|de ellas"
    r"|de estos|de estas|entre ellos|entre ellas|dentro de (?:este|esta|ese|esa)|del conjunto"
    r"|of (?:them|those|these|that total|the total|whom)|among them|of that number)\b"
)
# "the total included more than 160 women", "la cifra incluye 33 adolescentes"
PARTITIVE_BEFORE = re.compile(
    r"\b(?:the|that|this|its|el|ese|este|su|la|esa|esta) (?:total|figure|count|tally|number|cifra|balance|conteo"
    r"|registro)\s+(?:also\s+|tambien\s+)?(?:included|includes|include|incluye|incluia|incluyen|comprende"
    r"|comprendia|abarca)\s*$"
)
# "De los liberados, 12 son mujeres", "Of the detainees, 150 are women": a set named at the
# start of the sentence, then the number of its part
SET_FRAME_START = re.compile(
    r"^\W*(?:de|of)\s+(?:los|las|esos|esas|estos|estas|those|the)\s+(?:[^\W\d_]+\s+){0,3}?[^\W\d_]+\s*,\s*"
    r"(?:(?:mas de|more than|over|casi|nearly|almost|al menos|at least|unos|unas|some|about)\s+)?$"
)
# "Of the 2,000 detainees …, fewer than half remain", "De los 2.000 detenidos …, pocos siguen
# presos": a number that opens the sentence as the set the main clause takes a part of
SET_OPEN_BEFORE = re.compile(
    r"^\W*(?:of|out of|de|del total de)\s+(?:the|los|las|those|these|estos|estas|esos|esas)\s+"
    r"(?:(?:mas de|more than|over|casi|nearly|almost|al menos|at least|unos|unas|some|about)\s+)?$"
)
# "the 1,580 detainees … include dozens of teenagers": the minors are some of them
INCLUDE_VERB = re.compile(r"\b(?:include|includes|included|incluye|incluyen|incluia|incluian|incluyo)\b")
PARTITIVE_AFTER = re.compile(
    r"\s*(?:de las cuales|de los cuales|de ellos|de ellas|del total|de esos|de esas|of whom|of which"
    r"|of them|of those)\b"
)

UNITS: Sequence[tuple[str, str]] = (
    (r"political prisoners?|presos? politicos?|presas? politicas?", "political prisoners"),
    (r"prisoners?|presos?|presas|reclusos?|reclusas?|inmates?", "prisoners"),
    (r"detainees?|detenid[oa]s?", "detainees"),
    (r"protesters?|demonstrators?|manifestantes?", "protesters"),
    (r"minors?|menores|adolescentes?|teenagers?|children|ninos|ninas", "minors"),
    (r"releases?|excarcelaciones|excarcelados?|excarceladas?|liberaciones|liberados?|liberadas?", "releases"),
    (r"deaths?|muertes?|muertos?|fallecidos?|asesinatos?|murders?|killings?|victims?|victimas?", "deaths"),
    (r"arrests?|arrestos?|detenciones|detentions?|capturas?", "arrests"),
    (r"injuries|heridos?|lesionados?|wounded", "injured"),
    (r"people|persons?|personas?|individuals?|individuos?|ciudadanos?|citizens?|civilians?|civiles"
     r"|hombres|mujeres|men\b|women|adults?|adultos?|casos|cases", "people"),
    (r"police|officers?|soldiers?|militar\w*|military|members|funcionarios|agentes|uniformados", "security forces"),
    (r"nationals?|foreigners?|extranjeros?", "foreign nationals"),
)
UNIT_RES = [(re.compile(r"\s*[\"'“”«»]?\s*(?:[^\W\d_]+\s+){0,2}?(?:" + p + r")\b"), u) for p, u in UNITS]
PERSON_NOUN = re.compile(
    r"\s*[\"'“”«»]?\s*(?:[^\W\d_]+\s+)?(?:people|persons?|personas?|individuals?|individuos|hombres|mujeres"
    r"|men\b|women|civiles|civilians|militares|military|adultos|adults|adolescentes|minors|menores"
    r"|ciudadanos|citizens|nationals|extranjeros|casos|cases|son\b|are\b|were\b|eran\b|fueron\b|,|y\b|and\b|\.|$)"
)

# attribution
# a time phrase between a passive participle and its agent: "fue confirmada el miércoles por",
# "was confirmed on Wednesday by", "verificadas ayer por"
_AGENT_WHEN = (r"(?:(?:on|this|last|early|late|el|la|este|esta|el pasado|la pasada)\s+)?(?:" + WEEKDAY_RE
               + r"|week|weekend|month|morning|night|semana|fin de semana|mes|manana|noche|today|yesterday|hoy|ayer)"
               + r"(?:\s+pasad[oa])?")
ACCORDING = re.compile(
    r"\b(?:according to|segun|de acuerdo con|de acuerdo a|data from|figures from|citing|citando a"
    r"|by the (?:count|tally|reckoning|estimate|figures|numbers) of|(?:by|in) (?:its|their) own count"
    r"|conforme a|with data from|con datos de|cifras de|datos de|sources? at|fuentes de"
    # a passive with its agent: "was announced by the prosecutor's office", "fue anunciada por
    # el Ministerio Público" (the agent of a speech verb makes the claim)
    r"|(?:announced|reported|confirmed|disclosed|documented|recorded|verified|registered|counted|tallied"
    r"|compiled|prepared|kept|corroborated|published|released|issued|provided|gathered|collected|revealed|given)"
    r"(?:\s+" + _AGENT_WHEN + r")?\s+by"
    r"|(?:anunciad|informad|confirmad|reportad|documentad|registrad|verificad|contabilizad|denunciad|elaborad"
    r"|preparad|recopilad|corroborad|publicad|difundid|proporcionad|facilitad|recogid|emitid|revelad|divulgad"
    r"|ofrecid|presentad|entregad)[oa]s?"
    r"(?:\s+" + _AGENT_WHEN + r")?\s+por"
    r"|dad[oa]s?\s+a\s+conocer\s+por"
    r"|(?:documented|recorded|listed|detailed|registered|documentad[oa]s?|registrad[oa]s?|recogid[oa]s?"
    r"|detallad[oa]s?|consignad[oa]s?)\s+(?:in|en)(?=\s+(?:the|its|el|su|la|this|este|ese)\s+"
    r"(?:report|informe|document|documento|study|estudio)\b))\s+"
)
# what a claim verb counts: "the (arrest) tally", "its death toll", "the number of people held"
_COUNT_OBJ = (r"(?:[^\W\d_]+\s+){0,2}?(?:number|figure|toll|count|tally|total|estimate|balance)s?\b")
SPEECH_VERBS = (
    r"said|says|say|told|reported|added|stated|announced|announces|confirmed|confirms"
    r"|verified|counted|counts|tallies|estimated|estimate|insisted|insists|insist|claimed|maintained"
    r"|noted|reckoned|reckons|believes|calculated|calculates|tallied|verify|confirm|recorded"
    r"|found|finds|concluded|indicate|indicates|indicated"
    r"|posted|wrote|tweeted|indicated|registered|documented|logged|questioned"
    r"|declared|acknowledged|explained|warned|denounced|revealed|tells|saying|diciendo"
    r"|dijo|dice|afirmo|afirma|informo|informa|informaron|senalo|senala|indico|indica|publico|publica"
    r"|confirmo|confirma|confirmaron|denuncio|denunciaron|registra|registraba|contabiliza|contabilizo"
    r"|(?:registro|denuncia)(?=\s+(?:\d|al menos|mas de|unos|unas|que|un total|cerca de|casi))"
    r"|(?:put|puts|placed|places|set|sets|fixed|fixes|pegged|pegs)(?=\s+(?:the|its|their)\s+" + _COUNT_OBJ + r")"
    # a revision of one's own count: "raised the death toll to 27", "revised its count … down to",
    # "updated its toll to 28", "corrected an earlier figure of"; "elevó el jueves a 27 la cifra",
    # "rebajó a 1.749 su conteo", "actualizó su balance a", "corrigió una cifra previa"
    r"|(?:raised|raises|lowered|lowers|revised|revises|updated|updates|cut|cuts|corrected|corrects|increased"
    r"|increases|reduced|reduces|adjusted|adjusts|brought|brings)"
    r"(?=\s+(?:the|its|their|an|a|his|her)\s+(?:(?:earlier|previous|initial|first|own|official)\s+)?" + _COUNT_OBJ + r")"
    r"|(?:elev|rebaj|actualiz|ajust|revis|corrigi|corrig|reduj|subi|baj)(?:o|aron|a|an|aba|aban|e)"
    r"(?=(?:\s+" + _AGENT_WHEN + r")?(?:\s+(?:al alza|a la baja|nuevamente|de nuevo|otra vez))?"
    r"\s+(?:a\s+(?:mas de\s+|menos de\s+|casi\s+|unos\s+|unas\s+)?\d"
    r"|(?:la|su|el|sus|una|un)\s+(?:(?:cifra|balance|conteo|saldo|numero|recuento|registro|estimacion|total)\b"
    r"|(?:\w+\s+){0,1}(?:cifra|balance|conteo|saldo|numero|recuento|registro|estimacion|total)\b)))"
    # "cifró los arrestos en 2.229", "situó la cifra de presos en", "se situaba en 24"
    r"|(?:cifr|situ|fij|ubic)(?:o|aron|a|an|aba|aban)(?=\s+(?:(?:el|la|los|las|su|sus)\s+(?:[^\W\d_]+\s+){1,5})?en\s)"
    r"|(?:hablo|habla|hablaron|hablan)(?=\s+(?:[^\W\d_]+\s+)?de\s+(?:mas de\s+|unos\s+|unas\s+|casi\s+)?\d)"
    # a document that counts: "It lists 1,003 …", "the report documents 15 …"
    r"|lists|listed|documents"
    r"|detallo|detalla|aseguro|asegura|sostuvo|sostiene|reporto|reporta|reportaron|precisaron|preciso"
    r"|reportado|informado|senalado|confirmado|indicado|registrado|verificado|documentado|contabilizado"
    r"|dicho|afirmado|asegurado|denunciado|declarado|anunciado|explicado|precisado|advertido|sostenido"
    r"|contabilizaba|contabilizaban|registraban|contaba|contabilizan|contabilizaron|contaron|conto"
    r"|verificar|confirmar|contabilizar|constatar|constato|resalta|destaca|destaco|subraya|subrayo"
    r"|precisa|comunico|comunica|agrego|anadio|explico|estimo|estima|verifico|verifica|documento"
    r"|documenta|cifra en|cifro en|situo en|situa en|fijo en|fija en|relataron|relato|declaro|declara|anuncio|anuncia|advirtio"
    r"|calcula|calculo|indicaron|senalaron|afirmaron|dijeron|expreso|reconocio"
    r"|dio a conocer|dieron a conocer|dio cuenta|hizo publica|hicieron publica|habia informado|habia senalado"
    r"|insiste|insistio|insisten|sostenido|habla de|hablo de|speaks of|spoke of|escribio|escribieron|tuiteo"
    # warning and emphasis verbs, present plurals, and the subjunctive of a subordinate
    # ("tras el aviso de que la Defensoría informara que …")
    r"|alerto|alerta|alertaron|recalco|recalca|remarco|puntualizo|manifesto|reitero|reitera|enfatizo"
    r"|(?:cuenta|contaba)(?=\s+(?:mas de\s+|unos\s+|unas\s+|al menos\s+|casi\s+|cerca de\s+)?\d)"
    r"|senalan|indican|afirman|aseguran|denuncian|informan|reportan|dicen|detallan|precisan"
    r"|afirmara|dijera|informara|anunciara|asegurara|senalara|indicara|confirmara|reportara"
    r"|sostener|afirmar|decir|asegurar|informar|senalar|indicar|denunciar|admitir|reconocer"
    r"|stressed|emphasi[sz]ed|reiterated|asserted|alleged|argued|pointed out"
)
VERB_RE = re.compile(r"\b(?:" + SPEECH_VERBS + r")\b")
# a verb with no subject of its own ("saying …", "tras confirmar que …", "… y dijo que …"):
# its subject is the one of the finite verb before it in the sentence
NONFINITE_BEFORE = re.compile(
    r"(?:\b(?:tras|despues de|luego de|antes de|al|sin|para|after|before|upon|without)"
    r"|(?:[^\W\d_]+|\d[\d.,]*)\s*,?\s+(?:y|e|and)(?:\s+(?:luego|despues|later|then|also|tambien|ademas))?)\s*$"
)
NONFINITE_VERB = re.compile(r"(?:saying|adding|noting|diciendo|agregando|anadiendo|senalando"
                            r"|[a-z]+(?:ar|er|ir))$")
AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|earlier|previously|later|then|now|ha|han|habia|habian|ya|tambien"
    r"|already|recently|(?:on|this|este|esta|el|last) (?:" + WEEKDAY_RE + r")|in a statement|in a post|en un comunicado"
    r"|apenas|solo|only|just|consiguieron|pudieron|han podido|ha podido|logro|lograron|managed to|was able to"
    r"|would|will|could))+\s*$"
)
GENERIC_SOURCE = words(
    "the a an el la los las un una its their his her su sus esa ese esta este misma mismo same "
    "that this ngo ong group grupo organization organisation organizacion organismo agrupacion "
    "rights human derechos humanos report informe reports statement comunicado message mensaje "
    "post publicacion data datos figures cifras registros records balance boletin bulletin conteo "
    "count tally listado list lista recuento publicado published perfil profile red social network cuenta "
    "account en de del in on of it ella el ministry ministerio cartera committee comite "
    "defensora defense defensa latest ultimo most recent reciente preliminary preliminar new nuevo weekly "
    "semanal legal aid advocacy watchdog monitoring monitor mas most reciente recent latest ultimo ultima prominent leading local venezuelan venezolana venezolano venezolanas venezolanos "
    "non governmental no gubernamental gubernamentales based version account versions accounts "
    "relatos relato reporte reportes informacion information lo "
    "study studies estudio estudios survey encuesta analysis analisis investigation investigacion dossier "
    "bulletin boletin quarterly trimestral annual anual graphic grafico chart infographic infografia table tabla"
)
# a source that is only a document noun ("the report", "La información", "El reporte", "lo"):
# a fragment, not a claim-maker; kept only when it resolves to an organisation named before
FRAGMENT_SOURCE = words(
    "the a el la lo los las this that these esta este estos estas ese esa it its su sus "
    "report reports reporte reportes informe informes informacion information data datos figures cifras "
    "statement comunicado document documento documentos balance list lista listado registro registros "
    "post publicacion message mensaje text texto note nota article articulo story nota latest ultimo ultima new nuevo "
    "figure number count tally total toll highest lowest largest biggest mayor menor cifra numero "
    "study estudio survey encuesta analysis analisis investigation investigacion dossier bulletin boletin "
    "graphic grafico chart infographic infografia table tabla"
)
GOV_WORDS = re.compile(
    r"\b(?:government|gobierno|ministry|ministerio|minister|ministro|authorit|autoridad|fiscal"
    r"|attorney|regime|regimen|ejecutivo|state|estado|president|presidente|presidenta|officials?"
    r"|oficial|caracas|cartera|prosecutor)"
)
# the names machine translation gives the organisations of the story, mapped to the names
# they go by ("the Penal Forum said …" is Foro Penal)
ORG_ALIASES: Sequence[tuple[re.Pattern[str], str]] = (
    (re.compile(r"\b(?:the\s+)?(?:criminal|penal)\s+forum\b", re.I), "Foro Penal"),
    (re.compile(r"\b(?:the\s+)?justice,?\s+encounter\s+and\s+forgiveness\b", re.I), "Justicia, Encuentro y Perdón"),
)
# (not "the Venezuelan Prison Observatory": English coverage names it so, and that name stays)
# a named office ("Ministerio de Justicia", "Ministerio Público", "the Justice Ministry", "Prison
# Service Ministry", "Fiscalía General"): what "esa cartera" / "the ministry" refers to later
INSTITUTION = re.compile(
    r"(?:Ministerio|Ministry|Fiscal[íi]a|Defensor[íi]a)(?:\s+(?:de|del|de la|de los|of|of the|for|for the|para)?\s*"
    r"[A-ZÁÉÍÓÚÑ][\w’'-]+(?:\s+(?:de|del|y|and|of|for)\s+[A-ZÁÉÍÓÚÑ][\w’'-]+|\s+[A-ZÁÉÍÓÚÑ][\w’'-]+)*)"
    r"|(?:[A-Z][\w-]+\s+){1,3}Ministry"
)
KNOWN_ORGS = re.compile(
    r"Foro Penal|Provea|Observatorio Venezolano de (?:Prisiones|Conflictividad Social|Violencia)"
    r"|Justicia,? Encuentro y Perd[óo]n|Laboratorio de Paz|Comit[ée] por la Libertad de (?:los )?Presos Pol[íi]ticos"
    r"|Clipp|Amn(?:esty|ist[íi]a) Interna[ct]ional|Human Rights Watch|Doctors for Health|Médicos por la Salud"
    r"|Cofavic|Comit[ée] de Madres en Defensa de la Verdad|Fundehullan|Comisión Interamericana de Derechos Humanos"
    r"|CIDH|IACHR|ACNUDH|OHCHR|Alto Comisionado|High Commissioner|Monitor de Víctimas|Acceso a la Justicia"
    r"|Una Ventana a la Libertad|JEP|OVP"
)

DATE_DMY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
DATE_D_DE_M = re.compile(r"\b(\d{1,2})(?:º|°)?\s+(?:de\s+)?(" + MONTH_RE + r")\.?(?:\s+(?:de|del)?\s*(\d{4}))?\b")
DATE_M_D = re.compile(r"\b(" + MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
WEEKDAY = re.compile(r"\b(" + WEEKDAY_RE + r")\b")
ASOF_MARK = re.compile(
    r"(?:as of|as at|up to|until|by|al|hasta el|hasta|con corte al|corte al|con fecha|a fecha de|on|el|este|esta"
    r"|this|last|el pasado|pasado|en la madrugada del|desde el?)\s*(?:pasado\s+)?(?:(?:" + WEEKDAY_RE + r")\s*)?$"
)
SINCE = re.compile(r"(?:since|desde(?: el)?|a partir del?|after|tras|despues del?|before|antes del?)\s*(?:pasado\s+)?$")
TODAY = re.compile(r"\b(?:today|hoy|this morning|esta manana|esta madrugada|en la madrugada de este|tonight|esta noche|en las ultimas horas|in the past few hours)\b")
YESTERDAY = re.compile(r"\b(?:yesterday|ayer|last night|anoche)\b")
THIS_WEEK = re.compile(r"\b(?:this week|esta semana|over the week|en la ultima semana|this past week)\b")


# --------------------------------------------------------------------------------------
# attribution grammar (run on folded text unless noted)

LEAD_JUNK = re.compile(
    r"^(?:that|que|which|who|quien|el cual|la cual|and|y|but|pero|even so|aun asi|still|todavia|then|also|si bien|aunque|although|while|though|mientras|as|como|so|asi"
    r"|cuando|when|and that|y que|ademas|moreover|meanwhile|entretanto|a su vez|por su parte|asimismo"
    r"|furthermore|mas tarde|later|mas temprano|earlier|incluso|en cambio|here|aqui|alli|there)\s+",
    re.IGNORECASE,
)
BAD_SUBJECT = re.compile(
    r"^(?:we|i|you|nosotros|yo|hemos|habiamos|he|hemos sido|se|there|this|that|those|these|estos|esos|estas|esas|esto|eso|ello|which|who|quien|quienes|que|cuando"
    r"|when|where|donde|after|tras|despues|en|in|on|at|with|con|por|for|para|de|del|from|desde|segun"
    r"|according|hasta|until|since|during|durante|sin|without|more|less|than|mas|menos)\b",
)
PRONOUN = re.compile(r"^(?:he|she|el|ella)$")
ORG_PRONOUN = re.compile(r"^(?:it|they|ellos|ellas)$")
APPOSITIVE = re.compile(
    r"(?:a|an|un|una)\b|(?:the |el |la )?(?:interim|acting|president|presidente|director|head|leader|lawyer"
    r"|abogad|minist|attorney|fiscal|organizaci|ong\b|ngo\b|group\b|grupo|agrupaci|spokes|vocero|jefe"
    r"|coordinador)|[^\W\d_]+(?:ado|ada|ido|ida|ed)\b|(?:who|which|quien|que)\b"
)
TIME_PIECE = re.compile(
    r"(?:(?:on|this|last|este|esta|el|en|in|at|by|a las|hasta|up to|prior to|before|antes de|after|tras"
    r"|since|desde)\b.*\b(?:" + WEEKDAY_RE + "|" + MONTH_RE + r"|week|weekend|semana|fin de semana|ano|year"
    r"|morning|manana|madrugada|noche|night|day|dia|hours|horas|events?)\b"
    r"|(?:mas temprano|mas tarde|earlier|later|hoy|today|ayer|yesterday|asimismo|ademas|also|even so|aun asi)\b)"
)
PERSON_ROLE = re.compile(
    r"(?:Attorney General|attorney general|[Ff]iscal [Gg]eneral|[Mm]inist(?:er|ro)(?: de \w+| of \w+)?"
    r"|[Dd]irector(?: presidente)?|[Pp]resident(?:e|a)?(?: encargad[oa]| interin[oa])?|[Hh]ead|[Jj]efe"
    r"|[Vv]ocero|[Ll]awyer|[Aa]bogad[oa]|[Dd]efense [Mm]inister|[Ii]nterim [Pp]resident|[Ss]peaker)"
    r",?\s+((?:[A-ZÁÉÍÓÚÑ][\w’'-]+\s?){2,4})"
)
QUOTES = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"")
# a piece between a subject and its speech verb that says how or when, not who: "The
# government, through its minister, said", "El reporte de Foro Penal, divulgado el miércoles,
# contabiliza", "Foro Penal, based in Caracas, said"
SUBJECT_ASIDE = re.compile(
    r"(?:through|via|a traves de|por medio de|mediante|por boca de"
    # "Juanita Goebertus, de Human Rights Watch, dijo": the speaker's affiliation
    r"|(?:de|del|of|from)\s+[^\W\d_]+"
    r"|[^\W\d_]+(?:ado|ada|ados|adas|ido|ida|idos|idas|ed))\b(?:\s+[^\W\d_]+){0,6}$"
)
# "told AP", "told reporters", "dijo a la prensa": a speech verb whose object is the listener
TOLD = re.compile(r"(?:told|tells|dijo|dijeron|declaro|declararon|explico|conto|aseguro|relato)$")
TOLD_WHOM = re.compile(
    r"\s+(?:a\s+)?(?:(?:la|el|los|las|the)\s+)?(?:[A-Z][\w.&-]*|reporters|journalists|periodistas|reporteros"
    r"|prensa|press|medios)(?:\s+[A-Z][\w.&-]*){0,2}\s*(?:[.,;:]|$)"
    # "told supporters in Caracas", "told reporters outside El Helicoide", "told a news
    # conference", "dijo a periodistas frente a la sede": the listener, then where
    r"|(?:(?:(?<=told)|(?<=tells))\s+|\s+a\s+)(?:(?:a|an|the|la|el|los|las|un|una|his|her|their|its|sus?)\s+)?"
    r"(?:[^\W\d_]+\s+){0,4}?[^\W\d_]+"
    r"(?:\s+(?:in|at|outside|near|from|on|en|frente a|a las puertas de|afuera de|desde|ante)\s+"
    r"(?:(?:the|el|la|los|las)\s+)?[A-Z][\w.&-]*(?:\s+(?:de\s+|del\s+)?[A-Z][\w.&-]*){0,3})?\s*(?:[.;:]|$)"
)
PARTICIPLE_VERB = re.compile(r"\b(?:saying|adding|diciendo|agregando|anadiendo|citing)\b")

# attribution furniture (original text): a dateline opening a sentence ("CARACAS.— ",
# "CARACAS, Nov 17 (Continental Wire) — ") and a time adverbial before a subject
DATELINE = re.compile(r"^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .]{2,}(?:,[^—–]{0,60})?\.?\s*[—–]+\s*")
TIME_LEAD = re.compile(
    r"^(?:(?:a lo largo de|throughout|durante todo|during all of) (?:el mes de |the month of )?(?:" + MONTH_RE + r")(?: de \d{4}| \d{4})?"
    r"|(?:a|hacia|at|by|in|around) (?:(?:mediados|finales|fines|principios|inicios|comienzos) de(?:l mes de)?"
    r"|the (?:end|middle|start|beginning) of|(?:early|late|mid-?)\s?) ?(?:" + MONTH_RE + r")(?: de \d{4}| \d{4})?"
    r"|(?:en|in|on|el|this|este|esta|last|el pasado|during|durante) (?:(?:" + MONTH_RE + r")(?: \d{1,2}| de \d{4}| \d{4})?"
    r"|(?:" + WEEKDAY_RE + r"))|ayer|hoy|yesterday|today|earlier|later|antes|luego|despues|entonces|then)\s*,?\s+",
    re.IGNORECASE,
)
# a relative clause or aside between a subject and its verb: ", whose lawyers …,"
RELATIVE_PIECE = re.compile(r"^(?:whose|which|who|where|cuyo|cuya|cuyos|cuyas|que|quien|quienes|donde|el cual|la cual)\b")
# "the government's earlier statement that …": the owner of a report is its source
POSSESSIVE_SOURCE = re.compile(
    r"\b((?:the\s+)?[\w .-]{2,40}?)['’]s\s+(?:[^\W\d_]+\s+){0,2}?(?:statement|report|figures?|data|count|tally"
    r"|estimates?|numbers|records|list|announcement)\b"
)
# a role of the organisation just named ("su presidente", "its director")
OWN_ROLE = re.compile(
    r"^(?:su|its)\s+(?:presidente|presidenta|director|directora|vocero|vocera|portavoz|coordinador"
    r"|coordinadora|president|head|chief|spokesman|spokeswoman|spokesperson|leader|founder|fundador)$"
)
# a first-person plural report ("registramos", "hemos documentado", "our count")
WE_MARK = re.compile(
    r"\b(?:we|our|us|nosotros|nuestr[oa]s?|hemos|registramos|contabilizamos|documentamos|verificamos"
    r"|contamos|seguimos|tenemos|constatamos|confirmamos)\b"
)
# the organisation that speaks as "we": "en Foro Penal registramos", "We at Provea"
WE_ORG = re.compile(
    r"\b(?:[Ee]n|[Dd]esde|[Ww]e at|[Aa]t|[Nn]osotros en)\s+((?:[A-ZÁÉÍÓÚÑ][\w’'-]+\s?){1,5}?)\s*,?\s+"
    r"(?:registramos|contabilizamos|documentamos|verificamos|contamos|hemos|tenemos|constatamos|confirmamos"
    r"|we (?:have )?(?:recorded|counted|documented|verified|registered))\b"
)

# an office that can free or hold people (a place name such as "Caracas" is not one)
AUTHORITY = re.compile(
    r"\b(?:government|gobierno|ministr|authorit|autoridad|fiscal|attorney|prosecutor|regime|regimen"
    r"|ejecutivo|president|officials?\b|penitenci|interior)"
)
# an authority acting on the people counted: "la Fiscalía otorgó medidas cautelares a 225",
# "the prosecutor's office granted release to 225" — the actor is the source of the count
AGENT_VERB = re.compile(
    r"\b(?:otorgo|otorgado|otorgaron|concedio|concedido|concedieron|excarcelo|libero|liberaron"
    r"|excarcelaron|granted|released|freed|ordered|ordeno|ordenado|dispuso)\b"
)

# a concessive aside ("despite the releases", "pese a las excarcelaciones"), to its clause end
# "fight for the release of", "exigir la liberación de", "pidió la excarcelación de": a
# release demanded or promised is a goal; the people named are still held
# a count of events ("1,500 arrests", "1.500 detenciones"), not of people: a comma after it
# ends its noun phrase, and what follows is the next item of a list
EVENT_NOUN = re.compile(
    r"(?:arrests|detentions|killings|deaths|disappearances|injuries|executions|murders|releases"
    r"|detenciones|arrestos|capturas|asesinatos|muertes|desapariciones|ejecuciones|homicidios"
    r"|excarcelaciones|liberaciones)\b"
)
# "siguen presos más de 1.500", "se mantienen 1.500", "there remain 900 in custody":
# a verb of remaining right before the number: a count of people held now
STOCK_BEFORE = re.compile(
    r"\b(?:se mantienen|se mantiene|siguen|sigue|permanecen|permanece|continuan|quedan|queda"
    r"|remain|remains|there remain|still held|still in custody|still behind bars|still jailed)"
    r"(?:\s+(?:presos|presas|detenidos|detenidas|encarcelados|recluidos|tras las rejas|en prision"
    r"|en la carcel|behind bars|in custody|in prison|in jail|jailed))?"
    r"\s+[\"'“”«»]?\s*(?:(?:mas de|more than|over|casi|nearly|almost|al menos|at least|unos|unas|some|about"
    r"|alrededor de|cerca de|around)\s+)?[\"'“”«»]?$"
)
# "más de 1.700 adultos siguen presos", "1,700 adults remain behind bars": the same, after it
STOCK_AFTER = re.compile(
    r"\s*[\"'“”«»]?\s*(?:(?:adultos|adultas|adults|people|personas|presos|prisoners|detainees|detenidos"
    r"|detenidas|hombres|men|women|mujeres|others|otros|otras|of them|de ellos|political|politicos)\s+){0,2}"
    r"(?:remain|remained|remains|are still|were still|still remain|still remained|stayed|continue to be"
    r"|continued to be|siguen|seguian|siguieron|permanecen|permanecian|permanecieron|continuan|continuaban"
    r"|se mantienen|se mantenian)\b"
    r"(?!\s+(?:missing|unaccounted|desaparecid|sin paradero|free\b|at large|en libertad|libres|profugos))"
)
# "situaba las detenciones de menores en más de 160", "cifró los presos en 1.800", "put the
# arrests at 2,000": the noun placed at the number says what it counts
PLACED_AT = re.compile(
    r"\b(?:situ\w*|cifr\w*|estim\w*|calcul\w*|put|puts|placed|places|estimated|estimates|pegged|pegs)\s+"
    r"(?P<noun>(?:el|la|los|las|the|sus|su|their|its)\s+(?:\w+\s+){1,7}?)"
    r"(?:en|at)\s+(?:(?:mas de|more than|over|casi|nearly|almost|al menos|at least|unos|unas|some|about"
    r"|alrededor de|cerca de|around|poco mas de)\s+)?$"
)
# "The group counted 1,905 in late November", "la ONG contabilizaba 1.905": a bare number as
# the object of a counting verb counts what the count before it counted
COUNTED_BARE = re.compile(
    r"\b(?:counted|counts|tallied|registered|recorded|logged|contabiliz\w*|registr(?:a|aba|o|aron|an)"
    r"|sumaba|sumaban)\s+(?:(?:mas de|more than|over|casi|nearly|almost|al menos|at least|unos|unas"
    r"|some|about|around|alrededor de|cerca de|poco mas de)\s+)?$"
)
ADULTS_AFTER = re.compile(r"\s*[\"'“”«»]?\s*(?:adultos|adultas|adults|adult)\b")
_DEMAND = (
    r"(?:\b(?:fight\w*|fought|work\w*|call\w*|demand\w*|request\w*|press\w*|push\w*|campaign\w*|urg\w*"
    r"|plead\w*|appeal\w*|seek\w*|sought|ask\w*|vow\w*|pledg\w*|promis\w*)\s+(?:to\s+\w+\s+)?"
    r"(?:for\s+)?(?:the\s+)?(?:immediate\s+|swift\s+)?"
    r"|\b(?:luch\w*|trabaj\w*|exig\w*|exij\w*|pid\w*|pedi\w*|reclam\w*|solicit\w*|abog\w*"
    r"|prometi\w*|promet\w*|clam\w*)\s+(?:por\s+)?(?:la\s+|su\s+|sus\s+)?(?:pronta\s+|inmediata\s+)?)"
)
DEMANDED = re.compile(_DEMAND + "$")
# … and the people whose release is demanded are held now ("detenidos" counts them held)
RELEASE_DEMANDED = re.compile(_DEMAND + r"(?:release|freedom|liberacion|excarcelacion|libertad)")
CONCESSIVE = re.compile(r"\b(?:despite|in spite of|notwithstanding|pese a|a pesar de)\b[^,;:.]*")

# "The NGO's register lists 1,877 people", "El registro de la ONG incluye a 1.877 personas": a
# register (of the people a monitor counts as held) whose verb lists people: a count of people held
REGISTER_LISTS = re.compile(
    r"\b(?:register|registry|roll|registro|padron)\b(?:\s+[^\W\d_]+){0,4}\s+"
    r"(?:lists|listed|includes|included|contains|contained|counts|incluye|incluia|recoge|recogia|lista|contiene"
    r"|contabiliza|suma|sumaba)\s+(?:a\s+)?(?:(?:mas de|more than|over|casi|nearly|almost|al menos|at least"
    r"|unos|unas|some|about)\s+)?$"
)
# "Once freed, the 41 …", "Una vez excarcelados, los 41 …": a release that opens the sentence
# says what happened to the people the main clause counts
OPENING_RELEASE = re.compile(
    r"^\W*(?:once|after being|after their|upon (?:their )?|following their|una vez|tras ser|luego de ser"
    r"|despues de ser|tras su|tras sus)\s*(?:freed|released|release|excarcelad[oa]s?|liberad[oa]s?"
    r"|excarcelacion|liberacion|puest[oa]s? en libertad)\s*,"
)
# "after being released", "tras ser excarcelada", "upon their release": when something else
# happened; its cue is not what the number counts ("died after being released")
TEMPORAL_ASIDE = re.compile(
    r"\b(?:after|upon|following|despues de|tras|luego de)\s+(?:being|having been|their|his|her|its"
    r"|ser|haber sido|su|sus)\s+[^\W\d_]+"
)
# "Entre los arrestados figuran …", "Among those detained were …": a frame whose numbers
# are parts of the set it names
FRAME_BEFORE = re.compile(
    r"\b(?:entre|among)\s+(?:los|las|the|those|these|estos|estas|quienes|los que|las que|those who)\s+"
    r"(?:[^\W\d_]+\s+){0,2}?"
    r"(?P<noun>arrestad\w*|detenid\w*|apresad\w*|capturad\w*|excarcelad\w*|liberad\w*|released|freed"
    r"|detained|arrested|detainees|prisoners|presos|presas|dead|muertos|fallecidos|victimas|victims|heridos|injured"
    r"|jailed|imprisoned|encarcelad\w*|recluid\w*)\b"
)
# "93 de los 2.400 detenidos", "three of the 40 prisoners": a part of a set named after it
OF_THE_SET = re.compile(
    # "93 of the 2,400", "130 people out of the 1,900", "310 personas de las 2.000"
    r"\s*(?:(?:people|persons|personas|individuals|individuos)\s+)?"
    r"(?:de|of|out of)\s+(?:los|las|the|those|these|esos|esas|estos|estas)\s+"
    r"(?:(?:mas de|more than|over|casi|nearly|almost|al menos|at least|unos|unas|some|about)\s+)?"
)
# "12 soldiers were among the 27 killed", "doce militares estaban entre los 27 fallecidos":
# the first number is a group within the second, counted by the second's noun
AMONG_THE_SET = re.compile(
    r"\s*(?:[^\W\d_]+\s+){0,2}?(?:were|are|was|is|estaban|estan|eran|son|figuran|figuraban"
    r"|se encuentran|se encontraban|se cuentan|se contaban)\s+(?:also\s+|tambien\s+)?(?:among|entre)\s+"
    r"(?:the|los|las)\s+(?:(?:mas de|more than|over|casi|nearly|almost|al menos|at least|unos|unas|some"
    r"|about)\s+)?"
)
# between a count and the next in one sentence: the next is a part of it
PARTS_BETWEEN = re.compile(
    r"\b(?:de las cuales|de los cuales|of whom|of which|de ellos|de ellas|among them|entre ellos"
    r"|entre ellas|including|incluidos|incluidas|incluyendo)\b"
)
# a month name just before a number: a day or a year ("October 28", "julio 2024"), unless a
# day comes before the month ("hasta el 3 de marzo 412 personas")
MONTH_BEFORE = re.compile(r"\b(?:" + MONTH_RE + r")\.?\s*$")
# "reviewed 1,200 cases", "revisó 300 expedientes": files examined, not people
REVIEW_BEFORE = re.compile(
    r"\b(?:review|revis|examin|analy[sz]|analiz|evaluat|evalu|studied|estudi|process|tramit)\w*\s+"
    r"(?:[^\W\d_]+\s+){0,2}$"
)
CASES_AFTER = re.compile(r"\s*(?:[^\W\d_]+\s+)?(?:cases|casos|expedientes|files|causas)\b")
# "14 cases examined", "300 casos revisados": files examined, not people
CASES_EXAMINED = re.compile(
    r"\s*(?:[^\W\d_]+\s+)?(?:cases|casos|expedientes|files|causas)\s+(?:were\s+|fueron\s+)?"
    r"(?:examined|reviewed|analy[sz]ed|investigated|studied|examinad|revisad|analizad|investigad|estudiad)"
)
# "those held include 904 civilians", "the tally further divides into 610 men":
# the parts of a count named before
PARTS_OF_BEFORE = re.compile(
    r"\b(?:the|this|that|its|their|el|la|los|las|este|esta|ese|esa|su|sus)\s+(?:[^\W\d_]+\s+)?"
    r"(?:total|figure|count|tally|number|list|detainees|prisoners|cifra|balance|conteo|registro|lista|detenidos|presos)"
    r"\s+(?:also\s+|tambien\s+|further\s+)?(?:include|includes|included|splits? into|broke down into|breaks? down into"
    r"|comprises|comprise|consists? of|se divide en|se dividen en|se desglosa en|se desglosan en|incluye|incluyen"
    r"|comprende|abarca)\s+(?:[^\W\d_]+\s+){0,3}$"
)
# "1,240 of the total are civilians", "388 del total son civiles"
OF_TOTAL_AFTER = re.compile(r"\s*(?:of the total|of that total|del total|de ese total|de esa cifra)\b")
# "between December 10 and 14", "del 10 al 14 de diciembre": the second day of a range
DAY_RANGE_BEFORE = re.compile(
    r"(?:\b(?:" + MONTH_RE + r")\.?\s+\d{1,2}\s*(?:and|to|through|-|–)\s*$)|(?:\b(?:del|entre el)\s+\d{1,2}\s*(?:al|y el)\s*$)"
)
# "the number of political prisoners … at 1,674", "la cifra de presos políticos en 1.800":
# the noun after "number of" says what the number counts
NUMBER_OF = re.compile(
    r"\b(?:number|figure|toll|count|tally|total|numero|cifra|balance|total)\s+(?:of|de)\s+"
    r"(?P<noun>(?:[^\W\d_]+\s+){1,3}?)(?:[^\W\d_,]+\s+){0,4}?"
    r"(?:at|to|en|a|stood at|stands at|is|was|es|era|rose to|reached|llega a|asciende a|ascendia a|subio a)\s+$"
)

# "aged 31, 45 and 52": every member of a list of ages
AGES_LIST_BEFORE = re.compile(
    r"\b(?:aged|ages|age|edades de|de edad|edad de)\s+\d{1,3}(?:\s*,\s*\d{1,3})*\s*(?:,\s*)?(?:and|or|y|e|o)?\s*$"
)
# a short time phrase between a participle and its agent ("on Friday", "el viernes", "ayer")
_WHEN = (r"(?:(?:on|this|last|late|early|el|este|esta|el pasado|la|esta)\s+)?(?:" + WEEKDAY_RE
         + r"|week|month|morning|night|semana|mes|manana|noche|today|yesterday|hoy|ayer)")
# where a document was posted, between its participle and its agent (folded text)
_ON_MEDIUM = (r"(?:on x|on social media|online|on twitter|on its website|on (?:his|her|its|their) (?:x )?account"
              r"|en x|en redes(?: sociales)?|en (?:su|la) cuenta de x|en internet|en su (?:sitio|pagina) web)")
# "el desglose que ofreció el Foro Penal", "un comunicado de la ONU", "a report by HRW": a
# document whose owner is the claim-maker
DOC_NOUN = (r"(?:desglose|informe|reporte|comunicado|balance|conteo|recuento|registro|lista|listado|estudio"
             r"|analisis|documento|boletin|nota|parte|resumen|actualizacion|estadistica|publicacion|mensaje"
             r"|breakdown|report|statement|tally|count|list|study|analysis|document|bulletin|note|update"
             r"|summary|release|press release|message|post|figure|statistic|data|cifra|dato"
             r"|chart|graphic|infographic|table|grafico|infografia|tabla)(?:s|es)?")
DOC_OWNER = re.compile(
    r"(?:(?:el|la|los|las|un|una|the|a|an|su|sus|its|their)\s+)?(?:(?:ultimo|latest|new|nuevo|mas reciente)\s+)?"
    + DOC_NOUN + r"\s+(?:(?:mas\s+)?reciente\s+)?"
    r"(?:que\s+(?:ofrecio|ofrece|publico|publica|difundio|difunde|presento|presenta|divulgo|elaboro|dio a conocer"
    r"|entrego|maneja|hizo publico)"
    # "a report released on Friday by", "el informe divulgado el viernes por": a participle of
    # publication, an optional time phrase, then the agent
    r"|(?:published|released|issued|compiled|presented|put out|posted|shared)(?:\s+" + _WHEN + r")?"
    r"(?:\s+" + _ON_MEDIUM + r")?\s+by"
    r"|(?:publicad|divulgad|difundid|presentad|elaborad|emitid|entregad|dad)[oa]s?(?:\s+a conocer)?"
    r"(?:\s+" + _WHEN + r")?(?:\s+" + _ON_MEDIUM + r")?\s+por"
    r"|del|de la|de los|de las|de|of the|of|from the|from|by)\s+"
)
# "the watchdog's report", "HRW's latest report": the possessor is the claim-maker
DOC_POSSESSOR = re.compile(r"(?P<owner>.+?)['\u2019]s\s+(?:(?:latest|new|own|annual)\s+)?" + DOC_NOUN + r"$")
# "Saab al intervenir en una sesión …", "Romero in a press conference": the circumstance of
# the statement, not part of the name
SOURCE_TAIL = re.compile(
    r"\s+(?:al\s+[a-z\u00e1\u00e9\u00ed\u00f3\u00fa]+(?:ar|er|ir)\b"
    r"|(?:en|durante|tras|ante|desde)\s+(?:una|un|el|la|su|sus)\s+(?:sesion|sesi\u00f3n|rueda|entrevista|comunicado|mensaje"
    r"|declaraciones|acto|evento|alocucion|alocuci\u00f3n|conferencia|cuenta|publicacion|publicaci\u00f3n|programa|transmision)"
    r"|(?:in|during|at|on)\s+(?:a|an|the|his|her|its|their)\s+(?:session|news conference|press conference|interview"
    r"|statement|speech|message|post|hearing|televised|broadcast|social media)"
    # "dijo Human Rights Watch el martes", "said the group on Monday": a time after the name
    # (not "a statement posted this week by the UN office": the agent follows)
    r"|(?:el|este|esta|on|this|last|el pasado|la pasada)\s+(?:" + WEEKDAY_RE + r"|semana|week|mes|month|fin de semana|weekend)\b"
    r"(?!.*\b(?:by|por)\s)"
    r"|(?:ayer|hoy|anoche|yesterday|today|tonight|last night)\b(?!.*\b(?:by|por)\s)).*$"
)

# --------------------------------------------------------------------------------------
# anaphoric sources (folded text): what "the expert", "the lawyers", "el desglose" stand for

# a role with no name ("La experta", "El fiscal", "the prosecutor"): the person named before
BARE_ROLE = re.compile(
    r"^(?:the|el|la|this|that|este|esta|ese|esa)\s+(?:(?:top|chief|senior|former|veteran|independent|principal)\s+)?"
    r"(?:expert[oa]?|fiscal|prosecutor|minist(?:er|ro|ra)|director[a]?|abogad[oa]|lawyer|attorney"
    r"|president[ea]?|presidenta|vocer[oa]|portavoz|spokes(?:man|woman|person)|official|funcionari[oa]"
    r"|investigador[a]?|investigator|jurista|jurist|activista|activist|defensor[a]?|coordinador[a]?"
    r"|relator[a]?|rapporteur|chair(?:man|woman|person)?|head|jef[ea]|lider|leader|diputad[oa]|lawmaker"
    r"|senador[a]?|senator|gobernador[a]?|governor|canciller|foreign minister|founder|fundador[a]?|ombudsman"
    r"|defensora del pueblo|defensor del pueblo)$"
)
# a plural of members who speak for the organisation ("the lawyers", "los activistas"): the
# organisation named before
BARE_GROUP = re.compile(
    r"^(?:the|los|las|its)\s+(?:(?:group's|organisation's|organization's|ngo's)\s+)?"
    r"(?:lawyers|abogad[oa]s|activists|activistas|researchers|investigador[ea]s|volunteers|voluntari[oa]s"
    r"|monitors|defensor[ea]s|directivos|leaders|lideres|coordinators|coordinador[ea]s)$"
)
# a document as the source, its owner only a pronoun or a generic noun or nobody: "el desglose",
# "its report", "the breakdown the organisation posted", "la lista de presos politicos de la ONG"
DOC_LEAD = re.compile(
    r"^(?:(?:el|la|los|las|the|its|their|su|sus|this|that|este|esta|ese|esa|dicho|dicha|said)\s+)?"
    r"(?:(?:ultim[oa]|latest|new|nuev[oa]|mas reciente|most recent|weekly|semanal|full|complet[oa]|updated"
    r"|actualizad[oa]|own|propi[oa]|annual|anual|monthly|mensual)\s+)?(?:" + DOC_NOUN
    + r"|register|registry|roll|database|base de datos)\b(?P<rest>.*)$"
)
# the rest of such a source that names no owner: "the organisation posted", "it released",
# "de presos politicos de la organizacion", "que publico la ONG"
DOC_GENERIC_OWNER = re.compile(
    r"^\s*(?:(?:that|which|que)\s+)?(?:(?:the|la|el|esta|this)\s+(?:organi[sz]ation|group|ngo|ong|organizacion"
    r"|agrupacion|watchdog|monitor)|it|they)\s+(?:had\s+|has\s+)?(?:posted|published|released|issued|put out"
    r"|shared|compiled|kept|keeps|publico|difundio|divulgo|presento|elaboro|lleva|maneja)$"
    r"|^\s*(?:(?:de|of|on|sobre)\s+[^A-Z]*?\s+)?(?:de la|del|de los|of the|by the|from the)\s+(?:organi[sz]ation"
    r"|group|ngo|ong|organizacion|agrupacion|watchdog|monitor)$"
    r"|^\s*(?:it|they|ellos|ellas)\s+(?:posted|published|released|issued|put out|shared|publico|difundio)$"
)
# an adverb left after a pronoun ("It also", "It still"): the pronoun is the source
PRONOUN_TAIL = re.compile(r"\s+(?:also|too|still|again|then|later|now|tambien|ademas|ya|luego|todavia|aun)$")
