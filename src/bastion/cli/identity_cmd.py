"""Identity commands: login, whoami, agents, revoke, grant, keys rotate, identity-log.

``register(app)`` mounts them on a Typer app (the ``bastion`` command, or a test's own).
Every change is made through ``IdentityService`` and so lands in the home's hash-chained
lifecycle log; a running daemon notices revocations and grants before its next check.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from bastion.cli.options import HomeOption, JsonOption
from bastion.cli.views import KeyRow
from bastion.config import Home
from bastion.daemon.control_auth import refuse_under_agent
from bastion.errors import BastionError
from bastion.identity import IdentityService
from bastion.wire.control import Grant, IdentityWrite, LoginNote, Revoke, RotateKeys

console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)


keys_app = typer.Typer(help="Session-signing keys.", no_args_is_help=True)


def _service(home: Path | None) -> IdentityService:
    try:
        return IdentityService(Home.resolve(home))
    except BastionError as exc:
        raise _fail(str(exc)) from exc


def _administer(home: Path | None, service: IdentityService, message: IdentityWrite) -> Any:
    """A revocation, its lifting or a grant, with its entry in the signed audit log: by
    the running daemon's identity service (a CLI stopped mid-write then holds no lock that
    decisions wait for, issue #18), by ``service`` here only when no daemon runs."""
    from bastion.daemon.home_writes import write_identity

    return write_identity(Home.resolve(home), service, message).answer


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts)) if ts else "-"


