"""Issue 13, checked in a browser: the alerts artifact as the Prefect UI shows it, and the
report's legends, in Debian's headless chromium.

A real ``prefect server start`` (UI on, its own PREFECT_HOME, a free port on 127.0.0.1),
a real ``newstally demo`` flow run against it that publishes the ``ingest-alerts`` markdown
artifact, then chromium loads the artifact's page of both Prefect UIs (the classic one at
``/`` and the new one at ``/v2``) and its rendered DOM is read: the text shows no
backslash-escaped punctuation, no literal ``>`` quote marker or ``&gt;`` entity, every
sentence of the alerts as a quote, and the sources' names as written.

``make test`` installs chromium when it can (``.ci/install-chromium``); without it these
tests skip with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"{CHROMIUM} not installed: `make test` installs it with apt-get when run as "
               "root (.ci/install-chromium); or `apt-get install chromium`"),
]

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}


def chromium_dom(url: str, *, budget_ms: int = 20_000) -> str:
    """The DOM of ``url`` after its scripts ran, as headless chromium serialises it."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        res = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}",
             f"--virtual-time-budget={budget_ms}", "--dump-dom", url],
            capture_output=True, text=True, timeout=180, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


class Region(HTMLParser):
    """The text of the first element ``match(tag, attrs)`` selects, and of each of its
    descendants with tag ``part`` (blockquotes, legend entries …)."""

    def __init__(self, match: Callable[[str, dict[str, str]], bool], part: str) -> None:
        super().__init__(convert_charrefs=True)
        self.match, self.part = match, part
        self.depth = 0          # open elements inside the region (0: outside or not found)
        self.found = False
        self.done = False
        self.text: list[str] = []
        self.parts: list[list[str]] = []
        self.part_attrs: list[dict[str, str]] = []
        self._part_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self.done:
            return
        if not self.found:
            if self.match(tag, a):
                self.found, self.depth = True, 1
            return
        if tag == self.part and self._part_depth is None:
            self._part_depth = self.depth
            self.parts.append([])
            self.part_attrs.append(a)
        if tag not in _VOID:
            self.depth += 1
        if tag == "span" and self._part_depth is not None and "background" in a.get("style", ""):
            self.part_attrs[-1].setdefault("colour", a["style"])

    def handle_endtag(self, tag: str) -> None:
        if not self.found or self.done or tag in _VOID:
            return
        self.depth -= 1
        if self._part_depth is not None and self.depth == self._part_depth:
            self._part_depth = None
        if self.depth == 0:
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.found and not self.done:
            self.text.append(data)
            if self._part_depth is not None:
                self.parts[-1].append(data)

    @staticmethod
    def flat(chunks: list[str]) -> str:
        return " ".join(" ".join(chunks).split())


def region(dom: str, match: Callable[[str, dict[str, str]], bool], part: str) -> Region:
    r = Region(match, part)
    r.feed(dom)
    r.close()
    return r


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PREFECT_", "NEWSTALLY_"))}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", **extra)
    return env


