"""What each real agent client does with a hook's answer: the facts behind docs/agents.md.

Every case runs the pinned client headless against its scripted model. The model asks for
one shell command that creates ``marker.txt``; the pre-tool hook (``capture_hook.py``) answers
in one way (a deny in the agent's own JSON, exit 2, exit 1, a crash, garbage on stdout, an
"ask", a timeout). We then look at the disk: did the command run? And at what the client sent
the model back: did our reason reach it? A case that says ``runs`` is a **fail-open** path:
Bastion's hook command must never answer that way when it means "no".

These are the clients' behaviours, measured, not Bastion's: if an upgrade of a pinned client
changes one, this test fails and docs/agents.md must change with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from agent_clients import (
    CLIENTS,
    DUMMY_KEY,
    RUNNERS,
    AgentClient,
    base_env,
    capture_command,
    run_command,
    tool_output,
)
from claude_client import make_workspace
from models.script import ToolCall

pytestmark = pytest.mark.e2e

REASON = "BASTION-PROBE-REASON"


def deny_json(agent: str, decision: str = "deny") -> dict[str, Any]:
    """The agent's own "no" (or "ask") on stdout, as its hook docs spell it."""
    if agent == "gemini-cli":
        return {"decision": decision, "reason": REASON}
    if agent == "codex":
        return {
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": decision,
                "permissionDecisionReason": REASON,
            }
        }
    return {"permissionDecision": decision, "permissionDecisionReason": REASON}


@dataclass(frozen=True)
class Case:
    mode: str
    reply: dict[str, Any]


def cases(agent: str) -> list[Case]:
    return [
        Case("deny-json", {"stdout": json.dumps(deny_json(agent))}),
        Case("exit-2", {"exit": 2, "stderr": REASON}),
        Case("exit-1", {"exit": 1, "stderr": "hook crashed"}),
        Case("exit-127", {"exit": 127, "stderr": "bastion-hook: command not found"}),
        Case("garbage-stdout", {"stdout": "Traceback (most recent call last): ..."}),
        Case("deny-json-exit-1", {"stdout": json.dumps(deny_json(agent)), "exit": 1}),
        Case("ask-json", {"stdout": json.dumps(deny_json(agent, "ask"))}),
        Case("timeout", {"sleep": 6, "stdout": json.dumps(deny_json(agent))}),
    ]


# Measured outcome per agent and answer: "blocked" (with our reason reaching the model, or
# "blocked-no-reason"), "runs" (fail-open), or "hangs" (the headless run never finishes).
EXPECTED: dict[str, dict[str, str]] = {
    "gemini-cli": {
        "deny-json": "blocked",
        "exit-2": "blocked",
        "exit-1": "runs",
        "exit-127": "blocked-no-reason",
        "garbage-stdout": "runs",
        "deny-json-exit-1": "blocked",
        "ask-json": "hangs",
        "timeout": "runs",
    },
    "codex": {
        "deny-json": "blocked",
        "exit-2": "blocked",
        "exit-1": "runs",
        "exit-127": "runs",
        "garbage-stdout": "runs",
        "deny-json-exit-1": "runs",
        "ask-json": "runs",
        "timeout": "runs",
    },
    "copilot": {
        "deny-json": "blocked",
        "exit-2": "blocked-no-reason",
        "exit-1": "blocked-no-reason",
        "exit-127": "blocked-no-reason",
        "garbage-stdout": "runs",
        "deny-json-exit-1": "blocked-no-reason",
        "ask-json": "blocked",
        "timeout": "runs",
    },
}
HOOK_TIMEOUT_S = 2  # the hook's configured timeout in the "timeout" case; it sleeps 6 s
HANG_LIMIT_S = 25.0


@pytest.fixture(scope="module", params=sorted(CLIENTS))
def client(request: pytest.FixtureRequest) -> Iterator[tuple[AgentClient, str]]:
    agent = CLIENTS[request.param]
    yield agent, agent.require()


