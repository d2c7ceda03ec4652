"""The console's coverage page names the calls an agent's log shows and Bastion never decided.

The session is Codex's recorded one (tests/data/agents/codex/) fed to the real engine, with
one call's PreToolUse left out, as a removed hook would leave it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from bastion.config import Home
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.sensors.codex import SENSOR
from bastion.sensors.codex.transcript import read_tool_calls
from bastion.server import auth
from bastion.server.app import create_app
from bastion.store import Store

DATA = Path(__file__).resolve().parents[1] / "data" / "agents" / "codex"


def payload(name: str, rollout: Path, **changes: Any) -> dict[str, Any]:
    data = json.loads((DATA / f"{name}.json").read_text())["payload"]
    return {**data, "transcript_path": str(rollout), **changes}


def test_the_coverage_page_and_its_json(tmp_path: Path) -> None:
    rollout = Path(shutil.copy(DATA / "transcript.jsonl", tmp_path / "rollout.jsonl"))
    calls = read_tool_calls(rollout)
    home = Home.resolve(tmp_path / "h").ensure()
    store = Store(home.database_url)
    engine = Engine(store, PolicyEngine.load(), home_dir="/home/dev")
    engine.process(SENSOR.to_event(payload("SessionStart", rollout)))
    for call in calls[1:]:  # the first call's hook "was removed"
        engine.process(SENSOR.to_event(payload("PreToolUse-Bash", rollout, tool_use_id=call.id,
                                               tool_input={"command": "ls"})))  # fmt: skip
    store.close()
    app = create_app(home, secure_cookies=False)
    auth.add_user(app.state.console.engine, "viewer", "viewer", "fake-pass-" + "word-123")
    token = auth.create_token(app.state.console.engine, "v", "viewer")[1]
    with TestClient(app) as client:
        anonymous = client.get("/coverage", follow_redirects=False)
        assert anonymous.status_code in (302, 303, 307)
        h = {"Authorization": f"Bearer {token}"}
        page = client.get("/coverage?agent=codex", headers=h)
        assert page.status_code == 200 and 'href="/coverage"' in page.text
        assert calls[0].id in page.text and "Not covered" in page.text
        assert all(c.id not in page.text for c in calls[1:])
        data = client.get("/coverage.json?agent=codex", headers=h).json()
        [session] = data["sessions"]
        assert session["decided"] == len(calls) - 1
        assert [u["call_id"] for u in session["ungoverned"]] == [calls[0].id]
