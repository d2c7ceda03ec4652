"""The hook side without a daemon: wrap, deny a reach for the wrapper (Cedar decides, on the
sandbox's refusal), never silent when bubblewrap cannot run; the sandbox settings and their
one-line description."""

from __future__ import annotations

import os
import shlex
import tempfile
from pathlib import Path

import pytest

from bastion.contain import launch
from bastion.contain.rewrite import Sandbox
from bastion.contain.settings import Availability, SandboxSettings, describe
from bastion.detect.state import SessionState
from bastion.engine import Engine
from bastion.errors import ConfigError
from bastion.events import Decision, Event, EventKind, Verdict
from bastion.policy import engine as policy_engine_module
from bastion.policy.engine import PolicyEngine
from bastion.store import Store

OK = Availability(True, "/usr/bin/bwrap", "/usr/bin/socat", "")
MISSING = Availability(False, "", "", "bubblewrap is not installed (apt-get install bubblewrap)")


def bash(command: str, cwd: str) -> Event:
    return Event(
        session_id="s1",
        kind=EventKind.ACTION,
        agent="claude-code",
        native_name="PreToolUse",
        tool="Bash",
        tool_input={"command": command, "dangerouslyDisableSandbox": True},
        cwd=cwd,
    )


def sandbox(tmp_path: Path, availability: Availability, **kw: object) -> Sandbox:
    settings = SandboxSettings(enabled=True, **kw)  # type: ignore[arg-type]
    user_home = tmp_path / "uh"
    user_home.mkdir(exist_ok=True)
    return Sandbox(
        settings, str(tmp_path / "h"), user_home=str(user_home), availability=availability
    )


