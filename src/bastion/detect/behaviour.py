"""Behaviour against a learnt baseline: retries of denied actions, scope creep, tool misuse,
exfiltration volume, instruction drift, and one anomaly score (0..100) for policy.

Per session, running features live in ``state.behaviour`` (``core/parts.BehaviourPart``,
bounded, copy on write: a container is copied only when this event changes it). The
same feature code profiles recorded sessions when a baseline is learnt
(``profile_session``), so what is measured online is what the baseline describes. Every
threshold is a quantile of the baseline (``ALERT_LEVEL``); without a baseline only the
retry detector, which needs none, raises findings. See ``docs/behaviour.md``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bastion.core.parts import BehaviourPart
from bastion.core.tools import ToolKind
from bastion.detect import sequences
from bastion.detect.baseline import Baseline, GroupModel, SessionProfile, group_keys, quantile
from bastion.detect.result import Detection
from bastion.detect.state import SessionState, StateUpdate, UpdateOp
from bastion.detect.text import output_text
from bastion.events import Event, EventKind, Finding, Severity
from bastion.sensors import sensor_for_record, tool_spec
from bastion.understand import paths as pathmod
from bastion.understand.actions import ActionFacts, understand

STATE_KEY = "behaviour"
START = "^"
FEATURES = (
    "actions",
    "distinct_tokens",
    "distinct_hosts",
    "new_host_rate",
    "bytes_read",
    "bytes_sent",
    "write_read_ratio",
    "bigram_max",
    "bigram_mean",
    "outside_scope",
    "unconnected",
)
# The share of ordinary sessions a value must exceed to be called unusual; the threshold
# value itself is that quantile of the baseline.
ALERT_LEVEL = 0.99
SCORE_ALERT = 99
RETRY_WINDOW_ACTIONS = 20
RETRY_WINDOW_SECONDS = 900.0
RETRY_SIMILARITY = 0.5
MAX_DENIED = 8
MAX_HOSTS = 64
MAX_TOKENS = 64

CATEGORIES = ("fix-bug", "add-feature", "refactor", "test", "docs", "ops", "data", "other")
_CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "fix-bug": (
        "fix",
        "bug",
        "error",
        "crash",
        "fails",
        "failing",
        "failure",
        "exception",
        "traceback",
        "broken",
        "incorrect",
        "wrong",
        "regression",
        "unexpected",
        "raises",
        "issue",
    ),
    "add-feature": (
        "add",
        "implement",
        "support",
        "feature",
        "introduce",
        "allow",
        "enable",
        "new option",
        "extend",
    ),
    "refactor": (
        "refactor",
        "clean up",
        "cleanup",
        "rename",
        "simplify",
        "restructure",
        "reorganize",
        "extract",
        "deduplicate",
        "move",
    ),
    "test": ("test", "tests", "coverage", "unit test", "pytest", "spec", "flaky"),
    "docs": ("docs", "documentation", "readme", "docstring", "changelog", "typo", "tutorial"),
    "ops": (
        "deploy",
        "pipeline",
        "docker",
        "kubernetes",
        "release",
        "infra",
        "terraform",
        "ci ",
        "github actions",
        "server",
        "install",
        "upgrade",
        "dependency",
    ),
    "data": (
        "data",
        "csv",
        "dataset",
        "database",
        "sql",
        "report",
        "analyze",
        "analyse",
        "spreadsheet",
        "table",
        "statistics",
        "email",
        "calendar",
        "message",
        "channel",
        "file",
    ),
}
_READ_VERBS = frozenset("get read search list find fetch check query view show lookup".split())
_SEND_VERBS = frozenset("send post share upload publish forward reply email transfer".split())
_DELETE_VERBS = frozenset("delete remove drop purge erase cancel".split())
_WRITE_VERBS = frozenset(
    "create add append update write edit set invite reschedule schedule move rename".split()
)
_WORD = re.compile(r"[a-z0-9]{3,}")
_FLAG = re.compile(r"^-")
_OUTSIDE = frozenset(
    {pathmod.HOME, pathmod.HOME_DOTFILE, pathmod.OTHER_REPOSITORY, pathmod.SYSTEM, pathmod.OTHER}
)
_CI_MARKERS = ("/github/workspace", "/home/runner/work/", "/builds/", "/buildkite/", "/jenkins")
# Effects that take a task beyond its category when ordinary sessions of it never do them.
_SENSITIVE_EFFECTS = frozenset({"send", "net", "delete"})
_KNOWN_HOST_CLASSES = frozenset({"package-registry", "source-host", "loopback", "private"})


# -- task, environment, tokens -------------------------------------------------------------


@lru_cache(maxsize=512)
def task_category(prompt: str) -> str:
    """A coarse task class from the prompt's words: fix-bug, add-feature, ..., other."""
    text = " " + re.sub(r"\s+", " ", prompt.lower()[:4000]) + " "
    words = set(re.findall(r"[a-z]+", text))
    best, best_hits = "other", 0
    for category, keys in _CATEGORY_WORDS.items():
        hits = sum(1 for k in keys if (k in words) if " " not in k) + sum(
            1 for k in keys if " " in k and k in text
        )
        if hits > best_hits:
            best, best_hits = category, hits
    return best


