"""A hand-over covers ordinary work, not the guarded kinds of action.

A user who writes "go through my unread mail and deal with it", "handle the open requests in
the thread" or "action the items in the shared doc" hands the *choice of actions* to the data
the agent reads. That is how people work, and the provenance rule lets it through for the
data's ordinary requests (file a note, reply, tag a record). It must not let the data choose
an action of a **guarded kind** that the prompt never names: money moving, a credential
minted, who may log in or with which powers, an action on every record at once, records
leaving their store (an export, a fax, an attachment), compute paid for, the organisation's
DNS or firewall, or a sub-agent told to do any of these. Whoever wrote the mail or the chat
message is not the user; a person confirms such an action (ask).

Nothing here is keyed on a data set's strings: the classes are the ordinary words of each
kind of effect, read from the tool's name (``create_api_key``, ``send_bulk``,
``run_off_cycle_payment``), its argument names (``attach``) and, for a sub-agent tool, the
goal it hands over. The prompt names a class with the same kind of words ("pay the
invoice", "rotate the key", "close every ticket").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# The words of each guarded class, as they appear in a tool's name or a sub-agent's goal.
TOOL_WORDS: dict[str, frozenset[str]] = {
    "money": frozenset(
        "pay payment payments payout payouts payroll salary salaries bonus bonuses wage wages "
        "transfer transfers refund refunds wire remit remittance disburse disbursement charge "
        "withdraw withdrawal settle settlement sepa ach bacs fednow paynow lightning zelle "
        "venmo paypal pix upi invoice stipend compensation budget budgets spend bid bids "
        "topup".split()
    ),
    "credential": frozenset(
        "key keys apikey apikeys token tokens secret secrets credential credentials password "
        "passwords passcode otp".split()
    ),
    "access": frozenset(
        "role roles permission permissions grant grants auth authentication policy policies "
        "sso mfa admin admins access login privilege privileges acl member members "
        "collaborator collaborators owner owners moderator moderators maintainer "
        "maintainers signatory signatories trustee trustees".split()
    ),
    "bulk": frozenset("bulk mass batch all every".split()),
    # An approval is the organisation's own judgement (a loan, a disbursement, a claim)
    # given on its behalf: the data that asks for it cannot give it.
    "approval": frozenset(
        "approve approves approval approvals authorise authorize authorisation "
        "authorization sanction ratify endorse countersign".split()
    ),
    # Equipment moved in the room: a flown bar, a hoist, a lift, a door's motor. Read from
    # the arguments' physical quantities (``height_m``, ``speed``), not the tool's name.
    "physical": frozenset("hoist winch crane actuator motor".split()),
    "export": frozenset("export exports dump fax backup download".split()),
    "compute": frozenset(
        "instance instances vm vms server servers cluster clusters gpu gpus node nodes "
        "machine machines".split()
    ),
    "infrastructure": frozenset(
        "dns mx nameserver nameservers cname firewall zone zones domain domains".split()
    ),
}
# Words with which a prompt names each class (the tool words, and what people call them).
PROMPT_WORDS: dict[str, frozenset[str]] = {
    "money": TOOL_WORDS["money"]
    | frozenset(
        "paid paying bill bills invoices fee fees rent reimburse reimbursement money "
        "refunded transferred wired card cards expense expenses deposit cost costs "
        "price spending".split()
    ),
    "credential": TOOL_WORDS["credential"] | frozenset("api rotate".split()),
    "access": TOOL_WORDS["access"] | frozenset("password passwords onboard offboard".split()),
    "bulk": TOOL_WORDS["bulk"] | frozenset("each everyone everything entire whole".split()),
    "approval": TOOL_WORDS["approval"] | frozenset("approved authorised authorized".split()),
    # (Verbs of motion and the quantities moved, not the equipment's nouns: "the requests
    # in the lift-ops room" names a room, not a lift to move.)
    "physical": TOOL_WORDS["physical"]
    | frozenset("move moved raise lower fly flown height position angle tilt speed".split()),
    "export": TOOL_WORDS["export"] | frozenset("attach attached attachment attachments".split()),
    "compute": TOOL_WORDS["compute"] | frozenset("provision spin scale".split()),
    "infrastructure": TOOL_WORDS["infrastructure"] | frozenset("record records".split()),
}
# A code that moves or opens an account is a credential: a registrar's EPP/auth code, a
# transfer code, recovery or backup codes (``get_auth_code``, ``show_recovery_codes``).
_CODE_WORDS = frozenset("code codes authcode authinfo epp".split())
_CODE_KINDS = frozenset("auth authcode authinfo epp transfer recovery backup reset".split())
# A plural record noun after a verb that ends or erases records acts on many of them
# (``delete_contacts``, ``close_tickets``): the bulk class, unless the prompt says "all".
_MANY_VERBS = frozenset("delete remove erase purge wipe close archive cancel".split())
# Arguments that carry files out with a message.
_ATTACH_ARGS = frozenset("attach attachment attachments files documents".split())
# A sub-agent tool: the goal it hands over is what is judged.
_AGENT_WORDS = frozenset("agent agents crew swarm handoff delegate subagent".split())
_AGENT_GOAL_ARGS = frozenset("goal task instructions prompt objective message".split())
# Where a tool that starts an agent by name (``kickoff(crew=..., inputs={task: ...})``) puts
# the goal: one level down, under its inputs.
_STARTED_AGENT_ARGS = frozenset("crew crews swarm subagent".split())
_AGENT_INPUT_ARGS = frozenset("inputs input params parameters payload context args".split())
# Argument words of a physical quantity (``height_m``, ``speed``, ``angle_deg``): a call that
# sets one moves equipment in a room where people stand.
_PHYSICAL_KEYS = frozenset(
    "height elevation angle tilt speed rpm torque pressure psi force trim".split()
)
_UNIT_ENDINGS = frozenset("m mm cm deg rpm psi kph mph".split())
# Argument words that say which records a call reaches (``scope: all_dsps``, ``targets``):
# a value of every-record words there acts on all of them at once.
_SCOPE_KEYS = frozenset(
    "scope scopes targets target which range platforms channels stores audience "
    "group groups selection".split()
)
_WORD = re.compile(r"[a-z][a-z0-9]*")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_AMOUNT = re.compile(r"[£$€¥]\s?\d|\b\d[\d,.]*\s?(?:gbp|usd|eur|sgd|chf|sats?)\b")

# Prompts that hand the choice of actions to the data: "deal with it", "handle the open
# requests", "action the items", "do what's needed", "as its note requires".
_HANDS_OVER = re.compile(
    r"\b(?:deal with|handle|process|action|sort out|take care of|work through|follow up on"
    r"|set (?:it|this|that|them) up"
    r"|work (?:on |through )?(?:the |my |our |this |that )?(?:[\w-]+ )?"
    r"(?:tickets?|queue|requests?|inbox|backlog|items?)"
    r"|do what(?:'s| is| it| they| the [\w-]+)? ?(?:needed|required|necessary|says?|asks?)"
    r"|do (?:all |the |any |whatever )*(?:tasks?|items?|requests?|actions?|steps?)"
    r"|as (?:[\w'-]+ ){0,4}(?:requires?|needs?|says?|asks?|requests?|instructs?))\b"
)


def agent_goal(tool_name: str, tool_input: dict[str, Any]) -> str | None:
    """The goal a sub-agent tool hands over (its goal/task/instructions arguments), or None
    when the tool is no sub-agent tool. A tool is one by its name (``run_agent``) or by an
    argument that names the agent or crew it starts (``kickoff(crew=...)``); its goal may sit
    one level down, under its inputs."""
    if _AGENT_WORDS & set(_words(tool_name)):
        return _goal_text(tool_input)
    # (Not an ``agent`` argument: a help desk assigns tickets to human agents.)
    if {w for k in tool_input for w in _words(str(k))} & _STARTED_AGENT_ARGS:
        return _goal_text(tool_input) or None
    return None


def _goal_text(tool_input: dict[str, Any]) -> str:
    parts = [str(v) for k, v in tool_input.items() if str(k).lower() in _AGENT_GOAL_ARGS]
    for k, v in tool_input.items():
        if str(k).lower() in _AGENT_INPUT_ARGS and isinstance(v, dict):
            parts.extend(str(x) for kk, x in v.items() if str(kk).lower() in _AGENT_GOAL_ARGS)
    return " ".join(parts)


def _words(name: str) -> list[str]:
    return _WORD.findall(_CAMEL.sub("_", name).lower().replace("_", " "))


def hands_over(prompt: str) -> bool:
    """The prompt hands the choice of actions to the data (lower-cased prompt)."""
    return bool(_HANDS_OVER.search(prompt))


def _classes_of(words: Iterable[str]) -> set[str]:
    seen = set(words)
    return {cls for cls, vocab in TOOL_WORDS.items() if seen & vocab}


def tool_classes(tool_name: str, tool_input: dict[str, Any]) -> set[str]:
    """The guarded classes a call's own name and arguments place it in."""
    words = _words(tool_name)
    out = _classes_of(words)
    if set(words) & _CODE_WORDS and set(words) & _CODE_KINDS:
        out.add("credential")
    if (
        words
        and words[0] in _MANY_VERBS
        and any(w.endswith("s") and not w.endswith("ss") and len(w) > 3 for w in words[1:])
    ):
        out.add("bulk")
    if any(str(k).lower() in _ATTACH_ARGS and v for k, v in tool_input.items()):
        out.add("export")
    for k, v in tool_input.items():
        keys = _words(str(k))
        if isinstance(v, int | float) and not isinstance(v, bool):
            if set(keys) & _PHYSICAL_KEYS or (len(keys) > 1 and keys[-1] in _UNIT_ENDINGS):
                out.add("physical")
        elif (
            isinstance(v, str)
            and len(v) <= 40
            and set(keys) & _SCOPE_KEYS
            and set(_words(v)) & {"all", "every", "everyone", "everything"}
        ):
            out.add("bulk")  # ``scope: all_dsps``: every record the tool reaches
    goal = agent_goal(tool_name, tool_input)
    if goal is not None:
        # A sub-agent tool: what it is told to do, not its own name, is the action.
        out |= _classes_of(_words(goal))
    return out


