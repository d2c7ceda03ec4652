"""Round-15 held-out secrets: formats, vendors and contexts that neither the dev corpora nor
the two earlier own sets (fresh-secrets, secrets-unseen) hold, and near-misses of them.

Why it exists: the round-15 changes (typed key-shaped values under credential nouns, names
ending in `key`, hyphen-prefixed vendor tokens, vendor-named secret flags) were made looking
at the dev corpora's leave-one-source-out misses. This set was written AFTER those changes,
from each format's published structure and from look-alikes real work prints, and scored
once (bench/results/secrets-round15-heldout.json); no rule was changed after that run.

No credential-shaped literal is committed: prefixes are joined from pieces (``_p("gs", "k_")``)
and every body is drawn at run time from a seeded generator.

    .venv/bin/python bench/scenarios/secrets-round15-heldout/build.py [--seed N] > /tmp/r15.jsonl
    .venv/bin/python bench/secrets_round15_heldout.py --out /tmp/r15.json

Each row: {"id", "label": "secret" | "near_miss", "category", "text"}.
"""

# ruff: noqa: E501  (a table of sample texts: one sample a line reads better than wrapped strings)
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import string
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass

ALNUM = string.ascii_letters + string.digits
LOWNUM = string.ascii_lowercase + string.digits
UPNUM = string.ascii_uppercase + string.digits
HEXL = "0123456789abcdef"
B64URL = ALNUM + "-_"
DASH5 = "-" * 5


def _p(*parts: str) -> str:
    """Join pieces: keeps vendor prefixes and markers out of the committed text."""
    return "".join(parts)


@dataclass(frozen=True)
class Sample:
    id: str
    label: str
    category: str
    text: str


