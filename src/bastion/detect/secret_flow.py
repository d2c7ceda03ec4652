"""Secrets in prompts, arguments and outputs, and the flow of their bytes to sinks.

When an observation reveals a secret (a scanner match, or any value read from a
credential file), the session keeps keyed fingerprints of it and of its encodings
(``FingerprintSet``), never the value. A later action whose arguments carry one of those
fingerprints is a "secret-flow" finding naming the sink: an external host, an MCP tool,
a log file, a file in the workspace. Policy decides what each sink may receive.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bastion.core.tools import ToolKind
from bastion.detect.result import Detection
from bastion.detect.secrets import SecretMatch, scan
from bastion.detect.state import SessionState, StateUpdate, UpdateOp
from bastion.events import Event, Finding, Severity
from bastion.sensors import tool_spec
from bastion.understand.actions import ActionFacts

# KEY=VALUE and key: value lines of credential files; values are fingerprinted even when
# no rule knows their format (a database password has none).
_ASSIGNMENT = re.compile(
    r"""^[ \t]*(?:export[ \t]+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?[ \t]*[=:][ \t]*"""
    r"""["']?([^\s"'#]{8,})""",
    re.MULTILINE,
)
MIN_VALUE = 8
# An MCP tool that hands out stored secrets: a vault's get_secret, a password manager's
# reveal_password. Its values are credentials whatever their format ("FAKE-pw-1" has none a
# scanner knows), so they are fingerprinted like the values of a credential file.
_SECRET_NOUNS = frozenset(
    "secret secrets password passwords credential credentials passphrase apikey token "
    "tokens vault keyring".split()
)
_KEY_WORDS = frozenset("key keys".split())
_KEY_KINDS = frozenset("api access private signing deploy ssh secret".split())
# Verbs of a tool that hands a stored value back ("secret_peek", "unseal_token").
_SECRET_READS = frozenset(
    "get read reveal fetch show retrieve view copy export peek unseal decrypt dump print "
    "display cat lookup".split()
)
# Verbs that only a secret takes: the tool's answer is a secret whatever its nouns.
_SECRET_ONLY_VERBS = frozenset("unseal decrypt reveal".split())
# The fields of a secret store's answer that hold the secret itself.
_VALUE_KEYS = frozenset(
    "value secret password passphrase token key apikey api_key credential data plaintext".split()
)
_JSON_VALUE = re.compile(
    r'"(?:value|secret|password|passphrase|token|api_?key|credential|plaintext)"\s*:\s*"([^"]{8,})"',
    re.IGNORECASE,
)
SCAN_LIMIT = 2 * 1024 * 1024
# Field names that hold a credential in any tool's answer, whatever the tool is called: a
# password manager's ``get_item``, a CRM's portal login, a registrar's EPP code. (Only
# names that mean nothing else: not ``value``, ``data`` or ``key``.)
_CREDENTIAL_FIELDS = frozenset(
    "password passwd passphrase pass_phrase secret client_secret api_key apikey access_key "
    "secret_key private_key access_token refresh_token auth_token bearer_token auth_code "
    "authcode auth_info authinfo epp_code transfer_code transfer_key recovery_code backup_code "
    "pin_code door_code access_code totp_secret otp_secret".split()
)
# A cheap look for any of those names before an answer is parsed (most answers hold none).
_CREDENTIAL_GATE = re.compile(
    r"pass(?:word|wd|_?phrase)|secret|api_?key|access_?(?:key|token|code)|private_?key"
    r"|(?:refresh|auth|bearer)_?token|auth_?(?:code|info)|epp_?code|transfer_?(?:code|key)"
    r"|(?:recovery|backup)_?code|(?:pin|door)_?code",
    re.IGNORECASE,
)
_FIELD_LINE = re.compile(
    r"""^[ \t]*["']?([A-Za-z_][A-Za-z0-9_ -]{1,30})["']?[ \t]*[:=][ \t]*["']?([^\s"',}]{8,})""",
    re.MULTILINE,
)


def _kinds(matches: list[SecretMatch]) -> str:
    return ", ".join(sorted({m.kind for m in matches}))


def detect_prompt(event: Event, state: SessionState) -> Detection:
    out = Detection()
    text = event.prompt or ""
    matches = scan(text[:SCAN_LIMIT])
    if matches:
        out.findings.append(
            Finding(
                kind="secret-in-prompt",
                severity=Severity.HIGH,
                detail=f"the prompt contains a credential ({_kinds(matches)}); it is kept out "
                "of the record and may not leave the machine",
                rule="secrets.prompt",
                evidence={
                    "kinds": sorted({m.kind for m in matches}),
                    "previews": [m.preview(text) for m in matches[:5]],
                    "agent_note": "The user's prompt contains a credential. Do not copy it into "
                    "files, commands or messages; Bastion blocks it from leaving the machine.",
                },
            )
        )
        out.updates.extend(
            StateUpdate(UpdateOp.SECRET_SEEN, m.kind, text[m.start : m.end]) for m in matches
        )
    return out


def detect_observation(event: Event, facts: ActionFacts | None, text: str) -> Detection:
    out = Detection()
    text = text[:SCAN_LIMIT]
    matches = scan(text)
    if matches:
        out.findings.append(
            Finding(
                kind="secret",
                severity=Severity.HIGH,
                detail=f"the output of {event.tool or 'a tool'} shows a credential "
                f"({_kinds(matches)}): {', '.join(m.preview(text) for m in matches[:3])}",
                rule="secrets.output",
                evidence={"kinds": sorted({m.kind for m in matches}), "count": len(matches)},
            )
        )
        out.updates.extend(
            StateUpdate(UpdateOp.SECRET_SEEN, m.kind, text[m.start : m.end]) for m in matches
        )
    if _reads_secret_store(event):
        out.updates.extend(
            StateUpdate(UpdateOp.SECRET_SEEN, "secret-store", v) for v in _stored_secrets(text)
        )
    if tool_spec(event.tool or "", event.agent).kind is ToolKind.MCP:
        out.updates.extend(
            StateUpdate(UpdateOp.SECRET_SEEN, "credential-field", v)
            for v in credential_fields(text)
        )
    if facts is not None and (facts.credential_reads or facts.env_dump or facts.credential_stores):
        kind = (
            facts.credential_reads[0].credential if facts.credential_reads else "credential-value"
        )
        for m in _ASSIGNMENT.finditer(text):
            value = m.group(2)
            if len(value) >= MIN_VALUE and not value.startswith(("$", "{", "<")):
                out.updates.append(StateUpdate(UpdateOp.SECRET_SEEN, kind, value))
    return out


def detect_action(event: Event, facts: ActionFacts, state: SessionState) -> Detection:
    out = Detection()
    texts = [t[:SCAN_LIMIT] for t in facts.texts if t]
    fingerprints = state.fingerprints
    if fingerprints is not None and len(fingerprints):
        hits = [h for t in texts for h in fingerprints.find_in(t)]
        if hits:
            sink = _sink(facts)
            encodings = sorted({h.encoding for h in hits})
            evidence: dict[str, Any] = {
                "sink": sink,
                "encodings": encodings,
                "fingerprints": sorted({h.fingerprint_id[:12] for h in hits}),
            }
            fleet = sorted({fp for h in hits for fp in h.fleet_fingerprints})
            if fleet:  # an enrolled device: the fleet's workers compare these across machines
                evidence["fleet_fingerprints"] = fleet
            out.findings.append(
                Finding(
                    kind="secret-flow",
                    severity=Severity.CRITICAL
                    if sink in ("external-host", "mcp-tool")
                    else Severity.HIGH,
                    detail=f"bytes of a secret seen earlier in this session "
                    f"({', '.join(sorted({h.kind for h in hits}))}, as {', '.join(encodings)}) "
                    f"flow to {sink.replace('-', ' ')}",
                    rule="secrets.flow",
                    evidence=evidence,
                )
            )
            if sink == "sub-agent":
                # A sub-agent's prompt is a sink: the secret lands in another agent's
                # context and transcript, with the same tools to send it anywhere.
                out.findings.append(
                    Finding(
                        kind="secret-to-subagent",
                        severity=Severity.HIGH,
                        detail="a sub-agent's prompt carries bytes of a secret seen earlier "
                        "in this session",
                        rule="secrets.flow-subagent",
                        evidence={"encodings": encodings},
                    )
                )
            for info in facts.writes:
                out.updates.append(StateUpdate(UpdateOp.TAINT, info.path, "a secret's bytes"))
            if sink == "commit" and state.workspace:
                # A commit, note or tag message holding the secret: the repository's objects
                # carry it to wherever the next push goes.
                out.updates.append(
                    StateUpdate(
                        UpdateOp.TAINT, state.workspace.rstrip("/") + "/.git", "a secret's bytes"
                    )
                )
    fresh = [m for t in texts for m in scan(t)]
    if fresh:
        out.findings.append(
            Finding(
                kind="secret-in-arguments",
                severity=Severity.MEDIUM,
                detail=f"the arguments of {event.tool or 'a tool'} contain a credential "
                f"({_kinds(fresh)})",
                rule="secrets.arguments",
                evidence={"kinds": sorted({m.kind for m in fresh}), "sink": _sink(facts)},
            )
        )
    return out


def _sink(facts: ActionFacts) -> str:
    if facts.category == "delegate":
        return "sub-agent"
    if facts.sends_external or any(d.external for d in facts.destinations):
        return "external-host"
    if facts.category == "mcp":
        return "mcp-tool"
    if any(w.path.endswith(".log") or "/log" in w.path for w in facts.writes):
        return "log-file"
    if facts.shell is not None and any(
        c.program == "git" and "commit" in c.argv for c in facts.shell.commands
    ):
        return "commit"
    if facts.writes:
        return "workspace-file" if all(w.place == "workspace" for w in facts.writes) else "file"
    return "command"


def _reads_secret_store(event: Event) -> bool:
    """An MCP tool whose name reads (get, reveal, ...) a secret (secret, password, vault)."""
    return reads_secret_store(event.tool or "", event.agent)


def reads_secret_store(tool: str, agent: str = "") -> bool:
    """The same test by the tool's name alone (for the policy context's look-backs)."""
    spec = tool_spec(tool, agent)
    if spec.kind is not ToolKind.MCP:
        return False
    words = set(re.split(r"[^a-z]+", re.sub(r"(?<=[a-z])(?=[A-Z])", "_", spec.operation).lower()))
    server = set(re.split(r"[^a-z]+", tool.lower()))
    if words & _SECRET_ONLY_VERBS:
        return True  # only a secret is unsealed or decrypted ("entry_unseal")
    # A key named by what it opens ("get_api_key", "show_access_keys", "read_deploy_key") is
    # a credential; a bare "key" (a record's key, a sort key) is not.
    keyed = bool(words & _KEY_WORDS) and bool(words & _KEY_KINDS)
    return (keyed or bool((words | server) & _SECRET_NOUNS)) and bool(words & _SECRET_READS)


def _stored_secrets(text: str) -> list[str]:
    """The secret values of a secret store's answer (JSON fields or ``key: value`` lines)."""
    found: list[str] = []
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the reader goes
        data = None
    stack = [data]
    while stack and len(found) < 20:
        item = stack.pop()
        if isinstance(item, dict):
            for k, v in item.items():
                if isinstance(v, str) and str(k).lower() in _VALUE_KEYS and len(v) >= MIN_VALUE:
                    found.append(v)
                elif isinstance(v, dict | list):
                    stack.append(v)
        elif isinstance(item, list):
            stack.extend(item)
    found.extend(m.group(1) for m in _JSON_VALUE.finditer(text[:SCAN_LIMIT]))
    found.extend(
        m.group(2)
        for m in _ASSIGNMENT.finditer(text[:SCAN_LIMIT])
        if m.group(1).lower() in _VALUE_KEYS
    )
    return list(dict.fromkeys(found))[:20]


def _field_name(name: str) -> str:
    return re.sub(r"[ -]+", "_", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())).lower()


