"""Settings that let a coding agent act without asking: approvals widened (#13 §1).

Why: an editor or agent setting that auto-approves the agent's tools or commands
(``chat.tools.autoApprove: true``, ``task.allowAutomaticTasks: on``, ``approval_policy =
"never"``, ``defaultMode: bypassPermissions``, ``allow: ["Bash(*)"]``) removes the person
from every later call: whatever an injection asks next runs unasked. Each product spells
it its own way, so it is judged by the shape of the key and value:

- a key that names acting by itself (auto-approve, auto-run, always-allow, yolo, skip or
  bypass permissions, automatic tasks) set on, or to a wildcard list;
- a key that names an approval, a permission prompt, workspace trust or the sandbox set
  off / ``never``;
- a mode whose value names bypassing or full access (``bypassPermissions``,
  ``danger-full-access``).

A setting the prompt names in its own words ("turn on auto-approve") is the user's choice
(``state_change.asked``).
"""

from __future__ import annotations

import re

__all__ = ["widenings_in_text"]

# Fragments of a key (lower case, separators removed) that name acting without asking.
_SELF_ACTING = (
    "autoapprov",
    "autoaccept",
    "autoallow",
    "autorun",
    "autoexecut",
    "autoconfirm",
    "alwaysallow",
    "alwaysapprov",
    "allowautomatic",
    "approveall",
    "allowall",
    "yolo",
    "skippermission",
    "bypasspermission",
    "dangerously",
    "trustall",
    "fullauto",
    "noconfirm",
    "skipconfirm",
    "executeall",
    "runall",
    "yesalways",
    "alwaysyes",
)
# Fragments of a key that name the check itself; set off, the agent acts unasked.
_CHECKS = ("approv", "permission", "workspacetrust", "trustenabled", "sandbox")
# Fragments of a value that name going around the checks.
_BYPASS_VALUES = ("bypass", "yolo", "dangerfullaccess", "fullaccess", "dangerously", "fullauto")
_ON = frozenset({"true", "on", "yes", "1", "always", "all", "enabled", "enable", "auto"})
_OFF = frozenset({"false", "off", "no", "0", "never", "none", "disabled", "disable"})
_GATE = (
    "approv",
    "allow",
    "auto",
    "yolo",
    "permission",
    "trust",
    "sandbox",
    "bypass",
    "danger",
    "confirm",
    "always",
    "execute",
    "run_all",
    "runall",
    "run-all",
    "unattended",
)
_PAIR = re.compile(
    r"""["']?([A-Za-z_][\w.\-]{1,79})["']?\s*[:=]\s*"""
    r"""(\[[^\]\n]{0,200}\]|\{[^}\n]{0,200}\}?|["']?[\w\-]{1,40}["']?)"""
)
# A bare tool name (no spaces, no pattern) set to allow inside a permission table.
_WHOLE_TOOL_ALLOWED = re.compile(
    r"""[{,]\s*(["']?)([A-Za-z_][\w-]{0,39})\1\s*[:=]\s*["']?allow\b(?!["']?\s*[:=])"""
)


def _self_acting_block(key: str, value: str) -> bool:
    return any(f in _norm(key) for f in _SELF_ACTING) and bool(re.search(r"\btrue\b", value))


_WILDCARD = re.compile(r"""\(\s*\*\s*\)|["']\*["']""")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def widening(key: str, value: str) -> bool:
    """``key`` set to ``value`` lets an agent's tools or commands run without a person."""
    k = _norm(key)
    raw = value.strip()
    if raw.startswith("["):
        # A list of what runs unasked: widening when it holds a wildcard (``Bash(*)``).
        return bool(_WILDCARD.search(raw)) and (
            any(f in k for f in _SELF_ACTING) or "allow" in k or "approv" in k
        )
    if raw.startswith("{"):
        # A block of auto-approval settings switched on (``{"enabled": true, ...}``).
        if any(f in k for f in _SELF_ACTING) and bool(re.search(r"\btrue\b", raw)):
            return True
        # A permission table that allows a whole tool (``"permission": {"bash": "allow"}``):
        # every call of that tool runs unasked, as a wildcard would. A pattern's entry
        # (``"git status *": "allow"``) names some commands only and is left alone.
        return any(f in k for f in _CHECKS) and bool(_WHOLE_TOOL_ALLOWED.search(raw))
    v = _norm(raw)
    if any(f in k for f in _SELF_ACTING):
        return v in _ON
    if any(f in k for f in _CHECKS):
        return v in _OFF or any(b in v for b in _BYPASS_VALUES)
    if k.endswith("mode") or k.endswith("policy"):
        return any(b in v for b in _BYPASS_VALUES)
    return False


def widenings_in_text(text: str) -> list[tuple[str, str]]:
    """(key, value) pairs of settings text that widen what an agent runs unasked."""
    low = text.lower()
    if not any(g in low for g in _GATE):
        return []
    out: list[tuple[str, str]] = []
    text = text[: 64 * 1024]
    pos = 0
    for _ in range(512):
        m = _PAIR.search(text, pos)
        if m is None:
            break
        key, value = m.group(1), m.group(2).strip("'\"")
        if widening(key, value) and value.startswith("{") and not _self_acting_block(key, value):
            # A permission table: each whole tool allowed is its own setting, so that the
            # prompt naming it ("allow edits") asks for that tool only.
            for tool in _WHOLE_TOOL_ALLOWED.findall(value)[:8]:
                pair = (f"{key}.{tool[1]}", "allow")
                if pair not in out:
                    out.append(pair)
        elif widening(key, value) and (key, value) not in out:
            out.append((key, value))
        if len(out) >= 8:
            break
        # A block value is also read inside (``"agent": {"always_allow_…": true}``).
        pos = m.start(2) + 1 if value.startswith("{") else m.end()
    return out


def named_in(key: str, value: str, prompt: str) -> bool:
    """The prompt names this setting in its own words: the key's last part ("autoApprove"),
    or the fragment that makes it a widening ("auto-approve", "bypass permissions")."""
    said = _norm(prompt)
    if not said:
        return False
    last = _norm(re.split(r"[.:/]", key)[-1])
    if len(last) >= 6 and last in said:
        return True
    if _norm(value) == "allow" and len(last) >= 3 and last in said and "allow" in said:
        return True  # "allow edits" for ``"permission": {"edit": "allow"}``
    k, v = _norm(key), _norm(value)
    parts = [f for f in (*_SELF_ACTING, *_CHECKS) if f in k] + [b for b in _BYPASS_VALUES if b in v]
    return bool(parts) and all(p in said for p in parts)
