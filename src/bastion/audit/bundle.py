"""Forensic bundles: one session's full chain with an inclusion proof for every event.

A bundle is a JSON file an auditor checks offline. It carries the exact log entries of
the session's events (`bastion.audit.entry`), each with its leaf index and RFC 9162
inclusion proof against one signed checkpoint, the checkpoint itself, and the log's
verifier key. The readable ``chain`` (prompt, actions with verdicts and reasons,
observations, file diffs, findings, alerts, containment) is derived from the entries by
`session_chain`, and `verify_bundle` derives it again, so nothing in it can be edited
without failing verification. The ``session`` header (who started it) comes from the
session row, which is not a log entry; the bundle says so.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from bastion.audit.checkpoint import verify_note
from bastion.audit.entry import parse_entry
from bastion.audit.errors import AuditError, KeyFormatError
from bastion.audit.merkle import leaf_hash, verify_inclusion
from bastion.audit.note import VerifierKey
from bastion.sensors import sensor_for_record

__all__ = [
    "BUNDLE_FORMAT",
    "BundleEntry",
    "BundleReport",
    "build_bundle",
    "file_diff",
    "session_chain",
    "verify_bundle",
]

BUNDLE_FORMAT = "bastion-audit-bundle/1"


@dataclass(frozen=True, slots=True)
class BundleEntry:
    index: int
    entry: bytes
    proof: Sequence[bytes]


def build_bundle(
    *,
    session: Mapping[str, Any],
    entries: Sequence[BundleEntry],
    checkpoint_note: str,
    verifier_keys: Sequence[str],
) -> dict[str, Any]:
    """Assemble a bundle; ``entries`` in log order, each proved against the checkpoint."""
    parsed = [parse_entry(e.entry) for e in entries]
    return {
        "format": BUNDLE_FORMAT,
        "session": {
            "covered_by_log": False,
            **{k: session.get(k) for k in _SESSION_FIELDS},
        },
        "checkpoint": checkpoint_note,
        "verifier_keys": list(verifier_keys),
        "entries": [
            {
                "index": e.index,
                "entry": e.entry.decode("ascii"),
                "proof": [base64.b64encode(h).decode() for h in e.proof],
            }
            for e in entries
        ],
        "chain": session_chain(parsed),
    }


_SESSION_FIELDS = (
    "id",
    "agent",
    "agent_version",
    "human",
    "host",
    "cwd",
    "workspace",
    "permission_mode",
    "transcript_path",
    "started_at",
    "ended_at",
    "mode",
    "data",
)


def session_chain(entries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The readable story of a session, derived only from its log entries."""
    chain: dict[str, Any] = {
        "start": None,
        "prompts": [],
        "actions": [],
        "observations": [],
        "diffs": [],
        "findings": [],
        "alerts": [],
        "containment": [],
    }
    for item in entries:
        ev = item["event"]
        data = ev.get("data") or {}
        verdict = ev.get("verdict") or {}
        seq = ev.get("seq")
        kind = ev.get("kind")
        if kind == "session_start" and chain["start"] is None:
            chain["start"] = {
                "seq": seq,
                "time": ev.get("time"),
                "agent": data.get("agent"),
                "cwd": data.get("cwd"),
                "source": (data.get("raw") or {}).get("source"),
            }
        elif kind == "prompt":
            chain["prompts"].append(
                {
                    "seq": seq,
                    "time": ev.get("time"),
                    "prompt": data.get("prompt"),
                    "decision": ev.get("decision"),
                }
            )
        elif kind in ("action", "permission_request"):
            chain["actions"].append(
                {
                    "seq": seq,
                    "time": ev.get("time"),
                    "kind": kind,
                    "tool": ev.get("tool"),
                    "tool_use_id": ev.get("tool_use_id"),
                    "input": data.get("tool_input"),
                    "decision": ev.get("decision"),
                    "reasons": verdict.get("reasons") or [],
                    "policies": verdict.get("policies") or [],
                    "policy_hash": verdict.get("policy_hash"),
                }
            )
        elif kind == "observation":
            chain["observations"].append(
                {
                    "seq": seq,
                    "time": ev.get("time"),
                    "tool": ev.get("tool"),
                    "tool_use_id": ev.get("tool_use_id"),
                    "output": data.get("tool_output"),
                    "error": data.get("error"),
                }
            )
            diff = file_diff(
                ev.get("tool"),
                data.get("tool_input") or {},
                data.get("tool_output"),
                data.get("agent"),
            )
            if diff is not None:
                chain["diffs"].append({"seq": seq, "tool_use_id": ev.get("tool_use_id"), **diff})
        for f in item.get("findings") or []:
            chain["findings"].append({"seq": seq, **f})
        for a in item.get("alerts") or []:
            chain["alerts"].append({"seq": seq, **a})
            if "contained" in str(a.get("title", "")):
                chain["containment"].append({"seq": seq, "time": ev.get("time"), **a})
    return chain


