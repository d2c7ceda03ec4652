"""The proxy's judgement without the network: hosts, DNS labels, request heads, secrets."""

from __future__ import annotations

import base64
import os
import random
import struct

from bastion.contain import hosts, wire
from bastion.detect.secrets.fingerprints import FingerprintSet

# Built by concatenation so no scanner mistakes the test for a leak.
FAKE_SECRET = "AKIA" + "Q3EXAMPLE" + "7TESTKEY9"


def view(**kw: object) -> hosts.SessionView:
    base: dict[str, object] = {
        "session_id": "s",
        "sources": {"pypi.org": "registry", "github.com": "remote"},
        "ssh_hosts": frozenset({"github.com"}),
    }
    base.update(kw)
    return hosts.SessionView(**base)  # type: ignore[arg-type]


def test_clean_session_reaches_new_hosts_and_tainted_one_does_not() -> None:
    clean = hosts.judge(view(), "collector.example", 443, "connect")
    assert clean.allowed and clean.rule == "clean-session"
    dirty = hosts.judge(
        view(tainted="read credentials (.env)"), "collector.example", 443, "connect"
    )
    assert not dirty.allowed and dirty.rule == "tainted-session"
    assert "read credentials" in dirty.reason
    # Registries and the repository's remotes stay reachable after a credential read.
    assert hosts.judge(view(tainted="x"), "pypi.org", 443, "connect").allowed
    assert hosts.judge(view(tainted="x"), "GitHub.com.", 443, "connect").allowed


def test_hosts_the_user_named_stay_allowed_as_whole_names_only() -> None:
    v = view(tainted="x", prompt="please fetch the schema from api.partner.example")
    assert hosts.judge(v, "api.partner.example", 443, "connect").rule == "named"
    assert not hosts.judge(v, "evil-api.partner.example.attacker.net", 443, "connect").allowed


def test_ssh_only_to_the_repository_remotes_even_in_a_clean_session() -> None:
    assert hosts.judge(view(), "github.com", 22, "connect").allowed
    refused = hosts.judge(view(), "gitlab.example", 22, "connect")
    assert not refused.allowed and refused.rule == "ssh"


def test_loopback_and_private_addresses_need_configuration() -> None:
    for host in ("127.0.0.1", "localhost", "10.1.2.3", "169.254.169.254", "[::1]"):
        assert not hosts.judge(view(), host, 80, "http").allowed, host
    assert hosts.judge(
        view(local_allowed=frozenset({"127.0.0.1"})), "127.0.0.1", 80, "http"
    ).allowed


def test_dns_names_that_carry_data_are_refused_in_every_session() -> None:
    rng = random.Random(15)  # fixed: the same 300 encodings on every run
    refused = 0
    for _ in range(100):
        raw = rng.randbytes(20)
        for data in (base64.b32encode(raw).decode().rstrip("=").lower(), raw.hex(),
                     base64.urlsafe_b64encode(raw).decode().rstrip("=")):  # fmt: skip
            refused += bool(hosts.label_problem(f"{data[:20]}.{data[20:]}.x.io"))
    # Statistical, not absolute: 299 of these 300 are refused (one base32 piece reads like
    # letters of words); a name that slips through is still refused in a tainted session.
    assert refused >= 297
    assert hosts.judge(view(), "a" * 50 + ".example", 53, "dns").rule == "dns-tunnel"
    for name in (
        "files.pythonhosted.org", "objects.githubusercontent.com", "registry.npmjs.org",
        "s3.us-east-2.amazonaws.com", "storage.googleapis.com", "proxy.golang.org",
        "dl-cdn.alpinelinux.org", "download.pytorch.org", "security.debian.org",
        "raw.githubusercontent.com", "marketplace-visualstudio.example",
        "my-company-internal-registry.example", "northamerica-northeast1-docker.pkg.dev",
        "elasticbeanstalk.com", "artifactregistry.googleapis.com",
        "dkr-ecr-us-east-1.amazonaws.com", "ec2-54-123-45-67.compute-1.amazonaws.com",
        "australia-southeast1-docker.pkg.dev", "us-central1-aiplatform.googleapis.com",
    ):  # fmt: skip
        assert hosts.label_problem(name) == "", name


