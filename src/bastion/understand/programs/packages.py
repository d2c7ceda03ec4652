"""Package managers (pip, uv, poetry, pipx, conda, npm, npx and the others): which index they
install from and what code they run.
"""

from __future__ import annotations

from bastion.understand import hosts as hostmod
from bastion.understand import shell_catalog as cat
from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
    parse_options,
)
from bastion.understand.shell_model import Execution, NetworkDestination, Word
from bastion.understand.shell_netloc import (
    has_scheme,
    parse_url,
)

_PIP_WITH_ARG = frozenset(
    [
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--src",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--upgrade-strategy",
        "--trusted-host",
        "--cert",
        "--client-cert",
        "--proxy",
        "--timeout",
        "--retries",
        "--log",
        "--cache-dir",
        "--progress-bar",
        "--python",
        "--only-binary",
        "--no-binary",
        "-C",
        "--config-settings",
        "--global-option",
        "--install-option",
        "--report",
        "--index",
        "--default-index",
        "--with",
        "-w",
        "--with-requirements",
        "--group",
        "--extra",
        "-p",
    ]
)


def registry_host(text: str) -> str:
    end = parse_url(text, "https")
    return end.host if end else ""


def _install(
    sink: Sink,
    manager: str,
    packages: list[str],
    index_urls: list[str],
    *,
    local_only: bool = False,
    kind: str = "package-install",
    detail: str = "",
) -> None:
    index_hosts = [h for h in (registry_host(u) for u in index_urls) if h]
    index = index_hosts[0] if index_hosts else ""
    sink.execute(
        Execution(
            kind,
            detail or f"{manager} installs {' '.join(packages) or 'dependencies'}",
            tuple(packages),
            index,
        )
    )
    direct = []
    for package in packages:
        url = (
            package.split("@", 1)[1].strip() if " @ " in package or "@ http" in package else package
        )
        url = url.removeprefix("git+")
        if has_scheme(url):
            end = parse_url(url)
            if end is not None:
                direct.append(NetworkDestination(end.host, end.port, end.scheme, manager, False))
    for dest in direct:
        sink.network(dest)
    if local_only and not index_hosts:
        return
    if index_hosts:
        for host in dict.fromkeys(index_hosts):
            sink.network(NetworkDestination(host, 443, "https", manager, False))
    elif not direct or len(direct) < len(packages):
        default = cat.DEFAULT_REGISTRIES.get(manager, "")
        sink.network(
            NetworkDestination(
                default, 443 if default else None, "https" if default else "", manager, False
            )
        )


def _is_local_package(text: str) -> bool:
    return (
        text in {".", ".."}
        or text.startswith(("./", "../", "/", "~", "file:"))
        or (text.endswith((".whl", ".tar.gz", ".zip")) and not has_scheme(text))
    )


def _env_index(inv: Invocation, manager: str) -> list[str]:
    return [v for k, v in inv.env.items() if cat.INDEX_ENV_VARS.get(k) == manager]


def pip_like(args: list[Word], inv: Invocation, sink: Sink, manager: str) -> None:
    """pip / uv pip / python -m pip: install, download and friends."""
    if not args:
        return
    sub = args[0].text
    if sub not in {"install", "download", "wheel", "add", "sync", "lock", "compile"}:
        # pip config [--user|--global|--site|--editor X] set KEY VALUE: options go anywhere.
        words = [a.text for a in args[1:] if not a.text.startswith("-")]
        if sub == "config" and len(words) > 1 and words[0] == "set":
            key = words[1]
            if "index" in key:
                add_change(
                    sink, "persistence", "package-config", key, f"{manager} config sets {key}"
                )
                _configured_index(words[2] if len(words) > 2 else "", manager, sink)
        return
    parsed = parse_options(args[1:], _PIP_WITH_ARG)
    for req in parsed.values("-r", "--requirement", "-c", "--constraint", "--with-requirements"):
        sink.read(req.text)
    editable = [w.text for w in parsed.values("-e", "--editable")]
    packages = editable + [w.text for w in parsed.positionals]
    index_urls = [
        w.text
        for w in parsed.values(
            "-i",
            "--index-url",
            "--extra-index-url",
            "--index",
            "--default-index",
            "-f",
            "--find-links",
        )
    ]
    index_urls += _env_index(inv, "pip")
    requirement_files = parsed.values("-r", "--requirement")
    local_only = (
        bool(packages) and all(_is_local_package(p) for p in packages) and not requirement_files
    )
    if sub in {"sync", "lock", "compile"} and not packages:
        local_only = False
    for target in parsed.values("-t", "--target", "--prefix", "--root"):
        sink.write(target.text)
    _install(sink, manager, packages, index_urls, local_only=local_only)


