"""The ``newstally`` command line. Library errors become ClickExceptions with exit codes."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.errors import ConfigError, NewstallyError
from pipeline.settings import SETTINGS, prefect_defaults, resolve

prefect_defaults()

F = TypeVar("F", bound=Callable[..., Any])
# Outside a terminal (pipes, CI logs) rich would wrap tables at 80 columns: use 160.
console = Console(stderr=False, highlight=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, highlight=False)


class CLIError(click.ClickException):
    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def errors() -> Iterator[None]:
    """Turn library errors into one clear line and an exit code, never a traceback."""
    try:
        yield
    except NewstallyError as exc:
        raise CLIError(str(exc), exc.exit_code) from None


def db_option(f: F) -> F:
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False), default=None,
        help="DuckDB warehouse file [env NEWSTALLY_DB; default warehouse/newstally.duckdb].",
    )(f)


def _db(db: str | None) -> str:
    return str(resolve({"db": db})["db"])


def _lock_timeout() -> float:
    return float(resolve()["lock_timeout"])


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, bytes):
        return f"<{len(v)} bytes>"
    return v


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table",
               *, title: str | None = None, out: Any = None, count: bool = True) -> None:
    """Print query results as a rich table, CSV (LF line ends), JSON lines or one JSON array."""
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_jsonable(v) for v in r])
        click.echo(buf.getvalue(), nl=False)
        return
    if fmt == "json":
        for r in rows:
            click.echo(json.dumps({c: _jsonable(v) for c, v in zip(columns, r, strict=True)},
                                  ensure_ascii=False))
        return
    if fmt == "json-array":
        click.echo(json.dumps([{c: _jsonable(v) for c, v in zip(columns, r, strict=True)}
                               for r in rows], ensure_ascii=False, indent=1))
        return
    # Values are data, never Rich markup: "[security forces]" must print as written.
    table = Table(title=escape(title) if title else None, show_lines=False)
    for c in columns:
        table.add_column(escape(str(c)), overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else escape(str(_jsonable(v))) for v in r])
    (out or console).print(table)
    if count:
        (out or console).print(f"{len(rows)} row(s)")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="newstally")
def main() -> None:
    """newstally: track the figures the news reports about one story, and alert on contradictions.

    Start with `newstally demo` (offline), then `newstally run` on the real feeds.
    """


# ------------------------------------------------------------------------------ run


@main.command()
@click.option("--sources", type=click.Path(dir_okay=False), default=None,
              help="Sources file (TOML) [env NEWSTALLY_SOURCES; default seeds/sources.toml].")
@db_option
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Let the fetcher reach this private/loopback host (tests, local mirrors). "
                   "Repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option("--dask", "dask", metavar="ADDRESS", default=None,
              help="Fetch and extract the pages on this Dask scheduler (tcp://host:8786); the "
                   "warehouse is loaded here [env NEWSTALLY_DASK_ADDRESS].")
def run(sources: str | None, db: str | None, allow_hosts: tuple[str, ...], as_json: bool,
        dask: str | None) -> None:
    """Run one ingestion now and print a summary.

    Exit 0 when the run completed, even if some feeds failed (see the summary);
    2 for a bad sources file; 3 when the warehouse stayed locked; 4 when every feed
    failed; 5 when the Prefect API stopped answering; 130 on Ctrl-C or SIGTERM.
    """
    from pipeline.sources import load_sources
    from warehouse.db import check_warehouse

    with errors():
        settings = resolve({"sources": sources, "db": db})
        load_sources(settings["sources"])  # refuse a bad file before starting anything
        check_warehouse(settings["db"])  # and a corrupt or foreign --db, left untouched
        new = Path(settings["db"])
        if not new.exists() or new.stat().st_size == 0:
            err_console.print(f"No warehouse at {new.resolve()}: creating a new one there "
                              "(and its folder).", markup=False, highlight=False)
        summary = _run_flow(settings["sources"], settings["db"], list(allow_hosts),
                            dask_address=dask)
    if as_json:
        click.echo(json.dumps(summary, default=str, indent=2))
    else:
        print_summary(summary, settings["db"])


def _run_flow(sources: str, db: str, allow_hosts: list[str], base_url: str | None = None,
              overrides: dict[str, Any] | None = None,
              dask_address: str | None = None) -> dict[str, Any]:
    """Run the ingest flow through Prefect; unexpected failures become one clear line.

    A run in which every feed failed ends Failed in Prefect: its summary is printed, then
    the CLI exits 4. Ctrl-C / SIGTERM (exit 130) and a Prefect API that stops answering
    (exit 5) end the process at once with one line (see :mod:`newstally.interrupt`). The
    temporary Prefect server started for the run is stopped once it has written the run
    (see :mod:`newstally.tempserver`)."""
    from flows.ingest import AllFeedsFailedError, ingest, set_progress
    from newstally.interrupt import interruptible
    from newstally.tempserver import stopped_once_recorded

    _quiet_expected_tracebacks()
    with stopped_once_recorded(), interruptible(), _progress_bar() as progress:
        set_progress(progress)
        try:
            result: dict[str, Any] = ingest(sources=sources, db=db, allow_hosts=allow_hosts,
                                            base_url=base_url, overrides=overrides,
                                            dask_address=dask_address)
        except AllFeedsFailedError as exc:
            set_progress(None)
            if exc.summary:
                print_summary(exc.summary, db)
            raise CLIError(str(exc), exc.exit_code) from None
        except NewstallyError:
            raise
        except Exception as exc:
            raise CLIError(f"the ingest run failed: {type(exc).__name__}: {exc}") from exc
        finally:
            set_progress(None)
    return result


class _ExpectedErrorFilter(logging.Filter):
    """Drops the traceback of the library's own errors from Prefect's console lines.

    Prefect logs a failed task or flow run with its traceback. For a NewstallyError (a
    locked or foreign warehouse …) the message already names the thing and the fix, and the
    CLI repeats it as its last line, so the terminal gets no traceback; the Prefect API's
    copy of the log (its handler runs first) keeps it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NewstallyError):
            record.exc_info = None
            record.exc_text = None
        return True


