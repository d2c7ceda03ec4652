"""State-changing calls, by the class of their verb (issue #13 §1, changes remote state).

A CLI that talks to a remote API (a forge, a cloud, a cluster, a secret store, a registry)
has a subcommand tree: ``<program> <noun…> <verb>`` (``aws cloudtrail stop-logging``,
``glab mr approve``, ``heroku access:add``). What the call does to the other side is in the
verb's class, not in the pair of program and verb: a lexicon of verbs says read, change,
approve, execute or destroy, whatever the program. A change is a *weakening* of its own
when its nouns are a protection (logging, audit, trail, guard, MFA, a detector) that it
stops, disables or deletes, or access (keys, members, admins, tokens, users, roles) that it
adds, or when it opens a service to everyone (``0.0.0.0/0``, ``protected-mode no``,
``sslVerify false``). SQL and other data-store commands are judged by their statements
(``sql_text``) and their server (local or not); a framework's database task that drops
(``ecto.drop``, ``db:drop``, ``migrate reset``, ``flush``) counts when its environment is not
a local one; ``rm -r "$UNSET"/`` reaches ``/`` when the variable is empty; ``dd``,
``truncate`` and ``shred`` over a database or a repository's objects destroy data; a
container spec that mounts the home, the root or the Docker socket hands the host over.

Every change carries the values that choose it (operands and option values after the
verb), so the decision can ask whether the user's own prompt asked for the verb and named
the values (``asked``). Pure functions of argv, text and a prompt.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass, replace
from typing import Any

from bastion.understand import agent_approval, remote_exec, sql_text, verification
from bastion.understand import reach as reachmod
from bastion.understand.programs.base import HANDLERS

__all__ = [
    "VERB_WORDS",
    "StateChange",
    "api_request_change",
    "asked",
    "command_changes",
    "container_spec_change",
    "manifest_spec_change",
    "root_if_unset",
    "sql_changes",
    "trust_anchor_changes",
]

# Verb classes, most specific first.
READ = "read"
CHANGE = "change"
APPROVE = "approve"
EXEC = "exec"
DESTROY = "destroy"
WEAKEN = "weaken"

_READ = frozenset(
    "list ls get describe show view status logs log info inspect print plan validate "
    "version help whoami read cat search find query top history diff output outputs watch "
    "tail events browse check explain lookup count wait ping login open".split()
)
_APPROVE = frozenset("approve approval accept lgtm merge".split())
_EXEC = frozenset("exec execute ssh console debug invoke eval shell run command".split())
_DESTROY = frozenset(
    "delete remove rm destroy drop purge wipe terminate flush truncate rb erase prune "
    "unpublish yank teardown decommission nuke down gc garbage-collect".split()
)
_CHANGE = frozenset(
    "create add update set put patch apply edit modify replace tag untag alias attach detach "
    "enable disable start stop restart scale rollout deploy promote publish release import "
    "push write rename move assign grant revoke rotate reset upgrade install uninstall "
    "authorize associate register invite unset suspend deactivate pause resume cordon "
    "drain taint untaint mv kv reboot shutdown poweroff resize rebuild restore rollback undo "
    "cancel failover sync passwd chpasswd".split()
)
_VERBS = _READ | _APPROVE | _EXEC | _DESTROY | _CHANGE
# Every verb of the lexicon: words that say what a command does, never which object.
VERB_WORDS = _VERBS
# What a weakening acts on: protections that record or guard...
_PROTECTIONS = frozenset(
    "logging log logs audit audits trail trails cloudtrail guardduty guard detector detectors "
    "monitor monitoring alarm alarms sink sinks flowlogs protection protections mfa 2fa "
    "waf defender security scanning encryption retention backup backups recorder config-rule "
    "inspector macie".split()
)
# ...and access: who holds keys and rights.
_ACCESS = frozenset(
    "key keys ssh-key sshkey ssh-keys token tokens access member members collaborator "
    "collaborators admin admins owner owners user users role roles rolebinding "
    "clusterrolebinding binding bindings policy policies permission permissions acl iam "
    "password credential credentials metadata".split()
)
_OFF = frozenset("stop disable delete remove rm detach suspend deactivate pause unset".split())
_ON = frozenset(
    "add create attach authorize grant update set put import associate invite "
    "passwd chpasswd".split()
)
# Open to everyone: any address, or an object store's public grant (``public-read``,
# ``allUsers``) or visibility.
_WORLD = re.compile(
    r"(?<![\d.])0\.0\.0\.0/0\b|(?<![\w:])::/0\b"
    r"|(?<![\w-])(?:public-read(?:-write)?|allusers|allauthenticatedusers)\b"
    r"|--public(?![\w-])|--visibility[= ]public\b",
    re.IGNORECASE,
)
# A public key handed to a change: whoever holds its private half gets in.
_KEY_MATERIAL = re.compile(r"(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-\S+|sk-(?:ssh|ecdsa)\S*)\s+AAAA")
# Settings that switch a protection off: certificate checks, a server's protected mode.
_INSECURE_KEY = re.compile(
    r"(?i)(?:^|[._-])(?:ssl[-_]?verify|strict[-_]?ssl|verify[-_]?ssl|ssl[-_]?verification|"
    r"tls[-_]?verify|check[-_]?certificates?|reject[-_]?unauthorized|protected[-_]?mode|"
    r"verify[-_]?certs?|enablestrictssl|cert[-_]?check)$"
)
_INSECURE_ON = re.compile(r"(?i)(?:^|[._-])(?:insecure|trusted[-_]?host|allow[-_]?insecure\w*)$")
_FALSE = frozenset({"false", "0", "no", "off", "n", "disable", "disabled"})

# Programs that talk to a remote API; their subcommand paths are judged by verb class.
REMOTE_CLIS = frozenset(
    "gh glab tea hub bb az aws gcloud gsutil bq doctl fly flyctl heroku vercel netlify "
    "railway render wrangler terraform tofu terragrunt pulumi kubectl oc helm vault consul "
    "nomad boundary linode-cli hcloud scw exo ibmcloud oci aliyun okta auth0 stripe twilio "
    "firebase supabase sentry-cli databricks snowsql confluent ccloud argocd flux "
    # Data and ML platforms: their subcommands change hosted repositories, kernels,
    # experiments and registries (``hf repo move``, ``kaggle kernels push``).
    "huggingface-cli hf kaggle mlflow wandb modal replicate".split()
)
# Package managers: local but for their registry-side subcommands.
_REGISTRY_CLIS = frozenset("npm yarn pnpm cargo gem twine poetry".split())
_REGISTRY_NOUNS = frozenset(
    "dist-tag dist-tags owner access team token deprecate unpublish yank hook org".split()
)
# Options that say where or how, never what changes.
_NEUTRAL = frozenset(
    "-R --repo -n --namespace --context --project --region --zone -z --profile -o --output "
    "--format --json --jq -q --quiet -a --app -g --resource-group --subscription --account "
    "--hostname --cluster -t --title -b --body -m --message --comment --yes -y --force "
    "--no-prompt --wait --timeout --reuse-values --dry-run --verbose --debug -i -it "
    # A pull request's base and head say where it is proposed, never what changes.
    "--base -B --head -H --fill --draft".split()
)
# Options that take no value, so the next word is an operand.
_FLAGS = frozenset(
    "--yes -y --force -f --quiet -q --reuse-values --dry-run --verbose --debug -i -it -t "
    "--admin --squash --rebase --merge --approve --no-prompt --all -A --wait --help".split()
)
_OPTION_VERBS = {"--approve": APPROVE, "--admin": WEAKEN}


@dataclass(frozen=True, slots=True)
class StateChange:
    """One change a call makes: its verb class, the verb, whether its target is a local
    server or file, what it is, and the values that choose it."""

    klass: str  # change | approve | exec | destroy | weaken
    verb: str
    kind: str  # the effect kind: remote-api, sql, database-task, data-file, tls, container...
    local: bool
    detail: str
    values: tuple[str, ...]
    wholesale: bool = False
    # (option word, value) of the values a long option chose (``--label x``: label, x).
    options: tuple[tuple[str, str], ...] = ()


def _tokens(word: str) -> list[str]:
    return [t for t in re.split(r"[-:_.]", word.lower()) if t]


def command_changes(
    program: str,
    argv: tuple[str, ...] | list[str],
    assignments: tuple[str, ...] = (),
    command_text: str = "",
    depth: int = 0,
) -> list[StateChange]:
    """The state changes of one simple command."""
    args = list(argv[1:])
    out: list[StateChange] = []
    insecure = _insecure_setting(program, args) or _insecure_environment(program, assignments)
    if insecure is not None:
        out.append(insecure)
    if program in REMOTE_CLIS or (
        program in _REGISTRY_CLIS and any(a in _REGISTRY_NOUNS for a in args[:2])
    ):
        zero = _scale_to_zero(program, args)
        change = zero or _cli_change(program, args)
        if change is not None:
            out.append(change)
    elif program not in HANDLERS and _remote_scoped(args):
        # A program Bastion has no model for, pointed at a remote scope (a cluster, a
        # project, a linked or remote target): its subcommand tree is read the same way.
        # Running something is left to the reach of unmodelled programs (a local server's
        # ``run --host`` is ordinary work).
        change = _cli_change(program, args)
        if change is not None and change.klass != EXEC:
            out.append(change)
    elif program not in HANDLERS and program not in _LOCAL_TOOLS and _confirm_skipped(args):
        # A program Bastion has no model for, told not to ask before it destroys (``cdk
        # destroy --force``, ``turso db destroy X --yes``): the skipped confirmation is the
        # tool's own word that the step cannot be undone.
        change = _cli_change(program, args)
        if change is not None and change.klass == DESTROY:
            out.append(change)
    elif program not in HANDLERS and program not in _LOCAL_TOOLS and _admin_cli(program):
        # A server's admin CLI by its name's shape (``rabbitmqctl``, ``kafka-admin``,
        # ``couchbase-cli``): its destroying subcommands (``delete_vhost``, ``drop-bucket``)
        # destroy the server's state, whatever the server.
        change = _cli_change(program, args)
        if change is not None and change.klass == DESTROY:
            out.append(change)
    if not out and _unmodelled(program):
        change = _unmodelled_change(program, args)
        if change is not None:
            out.append(change)
    out.extend(_remote_destroys(program, args, depth))
    out.extend(_review_bypass(program, args))
    out.extend(_remote_added(program, args))
    out = [_all_of_it(c, args) for c in out]
    if program in _DB_CLIENTS:
        out.extend(_db_client(program, args, command_text))
    task = _database_task(program, args, assignments)
    if task is not None:
        out.append(task)
    out.extend(_data_file_overwrite(program, args))
    return out


# Push options that ask the forge to merge on arrival or to skip its checks: Gerrit's
# ``refs/for/main%submit`` / ``-o submit``, GitLab's ``merge_request.merge_when_pipeline_
# succeeds`` and ``ci.skip``. The review (or the pipeline) the push would wait for is skipped.
_BYPASS_OPTION = re.compile(
    r"(?i)(?:^|[%,])(submit|merge_request\.merge_when_pipeline_succeeds|"
    r"merge_request\.auto_merge|auto[-_]?merge|ci\.skip|skip[-_.]ci|ci[-_]skip)(?:$|[,=])"
)


def _review_bypass(program: str, args: list[str]) -> list[StateChange]:
    """``git push origin HEAD:refs/for/main%submit``, ``git push -o submit``: the change is
    merged without the review it was pushed for (an approval by the pusher), or lands
    without its pipeline's checks (a weakening). The prompt must say so ("submit it")."""
    if program != "git" or "push" not in args[:4]:
        return []
    at = args.index("push")
    words = args[at + 1 : at + 40]
    found: list[str] = []
    for k, word in enumerate(words):
        name, eq, value = word.partition("=")
        if name in ("-o", "--push-option"):
            value = value if eq else (words[k + 1] if k + 1 < len(words) else "")
            found.extend(m.group(1).lower() for m in _BYPASS_OPTION.finditer(value))
        elif not word.startswith("-") and "%" in word:
            options = word.split("%", 1)[1]
            found.extend(m.group(1).lower() for m in _BYPASS_OPTION.finditer("%" + options))
    out: list[StateChange] = []
    for option in dict.fromkeys(found):
        skips_ci = "ci" in option.replace("merge_when_pipeline", "")
        detail = f"git push {option}: " + (
            "lands without its pipeline's checks" if skips_ci else "merged without review"
        )
        out.append(
            StateChange(
                WEAKEN if skips_ci else APPROVE,
                "push-option",
                "review",
                False,
                detail,
                (option,),
            )
        )
    return out


