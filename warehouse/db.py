"""Open the DuckDB warehouse: migrations, locking, read-only access.

DuckDB lets one process hold a file read-write, and while it does every other
process's open fails at once ("Could not set lock on file … Conflicting lock is
held"), read-only included, with no busy timeout. So every open here retries with
back-off for ``lock_timeout`` seconds and, when it gives up, says which process holds
the lock. Writers hold the file only while loading.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.errors import NotAWarehouseError, WarehouseError, WarehouseLockedError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")

# Bytes 8..12 of every DuckDB database file.
_DUCKDB_MAGIC = b"DUCK"


def migrations() -> list[tuple[int, str, str]]:
    """All migrations shipped, as (version, name, sql), in order."""
    out = []
    for p in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = _MIGRATION_NAME.match(p.name)
        if not m:
            raise WarehouseError(f"{p}: migration files must be named NNN_name.sql")
        out.append((int(m.group(1)), m.group(2), p.read_text(encoding="utf-8")))
    versions = [v for v, _, _ in out]
    if len(set(versions)) != len(versions):
        raise WarehouseError(f"{MIGRATIONS_DIR}: two migrations share a number")
    return out


def _check_file(path: Path) -> None:
    """Refuse a file that is not a DuckDB database, without touching it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        head = fh.read(12)
    if head[8:12] != _DUCKDB_MAGIC:
        raise NotAWarehouseError(
            f"{path}: not a DuckDB database (corrupt or another kind of file); it was left "
            "untouched. Pass --db with another path, or move the file away."
        )


_KNOWN_PROGRAMS = ("harlequin", "jupyter", "ipython", "dbeaver", "duckdb", "newstally",
                   "prefect", "pytest")


def _program(pid: str, exe: str) -> str:
    """Name the program holding the lock from its command line, not its interpreter path.

    ``python -m jupyter lab`` → "jupyter"; ``/venv/bin/harlequin -r F`` → "harlequin";
    ``python load.py`` → "python script load.py"; unreadable → the executable DuckDB named.
    """
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return exe
    args = [a for a in raw.decode("utf-8", "replace").split("\0") if a]
    if not args:
        return exe
    for a in args[:4]:
        base = Path(a).name.lower()
        for known in _KNOWN_PROGRAMS:
            if base == known or base.startswith(known + "-") or base.startswith(known + "."):
                return known
    first = Path(args[0]).name
    if first.startswith("python"):
        rest = [a for a in args[1:] if not a.startswith("-")]
        if rest and rest[0].endswith(".py"):
            return f"python script {Path(rest[0]).name}"
        return "python" if not rest else f"python {rest[0]}"
    return first


def _lock_message(path: Path, exc: Exception) -> str:
    m = _LOCK_HOLDER.search(str(exc))
    who = f"process {m.group(2)} ({_program(m.group(2), m.group(1))})" if m else "another process"
    return (
        f"{path}: the warehouse is locked by {who}. DuckDB allows one writer and no readers "
        "while it writes: wait for the run to finish, close other connections to the file "
        "(DBeaver, notebooks, harlequin), or raise NEWSTALLY_LOCK_TIMEOUT."
    )


def _is_lock_error(exc: Exception) -> bool:
    s = str(exc)
    return "Could not set lock" in s or "Conflicting lock" in s


