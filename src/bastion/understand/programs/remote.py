"""Remote shells, raw sockets and file transfer: nc, socat, ssh and its keys, tunnels, dump tools,
scp, rsync and ftp clients.
"""

from __future__ import annotations

import re

from bastion.understand.programs.base import (
    NO_OUTPUT,
    PASS,
    Invocation,
    Output,
    Sink,
    add_change,
    handles,
    join_words,
    parse_options,
)
from bastion.understand.shell_model import Execution, NetworkDestination
from bastion.understand.shell_netloc import (
    DEFAULT_PORTS,
    clean_host,
    has_scheme,
    parse_remote,
    parse_url,
    split_host_port,
    to_port,
)


@handles("nc", "telnet")
def _nc(inv: Invocation, sink: Sink) -> Output:
    opts = frozenset(
        [
            "-p",
            "-s",
            "-w",
            "-i",
            "-q",
            "-e",
            "-c",
            "-x",
            "-X",
            "-P",
            "-T",
            "-g",
            "-G",
            "-O",
            "-I",
            "-V",
            "-W",
            "-M",
            "-m",
        ]
    )
    parsed = parse_options(inv.args, opts)
    letters = parsed.flag_letters()
    scheme = "udp" if "u" in letters else "tcp"
    words = [w.text for w in parsed.positionals]
    host = clean_host(words[0]) if words and not words[0].isdigit() else ""
    port = None
    for candidate in words[1:] if host or (words and not words[0].isdigit()) else words:
        port = port or to_port(candidate.split("-")[0])
    for value in parsed.values("-p"):
        port = port or to_port(value.text)
    if inv.family == "telnet":
        scheme = "telnet"
        port = port or 23
    sink.network(NetworkDestination(host, port, scheme, inv.program, True))
    for value in parsed.values("-e", "-c"):
        sink.execute(Execution("remote-shell", f"{inv.program} hands {value.text} to the network"))
    return Output("download")


@handles("socat")
def _socat(inv: Invocation, sink: Sink) -> Output:
    addresses = [w.text for w in inv.args if not w.text.startswith("-") or w.text == "-"]
    for address in addresses:
        head, _, rest = address.partition(":")
        kind = head.upper().split("-")[0]
        if kind in {"TCP", "TCP4", "TCP6", "UDP", "UDP4", "UDP6", "OPENSSL", "SSL", "SCTP"}:
            scheme = "udp" if kind.startswith("UDP") else "tcp"
            if "LISTEN" in head.upper():
                port = to_port(rest.split(",", 1)[0])
                sink.network(NetworkDestination("", port, scheme, "socat", True))
            else:
                host, port = split_host_port(rest.split(",", 1)[0])
                sink.network(NetworkDestination(host, port, scheme, "socat", True))
        elif kind in {"EXEC", "SYSTEM"}:
            sink.execute(Execution("remote-shell", f"socat connects {rest.split(',', 1)[0]}"))
            sink.run_shell(rest.split(",", 1)[0], "socat exec")
        elif kind in {"FILE", "OPEN", "GOPEN", "PIPE"} and rest:
            # A file address is read (and written, in the other direction): what socat reads
            # from it goes to the other address.
            sink.read(rest.split(",", 1)[0])
        elif kind == "CREATE" and rest:
            sink.write(rest.split(",", 1)[0])
        elif (
            address not in {"-", "STDIO", "STDOUT", "STDIN"}
            and "/" in address
            and ":" not in address
        ):
            sink.read(address)
    return Output("download")


_SSH_WITH_ARG = frozenset(
    [
        "-p",
        "-i",
        "-l",
        "-o",
        "-F",
        "-J",
        "-L",
        "-R",
        "-D",
        "-b",
        "-c",
        "-e",
        "-m",
        "-O",
        "-Q",
        "-S",
        "-W",
        "-w",
        "-B",
        "-E",
        "-I",
    ]
)


