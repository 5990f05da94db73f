"""The example analyst queries shipped in ``warehouse/queries/NN_name.sql``.

Each file starts with a ``-- Question: …`` line, then comment lines that explain the
answer, then one read-only SELECT over the tables and views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ConfigError

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
_NAME = re.compile(r"^(\d{2})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class ExampleQuery:
    """One example query: ``name`` is the file name without ``.sql``."""

    name: str
    path: Path
    question: str
    explanation: str
    sql: str


def _parse(path: Path) -> ExampleQuery:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("-- Question:"):
        raise ConfigError(
            f"{path}: an example query must start with a '-- Question: …' line; add one"
        )
    question = lines[0].removeprefix("-- Question:").strip()
    notes = []
    for line in lines[1:]:
        if not line.startswith("--"):
            break
        notes.append(line.removeprefix("--").strip())
    return ExampleQuery(path.stem, path, question, " ".join(notes).strip(), text)


def example_queries(directory: Path = QUERIES_DIR) -> list[ExampleQuery]:
    """Every example query, in file-name order."""
    return [_parse(p) for p in sorted(directory.glob("*.sql")) if _NAME.match(p.name)]


def find_query(name: str, directory: Path = QUERIES_DIR) -> ExampleQuery:
    """The query named ``name``: its file name (with or without ``.sql``), its number
    (``3`` or ``03``) or the part after the number (``disputed_figures``)."""
    key = name.strip().removesuffix(".sql")
    queries = example_queries(directory)
    for q in queries:
        number, _, rest = q.name.partition("_")
        if key in (q.name, rest) or (key.isdigit() and int(key) == int(number)):
            return q
    names = ", ".join(q.name for q in queries)
    raise ConfigError(
        f"example query '{name}': no such query; expected one of {names} "
        "(list them with `newstally queries`)"
    )
