"""Classify network destinations: loopback, private ranges, registries, source hosts, odd names.

A host is "external" when traffic to it leaves the machine and its network: anything
that is not loopback, a private or link-local address, or a ``.local``/``.internal``
name. Cloud metadata endpoints are their own class because they hand out credentials.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
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
LOOKALIKE = "look-alike"  # IDN/punycode or mixed-script name that can imitate another
NUMERIC_FORM = "numeric-form"  # an IPv4 address written in a form other than dotted decimal
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
        # The Go project's own module hosts (golang.org/x/…, google.golang.org/…).
        "golang.org",
        "google.golang.org",
        "go.googlesource.com",
        "repo.maven.apache.org",
        "repo1.maven.org",
        "plugins.gradle.org",
        "api.nuget.org",
        "packagist.org",
        "conda.anaconda.org",
        "repo.anaconda.com",
        # Tool distributions and registries of further ecosystems (#13 §2: a wrapper's
        # distributionUrl, a Hex or LuaRocks index, deno's and Bazel's module hosts).
        "services.gradle.org",
        "downloads.gradle.org",
        "hex.pm",
        "repo.hex.pm",
        "builds.hex.pm",
        "luarocks.org",
        "jsr.io",
        "bcr.bazel.build",
        "mirror.bazel.build",
        "repo.packagist.org",
        "conda.prefix.dev",
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
# Networks that stay on this machine's site. Python's ``is_private`` also counts reserved
# ranges (documentation, benchmarking, 240/4) that a packet would still leave for.
_LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "fc00::/7",
        "fe80::/10",
        "::/128",
    )
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


def ipv4_numeric(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a resolver's ``inet_aton`` reads from ``host``, in any of its forms.

    ``127.0.0.1``, ``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1`` and
    ``0x7f.0.0.1`` all reach the same machine: C libraries accept one to four parts, each
    decimal, octal (leading 0) or hex (0x), the last part filling the remaining bytes.
    """
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(parts):
        return None
    values: list[int] = []
    for part in parts:
        try:
            if part[:2] in ("0x", "0X"):
                values.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part[0] == "0":
                values.append(int(part[1:], 8))
            else:
                if not part.isdigit():
                    return None
                values.append(int(part, 10))
        except ValueError:
            return None
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = 0
    for v in head:
        number = number * 256 + v
    number = number * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(number)


def canonical_host(host: str) -> tuple[str, bool]:
    """The host as the network reaches it, and whether it was written in a disguised form.

    Numeric IPv4 forms become dotted decimal; IPv4-mapped and -compatible IPv6 addresses
    become the IPv4 they carry; IDN names become their punycode (ASCII) form.
    """
    written = host.lower().strip().rstrip(".").strip("[]")
    raw = uts46_map(written)
    mapped_form = raw != written
    raw = raw.rstrip(".")
    if not raw:
        return raw, False
    if raw.split("%", 1)[0].count(":") >= 2:
        try:
            ip6 = ipaddress.IPv6Address(raw.split("%", 1)[0])
        except ValueError:
            return raw, mapped_form
        embedded = _embedded_ipv4(ip6)
        if embedded is not None:
            return str(embedded), True
        return str(ip6), mapped_form
    if raw[0].isdigit():
        ip4 = ipv4_numeric(raw)
        if ip4 is not None:
            text = str(ip4)
            return text, text != written
    return raw, mapped_form


# Full stops a resolver following UTS-46 (browsers, curl with libidn2, Python's idna
# codec) reads as the label separator "."
_UNICODE_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
# Prefixes whose addresses carry an IPv4 address in their low 32 bits: NAT64 well-known
# (RFC 6052) and local-use (RFC 8215) prefixes, and the IPv4-compatible form
_NAT64 = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("64:ff9b:1::/48"),
)