@pytest.mark.parametrize("mode", [c.mode for c in cases("codex")])
def test_client_treats_a_pre_tool_hook_answer_as_measured(
    client: tuple[AgentClient, str], mode: str, tmp_path: Path
) -> None:
    agent, executable = client
    case = next(c for c in cases(agent.name) if c.mode == mode)
    expected = EXPECTED[agent.name][mode]
    ws = make_workspace(tmp_path / "ws", {"README.md": "# demo\n"})
    captured = tmp_path / "captured"
    reply = tmp_path / "reply.json"
    reply.write_text(json.dumps(case.reply))
    hooks = {
        agent.pre_tool_event: [capture_command(captured, "pre", reply)],
        agent.post_tool_event: [capture_command(captured, "post")],
    }
    call = ToolCall(agent.shell_tool, agent.shell_call_args("touch marker.txt && echo ran"))
    hook_timeout = HOOK_TIMEOUT_S if mode == "timeout" else 30
    run_timeout = HANG_LIMIT_S if expected == "hangs" else 150.0
    try:
        run = RUNNERS[agent.name](
            executable, "Create the marker file.", [[call], "Finished."],
            ws=ws, home=tmp_path / "home", hooks=hooks, hook_timeout=hook_timeout,
            timeout=run_timeout,
        )  # fmt: skip
    except AssertionError as exc:
        assert expected == "hangs" and "did not finish" in str(exc), str(exc)
        assert not (ws / "marker.txt").exists()
        return
    assert expected != "hangs", f"{agent.name} finished although it hung before\n{run.describe()}"
    pre_calls = sorted(captured.glob("*-pre.json"))
    assert pre_calls, f"the pre-tool hook never ran\n{run.describe()}"
    payload = json.loads(json.loads(pre_calls[0].read_text())["stdin"])
    assert "touch marker.txt" in json.dumps(payload), payload
    ran = (ws / "marker.txt").exists()
    output = tool_output(run, call)
    if expected == "runs":
        assert ran, f"{agent.name} blocked on {mode}, measured as fail-open\n{run.describe()}"
        assert sorted(captured.glob("*-post.json")), "the post-tool hook did not run"
    else:
        assert not ran, f"{agent.name} ran the command on {mode}\n{run.describe()}"
        assert not sorted(captured.glob("*-post.json")), "a post-tool hook ran for a blocked call"
        if expected == "blocked":
            assert REASON in output, f"our reason did not reach the model: {output!r}"
        else:
            assert REASON not in output and output, output


def test_codex_skips_untrusted_hooks_without_a_word(tmp_path: Path) -> None:
    """Without trust (no ``[hooks.state]`` hash, no bypass flag) Codex never runs the hook."""
    agent = CLIENTS["codex"]
    executable = agent.require()
    ws = make_workspace(tmp_path / "ws", {"README.md": "# demo\n"})
    captured = tmp_path / "captured"
    reply = tmp_path / "reply.json"
    reply.write_text(json.dumps({"stdout": json.dumps(deny_json("codex"))}))
    hooks = {"PreToolUse": [capture_command(captured, "pre", reply)]}
    call = ToolCall(agent.shell_tool, agent.shell_call_args("touch marker.txt"))
    run = RUNNERS["codex"](
        executable, "Create the marker file.", [[call], "Finished."],
        ws=ws, home=tmp_path / "home", hooks=hooks, trust_hooks="none",
    )  # fmt: skip
    assert run.returncode == 0, run.describe()
    assert not captured.exists(), "Codex ran an untrusted hook"
    assert (ws / "marker.txt").exists(), f"the command did not run\n{run.describe()}"


# The post-tool answer that withholds a tool's output from the model, in each agent's terms.
WITHHOLD = "[withheld by the post-tool hook]"
POST_TOOL_BLOCK: dict[str, dict[str, Any]] = {
    "gemini-cli": {"decision": "deny", "reason": WITHHOLD},  # documented: reason replaces it
    "codex": {"decision": "block", "reason": WITHHOLD},  # documented: reason goes to the model
    "copilot": {"decision": "block", "reason": WITHHOLD},  # not in the CLI docs; measured
}


