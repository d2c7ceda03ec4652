"""Hand-written scanner, redaction and validation tests (values are made-up patterns)."""

from __future__ import annotations

import itertools
import json
import zlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bastion.detect.secrets import Scanner, SecretMatch, redact, redact_value, scan
from bastion.detect.secrets._checks import (
    github_checksum_ok,
    is_placeholder,
    jwt_ok,
    shannon_entropy,
)
from bastion.detect.secrets._rules import default_rules

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def github_token(prefix: str, body: str) -> str:
    """A syntactically valid (checksummed) but made-up GitHub token."""
    n = zlib.crc32(body.encode())
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return f"{prefix}{body}{out.rjust(6, '0')}"


FAKE_GH = github_token("ghp_", "TEST0test1TEST2test3TEST4test5")
FAKE_AWS_ID = "AKIAQ7RT2SPL4MNB6WXY"
FAKE_AWS_SECRET = "Zq4u8Lm2Xv7Pc1Nr9Ts3/Wb6Hy0Kd5Fg2Jm8Qa7E"


def kinds(text: str) -> list[str]:
    return [m.kind for m in scan(text)]


def test_github_checksum_is_validated() -> None:
    assert github_checksum_ok(FAKE_GH)
    broken = FAKE_GH[:-1] + ("A" if FAKE_GH[-1] != "A" else "B")
    assert not github_checksum_ok(broken)
    assert kinds(f"token={FAKE_GH}") == ["github-pat"]
    assert "github-pat" not in kinds(f"token={broken}")
    for prefix, kind in [
        ("gho_", "github-oauth-token"),
        ("ghu_", "github-user-token"),
        ("ghs_", "github-app-token"),
        ("ghr_", "github-refresh-token"),
    ]:
        assert kind in kinds(github_token(prefix, "TEST0test1TEST2test3TEST4test5"))


def test_offsets_point_at_the_value_not_the_keyword() -> None:
    text = f"export AWS_ACCESS_KEY_ID={FAKE_AWS_ID}\n"
    (m,) = scan(text)
    assert text[m.start : m.end] == FAKE_AWS_ID
    assert m.kind == "aws-access-key" and m.severity == "critical"


def test_aws_secret_is_paired_with_a_nearby_key_id() -> None:
    text = f"[default]\n{FAKE_AWS_ID}\n{FAKE_AWS_SECRET}\n"
    assert kinds(text) == ["aws-access-key", "aws-secret-access-key-paired"]
    # the same 40 characters alone are not an AWS secret
    assert "aws-secret-access-key-paired" not in kinds(FAKE_AWS_SECRET)


def test_matches_are_sorted_and_do_not_overlap() -> None:
    text = (
        f'AWS_TOKEN = "{FAKE_AWS_ID}"\npassword: "Qr7-Tz2!pL4m"\n'
        f"url=postgres://app:Qr7Tz2pL4mNb@db.internal/orders\n{FAKE_GH}\n"
    )
    found = scan(text)
    assert [m.kind for m in found] == [
        "aws-access-key",
        "generic-password",
        "postgres-url-password",
        "github-pat",
    ]
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


def test_specific_rule_beats_generic_assignment() -> None:
    assert kinds(f'api_token = "{FAKE_GH}"') == ["github-pat"]


def test_placeholders_are_not_secrets() -> None:
    for text in [
        "password = ${DB_PASSWORD}",
        "api_key: <your-api-key>",
        "token: xxxxxxxxxxxxxxxxxxxxxxxx",
        'secret = "changeme"',
        'password = "dummy-password-1"',
        "client_secret: {{ .Values.secret }}",
        'token = "%API_TOKEN%"',
        'aws_secret_access_key = "EXAMPLEKEYEXAMPLEKEYEXAMPLEKEYEXAMPLEKEY"',
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        'token = "aaaaaaaaaaaaaaaaaaaaaaaa"',
        'api_key = "abcdefghijklmnopqrstuvwxyz"',
    ]:
        assert kinds(text) == [], text


def test_git_sha_in_a_generic_context_is_not_a_secret() -> None:
    sha = "3f9a1c7e5b2d8f4a6c0e1b3d5f7a9c2e4b6d8f0a"
    assert kinds(f"commit {sha}\nAuthor: someone") == []
    assert kinds(f'commit_sha = "{sha}"') == []


