"""Where package managers and build tools will fetch code from: package sources (#13 §2).

A package source is any URL or host a manager or build tool downloads code from and then
builds or runs: an index, a registry, a mirror, a channel, a git dependency, a module
``replace``, a wrapper's distribution, a repository of hooks. The managers are many and new
ones keep coming, so this module judges the *shape* of a line rather than keeping a table
per manager:

- in a **manifest or build file** (a file some manager reads to resolve dependencies:
  ``Cargo.toml``, ``go.mod``, ``mix.exs``, ``build.gradle.kts``, ``Gemfile``,
  ``composer.json``, ``nuget.config``, ``Package.swift``, ``MODULE.bazel``,
  ``.pre-commit-config.yaml``, a requirements file …) every URL is a source, except on a
  line whose key is project metadata (homepage, documentation, issues, licence, schema);
  ``go.mod`` ``replace … => host/path`` names a module host without a scheme;
- in **any other file**, a URL counts only after a key that names a source
  (``--index-url``, ``distributionUrl``, ``registry``, ``git+https://`` …);
- on a **command line**, a URL is a source when it is the value of a source-naming option
  (``--server``, ``--index-url``, ``--source``, ``--repo``, ``--channel`` …) or an operand
  after a subcommand that adds a source (``repo add``, ``sources --add``,
  ``nuget add source``, ``config repositories.NAME``, ``config set mirror.X``).

The hosts found are judged by the policy layer: a registry, a source host, a configured
index, a workspace remote or a host the user's prompt names is ordinary work; any other
host chose where code comes from without the user.
"""

from __future__ import annotations

import posixpath
import re

from bastion.understand.hosts import host_of

__all__ = ["command_sources", "env_sources", "is_manifest", "written_sources"]

# Files a package manager or build tool reads to decide where dependencies come from. The
# names are of the *loaders*, not of any project; a new tool is a new name here.
_MANIFEST_NAMES = frozenset(
    {
        "Cargo.toml",
        "go.mod",
        "go.work",
        "mix.exs",
        "rebar.config",
        "build.gradle",
        "build.gradle.kts",
        "settings.gradle",
        "settings.gradle.kts",
        "init.gradle",
        "init.gradle.kts",
        "gradle-wrapper.properties",
        "maven-wrapper.properties",
        "pom.xml",
        "settings.xml",
        "build.sbt",
        "plugins.sbt",
        "pyproject.toml",
        "setup.cfg",
        "Pipfile",
        "environment.yml",
        "environment.yaml",
        "pixi.toml",
        "Gemfile",
        "gems.rb",
        "composer.json",
        "deno.json",
        "deno.jsonc",
        "import_map.json",
        "nuget.config",
        "NuGet.Config",
        "NuGet.config",
        "Directory.Packages.props",
        "Package.swift",
        "Podfile",
        "Cartfile",
        "MODULE.bazel",
        "WORKSPACE",
        "WORKSPACE.bazel",
        ".pre-commit-config.yaml",
        ".pre-commit-hooks.yaml",
        "vcpkg.json",
        "vcpkg-configuration.json",
        "conanfile.txt",
        "flake.nix",
        "devbox.json",
        "renv.lock",
        "DESCRIPTION",
        "Project.toml",
        "Manifest.toml",
        "stack.yaml",
        "cabal.project",
        "pubspec.yaml",
        "dub.json",
        "shard.yml",
        "rockspec",
        ".condarc",
        ".npmrc",
        ".yarnrc",
        ".yarnrc.yml",
        ".bunfig.toml",
        "bunfig.toml",
        "uv.toml",
        "pip.conf",
        "pip.ini",
        "poetry.toml",
        ".gemrc",
        ".bowerrc",
        # Start-up profiles of language runtimes and the configs of version managers: they
        # set where packages and tool builds come from (R's repos, mise/asdf tool URLs).
        ".Rprofile",
        "Rprofile.site",
        ".mise.toml",
        "mise.toml",
        ".mise.local.toml",
        ".tool-versions",
        ".prototools",
        "aqua.yaml",
        "JuliaProject.toml",
        # Less common managers' dependency files: PlatformIO's ``lib_deps``, qlot's
        # ``qlfile``, Zig's ``build.zig.zon``, Gleam, dub's SDL form, V, Dhall package sets.
        "platformio.ini",
        "qlfile",
        "build.zig.zon",
        "gleam.toml",
        "dub.sdl",
        "v.mod",
        "packages.dhall",
        "spago.yaml",
        "esy.json",
    }
)
_MANIFEST_SUFFIXES = (
    ".gradle",
    ".gradle.kts",
    ".sbt",
    ".bzl",
    ".rockspec",
    ".gemspec",
    ".csproj",
    ".nimble",  # Nim: ``requires "https://host/repo#head"``
    ".opam",  # opam: ``pin-depends`` and ``url { src: … }``
    ".cabal",
)
_REQUIREMENTS = re.compile(r"(?i)^(?:.*requirements.*|constraints.*)\.(?:txt|in)$")
_CARGO_CONFIG = re.compile(r"(^|/)\.cargo/config(?:\.toml)?$")

