"""The console's tables, defined with the rest of the store's schema (`bastion.store.schema`).

They are created and upgraded by the store's Alembic revisions (0004) whenever a store is
opened; this module names them for the console's modules and holds the console's roles.
"""

from __future__ import annotations

from bastion.store.schema import approvals, console_audit, logins, tokens, users

ROLES = ("viewer", "responder", "admin")

__all__ = ["ROLES", "approvals", "console_audit", "logins", "tokens", "users"]
