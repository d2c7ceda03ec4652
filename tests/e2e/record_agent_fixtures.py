"""Record the real hook payloads of Gemini CLI, Codex and Copilot CLI into tests/data/agents/.

Runs each pinned client headless against its scripted model with ``capture_hook.py``
registered for every hook event the agent documents (Copilot CLI: in both its camelCase and
its PascalCase, VS Code-compatible, spellings), drives one session that uses the tools we
care about, and writes one scrubbed payload per (event, tool), the ordered sequence of
events of the session (``sequence.json``) and the agent's own session log
(``transcript.jsonl``, for ``bastion coverage``).

    make agents
    .venv/bin/python tests/e2e/record_agent_fixtures.py [gemini-cli codex copilot]

Scrubbing: the temporary workspace becomes ``/home/dev/src/demo``, the temporary HOME
``/home/dev``, this interpreter and the capture hook lose their paths. Session ids, tool
call ids and timestamps are the clients' own (random, not machine-specific).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agent_clients import CLIENTS, RUNNERS, AgentClient, AgentRun, capture_command
from claude_client import make_workspace
from models.script import ToolCall, Turn

DATA = Path(__file__).resolve().parents[1] / "data" / "agents"
WORKSPACE_PLACEHOLDER = "/home/dev/src/demo"
HOME_PLACEHOLDER = "/home/dev"
WORKSPACE_FILES = {
    "README.md": "# demo service\n",
    "app.py": "def greet():\n    return 'hello'\n",
}
PROMPT = "Tidy up the demo service and tell me what you changed."

COPILOT_PASCAL = (
    "SessionStart", "SessionEnd", "UserPromptSubmit", "PreToolUse", "PostToolUse",
    "PostToolUseFailure", "ErrorOccurred", "Stop", "SubagentStop", "PreCompact",
    "PermissionRequest",
)  # fmt: skip


def gemini_script(ws: Path) -> list[Turn]:
    return [
        [ToolCall("run_shell_command", {"command": "git status --short",
                                        "description": "Show changed files"})],
        [ToolCall("read_file", {"file_path": str(ws / "README.md")})],
        [ToolCall("write_file", {"file_path": str(ws / "notes.txt"), "content": "todo\n"})],
        [ToolCall("replace", {"file_path": str(ws / "app.py"), "instruction": "say hi",
                              "old_string": "'hello'", "new_string": "'hi'"})],
        [ToolCall("list_directory", {"dir_path": str(ws)})],
        [ToolCall("glob", {"pattern": "**/*.py"})],
        [ToolCall("grep_search", {"pattern": "greet"})],
        [ToolCall("run_shell_command", {"command": "exit 3", "description": "Fail on purpose"})],
        "I tidied up the demo service.",
    ]  # fmt: skip


PATCH = "*** Begin Patch\n*** Add File: notes.txt\n+todo\n*** End Patch\n"


def codex_script(ws: Path) -> list[Turn]:
    return [
        [ToolCall("exec_command", {"cmd": "git status --short"})],
        [ToolCall("exec_command", {"cmd": "cat README.md", "workdir": str(ws)})],
        [ToolCall("apply_patch", PATCH)],
        [ToolCall("exec_command", {"cmd": "exit 3"})],
        "I tidied up the demo service.",
    ]


def copilot_script(ws: Path) -> list[Turn]:
    return [
        [ToolCall("bash", {"command": "git status --short", "description": "Show changed files"})],
        [ToolCall("view", {"path": str(ws / "README.md")})],
        [ToolCall("create", {"path": str(ws / "notes.txt"), "file_text": "todo\n"})],
        [ToolCall("edit", {"path": str(ws / "app.py"), "old_str": "'hello'", "new_str": "'hi'"})],
        [ToolCall("glob", {"pattern": "**/*.py"})],
        [ToolCall("grep", {"pattern": "greet"})],
        [ToolCall("bash", {"command": "exit 3", "description": "Fail on purpose"})],
        "I tidied up the demo service.",
    ]


SCRIPTS: dict[str, Callable[[Path], list[Turn]]] = {
    "gemini-cli": gemini_script,
    "codex": codex_script,
    "copilot": copilot_script,
}


class Scrub:
    """Replaces machine-specific strings (temporary paths, interpreter) with placeholders."""

    def __init__(self, ws: Path, home: Path, captured: Path) -> None:
        pairs = {
            str(captured): "/tmp/captured",
            str(ws.resolve()): WORKSPACE_PLACEHOLDER,
            str(ws): WORKSPACE_PLACEHOLDER,
            str(home.resolve()): HOME_PLACEHOLDER,
            str(home): HOME_PLACEHOLDER,
            sys.executable: "python3",
            str(Path(__file__).resolve().parent): "/opt/bastion-tests",
        }
        self.pairs = sorted(pairs.items(), key=lambda kv: -len(kv[0]))
        # Path-derived slugs some agents use for per-project directories.
        self.slugs = [(re.sub(r"[^A-Za-z0-9]", "-", a), re.sub(r"[^A-Za-z0-9]", "-", b))
                      for a, b in self.pairs if a.startswith("/")]  # fmt: skip

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            for old, new in self.pairs:
                value = value.replace(old, new)
            for old, new in self.slugs:
                value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {self(k): self(v) for k, v in value.items()}
        return value


def tool_of(payload: dict[str, Any]) -> str | None:
    for key in ("tool_name", "toolName"):
        if isinstance(payload.get(key), str):
            return str(payload[key])
    return None


def _transcript_of(captured: Path, home: Path) -> list[str] | None:
    """The agent's own session log, named by its last hook payload (inside the temporary home).

    Kept beside the payloads for ``bastion coverage`` (issue #16), which compares an agent's
    own log of tool calls with the decisions Bastion recorded.
    """
    for path in sorted(captured.glob("*.json"), reverse=True):
        try:
            payload = json.loads(json.loads(path.read_text())["stdin"])
        except (ValueError, KeyError):
            continue
        named = payload.get("transcript_path") or payload.get("transcriptPath")
        if not (isinstance(named, str) and named):
            continue
        log = Path(named)
        if home.resolve() in log.resolve().parents and log.is_file():
            return log.read_text().splitlines()
    return None


def hooks_for(agent: AgentClient, captured: Path) -> dict[str, list[str]]:
    events = (agent.pre_tool_event, agent.post_tool_event, *agent.lifecycle_events)
    hooks = {event: [capture_command(captured, event)] for event in events}
    if agent.name == "copilot":
        hooks.update({event: [capture_command(captured, event)] for event in COPILOT_PASCAL})
    return hooks


def record(agent: AgentClient, executable: str) -> None:
    out_dir = DATA / agent.name
    with tempfile.TemporaryDirectory(prefix="bastion-agent-fixtures-") as tmp:
        root = Path(tmp)
        ws = make_workspace(root / "demo", WORKSPACE_FILES)
        home, captured = root / "home", root / "captured"
        run: AgentRun = RUNNERS[agent.name](
            executable, PROMPT, SCRIPTS[agent.name](ws), ws=ws, home=home,
            hooks=hooks_for(agent, captured),
        )  # fmt: skip
        if run.returncode != 0 or run.model.turns_served < len(SCRIPTS[agent.name](ws)):
            raise SystemExit(f"{agent.name} run did not complete the script\n{run.describe()}")
        scrub = Scrub(ws, home, captured)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        out_dir.mkdir(parents=True)
        sequence: list[dict[str, Any]] = []
        written: set[str] = set()
        for path in sorted(captured.glob("*.json")):
            record = json.loads(path.read_text())
            try:
                payload = scrub(json.loads(record["stdin"]))
            except ValueError:
                payload = {"_raw_stdin": scrub(record["stdin"])}
            label, tool = record["label"], tool_of(payload)
            sequence.append({"hook": label, "tool": tool})
            name = f"{label}-{tool}" if tool else label
            if name in written:
                continue
            written.add(name)
            fixture = {"payload": payload, "env": scrub(record["env"])}
            (out_dir / f"{name}.json").write_text(json.dumps(fixture, indent=2) + "\n")
        (out_dir / "sequence.json").write_text(json.dumps(sequence, indent=2) + "\n")
        transcript = _transcript_of(captured, home)
        if transcript is not None:
            lines = [json.dumps(scrub(json.loads(line))) for line in transcript if line.strip()]
            (out_dir / "transcript.jsonl").write_text("\n".join(lines) + "\n")
        print(f"{agent.name}: {len(written)} fixtures, {len(sequence)} hook calls -> {out_dir}")


def main(argv: list[str]) -> int:
    names = argv or sorted(CLIENTS)
    for name in names:
        agent = CLIENTS[name]
        executable = agent.executable() or str(agent.default_bin)
        if not os.access(executable, os.X_OK):
            print(f"{name}: {agent.how_to_install()}", file=sys.stderr)
            return 2
        record(agent, executable)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