# ``<tool> remote add NAME URL`` / ``remote modify NAME url URL`` / ``remote set-url``:
# where the tool's later pushes send (DVC, git-annex, restic-like tools, Mercurial paths).
_REMOTE_VERBS = frozenset({"add", "set-url", "modify", "set", "default"})
_STORAGE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|[\w.-]+@[\w.-]+:)\S+", re.I)


def _remote_added(program: str, args: list[str]) -> list[StateChange]:
    """A remote the tool pushes to, added or pointed at a URL: every later push of the
    tool's data goes there, so the URL chooses the change (git's own remotes are judged
    at the push by the session's memory)."""
    if program == "git":
        return []
    words = [a for a in args[:12] if not a.startswith("-")]
    if len(words) < 3 or words[0] not in ("remote", "remotes") or words[1] not in _REMOTE_VERBS:
        return []
    urls = [w for w in words[2:] if _STORAGE_URL.match(w)]
    if not urls:
        return []
    return [
        StateChange(
            CHANGE,
            words[1],
            "remote",
            False,
            f"{program} remote {words[1]}: later pushes go to {urls[0]}"[:120],
            tuple(urls[:2]),
        )
    ]


# Admin CLIs by the shape of their name: a server's control program.
_ADMIN_CLI = re.compile(r"[a-z][a-z0-9]*(?:ctl|admin|-admin|-cli|_admin)")
# Programs whose run destroys what they are given, on whatever machine runs them.
_DESTROYERS = frozenset("dropdb dropuser shred wipefs mkfs mke2fs mkfs.ext4 mkfs.xfs".split())


def _unmodelled(program: str) -> bool:
    """A program Bastion has no model for and that is no local tool of the machine."""
    return (
        program not in HANDLERS
        and program not in _LOCAL_TOOLS
        and program not in REMOTE_CLIS
        and program not in _REGISTRY_CLIS
        and not reachmod.modelled(program)
    )


# Values that name someone or somewhere: an e-mail address, a URL or host, a public key, an
# account number. A change verb handed one acts on that party, whatever the program.
_SOMEONE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[a-z][a-z0-9+.-]*://\S+"
    rf"|{_KEY_MATERIAL.pattern}"
    r"|\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b",
    re.IGNORECASE,
)


def _unmodelled_change(program: str, args: list[str]) -> StateChange | None:
    """What a program with no model changes, read from its subcommand words (issue #13: a
    program Bastion has no model for is judged by what it can reach, not allowed by default).
    Kept when it weakens (a password set, a key or member added, an ACL opened to the
    public) or when a change verb is handed someone's address, key or account: the other
    party is then the change's target. A verb alone (``tool sync ./a ./b``) is local work."""
    change = _cli_change(program, args)
    if change is None or change.klass == EXEC:
        return None
    if change.klass == WEAKEN or any(_SOMEONE.search(v) for v in args[:32]):
        return change
    return None


def _admin_cli(program: str) -> bool:
    return bool(_ADMIN_CLI.fullmatch(program))


