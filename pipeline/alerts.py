"""Alerts: deliver each alert row to the configured channels, never leaking a secret.

Channels, configured only from the environment (or Prefect Secret blocks), never from
files in the repository:

``NEWSTALLY_WEBHOOK_URL``
    one URL that receives every alert as ``POST`` JSON (:func:`webhook_payload`).
``NEWSTALLY_APPRISE_URLS``
    Apprise URLs separated by commas or white space (``slack://…``, ``mailto://…``,
    ``tgram://…``, ``json://host/path`` …), as Prefect's notification blocks take them.

When a variable is unset, :func:`channels_from_prefect_secrets` can read Prefect Secret
blocks named ``newstally-webhook-url`` and ``newstally-apprise-urls`` (the flow does this;
the library never needs Prefect otherwise). Every alert is also emitted as a Prefect event
``newstally.figure.<kind>`` by :func:`emit_prefect_event`, so that automations can act.

Secrets. Channel URLs carry tokens; they are only ever logged or put into error messages
through :func:`redact` (scheme and host of plain HTTP / JSON endpoints, scheme alone for
others). Text from articles is escaped for each channel: HTML for HTML channels (e-mail,
Telegram), Markdown for Markdown ones (Slack, Discord), as is for plain text and JSON.

Retries. :func:`deliver` raises :class:`~pipeline.errors.DeliveryError` unless every
channel accepted the alert; the caller leaves ``delivered_at`` empty and tries again on the
next run (:func:`deliver_pending` does one pass over pending rows).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from pipeline.errors import DeliveryError

log = logging.getLogger(__name__)

ENV_WEBHOOK = "NEWSTALLY_WEBHOOK_URL"
ENV_APPRISE = "NEWSTALLY_APPRISE_URLS"
SECRET_WEBHOOK = "newstally-webhook-url"
SECRET_APPRISE = "newstally-apprise-urls"
#: Schemes whose host is an address, not a token: the host is kept when redacting.
_ADDRESS_SCHEMES = frozenset({"http", "https", "json", "jsons", "xml", "xmls", "form", "forms"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&])")


#: Libraries that log request URLs (httpx at INFO, apprise and urllib3 at DEBUG).
_NOISY_LOGGERS = (
    "httpx", "httpcore.connection", "httpcore.http11", "apprise", "urllib3.connectionpool",
)


class _SecretFilter(logging.Filter):
    """Redacts channel URLs in the records of libraries that log request URLs."""

    def __init__(self) -> None:
        super().__init__("newstally-secrets")
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            try:
                text = record.getMessage()
            except Exception:  # a broken record is not ours to fix
                return True
            clean = _scrub(text, self.secrets)
            if clean != text:
                record.msg, record.args = clean, ()
        return True


_FILTER = _SecretFilter()


def _protect(urls: Iterable[str | None]) -> None:
    """Make sure no log record of a noisy library shows these URLs in full."""
    new = {u for u in urls if u} - _FILTER.secrets
    if not new:
        return
    _FILTER.secrets.update(new)
    for name in _NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


@dataclass
class Channels:
    """Where alerts go. ``repr`` shows redacted URLs only."""

    webhook_url: str | None = None
    apprise_urls: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        _protect([self.webhook_url, *self.apprise_urls])

    def __bool__(self) -> bool:
        return bool(self.webhook_url or self.apprise_urls)

    def __repr__(self) -> str:
        hook = redact(self.webhook_url) if self.webhook_url else None
        return f"Channels(webhook_url={hook!r}, apprise_urls={[redact(u) for u in self.apprise_urls]!r})"

    def describe(self) -> list[str]:
        """The channels, redacted, for logs and run summaries."""
        out = [f"webhook {redact(self.webhook_url)}"] if self.webhook_url else []
        return out + [f"apprise {redact(u)}" for u in self.apprise_urls]


def _split_urls(value: str | None) -> list[str]:
    return [u for u in re.split(r"[\s,]+", value or "") if u]


def channels_from_env(environ: Mapping[str, str] = os.environ) -> Channels:
    """Channels from ``NEWSTALLY_WEBHOOK_URL`` and ``NEWSTALLY_APPRISE_URLS``."""
    hook = (environ.get(ENV_WEBHOOK) or "").strip() or None
    channels = Channels(hook, _split_urls(environ.get(ENV_APPRISE)))
    log.debug("alert channels from the environment: %s", channels.describe() or "none")
    return channels


def channels_from_prefect_secrets(base: Channels | None = None) -> Channels:
    """Fill what ``base`` (the environment) lacks from Prefect Secret blocks.

    Needs a Prefect API; a missing block is not an error, an unreachable API is logged
    and leaves the channels as they were.
    """
    base = base or Channels()
    if base.webhook_url and base.apprise_urls:
        return base
    try:
        from prefect.blocks.system import Secret
    except ImportError:  # pragma: no cover - prefect is a dependency
        return base

    def load(name: str) -> str | None:
        try:
            value = Secret.load(name).get()  # type: ignore[union-attr]
        except ValueError:
            return None  # no such block
        except Exception as exc:
            log.warning("Prefect Secret block %r could not be read (%s); skipped", name,
                        type(exc).__name__)
            return None
        return str(value) if value else None

    hook = base.webhook_url or load(SECRET_WEBHOOK)
    urls = base.apprise_urls or _split_urls(load(SECRET_APPRISE))
    return Channels(hook, list(urls))


def redact(url: str | None) -> str:
    """A channel URL safe to log: ``https://hooks.example.org/***``, ``slack://***``."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "***"
    scheme = (parts.scheme or "").lower()
    if not scheme:
        return "***"
    if scheme in _ADDRESS_SCHEMES and parts.hostname:
        host = parts.hostname
        try:
            port = parts.port
        except ValueError:
            port = None
        where = f"{host}:{port}" if port else host
        user = "***@" if parts.username or parts.password else ""
        tail = "/***" if (parts.path not in ("", "/") or parts.query) else ""
        return f"{scheme}://{user}{where}{tail}"
    return f"{scheme}://***"


