"""pipeline.dedup: copies, versions and originals, on the seed and texts written for the tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline import dedup
from pipeline.dedup import DedupIndex, Signature
from pipeline.models import Figure

REPO = Path(__file__).resolve().parent.parent
FIX = Path(__file__).resolve().parent / "fixtures" / "dedup"
SEED = REPO / "seeds" / "corpus" / "000_9441474bc40515fc.txt"

SEED_ID = 1


def read(path: Path) -> tuple[str, str]:
    """(title, body) of a corpus-style file: title line, date line, body."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines[0], "\n".join(lines[2:])


def fig(metric: str, value: int) -> Figure:
    return Figure(
        value, "exact", value, value, metric, None, None, None, None, "", 0, 0, str(value)
    )


SEED_FIGURES = [
    fig("released", 103),
    fig("released", 225),
    fig("killed", 28),
    fig("injured", 200),
    fig("arrested", 2000),
]


Row = tuple[int, str, bytes, "str | None", int, "int | None", str]


def ingest(*articles: tuple[int, Path, list[Figure]]) -> tuple[DedupIndex, list[Row]]:
    """Index the given files as the pipeline would (oldest first), and the rows it stores."""
    index = DedupIndex()
    rows: list[Row] = []
    for aid, path, figures in articles:
        title, body = read(path)
        decision, sig = index.classify(body, title=title, figures=figures)
        story = decision.story_id if decision.story_id is not None else aid
        sha = dedup.text_sha256(body)
        index.add(aid, sig, story_id=story, text_sha256=sha, figures=figures)
        rows.append((aid, sig.scheme, sig.hashvalues, sig.title_key, sig.n_shingles, story, sha))
    return index, rows


def held(*articles: tuple[int, Path, list[Figure]]) -> DedupIndex:
    return ingest(*articles)[0]


@pytest.fixture
def seed_index() -> DedupIndex:
    return held((SEED_ID, SEED, SEED_FIGURES))


def test_syndicated_copy_of_the_seed_is_a_copy(seed_index: DedupIndex) -> None:
    title, body = read(FIX / "derived" / "seed-syndicated.dailyledger.txt")
    figures = [fig("released", 103), fig("released", 225)]  # the cut copy lost the rest
    decision, _ = seed_index.classify(body, title=title, figures=figures)
    assert decision.relation == "copy"
    assert decision.duplicate_of == SEED_ID
    assert decision.story_id == SEED_ID
    assert decision.method == "near_duplicate"
    assert decision.matched_article_id == SEED_ID
    assert decision.score is not None and decision.score >= dedup.CONTAINMENT_THRESHOLD


@pytest.mark.parametrize(
    "name", ["dec2024.wire-103-released.en.txt", "dec2024.excarcelaciones-103.es.txt"]
)
def test_other_report_of_the_december_release_is_not_a_copy(
    seed_index: DedupIndex, name: str
) -> None:
    # the same event, the same numbers (103 in 72 hours, 225 on Nov 26, 28 dead), other words
    title, body = read(FIX / name)
    figures = [fig("released", 103), fig("released", 225), fig("killed", 28)]
    decision, _ = seed_index.classify(body, title=title, figures=figures)
    assert decision == dedup.ORIGINAL


def test_reports_of_one_day_are_not_merged() -> None:
    index = held(
        (1, FIX / "jan2026.ministry-116.en.txt", [fig("released", 116), fig("released", 41)]),
        (2, FIX / "jan2026.foro-penal-24.es.txt", [fig("released", 24), fig("released", 9)]),
    )
    title, body = read(FIX / "jan2026.ministerio-116.es.txt")
    decision, _ = index.classify(body, title=title, figures=[fig("released", 116)])
    assert decision.relation == "original"


