"""What a new user meets in decisions and the record (issue 20): the kill reason reaches the
agent, approvals follow the console and say who answered, redaction keeps nothing of a
value, credential files can be kept from the model, risk and incidents triage.

The hook tests run the real daemon (`bastion up`) and real `bastion-hook` processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bastion.cli.demo import incident_payloads
from bastion.config import ConfigError, Home, Settings, credential_files
from bastion.daemon import build_engine
from bastion.detect.secrets import FingerprintSet
from bastion.engine import Redactor
from bastion.events import Decision, Finding, Severity
from bastion.respond import risk
from bastion.respond.alerts import INCIDENT_GAP_S, group_incidents
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE
from bastion.server import console_file

BIN = Path(sys.executable).parent
ASKING = {  # sudo asks under the balanced profile
    "session_id": "nu-ask-1",
    "transcript_path": "/home/dev/.claude/projects/x/nu-ask-1.jsonl",
    "cwd": "/home/dev/src/app",
    "permission_mode": "default",
    "hook_event_name": "PreToolUse",
    "tool_name": "Bash",
    "tool_input": {"command": "sudo journalctl -u nginx -n 20", "description": "read logs"},
    "tool_use_id": "toolu_nu_ask",
}


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    env["BASTION_HOME"] = str(home)
    return env


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "bastion"), *args, "--home", str(home)],
        capture_output=True,
        text=True,
        env=env_for(home),
        timeout=60,
    )


def hook(home: Path, payload: dict[str, Any]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(BIN / "bastion-hook"), "claude-code"],
        input=json.dumps(payload).encode(),
        capture_output=True,
        timeout=60,
        env=env_for(home),
    )


@pytest.fixture
def daemon(home: Path):  # type: ignore[no-untyped-def]
    up = cli(home, "up")
    assert up.returncode == 0, up.stderr
    yield home
    cli(home, "down")


def reason_of(done: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    reply = json.loads(done.stdout)["hookSpecificOutput"]
    return reply["permissionDecision"], reply["permissionDecisionReason"]


# -- 7. the kill reason reaches the agent ---------------------------------------------------


def test_the_kill_reason_and_real_session_id_reach_the_agent(daemon: Path) -> None:
    sid = "9f1c2d3e-kill-reason-session"
    steps = incident_payloads(sid)
    assert hook(daemon, steps[0]).returncode == 0
    killed = cli(daemon, "kill", sid, "--reason", "pushing to a fork we do not own")
    assert killed.returncode == 0, killed.stderr
    decision, reason = reason_of(hook(daemon, steps[2]))
    assert decision == "deny"
    assert "pushing to a fork we do not own" in reason
    assert f"bastion release {sid}" in reason and "SESSION" not in reason
    assert "killed by os:" in reason  # the person, not "cli"


# -- 5. approvals follow the console --------------------------------------------------------


def pending_id(home: Path, deadline_s: float = 20) -> int:
    db = create_engine(f"sqlite:///{home / 'bastion.db'}")
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        with db.connect() as conn:
            try:
                row = conn.execute(
                    text("SELECT id FROM approvals WHERE status = 'pending'")
                ).first()
            except Exception:
                row = None
        if row:
            return int(row[0])
        time.sleep(0.1)
    raise AssertionError("no pending approval appeared")


def test_without_a_console_an_ask_is_the_agents_own_prompt(daemon: Path) -> None:
    started = time.monotonic()
    decision, reason = reason_of(hook(daemon, ASKING))
    assert decision == "ask" and time.monotonic() - started < 10
    # the agent (and so the user) learns how else to get it approved
    assert "bastion up --with-console" in reason and "bastion approvals" in reason


def test_with_a_console_running_asks_wait_there_and_name_who_approved(daemon: Path) -> None:
    console_file.announce(daemon, "http://127.0.0.1:8788")  # this process plays the console
    try:
        out: list[Any] = []
        waiting = threading.Thread(target=lambda: out.append(hook(daemon, ASKING)))
        waiting.start()
        approval = pending_id(daemon)
        listed = cli(daemon, "approvals")
        assert str(approval) in listed.stdout and "sudo journalctl" in listed.stdout
        answered = cli(daemon, "approvals", "approve", str(approval))
        assert answered.returncode == 0, answered.stderr
        waiting.join(60)
    finally:
        console_file.withdraw(daemon)
    decision, reason = reason_of(out[0])
    assert decision == "allow"
    assert "approved in the console by os:" in reason
    shown = cli(daemon, "show", ASKING["session_id"])
    assert "APPROVED" in shown.stdout and "approved in the console by os:" in shown.stdout


def test_an_unanswered_ask_tells_the_agent_where_to_approve(home: Path) -> None:
    (home / "config.toml").write_text("[console]\napproval_timeout_s = 1\n")
    up = cli(home, "up")
    assert up.returncode == 0, up.stderr
    console_file.announce(home, "http://127.0.0.1:8789")
    try:
        decision, reason = reason_of(hook(home, ASKING))
    finally:
        console_file.withdraw(home)
        cli(home, "down")
    assert decision == "deny"
    assert "http://127.0.0.1:8789/approvals" in reason and "bastion approvals" in reason


def test_approvals_false_keeps_asks_with_the_agent_even_with_a_console(home: Path) -> None:
    (home / "config.toml").write_text("[console]\napprovals = false\n")
    assert cli(home, "up").returncode == 0
    console_file.announce(home, "http://127.0.0.1:8790")
    try:
        decision, _ = reason_of(hook(home, ASKING))
    finally:
        console_file.withdraw(home)
        cli(home, "down")
    assert decision == "ask"


# -- 8. ask-everything ends with the session -------------------------------------------------


def test_ask_everything_is_lifted_when_the_session_ends(home: Path) -> None:
    engine = build_engine(Home.resolve(home).ensure())
    sensor = CLAUDE_CODE
    sid = "ask-everything-ends"
    steps = incident_payloads(sid)
    try:
        engine.process(sensor.to_event(steps[0]))
        engine.set_mode(sid, "ask-everything", "odd behaviour", "os:tester")
        assert (engine.store.session(sid) or {})["mode"] == "ask-everything"
        engine.process(sensor.to_event(steps[-1]))  # SessionEnd
        assert (engine.store.session(sid) or {})["mode"] == "normal"
        engine.set_mode(sid, "killed", "stop", "os:tester")
        engine.process(sensor.to_event(steps[-1]))
        assert (engine.store.session(sid) or {})["mode"] == "killed"  # a kill stays
    finally:
        engine.store.close()


# -- 3. redaction and credential files ------------------------------------------------------


def test_fingerprint_redaction_keeps_no_character_of_the_value() -> None:
    value = "postgres://billing:Zq8vT3kPw9LmX2rN@db.internal:5432/billing"
    fingerprints = FingerprintSet(b"k" * 32)
    fingerprints.add_secret(value, "dotenv")
    redactor = Redactor(fingerprints)
    line = f"DATABASE_URL={value}\nLOG_LEVEL=info"
    out = redactor.known(line)
    assert out == "DATABASE_URL=[REDACTED dotenv]\nLOG_LEVEL=info"
    password = "Zq8vT3kPw9LmX2rN"
    fingerprints = FingerprintSet(b"k" * 32)
    fingerprints.add_secret(password, "generic-password")
    out = Redactor(fingerprints).known(f"postgres://billing:{password}@db:5432/x")
    assert out == "postgres://billing:[REDACTED generic-password]@db:5432/x"


def test_the_demo_record_keeps_no_character_of_a_dotenv_value(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "h").ensure()
    engine = build_engine(home)
    sensor = CLAUDE_CODE
    try:
        for payload in incident_payloads("redaction-demo"):
            engine.process(sensor.to_event(payload))
        rows = engine.store.events("redaction-demo")
    finally:
        engine.store.close()
    dumped = json.dumps([r["data"] for r in rows])
    assert "[REDACTED" in dumped
    assert "=p[REDACTED" not in dumped and "]ng" not in dumped


@pytest.mark.parametrize(
    ("mode", "decision", "words"),
    [
        ("allow", Decision.ALLOW, ""),
        ("deny", Decision.DENY, "kept out of the model's context"),
        ("broker", Decision.DENY, "{{secret:NAME}}"),
    ],
)
def test_credential_files_setting(home: Path, mode: str, decision: Decision, words: str) -> None:
    (home / "config.toml").write_text(f'[secrets]\ncredential_files = "{mode}"\n')
    h = Home.resolve(home)
    engine = build_engine(h)
    sensor = CLAUDE_CODE
    sid = f"cf-{mode}"
    steps = incident_payloads(sid)
    read_env = next(
        p for p in steps if p.get("tool_input", {}).get("file_path", "").endswith(".env")
    )
    ordinary = steps[2]  # ls
    try:
        engine.process(sensor.to_event(steps[0]))
        assert engine.process(sensor.to_event(ordinary)).decision is Decision.ALLOW
        verdict = engine.process(sensor.to_event(read_env))
    finally:
        engine.store.close()
    assert verdict.decision is decision
    if words:
        assert words in " ".join(verdict.reasons)


def test_credential_files_rejects_an_unknown_value() -> None:
    with pytest.raises(ConfigError, match="credential_files"):
        credential_files(Settings(extra={"secrets": {"credential_files": "sometimes"}}))
    assert credential_files(Settings()) == "allow"


# -- 8. risk and incidents ------------------------------------------------------------------


def f(kind: str, severity: Severity) -> Finding:
    return Finding(kind, severity, kind)


def test_a_blocked_credential_exfiltration_scores_high() -> None:
    seen: dict[str, int] = {}
    score = risk.add_findings(0, [f("credential-read", Severity.MEDIUM)], seen, Decision.ALLOW)
    seen["credential-read"] = 1
    score = risk.add_findings(
        score, [f("credential-egress", Severity.CRITICAL)], seen, Decision.DENY
    )
    assert score >= 70 and risk.level(score) in ("high", "critical")


def test_many_low_findings_stay_below_one_critical() -> None:
    seen: dict[str, int] = {}
    score = 0
    for _ in range(40):
        score = risk.add_findings(score, [f("noisy", Severity.LOW)], seen, Decision.ALLOW)
        seen["noisy"] = seen.get("noisy", 0) + 1
    critical = risk.add_findings(0, [f("x", Severity.CRITICAL)], {}, Decision.ALLOW)
    assert score < critical and risk.level(score) == "low"
    assert risk.after_containment(10, "killed") >= 90


def test_the_demo_session_scores_critical(home: Path) -> None:
    engine = build_engine(Home.resolve(home).ensure())
    sensor = CLAUDE_CODE
    try:
        for payload in incident_payloads("risk-demo"):
            engine.process(sensor.to_event(payload))
        found = engine.store.session("risk-demo") or {}
    finally:
        engine.store.close()
    assert risk.level(found["risk"]) == "critical"


def alert(i: int, sid: str, t: float, severity: str = "high", title: str = "x") -> dict[str, Any]:
    return {
        "id": i,
        "session_id": sid,
        "time": t,
        "severity": severity,
        "title": f"{title} in session {sid[:8]}",
        "status": "open",
    }


def test_incidents_group_by_session_and_chain() -> None:
    rows = [
        alert(1, "s-one-aaaa", 100.0, "high", "secret"),
        alert(2, "s-one-aaaa", 101.0, "critical", "tainted-upload"),
        alert(3, "s-one-aaaa", 102.0, "high", "egress"),
        alert(4, "s-two-bbbb", 100.0, "medium", "guard"),
        # a quiet spell starts a new chain in the same session
        alert(5, "s-one-aaaa", 102.0 + INCIDENT_GAP_S + 1, "high", "again"),
    ]
    rows[3]["status"] = "acknowledged"
    found = group_incidents(rows, {"s-one-aaaa": 90, "s-two-bbbb": 20})
    assert [i.id for i in found] == ["s-one-aaaa:1", "s-one-aaaa:5", "s-two-bbbb:4"]
    first = found[0]
    assert first.alert_ids == [1, 2, 3] and first.severity == "critical"
    assert first.title == "tainted-upload (+2 related alerts)"
    assert found[2].status == "acknowledged"


def test_a_release_closes_the_chain() -> None:
    rows = [
        alert(1, "s-three-c", 10.0, "critical", "tainted-upload"),
        {**alert(2, "s-three-c", 11.0), "title": "session s-three-c released by os:ada"},
        alert(3, "s-three-c", 12.0, "high", "egress"),
    ]
    found = group_incidents(rows)
    assert sorted(i.alert_ids for i in found) == [[1, 2], [3]]


def test_alerts_cli_acknowledges_an_incident_with_the_person(home: Path) -> None:
    engine = build_engine(Home.resolve(home).ensure())
    sensor = CLAUDE_CODE
    try:
        for payload in incident_payloads("ack-demo-session"):
            engine.process(sensor.to_event(payload))
    finally:
        engine.store.close()
    listed = json.loads(cli(home, "alerts", "--json").stdout)
    assert len(listed) == 1 and listed[0]["alerts"] >= 3
    done = cli(home, "alerts", "ack", listed[0]["id"])
    assert done.returncode == 0, done.stderr
    assert f"acknowledged {listed[0]['alerts']} alert(s) in 1 incident(s) as os:" in done.stdout
    assert json.loads(cli(home, "alerts", "--json").stdout) == []
    missing = cli(home, "alerts", "ack", "nope:1")
    assert missing.returncode == 1 and "no open incident" in missing.stderr