def _quiet_expected_tracebacks() -> None:
    from prefect.logging.handlers import PrefectConsoleHandler

    for name in (None, "prefect"):
        for h in logging.getLogger(name).handlers:
            if isinstance(h, PrefectConsoleHandler) and not any(
                    isinstance(f, _ExpectedErrorFilter) for f in h.filters):
                h.addFilter(_ExpectedErrorFilter())


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar per stage in a terminal; nothing at all in logs and pipes."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    tasks: dict[str, Any] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True) as bar:

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield update


def delivery_line(d: dict[str, Any], environ: dict[str, str] | None = None) -> str:
    """One line: how many alerts went where (channels redacted), or that none is configured."""
    from pipeline.alerts import channels_from_env

    where = channels_from_env(os.environ if environ is None else environ).describe()
    events = f"; {d.get('events', 0)} Prefect event(s)"
    if not where:
        return (f"alerts: {d['pending']} new, no channel configured (set NEWSTALLY_WEBHOOK_URL "
                f"or NEWSTALLY_APPRISE_URLS){events}")
    return (f"alerts: {d.get('delivered', 0)} of {d['pending']} delivered to "
            f"{', '.join(where)}{events}")


def print_summary(summary: dict[str, Any], db: str) -> None:
    from warehouse.report import summary_rows

    rows = summary_rows(summary)
    cols = list(rows[0].keys())
    print_rows(cols, [[r[c] for c in cols] for r in rows], title="newstally run", count=False)
    t = summary["totals"]
    d = summary.get("delivery") or {}
    console.print(
        f"{t['new_articles']} new article(s), {t['duplicates']} duplicate(s), "
        f"{t['rejected']} rejected, {t['figures']} figure(s), {t['alerts']} alert(s)"
        + (f", {t['revisions']} revised page(s)" if t.get("revisions") else "")
        + (f", {t['seed_articles']} seed article(s) loaded" if t.get("seed_articles") else "")
        + f" in {summary.get('duration_s')} s → {db}",
        markup=False, highlight=False,
    )
    if d.get("pending"):
        console.print(delivery_line(d), markup=False, highlight=False)
    if d.get("failed"):
        console.print(f"[yellow]{d['failed']} alert(s) could not be delivered; they will be "
                      f"retried on the next run: {escape('; '.join(d.get('errors', [])))}[/yellow]")
    if t.get("prefiltered"):
        console.print(f"{t['prefiltered']} entr{'y' if t['prefiltered'] == 1 else 'ies'} skipped "
                      "unfetched by the topic pre-filter (title and summary name no topic term): "
                      "`newstally skipped` lists them, `--retake URL` fetches one next run",
                      markup=False, highlight=False)
    if t["feeds_failed"]:
        console.print(f"[yellow]{t['feeds_failed']} feed(s) failed; see the errors column and "
                      "`newstally sql \"SELECT * FROM feed_polls WHERE status = 'error'\"`[/yellow]")


