"""prefect.yaml: it parses, Prefect's own deploy model accepts it, and its entrypoint imports."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))


def test_ingest_deployment_every_30_minutes_never_overlapping(config):
    (dep,) = config["deployments"]
    assert dep["entrypoint"] == "flows/ingest.py:ingest"
    assert [s["cron"] for s in dep["schedules"]] == ["*/30 * * * *"]
    assert dep["concurrency_limit"] == 1
    assert dep["work_pool"]["name"] == "newstally-pool"


def test_prefect_accepts_the_file(config):
    models = pytest.importorskip("prefect.cli.deploy._models",
                                 reason="Prefect moved its prefect.yaml model")
    model = models.PrefectYamlModel.model_validate(config)
    dep = model.deployments[0]
    assert dep.entrypoint == "flows/ingest.py:ingest"
    assert dep.concurrency_limit == 1 and dep.work_pool.name == "newstally-pool"


def test_entrypoint_imports_and_is_the_ingest_flow(config):
    path, _, name = config["deployments"][0]["entrypoint"].partition(":")
    assert (ROOT / path).is_file()
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    flow = getattr(module, name)
    assert flow.name == "ingest"
    assert callable(flow.fn)


def test_readme_shows_the_work_pool_path():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for cmd in ("prefect work-pool create newstally-pool --type process", "prefect deploy --all",
                "prefect worker start --pool newstally-pool"):
        assert cmd in readme
