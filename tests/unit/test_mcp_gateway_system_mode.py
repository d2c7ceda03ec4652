"""The MCP gateway in system mode is refused, with a typed error that says why and what to
do (gateway/build.py, docs/mcp.md#system-mode); root and the service user are not refused.

A system install is described by ``/etc/bastion/system.json``; here by a file named in
``BASTION_SYSTEM_CONFIG`` (as the system-mode tests do), for a service user that is not us.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bastion.cli import install_mcp
from bastion.daemon.system_mode import CONFIG_ENV
from bastion.gateway.build import SystemModeUnsupported, system_mode_refusal

SERVER = Path(__file__).parent / "mcp_servers" / "demo_server.py"
BASTION = Path(sys.executable).parent / "bastion"


def _system(tmp: Path, uid: int) -> Path:
    path = tmp / "system.json"
    path.write_text(json.dumps({
        "state_dir": str(tmp / "state"), "socket": str(tmp / "run" / "daemon.sock"),
        "user": "bastion", "uid": uid, "group": "bastion-users", "shim": "/nonexistent",
        "managed_settings": "/nonexistent",
    }))  # fmt: skip
    return path


OTHER_UID = os.geteuid() + 4242


def test_no_system_install_no_refusal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "absent.json"))
    assert system_mode_refusal() is None


def test_a_system_install_refuses_a_developer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(_system(tmp_path, OTHER_UID)))
    _as_developer(monkeypatch)
    why = system_mode_refusal()
    assert why is not None and "system mode" in why and "docs/mcp.md#system-mode" in why


def test_the_service_user_itself_is_not_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(_system(tmp_path, os.geteuid())))
    assert system_mode_refusal() is None


def test_a_pinned_daemon_of_another_user_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "absent.json"))
    _as_developer(monkeypatch)
    assert isinstance(system_mode_refusal(daemon_uid=OTHER_UID), str)
    assert system_mode_refusal(daemon_uid=os.geteuid()) is None


def _as_developer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Root is never refused: play an ordinary user by making root's uid the other one."""
    if os.geteuid() == 0:
        monkeypatch.setattr(os, "geteuid", lambda: OTHER_UID + 1)


def test_install_mcp_is_refused_with_the_typed_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(_system(tmp_path, OTHER_UID)))
    _as_developer(monkeypatch)
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / ".mcp.json").write_text(json.dumps({"mcpServers": {"x": {"command": "y"}}}))
    with pytest.raises(SystemModeUnsupported, match="system mode"):
        install_mcp.install("claude-code", tmp_path / "p", tmp_path, tmp_path / "h")
    assert "bastion" not in (tmp_path / "p" / ".mcp.json").read_text()  # nothing routed


def test_mcp_proxy_exits_with_the_reason_before_starting_the_server() -> None:
    """The real command, as an ordinary user (root runs it as ``nobody`` through setpriv,
    in a directory anyone may read: pytest's own is root's alone)."""
    tmp_path = Path(tempfile.mkdtemp(prefix="gw-system-"))
    tmp_path.chmod(0o777)
    env = {**os.environ, CONFIG_ENV: str(_system(tmp_path, OTHER_UID)), "HOME": str(tmp_path)}
    marker = tmp_path / "started"
    as_user: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root here, and no setpriv to run the gateway as an ordinary user")
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    argv = [*as_user, str(BASTION), "mcp-proxy", "--home", str(tmp_path / "h"), "--",
            sys.executable, "-c", f"open({str(marker)!r}, 'w')"]  # fmt: skip
    try:
        out = subprocess.run(argv, env=env, capture_output=True, timeout=60, input=b"", check=False)
        assert out.returncode == 2
        assert b"system mode" in out.stderr and not marker.exists()
    finally:
        shutil.rmtree(tmp_path, ignore_errors=True)
