"""Alert delivery against real HTTP servers on 127.0.0.1 (no monkeypatched HTTP)."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from pipeline.alerts import (
    Channels,
    channels_from_env,
    deliver,
    deliver_pending,
    escape_markdown,
    redact,
    render,
    webhook_payload,
)
from pipeline.errors import DeliveryError

TOKEN = "s3cr3t-T0KEN-9f8e7d"

# Article text written for these tests: it carries markup an attacker could plant.
NASTY_SENTENCE = (
    'Officials said <script>alert("x")</script> only *12* detainees walked out of '
    "[the jail](http://evil.example/phish) & _nobody_ else # so far."
)


class Receiver:
    """A loopback HTTP server that records POSTs and answers with ``status``."""

    def __init__(self, port: int = 0, status: int = 200) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = status
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                outer.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = f"/hook/{TOKEN}") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def alert_row(ident: int = 7) -> dict[str, Any]:
    return {
        "id": ident,
        "kind": "contradiction",
        "rule": "disjoint_intervals",
        "metric": "released",
        "new_figure_id": 41,
        "old_figure_id": 12,
        "message": f"CONTRADICTION (released)\nNEW: «{NASTY_SENTENCE}»\nOLD: «Authorities said 60.»",
        "details": json.dumps({"rule": "disjoint_intervals", "new": {"value": 12},
                               "old": {"value": 60}}),
        "created_at": "2026-02-01T10:00:00+00:00",
    }


def test_webhook_receives_the_alert_as_json(receiver: Receiver) -> None:
    deliver(alert_row(), Channels(webhook_url=receiver.url()))
    assert len(receiver.requests) == 1
    req = receiver.requests[0]
    assert req["path"] == f"/hook/{TOKEN}"
    assert req["headers"]["Content-Type"] == "application/json"
    payload = json.loads(req["body"])
    assert payload["id"] == 7
    assert payload["event"] == "newstally.figure.contradiction"
    assert payload["details"]["old"]["value"] == 60  # details parsed, not a string
    assert NASTY_SENTENCE in payload["message"]  # JSON carries the text as data


def test_webhook_down_then_delivered_on_the_next_run(caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()
    channels = Channels(webhook_url=f"http://127.0.0.1:{port}/hook/{TOKEN}")
    rows = [alert_row(1), alert_row(2)]
    with caplog.at_level(logging.DEBUG):
        delivered, errors = deliver_pending(rows, channels, timeout=2)
    assert delivered == []
    assert set(errors) == {1, 2}
    assert f"http://127.0.0.1:{port}/***" in errors[1]
    assert TOKEN not in errors[1]
    assert TOKEN not in caplog.text
    with pytest.raises(DeliveryError) as exc_info:
        deliver(rows[0], channels, timeout=2)
    assert TOKEN not in str(exc_info.value)

    # the receiver comes up: the next run delivers what is pending
    r = Receiver(port=port)
    try:
        with caplog.at_level(logging.DEBUG):
            delivered, errors = deliver_pending(rows, channels, timeout=2)
    finally:
        r.close()
    assert TOKEN not in caplog.text  # httpx logs request URLs at INFO: filtered
    assert delivered == [1, 2]
    assert errors == {}
    assert [json.loads(q["body"])["id"] for q in r.requests] == [1, 2]


def test_webhook_error_status_is_a_delivery_error() -> None:
    r = Receiver(status=503)
    try:
        with pytest.raises(DeliveryError, match="HTTP 503") as exc_info:
            deliver(alert_row(), Channels(webhook_url=r.url()))
    finally:
        r.close()
    assert TOKEN not in str(exc_info.value)


def test_apprise_json_endpoint_gets_title_and_body(receiver: Receiver) -> None:
    url = f"json://127.0.0.1:{receiver.port}/notify/{TOKEN}"
    deliver(alert_row(), Channels(apprise_urls=[url]))
    assert len(receiver.requests) == 1
    payload = json.loads(receiver.requests[0]["body"])
    assert payload["title"].startswith("newstally contradiction: released")
    assert "Officials said" in payload["message"]


def test_apprise_failure_is_redacted_and_other_channels_still_tried(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    bad = Receiver(status=500)
    try:
        channels = Channels(
            webhook_url=receiver.url(),
            apprise_urls=[f"json://127.0.0.1:{bad.port}/notify/{TOKEN}"],
        )
        with caplog.at_level(logging.DEBUG), pytest.raises(DeliveryError) as exc_info:
            deliver(alert_row(), channels)
    finally:
        bad.close()
    assert TOKEN not in caplog.text
    assert "apprise json://127.0.0.1" in str(exc_info.value)
    assert TOKEN not in str(exc_info.value)
    assert len(receiver.requests) == 1  # the webhook got it even though apprise failed


def test_invalid_apprise_url_is_named_without_its_secret() -> None:
    with pytest.raises(DeliveryError, match="not a valid Apprise URL") as exc_info:
        deliver(alert_row(), Channels(apprise_urls=[f"nosuchscheme://{TOKEN}"]))
    assert TOKEN not in str(exc_info.value)


def test_html_rendering_escapes_article_text() -> None:
    title, body = render(alert_row(), "html")
    assert "<script>" not in body
    assert "&lt;script&gt;" in body
    assert 'href' not in body
    assert body.startswith("<pre>")
    assert "<" not in title


def test_markdown_rendering_escapes_article_text() -> None:
    _, body = render(alert_row(), "markdown")
    assert "\\*12\\*" in body
    assert "\\[the jail\\]\\(http://evil\\.example/phish\\)" in body
    assert "\\_nobody\\_" in body
    assert "<script>" not in body
    assert escape_markdown("a_b") == "a\\_b"


def test_text_rendering_keeps_the_message() -> None:
    title, body = render(alert_row(), "text")
    assert NASTY_SENTENCE in body
    assert title == "newstally contradiction: released (disjoint_intervals)"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://hooks.example.org/services/{TOKEN}", "https://hooks.example.org/***"),
        (f"https://user:{TOKEN}@hooks.example.org/x", "https://***@hooks.example.org/***"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        (f"http://127.0.0.1:8080/in?key={TOKEN}", "http://127.0.0.1:8080/***"),
        (f"slack://{TOKEN}/B000/C000/#alerts", "slack://***"),
        (f"mailto://analyst:{TOKEN}@mail.example.org", "mailto://***"),
        (f"tgram://123456:{TOKEN}/987", "tgram://***"),
        ("not a url", "***"),
        ("", ""),
    ],
)
def test_redact(url: str, expected: str) -> None:
    assert redact(url) == expected
    assert TOKEN not in redact(url)


def test_channels_from_env_splits_and_never_shows_secrets() -> None:
    env = {
        "NEWSTALLY_WEBHOOK_URL": f" https://hooks.example.org/{TOKEN} ",
        "NEWSTALLY_APPRISE_URLS": f"slack://{TOKEN}/a/b, json://127.0.0.1:9/x\n tgram://1:{TOKEN}/2",
    }
    ch = channels_from_env(env)
    assert ch.webhook_url == f"https://hooks.example.org/{TOKEN}"
    assert ch.apprise_urls == [f"slack://{TOKEN}/a/b", "json://127.0.0.1:9/x", f"tgram://1:{TOKEN}/2"]
    assert TOKEN not in repr(ch)
    assert TOKEN not in " ".join(ch.describe())
    assert not channels_from_env({})


def test_no_channels_means_nothing_to_send() -> None:
    delivered, errors = deliver_pending([alert_row(3)], Channels())
    assert delivered == [3]
    assert errors == {}


def test_webhook_payload_is_plain_json() -> None:
    from datetime import UTC, datetime

    row = alert_row()
    row["created_at"] = datetime(2026, 2, 1, 10, tzinfo=UTC)
    row["details"] = {"new": {"value": 12}}
    payload = webhook_payload(row)
    assert json.loads(json.dumps(payload))["created_at"] == "2026-02-01T10:00:00+00:00"


@pytest.mark.prefect
@pytest.mark.slow
def test_prefect_event_is_emitted_in_a_flow_run(prefect_harness: None) -> None:
    """The event reaches Prefect with the alert as resource, its figures as related."""
    import asyncio

    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.events.worker import EventsWorker

    from pipeline.alerts import emit_prefect_event

    @flow
    def raise_alert() -> None:
        emit_prefect_event(alert_row(990031))

    async def events() -> list[dict[str, Any]]:
        async with get_client() as client:
            for _ in range(40):
                resp = await client.request(
                    "POST", "/events/filter",
                    json={"filter": {"event": {"prefix": ["newstally."]},
                                     "resource": {"id": ["newstally.alert.990031"]}}},
                )
                found: list[dict[str, Any]] = resp.json().get("events", [])
                if found:
                    return found
                await asyncio.sleep(0.25)
        return []

    raise_alert()
    EventsWorker.drain_all()
    found = asyncio.run(events())
    assert [e["event"] for e in found] == ["newstally.figure.contradiction"]
    event = found[0]
    assert event["resource"]["prefect.resource.id"] == "newstally.alert.990031"
    assert event["payload"]["id"] == 990031
    roles = {r["prefect.resource.role"] for r in event["related"]}
    assert {"new-figure", "old-figure", "flow-run"} <= roles


def test_a_retry_never_sends_again_to_a_channel_that_took_the_alert(receiver: Receiver) -> None:
    """Webhook up, Apprise endpoint failing: the retry goes to Apprise only."""
    from pipeline.alerts import channel_key, deliver_pending

    flaky = Receiver(status=500)
    apprise_url = f"json://127.0.0.1:{flaky.port}/notify/{TOKEN}"
    channels = Channels(webhook_url=receiver.url(), apprise_urls=[apprise_url])
    sent: dict[Any, list[str]] = {}
    try:
        delivered, failed = deliver_pending([alert_row(5)], channels, sent=sent)
    finally:
        flaky.close()
    assert delivered == [] and 5 in failed
    assert sent == {5: [channel_key("webhook", receiver.url())]}
    assert all(TOKEN not in k for k in sent[5])  # channel names carry no secret
    assert len(receiver.requests) == 1

    apprise_ok = Receiver(port=int(apprise_url.split(":")[2].split("/")[0]))
    try:
        again: dict[Any, list[str]] = {}
        delivered, failed = deliver_pending([alert_row(5)], channels,
                                            done={5: set(sent[5])}, sent=again)
        assert delivered == [5] and failed == {}
        assert again == {5: [channel_key("apprise", apprise_url)]}
        assert len(apprise_ok.requests) == 1
    finally:
        apprise_ok.close()
    assert len(receiver.requests) == 1  # the webhook was not sent the alert twice


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_apprise_failure_says_what_failed_connection_or_service() -> None:
    """A refused connection is not 'the service refused it'; a 500 names its status."""
    url = f"json://127.0.0.1:{_closed_port()}/notify/{TOKEN}"
    with pytest.raises(DeliveryError) as exc_info:
        deliver(alert_row(), Channels(apprise_urls=[url]))
    text = str(exc_info.value)
    assert "connection error" in text.lower() and "refused it" not in text, text
    assert TOKEN not in text
    bad = Receiver(status=500)
    try:
        with pytest.raises(DeliveryError) as exc_info:
            deliver(alert_row(), Channels(apprise_urls=[f"json://127.0.0.1:{bad.port}/n/{TOKEN}"]))
    finally:
        bad.close()
    assert "500" in str(exc_info.value) and "refused it" not in str(exc_info.value)


def test_a_short_channel_url_never_uncovers_a_longer_ones_token() -> None:
    """Two channels whose paths nest ("/hook" and "/hook/<token>"): the shorter one's
    path must not break up the longer URL before its token is redacted."""
    from pipeline.alerts import _scrub

    short, long = "http://127.0.0.1:9001/hook", f"http://127.0.0.1:9002/hook/{TOKEN}"
    line = f"HTTP Request: POST {long} \"HTTP/1.1 200 OK\"; also POST 127.0.0.1:9002/hook/{TOKEN}"
    for order in ([short, long], [long, short]):
        assert TOKEN not in _scrub(line, order)