def _remote_destroys(program: str, args: list[str], depth: int) -> list[StateChange]:
    """What a command run on other machines destroys there (``remote_exec``): a recursive
    or forced delete, a destroying program, or any destroying verb the same analysis finds
    in a local command. Its values are the paths and operands it names."""
    if depth > 2:
        return []
    out: list[StateChange] = []
    for text in remote_exec.remote_commands(program, args)[:4]:
        for argv in _simple_commands(text)[:16]:
            name = argv[0].rsplit("/", 1)[-1]
            rest = argv[1:]
            detail = f"{program} runs on another machine: {' '.join(argv)}"[:120]
            operands = [a for a in rest if not a.startswith("-")]
            if name == "rm" and any(
                a in ("--recursive", "--force")
                or (a[:1] == "-" and a[1:2] != "-" and set(a[1:]) & set("rRf"))
                for a in rest
            ):
                out.append(
                    StateChange(DESTROY, "rm", "remote-files", False, detail, _clean(operands))
                )
            elif name in _DESTROYERS or name.startswith("mkfs."):
                out.append(
                    StateChange(DESTROY, name, "remote-files", False, detail, _clean(operands))
                )
            else:
                for change in command_changes(name, argv, depth=depth + 1):
                    if change.klass == DESTROY:
                        out.append(replace(change, local=False, detail=detail))
    return out


# Programs that run the next word as the program (``sudo -u postgres dropdb x``), and their
# options that take a value.
_REMOTE_WRAPPERS = frozenset("sudo doas env nohup exec command nice ionice timeout".split())
_WRAPPER_VALUE_OPTIONS = frozenset("-u -g -C -h -U -p -D -r -t -n -c --user --group".split())


def remote_argvs(program: str, args: list[str]) -> list[list[str]]:
    """The simple commands ``program args`` runs on other machines (``remote_exec``), each
    as an argv ([] when it runs none)."""
    return [
        argv
        for text in remote_exec.remote_commands(program, args)[:4]
        for argv in _simple_commands(text)[:16]
        if argv
    ]


def _simple_commands(text: str) -> list[list[str]]:
    """The simple commands of a remote command line, split at its control operators."""
    try:
        lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|")
        lexer.whitespace_split = True
        words = list(lexer)
    except ValueError:
        return []
    out: list[list[str]] = []
    current: list[str] = []
    wrapper_options = False  # after ``sudo``/``env``: their options come before the program
    skip_value = False
    for word in words:
        if word and set(word) <= set(";&|"):
            if current:
                out.append(current)
            current, wrapper_options = [], False
        elif skip_value:
            skip_value = False
        elif not current and wrapper_options and word.startswith("-"):
            skip_value = word in _WRAPPER_VALUE_OPTIONS
        elif not current and wrapper_options and re.fullmatch(r"\d+(?:\.\d+)?[smhd]?", word):
            continue  # ``timeout 5``, ``nice 10``: a number before the program
        elif not current and "=" in word and not word.startswith("="):
            continue  # an assignment before the program
        elif not current and word in _REMOTE_WRAPPERS:
            wrapper_options = True
        else:
            current.append(word)
    if current:
        out.append(current)
    return out


# Options that answer a tool's "are you sure?" in advance.
_CONFIRM_SKIPS = frozenset(
    "--yes -y --force --confirm --assume-yes --auto-approve -auto-approve --no-prompt "
    "--non-interactive --skip-confirmation --no-confirm --noconfirm --yes-i-really-mean-it".split()
)
# Package managers, version managers and local build/container tools: their remove, prune
# and uninstall act on this machine's files, which the path and reach analysis judges.
_LOCAL_TOOLS = frozenset(
    "apt apt-get aptitude dpkg dnf yum zypper pacman yay apk brew port snap flatpak conda "
    "mamba micromamba pip pip3 pipx uv poetry pdm hatch npm npx yarn pnpm bun deno gem bundle "
    "cargo rustup go composer nuget dotnet docker podman buildah nix nix-env guix asdf mise "
    "nvm pyenv rbenv sdk git make cmake rm find xargs minikube kind k3d colima multipass "
    "vagrant "
    # Control programs of this machine's own services (systemd's, the container runtime's):
    # what they remove is local, judged by path and reach, not a server's admin CLI.
    "journalctl sysctl loginctl hostnamectl timedatectl resolvectl busctl machinectl "
    "networkctl bluetoothctl localectl homectl portablectl coredumpctl bootctl crictl "
    "nerdctl ctr wpa_cli".split()
)


# Flags that widen a destruction to everything the tool reaches (``cdk destroy --all``).
_ALL_FLAGS = frozenset("--all --all-stacks --everything --all-namespaces -A --recursive".split())


def _all_of_it(change: StateChange, args: list[str]) -> StateChange:
    """A destruction told to take everything is wholesale: the prompt must say all of it."""
    if change.klass != DESTROY or change.wholesale or change.local:
        return change
    if any(a.partition("=")[0] in _ALL_FLAGS for a in args[:32]):
        return replace(change, wholesale=True)
    return change


def _confirm_skipped(args: list[str]) -> bool:
    return any(a.partition("=")[0] in _CONFIRM_SKIPS for a in args[:32])


_SCOPE_OPTIONS = frozenset(
    "--cluster --project --region --zone --host --server --url --endpoint --context --org "
    "--organization --account --subscription --tenant --app --project-ref --db-url".split()
)
# ``--cloud`` (``dvc gc --cloud``): the remote storage, not the local cache.
_SCOPE_FLAGS = frozenset({"--linked", "--remote", "--prod", "--production", "--cloud"})
# An option naming a store or server by URI (``--backend-store-uri``, ``--tracking-url``,
# ``--registry-uri``): the call acts on what that URI names.
_SCOPE_URI = re.compile(r"--[\w-]*(?:store|tracking|registry|backend|server|remote)[-_]ur[il]")


# ``--project-id``, ``--org_id``, ``--cluster-id``: the id of a remote scope.
_SCOPE_ID = re.compile(r"--(?:project|org|organization|account|cluster|workspace|tenant)[-_]id")


def _remote_scoped(args: list[str]) -> bool:
    """The call names a remote scope: a flag that says so, or a scope option whose value is
    not a local address."""
    for k, arg in enumerate(args[:32]):
        name, eq, value = arg.partition("=")
        if name in _SCOPE_FLAGS:
            return True
        if name in _SCOPE_OPTIONS or _SCOPE_ID.fullmatch(name) or _SCOPE_URI.fullmatch(name):
            value = value if eq else (args[k + 1] if k + 1 < len(args) else "")
            if value and not _local_host(value):
                return True
    return False


def _operands(args: list[str]) -> tuple[list[str], list[str]]:
    """The subcommand path (leading plain words) and the option values of a call."""
    path: list[str] = []
    values: list[str] = []
    k = 0
    in_path = True
    while k < len(args):
        arg = args[k]
        if arg == "--":
            values.extend(args[k + 1 : k + 4])
            break
        if arg.startswith("-") and len(arg) > 1:
            if path:
                in_path = False  # options after the subcommand: its path has ended
            name, eq, value = arg.partition("=")
            if (
                not eq
                and arg not in _FLAGS
                and k + 1 < len(args)
                and not args[k + 1].startswith("-")
            ):
                value = args[k + 1]
                k += 1
            if name not in _NEUTRAL and value:
                values.append(f"{name}={value}" if name else value)
            k += 1
            continue
        if in_path and re.fullmatch(r"[a-z][a-z0-9:_-]*", arg) and len(path) < 5:
            path.append(arg)
        else:
            in_path = False
            values.append(arg)
        k += 1
    return path, values


