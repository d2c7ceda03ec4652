"""Containers and clusters: docker, docker-compose, kubectl and helm."""

from __future__ import annotations

from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
    net_dest,
    parse_options,
    quote,
)
from bastion.understand.shell_model import Execution, NetworkDestination
from bastion.understand.shell_netloc import (
    clean_host,
    has_scheme,
    parse_url,
)

_SENSITIVE_MOUNTS = (
    "/",
    "/etc",
    "/root",
    "/home",
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run",
    "/run",
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/usr",
    "/var/lib",
    "~",
    "$HOME",
    "${HOME}",
    "/Users",
)


@handles("docker")
def _docker(inv: Invocation, sink: Sink) -> Output:
    texts = inv.argv[1:]
    global_opts = {"-H", "--host", "--context", "-c", "--config", "-l", "--log-level"}
    k = 0
    while k < len(texts) and texts[k].startswith("-"):
        k += 2 if texts[k] in global_opts else 1
    if k >= len(texts):
        return NO_OUTPUT
    sub = texts[k]
    rest = texts[k + 1 :]
    if sub == "container" and rest:
        sub, rest = rest[0], rest[1:]
    for k2, text in enumerate(texts[:k]):
        # A daemon on another machine (-H ssh://host) receives what the command sends it:
        # build contexts, copied files, container definitions.
        if text in {"-H", "--host"} and k2 + 1 < k:
            _remote_daemon(texts[k2 + 1], sink, inv.program)
    if sub in {"run", "create", "exec"}:
        _docker_run(sub, rest, sink, inv.program)
    elif sub == "build" or (sub in {"buildx", "image", "builder"} and rest[:1] == ["build"]):
        _docker_build(rest[1:] if sub != "build" else rest, sink, inv.program)
    elif sub == "context" and rest[:1] == ["create"]:
        for k2, text in enumerate(rest):
            value = text.partition("=")[2] if text.startswith("--docker=") else ""
            if text == "--docker" and k2 + 1 < len(rest):
                value = rest[k2 + 1]
            for part in value.split(","):
                key, _, val = part.partition("=")
                if key == "host":
                    _remote_daemon(val, sink, inv.program)
    elif sub in {"push", "pull"} and rest:
        image = next((t for t in rest if not t.startswith("-")), "")
        sink.network(
            NetworkDestination(_image_registry(image), 443, "https", inv.program, sub == "push")
        )
    elif (sub == "system" and rest[:1] == ["prune"]) or (
        sub == "volume" and rest[:1] in (["rm"], ["prune"])
    ):
        add_change(
            sink,
            "destructive",
            "docker-prune",
            " ".join(["docker", sub, *rest])[:120],
            f"docker {sub} {' '.join(rest)} deletes data",
        )
        if sub == "volume" or "--volumes" in rest:
            _volumes_destroyed(sink, f"docker {sub} {' '.join(rest)}")
    elif sub == "compose" and "down" in rest and ("-v" in rest or "--volumes" in rest):
        _volumes_destroyed(sink, f"docker compose {' '.join(rest)}")
    elif sub == "cp" and len(rest) >= 2:
        src, dst = rest[-2], rest[-1]
        if ":" in dst.split("/", 1)[0]:
            sink.read(src)
        else:
            sink.write(dst)
    return NO_OUTPUT


def _remote_daemon(url: str, sink: Sink, tool: str) -> None:
    if url.startswith(("ssh://", "tcp://", "http://", "https://")):
        end = parse_url(url)
        if end is not None and end.host:
            sink.network(NetworkDestination(end.host, end.port, end.scheme, tool, True))


_BUILD_WITH_ARG = frozenset(
    {
        "-t",
        "--tag",
        "-f",
        "--file",
        "--build-arg",
        "--build-context",
        "--secret",
        "--ssh",
        "--target",
        "--platform",
        "--label",
        "--cache-from",
        "--cache-to",
        "-o",
        "--output",
        "--progress",
        "--network",
        "--add-host",
        "--iidfile",
        "--metadata-file",
        "--builder",
    }
)


