"""Verification downgrades: a setting that switches a check of what is fetched off (#13 §1).

Why: every package manager and network tool has its own spelling for "stop checking"
(``strict-ssl false``, ``sslverify=0``, ``require-sigs = false``, ``secure-http false``,
``disable-tls true``, ``gpgcheck=0``, ``StrictHostKeyChecking no``, ``insecure-registries``),
and an attacker picks the one Bastion has not listed. The shape is shared, so it is judged
by shape: a *key* that names a verification (ssl, tls, certificate, verify, signatures,
checksum, integrity, host key, secure transport) set to an *off* value, or a key that
names the check's absence (disable-, skip-, insecure, allow-unsigned) set *on*. The same
shape is read from a command line's ``key value`` / ``key=value`` pairs and from
configuration text written to a file (``echo 'require-sigs = false' >> nix.conf``).

Producing a signature (``commit.gpgsign``) and a language's ``strict`` mode are not checks
of fetched content and are left alone.
"""

from __future__ import annotations

import re

__all__ = ["bare_flag_downgrade", "downgrade", "downgrades_in_text", "may_name_check"]

# Fragments of a key (lower case, separators removed) that name a verification.
_CHECK_PARTS = (
    "verif",
    "ssl",
    "tls",
    "cert",
    "hostkey",
    "checksum",
    "integrity",
    "securehttp",
    "securetransport",
    "gpgcheck",
    "sigcheck",
    "checksig",
    "requiresig",
    "signaturecheck",
    "checksignature",
    "rejectunauthorized",
    "protectedmode",
    "checkrevoke",
    "ocsp",
)
# Whole words of a key that name signatures being checked (``require-sigs``, ``signatures``).
_CHECK_WORDS = frozenset({"sigs", "signature", "signatures", "unsigned", "unverified"})
# Words of a key that name the check's absence: set on, the check is off.
_NEGATORS = frozenset(
    "disable disabled skip no insecure unsafe ignore bypass allow trust trusted accept any "
    "unsigned unverified without".split()
)
# Words of a key that name the absence of a check by themselves (``insecure: true``).
_ABSENCE = frozenset({"insecure", "unsigned", "unverified", "unsafe"})
# A key of producing signatures, not checking them.
_SIGNING = re.compile(r"(?:gpg|ssh)?sign(?:ing)?(?:key|off|commits?|tags?)?$|gpgsign")
# A key that exempts the hosts it names from checking (``trusted-host``, ``insecure-registries``,
# ``skip-verify-hosts``): its value is a host, not on/off.
# ``JULIA_SSL_NO_VERIFY_HOSTS=**``, ``ignore-cert-hosts``: "no"/"ignore"/"bypass" before the
# hosts exempt them the same way.
_EXEMPTING = frozenset(
    {"trusted", "trust", "insecure", "skip", "unverified", "no", "ignore", "bypass"}
)
_EXEMPTED = frozenset({"host", "hosts", "registry", "registries", "domain", "domains", "origins"})
_HOSTLIKE = re.compile(r"[a-z0-9*][a-z0-9*.-]*\.[a-z0-9-]+(?::\d+)?|\*+")
_GLUED_ABSENCE = ("insecure", "noverify", "nosumdb", "nosumcheck", "skipverify", "unsafe")
_OFF = frozenset({"false", "0", "no", "off", "n", "disable", "disabled", "none", "never", "ignore"})
_ON = frozenset({"true", "1", "yes", "on", "y", "enable", "enabled", "always", "all"})
_SPLIT = re.compile(r"[-_.:/\s]+|(?<=[a-z0-9])(?=[A-Z])")
# A cheap literal gate before any regex: none of these, no downgrade.
_GATE = (
    "nosum",
    "ssl",
    "tls",
    "verif",
    "cert",
    "sig",
    "gpg",
    "secure",
    "checksum",
    "hostkey",
    "integrity",
    "unauth",
    "protected",
    "unsafe",
    "revoke",
    "ocsp",
    "trust",
)


def may_name_check(text: str) -> bool:
    """Cheap test: the text has a fragment that a verification key would have."""
    low = text.lower()
    return any(g in low for g in _GATE)


def _words(key: str) -> list[str]:
    return [w for w in _SPLIT.split(key) if w]


