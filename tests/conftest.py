"""Shared test helpers: temporary homes, and servers that must not be skipped in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def need_env(name: str, how: str) -> str:
    """The value of an environment variable a test needs, or skip saying how to set it.

    CI sets BASTION_REQUIRE_ALL=1: there a missing variable fails the test instead, so a
    real component can never be skipped silently.
    """
    value = os.environ.get(name)
    if value:
        return value
    message = f"{name} is not set; {how}"
    if os.environ.get("BASTION_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A fresh Bastion home; the socket path must stay short (Unix sockets allow ~100 bytes)."""
    path = tmp_path / "h"
    path.mkdir()
    return path


# CI runs property tests with a fixed seed sequence: a run that fails can be reproduced,
# and a rare input cannot turn CI red at random. Locally they keep exploring new inputs.
try:
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        _hypothesis_settings.load_profile("ci")
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass
