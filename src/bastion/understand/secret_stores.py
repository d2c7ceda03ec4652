"""Commands that store a secret in a secret manager (#13 §5: the user's own request).

``gh secret set NAME``, ``aws secretsmanager put-secret-value --secret-id NAME``, ``vault kv
put PATH``: a credential sent *there* goes where credentials belong, under a name. When the
user's prompt asks for it by that name, it is the user's request, not a leak; any other
destination in the same call still counts. Pure function of one command's argv.
"""

from __future__ import annotations

# (program, leading words) -> how the secret's name is given: "arg" (the next operand),
# or an option whose value is the name.
_STORES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("gh", ("secret", "set"), "arg"),
    ("aws", ("secretsmanager", "put-secret-value"), "--secret-id"),
    ("aws", ("secretsmanager", "create-secret"), "--name"),
    ("aws", ("ssm", "put-parameter"), "--name"),
    ("az", ("keyvault", "secret", "set"), "--name"),
    ("gcloud", ("secrets", "create"), "arg"),
    ("gcloud", ("secrets", "versions", "add"), "arg"),
    ("vault", ("kv", "put"), "arg"),
    ("kubectl", ("create", "secret", "generic"), "arg"),
    ("doppler", ("secrets", "set"), "arg"),
    ("flyctl", ("secrets", "set"), "arg"),
    ("fly", ("secrets", "set"), "arg"),
    ("vercel", ("env", "add"), "arg"),
)


def secret_name(program: str, argv: tuple[str, ...] | list[str]) -> str:
    """The name under which this command stores a secret, or "" if it stores none."""
    words = [a for a in argv[1:] if not a.startswith("-")]
    for prog, lead, how in _STORES:
        if prog != program or tuple(words[: len(lead)]) != lead:
            continue
        if how == "arg":
            rest = words[len(lead) :]
            return rest[0].split("=", 1)[0] if rest else ""
        args = list(argv[1:])
        for k, arg in enumerate(args):
            if arg == how and k + 1 < len(args):
                return args[k + 1]
            if arg.startswith(how + "="):
                return arg.split("=", 1)[1]
    return ""
