"""Cedar policy evaluation: load the shipped pack and an organisation's own, decide, explain.

Policies are parsed once into a ``cedarpy.PolicySet`` and reused for every decision.
Cedar's parser reports errors without positions, so files are split into statements
first (respecting strings and comments); each statement is parsed alone when a file
fails, which lets ``bastion policy check`` point at the file and line.

``ask`` semantics: a forbid annotated ``@decision("ask")`` asks instead of denying; if
every forbid behind a Cedar deny carries that annotation, the verdict is ask.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import cedarpy

from bastion.errors import PolicyError
from bastion.events import Decision
from bastion.policy import diagnose
from bastion.policy.reads import (
    KeyPlan,
    Reads,
    SetTests,
    cedar_plain,
    key_plan,
    keyed_by,
    project,
    reads_of_set,
    set_tests_of_set,
)

__all__ = [
    "MEMO_SIZE",
    "PACK_NAMES",
    "PolicyEngine",
    "PolicyInfo",
    "PolicyResult",
    "PolicySource",
    "check_statements",
    "directory_files",
    "pack_files",
    "schema_text",
    "split_statements",
]

PACK_NAMES = ("default",)
MEMO_SIZE = 4096
CEDAR_TEXT_FUNCTIONS = ("policies_to_json_str", "validate_policies")
"""Cedar's reading and validation of a policy set: pure functions of the policy and schema
texts, asked at every start. In a process that opted into the start-up compile cache (the
hook's fallback, the daemon's start), their answers come from it (~12 ms per start)."""


def _route_cedar_through_the_start_cache() -> None:
    """Only where `bastion.hook.compile_cache` is already loaded (no import of it here)."""
    import os
    import sys

    start_cache = sys.modules.get("bastion.hook.compile_cache")
    internal = getattr(cedarpy, "_internal", None)
    if start_cache is None or internal is None:
        return
    try:
        st = os.stat(internal.__file__)
    except (OSError, AttributeError, TypeError):
        return
    version = f"cedarpy:{st.st_size}:{st.st_mtime_ns}"  # another build of Cedar is a miss
    start_cache.route_text_functions(internal, CEDAR_TEXT_FUNCTIONS, version)


_route_cedar_through_the_start_cache()


@dataclass(frozen=True, slots=True)
class PolicySource:
    """One policy statement and where it came from."""

    file: str
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    id: str  # the @id annotation, or file:line when there is none
    effect: str
    reason: str
    ask: bool
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class PolicyResult:
    decision: Decision
    policies: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def schema_text() -> str:
    return resources.files("bastion.policy").joinpath("schema.cedarschema").read_text("utf-8")


def pack_files(pack: str = "default") -> list[tuple[str, str]]:
    """(display name, text) of each file of a shipped pack, in order."""
    root = resources.files("bastion.policy").joinpath("packs", pack)
    out = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cedar"):
            out.append((f"<pack:{pack}>/{entry.name}", entry.read_text("utf-8")))
    return out


def directory_files(path: Path) -> list[tuple[str, str]]:
    if path.is_file():
        return [(str(path), path.read_text("utf-8"))]
    if not path.is_dir():
        raise PolicyError(f"policy path {path} does not exist; give a .cedar file or a directory")
    return [(str(p), p.read_text("utf-8")) for p in sorted(path.rglob("*.cedar"))]


def split_statements(file: str, text: str) -> list[PolicySource]:
    """Split Cedar text into statements ending with ``;`` outside strings and comments."""
    out: list[PolicySource] = []
    start = 0
    start_line = 1
    line = 1
    i = 0
    n = len(text)
    in_string = False
    seen_code = False
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                in_string = False
        elif ch == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch == '"':
            in_string = True
            seen_code = True
        elif ch == ";":
            out.append(PolicySource(file, start_line, text[start : i + 1]))
            start = i + 1
            seen_code = False
        elif not ch.isspace() and not seen_code:
            seen_code = True
            start = i
            start_line = line
        i += 1
    if seen_code and text[start:].strip():
        out.append(PolicySource(file, start_line, text[start:]))
    return out


class PolicyEngine:
    """A parsed, validated policy set ready to decide, with the hash that names it."""

    def __init__(self, files: list[tuple[str, str]], *, validate: bool = True) -> None:
        self.schema_text = schema_text()
        self.statements: list[PolicySource] = []
        for file, text in files:
            self.statements.extend(split_statements(file, text))
        text = "\n".join(s.text for s in self.statements)
        # Cedar's reading of the whole set, once: the check and the policy info both use it
        # (a second conversion cost ~20 ms of every daemon start and hook fallback).
        est = _set_as_json(text)
        errors = check_statements(
            self.statements, self.schema_text if validate else None, parsed=est
        )
        if errors:
            raise errors[0]
        self.policy_set = cedarpy.PolicySet.from_str(text)
        self.info = _policy_info(est or {}, self.statements)
        digest = hashlib.sha256(self.schema_text.encode())
        for s in self.statements:
            digest.update(s.text.encode())
        self.hash = digest.hexdigest()[:16]
        self._memo: dict[str, PolicyResult] = {}
        # The context attributes the policies read (policy/reads.py), from Cedar's own parse:
        # the memo's key. None (a policy uses the context whole): keyed on all of it. A new
        # policy set (a reload) is a new engine, so its memo starts empty.
        self._reads: Reads | None = reads_of_set(est)
        # The sets the policies only test against literal strings: keyed on the answers.
        self._tests: SetTests = set_tests_of_set(est) if self._reads is not None else {}
        self._plan: KeyPlan | None = (
            key_plan(self._reads, self._tests) if self._reads is not None else None
        )
        # No entities: parsed once instead of a "[]" string parsed on every call.
        self._entities: Any = cedarpy.Entities.from_json_str("[]")

    @classmethod
    def load(cls, *extra: Path | None, pack: str = "default") -> PolicyEngine:
        files = pack_files(pack)
        for path in extra:
            if path is not None and (path.is_file() or path.is_dir()):
                files.extend(directory_files(path))
        return cls(files)

    def reason_of(self, policy_id: str) -> str:
        """The ``@reason`` words of the policy with this ``@id`` ("" when there is none)."""
        return next((i.reason for i in self.info.values() if i.id == policy_id), "")

    def evaluate(self, action: str, tool: str, agent: str, context: dict[str, Any]) -> PolicyResult:
        # Cedar is a pure function of the request and the (immutable) policy set, so equal
        # requests get the cached answer; ordinary work repeats the same facts constantly.
        # Equal in what the policies read: attributes no policy names cannot change it, nor
        # set members no policy tests for (policy/reads.py).
        reads = self._reads
        plan = self._plan
        keyed = context if plan is None else keyed_by(context, plan)
        key = json.dumps((action, tool, agent, keyed), sort_keys=True, separators=(",", ":"))
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        # Cedar is asked about what the policies read only: reading the request's context is
        # most of its cost, and what it does not read cannot change its answer. Not when the
        # context holds a value Cedar would refuse (it refuses the whole request).
        asked = context
        if reads is not None and cedar_plain(context):
            asked = project(context, reads)
        result = self._evaluate(action, tool, agent, asked)
        if result.errors:
            # An error's words may name attributes no policy reads ("available: ..."): the
            # answer with errors is Cedar's on the whole context, and is never shared.
            if asked is not context:
                result = self._evaluate(action, tool, agent, context)
            return result
        if len(self._memo) >= MEMO_SIZE:
            self._memo.pop(next(iter(self._memo)))
        self._memo[key] = result
        return result

    def _evaluate(
        self, action: str, tool: str, agent: str, context: dict[str, Any]
    ) -> PolicyResult:
        request = {
            "principal": f'Bastion::Agent::"{_quote(agent)}"',
            "action": f'Bastion::Action::"{action}"',
            "resource": f'Bastion::Tool::"{_quote(tool)}"',
            "context": context,
        }
        result = cedarpy.is_authorized(request, self.policy_set, self._entities)
        diagnostics = result.diagnostics
        # A policy that errors is skipped by Cedar; surface it rather than hide it.
        errors = list(diagnostics.errors) if diagnostics.errors else []
        if result.decision is cedarpy.Decision.Allow:
            return PolicyResult(Decision.ALLOW, errors=errors)
        # Cedar reports determining policies in hash order; report them in file order so
        # the same request always gets the same reasons.
        infos = sorted(
            (self.info[p] for p in diagnostics.reasons if p in self.info),
            key=lambda i: (i.file, i.line),
        )
        forbids = [i for i in infos if i.effect == "forbid"]
        if not forbids:
            return PolicyResult(Decision.DENY, [], ["no policy permits this action"], errors=errors)
        decision = Decision.ASK if all(i.ask for i in forbids) else Decision.DENY
        # Report the deciding policies first: with a deny, the asks are not the reason.
        deciding = [i for i in forbids if decision is Decision.ASK or not i.ask]
        return PolicyResult(
            decision,
            [i.id for i in deciding],
            [i.reason for i in deciding],
            errors=errors,
        )


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _set_as_json(text: str) -> dict[str, Any] | None:
    """Cedar's JSON form of a policy set, or None when the set does not parse."""
    try:
        est: dict[str, Any] = json.loads(cedarpy.policies_to_json_str(text))
    except ValueError:
        return None
    return est


