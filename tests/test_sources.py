"""The sources file is validated before anything runs, with errors naming source and field."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import REPO_ROOT
from pipeline.sources import load_sources, parse_sources

GOOD = """
[topic]
name = "Venezuela post-election crackdown"
terms = ["Venezuela", "Foro Penal"]

[[source]]
name = "efe"
url = "https://example.org/feed.xml"
kind = "rss"
language = "es"
"""


def test_default_sources_file_lists_real_feeds_in_both_languages():
    sf = load_sources(REPO_ROOT / "seeds" / "sources.toml")
    assert len(sf.sources) >= 8
    assert {s.language for s in sf.sources} == {"en", "es"}
    assert {"google_news", "rss"} <= {s.kind for s in sf.sources}
    names = " ".join(s.name for s in sf.sources)
    for outlet in ("El Pitazo", "Efecto Cocuyo", "Runrunes", "Tal Cual", "Crónica Uno", "Foro Penal"):
        assert outlet in names
    assert all(s.url.startswith("https://") for s in sf.sources)


def test_good_file_parses():
    sf = parse_sources(GOOD)
    assert sf.topic.terms == ("Venezuela", "Foro Penal")
    assert sf.sources[0].name == "efe"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('kind = "rss"', 'kind = "rdf"'),
         "sources.toml: source 'efe': field 'kind' is 'rdf'; expected rss, atom or google_news"),
        (('url = "https://example.org/feed.xml"\n', ""),
         "sources.toml: source 'efe': field 'url' is missing"),
        (('url = "https://example.org/feed.xml"', 'url = "ftp://example.org/feed"'),
         "source 'efe': field 'url' is 'ftp://example.org/feed'; expected an http(s) URL"),
        (('language = "es"', 'language = "fr"'), "source 'efe': field 'language' is 'fr'"),
        (('name = "efe"', 'name = ""'), "field 'name' is ''"),
        (('kind = "rss"', 'kind = "rss"\nfeed_type = "x"'), "unknown field(s) feed_type"),
        (('terms = ["Venezuela", "Foro Penal"]', "terms = []"), "[topic]: field 'terms'"),
        (('[[source]]', '[[source]\n'), "not valid TOML"),
    ],
)
def test_bad_file_is_refused_naming_source_and_field(edit, message):
    text = GOOD.replace(*edit)
    with pytest.raises(ConfigError) as exc:
        parse_sources(text)
    assert message in str(exc.value)
    assert exc.value.exit_code == 2


def test_duplicate_names_refused():
    text = GOOD + GOOD.split("[[source]]")[1].join(["[[source]]", ""])
    with pytest.raises(ConfigError, match="used twice"):
        parse_sources(text)


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(ConfigError, match="sources file not found"):
        load_sources(tmp_path / "nope.toml")


def test_base_url_placeholder_is_substituted():
    sf = parse_sources(GOOD.replace("https://example.org", "{{BASE}}"), base_url="http://127.0.0.1:9/")
    assert sf.sources[0].url == "http://127.0.0.1:9/feed.xml"
