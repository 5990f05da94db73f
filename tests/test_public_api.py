"""The library's public API is small and pinned: changing it is a deliberate edit here."""

from __future__ import annotations

import inspect

import pipeline

EXPECTED = [
    "DedupIndex", "Fetcher", "Figure", "HeldFigure", "canonical_url", "deliver_pending",
    "extract_article", "extract_figures", "find_alerts", "load_sources", "poll_feed",
    "score_relevance", "select_entries",
]


def test_all_is_sorted_and_pinned():
    assert pipeline.__all__ == sorted(pipeline.__all__)
    assert pipeline.__all__ == EXPECTED


def test_every_export_resolves():
    for name in pipeline.__all__:
        assert getattr(pipeline, name) is not None, name


def test_parameters_after_the_first_are_keyword_only():
    sig = inspect.signature(pipeline.extract_figures)
    params = list(sig.parameters.values())
    assert params[0].name == "text"
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[1:])
    assert [p.name for p in params[1:]] == ["language", "published"]
