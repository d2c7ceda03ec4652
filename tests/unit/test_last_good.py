"""A malformed policy or config.toml keeps the last good one running and raises an alert;
with no good one ever seen, the shipped defaults run (never nothing). Real homes, real
policy parser, real store; the last test goes through a real daemon and hook process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bastion.config import Home
from bastion.daemon import lastgood
from bastion.daemon import server as daemon

BIN = Path(sys.executable).parent
GOOD_POLICY = """
@id("org.no-curl")
@reason("curl is not used here")
forbid (principal, action, resource)
when { context.tool == "Bash" && context.executes.contains("nope") };
"""
BROKEN_POLICY = "forbid (principal, action resource) when { this is not cedar ;"


def alerts(engine: object) -> list[dict[str, object]]:
    return engine.store.alerts(lastgood.SYSTEM_SESSION)  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def good_home(tmp_path: Path) -> Home:
    home = Home.resolve(tmp_path / "h").ensure()
    home.config_path.write_text('profile = "strict"\n')
    (home.policy_dir / "org.cedar").write_text(GOOD_POLICY)
    engine = daemon.build_engine(home)  # a good start: copies are kept
    try:
        assert engine.warnings == [] and alerts(engine) == []
    finally:
        engine.store.close()
    return home


def test_a_broken_policy_keeps_the_last_good_policies(good_home: Home) -> None:
    (good_home.policy_dir / "org.cedar").write_text(BROKEN_POLICY)
    engine = daemon.build_engine(good_home)
    try:
        assert any(i.id == "org.no-curl" for i in engine.policy.info.values())
        assert engine.warnings and "last good policies" in engine.warnings[0]
        found = alerts(engine)
        assert len(found) == 1 and found[0]["severity"] == "high"
        # The broken file was not copied over the good one.
        saved = lastgood.last_good_dir(good_home) / "policies" / "org.cedar"
        assert saved.read_text() == GOOD_POLICY
    finally:
        engine.store.close()
    # The same problem at the next start is not a second alert.
    again = daemon.build_engine(good_home)
    try:
        assert len(alerts(again)) == 1 and again.warnings
    finally:
        again.store.close()


def test_a_broken_config_keeps_the_last_good_config(good_home: Home) -> None:
    good_home.config_path.write_text('profile = "observe\n')  # unterminated string
    engine = daemon.build_engine(good_home)
    try:
        assert engine.profile == "strict"  # not observe, not the default: the last good
        assert "last good config.toml" in engine.warnings[0]
        assert len(alerts(engine)) == 1
    finally:
        engine.store.close()


def test_an_invalid_profile_is_a_bad_config_too(good_home: Home) -> None:
    good_home.config_path.write_text('profile = "off"\n')
    engine = daemon.build_engine(good_home)
    try:
        assert engine.profile == "strict" and engine.warnings
    finally:
        engine.store.close()


def test_first_start_with_bad_files_runs_the_shipped_defaults(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "fresh").ensure()
    home.config_path.write_text("this is = = not toml")
    (home.policy_dir / "x.cedar").write_text(BROKEN_POLICY)
    engine = daemon.build_engine(home)
    try:
        assert engine.profile == "balanced"
        assert any(i.id == "guard.self-tamper" for i in engine.policy.info.values())
        text = " ".join(engine.warnings)
        assert "default settings" in text and "shipped policy pack only" in text
        assert len(alerts(engine)) == 2
    finally:
        engine.store.close()


def test_a_broken_config_with_a_database_password_is_alerted_without_it(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "pw").ensure()
    home.config_path.write_text(
        'database_url = "postgresql://u:Zx9vQ2mWp8LkT4rB@db/x"\nprofile = "nope"\n'
    )
    engine = daemon.build_engine(home)
    try:
        blob = json.dumps(alerts(engine)) + " ".join(engine.warnings)
        assert "Zx9vQ2mWp8LkT4rB" not in blob
    finally:
        engine.store.close()


def test_a_malformed_policy_does_not_make_the_hook_fail(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "d").ensure()
    (home.policy_dir / "x.cedar").write_text(BROKEN_POLICY)
    env = {**os.environ, "BASTION_HOME": str(home.root)}
    payload = {
        "session_id": "lg-1",
        "transcript_path": "/t.jsonl",
        "cwd": str(tmp_path),
        "permission_mode": "default",
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_use_id": "t1",
        "tool_input": {"command": "ls"},
    }
    subprocess.run(
        [str(BIN / "bastion"), "up", "--home", str(home.root)],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    try:
        ok = subprocess.run(
            [str(BIN / "bastion-hook"), "claude-code"],
            env=env,
            timeout=60,
            input=json.dumps(payload).encode(),
            capture_output=True,
        )
        assert ok.returncode == 0 and ok.stdout == b"", ok.stderr
        status = subprocess.run(
            [str(BIN / "bastion"), "status", "--json", "--home", str(home.root)],
            env=env,
            capture_output=True,
            timeout=60,
        )
        assert "shipped policy pack only" in status.stdout.decode()
    finally:
        subprocess.run(
            [str(BIN / "bastion"), "down", "--home", str(home.root)],
            env=env,
            capture_output=True,
            timeout=60,
        )
