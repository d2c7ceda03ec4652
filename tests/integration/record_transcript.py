"""Record a real Claude Code transcript with the hook payloads of the same session.

Runs the pinned client headless against the scripted model (as the e2e tests do), with a
logging hook registered for PreToolUse and PostToolUse, and writes
``fixtures/transcript-tools.jsonl`` (Claude Code's own transcript, sanitised) and
``fixtures/transcript-tools-hooks.jsonl`` (the hook payloads, in order), so the
transcript check is tested against real data whose tool_use ids match.

    BASTION_CLAUDE_BIN=$PWD/tests/e2e/claude/node_modules/.bin/claude \
        .venv/bin/python tests/integration/record_transcript.py
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

E2E = Path(__file__).resolve().parents[1] / "e2e"
sys.path.insert(0, str(E2E))

from claude_client import claude_bin, make_workspace, run_claude  # noqa: E402
from record_claude_fixtures import (  # noqa: E402
    HOOK_EVENTS,
    LOGGING_HOOK,
    WORKSPACE_FILES,
    Sanitizer,
    tools_script,
)
from scripted_model import ScriptedModel  # noqa: E402

OUT = Path(__file__).resolve().parent / "fixtures"


def main() -> int:
    executable = claude_bin()
    if not executable:
        print("BASTION_CLAUDE_BIN is not set", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="bastiontx"))
    base = root / secrets.token_hex(4)
    ws, home, log = base / "ws", base / "home", base / "hooks.jsonl"
    make_workspace(ws, WORKSPACE_FILES)
    hook = base / "log_hook.py"
    hook.write_text(LOGGING_HOOK)
    settings = base / "settings.json"
    command = f"{sys.executable} {hook}"
    settings.write_text(
        json.dumps(
            {
                "hooks": {
                    event: [{"matcher": "*", "hooks": [{"type": "command", "command": command}]}]
                    for event in HOOK_EVENTS
                    if event not in ("Setup",)
                }
            }
        )
    )
    with ScriptedModel(tools_script(ws)) as model:
        run = run_claude(
            executable,
            "Rename the greeting to world and write notes.",
            cwd=ws,
            home=home,
            base_url=model.base_url,
            settings=settings,
            extra_env={"BASTION_FIXTURE_LOG": str(log)},
        )
    print(f"exit {run.returncode} in {run.seconds:.1f}s")
    payloads = [json.loads(line)["payload"] for line in log.open()]
    transcript = Path(payloads[0]["transcript_path"])
    clean = Sanitizer(ws, home)
    OUT.mkdir(exist_ok=True)
    lines = [json.dumps(clean(json.loads(line))) for line in transcript.open() if line.strip()]
    (OUT / "transcript-tools.jsonl").write_text("\n".join(lines) + "\n")
    (OUT / "transcript-tools-hooks.jsonl").write_text(
        "\n".join(json.dumps(clean(p)) for p in payloads) + "\n"
    )
    version = subprocess.run([executable, "--version"], capture_output=True, text=True).stdout
    print(f"Claude Code {version.strip()}: {len(lines)} transcript lines, {len(payloads)} hooks")
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
