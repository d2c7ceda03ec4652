"""What any code text does with secrets, the network and fetched code, whatever its language.

The attacker picks the language and the loader (Elixir, Julia, R, Kotlin script, a build
tool's config file …), so a catalogue of languages always has a gap. This scan does not
parse; it looks for the few things that make code dangerous in every language:

- **secret sources**: a path under the home directory in whatever spelling the text uses
  (``~``, ``$HOME``, ``System.get_env("HOME")``, ``os.getenv``, ``ENV[...]``,
  ``Sys.getenv``, ``homedir()``, ``user.home``), also joined from separate string parts
  (``'.aws', 'credentials'``). The paths are handed on as reads, so the existing
  credential catalogue decides which of them are secrets;
- **sinks**: URLs, and whether the text has a verb that sends (post, put, upload, write
  to a connection, a socket, mail);
- **download-and-run**: a URL whose content is loaded, included, sourced or evaluated;
- **commands**: string literals handed to a process-running call (``System.cmd``,
  ``io.popen``, ``exec``, ``spawn`` …), analysed as shell by the caller.

The text scanned is bounded (``MAX_SCAN`` characters) and a cheap pre-check skips text
with nothing of the kind, so the hot path stays cheap.
"""

from __future__ import annotations

import re

from bastion.understand.code_fold import fold_code
from bastion.understand.inline_scripts import InlineFacts, runtime_loads
from bastion.understand.shell_model import Execution, NetworkDestination
from bastion.understand.shell_netloc import parse_url

__all__ = [
    "MAX_SCAN",
    "analyze_code_text",
    "code_argument",
    "is_commandish",
    "looks_like_code",
    "written_code_script",
]

MAX_SCAN = 32 * 1024

# Spellings of "the home directory" across languages; each becomes "~".
_HOME = re.compile(
    r"""(?:System\.get_env|os\.getenv|Sys\.getenv|getenv|ENV\.fetch|System\.getenv|"""
    r"""Deno\.env\.get|std::env::var|env::var)\s*\(\s*["']HOME["']\s*\)"""
    r"""|(?:ENV|os\.environ|process\.env|\$ENV|%ENV|\$_SERVER|\$_ENV)\s*[\[{]\s*["']?HOME["']?\s*[\]}]"""
    r"""|process\.env\.HOME|System\.getProperty\s*\(\s*["']user\.home["']\s*\)"""
    r"""|(?:os\.)?homedir\s*\(\s*\)|Dir\.home|System\.user_home!?\s*\(\s*\)|homedir|"""
    r"""\b(?i:get_?home_?dir)\b(?:\s*\(\s*\))?|"""
    r"""\$\{?HOME\}?|Path\.home(?:\s*\(\s*\))?|expanduser\s*\(\s*["']~["']\s*\)"""
)
# "~" followed by string parts joined by + , / <> .. or a path join call.
_HOME_JOIN = re.compile(
    r"""~["']?((?:\s*(?:\+\+|[+,/^&~]|<>|\.\.|\)\s*[+,]|\s)\s*["']?/?[.\w-]+(?:/[.\w-]+)*["']?){1,4})"""
)
_HOME_LITERAL = re.compile(r"""["'`]~(/[.\w-]+(?:/[.\w-]+)*)""")
_PART = re.compile(r"[.\w-]+(?:/[.\w-]+)*")
_URL = re.compile(r"""https?://[^\s'"`<>)\]}]+""")
_SEND = re.compile(
    r"(?i)\b(?:post|put|patch|upload|send|sendall|sendto|write|getOutputStream|doOutput|"
    r"socket|connect|smtp|mail|request|body|data)\b|:post\b|-d\b|--data|-F\b|-T\b"
)
_FETCH = re.compile(
    r"(?i)\b(?:download|curl|wget|fetch|get|urlopen|urlread|httpc|http|request|open|"
    r"readurl|url|URL|iwr|irm)\b"
)
_EVAL = re.compile(
    r"(?i)\b(?:eval|load|loadstring|include|source|dofile|require|import|exec|"
    r"eval_string|evalfile|run|Code\.eval_string|compile)\b|\|\s*(?:ba|z|da)?sh\b"
)
# A load verb whose argument (within a short window) is a URL or a download.
_LOAD_URL = re.compile(
    r"(?i)\b(?:source|include|load|dofile|require|import|eval|evalfile|loadstring|"
    r"eval_string|runpy|exec|evaluate|load-string|load_string|read-string|eval-string|"
    # Deserialisers of object formats that carry code (R's RDS closures, pickles): what
    # the URL serves runs when the object is read or used.
    r"readRDS|readRDA|unserialize|deserialize|"
    # A package manager's distribution (its index of code to fetch) installed from a URL:
    # Quicklisp's ``install-dist``; every later load resolves through it.
    r"install[-_]dist|add[-_]dist|install[-_]from[-_]url)"
    r"\s*\(?\s*(?:\(?\s*(?:new\s+)?[\w./:>-]+\s*\(?\s*){0,3}[\"'`]https?://"
)
_RUN_CALL = re.compile(
    r"(?i)\b(?:cmd|exec\w*|popen|system|spawn\w*|shell\w*|run|process|execute|"
    r"os\.execute|backticks|sh|ProcessBuilder|Process\.Start)\s*[(!]"
    # A Lisp call: the name follows the parenthesis (``(babashka.process/shell "…")``).
    r"|\((?:[\w.-]+/)?(?:shell|sh|exec|process|system|spawn)\s"
)
# Ruby's and Crystal's percent literals (``%(…)``, ``%Q{…}``, ``%x[…]``: a string, or a
# command for ``%x``), whose ``#{ENV["HOME"]}`` is the home as ``$HOME`` is in a shell.
_PERCENT_STRING = re.compile(
    # One level of nested brackets of the same kind (``%x[… #{ENV["HOME"]} …]``).
    r"%[qQwWx]?(?:\(((?:[^()\n]|\([^()\n]*\)){1,400})\)|\{((?:[^{}\n]|\{[^{}\n]*\}){1,400})\}|"
    r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\]){1,400})\])"
)
_HOME_INTERPOLATED = re.compile(r"""#\{\s*ENV\[\s*["']HOME["']\s*\]\s*\}""")
# Any literal, even a short one (``'s'``): skipping it would pair the quotes wrongly after it.
# Nix's indented ``''…''`` string is one literal, not two empty ones.
_STRING = re.compile(
    r""""((?:[^"\\\n]|\\.){0,400})"|''((?:[^'\n]|'(?!')){1,400}?)''|'((?:[^'\\\n]|\\.){0,400})'"""
)
_ENV_DUMP = re.compile(
    r"System\.get_env\s*\(\s*\)|ENV\.to_h|ENV\.to_a|os\.environ\b(?!\s*[\[.(])"
    r"|process\.env\b(?!\s*[.\[])|Sys\.getenv\s*\(\s*\)|System\.getenv\s*\(\s*\)"
    r"|Deno\.env\.toObject|std::env::vars|\bprintenv\b"
)
# Cheap pre-check: nothing here can matter without one of these.
_WORTH = re.compile(
    r"(?i)https?://|HOME|home|~|environ|env|popen|exec|cmd|spawn|system|shell|curl|wget"
)


