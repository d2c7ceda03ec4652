"""The ``bastion`` command: set up, run and inspect Bastion from a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from bastion import __version__
from bastion.cli import coverage_cmd, inventory_cmd, mcp_cmd, serve_cmd
from bastion.cli.alerts_cmd import app as alerts_app
from bastion.cli.approvals_cmd import app as approvals_app
from bastion.cli.audit_cmd import app as audit_app
from bastion.cli.baseline_cmd import app as baseline_app
from bastion.cli.compliance_cmd import app as compliance_app
from bastion.cli.console_cmd import app as console_app
from bastion.cli.export_cmd import app as export_app
from bastion.cli.fleet_cmd import app as fleet_app
from bastion.cli.identity_cmd import register as register_identity
from bastion.cli.options import HomeOption, JsonOption
from bastion.cli.secrets_cmd import app as secrets_app
from bastion.config import PROFILES, Home
from bastion.errors import BastionError
from bastion.sensors import registry as agents
from bastion.sensors.base import Installer, InstallOptions
from bastion.wire.control import Mode, Ping

if TYPE_CHECKING:
    from bastion.store import Store
    from bastion.store.rows import SessionRow

app = typer.Typer(
    name="bastion",
    help=(
        "Runtime governance for AI coding agents: see, understand, decide, detect, respond "
        "and record every action an agent takes.\n\nQuick start: `bastion install claude-code` "
        "in your repository, then use Claude Code as usual; `bastion sessions` and "
        "`bastion show SESSION` show what happened. `bastion demo` replays a classic incident."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
policy_app = typer.Typer(help="Check and test policies (Cedar).", no_args_is_help=True)
app.add_typer(policy_app, name="policy")

console = Console()
err = Console(stderr=True)


def _print_version(value: bool) -> None:
    """Eager, so ``bastion --version`` answers without a command (not "Missing command")."""
    if value:
        sys.stdout.write(f"bastion {__version__}\n")
        raise typer.Exit()


McpAgentOption = Annotated[
    str,
    typer.Option(
        "--agent",
        help="(install mcp) The agent whose MCP servers go through the gateway: "
        "claude-code, gemini-cli, codex.",
    ),
]


def _home(home: Path | None) -> Home:
    return Home.resolve(home).ensure()


def _fail(message: str, code: int = 1) -> typer.Exit:
    from rich.markup import escape

    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


@app.callback()
def _root(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home", help="Bastion home for every command (or BASTION_HOME).", show_default=False
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    if home is not None:
        os.environ["BASTION_HOME"] = str(home.expanduser().resolve())


# -- daemon -------------------------------------------------------------------------------


@app.command()
def up(
    home: HomeOption = None,
    profile: Annotated[
        str | None, typer.Option(help=f"Policy profile: {', '.join(PROFILES)}.")
    ] = None,
    foreground: Annotated[bool, typer.Option(help="Run in this terminal (Ctrl-C stops).")] = False,
    with_console: Annotated[
        bool, typer.Option("--with-console", help="Also start the console (bastion serve).")
    ] = False,
    port: Annotated[int, typer.Option(help="The console's port (with --with-console).")] = 8700,
    system: Annotated[
        bool, typer.Option("--system", help="Start the system daemon as the service user (root).")
    ] = False,
) -> None:
    """Start the daemon that decides every hook call (the hook also starts it on demand)."""
    from bastion.daemon import client as daemon_ctl
    from bastion.daemon import serve

    if system:
        _up_system()
        return
    h = _home(home)
    if profile is not None and profile not in PROFILES:
        raise _fail(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}", 2)
    if foreground:
        raise typer.Exit(serve(h, profile=profile))
    try:
        pid = daemon_ctl.start(h, profile=profile)
        if with_console:
            url = daemon_ctl.start_console(h, port=port)
    except RuntimeError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"[green]daemon running[/] (pid {pid}) for {h.root}")
    if with_console:
        console.print(f"[green]console[/] at {url}; approvals of asks wait there")
        if not _console_has_users(h):
            console.print("first user: `bastion console user add NAME --role admin`")


def _console_has_users(h: Home) -> bool:
    from bastion.server import auth

    return bool(auth.list_users(_store(h).engine))


def _console_url(h: Home) -> str | None:
    from bastion.server.console_file import running_console

    return running_console(h.root)


def _up_system() -> None:
    from bastion.daemon import system_mode

    try:
        config = system_mode.load()
        if config is None:
            raise _fail("no system install here; run `sudo bastion install --system claude-code`")
        pid = system_mode.start(config)
    except (BastionError, RuntimeError) as exc:
        raise _fail(str(exc)) from exc
    console.print(f"[green]system daemon running[/] (pid {pid}) as {config.user}")


def _control_home(home: Path | None) -> Home:
    """The home whose daemon a command talks to: the system one when installed and not
    overridden, else the personal one. Never created or repaired here: an agent's read-only
    `bastion status` must not write into a system install."""
    from bastion.daemon import system_mode

    if home is None and "BASTION_HOME" not in os.environ:
        try:
            config = system_mode.load()
        except BastionError as exc:
            raise _fail(str(exc)) from exc
        if config is not None:
            return config.home()
    return _home(home)


@app.command()
def down(home: HomeOption = None) -> None:
    """Stop the daemon of this home (refused to an agent; root or the console in system mode)."""
    from bastion.daemon import client as daemon_ctl

    h = _control_home(home)
    if daemon_ctl.stop_console(h):
        console.print("console stopped")
    try:
        stopped = daemon_ctl.stop(h)
    except daemon_ctl.Refused as exc:
        raise _fail(str(exc)) from exc
    if stopped:
        console.print("daemon stopped")
    else:
        console.print("no daemon was running")


@app.command()
def status(home: HomeOption = None, as_json: JsonOption = False) -> None:
    """Show whether the daemon runs, with which profile and policy set."""
    from bastion.cli import doctor
    from bastion.daemon import client as daemon_ctl

    h = _control_home(home)
    info: dict[str, Any] = {"home": str(h.root), "running": False}
    try:
        reply = daemon_ctl.control(h, Ping(), timeout=2)
        info.update(running=True, **{k: v for k, v in reply.items() if k != "ok"})
    except daemon_ctl.UnexpectedReply as exc:
        info["error"] = str(exc)
    except OSError:
        pass
    try:
        info["store"] = _safe(h.database_url)
    except (BastionError, OSError) as exc:
        info["store"] = f"unreadable here ({type(exc).__name__})"
    healthy, hooks_line = doctor.summary(doctor.run(Path.cwd()))
    agent_problems = doctor.agent_problems(Path.cwd())
    healthy = healthy and not agent_problems
    info["hooks"] = {"ok": healthy, "summary": hooks_line, "agents": agent_problems}
    mode = str(info.get("mode") or "personal")
    info["guarantees"] = SYSTEM_GUARANTEE if mode == "system" else PERSONAL_LIMITS
    info["console"] = _console_url(h)
    info["sandbox"] = _sandbox_line(h)
    if as_json:
        console.print_json(json.dumps(info))
        return
    if info["running"]:
        console.print(
            f"[green]running[/] pid {info.get('pid')}  profile {info.get('profile')}  policy "
            f"{info.get('policy')}  live sessions {info.get('sessions')}  mode {mode}"
        )
        if info.get("control") is False:
            console.print("control commands: refused to you (read-only answers)")
    elif "error" in info:
        console.print(f"[red]socket answered unexpectedly[/]: {info['error']}")
    else:
        console.print(
            "[yellow]not running[/] (start it with `bastion up`; the hook also starts it)"
        )
    console.print(f"home {info['home']}\nstore {info['store']}")
    console.print(f"hooks {'[green]' if healthy else '[red]'}{hooks_line}[/]")
    for problem in agent_problems:
        console.print(f"[red]hook not running:[/] {problem}", highlight=False)
    if info["console"]:
        console.print(f"console {info['console']} (asks wait there for approval)")
    else:
        console.print("console not running (start it with `bastion up --with-console`)")
    console.print(f"sandbox {info['sandbox']}", highlight=False)
    for warning in info.get("warnings") or []:
        console.print(f"[red]configuration problem:[/] {warning}", markup=True, highlight=False)
    console.print(f"[dim]{info['guarantees']}[/]")


def _sandbox_line(h: Home) -> str:
    """``[sandbox]`` in words: off, on, or on but unable to run here (and what then)."""
    from bastion.contain.settings import describe

    try:
        return describe(h.settings().extra)
    except BastionError as exc:
        return f"misconfigured: {exc}"


PERSONAL_LIMITS = (
    "personal mode: the daemon runs as you, so an agent running as you can still stop it, "
    "read or replace its files, or detach a process from its session; control commands "
    "from inside an agent session are refused, but only system mode (a separate service "
    "user, `sudo bastion install --system claude-code`) guarantees the agent cannot switch "
    "Bastion off. See docs/deployment.md."
)
SYSTEM_GUARANTEE = (
    "system mode: the daemon runs as a service user; its store, keys, policies and config "
    "are unreadable to developers, hooks come from managed settings only, and control "
    "commands need root or the console. See docs/deployment.md."
)


def _safe(url: str) -> str:
    from bastion.store import _safe_url

    return _safe_url(url)


# -- install ------------------------------------------------------------------------------


def _scope_help() -> str:
    """Where each ``--scope`` writes, as the default agent's sensor declares its settings."""
    from bastion.sensors.registry import files_of

    where = {f.scope: f.path for f in files_of().settings}
    return (
        f"project: <dir>/{where['project']}; local: <dir>/{where['project-local']}"
        f" (not committed); user: ~/{where['user']}"
    )