def _ssh_dest(target: str, port: int | None, tool: str, sends: bool) -> NetworkDestination:
    end = parse_url(target) if has_scheme(target) else None
    if end is not None:
        return NetworkDestination(end.host, port or end.port, end.scheme, tool, sends)
    host = target.rsplit("@", 1)[-1]
    return NetworkDestination(clean_host(host), port or 22, "ssh", tool, sends)


@handles("ssh-add", "ssh-keygen")
def _ssh_keys(inv: Invocation, sink: Sink) -> Output:
    """Local key tools: ``ssh-add KEY`` hands a key to the user's own agent, ``ssh-keygen``
    reads or makes key files. Neither reaches the network; the key files are read (and, for
    ssh-keygen ``-f``, possibly written)."""
    texts = inv.argv[1:]
    k = 0
    while k < len(texts):
        text = texts[k]
        if text in {"-f", "-i"} or (inv.program == "ssh-add" and text in {"-t", "-S", "-E"}):
            if k + 1 < len(texts) and text in {"-f", "-i"}:
                sink.read(texts[k + 1])
            k += 2
            continue
        if inv.program == "ssh-add" and not text.startswith("-"):
            sink.read(text)
        k += 1
    return NO_OUTPUT


@handles("ssh", "autossh", "mosh")
def _ssh(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, _SSH_WITH_ARG, stop_at_positional=True)
    if not parsed.positionals:
        return NO_OUTPUT
    port = None
    for value in parsed.values("-p"):
        port = to_port(value.text)
    for value in parsed.values("-i", "-F"):
        sink.read(value.text)
    target = parsed.positionals[0].text
    jumps = [w.text for w in parsed.values("-J")]
    for value in parsed.values("-o"):
        _ssh_option_command(value.text, sink)
        key, value_text = _ssh_option(value.text)
        if key == "proxyjump":
            jumps.append(value_text)
        elif key == "hostname" and value_text:
            # -o HostName=… replaces the host the command line names.
            target = value_text
    remote = parsed.positionals[1:]
    stdin = inv.stdin
    sends = bool(stdin.piped or stdin.redirected or stdin.text is not None or parsed.has("-R"))
    sink.network(_ssh_dest(target, port, "ssh", sends))
    for chain in jumps:
        # -J / ProxyJump: every hop is connected to, authenticated to with the user's keys,
        # and carries the whole session (its commands and data) onwards.
        for hop in chain.split(","):
            if hop.strip() and hop.strip().lower() != "none":
                sink.network(
                    _ssh_dest(_hop_target(hop.strip()), None, "ssh", bool(remote) or sends)
                )
    for spec in parsed.values("-R"):
        # A remote forward lets the far side reach a port of this machine.
        _exposes(sink, spec.text.rsplit(":", 1)[-1], f"ssh -R {spec.text}")
    if remote:
        sink.execute(Execution("remote", f"ssh runs on the remote host: {join_words(remote)}"))
    elif stdin.text is not None:
        sink.execute(
            Execution("remote", f"ssh runs a script on the remote host: {stdin.text[:80]}")
        )
    return Output("download")


_SSH_COMMAND_OPTIONS = frozenset({"proxycommand", "localcommand", "knownhostscommand"})


def _ssh_option(option: str) -> tuple[str, str]:
    """``Key=value`` or ``Key value`` of an ``-o`` option: (lower-case key, value)."""
    key, sep, value = option.partition("=")
    if not sep:
        key, _, value = option.strip().partition(" ")
    return key.strip().lower(), value.strip()


def _hop_target(hop: str) -> str:
    """``user@host:port`` of a jump hop, without the port (ssh's -J spelling)."""
    if hop.startswith("ssh://"):
        return hop
    user, at, rest = hop.rpartition("@")
    if rest.startswith("["):
        host = rest[1:].split("]", 1)[0]
    else:
        host = rest.rsplit(":", 1)[0] if rest.count(":") == 1 else rest
    return f"{user}{at}{host}"