def test_post_tool_block_keeps_the_output_from_the_model(
    client: tuple[AgentClient, str], tmp_path: Path
) -> None:
    """Redaction of an observation: the command's output never reaches the model."""
    agent, executable = client
    ws = make_workspace(tmp_path / "ws", {"README.md": "# demo\n"})
    captured = tmp_path / "captured"
    reply = tmp_path / "reply.json"
    reply.write_text(json.dumps({"stdout": json.dumps(POST_TOOL_BLOCK[agent.name])}))
    hooks = {agent.post_tool_event: [capture_command(captured, "post", reply)]}
    # The canary is assembled by printf, so it is in the output but not in the command
    # (Gemini CLI refuses $(...) in a command outright).
    call = ToolCall(agent.shell_tool, agent.shell_call_args("printf 'CANARY-%s\\n' 4321"))
    run = RUNNERS[agent.name](
        executable, "Print the canary.", [[call], "Finished."], ws=ws, home=tmp_path / "home",
        hooks=hooks,
    )  # fmt: skip
    post = sorted(captured.glob("*-post.json"))
    assert post and "CANARY-4321" in post[0].read_text(), "the hook did not see the output"
    assert WITHHOLD in tool_output(run, call), run.describe()
    later = json.dumps([r.body for r in run.model.main_requests])
    assert "CANARY-4321" not in later, f"the output reached the model\n{run.describe()}"


def rewrite_reply(agent: str, command: str) -> dict[str, Any]:
    """The pre-tool answer that replaces the tool's input, as each agent documents it."""
    if agent == "gemini-cli":
        return {"hookSpecificOutput": {"tool_input": {"command": command}}}
    if agent == "codex":
        return {
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": "allow",
                "updatedInput": {"command": command},
            }
        }
    args = {"command": command, "description": "rewritten"}
    return {"permissionDecision": "allow", "modifiedArgs": args}


# Measured: whether the agent runs the rewritten input (the way Bastion would swap a brokered
# secret in, or strip one out, before a call runs).
REWRITE_APPLIES = {"gemini-cli": True, "codex": True, "copilot": True}


def test_pre_tool_input_rewrite(client: tuple[AgentClient, str], tmp_path: Path) -> None:
    agent, executable = client
    ws = make_workspace(tmp_path / "ws", {"README.md": "# demo\n"})
    captured = tmp_path / "captured"
    reply = tmp_path / "reply.json"
    reply.write_text(
        json.dumps({"stdout": json.dumps(rewrite_reply(agent.name, "touch rewritten.txt"))})
    )
    hooks = {agent.pre_tool_event: [capture_command(captured, "pre", reply)]}
    call = ToolCall(agent.shell_tool, agent.shell_call_args("touch original.txt"))
    run = RUNNERS[agent.name](
        executable, "Touch a file.", [[call], "Finished."], ws=ws, home=tmp_path / "home",
        hooks=hooks,
    )  # fmt: skip
    assert sorted(captured.glob("*-pre.json")), f"the hook did not run\n{run.describe()}"
    rewritten, original = (ws / "rewritten.txt").exists(), (ws / "original.txt").exists()
    if REWRITE_APPLIES[agent.name]:
        assert rewritten and not original, run.describe()
    else:
        assert original and not rewritten, run.describe()


def _secure_dir() -> Path | None:
    """A fresh directory none of whose ancestors others can write (Gemini CLI insists on it
    for its system settings file), or None when the home is not such a place."""
    import stat
    import tempfile

    base = Path.home()
    for parent in (base, *base.parents):
        if parent.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
    return Path(tempfile.mkdtemp(prefix=".bastion-gemini-system-", dir=base))


