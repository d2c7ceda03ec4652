"""Helpers shared by the store and audit tests: one store per backend, sample rows.

Every test that takes ``store_url`` runs on SQLite and on PostgreSQL. PostgreSQL comes
from ``BASTION_TEST_POSTGRES_URL`` (CI: ``postgresql+psycopg://postgres@127.0.0.1:5432/test``);
each test gets its own schema, dropped afterwards, so parallel runs never collide.
"""

from __future__ import annotations

import importlib.util
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text


def _load_need_env() -> Any:
    # By path: several directories have a conftest.py, so the name "conftest" is ambiguous.
    path = Path(__file__).resolve().parents[1] / "conftest.py"
    spec = importlib.util.spec_from_file_location("bastion_tests_root_conftest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.need_env


need_env = _load_need_env()

PG_ENV = "BASTION_TEST_POSTGRES_URL"
PG_HOW = (
    "point it at a PostgreSQL database the tests may create schemas in, e.g. "
    "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections work in a fresh schema; the schema is dropped at the end."""
    base = need_env(PG_ENV, PG_HOW)
    schema = "bt_" + secrets.token_hex(6)
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bastion.db'}"
    else:
        yield from postgres_schema_url()


def session_row(
    session_id: str,
    human: str = "alice@host",
    agent: str = "claude-code",
    transcript_path: str = "",
) -> dict[str, Any]:
    return {
        "id": session_id,
        "agent": agent,
        "agent_version": "2.1.329",
        "human": human,
        "host": "host",
        "cwd": "/w",
        "workspace": "/w",
        "permission_mode": "default",
        "transcript_path": transcript_path,
        "prompt": "",
        "started_at": 1.0,
        "last_seen": 1.0,
        "mode": "normal",
        "risk": 0,
        "event_count": 0,
        "denials": 0,
        "state": None,
        "data": {"human": {"id": human}},
    }


def event_row(
    n: int,
    session_id: str = "s1",
    *,
    kind: str = "action",
    tool: str | None = "Bash",
    decision: str | None = "allow",
    tool_use_id: str | None = None,
    data: dict[str, Any] | None = None,
    time: float | None = None,
) -> dict[str, Any]:
    return {
        "id": f"ev{n:06d}{session_id}",
        "session_id": session_id,
        "time": 1_700_000_000.0 + n * 0.5 if time is None else time,
        "kind": kind,
        "native_name": "PreToolUse" if kind == "action" else "PostToolUse",
        "tool": tool,
        "tool_use_id": tool_use_id or f"toolu_{n:06d}",
        "decision": decision,
        "data": data if data is not None else {"tool_input": {"command": f"echo {n}"}, "n": n},
        "facts": {"category": "execute"} if kind == "action" else None,
        "verdict": {"decision": decision or "allow", "reasons": [f"reason {n}"], "findings": []},
    }


def finding_row(event: dict[str, Any], kind: str = "secret") -> dict[str, Any]:
    return {
        "event_id": event["id"],
        "session_id": event["session_id"],
        "time": event["time"],
        "kind": kind,
        "severity": "high",
        "detail": f"{kind} seen",
        "rule": "r1",
        "evidence": {"where": "tool_input"},
    }


def alert_row(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "session_id": event["session_id"],
        "event_id": event["id"],
        "time": event["time"],
        "severity": "high",
        "title": "alert",
        "detail": "d",
        "status": "open",
    }
