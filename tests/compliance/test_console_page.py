"""The console shows the compliance report live, to logged-in people only."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bastion.cli.demo import incident_payloads
from bastion.config import Home
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE
from bastion.server import auth
from bastion.server.app import create_app
from bastion.store import Store


def test_the_compliance_page_and_its_json(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "h").ensure()
    store = Store(home.database_url)
    engine = Engine(store, PolicyEngine.load(), home_dir="/home/dev")
    sensor = CLAUDE_CODE
    for payload in incident_payloads("inc-1"):
        engine.process(sensor.to_event(payload))
    store.close()
    app = create_app(home, secure_cookies=False)
    auth.add_user(app.state.console.engine, "viewer", "viewer", "fake-pass-" + "word-123")
    token = auth.create_token(app.state.console.engine, "v", "viewer")[1]
    with TestClient(app) as client:
        anonymous = client.get("/compliance", follow_redirects=False)
        assert (
            anonymous.status_code in (302, 303, 307) and "/login" in anonymous.headers["location"]
        )
        h = {"Authorization": f"Bearer {token}"}
        page = client.get("/compliance?framework=owaspasi&days=7", headers=h)
        assert page.status_code == 200
        assert "ASI02" in page.text and "Tool misuse" in page.text and "evidenced" in page.text
        assert 'href="/compliance"' in page.text  # in the navigation
        data = client.get("/compliance/report.json?framework=owaspasi", headers=h).json()
        asi02 = next(c for c in data["controls"] if c["id"] == "ASI02")
        tagged = next(e for e in asi02["evidence"] if e["name"] == "owasp:ASI02")
        assert tagged["counts"]["findings"] >= 1  # the sequence rule names ASI02
        fallback = client.get("/compliance?framework=nope", headers=h)
        assert fallback.status_code == 200 and "CC6.1" in fallback.text
