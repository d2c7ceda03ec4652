"""What travels on the daemon's socket: the hook protocol and the typed control messages.

One definition shared by the hook, the daemon, the CLI and the console:

- `protocol`: the framing (``BASTION/1`` header line, then raw bytes), its limits, the
  socket's name and the hook's round trip; standard library only, because the hook loads
  it on every tool call;
- `control`: the control messages (ping, shutdown, set-mode, block-tool, forget) as
  typed values, their JSON encoding, and the reply.

This package's ``__init__`` imports nothing, so the hook pays only for `protocol`.
"""

__all__ = ["control", "protocol"]