# ------------------------------------------------------------------------------ demo


@main.command()
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="Demo database, recreated each time [default warehouse/demo.duckdb].")
@click.option("--serve", "serve_only", is_flag=True,
              help="Only serve the replay on 127.0.0.1 (until Ctrl-C) and write a sources file "
                   "for `newstally serve` or a worker to ingest it.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port of the replay server with --serve (0: any free port).")
@click.option("--write", "write_to", type=click.Path(dir_okay=False), default=None,
              help="Where --serve writes the sources file [default warehouse/replay-sources.toml].")
def demo(db: str | None, serve_only: bool, port: int, write_to: str | None) -> None:
    """Run the whole pipeline offline against the bundled replay, then show what it found.

    Feeds and pages are served from 127.0.0.1; the demo database starts clean each time.
    With --serve, nothing is run: the replay is served until Ctrl-C, for a scheduled run
    to ingest (`newstally serve --sources warehouse/replay-sources.toml --interval 60`).
    """
    from newstally.demo import run_demo
    from pipeline.settings import REPO_ROOT

    if serve_only:
        _serve_replay(port, Path(write_to) if write_to else
                      REPO_ROOT / "warehouse" / "replay-sources.toml")
        return
    path = Path(db) if db else REPO_ROOT / "warehouse" / "demo.duckdb"
    with errors():
        summary = run_demo(path, echo=lambda m: console.print(m, markup=False, highlight=False),
                           runner=lambda **kw: _run_flow(**kw))
        print_summary(summary, str(path))
        from warehouse.db import reader

        with reader(path, lock_timeout=_lock_timeout()) as conn:
            cur = conn.execute(
                """
                SELECT coalesce(a.publisher, a.source) AS source,
                       CAST(a.published_at AS DATE) AS published, f.metric, f.span AS said,
                       f.value, f.qualifier, f.attributed_to
                FROM figures f JOIN articles a ON a.id = f.article_id
                WHERE f.metric <> 'other'
                ORDER BY f.metric, a.published_at, f.id
                """
            )
            print_rows([d[0] for d in cur.description], cur.fetchall(),
                       title="Figures found (metric 'other' hidden)")
            cur = conn.execute("SELECT id, kind, message FROM alerts ORDER BY id")
            rows = cur.fetchall()
    console.print(f"\n[bold]{len(rows)} alert(s)[/bold]")
    for aid, kind, message in rows:
        console.print(f"\n[bold]alert {aid} ({kind})[/bold]")
        console.print(message, markup=False)
    console.print(
        f"\nExplore it: newstally sql --db {path} \"SELECT * FROM figures LIMIT 5\"  ·  "
        f"newstally alerts --db {path}  ·  newstally figures --db {path} --metric killed",
        markup=False, highlight=False,
    )


def _serve_replay(port: int, sources_path: Path) -> None:
    """`demo --serve`: serve the replay until SIGINT/SIGTERM; exit 0 when stopped."""
    import signal
    import threading

    from newstally.demo import REPLAY_DIR, write_served_sources
    from newstally.replay import ReplayServer

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        server_cm = ReplayServer(REPLAY_DIR, port=port)
    except OSError as exc:
        raise CLIError(f"cannot serve the replay on 127.0.0.1:{port}: {exc.strerror or exc}; "
                       "pick another --port (0: any free port)") from None
    with server_cm as server:
        path = write_served_sources(server.base_url, sources_path)
        say = lambda m: err_console.print(m, markup=False, highlight=False)  # noqa: E731
        say(f"replay served at {server.base_url} (Ctrl-C to stop)")
        say(f"sources file: {path}")
        say(f"  newstally serve --sources {path} --interval 60")
        say(f"  or NEWSTALLY_SOURCES={path} for a prefect.yaml worker")
        sys.stderr.flush()
        while not stop.wait(0.2):
            pass
    say("replay server stopped")