def _cli_change(program: str, args: list[str]) -> StateChange | None:
    path, values = _operands(args)
    verb = ""
    at = -1
    klass = ""
    for i, word in enumerate(path):
        tokens = _tokens(word)
        if verb and tokens[:1] and tokens[0] not in _VERBS:
            # After the verb, a name that merely contains a verb word (``pellucid-logs``,
            # ``nightly-sync``) is the object, not a second verb; ``stop-logging`` is one.
            continue
        for tok in tokens:
            if tok in _VERBS:
                verb, at = tok, i
    for arg in args:
        name = arg.partition("=")[0]
        if name in _OPTION_VERBS and _OPTION_VERBS[name] == APPROVE:
            verb, klass = name.lstrip("-"), APPROVE
    if not verb:
        return None
    if not klass:
        if verb in _READ:
            return None
        klass = (
            APPROVE
            if verb in _APPROVE
            else EXEC
            if verb in _EXEC
            else DESTROY
            if verb in _DESTROY
            else CHANGE
        )
    nouns = {t for w in path for t in _tokens(w)} | {w for w in path}
    # Values after the verb choose the change (the operands the path did not take).
    chosen = [*path[at + 1 :], *values] if at >= 0 else list(values)
    text = " ".join(args)
    if (
        (verb in _OFF and nouns & _PROTECTIONS)
        or (verb in _ON and nouns & _ACCESS)
        or (
            verb in _ON
            and any(_tokens(v.partition("=")[0])[-1:] and set(_tokens(v)) & _ACCESS for v in values)
        )
        or (verb in _ON and any(_KEY_MATERIAL.search(a) for a in args[:32]))
        or _WORLD.search(text)
        or any(
            a.partition("=")[0] in _OPTION_VERBS and _OPTION_VERBS[a.partition("=")[0]] == WEAKEN
            for a in args
        )
    ):
        klass = WEAKEN
    detail = f"{program} {' '.join(path)}"[:120]
    if klass == WEAKEN and verb in _ON and nouns & _ACCESS:
        # What the grant allows is a value that chooses it: ``--can-push``, ``--write``,
        # ``--admin`` on a key or member added (the prompt must say "push", "write", …).
        chosen += [m.group(1) for a in args[:32] if (m := _GRANT_FLAG.fullmatch(a))]
    if klass == CHANGE and verb in _RESET and nouns & _DATA_NOUNS and _remote_scoped(args):
        # ``supabase db reset --linked``, ``heroku pg:reset --app shop``: a reset of the
        # data of a remote (linked, production) database empties it; without a remote
        # scope the CLI resets the developer's local copy, which stays a change.
        klass = DESTROY
    return StateChange(
        klass, verb, "remote-api", False, detail, _clean(chosen), options=_option_values(values)
    )