_URL = re.compile(
    r"""(?i)\b(?:(?:git\+)?(?:https?|ssh|git|sparse\+https?)://|git@)[^\s'"`<>)\]},;]+"""
)
# Keys whose URL is about the project, not where its code comes from.
_METADATA_KEY = re.compile(
    r"(?i)\b(?:homepage|home_page|documentation|docs?|bugs|issues?|issue_tracker|changelog|"
    r"licen[cs]e|funding|donate|sponsor|website|author|maintainer|\$schema|schema|xmlns|"
    r"description|readme|source_url_docs|tracker|ci|badge|image|logo|email|contact)\b"
)
# Keys that make a URL a source in any file.
_SOURCE_KEY = re.compile(
    r"(?i)(?:--(?:extra-)?index-url|--find-links|--index\b|distributionUrl|yarnPath|"
    r"\bregistry\b|npmRegistryServer|index[-_]url|\bmirror\b|\bchannels?\b|\bresolvers?\b|"
    r"\bgit\s*[:=]|\bgit\+|\bmaven\s*\{|\burls?\s*=|\bsource\s*[=(\"']|\brepositories\b)"
)
# TOML/INI section headers, and the sections that describe the project (its ``url``,
# homepage, repository links) rather than where its dependencies come from.
_SECTION = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*$")
_METADATA_SECTION = re.compile(
    r"(?i)^(?:metadata|project|project\.urls|project_urls|package|package\.metadata.*|"
    r"tool\.poetry|tool\.poetry\.urls|urls|badges|workspace\.package)$"
)
# Outside manifests (a script, a test, a config of anything) only these keys name where a
# manager fetches code from: ``url = …`` or ``source`` in code is any URL.
_STRONG_KEY = re.compile(
    r"(?i)(?:--(?:extra-)?index-url|--find-links|distributionUrl|npmRegistryServer|"
    r"\bindex[-_]url\s*[=:]|\bregistry\s*[=:]|@[\w.-]+:registry\s*[=:]|"
    # A script's own dependency directives: Kotlin ``@file:Repository(URL)``, Groovy
    # ``@GrabResolver(root=URL)``, scala-cli ``//> using repository URL``.
    r"@(?:file:)?Repository\s*\(|@GrabResolver\s*\(|//>\s*using\s+(?:repositor(?:y|ies)|repos?)\b)"
)
_GO_REPLACE = re.compile(r"(?m)^\s*(?:replace\s+)?\S+(?:\s+v\S+)?\s+=>\s+([\w.-]+\.[a-z]{2,})/\S+")


def is_manifest(path: str) -> bool:
    """A file some package manager or build tool reads to find and fetch dependencies."""
    base = posixpath.basename(path.rstrip("/"))
    return (
        base in _MANIFEST_NAMES
        or base.endswith(_MANIFEST_SUFFIXES)
        or bool(_REQUIREMENTS.match(base))
        or bool(_CARGO_CONFIG.search(path))
    )


def _url_host(url: str) -> str:
    if url.startswith("git@"):
        return url[4:].split(":", 1)[0].lower()
    url = url.removeprefix("git+").removeprefix("sparse+")
    return host_of(url) or ""


def written_sources(path: str, text: str) -> list[str]:
    """Hosts that ``text``, written to ``path``, makes a tool fetch code from (or [])."""
    # Java properties files escape the colon (distributionUrl=https\\://…).
    text = text[:65536].replace("\\:", ":")
    if "://" not in text and "git@" not in text and "=>" not in text:
        return []
    manifest = is_manifest(path)
    hosts: list[str] = []
    section = ""
    for line in text.splitlines()[:4000]:
        header = _SECTION.match(line)
        if header:
            section = header.group(1)
            continue
        urls = _URL.findall(line)
        if not urls or (manifest and _METADATA_SECTION.match(section)):
            continue
        before = line[: line.find(urls[0][:8])] if urls else line
        if manifest:
            if _METADATA_KEY.search(before) and not _SOURCE_KEY.search(before):
                continue
        elif not _STRONG_KEY.search(before) and not urls[0].startswith("git+"):
            continue  # a key before the URL makes it a source, never the URL's own words
        for url in urls[:4]:
            host = _url_host(url)
            if host and "." in host and host not in hosts:
                hosts.append(host)
    if posixpath.basename(path) in ("go.mod", "go.work"):
        for host in _GO_REPLACE.findall(text):
            if host.lower() not in hosts:
                hosts.append(host.lower())
    return hosts[:16]