def test_code_expressions_are_not_passwords() -> None:
    for text in [
        "password = request.POST.get('password')",
        "token = tokens[0]",
        "self.password = password",
        "if password1 != password2:",
        "def clean_password(self):",
        "secret_key = os.environ['SECRET_KEY']",
        "PASS: test_login",
        "max_tokens = 4096",
    ]:
        assert kinds(text) == [], text


def test_generic_assignments_in_config_files() -> None:
    assert kinds("DB_PASSWORD=Qr7-Tz2!pL4m") == ["generic-password"]
    assert kinds('{"client_secret": "Zq4u8Lm2Xv7Pc1Nr9Ts3Wb6H"}') == ["generic-secret"]
    assert kinds("<apiToken>Zq4u8Lm2Xv7Pc1Nr9Ts3Wb6H</apiToken>") == ["generic-secret"]


def test_jwt_needs_a_json_header_with_alg() -> None:
    good = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0LXVzZXIifQ."
        "Q7rT2sPl4mNb6wXy9Kd0Fg5Jm2Qa7E8uZq4u8Lm2Xv7"
    )
    assert jwt_ok(good)
    assert kinds(f"Authorization: Bearer {good}")[0] in ("jwt", "authorization-header")
    assert kinds(good) == ["jwt"]
    # header without "alg"
    no_alg = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ0ZXN0LXVzZXIifQ.Q7rT2sPl4mNb6wXy9Kd0Fg5Jm2Qa7E8"
    assert not jwt_ok(no_alg)
    assert kinds(no_alg) == []


def test_private_key_block_is_redacted_whole() -> None:
    body = "MIIEpQIBAAKCAQEAq7rT2sPl4mNb6wXy9Kd0Fg5Jm2Qa7E8uZq4u8Lm2Xv7Pc1Nr9Ts3"
    text = f"key:\n-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\nend"
    (m,) = scan(text)
    assert m.kind == "private-key"
    red = redact(text)
    assert body not in red and "BEGIN RSA" not in red
    assert red.startswith("key:\n") and red.endswith("\nend")


def test_preview_shows_at_most_a_public_prefix() -> None:
    (m,) = scan(f"k={FAKE_AWS_ID}")
    assert m.preview(f"k={FAKE_AWS_ID}") == "AKIA…[REDACTED aws-access-key]"
    text = "DB_PASSWORD=Qr7-Tz2!pL4m"
    (m,) = scan(text)
    assert m.preview(text) == "[REDACTED generic-password]"
    for rule in default_rules().rules:
        for sample in rule.tp:
            for found in scan(sample):
                preview = found.preview(sample)
                value = sample[found.start : found.end]
                shown = preview.split("…", 1)[0] if "…" in preview else ""
                assert len(shown) <= 4 and len(value) - len(shown) >= 8
                # what is shown is the rule's fixed literal prefix, never the value's own tail
                prefixes = default_rules().by_id[found.kind].prefixes
                assert not shown or any(p.startswith(shown) for p in prefixes), preview
                assert value[-3:] not in preview.replace(f"[REDACTED {found.kind}]", "")


def test_redact_replaces_every_match() -> None:
    text = f"a {FAKE_AWS_ID} b {FAKE_GH} c"
    red = redact(text)
    assert FAKE_AWS_ID not in red and FAKE_GH not in red
    assert red == "a AKIA…[REDACTED aws-access-key] b ghp_…[REDACTED github-pat] c"
    assert redact("nothing here") == "nothing here"


def test_redact_value_is_recursive_and_redacts_keys() -> None:
    payload: dict[str, Any] = {
        "tool_response": {"stdout": f"AWS_ACCESS_KEY_ID={FAKE_AWS_ID}", "exit": 0},
        "list": [FAKE_GH, 3, None, {"k": "plain"}],
        FAKE_AWS_ID: "key redacted too",
    }
    out = redact_value(payload)
    assert out is not payload
    # A secret used as a key is a secret (issue 12): keys are redacted like values.
    dumped = json.dumps(out)
    assert FAKE_AWS_ID not in dumped and FAKE_GH not in dumped
    assert "key redacted too" in out.values() and "tool_response" in out
    assert list(out["list"])[1:] == [3, None, {"k": "plain"}]
    assert payload["list"][0] == FAKE_GH  # the input is not modified


def test_helpers() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert abs(shannon_entropy("abcd") - 2.0) < 1e-9
    filters = default_rules().filters
    assert is_placeholder("${TOKEN}", filters, generic=False)
    assert is_placeholder("my-fake-key", filters, generic=True)
    assert not is_placeholder("my-fake-key", filters, generic=False)