def _option_values(values: list[str]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for value in values[:12]:
        name, eq, _ = value.partition("=")
        # The option's last word names what it sets (``--add-label`` -> label).
        word = name[2:].lower().replace("_", "-").rsplit("-", 1)[-1]
        if eq and name.startswith("--") and word.isalpha() and len(word) >= 4:
            out.extend((word, v) for v in _clean([value]))
    return tuple(out)


# Flags that set the strength of a grant, by their word (``--can-push`` -> push).
_GRANT_FLAG = re.compile(
    r"--(?:can-|allow-|with-|grant-)?(push|write|read-write|admin|maintain|owner|delete)(?:-access)?"
)
# Verbs that put data back to empty, and nouns of data they act on.
_RESET = frozenset({"reset", "reinit", "reinitialize", "recreate"})
_DATA_NOUNS = frozenset(
    "db database databases pg postgres mysql data table tables schema schemas storage "
    "bucket buckets volume volumes disk disks index indexes indices redis cache".split()
)
# Option words of a count of running copies; set to 0, the service stops.
_COUNT_WORDS = frozenset(
    "replicas replica count instances instance desired capacity size min max scale".split()
)
# Options that choose where a scale acts (a namespace, a cluster): they choose the target.
_WHERE = frozenset("-n --namespace --context --cluster --app -a --project --service".split())


def _scale_to_zero(program: str, args: list[str]) -> StateChange | None:
    """``kubectl scale deploy --all --replicas=0``, ``fly scale count 0``, ``aws ecs
    update-service --desired-count 0``: every running copy of a service stopped. A state
    change that takes a service down, judged as a destruction whose targets (namespace,
    deployment) the prompt must name; ``--all`` needs the prompt to say all."""
    if not any(a == "0" or a.endswith("=0") for a in args):
        return None  # literal gate: no count of zero anywhere
    zero = False
    targets: list[str] = []
    path, _values = _operands(args)
    for k, arg in enumerate(args[:32]):
        name, eq, value = arg.partition("=")
        if not eq and k + 1 < len(args):
            value = args[k + 1]
        if name.startswith("-") and set(_tokens(name)) & _COUNT_WORDS and value == "0":
            zero = True
        if name in _WHERE and value and not value.startswith("-"):
            targets.append(value)
    if not zero and "scale" in path and "0" in args:
        zero = True  # ``fly scale count 0``: the count as an operand
    if not zero:
        return None
    operands = [a for a in args if not a.startswith("-") and a not in path and a != "0"]
    targets.extend(a for a in operands if "=" not in a)
    every = any(a in ("--all", "-A", "--all-namespaces") for a in args)
    detail = f"{program} {' '.join(path)} to zero"[:120]
    return StateChange(DESTROY, "scale", "replicas", False, detail, _clean(targets), every)


def _insecure_setting(program: str, args: list[str]) -> StateChange | None:
    """``git config http.sslVerify false``, ``npm config set strict-ssl false``, ``conda
    config --set ssl_verify false``, ``CONFIG SET protected-mode no``: a check switched off."""
    low = [a.lower() for a in args]
    # One literal gate for the whole line before any key is judged by shape.
    shaped = program not in _PRINTERS and verification.may_name_check(" ".join(low))
    for k, arg in enumerate(low):
        key, eq, value = arg.lstrip("-").partition("=")
        if not eq:
            value = low[k + 1] if k + 1 < len(low) else ""
        if _INSECURE_KEY.search(key) and value in _FALSE:
            return _tls_off(program, f"switches off {key}", (key, value), low)
        if _INSECURE_ON.search(key) and eq and value not in _FALSE:
            return _tls_off(program, f"sets {key}", (key, value), low)
        # Any tool's spelling of "stop checking" (``secure-http false``, ``disable-tls
        # true``, ``gpgcheck=0``): judged by the key's shape.
        if shaped and " " not in key and verification.downgrade(key, value):
            return _tls_off(program, f"switches off {key}", (key, value), low)
        # A bare flag that says "no transport check" by its own words
        # (``--unsafely-ignore-certificate-errors``, ``-SkipCertificateCheck``,
        # ``--insecure-skip-tls-verify``): on by being given, whatever the tool.
        if shaped and not eq and arg.startswith("-") and verification.bare_flag_downgrade(args[k]):
            return _tls_off(program, f"passes {args[k]}", (key, "on"), low)
    return None


def _insecure_environment(program: str, assignments: tuple[str, ...]) -> StateChange | None:
    """``GIT_SSL_NO_VERIFY=1 git clone``, ``NODE_TLS_REJECT_UNAUTHORIZED=0 npm i``: a variable
    whose name is a check's key, set off for the program it prefixes (the same shape as a
    configuration key, read from the environment)."""
    for assignment in assignments[:16]:
        name, eq, value = assignment.partition("=")
        if eq and verification.may_name_check(name) and verification.downgrade(name, value):
            return _tls_off(program, f"runs with {name}={value}", (name.lower(), value), [])
        if eq and _CA_BUNDLE_VAR.search(name) and value.startswith(_SCRATCH_DIRS):
            # ``NIX_SSL_CERT_FILE=/tmp/ca.pem``: the trust anchors replaced by a scratch file
            # (what a download drops there), so any certificate it vouches for is accepted.
            return _tls_off(program, f"trusts {value} ({name})", (name.lower(), value), [])
    return None


# An environment variable naming a CA bundle (``SSL_CERT_FILE``, ``NODE_EXTRA_CA_CERTS``,
# ``REQUESTS_CA_BUNDLE``, ``GIT_SSL_CAINFO``, ``NIX_SSL_CERT_FILE``), and scratch directories.
_CA_BUNDLE_VAR = re.compile(r"(?i)(?:CERT|CA)_?(?:FILE|BUNDLE|CERTS|INFO|PATH|DIR)$|CA_?CERTS?$")
_SCRATCH_DIRS = ("/tmp/", "/var/tmp/", "/dev/shm/")


# An option that names the one server a setting is for (``kubectl config set-cluster NAME
# --server=https://127.0.0.1:41977``).
_SERVER_OPTION = re.compile(r"^--?(?:server|endpoint)=(\S*://\S+)$")


def _tls_off(program: str, what: str, values: tuple[str, str], low: list[str]) -> StateChange:
    """A check switched off; the server the same command scopes the setting to, when an
    option names one, joins its values, so that the prompt asks for it only by naming that
    server (``_check_off_asked``), as for a host-scoped ``http.<url>.sslVerify``."""
    scope = tuple(m.group(1) for a in low if a.startswith("-") and (m := _SERVER_OPTION.match(a)))
    return StateChange(WEAKEN, "set", "tls", False, f"{program} {what}", values + scope[:1])


# Files that say where a version-control tool sends the work: ``.gitreview`` (``git
# review``'s Gerrit host), a repository's ``.git/config`` and Mercurial's ``hgrc``.
_PUSH_CONFIG = re.compile(r"(?:^|/)(?:\.gitreview|\.git/config|\.hg/hgrc|\.hgrc)$")
_PUSH_KEY = re.compile(
    r"(?im)^\s*(?:host|url|pushurl|default-push|default:pushurl|default)\s*=\s*(\S+)"
)


# SSH's client configuration: ``HostName`` (and a jump host) say which machine a name
# reaches, so every later ssh, scp or git push to that name goes there.
_SSH_CONFIG = re.compile(r"(?:^|/)(?:\.ssh/config|\.ssh/config\.d/[^/]+|ssh_config(?:\.d/[^/]+)?)$")
_SSH_KEY = re.compile(r"(?i)\b(?:HostName|ProxyJump)(?:\s*=\s*|\s+)([\w.@:-]+\.[\w.:-]+)")


def written_push_destinations(text: str, target: str) -> list[StateChange]:
    """A host or URL written into a file that says where the work is pushed (``host=`` in
    ``.gitreview``, ``url =`` in ``.git/config``, ``HostName`` in SSH's config): every
    later push to that name goes there. A change chosen by that value, which the prompt
    must name."""
    if _SSH_CONFIG.search(target):
        found = _SSH_KEY.finditer(text)
    elif _PUSH_CONFIG.search(target):
        found = _PUSH_KEY.finditer(text)
    else:
        return []
    values = tuple(dict.fromkeys(m.group(1).strip("'\"") for m in found))
    if not values:
        return []
    return [
        StateChange(
            CHANGE,
            "set",
            "push-destination",
            False,
            f"sets where {posixpath.basename(target)} sends pushes",
            values[:4],
        )
    ]


def written_approvals(text: str, target: str) -> list[StateChange]:
    """Settings written to ``target`` that let an agent's tools run without a person
    (``chat.tools.autoApprove: true``, ``approval_policy = "never"``): a weakening."""
    return [
        StateChange(
            WEAKEN,
            "set",
            "agent-approval",
            False,
            f"writes {key} = {value} to {target}"[:120],
            (key, value),
        )
        for key, value in agent_approval.widenings_in_text(text)
    ]


# Files that hold code or prose, not settings: ``verify=False`` in them is a call's argument
# judged with the code (code_text), not a setting of a tool.
_NOT_CONFIG = re.compile(
    r"(?i)\.(?:py|pyi|js|mjs|cjs|ts|tsx|jsx|go|rs|java|kt|rb|php|c|h|cc|cpp|hpp|cs|swift|"
    r"scala|hs|zig|dart|lua|pl|sh|bash|zsh|ps1|md|markdown|rst|txt|adoc|html?|ipynb|sql|log)$"
)


# Files that say which key or certificate a host is trusted under: SSH's known hosts and
# the system's or a tool's CA trust stores.
_TRUST_STORE = re.compile(
    r"(?:^|/)(?:known_hosts2?|ssh_known_hosts2?)$|/ca-certificates/|/ca-trust/|/certs?/ca|"
    r"ca-bundle|cacert\.pem$|/anchors/"
)
# A known-hosts entry: host patterns, key type, key.
_HOST_ENTRY = re.compile(
    r"(?m)(?:^|['\"\s])(@?[\w.\-\[\]:,*?|=/+]+)\s+((?:ssh|ecdsa|sk)-[\w@.-]+)\s+([A-Za-z0-9+/=]{16,})"
)


def trust_anchor_changes(text: str, targets: list[str]) -> list[StateChange]:
    """An entry written into a trust store (``known_hosts``, a CA directory or bundle): which
    key a host is trusted under, or which authority vouches for every host, changes. The
    host names and the key literal choose it (the prompt must give them); a certificate
    added to a CA store is chosen by its text, which no prompt spells, so the verb decides."""
    stores = [t for t in targets if _TRUST_STORE.search(t)]
    if not stores:
        return []
    out: list[StateChange] = []
    for m in list(_HOST_ENTRY.finditer(text[: 64 * 1024]))[:4]:
        hosts = [h for h in m.group(1).split(",") if h and not h.startswith("|")]
        detail = f"trusts {m.group(2)} key for {m.group(1)} in {stores[0]}"[:120]
        out.append(
            StateChange(WEAKEN, "trust", "host-trust", False, detail, _clean([*hosts, m.group(3)]))
        )
    if not out and "BEGIN CERTIFICATE" in text:
        out.append(
            StateChange(WEAKEN, "trust", "host-trust", False, f"adds a CA to {stores[0]}", ())
        )
    return out


def config_file(path: str) -> bool:
    """A file read as settings (not code, not prose): ``.conf``, ``.toml``, rc files..."""
    return not _NOT_CONFIG.search(path)


# Programs whose words are text they print, not settings: what they write into a file is
# judged as that file's text (``written_downgrades``).
_PRINTERS = frozenset({"echo", "printf", "print", "cat", "tee", "grep", "rg", "sed", "awk"})


def written_downgrades(text: str, target: str) -> list[StateChange]:
    """Verification checks switched off by configuration text written to ``target``
    (``require-sigs = false`` appended to nix.conf, ``sslverify=0`` in a repo file)."""
    return [
        StateChange(
            WEAKEN, "set", "tls", False, f"writes {key} = {value} to {target}"[:120], (key, value)
        )
        for key, value in verification.downgrades_in_text(text)
    ]


# --- data stores ---------------------------------------------------------------------------

_DB_CLIENTS = frozenset(
    "psql mysql mariadb sqlite3 duckdb mongo mongosh redis-cli valkey-cli cqlsh "
    "clickhouse-client sqlcmd cockroach".split()
)
_STATEMENT_OPTIONS = frozenset({"-c", "-e", "--command", "--execute", "--eval", "-q", "--query"})
_HOST_OPTIONS = frozenset({"-h", "--host", "--hostname", "-H", "-S", "--server", "-u", "--uri"})
# Client options that take a value which is neither a server nor a statement.
_VALUE_OPTIONS = frozenset(
    "-p --port -n -a --user --username -U -d --dbname --database -D --pass --password -P "
    "-k --keyspace --db --authenticationDatabase --tls-cert --cacert --cert --key".split()
)
_LOCAL_HOSTS = re.compile(
    r"^(?:localhost|127(?:\.\d+){3}|::1|\[::1\]|0\.0\.0\.0|host\.docker\.internal|/.*|)$"
)
_URL_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?(\[[^\]]*\]|[^:/?]*)", re.IGNORECASE)


def _db_client(program: str, args: list[str], command_text: str) -> list[StateChange]:
    texts: list[str] = []
    hosts: list[str] = []
    operands: list[str] = []
    k = 0
    while k < len(args):
        arg = args[k]
        name, eq, value = arg.partition("=")
        if name in _STATEMENT_OPTIONS or name in _HOST_OPTIONS:
            if not eq:
                value = args[k + 1] if k + 1 < len(args) else ""
                k += 1
            if name in _STATEMENT_OPTIONS:
                texts.append(value)
            elif program != "mysql" or name != "-u":
                hosts.append(value)
        elif arg.startswith("-"):
            if not eq and arg in _VALUE_OPTIONS:
                k += 1  # the option's value (a port, a user, a database number)
        else:
            operands.append(arg)
        k += 1
    for op in operands:
        url = _URL_HOST.match(op)
        if url:
            hosts.append(url.group(1))
        elif op.startswith("$"):
            hosts.append(op)  # a connection string in a variable: not knowably local
    if program in ("cqlsh",) and operands and not hosts:
        hosts.append(operands[0])
    dialect = (
        "mongo"
        if program.startswith("mongo")
        else "redis"
        if "redis" in program or "valkey" in program
        else "sql"
    )
    if dialect == "redis":
        plain = [a for a in operands if not _URL_HOST.match(a)]
        if plain:
            texts.append(" ".join(plain))
    elif dialect == "sql":
        texts.extend(o for o in operands if " " in o)
    texts.extend(sql_text.heredoc_bodies(command_text))
    local = all(_local_host(h) for h in hosts)
    if program in ("sqlite3", "duckdb"):
        local = True
    out: list[StateChange] = []
    for text in texts[:8]:
        out.extend(sql_changes(text, dialect, local, program))
    return out


