"""Issue 13: the package builds quietly and really carries the bundled replay."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_builds_without_setuptools_warnings_and_holds_the_replay(tmp_path):
    setuptools = pytest.importorskip("setuptools")
    if int(setuptools.__version__.split(".")[0]) < 77:
        pytest.skip("needs setuptools >= 77 (SPDX project.license); `pip install -e '.[dev]'`")
    res = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    log = res.stdout + res.stderr
    noisy = [line for line in log.splitlines()
             if "Warning" in line or "absent from the `packages`" in line]
    assert not noisy, "\n".join(noisy[:20])
    (wheel,) = tmp_path.glob("newstally-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    replay = ROOT / "newstally" / "replay"
    wanted = {str(p.relative_to(ROOT)) for p in replay.rglob("*") if p.is_file()}
    assert wanted and wanted <= names, sorted(wanted - names)[:5]
    assert any(n.startswith("warehouse/migrations/") and n.endswith(".sql") for n in names)
    assert any(n.startswith("warehouse/queries/") and n.endswith(".sql") for n in names)
    # only the four packages: no tests/, bench/ or seeds/ at the top of site-packages
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"newstally", "pipeline", "flows", "warehouse"}, sorted(top)


@pytest.mark.slow
def test_editable_build_is_quiet(tmp_path):
    """`make` installs with `pip install -e`: setuptools' editable hook must not warn.

    With the flat layout and no `package-dir`, setuptools installs an import finder and says
    "Editable installation … Please be careful with folders in your working directory …" on
    every install (pip shows it even with --quiet). The hook is run here as pip runs it.
    """
    setuptools = pytest.importorskip("setuptools")
    if int(setuptools.__version__.split(".")[0]) < 77:
        pytest.skip("needs setuptools >= 77 (SPDX project.license); `pip install -e '.[dev]'`")
    code = (
        "import sys, warnings\n"
        "warnings.simplefilter('always')\n"
        "from setuptools import build_meta\n"
        "print(build_meta.build_editable(sys.argv[1]))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    # pip re-raises setuptools' InformationOnly notice as a BuildBackendWarning.
    warned = [line for line in res.stderr.splitlines()
              if "Warning" in line or "Editable installation" in line or "careful" in line]
    assert not warned, res.stderr[-2000:]
    (wheel,) = tmp_path.glob("newstally-*.editable-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.endswith("_finder.py")], names
    assert [n for n in names if n.endswith(".pth")], "the root goes on sys.path with a .pth file"
