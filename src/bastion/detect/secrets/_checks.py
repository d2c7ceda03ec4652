"""Value checks that tell a credential from its look-alikes: entropy, placeholders, checksums."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from collections import Counter
from itertools import pairwise

from bastion.detect.secrets._rules import Filters, Rule

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def shannon_entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(value)
    if n == 0:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def char_classes(value: str) -> int:
    """How many of lower-case, upper-case, digit and other characters occur."""
    lower = upper = digit = other = 0
    for ch in value:
        if ch.islower():
            lower = 1
        elif ch.isupper():
            upper = 1
        elif ch.isdigit():
            digit = 1
        else:
            other = 1
    return lower + upper + digit + other


def is_sequential(value: str) -> bool:
    """Mostly ascending runs ("abcdef", "123456", an alphabet listing): a pattern, not a secret."""
    if len(value) < 6:
        return False
    steps = sum(1 for a, b in pairwise(value) if ord(b) - ord(a) == 1)
    return steps >= 0.6 * (len(value) - 1)


def typed_run_chars(value: str) -> int:
    """Characters that sit in runs of 3+ consecutive code points, up or down ("abc", "123",
    "zyx"): how people type a value by hand. A random body has almost none (about 1 in 1,900
    positions for base62), so a value made of several such runs was written, not generated."""
    total = 0
    run, step = 1, 0
    for a, b in pairwise(value):
        d = ord(b) - ord(a)
        if d in (1, -1) and a.isalnum() and b.isalnum() and (run == 1 or d == step):
            run += 1
            step = d
            continue
        if run >= 3:
            total += run
        run, step = 1, 0
        if d in (1, -1) and a.isalnum() and b.isalnum():
            run, step = 2, d
    if run >= 3:
        total += run
    return total


def is_hand_typed(value: str) -> bool:
    """A value built from keyboard runs ("abc123xyz", "ABC-DEF1234"): documentation, not a key.

    Both an absolute and a relative floor: one short run can occur by chance in a long random
    value, a fifth of the value in runs cannot."""
    n = typed_run_chars(value)
    return n >= 9 and n * 5 >= len(value)


def _chance_filler(value: str, m: re.Match[str]) -> bool:
    """A filler word ("xxxx", "****") that a random value holds by chance: mixed case ("XxXx")
    or, in a long value (a key block, a long token), a run shorter than six. A masked value
    repeats one character in one case."""
    word = m.group(0)
    if len(set(word.lower())) != 1:
        return False
    if word not in (word.lower(), word.upper()):
        return True
    if len(value) <= 64:
        return False
    i, j = m.start(), m.end()
    while j < len(value) and value[j] == word[0]:
        j += 1
    return j - i < 6


def is_placeholder(value: str, filters: Filters, *, generic: bool) -> bool:
    """Template references, redaction marks and documentation words are not credentials."""
    for m in filters.words_re.finditer(value):
        if not _chance_filler(value, m):
            return True
    if generic and filters.generic_words_re.search(value):
        return True
    if filters.shapes_re.search(value):
        return True
    # one character repeated (aaaaaaaa, 00000000) is filler whatever the rule
    return len(value) >= 6 and len(set(value)) == 1


def github_checksum_ok(token: str) -> bool:
    """GitHub tokens end in 6 base62 chars encoding the CRC32 of the 30 random chars before them."""
    body, check = token[4:-6], token[-6:]
    n = zlib.crc32(body.encode("ascii", "replace"))
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _BASE62[r] + out
    return out.rjust(6, "0") == check


def _b64url_json(part: str) -> object:
    pad = "=" * (-len(part) % 4)
    try:
        raw = base64.urlsafe_b64decode(part + pad)
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def jwt_ok(token: str) -> bool:
    """A JWT's header must decode to a JSON object naming its algorithm; its payload to JSON."""
    parts = token.split(".")
    if len(parts) < 2:
        return False
    header = _b64url_json(parts[0])
    if not isinstance(header, dict) or "alg" not in header:
        return False
    # the payload must be a JSON object too; decode only whole base64 quanta so a token cut
    # short in a log line still shows the "{" it starts with
    body = parts[1][: len(parts[1]) - len(parts[1]) % 4]
    try:
        head = base64.urlsafe_b64decode(body)
    except (binascii.Error, ValueError):
        return False
    return head.startswith(b"{")