def _policy_info(est: dict[str, Any], statements: list[PolicySource]) -> dict[str, PolicyInfo]:
    out: dict[str, PolicyInfo] = {}
    static = est.get("staticPolicies", {})
    # Cedar numbers statements policy0..N in order; templates are not used by our packs.
    for index, source in enumerate(statements):
        pid = f"policy{index}"
        body = static.get(pid)
        if body is None:
            continue
        ann = body.get("annotations") or {}
        out[pid] = PolicyInfo(
            id=ann.get("id") or f"{source.file}:{source.line}",
            effect=body.get("effect", ""),
            reason=ann.get("reason") or ann.get("id") or f"policy at {source.file}:{source.line}",
            ask=ann.get("decision") == "ask",
            file=source.file,
            line=source.line,
        )
    return out


def check_statements(
    statements: list[PolicySource],
    schema: str | None,
    *,
    parsed: dict[str, Any] | None = None,
) -> list[PolicyError]:
    """Every parse and validation error once, at the line and column of the mistake, naming
    the policy by its ``@id`` (`bastion.policy.diagnose`).

    A policy set that is right (every daemon start, replay and in-process decision) is
    parsed and validated once as a whole: Cedar validates each policy on its own, so the
    whole set passes exactly when every statement does, and one call parses the schema
    once instead of once per statement (82 statements: most of a daemon's start-up).
    Only a set with a mistake is checked statement by statement, to place each error.
    ``parsed``: the caller's `_set_as_json` of the joined statements, when it has it.
    """
    if _whole_set_is_right(statements, schema, parsed):
        return []
    return _check_each(statements, schema)


