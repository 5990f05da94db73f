"""Typed errors raised by the newstally library.

Every message names the thing at fault (feed, URL, file, field), what was expected,
and what to do about it. The CLI turns these into ``click.ClickException`` with the
exit code given by ``exit_code``.

Hierarchy::

    NewstallyError
    ├── ConfigError                 sources file, settings, command-line values (exit 2)
    ├── FetchError                  one URL could not be fetched; ``url`` says which
    │   ├── BlockedHostError        private / loopback / link-local address not allowed
    │   ├── RobotsDisallowedError   robots.txt forbids the URL
    │   ├── TooLargeError           body over the size cap (also after decompression)
    │   ├── TooManyRedirectsError   redirect cap exceeded or a redirect loop
    │   ├── HTTPStatusError         a non-success status that is not worth retrying (404 …)
    │   └── TransientFetchError     429, 5xx, timeouts: worth retrying later
    ├── FeedError                   the body is not a feed (garbage, HTML bot wall)
    ├── WarehouseError              DuckDB file problems
    │   ├── WarehouseLockedError    another process holds the file's lock
    │   └── NotAWarehouseError      the file is corrupt or not a newstally database
    └── DeliveryError               an alert channel refused or could not be reached
"""

from __future__ import annotations


class NewstallyError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


class ConfigError(NewstallyError):
    """Bad configuration: names the file, the entry and the field."""

    exit_code = 2


class FetchError(NewstallyError):
    """A URL could not be fetched."""

    transient = False

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.reason = message


class BlockedHostError(FetchError):
    """The URL (or a redirect hop) resolves to an address the guard does not allow."""


class RobotsDisallowedError(FetchError):
    """robots.txt of the host disallows our user agent for this URL."""


class TooLargeError(FetchError):
    """The body exceeded the size cap."""


class TooManyRedirectsError(FetchError):
    """More redirects than the cap, or a loop."""


class HTTPStatusError(FetchError):
    """A status that will not improve by retrying (404, 410, 403 …)."""

    def __init__(self, url: str, status: int, message: str | None = None) -> None:
        super().__init__(url, message or f"HTTP {status}")
        self.status = status


class TransientFetchError(FetchError):
    """429, 5xx, timeouts and connection errors: retry later."""

    transient = True

    def __init__(
        self,
        url: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(url, message)
        self.status = status
        self.retry_after = retry_after


class FeedError(NewstallyError):
    """The feed's body could not be parsed as RSS or Atom."""

    def __init__(self, feed: str, message: str) -> None:
        super().__init__(f"feed '{feed}': {message}")
        self.feed = feed
        self.reason = message


class WarehouseError(NewstallyError):
    """The DuckDB warehouse could not be used."""


class WarehouseLockedError(WarehouseError):
    """Another process holds the DuckDB file's lock."""

    exit_code = 3


class NotAWarehouseError(WarehouseError):
    """The file is corrupt, or a database that newstally did not create."""

    exit_code = 2


class DeliveryError(NewstallyError):
    """An alert could not be delivered on one channel."""
