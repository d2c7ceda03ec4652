"""Turn URLs, scp-style remotes and host:port strings from shell words into destinations."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bastion.understand.hosts import uts46_map

DEFAULT_PORTS = {
    "http": 80,
    "https": 443,
    "ftp": 21,
    "ftps": 990,
    "sftp": 22,
    "ssh": 22,
    "scp": 22,
    "git": 9418,
    "git+ssh": 22,
    "ssh+git": 22,
    "ws": 80,
    "wss": 443,
    "smtp": 25,
    "smtps": 465,
    "imap": 143,
    "imaps": 993,
    "dns": 53,
    "ldap": 389,
    "ldaps": 636,
    "rsync": 873,
    "telnet": 23,
    "tftp": 69,
    "redis": 6379,
    "postgres": 5432,
    "postgresql": 5432,
    "mysql": 3306,
    "mongodb": 27017,
    "s3": 443,
    "gs": 443,
}

_HOST_RE = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?\.?", re.IGNORECASE)
_IDN_HOST_RE = re.compile(r"[^\W_](?:[\w.-]{0,251}[^\W_])?\.?")
_SCHEME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]{0,15}://")
_SCP_RE = re.compile(r"(?:(?P<user>[^@/:\s]+)@)?(?P<host>\[[0-9a-fA-F:.]+\]|[\w.-]+):(?P<path>.*)")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A parsed network address; host is "" when it is not a literal."""

    scheme: str
    host: str
    port: int | None
    path: str = ""
    dynamic_after_host: bool = False  # an expansion sits in the path/query (data rides along)


def clean_host(text: str) -> str:
    """Lowercase a host name or IP literal, or "" when it is not a plain literal."""
    host = text.strip().strip("[]").lower()
    if not host.isascii():
        # Folded as a UTS-46 resolver folds it: ideographic and full-width full stops are
        # dots, full-width letters and digits their ASCII forms.
        host = uts46_map(host)
    if not host or "$" in host or "`" in host:
        return ""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if _HOST_RE.fullmatch(host):
        return host.rstrip(".")
    if not host.isascii() and _IDN_HOST_RE.fullmatch(host):
        # An internationalised name resolves (as punycode) like any other: keep it as
        # written so look-alike letters (a Cyrillic i in a well-known name) stay visible.
        return host.rstrip(".")
    return ""


def has_scheme(text: str) -> bool:
    return _SCHEME_RE.match(text) is not None


def parse_url(text: str, default_scheme: str = "") -> Endpoint | None:
    """Parse a URL (or a scheme-less host/path when default_scheme is given)."""
    text = text.strip()
    if not text:
        return None
    if not has_scheme(text):
        if not default_scheme:
            return None
        text = f"{default_scheme}://{text}"
    try:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        raw_host = parts.netloc.rsplit("@", 1)[-1]
        port: int | None
        try:
            port = parts.port
        except ValueError:
            port = None
    except ValueError:
        return None
    host_text = raw_host
    if host_text.startswith("["):
        host_text = host_text.split("]", 1)[0] + "]"
    elif host_text.count(":") == 1:
        host_text = host_text.split(":", 1)[0]
    host = clean_host(host_text)
    if port is None:
        port = DEFAULT_PORTS.get(scheme)
    rest = text.split("://", 1)[1][len(parts.netloc) :]
    dynamic = "$" in rest or "`" in rest
    return Endpoint(scheme, host, port, parts.path, dynamic)


def parse_remote(text: str) -> Endpoint | None:
    """Parse an scp/rsync/git remote: "user@host:path", "host::module", or a URL."""
    if has_scheme(text):
        return parse_url(text)
    if text.startswith(("/", "./", "../", "~")):
        return None
    match = _SCP_RE.fullmatch(text)
    if match is None:
        return None
    host_text = match.group("host")
    path = match.group("path")
    if path.startswith(":"):  # rsync daemon syntax host::module
        return Endpoint("rsync", clean_host(host_text), 873, path[1:])
    # "C:..." style drive letters and "file:line" are not remotes.
    if len(host_text) == 1 and not match.group("user"):
        return None
    return Endpoint("ssh", clean_host(host_text), 22, path)


def split_host_port(text: str) -> tuple[str, int | None]:
    """Split "host:port" or "[v6]:port" into its parts; the port is None when absent."""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return clean_host(host), to_port(rest.lstrip(":"))
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return clean_host(host), to_port(port)
    return clean_host(text), None


def to_port(text: str) -> int | None:
    text = text.strip()
    if text.isdigit() and len(text) <= 5:
        value = int(text)
        if 0 < value < 65536:
            return value
    return None
