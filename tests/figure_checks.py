"""Shared checks of the figure-class tests: the probes' lenient source match and one sentence's figures.

Sources are compared as the probes are scored (``attribution_match`` of ``bench/figures_eval.py``).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

from pipeline.figures import extract_figures


def _lenient_match() -> Callable[[str | None, str | None], bool]:
    path = Path(__file__).resolve().parents[1] / "bench" / "figures_eval.py"
    spec = importlib.util.spec_from_file_location("figures_eval", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    match: Callable[[str | None, str | None], bool] = mod.attribution_match
    return match


MATCH = _lenient_match()


def check(text: str, lang: str, want: list[tuple[int, str, str | None]]) -> None:
    """The sentence reports exactly ``want`` (value, metric) and each one's source matches."""
    got = [f for f in extract_figures(text, language=lang) if f.metric != "other"]
    assert sorted((f.value, f.metric) for f in got) == sorted((v, m) for v, m, _ in want), \
        (text, [(f.value, f.metric, f.attributed_to) for f in got])
    for v, m, who in want:
        assert any(f.value == v and f.metric == m and MATCH(f.attributed_to, who) for f in got), \
            (text, (v, m, who), [(f.value, f.metric, f.attributed_to) for f in got])
