"""Record real Claude Code hook payloads into ``tests/fixtures/claude_code/``.

Runs the pinned client headless against the scripted model with a logging hook (appends
its stdin to a file, prints nothing) registered for every hook event, drives sessions
that use each tool we care about, and writes one sanitized payload per (event, tool)
plus the full ordered event sequence of each session.

    npm ci --prefix tests/e2e/claude
    BASTION_CLAUDE_BIN=$PWD/tests/e2e/claude/node_modules/.bin/claude \
        .venv/bin/python tests/e2e/record_claude_fixtures.py

Temporary paths are replaced by placeholders so fixtures are stable: the workspace
becomes ``/home/dev/src/demo``, the temporary HOME ``/home/dev``.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from claude_client import TOOLS, claude_bin, make_workspace, run_claude
from scripted_model import ScriptedModel, ToolUse, is_main_request

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claude_code"
WORKSPACE_PLACEHOLDER = "/home/dev/src/demo"
HOME_PLACEHOLDER = "/home/dev"

# Every hook event name the 2.1.329 binary knows (its own list of event names).
HOOK_EVENTS = [
    "SessionStart", "Setup", "InstructionsLoaded", "UserPromptSubmit", "UserPromptExpansion",
    "PreToolUse", "PermissionRequest", "PermissionDenied", "PostToolUse", "PostToolUseFailure",
    "PostToolBatch", "Notification", "MessageDisplay", "Stop", "StopFailure", "SubagentStart",
    "SubagentStop", "TeammateIdle", "TaskCreated", "TaskCompleted", "PreCompact", "PostCompact",
    "PreModelSwitch", "PostModelSwitch", "Elicitation", "ElicitationResult", "ConfigChange",
    "WorktreeCreate", "WorktreeRemove", "CwdChanged", "FileChanged", "DirectoryAdded",
    "SessionEnd",
]  # fmt: skip

LOGGING_HOOK = """\
import json, os, sys
payload = json.loads(sys.stdin.read() or "null")
env = {k: v for k, v in os.environ.items() if "CLAUDE" in k}
with open(os.environ["BASTION_FIXTURE_LOG"], "a") as log:
    log.write(json.dumps({"payload": payload, "env": env, "hook_cwd": os.getcwd()}) + "\\n")
"""

SUBAGENT_PROMPT = "List the files of this repository."
WORKSPACE_FILES = {
    "README.md": "# demo\n",
    "app.py": "def greet():\n    return 'hello'\n",
    "CLAUDE.md": "Keep changes small.\n",
    "sub/.keep": "",
}


def tools_script(ws: Path) -> list[Any]:
    return [
        [ToolUse("Read", {"file_path": str(ws / "app.py")})],
        [
            ToolUse(
                "Edit",
                {"file_path": str(ws / "app.py"), "old_string": "hello", "new_string": "world"},
            )
        ],
        [ToolUse("Write", {"file_path": str(ws / "notes.txt"), "content": "todo: ship it\n"})],
        [ToolUse("Glob", {"pattern": "**/*.py"})],
        [ToolUse("Grep", {"pattern": "world", "path": str(ws), "output_mode": "content"})],
        [ToolUse("Bash", {"command": "git status --short", "description": "Show changed files"})],
        [ToolUse("Bash", {"command": "ls does-not-exist", "description": "List a missing file"})],
        [ToolUse("Read", {"file_path": str(ws / "missing.txt")})],
        [ToolUse("WebFetch", {"url": "https://example.com/", "prompt": "Summarize the page"})],
        [ToolUse("Bash", {"command": "cd sub && pwd", "description": "Enter sub"})],
        "Done: greeting changed, notes written.",
    ]


def fixture_name(payload: dict[str, Any]) -> str:
    event = str(payload.get("hook_event_name"))
    if payload.get("tool_name"):
        return f"{event}-{payload['tool_name']}"
    if event == "SessionStart" and payload.get("source") not in (None, "startup"):
        return f"{event}-{payload['source']}"
    if event == "UserPromptSubmit" and str(payload.get("prompt", "")).startswith(
        "<task-notification>"
    ):
        return f"{event}-task-notification"
    if event == "SubagentStop" and not payload.get("agent_type"):
        return f"{event}-compaction"
    return event


class Sanitizer:
    def __init__(self, ws: Path, home: Path) -> None:
        self.pairs: list[tuple[str, str]] = []
        for real, placeholder in ((ws, WORKSPACE_PLACEHOLDER), (home, HOME_PLACEHOLDER)):
            # Claude Code names per-project folders after the path, non-alphanumerics as '-'.
            self.pairs.append((_slug(str(real)), _slug(placeholder)))
        self.pairs += [(str(ws), WORKSPACE_PLACEHOLDER), (str(home), HOME_PLACEHOLDER)]
        self.pairs.append(("/tmp/claude-0/", "/tmp/claude-1000/"))
        self.secrets = {"CLAUDE_CODE_MESSAGING_TOKEN"}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, dict):
            value = {k: "<redacted>" if k in self.secrets else v for k, v in value.items()}
        text = json.dumps(value)
        for real, placeholder in self.pairs:
            text = text.replace(real, placeholder)
        return json.loads(text)


def _opens_with(body: Any, text: str) -> bool:
    """Whether the first message of a request (the subagent's task, say) contains ``text``."""
    messages = body.get("messages") if isinstance(body, dict) else None
    return bool(messages) and text in json.dumps(messages[0])


def _slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "-", path)


