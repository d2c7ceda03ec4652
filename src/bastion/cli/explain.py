"""``bastion explain``: what Bastion understood of a command and how each profile decides it."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from bastion.cli.views import ProfileDecision
from bastion.config import PROFILES
from bastion.core.tools import ToolKind
from bastion.detect.state import SessionState
from bastion.events import Decision, Event, EventKind
from bastion.policy.context import build_context
from bastion.policy.engine import PolicyEngine
from bastion.sensors.base import Sensor
from bastion.sensors.registry import DEFAULT_AGENT, files_of, get_sensor
from bastion.understand import paths as pathmod
from bastion.understand.actions import understand

# The field that names a fact, in order of preference; the rest is said after it.
_NAME_KEYS = ("path", "host", "target", "name", "kind")


def _native_event(sensor: Sensor, kind: EventKind) -> str:
    """The agent's own name for a tool event of this kind (its first declared tool event that
    the sensor reads as ``kind``), so the events explain builds look like the agent's."""
    for name in files_of(sensor.name).tool_events:
        if sensor.event_kind(name) is kind:
            return name
    return kind.value


def fact_line(item: Any) -> str:
    """One fact as words: ``x.io:80 via curl, sends data (external)``, not a JSON object."""
    if not isinstance(item, dict):
        return str(item)
    if "host" in item:
        where = item.get("host") or "(a configured remote)"
        if item.get("port"):
            where += f":{item['port']}"
        via = f" via {item['tool']}" if item.get("tool") else ""
        sends = ", sends data" if item.get("sends_data") else ""
        classes = ", ".join(item.get("classes") or [])
        return f"{where}{via}{sends}" + (f" ({classes})" if classes else "")
    name_key = next((k for k in _NAME_KEYS if item.get(k)), None)
    head = str(item[name_key]) if name_key else ""
    rest = []
    for key, value in item.items():
        if key == name_key or value in (None, "", [], False):
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        rest.append(str(value) if key in ("detail", "kind", "classes") else f"{key} {value}")
    return head + (f" ({'; '.join(rest)})" if rest else "")


def run_explain(
    console: Console,
    command: str,
    cwd: str,
    as_json: bool,
    *,
    tool: str | None = None,
    tool_input: dict[str, Any] | None = None,
    prompt: str = "",
    seen: list[tuple[str, str]] | None = None,
) -> None:
    """Judge one call in a fresh session: `command` for the agent's shell tool (``tool``
    None), else `tool` with `tool_input`.

    `prompt` is the user's request and `seen` the (name, text) of tool outputs the agent read
    before the call, each as untrusted content (a web page, a message, an MCP result): with
    them, the provenance of each target value of the call is shown.
    """
    home = os.path.expanduser("~")
    workspace = pathmod.find_workspace(cwd)
    sensor = get_sensor(DEFAULT_AGENT)
    tool = tool or sensor.shell_tool
    spec = sensor.tool_spec(tool)
    if spec.kind is ToolKind.SHELL:
        tool_input = {spec.command_key: command}
    else:
        tool_input = dict(tool_input or {})
    facts = understand(tool, tool_input, cwd=cwd, workspace=workspace, home=home, spec=spec)
    policy = PolicyEngine.load()
    state = SessionState("explain", workspace=workspace, home=home, prompt=prompt)
    from bastion import detect
    from bastion.detect import provenance
    from bastion.detect.injection import assess

    for i, (name, text) in enumerate(seen or []):
        observed = Event(
            session_id="explain",
            kind=EventKind.OBSERVATION,
            agent=sensor.name,
            native_name=_native_event(sensor, EventKind.OBSERVATION),
            tool=sensor.mcp_tool("seen", name),
            tool_input={},
            cwd=cwd,
            id=f"seen-{i}",
        )
        provenance.on_observation(
            observed, text, state, trusted=False, flagged=assess(text).is_injection
        )
    event = Event(
        session_id="explain",
        kind=EventKind.ACTION,
        agent=sensor.name,
        native_name=_native_event(sensor, EventKind.ACTION),
        tool=tool,
        tool_input=tool_input,
        cwd=cwd,
    )
    detection = detect.run(event, facts, state)
    values = provenance.trace(event, facts, state)
    decisions: dict[str, ProfileDecision] = {}
    for profile in PROFILES:
        context = build_context(
            profile="balanced" if profile == "observe" else profile,
            tool=tool,
            event="action",
            human="you",
            agent=sensor.name,
            permission_mode="default",
            facts=facts,
            findings=detection.findings,
            state=state,
            workspace=workspace,
            home=home,
        )
        result = policy.evaluate(spec.category, tool, sensor.name, context)
        decision = result.decision
        reasons = result.reasons
        if profile == "observe" and decision is not Decision.ALLOW:
            reasons = [f"would {decision.value}: " + "; ".join(reasons)]
            decision = Decision.ALLOW
        decisions[profile] = ProfileDecision(
            decision=decision.value, reasons=list(reasons), policies=list(result.policies)
        )
    summary = facts.summary()
    summary["findings"] = [f.to_dict() for f in detection.findings]
    summary["provenance"] = [
        {"argument": v.argument, "value": v.value, "from": v.where} for v in values
    ]
    if as_json:
        sys.stdout.write(
            json.dumps(
                {
                    "command": command,
                    "tool": tool,
                    "workspace": workspace,
                    "facts": summary,
                    "decisions": decisions,
                },
                indent=2,
            )
            + "\n"
        )
        return
    if spec.kind is ToolKind.SHELL:
        console.print(f"[bold]Command[/] {escape(command)}")
    else:
        console.print(f"[bold]Call[/] {escape(tool)} {escape(json.dumps(tool_input))}")
    console.print(f"[dim]workspace[/] {workspace}")
    for key in (
        "reads",
        "writes",
        "destinations",
        "executes",
        "destructive",
        "privilege",
        "persistence",
        "self_tamper",
        "suspicious",
        "env_reads",
        "credential_stores",
    ):
        value = summary.get(key)
        if value:
            items = value if isinstance(value, list) else [value]
            console.print(f"  [cyan]{key.replace('_', ' ')}[/]:")
            for item in items:
                console.print(f"      {escape(fact_line(item))}", highlight=False)
    if summary.get("opaque"):
        console.print(f"  [yellow]opaque[/]: {escape('; '.join(summary['opaque_reasons']))}")
    for effect in summary.get("effects", []):
        # The effect model: what the call can do, how it was resolved, where it came from.
        detail = "; ".join(
            f"{key} {effect[key]}" for key in ("how", "provenance") if effect.get(key)
        )
        target = effect.get("target", "")
        console.print(
            f"  [blue]effect[/] {effect['verb']} {escape(effect['kind'])}"
            + (f" {escape(target)}" if target else "")
            + (f" [dim]({escape(detail)})[/]" if detail else "")
        )
    for line in summary.get("resolution", []):
        console.print(f"  [dim]resolved[/] {escape(line)}")
    for v in summary["provenance"]:
        # Where each value that chooses a target came from (detect/provenance.py).
        console.print(
            f"  [cyan]value[/] {escape(v['argument'])} = {escape(v['value'])}"
            f" [dim]from {escape(v['from'])}[/]"
        )
    for f in summary["findings"]:
        console.print(f"  [magenta]finding[/] {f['kind']} ({f['severity']}): {escape(f['detail'])}")
    for profile, d in decisions.items():
        style = {"allow": "green", "ask": "yellow", "deny": "red"}[d["decision"]]
        why = "; ".join(d["reasons"])
        console.print(f"  {profile:9} [{style}]{d['decision']}[/] {escape(why)}")
