"""Full-text relevance and trafilatura extraction on real page layouts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.extract import detect_language, extract_article, reconcile_dates
from pipeline.relevance import score_relevance

PAGES = Path(__file__).parent / "fixtures" / "pages"
TERMS = ["Venezuela", "venezolano", "Maduro", "presos políticos", "Foro Penal"]

ON_TOPIC_EN = (
    "Venezuelan authorities released dozens of people detained during the protests that "
    "followed the July election, the rights group Foro Penal said on Monday. Maduro's "
    "government has arrested more than 2,000 people since the vote, and the opposition says "
    "many political prisoners remain behind bars."
)
ON_TOPIC_ES = (
    "La ONG Foro Penal contabilizó nuevas excarcelaciones de presos políticos en Venezuela, "
    "detenidos en las manifestaciones posteriores a los comicios del 28 de julio. El "
    "gobierno de Maduro no informó cuántos siguen en prisión."
)
BASEBALL = (
    "The Caracas Lions beat the Magallanes Navigators 6-2 on Sunday in the Venezuelan winter "
    "league, with a two-run homer in the seventh inning. Venezuela's baseball season draws "
    "big crowds to the stadium in Caracas every December."
)


def test_on_topic_texts_score_high_in_both_languages():
    assert score_relevance(ON_TOPIC_EN, terms=TERMS).score >= 0.9
    assert score_relevance(ON_TOPIC_ES, terms=TERMS).score >= 0.9


def test_place_without_crackdown_is_off_topic_with_a_reason():
    rel = score_relevance(BASEBALL, terms=TERMS)
    assert rel.score < 0.3
    assert "0 distinct crackdown term" in rel.reason


def test_crackdown_elsewhere_is_off_topic():
    text = ON_TOPIC_EN.replace("Venezuelan", "Ruritanian").replace("Maduro's", "The")
    text = text.replace("Foro Penal", "a rights group")
    assert score_relevance(text, terms=TERMS).score == 0


def test_language_detection():
    assert detect_language(ON_TOPIC_EN) == "en"
    assert detect_language(ON_TOPIC_ES) == "es"
    assert detect_language("Caracas 2024") is None


def test_extraction_keeps_body_and_drops_furniture():
    html = (PAGES / "reuters.com.parasite.html").read_text(encoding="utf-8")
    ex = extract_article(html, url="https://www.reuters.com/article/x")
    assert ex is not None
    assert "upset winner at the Screen Actors Guild" in ex.text
    assert "All quotes delayed" not in ex.text
    assert ex.page_date == date(2020, 1, 20)
    assert ex.language == "en"
    assert "Parasite" in (ex.title or "")


BYLINE_PAGE = """<html><head><title>Rains close three mountain roads | Valley Courier</title>
<meta property="og:site_name" content="valleycourier"><link rel="canonical"
href="https://courier.example/roads"><meta name="article:tag" content="weather"></head>
<body><nav><a href="/">Home</a> <a href="/c/weather" rel="category tag">Weather</a></nav>
<article><h1>Rains close three mountain roads</h1><p class="byline">By <a rel="author"
href="/staff/ines">Ines Marlowe</a></p><time datetime="2025-03-04">4 March 2025</time>
<p>Heavy rain closed three roads through the northern passes on Tuesday, the regional
transport office said, and crews expect to reopen the lowest of them by the weekend.</p>
<p>Drivers were told to use the coastal route meanwhile; two buses turned back at the
first barrier and a freight convoy waited at the depot until the afternoon.</p></article>
<footer><a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a></footer>
</body></html>"""


def test_metadata_read_from_the_one_parse_matches_trafilaturas_own():
    """extract_article parses a page once and reads its metadata without the categories,
    tags and licence: title, author, date, site name and body are trafilatura's own."""
    import trafilatura

    from pipeline.extract import OPTIONS, _date_params

    pages = [(BYLINE_PAGE, "https://courier.example/roads"),
             *((p.read_text(encoding="utf-8"), f"https://{p.stem}/x")
               for p in sorted(PAGES.glob("*.html")))]
    for html, url in pages:
        ours = extract_article(html, url=url)
        theirs = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                             date_extraction_params=_date_params(), **OPTIONS)
        assert ours is not None and theirs is not None, url
        assert ours.text == theirs.text.strip(), url
        assert (ours.title, ours.author, ours.sitename) == (
            theirs.title or None, theirs.author or None,
            theirs.sitename or theirs.hostname or None), url
        assert ours.page_date == (date.fromisoformat(theirs.date[:10]) if theirs.date
                                  else None), url
    ex = extract_article(BYLINE_PAGE, url="https://courier.example/roads")
    assert ex is not None and ex.author == "Ines Marlowe" and ex.page_date == date(2025, 3, 4)


def test_extraction_of_empty_page_is_none():
    assert extract_article("<html><body><nav>Home</nav></body></html>") is None


def test_feed_date_wins_and_distant_page_date_is_flagged():
    feed = datetime(2024, 12, 13, 9, tzinfo=UTC)
    when, flag = reconcile_dates(feed, date(2019, 5, 1))
    assert when == feed
    assert flag and "2019-05-01" in flag
    assert reconcile_dates(feed, date(2024, 12, 12)) == (feed, None)
    when, flag = reconcile_dates(None, date(2024, 12, 12))
    assert when == datetime(2024, 12, 12, tzinfo=UTC) and flag is None


def test_an_undated_page_has_no_date_guessed_from_its_text():
    """A year in the body ("the 2024 election") is not a publication date; a date in the
    page's markup is."""
    body = "".join(f"<p>{s}</p>" for s in (ON_TOPIC_EN, ON_TOPIC_ES,
                   "The 2024 election was held on 28 July 2024, and the count ended in 2025."))
    undated = f"<html><head><title>Releases</title></head><body><article>{body}</article></body></html>"
    ex = extract_article(undated, url="https://example.org/news/releases")
    assert ex is not None and ex.page_date is None
    dated = undated.replace(
        "<title>", '<meta property="article:published_time" content="2026-01-12"><title>')
    ex = extract_article(dated, url="https://example.org/news/releases")
    assert ex is not None and ex.page_date == date(2026, 1, 12)