# A content digest stated beside a source: Bazel/Nix ``sha256 = "…"``, npm ``integrity``,
# pip ``--hash=sha256:…``, Gradle/Maven checksums, a Go module ``h1:`` sum.
_DIGEST = re.compile(
    r"(?i)(?:sha(?:256|384|512)\s*[=:]\s*[\"']?(?:sha(?:256|384|512)[-:])?[0-9a-f]{64,128}\b"
    r"|integrity\s*[=:]\s*[\"']?sha(?:256|384|512)-[A-Za-z0-9+/]{40,}={0,2}"
    r"|--hash[= ]sha(?:256|384|512):[0-9a-f]{64,128}\b"
    r"|\bh1:[A-Za-z0-9+/]{43}=)"
)
_NEAR_LINES = 10


def pinned_sources(path: str, text: str) -> set[str]:
    """The hosts of ``written_sources`` whose every URL has a content digest in its own
    declaration (the paragraph around it, at most ten lines away): the bytes fetched are the
    ones the file states, whoever serves them. Used only where nothing outside chose the
    file's text (a session that read no outside content): a digest written from an outside
    page pins that page's choice."""
    hosts = written_sources(path, text)
    if not hosts:
        return set()
    lines = text[:65536].replace("\\:", ":").splitlines()[:4000]
    pinned: set[str] = set()
    unpinned: set[str] = set()
    for i, line in enumerate(lines):
        for url in _URL.findall(line):
            host = _url_host(url)
            if host not in hosts:
                continue
            lo = i
            while lo > 0 and i - lo < _NEAR_LINES and lines[lo - 1].strip():
                lo -= 1
            hi = i
            while hi + 1 < len(lines) and hi - i < _NEAR_LINES and lines[hi + 1].strip():
                hi += 1
            if _DIGEST.search("\n".join(lines[lo : hi + 1])):
                pinned.add(host)
            else:
                unpinned.add(host)
    # A host seen only outside URLs (a ``go.mod`` replace path) or once without its digest
    # is not pinned.
    return pinned - unpinned


# Options whose value is where a manager fetches packages from, whatever the manager.
_SOURCE_OPTIONS = frozenset(
    {
        "--server",
        "--index-url",
        "--extra-index-url",
        "--index",
        "--default-index",
        "--find-links",
        "--registry",
        "--source",
        "--repo",
        "--repository",
        "--repository-url",
        "--channel",
        "--mirror",
        "--from",
        "--git",
        "--add",
        "--plugin-url",
        "--tap",
    }
)
# Subcommand words after which an operand URL becomes a source of later installs.
_SOURCE_WORDS = re.compile(
    r"(?i)^(?:repo|repos|repository|repositories(?:\..+)?|source|sources|remote-repo|"
    r"channel|channels|mirror(?:\..+)?|registry|index|tap|plugin|add-repo|addrepo|remote|"
    r"remotes|feed|feeds|bucket|buckets|server|servers)$"
)
# Verbs after which a URL operand is the code installed, pinned or activated (``opam pin
# add PKG git+URL``, ``dart pub global activate --source git URL``, ``helm install N URL``).
_FETCH_WORDS = frozenset(
    {"install", "add", "pin", "activate", "get", "require", "use", "fetch", "vendor", "i"}
)
# A verb joined to what it adds (``swift package add-dependency URL``, ``add-dep``).
_ADD_DEPENDENCY = re.compile(
    r"(?i)^(?:add|install|pin|require)[-_](?:dependency|dep|package|pkg)s?$"
)
# Option names whose value is a source, by the words they are made of (``--add-source``,
# ``--extra-repository``, ``--plugin-registry``).
_SOURCE_OPTION_SHAPE = re.compile(
    r"^--?[\w-]*(?:source|index|registry|repo|repository|mirror|feed|channel|server)s?$"
)
# Clients whose URL operands are data transfers, judged elsewhere, not package sources.
_NOT_MANAGERS = frozenset(
    {"curl", "wget", "http", "https", "xh", "aria2c", "ssh", "scp", "rsync", "git", "gh", "nc"}
)