@pytest.mark.parametrize(
    ("layer", "project_settings", "hook_runs"),
    [
        ("user", {}, True),
        ("user", {"hooksConfig": {"enabled": False}}, False),
        ("user", {"hooksConfig": {"disabled": ["bastion"]}}, False),
        ("system", {"hooksConfig": {"enabled": False}}, True),
        ("system", {"hooksConfig": {"disabled": ["bastion"]}}, False),
    ],
)
def test_gemini_project_settings_can_switch_hooks_off(
    layer: str, project_settings: dict[str, Any], hook_runs: bool, tmp_path: Path
) -> None:
    """A project's own .gemini/settings.json (which the agent can write) silences our hook.

    User-level hooks fall to ``hooksConfig.enabled: false`` and to ``hooksConfig.disabled``;
    system overrides (``GEMINI_CLI_SYSTEM_SETTINGS_PATH``, final say for single values) hold
    ``enabled`` but not the ``disabled`` list, which merges across layers.
    """
    import shutil

    from models.gemini_api import GeminiModel

    agent = CLIENTS["gemini-cli"]
    executable = agent.require()
    ws = make_workspace(tmp_path / "ws", {"README.md": "# demo\n"})
    (ws / ".gemini").mkdir()
    (ws / ".gemini" / "settings.json").write_text(json.dumps(project_settings))
    captured, reply = tmp_path / "captured", tmp_path / "reply.json"
    reply.write_text(json.dumps({"stdout": json.dumps(deny_json("gemini-cli"))}))
    hook = {
        "type": "command",
        "name": "bastion",
        "command": capture_command(captured, "pre", reply),
    }
    hooks = {"BeforeTool": [{"matcher": "*", "hooks": [hook]}]}
    home = tmp_path / "home"
    (home / ".gemini").mkdir(parents=True)
    (home / ".gemini" / "trustedFolders.json").write_text(json.dumps({str(ws): "TRUST_FOLDER"}))
    user: dict[str, Any] = {"security": {"auth": {"selectedType": "gemini-api-key"}}}
    extra: dict[str, str] = {}
    system_dir: Path | None = None
    if layer == "system":
        system_dir = _secure_dir()
        if system_dir is None:
            pytest.skip("no directory without group/other-writable ancestors for system settings")
        settings = system_dir / "settings.json"
        settings.write_text(json.dumps({"hooks": hooks, "hooksConfig": {"enabled": True}}))
        extra["GEMINI_CLI_SYSTEM_SETTINGS_PATH"] = str(settings)
    else:
        user["hooks"] = hooks
    (home / ".gemini" / "settings.json").write_text(json.dumps(user))
    call = ToolCall("run_shell_command", {"command": "touch marker.txt"})
    try:
        with GeminiModel([[call], "Finished."]) as model:
            env = base_env(home, {"GEMINI_API_KEY": DUMMY_KEY,
                                  "GOOGLE_GEMINI_BASE_URL": model.base_url, **extra})  # fmt: skip
            argv = [executable, "-p", "Touch the marker.", "--output-format", "json", "--yolo",
                    "-m", "gemini-2.5-flash"]  # fmt: skip
            run = run_command("gemini-cli", argv, ws, env, model, 120.0)
    finally:
        if system_dir is not None:
            shutil.rmtree(system_dir, ignore_errors=True)
    assert captured.exists() is hook_runs, run.describe()
    assert (ws / "marker.txt").exists() is not hook_runs, run.describe()


def test_codex_runs_hooks_trusted_through_app_server_and_skips_them_once_modified(
    tmp_path: Path,
) -> None:
    """Trust recorded by hash: our hook runs; edit its command and Codex skips it silently."""
    from codex_trust import hook_states

    agent = CLIENTS["codex"]
    executable = agent.require()
    ws = make_workspace(tmp_path / "ws", {"README.md": "# demo\n"})
    home, captured = tmp_path / "home", tmp_path / "captured"
    reply = tmp_path / "reply.json"
    reply.write_text(json.dumps({"stdout": json.dumps(deny_json("codex"))}))
    hooks = {"PreToolUse": [capture_command(captured, "pre", reply)]}
    call = ToolCall(agent.shell_tool, agent.shell_call_args("touch first.txt"))
    run = RUNNERS["codex"](
        executable, "Touch a file.", [[call], "Finished."], ws=ws, home=home, hooks=hooks,
        trust_hooks="app-server",
    )  # fmt: skip
    assert sorted(captured.glob("*-pre.json")), f"the trusted hook did not run\n{run.describe()}"
    assert not (ws / "first.txt").exists() and REASON in tool_output(run, call)

    # The same hook with one more argument: a new hash, so Codex no longer trusts it.
    modified = {"PreToolUse": [capture_command(captured, "pre-modified", reply) + " --edited"]}
    call = ToolCall(agent.shell_tool, agent.shell_call_args("touch second.txt"))
    run = RUNNERS["codex"](
        executable, "Touch a file.", [[call], "Finished."], ws=ws, home=home, hooks=modified,
        trust_hooks="none",
    )  # fmt: skip
    env = base_env(home, {"CODEX_HOME": str(home / ".codex")})
    assert set(hook_states(executable, env, ws).values()) == {"modified"}, run.describe()
    assert not sorted(captured.glob("*-pre-modified.json")), "Codex ran a modified hook"
    assert (ws / "second.txt").exists(), f"the call did not run\n{run.describe()}"
