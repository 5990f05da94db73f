"""``q(db, sql)``: the rows of one read-only query on a warehouse file (tests read what a
run loaded through DuckDB itself, never through the code under test)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb


def q(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
