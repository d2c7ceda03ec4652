"""git: remotes, pushes, clones, config keys that execute, hooks and send-email."""

from __future__ import annotations

import re

from bastion.understand.programs.base import (
    NO_OUTPUT,
    PASS,
    Invocation,
    Output,
    Parsed,
    Sink,
    add_change,
    handles,
    parse_options,
    quote,
    word_paths,
)
from bastion.understand.shell_model import NetworkDestination, Word
from bastion.understand.shell_netloc import (
    clean_host,
    parse_remote,
)

_GIT_GLOBAL_WITH_ARG = frozenset(
    {"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env"}
)
_GIT_NETWORK = frozenset({"push", "fetch", "pull", "clone", "ls-remote", "archive"})
# ``git subtree`` subcommands that reach a repository, as the git verb they act like.
_SUBTREE_NETWORK = {"push": "push", "pull": "fetch", "add": "fetch"}
_GIT_EXEC_CONFIG = re.compile(
    r"(core\.(sshcommand|pager|editor|fsmonitor|askpass|gitproxy)|alias\..*|url\..*\.insteadof"
    r"|credential\..*helper|filter\..*\.(clean|smudge|process)|diff\..*\.textconv"
    r"|sequence\.editor|include\.path|includeif\..*)",
    re.IGNORECASE,
)


# Keys that send git's traffic through another machine.
_GIT_PROXY_CONFIG = re.compile(r"(https?(\..+)?|remote\..+)\.proxy", re.IGNORECASE)
# Keys whose value git runs as a shell command during the command (`git -c KEY=… fetch`).
_GIT_COMMAND_KEYS = frozenset({"core.sshcommand", "core.askpass", "core.gitproxy"})
# Keys naming a directory whose hooks git runs: its own, or a template copied into clones.
_HOOK_DIRECTORY_KEYS = frozenset({"core.hookspath", "init.templatedir"})


def _overridden_remote(positionals: list[Word], pairs: list[str], sub: str) -> list[Word]:
    """The remote a network command really reaches once ``git -c`` overrides are applied.

    ``git -c remote.origin.url=URL push origin`` pushes to URL, ``-c remote.X.pushurl=``
    likewise for a push, and ``-c url.NEW.insteadOf=OLD`` rewrites any remote URL that
    starts with OLD: each is judged as the config write it imitates, i.e. as the URL named.
    """
    if not pairs:
        return positionals
    name = positionals[0].text if positionals else "origin"
    urls: dict[str, str] = {}
    rewrites: list[tuple[str, str]] = []
    for pair in pairs:
        key, _, value = pair.partition("=")
        parts = key.split(".")
        low = key.lower()
        if len(parts) >= 3 and parts[0].lower() == "remote" and value:
            field = parts[-1].lower()
            remote = ".".join(parts[1:-1])
            if (field == "url" and remote not in urls) or (field == "pushurl" and sub == "push"):
                urls[remote] = value
        elif low.startswith("url.") and (
            low.endswith(".insteadof") or (low.endswith(".pushinsteadof") and sub == "push")
        ):
            rewrites.append((value, key[4 : key.rfind(".")]))
    target = urls.get(name)
    if target is None:
        text = positionals[0].text if positionals else ""
        named = parse_remote(text) is None  # a remote's name: its URL is in .git/config
        for old, new in rewrites:
            if old and text.startswith(old):
                target = new + text[len(old) :]
                break
            if named and old and parse_remote(new) is not None:
                # The named remote's URL is not on the command line; an override given
                # with the command is there to rewrite it, so its target is what is reached.
                target = new
                break
    if target is None:
        return positionals
    return [Word(target), *positionals[1:]] if positionals else [Word(target)]


def _git_remote(word: Word | None, tool: str, sends: bool) -> NetworkDestination:
    if word is None:
        return NetworkDestination("", None, "", tool, sends)
    end = parse_remote(word.text)
    if end is None:
        # A remote name such as "origin": the host is configured elsewhere.
        return NetworkDestination("", None, "", tool, sends)
    scheme = end.scheme if end.scheme != "ssh" or "://" in word.text else "ssh"
    return NetworkDestination(end.host, end.port, scheme, tool, sends or end.dynamic_after_host)


def _git_local_path(word: Word | None) -> str | None:
    """The path of a remote that is a directory on this machine (``/srv/x.git``, ``../y``,
    ``file:///srv/x.git``), else None; such a remote is a path to judge, not a host ""."""
    if word is None:
        return None
    text = word.text
    if text.startswith("file://"):
        return text[len("file://") :] or None
    if text.startswith(("/", "./", "../", "~/")) or text in (".", ".."):
        return text
    return None


