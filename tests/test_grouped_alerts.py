"""One alert per disagreement (issue 10): the same claim, the same two claim-makers (or
an outlet's own figure) and the same two values after qualifiers. Later articles
repeating a side attach to the alert as evidence (``alert_evidence``); they raise no new
alert and push nothing again. Sentences are written for these tests, in English and
Spanish."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from flows.ingest import alert_delivery_rows
from pipeline.alerts import Channels, deliver_pending
from pipeline.claims import HeldFigure
from pipeline.contradictions import AlertCandidate, AlertGroups, find_alerts, settle, side_key
from pipeline.process import alert_row
from warehouse.db import reader, writer
from warehouse.load import LoadBatch, load_batch, mark_delivered

_ids = itertools.count(5000)

#: (early toll, the government's toll, the UN's toll, a repeat of each) per language;
#: the early toll makes the later ones "settled" (more than 45 days after it)
TEXTS = {
    "en": {
        "early": "Nurses counted 9 dead after the first night of protests.",
        "gov": "The protests left 31 dead, the interior ministry said on Tuesday.",
        "gov2": "Officials repeated that 31 people died in the unrest.",
        "gov3": "According to the government, 31 people were killed during the protests.",
        "un": "The UN fact-finding mission documented 26 killings during the protests.",
        "un2": "UN investigators stood by their count of 26 people killed.",
        "gov_who": "the interior ministry", "un_who": "the UN mission",
    },
    "es": {
        "early": "Las enfermeras contaron 9 muertos tras la primera noche de protestas.",
        "gov": "Las protestas dejaron 31 muertos, informó el Ministerio del Interior.",
        "gov2": "Las autoridades reiteraron que 31 personas murieron en los disturbios.",
        "gov3": "Según el Gobierno, 31 personas fallecieron durante las protestas.",
        "un": "La misión de la ONU documentó 26 asesinatos durante las protestas.",
        "un2": "Los investigadores de la ONU mantuvieron su cifra de 26 muertos.",
        "gov_who": "el Gobierno", "un_who": "la misión de la ONU",
    },
}


def fig(sentence: str, value: int, *, article: int, published: str, who: str | None,
        qualifier: str = "exact", metric: str = "killed") -> HeldFigure:
    return HeldFigure(
        id=next(_ids), article_id=article, story_id=article, duplicate_of=None,
        source=f"feed-{article}", publisher=f"outlet{article}.example",
        url=f"https://outlet{article}.example/story", title=f"Story {article}",
        published_at=datetime.fromisoformat(published).replace(tzinfo=UTC), is_seed=False,
        metric=metric, value=value, qualifier=qualifier, low=value,
        high=None if qualifier in ("at_least", "more_than") else value, unit=None,
        attributed_to=who, as_of=None, period=None, sentence=sentence, span=str(value),
        content_sha256=None,
    )


def replay(batches: list[list[HeldFigure]]) -> tuple[list[AlertCandidate], list[list[AlertCandidate]]]:
    """Every batch through ``find_alerts`` and one ``AlertGroups``, as the warehouse
    groups them: (the alerts held at the end, the new alerts of each batch)."""
    held: list[HeldFigure] = []
    groups = AlertGroups()
    by_id: dict[int, HeldFigure] = {}
    per_batch = []
    for batch in batches:
        by_id.update((f.id, f) for f in batch)
        per_batch.append(groups.add(find_alerts(batch, held, attachments=True), by_id))
        held.extend(batch)
    return groups.alerts, per_batch


def _story(lang: str) -> dict[str, HeldFigure]:
    t = TEXTS[lang]
    return {
        "early": fig(t["early"], 9, article=1, published="2025-03-02", who="nurses"),
        "gov": fig(t["gov"], 31, article=2, published="2025-06-10", who=t["gov_who"]),
        "gov2": fig(t["gov2"], 31, article=3, published="2025-06-20", who=t["gov_who"]),
        "gov3": fig(t["gov3"], 31, article=4, published="2025-07-05", who=t["gov_who"]),
        "un": fig(t["un"], 26, article=5, published="2025-11-20", who=t["un_who"]),
        "un2": fig(t["un2"], 26, article=6, published="2025-12-01", who=t["un_who"]),
    }


def _articles(al: AlertCandidate, side: str) -> set[int]:
    return {e.article_id for e in al.evidence if e.side == side}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_one_alert_per_disagreement_with_every_article_of_each_side(lang: str) -> None:
    s = _story(lang)
    alerts, per_batch = replay([[s["early"]], [s["gov"]], [s["gov2"]], [s["gov3"]], [s["un"]],
                                [s["un2"]]])
    (al,) = alerts
    assert al.kind == "contradiction" and al.status == "open" and al.rule == "settled_toll"
    assert per_batch[-1] == []  # the UN's 26 repeated: evidence, no new alert
    un_side = "new" if al.new_figure_id == s["un"].id else "old"
    gov_side = "old" if un_side == "new" else "new"
    assert _articles(al, gov_side) == {2, 3, 4}  # all three articles giving the government's 31
    assert _articles(al, un_side) == {5, 6}
    # the earliest toll (9, by nurses, before it settled) is on no side
    assert s["early"].id not in {e.figure_id for e in al.evidence}
    # the text says how many articles carry each side: as raised (pushed) ...
    (raised,) = per_batch[4]
    assert "Carried by: 3 articles give the earlier figure, 1 article the later one." in raised.message
    # ... and counted again as evidence attaches (the warehouse keeps the pushed text and
    # counts in v_alert_groups)
    assert "Carried by: 3 articles give the earlier figure, 2 articles the later one." in al.message


@pytest.mark.parametrize("lang", ["en", "es"])
def test_other_values_or_other_claim_makers_are_other_disagreements(lang: str) -> None:
    t = TEXTS[lang]
    s = _story(lang)
    other_value = fig(t["gov3"].replace("31", "30"), 30, article=7, published="2025-07-10",
                      who=t["gov_who"])
    ngo = fig(t["gov3"].replace("31", "30"), 30, article=8, published="2025-07-12",
              who="Foro Penal")
    alerts, _ = replay([[s["early"]], [s["gov"]], [other_value], [ngo], [s["un"]]])
    un = side_key(s["un"])
    got = {(a.kind, a.group_key.rsplit("|", 1)[1]) for a in alerts if a.group_key}
    # the government's own 31 -> 30 is a revision; Foro Penal's 30 against the government's
    # 31 another disagreement; against the UN's 26, the government's 31 and its 30 are two
    assert got == {
        ("revision", "Government=exact 30 vs Government=exact 31"),
        ("contradiction", "Foro Penal=exact 30 vs Government=exact 31"),
        ("contradiction", f"Government=exact 31 vs {un}"),
        ("contradiction", f"Government=exact 30 vs {un}"),
    }
    assert len(alerts) == 4


@pytest.mark.parametrize(("lang", "own", "own2"), [
    ("en", "At least 31 people were killed in the protests.",
     "More than 31 people died in the protests, the newspaper counted."),
    ("es", "Al menos 31 personas murieron en las protestas.",
     "Más de 31 personas fallecieron en las protestas, según el recuento del diario."),
])
def test_outlets_own_figures_are_one_side_whatever_the_outlet(lang: str, own: str, own2: str) -> None:
    """Two outlets giving "at least 31" / "more than 31" as their own figure against the UN's
    26: one side (outlets, at least 31), one alert, two articles on that side."""
    s = _story(lang)
    a = fig(own, 31, article=11, published="2025-06-11", who=None, qualifier="at_least")
    b = fig(own2, 31, article=12, published="2025-06-30", who=None, qualifier="more_than")
    assert side_key(a) == side_key(b) == "outlets=at_least 31"
    assert side_key(s["gov"]) != side_key(a)  # "31" exact by the government is another side
    alerts, _ = replay([[s["early"]], [a], [b], [s["un"]], [s["un2"]]])
    (al,) = alerts
    outlets_side = "old" if al.new_figure_id == s["un"].id else "new"
    assert _articles(al, outlets_side) == {11, 12}


def test_a_held_back_disagreement_is_pushed_once_a_pair_of_it_holds() -> None:
    """The first pair is held for review (the UN's count is called provisional there);
    a later article giving the same 26 from the same mission, as a final count, makes the
    disagreement hold: the alert is pushed, once."""
    s = _story("en")
    provisional = fig("For now the UN mission can account for 26 deaths; lists are still coming in.",
                      26, article=9, published="2025-11-18", who="the UN mission")
    alerts, per_batch = replay([[s["early"]], [s["gov"]], [provisional], [s["un"]]])
    assert per_batch[2] and per_batch[2][0].status == "review"
    (al,) = alerts
    assert al.status == "open" and al.new_figure_id == s["un"].id
    assert per_batch[3] == [al]


# ---------------------------------------------------------------------------------------
# the warehouse: one row per disagreement, evidence attached, one push


class Hook:
    """A loopback webhook that counts the alerts it receives."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                outer.bodies.append(json.loads(self.rfile.read(n)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    yield h
    h.close()


NOW = datetime(2025, 12, 2, tzinfo=UTC)


def _run(conn: Any, figs: list[HeldFigure], held: list[HeldFigure], ids: dict[int, int],
         art_ids: dict[int, int]) -> None:
    """One run: an article row and a figure row per figure (provisional ids < 0), and the
    alert rows ``find_alerts`` gives, as ``pipeline.process`` builds them; held figures
    and articles are referred to by their warehouse ids."""
    arts, rows = [], []
    for f in figs:
        arts.append({"id": -f.article_id, "url": f.url, "canonical_url": f.url, "text": f.sentence,
                     "text_sha256": str(f.id), "is_seed": False, "story_id": -f.article_id,
                     "published_at": f.published_at, "publisher": f.publisher, "title": f.title})
        rows.append({"id": -f.id, "article_id": -f.article_id, "metric": f.metric, "value": f.value,
                     "qualifier": f.qualifier, "low": f.low, "high": f.high, "unit": "people",
                     "attributed_to": f.attributed_to, "sentence": f.sentence, "span": f.span,
                     "span_start": 0, "extractor_version": "test"})
    # attach-only candidates built here, as warehouse.load would (their ids are remapped)
    alerts = [alert_row(s) for c in find_alerts(figs, held, attachments=True)
              if (s := settle(c)) is not None]
    for al in alerts:
        for k in ("new_figure_id", "old_figure_id"):
            al[k] = ids.get(al[k], -al[k])
        al["evidence"] = [{**e, "figure_id": ids.get(e["figure_id"], -e["figure_id"]),
                           "article_id": art_ids.get(e["article_id"], -e["article_id"])}
                          for e in al["evidence"]]
    res = load_batch(conn, LoadBatch(
        run={"id": f"r{figs[0].id}", "started_at": NOW, "finished_at": NOW, "summary": {}},
        articles=arts, figures=rows, alerts=alerts))
    for f in figs:
        ids[f.id] = res.figure_ids[-f.id]
        art_ids[f.article_id] = res.article_ids[-f.article_id]
    held.extend(figs)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_warehouse_keeps_one_alert_attaches_evidence_and_pushes_once(tmp_path, hook: Hook,
                                                                     lang: str) -> None:
    s = _story(lang)
    db = tmp_path / "w.duckdb"
    held: list[HeldFigure] = []
    ids: dict[int, int] = {}
    art_ids: dict[int, int] = {}
    channels = Channels(webhook_url=hook.url)

    def push() -> int:
        with writer(db) as conn:
            rows = alert_delivery_rows(conn)
            delivered, failed = deliver_pending(rows, channels)
            mark_delivered(conn, delivered, failed)
        return len(delivered)

    with writer(db) as conn:
        for key in ("early", "gov", "gov2", "un"):
            _run(conn, [s[key]], held, ids, art_ids)
    assert push() == 1
    with writer(db) as conn:  # later runs: each side repeated once more
        _run(conn, [s["gov3"]], held, ids, art_ids)
        _run(conn, [s["un2"]], held, ids, art_ids)
    assert push() == 0  # evidence attached: nothing is pushed again
    assert len(hook.bodies) == 1
    with reader(db) as conn:
        assert conn.execute("SELECT count(*) FROM alerts").fetchall() == [(1,)]
        (row,) = conn.execute(
            "SELECT g.new_side_articles, g.old_side_articles, g.evidence_figures, a.group_key "
            "FROM v_alert_groups g JOIN alerts a ON a.id = g.alert_id").fetchall()
        new_n, old_n, n_figs, key = row
        assert sorted((new_n, old_n)) == [2, 3] and n_figs == 5
        assert "Government=exact 31" in key and "=exact 26" in key
        sides = conn.execute(
            "SELECT e.side, count(DISTINCT e.article_id), min(e.value), max(e.value) "
            "FROM alert_evidence e GROUP BY e.side ORDER BY 1").fetchall()
        assert {(v1, v2) for _, _, v1, v2 in sides} == {(31, 31), (26, 26)}
    # newstally alerts says how many articles carry each side
    from click.testing import CliRunner

    from newstally.cli import main

    out = CliRunner().invoke(main, ["alerts", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    (listed,) = [json.loads(line) for line in out.output.splitlines() if line.strip()]
    assert sorted((listed["new_articles"], listed["old_articles"])) == [2, 3]


@pytest.mark.parametrize(("who", "label"), [
    ("the UN fact-finding mission", "UN"),
    ("U.N. investigators", "UN"),
    ("the United Nations human rights office", "UN"),
    ("the UN High Commissioner for Human Rights", "UN"),
    ("la Misión", "UN"),
    ("la misión de la ONU", "UN"),
    ("el Alto Comisionado de Naciones Unidas", "UN"),
    ("un grupo de vecinos", "un grupo de vecinos"),  # the Spanish article "un" is no UN
    ("an unnamed official", "Government"),
])
def test_the_un_is_one_claim_maker_however_named(who: str, label: str) -> None:
    """One claim-maker, one side: the UN's investigators named as the mission, "la Misión"
    or the UN's rights office are one source, so their repeats join one alert."""
    from pipeline.claims import source_label

    assert source_label(who) == label


def test_alert_text_counts_one_article_in_the_singular() -> None:
    s = _story("es")
    alerts, _ = replay([[s["early"]], [s["gov"]], [s["un"]]])
    (al,) = alerts
    assert "Carried by: 1 article gives the earlier figure, 1 article the later one." in al.message


@pytest.mark.parametrize(("who", "side"), [
    ("a statement", "outlets"),
    ("several NGOs", "outlets"),
    ("un comunicado", "outlets"),
    ("un despacho de agencia", "outlets"),
    ("diversas oenegés", "outlets"),
    ("unos testigos", "outlets"),
    ("Foro Penal", "Foro Penal"),
    ("la ONU", "UN"),
    ("the Unity party", "Unity party"),  # a name that starts like "un" is still a name
])
def test_attributions_that_name_nobody_are_an_outlets_own_side(who: str, side: str) -> None:
    f = fig("Officials said 40 were freed.", 40, article=20, published="2025-02-01", who=who,
            metric="released")
    assert side_key(f) == f"{side}=exact 40"
