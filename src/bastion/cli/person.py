"""Who is at the terminal: the name a CLI action (kill, release, approve, acknowledge) carries.

The logged-in human (`bastion login`, local key or OpenID Connect) when there is one, else
the operating-system user; never a bare "cli", because the record must say *who* acted.
"""

from __future__ import annotations

import getpass
import os

from bastion.config import Home


def person(home: Home) -> str:
    """``alice@example.com`` / ``alice`` after a login, else ``os:alice``."""
    try:
        from bastion.identity.human import HumanStore

        identity = HumanStore(home.root, home.keys_dir).load()
        if identity.source in ("local", "oidc") and identity.id:
            return identity.id
    except Exception:
        pass
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = os.environ.get("USER") or f"uid {os.getuid()}"
    return f"os:{user}"