def _whole_set_is_right(
    statements: list[PolicySource], schema: str | None, parsed: dict[str, Any] | None = None
) -> bool:
    """True when the joined statements parse as exactly one policy each, carry no unknown
    ``@decision``, and (with a schema) validate; False sends the caller to the slow path."""
    text = "\n".join(s.text for s in statements)
    est = parsed if parsed is not None else _set_as_json(text)
    if est is None:
        return False
    bodies = est.get("staticPolicies", {})
    if len(bodies) != len(statements) or est.get("templates"):
        return False
    for body in bodies.values():
        decision = ((body or {}).get("annotations") or {}).get("decision")
        if decision is not None and decision != "ask":
            return False
    return schema is None or bool(cedarpy.validate_policies(text, schema).validation_passed)


def _check_each(statements: list[PolicySource], schema: str | None) -> list[PolicyError]:
    errors: list[PolicyError] = []

    def error(s: PolicySource, located: diagnose.Located, what: str) -> PolicyError:
        pid = diagnose.policy_id(s.text)
        named = f'policy "{pid}" ' if pid else "policy "
        return PolicyError(
            f"{named}{what}: {located.message}",
            file=s.file,
            line=s.line + located.line_offset,
            column=located.column,
        )

    for s in statements:
        try:
            cedarpy.PolicySet.from_str(s.text)
        except ValueError as exc:
            located = diagnose.locate_parse_error(s.text, str(exc))
            errors.append(error(s, located, "does not parse"))
            continue
        try:
            est: dict[str, Any] = json.loads(cedarpy.policies_to_json_str(s.text))
        except ValueError:
            est = {}
        bodies: list[dict[str, Any]] = list(est.get("staticPolicies", {}).values())
        ann = (bodies[0].get("annotations") if bodies else None) or {}
        decision = ann.get("decision")
        if decision is not None and decision != "ask":
            line, column = diagnose.locate_token(s.text, "decision")
            message = f'@decision({decision!r}) is not known; the only value is "ask"'
            errors.append(error(s, diagnose.Located(message, line, column), "is wrong"))
    if errors or schema is None:
        return errors
    actions = len(diagnose.schema_actions(schema))
    for s in statements:
        result = cedarpy.validate_policies(s.text, schema)
        if not result.validation_passed:
            raw = [e.error for e in result.errors]
            for located in diagnose.group_validation_errors(s.text, raw, actions, schema):
                errors.append(error(s, located, "does not match the schema"))
    return errors