@app.command()
def install(
    agent: Annotated[str, typer.Argument(help="The agent to protect (`bastion inventory`).")],
    scope: Annotated[
        str,
        typer.Option(help=_scope_help()),
    ] = "project",
    project_dir: Annotated[
        Path, typer.Option(help="The project whose settings to change (with --scope project).")
    ] = Path("."),
    home: HomeOption = None,
    system: Annotated[
        bool,
        typer.Option(
            "--system",
            help="System mode (root, once): service user, private state, managed settings.",
        ),
    ] = False,
    developer: Annotated[
        list[str] | None,
        typer.Option("--developer", help="(--system) A user whose agents are guarded; repeat."),
    ] = None,
    service_user: Annotated[
        str, typer.Option(help="(--system) The daemon's dedicated user.")
    ] = "bastion",
    group: Annotated[
        str, typer.Option(help="(--system) The group allowed to reach the socket.")
    ] = "bastion-users",
    prefix: Annotated[
        Path, typer.Option(help="(--system) Root of the system paths (tests, images).")
    ] = Path("/"),
    managed_dir: Annotated[
        Path, typer.Option(help="(--system) Claude Code's managed settings directory.")
    ] = Path("/etc/claude-code"),
    codex_bin: Annotated[
        str | None,
        typer.Option(help="(codex) The codex executable asked to trust the hooks (default: PATH)."),
    ] = None,
    mcp_agent: McpAgentOption = "",
) -> None:
    """Add Bastion's hooks to the agent's settings (idempotent, keeps every other setting).

    Where a C compiler exists the hook is the native client, built here from the package's
    source with no download (BASTION_NATIVE_HOOK=off keeps the Python hook); see
    docs/deployment.md, "The native hook client".
    """
    from bastion.cli import install as inst

    if agent == "mcp":
        _install_mcp(mcp_agent, project_dir, home, undo=False)
        return
    name = _installable(agent)
    if name != agents.DEFAULT_AGENT:
        if system:
            raise _fail(f"system mode for {name} is not built yet (issue #16)", 2)
        _install_agent(name, scope, project_dir, home, codex_bin)
        return
    if system:
        _install_system(developer or [], service_user, group, prefix, managed_dir)
        return
    h = _home(_explicit_home(home))
    try:
        path = inst.settings_path(scope, project_dir.resolve())
        changed, backup = inst.install(path, h.root)
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    console.print(f"sandbox: {_sandbox_line(h)}", highlight=False)
    target = inst.shim_path(h.root).resolve()
    native = target.name == "bastion-hook-native"
    console.print(
        f"hook: {'native client' if native else 'Python hook (native client not built)'} {target}",
        highlight=False,
    )
    if not changed:
        console.print(f"Bastion hooks already installed in {path}")
        return
    console.print(f"[green]installed[/] Bastion hooks in {path}")
    if backup:
        console.print(f"backup of the previous settings: {backup}")
    console.print(_undo_line(name, scope))


