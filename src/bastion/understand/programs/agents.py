"""Coding-agent CLIs: flags that switch off their permission checks, and an agent started from
the shell (its prompt is code that another agent will act on).
"""

from __future__ import annotations

from bastion.understand import agent_approval
from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
)


def agent_flags(inv: Invocation, sink: Sink) -> None:
    argv = inv.argv
    bypass = [a for a in argv if a.split("=", 1)[0] in cat.BYPASS_FLAGS]
    if inv.program in cat.AGENT_CLIS and ("--yolo" in argv or "-y" in argv[1:2]):
        bypass.append("--yolo")
    if inv.program in cat.AGENT_CLIS:
        # Each agent spells "act without asking" its own way (``--yes-always``,
        # ``--full-auto``, ``--auto-approve``): judged by the flag's shape, as a setting is.
        for arg in argv[1:]:
            if arg.startswith("--") and not arg.startswith("--no-"):
                name, _, value = arg[2:].partition("=")
                if agent_approval.widening(name, value or "true"):
                    bypass.append(arg)
    for i, arg in enumerate(argv):
        if arg == "--permission-mode" and i + 1 < len(argv) and argv[i + 1] == "bypassPermissions":
            bypass.append("--permission-mode bypassPermissions")
        elif arg.startswith("--permission-mode=bypassPermissions"):
            bypass.append(arg)
    if not bypass and inv.program not in {"grep", "rg", "echo", "printf"}:
        joined = " ".join(argv[1:])
        if any(word in joined for word in cat.BYPASS_WORDS):
            bypass.append("bypassPermissions")
    for flag in dict.fromkeys(bypass):
        add_change(
            sink, "self_tamper", "bypass-permissions", inv.program, f"{inv.program} run with {flag}"
        )


@handles("claude", "codex", "gemini", "cursor-agent", "aider")
def _agent_cli(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if texts[:2] in (["mcp", "add"], ["mcp", "add-json"], ["config", "set"]):
        add_change(
            sink,
            "self_tamper",
            "agent-settings",
            " ".join(texts[2:3]),
            f"{inv.program} {' '.join(texts[:2])} changes agent configuration",
        )
    return NO_OUTPUT
