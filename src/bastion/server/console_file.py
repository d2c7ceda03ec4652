"""Where a running console announces itself in its home: ``console.pid`` and ``console.url``.

The daemon reads them to know whether asks can wait for a person (approvals follow the
console), `bastion status` to say where the console is, and `bastion up --with-console`
to report the address. `withdraw` runs when the console returns normally and
`bastion down` removes both files; a file whose process is gone is treated as absent.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from bastion.core import home as home_names

PID_FILE = "console.pid"
URL_FILE = home_names.CONSOLE_URL


def announce(home: Path, url: str) -> None:
    """Record this process as the home's console, at ``url``."""
    (home / URL_FILE).write_text(url + "\n")
    (home / PID_FILE).write_text(str(os.getpid()))


def withdraw(home: Path) -> None:
    """Remove the announcement, if it is still this process's."""
    try:
        pid = int((home / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        pid = None
    if pid in (None, os.getpid()):
        for name in (PID_FILE, URL_FILE):
            with contextlib.suppress(OSError):
                (home / name).unlink()


def running_console(home: Path) -> str | None:
    """The URL of the console serving ``home``, or None when none is running."""
    try:
        pid = int((home / PID_FILE).read_text().strip())
        os.kill(pid, 0)
        return (home / URL_FILE).read_text().strip() or None
    except (OSError, ValueError):
        return None