# An environment variable naming where a manager fetches from, by its name's shape
# (PUB_HOSTED_URL, PIP_INDEX_URL, NPM_CONFIG_REGISTRY, JULIA_PKG_SERVER, GOPROXY,
# CARGO_REGISTRIES_X_INDEX, *_MIRROR): any manager's, old or new. Plain HTTP(S) proxies
# are a different question (judged with TLS), so ``[HTTPS_|HTTP_|ALL_|NO_]PROXY`` is not one.
_SOURCE_ENV = re.compile(
    r"(?:^|[\s;&|(])(?:export\s+)?(?P<name>(?:HF_ENDPOINT|[A-Z][A-Z0-9_]*(?:INDEX|REGISTRY|REGISTRIES|MIRROR|"
    r"HOSTED_URL|PKG_SERVER|REPO|REPOS|REPOSITORY|CHANNEL|GOPROXY|DIST_URL|DOWNLOAD_URL|"
    r"BASE_URL|SERVER_URL|"
    # Model hubs and registries serve code as well as weights (pickles, a repository's
    # own modelling code, an MLflow pyfunc): their endpoint is where code comes from.
    r"HUB_URL|HUB_ENDPOINT|MODEL_REGISTRY|REGISTRY_URI|TRACKING_URI))"
    r"[A-Z0-9_]*)=[\"']?(?P<value>[^\s\"';&|]+)"
)
_PLAIN_PROXY = frozenset({"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "FTP_PROXY"})
# Code that adds a registry, repository, channel or mirror (``Pkg.Registry.add(url="…")``,
# ``install.packages(repos="…")``, ``addRepository("…")``): the URL right after the call.
_CODE_SOURCE = re.compile(
    r"(?i)(?:registr|repositor|repos\b|repo\b|source|channel|mirror|index)[\w.]*\s*"
    r"(?:\(\s*)?(?:[\w.]*(?:url|uri|repos?)\s*[=:]\s*|=\s*|\(\s*)[\"']?$"
)


def env_sources(command: str) -> list[str]:
    """Hosts a command's environment assignments make a manager fetch code from."""
    if "=" not in command or "://" not in command:
        return []
    hosts: list[str] = []
    for match in _SOURCE_ENV.finditer(command[:16384]):
        if match.group("name") in _PLAIN_PROXY:
            continue
        url = _URL.search(match.group("value"))
        host = _url_host(url.group(0)) if url else ""
        if host and "." in host and host not in hosts:
            hosts.append(host)
    return hosts[:8]


def command_sources(program: str, argv: tuple[str, ...] | list[str]) -> list[str]:
    """Hosts a command line sets or uses as a package source (``luarocks install
    --server=URL``, ``mix hex.repo add NAME URL``, ``gem sources --add URL``)."""
    if program in _NOT_MANAGERS or len(argv) < 2:
        return []
    words = list(argv[1:64])
    if not any("://" in w or w.startswith("git@") for w in words):
        return []
    hosts: list[str] = []

    def add(value: str) -> None:
        match = _URL.search(value)
        host = _url_host(match.group(0)) if match else ""
        if host and "." in host and host not in hosts:
            hosts.append(host)

    source_word_seen = False
    for k, word in enumerate(words):
        option, eq, value = word.partition("=")
        if (
            option in _SOURCE_OPTIONS
            or (option.startswith("-") and option.endswith("-url"))
            or _SOURCE_OPTION_SHAPE.match(option)
        ):
            if eq:
                add(value)
            elif k + 1 < len(words):
                add(words[k + 1])
            continue
        if word.startswith("-"):
            continue
        if " " in word:
            # Code (``julia -e 'Pkg.Registry.add(url="…")'``): a URL right after a call or
            # key that adds a source.
            for url in _URL.finditer(word):
                if _CODE_SOURCE.search(word[max(0, url.start() - 48) : url.start()]):
                    add(url.group(0))
            continue
        if any(_SOURCE_WORDS.match(part) for part in re.split(r"[.:]", word)[-2:]) or (
            _SOURCE_WORDS.match(word)
        ):
            source_word_seen = True
            continue
        if word in _FETCH_WORDS or _ADD_DEPENDENCY.match(word):
            source_word_seen = True
            continue
        if source_word_seen and ("://" in word or word.startswith("git@")):
            add(word)
    return hosts[:8]
