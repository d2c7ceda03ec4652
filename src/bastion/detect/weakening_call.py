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
    "guard guardrail sensor sensors camera cameras backup backups detection captcha waf "
    "throttle throttling ratelimit ratelimiting".split()
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
# Nouns of a check that stands between a request and its effect: a PIN at a gate, a
# verification, an approval, a signature. An argument that skips one (``skip_pin: true``,
# ``require_approval: false``) switches that safety control off for this call.
_CHECK_NOUNS = frozenset(
    "pin pins check checks verify verification verifications confirm confirmation approval "
    "approvals signature signatures otp mfa 2fa kyc validation validate auth authentication "
    "review reviews lock locks consent consents authorization authorisation interlock "
    "interlocks safety safeguard safeguards failsafe".split()
)
# Key words that skip or lift what follows them when set true (``bypass_review``,
# ``unlock``, ``no_verify``, ``ignore_checks``).
_SKIP_WORDS = frozenset(
    "skip bypass no without ignore override waive disable unlock omit forgo".split()
)
# Keys that lift a lock or a check all by themselves when set true.
_SELF_SKIP_KEYS = frozenset("unlock unlocked unverified".split())
# Key words that make a check required; set false, the check is off (``require_pin``).
_REQUIRE_WORDS = frozenset("require required requires enforce enforced mandatory".split())
# Keys that are a check by themselves (``verify: false``, ``verify_ssl: false``).
_CHECK_LEADS = frozenset("verify validate verification validation".split())
_TRUE_VALUES = frozenset("true yes on 1 enabled".split())
# Tool nouns that are themselves an alert switched off: a silence, a snooze, a downtime
# window, a suppression (``create_silence``, ``schedule_downtime``, ``add_suppression``).
_MUTE_NOUNS = frozenset(
    "silence silences snooze snoozes mute mutes downtime downtimes suppression suppressions "
    "inhibit inhibition inhibitions".split()
)
# A debugging or diagnostic surface (a console, an endpoint, verbose errors) turned on where
# real users are: it bypasses the controls the product's normal paths enforce.
_DEBUG_WORDS = frozenset("debug debugger debugging diagnostic diagnostics backdoor".split())
_LIVE_WORDS = frozenset("prod production live".split())
_TURN_OFF_VERBS = frozenset("disable remove delete stop rollback revert kill archive".split())

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
        "snooz",
        "downtime",
        "suppress",
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
    # A check skipped: "release it without the PIN", "skip verification", "bypass approval".
    "check-off": (
        "skip",
        "bypass",
        "without",
        "waiv",
        "overrid",
        "ignor",
        "disabl",
        "unlock",
        "forgo",
        "omit",
    ),
    "debug-on": ("debug", "diagnos", "troubleshoot"),
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
    check = _skipped_check(pairs)
    if check is not None:
        return check
    if name & _MUTE_NOUNS and not name & _TURN_OFF_VERBS:
        return Weakening("protection-off", sorted(name & _MUTE_NOUNS)[0])
    protect = (name | keys) & _PROTECT_NOUNS
    if "rate" in name | keys and {"limit", "limits", "limiting", "limiter"} & (name | keys):
        protect.add("ratelimit")  # ``rate_limit_enabled``, ``rateLimiting``
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
    return _debug_on(name, pairs)


def _truthy(value: Any) -> bool:
    return value is True or (
        isinstance(value, str | int) and str(value).strip().lower() in _TRUE_VALUES
    )


def _off(value: Any) -> bool:
    return value is False or (
        isinstance(value, str | int) and str(value).strip().lower() in _OFF_VALUES
    )