def downgrade(key: str, value: str) -> bool:
    """``key`` set to ``value`` switches a verification of fetched content off."""
    raw = key.strip().strip("'\"").lstrip("-")
    if not raw or len(raw) > 80 or not may_name_check(raw):
        return False
    words = [w.lower() for w in _words(raw)]
    joined = "".join(words)
    if not words or _SIGNING.search(joined) or words[-1] == "strict":
        return False
    names_check = any(p in joined for p in _CHECK_PARTS) or bool(set(words) & _CHECK_WORDS)
    negated = bool(set(words) & _NEGATORS)
    v = value.strip().strip("'\"").lower()
    if set(words) & _EXEMPTING and words[-1] in _EXEMPTED and _HOSTLIKE.fullmatch(v):
        # ``trusted-host X``, ``insecure-registries X``: a host exempted from the checks.
        return True
    if names_check and negated and _HOSTLIKE.fullmatch(v):
        # ``DENO_UNSAFELY_IGNORE_CERTIFICATE_ERRORS=host``: a check's absence set to a host
        # (or a wildcard) exempts that host, whatever the key's last word.
        return True
    # One glued word (``GOINSECURE=*``, ``GONOSUMDB=*``, ``GONOSUMCHECK=1``): a check's
    # absence spelt as the key's ending.
    if (
        len(words) == 1
        and (_HOSTLIKE.fullmatch(v) or v in _ON)
        and any(joined.endswith(a) and len(joined) > len(a) for a in _GLUED_ABSENCE)
    ):
        return True
    if names_check and not negated:
        return v in _OFF
    if negated and (names_check or set(words) & _ABSENCE):
        return v in _ON
    return False


# Parts of a flag's name that are a transport's own check (certificates, TLS, host keys):
# a bare flag needs one, so ``--no-verify`` (hooks) or ``--skip-checks`` stay out.
_TRANSPORT_PARTS = ("ssl", "tls", "cert", "hostkey", "https")


def bare_flag_downgrade(flag: str) -> bool:
    """A flag given alone whose own words switch a transport check off
    (``--unsafely-ignore-certificate-errors``, ``-SkipCertificateCheck``,
    ``--insecure-skip-tls-verify``, ``--no-verify-ssl``): given is on."""
    if not flag.startswith("-") or "=" in flag:
        return False
    joined = "".join(w.lower() for w in _words(flag.lstrip("-")))
    return any(p in joined for p in _TRANSPORT_PARTS) and downgrade(flag, "true")


# An on/off value after ``=`` or ``:`` (found first), then the key just before it; and
# ``key value`` alone on a line (nix.conf, ssh_config, .wgetrc style).
_VALUE = re.compile(
    r"""(?i)[:=][ \t]*["']?(false|0|no|off|n|disabled?|none|never|ignore|true|1|yes|on|y|"""
    r"""enabled?|always|all)\b"""
)
_KEY_BEFORE = re.compile(r"""([A-Za-z][\w.\-:/]{0,79}?)["']?[ \t]*$""")
_LINE_PAIR = re.compile(r"""(?m)^[ \t]*([A-Za-z][\w.\-]{1,79})[ \t]+["']?([A-Za-z0-9]+)[ \t]*$""")


# A compile-time define or a long flag written into build configuration (``-d:NAME``,
# ``switch("define", "NAME")``, ``--define=NAME``, ``#define NAME``, ``--insecure-…``):
# given, it is on, so its own words decide, as for a bare flag on a command line.
_DEFINED = re.compile(
    r"""(?:-d:|--define[:=]|\bdefine["']?\s*,\s*["']|#\s*define\s+|(?<![\w-])--)"""
    r"""([A-Za-z_][\w-]{3,79})"""
)


def downgrades_in_text(text: str) -> list[tuple[str, str]]:
    """(key, value) pairs of configuration text that switch a verification off."""
    if not may_name_check(text):
        return []
    text = text[: 64 * 1024]
    pairs: list[tuple[str, str]] = []
    for m in list(_DEFINED.finditer(text))[:64]:
        if bare_flag_downgrade("--" + m.group(1)):
            pairs.append((m.group(1), "on"))
    for m in _VALUE.finditer(text):
        before = _KEY_BEFORE.search(text, max(0, m.start() - 81), m.start())
        if before:
            pairs.append((before.group(1), m.group(1)))
        if len(pairs) >= 256:
            break
    pairs.extend((m.group(1), m.group(2)) for m in _LINE_PAIR.finditer(text))
    out: list[tuple[str, str]] = []
    for key, value in pairs:
        # ``http.https://host/.sslVerify``: the key's last part names the check.
        tail = key.rsplit("/", 1)[-1].lstrip(".") if "://" in key else key
        if downgrade(tail, value) and (key, value) not in out:
            out.append((key, value))
        if len(out) >= 8:
            break
    return out
