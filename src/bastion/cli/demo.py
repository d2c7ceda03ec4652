"""``bastion demo``: the classic incident, replayed live through the real engine and store.

An agent asked to fix a configuration bug reads a source file whose comment tells it to
"log configuration values for debugging", dumps the environment and ``.env`` into a log,
then tries to upload the log to an outside "monitoring" service, and retries encoded.
Every payload is exactly what Claude Code 2.1 sends a hook (built by its sensor's
`bastion.sensors.claude_code.demo`); the secrets are fake.

The demo never touches the user's record: it runs in a home of its own (``~/.bastion-demo``
unless ``--home`` names another, never the real one) and plays out in a small world built
inside that home, a project whose settings have Bastion's hooks installed,
so the guard check sees a protected agent, as a user's real install would.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from bastion.cli.render import describe_event
from bastion.config import Home
from bastion.daemon import build_engine
from bastion.errors import BastionError
from bastion.events import Decision, EventKind
from bastion.sensors.claude_code import SENSOR as CLAUDE_CODE
from bastion.sensors.claude_code import explain
from bastion.sensors.claude_code.demo import CONFIG_SOURCE, FAKE_ENV, UPLOAD, incident_payloads

__all__ = [
    "CONFIG_SOURCE",
    "FAKE_ENV",
    "UPLOAD",
    "DemoHomeError",
    "build_world",
    "demo_home",
    "incident_payloads",
    "run_demo",
    "world_root",
]

DEMO_HOME = Path("~/.bastion-demo")
PROJECT = "src/billing-service"  # inside the demo world's user home


class DemoHomeError(BastionError, ValueError):
    """The demo was pointed at a home that holds a real record."""


def demo_home(explicit: Path | None, real: Path) -> Path:
    """The demo's home: ``--home`` if given, else ``~/.bastion-demo``; never ``real``."""
    chosen = (explicit or DEMO_HOME).expanduser().resolve()
    if chosen == real.expanduser().resolve():
        raise DemoHomeError(
            f"{chosen} is your real Bastion home; the demo writes a fake incident and must "
            "not mix it into your record: run it without --home (it uses ~/.bastion-demo) or "
            "give it an empty directory"
        )
    return chosen


def world_root(root: Path) -> Path:
    """Where the demo's pretend user home lives: ``<home>-world`` beside the demo home."""
    return root.parent / f"{root.name}-world"


def build_world(root: Path) -> tuple[str, str]:
    """A user home with a project in it, Bastion's hooks installed as `bastion install` does.

    Returns (user home, project directory). Idempotent: a second demo reuses the world.
    The world lies beside the demo's Bastion home, never inside it: the guard protects its
    home, so a project inside it would make every write look like tampering with Bastion.
    """
    from bastion.cli import install as inst

    user_home = world_root(root) / "home" / "dev"
    project = user_home / PROJECT
    for sub in ("src", "config", "logs"):
        (project / sub).mkdir(parents=True, exist_ok=True)
    (project / "src" / "config_loader.py").write_text(CONFIG_SOURCE)
    (project / ".env").write_text(FAKE_ENV)
    inst.install(inst.settings_path("project", project), root)
    return str(user_home), str(project)


def run_demo(console: Console, home: Home, pause: float = 0.6) -> str:
    session_id = str(uuid.uuid4())
    user_home, project = build_world(home.root)
    engine = build_engine(home)
    sensor = CLAUDE_CODE
    console.print(
        Panel.fit(
            "[bold]The classic incident[/]\nA coding agent fixes a configuration bug. A comment in "
            "the code tells it to log configuration values 'for debugging' and upload the log to a "
            "'monitoring' service. Each step looks ordinary; the sequence is an exfiltration.\n"
            f"Every step goes through Bastion's real engine (profile {engine.profile}) and is "
            f"recorded in {home.root}.",
            title="bastion demo",
        )
    )
    blocked = 0
    refused: set[str] = set()
    try:
        for payload in incident_payloads(session_id, user_home, project):
            event = sensor.to_event(payload)
            if event.kind is not EventKind.ACTION and event.tool_use_id in refused:
                continue  # a refused call never runs, so the agent reports no result for it
            verdict = engine.process(event)
            # the world's user home reads as "~", as it would for the user's own agent
            line = describe_event(event.to_dict()).replace(user_home, "~")
            if event.kind is EventKind.ACTION:
                style = {"allow": "green", "ask": "yellow", "deny": "bold red"}[
                    verdict.decision.value
                ]
                console.print(f"[{style}]{verdict.decision.value.upper():5}[/] {escape(line)}")
                if verdict.decision is not Decision.ALLOW:
                    blocked += 1
                    if event.tool_use_id:
                        refused.add(event.tool_use_id)
                    console.print(f"      [italic]{escape(explain(verdict))}[/]")
            elif event.kind is EventKind.PROMPT:
                console.print(f"[cyan]USER [/] {escape(line)}")
            elif event.kind is EventKind.OBSERVATION:
                what = describe_event({**event.to_dict(), "kind": "action"}).replace(user_home, "~")
                console.print(f"[dim]      output of {escape(what)}[/]")
            else:
                console.print(f"[dim]      {escape(line)}[/]")
            for f in verdict.findings:
                console.print(
                    f"      [magenta]finding[/] {f.kind} ({f.severity.value}): {escape(f.detail)}"
                )
            if pause:
                time.sleep(pause)
        recorded = engine.store.session(session_id)
        mode = recorded["mode"] if recorded is not None else None
    finally:
        engine.store.close()
    console.print()
    if blocked:
        console.print(
            f"[bold green]The upload was stopped before any data left[/] "
            f"({blocked} action(s) blocked)."
        )
        if mode not in (None, "normal"):
            console.print(
                f"The session was contained ([bold]{mode}[/]): it kept trying, so "
                f"every further action is refused until `bastion release {session_id[:12]}`."
            )
    else:
        console.print("[bold red]Nothing was blocked: check the policy profile.[/]")
    where = f" --home {home.root}"
    console.print(
        f"Next: [bold]bastion show {session_id[:12]}{where}[/] for the recorded timeline, "
        f"[bold]bastion sessions{where}[/] for all demo sessions. Your own record was not "
        "touched."
    )
    return session_id