def test_remote_hosts_and_local_remotes_are_read_from_git_config(tmp_path) -> None:  # type: ignore[no-untyped-def]
    git = tmp_path / ".git"
    git.mkdir()
    (git / "config").write_text(
        '[remote "origin"]\n\turl = git@github.com:acme/app.git\n'
        '[remote "up"]\n\turl = https://user@gitlab.example:8443/x.git\n'
        '[remote "local"]\n\turl = /srv/git/app.git\n'
    )
    urls = hosts.remote_urls(str(tmp_path))
    assert [hosts.remote_host(u) for u in urls] == ["github.com", "gitlab.example", ""]
    assert hosts.remote_paths(str(tmp_path)) == ["/srv/git/app.git"]


def test_request_heads_are_parsed_and_rewritten_to_origin_form() -> None:
    head = (
        b"POST http://up.example:8080/a/b?q=1 HTTP/1.1\r\nHost: up.example\r\n"
        b"Proxy-Connection: keep-alive\r\nContent-Length: 5\r\n\r\n"
    )
    req = wire.parse_head(head)
    assert req is not None
    assert (req.method, req.host, req.port, req.length, req.path_only) == (
        "POST",
        "up.example",
        8080,
        5,
        "/a/b",
    )
    origin = req.origin_head()
    assert origin.startswith(b"POST /a/b?q=1 HTTP/1.1\r\n")
    assert b"Proxy-Connection" not in origin and b"Connection: close" in origin
    connect = wire.parse_head(b"CONNECT pypi.org:443 HTTP/1.1\r\nHost: pypi.org:443\r\n\r\n")
    assert connect is not None and (connect.host, connect.port) == ("pypi.org", 443)
    for bad in (
        b"GET / HTTP/1.1\r\n\r\n",
        b"nonsense\r\n\r\n",
        b"GET http://x/ HTTP/1.1\r\nbad\r\n\r\n",
    ):
        assert wire.parse_head(bad) is None


def test_secrets_are_found_raw_and_in_their_encodings() -> None:
    fps = FingerprintSet(os.urandom(32))
    fps.add_secret(FAKE_SECRET, "aws-access-key")
    raw = FAKE_SECRET.encode()
    for form in (
        raw,
        base64.b64encode(b"prefix:" + raw),
        raw.hex().encode(),
        "".join(f"%{b:02X}" for b in raw).encode(),  # every byte percent-encoded
    ):
        body = b"data=" + form + b"&x=1"
        assert wire.secrets_in(fps, body), form
    assert wire.secrets_in(fps, b"data=nothing secret here") == []
    assert wire.secrets_in(None, raw) == []


def test_dns_messages_are_read_and_refused_in_protocol() -> None:
    name = b"".join(bytes([len(p)]) + p for p in (b"www", b"example", b"org")) + b"\0"
    query = b"\x12\x34\x01\x00" + struct.pack("!HHHH", 1, 0, 0, 0) + name + b"\x00\x01\x00\x01"
    assert wire.dns_question(query) == "www.example.org"
    answer = wire.dns_refusal(query, rcode=5)
    assert answer[:2] == b"\x12\x34"
    flags = struct.unpack("!H", answer[2:4])[0]
    assert flags & 0x8000 and flags & 0x000F == 5
    assert answer.endswith(name + b"\x00\x01\x00\x01")
    assert wire.dns_question(b"\x00" * 5) is None


def test_tainted_sessions_tunnel_only_to_tls_ports() -> None:
    v = view(tainted="read credentials (.env)")
    assert hosts.judge(v, "pypi.org", 443, "connect").allowed
    refused = hosts.judge(v, "pypi.org", 80, "connect")
    assert not refused.allowed and refused.rule == "tunnel-port"
    assert hosts.judge(view(), "pypi.org", 80, "connect").allowed  # clean: recorded, allowed


def test_requests_with_two_framings_are_refused() -> None:
    head = (b"POST http://pypi.org/x HTTP/1.1\r\nContent-Length: 4\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")  # fmt: skip
    assert wire.parse_head(head) is None


