"""newstally's library: one module per stage, plain Python, no Prefect.

The public entry points are listed in ``__all__`` (pinned by tests/test_public_api.py)
and imported lazily, so that ``import pipeline.errors`` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "DedupIndex": "pipeline.dedup",
    "Fetcher": "pipeline.net",
    "Figure": "pipeline.models",
    "HeldFigure": "pipeline.contradictions",
    "canonical_url": "pipeline.select",
    "deliver_pending": "pipeline.alerts",
    "extract_article": "pipeline.extract",
    "extract_figures": "pipeline.figures",
    "find_alerts": "pipeline.contradictions",
    "load_sources": "pipeline.sources",
    "poll_feed": "pipeline.poll",
    "score_relevance": "pipeline.relevance",
    "select_entries": "pipeline.select",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
