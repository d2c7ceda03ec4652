"""``bastion explain``: what Bastion understood of a command and how each profile decides it."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from bastion.config import PROFILES
from bastion.detect.state import SessionState
from bastion.events import Decision, Event, EventKind
from bastion.policy.context import build_context
from bastion.policy.engine import PolicyEngine
from bastion.sensors.registry import DEFAULT_AGENT, get_sensor
from bastion.understand import paths as pathmod
from bastion.understand.actions import understand

# The field that names a fact, in order of preference; the rest is said after it.
_NAME_KEYS = ("path", "host", "target", "name", "kind")


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


def run_explain(console: Console, command: str, cwd: str, as_json: bool) -> None:
    home = os.path.expanduser("~")
    workspace = pathmod.find_workspace(cwd)
    sensor = get_sensor(DEFAULT_AGENT)
    shell = sensor.shell_tool
    spec = sensor.tool_spec(shell)
    tool_input = {spec.command_key: command}
    facts = understand(shell, tool_input, cwd=cwd, workspace=workspace, home=home, spec=spec)
    policy = PolicyEngine.load()
    state = SessionState("explain", workspace=workspace, home=home)
    event = Event(
        session_id="explain",
        kind=EventKind.ACTION,
        agent=sensor.name,
        native_name="PreToolUse",
        tool=shell,
        tool_input=tool_input,
        cwd=cwd,
    )
    from bastion import detect

    detection = detect.run(event, facts, state)
    decisions: dict[str, dict[str, Any]] = {}
    for profile in PROFILES:
        context = build_context(
            profile="balanced" if profile == "observe" else profile,
            tool=shell,
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
        result = policy.evaluate(spec.category, shell, sensor.name, context)
        decision = result.decision
        reasons = result.reasons
        if profile == "observe" and decision is not Decision.ALLOW:
            reasons = [f"would {decision.value}: " + "; ".join(reasons)]
            decision = Decision.ALLOW
        decisions[profile] = {
            "decision": decision.value,
            "reasons": reasons,
            "policies": result.policies,
        }
    summary = facts.summary()
    summary["findings"] = [f.to_dict() for f in detection.findings]
    if as_json:
        sys.stdout.write(
            json.dumps(
                {
                    "command": command,
                    "workspace": workspace,
                    "facts": summary,
                    "decisions": decisions,
                },
                indent=2,
            )
            + "\n"
        )
        return
    console.print(f"[bold]Command[/] {escape(command)}")
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
    for f in summary["findings"]:
        console.print(f"  [magenta]finding[/] {f['kind']} ({f['severity']}): {escape(f['detail'])}")
    for profile, d in decisions.items():
        style = {"allow": "green", "ask": "yellow", "deny": "red"}[d["decision"]]
        why = "; ".join(d["reasons"])
        console.print(f"  {profile:9} [{style}]{d['decision']}[/] {escape(why)}")
