"""A fresh secret / near-miss set of tool outputs, written before the scanner was tuned.

Why it exists: the dev corpora (gitleaks and detect-secrets test samples) are what the rules
were tuned on, so their figures flatter us. This set was written from the credential formats'
published structure and from the look-alikes real coding work prints (hashes, digests,
template references, documented example keys, masked values, metadata keys), and measured once
before any rule change (bench/results/secrets-fresh-before.json).

No credential-shaped literal is committed here: every vendor prefix is assembled from pieces
(``_p("gh", "p_")``) and every random body is drawn at run time from a seeded generator with the
format's alphabet, length and checksum, so the same seed gives the same set and a repository
scanner finds nothing in this file.

    .venv/bin/python bench/scenarios/fresh-secrets/build.py [--seed N] > /tmp/fresh.jsonl

Each row: {"id", "label": "secret" | "near_miss", "category", "text"}.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import string
import sys
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
HEXL = "0123456789abcdef"
UPNUM = string.ascii_uppercase + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"


def _p(*parts: str) -> str:
    """Join pieces: keeps vendor prefixes out of the committed text."""
    return "".join(parts)


@dataclass(frozen=True)
class Sample:
    id: str
    label: str
    category: str
    text: str


class Gen:
    """Random bodies with a format's structure, from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def hex(self, n: int) -> str:
        return self.s(HEXL, n)

    def b64(self, nbytes: int) -> str:
        return base64.b64encode(self.r.randbytes(nbytes)).decode()

    def b64url(self, nbytes: int) -> str:
        return base64.urlsafe_b64encode(self.r.randbytes(nbytes)).decode().rstrip("=")

    def uuid(self) -> str:
        return str(uuid.UUID(bytes=self.r.randbytes(16), version=4))

    def word(self) -> str:
        return self.r.choice(
            ["orchard", "velvet", "harbor", "pixel", "cobalt", "meadow", "falcon", "juniper"]
        )

    def password(self, n: int = 16) -> str:
        # mixed classes, like a generated password; no quote or shell characters
        while True:
            pw = self.s(ALNUM + "!#%^*-_+", n)
            if any(c.isdigit() for c in pw) and any(c.isupper() for c in pw):
                return pw

    def github(self, prefix: str) -> str:
        body = self.s(ALNUM, 30)
        n = zlib.crc32(body.encode())
        out = ""
        while n:
            n, r = divmod(n, 62)
            out = B62[r] + out
        return prefix + body + out.rjust(6, "0")

    def jwt(self, alg: str = "HS256") -> str:
        def enc(obj: object) -> str:
            raw = json.dumps(obj, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).decode().rstrip("=")

        claims = {"sub": self.uuid(), "iat": 1764000000 + self.r.randrange(10**6), "scope": "api"}
        return f"{enc({'alg': alg, 'typ': 'JWT'})}.{enc(claims)}.{self.b64url(32)}"

    def pem(self, label: str, nbytes: int = 900) -> str:
        body = base64.b64encode(self.r.randbytes(nbytes)).decode()
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        dash = "-" * 5
        return "\n".join([f"{dash}BEGIN {label}{dash}", *lines, f"{dash}END {label}{dash}"])


PRIV = _p("PRIVATE", " KEY")