def _install_mcp(agent: str, project_dir: Path, home: Path | None, *, undo: bool) -> None:
    """`bastion install mcp --agent A` / `bastion uninstall mcp --agent A`."""
    from bastion.cli import install_mcp as im

    name = agents.canonical(agent) or agent
    if name not in im.installable():
        raise _fail(f"`{'un' if undo else ''}install mcp` needs --agent, one of "
                    f"{', '.join(im.installable())}", 2)  # fmt: skip
    h = _home(home)
    try:
        run = im.uninstall if undo else im.install
        changes = run(name, project_dir.resolve(), Path.home(), h.root)
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    for change in changes:
        done = change.restored if undo else change.routed
        verb = "restored" if undo else "routed through the gateway"
        if done:
            console.print(f"{change.path}: {verb}: {', '.join(done)}", highlight=False)
        for server in change.http:
            console.print(
                f"{change.path}: {server} is an HTTP server: govern it with `bastion mcp-proxy "
                f"--name {server} --http <its URL> --listen 127.0.0.1:<port>` and point "
                "the agent at that address",
                highlight=False,
            )
    if not any(c.restored if undo else c.routed for c in changes):
        console.print("nothing to change: every stdio MCP server is already "
                      + ("direct" if undo else "routed"))  # fmt: skip