def _docker_build(rest: list[str], sink: Sink, tool: str) -> None:
    """The build context (and every ``--build-context`` directory) is sent whole to the
    daemon and readable by the Dockerfile's steps, which are not reviewed here: a context
    at the home directory or the root exposes every file under it, like mounting it;
    ``--secret src=FILE`` reads FILE."""
    dirs: list[str] = []
    k = 0
    while k < len(rest):
        name, eq, value = rest[k].partition("=") if rest[k].startswith("--") else (rest[k], "", "")
        if rest[k].startswith("-") and not eq and name in _BUILD_WITH_ARG and k + 1 < len(rest):
            value = rest[k + 1]
            k += 1
        if name == "--build-context" and "=" in value:
            source = value.split("=", 1)[1]
            if "://" not in source and not source.startswith("docker-image:"):
                dirs.append(source)
        elif name == "--secret":
            for part in value.split(","):
                key, _, val = part.partition("=")
                if key in {"src", "source"} and val:
                    sink.read(val)
        elif not rest[k].startswith("-"):
            dirs.append(rest[k])
        k += 1
    for directory in dirs[:8]:
        norm = directory.rstrip("/") or "/"
        if norm in {"/", "~", "$HOME", "${HOME}", "/home", "/root", "/Users", "/etc"}:
            add_change(
                sink,
                "privilege",
                "docker-host-mount",
                directory,
                f"{tool} build sends host path {directory} as a build context",
            )


def _image_registry(image: str) -> str:
    first = image.split("/", 1)[0]
    if "/" in image and ("." in first or ":" in first or first == "localhost"):
        return clean_host(first.split(":", 1)[0])
    return "registry-1.docker.io"


def _docker_run(sub: str, rest: list[str], sink: Sink, tool: str) -> None:
    with_arg = {
        "-v",
        "--volume",
        "--mount",
        "-e",
        "--env",
        "--env-file",
        "-p",
        "--publish",
        "--name",
        "-w",
        "--workdir",
        "-u",
        "--user",
        "--network",
        "--net",
        "--pid",
        "--ipc",
        "--uts",
        "--userns",
        "--cap-add",
        "--cap-drop",
        "--security-opt",
        "--device",
        "--entrypoint",
        "-l",
        "--label",
        "--platform",
        "--restart",
        "-h",
        "--hostname",
        "--memory",
        "-m",
        "--cpus",
        "--add-host",
        "--dns",
        "--shm-size",
        "--gpus",
        "--tmpfs",
        "--ulimit",
        "--log-driver",
        "--cgroupns",
    }
    k = 0
    privileged: list[str] = []
    mounts: list[str] = []
    while k < len(rest) and rest[k].startswith("-"):
        name, eq, value = rest[k].partition("=")
        if not eq and name in with_arg and k + 1 < len(rest):
            value = rest[k + 1]
            k += 1
        if name == "--privileged":
            privileged.append("--privileged")
        elif name == "--cap-add" and value.upper().removeprefix("CAP_") in {
            "SYS_ADMIN",
            "ALL",
            "SYS_PTRACE",
            "SYS_MODULE",
            "NET_ADMIN",
            "DAC_READ_SEARCH",
        }:
            privileged.append(f"--cap-add={value}")
        elif (
            name in {"--pid", "--ipc", "--uts", "--userns", "--cgroupns"} and value == "host"
        ) or (name in {"--net", "--network"} and value == "host"):
            privileged.append(f"{name}=host")
        elif name == "--security-opt" and "unconfined" in value:
            privileged.append(f"--security-opt={value}")
        elif name == "--device":
            privileged.append(f"--device={value}")
        elif name in {"-v", "--volume"}:
            mounts.append(value.split(":", 1)[0])
        elif name == "--mount":
            for part in value.split(","):
                key, _, val = part.partition("=")
                if key in {"source", "src"}:
                    mounts.append(val)
        k += 1
    for flag in privileged:
        add_change(sink, "privilege", "docker-privileged", flag, f"{tool} {sub} {flag}")
    for mount in mounts:
        norm = mount.rstrip("/") or "/"
        if (
            norm in _SENSITIVE_MOUNTS
            or norm.endswith("docker.sock")
            or any(
                norm.startswith(p + "/")
                for p in ("/etc", "/root", "/var/run", "/proc", "/sys", "/boot", "/dev")
            )
            or norm.startswith(("~/.ssh", "~/.aws", "$HOME/.ssh", "$HOME/.aws"))
        ):
            add_change(
                sink,
                "privilege",
                "docker-host-mount",
                mount,
                f"{tool} {sub} mounts host path {mount} into the container",
            )
    if sub in {"run", "create"} and k < len(rest):
        sink.network(NetworkDestination(_image_registry(rest[k]), 443, "https", tool, False))


@handles("docker-compose")
def _compose(inv: Invocation, sink: Sink) -> Output:
    if "down" in inv.argv and ("-v" in inv.argv or "--volumes" in inv.argv):
        add_change(
            sink, "destructive", "docker-prune", "volumes", "docker-compose down -v deletes volumes"
        )
        _volumes_destroyed(sink, "docker-compose " + " ".join(inv.argv[1:]))
    return NO_OUTPUT


