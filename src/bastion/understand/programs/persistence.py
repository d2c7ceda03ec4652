"""Programs that make something run later: cron, at, systemd, service, launchd and init scripts."""

from __future__ import annotations

from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
    join_words,
    parse_options,
)


@handles("crontab")
def _crontab(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-u"}))
    if parsed.has("-l"):
        return NO_OUTPUT
    if parsed.has("-r"):
        add_change(sink, "destructive", "cron", "crontab", "crontab -r removes all cron jobs")
        return NO_OUTPUT
    source = parsed.positionals[0].text if parsed.positionals else "-"
    if source != "-":
        sink.read(source)
    add_change(
        sink,
        "persistence",
        "cron",
        "crontab",
        f"crontab {join_words(inv.args)} installs cron jobs".replace("  ", " "),
    )
    return NO_OUTPUT


@handles("at", "batch")
def _at(inv: Invocation, sink: Sink) -> Output:
    if any(a in {"-l", "-r", "-d"} for a in inv.argv[1:]) or inv.program == "atq":
        return NO_OUTPUT
    add_change(sink, "persistence", "cron", "at", f"{inv.program} schedules a job")
    if inv.stdin.text is not None:
        sink.run_shell(inv.stdin.text, "at job")
    return NO_OUTPUT


@handles("systemctl")
def _systemctl(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-H", "--host", "-M", "-t", "--type", "-p"}))
    words = [w.text for w in parsed.positionals]
    if not words:
        return NO_OUTPUT
    verb, units = words[0], words[1:]
    target = " ".join(units)
    if cat.GUARD_NAME in target.lower() and verb in {"stop", "disable", "mask", "kill"}:
        add_change(sink, "self_tamper", "kill-guard", target, f"systemctl {verb} {target}")
    elif verb in {"enable", "link", "preset", "reenable", "add-wants", "edit"}:
        add_change(sink, "persistence", "systemd-unit", target, f"systemctl {verb} {target}")
    elif verb in {"stop", "disable", "mask", "kill"}:
        add_change(sink, "destructive", "service-stop", target, f"systemctl {verb} {target}")
    elif verb in {"poweroff", "reboot", "halt", "suspend", "hibernate", "rescue", "emergency"}:
        add_change(sink, "destructive", "system-power", "", f"systemctl {verb}")
    return NO_OUTPUT


@handles("service")
def _service(inv: Invocation, sink: Sink) -> Output:
    words = inv.argv[1:]
    if len(words) >= 2:
        name, verb = words[0], words[1]
        if cat.GUARD_NAME in name.lower() and verb == "stop":
            add_change(sink, "self_tamper", "kill-guard", name, f"service {name} stop")
        elif verb == "stop":
            add_change(sink, "destructive", "service-stop", name, f"service {name} stop")
    return NO_OUTPUT


@handles("launchctl")
def _launchctl(inv: Invocation, sink: Sink) -> Output:
    words = inv.argv[1:]
    verb = words[0] if words else ""
    target = " ".join(words[1:])
    if cat.GUARD_NAME in target.lower() and verb in {
        "unload",
        "bootout",
        "remove",
        "stop",
        "disable",
        "kill",
    }:
        add_change(sink, "self_tamper", "kill-guard", target, f"launchctl {verb} {target}")
    elif verb in {"load", "bootstrap", "enable", "submit"}:
        add_change(sink, "persistence", "launch-agent", target, f"launchctl {verb} {target}")
    return NO_OUTPUT


@handles("update-rc.d", "chkconfig", "rc-update")
def _initscripts(inv: Invocation, sink: Sink) -> Output:
    add_change(sink, "persistence", "init-script", " ".join(inv.argv[1:2]), " ".join(inv.argv))
    return NO_OUTPUT
