"""The command a remote-execution door runs on other machines (issue #13 §1).

``ssh host 'rm -rf /srv/data'``, ``ansible web -m shell -a 'dropdb shop'``, ``salt '*'
cmd.run '…'``, ``pdsh -w db[1-3] '…'`` and ``kubectl exec pod -- …`` hand a command to a
shell on another machine. What that command does there (a recursive delete, a database
dropped, a broker's vhost deleted) is a change of state on that machine, judged by the same
verb classes as a local admin CLI's (``state_change``). This module only finds the text:
which argument of which door is the command, as data, one row per door. Pure functions.
"""

from __future__ import annotations

__all__ = ["remote_commands"]

# Doors whose command follows the first positional (the host or pattern): their options
# that take a value, so the value is not taken for the host.
_AFTER_TARGET: dict[str, frozenset[str]] = {
    "ssh": frozenset("-b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w".split()),
    "autossh": frozenset("-M -b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w".split()),
}
# Doors whose hosts are an option's value (``pdsh -w web[1-4] CMD``): every positional is
# the command.
_HOSTS_BY_OPTION: dict[str, frozenset[str]] = {
    "pdsh": frozenset("-w -x -g -X -l -t -u -f -R -N".split()),
    "pssh": frozenset("-h -H -l -p -o -e -t -O -x -X".split()),
    "parallel-ssh": frozenset("-h -H -l -p -o -e -t -O -x -X".split()),
    "clush": frozenset("-w -x -g -X -l -t -u -f -R -o".split()),
}
# Doors whose command is an option's value (``ansible PATTERN -m shell -a CMD``).
_OPTION_COMMAND: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # program: (options naming the command, options whose value must be a shell module)
    "ansible": (frozenset({"-a", "--args"}), frozenset({"-m", "--module-name"})),
}
# Modules of a configuration manager that run their argument as a command.
_SHELL_MODULES = frozenset(
    "shell command raw ansible.builtin.shell ansible.builtin.command ansible.builtin.raw "
    "cmd.run cmd.shell cmd.script".split()
)
# Targets that are this machine: the local analysis already runs their command.
_LOCAL = frozenset({"localhost", "127.0.0.1", "local", "::1"})
# Doors whose command follows ``--`` (a container or pod on another host).
_AFTER_DASHES = frozenset({"kubectl", "oc"})


def remote_commands(program: str, args: list[str]) -> list[str]:
    """The command texts ``program args`` runs on other machines ([] when none)."""
    if program in _AFTER_TARGET:
        return _after_target(args, _AFTER_TARGET[program])
    if program in _HOSTS_BY_OPTION:
        return _after_options(args, _HOSTS_BY_OPTION[program])
    if program in _OPTION_COMMAND:
        return _option_command(args, *_OPTION_COMMAND[program])
    if program == "salt" or program == "salt-ssh":
        return _salt(args)
    if program in _AFTER_DASHES and args[:1] == ["exec"] and "--" in args:
        rest = args[args.index("--") + 1 :]
        return [" ".join(rest)] if rest else []
    return []


def _after_options(args: list[str], with_value: frozenset[str]) -> list[str]:
    k = 0
    while k < len(args) and args[k].startswith("-") and args[k] != "--":
        k += 2 if args[k] in with_value else 1
    rest = args[k + 1 :] if k < len(args) and args[k] == "--" else args[k:]
    return [" ".join(rest)] if rest else []


def _after_target(args: list[str], with_value: frozenset[str]) -> list[str]:
    k = 0
    while k < len(args):
        arg = args[k]
        if arg == "--":
            k += 1
            break
        if arg.startswith("-") and len(arg) > 1:
            k += 2 if arg in with_value else 1
            continue
        break
    if k >= len(args):
        return []
    target, rest = args[k], args[k + 1 :]
    if target.rpartition("@")[2] in _LOCAL or not rest:
        return []
    return [" ".join(rest)]


def _option_command(args: list[str], command: frozenset[str], module: frozenset[str]) -> list[str]:
    texts: list[str] = []
    chosen = "command"
    pattern = ""
    k = 0
    while k < len(args):
        arg = args[k]
        if arg.startswith("-") and k + 1 < len(args) and (arg in command or arg in module):
            if arg in command:
                texts.append(args[k + 1])
            else:
                chosen = args[k + 1]
            k += 2
            continue
        if not arg.startswith("-") and not pattern:
            pattern = arg
        elif arg.startswith("-") and k + 1 < len(args) and not args[k + 1].startswith("-"):
            k += 1  # an option's value (``-i inventory``) is not the pattern
        k += 1
    if chosen not in _SHELL_MODULES or pattern in _LOCAL:
        return []
    return texts


def _salt(args: list[str]) -> list[str]:
    for k, arg in enumerate(args):
        if arg in _SHELL_MODULES and k + 1 < len(args):
            return [" ".join(args[k + 1 :])]
    return []