@pytest.fixture(scope="module")
def prefect_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """``prefect server start`` with its UI, on a free port, in a PREFECT_HOME of its own.
    (The session's test harness serves no UI: Prefect starts it with PREFECT_UI_ENABLED=0.)"""
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = _env(PREFECT_HOME=str(home), PREFECT_SERVER_API_HOST="127.0.0.1",
               PREFECT_SERVER_API_PORT=str(port), PREFECT_UI_ENABLED="true")
    log = (home / "server.log").open("wb")
    started = time.monotonic()
    proc = subprocess.Popen([str(BIN / "prefect"), "server", "start"], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while True:
            assert proc.poll() is None, (home / "server.log").read_text(errors="replace")[-3000:]
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() - started < 180, "prefect server start: no answer in 180 s"
            time.sleep(0.5)
        ui = httpx.get(f"{base}/ui-settings", timeout=10).json()
        assert ui["api_url"] == f"{base}/api", ui  # the UI asks this server, not :4200
        yield {"base": base, "api": f"{base}/api", "ui": ui,
               "start_s": round(time.monotonic() - started, 1)}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the server and its children
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def demo(prefect_ui: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``newstally demo`` run through that server: a real ingest flow run, and its alerts
    artifact."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    res = subprocess.run([str(BIN / "newstally"), "demo", "--db", str(db)],
                         env=_env(PREFECT_API_URL=prefect_ui["api"]), capture_output=True,
                         text=True, timeout=600, check=False)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    arts = httpx.post(f"{prefect_ui['api']}/artifacts/filter", timeout=30, json={
        "artifacts": {"key": {"any_": ["ingest-alerts"]}}, "sort": "CREATED_DESC"}).json()
    assert len(arts) == 1, arts  # this server saw one run
    run = httpx.get(f"{prefect_ui['api']}/flow_runs/{arts[0]['flow_run_id']}", timeout=30).json()
    flow = httpx.get(f"{prefect_ui['api']}/flows/{run['flow_id']}", timeout=30).json()
    assert (flow["name"], run["state_type"]) == ("ingest", "COMPLETED"), (flow, run["state"])
    with duckdb.connect(str(db), read_only=True) as conn:
        alerts = conn.execute("SELECT id, rule, details FROM alerts ORDER BY id").fetchall()
    assert alerts, "the demo raises alerts"
    return {"db": db, "artifact": arts[0], "alerts": alerts}


#: Article text and outlet names with everything Markdown or HTML could read as markup.
HOSTILE_SENTENCES = [
    "- 25 [security forces] killed, *officials* said <b>bold</b> & co_op `code` ~t~ a|b. Yes!",
    "> 3. Heading? #1 back\\slash, 4 > 3 and [y](https://x.example) end.",
]
HOSTILE_NAMES = ["World *Desk* [EN] & co_op", "Diario_Uno (ES) #2"]

PUBLISH = """
import sys
import duckdb
from prefect import flow
from prefect.artifacts import create_markdown_artifact
from warehouse.report import alert_markdown

@flow(name="publish-alerts")
def publish(db: str) -> str:
    with duckdb.connect(db, read_only=True) as conn:  # as flows/ingest.py:_publish does
        md = alert_markdown(conn)
    return str(create_markdown_artifact(key="ingest-alerts-hostile", markdown=md))

print(publish(sys.argv[1]))
"""


@pytest.fixture(scope="module")
def hostile(prefect_ui: dict[str, Any], demo: dict[str, Any],
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo's first alert with hostile sentences and outlet names, published by a flow
    run through alert_markdown, as the ingest flow publishes its alerts."""
    db = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    shutil.copy(demo["db"], db)
    with duckdb.connect(str(db)) as conn:
        aid, _, details = conn.execute("SELECT id, rule, details FROM alerts ORDER BY id "
                                       "LIMIT 1").fetchone()
        d = json.loads(details) if isinstance(details, str) else details
        for side, sentence, name in zip(("new", "old"), HOSTILE_SENTENCES, HOSTILE_NAMES,
                                        strict=True):
            d[side].update(sentence=sentence, publisher=name, source=name)
            d[side]["url"] = f"https://outlet.example/{side}?a=1"
        conn.execute("DELETE FROM alerts WHERE id <> ?", [aid])
        conn.execute("UPDATE alerts SET details = ? WHERE id = ?", [json.dumps(d), aid])
        alerts = conn.execute("SELECT id, rule, details FROM alerts").fetchall()
    res = subprocess.run([sys.executable, "-c", PUBLISH, str(db)],
                         env=_env(PREFECT_API_URL=prefect_ui["api"]), capture_output=True,
                         text=True, timeout=300, check=False)
    assert res.returncode == 0, res.stderr[-3000:]
    artifact_id = res.stdout.strip().splitlines()[-1]
    return {"db": db, "artifact": {"id": artifact_id}, "alerts": alerts}


def _sides(alerts: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    out = []
    for _, _, details in alerts:
        d = json.loads(details) if isinstance(details, str) else details
        out += [d["new"], d["old"]]
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


UIS = {
    # the classic UI (Vue, prefect-design's markdown renderer) and the new one (/v2)
    "classic": ("/artifacts/artifact/{id}",
                lambda tag, a: "artifact-data-markdown" in a.get("class", "").split()),
    "v2": ("/v2/artifacts/artifact/{id}",
           lambda tag, a: a.get("data-testid") == "markdown-display"),
}


@pytest.mark.parametrize("case", ["demo", "hostile"])
@pytest.mark.parametrize("ui", sorted(UIS))
def test_alerts_artifact_renders_clean_in_the_prefect_ui(prefect_ui, request, ui, case):
    run = request.getfixturevalue(case)
    path, match = UIS[ui]
    if ui == "v2" and "v2" not in prefect_ui["ui"].get("available_uis", []):
        pytest.skip(f"this Prefect serves no v2 UI: {prefect_ui['ui']}")
    url = prefect_ui["base"] + path.format(id=run["artifact"]["id"])
    for budget in (20_000, 60_000, 120_000):  # a loaded machine: give its scripts more time
        page = region(chromium_dom(url, budget_ms=budget), match, "blockquote")
        if page.found and page.parts:
            break
    assert page.found, f"{ui}: no rendered markdown on {url}"
    text = Region.flat(page.text)
    quotes = [Region.flat(q) for q in page.parts]
    sides = _sides(run["alerts"])
    # every side's sentence is a quote, character for character (no markup, no escapes, no
    # entities; white space aside: the DOM reader spaces out the elements it joins, such as
    # a bare URL the renderer links)
    assert sorted(re.sub(r"\s", "", q) for q in quotes) == \
        sorted(re.sub(r"\s", "", s["sentence"]) for s in sides), (quotes, text)
    # outside the quotes: no escape, entity or quote marker shows through
    rest = text
    for q in quotes:
        rest = rest.replace(q, " ")
    assert "\\" not in rest, f"{ui}: an escape shows through: {rest}"
    assert not re.search(r"&(gt|lt|amp|#\d+);", rest), f"{ui}: an entity shows: {rest}"
    assert not re.search(r"(^|\s)>", rest), f"{ui}: a literal '>' quote marker: {rest}"
    # the outlets' names (parentheses, asterisks, underscores …) read as written
    for s in sides:
        assert _flat(s["publisher"] or s["source"]) in rest, (s["publisher"], rest)
    for _, rule, _ in run["alerts"]:
        assert rule in rest, (rule, rest)
    assert re.search(rf"{len(run['alerts'])} new alert\(s\)", rest), rest
    if case == "demo":
        assert any("(" in (s["publisher"] or "") for s in sides), "a name in parentheses"
        assert any("_" in rule for _, rule, _ in run["alerts"]), "a rule with an underscore"


def test_report_legends_give_one_colour_per_claim_maker_in_chromium(demo, tmp_path):
    """The demo's report as chromium renders it: each chart's legend names every claim-maker
    of its metric once, with its own colour, however many units its figures use."""
    out = tmp_path / "report.html"
    res = subprocess.run([str(BIN / "newstally"), "report", "--db", str(demo["db"]),
                          "--out", str(out)], capture_output=True, text=True, timeout=300,
                         check=False, env=_env())
    assert res.returncode == 0, res.stderr
    dom = chromium_dom(out.as_uri(), budget_ms=2_000)
    with duckdb.connect(str(demo["db"]), read_only=True) as conn:
        want = conn.execute(
            "SELECT metric, coalesce(given_by, 'unknown'), count(*), count(DISTINCT unit) "
            "FROM v_figures GROUP BY ALL").fetchall()
    by_metric: dict[str, dict[str, int]] = {}
    for metric, who, n, _ in want:
        by_metric.setdefault(metric, {})[who] = n
    assert any(units > 1 for *_, units in want), "a claim-maker with figures in two units"
    legends = []
    rest = dom
    while True:  # each <div class="legend"> in document order
        r = region(rest, lambda tag, a: tag == "div" and a.get("class") == "legend", "span")
        if not r.found:
            break
        legends.append(r)
        rest = rest.split('<div class="legend">', 1)[1]
    assert len(legends) == len(by_metric), (len(legends), sorted(by_metric))
    seen = []
    for leg in legends:
        entries = [Region.flat(p) for p in leg.parts]
        names = [re.sub(r"\s*, \d+ figure\(s\)$", "", e) for e in entries]
        colours = [a.get("colour") for a in leg.part_attrs]
        assert len(set(names)) == len(names), f"a claim-maker twice in one legend: {entries}"
        assert len(set(colours)) == len(colours) and None not in colours, (entries, colours)
        assert not any(" — " in n or re.search(r"\(\d+\)$", n) for n in names), entries
        metric = next(m for m, who in by_metric.items() if set(who) == set(names))
        counts = {n: int(re.search(r"(\d+) figure\(s\)$", e).group(1))
                  for n, e in zip(names, entries, strict=True)}
        assert counts == by_metric[metric], (metric, entries)
        seen.append(metric)
    assert sorted(seen) == sorted(by_metric)


def test_region_reads_nested_text_and_parts():
    """The DOM reader itself (so the checks above cannot pass on an empty read)."""
    dom = ('<div><article class="x artifact-data-markdown"><h1>2 (a)</h1><hr>'
           "<blockquote><p>one &amp; <b>two</b></p></blockquote><p>mid</p>"
           "<blockquote><div>three</div></blockquote></article><p>after</p></div>")
    r = region(dom, UIS["classic"][1], "blockquote")
    assert r.found and Region.flat(r.text) == "2 (a) one & two mid three"
    assert [Region.flat(p) for p in r.parts] == ["one & two", "three"]
