"""Find numbers written in English or Spanish news text, with their character spans.

Handles digits with either thousands separator ("2,400", "1.800", "18.326", and the
"1,793" some Spanish outlets write), decimals with a scale word ("2.5 million",
"1,2 millones"), spelled numbers ("two dozen", "one hundred and five", "doscientos",
"ochenta y uno", "veintiún", "un centenar", "un millar") and the Venezuelan mixed forms
("mil 849", "2 mil 400"). Plural quantity words with no number before them ("dozens",
"hundreds", "decenas", "cientos", "miles") are returned as ``vague`` so callers can
tell them from counts.

This module knows nothing about what a number counts; ``pipeline.figures`` decides that.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["NumberMention", "find_numbers", "fold", "parse_number_words"]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number phrase in a text.

    ``kind`` is ``digits`` ("2,400"), ``words`` ("two dozen"), or ``mixed`` ("2 mil
    400"). ``vague`` marks plural quantity words without a number ("dozens",
    "cientos"); their ``value`` is the unit (12, 100 …) and means nothing by itself.
    ``ordinal`` marks "8th", "2nd", "1º" (dates, ranks). ``decimal`` marks a number
    with a fraction and no scale word ("19.00", "2.5"), which is never a head count.
    """

    value: int
    start: int
    end: int
    text: str
    kind: str
    vague: bool = False
    ordinal: bool = False
    decimal: bool = False


def _fold_char(c: str) -> str:
    low = c.lower()
    if len(low) != 1:
        low = c
    base = unicodedata.normalize("NFD", low)[0]
    return base if base.isascii() or not base.isalpha() else low


