"""Write every table and view of the warehouse to Parquet or CSV files, for other tools.

Runs on a read-only connection: DuckDB's ``COPY (SELECT …) TO`` writes the files, not the
database. CSV cannot carry binary data, so BLOB columns (raw HTML, MinHash signatures)
are left out of CSV files; Parquet keeps them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.errors import ConfigError

log = logging.getLogger(__name__)

FORMATS = ("parquet", "csv")


@dataclass(frozen=True, slots=True)
class Exported:
    """One file written."""

    name: str
    kind: str  # table | view
    path: Path
    rows: int
    bytes: int
    skipped_columns: tuple[str, ...] = field(default_factory=tuple)


def relations(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table'|'view') of every table and view analysts see, tables first."""
    rows = conn.execute(
        """
        SELECT table_name, 'table' FROM duckdb_tables()
        WHERE NOT internal AND schema_name = 'main' AND database_name = current_database()
        UNION ALL
        SELECT view_name, 'view' FROM duckdb_views()
        WHERE NOT internal AND schema_name = 'main' AND database_name = current_database()
        """
    ).fetchall()
    return sorted(((str(n), str(k)) for n, k in rows), key=lambda r: (r[1] != "table", r[0]))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def export_warehouse(
    conn: duckdb.DuckDBPyConnection, directory: Path | str, *, fmt: str = "parquet"
) -> list[Exported]:
    """Write each table and view to ``directory/<name>.<fmt>``; return what was written."""
    if fmt not in FORMATS:
        raise ConfigError(f"export: format '{fmt}' is not supported; expected parquet or csv")
    out_dir = Path(directory)
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"{out_dir}: exists and is not a directory; pass a directory to export to")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, kind in relations(conn):
        cols = conn.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
            "AND schema_name = 'main' AND database_name = current_database() "
            "ORDER BY column_index", [name]).fetchall()
        skipped = tuple(c for c, t in cols if fmt == "csv" and t == "BLOB")
        keep = [c for c, _ in cols if c not in skipped]
        if not keep:
            continue
        path = out_dir / f"{name}.{fmt}"
        select = f"SELECT {', '.join(_quote(c) for c in keep)} FROM {_quote(name)}"
        options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER"
        target = str(path).replace("'", "''")
        conn.execute(f"COPY ({select}) TO '{target}' ({options})")
        rows = int(conn.execute(f"SELECT count(*) FROM {_quote(name)}").fetchall()[0][0])
        written.append(Exported(name, kind, path, rows, path.stat().st_size, skipped))
        log.info("export: %s %s → %s (%d rows)", kind, name, path, rows)
    return written
