"""The control catalogue holds every control issue #18 names, each with real evidence or an
honest "outside scope", and the identity evidence (credentials, access rights) follows the
registry: none issued is no evidence, not a pass."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bastion.compliance.catalogue import load
from bastion.compliance.evidence import Context, Window, run
from bastion.compliance.report import STATUS_NONE, STATUS_OUTSIDE, build
from bastion.identity.registry import Registry
from bastion.store import Store
from bastion.store.identity import GrantRow, IdentitySessionRow

FRAMEWORKS = ["soc2", "iso27001", "iso42001", "euaiact", "nistairmf", "owaspasi"]


def test_the_table_names_every_framework_the_catalogue_has(
    required_controls: dict[str, set[str]],
) -> None:
    assert set(required_controls) == set(FRAMEWORKS) == set(load().frameworks)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_required_control_is_in_the_catalogue(
    framework: str, required_controls: dict[str, set[str]]
) -> None:
    want = required_controls[framework]
    have = {c.id for c in load().of(framework)}
    assert want <= have, f"missing: {sorted(want - have)}"


def test_every_nist_function_has_subcategories() -> None:
    functions = {c.id.split()[0] for c in load().of("nistairmf")}
    assert functions == {"GOVERN", "MAP", "MEASURE", "MANAGE"}


def test_no_control_is_listed_twice() -> None:
    ids = [(c.framework, c.id) for c in load().controls]
    assert len(ids) == len(set(ids))


def test_a_control_has_evidence_unless_it_says_bastion_holds_none() -> None:
    for c in load().controls:
        if c.scope == "outside":
            assert not c.evidence and c.bastion.startswith("Not evidenced"), c.id
        else:
            assert c.evidence and len(c.bastion) > 30, c.id


def test_an_outside_control_is_never_shown_as_met(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    with store.snapshot() as conn:
        report = build(conn, "iso27001", Window(0.0, time.time()))
    store.close()
    status = {c.control.id: c.status for c in report.controls}
    assert status["A.8.17"] == STATUS_OUTSIDE
    # An empty store evidences nothing: the new access controls say so.
    assert status["A.5.18"] == STATUS_NONE and status["A.8.5"] == STATUS_NONE


def _session(sid: str, issued: float, minutes: int) -> IdentitySessionRow:
    return IdentitySessionRow(
        id=sid,
        human="alice@example.test",
        agent_instance="inst-1",
        jti=f"jti-{sid}",
        token="not-a-real-token",
        issued_at=issued,
        expires_at=issued + minutes * 60,
        started_at=issued,
        hooks_sha256="",
        data={},
    )


def test_credential_and_access_right_evidence_follow_the_registry(tmp_path: Path) -> None:
    root = tmp_path / "h"
    root.mkdir(mode=0o700)
    store = Store(f"sqlite:///{root / 'bastion.db'}")
    now = time.time()
    window = Window(now - 3600, now + 60)

    def evidence(item: str) -> tuple[bool, dict[str, int]]:
        with store.snapshot() as conn:
            ev = run(Context(conn, window), item)
        return ev.ok, ev.counts

    assert evidence("credentials")[0] is False  # nothing issued: no evidence
    registry = Registry(root, store=store)
    registry.save_session(_session("s-old", now - 7200, 60))  # before the window
    assert evidence("credentials")[1]["issued"] == 0
    registry.save_session(_session("s-1", now - 60, 60))
    registry.revoke("session", "s-1", "bob", "test", now)
    ok, counts = evidence("credentials")
    assert ok and counts == {"issued": 1, "longest_minutes": 60, "revocations": 1}
    registry.add_grant(GrantRow("g1", "s-1", "host", "pypi.org", now, now + 600, "bob", "why"))
    ok, counts = evidence("access_rights")
    assert ok and counts["grants"] == 1 and counts["grants_without_approver"] == 0
    # A grant that names no approver breaks the evidence.
    registry.add_grant(GrantRow("g2", "s-1", "tool", "Bash", now, now + 600, "", "why"))
    ok, counts = evidence("access_rights")
    assert not ok and counts["grants_without_approver"] == 1
    registry.close()
    store.close()
