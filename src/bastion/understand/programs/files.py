"""Programs that read, write, copy, link and delete files: the readers, grep/sed/awk, tee, cp/mv/ln,
rm and find.
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
    basename,
    handles,
    parse_options,
    word_paths,
)
from bastion.understand.programs.system import mode_change, raw_disk_write
from bastion.understand.shell_model import Execution, NetworkDestination, Word
from bastion.understand.shell_netloc import (
    clean_host,
    to_port,
)


def file_reader(inv: Invocation, sink: Sink) -> Output:
    family = inv.family
    if family in cat.METADATA_ONLY:
        return NO_OUTPUT
    opts = cat.READER_OPTS_WITH_ARG.get(family, frozenset())
    args = [w for w in inv.args if not re.fullmatch(r"[-+]\d+", w.text)]
    parsed = parse_options(args, opts)
    for path in word_paths(parsed.positionals):
        sink.read(path)
    if family == "sort":
        for out in parsed.values("-o", "--output"):
            sink.write(out.text)
    decode_flags = cat.DECODERS.get(family)
    if decode_flags and parsed.has(*decode_flags):
        return Output("decode")
    if family in cat.ALWAYS_DECODERS:
        return Output("decode")
    return PASS if family in cat.PASS_THROUGH else NO_OUTPUT


@handles("tr")
def _tr(inv: Invocation, sink: Sink) -> Output:
    """``tr SET1 SET2`` that maps letters onto *other* letters (rot13, any Caesar shift, a
    shuffled alphabet) decodes: its output is text nobody can read in the command. Case
    conversion, deletion (``-d``) and squeezing pass their input on unchanged in meaning."""
    sets = [w.text for w in inv.args if not w.text.startswith("-")]
    if len(sets) >= 2 and not any(w.text.startswith("-") and "d" in w.text for w in inv.args):
        first, second = _tr_expand(sets[0]), _tr_expand(sets[1])
        stdin = inv.stdin
        if stdin.text is not None and not stdin.dynamic and second and first:
            # Known input: translate it as tr would, so what it becomes is analysed. Case
            # conversion too: a program name is case-sensitive (``echo WGET | tr A-Z a-z``
            # spells the program ``wget``).
            second = second + second[-1] * max(0, len(first) - len(second))
            table = str.maketrans(dict(zip(first, second, strict=False)))
            return Output("literal", stdin.text.translate(table))
        if _letter_substitution(first, second):
            return Output("decode")
    return PASS


def _tr_expand(spec: str) -> str:
    """A ``tr`` set as the characters it lists (ranges expanded, classes left out)."""
    spec = re.sub(r"\[:[a-z]+:\]", "", spec)
    out: list[str] = []
    k = 0
    while k < len(spec) and len(out) < 256:
        if k + 2 < len(spec) and spec[k + 1] == "-":
            lo, hi = ord(spec[k]), ord(spec[k + 2])
            out.extend(chr(c) for c in range(lo, hi + 1) if hi - lo < 128)
            k += 3
        else:
            out.append(spec[k])
            k += 1
    return "".join(out)


def _letter_substitution(first: str, second: str) -> bool:
    """Letters sent to different letters, other than by changing their case."""
    moved = 0
    for a, b in zip(first, second, strict=False):
        if a.isalpha() and b.isalpha() and a.lower() != b.lower():
            moved += 1
    return moved >= 10


@handles("grep")
def _grep(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, cat.READER_OPTS_WITH_ARG["grep"])
    files = parsed.positionals
    if not parsed.has("-e", "--regexp", "-f", "--file") and files:
        files = files[1:]
    for pattern_file in parsed.values("-f", "--file"):
        sink.read(pattern_file.text)
    letters = parsed.flag_letters()
    if not files and (letters & {"r", "R"} or parsed.has("--recursive")):
        sink.read(".")
    for path in word_paths(files):
        sink.read(path)
    return PASS


@handles("sed")
def _sed(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        cat.READER_OPTS_WITH_ARG["sed"],
        optional_arg=frozenset({"-i"}),
    )
    files = parsed.positionals
    if not parsed.has("-e", "--expression", "-f", "--file") and files:
        files = files[1:]
    for script in parsed.values("-f", "--file"):
        sink.read(script.text)
    in_place = parsed.has("-i") or any(n.startswith("--in-place") for n, _ in parsed.options)
    for path in word_paths(files):
        if in_place:
            sink.write(path)
        else:
            sink.read(path)
    return PASS


_AWK_INET = re.compile(r"/inet[46]?/(tcp|udp)/\d+/([^/\s\"]+)/(\d+)")
# A literal command string handed to the shell: system("…"), "…" | getline, print | "…".
_AWK_SHELL = re.compile(
    r'system\(\s*"((?:[^"\\]|\\.)*)"\s*\)|"((?:[^"\\]|\\.)*)"\s*\|\s*getline'
    r'|\|\s*"((?:[^"\\]|\\.)*)"'
)
# system() of anything but one literal: the command is computed at run time.
_AWK_COMPUTED = re.compile(r'system\(\s*[^"\s]|system\(\s*"[^"]*"\s*[^\s)]')


_AWK_SOCKET_VAR = re.compile(r"""\b([A-Za-z_]\w*)\s*=\s*"/inet""")
_AWK_VAR_COMMAND = re.compile(r"\b([A-Za-z_]\w*)\s*\|&?\s*getline|system\(\s*([A-Za-z_]\w*)\s*\)")