def file_diff(
    tool: Any, tool_input: Mapping[str, Any], output: Any, agent: str | None = None
) -> dict[str, Any] | None:
    """The unified diff a file-writing call made, as its agent's sensor reads the record."""
    return sensor_for_record(agent).file_diff(tool, tool_input, output)


@dataclass
class BundleReport:
    entries: int = 0
    checkpoint_size: int = 0
    origin: str = ""
    warnings: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def verify_bundle(
    bundle: Mapping[str, Any], keys: Sequence[str] = (), *, session_id: str | None = None
) -> BundleReport:
    """Check a bundle offline; the report's ``error`` names the first bad item.

    ``keys`` are verifier-key strings the auditor trusts; without them the bundle's own
    key is used, which proves integrity but not who signed (a warning says so).
    """
    report = BundleReport()
    try:
        _verify(bundle, keys, report, session_id)
    except (AuditError, ValueError, KeyError, TypeError) as exc:
        if not report.error:
            report.error = f"{type(exc).__name__}: {exc}"
    return report


def _verify(
    bundle: Mapping[str, Any], keys: Sequence[str], report: BundleReport, session_id: str | None
) -> None:
    if bundle.get("format") != BUNDLE_FORMAT:
        report.error = f"format: not a {BUNDLE_FORMAT} file (got {bundle.get('format')!r})"
        return
    texts = list(keys)
    if not texts:
        texts = list(bundle.get("verifier_keys") or [])
        report.warnings.append(
            "no --key given: checked against the verifier key inside the bundle, which shows "
            "the bundle is intact but not who signed it; pass the log's key from a trusted "
            "source"
        )
    trusted: dict[str, Ed25519PublicKey] = {}
    for text in texts:
        try:
            key = VerifierKey.parse(text)
        except KeyFormatError as exc:
            report.error = f"verifier key: {exc}"
            return
        trusted[key.name] = key.public_key
    try:
        cp = verify_note(str(bundle["checkpoint"]), trusted)
    except AuditError as exc:
        report.error = f"checkpoint: {exc}"
        return
    report.checkpoint_size, report.origin = cp.size, cp.origin
    parsed: list[dict[str, Any]] = []
    sid = session_id or (bundle.get("session") or {}).get("id")
    last_index = -1
    for n, item in enumerate(bundle.get("entries") or []):
        where = f"entries[{n}]"
        try:
            entry = str(item["entry"]).encode("ascii")
            index = int(item["index"])
            proof = [base64.b64decode(h, validate=True) for h in item["proof"]]
            value = parse_entry(entry)
        except (KeyError, TypeError, ValueError) as exc:
            report.error = f"{where}: malformed ({exc})"
            return
        ev = value["event"]
        label = f"{where} (seq {ev.get('seq')}, {ev.get('kind')} {ev.get('tool') or ''})".rstrip()
        if index <= last_index:
            report.error = f"{label}: leaf index {index} is not after the previous entry's"
            return
        last_index = index
        if sid is not None and ev.get("session_id") != sid:
            report.error = f"{label}: belongs to session {ev.get('session_id')}, not {sid}"
            return
        try:
            verify_inclusion(leaf_hash(entry), index, cp.size, proof, cp.root_hash)
        except AuditError as exc:
            report.error = f"{label}: not in the signed log: {exc}"
            return
        parsed.append(value)
    report.entries = len(parsed)
    derived = json.loads(json.dumps(session_chain(parsed)))
    chain = bundle.get("chain") or {}
    for part, expected in derived.items():
        got = chain.get(part)
        if got == expected:
            continue
        items_got = got if isinstance(got, list) else [got]
        items_want = expected if isinstance(expected, list) else [expected]
        for i in range(max(len(items_got), len(items_want))):
            a = items_got[i] if i < len(items_got) else None
            b = items_want[i] if i < len(items_want) else None
            if a != b:
                seq = (b or a or {}).get("seq") if isinstance(b or a, dict) else None
                report.error = (
                    f"chain.{part}[{i}] (seq {seq}) does not match the signed entries: the "
                    "readable part of the bundle was edited"
                )
                return
    extra = set(chain) - set(derived)
    if extra:
        report.error = f"chain has unknown parts {sorted(extra)}: the bundle was edited"