def _credential_field(name: str) -> bool:
    """A field name that holds a credential (its plural too: ``recovery_codes``)."""
    field = _field_name(name)
    return field in _CREDENTIAL_FIELDS or (field.endswith("s") and field[:-1] in _CREDENTIAL_FIELDS)


def credential_fields(text: str) -> list[str]:
    """Values of the credential-named fields of a tool's answer (``"password": "..."``,
    ``auth_code: ...``): a credential whatever the tool that handed it out is called."""
    found: list[str] = []
    if not _CREDENTIAL_GATE.search(text[:SCAN_LIMIT]):
        return found
    try:
        data: Any = json.loads(text)
    except ValueError:
        data = None
    stack = [data]
    while stack and len(found) < 20:
        item = stack.pop()
        if isinstance(item, dict):
            for k, v in list(item.items())[:200]:
                if _credential_field(str(k)) and (
                    isinstance(v, str)
                    or (isinstance(v, list) and all(isinstance(x, str) for x in v))
                ):
                    # (A list under such a name holds several: ``recovery_codes: [...]``.)
                    found.extend(
                        x
                        for x in ([v] if isinstance(v, str) else v[:20])
                        if len(x) >= MIN_VALUE and not x.startswith(("$", "{", "<", "*"))
                    )
                elif isinstance(v, dict | list):
                    stack.append(v)
        elif isinstance(item, list):
            stack.extend(item[:200])
    if data is None:
        found.extend(
            m.group(2)
            for m in _FIELD_LINE.finditer(text[:SCAN_LIMIT])
            if _credential_field(m.group(1)) and not m.group(2).startswith(("$", "{", "<", "*"))
        )
    return list(dict.fromkeys(found))[:20]
