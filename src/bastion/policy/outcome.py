"""What the engine makes of Cedar's answer: the verdict's decision, reasons and rule ids.

Cedar decides; these steps only word or soften its answer, each for a stated reason:
- a killed session's denial names who killed it and the release command;
- a denial or ask carries the top finding's words;
- a failed credential check is denied by Cedar (``05-identity.cedar``, rule
  ``identity.credential``, from ``context.identity``); the identity stage's sentence, which
  names the fix, replaces the rule's generic words and the rule is listed first;
- a brokered secret that cannot be substituted is denied by Cedar (``identity.broker``,
  from ``context.broker_refused``; the broker is tried before the decision and logs after
  it); the broker's sentence replaces the rule's generic words;
- a shell command the sandbox cannot run (it names the wrapper, the sandbox cannot start
  under ``enforce``, or in system mode it cannot be opened to the developer) is denied by
  Cedar (``sandbox.*``, from ``context.sandbox``); the sandbox's sentence replaces the
  rule's words;
- an MCP tool without an approved pin, and an ask the MCP client cannot show, are denied by
  Cedar (``gateway.pin``, ``gateway.cannot-ask``, from ``context.gateway``); the gateway's
  sentence (which names the approval to give) replaces the pin rule's words;
- the ``observe`` profile records what it would have done and allows (not past the sandbox
  or the gateway's pins);
- a prompt cannot wait for approval, so an ask on a prompt becomes an allow with a warning.

None of these changes a decision but the last two, which are the profile's and the event's
own terms (``soften``); every deny and ask comes from Cedar, under the policy hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bastion.core.events import Decision, EventKind, Finding
from bastion.core.state import Mode, SessionState
from bastion.policy.engine import PolicyResult

__all__ = [
    "BROKER_POLICY",
    "GATEWAY_ASK_POLICY",
    "GATEWAY_PIN_POLICY",
    "IDENTITY_POLICY",
    "KILLED_POLICY",
    "SANDBOX_POLICIES",
    "Outcome",
    "broker_refusal",
    "explain",
    "from_policy",
    "identity_denial",
    "soften",
    "top_finding",
    "warnings_for_agent",
    "with_kill_reason",
]

KILLED_POLICY = "containment.killed"


@dataclass(slots=True)
class Outcome:
    """A decision with its reasons and the ids of the rules behind it."""

    decision: Decision
    reasons: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)


def from_policy(
    result: PolicyResult, findings: list[Finding], session_id: str, state: SessionState
) -> Outcome:
    """Cedar's answer, with the kill's words and the top finding's detail."""
    reasons = with_kill_reason(list(result.reasons), result.policies, session_id, state)
    outcome = Outcome(result.decision, reasons, list(result.policies))
    if outcome.decision is not Decision.ALLOW:
        detail = top_finding(findings)
        if detail:
            outcome.reasons.append(detail)
    return outcome


IDENTITY_POLICY = "identity.credential"


def identity_denial(outcome: Outcome, denial: str, generic: str) -> None:
    """Cedar denied on the credential (expired, revoked, invalid, missing or out of scope):
    the identity stage's sentence, which says which and the fix, leads the reasons, in
    place of the rule's ``generic`` words."""
    if IDENTITY_POLICY not in outcome.policies:
        return
    rest = [r for r in outcome.reasons if r not in (denial, generic)]
    outcome.reasons = [denial, *rest]
    outcome.policies = [IDENTITY_POLICY, *(p for p in outcome.policies if p != IDENTITY_POLICY)]


BROKER_POLICY = "identity.broker"
# The sandbox's refusals (``15-sandbox.cedar``, from ``context.sandbox``): a configured
# control of its own, which the observe profile does not loosen.
SANDBOX_POLICIES = ("sandbox.wrapper", "sandbox.unavailable", "sandbox.unshareable")
# The MCP gateway's refusals (``16-mcp-gateway.cedar``, from ``context.gateway``): a tool
# without an approved pin (configured on its own: observe does not loosen it), and an ask
# the MCP client cannot show (the observe profile allows it, as it would the ask).
GATEWAY_PIN_POLICY = "gateway.pin"
GATEWAY_ASK_POLICY = "gateway.cannot-ask"
UNSOFTENED = (*SANDBOX_POLICIES, GATEWAY_PIN_POLICY)


def explain(outcome: Outcome, policy_id: str, sentence: str, generic: str) -> bool:
    """Cedar's rule ``policy_id`` refused on a fact a stage supplied (the broker's refusal,
    the sandbox's): that stage's ``sentence``, which says why and the fix, replaces the
    rule's ``generic`` words and leads, with the rule first. Returns whether that rule alone
    stopped the call (it would have run but for it); then the sentence is the whole reason."""
    if policy_id not in outcome.policies:
        return False
    if outcome.policies == [policy_id]:
        outcome.reasons = [sentence]
        return True
    outcome.reasons = [sentence, *(r for r in outcome.reasons if r != generic)]
    outcome.policies = [policy_id, *(p for p in outcome.policies if p != policy_id)]
    return False


def broker_refusal(outcome: Outcome, refusal: str, generic: str) -> bool:
    """``explain`` for ``identity.broker``: a secret handle the broker cannot substitute."""
    return explain(outcome, BROKER_POLICY, refusal, generic)


def soften(outcome: Outcome, *, profile: str, kind: EventKind) -> None:
    """The observe profile allows (saying what it would have done), but for the sandbox's
    refusals (the sandbox is configured on its own); a prompt is never asked."""
    sandboxed = any(p in UNSOFTENED for p in outcome.policies)
    if profile == "observe" and outcome.decision is not Decision.ALLOW and not sandboxed:
        outcome.reasons = [
            f"observe profile: would {outcome.decision.value}: " + "; ".join(outcome.reasons)
        ]
        outcome.decision = Decision.ALLOW
    if kind is EventKind.PROMPT and outcome.decision is Decision.ASK:
        # A prompt cannot wait for approval: let it through with a warning instead.
        outcome.decision = Decision.ALLOW


def with_kill_reason(
    reasons: list[str], policies: list[str], session_id: str, state: SessionState
) -> list[str]:
    """A killed session's denial says who killed it, why, and the exact release command.

    The policy's own reason is static text; the person's ``--reason`` and the real session
    id live in the session state, so they are filled in here, where both are known.
    """
    if KILLED_POLICY not in policies or state.mode != Mode.KILLED:
        return reasons
    who = f" by {state.mode_by}" if state.mode_by else ""
    why = f": {state.mode_reason}" if state.mode_reason else ""
    message = (
        f"session {session_id} was killed{who}{why}; a responder can lift it with "
        f"`bastion release {session_id}`"
    )
    return [message, *(r for r in reasons if "was killed by containment" not in r)]


def top_finding(findings: list[Finding]) -> str:
    if not findings:
        return ""
    top = max(findings, key=lambda f: f.severity.rank)
    return top.detail


def warnings_for_agent(findings: list[Finding]) -> str | None:
    notes = [f.evidence.get("agent_note") for f in findings if f.evidence.get("agent_note")]
    if not notes:
        return None
    return "Bastion: " + " ".join(str(n) for n in dict.fromkeys(notes))
