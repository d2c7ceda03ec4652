"""One JSON object appended durably as one line: the witness file and the refusal journal.

Both are records the agent must not be able to lose by racing or crashing the writer, so
each record is one ``write`` of one line to a file opened ``O_APPEND`` (concurrent writers'
lines stay whole) followed by ``fsync`` before the caller goes on.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = [
    "append_line",
]


def append_line(path: Path, record: dict[str, Any]) -> None:
    """Append ``record`` as one compact, key-sorted JSON line; raises `OSError`."""
    data = (json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