def test_secret_match_api_shape() -> None:
    m = SecretMatch(kind="jwt", start=1, end=5, severity="high")
    assert (m.kind, m.start, m.end, m.severity) == ("jwt", 1, 5, "high")


def test_pathological_inputs_finish_quickly() -> None:
    cases = [
        "a" * 2_000_000,
        "password=" * 50_000,
        "token: " + "x" * 500_000,
        ("-----BEGIN PRIVATE KEY-----" + "A" * 100) * 2_000,
        "eyJ" * 100_000,
        ("https://" + "u" * 50 + ":" + "p" * 50) * 5_000,
        "\n".join(f'secret_{i} = "v{i}"' for i in range(20_000)),
    ]
    # No timing here (figures live in bench/secrets_bench.py): catastrophic backtracking
    # would hang this test, which CI's time limit turns into a failure.
    assert scan(cases[0]) == []
    for text in cases[1:]:
        matches = scan(text)
        assert all(0 <= m.start < m.end <= len(text) for m in matches), text[:40]


def test_scanner_works_without_pyahocorasick(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bastion.detect.secrets.scanner as scanner_module

    monkeypatch.setattr(scanner_module, "_ahocorasick", None)
    plain = Scanner()
    text = f'x = 1\nAWS_TOKEN = "{FAKE_AWS_ID}"\npassword: "Qr7-Tz2!pL4m"\n{FAKE_GH}'
    assert plain.scan(text) == scan(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_scan_never_fails_and_matches_are_consistent(text: str) -> None:
    found = scan(text)
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    assert isinstance(redact(text), str)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=100), st.text(max_size=100))
def test_embedded_token_is_found_anywhere(before: str, after: str) -> None:
    text = f"{before} {FAKE_GH} {after}"
    assert any(m.kind == "github-pat" and text[m.start : m.end] == FAKE_GH for m in scan(text))


def test_typed_declaration_keeps_the_key() -> None:
    """Go `var token string =`, TypeScript `token: string =`, Rust `TOKEN: &str =`: the type
    between key and `=` must not hide the assignment; a non-literal value stays unflagged."""
    fake = "Zq4u8Lm2Xv7Pc1Nr9Ts3Wb6H"
    for line in (
        f'var botToken string = "{fake}"',
        f'const apiToken: string = "{fake}"',
        f'static API_TOKEN: &str = "{fake}";',
        'var password string = "Qr7-Tz2!pL4m"',
    ):
        assert scan(line), line
    for line in (
        'var token string = os.Getenv("TOKEN")',
        "token: string",
        'password: str = "password"',
    ):
        assert not scan(line), line


def test_xml_key_value_element_is_an_assignment() -> None:
    """`.NET appSettings <add key="ApiToken" value="…"/>` and Ant `<property name=… value=…/>`:
    the `value=` attribute connects a secret-named key to its literal; numbers, words and
    references stay unflagged."""
    fake = "Zq4u8Lm2Xv7Pc1Nr9Ts3Wb6H"
    for line in (
        f'<add key="ApiToken" value="{fake}" />',
        '<property name="db.password" value="Qr7-Tz2!pL4m"/>',
        f'<param name="secretKey" value="{fake}">',
    ):
        assert scan(line), line
    for line in (
        '<add key="TokenLifetime" value="3600" />',
        '<add key="ApiToken" value="$(API_TOKEN)" />',
        '<add key="AuthType" value="Windows" />',
        '<add key="PasswordMinLength" value="12"/>',
    ):
        assert not scan(line), line


def test_password_keys_in_other_languages() -> None:
    """Keys are named in the team's language: Passwort, Kennwort, wachtwoord, senha,
    contraseña, mot de passe, hasło; references and calls stay unflagged."""
    pw = "Qr7-Tz2!pL4m"
    for line in (
        f'db_passwort = "{pw}"',
        f"KENNWORT={pw}",
        f"wachtwoord: {pw}",
        f"SENHA_BANCO={pw}",
        f"contraseña = '{pw}'",
        f'mot_de_passe: "{pw}"',
        f'haslo="{pw}"',
    ):
        assert scan(line), line
    for line in ("senha = senha_hash(x)", "senha: ${DB_SENHA}", "hasloWidget = Foo()"):
        assert not scan(line), line