@lru_cache(maxsize=64)
def prompt_classes(prompt: str) -> frozenset[str]:
    """The guarded classes the prompt names (lower-cased prompt)."""
    seen = set(_WORD.findall(prompt))
    out = {cls for cls, vocab in PROMPT_WORDS.items() if seen & vocab}
    if _AMOUNT.search(prompt):
        out.add("money")
    return frozenset(out)


def tool_nouns(tool_name: str) -> frozenset[str]:
    """The words of a tool's name after its verb (``export_register`` -> register)."""
    return frozenset(w for w in _words(tool_name)[1:] if len(w) >= 4)


@lru_cache(maxsize=256)
def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """One regex for a set of whole words (sorted, so the pattern text is stable)."""
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b")


def content_names(
    text: str, classes: set[str], values: Iterable[str], nouns: frozenset[str] = frozenset()
) -> bool:
    """Untrusted text speaks of one of the classes, names the tool's noun, or holds one of
    the call's values: the data, not something else, asked for this call. (One regex search
    per output, not a split of a long output into words at every call.)"""
    vocab = frozenset().union(*(PROMPT_WORDS[c] for c in classes), nouns)
    if vocab and _words_pattern(vocab).search(text):
        return True
    # (An amount or a count counts as a whole number of three digits or more: "by 900".)
    return any(
        (len(v) >= 4 and v in text)
        or (v.isdigit() and len(v) == 3 and re.search(rf"(?<![\d.,]){v}(?![\d])", text))
        for v in values
    )
