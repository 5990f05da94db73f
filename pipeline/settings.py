"""Every setting, declared once: name, environment variable, default, help.

Precedence: command line > environment > ``[settings]`` table of the sources file >
default. Secrets (webhook and Apprise URLs) are read from the environment only.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: Any
    help: str
    type: Callable[[Any], Any] = str
    secret: bool = False


def host_list(value: Any) -> tuple[str, ...]:
    """Hosts as a tuple: a TOML list, or a comma-separated string (the environment)."""
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise TypeError(value)
    out = []
    for item in items:
        if not isinstance(item, str):
            raise TypeError(item)
        if item.strip():
            out.append(item.strip().lower())
    return tuple(out)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "NEWSTALLY_DB", str(REPO_ROOT / "warehouse" / "newstally.duckdb"),
            "Path of the DuckDB warehouse file."),
    Setting("sources", "NEWSTALLY_SOURCES", str(REPO_ROOT / "seeds" / "sources.toml"),
            "Sources file (TOML) listing the feeds and the topic terms."),
    Setting("user_agent", "NEWSTALLY_USER_AGENT",
            "newstally/0.1 (+https://github.com/newstally/newstally; news figures tracker)",
            "User-Agent sent with every request."),
    Setting("fetch_concurrency", "NEWSTALLY_FETCH_CONCURRENCY", 4,
            "Pages fetched at the same time.", int),
    Setting("host_delay", "NEWSTALLY_HOST_DELAY", 1.0,
            "Seconds between two requests to the same host.", float),
    Setting("timeout", "NEWSTALLY_TIMEOUT", 15.0,
            "Connect/read timeout of one request, in seconds.", float),
    Setting("total_timeout", "NEWSTALLY_TOTAL_TIMEOUT", 60.0,
            "Longest time one response body may take, in seconds.", float),
    Setting("max_bytes", "NEWSTALLY_MAX_BYTES", 5_000_000,
            "Largest body accepted (after decompression), in bytes.", int),
    Setting("max_redirects", "NEWSTALLY_MAX_REDIRECTS", 5,
            "Redirects followed before giving up.", int),
    Setting("retries", "NEWSTALLY_RETRIES", 2,
            "Retries of a feed poll that failed transiently (429, 5xx, timeout).", int),
    Setting("retry_delay", "NEWSTALLY_RETRY_DELAY", 10.0,
            "Seconds before retrying a transiently failed feed poll.", float),
    Setting("workers", "NEWSTALLY_WORKERS", _cores(),
            "Worker processes for extraction, relevance and figures (default: the cores "
            "this process may use); 0 or 1 processes each page in its fetching thread.", int),
    Setting("dask_address", "NEWSTALLY_DASK_ADDRESS", None,
            "Dask scheduler (tcp://host:8786) that fetches and extracts the pages instead of "
            "this process; the warehouse is still loaded here (the same as --dask)."),
    Setting("page_retries", "NEWSTALLY_PAGE_RETRIES", 4,
            "Later runs that retry a page which failed transiently (DNS failure, timeout, "
            "5xx, 429, 404) before giving up on it.", int),
    Setting("page_retry_backoff", "NEWSTALLY_PAGE_RETRY_BACKOFF", 1.0,
            "Hours before the second retry of a failed page; the first is due on the next "
            "run, each later one waits 4 times longer (at most 24 h).", float),
    Setting("feed_deadline", "NEWSTALLY_FEED_DEADLINE", 90.0,
            "Longest time one feed may take, retries and their waits included, in seconds; "
            "a feed still unanswered then is cut and recorded as an error.", float),
    Setting("poll_deadline", "NEWSTALLY_POLL_DEADLINE", 120.0,
            "Longest time the poll phase of a run may take, in seconds; feeds still polling "
            "then are cut and recorded as errors.", float),
    Setting("robots_ttl", "NEWSTALLY_ROBOTS_TTL", 86400.0,
            "Seconds a host's robots.txt is kept (in <db>.robots.json, across runs) before "
            "it is read again.", float),
    Setting("batch_size", "NEWSTALLY_BATCH_SIZE", 25,
            "Pages per fetch/extract task.", int),
    Setting("max_entries_per_feed", "NEWSTALLY_MAX_ENTRIES_PER_FEED", 100,
            "Most new entries taken from one feed in one run.", int),
    Setting("relevance_threshold", "NEWSTALLY_RELEVANCE_THRESHOLD", 0.3,
            "Least full-text relevance score (0..1) for a page to be kept as an article.", float),
    Setting("refetch_days", "NEWSTALLY_REFETCH_DAYS", 3,
            "Articles younger than this many days are re-fetched to catch revisions.", int),
    Setting("refetch_interval_hours", "NEWSTALLY_REFETCH_INTERVAL_HOURS", 12.0,
            "Least time between two re-fetches of the same article.", float),
    Setting("lock_timeout", "NEWSTALLY_LOCK_TIMEOUT", 60.0,
            "Seconds to keep retrying when another process holds the DuckDB file.", float),
    Setting("allow_hosts", "NEWSTALLY_ALLOW_HOSTS", (),
            "Hosts let through the private-address guard (an internal feed server, "
            "127.0.0.1 in tests), comma-separated; the same as --allow-host.", host_list),
    Setting("cron", "NEWSTALLY_CRON", "*/30 * * * *",
            "Schedule of `newstally serve` (cron expression)."),
    Setting("webhook_url", "NEWSTALLY_WEBHOOK_URL", None,
            "Webhook that receives every alert as JSON (secret: environment only).", secret=True),
    Setting("apprise_urls", "NEWSTALLY_APPRISE_URLS", None,
            "Apprise URLs (Slack, e-mail, Telegram …), comma-separated (secret: environment only).",
            secret=True),
)

BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    if value is None:
        return None
    try:
        return setting.type(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{origin}: setting '{setting.name}' is {value!r}; expected "
            f"{_TYPE_NAMES.get(setting.type, 'a ' + getattr(setting.type, '__name__', 'value'))}"
        ) from None


_TYPE_NAMES: dict[Callable[[Any], Any], str] = {
    host_list: "a list of host names (TOML [\"a\", \"b\"] or \"a,b\")",
}


def check_file_settings(file_settings: Mapping[str, Any], origin: str = "sources file") -> None:
    """Refuse an unknown or secret key in a sources file's ``[settings]`` table.

    The error names the key and the file, suggests the nearest key, and lists only the
    keys a file may set (secrets are environment-only and not offered).
    """
    allowed = sorted(s.name for s in SETTINGS if not s.secret)
    for key in sorted(file_settings):
        if key in BY_NAME and BY_NAME[key].secret:
            raise ConfigError(
                f"{origin} [settings]: '{key}' is a secret; set it in the environment "
                f"variable {BY_NAME[key].env} instead of a file"
            )
        if key not in BY_NAME:
            near = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise ConfigError(
                f"{origin} [settings]: unknown setting '{key}'{hint}; "
                f"a sources file may set: {', '.join(allowed)}"
            )


def resolve(
    cli: Mapping[str, Any] | None = None,
    *,
    file_settings: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    file_origin: str = "sources file",
) -> dict[str, Any]:
    """Return every setting's value, applying CLI > env > file > default.

    ``file_origin`` names the sources file in errors (its path, when known).
    """
    environ = os.environ if environ is None else environ
    cli = cli or {}
    file_settings = file_settings or {}
    check_file_settings(file_settings, file_origin)
    out: dict[str, Any] = {}
    for s in SETTINGS:
        if cli.get(s.name) is not None:
            out[s.name] = _coerce(s, cli[s.name], "command line")
        elif environ.get(s.env):
            out[s.name] = _coerce(s, environ[s.env], f"environment {s.env}")
        elif s.name in file_settings:
            out[s.name] = _coerce(s, file_settings[s.name], f"{file_origin} [settings]")
        else:
            out[s.name] = s.default
    return out


def prefect_defaults() -> None:
    """Switch off Prefect's outbound telemetry unless the user chose otherwise, and have a
    Prefect server started from here (the temporary one of a run, serve's) write task-run
    events in batches: one transaction per event, its default, fell minutes behind a run
    of 2,000 feeds and lost what it had not written when the server stopped
    (:mod:`newstally.tempserver`)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE", "200")
    os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL", "1")