def open_db(
    path: Path | str,
    *,
    read_only: bool = False,
    lock_timeout: float = 60.0,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open ``path`` with retries on lock conflicts; apply migrations when writing."""
    p = Path(path)
    if str(p) != ":memory:":
        _check_file(p)
        if read_only and not p.exists():
            raise WarehouseError(
                f"{p}: no warehouse here yet; run `newstally run` (or `newstally demo`) first, "
                "or pass --db with the right file"
            )
        p.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_timeout
    delay = 0.05
    warned = False
    while True:
        try:
            conn = duckdb.connect(str(p), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise NotAWarehouseError(
                    f"{p}: DuckDB cannot open it ({exc}); the file was left untouched"
                ) from None
            if time.monotonic() >= deadline:
                raise WarehouseLockedError(_lock_message(p, exc)) from None
            if not warned:
                msg = _lock_message(p, exc) + " Waiting…"
                if on_wait:  # the caller shows it; logging it too printed it twice
                    on_wait(msg)
                else:
                    log.warning("%s", msg)
                warned = True
            # back-off with jitter, never sleeping past the deadline
            time.sleep(min(delay + random.uniform(0, delay / 2),
                           max(deadline - time.monotonic(), 0.01)))
            delay = min(delay * 2, 2.0)
        except duckdb.Error as exc:
            raise NotAWarehouseError(
                f"{p}: DuckDB cannot open it ({exc}); the file was left untouched"
            ) from None
    try:
        if read_only:
            _check_schema(conn, p, writable=False)
        else:
            _check_schema(conn, p, writable=True)
            migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def check_warehouse(path: Path | str) -> None:
    """Refuse at once, writing nothing, a file that is not a newstally warehouse.

    For the command line, before it starts a run: a corrupt file, or a DuckDB database
    with someone else's tables, raises :class:`NotAWarehouseError` (exit 2) without a
    Prefect run being started. A missing or empty file is a new warehouse; a file another
    process holds right now is not judged here (the run waits for it, then checks it).
    """
    p = Path(path)
    if str(p) == ":memory:" or not p.is_file() or p.stat().st_size == 0:
        return
    try:
        conn = open_db(p, read_only=True, lock_timeout=0)
    except WarehouseLockedError:
        return
    conn.close()


def _tables(conn: duckdb.DuckDBPyConnection) -> set[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {r[0] for r in rows}


def _check_schema(conn: duckdb.DuckDBPyConnection, path: Path, *, writable: bool) -> None:
    tables = _tables(conn)
    if tables and "schema_migrations" not in tables:
        raise NotAWarehouseError(
            f"{path}: a DuckDB database, but not a newstally warehouse (tables: "
            f"{', '.join(sorted(tables)[:5])}…); it was left untouched. Pass --db with another path."
        )


def pending(conn: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """Migrations not yet applied. Reads only."""
    applied: set[int] = set()
    if "schema_migrations" in _tables(conn):
        applied = {r[0] for r in conn.execute("SELECT version FROM schema_migrations").fetchall()}
    return [(v, n) for v, n, _ in migrations() if v not in applied]


def _create_migrations_table(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL
        )
        """
    )
    conn.execute(
        "COMMENT ON TABLE schema_migrations IS "
        "'Migrations applied to this warehouse (warehouse/migrations/NNN_name.sql).'"
    )
    for col, text in (("version", "Migration number (NNN of the file name)."),
                      ("name", "Migration name (the rest of the file name)."),
                      ("applied_at", "When the migration was applied.")):
        conn.execute(f"COMMENT ON COLUMN schema_migrations.{col} IS '{text}'")


def migrate(conn: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """Apply pending migrations, each with its record in one transaction."""
    if "schema_migrations" not in _tables(conn):
        _create_migrations_table(conn)
    todo = pending(conn)
    sql_by_version = {v: sql for v, _, sql in migrations()}
    for version, name in todo:
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(sql_by_version[version])
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [version, name, datetime.now(UTC)],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        log.info("warehouse: applied migration %03d_%s", version, name)
    return todo


@contextmanager
def writer(
    path: Path | str, *, lock_timeout: float = 60.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection held only for the ``with`` block."""
    conn = open_db(path, read_only=False, lock_timeout=lock_timeout, on_wait=on_wait)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def reader(
    path: Path | str, *, lock_timeout: float = 60.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection (waits while a writer holds the file)."""
    conn = open_db(path, read_only=True, lock_timeout=lock_timeout, on_wait=on_wait)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    conn.execute("BEGIN TRANSACTION")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def run_lock(db_path: Path | str, *, timeout: float = 60.0) -> Iterator[None]:
    """Let one ingestion run at a time work on a database; others wait, then give up.

    DuckDB's own lock only covers the short write; this one covers the whole run, so two
    runs never ingest the same entries twice. It is an advisory ``flock`` on
    ``<db>.run.lock``, released by the kernel when the process dies (even on SIGKILL).
    """
    import fcntl
    import os

    # beside the real file: a symlink or another spelling of the path is the same warehouse
    p = Path(os.path.realpath(db_path) + ".run.lock")
    p.parent.mkdir(parents=True, exist_ok=True)
    fh = p.open("a+")
    deadline = time.monotonic() + timeout
    warned = False
    try:
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                if not warned:
                    log.warning("%s: another newstally run is in progress (%s); waiting up to "
                                "%g s for it to finish", db_path, holder, timeout)
                    warned = True
                if time.monotonic() >= deadline:
                    raise WarehouseLockedError(
                        f"{db_path}: another newstally run is in progress ({holder}); wait for "
                        "it to finish (scheduled runs never overlap), or raise "
                        "NEWSTALLY_LOCK_TIMEOUT"
                    ) from None
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
        fh.flush()
        yield
    finally:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        finally:
            fh.close()
