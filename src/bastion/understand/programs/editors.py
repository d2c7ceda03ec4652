"""Programs that run shell commands from inside: vim/ex, gdb, tmux and screen."""

from __future__ import annotations

import re

from bastion.understand.programs.base import NO_OUTPUT, Invocation, Output, Sink, handles
from bastion.understand.programs.shells import run_script
from bastion.understand.shell_model import Execution

_SCRIPT_FILE_FLAGS = frozenset({"-S", "-u", "-l"})
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
        if text in {"-c", "--cmd", "-S", "-u", "-l"} and k + 1 < len(texts):
            if text in _SCRIPT_FILE_FLAGS:
                # -S sources a Vim script, -u replaces the init file, nvim -l runs a Lua
                # script: the file is code the editor runs.
                path = texts[k + 1]
                sink.read(path)
                if path not in {"NONE", "NORC", "DEFAULTS"}:
                    run_script(path, inv, sink, f"{inv.program} {text} {path}")
                if text == "-l":
                    break  # nvim -l: the rest are the script's arguments
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
        if "-X" in texts and "stuff" in texts:
            # screen -X stuff 'cmd\n' types cmd into the session's shell, like send-keys.
            at = texts.index("stuff")
            if at + 1 < len(texts):
                _send_keys([texts[at + 1].replace("\\n", " ").replace("\\r", " ")], sink)
            return NO_OUTPUT
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
    if texts and texts[0] in {"send-keys", "send"}:
        _send_keys(texts[1:], sink)
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


# Key names tmux send-keys turns into a keypress rather than typing their letters.
_ENTER_KEYS = frozenset({"Enter", "C-m", "KPEnter", "C-j"})
_SEND_KEYS_WITH_ARG = frozenset({"-t", "-N", "-c"})


def _send_keys(texts: list[str], sink: Sink) -> None:
    """``tmux send-keys -t pane 'cmd' Enter`` types ``cmd`` into the shell in that pane: the
    typed text is a command that shell runs, so it is analysed as one."""
    k = 0
    while k < len(texts) and texts[k].startswith("-") and texts[k] != "-":
        k += 2 if texts[k] in _SEND_KEYS_WITH_ARG else 1
    typed = " ".join(t for t in texts[k:] if t not in _ENTER_KEYS)
    if typed.strip():
        sink.execute(Execution("inline-shell", "tmux send-keys types a command into a shell"))
        sink.run_shell(typed, "tmux send-keys")
