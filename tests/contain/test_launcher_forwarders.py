"""The per-command path onto the network (no session namespace: socat forwarders started by
the launcher inside a fresh bubblewrap sandbox), run for real against the real egress proxy.

The launcher waits for the forwarders by reading socat's own "listening on" notices from a
pipe (contain/launch.LAUNCHER); these check what that must keep: the command starts only
once the proxy can be reached, the forwarders outlive the closed pipe (their later notices
must not kill them), and the command itself gets SIGPIPE back."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bastion.contain import hosts, launch
from bastion.contain import profile as profilemod
from bastion.contain.proxy import Decision, EgressProxy
from bastion.contain.settings import probe

AVAILABLE = probe()
pytestmark = pytest.mark.skipif(
    not AVAILABLE.ok or shutil.which("curl") is None,
    reason=f"needs bubblewrap, socat and curl: {AVAILABLE.reason}",
)


class _Judge:
    """A clean session's view; every decision kept."""

    def __init__(self) -> None:
        self.decisions: list[Decision] = []

    def view(self, session_id: str) -> hosts.SessionView:
        return hosts.SessionView(session_id)

    def record(self, decision: Decision) -> None:
        self.decisions.append(decision)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[launch.Profile, str, _Judge]]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    judge = _Judge()
    proxy = EgressProxy(judge)
    ws = tmp_path / "ws"
    ws.mkdir()
    home = str(tmp_path / "home")
    made = profilemod.build("fwd", str(ws), user_home=str(tmp_path), bastion_paths=[home])
    launch.ensure_private_dir(made.egress_dir)
    asyncio.run_coroutine_threadsafe(proxy.add_session("fwd", made.egress_dir), loop).result(10)
    launch.write_args(made, home)
    try:
        yield made, home, judge
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def _default_sigpipe() -> None:
    # Whatever the test runner's disposition, the command must get the one it was given.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def run(
    made: launch.Profile, home: str, inner: str, **env: str
) -> subprocess.CompletedProcess[str]:
    command = launch.command_for(made, home, inner, AVAILABLE.bwrap)
    assert "socat" in command and launch.NSENTER not in command  # the per-command path
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=60,
        cwd=made.workspace, env={"PATH": "/usr/bin:/bin", **env}, preexec_fn=_default_sigpipe,
    )  # fmt: skip


def test_the_first_request_reaches_the_proxy_and_later_ones_still_do(
    world: tuple[launch.Profile, str, _Judge],
) -> None:
    made, home, judge = world
    get = "curl -s -o /dev/null -w '%{http_code} ' --proxy http://127.0.0.1:3128"
    # At once: the forwarder listens before the command starts (no retry, no sleep). Then
    # three more: each accepted connection makes socat write a notice into the pipe the
    # launcher no longer reads; the forwarder must not die of it.
    inner = "; ".join(f"{get} http://host{i}.invalid/" for i in range(4))
    out = run(made, home, inner)
    codes = out.stdout.split()
    assert len(codes) == 4 and "000" not in codes, (out.stdout, out.stderr)
    assert {d.host for d in judge.decisions} >= {f"host{i}.invalid" for i in range(4)}


def test_the_command_gets_sigpipe_back(world: tuple[launch.Profile, str, _Judge]) -> None:
    made, home, _ = world
    # SigIgn is a hex mask; SIGPIPE is signal 13, bit 12.
    # grep's own status (awk would show its own SIGPIPE handling, not what it inherited).
    out = run(made, home, "grep SigIgn /proc/self/status")
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.split()[1], 16) & (1 << 12) == 0, out.stdout


def test_both_forwarders_are_waited_for_when_dns_is_served(
    world: tuple[launch.Profile, str, _Judge],
) -> None:
    made, home, _ = world
    # Two listeners: the command starts once both sockets listen (port 53 needs the
    # capability root keeps in the sandbox; elsewhere the launcher is told one).
    out = run(made, home, "cat /proc/net/tcp", BASTION_EGRESS_LISTENERS="2")
    listening = {line.split()[1] for line in out.stdout.splitlines()[1:]
                 if line.split()[3] == "0A"}  # fmt: skip
    if "0100007F:0035" not in listening:
        pytest.skip("port 53 cannot be bound in this sandbox (not root)")
    assert {"0100007F:0C38", "0100007F:0035"} <= listening, out.stdout


def test_a_forwarder_that_cannot_start_does_not_hang_the_command(
    world: tuple[launch.Profile, str, _Judge],
) -> None:
    made, home, _ = world
    # No socat on the PATH inside (a directory of the workspace, which the sandbox sees):
    # the pipe closes at once and the command still runs.
    bin_dir = Path(made.workspace) / "nosocat"
    bin_dir.mkdir()
    for tool in ("sh", "bash", "true", "cat"):
        found = shutil.which(tool)
        assert found
        (bin_dir / tool).symlink_to(found)
    command = launch.command_for(made, home, "echo ran", AVAILABLE.bwrap)
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30,
                         cwd=made.workspace, env={"PATH": str(bin_dir)})  # fmt: skip
    assert out.stdout.strip() == "ran", (out.stdout, out.stderr)
