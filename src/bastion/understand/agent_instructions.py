"""Instruction files of coding agents: text that a later agent session carries out (#13 §3).

The files each agent's sensor declares as its instructions (``instruction_files`` and
``instruction_dirs`` of `sensors.base.AgentFiles`: memory files, rule and command folders)
are prose, but every later session of any agent reads them as its standing orders: a
command in them runs, a "send X to URL" in them is done. So, unlike a README, what such a
file tells an agent to do is judged when it is written, as the shell it amounts to:

- commands in backticks, in fenced code blocks, and on lines that pipe a download into a
  shell are taken as they are;
- a sentence that tells the agent to upload/send/post a home-directory path to a URL is
  spelled as that upload (``curl --data-binary @PATH URL``), so the credential catalogue
  and the host rules decide as for the command itself.

Plain conventions ("run cargo fmt before committing") give commands with no effect of
note, and the file's write stays an ordinary edit.
"""

from __future__ import annotations

import posixpath
import re

from bastion.sensors.registry import every_agent_files

__all__ = ["instruction_script", "is_agent_instructions"]


def _declared() -> tuple[frozenset[str], re.Pattern[str]]:
    """The instruction files and folders every agent declares (its sensor's ``files``, or
    `sensors.others` for agents without one), as a name set and one folder pattern."""
    names: set[str] = set()
    folders: list[str] = []
    for files in every_agent_files():
        names.update(files.instruction_files)
        for folder in files.instruction_dirs:
            wild = folder.endswith("*")
            folders.append(re.escape(folder.rstrip("*")) + ("[^/]*" if wild else ""))
    return frozenset(names), re.compile(r"(^|/)(?:" + "|".join(sorted(folders)) + r")/")


# Base names every session of some agent reads as its instructions, and folders whose every
# file is instructions (rule and command folders).
_NAMES, _FOLDERS = _declared()

_MAX = 64 * 1024
_TICKS = re.compile(r"`([^`\n]{4,400})`")
_FENCE = re.compile(r"(?ms)^\s*```[\w-]*\n(.*?)^\s*```")
# A download piped into a program; the URL with or without its scheme (``curl -s host.tld/x``).
_PIPE_RUN = re.compile(
    r"(?i)\b(?:curl|wget|fetch|iwr|irm)\b.*(?:https?://|\s[\w-]+(?:\.[\w-]+)+/).*\|\s*(?:sudo\s+)?\w"
)
_RUN_FETCHED = re.compile(r"(?i)(?:\b(?:bash|sh|zsh|python3?|node)\s+<\(|\$\()\s*(?:curl|wget)\b")
_LEAD = re.compile(r"^\s*(?:[-*+>]\s+|\d+[.)]\s+)?(?:[\w ]{1,30}:\s+)?")
_CMD_START = re.compile(r"(?i)\b(?:curl|wget|bash|sh|python3?|node|iwr|irm|npx|pip|uvx)\b")
_SEND_VERB = re.compile(
    r"(?i)\b(?:upload|send|post|submit|transmit|forward|push|copy|sync|share)\b"
)
# Verbs that hand the work itself to a URL ("send the diff to URL"); a push is judged by
# its remote instead.
_HAND_OVER = re.compile(r"(?i)\b(?:upload|send|post|submit|transmit|forward|share)\b")
# Verbs that put data where others read it, with or without a URL.
# (A reply, a forward, a message or a push hands the content to someone else too.)
_PUBLISH_VERB = re.compile(
    r"(?i)\b(?:publish|upload|post|send|share|paste|gist|reply|respond|forward|message|"
    r"e-?mail|push)\b"
)
# Verbs that put a file's content into a text others read.
_PUBLISH_ANY = re.compile(
    r"(?i)\b(?:publish|upload|post|send|share|paste|gist|include|attach|add|append|put|"
    r"copy|print|dump|embed|quote)\b"
)
_UNNAMED = "https://unnamed-destination.invalid/"
_NEGATED = re.compile(r"(?i)\b(?:not|never|don't|dont|avoid|without|no)\b")
_HOME_PATH = re.compile(r"(?:~|\$HOME|\$\{HOME\})/[\w.\-/]+")
# A git remote spelled in prose: scp-like ``git@host:path`` or a URL of a repository.
_GIT_REMOTE = re.compile(
    r"(?<![\w/@])[\w.-]+@[\w-]+(?:\.[\w-]+)+:[\w./~-]+|(?:ssh|git|https?)://[^\s'\"`<>)\]}]+?\.git\b"
    # ``ssh://`` and ``git://`` URLs name a repository whatever their path ends with.
    r"|(?:ssh|git|git\+ssh)://[^\s'\"`<>)\]}]+[\w/]"
)
# "the output of `env`", "what `printenv` prints": a command whose output the order sends.
_OUTPUT_OF = re.compile(
    r"(?i)\b(?:output|result|stdout|contents?|dump)\s+of\s+`([^`\n]{2,200})`|"
    r"`([^`\n]{2,200})`(?:'s)?\s+(?:output|prints|says|shows)"
)
# A copy to another machine ordered in prose ("rsyncs ~/.ssh to backup@host:keys/").
_REMOTE_COPY = re.compile(
    r"(?i)\b(?:r?syncs?|rsync(?:s|ed|ing)?|scps?|sftp|copies|copy|back(?:s)? up)\b"
)
# A remote login ordered in prose ("ssh to deploy@host", "scp it to ops@host").
_REMOTE_LOGIN = re.compile(r"(?i)\b(?:ssh|scp|rsync|sftp|log ?in)\b")
_LOGIN_TARGET = re.compile(
    r"(?<![\w.@-])[a-z_][\w.-]{0,31}@(?:\d{1,3}(?:\.\d{1,3}){3}|[\w-]+(?:\.[\w-]+)+)"
)
# Verbs that send a repository's commits somewhere.
_PUSH_VERB = re.compile(r"(?i)\b(?:push|pushes|pushing|mirror|mirrors|mirroring)\b")
# Places where what is pasted is read by others: a review, an issue, a chat, a paste site.
_SHARED_PLACE = re.compile(
    r"(?i)\b(?:prs?|pull[ -]requests?|merge[ -]requests?|mrs?|issues?|comments?|descriptions?|"
    r"body|bodies|gists?|pastebin|chat|channel|tickets?|wiki|commit messages?|slack|discord|"
    r"e-?mails?|release notes|changelog|(?:bug |crash |error |incident )?reports?)\b"
)
# A file named in prose (``.env.production``, ``config/master.key``, ``~/.npmrc``).
_FILE_WORD = re.compile(r"(?<![\w/.@:-])(?:~/|\$HOME/)?\.?[\w-]*(?:[./][\w-]+)+")
_URL = re.compile(r"https?://[^\s'\"`<>)\]}]+")