# ------------------------------------------------------------------------------ sql


@main.command()
@click.argument("query")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "json-array"]),
              default="table", show_default=True, help="Output format: json is JSON lines (one object a line), json-array one JSON array; csv ends lines with LF.")
@click.option("--allow-export", "allow_export", type=click.Path(file_okay=False), default=None,
              metavar="DIR", help="Let COPY ... TO write files under DIR (nothing else is "
                                  "reachable; the file system is closed to the query otherwise).")
def sql(query: str, db: str | None, fmt: str, allow_export: str | None) -> None:
    """Run a read-only SQL QUERY against the warehouse.

    The query reaches the warehouse only: reading or writing other files (read_csv,
    COPY ... TO, ATTACH) is refused, except COPY TO under --allow-export DIR.
    Waits (with back-off) while an ingestion run holds the file. Example:

      newstally sql "SELECT metric, count(*) FROM figures GROUP BY metric"
    """
    import duckdb

    from warehouse.db import reader

    with errors(), reader(_db(db), lock_timeout=_lock_timeout(),
                          on_wait=lambda m: err_console.print(f"[yellow]{escape(m)}[/yellow]")) as conn:
        if allow_export:
            out = Path(allow_export).resolve()
            out.mkdir(parents=True, exist_ok=True)
            conn.execute("SET allowed_directories = $dirs", {"dirs": [str(out) + "/"]})
        # One-way switch: once off, the query cannot turn it back on.
        conn.execute("SET enable_external_access = false")
        try:
            cur = conn.execute(query)
        except duckdb.PermissionException as exc:
            where = (f"only files under {allow_export} may be written"
                     if allow_export else "pass --allow-export DIR to let COPY ... TO write there")
            raise CLIError(f"SQL refused: `newstally sql` reaches the warehouse only, not other "
                           f"files ({exc}); {where}, or use `newstally export`.") from None
        except duckdb.Error as exc:
            raise CLIError(f"SQL error: {exc}".strip()) from None
        if cur.description is None:
            return
        cols = [d[0] for d in cur.description]
        print_rows(cols, cur.fetchall(), fmt)


# ------------------------------------------------------------------------------ extract-figures


@main.command("extract-figures")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--language", type=click.Choice(["en", "es"]), default=None,
              help="Language of the text (detected when omitted).")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Publication date (YYYY-MM-DD), to resolve 'on Monday', 'al 23/12'.")
def extract_figures_cmd(file: Any, language: str | None, published: datetime | None) -> None:
    """Print the figures of one text (FILE, or - for standard input) as JSON lines."""
    from pipeline.figures import extract_figures

    text = file.read()
    for f in extract_figures(text, language=language,
                             published=published.date() if published else None):
        click.echo(json.dumps(f.to_json(), ensure_ascii=False))


# ------------------------------------------------------------------------------ figures / alerts


@main.command()
@db_option
@click.option("--metric", default=None, help="Only this metric (killed, released, …).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only articles published on or after this date.")
@click.option("--source", default=None, help="Only this source or publisher (substring).")
@click.option("--all", "include_copies", is_flag=True,
              help="Include figures of duplicate articles (hidden by default).")
@click.option("--limit", default=100, show_default=True, help="Most rows shown.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "json-array"]), default="table",
              show_default=True, help="Output format: json is JSON lines (one object a line), json-array one JSON array; csv ends lines with LF.")
def figures(db: str | None, metric: str | None, since: datetime | None, source: str | None,
            include_copies: bool, limit: int, fmt: str) -> None:
    """List figures with their article, source and date, newest first."""
    from warehouse.db import reader

    where, params = ["true"], []
    if metric:
        where.append("f.metric = ?")
        params.append(metric)
    if since:
        where.append("a.published_at >= ?")
        params.append(since)
    if source:
        where.append("(a.source ILIKE ? OR a.publisher ILIKE ?)")
        params += [f"%{source}%", f"%{source}%"]
    if not include_copies:
        where.append("a.duplicate_of IS NULL")
    q = f"""
        SELECT f.id, CAST(a.published_at AS DATE) AS published, f.metric, f.span AS said,
               f.value, f.qualifier, f.unit, f.attributed_to, f.as_of,
               coalesce(a.publisher, a.source) AS source, f.sentence
        FROM figures f JOIN articles a ON a.id = f.article_id
        WHERE {' AND '.join(where)}
        ORDER BY a.published_at DESC NULLS LAST, f.id
        LIMIT {int(limit)}
    """
    with errors(), reader(_db(db), lock_timeout=_lock_timeout()) as conn:
        cur = conn.execute(q, params)
        print_rows([d[0] for d in cur.description], cur.fetchall(), fmt)


