"""A CLI's own login token, used only to authenticate to the service that issued it.

``curl -H "Authorization: Bearer $(gcloud auth print-access-token)" https://run.googleapis.com/…``
is how Google documents calling its REST APIs, and ``aws ecr get-login-password | docker login
--username AWS --password-stdin <account>.dkr.ecr.<region>.amazonaws.com`` is how AWS documents
logging in to its registry. The token goes to the service that minted it and nowhere else: the
agent never sees it (it is substituted into a header or piped into a login), and the receiver
already holds it. That is authentication, not a credential leaving, so such a store is not
counted as a credential read of the call (lead probe 14: both were denied as exfiltration).

Every condition must hold, else the call keeps its credential read and its credential send:

1. the store prints the CLI's own login token (a row of `ISSUERS`; a secret manager's value
   such as ``op read`` or ``vault kv get`` has no issuer: anyone may have stored it);
2. every invocation of the store's program is a bare command substitution ``$(prog words…)``
   inside an authentication argument of an HTTP client (an ``Authorization``-style header,
   curl's ``--oauth2-bearer`` or ``-u user:TOKEN``), or is piped alone into a registry login
   that reads the password from stdin; a body, a query string, a file, a pipe into a sender or
   a nested substitution keeps the old verdict;
3. every host the call talks to (the store's own program aside) belongs to that issuer's
   domains, with the host resolved as the network resolves it (numeric forms and look-alikes
   are never an issuer's domain);
4. nothing forwards the header elsewhere (``--location-trusted`` keeps the old verdict).

The catalogue is data: a new CLI is one row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bastion.understand.shell_model import ShellAnalysis, SimpleCommand

# Store label (as `shell_catalog.CREDENTIAL_COMMANDS` names it) -> the issuer's domains.
ISSUERS: dict[str, tuple[str, ...]] = {
    "gh auth token": ("github.com", "ghcr.io", "githubusercontent.com"),
    "gcloud auth print-access-token": ("googleapis.com",),
    "gcloud auth application-default print-access-token": ("googleapis.com",),
    "gcloud auth print-identity-token": ("googleapis.com",),
    "az account get-access-token": (
        "azure.com",
        "azure.net",
        "microsoft.com",
        "microsoftonline.com",
        "windows.net",
    ),
    "aws ecr get-login-password": ("amazonaws.com",),
    "heroku auth:token": ("heroku.com",),
}

# Headers whose value is the caller's credential for the receiving service.
_AUTH_HEADERS = frozenset({"authorization", "private-token", "x-api-key", "x-auth-token"})
_HTTP_CLIENTS = frozenset({"curl", "wget", "http", "https", "xh", "xhs"})
# Registry logins that read the password from stdin.
_STDIN_LOGINS = re.compile(
    r"\|\s*(?:sudo\s+)?(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s+registry|crane\s+auth)"
    r"\s+login\b[^|;&<>`$()]*--password-stdin\b[^|;&<>`$()]*$"
)


def _substitutions(text: str, program: str) -> int:
    """Bare ``$(program words…)`` substitutions in ``text`` (no pipe, redirect or nesting)."""
    pattern = rf"\$\(\s*{re.escape(program)}\s[^$()`|;&<>]*\)"
    return len(re.findall(pattern, text))


def _auth_values(command: SimpleCommand) -> Iterable[str]:
    """The arguments of an HTTP client that carry the caller's authentication."""
    argv = command.argv
    for i, arg in enumerate(argv[1:], start=1):
        following = argv[i + 1] if i + 1 < len(argv) else ""
        header = ""
        curl_short = command.program == "curl" and re.fullmatch(r"-[A-Za-z]*H", arg)
        if arg == "--header" or curl_short:  # curl -H, -sH: the value follows
            header = following
        elif arg.startswith("--header="):
            header = arg[len("--header=") :]
        elif command.program == "curl" and arg.startswith("-H") and len(arg) > 2:
            header = arg[2:]
        elif command.program in ("http", "https", "xh", "xhs") and re.match(r"^[A-Za-z-]+:", arg):
            header = arg  # httpie's "Name:value" request item
        if header:
            name = header.split(":", 1)[0].strip().lower()
            if name in _AUTH_HEADERS:
                yield header
            continue
        if arg in ("--oauth2-bearer", "-u", "--user", "-a", "--auth"):
            yield following
        elif arg.startswith(("--user=", "--auth=", "--password=", "--http-password=")):
            yield arg.split("=", 1)[1]


def _in_domains(host: str, domains: Sequence[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def issuer_only(
    shell: ShellAnalysis, stores: Sequence[str], destinations: Sequence[tuple[str, str]]
) -> dict[str, tuple[str, ...]]:
    """The ``stores`` this command uses only to authenticate to their own issuer, each with
    the hosts it authenticates to.

    ``destinations`` are the call's (host, program) pairs; the store's own program talking to
    its own service is not a destination of the token."""
    if not stores or "--location-trusted" in shell.command:
        return {}
    lifted: dict[str, tuple[str, ...]] = {}
    for store in dict.fromkeys(stores):
        domains = ISSUERS.get(store)
        program = store.split()[0]
        registry = _stdin_login(shell.command, program)
        hosts = [h for h, tool in destinations if tool != program]
        if registry:
            hosts.append(registry)
        if not domains or not hosts or not all(h and _in_domains(h, domains) for h in hosts):
            continue
        invocations = sum(c.program == program for c in shell.commands)
        in_auth = sum(
            _substitutions(value, program)
            for c in shell.commands
            if c.program in _HTTP_CLIENTS
            for value in _auth_values(c)
        )
        if invocations and invocations == in_auth + bool(registry):
            lifted[store] = tuple(sorted(set(hosts)))
            if registry:
                # The login that takes the token stores it for that same registry.
                lifted.update({s: (registry,) for s in stores if s.endswith(" login")})
    return lifted


_LOGIN_VALUE_OPTIONS = frozenset({"-u", "--username", "--password", "-p", "--config"})


def _stdin_login(command: str, program: str) -> str:
    """The registry of ``program words… | <registry CLI> login … --password-stdin``, the
    whole command, else ""."""
    head = rf"^\s*{re.escape(program)}\s[^|;&<>`$()]*"
    if not re.match(head + _STDIN_LOGINS.pattern, command.strip()):
        return ""
    words = command.strip().split("|", 1)[1].split()
    operands = []
    after = words.index("login") + 1
    skip = False
    for word in words[after:]:
        if skip:
            skip = False
        elif word in _LOGIN_VALUE_OPTIONS:
            skip = True
        elif not word.startswith("-"):
            operands.append(word)
    if len(operands) != 1:
        return ""
    host = operands[0].split("//")[-1].split("/")[0].split(":")[0].lower()
    return host
