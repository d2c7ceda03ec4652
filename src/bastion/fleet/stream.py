"""The JetStream stream the audit batches travel on: names and its one-time creation."""

from __future__ import annotations

from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

__all__ = ["DEFAULT_STREAM", "ensure_stream", "subject_for"]

DEFAULT_STREAM = "BASTION_AUDIT"


def subject_for(stream: str, origin: str) -> str:
    """One subject per device: ``<stream>.audit.<log id>`` (the origin's hex part)."""
    return f"{stream}.audit.{origin.rsplit('/', 1)[-1]}"


async def ensure_stream(js: JetStreamContext, stream: str = DEFAULT_STREAM) -> None:
    """Create the stream (file storage, 2-minute duplicate window) if it is missing."""
    try:
        await js.stream_info(stream)
    except NotFoundError:
        await js.add_stream(
            StreamConfig(
                name=stream,
                subjects=[f"{stream}.audit.>"],
                storage=StorageType.FILE,
                duplicate_window=120.0,
            )
        )
