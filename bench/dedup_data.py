"""A labelled dedup set generated from our own texts: edited copies, versions, hard negatives.

Base texts are the seed corpus and ``tests/fixtures/dedup/*.txt`` (written for this
project: several distinct reports of the same releases of Nov–Dec 2024 and Jan 2026, in
English and Spanish). From each base we derive:

- **copies** at an edit level ``p``: another outlet's headline, optional agency credit
  line and page boilerplate, the lead sentence rewritten, the last paragraphs (sometimes
  a middle one) cut, and then ``p`` of the remaining words changed in short runs
  (substituted by other words of the same language, deleted, or with a word inserted);
  numbers are never invented, so a copy carries no figure its original lacks;
- **versions**: a light copy with one count changed (the early vs later wire story).

Hard negatives are the other bases (the same event told by another report) and copies of
them. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import difflib
import random
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "dedup"
SEED_CORPUS = REPO / "seeds" / "corpus"

_NUM_RE = re.compile(r"\d{1,3}(?:[.,]\d{3})+|\d+")
_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ\"“])")


@dataclass(frozen=True)
class Base:
    key: str  # file stem
    story: str  # bases of one story (versions of one wire) share it
    title: str
    date: str
    language: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Derived:
    base: str
    kind: str  # copy | version
    level: float  # share of words the generator was asked to change
    changed: float  # share of the body's words actually changed (word diff to the original)
    title: str
    text: str
    note: str


def _read(path: Path, language: str) -> Base:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    title, date, *body = lines
    paragraphs = tuple(body)
    story = "wire-version" if "wire-version" in path.stem else path.stem
    return Base(path.stem, story, title, date, language, paragraphs)


def load_bases() -> list[Base]:
    """The seed corpus and the fixture texts, seed first."""
    bases = [_read(p, "en") for p in sorted(SEED_CORPUS.glob("*.txt"))]
    for p in sorted(FIXTURES.glob("*.txt")):
        lang = "es" if p.stem.endswith(".es") else "en"
        bases.append(_read(p, lang))
    return bases


OUTLETS = {
    "en": [
        ("Reuters", "CARACAS (Reuters) -", "(Reporting by staff in Caracas; Editing by the desk)"),
        ("AFP", "Caracas (AFP) -", "© Agence France-Presse"),
        ("The Daily Ledger", "", "Sign up for our morning newsletter to get the top stories."),
        ("Latin Wire", "By Latin Wire staff", "Follow us on X, Telegram and WhatsApp."),
        ("Global Herald", "", "Read more: Venezuela's opposition weighs its next move"),
    ],
    "es": [
        ("EFE", "Caracas, (EFE).-", "(c) Agencia EFE. Todos los derechos reservados."),
        ("Europa Press", "MADRID, (EUROPA PRESS) -", "Síguenos en WhatsApp y Telegram."),
        ("Diario del Sur", "", "Lee también: la oposición venezolana pide garantías"),
        ("Noticias Hoy", "Redacción Noticias Hoy", "Suscríbete a nuestro boletín diario."),
        ("El Observador", "", "Publicidad"),
    ],
}
_HEADLINE_WORDS = {
    "en": ["Venezuela", "prisoners", "releases", "freed", "crackdown", "update", "families"],
    "es": ["Venezuela", "presos", "excarcelaciones", "liberados", "represión", "familias"],
}


def _vocab(bases: list[Base]) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {"en": set(), "es": set()}
    for b in bases:
        for w in b.text.split():
            w = w.strip('.,;:"“”()—-')
            if w.isalpha() and len(w) > 2:
                out[b.language].add(w.lower())
    return {k: sorted(v) for k, v in out.items()}


class Generator:
    def __init__(self, bases: list[Base], seed: int = 7) -> None:
        self.bases = bases
        self.vocab = _vocab(bases)
        self.rng = random.Random(seed)

    # -- edits ------------------------------------------------------------------

    def _word(self, lang: str) -> str:
        return self.rng.choice(self.vocab[lang])

    def _change_words(
        self, paragraphs: list[str], p: float, lang: str, style: str = "scattered"
    ) -> list[str]:
        """Change a share ``p`` of the words: in runs of 1–3 words (``scattered``, the
        worst case for shingles) or of 4–12 (``clustered``: phrases and clauses rewritten,
        as copy editors do)."""
        runs = (1, 1, 2, 3) if style == "scattered" else tuple(range(4, 13))
        toks = [para.split() for para in paragraphs]
        flat = [(i, j) for i, t in enumerate(toks) for j in range(len(t))]
        budget = round(p * len(flat))
        changed: set[tuple[int, int]] = set()
        while len(changed) < budget:
            start = self.rng.randrange(len(flat))
            for k in range(self.rng.choice(runs)):
                if start + k < len(flat) and len(changed) < budget:
                    changed.add(flat[start + k])
        out = []
        for i, t in enumerate(toks):
            new: list[str] = []
            for j, w in enumerate(t):
                if (i, j) not in changed:
                    new.append(w)
                    continue
                r = self.rng.random()
                if r < 0.7:
                    new.append(self._word(lang))
                elif r < 0.85:
                    pass  # deleted
                else:
                    new.extend((self._word(lang), w))  # a word inserted
            out.append(" ".join(x for x in new if x))
        return out

    def _rewrite_lead(self, paragraphs: list[str], lang: str) -> list[str]:
        """Rewrite the first sentence: its clauses reordered, half its words replaced."""
        first, *rest = _SENT_RE.split(paragraphs[0], maxsplit=1)
        parts = [c.strip() for c in first.split(", ") if c.strip()]
        self.rng.shuffle(parts)
        words = " ".join(parts).split()
        words = [
            w if _NUM_RE.search(w) or self.rng.random() < 0.5 else self._word(lang) for w in words
        ]
        return [" ".join([" ".join(words) + ".", *rest]), *paragraphs[1:]]

    def _cut(self, paragraphs: list[str]) -> tuple[list[str], str]:
        n = len(paragraphs)
        keep = self.rng.randint(max(2, (n + 1) // 2), n)
        out = paragraphs[:keep]
        note = f"kept {keep}/{n} paragraphs"
        if len(out) > 3 and self.rng.random() < 0.25:
            del out[self.rng.randrange(1, len(out) - 1)]
            note += ", one middle paragraph dropped"
        return out, note

    def _headline(self, base: Base, outlet: str) -> str:
        lang = base.language
        words = base.title.split()
        self.rng.shuffle(words)
        words = words[: max(4, len(words) // 2)] + self.rng.sample(_HEADLINE_WORDS[lang], 2)
        head = " ".join(words).capitalize()
        return self.rng.choice([f"{outlet}: {head}", f"{head} - {outlet}", head])

    def copy(self, base: Base, level: float, style: str = "scattered") -> Derived:
        lang = base.language
        outlet, credit, tail = self.rng.choice(OUTLETS[lang])
        paras, note = self._cut(list(base.paragraphs))
        kept = list(paras)
        if self.rng.random() < 0.6:
            paras = self._rewrite_lead(paras, lang)
            note += ", lead rewritten"
        paras = self._change_words(paras, level, lang, style)
        changed = changed_share(kept, paras)
        if credit and self.rng.random() < 0.7:
            paras[0] = f"{credit} {paras[0]}"
        if self.rng.random() < 0.6:
            paras.append(tail)
        if self.rng.random() < 0.3:
            paras.insert(0, "Advertisement" if lang == "en" else "Publicidad")
        title = self._headline(base, outlet)
        return Derived(
            base.key, "copy", level, changed, title, "\n".join(paras), f"{outlet}; {style}; {note}"
        )

    def version(self, base: Base) -> Derived | None:
        """A light copy whose one count (not a year, not a day of the month) is changed."""
        level = self.rng.choice((0.0, 0.05, 0.1))
        text = "\n".join(self._change_words(list(base.paragraphs), level, base.language))
        spots = [
            m
            for m in _NUM_RE.finditer(text)
            if m.group().isdigit() and int(m.group()) > 31 and not 1900 <= int(m.group()) <= 2100
        ]
        if not spots:
            return None
        m = self.rng.choice(spots)
        old = int(m.group())
        new = old + self.rng.choice((7, 12, 20, 35))
        while new in numbers(text):  # a count the text already reports is no new figure
            new += 1
        paras = (text[: m.start()] + str(new) + text[m.end() :]).split("\n")
        outlet = self.rng.choice(OUTLETS[base.language])[0]
        return Derived(
            base.key,
            "version",
            level,
            changed_share(list(base.paragraphs), paras),
            self._headline(base, outlet),
            "\n".join(paras),
            f"{old} -> {new}",
        )


def borrowed_paragraph(a: Base, b: Base, rng: random.Random) -> Derived:
    """Report ``b`` with one background paragraph of ``a`` pasted in: a hard negative of
    ``a`` (wire stories reuse background paragraphs)."""
    para = rng.choice(a.paragraphs[1:])
    paras = list(b.paragraphs)
    paras.insert(len(paras) - 1, para)
    return Derived(
        b.key, "borrowed", 0.0, 0.0, b.title, "\n".join(paras), f"+ a paragraph of {a.key}"
    )


def changed_share(original: list[str], edited: list[str]) -> float:
    """Share of words changed between two texts: 1 - matched words / the longer's words."""
    a = " ".join(original).lower().split()
    b = " ".join(edited).lower().split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return 1.0 - same / max(1, len(a), len(b))


def numbers(text: str) -> set[int]:
    """Every number written with digits (``1,800`` and ``1.800`` read as 1800)."""
    return {int(re.sub(r"[.,]", "", m.group())) for m in _NUM_RE.finditer(text)}
