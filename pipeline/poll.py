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
import json
import logging
import re
import time
from collections.abc import Sequence
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
    #: entries that are no page (no http(s) link, no URL guid), with the reason
    pageless: list[tuple[Entry, str]] = field(default_factory=list)


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
    read_as: str | None = page.content_type
    version = str(parsed.get("version") or "") or None
    if not version and not parsed.entries and page.content_type:
        # A header charset default (us-ascii for text/xml) hides a UTF-16/32 body that the
        # bytes alone declare (BOM, encoding attribute): read the bytes on their own.
        again = _parse(page, content_type=None)
        if again.get("version") or again.entries:
            log.info("feed '%s' (%s): read on its bytes alone (the %s header's charset "
                     "does not fit them)", source.name, shown, page.content_type)
            parsed, read_as = again, None
            version = str(parsed.get("version") or "") or None
    json_feed = None if version or parsed.entries else _json_feed(page.body)
    if json_feed is not None:
        parsed, version = json_feed, "json" + _json_version(page.body)
    if not version and not parsed.entries and _looks_cdf(page.body):
        message = (
            f"feed '{source.name}' ({shown}): a CDF channel (Microsoft's Channel Definition "
            f"Format) with no items, so there is nothing to read; use the site's RSS or "
            f"Atom feed in the sources file"
        )
        log.warning("%s", message)
        return PollResult("error", page.status, [], etag, last_modified, body_sha256,
                          message, ms(), final_url=page.final_url, feed_version="cdf")
    if not version and not parsed.entries:
        bozo = parsed.get("bozo_exception")
        why = f" ({type(bozo).__name__}: {bozo})" if bozo else ""
        looks_html = b"<html" in page.body[:2048].lower() or "html" in (
            page.content_type or "")
        head = page.body[:4096].lstrip()
        likely = ("an HTML page (a bot check, a login or an error page)" if looks_html
                  else "JSON but not a JSON Feed (no https://jsonfeed.org version, no "
                       "items list)" if head[:1] in (b"{", b"[")
                  else "XML, but neither RSS, Atom nor RDF" if _looks_xml(page.body)
                  else "not XML at all, in any encoding")
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
    raw_guids: list[str | None] = []
    if any(e.get("guidislink") for e in parsed.entries):
        # feedparser resolved permalink GUIDs against the feed URL: read them as written
        unresolved = _parse(page, content_type=read_as, base=None)
        if len(unresolved.entries) == len(parsed.entries):
            raw_guids = [e.get("id") for e in unresolved.entries]
    pageless: list[tuple[Entry, str]] = []
    entries, skipped = parse_entries(parsed, source, raw_guids=raw_guids, pageless=pageless)
    for reason in skipped:
        log.info("feed '%s' (%s): %s", source.name, shown, reason)
    log.info("feed '%s' (%s): %d entries (%s)", source.name, shown, len(entries),
             version)
    return PollResult("ok", page.status, entries, page.etag, page.last_modified, digest,
                      None, ms(), skipped=skipped, final_url=page.final_url,
                      feed_version=version, pageless=pageless)


_NOT_GIVEN = "\0"


def _parse(page: Page, *, content_type: str | None = _NOT_GIVEN,
           base: str | None = _NOT_GIVEN) -> Any:
    """feedparser's reading of the body; ``content_type=None`` reads the bytes alone,
    ``base=None`` leaves relative URLs as written."""
    headers = {}
    location = page.final_url if base == _NOT_GIVEN else base
    if location:
        headers["content-location"] = location
    ctype = page.content_type if content_type == _NOT_GIVEN else content_type
    if ctype:
        headers["content-type"] = ctype
    # A stream, never a str or bytes that feedparser could take for a URL or a path.
    return feedparser.parse(io.BytesIO(page.body), response_headers=headers)


_XML_STARTS = tuple(
    "<".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le",
                                    "utf-32-be"))


def _looks_xml(body: bytes) -> bool:
    head = body[:4096]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff",
                b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom):]
            break
    return head.lstrip(b" \t\r\n").startswith(_XML_STARTS)


