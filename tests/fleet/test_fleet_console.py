"""The console's fleet page (#19) in a real headless Chromium, over `bastion serve
--fleet-db` and a real PostgreSQL control plane (skipped without BASTION_TEST_*_URL and
BASTION_TEST_CHROMIUM).

The control plane holds three devices: one whose last checkpoint it stored and cosigned
(with a bundle report), one enrolled that never sent anything, and one rotated to a new
key; and one cross-machine finding. The page must show each device's status, what the
control plane holds, the witness state and the bundle, and the finding; ``/fleet.json``
says the same. Without a control plane the page says how to connect one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bastion.audit.signer import LogSigner
from bastion.cli.fleet_cmd import keygen
from bastion.config import Home
from bastion.fleet.controlplane import ControlPlane, Outcome
from bastion.fleet.witness import FleetWitness
from bastion.server import auth
from bastion.server.app import create_app
from bastion.store import Store
from fleet.test_api import _free_port  # type: ignore[import-not-found]
from fleet.test_key_rotation import _one_entry_batch  # type: ignore[import-not-found]
from fleet.test_sync_ingest import names, plane, servers  # type: ignore[import-not-found]

__all__ = ["names", "plane", "servers"]

PASSWORD = "a long console password"


def _chromium() -> str:
    path = os.environ.get("BASTION_TEST_CHROMIUM")
    if not path:
        if os.environ.get("BASTION_REQUIRE_ALL") == "1":
            pytest.fail("BASTION_TEST_CHROMIUM is not set; see README.md, Tests")
        pytest.skip("BASTION_TEST_CHROMIUM is not set")
    return path


def _fill(plane: ControlPlane, tmp_path: Path) -> dict[str, str]:
    keys = tmp_path / "cp-keys"
    keygen(str(keys), name="cp.test/witness")
    plane.witness = FleetWitness.load(keys)
    signers = {n: LogSigner.for_keys_dir(tmp_path / n) for n in ("synced", "silent", "old", "new")}
    for name in ("synced", "silent", "old"):
        plane.enrol_key(signers[name].verifier_key, f"{name}@example.test")
    assert plane.store_batch(_one_entry_batch(signers["synced"])) is Outcome.STORED
    plane.report_bundle(signers["synced"].origin, 4, "applied", "")
    assert plane.rotate(signers["old"].origin, signers["new"].origin, signers["new"].verifier_key)
    plane.add_finding(
        "secret:test",
        "fleet.secret-two-machines",
        "critical",
        [signers["synced"].origin, signers["silent"].origin],
        {"why": "the same secret leaves two machines", "hosts": ["host-one", "host-two"]},
    )
    return {n: s.origin for n, s in signers.items()}


def test_the_fleet_page_in_a_browser(
    tmp_path: Path, servers: tuple[str, str], names: tuple[str, str], plane: ControlPlane
) -> None:
    chromium = _chromium()
    db, _nats = servers
    origins = _fill(plane, tmp_path)
    root = Path(tempfile.mkdtemp(prefix="bf-", dir="/tmp"))
    home = Home.resolve(root / "h").ensure()
    store = Store(home.database_url)
    auth.add_user(store.engine, "ada", "viewer", PASSWORD)
    token = auth.create_token(store.engine, "t", "viewer")[1]
    store.close()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    server = subprocess.Popen(
        [
            sys.executable,
            *("-c", "from bastion.cli.serve_cmd import app; app()"),
            *("--home", str(home.root), "--port", str(port), "--log-level", "warning"),
            *("--fleet-db", db, "--fleet-schema", names[0]),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
                time.sleep(0.2)
        request = urllib.request.Request(
            url + "/fleet.json", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            data = json.loads(answer.read())
        by = {d["origin"]: d for d in data["devices"]}
        assert set(by) == set(origins.values())
        synced = by[origins["synced"]]
        assert synced["stored"] == 1 and synced["witnessed"] is True
        assert synced["checkpoint"]["size"] == 1 and synced["bundle"] == {
            "version": 4,
            "status": "applied",
        }
        assert by[origins["silent"]]["checkpoint"]["size"] == 0
        assert by[origins["old"]]["status"] == "rotated"
        assert by[origins["old"]]["replaced_by"] == origins["new"]
        assert [f["kind"] for f in data["findings"]] == ["fleet.secret-two-machines"]

        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            try:
                tab = browser.new_page()
                tab.set_default_timeout(15000)
                tab.goto(url + "/fleet")
                assert "/login" in tab.url
                tab.fill("#username", "ada")
                tab.fill("#password", PASSWORD)
                tab.click("button[type=submit]")
                tab.wait_for_url(url + "/fleet")
                assert tab.locator("nav a.active, header a.active").inner_text() == "Fleet"
                rows: dict[str, Any] = {}
                for row in tab.locator("table.fleet-devices tbody tr").all():
                    rows[str(row.get_attribute("data-device"))] = row.inner_text()
                assert set(rows) == set(origins.values())
                assert "cosigned" in rows[origins["synced"]]
                assert "not cosigned" not in rows[origins["synced"]]
                assert "v4 applied" in rows[origins["synced"]]
                assert "none yet" in rows[origins["silent"]]
                assert "not cosigned" in rows[origins["silent"]]
                assert "rotated" in rows[origins["old"]] and origins["new"] in rows[origins["old"]]
                finding = tab.locator("table.fleet-findings tbody tr").all()
                assert len(finding) == 1
                text = finding[0].inner_text()
                assert "fleet.secret-two-machines" in text and "host-one, host-two" in text
                assert origins["synced"] in text
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(10)


def test_without_a_control_plane_the_page_says_how_to_connect(tmp_path: Path) -> None:
    home = Home.resolve(tmp_path / "h").ensure()
    app = create_app(home, secure_cookies=False)
    token = auth.create_token(app.state.console.engine, "v", "viewer")[1]
    with TestClient(app) as client:
        h = {"Authorization": f"Bearer {token}"}
        assert client.get("/fleet", follow_redirects=False).status_code in (302, 303, 307)
        page = client.get("/fleet", headers=h)
        assert page.status_code == 200 and "--fleet-db" in page.text
        assert client.get("/fleet.json", headers=h).status_code == 404