def _ssh_option_command(option: str, sink: Sink) -> None:
    """``-o ProxyCommand=…`` (and LocalCommand, KnownHostsCommand) run a local shell command:
    it is analysed as shell, with ssh's ``%h``/``%p`` tokens left as words."""
    key, sep, value = option.partition("=")
    if not sep:
        key, _, value = option.partition(" ")
    if key.strip().lower() in _SSH_COMMAND_OPTIONS and value.strip():
        sink.execute(Execution("inline-shell", f"ssh {key.strip()} runs a local command"))
        sink.run_shell(value.strip(), f"ssh {key.strip()}")


# Ports whose service is a login or a remote desktop: exposing them hands out a shell.
_REMOTE_ACCESS_PORTS = frozenset({22, 23, 2222, 3389, 5900, 5901})


def _exposes(sink: Sink, port_text: str, detail: str) -> None:
    port = to_port(port_text)
    if port in _REMOTE_ACCESS_PORTS:
        sink.execute(Execution("remote-shell", f"{detail} exposes a login service to the network"))
    else:
        sink.execute(Execution("exposes-local", f"{detail} exposes a local port to the network"))


@handles("ngrok", "cloudflared", "lt", "localtunnel", "bore", "frpc", "sish", "zrok")
def _tunnel(inv: Invocation, sink: Sink) -> Output:
    """Tunnels publish a port of this machine on a public address."""
    sink.network(NetworkDestination("", None, "tunnel", inv.program, True))
    words = [w.text for w in inv.args]
    ports = [
        w.rsplit(":", 1)[-1].split("/", 1)[0] for w in words if re.search(r"(^|:)\d{2,5}(/|$)", w)
    ]
    for k, word in enumerate(words[:-1]):
        if word in ("--port", "-p", "local", "--url"):
            ports.append(words[k + 1].rsplit(":", 1)[-1].split("/", 1)[0])
    if not ports and words:
        ports = [""]
    for port in ports[:4]:
        _exposes(sink, port, inv.program)
    return NO_OUTPUT


# Database dump clients read a whole data store (its data directory, for our classes).
_DUMPERS = {
    "mysqldump": "/var/lib/mysql",
    "mariadb-dump": "/var/lib/mysql",
    "pg_dump": "/var/lib/postgresql",
    "pg_dumpall": "/var/lib/postgresql",
    "mongodump": "/var/lib/mongodb",
    "mongoexport": "/var/lib/mongodb",
}


@handles(*_DUMPERS)
def _dump(inv: Invocation, sink: Sink) -> Output:
    sink.read(_DUMPERS[inv.program])
    parsed = parse_options(
        inv.args, frozenset({"-f", "--file", "-r", "--result-file", "-o", "--out"})
    )
    for value in parsed.values("-f", "--file", "-r", "--result-file", "-o", "--out"):
        sink.write(value.text)
    return PASS


def _scp_like(inv: Invocation, sink: Sink, tool: str, opts: frozenset[str]) -> None:
    parsed = parse_options(inv.args, opts)
    port = None
    for value in parsed.values("-P", "--port"):
        port = to_port(value.text)
    for value in parsed.values("-i", "-F"):
        sink.read(value.text)
    words = parsed.positionals
    if len(words) < 2:
        return
    sources, dest = words[:-1], words[-1]
    dest_remote = parse_remote(dest.text)
    for source in sources:
        source_remote = parse_remote(source.text)
        if source_remote is None:
            sink.read(source.text)
        else:
            sink.network(
                NetworkDestination(
                    source_remote.host,
                    port or source_remote.port,
                    source_remote.scheme,
                    tool,
                    False,
                )
            )
    if dest_remote is not None:
        sink.network(
            NetworkDestination(
                dest_remote.host, port or dest_remote.port, dest_remote.scheme, tool, True
            )
        )
    else:
        sink.write(dest.text)
        if tool == "rsync" and parsed.has(
            "--delete", "--delete-after", "--delete-before", "--delete-during", "--delete-excluded"
        ):
            add_change(
                sink,
                "destructive",
                "rsync-delete",
                dest.text,
                f"rsync --delete removes files in {dest.text} missing from the source",
            )
            if _is_root_like(dest.text):
                # The workspace itself or the home directory synced from elsewhere: every
                # file there that the source lacks is gone.
                add_change(
                    sink,
                    "destructive",
                    "mass-delete",
                    "",
                    f"rsync --delete into {dest.text} removes what the source lacks",
                )