def _awk_runs_received(program: str) -> bool:
    """Whether the program runs a command held in a variable other than its socket's name
    (``c |& getline`` after ``sock |& getline c``): a command chosen at run time."""
    sockets = set(_AWK_SOCKET_VAR.findall(program))
    for match in _AWK_VAR_COMMAND.finditer(program):
        name = match.group(1) or match.group(2)
        if name and name not in sockets and name != "getline":
            return True
    return False


@handles("awk")
def _awk(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, cat.READER_OPTS_WITH_ARG["awk"], clusters=False)
    files = parsed.positionals
    programs = [f.text for f in parsed.values("-f", "--file")]
    for program_file in programs:
        sink.read(program_file)
    if not programs and files:
        program = files[0].text
        files = files[1:]
        if "system(" in program or "| getline" in program or "|&" in program:
            sink.execute(Execution("inline-shell", "awk program runs shell commands"))
            literal = [
                next(g for g in m.groups() if g is not None) for m in _AWK_SHELL.finditer(program)
            ]
            for command in literal:
                sink.run_shell(command.replace('\\"', '"'), "awk system()")
            if not literal or _AWK_COMPUTED.search(program):
                sink.opaque("awk program runs shell commands")
        for match in re.finditer(r"""print[^>|;}]*>>?\s*"([^"]+)\"""", program):
            sink.write(match.group(1))
        for match in re.finditer(r"""getline[^<;}]*<\s*"([^"]+)\"""", program):
            sink.read(match.group(1))
        if _AWK_INET.search(program) and _awk_runs_received(program):
            # A gawk socket and a command computed at run time: what the peer sends runs.
            sink.execute(Execution("remote-shell", "awk runs commands read from a socket"))
        for match in _AWK_INET.finditer(program):
            # gawk's /inet special files are sockets: what is printed to them leaves.
            sink.network(
                NetworkDestination(
                    clean_host(match.group(2)), to_port(match.group(3)), match.group(1), "awk", True
                )
            )
    for path in word_paths(files):
        if "=" not in path:
            sink.read(path)
    if not programs and parsed.positionals and _AWK_CHARCODES.search(parsed.positionals[0].text):
        # Text built from character codes (printf "%c", 99; "\143"; "\x63") is decoded
        # text: what a shell downstream runs is not spelled in the command.
        return Output("decode")
    return PASS


# A format that turns numbers into characters, or octal/hex escapes in an awk string.
_AWK_CHARCODES = re.compile(r"%c|\\[0-7]{3}|\\x[0-9a-fA-F]{2}")


@handles("tee")
def _tee(inv: Invocation, sink: Sink) -> Output:
    for path in word_paths(parse_options(inv.args).positionals):
        sink.write(path)
    return PASS


@handles("touch", "mkdir", "truncate", "mkfifo", "mknod")
def _touch(inv: Invocation, sink: Sink) -> Output:
    opts = {"-s", "--size", "-r", "--reference", "-d", "--date", "-t", "-m", "--mode"}
    paths = word_paths(parse_options(inv.args, frozenset(opts)).positionals)
    for path in paths:
        sink.write(path)
    if inv.family == "truncate" and not paths and "xargs" in inv.wrappers and inv.stdin.listing:
        mass_delete(sink, inv)
    return NO_OUTPUT


