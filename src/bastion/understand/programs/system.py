"""Programs that change the machine rather than files: raw disks, modes and capabilities, users,
firewalls, security modules, power, signals to processes, shell history, and Bastion itself.
"""

from __future__ import annotations

import re

from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import (
    NO_OUTPUT,
    PASS,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
    join_words,
    match_path,
    parse_options,
    word_paths,
)


@handles("dd")
def _dd(inv: Invocation, sink: Sink) -> Output:
    for word in inv.args:
        key, eq, value = word.text.partition("=")
        if not eq:
            continue
        if key == "if":
            sink.read(value)
        elif key == "of":
            sink.write(value)
            raw_disk_write(value, sink, "dd")
    return PASS


def raw_disk_write(path: str, sink: Sink, tool: str) -> None:
    if cat.BLOCK_DEVICE.fullmatch(path):
        add_change(sink, "destructive", "disk-wipe", path, f"{tool} writes the raw device {path}")


@handles("mkfs", "wipefs", "fdisk", "sfdisk", "parted", "sgdisk", "gdisk", "blkdiscard")
def _mkfs(inv: Invocation, sink: Sink) -> Output:
    devices = [w.text for w in inv.args if w.text.startswith("/dev/")]
    for device in devices or [""]:
        if inv.family in {"fdisk", "sfdisk", "parted", "gdisk", "sgdisk"} and (
            "-l" in inv.argv or "print" in inv.argv
        ):
            continue
        add_change(
            sink, "destructive", "disk-wipe", device, f"{inv.program} rewrites {device or 'a disk'}"
        )
    return NO_OUTPUT


_SETUID_SYMBOLIC = re.compile(r"[ugoa]*[+=][rwxXt]*s")


def mode_change(mode: str, targets: list[str], sink: Sink, tool: str) -> None:
    setuid = bool(_SETUID_SYMBOLIC.search(mode)) or bool(
        re.fullmatch(r"0*[2-7][0-7]{3}", mode) and int(mode, 8) & 0o6000
    )
    if setuid:
        for target in targets or [""]:
            add_change(
                sink, "privilege", "setuid", target, f"{tool} {mode} sets the setuid/setgid bit"
            )


def _is_system_path(path: str) -> bool:
    if path in {"/", "/*", "~", "~/", "$HOME", "${HOME}"}:
        return True
    if path.startswith(cat.SCRATCH_PREFIXES):
        return False
    return any(path == p or path.startswith(p + "/") for p in cat.SYSTEM_PREFIXES)


@handles("chmod", "chown", "chgrp", "chattr", "setfacl")
def _chmod(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"--reference", "-m", "-x"}))
    positionals = parsed.positionals
    # chmod treats "-x"/"+x" style modes as the mode word; rebuild it when it looked like a flag.
    if (
        inv.family == "chmod"
        and positionals
        and any(n in {"-r", "-w", "-x", "-s", "-t", "-X"} for n, _ in parsed.options)
    ):
        mode_flags = [n for n, _ in parsed.options if n in {"-r", "-w", "-x", "-s", "-t", "-X"}]
        mode, targets = "-" + "".join(m[1] for m in mode_flags), positionals
    elif inv.family in {"chmod", "chown", "chgrp", "chattr"} and positionals:
        mode, targets = positionals[0].text, positionals[1:]
    else:
        mode, targets = "", positionals
    paths = word_paths(targets)
    recursive = bool(parsed.flag_letters() & {"R"}) or parsed.has("--recursive")
    if inv.family == "chmod":
        mode_change(mode, paths, sink, "chmod")
    for path in paths:
        if _is_system_path(path) or (recursive and path in {"/", "~", "$HOME"}):
            add_change(
                sink,
                "privilege",
                "chmod-system",
                path,
                f"{inv.family} {mode} on system path {path}".replace("  ", " "),
            )
        if inv.family == "chattr" and "i" in mode:
            add_change(sink, "privilege", "chattr", path, f"chattr {mode} {path}")
    if inv.family in {"chmod", "chown", "chgrp"}:
        for path in paths:
            _tamper_by_path(path, sink, f"{inv.family} changes")
    return NO_OUTPUT


