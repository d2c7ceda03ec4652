"""The hook's side of the trust boundary, and an install that cannot silently fall away.

Real processes: the real ``bastion-hook`` (both clients where ``hook_client`` is used: the
Python hook and the native one) run through ``sh -c`` with the exact command the
installer writes into Claude Code's settings, a real listener impersonating the daemon
under another uid (this needs root, which CI has), and ``Home.ensure`` as another user.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bastion.cli import doctor
from bastion.cli import install as inst
from bastion.config import Home
from bastion.errors import ConfigError
from bastion.hook import command as hook_command

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "claude_code" / "PreToolUse-Bash.json"
HOOK = Path(sys.executable).with_name("bastion-hook")
NOBODY = 65534
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to switch uid (CI is root)")


def _payload() -> bytes:
    data = json.loads(FIXTURE.read_text())
    data["tool_input"] = {"command": "ls", "description": "list"}
    return json.dumps(data).encode()


@pytest.fixture
def short_home() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="bt", dir="/tmp"))  # short: the socket path
    try:
        yield path
    finally:
        _stop(path)
        shutil.rmtree(path, ignore_errors=True)


def _stop(home: Path) -> None:
    try:
        pid = int((home / "daemon.pid").read_text())
        os.kill(pid, 15)
    except (OSError, ValueError):
        pass


IMPOSTOR = r"""
import os, socket, sys
path, uid = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
os.chmod(path, 0o777)
if uid != os.getuid():
    os.setgid(uid); os.setuid(uid)    # SO_PEERCRED records who called listen()
s.listen(8)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    c.recv(65536)
    c.sendall(b"0 0 0\n")             # "allow", whatever was asked
    c.close()
"""


def _impostor(socket_path: Path, uid: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPOSTOR, str(socket_path), str(uid)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _hook(
    client: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(client), "claude-code", *args],
        input=_payload(),
        capture_output=True,
        timeout=60,
        env=env or {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")},
    )


@needs_root
def test_personal_hook_refuses_a_daemon_run_by_another_user(
    hook_client: Path, short_home: Path
) -> None:
    impostor = _impostor(short_home / "daemon.sock", NOBODY)
    try:
        env = dict(os.environ, BASTION_ON_UNAVAILABLE="allow")  # must not open this door
        done = _hook(hook_client, "--home", str(short_home), env=env)
    finally:
        impostor.kill()
        impostor.wait()
    assert done.returncode == 2, done
    assert b"not trusted" in done.stderr and b"uid 65534" in done.stderr
    assert done.stdout == b""


def test_system_hook_refuses_a_daemon_that_is_not_the_service_user(
    hook_client: Path, short_home: Path
) -> None:
    sock = short_home / "daemon.sock"
    impostor = _impostor(sock, os.getuid())  # "root" (or this user), not the pinned uid
    try:
        done = _hook(hook_client, "--socket", str(sock), "--daemon-uid", str(os.getuid() + 4321))
    finally:
        impostor.kill()
        impostor.wait()
    assert done.returncode == 2 and b"not trusted" in done.stderr, done


def test_system_hook_without_a_daemon_fails_closed_even_if_env_says_allow(
    hook_client: Path,
    short_home: Path,
) -> None:
    env = dict(os.environ, BASTION_ON_UNAVAILABLE="allow", BASTION_START_WAIT="0.3")
    sock = short_home / "nothing.sock"
    done = _hook(hook_client, "--socket", str(sock), "--daemon-uid", "4321", env=env)
    assert done.returncode == 2, done
    assert b"system daemon does not answer" in done.stderr
    assert not (short_home / "daemon.pid").exists()  # no daemon started by the hook


# -- the installed command: a missing or broken target blocks ------------------------------


def _fake_install(root: Path) -> Path:
    """A copy of this installation's hook script, as a checkout's venv would hold it."""
    target = root / "checkout" / ".venv" / "bin" / "bastion-hook"
    target.parent.mkdir(parents=True)
    shutil.copy2(HOOK, target)
    return target


def _run_installed(command: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    """What Claude Code does with the settings' command: run it with a shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    return subprocess.run(
        ["sh", "-c", command], input=_payload(), capture_output=True, timeout=120, env=env
    )


