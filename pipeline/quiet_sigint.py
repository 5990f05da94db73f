"""Imported first by multiprocessing's fork server: ignore Ctrl-C from then on.

The fork server is in the terminal's process group, so a Ctrl-C reaches it too. Python's
fork server ignores SIGINT only after it has imported its preload modules (here
``pipeline.process``, which imports trafilatura, about a second); a Ctrl-C during those
imports printed a KeyboardInterrupt traceback under the run's one-line "Interrupted"
message. The run itself ends the fork server on Ctrl-C (``process.kill_workers``).
"""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
