"""Select the feed entries worth fetching: canonical URLs, aggregators, held, on topic.

- :func:`canonical_url` gives one spelling per article URL (tracking parameters,
  fragments, ``www.``/``m.``/``amp.`` hosts, AMP paths, default ports, trailing slash);
- :func:`resolve_aggregator` turns a Google-News-shaped link into the publisher's URL,
  decoding it from the article id when it is in there (no request), else following
  the aggregator's redirects with the guarded fetcher, up to the first hop that leaves
  the aggregator — the publisher page itself is not requested here;
- :func:`select_entries` drops entries already held (no request is made for them),
  duplicates within the batch, and entries whose title and summary mention none of the
  topic terms (accent- and case-insensitive, English and Spanish word forms).
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import logging
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from pipeline.errors import FetchError
from pipeline.models import Entry, Page

__all__ = [
    "Selection",
    "canonical_url",
    "decode_google_news_url",
    "is_aggregator_url",
    "resolve_aggregator",
    "select_entries",
    "topic_matcher",
]

log = logging.getLogger(__name__)

# Query parameters that never change what page is served.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "cmp", "ref", "ref_src",
    "ref_url", "referrer", "oc", "smid", "smtyp", "at_medium", "at_campaign",
    "at_custom1", "at_custom2", "at_custom3", "at_custom4", "taid", "mbid", "ito",
    "xtor", "sh", "s_cid", "cid_source", "share", "amp", "outputtype", "__twitter_impression",
    "spm", "utm",
})
TRACKING_PREFIXES = ("utm_", "ga_", "pk_", "mtm_", "hsa_", "vero_", "__hs")
HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
DEFAULT_PORTS = {"http": 80, "https": 443}


_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_NON_ASCII_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def _utf8_escapes(m: re.Match[str]) -> str:
    """A run of escapes of non-ASCII bytes as the characters it spells in UTF-8; bytes
    that are no UTF-8 (a Latin-1 ``%E9``) are kept as surrogates, escaped again by quote."""
    return bytes.fromhex(m.group(0).replace("%", "")).decode("utf-8", "surrogateescape")


def _normalise_escapes(path: str) -> str:
    """One spelling of a path's percent-encoding (RFC 3986 6.2.2): escapes of unreserved
    characters decoded, other escapes in upper case, raw spaces and non-ASCII characters
    encoded as UTF-8, so ``/artículo con espacios.html`` and ``/art%C3%ADculo%20con%20...``
    are one URL. Escapes of reserved characters (``%2F``) stay escapes: they change meaning.
    Non-ASCII characters, raw or escaped, are taken in Unicode's composed form (NFC), so
    ``í`` typed as ``i`` + combining acute (NFD, as macOS file names give it) is the same
    URL as the precomposed ``í``.
    """
    def one(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if ch in _UNRESERVED else "%" + m.group(1).upper()
    text = _NON_ASCII_ESCAPES.sub(_utf8_escapes, path)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return quote(_ESCAPE.sub(one, text), safe="/%:@!$&'()*+,;=~-._", errors="surrogateescape")


def canonical_url(url: str) -> str:
    """One spelling of an article URL, for dedup and the ``held`` check.

    >>> canonical_url("HTTPS://www.Example.com:443/News/story/amp/?utm_source=x&b=2&a=1#top")
    'https://example.com/News/story?a=1&b=2'
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    changed = True
    while changed:
        changed = False
        for prefix in HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix):]
                changed = True
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"

    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = re.sub(r"/amp(?=/)", "", path)  # /amp/ segment
    path = re.sub(r"/amp/?$", "/", path)  # /amp suffix
    path = re.sub(r"\.amp(\.html?)$", r"\1", path)  # story.amp.html
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    path = _normalise_escapes(path)

    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


# ------------------------------------------------------------------ aggregators


_GNEWS_ID = re.compile(r"/articles/([A-Za-z0-9_-]{16,})")


