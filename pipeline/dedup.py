"""Dedup: tell a reprint from a new report.

Three relations between a new text and the articles already held (seed corpus included):

- **copy** — the same report republished: the same normalised text (``exact_text``), or
  a near-duplicate whose figures (metric, value) are all already reported in the story of
  the article it copies (``near_duplicate``). A copy points ``duplicate_of`` at the first
  article of its story and shares its ``story_id``; its figures are not counted again.
- **version** — a near-duplicate that carries a figure (metric, value) that the story of
  the article it resembles does not (an edited reprint; an early "ten released" and a
  later "at least 60 released" of one wire story). It is not a duplicate: it keeps its
  figures, which are compared like any other, and shares the ``story_id``.
- **original** — anything else, including different reports of the same event that share
  names, places and numbers.

How near-duplicates are found. Texts are reduced to sets of 2-word shingles of the
normalised text and sketched with MinHash (``PERMUTATIONS`` values, our own hash family,
so signatures do not depend on a library's internals; ``SCHEME`` names it and is stored
with each signature). Copies are cut at different points, so the measure is
**containment** — the share of the smaller shingle set found in the larger — estimated
from the MinHash Jaccard ``J`` and the two set sizes ``a <= b``:
``|A∩B| = J (a + b) / (1 + J)``, containment ``= |A∩B| / a``.
A held article is a match when its containment is at least ``CONTAINMENT_THRESHOLD``, or
at least ``TITLE_CONTAINMENT_THRESHOLD`` when both titles normalise to the same key: the
title is a second signal, never enough alone. Measured by ``bench/dedup_eval.py``: copies
with up to 30% of their words changed, cut and re-headlined, score 0.41 and up; other
reports of the same event score at most 0.24 (real and our own), a report that borrows one
background paragraph up to 0.42 (it then has figures of its own: a version, not a copy).

The estimate is computed in one vectorised pass over a column-major ``uint32`` matrix of
the signatures in the index. A run does not load every held signature into it: the
warehouse keeps 256 bands of one value per signature (``article_bands``) and a run reads
only the held articles sharing at least ``MIN_HITS`` values with one of its new texts
(``warehouse.read.dedup_rows``); fewer equal values can never be a match, so decisions
are the same as against every held signature. Bands of several values would miss copies:
cut copies have a Jaccard as low as 0.19, where 32 bands of 4 rows (what a 0.5 threshold
gives) find 73% of them and 64 bands of 2 still miss the worst one 9% of the time.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pipeline.models import Figure

log = logging.getLogger(__name__)

SHINGLE_WORDS = 2
PERMUTATIONS = 256
SEED = 1
SCHEME = f"minhash-v1:w{SHINGLE_WORDS}:p{PERMUTATIONS}:seed{SEED}"

#: Containment (share of the smaller text's shingles found in the other) from which a
#: held article is a near-duplicate on text alone.
CONTAINMENT_THRESHOLD = 0.35
#: Lower containment accepted when both titles normalise to the same key.
TITLE_CONTAINMENT_THRESHOLD = 0.28
#: Texts with fewer distinct shingles than this are only ever matched exactly: a short
#: text is "contained" in long articles by chance.
MIN_SHINGLES = 30
#: Fewest equal MinHash values for a near-duplicate. Against a much longer text each
#: equal value is worth a lot of containment, so a few chance hits must not be enough.
MIN_HITS = 8
#: Title keys with fewer words than this are too generic to count as a signal.
MIN_TITLE_WORDS = 3
#: Free columns kept after a rebuild, so that a run's adds do not copy the matrix.
_HEADROOM = 4096

_MERSENNE61 = np.uint64((1 << 61) - 1)
_MASK32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.uint32(0xFFFFFFFF)

_WORD_RE = re.compile(r"\w+")
# "Outlet: Title", "Title - Outlet", "Title | Outlet", "Title — Outlet"
_TITLE_SEP_RE = re.compile(r"\s+[-|–—•·]+\s+|\s*\|\s*|:\s+")


def _params() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """The ``a``, ``b`` of ``h_i(x) = (a_i x + b_i) mod (2^61 - 1)``, from SHA-256 of the seed.

    ``a``, ``b`` < 2^31 and ``x`` < 2^32 keep ``a x + b`` below 2^64 (no overflow in uint64).
    """
    a = np.empty(PERMUTATIONS, dtype=np.uint64)
    b = np.empty(PERMUTATIONS, dtype=np.uint64)
    for i in range(PERMUTATIONS):
        d = hashlib.sha256(f"{SCHEME}:{i}".encode()).digest()
        a[i] = (int.from_bytes(d[:4], "little") & 0x7FFFFFFF) | 1
        b[i] = int.from_bytes(d[4:8], "little") & 0x7FFFFFFF
    return a, b


_A, _B = _params()


def normalise_text(text: str) -> str:
    """Lower-case words of ``text`` without accents or punctuation, one space apart."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_WORD_RE.findall(folded))


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of :func:`normalise_text`: the exact-duplicate key."""
    return hashlib.sha256(normalise_text(text).encode()).hexdigest()


def title_key(title: str | None) -> str | None:
    """Normalised title, Media Cloud style: outlet names around the title dropped.

    ``"Outlet: Title"``, ``"Title - Outlet"`` and ``"Title | Outlet"`` all give the key of
    ``"Title"`` (the longest part between separators), folded like
    :func:`normalise_text`. None when there is no title.
    """
    if not title:
        return None
    parts = [p for p in _TITLE_SEP_RE.split(title.strip()) if p and p.strip()]
    if not parts:
        return None
    key = max((normalise_text(p) for p in parts), key=lambda k: (len(k.split()), len(k)))
    return key or None


@dataclass(frozen=True, slots=True)
class Signature:
    """MinHash sketch of one text, as stored in ``article_signatures``."""

    scheme: str
    hashvalues: bytes  # PERMUTATIONS little-endian uint64
    n_shingles: int
    title_key: str | None


def _shingles(norm: str) -> set[str]:
    words = norm.split()
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _minhash(shingles: set[str]) -> npt.NDArray[np.uint32]:
    if not shingles:
        return np.full(PERMUTATIONS, _EMPTY, dtype=np.uint32)
    x = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little")
            for s in shingles
        ),
        dtype=np.uint64,
        count=len(shingles),
    )
    phv: npt.NDArray[np.uint64] = (np.outer(x, _A) + _B) % _MERSENNE61 & _MASK32
    out: npt.NDArray[np.uint32] = phv.min(axis=0).astype(np.uint32)
    return out


def signature(text: str, title: str | None = None) -> Signature:
    """MinHash signature of ``text`` under :data:`SCHEME`, with the title's key."""
    shingles = _shingles(normalise_text(text))
    values = _minhash(shingles)
    return Signature(
        scheme=SCHEME,
        hashvalues=values.astype("<u8").tobytes(),
        n_shingles=len(shingles),
        title_key=title_key(title),
    )


