"""bench/scale.py measures a child run's peak RSS by the child's own ``VmHWM``, not by
``ru_maxrss``, which a child started from a large parent inherits (issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import scale  # noqa: E402

CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
import scale
block = bytearray(64 << 20)  # 64 MiB, touched
for i in range(0, len(block), 4096):
    block[i] = 1
print(scale.peak_rss_mib())
"""


def test_child_peak_is_its_own_not_the_parents() -> None:
    big = bytearray(400 << 20)  # the parent holds 400 MiB when it starts the child
    for i in range(0, len(big), 4096):
        big[i] = 1
    assert scale.peak_rss_mib() >= 400
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "bench")], check=True,
                         capture_output=True, text=True).stdout
    peak = float(out)
    assert 64 <= peak < 300, peak  # the child's 64 MiB and its interpreter, not the parent's 400
    del big


def test_rss_of_a_gone_process_is_zero() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert scale.rss_mib(proc.pid) == 0.0
    assert scale.rss_mib() > 0
