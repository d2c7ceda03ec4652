"""Who ran a session, for export: what its own ``session_start`` entry says, else its row.

The log's entries themselves are read through the store (`bastion.store.export_log`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from bastion.export.ocsf import SessionContext
from bastion.store.export_log import session_people, session_start_data

if TYPE_CHECKING:
    from bastion.store import Connection

__all__ = ["session_context"]


def session_context(conn: Connection, session_id: str) -> SessionContext | None:
    """What a session's own session_start entry says about it (`SessionContext`), or None."""
    start = session_start_data(conn, session_id)
    if start is not None:
        return SessionContext.from_start(json.loads(start))
    people = session_people(conn, session_id)
    if people is None:
        return None
    return SessionContext(agent=people.agent, human=people.human, host=people.host)