@main.group(invoke_without_command=True)
@db_option
@click.option("--status", type=click.Choice(["open", "review", "acknowledged", "disputed", "all"]),
              default="all", show_default=True, help="Only alerts with this status.")
@click.option("--review", is_flag=True,
              help="List the conflicts held for review (never sent to a channel) and why.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "json-array"]), default="table",
              show_default=True, help="Output format: json is JSON lines (one object a line), json-array one JSON array; csv ends lines with LF.")
@click.pass_context
def alerts(ctx: click.Context, db: str | None, status: str, review: bool, fmt: str) -> None:
    """List alerts (contradictions and revisions); `alerts ack|dispute ID` to triage."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand:
        return
    from warehouse.db import reader

    if review:
        with errors(), reader(_db(db), lock_timeout=_lock_timeout()) as conn:
            cur = conn.execute(
                "SELECT alert_id, kind, metric, rule, new_as_written, new_source, old_as_written, "
                "old_source, held_reason FROM v_possible_conflicts ORDER BY alert_id")
            print_rows([d[0] for d in cur.description], cur.fetchall(), fmt)
        return

    where = "" if status == "all" else "WHERE x.status = ?"
    q = f"""
        SELECT x.id, x.kind, x.metric, x.rule, x.status,
               n.span AS new_said, coalesce(na.publisher, na.source) AS new_source,
               o.span AS old_said, coalesce(oa.publisher, oa.source) AS old_source,
               g.new_side_articles AS new_articles, g.old_side_articles AS old_articles,
               CAST(x.created_at AS DATE) AS raised,
               CASE WHEN x.status = 'review' THEN 'held for review'
                    WHEN x.delivered_at IS NULL THEN 'pending'
                    WHEN d.channels IS NULL THEN 'no channel configured'
                    ELSE 'delivered to ' || d.channels END AS delivery
        FROM alerts x
        JOIN figures n ON n.id = x.new_figure_id JOIN articles na ON na.id = n.article_id
        JOIN figures o ON o.id = x.old_figure_id JOIN articles oa ON oa.id = o.article_id
        LEFT JOIN (SELECT alert_id, string_agg(split_part(channel, ':', 1), ', '
                                               ORDER BY channel) AS channels
                   FROM alert_deliveries GROUP BY alert_id) d ON d.alert_id = x.id
        LEFT JOIN v_alert_groups g ON g.alert_id = x.id
        {where} ORDER BY x.id
    """
    with errors(), reader(_db(db), lock_timeout=_lock_timeout()) as conn:
        cur = conn.execute(q, [] if status == "all" else [status])
        print_rows([d[0] for d in cur.description], cur.fetchall(), fmt)


def _set_status(ctx: click.Context, alert_id: int, status: str, note: str | None,
                db: str | None = None) -> None:
    from warehouse.db import writer
    from warehouse.load import set_alert_status

    with errors(), writer(_db(db or ctx.obj.get("db")), lock_timeout=_lock_timeout()) as conn:
        if not set_alert_status(conn, alert_id, status, note):
            raise CLIError(f"alert {alert_id}: no such alert; list them with `newstally alerts`")
    click.echo(f"alert {alert_id}: {status}")


@alerts.command("ack")
@click.argument("alert_id", type=int)
@click.option("--note", default=None, help="Why (kept with the alert).")
@db_option
@click.pass_context
def alerts_ack(ctx: click.Context, alert_id: int, note: str | None, db: str | None) -> None:
    """Mark alert ALERT_ID acknowledged."""
    _set_status(ctx, alert_id, "acknowledged", note, db)


@alerts.command("dispute")
@click.argument("alert_id", type=int)
@click.option("--note", default=None, help="Why (kept with the alert).")
@db_option
@click.pass_context
def alerts_dispute(ctx: click.Context, alert_id: int, note: str | None, db: str | None) -> None:
    """Mark alert ALERT_ID disputed (the analyst thinks it is wrong)."""
    _set_status(ctx, alert_id, "disputed", note, db)


@alerts.command("show")
@click.argument("alert_id", type=int)
@db_option
@click.pass_context
def alerts_show(ctx: click.Context, alert_id: int, db: str | None) -> None:
    """Print alert ALERT_ID's full message with both sentences and links."""
    from warehouse.db import reader

    with errors(), reader(_db(db or ctx.obj.get("db")), lock_timeout=_lock_timeout()) as conn:
        rows = conn.execute("SELECT message FROM alerts WHERE id = ?", [alert_id]).fetchall()
    if not rows:
        raise CLIError(f"alert {alert_id}: no such alert; list them with `newstally alerts`")
    click.echo(rows[0][0])


