"""Readable words for recorded events, shared by `bastion show` and the console.

The record keeps what the agent sent; these helpers say what it was in one line, so the
terminal and the dashboard use the same words for the same event.
"""

from __future__ import annotations

import json
from typing import Any

from bastion.sensors import sensor_for_record


def label(data: dict[str, Any], decision: str | None = None) -> tuple[str, str]:
    """(badge, text) for one recorded event (``Event.to_record``) and its decision.

    Every kind Bastion records has its own words: a person's kill or release, a console
    approval with who gave it, an agent event its sensor has words for (``describe_event``),
    a tool's output; the badge is the decision (ALLOW/ASK/DENY) or what the person did
    (KILL, RELEASE, APPROVED, ...).
    """
    native = data.get("native_name") or ""
    raw = data.get("raw") or {}
    if native == "Containment":
        mode, by, reason = raw.get("mode", ""), raw.get("by") or "someone", raw.get("reason", "")
        badge = {"killed": "KILL", "normal": "RELEASE", "ask-everything": "CONTAIN"}.get(
            mode, "CONTAIN"
        )
        what = {"killed": "killed the session", "normal": "released the session"}.get(
            mode, f"set the session to {mode}"
        )
        return badge, f"{by} {what}" + (f": {reason}" if reason else "")
    if native == "ConsoleApproval":
        outcome = raw.get("outcome", "")
        detail = raw.get("detail") or outcome
        badge = {"approved": "APPROVED", "denied": "DENIED"}.get(outcome, "EXPIRED")
        return badge, f"{data.get('tool') or 'call'}: {detail}"
    agent_words = sensor_for_record(data.get("agent")).describe_event(data)
    if agent_words is not None:
        return "", agent_words
    if data.get("control"):
        return _control_label(data)
    if data.get("kind") == "observation":
        described = sensor_for_record(data.get("agent")).describe_record({**data, "kind": "action"})
        return "", f"output of {described}"
    if data.get("kind") == "other" and native:
        return "", f"{native} (agent event)"
    return (decision or "").upper(), sensor_for_record(data.get("agent")).describe_record(data)


_MODE_BADGE = {"killed": "KILL", "normal": "RELEASE", "ask-everything": "CONTAIN"}


def _control_label(data: dict[str, Any]) -> tuple[str, str]:
    """Bastion's own log entries (``audit/records.py``): attribution, mode changes, actions
    on the guard, the configuration in force, refusals made while the store was down."""
    name = str(data.get("control"))
    if name == "SessionAttribution":
        who = data.get("attribution") or {}
        return "", (
            f"session of {who.get('human') or 'an unknown human'} ({who.get('agent') or 'agent'}"
            f" on {who.get('host') or 'an unknown host'}), mode {data.get('mode') or 'normal'}"
        )
    if name == "ModeChange":
        mode, reason = str(data.get("mode") or ""), data.get("reason") or ""
        return _MODE_BADGE.get(mode, "CONTAIN"), (
            f"{data.get('by') or 'someone'} set the session {data.get('previous') or '?'} → "
            f"{mode}" + (f": {reason}" if reason else "")
        )
    if name == "ControlAction":
        details = {k: v for k, v in data.items() if k not in _CONTROL_COMMON}
        extra = ", ".join(f"{k} {v}" for k, v in details.items() if isinstance(v, str | int))
        return "", f"{data.get('by') or 'someone'}: {data.get('action')}" + (
            f" ({extra})" if extra else ""
        )
    if name == "Configuration":
        return "", (
            f"configuration in force: profile {data.get('profile')}, policy "
            f"{data.get('policy_hash')}, config {data.get('config_hash')}"
        )
    if name == "JournaledRefusal":
        refusal = data.get("refusal") or {}
        return "DENY", (
            f"refused without a decision ({refusal.get('reason') or 'no reason recorded'}): "
            f"{refusal.get('tool_name') or refusal.get('hook_event_name') or 'call'}"
        )
    return "", f"{name} (Bastion entry)"


_CONTROL_COMMON = frozenset(
    ("id", "session_id", "kind", "agent", "native_name", "time", "tool", "control", "action", "by")
)


def output_text(output: Any) -> str:
    """The readable part of a tool's (already redacted) result: stdout, file text, a string."""
    if output is None:
        return ""
    if isinstance(output, str):
        return output
    if isinstance(output, dict):
        parts = []
        if isinstance(output.get("stdout"), str):
            parts.append(output["stdout"])
        if isinstance(output.get("stderr"), str) and output["stderr"]:
            parts.append(output["stderr"])
        if parts:
            return "\n".join(p for p in parts if p)
        file = output.get("file")
        if isinstance(file, dict) and isinstance(file.get("content"), str):
            return str(file["content"])
        for key in ("content", "result", "output", "text", "error"):
            if isinstance(output.get(key), str):
                return str(output[key])
    if isinstance(output, list) and all(isinstance(x, dict) for x in output):
        texts = [str(x.get("text")) for x in output if isinstance(x.get("text"), str)]
        if texts:
            return "\n".join(texts)
    return json.dumps(output, ensure_ascii=False, default=str)