def environment_of(cwd: str) -> str:
    """Where the agent runs: "ci" on CI runners, else "local"."""
    return "ci" if any(m in cwd for m in _CI_MARKERS) else "local"


@lru_cache(maxsize=256)
def _prompt_words(prompt: str) -> frozenset[str]:
    return frozenset(_WORD.findall(prompt.lower()))


def action_token(tool: str, facts: ActionFacts) -> str:
    """A small-vocabulary name for what an action does: ``<category>:<effect>``."""
    effect = "other"
    spec = tool_spec(tool)
    if spec.kind is ToolKind.MCP:
        # MCP functions are few per server and say what they do: keep the name itself.
        function = spec.operation.lower()
        verb = function.split("_", 1)[0]
        effect = (
            "send"
            if verb in _SEND_VERBS
            else "delete"
            if verb in _DELETE_VERBS
            else "write"
            if verb in _WRITE_VERBS
            else "read"
            if verb in _READ_VERBS
            else "other"
        )
        return f"mcp:{effect}:{function[:40]}"
    if facts.sends_external:
        effect = "send"
    elif facts.destinations:
        effect = "net"
    elif facts.destructive:
        effect = "delete"
    elif facts.writes:
        effect = "write"
    elif facts.executes:
        effect = "run"
    elif facts.reads:
        effect = "read"
    return f"{facts.category}:{effect}"


def _targets(event: Event, facts: ActionFacts, workspace: str) -> set[str]:
    """Words naming what an action acts on: relative path parts, hosts, short arguments."""
    words: set[str] = set()
    ws = workspace.rstrip("/") + "/" if workspace else ""
    for info in (*facts.reads, *facts.writes):
        path = info.path[len(ws) :] if ws and info.path.startswith(ws) else info.path
        words.update(_WORD.findall(path.lower()))
    for d in facts.destinations:
        if d.host:
            words.update(w for w in _WORD.findall(d.host) if w not in ("www", "com", "org", "net"))
    if facts.category == "mcp":
        for value in event.tool_input.values():
            if isinstance(value, str) and len(value) <= 120:
                words.update(_WORD.findall(value.lower()))
            elif isinstance(value, list):
                for v in value[:10]:
                    if isinstance(v, str) and len(v) <= 120:
                        words.update(_WORD.findall(v.lower()))
    return words


def _signature(event: Event, facts: ActionFacts) -> list[str]:
    """A normalised description of an action, to compare a retry with a denied action."""
    words: set[str] = {f"tool:{event.tool or ''}"}
    for info in (*facts.reads, *facts.writes):
        words.add(info.path)
    words.update(f"host:{d.host}" for d in facts.destinations if d.host)
    if facts.shell is not None:
        for cmd in facts.shell.commands:
            words.add(f"prog:{cmd.program}")
            words.update(a for a in cmd.argv[1:] if not _FLAG.match(a) and len(a) < 200)
    else:
        for value in event.tool_input.values():
            if isinstance(value, str) and len(value) < 200:
                words.add(value)
    return sorted(words)[:40]


