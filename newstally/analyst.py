"""Analyst commands: example queries, export, search, the HTML report, reprocess.

Registered on the ``newstally`` group by ``register(main)`` at the bottom of
``newstally/cli.py``. Everything but ``reprocess`` opens the warehouse read-only.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

_groups: list[click.Group] = []


def register(group: click.Group) -> None:
    """Add the analyst commands to the ``newstally`` group.

    Called by ``newstally/cli.py`` while it is being imported; when this module is the one
    imported first, the commands are not defined yet and are added at the end of it.
    """
    _groups.append(group)
    if "COMMANDS" in globals():
        _add(group)


def _add(group: click.Group) -> None:
    for cmd in COMMANDS:
        group.add_command(cmd)


from newstally.cli import (  # noqa: E402 - after register(): cli.py imports it from here
    CLIError,
    _db,
    _lock_timeout,
    console,
    db_option,
    err_console,
    errors,
    print_rows,
)

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "json-array"]),
                      default="table", show_default=True, help="Output format: json is JSON lines (one object a line), json-array one JSON array; csv ends lines with LF.")


def _wait(msg: str) -> None:
    err_console.print(f"[yellow]{escape(msg)}[/yellow]")


@click.command("queries")
def queries_cmd() -> None:
    """List the example queries (warehouse/queries/) with the question each answers."""
    from warehouse.examples import example_queries

    with errors():
        qs = example_queries()
    print_rows(["name", "question"], [[q.name, q.question] for q in qs])
    console.print("Run one with `newstally query NAME` (or its number); "
                  "the SQL is in warehouse/queries/NAME.sql.")


@click.command("query")
@click.argument("name")
@db_option
@FORMAT
@click.option("--show-sql", is_flag=True, help="Print the SQL instead of running it.")
def query_cmd(name: str, db: str | None, fmt: str, show_sql: bool) -> None:
    """Run the example query NAME (see `newstally queries`) read-only.

    NAME is the file name (01_foro_penal_weekly), its number (1) or the rest of its
    name (foro_penal_weekly).
    """
    import duckdb

    from warehouse.db import reader
    from warehouse.examples import find_query

    with errors():
        q = find_query(name)
    if show_sql:
        click.echo(q.sql)
        return
    with errors(), reader(_db(db), lock_timeout=_lock_timeout(), on_wait=_wait) as conn:
        try:
            cur = conn.execute(q.sql)
        except duckdb.Error as exc:
            raise CLIError(f"example query {q.name}: {exc}") from None
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
    if fmt == "table":
        console.print(f"[bold]{escape(q.question)}[/bold]")
    print_rows(cols, rows, fmt)


@click.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet",
              show_default=True, help="File format (CSV leaves out binary columns).")
@db_option
def export_cmd(directory: str, fmt: str, db: str | None) -> None:
    """Write every table and view to DIRECTORY as Parquet or CSV, one file each."""
    from warehouse.db import reader
    from warehouse.export import export_warehouse

    with errors(), reader(_db(db), lock_timeout=_lock_timeout(), on_wait=_wait) as conn:
        written = export_warehouse(conn, directory, fmt=fmt)
    rows = [[e.kind, e.name, str(e.path), e.rows, e.bytes,
             ", ".join(e.skipped_columns) or ""] for e in written]
    print_rows(["kind", "name", "file", "rows", "bytes", "left out"], rows,
               title=f"exported to {directory}")


@click.command("search")
@click.argument("text")
@click.option("--language", type=click.Choice(["en", "es"]), default=None,
              help="Only articles in this language.")
@click.option("--limit", default=20, show_default=True, help="Most articles shown.")
@click.option("--install-fts", is_flag=True,
              help="First try `INSTALL fts` (downloads DuckDB's fts extension: needs the network).")
@db_option
@FORMAT
def search_cmd(text: str, language: str | None, limit: int, install_fts: bool, db: str | None,
               fmt: str) -> None:
    """Full-text search of article text (English and Spanish), best matches first.

    Uses DuckDB's fts extension (BM25, Snowball stemmers) when it can be loaded; otherwise
    an accent-folded word search with simple EN/ES stems, and says which it used.
    """
    from warehouse.db import reader
    from warehouse.search import install_fts as do_install
    from warehouse.search import search_articles

    if install_fts:
        why = do_install()
        if why:
            err_console.print(f"[yellow]INSTALL fts failed: {escape(why)}[/yellow]")
    with errors(), reader(_db(db), lock_timeout=_lock_timeout(), on_wait=_wait) as conn:
        res = search_articles(conn, text, language=language, limit=limit)
    err_console.print(f"search mode: {res.mode} — {res.note}" if res.note
                      else f"search mode: {res.mode}", markup=False, highlight=False)
    rows = [[h.article_id, h.published, h.language, h.publisher, h.title, round(h.score, 3),
             h.snippet, h.url] for h in res.hits]
    print_rows(["id", "published", "lang", "publisher", "title", "score", "snippet", "url"],
               rows, fmt)


@click.command("skipped")
@click.option("--source", default=None, help="Only entries of this feed (its name).")
@click.option("--retake", "retake", multiple=True, metavar="URL",
              help="Fetch this skipped entry's page on the next run. Repeatable.")
@click.option("--all", "retake_all", is_flag=True,
              help="With --source (or alone: every feed), retake every entry still skipped.")
@click.option("--limit", default=50, show_default=True, help="Most entries listed.")
@db_option
@FORMAT
def skipped_cmd(source: str | None, retake: tuple[str, ...], retake_all: bool, limit: int,
                db: str | None, fmt: str) -> None:
    """Feed entries the topic pre-filter skipped unfetched, and taking them again.

    A source's pre-filter skips entries whose title and summary name no topic term (set
    `prefilter = false` on a source to judge every entry on its page instead). Each skipped
    entry is kept here; `--retake URL` or `--all` has the next run fetch it.
    """
    from pipeline.select import canonical_url
    from warehouse.db import reader, writer

    where, params = "WHERE taken_at IS NULL", []
    if source:
        where += " AND source = ?"
        params.append(source)
    with errors():
        if retake or retake_all:
            urls = [canonical_url(u) for u in retake]
            with writer(_db(db), lock_timeout=_lock_timeout()) as conn:
                if retake_all:
                    n = conn.execute(f"UPDATE skipped_entries SET retake = true {where}",
                                     params).fetchall()[0][0]
                else:
                    n = conn.execute(
                        f"UPDATE skipped_entries SET retake = true {where} AND "
                        "(canonical_url IN (SELECT unnest(?::VARCHAR[])) "
                        "OR url IN (SELECT unnest(?::VARCHAR[])))",
                        [*params, urls, list(retake)]).fetchall()[0][0]
            if not n:
                raise CLIError("no skipped entry matches; list them with `newstally skipped`"
                               + (f" --source '{source}'" if source else ""))
            err_console.print(f"{n} entr{'y' if n == 1 else 'ies'} will be fetched on the next "
                              "run", markup=False, highlight=False)
            return
        with reader(_db(db), lock_timeout=_lock_timeout(), on_wait=_wait) as conn:
            cur = conn.execute(
                "SELECT source, CAST(published_at AS DATE) AS published, title, reason, "
                f"times_seen, retake, url FROM skipped_entries {where} "
                f"ORDER BY last_seen_at DESC, source, url LIMIT {int(limit)}", params)
            cols = [d[0] for d in cur.description]
            rows = cur.fetchall()
    print_rows(cols, rows, fmt)


@click.command("retries")
@db_option
@FORMAT
def retries_cmd(db: str | None, fmt: str) -> None:
    """Pages that failed transiently and will be fetched again, soonest first.

    A DNS failure, timeout, 5xx, 429 or 404 on a page is retried on later runs with
    back-off (settings page_retries, page_retry_backoff); every attempt is a row of the
    table page_attempts. Pages given up on, or refused for good, are in pages (outcome
    error).
    """
    from warehouse.db import reader
    from warehouse.read import read_page_retries

    with errors(), reader(_db(db), lock_timeout=_lock_timeout(), on_wait=_wait) as conn:
        rows = read_page_retries(conn)
    cols = ["source", "attempts", "http_status", "next_attempt_at", "error", "url"]
    print_rows(cols, [[r[c] for c in cols] for r in rows], fmt)


@click.command("report")
@click.option("--out", "out", type=click.Path(dir_okay=False), default="report.html",
              show_default=True, help="HTML file to write.")
@click.option("--title", default="newstally report", show_default=True, help="Report title.")
@db_option
def report_cmd(out: str, title: str, db: str | None) -> None:
    """Write one self-contained HTML report: charts per metric and the open alerts.

    The file has no scripts and loads nothing from the network; open it in any browser.
    """
    from warehouse.db import reader
    from warehouse.html_report import build_report

    path = _db(db)
    with errors(), reader(path, lock_timeout=_lock_timeout(), on_wait=_wait) as conn:
        doc = build_report(conn, title=title, source_label=Path(path).name)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(doc, encoding="utf-8")
    click.echo(f"wrote {out} ({len(doc.encode()):,} bytes)")


@click.command("reprocess")
@click.option("--all", "all_articles", is_flag=True,
              help="Reprocess every article, not only those of an older extractor version.")
@click.option("--batch-size", default=200, show_default=True,
              help="Articles written per warehouse transaction.")
@db_option
def reprocess_cmd(all_articles: bool, batch_size: int, db: str | None) -> None:
    """Re-run extraction, dedup and figures on the stored raw HTML, fetching nothing.

    Articles whose extractor_version is not the current one (all with --all) are
    re-extracted from pages.raw_html_gz; their figures are replaced. Alerts whose figures
    are replaced follow the re-read figure when it is the same one (same metric, value and
    place), else become `superseded` (their evidence stays in alerts.details).
    """
    from pipeline.reprocess import reprocess
    from warehouse.db import run_lock

    path = _db(db)
    progress: Any = None
    task: Any = None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        progress = Progress("[progress.description]{task.description}", BarColumn(),
                            MofNCompleteColumn(), TimeRemainingColumn(), console=err_console,
                            transient=True)

    def on_progress(done: int, total: int) -> None:
        nonlocal task
        if progress is None:
            return
        if task is None:
            progress.start()
            task = progress.add_task("reprocessing", total=total)
        progress.update(task, completed=done, total=total)

    try:
        with errors(), run_lock(path, timeout=_lock_timeout()):
            summary = reprocess(path, all_articles=all_articles, batch_size=batch_size,
                                lock_timeout=_lock_timeout(), on_progress=on_progress)
    finally:
        if progress is not None:
            progress.stop()
    click.echo(summary.describe())


COMMANDS = (queries_cmd, query_cmd, export_cmd, search_cmd, skipped_cmd, retries_cmd,
            report_cmd, reprocess_cmd)

for _group in _groups:
    _add(_group)