def _volumes_destroyed(sink: Sink, spelled: str) -> None:
    """Container volumes removed: databases and uploads kept there are gone for good (images
    and containers can be rebuilt, volumes cannot). The target is the command as spelled, so
    a prompt that asks for exactly it names it."""
    words = [w for w in spelled.split() if w.startswith("--") or not w.startswith(("-", "$"))]
    add_change(
        sink,
        "destructive",
        "container-volumes",
        " ".join(words)[:120],
        f"{spelled[:80]} deletes volumes",
    )


@handles("kubectl")
def _kubectl(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset(
            {
                "-n",
                "--namespace",
                "-f",
                "--filename",
                "-l",
                "--selector",
                "-o",
                "--output",
                "--context",
                "--kubeconfig",
                "-c",
                "--container",
                "--type",
            }
        ),
    )
    words = [w.text for w in parsed.positionals]
    if not words:
        return NO_OUTPUT
    verb = words[0]
    target = " ".join(words[1:] + [f"-f {f.text}" for f in parsed.values("-f", "--filename")])
    target = target.strip()
    if verb == "rollout" and words[1:2] and words[1] in {"status", "history", "restart"}:
        # status and history read; restart replaces pods with the same spec, one by one:
        # no configuration changes, nothing is deleted.
        return NO_OUTPUT
    if verb == "delete":
        add_change(sink, "destructive", "kubectl-delete", target, f"kubectl delete {target}")
    elif verb in {"apply", "create", "replace", "patch", "edit", "set", "scale", "rollout"}:
        kind = (
            "kubectl-apply" if verb != "replace" or not parsed.has("--force") else "kubectl-delete"
        )
        if verb == "create" and words[1:2] == ["token"]:
            return NO_OUTPUT
        add_change(sink, "destructive", kind, target, f"kubectl {verb} {target}")
    elif verb in {"drain", "cordon", "taint"}:
        add_change(sink, "destructive", "kubectl-apply", target, f"kubectl {verb} {target}")
    elif verb == "cp" and len(words) >= 3:
        # ``kubectl cp SRC DST``: a side named ``[ns/]pod:path`` is in the cluster. A local
        # source copied into a pod leaves this machine; a pod's file copied here is a write.
        src, dst = words[-2], words[-1]
        if _pod_path(dst) and not _pod_path(src):
            sink.read(src)
            # The pod is in the user's configured cluster (a private place, not an unknown
            # host); what leaves for it still leaves this machine.
            pod = clean_host(dst.split(":", 1)[0].rsplit("/", 1)[-1]) or "pod"
            sink.network(
                NetworkDestination(f"{pod}.pod.cluster.local", None, "https", "kubectl", True)
            )
        elif _pod_path(src) and not _pod_path(dst):
            sink.write(dst)
    elif verb == "exec" and "--" in inv.argv:
        inner = inv.argv[inv.argv.index("--") + 1 :]
        sink.execute(Execution("remote", f"kubectl exec runs in a pod: {' '.join(inner)}"))
        if inner:
            # What runs in the pod destroys or sends as it would here (a psql drop, an rm).
            sink.run_shell(" ".join(quote(w) for w in inner), "kubectl exec")
    for file in parsed.values("-f", "--filename"):
        if not has_scheme(file.text) and file.text != "-":
            sink.read(file.text)
        elif has_scheme(file.text):
            end = parse_url(file.text)
            if end is not None:
                sink.network(net_dest(end, "kubectl", False))
    return NO_OUTPUT


def _pod_path(text: str) -> bool:
    """``pod:/path`` or ``namespace/pod:path`` (kubectl cp); not ``./a:b`` or ``/x``."""
    head = text.split(":", 1)[0]
    return ":" in text and bool(head) and not head.startswith((".", "/", "~"))


@handles("helm")
def _helm(inv: Invocation, sink: Sink) -> Output:
    words = [t for t in inv.argv[1:] if not t.startswith("-")]
    if words[:1] in (["uninstall"], ["delete"], ["del"]):
        add_change(
            sink,
            "destructive",
            "kubectl-delete",
            " ".join(words[1:]),
            f"helm {words[0]} {' '.join(words[1:])}",
        )
    elif words[:1] in (["install"], ["upgrade"], ["rollback"]):
        add_change(
            sink,
            "destructive",
            "kubectl-apply",
            " ".join(words[1:]),
            f"helm {words[0]} {' '.join(words[1:])}",
        )
    return NO_OUTPUT