_ENV_PARAMETER = re.compile(r"'([^']+)'(?:=\s*'([^']*)')?")


def _env_config_pairs(env: dict[str, str]) -> list[str]:
    """``git -c`` settings given through the environment: ``GIT_CONFIG_COUNT`` with its
    ``GIT_CONFIG_KEY_<n>``/``GIT_CONFIG_VALUE_<n>`` pairs, and ``GIT_CONFIG_PARAMETERS``
    (``'key'='value'`` entries). Git reads them exactly as it reads ``-c``."""
    pairs: list[str] = []
    count = env.get("GIT_CONFIG_COUNT", "")
    for n in range(min(int(count), 16) if count.isdigit() else 0):
        key = env.get(f"GIT_CONFIG_KEY_{n}", "")
        if key:
            pairs.append(f"{key}={env.get(f'GIT_CONFIG_VALUE_{n}', '')}")
    for match in list(_ENV_PARAMETER.finditer(env.get("GIT_CONFIG_PARAMETERS", "")))[:16]:
        key, value = match.group(1), match.group(2)
        pairs.append(f"{key}={value}" if value is not None else key)
    return pairs


@handles("git")
def _git(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    i = 0
    config_pairs: list[str] = []
    workdir = ""
    while i < len(args) and args[i].text.startswith("-"):
        name = args[i].text.split("=", 1)[0]
        if name in _GIT_GLOBAL_WITH_ARG and "=" not in args[i].text:
            if name == "-c" and i + 1 < len(args):
                config_pairs.append(args[i + 1].text)
            if name in ("-C", "--work-tree") and i + 1 < len(args):
                workdir = args[i + 1].text
            i += 2
        else:
            i += 1
    config_pairs.extend(_env_config_pairs(inv.env))
    for pair in config_pairs:
        key, _, setting = pair.partition("=")
        if _GIT_EXEC_CONFIG.fullmatch(key) or key.lower() in _HOOK_DIRECTORY_KEYS:
            add_change(sink, "persistence", "git-config-exec", key, f"git -c {pair} runs a command")
        if key.lower() in _GIT_COMMAND_KEYS and setting.strip():
            # git -c core.sshCommand='…' fetch: git runs the value as a shell command now.
            sink.run_shell(setting.strip(), f"git -c {key}")
    if i >= len(args):
        return NO_OUTPUT
    sub = args[i].text
    rest = args[i + 1 :]
    if sub == "subtree" and rest and rest[0].text in _SUBTREE_NETWORK:
        # ``git subtree push --prefix=dir <repository> <ref>`` pushes like ``git push`` (pull
        # and add fetch): the repository operand is the remote, judged the same way.
        sub, rest = _SUBTREE_NETWORK[rest[0].text], rest[1:]
    texts = [w.text for w in rest]
    if sub in {"send-email", "imap-send"}:
        _git_send_email(texts, sink)
        return NO_OUTPUT
    if sub in _GIT_NETWORK:
        opts = frozenset(
            {
                "-o",
                "--push-option",
                "--receive-pack",
                "--exec",
                "--upload-pack",
                "-b",
                "--branch",
                "--depth",
                "--origin",
                "-j",
                "--jobs",
                "--reference",
                "--template",
                "--separate-git-dir",
                "--config",
                "--filter",
                "--remote",
                "--prefix",
                "--output",
                "--format",
                "--shallow-since",
                "-c",
            }
        )
        parsed = parse_options(rest, opts)
        positionals = _overridden_remote(parsed.positionals, config_pairs, sub)
        if sub == "archive":
            remote = parsed.values("--remote")
            if remote:
                sink.network(_git_remote(remote[0], "git", False))
            else:
                sink.read(".")  # the archive is the repository's content
            return NO_OUTPUT
        sends = sub == "push"
        local = _git_local_path(positionals[0] if positionals else None)
        helper = _transport_command(positionals[0].text if positionals else "")
        if helper:
            # ext::<command> and friends: git runs the command as its transport.
            sink.run_shell(helper, "git transport command")
        elif local is not None:  # a repository on this machine: a path, not a host
            (sink.write if sends else sink.read)(local)
        else:
            sink.network(_git_remote(positionals[0] if positionals else None, "git", sends))
        if sub == "clone" and len(positionals) > 1:
            sink.write(positionals[1].text)
        if sub == "push":
            _git_push(parsed, positionals, sink)
        for value in parsed.values("--receive-pack", "--upload-pack", "--exec"):
            sink.run_shell(value.text, "git remote helper")
        return NO_OUTPUT
    if sub == "reset" and "--hard" in texts:
        target = next((t for t in texts if not t.startswith("-")), "HEAD")
        add_change(
            sink,
            "destructive",
            "git-reset-hard",
            target,
            f"git reset --hard {target} discards uncommitted work",
        )
    elif sub == "clean":
        parsed = parse_options(rest, frozenset({"-e", "--exclude"}))
        letters = parsed.flag_letters()
        if ("f" in letters or parsed.has("--force")) and not (
            "n" in letters or parsed.has("--dry-run")
        ):
            paths = " ".join(word_paths(parsed.positionals)) or "."
            if workdir:  # git -C /etc clean: the tree cleaned is the one -C names
                paths = " ".join(
                    p if p.startswith("/") else f"{workdir.rstrip('/')}/{p}".removesuffix("/.")
                    for p in paths.split()
                )
            extra = " including ignored files" if "x" in letters else ""
            add_change(
                sink, "destructive", "git-clean", paths, f"git clean deletes untracked files{extra}"
            )
            if extra:
                # Ignored files (.env, local settings, keys, data) are held by no commit and
                # no remote: once deleted nothing brings them back.
                add_change(
                    sink,
                    "destructive",
                    "git-unrecoverable",
                    "",
                    "git clean -x deletes ignored files",
                )
    elif sub == "branch":
        parsed = parse_options(rest)
        if parsed.has("-D", "-d", "--delete"):
            for branch in parsed.positionals:
                add_change(
                    sink,
                    "destructive",
                    "git-branch-delete",
                    branch.text,
                    f"git branch deletes {branch.text}",
                )
    elif sub in {"checkout", "restore"}:
        _git_checkout(sub, rest, sink)
    elif sub == "stash" and texts[:1] in (["drop"], ["clear"]):
        add_change(
            sink,
            "destructive",
            "git-stash-drop",
            " ".join(texts[1:]),
            f"git stash {texts[0]} discards stashed work",
        )
        if texts[0] == "clear":
            # Every stash at once: work that no branch, remote or reflog holds any more.
            add_change(
                sink, "destructive", "git-unrecoverable", "", "git stash clear drops every stash"
            )
    elif sub in {"filter-branch", "filter-repo"} or (sub == "reflog" and texts[:1] == ["expire"]):
        add_change(sink, "destructive", "git-history-rewrite", "", f"git {sub} rewrites history")
    elif sub == "update-ref" and "-d" in texts:
        add_change(
            sink, "destructive", "git-ref-delete", texts[-1], f"git update-ref -d {texts[-1]}"
        )
    elif sub == "tag" and ("-d" in texts or "--delete" in texts):
        add_change(sink, "destructive", "git-tag-delete", texts[-1], f"git tag -d {texts[-1]}")
    elif sub == "config":
        _git_config(texts, sink)
    elif sub == "remote" and texts[:1] in (["add"], ["set-url"]) and len(texts) >= 3:
        if _git_local_path(Word(texts[-1])) is None:
            sink.network(_git_remote(Word(texts[-1]), "git", False))
    elif sub == "submodule" and texts[:1] == ["add"]:
        urls = [w for w in rest[1:] if not w.text.startswith("-")]
        sink.network(_git_remote(urls[0] if urls else None, "git", False))
    elif sub == "apply" or sub == "am":
        for path in texts:
            if not path.startswith("-"):
                sink.read(path)
    if sub in {"reflog", "gc", "prune"}:
        # Expiring the reflog now and pruning now delete the only copies of commits that no
        # branch holds (after a reset --hard, unpushed work): nothing can bring them back.
        for text in texts:
            option, _, when = text.partition("=")
            if option in _LOSE_NOW and when.lower() in {"now", "all", "0", "0.seconds"}:
                add_change(sink, "destructive", "git-unrecoverable", text, f"git {sub} {text}")
    if sub in {"ls-files", "ls-tree"} and not any(
        not t.startswith("-") for t in texts[1 if sub == "ls-tree" else 0 :]
    ):
        return Output("listing")  # every file of the repository, one name a line
    return NO_OUTPUT if sub not in {"show", "diff", "log", "cat-file"} else PASS


_LOSE_NOW = frozenset({"--expire", "--expire-unreachable", "--prune"})


def _transport_command(url: str) -> str:
    """The command an ``ext::`` remote runs, as a shell line, or "" for any other remote.

    git splits the text on unescaped spaces into argv; ``% `` is a space inside a word,
    ``%%`` a percent sign, ``%s``/``%S`` the service name. So
    ``ext::sh -c curl% -s% URL% |% sh`` runs ``sh -c 'curl -s URL | sh'``.
    """
    if not url.lower().startswith("ext::"):
        return ""
    words: list[str] = []
    current: list[str] = []
    body = url[5:]
    k = 0
    while k < len(body):
        char = body[k]
        if char == "%" and k + 1 < len(body):
            following = body[k + 1]
            current.append(
                {" ": " ", "%": "%", "s": "upload-pack", "S": "git-upload-pack"}.get(
                    following, "%" + following
                )
            )
            k += 2
            continue
        if char == " ":
            if current:
                words.append("".join(current))
            current = []
        else:
            current.append(char)
        k += 1
    if current:
        words.append("".join(current))
    return " ".join(quote(w) for w in words)


def _git_send_email(texts: list[str], sink: Sink) -> None:
    """``git send-email`` mails the repository's commits (or the files named) to every
    recipient: the repository's content leaves for the recipients' mail domains."""
    recipients: list[str] = []
    for k, text in enumerate(texts):
        name, eq, value = text.partition("=")
        if name in {"--to", "--cc", "--bcc", "--smtp-server"}:
            if not eq and k + 1 < len(texts):
                value = texts[k + 1]
            recipients.extend(v.strip() for v in value.split(","))
    sink.read(".")
    for text in texts:
        if not text.startswith("-") and ("/" in text or text.endswith((".patch", ".mbox"))):
            sink.read(text)
    hosts = [clean_host(r.rsplit("@", 1)[-1].strip("<>")) for r in recipients if r]
    for host in hosts or [""]:
        sink.network(NetworkDestination(host, 587, "smtp", "git", True))


def _git_push(parsed: Parsed, positionals: list[Word], sink: Sink) -> None:
    remote = positionals[0].text if positionals else ""
    refs = [w.text for w in positionals[1:]]
    force = parsed.has("--force", "-f", "--force-with-lease", "--force-if-includes", "--mirror")
    force_refs = [r for r in refs if r.startswith("+")]
    if force or force_refs:
        target = " ".join(refs) or remote
        how = "--mirror" if parsed.has("--mirror") else "a force push"
        add_change(
            sink,
            "destructive",
            "git-push-force",
            target,
            f"git push to {remote or 'the default remote'} with {how} rewrites remote history",
        )
    deletes = [r[1:] for r in refs if r.startswith(":")]
    if parsed.has("--delete", "-d"):
        deletes += refs
    for ref in deletes:
        add_change(
            sink, "destructive", "git-push-delete", ref, f"git push deletes remote ref {ref}"
        )


def _git_checkout(sub: str, rest: list[Word], sink: Sink) -> None:
    texts = [w.text for w in rest]
    if sub == "checkout" and any(t in {"-b", "-B", "--orphan"} for t in texts):
        return
    if "--" in texts:
        paths = texts[texts.index("--") + 1 :]
    else:
        plain = [t for t in texts if not t.startswith("-")]
        if sub == "restore":
            paths = plain
        else:
            # Without "--" a bare name is usually a branch; a path-like word is a file.
            paths = [t for t in plain if t == "." or "/" in t or re.search(r"\.\w+$", t)]
            if "-f" in texts or "--force" in texts:
                paths = paths or ["."]
    if (
        sub == "restore"
        and ("--staged" in texts or "-S" in texts)
        and not ("--worktree" in texts or "-W" in texts)
    ):
        return
    for path in paths:
        add_change(
            sink,
            "destructive",
            "git-discard-changes",
            path,
            f"git {sub} {path} discards uncommitted edits to it",
        )


def _git_config(texts: list[str], sink: Sink) -> None:
    words = [t for t in texts if not t.startswith("-")]
    reading = any(
        t in {"--get", "--get-all", "--list", "-l", "--get-regexp", "--show-origin"} for t in texts
    )
    if reading or len(words) < 2:
        return
    key = words[0]
    if key.lower() in _HOOK_DIRECTORY_KEYS:
        # The hooks in that directory (or a template's hooks/, copied into every new clone)
        # run on git's own commands from now on.
        add_change(sink, "persistence", "git-hook", words[1], f"git config {key} {words[1]}")
    elif key.lower().startswith("alias.") and not words[1].lstrip().startswith("!"):
        return  # a plain alias expands to another git subcommand; only "!" runs a shell
    elif _GIT_PROXY_CONFIG.fullmatch(key):
        # Every later fetch and push of git goes through that machine (``http.proxy``,
        # ``remote.origin.proxy``): it sees, and over plain HTTP changes, what git moves.
        add_change(
            sink,
            "persistence",
            "git-config-reroute",
            key,
            f"git config {key} routes git's traffic through {words[1]}",
        )
    elif _GIT_EXEC_CONFIG.fullmatch(key):
        add_change(
            sink,
            "persistence",
            "git-config-exec",
            key,
            f"git config {key} makes git run {words[1]}",
        )