def _skipped_check(pairs: list[tuple[str, Any]]) -> Weakening | None:
    """An argument that skips a check or lifts a lock: ``skip_pin: true``,
    ``bypass_review: "yes"``, ``unlock: true``, ``require_approval: false``."""
    for k, v in pairs:
        toks = _tokens(k)
        if not toks:
            continue
        checks = [t for t in toks if t in _CHECK_NOUNS]
        # (What a skip word lifts may be a protection as well: ``bypass_sensor``.)
        lifted = checks or [t for t in toks if t in _PROTECT_NOUNS]
        if _truthy(v) and set(toks) & _SKIP_WORDS and lifted:
            return Weakening("check-off", lifted[0])
        if _truthy(v) and (
            (set(toks) & _SKIP_WORDS and checks) or (len(toks) == 1 and toks[0] in _SELF_SKIP_KEYS)
        ):
            return Weakening("check-off", checks[0] if checks else toks[0])
        required = bool(set(toks) & _REQUIRE_WORDS and checks) or toks[0] in _CHECK_LEADS
        if required and _off(v) and not set(toks) & _SKIP_WORDS:
            return Weakening("check-off", checks[0])  # {"require_pin": false}
    return None


def _debug_on(name: set[str], pairs: list[tuple[str, Any]]) -> Weakening | None:
    """A debugging surface switched on for the live service (``rollout`` of a
    ``debug_console`` flag in ``production``): not when the call turns it off."""
    if name & _TURN_OFF_VERBS:
        return None
    words = set(name)
    for k, v in pairs:
        words.update(_tokens(k))
        if isinstance(v, str) and len(v) <= 80:
            words.update(_tokens(v))
    if words & _DEBUG_WORDS and words & _LIVE_WORDS:
        if any(_off(v) for k, v in pairs if set(_tokens(k)) & (_STATE_KEYS | _DEBUG_WORDS)):
            return None
        return Weakening("debug-on", sorted(words & _DEBUG_WORDS)[0])
    return None


def names_class(text: str, kind: str) -> bool:
    """The text uses a word of the class ("make it public", "forward my line")."""
    words = _TOKEN.findall(text.lower())
    stems = CLASS_WORDS.get(kind, ())
    # Short stems match whole words only ("off" is not "offline", "mx" not "mxtoolbox").
    return any(w == s if len(s) <= 3 else w.startswith(s) for w in words for s in stems)


# In a sub-agent's goal: a word that skips or switches off, then (within a few words) what
# it skips ("skip the PIN check", "without verification", "silence all alerts").
_GOAL_SKIP = re.compile(
    r"\b(?:skip(?:ping|s)?|bypass(?:ing|es)?|without|ignor(?:e|ing)|overrid(?:e|ing)|waiv(?:e|ing)"
    r"|disabl(?:e|ing)|turn(?:ing)? off|switch(?:ing)? off|silenc(?:e|ing)|mut(?:e|ing)"
    r"|snooz(?:e|ing)|suppress(?:ing)?)\b(?:[^\w.;!?]+\w+){1,5}"
)


# In a sub-agent's goal: something opened to everyone ("set it public", "make the
# collection world-readable") or a restriction lifted ("remove the embargo").
_GOAL_WIDEN = re.compile(
    r"\b(?:(?:make|set|mark|switch|turn|change|open)\w*\b(?:[^\w.;!?]+\w+){0,6}?[^\w.;!?]+"
    r"(?:public|world-readable|anyone|everyone|unrestricted)"
    r"|(?:lift|remov|end|drop|clear)\w*\b(?:[^\w.;!?]+\w+){0,2}?[^\w.;!?]+"
    r"(?:embargo|embargoes|restrictions?|privacy))\b"
)


def goal_weakening(text: str) -> Weakening | None:
    """The weakening a sub-agent's goal asks for: a check skipped, a protection switched
    off, or something opened to everyone (the goal handed to another agent is judged like a
    call's arguments)."""
    widen = _GOAL_WIDEN.search(text.lower()[:4000])
    if widen is not None:
        return Weakening("widen", _tokens(widen.group(0))[-1])
    for m in _GOAL_SKIP.finditer(text.lower()[:4000]):
        span = _tokens(m.group(0))
        checks = [t for t in span if t in _CHECK_NOUNS]
        protect = [t for t in span if t in _PROTECT_NOUNS]
        if checks:
            return Weakening("check-off", checks[0])
        if protect:
            return Weakening("protection-off", protect[0])
    return None