def _local_host(host: str) -> bool:
    h = host.strip("'\"").lower()
    url = _URL_HOST.match(h)
    if url:
        h = url.group(1)
    h = h.rsplit(":", 1)[0] if h.count(":") == 1 else h
    return bool(_LOCAL_HOSTS.match(h)) and not h.startswith("$")


def sql_changes(text: str, dialect: str, local: bool, where: str) -> list[StateChange]:
    """The changes one piece of statement text makes on a server (``local`` or not)."""
    out: list[StateChange] = []
    for stmt in sql_text.statements(text, dialect):
        if stmt.klass == sql_text.READ:
            continue
        klass = WEAKEN if stmt.klass == sql_text.GRANT else DESTROY if stmt.wholesale else CHANGE
        out.append(
            StateChange(
                klass,
                stmt.verb.split()[0].lower(),
                "sql",
                local,
                f"{where} runs {stmt.verb.upper()}"[:120],
                _clean(list(stmt.values)),
                stmt.wholesale,
            )
        )
    return out[:8]


# --- framework database tasks ----------------------------------------------------------------

_DB_TASK = re.compile(
    r"(?i)^(?:[\w-]+[.:])?(?:ecto|db|database|schema|doctrine:database|migrate)[.:]"
    r"(?:drop|reset|fresh|wipe|purge|rollback:all)\b|^(?:flush|reset_db|dropdb|sqlflush)$"
)
_ENV_NAME = re.compile(r"(?i)^(?:[A-Z]+_)?(?:ENV|ENVIRONMENT|STAGE)$|^DJANGO_SETTINGS_MODULE$")
_LOCAL_ENV = re.compile(r"(?i)^(?:dev|development|test|testing|local|ci)$|\.(?:dev|local|test)\w*$")
_ENV_OPTIONS = frozenset({"--env", "-e", "--environment", "--settings", "--stage"})


def _database_task(
    program: str, args: list[str], assignments: tuple[str, ...]
) -> StateChange | None:
    """A framework task that drops the database (``mix ecto.drop``, ``rails db:drop``,
    ``prisma migrate reset``, ``manage.py flush``) run against an environment that is not a
    local one: the database of that environment goes."""
    words = [a for a in args if not a.startswith("-")][:4]
    task = next((w for w in words if _DB_TASK.search(w)), "")
    if not task and not ("migrate" in words and "reset" in words):
        return None
    task = task or "migrate reset"
    envs: list[str] = []
    for a in assignments:
        name, _, value = a.partition("=")
        if _ENV_NAME.match(name) and value:
            envs.append(value)
    for k, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if name in _ENV_OPTIONS:
            value = value if eq else (args[k + 1] if k + 1 < len(args) else "")
            if value:
                envs.append(value)
        elif "=" in arg and _ENV_NAME.match(name) and value:
            envs.append(value)  # rake/rails take NAME=value arguments too
    remote = [e for e in envs if not _LOCAL_ENV.search(e.lower())]
    if not remote:
        return None
    return StateChange(
        DESTROY, "drop", "database-task", False, f"{program} {task} on {remote[0]}", _clean(remote)
    )


# --- data files overwritten ------------------------------------------------------------------

_DATA_FILE = re.compile(
    r"(?i)\.(?:db|sqlite3?|db3|mdb|accdb|ldb|rdb|aof|frm|ibd|mdf|ndf|wal|realm|kdbx)$"
    r"|(?:^|/)\.git/(?:objects|refs|index$|packed-refs$)|(?:^|/)(?:pg_wal|pgdata|mysql)/"
)


def _data_file_overwrite(program: str, args: list[str]) -> list[StateChange]:
    """``dd of=``, ``truncate``, ``shred`` over a database file or a repository's objects."""
    targets: list[str] = []
    if program == "dd":
        targets = [a[3:] for a in args if a.startswith("of=")]
    elif program in ("truncate", "shred", "fallocate"):
        skip = False
        for a in args:
            if skip:
                skip = False
                continue
            if a in ("-s", "--size", "-n", "--iterations", "-l", "--length", "-r", "--reference"):
                skip = True
                continue
            if not a.startswith("-"):
                targets.append(a)
    if program in ("truncate", "shred") and _emptied(program, args) and _bulk(targets):
        # Every file a listing yields (``$(git ls-files)``, ``find -exec``, a glob, names
        # piped in by xargs) emptied at once: the workspace's content destroyed in bulk.
        what = targets[0] if targets else "files piped in"
        return [
            StateChange(
                DESTROY, program, "workspace-files", True, f"{program} empties {what}", (), True
            )
        ]
    hit = [t for t in targets if _DATA_FILE.search(t)]
    if not hit:
        return []
    return [
        StateChange(
            DESTROY, program, "data-file", True, f"{program} overwrites {hit[0]}", _clean(hit)
        )
    ]


def _emptied(program: str, args: list[str]) -> bool:
    """The call leaves its files empty (or overwritten): ``truncate -s 0``, ``shred``."""
    if program == "shred":
        return True
    for k, a in enumerate(args):
        if a in ("-s", "--size") and k + 1 < len(args):
            return args[k + 1] in ("0", "0K", "0M")
        if a.startswith(("-s", "--size=")):
            return a.rsplit("=", 1)[-1].removeprefix("-s") in ("0", "0K", "0M")
    return False


def _bulk(targets: list[str]) -> bool:
    """The operands are a listing, not named files: none (xargs), a substitution, a glob."""
    if not targets:
        return True
    return any("$(" in t or "`" in t or "*" in t or t == "{}" for t in targets)


# --- rm of an unset variable -----------------------------------------------------------------

_UNSET_ROOT = re.compile(r"^\$\{?([A-Za-z_]\w*)(?::?-)?\}?/?(?:\*|\.\*|\{?\*,?\.\*\}?)?$")
_ALWAYS_SET = frozenset({"HOME", "PWD", "OLDPWD", "USER", "LOGNAME", "SHELL", "PATH"})


def root_if_unset(program: str, argv: tuple[str, ...] | list[str]) -> str:
    """The operand of a recursive delete that is only a variable and a slash or glob
    (``rm -rf "$DIR"/``, ``"${DIR}"/*``) whose value is unknown: empty, it is ``/``."""
    if program not in ("rm", "rmdir", "shred", "find"):
        return ""
    args = list(argv[1:])
    recursive = program in ("rmdir", "find") or any(
        a in ("--recursive", "--no-preserve-root")
        or (a.startswith("-") and not a.startswith("--") and "r" in a.lower())
        for a in args
    )
    if program == "find" and "-delete" not in args:
        return ""
    if not recursive:
        return ""
    for a in args:
        m = _UNSET_ROOT.match(a)
        if (
            m
            and m.group(1) not in _ALWAYS_SET
            and (a.rstrip("*.{},").endswith("/") or "--no-preserve-root" in args)
        ):
            return a
        if _COMPUTED_ROOT.match(a):
            # ``rm -rf "$(sed … cfg)"/``: the directory is whatever the command prints, at
            # run time; empty it is ``/``, a ``~`` it is the home.
            return a
    return ""


# An operand that is only a command's output and a slash (or a glob under it).
_COMPUTED_ROOT = re.compile(r"^(?:\$\(.*\)|`.*`)/(?:\*|\.\*|\{?\*,?\.\*\}?)?$", re.S)


# --- container specs (MCP tools) -------------------------------------------------------------

_MOUNT_KEYS = frozenset({"volumes", "volume", "binds", "bind", "mounts", "mount", "v"})
_HOST_PATH_BAD = re.compile(
    r"^(?:/|/home/?[^/]*/?|/root/?|/etc\b.*|/var/run/docker\.sock|/run/docker\.sock|"
    r"/run/containerd/.*|~/?|\$HOME/?|/proc\b.*|/sys\b.*|/dev/?|/boot\b.*|/var/lib/docker\b.*|"
    r"~/\.(?:ssh|aws|kube|gnupg|docker|config)\b.*|/home/[^/]+/\.(?:ssh|aws|kube|gnupg|docker|config)\b.*)$"
)