def is_aggregator_url(url: str) -> bool:
    """A Google-News-shaped article link (news.google.com, or a replay of its paths)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "news.google.com":
        return "/articles/" in parts.path
    return "/rss/articles/" in parts.path


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while i < len(data):
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, i
        shift += 7
    raise ValueError("truncated varint")


def decode_google_news_url(url: str) -> str | None:
    """The publisher URL carried inside a Google News article id, or None.

    Older ids (``CBMi…``) are a protobuf whose first string field is the URL; newer
    ones carry an opaque token (``AU_yqL…``), for which this returns None.
    """
    m = _GNEWS_ID.search(urlsplit(url).path)
    if not m:
        return None
    token = m.group(1)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    i = 0
    while i < len(raw):
        try:
            key, i = _varint(raw, i)
            wire = key & 7
            if wire == 0:
                _, i = _varint(raw, i)
            elif wire == 2:
                n, i = _varint(raw, i)
                chunk = raw[i:i + n]
                i += n
                # the URL, up to the first byte that cannot be in one (some ids
                # declare a length that runs past it)
                found = re.match(rb"https?://[!-~]+", chunk)
                if found:
                    return found.group(0).decode("ascii")
            else:
                return None
        except ValueError:
            return None
    return None


class _Redirector(Protocol):
    def redirect_location(self, url: str, *, robots: bool = True) -> str | None: ...

    def get(self, url: str, *, headers: Mapping[str, str] | None = None,
            robots: bool = True) -> Page: ...

    def post_form(self, url: str, data: str, *, headers: Mapping[str, str] | None = None,
                  robots: bool = True) -> Page: ...


# Google News ids of the newer, opaque kind (since mid-2024) are resolved the way its own
# article page does it: the page carries a signature and a timestamp (data-n-a-sg,
# data-n-a-ts) that a "garturlreq" call to its batchexecute endpoint exchanges for the
# publisher's URL.
_GN_SIG = re.compile(r'data-n-a-sg="([^"]+)"')
_GN_TS = re.compile(r'data-n-a-ts="([^"]+)"')
_GN_BATCH_PATH = "/_/DotsSplashUi/data/batchexecute"


def _gn_request(article_id: str, ts: str, sig: str) -> str:
    inner = json.dumps(
        ["garturlreq",
         [["X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1, None, None, None, None,
           None, 0, 1], "X", "X", 1, [1, 1, 1], 1, 1, None, 0, 0, None, 0],
         article_id, int(ts) if ts.isdigit() else ts, sig],
        separators=(",", ":"))
    return "f.req=" + quote(json.dumps([[["Fbv4je", inner, None, "generic"]]],
                                       separators=(",", ":")))


def _gn_url_from_batch(body: str) -> str | None:
    """The URL in a batchexecute answer (``)]}'`` then JSON chunks)."""
    for chunk in body.split("\n"):
        chunk = chunk.strip()
        if not chunk.startswith("[["):
            continue
        try:
            rows = json.loads(chunk)
        except ValueError:
            continue
        for row in rows:
            if isinstance(row, list) and len(row) > 2 and row[:2] == ["wrb.fr", "Fbv4je"] \
                    and isinstance(row[2], str):
                try:
                    payload = json.loads(row[2])
                except ValueError:
                    return None
                if isinstance(payload, list) and len(payload) > 1 \
                        and isinstance(payload[1], str) and payload[1].startswith("http"):
                    return payload[1]
    return None


def resolve_google_news_batch(url: str, fetcher: _Redirector) -> str | None:
    """Resolve an opaque Google News id through the aggregator's own endpoints.

    Two guarded requests to the aggregator (its article page, then its batchexecute
    endpoint), none to the publisher. None when the page carries no signature.
    """
    m = _GNEWS_ID.search(urlsplit(url).path)
    if not m:
        return None
    article_id = m.group(1)
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    page = fetcher.get(url)
    html = page.body.decode("utf-8", errors="replace")
    sig, ts = _GN_SIG.search(html), _GN_TS.search(html)
    if not sig or not ts:
        return None
    answer = fetcher.post_form(origin + _GN_BATCH_PATH,
                               _gn_request(article_id, ts.group(1), sig.group(1)))
    return _gn_url_from_batch(answer.body.decode("utf-8", errors="replace"))


def resolve_aggregator(url: str, fetcher: _Redirector, *, max_hops: int = 5,
                       decode: bool | None = None) -> str:
    """The publisher's URL behind an aggregator link; other URLs come back unchanged.

    ``decode`` (default: only for news.google.com) reads the URL out of the article
    id without any request. Otherwise the aggregator's redirects are followed, one
    guarded hop at a time, until a hop points outside the aggregator; that URL is
    returned without being requested. Raises :class:`FetchError` when no publisher URL
    can be found.
    """
    if not is_aggregator_url(url):
        return url
    if decode is None:
        decode = (urlsplit(url).hostname or "").lower() == "news.google.com"
    if decode:
        found = decode_google_news_url(url)
        if found:
            log.debug("%s: publisher URL decoded from the id: %s", url, found)
            return found
    current = url
    for _ in range(max_hops):
        nxt = fetcher.redirect_location(current)
        if nxt is None:
            break
        if not is_aggregator_url(nxt):
            log.debug("%s: resolved to %s", url, nxt)
            return nxt
        current = nxt
    found = resolve_google_news_batch(current, fetcher)
    if found and not is_aggregator_url(found):
        log.debug("%s: resolved through the aggregator's batchexecute to %s", url, found)
        return found
    raise FetchError(url, "the aggregator gave no publisher URL (no redirect, and its "
                          "article page carried no decoding signature); add the "
                          "publisher's own feed to sources.toml")


