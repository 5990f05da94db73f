"""Process and configuration faults, proved on real processes (issue 6).

Every test runs ``newstally`` as a subprocess against real loopback servers (the bundled
replay, a small hostile site in ``tests/fixtures/hostile/``, a webhook receiver) and real
DuckDB files in ``tmp_path``, and asserts what survived and what was recorded. Nothing is
monkeypatched. The subprocesses report to the session's Prefect test server
(``prefect_harness``; ``PREFECT_API_URL`` is passed on), which keeps a run at ~3 s instead
of ~10 s and lets the tests read the runs' logs and artifacts through the Prefect client.

Warehouses are compared on natural keys (URLs, spans, values), never on ids or times.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbq import q

from newstally.replay import ReplayServer
from warehouse.load import FAULT_PAUSE_ENV, FAULT_PAUSE_MARKER

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

REPLAY = Path(__file__).parents[1] / "newstally" / "replay"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
NEWSTALLY = Path(sys.executable).with_name("newstally")
SCRIPT = "<script>alert(1)</script>"
TOKENS = ("SECRET-TOKEN-123", "SECRET-TOKEN-456")


# ---------------------------------------------------------------------------- helpers



def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def flat(text: str) -> str:
    """Whitespace folded: rich wraps messages at 80 columns outside a terminal."""
    return " ".join(text.split())


#: Natural-key picture of a warehouse: every row of every table, without ids or times.
SNAPSHOT = {
    "sources": "SELECT name, url, kind, language, etag, last_modified, body_sha256 FROM sources",
    "feed_polls": "SELECT source, url, status, http_status, entries, new_entries, error "
                  "FROM feed_polls",
    "runs": "SELECT count(*) FROM runs",
    "pages": "SELECT canonical_url, content_sha256, url, final_url, source, http_status, "
             "content_type, encoding, outcome, reason, octet_length(raw_html_gz) > 0 FROM pages",
    "articles": """
        SELECT a.canonical_url, a.url, a.source, a.publisher, a.title, a.author,
               a.published_at, a.date_flag, a.language, a.text, a.text_sha256, a.is_seed,
               d.canonical_url, s.canonical_url, a.dedup_method, a.content_sha256,
               a.extractor_version
        FROM articles a LEFT JOIN articles d ON d.id = a.duplicate_of
        LEFT JOIN articles s ON s.id = a.story_id""",
    "article_signatures": """
        SELECT a.canonical_url, g.scheme, g.title_key, g.n_shingles, g.signature
        FROM article_signatures g JOIN articles a ON a.id = g.article_id""",
    "figures": """
        SELECT a.canonical_url, f.metric, f.value, f.qualifier, f.low, f.high, f.unit,
               f.attributed_to, f.as_of, f.period, f.sentence, f.span, f.span_start,
               f.span_end, f.language, f.content_sha256, f.extractor_version
        FROM figures f JOIN articles a ON a.id = f.article_id""",
    "alerts": """
        SELECT x.kind, x.metric, x.rule, x.message, x.status, x.delivered_at IS NULL,
               na.canonical_url, n.metric, n.span_start, oa.canonical_url, o.metric,
               o.span_start
        FROM alerts x
        JOIN figures n ON n.id = x.new_figure_id JOIN articles na ON na.id = n.article_id
        JOIN figures o ON o.id = x.old_figure_id JOIN articles oa ON oa.id = o.article_id""",
}


def snapshot(db: Path, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    return {t: sorted(q(db, sql), key=repr) for t, sql in SNAPSHOT.items() if t not in skip}


def counts(db: Path) -> dict[str, int]:
    return {t: q(db, f"SELECT count(*) FROM {t}")[0][0] for t in SNAPSHOT}


class Proc:
    """A ``newstally`` subprocess whose output goes to files the test can watch."""

    def __init__(self, args: list[str], env: dict[str, str], workdir: Path, name: str) -> None:
        self.out_path = workdir / f"{name}.stdout"
        self.err_path = workdir / f"{name}.stderr"
        with self.out_path.open("wb") as out, self.err_path.open("wb") as err:
            self.p = subprocess.Popen([str(NEWSTALLY), *args], env=env, cwd=workdir,
                                      stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        self.pid = self.p.pid

    @property
    def stdout(self) -> str:
        return self.out_path.read_text(encoding="utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        return self.err_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, text: str, timeout: float = 90) -> None:
        """Until ``text`` shows on standard error (whitespace folded)."""
        deadline = time.monotonic() + timeout
        while text not in flat(self.stderr):
            if self.p.poll() is not None:
                pytest.fail(f"exited {self.p.returncode} before printing {text!r}:\n"
                            f"{self.stdout}\n{self.stderr}")
            if time.monotonic() > deadline:
                self.p.kill()
                pytest.fail(f"no {text!r} after {timeout} s:\n{self.stderr}")
            time.sleep(0.05)

    def finish(self, timeout: float = 120) -> int:
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            pytest.fail(f"still running after {timeout} s:\n{self.stdout}\n{self.stderr}")

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Holder:
    """Another process holding a DuckDB connection to ``db`` until released."""

    CODE = ("import duckdb, sys\n"
            "con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro')\n"
            "con.execute('SELECT count(*) FROM information_schema.tables').fetchall()\n"
            "print('held', flush=True)\n"
            "sys.stdin.readline()\n"
            "con.close()\n")

    def __init__(self, db: Path, *, read_only: bool) -> None:
        self.p = subprocess.Popen([sys.executable, "-c", self.CODE, str(db),
                                   "ro" if read_only else "rw"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.p.stdout is not None and self.p.stdout.readline().strip() == "held"
        self.pid = self.p.pid

    def release(self) -> None:
        if self.p.poll() is None:
            assert self.p.stdin is not None
            self.p.stdin.write("\n")
            self.p.stdin.flush()
            self.p.wait(10)

    def __enter__(self) -> Holder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class Receiver:
    """A webhook receiver on 127.0.0.1 that records every POST (path, JSON body)."""

    def __init__(self) -> None:
        posts: list[tuple[str, Any]] = []
        self.posts = posts

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                posts.append((self.path, json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def to(self, path: str) -> list[Any]:
        return [body for p, body in self.posts if p.split("?")[0] == path]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port() -> int:
    """A loopback port nobody listens on (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def no_traceback(proc: Proc) -> None:
    assert "Traceback" not in proc.output, proc.output


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reliability")


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    """The subprocesses' environment: the harness's Prefect API, no politeness delay,
    no retries or re-fetches (the replay does not change), no operator settings."""
    import prefect.settings

    base = {k: v for k, v in os.environ.items() if not k.startswith("NEWSTALLY_")}
    return {**base, "PREFECT_API_URL": str(prefect.settings.PREFECT_API_URL.value()),
            "NEWSTALLY_HOST_DELAY": "0", "NEWSTALLY_RETRIES": "0",
            "NEWSTALLY_REFETCH_DAYS": "0", "NEWSTALLY_TIMEOUT": "5",
            "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="module")
def server() -> Iterator[ReplayServer]:
    with ReplayServer(REPLAY) as s:
        yield s


@pytest.fixture(scope="module")
def sources(server: ReplayServer, work: Path) -> Path:
    path = work / "sources.toml"
    text = (REPLAY / "sources.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("{{BASE}}", server.base_url), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.stop()


def run_args(sources: Path, db: Path) -> list[str]:
    return ["run", "--sources", str(sources), "--db", str(db), "--allow-host", "127.0.0.1"]


def newstally_run(sources: Path, db: Path, env: dict[str, str], workdir: Path, name: str,
                  **extra_env: str) -> Proc:
    return Proc(run_args(sources, db), {**env, **extra_env}, workdir, name)


@pytest.fixture(scope="module")
def baseline(sources: Path, env: dict[str, str], work: Path) -> tuple[Path, dict[str, Any]]:
    """One run that nobody interrupted: the warehouse every fault is compared with."""
    db = work / "baseline.duckdb"
    proc = newstally_run(sources, db, env, work, "baseline")
    assert proc.finish() == 0, proc.output
    snap = snapshot(db)
    assert len(snap["articles"]) > 10 and len(snap["figures"]) > 50 and snap["alerts"], snap
    return db, snap


# ---------------------------------------------------------------------------- 1. SIGKILL


def _with_env(entry: str) -> list[str]:
    """Live processes whose environment holds ``entry`` ("NAME=value"), with their command."""
    found = []
    for d in Path("/proc").glob("[0-9]*"):
        try:
            if entry.encode() in (d / "environ").read_bytes().split(b"\0") and \
                    (d / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                found.append(f"{d.name}: {(d / 'cmdline').read_bytes()[:120]!r}")
        except OSError:
            continue
    return found


def test_sigkill_in_the_middle_of_loading_leaves_nothing_half_written(
        sources, env, baseline, tmp_path):
    """Killed inside the load transaction (articles inserted, figures not yet): the next
    run completes and the warehouse equals the one of a run never interrupted."""
    db = tmp_path / "w.duckdb"
    hold = tmp_path / "hold-the-load"  # never removed: the run is killed in its pause
    hold.touch()
    killed = newstally_run(sources, db, env, tmp_path, "killed", **{FAULT_PAUSE_ENV: str(hold)})
    killed.wait_for(FAULT_PAUSE_MARKER)
    os.kill(killed.pid, signal.SIGKILL)
    assert killed.finish() == -signal.SIGKILL
    # its worker processes (and with them multiprocessing's fork server and resource
    # tracker) end too: no exit handler ran, so the workers watch the run's pid
    deadline = time.monotonic() + 20
    while (stayed := _with_env(f"{FAULT_PAUSE_ENV}={hold}")) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert not stayed, stayed

    # What the killed run left: the schema it migrated before loading, and no row at all.
    left = counts(db)
    assert left == dict.fromkeys(SNAPSHOT, 0), left

    again = newstally_run(sources, db, env, tmp_path, "again")
    assert again.finish() == 0, again.output
    assert "another newstally run is in progress" not in flat(again.stderr)  # lock freed

    after = snapshot(db)
    assert after == baseline[1]
    for table in ("articles", "figures", "pages", "article_signatures"):
        assert len(set(after[table])) == len(after[table]), f"duplicate rows in {table}"


# ---------------------------------------------------------------------------- 2. two runs


def test_two_runs_at_once_one_waits_and_nothing_is_added_twice(sources, env, baseline,
                                                               tmp_path):
    """A second run started while a first one is loading waits on the run lock, then finds
    everything held and adds nothing; a third that may wait only 1 s exits 3 naming the
    first one's PID. Nothing is corrupted: the warehouse equals a single run's."""
    db = tmp_path / "w.duckdb"
    hold = tmp_path / "hold-the-load"  # ``a`` pauses inside its load while this exists
    hold.touch()
    a = newstally_run(sources, db, env, tmp_path, "a", **{FAULT_PAUSE_ENV: str(hold)})
    a.wait_for(FAULT_PAUSE_MARKER)
    b = newstally_run(sources, db, env, tmp_path, "b")
    c = newstally_run(sources, db, env, tmp_path, "c", NEWSTALLY_LOCK_TIMEOUT="1")
    b.wait_for(f"another newstally run is in progress (pid {a.pid} since")
    assert c.finish() == 3, c.output
    no_traceback(c)
    last = flat(c.stderr).rsplit("Error: ", 1)[-1]
    assert "another newstally run is in progress" in last and f"pid {a.pid}" in last, last
    assert a.p.poll() is None and b.p.poll() is None  # both still there, b waiting
    hold.unlink()

    assert a.finish() == 0, a.output
    assert b.finish() == 0, b.output
    assert "another newstally run is in progress" not in flat(a.stderr)
    after = snapshot(db, skip=("feed_polls", "runs"))
    assert after == snapshot(baseline[0], skip=("feed_polls", "runs"))
    assert counts(db)["runs"] == 2  # a and b; c gave up before writing anything
    polls = q(db, "SELECT status, count(*) FROM feed_polls GROUP BY status ORDER BY status")
    assert polls == [("not_modified", 4), ("ok", 4)], polls  # b found it all held



def test_two_runs_at_once_on_a_feed_of_twenty_end_with_all_twenty(env, tmp_path):
    """Two `newstally run` processes started together on one warehouse and a feed of 20
    pages, 4 of which answer 503 the first time they are asked (a server under load):
    whichever run goes second retries those 4 although the feed is unchanged (304), so
    after both every article of the feed is held, once, and neither printed a traceback."""
    import loss_site as ls

    from newstally.replay import Reply

    root = tmp_path / "site"
    paths = ls.write_articles(root, range(1, 21))
    busy = set(paths[::5])  # 4 of 20
    ls.write_feed(root, "twenty.rss", [ls.item("{{BASE}}" + p, title=f"Venezuela arrests {i}")
                                       for i, p in enumerate(paths, start=1)])

    def page(req: Any) -> Reply:
        if req.path in busy and req.server.counter(req.path) == 1:
            return Reply(503, {"Content-Type": "text/plain"}, b"busy\n")
        return req.server.static(req.path, req.headers)

    db = tmp_path / "w.duckdb"
    with ReplayServer(root) as srv:
        srv.route("/sites/*", page)
        src = ls.write_sources(tmp_path / "s.toml", [
            ls.source_block("Twenty", srv.base_url + "/feeds/twenty.rss")])
        runs = [newstally_run(src, db, env, tmp_path, name) for name in ("a", "b")]
        for r in runs:
            assert r.finish() == 0, r.output
            no_traceback(r)
        asked = [r[1] for r in srv.requests if r[1].startswith("/sites/")]
    held = q(db, "SELECT canonical_url FROM articles WHERE NOT is_seed")
    assert len(held) == len(set(held)) == 20, held
    assert len(q(db, "SELECT DISTINCT canonical_url, content_sha256 FROM pages")) == \
        q(db, "SELECT count(*) FROM pages")[0][0]
    assert sorted(asked) == sorted(paths + list(busy))  # 4 asked twice, the rest once
    assert q(db, "SELECT status, count(*) FROM feed_polls GROUP BY 1 ORDER BY 1") == \
        [("not_modified", 1), ("ok", 1)]


# ---------------------------------------------------------------------------- 3. analyst


def test_an_analyst_connection_makes_the_run_wait_or_fail_naming_it(baseline, sources, env,
                                                                    tmp_path):
    """A read-only DuckDB connection held by another process: the run waits with back-off
    and completes once it closes; with NEWSTALLY_LOCK_TIMEOUT=1 it exits 3 naming the
    process, without a traceback, and the file is unchanged."""
    patient_db, impatient_db = tmp_path / "patient.duckdb", tmp_path / "impatient.duckdb"
    shutil.copy(baseline[0], patient_db)
    shutil.copy(baseline[0], impatient_db)
    before = counts(patient_db)
    impatient_sha = sha(impatient_db)
    with Holder(patient_db, read_only=True) as analyst, \
            Holder(impatient_db, read_only=True) as other:
        patient = newstally_run(sources, patient_db, env, tmp_path, "patient")
        impatient = newstally_run(sources, impatient_db, env, tmp_path, "impatient",
                                  NEWSTALLY_LOCK_TIMEOUT="1")
        patient.wait_for(f"the warehouse is locked by process {analyst.pid}")
        patient.wait_for("Waiting")
        analyst.release()
        assert patient.finish() == 0, patient.output

        assert impatient.finish() == 3, impatient.output
        assert other.p.poll() is None
    no_traceback(impatient)
    last = flat(impatient.stderr).rsplit("Error: ", 1)[-1]
    assert f"the warehouse is locked by process {other.pid}" in last, last
    assert "NEWSTALLY_LOCK_TIMEOUT" in last
    assert sha(impatient_db) == impatient_sha

    after = counts(patient_db)
    assert after["runs"] == before["runs"] + 1  # the run completed and was recorded
    assert after["feed_polls"] == before["feed_polls"] + 4
    assert {t: after[t] for t in ("articles", "figures", "alerts", "pages")} == \
        {t: before[t] for t in ("articles", "figures", "alerts", "pages")}


# ---------------------------------------------------------------------------- 4. sql


def test_sql_during_a_write_waits_then_answers_or_says_what_holds_the_file(baseline, env,
                                                                         tmp_path):
    """``newstally sql`` while another process holds the file read-write: exit 3 with the
    holder's PID when it may not wait; otherwise it waits, then answers. No traceback."""
    db = tmp_path / "w.duckdb"
    shutil.copy(baseline[0], db)
    expected = q(db, "SELECT count(*) FROM articles")[0][0]
    query = ["sql", "SELECT count(*) AS n FROM articles", "--db", str(db), "--format", "json"]
    with Holder(db, read_only=False) as writer:
        quick = Proc(query, {**env, "NEWSTALLY_LOCK_TIMEOUT": "0.5"}, tmp_path, "quick")
        assert quick.finish() == 3, quick.output
        no_traceback(quick)
        assert f"the warehouse is locked by process {writer.pid}" in flat(quick.stderr)
        assert quick.stdout == ""

        patient = Proc(query, env, tmp_path, "patient")
        patient.wait_for(f"the warehouse is locked by process {writer.pid}")
        writer.release()
        assert patient.finish() == 0, patient.output
    no_traceback(patient)
    assert json.loads(patient.stdout) == {"n": expected}


# ---------------------------------------------------------------------------- 5. sources


BROKEN_SOURCES = {
    "missing url": (
        '[topic]\nname = "t"\nterms = ["Venezuela"]\n\n'
        '[[source]]\nname = "Northbridge"\nkind = "rss"\nlanguage = "en"\n',
        ["source 'Northbridge'", "field 'url' is missing"],
    ),
    "unknown kind": (
        '[topic]\nname = "t"\nterms = ["Venezuela"]\n\n'
        '[[source]]\nname = "Agencia X"\nurl = "http://127.0.0.1:9/f.xml"\nkind = "rdf"\n'
        'language = "es"\n',
        ["source 'Agencia X'", "field 'kind' is 'rdf'", "expected rss, atom or google_news"],
    ),
    "bad TOML": (
        '[topic]\nname = "t"\nterms = ["Venezuela"]\n\n'
        '[[source]]\nname = "Unclosed\nurl = "http://127.0.0.1:9/f.xml"\n',
        ["sources.toml: not valid TOML", "line 6"],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_SOURCES))
def test_a_broken_sources_file_is_refused_and_the_database_untouched(case, baseline, env,
                                                                     tmp_path):
    """Exit 2 with a message naming the source and the field; a database that does not
    exist is not created, one that does stays byte-identical."""
    text, fragments = BROKEN_SOURCES[case]
    src = tmp_path / "sources.toml"
    src.write_text(text, encoding="utf-8")
    absent = tmp_path / "absent.duckdb"
    present = tmp_path / "present.duckdb"
    shutil.copy(baseline[0], present)
    digest, mtime = sha(present), present.stat().st_mtime_ns
    for db in (absent, present):
        proc = Proc(run_args(src, db), env, tmp_path, f"run-{db.stem}")
        assert proc.finish() == 2, proc.output
        no_traceback(proc)
        message = flat(proc.stderr)
        assert message.startswith("Error: "), message
        for fragment in fragments:
            assert fragment in message, (fragment, message)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("absent")]
    assert sha(present) == digest and present.stat().st_mtime_ns == mtime
    assert not Path(f"{present}.wal").exists() and not Path(f"{present}.run.lock").exists()


# ---------------------------------------------------------------------------- 6. --db


def _foreign(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (id INTEGER, name VARCHAR)")
    con.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace')")
    con.close()


def _damaged(path: Path, baseline_db: Path) -> None:
    shutil.copy(baseline_db, path)
    with path.open("r+b") as fh:  # the header blocks after the magic bytes
        fh.seek(4096)
        fh.write(bytes(range(256)) * 32)


BAD_DB = {
    "random bytes": ("not a DuckDB database",
                     lambda p, _b: p.write_bytes(os.urandom(1 << 16))),
    "someone else's tables": ("not a newstally warehouse (tables: customers", lambda p, _b: _foreign(p)),
    "damaged header": ("DuckDB cannot open it", _damaged),
}


@pytest.mark.parametrize("case", list(BAD_DB))
def test_a_corrupt_or_foreign_db_is_refused_and_left_byte_identical(case, baseline, sources,
                                                                    env, tmp_path):
    """``run`` and ``sql`` with such a --db: exit 2, a message naming the file, no
    traceback, and the file (and its directory) as they were."""
    expected, make = BAD_DB[case]
    db = tmp_path / "given.duckdb"
    make(db, baseline[0])
    digest, listing = sha(db), sorted(p.name for p in tmp_path.iterdir())
    for name, args in (("run", run_args(sources, db)),
                       ("sql", ["sql", "SELECT 1", "--db", str(db)])):
        proc = Proc(args, env, tmp_path, name)
        listing.extend([f"{name}.stdout", f"{name}.stderr"])
        assert proc.finish() == 2, (name, proc.output)
        no_traceback(proc)
        message = flat(proc.stderr)
        assert message.startswith(f"Error: {db}: "), message
        assert expected in message and "left untouched" in message, message
        assert sha(db) == digest, name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(listing)


# ---------------------------------------------------------------------------- 7. secrets


def _prefect_logs_and_artifacts(flow_run_id: str) -> tuple[list[str], list[str]]:
    """Every log line (flow and task runs) and artifact of a flow run, from the API."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        LogFilter,
        LogFilterFlowRunId,
    )

    rid = uuid.UUID(flow_run_id)
    log_filter = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[rid]))
    with get_client(sync_client=True) as client:
        lines: list[str] = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the last lines may still be on their way
            now = [entry.message for entry in client.read_logs(log_filter=log_filter)]
            if now and now == lines:
                break
            lines = now
            time.sleep(0.3)
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[rid])))
        run = client.read_flow_run(rid)
    texts = [(a.data if isinstance(a.data, str) else json.dumps(a.data, default=str))
             + "\n" + (a.description or "") for a in artifacts]
    texts.append(json.dumps(run.parameters, default=str))
    return lines, texts


def _text_columns_containing(db: Path, needle: str) -> list[str]:
    """Every table column (cast to text) of the warehouse in which ``needle`` occurs."""
    hits = []
    columns = q(db, "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal "
                    "AND schema_name = 'main' AND data_type NOT IN ('BLOB')")
    for table, column in columns:
        n = q(db, f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS VARCHAR) LIKE ?',
              [f"%{needle}%"])[0][0]
        if n:
            hits.append(f"{table}.{column}")
    return hits


def test_secrets_stay_out_of_output_warehouse_and_prefect_and_alerts_are_retried(
        sources, env, receiver, tmp_path):
    """Channels with tokens in their URLs, unreachable: the run completes, the alerts stay
    pending, and no token shows anywhere. Once a real receiver listens, the next run
    delivers every alert exactly once, and the run after that sends nothing again."""
    db = tmp_path / "w.duckdb"
    dead = closed_port()
    secret_env = {"NEWSTALLY_WEBHOOK_URL": f"http://127.0.0.1:{dead}/hook/{TOKENS[0]}",
                  "NEWSTALLY_APPRISE_URLS": f"json://127.0.0.1:{dead}/{TOKENS[1]}"}
    first = newstally_run(sources, db, env, tmp_path, "first", **secret_env)
    assert first.finish() == 0, first.output
    pending = q(db, "SELECT id, delivered_at, delivery_attempts, delivery_error FROM alerts "
                    "WHERE status <> 'review'")
    assert pending and all(r[1] is None and r[2] == 1 and r[3] for r in pending), pending
    held = q(db, "SELECT delivery_attempts FROM alerts WHERE status = 'review'")
    assert all(r == (0,) for r in held), held  # held for review: never sent to a channel
    assert "could not be delivered" in flat(first.stdout)
    assert f"127.0.0.1:{dead}/***" in pending[0][3]  # the channel is named, redacted
    assert f"webhook http://127.0.0.1:{dead}/***" in first.stderr  # and logged, redacted

    receiver.posts.clear()
    live = {"NEWSTALLY_WEBHOOK_URL": receiver.url(f"/hook/{TOKENS[0]}"),
            "NEWSTALLY_APPRISE_URLS": f"json://127.0.0.1:{receiver.port}/apprise/{TOKENS[1]}"}
    second = newstally_run(sources, db, env, tmp_path, "second", **live)
    assert second.finish() == 0, second.output
    third = newstally_run(sources, db, env, tmp_path, "third", **live)
    assert third.finish() == 0, third.output

    ids = sorted(r[0] for r in pending)
    hooks = receiver.to(f"/hook/{TOKENS[0]}")
    assert sorted(p["id"] for p in hooks) == ids  # each alert exactly once, none again
    apprise = receiver.to(f"/apprise/{TOKENS[1]}")
    assert len(apprise) == len(ids) and all(p.get("message") for p in apprise)
    done = q(db, "SELECT delivered_at IS NOT NULL, delivery_error FROM alerts "
                 "WHERE status <> 'review'")
    assert done and all(r == (True, None) for r in done), done

    runs = [r[0] for r in q(db, "SELECT id FROM runs ORDER BY started_at")]
    assert len(runs) == 3
    for token in TOKENS:
        for proc in (first, second, third):
            assert token not in proc.output, (proc.out_path.name, token)
        assert _text_columns_containing(db, token) == [], token
    for n, run_id in enumerate(runs):
        lines, artifacts = _prefect_logs_and_artifacts(run_id)
        failures = [m for m in lines if "not delivered; they stay pending" in m]
        assert len(failures) == (1 if n == 0 else 0), lines  # the operator sees it in Prefect
        if n == 0:
            assert f"webhook http://127.0.0.1:{dead}/***" in failures[0]
        for token in TOKENS:
            assert not [m for m in lines if token in m], token
            assert not [a for a in artifacts if token in a], token


# ---------------------------------------------------------------------------- 8. markup


def test_markup_in_titles_and_text_is_stored_as_text_and_escaped_where_shown(
        env, receiver, tmp_path):
    """A feed and page whose title and body carry ``<script>``, an ``<img onerror>`` and
    Markdown specials, with a death toll (12) that contradicts the seed's "at least 28":
    stored as the text a reader sees; plain text in the webhook JSON; escaped in the
    Prefect Markdown artifact, in Apprise's Markdown and HTML bodies and in the HTML
    report."""
    db = tmp_path / "w.duckdb"
    receiver.posts.clear()
    with ReplayServer(HOSTILE) as site:
        src = tmp_path / "sources.toml"
        src.write_text((HOSTILE / "sources.toml").read_text(encoding="utf-8")
                       .replace("{{BASE}}", site.base_url), encoding="utf-8")
        channels = {
            "NEWSTALLY_WEBHOOK_URL": receiver.url("/hostile/hook"),
            "NEWSTALLY_APPRISE_URLS": (
                f"json://127.0.0.1:{receiver.port}/hostile/md?format=markdown,"
                f"json://127.0.0.1:{receiver.port}/hostile/html?format=html"),
        }
        proc = newstally_run(src, db, env, tmp_path, "hostile", **channels)
        assert proc.finish() == 0, proc.output

    # Stored as text: the title and sentence as a reader sees them; page scripts dropped.
    title, text = q(db, "SELECT title, text FROM articles WHERE canonical_url LIKE "
                        "'%ministry-count-of-protest-deaths.html'")[0]
    assert SCRIPT in title and "*12* | [see](javascript:alert(2)) &" in title, title
    assert SCRIPT in text and "pageScriptRan" not in text and "hijacked" not in text
    rows = q(db, """
        SELECT x.id, n.value, o.value FROM alerts x
        JOIN figures n ON n.id = x.new_figure_id JOIN figures o ON o.id = x.old_figure_id
        WHERE x.metric = 'killed' AND x.kind = 'contradiction'""")
    # (pipeline/figures.py also reads the digits of "alert(1)" etc. as tolls; see
    # test_digits_inside_code_are_not_figures below)
    tolls = [r[0] for r in rows if (r[1], r[2]) == (12, 28)]
    assert tolls, rows
    alert_id = tolls[0]

    # Webhook: JSON, the text as it is (a JSON string needs no HTML escaping).
    hook = [p for p in receiver.to("/hostile/hook") if p["id"] == alert_id]
    assert len(hook) == 1
    assert SCRIPT in hook[0]["message"] and SCRIPT in hook[0]["details"]["new"]["sentence"]
    assert "&lt;" not in hook[0]["message"]

    # Apprise, Markdown: every special backslash-escaped, so no tag and no link survive.
    md = [p["message"] for p in receiver.to("/hostile/md") if f"alert {alert_id}" in p["message"]]
    assert len(md) == 1, receiver.posts
    assert not re.search(r"(?<!\\)[<&]", md[0]), md[0]  # no unescaped < or &
    assert r"\<script\>alert\(1\)\</script\>" in md[0]
    assert "](javascript" not in md[0] and r"\]\(javascript:alert\(2\)\)" in md[0]
    # Apprise, HTML: entities.
    body = [p["message"] for p in receiver.to("/hostile/html")
            if f"alert {alert_id}" in p["message"]]
    assert len(body) == 1
    assert "<script" not in body[0] and "<img" not in body[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body[0]

    # The Prefect Markdown artifact of the run (warehouse.report.alert_markdown).
    run_id = q(db, "SELECT id FROM runs")[0][0]
    _, artifacts = _prefect_logs_and_artifacts(run_id)
    digest = [a for a in artifacts if "new alert(s)" in a]
    assert len(digest) == 1, artifacts
    assert "<script" not in digest[0] and "<img" not in digest[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in digest[0]
    assert "](javascript" not in digest[0]

    # The HTML report an analyst opens in a browser.
    report = tmp_path / "report.html"
    out = Proc(["report", "--db", str(db), "--out", str(report)], env, tmp_path, "report")
    assert out.finish() == 0, out.output
    html = report.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower() and "<img" not in html.lower()


def test_digits_inside_code_are_not_figures():
    """A hostile page must not plant figures (and alerts) through code-like tokens."""
    from pipeline.figures import extract_figures

    text = ("The ministry said 12 people were killed in the protests "
            "<script>alert(1)</script> and <img src=x onerror=alert(3)>.")
    assert [(f.metric, f.value) for f in extract_figures(text, language="en")] == [("killed", 12)]