class Gen:
    """Random bodies with a format's alphabet and length, from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def mixed(self, n: int) -> str:
        """Base62 with all three classes (as a generated token nearly always has)."""
        while True:
            v = self.s(ALNUM, n)
            if (
                any(c.isupper() for c in v)
                and any(c.islower() for c in v)
                and any(c.isdigit() for c in v)
            ):
                return v

    def hex(self, n: int) -> str:
        return self.s(HEXL, n)

    def b64(self, nbytes: int) -> str:
        return base64.b64encode(self.r.randbytes(nbytes)).decode()

    def b64url(self, nbytes: int) -> str:
        return base64.urlsafe_b64encode(self.r.randbytes(nbytes)).decode().rstrip("=")

    def uuid4(self) -> str:
        return str(uuid.UUID(bytes=self.r.randbytes(16), version=4))

    def password(self, n: int = 16) -> str:
        while True:
            pw = self.s(ALNUM + "#%^*-_+=.", n)
            if (
                any(c.isdigit() for c in pw)
                and any(c.isupper() for c in pw)
                and any(c.islower() for c in pw)
            ):
                return pw


def secrets(g: Gen) -> list[tuple[str, str]]:
    """(category, tool output) pairs that each expose one usable credential."""
    pw = g.password
    basic = base64.b64encode(f"svc-proxy:{pw(18)}".encode()).decode()
    return [
        # vendor prefixes (short lower-case word, separator, random body), absent elsewhere
        ("groq-key", f"GROQ_API_KEY={_p('gs', 'k_')}{g.mixed(52)}\n"),
        ("replicate-token", f"$ echo $REPLICATE_API_TOKEN\n{_p('r8', '_')}{g.mixed(37)}\n"),
        ("xai-key", f'client = Client(api_key="{_p("xa", "i-")}{g.mixed(80)}")\n'),
        (
            "tavily-key",
            f'[tools.search]\nprovider = "tavily"\nkey = "{_p("tvl", "y-")}{g.mixed(32)}"\n',
        ),
        ("langsmith-key", f"LANGSMITH_API_KEY={_p('lsv2', '_pt_')}{g.hex(32)}_{g.hex(10)}\n"),
        (
            "pinecone-key",
            f'pc = Pinecone(api_key="{_p("pcs", "k_")}{g.s(ALNUM, 5)}_{g.mixed(60)}")\n',
        ),
        ("resend-key", f"RESEND_API_KEY={_p('r', 'e_')}{g.mixed(8)}_{g.mixed(24)}\n"),
        ("planetscale-token", f"PLANETSCALE_SERVICE_TOKEN={_p('pscale', '_tkn_')}{g.b64url(32)}\n"),
        ("supabase-pat", f"$ supabase login --token {_p('sb', 'p_')}{g.hex(40)}\n"),
        (
            "figma-pat",
            f"curl -H 'X-Figma-Token: {_p('fig', 'd_')}{g.s(B64URL, 40)}' https://api.figma.com/v1/me\n",
        ),
        (
            "contentful-pat",
            f"contentful login --management-token {_p('CFP', 'AT-')}{g.s(B64URL, 43)}\n",
        ),
        ("typeform-pat", f"TYPEFORM_TOKEN={_p('tf', 'p_')}{g.mixed(44)}_{g.mixed(14)}\n"),
        ("prefect-key", f"$ prefect cloud login -k {_p('pn', 'u_')}{g.mixed(36)}\n"),
        ("fireworks-key", f"export FIREWORKS_API_KEY={_p('f', 'w_')}{g.mixed(24)}\n"),
        ("openrouter-key", f"OPENROUTER_API_KEY={_p('sk-', 'or-v1-')}{g.hex(64)}\n"),
        ("deepseek-key", f"deepseek:\n  api_key: {_p('s', 'k-')}{g.hex(32)}\n"),
        ("firecrawl-key", f'app = FirecrawlApp(api_key="{_p("f", "c-")}{g.hex(32)}")\n'),
        ("postman-key", f"POSTMAN_API_KEY={_p('PMA', 'K-')}{g.hex(24)}-{g.hex(34)}\n"),
        ("dropbox-short-lived", f"DROPBOX_ACCESS_TOKEN={_p('s', 'l.')}{g.s(B64URL, 138)}\n"),
        ("bitbucket-app-password", f"BITBUCKET_APP_PASSWORD={_p('AT', 'BB')}{g.mixed(32)}\n"),
        ("ngrok-authtoken", f"$ ngrok config add-authtoken {g.s(ALNUM, 27)}_{g.mixed(21)}\n"),
        (
            "mapbox-secret",
            f"MAPBOX_DOWNLOADS_TOKEN={_p('s', 'k.')}eyJ1IjoiYWNtZSIsImEiOiJ{g.s(B64URL, 20)}.{g.s(B64URL, 22)}\n",
        ),
        (
            "rubygems-credentials",
            f"$ cat ~/.gem/credentials\n---\n:rubygems_api_key: {_p('rubyge', 'ms_')}{g.hex(48)}\n",
        ),
        # contexts: configuration files and command lines that carry any vendor's secret
        (
            "kafka-jaas",
            f'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="svc-orders" password="{pw(20)}";\n',
        ),
        (
            "kibana-yml",
            f'elasticsearch.username: "kibana_system"\nelasticsearch.password: "{pw(20)}"\n',
        ),
        ("nginx-basic-header", f'    proxy_set_header Authorization "Basic {basic}";\n'),
        (
            "git-extraheader",
            f'$ git -c http.extraHeader="AUTHORIZATION: bearer {g.mixed(40)}" clone https://git.acme.test/acme/api.git\n',
        ),
        (
            "rails-smtp",
            f'config.action_mailer.smtp_settings = {{\n  address: "smtp.acme.test",\n  user_name: "mailer",\n  password: "{pw(20)}",\n}}\n',
        ),
        (
            "snowflake-connections",
            f'[connections.prod]\naccount = "acme-eu1"\nuser = "LOADER"\npassword = "{pw(22)}"\n',
        ),
        (
            "powershell-securestring",
            f'$sec = ConvertTo-SecureString "{pw(18)}" -AsPlainText -Force\n$cred = New-Object PSCredential("svc", $sec)\n',
        ),
        (
            "encrypted-pkcs8",
            f"{DASH5}BEGIN ENCRYPTED {_p('PRIV', 'ATE')} KEY{DASH5}\n"
            + "\n".join(g.b64(48) for _ in range(6))
            + f"\n{DASH5}END ENCRYPTED {_p('PRIV', 'ATE')} KEY{DASH5}\n",
        ),
        (
            "azure-devops-remote",
            f"origin\thttps://acme:{g.s(string.ascii_lowercase + '234567', 52)}@dev.azure.com/acme/api/_git/api (fetch)\n",
        ),
        (
            "google-refresh-json",
            f'{{"client_id": "1234-abc.apps.googleusercontent.test", "refresh_token": "1//0{g.s(B64URL, 100)}", "type": "authorized_user"}}\n',
        ),
        (
            "docker-build-arg",
            f"$ docker build --build-arg NPM_TOKEN={_p('np', 'm_')}{g.mixed(36)} -t acme/web .\n",
        ),
        (
            "mosquitto-pub",
            f"$ mosquitto_pub -h mqtt.acme.test -u sensor -P {pw(18)} -t t/1 -m 42\n",
        ),
        (
            "libpq-dsn",
            f'$ psql "host=db.acme.internal user=report password={pw(18)} dbname=sales"\n',
        ),
        (
            "wget-http-password",
            f"$ wget --http-user=ci --http-password={pw(18)} https://files.acme.test/build.tgz\n",
        ),
        (
            "rsync-password-env",
            f"RSYNC_PASSWORD={pw(18)} rsync -a backup@nas.acme.internal::data /srv/data\n",
        ),
        ("ansible-become", f"[web]\nweb1 ansible_host=10.0.0.5 ansible_become_pass={pw(18)}\n"),
        (
            "ldapsearch-w",
            f"$ ldapsearch -x -H ldaps://ldap.acme.test -D cn=reader,dc=acme,dc=test -w {pw(18)} -b dc=acme,dc=test\n",
        ),
        ("redis-acl", f"user app on >{pw(20)} ~app:* +@read +@write\n"),
        ("consul-token", f"export CONSUL_HTTP_TOKEN={g.uuid4()}\n"),
        (
            "influx-token",
            f'[[outputs.influxdb_v2]]\n  urls = ["http://influx:8086"]\n  token = "{g.b64(64)}"\n',
        ),
        (
            "jenkins-cli-auth",
            f"$ java -jar jenkins-cli.jar -s https://ci.acme.test -auth admin:{g.hex(34)} build deploy\n",
        ),
        ("sentry-legacy-dsn", f"SENTRY_DSN=https://{g.hex(32)}:{g.hex(32)}@sentry.acme.test/12\n"),
        ("smb-url", f"mount: smb://backup:{pw(16)}@nas.acme.internal/share\n"),
        (
            "conda-token-url",
            f"channels:\n  - https://conda.anaconda.org/t/{g.s(LOWNUM + '-', 34)}/acme\n",
        ),
        (
            "vault-approle-secret",
            f"$ vault write auth/approle/login role_id={g.uuid4()} secret_id={g.uuid4()}\n",
        ),
        ("hcloud-context", f'[[contexts]]\n  name = "prod"\n  token = "{g.mixed(64)}"\n'),
        (
            "openai-compatible-header",
            f'curl https://llm.acme.test/v1/chat -H "api-key: {g.hex(32)}"\n',
        ),
    ]


def near_misses(g: Gen) -> list[tuple[str, str]]:
    """(category, tool output) pairs that resemble a credential but expose none."""
    return [
        ("groq-placeholder", "GROQ_API_KEY=gsk_your_groq_api_key_here\n"),
        ("xai-masked", f"Using key {_p('xa', 'i-')}************************ from env\n"),
        ("tavily-doc", 'tavily = TavilyClient(api_key="tvly-YOUR_API_KEY")\n'),
        ("openrouter-truncated", f"key: {_p('sk-', 'or-v1-')}{g.hex(4)}…{g.hex(4)} (label: ci)\n"),
        (
            "kebab-deploy-names",
            f"deployment.apps/orders-api-{g.hex(10)} created\nservice/orders-api-internal created\n",
        ),
        ("pod-names", f"orders-api-{g.hex(10)}-{g.s(LOWNUM, 5)}   1/1   Running   0   3m\n"),
        (
            "sri-integrity",
            f'<script src="/app.js" integrity="sha384-{g.b64(48)}" crossorigin="anonymous"></script>\n',
        ),
        ("csp-nonce-header", f"Content-Security-Policy: script-src 'self' 'nonce-{g.mixed(24)}'\n"),
        ("go-sum", f"golang.org/x/net v0.25.0 h1:{g.b64(32)}\n"),
        (
            "aws-resource-ids",
            f"i-0{g.hex(16)}  vpc-0{g.hex(16)}  subnet-0{g.hex(16)}  sg-0{g.hex(16)}\n",
        ),
        (
            "kafka-jaas-envref",
            'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="svc" password="${KAFKA_PASSWORD}";\n',
        ),
        (
            "kibana-keystore-ref",
            'elasticsearch.username: "kibana_system"\nelasticsearch.password: "${ES_PASSWORD}"\n',
        ),
        (
            "nginx-basic-placeholder",
            '    proxy_set_header Authorization "Basic dXNlcjpwYXNzd29yZA==";\n',
        ),
        (
            "git-extraheader-var",
            '$ git -c http.extraHeader="AUTHORIZATION: bearer $CI_TOKEN" fetch\n',
        ),
        ("powershell-read-host", '$sec = Read-Host -AsSecureString -Prompt "Password"\n'),
        ("psql-env-password", '$ PGPASSWORD="$DB_PASS" psql "host=db user=report dbname=sales"\n'),
        (
            "wget-ask-password",
            "$ wget --http-user=ci --ask-password https://files.acme.test/build.tgz\n",
        ),
        (
            "rsync-password-file",
            "$ rsync -a --password-file=/etc/rsync.secret backup@nas::data /srv/data\n",
        ),
        (
            "ansible-vault-var",
            '[web]\nweb1 ansible_host=10.0.0.5 ansible_become_pass="{{ vault_become_pass }}"\n',
        ),
        (
            "ldapsearch-prompt",
            "$ ldapsearch -x -H ldaps://ldap.acme.test -D cn=reader,dc=acme,dc=test -W\nEnter LDAP Password:\n",
        ),
        ("redis-acl-hashed", f"user app on #{g.hex(64)} ~app:* +@read\n"),
        ("consul-anonymous", "export CONSUL_HTTP_TOKEN=00000000-0000-0000-0000-000000000000\n"),
        (
            "influx-token-env",
            '[[outputs.influxdb_v2]]\n  urls = ["http://influx:8086"]\n  token = "$INFLUX_TOKEN"\n',
        ),
        (
            "docker-build-arg-ref",
            "$ docker build --build-arg NPM_TOKEN=${NPM_TOKEN} -t acme/web .\n",
        ),
        ("refresh-token-null", '{"access_token": null, "refresh_token": null, "expires_in": 0}\n'),
        (
            "oauth-client-id",
            f"GOOGLE_CLIENT_ID={g.s(string.digits, 12)}-{g.s(LOWNUM, 32)}.apps.googleusercontent.com\n",
        ),
        (
            "sentry-public-dsn-only",
            f"SENTRY_DSN=https://{g.hex(32)}@o{g.s(string.digits, 6)}.ingest.sentry.io/{g.s(string.digits, 7)}\n",
        ),
        ("smb-url-no-password", "mount: smb://backup@nas.acme.internal/share\n"),
        ("gem-credentials-empty", "$ cat ~/.gem/credentials\n---\n:rubygems_api_key: \n"),
        (
            "yarn-lock-resolved",
            f'  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#{g.hex(40)}"\n  integrity sha512-{g.b64(64)}\n',
        ),
        ("jwt-header-only", "Header: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ (decoded: RS256, kid 1)\n"),
        (
            "branch-names",
            "* feature/ABC-1234-add-login-throttling\n  fix/PAY-877-refund-rounding\n",
        ),
        (
            "semver-prerelease",
            "Successfully installed acme-sdk-2.4.0rc1 acme-core-2.4.0-beta.3+build.20260102\n",
        ),
        (
            "base64-png-thumbnail",
            f'"thumbnail": "data:image/png;base64,{base64.b64encode(bytes([0x89]) + b"PNG" + g.r.randbytes(60)).decode()}"\n',
        ),
        ("trace-context", f"traceparent: 00-{g.hex(32)}-{g.hex(16)}-01\n"),
        ("idempotency-header", f"Idempotency-Key: {g.uuid4()}\n"),
        (
            "ssh-host-key-line",
            f"|1|{g.b64(20)}|{g.b64(20)} ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY{g.s(ALNUM + '+/', 60)}=\n",
        ),
        ("env-example-keys", "GROQ_API_KEY=\nTAVILY_API_KEY=\nPINECONE_API_KEY=<your key>\n"),
        ("masked-ci-log", "Run ./deploy.sh --api-key *** --region eu-west-1\n"),
        (
            "cli-help-flags",
            "  --api-key TEXT        API key (or set ACME_API_KEY)\n  --token-file PATH     read the token from PATH\n",
        ),
        (
            "password-policy-yaml",
            "password:\n  min_length: 12\n  require_symbols: true\n  max_age_days: 90\n",
        ),
        (
            "mock-in-tests",
            'monkeypatch.setenv("ACME_API_KEY", "test-key")\nclient = Acme(api_key="dummy")\n',
        ),
        (
            "vault-approle-prompt",
            "$ vault write auth/approle/login role_id=$ROLE_ID secret_id=$SECRET_ID\n",
        ),
        ("hcloud-context-empty", '[[contexts]]\n  name = "prod"\n  token = ""\n'),
        ("bcrypt-in-fixture", f'"password_digest": "$2a$12${g.s(ALNUM + "./", 53)}"\n'),
        ("uuid-in-url", f"GET /api/v1/orders/{g.uuid4()}/items 200 12ms\n"),
    ]


def build(seed: int = 15) -> list[Sample]:
    """The whole set, deterministic for a seed."""
    g = Gen(seed)
    rows: list[Sample] = []
    groups: list[tuple[str, Callable[[Gen], list[tuple[str, str]]]]] = [
        ("secret", secrets),
        ("near_miss", near_misses),
    ]
    for label, make in groups:
        for i, (category, text) in enumerate(make(g)):
            rows.append(Sample(f"{label}-{i:03d}", label, category, text))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args(argv)
    rows = build(args.seed)
    for s in rows:
        sys.stdout.write(json.dumps(s.__dict__) + "\n")
    digest = hashlib.sha256(json.dumps([s.__dict__ for s in rows]).encode())
    print(f"# {len(rows)} rows, sha256 {digest.hexdigest()[:16]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