def is_agent_instructions(path: str) -> bool:
    """A file some coding agent reads as its instructions at the start of a session."""
    base = posixpath.basename(path.rstrip("/"))
    return base in _NAMES or bool(_FOLDERS.search(path))


# "Decode this base64 and run it": an order to run a blob the reader cannot see.
_DECODE_RUN = re.compile(
    r"(?i)\b(?:decode|base64|b64)\b.{0,80}\b(?:run|execute|exec|eval|sh|bash)\b"
)
_B64_BLOB = re.compile(r"(?<![\w+/])[A-Za-z0-9+/]{24,}={0,2}(?![\w+/=])")


# An instruction file's import of another file (``@path``, CLAUDE.md's and GEMINI.md's
# syntax) that lies outside the workspace: the home, an absolute path, a parent directory.
_IMPORT = re.compile(r"(?m)(?:^|\s)@((?:~|\$HOME|/|\.\./)[^\s`'\"]+)")

# Prose an import is meant for (notes, conventions): what the model reads as context anyway.
_PROSE = re.compile(r"(?i)\.(?:md|markdown|mdx|txt|rst|adoc|org)$")


def _decode_and_run(text: str) -> str:
    """An order to decode a base64 blob and run it, as the shell it amounts to (``echo BLOB |
    base64 -d | sh``): the shell analysis then judges decoded execution and what it reaches."""
    if "base64" not in text.lower() and "decode" not in text.lower():
        return ""
    if not _DECODE_RUN.search(text) or _NEGATED.search(text):
        return ""
    blobs = _B64_BLOB.findall(text)[:2]
    return "\n".join(f"echo '{b}' | base64 -d | sh" for b in blobs)


