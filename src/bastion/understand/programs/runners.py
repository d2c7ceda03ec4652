"""Nix, a remote code runner: ``nix run github:o/r`` fetches a flake and runs it at once.

A reference names where the code comes from. ``nixpkgs#hello`` (the flake registry's own
package set) and a local path (``.#app``, ``path:./x``) are what the user's tools already
trust; any other reference (``github:``, ``gitlab:``, ``sourcehut:``, ``git+https://``,
``https://…tar.gz``, ``tarball+``) is code that host serves, fetched and run with no
registry in between: downloaded code, judged by the reference's provenance as ``curl … | sh``
is. ``nix-shell``/``nix-build``/``nix-env`` with a URL (or ``-I name=URL``) fetch the same way,
and a Nix expression that imports a fetched tarball does too.
"""

from __future__ import annotations

import re

from bastion.understand.programs.base import NO_OUTPUT, Invocation, Output, Sink, handles
from bastion.understand.shell_model import Execution, NetworkDestination
from bastion.understand.shell_netloc import has_scheme, parse_url

# nix subcommands that fetch and build or run what a reference names.
_NIX_RUNS = frozenset({"run", "shell", "develop", "build", "bundle", "profile", "flake", "eval"})
_NIX_WITH_ARG = frozenset(
    {
        "--option",
        "-I",
        "--include",
        "--arg",
        "--argstr",
        "-f",
        "--file",
        "--expr",
        "-E",
        "-c",
        "--command",
        "--override-input",
        "--profile",
        "-o",
        "--out-link",
        "--system",
        "--priority",
        "--inputs-from",
        "--update-input",
        "-p",
        "--packages",
        "--attr",
        "-A",
    }
)
_FORGES = {
    "github": "github.com",
    "gitlab": "gitlab.com",
    "sourcehut": "git.sr.ht",
    "codeberg": "codeberg.org",
}
# Flake references the user's own nix already trusts: the registry's package sets.
_TRUSTED_FLAKE = re.compile(
    r"^(?:flake:)?(?:nixpkgs|nixos|home-manager)(?:[/#]|$)|^github:NixOS/", re.I
)
_FETCHING_EXPR = re.compile(
    r"fetchTarball|fetchurl|fetchGit|fetchFromGitHub|builtins\.getFlake|fetchTree"
)


def _reference_host(ref: str) -> str | None:
    """The host a flake reference or URL fetches from; None for trusted or local ones."""
    ref = ref.split("#", 1)[0].split("?", 1)[0]
    if not ref or _TRUSTED_FLAKE.match(ref) or ref.startswith((".", "/", "path:", "~")):
        return None
    scheme, sep, rest = ref.partition(":")
    if sep and scheme.lower() in _FORGES and not rest.startswith("//"):
        host = rest.split("?", 1)[0]
        return _FORGES[scheme.lower()] if "/" in host else None
    url = ref.removeprefix("git+").removeprefix("tarball+").removeprefix("file+")
    if has_scheme(url):
        end = parse_url(url)
        return end.host if end is not None and end.host else None
    return None


def _fetched(ref: str, program: str, sink: Sink) -> None:
    host = _reference_host(ref)
    if host is None:
        return
    sink.network(NetworkDestination(host, 443, "https", program, False))
    sink.execute(Execution("downloaded", f"{program} fetches {ref[:80]} from {host} and runs it"))


@handles("nix", "nix-shell", "nix-build", "nix-env", "nix-instantiate")
def _nix(inv: Invocation, sink: Sink) -> Output:
    args = inv.args
    texts = [w.text for w in args]
    sub = next((t for t in texts if not t.startswith("-")), "")
    k = 0
    refs: list[str] = []
    while k < len(texts):
        text = texts[k]
        if text == "--":
            break  # arguments of the program run, not references
        if text in {"-c", "--command", "--run"} and k + 1 < len(texts):
            if inv.program == "nix-shell":
                sink.run_shell(texts[k + 1], "nix-shell --command")
            else:
                sink.run_words(args[k + 1 :], f"{inv.program} {sub} -c")
                break
            k += 2
            continue
        if text in {"-I", "--include"} and k + 1 < len(texts):
            refs.append(texts[k + 1].partition("=")[2] or texts[k + 1])
            k += 2
            continue
        if text in {"--expr", "-E"} and k + 1 < len(texts):
            # The expression is code in its own right: ``builtins.exec`` (with unsafe
            # native code allowed) runs commands while it is evaluated.
            sink.run_other(texts[k + 1], "code")
            if _FETCHING_EXPR.search(texts[k + 1]):
                refs += re.findall(r"https?://[^\s\"';)]+", texts[k + 1])
            k += 2
            continue
        if text in {"-f", "--file"} and k + 1 < len(texts):
            refs.append(texts[k + 1])
            k += 2
            continue
        if text == "--override-input" and k + 2 < len(texts):
            refs.append(texts[k + 2])
            k += 3
            continue
        if text in _NIX_WITH_ARG:
            k += 2
            continue
        positional = not text.startswith("-") and (inv.program != "nix" or text != sub)
        if positional and (inv.program != "nix" or sub in _NIX_RUNS):
            refs.append(text)
        k += 1
    for ref in refs[:8]:
        _fetched(ref, inv.program, sink)
    return NO_OUTPUT
