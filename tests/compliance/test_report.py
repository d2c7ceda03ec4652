"""Compliance reports: the catalogue covers the frameworks asked for, statuses follow the
record, and the proofs verify offline (and fail when edited)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bastion.audit.bundle import verify_bundle
from bastion.audit.signer import LogSigner
from bastion.cli.demo import incident_payloads
from bastion.cli.main import app
from bastion.compliance.catalogue import load
from bastion.compliance.evidence import Window
from bastion.compliance.report import STATUS_NONE, STATUS_OK, STATUS_OUTSIDE, build
from bastion.engine import Engine
from bastion.policy.engine import PolicyEngine
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE
from bastion.store import Store


def test_the_catalogue_holds_every_control_the_issue_names() -> None:
    cat = load()
    ids = {(c.framework, c.id) for c in cat.controls}
    for n in range(1, 9):
        assert ("soc2", f"CC6.{n}") in ids
    for n in range(1, 6):
        assert ("soc2", f"CC7.{n}") in ids
    assert {("iso42001", "A.6.2.6"), ("iso42001", "A.6.2.8")} <= ids
    for art in ("Art. 12", "Art. 14", "Art. 19", "Art. 26"):
        assert ("euaiact", art) in ids
    for n in range(1, 11):
        assert ("owaspasi", f"ASI{n:02d}") in ids
    assert any(f == "iso27001" and i == "A.8.15" for f, i in ids)
    assert sum(1 for f, _ in ids if f == "nistairmf") >= 5


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home whose store the real engine recorded the classic incident into."""
    root = tmp_path / "h"
    root.mkdir(mode=0o700)
    signer = LogSigner.for_keys_dir(root / "keys")
    store = Store(f"sqlite:///{root / 'bastion.db'}", signer=signer, checkpoint_seconds=0)
    engine = Engine(store, PolicyEngine.load(), home_dir="/home/dev")
    sensor = CLAUDE_CODE
    for payload in incident_payloads("inc-1"):
        engine.process(sensor.to_event(payload))
    store.close()
    return root


def test_an_empty_window_is_no_evidence_not_a_pass(home: Path) -> None:
    store = Store(f"sqlite:///{home / 'bastion.db'}")
    with store.snapshot() as conn:
        report = build(conn, "soc2", Window(0.0, 1.0))  # 1970: nothing recorded then
    store.close()
    statuses = {c.control.id: c.status for c in report.controls}
    assert statuses["CC6.4"] == STATUS_OUTSIDE
    assert statuses["CC7.3"] == STATUS_NONE and statuses["CC6.6"] == STATUS_NONE
    assert report.decided_events == 0


def test_report_files_and_proofs_an_auditor_can_check(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app,
        ["compliance", "report", "--framework", "euaiact", "--since", "1d", "--out", str(out)],
        env={"BASTION_HOME": str(home)},
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "report.json").read_text())
    status = {c["id"]: c["status"] for c in data["controls"]}
    assert status["Art. 12"] == STATUS_OK and status["Art. 14"] == STATUS_OK
    assert status["Art. 26"] != STATUS_OK  # no export sink is configured in this home
    oversight = next(c for c in data["controls"] if c["id"] == "Art. 14")
    containment = next(e for e in oversight["evidence"] if e["name"] == "containment")
    assert containment["counts"]["mode_changes"] == 2  # ask-everything, then kill
    assert all(s["leaf_index"] is not None for s in containment["samples"])
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF-")
    page = (out / "report.html").read_text()
    assert "Art. 14" in page and "verify-bundle" in page
    # The proofs verify with the log's key, offline, through the CLI an auditor runs.
    key = (home / "keys" / "audit-log.vkey").read_text().strip()
    ok = CliRunner().invoke(app, ["audit", "verify-bundle", str(out / "proofs.json"), "--key", key])
    assert ok.exit_code == 0, ok.output
    bundle = json.loads((out / "proofs.json").read_text())
    assert verify_bundle(bundle, [key]).ok
    proved = {e["index"] for e in bundle["entries"]}
    assert {s["leaf_index"] for s in containment["samples"]} <= proved
    # An edited entry no longer verifies.
    entry = json.loads(bundle["entries"][0]["entry"])
    entry["event"]["decision"] = "allow" if entry["event"]["decision"] != "allow" else "deny"
    bundle["entries"][0]["entry"] = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    assert not verify_bundle(bundle, [key]).ok


def test_an_unknown_framework_names_the_known_ones(home: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["compliance", "report", "--framework", "pci", "--out", str(tmp_path / "x")],
        env={"BASTION_HOME": str(home)},
    )
    assert result.exit_code == 2 and "soc2" in result.output


@pytest.mark.parametrize(
    "framework", ["soc2", "iso27001", "iso42001", "euaiact", "nistairmf", "owaspasi"]
)
def test_every_framework_renders_with_its_required_controls(
    home: Path, tmp_path: Path, framework: str, required_controls: dict[str, set[str]]
) -> None:
    want = required_controls[framework]
    out = tmp_path / framework
    result = CliRunner().invoke(
        app,
        ["compliance", "report", "--framework", framework, "--since", "30d", "--out", str(out)],
        env={"BASTION_HOME": str(home)},
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "report.json").read_text())
    assert want <= {c["id"] for c in data["controls"]}
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF-")
    page = (out / "report.html").read_text()
    assert all(control_id in page for control_id in want)
    # This home's engine ran without the identity service: no credential was issued, so the
    # controls resting on credentials are not shown as met.
    status = {c["id"]: c["status"] for c in data["controls"]}
    if framework == "iso27001":
        assert status["A.8.5"] != STATUS_OK and status["A.5.18"] != STATUS_OK
        assert status["A.8.17"] == STATUS_OUTSIDE
