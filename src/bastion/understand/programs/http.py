"""HTTP clients (curl, wget, HTTPie): where they send, what they upload, and what they fetch."""

from __future__ import annotations

import re

from bastion.understand.programs.base import (
    NO_OUTPUT,
    Invocation,
    Output,
    Sink,
    basename,
    handles,
    net_dest,
    parse_options,
)
from bastion.understand.shell_model import NetworkDestination, Word
from bastion.understand.shell_netloc import (
    clean_host,
    parse_url,
    split_host_port,
)

# Options that send data to the server (each also takes an argument).
_CURL_SEND_OPTS = frozenset(
    [
        "--data",
        "--data-ascii",
        "--data-binary",
        "--data-raw",
        "--data-urlencode",
        "--form",
        "--form-string",
        "--json",
        "--mail-rcpt",
        "--upload-file",
        "--url-query",
        "-F",
        "-T",
        "-d",
    ]
)

# Every curl option that takes an argument: the sending ones and these.
_CURL_WITH_ARG = _CURL_SEND_OPTS | frozenset(
    [
        "--aws-sigv4",
        "--cacert",
        "--capath",
        "--cert",
        "--cert-type",
        "--ciphers",
        "--config",
        "--connect-timeout",
        "--connect-to",
        "--continue-at",
        "--cookie",
        "--cookie-jar",
        "--create-file-mode",
        "--dns-servers",
        "--doh-url",
        "--dump-header",
        "--expand-url",
        "--ftp-method",
        "--ftp-port",
        "--header",
        "--hostpubmd5",
        "--interface",
        "--key",
        "--key-type",
        "--limit-rate",
        "--local-port",
        "--mail-from",
        "--max-filesize",
        "--max-redirs",
        "--max-time",
        "--netrc-file",
        "--noproxy",
        "--oauth2-bearer",
        "--output",
        "--output-dir",
        "--pass",
        "--proxy",
        "--proxy-header",
        "--proxy-user",
        "--pubkey",
        "--quote",
        "--range",
        "--referer",
        "--request",
        "--resolve",
        "--retry",
        "--retry-all-errors",
        "--retry-delay",
        "--retry-max-time",
        "--speed-limit",
        "--speed-time",
        "--stderr",
        "--time-cond",
        "--trace",
        "--trace-ascii",
        "--unix-socket",
        "--url",
        "--user",
        "--user-agent",
        "--variable",
        "--write-out",
        "-A",
        "-C",
        "-D",
        "-E",
        "-H",
        "-K",
        "-P",
        "-Q",
        "-U",
        "-X",
        "-Y",
        "-b",
        "-c",
        "-e",
        "-m",
        "-o",
        "-r",
        "-u",
        "-w",
        "-x",
        "-y",
        "-z",
    ]
)


_CURL_VAR_REF = re.compile(r"\{\{([A-Za-z_][\w]*)((?::[\w]+)*)\}\}")
_CURL_VARIABLE = re.compile(r"^(%?)([A-Za-z_]\w*)(?:\[[\d-]+\])?(?:([=@])(.*))?$", re.S)


def _curl_expanded(args: list[Word], sink: Sink) -> list[Word]:
    """curl's ``--variable`` and ``--expand-<option>`` resolved into plain options.

    ``--variable k@FILE`` reads FILE into ``k``, ``--variable %NAME`` imports an environment
    variable, ``--variable k=text`` sets text; ``--expand-data '{{k}}'`` is ``--data`` with
    each ``{{k}}`` replaced. A variable read from a file and expanded into what is sent sends
    that file (``--data @FILE``); an imported environment variable is an environment read.
    """
    if not any(w.text == "--variable" or w.text.startswith("--expand-") for w in args):
        return args
    values: dict[str, str] = {}
    files: dict[str, str] = {}
    out: list[Word] = []
    k = 0
    while k < len(args):
        word = args[k]
        if word.text == "--variable" and k + 1 < len(args):
            match = _CURL_VARIABLE.match(args[k + 1].text)
            if match:
                env, name, how, value = match.groups()
                if env:
                    sink.env_read(name)
                    values[name] = "~" if name == "HOME" else (value or f"${{{name}}}")
                elif how == "@" and value and value != "-":
                    files[name] = value
                elif how == "=":
                    values[name] = value or ""
            k += 2
            continue
        if word.text.startswith("--expand-") and k + 1 < len(args):
            option = "--" + word.text[len("--expand-") :]
            text = args[k + 1].text

            def one(ref: re.Match[str]) -> str:
                name = ref.group(1)
                if name in files:
                    return "@" + files[name]
                return values.get(name, "")

            expanded = _CURL_VAR_REF.sub(one, text)
            refs = {r.group(1) for r in _CURL_VAR_REF.finditer(text)}
            for name in refs & files.keys():
                # The file's bytes become part of the option's value (sent if it sends).
                sink.read(files[name])
            if refs & files.keys() and not expanded.startswith("@"):
                expanded = "@" + files[next(iter(refs & files.keys()))]
            out += [Word(option), Word(expanded, args[k + 1].dynamic)]
            k += 2
            continue
        out.append(word)
        k += 1
    return out


