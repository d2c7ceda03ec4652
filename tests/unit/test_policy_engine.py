"""Cedar evaluation: the shipped pack validates; ask semantics; errors point at file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bastion.errors import PolicyError
from bastion.events import Decision
from bastion.policy.engine import PolicyEngine, check_statements, schema_text, split_statements


def context(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "profile": "balanced",
        "tool": "Bash",
        "event": "action",
        "human": "h",
        "agent": "a",
        "permission_mode": "default",
        "reads": [],
        "writes": [],
        "credential_kinds": [],
        "network": False,
        "external_network": False,
        "sends_data": False,
        "hosts": [],
        "host_classes": [],
        "unapproved_hosts": [],
        "new_hosts": [],
        "executes": [],
        "destructive": [],
        "destructive_outside_workspace": False,
        "privilege": [],
        "persistence": [],
        "self_tamper": [],
        "suspicious": [],
        "env_dump": False,
        "credential_store": False,
        "credential_send_named": False,
        "clean_push": False,
        "staged_send_named": False,
        "credential_write_named": False,
        "opaque": False,
        "findings": [],
        "max_severity": 0,
        "session": {
            "read_credential": False,
            "tainted_files": 0,
            "risk": 0,
            "denials": 0,
            "mode": "normal",
            "blocked_tools": [],
        },
    }
    from bastion.policy.context import no_identity

    base["identity"] = no_identity("h")
    base.update(overrides)
    return base


@pytest.fixture(scope="module")
def engine() -> PolicyEngine:
    return PolicyEngine.load()


def test_ordinary_work_is_allowed(engine: PolicyEngine) -> None:
    assert engine.evaluate("execute", "Bash", "a", context()).decision is Decision.ALLOW


def test_a_forbid_denies_with_its_reason_and_id(engine: PolicyEngine) -> None:
    result = engine.evaluate(
        "execute",
        "Bash",
        "a",
        context(
            sends_data=True,
            external_network=True,
            unapproved_hosts=["evil.example"],
            session={
                "read_credential": True,
                "tainted_files": 0,
                "risk": 0,
                "denials": 0,
                "mode": "normal",
                "blocked_tools": [],
            },
        ),
    )
    assert result.decision is Decision.DENY
    assert "exfil.credential-then-egress" in result.policies
    assert any("credentials" in r for r in result.reasons)


def test_ask_annotated_forbid_asks(engine: PolicyEngine) -> None:
    result = engine.evaluate("execute", "Bash", "a", context(privilege=["sudo"]))
    assert result.decision is Decision.ASK and result.policies == ["system.privilege"]


def test_deny_beats_ask_and_reports_only_the_deny(engine: PolicyEngine) -> None:
    result = engine.evaluate("execute", "Bash", "a", context(privilege=["sudo"], writes=["system"]))
    assert result.decision is Decision.DENY and result.policies == ["system.write"]


def test_killed_session_is_denied_everything(engine: PolicyEngine) -> None:
    ctx = context(
        session={
            "read_credential": False,
            "tainted_files": 0,
            "risk": 0,
            "denials": 0,
            "mode": "killed",
            "blocked_tools": [],
        }
    )
    result = engine.evaluate("read", "Read", "a", ctx)
    assert result.decision is Decision.DENY and "containment.killed" in result.policies


def test_strict_profile_confines_to_the_workspace(engine: PolicyEngine) -> None:
    assert engine.evaluate("read", "Read", "a", context(reads=["home"])).decision is Decision.ALLOW
    strict = engine.evaluate("read", "Read", "a", context(profile="strict", reads=["home"]))
    assert strict.decision is Decision.DENY


def test_no_permit_means_deny() -> None:
    engine = PolicyEngine(
        [("only.cedar", "forbid(principal, action, resource) when { context.opaque };")]
    )
    result = engine.evaluate("execute", "Bash", "a", context())
    assert result.decision is Decision.DENY and result.reasons == ["no policy permits this action"]


def test_organisation_directory_is_loaded_and_changes_the_hash(tmp_path: Path) -> None:
    (tmp_path / "org.cedar").write_text(
        '@id("org.no-curl")\n@reason("no curl here")\n'
        'forbid(principal, action, resource) when { context.hosts.contains("example.org") };\n'
    )
    base = PolicyEngine.load()
    org = PolicyEngine.load(tmp_path)
    assert org.hash != base.hash
    result = org.evaluate("execute", "Bash", "a", context(hosts=["example.org"]))
    assert result.decision is Decision.DENY and result.policies == ["org.no-curl"]
    assert result.reasons == ["no curl here"]


def test_split_statements_respects_strings_and_comments() -> None:
    text = (
        '// a comment; with a semicolon\n@id("a;b")\npermit(principal, action, resource);\n\n'
        'forbid(principal, action, resource)\n  when { context.tool == "x;y" };\n'
    )
    parts = split_statements("f.cedar", text)
    assert [p.line for p in parts] == [2, 5]


def test_parse_errors_point_at_file_and_line() -> None:
    text = "permit(principal, action, resource);\n\n\nforbid(principal, action resource);\n"
    errors = check_statements(split_statements("org/x.cedar", text), schema_text())
    assert len(errors) == 1 and errors[0].file == "org/x.cedar" and errors[0].line == 4
    assert str(errors[0]).startswith("org/x.cedar:4:")


def test_schema_errors_point_at_file_and_line() -> None:
    text = (
        "permit(principal, action, resource);\nforbid(principal, action, resource) when "
        "{ context.no_such_fact };\n"
    )
    errors = check_statements(split_statements("y.cedar", text), schema_text())
    assert len(errors) == 1 and errors[0].line == 2 and "no_such_fact" in str(errors[0])


def test_unknown_decision_annotation_is_an_error() -> None:
    with pytest.raises(PolicyError, match="decision"):
        PolicyEngine([("z.cedar", '@decision("maybe")\nforbid(principal, action, resource);')])


def test_the_examples_in_docs_policy_md_validate() -> None:
    import re

    docs = Path(__file__).resolve().parents[2] / "docs" / "policy.md"
    blocks = re.findall(r"```cedar\n(.*?)```", docs.read_text(), re.S)
    assert blocks
    statements = [s for b in blocks for s in split_statements("docs/policy.md", b)]
    assert len(statements) >= 4
    assert check_statements(statements, schema_text()) == []


@pytest.mark.parametrize("kind", ["remote-shell", "installed-download"])
def test_code_a_network_peer_chooses_is_denied(engine: PolicyEngine, kind: str) -> None:
    result = engine.evaluate("execute", "Bash", "a", context(executes=[kind]))
    assert result.decision is Decision.DENY and "exec.network-code" in result.policies