def _is_root_like(path: str) -> bool:
    """The current directory, the home directory or the root, however spelled."""
    text = path.strip().rstrip("/") or "/"
    return text in {".", "./", "~", "$HOME", "${HOME}", "/", "$PWD", "${PWD}", "$(pwd)"} or bool(
        re.fullmatch(r"/home/[^/]+|/Users/[^/]+|/root", text)
    )


@handles("scp")
def _scp(inv: Invocation, sink: Sink) -> Output:
    _scp_like(inv, sink, "scp", frozenset(["-P", "-i", "-F", "-o", "-l", "-S", "-c", "-J"]))
    return NO_OUTPUT


@handles("rsync")
def _rsync(inv: Invocation, sink: Sink) -> Output:
    opts = frozenset(
        [
            "-e",
            "--rsh",
            "--exclude",
            "--include",
            "--exclude-from",
            "--include-from",
            "--files-from",
            "--port",
            "-T",
            "--temp-dir",
            "--password-file",
            "--log-file",
            "-B",
            "--chmod",
            "--rsync-path",
            "--backup-dir",
            "--compare-dest",
            "--link-dest",
            "--partial-dir",
            "--timeout",
            "--bwlimit",
            "-M",
            "--filter",
            "-f",
            "--info",
            "--debug",
        ]
    )
    _scp_like(inv, sink, "rsync", opts)
    return NO_OUTPUT


@handles("sftp", "ftp", "lftp", "tftp", "ncftp")
def _ftp(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, frozenset({"-P", "-p", "-i", "-F", "-o", "-b", "-u", "-e"}))
    scheme = "sftp" if inv.program == "sftp" else "ftp"
    stdin = inv.stdin
    # Commands come on stdin (a pipe, a file, a heredoc), from -b, or from -c/-e ("put x").
    sends = stdin.text is not None or stdin.piped or stdin.redirected or bool(parsed.values("-b"))
    for value in parsed.values("-e"):
        sends = _uploads(value.text, sink) or sends
    if stdin.text:
        _uploads(stdin.text, sink)  # a heredoc of commands: what its puts send
    if inv.program == "tftp":
        texts = inv.argv
        if "-c" in texts:
            sends = _uploads(" ".join(texts[texts.index("-c") + 1 :]), sink) or sends
    for word in parsed.positionals[:1]:
        end = parse_url(word.text) if has_scheme(word.text) else None
        host = end.host if end else clean_host(word.text.rsplit("@", 1)[-1].split(":", 1)[0])
        sink.network(
            NetworkDestination(
                host,
                DEFAULT_PORTS.get(scheme),
                scheme,
                inv.program,
                sends or "put" in (inv.stdin.text or ""),
            )
        )
    return NO_OUTPUT


_PUT = re.compile(r"\b(?:m?put|append|reput|mirror\s+-R)\s+(?:-\S+\s+)*([^\s;]+)")


def _uploads(commands: str, sink: Sink) -> bool:
    """File-transfer commands (``put x``, ``mput *.env``): read what they upload; whether any."""
    found = False
    for match in _PUT.finditer(commands):
        sink.read(match.group(1).strip("'\""))
        found = True
    return found


