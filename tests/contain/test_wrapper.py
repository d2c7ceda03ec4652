"""``bastion-sandbox`` by hand: same sandbox, built from the current directory when the
daemon wrote no profile; never runs the command unsandboxed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

WRAPPER = Path(sys.prefix) / "bin" / "bastion-sandbox"


@pytest.fixture
def wrapper() -> Path:
    if not WRAPPER.exists():
        pytest.fail(f"{WRAPPER} missing: pip install -e . (pyproject's console scripts)")
    if shutil.which("bwrap") is None:
        message = "bubblewrap not installed: apt-get install bubblewrap"
        if os.environ.get("BASTION_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return WRAPPER


def test_runs_a_command_in_a_fresh_sandbox(wrapper: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    home = tmp_path / "h"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    done = subprocess.run(
        [str(wrapper), "--home", str(home), "--session", "by-hand", "--",
         "bash", "-c", "echo $BASTION_SANDBOX; touch /usr/nope || echo RO; echo ok > f"],
        cwd=ws, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["by-hand", "RO"]
    assert (ws / "f").read_text() == "ok\n"
    assert "network is off" in done.stderr  # no daemon, no proxy: said, not silent
    printed = subprocess.run(
        [str(wrapper), "--home", str(home), "--session", "by-hand", "--print", "--", "true"],
        cwd=ws, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "bwrap --args 3" in printed.stdout


def test_refuses_without_bubblewrap(wrapper: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BASTION_")}
    env["PATH"] = str(tmp_path)  # no bwrap on this PATH
    done = subprocess.run(
        [str(wrapper), "--home", str(tmp_path / "h"), "--session", "x", "--", "/bin/echo", "RAN"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 126 and "RAN" not in done.stdout
    assert "bubblewrap is not installed" in done.stderr