def _tamper_by_path(path: str, sink: Sink, verb: str) -> None:
    kind = match_path(path, cat.SELF_TAMPER_PATHS)
    if kind:
        add_change(sink, "self_tamper", kind, path, f"{verb} {path}")


@handles("setcap")
def _setcap(inv: Invocation, sink: Sink) -> Output:
    target = inv.argv[-1] if len(inv.argv) > 2 else ""
    add_change(sink, "privilege", "setcap", target, f"setcap {join_words(inv.args)}")
    return NO_OUTPUT


@handles(
    "useradd",
    "adduser",
    "usermod",
    "userdel",
    "passwd",
    "chpasswd",
    "groupadd",
    "gpasswd",
    "visudo",
    "vipw",
)
def _users(inv: Invocation, sink: Sink) -> Output:
    target = inv.argv[-1] if len(inv.argv) > 1 else ""
    kind = "sudoers" if inv.program == "visudo" else "user-admin"
    add_change(sink, "privilege", kind, target, f"{inv.program} {join_words(inv.args)}".strip())
    return NO_OUTPUT


@handles("iptables", "ip6tables", "nft", "ufw", "firewall-cmd", "pfctl")
def _firewall(inv: Invocation, sink: Sink) -> Output:
    listing = {"-L", "-S", "--list", "status", "list", "--list-all", "-s", "list-ruleset"}
    if not any(a in listing for a in inv.argv[1:]):
        add_change(
            sink,
            "privilege",
            "firewall-change",
            "",
            f"{inv.program} {join_words(inv.args)}".strip(),
        )
    return NO_OUTPUT


@handles("setenforce", "aa-disable", "aa-teardown", "csrutil", "spctl")
def _security_off(inv: Invocation, sink: Sink) -> Output:
    add_change(
        sink, "privilege", "security-disable", "", f"{inv.program} {join_words(inv.args)}".strip()
    )
    return NO_OUTPUT


@handles("shutdown", "reboot", "halt", "poweroff", "init", "telinit")
def _power(inv: Invocation, sink: Sink) -> Output:
    add_change(
        sink, "destructive", "system-power", "", f"{inv.program} {join_words(inv.args)}".strip()
    )
    return NO_OUTPUT


@handles("kill", "pkill", "killall", "skill", "xkill")
def _kill(inv: Invocation, sink: Sink) -> Output:
    raw = [w.text for w in inv.args]
    targets = [t for t in raw if not t.startswith("-")]
    listing = inv.program == "kill" and any(t in {"-l", "-L", "--list"} for t in raw)
    if listing:
        return NO_OUTPUT
    text = " ".join(raw).lower()
    if cat.GUARD_NAME in text:
        add_change(
            sink,
            "self_tamper",
            "kill-guard",
            cat.GUARD_NAME,
            f"{inv.program} {' '.join(raw)} stops the Bastion guard",
        )
    else:
        add_change(
            sink,
            "destructive",
            "kill-process",
            " ".join(targets),
            f"{inv.program} {' '.join(raw)}".strip(),
        )
    return NO_OUTPUT


@handles("history")
def _history(inv: Invocation, sink: Sink) -> Output:
    if any(a in {"-c", "-w", "-d"} for a in inv.argv[1:]):
        add_change(sink, "destructive", "history-clear", "", f"history {join_words(inv.args)}")
    return NO_OUTPUT


@handles("bastion", "bastion-hook")
def _bastion(inv: Invocation, sink: Sink) -> Output:
    words = [w for w in inv.argv[1:] if not w.startswith("-")]
    verb = words[0] if words else ""
    if verb in {"uninstall", "disable", "stop", "off", "pause", "remove", "kill", "allow-all"}:
        add_change(
            sink,
            "self_tamper",
            "guard-disable",
            "bastion",
            f"bastion {verb} switches the guard off",
        )
    return NO_OUTPUT
