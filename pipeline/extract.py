"""Extract an article's text and metadata from raw HTML with trafilatura.

The feed's date, the page's date and the fetch time are kept apart: the page date is
flagged, not trusted, when it lies far from the feed date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import trafilatura
from courlan import extract_domain
from htmldate import find_date
from trafilatura import metadata as _tm
from trafilatura.utils import load_html as _load_html

from pipeline.figures import stopword_counts

log = logging.getLogger(__name__)

#: Bump when extraction changes what it produces; `newstally reprocess` replaces older output.
EXTRACTOR_VERSION = "extract-2"

#: Less extracted text than this is page furniture, not an article.
MIN_TEXT_CHARS = 200

#: A page date further than this from the feed date is flagged and not trusted.
DATE_TOLERANCE = timedelta(days=3)

#: No news page is older than the web: a feed or page date before this is a placeholder
#: (the Unix epoch, a two-digit year read as year 99) and is not trusted.
EARLIEST_DATE = date(1994, 1, 1)

#: A date later than the processing time plus this is a placeholder (year 9999) or a
#: clock error, and is not trusted.
FUTURE_SLACK = timedelta(days=1)


def _absurd(day: date, now: datetime) -> str | None:
    """Why ``day`` cannot be a publication date, or None when it can."""
    if day < EARLIEST_DATE:
        return f"before {EARLIEST_DATE.isoformat()}"
    if day > (now + FUTURE_SLACK).date():
        return f"after {(now + FUTURE_SLACK).date().isoformat()} (now + 1 day)"
    return None

def detect_language(text: str, *, default: str | None = None) -> str | None:
    """English or Spanish by their commonest words; ``default`` when too few to tell."""
    en, es = stopword_counts(text)
    if en + es < 5:
        return default
    return "es" if es > en else "en"


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    title: str | None
    author: str | None
    page_date: date | None
    sitename: str | None
    language: str | None


#: trafilatura's options, picked by ``bench/trafilatura_options.py`` (see extract_article)
OPTIONS: dict[str, Any] = {
    "include_comments": False, "include_tables": True, "fast": True, "favor_recall": True,
}


def _date_params() -> dict[str, Any]:
    # the page's date from its markup only (meta tags, <time>, the URL): with htmldate's
    # extensive search a year in the text ("the 2024 election") became the publication
    # date 2024-01-01 of undated pages
    return {"extensive_search": False, "original_date": True,
            "max_date": date.today().isoformat()}


_OWN_METADATA = all(hasattr(_tm, name) for name in (
    "examine_meta", "extract_meta_json", "extract_title", "extract_author", "extract_url",
    "extract_sitename", "META_URL"))


def page_metadata(tree: Any, url: str | None) -> Any:
    """The metadata ``trafilatura.metadata.extract_metadata`` reads from ``tree`` — title,
    author, URL, host, date, site name, trimmed alike — without the categories, tags and
    licence it also reads and the pipeline never stores (their XPath walks were a fifth of
    trafilatura's CPU on the benchmark pages). Same steps, in its order, as trafilatura
    2.3's; ``tests/test_relevance_extract.py`` compares the two."""
    date_config = _date_params()
    meta = _tm.examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = _tm.extract_meta_json(tree, meta)
    except Exception as exc:  # bugs in trafilatura's json_metadata.py
        log.warning("extract %s: trafilatura's JSON metadata failed: %s", url, exc)
    if not meta.title:
        meta.title = _tm.extract_title(tree)
    if not meta.author:
        meta.author = _tm.extract_author(tree)
    if not meta.url:
        meta.url = _tm.extract_url(tree, url)
    if meta.url:
        meta.hostname = extract_domain(meta.url, fast=True)
    date_config["url"] = meta.url
    meta.date = find_date(tree, **date_config)
    if not meta.sitename:
        meta.sitename = _tm.extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url:
        found = _tm.META_URL.match(meta.url)
        if found:
            meta.sitename = found[1]
    meta.filedate = date_config.get("max_date")
    meta.clean_and_trim()
    return meta


def extract_article(html: str, *, url: str | None = None) -> Extracted | None:
    """Return the article body and metadata, or None when trafilatura finds no text.

    Reader comments are excluded (trafilatura includes them by default), and the date
    is read from the page's markup, never guessed from its text. The options
    were picked by ``bench/trafilatura_options.py`` on the 181 benchmark pages: fast,
    favor_recall and tables on gave body F1 0.964 at 1.57x the speed of the defaults
    (0.956); fast with favor_precision lost recall (0.935).

    The page is parsed once: its metadata is read from the tree (:func:`page_metadata`)
    before trafilatura extracts the body from it, as ``with_metadata=True`` does.
    """
    try:
        if _OWN_METADATA:
            tree = _load_html(html)
            if tree is None:
                return None
            meta = page_metadata(tree, url)
            doc = trafilatura.bare_extraction(tree, url=url or meta.url, with_metadata=False,
                                              **OPTIONS)
        else:  # a trafilatura without the metadata steps page_metadata calls
            doc = meta = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                                     date_extraction_params=_date_params(),
                                                     **OPTIONS)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        log.warning("extract %s: trafilatura failed: %s", url, exc)
        return None
    if doc is None or isinstance(doc, dict):
        return None
    text = (doc.text or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        return None
    page_date: date | None = None
    if meta.date:
        try:
            page_date = date.fromisoformat(str(meta.date)[:10])
        except ValueError:
            page_date = None
    return Extracted(
        text=text,
        title=(meta.title or None),
        author=(meta.author or None),
        page_date=page_date,
        sitename=(meta.sitename or meta.hostname or None),
        language=detect_language(text),
    )


def reconcile_dates(
    feed_date: datetime | None, page_date: date | None, *, now: datetime | None = None
) -> tuple[datetime | None, str | None]:
    """Pick the publication date and say why a date was not trusted, if so.

    The feed's date wins when present and sane; the page's date is used when the feed
    has none. A date before ``EARLIEST_DATE`` or after ``now`` + ``FUTURE_SLACK`` (1970,
    year 99, 9999) is not trusted: the other date is used and the flag says so. A page
    date more than ``DATE_TOLERANCE`` away from the feed date is flagged.
    """
    now = now or datetime.now(UTC)
    notes: list[str] = []
    if feed_date is not None:
        why = _absurd(feed_date.date(), now)
        if why:
            notes.append(f"feed date {feed_date.date().isoformat()} is {why}; not trusted")
            feed_date = None
    if page_date is not None:
        why = _absurd(page_date, now)
        if why:
            notes.append(f"page date {page_date.isoformat()} is {why}; not trusted")
            page_date = None
    if feed_date is not None and page_date is not None:
        gap = abs(feed_date.date() - page_date)
        if gap > DATE_TOLERANCE:
            notes.append(
                f"page date {page_date.isoformat()} is {gap.days} days from the feed date "
                f"{feed_date.date().isoformat()}; the feed date is used"
            )
    if feed_date is not None:
        when: datetime | None = feed_date
    elif page_date is not None:
        when = datetime(page_date.year, page_date.month, page_date.day, tzinfo=UTC)
        if notes:
            notes.append("the page date is used")
    else:
        when = None
        if notes:
            notes.append("no publication date")
    return when, ("; ".join(notes) or None)
