"""The facts a shell-command analysis reports: destinations, changes, executions, commands."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class NetworkDestination:
    """A place the command talks to over the network."""

    host: str  # lowercased host name or IP literal; "" when not knowable (e.g. $URL)
    port: int | None
    scheme: str  # "https", "http", "ssh", "git", "ftp", "tcp", "udp", "dns", "" ...
    tool: str  # the program that talks: "curl", "git", "pip", "python", ...
    sends_data: bool  # uploads or sends data (not just a fetch)


@dataclass(frozen=True, slots=True)
class Change:
    """A change to the system worth a policy's attention (destructive, privilege, ...)."""

    kind: str  # "rm-recursive", "git-reset-hard", "sudo", "shell-rc", "agent-settings", ...
    target: str  # the path/branch/resource it acts on, "" if none
    detail: str  # one readable line


@dataclass(frozen=True, slots=True)
class Execution:
    """Code the command runs beyond ordinary programs: downloads, inline code, installs."""

    kind: str  # "downloaded", "inline-python", "inline-node", "inline-shell", "package-install",
    # "package-run", "script", "remote", "remote-shell", "inline-perl", "inline-ruby", ...
    detail: str
    packages: tuple[str, ...] = ()
    index: str = ""  # package index/registry host when given, "" for the default


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    """One program invocation after unwrapping sudo/env/timeout/xargs and the like."""

    program: str  # basename of the resolved program
    argv: tuple[str, ...]  # words as the shell would pass them, from the program on
    depth: int  # 0 top level; +1 inside sh -c / eval / xargs / find -exec / $( ) / <( )
    pipeline: int  # index of the pipeline this command belongs to
    wrappers: tuple[str, ...] = ()  # unwrapped launchers, outermost first ("sudo", "timeout")
    assignments: tuple[str, ...] = ()  # NAME=value words that prefix the command


@dataclass(slots=True)
class ShellAnalysis:
    """Everything one Bash command does, as far as static analysis can tell."""

    command: str
    commands: list[SimpleCommand] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)
    env_reads: list[str] = field(default_factory=list)
    credential_stores: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    executes: list[Execution] = field(default_factory=list)
    network: list[NetworkDestination] = field(default_factory=list)
    destructive: list[Change] = field(default_factory=list)
    privilege: list[Change] = field(default_factory=list)
    persistence: list[Change] = field(default_factory=list)
    self_tamper: list[Change] = field(default_factory=list)
    source_to_sink_pipelines: list[tuple[int, ...]] = field(default_factory=list)
    # Files this command fills with what it fetched from the network (curl -o, wget -O,
    # > redirects of a download): where they land decides whether fetched code is installed.
    downloads: list[str] = field(default_factory=list)
    # Hosts sent the output of an upstream program through a pipe (local data, not literal).
    piped_sends: list[str] = field(default_factory=list)
    opaque: bool = False
    opaque_reasons: list[str] = field(default_factory=list)
    # Units of analysis work spent (syntax nodes visited, scripts parsed); bounded by the
    # budget so that callers and tests can check cost without timing anything.
    work: int = 0


@dataclass(frozen=True, slots=True)
class Word:
    """One shell word after quote removal, with whether any part of it is unknown."""

    text: str  # value as the shell would pass it; unresolved expansions kept literally
    dynamic: bool = False  # contains an expansion or substitution whose value is unknown
    substituted: bool = False  # contains a command substitution $( ) or backticks
    origin: str = ""  # "download" or "decode" when the word is the output of such a command
