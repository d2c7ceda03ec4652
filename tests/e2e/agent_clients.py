"""Run the real, pinned Gemini CLI, Codex and Copilot CLI headless against scripted models.

Each client is pinned in ``tests/e2e/<agent>/package-lock.json`` (``make agents``) and found
through ``BASTION_<AGENT>_BIN``. A run gets a throwaway ``HOME``, an environment built from
scratch (nothing of the developer's own agent setup leaks in), the scripted model server of
its vendor's wire API on loopback, the hooks it is given, written where that agent reads them,
and a hard timeout.

Where each agent reads hooks, and how it is made to run them headless here:

- Gemini CLI: ``<project>/.gemini/settings.json`` (``hooks``; project hooks are fingerprinted,
  a changed one is untrusted); the workspace is trusted in ``~/.gemini/trustedFolders.json``
  (folder trust is on by default; an untrusted folder makes ``-p`` exit 55).
- Codex: ``$CODEX_HOME/hooks.json`` (user layer). Codex runs an unmanaged hook only if its
  current hash is trusted in ``config.toml`` (``[hooks.state]``); ``trust_hooks="bypass"``
  passes ``--dangerously-bypass-hook-trust``, ``"app-server"`` records the trust through
  ``codex app-server`` as Codex's own ``/hooks`` screen does (``codex_trust.py``), ``"none"``
  leaves them untrusted.
- Copilot CLI: ``<project>/.github/hooks/<name>.json`` (``version: 1``), loaded only from a
  trusted folder (``--trust-folder`` for this one prompt-mode session).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.chat_completions import ChatCompletionsModel
from models.gemini_api import GeminiModel
from models.openai_responses import ResponsesModel
from models.script import ScriptedServer, Turn

E2E_DIR = Path(__file__).resolve().parent
CAPTURE_HOOK = E2E_DIR / "capture_hook.py"
RUN_TIMEOUT = 120.0
_PASSTHROUGH = ("PATH", "LANG", "LC_ALL", "TZ")
DUMMY_KEY = "dummy-" + "not-a-key"

# Hooks to install: event name (the agent's own spelling) -> shell commands.
Hooks = Mapping[str, Sequence[str]]


@dataclass
class AgentRun:
    agent: str
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    model: ScriptedServer

    def describe(self) -> str:
        return (
            f"$ {' '.join(self.argv)} -> {self.returncode} in {self.seconds:.1f}s\n"
            f"--- stdout\n{self.stdout[-4000:]}\n--- stderr\n{self.stderr[-4000:]}\n"
            f"--- {self.model.describe()}"
        )


@dataclass(frozen=True)
class AgentClient:
    """How to run one agent: its pinned package, binary, model server and hook layout."""

    name: str  # Bastion's agent name, as in `bastion install <name>`
    npm_dir: str  # tests/e2e/<npm_dir>
    binary: str
    server: Callable[[Sequence[Turn]], ScriptedServer]
    shell_tool: str  # the tool that runs a shell command, in the agent's vocabulary
    pre_tool_event: str
    post_tool_event: str
    lifecycle_events: tuple[str, ...] = field(default=())

    @property
    def env_var(self) -> str:
        return f"BASTION_{self.npm_dir.upper()}_BIN"

    @property
    def default_bin(self) -> Path:
        return E2E_DIR / self.npm_dir / "node_modules" / ".bin" / self.binary

    def executable(self) -> str | None:
        value = os.environ.get(self.env_var, "").strip()
        return value or None

    def how_to_install(self) -> str:
        return (
            f"set {self.env_var} to the pinned client, e.g.: make agents && "
            f"export {self.env_var}=$PWD/{self.default_bin.relative_to(E2E_DIR.parent.parent)}"
        )

    def require(self) -> str:
        """The client's executable; skips the test when unset (fails under CI's REQUIRE_ALL)."""
        import pytest

        executable = self.executable()
        if executable is None:
            message = f"{self.name} e2e tests need {self.env_var}: {self.how_to_install()}"
            if os.environ.get("BASTION_REQUIRE_ALL") == "1":
                pytest.fail(message)
            pytest.skip(message)
        if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
            pytest.fail(f"{self.env_var}={executable} is not executable; {self.how_to_install()}")
        return executable

    def shell_call_args(self, command: str) -> dict[str, Any]:
        if self.name == "gemini-cli":
            return {"command": command}
        if self.name == "codex":
            return {"cmd": command}
        return {"command": command, "description": "run a command"}


GEMINI = AgentClient(
    "gemini-cli", "gemini", "gemini", GeminiModel, "run_shell_command", "BeforeTool", "AfterTool",
    ("SessionStart", "SessionEnd", "BeforeAgent", "AfterAgent", "BeforeModel", "AfterModel",
     "BeforeToolSelection", "PreCompress", "Notification"),
)  # fmt: skip
CODEX = AgentClient(
    "codex", "codex", "codex", ResponsesModel, "exec_command", "PreToolUse", "PostToolUse",
    ("SessionStart", "SessionEnd", "UserPromptSubmit", "PermissionRequest", "Stop",
     "PreCompact", "PostCompact", "SubagentStart", "SubagentStop"),
)  # fmt: skip
COPILOT = AgentClient(
    "copilot", "copilot", "copilot", ChatCompletionsModel, "bash", "preToolUse", "postToolUse",
    ("sessionStart", "sessionEnd", "userPromptSubmitted", "postToolUseFailure", "errorOccurred",
     "agentStop", "subagentStart", "subagentStop", "preCompact", "permissionRequest",
     "notification"),
)  # fmt: skip
CLIENTS = {c.name: c for c in (GEMINI, CODEX, COPILOT)}


def capture_command(out_dir: Path, label: str, reply: Path | None = None) -> str:
    """The shell command of a hook that records its payload in ``out_dir`` (and answers)."""
    parts = [sys.executable, str(CAPTURE_HOOK), str(out_dir), label]
    if reply is not None:
        parts.append(str(reply))
    return " ".join(shlex.quote(p) for p in parts)


def base_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: os.environ[k] for k in _PASSTHROUGH if k in os.environ}
    env.update({"HOME": str(home), "TERM": "dumb", "NO_COLOR": "1"})
    env.update(extra or {})
    return env


# -- hook files ----------------------------------------------------------------------------


def write_gemini_hooks(ws: Path, hooks: Hooks, timeout_s: float = 30) -> Path:
    settings = ws / ".gemini" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"hooks": {}}
    for event, commands in hooks.items():
        matcher = "*" if event in ("BeforeTool", "AfterTool") else ""
        data["hooks"][event] = [
            {
                "matcher": matcher,
                "hooks": [
                    {
                        "type": "command",
                        "command": c,
                        "name": f"probe-{event}-{i}",
                        "timeout": int(timeout_s * 1000),
                    }
                    for i, c in enumerate(commands)
                ],
            }
        ]
    settings.write_text(json.dumps(data, indent=2))
    return settings


def write_codex_hooks(codex_home: Path, hooks: Hooks, timeout_s: float = 30) -> Path:
    path = codex_home / "hooks.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "hooks": {
            event: [{"hooks": [_codex_handler(c, timeout_s) for c in cmds]}]
            for event, cmds in hooks.items()
        }
    }
    path.write_text(json.dumps(data, indent=2))
    return path


def _codex_handler(command: str, timeout_s: float) -> dict[str, Any]:
    # An integer: Codex skips a whole hooks.json whose timeout is a float, silently.
    return {"type": "command", "command": command, "timeout": int(timeout_s)}


def write_copilot_hooks(
    ws: Path, hooks: Hooks, name: str = "probe.json", timeout_s: float = 30
) -> Path:
    path = ws / ".github" / "hooks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": 1,
        "hooks": {
            event: [{"type": "command", "bash": c, "timeoutSec": int(timeout_s)} for c in cmds]
            for event, cmds in hooks.items()
        },
    }
    path.write_text(json.dumps(data, indent=2))
    return path


# -- runs ----------------------------------------------------------------------------------


def run_command(
    agent: str,
    argv: list[str],
    cwd: Path,
    env: dict[str, str],
    model: ScriptedServer,
    timeout: float,
) -> AgentRun:
    started = time.monotonic()
    try:
        done = subprocess.run(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(
            f"{agent} did not finish within {timeout:.0f}s: {' '.join(argv)}\n"
            f"stdout: {exc.stdout!r}\nstderr: {exc.stderr!r}\n{model.describe()}"
        ) from exc
    return AgentRun(
        agent, argv, done.returncode, done.stdout, done.stderr, time.monotonic() - started, model
    )


def run_gemini(
    executable: str, prompt: str, script: Sequence[Turn], *, ws: Path, home: Path,
    hooks: Hooks | None = None, hook_timeout: float = 30,
    extra_env: Mapping[str, str] | None = None, timeout: float = RUN_TIMEOUT,
) -> AgentRun:  # fmt: skip
    """``gemini -p PROMPT --output-format json --yolo`` with API-key auth on the scripted model."""
    gemini_home = home / ".gemini"
    gemini_home.mkdir(parents=True, exist_ok=True)
    (gemini_home / "settings.json").write_text(
        json.dumps(
            {
                "security": {"auth": {"selectedType": "gemini-api-key"}},
                "privacy": {"usageStatisticsEnabled": False},  # nothing leaves the machine
            }
        )
    )
    (gemini_home / "trustedFolders.json").write_text(json.dumps({str(ws): "TRUST_FOLDER"}))
    if hooks is not None:
        write_gemini_hooks(ws, hooks, timeout_s=hook_timeout)
    argv = [executable, "-p", prompt, "--output-format", "json", "--yolo",
            "-m", "gemini-2.5-flash"]  # fmt: skip
    with GeminiModel(script) as model:
        env = base_env(
            home, {"GEMINI_API_KEY": DUMMY_KEY, "GOOGLE_GEMINI_BASE_URL": model.base_url}
        )
        env.update(extra_env or {})
        return run_command("gemini-cli", argv, ws, env, model, timeout)


def codex_config(base_url: str, model: str = "gpt-5.5") -> str:
    return (
        f'model = "{model}"\n'
        'model_provider = "scripted"\n'
        "[model_providers.scripted]\n"
        'name = "scripted"\n'
        f'base_url = "{base_url}/v1"\n'
        'wire_api = "responses"\n'
        'env_key = "SCRIPTED_API_KEY"\n'
    )


def _kept_hook_state(config: Path) -> str:
    """The ``[hooks.state]`` tables of an existing ``config.toml`` (trust from earlier runs)
    and its ``[mcp_servers]`` (as ``bastion install mcp`` left them: routed or not)."""
    if not config.exists():
        return ""
    import tomlkit

    existing = tomllib.loads(config.read_text())
    state = existing.get("hooks", {}).get("state", {})
    lines = []
    for key, fields in state.items():
        lines.append(f"[hooks.state.{json.dumps(key)}]")
        lines += [f"{name} = {json.dumps(value)}" for name, value in fields.items()]
    servers = existing.get("mcp_servers")
    if servers:
        lines.append(tomlkit.dumps({"mcp_servers": servers}))
    return "\n".join(lines) + "\n" if lines else ""


def run_codex(
    executable: str, prompt: str, script: Sequence[Turn], *, ws: Path, home: Path,
    hooks: Hooks | None = None, hook_timeout: float = 30, trust_hooks: str = "bypass",
    extra_env: Mapping[str, str] | None = None, timeout: float = RUN_TIMEOUT,
) -> AgentRun:  # fmt: skip
    """``codex exec --json`` with a custom Responses provider on the scripted model.

    Codex's own sandbox is bypassed (it needs namespaces a container may not grant); what
    runs is judged by the hooks, as the tests intend.
    """
    codex_home = home / ".codex"
    codex_home.mkdir(parents=True, exist_ok=True)
    if hooks is not None:
        write_codex_hooks(codex_home, hooks, timeout_s=hook_timeout)
    argv = [executable, "exec", "--json", "--skip-git-repo-check",
            "--dangerously-bypass-approvals-and-sandbox"]  # fmt: skip
    if trust_hooks == "bypass":
        argv.append("--dangerously-bypass-hook-trust")
    argv.append(prompt)
    with ResponsesModel(script) as model:
        config = codex_home / "config.toml"
        config.write_text(codex_config(model.base_url) + _kept_hook_state(config))
        env = base_env(home, {"CODEX_HOME": str(codex_home), "SCRIPTED_API_KEY": DUMMY_KEY})
        env.update(extra_env or {})
        if trust_hooks == "app-server":
            from codex_trust import trust_hooks as trust

            trust(executable, env, ws, lambda hook: True)
        return run_command("codex", argv, ws, env, model, timeout)


def run_copilot(
    executable: str, prompt: str, script: Sequence[Turn], *, ws: Path, home: Path,
    hooks: Hooks | None = None, hook_timeout: float = 30,
    extra_env: Mapping[str, str] | None = None, timeout: float = RUN_TIMEOUT,
) -> AgentRun:  # fmt: skip
    """``copilot -p PROMPT --allow-all-tools --trust-folder`` in offline BYOK mode."""
    home.mkdir(parents=True, exist_ok=True)
    if hooks is not None:
        write_copilot_hooks(ws, hooks, timeout_s=hook_timeout)
    argv = [executable, "-p", prompt, "--allow-all-tools", "--trust-folder",
            "--output-format", "json"]  # fmt: skip
    with ChatCompletionsModel(script) as model:
        env = base_env(
            home,
            {
                "COPILOT_OFFLINE": "true",
                "COPILOT_AUTO_UPDATE": "false",
                "COPILOT_PROVIDER_BASE_URL": model.base_url + "/v1",
                "COPILOT_PROVIDER_API_KEY": DUMMY_KEY,
                "COPILOT_MODEL": "gpt-4.1",
            },
        )
        env.update(extra_env or {})
        return run_command("copilot", argv, ws, env, model, timeout)


RUNNERS: dict[str, Callable[..., AgentRun]] = {
    "gemini-cli": run_gemini,
    "codex": run_codex,
    "copilot": run_copilot,
}


def tool_output(run: AgentRun, call: Any) -> str:
    """What the client sent the model back for ``call`` (its tool result), as text."""
    model = run.model
    if isinstance(model, GeminiModel):
        response = model.response_for(call)
        return json.dumps(response) if response is not None else ""
    if isinstance(model, (ResponsesModel, ChatCompletionsModel)):
        output = model.output_for(call)
        return output if isinstance(output, str) else json.dumps(output)
    raise TypeError(type(model).__name__)