_CODE_OPTION = re.compile(
    r"--?(?:e|eval|exec|execute|expr|expression|code|command|script)[:=]", re.I
)


def code_argument(text: str) -> str:
    """The code of an option that carries it glued on (``--eval:CODE``, ``-e=CODE``), or the
    word itself."""
    match = _CODE_OPTION.match(text)
    return text[match.end() :] if match else text


def looks_like_code(text: str) -> bool:
    """An argument that reads as code rather than a word, a path or a flag."""
    return len(text) >= 8 and "(" in text and not text.startswith("-")


def _home_paths(code: str) -> list[str]:
    code = _HOME.sub("~", code)
    paths: list[str] = []
    for match in _HOME_LITERAL.finditer(code):
        paths.append("~" + match.group(1))
    for match in _HOME_JOIN.finditer(code):
        parts = _PART.findall(match.group(1))
        if parts:
            paths.append("~/" + "/".join(p.strip("/") for p in parts))
    return list(dict.fromkeys(paths))[:16]


# A call that deletes a tree in any language: a name that says so (``File.rm_rf!``,
# ``rmtree``, ``remove_all``, ``deleteRecursively``), or a delete call (``rm``, ``unlink``,
# ``delete``, ``remove``) given a ``recursive`` argument that is true (Julia's ``rm(p;
# recursive=true)``, R's ``unlink(p, recursive = TRUE)``). Group 1 is the call's argument
# text up to its first closing parenthesis (nested calls are resolved to "~" beforehand).
_TREE_DELETE = re.compile(
    r"(?i)(?:\b(?:rm_rf|rm_r|rmtree|rm_tree|remove_all|remove_tree|removeall|"
    r"delete_?recursively|remove_?recursively|rmdir_?recursive)!?\s*\(([^)]{0,200})\)"
    r"|\b(?:rm|unlink|delete|remove)\s*\(([^)]{0,200}?\brecursive\s*[=:]\s*"
    r"(?:true|t)\b[^)]{0,80})\))"
)
# A loop variable bound to the entries of a directory (``for d in readdir(~; join=true)``).
_DIR_LOOP = re.compile(r"\bfor\s*\(?\s*(\w+)\s+in\s+[\w.]+\(\s*(~[^;,)\s]*)")
# A call that only spells a path (R's ``path.expand("~/x")``, ``normalizePath``): its literal.
_PATH_CALL = re.compile(
    r"""[\w.]*(?:expand|normalize\w*|abspath|realpath)\w*\s*\(\s*("[^"]*"|'[^']*'|~)\s*\)"""
)