def _installable(agent: str) -> str:
    """The registered name of an agent ``bastion install`` wires (exit 2 otherwise)."""
    name = agents.canonical(agent)
    if name is None or agents.installer_of(name) is None:
        raise _fail(f"unknown agent {agent!r}; supported: {agents.installable()}", 2)
    return name


def _explicit_home(home: Path | None) -> Path | None:
    """The home named by --home or BASTION_HOME, None when neither names one: a hook
    command then carries no --home."""
    if home is not None:
        return home
    return Path(os.environ["BASTION_HOME"]) if "BASTION_HOME" in os.environ else None


def _hooks_target(agent: str, scope: str, project_dir: Path) -> tuple[Installer, Path]:
    """An agent's installer (its sensor's) and the file its hooks go in for ``scope``."""
    installer = agents.installer_of(agent)
    assert installer is not None  # `_installable` said so
    return installer, installer.hooks_path(scope, project_dir.resolve())


def _undo_line(agent: str, scope: str) -> str:
    return f"Undo with `bastion uninstall {agent}`" + (
        f" --scope {scope}" if scope != "project" else ""
    )


def _install_agent(
    agent: str, scope: str, project_dir: Path, home: Path | None, codex_bin: str | None
) -> None:
    """`bastion install <agent>` for every agent but the default: our hooks in its file, then
    what its installer does besides (`sensors.base.AfterInstall`: a trust, warnings, notes)."""
    h = _home(_explicit_home(home))
    try:
        installer, path = _hooks_target(agent, scope, project_dir)
        changed, backup = installer.install(path, h.root)
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    if changed:
        console.print(f"[green]installed[/] Bastion hooks in {path}")
        if backup:
            console.print(f"backup of the previous {installer.noun}: {backup}")
    else:
        console.print(f"Bastion hooks already installed in {path}")
    after = installer.after_install(path, InstallOptions(project_dir.resolve(), codex_bin))
    for problem in after.warnings:
        err.print(f"[yellow]warning[/]: {problem}", soft_wrap=True)
    for note in after.notes:
        err.print(f"[yellow]note[/]: {note}", soft_wrap=True)
    if after.failure:
        err.print(f"[red]not trusted[/]: {after.failure}", soft_wrap=True)
        if after.failure_then:
            err.print(after.failure_then)
        console.print(_undo_line(agent, scope))
        raise typer.Exit(1)
    for line in after.done:
        console.print(line)
    console.print(_undo_line(agent, scope))


