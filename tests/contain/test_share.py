"""ACL entries for the developer in system mode (contain/share), on the real file system."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bastion.contain import share


def _acl_or_skip(path: Path) -> None:
    try:
        share.grant(str(path), 4242, "r")
    except share.ShareError as exc:  # a file system without ACLs: nothing to test here
        pytest.skip(str(exc))


def test_grant_adds_a_named_user_and_keeps_the_others(tmp_path: Path) -> None:
    f = tmp_path / "options"
    f.write_bytes(b"--ro-bind\0/\0/\0")
    f.chmod(0o600)
    _acl_or_skip(f)
    share.grant(str(f), 4343, "rw")
    share.grant(str(f), 4242, "r")  # again: replaced, not duplicated
    assert share.allowed(str(f), 4242) == "r"
    assert share.allowed(str(f), 4343) == "rw"
    assert share.allowed(str(f), 4444) == ""
    assert f.stat().st_mode & 0o007 == 0  # others still nothing
    listing = subprocess.run(["getfacl", "-n", str(f)], capture_output=True, text=True)
    if listing.returncode == 0:  # the acl package's own reading agrees
        assert "user:4242:r--" in listing.stdout and "user:4343:rw-" in listing.stdout
        assert "mask::rw-" in listing.stdout


def test_grant_refuses_a_link_or_a_file_not_ours(tmp_path: Path) -> None:
    target = tmp_path / "t"
    target.write_text("x")
    link = tmp_path / "l"
    link.symlink_to(target)
    with pytest.raises(share.ShareError, match="not this user's own"):
        share.grant(str(link), 4242, "r")
    if os.geteuid() == 0:
        os.chown(target, 4242, 4242)
        with pytest.raises(share.ShareError, match="not this user's own"):
            share.grant(str(target), 4343, "r")
