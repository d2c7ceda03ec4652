"""An engine asked for a profile that does not exist refuses with a typed error naming the
profiles there are (a mistyped profile must not fall back to a looser one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bastion.config import PROFILES
from bastion.engine import Engine
from bastion.errors import BastionError, ConfigError
from bastion.policy.engine import PolicyEngine
from bastion.store import Store


def test_unknown_profile_is_a_config_error_naming_the_profiles(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        with pytest.raises(ConfigError) as raised:
            Engine(store, PolicyEngine.load(), profile="balancd", home_dir=str(tmp_path))
        assert isinstance(raised.value, BastionError)
        message = str(raised.value)
        assert "'balancd'" in message
        assert all(name in message for name in PROFILES)
    finally:
        store.close()