def test_a_body_scanned_in_pieces_finds_what_the_whole_finds() -> None:
    """The proxy scans a body as it arrives: every encoding, cut at every byte (a percent
    escape cut in two included), gives the same answer as the whole body."""
    fps = FingerprintSet(os.urandom(32))
    fps.add_secret(FAKE_SECRET, "aws-access-key")
    raw = FAKE_SECRET.encode()
    forms = [
        raw,
        base64.b64encode(b"prefix:" + raw),
        base64.urlsafe_b64encode(b"p" + raw),
        raw.hex().encode(),
        raw.hex().upper().encode(),
        "".join(f"%{b:02X}" for b in raw).encode(),
        b"+".join(raw[i : i + 4] for i in range(0, len(raw), 4)),  # not the secret
    ]
    for form in forms:
        body = b"data=" + form + b"&x=1"
        whole = wire.secrets_in(fps, body)
        assert bool(whole) == (b"+" not in form), form
        for cut in range(1, len(body)):
            scan = wire.BodyScan(fps)
            scan.feed(body[:cut])
            scan.feed(body[cut:])
            assert scan.hits() == whole, (form, cut)


def test_body_scan_speed_is_far_beyond_the_hashed_scan() -> None:
    """A regression guard, not the figure (bench/sandbox_bench.py measures that): 4 MiB
    of base64 must scan in well under a second even on a loaded machine."""
    import time

    fps = FingerprintSet(os.urandom(32))
    fps.add_secret(FAKE_SECRET, "aws-access-key")
    body = base64.b64encode(os.urandom(3 * 1024 * 1024))
    t = time.perf_counter()
    assert wire.secrets_in(fps, body) == []
    assert time.perf_counter() - t < 1.0  # the hashed scan took ~2 s per MiB here
    assert wire.secrets_in(fps, body[:1000] + FAKE_SECRET.encode() + body[1000:])


def _reference_secrets_in(fingerprints: FingerprintSet, data: bytes) -> list[object]:
    """The scan as it was before pieces and the automaton: whole text, then decoded."""
    from urllib.parse import unquote_plus

    text = data.decode("latin-1")
    hits = list(fingerprints.find_in(text))
    if not hits and ("%" in text or "+" in text):
        decoded = unquote_plus(text, encoding="latin-1")
        if decoded != text:
            hits = list(fingerprints.find_in(decoded))
    return hits


def test_the_body_scan_gives_what_the_reference_scan_gives() -> None:
    """Random bodies made of a long and a short secret's encodings, escapes and filler:
    the piecewise, automaton-backed scan answers exactly as the whole-text hashed one."""
    import json
    import urllib.parse

    key = os.urandom(32)
    fps = FingerprintSet(key)
    fps.add_secret(FAKE_SECRET, "aws-access-key")
    fps.add_secret("pw-" + "7Kq2x", "password")  # short: whole tokens only
    slow = FingerprintSet.from_state(json.loads(json.dumps(fps.to_state())), key)
    assert fps.fast and not slow.fast
    parts: list[bytes] = []
    for value in (FAKE_SECRET, "pw-" + "7Kq2x"):
        raw = value.encode()
        parts += [raw, raw[2:15], raw.hex().encode(), base64.b64encode(b"a" + raw)]
        parts += [urllib.parse.quote(value, safe="").encode(), b"+" + raw + b"+"]
        parts += ["".join(f"%{b:02x}" for b in raw).encode()]
    parts += [b"+", b"%", b"%4", b"%41", b"&", b"=", b" ", b"\xe9", b"x", b"%2B"]
    rng = random.Random(7)
    for _ in range(400):
        body = b"".join(rng.choice(parts) for _ in range(rng.randint(1, 8)))
        expected = _reference_secrets_in(slow, body)
        assert wire.secrets_in(fps, body) == expected, body
        cut = rng.randint(0, len(body))
        scan = wire.BodyScan(fps)
        scan.feed(body[:cut])
        scan.feed(body[cut:])
        assert scan.hits() == expected, (body, cut)
    assert wire.secrets_in(fps, b"a=+pw-" + b"7Kq2x+")  # a plus that ends a token


def test_percent_decoding_is_the_standard_librarys_byte_for_byte() -> None:
    """The fast decoder (via the C byte-escape codec) against unquote_to_bytes: escapes
    valid and not, cut at the end, in both cases, beside backslashes, NULs and non-ASCII."""
    import warnings
    from urllib.parse import unquote_to_bytes

    rng = random.Random(11)
    alphabet = b"%%%0123456789abcdefABCDEFgG+ x\xe9\\\\n\x00"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "invalid escape" warning from the codec either
        for _ in range(20000):
            data = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
            assert wire.percent_decoded(data) == unquote_to_bytes(data), data
    form = b"a=100%+sure&b=%2Fsrv%2f&c=%zz%4&d=\\x41%%41"
    assert wire.percent_decoded(form) == unquote_to_bytes(form)