def _installed_command(project: Path, home: Path, target: Path) -> str:
    settings = project / ".claude" / "settings.json"
    inst.install(settings, home)
    inst.install_shim(inst.shim_path(home), target)  # as if installed from that checkout
    data = json.loads(settings.read_text())
    command = data["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
    assert hook_command.is_ours(command)
    return str(command)


def test_installed_command_decides_then_blocks_when_the_checkout_is_gone(
    tmp_path: Path, short_home: Path
) -> None:
    target = _fake_install(tmp_path)
    command = _installed_command(tmp_path / "project", short_home, target)
    ok = _run_installed(command, short_home)
    assert ok.returncode == 0, ok  # a real decision: `ls` is allowed
    assert doctor.command_problems(command) == []

    shutil.rmtree(tmp_path / "checkout")  # `make clean`, a moved checkout
    gone = _run_installed(command, short_home)
    assert gone.returncode == 2, gone  # Claude Code's "block", not a non-blocking error
    assert b"denied to be safe" in gone.stderr and b"bastion doctor" in gone.stderr
    problems = doctor.command_problems(command)
    assert problems and "no longer exists" in problems[0]


def test_installed_command_blocks_when_the_interpreter_is_gone(
    tmp_path: Path, short_home: Path
) -> None:
    target = _fake_install(tmp_path)
    text = target.read_text().split("\n", 1)[1]
    target.write_text(f"#!{tmp_path}/rebuilt-venv/bin/python\n{text}")  # venv rebuilt elsewhere
    command = _installed_command(tmp_path / "project", short_home, target)
    done = _run_installed(command, short_home)
    assert done.returncode == 2 and b"denied to be safe" in done.stderr, done
    assert any("runs" in p for p in doctor.command_problems(command))


def test_installed_command_turns_a_crash_into_a_block(tmp_path: Path, short_home: Path) -> None:
    target = tmp_path / "crashing-hook"
    target.write_text("#!/bin/sh\necho Traceback >&2\nexit 1\n")
    target.chmod(0o755)
    command = _installed_command(tmp_path / "project", short_home, target)
    done = _run_installed(command, short_home)
    assert done.returncode == 2, done


def test_installed_command_blocks_when_the_shim_itself_is_removed(
    tmp_path: Path, short_home: Path
) -> None:
    command = _installed_command(tmp_path / "project", short_home, _fake_install(tmp_path))
    inst.shim_path(short_home).unlink()
    done = _run_installed(command, short_home)
    assert done.returncode == 2 and b"denied to be safe" in done.stderr, done


def test_an_edited_command_is_not_ours() -> None:
    good = inst.hook_command(Path("/h"))
    assert hook_command.is_ours(good)
    assert not hook_command.is_ours(good.replace("exit 2; }", "exit 0; }"))
    assert not hook_command.is_ours(good + "; true")
    assert not hook_command.is_ours("true " + good)


def test_doctor_reports_each_settings_file(tmp_path: Path, short_home: Path) -> None:
    project, user_home, managed = tmp_path / "p", tmp_path / "u", tmp_path / "m"
    target = _fake_install(tmp_path)
    _installed_command(project, short_home, target)
    old = {"hooks": {"PreToolUse": [{"hooks": [{"type": "command",
           "command": f"BASTION_HOME=/x {tmp_path}/gone/bastion-hook claude-code"}]}]}}  # fmt: skip
    (user_home / ".claude").mkdir(parents=True)
    (user_home / ".claude" / "settings.json").write_text(json.dumps(old))
    checks = {c.scope: c for c in doctor.run(project, user_home, managed)}
    assert checks["project"].commands == 1 and checks["project"].problems == []
    user = checks["user"]
    assert user.problems and user.fix == "bastion install claude-code --scope user"
    assert any("old format" in p for p in user.problems)
    assert not checks["managed"].present and not checks["local"].present
    healthy, line = doctor.summary(list(checks.values()))
    assert not healthy and "user" in line


# -- the home --------------------------------------------------------------------------------


def test_home_ensure_repairs_a_home_others_can_write(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir(mode=0o700)
    os.chmod(home, 0o777)
    (home / "keys").mkdir()
    os.chmod(home / "keys", 0o775)
    Home.resolve(home).ensure()
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / "keys").stat().st_mode & 0o777 == 0o700


def test_home_ensure_refuses_a_symlinked_keys_dir(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (home / "keys").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ConfigError, match="not a plain directory"):
        Home.resolve(home).ensure()


@needs_root
def test_home_ensure_refuses_a_home_owned_by_someone_else() -> None:
    base = Path(tempfile.mkdtemp(prefix="bt", dir="/tmp"))
    try:
        os.chmod(base, 0o755)
        home = base / "h"
        home.mkdir(mode=0o755)  # root's, readable: another user must not adopt it
        code = "from bastion.config import Home; import sys; Home.resolve(sys.argv[1]).ensure()"
        # The system's python: this venv's interpreter may live under root's private home.
        src = Path(__file__).resolve().parents[2] / "src"
        done = subprocess.run(
            [shutil.which("python3", path="/usr/bin:/bin") or "python3", "-c", code, str(home)],
            user=NOBODY,
            group=NOBODY,
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": os.environ["PATH"], "HOME": str(base), "PYTHONPATH": str(src)},
        )
        assert done.returncode != 0 and "belongs to uid 0" in done.stderr, done.stderr[-2000:]
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_waiting_hooks_share_one_daemon_start(hook_client: Path, short_home: Path) -> None:
    """Twelve hooks at once on a home with no daemon: one start lock holder, one daemon."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    procs = [
        subprocess.Popen(
            [str(hook_client), "claude-code", "--home", str(short_home)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(12)
    ]
    results = [p.communicate(_payload(), timeout=120) for p in procs]
    codes = [p.returncode for p in procs]
    assert codes == [0] * 12, [r[1][-300:] for r in results]
    deadline = time.monotonic() + 10
    while not (short_home / "daemon.pid").exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    daemons = subprocess.run(
        ["pgrep", "-f", f"bastion.daemon --home {short_home}"], capture_output=True, text=True
    ).stdout.split()
    assert len(daemons) == 1, daemons


def test_home_ensure_repairs_a_config_others_can_write(tmp_path: Path) -> None:
    home = tmp_path / "h"
    home.mkdir()
    (home / "config.toml").write_text('profile = "balanced"\n')
    os.chmod(home / "config.toml", 0o666)
    Home.resolve(home).ensure()
    assert (home / "config.toml").stat().st_mode & 0o777 == 0o644


def test_doctor_flags_a_managed_hook_pinned_to_a_stale_service_uid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    me = pwd.getpwuid(os.getuid()).pw_name
    config = tmp_path / "system.json"
    config.write_text(json.dumps({
        "state_dir": str(tmp_path), "socket": str(tmp_path / "s"), "user": me,
        "uid": os.getuid(), "group": me, "shim": str(HOOK), "managed_settings": "x",
    }))  # fmt: skip
    monkeypatch.setenv("BASTION_SYSTEM_CONFIG", str(config))
    managed = tmp_path / "m"
    managed.mkdir()
    stale = inst.system_hook_command(HOOK, tmp_path / "s", os.getuid() + 1)
    inst.install_managed(managed / "managed-settings.json", stale)
    checks = {c.scope: c for c in doctor.run(tmp_path / "p", tmp_path / "u", managed)}
    assert any("trusts uid" in p for p in checks["managed"].problems), checks["managed"]
    good = inst.system_hook_command(HOOK, tmp_path / "s", os.getuid())
    (managed / "managed-settings.json").unlink()
    inst.install_managed(managed / "managed-settings.json", good)
    checks = {c.scope: c for c in doctor.run(tmp_path / "p", tmp_path / "u", managed)}
    assert checks["managed"].problems == [], checks["managed"]
    data = json.loads((managed / "managed-settings.json").read_text())
    assert data["allowManagedHooksOnly"] is True
