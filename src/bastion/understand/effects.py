"""The effect model: what a tool call can do to the world, whatever its syntax or tool.

Every call yields typed effects (issue #13): it ``reads`` or ``writes`` a class of
resource, ``executes`` code of some provenance, ``sends`` data of some provenance to a
destination, ``changes_remote`` state (a repository, infrastructure, an account, money,
a calendar, messages) or ``persists`` something that runs again later. Policies and
detectors read these instead of command strings, so a new spelling of the same effect
meets the same rule.

Effects are derived from the ``ActionFacts`` the rest of ``understand`` computed plus, for
tools that have no syntax to parse (MCP, sub-agents, unknown tools), from what the tool
says of itself: its annotations and the verbs and nouns of its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bastion.core.tools import ToolKind
from bastion.sensors import tool_spec
from bastion.understand import access as accessmod
from bastion.understand import hosts as hostmod
from bastion.understand import paths as pathmod
from bastion.understand import remote_control as remotemod
from bastion.understand import state_change as statemod
from bastion.understand import tool_code as toolcode

if TYPE_CHECKING:
    from bastion.understand.actions import ActionFacts

READS = "reads"
WRITES = "writes"
EXECUTES = "executes"
SENDS = "sends"
CHANGES_REMOTE = "changes_remote"
PERSISTS = "persists"
VERBS = (READS, WRITES, EXECUTES, SENDS, CHANGES_REMOTE, PERSISTS)


@dataclass(frozen=True, slots=True)
class Effect:
    """One thing a call does. ``kind`` is the resource class, code provenance, destination
    class, remote-state kind or persistence mechanism, depending on ``verb``."""

    verb: str
    kind: str
    target: str = ""  # the path, host, tool or resource acted on ("" when not knowable)
    how: str = ""  # how it was resolved: "after expansion", "reach of an unmodelled program", ...
    provenance: str = ""  # where the code run or the data sent came from, when known

    @property
    def tag(self) -> str:
        """``verb:kind``: the form policies match on (``sends:external``)."""
        return f"{self.verb}:{self.kind}"

    def to_dict(self) -> dict[str, str]:
        out = {"verb": self.verb, "kind": self.kind}
        for key in ("target", "how", "provenance"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


# --- tools that describe themselves --------------------------------------------------------

# Words of an MCP tool's name (split on _ - . and case) that say what it does to the
# remote side. Reads are listed so that a read is never mistaken for a change.
_READ_VERBS = frozenset(
    "get list read search find fetch query check show view describe lookup count "
    "download export retrieve inspect browse peek status info stat preview".split()
)
_CHANGE_VERBS = frozenset(
    "send post create add update edit modify set delete remove drop destroy cancel "
    "reschedule schedule book reserve pay transfer invite share publish upload write "
    "append put patch move rename merge push commit deploy apply approve grant revoke "
    "reset change replace submit reply forward archive close open assign comment "
    "execute run start stop kill restart terminate install uninstall enable disable "
    "purchase order buy refund charge withdraw deposit subscribe unsubscribe join "
    "leave kick ban mute rotate provision scale release tag sign transact".split()
)
_EXEC_VERBS = frozenset("execute exec run shell command eval spawn process terminal".split())
_DESTRUCTIVE_VERBS = frozenset(
    "delete remove drop destroy purge wipe erase truncate kill terminate revoke "
    "uninstall cancel ban kick reset".split()
)
# Nouns of the name that say which kind of remote state changes (first match wins).
_REMOTE_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "money",
        frozenset(
            "transaction transactions payment payments transfer money iban balance "
            "invoice invoices refund charge card wallet order orders purchase "
            "subscription billing bank funds".split()
        ),
    ),
    (
        "calendar",
        frozenset(
            "calendar event events meeting meetings appointment appointments invite "
            "attendee attendees participants reservation reservations booking bookings "
            "hotel hotels flight flights restaurant restaurants car".split()
        ),
    ),
    (
        "messages",
        frozenset(
            "email emails mail message messages dm channel channels chat post posts "
            "comment comments reply sms notification slack tweet inbox".split()
        ),
    ),
    (
        "account",
        frozenset(
            "password passwords user users account accounts profile member members "
            "role roles permission permissions key keys token tokens credential "
            "credentials secret secrets login auth mfa address phone".split()
        ),
    ),
    (
        "repository",
        frozenset(
            "repo repos repository repositories branch branches commit commits pull "
            "merge issue issues release releases tag tags file files gist "
            "webhook webhooks".split()
        ),
    ),
    (
        "infrastructure",
        frozenset(
            "deploy deployment instance instances cluster clusters server servers vm "
            "database databases bucket buckets dns domain domains firewall network "
            "pod pods service services container containers function functions "
            "table tables record records".split()
        ),
    ),
)
# Argument names that carry a shell command for a tool that executes one.
_COMMAND_ARGS = ("command", "cmd", "script", "shell_command", "commandLine", "code")
_WORD_SPLIT = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def name_words(tool: str) -> list[str]:
    """The words of a tool name; an MCP tool's own name without its server
    (``sendMoney`` of the bank server -> ['send', 'money'])."""
    spec = tool_spec(tool)
    name = spec.operation if spec.kind is ToolKind.MCP else tool
    return [w.lower() for w in _WORD_SPLIT.findall(name)]


def mcp_server(tool: str) -> str:
    """The MCP server serving a tool ("" when it is not an MCP tool)."""
    return tool_spec(tool).server


@dataclass(frozen=True, slots=True)
class ToolSelf:
    """What an MCP or unknown tool says of itself (annotations when known, else its name)."""

    read_only: bool
    destructive: bool
    open_world: bool
    executes: bool
    remote_kind: str  # the kind of remote state a change touches, "" when unknown
    how: str  # "annotations" or "name verbs"


def describe_tool(tool: str, annotations: dict[str, Any] | None = None) -> ToolSelf:
    """Judge a tool by its annotations when the server gave them, else by its name's words.

    An annotation can only make a tool *more* dangerous than its name says: a server is
    not trusted to declare a ``send_money`` tool read-only.
    """
    words = name_words(tool)
    wordset = set(words)
    executes = bool(wordset & _EXEC_VERBS) and not (wordset & {"test", "tests"})
    changes = bool(wordset & _CHANGE_VERBS)
    # The first verb decides when a name holds both ("get_and_delete" is a change).
    reads = bool(wordset & _READ_VERBS) and not changes
    destructive = bool(wordset & _DESTRUCTIVE_VERBS)
    kind = ""
    for name, nouns in _REMOTE_KINDS:
        if wordset & nouns:
            kind = name
            break
    how = "name verbs"
    open_world = False
    if annotations:
        how = "annotations and name verbs"
        if annotations.get("destructiveHint") is True:
            destructive = True
            reads = False
        if annotations.get("readOnlyHint") is False:
            reads = False
        if annotations.get("readOnlyHint") is True and not changes:
            reads = True
        open_world = annotations.get("openWorldHint") is True
    if not reads and not changes and not executes:
        # A tool whose name says nothing is not assumed harmless.
        reads = False
    return ToolSelf(
        read_only=reads and not destructive and not executes,
        destructive=destructive,
        open_world=open_world,
        executes=executes,
        remote_kind=kind,
        how=how,
    )


def command_argument(tool_input: dict[str, Any]) -> str | None:
    """The shell command an execute-style tool was given, if any argument carries one."""
    for key in _COMMAND_ARGS:
        value = tool_input.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return " ".join(_quote(v) for v in value)
    return None


def _quote(word: str) -> str:
    if word and re.fullmatch(r"[A-Za-z0-9_./:=@%+-]+", word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


# --- effects from facts --------------------------------------------------------------------


def derive(facts: ActionFacts, tool: str = "", tool_input: dict[str, Any] | None = None) -> None:
    """Fill ``facts.effects`` from what the rest of the analysis found (idempotent)."""
    out: list[Effect] = list(facts.effects)
    seen = {(e.verb, e.kind, e.target) for e in out}

    def add(effect: Effect) -> None:
        key = (effect.verb, effect.kind, effect.target)
        if key not in seen and len(out) < 200:
            seen.add(key)
            out.append(effect)

    for info in facts.reads:
        for cls in info.classes:
            add(Effect(READS, cls, info.path, _how(info.path, facts)))
        if info.credential and (info.place == pathmod.SYSTEM or info.other_user):
            # Another account's secret (root's, a colleague's): never this user's work.
            add(Effect(READS, "foreign-credential", info.path, _how(info.path, facts)))
        if info.path in facts.traversals:
            add(Effect(READS, "traversal", info.path, "path traversal (..) out of the workspace"))
    for info in facts.writes:
        for cls in info.classes:
            add(Effect(WRITES, cls, info.path, _how(info.path, facts)))
        if info.credential and info.place not in (pathmod.WORKSPACE, pathmod.TEMP):
            # The project's own .env is the user's configuration; ~/.aws/credentials,
            # ~/.ssh/authorized_keys and other accounts' files are not.
            add(Effect(WRITES, "credential-outside-workspace", info.path, _how(info.path, facts)))
    if facts.env_dump:
        add(Effect(READS, "environment", "*", "environment dump"))
    for store in facts.credential_stores:
        add(Effect(READS, pathmod.CREDENTIAL, store, "credential store"))
    data_from = data_provenance(facts)
    for d in facts.destinations:
        classes = [c for c in d.classes if c != hostmod.EXTERNAL] or ["external"]
        if d.external:
            classes.append(hostmod.EXTERNAL)
        for cls in dict.fromkeys(classes):
            if d.sends_data:
                add(Effect(SENDS, cls, d.host or "?", d.tool, data_from))
            else:
                add(Effect(READS, "network:" + cls, d.host or "?", d.tool))
    for e in facts.executes:
        if e.kind == "deferred":
            continue  # one effect per file run, below
        add(Effect(EXECUTES, e.kind, e.detail[:120], provenance=execution_provenance(e.kind)))
        if e.detail.startswith("decodes and executes"):
            add(Effect(EXECUTES, "decoded", e.detail[:120], "decoded at run time", "session"))
    decoded = any(e.verb == EXECUTES and e.kind == "decoded" for e in out)
    if not decoded and any(r.endswith("runs decoded data") for r in facts.opaque_reasons):
        add(Effect(EXECUTES, "decoded", "", "decoded at run time", "session"))
    if facts.deferred:
        for path in facts.deferred:
            add(Effect(EXECUTES, "deferred", path, "written earlier in the session", "session"))
    if facts.opaque:
        add(Effect(EXECUTES, "opaque", "; ".join(facts.opaque_reasons)[:200], "not resolved"))
    for c in facts.persistence:
        add(Effect(PERSISTS, c.kind, c.target))
    for c in facts.destructive:
        add(Effect(WRITES, "destroys:" + c.kind, c.target))
    for c in facts.privilege:
        add(Effect(EXECUTES, "privileged:" + c.kind, c.target))
    for c in facts.self_tamper:
        add(Effect(WRITES, "guard:" + c.kind, c.target))
    shell = facts.shell
    if shell is not None:
        for cmd in shell.commands:
            later = [w for w in cmd.wrappers if w in _LATER_LAUNCHERS]
            if later:
                # Detached from the agent's call: it runs on (or later) after the call returns.
                add(Effect(PERSISTS, later[0], " ".join(cmd.argv[:3])[:120], "launcher"))
            remote = _shell_remote_change(cmd.program, cmd.argv)
            if remote:
                add(Effect(CHANGES_REMOTE, remote, " ".join(cmd.argv[:4])[:120], cmd.program))
            control = remotemod.remote_control(cmd.program, cmd.argv)
            if control is not None:
                what = ", ".join(control.values) or "unknown values"
                add(
                    Effect(
                        CHANGES_REMOTE, control.kind, f"{control.detail}: {what}"[:120], cmd.program
                    )
                )
            grant = accessmod.access_change(cmd.program, cmd.argv)
            if grant is not None:
                who = ", ".join(grant.values) or "everyone"
                add(Effect(CHANGES_REMOTE, "access", f"{grant.detail}: {who}"[:120], cmd.program))
            unset = statemod.root_if_unset(cmd.program, cmd.argv)
            if unset:
                add(Effect(WRITES, "destroys:root-if-unset", unset, "empty variable expands to /"))
    # A sub-agent prompt's prose changes (delegated_prose) were found before this pass.
    changes = [*facts.state_changes, *_state_changes(facts, tool, tool_input)][:16]
    facts.state_changes = changes
    for change in changes:
        add(_change_effect(change))
    facts.effects = out


def _state_changes(
    facts: ActionFacts, tool: str, tool_input: dict[str, Any] | None
) -> list[statemod.StateChange]:
    """The calls' state changes by verb class (understand/state_change): each shell
    command's, and an MCP or unknown tool's SQL statements and container specs."""
    out: list[statemod.StateChange] = []
    shell = facts.shell
    if shell is not None:
        for cmd in shell.commands[:32]:
            out.extend(
                statemod.command_changes(cmd.program, cmd.argv, cmd.assignments, shell.command)
            )
    configs = [w.path for w in facts.writes if statemod.config_file(w.path)]
    if configs:
        # Configuration text written (``echo 'require-sigs = false' >> nix.conf``, a file
        # tool's content): a verification switched off by the key's shape.
        text = (
            shell.command
            if shell is not None
            else "\n".join(t for t in facts.texts if isinstance(t, str))
        )
        out.extend(statemod.written_downgrades(text, configs[0]))
        out.extend(statemod.written_approvals(text, configs[0]))
        compose = statemod.compose_spec_change(text, configs[0])
        if compose is not None:
            out.append(compose)
    stores = [w.path for w in facts.writes]
    if stores:
        text = (
            shell.command
            if shell is not None
            else "\n".join(t for t in facts.texts if isinstance(t, str))
        )
        out.extend(statemod.trust_anchor_changes(text, stores))
    if tool_input and tool_spec(tool).kind in (ToolKind.MCP, ToolKind.OTHER):
        args = tool_input or {}
        for text in toolcode.sql_arguments(args):
            out.extend(statemod.sql_changes(text, "sql", False, mcp_server(tool) or tool))
        container = statemod.container_spec_change(args)
        if container is not None:
            out.append(container)
        for text in [v for v in args.values() if isinstance(v, str)][:8]:
            manifest = statemod.manifest_spec_change(text)
            if manifest is not None:
                out.append(manifest)
                break
        request = statemod.api_request_change(args)
        if request is not None:
            out.append(request)
    return out[:16]


def _change_effect(change: statemod.StateChange) -> Effect:
    if change.klass == statemod.WEAKEN:
        kind = "weakens:" + change.kind
    elif change.klass == statemod.DESTROY:
        kind = "destroys:" + change.kind
    else:
        kind = f"{change.klass}:{change.kind}"
    verb = WRITES if change.local and change.klass == statemod.DESTROY else CHANGES_REMOTE
    what = ", ".join(change.values) or "no values"
    return Effect(verb, kind, f"{change.detail}: {what}"[:160], "verb class")


_LATER_LAUNCHERS = frozenset({"systemd-run", "daemonize", "at", "batch"})


def _how(path: str, facts: ActionFacts) -> str:
    shell = facts.shell
    if shell is None:
        return "tool argument"
    if path in facts.reach:
        return "reach: named by an unmodelled program's arguments or by code"
    return "shell, after expansion"


def data_provenance(facts: ActionFacts) -> str:
    """Where the data this call could send comes from, most sensitive first."""
    if any(p.credential for p in facts.reads) or facts.env_dump or facts.credential_stores:
        return "credential"
    if any(p.place == pathmod.SYSTEM or p.other_user for p in facts.reads):
        return "system-file"
    if any(p.place not in (pathmod.WORKSPACE, pathmod.TEMP) for p in facts.reads):
        return "outside-workspace"
    if facts.reads:
        return "workspace"
    if facts.shell is not None and facts.shell.piped_sends:
        return PROGRAM_OUTPUT
    return "arguments"


# Data another program produced and piped into the sender (an image, a dump, a listing):
# local data, unlike words the command itself spells out.
PROGRAM_OUTPUT = "program-output"


_EXEC_PROVENANCE = {
    "downloaded": "network",
    "remote": "network",
    "remote-shell": "network",
    "installed-download": "network",
    "package-install": "registry",
    "package-run": "registry",
    "script": "workspace",
}


def execution_provenance(kind: str) -> str:
    if kind in _EXEC_PROVENANCE:
        return _EXEC_PROVENANCE[kind]
    if kind.startswith("inline-"):
        return "inline"
    if kind in ("decoded", "session-written", "deferred"):
        return "session"
    return ""


# CLIs that change shared remote state, by the subcommand words that do it.
_REMOTE_CLIS: dict[str, tuple[str, frozenset[str]]] = {
    "git": ("repository", frozenset({"push"})),
    "gh": (
        "repository",
        frozenset({"create", "merge", "delete", "edit", "close", "comment", "release", "secret"}),
    ),
    "glab": ("repository", frozenset({"create", "merge", "delete", "close", "note"})),
    "terraform": ("infrastructure", frozenset({"apply", "destroy", "import", "taint"})),
    "tofu": ("infrastructure", frozenset({"apply", "destroy", "import"})),
    "pulumi": ("infrastructure", frozenset({"up", "destroy", "update"})),
    "kubectl": (
        "infrastructure",
        frozenset({"apply", "delete", "create", "patch", "scale", "set", "replace", "rollout"}),
    ),
    "helm": ("infrastructure", frozenset({"install", "upgrade", "uninstall", "delete"})),
    "aws": ("infrastructure", frozenset()),
    "gcloud": ("infrastructure", frozenset()),
    "az": ("infrastructure", frozenset()),
    "doctl": ("infrastructure", frozenset()),
    "flyctl": ("infrastructure", frozenset({"deploy", "destroy", "scale", "secrets"})),
    "vercel": ("infrastructure", frozenset({"deploy", "rm", "remove", "env"})),
    "npm": ("repository", frozenset({"publish", "unpublish", "deprecate", "owner", "dist-tag"})),
    "twine": ("repository", frozenset({"upload"})),
    "cargo": ("repository", frozenset({"publish", "yank", "owner"})),
    "gem": ("repository", frozenset({"push", "yank", "owner"})),
    "docker": ("repository", frozenset({"push"})),
    "stripe": ("money", frozenset()),
}
_CLOUD_MUTATORS = re.compile(
    r"^(create|delete|put|update|modify|attach|detach|run|start|stop|terminate|remove|set|"
    r"add|deploy|reset|rotate|revoke|authorize|disable|enable)"
)


def _shell_remote_change(program: str, argv: tuple[str, ...]) -> str:
    entry = _REMOTE_CLIS.get(program)
    if entry is None:
        return ""
    kind, verbs = entry
    words = [a for a in argv[1:] if not a.startswith("-")][:4]
    if verbs:
        return kind if any(w in verbs for w in words) else ""
    # Cloud CLIs: service then operation ("aws s3 rm", "aws iam create-user").
    if program == "aws" and words[:1] == ["s3"]:
        return kind if any(w in ("cp", "mv", "rm", "sync", "rb", "mb") for w in words[1:2]) else ""
    return kind if any(_CLOUD_MUTATORS.match(w) for w in words[1:]) else ""


def tool_effects(
    facts: ActionFacts, tool: str, tool_input: dict[str, Any], self_: ToolSelf
) -> None:
    """Effects of an MCP or unknown tool from what it says of itself."""
    target = mcp_server(tool) or tool
    if self_.executes:
        facts.effects.append(Effect(EXECUTES, "tool-command", target, self_.how, "arguments"))
    if self_.read_only:
        facts.effects.append(Effect(READS, "remote", target, self_.how))
        return
    kind = self_.remote_kind or "unknown"
    if self_.destructive:
        facts.effects.append(Effect(CHANGES_REMOTE, "destroys:" + kind, target, self_.how))
    facts.effects.append(Effect(CHANGES_REMOTE, kind, target, self_.how, data_provenance(facts)))
    pointed = remotemod.record_targets(mcp_server(tool), name_words(tool), tool_input)
    if pointed:
        # A DNS record made to point at a host: where the domain's traffic or mail goes next.
        facts.effects.append(Effect(CHANGES_REMOTE, "dns", " ".join(pointed)[:200], self_.how))
    if self_.open_world:
        facts.effects.append(Effect(SENDS, "open-world", target, self_.how, "arguments"))


def tags(effects: list[Effect]) -> list[str]:
    """The ``verb:kind`` tags of effects, sorted and unique (the Cedar ``effects`` set)."""
    return sorted({e.tag for e in effects})
