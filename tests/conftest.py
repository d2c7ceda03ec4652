"""Shared test helpers: temporary homes, and servers that must not be skipped in CI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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


# -- no fake secret in anything Bastion wrote, after the whole suite --------------------------

# Files Bastion writes (stores, logs, exports, identity records); tests' own inputs such as
# workspace .env files or token files are not among them and hold fakes on purpose.
BASTION_OUTPUTS = (
    "bastion.db*",
    "identity.db*",
    "*.log",
    "identity-events.jsonl",
    "bundle*.json",
    "*.stderr",
    "human.json",
    "baseline.json",
)


def _fake_secret_values() -> list[str]:
    from bastion.cli.demo import FAKE_ENV

    values = [line.split("=", 1)[1] for line in FAKE_ENV.splitlines() if "=" in line]
    try:
        import test_exfiltration as exfil  # tests/unit is on sys.path under pytest

        values += [exfil.DB_PASSWORD, exfil.STRIPE]
    except ImportError:
        pass
    return [v for v in values if len(v) >= 12]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After every test ran: grep every Bastion output under pytest's temp root."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or exitstatus not in (0, 1):
        return
    root = factory.getbasetemp()
    values = [v.encode() for v in _fake_secret_values()]
    leaks = []
    for pattern in BASTION_OUTPUTS:
        for path in root.rglob(pattern):
            if path.is_file():
                data = path.read_bytes()
                leaks += [f"{path}: {v[:4].decode()}…" for v in values if v in data]
    if leaks:
        session.exitstatus = 1
        print("\nFAKE SECRETS FOUND IN BASTION OUTPUT:\n" + "\n".join(leaks[:20]))
    else:
        print(f"\nno fake secret in any Bastion output under {root}")


# -- one line per reason a test was skipped --------------------------------------------------


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Skips grouped by their reason: a machine without PostgreSQL gets one line saying how
    to enable those tests, not one per test (pytest's own list is off: addopts -rfExX)."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons: dict[str, int] = {}
    for report in skipped:
        longrepr = getattr(report, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else ""
        reason = str(reason).removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    if not reasons:
        return
    terminalreporter.section("skipped (README.md, Tests, says how to run them)", sep="-")
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count} test{'s' * (count != 1)} skipped: {reason}")
