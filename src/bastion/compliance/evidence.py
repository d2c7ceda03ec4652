"""Evidence queries: what the record shows about a control, over a time window.

Each query reads the store's aggregates (`bastion.store.evidence`: counts, so a report over a
million events stays a handful of queries) and returns an `Evidence`: counts, a one-line
statement, whether the evidence is present (``ok``) and a few log entries (``samples``, event
seqs) that the report proves with inclusion proofs. "Present" means the control was operating
in the window: a detector that ran on every decided event and found nothing is evidence, not
a failure; no decided events at all is no evidence.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bastion.store.evidence import CredentialTally, EvidenceReader

if TYPE_CHECKING:
    from bastion.store import Connection

DECIDED = ("action", "permission_request", "prompt")
SAMPLES = 3
RETENTION_DAYS = 183  # six months: EU AI Act Art. 19(1) and 26(6)


@dataclass
class Window:
    since: float
    until: float


@dataclass
class Evidence:
    name: str
    label: str
    statement: str
    ok: bool
    counts: dict[str, int] = field(default_factory=dict)
    samples: list[int] = field(default_factory=list)


@dataclass
class Context:
    """What queries share: the store's reader on one connection, the window, export sinks,
    a cache."""

    conn: Connection
    window: Window
    sinks: Sequence[Any] = ()
    cache: dict[str, Any] = field(default_factory=dict)
    read: EvidenceReader = field(init=False)

    def __post_init__(self) -> None:
        self.read = EvidenceReader(self.conn, self.window.since, self.window.until)

    def credential_tally(self) -> CredentialTally:
        if "credential_tally" not in self.cache:
            self.cache["credential_tally"] = self.read.credential_tally()
        tally: CredentialTally = self.cache["credential_tally"]
        return tally

    def decided(self) -> int:
        if "decided" not in self.cache:
            self.cache["decided"] = self.read.count_events(kinds=DECIDED)
        return int(self.cache["decided"])


def decisions(ctx: Context, _arg: str) -> Evidence:
    counts = ctx.read.decision_counts(DECIDED)
    total = sum(counts.values())
    samples = ctx.read.latest_event_seqs(SAMPLES, kinds=("action",))
    parts = ", ".join(f"{n} {d}" for d, n in sorted(counts.items()))
    return Evidence(
        "decisions",
        "Decisions",
        f"{total} agent actions and prompts decided by policy ({parts or 'none'})",
        total > 0,
        counts,
        samples,
    )


def denials(ctx: Context, _arg: str) -> Evidence:
    n = ctx.read.count_events(decision="deny")
    samples = ctx.read.latest_event_seqs(SAMPLES, decision="deny")
    return Evidence(
        "denials",
        "Denials",
        f"{n} actions denied before they ran",
        ctx.decided() > 0,
        {"denied": n},
        samples,
    )


def asks(ctx: Context, _arg: str) -> Evidence:
    n = ctx.read.count_events(decision="ask")
    by_status = ctx.read.approval_counts()
    decided_by_people = sum(v for k, v in by_status.items() if k in ("approved", "denied"))
    samples = ctx.read.latest_event_seqs(SAMPLES, decision="ask")
    return Evidence(
        "asks",
        "Human approval",
        f"{n} actions held for a person's approval; {decided_by_people} answered in the console "
        "or CLI",
        ctx.decided() > 0,
        {"asked": n, **{f"approvals_{k}": v for k, v in by_status.items()}},
        samples,
    )


def _kind_patterns(arg: str) -> list[str]:
    """The finding kinds an item names (``kind``, ``prefix*``, comma-separated); [] for all."""
    if not arg or arg == "*":
        return []
    return [kind.strip() for kind in arg.split(",")]


def findings_of(ctx: Context, arg: str) -> Evidence:
    patterns = _kind_patterns(arg)
    counts = ctx.read.finding_counts(patterns)
    total = sum(counts.values())
    # The most severe first when choosing what to prove.
    samples = ctx.read.most_severe_finding_seqs(patterns, SAMPLES)
    what = "all detectors" if not patterns else arg
    top = ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda x: -x[1])[:6])
    return Evidence(
        f"findings:{arg}",
        f"Findings ({what})",
        f"{total} findings on {ctx.decided()} decided events" + (f": {top}" if top else ""),
        ctx.decided() > 0,
        counts,
        samples,
    )


def owasp(ctx: Context, arg: str) -> Evidence:
    """Findings whose evidence names the OWASP Agentic code (sequence rules carry it)."""
    n = ctx.read.count_tagged_findings(arg)
    samples = ctx.read.tagged_finding_seqs(arg, SAMPLES)
    return Evidence(
        f"owasp:{arg}",
        f"Findings tagged {arg}",
        f"{n} findings whose rule names {arg}",
        ctx.decided() > 0,
        {"findings": n},
        samples,
    )


def alerts_of(ctx: Context, _arg: str) -> Evidence:
    counts: dict[str, int] = {}
    for tally in ctx.read.alert_tallies():
        counts[tally.severity] = counts.get(tally.severity, 0) + tally.count
        key = f"status_{tally.status}"
        counts[key] = counts.get(key, 0) + tally.count
    total = sum(v for k, v in counts.items() if not k.startswith("status_"))
    samples = ctx.read.latest_alert_seqs(SAMPLES)
    open_n = counts.get("status_open", 0)
    return Evidence(
        "alerts",
        "Alerts",
        f"{total} alerts raised ({open_n} still open)",
        ctx.decided() > 0,
        counts,
        samples,
    )


def containment(ctx: Context, _arg: str) -> Evidence:
    n = ctx.read.count_events(native_name="ModeChange")
    samples = ctx.read.latest_event_seqs(SAMPLES, native_name="ModeChange")
    return Evidence(
        "containment",
        "Containment",
        f"{n} containment changes (ask-everything, kill, release) recorded, each with who and why",
        ctx.decided() > 0,
        {"mode_changes": n},
        samples,
    )


def attribution(ctx: Context, _arg: str) -> Evidence:
    tally = ctx.read.session_tally()
    total, anonymous = tally.total, tally.unattributed
    logged = ctx.read.count_events(native_name="SessionAttribution")
    samples = ctx.read.latest_event_seqs(SAMPLES, native_name="SessionAttribution")
    return Evidence(
        "attribution",
        "Attribution",
        f"{total - anonymous} of {total} sessions attributed to a person; {logged} attributions "
        "signed into the log",
        total > 0 and anonymous == 0,
        {"sessions": total, "unattributed": anonymous, "logged": logged},
        samples,
    )


def credentials(ctx: Context, _arg: str) -> Evidence:
    """Sessions authenticated by signed, short-lived credentials (the identity registry).

    Present only when credentials were issued in the window: a home that runs without the
    identity service authenticates no session, and the report says so rather than passing.
    """
    tally = ctx.credential_tally()
    minutes = tally.longest_seconds // 60
    return Evidence(
        "credentials",
        "Session credentials",
        f"{tally.issued} session credentials issued (EdDSA-signed, scoped, checked on every "
        f"event; longest lifetime {minutes} min); {tally.revocations} revocations",
        tally.issued > 0,
        {
            "issued": tally.issued,
            "longest_minutes": minutes,
            "revocations": tally.revocations,
        },
        [],
    )


def access_rights(ctx: Context, _arg: str) -> Evidence:
    """Rights beyond a credential's scope: just-in-time grants, each expiring and approved
    by a named person, and revocations. Present when every grant names its approver and the
    window issued scoped credentials at all (rights are provisioned per session)."""
    tally = ctx.credential_tally()
    return Evidence(
        "access_rights",
        "Access rights",
        f"{tally.issued} sessions given scoped rights by their credential; {tally.grants} "
        f"just-in-time grants ({tally.grants - tally.grants_unapproved} naming who approved "
        f"them), {tally.revocations} revocations",
        tally.issued > 0 and tally.grants_unapproved == 0,
        {
            "scoped_sessions": tally.issued,
            "grants": tally.grants,
            "grants_without_approver": tally.grants_unapproved,
            "revocations": tally.revocations,
        },
        [],
    )


def policy_changes(ctx: Context, _arg: str) -> Evidence:
    n = ctx.read.count_events(native_name="Configuration")
    ever = ctx.read.count_events(native_name="Configuration", windowed=False)
    samples = ctx.read.latest_event_seqs(SAMPLES, native_name="Configuration")
    if not samples:
        samples = ctx.read.latest_event_seqs(SAMPLES, native_name="Configuration", windowed=False)
    return Evidence(
        "policy_changes",
        "Policy and configuration",
        f"{n} configuration or policy changes in the window ({ever} recorded in all); every "
        "verdict carries the hash of the policies that made it",
        ever > 0,
        {"changes": n, "recorded": ever},
        samples,
    )


def log_integrity(ctx: Context, _arg: str) -> Evidence:
    log = ctx.read.log_tally()
    ok = log.leaves == log.events and log.signed_size > 0
    return Evidence(
        "log_integrity",
        "Tamper-evident log",
        f"{log.leaves} leaves for {log.events} events; {log.checkpoints} signed checkpoints, the "
        f"newest covering {log.signed_size} entries. Full verification: `bastion audit verify`",
        ok,
        {
            "leaves": log.leaves,
            "events": log.events,
            "checkpoints": log.checkpoints,
            "signed_size": log.signed_size,
        },
        [],
    )


def retention(ctx: Context, _arg: str) -> Evidence:
    first = ctx.read.first_event()
    days = (time.time() - first.time) / 86400 if first else 0.0
    in_window = ctx.read.count_events()
    return Evidence(
        "retention",
        "Retention",
        f"the log reaches back {days:.0f} days ({in_window} events in the window); the "
        f"store keeps every entry (nothing is pruned), {RETENTION_DAYS} days is the EU AI "
        "Act's minimum",
        first is not None,
        {"days": int(days), "events_in_window": in_window},
        [first.seq] if first else [],
    )


def export(ctx: Context, _arg: str) -> Evidence:
    head = ctx.read.head_seq()
    positions = ctx.read.export_positions()
    configured = [s.name for s in ctx.sinks]
    behind = {name: head - positions.get(name, 0) for name in configured}
    statement = (
        "no export sink configured ([[export.sink]] in config.toml)"
        if not configured
        else "; ".join(f"{n}: {b} entries behind" for n, b in behind.items())
    )
    return Evidence(
        "export",
        "Export to SIEM",
        statement,
        bool(configured),
        {f"behind_{k}": v for k, v in behind.items()},
        [],
    )


QUERIES: dict[str, Callable[[Context, str], Evidence]] = {
    "decisions": decisions,
    "denials": denials,
    "asks": asks,
    "findings": findings_of,
    "owasp": owasp,
    "alerts": alerts_of,
    "containment": containment,
    "attribution": attribution,
    "credentials": credentials,
    "access_rights": access_rights,
    "policy_changes": policy_changes,
    "log_integrity": log_integrity,
    "retention": retention,
    "export": export,
}


def run(ctx: Context, item: str) -> Evidence:
    """One evidence item of the catalogue (``name`` or ``name:argument``), cached per run."""
    if item not in ctx.cache:
        name, _, arg = item.partition(":")
        ctx.cache[item] = QUERIES[name](ctx, arg)
    result: Evidence = ctx.cache[item]
    return result


def distinct_sessions(ctx: Context) -> int:
    return ctx.read.distinct_sessions()
