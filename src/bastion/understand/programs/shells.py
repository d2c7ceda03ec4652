"""Shells and the builtins that run code: sh -c, scripts, source, eval, su -c and watch; the
helpers that follow inline code, stdin scripts and script files for every interpreter.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
    parse_options,
    quote,
)
from bastion.understand.shell_model import Execution, Word


def run_script(path: str, inv: Invocation, sink: Sink, label: str) -> None:
    if sink.downloaded(path):
        sink.execute(Execution("downloaded", f"runs {path}, which this command downloaded"))
    else:
        sink.execute(Execution("script", label))


def stdin_script(inv: Invocation, sink: Sink, kind: str, run: Callable[[str], None]) -> None:
    """An interpreter reading its program from stdin."""
    stdin = inv.stdin
    language = kind.removeprefix("inline-")
    if stdin.download:
        sink.execute(Execution("downloaded", f"pipes downloaded code into {inv.program}"))
        sink.opaque(f"{inv.program} runs downloaded code")
    elif stdin.decoded:
        sink.execute(Execution(kind, "decodes and executes data"))
        sink.opaque(f"{inv.program} runs decoded data")
    elif stdin.text is not None:
        sink.execute(Execution(kind, f"{language} script on stdin"))
        if stdin.dynamic:
            sink.opaque(f"{language} script on stdin has parts computed at run time")
        run(stdin.text)
    elif stdin.piped or stdin.redirected:
        sink.execute(Execution(kind, f"{language} script read from stdin"))
        if stdin.piped:
            sink.opaque(f"{inv.program} runs code produced by another command")


def code_word(
    word: Word, inv: Invocation, sink: Sink, kind: str, run: Callable[[str], None], flag: str
) -> None:
    if word.origin == "download":
        sink.execute(Execution("downloaded", f"{inv.program} {flag} runs downloaded code"))
        sink.opaque(f"{inv.program} runs downloaded code")
        return
    if word.origin == "decode":
        sink.execute(Execution(kind, "decodes and executes data"))
        sink.opaque(f"{inv.program} runs decoded data")
        return
    sink.execute(Execution(kind, f"{inv.program} {flag} {word.text[:120]}"))
    run(word.text)


@handles(*cat.SHELLS)
def _shell(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    k = 0
    command: Word | None = None
    read_stdin = False
    while k < len(args):
        text = args[k].text
        if text == "--":
            k += 1
            break
        if text in cat.INTERPRETER_OPTS_WITH_ARG["shell"]:
            k += 2
            continue
        if text.startswith(("-", "+")) and len(text) > 1 and not args[k].dynamic:
            letters = text[1:]
            if "c" in letters and not text.startswith("--"):
                command = args[k + 1] if k + 1 < len(args) else None
                positional = [w.text for w in args[k + 3 :]]  # after the script and $0
                if command is not None and positional and not command.dynamic:
                    command = Word(
                        _bind_positional(command.text, positional), origin=command.origin
                    )
                k = len(args)
                break
            if "s" in letters:
                read_stdin = True
            k += 1
            continue
        break
    if command is not None and inv.program in _NON_POSIX and not command.dynamic:
        command = Word(to_posix(inv.program, command.text), origin=command.origin)
    if command is not None:
        code_word(
            command,
            inv,
            sink,
            "inline-shell",
            lambda s: sink.run_shell(s, f"{inv.program} -c"),
            "-c",
        )
        return NO_OUTPUT
    rest = args[k:]
    if rest and not read_stdin:
        script = rest[0]
        if script.origin == "download":
            sink.execute(Execution("downloaded", f"{inv.program} runs a downloaded script"))
            sink.opaque(f"{inv.program} runs downloaded code")
        elif script.origin == "decode":
            sink.execute(Execution("inline-shell", "decodes and executes data"))
            sink.opaque(f"{inv.program} runs decoded data")
        else:
            sink.read(script.text)
            run_script(script.text, inv, sink, f"{inv.program} {script.text}")
        return NO_OUTPUT
    stdin_script(inv, sink, "inline-shell", lambda s: sink.run_shell(s, f"{inv.program} stdin"))
    return NO_OUTPUT


# Shells whose syntax differs from POSIX where it matters here: how they run what a pipe
# hands them, substitute a command's output, fetch a URL, read and save a file.
_NON_POSIX = frozenset({"fish", "nu", "xonsh", "elvish", "tcsh", "csh"})
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\|\s*source\b(?!\s+[^\s|;&])"), "| sh"),  # fish: ... | source
    (re.compile(r"(?<![\w$])\((?=\s*(?:curl|wget|cat|http)\b)"), "$("),  # fish: (cmd)
    (re.compile(r"!\[(.*?)\]|\$\[(.*?)\]"), r"\1\2"),  # xonsh: ![cmd], $[cmd]
    (re.compile(r"\bhttp\s+get\s+"), "curl -s "),  # nushell
    (re.compile(r"\bhttp\s+post\s+(\S+)"), r"curl --data-binary @- \1"),
    (re.compile(r"\bopen\s+(?=[~/.$])"), "cat "),
    (re.compile(r"\|\s*save\s+(?:-f\s+|--force\s+)?(\S+)"), r"> \1"),
    # nushell: a pipeline that starts with a value, its decoders, and ``$in`` (the input).
    (re.compile(r"""^(\s*)("[^"]*"|'[^']*')\s*\|"""), r"\1echo \2 |"),
    (re.compile(r"\|\s*decode\s+(?:base64|b64)\b(?:\s+--binary)?"), "| base64 -d"),
    (re.compile(r"\|\s*decode(?:\s+utf-?8)?(?=\s*(?:\||$))"), "| cat"),
    (re.compile(r"\s-c\s+\$in\b"), ""),
)


