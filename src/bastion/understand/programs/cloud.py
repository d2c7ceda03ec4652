"""Infrastructure and cloud CLIs: terraform, pulumi, aws, gcloud, az, storage tools and gh."""

from __future__ import annotations

import re

from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
)
from bastion.understand.programs.packages import registry_host
from bastion.understand.shell_model import NetworkDestination
from bastion.understand.shell_netloc import (
    clean_host,
    has_scheme,
    parse_url,
)


@handles("terraform", "pulumi")
def _terraform(inv: Invocation, sink: Sink) -> Output:
    words = [t for t in inv.argv[1:] if not t.startswith("-")]
    flags = [t for t in inv.argv[1:] if t.startswith("-")]
    verb = words[0] if words else ""
    auto = (
        " with -auto-approve"
        if any("auto-approve" in f or f in {"--yes", "-y"} for f in flags)
        else ""
    )
    tool = inv.family
    if verb == "destroy" or (verb == "apply" and "-destroy" in flags):
        add_change(
            sink,
            "destructive",
            "terraform-destroy",
            " ".join(words[1:]),
            f"{tool} destroy{auto} deletes managed infrastructure",
        )
    elif verb in {"apply", "up", "import"}:
        add_change(
            sink,
            "destructive",
            "terraform-apply",
            " ".join(words[1:]),
            f"{tool} {verb}{auto} changes managed infrastructure",
        )
    elif verb == "state" and words[1:2] in (["rm"], ["mv"], ["push"]):
        add_change(
            sink,
            "destructive",
            "terraform-state",
            " ".join(words[2:]),
            f"{tool} state {words[1]} edits infrastructure state",
        )
    return NO_OUTPUT


_CLOUD_DELETE = re.compile(r"(delete|terminate|remove|destroy|purge|deregister|rb)(-.*)?")


# Object-store clients whose ``rm`` deletes remote objects (MinIO's ``mc``, ``s5cmd``).
_STORE_RM = frozenset({"aws", "gsutil", "rclone", "s3cmd", "azcopy", "mc", "s5cmd"})


@handles("aws", "gcloud", "az", "gsutil", "doctl", "rclone", "s3cmd", "azcopy", "gh", "mc", "s5cmd")
def _cloud(inv: Invocation, sink: Sink) -> Output:
    words = [t for t in inv.argv[1:] if not t.startswith("-")]
    texts = inv.argv[1:]
    program = inv.program
    if program == "gh":
        return _gh(inv, sink, words)
    for word in words[:4]:
        if _CLOUD_DELETE.fullmatch(word) or (word == "rm" and program in _STORE_RM):
            target = " ".join(words[words.index(word) + 1 :])
            add_change(
                sink,
                "destructive",
                "cloud-delete",
                target,
                f"{program} {' '.join(words[: words.index(word) + 1])} {target}".strip(),
            )
            break
    if program == "az" and any(w.startswith("upload") for w in words[:4]):
        _az_upload(texts, sink)
        return NO_OUTPUT
    if program in {"aws", "gsutil", "rclone", "s3cmd", "azcopy", "gcloud"} and any(
        w in {"cp", "sync", "mv", "copy", "put", "move"} for w in words[:3]
    ):
        verb_index = next(
            i for i, w in enumerate(words) if w in {"cp", "sync", "mv", "copy", "put", "move"}
        )
        paths = words[verb_index + 1 :]
        if len(paths) >= 2:
            src, dst = paths[-2], paths[-1]
            remote_dst = "://" in dst or (program == "rclone" and ":" in dst.split("/", 1)[0])
            remote_src = "://" in src or (program == "rclone" and ":" in src.split("/", 1)[0])
            if not remote_src:
                sink.read(src)
            if not remote_dst:
                sink.write(dst)
            remote = dst if remote_dst else src
            sink.network(
                NetworkDestination(_bucket_host(remote, program), 443, "https", program, remote_dst)
            )
            return NO_OUTPUT
    defaults = {
        "aws": "amazonaws.com",
        "gcloud": "googleapis.com",
        "az": "management.azure.com",
        "gsutil": "storage.googleapis.com",
        "doctl": "api.digitalocean.com",
    }
    if (
        words
        and words[0] not in {"configure", "config", "help", "version", "--version"}
        and (program in defaults)
    ):
        endpoint = next(
            (texts[i + 1] for i, t in enumerate(texts[:-1]) if t == "--endpoint-url"), ""
        )
        host = registry_host(endpoint) if endpoint else defaults[program]
        sink.network(NetworkDestination(host, 443, "https", program, False))
    return NO_OUTPUT


