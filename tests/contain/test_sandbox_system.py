"""The sandbox in system mode, for real, with three users made here (tests run as root).

``bastion install --system`` into a prefix makes the service user; ``bastion up --system``
starts the daemon as that user with ``[sandbox]`` on. A developer user's hook (the managed
settings' own hook command, run as the developer) gets its Bash command rewritten; the
developer runs it. The sandbox must work for the developer (its own uid inside, a writable
``/tmp``, the proxy reachable, its credentials hidden), while the developer cannot change
its own sandbox's options or the proxy's sockets, and a third user cannot open any of them.

Everything runs in private mount namespaces that make this virtualenv's Python reachable for
other users when it lives under a private home such as /root (as in tests/e2e/test_trust_e2e).
"""

from __future__ import annotations

import itertools
import json
import os
import pwd
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sandbox_harness import Upstream, need_sandbox, pre_tool

VENV_BIN = Path(sys.executable).parent
# Fake, built by concatenation so no scanner mistakes the test for a leak.
FAKE_AWS = "[default]\naws_secret_access_key = " + "FAKE" + "sYsTeMmOdEtEsTkEy0123456789abcd\n"


def _must(condition: bool, message: str) -> None:
    if condition:
        return
    if os.environ.get("BASTION_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _private_ancestor(path: Path) -> tuple[Path, Path] | None:
    """(a directory other users cannot enter, its child on the way to ``path``) or None."""
    chain = [*reversed(path.parents), path]
    for parent, child in itertools.pairwise(chain):
        if parent != Path("/") and not parent.stat().st_mode & 0o001:
            return parent, child
    return None


@dataclass
class World:
    prefix: Path
    ns: Path  # sh script: sets up the mount namespace, then execs "$@"
    config: Path
    service: pwd.struct_passwd
    dev: pwd.struct_passwd
    other: pwd.struct_passwd
    hook: list[str]
    ws: Path
    upstream: Upstream

    def as_user(
        self, user: pwd.struct_passwd, argv: list[str], **kw: Any
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BASTION_", "CLAUDE"))}
        env.update(HOME=user.pw_dir, BASTION_SYSTEM_CONFIG=str(self.config))
        return subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "sh", str(self.ns),
             "setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups",
             *argv],
            capture_output=True, text=True, timeout=120, env=env, **kw,
        )  # fmt: skip

    def pre_tool(self, session: str, command: str, n: int = 1) -> dict[str, Any]:
        """The developer's hook for one Bash call; the rewritten command."""
        done = self.as_user(self.dev, self.hook, input=json.dumps(pre_tool(session, self.ws,
                                                                          command, n)))  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        reply = json.loads(done.stdout)
        output = reply.get("hookSpecificOutput") or {}
        assert "updatedInput" in output, reply
        return dict(output)

    def run_as_dev(self, command: str) -> subprocess.CompletedProcess[str]:
        return self.as_user(self.dev, ["bash", "-c", command], cwd=self.ws)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    need_sandbox()
    _must(os.geteuid() == 0, "system mode needs root to make users (CI runs as root)")
    for tool in ("useradd", "unshare", "setpriv", "mount"):
        _must(shutil.which(tool) is not None, f"system mode test needs {tool}")
    tag = secrets.token_hex(3)
    svc, dev, other, group = f"bxs{tag}", f"bxd{tag}", f"bxo{tag}", f"bxg{tag}"
    prefix = Path(tempfile.mkdtemp(prefix="bastion-sbsys-", dir="/tmp"))
    os.chmod(prefix, 0o755)
    ns = prefix / "ns.sh"
    lines = ["set -e"]
    private = _private_ancestor(Path(sys.base_prefix).resolve())
    if private is not None:
        parent, child = private
        hold = prefix / "hold"
        lines += [
            f"mkdir -p {hold}", f"mount --bind {child} {hold}",
            f"mount -t tmpfs -o mode=0755 tmpfs {parent}", f"mkdir -p {child}",
            f"mount --bind {hold} {child}",
        ]  # fmt: skip
    ns.write_text("\n".join([*lines, 'exec "$@"', ""]))
    upstream = Upstream(prefix / "net").start()
    config = prefix / "etc" / "bastion" / "system.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BASTION_", "CLAUDE"))}
    try:
        for name in (dev, other):
            home = prefix / f"home-{name}"
            subprocess.run(["useradd", "--create-home", "--home-dir", str(home), name],
                           check=True, capture_output=True)  # fmt: skip
            os.chmod(home, 0o755)  # the service user reads it to find credentials to hide
        dev_pw, other_pw = pwd.getpwnam(dev), pwd.getpwnam(other)
        aws = Path(dev_pw.pw_dir) / ".aws"
        aws.mkdir()
        (aws / "credentials").write_text(FAKE_AWS)
        ws = prefix / "ws"
        ws.mkdir()
        (ws / "app.py").write_text("print('hello')\n")
        subprocess.run(["chown", "-R", f"{dev_pw.pw_uid}:{dev_pw.pw_gid}", str(aws), str(ws)],
                       check=True)  # fmt: skip
        install = subprocess.run(
            [str(VENV_BIN / "bastion"), "install", "--system", "claude-code",
             "--prefix", str(prefix), "--service-user", svc, "--group", group,
             "--developer", dev, "--managed-dir", str(prefix / "claude-managed")],
            capture_output=True, text=True, timeout=300, env=env,
        )  # fmt: skip
        assert install.returncode == 0, install.stdout + install.stderr
        state = prefix / "var" / "lib" / "bastion"
        with (state / "config.toml").open("a") as f:
            f.write(
                '\n[sandbox]\nenabled = true\nregistries = ["pypi.test"]\n'
                f'upstream_override = "{upstream.address}"\n'
            )
        managed = json.loads((prefix / "claude-managed" / "managed-settings.json").read_text())
        hook = shlex.split(managed["hooks"]["PreToolUse"][0]["hooks"][0]["command"])
        up = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "sh", str(ns),
             str(VENV_BIN / "bastion"), "up", "--system"],
            capture_output=True, text=True, timeout=120,
            env={**env, "BASTION_SYSTEM_CONFIG": str(config)},
        )  # fmt: skip
        assert up.returncode == 0, up.stdout + up.stderr
        yield World(prefix, ns, config, pwd.getpwnam(svc), dev_pw, other_pw, hook, ws, upstream)
    finally:
        subprocess.run([str(VENV_BIN / "bastion"), "down"], capture_output=True, timeout=60,
                       env={**env, "BASTION_SYSTEM_CONFIG": str(config)})  # fmt: skip
        upstream.stop()
        for user in (dev, other, svc):
            subprocess.run(["userdel", user], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(prefix, ignore_errors=True)


def _options(command: str) -> Path:
    """The options file a rewritten command reads (``3< PATH`` at its end)."""
    return Path(shlex.split(command)[-1])


def test_the_developer_runs_its_sandbox_as_itself(world: World) -> None:
    session = f"sys-{secrets.token_hex(4)}"
    probe = (
        "id -u; cat ~/.aws/credentials | wc -c; echo scratch > /tmp/note && cat /tmp/note; "
        "curl -s -o /dev/null -w '%{http_code}\\n' http://pypi.test/simple/; "
        "grep CapEff /proc/self/status"
    )
    out = world.pre_tool(session, probe)
    command = out["updatedInput"]["command"]
    done = world.run_as_dev(command)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.split()
    assert lines[0] == str(world.dev.pw_uid)  # its own uid, not the service user's
    assert lines[1] == "0"  # ~/.aws/credentials hidden: the developer's home was walked
    assert lines[2] == "scratch"  # the session's /tmp is writable
    assert lines[3] == "200"  # an allowed registry through the proxy's shared socket
    assert lines[4:] == ["CapEff:", "0000000000000000"]
    assert "FAKE" not in done.stdout + done.stderr


def test_the_developer_cannot_change_its_sandbox_and_others_cannot_open_it(
    world: World,
) -> None:
    session = f"sys-{secrets.token_hex(4)}"
    command = world.pre_tool(session, "true")["updatedInput"]["command"]
    options = _options(command)
    assert options.stat().st_uid == world.service.pw_uid
    egress = Path(f"/tmp/bastion-sandbox-{world.service.pw_uid}")
    session_tmp = next(p for p in egress.iterdir() if p.name.endswith(session))
    sock = session_tmp / ".bastion-egress" / "http.sock"
    assert sock.exists()
    as_dev = world.as_user(world.dev, ["sh", "-c", (
        f"cat {options} | tr '\\0' '\\n' | grep -c -- --ro-bind; "
        f"echo x >> {options} && echo WROTE-OPTIONS; "
        f"rm -f {options} && echo REMOVED-OPTIONS; "
        f"mv {session_tmp}/.bastion-egress {session_tmp}/moved && echo MOVED-EGRESS; "
        f"ls {session_tmp}/.bastion-egress && echo LISTED-EGRESS; "
        f"touch {session_tmp}/mine && echo TMP-WRITABLE"
    )])  # fmt: skip
    out = as_dev.stdout
    assert int(out.split()[0]) >= 1, as_dev.stdout + as_dev.stderr  # it can read them
    for forbidden in ("WROTE-OPTIONS", "REMOVED-OPTIONS", "MOVED-EGRESS", "LISTED-EGRESS"):
        assert forbidden not in out, as_dev.stdout + as_dev.stderr
    assert "TMP-WRITABLE" in out
    # Another user of the machine: no options, no temp dir, no socket.
    as_other = world.as_user(world.other, ["sh", "-c", (
        f"cat {options} >/dev/null && echo READ-OPTIONS; "
        f"ls {session_tmp} && echo LISTED-TMP; "
        f"socat -u OPEN:/dev/null UNIX-CONNECT:{sock} && echo CONNECTED"
    )])  # fmt: skip
    for forbidden in ("READ-OPTIONS", "LISTED-TMP", "CONNECTED"):
        assert forbidden not in as_other.stdout, as_other.stdout + as_other.stderr
    # The developer's sandboxed command still works after all that.
    done = world.run_as_dev(command)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_home_the_service_user_cannot_read_is_refused_not_run_unhidden(world: World) -> None:
    """The credentials to hide are found by walking the developer's home; if the service
    user cannot, the command is denied with the fix instead of running with nothing hidden."""
    home = Path(world.dev.pw_dir)
    home.chmod(0o700)
    try:
        done = world.as_user(
            world.dev,
            world.hook,
            input=json.dumps(pre_tool(f"sys-{secrets.token_hex(4)}", world.ws, "ls", 1)),
        )
    finally:
        home.chmod(0o755)
    reply = json.loads(done.stdout)
    output = reply.get("hookSpecificOutput") or {}
    assert output.get("permissionDecision") == "deny", reply
    assert "setfacl" in output.get("permissionDecisionReason", ""), reply


def test_the_developers_holder_gives_later_commands_the_sessions_namespaces(world: World) -> None:
    """The session's first command also starts the developer's holder (contain/holders);
    once the daemon has checked and registered it, commands join its namespaces: no socat,
    DNS served, still the developer's uid and no capabilities, the holder's door unseen."""
    from bastion.contain import launch

    session = f"sys-{secrets.token_hex(4)}"
    first = world.pre_tool(session, "true")["updatedInput"]["command"]
    assert "holder.py" in first and "--map-root-user" in first, first
    assert world.run_as_dev(first).returncode == 0
    probe = (
        "id -u; grep CapEff /proc/self/status; "
        "curl -s -o /dev/null -w '%{http_code}\\n' http://pypi.test/simple/; "
        "grep -c '0100007F:0035 00000000:0000 0A' /proc/net/tcp; "  # port 53 listening
        f"ls /tmp/bastion-sandbox-{world.service.pw_uid} >/dev/null 2>&1 && echo door-seen; true"
    )
    deadline = time.monotonic() + 20
    n = 2
    while True:
        command = world.pre_tool(session, probe, n)["updatedInput"]["command"]
        n += 1
        if shlex.split(command)[:3] == ["exec", launch.NSENTER, "--preserve-credentials"]:
            break
        if time.monotonic() > deadline:
            daemon_log = world.prefix / "var" / "lib" / "bastion" / "daemon.log"
            tail = daemon_log.read_text()[-3000:] if daemon_log.exists() else "(no log)"
            raise AssertionError(f"no holder registered: {first}\n{tail}")
        time.sleep(0.3)
    assert "socat" not in command and "holder.py" not in command
    done = world.run_as_dev(command)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.split()
    assert lines[0] == str(world.dev.pw_uid)
    assert lines[1:3] == ["CapEff:", "0000000000000000"]
    assert lines[3] == "200"  # the proxy, on the holder's sockets
    assert lines[4] == "1"  # DNS in system mode too
    assert "door-seen" not in lines
    # Another user cannot hand the daemon namespaces for this session.
    handles = next(
        p for p in Path(f"/tmp/bastion-sandbox-{world.service.pw_uid}").iterdir()
        if p.name == f"{session}.h"
    )  # fmt: skip
    other = world.as_user(world.other, ["sh", "-c", f"ls {handles} && echo LISTED"])
    assert "LISTED" not in other.stdout
