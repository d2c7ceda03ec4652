"""Data tables for shell analysis: wrappers, program families, option arities, risky paths."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bastion.sensors.registry import every_agent_files


@dataclass(frozen=True, slots=True)
class WrapperSpec:
    """How a launcher such as sudo or timeout finds the command it runs."""

    opts_with_arg: frozenset[str] = frozenset()
    positionals: int = 0  # words to skip after options before the command (timeout's duration)
    privilege: bool = False  # running it changes the user (sudo, doas)
    nested: bool = False  # the command runs one level down (xargs): depth + 1
    query_flags: frozenset[str] = frozenset()  # flags that make it look up, not run (command -v)


WRAPPERS: dict[str, WrapperSpec] = {
    "sudo": WrapperSpec(
        frozenset(
            [
                "-u",
                "-g",
                "-h",
                "-p",
                "-C",
                "-D",
                "-r",
                "-t",
                "-U",
                "-T",
                "--user",
                "--group",
                "--host",
                "--prompt",
                "--close-from",
                "--chdir",
                "--role",
                "--type",
                "--other-user",
                "--command-timeout",
            ]
        ),
        privilege=True,
    ),
    "doas": WrapperSpec(frozenset({"-u", "-C"}), privilege=True),
    "pkexec": WrapperSpec(frozenset({"--user"}), privilege=True),
    "runuser": WrapperSpec(frozenset({"-u", "-g", "-G", "--user", "--group"}), privilege=True),
    "nohup": WrapperSpec(),
    "setsid": WrapperSpec(),
    "timeout": WrapperSpec(frozenset({"-k", "-s", "--kill-after", "--signal"}), positionals=1),
    "gtimeout": WrapperSpec(frozenset({"-k", "-s", "--kill-after", "--signal"}), positionals=1),
    "nice": WrapperSpec(frozenset({"-n", "--adjustment"})),
    "ionice": WrapperSpec(frozenset({"-c", "-n", "-p", "-P", "-u", "--class", "--classdata"})),
    "chrt": WrapperSpec(positionals=1),
    "taskset": WrapperSpec(positionals=1),
    "command": WrapperSpec(query_flags=frozenset({"-v", "-V"})),
    "builtin": WrapperSpec(),
    "exec": WrapperSpec(frozenset({"-a"})),
    "time": WrapperSpec(frozenset({"-o", "-f", "--output", "--format"})),
    "stdbuf": WrapperSpec(frozenset({"-i", "-o", "-e", "--input", "--output", "--error"})),
    "unbuffer": WrapperSpec(),
    "caffeinate": WrapperSpec(frozenset({"-t", "-w"})),
    "strace": WrapperSpec(frozenset({"-o", "-e", "-p", "-s", "-u", "-E", "-P", "-I", "-a", "-b"})),
    "ltrace": WrapperSpec(frozenset({"-o", "-e", "-p", "-s", "-u", "-E", "-a", "-n"})),
    "proxychains": WrapperSpec(frozenset({"-f"})),
    "proxychains4": WrapperSpec(frozenset({"-f"})),
    "torsocks": WrapperSpec(),
    "busybox": WrapperSpec(),
    "catchsegv": WrapperSpec(),
    "xargs": WrapperSpec(
        frozenset(
            [
                "-I",
                "-L",
                "-n",
                "-P",
                "-s",
                "-d",
                "-E",
                "-a",
                "--arg-file",
                "--delimiter",
                "--max-args",
                "--max-procs",
                "--max-lines",
                "--max-chars",
                "--eof",
                "--process-slot-var",
            ]
        ),
        nested=True,
    ),
    "parallel": WrapperSpec(frozenset({"-j", "-S", "--jobs", "--sshlogin"}), nested=True),
    # Launchers that run the command later or elsewhere; the command is still the command.
    "systemd-run": WrapperSpec(
        frozenset(
            [
                "-u",
                "--unit",
                "-p",
                "--property",
                "--description",
                "--slice",
                "-E",
                "--setenv",
                "--on-active",
                "--on-boot",
                "--on-startup",
                "--on-unit-active",
                "--on-unit-inactive",
                "--on-calendar",
                "--timer-property",
                "--path-property",
                "--socket-property",
                "-M",
                "--machine",
                "-H",
                "--host",
                "--uid",
                "--gid",
                "--nice",
                "--working-directory",
            ]
        )
    ),
    "flock": WrapperSpec(
        frozenset({"-w", "--timeout", "-E", "--conflict-exit-code"}), positionals=1
    ),
    "chroot": WrapperSpec(frozenset({"--userspec", "--groups"}), positionals=1, privilege=True),
    "unshare": WrapperSpec(
        frozenset({"--map-user", "--map-group", "-S", "-G", "--setuid", "--setgid"})
    ),
    "nsenter": WrapperSpec(frozenset({"-t", "--target", "-S", "-G"}), privilege=True),
    "daemonize": WrapperSpec(frozenset({"-a", "-c", "-e", "-o", "-p", "-l", "-u", "-E"})),
}

SHELLS = frozenset(
    {"sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish", "yash", "rbash", "nu", "xonsh",
     "elvish", "tcsh", "csh", "osh", "ysh"}
)  # fmt: skip

# Programs whose stdin is a script when given no script file.
PERL_LIKE = {"perl": "inline-perl", "ruby": "inline-ruby", "php": "inline-php", "lua": "inline-lua"}

_FAMILY_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:python|pypy)[0-9.]*m?"), "python"),
    (re.compile(r"pip[0-9.]*"), "pip"),
    (re.compile(r"node(?:js)?[0-9.]*"), "node"),
    (re.compile(r"perl[0-9.]*"), "perl"),
    (re.compile(r"ruby[0-9.]*"), "ruby"),
    (re.compile(r"php[0-9.]*"), "php"),
    (re.compile(r"(?:tclsh|wish|jimsh)[0-9.]*"), "tcl"),
    (re.compile(r"pwsh(?:-preview)?|powershell(?:\.exe)?"), "pwsh"),
    (re.compile(r"(?:g|n|m)?awk"), "awk"),
    (re.compile(r"(?:mkfs|mke2fs|mkswap)(?:\..*)?"), "mkfs"),
)

_ALIASES = {
    "ncat": "nc",
    "netcat": "nc",
    "nc.traditional": "nc",
    "nc.openbsd": "nc",
    "egrep": "grep",
    "fgrep": "grep",
    "rg": "grep",
    "ag": "grep",
    "ack": "grep",
    "tofu": "terraform",
    "terragrunt": "terraform",
    "podman": "docker",
    "nerdctl": "docker",
    "docker-compose": "docker-compose",
    "gsed": "sed",
    "gtar": "tar",
    "bsdtar": "tar",
    "oc": "kubectl",
    "microk8s.kubectl": "kubectl",
    "mariadb": "mysql",
    "mongosh": "mongo",
    "pgcli": "psql",
    "mycli": "mysql",
    "xh": "http",
    "https": "http",
    "httpie": "http",
    "zcat": "gunzip",
    "gzcat": "gunzip",
    "pnpx": "npx",
    "bunx": "npx",
    "uvx": "npx",
    "pipx": "pipx",
    "rmdir": "rmdir",
}


def program_family(name: str) -> str:
    """Collapse versioned and aliased program names (python3.11, ncat) to one family."""
    if name in _ALIASES:
        return _ALIASES[name]
    for pattern, family in _FAMILY_PATTERNS:
        if pattern.fullmatch(name):
            return family
    return name


# --- readers: which arguments of a program are files it reads -----------------------------

# Programs whose non-option arguments are all input files.
FILE_READERS = frozenset(
    [
        "cat",
        "tac",
        "less",
        "more",
        "nl",
        "wc",
        "od",
        "xxd",
        "hexdump",
        "strings",
        "base64",
        "base32",
        "md5sum",
        "sha1sum",
        "sha256sum",
        "sha512sum",
        "shasum",
        "cksum",
        "b2sum",
        "file",
        "head",
        "tail",
        "sort",
        "uniq",
        "cut",
        "paste",
        "diff",
        "cmp",
        "comm",
        "fold",
        "fmt",
        "expand",
        "unexpand",
        "column",
        "iconv",
        "gzip",
        "gunzip",
        "bzip2",
        "bunzip2",
        "xz",
        "unxz",
        "zstd",
        "lz4",
        "uuencode",
        "tr",
        "bat",
        "batcat",
        "view",
        "vim",
        "vi",
        "nano",
        "emacs",
        "source",
        ".",
        "zip",
        "gpg",
        "csplit",
        "split",
        "readlink",
        "realpath",
        "stat",
        "ls",
        "tree",
        "du",
        "pr",
        "rev",
        "shuf",
        "jq",
        "yq",
    ]
)
# Of the readers, these only look at names or metadata, not contents.
# Programs that look at files without handing their content on: names, sizes, types, and
# counts or digests of the content (``wc -l ~/.psql_history`` prints a number; a SHA-256 of
# a key does not give the key). Their file arguments are not reads of what the files hold.
METADATA_ONLY = frozenset(
    {"ls", "tree", "du", "stat", "readlink", "realpath", "file", "wc"}
    | {"md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "shasum"}
    | {"b2sum", "cksum", "sum"}
)

# Options that take a separate argument, for programs whose file arguments we collect.
READER_OPTS_WITH_ARG: dict[str, frozenset[str]] = {
    "head": frozenset({"-n", "-c", "--lines", "--bytes"}),
    "tail": frozenset({"-n", "-c", "--lines", "--bytes", "-s", "--pid", "--sleep-interval"}),
    "sort": frozenset({"-k", "-t", "-o", "-S", "-T", "--key", "--field-separator", "--output"}),
    "cut": frozenset({"-d", "-f", "-c", "-b", "--delimiter", "--fields"}),
    "uniq": frozenset({"-f", "-s", "-w"}),
    "grep": frozenset(
        [
            "-e",
            "-f",
            "-m",
            "-A",
            "-B",
            "-C",
            "-d",
            "-D",
            "--regexp",
            "--file",
            "--max-count",
            "--context",
            "--after-context",
            "--before-context",
            "--include",
            "--exclude",
            "--exclude-dir",
            "--color",
            "--colour",
            "--label",
            "-g",
            "-t",
            "--type",
            "--glob",
        ]
    ),
    "sed": frozenset({"-e", "-f", "--expression", "--file", "-l", "--line-length"}),
    "awk": frozenset({"-f", "-v", "-F", "--file", "--assign", "--field-separator"}),
    "jq": frozenset({"--arg", "--argjson", "--slurpfile", "--rawfile", "-f", "--from-file"}),
    "xxd": frozenset({"-c", "-g", "-l", "-s", "-o", "-n"}),
    "od": frozenset({"-A", "-j", "-N", "-t", "-w"}),
    "base64": frozenset({"-w", "--wrap"}),
    "base32": frozenset({"-w", "--wrap"}),
    "nl": frozenset({"-b", "-n", "-s", "-v", "-w", "-i", "-d", "-h", "-f"}),
    "diff": frozenset({"-U", "-C", "-x", "-X", "-I", "--label", "-L"}),
    "tr": frozenset(),
    "zip": frozenset({"-x", "-i", "-P", "--password", "-b", "-t", "-tt"}),
    "gpg": frozenset({"-o", "--output", "-r", "--recipient", "-u", "--local-user", "--homedir"}),
    "split": frozenset({"-l", "-b", "-n", "-C", "-a"}),
    "csplit": frozenset({"-f", "-b", "-n"}),
    "ls": frozenset({"-I", "--ignore", "-w", "--width", "--sort", "--format", "--time"}),
    "tree": frozenset({"-L", "-I", "-P", "-o"}),
    "du": frozenset({"-d", "--max-depth", "-t", "--threshold", "--exclude"}),
    "cat": frozenset(),
}

# Programs that decode or decompress their input: piping their output into a shell hides code.
DECODERS = {
    "base64": frozenset({"-d", "--decode", "-D"}),
    "base32": frozenset({"-d", "--decode"}),
    "xxd": frozenset({"-r", "-revert"}),
    "gzip": frozenset({"-d", "--decompress"}),
    "bzip2": frozenset({"-d", "--decompress"}),
    "xz": frozenset({"-d", "--decompress"}),
    "zstd": frozenset({"-d", "--decompress"}),
    "openssl": frozenset({"-d", "-base64", "-a"}),
}
ALWAYS_DECODERS = frozenset({"gunzip", "bunzip2", "unxz", "uudecode", "rev", "unzstd"})

# Commands that pass their stdin to stdout more or less unchanged.
PASS_THROUGH = frozenset(
    {"cat", "tee", "head", "tail", "tr", "sed", "grep", "awk", "cut", "sort", "uniq", "dd"}
)

# --- environment and credentials -----------------------------------------------------------

SPECIAL_PARAMS = frozenset({"@", "*", "#", "?", "-", "$", "!", "0", "_"})

# Variables that point a package manager at an index (value is the URL).
INDEX_ENV_VARS = {
    "PIP_INDEX_URL": "pip",
    "PIP_EXTRA_INDEX_URL": "pip",
    "UV_INDEX_URL": "pip",
    "UV_DEFAULT_INDEX": "pip",
    "UV_EXTRA_INDEX_URL": "pip",
    "NPM_CONFIG_REGISTRY": "npm",
    "npm_config_registry": "npm",
    "YARN_REGISTRY": "yarn",
    "GOPROXY": "go",
    "CARGO_REGISTRIES_CRATES_IO_INDEX": "cargo",
}

DEFAULT_REGISTRIES = {
    "pip": "pypi.org",
    "uv": "pypi.org",
    "poetry": "pypi.org",
    "pdm": "pypi.org",
    "pipenv": "pypi.org",
    "pipx": "pypi.org",
    "conda": "conda.anaconda.org",
    "mamba": "conda.anaconda.org",
    "npm": "registry.npmjs.org",
    "pnpm": "registry.npmjs.org",
    "bun": "registry.npmjs.org",
    "npx": "registry.npmjs.org",
    "yarn": "registry.yarnpkg.com",
    "gem": "rubygems.org",
    "bundle": "rubygems.org",
    "cargo": "crates.io",
    "go": "proxy.golang.org",
    "composer": "repo.packagist.org",
    "brew": "formulae.brew.sh",
    "apt": "",
    "apt-get": "",
    "yum": "",
    "dnf": "",
    "apk": "",
    "zypper": "",
    "pacman": "",
    "snap": "api.snapcraft.io",
    "dotnet": "api.nuget.org",
    "nuget": "api.nuget.org",
}

# Files whose whole purpose is to hold credentials; reading one is a credential-store access.
CREDENTIAL_FILES: tuple[str, ...] = (
    "~/.aws/credentials",
    "~/.aws/config",
    "~/.aws/sso/cache/",
    "~/.docker/config.json",
    "~/.netrc",
    "~/.git-credentials",
    "~/.config/gh/hosts.yml",
    "~/.npmrc",
    "~/.pypirc",
    "~/.kube/config",
    "~/.ssh/id_",
    "~/.gnupg/",
    "~/.config/gcloud/",
    "~/.azure/",
    "~/.terraform.d/credentials.tfrc.json",
    "~/.vault-token",
    "~/.password-store/",
    "~/Library/Keychains/",
    "~/.cargo/credentials",
    "~/.gem/credentials",
    "~/.config/hub",
    # Agents' own logins, as each agent's declaration in ``sensors/`` names them.
    *(f"~/{c}" for files in every_agent_files() for c in files.credentials),
    "~/.config/op/",
    "~/.m2/settings.xml",
    "/etc/shadow",
    "/etc/gshadow",
    "/run/secrets/",
    "/var/run/secrets/",
    "/proc/self/environ",
)

# Credential-store commands: (program, subcommand words that must follow, label).
CREDENTIAL_COMMANDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("gh", ("auth", "token"), "gh auth token"),
    # Infrastructure state and outputs: sensitive outputs print in clear as JSON or raw
    # (the plain ``terraform output`` table hides them), the state holds every secret.
    *(
        (tf, sub, f"{tf} {' '.join(sub)}")
        for tf in ("terraform", "tofu", "terragrunt")
        for sub in (("output", "-json"), ("output", "-raw"), ("state", "pull"), ("show", "-json"))
    ),
    ("pulumi", ("stack", "output", "--show-secrets"), "pulumi stack output --show-secrets"),
    ("pulumi", ("config", "--show-secrets"), "pulumi config --show-secrets"),
    ("pulumi", ("stack", "export", "--show-secrets"), "pulumi stack export --show-secrets"),
    ("gh", ("auth", "status", "--show-token"), "gh auth status --show-token"),
    ("gh", ("auth", "status", "-t"), "gh auth status --show-token"),
    ("aws", ("configure", "get"), "aws configure get"),
    ("aws", ("configure", "export-credentials"), "aws configure export-credentials"),
    ("aws", ("sts", "get-session-token"), "aws sts get-session-token"),
    ("aws", ("ecr", "get-login-password"), "aws ecr get-login-password"),
    ("aws", ("secretsmanager", "get-secret-value"), "aws secretsmanager get-secret-value"),
    ("aws", ("ssm", "get-parameter"), "aws ssm get-parameter"),
    ("aws", ("ssm", "get-parameters"), "aws ssm get-parameters"),
    ("security", ("find-generic-password",), "security find-generic-password"),
    ("security", ("find-internet-password",), "security find-internet-password"),
    ("security", ("dump-keychain",), "security dump-keychain"),
    ("gcloud", ("auth", "print-access-token"), "gcloud auth print-access-token"),
    ("gcloud", ("auth", "print-identity-token"), "gcloud auth print-identity-token"),
    (
        "gcloud",
        ("auth", "application-default", "print-access-token"),
        "gcloud auth application-default print-access-token",
    ),
    ("gcloud", ("secrets", "versions", "access"), "gcloud secrets versions access"),
    ("az", ("account", "get-access-token"), "az account get-access-token"),
    ("az", ("keyvault", "secret", "show"), "az keyvault secret show"),
    ("kubectl", ("config", "view", "--raw"), "kubectl config view --raw"),
    ("kubectl", ("get", "secret"), "kubectl get secret"),
    ("kubectl", ("get", "secrets"), "kubectl get secret"),
    ("kubectl", ("create", "token"), "kubectl create token"),
    ("docker", ("login",), "docker login"),
    ("git", ("credential", "fill"), "git credential fill"),
    ("gpg", ("--export-secret-keys",), "gpg --export-secret-keys"),
    ("gpg", ("--export-secret-subkeys",), "gpg --export-secret-subkeys"),
    ("gpg2", ("--export-secret-keys",), "gpg --export-secret-keys"),
    ("git", ("credential-osxkeychain", "get"), "git credential-osxkeychain get"),
    ("git", ("credential-store", "get"), "git credential-store get"),
    ("git", ("credential-cache", "get"), "git credential-cache get"),
    ("op", ("read",), "op read"),
    ("op", ("item", "get"), "op item get"),
    ("op", ("document", "get"), "op document get"),
    ("vault", ("read",), "vault read"),
    ("vault", ("kv", "get"), "vault kv get"),
    ("vault", ("token", "lookup"), "vault token lookup"),
    ("pass", ("show",), "pass show"),
    ("gopass", ("show",), "gopass show"),
    ("bw", ("get",), "bw get"),
    ("bw", ("list",), "bw list"),
    ("bw", ("export",), "bw export"),
    ("influx", ("config", "ls", "--json"), "influx config ls --json"),
    ("influx", ("config", "list", "--json"), "influx config list --json"),
    ("lpass", ("show",), "lpass show"),
    ("secret-tool", ("lookup",), "secret-tool lookup"),
    ("keyring", ("get",), "keyring get"),
    ("sops", ("-d",), "sops --decrypt"),
    ("sops", ("--decrypt",), "sops --decrypt"),
    ("sops", ("decrypt",), "sops --decrypt"),
    ("heroku", ("auth:token",), "heroku auth:token"),
    ("doppler", ("secrets",), "doppler secrets"),
    ("chamber", ("read",), "chamber read"),
    # MySQL's option printer shows the client section's password, ~/.mylogin.cnf decrypted.
    ("my_print_defaults", (), "my_print_defaults"),
    ("mysql_config_editor", ("print",), "mysql_config_editor print"),
    ("npm", ("token", "list"), "npm token list"),
    ("gcloud", ("config", "config-helper"), "gcloud config config-helper"),
    # Round 13 (after blind-shell-11's measurement): commands that print a tool's own key or
    # the project's secret variables.
    ("mix", ("hex.config",), "mix hex.config"),
    ("glab", ("variable", "export"), "glab variable export"),
    ("glab", ("variable", "get"), "glab variable get"),
    ("jupyter", ("server", "list"), "jupyter server list"),
    ("jupyter", ("notebook", "list"), "jupyter notebook list"),
    ("jupyter", ("lab", "list"), "jupyter lab list"),
)

# --- destructive, privilege, persistence and self-tamper paths -----------------------------

SYSTEM_PREFIXES = (
    "/etc",
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/boot",
    "/var",
    "/opt",
    "/sys",
    "/proc",
    "/dev",
    "/srv",
    "/System",
    "/Library",
    "/private",
    "/Applications",
)
# Writes here are normal scratch traffic, not system changes.
SCRATCH_PREFIXES = (
    "/dev/null",
    "/dev/stdout",
    "/dev/stderr",
    "/dev/stdin",
    "/dev/fd/",
    "/dev/tty",
    "/var/tmp",
    "/dev/shm",
    "/proc/self/fd/",
)

BLOCK_DEVICE = re.compile(
    r"/dev/(?:sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+n\d+(?:p\d+)?|"
    r"mmcblk\d+(?:p\d+)?|disk\d+(?:s\d+)?|rdisk\d+(?:s\d+)?|mapper/.+|dm-\d+|md\d+|loop\d+)"
)

# (matcher, kind) tables over home-normalised paths ("~/.bashrc"). A matcher ending in "/"
# matches the directory and everything below it; others match the exact path or a suffix
# component sequence when they start with "*/".
_PERSISTENCE_PLACES: tuple[tuple[str, str], ...] = (
    ("*/.bashrc", "shell-rc"),
    ("*/.bash_profile", "shell-rc"),
    ("*/.bash_login", "shell-rc"),
    ("*/.bash_logout", "shell-rc"),
    ("*/.bash_aliases", "shell-rc"),
    ("*/.zlogout", "shell-rc"),
    ("*/.profile", "shell-rc"),
    ("*/.zshrc", "shell-rc"),
    ("*/.zprofile", "shell-rc"),
    ("*/.zshenv", "shell-rc"),
    ("*/.zlogin", "shell-rc"),
    ("*/.kshrc", "shell-rc"),
    ("*/.cshrc", "shell-rc"),
    ("*/.tcshrc", "shell-rc"),
    ("~/.config/fish/", "shell-rc"),
    ("~/.config/nushell/", "shell-rc"),
    ("~/.config/powershell/", "shell-rc"),
    ("~/.config/xonsh/", "shell-rc"),
    ("*/.xonshrc", "shell-rc"),
    ("~/.config/elvish/", "shell-rc"),
    ("~/.elvish/rc.elv", "shell-rc"),
    ("/etc/profile", "shell-rc"),
    ("/etc/profile.d/", "shell-rc"),
    ("/etc/bash.bashrc", "shell-rc"),
    ("/etc/bashrc", "shell-rc"),
    ("/etc/zshrc", "shell-rc"),
    ("/etc/zsh/", "shell-rc"),
    ("/etc/environment", "shell-rc"),
    ("/etc/cron.d/", "cron"),
    ("/etc/cron.daily/", "cron"),
    ("/etc/cron.hourly/", "cron"),
    ("/etc/cron.weekly/", "cron"),
    ("/etc/cron.monthly/", "cron"),
    ("/etc/crontab", "cron"),
    ("/etc/anacrontab", "cron"),
    ("/var/spool/cron/", "cron"),
    ("/var/spool/cron", "cron"),
    ("*/.git/hooks/", "git-hook"),
    ("*/.husky/", "git-hook"),
    ("~/Library/LaunchAgents/", "launch-agent"),
    ("/Library/LaunchAgents/", "launch-agent"),
    ("/Library/LaunchDaemons/", "launch-agent"),
    ("/etc/systemd/", "systemd-unit"),
    ("~/.config/systemd/", "systemd-unit"),
    ("/lib/systemd/", "systemd-unit"),
    ("/usr/lib/systemd/", "systemd-unit"),
    ("/run/systemd/", "systemd-unit"),
    ("/etc/init.d/", "init-script"),
    ("/etc/rc.local", "init-script"),
    ("~/.config/autostart/", "autostart"),
    ("/etc/xdg/autostart/", "autostart"),
    ("*/.ssh/authorized_keys", "ssh-authorized-keys"),
    ("*/.ssh/authorized_keys2", "ssh-authorized-keys"),
    ("~/.ssh/config", "ssh-config"),
    ("/etc/ld.so.preload", "ld-preload"),
    ("*/sitecustomize.py", "python-startup"),
    ("*/usercustomize.py", "python-startup"),
    ("*/site-packages/*.pth", "python-startup"),
    ("~/.npmrc", "package-config"),
    ("~/.pip/pip.conf", "package-config"),
    ("~/.config/pip/pip.conf", "package-config"),
    ("/etc/pip.conf", "package-config"),
    ("~/.yarnrc", "package-config"),
    ("~/.gemrc", "package-config"),
    ("~/.cargo/config", "package-config"),
    ("~/.cargo/config.toml", "package-config"),
    ("~/.gitconfig", "git-config"),
    ("~/.config/git/config", "git-config"),
    # Files a program runs (or a session loads) each time it starts, outside shells and
    # systemd: sshd runs ~/.ssh/rc at every login, IPython/Jupyter run their startup and
    # config files, vim/neovim/emacs their rc (autocmd, system()), tmux/screen theirs
    # (run-shell), the login session its environment (LD_PRELOAD), X its session scripts,
    # debuggers and REPLs their init files. Kind "program-start": a write there is judged
    # at write time, like a shell rc.
    ("~/.ssh/rc", "program-start"),
    ("/etc/ssh/sshrc", "program-start"),
    ("~/.ssh/environment", "program-start"),
    ("~/.ipython/", "program-start"),
    ("~/.config/ipython/", "program-start"),
    ("~/.jupyter/", "program-start"),
    ("~/.pythonrc", "program-start"),
    ("~/.pythonrc.py", "program-start"),
    ("*/.vimrc", "program-start"),
    ("*/.gvimrc", "program-start"),
    ("*/.exrc", "program-start"),
    ("~/.vim/", "program-start"),
    ("~/.config/nvim/", "program-start"),
    ("~/.local/share/nvim/site/", "program-start"),
    ("~/.emacs", "program-start"),
    ("~/.emacs.d/", "program-start"),
    ("~/.config/emacs/", "program-start"),
    ("~/.tmux.conf", "program-start"),
    ("~/.config/tmux/", "program-start"),
    ("~/.screenrc", "program-start"),
    ("~/.config/environment.d/", "program-start"),
    ("/etc/environment.d/", "program-start"),
    ("~/.pam_environment", "program-start"),
    ("/etc/security/pam_env.conf", "program-start"),
    ("~/.xprofile", "program-start"),
    ("~/.xinitrc", "program-start"),
    ("~/.xsession", "program-start"),
    ("~/.xsessionrc", "program-start"),
    ("~/.config/plasma-workspace/env/", "program-start"),
    ("~/.config/plasma-workspace/shutdown/", "program-start"),
    ("~/.kde/Autostart/", "autostart"),
    # Windows' start-up folders, reached from WSL or a shared drive (``/mnt/c/Users/u/
    # AppData/Roaming/...``): the other system runs what lies there at the next login.
    ("*/Start Menu/Programs/Startup/", "autostart"),
    ("*/Start Menu/Programs/StartUp/", "autostart"),
    ("~/.local/share/applications/", "autostart"),
    ("~/Library/Application Support/com.apple.backgroundtaskmanagementagent/", "login-item"),
    ("~/.gdbinit", "program-start"),
    ("~/.config/gdb/", "program-start"),
    ("~/.lldbinit", "program-start"),
    ("~/.Rprofile", "program-start"),
    # A runtime's start-up environment file: its variables name the profile the runtime
    # runs (R_PROFILE_USER), so it is code at start like the profile itself.
    ("~/.Renviron", "program-start"),
    # R reads the .Renviron of the directory it starts in as well as the home's one.
    ("*/.Renviron", "program-start"),
    ("~/.irbrc", "program-start"),
    ("~/.pryrc", "program-start"),
    ("~/.psqlrc", "program-start"),
    ("~/.sqliterc", "program-start"),
    # REPLs' and build tools' own start-up files, run (or loaded as code) at every start:
    # mvn sources ~/.mavenrc; GHCi, iex and the Lisps load theirs (GHCi and iex the working
    # directory's too); Julia its startup.jl; Leiningen and Boot their profiles; sbt its
    # global settings and plug-ins; Gradle its init scripts.
    ("~/.mavenrc", "program-start"),
    ("/etc/mavenrc", "program-start"),
    ("*/.ghci", "program-start"),
    ("~/.ghc/", "program-start"),
    ("~/.config/ghc/", "program-start"),
    ("~/.julia/config/", "program-start"),
    ("~/.lein/", "program-start"),
    ("~/.boot/", "program-start"),
    ("~/.sbt/", "program-start"),
    ("~/.gradle/init.gradle", "program-start"),
    ("~/.gradle/init.gradle.kts", "program-start"),
    ("~/.gradle/init.d/", "program-start"),
    ("~/.erlang", "program-start"),
    ("*/.iex.exs", "program-start"),
    ("~/.ocamlinit", "program-start"),
    ("~/.config/utop/", "program-start"),
    ("~/.perldb", "program-start"),
    ("~/.guile", "program-start"),
    ("~/.racketrc", "program-start"),
    ("~/.sbclrc", "program-start"),
    ("~/.clisprc.lisp", "program-start"),
    ("~/.ccl-init.lisp", "program-start"),
    # Readline's key bindings can type and submit a command line; mailcap names the command
    # that opens each file type; media players and editors load their script folders and rc
    # hooks; tiling compositors run their config's ``exec`` lines at every session start.
    ("~/.inputrc", "program-start"),
    ("/etc/inputrc", "program-start"),
    ("~/.mailcap", "program-start"),
    ("/etc/mailcap", "program-start"),
    ("~/.config/mpv/scripts/", "program-start"),
    ("~/.config/mpv/mpv.conf", "program-start"),
    ("~/.config/kak/", "program-start"),
    ("~/.config/sway/", "autostart"),
    ("~/.config/hypr/", "autostart"),
    ("~/.config/river/", "autostart"),
    ("~/.config/niri/", "autostart"),
    ("~/.config/labwc/autostart", "autostart"),
    ("~/.config/openbox/autostart", "autostart"),
    ("~/.curlrc", "program-start"),
    ("~/.wgetrc", "program-start"),
    ("~/.config/direnv/", "program-start"),
    ("~/.config/starship.toml", "program-start"),
    ("~/.config/git/hooks/", "git-hook"),
    # Programs an always-running agent or supervisor starts on the user's behalf: gpg-agent
    # runs its ``pinentry-program`` / ``scdaemon-program`` at the next signature; a
    # terminal emulator runs its configured ``shell`` / ``default_prog`` in every window; a
    # process supervisor's ``[program:x] command=`` starts at its next reread and at boot;
    # a user anacrontab's jobs run at anacron's next pass (any path: ``anacron -t FILE``).
    ("~/.gnupg/gpg-agent.conf", "program-start"),
    ("~/.gnupg/scdaemon.conf", "program-start"),
    ("~/.config/kitty/", "program-start"),
    ("~/.config/alacritty/", "program-start"),
    ("~/.alacritty.yml", "program-start"),
    ("~/.alacritty.toml", "program-start"),
    ("~/.config/wezterm/", "program-start"),
    ("~/.wezterm.lua", "program-start"),
    ("~/.config/foot/", "program-start"),
    ("~/.config/ghostty/", "program-start"),
    ("~/.config/terminator/", "program-start"),
    ("~/.config/xfce4/terminal/", "program-start"),
    ("*/supervisord.conf", "service"),
    ("*/supervisor/conf.d/", "service"),
    ("/etc/supervisor/", "service"),
    ("~/.config/supervisor/", "service"),
    ("*/anacrontab", "cron"),
    ("~/.config/process-compose/", "service"),
    ("~/.pm2/", "service"),
)
# A user PATH directory comes before /usr/bin: a file there named like a program the
# user (or the agent) runs all the time replaces that program from now on.
_PATH_SHADOWS: tuple[tuple[str, str], ...] = tuple(
    (f"{directory}/{name}", "path-shadow")
    for directory in ("~/.local/bin", "~/bin", "~/.cargo/bin", "~/go/bin", "/usr/local/bin")
    for name in (
        "git",
        "ssh",
        "scp",
        "sudo",
        "su",
        "ls",
        "cd",
        "cat",
        "cp",
        "mv",
        "rm",
        "env",
        "sh",
        "bash",
        "zsh",
        "python",
        "python3",
        "pip",
        "pip3",
        "node",
        "npm",
        "npx",
        "curl",
        "wget",
        "docker",
        "kubectl",
        "make",
        "gpg",
        "gh",
        "aws",
        "go",
        "cargo",
        "uv",
        "which",
        "ps",
        "id",
        "passwd",
        "claude",
    )
)
PERSISTENCE_PATHS: tuple[tuple[str, str], ...] = (*_PERSISTENCE_PLACES, *_PATH_SHADOWS)

PRIVILEGE_PATHS: tuple[tuple[str, str], ...] = (
    ("/etc/sudoers", "sudoers"),
    ("/etc/sudoers.d/", "sudoers"),
    ("/etc/passwd", "account-file"),
    ("/etc/shadow", "account-file"),
    ("/etc/group", "account-file"),
    ("/etc/gshadow", "account-file"),
    ("/etc/pam.d/", "pam"),
    ("/etc/ssh/", "sshd-config"),
    ("/etc/security/", "pam"),
    ("/etc/hosts", "hosts-file"),
    ("/etc/resolv.conf", "hosts-file"),
)

SELF_TAMPER_PATHS: tuple[tuple[str, str], ...] = (
    # Every agent's settings, hooks and MCP files, as its declaration in ``sensors/`` names them.
    *((p, "agent-settings") for files in every_agent_files() for p in files.tamper_paths),
    ("~/.config/bastion/", "guard-config"),
    ("~/.bastion/", "guard-config"),
    ("~/.local/share/bastion/", "guard-config"),
    ("~/.local/state/bastion/", "guard-config"),
    ("~/Library/Application Support/bastion/", "guard-config"),
    ("/etc/bastion/", "guard-config"),
    ("/var/lib/bastion/", "guard-config"),
    ("/run/bastion/", "guard-config"),
    ("*/bin/bastion-hook", "guard-config"),
    ("*/bin/bastion", "guard-config"),
)

# Agent command-line flags that switch off permission checks.
BYPASS_FLAGS = frozenset(
    {
        "--dangerously-skip-permissions",
        "--dangerously-bypass-approvals-and-sandbox",
        "--allow-dangerously-skip-permissions",
    }
)
AGENT_CLIS = frozenset({"claude", "codex", "gemini", "cursor-agent", "aider", "opencode", "amp"})
BYPASS_WORDS = ("bypassPermissions", "dangerously-skip-permissions", "dangerouslySkipPermissions")
GUARD_NAME = "bastion"

KILLERS = frozenset({"kill", "pkill", "killall", "skill", "xkill"})

# SQL that destroys data, looked for inside arguments or stdin of database clients.
DESTRUCTIVE_SQL = re.compile(
    r"\b(?:drop\s+(?:database|table|schema|user|role|index|view|collection)|truncate\s+(?:table\s+)?\w"
    r"|delete\s+from\s+[\w.\"`]+\s*(?:;|$)|dropDatabase\s*\(|\.drop\s*\(|flushall|flushdb)",
    re.IGNORECASE,
)
DB_CLIENTS = frozenset(
    {
        "psql",
        "mysql",
        "sqlite3",
        "mongo",
        "redis-cli",
        "cqlsh",
        "clickhouse-client",
        "sqlcmd",
        "duckdb",
        "cockroach",
    }
)

# Interpreter flags that introduce inline code, by family.
INLINE_CODE_FLAGS = {
    "python": frozenset({"-c"}),
    "node": frozenset({"-e", "--eval", "-p", "--print"}),
    "perl": frozenset({"-e", "-E"}),
    "ruby": frozenset({"-e"}),
    "php": frozenset({"-r"}),
    "lua": frozenset({"-e"}),
}

# Interpreter options that take a separate argument (so the script file is found correctly).
INTERPRETER_OPTS_WITH_ARG = {
    "python": frozenset({"-W", "-X", "--check-hash-based-pycs"}),
    "node": frozenset(
        {
            "-r",
            "--require",
            "--import",
            "--loader",
            "--experimental-loader",
            "--inspect-port",
            "--title",
            "--env-file",
            "-C",
            "--conditions",
        }
    ),
    "perl": frozenset({"-I", "-M", "-m", "-x"}),
    "ruby": frozenset({"-I", "-r", "-C", "-E"}),
    "php": frozenset({"-c", "-d", "-z"}),
    "lua": frozenset({"-l"}),
    "shell": frozenset({"-o", "+o", "-O", "+O", "--rcfile", "--init-file"}),
}

# Tokens that mean a perl/ruby/php one-liner does more than text processing.
RISKY_SCRIPT_TOKENS = (
    "system",
    "exec",
    "`",
    "socket",
    "Socket",
    "open(",
    "popen",
    "fork",
    "eval",
    "LWP",
    "Net::",
    "HTTP",
    "http",
    "unlink",
    "rmtree",
    "require",
    "curl",
    "shell_exec",
    "passthru",
    "proc_open",
    "IO::",
    "ENV",
)


# Environment variables whose names say they hold a credential (``GITEA_TOKEN``, ``DB_PASSWORD``).
SECRET_ENV_NAME = re.compile(
    r"(?i)(secret|token|passw(or)?d|passwd|api_?key|access_?key|private_?key|credential|auth)"
)
