"""Give one other user exactly the access a sandboxed command needs to a daemon-owned path.

System mode (docs/deployment.md): the daemon runs as a service user, the command runs as
the developer. The developer's process must open a few of the daemon's files (the options
file, the in-sandbox resolver file, the session's temp directory, the egress sockets) and
nothing more: it must not be able to rewrite its own sandbox's options or the proxy's
sockets. Ownership stays with the service user; a POSIX ACL entry names the developer's
uid with read (and search), or read-write where the command must write. Only the owner can
change an ACL, so the developer cannot widen it.

Written as the ``system.posix_acl_access`` extended attribute directly (its layout is the
kernel's, ``include/uapi/linux/posix_acl_xattr.h``): the only library binding (pylibacl)
needs a C build against libacl, and ``setfacl`` would be a process per file.
"""

from __future__ import annotations

import os
import stat
import struct

from bastion.errors import BastionError

_XATTR = "system.posix_acl_access"
_VERSION = 2
_USER_OBJ, _USER, _GROUP_OBJ, _GROUP, _MASK, _OTHER = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
_UNDEFINED = 0xFFFFFFFF
_PERMS = {"r": 4, "w": 2, "x": 1}


class ShareError(BastionError):
    """A sandbox file could not be shared with the developer who runs the command."""


def _bits(perms: str) -> int:
    return sum(_PERMS[c] for c in perms if c in _PERMS)


def _entries(path: str) -> list[tuple[int, int, int]]:
    """The path's ACL as (tag, perm, id) entries: its extended ACL, or its mode bits."""
    try:
        blob = os.getxattr(path, _XATTR, follow_symlinks=False)
    except OSError:
        blob = b""
    if len(blob) >= 4 and struct.unpack_from("<I", blob)[0] == _VERSION:
        return [struct.unpack_from("<HHI", blob, 4 + 8 * i) for i in range((len(blob) - 4) // 8)]
    mode = os.lstat(path).st_mode
    return [
        (_USER_OBJ, (mode >> 6) & 7, _UNDEFINED),
        (_GROUP_OBJ, (mode >> 3) & 7, _UNDEFINED),
        (_OTHER, mode & 7, _UNDEFINED),
    ]


def grant(path: str, uid: int, perms: str) -> None:
    """Let ``uid`` have ``perms`` ("r", "rx", "rw", "rwx", "x") on ``path``, owned by us.

    Other named users keep their entries; the mask is widened to cover them. Raises
    ShareError naming the fix when the file system refuses ACLs."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.geteuid():
        raise ShareError(f"{path} is not this user's own file; remove it and retry")
    if uid == st.st_uid:
        return  # the owner already has the owner's bits
    entries = [e for e in _entries(path) if e[0] != _MASK and not (e[0] == _USER and e[2] == uid)]
    entries.append((_USER, _bits(perms), uid))
    mask = 0
    for tag, perm, _id in entries:
        if tag in (_USER, _GROUP_OBJ, _GROUP):
            mask |= perm
    entries.append((_MASK, mask, _UNDEFINED))
    entries.sort(key=lambda e: (e[0], e[2]))
    blob = struct.pack("<I", _VERSION) + b"".join(struct.pack("<HHI", *e) for e in entries)
    try:
        os.setxattr(path, _XATTR, blob, follow_symlinks=False)
    except OSError as exc:
        raise ShareError(
            f"cannot give uid {uid} access to {path} ({exc.strerror}); the sandbox in system "
            "mode needs POSIX ACLs where the session directories live (tmpfs and ext4 have "
            "them; mount with 'acl', or set TMPDIR for the daemon to such a file system)"
        ) from exc


def allowed(path: str, uid: int) -> str:
    """The perms a named-user entry gives ``uid`` ("" when none): for tests and status."""
    for tag, perm, ident in _entries(path):
        if tag == _USER and ident == uid:
            return "".join(c for c, b in _PERMS.items() if perm & b)
    return ""
