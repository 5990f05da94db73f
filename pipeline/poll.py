"""Poll one feed: conditional GET with the guarded fetcher, parse the bytes with feedparser.

:func:`poll_feed` never raises for a bad feed: every failure (HTTP error, timeout,
blocked host, garbage, an HTML bot wall) is recorded in the :class:`PollResult` with a
message naming the feed and what to do. feedparser is only ever given bytes, never a
URL, so it cannot fetch anything itself (it has no timeout and no size cap).
"""

from __future__ import annotations

import calendar
import hashlib
import html
import io
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import feedparser

from pipeline.errors import (
    BlockedHostError,
    FetchError,
    HTTPStatusError,
    RobotsDisallowedError,
    TooLargeError,
    TooManyRedirectsError,
    TransientFetchError,
)
from pipeline.models import Entry, Page, Source
from pipeline.net import Fetcher, redact_url, with_retries
from pipeline.select import canonical_url

__all__ = ["ACCEPT", "PollResult", "parse_entries", "poll_feed"]

log = logging.getLogger(__name__)

ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
          "text/xml;q=0.9, */*;q=0.1")
PollStatus = Literal["ok", "not_modified", "unchanged", "error"]


@dataclass(slots=True)
class PollResult:
    """One poll of one feed. ``entries`` are raw (before selection). ``etag``,
    ``last_modified`` and ``body_sha256`` are what to send next time."""

    status: PollStatus
    http_status: int | None
    entries: list[Entry]
    etag: str | None
    last_modified: str | None
    body_sha256: str | None
    error: str | None
    duration_ms: int
    skipped: list[str] = field(default_factory=list)  # entries dropped, with the reason
    transient: bool = False  # the error is worth retrying (429, 5xx, timeout)
    final_url: str | None = None
    feed_version: str | None = None  # rss20, atom10 … as feedparser names it


def _hint(exc: FetchError) -> str:
    if isinstance(exc, BlockedHostError):
        return ""  # the guard's own message already says how to allow the host
    if isinstance(exc, RobotsDisallowedError):
        return "the site forbids crawling this feed; remove it from the sources file"
    if isinstance(exc, TooLargeError):
        return "the feed is larger than max_bytes; raise NEWSTALLY_MAX_BYTES if it is genuine"
    if isinstance(exc, TooManyRedirectsError):
        return "update the feed URL in the sources file to where it now lives"
    if isinstance(exc, HTTPStatusError):
        return "check the feed URL in the sources file"
    if isinstance(exc, TransientFetchError):
        return "temporary; it will be tried again on the next run"
    return "check the feed URL, the machine's DNS and the network"


