"""The identity lifecycle log: one hash chain even with several writers, and every break found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bastion.cli.identity_cmd import register
from bastion.config import Home
from bastion.identity import IdentityService
from bastion.identity.registry import Registry

WRITER = """
import sys
from pathlib import Path
from bastion.identity.registry import Registry
registry = Registry(Path(sys.argv[1]))
for n in range(int(sys.argv[3])):
    registry.log("grant", f"{sys.argv[2]}-{n}", by="test", minutes=5)
"""


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return Registry(tmp_path)


def lines(registry: Registry) -> list[str]:
    return registry.log_path.read_text().splitlines()


def rewrite(registry: Registry, new: list[str]) -> None:
    registry.log_path.write_text("".join(line + "\n" for line in new))


def test_concurrent_writers_never_fork_the_chain(registry: Registry) -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(registry.root), f"w{i}", "60"])
        for i in range(4)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    assert registry.verify_lifecycle() == (240, None)
    assert len({e["prev"] for e in registry.lifecycle()}) == 240  # no two share a parent


def test_an_empty_or_missing_log_is_a_good_chain(registry: Registry) -> None:
    assert registry.verify_lifecycle() == (0, None)


@pytest.mark.parametrize(
    ("tamper", "good", "says"),
    [
        ("edit", 2, "line 3 (revoke) was changed"),
        ("delete", 2, "line 3 (grant) does not follow line 2"),
        ("swap", 2, "line 3 (grant) does not follow"),
        ("insert", 2, "line 3 (login) does not follow"),
        ("garbage", 2, "line 3 is not a lifecycle event"),
    ],
)
def test_every_break_is_found_where_it_is(
    registry: Registry, tamper: str, good: int, says: str
) -> None:
    for op in ("login", "grant", "revoke", "grant", "logout"):
        registry.log(op, "alice", by="alice")
    original = lines(registry)
    changed = list(original)
    if tamper == "edit":
        entry = json.loads(changed[2])
        entry["subject"] = "mallory"
        changed[2] = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    elif tamper == "delete":
        del changed[2]
    elif tamper == "swap":
        changed[2], changed[3] = changed[3], changed[2]
    elif tamper == "insert":
        changed.insert(2, changed[0])
    else:
        changed[2] = changed[2][: len(changed[2]) // 2]
    rewrite(registry, changed)
    count, broken = registry.verify_lifecycle()
    assert count == good
    assert broken is not None and says in broken, broken


def test_identity_log_command_shows_events_and_exits_1_on_a_break(tmp_path: Path) -> None:
    home = tmp_path / "h"
    service = IdentityService(Home.resolve(home), host="devbox")
    service.registry.log("grant", "host:example.com", by="alice", minutes=5)
    service.registry.log("revoke", "session:s1", by="alice", reason="test")
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    ok = runner.invoke(app, ["identity-log", "--home", str(home)])
    assert ok.exit_code == 0, ok.output
    assert "grant" in ok.output and "host:example.com" in ok.output and "chain ok" in ok.output
    data = json.loads(runner.invoke(app, ["identity-log", "--json", "--home", str(home)]).output)
    assert data["chain_ok"] is True and data["total"] == len(data["events"]) >= 2
    log = home / "identity-events.jsonl"
    log.write_text(log.read_text().replace("example.com", "evil.example"))
    broken = runner.invoke(app, ["identity-log", "--json", "--home", str(home)])
    assert broken.exit_code == 1
    assert "was changed" in json.loads(broken.output)["first_break"]
