"""The two hook clients, so every hook test runs against both: the Python hook and the
native C client (built here with the system's ``cc`` exactly as ``bastion install`` does;
skipped, and said so, where no compiler exists)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

PYTHON_HOOK = Path(sys.executable).with_name("bastion-hook")


@pytest.fixture(scope="session")
def native_hook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bastion.hook import native_build

    binary = tmp_path_factory.mktemp("native") / native_build.NATIVE_NAME
    if native_build.compiler() is None:
        pytest.skip("no C compiler here: the native hook cannot be built (Python hook only)")
    if native_build.build(binary, PYTHON_HOOK) is None:
        pytest.fail("cc is present but the native hook did not build")
    return binary


@pytest.fixture(params=["python", "native"])
def hook_client(request: pytest.FixtureRequest) -> Path:
    """The hook executable under test: each test using it runs once per client."""
    if request.param == "python":
        return PYTHON_HOOK
    return Path(request.getfixturevalue("native_hook"))
