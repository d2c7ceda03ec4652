"""Identity: every agent session bound to a human, with short-lived, scoped, revocable credentials.

The engine uses one object, ``IdentityService(home)``, and calls it in four places:

``human() -> Principal``
    The human behind new sessions: from ``bastion login`` (local key or OpenID Connect),
    else the OS user. Use it as ``Session.human``.

``on_session_start(session, event) -> SessionCredential``
    When the engine opens a session (first event it sees for an id) and on every
    SessionStart event. Registers the agent instance (agent, version, host, SHA-256 of its
    hook configuration), records the guard baseline and issues an EdDSA JWT: ``sub`` the
    human, ``act.sub`` the agent instance (RFC 8693), ``sid``, ``scope``, ``jti``, ``exp``.

``check(session_id, event, facts_hosts, facts_paths, *, clean=True) -> IdentityCheck``
    For every later event, before policy. ``IdentityCheck.denial`` (None or one sentence:
    expired, revoked, invalid, out of scope) must turn an action into a deny;
    ``findings`` go with the detectors' findings; ``context`` (simple values) goes into
    the Cedar context under ``identity``. ``clean`` is False when the session is contained,
    so its credential is not renewed. ``scope_inputs(facts)`` gives the two lists from
    the understand stage's ``ActionFacts``.

``broker(session_id, tool_input) -> BrokeredInput | None`` and ``scrub(session_id, value)``
    For a PreToolUse Bash command holding ``{{secret:NAME}}``: ``updated_input`` goes to
    Claude Code's ``hookSpecificOutput.updatedInput`` (never into the record); a
    ``refusal`` is a deny reason. ``scrub`` puts handles back wherever a brokered value
    comes back (PostToolUse ``tool_input`` and ``tool_response``) before anything is stored.

``on_session_end(session_id)`` drops in-memory state. The CLI (``bastion.cli.identity_cmd``)
uses the service's two other parts: ``logins`` (`logins.Logins`: ``login_local``,
``login_oidc``, ``logout``, ``human``) and ``admin`` (`admin.Administration`: ``revoke``,
``lift``, ``grant``, ``rotate_keys``, ``agents``). The registry's rows live in the store
(``identity_*`` tables, `bastion.store.identity`); files live under the home:
``identity.epoch`` (change stamp), ``identity-events.jsonl`` (hash-chained
lifecycle log), ``human.json``, ``identity.toml``, ``secrets.toml``, ``keys/``.
"""

from bastion.identity.broker import BrokeredInput
from bastion.identity.credentials import Scope, SessionCredential, TokenService
from bastion.identity.errors import (
    GrantError,
    IdentityError,
    LoginError,
    OIDCError,
    SecretError,
    TokenExpired,
    TokenInvalid,
    TokenRevoked,
)
from bastion.identity.human import HumanIdentity
from bastion.identity.rights import IdentityConfig, Rights
from bastion.identity.service import IdentityCheck, IdentityService, scope_inputs

__all__ = [
    "BrokeredInput",
    "GrantError",
    "HumanIdentity",
    "IdentityCheck",
    "IdentityConfig",
    "IdentityError",
    "IdentityService",
    "LoginError",
    "OIDCError",
    "Rights",
    "Scope",
    "SecretError",
    "SessionCredential",
    "TokenExpired",
    "TokenInvalid",
    "TokenRevoked",
    "TokenService",
    "scope_inputs",
]