def _values(sig: Signature) -> npt.NDArray[np.uint32]:
    return np.frombuffer(sig.hashvalues, dtype="<u8").astype(np.uint32)


def containment(jaccard: float, n_a: int, n_b: int) -> float:
    """Containment of the smaller set in the larger, from their Jaccard and sizes."""
    small = min(n_a, n_b)
    if small <= 0 or jaccard <= 0:
        return 0.0
    inter = jaccard * (n_a + n_b) / (1.0 + jaccard)
    return min(1.0, inter / small)


def figure_keys(figures: Iterable[Figure]) -> frozenset[tuple[str, int]]:
    """The (metric, value) pairs of ``figures``: what a copy may not add."""
    return frozenset((f.metric, f.value) for f in figures)


@dataclass(frozen=True, slots=True)
class DedupDecision:
    """What :meth:`DedupIndex.classify` decided for one text.

    ``relation`` is ``original``, ``copy`` or ``version``. ``duplicate_of`` (copies only)
    is the first article of the story; ``story_id`` is the story to store (None for an
    original: the caller uses the new article's own id). ``method`` and ``score`` say how
    a copy or version was linked (``exact_text`` / ``near_duplicate``, containment
    estimate); ``matched_article_id`` is the held article it resembles most.
    """

    relation: str
    duplicate_of: int | None
    story_id: int | None
    method: str | None
    score: float | None
    matched_article_id: int | None


ORIGINAL = DedupDecision("original", None, None, None, None, None)


