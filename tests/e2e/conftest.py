"""Fixtures for end-to-end tests: the pinned Claude Code client and Bastion's CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bastion_cli import BastionCLI
from claude_client import CLAUDE_BIN_ENV, HOW_TO_INSTALL, claude_bin


@pytest.fixture(scope="session")
def claude_executable() -> str:
    """The Claude Code executable from ``BASTION_CLAUDE_BIN``; skips the test when unset."""
    executable = claude_bin()
    if executable is None:
        pytest.skip(f"Claude Code e2e tests need {CLAUDE_BIN_ENV}: {HOW_TO_INSTALL}")
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        pytest.fail(f"{CLAUDE_BIN_ENV}={executable} is not an executable file; {HOW_TO_INSTALL}")
    return executable


# Exit 3 when a module does not exist at all (not landed); a broken import fails the tests.
PROBE = """
import importlib, importlib.util, sys
missing = [m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]
if missing:
    print("missing " + ", ".join(missing))
    sys.exit(3)
for m in sys.argv[1:]:
    importlib.import_module(m)
"""


@pytest.fixture(scope="session")
def bastion_executables() -> tuple[Path, Path]:
    """``bastion`` and ``bastion-hook`` of this virtualenv; skips while they have not landed."""
    bin_dir = Path(sys.prefix) / "bin"
    cli, hook = bin_dir / "bastion", bin_dir / "bastion-hook"
    missing = [str(p) for p in (cli, hook) if not p.exists()]
    if missing:
        pytest.skip(f"Bastion is not installed in this virtualenv (missing {missing}): "
                    "pip install -e '.[dev]'")  # fmt: skip
    modules = ("bastion.cli.main", "bastion.hook", "bastion.daemon")
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, timeout=60
    )
    if probe.returncode == 3:
        pytest.skip(f"Bastion's CLI, hook or daemon has not landed yet: {probe.stdout.strip()}")
    if probe.returncode != 0:
        pytest.fail(f"Bastion is installed but does not import:\n{probe.stderr[-3000:]}")
    return cli, hook


@pytest.fixture(scope="module")
def bastion(
    bastion_executables: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BastionCLI]:
    """A Bastion home of its own with the daemon up; the daemon is stopped afterwards."""
    cli, hook = bastion_executables
    tool = BastionCLI(cli, hook, tmp_path_factory.mktemp("bastion-home"))
    tool.check("up")
    try:
        yield tool
    finally:
        tool.run("down")
