"""Findings the MCP gateway reports about a server's tool list, as the record's findings.

The gateway (``bastion.gateway``) neutralises hidden text, fences off orders in tool
descriptions, holds back tools changed since they were pinned and filters out tools policy
forbids, before the client sees the list. It reports what it did with the list
(``gateway_findings`` of a ``ToolsList`` event), and this detector turns that into findings,
so they are recorded, counted and alerted on like any other. Only the gateway's own events
are read: another agent's payload cannot add findings this way.
"""

from __future__ import annotations

from typing import Any

from bastion.detect.result import Detection
from bastion.events import Event, Finding, Severity
from bastion.sensors.mcp_gateway import AGENT

_KINDS = {
    "mcp-hidden-text": "mcp.hidden-text",
    "mcp-tool-instructions": "mcp.tool-instructions",
    "mcp-tool-changed": "mcp.rug-pull",
    "mcp-tool-forbidden": "mcp.tool-forbidden",
    "mcp-tool-pinned": "mcp.tool-pinned",
}
_EVIDENCE = ("tool", "classes", "hidden_text", "approval_id", "hash", "previous", "policies",
             "score", "signals")  # fmt: skip


def detect(event: Event) -> Detection:
    out = Detection()
    if event.agent != AGENT:
        return out
    reported = event.raw.get("gateway_findings")
    if not isinstance(reported, list):
        return out
    for item in reported[:500]:
        if not isinstance(item, dict) or item.get("kind") not in _KINDS:
            continue
        kind = str(item["kind"])
        try:
            severity = Severity(str(item.get("severity") or "info"))
        except ValueError:
            severity = Severity.INFO
        evidence: dict[str, Any] = {k: item[k] for k in _EVIDENCE if k in item}
        out.findings.append(
            Finding(
                kind=kind,
                severity=severity,
                detail=str(item.get("detail") or kind)[:1000],
                rule=_KINDS[kind],
                evidence=evidence,
            )
        )
    return out
