"""Read and validate a sources file (TOML) before anything runs."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.errors import ConfigError
from pipeline.models import Source, Topic
from pipeline.settings import check_file_settings

KINDS = ("rss", "atom", "google_news")
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class SourcesFile:
    path: Path
    topic: Topic
    sources: tuple[Source, ...]
    settings: dict[str, Any]


def _str_field(where: str, entry: dict[str, Any], field: str, *, required: bool = True) -> str:
    value = entry.get(field)
    if value is None:
        if required:
            raise ConfigError(f"{where}: field '{field}' is missing; add {field} = \"…\"")
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: field '{field}' is {value!r}; expected a non-empty string")
    return value.strip()


def _terms(where: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise ConfigError(f"{where}: field 'terms' is {value!r}; expected a list of strings")
    return tuple(t.strip() for t in value)


def parse_sources(text: str, *, path: Path | str = "sources.toml", base_url: str | None = None) -> SourcesFile:
    """Parse and validate the TOML text of a sources file.

    ``base_url`` replaces the placeholder ``{{BASE}}`` in URLs (used by the demo replay).
    """
    name = Path(path).name
    if base_url is not None:
        text = text.replace("{{BASE}}", base_url.rstrip("/"))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: not valid TOML ({exc}); fix the syntax at that line") from None

    unknown = set(data) - {"topic", "source", "settings"}
    if unknown:
        raise ConfigError(
            f"{name}: unknown table(s) {', '.join(sorted(unknown))}; expected [topic], [[source]], [settings]"
        )
    topic_data = data.get("topic")
    if not isinstance(topic_data, dict):
        raise ConfigError(f"{name}: the [topic] table is missing; add name = \"…\" and terms = [\"…\"]")
    topic_terms = _terms(f"{name}: [topic]", topic_data.get("terms"))
    if not topic_terms:
        raise ConfigError(f"{name}: [topic]: field 'terms' is missing or empty; list the topic's terms")
    topic = Topic(name=_str_field(f"{name}: [topic]", topic_data, "name"), terms=topic_terms)

    raw_sources = data.get("source")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ConfigError(f"{name}: no [[source]] entries; add at least one feed")
    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw_sources, start=1):
        label = entry.get("name") if isinstance(entry.get("name"), str) else f"#{i}"
        where = f"{name}: source '{label}'"
        src_name = _str_field(where, entry, "name")
        if src_name in seen:
            raise ConfigError(f"{where}: field 'name' is used twice; source names must be unique")
        seen.add(src_name)
        url = _str_field(where, entry, "url")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{where}: field 'url' is {url!r}; expected an http(s) URL")
        kind = _str_field(where, entry, "kind")
        if kind not in KINDS:
            raise ConfigError(f"{where}: field 'kind' is {kind!r}; expected rss, atom or google_news")
        language = _str_field(where, entry, "language")
        if language not in LANGUAGES:
            raise ConfigError(f"{where}: field 'language' is {language!r}; expected en or es")
        extra = set(entry) - {"name", "url", "kind", "language", "terms", "prefilter"}
        if extra:
            raise ConfigError(
                f"{where}: unknown field(s) {', '.join(sorted(extra))}; expected name, url, "
                "kind, language, terms, prefilter"
            )
        prefilter = entry.get("prefilter", kind != "google_news")
        if not isinstance(prefilter, bool):
            raise ConfigError(f"{where}: field 'prefilter' is {prefilter!r}; expected true or "
                              "false (false: judge every entry on its page's text)")
        sources.append(
            Source(name=src_name, url=url, kind=kind, language=language,
                   terms=_terms(where, entry.get("terms")), prefilter=prefilter)
        )
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise ConfigError(f"{name}: [settings] must be a table")
    check_file_settings(settings, name)  # a typo is refused here, before any run starts
    return SourcesFile(path=Path(path), topic=topic, sources=tuple(sources), settings=settings)


def load_sources(path: Path | str, *, base_url: str | None = None) -> SourcesFile:
    """Read ``path`` and validate it; raises ConfigError naming the source and field."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: sources file not found; pass --sources FILE or create it") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read the sources file ({exc})") from None
    return parse_sources(text, path=p, base_url=base_url)