@handles("smbclient")
def _smbclient(inv: Invocation, sink: Sink) -> Output:
    """``smbclient //host/share -c 'put x'``: a file share on another machine."""
    parsed = parse_options(
        inv.args,
        frozenset(
            {
                "-c",
                "--command",
                "-U",
                "--user",
                "-A",
                "--authentication-file",
                "-p",
                "--port",
                "-W",
                "--workgroup",
                "-I",
                "--ip-address",
                "-D",
                "--directory",
            }
        ),
    )
    for value in parsed.values("-A", "--authentication-file"):
        sink.read(value.text)
    stdin = inv.stdin
    sends = stdin.text is not None or stdin.piped or stdin.redirected
    for value in parsed.values("-c", "--command"):
        sends = _uploads(value.text, sink) or sends
    hosts = [v.text for v in parsed.values("-I", "--ip-address")]
    for word in parsed.positionals[:1]:
        unc = word.text.replace("\\", "/")
        if unc.startswith("//"):
            hosts.append(unc[2:].split("/", 1)[0])
    port = next((to_port(v.text) for v in parsed.values("-p", "--port")), None)
    for host in hosts[:2] or [""]:
        sink.network(NetworkDestination(clean_host(host), port or 445, "smb", "smbclient", sends))
    return NO_OUTPUT


_ANSIBLE_WITH_ARG = frozenset(
    {
        "-m",
        "--module-name",
        "-a",
        "--args",
        "-i",
        "--inventory",
        "-u",
        "--user",
        "-e",
        "--extra-vars",
        "-f",
        "--forks",
        "-l",
        "--limit",
        "-M",
        "--module-path",
        "-B",
        "-P",
        "--become-user",
        "-c",
        "--connection",
        "-T",
        "--timeout",
        "--private-key",
        "--key-file",
    }
)
_LOCAL_PATTERNS = frozenset({"localhost", "127.0.0.1", "local"})
_ANSIBLE_SHELL_MODULES = frozenset(
    {
        "shell",
        "command",
        "raw",
        "ansible.builtin.shell",
        "ansible.builtin.command",
        "ansible.builtin.raw",
    }
)
_ANSIBLE_HTTP_MODULES = frozenset(
    {"uri", "get_url", "ansible.builtin.uri", "ansible.builtin.get_url"}
)
_KEY_VALUE = re.compile(r"""(\w+)=("[^"]*"|'[^']*'|\S+)""")


@handles("ansible")
def _ansible(inv: Invocation, sink: Sink) -> Output:
    """``ansible PATTERN -m MODULE -a ARGS``: an ad-hoc module run. On the local machine a
    shell/command module's argument is a command run here; the uri/get_url modules talk to
    their ``url=`` (sending ``src=``/``body=``, saving to ``dest=``) wherever they run."""
    texts = inv.argv[1:]
    module, args, pattern = "command", "", ""
    k = 0
    while k < len(texts):
        text = texts[k]
        if text in _ANSIBLE_WITH_ARG and k + 1 < len(texts):
            if text in {"-m", "--module-name"}:
                module = texts[k + 1]
            elif text in {"-a", "--args"}:
                args = texts[k + 1]
            k += 2
            continue
        if not text.startswith("-") and not pattern:
            pattern = text
        k += 1
    if not args.strip():
        return NO_OUTPUT
    if module in _ANSIBLE_SHELL_MODULES and pattern in _LOCAL_PATTERNS:
        sink.execute(Execution("inline-shell", f"ansible -m {module} runs a command locally"))
        sink.run_shell(args, f"ansible -m {module}")
    elif module in _ANSIBLE_HTTP_MODULES:
        values = {m.group(1): m.group(2).strip("\"'") for m in _KEY_VALUE.finditer(args)}
        end = parse_url(values.get("url", ""))
        sends = bool(values.keys() & {"src", "body"}) or values.get("method", "GET").upper() in {
            "POST",
            "PUT",
            "PATCH",
        }
        if "src" in values:
            sink.read(values["src"])
        if "dest" in values:
            sink.write(values["dest"])
            if module.endswith("get_url"):
                sink.note_download(values["dest"])  # the file saved is downloaded content
        if end is not None and end.host:
            sink.network(NetworkDestination(end.host, end.port, end.scheme, "ansible", sends))
    return NO_OUTPUT