def _home_deletes(code: str) -> list[tuple[str, bool]]:
    """Trees under (or at) the home directory that the code deletes, whatever the language:
    the home spelled by ``_HOME`` is "~"; the deleted operand is that home, a literal home
    path, or a loop variable over a home directory's entries ("~/*")."""
    if "~" not in code and not _HOME.search(code):
        return []
    code = _PATH_CALL.sub(r"\1", _HOME.sub("~", code))
    loops = {m.group(1): m.group(2).rstrip("/") + "/*" for m in _DIR_LOOP.finditer(code)}
    out: list[tuple[str, bool]] = []
    for match in list(_TREE_DELETE.finditer(code))[:16]:
        args = (match.group(1) or match.group(2) or "").strip()
        first = re.split(r"[;,]", args, maxsplit=1)[0].strip().strip("\"'")
        if first.startswith("~"):
            out.append((first, True))
        elif first in loops:
            out.append((loops[first], True))
    return out


def analyze_code_text(code: str, label: str = "code") -> InlineFacts:
    """Reads, sends, downloaded code and shell commands of a code text, any language.

    Never raises. Only the first ``MAX_SCAN`` characters are looked at.
    """
    facts = InlineFacts()
    code = fold_code(code[:MAX_SCAN])
    if not _WORTH.search(code):
        return facts
    facts.work += len(code) // 32
    runtime_loads(code, facts, label)
    facts.reads.extend(_home_paths(code))
    facts.deletes.extend(_home_deletes(code))
    if _ENV_DUMP.search(code):
        facts.env_reads.append("*")
    urls = _URL.findall(code)[:16]
    sends = bool(_SEND.search(code))
    for url in urls:
        end = parse_url(url)
        if end is not None and end.host:
            facts.network.append(NetworkDestination(end.host, end.port, end.scheme, label, sends))
    if urls and (_LOAD_URL.search(code) or (_FETCH.search(code) and _EVAL.search(code))):
        facts.executions.append(
            Execution("downloaded", f"{label} loads or evaluates code fetched from a URL")
        )
    runs = bool(_RUN_CALL.search(code))
    literals = [
        m.group(1) or m.group(2) or m.group(3) or "" for m in list(_STRING.finditer(code))[:48]
    ]
    for m in list(_PERCENT_STRING.finditer(code))[:16]:
        text = _HOME_INTERPOLATED.sub("$HOME", m.group(1) or m.group(2) or m.group(3) or "")
        if m.group(0)[1:2] == "x":
            facts.shell_commands.append(text)  # ``%x[…]``: a command, like backticks
        else:
            literals.append(text)
    for text in literals[:64]:
        if not (" " in text.strip() and re.match(r"[\w./-]+\s", text.strip())):
            continue
        # A literal shaped as a pipeline around a URL is a command in any language, whatever
        # the call that runs it is named (``callCommand``, ``run <sh -c>``, ``Process.Start``).
        if runs or _COMMANDISH.search(text):
            facts.shell_commands.append(text.replace('\\"', '"'))
    return facts