def uts46_map(host: str) -> str:
    """The host as UTS-46 mapping leaves it before lookup: compatibility forms folded
    (full-width letters and digits, ideographic and half-width full stops become ".")."""
    if host.isascii():
        return host
    return unicodedata.normalize("NFKC", host.translate(_UNICODE_DOTS)).lower()


def _embedded_ipv4(ip6: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address delivers to: mapped, compatible, NAT64, 6to4
    (2002:AABB:CCDD::/48) and Teredo (the client's address)."""
    if ip6.ipv4_mapped is not None:
        return ip6.ipv4_mapped
    if int(ip6) >> 32 == 0 and int(ip6) > 1:
        return ipaddress.IPv4Address(int(ip6) & 0xFFFFFFFF)
    if any(ip6 in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip6) & 0xFFFFFFFF)
    if ip6.sixtofour is not None:
        return ip6.sixtofour
    if ip6.teredo is not None:
        return ip6.teredo[1]
    return None


_SCRIPTS = (
    ("latin", re.compile(r"[a-z\u00c0-\u024f]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("greek", re.compile(r"[\u0370-\u03ff]")),
    ("armenian", re.compile(r"[\u0530-\u058f]")),
    ("cherokee", re.compile(r"[\u13a0-\u13ff]")),
)


def looks_alike(host: str) -> bool:
    """An internationalised name that can pass for an ASCII one: punycode labels,
    non-ASCII letters, or a label mixing scripts (a Cyrillic "a" in a Latin name)."""
    if any(label.startswith("xn--") for label in host.split(".")):
        return True
    if host.isascii():
        return False
    for label in host.split("."):
        scripts = {name for name, pattern in _SCRIPTS if pattern.search(label)}
        if len(scripts) > 1 or (scripts and "latin" not in scripts):
            return True
    return not host.isascii()


@lru_cache(maxsize=4096)
def classify_host(host: str) -> HostInfo:
    written = host.lower().strip().rstrip(".").strip("[]")
    host, disguised = canonical_host(written)
    written = uts46_map(written)
    if not host:
        return HostInfo(host, (UNKNOWN, EXTERNAL))
    classes: list[str] = [NUMERIC_FORM] if disguised else []
    if looks_alike(written):
        classes.append(LOOKALIKE)
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
        elif ip.is_link_local or any(ip in net for net in _LOCAL_NETWORKS):
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
    """Hosts the workspace already talks to: its git remotes (``.git/config``), each also
    as ``host/owner/repo`` (a push to another owner on the same host is not to them).

    Pushing to and fetching from the repository's own remotes is ordinary work; a host
    first seen in a session is not. Reads one small file (once while it is unchanged);
    never raises.
    """
    if not workspace:
        return frozenset()
    return _hosts_in_file(f"{workspace}/.git/config", _remote_hosts)


def _remote_hosts(text: str) -> frozenset[str]:
    found = set()
    for url in _REMOTE_URL.findall(text):
        if "://" not in url and "@" in url and ":" in url:  # scp-like: git@host:owner/repo
            url = "ssh://" + url.split("@", 1)[1].replace(":", "/", 1)
        host = host_of(url)
        if host:
            found.add(host)
            # On a shared source host the repository is the destination: host/owner/repo.
            parts = [p for p in url.split("://", 1)[-1].split("/")[1:3] if p]
            if len(parts) == 2:
                found.add(f"{host}/{parts[0]}/{parts[1].removesuffix('.git')}".lower())
    return frozenset(found)


# What a small configuration file said, by path, with the file's identity when it was read
# (device, inode, mtime in ns, size): a session's opening stats each file instead of
# opening and parsing it again; any change to the file (rewritten, replaced, touched)
# changes the key and it is read anew. Bounded: cleared when full.
_FILE_HOSTS: dict[str, tuple[tuple[int, int, int, int], frozenset[str]]] = {}
_FILE_HOSTS_MAX = 4096


def _hosts_in_file(path: str, parse: Callable[[str], frozenset[str]]) -> frozenset[str]:
    """``parse`` of the file's first 64 KiB, remembered while the file is unchanged; an
    unreadable or missing file has no hosts (and nothing is remembered of it)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return frozenset()
    mark = (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)
    known = _FILE_HOSTS.get(path)
    if known is not None and known[0] == mark:
        return known[1]
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(65536)
    except (OSError, ValueError):
        return frozenset()
    found = parse(text)
    if len(_FILE_HOSTS) >= _FILE_HOSTS_MAX:
        _FILE_HOSTS.clear()
    _FILE_HOSTS[path] = (mark, found)
    return found


# Files where package managers are told which index to use (user, project and system).
_INDEX_FILES = (
    "~/.config/pip/pip.conf",
    "~/.pip/pip.conf",
    "/etc/pip.conf",
    "~/.config/uv/uv.toml",
    "~/.npmrc",
    "~/.yarnrc.yml",
    "~/.condarc",
    "~/.cargo/config.toml",
    "~/.bundle/config",
    "{ws}/pip.conf",
    "{ws}/uv.toml",
    "{ws}/.npmrc",
    "{ws}/.yarnrc.yml",
    "{ws}/pyproject.toml",
    "{ws}/poetry.toml",
    "{ws}/.cargo/config.toml",
    "{ws}/requirements.txt",
)
_INDEX_LINE = re.compile(
    r"(?im)^\s*(?:index[-_]url|extra[-_]index[-_]url|registry|npmRegistryServer|url|"
    r"channels?|--index-url|--extra-index-url|-i)\s*[=:\s]\s*[\"']?(\S+?)[\"']?\s*$"
)


# Files that tell a package manager where to install from or publish to, wherever they are
# (a project subdirectory's .npmrc counts for installs run there).
INDEX_CONFIG_NAMES = frozenset(
    {
        "pip.conf",
        "pip.ini",
        ".npmrc",
        ".yarnrc",
        ".yarnrc.yml",
        "uv.toml",
        ".pypirc",
        ".pydistutils.cfg",
        "pydistutils.cfg",
        ".condarc",
        "bunfig.toml",
        ".gemrc",
        "poetry.toml",
    }
)
_INDEX_VALUE = re.compile(
    r"(?im)(?:^|[\s'\"])(?:@[\w.-]+:)?(?:index[-_]url|extra[-_]index[-_]url|registry|"
    r"npmRegistryServer|repository|url|channels?|source)\s*[=:]\s*[\"']?([^\s\"']+)"
)


def index_config_hosts(path: str, text: str) -> list[str]:
    """Hosts a package-index configuration file names (empty when ``path`` is none)."""
    base = path.rstrip("/").rsplit("/", 1)[-1]
    cargo = base in ("config", "config.toml") and "/.cargo/" in path
    if base not in INDEX_CONFIG_NAMES and not cargo:
        return []
    out = []
    for url in _INDEX_VALUE.findall(text[:65536])[:16]:
        host = host_of(url if "://" in url else "//" + url)
        if host and "." in host and host not in out:
            out.append(host)
    return out


def configured_indexes(workspace: str, home: str) -> frozenset[str]:
    """Hosts of the package indexes the user or the project configured (pip.conf, .npmrc,
    pyproject sources ...): installing from them is ordinary work. Reads a few small
    files once per session (once while each is unchanged); never raises."""
    found: set[str] = set()
    for pattern in _INDEX_FILES:
        path = pattern.replace("~", home.rstrip("/"), 1).replace("{ws}", workspace.rstrip("/"))
        if "{ws}" in pattern and not workspace:
            continue
        found |= _hosts_in_file(path, _index_hosts)
    return frozenset(found)


def _index_hosts(text: str) -> frozenset[str]:
    found = set()
    for url in _INDEX_LINE.findall(text):
        host = host_of(url if "://" in url else "//" + url)
        if host and "." in host:
            found.add(host)
    return frozenset(found)
