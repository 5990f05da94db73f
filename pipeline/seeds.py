"""Read the seed corpus (``seeds/corpus/``): the baseline for dedup and contradictions."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.settings import REPO_ROOT

CORPUS_DIR = REPO_ROOT / "seeds" / "corpus"


@dataclass(frozen=True, slots=True)
class SeedArticle:
    file: str
    url: str
    title: str
    published: datetime
    publisher: str
    language: str
    text: str


def _body(raw: str, title: str, published: date) -> str:
    """Drop the title and date lines at the top of a seed file; keep the body."""
    lines = raw.strip().splitlines()
    while lines and (
        not lines[0].strip()
        or lines[0].strip() == title
        or _is_date_line(lines[0].strip(), published)
    ):
        lines.pop(0)
    return "\n".join(lines).strip()


def _is_date_line(line: str, published: date) -> bool:
    try:
        return datetime.strptime(line, "%b %d, %Y").date() == published
    except ValueError:
        return False


def load_seeds(corpus: Path = CORPUS_DIR) -> list[SeedArticle]:
    manifest = corpus / "manifest.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{manifest}: not valid TOML ({exc})") from None
    out = []
    for i, entry in enumerate(data.get("seed", []), start=1):
        where = f"{manifest}: seed #{i}"
        for field in ("file", "title", "published", "publisher", "language", "url"):
            if not entry.get(field):
                raise ConfigError(f"{where}: field '{field}' is missing")
        path = corpus / entry["file"]
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read {path} ({exc})") from None
        published = entry["published"]
        if isinstance(published, str):
            published = date.fromisoformat(published)
        out.append(
            SeedArticle(
                file=entry["file"],
                url=entry["url"],
                title=entry["title"],
                published=datetime(published.year, published.month, published.day, tzinfo=UTC),
                publisher=entry["publisher"],
                language=entry["language"],
                text=_body(raw, entry["title"], published),
            )
        )
    return out