@handles("pip")
def _pip(inv: Invocation, sink: Sink) -> Output:
    pip_like(inv.args, inv, sink, "pip")
    return NO_OUTPUT


@handles("uv")
def _uv(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    if not args:
        return NO_OUTPUT
    sub = args[0].text
    if sub == "pip":
        pip_like(args[1:], inv, sink, "pip")
    elif sub in {"add", "sync", "lock"}:
        pip_like(args, inv, sink, "pip")
    elif sub == "tool" and len(args) > 1 and args[1].text in {"install", "run"}:
        packages = [w.text for w in args[2:] if not w.text.startswith("-")][:1]
        parsed = parse_options(args[2:], frozenset({"--from", "--with", "--python", "-p"}))
        packages = [w.text for w in parsed.values("--from", "--with")] + packages
        if args[1].text == "run":
            _run_from_url(packages, "uv tool run", sink)
        _install(
            sink,
            "pip",
            packages,
            _env_index(inv, "pip"),
            kind="package-run" if args[1].text == "run" else "package-install",
        )
    elif sub == "run":
        _python_like_run(args[1:], inv, sink)
    return NO_OUTPUT


def _python_like_run(args: list[Word], inv: Invocation, sink: Sink) -> None:
    parsed = parse_options(
        args,
        frozenset(
            {
                "--with",
                "-p",
                "--python",
                "--project",
                "--directory",
                "--package",
                "--group",
                "--extra",
            }
        ),
        stop_at_positional=True,
    )
    if parsed.values("--with"):
        _install(sink, "pip", [w.text for w in parsed.values("--with")], _env_index(inv, "pip"))
    if parsed.positionals:
        first = parsed.positionals[0].text
        if has_scheme(first) and first.lower().startswith(("http://", "https://")):
            # ``uv run https://host/script.py``: uv downloads the script and runs it.
            _run_from_url([first], "uv run", sink)
            end = parse_url(first)
            if end is not None and end.host:
                sink.network(NetworkDestination(end.host, end.port, end.scheme, "uv", False))
            return
        sink.run_words(parsed.positionals, "uv run")


@handles("poetry", "pdm", "pipenv", "hatch", "rye")
def _poetry(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if not texts:
        return NO_OUTPUT
    sub = texts[0]
    if sub in {"add", "install", "update", "sync", "lock"}:
        packages = [t for t in texts[1:] if not t.startswith("-")]
        local = sub != "add" and not packages
        _install(
            sink,
            "poetry" if inv.program == "poetry" else "pip",
            packages,
            _env_index(inv, "pip"),
            local_only=local,
        )
    elif sub == "run" and len(inv.args) > 1:
        sink.run_words(inv.args[1:], f"{inv.program} run")
    elif sub in {"source", "config"}:
        # poetry source add NAME URL, poetry config repositories.NAME URL: every later
        # install (or publish) of the project uses that index.
        words = [t for t in texts[1:] if not t.startswith("-")]
        urls = [w for w in words if has_scheme(w)]
        if urls and (words[:1] == ["add"] or any(w.startswith("repositories.") for w in words)):
            add_change(
                sink,
                "persistence",
                "package-config",
                words[1] if len(words) > 1 else sub,
                f"{inv.program} {sub} sets an index",
            )
            for url in urls[:2]:
                _configured_index(url, "pip", sink)
    return NO_OUTPUT


@handles("pipx")
def _pipx(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if texts[:1] in (["install"], ["run"], ["inject"]):
        packages = [t for t in texts[1:] if not t.startswith("-")]
        if texts[0] == "run":
            packages = packages[:1]
        parsed = parse_options(
            inv.args[1:], frozenset({"--index-url", "-i", "--pip-args", "--spec", "--python"})
        )
        index = [w.text for w in parsed.values("--index-url", "-i")]
        specs = [w.text for w in parsed.values("--spec")]
        packages = specs + [p for p in packages if p not in specs]
        if texts[0] == "run":
            _run_from_url(packages, "pipx", sink)
        _install(
            sink,
            "pipx",
            packages,
            index,
            kind="package-run" if texts[0] == "run" else "package-install",
        )
    return NO_OUTPUT


@handles("conda", "mamba", "micromamba")
def _conda(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    if texts[:1] in (["install"], ["create"], ["update"]):
        parsed = parse_options(
            inv.args[1:], frozenset({"-c", "--channel", "-n", "--name", "-p", "--prefix", "--file"})
        )
        channels = [w.text for w in parsed.values("-c", "--channel")]
        urls = [c if has_scheme(c) else "" for c in channels]
        _install(sink, "conda", [w.text for w in parsed.positionals], [u for u in urls if u])
    elif texts[:1] == ["run"]:
        parsed = parse_options(
            inv.args[1:], frozenset({"-n", "--name", "-p", "--prefix"}), stop_at_positional=True
        )
        if parsed.positionals:
            sink.run_words(parsed.positionals, "conda run")
    return NO_OUTPUT


_NPM_INSTALL = frozenset({"install", "i", "add", "ci", "update", "up", "upgrade", "isntall", "in"})


def _npm_pkg_set(pairs: list[str], sink: Sink) -> None:
    """``npm pkg set scripts.NAME=CMD`` writes package.json: lifecycle scripts run by
    themselves on the next install, the others on ``npm run``/``npm test``. The command
    written is judged now, as the shell it is."""
    sink.write("package.json")
    for pair in pairs[:32]:
        key, sep, value = pair.partition("=")
        if sep and key.startswith("scripts.") and value.strip():
            sink.execute(Execution("script", f"package.json {key} set"))
            sink.run_shell(value, f"npm pkg set {key}")


@handles("npm", "yarn", "pnpm", "bun")
def _npm(inv: Invocation, sink: Sink) -> Output:
    manager = inv.program
    parsed = parse_options(
        inv.args,
        frozenset(
            {
                "--registry",
                "--prefix",
                "-C",
                "--dir",
                "--cwd",
                "-w",
                "--workspace",
                "--filter",
                "-e",
                "--eval",
            }
        ),
    )
    words = [w.text for w in parsed.positionals]
    if words[:2] == ["pkg", "set"]:
        _npm_pkg_set(words[2:], sink)
    registries = [w.text for w in parsed.values("--registry")] + _env_index(inv, "npm")
    if manager == "yarn":
        registries += _env_index(inv, "yarn")
    if manager == "bun" and parsed.values("-e", "--eval"):
        for code in parsed.values("-e", "--eval"):
            sink.execute(Execution("inline-node", "bun evaluates inline code"))
            sink.run_node(code.text, "bun -e")
        return NO_OUTPUT
    if not words:
        if manager == "yarn":
            _install(sink, manager, [], registries)
        return NO_OUTPUT
    sub, rest = words[0], words[1:]
    if sub in _NPM_INSTALL or (manager == "yarn" and sub in {"add", "install"}):
        local_only = bool(rest) and all(_is_local_package(p) for p in rest)
        _install(sink, manager, rest, registries, local_only=local_only)
    elif sub in {"exec", "x", "dlx"} or (manager == "pnpm" and sub == "dlx"):
        if rest:
            _install(
                sink,
                manager,
                rest[:1],
                registries,
                kind="package-run",
                detail=f"{manager} {sub} downloads and runs {rest[0]}",
            )
    elif sub in {"run", "run-script", "test", "start", "t"} or (
        manager in {"yarn", "bun"}
        and sub
        not in {"config", "info", "list", "why", "outdated", "init", "remove", "link", "publish"}
    ):
        sink.execute(Execution("script", f"{manager} {' '.join(words[:2])} runs a package script"))
        if manager == "bun" and sub not in {"run", "test"} and (sub.endswith((".js", ".ts"))):
            pass
    elif sub == "publish":
        sink.network(
            NetworkDestination(
                registry_host(registries[0])
                if registries
                else cat.DEFAULT_REGISTRIES.get(manager, ""),
                443,
                "https",
                manager,
                True,
            )
        )
    elif (
        sub == "config"
        and rest[:1] == ["set"]
        and len(rest) > 1
        and ("registry" in rest[1].lower() or rest[1].lower().startswith("npmscopes"))
    ):
        add_change(
            sink, "persistence", "package-config", rest[1], f"{manager} config set {rest[1]}"
        )
        value = rest[2] if len(rest) > 2 else rest[1].partition("=")[2]
        _configured_index(value, manager, sink)
    return NO_OUTPUT


@handles("npx")
def _npx(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset({"-p", "--package", "--registry", "--from", "--with", "-c", "--call"}),
        stop_at_positional=True,
    )
    packages = [w.text for w in parsed.values("-p", "--package", "--from", "--with")]
    if parsed.positionals:
        packages.append(parsed.positionals[0].text)
    manager = {"uvx": "pip", "bunx": "bun", "pnpx": "pnpm"}.get(inv.program, "npx")
    registries = [w.text for w in parsed.values("--registry")] + _env_index(
        inv, "pip" if manager == "pip" else "npm"
    )
    if packages:
        _install(
            sink,
            manager,
            packages,
            registries,
            kind="package-run",
            detail=f"{inv.program} downloads and runs {packages[-1]}",
        )
    _run_from_url(packages, inv.program, sink)
    for call in parsed.values("-c", "--call"):
        sink.run_shell(call.text, "npx -c")
    return NO_OUTPUT


def _run_from_url(packages: list[str], program: str, sink: Sink) -> None:
    """A package run straight from a URL (``uvx --from git+https://…``, ``npx github:o/r``,
    ``pipx run --spec git+…``) is code that host serves, run at once with no registry in
    between: downloaded code, as ``curl … | sh`` is."""
    for package in packages:
        url = package.split(" @ ", 1)[-1].strip().removeprefix("git+")
        if package.startswith(("github:", "gitlab:", "bitbucket:")):
            host = {"github": "github.com", "gitlab": "gitlab.com", "bitbucket": "bitbucket.org"}[
                package.split(":", 1)[0]
            ]
        elif has_scheme(url):
            end = parse_url(url)
            host = end.host if end is not None else ""
        else:
            continue
        if host:
            sink.execute(Execution("downloaded", f"{program} runs {package[:80]} from {host}"))


@handles(
    "gem",
    "cargo",
    "go",
    "composer",
    "brew",
    "apt",
    "apt-get",
    "yum",
    "dnf",
    "apk",
    "zypper",
    "pacman",
    "snap",
    "dotnet",
    "nuget",
    "bundle",
    "port",
)
def _other_installers(inv: Invocation, sink: Sink) -> Output:
    manager = inv.program
    texts = inv.argv[1:]
    words = [t for t in texts if not t.startswith("-")]
    sub = words[0] if words else ""
    install_verbs = {
        "gem": {"install"},
        "cargo": {"install", "add"},
        "go": {"install", "get"},
        "composer": {"require", "install", "update", "global"},
        "brew": {"install", "reinstall", "upgrade", "tap"},
        "apt": {"install", "reinstall"},
        "apt-get": {"install", "reinstall"},
        "yum": {"install", "reinstall"},
        "dnf": {"install", "reinstall"},
        "apk": {"add"},
        "zypper": {"install", "in"},
        "pacman": {"-S"},
        "snap": {"install"},
        "dotnet": {"add", "tool"},
        "nuget": {"install"},
        "bundle": {"install", "add"},
        "port": {"install"},
    }.get(manager, set())
    if manager == "pacman" and any(t.startswith("-S") for t in texts):
        sub = "-S"
        words = ["-S", *words]
    if manager == "go" and sub == "env" and "-w" in texts:
        _go_env_write(texts, sink)
        return NO_OUTPUT
    if manager == "go" and sub in {"run"} and len(words) > 1 and "@" in words[1]:
        _install(
            sink,
            manager,
            [words[1]],
            _env_index(inv, "go"),
            kind="package-run",
            detail=f"go run downloads and runs {words[1]}",
        )
        _go_module_origin(words[1], sink)
        return NO_OUTPUT
    if sub not in install_verbs:
        if manager == "apt-get" and sub in {"remove", "purge", "autoremove"}:
            add_change(
                sink,
                "destructive",
                "package-remove",
                " ".join(words[1:]),
                f"{manager} {sub} {' '.join(words[1:])}",
            )
        return NO_OUTPUT
    opts_with_arg = {
        "--source",
        "--index",
        "--registry",
        "-t",
        "--target",
        "--version",
        "-v",
        "--git",
        "--path",
        "--repository",
    }
    index: list[str] = []
    packages: list[str] = []
    skip = False
    for k, text in enumerate(texts):
        if skip:
            skip = False
            continue
        if text in opts_with_arg and k + 1 < len(texts):
            if text in {"--source", "--index", "--registry", "--git"}:
                index.append(texts[k + 1])
            skip = True
            continue
        if text.startswith("-") or text == sub:
            continue
        packages.append(text)
    if manager == "go":
        index += _env_index(inv, "go")
    local_only = manager == "cargo" and ("--path" in texts) and not packages
    _install(sink, manager, packages, index, local_only=local_only)
    if manager in {"apt", "apt-get", "yum", "dnf", "apk", "zypper", "pacman", "snap", "port"}:
        pass
    return NO_OUTPUT


# go env -w keys that choose where modules come from or switch their checksums off.
_GO_SOURCE_KEYS = frozenset(
    {
        "GOPROXY",
        "GOSUMDB",
        "GONOSUMDB",
        "GONOSUMCHECK",
        "GOINSECURE",
        "GOFLAGS",
        "GOPRIVATE",
        "GONOPROXY",
        "GOVCS",
        "GOTOOLCHAIN",
    }
)


def _go_env_write(texts: list[str], sink: Sink) -> None:
    """``go env -w GOPROXY=… GOSUMDB=off``: a persistent setting of the user's go env file;
    every later build fetches modules from that proxy, with or without checksums."""
    for text in texts:
        key, eq, value = text.partition("=")
        if not eq or key not in _GO_SOURCE_KEYS:
            continue
        add_change(sink, "persistence", "package-config", key, f"go env -w {key}={value[:60]}")
        if key == "GOPROXY":
            for url in value.replace("|", ",").split(","):
                if has_scheme(url):
                    _configured_index(url, "go", sink)


def _go_module_origin(module: str, sink: Sink) -> None:
    """``go run <module>@<version>`` fetches the module from the host its path names (the
    proxy only caches what that host serves) and runs it at once: code from that host runs
    unreviewed, as with ``curl … | sh``, unless the host is a package registry."""
    host = module.split("@", 1)[0].split("/", 1)[0].lower()
    if "." not in host or module.startswith((".", "/")):
        return
    if hostmod.PACKAGE_REGISTRY in hostmod.classify_host(host).classes:
        return
    sink.network(NetworkDestination(host, 443, "https", "go", False))
    sink.execute(Execution("downloaded", f"go run fetches {module} from {host} and runs it"))


def _configured_index(url: str, manager: str, sink: Sink) -> None:
    """An index or registry set in the package manager's config: every later install fetches
    code from that host, so the setting reaches it as an install would."""
    end = parse_url(url) if has_scheme(url) else None
    if end is not None and end.host:
        sink.network(NetworkDestination(end.host, end.port, end.scheme, manager, False))