def test_allowed_command_is_wrapped_and_the_original_is_inside(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    box = sandbox(tmp_path, OK)
    state = SessionState("s1", workspace=str(ws))
    out = box.apply(bash("make test && echo 'quoted'", str(ws)), state, Verdict(Decision.ALLOW))
    assert out.decision is Decision.ALLOW and out.updated_input is not None
    command = out.updated_input["command"]
    words = shlex.split(command)
    assert words[:4] == ["exec", "/usr/bin/bwrap", "--args", "3"]
    assert words[words.index("bash") + 2] == "make test && echo 'quoted'"
    assert "dangerouslyDisableSandbox" not in out.updated_input
    assert out.to_dict()["updated_input"] == out.updated_input  # recorded with the verdict
    args = Path(launch.args_path(str(tmp_path / "h"), "s1")).read_bytes().split(b"\0")
    assert b"--unshare-net" in args and b"--die-with-parent" in args


def decided(box: Sandbox, event: Event, tmp_path: Path, profile: str = "balanced") -> Verdict:
    """The verdict of the whole pipeline with ``box`` as the engine's sandbox: Cedar decides
    on the sandbox's refusal (``15-sandbox.cedar``), then the sandbox wraps what may run."""
    store = Store(f"sqlite:///{tempfile.mkdtemp(dir=tmp_path)}/b.db")  # a fresh session
    try:
        engine = Engine(store, PolicyEngine.load(), profile=profile, home_dir=str(tmp_path))
        engine.sandbox = box
        return engine.process(event)
    finally:
        store.close()


def test_reaching_for_the_wrapper_is_denied_by_policy(tmp_path: Path) -> None:
    box = sandbox(tmp_path, OK)
    for command in ("bwrap --bind / / sh", "/usr/bin/nsenter -t 1 sh", "ls /tmp/.bastion-egress"):
        refusal = box.refusal(bash(command, str(tmp_path)))
        assert refusal is not None and refusal.kind == "wrapper", command
        out = decided(box, bash(command, str(tmp_path)), tmp_path)
        assert out.decision is Decision.DENY and out.policies[0] == "sandbox.wrapper", command
        assert "may not reach, start or take apart" in out.reasons[0]
        assert out.updated_input is None and out.policy_hash
    # The observe profile does not loosen the sandbox, which is configured on its own.
    observed = decided(box, bash("bwrap --bind / / sh", str(tmp_path)), tmp_path, "observe")
    assert observed.decision is Decision.DENY
    # A word that merely contains the name is not a reach.
    assert box.refusal(bash("echo nobwrapper", str(tmp_path))) is None
    out = decided(box, bash("echo nobwrapper", str(tmp_path)), tmp_path)
    assert out.decision is Decision.ALLOW and out.updated_input is not None


def test_unavailable_sandbox_denies_or_says_analysis_only(tmp_path: Path) -> None:
    denied = decided(sandbox(tmp_path, MISSING), bash("ls", str(tmp_path)), tmp_path)
    assert denied.decision is Decision.DENY and denied.policies[0] == "sandbox.unavailable"
    assert "apt-get install bubblewrap" in denied.reasons[0]
    lenient = sandbox(tmp_path, MISSING, unavailable="analysis-only")
    assert lenient.refusal(bash("ls", str(tmp_path))) is None
    analysed = decided(lenient, bash("ls", str(tmp_path)), tmp_path)
    assert analysed.decision is Decision.ALLOW and analysed.updated_input is None
    assert any("analysis only" in r for r in analysed.reasons)


def test_other_tools_and_denials_pass_unchanged(tmp_path: Path) -> None:
    box = sandbox(tmp_path, OK)
    read = Event(session_id="s1", kind=EventKind.ACTION, agent="claude-code",
                 native_name="PreToolUse", tool="Read", tool_input={"file_path": "/x"})  # fmt: skip
    verdict = Verdict(Decision.ALLOW)
    assert box.apply(read, SessionState("s1"), verdict) is verdict
    deny = Verdict(Decision.DENY, reasons=["policy"])
    assert box.apply(bash("ls", str(tmp_path)), SessionState("s1"), deny) is deny


def test_shell_of_an_agent_that_cannot_run_a_rewritten_input_is_left_alone(
    tmp_path: Path,
) -> None:
    # Gemini CLI's reply carries no updatedInput for a plain call: wrapping there would
    # record a sandbox the command never ran in, so the sandbox keeps to agents that can.
    shell = Event(session_id="s1", kind=EventKind.ACTION, agent="gemini-cli",
                  native_name="BeforeTool", tool="run_shell_command",
                  tool_input={"command": "bwrap --bind / / sh"}, cwd=str(tmp_path))  # fmt: skip
    verdict = Verdict(Decision.ALLOW)
    assert sandbox(tmp_path, OK).apply(shell, SessionState("s1"), verdict) is verdict


def test_settings_are_checked_and_described() -> None:
    with pytest.raises(ConfigError):
        SandboxSettings.from_extra({"sandbox": {"unavailable": "allow"}})
    assert describe({}).startswith("off")
    line = describe({"sandbox": {"enabled": True, "bwrap": "no-such-bwrap-here"}})
    assert line.startswith("ON BUT UNAVAILABLE") and "denied" in line


def test_profile_is_built_ahead_at_session_start(tmp_path: Path) -> None:
    import time

    ws = tmp_path / "ws"
    ws.mkdir()
    box = sandbox(tmp_path, OK)
    start = Event(session_id="s1", kind=EventKind.SESSION_START, agent="claude-code",
                  native_name="SessionStart", cwd=str(ws))  # fmt: skip
    box.apply(start, SessionState("s1", workspace=str(ws)), Verdict(Decision.ALLOW))
    deadline = time.monotonic() + 10
    while "s1" not in box._built and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "s1" in box._built, "no profile was built ahead"
    ahead = box._built["s1"].profile
    out = box.apply(
        bash("ls", str(ws)), SessionState("s1", workspace=str(ws)), Verdict(Decision.ALLOW)
    )
    assert out.updated_input is not None and box._built["s1"].profile is ahead  # reused


class _Proxy:
    """The rewrite's view of the running proxy: how commands join the session's network."""

    def __init__(self, join: launch.Join | None) -> None:
        self.join = join
        self.shared: list[int] = []

    def ensure_session(
        self, session_id: str, egress_dir: str, share_uid: int = -1
    ) -> launch.Join | None:
        self.shared.append(share_uid)
        return self.join

    def holder_prefix(self, session_id: str) -> str:
        return ""

    def publish(self, view: object) -> None:
        pass

    def end_session(self, session_id: str) -> None:
        pass


def test_not_as_root_commands_join_the_sessions_user_and_network_namespaces(
    tmp_path: Path,
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    box = sandbox(tmp_path, OK)
    box.proxy = _Proxy(launch.Join("/proc/9/fd/7", "/proc/9/fd/6"))
    out = box.apply(bash("make", str(ws)), SessionState("s1", workspace=str(ws)),
                    Verdict(Decision.ALLOW))  # fmt: skip
    assert out.updated_input is not None
    words = shlex.split(out.updated_input["command"])
    assert words[:5] == ["exec", launch.NSENTER, "--preserve-credentials",
                         "--user=/proc/9/fd/6", "--net=/proc/9/fd/7"]  # fmt: skip
    args = Path(words[-1]).read_bytes().split(b"\0")
    assert b"--unshare-net" not in args  # the session's namespace, made once
    at = args.index(b"--unshare-user")
    assert args[at : at + 5] == [b"--unshare-user", b"--uid", str(os.getuid()).encode(),
                                 b"--gid", str(os.getgid()).encode()]  # fmt: skip
    assert args[args.index(b"--cap-drop") + 1] == b"ALL"


def test_each_way_onto_the_network_has_its_own_options_file(tmp_path: Path) -> None:
    """A command rewritten for its own network namespace keeps reading options that make
    one, even when the session later joins a shared namespace (or the other way round)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    box = sandbox(tmp_path, OK)
    state = SessionState("s1", workspace=str(ws))
    box.proxy = _Proxy(None)
    own = box.apply(bash("ls", str(ws)), state, Verdict(Decision.ALLOW)).updated_input
    box.proxy = _Proxy(launch.Join("/proc/9/fd/7", "/proc/9/fd/6"))
    joined = box.apply(bash("ls", str(ws)), state, Verdict(Decision.ALLOW)).updated_input
    assert own is not None and joined is not None
    own_file, joined_file = (Path(shlex.split(c["command"])[-1]) for c in (own, joined))
    assert own_file != joined_file
    assert b"--unshare-net" in own_file.read_bytes().split(b"\0")
    assert b"--unshare-net" not in joined_file.read_bytes().split(b"\0")


def _unused_uid() -> int:
    import pwd

    taken = {p.pw_uid for p in pwd.getpwall()}
    return next(uid for uid in range(61000, 62000) if uid not in taken)


def test_system_mode_sandbox_that_cannot_be_opened_to_the_developer_is_cedars_deny(
    tmp_path: Path,
) -> None:
    # System mode: the session's hooks came from another uid than the daemon's. A uid with
    # no account has no home to walk for credentials, so its sandbox cannot be prepared:
    # the fault is a fact before the decision (context.sandbox) and the deny is a rule of
    # 15-sandbox.cedar, under the policy hash, not a rewrite of Cedar's allow afterwards.
    box = sandbox(tmp_path, OK)
    stranger = _unused_uid()
    box.owner_of = lambda _sid: stranger
    refusal = box.refusal(bash("ls", str(tmp_path)), str(tmp_path))
    assert refusal is not None and refusal.kind == "unshareable"
    assert f"uid {stranger} has no account" in refusal.reason
    out = decided(box, bash("ls", str(tmp_path)), tmp_path)
    assert out.decision is Decision.DENY and out.policies[0] == "sandbox.unshareable"
    assert out.reasons[0].startswith("the sandbox cannot be shared with you: uid")
    assert out.updated_input is None and out.policy_hash == PolicyEngine.load().hash
    # Like the sandbox's other refusals, the observe profile does not loosen it.
    observed = decided(box, bash("ls", str(tmp_path)), tmp_path, "observe")
    assert observed.decision is Decision.DENY and observed.policies[0] == "sandbox.unshareable"
    # Not a shell call: nothing to prepare, nothing refused.
    read = Event(session_id="s1", kind=EventKind.ACTION, agent="claude-code",
                 native_name="PreToolUse", tool="Read", tool_input={"file_path": "/x"})  # fmt: skip
    assert box.refusal(read) is None


def test_policy_without_the_unshareable_rule_lets_cedar_decide(tmp_path: Path) -> None:
    # The deny is the rule's: a policy set without it (a team that removed it) allows the
    # call, which then runs with analysis only and says so; the policy hash differs.
    pack = Path(policy_engine_module.__file__).parent / "packs" / "default"
    files = []
    for path in sorted(pack.glob("*.cedar")):
        text = path.read_text()
        if path.name == "15-sandbox.cedar":
            text = text[: text.index("// System mode: the command runs as the developer")]
        files.append((path.name, text))
    lenient = PolicyEngine(files)
    assert lenient.hash != PolicyEngine.load().hash
    box = sandbox(tmp_path, OK)
    stranger = _unused_uid()
    box.owner_of = lambda _sid: stranger
    store = Store(f"sqlite:///{tempfile.mkdtemp(dir=tmp_path)}/b.db")
    try:
        engine = Engine(store, lenient, home_dir=str(tmp_path))
        engine.sandbox = box
        out = engine.process(bash("ls", str(tmp_path)))
    finally:
        store.close()
    assert out.decision is Decision.ALLOW and out.updated_input is None
    assert any("cannot be shared with you" in r and "analysis only" in r for r in out.reasons)