def to_posix(program: str, code: str) -> str:
    """The POSIX spelling of a non-POSIX shell's ``-c`` code, for the parts that decide
    what it reaches: ``| source`` runs stdin, ``(cmd)`` and ``![cmd]`` substitute or run,
    nushell's ``http get/post``, ``open`` and ``save`` fetch, send, read and write."""
    out = code[:8192]
    for pattern, replacement in _REWRITES:
        out = pattern.sub(replacement, out)
    return out


_POSITIONAL = re.compile(r'"?\$(?:\{([1-9@*])\}|([1-9@*]))"?')


def _bind_positional(script: str, values: list[str]) -> str:
    """``sh -c 'cmd "$1"' _ a b``: the script's ``$1``/``$@`` are the words after ``$0``
    (find -exec and xargs hand files this way), substituted quoted."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name in "@*":
            return " ".join(quote(v) for v in values)
        index = int(name) - 1
        return quote(values[index]) if index < len(values) else "''"

    return _POSITIONAL.sub(value, script[:4096])


@handles("source", ".")
def _source(inv: Invocation, sink: Sink) -> Output:
    if not inv.args:
        return NO_OUTPUT
    script = inv.args[0]
    if script.text in {"/dev/stdin", "/proc/self/fd/0", "/dev/fd/0"}:
        stdin_script(inv, sink, "inline-shell", lambda s: sink.run_shell(s, "source stdin"))
    elif script.origin == "download":
        sink.execute(Execution("downloaded", f"{inv.program} runs downloaded code"))
        sink.opaque(f"{inv.program} runs downloaded code")
    elif script.origin == "decode":
        sink.execute(Execution("inline-shell", "decodes and executes data"))
        sink.opaque(f"{inv.program} runs decoded data")
    else:
        sink.read(script.text)
        run_script(script.text, inv, sink, f"{inv.program} {script.text}")
    return NO_OUTPUT


@handles("eval")
def _eval(inv: Invocation, sink: Sink) -> Output:
    if not inv.args:
        return NO_OUTPUT
    origins = {w.origin for w in inv.args}
    joined = Word(
        " ".join(w.text for w in inv.args),
        any(w.dynamic for w in inv.args),
        any(w.substituted for w in inv.args),
        "download" if "download" in origins else "decode" if "decode" in origins else "",
    )
    code_word(joined, inv, sink, "inline-shell", lambda s: sink.run_shell(s, "eval"), "")
    return NO_OUTPUT


@handles("su")
def _su(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-c", "--command", "-s", "--shell", "-g", "-G"}))
    user = next((w.text for w in parsed.positionals if w.text != "-"), "root")
    add_change(sink, "privilege", "sudo", user, f"su switches to user {user}")
    for command in parsed.values("-c", "--command"):
        code_word(command, inv, sink, "inline-shell", lambda s: sink.run_shell(s, "su -c"), "-c")
    return NO_OUTPUT


@handles("watch")
def _watch(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset({"-n", "--interval", "-d", "-q", "--equexit", "--chgexit"}),
        stop_at_positional=True,
    )
    words = parsed.positionals
    if not words:
        return NO_OUTPUT
    if parsed.has("-x", "--exec"):
        sink.run_words(words, "watch")
    else:
        sink.run_shell(" ".join(w.text for w in words), "watch")
    return NO_OUTPUT


@handles("alias")
def _alias(inv: Invocation, sink: Sink) -> Output:
    """``alias name='body'``: the body runs wherever ``name`` is typed later, in this command
    or (with ``expand_aliases`` or an rc file) any later one; judged as run, like a function
    that is defined but not called."""
    for word in inv.args:
        name, eq, body = word.text.partition("=")
        if eq and name and not name.startswith("-") and body.strip():
            sink.run_shell(body, f"alias {name}")
    return NO_OUTPUT


@handles("trap")
def _trap(inv: Invocation, sink: Sink) -> Output:
    """``trap 'cmd' EXIT INT``: the shell runs ``cmd`` when the signal comes or the shell
    exits, so it runs as surely as the next line; judged as run (``trap -p``/``-l`` list,
    ``trap - SIG`` and ``trap '' SIG`` reset or ignore)."""
    args = [w for w in inv.args if w.text != "--"]
    if len(args) < 2 or args[0].text.startswith("-"):
        return NO_OUTPUT
    action = args[0]
    if action.text.strip():
        code_word(action, inv, sink, "inline-shell", lambda s: sink.run_shell(s, "trap"), "")
    return NO_OUTPUT


@handles("hash")
def _hash(inv: Invocation, sink: Sink) -> Output:
    """``hash -p /tmp/x git``: every later ``git`` in this shell runs ``/tmp/x``; the file is
    judged as a program this command runs."""
    texts = inv.argv[1:]
    for k, text in enumerate(texts[:-1]):
        if text == "-p" or (text.startswith("-") and text.endswith("p") and "-" not in text[1:]):
            path = texts[k + 1]
            run_script(path, inv, sink, f"hash -p {path} (runs in place of a program)")
            break
    return NO_OUTPUT


@handles("enable")
def _enable(inv: Invocation, sink: Sink) -> Output:
    """``enable -f lib.so name`` loads a shared object into bash as a builtin: its code runs in
    the shell itself."""
    texts = inv.argv[1:]
    for k, text in enumerate(texts[:-1]):
        if text == "-f":
            path = texts[k + 1]
            run_script(path, inv, sink, f"enable -f loads {path} into the shell")
            if not sink.downloaded(path):
                sink.opaque(f"enable -f loads compiled code from {path} into the shell")
            break
    return NO_OUTPUT