@handles("curl")
def _curl(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(_curl_expanded(inv.args, sink), _CURL_WITH_ARG)
    # A config file (-K) can hold any option, uploads included: judged as able to send.
    sends = parsed.has(*_CURL_SEND_OPTS) or bool(parsed.values("-K", "--config"))
    for method in parsed.values("-X", "--request"):
        if method.text.upper() in {"POST", "PUT", "PATCH"}:
            sends = True
    for name, value in parsed.options:
        if value is None:
            continue
        text = value.text
        if name in {"-d", "--data", "--data-binary", "--data-ascii", "--json", "--data-urlencode"}:
            at = (
                text.find("@")
                if name == "--data-urlencode"
                else (0 if text.startswith("@") else -1)
            )
            if at >= 0 and text[at + 1 :] not in {"-", ""}:
                sink.read(text[at + 1 :])
        elif name in {"-F", "--form"}:
            _, _, field_value = text.partition("=")
            if field_value[:1] in {"@", "<"}:
                path = field_value[1:].split(";", 1)[0]
                if path != "-":
                    sink.read(path)
        elif (name in {"-T", "--upload-file"} and text != "-") or name in {
            "-K",
            "--config",
            "-E",
            "--cert",
            "--key",
            "--netrc-file",
        }:
            sink.read(text)
        elif name in {"-o", "--output", "-c", "--cookie-jar", "-D", "--dump-header"}:
            if text not in {"-", "/dev/null"}:
                sink.write(text)
                if name in {"-o", "--output"}:
                    sink.note_download(text)
        elif name in {"-H", "--header", "-b", "--cookie", "-u", "--user"} and value.dynamic:
            sends = True  # a computed header or credential rides along with the request
    urls = [w for w in parsed.positionals] + parsed.values("--url")
    remote_name = parsed.has("-O", "--remote-name", "--remote-name-all")
    to_stdout = not parsed.has("-o", "--output") and not remote_name
    any_url = False
    for word in urls:
        end = parse_url(word.text, "http")
        if end is None or (not end.host and not word.dynamic):
            continue
        any_url = True
        sink.network(net_dest(end, "curl", sends, word.dynamic))
        if remote_name and end.path:
            name = basename(end.path)
            if name:
                sink.write(name)
                sink.note_download(name)
    if not any_url:
        sink.network(NetworkDestination("", None, "", "curl", sends))
    for dest in _curl_rerouted(parsed.options, sends):
        sink.network(dest)
    return Output("download") if to_stdout else NO_OUTPUT


def _curl_rerouted(options: list[tuple[str, Word | None]], sends: bool) -> list[NetworkDestination]:
    """Where curl's traffic really goes besides the URL's host, by the option's role.

    Name-resolution overrides choose the address a name reaches (``--resolve
    HOST:PORT:ADDR``, ``--connect-to H:P:H2:P2``, ``--dns-servers``, ``--doh-url``);
    proxies (``-x``, ``--preproxy``) carry the whole request; mail recipients
    (``--mail-rcpt``) are where an smtp upload ends up. Each is a destination of the data
    the request carries, judged like the URL's host."""
    out: list[NetworkDestination] = []
    for name, value in options:
        if value is None or value.dynamic:
            continue
        text = value.text.strip()
        hosts: list[str] = []
        if name == "--resolve":
            # [+]HOST:PORT:ADDR[,ADDR]...; an IPv6 address is written in brackets
            _, _, addrs = text.lstrip("+").split(":", 2) if text.count(":") >= 2 else ("", "", "")
            hosts = [a.strip() for a in addrs.split(",") if a.strip()]
        elif name == "--connect-to":
            parts = _split_colon_fields(text)
            if len(parts) == 4 and parts[2]:
                hosts = [parts[2]]
        elif name == "--dns-servers":
            hosts = [split_host_port(a.strip())[0] for a in text.split(",") if a.strip()]
        elif name in {
            "--doh-url",
            "-x",
            "--proxy",
            "--preproxy",
            "--socks5",
            "--socks4",
            "--socks4a",
            "--socks5-hostname",
        }:
            end = parse_url(text, "http")
            hosts = [end.host] if end is not None and end.host else []
        elif name == "--mail-rcpt":
            _, at, domain = text.strip("<>").rpartition("@")
            hosts = [domain] if at else []
        for host in hosts:
            clean = clean_host(host)
            if clean:
                scheme = (
                    "smtp"
                    if name == "--mail-rcpt"
                    else ("dns" if "dns" in name or "doh" in name else "")
                )
                out.append(NetworkDestination(clean, None, scheme, "curl", sends))
    return out


def _split_colon_fields(text: str) -> list[str]:
    """``a:b:[v6]:d`` into its fields, keeping a bracketed IPv6 address whole."""
    return [
        m.group(0).strip("[]") for m in re.finditer(r"\[[^\]]*\]|[^:]+|(?<=:)(?=:|$)|^(?=:)", text)
    ]


_WGET_WITH_ARG = frozenset(
    [
        "-O",
        "--output-document",
        "-o",
        "--output-file",
        "-a",
        "--append-output",
        "-i",
        "--input-file",
        "-P",
        "--directory-prefix",
        "-t",
        "--tries",
        "-T",
        "--timeout",
        "-w",
        "--wait",
        "-U",
        "--user-agent",
        "--header",
        "--post-data",
        "--post-file",
        "--body-data",
        "--body-file",
        "--method",
        "--user",
        "--password",
        "-e",
        "--execute",
        "-l",
        "--level",
        "-A",
        "--accept",
        "-R",
        "--reject",
        "-D",
        "--domains",
        "--load-cookies",
        "--save-cookies",
        "--certificate",
        "--private-key",
        "--ca-certificate",
        "-B",
        "--base",
        "--referer",
        "--limit-rate",
        "-Q",
        "--quota",
    ]
)


@handles("wget")
def _wget(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(inv.args, _WGET_WITH_ARG)
    sends = parsed.has("--post-data", "--post-file", "--body-data", "--body-file")
    for method in parsed.values("--method"):
        sends |= method.text.upper() in {"POST", "PUT", "PATCH"}
    for word in parsed.values(
        "--post-file",
        "--body-file",
        "-i",
        "--input-file",
        "--load-cookies",
        "--certificate",
        "--private-key",
    ):
        if word.text != "-":
            sink.read(word.text)
    for header in parsed.values("--header", "--post-data", "--body-data"):
        sends |= header.dynamic and not sends and True
    outputs = parsed.values("-O", "--output-document")
    to_stdout = any(o.text == "-" for o in outputs)
    prefix = parsed.values("-P", "--directory-prefix")
    any_url = False
    for word in parsed.positionals:
        end = parse_url(word.text, "http")
        if end is None or (not end.host and not word.dynamic):
            continue
        any_url = True
        sink.network(net_dest(end, "wget", sends, word.dynamic))
        if not outputs:
            name = basename(end.path) or "index.html"
            path = f"{prefix[0].text.rstrip('/')}/{name}" if prefix else name
            sink.write(path)
            sink.note_download(path)
    if not any_url:
        sink.network(NetworkDestination("", None, "", "wget", sends))
    for out in outputs:
        if out.text != "-":
            sink.write(out.text)
            sink.note_download(out.text)
    return Output("download") if to_stdout else NO_OUTPUT


@handles("http", "https", "xh", "xhs")
def _httpie(inv: Invocation, sink: Sink) -> Output:
    parsed = parse_options(
        inv.args,
        frozenset(
            {
                "-a",
                "--auth",
                "-o",
                "--output",
                "--session",
                "-A",
                "--auth-type",
                "--verify",
                "--cert",
            }
        ),
    )
    words = [w.text for w in parsed.positionals]
    method = ""
    if words and words[0].isupper():
        method = words.pop(0)
    sends = method in {"POST", "PUT", "PATCH"} or any(
        re.match(r"[^=:@]+(?:=|:=|@|=@|:=@)", w) for w in words[1:]
    )
    for word in words[1:]:
        # field@file, field=@file, field:=@file: the file's content goes in the request.
        upload = re.match(r"[^=:@]*(?:=|:=)?@(.+)", word)
        if upload:
            sink.read(upload.group(1))
    for out in parsed.values("-o", "--output"):
        sink.write(out.text)
    if words:
        end = parse_url(words[0], "https" if inv.program in {"https", "xhs"} else "http")
        if end is not None:
            sink.network(net_dest(end, inv.program, sends))
            return Output("download")
    sink.network(NetworkDestination("", None, "", "http", sends))
    return Output("download")