# accented Latin letters (Latin-1 and Latin Extended-A) → their base letter
_FOLD_TABLE = {i: _fold_char(chr(i)) for i in range(0xC0, 0x180) if len(_fold_char(chr(i))) == 1}


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping one output character per input character.

    Offsets in the folded text are offsets in the original, so lexicon regexes can run
    on the folded text and report spans of the original.
    """
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") lower-case to two
        return "".join(_fold_char(c) for c in text)
    return low.translate(_FOLD_TABLE)


# --- lexicons (folded: lower case, no accents) -------------------------------------

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_ES_UNITS = {
    "cero": 0, "uno": 1, "una": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4,
    "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11,
    "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiuno": 21, "veintiun": 21, "veintiuna": 21, "veintidos": 22,
    "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26,
    "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
}
_ES_TENS = {
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90,
}
_ES_HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200,
    "trescientos": 300, "trescientas": 300, "cuatrocientos": 400,
    "cuatrocientas": 400, "quinientos": 500, "quinientas": 500, "seiscientos": 600,
    "seiscientas": 600, "setecientos": 700, "setecientas": 700,
    "ochocientos": 800, "ochocientas": 800, "novecientos": 900, "novecientas": 900,
}
# words that multiply what precedes them ("two dozen", "dos mil", "un centenar")
_MULTIPLIERS = {
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12,
    "millardo": 1_000_000_000, "millardos": 1_000_000_000, "billon": 10**12, "billones": 10**12,
    "mil": 1000, "millon": 1_000_000, "millones": 1_000_000, "centenar": 100,
    "centenares": 100, "millar": 1000, "millares": 1000, "docena": 12, "docenas": 12,
    # collective numerals: "una veintena" (about twenty), "una decena", "una treintena"
    "decena": 10, "decenas": 10, "veintena": 20, "treintena": 30,
}
_EN_MULT = {"hundred", "thousand", "million", "billion", "dozen"}
# plural quantity words: vague on their own ("dozens of", "cientos de")
_VAGUE = {
    "dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 1_000_000,
    "decenas": 10, "docenas": 12, "cientos": 100, "centenares": 100,
    "miles": 1000, "millares": 1000,
}
# "a"/"un"/"una" count as 1 only before these
#: determiners that make a multiplier word a rough size ("several dozen", "unos cuantos cientos")
_VAGUE_DET = frozenset({"several", "few", "many", "some", "varias", "varios", "pocas", "pocos",
                        "muchas", "muchos", "cuantas", "cuantos", "algunas", "algunos"})
_ONE_BEFORE = {"hundred", "thousand", "million", "dozen", "centenar", "millar", "docena", "mil", "millon",
               "decena", "veintena", "treintena"}
_ARTICLE_ONE = {"a", "un", "una"}
_ES_CONNECT = "y"
_EN_CONNECT = "and"

_WORD_VALUES: dict[str, int] = {
    **_EN_UNITS, **_EN_TENS, **_ES_UNITS, **_ES_TENS, **_ES_HUNDREDS,
}

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|º|ª|°)(?![^\W\d_])", re.IGNORECASE)


def _digits_value(s: str) -> tuple[float, bool]:
    """Value of a digit string and whether it is a decimal (not a whole count).

    Groups of exactly three digits after ``.`` or ``,`` are thousands in either
    language ("2,400", "1.800"); anything else after one separator is a fraction.
    """
    parts = re.split(r"[.,]", s)
    if len(parts) == 1:
        return float(int(s)), False
    if len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
        return float(int("".join(parts))), False
    if len(parts) == 2:
        return float(f"{parts[0]}.{parts[1]}"), True
    return float(int("".join(parts))), False


def _split_hyphen(word: str) -> list[str]:
    return [w for w in word.split("-") if w]


def _word_number(word: str) -> int | None:
    """Value of one folded word ("twenty-four" → 24), or None."""
    if word in _WORD_VALUES:
        return _WORD_VALUES[word]
    parts = _split_hyphen(word)
    if len(parts) == 2 and parts[0] in _EN_TENS and parts[1] in _EN_UNITS:
        return _EN_TENS[parts[0]] + _EN_UNITS[parts[1]]
    return None


def parse_number_words(words: list[str]) -> int | None:
    """Value of a sequence of folded number words, or None when it is not one.

    >>> parse_number_words(["dos", "mil", "cuatrocientos"])
    2400
    >>> parse_number_words(["two", "dozen"])
    24
    """
    total = 0
    current = 0
    seen = False
    for w in words:
        if w in (_ES_CONNECT, _EN_CONNECT):
            continue
        if w in _ARTICLE_ONE:
            current += 1
            seen = True
            continue
        if w in _MULTIPLIERS:
            mult = _MULTIPLIERS[w]
            if mult == 100 and w == "hundred":
                current = max(current, 1) * 100
            elif mult >= 1000:
                total += max(current, 1) * mult
                current = 0
            else:
                current = max(current, 1) * mult
            seen = True
            continue
        v = _word_number(w)
        if v is None:
            return None
        current += v
        seen = True
    return total + current if seen else None


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    raw: str
    low: str
    is_digit: bool


def _tokens(text: str, folded: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(folded):
        s, e = m.span()
        out.append(_Tok(s, e, text[s:e], m.group(), folded[s].isdigit()))
    return out


def _lang_words(language: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """Number words and multiplier words usable in ``language`` (None: both)."""
    en = frozenset(_EN_UNITS) | frozenset(_EN_TENS)
    es = frozenset(_ES_UNITS) | frozenset(_ES_TENS) | frozenset(_ES_HUNDREDS)
    es_mult = frozenset(_MULTIPLIERS) - _EN_MULT
    if language == "en":
        return en, frozenset(_EN_MULT)
    if language == "es":
        return es, es_mult
    return (en | es) - {"once"}, frozenset(_MULTIPLIERS)


_STANDALONE_ONE = {"one", "uno", "una"}
#: spaces that separate groups of three digits ("1 500", "1\u00a0500", "1\u202f500")
_GROUP_SPACES = frozenset((" ", "\u00a0", "\u202f", "\u2009"))
_MONTHS = frozenset((
    "january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june", "jun", "july",
    "jul", "august", "aug", "september", "sept", "sep", "october", "oct", "november", "nov", "december",
    "dec", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "setiembre", "octubre", "noviembre", "diciembre",
))
_NO_STANDALONE = {"un", "a"}


def _digit_isolated(text: str, start: int, end: int) -> bool:
    """True when a digit run is not glued to letters ("HTML5", "14ymedio")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before in "-‐" and start > 1 and text[start - 2].isalpha():
        return False  # "COVID-19", "F-16"
    if before in "(=" and start > 1 and (text[start - 2].isalnum() or text[start - 2] == "_"):
        return False  # code, not prose: "alert(1)", "onerror=alert(3)", "id=7"
    return not (before.isalpha() or after.isalpha() or before == "_" or after == "_")


def _adjacent(text: str, a: _Tok, b: _Tok) -> bool:
    return text[a.end : b.start].strip() == ""


