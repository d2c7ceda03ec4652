"""Log entries as OCSF events: the classes a SIEM already understands.

One recorded event (a log entry, already redacted: secrets never existed in it) becomes
one or more events of the pinned OCSF release (`OCSF_VERSION`):

| what was recorded                                 | OCSF class                    |
|---------------------------------------------------|-------------------------------|
| a shell command (``execute``)                     | Process Activity 1007         |
| a file read, write or edit                        | File System Activity 1001     |
| a network destination (fetch, or a command's)     | Network Activity 4001         |
| any other tool call (MCP, sub-agents, ...), and   | API Activity 6003             |
| session, prompt and control entries               |                               |
| each finding; a deny without one                  | Detection Finding 2004        |

Every event names the profiles it uses in ``metadata.profiles`` (``host``,
``security_control``, and ``ai_operation`` on the two classes that have it in 1.8.0:
``ai_model`` when the agent told us its model). OCSF 1.8.0 has no ``ai_agent`` object
(it is in 1.9.0, unreleased); the agent, its instance (the session) and the person are
carried in ``actor`` (``app_name``, ``session``, ``user``) and ``unmapped.bastion``.

``metadata.uid`` is the entry's leaf hash (hex), suffixed ``:n`` for the n-th extra event
made from the same entry: the idempotency key a receiver dedupes on. Mapping is pure
(no I/O); `SessionContext` carries what a session's first entry said about it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bastion.core.tools import ToolKind, ToolSpec
from bastion.sensors import registry, tool_spec

OCSF_VERSION = "1.8.0"
PRODUCT = {"name": "Bastion", "vendor_name": "Bastion"}

PROCESS_ACTIVITY = 1007
FILE_ACTIVITY = 1001
NETWORK_ACTIVITY = 4001
API_ACTIVITY = 6003
DETECTION_FINDING = 2004

_CLASSES: dict[int, tuple[str, int, str, tuple[str, ...]]] = {
    # uid: (class name, category uid, category name, profiles our events declare)
    PROCESS_ACTIVITY: (
        "Process Activity",
        1,
        "System Activity",
        ("host", "security_control", "ai_operation"),
    ),
    FILE_ACTIVITY: ("File System Activity", 1, "System Activity", ("host", "security_control")),
    NETWORK_ACTIVITY: (
        "Network Activity",
        4,
        "Network Activity",
        ("host", "security_control"),
    ),
    API_ACTIVITY: (
        "API Activity",
        6,
        "Application Activity",
        ("host", "security_control", "ai_operation"),
    ),
    DETECTION_FINDING: ("Detection Finding", 2, "Findings", ("host", "security_control")),
}

_SEVERITY = {"info": 1, "low": 2, "medium": 3, "high": 4, "critical": 5}
_SEVERITY_NAME = {1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical"}
# OCSF security_control: what the control did.
_ACTION = {"allow": (1, "Allowed", 1, "Allowed"), "deny": (2, "Denied", 2, "Blocked")}
_ASK = (99, "Ask", 14, "Delayed")
_OBSERVED = (3, "Observed", 17, "Logged")


def ai_provider(agent: str | None) -> str | None:
    """Who makes the model behind an agent (OCSF ``ai_model.ai_provider``), as its sensor
    declares; None when one firm does not (an agent of many firms' models, or unknown)."""
    if not agent or registry.canonical(agent) is None:
        return None
    return registry.files_of(agent).model_provider or None


def _spec(ev: Mapping[str, Any], tool: Any = None) -> ToolSpec:
    """What the event's tool is, as the sensor that recorded it says."""
    name = ev.get("tool") if tool is None else tool
    return tool_spec(str(name or ""), str(ev.get("agent") or "") or None)


@dataclass
class SessionContext:
    """What the log said about a session when it started: who, where, which agent/model."""

    agent: str = ""
    human: str = ""
    host: str = ""
    model: str = ""
    workspace: str = ""

    @classmethod
    def from_start(cls, data: Mapping[str, Any]) -> SessionContext:
        principals = data.get("principals") or {}
        human = principals.get("human") or {}
        raw = data.get("raw") or {}
        return cls(
            agent=str(data.get("agent") or ""),
            human=str(human.get("id") or human.get("name") or ""),
            host=str(principals.get("host") or ""),
            model=str(raw.get("model") or ""),
            workspace=str(principals.get("workspace") or data.get("cwd") or ""),
        )


@dataclass
class SessionBook:
    """Session contexts by id, learnt from the session_start entries streamed past.

    ``fallback`` answers for sessions that started before the export's position (the
    delivery engine passes one that reads the sessions table).
    """

    known: dict[str, SessionContext] = field(default_factory=dict)
    fallback: Any = None
    limit: int = 10_000

    def learn(self, event: Mapping[str, Any]) -> None:
        if event.get("native_name") == "SessionAttribution":
            # Written before the session's first event: who, where, which agent.
            found = (event.get("data") or {}).get("attribution") or {}
            sid = str(event.get("session_id"))
            if sid not in self.known and isinstance(found, dict):
                self.known[sid] = SessionContext(
                    agent=str(found.get("agent") or ""),
                    human=str(found.get("human") or ""),
                    host=str(found.get("host") or ""),
                    workspace=str(found.get("cwd") or ""),
                )
            return
        if event.get("kind") == "session_start":
            if len(self.known) >= self.limit:
                self.known.pop(next(iter(self.known)))
            sid = str(event.get("session_id"))
            started = SessionContext.from_start(event.get("data") or {})
            before = self.known.get(sid)
            if before is not None and not started.host:
                started.host, started.human = before.host, started.human or before.human
            self.known[sid] = started

    def get(self, session_id: str) -> SessionContext:
        found = self.known.get(session_id)
        if found is None:
            found = (self.fallback(session_id) if self.fallback else None) or SessionContext()
            self.known[session_id] = found
        return found


def to_ocsf(
    entry: Mapping[str, Any], leaf_hex: str, session: SessionContext | None = None
) -> list[dict[str, Any]]:
    """The OCSF events of one parsed log entry (``{"event", "findings", "alerts"}``)."""
    ev = entry["event"]
    ctx = session or SessionContext()
    facts = ev.get("facts") or {}
    made: list[dict[str, Any]] = []
    kind = ev.get("kind")
    tool = ev.get("tool")
    if kind in ("action", "permission_request", "observation") and tool:
        category = facts.get("category") or ""
        if category == "execute":
            made.append(_process(ev))
        elif category in ("read", "write"):
            made.append(_file(ev, category))
        elif category != "fetch":
            made.append(_api(ev, str(tool)))
        for dest in facts.get("destinations") or []:
            made.append(_network(ev, dest))
        if category == "fetch" and not facts.get("destinations"):
            made.append(_api(ev, str(tool)))
    else:
        made.append(_api(ev, str(ev.get("native_name") or kind or "event")))
    findings = list(entry.get("findings") or [])
    for finding in findings:
        made.append(_finding(ev, finding))
    if ev.get("decision") == "deny" and not findings:
        made.append(_policy_denial(ev))
    top = max((_SEVERITY.get(str(f.get("severity")), 1) for f in findings), default=1)
    shared = _Shared.of(ev, ctx)
    out = []
    for n, event in enumerate(made):
        uid = leaf_hex if n == 0 else f"{leaf_hex}:{n}"
        out.append(_finish(event, ev, ctx, uid, top, shared))
    return out


def to_ocsf_safe(
    entry: Mapping[str, Any], leaf_hex: str, session: SessionContext | None = None
) -> list[dict[str, Any]]:
    """`to_ocsf`, but an entry it cannot map (a shape this version does not expect)
    still yields one valid API Activity event naming the problem: one odd entry must not
    stall a sink's delivery, and nothing is dropped without a trace."""
    try:
        return to_ocsf(entry, leaf_hex, session)
    except Exception as exc:  # the mapping must never stop an export
        ev = entry.get("event") if isinstance(entry, Mapping) else None
        ev = ev if isinstance(ev, Mapping) else {}
        safe = {
            "seq": ev.get("seq") if isinstance(ev.get("seq"), int) else 0,
            "time": ev.get("time") if isinstance(ev.get("time"), int | float) else 0,
            "session_id": str(ev.get("session_id") or ""),
            "id": str(ev.get("id") or ""),
            "native_name": str(ev.get("native_name") or ""),
        }
        event = _api(safe, "Unmapped")
        event["message"] = f"Bastion could not map this entry ({type(exc).__name__})"
        return [_finish(event, safe, session or SessionContext(), leaf_hex, 1)]


# -- the classes ----------------------------------------------------------------------------


def _input(ev: Mapping[str, Any]) -> dict[str, Any]:
    value = (ev.get("data") or {}).get("tool_input")
    return value if isinstance(value, dict) else {}


def _process(ev: Mapping[str, Any]) -> dict[str, Any]:
    command = str(_input(ev).get("command") or "")
    name = _program(command)
    process: dict[str, Any] = {"name": name, "cmd_line": command}
    cwd = (ev.get("data") or {}).get("cwd")
    if cwd:
        process["working_directory"] = str(cwd)
    return {"class_uid": PROCESS_ACTIVITY, "activity_id": 1, "process": process}


def _program(command: str) -> str:
    """The first program a command line runs (its basename), for ``process.name``.

    A cheap look (whitespace words, quotes stripped), not the shell model of
    `bastion.understand`: the full line is in ``cmd_line``, and this runs per export.
    """
    for word in command.split():
        if "=" in word and not word.startswith(("/", ".", "'", '"')):
            continue  # an environment assignment before the program
        word = word.strip("'\"();&|")
        if word:
            return posixpath.basename(word) or word
    return "sh"


def _file(ev: Mapping[str, Any], category: str) -> dict[str, Any]:
    facts = ev.get("facts") or {}
    paths = facts.get("writes" if category == "write" else "reads") or []
    path = str(paths[0]["path"]) if paths else ""
    spec = _spec(ev)
    if not path and spec.path_key:
        path = str(_input(ev).get(spec.path_key) or "")
    # Read, or Create for a whole-file write, Update for an edit.
    activity = 2 if category == "read" else 1 if spec.kind is ToolKind.WRITE else 3
    file: dict[str, Any] = {"name": posixpath.basename(path) or path or "-", "type_id": 0}
    if path:
        file["path"] = path
    classes = sorted({c for p in paths for c in p.get("classes") or []})
    if classes:
        file["type"] = "Unknown"
        file["desc"] = "classes: " + ", ".join(classes)
    return {"class_uid": FILE_ACTIVITY, "activity_id": activity, "file": file}


def _network(ev: Mapping[str, Any], dest: Mapping[str, Any]) -> dict[str, Any]:
    host = str(dest.get("host") or "")
    endpoint: dict[str, Any] = {"hostname": host, "name": host}
    port = dest.get("port")
    if isinstance(port, int) and 0 <= port <= 65535:
        endpoint["port"] = port
    event: dict[str, Any] = {
        "class_uid": NETWORK_ACTIVITY,
        "activity_id": 1,
        "dst_endpoint": endpoint,
        "connection_info": {"direction_id": 2, "direction": "Outbound"},
    }
    scheme = dest.get("scheme")
    if scheme:
        event["app_protocol_name"] = str(scheme)
    url = _input(ev).get("url")
    if isinstance(url, str) and url:
        event["url"] = {"url_string": url, "hostname": host}
    if dest.get("tool"):
        event["app_name"] = str(dest["tool"])
    return event


def _api(ev: Mapping[str, Any], operation: str) -> dict[str, Any]:
    api: dict[str, Any] = {"operation": operation}
    spec = _spec(ev, operation)
    if spec.kind is ToolKind.MCP and spec.server:
        api["service"] = {"name": spec.server}
        api["operation"] = spec.operation
    return {"class_uid": API_ACTIVITY, "activity_id": 99, "activity_name": "Invoke", "api": api}


def _finding(ev: Mapping[str, Any], finding: Mapping[str, Any]) -> dict[str, Any]:
    evidence = finding.get("evidence") if isinstance(finding.get("evidence"), dict) else {}
    info: dict[str, Any] = {
        "uid": f"{ev.get('id')}:{finding.get('rule') or finding.get('kind')}",
        "title": str(finding.get("kind") or "finding"),
        "desc": str(finding.get("detail") or ""),
        "types": [str(finding.get("kind") or "finding")],
        "analytic": {
            "name": str(finding.get("rule") or finding.get("kind") or ""),
            "type_id": 1,
            "type": "Rule",
        },
    }
    attacks = [_attack(t) for t in (evidence or {}).get("attack") or [] if isinstance(t, str)]
    if attacks:
        info["attacks"] = attacks
    tags = [
        {"name": "owasp_agentic", "value": str(code)}
        for code in (evidence or {}).get("owasp_agentic") or []
    ]
    if tags:
        info["tags"] = tags
    severity = _SEVERITY.get(str(finding.get("severity")), 1)
    return {
        "class_uid": DETECTION_FINDING,
        "activity_id": 1,
        "finding_info": info,
        "severity_id": severity,
        "evidences": [{"name": str(ev.get("tool") or ev.get("native_name") or "event")}],
    }


def _attack(technique: str) -> dict[str, Any]:
    if "." in technique:
        return {"sub_technique": {"uid": technique}, "technique": {"uid": technique.split(".")[0]}}
    return {"technique": {"uid": technique}}


def _policy_denial(ev: Mapping[str, Any]) -> dict[str, Any]:
    verdict = ev.get("verdict") or {}
    policies = [str(p) for p in verdict.get("policies") or []]
    reasons = [str(r) for r in verdict.get("reasons") or []]
    return {
        "class_uid": DETECTION_FINDING,
        "activity_id": 1,
        "severity_id": 3,
        "finding_info": {
            "uid": f"{ev.get('id')}:deny",
            "title": "policy denial",
            "desc": "; ".join(reasons)[:2000],
            "types": ["policy-deny"],
            "analytic": {"name": ", ".join(policies) or "policy", "type_id": 1, "type": "Rule"},
        },
    }


# -- what every event carries ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shared:
    """What every OCSF event of one entry takes from it, worked out once per entry (an
    entry with findings makes several events; the exporter maps thousands a second)."""

    time_ms: int
    seq: int
    session_id: str
    event_id: str
    native_name: str
    control: tuple[tuple[str, Any], ...]
    bastion: tuple[tuple[str, Any], ...]
    message: str

    @classmethod
    def of(cls, ev: Mapping[str, Any], ctx: SessionContext) -> _Shared:
        control: dict[str, Any] = {}
        _control(control, ev)
        return cls(
            time_ms=int(float(ev.get("time") or 0) * 1000),
            seq=int(ev.get("seq") or 0),
            session_id=str(ev.get("session_id") or ""),
            event_id=str(ev.get("id") or ""),
            native_name=str(ev.get("native_name") or ""),
            control=tuple(control.items()),
            bastion=(
                ("kind", ev.get("kind")),
                ("tool", ev.get("tool")),
                ("tool_use_id", ev.get("tool_use_id")),
                ("decision", ev.get("decision")),
                ("agent", ctx.agent or (ev.get("data") or {}).get("agent")),
                ("agent_instance", ev.get("session_id")),
                ("policy_hash", (ev.get("verdict") or {}).get("policy_hash")),
            ),
            message=_message(ev),
        )


def _finish(
    event: dict[str, Any],
    ev: Mapping[str, Any],
    ctx: SessionContext,
    uid: str,
    top_severity: int,
    shared: _Shared | None = None,
) -> dict[str, Any]:
    shared = shared or _Shared.of(ev, ctx)
    class_uid = event["class_uid"]
    class_name, category_uid, category_name, profiles = _CLASSES[class_uid]
    activity_id = event["activity_id"]
    severity_id = event.pop("severity_id", top_severity)
    event["category_uid"] = category_uid
    event["category_name"] = category_name
    event["class_name"] = class_name
    event["type_uid"] = class_uid * 100 + activity_id
    event["time"] = shared.time_ms
    event["severity_id"] = severity_id
    event["severity"] = _SEVERITY_NAME.get(severity_id, "Unknown")
    event["metadata"] = {
        "product": PRODUCT,
        "version": OCSF_VERSION,
        "uid": uid,
        "profiles": list(profiles),
        "log_name": "bastion-audit",
        "sequence": shared.seq,
        "correlation_uid": shared.session_id,
        "original_event_uid": shared.event_id,
        "event_code": shared.native_name,
    }
    event["device"] = _device(ctx)
    if "activity_name" not in event:
        event["activity_name"] = _activity_name(class_uid, activity_id)
    if class_uid != DETECTION_FINDING or ev.get("kind") != "observation":
        event["actor"] = _actor(ev, ctx)
    if class_uid == API_ACTIVITY:
        event["src_endpoint"] = {"name": ctx.host or "localhost"}
    if "ai_operation" in profiles and ctx.model:
        event["ai_model"] = {
            "name": ctx.model,
            "ai_provider": ai_provider(ctx.agent) or ctx.agent or "Unknown",
        }
    for key, value in shared.control:
        if key == "policy":
            value = dict(value)  # each event its own copy: consumers may edit one
        event[key] = value
    event["unmapped"] = {"bastion": dict(shared.bastion)}
    if shared.message:
        event["message"] = shared.message
    return event


def _device(ctx: SessionContext) -> dict[str, Any]:
    return {"type_id": 0, "name": ctx.host or "unknown", "hostname": ctx.host or "unknown"}


def _actor(ev: Mapping[str, Any], ctx: SessionContext) -> dict[str, Any]:
    actor: dict[str, Any] = {
        "app_name": ctx.agent or str((ev.get("data") or {}).get("agent") or "unknown"),
        "session": {"uid": str(ev.get("session_id") or "")},
    }
    if ctx.human:
        actor["user"] = {"name": ctx.human}
    return actor


def _control(event: dict[str, Any], ev: Mapping[str, Any]) -> None:
    """``security_control``: what Bastion did (allow, deny, ask, or only recorded)."""
    decision = ev.get("decision")
    if ev.get("kind") == "observation" or decision is None:
        action = _OBSERVED
    elif decision == "ask":
        action = _ASK
    else:
        action = _ACTION.get(str(decision), _OBSERVED)
    event["action_id"], event["action"], event["disposition_id"], event["disposition"] = action
    verdict = ev.get("verdict") or {}
    policies = [str(p) for p in verdict.get("policies") or []]
    if policies:
        event["policy"] = {"name": policies[0], "uid": verdict.get("policy_hash") or policies[0]}
    if ev.get("kind") == "observation":
        failed = bool((ev.get("data") or {}).get("error"))
        event["status_id"], event["status"] = (2, "Failure") if failed else (1, "Success")


def _message(ev: Mapping[str, Any]) -> str:
    reasons = (ev.get("verdict") or {}).get("reasons") or []
    return "; ".join(str(r) for r in reasons)[:2000]


_ACTIVITY_NAMES = {
    PROCESS_ACTIVITY: {1: "Launch"},
    FILE_ACTIVITY: {1: "Create", 2: "Read", 3: "Update"},  # not an agent's name: OCSF 1.8.0
    NETWORK_ACTIVITY: {1: "Open"},
    API_ACTIVITY: {99: "Other"},
    DETECTION_FINDING: {1: "Create"},
}


def _activity_name(class_uid: int, activity_id: int) -> str:
    return _ACTIVITY_NAMES.get(class_uid, {}).get(activity_id, "Other")


def class_uids(events: Iterable[Mapping[str, Any]]) -> list[int]:
    """The class of each event (for tests and counts)."""
    return [int(e["class_uid"]) for e in events]
