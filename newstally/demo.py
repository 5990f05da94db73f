"""`newstally demo`: the whole pipeline, through Prefect, against the bundled replay.

The replay (``newstally/replay/``) is a small web of feeds and article pages written for
newstally in the style of real coverage. It is served from a real HTTP server on
127.0.0.1, polled by the real ``ingest`` flow into a fresh demo database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newstally.replay import ReplayServer

REPLAY_DIR = Path(__file__).resolve().parent / "replay"

#: Loopback is polite enough: no per-host delay, short timeouts.
DEMO_OVERRIDES: dict[str, Any] = {"host_delay": 0.0, "timeout": 5.0, "total_timeout": 20.0,
                                  "refetch_days": 0}


@contextmanager
def replay_server(root: Path = REPLAY_DIR) -> Iterator[ReplayServer]:
    """Serve the replay on 127.0.0.1 (its Google-News-style links redirect to the pages)."""
    with ReplayServer(root) as server:
        yield server


def write_served_sources(base_url: str, path: Path) -> Path:
    """Write the replay's sources file for a replay served at ``base_url``.

    ``{{BASE}}`` is filled in and a ``[settings]`` table lets the fetcher reach 127.0.0.1
    (``allow_hosts``) without a per-host delay, so ``newstally serve --sources PATH`` or a
    worker with ``NEWSTALLY_SOURCES=PATH`` ingests the replay with no other flag.
    """
    text = (REPLAY_DIR / "sources.toml").read_text(encoding="utf-8").replace("{{BASE}}", base_url)
    settings = "\n".join(f"{k} = {v!r}" if not isinstance(v, str) else f'{k} = "{v}"'
                         for k, v in DEMO_OVERRIDES.items() if k != "refetch_days")
    text = (f"# Written by `newstally demo --serve` for the replay at {base_url};\n"
            "# valid while that command runs.\n" + text.rstrip() + "\n\n[settings]\n"
            f'allow_hosts = ["127.0.0.1"]\n{settings}\n')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_demo(db: Path, *, echo: Callable[[str], None] = print,
             runner: Callable[..., dict[str, Any]] | None = None) -> dict[str, Any]:
    """Start clean, serve the replay, run the ingest flow once; return its summary."""
    for p in (db, Path(f"{db}.wal"), Path(f"{db}.run.lock")):
        p.unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    if runner is None:
        from flows.ingest import ingest

        runner = ingest
    with replay_server() as server:
        echo(f"replay served at {server.base_url} ({REPLAY_DIR})")
        summary: dict[str, Any] = runner(
            sources=str(REPLAY_DIR / "sources.toml"), db=str(db), allow_hosts=["127.0.0.1"],
            base_url=server.base_url, overrides=DEMO_OVERRIDES,
        )
    return summary
