"""Plain data shared between the stages (no I/O here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

METRICS = (
    "killed",
    "injured",
    "arrested",
    "detained_current",
    "released",
    "minors_detained",
    "disappeared",
    "other",
)
QUALIFIERS = ("exact", "at_least", "more_than", "about", "nearly", "up_to", "fewer_than")


@dataclass(frozen=True, slots=True)
class Figure:
    """One count reported by one text.

    ``low``/``high`` is the interval the qualifier implies; ``high`` is None when the
    interval is open-ended (``at least 28`` → [28, None]). ``start``/``end`` are
    character offsets of the number phrase in the text it was extracted from.
    """

    value: int
    qualifier: str
    low: int
    high: int | None
    metric: str
    unit: str | None
    attributed_to: str | None
    as_of: date | None
    period: str | None
    sentence: str
    start: int
    end: int
    span: str
    language: str | None = None
    #: ``headline`` (a count in its own right) or ``part`` (a breakdown of another count:
    #: "de las cuales 512 son hombres", "those held include 904 civilians");
    #: ``pipeline.claims.classify`` adds ``subgroup`` and ``uncertain`` from the claim key
    claim_status: str = "headline"
    #: index, in the same extraction's list, of the figure this one is a part of
    part_of: int | None = None
    claim_reasons: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["as_of"] = self.as_of.isoformat() if self.as_of else None
        d["claim_reasons"] = list(self.claim_reasons)
        return d


@dataclass(slots=True)
class Source:
    """One feed from the sources file."""

    name: str
    url: str
    kind: str  # rss | atom | google_news
    language: str  # en | es
    terms: tuple[str, ...] = ()
    #: skip entries whose title and summary name no topic term, unfetched. Off for feeds
    #: that are about the topic by construction (a Google News search: the default for
    #: kind google_news; a local outlet's feed: set ``prefilter = false``); the page's text
    #: is judged by the relevance stage either way.
    prefilter: bool = True


@dataclass(slots=True)
class Topic:
    name: str
    terms: tuple[str, ...]


@dataclass(slots=True)
class Entry:
    """One feed entry after selection (its URL canonicalised)."""

    source: str
    url: str
    canonical_url: str
    title: str | None
    summary: str | None
    published: datetime | None
    guid: str | None
    language: str | None
    publisher: str | None = None  # an aggregator entry's outlet (``<source>``)
    publisher_url: str | None = None  # that outlet's home page (``<source url=…>``)


@dataclass(slots=True)
class Page:
    """One fetched page."""

    url: str  # the URL requested
    final_url: str  # after redirects
    status: int
    fetched_at: datetime
    content_type: str | None
    body: bytes
    encoding: str | None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