def secrets(g: Gen) -> list[tuple[str, str]]:
    """(category, tool output) pairs that each expose one live-looking credential."""
    aws_id = _p("AK", "IA") + g.s(UPNUM.replace("0", "").replace("1", ""), 16)
    aws_sk = g.s(ALNUM + "/+", 40)
    asia_id = _p("AS", "IA") + g.s(UPNUM, 16)
    out = [
        ("github-pat-env", f"$ cat .env\nDEBUG=0\nGITHUB_TOKEN={g.github(_p('gh', 'p_'))}\n"),
        (
            "github-oauth-hosts",
            "github.com:\n    user: dev\n"
            f"    oauth_token: {g.github(_p('gh', 'o_'))}\n    git_protocol: https\n",
        ),
        ("github-app-log", f"[ci] using installation token {g.github(_p('gh', 's_'))} for push\n"),
        (
            "github-fine-grained",
            f"export GH_TOKEN={_p('github', '_pat_')}{g.s(ALNUM, 22)}_{g.s(ALNUM, 59)}\n",
        ),
        (
            "aws-credentials-file",
            f"[default]\naws_access_key_id = {aws_id}\naws_secret_access_key = {aws_sk}\n"
            "region = eu-west-1\n",
        ),
        (
            "aws-env-session",
            f"AWS_ACCESS_KEY_ID={asia_id}\nAWS_SECRET_ACCESS_KEY={g.s(ALNUM + '/+', 40)}\n"
            f"AWS_SESSION_TOKEN={g.b64(300)}\n",
        ),
        (
            "slack-bot-json",
            '{\n  "channel": "#deploys",\n  "token": "'
            + _p("xo", "xb-")
            + f"{g.s(string.digits, 12)}-{g.s(string.digits, 13)}-{g.s(ALNUM, 24)}"
            + '"\n}\n',
        ),
        (
            "slack-webhook",
            "notify:\n  url: https://"
            + _p("hooks.slack", ".com/services/")
            + f"T{g.s(UPNUM, 10)}/B{g.s(UPNUM, 10)}/{g.s(ALNUM, 24)}\n",
        ),
        (
            "stripe-live-python",
            f'import stripe\nstripe.api_key = "{_p("sk", "_live_")}{g.s(ALNUM, 99)}"\n',
        ),
        (
            "stripe-restricted",
            f"STRIPE_KEY={_p('rk', '_live_')}{g.s(ALNUM, 24)}\nSTRIPE_MODE=live\n",
        ),
        (
            "openai-project",
            f"OPENAI_API_KEY={_p('sk', '-proj-')}{g.s(ALNUM + '-_', 74)}T3Blbk"
            f"FJ{g.s(ALNUM + '-_', 74)}\n",
        ),
        (
            "anthropic-key",
            f'client = Anthropic(api_key="{_p("sk-", "ant-", "api03-")}'
            f'{g.s(ALNUM + "-_", 93)}AA")\n',
        ),
        (
            "jwt-bearer-curl-v",
            "> GET /v1/me HTTP/1.1\n> Host: api.internal\n"
            f"> Authorization: Bearer {g.jwt()}\n> Accept: */*\n",
        ),
        ("jwt-cookie", f"< HTTP/1.1 200 OK\n< Set-Cookie: session={g.jwt('RS256')}; HttpOnly\n"),
        ("pem-rsa", f"$ cat deploy/id_rsa\n{g.pem('RSA ' + PRIV, 1190)}\n"),
        ("pem-openssh", f"{g.pem('OPENSSH ' + PRIV, 400)}\n"),
        ("pem-ec-in-json", json.dumps({"key": g.pem("EC " + PRIV, 121)}) + "\n"),
        (
            "postgres-url",
            f"DATABASE_URL=postgres://app:{g.password(20)}@db.prod.internal:5432/app\n",
        ),
        (
            "mongodb-srv",
            f'MONGO_URI = "mongodb+srv://svc:{g.s(ALNUM, 18)}@cluster0.a1b2c.mongodb.net/db"\n',
        ),
        ("redis-url", f"cache:\n  url: redis://default:{g.s(ALNUM, 32)}@redis-12345.cloud:6379\n"),
        (
            "curl-u",
            f"$ history | tail -3\n  501  curl -u deploy:{g.password(18)} https://ci.internal/api/jobs\n",
        ),
        ("curl-u-attached", f"curl -sS -udeployer:{g.s(ALNUM, 22)} https://repo.internal/upload\n"),
        (
            "k8s-secret-yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque\ndata:\n"
            f"  username: {base64.b64encode(b'app').decode()}\n"
            f"  password: {base64.b64encode(g.password(24).encode()).decode()}\n",
        ),
        (
            "docker-config-auth",
            '{\n  "auths": {\n    "registry.internal:5000": {\n      "auth": "'
            + base64.b64encode(f"ci:{g.password(20)}".encode()).decode()
            + '"\n    }\n  }\n}\n',
        ),
        ("npmrc", f"//registry.npmjs.org/:_authToken={_p('np', 'm_')}{g.s(ALNUM, 36)}\n"),
        (
            "pypirc",
            "[pypi]\nusername = __token__\npassword = "
            + _p("pyp", "i-")
            + "AgEIcHlwaS5vcmc"
            + g.s(B64URL, 150)
            + "\n",
        ),
        (
            "django-db-password",
            "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n"
            f"        'USER': 'app',\n        'PASSWORD': '{g.password(18)}',\n    }}\n}}\n",
        ),
        ("json-api-key-hex", '{"service": "geo", "api_key": "' + g.hex(32) + '"}\n'),
        ("yaml-client-secret", f"oauth:\n  client_id: web\n  client_secret: {g.s(ALNUM, 40)}\n"),
        ("django-secret-key", f"SECRET_KEY = '{g.s(ALNUM + '!@#%^&*(-_=+)', 50)}'\n"),
        ("twilio-key", f"TWILIO_API_KEY={_p('S', 'K')}{g.hex(32)}\n"),
        ("sendgrid", f"SENDGRID_API_KEY={_p('S', 'G.')}{g.s(B64URL, 22)}.{g.s(B64URL, 43)}\n"),
        ("google-api-key", f"const mapsKey = '{_p('AI', 'za')}{g.s(B64URL, 35)}';\n"),
        (
            "gcp-service-account",
            json.dumps(
                {
                    "type": "service_account",
                    "project_id": "proj-" + g.hex(6),
                    "private_key_id": g.hex(40),
                    "private_key": g.pem(PRIV, 600),
                    "client_email": "svc@proj.iam.gserviceaccount.com",
                },
                indent=2,
            )
            + "\n",
        ),
        (
            "azure-storage-conn",
            '<add name="Storage" connectionString="DefaultEndpointsProtocol=https;AccountName='
            f'acct01;AccountKey={g.b64(64)};EndpointSuffix=core.windows.net" />\n',
        ),
        ("vault-token", f"export VAULT_TOKEN={_p('hv', 's.')}{g.s(ALNUM + '-_', 90)}\n"),
        ("huggingface", f"HF_TOKEN={_p('h', 'f_')}{g.s(string.ascii_letters, 34)}\n"),
        (
            "gitlab-pat",
            f"git clone https://oauth2:{_p('gl', 'pat-')}{g.s(ALNUM + '-_', 20)}"
            "@gitlab.com/g/r.git\n",
        ),
        (
            "artifactory",
            f"artifactory_password: {_p('AK', 'Cp')}{g.s(ALNUM, 69)}\nartifactory_url: https://af\n",
        ),
        ("datadog-keyed", f"DD_API_KEY={g.hex(32)}\nDD_SITE=datadoghq.eu\n"),
        (
            "basic-auth-header",
            "> Authorization: Basic "
            + base64.b64encode(f"svc-bot:{g.password(20)}".encode()).decode()
            + "\n",
        ),
        (
            "git-remote-token",
            f"origin\thttps://bot:{g.s(ALNUM, 40)}@git.internal/team/app.git (fetch)\n",
        ),
        ("heroku-keyed", f"HEROKU_API_KEY={g.uuid()}\n"),
        (
            "telegram-bot",
            f'bot = Bot(token="{g.s(string.digits, 10)}:AA{g.s(ALNUM + "-_", 33)}")\n',
        ),
        ("mailgun", f"MAILGUN_API_KEY=key-{g.hex(32)}\n"),
        ("shopify", f"SHOPIFY_TOKEN={_p('shp', 'at_')}{g.hex(32)}\n"),
        ("digitalocean", f"DO_TOKEN={_p('do', 'p_v1_')}{g.hex(64)}\n"),
        ("pgpass", f"$ cat ~/.pgpass\ndb.prod.internal:5432:app:app:{g.password(22)}\n"),
        (
            "netrc",
            f"machine api.heroku.com\n  login dev@corp.test\n  password {g.s(ALNUM, 36)}\n",
        ),
        ("spring-properties", f"spring.datasource.password={g.password(16)}\nserver.port=8080\n"),
        ("tfvars", f'db_username = "app"\ndb_password = "{g.password(20)}"\n'),
        (
            "appconfig-xml",
            f'<add name="Db" connectionString="Server=sql01;Database=app;User Id=app;Password='
            f'{g.password(16)};" />\n',
        ),
        ("export-api-token", f"export API_TOKEN={g.s(ALNUM, 40)}\n"),
        (
            "age-key",
            f"# created: 2026-01-01\n{_p('AGE-', 'SECRET-KEY-1')}"
            f"{g.s('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}\n",
        ),
        (
            "python-header",
            f'resp = requests.get(url, headers={{"X-Api-Key": "{g.s(ALNUM, 32)}"}})\n',
        ),
        ("docker-login-p", f"docker login -u ci -p {g.password(24)} registry.internal\n"),
        ("mysql-p", f"mysql -h db -u root -p'{g.password(14)}' app < dump.sql\n"),
        (
            "terraform-cloud",
            f'credentials "app.terraform.io" {{\n  token = "{g.s(ALNUM, 14)}.atlasv1.'
            f'{g.s(ALNUM, 67)}"\n}}\n',
        ),
        ("square", f"SQUARE_ACCESS_TOKEN={_p('EAAA', '')}{g.s(ALNUM + '-_', 60)}\n"),
        ("stripe-webhook", f"STRIPE_WEBHOOK_SECRET={_p('wh', 'sec_')}{g.s(ALNUM, 32)}\n"),
        ("linear", f"LINEAR_API_KEY={_p('lin', '_api_')}{g.s(ALNUM, 40)}\n"),
        ("pulumi", f"PULUMI_ACCESS_TOKEN={_p('pu', 'l-')}{g.hex(40)}\n"),
        ("doppler", f"DOPPLER_TOKEN={_p('dp', '.st.')}prd.{g.s(ALNUM, 43)}\n"),
        ("softlayer", f"softlayer:\n  username: ops\n  api_key: {g.hex(64)}\n"),
        ("yaml-token-random", f"bot:\n  name: ci\n  token: {g.s(ALNUM + '_-', 40)}\n"),
        (
            "grep-hit-secret",
            f'src/settings/prod.py:42:EMAIL_HOST_PASSWORD = "{g.password(16)}"\n',
        ),
        (
            "discord-webhook",
            f"WEBHOOK=https://discord.com/api/webhooks/{g.s(string.digits, 18)}/"
            f"{g.s(ALNUM + '-_', 68)}\n",
        ),
        ("sentry-auth", f"SENTRY_AUTH_TOKEN={_p('sntry', 's_')}{g.b64url(120)}\n"),
        (
            "npm-legacy-auth",
            f"_auth={base64.b64encode(f'ci:{g.password(18)}'.encode()).decode()}\n",
        ),
    ]
    return out