def base64_ok(value: str) -> bool:
    """Standard padded base64 (Kubernetes Secret data): whole quanta that decode."""
    if len(value) % 4:
        return False
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


# Leading bytes of file formats: base64 that decodes to one of them is an embedded file (a test
# fixture, an icon, a compressed blob), not key material.
_FILE_MAGIC = (
    b"\x1f\x8b",  # gzip
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"PK\x03\x04",  # zip, jar, docx, wheel
    b"%PDF",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\x00asm",
    b"\x7fELF",
    b"RIFF",
    b"OggS",
    b"wOF",  # web fonts
    b"\x00\x00\x01\x00",  # .ico
)


def encodes_file(value: str) -> bool:
    """Base64 whose first bytes are a file format's signature (gzip ``H4sI``, PNG ``iVBOR``)."""
    head = value[:16]
    try:
        raw = base64.b64decode(head + "=" * (-len(head) % 4), validate=False)
    except (binascii.Error, ValueError):
        return False
    return raw.startswith(_FILE_MAGIC)


def encodes_text(value: str) -> bool:
    """Base64 (standard or URL-safe) of printable text (`YmVkcm9jay5hbWF6…` is
    "bedrock.amaz…"): an encoding of words, not a body drawn at random, whose decoded bytes
    are almost never all printable (under one in ten million for 16 bytes)."""
    head = value[: len(value) // 4 * 4][:64]
    if len(head) < 16:
        return False
    try:
        raw = base64.b64decode(head.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return False
    return all(32 <= b < 127 for b in raw)


def pem_ok(body: str) -> bool:
    """A private key block needs a body; an empty or dotted-out block is documentation."""
    return sum(ch.isalnum() for ch in body) >= 16


# ---------------------------------------------------------------------- keyword-assignment checks


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# the last word of a key name that makes it metadata about a secret, not the secret itself
_KEY_LAST_DENY = _words(
    "id ids name names file filename files path paths dir directory url uri urls endpoint "
    "type types len length size count format field fields prefix suffix header headers param "
    "params column label hint placeholder policy mode version timeout ttl expiry expires "
    "expiration enabled required regex pattern class method provider env var hash salt "
    "store algorithm alg min max limit index idx validator strength reset confirm confirmation "
    "input prompt message msg error errors secrets tokens keys passwords credentialsid "
    "location ref reference arn template exists set present changed updated length_min "
    "rotation period duration at on seconds ms minutes days policy_id source sources "
    "manager service scope scopes lifetime usage generator factory class_name table"
)
_KEY_ANY_DENY = re.compile(
    r"csrf|xsrf|public|publishable|sequence|tokeniz|checksum|commit|digest|fingerprint|nonce"
    r"|hashed|integrity|idempotenc|(?:cache|sort|partition|primary|foreign|row|object)_?key"
    r"|etag|(?<![a-z])sha\d*(?![a-z])|md5|keyboard|keystroke|keyframe|monkey|turkey|hotkey",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

_VALUE_WORDS = _words(
    "true false none null nil undefined yes no on off required optional string str bytes int "
    "bool boolean secret password passwd token apikey api_key key value default empty test "
    "testing redacted hidden masked env environment config settings localhost admin root user "
    "username guest self this new get set function lambda return public private protected"
)
_KEYWORD = re.compile(r"passw(?:or)?d|pass(?![a-z])|pwd|secret|token|auth|credential", re.I)
_CRYPT_HASH = re.compile(
    r"^\$(?:2[abxy]?|1|5|6|7|y|gy|sha1|md5|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha\d+)?)\$"
    r"|^(?:pbkdf2_sha\d+|bcrypt_sha256|argon2|scrypt|sha1|md5)\$"
)
_TYPE_HINT = re.compile(r"^[a-z]+\?$|^[A-Za-z]+ \| None$")
_KEYWORD_ANY = re.compile(r"passw|pwd|pass$|secret|token|key|auth|credential|cred", re.I)
_NUMBERISH = re.compile(r"^[\d.,_:\-+ ]+$")
_URLISH = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_PATHISH = re.compile(
    r"^(?:\.{0,2}/|~/|[A-Za-z]:\\|\\\\)|\.(?:pem|key|crt|cer|p12|pfx|jks|json|ya?ml|txt|env|ini"
    r"|cfg|conf|der|pub|keystore|html?|py|js|ts|png|jpe?g|gif|svg|xml|csv|log)$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"^[\w.+\-]+@[\w\-]+\.[\w.\-]+$")
_HOSTNAME = re.compile(r"^[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}$", re.IGNORECASE)
_DOTTED_IDENT = re.compile(r"^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)+$")
# prefix operators count only before a name (`*ptr`, `&cfg.pw`, `!ok`): a generated password
# may start with the same symbol
_EXPRESSION = re.compile(
    r"^[\w.$:>\-]+\s*[(\[]|^[(\[{<]|\s[+|&]\s|^[&*!][A-Za-z_][\w.]*(?:->\w+)*[;,)]*$"
)
_INTERPOLATION = re.compile(
    r"\$?\{[A-Za-z_][\w.]{2,}(?:\([^)]{0,40}\))?(?:![rsa])?(?::[^}]{0,20})?\}"
    # a call inside braces (f"{pw(18)}", "{g.s(ALNUM, 32)}" cut at its comma) is code
    r"|\{[A-Za-z_][\w.]{0,40}\("
    r"|\{\{[ \t]*[\w.]+[\w.|()'\" \t]*\}\}|%(?:\(\w+\))?[sd](?![A-Za-z0-9])"
)
_NESTED_ASSIGNMENT = re.compile(r"^[A-Za-z_][\w.]*=[^\s=]")
_IDENT = re.compile(r"^(?:[A-Za-z_]+|[a-z_]+\d{1,3})$")
_SLUG = re.compile(r"^[a-z]+(?:[-_.][a-z]+)*$")
_CONST = re.compile(r"^[A-Z][A-Z0-9_]{2,}$")
_VERSIONISH = re.compile(r"^v?\d+(?:\.\d+)+(?:[-+.\w]*)$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_REFERENCE = re.compile(
    r"^(?:[a-z]{1,20}|[A-Z][A-Z0-9_]{1,40}|[a-z]+(?:[A-Z][a-z0-9]+)+)"
    r"(?:\.(?:[a-z]{1,20}|[A-Z][A-Z0-9_]{1,40}|[a-z]+(?:[A-Z][a-z0-9]+)+)){1,5}$"
)
_APP_PASSWORD = re.compile(r"^[a-z]{4}(?: [a-z]{4}){3}$")
_UUID = re.compile(r"^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$", re.IGNORECASE)


def context_denied(line_before: str) -> bool:
    """For rules that match a bare value: the line before it names a non-secret
    (`csrf_token = "…"`, `<meta name="csrf-token" content="…">`, `integrity="…"`)."""
    return _KEY_ANY_DENY.search(line_before) is not None


def _key_denied(key: str) -> bool:
    if _KEY_ANY_DENY.search(key):
        return True
    # `password.encode("utf-8")`, `token.startswith("x")`: a method of the secret's variable
    # takes the literal, which is then an argument, not the secret
    if "." in key.strip("."):
        last = key.strip(".").rsplit(".", 1)[1]
        if last and not _KEYWORD_ANY.search(last):
            return True
    words = _WORDS.findall(key)
    return bool(words) and words[-1].lower() in _KEY_LAST_DENY


_SECRET_LAST = _words("secret key token password passwd pass pwd pw sk apikey")


def _has_generated_part(v: str) -> bool:
    """`qiy8CsT07L.q8TDIWG2x` is a generated password with a dot in it, not `self.password`:
    some piece of six or more characters mixes lower case, upper case and digits."""
    for part in re.split(r"[.:\->=]+", v):
        core = part.replace("_", "")
        if len(core) >= 6 and char_classes(core) >= 3 and not _wordlike(core):
            return True
    return False


def _names_key(v: str) -> bool:
    """`DB_PASSWORD=…` or `password=…` inside a value: the part before `=` is a name (a
    generated password such as `Qr7T=z2p` or `djow=Esg` has no name before its `=`)."""
    head = v.split("=", 1)[0]
    return bool((_CONST.match(head) and "_" in head) or (_IDENT.match(head) and _wordlike(head)))


def _last_word(key: str) -> str:
    words = _WORDS.findall(key)
    return words[-1].lower() if words else ""


# credential nouns that close a name written as one run (`SOFTLAYERAPIKEY`, `iamapikey`)
_SECRET_TAILS = ("apikey", "secretkey", "accesskey", "authkey", "token", "secret", "password")


def _names_secret(key: str) -> bool:
    """The key's last word is the credential noun itself (`..._SECRET_KEY`, `snykToken`,
    `SOFTLAYERAPIKEY`)."""
    words = _WORDS.findall(key)
    if not words:
        return False
    last = words[-1].lower()
    return last in _SECRET_LAST or last.endswith(_SECRET_TAILS)


# Documented *public* halves of key pairs, published in web pages by design: Stripe
# publishable keys, Mapbox public tokens.
_PUBLIC_PREFIXES = ("pk_live_", "pk_test_", "pk.eyJ")


def generic_value_ok(key: str, value: str, *, quoted: bool, is_password: bool) -> bool:
    """Shape checks for a value found after a secret-like key (`password = ...`, `token: ...`)."""
    if key and _key_denied(key):
        return False
    v = value.strip()
    if not v or not any(ch.isalnum() for ch in v):
        return False
    if v.startswith(_PUBLIC_PREFIXES):
        return False
    low = v.lower()
    if low in _VALUE_WORDS or low == key.lower() or low.rstrip(")]};,") in _VALUE_WORDS:
        return False
    # a type in a schema or a signature: "string?", "str | None"
    if _TYPE_HINT.match(v):
        return False
    # a password hash in modular crypt format ($2b$12$…, $argon2id$…, pbkdf2_sha256$…) is
    # what a system stores instead of the password
    if _CRYPT_HASH.match(v):
        return False
    if _NUMBERISH.match(v) or _URLISH.match(v) or _PATHISH.search(v) or _EMAIL.match(v):
        return False
    # (a "version" with a long random tail, `v1.0-aaa334dc…`, is a versioned token format)
    if (_DOTTED_IDENT.match(v) and not _has_generated_part(v)) or (
        _VERSIONISH.match(v) and len(v) <= 40
    ):
        return False
    if (
        _HOSTNAME.match(v)
        and not any(ch.isdigit() for ch in v.split(".")[0][-1:])
        and not _has_generated_part(v)
    ):
        return False
    # an interpolation inside the value (f"key-{g.hex(32)}", "pre-${VAR}") makes it a template;
    # a NAME=value inside it is an assignment quoted whole, judged by its own key
    if _INTERPOLATION.search(v) or (_NESTED_ASSIGNMENT.match(v) and _names_key(v)):
        return False
    # Google's app passwords are four groups of four lower-case letters
    if is_password and _APP_PASSWORD.match(v):
        return not is_sequential(v.replace(" ", "")) and len(set(v)) > 8
    # a sentence (prompt text, help string) is not a credential
    if len(v.split()) >= 3:
        return False
    keyshaped = _key_shaped(key, v)
    if len(set(v)) <= 3 or (is_sequential(v) and not keyshaped):
        return False
    # a base64 value is judged by what it says: an encoded "changeme" is still a placeholder
    if len(v) >= 8 and base64_ok(v) and not _decoded_ok(v):
        return False
    # the key's own word inside the value ("mypassword", auth == "authinfo1") marks a fixture
    kw = _KEYWORD.search(key)
    if kw is not None and kw.group(0).lower() in low:
        return False
    if not quoted:
        v = v.rstrip(":;,)")
        # unquoted in code is usually an expression or a name; in .env/yaml it is a literal,
        # which then still looks like one: mixed classes or symbols, not a bare identifier
        # (a constant is made of words: 36 random upper-case letters and digits are a key)
        if (
            not v
            or _EXPRESSION.search(v)
            or (_CONST.match(v) and ("_" in v or _wordlike(v) or len(v) < 16))
            or _IDENT.match(v)
            or _SLUG.match(v)
        ):
            return False
        if v.endswith((")", "]", "}", "(", "[", "{")) and not is_password:
            return False
    if not is_password:
        # `key` is also an ordinary noun (a bucket key, a map key, a setting's key): under a
        # name whose last word is `key` a value made of words is a name, whatever its case
        if _last_word(key) == "key" and _reads_as_words(v):
            return False
        # an unquoted UUID is usually an id; a random (version 4) one under a key whose last
        # word names the secret itself (SCW_SECRET_KEY, SNYK_TOKEN) is the credential:
        # several vendors issue UUID-shaped keys. A time-based UUID (version 1) carries a
        # clock and a MAC address, nothing generated to be kept secret.
        if _UUID.match(v) and not quoted and not (_names_secret(key) and v[14] == "4"):
            return False
        if _HEX.match(v) and len(v) in (32, 40, 64) and _KEY_ANY_DENY.search(key):
            return False
        if " " in v:
            return False
        # a token is generated; a name is written: quoted or not, an identifier, a constant,
        # CamelCase words, words joined by - _ . or a run of operators is a name or a symbol
        if _names_only(v):
            return False
    return keyshaped or not is_hand_typed(v)


_KEY_ALPHABET = re.compile(r"^[A-Za-z0-9+/=_\-]{20,300}$")


def _key_shaped(key: str, v: str) -> bool:
    """A value with a key's structure under a name that is the credential noun itself
    (`SNYK_TOKEN = "1234…ABCD…"`, `ibm_api_key: abcd1234…`): 20 or more characters of a key alphabet
    mixing letters and digits, at least eight distinct characters, not made of words.

    Such a value is reported even when it was typed by hand (keyboard runs, a repeated
    block): a placeholder says so with words, filler or a template (`your_token_here`,
    `xxxx`, `${TOKEN}`), all rejected before this; a value that merely *looks* typed is
    still what the file hands to whoever reads it, and a scanner that waves through
    `1234abcd…` under `api_key` waves through every credential a person chose."""
    if not key or not _names_secret(key) or not _KEY_ALPHABET.match(v):
        return False
    if not any(ch.isdigit() for ch in v) or not any(ch.isalpha() for ch in v):
        return False
    return len(set(v)) >= 8 and not _reads_as_words(v) and _longest_run(v) < 12


def _reads_as_words(v: str) -> bool:
    """`_wordlike`, except for hex: its letters are a-f, so a vowel count says nothing."""
    return _wordlike(v) and not _HEX.match(v)


def _longest_run(value: str) -> int:
    """The longest run of consecutive code points (`abcdefghijklmnopqrstuvwxyz`: an alphabet
    listing, which is a fixture even under a credential's name)."""
    best = run = 1
    for a, b in pairwise(value):
        run = run + 1 if ord(b) - ord(a) == 1 else 1
        best = max(best, run)
    return best


_CAMEL = re.compile(r"^[A-Z]{0,4}[a-z]+(?:[A-Z]{1,4}[a-z]*)*\d{0,2}$")
_CONST_DASHED = re.compile(r"^[A-Z][A-Z0-9]*(?:[_\-][A-Z0-9]+)+$|^[A-Z]{3,}$")
# a type name: capitalised words with a version or size inside (PKCS7PrivateKeyTypes, Ed25519Key)
_CAMEL_TYPE = re.compile(r"^(?:[A-Z][A-Za-z]*\d*)*(?:[A-Z][a-z]{2,}){2,}$")


_OPERATOR = re.compile(r"^[<>=!+\-*/%&|^~:.,;?]{1,4}$")
_VOWELS = frozenset("aeiouyAEIOUY")


def _wordlike(v: str) -> bool:
    """Made of words: pieces of three to fourteen letters (a random run of one case is
    longer), with the vowels of language (a third of the letters; random letters have about
    a fifth)."""
    words = [w for w in _WORDS.findall(v) if not w.isdigit()]
    letters = sum(len(w) for w in words)
    if not words or letters < 3 * len(words) or max(len(w) for w in words) > 14:
        return False
    return sum(ch in _VOWELS for w in words for ch in w) * 10 >= letters * 3


def _names_only(v: str) -> bool:
    """True for values written as names: `upgrades`, `REVISION_SCRIPT_FILENAME`,
    `NSURLCredentialStorage`, `string_literal`, `licenseref-`, `<<=`, `string?`."""
    core = v.strip("?!-_.:")
    if not core:
        return True
    if _OPERATOR.match(v):
        return True
    if not _wordlike(core):
        return False  # letters drawn at random (a token without digits) fit these shapes too
    return bool(
        _IDENT.match(core)
        or _CONST_DASHED.match(core)
        or _SLUG.match(core)
        or _CAMEL.match(core)
        or _DOTTED_IDENT.match(core)
        or _CAMEL_TYPE.match(core)
    )


def value_ok(rule: Rule, filters: Filters, value: str) -> bool:
    """The per-rule checks from rules.toml (length, placeholder, entropy, character classes)."""
    n = len(value)
    if n < rule.min_len or n > rule.max_len:
        return False
    # (keyword values made of keyboard runs are rejected last, in generic_value_ok: the
    # cheaper checks there turn most candidates away first)
    if rule.placeholder and is_placeholder(value, filters, generic=rule.validator is not None):
        return False
    if rule.entropy and shannon_entropy(value) < rule.entropy:
        return False
    if rule.sequential and is_sequential(value):
        return False
    if rule.classes and char_classes(value) < rule.classes:
        return False
    # a long encoded blob from a rule without a structure of its own may be an embedded file
    if rule.checksum is None and not rule.prefixes and n >= 24 and encodes_file(value):
        return False
    # an encoded user:password pair in a header is judged like one in a URL; a Kubernetes
    # Secret's data (checksum "base64") is the stored value itself and keeps its own check
    if rule.checksum is None and not rule.prefixes and basic_pair_placeholder(value):
        return False
    # `apiKey: process.env.COHERE_API_KEY`, `token: config.auth.token`: a reference, not a value
    if rule.validator is None and not rule.prefixes and _REFERENCE.match(value):
        return False
    if rule.checksum == "github-crc32":
        return github_checksum_ok(value)
    if rule.checksum == "jwt":
        return jwt_ok(value)
    if rule.checksum == "base64":
        return base64_ok(value) and _decoded_ok(value)
    if rule.checksum == "base64-pem":
        return encoded_private_key(value)
    if rule.checksum == "random-body":
        # drawn at random, not written: no run of words, no keyboard or typed pattern
        return (
            not _wordlike(value)
            and not _names_only(value)
            and not is_hand_typed(value)
            and not encodes_text(value)
        )
    return True


def encoded_private_key(value: str) -> bool:
    """Base64 of a PEM private key block with a body (kubeconfig `client-key-data`, Helm
    values, CI variables): the key itself, one encoding away."""
    try:
        plain = base64.b64decode(value + "=" * (-len(value) % 4), validate=False)
    except (binascii.Error, ValueError):
        return False
    text = plain.decode("ascii", "replace")
    head, _, rest = text.partition("PRIVATE KEY-----")
    return head.startswith("-----BEGIN") and pem_ok(rest.split("-----END", 1)[0])


def basic_pair_placeholder(value: str) -> bool:
    """Base64 of `user:password` whose password is a documentation word or the user name
    (`Basic dXNlcjpwYXNzd29yZA==` is "user:password")."""
    if len(value) < 8 or len(value) > 400 or not base64_ok(value):
        return False
    try:
        plain = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    if ":" not in plain or not plain.isprintable():
        return False
    user, _, pw = plain.partition(":")
    low = pw.strip().lower()
    if not low:  # `token:`: APIs that take the key as the user name and no password
        return user.strip().lower() in _WEAK_DECODED
    return low in _WEAK_DECODED or low == user.strip().lower()


def _decoded_ok(value: str) -> bool:
    """A base64 value (Kubernetes Secret data) is judged by what it decodes to: an encoded
    bare placeholder word ("password", "changeme") or a trivially short value is not a
    credential, however random its encoding looks."""
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return True  # binary key material
    plain = decoded.strip()
    # a host name, a port or an e-mail address stored beside the credential is not one
    if _HOSTNAME.match(plain) or _EMAIL.match(plain) or (plain.isdigit() and len(plain) <= 5):
        return False
    # Only the bare words: a structured value ("user:pass", a docker config) is kept even
    # when it holds a documentation word, as the manifests' own test suites expect.
    return len(plain) >= 4 and plain.lower() not in _WEAK_DECODED


# Decoded values that manifests in docs and tutorials use in place of a real one.
_WEAK_DECODED = frozenset(
    "password passw0rd secret admin root test user username changeme change_me default "
    "token value example placeholder "
    "none null true false".split()
)
