"""The agent hook fixtures in tests/data/agents are what they claim to be.

Recorded payloads must be free of the recording machine (temporary paths, the interpreter,
the test tree) and carry the fields a sensor will key on; documentation-built ones must say
they are. See tests/data/agents/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

AGENTS_DIR = Path(__file__).resolve().parents[1] / "data" / "agents"
RECORDED = ("gemini-cli", "codex", "copilot")
FROM_DOCS = ("cursor", "windsurf")
MACHINE_MARKERS = ("/tmp/pytest", "/work/", "/root/", "bastion-agent-fixtures-", ".venv/bin")


def fixtures(agent: str) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((AGENTS_DIR / agent).glob("*.json")):
        if path.name != "sequence.json":
            found[path.stem] = json.loads(path.read_text())
    return found


@pytest.mark.parametrize("agent", RECORDED + FROM_DOCS)
def test_every_fixture_is_a_payload_with_no_trace_of_the_recording_machine(agent: str) -> None:
    found = fixtures(agent)
    assert found, f"no fixtures for {agent}"
    for name, fixture in found.items():
        assert set(fixture) >= {"payload", "env"}, name
        assert isinstance(fixture["payload"], dict) and fixture["payload"], name
        text = json.dumps(fixture)
        for marker in MACHINE_MARKERS:
            assert marker not in text, f"{agent}/{name} holds {marker!r}"


@pytest.mark.parametrize("agent", FROM_DOCS)
def test_documentation_fixtures_say_where_they_come_from(agent: str) -> None:
    for name, fixture in fixtures(agent).items():
        assert str(fixture.get("source", "")).startswith("documentation: https://"), name


# (agent, pre-tool fixture, post-tool fixture, the tool-input key, the tool-output key)
TOOL_PAIRS = [
    ("gemini-cli", "BeforeTool-run_shell_command", "AfterTool-run_shell_command",
     "tool_input", "tool_response"),
    ("codex", "PreToolUse-Bash", "PostToolUse-Bash", "tool_input", "tool_response"),
    ("copilot", "preToolUse-bash", "postToolUse-bash", "toolArgs", "toolResult"),
    ("copilot", "PreToolUse-Bash", "PostToolUse-Bash", "tool_input", "tool_result"),
]  # fmt: skip


@pytest.mark.parametrize(("agent", "pre", "post", "input_key", "output_key"), TOOL_PAIRS)
def test_recorded_shell_calls_carry_the_command_and_its_result(
    agent: str, pre: str, post: str, input_key: str, output_key: str
) -> None:
    found = fixtures(agent)
    before, after = found[pre]["payload"], found[post]["payload"]
    assert before[input_key]["command"] == "git status --short"
    assert after[input_key]["command"] == "git status --short"
    assert output_key in after, f"{post} has no {output_key}"  # may be "" (clean git status)
    session_key = "sessionId" if "sessionId" in before else "session_id"
    assert before[session_key] and before[session_key] == after[session_key]


def test_recorded_sequences_put_each_pre_tool_hook_before_its_post_tool_hook() -> None:
    pairs = {"gemini-cli": ("BeforeTool", "AfterTool"), "codex": ("PreToolUse", "PostToolUse"),
             "copilot": ("preToolUse", "postToolUse")}  # fmt: skip
    for agent, (pre, post) in pairs.items():
        sequence = json.loads((AGENTS_DIR / agent / "sequence.json").read_text())
        hooks = [step["hook"] for step in sequence if step["hook"] in (pre, post)]
        assert hooks and len(hooks) % 2 == 0, (agent, hooks)
        assert hooks == [pre, post] * (len(hooks) // 2), (agent, hooks)


@pytest.mark.parametrize("agent", RECORDED)
def test_recorded_session_logs_are_scrubbed_json_lines(agent: str) -> None:
    """The agent's own session log (for `bastion coverage`) went through the same scrub."""
    text = (AGENTS_DIR / agent / "transcript.jsonl").read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert len(lines) > 3
    for marker in MACHINE_MARKERS:
        assert marker not in text, f"{agent}/transcript.jsonl holds {marker!r}"
    assert "git status --short" in text  # the recorded session's first command is in it
