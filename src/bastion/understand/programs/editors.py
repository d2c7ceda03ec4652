"""Programs that run shell commands from inside: vim/ex, gdb, tmux and screen."""

from __future__ import annotations

import re

from bastion.understand.programs.base import NO_OUTPUT, Invocation, Output, Sink, handles
from bastion.understand.shell_model import Execution

_EX_SHELL = re.compile(r"^\s*:?\s*(?:sil(?:ent)?!?\s*)?(?:!|r(?:ead)?\s*!|w(?:rite)?\s*!)(.+)$")
_EX_SYSTEM = re.compile(r"\bsystem(?:list)?\(\s*['\"]([^'\"]+)['\"]")


@handles("vim", "vi", "nvim", "ex", "view", "vimdiff", "gvim", "rvim")
def _vim(inv: Invocation, sink: Sink) -> Output:
    """Editors run Ex commands given with ``-c``/``--cmd``/``+cmd``; ``:!cmd``, ``:r !cmd``
    and ``system('cmd')`` hand ``cmd`` to the shell. The files named are read."""
    texts = inv.argv[1:]
    commands: list[str] = []
    k = 0
    while k < len(texts):
        text = texts[k]
        if text in {"-c", "--cmd", "-S"} and k + 1 < len(texts):
            if text == "-S":
                sink.read(texts[k + 1])
            else:
                commands.append(texts[k + 1])
            k += 2
            continue
        if text.startswith("+") and len(text) > 1:
            commands.append(text[1:])
        elif not text.startswith("-"):
            sink.read(text)
        k += 1
    for command in commands:
        for part in command.split("|") if "!" not in command else [command]:
            match = _EX_SHELL.match(part)
            found = match.group(1).strip() if match else ""
            system = _EX_SYSTEM.search(part)
            if system:
                found = system.group(1)
            if found:
                sink.execute(Execution("inline-shell", f"{inv.program} runs a shell command"))
                sink.run_shell(found, f"{inv.program} -c")
    return NO_OUTPUT


_GDB_SHELL = re.compile(r"^\s*(?:shell|!)\s*(.+)$")


@handles("gdb")
def _gdb(inv: Invocation, sink: Sink) -> Output:
    """``gdb -ex 'shell cmd'`` (or ``!cmd``) runs cmd through the shell."""
    texts = inv.argv[1:]
    for k, text in enumerate(texts[:-1]):
        if text in {"-ex", "--ex", "-eval-command", "--eval-command", "-iex"}:
            match = _GDB_SHELL.match(texts[k + 1])
            if match:
                sink.execute(Execution("inline-shell", "gdb shell command"))
                sink.run_shell(match.group(1), "gdb shell")
    return NO_OUTPUT


_TMUX_COMMANDS = frozenset(
    {
        "new",
        "new-session",
        "new-window",
        "neww",
        "split-window",
        "splitw",
        "run-shell",
        "run",
        "respawn-pane",
        "respawn-window",
    }
)


@handles("tmux", "screen", "byobu")
def _multiplexer(inv: Invocation, sink: Sink) -> Output:
    """Terminal multiplexers start a shell command in a (detached) session: ``tmux new -d
    'cmd'``, ``tmux run-shell 'cmd'``, ``screen -dm cmd args``. The command is analysed."""
    texts = inv.argv[1:]
    if inv.program == "screen":
        k = 0
        while k < len(texts) and texts[k].startswith("-"):
            text = texts[k]
            takes = text in {"-S", "-c", "-t", "-Logfile", "-p", "-X"} or (
                len(text) > 2 and text[1] != "-" and text[-1] in "SctpX"  # -dmS name
            )
            k += 2 if takes else 1
        if k < len(texts):
            sink.execute(Execution("inline-shell", "screen runs a command in a session"))
            sink.run_words(inv.args[k:], "screen")
        return NO_OUTPUT
    if not texts or texts[0] not in _TMUX_COMMANDS:
        return NO_OUTPUT
    with_arg = {"-s", "-n", "-t", "-c", "-x", "-y", "-F", "-e", "-l", "-p"}
    k = 1
    while k < len(texts) and texts[k].startswith("-"):
        k += 2 if texts[k] in with_arg else 1
    if k < len(texts):
        sink.execute(Execution("inline-shell", f"tmux {texts[0]} runs a command"))
        sink.run_shell(" ".join(texts[k:]), f"tmux {texts[0]}")
    return NO_OUTPUT
