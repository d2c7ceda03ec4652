"""Tool calls that weaken protection or widen access, judged by what the call does.

Why: the provenance engine judges a call by where its *targets* came from (a recipient, an
account) and by whether untrusted prose used the tool's *verb*. A call that makes a page
public, grants anonymous read, switches an alarm off, forwards a phone line or a domain's
mail, or enrols a second factor has no foreign target and often a neutral verb
(``set_page_visibility``, ``update_alarm_schedule``): the weakening is in the argument
values. This module classes such calls from their name and arguments (never from a
service's name) into a few weakening classes, the tool-side twin of the shell
``state_change`` weakening, and says whether the user's prompt named that class.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Values that open something to people the owner never named.
_WIDE_VALUES = frozenset(
    "public anonymous anyone everyone world all unauthenticated guest guests internet "
    "anyone-with-link anyone_with_link".split()
)
# Argument or tool words that say the value chooses who may see or use something.
_ACCESS_WORDS = frozenset(
    "visibility access permission permissions sharing share audience scope privacy "
    "exposure acl acls grant grants policy role read readers viewers".split()
)
# Argument names that themselves open access when set (``{"anonymous": "read"}``); not
# ``guests`` or ``world``, which name ordinary records (an event's guests).
_WIDE_KEYS = frozenset("public anonymous anyone everyone unauthenticated".split())
# Argument words for a restriction; set false, the thing opens up.
_RESTRICT_KEYS = frozenset("private restricted internal locked hidden confidential".split())
# Tokens inside a longer value that open it to everyone ("public-read", "allUsers").
_WIDE_TOKENS = frozenset("public anonymous everyone allusers allauthenticatedusers".split())


def wide_value(value: Any) -> bool:
    """A short value with a token that opens access to everyone."""
    return isinstance(value, str) and len(value) <= 40 and bool(set(_tokens(value)) & _WIDE_TOKENS)


# Nouns of things that protect or watch: switching one off is a weakening.
_PROTECT_NOUNS = frozenset(
    "alarm alarms alert alerts alerting monitor monitoring monitors logging logs audit "
    "auditing mfa 2fa protection firewall encryption lock locks retention scan scanning "
    "guard guardrail sensor sensors camera cameras backup backups detection".split()
)
# Tool verbs that switch something off.
_OFF_VERBS = frozenset("disable pause mute silence suspend stop deactivate disarm unlock".split())
# Argument words for an on/off state, and the values that mean off.
_STATE_KEYS = frozenset("enabled enable active armed on status state mode".split())
_OFF_VALUES = frozenset("false off disabled disable none 0 no inactive disarmed paused".split())
# Words that send a channel (calls, mail, a domain) somewhere new.
_REDIRECT_WORDS = frozenset(
    "forward forwarding forwarder redirect redirection divert diversion delegate "
    "delegation relay".split()
)
_RECORD_KEYS = frozenset("type rtype record_type recordtype kind".split())
_REDIRECT_RECORDS = frozenset("mx ns".split())
# Words naming a second authentication factor.
_FACTOR_WORDS = frozenset("mfa 2fa totp authenticator factor passkey webauthn otp u2f fido".split())
_ADD_VERBS = frozenset("add register enroll enrol create set update attach bind link".split())

# Words with which a prompt (or untrusted prose) names each class. Prefix match on words.
CLASS_WORDS: dict[str, tuple[str, ...]] = {
    "widen": (
        "public",
        "publish",
        "anonym",
        "anyone",
        "everyone",
        "guest",
        "unauthent",
        "world",
        "external",
    ),
    "protection-off": (
        "disabl",
        "off",
        "pause",
        "mute",
        "silenc",
        "suspend",
        "stop",
        "deactivat",
        "disarm",
        "unlock",
    ),
    "redirect": ("forward", "redirect", "divert", "delegat", "relay", "mx", "point"),
    "factor": ("mfa", "2fa", "factor", "authenticator", "totp", "passkey", "otp", "u2f"),
}
_TOKEN = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@dataclass(frozen=True)
class Weakening:
    """One weakening a call makes: its class and the word of the call that showed it."""

    kind: str
    word: str


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_CAMEL.sub("_", text).lower())


def _pairs(value: Any, key: str = "", depth: int = 0) -> Iterator[tuple[str, Any]]:
    """(key, scalar) pairs of a tool input, nested keys included as keys of their own."""
    if depth > 4:
        return
    if isinstance(value, dict):
        for k, v in list(value.items())[:40]:
            yield str(k), v if not isinstance(v, dict | list) else ""
            yield from _pairs(v, str(k), depth + 1)
    elif isinstance(value, list):
        for v in value[:40]:
            yield from _pairs(v, key, depth + 1)
    else:
        yield key, value


def classify(tool_name: str, tool_input: Any) -> Weakening | None:
    """The weakening class a tool call makes, from its operation name and arguments."""
    name = set(_tokens(tool_name))
    pairs = list(_pairs(tool_input))
    keys = {t for k, _ in pairs for t in _tokens(k)}
    access = bool((name | keys) & _ACCESS_WORDS)
    for k, v in pairs:
        ktoks = set(_tokens(k))
        wide = isinstance(v, str) and v.strip().lower() in _WIDE_VALUES
        if wide and (access or ktoks & _ACCESS_WORDS):
            return Weakening("widen", str(v).strip().lower())
        if ktoks & _RESTRICT_KEYS and v is False:
            return Weakening("widen", k.lower())  # {"private": false}: the restriction lifted
        if wide_value(v) and (access or ktoks & _ACCESS_WORDS):
            return Weakening("widen", str(v).strip().lower())  # "public-read", "allUsers"
        if ktoks & _WIDE_KEYS and v not in (False, None, "", "none"):
            return Weakening("widen", k.lower())  # {"anonymous": "read"}, {"public": true}
    protect = (name | keys) & _PROTECT_NOUNS
    if protect:
        if name & _OFF_VERBS:
            return Weakening("protection-off", sorted(protect)[0])
        for k, v in pairs:
            off = v is False or (isinstance(v, str | int) and str(v).strip().lower() in _OFF_VALUES)
            # (An off value of any argument when the tool itself names what protects:
            # ``camera_configure`` with ``recording: false``.)
            if off and (set(_tokens(k)) & (_STATE_KEYS | _PROTECT_NOUNS) or name & protect):
                return Weakening("protection-off", sorted(protect)[0])
    redirect = (name | keys) & _REDIRECT_WORDS
    if redirect and not (name & {"remove", "delete", "cancel", "disable", "clear"}):
        return Weakening("redirect", sorted(redirect)[0])
    for k, v in pairs:
        record = isinstance(v, str) and v.strip().lower() in _REDIRECT_RECORDS
        if record and set(_tokens(k)) & _RECORD_KEYS:
            return Weakening("redirect", v.strip().lower())
    factor = (name | keys) & _FACTOR_WORDS
    if factor and name & _ADD_VERBS:
        return Weakening("factor", sorted(factor)[0])
    return None


def names_class(text: str, kind: str) -> bool:
    """The text uses a word of the class ("make it public", "forward my line")."""
    words = _TOKEN.findall(text.lower())
    stems = CLASS_WORDS.get(kind, ())
    # Short stems match whole words only ("off" is not "offline", "mx" not "mxtoolbox").
    return any(w == s if len(s) <= 3 else w.startswith(s) for w in words for s in stems)
