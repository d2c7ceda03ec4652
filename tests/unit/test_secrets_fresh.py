"""The fresh secret / near-miss set (bench/scenarios/fresh-secrets): its builder commits no
credential, the scanner keeps its figures on it across random bodies, and every credential it
finds is gone from both the redacted text and everything the engine writes.

The set was measured once before the rules were tuned (bench/results/secrets-fresh-before.json);
the thresholds below guard the tuned state, they are not a held-out measurement.
"""

from __future__ import annotations

import base64
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from bastion.config import Home
from bastion.daemon import build_engine
from bastion.detect.secrets import redact, scan
from bastion.detect.secrets._checks import (
    encodes_file,
    generic_value_ok,
    is_hand_typed,
    typed_run_chars,
)
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE

BUILD = Path(__file__).resolve().parents[2] / "bench" / "scenarios" / "fresh-secrets" / "build.py"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fresh_secrets_build", BUILD)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


fresh = _builder()


def test_builder_commits_no_credential() -> None:
    """Every prefix is assembled and every body drawn at run time: the file itself is clean."""
    assert scan(BUILD.read_text()) == []


def test_set_is_large_enough_and_deterministic() -> None:
    rows = fresh.build(13)
    assert sum(r.label == "secret" for r in rows) >= 60
    assert sum(r.label == "near_miss" for r in rows) >= 60
    assert [r.text for r in rows] == [r.text for r in fresh.build(13)]
    assert [r.text for r in rows] != [r.text for r in fresh.build(14)]


@pytest.mark.parametrize("seed", [13, 101, 202])
def test_recall_and_near_miss_rate_hold_for_other_random_bodies(seed: int) -> None:
    rows = fresh.build(seed)
    secrets = [r for r in rows if r.label == "secret"]
    near = [r for r in rows if r.label == "near_miss"]
    missed = [r.category for r in secrets if not scan(r.text)]
    flagged = [r.category for r in near if scan(r.text)]
    assert len(missed) / len(secrets) <= 0.03, missed
    assert len(flagged) / len(near) <= 0.02, flagged


def test_redaction_leaves_nothing_of_any_found_value() -> None:
    for row in fresh.build(13):
        matches = scan(row.text)
        redacted = redact(row.text)
        for m in matches:
            value = row.text[m.start : m.end]
            assert value not in redacted, (row.category, m.kind)
            assert scan(redacted) == [], row.category


def test_engine_records_hold_no_found_value(tmp_path: Path) -> None:
    """Each secret output goes through the real engine as a PostToolUse of `cat`; afterwards no
    file the engine wrote (store, logs) holds any value the scanner found in those outputs."""
    home = Home.resolve(tmp_path / "h").ensure()
    engine = build_engine(home)
    sensor = CLAUDE_CODE
    values: list[tuple[str, str]] = []
    try:
        for i, row in enumerate(r for r in fresh.build(13) if r.label == "secret"):
            values += [(row.category, row.text[m.start : m.end]) for m in scan(row.text)]
            payload: dict[str, Any] = {
                "session_id": f"fresh-{i}",
                "transcript_path": f"/home/dev/.claude/projects/x/fresh-{i}.jsonl",
                "cwd": "/home/dev/src/app",
                "permission_mode": "default",
                "hook_event_name": "PostToolUse",
                "tool_name": "Bash",
                "tool_use_id": f"t{i}",
                "tool_input": {"command": "cat config"},
                "tool_response": {"stdout": row.text, "stderr": "", "interrupted": False},
            }
            engine.process(sensor.to_event(payload))
    finally:
        engine.store.close()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name.startswith("bastion.db") for p in written)
    assert len(values) >= 60
    for path in written:
        data = path.read_bytes()
        for category, value in values:
            # a short value (a 4-character password) may occur by chance in binary data
            if len(value) >= 12:
                assert value.encode() not in data, (category, path.name)


# ------------------------------------------------------------------ the checks added with the set


def test_keyboard_runs_mark_a_hand_typed_value() -> None:
    assert typed_run_chars("abc123xyz") == 9
    assert typed_run_chars("zyx") == 3
    assert is_hand_typed("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11")
    assert not is_hand_typed("Zq4u8Lm2Xv7Pc1Nr9Ts3Wb6Hy0Kd5Fg2Jm8Qa7E")
    # a random value almost never holds enough runs by chance (seeded, so stable)
    g = fresh.Gen(7)
    assert sum(is_hand_typed(g.s(fresh.ALNUM, 40)) for _ in range(3000)) == 0
    assert sum(is_hand_typed(g.hex(40)) for _ in range(3000)) <= 6


def test_hand_typed_keyword_value_is_not_a_secret() -> None:
    assert scan('api_token = "abc123xyz789def456ghi"') == []
    assert [m.kind for m in scan('api_token = "Zq4u8Lm2Xv7Pc1Nr9Ts3"')] == ["generic-secret"]


