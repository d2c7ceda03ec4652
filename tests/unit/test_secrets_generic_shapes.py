"""Vendor-neutral credential shapes (round 15): each test states one principle and checks it
both ways, a credential that must be found and its nearest look-alike that must not.

Values are assembled at run time from obviously fake pieces (`_typed`, `_drawn`), so no
credential-shaped literal sits in this file.
"""

from __future__ import annotations

import base64
import random
import string

import pytest

from bastion.detect.secrets import scan
from bastion.detect.secrets._checks import encodes_text, generic_value_ok

_ALNUM = string.ascii_letters + string.digits


def _drawn(n: int, seed: int = 15) -> str:
    """n characters drawn at random with upper case, lower case and digits in them."""
    r = random.Random(seed)
    while True:
        v = "".join(r.choice(_ALNUM) for _ in range(n))
        if (
            any(c.isupper() for c in v)
            and any(c.islower() for c in v)
            and any(c.isdigit() for c in v)
        ):
            return v


def _typed(block: str, times: int) -> str:
    """A hand-typed fixture: one keyboard block repeated (`abcd1234abcd1234…`)."""
    return block * times


def _found(text: str) -> bool:
    return bool(scan(text))


# ------------------------------------------------------------------ key-shaped typed values
@pytest.mark.parametrize(
    "name",
    ["SNYK_TOKEN", "acme_api_key", "AcmeSecret", "coshmac_secret_key", "ACMEAPIKEY", "db_pw"],
)
def test_typed_key_shaped_value_under_a_credential_noun_is_found(name: str) -> None:
    # 32 characters of a key alphabet, letters and digits, typed by hand: still what the
    # file hands over under a name that says credential
    assert _found(f'{name} = "{_typed("abcd1234", 4)}"')
    assert _found(f'{name} = "{_typed("1234567890abcdef", 3)}"')


@pytest.mark.parametrize(
    "value",
    [
        "abcdefghijklmnopqrstuvwxyz123",  # an alphabet listing
        "1234567890abcdef",  # 16 characters: too short to pass as a key by shape alone
        _typed("Q", 40),  # one character repeated
        "your_acme_token_goes_here_12345",  # documentation words
        _typed("abcdefgh", 4),  # letters only: no digit
    ],
)
def test_typed_placeholder_under_a_credential_noun_is_not_found(value: str) -> None:
    assert not _found(f'ACME_TOKEN = "{value}"')


def test_typed_value_under_a_non_credential_name_is_not_found() -> None:
    assert not _found(f'checksum_value = "{_typed("abcd1234", 4)}"')
    assert not _found(f'build_label = "{_typed("abcd1234", 4)}"')


# ------------------------------------------------------------------ names ending in `key`
def test_compound_name_ending_in_key_holds_a_credential() -> None:
    assert _found(f"acme_cloud_iam-key : {_drawn(40)}")
    assert _found(f'const acmeKey = "{_drawn(36)}"')


@pytest.mark.parametrize(
    "text",
    [
        '"bucket_key": "QuarterlyResults-1.2"',
        'SN_KeyMeshing = "id-Gost28147-89-None-KeyMeshing"',
        'sort_key = "created_at_descending_order"',
        "tls.key: /etc/ssl/private/server.key",
        "keyboard_layout = 'us-international-altgr'",
    ],
)
def test_key_as_an_ordinary_noun_is_not_a_credential(text: str) -> None:
    assert not _found(text)


# ------------------------------------------------------------------ vendor prefixes with a hyphen
def test_short_prefix_hyphen_random_body_is_a_token() -> None:
    assert _found(f"using zq-{_drawn(32)} for uploads")
    assert _found(f"export X=zq-live-{_drawn(40)}")


@pytest.mark.parametrize(
    "text",
    [
        "pod api-7d9f8b6c4d-x2x9z restarted",
        "release-3f9a1c7e5b2d8f4a6c0e1b3d5f7a9c2e",
        "see docker-compose-ServiceNameForTheWebApp2",
        "Value: {'uuid': UUID('f191467a-1c16-46ed-8bb4-617cdada85fd')}",
        "-" * 80,
    ],
)
def test_kebab_names_ids_and_rules_are_not_tokens(text: str) -> None:
    assert not _found(text)


def test_base64_of_text_is_not_a_random_body() -> None:
    encoded = base64.urlsafe_b64encode(b"service.acme.test/?Action=Call").decode().rstrip("=")
    assert encodes_text(encoded)
    assert not encodes_text(_drawn(40))
    assert not _found(f"zq-api-key-{encoded}")


# ------------------------------------------------------------------ command-line flags
def test_vendor_named_secret_flag_is_found() -> None:
    assert _found(f"acmectl deploy --acme-cloud-api-key {_drawn(32)} --region eu")
    assert not _found("acmectl deploy --max-token 4096 --region eu")
    assert not _found("acmectl deploy --acme-cloud-api-key $ACME_KEY")


def test_generic_value_ok_hex_is_not_words() -> None:
    # `abcdef` reads as a word by its vowels; in hex it is six digits
    assert generic_value_ok(
        "acme_secret_key", "1234567890abcdef" * 3, quoted=True, is_password=False
    )