def poll_feed(
    source: Source,
    fetcher: Fetcher,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    body_sha256: str | None = None,
    attempts: int = 1,
    max_wait: float = 10.0,
) -> PollResult:
    """Poll ``source`` once (``attempts`` > 1 retries transient failures, honouring
    ``Retry-After`` up to ``max_wait`` seconds). Never raises for a bad feed."""
    t0 = time.monotonic()
    shown = redact_url(source.url)

    def ms() -> int:
        return int((time.monotonic() - t0) * 1000)

    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        page = with_retries(lambda: fetcher.get(source.url, headers=headers),
                            attempts=attempts, max_wait=max_wait)
    except FetchError as exc:
        status = getattr(exc, "status", None)
        hint = _hint(exc)
        message = f"feed '{source.name}' ({shown}): {exc.reason}" + (f"; {hint}" if hint else "")
        log.warning("%s", message)
        return PollResult("error", status, [], etag, last_modified, body_sha256, message,
                          ms(), transient=exc.transient)

    if page.status == 304:
        log.info("feed '%s' (%s): not modified", source.name, shown)
        return PollResult("not_modified", 304, [], page.etag or etag,
                          page.last_modified or last_modified, body_sha256, None, ms(),
                          final_url=page.final_url)

    digest = hashlib.sha256(page.body).hexdigest()
    if body_sha256 and digest == body_sha256:
        log.info("feed '%s' (%s): body unchanged (the server ignores conditional GET)",
                 source.name, shown)
        return PollResult("unchanged", page.status, [], page.etag, page.last_modified,
                          digest, None, ms(), final_url=page.final_url)

    parsed = _parse(page)
    version = str(parsed.get("version") or "") or None
    if not version and not parsed.entries:
        bozo = parsed.get("bozo_exception")
        why = f" ({type(bozo).__name__}: {bozo})" if bozo else ""
        looks_html = b"<html" in page.body[:2048].lower() or "html" in (
            page.content_type or "")
        likely = ("an HTML page (a bot check, a login or an error page)" if looks_html
                  else "not XML at all")
        message = (
            f"feed '{source.name}' ({shown}): the body is not RSS or Atom{why} — "
            f"got {page.content_type or 'no content type'}, {len(page.body)} bytes, "
            f"{likely}; open the URL in a browser and fix the feed URL in the sources file"
        )
        log.warning("%s", message)
        # body_sha256 is not stored: a later poll must look at the body again.
        return PollResult("error", page.status, [], etag, last_modified, body_sha256,
                          message, ms(), final_url=page.final_url)
    if parsed.get("bozo"):
        log.info("feed '%s' (%s): parsed despite an error: %s", source.name, shown,
                 parsed.get("bozo_exception"))
    entries, skipped = parse_entries(parsed, source)
    for reason in skipped:
        log.info("feed '%s' (%s): %s", source.name, shown, reason)
    log.info("feed '%s' (%s): %d entries (%s)", source.name, shown, len(entries),
             version)
    return PollResult("ok", page.status, entries, page.etag, page.last_modified, digest,
                      None, ms(), skipped=skipped, final_url=page.final_url,
                      feed_version=version)


def _parse(page: Page) -> Any:
    # A stream, never a str or bytes that feedparser could take for a URL or a path.
    return feedparser.parse(
        io.BytesIO(page.body),
        response_headers={
            "content-type": page.content_type or "application/xml",
            "content-location": page.final_url,
        },
    )


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def _text(value: Any) -> str | None:
    """Plain text of a feed field that may hold HTML."""
    if not value:
        return None
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", str(value)))).strip()
    return text or None


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            try:
                return datetime.fromtimestamp(calendar.timegm(st), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _link(entry: Any) -> str | None:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    guid = entry.get("id")
    if not link and guid and entry.get("guidislink") and str(guid).startswith("http"):
        link = guid
    link = str(link).strip() if link else None
    if link and not link.lower().startswith(("http://", "https://")):
        return None
    return link


def parse_entries(parsed: Any, source: Source) -> tuple[list[Entry], list[str]]:
    """The entries of a parsed feed, one per GUID and per link; and why others were
    skipped."""
    entries: list[Entry] = []
    skipped: list[str] = []
    seen_guid: set[str] = set()
    seen_url: set[str] = set()
    for n, e in enumerate(parsed.entries, start=1):
        title = _text(e.get("title"))
        label = f"entry {n} ('{(title or '')[:60]}')"
        link = _link(e)
        if not link:
            skipped.append(f"{label} has no http(s) link; skipped")
            continue
        guid = str(e.get("id")).strip() if e.get("id") else None
        canon = canonical_url(link)
        if guid and guid in seen_guid:
            skipped.append(f"{label}: duplicate GUID {guid}; kept the first")
            continue
        if canon in seen_url:
            skipped.append(f"{label}: duplicate link {canon}; kept the first")
            continue
        if guid:
            seen_guid.add(guid)
        seen_url.add(canon)
        src = e.get("source") or {}
        publisher = _text(src.get("title")) if hasattr(src, "get") else None
        publisher_url = src.get("href") if hasattr(src, "get") else None
        if title and publisher and title.endswith(f" - {publisher}"):
            title = title[: -len(publisher) - 3].rstrip()  # Google News "Headline - Outlet"
        entries.append(Entry(
            source=source.name,
            url=link,
            canonical_url=canon,
            title=title,
            summary=_text(e.get("summary") or e.get("description")),
            published=_when(e),
            guid=guid,
            language=source.language,
            publisher=publisher,
            publisher_url=publisher_url,
        ))
    return entries, skipped