def test_base64_of_a_placeholder_word_is_a_placeholder() -> None:
    enc = base64.b64encode(b"changeme").decode()
    assert not generic_value_ok("password", enc, quoted=True, is_password=True)
    assert scan(f"password: {enc}\n") == []
    real = base64.b64encode(b"Qr7T+z2pL%4mNb6w").decode()
    assert generic_value_ok("password", real, quoted=True, is_password=True)


def test_base64_of_a_file_is_not_key_material() -> None:
    g = fresh.Gen(3)
    gz = base64.b64encode(b"\x1f\x8b\x08\x00" + g.r.randbytes(90)).decode()
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + g.r.randbytes(90)).decode()
    assert encodes_file(gz) and encodes_file(png)
    assert scan(f'BLOB = "{gz}"') == []
    assert scan(f'ICON = "{png}"') == []
    other = base64.b64encode(b"\x30\x82" + g.r.randbytes(90)).decode()
    assert not encodes_file(other)
    assert [m.kind for m in scan(f'BLOB = "{other}"')] == ["high-entropy-base64"]


def test_filler_in_a_long_random_value_is_chance() -> None:
    body = "Qr7Tz2pL4mNb6wXy9Kd0Fg5Jm2Qa7E8uZq4u8Lm2Xv7Pc1Nr9Ts3Wb6Hy0Kd5Fg2Jm8Qa7E"
    dash = "-" * 5
    label = "RSA " + "PRIVATE" + " KEY"
    block = f"{dash}BEGIN {label}{dash}\n{body}XxXx{body}\n{dash}END {label}{dash}\n"
    assert [m.kind for m in scan(block)] == ["private-key"]
    assert scan('api_key = "Qr7Tz2xxxxxxxx"') == []


def test_aws_key_id_body_is_base32() -> None:
    assert [m.kind for m in scan("id=AKIAQ7RT2SPL4MNB6WXY")] == ["aws-access-key"]
    assert scan("id=AKIAQ7RT2SPL4MNB6W8Y") == []


def test_url_password_may_start_with_a_percent_escape() -> None:
    assert [m.kind for m in scan("postgres://app:%2BQr7Tz2pL4mNb@db:5432/app")] == [
        "postgres-url-password"
    ]
    assert scan("postgres://app:%s@db:5432/app") == []


def test_names_are_not_tokens_but_random_letters_are() -> None:
    for name in (
        "REVISION_SCRIPT_FILENAME",
        "NSURLCredentialStorage",
        "x-tool-injected",
        "upgrades",
        "string_literal",
        "PKCS7PrivateKeyTypes",
        "<<=",
    ):
        assert not generic_value_ok("token", name, quoted=True, is_password=False), name
    g = fresh.Gen(11)
    for alphabet in (fresh.ALNUM, "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
        rejected = sum(
            not generic_value_ok("token", g.s(alphabet, 24), quoted=True, is_password=False)
            for _ in range(2000)
        )
        assert rejected <= 10, (alphabet[:3], rejected)


def test_a_method_of_the_secret_variable_takes_an_argument_not_a_secret() -> None:
    assert scan('password = password.encode("latin1")') == []
    assert scan('if token.startswith("Bearer9x"):') == []


def test_password_hashes_are_not_passwords() -> None:
    body = "Qr7Tz2pL4mNb6wXy9Kd0Fg5Jm2Qa7E8uZq4u8Lm2Xv7Pc1Nr9Ts3W"
    assert scan(f'hashed_password = "$2b$12${body}"') == []
    assert scan(f'password: "$argon2id$v=19$m=65536,t=3,p=4${body}"') == []
    assert scan(f"PASSWORD = 'pbkdf2_sha256$600000${body}'") == []


def test_a_bare_random_value_named_as_a_non_secret_is_not_reported() -> None:
    value = "Zq4u8Lm2Xv7Pc1Nr9Ts3Wb6Hy0Kd5Fg2Jm8Qa7Ebw3RxTz1VyU6"
    assert [m.kind for m in scan(f'"{value}"')] == ["high-entropy-base64"]
    assert scan(f'csrf_token = "{value}"') == []
    assert scan(f'<meta name="csrf-token" content="{value}">') == []


def test_basic_auth_of_a_documentation_pair_is_not_a_credential() -> None:
    doc = base64.b64encode(b"user:password").decode()
    real = base64.b64encode(b"svc:Qr7T+z2pL%4mNb").decode()
    key_as_user = base64.b64encode(b"Qr7Tz2pL4mNb6wXy9Kd0:").decode()
    assert scan(f"Authorization: Basic {doc}") == []
    assert [m.kind for m in scan(f"Authorization: Basic {real}")] == ["authorization-header"]
    assert [m.kind for m in scan(f"Authorization: Basic {key_as_user}")] == ["authorization-header"]


def test_oracle_demo_account_is_documentation() -> None:
    assert scan('engine = create_engine("oracle://scott:tiger@localhost/xe")') == []
    assert scan('connect(user="scott", password="tiger", dsn="xe")') == []
    assert [m.kind for m in scan('connect(user="app", password="tiger-Qr7T9z")')] == [
        "generic-password"
    ]
