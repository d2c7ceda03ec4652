"""A real MCP server for the gateway's tests, written with the official `mcp` SDK.

Its tools are plain; what they say of themselves is read from the file named by
``DEMO_MCP_TOOLS`` when set (so a test can change a description between two runs, the
rug pull), and ``--http PORT`` serves it over streamable HTTP instead of stdio.
"""

from __future__ import annotations

import json
import os
import sys

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations

overrides: dict[str, str] = {}
if os.environ.get("DEMO_MCP_TOOLS"):
    with open(os.environ["DEMO_MCP_TOOLS"], encoding="utf-8") as f:
        overrides = json.load(f)

port = int(sys.argv[sys.argv.index("--http") + 1]) if "--http" in sys.argv else 0
server = MCPServer("demo")


@server.tool(description=overrides.get("add", "Add two integers."))
def add(a: int, b: int) -> int:
    return a + b


@server.tool(description=overrides.get("read_note", "Return the text of a note by its id."))
def read_note(note_id: str) -> str:
    return os.environ.get("DEMO_NOTE_TEXT", f"note {note_id}: buy milk")


@server.tool(
    description=overrides.get("run_command", "Run a shell command on the server host."),
    annotations=ToolAnnotations(destructive_hint=True, open_world_hint=True, read_only_hint=False),
)
def run_command(command: str) -> str:
    return f"(not really run) {command}"


if __name__ == "__main__":
    if port:
        server.run(transport="streamable-http", host="127.0.0.1", port=port)
    else:
        server.run(transport="stdio")