def _install_system(
    developers: list[str], user: str, group: str, prefix: Path, managed_dir: Path
) -> None:
    from bastion.cli import install as inst
    from bastion.daemon import system_mode as sm

    layout = sm.SystemLayout(prefix=prefix.resolve(), user=user, group=group,
                             managed_dir=managed_dir)  # fmt: skip
    try:
        sm.require_root("`bastion install --system`")
        uid, gid = sm.ensure_accounts(layout, developers)
        sm.prepare_dirs(layout, uid, gid)
        config = sm.write_config(layout, uid)
        sm.install_shim(layout.shim, inst.hook_entry(layout.shim.parent))
        command = inst.system_hook_command(layout.shim, layout.socket, uid)
        changed, backup = inst.install_managed(layout.managed_settings, command)
    except (BastionError, OSError) as exc:
        raise _fail(str(exc)) from exc
    console.print(f"[green]system install[/]: daemon user {user} (uid {uid}), group {group}")
    console.print(f"state {layout.state_dir} (0700), socket {layout.socket}")
    console.print(
        f"hooks in {layout.managed_settings} with allowManagedHooksOnly"
        + (f" (backup {backup})" if backup else "")
        + ("" if changed else " (unchanged)")
    )
    if sm.systemd_running():
        unit = sm.write_unit(layout, config)
        for argv in (["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", "bastion"]):
            subprocess.run(argv, check=False, timeout=60)
        console.print(f"systemd unit {unit} enabled")
    else:
        console.print("no systemd here: start the daemon with `sudo bastion up --system`")