def near_misses(g: Gen) -> list[tuple[str, str]]:
    """(category, tool output) pairs that look like credentials but are not one."""
    sha = g.hex(40)
    return [
        ("aws-doc-example-id", f"aws_access_key_id = {_p('AKIA', 'IOSFODNN7', 'EXAMPLE')}\n"),
        (
            "aws-doc-example-secret",
            f"aws_secret_access_key = {_p('wJalrXUtnFEMI/K7MDENG/bPxRfiCY', 'EXAMPLEKEY')}\n",
        ),
        ("password-changeme", 'DB_PASSWORD="changeme"\n'),
        ("env-reference", "password: ${DB_PASSWORD}\ntoken: ${{ secrets.GITHUB_TOKEN }}\n"),
        ("os-environ", 'api_key = os.environ["STRIPE_API_KEY"]\ntoken = os.getenv("GH_TOKEN")\n'),
        ("angle-placeholder", 'token: "<your-token-here>"\napi_key: <API_KEY>\n'),
        ("git-log-shas", f"commit {sha}\nAuthor: Dev <dev@corp.test>\n\n    fix token refresh\n"),
        (
            "pip-hashes",
            f"requests==2.32.3 \\\n    --hash=sha256:{g.hex(64)} \\\n"
            f"    --hash=sha256:{g.hex(64)}\n",
        ),
        (
            "npm-integrity",
            '"node_modules/jsonwebtoken": {\n  "version": "9.0.2",\n  "integrity": "sha512-'
            + g.b64(64)
            + '"\n}\n',
        ),
        ("uuid-request-ids", f"INFO request_id={g.uuid()} session_id={g.uuid()} status=200\n"),
        ("docker-digest", f"FROM python:3.12-slim@sha256:{g.hex(64)}\n"),
        ("data-uri", f'<img src="data:image/png;base64,{g.b64(300)}">\n'),
        ("bearer-placeholder", 'curl -H "Authorization: Bearer $TOKEN" https://api/v1/me\n'),
        ("form-field-name", 'password_field = "password"\nfield_type = "password"\n'),
        ("password-policy", "password_min_length = 12\npassword_expiry_days = 90\n"),
        ("token-url", 'token_url = "https://oauth2.googleapis.com/token"\n'),
        (
            "secret-name",
            'secret_name = "prod/db/password"\nsecret_arn = "arn:aws:secretsmanager:x"\n',
        ),
        ("key-file-path", "ssl_key_file = /etc/ssl/private/server.key\n"),
        ("certificate", f"{g.pem('CERTIFICATE', 700)}\n"),
        ("ssh-public-key", f"ssh-ed25519 {g.b64(51)} dev@laptop\n"),
        (
            "pem-doc-dots",
            f"-----BEGIN {PRIV}-----\n...\n-----END {PRIV}-----\n",
        ),
        (
            "k8s-secret-placeholder",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: demo\ndata:\n"
            f"  password: {base64.b64encode(b'changeme').decode()}\n",
        ),
        ("k8s-configmap", "kind: ConfigMap\ndata:\n  LOG_LEVEL: info\n  WORKERS: '4'\n"),
        ("postgres-doc-url", "DATABASE_URL=postgres://user:password@localhost:5432/mydb\n"),
        ("postgres-no-password", "postgresql+psycopg://postgres@127.0.0.1:5432/test\n"),
        ("redis-no-auth", "REDIS_URL=redis://localhost:6379/0\n"),
        ("curl-u-vars", 'curl -u "$USER:$API_TOKEN" https://api.internal/\n'),
        ("curl-u-doc", "curl -u username:password https://example.com/api\n"),
        ("slack-placeholder", f'SLACK_TOKEN="{_p("xo", "xb-")}your-token"\n'),
        ("css-hex", f".btn {{ color: #{g.hex(6)}; background: #{g.hex(6)}; }}\n"),
        ("tokenizer-identifiers", "tokenizer_config = load(token_type_ids, max_tokens=512)\n"),
        ("pytest-output", "tests/test_auth.py::test_password_reset PASSED\n"),
        ("empty-password", '{"username": "admin", "password": ""}\n'),
        ("pwd-output", "$ pwd\n/home/dev/src/project\n"),
        ("export-empty", "export PASSWORD=\nexport TOKEN=\n"),
        ("google-key-short", f"# keys look like {_p('AI', 'za')}Sy... (39 chars)\n"),
        (
            "telegram-doc-example",
            f"token = '{_p('123456', ':ABC-DEF1234ghIkl-zyx57W2v1u123ew11')}'\n",
        ),
        ("nuget-env-ref", '<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />\n'),
        ("gzip-blob-fixture", f'FIXTURE = b"H4sI{g.b64(120)}"\n'),
        ("go-sum", f"github.com/x/y v1.2.3 h1:{g.b64(32)}\n"),
        ("cargo-lock", f'[[package]]\nname = "serde"\nchecksum = "{g.hex(64)}"\n'),
        ("lfs-pointer", f"version https://git-lfs.github.com/spec/v1\noid sha256:{g.hex(64)}\n"),
        ("aws-arn", "role_arn = arn:aws:iam::123456789012:role/deploy\n"),
        ("terraform-sensitive", "db_password = (sensitive value)\ntoken = <sensitive>\n"),
        ("masked-stars", '{"api_key": "****************", "token": "********"}\n'),
        ("masked-partial", f"Using key {_p('sk', '-...')}{g.s(ALNUM, 4)} (masked)\n"),
        ("secret-call", 'secret = get_secret("db")\ntoken = request.headers.get("X-Token")\n'),
        ("none-token", "auth_token = None\napi_key: null\n"),
        ("sequential-key", 'api_key = "1234567890abcdef"\n'),
        ("repeated-aws", f"aws_access_key_id = {_p('AKIA', 'A' * 16)}\n"),
        ("jinja-password", 'password: "{{ vault_db_password }}"\n'),
        ("helm-token", "token: {{ .Values.token | b64enc | quote }}\n"),
        ("fstring-bearer", 'headers = {"Authorization": f"Bearer {token}"}\n'),
        ("prose", "Set GITHUB_TOKEN to a personal access token with the repo scope.\n"),
        ("ssh-fingerprint", f"ED25519 key fingerprint is SHA256:{g.b64(32).rstrip('=')}.\n"),
        ("gpg-fingerprint", f"pub   rsa4096 2024-01-01 [SC]\n      {g.hex(40).upper()}\n"),
        ("azure-placeholder", "AccountKey=<storage-account-key>;EndpointSuffix=core.windows.net\n"),
        (
            "actions-secret-ref",
            "aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n",
        ),
        ("npmrc-env", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"),
        ("generate-password", "password = generate_password(length=32)\n"),
        ("prose-password", "The password is stored in the vault; ask ops to rotate it.\n"),
        ("jwt-doc-truncated", "Authorization: Bearer eyJhbGciOi...\n"),
        ("secret-key-setting-ref", "SECRET_KEY = env('DJANGO_SECRET_KEY')\n"),
        ("test-token-word", 'token = "test-token"\napi_key = "dummy-key"\n'),
        ("hash-salt-config", f"password_hash_algorithm = argon2\nsalt_length = 16\nsha1 = {sha}\n"),
        ("commit-in-url", f"https://github.com/org/repo/commit/{g.hex(40)}\n"),
        ("asset-fingerprint", f'<script src="/static/app.{g.hex(20)}.js"></script>\n'),
        ("base64-nonsecret", f"icon: {base64.b64encode(b'just an icon label text').decode()}\n"),
    ]


def build(seed: int = 13) -> list[Sample]:
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
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    for s in build(args.seed):
        sys.stdout.write(json.dumps(s.__dict__) + "\n")
    digest = hashlib.sha256(json.dumps([s.__dict__ for s in build(args.seed)]).encode())
    print(f"# {len(build(args.seed))} rows, sha256 {digest.hexdigest()[:16]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