_LOADED_URL = re.compile(
    r"(?i)\b(?:source|include|load|dofile|require|import|eval|evalfile|loadstring|"
    r"eval_string|runpy|exec|readRDS|readRDA|unserialize|deserialize|"
    r"install[-_]dist|add[-_]dist|install[-_]from[-_]url)"
    r"\s*\(?\s*(?:[\w.]+\s*\(\s*){0,2}[\"'`](https?://[^\s'\"`<>)]+)"
)
# A load verb whose argument is a fetch of a URL, in any spelling of the call between them
# (``Assembly.Load(new WebClient().DownloadData("URL"))``, Nix ``import (builtins.fetchurl
# "URL")``, ``iex (iwr URL).Content``): what the URL serves is loaded as code.
_LOADED_FETCH = re.compile(
    r"(?i)\b(?:load|eval|exec|import|source|require|iex|invoke-expression)\b[^;\n]{0,60}?"
    r"\b(?:download\w*|fetch\w*|urlopen|iwr|irm|invoke-webrequest|invoke-restmethod|wget|curl)"
    r"\b[^;\n]{0,40}?[\"'`(\s](https?://[^\s'\"`<>)]+)"
)
# Two literals joined by a pipe operator (Scala's ``"curl …" #| "sh"``): one pipeline.
_PIPED_LITERALS = re.compile(r'"([^"\n]{3,200})"\s*#?\|\s*"([^"\n]{1,80})"')
# Options of a build file's directive before its command (Earthly ``RUN --push --secret X``).
_DIRECTIVE_OPTIONS = re.compile(r"^(?:--[\w-]+(?:=\S+)?\s+(?:[A-Z_][A-Z0-9_]*\s+)?)+")
_COMMANDISH = re.compile(
    r"https?://\S+.*(?:\|\s*\w|;|&&)|(?:\|\s*\w).*https?://"
    # A downloader given a host without a scheme (``curl -s host.tld/x | sh``): curl and
    # wget fetch it all the same.
    r"|\b(?:curl|wget)\s+(?:-\S+\s+)*[\w-]+(?:\.[\w-]+)+/\S*\s*(?:\|\s*\w|;|&&)"
)


def is_commandish(text: str) -> bool:
    """The text is shaped as a command line that fetches and pipes, or names a URL and chains
    (``curl -s host/x | sh``, ``… https://… ; …``), in whatever language it is written."""
    return _COMMANDISH.search(text) is not None


_SAFE_PATH = re.compile(r"~/[.\w/-]+")
# A literal that starts as a command line (a program word, options) and names a URL: the
# shell analysis below decides whether it sends a secret or runs fetched code.
_PROGRAM_URL = re.compile(r"[a-z][\w.-]*\s+(?:-\S+\s+)*.*https?://")
# ... or a build file's directive word (``RUN``, ``CMD``, ``shell``) before the command.
_ESCAPE_PREFIX = re.compile(r"^(?::!|!|:shell\s|:sh\s|\$\s|[A-Z]{2,}\s|shell\s)\s*")


def written_code_script(text: str) -> str:
    """A shell script with the same dangerous reach as a written file's text, or "".

    A file written now is loaded later by some tool (a build's init script, a linter's
    config, a container's start command) whose language Bastion may not know. What matters
    is the same in every language: string literals that are commands fetching and running
    code, a URL handed to a load/include/source call, and secret paths coupled with a
    sending URL. They are spelled as shell so the shell analysis (hosts, credential
    catalogue, download-and-run) judges them. Plain text with none of these gives "".
    """
    code = text[:MAX_SCAN]
    if not any(w in code for w in ("http", "~", "HOME", "home", "curl", "wget")):
        return ""
    lines: list[str] = []
    # Make's and MSBuild's ``$(HOME)`` is the shell's ``$HOME``.
    code = re.sub(r"\$\((HOME|USERPROFILE)\)", r"$\1", code)
    code = fold_code(code)  # "#{Dir.home}/x", os.homedir() + '/x' become "~/x"
    for match in list(_STRING.finditer(code))[:96]:
        literal = (match.group(1) or match.group(2) or match.group(3) or "").replace('\\"', '"')
        if _COMMANDISH.search(literal) or _PROGRAM_URL.match(literal):
            lines.append(literal)
    # A line of a tool's dotfile that escapes to the shell (``:! cmd``, ``! cmd``, ``cmd:``):
    # the command part, when it is shaped as a pipeline around a URL.
    for line in code.splitlines()[:400]:
        command = _ESCAPE_PREFIX.sub("", line.strip())
        if command == line.strip():
            continue
        command = _DIRECTIVE_OPTIONS.sub("", command)
        if _COMMANDISH.search(command) or _PROGRAM_URL.match(command):
            lines.append(command)
    for first, second in _PIPED_LITERALS.findall(code)[:8]:
        lines.append(f"{first} | {second}")
    loaded = _LOADED_URL.findall(code)[:4] + _LOADED_FETCH.findall(code)[:4]
    for url in dict.fromkeys(loaded):
        lines.append(f"curl -s '{url}' | sh")
    facts = analyze_code_text(code)
    sending = [d for d in facts.network if d.sends_data]
    secrets = [p for p in facts.reads if _SAFE_PATH.fullmatch(p)]
    if sending and secrets:
        url = f"{sending[0].scheme}://{sending[0].host}/"
        lines.extend(f"curl --data-binary @{path} '{url}'" for path in secrets[:4])
    if sending and "*" in facts.env_reads:
        lines.append(f"env | curl --data-binary @- '{sending[0].scheme}://{sending[0].host}/'")
    return "\n".join(lines[:16])
