"""A failed credential and a secret handle the broker cannot substitute are denied by Cedar
(05-identity.cedar), not by Python (issue #14), so the policy hash covers the decision; the
engine only puts the identity stage's or the broker's words first."""

from __future__ import annotations

from typing import Any

import pytest

from bastion.core.state import SessionState
from bastion.events import Decision
from bastion.policy import outcome
from bastion.policy.context import build_context, no_identity
from bastion.policy.engine import PolicyEngine, pack_files
from bastion.understand.actions import ActionFacts


def _context(identity: dict[str, Any]) -> dict[str, Any]:
    return build_context(
        profile="balanced",
        tool="Read",
        event="action",
        human="dev@host",
        agent="claude-code",
        permission_mode="default",
        facts=ActionFacts(category="read"),
        findings=[],
        state=SessionState("s"),
        workspace="/w",
        home="/home/dev",
        identity=identity,
    )


@pytest.mark.parametrize("credential", ["missing", "expired", "invalid", "revoked"])
def test_a_failed_credential_is_denied_by_policy(credential: str) -> None:
    policy = PolicyEngine.load()
    identity = {**no_identity("dev@host"), "credential": credential}
    result = policy.evaluate("read", "Read", "claude-code", _context(identity))
    assert result.decision is Decision.DENY
    assert result.policies[0] == outcome.IDENTITY_POLICY


def test_out_of_scope_is_denied_and_no_credential_service_is_not() -> None:
    policy = PolicyEngine.load()
    scoped = {**no_identity("dev@host"), "credential": "valid", "out_of_scope": ["host:x.test"]}
    assert policy.evaluate("read", "Read", "claude-code", _context(scoped)).decision is (
        Decision.DENY
    )
    valid = {**no_identity("dev@host"), "credential": "valid"}
    assert policy.evaluate("read", "Read", "claude-code", _context(valid)).decision is (
        Decision.ALLOW
    )
    # Replay and shadow tests run without an identity service: nothing to deny there.
    none = no_identity("dev@host")
    assert policy.evaluate("read", "Read", "claude-code", _context(none)).decision is (
        Decision.ALLOW
    )


def test_the_identity_sentence_leads_the_reasons() -> None:
    generic = PolicyEngine.load().reason_of(outcome.IDENTITY_POLICY)
    assert generic
    decided = outcome.Outcome(
        Decision.DENY, [generic, "another rule"], [outcome.IDENTITY_POLICY, "other.rule"]
    )
    outcome.identity_denial(decided, "credential expired at 12:00; resume the session", generic)
    assert decided.reasons == ["credential expired at 12:00; resume the session", "another rule"]
    assert decided.policies == [outcome.IDENTITY_POLICY, "other.rule"]
    allowed = outcome.Outcome(Decision.ALLOW)
    outcome.identity_denial(allowed, "ignored: policy did not deny", generic)
    assert allowed.decision is Decision.ALLOW and allowed.reasons == []


def test_a_secret_the_broker_cannot_substitute_is_denied_by_policy() -> None:
    """The broker's refusal is a fact in the context and Cedar's rule decides (the policy
    hash covers it); ``policy/outcome`` only puts the broker's sentence in place of the
    rule's words."""
    policy = PolicyEngine.load()
    none = no_identity("dev@host")
    refused = {**_context(none), "broker_refused": True}
    result = policy.evaluate("read", "Read", "claude-code", refused)
    assert result.decision is Decision.DENY
    assert result.policies == [outcome.BROKER_POLICY]
    assert policy.evaluate("read", "Read", "claude-code", _context(none)).decision is (
        Decision.ALLOW
    )
    decided = outcome.Outcome(result.decision, list(result.reasons), list(result.policies))
    alone = outcome.broker_refusal(
        decided, "secret GH may only go to github.com", policy.reason_of(outcome.BROKER_POLICY)
    )
    assert alone and decided.reasons == ["secret GH may only go to github.com"]
    generic = policy.reason_of(outcome.BROKER_POLICY)
    both = outcome.Outcome(
        Decision.DENY, ["other words", generic], ["other.rule", "identity.broker"]
    )
    assert not outcome.broker_refusal(both, "no grant", generic)
    assert both.reasons == ["no grant", "other words"]
    assert both.policies == [outcome.BROKER_POLICY, "other.rule"]


def test_without_the_broker_rule_a_refusal_decides_nothing() -> None:
    """Proof that the decision is the policy's: a policy set without ``identity.broker``
    lets the same context through."""
    files = []
    for name, text in pack_files():
        if name.endswith("05-identity.cedar"):
            text = text[: text.index('@id("identity.broker")')]
        files.append((name, text))
    policy = PolicyEngine(files)
    refused = {**_context(no_identity("dev@host")), "broker_refused": True}
    assert policy.evaluate("read", "Read", "claude-code", refused).decision is Decision.ALLOW