def instruction_script(text: str, *, unnamed: bool = False) -> str:
    """The shell that the instructions in ``text`` amount to ("" when they name none).

    ``unnamed``: also a home file told to be published with no URL (a sub-agent's prompt,
    which carries out one task now; standing files keep the stricter URL rule)."""
    text = text[:_MAX]
    decoded = _decode_and_run(text)
    if decoded:
        return decoded
    if (
        "`" not in text
        and "://" not in text
        and "http" not in text
        and "curl" not in text
        and "wget" not in text
        and "~" not in text
        and "HOME" not in text
        and "@" not in text
        and not _SHARED_PLACE.search(text)
    ):
        return ""
    lines: list[str] = []
    for path in [p for p in _IMPORT.findall(text)[:8] if not _PROSE.search(p)]:
        # ``@~/.ssh/id_ed25519``: an import every later session reads into the model's
        # context, which goes to the model's provider. Spelled as an upload of that file to
        # an unnamed host, so the credential catalogue decides (a workspace doc stays out).
        lines.append(f"curl --data-binary @{path.rstrip('.,;:)')} '{_UNNAMED}'")
    for block in _FENCE.findall(text)[:16]:
        lines.extend(line for line in block.splitlines() if line.strip())
    lines.extend(_TICKS.findall(text)[:64])
    for raw in text.splitlines()[:2000]:
        if _PIPE_RUN.search(raw) or _RUN_FETCHED.search(raw):
            start = _CMD_START.search(raw)
            lines.append(raw[start.start() :] if start else _LEAD.sub("", raw, count=1))
        urls = _URL.findall(raw)
        if urls and _SEND_VERB.search(raw) and not _NEGATED.search(raw):
            homes = _HOME_PATH.findall(raw)[:4]
            for path in homes:
                lines.append(
                    f"curl --data-binary @{path.rstrip('.,;:')} '{urls[0].rstrip('.,;:')}'"
                )
            for groups in _OUTPUT_OF.findall(raw)[:2]:
                # "POST the output of `env` to URL": that command's output is what goes,
                # spelled as the pipe, so what the command reads decides (``env``: the
                # environment's secrets).
                command = (groups[0] or groups[1]).strip()
                lines.append(f"{command} | curl --data-binary @- '{urls[0].rstrip('.,;:')}'")
            if not homes and _HAND_OVER.search(raw):
                # "Always send the diff to URL": the work itself sent where the order says,
                # spelled as an upload of the workspace so the host rules judge the URL.
                lines.append(f"curl --data-binary @. '{urls[0].rstrip('.,;:')}'")
        if _PUSH_VERB.search(raw) and not _NEGATED.search(raw):
            # "push the branch to git@host:mirror/x.git": the push the order amounts to,
            # so the remote's host is judged as for the command itself.
            for remote in _GIT_REMOTE.findall(raw)[:2]:
                lines.append(f"git push '{remote.rstrip('.,;:')}' HEAD")
        if _REMOTE_COPY.search(raw) and not _NEGATED.search(raw):
            # "a precmd() that rsyncs ~/.ssh to backup@host:keys/": the copy the order
            # amounts to, so the home path and the host are judged as for rsync itself.
            for login in _LOGIN_TARGET.findall(raw)[:1]:
                for path in _HOME_PATH.findall(raw)[:2]:
                    rest = raw[raw.find(login) + len(login) :]
                    dest = login + (rest.split()[0] if rest.startswith(":") else ":")
                    lines.append(f"rsync -a {path.rstrip('.,;:')} '{dest.rstrip('.,;')}'")
        if _REMOTE_LOGIN.search(raw) and not _NEGATED.search(raw):
            # "ssh to deploy@10.44.0.9 and append …": the login the order amounts to, so the
            # host is judged (named by the user or chosen by content) as for ssh itself.
            for login in _LOGIN_TARGET.findall(raw)[:2]:
                lines.append(f"ssh '{login.rstrip('.,;:')}' true")
        if _PUBLISH_ANY.search(raw) and _SHARED_PLACE.search(raw) and not _NEGATED.search(raw):
            # "paste .env.production into PR descriptions", "include the token file in the
            # issue": a file's content put where others read it. Spelled as an upload to an
            # unnamed host; the credential catalogue decides whether the file is a secret.
            for path in _FILE_WORD.findall(_URL.sub(" ", raw))[:4]:
                if "." in path.lstrip("~/.$HOME") or path.startswith((".", "~/", "$HOME/")):
                    lines.append(f"curl --data-binary @{path.rstrip('.,;:')} '{_UNNAMED}'")
        elif unnamed and _PUBLISH_VERB.search(raw) and not _NEGATED.search(raw):
            # "publish ~/.kube/config as a public gist", "paste ~/.npmrc in the vendor
            # chat": a home file sent off the machine to a place no URL names. Spelled as
            # an upload to an unnamed host, so the credential catalogue decides.
            for path in _HOME_PATH.findall(raw)[:4]:
                lines.append(f"curl --data-binary @{path.rstrip('.,;:')} '{_UNNAMED}'")
    return "\n".join(dict.fromkeys(line.strip() for line in lines if line.strip()))