def test_copy_with_another_figure_is_a_version_of_the_same_story(seed_index: DedupIndex) -> None:
    title, body = read(FIX / "derived" / "seed-edited-figure.txt")
    figures = [fig("released", 130), fig("released", 225)]
    decision, _ = seed_index.classify(body, title=title, figures=figures)
    assert decision.relation == "version"
    assert decision.duplicate_of is None
    assert decision.story_id == SEED_ID
    assert decision.matched_article_id == SEED_ID


def test_early_and_late_wire_versions_are_versions() -> None:
    index = held((10, FIX / "jan2026.wire-version-early.en.txt", [fig("released", 10)]))
    title, body = read(FIX / "jan2026.wire-version-late.en.txt")
    decision, _ = index.classify(body, title=title, figures=[fig("released", 60)])
    assert (decision.relation, decision.duplicate_of, decision.story_id) == ("version", None, 10)


def test_exact_duplicate_ignores_case_punctuation_and_spacing(seed_index: DedupIndex) -> None:
    _, body = read(SEED)
    reflowed = "  ".join(body.upper().replace(",", " ").split())
    decision, _ = seed_index.classify(reflowed, title="Another outlet: another headline")
    assert decision.relation == "copy"
    assert decision.method == "exact_text"
    assert (decision.duplicate_of, decision.story_id, decision.score) == (SEED_ID, SEED_ID, 1.0)
    assert dedup.text_sha256(reflowed) == dedup.text_sha256(body)


def test_same_title_alone_never_merges(seed_index: DedupIndex) -> None:
    seed_title, _ = read(SEED)
    _, other = read(FIX / "aug2024.crackdown-toll.en.txt")
    decision, sig = seed_index.classify(other, title=seed_title)
    assert sig.title_key == dedup.title_key(seed_title)
    assert decision.relation == "original"


def test_same_title_lowers_the_threshold_a_little() -> None:
    # an edited copy whose containment falls between the two thresholds
    index = DedupIndex()
    _, body = read(SEED)
    words = body.split()
    cut = " ".join(w if i % 3 else f"edit{i}" for i, w in enumerate(words))
    index.add(
        1,
        dedup.signature(body, "Venezuela frees 103 prisoners"),
        story_id=1,
        text_sha256=dedup.text_sha256(body),
    )
    c = float(index.containments(dedup.signature(cut))[0])
    assert dedup.TITLE_CONTAINMENT_THRESHOLD <= c < dedup.CONTAINMENT_THRESHOLD, c
    assert index.classify(cut, title="Other words entirely here")[0].relation == "original"
    assert index.classify(cut, title="Reuters: Venezuela frees 103 prisoners")[0].relation == "copy"


def test_copy_of_a_copy_points_at_the_first_article_of_the_story(seed_index: DedupIndex) -> None:
    title, body = read(FIX / "derived" / "seed-syndicated.dailyledger.txt")
    figures = [fig("released", 103)]
    first, sig = seed_index.classify(body, title=title, figures=figures)
    seed_index.add(
        2, sig, story_id=first.story_id or 2, text_sha256=dedup.text_sha256(body), figures=figures
    )
    decision, _ = seed_index.classify(body + "\nShare this article", title=title, figures=figures)
    assert decision.relation == "copy"
    assert decision.duplicate_of == SEED_ID and decision.story_id == SEED_ID