class DedupIndex:
    """Signatures of every article held, for exact and near-duplicate checks.

    Pure Python and numpy: the caller reads rows from and writes rows to DuckDB.
    """

    def __init__(self) -> None:
        self._n = 0
        self._cap = 0
        self._ids = np.empty(0, dtype=np.int64)
        self._stories = np.empty(0, dtype=np.int64)
        self._sizes = np.empty(0, dtype=np.int64)
        self._titles = np.empty(0, dtype=np.int32)
        self._sig = np.empty((PERMUTATIONS, 0), dtype=np.uint32)  # column-major
        self._pos: dict[int, int] = {}
        self._by_sha: dict[str, int] = {}
        self._title_codes: dict[str, int] = {}
        self._figures: dict[int, frozenset[tuple[str, int]]] = {}
        # (metric, value) pairs reported anywhere in each story: copies store no figures
        # of their own, so a copy of a copy is checked against its story's figures
        self._story_figures: dict[int, set[tuple[str, int]]] = {}
        #: Article ids whose stored signature is of another scheme (or unreadable): the
        #: caller recomputes them with :func:`signature` and :meth:`add`\\s them.
        self.stale_ids: list[int] = []
        self._presigned: dict[tuple[str, str | None], Signature] = {}

    def presign(self, text: str, title: str | None = None) -> Signature:
        """The signature :meth:`classify` will use for ``text`` (computed once: the
        caller looks up candidates with it before classifying)."""
        sig = self._presigned.get((text, title))
        if sig is None:
            sig = self._presigned[(text, title)] = signature(text, title)
        return sig

    def __len__(self) -> int:
        return self._n

    # -- building -------------------------------------------------------------------

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[int, str, bytes, str | None, int, int | None, str]],
        figure_keys: Mapping[int, set[tuple[str, int]]] | None = None,
        *,
        story_figures: Mapping[int, set[tuple[str, int]]] | None = None,
    ) -> DedupIndex:
        """Rebuild from stored rows.

        Each row is ``(article_id, scheme, signature_blob, title_key, n_shingles,
        story_id, text_sha256)``; a NULL ``story_id`` means the article is its own story.
        Rows of another scheme go to :attr:`stale_ids`. ``figure_keys`` maps article id to
        its (metric, value) pairs; an article missing from it is taken to report none.
        ``story_figures`` maps a story id to the pairs of all its held articles, for an
        index built from some of a story's articles only (``warehouse.read.dedup_rows``).
        """
        index = cls()
        want = PERMUTATIONS * 8
        every = list(rows)
        good = [r for r in every if r[1] == SCHEME and r[2] is not None and len(r[2]) == want]
        if len(good) < len(every):
            kept = {r[0] for r in good}
            index.stale_ids = [int(r[0]) for r in every if r[0] not in kept]
        n = len(good)
        index._grow(n + _HEADROOM)
        if n:
            ids, _, blobs, tkeys, sizes, stories, shas = zip(*good, strict=True)
            matrix = np.frombuffer(b"".join(blobs), dtype="<u8").reshape(n, PERMUTATIONS)
            index._sig[:, :n] = matrix.astype(np.uint32).T
            index._ids[:n] = ids
            index._sizes[:n] = [x or 0 for x in sizes]
            index._stories[:n] = [a if s is None else s for a, s in zip(ids, stories, strict=True)]
            index._titles[:n] = [index._title_code(k) for k in tkeys]
            index._pos = {int(a): i for i, a in enumerate(ids)}
            for sha, a in zip(reversed(shas), reversed(ids), strict=True):
                index._by_sha[sha] = int(a)  # the first article with a text wins
            index._n = n
        if figure_keys:
            index._figures = {int(k): frozenset(v) for k, v in figure_keys.items()}
            for aid, figs in index._figures.items():
                i = index._pos.get(aid)
                if i is not None:
                    story = int(index._stories[i])
                    index._story_figures.setdefault(story, set()).update(figs)
        if story_figures:
            for story, pairs in story_figures.items():
                index._story_figures.setdefault(int(story), set()).update(pairs)
        if index.stale_ids:
            log.info(
                "dedup index: %d signatures of another scheme than %s need recomputing",
                len(index.stale_ids),
                SCHEME,
            )
        log.debug("dedup index rebuilt from %d signatures", n)
        return index

    def add(
        self,
        article_id: int,
        sig: Signature,
        *,
        story_id: int,
        text_sha256: str,
        figures: Sequence[Figure] = (),
    ) -> None:
        """Hold one more article (re-adding an id replaces it)."""
        if sig.scheme != SCHEME:
            raise ValueError(
                f"article {article_id}: signature scheme {sig.scheme!r} is not {SCHEME!r}; "
                "recompute it with pipeline.dedup.signature()"
            )
        i = self._pos.get(article_id)
        if i is None:
            self._grow(self._n + 1)
            i = self._n
            self._n += 1
            self._pos[article_id] = i
        self._ids[i] = article_id
        self._sig[:, i] = _values(sig)
        self._sizes[i] = sig.n_shingles
        self._stories[i] = story_id
        self._titles[i] = self._title_code(sig.title_key)
        self._by_sha.setdefault(text_sha256, article_id)
        self._figures[article_id] = figure_keys(figures)
        self._story_figures.setdefault(story_id, set()).update(self._figures[article_id])

    def _grow(self, need: int) -> None:
        if need <= self._cap:
            return
        cap = max(need, 2 * self._cap, 1024)
        n = self._n
        sig = np.empty((PERMUTATIONS, cap), dtype=np.uint32)
        sig[:, :n] = self._sig[:, :n]
        self._sig = sig
        for name, dtype in (
            ("_ids", np.int64),
            ("_stories", np.int64),
            ("_sizes", np.int64),
            ("_titles", np.int32),
        ):
            old = getattr(self, name)
            new = np.empty(cap, dtype=dtype)
            new[:n] = old[:n]
            setattr(self, name, new)
        self._cap = cap

    def _title_code(self, key: str | None) -> int:
        if key is None or len(key.split()) < MIN_TITLE_WORDS:
            return -1
        return self._title_codes.setdefault(key, len(self._title_codes))

    # -- checking -------------------------------------------------------------------

    def _hits(self, sig: Signature) -> npt.NDArray[np.uint16]:
        n = self._n
        q = _values(sig)
        hits = np.zeros(n, dtype=np.uint16)
        for p in range(PERMUTATIONS):
            hits += self._sig[p, :n] == q[p]
        return hits

    def containments(
        self, sig: Signature, hits: npt.NDArray[np.uint16] | None = None
    ) -> npt.NDArray[np.float64]:
        """Estimated containment of ``sig`` against every held signature (index order)."""
        n = self._n
        if hits is None:
            hits = self._hits(sig)
        jac = hits.astype(np.float64) / PERMUTATIONS
        a = np.float64(sig.n_shingles)
        b = self._sizes[:n].astype(np.float64)
        small = np.minimum(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            inter = jac * (a + b) / (1.0 + jac)
            cont = np.where(small > 0, np.minimum(1.0, inter / small), 0.0)
        return cont

    def classify(
        self,
        text: str,
        *,
        title: str | None = None,
        figures: Sequence[Figure] = (),
        sha: str | None = None,
    ) -> tuple[DedupDecision, Signature]:
        """Decide whether ``text`` is a copy, a version or an original; also its signature.

        ``sha``: :func:`text_sha256` of ``text`` when the caller has it (the worker that
        processed the page computed it); else it is computed here.
        Nothing is added: call :meth:`add` with the id the article gets.
        """
        sig = self._presigned.pop((text, title), None) or signature(text, title)
        if sha is None:
            sha = text_sha256(text)
        held = self._by_sha.get(sha)
        if held is not None and sig.n_shingles > 0:
            story = int(self._stories[self._pos[held]])
            return DedupDecision("copy", story, story, "exact_text", 1.0, held), sig
        return self._near(sig, figure_keys(figures)), sig

    def _near(self, sig: Signature, figs: frozenset[tuple[str, int]]) -> DedupDecision:
        n = self._n
        if n == 0 or sig.n_shingles < MIN_SHINGLES:
            return ORIGINAL
        hits = self._hits(sig)
        cont = self.containments(sig, hits)
        ok_size = (self._sizes[:n] >= MIN_SHINGLES) & (hits >= MIN_HITS)
        key = sig.title_key
        tcode = self._title_codes.get(key) if key and len(key.split()) >= MIN_TITLE_WORDS else None
        if tcode is not None:
            same_title = self._titles[:n] == tcode
            match = ok_size & (
                (cont >= CONTAINMENT_THRESHOLD)
                | (same_title & (cont >= TITLE_CONTAINMENT_THRESHOLD))
            )
        else:
            match = ok_size & (cont >= CONTAINMENT_THRESHOLD)
        idx = np.flatnonzero(match)
        if idx.size == 0:
            return ORIGINAL
        order = idx[np.argsort(-cont[idx], kind="stable")]
        best = int(order[0])
        # a copy adds no figure: prefer the closest held article whose story has them all
        for i in order:
            aid = int(self._ids[i])
            story = int(self._stories[i])
            if figs <= self._story_figures.get(story, set()):
                return DedupDecision(
                    "copy", story, story, "near_duplicate", round(float(cont[i]), 4), aid
                )
        aid = int(self._ids[best])
        story = int(self._stories[best])
        new = sorted(figs - self._story_figures.get(story, set()))
        log.debug(
            "near-duplicate of article %d carries figures %s new to story %d: a version",
            aid,
            new,
            story,
        )
        return DedupDecision(
            "version", None, story, "near_duplicate", round(float(cont[best]), 4), aid
        )
