"""Language interpreters: python (-c, -m, stdin, scripts), node/deno, perl, ruby, php and lua."""

from __future__ import annotations

import re

from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import (
    NO_OUTPUT,
    PASS,
    Invocation,
    Output,
    Sink,
    handles,
    join_words,
    net_dest,
)
from bastion.understand.programs.packages import pip_like
from bastion.understand.programs.shells import code_word, run_script, stdin_script
from bastion.understand.shell_model import Execution, NetworkDestination, Word
from bastion.understand.shell_netloc import (
    clean_host,
    has_scheme,
    parse_url,
    to_port,
)


@handles("python")
def _python(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    with_arg = cat.INTERPRETER_OPTS_WITH_ARG["python"]
    k = 0
    while k < len(args):
        text = args[k].text
        if text in with_arg:
            k += 2
            continue
        if text == "-c" or (
            text.startswith("-")
            and not text.startswith("--")
            and text.endswith("c")
            and len(text) <= 4
            and text[1:].isalpha()
        ):
            if k + 1 < len(args):
                code_word(
                    args[k + 1],
                    inv,
                    sink,
                    "inline-python",
                    lambda s: sink.run_python(s, "python -c"),
                    "-c",
                )
                return decoding_output(args[k + 1].text)
            return NO_OUTPUT
        if text.startswith("-c") and len(text) > 2:
            code_word(
                Word(text[2:], args[k].dynamic),
                inv,
                sink,
                "inline-python",
                lambda s: sink.run_python(s, "python -c"),
                "-c",
            )
            return decoding_output(text[2:])
        if text == "-m" and k + 1 < len(args):
            return _python_module(args[k + 1].text, args[k + 2 :], inv, sink)
        if text == "-":
            break
        if text.startswith("-") and len(text) > 1:
            k += 1
            continue
        script = args[k]
        if script.origin == "download":
            sink.execute(Execution("downloaded", f"{inv.program} runs a downloaded script"))
            sink.opaque(f"{inv.program} runs downloaded code")
        elif script.origin == "decode":
            sink.execute(Execution("inline-python", "decodes and executes data"))
            sink.opaque(f"{inv.program} runs decoded data")
        else:
            sink.read(script.text)
            run_script(script.text, inv, sink, f"{inv.program} {script.text}")
        return NO_OUTPUT
    stdin_script(inv, sink, "inline-python", lambda s: sink.run_python(s, "python stdin"))
    return NO_OUTPUT


def _python_module(module: str, rest: list[Word], inv: Invocation, sink: Sink) -> Output:
    if module == "pip":
        pip_like(rest, inv, sink, "pip")
        return NO_OUTPUT
    if module in {"http.server", "SimpleHTTPServer"} and not any(
        w.text in {"-h", "--help"} for w in rest
    ):
        port = next((to_port(w.text) for w in rest if to_port(w.text)), None) or 8000
        bind = next(
            (rest[i + 1].text for i, w in enumerate(rest[:-1]) if w.text in {"-b", "--bind"}),
            "0.0.0.0",
        )
        sink.network(NetworkDestination(clean_host(bind), port, "http", "python", True))
        return NO_OUTPUT
    if module in {"smtpd", "pyftpdlib"}:
        sink.network(NetworkDestination("0.0.0.0", None, "tcp", "python", True))
        return NO_OUTPUT
    if module == "base64" and any(w.text in {"-d", "--decode"} for w in rest):
        return Output("decode")
    sink.execute(Execution("script", f"{inv.program} -m {module} {join_words(rest)}".strip()))
    return NO_OUTPUT


_DENO_RUNS = frozenset({"run", "install", "compile", "x", "serve", "test", "bench"})


@handles("node", "deno")
def _node(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    if inv.program == "deno":
        words = [w for w in args if not w.text.startswith("-")]
        if words[:1] and words[0].text == "eval" and len(words) > 1:
            code_word(
                words[1], inv, sink, "inline-node", lambda s: sink.run_node(s, "deno eval"), "eval"
            )
        elif words[:1] and words[0].text in _DENO_RUNS and len(words) > 1:
            # run, install (a command that runs it later), compile, x: the operand is code.
            target = next((w.text for w in words[1:] if has_scheme(w.text)), words[1].text)
            if has_scheme(target):
                end = parse_url(target)
                if end is not None:
                    sink.network(net_dest(end, "deno", False))
                sink.execute(Execution("downloaded", f"deno {words[0].text} {target}"))
            elif words[0].text == "run":
                run_script(target, inv, sink, f"deno run {target}")
        return NO_OUTPUT
    with_arg = cat.INTERPRETER_OPTS_WITH_ARG["node"]
    k = 0
    while k < len(args):
        text = args[k].text
        if text in cat.INLINE_CODE_FLAGS["node"] and k + 1 < len(args):
            code_word(
                args[k + 1], inv, sink, "inline-node", lambda s: sink.run_node(s, "node -e"), text
            )
            return decoding_output(args[k + 1].text)
        if text in with_arg:
            k += 2
            continue
        if text == "-":
            break
        if text.startswith("-"):
            k += 1
            continue
        script = args[k]
        if script.origin == "download":
            sink.execute(Execution("downloaded", "node runs a downloaded script"))
            sink.opaque("node runs downloaded code")
        else:
            sink.read(script.text)
            run_script(script.text, inv, sink, f"node {script.text}")
        return NO_OUTPUT
    stdin_script(inv, sink, "inline-node", lambda s: sink.run_node(s, "node stdin"))
    return NO_OUTPUT


def _scan_other(code: str, inv: Invocation, sink: Sink) -> None:
    sink.run_other(code, inv.family)
    risky = [t for t in cat.RISKY_SCRIPT_TOKENS if t in code]
    if risky:
        sink.opaque(f"{inv.family} code uses {', '.join(risky[:4])}; not analysed")


@handles("perl", "ruby", "php", "lua")
def _other_interpreters(inv: Invocation, sink: Sink) -> Output:
    family = inv.family
    kind = cat.PERL_LIKE[family]
    args = inv.args
    flags = cat.INLINE_CODE_FLAGS[family]
    with_arg = cat.INTERPRETER_OPTS_WITH_ARG[family]
    k = 0
    in_place = False
    while k < len(args):
        text = args[k].text
        if text in flags or (
            family == "perl"
            and text.startswith("-")
            and text[-1:] in {"e", "E"}
            and text[1:].isalpha()
        ):
            if k + 1 < len(args):
                code = args[k + 1]
                code_word(code, inv, sink, kind, lambda s: _scan_other(s, inv, sink), text)
                files = [w.text for w in args[k + 2 :] if not w.text.startswith("-")]
                for path in files:
                    (sink.write if in_place or "i" in text else sink.read)(path)
                if decoding_output(code.text).kind:
                    return Output("decode")
            return PASS
        if text in with_arg:
            k += 2
            continue
        if text.startswith("-"):
            in_place |= family == "perl" and "i" in text[1:]
            k += 1
            continue
        script = args[k]
        sink.read(script.text)
        run_script(script.text, inv, sink, f"{inv.program} {script.text}")
        return NO_OUTPUT
    stdin_script(inv, sink, kind, lambda s: _scan_other(s, inv, sink))
    return NO_OUTPUT


# Calls that turn encoded literals into text (hex, base64, char codes, reversal, rot13,
# compression): inline code using them prints what it decoded.
_DECODING = re.compile(
    r"\b(?:pack|unpack|b64decode|b32decode|a85decode|b85decode|decodebytes|fromhex|unhexlify|"
    r"fromCharCode|atob|chr|decode64|base64_decode|hex2bin|str_rot13|strrev|gzinflate|"
    r"gzdecode|zlib|codecs|reverse|decompress)\b|\[::-1\]|Buffer\.from|\\x[0-9a-fA-F]{2}"
)


def decoding_output(code: str) -> Output:
    """What inline interpreter code passes down a pipe: decoded data when it decodes (a shell
    it feeds runs code computed at run time, ``perl -e 'print pack("H*", …)' | sh``)."""
    return Output("decode") if _DECODING.search(code) else NO_OUTPUT


# PowerShell options whose value is the code, a script file, or a value of no interest.
_PWSH_CODE = frozenset({"-c", "-command", "-commandwithargs", "-cwa"})
_PWSH_FILE = frozenset({"-f", "-file"})
_PWSH_ENCODED = frozenset({"-e", "-ec", "-encodedcommand", "-enc"})
_PWSH_WITH_ARG = frozenset(
    {
        "-executionpolicy",
        "-ep",
        "-ex",
        "-workingdirectory",
        "-wd",
        "-outputformat",
        "-of",
        "-inputformat",
        "-if",
        "-configurationname",
        "-settingsfile",
        "-windowstyle",
        "-w",
        "-version",
        "-v",
        "-custompipename",
    }
)


@handles("tcl", "pwsh")
def _tcl_pwsh(inv: Invocation, sink: Sink) -> Output:
    """Tcl (``tclsh``) and PowerShell (``pwsh``): code on the command line, in a script
    file or on stdin, scanned like Perl or Ruby (inline_scripts.analyze_other knows each
    language's home syntax, its ``exec``/``Start-Process`` and its web cmdlets)."""
    family = inv.family
    kind = f"inline-{family}"
    args = inv.args
    k = 0
    while k < len(args):
        text = args[k].text
        lowered = text.lower()
        if family == "pwsh" and lowered in _PWSH_CODE and k + 1 < len(args):
            code = " ".join(w.text for w in args[k + 1 :])
            code_word(
                Word(code, any(w.dynamic for w in args[k + 1 :])),
                inv,
                sink,
                kind,
                lambda s: sink.run_other(s, family),
                text,
            )
            return PASS
        if family == "pwsh" and lowered in _PWSH_ENCODED and k + 1 < len(args):
            sink.execute(Execution(kind, "decodes and executes data"))
            sink.opaque(f"{inv.program} runs decoded data")
            return NO_OUTPUT
        if family == "pwsh" and lowered in _PWSH_FILE and k + 1 < len(args):
            k += 1
            text = args[k].text
        elif family == "pwsh" and lowered in _PWSH_WITH_ARG:
            k += 2
            continue
        elif text.startswith("-"):
            k += 1
            continue
        sink.read(text)
        run_script(text, inv, sink, f"{inv.program} {text}")
        return NO_OUTPUT
    stdin_script(inv, sink, kind, lambda s: sink.run_other(s, family))
    return NO_OUTPUT


@handles("jshell")
def _jshell(inv: Invocation, sink: Sink) -> Output:
    """jshell runs Java snippets from the files it is given, else from stdin (a heredoc):
    the code is judged by the language-agnostic scan of what it runs and reaches."""
    files = [w.text for w in inv.args if not w.text.startswith("-")]
    for path in files:
        if path not in {"DEFAULT", "JAVASE", "PRINTING", "TOOLING"}:
            sink.read(path)
            run_script(path, inv, sink, f"jshell {path}")
    if not files:
        stdin_script(inv, sink, "inline-java", lambda s: sink.run_other(s, "code"))
    return NO_OUTPUT
