"""Describe what a Bash command really does, from its tree-sitter syntax tree."""

from __future__ import annotations

import fnmatch
import re
import shlex
import threading
from dataclasses import replace

import tree_sitter_bash
from tree_sitter import Language, Node, Parser, Point, Tree

from bastion.understand import shell_catalog as cat
from bastion.understand.code_text import analyze_code_text
from bastion.understand.inline_scripts import (
    InlineFacts,
    analyze_node,
    analyze_other,
    analyze_python,
)
from bastion.understand.loader_env import loaded_paths
from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Stdin,
    basename,
    match_path,
    normalize_home,
)
from bastion.understand.programs.echo import decode_escapes
from bastion.understand.programs.registry import HANDLERS, interpret
from bastion.understand.shell_model import (
    Change,
    Execution,
    NetworkDestination,
    ShellAnalysis,
    SimpleCommand,
    Word,
)
from bastion.understand.shell_netloc import clean_host, parse_url, to_port

__all__ = [
    "MAX_DEPTH",
    "MAX_INPUT_CHARS",
    "MAX_WORK",
    "Change",
    "Execution",
    "NetworkDestination",
    "ShellAnalysis",
    "SimpleCommand",
    "analyze",
]

# Budgets. Together they bound the cost of any input: text beyond MAX_INPUT_CHARS is not
# parsed, at most MAX_WORK syntax nodes (plus inline-code nodes) are visited, nested scripts
# (sh -c, eval, $( )) go MAX_DEPTH levels deep and the tree walk MAX_LEVEL levels. Hitting
# any of them marks the analysis opaque instead of failing.
MAX_INPUT_CHARS = 64 * 1024
MAX_WORK = 8_000
MAX_DEPTH = 8
MAX_LEVEL = 48
MAX_PARSES = 64
_COMMAND_COST = 4  # a program run costs about this many syntax nodes of work
# The parser's own work: what it reads, counted. It reads a script once, and again from an
# earlier place each time it backs up; some texts make it back up without end ("a@" 4,500
# times: 21,000 re-reads, half a second). Past this many bytes read per byte of script
# (plus the slack) the parse is cancelled and the script is opaque. Counted, not timed, so
# the same text gets the same answer on any machine and in every replay.
PARSE_READS_PER_BYTE = 8
PARSE_READ_SLACK = 64 * 1024
_PARSE_CHUNK = 4096

# One parser per process, guarded because tree-sitter parsers are not safe to share
# between threads while parsing.
_PARSER = Parser(Language(tree_sitter_bash.language()))
_PARSER_LOCK = threading.Lock()

# tree-sitter-bash 0.25's scanner crashes the process (SIGSEGV) on some code points from
# U+80000 up after "{" (e.g. "{\U000e0000"). Those planes (and lone surrogates) mean nothing
# to a shell, so they are replaced before parsing; U+40000 leaves a safety margin.
_UNPARSEABLE = re.compile("[\ud800-\udfff\U00040000-\U0010ffff]")

_SPLIT = "\x1f"  # marks unquoted field-splitting points inside an evaluated word
_COMPOUND = frozenset(
    {
        "if_statement",
        "elif_clause",
        "else_clause",
        "while_statement",
        "for_statement",
        "c_style_for_statement",
        "case_statement",
        "case_item",
        "compound_statement",
        "subshell",
        "do_group",
        "program",
        "function_definition",
    }
)
_ELEMENTS = frozenset(
    {
        "command",
        "redirected_statement",
        "variable_assignment",
        "variable_assignments",
        "declaration_command",
        "unset_command",
        "negated_command",
        "test_command",
        "pipeline",
    }
)
_REDIRECTS = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_OUTPUT_OPS = frozenset({">", ">>", "&>", "&>>", ">|", ">&", "<>"})
_QUIET_PATHS = frozenset(
    {
        "/dev/null",
        "/dev/stdout",
        "/dev/stderr",
        "/dev/stdin",
        "/dev/tty",
        "-",
        "/dev/zero",
        "/dev/random",
        "/dev/urandom",
    }
)
_ENV_DUMP_PATHS = re.compile(r"/proc/(?:self|\d+|\$\$|\*)/environ")
_NET_DEVICE = re.compile(r"/dev/(tcp|udp)/([^/\s]+)/(\S+)")


class _Exhausted(Exception):
    """Raised inside the walk when a budget runs out; caught at the top."""


class _Ctx:
    """Where the walk is: nesting, pipeline and the variables in scope."""

    __slots__ = ("depth", "fixed", "level", "pipeline", "vars")

    def __init__(
        self, depth: int, pipeline: int, fixed: bool, level: int, vars: dict[str, Word]
    ) -> None:
        self.depth = depth  # nesting of executed code (sh -c, $( ), eval, xargs)
        self.pipeline = pipeline  # pipeline index of the current element
        self.fixed = fixed  # inside one pipeline element: nested statements share its index
        self.level = level  # syntactic recursion, for the stack budget
        self.vars = vars  # literal (or known-dynamic) shell variables in scope

    def but(
        self,
        *,
        depth: int | None = None,
        pipeline: int | None = None,
        fixed: bool | None = None,
        level: int | None = None,
        vars: dict[str, Word] | None = None,
    ) -> _Ctx:
        return _Ctx(
            self.depth if depth is None else depth,
            self.pipeline if pipeline is None else pipeline,
            self.fixed if fixed is None else fixed,
            self.level if level is None else level,
            self.vars if vars is None else vars,
        )


def analyze(command: str) -> ShellAnalysis:
    """Describe what a Bash command does. Never raises; unclear parts set ``opaque``."""
    result = ShellAnalysis(command=command)
    if not isinstance(command, str):
        result.opaque = True
        result.opaque_reasons.append("command is not text")
        return result
    run = _Run(result)
    try:
        text = command
        if len(text) > MAX_INPUT_CHARS:
            run.opaque(f"command longer than {MAX_INPUT_CHARS} characters; only the start analysed")
            text = text[:MAX_INPUT_CHARS]
        run.script(text, _Ctx(0, -1, False, 0, {}))
        run.uncalled_functions()
    except _Exhausted:
        pass
    except RecursionError:
        run.opaque("command nested too deeply to analyse")
    except Exception as exc:
        run.opaque(f"analysis failed: {type(exc).__name__}")
    run.finish()
    return result


