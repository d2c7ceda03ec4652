"""Remote changes that steer shared machinery: CI runs, secrets and variables, repository
settings and protections, raw API writes, DNS records (issue #13 §1, changes remote state).

Such a call changes what other people's systems do next: a workflow deploys, a variable
points the release job at another index, a record sends a domain's mail elsewhere, a
protection is gone. The harm is in the *values* the call carries (which workflow, which
record value, which field), so a change is judged by them: the user's own prompt naming
every one is consent; values that came from an issue, a page or tool output are not.

The catalogue of commands is data (``remote_control.toml``); raw API calls (``gh api``,
``glab api``, any CLI's ``api`` subcommand) are writes when their method is, or when they
carry fields or a body (``gh api`` then POSTs), or when a GraphQL query is a mutation. Pure
functions of one command's argv.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["RemoteControl", "named_by", "record_targets", "remote_control"]


@dataclass(frozen=True, slots=True)
class RemoteControl:
    """One change: its effect kind, what it does, and the values that choose it."""

    kind: str  # "ci", "repository-settings", "repository-api", "dns"
    detail: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Row:
    program: str
    words: tuple[str, ...]
    kind: str
    detail: str
    subject: int
    secret: frozenset[str]


@lru_cache(maxsize=1)
def _catalogue() -> tuple[_Row, ...]:
    text = resources.files(__package__).joinpath("remote_control.toml").read_text()
    rows = tomllib.loads(text).get("change", [])
    return tuple(
        _Row(
            str(r["program"]),
            tuple(str(w) for w in r["words"]),
            str(r["kind"]),
            str(r["detail"]),
            int(r.get("subject", 0)),
            frozenset(str(s) for s in r.get("secret", [])),
        )
        for r in rows
    )


# Verbs that only look (gcloud dns record-sets list, gh secret list): never a change.
_READ_VERBS = frozenset({"list", "ls", "describe", "get", "show", "view", "export", "status"})
# Verbs among a command's words say how it changes, not what: never a value to name.
_CHANGE_VERBS = frozenset(
    {
        "create",
        "update",
        "delete",
        "add",
        "set",
        "remove",
        "add-record",
        "remove-record",
        "set-record",
        "upsert",
        "import",
        "replace",
        "patch",
        "edit",
        "change",
        "transaction",
        "start",
        "execute",
    }
)
# Options that say where or how to print, never what changes.
_NEUTRAL_OPTIONS = frozenset(
    {
        "--repo",
        "-R",
        "--json",
        "--jq",
        "-q",
        "--template",
        "--hostname",
        "--hosted-zone-id",
        "--zone",
        "-z",
        "--project",
        "--account-name",
        "--resource-group",
        "-g",
        "--subscription",
        "--ttl",
        "--type",
        "--region",
        "--profile",
        "--output",
        "-o",
        "--format",
        "--account",
        "--env",
        "-e",
        "--title",
    }
)
# Options that take no value, so the next word is an operand.
_FLAGS = frozenset(
    {"--yes", "-y", "--silent", "--include", "-i", "--paginate", "--verbose", "--dry-run"}
)
_API_FIELDS = frozenset({"-f", "-F", "--field", "--raw-field"})
# A request body given whole (``tea api -d '{…}'``): its JSON strings are values, as fields.
_API_BODY = frozenset({"-d", "--data", "--data-raw", "--body"})
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_GRAPHQL_MUTATION = re.compile(r"\bmutation\b[^{]*\{\s*(\w+)")
_GRAPHQL_ARGS = re.compile(r"(\w+)\s*:\s*(\"[^\"]*\"|[A-Za-z_][\w.-]*)")


def remote_control(program: str, argv: tuple[str, ...] | list[str]) -> RemoteControl | None:
    """The shared machinery this command changes, if any."""
    args = list(argv[1:])
    if args[:1] == ["api"]:
        # A forge CLI's raw API door, whichever forge (``gh``, ``glab``, ``tea``, ...): the
        # verb shape ``<cli> api [-X METHOD] PATH [fields]`` is the same in all of them.
        return _api(program, args[1:])
    operands = [a for a in args if not a.startswith("-")]
    for row in _catalogue():
        if row.program != program:
            continue
        at = _find(operands, row.words)
        if at < 0:
            continue
        after = operands[at + len(row.words) :]
        if any(w in _READ_VERBS for w in after[: max(row.subject, 1)]):
            return None
        subjects = [w for w in after[: row.subject] if w.lower() not in _CHANGE_VERBS]
        values = [*subjects, *_option_values(args, row.secret)]
        return RemoteControl(row.kind, row.detail, _clean(values))
    return None


def _find(operands: list[str], words: tuple[str, ...]) -> int:
    """Where ``words`` start among the operands, in order (a word ending "-" is a prefix)."""
    n = len(words)
    for start in range(0, min(len(operands), 6) - n + 1):
        window = operands[start : start + n]
        if all(
            (w.endswith("-") and o.startswith(w)) or o == w
            for o, w in zip(window, words, strict=True)
        ):
            return start
    return -1


def _option_values(args: list[str], secret: frozenset[str]) -> list[str]:
    """Values of the call's options, except neutral ones and secret payloads; ``k=v`` and
    JSON documents give their values."""
    out: list[str] = []
    k = 0
    while k < len(args):
        arg = args[k]
        if not arg.startswith("-") or arg in _FLAGS:
            k += 1
            continue
        name, eq, value = arg.partition("=")
        if not eq:
            value = args[k + 1] if k + 1 < len(args) else ""
            k += 1
        k += 1
        if name in _NEUTRAL_OPTIONS or name in secret or not value:
            continue
        out.extend(_values_of(value))
    return out


def _values_of(value: str) -> list[str]:
    """The choices one option value carries: a JSON document's strings, ``k=v``'s value
    (a boolean's key instead), record data's words (``10 mx.example.net.``)."""
    text = value.strip()
    if text[:1] in "{[":
        try:
            return _json_strings(json.loads(text))
        except ValueError:
            return [text]
    if "=" in text and not text.startswith(("http://", "https://")):
        key, _, val = text.partition("=")
        if val.lower() in ("true", "false"):
            return [key]
        text = val
    if " " in text and len(text) < 200 and not re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", text):
        return text.split()  # record data: priority, host
    return [text]


def _json_strings(doc: Any, limit: int = 32) -> list[str]:
    out: list[str] = []
    stack = [doc]
    while stack and len(out) < limit:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key not in ("Action", "Type", "TTL", "Comment", "Version"):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            out.append(item)
    return out


def _api(program: str, args: list[str]) -> RemoteControl | None:
    """``gh api`` / ``glab api``: a write when the method is one, when fields are given (gh
    then POSTs) or when a GraphQL query is a mutation."""
    method = ""
    endpoint = ""
    fields: list[str] = []
    has_input = False
    k = 0
    while k < len(args):
        arg = args[k]
        name, eq, value = arg.partition("=")
        if name in ("-X", "--method"):
            method = (value if eq else (args[k + 1] if k + 1 < len(args) else "")).upper()
            k += 1 if eq else 2
            continue
        if name in _API_FIELDS:
            fields.append(value if eq else (args[k + 1] if k + 1 < len(args) else ""))
            k += 1 if eq else 2
            continue
        if name in _API_BODY:
            body = value if eq else (args[k + 1] if k + 1 < len(args) else "")
            fields.append(body)
            k += 1 if eq else 2
            continue
        if name == "--input":
            has_input = True
        elif arg.startswith("-X") and len(arg) > 2:
            method = arg[2:].upper()
        elif not arg.startswith("-") and not endpoint:
            endpoint = arg
        elif arg.startswith("-") and not eq and arg not in _FLAGS and k + 1 < len(args):
            k += 1  # an option's value (-H header, --jq expression, ...)
        k += 1
    if endpoint == "graphql":
        query = " ".join(f.partition("=")[2] for f in fields if f.startswith("query="))
        mutation = _GRAPHQL_MUTATION.search(query)
        if mutation is None:
            return None
        values = [mutation.group(1)]
        for key, val in _GRAPHQL_ARGS.findall(query[mutation.end() :])[:16]:
            if not key.lower().endswith("id"):
                values.append(val.strip('"'))
        return RemoteControl(
            "repository-api", f"{program} api runs a GraphQL mutation", _clean(values)
        )
    if method not in _WRITE_METHODS and not (not method and (fields or has_input)):
        return None
    values = _endpoint_words(endpoint)
    for field_ in fields:
        values.extend(_values_of(field_))
    if has_input:
        values.append("--input")  # a request body Bastion cannot see: never named
    return RemoteControl(
        "repository-api", f"{program} api {method or 'POST'} {endpoint}"[:120], _clean(values)
    )


def _endpoint_words(endpoint: str) -> list[str]:
    """The words of an API path after the owner and repository (``repos/o/r/branches/main/
    protection`` -> branches, main, protection): what the call acts on in that repository."""
    parts = [p for p in endpoint.split("?", 1)[0].strip("/").split("/") if p]
    if parts[:1] == ["repos"]:
        parts = parts[3:]
    elif parts[:1] in (["orgs"], ["users"], ["projects"]):
        parts = parts[2:]
    return [p for p in parts if not p.isdigit() and not p.startswith(("{", ":"))]


_DNS_WORDS = frozenset({"dns", "zone", "zones", "cname", "mx", "nameserver", "nameservers"})
_HOST_VALUE = re.compile(r"^(?:\d+\s+)*([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+)\.?$")


def record_targets(server: str, words: list[str], tool_input: dict[str, Any]) -> list[str]:
    """Hosts a DNS-changing tool call points a record at (a CNAME's or MX's target, an
    address), the zone's own names left out: the values the user's prompt must name. A tool
    is one when its server (``dnsctl``) or its name (``set_mx``) speaks of DNS."""
    server = server.lower()
    if not (_DNS_WORDS & set(words) or "dns" in server or "zone" in server):
        return []
    zone = ""
    for key in ("zone", "domain", "zone_name", "zoneName", "domain_name"):
        value = tool_input.get(key)
        if isinstance(value, str):
            zone = _normal(value).rstrip(".")
    out: list[str] = []
    for key, value in list(tool_input.items())[:32]:
        if not isinstance(value, str) or key in ("zone", "domain", "name", "zone_name", "type"):
            continue
        match = _HOST_VALUE.match(_normal(value))
        if match is None:
            continue
        host = match.group(1)
        if re.fullmatch(r"[\d.]+", host) and host.count(".") != 3:
            continue  # a number, not an address
        if zone and (host == zone or host.endswith("." + zone)):
            continue  # a name inside the zone itself
        if host not in out:
            out.append(host)
    return out[:8]


def _normal(text: str) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).lower().strip()


def _clean(values: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        v = _normal(value).strip("'\"").rstrip(".")
        # Numbers alone (a TTL, a priority) choose nothing; dotted ones (an address, a
        # version) do.
        if len(v) < 3 or v.isdigit() or v in out:
            continue
        out.append(v)
    return tuple(out[:12])


def named_by(change: RemoteControl, prompt: str) -> bool:
    """The user's prompt names every value that chooses the change (a workflow's file by its
    stem, a plural API word by its singular, invisible characters ignored)."""
    text = _normal(prompt)
    if not text or not change.values:
        return False
    return all(_named(v, text) for v in change.values)


def _named(value: str, prompt: str) -> bool:
    if value in prompt:
        return True
    stem = re.sub(r"\.(ya?ml|json|toml|pub|pem|txt)$", "", value)
    if stem != value and len(stem) >= 3 and stem in prompt:
        return True
    if value.endswith("es") and len(value) > 5 and value[:-2] in prompt:
        return True
    return value.endswith("s") and len(value) > 4 and value[:-1] in prompt