@app.command()
def doctor(
    project_dir: Annotated[Path, typer.Option(help="The project to check.")] = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Check every installed hook command (user, project, local, managed) and name the fix."""
    from dataclasses import asdict

    from bastion.cli import doctor as doc

    checks = doc.run(project_dir.resolve())
    healthy, line = doc.summary(checks)
    if as_json:
        sys.stdout.write(
            json.dumps({"ok": healthy, "summary": line, "files": [asdict(c) for c in checks]})
            + "\n"
        )
    else:
        for c in checks:
            if not c.present:
                console.print(f"{c.scope:8} {c.path}: absent")
                continue
            state = "[red]broken[/]" if c.problems else "[green]ok[/]"
            console.print(f"{c.scope:8} {c.path}: {state}, {c.commands} Bastion hook command(s)")
            for problem in c.problems:
                console.print(f"         - {problem}")
            if c.fix:
                console.print(f"         fix: {c.fix}")
        console.print(("[green]" if healthy else "[red]") + f"hooks {line}[/]")
    raise typer.Exit(0 if healthy else 1)


@app.command()
def uninstall(
    agent: Annotated[str, typer.Argument(help="The agent (as for `bastion install`).")],
    scope: Annotated[str, typer.Option(help="project or user")] = "project",
    project_dir: Annotated[Path, typer.Option(help="The project (with --scope project).")] = Path(
        "."
    ),
    codex_bin: Annotated[
        str | None, typer.Option(help="(codex) The codex executable (default: PATH).")
    ] = None,
    mcp_agent: McpAgentOption = "",
    home: HomeOption = None,
) -> None:
    """Remove exactly the hooks `bastion install` added (`uninstall mcp --agent A`: put the
    agent's MCP servers back as they were)."""
    if agent == "mcp":
        _install_mcp(mcp_agent, project_dir, home, undo=True)
        return
    name = _installable(agent)
    try:
        installer, path = _hooks_target(name, scope, project_dir)
        changed, backup = installer.uninstall(
            path, InstallOptions(project_dir.resolve(), codex_bin)
        )
    except BastionError as exc:
        raise _fail(str(exc)) from exc
    if changed:
        console.print(
            f"removed Bastion hooks from {path}" + (f" (backup {backup})" if backup else "")
        )
    else:
        console.print(f"no Bastion hooks in {path}")


# -- record -------------------------------------------------------------------------------


def _store(h: Home) -> Store:
    from bastion.store import Store

    return Store(h.database_url)


@app.command()
def sessions(
    home: HomeOption = None,
    limit: Annotated[int, typer.Option(help="How many of the most recent sessions.")] = 50,
    sort: Annotated[str, typer.Option(help="risk (riskiest first) or time (newest first).")] = (
        "risk"
    ),
    as_json: JsonOption = False,
) -> None:
    """List recorded agent sessions, riskiest first (`--sort time` for newest first)."""
    from bastion.cli.render import by_risk, sessions_table

    if sort not in ("risk", "time"):
        raise _fail("--sort must be risk or time", 2)
    store = _store(_home(home))
    rows = store.sessions(limit)
    if sort == "risk":
        rows = by_risk(rows)
    if as_json:
        sys.stdout.write(json.dumps([_jsonable_session(r) for r in rows], indent=2) + "\n")
        return
    if not rows:
        console.print(
            "no sessions recorded yet (run an agent with the hooks installed, or `bastion demo`)"
        )
        return
    console.print(sessions_table(rows))


def _jsonable_session(row: SessionRow) -> dict[str, Any]:
    from bastion.respond.triage import session_state

    return {**{k: v for k, v in row.items() if k != "state"}, "status": session_state(row)}


@app.command()
def show(
    session: Annotated[str, typer.Argument(help="Session id (a unique prefix is enough).")],
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one session as a timeline: prompt, actions, verdicts with reasons, outputs, findings."""
    from bastion.cli.render import print_timeline

    store = _store(_home(home))
    found = store.session(session)
    if found is None:
        raise _fail(f"no session {session!r} in this home; `bastion sessions` lists them")
    rows = store.events(found["id"])
    if as_json:
        out = {
            "session": _jsonable_session(found),
            "events": [
                {
                    "seq": r["seq"],
                    "event": r["data"],
                    "facts": r["facts"],
                    "verdict": r["verdict"] if r["decision"] or r["verdict"] else None,
                }
                for r in rows
            ],
            "alerts": store.alerts(found["id"]),
        }
        sys.stdout.write(json.dumps(out, indent=2, default=str) + "\n")
        return
    print_timeline(console, found, rows)


# -- containment --------------------------------------------------------------------------


def _set_mode(h: Home, session_id: str, mode: Mode, reason: str) -> None:
    """Containment takes the one path the console takes too (`bastion.daemon.containment`):
    the daemon checks who asks and records it; with no daemon, the same check and record
    run in this process (personal mode only)."""
    from bastion.cli.person import person
    from bastion.daemon.containment import ContainmentFailed, contain
    from bastion.wire.control import SetMode

    message = SetMode(session_id, mode, reason, person(h))
    try:
        done = contain(h, message, timeout=5.0, fallback=h.socket_override is None)
    except ContainmentFailed as exc:
        raise _fail(str(exc)) from None
    found = str(done.answer.get("session_id") or session_id)
    console.print(f"session {found[:12]} is now [bold]{mode}[/] ({reason})")


@app.command()
def kill(
    session: Annotated[str, typer.Argument(help="Session id (or unique prefix).")],
    reason: Annotated[
        str, typer.Option(help="Why; shown to the agent and recorded.")
    ] = "killed by a responder",
    home: HomeOption = None,
) -> None:
    """Kill switch: deny every further action of a session until it is released."""
    _set_mode(_control_home(home), session, "killed", reason)


@app.command()
def release(
    session: Annotated[str, typer.Argument(help="Session id (or unique prefix).")],
    home: HomeOption = None,
) -> None:
    """Lift containment (kill or ask-everything) from a session."""
    _set_mode(_control_home(home), session, "normal", "released")


# -- replay, demo, explain ----------------------------------------------------------------


@app.command()
def replay(
    files: Annotated[list[Path], typer.Argument(help="Replay files (.jsonl or .jsonl.gz).")],
    format: Annotated[
        str, typer.Option("--format", help="jsonl: one JSON object per input line; table: summary.")
    ] = "table",
    policy: Annotated[
        Path | None, typer.Option(help="Extra policy file or directory (an organisation's).")
    ] = None,
    profile: Annotated[str, typer.Option(help=f"Profile: {', '.join(PROFILES)}.")] = "balanced",
    home: Annotated[
        Path | None,
        typer.Option(
            "--home", help="Record into this home (default: a temporary one).", show_default=False
        ),
    ] = None,
    agent: Annotated[
        str | None,
        typer.Option(
            "--agent",
            help="The agent every line is from (default: recognise each line's).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Feed recorded hook payloads through the same engine as live hooks."""
    from bastion.cli.replay_cmd import run_replay

    if format not in ("jsonl", "table"):
        raise _fail("--format must be jsonl or table", 2)
    if profile not in PROFILES:
        raise _fail(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}", 2)
    for f in files:
        if not f.is_file():
            raise _fail(f"{f} is not a file", 2)
    if agent is not None and agents.canonical(agent) is None:
        raise _fail(f"unknown agent {agent!r}; supported: {agents.supported()}", 2)
    explicit = home or (Path(os.environ["BASTION_HOME"]) if "BASTION_HOME" in os.environ else None)
    try:
        if explicit is not None:
            run_replay(files, Home.resolve(explicit).ensure(), format, policy, profile, agent)
        else:
            with tempfile.TemporaryDirectory(prefix="bastion-replay-") as tmp:
                run_replay(files, Home.resolve(tmp).ensure(), format, policy, profile, agent)
    except BastionError as exc:
        raise _fail(str(exc)) from exc


@app.command()
def demo(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Where the demo records (default ~/.bastion-demo; never your real home).",
            show_default=False,
        ),
    ] = None,
    fast: Annotated[bool, typer.Option(help="No pauses between steps.")] = False,
) -> None:
    """Replay the classic incident (read .env, log it 'for debugging', upload the log) live.

    It records into a home of its own, so your real record and console stay clean.
    """
    from bastion.cli.demo import DemoHomeError, demo_home, run_demo

    try:
        root = demo_home(home, Home.resolve(None).root)
    except DemoHomeError as exc:
        raise _fail(str(exc), 2) from exc
    run_demo(console, _home(root), pause=0.0 if fast or not console.is_terminal else 0.6)


@app.command()
def explain(
    command: Annotated[
        str, typer.Argument(help="A shell command, quoted (leave empty with --tool).")
    ] = "",
    cwd: Annotated[str, typer.Option(help="Working directory to judge paths against.")] = "",
    tool: Annotated[
        str,
        typer.Option(
            help="Explain a call of this tool instead (its name as the agent sends it, an MCP "
            "server's tool included)."
        ),
    ] = "",
    tool_input: Annotated[
        str, typer.Option("--input", help="The tool's arguments as a JSON object (with --tool).")
    ] = "{}",
    prompt: Annotated[
        str, typer.Option(help="The user's request, to tell their values from others'.")
    ] = "",
    seen: Annotated[
        list[Path] | None,
        typer.Option(
            help="A file holding a tool output the agent read before the call (untrusted: "
            "a page, a message, an MCP result). Repeatable. Shows each value's provenance."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Print what Bastion understands of a call, where its values came from, and how each
    profile decides it.

    Example (TOOL: the agent's name for a bank MCP server's send_money):
    bastion explain --tool TOOL --input '{"recipient": "GB29..."}' --prompt "pay my rent"
    --seen inbox.txt
    """
    import json as jsonlib

    from bastion.cli.explain import run_explain

    if not command and not tool:
        raise _fail("give a shell command, or --tool with --input", 2)
    try:
        args = jsonlib.loads(tool_input)
    except ValueError as exc:
        raise _fail(f'--input is not JSON ({exc}); quote it: --input \'{{"to": "x"}}\'', 2) from exc
    if not isinstance(args, dict):
        raise _fail("--input must be a JSON object of argument names to values", 2)
    outputs = []
    for path in seen or []:
        try:
            outputs.append((path.name, path.read_text(encoding="utf-8", errors="replace")))
        except OSError as exc:
            raise _fail(f"cannot read --seen {path}: {exc.strerror}", 2) from exc
    run_explain(
        console,
        command,
        cwd or os.getcwd(),
        as_json,
        tool=tool or None,
        tool_input=args,
        prompt=prompt,
        seen=outputs,
    )


# -- policy -------------------------------------------------------------------------------


@policy_app.command("check")
def policy_check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Policy files or directories (default: the home's).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Validate policies against the schema; errors point at file and line."""
    from bastion.policy.engine import (
        check_statements,
        directory_files,
        pack_files,
        schema_text,
        split_statements,
    )

    h = _home(home)
    targets = paths or [h.policy_dir]
    files = pack_files()
    try:
        for p in targets:
            files.extend(directory_files(p))
    except BastionError as exc:
        raise _fail(str(exc), 2) from exc
    statements = [s for f, t in files for s in split_statements(f, t)]
    errors = check_statements(statements, schema_text())
    from rich.markup import escape

    for e in errors:
        err.print(f"[red]{escape(str(e))}[/]", soft_wrap=True)  # one line each, for editors
    if errors:
        raise typer.Exit(1)
    console.print(f"[green]ok[/]: {len(statements)} policies in {len(files)} files validate")


@policy_app.command("test")
def policy_test(
    candidate: Annotated[Path, typer.Argument(help="Candidate policy file or directory.")],
    sessions_files: Annotated[
        list[Path] | None,
        typer.Option("--sessions", help="Replay files to test on (default: this home's record)."),
    ] = None,
    profile: Annotated[str, typer.Option(help="Profile to evaluate under.")] = "balanced",
    home: HomeOption = None,
    as_json: JsonOption = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            min=0,
            help="Processes to replay in, sessions split among them (0: one per core).",
        ),
    ] = 1,
) -> None:
    """Shadow mode: replay sessions with and without the candidate and print what changes."""
    from bastion.cli.policy_test import run_policy_test

    try:
        changed = run_policy_test(
            console, _home(home), candidate, sessions_files or [], profile, as_json, jobs
        )
    except BastionError as exc:
        raise _fail(str(exc), 2) from exc
    raise typer.Exit(0 if changed == 0 else 3)


app.add_typer(secrets_app, name="secrets")
app.add_typer(audit_app, name="audit")
app.add_typer(fleet_app, name="fleet")
app.add_typer(baseline_app, name="baseline")
register_identity(app)
app.command("serve")(serve_cmd.serve)
app.command("inventory")(inventory_cmd.inventory)
app.command("coverage")(coverage_cmd.coverage_command)
app.command("mcp-proxy")(mcp_cmd.mcp_proxy)
app.add_typer(console_app, name="console")
app.add_typer(approvals_app, name="approvals")
app.add_typer(alerts_app, name="alerts")
app.add_typer(export_app, name="export")
app.add_typer(compliance_app, name="compliance")


def main() -> None:  # pragma: no cover - console entry
    app()