# ------------------------------------------------------------------------------ serve


@main.command()
@click.option("--cron", default=None, metavar="EXPR",
              help="Schedule as a cron expression, in UTC [env NEWSTALLY_CRON; default "
                   "'*/30 * * * *', every 30 minutes].")
@click.option("--interval", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
              help="Run every SECONDS instead of on a cron schedule (tests, quick checks).")
@click.option("--sources", type=click.Path(dir_okay=False), default=None,
              help="Sources file (TOML) [env NEWSTALLY_SOURCES; default seeds/sources.toml].")
@db_option
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Let the fetcher reach this private/loopback host. Repeatable.")
@click.option("--port", default=4200, show_default=True,
              help="Port of the local Prefect server started when PREFECT_API_URL is unset.")
def serve(cron: str | None, interval: float | None, sources: str | None, db: str | None,
          allow_hosts: tuple[str, ...], port: int) -> None:
    """Serve the ingest deployment on a schedule; runs never overlap.

    Uses the Prefect server in PREFECT_API_URL (exit 1 with a message when it does not
    answer). When it is unset, starts a local one on 127.0.0.1:PORT (SQLite in
    PREFECT_HOME, telemetry off; the first start creates its database and takes up to
    half a minute), waits until it is healthy, and stops it on exit. The deployment is
    ingest/newstally-serve, with concurrency limit 1. Stop with Ctrl-C or SIGTERM.

    \b
      newstally serve                       # every 30 minutes
      newstally serve --cron "0 * * * *"    # every hour, on the hour (UTC)
      newstally serve --interval 60         # every minute
    """
    from newstally.serve import serve_ingest

    if cron is not None and interval is not None:
        raise CLIError("give --cron or --interval, not both", 2)
    with errors():
        settings = resolve({"cron": cron, "sources": sources, "db": db})
        from pipeline.sources import load_sources

        load_sources(settings["sources"])
        if cron is None and interval is None and os.environ.get("NEWSTALLY_CRON"):
            from newstally.serve import check_schedule

            try:  # name the setting the operator actually wrote, not --cron
                check_schedule(settings["cron"], None)
            except ConfigError as exc:
                raise ConfigError(str(exc).replace("--cron", "NEWSTALLY_CRON", 1)) from None
        serve_ingest(cron=settings["cron"], interval=interval, sources=str(settings["sources"]),
                     db=str(settings["db"]), allow_hosts=list(allow_hosts), port=port,
                     echo=lambda m: err_console.print(m, markup=False, highlight=False))


# ------------------------------------------------------------------------------ settings


@main.command("settings")
def settings_cmd() -> None:
    """Show every setting, its environment variable, default and current value."""
    values = resolve()
    rows = []
    for s in SETTINGS:
        v = values[s.name]
        shown = ("(set)" if v else "(unset)") if s.secret else v
        rows.append([s.name, s.env, "" if s.secret else s.default, shown, s.help])
    print_rows(["setting", "environment", "default", "current", "help"], rows)


from newstally.analyst import register; register(main)  # noqa: E402, E702, I001


def _entry() -> None:  # pragma: no cover - thin wrapper for `python -m newstally`
    main(prog_name="newstally")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_entry())  # type: ignore[func-returns-value]