# ---------------------------------------------------------------------- topic


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")
# Endings that turn one stem into the EN/ES forms of the same word:
# venezuel-a/-an/-ans, venezolan-o/-os/-a/-as, polític-o/-os/-a/-as, pres-o/-os.
_SUFFIXES = frozenset({"", "s", "es", "a", "as", "o", "os", "e", "n", "ns", "an", "ans",
                       "ana", "anas", "ano", "anos", "ian", "ians", "ia", "ias"})


def _stem(word: str) -> str:
    if len(word) > 5 and word.endswith("es"):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("s"):
        word = word[:-1]
    if len(word) > 4 and word[-1] in "aeiou":
        word = word[:-1]
    return word


def _word_matches(stem: str, word: str) -> bool:
    return word.startswith(stem) and word[len(stem):] in _SUFFIXES


def topic_matcher(terms: Iterable[str]) -> Callable[[str], bool]:
    """A predicate: does a text mention any of ``terms``? (No terms: always true.)

    Accent- and case-insensitive; each word of a term matches its EN/ES inflections
    ("Venezuela" ~ "Venezuelan", "venezolano" ~ "venezolanas", "presos políticos" ~
    "preso político"); a multi-word term must appear as consecutive words.
    """
    stems = [tuple(_stem(w) for w in _WORD.findall(_fold(t))) for t in terms]
    stems = [s for s in stems if s]
    if not stems:
        return lambda _text: True

    def matches(text: str) -> bool:
        words = _WORD.findall(_fold(html.unescape(_TAG.sub(" ", text))))
        for term in stems:
            n = len(term)
            for i in range(len(words) - n + 1):
                if all(_word_matches(term[j], words[i + j]) for j in range(n)):
                    return True
        return False

    return matches


# -------------------------------------------------------------------- select


@dataclass(slots=True)
class Selection:
    """The outcome of :func:`select_entries`; ``reasons`` maps an entry URL to why it
    was skipped."""

    new: list[Entry] = field(default_factory=list)
    skipped_held: list[Entry] = field(default_factory=list)
    skipped_offtopic: list[Entry] = field(default_factory=list)
    skipped_duplicate: list[Entry] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)


def select_entries(
    entries: Sequence[Entry],
    *,
    held: Callable[[str], bool] | Collection[str],
    topic_terms: Iterable[str],
    source_terms: Iterable[str] = (),
    prefilter: bool = True,
) -> Selection:
    """Entries worth fetching, with their ``canonical_url`` set.

    A Google News link whose id carries the publisher URL is checked against ``held``
    under the publisher's canonical URL, so a held article costs no request. No
    request is made here.
    """
    is_held: Callable[[str], bool] = held if callable(held) else held.__contains__
    on_topic = topic_matcher([*topic_terms, *source_terms])
    sel = Selection()
    seen: set[str] = set()
    for entry in entries:
        canon = canonical_url(entry.url)
        if is_aggregator_url(entry.url):
            decoded = decode_google_news_url(entry.url)
            if decoded and (urlsplit(entry.url).hostname or "") == "news.google.com":
                canon = canonical_url(decoded)
        entry = replace(entry, canonical_url=canon)
        if canon in seen:
            sel.skipped_duplicate.append(entry)
            sel.reasons[entry.url] = f"same article as another entry ({canon})"
            continue
        seen.add(canon)
        if is_held(canon):
            sel.skipped_held.append(entry)
            sel.reasons[entry.url] = f"already held ({canon})"
            continue
        if prefilter and not on_topic(f"{entry.title or ''}\n{entry.summary or ''}"):
            sel.skipped_offtopic.append(entry)
            sel.reasons[entry.url] = "title and summary mention none of the topic terms"
            continue
        sel.new.append(entry)
    log.debug("selected %d of %d entries (%d held, %d off topic)", len(sel.new),
              len(entries), len(sel.skipped_held), len(sel.skipped_offtopic))
    return sel