def _scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret URL (and its token-bearing parts) redacted.

    Whole URLs first, longest first, then their parts: a part of one channel's URL
    ("/hook") must not break up another URL ("/hook/TOKEN") before it is redacted."""
    ordered = sorted((s for s in secrets if s), key=len, reverse=True)
    for s in ordered:
        text = text.replace(s, redact(s))
    pieces: set[str] = set()
    for s in ordered:
        parts = urlsplit(s)
        for piece in (parts.path, parts.query, parts.netloc if parts.scheme not in
                      _ADDRESS_SCHEMES else parts.password or ""):
            if piece and len(piece) > 3 and piece != "/":
                pieces.add(piece)
    for piece in sorted(pieces, key=len, reverse=True):
        text = text.replace(piece, "***")
    return text


# ---------------------------------------------------------------------------------------
# content


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _details(alert: Mapping[str, Any]) -> dict[str, Any]:
    d = alert.get("details")
    if isinstance(d, str):
        try:
            parsed = json.loads(d)
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return dict(d) if isinstance(d, Mapping) else {}


def webhook_payload(alert: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON a webhook receives: the alert row with its details parsed."""
    payload: dict[str, Any] = _jsonable({k: v for k, v in alert.items() if k != "details"})
    payload["details"] = _jsonable(_details(alert))
    payload["event"] = f"newstally.figure.{alert.get('kind', 'alert')}"
    return payload


