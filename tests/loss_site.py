"""A generated news site for the loss tests: on-topic article pages that are distinct
enough for dedup to keep apart, and RSS feeds listing them, written under a directory
that :class:`newstally.replay.ReplayServer` serves (``{{BASE}}`` in a file is the
server's base URL).

The article texts are made of words drawn from a fixed list by a seeded generator, plus
two sentences of my own naming the story, so every page passes the relevance stage and
no two pages share enough word pairs to be taken for copies.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

TOPIC = ('[topic]\nname = "Venezuela post-election crackdown"\n'
         'terms = ["Venezuela", "venezolano", "Maduro", "presos políticos", "Foro Penal"]\n')

_WORDS = tuple(["river", "market", "harbour", "bakery", "morning", "council", "ledger", "window", "orchard", "tram", "bridge", "ferry", "valley", "quarry", "lantern", "pottery", "meadow", "cinema", "kiosk", "tailor", "garden", "archive", "bicycle", "corridor", "balcony", "mill", "station", "canal", "plaza", "theatre", "school", "clinic", "avenue", "workshop", "printer", "salt", "copper", "timber", "wool", "coffee", "cocoa", "maize", "cassava", "mango", "guava", "parrot", "heron", "donkey", "tortoise", "lizard", "pelican", "sardine", "tuna", "shrimp", "oyster", "anchor", "sail", "compass", "ladder", "hammer", "chisel", "needle", "thread", "basket", "bucket", "kettle", "stove", "oven", "loaf", "noodle", "pepper", "onion", "garlic", "lemon", "orange", "cedar", "pine", "oak", "palm", "fern", "moss", "pebble", "dune", "cliff", "lagoon", "island", "reef", "cove", "spring", "brook", "pond", "marsh", "hill", "ridge", "summit", "canyon", "plateau", "savanna", "jungle", "desert", "tundra", "glacier", "volcano", "geyser", "crater", "delta", "estuary", "north", "south", "east", "west", "early", "late", "quiet", "loud", "bright", "dim", "warm", "cool", "steady", "swift", "patient", "curious", "careful", "eager", "gentle", "bold", "humble", "proud", "tidy", "rustic", "modern", "ancient"])


def article_text(n: int) -> list[str]:
    """Four paragraphs for article ``n``: two on-topic sentences, then word salad."""
    rng = random.Random(1000 + n)
    city = f"district {n} of Caracas"
    lead = (f"Police in {city} arrested {10 + n} protesters this week, and relatives said "
            f"the detained were taken to a prison far from home, in Venezuela's "
            f"crackdown after the election that Nicolás Maduro claims to have won.")
    second = (f"A lawyer for the families said {n + 3} political prisoners from the same "
              f"street were released on Friday under court conditions.")
    salad = [" ".join(rng.choice(_WORDS) for _ in range(70)).capitalize() + "."
             for _ in range(3)]
    return [lead, second, *salad]


def article_html(n: int, *, slug: str) -> str:
    title = f"Arrests in district {n} of Caracas ({slug})"
    body = "".join(f"<p>{escape(p)}</p>" for p in article_text(n))
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title>"
        "<meta property=\"og:site_name\" content=\"Loss Test Gazette\">"
        "<meta property=\"article:published_time\" content=\"2025-03-04T10:00:00+00:00\">"
        f"</head><body><article><h1>{escape(title)}</h1>{body}</article></body></html>"
    )


def item(link: str, *, title: str, guid: str | None = None, summary: str = "") -> str:
    """One RSS item (``link`` may use ``{{BASE}}``)."""
    g = f"<guid isPermaLink=\"false\">{escape(guid)}</guid>" if guid else ""
    return (f"<item><title>{escape(title)}</title><link>{escape(link)}</link>{g}"
            f"<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate>"
            f"<description>{escape(summary or title)}</description></item>")


def rss(items: Iterable[str], *, title: str = "Loss test feed") -> str:
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
            f"<title>{escape(title)}</title><link>{{{{BASE}}}}/</link>"
            "<description>generated for the loss tests</description>"
            + "".join(items) + "</channel></rss>\n")


def write_articles(root: Path, numbers: Iterable[int], *, prefix: str = "a") -> list[str]:
    """Write article pages ``/sites/gazette/<prefix><n>.html``; return their paths."""
    paths = []
    for n in numbers:
        path = f"/sites/gazette/{prefix}{n}.html"
        file = root / path.lstrip("/")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(article_html(n, slug=f"{prefix}{n}"), encoding="utf-8")
        paths.append(path)
    return paths


def write_feed(root: Path, name: str, items: Sequence[str], *, title: str | None = None) -> str:
    """Write ``/feeds/<name>`` and return its path."""
    file = root / "feeds" / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(rss(items, title=title or name), encoding="utf-8")
    return f"/feeds/{name}"


def source_block(name: str, url: str, *, language: str = "en", kind: str = "rss") -> str:
    return (f'\n[[source]]\nname = "{name}"\nurl = "{url}"\nkind = "{kind}"\n'
            f'language = "{language}"\n')


def write_sources(path: Path, blocks: Iterable[str]) -> Path:
    path.write_text(TOPIC + "".join(blocks), encoding="utf-8")
    return path
