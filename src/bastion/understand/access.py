"""Remote changes that give someone access or make something public (#13 §1, changes remote
state: account).

Granting a role, attaching a policy, adding a collaborator, opening a bucket or a repository to
everyone and publishing a package change *who can reach* the user's accounts and data. The
harm is in the principal or the audience the change names, so a change is judged by those
values: the user's own prompt naming them is consent; a value that came from somewhere else
(an issue, an e-mail, a page) is not. Pure function of one command's argv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (program, words that must all appear among the argv, in any position) -> what the call does.
_GRANTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("aws", ("iam", "attach-"), "attaches an IAM policy"),
    ("aws", ("iam", "put-"), "puts an IAM policy"),
    ("aws", ("iam", "create-access-key"), "creates an access key"),
    ("aws", ("iam", "create-login-profile"), "creates a console login"),
    ("aws", ("iam", "add-user-to-group"), "adds a user to an IAM group"),
    ("aws", ("iam", "update-assume-role-policy"), "changes who may assume a role"),
    ("aws", ("s3api", "put-bucket-policy"), "sets a bucket policy"),
    ("aws", ("s3api", "put-bucket-acl"), "sets a bucket ACL"),
    ("aws", ("s3api", "put-object-acl"), "sets an object ACL"),
    ("aws", ("s3api", "delete-public-access-block"), "removes a bucket's public-access block"),
    ("gcloud", ("add-iam-policy-binding",), "adds an IAM role binding"),
    ("gcloud", ("set-iam-policy",), "replaces an IAM policy"),
    ("gsutil", ("iam", "ch"), "changes a bucket's IAM"),
    ("gsutil", ("acl", "ch"), "changes a bucket's ACL"),
    ("az", ("role", "assignment", "create"), "assigns a role"),
    ("az", ("storage", "container", "set-permission"), "sets a storage container's access"),
    ("az", ("storage", "container", "create", "--public-access"), "creates a public container"),
    ("kubectl", ("create", "clusterrolebinding"), "binds a cluster role"),
    ("kubectl", ("create", "rolebinding"), "binds a role"),
    ("gh", ("repo", "edit", "--visibility"), "changes a repository's visibility"),
    ("gh", ("api", "collaborators"), "changes a repository's collaborators"),
    # A forge API write to who belongs (members, invitations) of a project or group.
    ("gh", ("api", "members-write"), "changes who belongs to a project"),
    ("glab", ("api", "members-write"), "changes who belongs to a project"),
    ("tea", ("api", "members-write"), "changes who belongs to a project"),
    ("npm", ("publish",), "publishes a package"),
    ("yarn", ("publish",), "publishes a package"),
    ("pnpm", ("publish",), "publishes a package"),
    ("twine", ("upload",), "publishes a package"),
    ("cargo", ("publish",), "publishes a crate"),
    ("uv", ("publish",), "publishes a package"),
    ("poetry", ("publish",), "publishes a package"),
    ("hatch", ("publish",), "publishes a package"),
    ("flit", ("publish",), "publishes a package"),
    ("gem", ("push",), "publishes a gem"),
    # Publishing the repository itself: a public repository or gist is readable by anyone.
    ("gh", ("repo", "create", "--public"), "creates a public repository"),
    ("gh", ("gist", "create", "--public"), "creates a public gist"),
    ("gh", ("gist", "create", "-p"), "creates a public gist"),
    # Who can reach a machine: ingress and firewall rules (the source range is the audience).
    ("aws", ("authorize-security-group-ingress",), "opens a security group to a source range"),
    ("aws", ("modify-security-group-rules",), "changes a security group's rules"),
    ("gcloud", ("firewall-rules", "create"), "creates a firewall rule"),
    ("gcloud", ("firewall-rules", "update"), "changes a firewall rule"),
    ("az", ("nsg", "rule", "create"), "opens a network security group rule"),
    ("az", ("nsg", "rule", "update"), "changes a network security group rule"),
    ("doctl", ("firewall",), "changes a firewall"),
    # New owners of what the user publishes, and protections bypassed.
    ("npm", ("owner", "add"), "adds an owner to a package"),
    ("yarn", ("owner", "add"), "adds an owner to a package"),
    ("pnpm", ("owner", "add"), "adds an owner to a package"),
    ("gem", ("owner", "--add"), "adds an owner to a gem"),
    ("cargo", ("owner", "--add"), "adds an owner to a crate"),
    ("gh", ("pr", "merge", "--admin"), "merges past branch protection"),
)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PRINCIPAL_OPTIONS = frozenset(
    {
        "--user-name",
        "--group-name",
        "--role-name",
        "--member",
        "--assignee",
        "--principal",
        "--user",
        "--serviceaccount",
        "--group",
        "--grantee",
        "--cidr",
        "--cidr-ip",
        "--source-ranges",
        "--source-address-prefixes",
        "--inbound-rules",
    }
)
# Fields of a forge API call that name who is let in.
_PRINCIPAL_FIELDS = frozenset({"username", "user_id", "invitee", "invitee_id", "email"})
_PUBLIC = re.compile(
    r"\bpublic\b|\"Principal\"\s*:\s*\"\*\"|allUsers|allAuthenticatedUsers|"
    r"(?<![\d.])0\.0\.0\.0/0\b|(?<![\w:])::/0\b|^\*$|^Internet$|^Any$",
    re.IGNORECASE,
)
# Subcommands that only look (``firewall list``, ``role assignment list``).
_READ_VERBS = frozenset({"list", "ls", "get", "describe", "show", "view"})
# Operands after these words are the principal (``npm owner add <user> <pkg>``).
_PRINCIPAL_AFTER = frozenset({"add", "--add"})
# Words of a prompt that consent to a change with no principal to name, by its detail.
_CONSENT = (
    ("creates a public", ("public",)),
    ("merges past", ("--admin", "admin merge", "bypass", "override")),
)
_WORLD_WORDS = ("public", "0.0.0.0/0", "::/0", "everyone", "anyone", "the world", "internet")


@dataclass(frozen=True, slots=True)
class AccessChange:
    """One grant: what it does and the values that choose who gains access."""

    detail: str
    values: tuple[str, ...]  # principals, emails, collaborators; "public" for everyone


# A forge API path of who belongs to a project or group, and what makes the call a write
# (an explicit method, or a field, which gh and glab send as a POST).
_MEMBERS_PATH = re.compile(r"/(?:members|invitations|collaborators)(?:/|$)")
_WRITE_METHOD = re.compile(r"^(?:-x|--method)(?:=|$)")
_FIELD = frozenset({"-f", "-F", "--field", "--raw-field"})


def _members_write(words: list[str], argv: list[str]) -> bool:
    """``glab api -X POST projects/x/members -f username=…``: a write to a membership path."""
    if not any(_MEMBERS_PATH.search(w) for w in words):
        return False
    for k, word in enumerate(words):
        if _WRITE_METHOD.match(word):
            method = word.partition("=")[2] or (words[k + 1] if k + 1 < len(words) else "")
            return method.upper() != "GET"
    return any(a in _FIELD or a.startswith(("--field=", "--raw-field=")) for a in argv)


# What a repository or project is, and the verbs that change one, in any forge CLI.
_PROJECT_NOUNS = frozenset(
    {"repo", "repos", "repository", "repositories", "project", "projects", "dataset", "datasets"}
)
# A settings subcommand changes the project as an edit does (``repo settings X --private
# false``, ``dataset config``).
_PROJECT_VERBS = frozenset(
    {"edit", "update", "create", "set", "modify", "patch", "settings", "config", "configure"}
)
_FALSE = frozenset({"false", "no", "0", "off"})
_OPEN_VISIBILITY = frozenset({"public", "internal"})


def _opens_visibility(words: list[str]) -> bool:
    """``tea repos edit --private=false``, ``glab repo edit --visibility public``, ``fj repo
    create --public``: a repository or project made readable by everyone, by option shape
    (#13 §1: remote-state verbs of forge CLIs by verb shape, not by a list of tools)."""
    operands = [w for w in words[:6] if not w.startswith("-")]
    if not (_PROJECT_NOUNS & set(operands) and _PROJECT_VERBS & set(operands)):
        return False
    for k, word in enumerate(words):
        name, eq, value = word.partition("=")
        if name == "--visibility":
            value = value if eq else (words[k + 1] if k + 1 < len(words) else "")
            if value in _OPEN_VISIBILITY:
                return True
        elif name in ("--private", "--is-private"):
            # ``--private=false`` or ``--private false`` (a flag taking a word).
            value = value if eq else (words[k + 1] if k + 1 < len(words) else "")
            if value in _FALSE:
                return True
        elif name == "--public" and (not eq or value in ("true", "yes", "1")):
            return True
    return False


def access_change(program: str, argv: tuple[str, ...] | list[str]) -> AccessChange | None:
    """The access this command grants, if any."""
    words = [a.lower() for a in argv[1:]]
    if any(w in _READ_VERBS for w in words[:4] if not w.startswith("-")):
        return None  # ``doctl compute firewall list``: looks, changes nothing
    if _opens_visibility(words):
        return AccessChange("changes a repository's visibility", ("public",))
    for prog, needed, detail in _GRANTS:
        if prog != program:
            continue
        if "members-write" in needed:
            if "api" in words and _members_write(words, list(argv[1:])):
                return AccessChange(detail, _values(list(argv[1:])))
            continue
        if all(any(_matches(w, n) for w in words) for n in needed):
            return AccessChange(detail, _values(list(argv[1:])))
    if program not in _TABLED:
        return _shaped_grant(words, list(argv[1:]), program.rsplit("/", 1)[-1])
    return None


_TABLED = frozenset(prog for prog, _, _ in _GRANTS)
# A subcommand that adds or sets who may do what, by its words' shape: a granting verb and
# an access noun (``gerrit set-access``, ``forge add-member``, ``acl-grant``, ``permissions
# set``), in any tool, run here or on a server through ssh (`remote_exec`).
_GRANT_VERBS = frozenset({"set", "add", "grant", "update", "modify", "create", "put", "allow"})
_ACCESS_NOUNS = frozenset(
    {
        "access",
        "acl",
        "acls",
        "permission",
        "permissions",
        "perms",
        "member",
        "members",
        "membership",
        "collaborator",
        "collaborators",
        "rights",
        "grant",
        "grants",
    }
)
# Options whose value says what is granted to whom (``--add 'push refs/* group X'``).
_GRANT_OPTIONS = frozenset({"--add", "--grant", "--allow", "--rule", "--permission"})


# Programs whose operands are patterns, text or files, never subcommands: ``grep -n
# add_permission`` searches for the words (found on SWE-bench's Django sessions).
_TEXT_TOOLS = frozenset(
    "grep egrep fgrep rg ag ack git-grep sed awk gawk mawk echo printf find fd cat less more "
    "head tail nl jq yq sort uniq cut tr wc xargs tee diff vim nvim nano code touch cp mv rm "
    "ls file stat python python3 node ruby perl php bash sh zsh".split()
)
_SUBCOMMAND = re.compile(r"[a-z][a-z0-9]*(?:[-_:][a-z0-9]+)*")


def _shaped_grant(words: list[str], args: list[str], program: str = "") -> AccessChange | None:
    if program in _TEXT_TOOLS or program.startswith("python"):
        return None
    # The subcommand path: the first operands, each a plain command word.
    head: list[str] = []
    for word in [w for w in words[:6] if not w.startswith("-")][:2]:
        if not _SUBCOMMAND.fullmatch(word):
            break
        head.append(word)
    tokens = {t for w in head for t in re.split(r"[-_.:]", w) if t}
    if not (tokens & _GRANT_VERBS and tokens & _ACCESS_NOUNS):
        return None
    values = list(_values(args))
    for k, arg in enumerate(args[:32]):
        name, eq, value = arg.partition("=")
        if name.lower() in _GRANT_OPTIONS:
            values.append(value if eq else (args[k + 1] if k + 1 < len(args) else ""))
    return AccessChange("changes who may reach or change it", tuple(v for v in values if v)[:6])


def _matches(word: str, needed: str) -> bool:
    if needed.endswith("-"):
        return word.startswith(needed)
    if needed == "collaborators":
        return "/collaborators/" in word
    return word == needed or word.startswith(needed + "=")


def _values(args: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for k, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if name.lower() in _PRINCIPAL_OPTIONS:
            out.append(value if eq else (args[k + 1] if k + 1 < len(args) else ""))
        if "/collaborators/" in arg:
            out.append(arg.rsplit("/collaborators/", 1)[1].split("/", 1)[0])
        if name.lower() in _PRINCIPAL_FIELDS and eq and k >= 1 and args[k - 1] in _FIELD:
            out.append(value)  # ``-f username=ext-77``: who a forge API call lets in
        out += _EMAIL.findall(arg)
        if _PUBLIC.search(arg):
            out.append("public")
        if name.lower() in _PRINCIPAL_AFTER and k >= 1 and args[k - 1].lower() == "owner":
            if k + 1 < len(args):
                out.append(args[k + 1])
        elif name.lower() == "--add" and k + 1 < len(args) and "owner" in (a.lower() for a in args):
            out.append(args[k + 1])
    cleaned = []
    for value in out:
        value = value.split(":", 1)[1] if value.count(":") == 1 and "@" in value else value
        if value and value not in cleaned:
            cleaned.append(value)
    return tuple(cleaned[:8])


# The prompt asks for a publish: "publish" in any form, or "release" used as the thing to
# do, not as the head of a noun that names something else ("the partner's release
# request", "release notes", "the release branch": a request or a document is no consent).
_ASKS_PUBLISH = re.compile(
    r"\bpublish|\brelease(?:s|d)?\b(?!\s+(?:request|notes?|branch|candidate|tag|date|process|"
    r"checklist|page|log|manager|train|cycle|workflow|job|pipeline|build|artifacts?|version|"
    r"plan|ticket|issue|blocker|script|team|owner)s?\b)"
)


def named_by(change: AccessChange, prompt: str) -> bool:
    """The user's prompt names who gains access (every value), or asks to publish."""
    text = prompt.lower()
    if change.detail.startswith("publishes"):
        return bool(_ASKS_PUBLISH.search(text))
    for start, words in _CONSENT:
        if change.detail.startswith(start):
            return any(w in text for w in words)
    if not change.values:
        return bool(_ASKS_PUBLISH.search(text))
    return all(
        any(w in text for w in _WORLD_WORDS) if _PUBLIC.search(v) else v.lower() in text
        for v in change.values
    )
