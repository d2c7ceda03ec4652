"""Other network programs: DNS lookups (a name can carry data), probes, openssl clients and mail."""

from __future__ import annotations

from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    handles,
    parse_options,
)
from bastion.understand.shell_model import NetworkDestination, Word
from bastion.understand.shell_netloc import (
    clean_host,
    split_host_port,
    to_port,
)

_DNS_TYPES = frozenset(
    [
        "A",
        "AAAA",
        "MX",
        "TXT",
        "NS",
        "SOA",
        "CNAME",
        "PTR",
        "SRV",
        "ANY",
        "CAA",
        "DS",
        "DNSKEY",
        "NAPTR",
        "SPF",
        "HINFO",
        "AXFR",
        "IXFR",
        "IN",
        "CH",
        "HS",
    ]
)


def _exfil_name(word: Word) -> bool:
    return word.dynamic or any(len(label) > 40 for label in word.text.split("."))


@handles("dig", "nslookup", "host", "drill", "kdig", "delv")
def _dns(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset({"-p", "-t", "-c", "-q", "-x", "-b", "-k", "-y", "-W", "-R", "-N"}),
        clusters=False,
    )
    server = ""
    names: list[Word] = list(parsed.values("-q", "-x"))
    for word in parsed.positionals:
        if word.text.startswith("@"):
            server = word.text[1:]
        elif word.text.startswith("+") or word.text.upper() in _DNS_TYPES:
            continue
        else:
            names.append(word)
    if inv.program in {"nslookup", "host"} and len(names) > 1:
        server = names.pop().text
    for name in names:
        host = "" if name.dynamic else clean_host(name.text)
        sink.network(NetworkDestination(host, 53, "dns", inv.program, _exfil_name(name)))
    if server:
        sink.network(NetworkDestination(clean_host(server), 53, "dns", inv.program, False))
    # A DNS answer (a TXT record above all) is text the zone's owner chose, fetched from the
    # network like a download: piped or substituted into a shell, it is code from there.
    return Output("download") if names else NO_OUTPUT


@handles(
    "ping",
    "ping6",
    "traceroute",
    "tracepath",
    "mtr",
    "nmap",
    "whois",
    "arping",
    "fping",
    "hping3",
    "masscan",
)
def _probe(inv: Invocation, sink: Sink) -> Output:
    opts = frozenset(
        [
            "-c",
            "-i",
            "-I",
            "-W",
            "-w",
            "-s",
            "-t",
            "-p",
            "-q",
            "-m",
            "-f",
            "-T",
            "-S",
            "-M",
            "-g",
            "-l",
            "-n",
            "-h",
            "-o",
            "-D",
        ]
    )
    parsed = parse_options(
        inv.args,
        opts
        if inv.program not in {"nmap", "masscan"}
        else frozenset({"-p", "-oN", "-oX", "-oG", "-iL", "-e", "-S", "--script", "--rate"}),
    )
    scheme = "tcp" if inv.program in {"nmap", "masscan", "hping3"} else "dns"
    for word in parsed.positionals:
        if inv.program == "whois":
            host = clean_host(word.text)
        else:
            host = "" if word.dynamic else clean_host(word.text)
        # A payload computed at run time (ping -p "$(xxd -p secret)") rides in the packets.
        carries = _exfil_name(word) or any(w.dynamic for w in inv.args if w is not word)
        sink.network(NetworkDestination(host, None, scheme, inv.program, carries))
    return NO_OUTPUT


@handles("openssl")
def _openssl(inv: Invocation, sink: Sink) -> Output:
    argv = inv.argv
    sub = argv[1] if len(argv) > 1 else ""
    parsed = parse_options(
        inv.args[1:],
        frozenset(
            {"-in", "-out", "-connect", "-pass", "-k", "-kfile", "-key", "-cert", "-servername"}
        ),
        clusters=False,
    )
    for value in parsed.values("-in", "-kfile", "-key"):
        sink.read(value.text)
    for value in parsed.values("-out"):
        sink.write(value.text)
    for value in parsed.values("-connect"):
        host, port = split_host_port(value.text)
        sink.network(
            NetworkDestination(
                host,
                port or 443,
                "tcp",
                "openssl",
                # s_client forwards its standard input, from a pipe or a file, to the peer.
                inv.stdin.piped or inv.stdin.redirected or inv.stdin.text is not None,
            )
        )
    if sub in {"s_client"} and not parsed.values("-connect"):
        sink.network(
            NetworkDestination("", 443, "tcp", "openssl", inv.stdin.piped or inv.stdin.redirected)
        )
    if parsed.has("-d") and sub in {"enc", "base64", "aes-256-cbc", "des3"}:
        return Output("decode")
    if sub == "base64" and parsed.has("-d"):
        return Output("decode")
    return NO_OUTPUT


@handles("mail", "mailx", "sendmail", "mutt", "msmtp", "swaks")
def _mail(inv: Invocation, sink: Sink) -> Output:
    rcpts = [w.text for w in inv.args if "@" in w.text and not w.text.startswith("-")]
    for rcpt in rcpts or [""]:
        host = clean_host(rcpt.rsplit("@", 1)[-1]) if rcpt else ""
        sink.network(NetworkDestination(host, 25, "smtp", inv.program, True))
    for i, word in enumerate(inv.argv):
        if word in {"-a", "-A", "--attach"} and i + 1 < len(inv.argv):
            sink.read(inv.argv[i + 1])
    return NO_OUTPUT


@handles("logger")
def _logger(inv: Invocation, sink: Sink) -> Output:
    """``logger -n HOST`` (``--server``) sends its message, or the file ``-f`` names, to a
    syslog server: a send like any other. Without a server it writes the local journal."""
    parsed = parse_options(
        inv.args,
        frozenset(
            {
                "-n",
                "--server",
                "-P",
                "--port",
                "-f",
                "--file",
                "-t",
                "--tag",
                "-p",
                "--priority",
                "-u",
                "--socket",
                "--id",
                "--sd-id",
                "--sd-param",
                "--msgid",
                "--socket-errors",
                "--octet-count",
            }
        ),
    )
    for path in parsed.values("-f", "--file"):
        sink.read(path.text)
    servers = parsed.values("-n", "--server")
    ports = parsed.values("-P", "--port")
    port = to_port(ports[-1].text) if ports else 514
    for server in servers:
        host, given = split_host_port(server.text)
        sink.network(NetworkDestination(host, given or port, "syslog", "logger", True))
    return NO_OUTPUT