def _spec_items(spec: dict[str, Any], depth: int = 3) -> list[tuple[str, Any]]:
    """A spec's keys and values, those of nested sections included (Docker's
    ``host_config.Binds``, Kubernetes-like ``spec.volumes``): a mount is a mount at any depth."""
    out: list[tuple[str, Any]] = []
    stack: list[tuple[dict[str, Any], int]] = [(spec, 0)]
    while stack and len(out) < 200:
        mapping, level = stack.pop()
        for key, value in mapping.items():
            out.append((str(key), value))
            if isinstance(value, dict) and level < depth and str(key).lower() not in _MOUNT_KEYS:
                stack.append((value, level + 1))
    return out


def container_spec_change(tool_input: dict[str, Any]) -> StateChange | None:
    """A tool call that runs a container with the host's home, root, system directories or
    the Docker socket mounted, privileged, or in the host's namespaces: the container's
    code (an image from anywhere) gets the host. A mount of the workspace is ordinary."""
    if not any(k in tool_input for k in ("image", "image_name", "imageName", "from")):
        return None
    sources: list[str] = []
    for key, value in _spec_items(tool_input):
        if key.lower() not in _MOUNT_KEYS:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items[:16]:
            if isinstance(item, str):
                sources.append(item.split(":", 1)[0])
            elif isinstance(item, dict):
                src = (
                    item.get("source")
                    or item.get("src")
                    or item.get("host")
                    or item.get("host_path")
                    or item.get("hostPath")
                )
                if isinstance(src, str):
                    sources.append(src)
        if isinstance(value, dict):
            sources.extend(k for k in value if isinstance(k, str))
    bad = [s for s in sources if _HOST_PATH_BAD.match(s.rstrip("/") or "/")]
    nested = {k.lower(): v for k, v in _spec_items(tool_input)}
    flags = [
        k
        for k in ("privileged", "pid_mode", "network_mode", "pid", "ipc", "cap_add", "capadd")
        if nested.get(k) in (True, "host") or (k in ("cap_add", "capadd") and nested.get(k))
    ]
    if not bad and not flags:
        return None
    image = str(
        tool_input.get("image") or tool_input.get("image_name") or tool_input.get("imageName") or ""
    )
    return StateChange(
        WEAKEN,
        "run",
        "container-host",
        True,
        f"runs {image or 'a container'} with {', '.join(bad + flags)[:80]}",
        _clean([image, *bad]),
    )


_COMPOSE_FILE = re.compile(r"(?:^|/)(?:docker-)?compose[\w.-]*\.ya?ml$")
_COMPOSE_IMAGE = re.compile(r"""(?m)^\s*image:\s*['"]?([^\s'"#]+)""")
_COMPOSE_FLAG = re.compile(
    r"""(?m)^\s*(privileged):\s*['"]?(?:true|yes)\b|^\s*(pid|network_mode|ipc):\s*['"]?(host)\b"""
    r"""|^\s*(cap_add):"""
)
# The host side of a bind mount, in a short or long volume entry (``- /:/host``, ``['/:/h']``).
_COMPOSE_MOUNT = re.compile(r"""(?:^|[\s\[,'"-])((?:/|~|\$\{?HOME\}?)[^\s:'",\]]*):/""", re.M)


def compose_spec_change(text: str, target: str) -> StateChange | None:
    """A Compose file written in the session gives its containers the host the way ``docker
    run`` flags do (``privileged: true``, ``pid: host``, ``- /:/host``): judged when written
    as the container spec it declares, since ``docker compose up`` later asks nobody."""
    if not _COMPOSE_FILE.search(target):
        return None
    spec: dict[str, Any] = {}
    image = _COMPOSE_IMAGE.search(text)
    spec["image"] = image.group(1) if image else "a compose service"
    for match in _COMPOSE_FLAG.finditer(text[: 64 * 1024]):
        if match.group(1):
            spec["privileged"] = True
        elif match.group(2):
            spec[match.group(2)] = "host"
        elif match.group(4):
            spec["cap_add"] = ["ALL"]
    mounts = [m.group(1) for m in list(_COMPOSE_MOUNT.finditer(text[: 64 * 1024]))[:16]]
    if mounts:
        spec["volumes"] = [f"{m}:/mnt" for m in mounts]
    return container_spec_change(spec)


_MANIFEST_KIND = re.compile(
    r"(?m)^\s*kind:\s*['\"]?(Pod|Deployment|DaemonSet|StatefulSet|Job|CronJob|ReplicaSet)\b"
)
_MANIFEST_FLAG = re.compile(
    r"(?m)^\s*(privileged|hostPID|hostNetwork|hostIPC|allowPrivilegeEscalation):\s*['\"]?(?:true|yes)\b"
    r"|\b(privileged|hostPID|hostNetwork|hostIPC):\s*true\b"
)
# ``hostPath: {path: /}`` or a ``hostPath:`` block whose ``path:`` follows.
_MANIFEST_HOST_PATH = re.compile(
    r"hostPath:\s*\{?\s*(?:type:\s*\w+\s*,?\s*)?\n?\s*path:\s*['\"]?([^\s'\",}]+)"
)


def manifest_spec_change(text: str) -> StateChange | None:
    """A Kubernetes workload manifest handed to a tool (an MCP server's ``apply``, a written
    manifest's content): a ``hostPath`` of the node's root, home or system directories,
    ``privileged`` or the node's namespaces give the pod's image the node, as the same
    ``docker run`` flags give a container the host. A pod of ordinary volumes is ordinary."""
    head = text[: 64 * 1024]
    if not _MANIFEST_KIND.search(head):
        return None
    spec: dict[str, Any] = {}
    image = _COMPOSE_IMAGE.search(head)
    spec["image"] = image.group(1) if image else "a pod"
    for match in _MANIFEST_FLAG.finditer(head):
        flag = (match.group(1) or match.group(2) or "").lower()
        if flag in ("privileged", "allowprivilegeescalation"):
            spec["privileged"] = True
        elif flag:
            spec[flag.removeprefix("host")] = "host"
    mounts = [m.group(1) for m in list(_MANIFEST_HOST_PATH.finditer(head))[:16]]
    if mounts:
        spec["volumes"] = [f"{m}:/mnt" for m in mounts]
    return container_spec_change(spec)


_HTTP_METHODS = {"POST": CHANGE, "PUT": CHANGE, "PATCH": CHANGE, "DELETE": DESTROY}
_ROUTE_KEYS = ("path", "url", "endpoint", "uri", "route", "resource")
_GRANTED = frozenset("owner admin administrator maintainer write push root superuser".split())


def api_request_change(tool_input: dict[str, Any]) -> StateChange | None:
    """A generic request tool (``call_api {method, path, body}``, ``http_request {method,
    url}``): the HTTP method is the verb and the route's words its nouns, as a CLI's
    subcommand path is. A grant of ownership or admin on members, roles, keys or permissions
    weakens; any other write is a change whose values are the route's names and the body's."""
    method = tool_input.get("method")
    if not isinstance(method, str) or method.upper() not in _HTTP_METHODS:
        return None
    route = next((tool_input[k] for k in _ROUTE_KEYS if isinstance(tool_input.get(k), str)), "")
    if not route:
        return None
    klass = _HTTP_METHODS[method.upper()]
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]+", "", route).split("?", 1)[0]
    segments = [p for p in path.split("/") if p][:12]
    nouns = {t for seg in segments for t in _tokens(seg)}
    body = tool_input.get("body") or tool_input.get("data") or tool_input.get("json") or {}
    body_text = body if isinstance(body, str) else repr(body)
    granted = {t for t in re.findall(r"[a-z]+", body_text.lower())} & _GRANTED
    values = [seg for seg in segments if not (set(_tokens(seg)) <= (_VERBS | _ACCESS))]
    if isinstance(body, dict):
        values += [str(v) for v in list(body.values())[:8] if isinstance(v, str | int)]
    if klass == CHANGE and nouns & _ACCESS and granted:
        klass = WEAKEN
    detail = f"{method.upper()} {path}"[:120]
    return StateChange(klass, method.lower(), "remote-api", False, detail, _clean(values))