_CDF_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*"
                       rb"<CHANNEL\b", re.IGNORECASE | re.DOTALL)


def _looks_cdf(body: bytes) -> bool:
    """A CDF document: its root element is CHANNEL (feedparser gives it no version)."""
    return bool(_CDF_ROOT.match(body.removeprefix(b"\xef\xbb\xbf")[:8192]))


# ------------------------------------------------------------------ JSON Feed


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    version = data.get("version")
    if not (isinstance(version, str) and version.startswith("https://jsonfeed.org/version/")):
        return None
    return data


def _json_version(body: bytes) -> str:
    data = _json_object(body) or {}
    return str(data.get("version", "")).rsplit("/", 1)[-1].replace(".", "")


def _json_feed(body: bytes) -> Any:
    """A JSON Feed (https://jsonfeed.org, 1.0 and 1.1) in feedparser's shape, or None."""
    data = _json_object(body)
    if data is None or not isinstance(data.get("items", []), list):
        return None
    entries = []
    for item in data.get("items", []):
        if not isinstance(item, dict):
            continue
        url = item.get("url") or item.get("external_url")
        when = None
        for key in ("date_published", "date_modified"):
            if isinstance(item.get(key), str):
                when = feedparser.datetimes._parse_date(item[key])
                if when:
                    break
        entries.append(feedparser.FeedParserDict({
            "title": item.get("title"),
            "link": url if isinstance(url, str) else None,
            "id": str(item["id"]) if item.get("id") is not None else None,
            "summary": item.get("summary") or item.get("content_text")
            or item.get("content_html"),
            "published_parsed": when,
        }))
    return feedparser.FeedParserDict({"entries": entries, "feed": {"title": data.get("title")},
                                      "bozo": False})


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


_WEB = ("http://", "https://")


def _link(entry: Any, raw_guid: str | None = None) -> str | None:
    """The entry's page: a real http(s) link, else a GUID written as an absolute http(s)
    URL. A GUID that is no URL ("tag:x,2024:1", "12345") is never a page, although
    feedparser, taking it for a permalink, resolves "12345" against the feed URL."""
    link = None if entry.get("guidislink") else entry.get("link")
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if not link:
        written = str(raw_guid if raw_guid is not None else entry.get("id") or "").strip()
        if written.lower().startswith(_WEB):
            link = entry.get("id") if entry.get("guidislink") else written
    link = str(link).strip() if link else None
    if link and not link.lower().startswith(_WEB):
        return None
    return link


def parse_entries(parsed: Any, source: Source, *, raw_guids: Sequence[str | None] = (),
                  pageless: list[tuple[Entry, str]] | None = None,
                  ) -> tuple[list[Entry], list[str]]:
    """The entries of a parsed feed, one per GUID and per link; and why others were
    skipped. ``raw_guids`` are the GUIDs as written (before feedparser resolved them
    against the feed URL), by entry; entries that are no page are appended to
    ``pageless`` with the reason."""
    entries: list[Entry] = []
    skipped: list[str] = []
    seen_guid: set[str] = set()
    seen_url: set[str] = set()
    for n, e in enumerate(parsed.entries, start=1):
        title = _text(e.get("title"))
        label = f"entry {n} ('{(title or '')[:60]}')"
        raw = raw_guids[n - 1] if n - 1 < len(raw_guids) else None
        link = _link(e, raw)
        if not link:
            written = str(raw if raw is not None else e.get("id") or "").strip()
            reason = (f"no http(s) link, and its guid '{written[:80]}' is not a web address"
                      if written else "no http(s) link and no guid")
            skipped.append(f"{label} has {reason}; skipped (not a page)")
            if pageless is not None:
                key = written or f"{source.url}#entry-{n}"
                pageless.append((Entry(
                    source=source.name, url=key, canonical_url=key, title=title,
                    summary=_text(e.get("summary") or e.get("description")),
                    published=_when(e), guid=written or None, language=source.language,
                ), f"{reason}; not a page, so not fetched"))
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
