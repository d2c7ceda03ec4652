"""The MCP gateway: ``bastion mcp-proxy`` between an agent and one MCP server (issue #16).

**Raw JSON-RPC, not the official ``mcp`` SDK, in the message path.** A gateway must stay
transparent: every method it does not judge (resources, prompts, sampling, notifications,
methods of revisions or extensions newer than any SDK) has to reach the other side as the
bytes that came in. The SDK's sessions parse messages into its own models, answer some
themselves and re-serialise the rest, and would hide any field they do not model. So each
line (stdio) or body (HTTP) is read as JSON only to see its method and id, and forwarded
unchanged unless the gateway changes or answers it. The SDK (``mcp`` 2.x) is still the
reference: its protocol-version registry (``mcp_types``: the session-based revisions, the
stateless 2026-07-28 one, its ``_meta`` keys and ``InputRequiredResult``) is what this
package follows, and the tests run real SDK servers and clients on both transports.

Parts: `core` (what happens to each message), `stdio` and `http` (transports), `text`
(hidden Unicode and orders in descriptions), `pins` (rug-pull detection), `policy_filter`
(tools policy forbids), `daemon_link` (the daemon decides, as for a hook), `build`
(assembly for the CLI). docs/mcp.md describes the behaviour and its limits.
"""