_FIND_ACTS = frozenset(
    {"-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fls"}
)
# Tests that pick some files by name, age or size (``-type`` picks a kind, not a few).
_FIND_SELECTS = frozenset(
    {
        "-name",
        "-iname",
        "-path",
        "-ipath",
        "-wholename",
        "-regex",
        "-iregex",
        "-newer",
        "-mtime",
        "-mmin",
        "-atime",
        "-ctime",
        "-size",
        "-empty",
        "-user",
        "-perm",
        "-links",
    }
)


def mass_delete(sink: Sink, inv: Invocation) -> None:
    """A deleting or emptying program handed a whole listing (``git ls-files | xargs rm``,
    ``find . | xargs -0 truncate -s 0``): every file listed is destroyed, whatever the
    listing's filters, so the harm is the listing's, not one file's."""
    add_change(
        sink,
        "destructive",
        "mass-delete",
        "",
        f"{inv.program} destroys every file a listing names (through xargs)",
    )


@handles("cp", "mv", "install", "ln", "rsync-local")
def _copy(inv: Invocation, sink: Sink) -> Output:
    family = inv.family
    opts = {
        "-t",
        "--target-directory",
        "-S",
        "--suffix",
        "-m",
        "--mode",
        "-o",
        "--owner",
        "-g",
        "--group",
    }
    parsed = parse_options(inv.args, frozenset(opts))
    positionals = parsed.positionals
    targets = parsed.values("-t", "--target-directory")
    if family == "install" and parsed.has("-d", "--directory"):
        for path in word_paths(positionals):
            sink.write(path)
        return NO_OUTPUT
    if targets:
        dest, sources = targets[0], positionals
    elif family == "ln" and len(positionals) == 1:
        dest, sources = Word(basename(positionals[0].text)), positionals
    elif len(positionals) >= 2:
        dest, sources = positionals[-1], positionals[:-1]
    else:
        return NO_OUTPUT
    for source in word_paths(sources):
        if family in {"cp", "install"}:
            sink.read(source)
        elif family == "mv":
            sink.read(source)
            sink.delete(source, False, "mv")
    sink.write(dest.text)
    if family == "install":
        for mode in parsed.values("-m", "--mode"):
            mode_change(mode.text, [dest.text], sink, "install")
    return NO_OUTPUT


@handles("rm", "unlink", "shred", "rmdir", "srm")
def _rm(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-n", "--iterations", "-s", "--size"}))
    letters = parsed.flag_letters()
    recursive = bool(letters & {"r", "R"}) or parsed.has("--recursive")
    if inv.family == "rmdir":
        recursive = False
    targets = word_paths(parsed.positionals)
    tool = inv.family
    if inv.family == "shred":
        for target in targets:
            add_change(sink, "destructive", "shred", target, f"shred overwrites {target}")
            raw_disk_write(target, sink, "shred")
    for target in targets:
        sink.delete(target, recursive, tool)
    if not targets and "xargs" in inv.wrappers and inv.stdin.listing:
        mass_delete(sink, inv)
    if not targets and "xargs" in inv.wrappers:
        # xargs hands its input over as arguments: when that input is known, it is the target.
        given = (inv.stdin.text or "").split()[:32]
        for target in given:
            sink.delete(target, recursive, tool)
        if not given:
            sink.delete("", recursive, tool)
    return NO_OUTPUT


@handles("find")
def _find(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    starts: list[str] = []
    k = 0
    while (
        k < len(args)
        and not args[k].text.startswith(("-", "(", "!"))
        and args[k].text not in {"\\("}
    ):
        starts.append(args[k].text)
        k += 1
    roots = starts or ["."]
    while k < len(args):
        text = args[k].text
        if text in {"-exec", "-execdir", "-ok", "-okdir"}:
            inner: list[Word] = []
            k += 1
            while k < len(args) and args[k].text not in {";", "+", "\\;"}:
                inner.append(args[k])
                k += 1
            if inner:
                # "{}" stands for each file found under the start paths.
                found = Word(" ".join(f"{root.rstrip('/') or '/'}/*" for root in roots))
                inner = [found if w.text == "{}" else w for w in inner]
                sink.run_words(inner, "find -exec")
        elif text == "-delete":
            for root in roots:
                add_change(sink, "destructive", "find-delete", root, f"find {root} ... -delete")
        elif text in {"-fprint", "-fprint0", "-fprintf", "-fls"} and k + 1 < len(args):
            sink.write(args[k + 1].text)
            k += 1
        k += 1
    if not any(w.text in _FIND_ACTS or w.text in _FIND_SELECTS for w in args):
        return Output("listing")  # every name under its roots, for the next command
    return NO_OUTPUT