def test_index_rebuilt_from_rows_decides_the_same() -> None:
    files = {
        1: (SEED, SEED_FIGURES),
        2: (FIX / "dec2024.wire-103-released.en.txt", [fig("released", 103)]),
        3: (FIX / "jan2026.wire-version-early.en.txt", [fig("released", 10)]),
        4: (FIX / "jan2026.wire-version-late.en.txt", [fig("released", 60)]),
        5: (FIX / "derived" / "seed-syndicated.dailyledger.txt", [fig("released", 103)]),
    }
    live, rows = ingest(*((aid, p, f) for aid, (p, f) in files.items()))
    # what the warehouse holds: copies store no figures of their own
    figure_keys = {
        aid: {(f.metric, f.value) for f in figs} for aid, (_, figs) in files.items() if aid != 5
    }
    rebuilt = DedupIndex.from_rows(rows, figure_keys)
    assert len(rebuilt) == len(live) == 5
    assert rebuilt.stale_ids == []
    queries = [
        (read(FIX / "derived" / "seed-syndicated.dailyledger.txt"), [fig("released", 103)]),
        (read(FIX / "derived" / "seed-edited-figure.txt"), [fig("released", 130)]),
        (read(FIX / "jan2026.wire-version-late.en.txt"), [fig("released", 60)]),
        (read(FIX / "jan2026.tocoron-88.en.txt"), [fig("released", 88)]),
        (read(SEED), SEED_FIGURES),
    ]
    for (title, body), figures in queries:
        a, sig_a = live.classify(body, title=title, figures=figures)
        b, sig_b = rebuilt.classify(body, title=title, figures=figures)
        assert a == b, title
        assert sig_a == sig_b
    assert (
        rebuilt.classify(
            read(FIX / "derived" / "seed-edited-figure.txt")[1], figures=[fig("released", 130)]
        )[0].story_id
        == 1
    )


def test_rows_of_another_scheme_are_reported_stale() -> None:
    _, body = read(SEED)
    sig = dedup.signature(body)
    rows = [
        (1, dedup.SCHEME, sig.hashvalues, None, sig.n_shingles, None, dedup.text_sha256(body)),
        (2, "minhash-v0:w3:p128:seed1", b"\0" * 1024, None, 300, None, "ab" * 32),
        (3, dedup.SCHEME, b"\0" * 16, None, 300, None, "cd" * 32),  # truncated blob
    ]
    index = DedupIndex.from_rows(rows)
    assert index.stale_ids == [2, 3]
    assert len(index) == 1
    with pytest.raises(ValueError, match="scheme"):
        index.add(4, Signature("minhash-v0", b"", 0, None), story_id=4, text_sha256="x")


def test_signature_is_stored_as_little_endian_uint64_and_stable() -> None:
    title, body = read(SEED)
    sig = dedup.signature(body, title)
    assert sig.scheme == dedup.SCHEME
    assert len(sig.hashvalues) == dedup.PERMUTATIONS * 8
    values = np.frombuffer(sig.hashvalues, dtype="<u8")
    assert values.max() < 2**32
    assert sig == dedup.signature(body, title)
    assert sig.n_shingles == len(
        set(
            zip(
                dedup.normalise_text(body).split(),
                dedup.normalise_text(body).split()[1:],
                strict=False,
            )
        )
    )


@pytest.mark.parametrize(
    "title",
    [
        "Venezuela frees 103 post-election prisoners",
        "Reuters: Venezuela frees 103 post-election prisoners",
        "Venezuela frees 103 post-election prisoners - The Daily Ledger",
        "Venezuela frees 103 post-election prisoners | Latin Wire",
        "VENEZUELA FREES 103 POST ELECTION PRISONERS!",
    ],
)
def test_title_key_drops_outlet_names_and_folds(title: str) -> None:
    assert dedup.title_key(title) == "venezuela frees 103 post election prisoners"


def test_title_key_folds_accents() -> None:
    assert dedup.title_key("EFE: Excarcelación de presos políticos en Venezuela") == (
        "excarcelacion de presos politicos en venezuela"
    )
    assert dedup.title_key(None) is None
    assert dedup.title_key("  ") is None


def test_short_texts_are_only_matched_exactly(seed_index: DedupIndex) -> None:
    _, body = read(SEED)
    lead = " ".join(body.split()[:25])
    assert seed_index.classify(lead)[0].relation == "original"
    assert seed_index.classify(body)[0].relation == "copy"


def test_empty_index_and_empty_text() -> None:
    index = DedupIndex()
    assert len(index) == 0
    decision, sig = index.classify("")
    assert decision == dedup.ORIGINAL
    assert sig.n_shingles == 0
