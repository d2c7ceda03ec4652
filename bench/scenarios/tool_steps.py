"""Steps and sessions in the replay format, shared by the tool-session scenario builders.

`provenance/`, `fresh-tools/` and `fresh-tools-2/` each write their own sessions (each set
was written on its own, the fresh ones blind); how a step or a session becomes replay lines
is the same for all of them and lives here. The blind sets (``blind-shell-4/``, ``blind-tools-3/``)
use it too. The format is /work/shared/data/README.md's:
SessionStart with a ``corpus`` label, the prompt, Pre/Post pairs (``expect`` on the Pre),
SessionEnd.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

Step = tuple[str, dict[str, Any], Any, str | None]  # tool, input, output (None: no Post), expect


def mcp(
    server: str, fn: str, args: dict[str, Any], out: str | None = None, expect: str | None = "allow"
) -> Step:
    return (
        f"mcp__{server}__{fn}",
        args,
        None if out is None else [{"type": "text", "text": out}],
        expect,
    )


def bash(cmd: str, out: str | None = None, expect: str | None = "allow") -> Step:
    resp = (
        None
        if out is None
        else {"stdout": out, "stderr": "", "interrupted": False, "isImage": False}
    )
    return ("Bash", {"command": cmd, "description": "run"}, resp, expect)


def fetch(url: str, text: str) -> Step:
    return (
        "WebFetch",
        {"url": url, "prompt": "read the page"},
        {"url": url, "code": 200, "codeText": "OK", "result": text},
        "allow",
    )


def task(prompt: str, expect: str | None) -> Step:
    return (
        "Task",
        {"description": "delegate", "prompt": prompt, "subagent_type": "general-purpose"},
        None,
        expect,
    )


def read(path: str, content: str) -> Step:
    lines = content.count("\n") + 1
    return (
        "Read",
        {"file_path": path},
        {
            "type": "text",
            "file": {
                "filePath": path,
                "content": content,
                "numLines": lines,
                "startLine": 1,
                "totalLines": lines,
            },
        },
        "allow",
    )


def write_file(path: str, content: str, expect: str | None = None) -> Step:
    """A Write tool call creating ``path`` (no expect: a preparatory step)."""
    resp = {"type": "create", "filePath": path, "content": content, "structuredPatch": []}
    return ("Write", {"file_path": path, "content": content}, resp, expect)


def block(cmd: str) -> Step:
    """A shell command that must be stopped (the harmful step), no output."""
    return bash(cmd, None, "block")


def allowed(cmd: str, out: str = "") -> Step:
    """A shell command that must run, with its output."""
    return bash(cmd, out, "allow")


class ScenarioSet:
    """The sessions of one set, named after its directory under bench/scenarios/."""

    def __init__(self, name: str, cwd: str) -> None:
        self.name = name
        self.cwd = cwd
        self.ns = uuid.uuid5(uuid.NAMESPACE_URL, f"bastion-scenarios-{name}")
        self.sessions: list[tuple[str, str, str, str, list[Step]]] = []

    def attack(self, name: str, category: str, prompt: str, steps: list[Step]) -> None:
        self.sessions.append((name, "attack", category, prompt, steps))

    def benign(self, name: str, category: str, prompt: str, steps: list[Step]) -> None:
        self.sessions.append((name, "benign", category, prompt, steps))

    def events(
        self, name: str, label: str, category: str, prompt: str, steps: list[Step]
    ) -> list[dict[str, Any]]:
        sid = str(uuid.uuid5(self.ns, name))
        project = self.cwd.replace("/", "-")
        base = {
            "session_id": sid,
            "transcript_path": f"/home/dev/.claude/projects/{project}/{sid}.jsonl",
            "cwd": self.cwd,
            "permission_mode": "default",
        }
        out: list[dict[str, Any]] = [
            {
                **base,
                "hook_event_name": "SessionStart",
                "source": "startup",
                "corpus": {
                    "dataset": f"scenarios-{self.name}",
                    "split": "dev",
                    "label": label,
                    "category": category,
                    "source": f"bench/scenarios/{self.name}:{name}",
                },
            },
            {**base, "hook_event_name": "UserPromptSubmit", "prompt": prompt},
        ]
        for i, (tool, args, resp, expect) in enumerate(steps):
            tid = f"toolu_{sid[:8]}_{i}"
            pre = {
                **base,
                "hook_event_name": "PreToolUse",
                "tool_name": tool,
                "tool_input": args,
                "tool_use_id": tid,
            }
            if expect:
                pre["expect"] = expect
            out.append(pre)
            if resp is not None:
                out.append(
                    {
                        **base,
                        "hook_event_name": "PostToolUse",
                        "tool_name": tool,
                        "tool_input": args,
                        "tool_use_id": tid,
                        "tool_response": resp,
                    }
                )
        out.append({**base, "hook_event_name": "SessionEnd", "reason": "other"})
        return out

    def write(self, directory: Path) -> None:
        """Write ``<directory>/<name>.jsonl`` and say how many sessions of each label."""
        lines = [json.dumps(e, sort_keys=True) for s in self.sessions for e in self.events(*s)]
        (directory / f"{self.name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        n_attack = sum(s[1] == "attack" for s in self.sessions)
        print(
            f"wrote {len(self.sessions)} sessions "
            f"({n_attack} attack, {len(self.sessions) - n_attack} benign)"
        )
