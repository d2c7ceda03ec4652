"""Secrets of formats and contexts the dev corpora do not hold, and near-misses of them.

Why it exists: the rules were tuned on the gitleaks and detect-secrets samples and on the first
fresh set (bench/scenarios/fresh-secrets). A held-out measurement brings vendors, files and
command lines that none of those hold. This set was written from each format's published
structure (vendor prefixes, lengths, alphabets, the files and commands that carry credentials)
and from the look-alikes that real work prints, and it was scored once before any rule change
(bench/results/secrets-unseen-before.json). It avoids the vendors and file types of the dev
corpora: no GitHub, AWS key id, Slack, Stripe secret, OpenAI or Anthropic tokens, and no
`.env`/`curl -u` forms already covered there, except where the *context* is the new part.

No credential-shaped literal is committed: vendor prefixes are assembled from pieces
(``_p("bku", "a_")``) and every body is drawn at run time from a seeded generator, so a
repository scanner finds nothing in this file (tests/unit/test_secrets_unseen.py checks it).

    .venv/bin/python bench/scenarios/secrets-unseen/build.py [--seed N] > /tmp/unseen.jsonl

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

    def hex(self, n: int) -> str:
        return self.s(HEXL, n)

    def b64(self, nbytes: int) -> str:
        return base64.b64encode(self.r.randbytes(nbytes)).decode()

    def b64url(self, nbytes: int) -> str:
        return base64.urlsafe_b64encode(self.r.randbytes(nbytes)).decode().rstrip("=")

    def uuid(self) -> str:
        return str(uuid.UUID(bytes=self.r.randbytes(16), version=4))

    def password(self, n: int = 16) -> str:
        """A generated password: mixed classes, no quote, space or shell metacharacter."""
        while True:
            pw = self.s(ALNUM + "#%^*-_+=.", n)
            if any(c.isdigit() for c in pw) and any(c.isupper() for c in pw):
                return pw

    def block(self, label: str, nbytes: int, width: int = 64) -> list[str]:
        body = base64.b64encode(self.r.randbytes(nbytes)).decode()
        return [body[i : i + width] for i in range(0, len(body), width)]


DASH5 = "-" * 5
PRIV = _p("PRIV", "ATE")


def secrets(g: Gen) -> list[tuple[str, str]]:
    """(category, tool output) pairs that each expose one usable credential."""
    pw = g.password
    pem_body = "\n".join(g.block("k", 600))
    pem = f"{DASH5}BEGIN {PRIV} KEY{DASH5}\n{pem_body}\n{DASH5}END {PRIV} KEY{DASH5}\n"
    gmail_app = " ".join(g.s(string.ascii_lowercase, 4) for _ in range(4))
    return [
        # vendor formats with a documented prefix, absent from the dev corpora
        (
            "adafruit-io",
            f"ADAFRUIT_IO_USERNAME=maker\nADAFRUIT_IO_KEY={_p('ai', 'o_')}{g.s(ALNUM, 28)}\n",
        ),
        ("buildkite-token", f"$ export BUILDKITE_API_TOKEN={_p('bku', 'a_')}{g.hex(40)}\n"),
        (
            "circleci-pat",
            f"circleci setup --token {_p('CCI', 'PAT_')}{g.s(ALNUM, 22)}_{g.hex(40)} --host https://circleci.com\n",
        ),
        (
            "crates-io-credentials",
            f'$ cat ~/.cargo/credentials.toml\n[registry]\ntoken = "{_p("ci", "o")}{g.s(ALNUM, 32)}"\n',
        ),
        ("neon-api-key", f"NEON_API_KEY={_p('nap', 'i_')}{g.s(LOWNUM, 64)}\n"),
        (
            "backblaze-b2",
            f"B2_APPLICATION_KEY_ID=005{g.hex(22)}\nB2_APPLICATION_KEY=K005{g.s(ALNUM + '/+', 27)}\n",
        ),
        (
            "do-spaces",
            f"SPACES_ACCESS_KEY_ID={_p('DO', '00')}{g.s(UPNUM, 16)}\nSPACES_SECRET_ACCESS_KEY={g.b64(32)[:43]}\n",
        ),
        (
            "scaleway",
            f"SCW_ACCESS_KEY={_p('SC', 'W')}{g.s(UPNUM, 17)}\nSCW_SECRET_KEY={g.uuid()}\n",
        ),
        (
            "cloudinary-url",
            f"CLOUDINARY_URL=cloudinary://{g.s(string.digits, 15)}:{g.s(B64URL, 27)}@acme-media\n",
        ),
        ("linode-hcl", f'provider "linode" {{\n  token = "{g.hex(64)}"\n}}\n'),
        (
            "hetzner-token",
            f"$ hcloud context create prod\nToken: \nexport HCLOUD_TOKEN={g.s(ALNUM, 64)}\n",
        ),
        ("vultr-key", f"VULTR_API_KEY={g.s(UPNUM, 36)}\n"),
        (
            "azure-openai",
            f"AZURE_OPENAI_ENDPOINT=https://acme.openai.azure.com/\nAZURE_OPENAI_API_KEY={g.hex(32)}\n",
        ),
        (
            "azure-servicebus",
            f'"ServiceBus": "Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=Root'
            f'ManageSharedAccessKey;SharedAccessKey={g.b64(32)}"\n',
        ),
        (
            "azure-cosmos",
            f"COSMOS_CONNECTION=AccountEndpoint=https://acme-db.documents.azure.com:443/;AccountKey={g.b64(64)};\n",
        ),
        (
            "gmail-app-password",
            f"EMAIL_HOST = 'smtp.gmail.com'\nEMAIL_HOST_USER = 'ops@acme.test'\nEMAIL_HOST_PASSWORD = '{gmail_app}'\n",
        ),
        (
            "twitch-secret",
            f"TWITCH_CLIENT_ID={g.s(LOWNUM, 30)}\nTWITCH_CLIENT_SECRET={g.s(LOWNUM, 30)}\n",
        ),
        (
            "zendesk-token",
            f"zendesk:\n  subdomain: acme\n  email: ops@acme.test\n  api_token: {g.s(ALNUM, 40)}\n",
        ),
        (
            "asana-pat",
            f"ASANA_ACCESS_TOKEN=2/{g.s(string.digits, 16)}/{g.s(string.digits, 16)}:{g.hex(32)}\n",
        ),
        ("fastly-token", f"$ fastly profile create\nFASTLY_API_TOKEN={g.s(B64URL, 32)}\n"),
        ("mistral-key", f"MISTRAL_API_KEY={g.s(ALNUM, 32)}\n"),
        ("cohere-positional", f'import cohere\nco = cohere.Client("{g.s(ALNUM, 40)}")\n'),
        (
            "pusher-kwargs",
            f'pusher_client = pusher.Pusher(app_id="1{g.s(string.digits, 6)}", key="{g.hex(20)}", secret="{g.hex(20)}", cluster="eu")\n',
        ),
        ("rollbar-positional", f"import rollbar\nrollbar.init('{g.hex(32)}', 'production')\n"),
        ("segment-write-key", f'analytics.write_key = "{g.s(ALNUM, 32)}"\n'),
        (
            "auth0-client-secret",
            f"AUTH0_DOMAIN=acme.eu.auth0.com\nAUTH0_CLIENT_SECRET={g.s(B64URL, 64)}\n",
        ),
        ("expo-token", f"EXPO_TOKEN={g.s(ALNUM + '_-', 40)}\n"),
        ("alibaba-secret", f"ALIBABA_CLOUD_ACCESS_KEY_SECRET={g.s(ALNUM, 30)}\n"),
        (
            "huawei-sk",
            f"HUAWEICLOUD_SDK_AK={g.s(UPNUM, 20)}\nHUAWEICLOUD_SDK_SK={g.s(ALNUM, 40)}\n",
        ),
        (
            "client-secret-kwarg",
            f'client = OAuthClient(client_id="billing-42", client_secret="{g.b64url(30)}")\n',
        ),
        (
            "intercom-token",
            f"INTERCOM_ACCESS_TOKEN={base64.b64encode(_p('tok', ':', g.uuid()).encode()).decode()}\n",
        ),
        (
            "gcloud-access-token",
            f"$ gcloud auth print-access-token\n{_p('ya', '29.')}{g.s(B64URL, 150)}\n",
        ),
        # credentials in connection strings, commands and config files of other tools
        (
            "adonet-mssql",
            f'"Default": "Server=tcp:sql.acme.test,1433;Database=app;User ID=app;Password={pw(20)};Encrypt=True;"\n',
        ),
        (
            "jdbc-query-password",
            f"spring.datasource.url=jdbc:postgresql://db:5432/app?user=app&password={pw(18)}\n",
        ),
        (
            "pip-index-url",
            f"$ pip install --index-url https://build:{g.s(ALNUM, 32)}@pypi.acme.test/simple acme-core\n",
        ),
        (
            "git-credentials",
            f"$ cat ~/.git-credentials\nhttps://builder:{g.hex(40)}@git.acme.test\n",
        ),
        (
            "mysql-identified-by",
            f"mysql> CREATE USER 'app'@'%' IDENTIFIED BY '{pw(18)}';\nQuery OK, 0 rows affected (0.01 sec)\n",
        ),
        (
            "postgres-alter-role",
            f"app=# ALTER ROLE app WITH LOGIN PASSWORD '{pw(18)}';\nALTER ROLE\n",
        ),
        ("pgpassword-env", f"$ PGPASSWORD={pw(20)} psql -h db.acme.test -U app -c 'select 1'\n"),
        (
            "docker-run-env",
            f"$ docker run -d -e POSTGRES_PASSWORD={pw(20)} -p 5432:5432 postgres:16\n",
        ),
        (
            "kubectl-from-literal",
            f"$ kubectl create secret generic db --from-literal=username=app --from-literal=password={pw(20)}\nsecret/db created\n",
        ),
        (
            "helm-set",
            f"$ helm upgrade --install app ./chart --set postgresql.auth.password={pw(20)}\n",
        ),
        (
            "docker-inspect-env",
            f'"Env": [\n    "PATH=/usr/local/bin:/usr/bin",\n    "REDIS_PASSWORD={pw(24)}",\n    "LANG=C.UTF-8"\n],\n',
        ),
        (
            "ps-java-sysprop",
            f"app  4121  3.1  8.0 java -Xmx2g -Dspring.datasource.password={pw(20)} -jar /srv/app.jar\n",
        ),
        (
            "maven-settings",
            f"<servers>\n  <server>\n    <id>nexus</id>\n    <username>deploy</username>\n    <password>{pw(20)}</password>\n  </server>\n</servers>\n",
        ),
        (
            "gradle-properties",
            f"ossrhUsername=acme\nossrhPassword={pw(20)}\nsigning.keyId=0A1B2C3D\n",
        ),
        (
            "composer-auth",
            json.dumps(
                {"http-basic": {"repo.acme.test": {"username": "ci", "password": pw(22)}}}, indent=2
            )
            + "\n",
        ),
        (
            "yarnrc-token",
            f'npmRegistryServer: "https://npm.acme.test"\nnpmAuthToken: "{g.b64url(27)}"\n',
        ),
        (
            "s3cfg",
            f"[default]\nhost_base = s3.acme.test\nsecret_key = {g.s(ALNUM + '/+', 40)}\nuse_https = True\n",
        ),
        (
            "rclone-conf",
            f"[backup]\ntype = sftp\nhost = files.acme.test\nuser = deploy\npass = {g.b64url(30)}\n",
        ),
        (
            "boto-config",
            f"[Credentials]\ngs_access_key_id = GOOG1E{g.s(UPNUM, 24)}\ngs_secret_access_key = {g.s(ALNUM + '/+', 40)}\n",
        ),
        (
            "odbc-ini",
            f"[appdb]\nDriver=PostgreSQL Unicode\nServername=db.acme.test\nUID=app\nPWD={pw(18)}\n",
        ),
        ("wpa-supplicant", f'network={{\n    ssid="Office"\n    psk="{pw(20)}"\n}}\n'),
        (
            "android-keystore",
            f"storeFile=release.jks\nstorePassword={pw(18)}\nkeyAlias=release\nkeyPassword={pw(18)}\n",
        ),
        ("laravel-app-key", f"APP_NAME=Shop\nAPP_ENV=production\nAPP_KEY=base64:{g.b64(32)}\n"),
        ("rails-secret-key-base", f"production:\n  secret_key_base: {g.hex(128)}\n"),
        ("symfony-app-secret", f"###> symfony/framework-bundle ###\nAPP_SECRET={g.hex(32)}\n"),
        (
            "wp-config-salt",
            f"define( 'AUTH_KEY',         '{g.s(ALNUM + '!@#%^&*()-_[]{}<>~+=,.;:/?|', 64)}' );\n",
        ),
        ("wireguard-private", f"[Interface]\nPrivateKey = {g.b64(32)}\nAddress = 10.8.0.2/32\n"),
        (
            "openvpn-static-key",
            "\n".join(
                [
                    f"{DASH5}BEGIN OpenVPN Static key V1{DASH5}",
                    *[g.hex(32) for _ in range(16)],
                    f"{DASH5}END OpenVPN Static key V1{DASH5}",
                ]
            )
            + "\n",
        ),
        (
            "pgp-private-block",
            "\n".join(
                [
                    f"{DASH5}BEGIN PGP {PRIV} KEY BLOCK{DASH5}",
                    "",
                    *g.block("p", 700),
                    f"={g.b64(3)}",
                    f"{DASH5}END PGP {PRIV} KEY BLOCK{DASH5}",
                ]
            )
            + "\n",
        ),
        (
            "ssh2-encrypted",
            "\n".join(
                [
                    f"---- BEGIN SSH2 ENCRYPTED {PRIV} KEY ----",
                    'Comment: "rsa-key-20240101"',
                    *g.block("s", 600, 70),
                    f"---- END SSH2 ENCRYPTED {PRIV} KEY ----",
                ]
            )
            + "\n",
        ),
        (
            "kubeconfig-client-key",
            f"users:\n- name: admin\n  user:\n    client-key-data: {base64.b64encode(pem.encode()).decode()}\n",
        ),
        ("kube-bootstrap-token", f"$ kubeadm token create\n{g.s(LOWNUM, 6)}.{g.s(LOWNUM, 16)}\n"),
        (
            "vault-kv-get",
            f"$ vault kv get secret/app/db\n====== Data ======\nKey         Value\n---         -----\npassword    {pw(22)}\nusername    app\n",
        ),
        (
            "x-api-key-header",
            f'$ curl -s -H "X-API-Key: {g.s(ALNUM, 32)}" https://api.acme.test/v2/orders\n',
        ),
        ("drf-token-header", f"GET /api/projects/ HTTP/1.1\nAuthorization: Token {g.hex(40)}\n"),
        (
            "url-api-key-param",
            f"INFO fetching https://api.acme.test/v1/items?api_key={g.s(ALNUM, 32)}&page=2\n",
        ),
        (
            "url-access-token-param",
            f"DEBUG GET https://graph.acme.test/me?fields=id&access_token={g.s(ALNUM, 64)}\n",
        ),
        (
            "ansible-inventory",
            f"[web]\nweb1 ansible_host=10.0.0.5 ansible_user=deploy ansible_become_password={pw(18)}\n",
        ),
        (
            "ldap-bind",
            f"LDAP_URI=ldaps://ldap.acme.test\nLDAP_BIND_DN=cn=svc,dc=acme,dc=test\nLDAP_BIND_PASSWORD={pw(20)}\n",
        ),
        ("redis-requirepass", f"bind 0.0.0.0\nport 6379\nrequirepass {g.s(ALNUM, 32)}\n"),
        ("sqlcmd-p", f"$ sqlcmd -S sql.acme.test -U sa -P {pw(20)} -Q 'SELECT 1'\n"),
        ("poetry-http-basic", f"$ poetry config http-basic.acme ci {pw(20)}\n"),
        (
            "compose-env-list",
            f"services:\n  db:\n    image: mysql:8\n    environment:\n      - MYSQL_ROOT_PASSWORD={pw(20)}\n",
        ),
        (
            "tfstate-password",
            json.dumps(
                {
                    "type": "aws_db_instance",
                    "instances": [
                        {"attributes": {"username": "admin", "password": pw(20), "port": 5432}}
                    ],
                },
                indent=2,
            )
            + "\n",
        ),
    ]


def near_misses(g: Gen) -> list[tuple[str, str]]:
    """(category, tool output) pairs that resemble a credential but expose none."""
    pub_wg = g.b64(32)
    cert_lines = "\n".join(g.block("c", 500))
    return [
        (
            "ansible-vault",
            "$ANSIBLE_VAULT;1.1;AES256\n" + "\n".join(g.hex(80) for _ in range(5)) + "\n",
        ),
        (
            "sops-enc",
            f"db:\n    password: ENC[AES256_GCM,data:{g.b64(18)},iv:{g.b64(32)},tag:{g.b64(16)},type:str]\n",
        ),
        ("htpasswd-bcrypt", f"admin:$2y$05${g.s(ALNUM + './', 53)}\n"),
        (
            "shadow-line",
            f"deploy:$6${g.s(ALNUM + './', 16)}${g.s(ALNUM + './', 86)}:19700:0:99999:7:::\n",
        ),
        (
            "sha256sum",
            f"$ sha256sum dist/*\n{g.hex(64)}  dist/acme-1.4.0.tar.gz\n{g.hex(64)}  dist/acme-1.4.0-py3-none-any.whl\n",
        ),
        (
            "docker-images",
            f"REPOSITORY   TAG     IMAGE ID       CREATED       SIZE\nacme/api     1.4.0   {g.hex(12)}   2 hours ago   182MB\nDigest: sha256:{g.hex(64)}\n",
        ),
        (
            "kubectl-uid",
            f'metadata:\n  name: api-7d9f\n  resourceVersion: "{g.s(string.digits, 8)}"\n  uid: {g.uuid()}\n',
        ),
        (
            "cfn-stack-arn",
            f"StackId: arn:aws:cloudformation:eu-west-1:123456789012:stack/api/{g.uuid()}\nRequestId: {g.uuid()}\n",
        ),
        (
            "secretsmanager-arn",
            f"SecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-{g.s(ALNUM, 6)}\n",
        ),
        (
            "openapi-security-scheme",
            "components:\n  securitySchemes:\n    api_key:\n      type: apiKey\n      name: X-API-Key\n      in: header\n",
        ),
        (
            "doc-header-placeholder",
            '$ curl -H "X-API-Key: YOUR_API_KEY" https://api.acme.test/v2/orders\n',
        ),
        ("doc-token-angle", "Authorization: Token <your-token>\n"),
        (
            "format-string-param",
            'url = f"https://api.acme.test/v1/items?api_key={api_key}&page={page}"\n',
        ),
        (
            "actions-secret",
            "      - run: ./deploy.sh\n        env:\n          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n",
        ),
        (
            "helm-template",
            "        - name: DB_PASSWORD\n          value: {{ .Values.db.password | quote }}\n",
        ),
        (
            "getenv-python",
            'password = os.getenv("DB_PASSWORD")\napi_key = os.environ.get("MISTRAL_API_KEY", "")\n',
        ),
        ("process-env", "const client = new Client({ apiKey: process.env.COHERE_API_KEY });\n"),
        ("java-getenv", 'String token = System.getenv("API_TOKEN");\n'),
        (
            "ansible-vault-inline",
            "db_password: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          "
            + g.hex(64)
            + "\n",
        ),
        (
            "vault-ref",
            "DB_PASSWORD=ref+vault://secret/data/app/db#password\nAPI_TOKEN=vault:secret/data/app#token\n",
        ),
        ("oauth-metadata", '{"token_type": "bearer", "expires_in": 3600, "scope": "read write"}\n'),
        (
            "wireguard-public",
            f"[Peer]\nPublicKey = {pub_wg}\nAllowedIPs = 10.8.0.0/24\nEndpoint = vpn.acme.test:51820\n",
        ),
        (
            "public-key-pem",
            f"{DASH5}BEGIN PUBLIC KEY{DASH5}\n{cert_lines}\n{DASH5}END PUBLIC KEY{DASH5}\n",
        ),
        (
            "csr-pem",
            f"{DASH5}BEGIN CERTIFICATE REQUEST{DASH5}\n"
            + "\n".join(g.block("r", 400))
            + f"\n{DASH5}END CERTIFICATE REQUEST{DASH5}\n",
        ),
        (
            "known-hosts",
            f"git.acme.test ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{g.s(ALNUM + '+/', 43)}\n",
        ),
        (
            "trace-ids",
            f"2026-01-04T10:00:00Z INFO request done trace_id={g.hex(32)} span_id={g.hex(16)} status=200\n",
        ),
        (
            "oauth-state-pkce",
            f"302 Location: https://id.acme.test/authorize?response_type=code&client_id=web&state={g.s(B64URL, 32)}&code_challenge={g.s(B64URL, 43)}&code_challenge_method=S256\n",
        ),
        ("csp-nonce", f'<script nonce="{g.b64(16)}" src="/static/app.js"></script>\n'),
        ("etag", f'HTTP/1.1 200 OK\nETag: W/"{g.hex(40)}"\nCache-Control: max-age=60\n'),
        (
            "webpack-chunks",
            f"asset main.{g.hex(20)}.js 182 KiB [emitted] [immutable]\nasset vendor.{g.hex(20)}.js 1.2 MiB [emitted]\n",
        ),
        (
            "django-random-key-call",
            "from django.core.management.utils import get_random_secret_key\nSECRET_KEY = get_random_secret_key()\n",
        ),
        ("getpass", "import getpass\npassword = getpass.getpass('Password: ')\n"),
        ("header-lookup", 'token = request.headers.get("Authorization", "")\n'),
        (
            "password-validators",
            "AUTH_PASSWORD_VALIDATORS = [\n    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},\n]\n",
        ),
        ("empty-and-null", 'password: ""\napi_token: null\nclient_secret: ~\n'),
        (
            "test-fake-values",
            'def test_client():\n    c = Client(api_key="test", token="fake-token")\n',
        ),
        ("truncated-ellipsis", "Using key sk-…a1b2 from your profile\n"),
        (
            "replace-me",
            'api_token = "REPLACE_ME"\nclient_secret = "TODO"\npassword = "<redacted>"\n',
        ),
        ("redacted-brackets", "Authorization: Bearer [REDACTED]\nX-API-Key: ****************\n"),
        ("not-a-real-secret", 'SECRET_KEY = "not-a-real-secret-used-only-in-tests"\n'),
        (
            "git-log-full",
            f"commit {g.hex(40)}\nMerge: {g.hex(7)} {g.hex(7)}\nAuthor: Dev <dev@acme.test>\n\n    Fix token refresh\n",
        ),
        (
            "poetry-lock-hash",
            f'files = [\n    {{file = "acme-1.0-py3-none-any.whl", hash = "sha256:{g.hex(64)}"}},\n]\n',
        ),
        (
            "composer-lock-ref",
            f'"source": {{\n    "type": "git",\n    "reference": "{g.hex(40)}"\n}},\n',
        ),
        (
            "k8s-stringdata-placeholder",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: <set-me>\n",
        ),
        (
            "k8s-secret-placeholder-b64",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n"
            f"  password: {base64.b64encode(b'changeme').decode()}\n",
        ),
        (
            "k8s-secret-nonsecret-data",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n"
            f"  host: {base64.b64encode(b'db.acme.internal').decode()}\n"
            f"  port: {base64.b64encode(b'5432').decode()}\n",
        ),
        (
            "iam-policy",
            '{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "*"}\n',
        ),
        (
            "tfstate-null-password",
            '{"attributes": {"password": null, "username": "admin"}, "sensitive_attributes": [["password"]]}\n',
        ),
        ("client-and-tenant-ids", f"AZURE_CLIENT_ID={g.uuid()}\nAZURE_TENANT_ID={g.uuid()}\n"),
        ("openssl-rand-command", "$ openssl rand -hex 32 > .secret_key\n$ chmod 600 .secret_key\n"),
        (
            "docs-export-ellipsis",
            "Set the token in your shell first:\n\n    export API_TOKEN=...\n",
        ),
        ("env-example-empty", "STRIPE_SECRET_KEY=\nDATABASE_PASSWORD=\nSENTRY_DSN=\n"),
        (
            "env-example-words",
            "AWS_SECRET_ACCESS_KEY=your-secret-access-key\nMISTRAL_API_KEY=your-mistral-key\n",
        ),
        (
            "pi-digits",
            "mpmath.mp.dps = 50\n>>> mpmath.pi\nmpf('3.1415926535897932384626433832795028841971693993751')\n",
        ),
        (
            "sha1-in-test",
            f"AssertionError: expected '{hashlib.sha1(b'').hexdigest()}' got '{g.hex(40)}'\n",
        ),
        (
            "hypothesis-blob",
            f"@reproduce_failure('6.98.0', b'{g.b64(12)}')\ndef test_roundtrip(x):\n",
        ),
        (
            "notebook-png",
            json.dumps(
                {
                    "output_type": "display_data",
                    "data": {
                        "image/png": base64.b64encode(
                            b"\x89PNG\r\n\x1a\n" + g.r.randbytes(120)
                        ).decode()
                    },
                }
            )
            + "\n",
        ),
        ("masked-json", '{"user": "app", "password": "********", "token": "•••••••"}\n'),
        (
            "bearer-shell-var",
            'curl -H "Authorization: Bearer $TOKEN" https://api.acme.test/v1/me\n',
        ),
        (
            "curl-u-prompt",
            "$ curl -u admin https://ci.acme.test/api\nEnter host password for user 'admin':\n",
        ),
        ("mysql-p-prompt", "$ mysql -u root -p\nEnter password:\n"),
        (
            "jdbc-no-password",
            "spring.datasource.url=jdbc:postgresql://db:5432/app?user=app&ssl=true\n",
        ),
        (
            "remote-token-var",
            "$ git remote set-url origin https://x-access-token:${GITHUB_TOKEN}@git.acme.test/acme/api.git\n",
        ),
        ("ldap-password-file", "binddn cn=admin,dc=acme,dc=test\nbindpw_file /etc/ldap.secret\n"),
        ("redis-commented-example", "# requirepass foobared\nport 6379\n"),
        (
            "sentry-public-dsn",
            f"SENTRY_DSN=https://{g.hex(32)}@o{g.s(string.digits, 6)}.ingest.sentry.io/{g.s(string.digits, 7)}\n",
        ),
        ("stripe-publishable", f"STRIPE_PUBLISHABLE_KEY={_p('pk', '_live_')}{g.s(ALNUM, 24)}\n"),
        (
            "recaptcha-sitekey",
            f'<div class="g-recaptcha" data-sitekey="{_p("6L", "c")}{g.s(B64URL, 37)}"></div>\n',
        ),
        (
            "mapbox-public",
            f"mapboxgl.accessToken = '{_p('pk', '.eyJ')}{g.s(B64URL, 60)}.{g.s(B64URL, 22)}';\n",
        ),
        (
            "password-hash-field",
            f'"password_hash": "pbkdf2_sha256$600000${g.s(ALNUM, 22)}${g.b64(32)}"\n',
        ),
        ("git-sha-in-pip-url", f"pip install git+https://git.acme.test/acme/lib.git@{g.hex(40)}\n"),
        ("uuid-idempotency", f"Idempotency-Key: {g.uuid()}\nX-Request-Id: {g.uuid()}\n"),
    ]


def build(seed: int = 7) -> list[Sample]:
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
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rows = build(args.seed)
    for s in rows:
        sys.stdout.write(json.dumps(s.__dict__) + "\n")
    digest = hashlib.sha256(json.dumps([s.__dict__ for s in rows]).encode())
    print(f"# {len(rows)} rows, sha256 {digest.hexdigest()[:16]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