def _parse(source: bytes) -> Tree | None:
    """tree-sitter's tree of ``source``, or None when the parser read more than
    ``PARSE_READS_PER_BYTE`` times the script (plus ``PARSE_READ_SLACK``) before it was done."""
    budget = PARSE_READS_PER_BYTE * len(source) + PARSE_READ_SLACK
    read = 0

    def chunk(offset: int, _point: Point) -> bytes:
        nonlocal read
        piece = source[offset : offset + _PARSE_CHUNK]
        read += len(piece)
        return piece

    cancelled = False

    def over(_offset: int, _has_error: bool) -> bool:
        nonlocal cancelled
        cancelled = read > budget
        return cancelled  # True cancels the parse

    with _PARSER_LOCK:
        try:
            return _PARSER.parse(chunk, progress_callback=over)
        except ValueError:  # tree-sitter's word for a cancelled parse ("Parsing failed")
            _PARSER.reset()  # else the next parse would resume this one
            if cancelled:
                return None
            raise


class _Run:
    """The state of one analysis; implements the handlers' Sink."""

    def __init__(self, result: ShellAnalysis) -> None:
        self.result = result
        self.parses = 0
        self.pipelines = 0
        self.functions: dict[str, Node] = {}
        self.called: set[str] = set()
        self.calling: set[str] = set()
        self.downloads: set[str] = set()
        # pipeline -> command indexes that read data / send data to the network
        self.sources: dict[int, list[int]] = {}
        self.sinks: dict[int, list[int]] = {}
        self.cursor: int | None = None  # index of the command whose handler is running
        self.stdin_now = Stdin()  # standard input of the command whose handler is running
        self.ctx = _Ctx(0, 0, False, 0, {})
        self.assigned: set[str] = set()

    # budget ------------------------------------------------------------------------------
    def spend(self, units: int = 1) -> None:
        self.result.work += units
        if self.result.work > MAX_WORK:
            # Stop at the limit so that callers can rely on work <= MAX_WORK + 1.
            self.result.work = MAX_WORK + 1
            self.opaque("command over the analysis budget")
            raise _Exhausted

    def opaque(self, reason: str) -> None:
        self.result.opaque = True
        if reason not in self.result.opaque_reasons:
            self.result.opaque_reasons.append(reason)

    def finish(self) -> None:
        r = self.result
        for name in (
            "reads",
            "env_reads",
            "credential_stores",
            "writes",
            "executes",
            "network",
            "destructive",
            "privilege",
            "persistence",
            "self_tamper",
        ):
            setattr(r, name, list(dict.fromkeys(getattr(r, name))))
        flows: list[tuple[int, ...]] = []
        for pipeline in sorted(self.sinks):
            sources = self.sources.get(pipeline)
            if sources and min(sources) <= max(self.sinks[pipeline]):
                flows.append((pipeline, min(sources), max(self.sinks[pipeline])))
        r.source_to_sink_pipelines = flows
        r.downloads = sorted(self.downloads)

    # parsing -----------------------------------------------------------------------------
    def script(self, text: str, ctx: _Ctx) -> Output:
        if ctx.depth > MAX_DEPTH:
            self.opaque("nested commands too deep")
            return NO_OUTPUT
        self.parses += 1
        if self.parses > MAX_PARSES:
            self.opaque("too many nested scripts")
            return NO_OUTPUT
        source = _UNPARSEABLE.sub("\ufffd", text).encode("utf-8")
        self.spend(1 + len(source) // 512)
        tree = _parse(source)
        if tree is None:
            self.opaque("shell script over the parser's budget")
            return NO_OUTPUT
        root = tree.root_node
        if root.has_error:
            self.opaque("shell syntax the parser could not read")
        return self.statements(root, ctx)

    def statements(self, node: Node, ctx: _Ctx) -> Output:
        out = NO_OUTPUT
        for child in node.named_children:
            out = self.statement(child, ctx)
        return out

    def statement(self, node: Node, ctx: _Ctx) -> Output:
        self.spend()
        if ctx.level > MAX_LEVEL:
            self.opaque("command nested too deeply to analyse")
            raise _Exhausted
        ctx = ctx.but(level=ctx.level + 1)
        kind = node.type
        if kind == "list":
            out = NO_OUTPUT
            for child in node.named_children:
                out = self.statement(child, ctx)
            return out
        if kind == "comment":
            return NO_OUTPUT
        if kind == "function_definition":
            name = node.child_by_field_name("name")
            body = node.child_by_field_name("body")
            if name is not None and body is not None:
                self.functions[_text(name)] = body
            return NO_OUTPUT
        if kind in _COMPOUND:
            return self.compound(node, ctx)
        if kind == "ERROR":
            self.opaque("shell syntax the parser could not read")
            return self.statements(node, ctx)
        if not ctx.fixed:
            ctx = ctx.but(pipeline=self.new_pipeline())
        return self.element(node, ctx, Stdin())

    def new_pipeline(self) -> int:
        index = self.pipelines
        self.pipelines += 1
        return index

    def compound(self, node: Node, ctx: _Ctx) -> Output:
        kind = node.type
        out = NO_OUTPUT
        if kind == "for_statement":
            variable = node.child_by_field_name("variable")
            values = [c for c in node.children_by_field_name("value")]
            words = [w for v in values for w in self.words(v, ctx)]
            if variable is not None:
                name = _text(variable)
                self.assigned.add(name)
                ctx.vars[name] = Word(f"${name}", True, any(w.substituted for w in words))
            body = node.child_by_field_name("body")
            return self.statements(body, ctx) if body is not None else NO_OUTPUT
        if kind == "case_statement":
            value = node.child_by_field_name("value")
            if value is not None:
                self.words(value, ctx)
        for child in node.named_children:
            if child.type in _COMPOUND or child.type in _ELEMENTS or child.type == "list":
                out = self.statement(child, ctx)
            elif child.type in {"test_command", "command_substitution"}:
                self.words(child, ctx)
        return out

    # pipelines and elements ----------------------------------------------------------------
    def element(self, node: Node, ctx: _Ctx, stdin: Stdin) -> Output:
        # Facts found while walking (redirects, expansions) belong to this element's pipeline.
        saved = self.ctx
        self.ctx = ctx
        try:
            return self._element(node, ctx, stdin)
        finally:
            self.ctx = saved

    def _element(self, node: Node, ctx: _Ctx, stdin: Stdin) -> Output:
        self.spend()
        kind = node.type
        if kind == "pipeline":
            return self.pipeline([c for c in node.named_children], ctx, stdin)
        if kind == "command":
            return self.simple(node, ctx, stdin, [])
        if kind == "redirected_statement":
            return self.redirected(node, ctx, stdin)
        if kind == "negated_command":
            out = NO_OUTPUT
            for child in node.named_children:
                out = self.element(child, ctx, stdin)
            return out
        if kind in {"variable_assignment", "variable_assignments"}:
            assignments = [node] if kind == "variable_assignment" else node.named_children
            for assignment in assignments:
                self.assign(assignment, ctx, persist=True)
            return NO_OUTPUT
        if kind == "declaration_command":
            return self.declaration(node, ctx)
        if kind == "unset_command":
            names = [_text(c) for c in node.named_children]
            for name in names:
                ctx.vars.pop(name, None)
            self.emit(Invocation([Word("unset"), *[Word(n) for n in names]]), ctx)
            return interpret(Invocation([Word("unset"), *[Word(n) for n in names]]), self)
        if kind == "test_command":
            self.words(node, ctx)
            return NO_OUTPUT
        if kind in _COMPOUND or kind == "list":
            inner = ctx.but(fixed=True)
            if kind == "list":
                return self.statement(node, inner)
            return self.compound(node, inner)
        if kind == "ERROR":
            self.opaque("shell syntax the parser could not read")
            return self.statements(node, ctx.but(fixed=True))
        self.words(node, ctx)
        return NO_OUTPUT

    def pipeline(self, elements: list[Node], ctx: _Ctx, stdin: Stdin) -> Output:
        flat, trailing = _flatten_pipeline(elements)
        inner = ctx.but(fixed=True)
        out = NO_OUTPUT
        for index, element in enumerate(flat):
            if index:
                stdin = _next_stdin(out, stdin)
            out = self.element(element, inner, stdin)
        # "a | b && c": tree-sitter nests the list inside the pipeline; bash runs c after it.
        for statement in trailing:
            out = self.statement(statement, ctx)
        return out

    def redirected(self, node: Node, ctx: _Ctx, stdin: Stdin) -> Output:
        body = node.child_by_field_name("body")
        redirects = [c for c in node.named_children if c.type in _REDIRECTS]
        continuation: list[Node] = []
        follow: list[Node] = []
        for redirect in redirects:
            if redirect.type != "heredoc_redirect":
                continue
            for i, child in enumerate(redirect.children):
                field = redirect.field_name_for_child(i)
                if child.type == "pipeline" and field is None:
                    continuation = list(child.named_children)
                elif field == "right":
                    follow.append(child)
                elif field == "redirect":
                    redirects.append(child)
        if body is None:
            out = NO_OUTPUT
            for redirect in redirects:
                stdin = self.redirect(redirect, ctx, stdin, "")
        elif body.type == "command":
            out = self.simple(body, ctx, stdin, redirects)
        else:
            for redirect in redirects:
                stdin = self.redirect(redirect, ctx, stdin, "")
            inner = ctx.but(fixed=True)
            out = (
                self.element(body, inner, stdin)
                if body.type not in _COMPOUND
                else self.compound(body, inner)
            )
        if continuation:
            out = self.pipeline(continuation, ctx, _next_stdin(out, stdin))
            # the pipeline above starts with the element after "|", so the first element must
            # see this command's output; _next_stdin handled that.
        for right in follow:
            out = self.statement(right, ctx.but(fixed=ctx.fixed and False))
        return out

    def redirect(self, node: Node, ctx: _Ctx, stdin: Stdin, program: str) -> Stdin:
        """Record one redirection's reads/writes; return the command's new stdin."""
        self.spend()
        kind = node.type
        if kind == "herestring_redirect":
            words = [w for c in node.named_children for w in self.words(c, ctx)]
            text = " ".join(w.text for w in words)
            origin = next((w.origin for w in words if w.origin), "")
            return Stdin(
                text=text + "\n",
                dynamic=any(w.dynamic for w in words),
                download=origin == "download",
                decoded=origin == "decode",
            )
        if kind == "heredoc_redirect":
            return self.heredoc(node, ctx)
        op = ""
        destination: Node | None = None
        for i, child in enumerate(node.children):
            field = node.field_name_for_child(i)
            if field == "destination" and destination is None:
                destination = child
            elif not child.is_named and child.type not in {"ERROR"}:
                op = child.type
            elif child.type == "ERROR":
                op += _text(child)
        if destination is None:
            return stdin
        words = self.words(destination, ctx)
        target = words[0].text if words else ""
        if not target or (destination.type == "number" and op in {">&", "<&"}):
            return stdin
        if target.startswith("&"):
            return stdin
        self.device(target, op, program or "bash")
        if op in {"<", "<>"} or (op == "<&" and not target.isdigit()):
            if target not in _QUIET_PATHS:
                self.read(target)
            origin = words[0].origin if words else ""
            # < <(curl …): the file is another command's output, with that output's origin.
            stdin = Stdin(
                redirected=True, download=origin == "download", decoded=origin == "decode"
            )
        writes = op in _OUTPUT_OPS or op.startswith(">") or "&>" in op
        if writes and not target.startswith(("/dev/fd/", "/proc/self/fd")):
            self.write(target)
        return stdin

    def device(self, target: str, op: str, program: str) -> None:
        match = _NET_DEVICE.fullmatch(target)
        if match is None:
            return
        scheme, host, port = match.groups()
        sends = op != "<"
        self.network(NetworkDestination(clean_host(host), to_port(port), scheme, program, sends))
        family = cat.program_family(program)
        if family in cat.SHELLS or family in {"exec", "python", "perl", "ruby", "php", "node"}:
            self.execute(
                Execution(
                    "remote-shell",
                    f"{program} has its input or output wired to {scheme}://{host}:{port}",
                )
            )

    def heredoc(self, node: Node, ctx: _Ctx) -> Stdin:
        start = next((c for c in node.children if c.type == "heredoc_start"), None)
        body = next((c for c in node.children if c.type == "heredoc_body"), None)
        if body is None:
            return Stdin(text="")
        quoted = start is not None and any(q in _text(start) for q in "'\"\\")
        strip_tabs = any(c.type == "<<-" for c in node.children)
        if quoted:
            text, dynamic = _text(body), False
        else:
            word = self.concat(body, ctx, quoted=True, heredoc=True)
            text, dynamic = word.text, word.dynamic
        if strip_tabs:
            text = "\n".join(line.lstrip("\t") for line in text.split("\n"))
        return Stdin(text=text, dynamic=dynamic)

    # simple commands ---------------------------------------------------------------------
    def simple(self, node: Node, ctx: _Ctx, stdin: Stdin, redirects: list[Node]) -> Output:
        assignments: list[Node] = []
        name_node: Node | None = None
        arguments: list[Node] = []
        inner_redirects: list[Node] = []
        for i, child in enumerate(node.children):
            field = node.field_name_for_child(i)
            if child.type == "variable_assignment" and name_node is None:
                assignments.append(child)
            elif field == "name":
                name_node = child
            elif field == "redirect" or child.type in _REDIRECTS:
                inner_redirects.append(child)
            elif field == "argument" or (child.is_named and name_node is not None):
                arguments.append(child)
        env: dict[str, str] = {}
        assignment_texts: list[str] = []
        for assignment in assignments:
            name, value = self.assign(assignment, ctx, persist=name_node is None)
            env[name] = value.text
            assignment_texts.append(f"{name}={value.text}")
        words: list[Word] = []
        if name_node is not None:
            words += self.words(name_node, ctx)
        for argument in arguments:
            words += self.words(argument, ctx)
        program_hint = basename(words[0].text) if words else ""
        for redirect in [*inner_redirects, *redirects]:
            stdin = self.redirect(redirect, ctx, stdin, program_hint)
        if not words:
            return NO_OUTPUT
        if len(words[0].text) > 2 and re.fullmatch(r"\{[^{},\s]+(?:,[^{},\s]*)+\}", words[0].text):
            words = [Word(p) for p in words[0].text[1:-1].split(",") if p] + words[1:]
        first = words[0]
        if not first.dynamic and first.text.startswith("/") and _GLOB_CHARS.search(first.text):
            words = [self.glob_program(first), *words[1:]]
            first = words[0]
        if first.dynamic:
            # A name computed, decoded or downloaded at run time: what runs is not in the text.
            how = {"decode": "decoded", "download": "downloaded"}.get(first.origin, "computed")
            self.opaque(f"command name {how} at run time: {first.text[:60]}")
            if first.origin in ("decode", "download"):
                self.execute(Execution(how, f"runs a command whose name was {how}"))
            self.emit(Invocation(words, stdin, env), ctx, assignment_texts)
            return NO_OUTPUT
        if first.text in self.functions and first.text not in self.calling:
            return self.call_function(first.text, words, ctx)
        if first.text == "set" and len(words) > 1:
            texts = [w.text for w in words[1:]]
            if "--" in texts:
                _set_positional(ctx.vars, words[1 + texts.index("--") + 1 :])
            elif not texts[0].startswith(("-", "+")):
                _set_positional(ctx.vars, words[1:])
        out = self.invoke(Invocation(words, stdin, env), ctx, assignment_texts)
        if out.kind == "download" or (stdin.download and program_hint == "tee"):
            # curl URL > x.sh, … | tee x.sh: the file now holds what was downloaded.
            for target in self.output_targets([*inner_redirects, *redirects], ctx):
                self.note_download(target)
            if program_hint == "tee":
                for word in words[1:]:
                    if not word.text.startswith("-"):
                        self.note_download(word.text)
        return out

    def glob_program(self, word: Word) -> Word:
        """An absolute command name the shell expands as a glob (``/???/?at``,
        ``/usr/bin/cu?l``) runs the program the pattern matches in a system directory: the
        modelled program it matches (several: the one that does most, and the call is opaque);
        none: the path as written."""
        directory, _, pattern = word.text.rpartition("/")
        matches = sorted(n for n in _KNOWN_PROGRAMS if fnmatch.fnmatchcase(n, pattern))
        if not matches:
            return word  # a script path with a glob (./run-*.sh): judged as that path
        # Several matches: the file readers are the least of them; keep the one that does most.
        matches.sort(key=lambda n: (n in cat.FILE_READERS, n))
        if len(matches) > 1:
            self.opaque(f"command name {word.text[:40]} may be any of {', '.join(matches[:4])}")
        return Word(f"{directory}/{matches[0]}" if directory else matches[0])

    def output_targets(self, redirects: list[Node], ctx: _Ctx) -> list[str]:
        """Files a command's standard output is redirected to (> and >>)."""
        out: list[str] = []
        for node in redirects:
            if node.type != "file_redirect":
                continue
            op = next((c.type for c in node.children if not c.is_named), "")
            destination = node.child_by_field_name("destination")
            if op in (">", ">>", ">|", "&>", "&>>") and destination is not None:
                words = self.words(destination, ctx)
                if words and not words[0].dynamic:
                    out.append(words[0].text)
        return out

    def call_function(self, name: str, words: list[Word], ctx: _Ctx) -> Output:
        self.called.add(name)
        self.calling.add(name)
        saved = {k: ctx.vars[k] for k in _POSITIONAL_KEYS if k in ctx.vars}
        _set_positional(ctx.vars, words[1:])
        try:
            return self.compound(self.functions[name], ctx.but(fixed=True))
        finally:
            self.calling.discard(name)
            for key in _POSITIONAL_KEYS:
                ctx.vars.pop(key, None)
            ctx.vars.update(saved)

    def uncalled_functions(self) -> None:
        """A function defined but not called may still run (traps, dispatch on "$1")."""
        for name, body in list(self.functions.items()):
            if name not in self.called:
                self.called.add(name)
                self.compound(body, _Ctx(1, self.new_pipeline(), True, 0, {}))

    def invoke(self, inv: Invocation, ctx: _Ctx, assignments: list[str]) -> Output:
        wrappers: list[str] = []
        depth = ctx.depth
        words = inv.words
        env = dict(inv.env)
        while words:
            program = basename(words[0].text)
            if program == "env":
                rest = self.unwrap_env(words[1:], env)
                if rest is None:
                    break
                words = rest
                wrappers.append("env")
                continue
            spec = cat.WRAPPERS.get(program)
            if spec is None:
                break
            k = 1
            query = False
            while k < len(words):
                text = words[k].text
                if text == "--":
                    k += 1
                    break
                if text in spec.query_flags:
                    query = True
                    break
                if not text.startswith("-") or text == "-":
                    break
                k += 2 if text in spec.opts_with_arg else 1
            if query:
                break
            while (
                spec.positionals
                and k < len(words)
                and program in {"timeout", "gtimeout", "chrt", "taskset", "flock", "chroot"}
            ):
                k += spec.positionals
                break
            if program == "sudo":
                while k < len(words) and "=" in words[k].text and not words[k].text.startswith("-"):
                    key, _, value = words[k].text.partition("=")
                    env[key] = value
                    k += 1
            inner = words[k:]
            if spec.privilege:
                target = basename(inner[0].text) if inner else "an interactive shell"
                who = next(
                    (
                        words[i + 1].text
                        for i in range(1, k - 1)
                        if words[i].text in {"-u", "--user"}
                    ),
                    "root",
                )
                self.result.privilege.append(
                    Change("sudo", target, f"{program} runs {target} as {who}")
                )
            if not inner:
                break
            wrappers.append(program)
            if spec.nested:
                depth += 1
                for i in range(1, k):
                    if words[i].text in {"-a", "--arg-file"} and i + 1 < k:
                        self.read(words[i + 1].text)
            words = inner
        for key in env:
            if key.upper().startswith("BASTION"):
                self.change(
                    "self_tamper",
                    Change("guard-env", key, f"sets {key} for {basename(words[0].text)}"),
                )
        if not words:
            return NO_OUTPUT
        if env:
            self.loader_env(env, basename(words[0].text))
        nested_ctx = ctx.but(depth=depth)
        inv = Invocation(words, inv.stdin, env, tuple(wrappers))
        self.emit(inv, nested_ctx, assignments)
        if inv.program == "read" or inv.program in {"mapfile", "readarray", "getopts"}:
            for word in words[1:]:
                if not word.text.startswith("-"):
                    self.assigned.add(word.text)
                    nested_ctx.vars[word.text] = Word(f"${word.text}", True)
        saved, saved_cursor, saved_stdin = self.ctx, self.cursor, self.stdin_now
        self.ctx = nested_ctx
        self.cursor = len(self.result.commands) - 1
        self.stdin_now = inv.stdin
        try:
            out = interpret(inv, self)
        finally:
            self.ctx, self.cursor, self.stdin_now = saved, saved_cursor, saved_stdin
        if out.kind == "pass":
            # A filter passes on what it was given: heredoc text, downloads, decoded data.
            stdin = inv.stdin
            if stdin.download:
                return Output("download")
            if stdin.decoded:
                return Output("decode")
            if stdin.text is not None:
                return Output("literal", stdin.text, stdin.dynamic)
            if stdin.listing and inv.program in _LISTING_KEEPERS:
                return Output("listing")
        return out

    def loader_env(self, env: dict[str, str], program: str) -> None:
        """Files the environment makes the program load as code (``LD_PRELOAD``,
        ``PYTHONPATH``, ``NODE_OPTIONS=--require``): run as scripts by the program."""
        for name, path in loaded_paths(env):
            norm = _norm_rel(path)
            if self.downloaded(path) or any(d.startswith(norm + "/") for d in self.downloads):
                self.execute(
                    Execution("downloaded", f"{program} loads {path} ({name}), downloaded here")
                )
                self.opaque(f"{name} makes {program} load downloaded code from {path}")
            elif (path.rstrip("/") + "/").startswith(
                ("/tmp/", "/var/tmp/", "/dev/shm/", "~/", "/home/")
            ):
                self.execute(Execution("script", f"{program} loads {path} through {name}"))
                self.opaque(f"{name} makes {program} load code from {path}, outside the workspace")

    def unwrap_env(self, args: list[Word], env: dict[str, str]) -> list[Word] | None:
        k = 0
        while k < len(args):
            text = args[k].text
            if text in {"-u", "--unset"} and k + 1 < len(args):
                name = args[k + 1].text
                if name.upper().startswith("BASTION"):
                    self.change("self_tamper", Change("guard-env", name, f"env -u {name}"))
                k += 2
            elif text in {"-C", "--chdir"}:
                k += 2
            elif text in {"-S", "--split-string"} and k + 1 < len(args):
                try:  # env -S splits with the shell's own quoting rules
                    parts = shlex.split(args[k + 1].text)
                except ValueError:
                    parts = args[k + 1].text.split()
                split = [Word(p) for p in parts]
                return split + args[k + 2 :] if split else None
            elif text.startswith("-"):
                k += 1
            elif "=" in text and re.match(r"[A-Za-z_][A-Za-z0-9_]*=", text):
                key, _, value = text.partition("=")
                env[key] = value
                k += 1
            else:
                return args[k:]
        return None

    def emit(self, inv: Invocation, ctx: _Ctx, assignments: list[str] | None = None) -> None:
        self.spend(_COMMAND_COST)
        self.result.commands.append(
            SimpleCommand(
                program=inv.program,
                argv=tuple(inv.argv),
                depth=ctx.depth,
                pipeline=ctx.pipeline,
                wrappers=inv.wrappers,
                assignments=tuple(assignments or ()),
            )
        )

    # variables ---------------------------------------------------------------------------
    def assign(self, node: Node, ctx: _Ctx, *, persist: bool) -> tuple[str, Word]:
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        name = _text(name_node) if name_node is not None else ""
        if name_node is not None and name_node.type == "subscript":
            base = name_node.child_by_field_name("name")
            name = _text(base) if base is not None else name
        values = self.words(value_node, ctx, split=False) if value_node is not None else []
        value = values[0] if values else Word("")
        if value_node is not None and value_node.type == "array":
            values = [w for child in value_node.named_children for w in self.words(child, ctx)]
            # Literal elements are known words; any computed element makes the array computed.
            value = Word(
                " ".join(v.text for v in values), any(v.dynamic for v in values) or not values
            )
        if persist:
            self.assigned.add(name)
            ctx.vars[name] = value
            if name.upper().startswith("BASTION"):
                self.change("self_tamper", Change("guard-env", name, f"sets {name}={value.text}"))
            if name in {"HISTFILE", "HISTSIZE", "HISTFILESIZE"} and value.text in {
                "",
                "0",
                "/dev/null",
            }:
                self.change("destructive", Change("history-clear", name, f"{name}={value.text}"))
        return name, value

    def declaration(self, node: Node, ctx: _Ctx) -> Output:
        keyword = _text(node.children[0]) if node.children else "declare"
        texts: list[str] = [keyword]
        for child in node.named_children:
            if child.type == "variable_assignment":
                name, value = self.assign(child, ctx, persist=True)
                texts.append(f"{name}={value.text}")
            elif child.type == "variable_name":
                name = _text(child)
                self.assigned.add(name)
                texts.append(name)
            else:
                texts += [w.text for w in self.words(child, ctx)]
        inv = Invocation([Word(t) for t in texts])
        self.emit(inv, ctx)
        if len(texts) == 1 or texts[1:] in (["-p"], ["-x"], ["-px"]):
            self.env_read("*")
        return NO_OUTPUT

    # words -------------------------------------------------------------------------------
    def words(self, node: Node | None, ctx: _Ctx, *, split: bool = True) -> list[Word]:
        """Evaluate one argument node into the words the shell would pass."""
        if node is None:
            return []
        word = self.concat(node, ctx, quoted=False)
        if not split or _SPLIT not in word.text:
            return [_unsplit(word)]
        parts = [p for p in word.text.split(_SPLIT) if p]
        return [
            Word(p, word.dynamic and ("$" in p or "`" in p), word.substituted, word.origin)
            for p in parts
        ]

    def concat(self, node: Node, ctx: _Ctx, *, quoted: bool, heredoc: bool = False) -> Word:
        self.spend()
        if ctx.level > MAX_LEVEL:
            self.opaque("command nested too deeply to analyse")
            raise _Exhausted
        ctx = ctx.but(level=ctx.level + 1)
        kind = node.type
        if kind in {"word", "number", "test_operator", "variable_name", "regex", "extglob_pattern"}:
            text = _text(node)
            return Word(text if quoted else _unescape(text))
        if kind == "raw_string":
            return Word(_text(node)[1:-1])
        if kind == "ansi_c_string":
            return Word(decode_escapes(_text(node)[2:-1]))
        if kind in {"simple_expansion", "expansion"}:
            return self.expansion(node, ctx, quoted)
        if kind == "command_substitution":
            word = self.substitution(node, ctx)
            if not quoted and not word.dynamic and word.text.strip():
                # Unquoted, known output is split into fields as the shell does:
                # $(printf -- '-F k=@%s ' FILE) gives curl two words, -F and k=@FILE.
                return replace(word, text=re.sub(r"\s+", _SPLIT, word.text.strip()))
            return word
        if kind == "process_substitution":
            inner = ctx.but(depth=ctx.depth + 1, fixed=True)
            out = NO_OUTPUT
            for child in node.named_children:
                out = self.statement(child, inner)
            origin = out.kind if out.kind in {"download", "decode"} else ""
            return Word(_text(node), True, True, origin)
        if kind in {
            "string",
            "translated_string",
            "heredoc_body",
            "concatenation",
            "arithmetic_expansion",
            "array",
            "brace_expression",
            "test_command",
            "binary_expression",
            "unary_expression",
            "parenthesized_expression",
            "subscript",
            "ternary_expression",
            "postfix_expression",
        }:
            inner_quoted = quoted or kind in {"string", "translated_string", "heredoc_body"}
            return self.join_children(
                node,
                ctx,
                inner_quoted,
                heredoc or kind == "heredoc_body",
                literal_gaps=kind
                in {"string", "translated_string", "heredoc_body", "concatenation"},
            )
        if node.named_child_count:
            return self.join_children(node, ctx, quoted, heredoc, literal_gaps=True)
        return Word(_text(node))

    def join_children(
        self, node: Node, ctx: _Ctx, quoted: bool, heredoc: bool, *, literal_gaps: bool
    ) -> Word:
        base = node.start_byte
        raw = node.text or b""
        pos = base
        parts: list[str] = []
        dynamic = substituted = False
        origin = ""
        for child in node.children:
            if literal_gaps and child.start_byte > pos:
                gap = raw[pos - base : child.start_byte - base].decode("utf-8", "replace")
                parts.append(_unescape_quoted(gap) if quoted else _unescape(gap))
            pos = max(pos, child.end_byte)
            if child.type in {'"', '$"', "`"} and not child.is_named:
                continue
            if child.type in {"string_content", "heredoc_content"}:
                text = _text(child)
                parts.append(_unescape_quoted(text) if quoted else _unescape(text))
                continue
            if not child.is_named:
                if not literal_gaps or child.type not in {'"'}:
                    parts.append(_text(child))
                continue
            word = self.concat(child, ctx, quoted=quoted, heredoc=heredoc)
            parts.append(word.text)
            dynamic |= word.dynamic
            substituted |= word.substituted
            origin = origin or word.origin
        if literal_gaps and node.end_byte > pos:
            gap = raw[pos - base :].decode("utf-8", "replace")
            parts.append(_unescape_quoted(gap) if quoted else _unescape(gap))
        text = "".join(parts)
        if node.type == "string":
            text = text.strip('"') if text.startswith('"') else text
        if node.type in {"arithmetic_expansion"}:
            return Word(_text(node), True, substituted, origin)
        return Word(text, dynamic, substituted, origin)

    def expansion(self, node: Node, ctx: _Ctx, quoted: bool) -> Word:
        raw = _text(node)
        name_node = next(
            (
                c
                for c in node.named_children
                if c.type in {"variable_name", "special_variable_name"}
            ),
            None,
        )
        if name_node is None:
            subscript = next((c for c in node.named_children if c.type == "subscript"), None)
            if subscript is not None:
                name_node = subscript.child_by_field_name("name")
        for child in node.named_children:
            if child.type in {
                "command_substitution",
                "process_substitution",
                "string",
                "concatenation",
                "expansion",
                "simple_expansion",
            }:
                self.concat(child, ctx, quoted=True)
        name = _text(name_node) if name_node is not None else ""
        plain = raw in {f"${name}", f"${{{name}}}"}
        whole_array = raw in {f"${{{name}[@]}}", f"${{{name}[*]}}"}
        if whole_array:
            # "${a[@]}" expands to the array's elements, one word each.
            plain, quoted = True, False
        if plain and (name in ("@", "*") or name.isdigit()) and name in ctx.vars:
            # Positional parameters set by "set -- …" or a function call.
            known_positional = ctx.vars[name]
            text = known_positional.text
            if name == "*" and quoted:
                text = text.replace(_SPLIT, " ")
            return Word(text, known_positional.dynamic)
        if not name or name in cat.SPECIAL_PARAMS or name.isdigit():
            return Word(raw, True)
        if raw == f"${{{name}@P}}" and name in ctx.vars:
            # ${v@P} expands v as a prompt string, which runs the $(...) and `...` in it.
            prompt = ctx.vars[name]
            if "$(" in prompt.text or "`" in prompt.text:
                self.run_shell(f'echo "{prompt.text}"', "${v@P} prompt expansion")
            return Word(raw, True, True, prompt.origin)
        operated = _operate(raw, ctx.vars)
        if operated is not None:
            # ${v,,} ${v^^} ${!ref} ${v/a/b} ${v#p} ${v:1:3}: evaluated as the shell would.
            return operated
        if name == "IFS" and name not in ctx.vars and plain:
            return Word(" " if quoted else _SPLIT, False)
        known = ctx.vars.get(name)
        if known is None and name not in self.assigned:
            self.env_read(name)
        if known is not None and plain and not known.dynamic:
            text = known.text
            if not quoted:
                ifs = ctx.vars.get("IFS")
                # An assigned IFS splits unquoted expansions on its own characters.
                if ifs is not None and not ifs.dynamic and ifs.text and not whole_array:
                    text = re.sub("[" + re.escape(ifs.text) + "]+", _SPLIT, text)
                else:
                    text = re.sub(r"\s+", _SPLIT, text)
            return Word(text, False, known.substituted, known.origin)
        if known is not None and plain:
            return Word(raw, True, known.substituted, known.origin)
        # ${X:-default}: the default is what usually runs; keep it but flag the uncertainty.
        operator = next((c for c in node.children if c.type in {":-", "-", ":=", "="}), None)
        if operator is not None and known is None:
            default = [c for c in node.named_children if c.start_byte >= operator.end_byte]
            if default:
                word = self.concat(default[0], ctx, quoted=True)
                return Word(word.text, True, word.substituted, word.origin)
        return Word(raw, True)

    def substitution(self, node: Node, ctx: _Ctx) -> Word:
        inner_ctx = ctx.but(depth=ctx.depth + 1, fixed=True, vars=dict(ctx.vars))
        before = len(self.result.commands)
        out = NO_OUTPUT
        for child in node.named_children:
            out = self.statement(child, inner_ctx)
        inner = self.result.commands[before:]
        origin = out.kind if out.kind in {"download", "decode"} else ""
        # $(which curl), $(command -v curl), $(echo curl): the output is known text.
        if len(inner) == 1 and not origin:
            command = inner[0]
            args = [a for a in command.argv[1:] if not a.startswith("-")]
            finder = command.program in {"which", "command", "type", "whereis"}
            if finder and len(args) == 1 and "$" not in args[0]:
                return Word(args[0], False, True)
            if command.program in {"echo", "printf"} and out.kind == "literal" and not out.dynamic:
                return Word(out.text.rstrip("\n"), False, True)
        if inner and inner[-1].program == "tr" and out.kind == "literal" and not out.dynamic:
            # Known text translated by tr (rot13 and other letter shifts): the shell gets
            # the translation, so that is what is analysed.
            return Word(out.text.rstrip("\n"), False, True)
        return Word(_text(node), True, True, origin)

    # Sink --------------------------------------------------------------------------------
    def read(self, path: str) -> None:
        if not path or path in _QUIET_PATHS:
            return
        self.result.reads.append(path)
        self.source()
        if _ENV_DUMP_PATHS.fullmatch(path):
            self.env_read("*")
        store = credential_store_of(path)
        if store:
            self.credential(f"file:{store}")

    def write(self, path: str) -> None:
        if not path or path in _QUIET_PATHS:
            return
        self.result.writes.append(path)
        for table, category in (
            (cat.PERSISTENCE_PATHS, "persistence"),
            (cat.PRIVILEGE_PATHS, "privilege"),
            (cat.SELF_TAMPER_PATHS, "self_tamper"),
        ):
            kind = match_path(path, table)
            if kind:
                self.change(category, Change(kind, path, f"writes {path}"))
        if cat.BLOCK_DEVICE.fullmatch(path):
            self.change("destructive", Change("disk-wipe", path, f"writes the raw device {path}"))
        elif _is_system_write(path) and not any(c.target == path for c in self.result.privilege):
            self.change("privilege", Change("system-write", path, f"writes system path {path}"))

    def delete(self, path: str, recursive: bool, tool: str) -> None:
        kind = "rm-recursive" if recursive else "rm"
        if tool == "mv":
            kind = ""
        if kind:
            what = path or "files named on its input"
            self.change(
                "destructive",
                Change(kind, path, f"{tool} {'-r ' if recursive else ''}deletes {what}"),
            )
        for table, category in (
            (cat.SELF_TAMPER_PATHS, "self_tamper"),
            (cat.PERSISTENCE_PATHS, "persistence"),
        ):
            match = match_path(path, table)
            if match and category == "self_tamper":
                self.change(category, Change(match, path, f"{tool} removes {path}"))
        if path.lower().endswith((".bash_history", ".zsh_history")) or path.startswith("/var/log"):
            self.change("destructive", Change("history-clear", path, f"{tool} removes {path}"))

    def env_read(self, name: str) -> None:
        self.result.env_reads.append(name)
        self.source()

    def credential(self, label: str) -> None:
        self.result.credential_stores.append(label)
        self.source()

    def position(self) -> int:
        return self.cursor if self.cursor is not None else len(self.result.commands)

    def source(self) -> None:
        self.sources.setdefault(self.ctx.pipeline, []).append(self.position())

    def network(self, dest: NetworkDestination) -> None:
        self.result.network.append(dest)
        if dest.sends_data:
            self.sinks.setdefault(self.ctx.pipeline, []).append(self.position())
            stdin = self.stdin_now
            if stdin.piped and stdin.text is None and not stdin.download:
                # ``docker save img | ssh host …``: what goes out is another program's
                # output, local data whatever the sender's own arguments say.
                self.result.piped_sends.append(dest.host or "?")

    def execute(self, execution: Execution) -> None:
        self.result.executes.append(execution)

    def change(self, category: str, change: Change) -> None:
        getattr(self.result, category).append(change)

    def run_shell(self, script: str, why: str) -> None:
        ctx = self.ctx.but(depth=self.ctx.depth + 1, fixed=True, level=0, vars=dict(self.ctx.vars))
        saved, saved_cursor = self.ctx, self.cursor
        self.cursor = None
        try:
            self.script(script, ctx)
        finally:
            self.ctx, self.cursor = saved, saved_cursor

    def run_words(self, words: list[Word], wrapper: str) -> None:
        ctx = self.ctx.but(depth=self.ctx.depth + 1, fixed=True)
        saved, saved_cursor = self.ctx, self.cursor
        self.cursor = None
        try:
            if words and not (words[0].dynamic and not words[0].origin):
                self.invoke(Invocation(words, Stdin(piped=True), {}, (wrapper,)), ctx, [])
            elif words:
                self.opaque(f"{wrapper} runs a command computed at run time")
        finally:
            self.ctx, self.cursor = saved, saved_cursor

    def run_python(self, code: str, label: str) -> None:
        self.inline(analyze_python(code), "python")

    def run_node(self, code: str, label: str) -> None:
        self.inline(analyze_node(code), "node")

    def run_other(self, code: str, family: str) -> None:
        if family == "code":
            # A language with no model of its own: the language-agnostic scan.
            self.inline(analyze_code_text(code), "code")
            return
        self.inline(analyze_other(code, family), family)

    def inline(self, facts: InlineFacts, language: str) -> None:
        self.spend(facts.work // 4)
        for path in facts.reads:
            self.read(path)
        for name in facts.env_reads:
            self.env_read(name)
        for path in facts.writes:
            self.write(path)
        for path in facts.downloads:
            self.note_download(path)
        for path, recursive in facts.deletes:
            self.delete(path, recursive, language)
        for path, mode in facts.chmods:
            if mode is not None and mode & 0o6000:
                self.change("privilege", Change("setuid", path, f"{language} chmod {oct(mode)}"))
            if _is_system_write(path):
                self.change("privilege", Change("chmod-system", path, f"{language} chmod {path}"))
        for target in facts.kills:
            if target == "1":
                detail = f"{language} signals init (pid 1)"
            else:
                detail = f"{language} code signals processes"
            self.change("destructive", Change("kill-process", target, detail))
        for dest in facts.network:
            self.network(dest)
        for execution in facts.executions:
            self.execute(execution)
        for reason in facts.opaque_reasons:
            self.opaque(reason)
        for command in facts.shell_commands:
            self.run_shell(command, f"{language} subprocess")

    def downloaded(self, path: str) -> bool:
        return _norm_rel(path) in self.downloads

    def note_download(self, path: str) -> None:
        self.downloads.add(_norm_rel(path))


# Filters that hand a file listing on whole (a grep or sed in between selects some names).
_LISTING_KEEPERS = frozenset({"cat", "tee", "sort", "uniq", "tr", "dd"})


_POSITIONAL_KEYS = ("@", "*", *(str(k) for k in range(1, 10)))


def _set_positional(variables: dict[str, Word], words: list[Word]) -> None:
    """Bind $@, $* and $1..$9 to the given words (``set -- …``, a function's arguments)."""
    for key in _POSITIONAL_KEYS:
        variables.pop(key, None)
    joined = _SPLIT.join(w.text for w in words)
    dynamic = any(w.dynamic for w in words)
    variables["@"] = Word(joined, dynamic)
    variables["*"] = Word(joined, dynamic)
    for k, word in enumerate(words[:9], start=1):
        variables[str(k)] = word


_OPERATED = re.compile(r"^\$\{(?P<bang>!?)(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<op>.*)\}$", re.DOTALL)


def _operate(raw: str, variables: dict[str, Word]) -> Word | None:
    """The value of an operator expansion over a known variable, or None when it cannot be
    evaluated statically (unknown variable, a computed pattern, an unmodelled operator).

    Case changes (``,, ^^ , ^``), indirection (``${!ref}``), pattern substitution
    (``/ // /# /%``), prefix and suffix removal (``# ## % %%``) and substrings
    (``:offset:length``) are what an attacker uses to spell a program or a path so that
    no literal matches; evaluating them gives the word the shell passes.
    """
    match = _OPERATED.match(raw)
    if match is None:
        return None
    name, op = match.group("name"), match.group("op")
    known = variables.get(name)
    if known is None or known.dynamic:
        return None
    value = known.text.replace(_SPLIT, " ")
    if match.group("bang"):
        if op or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            return None
        target = variables.get(value)
        if target is None or target.dynamic:
            return None
        return Word(target.text, False, target.substituted, target.origin)
    if "$" in op or "`" in op:
        return None
    if op in (",,", "^^", ",", "^"):
        if op == ",,":
            return Word(value.lower())
        if op == "^^":
            return Word(value.upper())
        head = value[:1].lower() if op == "," else value[:1].upper()
        return Word(head + value[1:])
    if op.startswith("/"):
        body = op[1:]
        mode = ""
        if body[:1] in ("/", "#", "%"):
            mode, body = body[0], body[1:]
        pattern, _, replacement = body.partition("/")
        if not pattern:
            return None
        regex = fnmatch.translate(pattern).removeprefix("(?s:").removesuffix(")\\Z")
        if mode == "#":
            regex = "^(?:" + regex + ")"
        elif mode == "%":
            regex = "(?:" + regex + ")$"
        try:
            compiled = re.compile(regex, re.DOTALL)
        except re.error:
            return None
        count = 0 if mode == "/" else 1
        return Word(compiled.sub(lambda _m: replacement, value, count=count))
    for symbol in ("##", "%%", "#", "%"):
        if op.startswith(symbol) and op[len(symbol) :]:
            pattern = op[len(symbol) :]
            greedy = len(symbol) == 2
            cuts = range(len(value), -1, -1) if greedy else range(len(value) + 1)
            for k in cuts:
                if symbol[0] == "#" and fnmatch.fnmatchcase(value[:k], pattern):
                    return Word(value[k:])
                cut = len(value) - k
                if symbol[0] == "%" and fnmatch.fnmatchcase(value[cut:], pattern):
                    return Word(value[:cut])
            return Word(value)
    sub = re.fullmatch(r":\s*(-?\d+)(?::\s*(-?\d+))?", op)
    if sub is not None:
        offset = int(sub.group(1))
        start = offset if offset >= 0 else max(0, len(value) + offset)
        if sub.group(2) is None:
            return Word(value[start:])
        length = int(sub.group(2))
        end = start + length if length >= 0 else len(value) + length
        return Word(value[start:end])
    return None


def _flatten_pipeline(elements: list[Node]) -> tuple[list[Node], list[Node]]:
    """Pipeline elements in order, and statements that follow the pipeline (after && or ||)."""
    flat: list[Node] = []
    trailing: list[Node] = []
    for element in elements:
        if element.type == "pipeline":
            inner, after = _flatten_pipeline(list(element.named_children))
            flat += inner
            trailing += after
        elif element.type == "list" and element.named_child_count:
            children = list(element.named_children)
            inner, after = _flatten_pipeline(children[:1])
            flat += inner
            trailing += after + children[1:]
        else:
            flat.append(element)
    return flat, trailing


_GLOB_CHARS = re.compile(r"[*?\[]")
# Programs with a model: what a glob in a command name is matched against.
_KNOWN_PROGRAMS = frozenset(HANDLERS) | frozenset(cat.FILE_READERS)


def credential_store_of(path: str) -> str:
    """The credential store (``cat.CREDENTIAL_FILES`` entry) a path is, or is inside; ""."""
    norm = normalize_home(path)
    if norm.endswith(".pub"):
        return ""  # a public key (``id_ed25519.pub``) is meant to be shown, not a secret
    for store in cat.CREDENTIAL_FILES:
        if (
            norm == store
            or (store.endswith(("/", "_")) and norm.startswith(store))
            or (norm.startswith(store + "/"))
        ):
            return store
    return ""


def _norm_rel(path: str) -> str:
    return path.removeprefix("./")


def _is_system_write(path: str) -> bool:
    if path.startswith(cat.SCRATCH_PREFIXES) or path in _QUIET_PATHS:
        return False
    if path.startswith(("/dev/tcp/", "/dev/udp/")):
        return False
    return any(path == p or path.startswith(p + "/") for p in cat.SYSTEM_PREFIXES)


def _next_stdin(out: Output, previous: Stdin) -> Stdin:
    if out.kind == "literal":
        return Stdin(text=out.text, dynamic=out.dynamic, piped=True)
    if out.kind == "download":
        return Stdin(download=True, piped=True)
    if out.kind == "decode":
        return Stdin(decoded=True, piped=True)
    if out.kind == "listing":
        return Stdin(listing=True, piped=True)
    if out.kind == "pass":
        return Stdin(
            text=previous.text,
            dynamic=previous.dynamic,
            download=previous.download,
            decoded=previous.decoded,
            piped=True,
        )
    return Stdin(piped=True)


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _unsplit(word: Word) -> Word:
    return word if _SPLIT not in word.text else replace(word, text=word.text.replace(_SPLIT, " "))


_BACKSLASH = re.compile(r"\\(\n|.)", re.DOTALL)
_QUOTED_BACKSLASH = re.compile(r"\\([$`\"\\\n])")


def _unescape(text: str) -> str:
    """Unquoted backslashes: \\x is x, a backslash-newline disappears."""
    if "\\" not in text:
        return text
    return _BACKSLASH.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), text)


def _unescape_quoted(text: str) -> str:
    """Inside double quotes only \\$ \\` \\" \\\\ and backslash-newline are escapes."""
    if "\\" not in text:
        return text
    return _QUOTED_BACKSLASH.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), text)


_ = (parse_url, Execution)