_AZ_SOURCES = frozenset({"--file", "-f", "--source", "-s", "--local-path"})


def _az_upload(texts: list[str], sink: Sink) -> None:
    """``az storage blob|file upload[-batch]``: the local file or directory named by
    ``--file``/``--source`` leaves for the storage account."""
    account = ""
    for k, text in enumerate(texts[:-1]):
        if text in _AZ_SOURCES:
            sink.read(texts[k + 1])
        elif text == "--account-name":
            account = clean_host(texts[k + 1])
    host = f"{account}.blob.core.windows.net" if account else "blob.core.windows.net"
    sink.network(NetworkDestination(host, 443, "https", "az", True))


def _bucket_host(url: str, program: str) -> str:
    if url.startswith("s3://"):
        bucket = url[5:].split("/", 1)[0]
        host = clean_host(bucket)
        return f"{host}.s3.amazonaws.com" if host else ""
    if url.startswith("gs://"):
        return "storage.googleapis.com"
    end = parse_url(url) if has_scheme(url) else None
    return end.host if end else ""


def _gh(inv: Invocation, sink: Sink, words: list[str]) -> Output:
    texts = inv.argv[1:]
    sub = " ".join(words[:2])
    sends = sub in {
        "gist create",
        "issue create",
        "issue comment",
        "pr create",
        "pr comment",
        "release create",
        "release upload",
        "repo create",
        "secret set",
        "gist edit",
        "pr review",
        "issue edit",
        "pr edit",
    }
    if words[:1] == ["api"]:
        sends = any(t in {"-f", "-F", "--field", "--raw-field", "--input"} for t in texts) or any(
            t.upper() in {"POST", "PUT", "PATCH", "DELETE"} for t in texts
        )
    if words[:2] == ["gist", "create"]:
        for path in words[2:]:
            sink.read(path)
    if words and words[0] not in {"auth", "help", "version", "alias", "completion", "config"}:
        sink.network(NetworkDestination("api.github.com", 443, "https", "gh", sends))
    if words[:2] == ["repo", "delete"]:
        add_change(sink, "destructive", "cloud-delete", " ".join(words[2:]), "gh repo delete")
    return NO_OUTPUT


# Forge CLIs other than gh, with the public instance each talks to unless told another.
_FORGE_DEFAULT_HOST = {
    "glab": "gitlab.com",
    "hub": "api.github.com",
    "tea": "gitea.com",
    "berg": "codeberg.org",
}
# Subcommand words that put the call's text on the forge (a comment, a body, a file).
_FORGE_WRITES = frozenset(
    "comment comments note notes create new open edit update reply review post upload send "
    "release gist snippet".split()
)
_FORGE_HOST_OPTIONS = frozenset({"--hostname", "--host", "--login", "-l", "--url", "-R", "--repo"})


@handles(*_FORGE_DEFAULT_HOST)
def _forge(inv: Invocation, sink: Sink) -> Output:
    """``tea comment 510 "$(cat .env)"``, ``glab mr note 3 -m …``: text put on a forge (an
    issue comment, a review, a release) is sent to that forge's server, like ``gh``'s. The
    host is the one an option names (a URL), else the CLI's public instance."""
    args = inv.argv[1:]
    words = [t for t in args if not t.startswith("-")]
    if not set(words[:3]) & _FORGE_WRITES:
        return NO_OUTPUT
    host = _FORGE_DEFAULT_HOST[inv.program]
    for k, arg in enumerate(args[:-1]):
        if arg in _FORGE_HOST_OPTIONS and has_scheme(args[k + 1]):
            end = parse_url(args[k + 1])
            host = end.host if end and end.host else host
    sink.network(NetworkDestination(host, 443, "https", inv.program, True))
    return NO_OUTPUT