# --- consent -----------------------------------------------------------------------------------

_SYNONYMS: dict[str, frozenset[str]] = {
    APPROVE: frozenset("approve approved approval accept lgtm sign-off merge".split()),
    EXEC: frozenset("run execute exec ssh console debug shell command invoke".split()),
    DESTROY: frozenset(
        "delete remove drop destroy purge wipe clean clear reset flush truncate empty erase "
        "prune reinitialise reinitialize recreate rm".split()
    ),
}
_ALL_WORDS = re.compile(r"\b(?:all|every|everything|entire|whole|wipe|truncate|empty)\b")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")


def asked(change: StateChange, prompt: str) -> bool:
    """The user's prompt asks for this change: it says the verb (or one of its class) and
    names every value that chooses it. A weakening needs its verb and values named; a
    wholesale write needs the prompt to say all of it."""
    text = _INVISIBLE.sub("", prompt).lower()
    # "merge request", "pull request": names of things, not the verb.
    text = re.sub(r"\b(?:merge|pull|change)[\s-]+requests?\b", "request", text)
    if not text:
        return False
    words = set(re.findall(r"[a-z0-9][a-z0-9-]*", text))
    if re.search(r"\bgarbage[\s-]collect", text):
        words.add("gc")  # the verb spelled out ("garbage-collect the cache")
    if change.kind == "tls" and _check_off_asked(change, text, words):
        return True
    if change.kind == "agent-approval":
        return len(change.values) == 2 and agent_approval.named_in(*change.values, text)
    verb = change.verb.lower()
    synonyms = _SYNONYMS.get(change.klass, frozenset()) | {verb}
    if change.klass in (CHANGE, WEAKEN):
        synonyms = synonyms | _CHANGE
    said = any(w in words or (len(w) > 3 and any(x.startswith(w) for x in words)) for w in synonyms)
    if change.klass == WEAKEN and "public" in words and "public" in change.values:
        # "Make the docs mirror public" for ``--visibility public``: the user's word for the
        # opening is its verb (its other values must still be named).
        said = True
    # A change's option said as the prompt's verb ("label it" for ``--label X``, "assign it"
    # for ``--assignee X``): the user asked for that change and left its value to the agent.
    spoken = (
        {v for word, v in change.options if word in words or word + "s" in words}
        if change.klass == CHANGE
        else set()
    )
    said = said or bool(spoken)
    if not said:
        return False
    if (
        change.klass == DESTROY
        and not change.values
        and not change.local
        and not any(verb == w or (len(w) > 3 and verb.startswith(w)) for w in words)
    ):
        # A destroy that names nothing takes everything its tool manages (``tofu destroy
        # -auto-approve``): a softer word of its class ("clean it up") does not ask for it.
        return False
    if (
        change.klass == CHANGE
        and not change.values
        and not change.local
        and verb not in words
        and not words & _VERB_SAYINGS.get(verb, frozenset())
        and not words & _DEPLOY_WORDS
        and "rollout" not in text.replace("roll out", "rollout")
    ):
        # A change that names nothing (``terraform apply -auto-approve``, ``pulumi up --yes``)
        # applies whatever its tool holds: any change verb ("update the README") does not
        # ask for it; its own verb or a deploy word does.
        return False
    bulk_local = change.local and change.kind == "workspace-files"
    if change.wholesale and (not change.local or bulk_local) and not _ALL_WORDS.search(text):
        return False
    return all(v in spoken or _named(v, text) for v in change.values)


# Everyday words for a verb ("open a PR" for ``gh pr create``): said for the verb itself.
_VERB_SAYINGS: dict[str, frozenset[str]] = {
    "create": frozenset("open make raise file new".split()),
    "merge": frozenset("land".split()),
}
# Words with which a prompt asks to put a new version of the work where it runs.
_DEPLOY_WORDS = frozenset("deploy redeploy rollout roll-out ship release promote".split())
# Command words too common to name a scope by themselves.
_SCOPE_NOISE = frozenset(
    "with from into that this then true false yaml json none name file files path".split()
)


def own_change_asked(change: StateChange, command: str, prompt: str) -> bool:
    """In a session that took in no outside content, a change (not a deletion, approval,
    execution or weakening) is asked when the prompt says its own verb, or a deploy word
    for it, and names its scope: a word of the command itself (the tool, an environment,
    a namespace, the resource: "Deploy the manifests to staging" for ``kubectl apply -f
    k8s/staging/``, "Apply the terraform plan" for ``terraform apply tfplan``). The values
    are then the agent's own choices in the user's own work; nobody else could choose them
    (lead probe 14d: ordinary deploys asked because the prompt did not spell the manifest
    path or the image tag)."""
    if change.klass != CHANGE or not command:
        return False
    text = _INVISIBLE.sub("", prompt).lower().replace("roll out", "rollout")
    words = set(re.findall(r"[a-z0-9][a-z0-9-]*", text))
    verb = change.verb.lower()
    if verb not in words and not words & _DEPLOY_WORDS:
        return False
    scope = {
        t
        for t in re.findall(r"[a-z][a-z0-9]{3,}", command.lower())
        if t != verb and t not in _CHANGE and t not in _SCOPE_NOISE
    }
    return bool(scope & words)


# Words with which a prompt switches a check off, and words that name a certificate check.
_OFF_WORDS = frozenset(
    "off disable disabling skip bypass ignore insecure unverified trust trusted".split()
)
_CHECK_WORDS = re.compile(r"\b(?:ssl|tls|certs?|certificates?|verif\w*|sslverify|strict-ssl)\b")
_SCOPED_HOST = re.compile(r"https?://([^/\s]+)")


def _check_off_asked(change: StateChange, text: str, words: set[str]) -> bool:
    """A certificate check switched off is asked when the prompt says to switch the check off
    ("turn off SSL verification") and, for a setting scoped to one host
    (``http.https://git.lab.internal/.sslVerify``), names that host: the user's own words
    for the very setting, not a value the content supplied."""
    parts = words | set(re.findall(r"[a-z]+", text))  # "trusted-host" says "trusted"
    if not parts & _OFF_WORDS or not _CHECK_WORDS.search(text):
        return False
    hosts = [m.group(1) for v in change.values for m in _SCOPED_HOST.finditer(v)]
    if not hosts and change.values and _BARE_HOST.fullmatch(change.values[-1]):
        hosts = [change.values[-1]]  # ``trusted-host pypi.lab.internal``: the exempted host
    return bool(hosts) and all(h in text for h in hosts)


_BARE_HOST = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+(?::\d+)?")


def _named(value: str, prompt: str) -> bool:
    v = value.lower().strip("'\"")
    if v in prompt:
        return True
    # An identifier with a path (an ARN, a resource path) is named by its last part, when
    # that part is a distinctive name ("ReadOnlyAccess" for arn:...:policy/ReadOnlyAccess).
    tail = re.split(r"[/:]", v)[-1]
    if tail != v and len(tail) >= 6 and re.search(rf"(?<![\w-]){re.escape(tail)}(?![\w-])", prompt):
        return True
    if "=" in v:
        return all(_named(part, prompt) for part in v.split("=", 1) if part)
    stem = re.sub(r"\.(ya?ml|json|toml|pub|pem|txt)$", "", v)
    if stem != v and len(stem) >= 3 and stem in prompt:
        return True
    return v.endswith("s") and len(v) > 4 and v[:-1] in prompt


def _clean(values: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        v = _INVISIBLE.sub("", value).strip().strip("'\"").rstrip(".")
        if v.startswith("-") and "=" in v:
            v = v.split("=", 1)[1]  # an option's value
            key, eq, val = v.partition("=")
            if eq and " " not in key and val.lower() not in ("true", "false"):
                v = val  # a field's value chooses, not the field (image.tag=2.4.1)
            v = v.strip("'\"")
        if v.startswith(("./", "../")) or len(v) < 3 or v.isdigit() or v in out:
            continue  # a local path (a chart, a file of the workspace), a count, a number
        out.append(v)
    return tuple(out[:12])