def find_numbers(
    text: str, folded: str | None = None, *, language: str | None = None
) -> list[NumberMention]:
    """Every number phrase in ``text``, in order.

    ``folded`` is ``fold(text)`` if the caller already has it; ``language`` ("en",
    "es" or None for both) picks the spelled-number vocabulary.
    """
    folded = fold(text) if folded is None else folded
    words_ok, mult_ok = _lang_words(language)
    toks = _tokens(text, folded)
    out: list[NumberMention] = []
    i = 0
    n = len(toks)

    def is_num_word(w: str) -> bool:
        return w in words_ok or w in mult_ok or (
            language != "es" and _word_number(w) is not None and "-" in w
        )

    while i < n:
        t = toks[i]
        if t.is_digit:
            suffix = _ORDINAL_SUFFIX.match(text, t.end)
            if suffix:
                out.append(NumberMention(int(_digits_value(t.raw)[0]), t.start, suffix.end(),
                                         text[t.start : suffix.end()], "digits", ordinal=True))
                i += 1
                continue
            if not _digit_isolated(text, t.start, t.end):
                i += 1
                continue
            value, decimal = _digits_value(t.raw)
            j = i + 1
            kind = "digits"
            # "1 500", "12 300", "1 800 000": a space (or a no-break or thin space) as the
            # thousands separator; not after a month name ("July 30 749 people")
            if re.fullmatch(r"\d{1,3}", t.raw) and not (i and toks[i - 1].low in _MONTHS):
                while j < n and toks[j].is_digit and re.fullmatch(r"\d{3}", toks[j].raw) \
                        and text[toks[j - 1].end : toks[j].start] in _GROUP_SPACES \
                        and not (j + 1 < n and toks[j + 1].is_digit
                                 and text[toks[j].end : toks[j + 1].start] not in _GROUP_SPACES) \
                        and _digit_isolated(text, toks[j].start, toks[j].end) \
                        and not _ORDINAL_SUFFIX.match(text, toks[j].end):
                    value = value * 1000 + int(toks[j].raw)
                    j += 1
            # "2 mil 400", "2.5 million", "1,2 millones"
            if j < n and toks[j].low in mult_ok and toks[j].low in _MULTIPLIERS \
                    and _MULTIPLIERS[toks[j].low] >= 1000 and _adjacent(text, toks[i], toks[j]):
                value *= _MULTIPLIERS[toks[j].low]
                decimal = value != int(value)
                kind = "mixed"
                j += 1
                if j < n and toks[j].is_digit and toks[j - 1].low == "mil" and len(toks[j].raw) == 3 \
                        and _adjacent(text, toks[j - 1], toks[j]):
                    value += int(toks[j].raw)
                    j += 1
            end = toks[j - 1].end
            out.append(NumberMention(int(value), t.start, end, text[t.start:end], kind, decimal=decimal))
            i = j
            continue
        low = t.low
        if low in _VAGUE and low in (mult_ok | {"dozens", "hundreds", "thousands", "millions", "decenas", "cientos", "miles"}):
            out.append(NumberMention(_VAGUE[low], t.start, t.end, t.raw, "words", vague=True))
            i += 1
            continue
        if low in ("un", "una") and i >= 2 and toks[i - 1].low == "menos" \
                and toks[i - 2].low in ("al", "lo") and _adjacent(text, toks[i - 1], t) \
                and not (i + 1 < n and toks[i + 1].low in _ONE_BEFORE and toks[i + 1].low in mult_ok
                         and _adjacent(text, t, toks[i + 1])):
            # "al menos un preso", "por lo menos una persona": one, with a qualifier
            out.append(NumberMention(1, t.start, t.end, t.raw, "words"))
            i += 1
            continue
        article_start = low in _NO_STANDALONE and i + 1 < n and toks[i + 1].low in _ONE_BEFORE \
            and toks[i + 1].low in mult_ok and _adjacent(text, t, toks[i + 1])
        if not (is_num_word(low) or article_start) or (low in _NO_STANDALONE and not article_start):
            i += 1
            continue
        words = [low]
        j = i + 1
        while j < n and _adjacent(text, toks[j - 1], toks[j]):
            w = toks[j].low
            if w in _VAGUE and w not in ("centenares", "millares", "docenas", "decenas"):
                break
            if is_num_word(w):
                words.append(w)
                j += 1
                continue
            if w in (_ES_CONNECT, _EN_CONNECT) and j + 1 < n and _adjacent(text, toks[j], toks[j + 1]):
                nxt_v = _word_number(toks[j + 1].low) if is_num_word(toks[j + 1].low) else None
                if w == _ES_CONNECT and words[-1] in _ES_TENS and nxt_v is not None and nxt_v < 10:
                    words.append(w)
                    j += 1
                    continue
                if w == _EN_CONNECT and words[-1] in ("hundred", "thousand") and nxt_v is not None \
                        and nxt_v < 100:
                    words.append(w)
                    j += 1
                    continue
                break
            # "mil 849": a spelled thousand followed by three digits
            if toks[j].is_digit and words[-1] == "mil" and len(toks[j].raw) == 3 \
                    and _digit_isolated(text, toks[j].start, toks[j].end):
                words.append(toks[j].raw)
                j += 1
            break
        digit_tail = int(words.pop()) if words[-1].isdigit() else 0
        value_w = parse_number_words(words)
        if value_w is None:
            i += 1
            continue
        if len(words) == 1 and words[0] in _NO_STANDALONE:
            i += 1
            continue
        end = toks[j - 1].end
        if words[0] in _MULTIPLIERS and i > 0 and toks[i - 1].low in _VAGUE_DET \
                and _adjacent(text, toks[i - 1], t):
            # "several dozen", "a few hundred", "varias decenas": no number, a rough size
            out.append(NumberMention(value_w, t.start, end, text[t.start:end], "words", vague=True))
            i = j
            continue
        kind = "mixed" if digit_tail else "words"
        out.append(NumberMention(value_w + digit_tail, t.start, end, text[t.start:end], kind))
        i = j
    return out
