"""Where a sandboxed command may connect, given what its session has done: pure judgement.

The proxy asks one question per connection, request and DNS query: may this session reach
this host (and port) now? Allowed outright: the configured package registries and extra
hosts, the repository's own remotes, hosts the user named in the session's prompt, and hosts
granted to the session. Any other host is allowed (and recorded) while the session is clean,
and refused once the session has read a credential or taken in untrusted content, because
from then on the agent may be carrying data out on someone else's behalf. Some things are
refused in every session: SSH anywhere but the repository's own remotes, names whose labels
are long or random enough to carry data (DNS tunnelling), and the host's own loopback and
private addresses unless configured (the daemon's console and other local services).
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A label that long or that random is more likely data than a name (RFC 1035 allows 63).
MAX_LABEL = 40
ENTROPY_MIN_LENGTH = 16
ENTROPY_LIMIT = 3.9  # bits per character of a hyphen-free piece; words stay below
DIGIT_ENTROPY_LIMIT = 3.2  # lower bar for a long label that also holds digits
MAX_NAME = 120
SSH_PORTS = frozenset({22})
TLS_PORTS = frozenset({443, 8443})


@dataclass(frozen=True, slots=True)
class Ruling:
    allowed: bool
    rule: str  # short stable name: registry, remote, named, granted, clean-session, ...
    reason: str


@dataclass(slots=True)
class SessionView:
    """What the proxy needs to know about one session, fetched per connection."""

    session_id: str
    ssh_hosts: frozenset[str] = frozenset()
    prompt: str = ""
    tainted: str = ""  # why the session may no longer reach new hosts ("" when clean)
    fingerprints: Any = None  # detect.secrets.fingerprints.FingerprintSet, or None
    local_allowed: frozenset[str] = frozenset()  # loopback/private hosts configured
    sources: dict[str, str] = field(default_factory=dict)  # host -> why it is allowed


def normal_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host


def label_problem(name: str) -> str:
    """Why a DNS name looks like it carries data, or ""."""
    typed = name.strip().rstrip(".")
    name = normal_host(name)
    if len(name) > MAX_NAME:
        return f"name of {len(name)} characters"
    for raw_label in typed.split("."):
        label = raw_label.lower()
        if len(label) > MAX_LABEL:
            return f"a label of {len(label)} characters"
        if len(label) >= ENTROPY_MIN_LENGTH:
            if raw_label != label and raw_label != raw_label.upper():
                return "a mixed-case label (names are not typed that way; encodings are)"
            if "_" in label:
                return "a long label with underscores (not a host name)"
            why = _data_like(label, whole=True)
            if why:
                return why
        for part in label.split("-"):  # names join words with hyphens; encodings do not
            why = _data_like(part)
            if why:
                return why
    return ""


def _data_like(part: str, *, whole: bool = False) -> str:
    """Why a long hyphen-free piece of a label reads as encoded data, or "".

    Words carry vowels (about a third of their letters) and few digits; hex, base32 and
    base64 carry digits or few vowels, and more entropy per character.
    """
    if len(part) < ENTROPY_MIN_LENGTH:
        return ""
    bits = entropy(part)
    letters = [c for c in part if c.isalpha()]
    digits = sum(c.isdigit() for c in part)
    vowels = sum(c in "aeiou" for c in letters) / max(1, len(letters))
    if all(c in "0123456789abcdef" for c in part):
        return "a hex-encoded label"
    # A whole hyphenated label joins words, which raises its entropy: only the mixed tests.
    if (not whole and bits > ENTROPY_LIMIT) or (
        bits > DIGIT_ENTROPY_LIMIT and (digits >= 2 or vowels < 0.25)
    ):
        return f"a label that reads as encoded data ({bits:.1f} bits/char, {digits} digits)"
    return ""


def entropy(text: str) -> float:
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values()) if n else 0.0


def _is_local(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified


def judge(view: SessionView, host: str, port: int, kind: str) -> Ruling:
    """May ``view``'s session reach ``host:port`` by ``kind`` (http, connect, dns) now?"""
    host = normal_host(host)
    if not host:
        return Ruling(False, "no-host", "no destination host")
    problem = label_problem(host)
    if problem:
        return Ruling(False, "dns-tunnel", f"{host[:60]}…: {problem}")
    if kind != "dns" and port in SSH_PORTS:
        if host in view.ssh_hosts:
            return Ruling(True, "remote", f"ssh to the repository's own remote {host}")
        return Ruling(False, "ssh", f"ssh to {host}: only the repository's own remotes")
    if kind == "connect" and port not in TLS_PORTS and view.tainted:
        # A tunnel is not inspected; to a non-TLS port it could carry plain HTTP with the
        # session's secrets past the body scan.
        ports = ", ".join(map(str, sorted(TLS_PORTS)))
        reason = f"a tunnel to port {port} in a session that {view.tainted}: only TLS ({ports})"
        return Ruling(False, "tunnel-port", reason)
    if _is_local(host) and host not in view.local_allowed:
        return Ruling(False, "local", f"{host} is this machine or its private network")
    source = view.sources.get(host)  # exact names only: no suffix implies another host
    if source:
        return Ruling(True, source, f"{host} is allowed ({source})")
    if host in view.local_allowed:
        return Ruling(True, "configured", f"{host} is configured for sandboxes")
    if named_by_user(host, view.prompt):
        return Ruling(True, "named", f"the user named {host} in this session")
    if view.tainted:
        return Ruling(
            False,
            "tainted-session",
            f"{host} is not an allowed host and the session {view.tainted}",
        )
    return Ruling(True, "clean-session", f"{host}: new host, recorded (session is clean)")


def named_by_user(host: str, prompt: str) -> bool:
    """The user's own prompt names this host (as a word, not inside another name)."""
    if not host or not prompt:
        return False
    pattern = r"(?<![A-Za-z0-9.-])" + re.escape(host) + r"(?![A-Za-z0-9-])"
    return re.search(pattern, prompt, re.IGNORECASE) is not None


_URL = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)")
_SCP = re.compile(r"^(?:[^@/]+@)?([^:/]+):(?!//)")


def remote_urls(workspace: str) -> list[str]:
    """The remote URLs of the repository at ``workspace`` (from ``.git/config``)."""
    config = Path(workspace) / ".git" / "config"
    try:
        text = config.read_text(errors="replace")
    except OSError:
        return []
    return [m.group(1).strip() for m in re.finditer(r"^\s*(?:push)?url\s*=\s*(.+)$", text, re.M)]


def remote_host(url: str) -> str:
    """The host of a git remote URL ("" for a local path)."""
    url = url.strip()
    m = _URL.match(url)
    if m:
        return "" if url.startswith("file:") else normal_host(m.group(1))
    if url.startswith(("/", ".", "~")):
        return ""
    m = _SCP.match(url)
    return normal_host(m.group(1)) if m else ""


def remote_paths(workspace: str) -> list[str]:
    """Remotes that are directories on this machine (a bare "origin" beside the checkout)."""
    out = []
    for url in remote_urls(workspace):
        path = url[7:] if url.startswith("file://") else url
        if path.startswith("/"):
            out.append(path.rstrip("/"))
        elif path.startswith("."):
            out.append(str((Path(workspace) / path).resolve()))
    return out


def view_sources(
    registries: Iterable[str], extra: Iterable[str], remotes: Iterable[str], granted: Iterable[str]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for rule, hosts in (("granted", granted), ("remote", remotes), ("configured", extra),
                        ("registry", registries)):  # fmt: skip
        for host in hosts:
            if host:
                out[normal_host(host)] = rule
    return out