def login(
    home: HomeOption = None,
    oidc: Annotated[
        bool, typer.Option("--oidc", help="Log in with an OpenID Connect ID token.")
    ] = False,
    issuer: Annotated[str, typer.Option(help="OIDC issuer URL (or [oidc] issuer).")] = "",
    audience: Annotated[
        str, typer.Option(help="OIDC audience: Bastion's client id (or [oidc] audience).")
    ] = "",
    id_token: Annotated[
        str,
        typer.Option(
            "--id-token", envvar="BASTION_ID_TOKEN", help="The ID token.", show_default=False
        ),
    ] = "",
    id_token_file: Annotated[
        Path | None, typer.Option(help="Read the ID token from a file ('-' for stdin).")
    ] = None,
    roles_claim: Annotated[str, typer.Option(help="Claim holding roles/groups.")] = "",
    name: Annotated[str, typer.Option(help="Display name (local login).")] = "",
    email: Annotated[str, typer.Option(help="Email (local login).")] = "",
    role: Annotated[
        list[str] | None, typer.Option("--role", help="A role (local login; repeatable).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Establish the human behind this machine's agent sessions."""
    service = _service(home)
    try:
        # Who is behind the sessions is the person's to say: checked before the record is
        # written, as the daemon checks the note below (it would refuse it after the fact).
        refuse_under_agent("login")
        if oidc:
            token = id_token
            if id_token_file is not None:
                token = (
                    sys.stdin.read()
                    if str(id_token_file) == "-"
                    else id_token_file.read_text(encoding="utf-8")
                )
            if not token.strip():
                raise _fail("--oidc needs --id-token, --id-token-file or BASTION_ID_TOKEN", 2)
            identity = service.logins.login_oidc(
                token, issuer=issuer, audience=audience, roles_claim=roles_claim, note=False
            )
        else:
            identity = service.logins.login_local(
                name=name, email=email, roles=role or [], note=False
            )
        note = LoginNote(identity.id, True, identity.source, identity.issuer, tuple(identity.roles))
        _administer(home, service, note)  # the lifecycle log: by the daemon while one runs
    except BastionError as exc:
        raise _fail(f"login failed: {exc}") from exc
    if as_json:
        sys.stdout.write(json.dumps(identity.principal().to_dict(), indent=2) + "\n")
        return
    roles = f" roles {', '.join(identity.roles)}" if identity.roles else ""
    console.print(f"[green]logged in[/] as {escape(identity.id)} ({identity.source}){roles}")


def logout(home: HomeOption = None) -> None:
    """Forget the login; new sessions are bound to the OS user again."""
    service = _service(home)
    try:
        refuse_under_agent("logout")
        who = service.logins.human_identity().id
        done = service.logins.logout(note=False)
        if done:
            _administer(home, service, LoginNote(who, logged_in=False))
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    console.print("logged out" if done else "was not logged in")


def whoami(home: HomeOption = None, as_json: JsonOption = False) -> None:
    """Show the human new sessions are bound to, and how that was established."""
    principal = _service(home).logins.human()
    if as_json:
        sys.stdout.write(json.dumps(principal.to_dict(), indent=2) + "\n")
        return
    a = principal.attributes
    console.print(f"{escape(principal.id)}  ({a.get('source')})")
    for key in ("email", "issuer", "os_user", "host"):
        if a.get(key):
            console.print(f"  {key}: {escape(str(a[key]))}")
    if a.get("roles"):
        console.print(f"  roles: {escape(', '.join(a['roles']))}")
    if a.get("auth_time"):
        console.print(f"  logged in: {_when(float(a['auth_time']))}")
    if a.get("note"):
        console.print(f"  [yellow]{escape(str(a['note']))}[/]")


def agents(home: HomeOption = None, as_json: JsonOption = False) -> None:
    """List agent instances seen by this home (agent, version, host, hook configuration)."""
    service = _service(home)
    rows = service.admin.agents()
    revoked = {r.subject for r in service.registry.revocations() if r.kind == "agent"}
    if as_json:
        out = [r.to_dict() | {"revoked": r.id in revoked or r.agent in revoked} for r in rows]
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
        return
    if not rows:
        console.print("no agents seen yet")
        return
    for r in rows:
        mark = "  [red]revoked[/]" if r.id in revoked or r.agent in revoked else ""
        console.print(
            f"{r.id}  {escape(r.agent)} {escape(r.version or '-')}  "
            f"host {escape(r.host)}  hooks {r.hooks_sha256[:12]}  "
            f"sessions {r.sessions}  last seen {_when(r.last_seen)}{mark}"
        )


def revoke(
    session: Annotated[str, typer.Option("--session", help="A session id (or prefix).")] = "",
    agent: Annotated[
        str, typer.Option("--agent", help="An agent instance id, or an agent type.")
    ] = "",
    human: Annotated[str, typer.Option("--human", help="A human id (all their sessions).")] = "",
    reason: Annotated[str, typer.Option(help="Why; recorded and shown in denials.")] = "",
    lift: Annotated[bool, typer.Option("--lift", help="Lift an earlier revocation.")] = False,
    home: HomeOption = None,
) -> None:
    """Revoke a session, an agent or a human: their next action is denied."""
    chosen = [(k, v) for k, v in (("session", session), ("agent", agent), ("human", human)) if v]
    if len(chosen) != 1:
        raise _fail("name exactly one of --session, --agent, --human", 2)
    kind, subject = chosen[0]
    service = _service(home)
    by = service.logins.human().id
    try:
        if lift:
            refuse_under_agent("lifting a revocation")
            done = _administer(home, service, Revoke(kind, subject, by, reason, lift=True))
            console.print(f"lifted {done['count']} revocation(s) of {kind} {escape(subject)}")
            return
        affected = _administer(home, service, Revoke(kind, subject, by, reason))["affected"]
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    console.print(
        f"[bold]revoked[/] {kind} {escape(subject)}; {len(affected)} known session(s) affected"
    )


def grant(
    session: Annotated[str, typer.Argument(help="Session id (or unique prefix).")],
    host: Annotated[str, typer.Option("--host", help="One host.")] = "",
    repo: Annotated[str, typer.Option("--repo", help="One repository (absolute path).")] = "",
    tool: Annotated[str, typer.Option("--tool", help="One tool name.")] = "",
    minutes: Annotated[float, typer.Option(help="How long the grant lasts.")] = 10,
    reason: Annotated[str, typer.Option(help="Why; recorded.")] = "",
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Just-in-time grant: exactly one host, repository or tool, for N minutes."""
    chosen = [(k, v) for k, v in (("host", host), ("repository", repo), ("tool", tool)) if v]
    if len(chosen) != 1:
        raise _fail("name exactly one of --host, --repo, --tool", 2)
    try:
        refuse_under_agent("grant")
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    service = _service(home)
    kind, value = chosen[0]
    approver = service.logins.human_identity()
    try:
        message = Grant(session, kind, value, minutes, approver.id, tuple(approver.roles), reason)
        row = dict(_administer(home, service, message)["grant"])
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    if as_json:
        sys.stdout.write(json.dumps(row, indent=2) + "\n")
        return
    console.print(
        f"[green]granted[/] {kind} {escape(row['value'])} to session {row['session_id'][:12]} "
        f"until {_when(row['expires_at'])} (approved by {escape(row['approved_by'])})"
    )


@keys_app.command("rotate")
def keys_rotate(home: HomeOption = None) -> None:
    """New session-signing key; old keys verify what they signed until it expires."""
    service = _service(home)
    try:
        done = _administer(home, service, RotateKeys(by=service.logins.human().id))
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    kid, dropped = str(done["kid"]), list(done["dropped"])
    console.print(f"new signing key [bold]{kid}[/]")
    if dropped:
        console.print(f"dropped expired keys: {', '.join(dropped)}")


@keys_app.command("list")
def keys_list(home: HomeOption = None, as_json: JsonOption = False) -> None:
    """Session-signing keys still able to verify credentials."""
    ring = _service(home).ring
    rows: list[KeyRow] = [
        KeyRow(kid=k.kid, created=k.created, retired=k.retired) for k in ring.keys.values()
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    for r in rows:
        state = "signing" if r["retired"] is None else f"retired {_when(r['retired'])}"
        console.print(f"{r['kid']}  created {_when(r['created'])}  {state}")


def identity_log(
    home: HomeOption = None,
    limit: Annotated[int, typer.Option("--limit", help="Show the last N events.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Show the identity lifecycle log (logins, grants, revocations, key rotations) and
    check its hash chain; exits 1 naming the first line that was changed or removed."""
    service = _service(home)
    events = service.registry.lifecycle()
    count, broken = service.registry.verify_lifecycle()
    shown = events[-limit:] if limit > 0 else events
    if as_json:
        out = {"events": shown, "total": len(events), "chain_ok": broken is None}
        if broken is not None:
            out["first_break"] = broken
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
    else:
        for e in shown:
            detail = ", ".join(f"{k}={v}" for k, v in sorted(e.get("detail", {}).items()))
            console.print(
                f"{_when(e['time'])}  {escape(e['op'])}  {escape(str(e['subject']))}  "
                f"by {escape(str(e['by']))}" + (f"  ({escape(detail)})" if detail else "")
            )
        if broken is None:
            console.print(f"[green]chain ok[/]: {count} event(s), each bound to the one before")
        else:
            err.print(f"[bold red]chain broken[/] after {count} good event(s): {broken}")
    if broken is not None:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Mount the identity commands on ``app``."""
    app.command("login")(login)
    app.command("logout")(logout)
    app.command("whoami")(whoami)
    app.command("agents")(agents)
    app.command("revoke")(revoke)
    app.command("grant")(grant)
    app.command("identity-log")(identity_log)
    app.add_typer(keys_app, name="keys")