def _similar(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


# -- running features ----------------------------------------------------------------------


def _fresh() -> BehaviourPart:
    return BehaviourPart(last=START)


def features_of(data: BehaviourPart) -> dict[str, float]:
    n = int(data.n)
    hosts = len(data.hosts)
    return {
        "actions": float(n),
        "distinct_tokens": float(len(data.tok)),
        "distinct_hosts": float(hosts),
        "new_host_rate": hosts / (n + 3.0),
        "bytes_read": float(data.br),
        "bytes_sent": float(data.bs),
        "write_read_ratio": (data.w + 1.0) / (data.r + 1.0),
        "bigram_max": float(data.smax),
        "bigram_mean": float(data.ssum) / n if n else 0.0,
        "outside_scope": float(data.out),
        "unconnected": float(data.unc),
    }


def _observe_action(
    data: BehaviourPart,
    event: Event,
    facts: ActionFacts,
    state: SessionState,
    group: GroupModel | None,
) -> dict[str, Any]:
    """Fold one action into the running features; returns what detectors need about it."""
    token = action_token(event.tool or "", facts)
    surprise = group.surprisal(data.last, token) if group is not None else 0.0
    info: dict[str, Any] = {"token": token, "from": data.last, "surprisal": surprise}
    data.n += 1
    if token in data.tok or len(data.tok) < MAX_TOKENS:
        data.tok = {**data.tok, token: data.tok.get(token, 0) + 1}  # copy on write
    data.last = token
    data.smax = max(float(data.smax), surprise)
    data.ssum = float(data.ssum) + surprise
    effect = token.split(":")[1]
    if effect in ("write", "delete") or facts.writes:
        data.w += 1
    if effect == "read" or facts.reads:
        data.r += 1
    new_hosts = []
    prompt_words = _prompt_words(state.prompt)
    outside = [p.path for p in (*facts.reads, *facts.writes) if p.place in _OUTSIDE]
    for d in facts.destinations:
        if d.external and d.host and d.host not in data.hosts:
            if len(data.hosts) < MAX_HOSTS:
                data.hosts = [*data.hosts, d.host]
            new_hosts.append(d.host)
        if (
            d.external
            and not _KNOWN_HOST_CLASSES & set(d.classes)
            and not set(_WORD.findall(d.host)) & prompt_words
        ):
            outside.append(d.host or "?")
    if outside:
        data.out += 1
    info["outside"] = outside[:5]
    targets = _targets(event, facts, state.workspace)
    unconnected = bool(targets) and not targets & prompt_words
    if unconnected:
        data.unc += 1
    info["unconnected"] = unconnected
    sends = effect == "send"
    if sends:
        size = sum(len(t) for t in facts.texts)
        data.bs += size
        info["send_bytes"] = size
        info["read_before_send"] = data.rss
        if len(data.sends) < 256:
            data.sends = [*data.sends, size]
            data.rbs = [*data.rbs, data.rss]
        data.rss = 0
    return info


def _observe_output(data: BehaviourPart, event: Event) -> None:
    size = 0
    if event.tool_output is not None:
        size = len(output_text(event.tool_output))
    if event.error:
        size += len(event.error)
    data.br += size
    data.rss += size


def _set_group(data: BehaviourPart, event: Event, state: SessionState) -> list[str]:
    category = task_category(state.prompt) if state.prompt else "other"
    data.category = category
    return group_keys(event.agent or "unknown", category, environment_of(event.cwd))


# -- the detector --------------------------------------------------------------------------


def detect(
    event: Event, facts: ActionFacts | None, state: SessionState, baseline: Baseline | None
) -> Detection:
    """Behaviour findings for this event, and the session's anomaly score in state."""
    out = Detection()
    if event.kind not in (EventKind.ACTION, EventKind.OBSERVATION, EventKind.PROMPT):
        return out
    saved = state.behaviour
    data = saved.evolve() if saved is not None else _fresh()
    # The engine applies the new features (``out.parts``); state is only read here.
    out.parts.append(StateUpdate(UpdateOp.PART, STATE_KEY, data=data))
    # Every path below moves the part (and its "rev") but an action without facts and
    # without a pending outcome: that one alone is not worth a save.
    out.touched = True
    changed = _resolve_pending(data, state, event)
    if event.kind is EventKind.OBSERVATION:
        _observe_output(data, event)
        data.rev += 1
        return out
    if event.kind is EventKind.PROMPT:
        data.group = ""  # recomputed from the new prompt at the next action
        data.rev += 1
        return out
    if facts is None:
        if changed:
            data.rev += 1
        out.touched = changed or saved is None
        return out
    group = _group(data, event, state, baseline)
    info = _observe_action(data, event, facts, state, group)
    sig = _signature(event, facts)
    out.findings.extend(_retries(data, event, sig))
    data.pending = {
        "e": state.events,
        "d": state.denials,
        "u": event.tool_use_id or "",
        "sig": sig,
        "t": event.time,
        "tool": event.tool or "",
        "what": _what(event),
    }
    if group is not None:
        out.findings.extend(_baseline_findings(data, event, info, group))
    data.rev += 1
    return out


def _group(
    data: BehaviourPart, event: Event, state: SessionState, baseline: Baseline | None
) -> GroupModel | None:
    if baseline is None:
        return None
    if not data.group:
        keys = _set_group(data, event, state)
        agent, category, env = keys[0].split("|")
        found = baseline.group(agent, category, env)
        data.group = found.key if found is not None else "-"
    return baseline.groups.get(data.group)


def _resolve_pending(data: BehaviourPart, state: SessionState, event: Event) -> bool:
    pending = data.pending
    if not pending or pending.get("e") == state.events:
        return False
    data.pending = None
    if event.kind is EventKind.OBSERVATION and event.tool_use_id == pending.get("u"):
        return True
    outcome = sequences.action_outcome(state, int(pending["e"]), int(pending["d"]))
    if outcome == "denied":
        denied = [*data.denied]  # copy on write
        data.denied = denied
        denied.append(
            {
                "n": data.n,
                "t": pending["t"],
                "sig": pending["sig"],
                "tool": pending["tool"],
                "what": pending["what"],
                "retries": 0,
            }
        )
        del denied[:-MAX_DENIED]
    return True


def _what(event: Event) -> str:
    spec = tool_spec(event.tool, event.agent)
    text = event.tool_input.get(spec.command_key) if spec.kind is ToolKind.SHELL else None
    if not isinstance(text, str):
        args = list(event.tool_input.items())[:3]
        text = f"{event.tool} {', '.join(f'{k}={v}' for k, v in args)}"
    return text[:160]


def _retries(data: BehaviourPart, event: Event, sig: list[str]) -> list[Finding]:
    best, best_sim = None, 0.0
    for entry in data.denied:
        if data.n - int(entry["n"]) > RETRY_WINDOW_ACTIONS:
            continue
        if event.time - float(entry["t"]) > RETRY_WINDOW_SECONDS:
            continue
        sim = _similar(sig, entry["sig"])
        if sim >= RETRY_SIMILARITY and sim > best_sim:
            best, best_sim = entry, sim
    if best is None:
        return []
    # Copy on write: the entry and the list are shared with the saved part.
    old, best = best, {**best, "retries": int(best["retries"]) + 1}
    data.denied = [best if entry is old else entry for entry in data.denied]
    data.retries = max(int(data.retries), best["retries"])
    count = best["retries"]
    return [
        Finding(
            kind="persistence-retry",
            severity=Severity.HIGH if count >= 2 else Severity.MEDIUM,
            detail=f"retries an action that was denied {count} time(s) in a new form "
            f"(similarity {best_sim:.2f} to: {best['what'][:80]})",
            rule="behaviour.retry",
            evidence={
                "retries": count,
                "similarity": round(best_sim, 2),
                "tool": event.tool or "",
                "denied_action": best["what"],
                "agent_note": "This action resembles one that was denied. Do not retry denied "
                "actions in another form; ask the user instead.",
            },
        )
    ]


def _baseline_findings(
    data: BehaviourPart, event: Event, info: dict[str, Any], group: GroupModel
) -> list[Finding]:
    out: list[Finding] = []
    tool = event.tool or ""
    feats = features_of(data)
    raw, parts = group.raw(feats)
    score = group.score(raw)
    data.score = score
    top = sorted(parts.items(), key=lambda kv: -kv[1])[:3]
    evidence_base = {"group": group.key, "tool": tool}
    if score >= SCORE_ALERT and int(data.alerted) < SCORE_ALERT:
        data.alerted = score
        out.append(
            Finding(
                kind="behaviour-anomaly",
                severity=Severity.MEDIUM,
                detail=f"this session is more unusual than {score}% of ordinary sessions "
                f"({', '.join(f'{k}={feats[k]:g}' for k, _ in top)})",
                rule="behaviour.anomaly-score",
                evidence={
                    **evidence_base,
                    "score": score,
                    "raw": round(raw, 3),
                    "features": {k: round(feats[k], 3) for k, _ in top},
                },
            )
        )
    # Judged per session (the largest surprisal of ordinary sessions), not per transition,
    # so that long ordinary sessions do not trip it by sheer length.
    limit = quantile(group.features.get("bigram_max", []), ALERT_LEVEL)
    if limit is not None and info["surprisal"] > limit:
        out.append(
            Finding(
                kind="unusual-sequence",
                severity=Severity.LOW,
                detail=f"{info['from']} → {info['token']} is rare for {group.key} sessions",
                rule="behaviour.tool-misuse",
                evidence={
                    **evidence_base,
                    "from": info["from"],
                    "to": info["token"],
                    "surprisal": round(info["surprisal"], 2),
                    "limit": round(limit, 2),
                },
            )
        )
    if info["outside"] and group.tail("outside_scope", feats["outside_scope"]) <= 1 - ALERT_LEVEL:
        out.append(
            Finding(
                kind="scope-creep",
                severity=Severity.MEDIUM,
                detail=f"acts outside the task's scope ({', '.join(info['outside'][:3])}), more "
                "often than ordinary sessions do",
                rule="behaviour.scope",
                evidence={
                    **evidence_base,
                    "targets": info["outside"],
                    "count": int(feats["outside_scope"]),
                },
            )
        )
    elif (
        info["token"].split(":")[1] in _SENSITIVE_EFFECTS
        and group.token_sessions
        and group.token_sessions.get(info["token"], 0.0) < 1 - ALERT_LEVEL
    ):
        out.append(
            Finding(
                kind="scope-creep",
                severity=Severity.LOW,
                detail=f"{info['token']} actions are rare in {group.key} sessions",
                rule="behaviour.scope-category",
                evidence={
                    **evidence_base,
                    "token": info["token"],
                    "share": group.token_sessions.get(info["token"], 0.0),
                },
            )
        )
    if info["unconnected"] and group.tail("unconnected", feats["unconnected"]) <= 1 - ALERT_LEVEL:
        out.append(
            Finding(
                kind="instruction-drift",
                severity=Severity.LOW,
                detail="acts on targets the prompt does not mention, more often than ordinary "
                "sessions do",
                rule="behaviour.drift",
                evidence={**evidence_base, "count": int(feats["unconnected"])},
            )
        )
    if "send_bytes" in info:
        out.extend(_volume(info, group, evidence_base))
    return out


def _volume(info: dict[str, Any], group: GroupModel, evidence: dict[str, Any]) -> list[Finding]:
    sent_limit = quantile(group.send_bytes, ALERT_LEVEL)
    read_limit = quantile(group.read_before_send, ALERT_LEVEL)
    if len(group.send_bytes) < 10 or sent_limit is None or read_limit is None:
        return []
    size, before = info["send_bytes"], info["read_before_send"]
    if size <= sent_limit and before <= read_limit:
        return []
    return [
        Finding(
            kind="exfiltration-volume",
            severity=Severity.HIGH if size > sent_limit else Severity.MEDIUM,
            detail=f"sends {size} bytes after reading {before} bytes; ordinary sessions send at "
            f"most {sent_limit:g} bytes after reading {read_limit:g} (99th percentiles)",
            rule="behaviour.exfiltration-volume",
            evidence={
                **evidence,
                "send_bytes": size,
                "read_before_send": before,
                "send_limit": sent_limit,
                "read_limit": read_limit,
            },
        )
    ]


# -- shared with learning and policy -------------------------------------------------------


def anomaly_score(state: SessionState) -> int:
    """The session's anomaly score, 0..100 (0 without a baseline), for the Cedar context."""
    data = state.behaviour
    return int(data.score) if data is not None else 0


def retries(state: SessionState) -> int:
    """The most retries of any one denied action in this session."""
    data = state.behaviour
    return int(data.retries) if data is not None else 0


def forgive_denials(state: SessionState) -> StateUpdate | None:
    """Forget denied actions after a responder lifts containment: what containment refused
    (or a pending one) is no longer held against the agent, so doing it now is no retry.
    The update is the part without them (None: nothing to forgive); the caller applies it."""
    data = state.behaviour
    if data is None:
        return None
    new = data.evolve()
    new.denied = []
    new.pending = None
    new.retries = 0
    new.rev += 1
    return StateUpdate(UpdateOp.PART, STATE_KEY, data=new)


def profile_session(events: list[Event]) -> SessionProfile | None:
    """A recorded session's features, computed by the same code as online detection."""
    if not events:
        return None
    state = SessionState(events[0].session_id)
    cwd = next((e.cwd for e in events if e.cwd), "")
    state.workspace = pathmod.find_workspace(cwd) if cwd else ""
    transcript = next((e.transcript_path for e in events if e.transcript_path), "")
    state.home = sensor_for_record(events[0].agent).agent_home(transcript)
    data = _fresh()  # this function's own state: never saved
    tokens: list[str] = []
    keys: list[str] = []
    for event in events:
        if event.kind is EventKind.PROMPT and event.prompt:
            state.prompt = event.prompt[:20000]
        elif event.kind is EventKind.OBSERVATION:
            _observe_output(data, event)
        elif event.kind is EventKind.ACTION and event.tool:
            if not keys:
                keys = _set_group(data, event, state)
            facts = understand(
                event.tool,
                event.tool_input,
                cwd=event.cwd or cwd,
                workspace=state.workspace,
                home=state.home or "/nonexistent",
            )
            tokens.append(_observe_action(data, event, facts, state, None)["token"])
    if not keys:
        return None
    return SessionProfile(
        session_id=state.session_id,
        keys=keys,
        features=features_of(data),
        tokens=tokens,
        send_bytes=[float(x) for x in data.sends],
        read_before_send=[float(x) for x in data.rbs],
    )
