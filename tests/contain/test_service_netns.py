"""How the proxy service gives a session its network: made once, or per command when the
namespaces cannot be made (never silently without a network path)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bastion.contain import launch, netns
from bastion.contain.service import ProxyService


@pytest.fixture
def service() -> Iterator[ProxyService]:
    made = ProxyService(None, threading.Lock()).start()
    yield made
    made.stop()


def test_a_holder_that_cannot_start_falls_back_to_forwarders(
    service: ProxyService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(netns, "supported", lambda: False)
    monkeypatch.setattr(netns, "UNSHARE", str(tmp_path / "no-unshare"))
    service.use_netns = True
    egress = tmp_path / "s1" / launch.EGRESS_DIR
    assert service.ensure_session("s1", str(egress)) is None  # per command, with socat
    assert service.use_netns is False  # and not tried again for the next session
    assert (egress / launch.HTTP_SOCKET).exists() and (egress / launch.DNS_SOCKET).exists()


def test_a_session_gets_one_namespace_and_another_session_its_own(
    service: ProxyService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not netns.user_supported():
        pytest.skip("no unshare or user namespaces here")
    monkeypatch.setattr(netns, "supported", lambda: False)  # the holder, as when not root
    service.use_netns = True
    first = service.ensure_session("a", str(tmp_path / "a" / launch.EGRESS_DIR))
    if first is None:
        pytest.skip("this kernel refuses user namespaces")
    assert first.user is not None and first.user.startswith(f"/proc/{os.getpid()}/fd/")
    assert service.ensure_session("a", str(tmp_path / "a" / launch.EGRESS_DIR)) == first
    other = service.ensure_session("b", str(tmp_path / "b" / launch.EGRESS_DIR))
    assert other is not None and os.readlink(other.net) != os.readlink(first.net)
    # System mode: the developer cannot enter the service user's namespaces.
    assert service.ensure_session("c", str(tmp_path / "c" / launch.EGRESS_DIR), 4242) is None
    service.end_session("a")
    assert "a" not in service.nets
