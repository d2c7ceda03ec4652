"""Classify network destinations: loopback, private ranges, registries, source hosts, odd names.

A host is "external" when traffic to it leaves the machine and its network: anything
that is not loopback, a private or link-local address, or a ``.local``/``.internal``
name. Cloud metadata endpoints are their own class because they hand out credentials.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

LOOPBACK = "loopback"
PRIVATE = "private"
METADATA = "cloud-metadata"
IP_LITERAL = "ip-literal"
PACKAGE_REGISTRY = "package-registry"
SOURCE_HOST = "source-host"
ENCODED_NAME = "encoded-name"
EXTERNAL = "external"
UNKNOWN = "unknown"

PACKAGE_REGISTRIES = frozenset(
    {
        "pypi.org",
        "files.pythonhosted.org",
        "pypi.python.org",
        "registry.npmjs.org",
        "registry.yarnpkg.com",
        "crates.io",
        "static.crates.io",
        "index.crates.io",
        "rubygems.org",
        "proxy.golang.org",
        "sum.golang.org",
        "repo.maven.apache.org",
        "repo1.maven.org",
        "plugins.gradle.org",
        "api.nuget.org",
        "packagist.org",
        "conda.anaconda.org",
        "repo.anaconda.com",
        "deb.debian.org",
        "security.debian.org",
        "archive.ubuntu.com",
        "security.ubuntu.com",
        "dl-cdn.alpinelinux.org",
    }
)
SOURCE_HOSTS = frozenset(
    {
        "github.com",
        "api.github.com",
        "raw.githubusercontent.com",
        "codeload.github.com",
        "objects.githubusercontent.com",
        "gist.github.com",
        "gitlab.com",
        "bitbucket.org",
        "codeberg.org",
        "git.sr.ht",
    }
)
METADATA_HOSTS = frozenset(
    {"169.254.169.254", "metadata.google.internal", "metadata", "fd00:ec2::254", "100.100.100.200"}
)
_LOCAL_SUFFIXES = (".local", ".internal", ".localhost", ".lan", ".home.arpa")
_LABEL_CHARS = re.compile(r"^[a-z0-9-]+$")


@dataclass(frozen=True, slots=True)
class HostInfo:
    host: str
    classes: tuple[str, ...]

    @property
    def external(self) -> bool:
        return EXTERNAL in self.classes

    @property
    def trusted_infrastructure(self) -> bool:
        """Registries and source hosts that ordinary development talks to."""
        return PACKAGE_REGISTRY in self.classes or SOURCE_HOST in self.classes


def host_of(url: str) -> str:
    """The lower-cased host of a URL (or of a bare ``host[:port]``); "" when there is none."""
    if "://" not in url:
        url = "//" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return ""
    return (host or "").lower().rstrip(".")


@lru_cache(maxsize=4096)
def classify_host(host: str) -> HostInfo:
    host = host.lower().strip().rstrip(".").strip("[]")
    if not host:
        return HostInfo(host, (UNKNOWN, EXTERNAL))
    classes: list[str] = []
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if host in METADATA_HOSTS:
        classes.append(METADATA)
    if ip is not None:
        classes.append(IP_LITERAL)
        if ip.is_loopback:
            classes.append(LOOPBACK)
        elif ip.is_private or ip.is_link_local:
            classes.append(PRIVATE)
        else:
            classes.append(EXTERNAL)
        return HostInfo(host, tuple(classes))
    if host == "localhost" or host.endswith(".localhost"):
        return HostInfo(host, (LOOPBACK,))
    if host.endswith(_LOCAL_SUFFIXES) or "." not in host:
        classes.append(PRIVATE)
        return HostInfo(host, tuple(classes))
    if host in PACKAGE_REGISTRIES or _parent_in(host, PACKAGE_REGISTRIES):
        classes.append(PACKAGE_REGISTRY)
    if host in SOURCE_HOSTS or _parent_in(host, SOURCE_HOSTS):
        classes.append(SOURCE_HOST)
    if looks_encoded(host):
        classes.append(ENCODED_NAME)
    classes.append(EXTERNAL)
    return HostInfo(host, tuple(classes))


def _parent_in(host: str, names: frozenset[str]) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in names for i in range(1, len(parts) - 1))


def looks_encoded(host: str) -> bool:
    """A DNS name whose labels look like data (hex, base32, base64-ish) rather than words.

    DNS exfiltration packs bytes into long, high-entropy labels; ordinary names use short
    words. We look only at the labels left of the registrable domain.
    """
    labels = host.split(".")[:-2]
    for label in labels:
        if len(label) >= 24 and _LABEL_CHARS.match(label) and _entropy(label) >= 3.5:
            return True
        if len(label) >= 16 and re.fullmatch(r"[0-9a-f]+", label) and _entropy(label) >= 3.0:
            return True
    return len("".join(labels)) > 100


def _entropy(text: str) -> float:
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_REMOTE_URL = re.compile(r"^\s*(?:url|pushurl)\s*=\s*(\S+)", re.MULTILINE)


def workspace_hosts(workspace: str) -> frozenset[str]:
    """Hosts the workspace already talks to: its git remotes (``.git/config``).

    Pushing to and fetching from the repository's own remotes is ordinary work; a host
    first seen in a session is not. Reads one small file; never raises.
    """
    if not workspace:
        return frozenset()
    try:
        with open(f"{workspace}/.git/config", encoding="utf-8", errors="replace") as handle:
            text = handle.read(65536)
    except OSError:
        return frozenset()
    found = set()
    for url in _REMOTE_URL.findall(text):
        if "://" not in url and "@" in url and ":" in url:  # scp-like: git@host:owner/repo
            url = "ssh://" + url.split("@", 1)[1].replace(":", "/", 1)
        host = host_of(url)
        if host:
            found.add(host)
    return frozenset(found)
