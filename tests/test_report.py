"""newstally report: one self-contained HTML file, article text escaped, and (when Debian's
chromium is installed) a headless rendering that is not blank."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from analyst_fixtures import build_warehouse
from click.testing import CliRunner

from newstally.cli import main
from warehouse.db import reader, writer
from warehouse.html_report import build_report

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_warehouse(tmp_path_factory.mktemp("report") / "w.duckdb")
    with writer(path) as conn:  # hostile article text must come out inert
        conn.execute(
            "UPDATE figures SET sentence = ? WHERE id = (SELECT min(id) FROM figures)",
            ["<script>alert('x')</script> <img src=x onerror=alert(1)> said 24 & more"])
        conn.execute("UPDATE articles SET url = 'javascript:alert(1)' WHERE publisher = 'Seed Wire'")
    return path


@pytest.fixture(scope="module")
def html(db):
    with reader(db) as conn:
        return build_report(conn, now=datetime(2025, 1, 5, tzinfo=UTC))


def test_one_self_contained_file_without_scripts_or_external_requests(html):
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html.split("<h2>Open alerts")[0])
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html


def test_article_text_is_escaped(html):
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img" not in html
    assert "said <mark>24</mark> &amp; more" in html  # the number phrase is highlighted
    assert 'href="javascript:' not in html


def test_a_chart_per_metric_with_alerts_marked_and_qualifiers_drawn(html):
    charts = re.findall(r"<h3>(.*?) <small", html.split("<h2>Open alerts")[0])
    assert charts == ["People killed", "People arrested",
                      "People held (political prisoners, detainees)", "People released",
                      "Minors detained"]
    assert html.count("<svg") == 5
    assert "alert 1</text>" in html  # the open alert is labelled on the killed chart
    assert html.count('stroke="#d62728" stroke-width="2"/>') == 2  # both figures ringed
    assert "at least 28 (at least)" in html  # tooltip with the qualifier
    assert 'id="alert-1"' in html and "Atlantic Courier" in html
    assert "Rights groups say <mark>at least 28</mark> people were killed in the protests." in html


def test_empty_warehouse_gives_a_readable_report(tmp_path):
    with writer(tmp_path / "empty.duckdb") as conn:
        out = build_report(conn)
    assert "No figures yet" in out and "No open alerts." in out and "<svg" not in out


def test_cli_writes_the_file(db, tmp_path):
    out = tmp_path / "sub" / "report.html"
    res = CliRunner().invoke(main, ["report", "--out", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert f"wrote {out}" in res.output
    assert out.read_text(encoding="utf-8").count("<svg") == 5


def _png_pixels(data: bytes) -> tuple[int, int, int, bytes]:
    """Width, height, bytes per pixel and the raw (unfiltered) pixels of an 8-bit PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = bpp = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and interlace == 0
            bpp = {2: 3, 6: 4, 0: 1, 4: 2}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        out += line
        prev = line
    return width, height, bpp, bytes(out)


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(),
                    reason=f"{CHROMIUM} not installed (`make test` installs it as root; or "
                           "apt-get install chromium): the rendering check needs Debian's "
                           "headless chromium")
def test_chromium_renders_a_non_blank_page(db, tmp_path):
    out = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", "--out", str(out), "--db", str(db)]).exit_code == 0
    png = tmp_path / "r.png"
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={png}",
             "--window-size=1280,1600", out.as_uri()],
            check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    width, height, bpp, pixels = _png_pixels(png.read_bytes())
    assert (width, height) == (1280, 1600)
    # not blank: many distinct colours, and a good share of non-background pixels
    step = bpp * 7
    samples = [pixels[i : i + 3] for i in range(0, len(pixels) - 3, step)]
    colours = set(samples)
    assert len(colours) > 50, f"only {len(colours)} colours: the page looks blank"
    background = max(colours, key=samples.count)
    ink = sum(1 for s in samples if s != background) / len(samples)
    assert ink > 0.05, f"only {ink:.1%} of the page differs from the background"
    # the chart colours are on the page (blue series, red alert ring)
    assert any(s[2] > 150 and s[0] < 80 for s in samples)
    assert any(s[0] > 180 and s[1] < 80 and s[2] < 80 for s in samples)


