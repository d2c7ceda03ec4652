"""The sandbox for a daemon that is not root (personal mode as an ordinary user), for real:
a throwaway user made here runs ``bastion up`` and its hooks. Each session's network is one
user+network namespace made once by a holder (``contain/netns.make_user``); commands join
it instead of starting socat forwarders. Every guarantee must hold as before: the user's
own uid and no capabilities inside, no network but the proxy (the host's loopback is not
reachable), DNS served inside without root, processes left behind gone with the command.
"""

from __future__ import annotations

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
from test_sandbox_system import _must, _private_ancestor

VENV_BIN = Path(sys.executable).parent


@dataclass
class Personal:
    ns: Path
    user: pwd.struct_passwd
    home: Path  # Bastion's home, the user's own
    ws: Path
    upstream: Upstream

    def run(self, argv: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BASTION_", "CLAUDE"))}
        env["HOME"] = self.user.pw_dir
        return subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "sh", str(self.ns),
             "setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}",
             "--init-groups", *argv],
            capture_output=True, text=True, timeout=120, env=env, **kw,
        )  # fmt: skip

    def wrapped(self, session: str, command: str, n: int = 1) -> str:
        done = self.run(
            [str(VENV_BIN / "bastion-hook"), "claude-code", "--home", str(self.home)],
            input=json.dumps(pre_tool(session, self.ws, command, n)),
        )
        assert done.returncode == 0, done.stdout + done.stderr
        output = json.loads(done.stdout).get("hookSpecificOutput") or {}
        assert "updatedInput" in output, done.stdout
        return str(output["updatedInput"]["command"])


@pytest.fixture(scope="module")
def personal() -> Iterator[Personal]:
    need_sandbox()
    _must(os.geteuid() == 0, "this test makes a throwaway user, which needs root (CI is root)")
    for tool in ("useradd", "unshare", "setpriv", "nsenter"):
        _must(shutil.which(tool) is not None, f"needs {tool}")
    name = f"bxu{secrets.token_hex(3)}"
    prefix = Path(tempfile.mkdtemp(prefix="bastion-sbusr-", dir="/tmp"))
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
    home_dir = prefix / "home"
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home_dir), name],
                   check=True, capture_output=True)  # fmt: skip
    user = pwd.getpwnam(name)
    world = Personal(ns, user, home_dir / "bastion-home", prefix / "ws", upstream)
    world.home.mkdir(mode=0o700)
    (world.home / "config.toml").write_text(
        'profile = "observe"\n[sandbox]\nenabled = true\nregistries = ["pypi.test"]\n'
        f'upstream_override = "{upstream.address}"\n'
    )
    world.ws.mkdir()
    (world.ws / "app.py").write_text("print('hello')\n")
    subprocess.run(["chown", "-R", f"{user.pw_uid}:{user.pw_gid}", str(home_dir), str(world.ws)],
                   check=True)  # fmt: skip
    try:
        up = world.run([str(VENV_BIN / "bastion"), "--home", str(world.home), "up"])
        assert up.returncode == 0, up.stdout + up.stderr
        yield world
    finally:
        world.run([str(VENV_BIN / "bastion"), "--home", str(world.home), "down"])
        upstream.stop()
        subprocess.run(["pkill", "-u", name], capture_output=True)
        subprocess.run(["userdel", name], capture_output=True)
        shutil.rmtree(prefix, ignore_errors=True)


def test_commands_join_the_sessions_namespaces_and_keep_every_guarantee(
    personal: Personal,
) -> None:
    session = f"usr-{secrets.token_hex(4)}"
    port = personal.upstream.address.rpartition(":")[2]
    probe = (
        "id -u; grep CapEff /proc/self/status; "
        "curl -s -o /dev/null -w '%{http_code}\\n' http://pypi.test/simple/; "
        # the host's loopback (where the upstream really listens) is not this network's
        f"curl -s --noproxy '*' -m 3 -o /dev/null -w '%{{http_code}}\\n' http://127.0.0.1:{port}/"
        " || echo no-route; "
        "(exec 4<>/dev/tcp/127.0.0.1/53 && echo dns-listens) 2>/dev/null || echo no-dns; "
        "nohup sleep 171 >/dev/null 2>&1 &"
    )
    command = personal.wrapped(session, probe)
    words = shlex.split(command)
    assert words[:3] == ["exec", "/usr/bin/nsenter", "--preserve-credentials"], command
    assert "socat" not in command  # no forwarder starts per command
    done = personal.run(["bash", "-c", command], cwd=personal.ws)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.split()
    assert lines[0] == str(personal.user.pw_uid)
    assert lines[1:3] == ["CapEff:", "0000000000000000"]
    assert lines[3] == "200"  # the proxy, inside the session's namespace
    assert lines[4] in ("000", "no-route")  # nothing but the proxy
    assert lines[-1] == "dns-listens"  # port 53 bound by the holder, no root needed
    # The kernel tears the PID namespace down once its init exits; wait for it (bounded).
    deadline = time.monotonic() + 10
    while True:
        left = subprocess.run(["pgrep", "-u", personal.user.pw_name, "-f", "sleep 171"],
                              capture_output=True, text=True)  # fmt: skip
        if not left.stdout.strip() or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert left.stdout.strip() == "", "a process left behind outlived its sandbox"
    # A second command of the session joins the same namespace (made once).
    again = personal.wrapped(session, "true", n=2)
    assert shlex.split(again)[3] == words[3]  # the same --user=/proc/<daemon>/fd/<n>
    assert personal.run(["bash", "-c", again], cwd=personal.ws).returncode == 0
