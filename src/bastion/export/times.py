"""``--since`` and ``--until`` values: an ISO 8601 time or a span back from now (``30d``)."""

from __future__ import annotations

import datetime
import re
import time

from bastion.errors import BastionError

_SPAN = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class TimeSpecError(BastionError):
    """A time given on the command line could not be read."""


def parse_time(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds since the epoch for ``2025-01-31T12:00:00Z``, ``2025-01-31`` or ``30d``."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    span = _SPAN.match(text)
    if span:
        return (time.time() if now is None else now) - float(span.group(1)) * _UNIT[span.group(2)]
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise TimeSpecError(
            f"{value!r} is not a time: give an ISO 8601 time (2025-01-31T12:00:00Z) or a span "
            "back from now (90m, 12h, 30d, 2w)"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.timestamp()