def escape_markdown(text: str) -> str:
    """Backslash-escape every Markdown special character (and ``<``/``&``)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def escape_html(text: str) -> str:
    return html.escape(text, quote=True)


def render(alert: Mapping[str, Any], fmt: str) -> tuple[str, str]:
    """(title, body) of an alert for a channel format: ``text``, ``markdown`` or ``html``.

    Everything that comes from articles (the message with its sentences and URLs) is
    escaped for the format; the structure added here is the only markup.
    """
    kind = str(alert.get("kind") or "alert")
    metric = str(alert.get("metric") or "")
    rule = str(alert.get("rule") or "")
    ident = alert.get("id")
    title = f"newstally {kind}: {metric}" + (f" ({rule})" if rule else "")
    message = str(alert.get("message") or "")
    footer = f"alert {ident}" if ident is not None else ""
    if fmt == "html":
        body = "<pre>" + escape_html(message) + "</pre>"
        if footer:
            body += f"<p>{escape_html(footer)}</p>"
        return escape_html(title), body
    if fmt == "markdown":
        body = "\n".join(escape_markdown(line) for line in message.splitlines())
        if footer:
            body += f"\n\n_{escape_markdown(footer)}_"
        return escape_markdown(title), body
    return title, message + (f"\n\n{footer}" if footer else "")


# ---------------------------------------------------------------------------------------
# delivery


def _post_webhook(
    alert: Mapping[str, Any], url: str, client: httpx.Client | None, timeout: float
) -> None:
    own = client is None
    c = client or httpx.Client(timeout=timeout, follow_redirects=False)
    try:
        resp = c.post(url, json=webhook_payload(alert), timeout=timeout)
    except httpx.HTTPError as exc:
        reason = _scrub(str(exc) or type(exc).__name__, [url])
        raise DeliveryError(
            f"webhook {redact(url)}: {type(exc).__name__}: {reason}; the alert stays pending "
            "and is sent again on the next run"
        ) from None
    finally:
        if own:
            c.close()
    if not 200 <= resp.status_code < 300:
        raise DeliveryError(
            f"webhook {redact(url)}: HTTP {resp.status_code}; expected 2xx. The alert stays "
            "pending; check the receiver and NEWSTALLY_WEBHOOK_URL"
        )


def _apprise_format(plugin: Any) -> str:
    """The format the plugin will send in, so that the body is escaped for it.

    Apprise 2 plugins may take several formats (``notify_format`` is then a tuple) and a
    URL may pick one (``json://host/?format=markdown``); ``resolve_format()`` says which
    applies. Rendering for another format would let Apprise convert a plain-text body
    itself, and its text-to-Markdown conversion leaves ``<`` and ``&`` as they are.
    """
    resolve = getattr(plugin, "resolve_format", None)
    fmt = resolve() if callable(resolve) else getattr(plugin, "notify_format", "text")
    if isinstance(fmt, tuple | list):
        fmt = fmt[0] if fmt else "text"
    return str(getattr(fmt, "value", fmt))


def _send_apprise(alert: Mapping[str, Any], url: str, timeout: float) -> None:
    import apprise

    plugin = apprise.Apprise.instantiate(url)
    if not plugin:
        raise DeliveryError(
            f"apprise {redact(url)}: not a valid Apprise URL; fix NEWSTALLY_APPRISE_URLS "
            "(see https://github.com/caronc/apprise/wiki)"
        )
    fmt = _apprise_format(plugin)
    title, body = render(alert, fmt)
    notifier = apprise.Apprise()
    notifier.add(plugin)
    errors: list[str] = []

    def on_log(entry: Any, _plugin: Any) -> None:
        level = getattr(entry, "level", logging.ERROR)
        if isinstance(level, str):  # Apprise 1.9+ passes the level's name ("WARNING")
            level = logging.getLevelName(level.upper())
        if not isinstance(level, int) or level >= logging.WARNING:
            errors.append(str(getattr(entry, "message", entry)))

    try:
        ok = notifier.notify(body=body, title=title, body_format=fmt, timeout=timeout,
                             log_callback=on_log, log_level=logging.WARNING)
    except Exception as exc:
        raise DeliveryError(
            f"apprise {redact(url)}: {type(exc).__name__}: {_scrub(str(exc), [url])}"
        ) from None
    if not ok:
        why = _scrub("; ".join(errors[-2:]), [url]) or "the service refused it"
        raise DeliveryError(f"apprise {redact(url)}: not delivered ({why}); stays pending")


def channel_key(kind: str, url: str) -> str:
    """A stable name for one channel that reveals no secret: ``webhook:3f2a9c1e0b7d``."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    scheme = (urlsplit(url).scheme or "").lower() if kind == "apprise" else ""
    return f"{kind}:{scheme + ':' if scheme else ''}{digest}"


def deliver(
    alert: Mapping[str, Any],
    channels: Channels,
    *,
    client: httpx.Client | None = None,
    timeout: float = 10,
    done: Collection[str] = (),
    sent: list[str] | None = None,
) -> None:
    """Send one alert row to every channel; raise ``DeliveryError`` unless all took it.

    Every channel is tried even when one fails; the error names each failed channel
    (redacted). ``client`` lets a caller share an ``httpx.Client`` for webhooks.
    Channels whose :func:`channel_key` is in ``done`` already have the alert and are
    skipped (a retry never sends twice to a channel that took it); the keys of the
    channels that take it now are appended to ``sent``.
    """
    failures: list[str] = []
    if channels.webhook_url:
        key = channel_key("webhook", channels.webhook_url)
        if key not in done:
            try:
                _post_webhook(alert, channels.webhook_url, client, timeout)
                log.info("alert %s delivered to webhook %s", alert.get("id"),
                         redact(channels.webhook_url))
                if sent is not None:
                    sent.append(key)
            except DeliveryError as exc:
                failures.append(str(exc))
    for url in channels.apprise_urls:
        key = channel_key("apprise", url)
        if key in done:
            continue
        try:
            _send_apprise(alert, url, timeout)
            log.info("alert %s delivered to apprise %s", alert.get("id"), redact(url))
            if sent is not None:
                sent.append(key)
        except DeliveryError as exc:
            failures.append(str(exc))
    if failures:
        for f in failures:
            log.warning("alert %s: %s", alert.get("id"), f)
        raise DeliveryError(f"alert {alert.get('id')}: " + " | ".join(failures))


def emit_prefect_event(alert: Mapping[str, Any]) -> None:
    """Emit ``newstally.figure.<kind>`` for Prefect automations (resource: the alert).

    Raises ``DeliveryError`` when Prefect refuses the event.
    """
    from prefect.events import emit_event

    kind = str(alert.get("kind") or "alert")
    ident = alert.get("id")
    resource = {
        "prefect.resource.id": f"newstally.alert.{ident}",
        "prefect.resource.name": f"{kind}: {alert.get('metric', '')}",
        "newstally.kind": kind,
        "newstally.metric": str(alert.get("metric") or ""),
        "newstally.rule": str(alert.get("rule") or ""),
    }
    related = [
        {"prefect.resource.id": f"newstally.figure.{alert[k]}",
         "prefect.resource.role": k.removesuffix("_figure_id") + "-figure"}
        for k in ("new_figure_id", "old_figure_id") if alert.get(k) is not None
    ]
    try:
        emit_event(event=f"newstally.figure.{kind}", resource=resource, related=related,
                   payload=webhook_payload(alert))
    except Exception as exc:
        raise DeliveryError(f"alert {ident}: Prefect event not emitted ({type(exc).__name__})"
                            ) from None
    log.info("alert %s emitted as Prefect event newstally.figure.%s", ident, kind)


def deliver_pending(
    rows: Iterable[Mapping[str, Any]],
    channels: Channels,
    *,
    client: httpx.Client | None = None,
    timeout: float = 10,
    done: Mapping[Any, Collection[str]] | None = None,
    sent: dict[Any, list[str]] | None = None,
) -> tuple[list[Any], dict[Any, str]]:
    """One delivery pass: (ids every channel accepted, {id: redacted error}).

    ``done`` maps an alert id to the channel keys that already took it (skipped);
    ``sent`` collects, per alert id, the channel keys that take it in this pass.
    With no channel configured every alert counts as delivered (it is in DuckDB).
    """
    delivered: list[Any] = []
    errors: dict[Any, str] = {}
    done = done or {}
    own = client is None and channels.webhook_url is not None
    c = httpx.Client(timeout=timeout, follow_redirects=False) if own else client
    try:
        for row in rows:
            ident = row.get("id")
            now_sent: list[str] = []
            try:
                deliver(row, channels, client=c, timeout=timeout,
                        done=done.get(ident, ()), sent=now_sent)
            except DeliveryError as exc:
                errors[ident] = str(exc)
            else:
                delivered.append(ident)
            if sent is not None and now_sent:
                sent[ident] = now_sent
    finally:
        if own and c is not None:
            c.close()
    return delivered, errors
