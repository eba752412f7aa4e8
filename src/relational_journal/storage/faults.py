"""Named moments where the crash tests stop a conversion or a backup with kill -9.

`RELATIONAL_JOURNAL_FAULT=name` (or `name#N`, the Nth time it is reached) makes
the process kill itself there, exactly as a power cut or `kill -9` would. Only
the storage layer reads it, and only the tests set it.
"""

from __future__ import annotations

import os
import signal

FAULT_ENV = "RELATIONAL_JOURNAL_FAULT"
_reached: dict[str, int] = {}


def checkpoint(name: str) -> None:
    wanted = os.environ.get(FAULT_ENV)
    if not wanted:
        return
    target, _, nth = wanted.partition("#")
    if target != name:
        return
    _reached[name] = _reached.get(name, 0) + 1
    if _reached[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
