"""What the daemon checks before it trusts a developer's holder (system mode), on real
namespaces made here by the same holder personal mode uses (``netns.make_user``)."""

from __future__ import annotations

import os

import pytest

from bastion.contain import holders, netns


@pytest.fixture
def made() -> netns.SessionNet:
    if not netns.user_supported():
        pytest.skip("no unshare or user namespaces here")
    try:
        net = netns.make_user()
    except OSError as exc:
        pytest.skip(f"this kernel refuses user namespaces: {exc}")
    assert net.user_fd is not None
    return net


def _fds(net: netns.SessionNet) -> list[int]:
    assert net.dns is not None and net.user_fd is not None
    return [net.http.fileno(), net.dns.fileno(), net.user_fd, net.fd]


def test_the_developers_own_namespaces_pass(made: netns.SessionNet) -> None:
    try:
        holders.verify(os.getuid(), os.getuid(), _fds(made))
    finally:
        made.close()


def test_anything_else_is_refused(made: netns.SessionNet) -> None:
    uid = os.getuid()
    fds = _fds(made)
    try:
        with pytest.raises(holders.HolderRefused, match="not the session's developer"):
            holders.verify(uid, uid + 1, fds)
        with pytest.raises(holders.HolderRefused, match="belongs to uid"):
            holders.verify(uid + 4242, uid + 4242, fds)  # someone else's user namespace
        with pytest.raises(holders.HolderRefused, match="bound to"):
            holders.verify(uid, uid, [fds[1], fds[0], fds[2], fds[3]])  # sockets swapped
        with pytest.raises(holders.HolderRefused, match="descriptors"):
            holders.verify(uid, uid, fds[:3])
        # the daemon's own network namespace is not the holder's user namespace's
        own = os.open("/proc/self/ns/net", os.O_RDONLY)
        try:
            with pytest.raises((holders.HolderRefused, OSError)):
                holders.verify(uid, uid, [fds[0], fds[1], fds[2], own])
        finally:
            os.close(own)
    finally:
        made.close()