def main() -> int:
    executable = claude_bin()
    if not executable:
        print("BASTION_CLAUDE_BIN is not set", file=sys.stderr)
        return 2
    version = subprocess.run(
        [executable, "--version"], capture_output=True, text=True, timeout=30
    ).stdout.strip()
    root = Path(tempfile.mkdtemp(prefix="bastionfx"))
    # No '_' or '.' in the random part, so the slug replacement above is unambiguous.
    base = root / secrets.token_hex(4)
    ws, home, log = base / "ws", base / "home", base / "hooks.jsonl"
    make_workspace(ws, WORKSPACE_FILES)
    hook = base / "log_hook.py"
    hook.write_text(LOGGING_HOOK)
    command = f"{sys.executable} {hook}"
    settings = base / "settings.json"
    settings.write_text(
        json.dumps(
            {
                "hooks": {
                    event: [{"matcher": "*", "hooks": [{"type": "command", "command": command}]}]
                    for event in HOOK_EVENTS
                }
            },
            indent=2,
        )
    )
    env = {"BASTION_FIXTURE_LOG": str(log)}
    sessions: dict[str, list[dict[str, Any]]] = {}

    def session(
        name: str, script: list[Any], prompt: str, *args: str,
        tools: str = TOOLS, classify: Callable[[Any], bool] = is_main_request,
    ) -> None:  # fmt: skip
        start = sum(1 for _ in log.open()) if log.exists() else 0
        with ScriptedModel(script, classify=classify) as model:
            run = run_claude(
                executable, prompt, cwd=ws, home=home, base_url=model.base_url,
                settings=settings, tools=tools, extra_args=args, extra_env=env,
            )  # fmt: skip
        print(f"{name}: exit {run.returncode} in {run.seconds:.1f}s, "
              f"{model.turns_served}/{len(script)} turns, "
              f"denials {[d['tool_name'] for d in run.permission_denials]}")  # fmt: skip
        if run.returncode != 0:
            print(run.describe(), file=sys.stderr)
        sessions[name] = [json.loads(line) for line in log.open().readlines()[start:]]

    session("tools", tools_script(ws), "Rename the greeting to world and write notes.")
    # The subagent runs in the background and talks to the model on its own; its requests
    # get the side reply so that the main script stays in order.
    session(
        "subagent",
        [
            [ToolUse("Agent", {"description": "Survey repo", "prompt": SUBAGENT_PROMPT,
                               "subagent_type": "general-purpose"})],
            [ToolUse("Bash", {"command": "sleep 2", "description": "Wait for the helper"})],
            "The helper surveyed the repository.",
        ],
        "Ask a helper to survey the repository.",
        tools=TOOLS + ",Agent",
        classify=lambda body: is_main_request(body) and not _opens_with(body, SUBAGENT_PROMPT),
    )  # fmt: skip
    session("compact", [], "/compact", "--continue")

    clean = Sanitizer(ws, home)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "sessions").mkdir(exist_ok=True)
    for old in [*FIXTURES.glob("*.json"), *(FIXTURES / "sessions").glob("*.jsonl")]:
        old.unlink()
    written: dict[str, dict[str, Any]] = {}
    for name, records in sessions.items():
        lines = []
        for record in records:
            payload = clean(record["payload"])
            lines.append(json.dumps(payload))
            written.setdefault(fixture_name(payload), payload)
        (FIXTURES / "sessions" / f"{name}.jsonl").write_text("\n".join(lines) + "\n")
    for stem, payload in sorted(written.items()):
        (FIXTURES / f"{stem}.json").write_text(json.dumps(payload, indent=2) + "\n")
    first = sessions["tools"][0]
    (FIXTURES / "hook-environment.json").write_text(
        json.dumps({"env": clean(first["env"]), "hook_cwd": clean(first["hook_cwd"])}, indent=2)
        + "\n"
    )
    fired = {p["payload"]["hook_event_name"] for records in sessions.values() for p in records}
    print(f"Claude Code {version}: wrote {len(written)} fixtures to {FIXTURES}")
    print("fired:", sorted(fired))
    print("never fired:", [e for e in HOOK_EVENTS if e not in fired])
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