def test_report_over_more_than_eighteen_years_of_dates(tmp_path):
    """A metric whose figures span decades once raised StopIteration in the axis ticks; the
    command now writes its report with a few yearly ticks."""
    path = build_warehouse(tmp_path / "long.duckdb")
    with writer(path) as conn:
        conn.execute("UPDATE figures SET as_of = DATE '1995-06-01' "
                     "WHERE id = (SELECT min(id) FROM figures)")
    out = tmp_path / "long.html"
    res = subprocess.run(
        [str(Path(sys.executable).parent / "newstally"), "report", "--out", str(out), "--db", str(path)],
        capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert out.read_text(encoding="utf-8").count("<svg") == 5


def test_legend_gives_one_colour_per_claim_maker_whatever_the_unit(tmp_path):
    db = build_warehouse(tmp_path / "w.duckdb")
    with writer(db) as conn:
        given = conn.execute("SELECT given_by, metric FROM figures WHERE given_by IS NOT NULL "
                             "GROUP BY ALL HAVING count(*) >= 2 LIMIT 1").fetchone()
        assert given, "the fixture needs one source with two figures of a metric"
        ids = [r[0] for r in conn.execute("SELECT id FROM figures WHERE given_by = ? AND "
                                          "metric = ? ORDER BY id", list(given)).fetchall()]
        conn.execute("UPDATE figures SET unit = 'deaths' WHERE id = ?", [ids[0]])
        conn.execute("UPDATE figures SET unit = 'people' WHERE id = ?", [ids[1]])
    with reader(db) as conn:
        out = build_report(conn, now=datetime(2025, 1, 5, tzinfo=UTC))
    legends = re.findall(r'<div class="legend">(.*?)</div>', out)
    items = [re.sub(r"<[^>]+>", "", "<" + it).strip()
             for leg in legends for it in leg.split('<span class="sw"')[1:]]
    mine = [it for it in items if it.startswith(given[0])]
    assert mine and not any(" — " in it for it in mine), items
    per_legend = [sum(re.sub(r"<[^>]+>", "", "<" + it).strip().startswith(given[0])
                      for it in leg.split('<span class="sw"')[1:]) for leg in legends]
    assert max(per_legend) == 1, items


def test_alert_markdown_renders_clean_in_commonmark():
    """The run's alerts artifact: no stray backslashes before ( ) . ! and no literal '>'
    in the rendered page; sentences are quotes; hostile text stays inert."""
    import json

    import duckdb
    from markdown_it import MarkdownIt

    from warehouse.report import alert_markdown

    conn = duckdb.connect()
    conn.execute("CREATE TABLE alerts (id INTEGER, kind VARCHAR, metric VARCHAR, rule VARCHAR, "
                 "details JSON, created_at TIMESTAMPTZ DEFAULT now())")
    details = {
        "new": {"source": "Diario Uno (ES)", "url": "https://diario.example/a?id=1",
                "as_written": "al menos 30", "reference_date": "2024-08-20",
                "sentence": "Al menos 30 personas murieron (según la ONG) en las protestas."},
        "old": {"source": "World Desk [EN]", "url": "javascript:alert(2)",
                "as_written": "25", "reference_date": "2024-08-05",
                "sentence": "- 25 people were killed, *officials* said <img src=x>."},
    }
    conn.execute("INSERT INTO alerts (id, kind, metric, rule, details) VALUES "
                 "(7, 'contradiction', 'killed', 'disjoint', ?)", [json.dumps(details)])
    md = alert_markdown(conn)
    html = MarkdownIt("commonmark").render(md)
    assert "\\" not in html, html                  # no escape shows through
    assert "&gt;" not in html.replace("&lt;img src=x&gt;", ""), html  # the quote is markup
    assert html.count("<blockquote>") == 2
    assert "(ES)" in html and "(según la ONG)" in html
    assert "<img" not in html and "javascript:" not in html.split("World Desk")[0][-80:]
    assert 'href="javascript' not in html
    assert "<em>officials</em>" not in html and "*officials*" in html
    assert html.index("earlier") < html.index("later")  # sides by the dates they refer to
    assert html.index("25") < html.index("al menos 30")
